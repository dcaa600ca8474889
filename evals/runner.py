"""``rag eval``: run every gold item through ``rag.ask``, score it, write the reports, apply the gate.

Each item is asked in a fresh conversation seeded with its ``history``. Outputs in ``--out``:
``predictions.jsonl`` (``{"id"}`` + the ``rag ask --json`` object), ``metrics.json``, ``report.md`` and
``report.html``. With the gate on, the exit code is 1 when a metric crosses its threshold in
``evals/thresholds.toml``.
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path
from typing import Callable

from evals import metrics as m
from evals.report import write_html, write_markdown
from evals.schema import GoldFileError, GoldItem, load_gold

SPLITS = ("all", "dev", "test")


def predict(items: list[GoldItem], ask: Callable) -> dict[str, dict]:
    """item id -> the ``rag ask --json`` object of its answer (a rejected question counts as a refusal)."""
    from rag.chain import QuestionError

    out = {}
    for item in items:
        try:
            out[item.id] = ask(item.question, [t.model_dump() for t in item.history]).to_dict()
        except QuestionError as exc:
            out[item.id] = {"question": item.question, "answer": str(exc), "refused": True, "citations": [],
                            "retrieved": [], "latency_ms": 0.0}
    return out


def score(items: list[GoldItem], predictions: dict[str, dict], read_source) -> dict:
    """Metrics per split, and pass rates per category and split."""
    by_split = {"all": items, "dev": [i for i in items if i.split == "dev"],
                "test": [i for i in items if i.split == "test"]}
    result = {split: m.compute(group, predictions, read_source) for split, group in by_split.items() if group}
    categories: dict[str, dict] = {}
    for item in items:
        passed = not m.failures(item, predictions[item.id], read_source)
        for split in ("all", item.split):
            cell = categories.setdefault(item.category, {}).setdefault(split, [0, 0])
            cell[0] += passed
            cell[1] += 1
    result["categories"] = categories
    return result


def check_gate(metrics: dict, thresholds: dict) -> list[str]:
    """Messages for every metric that crosses its threshold (empty: the gate passes).

    ``thresholds`` is ``{"min": {split: {metric: value}}, "max": {split: {metric: value}}}``.
    """
    problems = []
    for bound, splits in thresholds.items():
        for split, limits in splits.items():
            for name, limit in limits.items():
                value = metrics.get(split, {}).get(name)
                if value is None:
                    problems.append(f"{split}.{name}: not measured (threshold {limit})")
                elif (bound == "min" and value < limit) or (bound == "max" and value > limit):
                    word = "below the minimum" if bound == "min" else "above the maximum"
                    problems.append(f"{split}.{name} = {value} is {word} {limit}")
    return problems


def evaluate(gold: str | Path, out: str | Path, ask: Callable, corpus_dir: Path) -> tuple[dict, list[GoldItem], dict]:
    """Run, score and write everything; return (metrics, items, predictions)."""
    items = load_gold(gold)
    predictions = predict(items, ask)
    read_source = m.source_reader(corpus_dir)
    metrics = score(items, predictions, read_source)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "predictions.jsonl", "w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps({"id": item.id, **predictions[item.id]}, ensure_ascii=False) + "\n")
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    write_markdown(out / "report.md", items, predictions, metrics, read_source, gold=str(gold))
    write_html(out / "report.html", items, predictions, metrics, read_source, gold=str(gold))
    return metrics, items, predictions


def load_thresholds(path: str | Path) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def main(gold: str, out: str, gate: bool = True, thresholds: str = "evals/thresholds.toml",
         ask: Callable | None = None) -> int:
    """CLI body of ``rag eval``; returns the exit code."""
    from rag.settings import Settings

    if ask is None:
        import rag

        ask = rag.ask
    try:
        metrics, _, _ = evaluate(gold, out, ask, Settings().corpus_dir)
    except GoldFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    headline = ["answer_accuracy", "citation_precision", "citation_recall", "refusal_accuracy", "offset_validity"]
    for split in SPLITS:
        if split in metrics:
            print(f"{split:>5}: " + "  ".join(f"{k}={metrics[split][k]}" for k in headline))
    print(f"Reports written to {out}/report.md and {out}/report.html")
    if not gate:
        return 0
    problems = check_gate(metrics, load_thresholds(thresholds))
    for p in problems:
        print(f"GATE FAILED: {p}", file=sys.stderr)
    if not problems:
        print("Gate passed.")
    return 1 if problems else 0
