"""Questions asking how many, read from their form, and the sentences that answer them (no model).

``rag.slots`` sets a **count** slot for each; the answerer quotes only a sentence that meets it:

* "how many N" -> a number counting N (or a close neighbour of it) in the same sentence, as a noun
  ("how many ships" is not counted by "16,500 shipping containers"); "exactly how many" -> an exact one
  ("multiple resolutions" is none);
* "how many of those got shot down?", "how many of the missiles hit Kyiv?", "were any of them shot
  down?" -> a part of what was counted, so the sentence must also say what the question says of them
  ("launched" is no "hit", and "shot down" is intercepted, not fired);
* "how many of the 16,500 containers were seized?" -> another number than that total;
* "how many of those arrived since late December?" -> not a count from another month.

>>> count_asked("How many tanks has North Korea sent to Russia?")
(True, 'tanks')
>>> count_asked("how many containers again?")
(True, 'containers')
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.attributes import AUX
from rag.entities import DIGITS, counted, digits, has_count, month_after
from rag.lexicon import STOP_WORDS, content_words
from rag.progress import forecasts

PRONOUNS = frozenset("them those these they it this that which what who".split())
_COUNT = re.compile(r"\bhow many\s+(?:of\s+)?((?:\d[\d,]*\s+|[\w.'’-]+\s+){0,4}?)(?!(?:and|or)\s)([\w-]+)\s+"
                    r"(?:" + AUX + r"|got|get|gets|hit|struck|sent|fell|went|came|fought|full|[a-z]+ed|in|inside|per|aboard|that|which|"
                    r"(?:die|want|need|come|use|go|make|send)(?:s|es)?)\b",  # a learner's present: "how many people die"
                    re.IGNORECASE)
# A learner's "how many fighter planes North Korea want": the noun, then a named subject and its verb
_COUNT_NAMED = re.compile(r"\bhow many\s+((?-i:[a-z][\w-]*\s+){1,3}?)(?-i:[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)\s+(?-i:[a-z]+)\b",
                          re.IGNORECASE)
_COUNT_BARE = re.compile(r"\bhow many\s+(?:of\s+)?(?:[\w-]+\s+){0,2}?([\w-]+)(?:\s+(?:again|then|now|exactly|"
                         r"precisely|tho|though|altogether|overall|in total|so far))*\s*[?.!]*\s*$",
                         re.IGNORECASE)  # "how many containers again?"
_COUNT_OF = re.compile(r"\bhow many of (those|them|these)\b", re.IGNORECASE)  # "... of those actually hit X?"
_ELIDED = re.compile(r"\bhow many\s+" + AUX + r"\b", re.IGNORECASE)  # "how many did Ukraine shoot down?"
# "How many of those were shells?": what is counted follows the verb; "It sent jets: how many has it?" precedes.
_COUNTED_AFTER = re.compile(r"^how many of (?:those|them|these|the)\s+(?:were|are|was|is)\s+(?:[\w-]+\s+){0,2}?([\w-]+)"
                            r"\s*[?.!]*\s*$", re.IGNORECASE)  # not "... of those went to Ukraine": a verb
# "Were any of those missiles shot down?": whether the part is more than none (a state, not "did any ...")
_ANY_OF = re.compile(r"\b(?:were|was|are|is|have been|has been)\s+any\s+of\s+(?:(?:the|those|these|its|their)\s+"
                     r"(?:[\w'’-]+\s+){0,3}?([a-z][\w-]*s)\s+(?!(?:has|have|had)\b)\w|(?:them|those|these)\b)",
                     re.IGNORECASE)
_NUMBER_OF = re.compile(r"\bnumber of\s+(?:[\w-]+\s+){0,3}?([a-z][\w-]*s)\b", re.IGNORECASE)
# A chart's shorthand: "Missile count?", "Shell or round count inside the containers?", "death toll in Ukraine?"
_NOUN_COUNT = re.compile(r"^\W*(?:the\s+)?(?:[a-z-]+\s+)?([a-z-]+?)(?:\s+or\s+[a-z-]+)?\s+(?:count|tally)\b(?!\s+(?:of|for)\b)",
                         re.IGNORECASE)
_TOTAL = re.compile(r"^\W*(?:the\s+)?total\s+(?:number\s+of\s+)?(?:[\w-]+\s+){0,2}?((?-i:[a-z][a-z-]*s))\b",
                    re.IGNORECASE)  # "total rounds/shells shipped", "total NK missiles supplied"
_TOLL = re.compile(r"\b(?:death|casualty|body)\s+(?:toll|count)\b", re.IGNORECASE)
# "How many of the North Korean missiles hit Kyiv?": a part of them, of which the verb says something
_PART = (r"\b(?:how many|number|(?:were|was|are|is|have been|has been) any) of (?:the|those|these|its|their)\s+"
         r"(?:[\w'’-]+\s+){{0,3}}?{noun}\s+(?!(?:has|have|had|will|would|can|could)\b)([^?]*)")
_FRONTED = re.compile(r"\bhow many\s+(?:were|was|are|is|have been|has been)\s+((?:(?!\bor\b)[^?,;])*)",
                      re.IGNORECASE)  # up to a comma or "or": "..., or is he making it up?"
_OF_TOTAL = re.compile(rf"\bhow many of (?:the|those|these|its|their)\s+(?:[\w-]+\s+)?({DIGITS})\b", re.IGNORECASE)
_EXACT = re.compile(r"\b(?:exactly|precisely|specifically) how many\b|\bhow many\b.*\b(?:exactly|precisely)\b|"
                    r"\b(?:exact|precise|specific) (?:number|count|figure)\b", re.IGNORECASE)
_SHOT_DOWN = re.compile(r"\b(?:shoot|shoots|shot|shooting)\s+(?:\w+\s+)?down\b", re.IGNORECASE)
# A period a count is restricted to, by its unit or year: "in the last month alone", "only in 2024", "this week"
# (not "in the past few months", which a count since late December may answer)
_PERIOD = re.compile(r"\b(?:in|during|over|within)\s+the\s+(?:last|past|previous)\s+(?:\w+\s+)?(day|week|month|year)s?"
                     r"\s+(?:alone|only)\b"
                     r"|\b(?:only|just|alone)\s+in\s+((?:19|20)\d\d)\b|\bin\s+((?:19|20)\d\d)\s+(?:alone|only)\b"
                     r"|\b(?:this|last)\s+(week|month)\b", re.IGNORECASE)
# A count to come: "How many more ... does the U.S. expect ...", "... by the end of next year?"
_EXPECTED = re.compile(r"\b(?:expects?|expected|projects?|projected|forecasts?|predicts?|predicted|anticipates?)\b"
                       r"|\bby\s+the\s+end\s+of\s+(?:next|this|the)\s+(?:year|month|week)\b", re.IGNORECASE)
_HEDGES = frozenset("exactly precisely roughly approximately altogether overall total then now again".split())
_FILLERS = frozenset("ok okay yeah pls please tho though roughly approximately total far actually really so "
                     "went go goes gone going get got gotten ended end up full filled loaded packed".split())
# ... "how many of those went to X", "how many of those containers full of munitions did Russia get"
_POSTMODIFIERS = frozenset("of full filled loaded packed with that which containing carrying made built produced "
                           "manufactured supplied sent shipped from in".split())  # "rockets made in Pyongyang"


def count_asked(question: str) -> tuple[bool, str | None]:
    """Whether ``question`` asks how many, and the noun it counts (None: what was said before it, "how many
    of them?", unless the message named it: "Are soldiers there? How many of them?")."""
    if m := (_COUNT.search(question) or _COUNT_NAMED.search(question) or _COUNT_BARE.search(question)
             or _COUNT_OF.search(question) or _ELIDED.search(question)):
        noun = ("those" if m.re is _ELIDED else _head_noun(m.group(1)) if m.re is _COUNT_NAMED
                else m.group(1).lower() if m.re is not _COUNT else _head_noun(m.group(1) + m.group(2)))
        noun = "those" if noun in _HEDGES else noun  # "... missiles at Ukraine? how many exactly": of those
        if noun in PRONOUNS and (after := _COUNTED_AFTER.search(question[m.start():])):
            noun = after.group(1).lower()
        elif noun in PRONOUNS or _ELIDED.search(question):
            noun = next((w for w in reversed(re.findall(r"\b[a-z]+s\b", question[:m.start()])) if w not in STOP_WORDS),
                        None)
        return True, None if noun in PRONOUNS or noun in STOP_WORDS else noun
    if m := _ANY_OF.search(question):
        return True, m.group(1) and m.group(1).lower()
    if m := _NUMBER_OF.search(question):  # "state the exact number of North Korean troops deployed"
        return True, m.group(1).lower()
    if m := _TOTAL.search(question):
        return True, m.group(1).lower()
    if _TOLL.search(question):
        return True, "deaths"
    if (m := _NOUN_COUNT.search(question)) and m.group(1).lower() not in STOP_WORDS:
        return True, m.group(1).lower()
    return False, None


# "..., not just the ones fired?", "besides those launched": a count of more than the ones the verb tells of
_NOT_JUST = re.compile(r"\b(?:not (?:just|only)|besides|apart from|other than|beyond) (?:the ones|those|the \w+) "
                       r"(?:that were |which were |that have been )?(\w+ed|shot|sent|sold|given)\b", re.IGNORECASE)


def count_fits(asked: str, noun: str | None, sentence: str, mentions: Callable[[str, str], bool], *,
               framing: frozenset[str] = frozenset()) -> bool:
    """Whether ``sentence`` answers the count question ``asked`` of ``noun`` (``count_asked``);
    ``mentions(text, word)`` says whether a text says a word; ``framing`` words ask for nothing."""
    exact = bool(_EXACT.search(asked))
    if (whole := _OF_TOTAL.search(asked)) and not digits(sentence) - {whole.group(1)}:
        return False  # "How many of the 16,500 containers were seized?": a part of that total, another number
    said_of = _SHOT_DOWN.sub(" intercepted ", asked)  # "shot down" is no "launched" (fire, shoot)
    said_of = re.sub(r"\s[—–]\s[^—–?]*\s[—–]\s", " ", said_of)  # "the Soviets — well, the Russians — have launched"
    if noun is not None:
        # "how many of the missiles were intercepted", "Of the missiles fired, how many were intercepted"
        part = re.search(_PART.format(noun=re.escape(noun)), said_of, re.IGNORECASE) or _FRONTED.search(said_of)
        said_of = part.group(1) if part else ""
    if not all(mentions(sentence, w) for w in content_words(said_of) if w not in _FILLERS | PRONOUNS | framing):
        return False
    if (period := _PERIOD.search(asked)) and not re.search(rf"\b{next(filter(None, period.groups()))}", sentence,
                                                           re.IGNORECASE):
        return False  # "How many containers arrived in the last month alone?": counted over that period
    if (left_out := _NOT_JUST.search(asked)) and mentions(sentence, left_out.group(1)):
        return False  # "How many missiles has NK sent in total, not just the ones fired?": not those fired
    if _EXPECTED.search(asked) and not forecasts(sentence, []):
        return False  # "How many more containers does the U.S. expect by the end of next year?": one to come
    if (since := month_after(asked)) and month_after(sentence) not in (None, since):
        return False  # "How many of those containers arrived since late December?" is not counted since September
    return has_count(sentence, exact=exact) and (noun is None or any(
        mentions(re.sub(r"\b\w+ing\b", " ", words), noun) for words in counted(sentence, exact=exact)))


def _head_noun(phrase: str) -> str:
    """The counted noun of the words after "how many": the last before a modifier ("crates" of "shipping
    crates full of ammo", "containers" of "containers of munitions"), else the last; of two things
    counted together, the first ("aircraft" of "fighter aircraft and armored vehicles": both must be)."""
    words = phrase.split()  # "how many containers Russia got": a name after the noun is the subject
    words = [w.lower() for w in words[: next((i for i, w in enumerate(words) if i and w[:1].isupper()
                                               and words[i - 1][:1].islower() and words[i - 1] not in STOP_WORDS),
                                              len(words))]]
    words = words[: words.index("and")] if "and" in words[1:] else words
    cut = next((i for i, w in enumerate(words) if i and w in _POSTMODIFIERS), len(words))
    return words[cut - 1]
