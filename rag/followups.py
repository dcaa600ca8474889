"""A follow-up and the answer before it: what the conversation has shown shapes what to quote next.

The search query of a follow-up carries earlier turns (``retrieve.contextualize``); here the previous
answer itself (``shown``) adjusts the choice among the retrieved sentences:

* "What else ...?", "Anything more?" skips the sentences ``shown`` already quoted, unless it names
  something of that sentence's list ("What else besides fighter jets?": the rest of the list is there);
* the sentence right after the one ``shown`` quoted earns ``next_sentence_weight``: a conversation about an
  article tends to go on where the article does ("Is that allowed?" after the transfers). Not after the
  headline or a photo caption: they stand apart from the prose, and what follows them is not their sequel;
* a follow-up asking only for a detail ("And since when?", "What year?") earns the same for the sentence
  ``shown`` quoted in full, when it holds that detail (``slots.detail_asked``), and so does one asking
  for the rest of its list ("What else is on that list?"); any other follow-up loses as much on it:
  "Which transfers is he talking about? how much stuff?" asks for what that sentence did not say. (Refusing it outright cost more answers than it won: "Which of those are
  missiles?" is answered by the list just shown.)

>>> asks_for_more("What else is Pyongyang seeking?")
True
>>> rest_of_list("What else besides fighter jets?", "... seeking fighter aircraft, armored vehicles ...")
True
>>> acronym_shown("Those letters, what do they stand for?", "He called it the DPRK.")
'DPRK'
"""

from __future__ import annotations

import re
from collections.abc import Callable

from langchain_core.documents import Document

from rag.answer_types import answer_type
from rag.corpus import Sentence
from rag.lexicon import stem, terms
from rag.retrieve import EXAMPLES
from rag.slots import Slot, detail_asked, fits, slot_of

_MORE = re.compile(r"\b(else|other|others|another|besides|apart from|more|further|additional)\b|" + EXAMPLES,
                   re.IGNORECASE)
_BESIDES = re.compile(r"\b(?:besides|apart from|other than|except(?: for)?|beyond)\s+(.+)", re.IGNORECASE)
# "What else is on that list?", "Which weapons did he name in that quote?": the sentence just shown.
_THAT_SHOWN = re.compile(r"\b(?:on|in|from|of) (?:that|this|the|his|their|its) (?:[\w-]+ )?(?:list|quote|statement|"
                         r"sentence|remarks?|comments?|passage|answer)\b", re.IGNORECASE)
_BOTH_COUNTS = re.compile(r"\b(?:both|two|the) (?:numbers|figures|counts|totals)\b[^:?]*:\s*([^,?]+?),?\s+and\s+"
                          r"([^?.!]+)", re.IGNORECASE)  # "Give me both numbers: containers, and missiles."
_ASKS = re.compile(r"\b(?:how many|how much|what|when|where|who|which)\b", re.IGNORECASE)
_REPEATED = 0.6  # share of a sentence's terms an answer must hold to have quoted it in full
_MOSTLY = 0.4  # ... and to have given most of it, leaving a detail out
_PART = 6
# "How did he describe that war?", "What did he call those weapons?": the words of a thing just named
_THAT_NOUN = re.compile(r"\b(?:describe|describes|described|call|calls|called|characteri[sz]ed?|term|termed|label|"
                        r"labelled|labeled)\s+(?:that|this|those|these)\s+([a-z]{3,})\b", re.IGNORECASE)  # terms of a sentence an answer must repeat to have given a clause of it, not a phrase
_RESTATED = 0.5  # share of another sentence's terms the answer holds for it to say that sentence again


def asks_of(message: str) -> list[str]:
    """The questions of a message that asks the same of several things ("how many containers, and how
    many missiles? need both"): its parts between "?" or before "and" + a question word, when each opens
    its ask with the same two words ("how many"; not "Who is he, and what is his title?"), or the things
    after "both numbers:", each counted."""
    if m := _BOTH_COUNTS.search(message):  # "Give me both numbers: containers, and missiles fired."
        return [f"how many {m.group(1)}?", f"how many {m.group(2)}?"]
    parts = re.split(r"\?|[,;]?\s+and\s+(?=(?:how|what|when|where|who|which)\b)", message, flags=re.IGNORECASE)
    asks = [(p.strip() + "?", m) for p in parts if (m := _ASKS.search(p)) and len(p.split()) >= 2]
    openings = {" ".join(p[m.start():].lower().split()[:2]) for p, m in asks}
    return [p for p, _ in asks] if len(openings) == 1 else []


def asks_for_more(question: str) -> bool:
    """Whether a follow-up asks for something besides what was shown ("What else ...?", "Anything more?")."""
    return _MORE.search(question) is not None


def rest_of_list(question: str, shown: str) -> bool:
    """Whether "What else besides X?" names an X the previous answer ``shown`` holds, or "What else is on
    that list?" ("... in that quote?") points back at it: the sentence shown may hold what is asked."""
    if _THAT_SHOWN.search(question):
        return True
    m = _BESIDES.search(question)
    return m is not None and bool(set(terms(m.group(1))) & set(terms(shown)))


def unshown(question: str, shown: str, docs: list[Document]) -> list[Document]:
    """``docs`` without the sentences ``shown`` quoted, when ``question`` asks for more (all if none is left)."""
    if not (shown and asks_for_more(question)) or rest_of_list(question, shown):
        return docs
    said = " ".join(shown.split())
    return [d for d in docs if " ".join(d.page_content.split()) not in said] or docs


def bonus(question: str, shown: str, prev: Sentence | None, weight: float,
          mentions: Callable[[str, str], bool]) -> Callable[[Document], float]:
    """The follow-up's bonus for each retrieved sentence, given the sentence ``prev`` that ``shown`` quoted
    (None: not a follow-up, or nothing quoted)."""
    if prev is None or weight == 0:
        return lambda doc: 0.0
    # The article goes on after a body sentence; a caption or headline stands apart from its prose.
    adjust = {(prev.source, prev.position + 1): weight} if prev.kind == "body" else {}
    said = set(terms(prev.text))
    shared = len(said & set(terms(shown)))
    detail = detail_asked(question)
    # A detail the answer left out of the sentence it mostly gave ("And over what time frame?"), the rest
    # of its list: that sentence. Anything else, once it was shown in full: another.
    # A clause of it repeated nearly whole counts as much ("Russia has launched upward of 65 North Korean
    # missiles into Ukraine", of the sentence that also says "since late December"); a phrase does not.
    part = shared >= _PART and shared >= _REPEATED * len(set(terms(shown)))
    if detail and (shared >= _MOSTLY * len(said) or part) and fits(detail, prev.text, mentions):
        adjust = {(prev.source, prev.position): weight}  # not the next sentence: a detail of this one
    elif (rest_of_list(question, shown) or answer_type(question) == "certainty"
          or said & set(terms(shown)) & {stem(m.group(1)) for m in _THAT_NOUN.finditer(question)}):
        # the rest of its list, how sure it is ("Is that confirmed?"), or more of a thing it named ("How did
        # he describe that war?" after "... and prolong the war", which the sentence calls "unlawful")
        adjust[(prev.source, prev.position)] = weight
    elif shared >= _REPEATED * len(said):
        adjust[(prev.source, prev.position)] = -weight
    else:
        return lambda doc: adjust.get((doc.metadata["source"], doc.metadata["position"]), 0.0)
    # ... nor another sentence that says again most of what was shown ("And the missiles?" after the
    # containers: not the lead, which restates the quote shown)
    shown_terms = set(terms(shown))

    def restated(doc: Document) -> bool:
        t = set(terms(doc.page_content))
        return bool(t) and len(t & shown_terms) >= _RESTATED * len(t)

    return lambda doc: adjust.get((doc.metadata["source"], doc.metadata["position"]),
                                  -weight if restated(doc) else 0.0)


# "What does that stand for again?", "those letters?": the acronym of the answer just shown
# ("What does that mean for Ukraine?" asks what follows from it)
_SPELL_IT_OUT = re.compile(r"\bwhat (?:(?:does|do|did) )?(?:that|it|this|they|those|these)(?: letters| acronym)? stands? for\b|"
                           r"\b(?:those|these|the) (?:letters|initials)\b|\b(?:that|the) acronym\b", re.IGNORECASE)


def acronym_shown(question: str, shown: str) -> str | None:
    """The one acronym of ``shown`` ("the DPRK") that a follow-up asks to spell out ("What does that stand
    for again?"), or of the question itself when nothing was shown ("The article keeps using the letters
    DPRK. Does it explain what those stand for?"); else None."""
    if not _SPELL_IT_OUT.search(question):
        return None
    acronyms = set(re.findall(r"\b[A-Z]{2,9}\b", shown or question))
    return acronyms.pop() if len(acronyms) == 1 else None


# "What about the missiles?", "and the missiles?": the question before, asked of another thing
_WHAT_ABOUT = re.compile(r"^\W*(?:(?:and|ok|okay|so)\W+)?(?:what|how)\s+about\s+(?:the\s+|those\s+)?([a-z][\w-]*s)\W*$",
                         re.IGNORECASE)


def count_of_other(question: str, query: str) -> Slot | None:
    """The count slot of a follow-up asking the previous count question of another thing ("How many containers
    has Russia procured?" -> "What about the missiles?": how many missiles), or None. ``query`` carries the
    previous question after ``question``."""
    if query == question or (m := _WHAT_ABOUT.match(question)) is None:
        return None
    before = slot_of(query[len(question):].strip())
    return Slot("count", m.group(1).lower(), f"how many {m.group(1)}") if before and before.kind == "count" else None
