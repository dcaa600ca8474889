"""The web chat in a real browser (Debian's chromium through Playwright), against real servers on loopback.

What a reader does: ask, see a cited answer, select the marker and see the sentence highlighted in the
article; ask a follow-up; vote; embed the chat in another site's page (allowed from a localhost origin,
blocked from one that is not allowed); try to inject script through a question or a corpus file.
Screenshots go to tests/artifacts/ (git-ignored). Every request the browser makes must stay on loopback,
and so must every connection the server opens.
"""

from __future__ import annotations

import http.server
import ipaddress
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from rag.chain import Pipeline
from rag.feedback import FeedbackStore, database_path
from rag.ingest import ingest
from rag.settings import Settings
from rag.web import create_app
from tests.conftest import ARTICLE, ROOT
from tests.fakes import BagOfWordsEmbeddings

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "tests" / "artifacts"
CONTAINERS = "How many containers of munitions has Russia received from North Korea?"
UI_TIMEOUT_MS = 30_000
XSS_MARK = "window.__xss"


# --------------------------------------------------------------------------------------------------
# Servers on loopback


def free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@contextmanager
def serving(app, host: str = "127.0.0.1") -> Iterator[str]:
    """Run an ASGI app with uvicorn in a thread; yields its base URL."""
    import uvicorn

    port = free_port(host)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def host_page(html: str, host: str) -> Iterator[str]:
    """Another site: a static page (embedding our chat) served from ``host`` on a free port."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = html.encode() if self.path == "/" else b""
            self.send_response(200 if body else 204)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer((host, free_port(host)), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def embedding_page(chat_url: str) -> str:
    """The README's two snippets, as a news site would paste them."""
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>A news site</title>
<script type="module" src="{chat_url}/gradio.js"></script></head>
<body style="font-family: sans-serif; margin: 12px"><h1>A news site</h1>
<h2>iframe</h2>
<iframe id="frame" src="{chat_url}/embed/" title="Ask the article" width="760" height="560"
        style="border: 1px solid #ccc; border-radius: 8px"></iframe>
<h2>web component</h2>
<gradio-app id="wc" src="{chat_url}/embed/"></gradio-app>
</body></html>"""


@pytest.fixture(scope="module", autouse=True)
def no_connection_leaves_the_machine():
    """Fail the module if the server side opens a connection to anything but loopback."""
    outside: list[tuple] = []
    original = socket.socket.connect

    def guarded(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            try:
                if not ipaddress.ip_address(address[0]).is_loopback:
                    outside.append(address)
            except ValueError:  # a host name: resolving it already means leaving the machine
                outside.append(address)
        return original(self, address)

    socket.socket.connect = guarded
    yield
    socket.socket.connect = original
    assert outside == [], f"the server connected outside the machine: {outside}"


@pytest.fixture(scope="module")
def chat(real_pipeline, tmp_path_factory) -> Iterator[tuple[str, Settings]]:
    """The chat server over the real model and article; yields (base URL, its settings)."""
    settings = Settings(corpus_dir=real_pipeline.settings.corpus_dir, data_dir=tmp_path_factory.mktemp("chat"))
    with serving(create_app(settings, real_pipeline)) as url:
        yield url, settings


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (`make chromium`).")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watched:
    """A page plus what it did: requests, dialogs, console errors."""

    def __init__(self, page) -> None:
        self.page, self.requests, self.dialogs, self.errors = page, [], [], []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.set_default_timeout(UI_TIMEOUT_MS)

    def off_machine_requests(self) -> list[str]:
        hosts = {u.split("/")[2].rsplit(":", 1)[0] for u in self.requests if u.startswith(("http:", "https:", "ws"))}
        return sorted(h for h in hosts if not ipaddress.ip_address(h.strip("[]")).is_loopback)


@pytest.fixture
def watched(browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    watched = Watched(context.new_page())
    yield watched
    context.close()
    assert watched.dialogs == [], f"a dialog opened: {watched.dialogs}"
    assert watched.off_machine_requests() == []


# --------------------------------------------------------------------------------------------------
# Helpers that act like a reader


def open_chat(page, url: str) -> None:
    page.goto(url)
    page.locator("#question textarea").wait_for()


def ask(root, question: str, answers_before: int) -> object:
    """Type ``question`` into the chat under ``root`` (a page or frame), submit, return the new answer."""
    root.locator("#question textarea").fill(question)
    root.locator("#ask").click()
    answer = root.locator('#chat [data-testid="bot"]').nth(answers_before)
    answer.locator(".complete").wait_for()  # streamed to the end
    return answer


def wait_until(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


# --------------------------------------------------------------------------------------------------
# The chat page


def test_answer_marker_highlights_the_cited_sentence_in_the_article(watched, chat):
    page = watched.page
    open_chat(page, chat[0])
    page.evaluate("""() => new MutationObserver(() => {
        if (document.querySelector('#chat .streaming')) window.__sawStreaming = true;
    }).observe(document.body, {subtree: true, childList: true, characterData: true})""")
    answer = ask(page, CONTAINERS, 0)
    assert page.evaluate("() => window.__sawStreaming === true"), "the answer was not streamed"
    marker = answer.locator("a.cite").first
    marker.wait_for()
    assert "16,500" in answer.inner_text()
    page.locator("#sources .cited-list li").first.wait_for()

    marker.click()
    active = page.locator(".article-scroll .sentence-active")
    active.wait_for()
    assert "16,500" in active.inner_text()
    assert "cited" in active.get_attribute("class")
    inside = page.evaluate("""() => {
        const box = document.querySelector('.article-scroll').getBoundingClientRect();
        const s = document.querySelector('.article-scroll .sentence-active').getBoundingClientRect();
        return s.top >= box.top - 1 && s.bottom <= box.bottom + 1; }""")
    assert inside, "the selected sentence is not scrolled into view"
    page.screenshot(path=ARTIFACTS / "chat-citation-highlighted.png")

    # a source entry selects the same sentence
    page.locator("#sources .source-link").first.click()
    assert "16,500" in page.locator(".article-scroll .sentence-active").inner_text()


def test_follow_up_refusal_vote_and_clear(watched, chat):
    page = watched.page
    url, settings = chat
    open_chat(page, url)
    ask(page, CONTAINERS, 0)
    follow_up = ask(page, "Since when?", 1)
    assert "Sept" in follow_up.inner_text()  # "since September last year", or the headline's "since last Sept."

    refusal = ask(page, "What did Kim Jong Un say about the shipments?", 2)
    refusal.locator(".refusal").wait_for()
    assert refusal.locator("a.cite").count() == 0
    assert "not in the article" in refusal.inner_text().lower()
    assert "No sentence of the article answers" in page.locator("#sources").inner_text()
    page.screenshot(path=ARTIFACTS / "chat-follow-up-and-refusal.png")

    page.locator('#chat button[aria-label="Like"]').nth(1).click()
    votes = FeedbackStore(database_path(settings))
    assert wait_until(lambda: any(v["question"] == "Since when?" for v in votes.votes()))
    [vote] = [v for v in votes.votes() if v["question"] == "Since when?"]
    assert vote["vote"] == "up" and vote["history"][0]["content"] == CONTAINERS and vote["citations"]
    page.locator("#notice").get_by_text("vote is saved").wait_for()

    page.locator("#clear").click()
    assert wait_until(lambda: page.locator('#chat [data-testid="bot"]').count() == 0)
    fresh = ask(page, "Since when?", 0)  # without the history the follow-up has no topic
    assert "September" not in fresh.inner_text() or fresh.locator(".refusal").count() == 1


def test_empty_and_overlong_questions_get_a_friendly_message(watched, chat):
    page = watched.page
    open_chat(page, chat[0])
    page.locator("#ask").click()
    page.locator("#notice").get_by_text("The question is empty").wait_for()
    page.locator("#question textarea").fill("Why? " * 500)
    page.locator("#ask").click()
    page.locator("#notice").get_by_text("the limit is 2,000").wait_for()
    assert page.locator('#chat [data-testid="bot"]').count() == 0
    page.screenshot(path=ARTIFACTS / "chat-overlong-question.png")


def test_script_in_a_question_is_shown_not_run(watched, chat):
    page = watched.page
    open_chat(page, chat[0])
    payload = (f"How many missiles? <img src=x onerror=\"{XSS_MARK}=1;alert('img')\">"
               f"<script>{XSS_MARK}=2;alert('script')</script>")
    answer = ask(page, payload, 0)
    asked = page.locator('#chat [data-testid="user"]').first
    assert "<img src=x onerror=" in asked.inner_text() and "<script>" in asked.inner_text()
    assert asked.locator("img, script").count() == 0
    answer.wait_for()
    time.sleep(0.5)  # give an injected handler the chance to fire
    assert page.evaluate(f"() => typeof {XSS_MARK}") == "undefined"
    page.screenshot(path=ARTIFACTS / "chat-xss-question.png")


def test_script_in_a_corpus_file_is_shown_not_run(watched, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copyfile(ARTICLE, corpus / ARTICLE.name)
    (corpus / "note.txt").write_text(
        "Editor's note\n\nThe zebra convoy carried <img src=x onerror=\"window.__xss=1;alert('corpus')\"> crates "
        "<script>window.__xss=2</script> across the zebra bridge.\n\nAnother zebra fact <img src=y "
        "onerror=alert(3) is here.\n", encoding="utf-8")
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data")
    embeddings = BagOfWordsEmbeddings()
    ingest(settings, embeddings, progress=False)
    page = watched.page
    with serving(create_app(settings, Pipeline.load(settings, embeddings))) as url:
        open_chat(page, url)
        answer = ask(page, "What did the zebra convoy carry across the zebra bridge?", 0)
        answer.locator("a.cite").first.click()
        article = page.locator(".article-scroll")
        article.get_by_text("onerror=alert(3)", exact=False).first.wait_for()
        assert "<img src=x onerror=" in article.inner_text()
        assert article.locator("img, script").count() == 0
        time.sleep(0.5)
        assert page.evaluate(f"() => typeof {XSS_MARK}") == "undefined"
        page.screenshot(path=ARTIFACTS / "chat-xss-corpus.png")


# --------------------------------------------------------------------------------------------------
# Embedding


def test_embedding_from_an_allowed_origin_answers_in_iframe_and_web_component(watched, chat):
    page = watched.page
    with host_page(embedding_page(chat[0]), "127.0.0.1") as site:
        page.goto(site)
        frame = page.frame_locator("#frame")
        frame.locator("#question textarea").wait_for()
        in_frame = ask(frame, CONTAINERS, 0)
        in_frame.locator("a.cite").first.wait_for()
        assert "16,500" in in_frame.inner_text()

        widget = page.locator("gradio-app#wc")
        widget.locator("#question textarea").wait_for()
        in_widget = ask(widget, "How many North Korean missiles has Russia launched into Ukraine?", 0)
        in_widget.locator("a.cite").first.wait_for()
        assert "65" in in_widget.inner_text()
        in_widget.scroll_into_view_if_needed()
        page.screenshot(path=ARTIFACTS / "embed-allowed-origin.png", full_page=True)


def test_embedding_from_another_origin_is_blocked_by_the_browser(watched, chat):
    page = watched.page
    # 127.0.0.2 is loopback too, but it is not an allowed origin (only localhost and 127.0.0.1 are)
    with host_page(embedding_page(chat[0]), "127.0.0.2") as site:
        page.goto(site)
        assert wait_until(lambda: any("frame-ancestors" in e for e in watched.errors))
        assert wait_until(lambda: any("CORS policy" in e and "gradio.js" in e for e in watched.errors))
        time.sleep(1.0)
        assert page.frame_locator("#frame").locator("#question").count() == 0
        assert page.locator("gradio-app#wc #question").count() == 0
        page.screenshot(path=ARTIFACTS / "embed-blocked-origin.png", full_page=True)
