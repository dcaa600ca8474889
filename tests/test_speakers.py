"""Who said it (``rag.speakers``): the speaker of a quoted sentence, read from the article's structure."""

from __future__ import annotations

import pytest

from rag.speaking import asks_when_said, asks_where_said, asks_who_else_spoke, asks_who_is_quoted, asks_who_said

QUOTE = ("“In return for its missiles going to Ukraine, we believe Pyongyang is seeking military assistance from "
         "Russia, including fighter aircraft, surface-to-air missiles, armored vehicles, ballistic missile "
         "production equipment and other materials,” he said.")


@pytest.mark.parametrize("question, asks", [
    ("Who made that claim?", True),
    ("And who said so?", True),
    ("Whose words are these?", True),
    ("What's his name?", True),  # the one just quoted, by name
    ("Who is he?", True),
    ("Who is Robert Koepcke?", False),
    ("What is the name of the forum?", False),
    ("Who said Russia is using DPRK bullets?", False),  # names what was said: an ordinary search
    ("And who provided that figure?", True),
    ("Who exactly is the source for that figure?", True),  # not the page's source line
    ("And who was the official that said that?", True),
    ("Who is the source of this article?", False),  # the page's source line
    ("What is the source of this article?", False),
    ("says who?", True),
    ("According to whom?", True),
    ("Who says the door is open?", False),
])
def test_who_said_that_is_told_from_other_who_questions(question, asks):
    assert asks_who_said(question) is asks


@pytest.mark.parametrize("question, asks", [
    ("Who is the US official quoted in this story?", True),
    ("Which U.S. official made these statements?", True),
    ("Who is the US diplomat making these claims?", True),
    ("Who is making these missiles?", False),  # not what was said
    ("who's the american official in this story?", True),
    ("Which U.S. official disclosed the container and missile figures?", True),
    ("Who is the man in the photo?", False),  # the caption's
    ("who is the man", True),  # asked alone: the one person the article speaks of
    ("name of us official?", True),
    ("What is the name of the forum?", False),
    ("Who is Robert Koepcke?", False),
    ("Who said that?", False),  # the speaker of what was just shown, not the article's
    ("Who is the source of this article?", False),  # the agency, by the page's structure
    ("What is the name of the US official who give these numbers?", True),  # a learner's verb form
    ("What is the name of the official who said this?", True),
    ("What is the name of the official who leads the talks?", False),  # someone else the article may not name
    ("Please give the name of the American official cited on the missile count.", True),
    ("who's the source on that tally?", True),
    ("Who exactly is the official making the missile claim?", True),  # one claim
    ("Who is the source for this article?", False),  # the agency
    ("Who was the source of the weapons?", False),  # who sent them, not who counted them
    ("who is the US official?", True),  # the one the article quotes ...
    ("what is the name of the American official in the article?", True),
    ("who is the North Korean official?", False),  # ... not someone it never names
    ("How is called the official from US that gave the declarations?", True),  # a Spanish speaker's order
])
def test_who_is_quoted_is_told_from_other_who_questions(question, asks):
    assert asks_who_is_quoted(question) is asks


def test_a_pasted_fragment_of_the_article_stands_for_what_was_shown(fake_pipeline):
    answer = fake_pipeline.ask('"over 16,500 shipping containers of munitions" - who actually said this?')
    assert not answer.refused and "Robert Koepcke" in answer.answer
    answer = fake_pipeline.ask('where was the guy speaking when he said "Russia has procured over 16,500 containers"?')
    assert not answer.refused and "Washington" in answer.answer


def test_who_is_quoted_is_answered_by_the_sentence_introducing_the_speaker(fake_pipeline):
    answer = fake_pipeline.ask("Which U.S. official made these statements?")
    assert not answer.refused and "Robert Koepcke" in answer.answer and "revealed" in answer.answer


@pytest.mark.parametrize("question, asks", [
    ("Where did he say all this?", True),
    ("Where was he speaking?", True),
    ("And where did Koepcke make these remarks?", True),
    ("In which city did the official make these remarks?", True),
    ("Where did he say the missiles were launched?", False),  # where the missiles went: an ordinary search
    ("At what sort of gathering did the U.S. official share these figures?", True),  # the place, as an event
    ("Where are the missiles going?", False),
    ("Where was the official when he disclosed the missile figures - what sort of event, and in which city?", True),
    ("Where did he reveal the numbers; were they new?", True),
    ("where was she when she said that, at the White House?", True),  # a guess after a comma
    ("Where was he speaking when he said this?", True),
    ("where did he even say this stuff, at some press thing?", True),  # an adverb; "stuff" is what he said
    ("What kind of event was the official speaking at, and in which city?", True),  # the preposition after
    ("Which country was he talking about?", False),
    ("In what city and at what kind of event were these disclosures made?", True),  # two places asked
    ("was this some press briefing or where did he say it", True),  # after a guess
    ("Is it Russia or where did they send the missiles?", False),
    ("So where was he when he dropped all this? Was it a press briefing, a hearing? Set the scene for me.", True),
    ("Where was he? Was it Seoul? And how many missiles were fired?", False),  # another question after the guess
    ("In what setting were the remarks delivered — a press briefing, or something else?", True),
    ("Where were the containers delivered?", False),  # goods delivered, not remarks
    ("Where did the official talk about this? What kind of event it was?", True),  # the kind of place after it
    ("Where was he speaking when he made these remarks, some press conference in Seoul?", True),
    ("At what kind of event, and in which city, were the official's remarks delivered?", True),
    ("Where did he talk about the missiles?", False),  # what he talked about: an ordinary search
])
def test_where_he_spoke_is_told_from_other_where_questions(question, asks):
    assert asks_where_said(question) is asks


def test_where_he_spoke_is_told_by_the_story_before_a_photo_caption(fake_pipeline):
    caption = next(s.text for s in fake_pipeline.index.sentences if s.kind == "caption")
    history = [{"role": "user", "content": "Who is the official?"}, {"role": "assistant", "content": caption}]
    answer = fake_pipeline.ask("Where did he make those remarks?", history)
    assert [c.quote[:40] for c in answer.citations] == ["During a security forum in Washington, R"]


def test_out_of_a_conversation_he_is_the_articles_speaker_and_they_nobody_yet():
    assert asks_where_said("Where was he when he made these comments?", in_conversation=False)
    assert asks_where_said("Where did Koepcke speak?", in_conversation=False)
    assert asks_where_said("Where did Koepcke give his remarks?", in_conversation=False)
    assert not asks_where_said("Where did they speak?", in_conversation=False)


@pytest.mark.parametrize("question, unit", [
    ("What day of the week did the guy say all this?", "weekday"),
    ("When did he say this?", "day"),
    ("On what date did Koepcke speak?", "date"),  # on the calendar: "Sept. 4", not "Wednesday"
    ("On which day did he give these figures? I need the exact date for my piece.", "date"),  # said after it
    ("When did he say this? And where?", None),  # a second question after: not this one alone
    ("When did Russia launch the missiles?", None),  # when something said happened: an ordinary search
    ("What day of week the official said this news?", "weekday"),  # a learner's: no "the", no "did"
    ("Quick question for my show notes: what day of the week did the official make these remarks, per the piece?",
     "weekday"),  # after a preface with a colon
    ("When Russia launched the missiles?", None),
    ("On which day of the week did the U.S. official make these disclosures?", "weekday"),
    ("day he said it?", "day"),  # a chat fragment
])
def test_when_he_spoke_is_told_from_other_when_questions(question, unit):
    assert asks_when_said(question) == unit


def test_when_he_said_it_is_the_day_beside_a_speech_verb(fake_pipeline):
    answer = fake_pipeline.ask("What day of the week did the guy say all this?")
    assert not answer.refused and "said Wednesday" in answer.citations[0].quote  # not "since late December"
    answer = fake_pipeline.ask("When did he say this?")
    assert [c.quote for c in answer.citations] == [answer.citations[0].quote] and "said Wednesday" in answer.answer
    answer = fake_pipeline.ask("On what date did the official give these remarks? I need it for a citation.")
    assert not answer.refused and "Sept. 4, 2024" in answer.answer  # the caption's date, not the lead's weekday



def test_a_detail_left_out_of_a_partly_quoted_sentence_is_found_in_that_sentence(fake_pipeline):
    history = [{"role": "user", "content": "Is Russia actually using North Korean missiles against Ukraine?"},
               {"role": "assistant", "content": "Yes. According to the official, Russia has launched upward of 65 North "
                                                "Korean missiles into Ukraine."}]
    for question in ("Since when has that been happening?", "over what time period?"):
        answer = fake_pipeline.ask(question, history)
        assert not answer.refused and "since late December" in answer.answer, question


def test_a_date_asked_after_where_he_spoke_is_the_date_he_spoke(fake_pipeline):
    history = [{"role": "user", "content": "Where did the US official make these remarks?"},
               {"role": "assistant", "content": "He spoke at a security forum in Washington."}]
    answer = fake_pipeline.ask("What date was that on?", history)
    assert not answer.refused and "Sept. 4, 2024" in answer.answer  # not "since September of last year"
    history[0]["content"] = "How many containers has Russia procured?"  # a date of the procuring instead
    assert "Sept. 4, 2024" not in fake_pipeline.ask("What date was that on?", history).answer


def test_where_he_said_it_is_the_place_of_his_speaking_not_of_what_he_said(fake_pipeline):
    shown = "“Russia is using DPRK bullets and missiles to kill Ukrainian civilians,” he said. [1]"
    question = "Where did he say all this?"
    docs = fake_pipeline.retriever.search(question, fake_pipeline._embed(question))
    answer = fake_pipeline.answerer.answer(question, question, docs, shown=shown)
    assert not answer.refused and "forum in Washington" in answer.answer


def test_the_speaker_of_a_he_said_quote_is_named_in_a_sentence_before_it(fake_pipeline):
    speakers = fake_pipeline.answerer.speakers
    said = speakers.speaker_of(f"{QUOTE} [1]")
    assert said is not None and said.text.startswith("Koepcke also said")  # the last name alone counts
    paraphrase = "Pyongyang is believed to be seeking military assistance from Russia, including fighter aircraft."
    assert speakers.speaker_of(paraphrase) == said  # the answer need not quote it word for word
    assert speakers.speaker_of("The weather is fine today.") is None  # no sentence of the article


def test_a_lead_that_names_no_one_is_attributed_to_the_next_sentence_that_does(fake_pipeline):
    speakers = fake_pipeline.answerer.speakers
    lead = next(s for s in fake_pipeline.index.sentences if s.text.startswith("Russia has secured"))
    said = speakers.speaker_of(lead.text)  # "... a U.S. official said Wednesday ..."
    assert said is not None and "Robert Koepcke" in said.text and said.position > lead.position


def test_the_answerer_quotes_the_speakers_sentence_after_an_answer(fake_pipeline):
    question = "Who made that claim?"
    docs = fake_pipeline.retriever.search(question, fake_pipeline._embed(question))
    answer = fake_pipeline.answerer.answer(question, question, docs, shown=f"{QUOTE} [1]")
    assert not answer.refused and answer.citations[0].quote.startswith("Koepcke also said")
    alone = fake_pipeline.answerer.answer(question, question, docs)  # nothing shown: nothing to attribute
    assert alone.refused or not alone.citations[0].quote.startswith("Koepcke also said")


def test_who_said_a_he_said_quote_also_cites_the_sentence_naming_him(fake_pipeline):
    question = "Who said Russia is using DPRK bullets and missiles to kill Ukrainian civilians?"
    assert asks_who_said(question, of_content=True) and not asks_who_said(question)
    docs = fake_pipeline.retriever.search(question, fake_pipeline._embed(question))
    answer = fake_pipeline.answerer.answer(question, question, docs)
    quotes = [c.quote for c in answer.citations]
    assert any(q.startswith("“Russia is using DPRK bullets") for q in quotes)  # the quote, "... he said"
    assert any("Koepcke" in q for q in quotes)  # and who "he" is
    named = "Who revealed that Russia has launched 65 North Korean missiles into Ukraine?"
    docs = fake_pipeline.retriever.search(named, fake_pipeline._embed(named))
    assert len(fake_pipeline.answerer.answer(named, named, docs).citations) == 1  # it names him itself


def test_a_sentence_announcing_what_was_said_is_quoted_with_the_quote_that_says_it(fake_pipeline):
    from rag.retrieve import sentence_document

    speakers = fake_pipeline.answerer.speakers
    sentences = fake_pipeline.index.sentences
    announcing = next(s for s in sentences if s.text.startswith("The official underscored the ramifications"))
    said = speakers.elaboration(sentence_document(announcing))
    assert said is not None and said.text.startswith("“Russia is using DPRK bullets")
    content = next(s for s in sentences if "also revealed that since late December" in s.text)
    assert speakers.elaboration(sentence_document(content)) is None  # says it itself, and no quote follows
    # a restated position is quoted with his own words for it, the quote right after
    restated = next(s for s in sentences if s.text.startswith("He also reiterated that the door"))
    assert speakers.elaboration(sentence_document(restated)).text.startswith("“The United States remains committed")
    answer = fake_pipeline.ask("What did the official underscore about Russia's use of North Korean weapons?")
    assert [c.quote[:20] for c in answer.citations] == [announcing.text[:20], said.text[:20]]


def test_a_frame_is_not_cited_when_its_quote_answers_nearly_as_well(real_pipeline):
    answer = real_pipeline.ask("How did he describe Russia's war?")  # "Russia's unlawful war": the quote says it
    assert [c.quote[:20] for c in answer.citations] == ["“Russia is using DPR"]
    answer = real_pipeline.ask("What did the official underscore about Russia's use of North Korean weapons?")
    assert [c.quote[:20] for c in answer.citations] == ["The official undersc"]  # it answers; the quote, less so
    speakers = real_pipeline.answerer.speakers
    assert speakers.frames_only("The official underscored the ramifications from Russia’s use of weapons.")
    assert not speakers.frames_only("He also reiterated that the door for dialogue remains open.")  # says it itself


def test_the_quote_after_an_announcing_sentence_is_cited_only_when_it_answers_too(real_pipeline):
    # the restated position answers; his words after it, about diplomacy in general, add little
    asked = "Did the official say the door for dialogue with the North is closed?"
    assert [c.quote[:20] for c in real_pipeline.ask(asked).citations] == ["He also reiterated t"]
    # asked about talks as well as the door, his words answer too
    asked = "Is Washington still open to talks with North Korea, or has it closed that door?"
    assert [c.quote[:20] for c in real_pipeline.ask(asked).citations] == ["He also reiterated t", "“The United States r"]


@pytest.mark.parametrize("question, asks", [
    ("Who else spoke on the panel with him?", True),
    ("Was anyone else quoted?", True),
    ("Did any other officials comment?", True),
    ("Who else is the US working with?", False),  # partners, not speakers
])
def test_who_else_spoke_is_told_from_other_who_else_questions(question, asks):
    assert asks_who_else_spoke(question) is asks


def test_an_article_quoting_one_person_has_no_one_else_who_spoke(fake_pipeline):
    assert fake_pipeline.ask("Who else spoke on the panel with him?").refused
    assert not fake_pipeline.ask("Who is quoted in this story?").refused  # the one it quotes


def test_the_sentence_an_answer_repeats_is_the_same_in_every_run_when_two_tie():
    import subprocess
    import sys

    code = ("from rag.corpus import Sentence; from rag.speakers import Speakers; "
            "s = [Sentence('a', 0, 1, 'Russia secured more than 16,500 containers of munitions since September.', "
            "position=0), Sentence('a', 2, 3, 'Since September, Russia procured over 16,500 shipping containers of "
            "munitions.', position=1)]; "
            "print(Speakers(s, lambda n: False).quoted('Secured shipping of 16,500 containers'"
            ").position)")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": str(seed)}).stdout.strip() for seed in range(8)}
    assert len(runs) == 1  # set order (hash seed) used to decide a tie


def test_the_speaking_examples_hold():
    import doctest

    import rag.speaking

    assert doctest.testmod(rag.speaking).failed == 0
