"""One FastAPI app: the Gradio chat at ``/``, the compact chat at ``/embed/``, the REST API, docs, health.

What may embed the chat and call the API is one list, ``RAG_ALLOWED_ORIGINS`` (plus the server itself
and localhost). It becomes a ``Content-Security-Policy: frame-ancestors`` header on every response (the
browser refuses to show our pages in frames of other sites) and the CORS policy of every route (other
sites' scripts cannot read our API, nor load the Gradio web component from us).

Nothing is fetched from elsewhere: the theme uses system fonts, the web component's JavaScript is
Gradio's own bundle served from ``/gradio.js``, and ``/docs`` serves Swagger UI from the installed
``swagger-ui-py`` package (or, without it, a plain HTML page of the OpenAPI schema).
"""

from __future__ import annotations

import gc
import html
import json
import logging
import re
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse

from rag.chain import Pipeline
from rag.settings import Settings
from rag.web.api import MAX_BODY_BYTES, install_error_handlers, make_router
from rag.web.backend import Backend

log = logging.getLogger("rag.web")

LOCALHOST_SOURCES = ("http://localhost:*", "http://127.0.0.1:*")
_ORIGIN = re.compile(r"https?://(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:(\d{1,5}|\*))?")


# --------------------------------------------------------------------------------------------------
# Who may embed and call us


def embedding_origins(raw: str) -> list[str]:
    """The origins in ``RAG_ALLOWED_ORIGINS``, checked, or a ``ValueError`` naming the bad entry.

    An entry is ``scheme://host[:port]`` as the browser sends it in ``Origin`` (no path, no trailing
    slash); ``*.`` before the host and ``:*`` as the port are wildcards; ``*`` alone allows any site.

    >>> embedding_origins("https://news.example.com, http://*.example.org:*")
    ['https://news.example.com', 'http://*.example.org:*']
    """
    origins = []
    for entry in (e.strip().rstrip("/") for e in raw.split(",")):
        if not entry:
            continue
        if entry != "*" and not _ORIGIN.fullmatch(entry):
            raise ValueError(
                f"RAG_ALLOWED_ORIGINS has '{entry}', which is not an origin. Write scheme://host[:port], e.g. "
                "https://news.example.com, separated by commas.")
        origins.append(entry)
    return origins


def frame_ancestors(origins: list[str]) -> str:
    """The CSP header value allowing ourselves, ``origins`` and localhost to frame our pages."""
    if "*" in origins:
        return "frame-ancestors *"
    return " ".join(["frame-ancestors 'self'", *origins, *LOCALHOST_SOURCES])


def cors_origin_regex(origins: list[str]) -> str:
    """One regex matching ``Origin`` headers that may read our responses: ``origins`` and localhost."""
    patterns = [r"https?://(localhost|127\.0\.0\.1)(:\d+)?"]
    for origin in origins:
        pattern = re.escape(origin).replace(r"\*\.", r"([A-Za-z0-9-]+\.)+").replace(r":\*", r"(:\d+)?")
        patterns.append(pattern)
    return "|".join(f"(?:{p})" for p in patterns)


class SecurityHeaders:
    """ASGI middleware: the ``frame-ancestors`` policy (and ``nosniff``) on every response."""

    def __init__(self, app, csp: str) -> None:
        self.app, self.csp = app, csp.encode()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in (b"content-security-policy", b"x-frame-options")]
                headers += [(b"content-security-policy", self.csp), (b"x-content-type-options", b"nosniff")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """ASGI middleware: API bodies over ``limit`` bytes are refused with a JSON 413 (chunked ones, a 400)."""

    def __init__(self, app, limit: int = MAX_BODY_BYTES, prefix: str = "/api/") -> None:
        self.app, self.limit, self.prefix = app, limit, prefix

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or []).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.limit:
            response = JSONResponse({"error": f"The request body is over {self.limit:,} bytes; send the question "
                                              "and a short history only."}, status_code=413)
            return await response(scope, receive, send)
        received = 0

        async def counted_receive():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:  # a chunked body has no Content-Length to check up front
                raise ValueError(f"request body over {self.limit} bytes")
            return message

        await self.app(scope, counted_receive, send)


# --------------------------------------------------------------------------------------------------
# The app


def create_app(settings: Settings, pipeline: Pipeline | None = None) -> FastAPI:
    """The whole web server as a FastAPI app.

    With ``pipeline`` (tests) it is ready at once; without, the index is built if missing and the model
    loaded in a background thread when the app starts, and ``/healthz`` says 503 until then.
    """
    return build_app(Backend(settings, pipeline))


def build_app(backend: Backend) -> FastAPI:
    """The app over a ``backend`` (loaded, or loading when the app starts)."""
    import gradio as gr

    from rag.web.ui import build_ui, page_css, page_js, theme

    settings = backend.settings
    origins = embedding_origins(settings.allowed_origins)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        backend.start_loading()
        yield

    app = FastAPI(title="article-chat", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Ask a news article questions; every answer cites the sentences it quotes. "
                              "The chat is at `/`, a compact one for embedding at `/embed/`.")
    app.state.backend = backend
    install_error_handlers(app)
    app.include_router(make_router(backend))
    _add_static_routes(app)

    app.add_middleware(BodyLimit)
    # Gradio leaves CORS to the parent app when it has a CORSMiddleware: this policy covers every route.
    app.add_middleware(CORSMiddleware, allow_origins=["*"] if "*" in origins else [],
                       allow_origin_regex=None if "*" in origins else cors_origin_regex(origins),
                       allow_methods=["GET", "POST", "OPTIONS"], allow_headers=["*"],
                       allow_credentials="*" not in origins, max_age=600)
    app.add_middleware(SecurityHeaders, csp=frame_ancestors(origins))

    common = {"theme": theme(), "css": page_css(), "js": page_js(), "ssr_mode": False, "server_name": settings.host,
              "server_port": settings.port, "footer_links": [], "run_history": False, "pwa": False,
              "mcp_server": False}
    app = gr.mount_gradio_app(app, build_ui(backend, compact=True), path="/embed", **common)
    app = gr.mount_gradio_app(app, build_ui(backend, compact=False), path="/", **common)
    return app


GC_GEN0_THRESHOLD = 10_000


def serve(settings: Settings) -> None:
    """Run the server on ``settings.host:settings.port`` until interrupted (``python app.py``)."""
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    embedding_origins(settings.allowed_origins)  # a bad setting stops us before anything loads
    # Each chat event allocates thousands of short-lived objects (Gradio's events and pydantic models).
    # At Python's default (a collection per 700 allocations, a full one per ~70,000) the full ones took
    # 100-250 ms under load, holding the GIL while every request in flight waited: 10x fewer collections
    # took the chat's p95 under 20 clients from 0.91-1.16 s to 0.75-0.91 s (benchmarks.load).
    gc.set_threshold(GC_GEN0_THRESHOLD, *gc.get_threshold()[1:])
    backend = Backend(settings)
    backend.start_loading()  # the model loads while Gradio builds the pages: two cores, two jobs
    app = build_app(backend)
    log.info("Serving on http://%s:%d (chat at /, embed at /embed/, API docs at /docs)", settings.host,
             settings.port)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")


# --------------------------------------------------------------------------------------------------
# Files we serve ourselves


def gradio_web_component() -> Path:
    """Gradio's built web component loader (``gradio.js``) inside the installed package."""
    import gradio

    path = Path(gradio.__file__).resolve().parent / "templates" / "frontend" / "gradio.js"
    if not path.is_file():
        raise FileNotFoundError(f"Gradio's web component is missing at {path}; reinstall gradio.")
    return path


def _add_static_routes(app: FastAPI) -> None:
    @app.get("/gradio.js", include_in_schema=False)
    def web_component() -> FileResponse:
        # The loader imports ./assets/index-*.js, which the Gradio app mounted at / serves.
        return FileResponse(gradio_web_component(), media_type="text/javascript",
                            headers={"Cache-Control": "no-cache"})

    @app.get("/embed", include_in_schema=False)
    def embed_slash() -> RedirectResponse:
        return RedirectResponse("/embed/", status_code=307)

    swagger = _swagger_assets()
    if swagger is not None:
        from fastapi.openapi.docs import get_swagger_ui_html
        from fastapi.staticfiles import StaticFiles

        app.mount("/docs-assets", StaticFiles(directory=swagger), name="docs-assets")

        @app.get("/docs", include_in_schema=False)
        def docs() -> HTMLResponse:
            return get_swagger_ui_html(
                openapi_url="/openapi.json", title="article-chat API",
                swagger_js_url="/docs-assets/swagger-ui-bundle.js", swagger_css_url="/docs-assets/swagger-ui.css",
                swagger_favicon_url="/docs-assets/favicon-32x32.png")
    else:
        @app.get("/docs", include_in_schema=False)
        def docs_plain() -> HTMLResponse:
            return HTMLResponse(_plain_docs(app.openapi()))


def _swagger_assets() -> Path | None:
    try:
        import swagger_ui
    except ImportError:
        return None
    folder = Path(swagger_ui.__file__).resolve().parent / "static"
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def _plain_docs(schema: dict) -> str:
    """The API reference without Swagger UI: each operation and the OpenAPI document, as plain HTML."""
    rows = []
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            rows.append(f"<h2><code>{html.escape(method.upper())} {html.escape(path)}</code></h2>"
                        f"<p>{html.escape(operation.get('summary', ''))}</p>"
                        f"<p>{html.escape(operation.get('description', ''))}</p>")
    return ("<!doctype html><html><head><meta charset='utf-8'><title>article-chat API</title></head>"
            "<body style='font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto'>"
            "<h1>article-chat API</h1><p>Machine-readable: <a href='/openapi.json'>/openapi.json</a>.</p>"
            + "".join(rows) + "<h2>OpenAPI document</h2><pre>"
            + html.escape(json.dumps(schema, indent=2)) + "</pre></body></html>")
