"""The benchmark's parts work: synthetic corpora, the tutorial peer, interleaved timing, the report.

No test here asserts how long anything takes: times depend on the machine and its load.
"""

from __future__ import annotations

import json

import pytest

from benchmarks import measure, processes, report, synthetic
from evals.metrics import offsets_valid, source_reader
from evals.schema import load_gold
from rag.corpus import load_corpus, parse_document, strip_ws
from tests.conftest import ARTICLE, ROOT

GOLD = ROOT / "evals" / "gold.jsonl"
ANSWER_KEYS = {"question", "answer", "refused", "citations", "retrieved", "latency_ms"}


# --- synthetic corpora -----------------------------------------------------------------------------


def test_synthetic_articles_are_deterministic_and_nested(tmp_path):
    assert synthetic.article(5) == synthetic.article(5)
    assert synthetic.article(5) != synthetic.article(6)
    small = synthetic.write_corpus(tmp_path / "a" / "corpus", 3, real=[ARTICLE])
    large = synthetic.write_corpus(tmp_path / "b" / "corpus", 10, real=[ARTICLE])
    assert {p.name for p in small.iterdir()} == {ARTICLE.name, "synthetic-0001.txt", "synthetic-0002.txt"}
    assert len(list(large.iterdir())) == 10
    for path in small.iterdir():  # the smaller corpus is the start of the larger one, byte for byte
        assert path.read_bytes() == (large / path.name).read_bytes()


@pytest.mark.parametrize("index", [1, 2, 50, 999])
def test_a_synthetic_article_reads_as_news_sentences_with_valid_offsets(index):
    raw = synthetic.article(index)
    doc = parse_document("corpus/s.txt", raw)
    assert doc.sentences[0].kind == "headline" and doc.sentences[-1].kind == "attribution"
    assert 15 <= len(doc.sentences) <= 20
    for s in doc.sentences:
        assert strip_ws(raw[s.start : s.end]) == strip_ws(s.text)
    assert all(8 <= len(s.text.split()) <= 40 for s in doc.sentences if s.kind == "body")


# --- the peer --------------------------------------------------------------------------------------


@pytest.fixture
def peer(corpus_dir, fake_embeddings):
    pytest.importorskip("langchain_text_splitters")
    from benchmarks.peer import TutorialPipeline

    return TutorialPipeline.build(corpus_dir, fake_embeddings)


def test_peer_chunks_point_into_the_raw_file(corpus_dir):
    pytest.importorskip("langchain_text_splitters")
    from benchmarks.peer import CHUNK_SIZE, split_corpus

    raw = ARTICLE.read_bytes().decode("utf-8")
    chunks = split_corpus(corpus_dir)
    assert len(chunks) > 1 and all(len(c.page_content) <= CHUNK_SIZE for c in chunks)
    for chunk in chunks:
        assert chunk.metadata["source"] == f"corpus/{ARTICLE.name}"
        assert raw[chunk.metadata["start"] : chunk.metadata["end"]] == chunk.page_content


def test_peer_answers_in_the_shape_of_rag_ask_with_valid_citations(peer, corpus_dir):
    answer = peer.ask("How many North Korean missiles has Russia launched into Ukraine?")
    assert set(answer) == ANSWER_KEYS and answer["refused"] is False
    assert answer["answer"] == answer["citations"][0]["quote"]
    assert [c["n"] for c in answer["citations"]] == list(range(1, min(4, peer.chunks) + 1))
    read = source_reader(corpus_dir)
    assert all(offsets_valid(c, read) for c in answer["citations"])


@pytest.mark.slow
def test_peer_with_the_real_model_finds_the_containers_chunk(corpus_dir, real_embeddings):
    pytest.importorskip("langchain_text_splitters")
    from benchmarks.peer import TutorialPipeline

    peer = TutorialPipeline.build(corpus_dir, real_embeddings)
    answer = peer.ask("How many containers of munitions has Russia received from North Korea?")
    assert "16,500" in answer["answer"]
    assert all(offsets_valid(c, source_reader(corpus_dir)) for c in answer["citations"])


# --- measuring -------------------------------------------------------------------------------------


def test_percentile_matches_the_eval_metrics():
    from evals.metrics import compute

    items = load_gold(GOLD)[:7]
    latencies = [5.0, 1.0, 9.0, 3.0, 7.0, 2.0, 8.0]
    predictions = {i.id: {"question": i.question, "answer": "", "refused": True, "citations": [],
                          "retrieved": [], "latency_ms": ms} for i, ms in zip(items, latencies, strict=True)}
    metrics = compute(items, predictions, lambda source: None)
    assert round(measure.percentile(latencies, 50), 2) == metrics["latency_p50_ms"]
    assert round(measure.percentile(latencies, 95), 2) == metrics["latency_p95_ms"]


def test_interleaved_passes_put_each_question_to_every_pipeline_in_rotating_order():
    items = load_gold(GOLD)[:4]
    calls: list[str] = []

    def asker(name):
        def ask(question, history):
            calls.append(name)
            return {"question": question, "answer": name, "refused": False, "citations": [], "retrieved": []}
        return ask

    passes, predictions = measure.interleaved_passes({"a": asker("a"), "b": asker("b")}, items, repeats=2)
    assert calls[:8] == ["a"] * 4 + ["b"] * 4  # one warm-up pass each
    assert calls[8:16] == ["a", "b", "b", "a", "a", "b", "b", "a"]
    assert len(passes["a"]) == len(passes["b"]) == 2
    assert set(predictions["b"]) == {i.id for i in items}
    assert all(p["answer"] == "b" and p["latency_ms"] >= 0 for p in predictions["b"].values())


def test_lenient_citation_precision_counts_chunks_that_hold_evidence():
    item = next(i for i in load_gold(GOLD) if i.answerable is True)
    chunk = "Some text before. " + item.evidence[0].replace(" ", "\n", 1) + " And after."
    prediction = {"refused": False, "citations": [{"quote": chunk}, {"quote": "Nothing relevant."}]}
    assert measure.cited_evidence_share([item], {item.id: prediction}) == 0.5


def test_growth_runs_end_to_end_on_fake_embeddings(tmp_path, settings, fake_embeddings):
    items = load_gold(GOLD)[:3]
    rows, comparison = measure.growth([1, 3], [ARTICLE], items, tmp_path, fake_embeddings, settings,
                                      repeats=1, ingest_repeats=1, compare_at=0,
                                      log=lambda message: None)
    assert [r["articles"] for r in rows] == [1, 3]
    written = load_corpus(tmp_path / "growth-3" / "corpus")
    assert rows[1]["sentences"] == sum(len(d.sentences) for d in written)
    assert all(r["p50_ms"]["runs"] == 1 and r["ingest_s"]["median"] > 0 for r in rows)
    assert comparison == {}  # no size was chosen for the raw-encode comparison


def test_serving_is_skipped_with_a_note_when_app_py_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(processes, "ROOT", tmp_path)
    result = processes.serve_app(tmp_path, tmp_path, tmp_path, [], repeats=1)
    assert result == {"skipped": "not measured: app.py missing"}


# --- the report ------------------------------------------------------------------------------------


def _stat(value: float, runs: int = 3) -> dict:
    return {"median": value, "min": value * 0.9, "max": value * 1.1, "runs": runs}


def _results() -> dict:
    metrics = {"answer_accuracy": 0.9, "citation_precision": 0.8, "token_f1": 0.5, "refusal_accuracy": 0.7,
               "offset_validity": 1.0}
    load = [[1.0, 1.0, 1.0]] * 2
    row = {"p50_ms": _stat(40.0), "p95_ms": _stat(90.0), "mean_ms": _stat(50.0), "questions": 79,
           "metrics": metrics, "cited_evidence_share": 0.8, "answer_chars_median": 200, "load": load}
    peer = row | {"p50_ms": _stat(20.0), "metrics": metrics | {"citation_precision": 0.0}, "chunks": 4}
    growth = [{"articles": n, "sentences": 18 * n, "ingest_s": _stat(n / 10), "ingest_rate": 100.0,
               "index_load_s": 0.1, "p50_ms": _stat(40.0 + n / 100), "p95_ms": _stat(90.0),
               "answer_accuracy": 0.9, "refusal_accuracy": 0.7, "load": load, "load_ingest": load}
              for n in (1, 10, 100, 1000)]
    ingest = {"documents": 100, "sentences": 1800, "ingest_s": _stat(10.0), "raw_encode_s": _stat(8.0),
              "ingest_rate": _stat(180.0), "raw_rate": _stat(225.0), "ratio": _stat(0.8), "load": load}
    return {
        "command": "python -m benchmarks", "seconds": 600.0,
        "machine": {"date": "today", "cores": 2, "cpu": "test CPU", "python": "3.11", "torch": "2",
                    "torch_threads": 2, "chromadb": "1", "sentence_transformers": "6", "text_splitters": "1",
                    "load_start": [1.0, 1.0, 1.0], "load_end": [2.0, 2.0, 2.0]},
        "ours": row, "peer": peer, "growth": growth, "ingest": ingest,
        "cold_start": {"skipped": "not measured: test"}, "serve": {"skipped": "not measured: app.py missing"},
    }


def test_report_shows_targets_verdicts_the_peer_and_what_was_not_measured(tmp_path):
    results = _results()
    text = report.markdown(results)
    assert "Regenerate with `python -m benchmarks`" in text
    assert "| warm latency p50, `rag.ask` over 79 gold questions | ≤ 100 ms | 40.0 ms (36.0–44.0, 3 runs) " \
           "| **met** |" in text
    assert "| ingest throughput / raw encode throughput | ≥ 70% | 80 %" in text
    assert "| query p50 at 1,000 articles / at 1 | ≤ 2× | 1.25 ×" in text
    assert "| latency p50 (ms) | 40.0 | 20.0 | 2.00 |" in text
    assert "— (peer 0)" in text  # no ratio against a zero
    assert "not measured: app.py missing" in text and "not measured: test" in text
    assert report.headline(results)["cold_start"] is None


def test_report_writes_a_png_chart(tmp_path):
    pytest.importorskip("matplotlib")
    md, png = report.write(_results(), tmp_path / "out")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "![benchmark chart](chart.png)" in md.read_text(encoding="utf-8")
    json.dumps(_results())  # the results dict is what results.json holds
