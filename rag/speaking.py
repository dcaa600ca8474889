"""Questions about the speaking, read from their form (no model): who said what was just shown, who the
article quotes, where and when he spoke, who else spoke. ``rag.speakers`` answers them from the article's
structure, not its words: "Who said that?" shares no word with the sentence naming the speaker.

A pasted fragment of the article stands for what was shown: '"over 16,500 shipping containers" - who said
this?' asks who said it (``quoted_fragment``).

>>> asks_who_said("Who made that claim?"), asks_who_said("what's his name?"), asks_who_said("Who is Robert Koepcke?")
(True, True, False)
>>> quoted_fragment('"over 16,500 shipping containers of munitions" - who actually said this?')
('who actually said this?', 'over 16,500 shipping containers of munitions')
>>> quoted_fragment('where was he when he said "Russia has procured over 16,500"?')[0]
'where was he when he said this?'
"""

from __future__ import annotations

import re

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
    # a Spanish speaker's "How is called the official from US that gave the declarations?"
    r"|^\W*how\s+(?:is|was)\s+called\s+(?:the\s+)?" + _AMERICAN + r"(?:official|diplomat|man|speaker)\b"
    r"|\bname\s+of\s+(?:the\s+)?" + _AMERICAN + r"(?:official|diplomat|speaker)\s+(?:quoted|cited|making|behind)\b"
    r"|^\W*who(?:['’]s|\s+is|\s+was)\s+(?:our|the|your)\s+source\s+(?:for|on|of|behind)\s+(?:the\s+|that\s+|this\s+)?"
    r"(?:[\w,.-]+\s+){0,3}?(?:figure|number|count|tally|total|estimate|claim)s?\b",
    re.IGNORECASE)
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


# A fragment of the article pasted in quotation marks, three words or more: '"working with allies to disrupt" -'
_FRAGMENT = re.compile(r"[\"“]([^\"“”]+(?:\s+[^\"“”\s]+){2,})[\"”]")


def quoted_fragment(question: str) -> tuple[str, str]:
    """``question`` with a pasted fragment in quotation marks put as "this", and the fragment ("" if none)."""
    m = _FRAGMENT.search(question)
    if m is None:
        return question, ""
    if not question[:m.start()].strip():  # pasted first: '"..." - who said this?' asks "who said this?"
        return re.sub(r"^[\s\-–—:,?]+", "", question[m.end():]), m.group(1)
    return question[:m.start()] + "this" + question[m.end():], m.group(1)
