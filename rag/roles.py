"""Who did what to whom: false premises about the article's countries that share its words.

"Why is Russia sending shells to North Korea?" shares nearly every word with "Russia has procured ...
from North Korea", and the similarity, support and name signals all pass it. But the article says the
goods go the other way. These readings of the article's sentences catch such questions:

* **transfers**: "A sends / supplies / sells / gives / provides / delivers / ships / exports ... to B"
  (or "A supplies B with ...") and "B procures / secures / buys / gets ... from A" (or "A's goods") and
  "... went from A to B" say goods go from A to B. A question whose transfer the article states only the
  other way round, or only between other parties ("Why did the US send containers to North Korea?"),
  is refused. ("Seeking" is not receiving, and "getting back from B" is a return.)
* **actors**: "A (has / is / will ...) VERB" names A as the one who does it: "Russia has launched",
  "the North refuses". A question giving the verb only another actor ("Why does the U.S. refuse
  dialogue?") is refused; a question's actor is read where questions put it ("does the U.S. refuse").
* **reactions**: a question that takes as done or planned an act of response or decision (respond,
  agree, reject, deny, vote, impose, sanction ...) the article has no one do asks about an event it
  does not report: "Has North Korea responded to the offer?" is refused (``rag.reactions``).
* **wishes**: what a sentence says after "seeking", "wants", "requested" ... is wanted, not had. A
  question that has such a thing (said nowhere else in the article) given or received ("When did North
  Korea deliver the fighter jets?" where "Pyongyang is seeking ... fighter aircraft") is refused.
* **denials**: a word the article only ever says after "without", "no" or "not" ("without
  preconditions"), taken as given by a "why" question ("Why does the US insist on preconditions?") or
  asked for by a "what" question ("What preconditions has the US set?"); "Does the US set ...?" is answered.
* **spans**: a count the article gives "since" a date, asked for "before" it, is refused.
* **speakers**: a country at most two words before "said", "revealed", "told" ... in the same clause
  speaks ("a U.S. official said"). "What did the Kremlin say ...?" about an article quoting no one from
  Russia is refused, and so is "What is Japan's position on the deals?" where Japan neither speaks nor
  acts ("the North refuses dialogue" shows the North's).

Only countries are compared, by ``Aliases.canonical`` (Moscow, the Kremlin and Russia are one):
``Roles(aliases).false_premise(question, roles.read(sentences))`` -> "…" or None.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from rag.aliases import Aliases
from rag.answer_types import WISH  # wanting is not having: what follows it is sought, not given or received
from rag.lexicon import STOP_WORDS, stem
from rag.reactions import REACTIONS, did_anything, idioms_said, reported, taken_as_done

_GIVE = re.compile(r"(send|sends|sent|sending|supply|supplies|supplied|supplying|sell|sells|sold|selling|give|"
                   r"gives|gave|given|giving|provide|provides|provided|providing|deliver|delivers|delivered|"
                   r"delivering|ship|ships|shipped|shipping|export|exports|exported|exporting|hand|hands|handed|"
                   r"handing)")
_TAKE = re.compile(r"(procure|procures|procured|procuring|secure|secures|secured|securing|buy|buys|bought|"
                   r"buying|purchase|purchases|purchased|purchasing|obtain|obtains|obtained|obtaining|acquire|"
                   r"acquires|acquired|acquiring|receive|receives|received|receiving|import|imports|imported|"
                   r"importing|get|gets|got|gotten|getting)")
REVERSED = "not the reverse"  # ends the reason of a transfer the article has the other way round
OTHER_ACTOR = "as the one who does"  # in the reason of a deed the article gives another actor
_NEGATORS = frozenset("without no not never nor".split())
# Questions that take their content as given: "Why does ...", "How come ...".
_PRESUPPOSES = re.compile(r"^\W*(?:(?:and|but|so)\W+)?(?:why|how come)\b", re.IGNORECASE)
# "When did the invasion begin?", "In what year and month did ... start?": the event is taken as given.
_BEGAN = re.compile(r"^\W*(?:(?:and|but|so)\W+)?(?:when|(?:in )?(?:what|which) (?:year|month|date|day)(?: and (?:year|month|"
                    r"day))?) (?:did|does|do|was|were|is|has|had)\b.*\b(?:begin|began|start|started|happen|happened|"
                    r"occur|occurred|take place|took place|break out|broke out)\b", re.IGNORECASE)
# "What / which (new) preconditions ...", "How many preconditions ...": the thing a question asks for.
# ... also after an opening clause, and as "what exactly are the preconditions ...".
_ASKS_FOR = re.compile(r"(?:^|,)\W*(?:(?:and|but|so)\W+)?(?:what|which|how many)\s+(?:[a-z]+\s+){0,2}?"
                       r"(?!(?:exactly|precisely|really|actually)\s)([a-z]+)\s+"
                       r"(?:is|are|was|were|has|have|had|does|do|did|will|would|can|could)\b|"
                       r"(?:^|,)\W*(?:what|which)\s+(?:exactly\s+)?(?:are|were)\s+the\s+([a-z]+)\b", re.IGNORECASE)
# "since late December", "before 2023": a date that bounds a span, after the word that says which way.
_BOUNDED = re.compile(r"\b(since|from|before|until|till|prior to)\s+(?:(?:late|early|mid|last)\s+)?(January|February|"
                      r"March|April|May|June|July|August|September|October|November|December|Sept?\.?|(?:19|20)\d\d)\b",
                      re.IGNORECASE)
_IN_RETURN = re.compile(r"\bin (?:exchange|return)\b|\bas (?:payment|payback|compensation)\b", re.IGNORECASE)
_DETERMINERS = frozenset("the these those its their some more any all of".split())  # "getting these X shells"
_OF_SHOWN = (["of", "those"], ["of", "these"], ["of", "them"], ["of", "that"])  # what was just shown
_HANDED = frozenset("delivery deliveries shipment shipments handover transfer transfers".split())  # goods moved
_THEN = frozenset("yet already actually really now over far".split())  # "delivered any of that yet", "handed over so far"
_MODAL = frozenset("try tries tried trying plan plans planned planning would could might may aim aims ask asks "
                   "asked asking expect expects expected".split())
_AUX = frozenset("is are was were be been being has have had do does did will would can could may might must "
                 "shall should also still not already reportedly allegedly".split())
# One act in other words: "Why did North Korea fire missiles at Russia?" where "Russia has launched" them.
_SAME_ACT = {stem(w): stem("launch") for w in "fire fires fired firing shoot shoots shooting".split()}
# Words after which a country opens a clause, as its subject: "say that A refuses", "since A refuses".
_CLAUSE_OPENERS = frozenset("that since because as if when while although though whether".split())
_WORD = re.compile(r"X[a-z]+|[A-Za-z]+(?:['’][a-z]+)?")
_REACH = 15  # words after the verb within which "to B" / "from A" is looked for
SPEECH_VERBS = re.compile(r"(?:say|says|said|saying|add|adds|added|reveal|reveals|revealed|tell|tells|told|state|states|"
                           r"stated|announce|announces|announced|underscore|underscores|underscored|reiterate|"
                           r"reiterates|reiterated|warn|warns|warned|note|notes|noted|stress|stresses|stressed|claim|"
                           r"claims|claimed)")
# A country at most two words before a speech verb, in the same clause, speaks: "a U.S. official said".
_SPOKEN = re.compile(r"\b(X[a-z]+)(?:'s)?(?:\s+[A-Za-z-]+){0,2}?\s+(?:also\s+)?" + SPEECH_VERBS.pattern + r"\b")
# "What did Russia / the Kremlin('s foreign ministry) say ...?": a country asked about as the speaker.
_ASKED_SPEAKER = re.compile(r"\b(?i:did|does|do|has|have|had|will|would|what|how)\s+(?:(?i:the|a|an)\s+)?(X[a-z]+)"
                            r"(?:\s+and\s+X[a-z]+)?(?:'s(?:\s+[a-z]+){1,2}"
                            # "did the Japanese diplomat (Koepcke) say": a speaker of that country
                            r"|\s+(?i:official|diplomat|envoy|minister|spokesman|spokeswoman|spokesperson)"
                            r"(?:\s+[A-Z][a-z]+)?)?\s+"
                            r"(?:say|said|tell|told|announce|claim|state|respond|react|reply|comment|commented)\b|"
                            # "What is Japan's position on the arms deals?": a stance is what someone said
                            r"\b(X[a-z]+)['’]s\s+(?:official\s+)?(position|stance|view|views|reaction|response|"
                            r"stand|attitude|opinion|take)\b")


@dataclass
class Reading:
    """What a text says about countries: transfers (giver, receiver), each verb's actors, and which
    countries speak ("a U.S. official said": the United States)."""

    transfers: set[tuple[str, str]] = field(default_factory=set)
    actors: dict[str, set[str]] = field(default_factory=dict)
    speakers: set[str] = field(default_factory=set)
    sought: set[str] = field(default_factory=set)  # stems said only after "seeking", "wants" ...
    negated: set[str] = field(default_factory=set)  # stems said only right after "without", "no", "not"
    reactions: set[str] = field(default_factory=set)  # acts of response the text tells of ("deny")
    since: set[str] = field(default_factory=set)  # dates the text counts from ("since late December")
    before: set[str] = field(default_factory=set)  # dates it tells of what came before ("before May")


class Roles:
    """Reads transfers and actors from text whose country names ``aliases`` makes canonical."""

    def __init__(self, aliases: Aliases) -> None:
        self.aliases = aliases

    def read(self, texts: Iterable[str], *, question: bool = False) -> Reading:
        """The transfers and actors of ``texts``; a question's actor must follow an auxiliary ("does A V")."""
        reading, elsewhere, affirmed = Reading(), set(), set()
        for text in texts:
            canonical = self.aliases.canonical(text)
            words = _words(canonical)
            reading.reactions.update(reported(words))
            for negator, word in pairwise([""] + words):
                (reading.negated if negator in _NEGATORS else affirmed).add(stem(word))
            reading.speakers.update(_SPOKEN.findall(canonical))
            # "containers went from Russia to North Korea": goods moving, whoever moves them
            reading.transfers.update((a, b) for f, a, t, b in zip(words, words[1:], words[2:], words[3:])
                                     if f == "from" and t == "to" and a.startswith("X") and b.startswith("X"))
            for marker, date in _BOUNDED.findall(text):
                (reading.since if marker.lower() in ("since", "from") else reading.before).add(date.lower())
            wish = next((i for i, w in enumerate(words) if WISH.fullmatch(w)), len(words))
            reading.sought.update(stem(w) for w in words[wish + 1:] if w not in STOP_WORDS)
            elsewhere.update(stem(w) for w in words[:wish] if w not in STOP_WORDS)
            for i, word in enumerate(words):
                if word.startswith("X") or word in STOP_WORDS or word in _AUX:
                    continue
                actor = self._actor(words, i, question)
                if actor is None:
                    continue
                reading.actors.setdefault(_SAME_ACT.get(stem(word), stem(word)), set()).add(actor)
                if _GIVE.fullmatch(word) and (to := self._receiver(words, i)):
                    reading.transfers.add((actor, to))
                elif (_TAKE.fullmatch(word) and words[i + 1:i + 2] != ["back"]  # "getting back": in return
                      and words[i + 1:i + 3] != ["in", "return"]) and (
                        source := self._after(words, i, ("from",)) or _maker(words, i)):
                    reading.transfers.add((source, actor))
        reading.sought -= elsewhere
        reading.negated -= affirmed
        return reading

    def false_premise(self, question: str, article: Reading, shown: str = "") -> str | None:
        """What the question gets the wrong way round, or None (``shown``: the answer it follows up)."""
        # A position is said by a country's people or shown by its acts ("the North refuses"); a response said.
        m = _ASKED_SPEAKER.search(self.aliases.canonical(question))
        if (who := m and (m.group(1) or m.group(2))) and who not in article.speakers and not (
                m.group(3) not in (None, "reaction", "response") and any(who in a for a in article.actors.values())):
            return f"the article quotes no one from {_name(who)}"
        if denied := self.denied(question, article):
            return f"the article says 'no {denied}'"
        # "How many missiles did Russia fire before late December?" where the count runs since then
        if unsaid := sorted(d for m, d in _BOUNDED.findall(question) if m.lower() not in ("since", "from")
                            and d.lower() in article.since - article.before):
            return f"the article counts from {unsaid[0]} on, not before"
        if wished := self.only_wished(question, article, shown):
            return f"the article says {wished} is sought, not that it changed hands"
        asked = self.read([question], question=True)
        for giver, receiver in asked.transfers:
            if (giver, receiver) in article.transfers:
                continue
            if (receiver, giver) in article.transfers and not _IN_RETURN.search(question):
                return f"the article has {_name(receiver)} giving to {_name(giver)}, {REVERSED}"
            if (receiver, giver) in article.transfers:
                continue  # "What is North Korea getting from Russia in exchange?": a return goes the other way
            # "Why did the US send containers to North Korea?" where North Korea sends to Russia
            if said := sorted(t for t in article.transfers if {giver, receiver} & set(t)):
                return f"the article has {_name(said[0][0])} giving to {_name(said[0][1])}"
        # "Russia has been getting shipments from Pyongyang": a transfer the article has, whoever else "gets"
        words = self._words(question)
        moved = {stem(w) for w in words if _GIVE.fullmatch(w) or _TAKE.fullmatch(w)
                 } if asked.transfers and asked.transfers <= article.transfers else set()
        # "Since when is Russia getting containers?": Russia receives in the article, whatever its verb
        takers, givers = {b for _, b in article.transfers}, {a for a, _ in article.transfers}
        moved |= {stem(w) for w in words if asked.actors.get(stem(w), set())
                  & (takers if _TAKE.fullmatch(w) else givers if _GIVE.fullmatch(w) else set())}
        for verb, actors in asked.actors.items():
            said = article.actors.get(verb)
            if verb in moved:
                continue
            if said and not actors & said:
                return f"the article has {', '.join(sorted(map(_name, said)))} {OTHER_ACTOR} '{verb}'"
        # "Has ... responded?", "new sanctions announced?": an act of response no one in the article does
        words = self._words(idioms_said(question))
        # "What was the US's reaction?" of a country the article quotes: what its people said is its reaction
        spoken = any(w in article.speakers for w in words if w.startswith("X"))
        # "Has Washington done anything about it?" of a country that speaks or acts in the article: what it did
        doer = self._words(did_anything(question))
        acted = any(w in article.speakers or any(w in a for a in article.actors.values()) for w in doer if w[0] == "X")
        return next((f"the article reports no one doing '{w}'" for w in taken_as_done(words)
                     if REACTIONS[w] not in article.reactions and not (spoken and w in ("response", "reaction"))
                     and not (acted and w == "responded")), None)

    @staticmethod
    def presupposes(question: str) -> bool:
        """Whether ``question`` takes its content as given ("Why does ...", "When did the invasion begin?")."""
        return _PRESUPPOSES.search(question) is not None or _BEGAN.search(question) is not None

    def denied(self, question: str, article: Reading) -> str | None:
        """A word a "why" question takes as given ("Why does the US insist on preconditions?") that the
        article only ever says with "without", "no" or "not" before it ("without preconditions")."""
        words = [""] + self._words(question)
        if not _PRESUPPOSES.search(question):
            # "What preconditions has the US set?" takes them as given too: the noun it asks for.
            asked = _ASKS_FOR.search(self.aliases.canonical(question))
            noun = asked and (asked.group(1) or asked.group(2))
            return noun if noun and stem(noun) in article.negated else None
        return next((w for negator, w in pairwise(words) if negator not in _NEGATORS and w not in STOP_WORDS
                     and stem(w) in article.negated), None)

    def only_wished(self, question: str, article: Reading, shown: str = "") -> str | None:
        """A thing the question has given or received ("When did Russia deliver the fighter jets?") that
        the article only says someone seeks; not when the question itself only wishes ("wants to get").
        A follow-up's "any of that" or "any of those jets" is what was just ``shown``: "Has Russia
        delivered any of that yet?" after "Pyongyang is seeking ... fighter aircraft"."""
        words = self._words(question)
        moved = [i for i, w in enumerate(words) if _GIVE.fullmatch(w) or _TAKE.fullmatch(w) or w in _HANDED]
        if not moved or any(WISH.fullmatch(w) or w in _MODAL for w in words[: moved[0]]):
            return None
        after = words[moved[0] + 1:]
        # ... or fronted by "what / which": "What military assistance has Russia delivered ...?"
        fronted = words[1:moved[0]] if words[0] in ("what", "which") else []
        named = [w for w in fronted + after if w not in STOP_WORDS and w not in _THEN and w not in _AUX
                 and not w.startswith("X")]
        # "any of those jets", "given them any of that stuff", "Which of those ..."
        of_shown = any(after[i:i + 2] in _OF_SHOWN for i in range(1, 4)) or fronted[:2] in _OF_SHOWN
        if shown and (not named or of_shown):
            return next((w for w in self._words(shown) if WISH.fullmatch(w)), None) and "what was shown"
        return next((w for w in named if stem(w) in article.sought), None)

    def _words(self, text: str) -> list[str]:
        return _words(self.aliases.canonical(text))

    @staticmethod
    def _actor(words: list[str], i: int, question: bool) -> str | None:
        """The country right before ``words[i]``, with only auxiliaries between. In a question, an
        auxiliary must come before the country ("does A refuse") or between ("A has launched"), or the
        country opens a clause ("say (that) A refuses", "since A refuses")."""
        j = i - 1
        while j >= 0 and words[j] in _AUX:
            j -= 1
        if j < 0 or not words[j].startswith("X"):
            return None
        if question and j == i - 1 and not (j > 0 and (words[j - 1] in _AUX or words[j - 1] in _CLAUSE_OPENERS
                                                      or SPEECH_VERBS.fullmatch(words[j - 1]))):
            return None
        return words[j]

    @classmethod
    def _receiver(cls, words: list[str], i: int) -> str | None:
        """Who gets what ``words[i]`` gives: "sent B shells", "supplied B with", or "... to B"."""
        if i + 1 < len(words) and words[i + 1].startswith("X"):
            return words[i + 1]
        return cls._after(words, i, ("to", "into"))

    @staticmethod
    def _after(words: list[str], i: int, markers: tuple[str, ...]) -> str | None:
        """The country right after the first of ``markers`` within ``_REACH`` words after ``words[i]``."""
        for j in range(i + 1, min(i + 1 + _REACH, len(words) - 1)):
            if words[j] in markers:
                return words[j + 1] if words[j + 1].startswith("X") else None
        return None


def _words(canonical: str) -> list[str]:
    """The words of text already made canonical: country tokens as they are, other words lower-cased."""
    return [w if w.startswith("X") else w.lower() for w in _WORD.findall(canonical)]


def _maker(words: list[str], i: int) -> str | None:
    """The country whose goods ``words[i]`` takes: "getting these North Korean shipments"."""
    j = next((j for j in range(i + 1, min(i + 4, len(words) - 1)) if words[j] not in _DETERMINERS), i)
    goods = words[j + 1] if j > i else "X"  # a noun, not "to": "getting North Korea to send" takes nothing
    return words[j] if words[j].startswith("X") and not goods.startswith("X") and goods not in STOP_WORDS else None


def _name(token: str) -> str:
    return token[1:].capitalize()
