"""The chat model named by the settings, as a LangChain ``BaseChatModel``.

``RAG_LLM=openai`` gives ``ChatOpenAI`` pointed at ``RAG_LLM_BASE_URL`` (OpenAI itself, or any
OpenAI-compatible server: vLLM, llama.cpp, LM Studio, LiteLLM); ``RAG_LLM=ollama`` gives ``ChatOllama``.
Both packages are the optional extra ``article-chat[llm]`` and are imported only here, only when asked for.

The client never retries (``max_retries=0``): a slow or dead server costs one ``RAG_LLM_TIMEOUT``, not
three, before the extractive answer is shown. Temperature is 0 unless set, so the same question over the
same sentences gets the same answer and an eval run can be repeated.
"""

from __future__ import annotations

from typing import Any

from langchain_core.language_models import BaseChatModel

from rag.embeddings import ModelUnavailable
from rag.settings import Settings

# OpenAI's client will not start without a key; local OpenAI-compatible servers ignore it. Sending this
# placeholder (rather than reading OPENAI_API_KEY behind the user's back) keeps RAG_LLM_API_KEY the only key.
NO_KEY = "no-key-set"


class LLMUnavailable(ModelUnavailable):
    """The chat model cannot be built (extra not installed, unknown kind); the message says what to do."""


def make_chat_model(settings: Settings) -> BaseChatModel:
    """``ChatOpenAI`` or ``ChatOllama`` for ``settings.llm`` (``LLMUnavailable`` if the extra is missing).

    Nothing is contacted here; a server that is down shows up on the first question, as a fallback.
    """
    temperature = settings.llm_temperature
    if settings.llm == "openai":
        ChatOpenAI = _import("langchain_openai", "ChatOpenAI", settings)
        return ChatOpenAI(
            model=settings.llm_model, base_url=settings.llm_base_url, api_key=settings.llm_api_key or NO_KEY,
            timeout=settings.llm_timeout, max_tokens=settings.llm_max_tokens, max_retries=0,
            temperature=temperature,
        )
    if settings.llm == "ollama":
        ChatOllama = _import("langchain_ollama", "ChatOllama", settings)
        client: dict[str, Any] = {"timeout": settings.llm_timeout}
        if settings.llm_api_key:  # Ollama behind a proxy or Ollama's cloud: a bearer token
            client["headers"] = {"Authorization": f"Bearer {settings.llm_api_key}"}
        return ChatOllama(model=settings.llm_model, base_url=settings.llm_base_url,
                          num_predict=settings.llm_max_tokens, temperature=temperature, client_kwargs=client)
    raise LLMUnavailable(f"RAG_LLM={settings.llm!r} names no chat model; use 'openai' or 'ollama' "
                         "(or 'none' for the extractive answerer).")


def _import(module: str, name: str, settings: Settings) -> Any:
    try:
        return getattr(__import__(module, fromlist=[name]), name)
    except ImportError:
        raise LLMUnavailable(
            f"RAG_LLM={settings.llm} needs the package {module.replace('_', '-')}, which is not installed. "
            "Install the LLM extra: pip install 'article-chat[llm]' (or set RAG_LLM=none)."
        ) from None
