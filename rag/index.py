"""The Chroma index: its layout, the client, and loading the live generation for answering.

Writing it is ``rag.ingest``; this module knows where things are and how to read them.

Layout in Chroma (embedded ``PersistentClient`` under ``RAG_DATA_DIR``, or a server at ``RAG_CHROMA_URL``):

* ``<prefix>-<manifest hash>``: one generation of the index, a record per sentence (id = content hash,
  document = cleaned sentence, metadata = source, start, end, kind, position; the collection's metadata
  lists every document's content hash);
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
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np
from langchain_core.embeddings import Embeddings

from rag.corpus import Document, Sentence
from rag.embeddings import model_id
from rag.settings import Settings

CLEANER_VERSION = "1"  # bump when corpus.py changes what a sentence is, so every generation is rebuilt


class IndexUnavailable(RuntimeError):
    """The index cannot be reached or is not built; the message says what to run."""


class IndexDamaged(IndexUnavailable):
    """The local index exists but cannot be opened; ``rag ingest --rebuild`` sets it aside and rebuilds."""


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


def pointer_name(settings: Settings) -> str:
    """The collection whose metadata names the live generation."""
    return f"{settings.collection_prefix}-active"


def active_generation(client, settings: Settings) -> str | None:
    """Name of the live generation, or None before the first ingest."""
    try:
        pointer = client.get_collection(pointer_name(settings))
    except Exception:  # NotFoundError / ValueError depending on the client kind
        return None
    return (pointer.metadata or {}).get("generation")


def set_active(client, settings: Settings, generation: str) -> None:
    """Make ``generation`` the live one, in one metadata write."""
    pointer = client.get_or_create_collection(pointer_name(settings), embedding_function=None)
    pointer.modify(metadata={"generation": generation, "switched_at": time.time()})


def generation_name(settings: Settings, docs: list[Document]) -> str:
    """A generation's name: the hash of the model, the cleaner version and every document's content."""
    manifest = "\n".join([model_id(settings), CLEANER_VERSION] + [f"{d.source}\0{d.sha256}" for d in docs])
    return f"{settings.collection_prefix}-{hashlib.sha256(manifest.encode()).hexdigest()[:16]}"


def is_complete(client, generation: str, expected: int) -> bool:
    """Whether a generation exists and holds exactly ``expected`` sentences."""
    try:
        return client.get_collection(generation).count() == expected
    except Exception:
        return False


def drop_collection(client, name: str) -> None:
    """Delete a collection if it exists."""
    try:
        client.delete_collection(name)
    except Exception:
        pass  # not there: nothing to drop


def owned_collections(client, settings: Settings) -> Iterable[str]:
    """Names of the collections this app owns (its prefix)."""
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
