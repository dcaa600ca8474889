"""A NumPy forward pass of the packaged MiniLM, for fast start-up on the question path.

``import sentence_transformers`` costs 5-10 s (torch, transformers, sklearn). Answering a question needs
only one short forward pass of a 6-layer BERT, which NumPy does in milliseconds after importing in a
fraction of a second. ``MiniLMEmbeddings`` reads the same ``model.safetensors`` and ``tokenizer.json``
and reproduces sentence-transformers' output (mean pooling, L2 norm); ``tests/test_encoder.py`` checks
the two agree to 1e-4 cosine. Ingest keeps using ``HuggingFaceEmbeddings`` for its batched throughput.

A server runs the same forward pass in a child process (``EncoderProcess``): see its docstring for why.
"""

from __future__ import annotations

import json
import math
import os
import socket
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

try:
    from scipy.special import erf
except ImportError:  # pragma: no cover - scipy comes with sentence-transformers
    erf = np.vectorize(__import__("math").erf, otypes=[np.float32])


class MiniLMEmbeddings(Embeddings):
    """BERT-style sentence encoder (mean pooled, normalised) computed with NumPy from a model folder."""

    def __init__(self, path: Path, max_length: int | None = None, batch_size: int = 32) -> None:
        from safetensors.numpy import load_file
        from threadpoolctl import threadpool_limits
        from tokenizers import Tokenizer

        # One BLAS thread: these matrices are small, and on a busy 2-core box OpenBLAS's spinning
        # threads turn a 15 ms question into a 2 s one (measured).
        threadpool_limits(limits=1, user_api="blas")

        path = Path(path)
        config = json.loads((path / "config.json").read_text())
        st_config = path / "sentence_bert_config.json"
        self.max_length = max_length or (json.loads(st_config.read_text())["max_seq_length"] if st_config.exists()
                                         else 256)
        self.heads, self.layers = config["num_attention_heads"], config["num_hidden_layers"]
        self.eps = config.get("layer_norm_eps", 1e-12)
        self.batch_size = batch_size
        # Linear weights are stored (out, in); keep them as contiguous (in, out) so x @ w is one BLAS call.
        self.w = {k: (np.ascontiguousarray(v.T) if v.ndim == 2 and "embeddings." not in k else v)
                  for k, v in load_file(str(path / "model.safetensors")).items()}
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_length)
        self.tokenizer.enable_padding(pad_id=config.get("pad_token_id", 0))
        self._queries = _Coalescer(self.encode)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out = []
        for i in range(0, len(texts), self.batch_size):
            out.extend(self.encode(texts[i : i + self.batch_size]).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        """One question's embedding; questions asked at the same moment share one forward pass."""
        return self._queries(text).tolist()

    def encode(self, texts: list[str]) -> np.ndarray:
        """Normalised embeddings, one row per text."""
        if not texts:
            return np.zeros((0, self.w["embeddings.word_embeddings.weight"].shape[1]), np.float32)
        batch = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in batch])
        mask = np.array([e.attention_mask for e in batch], dtype=np.float32)
        w, n = self.w, ids.shape[1]
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = self._norm(x, "embeddings.LayerNorm")
        bias = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
        for layer in range(self.layers):
            x = self._layer(x, bias, f"encoder.layer.{layer}.")
        pooled = (x * mask[..., None]).sum(1) / np.clip(mask.sum(1, keepdims=True), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    def _layer(self, x: np.ndarray, bias: np.ndarray, p: str) -> np.ndarray:
        b, n, d = x.shape
        h = self.heads

        def heads(name: str) -> np.ndarray:
            return self._dense(x, p + f"attention.self.{name}").reshape(b, n, h, d // h).transpose(0, 2, 1, 3)

        q, k, v = heads("query"), heads("key"), heads("value")
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(d // h) + bias
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        context = (scores / scores.sum(-1, keepdims=True)) @ v
        context = context.transpose(0, 2, 1, 3).reshape(b, n, d)
        x = self._norm(self._dense(context, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
        inner = self._dense(x, p + "intermediate.dense")
        inner = 0.5 * inner * (1.0 + erf(inner / math.sqrt(2.0)))  # exact GELU, as BERT uses
        return self._norm(self._dense(inner, p + "output.dense") + x, p + "output.LayerNorm")

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        weight = self.w[name + ".weight"]
        return (x.reshape(-1, x.shape[-1]) @ weight).reshape(*x.shape[:-1], weight.shape[1]) + self.w[name + ".bias"]

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + np.float32(self.eps)) * self.w[name + ".weight"] + self.w[name + ".bias"]


class _Coalescer:
    """Concurrent single-text encodes batched together, with no timer and no extra thread.

    Whoever finds the encoder idle leads: it encodes every text waiting at that moment as one batch, hands
    each caller its row, and passes the lead to the first text that arrived meanwhile. Alone, a question is
    encoded at once, as before; under load the waiting questions ride in the next batch, which costs less
    per text (8 short questions: 11 ms each instead of 20, measured) and takes the GIL for fewer NumPy calls.
    """

    def __init__(self, encode) -> None:
        self._encode = encode
        self._lock = threading.Lock()
        self._pending: list[_Slot] = []
        self._busy = False

    def __call__(self, text: str) -> np.ndarray:
        slot = _Slot(text)
        with self._lock:
            self._pending.append(slot)
            if not self._busy:
                self._busy = True
                slot.ready.set()  # idle encoder: this caller leads
        slot.ready.wait()
        if not slot.done:  # handed the lead (or found the encoder idle): encode all that waits
            self._lead()
        if slot.error is not None:
            raise slot.error
        return slot.vector

    def _lead(self) -> None:
        with self._lock:
            batch, self._pending = self._pending, []
        try:
            vectors = self._encode([s.text for s in batch])
            for s, vector in zip(batch, vectors):
                s.vector = vector
        except BaseException as exc:  # noqa: BLE001 - every caller of the batch gets it, none waits forever
            for s in batch:
                s.error = exc
        finally:
            with self._lock:
                for s in batch:
                    s.done = True
                    s.ready.set()
                if self._pending:
                    self._pending[0].ready.set()  # the next batch's leader
                else:
                    self._busy = False


class _Slot:
    __slots__ = ("done", "error", "ready", "text", "vector")

    def __init__(self, text: str) -> None:
        self.text, self.vector, self.error, self.done = text, None, None, False
        self.ready = threading.Event()


class EncoderUnavailable(RuntimeError):
    """The encoder process could not start or answer; the message says why."""


class EncoderProcess(Embeddings):
    """``MiniLMEmbeddings`` computed in a child process: the question path of a busy server.

    A NumPy forward pass is about 250 NumPy calls, and each call lets go of the GIL and takes it back. In a
    server whose event loop and Gradio queue hold the GIL most of the time, every take-back can wait the
    interpreter's whole switch interval (5 ms): a 25 ms question took 1.0 s beside one busy Python thread
    (``python -m benchmarks.gil``). In a process of its own the forward pass has a GIL of its own; the
    server's thread sends the texts down a pipe and waits, letting go of its GIL once.

    The child starts at once and loads the model while the server loads the index. Concurrent questions
    still share a batch (``_Coalescer``). If the child dies (killed, out of memory) or hangs past
    ``answer_timeout``, the call starts a new one and retries once, so the chat recovers by itself.
    """

    def __init__(self, path: Path, start_timeout: float = 120.0, answer_timeout: float = 30.0) -> None:
        self._path, self._start_timeout, self._answer_timeout = str(path), start_timeout, answer_timeout
        self._lock = threading.Lock()  # one request on the pipe at a time
        self._process = self._conn = None
        self._ready = False
        self._queries = _Coalescer(self.encode)
        with self._lock:
            self._spawn()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(list(texts)).tolist() if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self._queries(text).tolist()

    def encode(self, texts: list[str]) -> np.ndarray:
        """Normalised embeddings, one row per text, from the child (restarted once if it died)."""
        with self._lock:
            for attempt in (1, 2):
                try:
                    if self._process is None or self._process.poll() is not None:
                        self._spawn()
                    self._await_ready()
                    self._conn.send(("encode", list(texts)))
                    if not self._conn.poll(self._answer_timeout):  # hung: treated as dead
                        raise TimeoutError(f"no answer within {self._answer_timeout:g} s")
                    kind, value = self._conn.recv()
                    break
                except (EOFError, OSError) as exc:  # the child died: start another, try once more
                    self._stop()
                    if attempt == 2:
                        raise EncoderUnavailable(f"The encoder process stopped answering ({exc!r}).") from exc
        if kind == "error":
            raise EncoderUnavailable(value)
        return value

    def close(self) -> None:
        """Stop the child (it also stops by itself when this process exits)."""
        with self._lock:
            self._stop()

    def _spawn(self) -> None:
        # A plain ``python -m rag.encoder``, not multiprocessing's spawn: that would re-run the parent's
        # main script in the child (starting a second server if the script has no __main__ guard), and
        # fork would copy the server's threads' locks mid-use. The two ends talk over a socket pair.
        ours, theirs = socket.socketpair()
        package_root = str(Path(__file__).resolve().parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        with theirs:
            self._process = subprocess.Popen([sys.executable, "-m", "rag.encoder", self._path, str(theirs.fileno())],
                                             pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, env=env)
        self._conn = Connection(ours.detach())
        self._ready = False

    def _await_ready(self) -> None:
        if self._ready:
            return
        if not self._conn.poll(self._start_timeout):
            self._stop()
            raise EncoderUnavailable(f"The encoder process did not load the model within {self._start_timeout:.0f} s.")
        kind, value = self._conn.recv()
        if kind == "error":
            self._stop()
            raise EncoderUnavailable(f"The encoder process could not load the model: {value}")
        self._ready = True

    def _stop(self) -> None:
        if self._conn is not None:
            self._conn.close()
        if self._process is not None:
            self._process.kill()
            self._process.wait(timeout=5)
        self._process = self._conn = None
        self._ready = False


def _encoder_main(conn, path: str) -> None:
    """The child: load the model, then encode what the parent sends until the pipe closes."""
    try:
        try:
            model = MiniLMEmbeddings(Path(path))
        except Exception as exc:  # noqa: BLE001 - the parent reports it
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
            return
        conn.send(("ready", None))
        while True:
            _, texts = conn.recv()
            try:
                result = ("ok", model.encode(texts))
            except Exception as exc:  # noqa: BLE001 - one bad batch must not end the encoder
                result = ("error", f"{type(exc).__name__}: {exc}")
            conn.send(result)
    except (EOFError, OSError):  # the parent is gone (or closed its end): nothing left to do
        return


if __name__ == "__main__":  # the child of EncoderProcess: python -m rag.encoder MODEL_PATH SOCKET_FD
    _encoder_main(Connection(int(sys.argv[2])), sys.argv[1])
