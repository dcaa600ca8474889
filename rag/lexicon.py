"""Words as the lexical signals see them: tokens, stop words, a light stemmer, and the forms an inflected
word may come from (for WordNet's lemmas).

BM25 (``retrieve``), the article vocabulary stored with the index (``index``) and the support check of
the answerer (``answer``) all tokenise the same way, through ``terms``.

>>> terms("How many containers has Russia procured since September?")
['contain', 'russia', 'procur', 'sinc', 'septemb']
"""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*|\d+(?:[.,]\d+)*")

# Function words and question framing: they say nothing about which sentence answers.
STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
    nor not now of off on once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours yourself yourselves
    s t d ll m re ve y don didn doesn isn wasn weren hasn haven hadn won wouldn shouldn couldn
    many much tell say says said according article story report reported mention mentioned mentions give
    according does please know let us one ones thing things get got via per else anyway anyhow actually basically
    whole entire
    won't can't don't doesn't didn't isn't aren't wasn't weren't hasn't haven't hadn't wouldn't shouldn't couldn't
    """.split()
)


@lru_cache(maxsize=32768)
def tokens(text: str) -> tuple[str, ...]:
    """Lower-cased word and number tokens; hyphenated words also yield their parts.

    Cached: loading an index reads every sentence for BM25, the per-article vocabularies and the
    support check, and the answerer re-reads the retrieved sentences for every question.

    >>> tokens("Surface-to-air missiles, 16,500 containers")
    ('surface-to-air', 'surface', 'to', 'air', 'missiles', '16500', 'containers')
    """
    out: list[str] = []
    for raw in _TOKEN.findall(text):
        word = raw.lower().replace("’", "'")
        if word[0].isdigit():
            out.append(re.sub(r",(?=\d{3}\b)", "", word))
            continue
        word = re.sub(r"'s$", "", word)
        out.append(word)
        if "-" in word:
            out.extend(part for part in word.split("-") if part)
    return tuple(out)


_UNDOUBLED = frozenset("bdgmnprt")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stripper, enough to match 'procured' with 'procure' and 'missiles' with 'missile'."""
    if word.isdigit() or len(word) <= 3:
        return word
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: len(word) - len(suffix)] + replacement
            if suffix in ("ing", "ed") and word[-1] == word[-2] and word[-1] in _UNDOUBLED:
                word = word[:-1]  # "getting" -> "get", "shipped" -> "ship", as "gets" and "ships"
            break
    if word.endswith("er") and len(word) > 5:
        word = word[:-2]
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def terms(text: str) -> list[str]:
    """Content terms of ``text``: tokens minus stop words, stemmed. The unit of BM25 and of support."""
    return [s for _, s in term_words(text)]


def term_words(text: str) -> list[tuple[str, str]]:
    """Each content token of ``text`` with its stem: the words behind ``terms`` (the answerer embeds them)."""
    return [(t, stem(t)) for t in tokens(text) if t not in STOP_WORDS and "-" not in t]


def content_words(text: str) -> list[str]:
    """Content words as written (lower-cased, unstemmed, no numbers): what the support check embeds."""
    return [t for t in tokens(text) if t not in STOP_WORDS and "-" not in t and not t[0].isdigit() and len(t) > 1]


# Inflections to undo, WordNet's own "morphy" rules plus a doubled final consonant ("dragging").
_SUFFIXES = (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch"), ("shes", "sh"), ("men", "man"),
             ("es", "e"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", "e"), ("ed", ""), ("ing", "e"),
             ("ing", ""), ("er", ""), ("est", ""))
# Irregular participles WordNet's database misses (it has no exception lists): "gotten" is "get", not "rotten".
_IRREGULAR = dict(p.split(":") for p in "gotten:get forgotten:forget stolen:steal written:write ridden:ride "
                  "bitten:bite hidden:hide chosen:choose driven:drive eaten:eat fallen:fall given:give taken:take "
                  "shaken:shake frozen:freeze beaten:beat begun:begin flown:fly grown:grow thrown:throw drawn:draw "
                  "sworn:swear woken:wake".split())


def inflection_bases(word: str) -> list[str]:
    """``word`` and the forms it may be inflected from ("dragging" -> "dragge", "dragg", "drag", ...)."""
    candidates = [word] + [word[: -len(s)] + r for s, r in _SUFFIXES if word.endswith(s) and len(word) > len(s) + 2]
    if word in _IRREGULAR:
        return candidates + [_IRREGULAR[word]]
    return candidates + [c[:-1] for c in candidates[1:] if len(c) > 3 and c[-1] == c[-2] and c[-1] not in "aeiouls"]
