"""How much of a question a sentence says: the lexical half of answer selection.

Counting shared words treats every word alike, so a sentence that repeats the article's subject ("North
Korea", said by almost every sentence) beats the one sentence that holds the question's rare words. Three
refinements, each standard in lexical retrieval:

* **weights**: each question term counts by its inverse document frequency over the corpus's sentences
  (as BM25 weighs it), so "North" counts little and "aircraft" much;
* **names of one country**: "Moscow", "the Kremlin" and "Russia", or "Pyongyang" and "DPRK", are one
  term (``Aliases.canonical``);
* **near words**: a question word the sentence lacks earns part credit from the sentence's closest word
  in MiniLM's word space ("help" / "assistance" 0.59, "weapons" / "arms" 0.57), rising linearly from
  nothing at cosine ``soft_match_floor`` to full at ``soft_match_full``; or ``wordnet_credit`` when
  WordNet says the sentence's word or phrase is a synonym or a kind of it ("fighter aircraft" for
  "warplanes", which MiniLM puts at 0.29; ``rag.wordnet``).

Beside that bag of terms, ``phrases`` counts the question's adjacent term pairs the sentence has adjacent
too, stop words aside ("official name" in "by its official name", "remain committed" in "remains committed
to diplomacy"): word order, which neither the bag nor MiniLM's one vector for a long sentence keeps
(``phrase_weight``).

A sentence that repeats the question as its own ("concerned about what North Korea is getting in return"
for "What is North Korea getting in return?") raises it rather than answers it: ``unechoed`` takes that
clause out before the sentence's words are counted.

A follow-up's query carries the words of earlier turns too; those count at ``history_term_weight``,
so the words the user just typed decide between sentences that share the conversation's topic. The
words of an attribution around what is asked ("According to the American official, ...", "Does the
US say ...", "in the US view", "the issues Koepcke said ...") or of a request ("Could you list ...")
count at ``framing_term_weight``: the answering sentence quotes the source without naming it again, and
those words had pulled answers to sentences about the source.

>>> # ``Overlap(index, words, aliases, settings).coverage(overlap.question(q, query), sentence)``
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from rag.aliases import Aliases
from rag.index import Index
from rag.lexicon import stem, term_words, terms
from rag.settings import Settings
from rag.vocabulary import ArticleWords


@dataclass(frozen=True)
class QuestionTerms:
    """The question's terms: stems with their weights, and the words behind them (for near matches)."""

    stems: tuple[str, ...]
    weights: np.ndarray  # one per stem
    vectors: np.ndarray | None  # one unit vector per stem's word; None when soft matching is off
    words: tuple[str, ...] = ()  # the question's word behind each stem (for WordNet)


class Overlap:
    """IDF-weighted, alias-aware, soft coverage of a question's terms by a sentence."""

    def __init__(self, index: Index, words: ArticleWords, aliases: Aliases, settings: Settings) -> None:
        self.words, self.aliases, self.settings = words, aliases, settings
        self.df = Counter(s for sentence in index.sentences for s in {s for _, s in self._words(sentence.text)})
        self.n = len(index.sentences)
        self._sentence_cache: dict[str, tuple[frozenset[str], np.ndarray | None, frozenset[str]]] = {}
        self._pair_cache: dict[str, frozenset[tuple[str, str]]] = {}

    def idf(self, term: str) -> float:
        df = self.df.get(term, 0)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def question(self, question: str, query: str) -> QuestionTerms:
        """The terms of ``question`` at weight 1, and those ``query`` adds (a follow-up's history) lower."""
        by_stem: dict[str, tuple[str, float]] = {}  # stem -> (the first word with it, its weight)
        # Words of the attribution ("Does the US say ...") count at framing_term_weight, after what is asked.
        framing = " ".join(m.group(0) for m in _FRAMING.finditer(question))
        sources = ((_FRAMING.sub(" ", question), 1.0), (framing, self.settings.framing_term_weight),
                   (query, self.settings.history_term_weight))
        for text, weight in sources:
            for word, s in self._words(text):
                by_stem.setdefault(s, (word, weight))
        stems = tuple(by_stem)
        weights = np.asarray([self.idf(s) * by_stem[s][1] for s in stems], dtype=np.float32)
        vectors = None
        if self.settings.soft_match_full > self.settings.soft_match_floor and stems:
            vectors = self.words.vectors([by_stem[s][0] for s in stems])
        return QuestionTerms(stems, weights, vectors, tuple(by_stem[s][0] for s in stems))

    def coverage(self, q: QuestionTerms, sentence: str) -> float:
        """Weighted share of the question's terms the sentence says (itself, another name, or a near word)."""
        if not q.stems or float(q.weights.sum()) <= 0:
            return 0.0
        return float((self.credits(q, sentence) * q.weights).sum() / q.weights.sum())

    def credits(self, q: QuestionTerms, sentence: str) -> np.ndarray:
        """Per question term, how far the sentence says it: 1 itself or another name, up to
        ``soft_match_cap`` a near word, ``wordnet_credit`` a WordNet or synonym-file word (``wordnet_rare_credit``
        through a rarer sense only), else 0."""
        stems, vectors, lemmas = self._sentence(sentence)
        credit = np.asarray([1.0 if s in stems else 0.0 for s in q.stems], dtype=np.float32)
        if q.vectors is not None and vectors is not None and len(vectors):
            lo, hi = self.settings.soft_match_floor, self.settings.soft_match_full
            near = np.clip(((q.vectors @ vectors.T).max(axis=1) - lo) / (hi - lo), 0.0, 1.0)
            credit = np.maximum(credit, near * self.settings.soft_match_cap)
        common, rare = self.settings.wordnet_credit, self.settings.wordnet_rare_credit
        if (wordnet := self.words.wordnet) is not None and common > 0:
            # through one of the word's common senses, or only a rarer one ("break" said by "revealed")
            credit = np.maximum(credit, [(common if wordnet.commonly_said_by(w) & lemmas else rare)
                                         if c < 1 and wordnet.said_by(w) & lemmas else 0.0
                                         for w, c in zip(q.words, credit)])
        return credit

    def phrases(self, question: str, sentence: str) -> float:
        """Share of the question's adjacent term pairs ("official name", "remain committed") that the sentence
        has adjacent too, stop words aside ("by its official name", "remains committed to"): word order,
        which the bag of terms of ``coverage`` and MiniLM's one vector for a long sentence both lose."""
        asked = set(pairwise(s for _, s in self._words(question)))
        if not asked:
            return 0.0
        if sentence not in self._pair_cache:
            if len(self._pair_cache) > 50_000:
                self._pair_cache.clear()
            self._pair_cache[sentence] = frozenset(pairwise(s for _, s in self._words(sentence)))
        return len(asked & self._pair_cache[sentence]) / len(asked)

    def _words(self, text: str) -> list[tuple[str, str]]:
        return term_words(self.aliases.canonical(text))

    def _sentence(self, text: str) -> tuple[frozenset[str], np.ndarray | None, frozenset[str]]:
        """A sentence's stems, its words' vectors and its WordNet lemmas, computed once per sentence."""
        if text not in self._sentence_cache:
            if len(self._sentence_cache) > 50_000:
                self._sentence_cache.clear()
            pairs = self._words(text)
            rows = [self.words.row(w) for w, _ in pairs]
            rows = [r for r in rows if r is not None]
            vectors = self.words.index.word_vectors[rows] if rows else None
            lemmas = self.words.wordnet.text_lemmas(text) if self.words.wordnet is not None else frozenset()
            stems = {s for _, s in pairs} | {stem(w[len(m.group(0)):]) for w, _ in pairs if (m := _PREFIX.match(w))}
            self._sentence_cache[text] = (frozenset(stems), vectors, lemmas)
        return self._sentence_cache[text]


# A prefix that leaves the word it is put on ("preconditions" says "conditions"); not one that negates it.
_PREFIX = re.compile(r"(?:pre|co|post|inter|multi|sub|super|counter)-?(?=[a-z]{5,}$)")

# Attribution around what is asked: "According to the American official, ...", "Does the US say ...",
# "in the US view". The article's answering sentences quote the source without naming it again.
_FRAMING = re.compile(
    r"\baccording to (?:the )?(?:[\w.’'-]+\s*){1,3}?(?=,|\?|$)"
    # a request around the question: "Could you list ...", "Can you tell me ...", "Please name ..."
    r"|^\W*(?:(?:could|can|would|will)\s+you\s+(?:please\s+)?|please\s+)?(?:list|name|tell\s+me|give\s+me|"
    r"show\s+me|enumerate)\b"
    # "the issues Koepcke said the US is open to": who said it, inside the question
    r"|\b(?:[A-Z][a-z]+|he|she|the official)\s+(?:said|says)\b(?=\s+(?:that\s+)?(?:the\s+)?[\w.]+)"
    r"|\bin (?:the )?[\w.’'-]+(?:'s|’s)? (?:own )?(?:view|opinion|eyes|words|account)\b"
    r"|\b(?:does|did|do|has|have|would|will|is|are)\s+(?:the\s+)?(?:[\w.’'-]+\s+){0,2}?"
    r"(?:say|says|said|believe|think|claim|consider|stress|argue|contend|warn|allege|accuse|accusing|saying)\b"
    # the light verb of "hold talks", "have a meeting": the talks are what is asked
    r"|\b(?:hold|holds|held|holding|have|has|had|having)\b(?=\s+(?:\w+\s+)?(?:talks|negotiations|discussions|"
    r"meetings?|dialogue|summits?|consultations)\b)",
    re.IGNORECASE)


# A clause of a sentence that a wh-word opens.
_WH_CLAUSE = r"\b{}\b[^.,;:“”\"?!]*"
_WH = re.compile(r"\b(?:what|who|whom|where|when|why|which|how)\b", re.IGNORECASE)


def unechoed(question: str, sentence: str, *, share: float = 0.75,
             mentions: Callable[[str, str], bool] | None = None) -> str:
    """``sentence`` without a clause that restates ``question`` ("... about what North Korea is getting in
    return" for "What is North Korea getting in return?"): a clause the question's wh-word opens that says
    at least ``share`` of the question's (two or more) terms. A question that holds a second wh-word ("What
    did he say about what the North gets?") asks about the sentence that raises it, and keeps it whole; so
    does one whose words the clause lacks the rest of the sentence says (``mentions(text, word)``): "What is
    the US worried about North Korea getting?" is answered by "concerned about what North Korea is getting"."""
    m = _WH.search(question)  # "What is North Korea getting?", or as learners ask: "north korea get what back?"
    if m is None or _WH.search(question, m.end()):
        return sentence
    asked = set(terms(question))
    if len(asked) < 2:
        return sentence
    for clause in re.finditer(_WH_CLAUSE.format(m.group(0).lower()), sentence, re.IGNORECASE):
        restated = set(terms(clause.group(0)))
        if len(asked & restated) >= share * len(asked):
            rest = sentence[:clause.start()] + sentence[clause.end():]
            lacked = [w for w, s in term_words(question) if s not in restated]
            if mentions is not None and lacked and all(mentions(rest, w) for w in lacked):
                return sentence  # the rest says what the question adds: the clause is what it asks for
            return rest
    return sentence
