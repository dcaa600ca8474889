"""The peer we compare against: the LangChain RAG tutorial pipeline, with our embeddings.

What the tutorial does, and so what this does: load each file whole, cut it with
``RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200, add_start_index=True)``, put the
chunks in Chroma with the same embedding model, and for a question take the top 4 chunks. With no LLM
the answer is the top chunk, and the citations are the 4 chunks (quote = chunk text, span = the chunk's
place in the raw file), so the same eval metrics score both pipelines. It ignores conversation
history, as the tutorial's chain does.

>>> peer = TutorialPipeline.build(Path("corpus"), make_embeddings(Settings()))   # doctest: +SKIP
>>> peer.ask("How many missiles?")["citations"][0]["start"]                       # doctest: +SKIP
839
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.runnables import Runnable, RunnableLambda, RunnableParallel, RunnablePassthrough

from rag.corpus import DOCUMENT_SUFFIXES, source_name

# The tutorial's numbers, named here because they are the thing being compared.
CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
TOP_K = 4


class PeerUnavailable(RuntimeError):
    """The peer cannot be built here; the message says what to install."""


def split_corpus(corpus_dir: Path, *, chunk_size: int = CHUNK_SIZE,
                 chunk_overlap: int = CHUNK_OVERLAP) -> list[Document]:
    """The corpus files, read byte for byte, cut into chunks with ``source``, ``start``, ``end`` metadata."""
    try:
        from langchain_text_splitters import RecursiveCharacterTextSplitter
    except ImportError:
        raise PeerUnavailable(
            "The peer needs langchain-text-splitters, which is not installed. Install it with "
            "`pip install langchain-text-splitters` (it is in the project's dev extra)."
        ) from None
    splitter = RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=chunk_overlap,
                                              add_start_index=True)
    corpus_dir = Path(corpus_dir)
    paths = sorted(p for p in corpus_dir.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
    chunks = []
    for path in paths:
        raw = path.read_bytes().decode("utf-8")  # newlines untouched, so start_index points into the file
        for chunk in splitter.create_documents([raw], metadatas=[{"source": source_name(corpus_dir, path)}]):
            start = chunk.metadata.pop("start_index")
            chunk.metadata.update(start=start, end=start + len(chunk.page_content))
            chunks.append(chunk)
    return chunks


@dataclass
class TutorialPipeline:
    """Chunks in an in-memory Chroma collection, searched by vector similarity, top chunk as the answer.

    Asking runs the tutorial's LCEL shape, ``{"context": retriever, "question": passthrough} | answer``,
    so the search runs on LangChain's worker thread as the tutorial's (and our) chain does.
    """

    store: Any  # langchain_chroma.Chroma
    chunks: int
    k: int = TOP_K

    @classmethod
    def build(cls, corpus_dir: Path, embeddings: Embeddings, *, k: int = TOP_K) -> TutorialPipeline:
        """Split and embed ``corpus_dir`` into an in-memory collection (the tutorial's ``from_documents``)."""
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma

        chunks = split_corpus(corpus_dir)
        client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
        # Ephemeral clients share one in-memory database per process: a fresh name keeps peers apart.
        store = Chroma.from_documents(chunks, embedding=embeddings, client=client,
                                      collection_name=f"peer-{uuid.uuid4().hex[:12]}")
        return cls(store=store, chunks=len(chunks), k=k)

    def chain(self) -> Runnable:
        """LCEL: question in, the answer dict (without ``latency_ms``) out."""
        # similarity_search_with_score is what the tutorial's retriever calls; the scores go in "retrieved"
        retriever = RunnableLambda(lambda question: self.store.similarity_search_with_score(question, self.k))
        return RunnableParallel(context=retriever, question=RunnablePassthrough()) | RunnableLambda(_answer)

    def ask(self, question: str, history: Sequence[Any] = ()) -> dict:
        """The ``rag ask --json`` shape: answer = top chunk, citations = the top ``k`` chunks, no refusal."""
        started = time.perf_counter()
        if not hasattr(self, "_chain"):
            self._chain = self.chain()
        answer = self._chain.invoke(question)
        return answer | {"latency_ms": round((time.perf_counter() - started) * 1000, 3)}


def _answer(x: dict) -> dict:
    hits = x["context"]
    citations = [{"n": n, "source": d.metadata["source"], "start": d.metadata["start"],
                  "end": d.metadata["end"], "quote": d.page_content}
                 for n, (d, _) in enumerate(hits, start=1)]
    retrieved = [{"source": d.metadata["source"], "start": d.metadata["start"], "end": d.metadata["end"],
                  "text": d.page_content, "score": round(float(score), 6)} for d, score in hits]
    return {"question": x["question"], "answer": hits[0][0].page_content if hits else "", "refused": False,
            "citations": citations, "retrieved": retrieved}
