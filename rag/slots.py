"""What a question's answer must hold, read from the question's form (no model).

Similarity cannot tell "How many tanks has North Korea sent?" from "How many missiles ...?": both are
close to the sentence that counts missiles. But the first asks for a count *of tanks*, and no sentence
of the article holds one. ``slot_of`` reads that demand; the answerer quotes only a sentence that meets
it, and refuses when none does:

* **count**: "how many N" -> a number, with N (or a close neighbour of it) in the same sentence; "how many
  of those got shot down?", "were any of them shot down?" -> one in a sentence that says what the
  question says of them (read in ``rag.counts``);
* **money**: "how much ... pay / cost", "what price" -> an amount of money;
* **name**: "the name of the N", "what is the N called" -> N as part of a capitalised name ("Security
  Forum"), since a sentence that says "a security forum" does not name it;
* **thing**: "which N did ...", "what N is ...", and the speaker of "what / why did N say", "did N say"
  -> the article mentions N (or a close neighbour) at all;
* **date** / **place** / **within**: "when ...", "in which city ...", "where in Ukraine" -> a date (a weekday, year,
  month or one to come when asked for), a place named after "in", "at", "from" (inside the one named: no country);
* **identifier**: "which resolutions, by number?", "the names of the companies", "which model of missile"
  -> a number, name or code the question does not hold, near the noun ("multiple U.N. ... resolutions": none);
* **act**: "who organized ..." -> the article tells of that act (the word, a synonym or a near word);
* **named** / **places**: "which allies / companies ..." (plural nouns WordNet first knows as people,
  groups or places), "which cities / towns ..." -> a capitalised name the question does not hold within
  four words of the noun ("working with allies", "destroy Ukrainian cities" name none);
* **choice**: "by rail or by sea?", "by ship ..., or by train ...?" -> one of the options, in the
  article's own words ("shipping containers" is no ship);
* an attribute of a person or thing (their forms are read in ``rag.attributes``):
  * **title**: "What's the official's role?" -> a person's name with a title in apposition ("Robert
    Koepcke, deputy assistant secretary of state");
  * **attribute**: "What is the population of X?", "Who is Koepcke's boss?" -> the article says the noun
    (itself or a close MiniLM neighbour; not via WordNet, whose rarer senses let "secretary" say "leader");
  * **life**: "Where was Koepcke born?", "Is he married?" -> the article tells of that event (as plainly);
  * **share** / **clock** / **distance** / **age** / **author**: "What percentage ...?", "What time did it
    start?", "How far ...?", "How old is Koepcke?", "Which Yonhap journalist wrote this?" -> "40 percent",
    "10 a.m.", "80 centimetres", "52-year-old", a byline ("By Kim Eun-jung"; not "Source: Yonhap");
* **expansion**: "what does DPRK stand for", "what's DPRK?" -> a run of capitalised words whose initials
  spell it ("Democratic People's Republic of Korea").

>>> slot_of("How many tanks has North Korea sent to Russia?")
Slot(kind='count', noun='tanks')
>>> slot_of("Through which port were the containers shipped?")
Slot(kind='thing', noun='port')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from rag.acronyms import acronym_asked, expands
from rag.answer_types import answer_type
from rag.attributes import (ASIDE, AUX, FINAL_QUESTION, PAST, SUBJECT, attribute_asked, choice_asked, date_asked,
                            earlier_post_asked, has_earlier_post, identifier_asked, life_event_asked, measure_asked, title_asked)
from rag.counts import PRONOUNS, count_asked, count_fits
from rag.entities import (conditioned_act, has_age, has_bound, has_byline, has_change, has_clock_time, has_date, has_distance,
                          has_method, has_money, has_place, has_share, has_title, has_weight, identifiers, month_after,
                          names_it, names_of, names_place_within, within_asked)
from rag.lexicon import STOP_WORDS, content_words, stem, terms
from rag.phrasing import direct_question
from rag.progress import done_asked, forecast_asked, forecasts, tells_done
from rag.roles import SPEECH_VERBS
from rag.speakers import SAID_ON
from rag.wordnet import WordNet

# The noun ends the phrase: at "?", a relative word, a preposition, or the subject of a bare relative
# clause ("the name of the forum Koepcke spoke at", "... the company they hired").
_NAME = re.compile(r"\b(?:the )?names? of (?:the |this |that |a |[\w-]+['’]s )?['‘\"“]?(?:[\w-]+\s+){0,2}?"
                   r"(?!(?-i:[A-Z])[\w-]*\s+(?-i:[A-Z])|(?-i:[A-Z]{2,})\s|the\s)([\w-]+)\b['’\"”]?\s*(?:\?|$|"
                   r"\b(?:that|which|who|whom|where|in|at|he|she|they|it|we|you|the|and|or|[a-z]+ed|[a-z]+ing)\b|[,/]|"
                   r"(?-i:[A-Z]))|"
                   r"\bwhat (?:is|was) (?:the |this |that )(?:[\w-]+\s+){0,2}?([\w-]+) called\b", re.IGNORECASE)
_OPENING = r"^\W*(?:(?:and|but|so|ok|okay)\W+)?"  # "so what new sanctions will ...?"
_THING = re.compile(# a question not inverted, as learners write it: "Which allies the US is working with?"
                    _OPENING + r"(?:which|what)\s+((?:[\w-]+\s+)?)([a-z][\w-]*s)\s+" + SUBJECT + AUX + r"\b|"
                    + _OPENING + r"(?:(?:through|from|in|at|to|for|with|by|of|under|on|into)\s+)?(?:which|what)\s+"
                    r"((?:(?!" + AUX + r"\s)[\w-]+\s+){0,2}?)(?!" + AUX + r"\s)([\w-]+)\s+" + AUX + r"\b|"
                    # the subject of a past verb: "Which think tank organized the forum?"
                    + _OPENING + r"(?:which|what)\s+((?:[\w-]+\s+){0,2}?)([\w-]+)(?:\s+(?:in|of|from)\s+(?-i:[A-Z])[\w.-]*)?\s+"
                    + PAST + r"\b|"  # "Which port in Russia received them?": the port
                    # a pronoun subject and no auxiliary, as learners write it: "what port they ship them from"
                    + _OPENING + r"(?:which|what)\s+((?:[\w-]+\s+)?)([a-z][\w-]*)\s+(?:they|he|she|we|you)\s+(?!"
                    + AUX + r"\b)[a-z]+\b", re.IGNORECASE)
_SPEAKER = re.compile(r"(?:^\W*|\b(?:what|why|how|when|where) )(?:did|does|do|has|have|had|will|would) (?!you\b)"
                      r"(?:the |a |an )?((?:[\w'’-]+\s+){0,3}?)([\w-]+)\s+(?:say|said|tell|told|announce|claim|state|"
                      r"add|reveal(?!\s+about\b)|underscore|stress|warn|think|believe)\b", re.IGNORECASE)  # not "would you"
# A follow-up asking which ones, and nothing else: "which allies exactly?", "And what companies?"
_WHICH_ALONE = re.compile(_OPENING + r"(?:which|what) ([a-z]+s)(?:\s+(?:tho|though|then))?\W*$", re.IGNORECASE)
# "Who organized the forum?", "Which organization hosted it?": an act the article tells of (its doer is asked)
_WHO_DID = re.compile(r"^\W*(?:(?:and|but|so)\W+)?(?:who|(?:which|what)\s+(?:[\w-]+\s+)?(?:organi[sz]ations?|groups?|"
                      r"bod(?:y|ies)|institut(?:e|es|ion|ions)|agenc(?:y|ies)|compan(?:y|ies)|universit(?:y|ies)|"
                      r"entit(?:y|ies)|hosts?|sponsors?))\s+(?:(?:is|was|are|were)\s+(?=[a-z]+ing\b)|(?:(?:has|have|had)\s+)?(?=[a-z]+ed\b))"
                      r"(?!said\b|saying\b)([a-z]+)\b", re.IGNORECASE)  # "who organized", "who is organizing"
# "Who reported this story?", "Which agency published it?": who put out the page, which its source line tells.
_PUBLISHED = frozenset("reported published released carried".split())
_THE_PAGE = re.compile(r"\b(?:it|this|story|article|report|piece|news)\W*$", re.IGNORECASE)
# ... in irregular words: "Who put that event on?", "Who ran the forum?" ask who hosted it.
_WHO_HOSTED = re.compile(r"^\W*(?:(?:and|but|so)\W+)?who\s+(?:put|puts|ran|runs|held|holds|staged|stages)\b(?=[^?]*\b"
                         r"(?:forum|event|conference|meeting|panel|gathering|summit|session)s?\b)", re.IGNORECASE)
# Kinds of things that have names: "which allies / companies / cities" asks for the names.
_NAMED_KINDS = ("person", "social group", "location")
_HEDGES = re.compile(r"\s+(?:exact|exactly|precise|precisely|specific|specifically|really|actually)\b", re.IGNORECASE)
# Nouns framing a question, not naming what it asks for ("what kind of"; "Did this gentleman say ...?": whoever speaks)
_LIGHT_NOUNS = frozenset("kind kinds sort sorts type types way ways point extent degree times part parts "
                         "sense manner else one ones exactly precisely specifically really actually "
                         "guy guys fellow fella dude gentleman gentlemen chap bloke lady man woman rest remainder "
                         "kit gear hardware cargo freight payload".split())  # "What military kit is Pyongyang seeking?": whatever it is
_IDIOM_NOUNS = frozenset(f"{size} picture" for size in "big bigger broader larger wider".split())  # no photo asked
# Nouns that name the type of the answer: the sentence must hold such a thing, not the word.
_TYPE_NOUNS = {**dict.fromkeys("date day days year month time week weekday".split(), "date"),
               **dict.fromkeys("city cities country countries place places location town venue".split(), "place")}
_TOWNS = frozenset("cities towns capitals".split())  # no list of them to check a name against, as for countries
_WHICH_TOWNS = re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+)?(?:(cities|towns|capitals)\b|(city|town)\s+(?:in|of)\s+"
                          r"(?!(?:the|a|an|this|that)\b)\w)", re.IGNORECASE)  # "which city in Ukraine": one of its
_REGION_NOUNS = frozenset("region regions area areas continent continents theater theaters theatre theatres".split())
_HAPPENING = frozenset("since happen happens happened happening going start started starting began begun "
                       "frame timeframe period span".split())  # "And over what time frame was that?": its date
_NOT_A_KIND = STOP_WORDS | _LIGHT_NOUNS | frozenset("two three four both several many other specific exact".split())
# Slots a sentence fills by holding one kind of thing, whatever the question's words.
_HOLDS = {"money": has_money, "title": has_title, "share": has_share, "clock": has_clock_time, "age": has_age,
          "author": has_byline, "place": has_place, "distance": has_distance, "method": has_method,
          "weight": has_weight, "change": has_change, "precision": has_bound,
          "earlier": has_earlier_post}  # "What was his job before that?"


@dataclass(frozen=True)
class Slot:
    """The kind of answer asked for (``count``, ``money``, ``name``, ``thing``) and the noun it is about."""

    kind: str
    noun: str | None = None
    asked: str = field(default="", compare=False, repr=False)  # the question, for slots that read it again
    phrase: str = field(default="", compare=False, repr=False)  # a compound WordNet knows: "wire service"

    def describe(self) -> str:
        """What the article lacks, for the calibration printout."""
        return {"count": f"a count of {self.noun or 'it'}", "money": "an amount of money", "date": "a date",
                "name": f"the name of the {self.noun}", "thing": f"any {self.noun}", "attribute": f"any {self.noun}",
                "expansion": f"what {self.noun} stands for", "place": "a place", "act": f"who {self.noun}",
                "choice": f"either {self.noun}", "named": f"names of the {self.noun}", "age": "anyone's age",
                "places": f"names of the {self.noun}", "title": "a person's title", "life": f"anyone {self.noun}",
                "share": "a share", "clock": "a time of day", "distance": "a distance", "weight": "a weight",
                "author": "who wrote it", "region": "a part of the world", "forecast": "what is to come",
                "method": "how it was found", "change": "a change over time", "earlier": "an earlier post",
                "precision": "how exact a number is", "identifier": f"the numbers or names of the {self.noun}",
                "done": "a hand-over", "within": f"a place in {self.noun}"}[self.kind]


def slot_of(question: str, wordnet: WordNet | None = None, *, canonical: str = "") -> Slot | None:
    """The answer slot ``question`` sets, if its form sets one. With ``wordnet``, "which N" for plural N whose
    most frequent sense is a person, a social group or a place ("Which allies ...?") asks for their names
    (``named``). With the question's ``canonical`` form (``Aliases.canonical``), a country's role asks for no title."""
    slot = (_slot_of(question) or ((m := FINAL_QUESTION.match(question)) and _slot_of(m.group(1)))
            or ((direct := direct_question(question)) and _slot_of(direct)) or None)  # "tell me when it began"
    if slot is not None and slot.kind == "title" and re.search(rf"\bX[a-z]*{slot.noun}\b", canonical):
        return None  # "What is North Korea's role?", "the role of Russia"
    if (slot is not None and slot.kind == "thing" and wordnet is not None and slot.noun.endswith("s")
            and re.search(rf"\b{re.escape(slot.noun)}\b", question)  # a kind, not a name ("the United States")
            and wordnet.kind_of(slot.noun, _NAMED_KINDS, first_sense=True)):
        return Slot("named", slot.noun, question)
    if (slot is not None and slot.kind == "thing" and wordnet is not None
            and (m := re.search(rf"\b([a-z]+) {re.escape(slot.noun)}\b", question, re.IGNORECASE))
            and wordnet.lemmas_of(f"{m.group(1).lower()} {slot.noun}")):
        return Slot("thing", slot.noun, phrase=f"{m.group(1).lower()} {slot.noun}")  # "wire service"
    return slot


def detail_asked(question: str) -> Slot | None:
    """The slot of a follow-up that asks only for a detail, with no words of its own ("And since when?",
    "When was that?", "Since when has that been happening?"): a detail, likely, of what was just quoted."""
    slot = _slot_of(question)
    if slot is None or set(content_words(question)) - _TYPE_NOUNS.keys() - _HAPPENING:
        return None
    return slot


def _slot_of(question: str) -> Slot | None:
    if acronym := acronym_asked(question):
        return Slot("expansion", acronym)
    measure = measure_asked(question)
    if measure in ("money", "method", "precision"):  # before counts: "How does the US know the number ...?"
        return Slot(measure)
    asked, noun = count_asked(question)
    if asked:  # "How many of them went by rail versus by ship?": the options are what the article must say
        return ((noun is None or re.search(r"\bby\s", question)) and _choice(question)) or Slot("count", noun, question)
    if noun := identifier_asked(question):
        return Slot("identifier", noun, question)
    if (m := _WHO_DID.search(question)) and not (m.group(1).lower() in _PUBLISHED and _THE_PAGE.search(question)):
        return Slot("act", m.group(1).lower())  # but "Which agency reported it?" asks for the page's source line
    if _WHO_HOSTED.search(question):
        return Slot("act", "hosted")
    if place := within_asked(question):  # "Where in Ukraine did the missiles land?"
        return Slot("within", place)
    if event := life_event_asked(question):
        return Slot("life", event)
    if unit := date_asked(question):
        return Slot("date", unit, question)
    if forecast_asked(question) or done_asked(question):  # "Will they send more?", "Did they get the jets yet?"
        return Slot("forecast" if forecast_asked(question) else "done", "", question)
    if measure:
        return Slot(measure)
    if whose := title_asked(question) or earlier_post_asked(question):  # "What was his job before that?"
        return Slot("earlier" if earlier_post_asked(question) else "title", whose)
    if m := _NAME.search(question):
        return Slot("name", (m.group(1) or m.group(2)).lower())
    if noun := attribute_asked(question, framing=_LIGHT_NOUNS | STOP_WORDS | _TYPE_NOUNS.keys()):
        return Slot("attribute", noun)
    if m := _WHICH_TOWNS.search(question):  # "Tell me which cities in Ukraine were hit": their names
        return Slot("places", (m.group(1) or {"city": "cities", "town": "towns"}[m.group(2).lower()]).lower(), question)
    if answer_type(question) == "region":  # "Concerns about which regions?", "Which parts of the world ...?"
        return Slot("region", "regions")
    unhedged = _HEDGES.sub("", ASIDE.sub(" ", question))  # "Which allies exactly (...) is ...": "allies"
    if m := _THING.search(unhedged) or _SPEAKER.search(unhedged) or _WHICH_ALONE.search(unhedged):
        noun = (m.group(8) or m.group(6) or m.group(4) or m.group(2) if m.re is _THING else m.group(m.re.groups)).lower()
        if noun in _REGION_NOUNS:
            return Slot("region", noun)  # "Which regions ...?": a part of the world that is no country
        if noun in _TOWNS:
            return Slot("places", noun, question)  # "Which Ukrainian cities were struck?": their names
        kind_of = (m.group(7) or m.group(5) or m.group(3) or m.group(1) or "").split()[-1:] if m.re is _THING else []
        if noun in _TYPE_NOUNS and _TYPE_NOUNS[noun] == "place" and kind_of and kind_of[0].islower() \
                and kind_of[0] not in _NOT_A_KIND:  # not "Asian": a continent's countries are a matter of fact
            return Slot("named", kind_of[0], question)  # "Which partner countries ...?": partners, by name
        if noun in _TYPE_NOUNS:
            return Slot(_TYPE_NOUNS[noun], noun)
        if noun not in STOP_WORDS | _LIGHT_NOUNS | PRONOUNS and " ".join([*kind_of, noun]).lower() not in _IDIOM_NOUNS:
            return Slot("thing", noun)
    return _choice(question)


def _choice(question: str) -> Slot | None:
    options = choice_asked(question, not_options=STOP_WORDS | PRONOUNS)
    return None if options is None else Slot("choice", " or ".join(options))


# A question about the speaking ("On what day did the official make these remarks?") or its photo; no-event words.
_SPOKEN = r"speak|speaks|spoke|spoken|remarks?|statements?|comments?|claims?|picture|photo\w*|image|pic|taken"  # or its photo
_SPOKEN_ASKED = re.compile(r"(?-i:" + SPEECH_VERBS.pattern + r")|"  # lower case: "United States" states nothing
                           rf"\b(?:{_SPOKEN}|informations?|public|disclosed?|figures?)\b", re.IGNORECASE)
_SAID_ON_YEAR = re.compile(SAID_ON.pattern + r"(?:,?\s+(?:19|20)\d\d\b)?")  # "... on Sept. 4, 2024": the year too
_WHEN_WORDS = frozenset("last time first latest recent recently actually really ever again start started begin began "
                        "happen happened happening going take took taken place occur occurred frame timeframe period"
                        .split())
_SPEAKING = re.compile(rf"\b(?:{_SPOKEN}|say|says|said|tell|told|disclos\w*|reveal\w*|announc\w*|caption)\b",
                       re.IGNORECASE)
_NO_EVENT = frozenset(terms("day date exact exactly precise week weekday month year when which what ok okay so then"))


def event_words(question: str) -> list[str]:
    """The words that name the event a date question asks about ("hold", "talks" of "When did the US and
    North Korea last hold talks?"): its lower-case content words, names and words of time aside."""
    if _SPEAKING.search(question):
        return []  # "When did he make these remarks?": the speaking, which the speakers' sentences date
    lower = " ".join(t for t in question.split() if t.islower())  # names aside: "the US", "North Korea"
    return [w for w in content_words(lower) if w not in _NO_EVENT and w not in _WHEN_WORDS]


def fits(slot: Slot, sentence: str, mentions: Callable[[str, str], bool],
         plainly: Callable[[str, str], bool] | None = None, *,
         is_country: Callable[[str], bool] = lambda name: False) -> bool:
    """Whether ``sentence`` holds what ``slot`` asks for; ``mentions(text, word)`` says whether a text
    says a word (itself or a near one), ``plainly`` the same without near ones (default ``mentions``): a
    name must stand by the noun itself ("diplomacy" is near "allies" in MiniLM's space, but names none).
    ``thing`` slots are checked article-wide, not here."""
    if slot.kind == "count":
        return count_fits(slot.asked, slot.noun, sentence, mentions, framing=_LIGHT_NOUNS)
    if slot.kind == "place" and slot.noun in ("places", "locations"):  # "Which places ...?": parts of the world too
        return has_place(sentence) or has_place(sentence, regions=True)  # "implications for ... Europe"
    if slot.kind == "done":  # "Has Russia delivered the jets yet?": not "Pyongyang is seeking fighter aircraft"
        return tells_done(sentence, slot.asked, mentions, slot.noun or "")
    if slot.kind == "forecast":  # "Will the US send more weapons?": a sentence saying that is to come
        return forecasts(sentence, [stem(w) for w in event_words(slot.asked)])
    if slot.kind == "region":  # "implications for the Korean Peninsula and Europe", not "for Russia"
        return has_place(sentence, regions=True, is_country=is_country)
    if slot.kind in _HOLDS:
        return _HOLDS[slot.kind](sentence)
    if slot.kind in ("name", "expansion"):  # a proper name holding the noun; words spelling out the acronym
        return (names_it if slot.kind == "name" else expands)(slot.noun, sentence)
    if slot.kind == "date":  # "What day in December ...?": a day of that month ("Dec. 4", not "Wednesday")
        # The day someone spoke ("said Wednesday", "speaks during a forum ... on Sept. 4") dates the speaking,
        # not what the question asks about ("When did the shipments begin?"), unless it names that.
        if not _SPOKEN_ASKED.search(slot.asked) and (asked := set(terms(slot.asked)) - _NO_EVENT):
            sentence = _SAID_ON_YEAR.sub(lambda m: m.group(0) if asked & set(terms(m.group(0))) else " ", sentence)
        if slot.noun == "future" and (then := conditioned_act(sentence)) is not None \
                and set(terms(" ".join(event_words(slot.asked)))) & set(terms(then)):
            return True  # "When will the US take steps?": the condition it waits on ("as long as ..., will take steps")
        month = month_after(slot.asked, "in|of|during")
        day = rf"\b{month}[a-z]*\.? \d{{1,2}}\b|\b\d{{1,2}} {month}" if slot.noun == "day" else rf"\b{month}"
        return has_date(sentence, slot.noun) and (month is None or re.search(day, sentence, re.I) is not None)
    if slot.kind == "named":
        return names_of(slot.noun, sentence, slot.asked, plainly or mentions)
    if slot.kind == "places":
        return has_place(sentence) and names_of(slot.noun, sentence, slot.asked, plainly or mentions)
    if slot.kind == "within":
        return names_place_within(sentence, slot.noun, is_country)
    if slot.kind == "choice":
        # In the article's own words: "shipping containers" says no ship, nor WordNet's verb "train" (to aim) a train
        said = set(terms(re.sub(r"\b\w+ing\b", " ", sentence)))
        return any(stem(option) in said for option in slot.noun.split(" or "))
    if slot.kind == "identifier":
        return bool(identifiers(sentence, slot.asked, slot.noun))
    return True
