"""What kind of thing a question asks for (``rag.answer_types``): the bonus for a sentence holding it."""

from __future__ import annotations

import pytest

from rag.answer_types import answer_type, described, qualifies, telling, type_fit


def test_a_question_about_wanting_prefers_a_sentence_about_seeking():
    question = "What is North Korea hoping to get in exchange?"
    assert type_fit(question, "Pyongyang is seeking military assistance from Russia.") == 1.0
    assert type_fit(question, "Russia has procured containers from North Korea.") == 0.0
    assert type_fit("What did Russia procure?", "Pyongyang is seeking military assistance.") == 0.0


def test_a_stance_asked_for_prefers_what_the_official_said():
    question = "Does America consider these handoffs to be against international rules?"
    assert type_fit(question, "“These transfers constitute clear violations,” he added.") == 1.0
    assert type_fit(question, "But as long as the North refuses dialogue, the U.S. will act, he said.") == 1.0
    assert type_fit(question, "The official’s remarks came as Washington has been working with allies.") == 0.0
    assert type_fit("Is North Korea sending arms?", "“These transfers are violations,” he added.") == 0.0
    # reported speech is what he said too
    assert type_fit("Did he say anything about missiles?", "Koepcke also revealed that Russia has launched "
                                                            "65 North Korean missiles.") == 1.0


def test_how_someone_feels_prefers_a_sentence_saying_they_feel_it():
    question = "How does Seoul feel about the arms deals?"
    assert answer_type(question) == "feeling"
    assert type_fit(question, "Seoul is deeply worried about the deals, he said.") == 1.0
    # a feeling of no one in particular, or a quote without one, tells nothing of theirs
    assert type_fit(question, "The remarks came amid growing concerns about the security implications.") == 0.0
    assert type_fit(question, "“These transfers constitute clear violations,” he added.") == 0.0


def test_a_follow_ups_own_words_decide_the_answer_type():
    own = "And how does Washington feel about that?"
    query = f"{own} What is Pyongyang trying to get out of Moscow?"
    concerned = "Koepcke also said that Washington is “deepening concerned” about it."
    seeking = "Pyongyang is seeking military assistance from Russia."
    assert type_fit(query, seeking) == 1.0 and type_fit(query, concerned) == 0.0  # the history's wish
    assert type_fit(query, concerned, own=own) == 1.0 and type_fit(query, seeking, own=own) == 0.0
    # Words that ask for no type leave it to the conversation: "And the missiles?" after "How many ...?"
    assert type_fit("And the missiles? How many containers?", "65 missiles", own="And the missiles?") == 1.0


def test_what_someone_is_doing_with_a_thing_prefers_a_sentence_about_using_it():
    question = "And what does he say Russia is doing with those weapons?"  # a use, before a stance
    assert type_fit(question, "“Russia is using DPRK bullets and missiles to kill civilians,” he said.") == 1.0
    assert type_fit(question, "“These arms transfers constitute clear violations,” he added.") == 0.0
    assert type_fit("What are the missiles being used for?", "Russia is using them to destroy cities.") == 1.0


def test_like_what_asks_for_a_list():
    listing = "Pyongyang is seeking military assistance, including fighter aircraft and armored vehicles."
    assert type_fit("like what exactly?", listing) == 1.0
    assert type_fit("like what exactly?", "Washington is deepening concerned about it.") == 0.0


def test_what_if_prefers_a_sentence_stating_a_condition():
    question = "And what if they won't talk?"
    assert type_fit(question, "But as long as the North refuses dialogue, the U.S. will protect itself.") == 1.0
    assert type_fit(question, "The United States remains committed to diplomacy.") == 0.0
    for question in ("And if North Korea just says no?", "and if they dont want to talk what happen"):
        assert answer_type(question) == "condition"  # not a wish, for its "want"
    assert answer_type("What do they want if talks fail?") == "wish"  # an "if" inside: what is asked decides


def test_which_parts_of_the_world_prefer_a_sentence_naming_regions():
    question = "Which parts of the world could feel the fallout?"
    assert type_fit(question, "concerns about implications for the Korean Peninsula and Europe.") == 1.0
    assert type_fit(question, "He said it would prolong the war.") == 0.0
    assert type_fit("Where was the forum?", "implications for the Korean Peninsula") == 0.0  # "for" is no venue
    # A country or a capital is no part of the world: "missiles going to Ukraine" does not answer it.
    is_country = {"Ukraine", "Washington", "North Korea"}.__contains__
    assert type_fit(question, "Pyongyang's missiles are going to Ukraine.", is_country) == 0.0
    assert type_fit(question, "He spoke in Washington, D.C.", is_country) == 0.0
    assert type_fit(question, "implications for Ukraine and Europe", is_country) == 1.0
    assert type_fit("The worries focus on which two regions?", "implications for the Korean Peninsula") == 1.0


def test_what_other_things_prefers_a_list_that_goes_on():
    question = "Apart from security matters, what other subjects would the Americans bring up?"
    assert type_fit(question, "We are open to discussing security issues, as well as human rights issues.") == 1.0
    assert type_fit(question, "We are willing to engage in dialogue without preconditions.") == 0.0
    assert type_fit("What would the Americans bring up?", "security issues, as well as human rights") == 0.0


def test_answer_types_read_through_a_readers_preambles_and_asides():
    from rag.answer_types import answer_type

    # "request" in a preamble is no wish: the tally asked for is a number
    assert answer_type("Fact-check request: what tally of crates has Moscow obtained?") == "number"
    assert answer_type("What is the Kremlin doing to Ukraine with the rockets?") == "use"
    assert answer_type("And if they keep stonewalling, what will his country be forced to do?") == "condition"
    assert answer_type("If talks happen, which subjects are on the table?") != "condition"  # no consequence asked
    assert answer_type("And what does Pyongyang get out of the deal?") == "wish"
    assert answer_type("What is North Korea getting from Russia in exchange for the weapons?") == "wish"
    assert answer_type("NK getting what in return") == "wish"
    assert answer_type("and what's NK getting in return for those?") == "wish"
    # what someone is concerned about, in the words of their concern ("Washington is deepening concerned about ...")
    assert answer_type("What aspect of the arms relationship is Washington said to be concerned about?") == "feeling"
    assert answer_type("Why? What are they worried about?") == "reason"  # a reason asked first
    assert answer_type("Is the US worried about what Pyongyang gets out of it?") != "wish"  # a worry, not a wish
    assert answer_type("Did the American official actually claim the deliveries break UN rules?") == "stance"


def test_what_talks_would_be_about_prefers_a_sentence_naming_what_they_would_discuss():
    question = "what kind of stuff would the two sides negotiate over?"
    assert type_fit(question, "We are open to discussing trade issues, as well as fishing rights.") == 1.0
    assert type_fit(question, "We are willing to engage in dialogue without preconditions.") == 0.0
    assert type_fit("What did he talk about?", "We are open to discussing trade issues.") == 0.0  # what he said


def test_what_an_event_says_about_two_parties_prefers_a_sentence_characterising_their_relations():
    question = "What does the deal say about the relationship between the two governments?"
    assert type_fit(question, "It is another sign of deepening cooperation between Paris and Berlin.") == 1.0
    assert type_fit(question, "Paris has bought 300 trucks from Berlin.") == 0.0
    for question in ("this all supposedly proves what, some kind of bromance?", "What does the number point to?"):
        assert answer_type(question) == "relation", question


def test_what_someone_is_using_prefers_a_sentence_about_using():
    question = "besides rockets what other weapons did he say Paris is using"
    assert type_fit(question, "“Paris is using drones and rockets to hit depots,” he said.") == 1.0
    assert type_fit(question, "Rome is seeking rockets, including drones and jets.") == 0.0


def test_what_is_done_about_it_prefers_a_sentence_telling_of_an_act_against_it():
    question = "what are they trying to do about it?"
    assert type_fit(question, "Washington has been working with allies to disrupt and prevent arms transactions.") == 1.0
    assert type_fit(question, "The U.S. will be compelled to take steps to protect itself.") == 0.0
    assert answer_type("So what is America actually doing about it?") == "counter"
    assert answer_type("what is america doing to try to stop the arms swapping?") == "counter"
    assert answer_type("What is the Kremlin doing to Ukraine with the rockets?") == "use"  # not against anything


def test_how_sure_a_claim_is_prefers_a_sentence_telling_how_sure_its_source_is():
    believed = "“In return, we believe Pyongyang is seeking military assistance from Russia,” he said."
    for question in ("Is that confirmed, or just what they suspect?", "did he say that's confirmed or just what they think",
                     "How confident is the US about that?"):
        assert answer_type(question) == "certainty", question
        assert type_fit(question, believed) == 1.0
        assert type_fit(question, "Russia has launched upward of 65 North Korean missiles into Ukraine.") == 0.0
    assert answer_type("Has Russia handed over any jets yet, or is it just what they want?") != "certainty"


def test_is_that_confirmed_asks_about_the_sentence_just_quoted(fake_pipeline):
    from rag import followups

    sentences = fake_pipeline.index.sentences
    believed = next(s for s in sentences if "we believe Pyongyang" in s.text)
    shown = "According to Koepcke, Pyongyang is seeking military assistance from Russia, including fighter aircraft."
    bonus = followups.bonus("Is that confirmed, or just what they suspect?", shown, believed, 0.2,
                            fake_pipeline.answerer.words.mentions)
    from langchain_core.documents import Document

    doc = Document(page_content=believed.text, metadata={"source": believed.source, "position": believed.position})
    assert bonus(doc) == 0.2  # the claim itself, which says how sure its source is


def test_why_prefers_a_sentence_giving_a_cause_or_a_purpose():
    question = "Why is the United States so keen on blocking these deals in the first place?"
    assert answer_type(question) == "reason" and answer_type("What's driving that effort?") == "reason"
    assert type_fit(question, "Washington has been working with allies to disrupt arms transactions amid growing "
                              "concerns about their security implications.") == 1.0
    assert type_fit(question, "Russia has procured over 16,500 containers of munitions.") == 0.0


def test_what_must_come_first_prefers_a_sentence_about_preconditions():
    without = "“We are willing to engage in dialogue without preconditions,” he said."
    condition = "But as long as the North refuses to engage in dialogue, the U.S. will be compelled to take steps."
    for question in ("does nk have to do anything first before the us will talk to them",
                     "would the americans insist on anything up front before sitting down with the north koreans?",
                     "Are there any conditions Washington is insisting on before talks?"):
        assert answer_type(question) == "prerequisite", question
        assert type_fit(question, without) == 1.0 and type_fit(question, condition) == 0.0
    assert answer_type("What if they won't talk?") == "condition"  # what follows, not what comes first
    assert answer_type("Which missile was fired first?") is None


@pytest.mark.parametrize("question, thing", [
    ("How did he describe Russia's war?", "war"),
    ("What adjective did he apply to Russia's war in Ukraine?", "war"),
    ("What adjective did the official use to describe the conflict?", "conflict"),  # not "describe"
    ("how does the article describe Ukraine?", "ukraine"),
    ("how does the official call Russia's war in Ukraine, what word", "war"),
    ("How many missiles were launched?", None),
])
def test_the_thing_a_question_asks_described(question, thing):
    assert described(question) == thing


def test_a_qualified_word_stands_right_after_its_qualifier():
    assert qualifies("... and prolong Russia’s unlawful war,” he said.", "war")
    assert not qualifies("... on a war-torn Ukraine.", "war")  # part of another word
    assert qualifies("... on a war-torn Ukraine.", "ukraine")
    assert not qualifies("It prolongs Russia’s war.", "war")  # an owner, no qualifier


def test_what_something_is_used_for_is_told_by_a_purpose_not_by_the_use_alone():
    tells = telling("What is Russia doing with those weapons?")
    assert tells("“Russia is using DPRK bullets and missiles to kill Ukrainian civilians,” he said.")
    assert not tells("The official underscored the ramifications from Russia’s use of North Korean weapons.")
    assert telling("How many missiles were launched?") is None


def test_of_a_frame_and_its_quote_only_the_one_describing_the_thing_asked_is_cited(real_pipeline):
    answer = real_pipeline.ask("What adjective did he apply to Russia's war in Ukraine?")
    assert [c.quote[:20] for c in answer.citations] == ["“Russia is using DPR"]
    answer = real_pipeline.ask("How does the piece describe Ukraine when it sums up the ramifications?")
    assert [c.quote[:20] for c in answer.citations] == ["The official undersc"]
    answer = real_pipeline.ask("According to him, what is Russia doing with the North Korean weapons in Ukraine?")
    assert [c.quote[:20] for c in answer.citations] == ["“Russia is using DPR"]
