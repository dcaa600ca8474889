"""The Chroma index: content-hash ids, idempotent and incremental ingest, and no half-written index."""

from __future__ import annotations

import pytest

from rag.chain import Pipeline
from rag.corpus import CorpusError
from rag.index import active_generation, make_client, open_index
from rag.ingest import ingest, is_up_to_date
from tests.fakes import BagOfWordsEmbeddings


def _ids(settings):
    client = make_client(settings)
    return sorted(client.get_collection(active_generation(client, settings)).get()["ids"])


def test_ingest_twice_changes_nothing_and_says_so(settings, fake_embeddings):
    first = ingest(settings, fake_embeddings, progress=False)
    assert first.added == [f"corpus/{p.name}" for p in settings.corpus_dir.iterdir()]
    assert first.sentences == 16 and first.embedded == 16
    ids = _ids(settings)
    calls = fake_embeddings.calls

    second = ingest(settings, fake_embeddings, progress=False)
    assert not second.changed and second.embedded == 0
    assert "Nothing to do" in second.summary()
    assert fake_embeddings.calls == calls  # nothing re-embedded
    assert _ids(settings) == ids and is_up_to_date(settings)


def test_second_ingest_does_not_even_load_the_model(settings, fake_embeddings):
    ingest(settings, fake_embeddings, progress=False)

    def factory():
        raise AssertionError("the model must not load when nothing changed")

    assert not ingest(settings, factory, progress=False).changed


def test_edited_document_replaces_its_entries_only(settings, fake_embeddings):
    extra = settings.corpus_dir / "second.txt"
    extra.write_text("Second story\n\nThe harbour opened in May. Ships came.", encoding="utf-8")
    ingest(settings, fake_embeddings, progress=False)
    before = set(_ids(settings))
    calls = fake_embeddings.calls

    extra.write_text("Second story\n\nThe harbour closed in June. Ships left.", encoding="utf-8")
    report = ingest(settings, fake_embeddings, progress=False)
    assert report.updated == ["corpus/second.txt"] and len(report.unchanged) == 1
    assert report.embedded == 3  # only the edited file's sentences
    index = open_index(settings, fake_embeddings)
    texts = [s.text for s in index.sentences if s.source == "corpus/second.txt"]
    assert texts == ["Second story", "The harbour closed in June.", "Ships left."]
    assert len(set(_ids(settings)) & before) == 16 + 1  # article + unchanged headline keep their ids
    assert fake_embeddings.calls > calls


def test_removed_document_leaves_the_index(settings, fake_embeddings):
    extra = settings.corpus_dir / "second.txt"
    extra.write_text("Second story\n\nThe harbour opened in May.", encoding="utf-8")
    ingest(settings, fake_embeddings, progress=False)
    extra.unlink()
    report = ingest(settings, fake_embeddings, progress=False)
    assert report.removed == ["corpus/second.txt"]
    assert {s.source for s in open_index(settings, fake_embeddings).sentences} == {
        f"corpus/{p.name}" for p in settings.corpus_dir.iterdir()}


def test_rebuild_embeds_everything_again(settings, fake_embeddings):
    ingest(settings, fake_embeddings, progress=False)
    ids = _ids(settings)
    report = ingest(settings, fake_embeddings, rebuild=True, progress=False)
    assert report.embedded == 16 and _ids(settings) == ids
    owned = [c.name for c in make_client(settings).list_collections()]
    assert len(owned) == 3  # one generation, its words, the pointer: nothing left over


def test_bad_corpus_file_stops_ingest_before_any_write(settings, fake_embeddings):
    ingest(settings, fake_embeddings, progress=False)
    generation = active_generation(make_client(settings), settings)
    (settings.corpus_dir / "broken.txt").write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(CorpusError, match="broken.txt' is not UTF-8"):
        ingest(settings, fake_embeddings, progress=False)
    assert active_generation(make_client(settings), settings) == generation
    assert Pipeline.load(settings, fake_embeddings).ask("How many containers of munitions has Russia procured?").citations


def test_ingest_killed_half_way_keeps_the_previous_index_answering(settings, fake_embeddings):
    ingest(settings, fake_embeddings, progress=False)
    generation = active_generation(make_client(settings), settings)
    (settings.corpus_dir / "second.txt").write_text("Another story\n\n" + " ".join(f"Fact {i} was told." for i in range(300)),
                                                    encoding="utf-8")
    dying = BagOfWordsEmbeddings(fail_after=5)
    with pytest.raises(RuntimeError, match="died half-way"):
        ingest(settings, dying, progress=False)
    assert active_generation(make_client(settings), settings) == generation
    answer = Pipeline.load(settings, fake_embeddings).ask("How many missiles were launched into Ukraine?")
    assert "65" in answer.answer
    # the next ingest cleans up the half-built generation and finishes
    assert ingest(settings, fake_embeddings, progress=False).added == ["corpus/second.txt"]
    assert len(make_client(settings).list_collections()) == 5  # new + previous generation (kept one round)


def test_open_index_without_ingest_says_what_to_run(settings, fake_embeddings):
    from rag.index import IndexUnavailable

    with pytest.raises(IndexUnavailable, match="Run `rag ingest`"):
        open_index(settings, fake_embeddings)


def test_unreachable_chroma_url_is_named(settings):
    from rag.index import IndexUnavailable
    from rag.settings import Settings

    bad = Settings(corpus_dir=settings.corpus_dir, data_dir=settings.data_dir, chroma_url="http://127.0.0.1:9")
    with pytest.raises(IndexUnavailable, match=r"Cannot reach the Chroma server at http://127.0.0.1:9"):
        make_client(bad)
