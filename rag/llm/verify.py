"""Check an LLM reply against the sentences it cites, claim by claim, before anyone sees it.

A *claim* is one sentence of the reply (``ClaimSplitter``; citation markers after the full stop belong to
the sentence before them). Each claim must pass, in this order:

1. **citations**: markers (``[2]``, ``[1][3]``, ``[1, 3]``, ``[1-3]``) naming no retrieved sentence are
   dropped; a claim left with no valid marker fails. Strict on purpose: an uncited sentence cannot be
   checked, and silently dropping it can change what the rest of the answer means ("However, ...").
2. **facts**: every number, number word and name in the claim appears in its cited sentences. Numbers
   are compared without thousands separators, so "16,500" matches "16500" but "1,650" does not match
   "16,500"; month abbreviations count as the month ("Sept." is "September"); a name matches its
   demonym ("North Korean" is said by "North Korea").
3. **meaning**: every content word of the claim occurs in its cited sentences (the claim only reuses
   their words: "More than 16,500 containers [1]"), or else the cosine similarity between the claim and
   its evidence reaches ``min_similarity``. The evidence is each cited sentence, all of them joined, and
   each run of 1-3 adjacent clauses of four or more words, so a claim about one clause of a long
   sentence is not penalised for the rest of it.

What this cannot catch: a claim built from the right words with the roles swapped ("North Korea got
16,500 containers from Russia") or a negation is as similar to its evidence as the truth is. Numbers
and names catch the common hallucinations (a wrong figure, an invented person, a wrong place).

>>> sorted(facts("Since Sept. 2023, Koepcke says, Russia got 16,500 containers [1]."))
['16500', '2023', 'koepcke', 'russia', 'september']
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from rag.lexicon import STOP_WORDS, stem, terms

# A citation marker: [3], [1, 3], [1-3]. Leading space is captured so a dropped marker leaves no gap.
MARKER = re.compile(r"(\s*)\[\s*(\d{1,3}(?:\s*[,\-–]\s*\d{1,3})*)\s*\]")

# Where one claim ends: . ! or ? (then closing quotes, then any markers) and space before a new sentence;
# or a line break. Lower-case after ". " means an abbreviation, not a new sentence.
_SENTENCE_END = re.compile(
    r"(?P<stop>[.!?][”\"’')]*(?:[ \t]*\[[\d,\s\-–]{1,20}\])*)(?P<space>\s+)(?=[^\s\[a-z])"
    r"|(?P<line>[ \t]*\n\s*)(?=[^\s\[])"
)
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr gen lt col maj sgt capt rep sen gov pres rev prof no vs etc e.g i.e approx "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_MONTHS = {"jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june", "jul": "july",
           "aug": "august", "sep": "september", "sept": "september", "oct": "october", "nov": "november",
           "dec": "december"}
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_NUMBER_WORDS.update({w: w for w in ("twenty thirty forty fifty sixty seventy eighty ninety hundred "
                                     "hundreds thousand thousands million millions billion billions "
                                     "dozen dozens").split()})
del _NUMBER_WORDS["one"], _NUMBER_WORDS["zero"]  # "one of the ..." is rarely a figure
# Capitalised words that open sentences rather than name things ("Since late December, ...").
_OPENERS = frozenset("since yes additionally meanwhile moreover furthermore however overall separately "
                     "specifically instead still yet thus therefore hence also besides according".split())

_CLAUSE_BREAK = re.compile(r"(?<!\d),|,(?!\d)|[;:“”\"()]")  # "16,500" is one number, not two clauses
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[A-Za-z]+(?:\.[A-Za-z]+)*\.?(?:[’']s)?")


def markers(text: str) -> list[int]:
    """The sentence numbers ``text`` cites, in order, ranges expanded.

    >>> markers("Russia got 16,500 [2][1]. It fired 65 [1, 3] and more [4-5].")
    [2, 1, 1, 3, 4, 5]
    """
    out: list[int] = []
    for match in MARKER.finditer(text):
        for part in re.split(r"\s*,\s*", match.group(2)):
            bounds = [int(b) for b in re.split(r"\s*[\-–]\s*", part)]
            low, high = bounds[0], bounds[-1]
            out.extend(range(low, high + 1) if 0 <= high - low <= 20 else bounds)
    return out


def strip_markers(text: str) -> str:
    """``text`` without citation markers."""
    return MARKER.sub("", text).strip()


def facts(text: str) -> set[str]:
    """Numbers (no separators), number words and names (lower-cased, months spelt out) of a claim."""
    text = strip_markers(text)
    found = {_number(n) for n in _NUMBER.findall(text)}
    for raw in _WORD.findall(text):
        word = _word(raw)
        if word in _NUMBER_WORDS:
            found.add(word)
        elif raw[0].isupper() and len(word) > 1:
            letters = re.sub(r"[.’']|(?<=[A-Z])s$", "", raw)  # "U.S." -> "US", "DPRK’s" -> "DPRK"
            acronym = len(letters) > 1 and letters.isupper()  # a name, though "us" is a stop word
            if acronym or (word not in STOP_WORDS and word not in _OPENERS):
                found.add(word)
    return found


def missing_facts(claim: str, evidence: Sequence[str]) -> list[str]:
    """The facts of ``claim`` that ``evidence`` (its cited sentences) does not state.

    >>> missing_facts("Russia got 1,650 containers [1].", ["Russia got over 16,500 containers."])
    ['1650']
    >>> missing_facts("North Korean missiles hit Ukraine [1].", ["North Korea's missiles hit Ukraine."])
    []
    """
    said = " ".join(evidence)
    numbers = {_number(n) for n in _NUMBER.findall(said)}
    words = {_word(w) for w in _WORD.findall(said)}
    stems = {stem(w) for w in words}
    missing = []
    for fact in sorted(facts(claim)):
        if fact[0].isdigit():
            ok = fact in numbers
        elif fact in _NUMBER_WORDS:
            ok = fact in words or _NUMBER_WORDS[fact] in numbers
        else:
            ok = fact in words or stem(fact) in stems or any(_same_name(fact, w) for w in words)
        if not ok:
            missing.append(fact)
    return missing


def evidence_texts(cited: Sequence[str]) -> list[str]:
    """What a claim's meaning is compared with: each cited sentence, all joined, runs of 1-3 clauses.

    >>> evidence_texts(["Since late December, Russia has launched upward of 65 missiles, he said."])[1:]
    ['Russia has launched upward of 65 missiles']
    """
    out = list(cited) + ([" ".join(cited)] if len(cited) > 1 else [])
    for sentence in cited:
        clauses = [c.strip() for c in _CLAUSE_BREAK.split(sentence) if len(c.split()) >= 4]
        out += [" ".join(clauses[i:j])
                for i in range(len(clauses)) for j in range(i + 1, min(i + 3, len(clauses)) + 1)]
    return list(dict.fromkeys(out))


def similarity(embeddings: Embeddings, claim: str, evidence: Sequence[str]) -> float:
    """Best cosine similarity between ``claim`` (markers removed) and any of ``evidence``."""
    vectors = np.asarray(embeddings.embed_documents([strip_markers(claim), *evidence]), dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return float((vectors[1:] @ vectors[0]).max())


@dataclass(frozen=True)
class Verdict:
    """The outcome for one claim: the retrieved-sentence numbers it validly cites, or why it failed."""

    cited: tuple[int, ...]
    problem: str = ""  # empty: the claim passed

    @property
    def ok(self) -> bool:
        return not self.problem


class ClaimVerifier:
    """Verifies claims against the ``k`` retrieved sentences the prompt numbered ``[1]``..``[k]``."""

    def __init__(self, sentences: Sequence[str], embeddings: Embeddings, min_similarity: float) -> None:
        self.sentences, self.embeddings, self.min_similarity = list(sentences), embeddings, min_similarity

    def check(self, claim: str) -> Verdict:
        """The claim's valid citations and, if it fails, a short reason naming the claim."""
        cited = tuple(dict.fromkeys(n for n in markers(claim) if 1 <= n <= len(self.sentences)))
        shown = strip_markers(claim)[:120]
        if not re.search(r"[^\W_]", shown):
            return Verdict(cited, f"claim {claim[:40]!r} has no words")
        if not cited:
            invalid = markers(claim)
            why = f"cites only {invalid}, which name no retrieved sentence" if invalid else "cites nothing"
            return Verdict(cited, f"claim {shown!r} {why}")
        evidence = [self.sentences[n - 1] for n in cited]
        missing = missing_facts(claim, evidence)
        if missing:
            return Verdict(cited, f"claim {shown!r} states {missing}, which its cited sentences "
                                  f"{list(cited)} do not")
        own_words = set(terms(strip_markers(claim)))
        if own_words and own_words <= set(terms(" ".join(evidence))):
            return Verdict(cited)
        score = similarity(self.embeddings, claim, evidence_texts(evidence))
        if score < self.min_similarity:
            return Verdict(cited, f"claim {shown!r} is far from its cited sentences {list(cited)} "
                                  f"(similarity {score:.2f} < {self.min_similarity:.2f})")
        return Verdict(cited)


class ClaimSplitter:
    """Cuts streamed text into claims as soon as each one is complete.

    >>> splitter = ClaimSplitter()
    >>> splitter.feed("Russia got 16,500 containers from N. Korea. [1] It fi")
    ['Russia got 16,500 containers from N. Korea. [1]']
    >>> splitter.feed("red 65 missiles [2].") + splitter.close()
    ['It fired 65 missiles [2].']
    """

    def __init__(self) -> None:
        self.buffer = ""

    def feed(self, chunk: str) -> list[str]:
        """Claims completed by ``chunk`` (a claim is complete once the next one has begun)."""
        self.buffer += chunk
        claims, start = [], 0
        for end, next_start in _ends(self.buffer):
            claims.append(self.buffer[start:end].strip())
            start = next_start
        self.buffer = self.buffer[start:]
        return _merge_bare_markers(claims)

    def close(self) -> list[str]:
        """The last claim, once the stream has ended."""
        rest, self.buffer = self.buffer.strip(), ""
        return [rest] if rest else []


def split_claims(text: str) -> list[str]:
    """The claims of a whole reply.

    >>> split_claims("Since Sept. 4 the U.S. has said so [1]. He added more. [2][3]\\nAnd this [4]")
    ['Since Sept. 4 the U.S. has said so [1].', 'He added more. [2][3]', 'And this [4]']
    """
    splitter = ClaimSplitter()
    return _merge_bare_markers(splitter.feed(text) + splitter.close())


def _ends(text: str) -> Iterator[tuple[int, int]]:
    """(end of a claim, start of the next) for each sentence end in ``text`` followed by more text."""
    for m in _SENTENCE_END.finditer(text):
        if m.group("stop") and m.group("stop")[0] == "." and _is_abbreviation(text[: m.start()]):
            continue
        yield m.start("space") if m.group("stop") else m.start("line"), m.end()


def _is_abbreviation(before: str) -> bool:
    word = re.search(r"(\S*)$", before).group(1).lstrip("(“\"'")
    return bool(re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", word)) or word.lower() in _ABBREVIATIONS


def _merge_bare_markers(claims: list[str]) -> list[str]:
    """A 'claim' that is only markers belongs to the claim before it."""
    out: list[str] = []
    for claim in claims:
        if out and not re.search(r"[A-Za-z0-9]", MARKER.sub("", claim)):
            out[-1] = f"{out[-1]} {claim}"
        else:
            out.append(claim)
    return out


def _number(raw: str) -> str:
    return re.sub(r",(?=\d{3}(?!\d))", "", raw)


def _word(raw: str) -> str:
    word = re.sub(r"[’']s$", "", raw).replace(".", "").lower()
    return _MONTHS.get(word, word)


def _same_name(a: str, b: str) -> bool:
    """'korean' ~ 'korea', 'ukrainian' ~ 'ukraine': a shared prefix missing at most a short ending."""
    shortest = min(len(a), len(b))
    if shortest < 4:
        return False
    common = len(next((p for p in (a[:i] for i in range(shortest, 0, -1)) if b.startswith(p)), ""))
    return common >= max(4, shortest - 1)
