"""Turn retrieved sentences into a short, cited answer, or an honest refusal.

The default answerer needs no LLM. It re-scores the retrieved sentences, quotes the best one (and a
second when it scores nearly as well and adds words of the question the first lacks), and numbers a
``[n]`` marker for each quoted sentence. Every citation carries the sentence's span in its source file.

It refuses ("The article does not say ...") when either signal says the article lacks the answer:

* **similarity**: the best sentence's cosine similarity to the question is below ``min_similarity``;
* **support**: less than ``min_support`` of the question's content words occur in the article, where a
  word absent from the article still counts when an article word is its close neighbour in embedding
  space (cosine >= ``word_neighbour_similarity``: "ammunition" is said by "munitions");
* **names**: a capitalised name in the question that the article never uses nor has a neighbour for
  ("France", "Kim Jong Un") means the question is about something else.

The thresholds are chosen on the dev split of the gold set by ``python -m evals.calibrate``, which
prints each signal's value for every dev item and the accuracy at each candidate threshold; the README
records the choice. Nothing here knows any gold question.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Sequence

import numpy as np
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from rag.index import Index
from rag.lexicon import content_words, stem, terms
from rag.settings import Settings

REFUSAL = "The article does not say{topic}."


@dataclass(frozen=True)
class Citation:
    """A quoted sentence: marker number, file, span ``[start, end)`` in the raw file, cleaned text."""

    n: int
    source: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Retrieved:
    """A sentence the retriever offered, with its fused score."""

    source: str
    start: int
    end: int
    text: str
    score: float


@dataclass
class Answer:
    """The one result type: CLI, web UI, REST API and evals all read this."""

    question: str
    answer: str
    refused: bool
    citations: list[Citation] = field(default_factory=list)
    retrieved: list[Retrieved] = field(default_factory=list)
    latency_ms: float = 0.0

    def to_dict(self) -> dict:
        """The JSON object of ``rag ask --json`` (and of ``POST /api/ask``)."""
        return asdict(self)


@dataclass(frozen=True)
class Signals:
    """Why the answerer answered or refused; printed by calibration and kept for debugging."""

    similarity: float
    support: float
    unknown_names: tuple[str, ...]


class ExtractiveAnswerer:
    """Quote the article's own sentences; refuse when the article does not hold the answer."""

    def __init__(self, index: Index, embeddings: Embeddings, settings: Settings) -> None:
        self.index, self.embeddings, self.settings = index, embeddings, settings
        self.article_terms = {t for s in index.sentences for t in terms(s.text)}
        self.article_words = {w.lower() for s in index.sentences for w in re.findall(r"[A-Za-z]+", s.text)}
        self._neighbour_cache: dict[str, float] = {}

    # -- public ---------------------------------------------------------------------------------------

    def answer(self, question: str, query: str, docs: Sequence[Document]) -> Answer:
        """An ``Answer`` for ``question`` from the retrieved ``docs`` (found with the standalone ``query``)."""
        retrieved = [Retrieved(d.metadata["source"], d.metadata["start"], d.metadata["end"], d.page_content,
                               round(float(d.metadata["score"]), 6)) for d in docs]
        chosen, signals = self.select(question, query, docs)
        if not chosen:
            return Answer(question, refusal(question), True, [], retrieved)
        citations = [Citation(n, d.metadata["source"], d.metadata["start"], d.metadata["end"], d.page_content)
                     for n, d in enumerate(chosen, start=1)]
        text = " ".join(f"{c.quote} [{c.n}]" for c in citations)
        return Answer(question, text, False, citations, retrieved)

    def select(self, question: str, query: str, docs: Sequence[Document]) -> tuple[list[Document], Signals]:
        """The sentences to quote (empty: refuse) and the signals behind the decision."""
        if not docs:
            return [], Signals(0.0, 0.0, ())
        scored = sorted(((self.score(query, d), d) for d in docs), key=lambda x: -x[0])
        best_score, best = scored[0]
        signals = Signals(
            similarity=max(float(d.metadata["similarity"]) for d in docs),
            support=self.support(question),
            unknown_names=tuple(self.unknown_names(question)),
        )
        s = self.settings
        if signals.similarity < s.min_similarity or signals.support < s.min_support or signals.unknown_names:
            return [], signals
        chosen = [best]
        covered = set(terms(best.page_content))
        for score, doc in scored[1:]:
            if len(chosen) >= s.max_answer_sentences or score < s.second_sentence_ratio * best_score:
                break
            adds = set(terms(query)) & set(terms(doc.page_content)) - covered
            if adds and not _near_duplicate(doc.page_content, best.page_content):
                chosen.append(doc)
                covered |= set(terms(doc.page_content))
        chosen.sort(key=lambda d: (d.metadata["source"], d.metadata["start"]))  # read in article order
        return chosen, signals

    def score(self, query: str, doc: Document) -> float:
        """Answer-selection score: cosine similarity + share of query terms the sentence contains + type fit."""
        query_terms = set(terms(query))
        sentence_terms = set(terms(doc.page_content))
        coverage = len(query_terms & sentence_terms) / len(query_terms) if query_terms else 0.0
        return float(doc.metadata["similarity"]) + 0.5 * coverage + 0.1 * _type_fit(query, doc.page_content)

    def support(self, question: str) -> float:
        """Share of the question's content words the article says, itself or through a close neighbour."""
        words = list(dict.fromkeys(content_words(question)))
        if not words:
            return 1.0
        said = [w for w in words if stem(w) in self.article_terms or w in self.article_words]
        unsaid = [w for w in words if w not in said]
        near = self.neighbour_similarity(unsaid)
        said += [w for w in unsaid if near[w] >= self.settings.word_neighbour_similarity]
        return len(said) / len(words)

    def unknown_names(self, question: str) -> list[str]:
        """Capitalised words (not opening the question) that neither the article nor a neighbour says."""
        body = re.sub(r"^\W*\w+", "", re.sub(r"<[^>]*>", " ", question))
        names = [n for n in re.findall(r"\b[A-Z][a-zA-Z]+\b", body)
                 if n.lower() not in self.article_words and stem(n.lower()) not in self.article_terms
                 and n.lower() not in _QUESTION_CAPITALS]
        near = self.neighbour_similarity([n.lower() for n in names])
        return [n for n in names if near[n.lower()] < self.settings.word_neighbour_similarity]

    def neighbour_similarity(self, words: Sequence[str]) -> dict[str, float]:
        """word -> best cosine similarity to any article word (cached: the vocabulary does not change)."""
        todo = [w for w in dict.fromkeys(words) if w not in self._neighbour_cache]
        if todo and len(self.index.words):
            vectors = np.asarray(self.embeddings.embed_documents(todo), dtype=np.float32)
            best = (vectors @ self.index.word_vectors.T).max(axis=1)
            self._neighbour_cache.update(zip(todo, (float(b) for b in best)))
        return {w: self._neighbour_cache.get(w, 0.0) for w in words}


# Capitalised words that open clauses in questions rather than name things.
_QUESTION_CAPITALS = frozenset("i what who whom whose when where why how which is are was were do does did can "
                               "could would should will please tell and but or so system user assistant".split())


def refusal(question: str) -> str:
    """The fixed refusal sentence, naming the topic when it is short enough to repeat."""
    topic = re.sub(r"<[^>]*>", "", question).strip().rstrip("?.! ")
    if 0 < len(topic) <= 80 and "\n" not in topic:
        return REFUSAL.format(topic=f" (asked: “{topic}”)")
    return REFUSAL.format(topic="")


def _type_fit(query: str, sentence: str) -> float:
    """1 when the sentence holds the kind of thing the question asks for (a number, a date, a place)."""
    q = query.lower()
    if re.search(r"\bhow (many|much)\b|\bnumber of\b", q):
        return float(bool(re.search(r"\d", sentence)))
    if re.search(r"\bwhen\b|\bwhat (date|day|year|month)\b|\bsince\b", q):
        return float(bool(re.search(r"\b(19|20)\d\d\b|\b(January|February|March|April|May|June|July|August|"
                                    r"September|October|November|December|Sept?\.|Monday|Tuesday|Wednesday|"
                                    r"Thursday|Friday|Saturday|Sunday)\b", sentence)))
    if re.search(r"\bwhere\b", q):
        return float(bool(re.search(r"\b(in|at|into|from) (the )?[A-Z]", sentence)))
    return 0.0


def _near_duplicate(a: str, b: str) -> bool:
    ta, tb = set(terms(a)), set(terms(b))
    return bool(ta and tb) and len(ta & tb) / min(len(ta), len(tb)) >= 0.7
