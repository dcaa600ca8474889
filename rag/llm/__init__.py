"""Optional LLM answers whose every claim is checked against the sentences it cites.

``RAG_LLM=none`` (the default) keeps the extractive answerer; ``openai`` or ``ollama`` puts an
``LLMAnswerer`` in front of it, which falls back to it whenever the model's answer cannot be verified or
the model cannot be reached. One module per concern:

* ``prompt``: the versioned prompt files in ``rag/prompts/`` and how the sentences are numbered;
* ``verify``: claims, citation markers, facts (numbers, dates, names) and meaning checks;
* ``answerer``: ``LLMAnswerer`` (``answer`` and ``stream``), renumbering, fallback and fault handling;
* ``chat_model``: ``make_chat_model(settings)``, the LangChain chat model, imported lazily.

>>> from rag.settings import Settings
>>> make_answerer(Settings(), index, embeddings)        # doctest: +SKIP
<rag.answer.ExtractiveAnswerer object at ...>
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel

from rag.answer import ExtractiveAnswerer
from rag.llm.answerer import LLMAnswerer
from rag.llm.chat_model import LLMUnavailable, make_chat_model
from rag.llm.prompt import load_prompt
from rag.settings import Settings

if TYPE_CHECKING:
    from rag.index import Index

__all__ = ["LLMAnswerer", "LLMUnavailable", "load_prompt", "make_answerer", "make_chat_model"]


def make_answerer(settings: Settings, index: Index, embeddings: Embeddings,
                  chat_model: BaseChatModel | None = None) -> ExtractiveAnswerer | LLMAnswerer:
    """The answerer the settings ask for: extractive, or an LLM (``chat_model`` or the one the settings
    name) that falls back to it."""
    extractive = ExtractiveAnswerer(index, embeddings, settings)
    if settings.llm == "none":
        return extractive
    return LLMAnswerer(chat_model or make_chat_model(settings), extractive, embeddings, settings)
