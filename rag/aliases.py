"""Other names of the countries an article names, so a question may use any of them.

A reader asks about "the Kremlin", "Pyongyang's rockets" or "the American diplomat" where the article
says Russia, North Korea and the U.S. MiniLM does not reliably treat these as the same thing, and the
answerer's name signal would call "Kremlin" absent from the article and refuse. ``Aliases`` rewrites each
such name that the corpus never uses into a name of the same country that it does use, before retrieval
and the refusal signals read the question:

>>> Aliases("Russia has launched missiles.").resolve("What has the Kremlin launched?")
'What has Russia launched?'

The names are the countryinfo package's (each country's name, alternative spellings, capital and
demonym) plus ``COMMON_NAMES``, the seats of government and everyday names it lacks. They are general
knowledge, not this article's: nothing here knows a gold question.

Two rules keep the rewriting honest:

* only names the corpus never uses are rewritten, and only into a name the corpus does use; a country
  the corpus never names stays as asked, so "What did the minister say in Paris?" still refuses;
* a capital after a preposition of place or a verb of striking ("in Seoul", "at Kyiv", "hit Kyiv") names
  the city, not the government, and stays as asked.

A question typed all in lower case ("did china help russia too"), or all in capitals, is first given
its names' capitals (``truecase``): the corpus's own proper names and every country's, so the signals
that read names, and the names of one country counted as one word, see them (dev questions in lower case: gold
evidence cited 120 -> 139 of 166, unanswerable ones refused 88 -> 106 of 110). A capitalised word one letter
away from a name the corpus uses is that name misspelt (``spell``: "Koepke", "Rusia"); with one name per dev
question misspelt so, gold evidence is cited for 64 of 88 answerable ones, not 12.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Names in everyday use for a country or its government that countryinfo does not list.
COMMON_NAMES = {
    "America": "United States", "White House": "United States", "Pentagon": "United States",
    "State Department": "United States", "Capitol Hill": "United States", "Kremlin": "Russia",
    "Britain": "United Kingdom", "Downing Street": "United Kingdom", "Whitehall": "United Kingdom",
    "Elysee": "France", "Élysée": "France", "Zhongnanhai": "China", "Blue House": "South Korea",
    "Holland": "Netherlands", "Burma": "Myanmar", "Kiev": "Ukraine", "Soviet Union": "Russia", "Soviets": "Russia",
    "USSR": "Russia", "U.S.S.R.": "Russia", "U.S.": "United States", "US": "United States", "USA": "United States",
    "U.S.A.": "United States", "U.K.": "United Kingdom", "UK": "United Kingdom", "DPRK": "North Korea",
    "ROK": "South Korea", "PRC": "China",
    "N. Korea": "North Korea", "S. Korea": "South Korea", "NK": "North Korea", "N.K.": "North Korea",
    "RU": "Russia", "UA": "Ukraine", "Ukr": "Ukraine", "Ukr.": "Ukraine", "DC": "United States", "D.C.": "United States",
}
# Short codes typed in lower case in chat ("how many containers ru got from nk") that are no English word.
_TYPED_CODES = ("NK", "RU", "UK", "ROK", "PRC", "USA")

# Leaders (2024) whose name, as the owner of a state noun or of its arms, stands for their country: "Kim's
# government", "the Putin regime". A leader named alone ("What did Kim Jong Un say?") is the person, as asked.
LEADERS = {
    "Kim Jong Un": "North Korea", "Kim Jong-un": "North Korea", "Kim": "North Korea", "Putin": "Russia",
    "Vladimir Putin": "Russia", "Biden": "United States", "Joe Biden": "United States", "Trump": "United States",
    "Zelensky": "Ukraine", "Zelenskyy": "Ukraine", "Zelenskiy": "Ukraine", "Xi": "China", "Xi Jinping": "China",
    "Yoon": "South Korea", "Yoon Suk Yeol": "South Korea", "Kishida": "Japan", "Lukashenko": "Belarus",
    "Khamenei": "Iran", "Netanyahu": "Israel", "Erdogan": "Turkey", "Modi": "India", "Macron": "France",
    "Scholz": "Germany", "Starmer": "United Kingdom", "Sunak": "United Kingdom",
}
_STATE_NOUNS = (r"(?:government|regime|administration|state|country|military|army|forces|leadership|side|camp|"
                r"arsenal|arms|weapons|missiles|rockets|munitions|ammunition|shells|troops|soldiers|nukes)")
_LEADER = re.compile(r"\b(" + "|".join(sorted(map(re.escape, LEADERS), key=len, reverse=True)) +
                     r")(?=(?:'s|’s)?\s+" + _STATE_NOUNS + r"\b)")

# Before a capital these make it the city itself ("missiles hit Kyiv"), not its government.
_PLACE_WORDS = frozenset("in at into inside outside near to from over on around across toward towards hit hits "
                         "struck strike strikes reach reached visit visited visiting".split())


@lru_cache(maxsize=1)
def _countries() -> tuple[tuple[str, tuple[str, ...], frozenset[str]], ...]:
    """(country name, its other names, which of them are capitals) for every country countryinfo knows."""
    from countryinfo import all_countries

    table: dict[str, tuple[list[str], set[str]]] = {}
    for country in all_countries():
        name = country.name()
        names, capitals = table.setdefault(name, ([], set()))
        capital = country.capital() or ""
        capital = capital[0] if isinstance(capital, list) and capital else capital or ""  # a few list several
        for city in {capital, capital.split(" D.C.")[0]} - {""}:
            names.append(city)
            capitals.add(city)
        demonym = country.demonym() or ""
        demonym = demonym if isinstance(demonym, str) else ""
        if demonym:
            names += [demonym, demonym + "s"]
        # ISO codes ("IN", "AND", "ARE") collide with words; longer spellings are names.
        names += [a for a in country.alt_spellings() or [] if a.isascii() and not (a.isupper() and len(a) <= 3)]
    for alias, name in COMMON_NAMES.items():
        table.setdefault(name, ([], set()))[0].append(alias)
    return tuple((name, tuple(dict.fromkeys(n for n in names if n.strip() and n != name)), frozenset(capitals))
                 for name, (names, capitals) in table.items())


# A continent by its names: "Which other two Asian nations?" names no country the article lacks when the
# article names one in Asia. ("America" and "American" name the United States first.)
_CONTINENTS = {"Asia": ("Asia", "Asian", "Asians"), "Europe": ("Europe", "European", "Europeans"),
               "Africa": ("Africa", "African", "Africans")}


@lru_cache(maxsize=1)
def _continent_of() -> dict[str, str]:
    """country name -> its continent (countryinfo's region: "Japan" -> "Asia")."""
    from countryinfo import all_countries

    return {c.name(): c.region() or "" for c in all_countries()}


class Aliases:
    """Rewrites country names a corpus never uses into ones it does (see the module docstring)."""

    def __init__(self, corpus_text: str) -> None:
        table = _countries()
        countries: dict[str, list[str]] = {}  # alias -> the countries it may name ("American": 3 of them)
        for name, others, _ in table:
            for alias in (name, *others):
                countries.setdefault(alias, []).append(name)
        capitals = {c for _, _, caps in table for c in caps}
        # One pass, longest names first, so "Republic of Korea" inside the North's official name does not
        # count as the corpus naming the South; only names whose first word the corpus has, so a corpus of
        # a thousand articles is scanned for a few dozen names, not 1,300 (1.5 s -> 0.2 s).
        corpus_text = _plain_quotes(corpus_text)
        capitalised = {v for w in re.findall(r"\b[A-Z][\w'.-]*", corpus_text) for v in (w, w.rstrip("."))}
        candidates = tuple(a for a in countries if a.split()[0].rstrip(",") in capitalised)
        used = {m.group(2) for m in _pattern(candidates).finditer(corpus_text)} if candidates else set()
        self._said: dict[str, str] = {}  # country -> the name of it the corpus uses
        for name, others, _ in table:
            said = next((n for n in (name, *others) if n in used), None)
            if said is not None:
                self._said[name] = said
        # An alias the corpus never uses, of a country it names (the first such when several could be meant).
        self._country = {alias: next(c for c in names if c in self._said) for alias, names in countries.items()
                         if alias not in used and any(c in self._said for c in names)}
        self._capitals = capitals & set(self._country)
        self._pattern = _pattern(tuple(self._country)) if self._country else None
        # Every name of a country the corpus names, used or not, for ``canonical``.
        self._any = {alias: next(c for c in names if c in self._said) for alias, names in countries.items()
                     if any(c in self._said for c in names)}
        self._any_pattern = _pattern(tuple(self._any)) if self._any else None
        continents = {_continent_of().get(c) for c in self._said}
        self._continents = {n for region, names in _CONTINENTS.items() if region in continents for n in names}
        # Names as the corpus writes them, for questions typed in lower case: its own capitalised words that
        # it never writes in lower case ("Koepcke", "Pyongyang", "DPRK"), then every country's names.
        lower = set(re.findall(r"\b[a-z][\w'-]*", corpus_text))
        proper = {w.lower(): w for w in re.findall(r"(?<=[\w,;:’'\"”)] )[A-Z][\w'-]*(?:\.[A-Z]\.)?", corpus_text)
                  if w.lower() not in lower and len(w) > 2}
        self._proper = {**_gazetteer(), **proper}
        self._by_length: dict[int, list[str]] = {}  # one-word names the corpus uses, by length, for ``spell``
        for name in sorted({*proper.values(), *self._any} - {""}):
            if " " not in name:
                self._by_length.setdefault(len(name), []).append(name)
        # Words that are no misspelling: the corpus's own, and those of any name known ("State" of "State
        # Department", which is one letter from the corpus's "States").
        self._known = lower | {w for name in _gazetteer() for w in name.split()}
        self._proper_pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(self._proper, key=len, reverse=True)))
                                          + r")\b") if self._proper else None
        # "the North": the corpus's North Korea, when it names one country whose name starts so.
        self._sides = {side: named[0] for side in ("North", "South")
                       if len(named := [c for c in self._said if c.startswith(side + " ")]) == 1}

    def resolve(self, text: str) -> str:
        """``text`` with every rewritable country name replaced by the name the corpus uses for it.

        A leader's name as the owner of a state noun is a name of the country too:

        >>> Aliases("North Korea.").resolve("Will they talk to Kim's government?")
        "Will they talk to North Korea's government?"
        """
        text = _LEADER.sub(lambda m: self._said.get(LEADERS[m.group(1)], m.group(0)), text)
        if self._pattern is None:
            return text
        text = _plain_quotes(text)

        def replace(match: re.Match) -> str:
            alias = match.group(2)
            before = re.findall(r"[A-Za-z]+", text[: match.start()].lower())
            if alias in self._capitals and not match.group(1) and before and before[-1] in _PLACE_WORDS:
                return match.group(0)
            return self._said[self._country[alias]]  # "the Kremlin" -> "Russia"

        return self._pattern.sub(replace, text)

    def truecase(self, text: str) -> str:
        """``text`` with the names it writes in lower case capitalised, in each of its sentences that has no
        capital but the first letter ("did china help russia too" -> "did China help Russia too"), so
        the signals that read names see them; a sentence all in capitals is read as if in lower case. A
        sentence with some capitals keeps its case: there "china" is a word. "us" stays a pronoun."""
        if self._proper_pattern is None:
            return text

        def sentence(m: re.Match) -> str:
            part = m.group(0)
            if sum(c.isalpha() for c in part) > 3 and not any(c.islower() for c in part):
                part = part.lower()  # "HOW MANY CONTAINERS?": shouted, every word a capital
            if any(c.isupper() for c in part[1:]):
                return part
            part = self._proper_pattern.sub(lambda n: self._proper[n.group(1)], part)
            # "the us", "is us worried": the country; "tell us", "for us": the pronoun
            return re.sub(r"\b(the|is|was|does|did|has|will|would|can|could|should) us\b(?! (?:a|an|the|any|no|good)\b)",
                          r"\1 US", part)

        return re.sub(r"[^?.!]+[?.!]*", sentence, text)

    def spell(self, text: str) -> str:
        """``text`` with a capitalised word the corpus never uses, one letter away from a name it does
        (a letter more, less, changed, or two swapped; names of five letters or more), written as the
        corpus writes it: "Koepke" -> "Koepcke", "Rusia" -> "Russia". A misspelt name is no absent one."""
        def fix(m: re.Match) -> str:
            word = m.group(0)
            if len(word) < 5 or word.lower() in self._proper or word.lower() in self._known or word in self._any:
                return word
            near = [n for size in (len(word) - 1, len(word), len(word) + 1) for n in self._by_length.get(size, ())
                    if _one_edit(word.lower(), n.lower())]
            return near[0] if len(near) == 1 else word

        return re.sub(r"\b[A-Z][a-z]{4,}\b", fix, text)

    def known_name(self, word: str) -> bool:
        """Whether ``word`` is written as a name the module knows (a country, capital, demonym, leader)."""
        return _gazetteer().get(word.lower()) == word

    def is_name(self, word: str) -> bool:  # a country's, capital's, demonym, leader's, or one of the corpus
        return self.known_name(word) or self.names_place_of(word) or self._proper.get(word.lower()) == word

    def names_place_of(self, name: str) -> bool:
        """Whether ``name`` is a name of a country the corpus names (its capital counts: "Kyiv"), or of a
        continent one of them is in ("Asian": Japan)."""
        return name in self._any or name in self._continents

    def canonical(self, text: str) -> str:
        """``text`` with each name of a country the corpus names replaced by one token for that country.

        For comparing words, not for reading: "Moscow", "the Kremlin" and "Russia" all become ``Xrussia``,
        and "the North" is the corpus's North Korea (when it names one "North ..." country).

        >>> Aliases("Russia and North Korea.").canonical("Did Moscow pay Pyongyang?")
        'Did Xrussia pay Xnorthkorea?'
        """
        if self._any_pattern is None:
            return text
        text = self._any_pattern.sub(lambda m: _token(self._any[m.group(2)]), _plain_quotes(text))
        for side, country in self._sides.items():
            text = re.sub(rf"\b[Tt]he {side}\b(?!\s+[A-Z])", _token(country), text)
        return text

    def name_sides(self, text: str) -> str:
        """"The North" written as the country the corpus means by it, for the vector search only: MiniLM
        reads "the North" as a direction, and ranked the sentence "the North refuses dialogue" first for
        "What does the North want in exchange?" (gold dev +1, no dev set lower). BM25 keeps the asker's
        words, which match the corpus's own "the North".

        >>> Aliases("North Korea and the North.").name_sides("What does the North want?")
        'What does North Korea want?'
        """
        for side, country in self._sides.items():
            text = re.sub(rf"\b[Tt]he {side}\b(?!\s+[A-Z])", self._said[country], text)
        return text


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one letter inserted, deleted or changed, or two adjacent swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, str]:
    """lower case -> as written, for every country name, capital, demonym and leader the module knows
    (short codes only as in ``_TYPED_CODES``, nor names that are also English words: "chad", "turkey")."""
    names = {n for name, others, _ in _countries() for n in (name, *others)} | set(COMMON_NAMES) | set(LEADERS)
    typed = {c.lower(): c for c in _TYPED_CODES}
    return {n.lower(): n for n in names if len(n) > 3 and n.lower() not in _WORDS_TOO} | typed


_WORDS_TOO = frozenset("chad turkey jordan georgia guinea niger wales jersey".split())


def _pattern(names: tuple[str, ...]) -> re.Pattern:
    """Any of ``names`` as a whole name (an optional "the" before it), longest first, case-sensitive:
    names are capitalised, and "chad" or "jordan" in lower case are other words."""
    alternatives = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    return re.compile(r"(?<![\w.])((?i:the\s+)?)(" + alternatives + r")(?!\w)")


def _token(country: str) -> str:
    """The one word ``canonical`` writes for a country: "North Korea" -> "Xnorthkorea"."""
    return "X" + re.sub(r"[^a-z]", "", country.lower())


def _plain_quotes(text: str) -> str:
    return text.replace("\u2019", "'")
