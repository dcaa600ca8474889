"""Whether what a question asks about is to come or done by now, read from its form (no model).

* a **forecast**: "Will the US send more weapons?" is answered only by a sentence saying that is to come
  ("the U.S. will be compelled to take steps"), not by one saying it happened;
* a **hand-over done**: "Has Russia delivered the jets yet?" is answered only by a sentence telling a
  hand-over of them ("has procured", "is getting"), not by one saying they are only sought ("Pyongyang is
  seeking fighter aircraft"). A follow-up naming nothing ("Delivered yet?") asks of what was just shown.

>>> forecast_asked("Will the UN take up the issue?"), done_asked("Did they get any of it yet?")
(True, True)
"""

from __future__ import annotations

import re

from rag.lexicon import content_words, terms

# "Will the US send more weapons?", "is the war gonna end soon?": a yes/no question about what is to come.
_FORECAST_ASKED = re.compile(r"^\W*(?:(?:and|so|but|ok|okay|then|well)\W+)*(?:will|won['’]t\b|(?:is|are|isn['’]t|"
                             r"aren['’]t)\b[^?]*\b(?:going to|gonna)\b)", re.IGNORECASE)
# What a sentence says is to come: the words after "will", "is going to", "plans to" ...
_TO_COME = re.compile(r"\b(?:will|won['’]t|going to|gonna|plans? to|planning to|intends? to|expects? to|is to|are to)"
                      r"((?:\W+\w+){1,12})", re.IGNORECASE)


def forecast_asked(question: str) -> bool:
    """Whether ``question`` asks yes or no about what is to come ("Will the UN take up the issue?")."""
    return _FORECAST_ASKED.match(question) is not None


def forecasts(sentence: str, asked: list[str]) -> bool:
    """Whether ``sentence`` says that what the ``asked`` stems tell of is to come: half of them or more in
    the words after its "will" ("the U.S. will be compelled to take steps to protect itself" for "Will the
    US take steps to protect its allies?", not for "Will the UN take up the issue at a meeting?")."""
    if not asked:
        return bool(_TO_COME.search(sentence))
    return any(sum(s in said for s in asked) >= len(asked) / 2
               for said in (set(terms(m.group(1))) for m in _TO_COME.finditer(sentence)))


# "Has Russia delivered the jets yet?": whether a hand-over has happened; "the jets are sought" does not tell.
_DONE_ASKED = re.compile(r"\b(?:yet|already)\b", re.IGNORECASE)
_HANDING = re.compile(r"\b(?:deliver|receiv|get|got|gotten|giv|gave|sen[dt]|hand|provid|suppl|transfer|obtain|acquir|"
                      r"procur|secur)\w*", re.IGNORECASE)
_SOUGHT = re.compile(r"\b(?:seek|seeks|seeking|sought|wants?|wanting|hopes?|hoping|plans?|planning|intends?|aims?|"
                     r"requests?|requesting|asks? for|asking for)\b", re.IGNORECASE)
_DONE_FILLERS = frozenset("actually really even any anything some stuff things thing that those these them".split())


def done_asked(question: str) -> bool:
    """Whether ``question`` asks if a hand-over has happened by now ("Did they get any of it yet?")."""
    return bool(_DONE_ASKED.search(question) and _HANDING.search(question))


def tells_done(sentence: str, asked: str, mentions, shown: str = "") -> bool:
    """Whether ``sentence`` tells if the hand-over ``asked`` about (or, asked of nothing, ``shown``) happened: it
    says one ("procured", "is getting") of what was asked ("Has Russia received the containers yet?"), or says
    nothing of it being only sought ("Pyongyang is seeking fighter aircraft" tells no delivery of jets)."""
    things = [w for w in content_words(_HANDING.sub(" ", _DONE_ASKED.sub(" ", asked))) if w not in _DONE_FILLERS] \
        or content_words(shown)
    return ((bool(_HANDING.search(sentence)) or not _SOUGHT.search(sentence))
            and all(mentions(sentence, w) for w in things))
