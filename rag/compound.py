"""A message that asks two or three things at once, and an article that answers only some of them.

"What's North Korea trying to get from Russia in exchange, and has Moscow agreed to any of it?" is read
by the answerer as one question, and the part the article does not answer makes it refuse the part it
does. When a message is refused, the chain asks it again part by part (``parts_of``), each part searched
on its own. The first part is the message's main question: when the article answers it, the reply
quotes what answers each part and names the parts it does not answer (``joined``); when it does not,
the message stays refused ("How many ships carried the containers, and who said so?").

>>> parts_of("What is Koepcke's exact title; also how long has he been in that role?")
["What is Koepcke's exact title?", 'how long has he been in that role?']
>>> parts_of("How many containers and missiles did Russia get?")
[]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer import Answer, Citation

_ASK = (r"(?:what|when|where|who|whom|whose|which|why|how|is|are|was|were|do|does|did|has|have|had|can|could|"
        r"will|would|should)\b")
# Where a new ask starts: after a "?" or ";" with more to come, or at "and" / "also" / "plus" + an ask word
# ("..., and has Moscow agreed?"); "containers and missiles" joins two things of one ask.
_BOUNDARY = re.compile(r"(?<=\?)\s+(?=(?:and|also|plus)\b)|;\s*|,?\s+(?:and|also|plus)\s+(?=(?:also\s+)?" + _ASK + r")",
                       re.IGNORECASE)
_ASKS = re.compile(r"^(?:(?:and|so|but|or)\s+)?" + _ASK, re.IGNORECASE)
_WH = re.compile(r"\b(?:what|when|where|who|whom|whose|which|why|how)\b", re.IGNORECASE)
_OPENER = re.compile(r"^(?:and\s+)?(?:also|plus)?\b[\s,]*", re.IGNORECASE)
_MIN_WORDS = 2  # "and since when?" is an ask; "and?" is not


def parts_of(message: str) -> list[str]:
    """The asks of a message that asks more than one thing, each ending in "?" (empty: it asks one)."""
    pieces = [p.strip(" ,.") for p in _BOUNDARY.split(message.strip())]
    pieces = pieces[:1] + [_OPENER.sub("", p).strip() for p in pieces[1:]]  # "..., and also did he ...?"
    pieces = [p for p in pieces if p.strip("? ") and p.lower() not in ("and", "also", "plus")]
    # each an ask: a "?" after it, an ask word first or a question word in it ("According to him, what ...");
    # "He said 16,500 missiles were fired; how many ...?" sets out a premise, which the whole message is read with
    if len(pieces) < 2 or any(len(p.split()) < _MIN_WORDS or not (p.endswith("?") or _ASKS.match(p) or _WH.search(p))
                              for p in pieces):
        return []
    return [p.rstrip("?").strip() + "?" for p in pieces]


def joined(question: str, parts: Sequence[str], answers: Sequence[Answer]) -> Answer:
    """One answer to ``question`` from the answers to its ``parts`` (the first one not refused): each
    part's quotes in turn, numbered anew, a sentence quoted once, then the parts the article does not answer."""
    citations: list[Citation] = []
    texts, unanswered = [], []
    for part, answer in zip(parts, answers):
        if answer.refused:
            unanswered.append(part)
            continue
        numbers, new = {}, False
        for c in answer.citations:
            same = next((k for k in citations if (k.source, k.start) == (c.source, c.start)), None)
            if same is None:
                same, new = Citation(len(citations) + 1, c.source, c.start, c.end, c.quote), True
                citations.append(same)
            numbers[c.n] = same.n
        if new:  # a part answered by sentences already quoted adds nothing
            texts.append(re.sub(r"\[(\d+)\]", lambda m: f"[{numbers.get(int(m.group(1)), m.group(1))}]", answer.answer))
    texts += [f"The article does not answer “{part}”." for part in unanswered]
    retrieved = [r for answer in answers for r in answer.retrieved]
    return Answer(question, " ".join(texts), False, citations, list(dict.fromkeys(retrieved)))
