"""Write ``RESULTS.md`` and ``chart.png`` from one run's results (the dict ``benchmarks.__main__`` builds).

Every figure is the median of repeated runs; the machine's cores and load averages are printed beside
them, because on a shared 2-core machine the load moves latencies more than most code changes do.
"""

from __future__ import annotations

from pathlib import Path

# The targets of issue 6: headline figure -> (comparison, limit).
TARGETS = {
    "warm_p50": ("<=", 100.0),
    "warm_p95": ("<=", 250.0),
    "cold_start": ("<=", 8.0),
    "ingest_ratio": (">=", 0.70),
    "growth_ratio": ("<=", 2.0),
}


def headline(results: dict) -> dict:
    """The five figures that have targets, as plain numbers (None when not measured).

    The growth ratio is query p50 at the largest size over the smallest (1,000 over 1 in a full run).
    """
    ours, cold, ingest, growth = results["ours"], results["cold_start"], results["ingest"], results["growth"]
    return {
        "warm_p50": ours["p50_ms"]["median"],
        "warm_p95": ours["p95_ms"]["median"],
        "cold_start": None if "skipped" in cold else cold["first_answer_s"]["median"],
        "ingest_ratio": ingest["ratio"]["median"] if ingest else None,
        "growth_ratio": (growth[-1]["p50_ms"]["median"] / growth[0]["p50_ms"]["median"]
                         if len(growth) > 1 else None),
    }


# --------------------------------------------------------------------------------------------------
# Formatting


def _num(value, digits: int = 1, unit: str = "") -> str:
    if value is None:
        return "—"
    return f"{value:,.{digits}f}{(' ' + unit) if unit else ''}"


def _runs(stat: dict | None, digits: int = 1, unit: str = "", scale: float = 1.0) -> str:
    """``median (min–max, n runs)`` of a ``measure.spread`` dict."""
    if not stat:
        return "—"
    median = _num(stat["median"] * scale, digits, unit)
    if stat["runs"] == 1:
        return f"{median} (1 run)"
    low, high = _num(stat["min"] * scale, digits), _num(stat["max"] * scale, digits)
    return f"{median} ({low}–{high}, {stat['runs']} runs)"


def _verdict(name: str, value: float | None) -> str:
    if value is None:
        return "not measured"
    op, limit = TARGETS[name]
    return "**met**" if (value <= limit if op == "<=" else value >= limit) else "**missed**"


def _avg(load: list[float]) -> str:
    return "/".join(map(str, load))


def _load(section: dict) -> str:
    before, after = section["load"]
    return f"load {_avg(before)} → {_avg(after)}"


def _ratio(ours, peer) -> str:
    if ours is None or peer is None:
        return "—"
    return "— (peer 0)" if peer == 0 else f"{ours / peer:.2f}"


# --------------------------------------------------------------------------------------------------
# RESULTS.md


def markdown(results: dict, chart_name: str = "chart.png") -> str:
    """The text of ``RESULTS.md``."""
    sections = (_header(results, chart_name), _targets(results), _peer(results), _latency(results),
                _cold(results["cold_start"]), _serving(results["serve"]), _ingest(results["ingest"]),
                _growth(results["growth"]), _method())
    return "\n".join(line for section in sections for line in [*section, ""])


def _header(results: dict, chart_name: str) -> list[str]:
    m = results["machine"]
    return [
        "# Benchmarks",
        "",
        (f"Regenerate with `{results['command']}` ({results['seconds'] / 60:.0f} minutes for this run). "
        "`python -m benchmarks --quick` is a smoke run (sizes 1, 10, 100, fewer repeats) that writes to "
        "`benchmarks/out/`."),
        "",
        (f"Run {m['date']} on {m['cores']} cores ({m['cpu']}), Python {m['python']}, torch {m['torch']} "
        f"({m['torch_threads']} threads), chromadb {m['chromadb']}, sentence-transformers "
        f"{m['sentence_transformers']}, langchain-text-splitters {m['text_splitters']}. Load average "
        f"(1/5/15 min) {_avg(m['load_start'])} at the start, {_avg(m['load_end'])} at the end: other work "
        "shared this machine, so each section prints the load it ran under. Every figure is the median of "
        "repeated runs after one unmeasured warm-up; brackets give the runs' min–max."),
        "",
        f"![benchmark chart]({chart_name})",
    ]


def _targets(results: dict) -> list[str]:
    ours, cold, serve = results["ours"], results["cold_start"], results["serve"]
    ingest, growth = results["ingest"], results["growth"]
    h = headline(results)
    rows = [
        (f"warm latency p50, `rag.ask` over {ours['questions']} gold questions", "≤ 100 ms",
         _runs(ours["p50_ms"], 1, "ms"), _verdict("warm_p50", h["warm_p50"])),
        ("warm latency p95", "≤ 250 ms", _runs(ours["p95_ms"], 1, "ms"), _verdict("warm_p95", h["warm_p95"])),
        ("cold start: new process to its first answer", "≤ 8 s",
         cold.get("skipped") or _runs(cold["first_answer_s"], 2, "s"),
         _verdict("cold_start", h["cold_start"])),
        ("`python app.py` to `/healthz` ready", "—",
         serve["skipped"].splitlines()[0] if "skipped" in serve else _runs(serve["ready_s"], 2, "s"), ""),
        ("peak RSS of the serving process", "—",
         "not measured" if "skipped" in serve else _runs(serve["peak_rss_mb"], 0, "MB"), ""),
        ("ingest throughput / raw encode throughput", "≥ 70%",
         f"{_num(100 * h['ingest_ratio'], 0, '%')} ({_num(ingest['ingest_rate']['median'], 0)} vs "
         f"{_num(ingest['raw_rate']['median'], 0)} sentences/s)" if ingest else "—",
         _verdict("ingest_ratio", h["ingest_ratio"])),
        (f"query p50 at {growth[-1]['articles']:,} articles / at {growth[0]['articles']:,}", "≤ 2×",
         _num(h["growth_ratio"], 2, "×"), _verdict("growth_ratio", h["growth_ratio"])),
    ]
    return ["## Against the targets", "", "| measure | target | measured | |", "| --- | --- | --- | --- |",
            *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows)]


def _peer(results: dict) -> list[str]:
    ours, peer = results["ours"], results["peer"]
    lines = ["## Ours against the LangChain tutorial pipeline", ""]
    if "skipped" in peer:
        return [*lines, peer["skipped"]]
    o, p = ours["metrics"], peer["metrics"]
    rows = [  # (name, ours, peer, digits, show the ratio)
        ("latency p50 (ms)", ours["p50_ms"]["median"], peer["p50_ms"]["median"], 1, True),
        ("latency p95 (ms)", ours["p95_ms"]["median"], peer["p95_ms"]["median"], 1, True),
        ("answer accuracy", o["answer_accuracy"], p["answer_accuracy"], 3, True),
        ("citation precision (eval: the quote is an evidence sentence)", o["citation_precision"],
         p["citation_precision"], 3, True),
        ("citation precision, lenient (the cited text contains one)", ours["cited_evidence_share"],
         peer["cited_evidence_share"], 3, True),
        ("token F1 of the answer", o["token_f1"], p["token_f1"], 3, True),
        ("refusal accuracy (unanswerable items)", o["refusal_accuracy"], p["refusal_accuracy"], 3, False),
        ("offset validity", o["offset_validity"], p["offset_validity"], 3, False),
        ("median answer length (characters)", ours["answer_chars_median"], peer["answer_chars_median"], 0,
         True),
    ]
    return [
        *lines,
        ("Same process, same embeddings object, same gold questions, same eval metrics (`evals.metrics`), "
        "timed "
        f"interleaved question by question ({_load(ours)}). The peer is `benchmarks/peer.py`: "
        f"RecursiveCharacterTextSplitter 1000/200 over the raw file ({peer['chunks']} chunks), Chroma, top-4 "
        "chunks, as an LCEL chain; answer = the top chunk, citations = the 4 chunks. It never refuses and "
        "ignores history."),
        "",
        "| | ours | peer | ours/peer |",
        "| --- | ---: | ---: | ---: |",
        *(f"| {name} | {_num(a, digits)} | {_num(b, digits)} | {_ratio(a, b) if with_ratio else ''} |"
          for name, a, b, digits, with_ratio in rows),
    ]


def _latency(results: dict) -> list[str]:
    ours, peer = results["ours"], results["peer"]
    rows = [("ours", ours)] + ([] if "skipped" in peer else [("peer", peer)])
    return [
        "## Warm latency",
        "",
        (f"In-process `Pipeline.ask` (what `rag.ask` calls) over the {ours['questions']} questions of "
        f"`evals/gold.jsonl`, each with its history: one warm-up pass, then {ours['p50_ms']['runs']} timed "
        f"passes; p50/p95 per pass, median over passes ({_load(ours)})."),
        "",
        "| | p50 | p95 | mean |",
        "| --- | --- | --- | --- |",
        *(f"| {name} | {_runs(r['p50_ms'], 1, 'ms')} | {_runs(r['p95_ms'], 1, 'ms')} | "
          f"{_runs(r['mean_ms'], 1, 'ms')} |" for name, r in rows),
    ]


def _cold(cold: dict) -> list[str]:
    if "skipped" in cold:
        return ["## Cold start", "", cold["skipped"]]
    phases = [
        ("interpreter start", "startup_s"),
        ("`import rag`, `rag.chain` (LangChain, numpy)", "import_s"),
        ("load: torch and sentence-transformers imports, MiniLM, the Chroma index", "load_s"),
        ("first `rag.ask`", "ask_s"),
        ("**spawn to first answer**", "first_answer_s"),
        ("spawn to exit", "exit_s"),
    ]
    return [
        "## Cold start",
        "",
        ("A new `python -c \"import rag; rag.ask(question)\"` against a copy of a built index "
        f"(`RAG_DATA_DIR`, `HF_HUB_OFFLINE=1`), timed from spawn to the answer on its stdout "
        f"({_load(cold)}). "
        "The phases are timed inside the child."),
        "",
        "| phase | seconds |",
        "| --- | --- |",
        *(f"| {name} | {_runs(cold[key], 2)} |" for name, key in phases),
        f"| peak RSS of that process | {_runs(cold['peak_rss_mb'], 0, 'MB')} |",
    ]


def _serving(serve: dict) -> list[str]:
    if "skipped" in serve:
        return ["## Serving process", "", "```", serve["skipped"], "```"]
    return [
        "## Serving process",
        "",
        ("`python app.py` (FastAPI + Gradio) on a free loopback port against a copy of a built index, timed "
        f"from spawn until `GET /healthz` returns 200; then the {serve['questions']} gold questions over "
        f"`POST /api/ask`; then the process's peak RSS (`VmHWM`) ({_load(serve)})."),
        "",
        "| | |",
        "| --- | --- |",
        f"| spawn to `/healthz` ready | {_runs(serve['ready_s'], 2, 's')} |",
        (f"| of which loading the pipeline (`load_seconds` in `/healthz`) | "
        f"{_runs(serve['pipeline_load_s'], 2, 's')} |"),
        f"| HTTP `/api/ask` p50 | {_runs(serve['http_p50_ms'], 1, 'ms')} |",
        f"| HTTP `/api/ask` p95 | {_runs(serve['http_p95_ms'], 1, 'ms')} |",
        f"| peak RSS after the questions | {_runs(serve['peak_rss_mb'], 0, 'MB')} |",
    ]


def _ingest(ingest: dict) -> list[str]:
    if not ingest:
        return ["## Ingest", "", "not measured"]
    return [
        "## Ingest",
        "",
        (f"Fresh `rag.ingest.ingest` of the {ingest['documents']}-article growth corpus "
        f"({ingest['sentences']:,} sentences), each followed by `SentenceTransformer.encode` of the same "
        "sentences with the same model, "
        f"batch size and normalisation ({_load(ingest)}). Ingest includes reading and splitting the files, "
        "embedding the article vocabulary (for the refusal check) and the Chroma writes."),
        "",
        "| | seconds | sentences/s |",
        "| --- | --- | --- |",
        f"| ingest | {_runs(ingest['ingest_s'], 2)} | {_runs(ingest['ingest_rate'], 0)} |",
        f"| raw encode | {_runs(ingest['raw_encode_s'], 2)} | {_runs(ingest['raw_rate'], 0)} |",
        f"| ingest / raw | | {_runs(ingest['ratio'], 0, '%', scale=100)} |",
    ]


def _growth(growth: list[dict]) -> list[str]:
    lines = [
        "## Growth",
        "",
        ("Corpora of the real article plus deterministic synthetic articles (`benchmarks/synthetic.py`, "
        "written to a temporary folder, never committed). At each size: fresh ingests, loading the index, "
        "then the gold "
        "questions as in *Warm latency*, all sizes interleaved question by question. Answer and refusal "
        "accuracy show whether the distractors pull answers away. Load is at the start of each ingest."),
        "",
        ("| articles | sentences | ingest | sentences/s | index load | query p50 | query p95 | answer acc. | "
        "refusal acc. | load |"),
        "| ---: | ---: | --- | ---: | ---: | --- | --- | ---: | ---: | --- |",
    ]
    for g in growth:
        lines.append(
            f"| {g['articles']:,} | {g['sentences']:,} | {_runs(g['ingest_s'], 1, 's')} "
            f"| {_num(g['ingest_rate'], 0)} | {_num(g['index_load_s'], 2, 's')} "
            f"| {_runs(g['p50_ms'], 1, 'ms')} | {_runs(g['p95_ms'], 1, 'ms')} "
            f"| {_num(g['answer_accuracy'], 3)} | {_num(g['refusal_accuracy'], 3)} "
            f"| {_avg(g['load_ingest'][0])} |")
    return lines


def _method() -> list[str]:
    return [
        "## How to read these",
        "",
        ("* Latency is wall-clock time around one call, in the benchmark process; the HTTP figures add the "
        "server's request handling. Compared pipelines are timed interleaved, so load drift hits them alike "
        "and their ratios are steadier than their absolute values."),
        ("* The peer runs as an LCEL chain, as in the tutorial (and as ours does): LangChain runs the "
        "retrieval "
        "on a worker thread. Run on the main thread instead, its torch calls came out several times slower "
        "in bursts while the machine was loaded, which would have been a measurement artefact."),
        ("* The eval's citation precision asks for a quote to be a gold evidence sentence, which a "
        "1,000-character "
        "chunk never is; the lenient row asks only that the cited text contains one."),
        ("* No test asserts any of these times; `tests/test_benchmarks.py` checks that the peer, the corpus "
        "generator, the timing loop and this report work."),
    ]


# --------------------------------------------------------------------------------------------------
# chart.png


def chart(results: dict, path: Path) -> None:
    """Four panels: warm latency (ours, peer), cold start by phase, ingest vs raw encode, growth."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    m = results["machine"]
    fig, axes = plt.subplots(2, 2, figsize=(12, 8.5))
    _latency_panel(axes[0][0], results)
    _cold_panel(axes[0][1], results["cold_start"], results["serve"])
    if results["ingest"]:
        _ingest_panel(axes[1][0], results["ingest"])
    _growth_panel(axes[1][1], results["growth"])
    fig.suptitle(f"article-chat benchmarks, {m['date']}: {m['cores']} cores, load average "
                 f"{_avg(m['load_start'])} "
                 f"at start, {_avg(m['load_end'])} at end; medians of repeated runs", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


COLOURS = {"ours": "#1f6feb", "peer": "#9a6700", "target": "#cf222e", "raw": "#8c959f"}


def _latency_panel(ax, results: dict) -> None:
    names = ["ours"] + ([] if "skipped" in results["peer"] else ["peer"])
    for i, name in enumerate(names):
        for x, key in ((i * 3, "p50_ms"), (i * 3 + 1, "p95_ms")):
            value = results[name][key]["median"]
            ax.bar(x, value, color=COLOURS[name], label=name if key == "p50_ms" else None)
            ax.text(x, value, f"{value:.0f}", ha="center", va="bottom", fontsize=9)
    ax.set_xticks([x for i in range(len(names)) for x in (i * 3, i * 3 + 1)],
                  [f"{n}\n{q}" for n in names for q in ("p50", "p95")])
    ax.axhline(100, color=COLOURS["target"], ls="--", lw=1, label="target p50 100 ms")
    ax.axhline(250, color=COLOURS["target"], ls=":", lw=1, label="target p95 250 ms")
    ax.set_ylabel("ms per question")
    ax.set_title(f"Warm latency, {results['ours']['questions']} gold questions")
    ax.legend(fontsize=8)


def _cold_panel(ax, cold: dict, serve: dict) -> None:
    ticks, labels = [], []
    if "skipped" not in cold:
        bottom = 0.0
        phases = (("interpreter", "startup_s", "#d0d7de"), ("import rag", "import_s", "#8c959f"),
                  ("load model + index", "load_s", COLOURS["ours"]), ("first ask", "ask_s", "#0a3069"))
        for label, key, shade in phases:
            value = max(cold[key]["median"], 0.0)
            ax.bar(0, value, bottom=bottom, color=shade, label=label)
            bottom += value
        ax.text(0, bottom, f"{cold['first_answer_s']['median']:.1f} s", ha="center", va="bottom", fontsize=9)
        ticks, labels = [0], ["rag.ask\nfirst answer"]
    if "skipped" not in serve:
        ready = serve["ready_s"]["median"]
        ax.bar(1, ready, color=COLOURS["peer"], label="app.py to /healthz")
        ax.text(1, ready, f"{ready:.1f} s", ha="center", va="bottom", fontsize=9)
        ticks, labels = [*ticks, 1], [*labels, "app.py\n/healthz ready"]
    ax.axhline(8, color=COLOURS["target"], ls="--", lw=1, label="target 8 s (rag.ask)")
    ax.set_xticks(ticks, labels)
    ax.set_xlim(-0.8, 1.8)
    ax.set_ylabel("seconds from spawn")
    ax.set_title("Cold start")
    ax.legend(fontsize=8)


def _ingest_panel(ax, ingest: dict) -> None:
    rates = [ingest["ingest_rate"]["median"], ingest["raw_rate"]["median"]]
    ax.bar([0, 1], rates, color=[COLOURS["ours"], COLOURS["raw"]])
    for x, rate in enumerate(rates):
        ax.text(x, rate, f"{rate:.0f}", ha="center", va="bottom", fontsize=9)
    ax.axhline(0.7 * rates[1], color=COLOURS["target"], ls="--", lw=1, label="target: 70% of raw encode")
    ax.set_xticks([0, 1], ["rag ingest", "raw encode"])
    ax.set_ylabel("sentences / s")
    ax.set_title(f"Ingest, {ingest['documents']} articles, {ingest['sentences']:,} sentences "
                 f"({100 * ingest['ratio']['median']:.0f}% of raw)")
    ax.legend(fontsize=8, loc="lower right")


def _growth_panel(ax, growth: list[dict]) -> None:
    sizes = [g["articles"] for g in growth]
    p50 = [g["p50_ms"]["median"] for g in growth]
    p95 = [g["p95_ms"]["median"] for g in growth]
    ax.plot(sizes, p50, "o-", color=COLOURS["ours"], label="query p50 (ms)")
    ax.plot(sizes, p95, "o:", color=COLOURS["ours"], alpha=0.6, label="query p95 (ms)")
    ax.axhline(2 * p50[0], color=COLOURS["target"], ls="--", lw=1, label=f"target: 2× p50 at {sizes[0]:,}")
    ax.set_xscale("log")
    ax.set_xticks(sizes, [f"{n:,}" for n in sizes])
    ax.tick_params(axis="x", which="minor", bottom=False)
    ax.set_xlabel("articles in the corpus (log scale)")
    ax.set_ylabel("query latency (ms)")
    ax.set_ylim(0, 1.5 * max(2 * p50[0], *p95))
    right = ax.twinx()
    ingest = [g["ingest_s"]["median"] for g in growth]
    right.plot(sizes, ingest, "s--", color=COLOURS["raw"], label="ingest (s)")
    right.set_ylabel("ingest seconds")
    right.set_ylim(bottom=0)
    handles = ax.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    ax.legend(handles, [h.get_label() for h in handles], fontsize=8, loc="upper left")
    ax.set_title("Growth")


def write(results: dict, out: Path) -> tuple[Path, Path]:
    """Write ``RESULTS.md`` and ``chart.png`` into ``out``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    png = out / "chart.png"
    chart(results, png)
    md = out / "RESULTS.md"
    md.write_text(markdown(results, png.name), encoding="utf-8")
    return md, png
