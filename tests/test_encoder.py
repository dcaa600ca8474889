"""The NumPy MiniLM of the question path equals the sentence-transformers model used at ingest."""

from __future__ import annotations

import numpy as np
import pytest

from rag.embeddings import make_query_embeddings
from rag.settings import Settings

pytestmark = pytest.mark.slow

TEXTS = ["How many missiles has Russia launched into Ukraine?", "seoul", "",
         "“These arms transfers constitute clear violations of multiple U.N. Security Council resolutions,” he added.",
         "word " * 400]  # longer than the 256-token limit: truncated the same way


def test_numpy_encoder_matches_sentence_transformers(real_embeddings):
    ours = np.asarray(make_query_embeddings(Settings()).embed_documents(TEXTS))
    reference = np.asarray(real_embeddings.embed_documents(TEXTS))
    assert ours.shape == reference.shape == (len(TEXTS), 384)
    assert np.all((ours * reference).sum(axis=1) > 0.9999)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_query_and_document_paths_agree():
    model = make_query_embeddings(Settings())
    assert np.allclose(model.embed_query(TEXTS[0]), model.embed_documents([TEXTS[0]])[0], atol=1e-6)
