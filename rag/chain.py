"""The whole trip of a question as one LangChain runnable: check -> rewrite -> retrieve -> answer.

>>> pipeline = Pipeline.load(Settings())          # doctest: +SKIP
>>> pipeline.ask("How many containers?").answer   # doctest: +SKIP
'Russia has secured more than 16,500 containers ... [1]'

``Pipeline`` owns the loaded pieces (embeddings, index, retriever, answerer) and builds the LCEL chain
from them; ``rag.ask`` uses one process-wide pipeline, built on first use.
"""

from __future__ import annotations

import time
import unicodedata
import threading
from dataclasses import dataclass, field
from typing import Any, Iterator, Sequence

import numpy as np
from langchain_core.embeddings import Embeddings
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from rag import compound
from rag.answer import Answer
from rag.index import Index, IndexUnavailable, active_generation, make_client, open_index
from rag.phrasing import plain_text
from rag.retrieve import HybridRetriever, contextualize, last_answer
from rag.settings import Settings


class QuestionError(ValueError):
    """A question that cannot be asked as written; the message says what to change."""


def check_question(question: Any, settings: Settings) -> str:
    """The question, stripped, or a ``QuestionError`` naming what is wrong with it."""
    if not isinstance(question, str):
        raise QuestionError("The question must be text.")
    question = question.strip()
    if not question:
        raise QuestionError("The question is empty. Type a question about the article.")
    if len(question) > settings.max_question_chars:
        raise QuestionError(
            f"The question is {len(question):,} characters long; the limit is {settings.max_question_chars:,}. "
            "Shorten it to the part you want answered."
        )
    bad = sorted({f"U+{ord(c):04X}" for c in question
                  if unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t\r"})
    if bad:
        raise QuestionError(
            f"The question contains control characters ({', '.join(bad[:5])}). Retype it as plain text."
        )
    return question


@dataclass
class Pipeline:
    """Everything loaded once per process to answer questions about the indexed corpus.

    A pipeline follows the index: at most every ``index_check_seconds`` it reads the ``active`` pointer,
    and when an ingest (in any process) has moved it, it loads the new generation and switches over.
    """

    settings: Settings
    embeddings: Embeddings
    index: Index
    retriever: HybridRetriever
    answerer: Any  # ExtractiveAnswerer, or rag.llm.LLMAnswerer (same ``answer``, plus ``stream``)
    client: Any = None  # the Chroma client the index came from (None: a fixed, given index)
    _checked_at: float = field(default_factory=time.monotonic, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def load(cls, settings: Settings, embeddings: Embeddings | None = None, index: Index | None = None,
             client: Any = None) -> "Pipeline":
        """Load the model (unless given) and the live index (``IndexUnavailable`` if there is none)."""
        if embeddings is None:
            from rag.embeddings import make_query_embeddings

            embeddings = make_query_embeddings(settings)
        if index is None:
            client = client or make_client(settings)
            index = open_index(settings, embeddings, client)
        retriever, answerer = cls._stages(settings, embeddings, index)
        return cls(settings, embeddings, index, retriever, answerer, client)

    @staticmethod
    def _stages(settings: Settings, embeddings: Embeddings, index: Index) -> tuple[HybridRetriever, Any]:
        """The retriever and the answerer over ``index``: extractive, or an LLM one if ``RAG_LLM`` names it.

        No LLM server is contacted here; a missing LLM package raises ``LLMUnavailable`` naming the extra.
        """
        from rag.llm import make_answerer  # imports an LLM client only when RAG_LLM names one

        return (HybridRetriever(index=index, embeddings=embeddings, settings=settings),
                make_answerer(settings, index, embeddings))

    def chain(self) -> Runnable:
        """LCEL: ``{"question", "history"}`` in, ``Answer`` out, over this pipeline's current stages."""
        retriever, answerer, settings = self.retriever, self.answerer, self.settings
        return (
            RunnableLambda(lambda x: {**x, "question": check_question(x["question"], settings)})
            | RunnablePassthrough.assign(plain=lambda x: plain_text(x["question"]))
            | RunnablePassthrough.assign(
                query=lambda x: contextualize(x["plain"], x.get("history") or (), turns=settings.history_turns))
            | RunnablePassthrough.assign(docs=lambda x: self._search(retriever, x["plain"], x["query"]))
            | RunnableLambda(lambda x: self._answer(retriever, answerer, x))
        ).with_config(run_name="article-chat")

    def _answer(self, retriever: HybridRetriever, answerer: Any, x: dict) -> Answer:
        """The answer to ``x["question"]``; a refused message that asks several things is asked again part by
        part, and answered if the article answers its first part (``rag.compound``)."""
        history = x.get("history") or ()
        shown = last_answer(history)
        answer = answerer.answer(x["question"], x["query"], x["docs"], plain=x["plain"], shown=shown)
        if not answer.refused or len(parts := compound.parts_of(x["plain"])) < 2:
            return answer
        answers: list[Answer] = []
        for part in parts:
            query = contextualize(part, history, turns=self.settings.history_turns)
            answers.append(answerer.answer(part, query, self._search(retriever, part, query), plain=part, shown=shown))
            if answers[0].refused:  # the message's main question
                return answer
        return compound.joined(x["question"], parts, answers)

    def ask(self, question: str, history: Sequence[Any] = ()) -> Answer:
        """Answer ``question`` given earlier turns.

        Raises ``QuestionError`` for unusable input and ``IndexUnavailable`` when the vector store cannot
        be read (e.g. the Chroma server is down); the next call tries again, so service resumes by
        itself when the store is back.
        """
        started = time.perf_counter()
        request = {"question": question, "history": list(history)}
        try:
            self.refresh()
            answer = self._current_chain().invoke(request)
        except (QuestionError, IndexUnavailable):
            raise
        except Exception as exc:
            if not _is_store_error(exc):
                raise
            if not self._refresh_quietly():  # e.g. our generation was dropped under us: switch and retry
                raise _unavailable(exc) from None
            answer = self._current_chain().invoke(request)
        answer.latency_ms = round((time.perf_counter() - started) * 1000, 3)
        return answer

    def stream(self, question: str, history: Sequence[Any] = ()) -> Iterator[str | Answer]:
        """Like ``ask``, but yields the answer's text as it is verified, then the final ``Answer``.

        The final ``Answer`` prevails over the text streamed before it (an LLM answer that fails
        verification part-way ends as the extractive answer). The extractive answerer yields only the
        ``Answer``. Raises ``QuestionError`` for unusable input before yielding anything.
        """
        started = time.perf_counter()
        question = check_question(question, self.settings)
        plain = plain_text(question)
        query = contextualize(plain, list(history), turns=self.settings.history_turns)
        try:
            self.refresh()
            retriever, answerer = self.retriever, self.answerer
            docs = self._search(retriever, plain, query)
        except Exception as exc:
            if not _is_store_error(exc) or not self._refresh_quietly():
                raise _unavailable(exc) if _is_store_error(exc) else exc
            retriever, answerer = self.retriever, self.answerer
            docs = self._search(retriever, plain, query)
        if hasattr(answerer, "stream"):
            items = answerer.stream(question, query, docs, plain=plain, shown=last_answer(history))
        else:
            x = {"question": question, "plain": plain, "query": query, "docs": docs, "history": list(history)}
            items = iter([self._answer(retriever, answerer, x)])
        for item in items:
            if isinstance(item, Answer):
                item.latency_ms = round((time.perf_counter() - started) * 1000, 3)
            yield item

    def refresh(self) -> bool:
        """Switch to the live generation if an ingest moved the pointer; True when it switched."""
        if self.client is None or time.monotonic() - self._checked_at < self.settings.index_check_seconds:
            return False
        self._checked_at = time.monotonic()
        generation = active_generation(self.client, self.settings)
        if generation in (None, self.index.generation):
            return False
        return self.reload()

    def reload(self) -> bool:
        """Load the live generation again (e.g. it was rebuilt under the same name); True on success."""
        if self.client is None:
            return False
        with self._lock:
            index = open_index(self.settings, self.embeddings, self.client)
            self.retriever, self.answerer = self._stages(self.settings, self.embeddings, index)
            self.index = index
            self._chain = self.chain()
        return True

    def _refresh_quietly(self) -> bool:
        try:
            return self.reload()
        except Exception:
            return False

    def _current_chain(self) -> Runnable:
        if getattr(self, "_chain", None) is None:
            self._chain = self.chain()
        return self._chain

    def _search(self, retriever: HybridRetriever, question: str, query: str) -> list:
        """Sentences for ``query``; a follow-up (``query`` adds earlier turns) is searched with its own words too."""
        # The extractive answerer reads the article's names and words, in either mode (the LLM's falls back on it).
        extractive = getattr(self.answerer, "fallback", self.answerer)
        spell = getattr(extractive, "spell", None)
        if spell is not None:  # "Koepke" is searched as "Koepcke", "goverment" as "government"
            question, query = spell(question), spell(query)
        # What MiniLM and BM25 read: "the North" as North Korea, plus the article's synonyms of words it never uses;
        # a follow-up's borrowed turns are its topic, not what it asks, and get no synonyms.
        read = getattr(extractive, "vector_text", lambda text, expand=True: text)
        if query == question:
            expanded = read(query)
            return retriever.search(query, self._embed(expanded), lexical_text=expanded)
        own = read(question)
        return retriever.search(query, self._embed(read(query, expand=False)), own=question,
                                own_vector=self._embed(own), own_lexical=own)

    def _embed(self, query: str) -> np.ndarray:
        return np.asarray(self.embeddings.embed_query(query), dtype=np.float32)


def _unavailable(exc: Exception) -> IndexUnavailable:
    return IndexUnavailable(
        f"The vector store did not answer ({type(exc).__name__}). If RAG_CHROMA_URL is set, check that the "
        "Chroma server is running; the chat recovers on its own when it is back."
    )


def _is_store_error(exc: Exception) -> bool:
    """Whether an exception came from the vector store or the network to it."""
    module = type(exc).__module__ or ""
    return isinstance(exc, (ConnectionError, OSError, TimeoutError)) or module.startswith(
        ("chromadb", "httpx", "httpcore"))
