"""The ``rag`` command: ingest, ask --json, chat, and one clear message per bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import rag
from rag.cli import main
from tests.conftest import ROOT


@pytest.fixture
def env(settings, monkeypatch):
    monkeypatch.setenv("RAG_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("RAG_DATA_DIR", str(settings.data_dir))
    rag.reset()
    yield settings
    rag.reset()


@pytest.mark.slow
def test_ingest_then_ask_json(env, capsys):
    assert main(["ingest", "--quiet"]) == 0
    assert "Indexed 1 document(s), 16 sentences" in capsys.readouterr().out
    assert main(["ingest", "--quiet"]) == 0
    assert "Nothing to do" in capsys.readouterr().out
    assert main(["ask", "How many missiles has Russia launched into Ukraine?", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["refused"] is False and "65" in data["answer"]
    assert data["citations"][0]["source"] == "corpus/yonhap-2024-09-russia-munitions-north-korea.txt"


@pytest.mark.slow
def test_chat_keeps_the_conversation(env, capsys, monkeypatch):
    main(["ingest", "--quiet"])
    capsys.readouterr()
    lines = iter(["How many North Korean missiles has Russia launched into Ukraine?", "Since when?", "/quit"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(lines))
    assert main(["chat"]) == 0
    lines = capsys.readouterr().out.splitlines()[1:]  # after the greeting: answers, then "[n] source" lines
    answers = [line for line in lines if line and not line.startswith("[")]
    assert len(answers) == 2 and "65" in answers[0]
    assert "since late December" in answers[1]  # "Since when?" alone would not find it (test_integration)


def test_ask_without_index_says_what_to_run(env, capsys):
    assert main(["ask", "How many missiles?"]) == 1
    assert "No index yet. Run `rag ingest`" in capsys.readouterr().err


@pytest.mark.parametrize("question, message", [("   ", "The question is empty"),
                                               ("x" * 2001, "limit is 2,000"),
                                               ("bad\x07bell", "control characters (U+0007)")])
def test_bad_question_exits_2_with_one_message(env, capsys, question, message):
    assert main(["ask", question]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_missing_corpus_folder_exits_2(env, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("RAG_CORPUS_DIR", str(tmp_path / "missing"))
    assert main(["ingest"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_unreachable_chroma_url_exits_1(env, capsys, monkeypatch):
    monkeypatch.setenv("RAG_CHROMA_URL", "http://127.0.0.1:9")
    assert main(["ingest"]) == 1
    assert "Cannot reach the Chroma server at http://127.0.0.1:9" in capsys.readouterr().err


def test_console_script_is_installed_and_answers_help():
    out = subprocess.run([sys.executable, "-m", "rag.cli", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and "ingest" in out.stdout and "ask" in out.stdout
