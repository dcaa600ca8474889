"""Turn retrieved sentences into a short, cited answer, or an honest refusal.

The default answerer needs no LLM. It re-scores the retrieved sentences, quotes the best one (and, with
``max_answer_sentences`` 2, a neighbour that scores nearly as well and adds words of the question), with a
``[n]`` marker per quoted sentence. Every citation carries the sentence's span in its source file.

It refuses ("The article does not say ...") when any refusal signal says the article lacks the answer
(``rag.signals``: similarity, support, numbers, slot, roles, names, task).

Choosing the sentence weighs the question's words by how rare they are in the corpus, counts all names of
a country as one word and near words (in MiniLM's space or in WordNet) as part of one (``rag.overlap``);
a follow-up's own words count more than those it borrows from earlier turns, and the previous answer
shapes the choice: "what else ...?" skips what it quoted, the sentence after it earns a bonus
(``rag.followups``). "Who said that?" after an answer quotes the sentence naming the speaker of what it
quoted, "Who is quoted in this story?" the one introducing the article's speaker, "Where did he say
this?" the one placing his speaking, "Who said X?" also cites the one naming him, and a sentence only
announcing what was said is quoted with the quote after it (``rag.speakers``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import partial
from typing import Sequence

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from rag import followups
from rag.acronyms import name_used_for
from rag.aliases import Aliases
from rag.answer_types import telling, type_fit
from rag.attributes import counts_window
from rag.index import Index
from rag.lexicon import content_words, terms
from rag.overlap import Overlap, QuestionTerms, unechoed
from rag.phrasing import keywords_asked
from rag.requests import off_task
from rag.retrieve import asked_kind, sentence_document
from rag.settings import Settings
from rag.signals import SignalReader, Signals
from rag.slots import Slot, detail_asked, event_words, fits, slot_of
from rag.speakers import Speakers
from rag.speaking import asks_where_said, asks_who_else_spoke, asks_who_said
from rag.verdicts import reversed_only, verdict
from rag.vocabulary import ArticleWords
from rag.wordnet import WordNet

REFUSAL = "The article does not say. Ask about what it reports, for example who said what, numbers, dates or places."


@dataclass(frozen=True)
class Citation:
    """A quoted sentence: marker number, file, span ``[start, end)`` in the raw file, cleaned text."""

    n: int
    source: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Retrieved:
    """A sentence the retriever offered, with its fused score."""

    source: str
    start: int
    end: int
    text: str
    score: float


@dataclass
class Answer:
    """The one result type: CLI, web UI, REST API and evals all read this."""

    question: str
    answer: str
    refused: bool
    citations: list[Citation] = field(default_factory=list)
    retrieved: list[Retrieved] = field(default_factory=list)
    latency_ms: float = 0.0

    def to_dict(self) -> dict:
        """The JSON object of ``rag ask --json`` (and of ``POST /api/ask``)."""
        return asdict(self)


class ExtractiveAnswerer:
    """Quote the article's own sentences; refuse when the article does not hold the answer.

    The refusal signals read the article the best sentence comes from (``rag.signals``).
    """

    def __init__(self, index: Index, embeddings: Embeddings, settings: Settings) -> None:
        self.index, self.embeddings, self.settings = index, embeddings, settings
        self.aliases = Aliases(" ".join(s.text for s in index.sentences))
        wordnet = WordNet.open(settings.wordnet_path, settings.synonyms_path) if settings.wordnet else None
        self.words = ArticleWords(index, embeddings, settings.word_neighbour_similarity, wordnet)
        self.overlap = Overlap(index, self.words, self.aliases, settings)
        self.speakers = Speakers(index.sentences, self.aliases.names_place_of)
        self.signals = SignalReader(index, self.words, self.aliases, settings)
        self.plainly = partial(self.words.mentions, near=False)  # a word said itself or by WordNet, not a near word

    # -- public ---------------------------------------------------------------------------------------

    def vector_text(self, text: str, *, expand: bool = True) -> str:
        """``text`` as the vector search reads it: "the North" as the country it stands for (MiniLM takes
        it for a direction) and, with ``expand``, the article's words that share a synonym line with a word
        of it that the article never uses ("Would they insist on conditions?" + "preconditions"): MiniLM
        puts "conditions" nearer "the North refuses dialogue" than "without preconditions". On the dev
        sets the expansion won 6 answers and lost none."""
        text = self.aliases.name_sides(text)
        said = self.words.synonyms_said(text) if expand else []
        return f"{text} {' '.join(said)}" if said else text

    def spell(self, text: str) -> str:
        """``text`` with misspelt names and words as the article or WordNet writes them ("Koepke",
        "goverment"): a typo is searched and weighed as the word it misses."""
        return self.words.common_capitals(self.words.spell(self.aliases.spell(text)), self.aliases.is_name)

    def answer(self, question: str, query: str, docs: Sequence[Document], *, plain: str | None = None,
               shown: str = "") -> Answer:
        """An ``Answer`` for ``question`` from the retrieved ``docs`` (found with the standalone ``query``).

        ``plain`` is the question without markup, which the refusal signals read (default: ``question``);
        ``shown`` is the previous answer of the conversation, if any.
        """
        retrieved = retrieved_from(docs)
        plain = plain if plain is not None else question
        chosen, signals = self.select(plain, query, docs, shown=shown)
        if chosen and query == plain and len(asks := followups.asks_of(plain)) > 1:
            # "Two things: how many containers, and how many missiles?": each ask its sentence, if each has one
            parts = [self.select(ask, ask, docs)[0] for ask in asks]
            if all(parts):
                unique = {(d.metadata["source"], d.metadata["start"]): d for part in parts for d in part}
                chosen = [unique[key] for key in sorted(unique)]  # in article order
        if not chosen:
            return Answer(question, refusal(question), True, [], retrieved)
        citations = [Citation(n, d.metadata["source"], d.metadata["start"], d.metadata["end"], d.page_content)
                     for n, d in enumerate(chosen, start=1)]
        text = " ".join(f"{c.quote} [{c.n}]" for c in citations)
        # Quoted though a signal says refuse: select found the transfer asked about the other way round
        said = "No" if signals.refuse(self.settings) else verdict(plain, chosen[0].page_content, self.overlap)
        if said:  # "Did they ...?" -> "No. <quote>"
            text = f"{said}. {text}"
        return Answer(question, text, False, citations, retrieved)

    def select(self, question: str, query: str, docs: Sequence[Document], *,
               shown: str = "") -> tuple[list[Document], Signals]:
        """The sentences to quote (empty: refuse) and the signals behind the decision.

        A follow-up (``query`` differs from ``question``) is about what its own words ask: a sentence's
        similarity to the follow-up itself counts as much as to the query that carries the topic, and
        "what else ...?" does not quote again a sentence the previous answer ``shown`` quoted.
        """
        if not docs or off_task(question):
            return [], Signals(0.0, 0.0, off_task=bool(docs))
        # "did china help?", "What did Koepke say?": names as the article writes them, for the signals.
        question, query = (self.spell(self.aliases.truecase(t)) for t in (question, query))
        # "Who said that?", "Who is quoted in this story?": the article's structure answers, not its words.
        source = docs[0].metadata["source"]
        if (said := self.speakers.structural(question, source, shown, _when_then(question, query))) is not None:
            return [sentence_document(said)], Signals(1.0, 1.0)
        if asks_who_else_spoke(question) and self.speakers.people(source) <= 1:  # "Who else spoke on the panel?"
            return [], Signals(1.0, 1.0, unfilled_slot="anyone else who spoke")
        asked = self.overlap.question(question, query)
        docs = followups.unshown(question, shown, list(docs))  # "What else ...?"
        prev = self.speakers.quoted(shown) if shown and query != question else None
        follows = followups.bonus(question, shown, prev, self.settings.next_sentence_weight, self.words.mentions)
        own = question if query != question else None  # a follow-up's own words may ask for another type
        scored = sorted(((self.score(query, d, asked, own) + follows(d), d) for d in docs), key=lambda x: -x[0])
        question = self.aliases.resolve(question)  # the signals read the article's names for countries
        slot = slot_of(question, self.words.wordnet, canonical=self.aliases.canonical(question))
        # "How many containers ...?" "What about the missiles?": the count asked before, of missiles in those words
        other = None if slot is not None else followups.count_of_other(question, query)
        slot = slot or other
        if (acronym := self.words.acronym_for(name_used_for(question), source, self.aliases.canonical)) or (
                slot is None and (acronym := followups.acronym_shown(question, shown))):  # "What name did he use for X?"
            slot = Slot("expansion", acronym)  # "Ah, those letters. What does that stand for again?"
        elif slot is not None and slot.kind == "done" and shown:  # "Delivered yet?": what was just shown
            slot = Slot("done", " ".join(content_words(shown)[:2]), slot.asked)
        elif slot is not None and slot.kind == "thing" and asked_kind(question) is not None:
            slot = None  # "Which news service did this come from?": the page's source line is one, by its kind
        # a count is of the thing in so many words, a synonym or a kind (MiniLM puts "munitions" near "missiles")
        plainly, said = self.plainly, self.plainly if slot is not None and slot.kind == "count" else self.words.mentions
        fitting = [(sc, d) for sc, d in scored
                   if slot is None or fits(slot, d.page_content, said, plainly, is_country=self.aliases.names_place_of)]
        if fitting and slot is not None and slot.kind == "date":
            # "When did the US and North Korea last hold talks?": a date of another event is no answer. Only event words
            # the article uses, or a synonym of (rag/synonyms.txt), decide ("talks"); a paraphrase ("flowing") cannot.
            # "Start date on that container tally?": a sentence counting containers.
            vocabulary = self.words.vocabularies.get(source) or self.words.corpus
            told = [w for w in event_words(slot.asked or question) if vocabulary.uses(w) or self.words.synonyms_said(w)]
            fitting = [(sc, d) for sc, d in fitting if (not told or any(plainly(d.page_content, w) for w in told))
                       and counts_window(slot.asked or question, d.page_content, shown)]
        if not fitting and slot is not None and slot.kind in ("title", "expansion"):
            # A title or an acronym's expansion is found by structure, in any sentence, retrieved or not
            # ("Which countries does the official's portfolio cover?" shares no word with his title).
            fitting = [(0.0, sentence_document(s)) for s in self.speakers.in_article(source)
                       if fits(slot, s.text, self.words.mentions, plainly)][:1]
        best_score, best = (fitting or scored)[0]
        # what was shown, with the article sentence it paraphrases ("Military assistance, including ..." is
        # what "Pyongyang is seeking"): "Has Moscow handed over any of those yet?" takes the sought as given
        shown_said = f"{shown} {prev.text}" if prev is not None else shown
        signals = self.signals.read(question, query, docs, best, slot, bool(fitting), shown_said,
                                    coverage=self.overlap.coverage(self.overlap.question(kw, kw) if (
                                        kw := keywords_asked(question, query)) else asked, best.page_content))
        if signals.refuse(self.settings) and not reversed_only(question, signals, self.settings):
            return [], signals
        chosen = [best] + self.continuation(query, best, best_score, fitting[1:])
        # "Who said the door remains open?" -> also "He also reiterated ..."; "The official underscored the
        # ramifications ..." -> also the quote after it that says what they are, or only the quote when it
        # answers nearly as well ("How did he describe Russia's war?": "... Russia's unlawful war").
        who = asks_who_said(question, of_content=True)
        said = (self.speakers.attribution(best) if who else self.speakers.elaboration(best) if len(chosen) == 1
                else None)
        if said is not None:
            at = (said.source, said.start)
            quoted = next((sc for sc, d in scored if (d.metadata["source"], d.metadata["start"]) == at), None)
            # "Did he reiterate that the channel for dialogue is still available?": the announcing sentence
            # says it; the quote after it, about diplomacy in general, is cited only when it answers too
            if who or quoted is None or quoted >= self.settings.elaboration_ratio * best_score:
                chosen.append(sentence_document(said))
            framed = not who and self.speakers.frames_only(best.page_content)  # the best only announces the quote
            if framed and quoted is not None and quoted >= self.settings.quote_over_frame_ratio * best_score:
                chosen = chosen[1:]
            elif framed and len(chosen) == 2 and (tells := telling(question)) \
                    and len(told := [d for d in chosen if tells(d.page_content)]) == 1:
                chosen = told  # "What adjective did he use for Russia's war?": "unlawful war", not "war-torn"
        chosen.sort(key=lambda d: (d.metadata["source"], d.metadata["start"]))  # read in article order
        return chosen, signals

    def continuation(self, query: str, best: Document, best_score: float,
                     others: Sequence[tuple[float, Document]]) -> list[Document]:
        """The sentence before or after ``best`` when it scores nearly as well and adds query terms.

        Only a neighbour: on the dev split, a second sentence from elsewhere in the article was never
        evidence (citation precision 0.73 -> 0.86 without it, no answer lost).
        """
        s = self.settings
        covered = set(terms(best.page_content))
        chosen: list[Document] = []
        for score, doc in others:
            if 1 + len(chosen) >= s.max_answer_sentences or score < s.second_sentence_ratio * best_score:
                break
            next_to_best = (doc.metadata["source"] == best.metadata["source"]
                            and abs(doc.metadata["position"] - best.metadata["position"]) == 1)
            adds = set(terms(query)) & set(terms(doc.page_content)) - covered
            if adds and next_to_best and not _near_duplicate(doc.page_content, best.page_content):
                chosen.append(doc)
                covered |= set(terms(doc.page_content))
        return chosen

    def score(self, query: str, doc: Document, asked: QuestionTerms | None = None,
              own: str | None = None) -> float:
        """Answer-selection score: cosine similarity + weighted share of the question's terms it says and of
        its adjacent term pairs (``rag.overlap``) + type fit. A follow-up's similarity is the mean of the
        sentence's similarity to the query and to its ``own`` words (``own_similarity``, set by the
        retriever), which also choose the answer type and the pairs when they ask for one."""
        # a clause restating the question answers nothing, unless the rest of the sentence says what it adds
        said = unechoed(own or query, doc.page_content, mentions=self.plainly)
        coverage = self.overlap.coverage(asked or self.overlap.question(query, query), said)
        similarity = float(doc.metadata["similarity"])
        if "own_similarity" in doc.metadata:
            similarity = (similarity + float(doc.metadata["own_similarity"])) / 2
        # A question about the page (headline, photo, source) rewards that sentence as much as full coverage.
        # The headline restates the lead in short: a question not about it is better answered by the body.
        kind, asked = doc.metadata.get("kind"), asked_kind(query)
        s = self.settings
        phrases = self.overlap.phrases(own or query, said)  # a follow-up's own words: what it asks
        return (similarity + s.coverage_weight * coverage + s.phrase_weight * phrases
                + s.answer_type_weight * type_fit(query, doc.page_content, self.aliases.names_place_of, own=own)
                + s.coverage_weight * float(kind == asked) - s.headline_weight * float(kind == "headline" != asked))


def _when_then(question: str, query: str) -> str | None:
    """The date unit of a follow-up asking only for a date ("What date was that on?") after a question about
    the speaking ("Where did the official make these remarks?"): when the speaker spoke."""
    detail = detail_asked(question) if query != question else None
    if detail is None or detail.kind != "date" or not asks_where_said(query[len(question):]):
        return None
    return {"weekday": "weekday", "date": "date", "day": "date"}.get(detail.noun, "day")


def retrieved_from(docs: Sequence[Document]) -> list[Retrieved]:
    """The ``retrieved`` list of an ``Answer``: what the retriever offered, with fused scores."""
    return [Retrieved(d.metadata["source"], d.metadata["start"], d.metadata["end"], d.page_content,
                      round(float(d.metadata["score"]), 6)) for d in docs]


def refusal(question: str) -> str:
    """The fixed refusal. It never repeats the question: that would echo injected text or markup."""
    return REFUSAL


def _near_duplicate(a: str, b: str) -> bool:
    ta, tb = set(terms(a)), set(terms(b))
    return bool(ta and tb) and len(ta & tb) / min(len(ta), len(tb)) >= 0.7
