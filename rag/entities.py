"""What a sentence holds: numbers and what they count, dates, places, people's names, money, names.

The sentence side of ``rag.slots``: a question's form asks for one of these, and these functions say
whether a sentence has it. Plain patterns over the text (no model); each is small enough to read.

>>> counted("Russia has launched upward of 65 North Korean missiles into Ukraine.")
[' North Korean missiles into']
>>> person_names("During a security forum in Washington, Robert Koepcke, deputy assistant secretary")
[('Robert', 'Koepcke')]
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.lexicon import STOP_WORDS, stem

_DATE = re.compile(r"\b(19|20)\d\d\b|\b(January|February|March|April|May|June|July|August|September|October|"
                   r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\b|\b(Monday|Tuesday|"
                   r"Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tomorrow|(?:last|next) (week|month|year))\b")
_DATE_UNITS = {
    **dict.fromkeys(("week", "weekday"), re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")),
    "year": re.compile(r"\b(19|20)\d\d\b|\b(last|this|next) year\b"),
    # "On what day ...?": a weekday, a day of a month ("Sept. 4"), or one named by its place ("yesterday")
    "day": re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tomorrow)\b|"
                      r"\b(January|February|March|April|May|June|July|August|September|October|November|December|"
                      r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.? \d{1,2}\b|\b\d{1,2} (January|February|"
                      r"March|April|May|June|July|August|September|October|November|December)\b"),
    "month": re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|"
                        r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?"),
}
_FUTURE = re.compile(r"\b(?:will|shall|next|upcoming|scheduled|planned|tomorrow|later this|is to|are to)\b", re.IGNORECASE)
_CONDITIONED = re.compile(r"\b(?:as long as|if|unless|once|until)\b.*\bwill\b(.*)", re.IGNORECASE)
_PLACE = re.compile(r"\b(in|at|into|from|to) (the )?[A-Z][a-z]")
_REGION = re.compile(r"\b(in|at|into|from|to|for|across|throughout) (the )?([A-Z][a-z]+(?:(?:\s+|,\s*|\s+and\s+)"
                     r"(?:the\s+)?[A-Z][a-z]+)*)")
_NAME_REACH = 4  # words from the noun within which "which allies" finds their names
_TOKEN = re.compile(r"\w[\w.’'-]*")
_PERSON = re.compile(r"\b([A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?([A-Z][a-z]+)\b")
# Capitalised words of organisations and places, which make a two-word name something other than a person.
_NOT_PERSON = frozenset("Council Agency Peninsula Forum Department Ministry Nations Union Republic News Security "
                        "House Office Committee Court Party Army Forces Force Sea Ocean Street University Institute "
                        "Center Centre Bank Group Press Times Post Daily Times Assembly Parliament Congress Senate "
                        "Kingdom States Federation Organization Organisation Treaty Alliance Democratic People".split())
_NUMBER = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                     r"forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|"
                     r"dozens)\b", re.IGNORECASE)
# A vague count answers "how many" in the article's words ("multiple ... resolutions"), no number to prefer.
_VAGUE = re.compile(r"\b(multiple|several|numerous|countless)\b", re.IGNORECASE)
# A number and the few words after it, up to a clause break: "16,500 shipping containers of munitions".
# Dots inside a name count ("multiple U.N. Security Council resolutions"), a full stop does not.
_COUNTED = re.compile(r"(?:" + _NUMBER.pattern + "|" + _VAGUE.pattern + r")[\d,.]*"
                      r"(?P<counted>(?:\s+[A-Za-z](?:[\w'’-]|\.(?=\w|\s+[A-Z]))*){1,4})", re.IGNORECASE)
# A share: "40 percent", "40%", "half of", "a third of".
_SHARE = re.compile(r"%|\b(?:percent|per cent|percentage|proportion|half|third|quarter|majority|minority)\b", re.IGNORECASE)
# A time of day: "at 10 a.m.", "14:30", "in the morning".
_CLOCK = re.compile(r"\b\d{1,2}(?::\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}:\d\d\b|\b(?:o'clock|noon|midnight|"
                    r"morning|afternoon|evening|tonight)\b", re.IGNORECASE)
# A distance: "800 km", "a range of 1,000 kilometers", "fell 80 centimetres".
_DISTANCE = re.compile(r"\b\d[\d,.]*\s*(?:-\s*)?(?:km|kilometers?|kilometres?|miles?|m|meters?|metres?|cm|centimeters?|"
                       r"centimetres?|mm|millimeters?|millimetres?|feet|foot|ft|inch|inches|yards?)\b", re.IGNORECASE)
_WEIGHT = re.compile(r"\b\d[\d,.]*\s*(?:-\s*)?(?:tons?|tonnes?|kg|kilograms?|kilos?|pounds?|lbs?)\b", re.IGNORECASE)
_METHOD = re.compile(r"\b(?:based on|derived from|by (?:tracking|monitoring|analy[sz]ing|counting|studying|examining|"
                     r"reviewing|comparing)|satellite|imagery|surveillance|intercepted|intelligence (?:shows?|suggests?|"
                     r"indicates?)|estimated? (?:from|by|using))\b", re.IGNORECASE)
_BOUND = re.compile(r"\b(?:more than|over|upward of|upwards of|at least|fewer than|less than|under|about|around|"
                    r"nearly|almost|roughly|approximately|some|exactly|precisely)\s+\d", re.IGNORECASE)
_CHANGE = re.compile(r"\b(?:up|down) from\b|\b(?:increase[sd]?|decrease[sd]?|rose|risen|grew|grown|fell|fallen|"
                     r"doubled|tripled|halved|jumped|surged|dropped|declined)\b|\bcompared (?:with|to)\b|"
                     r"\bfrom (?:about |some )?\d[\d,.]* to \d", re.IGNORECASE)
# An age: "a 52-year-old diplomat", "aged 52", "Koepcke, 52, said".
_AGE = re.compile(r"\b\d{1,3}[- ]years?[- ]old\b|\baged? \d{1,3}\b|\b[A-Z][a-z]+, \d{1,3},")
# A byline: "By Kim Eun-jung", "Robert Smith, Yonhap correspondent", "(reporter@yna.co.kr)".
_BYLINE = re.compile(r"^\W*By [A-Z]|\b(?:reporter|correspondent|staff writer|journalist|columnist|photographer)\b|"
                     r"\((?:photo|photograph)\s+by\s+[A-Z]|"
                     r"\b[\w.-]+@[\w-]+\.[\w.]+", re.IGNORECASE)
# A number in digits, and the words after it: "16,500 shipping containers", "65 missiles were fired".
DIGITS = r"\d[\d,]*\d|\d"
_NUMBERED = re.compile(rf"(?<![\w,.])({DIGITS})\s+((?:[A-Za-z][\w'’-]*\s+){{0,2}}[A-Za-z][\w'’-]*)")
_HEAD_END = re.compile(r"\s+(?:of|in|into|from|to|for|with|since|by|at|on)\b|[,.;:]", re.IGNORECASE)
_MONEY_AMOUNT = re.compile(r"[$€£¥₩]|\b(dollars?|won|euros?|rubles?|roubles?|yuan|pounds?|yen|USD|EUR)\b")


def numbered(text: str) -> list[tuple[str, str]]:
    """Each number of ``text`` written in digits, with the noun phrase it counts, up to a preposition:
    ("16,500", "shipping containers") of "16,500 shipping containers of munitions"."""
    return [(m.group(1), _HEAD_END.split(m.group(2))[0].strip()) for m in _NUMBERED.finditer(text)]


def digits(text: str) -> set[str]:
    """The numbers ``text`` writes in digits ("16,500", "65")."""
    return set(re.findall(DIGITS, text))


def month_after(text: str, lead: str = "since") -> str | None:
    """The month named after the word ``lead`` (a regex), in three lower-case letters: the month a count
    runs from ("sep" of "since September of last year", "dec" of "since late December"), or with
    ``lead="in|of|during"`` the one a question asks within ("in December"); None if there is none."""
    m = re.search(rf"\b(?:{lead})\s+(?:the\s+)?(?:(?:early|mid|late|last|this)[- ])?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|"
                  r"Sep|Oct|Nov|Dec)[a-z]*\b", text, re.IGNORECASE)
    return None if m is None else m.group(1).lower()


def counted(sentence: str, *, exact: bool = False) -> list[str]:
    """The words right after each number of ``sentence``: what it counts ("65 North Korean missiles");
    with ``exact``, only after a number, not a vague count ("multiple resolutions")."""
    return [m.group("counted") for m in _COUNTED.finditer(sentence) if not (exact and _VAGUE.match(m.group(0)))]


def counts(noun: str, sentence: str) -> bool:
    """Whether a number of ``sentence`` counts ``noun`` ("container" in "16,500 shipping containers of munitions")."""
    return any(stem(noun) in map(stem, re.findall(r"[a-z]+", c.lower())) for c in counted(sentence))


def has_number(sentence: str) -> bool:
    return bool(_NUMBER.search(sentence))


def has_count(sentence: str, *, exact: bool = False) -> bool:
    """A number or a vague count ("multiple resolutions"): what "how many" asks for ("exactly how many":
    only a number, with ``exact``)."""
    return bool(_NUMBER.search(sentence) or (not exact and _VAGUE.search(sentence)))


def conditioned_act(sentence: str) -> str | None:
    """What ``sentence`` says will be done once a condition holds ("as long as the North refuses ..., the U.S.
    will be compelled to take steps ..." -> "be compelled to take steps ..."), or None."""
    m = _CONDITIONED.search(sentence)
    return m.group(1) if m else None


def has_date(sentence: str, unit: str | None = None) -> bool:
    """A date in ``sentence``; of the asked ``unit`` when the question names one ("which day of the
    week" needs a weekday, "what year" a year, "which month" a month), and one to come for "future"
    ("When will the talks take place?": "talks will be held next month", not "since last year")."""
    if unit in ("future", "scheduled"):  # "When is the meeting scheduled?": a date to come
        return bool(_DATE.search(sentence) and _FUTURE.search(sentence))
    return bool((_DATE_UNITS.get(unit or "") or _DATE).search(sentence))


def has_place(sentence: str, *, regions: bool = False, is_country=lambda name: False) -> bool:
    """A place named after "in", "at", "into", "from" or "to". With ``regions``, a part of the world that
    is no country nor capital (``is_country``), also after "for" or "across": "implications for the
    Korean Peninsula and Europe", not "missiles going to Ukraine"."""
    if not regions:
        return bool(_PLACE.search(sentence))
    return any(not is_country(name) for m in _REGION.finditer(sentence)
               for name in re.split(r",\s*|\s+and\s+", m.group(3)))


# "Where in Ukraine did they land?": a place inside the one named, which the question does not hold
_WHERE_IN = re.compile(r"^\W*(?:(?:and|so|but|ok|okay)\W+)?(?i:where)\s+(?:(?i:exactly|specifically)\s+)?(?i:in)\s+"
                       r"(?:the\s+)?([A-Z][\w-]+(?: [A-Z][\w-]+)*)")
_PLACE_NAME = re.compile(r"\b(?:in|at|into|from|to|near|outside) (?:the )?([A-Z][a-z]+(?: [A-Z][a-z]+)*)")


def within_asked(question: str) -> str | None:
    """The place ``question`` asks for a place inside of ("Ukraine" of "Where in Ukraine did they land?"), or None."""
    return (m := _WHERE_IN.search(question)) and m.group(1)


def names_place_within(sentence: str, place: str, is_country: Callable[[str], bool]) -> bool:
    """Whether ``sentence`` names a place (after "in", "at", "into" ...) other than ``place`` and no country or
    capital (``is_country``): "missiles into Ukraine" and "a forum in Washington" name none inside Ukraine."""
    return any(name != place and not is_country(name) for name in _PLACE_NAME.findall(sentence))


def names_of(noun: str, sentence: str, asked: str, mentions: Callable[[str, str], bool]) -> bool:
    """Whether ``sentence`` names things of the kind ``noun``: a capitalised name the question ``asked``
    does not hold, within ``_NAME_REACH`` words of where it says ``noun`` ("allies Japan and South
    Korea", "Japan and other allies"). "Washington has been working with allies to disrupt ..." names none,
    nor does "The United States" (a name's own word, "United", is no mention of allies)."""
    return bool(_new_names_near(sentence, asked, lambda word: word[:1].islower() and mentions(word, noun), _NAME_REACH,
                                numbers=False))


def has_person(sentence: str, is_place=lambda name: False) -> bool:
    """A person's name in ``sentence``: two capitalised words ("Robert Koepcke") that are not a place
    (``is_place``), an organisation ("Security Council") or a clause opening ("In Washington")."""
    return bool(person_names(sentence, is_place))


def person_names(sentence: str, is_place=lambda name: False) -> list[tuple[str, str]]:
    """The (first, last) names of the people ``has_person`` sees in ``sentence``."""
    out = []
    for m in _PERSON.finditer(sentence):
        first, last = m.group(1), m.group(2)
        if first.lower() in STOP_WORDS or {first, last} & _NOT_PERSON or _DATE.fullmatch(last):
            continue  # "In Washington", "Security Council", "Since September"
        if not (is_place(first) or is_place(last) or is_place(f"{first} {last}")):
            out.append((first, last))
    return out


def has_title(sentence: str) -> bool:
    """A person's name with a title in apposition: "Robert Koepcke, deputy assistant secretary of state",
    "Robert Koepcke, U.S. deputy assistant secretary ..." (a comma, then lower-case words)."""
    return any(re.search(re.escape(f"{first} {last}") + r",\s+(?:[A-Z][\w.]*\s+)?[a-z]", sentence)
               for first, last in person_names(sentence))


def has_share(sentence: str) -> bool:
    return bool(_SHARE.search(sentence))


def has_clock_time(sentence: str) -> bool:
    return bool(_CLOCK.search(sentence))


def has_distance(sentence: str) -> bool:
    return bool(_DISTANCE.search(sentence))


def has_weight(sentence: str) -> bool:
    return bool(_WEIGHT.search(sentence))


def has_method(sentence: str) -> bool:
    """How a figure was found: "based on satellite imagery", "by tracking ships", "intelligence shows"."""
    return bool(_METHOD.search(sentence))


def has_bound(sentence: str) -> bool:
    """A number said with how exact it is: "more than 16,500", "upward of 65", "about 300", "exactly 12"."""
    return bool(_BOUND.search(sentence))


def has_change(sentence: str) -> bool:
    """A change over time: "up from 10,000", "doubled", "rose by 20 percent", "from 5,000 to 16,500"."""
    return bool(_CHANGE.search(sentence))


def has_age(sentence: str) -> bool:
    return bool(_AGE.search(sentence))


def has_byline(sentence: str) -> bool:
    """A writer's credit: "By Kim Eun-jung", "..., Yonhap correspondent", an e-mail address. "Source:
    Yonhap News Agency" credits an agency, not a writer."""
    return bool(_BYLINE.search(sentence))


def has_money(sentence: str) -> bool:
    return bool(_MONEY_AMOUNT.search(sentence))


def names_it(noun: str, sentence: str) -> bool:
    """``noun`` capitalised inside the sentence (not opening it): part of a proper name."""
    return re.search(r"(?<=\w[\s-])" + re.escape(noun.capitalize()) + r"s?\b", sentence) is not None

def identifiers(sentence: str, question: str, noun: str) -> list[str]:
    """Numbers and capitalised names in ``sentence`` that ``question`` does not hold, within three words of
    ``noun``: what "which resolutions, by number?" asks for. "Multiple U.N. Security Council resolutions"
    holds none; "Resolutions 1718 and 2270" would. A question asking for numbers ("resolution numbers",
    "by number") takes only numbers: "U.N." names no resolution; one asking for a model ("which model of
    missile") only a code ("KN-23", "Hwasong-11"): "65 North Korean missiles" names no model."""
    near = _new_names_near(sentence, question, lambda word: _key(word) == _key(noun), 3, numbers=True)
    if re.search(r"\bnumb(?:er|ers|ered)\b", question, re.IGNORECASE):
        return [w for w in near if w[0].isdigit()]
    if re.search(r"\b(?:model|variant|version|make|brand)s?\b", question, re.IGNORECASE):
        return [w for w in near if "-" in w or (re.search(r"\d", w) and re.search(r"[A-Za-z]", w))]  # "KN-23"
    return near


def _new_names_near(sentence: str, question: str, is_noun: Callable[[str], bool], reach: int, *,
                    numbers: bool) -> list[str]:
    """Capitalised words (and numbers, with ``numbers``) of ``sentence``, not opening it nor in
    ``question``, within ``reach`` words of a word ``is_noun`` accepts."""
    asked = {_key(w) for w in _TOKEN.findall(question)}
    words = _TOKEN.findall(sentence)
    at = [i for i, w in enumerate(words) if is_noun(w)]
    return [w for i, w in enumerate(words) if i and (w[0].isupper() or (numbers and w[0].isdigit()))
            and _key(w) not in asked and w.lower() not in STOP_WORDS and any(0 < abs(i - j) <= reach for j in at)]


def _key(word: str) -> str:  # "U.N." -> "un", "resolutions" -> "resolut"
    return stem(re.sub(r"[^a-z0-9]", "", word.lower()))
