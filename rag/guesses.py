"""A reader's guess or own story beside the question: "I think it was a Monday", "maybe Kyodo?", "I was
nineteen when they shipped me over to Korea in '51."

A message may hold, besides what it asks ("Which day of the week did he speak?"), what the reader heard
or guesses the answer is. A name or a number that only such a sentence holds is no premise of the
question: the sentence that answers the question corrects it. ``asked_part`` is the message without those
sentences; the names and numbers signals read it (``rag.signals``). What the reader tells of their own
life before or after a question of its own asks nothing at all: ``without_own_story`` leaves it out of the
question everything reads (``rag.phrasing``).

>>> asked_part("Which news service was it? I usually watch the BBC, maybe Kyodo?")
'Which news service was it?'
>>> asked_part("I heard it was Poland. Is that right?")  # nothing else is asked: the guess is the question
'I heard it was Poland. Is that right?'
>>> without_own_story("We heard the shells outside Chorwon in '51. How many missiles has Russia launched?")
'How many missiles has Russia launched?'
>>> without_own_story("My question is about the containers. How many were there?")  # it leans on the story
'My question is about the containers. How many were there?'
"""

from __future__ import annotations

import re

from rag.lexicon import content_words

# sentence ends: after "?" or "!", or after a word's full stop ("U.S. official" does not end one)
_SENTENCE = re.compile(r"(?<=[?!])\s+|(?<=[a-z\d]{2}\.)\s+(?=[A-Z])|"
                       # a run-on message's hearsay: "how many has russia fired, i heard like 16k"
                       r",\s+(?=(?:but\s+|and\s+)?(?:i|they|someone|people)\s+(?:keep\s+)?(?:heard|read|say|said|"
                       r"saying|think|thought)\b)", re.IGNORECASE)
_WH = re.compile(r"\b(?:what|which|who|whom|whose|when|where|how)\b", re.IGNORECASE)
# what the reader heard, guesses or half remembers; not what they assume ("I assume ..."): that is a premise
_HEDGE = re.compile(r"\b(?:I (?:heard|read|think|thought|guess|was told|seem to|usually)|"
                    r"says|said|saying|told me|claims?|claimed|believes|thinks|recalls|remembers|(?:might|may) have been|"
                    r"was it|is it|maybe|perhaps|or so|"
                    r"is that (?:right|true|correct|so)|isn['’]t it|my memory)\b|"
                    # a tag put to check it: "... came from China, didn't they?", "... for East Asia, right?"
                    r"\b(?:is|are|was|were|did|do|does|has|have|wo)n['’]?t\s+(?:it|they|he|she|there)\W*$|"
                    r",\s*(?:right|correct|true)\W*$", re.IGNORECASE)
# the reader's own life, in the first person: "My friends in Kharkiv live under these attacks every night."
_FIRST_PERSON = re.compile(r"\b(?:i|i['’](?:m|ve|d|ll)|me|my|we|our|us)\b", re.IGNORECASE)
# ... but what the reader takes as given is a premise ("I assume Japan is one of the allies."), and a sentence
# saying what is wanted ("I want to quote him on how worried Washington is", "give me his name"), asking inside
# it ("I was wondering whether ...", "my uncle goes on about how ...") or asking unmarked ("but is there a date")
# asks, or carries what is asked about
_KEPT = re.compile(r"\b(?:I|we) (?:assume|suppose|understand|know|gather|take it)\b|"
                   r"\b(?:want|wants|wanted|need|needs|needed|like to|quote|looking for|trying to)\b|"
                   r"\b(?:give|tell|show|send|explain)\s+(?:me|us)\b|"
                   r"\b(?:about|on|know|knew|wonder\w*|curious|catch|understand|sure|idea|see)\s+(?:\w+\s+)?(?:how|what|which|"
                   r"who|whom|whose|why|whether|if|where)\b|"
                   r"\b(?:is|are|was|were|do|does|did|can|could|will|would)\s+(?:there|it|he|she|they|that|this)\b",
                   re.IGNORECASE)
_MIN_OWN_QUESTION_WORDS = 3  # "How many were there?" leans on the sentence before it
_MIN_ASKED_WORDS = 1  # "When was that?" leans on the sentence before it: the guess is then its topic


def asked_part(question: str) -> str:
    """``question`` without the sentences that only hedge a guess or report hearsay, when another sentence
    asks a wh-question of its own ("What exactly is his job title?"), and without the reader's own story beside
    any question, even one leaning on it ("Any airplanes on that list? In my day it was the MiG-15s we worried
    about."); else ``question`` unchanged."""
    sentences = [s.strip() for s in _SENTENCE.split(question.strip()) if s.strip()]
    if len(sentences) < 2:
        return question

    questions = [i for i, s in enumerate(sentences) if not s.endswith((".", "!")) and _WH.search(s)
                 and len(content_words(s)) >= _MIN_ASKED_WORDS]
    # a sentence that hedges asks nothing of its own ("i heard like 16k which sounds insane"), unless no other
    # asks ("Which news service was it? Maybe Kyodo?")
    asking = [i for i in questions if not _HEDGE.search(sentences[i])] or questions
    kept = [s for i, s in enumerate(sentences) if i in asking or not (asking and _HEDGE.search(s))]
    if any(s.endswith("?") for s in kept):
        kept = [s for s in kept if s.endswith("?") or not _own_story(s)]
    return " ".join(kept) if len(kept) < len(sentences) else question


def _own_story(sentence: str) -> bool:
    return bool(_FIRST_PERSON.search(sentence)) and not _KEPT.search(sentence) and not _HEDGE.search(sentence)


def without_own_story(question: str) -> str:
    """``question`` without the statements in the first person beside a question with words of its own
    ("Well now, I was a young fellow of nineteen ... How many containers did the fella say ...?"); else unchanged."""
    sentences = [s.strip() for s in _SENTENCE.split(question.strip()) if s.strip()]
    if len(sentences) < 2 or not any(s.endswith("?") and len(content_words(s)) >= _MIN_OWN_QUESTION_WORDS
                                     for s in sentences):
        return question
    kept = [s for s in sentences if s.endswith("?") or not (_FIRST_PERSON.search(s) and not _KEPT.search(s))]
    return " ".join(kept) if len(kept) < len(sentences) else question
