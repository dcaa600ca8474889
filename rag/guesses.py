"""A reader's guess beside the question: "I think it was a Monday", "was it 650 or so?", "maybe Kyodo?".

A message may hold, besides what it asks ("Which day of the week did he speak?"), what the reader heard
or guesses the answer is. A name or a number that only such a sentence holds is no premise of the
question: the sentence that answers the question corrects it. ``asked_part`` is the message without those
sentences; the names and numbers signals read it (``rag.signals``).

>>> asked_part("Which news service was it? I usually watch the BBC, maybe Kyodo?")
'Which news service was it?'
>>> asked_part("How many missiles has Russia fired? My friends in Kharkiv live under them.")
'How many missiles has Russia fired?'
>>> asked_part("I heard it was Poland. Is that right?")  # nothing else is asked: the guess is the question
'I heard it was Poland. Is that right?'
"""

from __future__ import annotations

import re

from rag.lexicon import content_words

# sentence ends: after "?" or "!", or after a word's full stop ("U.S. official" does not end one)
_SENTENCE = re.compile(r"(?<=[?!])\s+|(?<=[a-z]{2}\.)\s+(?=[A-Z])|"
                       # a run-on message's hearsay: "how many has russia fired, i heard like 16k"
                       r",\s+(?=(?:but\s+|and\s+)?(?:i|they|someone|people)\s+(?:keep\s+)?(?:heard|read|say|said|"
                       r"saying|think|thought)\b)", re.IGNORECASE)
_WH = re.compile(r"\b(?:what|which|who|whom|whose|when|where|how)\b", re.IGNORECASE)
# what the reader heard, guesses or half remembers; not what they assume ("I assume ..."): that is a premise
_HEDGE = re.compile(r"\b(?:I (?:heard|read|think|thought|guess|was told|seem to|usually)|"
                    r"says|said|saying|told me|claims?|claimed|believes|thinks|recalls|remembers|(?:might|may) have been|"
                    r"was it|is it|maybe|perhaps|or so|"
                    r"is that (?:right|true|correct|so)|isn['’]t it|my memory)\b", re.IGNORECASE)
# the reader's own life beside the question: "My friends in Kharkiv live under these attacks every night."
_OWN_LIFE = re.compile(r"^(?:my|our)\s+(?:friends?|family|families|relatives?|parents?|mother|father|sister|brother|"
                       r"cousins?|husband|wife|son|daughter|kids|children|neighbou?rs?|colleagues?)\b", re.IGNORECASE)
_MIN_ASKED_WORDS = 2  # "When was that?" leans on the sentence before it: the guess is then its topic


def asked_part(question: str) -> str:
    """``question`` without the sentences that only hedge a guess or report hearsay, when another sentence
    asks a wh-question of its own ("What exactly is his job title?"); else ``question`` unchanged."""
    sentences = [s.strip() for s in _SENTENCE.split(question.strip()) if s.strip()]
    if len(sentences) < 2:
        return question

    questions = [i for i, s in enumerate(sentences) if not s.endswith((".", "!")) and _WH.search(s)
                 and len(content_words(s)) >= _MIN_ASKED_WORDS]
    # a sentence that hedges asks nothing of its own ("i heard like 16k which sounds insane"), unless no other
    # asks ("Which news service was it? Maybe Kyodo?")
    asking = [i for i in questions if not _HEDGE.search(sentences[i])] or questions
    if not asking:
        return question
    kept = [s for i, s in enumerate(sentences) if i in asking or not (_HEDGE.search(s) or _OWN_LIFE.search(s))]
    return " ".join(kept)
