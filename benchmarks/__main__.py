"""``python -m benchmarks``: run every measurement once on this machine and write RESULTS.md and chart.png.

    python -m benchmarks            # full run (~10 minutes on 2 cores), writes benchmarks/RESULTS.md
    python -m benchmarks --quick    # smoke run: sizes 1, 10, 100, fewer repeats, writes benchmarks/out/

Everything is built in a temporary folder: the index of the real article, the synthetic corpora and
their indexes. Nothing in ``.rag/`` or ``corpus/`` is touched. Raw figures go to ``<out>/results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Plan:
    """How much to measure: repeats of each timed figure (after one warm-up) and the growth sizes."""

    repeats: int = 5  # timed passes over the gold questions
    ingest_repeats: int = 3  # ingests of each growth corpus of up to 5,000 sentences (a bigger one: once)
    process_repeats: int = 3  # fresh processes (cold start, app.py)
    sizes: tuple[int, ...] = (1, 10, 100, 1000)
    compare_at: int = 100  # growth size whose ingests are each followed by a raw encode of the same sentences


QUICK = Plan(repeats=2, ingest_repeats=1, process_repeats=1, sizes=(1, 10, 100))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: sizes 1, 10, 100 and fewer repeats")
    parser.add_argument("--out", type=Path, help="folder for RESULTS.md, chart.png and results.json "
                                                  "(default: benchmarks/, or benchmarks/out/ with --quick)")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus", help="the real article(s)")
    parser.add_argument("--gold", type=Path, default=ROOT / "evals" / "gold.jsonl", help="the gold questions")
    parser.add_argument("--sizes", type=lambda s: tuple(int(x) for x in s.split(",")),
                        help="growth corpus sizes, comma-separated (default 1,10,100,1000)")
    return parser


def machine(load_start: list[float]) -> dict:
    """What the figures were measured on: cores, CPU, versions, threads, load."""
    from importlib.metadata import PackageNotFoundError, version

    import chromadb
    import sentence_transformers
    import torch

    try:
        splitters = version("langchain-text-splitters")
    except PackageNotFoundError:
        try:
            import langchain_text_splitters  # noqa: F401

            splitters = "present (version unknown)"
        except ImportError:
            splitters = "not installed"
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(), "cpu": cpu, "python": platform.python_version(), "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(), "chromadb": chromadb.__version__,
        "sentence_transformers": sentence_transformers.__version__, "text_splitters": splitters,
        "load_start": load_start,
    }


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def run(plan: Plan, corpus: Path, gold: Path, log=print) -> dict:
    """Every measurement, in one process and one temporary folder; the results dict ``report`` reads."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from benchmarks import measure, processes
    from benchmarks.peer import PeerUnavailable, TutorialPipeline
    from evals.schema import load_gold
    from rag.chain import Pipeline
    from rag.corpus import DOCUMENT_SUFFIXES
    from rag.embeddings import make_embeddings
    from rag.ingest import ingest
    from rag.settings import Settings

    started = time.perf_counter()
    results: dict = {"plan": asdict(plan), "machine": machine(measure.load())}
    items = load_gold(gold)
    real = sorted(p for p in corpus.iterdir() if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
    with tempfile.TemporaryDirectory(prefix="rag-bench-") as tmp:
        work = Path(tmp)
        real_corpus = work / "real" / "corpus"
        real_corpus.mkdir(parents=True)
        for path in real:
            shutil.copyfile(path, real_corpus / path.name)
        settings = Settings(corpus_dir=real_corpus, data_dir=work / "real" / "data")
        log("Loading the model and indexing the real article ...")
        embeddings = make_embeddings(settings)
        ingest(settings, embeddings, progress=False)
        pipeline = Pipeline.load(settings, embeddings)

        log(f"Warm latency: ours and the LangChain tutorial pipeline, {len(items)} questions x "
            f"{plan.repeats} passes ...")
        asks = {"ours": (measure.ask_of(pipeline), real_corpus)}
        try:
            peer = TutorialPipeline.build(real_corpus, embeddings)
            asks["peer"] = (peer.ask, real_corpus)
        except PeerUnavailable as exc:
            results["peer"] = {"skipped": f"not measured: {exc}"}
            log(f"  {results['peer']['skipped']}")
        results |= measure.latency_and_scores(asks, items, repeats=plan.repeats)
        if "peer" in asks:
            results["peer"]["chunks"] = peer.chunks

        compare_at = plan.compare_at if plan.compare_at in plan.sizes else max(plan.sizes)
        log(f"Growth: {', '.join(map(str, plan.sizes))} articles; raw encode beside the ingests at "
            f"{compare_at} ...")
        results["growth"], results["ingest"] = measure.growth(
            plan.sizes, real, items, work, embeddings, settings, repeats=plan.repeats,
            ingest_repeats=plan.ingest_repeats, compare_at=compare_at, log=log)

        log(f"Cold start: {plan.process_repeats} fresh processes after a warm-up ...")
        results["cold_start"] = processes.cold_start(settings.data_dir, real_corpus, work, items[0].question,
                                                     repeats=plan.process_repeats)
        log(f"Serving: python app.py, {plan.process_repeats} starts after a warm-up ...")
        results["serve"] = processes.serve_app(settings.data_dir, real_corpus, work, items,
                                               repeats=plan.process_repeats)
        if "skipped" in results["serve"]:
            log(f"  {results['serve']['skipped']}")
    results["machine"]["load_end"] = measure.load()
    results["seconds"] = time.perf_counter() - started
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks and write the report; the exit code is 0 unless a measurement crashed."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(argv)
    plan = QUICK if args.quick else Plan()
    if args.sizes:
        plan = Plan(**{**asdict(plan), "sizes": args.sizes})
    out = args.out or (ROOT / "benchmarks" / ("out" if args.quick else ""))
    log = lambda message: print(message, file=sys.stderr, flush=True)
    results = run(plan, args.corpus, args.gold, log=log)
    results["command"] = " ".join(["python -m benchmarks", *argv])
    from benchmarks.report import headline, write

    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    md, png = write(results, out)
    for name, value in headline(results).items():
        log(f"{name}: {value if value is None else round(value, 3)}")
    log(f"Wrote {md} and {png} in {results['seconds'] / 60:.1f} minutes.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
