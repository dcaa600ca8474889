"""Answer with an LLM, show only what the cited sentences support, and fall back to quoting them.

``LLMAnswerer`` has the ``answer(question, query, docs) -> Answer`` method of the extractive answerer,
plus ``stream``. It sends the retrieved sentences, numbered, with the prompt of ``rag.llm.prompt``; cuts
the reply into claims as it arrives; and checks each claim with ``rag.llm.verify`` before passing it on.
Outcomes, all an ``Answer`` of the usual shape:

* every claim verified: the reply, its markers renumbered ``[1]..[n]`` in order of first use, with a
  ``Citation`` (file offsets) for each cited sentence;
* the reply opens with the fixed refusal: ``refused=True``, no citations. The refusal is trusted even
  when the extractive answerer would have quoted something: the model has read the sentences and
  found no answer in them, and the extractive answerer's confidence is similarity, which is exactly
  what a near-miss sentence has;
* any claim fails verification: the extractive answer plus the note ``(LLM answer failed
  verification; showing quoted sentences.)``;
* the server is down, times out, answers with an HTTP error or an empty reply: the extractive answer
  plus ``(LLM unavailable; showing quoted sentences.)``. Logged (never the API key); nothing raised.

Streaming yields the verified claims as text, one claim at a time, and then the final ``Answer``. A claim
is only yielded once it has passed verification, so no one sees an unchecked sentence; but a later claim
can still fail, so the final ``Answer`` is the truth and replaces whatever text was streamed.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import closing
from typing import Any

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage

from rag.answer import Answer, Citation, ExtractiveAnswerer, refusal, retrieved_from
from rag.llm.prompt import REFUSAL_REPLY, load_prompt, render
from rag.llm.verify import MARKER, ClaimSplitter, ClaimVerifier, markers, strip_markers
from rag.settings import Settings

log = logging.getLogger(__name__)

# Chosen with the packaged MiniLM over the article: faithful claims that reword their sentence score
# 0.59-0.98 against its evidence; claims on another topic that reuse its names score 0.29-0.53. (Claims
# that only reuse the sentence's words pass without this check; see rag.llm.verify.)
MIN_CLAIM_SIMILARITY = 0.55
UNVERIFIED = "answer failed verification"
UNAVAILABLE = "unavailable"


class LLMFault(RuntimeError):
    """The LLM gave no usable reply (server down, timeout, HTTP error, empty reply)."""


class Unverified(ValueError):
    """A claim of the LLM's reply is not supported by the sentences it cites."""


class LLMAnswerer:
    """An answerer that asks ``chat_model`` and verifies its reply; ``fallback`` answers when that fails."""

    def __init__(self, chat_model: BaseChatModel, fallback: ExtractiveAnswerer, embeddings: Embeddings,
                 settings: Settings) -> None:
        self.chat_model, self.fallback, self.embeddings = chat_model, fallback, embeddings
        self.settings = settings
        self.prompt = load_prompt(settings.llm_prompt)
        self.min_similarity = settings.llm_min_claim_similarity

    def answer(self, question: str, query: str, docs: Sequence[Document], *,
               plain: str | None = None, shown: str = "") -> Answer:
        """The verified LLM answer, its refusal, or the extractive answer with a note; LLM faults never raise.

        ``plain`` is the question without markup: what the model reads (default: ``question``).
        """
        *_, final = self._run(question, query, docs, plain, streaming=False, shown=shown)
        return final

    def stream(self, question: str, query: str, docs: Sequence[Document], *,
               plain: str | None = None, shown: str = "") -> Iterator[str | Answer]:
        """Verified text as it arrives (one claim per chunk), then the final ``Answer``, which prevails.

        >>> for item in answerer.stream(question, query, docs):   # doctest: +SKIP
        ...     if isinstance(item, str): show_more(item)
        ...     else: show_final(item)                            # replaces the streamed text
        """
        return self._run(question, query, docs, plain, streaming=True, shown=shown)

    # -- the one path behind answer and stream ---------------------------------------------------------

    def _run(self, question: str, query: str, docs: Sequence[Document], plain: str | None, *,
             streaming: bool, shown: str = "") -> Iterator[str | Answer]:
        if not docs:  # nothing retrieved: nothing to ask the model about
            yield self.fallback.answer(question, query, docs, plain=plain, shown=shown)
            return
        texts = [d.page_content for d in docs]
        verifier = ClaimVerifier(texts, self.embeddings, self.min_similarity)
        draft = _Draft(docs)
        asked = plain if plain is not None else question
        claims = self._claims(render(self.prompt, asked, query, texts), streaming)
        try:
            with closing(claims):
                for claim in claims:
                    if not draft.parts and is_refusal(claim):
                        log.info("LLM refused: the retrieved sentences do not answer %r.", asked[:80])
                        yield refusal(question)
                        yield Answer(question, refusal(question), True, [], retrieved_from(docs))
                        return
                    verdict = verifier.check(claim)
                    if not verdict.ok:
                        raise Unverified(verdict.problem)
                    yield draft.add(claim, verdict.cited)
        except Unverified as exc:
            log.warning("LLM answer failed verification: %s. Showing the extractive answer.", exc)
            yield self._fall_back(question, query, docs, plain, UNVERIFIED, shown)
            return
        except LLMFault as exc:
            log.warning("LLM call failed: %s. Showing the extractive answer.", exc)
            yield self._fall_back(question, query, docs, plain, UNAVAILABLE, shown)
            return
        log.info("LLM answer verified: %d claim(s) citing retrieved sentence(s) %s.",
                 len(draft.parts), list(draft.numbers))
        yield Answer(question, "".join(draft.parts), False, draft.citations(), retrieved_from(docs))

    def _claims(self, messages: list[BaseMessage], streaming: bool) -> Iterator[str]:
        """Claims of the model's reply as each completes; any client failure becomes ``LLMFault``."""
        splitter, seen, timeout = ClaimSplitter(), False, self.settings.llm_timeout
        # The client's timeout bounds each read; this bounds a stream that trickles on for longer.
        deadline = time.monotonic() + timeout if streaming else float("inf")
        replies = self._replies(messages, streaming)
        try:
            for chunk in replies:
                if time.monotonic() > deadline:
                    raise LLMFault(f"no complete reply within RAG_LLM_TIMEOUT={timeout:g} s")
                seen = seen or bool(chunk.strip())
                yield from splitter.feed(chunk)
            if not seen:
                raise LLMFault("the model sent an empty reply")
            yield from splitter.close()
        except LLMFault:
            raise
        except Exception as exc:  # refused, timed out, HTTP status, malformed body: all mean "no reply"
            raise LLMFault(describe_fault(exc, self.settings)) from exc
        finally:
            replies.close()

    def _replies(self, messages: list[BaseMessage], streaming: bool) -> Iterator[str]:
        if streaming:
            for chunk in self.chat_model.stream(messages):
                yield _text(chunk)
        else:
            yield _text(self.chat_model.invoke(messages))

    def _fall_back(self, question: str, query: str, docs: Sequence[Document], plain: str | None,
                   what: str, shown: str = "") -> Answer:
        answer = self.fallback.answer(question, query, docs, plain=plain, shown=shown)
        note = f"(LLM {what}.)" if answer.refused else f"(LLM {what}; showing quoted sentences.)"
        answer.answer = f"{answer.answer} {note}"
        return answer


class _Draft:
    """The verified part of the reply: its text with markers renumbered, and which sentence each number is."""

    def __init__(self, docs: Sequence[Document]) -> None:
        self.docs = docs
        self.numbers: dict[int, int] = {}  # retrieved-sentence number (1-based) -> marker shown
        self.parts: list[str] = []

    def add(self, claim: str, cited: Sequence[int]) -> str:
        """Record a verified claim; returns its text as shown (space-separated from the previous one)."""
        for n in cited:
            self.numbers.setdefault(n, len(self.numbers) + 1)
        text = MARKER.sub(self._renumber, claim)
        text = re.sub(r"(?<=[^\s\[\]])(?=\[\d)", " ", text)  # "Korea [9][2]" lost its space with the [9]
        self.parts.append(text if not self.parts else f" {text}")
        return self.parts[-1]

    def citations(self) -> list[Citation]:
        out = []
        for n, shown in sorted(self.numbers.items(), key=lambda item: item[1]):
            doc = self.docs[n - 1]
            out.append(Citation(shown, doc.metadata["source"], doc.metadata["start"], doc.metadata["end"],
                                doc.page_content))
        return out

    def _renumber(self, match: re.Match) -> str:
        shown = [self.numbers[n] for n in dict.fromkeys(markers(match.group(0))) if n in self.numbers]
        return match.group(1) + "".join(f"[{n}]" for n in shown) if shown else ""


def is_refusal(claim: str) -> bool:
    """Whether a claim is the prompt's fixed refusal (tolerating quotes, case and a contraction).

    >>> is_refusal("“The article doesn't say.”"), is_refusal("The article says 65 [2].")
    (True, False)
    """
    text = strip_markers(claim).lower().replace("’", "'").replace("doesn't", "does not")
    return text.lstrip("\"“'*_ ").startswith(REFUSAL_REPLY.lower().rstrip("."))


def describe_fault(exc: BaseException, settings: Settings) -> str:
    """One line for the log: what failed and what to check. Never contains the API key or URL credentials."""
    message = " ".join(str(exc).split())[:300]
    if settings.llm_api_key:
        message = message.replace(settings.llm_api_key, "***")
    message = re.sub(r"(?<=//)[^/@\s]+@", "***@", message)
    name, status = type(exc).__name__, getattr(exc, "status_code", None)
    if isinstance(exc, TimeoutError) or "timeout" in name.lower() or "timed out" in message.lower():
        hint = f"no reply within RAG_LLM_TIMEOUT={settings.llm_timeout:g} s"
    elif status in (401, 403):
        hint = "the server refused the key; check RAG_LLM_API_KEY"
    elif status == 404:
        hint = f"check RAG_LLM_MODEL={settings.llm_model!r} and RAG_LLM_BASE_URL"
    elif status:
        hint = f"the server answered HTTP {status}"
    elif "connect" in name.lower() or isinstance(exc, ConnectionError):
        hint = f"is the {settings.llm} server at {_safe_url(settings.llm_base_url)} running?"
    else:
        hint = "unexpected reply"
    return f"{hint} ({name}: {message})" if message else f"{hint} ({name})"


def _safe_url(url: str | None) -> str:
    return re.sub(r"(?<=//)[^/@\s]+@", "***@", url) if url else "its default address"


def _text(message: Any) -> str:
    return str(getattr(message, "text", "") or "")  # .text joins the text blocks, whatever the provider
