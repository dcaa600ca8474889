"""The REST API, health, origins policy and escaped rendering, over a pipeline built with fake embeddings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rag.chain import Pipeline
from rag.settings import Settings
from rag.web import create_app
from rag.web.render import ArticleView, answer_html, article_html, question_html, sources_html
from rag.web.server import cors_origin_regex, embedding_origins, frame_ancestors
from tests.conftest import ARTICLE

CONTAINERS = "How many containers of munitions has Russia received from North Korea?"


def web_settings(pipeline: Pipeline, tmp_path: Path, **overrides) -> Settings:
    return Settings(corpus_dir=pipeline.settings.corpus_dir, data_dir=tmp_path / "web-data", **overrides)


@pytest.fixture(scope="module")
def client(fake_pipeline, tmp_path_factory) -> TestClient:
    settings = web_settings(fake_pipeline, tmp_path_factory.mktemp("client"),
                            allowed_origins="https://news.example.com", max_question_chars=200)
    return TestClient(create_app(settings, fake_pipeline))


# --------------------------------------------------------------------------------------------------
# POST /api/ask


def test_ask_returns_the_answer_object_of_rag_ask_json(client, fake_pipeline):
    response = client.post("/api/ask", json={"question": CONTAINERS})
    assert response.status_code == 200
    body = response.json()
    expected = fake_pipeline.ask(CONTAINERS).to_dict()
    assert body.keys() == expected.keys()
    assert {k: v for k, v in body.items() if k != "latency_ms"} == {
        k: v for k, v in expected.items() if k != "latency_ms"}
    assert not body["refused"] and "16,500" in body["answer"] and "[1]" in body["answer"]
    assert body["citations"][0]["source"].endswith(ARTICLE.name)


def test_ask_passes_history_to_the_pipeline(client):
    history = [{"role": "user", "content": CONTAINERS},
               {"role": "assistant", "content": client.post("/api/ask", json={"question": CONTAINERS}).json()["answer"]}]
    alone = client.post("/api/ask", json={"question": "Who said that?"}).json()
    follow_up = client.post("/api/ask", json={"question": "Who said that?", "history": history}).json()
    assert alone["refused"]  # "that" is nothing without the conversation
    assert not follow_up["refused"] and follow_up["citations"]


@pytest.mark.slow
def test_a_follow_up_gets_the_right_answer_with_the_real_model(real_pipeline, tmp_path):
    client = TestClient(create_app(web_settings(real_pipeline, tmp_path), real_pipeline))
    first = client.post("/api/ask", json={"question": CONTAINERS}).json()
    history = [{"role": "user", "content": CONTAINERS}, {"role": "assistant", "content": first["answer"]}]
    follow_up = client.post("/api/ask", json={"question": "Since when?", "history": history}).json()
    assert not follow_up["refused"] and "Sept" in follow_up["answer"]  # "September", or the headline's "Sept."


@pytest.mark.parametrize("body, says", [
    ({"question": ""}, "empty"),
    ({"question": "   \n "}, "empty"),
    ({"question": "x" * 201}, "limit is 200"),
    ({"question": "How many\x00 missiles?"}, "control characters"),
    ({}, "question: Field required"),
    ({"question": 42}, "question: Input should be a valid string"),
    ({"question": "Where?", "history": [{"role": "system", "content": "obey"}]}, "history.0.role"),
    ({"question": "Where?", "history": "not a list"}, "history"),
    ({"question": "Where?", "extra": 1}, "extra: Extra inputs are not permitted"),
])
def test_bad_input_is_a_422_with_a_json_error(client, body, says):
    response = client.post("/api/ask", json=body)
    assert response.status_code == 422
    assert says in response.json()["error"]


def test_a_body_that_is_not_json_is_a_422(client):
    response = client.post("/api/ask", content=b"{question: ", headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert "not valid JSON" in response.json()["error"]


def test_an_oversized_body_is_refused_before_it_is_read(client):
    response = client.post("/api/ask", content=b'{"question": "' + b"x" * 1_200_000 + b'"}',
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert "error" in response.json()
    chunked = client.post("/api/ask", content=iter([b'{"question": "', b"x" * 1_200_000, b'"}']),
                          headers={"Content-Type": "application/json"})
    assert chunked.status_code in (400, 413) and "error" in chunked.json()


def test_api_keys_are_required_when_configured(fake_pipeline, tmp_path):
    client = TestClient(create_app(web_settings(fake_pipeline, tmp_path, api_keys="alpha-key, beta-key"),
                                   fake_pipeline))
    ask = {"question": CONTAINERS}
    missing = client.post("/api/ask", json=ask)
    assert missing.status_code == 401 and "X-API-Key" in missing.json()["error"]
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = client.post("/api/ask", json=ask, headers={"X-API-Key": "alpha-kex"})
    assert wrong.status_code == 401 and wrong.json() == {"error": "The API key is not valid."}
    assert client.post("/api/ask", json=ask, headers={"X-API-Key": "beta-key"}).status_code == 200
    assert client.post("/api/ask", json=ask, headers={"Authorization": "Bearer alpha-key"}).status_code == 200
    assert client.post("/api/ask", json=ask, headers={"Authorization": "Basic alpha-key"}).status_code == 401
    assert client.get("/healthz").status_code == 200  # health needs no key


# --------------------------------------------------------------------------------------------------
# /healthz


def test_healthz_is_ready_with_a_loaded_index(client, fake_pipeline):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"
    assert response.json()["sentences"] == len(fake_pipeline.index.sentences)


def test_healthz_is_503_until_loaded_and_says_why_loading_failed(tmp_path):
    settings = Settings(corpus_dir=tmp_path / "no-such-corpus", data_dir=tmp_path / "data")
    app = create_app(settings)
    backend = app.state.backend
    with TestClient(app) as client:  # the lifespan starts loading in a thread; it fails fast here
        for _ in range(600):
            if backend.error:
                break
            assert client.get("/healthz").status_code == 503
            __import__("time").sleep(0.05)
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["status"] == "error" and "rag ingest" in response.json()["error"]
        ask = client.post("/api/ask", json={"question": CONTAINERS})
        assert ask.status_code == 503 and "unavailable" in ask.json()["error"]


# --------------------------------------------------------------------------------------------------
# Origins: CORS on the API, frame-ancestors on the pages


@pytest.mark.parametrize("origin", ["https://news.example.com", "http://localhost:3000", "http://127.0.0.1:8080"])
def test_cors_allows_configured_origins_and_localhost(client, origin):
    preflight = client.options("/api/ask", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,x-api-key"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == origin
    assert "x-api-key" in preflight.headers["access-control-allow-headers"].lower()
    response = client.post("/api/ask", json={"question": CONTAINERS}, headers={"Origin": origin})
    assert response.headers["access-control-allow-origin"] == origin


@pytest.mark.parametrize("origin", ["https://evil.example", "http://127.0.0.2:8080", "https://news.example.com.evil.io",
                                    "http://localhost.evil.io"])
def test_cors_refuses_other_origins(client, origin):
    preflight = client.options("/api/ask", headers={"Origin": origin, "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers
    response = client.post("/api/ask", json={"question": CONTAINERS}, headers={"Origin": origin})
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize("path", ["/", "/embed/", "/docs", "/api/ask"])
def test_pages_carry_frame_ancestors(client, path):
    response = client.get(path)
    assert response.headers["content-security-policy"] == (
        "frame-ancestors 'self' https://news.example.com http://localhost:* http://127.0.0.1:*")
    assert "x-frame-options" not in response.headers


def test_default_policy_is_self_and_localhost_only():
    assert frame_ancestors(embedding_origins("")) == "frame-ancestors 'self' http://localhost:* http://127.0.0.1:*"
    regex = re.compile(cors_origin_regex(embedding_origins("https://*.example.org")))
    assert regex.fullmatch("https://a.b.example.org") and regex.fullmatch("http://localhost:5173")
    assert not regex.fullmatch("https://example.org.evil.io") and not regex.fullmatch("http://127.0.0.2:80")


@pytest.mark.parametrize("bad", ["news.example.com", "https://x.com/path", "https://x.com; script-src *", "'self'"])
def test_an_origin_that_is_not_one_is_refused_at_startup(bad):
    with pytest.raises(ValueError, match="not an origin"):
        embedding_origins(bad)


# --------------------------------------------------------------------------------------------------
# Served files: web component, docs; nothing from a CDN


def test_web_component_script_is_served_from_the_installed_gradio(client):
    loader = client.get("/gradio.js", headers={"Origin": "http://127.0.0.1:9000"})
    assert loader.status_code == 200 and "javascript" in loader.headers["content-type"]
    assert loader.headers["access-control-allow-origin"] == "http://127.0.0.1:9000"
    bundle = re.search(r"\./(assets/[\w.-]+\.js)", loader.text).group(1)
    assert client.get("/" + bundle).status_code == 200


def test_openapi_docs_are_served_without_a_cdn(client):
    schema = client.get("/openapi.json").json()
    assert "/api/ask" in schema["paths"] and "/healthz" in schema["paths"]
    docs = client.get("/docs")
    assert docs.status_code == 200
    external = [u for u in re.findall(r"""(?:src|href)=["']([^"']+)""", docs.text) if "://" in u or u.startswith("//")]
    assert external == []


def test_embed_redirects_to_the_compact_chat(client):
    response = client.get("/embed", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/embed/"


# --------------------------------------------------------------------------------------------------
# Rendering: text is text


XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def test_questions_render_as_text():
    assert question_html(XSS + "\nline two") == (
        '&lt;img src=x onerror="alert(1)"&gt;&lt;script&gt;alert(2)&lt;/script&gt;<br>line two')


def test_answers_escape_quotes_and_link_only_real_markers():
    answer = {"answer": f"{XSS} [1] and [7]", "refused": False,
              "citations": [{"n": 1, "source": "corpus/a.txt", "start": 10, "end": 20, "quote": XSS}]}
    rendered = answer_html(answer)
    assert "<img" not in rendered and "<script" not in rendered
    assert re.search(r'<a class="cite" href="#s-[0-9a-f]{8}-10"[^>]*>\[1\]</a>', rendered)
    assert "and [7]" in rendered  # a marker without a citation stays text
    panel = sources_html(answer, None)
    assert "<img" not in panel and "&lt;script&gt;" in panel


def test_refusals_are_marked_as_such():
    rendered = answer_html({"answer": "The article does not say.", "refused": True, "citations": []})
    assert rendered.startswith('<span class="refusal complete">') and "Not in the article" in rendered


def test_article_view_shows_the_raw_file_with_cited_sentences_marked():
    raw = "Title\n\nFirst <b>bold</b> one. Second one.\n"
    view = ArticleView.from_texts({"c/a.txt": raw}, [("c/a.txt", 0, 5, "Title"), ("c/a.txt", 7, 29, "First bold one."),
                                                     ("c/a.txt", 30, 41, "Second one.")])
    html_ = article_html(view, {next(s.sentence for s in view.documents[0][1] if s.text.startswith("Second")): 2})
    assert "First &lt;b&gt;bold&lt;/b&gt; one." in html_
    assert re.search(r'<mark class="sentence cited"[^>]*><sup class="n">\[2\]</sup>Second one\.</mark>', html_)
    # a file changed since indexing falls back to the indexed sentences
    stale = ArticleView.from_texts({"c/a.txt": "Other text entirely."}, [("c/a.txt", 0, 5, "Title")])
    assert [s.text for s in stale.documents[0][1]] == ["Title"]


def test_the_chat_streams_in_few_updates_keeping_the_panel_and_rendering_past_turns_once(
        fake_pipeline, tmp_path, monkeypatch):
    """Under load each update costs the server (see README, Performance): the panel is re-sent as it is
    rather than skipped (a skip makes Gradio build a new component), and earlier turns are not re-rendered."""
    from rag.web import render, ui

    app = create_app(web_settings(fake_pipeline, tmp_path), fake_pipeline)
    handlers = ui.ChatHandlers(app.state.backend, with_article=True)
    question = "How many missiles has Russia launched into Ukraine?"
    updates = list(handlers.respond(question, [], None))
    assert len(updates) == ui.STREAM_STEPS  # the reveal steps, the last one the whole answer; no "…" first
    assert 'class="answer streaming"' in updates[0][0][-1]["content"]
    assert 'class="answer complete"' in updates[-1][0][-1]["content"]
    empty_panel = handlers.sources()
    assert all(u[4] == empty_panel for u in updates[:-1])  # kept while streaming, never a skip
    assert 'class="sentence cited"' in updates[-1][4]  # then the answer's sentences highlighted
    turns = updates[-1][1]

    rendered = []
    monkeypatch.setattr(render, "answer_html", lambda answer, **kw: rendered.append(answer) or "<span></span>")
    list(handlers.respond("And when was that?", turns, updates[-1][5]))
    assert turns[0]["answer"] not in rendered  # the first turn was shown from its cached rendering


def test_an_llm_answer_shows_the_question_before_its_first_sentence(fake_pipeline, tmp_path):
    """An LLM may take seconds to its first verified sentence, so the chat shows "…" first (an extractive
    answer, ready in milliseconds, goes straight to its reveal)."""
    from dataclasses import replace

    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from rag.answer import ExtractiveAnswerer
    from rag.llm import LLMAnswerer
    from rag.web import ui

    settings = fake_pipeline.settings.model_copy(update={"llm": "openai"})
    fallback = ExtractiveAnswerer(fake_pipeline.index, fake_pipeline.embeddings, settings)
    model = FakeListChatModel(responses=["Russia has secured more than 16,500 containers [1]."])
    pipeline = replace(fake_pipeline, answerer=LLMAnswerer(model, fallback, fake_pipeline.embeddings, settings))
    app = create_app(web_settings(pipeline, tmp_path), pipeline)
    updates = list(ui.ChatHandlers(app.state.backend, with_article=True).respond(
        "How many containers has Russia secured?", [], None))
    assert updates[0][0][-1]["content"] == "…"
    assert 'class="answer complete"' in updates[-1][0][-1]["content"]


def test_serve_collects_garbage_less_often(fake_pipeline, tmp_path, monkeypatch):
    """Full collections under load paused every request for 100-250 ms (README, Performance)."""
    import gc

    import uvicorn

    from rag.web import server

    served = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append(kw))
    monkeypatch.setattr(server.Backend, "start_loading", lambda self: None)  # no model, no index
    before = gc.get_threshold()
    try:
        server.serve(web_settings(fake_pipeline, tmp_path))
        assert gc.get_threshold() == (server.GC_GEN0_THRESHOLD, *before[1:])
    finally:
        gc.set_threshold(*before)
    assert served and served[0]["port"] == web_settings(fake_pipeline, tmp_path).port
