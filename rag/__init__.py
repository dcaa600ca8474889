"""article-chat: ask a news article questions; every answer cites the sentences it quotes.

The trip of a question, one module per stage:
``settings`` -> ``corpus`` (load, clean, sentences with offsets) -> ``index`` (embed, Chroma)
-> ``retrieve`` (follow-ups, hybrid search) -> ``answer`` (extractive, citations) -> ``chain`` (LCEL).

>>> import rag                                   # doctest: +SKIP
>>> rag.ask("How many missiles?").citations[0]   # doctest: +SKIP
Citation(n=1, source='corpus/...', start=372, end=602, quote='During a security forum ...')

Importing this package loads nothing heavy; the model and index load on the first ``ask``.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:
    from rag.answer import Answer
    from rag.chain import Pipeline

__all__ = ["ask", "default_pipeline", "reset"]

_lock = threading.Lock()
_pipeline: "Pipeline | None" = None


def default_pipeline() -> "Pipeline":
    """The process-wide pipeline for ``Settings()``, loaded once (thread-safe)."""
    global _pipeline
    with _lock:
        if _pipeline is None:
            from rag.chain import Pipeline
            from rag.settings import Settings

            _pipeline = Pipeline.load(Settings())
        return _pipeline


def reset() -> None:
    """Forget the process-wide pipeline, e.g. after a re-ingest."""
    global _pipeline
    with _lock:
        _pipeline = None


def ask(question: str, history: Sequence[Any] = ()) -> "Answer":
    """Answer a question about the indexed article(s); ``history`` is earlier ``{"role", "content"}`` turns.

    A bad question raises ``rag.chain.QuestionError`` before anything heavy is loaded.
    """
    from rag.chain import check_question
    from rag.settings import Settings

    check_question(question, _pipeline.settings if _pipeline else Settings())
    return default_pipeline().ask(question, history)
