"""The LLM path over real HTTP: ``ChatOpenAI`` (from ``make_chat_model``) talks to a small OpenAI-compatible
server of our own on 127.0.0.1, which replays scripted replies, plain or streamed as server-sent events,
and can stall, fail with an HTTP status, or be absent. Every test is bounded by a timeout under 1 s."""

from __future__ import annotations

import dataclasses
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

import pytest

from rag.answer import Answer, refusal
from rag.llm import make_answerer
from tests.conftest import build_fake_pipeline
from tests.test_llm import (
    CONTAINERS,
    UNAVAILABLE_NOTE,
    assert_fell_back,
    number_of,
    retrieve,
)

KEY = "sk-test-do-not-log-0123456789"
TIMEOUT = 0.6  # seconds; every stall below outlasts it


@dataclass
class Reply:
    """What the stub answers to the next request."""

    text: str = ""
    status: int = 200
    stall: float = 0.0  # seconds before anything is sent
    stall_after: int | None = None  # when streaming: stall after this many chunks
    chunk_chars: int = 4


class StubOpenAI:
    """A minimal OpenAI-compatible ``/v1/chat/completions`` on loopback, serving scripted ``Reply``s."""

    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.requests: list[dict] = []
        self.release = threading.Event()  # set at shutdown so stalled handlers end at once
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                auth = self.headers.get("Authorization")
                stub.requests.append({"path": self.path, "auth": auth, "body": body})
                reply = stub.replies.pop(0) if stub.replies else Reply("(no reply scripted)")
                if reply.stall:
                    stub.release.wait(reply.stall)
                if reply.status != 200:
                    error = {"message": "scripted failure", "type": "server_error"}
                    return self._send(reply.status, {"error": error})
                if body.get("stream"):
                    return self._stream(reply)
                self._send(200, {"id": "chatcmpl-stub", "object": "chat.completion", "created": 0,
                                 "model": body["model"],
                                 "choices": [{"index": 0, "finish_reason": "stop",
                                              "message": {"role": "assistant", "content": reply.text}}],
                                 "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})

            def _send(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, reply: Reply) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()  # HTTP/1.0: the stream ends when the connection closes
                size = reply.chunk_chars
                pieces = [reply.text[i : i + size] for i in range(0, len(reply.text), size)]
                for n, piece in enumerate(pieces):
                    if n == reply.stall_after:
                        stub.release.wait(5)
                    self._event({"content": piece}, None)
                self._event({}, "stop")
                self.wfile.write(b"data: [DONE]\n\n")

            def _event(self, delta: dict, finish: str | None) -> None:
                chunk = {"id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": 0,
                         "model": "stub", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()

            def log_message(self, *args) -> None:  # keep pytest output clean
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:  # a client gave up on a stall: expected
                pass

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    return build_fake_pipeline(tmp_path_factory.mktemp("llm-server"))


@pytest.fixture
def stub() -> Iterator[StubOpenAI]:
    with StubOpenAI() as server:
        yield server


def answerer_for(pipeline, url: str):
    settings = pipeline.settings.model_copy(update={
        "llm": "openai", "llm_base_url": url, "llm_model": "stub-model", "llm_api_key": KEY,
        "llm_timeout": TIMEOUT, "llm_max_tokens": 120})
    return make_answerer(settings, pipeline.index, pipeline.embeddings)


def cited_reply(docs) -> str:
    n = number_of(docs, "secured more than 16,500")
    return (f"Russia has secured more than 16,500 containers of munitions from North Korea [{n}]. "
            f"It has secured them since September last year, a U.S. official said Wednesday [{n}].")


EXPECTED = ("Russia has secured more than 16,500 containers of munitions from North Korea [1]. "
            "It has secured them since September last year, a U.S. official said Wednesday [1].")


def test_answer_over_http(pipeline, stub):
    docs = retrieve(pipeline, CONTAINERS)
    stub.replies.append(Reply(cited_reply(docs)))
    answer = answerer_for(pipeline, stub.url).answer(CONTAINERS, CONTAINERS, docs)

    assert answer.answer == EXPECTED and not answer.refused and len(answer.citations) == 1
    (request,) = stub.requests
    assert request["path"] == "/v1/chat/completions" and request["auth"] == f"Bearer {KEY}"
    body = request["body"]
    assert body["model"] == "stub-model" and body["temperature"] == 0 and not body.get("stream")
    assert body.get("max_tokens", body.get("max_completion_tokens")) == 120
    system, human = body["messages"]
    assert system["role"] == "system" and f"[1] {docs[0].page_content}" in system["content"]
    assert human["role"] == "user" and CONTAINERS in human["content"]


def test_stream_over_http(pipeline, stub):
    docs = retrieve(pipeline, CONTAINERS)
    stub.replies.append(Reply(cited_reply(docs), chunk_chars=3))
    items = list(answerer_for(pipeline, stub.url).stream(CONTAINERS, CONTAINERS, docs))

    *chunks, final = items
    assert stub.requests[0]["body"]["stream"] is True
    assert chunks == [EXPECTED.split(" It has")[0], " It has" + EXPECTED.split(" It has")[1]]
    assert isinstance(final, Answer) and final.answer == EXPECTED == "".join(chunks)


def test_refusal_over_http(pipeline, stub):
    docs = retrieve(pipeline, CONTAINERS)
    stub.replies.append(Reply("The article does not say."))
    answer = answerer_for(pipeline, stub.url).answer(CONTAINERS, CONTAINERS, docs)
    assert answer.refused and answer.answer == refusal(CONTAINERS) and answer.citations == []


@pytest.mark.parametrize("streaming", [False, True])
def test_timeout_falls_back_in_bounded_time(pipeline, stub, caplog, streaming):
    docs = retrieve(pipeline, CONTAINERS)
    stub.replies.append(Reply(cited_reply(docs), stall=5))
    answerer = answerer_for(pipeline, stub.url)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="rag.llm"):
        if streaming:
            *_, answer = answerer.stream(CONTAINERS, CONTAINERS, docs)
        else:
            answer = answerer.answer(CONTAINERS, CONTAINERS, docs)
    assert time.monotonic() - started < TIMEOUT + 2.0  # one timeout, no retries
    assert_fell_back(answer, pipeline, CONTAINERS, docs, UNAVAILABLE_NOTE)
    assert f"RAG_LLM_TIMEOUT={TIMEOUT:g} s" in caplog.text
    assert KEY not in caplog.text


def test_stream_that_stalls_midway_falls_back(pipeline, stub):
    docs = retrieve(pipeline, CONTAINERS)
    stub.replies.append(Reply(cited_reply(docs), chunk_chars=10, stall_after=12))  # after the first claim
    started = time.monotonic()
    *chunks, final = answerer_for(pipeline, stub.url).stream(CONTAINERS, CONTAINERS, docs)
    assert time.monotonic() - started < TIMEOUT + 2.0
    assert chunks == [EXPECTED.split(" It has")[0]]  # what was verified before the stall
    assert_fell_back(final, pipeline, CONTAINERS, docs, UNAVAILABLE_NOTE)


@pytest.mark.parametrize("status, hint", [
    (500, "HTTP 500"), (401, "RAG_LLM_API_KEY"), (404, "RAG_LLM_MODEL")])
def test_http_error_falls_back_with_a_hint(pipeline, stub, caplog, status, hint):
    docs = retrieve(pipeline, CONTAINERS)
    stub.replies.append(Reply(status=status))
    with caplog.at_level(logging.WARNING, logger="rag.llm"):
        answer = answerer_for(pipeline, stub.url).answer(CONTAINERS, CONTAINERS, docs)
    assert_fell_back(answer, pipeline, CONTAINERS, docs, UNAVAILABLE_NOTE)
    assert hint in caplog.text and KEY not in caplog.text
    assert len(stub.requests) == 1  # max_retries=0


def test_server_down_falls_back(pipeline, caplog):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    docs = retrieve(pipeline, CONTAINERS)
    with caplog.at_level(logging.WARNING, logger="rag.llm"):
        answer = answerer_for(pipeline, f"http://127.0.0.1:{port}/v1").answer(CONTAINERS, CONTAINERS, docs)
    assert_fell_back(answer, pipeline, CONTAINERS, docs, UNAVAILABLE_NOTE)
    assert "running?" in caplog.text and KEY not in caplog.text


def test_pipeline_ask_in_llm_mode_keeps_working_across_faults(pipeline, stub):
    """What ``rag ask`` and ``rag eval`` do: Pipeline.ask with the LLM answerer the settings pick."""
    docs = retrieve(pipeline, CONTAINERS)
    pipeline = dataclasses.replace(pipeline, answerer=answerer_for(pipeline, stub.url))
    stub.replies += [Reply(cited_reply(docs)), Reply(status=503), Reply(cited_reply(docs))]
    first, second, third = (pipeline.ask(CONTAINERS) for _ in range(3))
    assert first.answer == EXPECTED and third.answer == EXPECTED
    assert second.answer.endswith(UNAVAILABLE_NOTE) and second.citations


def test_rag_eval_runs_in_llm_mode_with_the_same_metrics(pipeline, stub, tmp_path):
    """``rag eval`` with RAG_LLM set: the settings pick the LLM answerer, the same metrics come out."""
    from evals.runner import evaluate
    from rag.chain import Pipeline
    from rag.llm import LLMAnswerer
    from tests.conftest import ROOT

    settings = pipeline.settings.model_copy(update={
        "llm": "openai", "llm_base_url": stub.url, "llm_model": "stub-model", "llm_timeout": TIMEOUT})
    llm_pipeline = Pipeline.load(settings, pipeline.embeddings, pipeline.index)
    assert isinstance(llm_pipeline.answerer, LLMAnswerer)
    gold = tmp_path / "gold.jsonl"
    lines = (ROOT / "evals" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    gold.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    stub.replies += [Reply("The article does not say.")] * 3

    metrics, items, predictions = evaluate(gold, tmp_path / "out", llm_pipeline.ask, settings.corpus_dir)
    extractive, _, _ = evaluate(gold, tmp_path / "out-extractive", pipeline.ask, settings.corpus_dir)
    assert len(stub.requests) == 3  # every item went to the LLM server
    assert set(metrics["all"]) == set(extractive["all"])
    assert all(p["refused"] and not p["citations"] for p in predictions.values())  # its refusals stand
    assert (tmp_path / "out" / "report.md").exists()
