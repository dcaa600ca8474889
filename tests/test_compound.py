"""A message asking several things: its parts, and one answer from the answers to them."""

from __future__ import annotations

import re

import pytest

from rag.answer import Answer, Citation, Retrieved
from rag.compound import joined, parts_of


@pytest.mark.parametrize("message, parts", [
    ("What is Koepcke's exact title; also how long has he been in that role?",
     ["What is Koepcke's exact title?", "how long has he been in that role?"]),
    ("Which regions worry the US, and is China part of the concern too?",
     ["Which regions worry the US?", "is China part of the concern too?"]),
    ("Did he call Russia's war unlawful? and did he mention new sanctions?",
     ["Did he call Russia's war unlawful?", "did he mention new sanctions?"]),
    ("and since when? also how many ships carried them?", ["and since when?", "how many ships carried them?"]),
    ("Who reported this story, and when was it published?", ["Who reported this story?", "when was it published?"]),
    ("How many containers and missiles did Russia get?", []),  # two things of one ask
    ("Which resolutions exactly? Give me the numbers.", []),  # a second sentence narrows the first
    ("how did the weapons get to russia? train or ship?", []),
    ("What happened? and why?", []),  # "why" alone is no part of its own
    ("How many containers did Russia get?", []),
    ("He said 16,500 missiles were fired; how many were shot down?", []),  # a premise, then the ask
])
def test_a_message_splits_where_a_new_ask_starts(message, parts):
    assert parts_of(message) == parts


def _answer(question, quotes, refused=False):
    citations = [Citation(n, "corpus/a.txt", start, start + len(q), q) for n, (start, q) in enumerate(quotes, 1)]
    text = " ".join(f"{c.quote} [{c.n}]" for c in citations) or "The article does not say."
    return Answer(question, text, refused, citations, [Retrieved("corpus/a.txt", s, s + 1, q, 1.0) for s, q in quotes])


def test_parts_join_into_one_answer_numbered_anew_naming_what_is_not_answered():
    parts = ["Who is he?", "what did he say?", "when did he take the post?"]
    answers = [_answer(parts[0], [(100, "He is Koepcke.")]),
               _answer(parts[1], [(100, "He is Koepcke."), (300, "He said more.")]),
               _answer(parts[2], [], refused=True)]
    answer = joined("Who is he, and what did he say, and when did he take the post?", parts, answers)
    assert not answer.refused
    assert [(c.n, c.start) for c in answer.citations] == [(1, 100), (2, 300)]  # a sentence quoted once
    assert answer.answer.startswith("He is Koepcke. [1] He is Koepcke. [1] He said more. [2]")
    assert answer.answer.endswith("The article does not answer “when did he take the post?”.")
    assert set(map(int, re.findall(r"\[(\d+)\]", answer.answer))) == {1, 2}
    assert len(answer.retrieved) == 2  # each sentence offered once


def test_a_part_answered_only_by_sentences_already_quoted_adds_no_text():
    parts = ["Who is he?", "what is his name?"]
    answers = [_answer(parts[0], [(100, "He is Koepcke.")]), _answer(parts[1], [(100, "He is Koepcke.")])]
    assert joined("Who is he, and what is his name?", parts, answers).answer == "He is Koepcke. [1]"
