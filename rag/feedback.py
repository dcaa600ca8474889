"""Thumbs up/down from the web chat, kept in SQLite and exported as JSONL ready to become gold items.

A vote is stored with everything needed to judge it later: the question, the earlier turns, the answer,
its citations, whether it was a refusal, the vote and the time. The database lives at
``<RAG_DATA_DIR>/feedback.sqlite3``. A reader who changes their mind about the same answer replaces
their vote instead of adding a second one (a vote is keyed by conversation and turn).

``rag feedback export --out F`` writes one gold-format item per question (the newest vote wins):

>>> item = gold_item({"question": "How many missiles?", "history": [], "answer": "... 65 ... [1]",
...                   "refused": False, "citations": [{"n": 1, "quote": "... 65 ..."}], "vote": "up",
...                   "created_at": "2024-09-05T10:00:00+00:00"})
>>> item["answerable"], item["evidence"], item["review"][:9]
(True, ['... 65 ...'], 'confirmed')

Up-voted answers become items whose evidence is the cited sentences. Down-voted ones carry the rejected
answer under ``feedback`` and empty ``answers``/``evidence`` for a person to fill in (``review`` says so).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from rag.settings import Settings

Vote = Literal["up", "down"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id           INTEGER PRIMARY KEY,
    conversation TEXT NOT NULL,
    turn         INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    vote         TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    question     TEXT NOT NULL,
    history      TEXT NOT NULL,
    answer       TEXT NOT NULL,
    refused      INTEGER NOT NULL,
    citations    TEXT NOT NULL,
    UNIQUE (conversation, turn)
)
"""


def database_path(settings: Settings) -> Path:
    """Where votes are kept: ``<data_dir>/feedback.sqlite3``."""
    return settings.data_dir / "feedback.sqlite3"


class FeedbackStore:
    """Votes on answers in one SQLite file; safe to share between threads (one connection per call)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=10)
        connection.row_factory = sqlite3.Row
        connection.execute(_SCHEMA)
        return connection

    def record(self, *, conversation: str, turn: int, question: str, history: Sequence[dict], answer: dict,
               vote: Vote) -> None:
        """Save (or replace) the vote on turn ``turn`` of ``conversation``; ``answer`` is ``Answer.to_dict()``."""
        if vote not in ("up", "down"):
            raise ValueError(f"vote must be 'up' or 'down', not {vote!r}")
        row = (conversation, int(turn), datetime.now(UTC).isoformat(timespec="seconds"), vote, question,
               json.dumps(list(history), ensure_ascii=False), answer["answer"], int(bool(answer["refused"])),
               json.dumps(answer.get("citations", []), ensure_ascii=False))
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT INTO feedback (conversation, turn, created_at, vote, question, history, answer, refused, "
                "citations) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (conversation, turn) DO UPDATE SET "
                "created_at = excluded.created_at, vote = excluded.vote",
                row,
            )

    def withdraw(self, *, conversation: str, turn: int) -> None:
        """Forget the vote on a turn (the reader clicked their thumb again to undo it)."""
        with closing(self._connect()) as db, db:
            db.execute("DELETE FROM feedback WHERE conversation = ? AND turn = ?", (conversation, int(turn)))

    def votes(self) -> Iterator[dict[str, Any]]:
        """Every vote, oldest first, with ``history`` and ``citations`` decoded."""
        if not self.path.exists():
            return
        with closing(self._connect()) as db:
            for row in db.execute("SELECT * FROM feedback ORDER BY created_at, id"):
                vote = dict(row)
                vote["history"] = json.loads(vote["history"])
                vote["citations"] = json.loads(vote["citations"])
                vote["refused"] = bool(vote["refused"])
                yield vote


def gold_item(vote: dict[str, Any]) -> dict[str, Any]:
    """A vote as an item of ``evals/gold.jsonl`` (plus ``feedback`` and ``review`` for the person curating it)."""
    key = json.dumps([vote["question"], vote["history"]], ensure_ascii=False, sort_keys=True)
    quotes = [c["quote"] for c in vote["citations"]]
    item: dict[str, Any] = {"id": "feedback-" + hashlib.sha256(key.encode()).hexdigest()[:12],
                            "question": vote["question"]}
    if vote["history"]:
        item["history"] = vote["history"]
    if vote["vote"] == "up":
        item.update(answers=[] if vote["refused"] else quotes, evidence=[] if vote["refused"] else quotes,
                    answerable=not vote["refused"],
                    review="confirmed by a thumbs-up; shorten `answers` to the words that must appear")
    else:
        # A rejected refusal suggests the article does hold the answer; a rejected answer may be wrong or
        # should have been a refusal. Either way a person decides, so nothing of the answer is kept as gold.
        item.update(answers=[], evidence=[], answerable=vote["refused"],
                    review="rejected by a thumbs-down; fill in `answers` and `evidence`, or set answerable false")
    item.update(category="feedback", split="dev",
                feedback={"vote": vote["vote"], "answer": vote["answer"], "refused": vote["refused"],
                          "citations": vote["citations"], "created_at": vote["created_at"]})
    return item


def export(settings: Settings, out: str | Path) -> int:
    """Write the votes under ``settings.data_dir`` as gold-format JSONL to ``out`` (``-``: stdout).

    Returns the number of items written. One item per question and history; the newest vote wins.
    """
    items: dict[str, dict] = {}
    for vote in FeedbackStore(database_path(settings)).votes():
        item = gold_item(vote)
        items.pop(item["id"], None)  # re-insert so the order follows the newest vote
        items[item["id"]] = item
    lines = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items.values())
    if str(out) == "-":
        sys.stdout.write(lines)
    else:
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(lines, encoding="utf-8")
    return len(items)
