"""Find the sentences that may answer a question: follow-ups resolved, dense + BM25, fused by rank.

``contextualize`` turns a follow-up ("Where did he speak?") into a standalone query by borrowing the
topic of the previous user turns; no LLM needed.

``HybridRetriever`` is a LangChain ``BaseRetriever``. It ranks sentences twice, by cosine similarity in
Chroma and by BM25 over the same sentences, and fuses the two rankings with weighted reciprocal rank
fusion (Cormack, Clarke & Büttcher 2009): ``score = Σ w / (rrf_k + rank)``. Rank fusion needs no score
calibration between the two signals, which is why it is the usual choice for hybrid search.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from typing import Any, Sequence

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from rag.answer_types import CONTENT_TYPES, answer_type, type_fit
from rag.attributes import title_asked
from rag.corpus import Sentence
from rag.index import Index
from rag.lexicon import terms
from rag.settings import Settings
from rag.slots import detail_asked

# Words that make a question lean on what came before it.
_ANAPHORA = frozenset("he she it they him her his its their them this that these those there then such".split())
_ELLIPSIS = re.compile(r"^\s*(?:(?:ok|okay|alright|right|oh|hmm|wow|cool|thanks|great)\b\W*)?"  # "ok and since when?"
                       r"(and|also|what about|how about|so|then|since when|why|where|when|who else|what else|"
                       r"like what|such as|for example|for instance)\b",
                       re.IGNORECASE)


# The first sources found offer every sentence of a content type (``answer_types.CONTENT_TYPES``) asked for.
_TYPE_SOURCES = 3


# "Like what?", "For example?": examples of what was just said.
EXAMPLES = r"^\W*(?:(?:and|so|ok|okay)\W+)?(?:like what|such as what|for example|for instance|examples?|any examples?)\b"
_EXAMPLES = re.compile(EXAMPLES, re.IGNORECASE)


# Questions about the page itself rather than the story: they are answered by a sentence of that kind.
_KIND_CUES = {
    # "title", but not a person's ("Koepcke's job title")
    "headline": re.compile(r"\bheadline\b|(?<!job )(?<!his )(?<!her )(?<!'s )(?<!’s )\btitle\b", re.IGNORECASE),
    # ... but not "the bigger picture", "the bigger-picture gist": the story as a whole
    "caption": re.compile(r"\b(photo|photograph|(?<!big[ -])(?<!bigger[ -])(?<!whole )(?<!full )picture|image|caption|"
                          r"pictured|shown)\b", re.IGNORECASE),
    "attribution": re.compile(r"\b(source|agency|outlet|publish\w*|wire service|news service|"
                              r"where(?:['’]d| is| was| did| does| do)? (?:this|the) (?:article|story|report|piece|news) "
                              r"(?:come |comes |coming )?from|"  # "where'd this story come from"
                              r"who (?:reported|released|carried|ran) (?:this|it|the (?:article|story|report|piece|news))"
                              r")\b", re.IGNORECASE),
}


def asked_kind(question: str) -> str | None:
    """The sentence kind a question is about ("What's the headline?" -> ``headline``), if any; "koepcke
    title pls" asks for his."""
    return next((kind for kind, cue in _KIND_CUES.items()
                 if cue.search(question) and not (kind == "headline" and title_asked(question))
                 and not (kind == "attribution" and _PERSON_SOURCE.search(question))), None)


# "Who is the source of the container figure?", "the named U.S. government source": a person, not the source line
_PERSON_SOURCE = re.compile(r"^\W*who\b(?!.*\b(?:agency|outlet|wire|news service|publish\w*|reported|released|"
                            r"carried|ran)\b)|"
                            r"\b(?:government|official|on-record|named|u\.?s\.?|american|intelligence) sources?\b|"
                            r"\bsources? (?:of|for|behind) (?:the|this|that|these) "
                            r"(?!(?:article|story|report|piece|news)\b)", re.IGNORECASE)


def contextualize(question: str, history: Sequence[Any] = (), *, turns: int = 2) -> str:
    """A standalone search query for ``question``, given earlier ``history`` turns.

    A question that stands alone is returned unchanged. A follow-up (a pronoun, an elliptical opening,
    or one content word or fewer) gets the previous user questions appended, so retrieval finds what the
    conversation is about. The last answer's words are not added: they pull the search back to the
    sentence the user has just read (on the second dev set, "What are they being used for there?" quoted
    the previous answer again until they were dropped), but for "Like what?" / "For example?", which ask
    for examples of what it said (the answerer then quotes another sentence than the one shown).

    >>> contextualize("Since when?", [{"role": "user", "content": "How many containers did Russia get?"}])
    'Since when? How many containers did Russia get?'
    """
    turns_ = [_as_turn(t) for t in history]
    users = [c for r, c in turns_ if r == "user" and c.strip()]
    if not users or not is_follow_up(question) or _NEW_TOPIC.search(question):
        return question  # "Ok. Different question - what ...?": the conversation's topic is not this one's
    if _EXAMPLES.match(question) and (shown := last_answer(history)):
        # "Like what?" asks for examples of what the answer just said: its words are the topic now.
        return question + " " + re.sub(r"\[\d+\]", " ", shown)
    return " ".join([question] + users[-turns:] if turns else [question])


_NEW_TOPIC = re.compile(r"\b(?:different|new|another|unrelated|separate) (?:question|topic|subject)\b|"
                        r"\bchang(?:e|ing) (?:of )?(?:the )?(?:subject|topic)\b|\bswitching gears\b|\bon another note\b",
                        re.IGNORECASE)


def last_answer(history: Sequence[Any]) -> str:
    """The text of the last assistant turn of ``history`` ("" when there is none)."""
    return next((c for r, c in reversed([_as_turn(t) for t in history]) if r == "assistant"), "")


def is_follow_up(question: str) -> bool:
    """Whether a question depends on earlier turns (pronoun, elliptical start, almost no content, or only a
    detail asked: "Over what time period?")."""
    words = re.findall(r"[a-z]+", question.lower())
    last = re.split(r"(?<=[.!?])\s+", question.strip())[-1]  # "Oh my. And since when, roughly?"
    return (bool(_ELLIPSIS.match(question) or _ELLIPSIS.match(last)) or any(w in _ANAPHORA for w in words)
            or len(terms(question)) <= 1
            or detail_asked(question) is not None)


def _as_turn(turn: Any) -> tuple[str, str]:
    if isinstance(turn, dict):
        return str(turn.get("role", "user")), str(turn.get("content", ""))
    role, content = turn  # (role, content) pairs
    return str(role), str(content)


class BM25:
    """Okapi BM25 over an inverted index, so a query touches only sentences sharing a term with it."""

    def __init__(self, texts: Sequence[str], *, k1: float, b: float) -> None:
        self.k1, self.b = k1, b
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.lengths = []
        for i, text in enumerate(texts):
            counts = Counter(terms(text))
            self.lengths.append(sum(counts.values()))
            for term, tf in counts.items():
                self.postings[term].append((i, tf))
        self.n = len(texts)
        self.avg_length = (sum(self.lengths) / self.n) if self.n else 0.0

    def idf(self, term: str) -> float:
        df = len(self.postings.get(term, ()))
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def scores(self, query: str) -> dict[int, float]:
        """Sentence index -> BM25 score, for sentences sharing a term with ``query``."""
        out: dict[int, float] = defaultdict(float)
        for term in set(terms(query)):
            idf = self.idf(term)
            for i, tf in self.postings.get(term, ()):
                norm = self.k1 * (1 - self.b + self.b * self.lengths[i] / (self.avg_length or 1))
                out[i] += idf * tf * (self.k1 + 1) / (tf + norm)
        return dict(out)


class HybridRetriever(BaseRetriever):
    """Dense (Chroma) + lexical (BM25) retrieval over sentences, fused with weighted RRF.

    Each returned ``Document`` is a sentence; its metadata holds ``source``, ``start``, ``end``, ``kind``,
    ``row`` (its row in the index), ``score`` (fused), ``similarity`` (cosine to the query) and ``bm25``.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Index
    embeddings: Embeddings
    settings: Settings
    bm25: BM25 | None = None

    def model_post_init(self, context: Any) -> None:
        self.bm25 = BM25([s.text for s in self.index.sentences], k1=self.settings.bm25_k1, b=self.settings.bm25_b)
        self._rows = {(s.source, s.start): i for i, s in enumerate(self.index.sentences)}
        self._kind_rows: dict[str, list[int]] = defaultdict(list)
        self._source_rows: dict[str, list[int]] = defaultdict(list)
        for i, sentence in enumerate(self.index.sentences):
            self._kind_rows[sentence.kind].append(i)
            self._source_rows[sentence.source].append(i)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return self.search(query, np.asarray(self.embeddings.embed_query(query), dtype=np.float32))

    def search(self, query: str, query_vector: np.ndarray, *, own: str | None = None,
               own_vector: np.ndarray | None = None, lexical_text: str | None = None,
               own_lexical: str | None = None) -> list[Document]:
        """The fused top ``fused_k`` sentences for ``query`` (whose embedding is ``query_vector``).

        A follow-up is also searched with its ``own`` words (embedded as ``own_vector``): the query carries
        the conversation's topic, its own words what is asked now. All four rankings are fused, and each
        sentence's ``own_similarity`` is recorded for the answerer. BM25 reads ``lexical_text`` (and
        ``own_lexical``) when given: the text with the article's synonyms of words it never uses, which the
        vector search reads too ("prolong" for "dragging out").
        """
        s = self.settings
        if not self.index.sentences:
            return []
        searches = [(query, query_vector)] + ([(own, own_vector)] if own is not None and own_vector is not None else [])
        lexical = self.bm25.scores(lexical_text or query)  # the query's BM25 scores are the ones reported
        fused: dict[int, float] = defaultdict(float)
        for text, vector in searches:
            dense_hits = self.index.store.similarity_search_by_vector_with_relevance_scores(
                vector.tolist(), k=min(s.dense_k, len(self.index.sentences)))
            dense_rows = [self._rows[(d.metadata["source"], d.metadata["start"])] for d, _ in dense_hits
                          if (d.metadata["source"], d.metadata["start"]) in self._rows]
            scores = lexical if text is query else self.bm25.scores(own_lexical or text)
            lexical_rows = sorted(scores, key=lambda i: (-scores[i], i))[: s.lexical_k]
            for weight, ranking in ((s.dense_weight, dense_rows), (s.lexical_weight, lexical_rows)):
                for rank, row in enumerate(ranking, start=1):
                    fused[row] += weight / (s.rrf_k + rank)
        top = sorted(fused, key=lambda i: (-fused[i], i))[: s.fused_k]
        kind = asked_kind(query)
        if kind:  # a question about the headline or the photo gets those sentences of the articles found
            sources = {self.index.sentences[i].source for i in top}
            top += [i for i in self._kind_rows[kind] if self.index.sentences[i].source in sources and i not in top]
        asked = own or query
        if top and answer_type(asked) in CONTENT_TYPES:
            # "What broader trend are these shipments evidence of?": the sentence of the kind asked for
            # ("in yet another sign of deepening military cooperation") may share too few words, and be too
            # long for MiniLM, to be found; the articles found offer theirs to the answerer.
            sources = sorted({self.index.sentences[i].source for i in top[:_TYPE_SOURCES]})
            top += [i for source in sources for i in self._source_rows[source]
                    if i not in top and type_fit(asked, self.index.sentences[i].text)]
        similarity = self.index.vectors[top] @ query_vector if top else []
        docs = [self._document(row, fused[row], float(sim), lexical.get(row, 0.0)) for row, sim in zip(top, similarity)]
        if len(searches) > 1 and top:
            for doc, sim in zip(docs, (self.index.vectors[top] @ own_vector).tolist()):
                doc.metadata["own_similarity"] = sim
        return docs

    def _document(self, row: int, score: float, similarity: float, bm25: float) -> Document:
        return sentence_document(self.index.sentences[row], row=row, score=score, similarity=similarity,
                                 bm25=bm25)


def sentence_document(sentence: Sentence, *, row: int | None = None, score: float = 0.0,
                      similarity: float = 0.0, bm25: float = 0.0) -> Document:
    """An index sentence as the ``Document`` the retriever returns (also for one it did not offer)."""
    return Document(
        page_content=sentence.text,
        metadata={"source": sentence.source, "start": sentence.start, "end": sentence.end, "kind": sentence.kind,
                  "position": sentence.position, "row": row, "score": score, "similarity": similarity,
                  "bm25": bm25},
    )
