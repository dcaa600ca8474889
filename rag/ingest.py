"""Ingest: bring the Chroma index in line with the corpus folder, never leaving it half-written.

Reads and checks every file first (``CorpusError``), then builds a new generation beside the live one
(copying the vectors of unchanged documents, embedding only what changed, plus the article vocabulary),
checks its count, and switches the ``active`` pointer in one write (see ``rag.index`` for the layout).
The generation it replaced stays one round, so a server still reading it can switch over.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from typing import Callable

from langchain_core.embeddings import Embeddings

from rag.corpus import Sentence, load_corpus
from rag.embeddings import model_id
from rag.index import (
    CLEANER_VERSION, IndexDamaged, IndexUnavailable, active_generation, drop_collection, generation_name,
    is_complete, make_client, owned_collections, pointer_name, set_active, set_aside_damaged_store,
)
from rag.lexicon import content_words
from rag.settings import Settings

_ADD_BATCH = 256


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


def is_up_to_date(settings: Settings, client=None) -> bool:
    """Whether the live generation already holds exactly the corpus (checked without loading the model)."""
    docs = load_corpus(settings.corpus_dir)
    client = client or make_client(settings)
    target = generation_name(settings, docs)
    return active_generation(client, settings) == target and is_complete(
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
    target = generation_name(settings, docs)
    report = IngestReport(generation=target, documents=len(docs),
                          sentences=sum(len(d.sentences) for d in docs))
    old_docs = _documents_in(client, live) if live else {}

    for doc in docs:
        bucket = report.unchanged if old_docs.get(doc.source) == doc.sha256 else (
            report.updated if doc.source in old_docs else report.added)
        bucket.append(doc.source)
    report.removed = sorted(set(old_docs) - {d.source for d in docs})

    if live == target and not rebuild and is_complete(client, target, report.sentences):
        report.unchanged, report.added, report.updated = [d.source for d in docs], [], []
        report.seconds = time.perf_counter() - started
        return report
    if rebuild:
        report.added, report.updated, report.unchanged = [d.source for d in docs], [], []
        report.removed = sorted(set(old_docs) - set(report.added))

    if not isinstance(embeddings, Embeddings):
        embeddings = embeddings()
    drop_collection(client, target)  # a half-built generation from a killed run
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

    if not is_complete(client, target, report.sentences):
        raise IndexUnavailable(
            f"Ingest wrote an incomplete generation {target}; the previous index stays live. "
            "Run `rag ingest` again.")
    set_active(client, settings, target)
    # The generation just replaced stays one more round, so a server still reading it can finish its
    # requests and switch over (Pipeline checks the pointer); anything older goes.
    keep = {target, f"{target}-words", pointer_name(settings)}
    if live and live != target:
        keep |= {live, f"{live}-words"}
    for name in owned_collections(client, settings):
        if name not in keep:
            drop_collection(client, name)
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
    drop_collection(client, name)
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


