"""Yes or no before the quote, only when the quoted sentence settles the claim (``rag.verdicts``)."""

from __future__ import annotations

import pytest

from rag.verdicts import asks_yes_no, claim_of, verdict

TALKS = "“The United States remains committed to diplomacy. We are willing to engage in dialogue without preconditions,” he said."
LEGAL = "“These arms transfers constitute clear violations of multiple U.N. Security Council resolutions,” he added."
DOOR = "He also reiterated that the door for dialogue with North Korea remains open."
CONTAINERS = ("Russia has secured more than 16,500 containers of munitions and related materiel from North Korea since "
              "September last year, a U.S. official said Wednesday.")
MISSILES = ("During a security forum in Washington, Robert Koepcke also revealed that since late December, Russia has "
            "launched upward of 65 North Korean missiles into Ukraine.")


def test_which_questions_ask_for_a_yes_or_no():
    assert asks_yes_no("Did Russia launch missiles into Ukraine?")
    assert asks_yes_no("ok but does the US want conditions?")
    assert asks_yes_no("Draft says 16,500 containers of munitions alone. Is that accurate?")
    assert asks_yes_no("The US set preconditions, correct?")
    assert not asks_yes_no("How many missiles did Russia launch?")
    assert not asks_yes_no("Can you tell me who said it?")  # a request
    assert not asks_yes_no("Is it one resolution or several?")  # a choice
    assert asks_yes_no("Did they launch missiles or not?")


def test_the_claim_leaves_out_the_checking_and_the_attribution():
    assert claim_of("Draft line: 'Koepcke said the transfers break resolutions.' Does the article back that?") \
        == ": ' the transfers break resolutions.' ?"
    assert claim_of("I read that the US set conditions. Is that true?") == "the US set conditions. ?"


@pytest.fixture(scope="module")
def overlap(real_pipeline):
    return real_pipeline.answerer.overlap


def test_no_when_the_sentence_negates_or_opposes_the_claim(overlap):
    assert verdict("Draft says the U.S. has set preconditions for talks. Correct?", TALKS, overlap) == "No"
    assert verdict("Is Washington demanding any conditions before talks?", TALKS, overlap) == "No"
    assert verdict("Are these transfers legal?", LEGAL, overlap) == "No"
    assert verdict("Has the US shut the door on dialogue?", DOOR, overlap) == "No"
    assert verdict("Draft says 16,500 containers of munitions alone. Is that accurate?", CONTAINERS, overlap) == "No"


def test_yes_when_the_sentence_says_every_word_of_the_claim(overlap):
    assert verdict("Did Russia launch North Korean missiles into Ukraine?", MISSILES, overlap) == "Yes"
    assert verdict("Did Koepcke say the transfers break Security Council resolutions?", LEGAL, overlap) == "Yes"
    assert verdict("Is the door for dialogue with North Korea open?", DOOR, overlap) == "Yes"


def test_nothing_when_the_sentence_does_not_settle_it(overlap):
    assert verdict("Did Russia launch North Korean missiles into Poland?", MISSILES, overlap) is None  # unsaid
    assert verdict("Did North Korea send tanks to Russia?", CONTAINERS, overlap) is None
    assert verdict("Is the US prepared to talk with the Kim regime?", TALKS, overlap) is None  # not negated
    assert verdict("Isn't the US willing to talk?", TALKS, overlap) is None  # a negated claim: left alone
    assert verdict("How many missiles did Russia launch?", MISSILES, overlap) is None  # not yes/no
    assert verdict("Is it one resolution or several?", LEGAL, overlap) is None  # a choice


def test_the_answer_puts_the_verdict_before_its_quote(real_pipeline):
    answer = real_pipeline.ask("Has the U.S. set preconditions for talks with North Korea?")
    assert answer.answer.startswith("No. “The United States remains committed to diplomacy.")
    assert answer.citations[0].quote == TALKS
    quoted = real_pipeline.ask("How many containers did Russia get?")
    assert not quoted.answer.startswith(("Yes", "No"))


def test_a_post_put_to_check_is_corrected_by_the_title_the_article_gives(real_pipeline):
    answer = real_pipeline.ask("wait, is Koepcke the US ambassador in Seoul?")  # Seoul: part of the wrong post
    assert answer.answer.startswith("No. Robert Koepcke, U.S. deputy assistant secretary of state")
    assert real_pipeline.ask("Is Putin the president of Russia?").refused  # a person the article never names
    assert not real_pipeline.ask("Is he a diplomat?").answer.startswith(("Yes", "No"))  # a title's kind: no verdict


def test_a_transfer_the_article_has_the_other_way_round_gets_no_and_the_sentence(real_pipeline):
    answer = real_pipeline.ask("So North Korea has been buying munitions containers from Russia since last September?")
    assert answer.answer.startswith("No. ")
    assert any(w in answer.citations[0].quote for w in ("from DPRK", "from North Korea"))
    assert real_pipeline.ask("Why did Russia send missiles to North Korea?").refused  # not yes/no: still refused
    assert asks_yes_no("so it's north korea that bought them from russia, yes?")
    assert not asks_yes_no("and the missiles?")  # a follow-up's few words, no claim


def test_a_deed_the_article_gives_another_actor_gets_no_and_the_sentence(real_pipeline):
    answer = real_pipeline.ask("wait so did north korea launch the missiles at ukraine themselves?")
    assert answer.answer.startswith("No. ") and "Russia has launched" in answer.citations[0].quote
    answer = real_pipeline.ask("is russia sending the containers to north korea or is it the other way around")
    assert answer.answer.startswith("No. ") and "from" in answer.citations[0].quote  # the premise and its reverse
    assert real_pipeline.ask("Why did North Korea launch missiles at Ukraine?").refused  # not yes/no: still refused
