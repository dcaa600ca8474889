"""The synonym file: groups of words that say each other, for links WordNet lacks.

A reader asks about "ties" where the article says "cooperation", about "conditions" where it says
"preconditions". WordNet links neither pair. Like a search engine's synonym file (Solr's and
Elasticsearch's format: one group a line, words separated by commas, ``#`` comments), ``synonyms.txt``
beside this module lists such groups; ``rag.wordnet`` counts a question word as said by the other words
of its line, and the vector search adds them to a question (``ExtractiveAnswerer.vector_text``).
``RAG_SYNONYMS_PATH`` points at another file.
"""

from __future__ import annotations

from pathlib import Path

DEFAULT = Path(__file__).with_name("synonyms.txt")


class SynonymFileError(ValueError):
    """The synonym file cannot be read or has a line in another format; the message says which."""


def load_synonyms(path: Path) -> dict[str, frozenset[str]]:
    """Word -> the words it shares a line with, from a synonym file in Solr's format: one group a line,
    words (or phrases) separated by commas, ``#`` comments. A word on several lines gets all of them.

    >>> load_synonyms(DEFAULT)["ties"] >= {"cooperation", "relations"}
    True
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SynonymFileError(f"cannot read the synonym file {path} ({exc}): fix it or set RAG_SYNONYMS_PATH "
                               "to another file") from exc
    groups: dict[str, set[str]] = {}
    for number, line in enumerate(lines, start=1):
        words = [w.strip().lower() for w in line.split("#", 1)[0].split(",") if w.strip()]
        if "=>" in line:
            raise SynonymFileError(f"{path}, line {number}: '=>' mappings are not supported; list the words of "
                                   "a group on one line, separated by commas")
        for word in words:
            groups.setdefault(word, set()).update(w for w in words if w != word)
    return {word: frozenset(others) for word, others in groups.items()}
