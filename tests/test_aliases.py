"""Other names of a country the article names are not names the article lacks (``rag.aliases``)."""

from __future__ import annotations

from rag.aliases import Aliases

ARTICLE = ("Russia has launched 65 missiles into Ukraine, a U.S. official said in Washington. North Korea, "
           "officially the Democratic People’s Republic of Korea, is seeking fighter aircraft.")


def test_other_names_of_a_named_country_become_the_articles_name():
    aliases = Aliases(ARTICLE)
    assert aliases.resolve("What has the Kremlin launched?") == "What has Russia launched?"
    assert aliases.resolve("How many of Pyongyang's rockets were fired?") == "How many of North Korea's rockets were fired?"
    assert aliases.resolve("Did Kyiv respond?") == "Did Ukraine respond?"  # the government, not the city
    assert aliases.resolve("What did the Russians say?") == "What did Russia say?"
    assert aliases.resolve("Do they want anything from NK first?") == "Do they want anything from North Korea first?"
    assert aliases.resolve("How many have the Soviets launched?") == "How many have Russia launched?"  # an old name


def test_names_the_article_uses_are_kept_as_asked():
    aliases = Aliases(ARTICLE)
    for question in ("What did Washington say?", "What did the U.S. official say?", "Why is Russia firing?"):
        assert aliases.resolve(question) == question


def test_a_country_the_article_never_names_stays_absent():
    aliases = Aliases(ARTICLE)
    assert aliases.resolve("What did the minister say in Paris?") == "What did the minister say in Paris?"
    assert aliases.resolve("What did the French say?") == "What did the French say?"
    # "Republic of Korea" inside the North's official name does not make the article name the South
    assert aliases.resolve("What did Seoul say?") == "What did Seoul say?"


def test_a_capital_as_a_place_is_the_city():
    aliases = Aliases(ARTICLE)
    for question in ("How many of them hit Kyiv?", "Were missiles fired at Kyiv?", "What happened in Kyiv?"):
        assert aliases.resolve(question) == question


def test_only_capitalised_names_count():
    aliases = Aliases("Chad and Jordan met in Russia.")
    assert aliases.resolve("Did they chad the ballot in jordan?") == "Did they chad the ballot in jordan?"


def test_the_answerer_does_not_call_another_name_of_a_named_country_absent(fake_pipeline):
    answerer = fake_pipeline.answerer
    question = "How many missiles has the Kremlin launched into Ukraine?"
    docs = fake_pipeline.retriever.search(question, fake_pipeline._embed(question))
    _, signals = answerer.select(question, question, docs)
    assert "Kremlin" not in signals.names
    _, signals = answerer.select("How many missiles has Paris launched?", question, docs)
    assert "Paris" in signals.names  # France is not in the article: still an absent name


def test_a_leaders_name_owning_a_state_noun_is_the_country_and_alone_is_the_person():
    aliases = Aliases(ARTICLE)
    assert aliases.resolve("Will they talk to Kim's government?") == "Will they talk to North Korea's government?"
    assert aliases.resolve("Is the Putin regime paying?") == "Is the Russia regime paying?"
    assert aliases.resolve("How many of Kim's rockets were fired?") == "How many of North Korea's rockets were fired?"
    assert aliases.resolve("What did Kim Jong Un say?") == "What did Kim Jong Un say?"  # the man himself
    assert aliases.resolve("What did Macron's government say?") == "What did Macron's government say?"  # France: unnamed


def test_every_name_of_a_named_country_becomes_one_term_for_comparing_words():
    aliases = Aliases(ARTICLE)
    assert aliases.canonical("Did Moscow pay Pyongyang?") == aliases.canonical("Did Russia pay North Korea?")
    assert aliases.canonical("the Kremlin") == aliases.canonical("Russia") != aliases.canonical("Ukraine")
    assert aliases.names_place_of("Kyiv") and aliases.names_place_of("Moscow")
    assert not aliases.names_place_of("Seoul") and not aliases.names_place_of("Paris")
    # a continent of a country it names ("Asian": Japan, Mongolia), not another continent
    assert aliases.names_place_of("Asian") and aliases.names_place_of("European")
    assert not aliases.names_place_of("African") and not Aliases("Kenya and Japan.").names_place_of("European")


def test_an_acronym_written_without_stops_is_not_an_absent_name(fake_pipeline):
    words = fake_pipeline.answerer.words
    assert "US" not in words.absent_names("What is the US doing about the arms trade?")  # the article's "U.S."
    assert "UN" not in words.absent_names("Which UN resolutions were broken?")  # its "U.N."
    assert "EU" in words.absent_names("What is the EU doing about the arms trade?")  # it writes no "E.U."
    assert "SAMs" not in words.absent_names("Does Pyongyang want SAMs too?")  # its "surface-to-air missiles"
    assert "ICBMs" in words.absent_names("Does Pyongyang want ICBMs too?")


def test_a_known_name_opening_the_question_is_an_absent_name_too(fake_pipeline):
    answer = fake_pipeline.ask("china involved?")  # truecased "China": a country, though it opens the question
    assert answer.refused and not answer.citations
    assert not fake_pipeline.ask("Russia got how many containers?").refused  # a name the article uses


def test_the_north_is_the_corpus_north_korea():
    aliases = Aliases("Russia procured munitions from North Korea. The North refuses to talk.")
    assert aliases.canonical("Why does the North refuse?") == "Why does Xnorthkorea refuse?"
    assert aliases.canonical("the North Atlantic") == "the North Atlantic"  # a name of its own
    assert Aliases("Russia and Ukraine.").canonical("the North") == "the North"  # no North ... country
    assert aliases.name_sides("What does the North want?") == "What does North Korea want?"  # for MiniLM


def test_the_vector_search_reads_the_north_as_the_country(fake_pipeline, monkeypatch):
    embedded, embed = [], fake_pipeline._embed
    monkeypatch.setattr(fake_pipeline, "_embed", lambda text: embedded.append(text) or embed(text))
    fake_pipeline.ask("What does the North want in exchange?")
    assert "What does North Korea want in exchange?" in embedded


def test_the_vector_search_adds_the_articles_synonyms_of_words_it_never_uses(fake_pipeline, monkeypatch):
    words = fake_pipeline.answerer.words
    assert words.synonyms_said("Would the Americans insist on any conditions?") == ["preconditions"]
    assert words.synonyms_said("Is the door to dialogue open?") == []  # the article's own word: nothing to add
    embedded, embed = [], fake_pipeline._embed
    monkeypatch.setattr(fake_pipeline, "_embed", lambda text: embedded.append(text) or embed(text))
    fake_pipeline.ask("Would the Americans insist on any conditions?")
    assert embedded == ["Would the Americans insist on any conditions? preconditions"]
    embedded.clear()  # a follow-up: its own words get synonyms, the turns it borrows do not
    history = [{"role": "user", "content": "Are there conditions for talks?"}, {"role": "assistant", "content": "x"}]
    fake_pipeline.ask("And what if they refuse?", history)
    assert not any("preconditions" in text for text in embedded)


def test_a_question_typed_in_lower_case_has_its_names_capitalised():
    aliases = Aliases("Robert Koepcke said Russia secured munitions from North Korea (DPRK). Russia agreed.")
    assert aliases.truecase("did china help russia too") == "did China help Russia too"
    assert aliases.truecase("what did koepcke say about the dprk?") == "what did Koepcke say about the DPRK?"
    assert aliases.truecase("is the us sending weapons? tell us") == "is the US sending weapons? tell us"
    assert aliases.truecase("Is the china in the cabinet Ming?") == "Is the china in the cabinet Ming?"  # has capitals
    assert aliases.truecase("how many turkeys") == "how many turkeys"  # a word too
    # chat's short codes that are no English word; "us" after a verb asking of it is the country
    assert aliases.truecase("how many containers ru got from nk") == "how many containers RU got from NK"
    assert aliases.truecase("what is us worried about") == "what is US worried about"
    assert aliases.truecase("did they tell us the price? can us good") == "did they tell us the price? can us good"
    assert aliases.truecase("WHAT DID KOEPCKE SAY ABOUT THE DPRK?") == "what did Koepcke say about the DPRK?"


def test_chat_codes_name_the_countries(real_pipeline):
    answer = real_pipeline.ask("how many containers ru got from nk")  # was a count of "ru", refused
    assert not answer.refused and "16,500" in answer.answer
    answer = real_pipeline.ask("NK missiles launched into UA - count?")  # Ukraine's code: no name absent
    assert not answer.refused and "65" in answer.answer
    answer = real_pipeline.ask("What is DC doing with its allies about the arms deals?")  # Washington
    assert not answer.refused and "disrupt and prevent" in answer.answer


def test_a_lower_case_question_is_refused_or_answered_as_its_capitalised_form(fake_pipeline):
    assert fake_pipeline.ask("did china help russia too").refused  # China: absent from the article
    for question in ("how many containers has russia procured from north korea?",
                     "HOW MANY CONTAINERS HAS RUSSIA PROCURED FROM NORTH KOREA?"):
        answer = fake_pipeline.ask(question)
        assert not answer.refused and "16,500" in answer.answer


def test_a_misspelt_name_is_written_as_the_corpus_writes_it():
    aliases = Aliases("Robert Koepcke said Russia secured munitions from Pyongyang, the United States said.")
    assert aliases.spell("What did Koepke say?") == "What did Koepcke say?"  # a letter less
    assert aliases.spell("What did Kopecke say?") == "What did Koepcke say?"  # two swapped
    assert aliases.spell("What is Pyongyan seeking?") == "What is Pyongyang seeking?"
    assert aliases.spell("What did France say?") == "What did France say?"  # another name, not a misspelling
    assert aliases.spell("Did the State Department say?") == "Did the State Department say?"  # not "States"


def test_a_misspelt_name_is_not_an_absent_name(fake_pipeline):
    answer = fake_pipeline.ask("How many containers did Rusia get from North Korea?")
    assert not answer.refused and "16,500" in answer.answer


def test_a_misspelt_name_is_searched_as_the_article_spells_it(fake_pipeline):
    docs = fake_pipeline._search(fake_pipeline.retriever, "Kopecke?", "Kopecke?")  # only the name to go by
    assert all("Koepcke" in d.page_content for d in docs[:3])
