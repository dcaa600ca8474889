"""Holding up: a Chroma server, many articles, faults, arbitrary input, and no outbound traffic."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from rag.answer import Answer
from rag.chain import Pipeline, QuestionError
from rag.corpus import strip_ws
from rag.index import open_index
from rag.ingest import ingest
from tests.conftest import ARTICLE, ROOT
from tests.fakes import BagOfWordsEmbeddings
from tests.support.servers import chroma_server

HARBOUR_A = """Harbour news

The Old Bridge in Port Elm opened in 1998, the city archive says. It carries 4,000 cars a day.
"""
HARBOUR_B = """# Port Elm bridge history

The Old Bridge in Port Elm opened in 2004, according to the mayor's office. Its toll was removed in 2019.
"""
RIVER_HTML = """<html><head><title>River report</title><style>p{color:red}</style></head><body>
<h1>River levels fall</h1><p>The Sava river fell to 80 centimetres on Monday. Barges &amp; ferries stopped.</p>
<script>document.write("not text")</script></body></html>"""


@pytest.fixture
def many(settings):
    (settings.corpus_dir / "harbour-a.txt").write_text(HARBOUR_A, encoding="utf-8")
    (settings.corpus_dir / "harbour-b.md").write_text(HARBOUR_B, encoding="utf-8")
    (settings.corpus_dir / "river.html").write_text(RIVER_HTML, encoding="utf-8")
    return settings


# --- Chroma server mode -------------------------------------------------------------------------------

@pytest.mark.slow
def test_ingest_and_ask_through_a_chroma_server(tmp_path, many, fake_embeddings):
    with chroma_server(tmp_path / "chroma-server") as url:
        remote = many.model_copy(update={"chroma_url": url})
        report = ingest(remote, fake_embeddings, progress=False)
        assert len(report.added) == 4
        assert not ingest(remote, fake_embeddings, progress=False).changed
        answer = Pipeline.load(remote, fake_embeddings).ask("How far did the Sava river fall on Monday?")
        assert answer.citations[0].source == "corpus/river.html"
        assert not (many.data_dir / "chroma").exists()  # nothing was written locally


# --- many articles -----------------------------------------------------------------------------------

def test_each_answer_cites_the_file_it_quotes(many, fake_embeddings):
    ingest(many, fake_embeddings, progress=False)
    pipeline = Pipeline.load(many, fake_embeddings)
    raws = {f"corpus/{p.name}": p.read_bytes().decode() for p in many.corpus_dir.iterdir()}
    cases = {"How far did the Sava river fall on Monday?": "corpus/river.html",
             "How many missiles has Russia launched into Ukraine?": f"corpus/{ARTICLE.name}",
             "When was the Old Bridge toll removed?": "corpus/harbour-b.md"}
    for question, source in cases.items():
        answer = pipeline.ask(question)
        assert answer.citations and answer.citations[0].source == source, question
        for c in answer.citations:
            span = raws[c.source][c.start : c.end]
            if c.source.endswith(".html"):
                span = span.replace("&amp;", "&")
            assert strip_ws(span) == strip_ws(c.quote)


def test_articles_that_disagree_each_cite_their_own_claim(many, fake_embeddings):
    ingest(many, fake_embeddings, progress=False)
    answer = Pipeline.load(many, fake_embeddings).ask("When did the Old Bridge in Port Elm open?")
    assert answer.citations
    for c in answer.citations:
        year = "1998" if c.source == "corpus/harbour-a.txt" else "2004"
        assert year in c.quote and c.source in ("corpus/harbour-a.txt", "corpus/harbour-b.md")
    assert "1998" in answer.answer or "2004" in answer.answer


def test_what_another_article_says_does_not_answer_for_this_one(many):
    """The refusal signals read the quoted article's words: a name or a number that only some other
    article uses does not make this one say it."""
    (many.corpus_dir / "shipping.txt").write_text(
        "Shipping notes\n\nIn August, 1,650 containers left the port of Tirsk on Monday.\n", encoding="utf-8")
    embeddings = BagOfWordsEmbeddings(dim=1 << 16)  # few enough hash collisions that words stay apart
    ingest(many, embeddings, progress=False)
    pipeline = Pipeline.load(many, embeddings)
    for question in ("How many missiles has Russia launched into Ukraine since August?",
                     "Why did Russia launch 1,650 North Korean missiles into Ukraine?"):
        answer = pipeline.ask(question)
        assert answer.refused and not answer.citations, question
    answer = pipeline.ask("How many containers left the port of Tirsk in August?")
    assert not answer.refused and answer.citations[0].source == "corpus/shipping.txt"


def test_html_scripts_and_styles_are_not_indexed(many, fake_embeddings):
    ingest(many, fake_embeddings, progress=False)
    texts = [s.text for s in open_index(many, fake_embeddings).sentences if s.source == "corpus/river.html"]
    assert texts == ["River levels fall", "The Sava river fell to 80 centimetres on Monday.",
                     "Barges & ferries stopped."]


def test_a_file_replaced_while_serving_is_picked_up_by_ingest(many, fake_embeddings):
    ingest(many, fake_embeddings, progress=False)
    serving = Pipeline.load(many.model_copy(update={"index_check_seconds": 0}), fake_embeddings)
    question = "How far did the Sava river fall on Monday?"
    assert "80 centimetres" in serving.ask(question).answer
    (many.corpus_dir / "river.html").write_text(RIVER_HTML.replace("80 centimetres", "55 centimetres"))
    report = ingest(many, fake_embeddings, progress=False)
    assert report.updated == ["corpus/river.html"]
    assert "55 centimetres" in serving.ask(question).answer  # switched over without a restart
    ingest(many, fake_embeddings, rebuild=True, progress=False)  # drops the generation it was reading
    assert "55 centimetres" in serving.ask(question).answer


# --- faults ------------------------------------------------------------------------------------------

def _rag(settings, *args):
    """Run the CLI in a fresh process (Chroma caches clients per process, as a real restart would not)."""
    env = {**os.environ, "RAG_CORPUS_DIR": str(settings.corpus_dir), "RAG_DATA_DIR": str(settings.data_dir)}
    return subprocess.run([sys.executable, "-m", "rag.cli", *args], env=env, capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


@pytest.mark.slow
def test_deleted_index_says_what_to_run(settings):
    import shutil

    assert _rag(settings, "ingest", "--quiet").returncode == 0
    shutil.rmtree(settings.data_dir)
    done = _rag(settings, "ask", "How many missiles?")
    assert done.returncode == 1 and "No index yet. Run `rag ingest`" in done.stderr


@pytest.mark.slow
def test_corrupted_index_is_named_and_rebuilt_without_losing_the_old_files(settings):
    assert _rag(settings, "ingest", "--quiet").returncode == 0
    for path in (settings.data_dir / "chroma").rglob("*.sqlite3"):
        path.write_bytes(b"\0garbage" * 64)
    done = _rag(settings, "ask", "How many missiles?")
    assert done.returncode == 1 and "is damaged" in done.stderr and "rag ingest --rebuild" in done.stderr
    assert _rag(settings, "ingest", "--rebuild", "--quiet").returncode == 0
    assert list(settings.data_dir.glob("chroma.damaged-*"))  # set aside, not deleted
    done = _rag(settings, "ask", "How many missiles has Russia launched into Ukraine?")
    assert done.returncode == 0 and "65" in done.stdout


# --- arbitrary input ---------------------------------------------------------------------------------

@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=st.one_of(st.text(), st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=3000),
                          st.text(alphabet="\x00\x01\x1b\n\t <>&;\"'[]{}()", max_size=50)),
       history=st.lists(st.fixed_dictionaries({"role": st.sampled_from(["user", "assistant"]),
                                               "content": st.text(max_size=200)}), max_size=4))
def test_any_input_gives_an_answer_or_a_clear_error(fake_pipeline, question, history):
    try:
        answer = fake_pipeline.ask(question, history)
    except QuestionError as exc:
        assert str(exc).endswith(".") and len(str(exc)) < 300
        return
    assert isinstance(answer, Answer)
    assert answer.refused == (not answer.citations)
    json.dumps(answer.to_dict())


# --- offline -----------------------------------------------------------------------------------------

@pytest.mark.slow
def test_ingest_and_ask_make_no_outbound_connection(settings, tmp_path):
    """The real model loads and answers with a guard that fails any non-loopback connection."""
    log = tmp_path / "blocked.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tests" / "support" / "offline"),
           "OFFLINE_GUARD_LOG": str(log), "RAG_CORPUS_DIR": str(settings.corpus_dir),
           "RAG_DATA_DIR": str(settings.data_dir)}
    env.pop("HF_HUB_OFFLINE", None)  # the product must set it itself
    rag = [sys.executable, "-m", "rag.cli"]
    check = subprocess.run([sys.executable, "-c", "import socket; socket.create_connection(('10.1.2.3', 80), 1)"],
                           env=env, capture_output=True, text=True)
    assert "offline guard: blocked" in check.stderr  # the guard is really active in the child
    log.unlink()
    for args in (["ingest", "--quiet"], ["ask", "How many missiles has Russia launched into Ukraine?", "--json"]):
        done = subprocess.run(rag + args, env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)
        assert done.returncode == 0, done.stderr
    assert "65" in json.loads(done.stdout)["answer"]
    assert not log.exists(), log.read_text()
