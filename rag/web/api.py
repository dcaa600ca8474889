"""The REST API: ``POST /api/ask`` and ``GET /healthz``.

``/api/ask`` takes ``{"question": ..., "history": [{"role", "content"}, ...]}`` and returns the object of
``rag ask --json`` (``Answer.to_dict()``). Every error is JSON ``{"error": "..."}``: 422 for input that
cannot be asked, 401 for a missing or wrong key when ``RAG_API_KEYS`` is set, 503 while the index loads.

    curl -s localhost:7860/api/ask -H 'Content-Type: application/json' \\
         -d '{"question": "How many missiles has Russia launched?"}'
"""

from __future__ import annotations

import hmac
import logging
from typing import Literal

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

from rag.answer import Answer
from rag.chain import QuestionError
from rag.index import IndexUnavailable
from rag.web.backend import Backend, NotReady

log = logging.getLogger("rag.web")

MAX_HISTORY_TURNS = 50  # a follow-up uses the last few turns; more is a client bug, not a conversation
MAX_BODY_BYTES = 1_000_000  # far above any question the settings allow; stops a client streaming gigabytes


class ApiError(Exception):
    """An error answered as ``{"error": message}`` with ``status``."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers


class Turn(BaseModel):
    """One earlier message of the conversation."""

    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"] = Field(description="Who said it.")
    content: str = Field(description="What was said (an assistant turn: the earlier answer text).")


class AskRequest(BaseModel):
    """A question about the article, with the conversation so far for follow-ups."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"question": "How many containers of munitions has Russia received from North Korea?"},
        {"question": "Since when?", "history": [
            {"role": "user", "content": "How many containers of munitions has Russia received from North Korea?"},
            {"role": "assistant", "content": "Russia has secured more than 16,500 containers ... [1]"}]},
    ]})
    question: str = Field(description="The question; 1 to RAG_MAX_QUESTION_CHARS characters of plain text.")
    history: list[Turn] = Field(default_factory=list, max_length=MAX_HISTORY_TURNS,
                                description="Earlier turns, oldest first; a follow-up borrows its topic from them.")


class ErrorBody(BaseModel):
    error: str = Field(description="What went wrong and what to do about it.")


def api_keys(raw: str) -> list[str]:
    """The keys in ``RAG_API_KEYS`` (comma-separated; blanks ignored)."""
    return [k.strip() for k in raw.split(",") if k.strip()]


def presented_key(request: Request) -> str | None:
    """The key a request carries in ``X-API-Key`` or ``Authorization: Bearer``."""
    key = request.headers.get("x-api-key")
    if key:
        return key.strip()
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def make_router(backend: Backend) -> APIRouter:
    """The API routes over ``backend``."""
    router = APIRouter()
    keys = api_keys(backend.settings.api_keys)

    def require_key(request: Request) -> None:
        if not keys:
            return
        key = presented_key(request)
        # compare_digest against every key (no short-circuit): the time taken says nothing about the keys
        matches = [key is not None and hmac.compare_digest(key.encode(), k.encode()) for k in keys]
        if not any(matches):
            raise ApiError(401, "A valid API key is required: send it as 'X-API-Key: <key>' or "
                           "'Authorization: Bearer <key>'." if key is None else "The API key is not valid.",
                           {"WWW-Authenticate": "Bearer"})

    @router.post("/api/ask", response_model=Answer, dependencies=[Depends(require_key)], tags=["api"],
                 summary="Answer a question about the article, with citations",
                 responses={401: {"model": ErrorBody}, 422: {"model": ErrorBody}, 503: {"model": ErrorBody}})
    def ask(body: AskRequest) -> dict:
        """The same JSON object as ``rag ask --json``: the answer with inline ``[n]`` markers, whether it is
        a refusal, the citations (file, character span, quote) and the retrieved sentences."""
        try:
            answer = backend.ask(body.question, [t.model_dump() for t in body.history])
        except QuestionError as exc:
            raise ApiError(422, str(exc)) from None
        except (NotReady, IndexUnavailable) as exc:  # loading, or the Chroma server is down
            raise ApiError(503, str(exc), {"Retry-After": "5"}) from None
        return answer.to_dict()

    @router.get("/healthz", tags=["ops"], summary="Ready only when the index is loaded",
                responses={503: {"description": "Still loading, or loading failed (see `error`)."}})
    def healthz() -> JSONResponse:
        health = backend.health()
        return JSONResponse(health, status_code=200 if health["status"] == "ready" else 503)

    return router


def install_error_handlers(app: FastAPI) -> None:
    """Answer errors of the app's own routes as ``{"error": ...}`` (the Gradio sub-apps keep theirs)."""

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"error": exc.message}, status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": describe_validation(exc), "detail": jsonable_encoder(exc.errors())},
                            status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("Unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse({"error": f"Internal error ({type(exc).__name__}); the server log has details."},
                            status_code=500)


def describe_validation(exc: RequestValidationError) -> str:
    """One sentence per problem, e.g. ``body.question: Field required``."""
    problems = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
        if error.get("type") == "json_invalid":
            problems.append("The body is not valid JSON. Send {\"question\": \"...\"} with Content-Type: "
                            "application/json.")
        else:
            problems.append(f"{where}: {error.get('msg', 'invalid')}.")
    return " ".join(problems) or "The request body is not a valid question."
