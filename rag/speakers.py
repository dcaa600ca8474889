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

>>> asks_who_said("Who made that claim?"), asks_who_said("what's his name?"), asks_who_said("Who is Robert Koepcke?")
(True, True, False)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from rag.corpus import Sentence
from rag.entities import has_place, person_names
from rag.lexicon import terms
from rag.roles import SPEECH_VERBS

_BACK, _AHEAD = 4, 2
_MIN_REPEATED = 0.6  # share of the shorter's terms an answer and a sentence must share to be the same

_WHO_SAID = re.compile(
    r"^\W*(?:(?:and|but|so|ok|okay)\W+)?(?:"
    r"who(?:\s+\w+)?\s+(?:said|says|say|made|make|makes|claimed|claims|claim|stated|states|told|tells|wrote|"
    r"warned|argued|quoted|voiced|gave|expressed|provided|reported|cited|released|disclosed|revealed|shared|"
    r"mentioned|offered)\b[^?.!]*\b(?:that|this|it|so|these|those)\b"
    r"|whose\s+(?:words|claim|quote|statement|remarks?|view|comments?)\s+(?:is|are|was|were)\s+(?:that|this|these|those)\b"
    # "says who?", "According to whom?": who said what was just shown
    r"|(?:says|said)\s+who\b|according\s+to\s+whom?\s*\?*\s*$"
    # "What's his name?", "Who is he?", "Who was that official?": the one just quoted, by name.
    r"|what(?:'s|’s|\s+is|\s+was)\s+(?:his|her|their|the\s+(?:official|speaker|source)['’]s)\s+(?:full\s+)?name\b"
    r"|who(?:'s|’s|\s+is|\s+was)\s+(?:he|she|that|this|the\s+(?:official|speaker|source))\s*\??\s*$"
    # "And who was the official that said that?"
    r"|who(?:'s|’s|\s+is|\s+was)\s+the\s+(?:official|person|man|woman|diplomat|speaker|guy)\s+(?:that|who)\s+"
    r"(?:said|says|made|gave|stated|claimed)\s+(?:that|this|it|so|these|those)\b"
    # "Who exactly is the source for that figure?": who gave what was shown, not the page's source line
    r"|who(?:\s+exactly)?(?:'s|’s|\s+is|\s+was)(?:\s+exactly)?\s+the\s+source\s+(?:for|of|behind)\s+"
    r"(?:that|this|these|those)\b(?!\s+(?:article|story|piece|report|news|text|page)\b))",
    re.IGNORECASE,
)
# "Who said the door for dialogue remains open?": who said what the question itself quotes.
_WHO_SAID_IT = re.compile(r"^\W*(?:(?:and|but|so)\W+)?who\s+(?:\w+\s+)?(?:said|says|say|claimed|claims|stated|"
                          r"states|told|tells|warned|warns|revealed|reveals|underscored|stressed|reiterated|added)\b",
                          re.IGNORECASE)


# "Who is quoted in the story?", "Which U.S. official made these statements?", "Who is the diplomat making
# these claims?": the article's source.
# "the US official", "the senior American official": the one the article quotes ("the North Korean official" is nobody)
_AMERICAN = r"(?:(?:us|u\.s\.|american|united\s+states|state\s+department|senior|top|main)\s+){0,2}"
_IN_STORY = r"(?:\s+(?:in|of|from)\s+(?:this|the)\s+(?:story|article|piece|report|news))?"
_WHO_IS_QUOTED = re.compile(
    r"\bwho\b[^?]*\b(?:quoted|cited|interviewed)\b"
    r"|\b(?:who(?:\s+exactly)?(?:['’]s|\s+is|\s+was)?(?:\s+the)?|which)\s+(?:[\w.]+\s+){0,2}?(?:official|person|diplomat|"
    r"spokes\w+|man|woman|source)?\s*(?:made|makes|making|gave|give|gives|giving|delivered|behind|disclosed|revealed|"
    r"provided|shared|released)\s+(?:these|those|the)\s+(?:[\w-]+\s+){0,3}?(?:statements?|remarks|comments?|claims?|"
    r"allegations?|assertions?|accusations?|figures?|numbers?|data|details)\b"
    r"|\bwho(?:['’]s|\s+is|\s+was)\s+the\s+(?:[\w.]+\s+)?(?:official|person|diplomat|spokes\w+|man|woman|guy)\s+"
    r"(?:in|of|behind|quoted in)\s+(?:this|the)\s+(?:story|article|piece|report|news)\b"
    # "who is the man", "who's the official?", "name of us official?": the one person the article speaks of
    r"|^\W*who(?:['’]s|\s+is|\s+was)\s+(?:this|that|the)\s+" + _AMERICAN + r"(?:man|woman|guy|official|person|diplomat)"
    + _IN_STORY + r"\W*$"
    r"|^\W*(?:what(?:['’]s|\s+is)\s+)?(?:the\s+)?name\s+of\s+(?:the\s+)?" + _AMERICAN
    + r"(?:official|diplomat|man|speaker)(?:" + _IN_STORY + r"\W*$|\s+(?:who|that)\s+(?:\w+\s+)?(?:said|says|say|spoke|gave|gives|give|"
    r"made|makes|revealed|shared|disclosed)\b)"
    # "the name of the US official quoted on the container numbers", "who's our source for the 16,500 figure?"
    r"|\bname\s+of\s+(?:the\s+)?" + _AMERICAN + r"(?:official|diplomat|speaker)\s+(?:quoted|cited|making|behind)\b"
    r"|^\W*who(?:['’]s|\s+is|\s+was)\s+(?:our|the|your)\s+source\s+(?:for|on|of|behind)\s+(?:the\s+|that\s+|this\s+)?"
    r"(?:[\w,.-]+\s+){0,3}?(?:figure|number|count|tally|total|estimate|claim)s?\b",
    re.IGNORECASE)
_SPEECH = re.compile(rf"\b{SPEECH_VERBS.pattern}\b")  # "said", "revealed", "reiterated" ...
# A sentence announcing what was said without saying it: a speech verb and its object, no "that", no quote.
_FRAMES = (r"^(?!.*[“”\"]).*\b(?:underscored|stressed|highlighted|outlined|emphasized|emphasised|described|explained|"
           r"detailed|warned of|spoke of|spoke about)\b(?!\s+that\b)(?!.*\bthat\b)")  # says what only the quote says
_ANNOUNCES = re.compile(_FRAMES + r"|"
                        # "He also reiterated that the door ... remains open.": the quote after gives his words
                        r"^(?!.*[“”\"]).*\b(?:reiterated|reaffirmed|repeated)\s+that\b")
_QUOTE_SAID = re.compile(r"^\W*[“\"].*[”\"],?\s+(?:he|she|they|the official)\s+(?:said|added)\b")
# "Where did he say all this?", "Where was he speaking?": the place of the speaking, not of what was said;
# "When did he say this?", "What day of the week did the guy say all this?": its day.
_SAYINGS = (r"(?:remarks|comments|things|stuff|words|figures|numbers|details|claims|news|information|statements?|disclosures?|"
            r"revelations?|allegations?|accusations?)")
# "And ...", "Quick question for my notes: ...": what may come before the question itself
_PREFACE = r"^\W*(?:[^?:]{0,80}:\s+)?(?:(?:and|but|so)\W+)?"
_SAID_ASKED = (r"\s+(?:(?:did|was|were|does|is)\s+)?(he|she|they|(?:the|these|those|his|her|their)\s+(?:[\w.'’]+\s+)?\w+|\w+)\s+"
               r"(?:when\s+(?:he|she|they)\s+)?(?:(?:even|actually|really|first)\s+)?(?:say|said|speak|speaking|spoke|make|making|made|give|giving|"
               r"gave|talk|talking|comment|commenting|share|shared|sharing|reveal|revealed|disclose|disclosed|drop|dropped|"
               # "were the remarks delivered": a saying delivered, not goods ("Where were the containers delivered?")
               r"(?:(?<=remarks )|(?<=comments )|(?<=statements )|(?<=disclosures ))(?:delivered|presented))"
               # ... with nothing said after the verb: "Where did he say the missiles went?" is not it
               r"(?:\s+(?:about\s+)?(?:all\s+)?(?:this|that|it|these|those|so)(?:\s+" + _SAYINGS + ")?"
               r"|\s+(?:the|his|her|their)\s+(?:[\w-]+\s+)?" + _SAYINGS + ")?"
               # "... speaking at", "Where was he speaking when he said this?"
               r"(?:\s+(?:at|in))?(?:\s+when\s+(?:he|she|they)\s+(?:said|made|gave|dropped)\s+(?:all\s+)?"
               r"(?:this|that|it|these|those)(?:\s+" + _SAYINGS + r")?)?"
               # ... or a dash and more of the same: "- what sort of event, and in which city?", ", at the UN?"
               # ... or a statement after the question: "? I need the date for a citation.", or a guess at it:
               # "? Was it a press briefing, a hearing? Set the scene for me."
               r"\s*(?:[?.!]*\s*$|[-–—;:,]\s.*$|\?\s+[^?]*$|\?\s+(?:was|is|were)\s+(?:it|this|that)\b[^?]*\?[^?]*$"
               # ... or the kind of place asked after it: "? What kind of event it was?"
               r"|\?\s+(?:what|which)\s+(?:kind|sort|type)\s+of\s+(?:event|place|forum|gathering|venue)\b[^?]*\?\s*$)")
# ... "At what sort of gathering did the official share these figures?": the place, as an event
# ... also after a guess ("was this some press briefing or where did he say it") or with a second place
# asked ("In what city and at what kind of event were these disclosures made?")
_PLACE_ASKED = (r"(?:(?:at|in)\s+)?(?:what|which)\s+(?:sort\s+of\s+|kind\s+of\s+|type\s+of\s+)?(?:event|gathering|"
                r"meeting|venue|occasion|forum|conference|setting|city|town|country|place|location)")
_WHERE_SAID = re.compile(_PREFACE + r"(?:[^?]*?\bor\s+)?(?:where|" + _PLACE_ASKED
                         + r"(?:,?\s+and\s+" + _PLACE_ASKED + ",?)?)"
                         + _SAID_ASKED, re.IGNORECASE)
# "When did he say it?", "On what date were the remarks made?", a chat fragment "day he said it?"
_WHEN_SAID = re.compile(_PREFACE + r"(?:when|(?:on\s+)?(?:(?:what|which)\s+)?(?:day(\s+of\s+(?:the\s+)?week)?|date|"
                        r"(weekday)))" + _SAID_ASKED, re.IGNORECASE)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# A speech verb with its day: "a U.S. official said Wednesday", "speaks during a forum ... on Sept. 4, 2024".
SAID_ON = re.compile(rf"\b(?:{SPEECH_VERBS.pattern}|speaks|spoke)\b(?:\s+[\w.,]+){{0,8}}?\s+(?:on\s+)?"
                     rf"({_WEEKDAY}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{{1,2}})\b")


# "Who else spoke on the panel with him?", "Was anyone else quoted?": another person who spoke or was there
_WHO_ELSE = re.compile(r"\b(?:who\s+else|(?:any|some)(?:one|body)\s+else|any\s+other\s+(?:officials?|people|speakers?|"
                       r"sources?|panel(?:l)?ists?))\b.*\b(?:spoke|speak|speaks|speaking|said|say|says|quoted|comment\w*|"
                       r"talk\w*|panel|attend\w*|present|there)\b", re.IGNORECASE)


def asks_who_else_spoke(question: str) -> bool:
    """Whether ``question`` asks for another person who spoke or was there ("Who else spoke on the panel?")."""
    return _WHO_ELSE.search(question) is not None


def asks_who_is_quoted(question: str) -> bool:
    """Whether ``question`` asks who the article quotes ("Who is the official quoted in this story?")."""
    return _WHO_IS_QUOTED.search(question) is not None


def asks_where_said(question: str, *, in_conversation: bool = True) -> bool:
    """Whether ``question`` asks where the article's speaker spoke ("Where did he say all this?"). Out of
    a conversation "he" or "she" is the one the article quotes (a reader asks about the story they read),
    and "they" is nobody yet."""
    m = _WHERE_SAID.search(question)
    return m is not None and (in_conversation or m.group(1).lower() != "they")


def asks_when_said(question: str, *, in_conversation: bool = True) -> str | None:
    """Whether ``question`` asks when the article's speaker spoke ("When did he say all this?"): "day",
    "weekday" for "What day of the week ...?", "date" for "On what date ...?" (on the calendar); None when it
    does not ("they" out of a conversation)."""
    m = _WHEN_SAID.search(question)
    if m is None or (not in_conversation and m.group(3).lower() == "they"):
        return None
    return "weekday" if m.group(1) or m.group(2) else "date" if re.search(r"\bdate\b", m.group(0), re.I) else "day"


def asks_who_said(question: str, *, of_content: bool = False) -> bool:
    """Whether ``question`` asks who said what was just shown ("Who said that?", "Whose words are these?"),
    or, with ``of_content``, who said what it quotes ("Who said the door for dialogue remains open?")."""
    if of_content:
        return _WHO_SAID_IT.search(question) is not None and _WHO_SAID.search(question) is None
    return _WHO_SAID.search(question) is not None


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
