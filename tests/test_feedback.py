"""Votes in SQLite, and their export as gold-format JSONL."""

from __future__ import annotations

import json
import sqlite3

import pytest

from rag.cli import main
from rag.feedback import FeedbackStore, database_path, export, gold_item

ANSWER = {
    "question": "How many missiles has Russia launched?",
    "answer": "Russia has launched upward of 65 North Korean missiles into Ukraine. [1]",
    "refused": False,
    "citations": [{"n": 1, "source": "corpus/a.txt", "start": 10, "end": 80,
                   "quote": "Russia has launched upward of 65 North Korean missiles into Ukraine."}],
    "retrieved": [],
    "latency_ms": 3.0,
}
REFUSAL = {"question": "What did Kim say?", "answer": "The article does not say.", "refused": True, "citations": [],
           "retrieved": [], "latency_ms": 1.0}
HISTORY = [{"role": "user", "content": "Who spoke?"}, {"role": "assistant", "content": "Robert Koepcke [1]"}]


@pytest.fixture
def store(settings) -> FeedbackStore:
    return FeedbackStore(database_path(settings))


def test_a_vote_keeps_question_history_answer_citations_vote_and_time(store, settings):
    store.record(conversation="c1", turn=1, question=ANSWER["question"], history=HISTORY, answer=ANSWER, vote="up")
    assert database_path(settings) == settings.data_dir / "feedback.sqlite3"
    [vote] = list(store.votes())
    assert vote["question"] == ANSWER["question"] and vote["history"] == HISTORY
    assert vote["answer"] == ANSWER["answer"] and vote["citations"] == ANSWER["citations"]
    assert vote["vote"] == "up" and vote["refused"] is False and vote["created_at"].startswith("20")
    columns = {row[1] for row in sqlite3.connect(database_path(settings)).execute("PRAGMA table_info(feedback)")}
    assert {"question", "history", "answer", "citations", "vote", "created_at"} <= columns


def test_changing_a_vote_replaces_it_and_withdrawing_removes_it(store):
    for vote in ("up", "down"):
        store.record(conversation="c1", turn=0, question="q", history=[], answer=ANSWER, vote=vote)
    store.record(conversation="c2", turn=0, question="q", history=[], answer=ANSWER, vote="up")
    assert [(v["conversation"], v["vote"]) for v in store.votes()] == [("c1", "down"), ("c2", "up")]
    store.withdraw(conversation="c1", turn=0)
    assert [v["conversation"] for v in store.votes()] == ["c2"]


def test_a_vote_must_be_up_or_down(store):
    with pytest.raises(ValueError, match="'up' or 'down'"):
        store.record(conversation="c", turn=0, question="q", history=[], answer=ANSWER, vote="meh")


@pytest.mark.parametrize("answer, vote, answerable, evidence", [
    (ANSWER, "up", True, [ANSWER["citations"][0]["quote"]]),
    (REFUSAL, "up", False, []),
    (ANSWER, "down", False, []),
    (REFUSAL, "down", True, []),
])
def test_gold_items_follow_the_vote(answer, vote, answerable, evidence):
    item = gold_item({"question": answer["question"], "history": [], "answer": answer["answer"],
                      "refused": answer["refused"], "citations": answer["citations"], "vote": vote,
                      "created_at": "2024-09-05T00:00:00+00:00"})
    assert item["answerable"] is answerable and item["evidence"] == evidence
    assert item["id"].startswith("feedback-") and item["split"] == "dev" and item["category"] == "feedback"
    assert item["feedback"]["vote"] == vote and item["feedback"]["answer"] == answer["answer"]
    assert "history" not in item


def test_export_writes_one_gold_item_per_question_newest_vote_first(store, settings, tmp_path):
    store.record(conversation="c1", turn=0, question=ANSWER["question"], history=[], answer=ANSWER, vote="down")
    store.record(conversation="c2", turn=1, question="Where?", history=HISTORY, answer=ANSWER, vote="up")
    store.record(conversation="c3", turn=0, question=ANSWER["question"], history=[], answer=ANSWER, vote="up")
    out = tmp_path / "out" / "feedback.jsonl"
    assert export(settings, out) == 2
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [i["question"] for i in items] == ["Where?", ANSWER["question"]]
    assert items[0]["history"] == HISTORY and items[1]["feedback"]["vote"] == "up"
    gold_keys = {"id", "question", "answers", "evidence", "answerable", "category", "split"}
    assert all(gold_keys <= item.keys() for item in items)


def test_cli_exports_to_a_file_and_to_stdout(store, settings, tmp_path, monkeypatch, capsys):
    store.record(conversation="c1", turn=0, question="Q?", history=[], answer=REFUSAL, vote="down")
    monkeypatch.setenv("RAG_DATA_DIR", str(settings.data_dir))
    out = tmp_path / "fb.jsonl"
    assert main(["feedback", "export", "--out", str(out)]) == 0
    assert "Exported 1 feedback record(s)." in capsys.readouterr().err
    assert json.loads(out.read_text())["question"] == "Q?"
    assert main(["feedback", "export"]) == 0
    assert json.loads(capsys.readouterr().out)["answerable"] is True


def test_export_without_any_votes_writes_an_empty_file(settings, tmp_path):
    out = tmp_path / "empty.jsonl"
    assert export(settings, out) == 0 and out.read_text() == ""
    assert not database_path(settings).exists()  # exporting creates no database
