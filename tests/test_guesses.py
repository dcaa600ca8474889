"""A reader's guess beside the question is corrected by the answer, not taken as the question's premise."""

import doctest

import pytest

import rag.guesses
from rag.guesses import asked_part, without_own_story


def test_the_module_examples_hold():
    assert doctest.testmod(rag.guesses).failed == 0


@pytest.mark.parametrize("message, asked", [
    # hearsay and guesses beside a wh-question of its own are left out
    ("My cousin says he is in charge of China policy. Is that right? What exactly is his job title?",
     "What exactly is his job title?"),
    ("Which day of the week did the official speak? I think it was a Monday?", "Which day of the week did the official speak?"),
    ("Where did the official give the talk? Was it in New York?", "Where did the official give the talk?"),
    # a sentence that is no guess stays: it may carry the topic
    ("Russia gets arms from North Korea. Which official said so?", "Russia gets arms from North Korea. Which official said so?"),
    # what the reader assumes is a premise, not a guess
    ("I assume Japan is one of the allies. Which allies does the article name?",
     "I assume Japan is one of the allies. Which allies does the article name?"),
    # "When was that?" leans on the guess for its topic
    ("I heard France sent arms to Russia. When was that?", "I heard France sent arms to Russia. When was that?"),
    # a yes/no question about the guess is the guess checked
    ("I heard the missiles hit Poland. Is that right?", "I heard the missiles hit Poland. Is that right?"),
    ("Which news service was it? Maybe Kyodo?", "Which news service was it?"),
    # a tag put to check a guess
    ("The containers came from China, didn't they? Where did they come from?", "Where did they come from?"),
    ("The concern is only about East Asia, right? Which regions are mentioned?", "Which regions are mentioned?"),
    # the reader's own story, even beside a question that leans on it
    ("Any airplanes on that list? In my day it was the MiG-15s we worried about.", "Any airplanes on that list?"),
    # what someone else believes, recalls or thinks it might have been
    ("Where did the official speak? My colleague thinks it might have been in Geneva.", "Where did the official speak?"),
    ("A reader recalls 300 missiles. How many missiles did Russia launch?", "How many missiles did Russia launch?"),
    # a run-on message: its hearsay after a comma, even with a "which" of its own
    ("how many missiles has russia fired, i heard like 300 which sounds insane", "how many missiles has russia fired"),
])
def test_asked_part_leaves_out_only_guesses_beside_a_question(message, asked):
    assert asked_part(message) == asked


def test_a_guessed_name_or_number_is_corrected_not_refused(real_pipeline):
    answer = real_pipeline.ask("My cousin says the official handles China policy. What exactly is his job title?")
    assert not answer.refused and "Korea, Japan and Mongolia" in answer.answer
    answer = real_pipeline.ask("I read it was around 1,600 containers. How many containers did Russia get?")
    assert not answer.refused and "16,500" in answer.answer
    answer = real_pipeline.ask("Where did the official speak? Was it at the United Nations in New York?")
    assert not answer.refused and "Washington" in answer.answer
    # the guess is the whole question: still refused when the article does not say it
    assert real_pipeline.ask("I heard France sent arms to Russia too. When was that?").refused
    assert real_pipeline.ask("I heard the official met Kim Jong Un. Is that right?").refused


def test_a_number_heard_elsewhere_is_checked_against_the_article(real_pipeline):
    """A number from a post or a half memory, put to the article ("is that the figure?", "did it really say
    that?", "the actual figure"), is answered by the sentence that states the article's number."""
    answer = real_pipeline.ask("My uncle believes Russia got 9,000 containers from the North. Is that the figure "
                               "the story gives?")
    assert not answer.refused and "16,500" in answer.answer
    answer = real_pipeline.ask("A forum post claims 200 North Korean missiles hit Ukraine. Did the story really "
                               "say that?")
    assert not answer.refused and "65" in answer.answer
    answer = real_pipeline.ask("Someone recalls 40 missiles. Could you check how many were actually launched?")
    assert not answer.refused and "65" in answer.answer
    answer = real_pipeline.ask('"more than 16,000 containers of munitions" - is that the right number?')
    assert not answer.refused and "16,500" in answer.answer
    # checking a number does not let through a name the article never uses
    assert real_pipeline.ask("A post says Iran sent Russia 9,000 containers. Did the story really say that?").refused


@pytest.mark.parametrize("message, asked", [
    # the reader's own life beside a question of its own asks nothing
    ("How many missiles hit Ukraine? My friends in Kharkiv live under these attacks.", "How many missiles hit Ukraine?"),
    ("Well now, I was nineteen when they shipped me over to Korea in '51. So it caught my eye. How many containers "
     "did the fella say the Russians have gotten?", "How many containers did the fella say the Russians have gotten?"),
    ("Back in my Army days we counted everything. Tell me, since when have they been counting these containers?",
     "Tell me, since when have they been counting these containers?"),
    # a statement about the story, not the reader, stays: it may carry the topic
    ("Now the article says Russia fires North Korean missiles. How many did he say were launched?",
     "Now the article says Russia fires North Korean missiles. How many did he say were launched?"),
    # what the reader takes as given is a premise
    ("I assume Japan is one of the allies. Which allies does the article name?",
     "I assume Japan is one of the allies. Which allies does the article name?"),
    # a question too short to stand alone leans on the story
    ("I read about the containers. How many?", "I read about the containers. How many?"),
    ("I want to know when the shipments began.", "I want to know when the shipments began."),  # the only ask
])
def test_the_readers_own_story_beside_a_question_is_left_out(message, asked):
    assert without_own_story(message) == asked
