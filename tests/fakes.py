"""Fakes that go through the real extension points (LangChain ``Embeddings``)."""

from __future__ import annotations

import hashlib
import math

from langchain_core.embeddings import Embeddings

from rag.lexicon import terms


class BagOfWordsEmbeddings(Embeddings):
    """Deterministic embeddings whose cosine similarity is the overlap of stemmed content words.

    Each term hashes to one of ``dim`` buckets, so two texts sharing terms are similar and texts sharing
    none are orthogonal: ranking tests can assert real scores. ``calls`` counts embedded texts, so tests
    can see what was (not) re-embedded.
    """

    def __init__(self, dim: int = 512, fail_after: int | None = None) -> None:
        self.dim, self.fail_after, self.calls = dim, fail_after, 0

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        for term in terms(text) or ["<empty>"]:
            vec[int(hashlib.md5(term.encode()).hexdigest(), 16) % self.dim] += 1.0
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.fail_after is not None and self.calls + len(texts) > self.fail_after:
            raise RuntimeError("embedding service died half-way (test fault)")
        self.calls += len(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)
