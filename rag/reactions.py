"""Acts of response or decision, and questions that take one as done.

"Has North Korea responded to the offer?", "Since North Korea has agreed to talks, ...", "When did the
Security Council vote ...?", "What sanctions does the US plan to impose?", "new sanctions announced?": such
a question takes an event as given, done or planned; an article in which no one does it does not report
that event, and ``rag.roles`` refuses the question. "Would the North accept talks?" only supposes, "will
have to" is a duty and "that's confirmed" a state, not a deed. Idioms count as the act they say: "Did
Pyongyang take them up on it?" accepts, "turn it down" rejects, "put sanctions on" imposes them, and "has the
Security Council done anything about it?" responds (but ``rag.roles`` lets a country the article has speak
or act have done what it says). A learner's
present tense right after the actor ("what Russia answer?", "they deny it?") takes the act as done too.

>>> taken_as_done("has xnorthkorea responded to the offer".split())
['responded']
>>> taken_as_done("would the north accept talks".split())
[]
>>> taken_as_done("Xrussia s response".split()), taken_as_done("what would Xrussia s response be".split())
(['response'], [])
>>> taken_as_done("any reaction from Xrussia yet".split())
['reaction']
>>> taken_as_done("what was Xnorthkorea government answer to his comment".split())
['answer']
>>> taken_as_done("what responded the Xrussia to these accusations".split())
['responded']
"""

from __future__ import annotations

import re
from itertools import pairwise

from rag.lexicon import stem

# Each form of an act -> its verb: "responded" and "response" are "respond".
REACTIONS = {form: forms.split()[0] for forms in (
    "respond responds responded responding response", "react reacts reacted reacting reaction",
    "reply replies replied replying",
    "answer answers answered answering", "agree agrees agreed agreeing", "accept accepts accepted accepting",
    "reject rejects rejected rejecting", "retaliate retaliates retaliated retaliating",
    "condemn condemns condemned condemning", "confirm confirms confirmed confirming", "deny denies denied denying",
    "acknowledge acknowledges acknowledged acknowledging", "approve approves approved approving",
    "vote votes voted voting", "veto vetoes vetoed vetoing", "adopt adopts adopted adopting",
    "admit admits admitted admitting", "concede concedes conceded conceding",
    "apologize apologizes apologized apologizing", "impose imposes imposed imposing",
    "sanction sanctions sanctioned sanctioning", "punish punishes punished punishing punishment",
    "penalize penalizes penalized penalizing penalise penalises penalised penalising",
    "censure censures censured censuring", "seize seizes seized seizing seizure",
    "confiscate confiscates confiscated confiscating confiscation")
    for form in forms.split()}
_REACTION_STEMS = {stem(form): verb for form, verb in REACTIONS.items()}  # an article's words, as read
# ... taken as done or planned, by anyone: "did / has / will / plans to <act>" ("would <act>" only supposes)
_DONE = frozenset("did has have had will plan plans planned planning intend intends intended".split())
# ... or reported by a participle after it: "new sanctions announced?"
_ANNOUNCED = frozenset("announced imposed adopted approved passed introduced unveiled issued".split())
_PERFECT = frozenset("has have had".split())  # "has any of it been seized?": a deed done, no state
_STATE = frozenset("is was are were be been being that's it's".split())  # "that's confirmed": a state, not a deed
_IDIOM = re.compile(r"\b(?:(?:take|takes|took|taken|taking)\s+(?:\w+\s+){0,2}up on|(turn|turns|turned|turning)\s+"
                    r"(?:\w+\s+){0,2}down|(?:put|puts|putting|placed?|slapp?(?:ed|ing)?)\s+(?:\w+\s+){0,2}?(sanctions)|"
                    r"(?:do|does|did|done|doing)\s+(anything|something)\s+(?:about|against|over)\b)\b",
                    re.IGNORECASE)
_DID_ANYTHING = re.compile(r"\b(?:do|does|did|done|doing)\s+(?:anything|something)\s+(?:about|against|over)\b",
                           re.IGNORECASE)
_ACTOR = frozenset("they he she".split())  # ... and a country: "they deny it?", "what Russia answer?" (a learner's)
_SUPPOSED = frozenset("would could might may should can does do to if whether".split())  # "would Russia respond"
_NOUN_FORMS = frozenset("response reaction punishment sanctions sanction vote".split())
_OWN_NOUNS = _NOUN_FORMS | {"answer", "reply"}  # "Xrussia s answer": a noun after its owner, a verb after "they"
_BODY = frozenset("government regime leadership officials side".split())  # "Xnorthkorea government answer"


def reported(words: list[str]) -> set[str]:
    """The acts (as verbs) a text's lower-case ``words`` tell of: "response" tells of "respond"."""
    return {_REACTION_STEMS[s] for s in map(stem, words) if s in _REACTION_STEMS}


def idioms_said(question: str) -> str:
    """``question`` with an idiom of acceptance or rejection said as the verb: "take us up on it" -> "accept"."""
    return _IDIOM.sub(lambda m: "reject" if m.group(1) else "has imposed sanctions" if m.group(2)
                      else "responded to" if m.group(3) else "accept", question)


def did_anything(question: str) -> str:
    """The words of ``question`` before it asks whether someone has done anything about something (a response
    of theirs): "Has Washington" of "Has Washington done anything about it?"; "" if it asks no such thing."""
    m = _DID_ANYTHING.search(question)
    return question[:m.start()] if m else ""


def taken_as_done(words: list[str]) -> list[str]:
    """The acts a question's lower-case ``words`` (countries as ``X`` tokens, ``rag.aliases``) take as done or
    planned: after "did / has / will / plans to" (within six words before, or up to four after), right after
    a country and in the past ("russia responded what"), or before a participle that reports it ("new
    sanctions announced?"), or in a passive perfect ("has any of it been seized?"); not after a state
    ("that's confirmed"), nor "will have to"."""
    return [w for i, w in enumerate(words) if w in REACTIONS and "been" in words[max(0, i - 3):i]  # "been X or Y"
            and not _PERFECT.isdisjoint(words[max(0, i - 9):i - 1])] or _taken_as_done(words)


def _taken_as_done(words: list[str]) -> list[str]:
    """The acts taken as done other than in a passive perfect."""
    return [w for i, w in enumerate(words) if w in REACTIONS and (i == 0 or words[i - 1] not in _STATE)
            and (any(d in _DONE and not (d in ("have", "has", "had") and nxt == "to")
                     for d, nxt in pairwise(words[max(0, i - 6):i + 6]))
                 or (i and words[i - 1].startswith("X") and w.endswith("ed"))
                 or (i and words[i - 1] in ("what", "which") and w in _NOUN_FORMS)  # "what sanctions is X putting"
                 # "kremlin response?", "What was Russia's reaction?" (not "What would Russia's reaction be?")
                 or (i and (words[i - 1].startswith("X") or words[i - 1] == "s" and words[i - 2].startswith("X")
                            or words[i - 1] in _BODY and i > 1 and words[i - 2].startswith("X"))
                     and w in _OWN_NOUNS and not _SUPPOSED.intersection(words[max(0, i - 4):i]))
                 or (i and (words[i - 1].startswith("X") or words[i - 1] in _ACTOR) and w not in _NOUN_FORMS
                     and not w.endswith("ing") and (i == 1 or words[i - 2] not in _SUPPOSED))
                 or (i + 1 < len(words) and words[i + 1] in _ANNOUNCED)
                 # a learner's inversion: "what responded the Xrussia"
                 or (i and words[i - 1] in ("what", "how") and w.endswith("ed")
                     and any(x.startswith("X") for x in words[i + 1:i + 3]))
                 # "any reaction from Moscow yet?": a country's, asked after
                 or (i + 2 < len(words) and w in _NOUN_FORMS and words[i + 1] in ("from", "by")
                     and words[i + 2].startswith("X")))]
