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
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
from langchain_core.embeddings import Embeddings
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from rag.answer import Answer, ExtractiveAnswerer
from rag.index import Index, open_index
from rag.retrieve import HybridRetriever, contextualize, plain_text
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
    """Everything loaded once per process to answer questions about the indexed corpus."""

    settings: Settings
    embeddings: Embeddings
    index: Index
    retriever: HybridRetriever
    answerer: Any  # ExtractiveAnswerer, or an LLM answerer with the same ``answer`` method

    @classmethod
    def load(cls, settings: Settings, embeddings: Embeddings | None = None, index: Index | None = None) -> "Pipeline":
        """Load the model (unless given) and the live index (``IndexUnavailable`` if there is none)."""
        if embeddings is None:
            from rag.embeddings import make_query_embeddings

            embeddings = make_query_embeddings(settings)
        index = index or open_index(settings, embeddings)
        retriever = HybridRetriever(index=index, embeddings=embeddings, settings=settings)
        return cls(settings, embeddings, index, retriever, ExtractiveAnswerer(index, embeddings, settings))

    def chain(self) -> Runnable:
        """LCEL: ``{"question", "history"}`` in, ``Answer`` out."""
        return (
            RunnableLambda(lambda x: {**x, "question": check_question(x["question"], self.settings)})
            | RunnablePassthrough.assign(
                query=lambda x: contextualize(plain_text(x["question"]), x.get("history") or (),
                                              turns=self.settings.history_turns))
            | RunnablePassthrough.assign(docs=lambda x: self.retriever.search(x["query"], self._embed(x["query"])))
            | RunnableLambda(lambda x: self.answerer.answer(x["question"], x["query"], x["docs"],
                                                           plain=plain_text(x["question"])))
        ).with_config(run_name="article-chat")

    def ask(self, question: str, history: Sequence[Any] = ()) -> Answer:
        """Answer ``question`` given earlier turns; raises ``QuestionError`` for unusable input."""
        started = time.perf_counter()
        if not hasattr(self, "_chain"):
            self._chain = self.chain()
        answer = self._chain.invoke({"question": question, "history": list(history)})
        answer.latency_ms = round((time.perf_counter() - started) * 1000, 3)
        return answer

    def _embed(self, query: str) -> np.ndarray:
        return np.asarray(self.embeddings.embed_query(query), dtype=np.float32)
