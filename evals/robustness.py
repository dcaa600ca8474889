"""How the answers hold up when a question is typed carelessly (``python -m evals.robustness [GOLD ...]``).

Real users type in lower case or in capitals, drop the question mark, misspell a name. Each dev item
without history (a conversation's follow-up depends on more than its own typing) is asked as written and
in four such forms; the table gives, for each form, the share of answerable items that cite a gold
evidence sentence and the share of unanswerable ones refused (citation recall and refusal accuracy, as
``rag eval`` computes them). A form that scores well below "as written" is a weakness of the answerer,
not of the question. The default files are the gold set and every tuning set not held out (``HELD_OUT``);
only their dev items are read.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from evals import metrics as m
from evals.runner import predict
from evals.schema import GoldItem, load_gold

ROOT = Path(__file__).resolve().parent
HELD_OUT = frozenset({"tuning68.jsonl"})  # run only to measure, never tuned on
DEFAULT = ("gold.jsonl", *sorted((p.name for p in ROOT.glob("tuning*.jsonl") if p.name not in HELD_OUT),
                                 key=lambda name: int(re.sub(r"\D", "", name) or 1)))


def _misspell(question: str) -> str:
    """The first capitalised word of six letters or more (not opening the question) with two middle
    letters swapped: "Koepcke" -> "Kopecke"."""
    def swap(m: re.Match) -> str:
        w, i = m.group(0), len(m.group(0)) // 2
        return w[: i - 1] + w[i] + w[i - 1] + w[i + 1:]

    return re.sub(r"(?<=\s)[A-Z][a-z]{5,}\b", swap, question, count=1)


FORMS: dict[str, Callable[[str], str]] = {
    "as written": lambda q: q,
    "lower case": str.lower,
    "capitals": str.upper,
    "no question mark": lambda q: q.rstrip().rstrip("?").rstrip(),
    "a name misspelt": _misspell,
}


def score(items: list[GoldItem], ask: Callable, form: Callable[[str], str]) -> tuple[float, float]:
    """(citation recall, refusal accuracy) of ``items`` asked in ``form``, as ``rag eval`` defines them."""
    typed = [item.model_copy(update={"question": form(item.question)}) for item in items]
    metrics = m.compute(typed, predict(typed, ask), read_source=lambda source: None)
    return metrics["citation_recall"] or 0.0, metrics["refusal_accuracy"] or 0.0


def main(*paths: str) -> int:
    import rag

    files = [Path(p) for p in paths] or [ROOT / name for name in DEFAULT]
    items = [i for f in files for i in load_gold(f) if i.split == "dev" and not i.history]
    print(f"{len(items)} dev items without history, from {', '.join(f.name for f in files)}\n")
    print("| form | answerable: gold evidence cited | unanswerable: refused |")
    print("| --- | ---: | ---: |")
    for name, form in FORMS.items():
        cited, refused = score(items, rag.ask, form)
        print(f"| {name} | {cited:.3f} | {refused:.3f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
