"""What the REST API and the chat UI share: one pipeline per process, loaded once, and the feedback store.

``Backend`` starts empty when the server starts and loads in a background thread (build the index if it
is missing or stale, then load the model and the index), so the server answers ``/healthz`` with 503
while it loads and pages render at once. Tests hand it a ready pipeline instead.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence

from rag.answer import Answer
from rag.chain import Pipeline, check_question
from rag.feedback import FeedbackStore, database_path
from rag.settings import Settings
from rag.web.render import ArticleView

log = logging.getLogger("rag.web")


class NotReady(RuntimeError):
    """The pipeline is still loading, or failed to load; the message says which and what to do."""


class Backend:
    """The loaded pipeline (or why there is none yet), the article view and the feedback store."""

    def __init__(self, settings: Settings, pipeline: Pipeline | None = None) -> None:
        self.settings = settings
        self.feedback = FeedbackStore(database_path(settings))
        self.error: str | None = None
        self.load_seconds: float | None = None
        self._pipeline: Pipeline | None = None
        self._article: ArticleView | None = None
        self._load_lock = threading.Lock()
        self._article_generation: str | None = None
        self._loader: threading.Thread | None = None
        if pipeline is not None:
            self._use(pipeline)

    # -- state ----------------------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        return self._pipeline is not None

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            raise NotReady(self.status_message())
        return self._pipeline

    @property
    def article(self) -> ArticleView | None:
        """The article(s) as shown in the sources panel, rebuilt when an ingest switched the index."""
        pipeline = self._pipeline
        if pipeline is not None and pipeline.index.generation != self._article_generation:
            self._article, self._article_generation = _article_view(pipeline), pipeline.index.generation
        return self._article

    @property
    def streams_text(self) -> bool:
        """Whether answers arrive a verified sentence at a time (an LLM answerer), not whole."""
        return self._pipeline is not None and hasattr(self._pipeline.answerer, "stream")

    def status_message(self) -> str:
        """What a person sees while there is no pipeline."""
        if self.error:
            return f"The chat is unavailable: {self.error}"
        return "The article index is still loading; try again in a few seconds."

    def health(self) -> dict:
        """The body of ``GET /healthz``."""
        if self._pipeline is None:
            return {"status": "error", "error": self.error} if self.error else {"status": "loading"}
        index = self._pipeline.index
        return {"status": "ready", "generation": index.generation, "documents": len(index.sources),
                "sentences": len(index.sentences), "load_seconds": self.load_seconds}

    # -- loading --------------------------------------------------------------------------------------

    def start_loading(self) -> None:
        """Load in a background thread, once (later calls do nothing)."""
        with self._load_lock:
            if self.ready or self._loader is not None:
                return
            self._loader = threading.Thread(target=self.load, name="rag-load", daemon=True)
        self._loader.start()

    def load(self) -> None:
        """Build the index if it is missing or stale, load model and index; record any error for /healthz."""
        started = time.perf_counter()
        try:
            self._use(_load_pipeline(self.settings))
        except Exception as exc:  # noqa: BLE001 -- every failure must show in /healthz, not end the thread
            self.error = str(exc) or type(exc).__name__
            log.error("Loading the pipeline failed: %s", self.error)
            return
        self.load_seconds = round(time.perf_counter() - started, 3)
        log.info("Ready: index %s loaded in %.1f s.", self._pipeline.index.generation, self.load_seconds)

    def _use(self, pipeline: Pipeline) -> None:
        self._article, self._article_generation = _article_view(pipeline), pipeline.index.generation
        self._pipeline = pipeline
        self.error = None

    # -- answering ------------------------------------------------------------------------------------

    def ask(self, question: str, history: Sequence[dict] = ()) -> Answer:
        """``Pipeline.ask`` (thread-safe: requests run side by side on the server's worker threads).

        The question is checked against this server's settings first (``QuestionError``), so the UI and
        the API enforce the same limits whatever settings the pipeline was built with.
        """
        question = check_question(question, self.settings)
        return self.pipeline.ask(question, list(history))


    def stream(self, question: str, history: Sequence[dict] = ()):
        """``Pipeline.stream``: verified text chunks (LLM mode), then the final ``Answer``."""
        question = check_question(question, self.settings)
        return self.pipeline.stream(question, list(history))


def _load_pipeline(settings: Settings) -> Pipeline:
    from rag.embeddings import make_query_embeddings

    query_embeddings = make_query_embeddings(settings, server=True)  # its process loads while we index
    try:
        _build_if_needed(settings)
        pipeline = Pipeline.load(settings, query_embeddings)  # the question path needs no torch import
        query_embeddings.embed_query("Ready?")  # ready means ready: the first question pays no warm-up
        return pipeline
    except BaseException:
        getattr(query_embeddings, "close", lambda: None)()  # no encoder process left behind
        raise


def _build_if_needed(settings: Settings) -> None:
    from rag.corpus import CorpusError
    from rag.embeddings import make_embeddings
    from rag.ingest import ingest, is_up_to_date

    rebuild = _damaged(settings)
    try:
        if rebuild or not is_up_to_date(settings):
            # torch and sentence-transformers load only here, when something must be embedded
            log.info("Building the index from %s ...", settings.corpus_dir)
            log.info("%s", ingest(settings, lambda: make_embeddings(settings), rebuild=rebuild,
                                  progress=False).summary())
    except CorpusError as exc:
        # The live index (if any) still answers; Pipeline.load says what to run when there is none.
        log.warning("Not re-indexing: %s", exc)


def _damaged(settings: Settings) -> bool:
    """Whether the local index cannot be opened, so the start must rebuild it (setting the old one aside)."""
    from rag.index import IndexDamaged, make_client

    try:
        make_client(settings)
    except IndexDamaged as exc:
        log.warning("%s Rebuilding it now.", exc)
        return True
    return False


def _article_view(pipeline: Pipeline) -> ArticleView:
    from rag.corpus import CorpusError, load_corpus

    try:
        raws = {d.source: d.raw for d in load_corpus(pipeline.settings.corpus_dir)}
    except CorpusError:
        raws = {}  # the index alone still gives every sentence
    sentences = [(s.source, s.start, s.end, s.text) for s in pipeline.index.sentences]
    return ArticleView.from_texts(raws, sentences)
