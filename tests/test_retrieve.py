"""Retrieval: follow-ups without an LLM, BM25, and rank fusion (with the bag-of-words fake)."""

from __future__ import annotations

import doctest
import re

import pytest

from rag.chain import Pipeline, QuestionError, check_question
from rag.ingest import ingest
import rag.phrasing
from rag.phrasing import direct_question, plain_text
from rag.retrieve import BM25, asked_kind, contextualize, is_follow_up
from rag.settings import Settings

HISTORY = [
    {"role": "user", "content": "Who is Robert Koepcke?"},
    {"role": "assistant", "content": "Robert Koepcke, U.S. deputy assistant secretary of state ... [1]"},
]


@pytest.mark.parametrize("question", ["Where did he speak?", "Since when?", "And how many missiles?",
                                      "What else did he say?", "Why?", "like what, specifically?",
                                      "ok and starting from when", "Okay, since when?",  # after an acknowledgement
                                      "over what time period?",  # only a detail asked
                                      "Oh my. And since when, roughly?"])  # an exclamation first
def test_follow_ups_are_recognised(question):
    assert is_follow_up(question)


@pytest.mark.parametrize("question", ["How many containers of munitions has Russia procured from North Korea?",
                                      "Who is Robert Koepcke?", "ok, how many containers did Russia procure?",
                                      "Wow. How many containers did Russia get from North Korea?"])
def test_standalone_questions_are_left_alone(question):
    assert not is_follow_up(question)
    assert contextualize(question, HISTORY) == question


def test_follow_up_borrows_the_topic_of_earlier_questions_not_the_last_answer():
    query = contextualize("Where did he speak?", HISTORY)
    assert query == "Where did he speak? Who is Robert Koepcke?"  # the answer's words would pull back to it


def test_like_what_asks_for_examples_of_what_the_last_answer_said(fake_pipeline):
    shown = ("Koepcke also said that Washington is “deepening concerned” about what North Korea is getting in "
             "return for its arms support for Russia. [1]")
    history = [{"role": "user", "content": "Is the US worried?"}, {"role": "assistant", "content": shown}]
    assert contextualize("like what exactly?", history) == "like what exactly? " + shown.replace("[1]", " ")
    answer = fake_pipeline.ask("Like what?", history)  # not the sentence just read: the examples of it
    assert not answer.refused and "deepening concerned" not in answer.answer


def test_a_message_that_changes_the_subject_borrows_no_topic():
    question = "Ok. Different question - what did he say about it?"
    assert is_follow_up(question) and contextualize(question, HISTORY) == question


def test_follow_up_without_history_is_unchanged():
    assert contextualize("Since when?", []) == "Since when?"


def test_bm25_prefers_rare_shared_terms():
    bm25 = BM25(["the cat sat", "the dog sat", "a dog and a dog barked"], k1=1.2, b=0.5)
    scores = bm25.scores("dog barked")
    assert max(scores, key=scores.get) == 2
    assert 0 not in scores  # shares no term: never touched


def test_hybrid_search_fuses_and_reports_scores(settings, fake_embeddings):
    ingest(settings, fake_embeddings, progress=False)
    pipeline = Pipeline.load(settings, fake_embeddings)
    query = "How many North Korean missiles has Russia launched into Ukraine?"
    docs = pipeline.retriever.search(query, pipeline._embed(query))
    assert len(docs) == settings.fused_k
    assert "upward of 65 North Korean missiles" in docs[0].page_content
    scores = [d.metadata["score"] for d in docs]
    assert scores == sorted(scores, reverse=True)
    assert docs[0].metadata["score"] <= 2 / (settings.rrf_k + 1)  # weighted RRF bound


def test_fusion_weights_come_from_settings(settings, fake_embeddings):
    ingest(settings, fake_embeddings, progress=False)
    lexical_only = Settings(corpus_dir=settings.corpus_dir, data_dir=settings.data_dir, dense_weight=0.0)
    pipeline = Pipeline.load(lexical_only, fake_embeddings)
    query = "Koepcke security forum Washington"
    docs = pipeline.retriever.search(query, pipeline._embed(query))
    assert docs[0].metadata["bm25"] == max(d.metadata["bm25"] for d in docs)


def test_follow_up_through_the_chain_uses_history(settings, fake_embeddings):
    ingest(settings, fake_embeddings, progress=False)
    pipeline = Pipeline.load(settings, fake_embeddings)
    history = [{"role": "user", "content": "How many North Korean missiles has Russia launched into Ukraine?"},
               {"role": "assistant", "content": "upward of 65 [1]"}]
    answer = pipeline.ask("Since when?", history)
    assert not answer.refused and "since late December" in answer.answer


@pytest.mark.parametrize("question, kind", [("What's the headline?", "headline"), ("Who is in the photo?", "caption"),
                                            ("Which agency published this?", "attribution"),
                                            ("How many missiles?", None), ("What is the title?", "headline"),
                                            ("What is Koepcke's job title?", None),
                                            ("koepcke title please", None), ("article title please", "headline"),
                                            ("What's the bigger picture here?", None),  # the story as a whole
                                            ("the bigger-picture gist?", None),
                                            ("where'd this story come from", "attribution"),
                                            ("Where did the report come from?", "attribution"),
                                            ("Who reported this story?", "attribution"),
                                            # a person as the source of a claim, not the page's source line
                                            ("Who is the source of the container figure?", None),
                                            ("Who is the named U.S. government source here?", None),
                                            ("What is the source of this article?", "attribution"),
                                            ("Where did the missiles come from?", None),
                                            ("Who reported the launches?", None)])
def test_questions_about_the_page_name_a_sentence_kind(question, kind):
    assert asked_kind(question) == kind


def test_markup_is_not_searched():
    assert plain_text("<script>alert(1)</script> How many <b>missiles</b>?") == "How many missiles ?"


@pytest.mark.parametrize("bad, message", [
    ("", "empty"), ("   \n\t ", "empty"), ("x" * 2001, "2,001 characters long; the limit is 2,000"),
    ("How many\x00 missiles?", "control characters (U+0000)"), ("Why\x1b[31m?", "U+001B"), (None, "must be text"),
])
def test_bad_questions_get_a_message(bad, message):
    with pytest.raises(QuestionError, match=re.escape(message)):
        check_question(bad, Settings())


def test_question_length_limit_is_configurable():
    with pytest.raises(QuestionError, match="limit is 10"):
        check_question("x" * 11, Settings(max_question_chars=10))
    assert check_question("  fine  ", Settings(max_question_chars=10)) == "fine"


def test_a_follow_up_is_searched_with_its_own_words_too(settings, fake_embeddings):
    ingest(settings, fake_embeddings, progress=False)
    pipeline = Pipeline.load(settings, fake_embeddings)
    question, query = "Since when?", "Since when? How many missiles has Russia launched?"
    docs = pipeline._search(pipeline.retriever, question, query)
    assert docs and all("own_similarity" in d.metadata for d in docs)
    assert not any("own_similarity" in d.metadata for d in pipeline._search(pipeline.retriever, query, query))


def test_a_question_typed_without_its_question_mark_gets_it():
    assert plain_text("who said that") == "who said that?"
    assert plain_text("How many containers did Russia get") == "How many containers did Russia get?"
    assert plain_text("Tell me about the containers") == "Tell me about the containers"  # not a question form
    assert plain_text("Who said that?") == "Who said that?"
    assert plain_text("<b>who</b> said it") == "who said it?"


def test_a_closing_what_does_it_say_hands_over_the_question_before_it():
    wanted = "A student wants to know why Russia needs the shells."
    assert plain_text(f"{wanted} What does the article say?") == wanted
    assert plain_text("My class is curious how the arms travel. What does the story tell us?") == \
        "My class is curious how the arms travel."
    # alone, or after a sentence that asks nothing, it is the question
    assert plain_text("What does the article say?") == "What does the article say?"
    assert plain_text("I heard about the forum. What does the story say about it?") == \
        "I heard about the forum. What does the story say about it?"


def test_the_phrasing_examples_hold():
    assert doctest.testmod(rag.phrasing).failed == 0


@pytest.mark.parametrize("question, direct", [
    ("Could you tell me through which port the containers reached Russia?",
     "through which port did the containers reached Russia?"),
    ("My aunt wants to know when the war began.", "when did the war began?"),
    ("Does the story say which allies Washington is working with?", "which allies is Washington working with?"),
    ("I wonder what the U.S. will do next.", "what will the U.S. do next?"),  # "U.S." ends no clause
    ("Did he say when or where talks might happen?", "when or where might talks happen?"),
    ("Did he say which ones were hit?", None),  # the wh-word is the subject: already a question's order
    ("When did the war begin?", None),  # no question inside another
])
def test_a_question_inside_another_is_put_in_a_questions_order(question, direct):
    assert direct_question(question) == direct


def test_a_contraction_typed_without_its_apostrophe_gets_it():
    assert plain_text("whats the capital of mongolia") == "what's the capital of mongolia?"
    assert plain_text("Doesnt the US want talks") == "Doesn't the US want talks?"
    assert plain_text("WHOS THAT") == "WHO'S THAT?"
    assert plain_text("its range and cant we wont") == "its range and cant we wont"  # words of their own


@pytest.mark.parametrize("typed, plain", [
    # a chart's shorthand
    ("Unit on the 16.5k figure?", "Unit on the 16,500 figure?"),
    ("about 2k containers", "about 2,000 containers"),
    ("K-pop 2k24 A4k", "K-pop 2k24 A4k"),  # no number of thousands
    ("# of missiles fired?", "number of missiles fired?"),
    ("# NK troops in Russia", "number of NK troops in Russia"),  # not a hashtag ("#Ukraine")
    ("#Ukraine missiles", "#Ukraine missiles"),
    # courtesy asks nothing
    ("Excuse me, what date was the forum? Please tell me.", "what date was the forum?"),
    ("Sorry, who said it? Thanks!", "who said it?"),
    ("what is the name of the official in this news?", "what is the name of the official in the article?"),
    ("when'd he say it", "when did he say it?"),
    ("how many violated #", "how many violated #"),
    # what the answer is needed for asks nothing ...
    ("What outlet is this from? Need the source for the card.", "What outlet is this from?"),
    ("and since when? I need the start point.", "and since when?"),
    ("Where did he speak? This is for my podcast.", "Where did he speak?"),
    # ... unless it asks, or names the kind of answer wanted
    ("Who said it? I want to cite him, so give me his name.", "Who said it? I want to cite him, so give me his name."),
    ("When did he say it? I need the date for a citation.", "When did he say it? I need the date for a citation."),
    # every answer quotes the article word for word: asking so only dilutes what the question is about
    ("Give me the line where he states the missile count, word for word.",
     "Give me the line where he states the missile count."),
    ("What did he say verbatim about talks?", "What did he say about talks?"),
    # a courtesy at the end asks nothing
    ("And since when has that been going on, if I may ask?", "And since when has that been going on?"),
    ("who said it, thanks", "who said it?"),
    ("Do you know, if you can, what he said?", "Do you know, if you can, what he said?"),  # not at the end
])
def test_what_asks_nothing_is_left_out_and_shorthand_spelt_out(typed, plain):
    assert plain_text(typed) == plain


def test_chat_shorthand_is_spelt_out():
    assert plain_text("what's russia doing w/ the NK weapons") == "what's russia doing with the NK weapons?"
    assert plain_text("which places are ppl worried abt") == "which places are people worried about?"
    assert plain_text("will the US send more cuz of this?") == "will the US send more because of this?"
    assert plain_text("can u tell me who ur source is") == "can you tell me who your source is?"
    # not inside words or names: "U.S.", "U.N.", "Tho Nguyen" keeps its capital, "bus", "abta"
    assert plain_text("Did the U.S. or U.N. say?") == "Did the U.S. or U.N. say?"
    assert plain_text("Is the bus route w/o stops") == "Is the bus route without stops?"
    assert plain_text("U BC") == "U BC"
    assert plain_text("Did Tho say so, tho") == "Did Tho say so, though?"
    assert plain_text("and if they dont want to talk what happen") == "and if they refuse to talk what happen"
    assert plain_text("What if Pyongyang does not wish to negotiate?") == "What if Pyongyang refuse to negotiate?"
    # "re" is "about" (once: "worried about re ..."), but not in "re-arm"; "per" a source, but not a rate
    assert plain_text("what is the us worried about re nk payback") == "what is the us worried about nk payback?"
    assert plain_text("any news re sanctions") == "any news about sanctions"
    assert plain_text("will they re-arm") == "will they re-arm?"
    assert plain_text("sign of what per the story") == "sign of what according to the story"
    assert plain_text("what ru using nk arms for per him") == "what ru using nk arms for according to him?"
    assert plain_text("how many missiles per month") == "how many missiles per month?"
    # two words joined by a slash are either; not "and/or", a path or a unit
    assert plain_text("Which theaters/regions are covered?") == "Which theaters or regions are covered?"
    assert plain_text("missiles and/or shells?") == "missiles and/or shells?"
    assert plain_text("see yonhap.co.kr/news") == "see yonhap.co.kr/news"
    assert plain_text("how fast in km/h") == "how fast in km/h?"


def test_a_question_word_left_at_the_end_is_put_first():
    assert plain_text("he speak at what kind of event") == "at what kind of event did he speak?"
    assert plain_text("Koepcke spoke in which city?") == "in which city did Koepcke spoke?"  # the words, not grammar
    assert plain_text("Who spoke at what event?") == "Who spoke at what event?"  # a question word first already


def test_idioms_of_talks_are_put_in_the_literal_words_news_uses():
    assert plain_text("Will they sit down with Kim?") == "Will they talk with Kim?"
    assert plain_text("any conditions to sitting down with NK?") == "any conditions to talking with NK?"
    assert plain_text("What would the US put on the table?") == "What would the US discuss?"
    assert plain_text("Is that off the table?") == "Is that ruled out?"
    assert plain_text("and if they keep saying no?") == "and if they keep refusing?"
    assert plain_text("what did they say back?") == "what did they reply?"
    assert plain_text("What if Pyongyang says no?") == "What if Pyongyang refuse?"  # the words, not grammar
    assert plain_text("Did he sit down on a chair?") == "Did he sit down on a chair?"  # no talks: left alone
    assert plain_text("What is on the table in the photo?") == "What is on the table in the photo?"
    assert plain_text("did ukraine shoot any of those missiles down?") == "did ukraine intercept any of those missiles?"
    assert plain_text("Were the missiles shot down over Kyiv?") == "Were the missiles intercepted over Kyiv?"
    assert plain_text("What does Pyongyang get out of the deal?") == "What does Pyongyang get in return for the deal?"
    assert plain_text("what is North Korea getting back?") == "what is North Korea getting in return?"
    assert plain_text("How many have they gotten out of Pyongyang?") == "How many have they gotten out of Pyongyang?"
    assert plain_text("When did he get back to Seoul?") == "When did he get back to Seoul?"  # coming back
    assert plain_text("with strings attached?") == "with conditions?"
    assert plain_text("no strings attached?") == "without conditions?"
    # typed in capitals, it stays in capitals: a lower-case word inside would make the rest look like names
    assert plain_text("WILL THEY SIT DOWN WITH KIM W/O CONDITIONS?") == "WILL THEY TALK WITH KIM WITHOUT CONDITIONS?"


def test_a_sentence_of_the_kind_asked_for_is_offered_though_the_search_missed_it(fake_pipeline):
    from rag.retrieve import HybridRetriever

    one = fake_pipeline.settings.model_copy(update={"fused_k": 1})  # the search keeps only its best sentence
    retriever = HybridRetriever(index=fake_pipeline.index, embeddings=fake_pipeline.retriever.embeddings, settings=one)
    question = "What broader trend are these deliveries evidence of?"  # a relation: "sign of ... cooperation"
    texts = [d.page_content for d in retriever.search(question, fake_pipeline._embed(question))]
    assert any("sign of deepening military cooperation" in t for t in texts)
    plain = "How many containers has Russia procured?"  # a number: most sentences have one, none is added
    assert len(retriever.search(plain, fake_pipeline._embed(plain))) == 1


def test_the_lexical_search_reads_the_articles_synonyms_of_words_it_never_uses(fake_pipeline):
    """"dragging out the conflict" shares no word with "prolong Russia's unlawful war"; the synonym file's
    "prolong", which the vector search already reads, finds it by BM25 too."""
    question = "Are the arms dragging out the conflict?"
    expanded = fake_pipeline.answerer.vector_text(question)
    assert "prolong" in expanded
    lexical = fake_pipeline.retriever.bm25.scores(expanded)
    best = max(lexical, key=lexical.get)
    assert "prolong" in fake_pipeline.index.sentences[best].text
    docs = fake_pipeline._search(fake_pipeline.retriever, question, question)
    assert any("prolong" in d.page_content and d.metadata["bm25"] > 0 for d in docs)


def test_a_learners_and_a_dictating_readers_forms_are_read_as_written_english():
    assert plain_text("What means DPRK exactly?") == "what does DPRK mean exactly?"  # a learner's inversion
    assert plain_text("DPRK, what means this letters?") == "DPRK, what means this letters?"  # no acronym after it
    assert plain_text("What wants Pyongyang to get?") == "what does Pyongyang want to get?"
    assert plain_text("What says the article about Japan?") == "what does the article say about Japan?"
    assert plain_text("What wants to happen?") == "What wants to happen?"  # no subject after the verb
    assert plain_text("um what does d p r k stand for") == "what does DPRK stand for?"  # letters dictated
    assert plain_text("is it plan a b or c") == "is it plan a b or c?"  # two letters: words
