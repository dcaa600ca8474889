"""Cleaning with exact offsets: each artifact of the real article, and the invariant over every sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.corpus import CorpusError, load_corpus, load_document, parse_document, strip_ws
from tests.conftest import ARTICLE


@pytest.fixture(scope="module")
def doc():
    return load_document(ARTICLE, "corpus/" + ARTICLE.name)


def texts(doc):
    return [s.text for s in doc.sentences]


def test_every_sentence_points_at_its_raw_span(doc):
    raw = ARTICLE.read_bytes().decode("utf-8")  # same as open(newline="")
    assert doc.raw == raw
    for s in doc.sentences:
        assert strip_ws(raw[s.start : s.end]) == strip_ws(s.text), s
        assert raw[s.start] == s.text[0] and raw[s.end - 1] == s.text[-1]


def test_section_label_is_metadata_not_a_sentence(doc):
    assert doc.section == "General"
    assert "General" not in texts(doc)


def test_headline_and_attribution_have_their_kinds(doc):
    kinds = {s.kind: s.text for s in doc.sentences}
    assert kinds["headline"].startswith("Russia has procured over 16,500 containers")
    assert kinds["headline"].endswith("since last Sept.: U.S. official")  # 'Sept.:' does not end it
    assert kinds["attribution"] == "Source: Yonhap News Agency"
    assert doc.sentences[0].kind == "headline" and doc.sentences[-1].kind == "attribution"


def test_caption_printed_twice_is_stored_once(doc):
    captions = [s for s in doc.sentences if s.kind == "caption"]
    assert len(captions) == 1
    assert captions[0].text.endswith("on Sept. 4, 2024. (Yonhap)")
    assert doc.raw.count(captions[0].text) == 2  # both copies are in the file; only the first is indexed
    assert captions[0].start == doc.raw.index(captions[0].text)


def test_sentence_broken_across_lines_is_joined_with_a_space(doc):
    sentence = next(t for t in texts(doc) if "Security Council" in t)
    assert "multiple U.N. Security Council resolutions,” he added." in sentence


def test_word_broken_mid_word_is_rejoined(doc):
    sentence = next(s for s in doc.sentences if "door for dialogue" in s.text)
    assert sentence.text == "He also reiterated that the door for dialogue with North Korea remains open."
    assert "t\nhe door" in doc.raw[sentence.start : sentence.end]


def test_curly_quotes_are_kept(doc):
    assert any(t.startswith("“Russia is using DPRK bullets") and "Russia’s unlawful war,” he said." in t
               for t in texts(doc))


@pytest.mark.parametrize("abbreviation", ["U.S.", "U.N.", "N. Korea", "Sept."])
def test_abbreviations_never_end_a_sentence(doc, abbreviation):
    assert not any(t.endswith(abbreviation) and t != "Source: Yonhap News Agency" for t in texts(doc))
    assert any(abbreviation in t and not t.endswith(abbreviation) for t in texts(doc))


def test_golden_sentence_list(doc):
    """The whole cut of the article, as a golden case: 16 sentences, in order."""
    assert len(doc.sentences) == 16
    assert [s.kind for s in doc.sentences] == ["headline"] + ["body"] * 5 + ["caption"] + ["body"] * 8 + [
        "attribution"]
    assert texts(doc)[12] == ("“The United States remains committed to diplomacy. We are willing to engage in "
                             "dialogue without preconditions,” he said.")  # not cut inside the quotation


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Aid was secu-\nrity related. It grew.", ["Aid was secu-rity related.", "It grew."]),
        ("A well-\nknown man spoke. Then left.", ["A well-known man spoke.", "Then left."]),
        ("Mr. Kim met Dr. Lee in the U.S. on Jan. 5. They talked.",
         ["Mr. Kim met Dr. Lee in the U.S. on Jan. 5.", "They talked."]),
        ("Prices rose.\r\nThey fell.\r\n\r\nNew paragraph here.", ["Prices rose.", "They fell.", "New paragraph here."]),
        ("She said t\nhe plan works. Go on t\nhem.", ["She said the plan works.", "Go on them."]),
        ("He did it\nto win. We\nhope so.", ["He did it to win.", "We hope so."]),
    ],
)
def test_cleaning_cases(raw, expected):
    body = "Headline here\n\n" + raw + "\n\nMore text follows here. And more."
    doc = parse_document("corpus/x.txt", body)
    got = [s.text for s in doc.sentences if s.kind == "body"][: len(expected)]
    assert got == expected
    for s in doc.sentences:
        assert strip_ws(body[s.start : s.end]) == strip_ws(s.text)


def test_markdown_heading_is_the_headline():
    doc = parse_document("corpus/a.md", "# Big news today\n\nSomething happened. It was big.")
    assert doc.sentences[0].kind == "headline" and doc.sentences[0].text == "Big news today"
    assert doc.raw[doc.sentences[0].start : doc.sentences[0].end] == "Big news today"


def test_html_text_is_extracted_without_scripts():
    raw = "<html><head><title>T</title></head><body><h1>Big news</h1><script>alert(1)</script>" \
          "<p>Something <b>happened</b> today. It was big.</p></body></html>"
    doc = parse_document("corpus/a.html", raw, html_markup=True)
    assert [s.text for s in doc.sentences] == ["Big news", "Something happened today.", "It was big."]
    assert all("alert" not in s.text for s in doc.sentences)


def test_missing_corpus_folder(tmp_path: Path):
    with pytest.raises(CorpusError, match="does not exist.*RAG_CORPUS_DIR"):
        load_corpus(tmp_path / "nope")


def test_corpus_folder_without_documents(tmp_path: Path):
    (tmp_path / "notes.csv").write_text("a,b")
    with pytest.raises(CorpusError, match="has no .txt, .md or .html files"):
        load_corpus(tmp_path)


def test_empty_corpus_file(tmp_path: Path):
    (tmp_path / "a.txt").write_text("  \n\n ")
    with pytest.raises(CorpusError, match="a.txt' is empty"):
        load_corpus(tmp_path)


def test_non_utf8_corpus_file_names_the_byte(tmp_path: Path):
    (tmp_path / "a.txt").write_bytes("Caf\xe9 news. More.".encode("latin-1"))
    with pytest.raises(CorpusError, match=r"a.txt' is not UTF-8 text \(byte 0xe9 at offset 3\)"):
        load_corpus(tmp_path)


def test_sentence_keys_are_stable_content_hashes(doc):
    again = load_document(ARTICLE, "corpus/" + ARTICLE.name)
    assert [s.key for s in doc.sentences] == [s.key for s in again.sentences]
    assert len({s.key for s in doc.sentences}) == len(doc.sentences)
