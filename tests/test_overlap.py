"""The lexical half of answer selection: weighted, alias-aware, soft coverage (``rag.overlap``)."""

from __future__ import annotations

import pytest

from rag.aliases import Aliases
from rag.overlap import Overlap, unechoed
from rag.vocabulary import ArticleWords
from rag.wordnet import WordNet


def _overlap(pipeline, **settings):
    s = pipeline.settings.model_copy(update=settings)
    wordnet = WordNet.open(s.wordnet_path) if s.wordnet else None
    words = ArticleWords(pipeline.index, pipeline.embeddings, s.word_neighbour_similarity, wordnet)
    return Overlap(pipeline.index, words, Aliases(" ".join(x.text for x in pipeline.index.sentences)), s)


def test_rare_question_words_count_more_than_the_articles_subject(real_pipeline):
    overlap = _overlap(real_pipeline, soft_match_full=0.0, wordnet=False)  # exact words only
    asked = overlap.question("What aircraft does North Korea want?", "What aircraft does North Korea want?")
    assert overlap.idf("aircraft") > overlap.idf("xnorthkorea")  # North Korea is in most sentences
    says_aircraft = "Fighter aircraft were sought."  # one question term each: only the weights differ
    says_north_korea = "North Korea remains open."
    assert overlap.coverage(asked, says_aircraft) > overlap.coverage(asked, says_north_korea)


def test_other_names_of_a_country_and_near_words_count(real_pipeline):
    exact = _overlap(real_pipeline, soft_match_full=0.0, wordnet=False)
    asked = exact.question("Did Moscow get help?", "Did Moscow get help?")
    assert exact.coverage(asked, "Russia sought assistance.") > 0  # Moscow is Russia
    soft = _overlap(real_pipeline)
    asked = soft.question("Did Moscow get help?", "Did Moscow get help?")
    assert soft.coverage(asked, "Russia sought assistance.") > exact.coverage(asked, "Russia sought assistance.")
    assert soft.coverage(asked, "Russia sought assistance.") < 1.0  # a near word is not the word itself


def test_a_follow_ups_own_words_outweigh_those_it_borrows(real_pipeline):
    overlap = _overlap(real_pipeline, soft_match_full=0.0, wordnet=False)
    asked = overlap.question("Is that allowed?", "Is that allowed? How many containers did Russia get?")
    weight = dict(zip(asked.stems, asked.weights.tolist()))
    assert weight["allow"] == pytest.approx(overlap.idf("allow"))
    assert weight["contain"] == pytest.approx(0.3 * overlap.idf("contain"))  # history_term_weight
    assert overlap.coverage(asked, "Transfers are not allowed.") > overlap.coverage(asked, "Containers came.")


def test_a_word_wordnet_links_earns_credit(real_pipeline):
    question = "Is the North seeking warplanes?"
    sentence = "Pyongyang is seeking fighter aircraft."  # a fighter aircraft is a kind of warplane
    without = _overlap(real_pipeline, soft_match_full=0.0, wordnet=False)
    linked = _overlap(real_pipeline, soft_match_full=0.0)
    assert linked.words.wordnet is not None
    assert linked.coverage(linked.question(question, question), sentence) > \
        without.coverage(without.question(question, question), sentence)


def test_a_word_said_only_through_a_rarer_sense_earns_less(real_pipeline):
    overlap = _overlap(real_pipeline, soft_match_full=0.0)
    asked = overlap.question("What rules do the shipments break?", "What rules do the shipments break?")
    at = asked.words.index("break")
    revealed = overlap.credits(asked, "The official also revealed the figures.")[at]  # "break the news": rare
    fracture = overlap.credits(asked, "The fracture widened.")[at]  # among the senses WordNet lists first
    assert revealed == pytest.approx(overlap.settings.wordnet_rare_credit) and fracture == pytest.approx(0.8)


def test_the_words_of_an_attribution_count_less_than_what_is_asked(real_pipeline):
    question = "According to the American official, which rules do the deliveries break?"
    framed = _overlap(real_pipeline, wordnet=False)
    plain = _overlap(real_pipeline, wordnet=False, framing_term_weight=1.0)
    def weight(overlap, stem):
        asked = overlap.question(question, question)
        return dict(zip(asked.stems, asked.weights.tolist()))[stem]
    assert weight(framed, "official") == pytest.approx(0.3 * weight(plain, "official"))
    assert weight(framed, "rule") == pytest.approx(weight(plain, "rule"))


@pytest.mark.parametrize("question, framing, asked", [
    ("Could you list the issues Koepcke said the US is open to discussing?", ["list", "koepck"], "issu"),
    ("Please list what North Korea wants.", ["list"], "want"),
    ("Name the weapons Russia used.", ["name"], "weapon"),
    ("What is the name of the forum?", [], "name"),  # "name" asked about, not a request
    ("What was packed in those boxes, in the diplomat's own words?", ["diplomat"], "pack"),
    ("Does Washington still want to hold talks with the North?", ["hold"], "talk"),  # a light verb of the talks
    ("Did they hold the missiles back?", [], "hold"),  # a verb of its own
])
def test_a_request_and_an_inner_attribution_frame_the_question(real_pipeline, question, framing, asked):
    framed = _overlap(real_pipeline, wordnet=False)
    plain = _overlap(real_pipeline, wordnet=False, framing_term_weight=1.0)
    def weights(overlap):
        terms = overlap.question(question, question)
        return dict(zip(terms.stems, terms.weights.tolist()))
    for stem in framing:
        assert weights(framed)[stem] == pytest.approx(0.3 * weights(plain)[stem])
    assert weights(framed)[asked] == pytest.approx(weights(plain)[asked])


def test_a_word_under_a_prefix_that_keeps_its_meaning_is_said(real_pipeline):
    overlap = _overlap(real_pipeline, soft_match_full=0.0, wordnet=False)  # exact words only
    asked = overlap.question("Are there any conditions?", "Are there any conditions?")
    assert overlap.coverage(asked, "We will talk without preconditions.") == 1.0
    assert overlap.coverage(asked, "We will talk without delay.") == 0.0
    lawful = overlap.question("Is it lawful?", "Is it lawful?")
    assert overlap.coverage(lawful, "It is an unlawful war.") == 0.0  # a negating prefix says the opposite


def test_adjacent_pairs_of_the_question_count_where_the_sentence_has_them_adjacent(real_pipeline):
    overlap = real_pipeline.answerer.overlap
    question = "Which official name for North Korea did Koepcke use?"
    named = "He said so, referring to North Korea by its official name."
    scattered = "The name was withheld, an official said of North Korea."
    assert overlap.phrases(question, named) > overlap.phrases(question, scattered) == 0.0  # the words, not the pair
    assert overlap.phrases("To what does the US remain committed?", "The US remains committed to diplomacy.") == 1.0
    assert overlap.phrases("Who?", named) == 0.0  # no pair asked


def test_a_clause_restating_the_question_is_taken_out_before_counting():
    raised = "Washington is “deepening concerned” about what North Korea is getting in return for its arms support for Russia."
    assert unechoed("What is North Korea getting in return?", raised) == "Washington is “deepening concerned” about ."
    assert unechoed("so what's north korea getting back from russia", raised).endswith("about .")  # 4 of 5 terms
    assert unechoed("north korea get what back from russia", raised).endswith("about .")  # the wh-word inside
    # another wh-word, or another question, or a question about the raising: the sentence stays whole
    assert unechoed("Who is North Korea getting arms from?", raised) == raised
    assert unechoed("What is Washington worried about?", raised) == raised
    assert unechoed("What did he say about what North Korea is getting?", raised) == raised
    assert unechoed("What is he getting?", raised) == raised  # one term is no restatement


def test_a_clause_is_kept_when_the_rest_of_the_sentence_says_what_the_question_adds(real_pipeline):
    raised = "Washington is “deepening concerned” about what North Korea is getting in return for its arms support."
    mentions = real_pipeline.answerer.words.mentions
    worried = "what is the us worried about north korea getting"  # "worried": said by "concerned", outside the clause
    assert unechoed(worried, raised, mentions=mentions) == raised
    assert unechoed(worried, raised).endswith("about .")  # without a way to read the rest: taken out
    assert unechoed("What is North Korea getting in return?", raised, mentions=mentions).endswith("about .")


def test_the_answer_to_a_question_a_sentence_only_raises_is_the_sentence_that_answers_it(fake_pipeline):
    from tests.test_answer import _doc

    raised = "Koepcke said Washington is concerned about what North Korea is getting in return for its arms."
    answer = "In return for its missiles, Pyongyang is seeking fighter aircraft and armored vehicles from Russia."
    docs = [_doc(raised, 7, 0.55), _doc(answer, 8, 0.55)]
    question = "What is North Korea getting in return?"
    assert fake_pipeline.answerer.select(question, question, docs)[0][0].page_content == answer


def test_a_doubled_consonant_is_undone_so_every_form_of_a_verb_has_one_stem():
    from rag.lexicon import stem

    assert stem("getting") == stem("gets") == stem("get")
    assert stem("shipped") == stem("ships") and stem("dragging") == stem("drag")
    assert stem("falling") == stem("falls") and stem("passing") == stem("passes")  # "ll" and "ss" stay


def test_whole_and_entire_only_quantify(real_pipeline):
    from rag.lexicon import content_words

    assert content_words("what does the article say this whole thing is a sign of") == ["sign"]
    # "whole" was credited by "unit" (WordNet's noun) in the diplomacy quote, which then won
    answer = real_pipeline.ask("what does the article say this whole thing is a sign of")
    assert "deepening military cooperation" in answer.answer
