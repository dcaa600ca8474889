"""LLM answers with verified citations: LangChain's fake chat models script the replies, the real
retriever (over bag-of-words embeddings) finds the sentences, and the real extractive answerer is the
fallback. Each scripted reply ends as issue 7 says: shown with renumbered citations, refused, or
replaced by the extractive answer with a visible note."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import sys
from importlib import resources
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage

from rag.answer import Answer, ExtractiveAnswerer, refusal
from rag.chain import Pipeline
from rag.llm import LLMAnswerer, LLMUnavailable, make_answerer, make_chat_model
from rag.llm.answerer import MIN_CLAIM_SIMILARITY, describe_fault
from rag.llm.prompt import REFUSAL_REPLY, PromptError, available_prompts, load_prompt, render
from rag.llm.verify import ClaimSplitter, ClaimVerifier, markers, missing_facts, split_claims
from rag.settings import Settings
from tests.conftest import ARTICLE
from tests.fakes import BagOfWordsEmbeddings

CONTAINERS = "How many containers of munitions has Russia gotten from North Korea?"
SECURED = "Russia has secured more than 16,500 containers of munitions from North Korea"
UNVERIFIED_NOTE = "(LLM answer failed verification; showing quoted sentences.)"
UNAVAILABLE_NOTE = "(LLM unavailable; showing quoted sentences.)"

# Released prompts never change; a new wording is a new file. Add a line here when you add one.
RELEASED_PROMPTS = {"answer_v1": "93c56ef66cde1b5425504cf1fd0c019b5ceb5ca855f97cf5d3d2bbe4a25fdf7e"}


def retrieve(pipeline: Pipeline, question: str) -> list:
    return pipeline.retriever.search(question, pipeline._embed(question))


def number_of(docs, fragment: str) -> int:
    """The ``[n]`` the prompt gives the retrieved sentence containing ``fragment``."""
    return next(n for n, d in enumerate(docs, start=1) if fragment in d.page_content)


def llm(pipeline: Pipeline, chat_model, **settings) -> LLMAnswerer:
    s = pipeline.settings.model_copy(update={"llm": "openai", **settings})
    fallback = ExtractiveAnswerer(pipeline.index, pipeline.embeddings, s)
    return LLMAnswerer(chat_model, fallback, pipeline.embeddings, s)


def replying(*replies: str) -> FakeListChatModel:
    return FakeListChatModel(responses=list(replies))


def extractive(pipeline: Pipeline, question: str, docs) -> Answer:
    answerer = ExtractiveAnswerer(pipeline.index, pipeline.embeddings, pipeline.settings)
    return answerer.answer(question, question, docs)


def assert_fell_back(answer: Answer, pipeline: Pipeline, question: str, docs,
                     note: str = UNVERIFIED_NOTE) -> None:
    """``answer`` is the extractive answer, note appended, citations and all."""
    expected = extractive(pipeline, question, docs)
    assert answer.answer == f"{expected.answer} {note}"
    assert answer.refused == expected.refused
    assert (answer.citations, answer.retrieved) == (expected.citations, expected.retrieved)


# --------------------------------------------------------------------------------------------------
# The scripted replies of issue 7


def test_correct_cited_answer_is_shown_with_citations_renumbered_by_first_use(fake_pipeline):
    docs = retrieve(fake_pipeline, CONTAINERS)
    body, headline = number_of(docs, "secured more than 16,500"), number_of(docs, "N. Korea since last Sept.")
    reply = (f"Russia has secured more than 16,500 containers of munitions from North Korea since September "
             f"last year [{body}]. The headline says Russia procured over 16,500 containers from N. Korea "
             f"[{headline}][{body}].")
    answer = llm(fake_pipeline, replying(reply)).answer(CONTAINERS, CONTAINERS, docs)

    assert not answer.refused
    assert answer.answer == ("Russia has secured more than 16,500 containers of munitions from North Korea "
                             "since September last year [1]. The headline says Russia procured over 16,500 "
                             "containers from N. Korea [2][1].")
    for citation, n in zip(answer.citations, (body, headline)):
        doc = docs[n - 1]
        assert (citation.source, citation.start, citation.end, citation.quote) == (
            doc.metadata["source"], doc.metadata["start"], doc.metadata["end"], doc.page_content)
    assert [c.n for c in answer.citations] == [1, 2]
    assert answer.retrieved == extractive(fake_pipeline, CONTAINERS, docs).retrieved


def test_hallucinated_number_falls_back_with_a_note(fake_pipeline, caplog):
    docs = retrieve(fake_pipeline, CONTAINERS)
    n = number_of(docs, "secured more than 16,500")
    reply = f"Russia has secured more than 1,650 containers of munitions from North Korea [{n}]."
    with caplog.at_level(logging.WARNING, logger="rag.llm"):
        answer = llm(fake_pipeline, replying(reply)).answer(CONTAINERS, CONTAINERS, docs)
    assert_fell_back(answer, fake_pipeline, CONTAINERS, docs)
    assert "16,500" in answer.answer and "1,650" not in answer.answer
    assert "['1650']" in caplog.text


def test_invented_citation_alone_falls_back(fake_pipeline):
    docs = retrieve(fake_pipeline, CONTAINERS)
    reply = f"{SECURED} [9]."
    answer = llm(fake_pipeline, replying(reply)).answer(CONTAINERS, CONTAINERS, docs)
    assert_fell_back(answer, fake_pipeline, CONTAINERS, docs)


def test_invented_citation_beside_a_valid_one_is_removed(fake_pipeline):
    docs = retrieve(fake_pipeline, CONTAINERS)
    n = number_of(docs, "secured more than 16,500")
    reply = f"{SECURED} [9][{n}] [12]."
    answer = llm(fake_pipeline, replying(reply)).answer(CONTAINERS, CONTAINERS, docs)
    assert answer.answer == f"{SECURED} [1]."
    assert [c.start for c in answer.citations] == [docs[n - 1].metadata["start"]]


def test_uncited_claim_fails_the_whole_answer(fake_pipeline):
    docs = retrieve(fake_pipeline, CONTAINERS)
    n = number_of(docs, "secured more than 16,500")
    reply = (f"{SECURED} [{n}]. "
             "Most of them were artillery shells.")
    answer = llm(fake_pipeline, replying(reply)).answer(CONTAINERS, CONTAINERS, docs)
    assert_fell_back(answer, fake_pipeline, CONTAINERS, docs)
    assert "artillery" not in answer.answer


def test_refusal_is_trusted_even_when_the_extractive_answerer_would_quote(fake_pipeline):
    docs = retrieve(fake_pipeline, CONTAINERS)
    assert not extractive(fake_pipeline, CONTAINERS, docs).refused
    answer = llm(fake_pipeline, replying(REFUSAL_REPLY)).answer(CONTAINERS, CONTAINERS, docs)
    assert answer.refused and answer.citations == []
    assert answer.answer == refusal(CONTAINERS)


@pytest.mark.parametrize("garbage", ["asdf qwerty", "{\"answer\": 16500}", "!!! ??? ...", "[1]", "\x00\x01"])
def test_garbage_falls_back(fake_pipeline, garbage):
    docs = retrieve(fake_pipeline, CONTAINERS)
    answer = llm(fake_pipeline, replying(garbage)).answer(CONTAINERS, CONTAINERS, docs)
    assert_fell_back(answer, fake_pipeline, CONTAINERS, docs)


def test_raised_error_falls_back_logged_without_the_key(fake_pipeline, caplog):
    def broken():
        raise ConnectionError("connection refused by sk-secret-123 at http://user:pw@llm.internal")
        yield  # a generator: GenericFakeChatModel raises when it asks for the next message

    docs = retrieve(fake_pipeline, CONTAINERS)
    answerer = llm(fake_pipeline, GenericFakeChatModel(messages=broken()), llm_api_key="sk-secret-123")
    with caplog.at_level(logging.WARNING, logger="rag.llm"):
        answer = answerer.answer(CONTAINERS, CONTAINERS, docs)
    assert_fell_back(answer, fake_pipeline, CONTAINERS, docs, UNAVAILABLE_NOTE)
    assert "ConnectionError" in caplog.text and "running?" in caplog.text
    assert "sk-secret-123" not in caplog.text and "user:pw" not in caplog.text


def test_empty_reply_falls_back(fake_pipeline):
    docs = retrieve(fake_pipeline, CONTAINERS)
    answer = llm(fake_pipeline, GenericFakeChatModel(messages=iter([AIMessage(content="  ")]))).answer(
        CONTAINERS, CONTAINERS, docs)
    assert_fell_back(answer, fake_pipeline, CONTAINERS, docs, UNAVAILABLE_NOTE)


def test_fallback_that_refuses_says_only_what_failed(fake_pipeline):
    question = "What is the capital of France?"
    docs = retrieve(fake_pipeline, question)
    answerer = llm(fake_pipeline, replying("Paris is the capital of France [1]."))
    answer = answerer.answer(question, question, docs)
    assert answer.refused and answer.answer.endswith(" (LLM answer failed verification.)")


def test_no_retrieved_sentences_means_no_llm_call(fake_pipeline):
    answer = llm(fake_pipeline, GenericFakeChatModel(messages=iter([]))).answer(CONTAINERS, CONTAINERS, [])
    assert answer.refused and answer.answer == refusal(CONTAINERS)


def test_claim_with_the_right_names_but_another_meaning_falls_back(fake_pipeline):
    question = "Who is Robert Koepcke?"
    docs = retrieve(fake_pipeline, question)
    n = number_of(docs, "speaks during a forum in Washington")
    reply = f"Koepcke said the weather in Washington was nice [{n}]."
    answer = llm(fake_pipeline, replying(reply)).answer(question, question, docs)
    assert_fell_back(answer, fake_pipeline, question, docs)


# --------------------------------------------------------------------------------------------------
# Streaming


def test_stream_yields_verified_claims_then_the_answer(fake_pipeline):
    docs = retrieve(fake_pipeline, CONTAINERS)
    n = number_of(docs, "secured more than 16,500")
    reply = (f"{SECURED} [{n}]. "
             f"It has secured them since September last year, a U.S. official said Wednesday [{n}].")
    items = list(llm(fake_pipeline, replying(reply)).stream(CONTAINERS, CONTAINERS, docs))
    *chunks, final = items
    assert isinstance(final, Answer) and all(isinstance(c, str) for c in chunks)
    assert len(chunks) == 2  # one per claim, each yielded once verified
    assert "".join(chunks) == final.answer and not final.refused
    assert final.answer.count("[1]") == 2 and len(final.citations) == 1


def test_stream_stops_at_a_failing_claim_and_ends_with_the_fallback(fake_pipeline):
    docs = retrieve(fake_pipeline, CONTAINERS)
    n = number_of(docs, "secured more than 16,500")
    reply = (f"{SECURED} [{n}]. "
             f"Vladimir Putin thanked Pyongyang for them [{n}]. More text the model would have sent [{n}].")
    *chunks, final = llm(fake_pipeline, replying(reply)).stream(CONTAINERS, CONTAINERS, docs)
    assert chunks == [f"{SECURED} [1]."]
    assert_fell_back(final, fake_pipeline, CONTAINERS, docs)


def test_stream_error_mid_reply_ends_with_the_fallback(fake_pipeline):
    docs = retrieve(fake_pipeline, CONTAINERS)
    n = number_of(docs, "secured more than 16,500")
    reply = f"{SECURED} [{n}]. And more [{n}]."
    model = FakeListChatModel(responses=[reply], error_on_chunk_number=len(reply) - 5)
    *_, final = llm(fake_pipeline, model).stream(CONTAINERS, CONTAINERS, docs)
    assert_fell_back(final, fake_pipeline, CONTAINERS, docs, UNAVAILABLE_NOTE)


def test_stream_refusal(fake_pipeline):
    docs = retrieve(fake_pipeline, CONTAINERS)
    answerer = llm(fake_pipeline, replying(f"{REFUSAL_REPLY} But [1] says more."))
    items = list(answerer.stream(CONTAINERS, CONTAINERS, docs))
    assert items[:-1] == [refusal(CONTAINERS)] and items[-1].refused and items[-1].citations == []


# --------------------------------------------------------------------------------------------------
# Verification, piece by piece


@pytest.mark.parametrize("claim, evidence, missing", [
    ("Russia got 16,500 containers [1].", "Russia got more than 16,500 containers.", []),
    ("Russia got 1,650 containers [1].", "Russia got more than 16,500 containers.", ["1650"]),
    ("Russia got 16500 containers [1].", "Russia got more than 16,500 containers.", []),
    ("Russia got 165,000 containers [1].", "Russia got more than 16,500 containers.", ["165000"]),
    ("It began in September [1].", "since last Sept.: U.S. official", []),
    ("It began in October [1].", "since last Sept.: U.S. official", ["october"]),
    ("He spoke on Sept. 4, 2024 [1].", "a forum in Washington on Sept. 4, 2024.", []),
    ("He spoke on Sept. 5, 2024 [1].", "a forum in Washington on Sept. 4, 2024.", ["5"]),
    ("Putin fired 65 North Korean missiles [1].", "Russia has launched 65 North Korea missiles.", ["putin"]),
    ("Russia fired dozens of missiles [1].", "Russia has launched 65 North Korean missiles.", ["dozens"]),
    ("Two officials spoke [1].", "2 officials spoke.", []),
    ("The U.S. official spoke in Seoul [1].", "The U.S. official spoke in Washington.", ["seoul"]),
    ("The U.N. resolutions were violated [1].", "violations of multiple U.N. Security Council resolutions",
     []),
    ("The DPRK’s arms went to Russia [1].", "munitions from DPRK, he said", ["russia"]),
    ("Since then, the Ukrainian cities were hit [1].", "destroy Ukraine's cities", []),
    ("As Koepcke said, it is 16,500 [1].", "Russia got 16,500 containers, Koepcke said", []),
    ("Is it 16,500? Yes [1].", "Russia got 16,500 containers.", []),
])
def test_numbers_dates_and_names_must_be_in_the_cited_sentences(claim, evidence, missing):
    assert missing_facts(claim, [evidence]) == missing


@pytest.mark.parametrize("text, numbers", [
    ("a [1] b [2][3] c [1, 4] d [2-4] e [ 5 ]", [1, 2, 3, 1, 4, 2, 3, 4, 5]),
    ("no markers, 16,500 [sic] (2)", []),
])
def test_markers(text, numbers):
    assert markers(text) == numbers


GOLDEN_REPLY = ("Russia got over 16,500 containers from N. Korea since Sept. 2023, the U.S. says [1][2]. "
                "Koepcke spoke in Washington. [3]\n\n“Russia is using DPRK missiles,” he said [4]! "
                "Is that all? [5]")
GOLDEN_CLAIMS = [
    "Russia got over 16,500 containers from N. Korea since Sept. 2023, the U.S. says [1][2].",
    "Koepcke spoke in Washington. [3]",
    "“Russia is using DPRK missiles,” he said [4]!",
    "Is that all? [5]",
]


def test_claims_golden():
    assert split_claims(GOLDEN_REPLY) == GOLDEN_CLAIMS


@pytest.mark.parametrize("size", [1, 2, 3, 7, 16, len(GOLDEN_REPLY)])
def test_claims_are_the_same_however_the_reply_is_chunked(size):
    splitter, claims = ClaimSplitter(), []
    for i in range(0, len(GOLDEN_REPLY), size):
        claims += splitter.feed(GOLDEN_REPLY[i : i + size])
    assert claims + splitter.close() == GOLDEN_CLAIMS


def test_verifier_reasons_name_the_claim():
    verifier = ClaimVerifier(["Russia has launched upward of 65 North Korean missiles into Ukraine."],
                             BagOfWordsEmbeddings(), MIN_CLAIM_SIMILARITY)
    assert verifier.check("Russia launched upward of 65 North Korean missiles into Ukraine [1].").ok
    assert "cites nothing" in verifier.check("Russia launched 65 missiles.").problem
    assert "[2]" in verifier.check("Russia launched 65 missiles [2].").problem
    assert "['56']" in verifier.check("Russia launched 56 missiles [1].").problem
    assert "similarity" in verifier.check("Ukraine is large [1].").problem


@pytest.mark.slow
@pytest.mark.parametrize("claim, row, faithful", [
    ("Russia has secured more than 16,500 containers of munitions from North Korea since September", 1, True),
    ("More than 16,500 containers", 1, True),  # only the sentence's own words
    ("Upward of 65 missiles", 2, True),
    ("He spoke at a security forum in Washington", 2, True),
    ("Robert Koepcke is deputy assistant secretary of state for Korea, Japan and Mongolia", 2, True),
    ("It is a sign of deepening military cooperation between Moscow and Pyongyang", 1, True),
    ("Since late December", 2, True),
    ("Koepcke said the weather in Washington was nice", 6, False),
    ("Europe will impose new sanctions on Russia", 3, False),
    ("Pyongyang is a beautiful city", 1, False),
    ("Koepcke resigned from his post", 2, False),
    ("Robert Koepcke visited Mongolia and Japan", 2, False),
    ("North Korea received nuclear submarines from Russia", 8, False),
])
def test_meaning_check_with_the_real_model(real_embeddings, claim, row, faithful):
    """Pins the calibration of MIN_CLAIM_SIMILARITY: faithful claims pass, claims on another topic fail."""
    from rag.corpus import load_document

    sentence = load_document(ARTICLE, "a").sentences[row].text
    verdict = ClaimVerifier([sentence], real_embeddings, MIN_CLAIM_SIMILARITY).check(f"{claim} [1].")
    assert verdict.ok is faithful, verdict.problem


# --------------------------------------------------------------------------------------------------
# Prompts as versioned data


def test_released_prompts_never_change():
    for name, digest in RELEASED_PROMPTS.items():
        data = (resources.files("rag") / "prompts" / f"{name}.txt").read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, f"{name} changed: write answer_vN+1.txt instead"
    assert set(available_prompts()) == set(RELEASED_PROMPTS), "pin the hash of every shipped prompt"


@pytest.mark.parametrize("name", sorted(RELEASED_PROMPTS))
def test_prompt_numbers_the_sentences_and_states_the_rules(name):
    texts = ["Russia got 16,500 containers.", "It fired {65} missiles."]  # braces are text, not placeholders
    system, human = render(load_prompt(name), "How many?", "How many? Russia containers", texts)
    assert "[1] Russia got 16,500 containers.\n[2] It fired {65} missiles." in system.content
    assert REFUSAL_REPLY in system.content and "{sentences}" not in system.content
    assert "only" in system.content and "cite" in system.content.lower()
    assert "How many?" in human.content and "Russia containers" in human.content
    assert "How many?" not in system.content  # the question cannot rewrite the instructions


def test_prompts_ship_as_package_data():
    import tomllib

    pyproject = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())
    assert "prompts/*.txt" in pyproject["tool"]["setuptools"]["package-data"]["rag"]


def test_unknown_prompt_names_the_choices():
    with pytest.raises(PromptError, match="answer_v1"):
        load_prompt("answer_v999")
    with pytest.raises(PromptError):
        load_prompt("../settings")


# --------------------------------------------------------------------------------------------------
# Factories


def test_make_chat_model_openai_is_bounded_and_keeps_the_key_secret():
    s = Settings(llm="openai", llm_base_url="http://127.0.0.1:9/v1", llm_model="m",
                 llm_api_key="sk-secret-123", llm_timeout=2.5, llm_max_tokens=77)
    model = make_chat_model(s)
    assert (model.model_name, model.openai_api_base) == ("m", "http://127.0.0.1:9/v1")
    assert model.request_timeout == 2.5
    assert (model.max_tokens, model.max_retries, model.temperature) == (77, 0, 0)
    assert model.openai_api_key.get_secret_value() == "sk-secret-123"
    assert "sk-secret-123" not in repr(model) and "sk-secret-123" not in repr(s)


def test_make_chat_model_ollama():
    s = Settings(llm="ollama", llm_base_url="http://127.0.0.1:9", llm_model="m", llm_max_tokens=50)
    model = make_chat_model(s)
    assert (model.model, model.base_url, model.num_predict) == ("m", "http://127.0.0.1:9", 50)


@pytest.mark.parametrize("kind, module", [("openai", "langchain_openai"), ("ollama", "langchain_ollama")])
def test_missing_extra_says_what_to_install(monkeypatch, kind, module):
    monkeypatch.setitem(sys.modules, module, None)  # what Python does when the package is not installed
    with pytest.raises(LLMUnavailable, match=r"pip install 'article-chat\[llm\]'"):
        make_chat_model(Settings(llm=kind))


def test_make_answerer_picks_by_settings(fake_pipeline):
    s, index, embeddings = fake_pipeline.settings, fake_pipeline.index, fake_pipeline.embeddings
    assert type(make_answerer(s, index, embeddings)) is ExtractiveAnswerer
    answerer = make_answerer(s.model_copy(update={"llm": "openai"}), index, embeddings)
    assert isinstance(answerer, LLMAnswerer) and isinstance(answerer.fallback, ExtractiveAnswerer)


def test_pipeline_in_llm_mode_answers_through_the_chain(fake_pipeline):
    docs = retrieve(fake_pipeline, CONTAINERS)
    n = number_of(docs, "secured more than 16,500")
    s = fake_pipeline.settings.model_copy(update={"llm": "openai"})
    answerer = make_answerer(s, fake_pipeline.index, fake_pipeline.embeddings, replying(f"{SECURED} [{n}]."))
    pipeline = dataclasses.replace(fake_pipeline, answerer=answerer)
    answer = pipeline.ask(f"<b>{CONTAINERS}</b>")
    assert answer.answer == f"{SECURED} [1]."
    assert answer.latency_ms > 0


def test_fault_description_gives_a_hint_and_hides_secrets():
    s = Settings(llm="openai", llm_api_key="sk-secret-123", llm_base_url="http://u:p@h/v1", llm_timeout=3)
    assert "RAG_LLM_TIMEOUT=3 s" in describe_fault(TimeoutError("timed out"), s)
    text = describe_fault(ConnectionError("refused sk-secret-123 http://u:p@h/v1"), s)
    assert "sk-secret-123" not in text and "u:p@" not in text and "running?" in text


def test_the_search_reads_names_and_synonyms_as_the_extractive_answerer_does(fake_pipeline, monkeypatch):
    # The LLM's answerer falls back on the extractive one, whose reading of names also shapes the search.
    pipeline = Pipeline(fake_pipeline.settings, fake_pipeline.embeddings, fake_pipeline.index,
                        fake_pipeline.retriever, llm(fake_pipeline, replying("NOT_IN_ARTICLE")))
    embedded, embed = [], pipeline._embed
    monkeypatch.setattr(pipeline, "_embed", lambda text: embedded.append(text) or embed(text))
    pipeline.ask("What did Koepke say about conditions?")
    assert embedded == ["What did Koepcke say about conditions? preconditions"]
