"""Which retrieved sentences the extractive answerer quotes."""

from __future__ import annotations

from rag import followups
from rag.answer import ExtractiveAnswerer
from rag.answer_types import type_fit


def _doc(text, position, similarity):
    from langchain_core.documents import Document

    return Document(page_content=text, metadata={"source": "corpus/a.txt", "start": position * 100,
                                                 "end": position * 100 + len(text), "kind": "body",
                                                 "position": position, "similarity": similarity, "score": 0.0})


def test_a_second_sentence_is_quoted_only_when_it_continues_the_first(fake_pipeline):
    answerer = ExtractiveAnswerer(fake_pipeline.index, fake_pipeline.embeddings,
                                  fake_pipeline.settings.model_copy(update={"max_answer_sentences": 2,
                                                                            "phrase_weight": 0.0}))
    question = "What did Russia procure and launch?"  # (word order aside: "Russia procure" would pick the second)
    best = _doc("Russia launched missiles into Ukraine.", 5, 0.60)
    far = _doc("Russia procured containers of munitions.", 12, 0.59)
    chosen, _ = answerer.select(question, question, [best, far])
    assert chosen == [best]  # scores nearly as well and adds "procure", but comes from elsewhere in the article
    next_one = _doc("Russia procured containers of munitions.", 6, 0.59)
    chosen, _ = answerer.select(question, question, [best, next_one])
    assert chosen == [best, next_one]  # next to it: quoted, in article order


def test_what_else_does_not_quote_the_previous_answer_again(fake_pipeline):
    answerer = fake_pipeline.answerer
    shown = _doc("Russia launched missiles into Ukraine.", 5, 0.60)
    other = _doc("Russia procured containers of munitions.", 9, 0.50)
    query = "What else? What did Russia launch?"
    chosen, _ = answerer.select("What else?", query, [shown, other], shown=f"{shown.page_content} [1]")
    assert chosen == [other]
    chosen, _ = answerer.select("And then?", query, [shown, other], shown=f"{shown.page_content} [1]")
    assert chosen[0] == shown  # only "else", "other", "more" ... ask for something new


def test_who_questions_prefer_a_sentence_naming_a_person(fake_pipeline):
    answerer = fake_pipeline.answerer
    question = "Who is the official?"
    is_place = answerer.aliases.names_place_of
    assert type_fit(question, "Robert Koepcke, the official, spoke.", is_place) == 1.0
    assert type_fit(question, "The official's remarks came later.", is_place) == 0.0
    assert type_fit("What did the official say?", "Robert Koepcke spoke.", is_place) == 0.0  # not asked


def test_a_follow_up_leans_to_the_sentence_after_the_one_last_quoted(fake_pipeline):
    answerer = fake_pipeline.answerer
    sentences = fake_pipeline.index.sentences
    shown = next(s for s in sentences if s.text.startswith("“Since September of last year"))
    after = next(s for s in sentences if s.source == shown.source and s.position == shown.position + 1)
    elsewhere = next(s for s in sentences if s.text.startswith("Koepcke also said"))
    # Without the bonus "elsewhere" scores a little higher (checked with next_sentence_weight=0).
    docs = [_doc(after.text, after.position, 0.30), _doc(elsewhere.text, elsewhere.position, 0.40)]
    for doc in docs:
        doc.metadata["source"] = shown.source
    question, query = "Is that allowed?", "Is that allowed? What did Russia procure?"
    no_bonus = ExtractiveAnswerer(fake_pipeline.index, fake_pipeline.embeddings,
                                  fake_pipeline.settings.model_copy(update={"next_sentence_weight": 0.0}))
    assert no_bonus.select(question, query, docs, shown=f"{shown.text} [1]")[0][0].page_content == elsewhere.text
    assert answerer.select(question, query, docs, shown=f"{shown.text} [1]")[0][0].page_content == after.text
    assert followups.bonus(question, "", None, 0.2, answerer.words.mentions)(docs[0]) == 0.0  # nothing shown
    # A question that stands alone (its query is itself) is not a follow-up: no bonus.
    assert answerer.select(question, question, docs, shown=f"{shown.text} [1]")[0][0].page_content == elsewhere.text


def test_a_follow_up_asking_only_for_a_detail_leans_to_the_sentence_just_quoted(fake_pipeline):
    answerer = fake_pipeline.answerer
    sentences = fake_pipeline.index.sentences
    shown = next(s for s in sentences if s.text.startswith("Russia has secured more than 16,500"))
    headline = next(s for s in sentences if s.kind == "headline")
    docs = [_doc(headline.text, headline.position, 0.45), _doc(shown.text, shown.position, 0.40)]
    for doc in docs:
        doc.metadata["source"] = shown.source
    query = "And since when? How many containers has Russia gotten?"
    chosen, _ = answerer.select("And since when?", query, docs, shown=f"{shown.text} [1]")
    assert [d.page_content for d in chosen] == [shown.text]  # "since September last year", as just quoted
    chosen, _ = answerer.select("And since when?", query, docs, shown="Since September. [1]")
    assert [d.page_content for d in chosen] == [headline.text]  # only a phrase was shown: no bonus


def test_a_follow_up_asking_for_something_else_leans_away_from_the_sentence_just_quoted(fake_pipeline):
    answerer = fake_pipeline.answerer
    sentences = fake_pipeline.index.sentences
    shown = next(s for s in sentences if s.text.startswith("“These arms transfers"))
    counted = next(s for s in sentences if s.text.startswith("Russia has secured more than 16,500"))
    docs = [_doc(shown.text, shown.position, 0.45), _doc(counted.text, counted.position, 0.36)]
    for doc in docs:
        doc.metadata["source"] = shown.source
    question = "Which transfers does he mean?"
    bonus = followups.bonus(question, f"{shown.text} [1]", shown, 0.2, answerer.words.mentions)
    assert bonus(docs[0]) == -0.2 and bonus(docs[1]) == 0.0
    after = _doc("after", shown.position + 1, 0.3)
    after.metadata["source"] = shown.source
    assert bonus(after) == 0.2  # the next sentence still leans in
    # Only a phrase of it was shown: the sentence may be what is asked for now.
    assert followups.bonus(question, "clear violations [1]", shown, 0.2, answerer.words.mentions)(docs[0]) == 0.0
    # ... and away from another sentence that says most of it again
    again = _doc("These transfers constitute violations of Security Council resolutions, he said.", 2, 0.4)
    again.metadata["source"] = shown.source
    assert bonus(again) == -0.2 and bonus(docs[1]) == 0.0


def test_a_follow_up_asking_for_a_detail_the_answer_left_out_leans_to_the_sentence_it_came_from(fake_pipeline):
    answerer = fake_pipeline.answerer
    counted = next(s for s in fake_pipeline.index.sentences if s.text.startswith("Russia has secured more than 16,500"))
    given = _doc(counted.text, counted.position, 0.5)
    after = _doc("after", counted.position + 1, 0.5)
    for doc in (given, after):
        doc.metadata["source"] = counted.source
    shown = ("A U.S. official said Russia has secured more than 16,500 containers of munitions and related "
             "materiel from North Korea.")  # most of it, without its date
    bonus = followups.bonus("And over what time frame was that?", shown, counted, 0.2, answerer.words.mentions)
    assert bonus(given) == 0.2 and bonus(after) == 0.0  # its date, not what the article says next
    # A phrase of it shown is no answer that left its date out
    assert followups.bonus("And when?", "Russia has secured containers.", counted, 0.2,
                           answerer.words.mentions)(given) == 0.0


def test_how_a_thing_just_named_was_described_leans_to_the_sentence_that_named_it(fake_pipeline):
    answerer = fake_pipeline.answerer
    using = next(s for s in fake_pipeline.index.sentences if s.text.startswith("“Russia is using DPRK"))
    given = _doc(using.text, using.position, 0.5)
    given.metadata["source"] = using.source
    shown = "To kill Ukrainian civilians, destroy Ukrainian cities and infrastructure, and prolong the war."
    described = followups.bonus("How did he describe that war?", shown, using, 0.2, answerer.words.mentions)
    assert described(given) == 0.2  # "Russia's unlawful war": the words the answer left out
    other = followups.bonus("What is Russia doing with those weapons?", shown, using, 0.2, answerer.words.mentions)
    assert other(given) == 0.0  # not asked how it was described: no lean


def test_by_default_one_sentence_is_quoted(fake_pipeline):
    answerer = ExtractiveAnswerer(fake_pipeline.index, fake_pipeline.embeddings,
                                  fake_pipeline.settings.model_copy(update={"phrase_weight": 0.0}))  # order aside
    question = "What did Russia procure and launch?"
    best = _doc("Russia launched missiles into Ukraine.", 5, 0.60)
    next_one = _doc("Russia procured containers of munitions.", 6, 0.59)
    assert answerer.select(question, question, [best, next_one])[0] == [best]
    # with word order counted, the sentence saying "Russia procured" as asked ("Russia procure") wins
    assert fake_pipeline.answerer.select(question, question, [best, next_one])[0] == [next_one]


def test_what_else_besides_an_item_of_the_last_answer_may_quote_it_again(fake_pipeline):
    answerer = fake_pipeline.answerer
    shown = _doc("Pyongyang is seeking fighter aircraft, armored vehicles and other materials.", 5, 0.60)
    other = _doc("Russia procured containers of munitions.", 9, 0.50)
    query = "What else besides fighter jets? What is Pyongyang seeking?"
    chosen, _ = answerer.select("What else besides fighter jets?", query, [shown, other],
                                shown=f"{shown.page_content} [1]")
    assert chosen == [shown]  # the rest of the list it quoted
    chosen, _ = answerer.select("What else?", query, [shown, other], shown=f"{shown.page_content} [1]")
    assert chosen == [other]


def test_a_countrys_role_asks_for_no_persons_title(fake_pipeline):
    titled = _doc("Robert Koepcke, U.S. deputy assistant secretary of state, speaks during a forum.", 6, 0.30)
    remarks = _doc("The official’s remarks came as Russia has been working with North Korea.", 3, 0.50)
    select = fake_pipeline.answerer.select
    assert select("What's the official's role?", "What's the official's role?", [remarks, titled])[0] == [titled]
    chosen, _ = select("What is North Korea's role?", "What is North Korea's role?", [remarks, titled])
    assert chosen == [remarks]  # a country's role: no title slot, the better sentence wins
    chosen, _ = select("What is the role of North Korea?", "What is the role of North Korea?", [remarks, titled])
    assert chosen == [remarks]  # the same, put the other way round


def _headline_beside(pipeline, body_start, headline_similarity, body_similarity):
    """The headline and a body sentence as retrieved documents, the headline first."""
    sentences = pipeline.index.sentences
    headline = next(s for s in sentences if s.kind == "headline")  # "... since last Sept.: U.S. official"
    body = next(s for s in sentences if s.text.startswith(body_start))
    docs = [_doc(headline.text, headline.position, headline_similarity), _doc(body.text, body.position, body_similarity)]
    docs[0].metadata["kind"] = "headline"
    return headline.text, body.text, docs


def _with_headline_weight(pipeline, weight):
    return ExtractiveAnswerer(pipeline.index, pipeline.embeddings,
                              pipeline.settings.model_copy(update={"headline_weight": weight}))


def test_the_headline_yields_to_the_body_unless_the_question_is_about_it(fake_pipeline):
    headline, lead, docs = _headline_beside(fake_pipeline, "Russia has secured more than 16,500", 0.45, 0.40)
    question = "Since when has Russia been receiving the munitions containers?"
    assert _with_headline_weight(fake_pipeline, 0.0).select(question, question, docs)[0][0].page_content == headline
    assert fake_pipeline.answerer.select(question, question, docs)[0][0].page_content == lead
    about = "What does the headline say about the containers?"
    assert fake_pipeline.answerer.select(about, about, docs)[0][0].page_content == headline


def test_the_headline_yields_even_when_its_short_words_match_the_question_better(fake_pipeline):
    headline, quote, docs = _headline_beside(fake_pipeline, "“Since September of last year", 0.80, 0.66)
    question = "Since when has Russia been procuring these munitions from Pyongyang?"  # "procured ... since last Sept."
    assert _with_headline_weight(fake_pipeline, 0.1).select(question, question, docs)[0][0].page_content == headline
    assert fake_pipeline.answerer.select(question, question, docs)[0][0].page_content == quote


def test_no_sequel_is_expected_after_a_caption(fake_pipeline):
    answerer = fake_pipeline.answerer
    sentences = fake_pipeline.index.sentences
    caption = next(s for s in sentences if s.kind == "caption")
    body = next(s for s in sentences if s.kind == "body" and s.source == caption.source)
    for prev, expected in ((caption, 0.0), (body, 0.2)):
        doc = _doc("next", prev.position + 1, 0.3)
        doc.metadata["source"] = prev.source
        assert followups.bonus("And then?", "a paraphrase of it", prev, 0.2, answerer.words.mentions)(doc) == expected


def test_what_else_is_on_that_list_asks_for_the_rest_of_the_list_just_shown(fake_pipeline):
    answerer = fake_pipeline.answerer
    sentences = fake_pipeline.index.sentences
    listing = next(s for s in sentences if s.text.startswith("“In return for its missiles"))
    shown = "Pyongyang is seeking military assistance from Russia, including fighter aircraft and armored vehicles."
    assert followups.rest_of_list("What else is on that wish list?", shown)
    assert not followups.rest_of_list("What else is Russia doing?", shown)
    doc = _doc(listing.text, listing.position, 0.4)
    doc.metadata["source"] = listing.source
    for question, expected in (("What else is on that wish list?", 0.2), ("Why does it want them?", -0.2)):
        shown_in_full = f"{listing.text} [1]"
        assert followups.bonus(question, shown_in_full, listing, 0.2, answerer.words.mentions)(doc) == expected
    assert type_fit("What else is on that wish list?", listing.text) == 1.0  # "is seeking": a wish
    assert followups.rest_of_list("Which weapons did he name in that quote?", shown)  # "that quote": the one shown


def test_a_message_asking_the_same_of_two_things_quotes_a_sentence_for_each(fake_pipeline):
    from rag.followups import asks_of

    assert asks_of("two things: how many tanks and how many jets? need both") == ["two things: how many tanks?",
                                                                                   "how many jets?"]
    assert asks_of("Who is he, and what is his title?") == []  # different asks: one answer, as before
    answer = fake_pipeline.ask("Two things: how many containers, and how many missiles?")
    assert not answer.refused and "16,500" in answer.answer and "65" in answer.answer
    assert len(answer.citations) == 2
    assert asks_of("Give me both numbers please: tanks, and jets sent to Moscow.") == [
        "how many tanks?", "how many jets sent to Moscow?"]  # the things after "both numbers:", each counted
    answer = fake_pipeline.ask("Give me both numbers please: containers, and missiles launched into Ukraine.")
    assert not answer.refused and "16,500" in answer.answer and "65" in answer.answer


def test_a_follow_up_may_ask_to_spell_out_the_acronym_just_shown():
    shown = "He referred to it as the DPRK: “... from DPRK,” he said. [1]"
    assert followups.acronym_shown("Ah yes, those letters. What does that stand for again?", shown) == "DPRK"
    assert followups.acronym_shown("And those letters mean what?", "Russia is using DPRK bullets.") == "DPRK"
    assert followups.acronym_shown("What does that mean for Ukraine?", "Russia is using DPRK bullets.") is None
    assert followups.acronym_shown("Where did he say it?", shown) is None  # not about the letters
    assert followups.acronym_shown("What do those letters mean?", "The U.N. and the DPRK ... NATO") is None  # which?
    assert followups.acronym_shown("What does that stand for?", "") is None
    # nothing shown: the letters the question itself names, asked about in an embedded clause
    assert followups.acronym_shown("The story says NATO a lot. Can you tell me what that stands for?", "") == "NATO"
