"""Premises a question takes as given in words the article never says (``rag.signals`` refuses on them).

* a "why" question's word the article never says, nor a synonym or close neighbour ("Why does the US insist
  that North Korea denuclearize ...?"): ``unsaid_premise``;
* the thing a "Did he mention / set / offer X?" question asks about, none of whose words is said: ``unmentioned``;
* soldiers or troops, where the article names none nor a WordNet synonym ("Are North Korean soldiers fighting
  in Ukraine too?"): MiniLM puts "troops" near "military" of "military assistance", which names no one:
  ``absent_forces``.
"""

from __future__ import annotations

import re

from rag.lexicon import content_words
from rag.vocabulary import ArticleWords, Vocabulary

# "Did he mention denuclearization as ...?", "Did he set any deadline for ...?": the thing, up to its preposition
_MENTIONED = re.compile(r"^\W*(?:(?:and|but|so)\W+)?(?:did|does|has|have)\s+"
                        r"(?:he|she|they|the official|(?-i:[A-Z])[\w-]+)\s+"
                        r"(?:ever\s+|also\s+|even\s+)?(?:mention|bring up|raise|set|propose|offer|announce)\s+"
                        r"(?:any\s+|a\s+|an\s+|the\s+)?((?:[\w-]+\s+){0,2}?[\w-]+)(?=\s+(?:as|for|to|of|in|on|with|by|that|"
                        r"and|or|at)\b|\s*[?.,!]|\s*$)", re.IGNORECASE)
# How much one wants what a "why" question asks about, not a premise: "Why is the US so keen on ...?"
_EAGER = frozenset("keen eager determined desperate intent bent anxious insistent adamant".split())
_MANNER = frozenset("together jointly closely instead".split())  # "Why is Washington working together with allies?"
_FORCES = ("military personnel", "military unit", "serviceman")  # soldiers, troops: people under arms
# "Why ... in the first place?": no place. "When did it start, according to the US side?": who says, not what
_NOT_PREMISE = re.compile(r"\bin the first place\b|,?\s*\baccording to\b[^,?.!]*", re.IGNORECASE)


def absent_forces(words: ArticleWords, question: str, vocabulary: Vocabulary) -> str | None:
    """Soldiers or troops a question asks about ("Are North Korean soldiers fighting in Ukraine too?") where
    the article names none, nor a WordNet synonym: "military" of "military assistance" is near "troops" in
    MiniLM's space, but names no one. Plural nouns only: "as a veteran", "Asia in general" ask about no force."""
    wordnet = words.wordnet
    return next((f"the article never mentions {w}" for w in content_words(question) if wordnet is not None
                 and w.endswith("s") and not vocabulary.uses(w) and not words.lexically_said(w, vocabulary)
                 and wordnet.kind_of(w, _FORCES, first_sense=True)), None)


def unsaid_premise(words: ArticleWords, question: str, vocabulary: Vocabulary) -> str | None:
    """A word a "why" question takes as given that the article never says, nor a synonym or close
    neighbour of it ("Why does the US insist that North Korea denuclearize ...?")."""
    unsaid = words.unsaid_words(_NOT_PREMISE.sub(" ", question), vocabulary)
    return next((f"the article never says '{w}'" for w, near in unsaid.items()
                 if near < words.threshold and w not in _EAGER | _MANNER), None)


def unmentioned(words: ArticleWords, question: str, vocabulary: Vocabulary) -> str | None:
    """The thing a "Did he mention / set / offer X?" question asks about, when the article says none of its
    words, nor a synonym or close neighbour ("Did he set any deadline for Pyongyang?"): not mentioned."""
    if not (m := _MENTIONED.search(question)):
        return None
    thing = content_words(m.group(1))  # none of its words said: "fighter jets" is said by "fighter aircraft"
    unsaid = {w for w, near in words.unsaid_words(" ".join(thing), vocabulary).items() if near < words.threshold}
    return f"the article never says '{thing[-1]}'" if thing and unsaid >= set(thing) else None
