"""The Chroma index: sentences with their embeddings, written so that a failed ingest breaks nothing.

Layout in Chroma (embedded ``PersistentClient`` under ``RAG_DATA_DIR``, or a server at ``RAG_CHROMA_URL``):

* ``<prefix>-<manifest hash>``: one generation of the index, a record per sentence (id = content hash,
  document = cleaned sentence, metadata = source, start, end, kind, position, doc_sha);
* ``<prefix>-<manifest hash>-words``: the article vocabulary with embeddings (the answerer's support check);
* ``<prefix>-active``: an empty collection whose metadata names the live generation.

The manifest hash covers the model and every document's content hash, so re-ingesting unchanged files
finds the live generation already built and does nothing. A change builds a new generation beside the
live one (copying the vectors of unchanged documents, embedding only what changed), checks it, and then
moves the ``active`` pointer in one metadata write. A crash before that write leaves the old generation
live; the half-built one is removed by the next ingest.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
from langchain_core.embeddings import Embeddings

from rag.corpus import Document, Sentence, load_corpus
from rag.embeddings import model_id
from rag.lexicon import content_words
from rag.settings import Settings

CLEANER_VERSION = "1"  # bump when corpus.py changes what a sentence is, so every generation is rebuilt
_ADD_BATCH = 256


class IndexUnavailable(RuntimeError):
    """The index cannot be reached or is not built; the message says what to run."""


class IndexDamaged(IndexUnavailable):
    """The local index exists but cannot be opened; ``rag ingest --rebuild`` sets it aside and rebuilds."""


@dataclass
class IngestReport:
    """What an ingest did, for the CLI and the logs."""

    generation: str
    documents: int = 0
    sentences: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    embedded: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        if not self.changed:
            return (
                f"Index is up to date: {self.documents} document(s), {self.sentences} sentences unchanged. "
                "Nothing to do."
            )
        parts = [f"{len(v)} {k}" for k, v in
                 (("added", self.added), ("updated", self.updated), ("removed", self.removed),
                  ("unchanged", self.unchanged)) if v]
        return (
            f"Indexed {self.documents} document(s), {self.sentences} sentences ({', '.join(parts)}; "
            f"{self.embedded} sentences embedded) in {self.seconds:.1f} s."
        )


@dataclass
class Index:
    """The live generation, loaded for answering: sentences, their vectors, and the article vocabulary."""

    generation: str
    sentences: list[Sentence]
    vectors: np.ndarray  # (n, d), L2-normalised, row i belongs to sentences[i]
    words: list[str]
    word_vectors: np.ndarray
    store: object  # a LangChain VectorStore (langchain_chroma.Chroma) over the generation

    @property
    def sources(self) -> list[str]:
        return sorted({s.source for s in self.sentences})


# --------------------------------------------------------------------------------------------------
# Client


def make_client(settings: Settings):
    """A Chroma client: HTTP when ``RAG_CHROMA_URL`` is set, else persistent under ``RAG_DATA_DIR``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        from urllib.parse import urlparse

        url = urlparse(settings.chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise IndexUnavailable(
                f"RAG_CHROMA_URL='{settings.chroma_url}' is not an http(s) URL. Use e.g. http://127.0.0.1:8000."
            )
        try:
            client = chromadb.HttpClient(
                host=url.hostname, port=url.port or (443 if url.scheme == "https" else 80),
                ssl=url.scheme == "https", settings=chroma_settings,
            )
            client.heartbeat()
        except Exception as exc:  # chromadb raises several transport errors; all mean "not reachable"
            raise IndexUnavailable(
                f"Cannot reach the Chroma server at {settings.chroma_url} ({type(exc).__name__}). Start it "
                "(`chroma run --path DIR --port N`) or unset RAG_CHROMA_URL to use the local index."
            ) from None
        return client
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
    except Exception as exc:  # chromadb's InternalError for "file is not a database" and kin
        raise IndexDamaged(
            f"The index at '{settings.chroma_path}' is damaged ({exc}). Run `rag ingest --rebuild`: it sets "
            "the damaged folder aside and builds a new index from the corpus."
        ) from None


def set_aside_damaged_store(settings: Settings) -> Path | None:
    """Move a local index that cannot be opened out of the way (kept, not deleted); return where to."""
    if settings.chroma_url or not settings.chroma_path.exists():
        return None
    from chromadb.api.client import SharedSystemClient

    target = settings.data_dir / f"chroma.damaged-{time.strftime('%Y%m%d-%H%M%S')}"
    settings.chroma_path.rename(target)
    SharedSystemClient.clear_system_cache()  # chromadb caches the failed client per path in-process
    return target


def _pointer_name(settings: Settings) -> str:
    return f"{settings.collection_prefix}-active"


def active_generation(client, settings: Settings) -> str | None:
    """Name of the live generation, or None before the first ingest."""
    try:
        pointer = client.get_collection(_pointer_name(settings))
    except Exception:  # NotFoundError / ValueError depending on the client kind
        return None
    return (pointer.metadata or {}).get("generation")


def _set_active(client, settings: Settings, generation: str) -> None:
    pointer = client.get_or_create_collection(_pointer_name(settings), embedding_function=None)
    pointer.modify(metadata={"generation": generation, "switched_at": time.time()})


def _generation_name(settings: Settings, docs: list[Document]) -> str:
    manifest = "\n".join([model_id(settings), CLEANER_VERSION] + [f"{d.source}\0{d.sha256}" for d in docs])
    return f"{settings.collection_prefix}-{hashlib.sha256(manifest.encode()).hexdigest()[:16]}"


# --------------------------------------------------------------------------------------------------
# Ingest


def is_up_to_date(settings: Settings, client=None) -> bool:
    """Whether the live generation already holds exactly the corpus (checked without loading the model)."""
    docs = load_corpus(settings.corpus_dir)
    client = client or make_client(settings)
    target = _generation_name(settings, docs)
    return active_generation(client, settings) == target and _is_complete(
        client, target, sum(len(d.sentences) for d in docs))


def ingest(settings: Settings, embeddings: Embeddings | Callable[[], Embeddings], *, rebuild: bool = False,
           progress: bool = True, client=None) -> IngestReport:
    """Bring the index in line with ``settings.corpus_dir``; return what changed.

    ``embeddings`` may be a factory, called only when something has to be embedded. Every file is read
    and validated before anything is written (``CorpusError`` otherwise).
    """
    started = time.perf_counter()
    docs = load_corpus(settings.corpus_dir)
    if client is None:
        try:
            client = make_client(settings)
        except IndexDamaged:
            if not rebuild:
                raise
            set_aside_damaged_store(settings)
            client = make_client(settings)
    live = active_generation(client, settings)
    target = _generation_name(settings, docs)
    report = IngestReport(generation=target, documents=len(docs), sentences=sum(len(d.sentences) for d in docs))
    old_docs = _documents_in(client, live) if live else {}

    for doc in docs:
        bucket = report.unchanged if old_docs.get(doc.source) == doc.sha256 else (
            report.updated if doc.source in old_docs else report.added)
        bucket.append(doc.source)
    report.removed = sorted(set(old_docs) - {d.source for d in docs})

    if live == target and not rebuild and _is_complete(client, target, report.sentences):
        report.unchanged, report.added, report.updated = [d.source for d in docs], [], []
        report.seconds = time.perf_counter() - started
        return report
    if rebuild:
        report.added, report.updated, report.unchanged = [d.source for d in docs], [], []
        report.removed = sorted(set(old_docs) - set(report.added))

    if not isinstance(embeddings, Embeddings):
        embeddings = embeddings()
    _drop(client, target)  # a half-built generation from a killed run
    collection = client.create_collection(
        target, embedding_function=None,
        metadata={"hnsw:space": "cosine", "model": model_id(settings), "cleaner": CLEANER_VERSION,
                  "documents": json.dumps({d.source: d.sha256 for d in docs})},
    )
    reusable = set(report.unchanged) if live and not rebuild else set()
    sentences = [s for d in docs if d.source not in reusable for s in d.sentences]
    if reusable:
        _copy(client.get_collection(live), collection, where={"source": {"$in": sorted(reusable)}})
    _embed_into(collection, sentences, embeddings, progress=progress)
    report.embedded = len(sentences)

    words = sorted({w for d in docs for s in d.sentences for w in content_words(s.text)})
    _build_words(client, target, live if not rebuild else None, words, embeddings)

    if not _is_complete(client, target, report.sentences):
        raise IndexUnavailable(f"Ingest wrote an incomplete generation {target}; the previous index stays live.")
    _set_active(client, settings, target)
    # The generation just replaced stays one more round, so a server still reading it can finish its
    # requests and switch over (Pipeline checks the pointer); anything older goes.
    keep = {target, f"{target}-words", _pointer_name(settings)}
    if live and live != target:
        keep |= {live, f"{live}-words"}
    for name in _owned_collections(client, settings):
        if name not in keep:
            _drop(client, name)
    report.seconds = time.perf_counter() - started
    return report


def _embed_into(collection, sentences: list[Sentence], embeddings: Embeddings, *, progress: bool) -> None:
    from tqdm import tqdm

    bar = tqdm(total=len(sentences), unit="sentence", desc="Embedding", disable=not progress or not sentences)
    for i in range(0, len(sentences), _ADD_BATCH):
        batch = sentences[i : i + _ADD_BATCH]
        vectors = embeddings.embed_documents([s.text for s in batch])
        collection.add(
            ids=[s.key for s in batch], embeddings=vectors, documents=[s.text for s in batch],
            metadatas=[_metadata(s) for s in batch],
        )
        bar.update(len(batch))
    bar.close()


def _build_words(client, target: str, live: str | None, words: list[str], embeddings: Embeddings) -> None:
    name = f"{target}-words"
    _drop(client, name)
    collection = client.create_collection(name, embedding_function=None, metadata={"hnsw:space": "cosine"})
    known: dict[str, list[float]] = {}
    if live:
        try:
            old = client.get_collection(f"{live}-words").get(include=["documents", "embeddings"])
            known = dict(zip(old["documents"], old["embeddings"]))
        except Exception:
            known = {}
    missing = [w for w in words if w not in known]
    vectors = dict(known)
    if missing:
        vectors.update(zip(missing, embeddings.embed_documents(missing)))
    for i in range(0, len(words), _ADD_BATCH * 8):
        batch = words[i : i + _ADD_BATCH * 8]
        collection.add(ids=[hashlib.sha256(w.encode()).hexdigest()[:32] for w in batch],
                       documents=batch, embeddings=[list(vectors[w]) for w in batch])


def _metadata(s: Sentence) -> dict:
    return {"source": s.source, "start": s.start, "end": s.end, "kind": s.kind, "position": s.position}


def _copy(source_collection, target_collection, *, where: dict) -> None:
    got = source_collection.get(where=where, include=["documents", "metadatas", "embeddings"])
    for i in range(0, len(got["ids"]), _ADD_BATCH):
        target_collection.add(
            ids=got["ids"][i : i + _ADD_BATCH], embeddings=got["embeddings"][i : i + _ADD_BATCH],
            documents=got["documents"][i : i + _ADD_BATCH], metadatas=got["metadatas"][i : i + _ADD_BATCH],
        )


def _documents_in(client, generation: str) -> dict[str, str]:
    """source -> content hash of each document in a generation (from its stored manifest)."""
    try:
        collection = client.get_collection(generation)
    except Exception:
        return {}
    return json.loads((collection.metadata or {}).get("documents") or "{}")


def _is_complete(client, generation: str, expected: int) -> bool:
    try:
        return client.get_collection(generation).count() == expected
    except Exception:
        return False


def _drop(client, name: str) -> None:
    try:
        client.delete_collection(name)
    except Exception:
        pass  # not there: nothing to drop


def _owned_collections(client, settings: Settings) -> Iterable[str]:
    for c in client.list_collections():
        name = c if isinstance(c, str) else c.name
        if name.startswith(f"{settings.collection_prefix}-"):
            yield name


# --------------------------------------------------------------------------------------------------
# Loading for answering


def open_index(settings: Settings, embeddings: Embeddings, client=None) -> Index:
    """Load the live generation, or raise ``IndexUnavailable`` saying to run ``rag ingest``."""
    from langchain_chroma import Chroma

    client = client or make_client(settings)
    generation = active_generation(client, settings)
    if not generation:
        raise IndexUnavailable("No index yet. Run `rag ingest` (or `make run`, which ingests first).")
    try:
        collection = client.get_collection(generation)
        got = collection.get(include=["documents", "metadatas", "embeddings"])
        words = client.get_collection(f"{generation}-words").get(include=["documents", "embeddings"])
    except Exception as exc:
        raise IndexUnavailable(
            f"The index '{generation}' is damaged or missing ({type(exc).__name__}). Run `rag ingest --rebuild`."
        ) from None
    sentences = [
        Sentence(m["source"], int(m["start"]), int(m["end"]), text, m.get("kind", "body"), int(m.get("position", 0)))
        for text, m in zip(got["documents"], got["metadatas"])
    ]
    order = sorted(range(len(sentences)), key=lambda i: (sentences[i].source, sentences[i].position))
    vectors = np.asarray(got["embeddings"], dtype=np.float32)[order] if order else np.zeros((0, 0), np.float32)
    store = Chroma(client=client, collection_name=generation, embedding_function=embeddings,
                   create_collection_if_not_exists=False)
    return Index(
        generation=generation,
        sentences=[sentences[i] for i in order],
        vectors=vectors,
        words=list(words["documents"]),
        word_vectors=np.asarray(words["embeddings"], dtype=np.float32).reshape(len(words["documents"]), -1),
        store=store,
    )
