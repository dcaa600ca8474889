"""Premises a question takes as given in words the article never says (``rag.premises``)."""

import pytest


@pytest.mark.parametrize("question", [
    "Are North Korean soldiers fighting in Ukraine too?",
    "did he mention NK troops fighting in Ukraine?",
    "What did Koepcke say about North Korean troops fighting in Ukraine?",
])
def test_soldiers_the_article_never_names_are_a_false_premise(real_pipeline, question):
    # MiniLM puts "troops" near the article's "military" (of "military assistance"), which names no one
    answer = real_pipeline.ask(question)
    assert answer.refused and "troops" not in answer.answer and "soldiers" not in answer.answer


@pytest.mark.parametrize("question", [
    "As a veteran I'm curious - is the North after air defense systems too, like SAMs?",  # the asker, no force
    "Which parts of the world did they say the concerns are about? Just Korea, or Asia in general?",
])
def test_a_word_that_may_name_a_soldier_in_another_use_is_no_premise(real_pipeline, question):
    assert not real_pipeline.ask(question).refused
