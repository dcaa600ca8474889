"""Who said it: the speaker of the sentence an answer quoted, for "Who said that?" after it.

News prose names its source once ("Robert Koepcke, deputy assistant secretary of state, ...") and then
quotes him as "he said" or "the official said". Searching for "Who said that?" finds nothing useful: its
words are all question words. The speaker of a sentence is instead read from the article's structure:

* the sentence the previous answer quoted is the article sentence sharing most of its words with it
  (of the shorter of the two: an answer may quote a part, or two sentences);
* its speaker is named in it, or in the nearest sentence before it that names a person (at most
  ``_BACK`` sentences back), or else in one of the ``_AHEAD`` sentences after it (a lead's "a U.S.
  official said" is named in the next paragraph);
* "Who is the official quoted in this story?" asks for the article's source instead: the first sentence
  that names a person and a speech verb ("Robert Koepcke, ..., also revealed that ...");
* "Where did he say all this?" asks where he spoke: the speaker's sentence, or else that introduction,
  whichever names a place ("During a security forum in Washington, Robert Koepcke ..."); "When did he
  say it?" when: the first sentence with a speech verb and its day ("a U.S. official said Wednesday");
* a person is a two-word name ("Robert Koepcke", as ``entities.person_names`` reads them), or the last
  name alone ("Koepcke also said") of someone the article names in full.

The forms of those questions are read in ``rag.speaking``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from rag.corpus import Sentence
from rag.entities import has_place, person_names
from rag.lexicon import terms
from rag.roles import SPEECH_VERBS
from rag.speaking import asks_when_said, asks_where_said, asks_who_is_quoted, asks_who_said, quoted_fragment

_BACK, _AHEAD = 4, 2
_MIN_REPEATED = 0.6  # share of the shorter's terms an answer and a sentence must share to be the same

_SPEECH = re.compile(rf"\b{SPEECH_VERBS.pattern}\b")  # "said", "revealed", "reiterated" ...
# A sentence announcing what was said without saying it: a speech verb and its object, no "that", no quote.
_FRAMES = (r"^(?!.*[“”\"]).*\b(?:underscored|stressed|highlighted|outlined|emphasized|emphasised|described|explained|"
           r"detailed|warned of|spoke of|spoke about)\b(?!\s+that\b)(?!.*\bthat\b)")  # says what only the quote says
_ANNOUNCES = re.compile(_FRAMES + r"|"
                        # "He also reiterated that the door ... remains open.": the quote after gives his words
                        r"^(?!.*[“”\"]).*\b(?:reiterated|reaffirmed|repeated)\s+that\b")
_QUOTE_SAID = re.compile(r"^\W*[“\"].*[”\"],?\s+(?:he|she|they|the official)\s+(?:said|added)\b")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# A speech verb with its day: "a U.S. official said Wednesday", "speaks during a forum ... on Sept. 4, 2024".
SAID_ON = re.compile(rf"\b(?:{SPEECH_VERBS.pattern}|speaks|spoke)\b(?:\s+[\w.,]+){{0,8}}?\s+(?:on\s+)?"
                     rf"({_WEEKDAY}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{{1,2}})\b")




class Speakers:
    """Finds the sentence naming the speaker of a quoted sentence, within its article."""

    def __init__(self, sentences: Sequence[Sentence], is_place: Callable[[str], bool]) -> None:
        self.sentences = list(sentences)
        self.is_place = is_place
        self._by_source: dict[str, list[Sentence]] = {}
        for sentence in self.sentences:
            self._by_source.setdefault(sentence.source, []).append(sentence)
        for group in self._by_source.values():
            group.sort(key=lambda s: s.position)
        self._last_names = {
            source: {last for s in group for _, last in person_names(s.text, is_place)}
            for source, group in self._by_source.items()
        }
        self._terms = [frozenset(terms(s.text)) for s in self.sentences]
        self._postings: dict[str, list[int]] = {}  # term -> sentences with it, so a corpus is not scanned
        for i, own in enumerate(self._terms):
            for term in own:
                self._postings.setdefault(term, []).append(i)

    def in_article(self, source: str) -> list[Sentence]:
        """The sentences of article ``source``, in order."""
        return list(self._by_source.get(source, ()))

    def structural(self, question: str, source: str, shown: str = "", when_then: str | None = None) -> Sentence | None:
        """The sentence of article ``source`` the article's structure answers ``question`` with ("Who said
        that?" after ``shown``, "Who is quoted?", "Where / when did he say it?"; ``when_then``: the date unit a
        follow-up asks after a question about the speaking), or None. A pasted fragment of the article
        ('"over 16,500 shipping containers" - who said this?') stands for what was shown."""
        if not shown:
            question, shown = quoted_fragment(question)
        unit = asks_when_said(question, in_conversation=bool(shown)) or when_then
        return next(filter(None, (
            shown and asks_who_said(question) and self.speaker_of(shown),
            asks_who_is_quoted(question) and self.introduced(source),
            asks_where_said(question, in_conversation=bool(shown)) and self.spoken_at(source, shown),
            unit and self.spoken_on(source, shown, unit))), None)

    def speaker_of(self, shown: str) -> Sentence | None:
        """The sentence naming who said what ``shown`` (the previous answer) quoted; None if unknown."""
        quoted = self.quoted(shown)
        return None if quoted is None else self._named_near(quoted)

    def introduced(self, source: str) -> Sentence | None:
        """The first sentence of article ``source`` that names a person who speaks in it ("Robert
        Koepcke, deputy assistant secretary of state ..., also revealed"): who the article quotes."""
        return next((s for s in self._by_source.get(source, ())
                     if _SPEECH.search(s.text) and person_names(s.text, self.is_place)), None)

    def spoken_at(self, source: str, shown: str) -> Sentence | None:
        """The sentence telling where the speaker spoke: the one naming the speaker of what ``shown``
        quoted, or the article's introduction of its source, whichever names a place first; the story's
        own words before a photo caption's ("speaks during a forum in Washington" under a picture)."""
        candidates = [self.speaker_of(shown) if shown else None, self.introduced(source)]
        placed = [s for s in candidates if s is not None and has_place(s.text)]
        return min(placed, key=lambda s: s.kind == "caption", default=None)

    def spoken_on(self, source: str, shown: str, unit: str = "day") -> Sentence | None:
        """The sentence telling when the speaker spoke: the one naming the speaker of what ``shown`` quoted,
        or the article's first, that has a speech verb with its day (a weekday, for ``unit`` "weekday"; a
        calendar date, for ``unit`` "date", when one is given, else a weekday)."""
        said = [(s, m.group(1)) for s in [self.speaker_of(shown) if shown else None, *self._by_source.get(source, ())]
                if s is not None and (m := SAID_ON.search(s.text))]
        weekday = [s for s, day in said if re.fullmatch(_WEEKDAY, day)]
        if unit == "weekday":
            return next(iter(weekday), None)
        dated = [s for s, day in said if s not in weekday] if unit == "date" else []
        return next(iter(dated or [s for s, _ in said]), None)

    def attribution(self, doc) -> Sentence | None:
        """For a quoted sentence (a retrieved ``Document``) that names no one ("..., he said"), the
        sentence that names its speaker; None when it names someone itself or none is found."""
        group = self._by_source.get(doc.metadata["source"], [])
        sentence = next((s for s in group if s.start == doc.metadata["start"]), None)
        if sentence is None or self.names_person(sentence):
            return None
        return self._named_near(sentence)

    def elaboration(self, doc) -> Sentence | None:
        """For a sentence that only announces what was said ("The official underscored the ramifications
        from ..."; a speech verb without "that" or a quote), the quote right after it that says it
        ("“Russia is using DPRK bullets ...,” he said."); None otherwise."""
        group = self._by_source.get(doc.metadata["source"], [])
        at = next((i for i, s in enumerate(group) if s.start == doc.metadata["start"]), None)
        if at is None or at + 1 >= len(group) or not _ANNOUNCES.search(group[at].text):
            return None
        after = group[at + 1]
        return after if after.kind == "body" and _QUOTE_SAID.search(after.text) else None

    @staticmethod
    def frames_only(text: str) -> bool:
        """Whether ``text`` announces what was said without saying it ("The official underscored the
        ramifications from ..."), unlike "He also reiterated that the door ... remains open"."""
        return re.search(_FRAMES, text) is not None

    def _named_near(self, sentence: Sentence) -> Sentence | None:
        """``sentence`` or the nearest before it (then after it) that names a person."""
        group = self._by_source[sentence.source]
        at = group.index(sentence)
        before = [group[i] for i in range(at, max(at - _BACK, 0) - 1, -1)]
        after = group[at + 1: at + 1 + _AHEAD]
        return next((s for s in before + after if self.names_person(s)), None)

    def quoted(self, shown: str) -> Sentence | None:
        """The article sentence ``shown`` repeats most of (its quote, or a close paraphrase of it)."""
        said = set(terms(shown))
        shared = Counter(i for term in said for i in self._postings.get(term, ()))

        def repeated(i: int) -> tuple[float, int]:  # overlap coefficient, then shared terms
            return shared[i] / min(len(self._terms[i]), len(said)), shared[i]

        best = max(sorted(shared), key=repeated, default=None)  # a tie goes to the earlier sentence, in every run
        return self.sentences[best] if best is not None and repeated(best)[0] >= _MIN_REPEATED else None

    def people(self, source: str) -> int:
        """How many people article ``source`` names in full."""
        return len(self._last_names.get(source, ()))

    def names_person(self, sentence: Sentence) -> bool:
        """A full name in ``sentence``, or the last name of someone its article names in full."""
        if person_names(sentence.text, self.is_place):
            return True
        last_names = self._last_names.get(sentence.source, set())
        return any(re.search(rf"\b{re.escape(name)}\b", sentence.text) for name in last_names)
