"""Holding up, through the web server: Chroma outages, fuzzed API input, load, no outbound traffic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from fastapi.testclient import TestClient

from benchmarks.load import run as run_load
from rag.chain import Pipeline
from rag.ingest import ingest
from rag.web import create_app
from rag.web.ui import ChatHandlers
from tests.conftest import ROOT
from tests.support.servers import chroma_server, free_port, wait_until_up

QUESTION = "How many containers of munitions has Russia procured from North Korea?"


# --- the Chroma server goes away and comes back -------------------------------------------------------

@pytest.mark.slow
def test_chroma_outage_gives_503_and_recovers_without_restart(tmp_path, settings, fake_embeddings):
    port, store = free_port(), tmp_path / "chroma-server"
    with chroma_server(store, port) as url:
        remote = settings.model_copy(update={"chroma_url": url, "index_check_seconds": 0})
        ingest(remote, fake_embeddings, progress=False)
        app = create_app(remote, Pipeline.load(remote, fake_embeddings))
        client = TestClient(app)
        assert client.post("/api/ask", json={"question": QUESTION}).status_code == 200

    down = client.post("/api/ask", json={"question": QUESTION})  # server stopped
    assert down.status_code == 503
    assert "Chroma server is running" in down.json()["error"]
    handlers = ChatHandlers(app.state.backend, with_article=True)
    *_, last = handlers.respond(QUESTION, [], None)
    assert "Chroma server is running" in last[3]  # the chat shows the same message, and survives

    started = time.monotonic()
    with chroma_server(store, port):
        up = client.post("/api/ask", json={"question": QUESTION})
        recovered_in = time.monotonic() - started
        assert up.status_code == 200 and "16,500" in up.json()["answer"]
    print(f"recovered {recovered_in:.1f} s after the Chroma server was started again")


# --- fuzzing the REST API from its own OpenAPI schema -----------------------------------------------------

@pytest.fixture(scope="module")
def fuzz_app(fake_pipeline, tmp_path_factory):
    settings = fake_pipeline.settings.model_copy(update={"data_dir": tmp_path_factory.mktemp("fuzz-web")})
    return create_app(settings, fake_pipeline)


@pytest.mark.parametrize("path, method", [("/api/ask", "POST"), ("/healthz", "GET")])
def test_api_never_answers_5xx(fuzz_app, path, method):
    """Schemathesis generates requests from our OpenAPI schema (valid and invalid bodies alike)."""
    operation = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)[path][method]

    @given(case=operation.as_strategy())
    @hypothesis_settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
    def never_5xx(case):
        response = case.call()
        assert response.status_code < 500, response.text
        if response.status_code >= 400:
            assert "error" in response.json()  # every error is JSON a client can show

    never_5xx()


# --- load (CI-sized; the full run is `python -m benchmarks.load --serve`) --------------------------------

@pytest.mark.slow
def test_bounded_load_has_no_errors(real_pipeline, tmp_path):
    import uvicorn

    port = free_port()
    settings = real_pipeline.settings.model_copy(update={"port": port, "data_dir": tmp_path / "web"})
    server = uvicorn.Server(uvicorn.Config(create_app(settings, real_pipeline), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        wait_until_up(f"http://127.0.0.1:{port}", path="/healthz")
        results = run_load(f"http://127.0.0.1:{port}", clients=4, questions=3, max_seconds=90)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    by_path = {r["path"]: r for r in results}
    assert [r["errors"] for r in results] == [0, 0, 0], results
    assert by_path["gradio connect"]["requests"] == 4
    assert by_path["POST /api/ask"]["requests"] == by_path["gradio /respond"]["requests"] == 12


def test_load_script_refuses_non_loopback_targets():
    with pytest.raises(SystemExit, match="only loopback"):
        run_load("http://10.0.0.5:7860", clients=1, questions=1)


# --- the whole server offline --------------------------------------------------------------------------

@pytest.mark.slow
def test_app_starts_and_answers_with_no_outbound_connection(settings, tmp_path):
    port, log = free_port(), tmp_path / "blocked.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tests" / "support" / "offline"), "OFFLINE_GUARD_LOG": str(log),
           "RAG_CORPUS_DIR": str(settings.corpus_dir), "RAG_DATA_DIR": str(settings.data_dir),
           "RAG_PORT": str(port)}
    env.pop("HF_HUB_OFFLINE", None)
    env.pop("GRADIO_ANALYTICS_ENABLED", None)  # app.py must turn analytics off itself
    server = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", path="/healthz", timeout=240)
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/ask", method="POST",
                                         data=json.dumps({"question": QUESTION}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert "16,500" in json.load(response)["answer"]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            assert response.status == 200
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert not log.exists(), log.read_text()
