"""In-process measurements: warm latency and eval scores, corpus growth, ingest against raw encoding.

Every timed figure is taken ``repeats`` times after one unmeasured warm-up and reported as the median of
the runs, beside their spread. Latency is wall-clock time around one call of ``ask`` (for our pipeline,
``Pipeline.ask``, which is what ``rag.ask`` calls), the same clock for every pipeline.

Pipelines that are compared (ours and the peer; one corpus size and the next) are timed *interleaved*:
each question goes to every pipeline in turn before the next question. On a shared machine the load
drifts by the minute; interleaving makes the drift fall on all of them alike, so their ratio holds
even when the absolute figures move.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from langchain_core.embeddings import Embeddings

from evals.metrics import source_reader
from evals.runner import score
from evals.schema import GoldItem
from rag.corpus import load_corpus, strip_ws
from rag.settings import Settings

Ask = Callable[[str, list], dict]  # (question, history) -> the ``rag ask --json`` object


def percentile(values: Sequence[float], q: int) -> float:
    """The ``q``-th percentile, interpolated as ``evals.metrics`` does (``statistics.quantiles``, inclusive).

    >>> percentile([10, 20, 30, 40], 50)
    25.0
    """
    values = sorted(values)
    if len(values) == 1:
        return float(values[0])
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def spread(values: Sequence[float]) -> dict:
    """Median of repeated runs, with the runs' min, max and count."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": len(values)}


def load() -> list[float]:
    """The 1, 5 and 15 minute load averages, rounded: printed beside every figure."""
    return [round(x, 2) for x in os.getloadavg()]


def ask_of(pipeline) -> Ask:
    """Our pipeline as an ``Ask``: ``Pipeline.ask(question, history).to_dict()``, as ``rag.ask`` answers."""
    return lambda question, history: pipeline.ask(question, history).to_dict()


def answer_one(item: GoldItem, ask: Ask) -> dict:
    """The answer dict for one gold item, as ``evals.runner.predict`` makes it, timed by the wall clock.

    A question the pipeline rejects (``QuestionError``) counts as a refusal, and its time counts too.
    """
    from rag.chain import QuestionError

    history = [t.model_dump() for t in item.history]
    started = time.perf_counter()
    try:
        answer = ask(item.question, history)
    except QuestionError as exc:
        answer = {"question": item.question, "answer": str(exc), "refused": True, "citations": [],
                  "retrieved": []}
    return {**answer, "latency_ms": round((time.perf_counter() - started) * 1000, 3)}


def interleaved_passes(asks: dict[str, Ask], items: Sequence[GoldItem], *, repeats: int):
    """A warm-up pass for each pipeline, then ``repeats`` passes putting each question to all in turn.

    Returns ``(passes, predictions)``: per name, the latency summary of every pass, and the answers of
    the last pass. The order in which the pipelines get a question rotates, so none is always first.
    """
    for ask in asks.values():
        for item in items:
            answer_one(item, ask)  # warm-up: caches, lazy imports, the first torch calls
    names = list(asks)
    passes: dict[str, list[dict]] = {name: [] for name in names}
    predictions: dict[str, dict[str, dict]] = {}
    for _ in range(repeats):
        predictions = {name: {} for name in names}
        for i, item in enumerate(items):
            for name in names[i % len(names):] + names[: i % len(names)]:
                predictions[name][item.id] = answer_one(item, asks[name])
        for name in names:
            ms = [p["latency_ms"] for p in predictions[name].values()]
            passes[name].append({"p50": percentile(ms, 50), "p95": percentile(ms, 95),
                                 "mean": statistics.fmean(ms)})
    return passes, predictions


def cited_evidence_share(items: Sequence[GoldItem], predictions: dict[str, dict]) -> float | None:
    """Lenient citation precision: of the citations on items with evidence, the share that *contain* one.

    The eval's ``citation_precision`` asks for the quote to *be* an evidence sentence, which a chunk
    never is; this asks only that the cited text holds one (whitespace ignored), so chunks get their due.
    """
    hits = []
    for item in items:
        prediction = predictions[item.id]
        if not item.evidence or prediction["refused"]:
            continue
        evidence = [strip_ws(e) for e in item.evidence]
        hits += [any(e in strip_ws(c["quote"]) for e in evidence) for c in prediction["citations"]]
    return round(sum(hits) / len(hits), 4) if hits else None


def latency_and_scores(asks: dict[str, tuple[Ask, Path]], items: Sequence[GoldItem], *, repeats: int) -> dict:
    """Per name: latency p50/p95/mean over the gold questions and the eval metrics of the last pass.

    ``asks`` maps a name to the pipeline's ``ask`` and the corpus folder its citations point into.
    """
    load_before = load()
    passes, predictions = interleaved_passes({n: a for n, (a, _) in asks.items()}, items, repeats=repeats)
    load_after = load()
    out = {}
    for name, (_, corpus_dir) in asks.items():
        answered = [p["answer"] for p in predictions[name].values() if not p["refused"]]
        out[name] = {
            "p50_ms": spread([p["p50"] for p in passes[name]]),
            "p95_ms": spread([p["p95"] for p in passes[name]]),
            "mean_ms": spread([p["mean"] for p in passes[name]]),
            "questions": len(items),
            "metrics": score(list(items), predictions[name], source_reader(corpus_dir))["all"],
            "cited_evidence_share": cited_evidence_share(items, predictions[name]),
            "answer_chars_median": statistics.median(len(a) for a in answered) if answered else None,
            "load": [load_before, load_after],
        }
    return out


def growth(sizes: Sequence[int], real: Sequence[Path], items: Sequence[GoldItem], workdir: Path,
           embeddings: Embeddings, settings: Settings, *, repeats: int, ingest_repeats: int, compare_at: int,
           log: Callable[[str], None] = print) -> tuple[list[dict], dict]:
    """Per corpus size: fresh ingest time, index load time, query p50/p95, answer accuracy.

    Corpus ``n`` is the ``real`` article(s) plus synthetic ones up to ``n`` (``benchmarks.synthetic``),
    so the gold questions keep their answers among the distractors. Ingests of up to 5,000 sentences
    run ``ingest_repeats`` times; a bigger one runs once (it is minutes of encoding on two cores). The
    query timings of all sizes are interleaved, question by question.

    At size ``compare_at``, each ingest is followed by a plain ``SentenceTransformer.encode`` of the same
    sentences (same model folder, batch size and normalisation): the second value returned compares
    the two throughputs.
    """
    from benchmarks.synthetic import write_corpus
    from rag.chain import Pipeline
    from rag.ingest import ingest

    warm = write_corpus(workdir / "warm-up" / "corpus", 3)  # Chroma and the encoder's first batches
    ingest(settings.model_copy(update={"corpus_dir": warm, "data_dir": workdir / "warm-up" / "data"}),
           embeddings, progress=False)
    rows, asks, comparison = [], {}, {}
    for n in sizes:
        load_before = load()
        corpus = write_corpus(workdir / f"growth-{n}" / "corpus", n, real=real)
        texts = [s.text for d in load_corpus(corpus) for s in d.sentences]
        runs = []
        for r in range(ingest_repeats if len(texts) <= 5000 else 1):
            run_settings = settings.model_copy(update={"corpus_dir": corpus,
                                                       "data_dir": workdir / f"growth-{n}" / f"data-{r}"})
            runs.append({"ingest_s": ingest(run_settings, embeddings, progress=False).seconds})
            if n == compare_at:
                runs[-1]["raw_s"] = raw_encode_seconds(texts, settings)
        started = time.perf_counter()
        pipeline = Pipeline.load(run_settings, embeddings)
        seconds = [r["ingest_s"] for r in runs]
        rows.append({"articles": n, "sentences": len(texts), "ingest_s": spread(seconds),
                     "ingest_rate": len(texts) / statistics.median(seconds),
                     "index_load_s": time.perf_counter() - started, "load_ingest": [load_before, load()]})
        asks[str(n)] = (ask_of(pipeline), corpus)
        if n == compare_at:
            comparison = _comparison(len(texts), runs, n) | {"load": [load_before, load()]}
        log(f"  {n:>5} articles, {len(texts):>6} sentences: ingest {rows[-1]['ingest_s']['median']:.1f} s")
    log(f"  query latency at {', '.join(asks)} articles, interleaved ...")
    timings = latency_and_scores(asks, items, repeats=repeats)
    for row in rows:
        timing = timings[str(row["articles"])]
        row.update(p50_ms=timing["p50_ms"], p95_ms=timing["p95_ms"], load=timing["load"],
                   answer_accuracy=timing["metrics"]["answer_accuracy"],
                   refusal_accuracy=timing["metrics"]["refusal_accuracy"])
    return rows, comparison


_encoders: dict[str, object] = {}


def raw_encode_seconds(texts: list[str], settings: Settings) -> float:
    """Seconds to ``SentenceTransformer.encode`` ``texts`` with the ingest's batch size and normalisation."""
    from sentence_transformers import SentenceTransformer

    from rag.embeddings import model_path

    path = str(model_path(settings))
    if path not in _encoders:
        _encoders[path] = SentenceTransformer(path, device="cpu")
        _encoders[path].encode(texts[:128], batch_size=settings.embedding_batch_size)  # warm-up
    started = time.perf_counter()
    _encoders[path].encode(texts, batch_size=settings.embedding_batch_size, normalize_embeddings=True,
                           show_progress_bar=False)
    return time.perf_counter() - started


def _comparison(sentences: int, runs: list[dict], articles: int) -> dict:
    ingest_rate = [sentences / r["ingest_s"] for r in runs]
    raw_rate = [sentences / r["raw_s"] for r in runs]
    return {
        "documents": articles, "sentences": sentences,
        "ingest_s": spread([r["ingest_s"] for r in runs]), "raw_encode_s": spread([r["raw_s"] for r in runs]),
        "ingest_rate": spread(ingest_rate), "raw_rate": spread(raw_rate),
        "ratio": spread([i / r for i, r in zip(ingest_rate, raw_rate, strict=True)]),
    }
