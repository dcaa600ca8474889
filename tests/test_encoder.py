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


def test_questions_asked_at_once_share_a_batch_and_get_their_own_rows():
    """Concurrent ``embed_query`` calls are coalesced; each caller still gets exactly its own vector."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    model = make_query_embeddings(Settings())
    alone = {text: np.asarray(model.embed_query(text)) for text in TEXTS}
    batches = []
    encode = model._queries._encode

    def counting_encode(texts):
        batches.append(len(texts))
        gate.wait(5)  # hold the first batch so the other questions queue up behind it
        return encode(texts)

    gate = threading.Event()
    model._queries._encode = counting_encode
    asked = TEXTS * 4
    with ThreadPoolExecutor(len(asked)) as pool:
        futures = [pool.submit(model.embed_query, text) for text in asked]
        threading.Timer(0.3, gate.set).start()
        got = [np.asarray(f.result(timeout=30)) for f in futures]
    for text, vector in zip(asked, got):
        assert np.allclose(vector, alone[text], atol=1e-5), text
    assert sum(batches) == len(asked) and max(batches) > 1  # shared forward passes, nobody encoded twice


def test_a_failed_batch_fails_each_of_its_callers_and_the_next_question_works():
    from concurrent.futures import ThreadPoolExecutor

    model = make_query_embeddings(Settings())
    encode = model._queries._encode
    model._queries._encode = lambda texts: (_ for _ in ()).throw(MemoryError("no room"))
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(model.embed_query, t) for t in TEXTS[:4]]
        for f in futures:
            with pytest.raises(MemoryError):
                f.result(timeout=30)
    model._queries._encode = encode
    assert len(model.embed_query("Who is Robert Koepcke?")) == 384


# --- the server's encoder process ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def encoder_process():
    from rag.encoder import EncoderProcess

    model = make_query_embeddings(Settings(), server=True)
    assert isinstance(model, EncoderProcess)
    yield model
    model.close()


def test_the_encoder_process_gives_the_same_vectors(encoder_process):
    from concurrent.futures import ThreadPoolExecutor

    local = make_query_embeddings(Settings())
    assert np.allclose(encoder_process.encode(TEXTS), local.encode(TEXTS), atol=1e-6)
    with ThreadPoolExecutor(8) as pool:  # questions at once: each caller gets its own row
        got = list(pool.map(encoder_process.embed_query, TEXTS * 3))
    assert np.allclose(got, [local.embed_query(t) for t in TEXTS * 3], atol=1e-6)
    assert encoder_process.embed_documents([]) == []


def test_a_killed_encoder_process_is_replaced_on_the_next_question(encoder_process):
    before = encoder_process.embed_query(TEXTS[0])
    first = encoder_process._process
    first.kill()
    first.wait(5)
    assert np.allclose(encoder_process.embed_query(TEXTS[0]), before, atol=1e-6)  # no error reaches the caller
    assert encoder_process._process is not first and encoder_process._process.poll() is None


def test_a_hung_encoder_process_is_replaced_after_the_answer_timeout():
    import os
    import signal

    from rag.embeddings import model_path
    from rag.encoder import EncoderProcess

    model = EncoderProcess(model_path(Settings()), answer_timeout=2.0)
    try:
        before = model.embed_query(TEXTS[0])
        hung = model._process
        os.kill(hung.pid, signal.SIGSTOP)  # alive, but never answers
        assert np.allclose(model.embed_query(TEXTS[0]), before, atol=1e-6)
        assert hung.poll() is not None and model._process is not hung  # the hung one was killed
    finally:
        model.close()


def test_an_encoder_process_that_cannot_load_the_model_says_why(tmp_path):
    from rag.encoder import EncoderProcess, EncoderUnavailable

    model = EncoderProcess(tmp_path)  # no model files here
    try:
        with pytest.raises(EncoderUnavailable, match="could not load the model.*config.json"):
            model.embed_query("anything")
        assert model._process is None  # nothing left running
    finally:
        model.close()


def test_the_cli_path_stays_in_process():
    from rag.encoder import MiniLMEmbeddings

    assert isinstance(make_query_embeddings(Settings()), MiniLMEmbeddings)
    assert isinstance(make_query_embeddings(Settings(encoder_process=False), server=True), MiniLMEmbeddings)
