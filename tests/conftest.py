"""Shared fixtures: a temporary corpus and data dir, fake and real embeddings, a loaded pipeline."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from rag.settings import Settings  # noqa: E402
from tests.fakes import BagOfWordsEmbeddings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "corpus" / "yonhap-2024-09-russia-munitions-north-korea.txt"


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A corpus folder named ``corpus`` holding a byte-for-byte copy of the article."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copyfile(ARTICLE, folder / ARTICLE.name)
    return folder


@pytest.fixture
def settings(tmp_path: Path, corpus_dir: Path) -> Settings:
    return Settings(corpus_dir=corpus_dir, data_dir=tmp_path / "data")


@pytest.fixture
def fake_embeddings() -> BagOfWordsEmbeddings:
    return BagOfWordsEmbeddings()


def build_fake_pipeline(base: Path):
    """The real pipeline over a copy of the article in ``base``, with bag-of-words embeddings (~1 s)."""
    from rag.chain import Pipeline
    from rag.ingest import ingest

    (base / "corpus").mkdir()
    shutil.copyfile(ARTICLE, base / "corpus" / ARTICLE.name)
    s = Settings(corpus_dir=base / "corpus", data_dir=base / "data")
    embeddings = BagOfWordsEmbeddings()
    ingest(s, embeddings, progress=False)
    return Pipeline.load(s, embeddings)


@pytest.fixture(scope="session")
def fake_pipeline(tmp_path_factory):
    """One fake-embedding pipeline shared by the tests that only read from it."""
    return build_fake_pipeline(tmp_path_factory.mktemp("fake"))


@pytest.fixture(scope="session")
def real_embeddings():
    """The packaged MiniLM, loaded once per test session."""
    from rag.embeddings import make_embeddings

    return make_embeddings(Settings())


@pytest.fixture(scope="session")
def real_pipeline(tmp_path_factory, real_embeddings):
    """The real pipeline over a fresh index of the real article (built once per session)."""
    from rag.chain import Pipeline
    from rag.ingest import ingest

    base = tmp_path_factory.mktemp("real")
    corpus = base / "corpus"
    corpus.mkdir()
    shutil.copyfile(ARTICLE, corpus / ARTICLE.name)
    s = Settings(corpus_dir=corpus, data_dir=base / "data")
    ingest(s, real_embeddings, progress=False)
    return Pipeline.load(s, real_embeddings)
