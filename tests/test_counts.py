"""How many: a count question quotes only a sentence counting what it asks of, as it asks it (rag.counts)."""

from __future__ import annotations

import pytest

from rag.counts import count_asked
from rag.entities import has_number
from rag.slots import Slot, fits, slot_of


def test_a_vague_count_in_the_articles_words_answers_how_many():
    mentions = lambda text, word: word.rstrip("s") in text.lower()
    count = Slot("count", "resolutions")
    assert fits(count, "These transfers constitute violations of multiple U.N. Security Council resolutions.", mentions)
    assert not fits(Slot("count", "tanks"), "violations of multiple U.N. Security Council resolutions", mentions)
    assert not has_number("violations of multiple resolutions")  # no number to prefer for "how much stuff?"
    assert not fits(Slot("count", "ships"), "Russia has procured 16,500 shipping containers.", mentions)  # a modifier
    exactly = slot_of("Exactly how many UN resolutions are they breaking?")  # a number, not "multiple"
    assert not fits(exactly, "These transfers constitute violations of multiple U.N. Security Council resolutions.",
                    mentions)
    assert fits(exactly, "They violate 12 U.N. Security Council resolutions.", mentions)


def test_a_count_question_quotes_a_sentence_with_the_count(fake_pipeline):
    answer = fake_pipeline.ask("How many North Korean missiles has Russia launched into Ukraine?")
    assert not answer.refused
    assert any("65" in c.quote for c in answer.citations)
    # a self-correction between dashes says nothing the sentence must
    answer = fake_pipeline.ask("How many of those missiles did he say the Soviets — well, the Russians — have launched?")
    assert not answer.refused and any("65" in c.quote for c in answer.citations)


@pytest.mark.parametrize("question, noun", [
    ("Roughly how many shipping crates full of ammo has Moscow gotten?", "crates"),  # not "ammo"
    ("How many containers of munitions has Russia procured?", "containers"),
    ("How many North Korean soldiers have been deployed?", "soldiers"),
])
def test_a_count_is_of_the_head_noun_not_its_modifiers(question, noun):
    assert slot_of(question) == Slot("count", noun)


def test_crates_of_ammo_are_counted_by_the_containers_of_munitions(fake_pipeline):
    answer = fake_pipeline.ask("how many crates of ammo has moscow gotten from pyongyang so far")
    assert not answer.refused and "16,500" in answer.answer


def test_a_follow_up_count_must_be_of_what_the_question_says_of_them(fake_pipeline):
    history = [{"role": "user", "content": "How many North Korean missiles has Russia fired at Ukraine?"},
               {"role": "assistant", "content": "Upward of 65 North Korean missiles since late December."}]
    assert fake_pipeline.ask("and how many of those were intercepted?", history=history).refused
    assert not fake_pipeline.ask("so how many of those did they launch", history=history).refused
    assert fake_pipeline.ask("ok and how many did Kyiv shoot down", history=history).refused  # no "launched"
    assert not fake_pipeline.ask("how many of the missiles were launched into Ukraine?").refused
    assert fake_pipeline.ask("were any of them shot down", history=history).refused
    assert not fake_pipeline.ask("were any of the missiles launched into Ukraine?").refused


def test_a_part_counted_by_its_own_subject_and_verb_must_be_said_of_them():
    mentions = lambda text, word: word.lower() in text.lower()
    launched = "Since late December, Russia has launched upward of 65 North Korean missiles into Ukraine."
    assert not fits(slot_of("How many of the missiles did Ukraine intercept?"), launched, mentions)
    assert fits(slot_of("How many of the missiles did Russia launch?"), launched, mentions)
    # the counted thing put first: "Of the missiles fired, how many were ..."
    assert not fits(slot_of("Of the 65 missiles fired into Ukraine, how many were intercepted?"), launched, mentions)
    assert fits(slot_of("Of the North Korean missiles, how many were launched into Ukraine?"), launched, mentions)
    asked = "NK sends Russia missiles. Is there a number for how many have been launched, or is he making it up?"
    assert fits(slot_of(asked), launched, mentions)
    # a count of more than the ones the sentence counts: "not just the ones launched"
    total = "How many missiles in total has North Korea sent to Russia, not just the ones launched?"
    assert not fits(slot_of(total), launched, mentions)
    assert fits(slot_of(total), "North Korea has sent 300 missiles to Russia.", mentions)


@pytest.mark.parametrize("question, asked", [
    ("Missile count?", (True, "missile")),
    ("shell or round count inside the containers?", (True, "shell")),  # either word: shells are what is counted
    ("civilian death toll in Ukraine?", (True, "deaths")),
    ("Start date for the missile count?", (False, None)),  # the count is the topic; a date is asked
    ("What is the count?", (False, None)),
    ("how many artillery shells that equates to?", (True, "shells")),  # a relative clause after the noun
])
def test_a_charts_shorthand_for_a_count_asks_how_many(question, asked):
    assert count_asked(question) == asked


def test_the_number_of_a_part_must_be_said_of_them():
    mentions = lambda text, word: word.lower() in text.lower()
    launched = "Since late December, Russia has launched upward of 65 North Korean missiles into Ukraine."
    assert not fits(slot_of("the number of those missiles intercepted by Ukraine?"), launched, mentions)
    assert fits(slot_of("the number of North Korean missiles launched?"), launched, mentions)


def test_how_many_exactly_counts_what_was_named_before_it():
    assert slot_of("Is it true Russia fired dozens of missiles at Ukraine? how many exactly") == Slot("count", "missiles")
    assert slot_of("How many missiles exactly?") == Slot("count", "missiles")


def test_a_count_restricted_to_a_period_must_be_counted_over_it():
    mentions = lambda text, word: word.rstrip("s") in text.lower()
    since = "Russia has secured more than 16,500 containers from North Korea since September last year."
    assert not fits(slot_of("How many containers arrived in the last month alone?"), since, mentions)
    assert not fits(slot_of("how many containers only in 2024"), since, mentions)
    assert fits(slot_of("How many containers has Russia gotten in the last year?"), since, mentions)
    assert fits(slot_of("How many containers in the past few months?"), since, mentions)  # no restriction


def test_a_count_to_come_needs_a_sentence_saying_it_is_to_come():
    mentions = lambda text, word: word.rstrip("s") in text.lower()
    expected = slot_of("How many more containers does the U.S. expect Russia to procure by the end of next year?")
    assert not fits(expected, "Russia has secured more than 16,500 containers since September last year.", mentions)
    assert fits(expected, "Russia is expected to procure 5,000 more containers, and will get them by December.",
                mentions)


def test_what_about_another_thing_asks_the_previous_count_of_it(fake_pipeline):
    from rag.followups import count_of_other

    question = "What about the missiles?"
    assert count_of_other(question, f"{question} How many containers has Russia procured?") == Slot("count", "missiles")
    assert count_of_other(question, f"{question} Who said it?") is None  # no count asked before
    history = [{"role": "user", "content": "How many containers has Russia procured from the North?"},
               {"role": "assistant", "content": "Over 16,500 shipping containers of munitions."}]
    answer = fake_pipeline.ask(question, history)
    assert not answer.refused and any("65" in c.quote for c in answer.citations)
