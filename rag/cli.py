"""The ``rag`` command: ingest, ask, chat, eval, serve, feedback export, bench.

Exit codes: 0 done; 1 the index or a server is unavailable; 2 bad input (question, corpus, arguments).
Every error is one line on stderr that says what is wrong and what to do.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``rag`` console script."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    from rag.chain import QuestionError
    from rag.corpus import CorpusError
    from rag.embeddings import ModelUnavailable
    from rag.index import IndexUnavailable

    try:
        return args.run(args) or 0
    except (QuestionError, CorpusError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (IndexUnavailable, ModelUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description="Ask a news article questions; answers cite sentences.")
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("ingest", help="index the corpus folder into Chroma (only what changed)")
    p.add_argument("--rebuild", action="store_true", help="drop the index and embed everything again")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=_ingest)

    p = sub.add_parser("ask", help="answer one question")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the Answer as one JSON object")
    p.add_argument("--history", help="JSON file of earlier turns: [{\"role\": \"user\", \"content\": \"...\"}, ...]")
    p.set_defaults(run=_ask)

    p = sub.add_parser("chat", help="multi-turn chat in the terminal")
    p.set_defaults(run=_chat)

    p = sub.add_parser("eval", help="run the gold Q&A set and write the report")
    p.add_argument("--gold", default="evals/gold.jsonl")
    p.add_argument("--out", default="evals/out")
    p.add_argument("--no-gate", action="store_true", help="report only; do not fail on thresholds")
    p.add_argument("--thresholds", default="evals/thresholds.toml")
    p.set_defaults(run=_eval)

    p = sub.add_parser("serve", help="serve the web chat and REST API (same as python app.py)")
    p.set_defaults(run=_serve)

    p = sub.add_parser("feedback", help="work with votes saved from the web chat")
    fsub = p.add_subparsers(dest="feedback_command", required=True)
    fe = fsub.add_parser("export", help="write feedback as JSONL, ready to become gold items")
    fe.add_argument("--out", default="-", help="file to write (default: stdout)")
    fe.set_defaults(run=_feedback_export)

    p = sub.add_parser("bench", help="measure latency, cold start, ingest and growth; write benchmarks/RESULTS.md")
    p.add_argument("--quick", action="store_true", help="smoke run: sizes 1, 10, 100, fewer repeats")
    p.add_argument("--out", help="folder for RESULTS.md, chart.png, results.json")
    p.set_defaults(run=_bench)
    return parser


def _settings():
    from rag.settings import Settings

    return Settings()


def _ingest(args: argparse.Namespace) -> int:
    from rag.embeddings import make_embeddings
    from rag.ingest import ingest

    settings = _settings()
    report = ingest(settings, lambda: make_embeddings(settings), rebuild=args.rebuild, progress=not args.quiet)
    print(report.summary())
    return 0


def _ask(args: argparse.Namespace) -> int:
    import rag

    history = []
    if args.history:
        try:
            with open(args.history, encoding="utf-8") as fh:
                history = json.load(fh)
        except (OSError, json.JSONDecodeError) as exc:
            print(f"error: cannot read history file '{args.history}': {exc}. It must be a JSON list of turns.",
                  file=sys.stderr)
            return 2
    answer = rag.ask(args.question, history)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False))
    else:
        print(format_answer(answer))
    return 0


def format_answer(answer) -> str:
    """An answer and its numbered sources, for a terminal."""
    lines = [answer.answer]
    if answer.citations:
        lines.append("")
        lines += [f"[{c.n}] {c.source}:{c.start}-{c.end}  {c.quote}" for c in answer.citations]
    return "\n".join(lines)


def _chat(args: argparse.Namespace) -> int:
    import rag
    from rag.chain import QuestionError

    print("Ask about the article. Empty line or /quit to leave, /reset to start over.")
    history: list[dict] = []
    while True:
        try:
            question = input("you> ")
        except EOFError:
            print()
            return 0
        if question.strip() in ("", "/quit", "/exit"):
            return 0
        if question.strip() == "/reset":
            history = []
            continue
        try:
            answer = rag.ask(question, history)
        except QuestionError as exc:
            print(f"error: {exc}")
            continue
        print(format_answer(answer), end="\n\n")
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]


def _eval(args: argparse.Namespace) -> int:
    from evals.runner import main as run_eval

    return run_eval(gold=args.gold, out=args.out, gate=not args.no_gate, thresholds=args.thresholds)


def _serve(args: argparse.Namespace) -> int:
    from rag.web import serve

    serve(_settings())
    return 0


def _feedback_export(args: argparse.Namespace) -> int:
    from rag.feedback import export

    count = export(_settings(), args.out)
    print(f"Exported {count} feedback record(s).", file=sys.stderr)
    return 0


def _bench(args: argparse.Namespace) -> int:
    from benchmarks.__main__ import main as run_bench

    return run_bench((["--quick"] if args.quick else []) + (["--out", args.out] if args.out else []))


if __name__ == "__main__":
    sys.exit(main())
