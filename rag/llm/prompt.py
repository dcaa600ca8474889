"""The answer prompt, kept as versioned data in ``rag/prompts/<name>.txt``.

A prompt file has two sections, ``### system`` and ``### human``, each a LangChain f-string template.
The system section receives ``{sentences}`` (the retrieved sentences, numbered ``[1]``..``[k]``) and
``{refusal}`` (the fixed sentence to reply with when they lack the answer); the human section receives
``{question}`` and ``{earlier}`` (the earlier questions a follow-up borrowed, or ``none``).

A released prompt never changes: a new wording is a new file (``answer_v2.txt``), picked with
``RAG_LLM_PROMPT``, so an eval report always names the exact words the model saw. The tests pin the hash of
each released file.

>>> prompt = load_prompt("answer_v1")
>>> [m.type for m in render(prompt, "How many?", "How many?", ["Russia got 16,500 containers."])]
['system', 'human']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from langchain_core.messages import BaseMessage
from langchain_core.prompts import ChatPromptTemplate

from rag.llm.chat_model import LLMUnavailable

DEFAULT_PROMPT = "answer_v1"
# What the model replies when the sentences lack the answer; the answerer recognises it and shows the
# app's own refusal (``rag.answer.refusal``) instead of the model's wording.
REFUSAL_REPLY = "The article does not say."

_SECTION = re.compile(r"^### (system|human)[ \t]*$", re.MULTILINE)
_PLACEHOLDERS = {"system": {"sentences", "refusal"}, "human": {"question", "earlier"}}


class PromptError(LLMUnavailable):
    """A prompt file is missing or malformed; the message names the file and what to fix."""


def available_prompts() -> list[str]:
    """Names of the prompt files shipped in the package, e.g. ``['answer_v1']``."""
    folder = resources.files("rag") / "prompts"
    return sorted(p.name[: -len(".txt")] for p in folder.iterdir() if p.name.endswith(".txt"))


@lru_cache(maxsize=8)
def load_prompt(name: str = DEFAULT_PROMPT) -> ChatPromptTemplate:
    """The chat prompt stored in ``rag/prompts/<name>.txt`` (``PromptError`` if absent or malformed)."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise PromptError(f"Prompt name {name!r} is not a file name; use one of {available_prompts()}.")
    path = resources.files("rag") / "prompts" / f"{name}.txt"
    if not path.is_file():
        raise PromptError(f"No prompt rag/prompts/{name}.txt; RAG_LLM_PROMPT must be one of "
                          f"{available_prompts()}.")
    text = path.read_text(encoding="utf-8")
    parts = _SECTION.split(text)  # ['', 'system', body, 'human', body]
    sections = dict(zip(parts[1::2], (body.strip() for body in parts[2::2])))
    if list(sections) != ["system", "human"] or parts[0].strip():
        raise PromptError(f"rag/prompts/{name}.txt must hold a '### system' then a '### human' section, "
                          "and nothing else.")
    template = ChatPromptTemplate.from_messages(list(sections.items()))
    for role, message in zip(("system", "human"), template.messages):
        found = set(message.prompt.input_variables)  # type: ignore[attr-defined]
        if found != _PLACEHOLDERS[role]:
            raise PromptError(f"rag/prompts/{name}.txt: the {role} section uses the placeholders "
                              f"{sorted(found)}; it must use exactly {sorted(_PLACEHOLDERS[role])}.")
    return template


def number_sentences(texts: Sequence[str]) -> str:
    """The retrieved sentences as the model sees them, one per line.

    >>> print(number_sentences(["Russia got 16,500 containers.", "It fired 65 missiles."]))
    [1] Russia got 16,500 containers.
    [2] It fired 65 missiles.
    """
    return "\n".join(f"[{n}] {' '.join(text.split())}" for n, text in enumerate(texts, start=1))


def render(prompt: ChatPromptTemplate, question: str, query: str, texts: Sequence[str]) -> list[BaseMessage]:
    """The messages for one question: ``texts`` numbered in the order given, ``query``'s extra context."""
    earlier = query[len(question):].strip() if query.startswith(question) else query.strip()
    return prompt.format_messages(sentences=number_sentences(texts), refusal=REFUSAL_REPLY,
                                  question=question, earlier=earlier or "none")
