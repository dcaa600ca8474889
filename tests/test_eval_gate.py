"""The eval suite: gold file schema, metrics, reports, and a gate that really fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals import metrics
from evals.runner import check_gate, evaluate, load_thresholds
from evals.schema import GoldFileError, GoldItem, load_gold
from rag.answer import Answer, Citation
from tests.conftest import ROOT

GOLD = ROOT / "evals" / "gold.jsonl"
THRESHOLDS = load_thresholds(ROOT / "evals" / "thresholds.toml")


def test_gold_set_is_valid_and_covers_every_sentence():
    from rag.corpus import load_document
    from tests.conftest import ARTICLE

    items = load_gold(GOLD)
    assert len(items) >= 60
    sentences = {s.text for s in load_document(ARTICLE, "corpus/x").sentences}
    evidence = {e for i in items for e in i.evidence}
    assert evidence <= sentences  # verbatim
    assert sentences <= evidence  # every sentence is the evidence of some item
    assert sum(i.answerable is False for i in items) >= 15
    assert sum(bool(i.history) for i in items) >= 8
    assert {i.split for i in items} == {"dev", "test"}


def _stems_no_evidence_can_match(items) -> list[str]:
    """Must-include strings no evidence sentence holds as whole words ("disabilit", "concern" for
    "concerned"): the whole-word match would never accept an answer quoting that evidence."""
    return [f"{i.id}: {m!r}" for i in items if i.answerable for m in i.must_include
            if m.lower() not in ("yes", "no") and not any(metrics.contains(e, m) for e in i.evidence)]


def _answers_no_quote_can_hold(items) -> list[str]:
    """Answerable items none of whose answers an evidence sentence holds (a yes or no aside): the answerer
    quotes the article, so a paraphrase alone ("killing civilians" of "to kill Ukrainian civilians") can
    never be matched, and the item would fail whatever is cited."""
    return [i.id for i in items if i.answerable is True and not any(
        metrics.contains(e, a) or metrics.normalize(a).split()[:1] in (["yes"], ["no"])
        for a in i.answers for e in i.evidence)]


def test_must_includes_and_answers_are_words_of_the_evidence():
    assert _stems_no_evidence_can_match(load_gold(GOLD)) == []
    assert _answers_no_quote_can_hold(load_gold(GOLD)) == []
    stem = GoldItem(id="x", question="q", answers=["persons with disabilities"], must_include=["disabilit"],
                    evidence=["It is open to persons with disabilities."], answerable=True)
    assert _stems_no_evidence_can_match([stem]) == ["x: 'disabilit'"]
    paraphrase = GoldItem(id="y", question="q", answers=["for the disabled"],
                          evidence=["It is open to persons with disabilities."], answerable=True)
    assert _answers_no_quote_can_hold([stem, paraphrase]) == ["y"]


@pytest.mark.parametrize("line, message", [
    ('{"id": "a", "question": "q", "answerable": "maybe"}', "gold.jsonl:2: field 'answerable'"),
    ('{"id": "a", "question": "q", "answerable": true}', "needs 'answers' and 'evidence'"),
    ('{"id": "a", "question": "q", "answerable": false, "colour": 1}', "field 'colour'"),
    ('{"id": "a", "question": "q", "answerable": false, "history": [{"role": "bot", "content": ""}]}',
     "field 'history.0.role'"),
    ("{not json", "gold.jsonl:2: not valid JSON"),
])
def test_malformed_gold_names_line_and_field(tmp_path: Path, line, message):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "ok", "question": "q", "answerable": false}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(GoldFileError, match=message.replace("(", r"\(").replace(".", r"\.")):
        load_gold(path)


@pytest.mark.parametrize("answer, alias, expected", [
    ("More than 16,500 containers [1]", "16,500", True), ("over 16500 boxes", "16,500", True),
    ("65 missiles", "650", False), ("the U.S. official", "U.S.", True), ("", "x", False),
])
def test_alias_matching_is_squad_normalised(answer, alias, expected):
    assert metrics.contains(answer, alias) is expected


@pytest.mark.slow
def test_current_system_passes_the_gate_and_writes_reports(real_pipeline, tmp_path):
    result, items, predictions = evaluate(GOLD, tmp_path, real_pipeline.ask, real_pipeline.settings.corpus_dir)
    assert check_gate(result, THRESHOLDS) == []
    lines = (tmp_path / "predictions.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(items)
    first = json.loads(lines[0])
    assert set(first) == {"id", "question", "answer", "refused", "citations", "retrieved", "latency_ms"}
    assert "## Per category" in (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "<svg" in (tmp_path / "report.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_broken_answerer_fails_the_gate(real_pipeline, tmp_path):
    """An answerer that quotes the last retrieved sentence and never refuses must not pass CI."""

    def broken_ask(question, history=()):
        good = real_pipeline.ask(question, history)
        last = good.retrieved[-1]
        return Answer(question, f"{last.text} [1]", False, [Citation(1, last.source, last.start, last.end, last.text)],
                      good.retrieved, good.latency_ms)

    result, _, _ = evaluate(GOLD, tmp_path, broken_ask, real_pipeline.settings.corpus_dir)
    problems = check_gate(result, THRESHOLDS)
    assert any("answer_accuracy" in p for p in problems)
    assert any("refusal_accuracy" in p for p in problems)


def test_offsets_that_do_not_reproduce_the_quote_are_caught(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("Hello there. General Kenobi.", encoding="utf-8")
    read = metrics.source_reader(tmp_path / "corpus")
    assert metrics.offsets_valid({"source": "corpus/a.txt", "start": 0, "end": 12, "quote": "Hello there."}, read)
    assert not metrics.offsets_valid({"source": "corpus/a.txt", "start": 1, "end": 12, "quote": "Hello there."}, read)
    assert not metrics.offsets_valid({"source": "../etc/passwd", "start": 0, "end": 1, "quote": "r"}, read)


EXTRA_DEV_SETS = sorted(p.name for p in (ROOT / "evals").glob("tuning*.jsonl"))  # every blind set, held out or not


@pytest.mark.parametrize("name", EXTRA_DEV_SETS)
def test_the_extra_dev_sets_are_valid_and_quote_the_article(name):
    from rag.corpus import load_document
    from tests.conftest import ARTICLE

    items = load_gold(ROOT / "evals" / name)
    sentences = {s.text for s in load_document(ARTICLE, "corpus/x").sentences}
    assert len(items) >= 40 and {i.split for i in items} == {"dev"}
    assert {e for i in items for e in i.evidence} <= sentences  # whole sentences, as the index cuts them
    assert _stems_no_evidence_can_match(items) == []
    assert _answers_no_quote_can_hold(items) == []
    others = [i for other in EXTRA_DEV_SETS if other != name
              for i in load_gold(ROOT / "evals" / other)] + load_gold(GOLD)
    assert not {i.id for i in items} & {i.id for i in others}


def test_the_robustness_forms_and_their_score(fake_pipeline):
    from evals.robustness import FORMS, _misspell, score
    from evals.schema import GoldItem

    assert _misspell("What did Koepcke say?") == "What did Kopecke say?"
    assert FORMS["no question mark"]("Who said it? ") == "Who said it"
    items = [GoldItem(id="a", question="How many containers has Russia procured?", answers=["16,500"],
                      evidence=[s.text for s in fake_pipeline.index.sentences if "16,500" in s.text],
                      answerable=True),
             GoldItem(id="b", question="What did France say?", answerable=False)]
    assert score(items, fake_pipeline.ask, FORMS["lower case"]) == (1.0, 1.0)
