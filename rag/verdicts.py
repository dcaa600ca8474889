"""Yes or no, said first, when the quoted sentence settles a yes/no question.

"Has the U.S. set preconditions for talks?" is answered by "We are willing to engage in dialogue without
preconditions": the quote proves it, but the reader asked for a verdict. The answerer puts "Yes." or "No."
before the quote only when the sentence settles the claim in the question by its words; otherwise the
quote stands alone, as before. Reading is lexical (``rag.overlap``'s credits), so the rules are narrow:

* **No**, when a post put to check is not the one the sentence gives ("Is Koepcke the ambassador in
  Seoul?" / "Robert Koepcke, deputy assistant secretary of state ..."); when the only thing wrong is a
  transfer the article has the other way round ("So North Korea has been buying them from Russia?",
  ``reversed_only``); when the sentence negates a word of the claim ("set preconditions" / "without
  preconditions", "demanding conditions" / "without preconditions"), says its opposite ("legal" /
  "violations", "shut" / "open"), or the claim says "X alone" or "only X" where the sentence goes on
  "X and ...".
* **Yes**, when the sentence says every word of the claim (itself or another name of it; one word may be
  said by a synonym or a near word) and negates nothing.
* Nothing, for a claim that negates itself ("Isn't it ...?"), a choice ("one or several?"), a question
  that is not yes/no, or a sentence that says only part of the claim.

The words around a claim being checked ("Draft line: '...' Does the article back that?", "I read that
...", "Is that accurate?") are not the claim, and an attribution ("Did Koepcke say ...") is the
sentence's speaker, whom the quote need not name again.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rag.attributes import ROLE_CHECK
from rag.entities import has_title
from rag.lexicon import tokens
from rag.overlap import _FRAMING, Overlap
from rag.roles import OTHER_ACTOR, REVERSED

# A question a yes or no answers: it opens with an auxiliary ("Is", "Did", "Has"), perhaps after a
# conversational opener, or it ends by asking whether what it said is so ("..., correct?").
_YES_NO = re.compile(
    r"^\W*(?:(?:so|and|but|ok(?:ay)?|wait|hmm|also)\W+){0,3}"
    r"(?:is|are|was|were|do|does|did|has|have|had|will|would|can|could)\b"
    r"|\b(?:correct|right|true|accurate|so|yes|yes or no|is (?:that|this|it) (?:so|true|right|correct|accurate))\W*$"
    # a statement put as a question: "So North Korea has been buying them from Russia?"
    r"|^\W*(?:so|and|but)\b(?=(?:\W+\w+){4})(?![^?]*\b(?:what|which|who|whom|whose|when|where|why|how)\b)"
    r"[^?]*\?\s*$",
    re.IGNORECASE)
# A request phrased as a question is not a yes/no question ("Can you tell me who ...?").
_REQUEST = re.compile(r"^\W*(?:can|could|would|will)\s+you\b", re.IGNORECASE)
_CHOICE = re.compile(r"\bor\b(?!\s+not\b)", re.IGNORECASE)
_NEGATED_CLAIM = re.compile(r"\b(?:not|no|never|without|none|nothing|refuse[sd]?|isn['’]t|aren['’]t|wasn['’]t|"
                            r"weren['’]t|don['’]t|doesn['’]t|didn['’]t|hasn['’]t|haven['’]t|won['’]t)\b|n['’]t\b",
                            re.IGNORECASE)
# What frames a claim being checked, not the claim: where the reader saw it, and the asking itself.
_CHECKING = re.compile(
    r"\b(?:draft(?:\s+line)?(?:\s+(?:says|said|claims))?|(?:the\s+)?(?:post|tweet|thread|story|report)\s+"
    r"(?:says|said|claims)|i\s+(?:read|heard|saw)(?:\s+(?:that|somewhere))?|"
    r"(?:does|did)\s+(?:the\s+)?(?:article|story|report|piece)\s+(?:back|support|confirm|say|agree\s+with)\s+"
    r"(?:that|this|it)|is\s+(?:that|this|it)\s+(?:so|true|right|correct|accurate)|is\s+it\s+true(?:\s+that)?|"
    r"is\s+that\s+what\s+the\s+(?:article|story)\s+says|(?:correct|right|true|accurate|yes\s+or\s+no))\b",
    re.IGNORECASE)
# A negation in the sentence and the words it governs ("without preconditions", "refuses to engage").
_NEGATION = re.compile(r"\b(?:without|no|not|never|refuses?\s+to|n['’]t)\s+((?:[\w’'-]+\s*){1,3})",
                       re.IGNORECASE)
_ONLY = re.compile(r"\b([\w-]+)\s+(?:alone|only)\b|\b(?:only|just|solely|exclusively)\s+([\w-]+)", re.IGNORECASE)

# Words of opposite sense that the synonym file puts on one line, because each answers a question put
# in the other ("Is it legal?" / "unlawful"): said, they settle the question the other way.
_OPPOSITES = tuple((frozenset(a.split()), frozenset(b.split())) for a, b in (
    ("legal lawful legitimate allowed permitted", "illegal unlawful illegitimate violation violations violate "
                                                   "violates breach breaches break breaks banned forbidden"),
    ("open", "shut closed close"),
    ("willing ready prepared", "unwilling refuse refuses refused"),
))
_OPPOSITES = _OPPOSITES + tuple((b, a) for a, b in _OPPOSITES)

# Posts that no other title includes ("an official", "a diplomat" are said of a deputy assistant secretary)
_POSTS = frozenset("ambassador minister envoy general president director chief adviser advisor spokesman spokeswoman "
                   "spokesperson representative undersecretary".split())

FULL = 0.8  # a term said at least this far (a synonym, a near word) counts as said


def asks_yes_no(question: str) -> bool:
    """Whether ``question`` asks for a yes or no ("Did the U.S. set conditions?", "16,500 alone, correct?")."""
    return (bool(_YES_NO.search(question) or _CHECKING.search(question)) and not _REQUEST.match(question)
            and not _CHOICE.search(question))


def claim_of(question: str) -> str:
    """What ``question`` claims, without the checking around it and without its attribution."""
    return " ".join(_FRAMING.sub(" ", _CHECKING.sub(" ", question)).split())


def verdict(question: str, sentence: str, overlap: Overlap) -> str | None:
    """"Yes", "No", or ``None`` when ``sentence`` does not settle the yes/no ``question``."""
    if not asks_yes_no(question) or _NEGATED_CLAIM.search(question):
        return None
    if (m := ROLE_CHECK.search(question)) and m.group(2).lower() in _POSTS and has_title(sentence) \
            and m.group(2).lower() not in sentence.lower():
        return "No"  # "Is Koepcke the US ambassador in Seoul?" / "Robert Koepcke, deputy assistant secretary ..."
    claim = claim_of(question)
    terms = overlap.question(claim, claim)
    if len(terms.stems) < 2:
        return None
    for m in _NEGATION.finditer(sentence):  # the sentence denies a word of the claim, itself or its name
        if (overlap.credits(terms, m.group(1)) >= 1).any():
            return "No"
    claimed, said = frozenset(tokens(claim)), frozenset(tokens(sentence))
    if any(claimed & one and said & other and not claimed & other for one, other in _OPPOSITES):
        return "No"  # "Are the transfers legal?" / "clear violations of ... resolutions"
    for m in _ONLY.finditer(claim):  # "munitions alone" where the sentence says "munitions and ..."
        word = m.group(1) or m.group(2)
        if re.search(rf"\b{re.escape(word)}\s+(?:and|,)\s", sentence, re.IGNORECASE):
            return "No"
    if _NEGATION.search(sentence) or _ONLY.search(claim):
        return None
    credits = overlap.credits(terms, sentence)
    # Every word said, and all but one by itself or another name: two or more words said only by
    # synonyms or near words are a paraphrase too loose to vouch for.
    return "Yes" if (credits >= FULL).all() and (credits < 1).sum() <= 1 else None


# "Is Russia sending them to North Korea, or is it the other way around?": the premise put with its reverse
_OTHER_WAY = re.compile(r"\bor (?:is it |was it |is that )?(?:the )?other way (?:a)?round\b|\bor vice versa\b",
                        re.IGNORECASE)


def reversed_only(question: str, signals, settings) -> bool:
    """Whether the one thing wrong with a yes/no ``question`` is a transfer the article has the other way
    round ("So North Korea has been buying containers from Russia?") or a deed it gives another actor ("did
    north korea launch the missiles at ukraine themselves?"), also when the question offers the reverse itself
    ("..., or is it the other way around?"): answered "No." with the sentence that has it right, not refused."""
    wrong = signals.false_roles or ""
    return ((asks_yes_no(question) or _OTHER_WAY.search(question) is not None)
            and (wrong.endswith(REVERSED) or OTHER_ACTOR in wrong)
            and not replace(signals, false_roles=None).refuse(settings))
