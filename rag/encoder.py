"""A NumPy forward pass of the packaged MiniLM, for fast start-up on the question path.

``import sentence_transformers`` costs 5-10 s (torch, transformers, sklearn). Answering a question needs
only one short forward pass of a 6-layer BERT, which NumPy does in milliseconds after importing in a
fraction of a second. ``MiniLMEmbeddings`` reads the same ``model.safetensors`` and ``tokenizer.json``
and reproduces sentence-transformers' output (mean pooling, L2 norm); ``tests/test_encoder.py`` checks
the two agree to 1e-4 cosine. Ingest keeps using ``HuggingFaceEmbeddings`` for its batched throughput.
"""

from __future__ import annotations

import json
import math
import threading
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
