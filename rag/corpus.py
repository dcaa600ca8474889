"""Load the articles, clean them in code, and cut them into sentences that point into the raw file.

The files in ``corpus/`` stay byte for byte as published. Everything a reader would not call a sentence
of the story is recognised here instead:

* a section label line ("General") becomes ``Document.section``;
* the headline becomes a sentence of kind ``headline``; a photo caption ("... (Yonhap)") one of kind
  ``caption``; a closing "Source: ..." line one of kind ``attribution``;
* a paragraph printed twice (the caption is) is stored once;
* a line break inside a sentence becomes a space, and a word broken across lines ("that t" / "he door")
  is rejoined when the joined form is a known word and a piece is not (``rag.cleaning``);
* abbreviations (U.S., U.N., N. Korea, Sept.) never end a sentence, and quoted speech is not cut
  in the middle of the quotation.

Every ``Sentence`` keeps ``(source, start, end)`` into the raw text (read with ``newline=""``), and the
invariant ``strip_ws(raw[start:end]) == strip_ws(sentence.text)`` holds, so a citation can always be
shown in its file.

>>> doc = parse_document("corpus/a.txt", "General\\n\\nTitle of it\\n\\nHe said t\\nhe door is open. U.S. aid grew.")
>>> [s.text for s in doc.sentences]
['Title of it', 'He said the door is open.', 'U.S. aid grew.']
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from rag.cleaning import clean_text, document_words
from rag.html_blocks import html_blocks

DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".htm")

# Tokens ending in a period that never end a sentence (lower-cased). Dotted acronyms (U.S., U.N., a.m.)
# and single initials (N. Korea) are recognised by shape in ``_is_abbreviation``.
ABBREVIATIONS = frozenset(
    "mr. mrs. ms. dr. prof. sen. rep. gen. gov. lt. col. capt. sgt. st. jr. sr. inc. corp. co. ltd. "
    "no. vs. approx. jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec.".split()
)
_OPENING_QUOTES = "“‘\"'"
_CAPTION_CREDIT = re.compile(r"\((?:[A-Z][\w.&'’-]*(?: [\w.&'’-]+){0,3})\)\s*$")
_ATTRIBUTION = re.compile(r"^(?:Source|Sources|Reporting by|Written by|Edited by|By)\s*[:\-]", re.IGNORECASE)


class CorpusError(ValueError):
    """A corpus problem a person can fix; the message names the file or folder and what to do."""


@dataclass(frozen=True)
class Sentence:
    """One citable sentence: cleaned ``text`` and its ``[start, end)`` span in the raw ``source`` file."""

    source: str
    start: int
    end: int
    text: str
    kind: str = "body"  # headline | body | caption | attribution
    position: int = 0  # order within its document, after de-duplication

    @property
    def key(self) -> str:
        """Stable id from content: the same sentence of the same file always gets the same key."""
        digest = hashlib.sha256(f"{self.source}\0{self.start}\0{self.end}\0{self.text}".encode())
        return digest.hexdigest()[:32]


@dataclass(frozen=True)
class Document:
    """A corpus file: its raw text, content hash, and the sentences cut from it."""

    source: str
    raw: str
    sha256: str
    sentences: tuple[Sentence, ...] = field(default_factory=tuple)
    section: str | None = None


def strip_ws(text: str) -> str:
    """Text with all whitespace removed: the form in which a quote and its raw span must agree."""
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------------------------------
# Loading


def load_corpus(corpus_dir: Path) -> list[Document]:
    """Every document in ``corpus_dir`` (sorted by path), or a ``CorpusError`` saying what to fix.

    All files are read and checked before any is returned, so a bad file stops an ingest before it
    writes anything.
    """
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise CorpusError(
            f"Corpus folder '{corpus_dir}' does not exist. Create it and put the article (.txt, .md or .html) "
            "in it, or point RAG_CORPUS_DIR at the folder that has it."
        )
    paths = sorted(p for p in corpus_dir.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
    if not paths:
        raise CorpusError(
            f"Corpus folder '{corpus_dir}' has no .txt, .md or .html files. Copy the article into it, then run "
            "`rag ingest`."
        )
    return [load_document(p, source_name(corpus_dir, p)) for p in paths]


def source_name(corpus_dir: Path, path: Path) -> str:
    """How citations name a file: the corpus folder's name and the path below it, e.g. ``corpus/a.txt``."""
    return f"{Path(corpus_dir).resolve().name}/{path.relative_to(corpus_dir).as_posix()}"


def load_document(path: Path, source: str) -> Document:
    """Read one file exactly as stored (UTF-8, newlines untouched) and parse it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"Cannot read corpus file '{path}': {exc.strerror}. Check it exists and is readable.")
    try:
        # newline="" semantics: decode bytes directly, so "\r\n" stays two characters and offsets match.
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"Corpus file '{path}' is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}). "
            "Re-save it as UTF-8, then run `rag ingest` again."
        ) from None
    if not raw.strip():
        raise CorpusError(f"Corpus file '{path}' is empty. Put the article's text in it or remove the file.")
    doc = parse_document(source, raw, html_markup=path.suffix.lower() in (".html", ".htm"))
    if not doc.sentences:
        raise CorpusError(f"Corpus file '{path}' has no sentences to index. Check it holds the article's text.")
    return doc


# --------------------------------------------------------------------------------------------------
# Parsing


def parse_document(source: str, raw: str, *, html_markup: bool = False) -> Document:
    """Cut ``raw`` into cleaned, de-duplicated sentences whose offsets point into ``raw``."""
    blocks = html_blocks(raw) if html_markup else _paragraphs(raw)
    vocabulary = document_words(raw)
    section = None
    if len(blocks) > 2 and _is_section_label(raw[blocks[0][0] : blocks[0][1]], raw[blocks[1][0] : blocks[1][1]]):
        section = raw[blocks[0][0] : blocks[0][1]].strip()
        blocks = blocks[1:]

    sentences: list[Sentence] = []
    seen: set[str] = set()
    for index, (start, end) in enumerate(blocks):
        start, end, kind = _classify(raw, start, end, first=index == 0, last=index == len(blocks) - 1)
        spans = [(start, end)] if kind != "body" else _split_sentences(raw, start, end)
        for s, e in spans:
            text = clean_text(raw[s:e], vocabulary)
            if html_markup:
                text = html.unescape(text)
            identity = text.casefold()
            if not text or identity in seen:
                continue  # a paragraph printed twice (the photo caption) is one sentence
            seen.add(identity)
            sentences.append(Sentence(source, s, e, text, kind, len(sentences)))
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    return Document(source=source, raw=raw, sha256=digest, sentences=tuple(sentences), section=section)


def _paragraphs(raw: str) -> list[tuple[int, int]]:
    """Spans of the blank-line separated paragraphs of ``raw``, trimmed of surrounding whitespace."""
    spans = []
    for match in re.finditer(r"\S(?:.*?\S)?(?=\s*\n[ \t\r\f\v]*\n|\s*$)", raw, flags=re.DOTALL):
        spans.append((match.start(), match.end()))
    return spans


def _is_section_label(text: str, following: str) -> bool:
    """A one-to-three word line such as "General", followed by a headline (a line with no final stop)."""
    def is_title(line: str) -> bool:
        return "\n" not in line and not line.startswith("#") and not re.search(r"[.!?:”\"]$", line)

    return is_title(text) and len(text.split()) <= 3 and is_title(following)


def _classify(raw: str, start: int, end: int, *, first: bool, last: bool) -> tuple[int, int, str]:
    """The kind of a paragraph, and its span without markup such as a Markdown ``#``."""
    text = raw[start:end]
    heading = re.match(r"#{1,6}\s+", text)
    if heading:
        return start + heading.end(), end, "headline"
    single_line = "\n" not in text
    if first and single_line and not re.search(r"[.!?][”’\"')]*$", text) and len(text.split()) <= 40:
        return start, end, "headline"
    if last and single_line and _ATTRIBUTION.match(text) and len(text.split()) <= 12:
        return start, end, "attribution"
    if _CAPTION_CREDIT.search(text) and len(text.split()) <= 80:
        return start, end, "caption"
    return start, end, "body"


def _split_sentences(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside the paragraph ``raw[start:end]``.

    A sentence ends at ``.``, ``!`` or ``?`` (plus closing quotes) followed by whitespace and a capital
    letter or an opening quote, unless the token is an abbreviation or the cut would fall inside a
    quotation (only when the paragraph's quotes are balanced; unbalanced ones are ignored).
    """
    text = raw[start:end]
    balanced = text.count("“") == text.count("”")
    spans, sentence_start = [], 0
    for match in re.finditer(r"[.!?]+[”’\"')\]]*(?=\s+[A-Z“‘\"'(0-9])", text):
        cut = match.end()
        token = re.search(r"\S+$", text[sentence_start:cut])
        if token and _is_abbreviation(token.group(0).rstrip("”’\"')]")):
            continue
        if balanced and text.count("“", 0, cut) > text.count("”", 0, cut):
            continue
        if not re.match(r"\s+[A-Z“‘\"']", text[cut:]):
            continue  # a number or parenthesis after a period, e.g. "2024. (Yonhap)", continues it
        spans.append((start + sentence_start, start + cut))
        sentence_start = cut + len(text[cut:]) - len(text[cut:].lstrip())
    spans.append((start + sentence_start, end))
    return [(s, e) for s, e in spans if raw[s:e].strip()]


def _is_abbreviation(token: str) -> bool:
    token = token.lstrip(_OPENING_QUOTES + "(")
    lowered = token.lower()
    if lowered in ABBREVIATIONS:
        return True
    if re.fullmatch(r"(?:[A-Za-z]\.){2,}", token):  # U.S. U.N. a.m.
        return True
    return bool(re.fullmatch(r"[A-Z]\.", token))  # an initial, as in "N. Korea"
