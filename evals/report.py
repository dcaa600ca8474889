"""The eval report, as Markdown (committed as ``evals/REPORT.md``) and as standalone HTML with a chart."""

from __future__ import annotations

import html
from pathlib import Path

from evals import metrics as m

ROWS = [
    ("answer_accuracy", "Answer accuracy"), ("token_f1", "Token F1"), ("refusal_accuracy", "Refusal accuracy"),
    ("false_refusal_rate", "False-refusal rate"), ("citation_precision", "Citation precision"),
    ("citation_recall", "Citation recall"), ("evidence_recall_at_k", "Evidence recall@k"), ("mrr", "MRR"),
    ("offset_validity", "Offset validity"), ("forbidden_violations", "Forbidden violations"),
    ("adversarial_accuracy", "Adversarial accuracy"), ("latency_p50_ms", "Latency p50 (ms)"),
    ("latency_p95_ms", "Latency p95 (ms)"), ("items", "Items"),
]


def _fmt(value) -> str:
    return "–" if value is None else (f"{value:.3f}" if isinstance(value, float) else str(value))


def _splits(metrics: dict) -> list[str]:
    return [s for s in ("all", "dev", "test") if s in metrics]


def _failed(items, predictions, read_source):
    for item in items:
        why = m.failures(item, predictions[item.id], read_source)
        if why:
            yield item, predictions[item.id], why


def write_markdown(path: Path, items, predictions, metrics, read_source, *, gold: str) -> None:
    splits = _splits(metrics)
    lines = ["# Eval report", "", f"Gold set: `{gold}` ({len(items)} items). Regenerate with `make report`.", "",
             "## Metrics", "", "| metric | " + " | ".join(splits) + " |", "|---|" + "---|" * len(splits)]
    for key, label in ROWS:
        lines.append(f"| {label} | " + " | ".join(_fmt(metrics[s].get(key)) for s in splits) + " |")
    lines += ["", "## Per category (items passing / items)", "", "| category | all | dev | test |", "|---|---|---|---|"]
    for category, cells in sorted(metrics["categories"].items()):
        row = [f"{cells[s][0]}/{cells[s][1]}" if s in cells else "–" for s in ("all", "dev", "test")]
        lines.append(f"| {category} | " + " | ".join(row) + " |")
    lines += ["", "## Failed items", ""]
    failed = list(_failed(items, predictions, read_source))
    if not failed:
        lines.append("None.")
    for item, pred, why in failed:
        lines += [f"### `{item.id}` ({item.split}, {item.category}): {'; '.join(why)}", "",
                  f"- **Question:** {_md(item.question)}"]
        if item.history:
            lines.append("- **History:** " + " / ".join(f"{t.role}: {_md(t.content)}" for t in item.history))
        expected = " | ".join(item.answers) if item.answers else "(refusal)"
        lines += [f"- **Expected:** {_md(expected)}", f"- **Ours:** {_md(pred['answer'])}"]
        lines += [f"  - [{c['n']}] `{c['source']}:{c['start']}-{c['end']}` {_md(c['quote'])}" for c in pred["citations"]]
        lines.append("")
    lines += ["## Metric definitions", "", m.__doc__.split("Definitions (also in the README and every report):")[1].strip(), ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def _chart(metrics: dict) -> str:
    """Inline SVG: per-category pass rate, dev and test bars side by side."""
    categories = sorted(metrics["categories"])
    width, row, label_w, bar_w = 640, 26, 130, 220
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{row * len(categories) + 40}" '
             f'role="img" aria-label="Pass rate per category">']
    for x, split, color in ((label_w, "dev", "#7aa6d8"), (label_w + bar_w + 40, "test", "#2f6db5")):
        parts.append(f'<text x="{x}" y="14" font-size="12" font-weight="bold">{split}</text>')
        for k, category in enumerate(categories):
            passed, total = metrics["categories"][category].get(split, [0, 0])
            share = passed / total if total else 0
            y = 24 + k * row
            parts.append(f'<rect x="{x}" y="{y}" width="{bar_w}" height="18" fill="#eee"/>')
            parts.append(f'<rect x="{x}" y="{y}" width="{bar_w * share:.1f}" height="18" fill="{color}"/>')
            parts.append(f'<text x="{x + 4}" y="{y + 13}" font-size="11">{passed}/{total}</text>')
    for k, category in enumerate(categories):
        parts.append(f'<text x="0" y="{24 + k * row + 13}" font-size="12">{html.escape(category)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def write_html(path: Path, items, predictions, metrics, read_source, *, gold: str) -> None:
    splits = _splits(metrics)
    e = html.escape
    rows = "".join(f"<tr><td>{e(label)}</td>" + "".join(f"<td>{e(_fmt(metrics[s].get(key)))}</td>" for s in splits)
                   + "</tr>" for key, label in ROWS)
    failed = []
    for item, pred, why in _failed(items, predictions, read_source):
        cites = "".join(f"<li>[{c['n']}] <code>{e(c['source'])}:{c['start']}-{c['end']}</code> {e(c['quote'])}</li>"
                        for c in pred["citations"])
        failed.append(f"<section><h3><code>{e(item.id)}</code> ({e(item.split)}, {e(item.category)}): "
                      f"{e('; '.join(why))}</h3><p><b>Question:</b> {e(item.question)}</p>"
                      f"<p><b>Expected:</b> {e(' | '.join(item.answers) or '(refusal)')}</p>"
                      f"<p><b>Ours:</b> {e(pred['answer'])}</p><ul>{cites}</ul></section>")
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Eval report</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.25rem .6rem;text-align:right}}
td:first-child{{text-align:left}}section{{border-top:1px solid #ddd}}</style></head><body>
<h1>Eval report</h1><p>Gold set: <code>{e(gold)}</code> ({len(items)} items).</p>
<h2>Metrics</h2><table><tr><th>metric</th>{''.join(f'<th>{s}</th>' for s in splits)}</tr>{rows}</table>
<h2>Pass rate per category</h2>{_chart(metrics)}
<h2>Failed items</h2>{''.join(failed) or '<p>None.</p>'}
<h2>Metric definitions</h2><pre>{e(m.__doc__)}</pre></body></html>"""
    path.write_text(page, encoding="utf-8")
