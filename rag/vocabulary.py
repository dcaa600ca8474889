"""What an article says: its words, and which other words are close neighbours of them.

The answerer's refusal signals ask these questions of the article being quoted (``ArticleWords.of``):
does it use this word, a word whose MiniLM embedding is within ``word_neighbour_similarity`` of it
("ammunition" is said by "munitions"), or a synonym or kind of it in WordNet ("gathering" is said by
"forum", ``rag.wordnet``)? Does it state this number? Which capitalised names in the question
does it never use? The article words' embeddings are stored with the index; other words are embedded once
and cached.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import takewhile

import numpy as np
from langchain_core.embeddings import Embeddings

from rag.acronyms import initialism
from rag.entities import digits, month_after, numbered
from rag.index import Index
from rag.lexicon import STOP_WORDS, content_words, stem, terms, tokens
from rag.wordnet import WordNet

_NEIGHBOUR_CACHE_LIMIT = 50_000
# A number in a question and the words after it: "16,500 missiles were fired".
_MONTH = re.compile(r"\b(January|February|March|April|May|June|July|August|Sept?|September|October|November|December|"
                    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Oct|Nov|Dec)\b\.?")
_IN_MONTH = re.compile(r"\b(?:in|during|on|by)\s+(?:(?:early|mid|late)[- ])?" + _MONTH.pattern, re.IGNORECASE)
# Before a noun a German speaker capitalises ("which Regions", "my Handy"); titles come before names ("president Putin").
_DETERMINERS = frozenset("which what whose my your our their his her its this that these those a an some any every each "
                         "no".split())
_TITLES = frozenset("president minister premier general leader secretary chairman dictator king queen prince comrade "
                    "senator ambassador envoy spokesman spokeswoman spokesperson mr mrs ms dr sir chancellor governor "
                    "mayor commander marshal colonel admiral pope emperor tsar czar chief".split())
_NUMBER_NOUNS = frozenset("figure figures number numbers count tally total estimate mark amount".split())  # "the 16,500 figure"


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per article, a cache key
class Vocabulary:
    """What one article (or the whole corpus) says: stemmed terms, words, and rows of its words' vectors."""

    terms: frozenset[str]
    words: frozenset[str]
    rows: np.ndarray  # rows of Index.words / Index.word_vectors
    acronyms: frozenset[str] = frozenset()  # "U.N." and "DPRK" as "UN" and "DPRK"

    @classmethod
    def of(cls, texts: Sequence[str], word_rows: dict[str, int]) -> Vocabulary:
        words = {w for t in texts for w in content_words(t)}
        return cls(frozenset(t for text in texts for t in terms(text)),
                   frozenset(w.lower() for text in texts for w in re.findall(r"[A-Za-z]+", text)),
                   np.asarray(sorted(word_rows[w] for w in words if w in word_rows), dtype=np.int64),
                   frozenset(a.replace(".", "") for text in texts for a in _ACRONYM.findall(text)))

    @classmethod
    def union(cls, parts: Sequence[Vocabulary]) -> Vocabulary:
        rows = np.unique(np.concatenate([p.rows for p in parts])) if parts else np.zeros(0, np.int64)
        return cls(frozenset().union(*(p.terms for p in parts)), frozenset().union(*(p.words for p in parts)), rows,
                   frozenset().union(*(p.acronyms for p in parts)))

    def uses(self, word: str) -> bool:
        """The word itself (any case, or its stem) occurs in these texts."""
        return word.lower() in self.words or stem(word.lower()) in self.terms


class ArticleWords:
    """The vocabulary of each article of an index (and of all of them), with neighbour lookups."""

    def __init__(self, index: Index, embeddings: Embeddings, threshold: float, wordnet: WordNet | None = None) -> None:
        self.index, self.embeddings, self.threshold, self.wordnet = index, embeddings, threshold, wordnet
        self._word_rows = {w: i for i, w in enumerate(index.words)}
        by_source: dict[str, list[str]] = {}
        for sentence in index.sentences:
            by_source.setdefault(sentence.source, []).append(sentence.text)
        self.vocabularies = {source: Vocabulary.of(texts, self._word_rows) for source, texts in by_source.items()}
        self.corpus = Vocabulary.union(list(self.vocabularies.values()))
        self._texts = {self.vocabularies[source]: texts for source, texts in by_source.items()}
        self._texts[self.corpus] = [s.text for s in index.sentences]
        self._lemmas: dict[Vocabulary, frozenset[str]] = {}
        self._months: dict[Vocabulary, frozenset[str]] = {}
        self._capitals: frozenset[str] | None = None
        self._neighbour_cache: dict[tuple[Vocabulary, str], float] = {}
        self._vector_cache: dict[str, np.ndarray] = {}

    def of(self, source: str) -> Vocabulary:
        """The vocabulary of one article (the corpus's for a source the index does not hold)."""
        return self.vocabularies.get(source, self.corpus)

    def says(self, word: str, vocabulary: Vocabulary | None = None, *, wordnet: bool = True,
             common: bool = False) -> bool:
        """The article (default: the corpus) uses ``word``, a WordNet synonym or kind of it (unless not
        ``wordnet``; of its common senses only, with ``common``), or a close neighbour."""
        v = vocabulary or self.corpus
        return (v.uses(word) or (wordnet and self.lexically_said(word, v, common=common))
                or self.neighbour_similarity([word], v)[word] >= self.threshold)

    def acronym_for(self, name: str | None, source: str, canonical: Callable[[str], str]) -> str | None:
        """The acronym article ``source`` uses for ``name`` ("DPRK" for "North Korea"), by ``canonical`` names."""
        v = self.vocabularies.get(source) or self.corpus
        return next((a for a in sorted(v.acronyms) if name and canonical(a) == canonical(name)), None)

    def lexically_said(self, word: str, vocabulary: Vocabulary | None = None, *, common: bool = False) -> bool:
        """The article says ``word`` through WordNet: a synonym or a kind of it (``rag.wordnet``)."""
        if self.wordnet is None:
            return False
        v = vocabulary or self.corpus
        if v not in self._lemmas:
            self._lemmas[v] = frozenset().union(*(self.wordnet.text_lemmas(t) for t in self._texts.get(v, ())))
        said_by = self.wordnet.commonly_said_by if common else self.wordnet.said_by
        return bool(said_by(word.lower()) & self._lemmas[v])

    def synonyms_said(self, text: str) -> list[str]:
        """Words the corpus uses that share a line of the synonym file (``rag/synonyms.txt``) with a word of
        ``text`` it never uses: "preconditions" for "conditions", "cooperation" for "ties"."""
        if self.wordnet is None:
            return []
        said = [s for word in content_words(text) if not self.corpus.uses(word)
                for lemma in self.wordnet.lemmas_of(word) | {word.lower()}
                for s in self.wordnet.synonyms.get(lemma, ()) if s in self.corpus.words]  # as the article writes it
        return list(dict.fromkeys(sorted(said)))

    def spell(self, text: str) -> str:
        """``text`` with a lower-case word of six letters or more that neither the corpus nor WordNet knows
        replaced by the one word they know one edit away (a letter more, less or changed, two swapped),
        the corpus's own words first: "goverment" -> "government", "wepons" -> "weapons". A typo is no
        absent word. Several such words, or none, and the word stays as typed."""
        if self.wordnet is None:
            return text

        def fix(m: re.Match) -> str:
            word = m.group(0)
            if self.corpus.uses(word) or self.wordnet.lemmas_of(word):  # known (cached per word)
                return word
            near = _edits(word)
            ours = sorted(near & self.corpus.words)
            found = ours or sorted(self.wordnet.known(near))
            return found[0] if len(found) == 1 else word

        return re.sub(r"(?<![\w'’-])[a-z]{6,}(?![\w'’-])", fix, text)

    def common_capitals(self, text: str, is_name: Callable[[str], bool]) -> str:
        """``text`` with a word capitalised inside a sentence the way German writes nouns ("For which Regions
        ...", "read this on my Handy") in lower case, when a determiner or a lower-case modifier comes right
        before it ("north korean Rockets"; not "the", another function word or a title: "president Putin"),
        WordNet knows it, and it is no name the corpus or ``is_name`` (countries, capitals, leaders) has, nor
        a word of a longer one ("south Korea"). Read as a name, each such noun was one the article never uses."""
        if self.wordnet is None:
            return text

        def fix(m: re.Match) -> str:
            before, word = m.group(1), m.group(2)
            if (before not in _DETERMINERS and (before in STOP_WORDS or before in _TITLES)) or is_name(word) \
                    or word in self._capitalised() or not self.wordnet.known({word.lower()}):
                return m.group(0)
            return f"{before} {word.lower()}"

        return re.sub(r"\b([a-z]+) ([A-Z][a-z]{2,})\b(?! [A-Z])", fix, text)  # "south Korea": one name

    def _capitalised(self) -> frozenset[str]:  # the corpus's capitalised words ("Security", "News"), read once
        if self._capitals is None:
            self._capitals = frozenset(w for t in self._texts.get(self.corpus, ()) for w in re.findall(r"\b[A-Z]\w+", t))
        return self._capitals

    def mentions(self, sentence: str, word: str, *, near: bool = True) -> bool:
        """``sentence`` uses ``word``, a WordNet synonym or kind of it, or (with ``near``) a close neighbour
        in MiniLM's space (as ``says`` counts)."""
        if stem(word) in set(terms(sentence)) or (self.wordnet is not None and self.wordnet.says(word, sentence)):
            return True
        if not near:
            return False
        rows = [self._word_rows[w] for w in content_words(sentence) if w in self._word_rows]
        if not rows:
            return False
        best = float((self.index.word_vectors[rows] @ self._vectors([word])[0]).max())
        return best >= self.threshold

    def support(self, question: str, vocabulary: Vocabulary | None = None) -> float:
        """Share of the question's content words the article says, itself or through a close neighbour."""
        words = list(dict.fromkeys(content_words(question)))
        if not words:
            return 1.0
        unsaid = self.unsaid_words(question, vocabulary)
        said = [w for w in words if unsaid.get(w, 1.0) >= self.threshold]
        return len(said) / len(words)

    def unsaid_words(self, question: str, vocabulary: Vocabulary | None = None) -> dict[str, float]:
        """Content words of the question the article never uses -> their best neighbour similarity."""
        v = vocabulary or self.corpus
        words = dict.fromkeys(content_words(question))
        return self.neighbour_similarity([w for w in words if not v.uses(w) and not self.lexically_said(w, v)], v)

    def unknown_numbers(self, question: str, vocabulary: Vocabulary | None = None) -> list[str]:
        """Numbers in the question that the article never states: a false premise ("1,650 containers")."""
        v = vocabulary or self.corpus
        numbers = [t for t in tokens(re.sub(r"<[^>]*>", " ", question)) if t[0].isdigit()]
        # "Why did Russia start firing them in March 2024?": a month the article never names is a date too
        asked = [m.group(1) for m in _IN_MONTH.finditer(question)]
        if asked and v not in self._months:  # the months an article names, read once per article
            self._months[v] = frozenset(m.lower()[:3] for t in self._texts.get(v, ()) for m in _MONTH.findall(t))
        dated = [m for m in asked if m.lower()[:3] not in self._months[v]]
        return [n for n in numbers if n not in v.terms] + dated

    def miscounted(self, question: str, vocabulary: Vocabulary | None = None) -> list[str]:
        """Numbers the question counts something with that the article counts other things with: a mixed-up
        premise ("16,500 missiles" where the article has 16,500 containers and 65 missiles). A number the
        article never counts anything with (a date, "Sept. 4") is left to ``unknown_numbers``."""
        v = vocabulary or self.corpus
        texts = self._texts.get(v, ())
        wrong = []
        for number, head in numbered(re.sub(r"<[^>]*>", " ", question)):
            words = list(takewhile(lambda w: w not in _NUMBER_NOUNS, content_words(head)))  # "the 16,500 figure presented"
            counts = [c for t in texts for n, c in numbered(t) if n == number]
            if words and counts and not any(self.mentions(c, w) or self._kind_of_said(c, w) for c in counts for w in words):
                wrong.append(f"{number} {head}")
        return wrong

    def _kind_of_said(self, phrase: str, word: str) -> bool:
        """``word`` is a kind of something ``phrase`` says ("crates" of "containers"), in WordNet."""
        return self.wordnet is not None and any(self.wordnet.says(w, word) for w in content_words(phrase))

    def misdated(self, question: str, vocabulary: Vocabulary | None = None) -> list[str]:
        """Numbers the question counts from another month than every sentence of the article stating them
        does: a mixed-up premise ("65 missiles since last September" where they run since late December)."""
        if (month := month_after(question)) is None:
            return []
        texts = self._texts.get(vocabulary or self.corpus, ())
        return [n for n in sorted(digits(question)) if (said := [month_after(t) for t in texts if n in digits(t)])
                and None not in said and month not in said]

    def absent_names(self, question: str, vocabulary: Vocabulary | None = None) -> dict[str, float]:
        """Capitalised words (not opening the question, nor a sentence of it after "?", "!" or ".") the article
        never uses -> best neighbour similarity."""
        v = vocabulary or self.corpus
        body = re.sub(r"(?:^|[?!]|(?<=\w\w)\.)\W*\w+", " ", re.sub(r"<[^>]*>", " ", question))  # "Ok. Different ..."
        # A name the article abbreviates ("United Nations" for its "U.N.") is said.
        abbreviated = {w for run in re.findall(r"\b[A-Z][a-zA-Z]+(?:\s+(?:of\s+)?[A-Z][a-zA-Z]+)+", body)
                       if "".join(w[0] for w in run.split() if w[0].isupper()) in v.acronyms for w in run.split()}
        # An acronym the article writes with stops ("UN" for its "U.N.") is said too.
        # A long word typed in capitals for stress ("an assistant secretary of DEFENSE?") is the word, no name.
        shouted = self.wordnet.known({w.lower() for w in re.findall(r"\b[A-Z]{6,}\b", body)}) if self.wordnet else ()
        names = [n for n in re.findall(r"\b[A-Z][a-zA-Z]+\b", body)
                 if not v.uses(n) and n.lower() not in _QUESTION_CAPITALS and n not in abbreviated
                 and not (n.isupper() and n.lower() in shouted)
                 and not _MONTH.fullmatch(n)  # a date, read by unknown_numbers
                 and not (n.isupper() and n in v.acronyms)
                 and not (re.fullmatch(r"[A-Z]{2,}s?", n) and initialism(n, " ".join(self._texts.get(v, ()))))]
        near = self.neighbour_similarity([n.lower() for n in names], v)
        return {n: near[n.lower()] for n in names}

    def row(self, word: str) -> int | None:
        """The row of an article word in ``Index.words`` / ``Index.word_vectors`` (None: not an article word)."""
        return self._word_rows.get(word)

    def vectors(self, words: Sequence[str]) -> np.ndarray:
        """One unit embedding per word (article words' are stored; others are computed once and cached)."""
        return self._vectors(words)

    def neighbour_similarity(self, words: Sequence[str], vocabulary: Vocabulary | None = None) -> dict[str, float]:
        """word -> best cosine similarity to a word of the article (default: the corpus), cached."""
        v = vocabulary or self.corpus
        todo = [w for w in dict.fromkeys(words) if (v, w) not in self._neighbour_cache]
        if len(self._neighbour_cache) > _NEIGHBOUR_CACHE_LIMIT:  # questions are arbitrary text: stay bounded
            self._neighbour_cache.clear()
        if todo and len(v.rows):
            best = (self._vectors(todo) @ self.index.word_vectors[v.rows].T).max(axis=1)
            self._neighbour_cache.update(((v, w), float(b)) for w, b in zip(todo, best))
        return {w: self._neighbour_cache.get((v, w), 0.0) for w in words}

    def _vectors(self, words: Sequence[str]) -> np.ndarray:
        """One embedding per word: an article word's stored vector, else computed (in one batch) and cached."""
        missing = [w for w in dict.fromkeys(words) if w not in self._word_rows and w not in self._vector_cache]
        if missing:
            if len(self._vector_cache) + len(missing) > _NEIGHBOUR_CACHE_LIMIT:
                self._vector_cache.clear()
            vectors = np.asarray(self.embeddings.embed_documents(missing), dtype=np.float32)
            self._vector_cache.update(zip(missing, vectors))
        rows, stored = self._word_rows, self.index.word_vectors
        return np.stack([stored[rows[w]] if w in rows else self._vector_cache[w] for w in words])


_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z]{2,}\b")

# Capitalised words that open clauses in questions rather than name things.
_QUESTION_CAPITALS = frozenset("i what who whom whose when where why how which is are was were do does did can "
                               "could would should will please tell and but or so system user assistant "
                               "mr mrs ms dr".split())  # "Mr. Koepcke": a courtesy title, no name


def _edits(word: str) -> set[str]:
    """Every string one edit from ``word``: a letter deleted, inserted or changed, two adjacent swapped."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b} | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in letters} | {a + c + b for a, b in splits for c in letters}) - {word}
