"""Metrics of one eval run, each computed from predictions and gold alone (no model needed).

Definitions (also in the README and every report):

* **answer_accuracy**: answerable items answered (not refused) where a gold alias appears in the answer
  after SQuAD normalisation (lower case, no punctuation, no articles, folded spaces) and every
  ``must_include`` appears too.
* **token_f1**: SQuAD token F1 of the answer (markers removed) against its best alias, over answerable
  items (a refusal scores 0). Low F1 with high accuracy means answers are right but long.
* **refusal_accuracy**: unanswerable items refused with no citations.
* **false_refusal_rate**: answerable items refused.
* **citation_precision**: of the citations on items that have evidence, the share whose quote is a gold
  evidence sentence.
* **citation_recall**: answerable items citing at least one gold evidence sentence.
* **evidence_recall_at_k** / **mrr**: answerable items with an evidence sentence among the retrieved
  sentences, and the mean reciprocal rank of the first one.
* **offset_validity**: citations whose ``[start, end)`` span of the source file, whitespace removed,
  equals the quote, whitespace removed.
* **forbidden_violations**: items whose answer contains a forbidden string (a count; must be 0).
* **adversarial_accuracy**: "either" items refused, or answered correctly.
* **latency_p50_ms** / **latency_p95_ms**: ``latency_ms`` of the answers.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from pathlib import Path
from statistics import quantiles
from typing import Callable

from evals.schema import GoldItem

_PUNCTUATION = set(string.punctuation) | set("“”‘’…–—")


def normalize(text: str) -> str:
    """SQuAD answer normalisation (curly quotes and dashes count as punctuation too).

    >>> normalize("More than 16,500 containers of the U.S.")
    'more than 16500 containers of us'
    """
    text = "".join(ch for ch in text.lower() if ch not in _PUNCTUATION)
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def strip_markers(text: str) -> str:
    return re.sub(r"\s*\[\d+\]", "", text)


def contains(answer: str, alias: str) -> bool:
    """Whether the normalised alias stands in the normalised answer as whole words."""
    a, b = f" {normalize(answer)} ", f" {normalize(alias)} "
    return b.strip() != "" and b in a


def token_f1(prediction: str, truth: str) -> float:
    pred, gold = normalize(prediction).split(), normalize(truth).split()
    common = sum((Counter(pred) & Counter(gold)).values())
    if not pred or not gold or not common:
        return 0.0
    precision, recall = common / len(pred), common / len(gold)
    return 2 * precision * recall / (precision + recall)


def is_correct(item: GoldItem, prediction: dict) -> bool:
    """The answer-accuracy rule for one item."""
    if prediction["refused"]:
        return False
    answer = strip_markers(prediction["answer"])
    return any(contains(answer, a) for a in item.answers) and all(contains(answer, m) for m in item.must_include)


def violates(item: GoldItem, prediction: dict) -> bool:
    return any(f.lower() in prediction["answer"].lower() for f in item.forbidden)


def offsets_valid(citation: dict, read_source: Callable[[str], str | None]) -> bool:
    raw = read_source(citation["source"])
    if raw is None:
        return False
    span = raw[citation["start"] : citation["end"]]
    return re.sub(r"\s+", "", span) == re.sub(r"\s+", "", citation["quote"])


def source_reader(corpus_dir: Path) -> Callable[[str], str | None]:
    """Read ``corpus/<file>`` citations from the corpus folder's parent, byte for byte (newline="")."""
    cache: dict[str, str | None] = {}
    base = Path(corpus_dir).resolve().parent

    def read(source: str) -> str | None:
        if source not in cache:
            path = (base / source).resolve()
            try:
                cache[source] = path.read_bytes().decode("utf-8") if base in path.parents else None
            except (OSError, UnicodeDecodeError):
                cache[source] = None
        return cache[source]

    return read


def _share(values: list[bool]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def compute(items: list[GoldItem], predictions: dict[str, dict], read_source) -> dict:
    """All metrics over ``items`` (predictions keyed by item id)."""
    answerable = [i for i in items if i.answerable is True]
    unanswerable = [i for i in items if i.answerable is False]
    either = [i for i in items if i.answerable == "either"]
    pred = predictions

    citations_with_evidence = [(c, set(i.evidence)) for i in items if i.evidence and not pred[i.id]["refused"]
                               for c in pred[i.id]["citations"]]
    all_citations = [c for i in items for c in pred[i.id]["citations"]]
    ranks = []
    for i in answerable:
        texts = [r["text"] for r in pred[i.id]["retrieved"]]
        rank = next((k for k, t in enumerate(texts, start=1) if t in set(i.evidence)), None)
        ranks.append(rank)
    latencies = sorted(pred[i.id]["latency_ms"] for i in items)
    cuts = quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else latencies * 99
    f1s = [0.0 if pred[i.id]["refused"] else max(token_f1(strip_markers(pred[i.id]["answer"]), a) for a in i.answers)
           for i in answerable]
    return {
        "items": len(items),
        "answer_accuracy": _share([is_correct(i, pred[i.id]) for i in answerable]),
        "token_f1": round(sum(f1s) / len(f1s), 4) if f1s else None,
        "refusal_accuracy": _share([pred[i.id]["refused"] and not pred[i.id]["citations"] for i in unanswerable]),
        "false_refusal_rate": _share([pred[i.id]["refused"] for i in answerable]),
        "citation_precision": _share([c["quote"] in ev for c, ev in citations_with_evidence]),
        "citation_recall": _share([any(c["quote"] in set(i.evidence) for c in pred[i.id]["citations"])
                                   for i in answerable]),
        "evidence_recall_at_k": _share([r is not None for r in ranks]),
        "mrr": round(sum(1 / r for r in ranks if r) / len(ranks), 4) if ranks else None,
        "offset_validity": _share([offsets_valid(c, read_source) for c in all_citations]) if all_citations else 1.0,
        "forbidden_violations": sum(violates(i, pred[i.id]) for i in items),
        "adversarial_accuracy": _share([pred[i.id]["refused"] or is_correct(i, pred[i.id]) for i in either]),
        "latency_p50_ms": round(cuts[49], 2) if latencies else None,
        "latency_p95_ms": round(cuts[94], 2) if latencies else None,
    }


def failures(item: GoldItem, prediction: dict, read_source) -> list[str]:
    """Why an item failed (empty when it passed), in words for the report."""
    why = []
    if item.answerable is True:
        if prediction["refused"]:
            why.append("refused an answerable question")
        elif not is_correct(item, prediction):
            why.append("answer lacks the expected words")
        if not prediction["refused"] and not any(c["quote"] in set(item.evidence) for c in prediction["citations"]):
            why.append("cites no gold evidence")
    elif item.answerable is False and (not prediction["refused"] or prediction["citations"]):
        why.append("answered an unanswerable question")
    elif item.answerable == "either" and not (prediction["refused"] or is_correct(item, prediction)):
        why.append("answered an adversarial question wrongly")
    if item.evidence and not prediction["refused"]:
        wrong = [c for c in prediction["citations"] if c["quote"] not in set(item.evidence)]
        if wrong and item.answerable is not True:
            why.append("cites a sentence that is not evidence")
    if violates(item, prediction):
        why.append("contains a forbidden string")
    if any(not offsets_valid(c, read_source) for c in prediction["citations"]):
        why.append("a citation's offsets do not reproduce its quote")
    return why
