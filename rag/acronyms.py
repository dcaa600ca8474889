"""Acronyms: a question asking what one stands for, and the words of a sentence that spell one out.

>>> acronym_asked("Dumb q but DPRK is short for what exactly?")
'DPRK'
>>> name_used_for("What name did Koepcke use for North Korea in his quoted remarks?")
'North Korea'
>>> expands("DPRK", "by its official name, the Democratic People’s Republic of Korea.")
True
>>> expands("UN", "clear violations of multiple U.N. Security Council resolutions")  # "U.N." spells nothing out
False
"""

from __future__ import annotations

import re

_CONNECTIVES = frozenset("of the and for de du la".split())

# "What does DPRK stand for?", "what's DPRK?", each form with the acronym at "{A}". Case-insensitive but for the
# acronym itself, which must be capitals ("U.N.", "DPRK").
_EXPANSION = re.compile("|".join(form.replace("{A}", r"([A-Z][A-Z.]{1,9})") for form in (
    r"\b(?i:what(?:['’]s| (?:does|do|did))? (?:the )?(?:(?:abbreviation|acronym|initials|letters) )?){A} "
    r"(?i:(?:even |actually |really |exactly )?(?:stands? for|means?))\b",
    r"^\W*(?i:(?:and |so )?(?:what(?:'s|’s| is)|who(?:'s|’s| is)) (?:the )?){A}(?:\W*$|\s*\?)",  # "What is DPRK? ..."
    r"\b(?i:what is (?:the )?){A} (?i:short for)\b",
    r"^\W*(?i:what (?:means?|stands? for) (?:the |this |that )?){A}\b(?:\W*$|\s+(?i:that|which)\b)",  # "what mean DPRK"
    r"^\W*{A} (?i:(?:stands? for|means?|is short for)(?: what\b|\W*$))",  # "DPRK stands for"
    r"\b{A} (?i:(?:is short|stands?) for what)\b",  # "dumb q but DPRK is short for what"
    # "The official says DPRK: what does that stand for?", "DPRK, what means this letters?", "... the DPRK. What
    # does the article say that abbreviation stands for?", "DPRK, what is the long full name of this word?"
    r"\b{A}\b[^?]*(?:\?\s+[^?]*)?\b(?i:(?:that|this|the) (?:abbreviation|acronym) (?:stands?|stood) for|"
    r"what (?:(?:does|do) (?:that|it|this|the (?:article|piece|story|letters|acronym)) (?:even |actually |really )?"
    r"(?:stands? for|means?(?! for)|spells? (?:that |it )?out)|(?:means?|stands? for) (?:that|it|this|these)"
    r"(?: letters| acronym)?)|(?:full|long) (?:full )?(?:form|name) of (?:this|that|the) (?:word|letters|acronym))\b",
    r"\b(?i:(?:full (?:form|name)|expansion|long form) of (?:the )?){A}\b",
    r"\b(?i:spell(?:s|ed|t|ing)? (?:out )?){A}\b",  # "spell DPRK out"
    r"\b{A} (?i:in full|(?:spelled|spelt|written) out|expand(?:s|ed)? to)\b")))  # "DPRK in full"

# "What name did Koepcke use for North Korea in the quote?", "What designation does he use for it?": the thing named
_NAME_USED = re.compile(r"\bwhat\s+(?:other\s+)?(?:name|term|designation|word|label|abbreviation|acronym)\s+"
                        r"(?:did|does|do)\s+(?:he|she|they|the\s+\w+|[A-Z][a-z]+)\s+use\s+(?:for|to\s+(?:refer\s+to|"
                        r"describe|call))\s+(?:the\s+)?((?-i:[A-Z])[\w.]*(?:\s+(?-i:[A-Z])[\w.]*)?)", re.IGNORECASE)


def name_used_for(question: str) -> str | None:
    """What ``question`` asks the name used for ("North Korea" of "What name did he use for North Korea?")."""
    return None if (m := _NAME_USED.search(question)) is None else m.group(1)


def acronym_asked(question: str) -> str | None:
    """The acronym whose expansion ``question`` asks for ("DPRK", "UN" of "U.N."), or None."""
    return None if (m := _EXPANSION.search(question)) is None else next(filter(None, m.groups())).replace(".", "")


def expands(acronym: str, sentence: str) -> bool:
    """A run of capitalised words in ``sentence`` (linked by "of", "the", "and") whose initials spell
    ``acronym``: "Democratic People's Republic of Korea" for DPRK."""
    words = re.findall(r"[A-Za-z][\w'’-]*", sentence)
    target = acronym.upper()
    for start, word in enumerate(words):
        initials, spelled = "", False
        for w in words[start:]:
            if w[0].isupper():
                initials += w[0]
                spelled = spelled or len(w) > 1  # "U.N." itself is no run of words spelling UN; "U.N. Security
            elif w.lower() not in _CONNECTIVES or not initials:  # Council" spells UNSC
                break
            if not target.startswith(initials):
                break
            if initials == target and spelled:
                return True
    return False


def initialism(acronym: str, text: str) -> bool:
    """Lower-case words, or the parts of a hyphenated one, whose initials spell ``acronym`` (its plural
    "s" aside), linked by "to", "of" ...: "surface-to-air missiles" for SAMs."""
    target = re.sub(r"(?<=[A-Z])s$", "", acronym).lower()
    parts = [p for p in re.findall(r"[a-z]+", text.lower()) if p not in _CONNECTIVES | {"to"}]
    return len(target) > 2 and any("".join(p[0] for p in parts[i:i + len(target)]) == target
                                   for i in range(len(parts) - len(target) + 1))

