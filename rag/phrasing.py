"""How people type a question, put in the words the answerer reads (``plain_text``).

Markup is no topic; a question typed without its question mark or its apostrophes ("whats", "doesnt")
gets them back; chat shorthand is spelt out ("w/", "ppl"); "don't want to" is "refuse to", as news writes
it; idioms are put in the literal words news uses ("sit down with" -> "talk with", "shoot down" ->
"intercept"); a learner's question with its question word left at the end is put in the usual order;
what asks nothing is left out (", if I may ask", "word for word", "Need it for the script." after the
question) and a chart's shorthand spelt out ("16.5k", "# of"). A question typed in capitals stays in
capitals. The retriever and the answerer both read this text. For the slots only, ``direct_question`` puts
a question asked inside another in a question's order, and ``keywords_asked`` tells a few search-box words.

>>> plain_text("he speak at what kind of event")
'at what kind of event did he speak?'
"""

from __future__ import annotations

import html
import re

from rag.guesses import without_own_story
from rag.lexicon import content_words


def plain_text(question: str) -> str:
    """The question without HTML markup (scripts dropped whole), for searching: markup is not a topic.
    A question typed without its question mark ("who said that") gets it, and contractions typed
    without their apostrophe ("whats", "doesnt") get theirs, as the model and the question patterns were
    made for the punctuated form. Chat shorthand is spelt out ("w/" -> "with", "ppl" -> "people"), and
    "don't want to" is "refuse to", as news writes it."""
    text = re.sub(r"<(script|style)\b.*?(</\1\s*>|$)", " ", question, flags=re.IGNORECASE | re.DOTALL)
    text = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", text)).split())
    text = _UNAPOSTROPHED.sub(lambda m: _apostrophed(m.group(1)), text)  # "whats" -> "what's"
    text = re.sub(r"\b(when|where|what|how|why)['’]d\b", r"\1 did", text, flags=re.IGNORECASE)  # "when'd he say it"
    shouted = text.isupper()  # a question typed in capitals keeps them: it is read as typed so (Aliases.truecase)
    text = _LETTERS.sub(lambda m: m.group(0).replace(" ", "").upper(), text)  # "d p r k" -> "DPRK"
    text = _SHORT.sub(lambda m: _SHORTHAND[m.group(0).lower()], text)
    text = re.sub(r"\b(about)\s+about\b", r"\1", text, flags=re.IGNORECASE)  # "worried about re ..."
    text = _SLASHED.sub(r"\1 or \2", text)  # "Which theaters/regions ...?": either word
    text = without_own_story(text)  # "I was nineteen when they shipped me to Korea. How many ...?": a story
    text = _POLITE_TAIL.sub("", text)  # "And since when, if I may ask?": the courtesy asks nothing
    text = _COURTESY.sub("", text)  # "Excuse me, what ...? Please tell me.": neither asks anything
    text = re.sub(r",?\s*\b(?:word[- ]for[- ]word|verbatim)\b", "", text, flags=re.IGNORECASE)  # quoting is verbatim
    text = _PURPOSE_TAIL.sub("", text)  # "What outlet is this from? Need the source for the card.": why one asks
    text = re.sub(r"(?<![\w#])#\s*(?=of\b)", "number ", text)  # "# of those missiles": the number of them
    text = re.sub(r"(?<![\w#])#\s+(?=[a-z])", "number of ", text, flags=re.IGNORECASE)  # "# NK troops" (no hashtag)
    text = _THOUSANDS.sub(lambda m: f"{round(float(m.group(1)) * 1000):,}", text)  # "the 16.5k figure": 16,500
    text = _NOT_WANT.sub("refuse to", text)  # "if they don't want to talk": as articles say it
    for idiom, literal in _IDIOMS:  # "sit down with them" -> "talk with them"
        text = idiom.sub(literal, text)
    text = _IN_SITU.sub(r"\g<wh> did \g<who>?", text)  # "he speak at what event" -> "at what event did he speak?"
    if (m := _WHAT_IT_SAYS.search(text)) and _WANTED.search(text[:m.start()]):
        text = text[:m.start()]  # "A patron wants to know what ... . What does the piece say?"
    text = text.upper() if shouted else text
    return text + "?" if _ASKING.match(text) and text[-1:].isalnum() else text


# Contractions typed without the apostrophe that are no other word ("wont", "cant", "its", "were" are).
_CONTRACTIONS = {c.replace("'", ""): c for c in "what's who's where's how's that's there's doesn't didn't don't isn't "
                 "aren't wasn't weren't hasn't haven't hadn't couldn't wouldn't shouldn't they're you're".split()}
_UNAPOSTROPHED = re.compile(r"\b(" + "|".join(_CONTRACTIONS) + r")\b", re.IGNORECASE)
_ASKING = re.compile(r"(?:(?:and|but|so|ok|okay)\W+)?(?:who|whom|whose|what|whats|which|when|where|why|how|is|are|was|"
                     r"were|do|does|did|has|have|had|can|could|will|would|should)(?:n['’]t)?\b", re.IGNORECASE)


# Chat shorthand that is no other word; "u", "ur", "bc", "tho" only in lower case ("U.S.", a name "Tho");
# "r" and "n" not at all.
_SHORTHAND = {"w/": "with", "w/o": "without", "ppl": "people", "cuz": "because", "coz": "because", "abt": "about",
              "govt": "government", "dept": "department", "thru": "through", "tho": "though", "pls": "please", "plz": "please",
              "u": "you", "ur": "your", "bc": "because", "b/c": "because", "ppl's": "people's", "re": "about"}
_LOWER_ONLY = frozenset("u ur bc tho re".split())
_SHORT = re.compile(r"(?<![\w./])(?:(?i:" + "|".join(sorted(map(re.escape, _SHORTHAND.keys() - _LOWER_ONLY), key=len,
                                                            reverse=True))
                    + ")|" + "|".join(sorted(_LOWER_ONLY)) + r")(?![\w/.’'-])")  # not "re-arm"


_SLASHED = re.compile(r"(?<![\w./])(?!(?:and|or)/)([A-Za-z]{2,})/(?!(?:and|or)\b)([A-Za-z]{2,})\b(?![./])")
_POLITE_TAIL = re.compile(r",\s*(?:if I (?:may|might|can) ask|if you (?:don['’]t|do not) mind|if you (?:know|can)|"
                          r"if possible|thanks|thank you)(?=\W*$)", re.IGNORECASE)
# What the asker needs the answer for, after the question: "I need the start point.", "need it for the script".
# It asks nothing, and its words ("source for the card") mislead; unless it asks ("so give me his name") or names
# the kind of answer wanted ("I need the date for a citation").
_COURTESY = re.compile(r"^\W*(?:(?:excuse\s+me|sorry|pardon(?:\s+me)?|hi|hello|hey|um+|uh+|erm|hmm+)\b[\s,.!:;-]*)+|"
                       r"(?<=[?.!])\s+(?:please\s+(?:tell|help|explain\s+(?:it\s+)?to)\s+me|thank\s+you(?:\s+very\s+much)?|"
                       r"thanks(?:\s+a\s+lot)?|sorry)\s*[.!]*\s*$", re.IGNORECASE)
_PURPOSE_TAIL = re.compile(r"(?<=\?)\s+(?![^?]*\b(?:give|tell|show|list|include|send|date|day|time|year|name|title|"
                           r"number|figure|place|location)\b)(?:(?:I|we|my\s+\w+|our\s+\w+)\s+(?:need|needs|want|wants|have|has|am|will|would)\b|"
                           r"(?:I['’]m|I['’]ll|we['’]re)\s|need(?:ed)?\s+(?:it|this|that|the|a|an)\b|"
                           r"(?:it['’]s|this\s+is)\s+for\b|for\s+(?:my|our)\s)[^?]*$", re.IGNORECASE)
_THOUSANDS = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{1,3})?)[kK](?![\w.’'-])")
_NOT_WANT = re.compile(r"\b(?:do|does|did)(?:n['’]t| not)\s+(?:want|wish)\s+to\b", re.IGNORECASE)
# Idioms, in the literal words news uses: neither MiniLM nor WordNet reads "sit down with" as talking,
# "put on the table" as offering to discuss, "get back" as getting in return, or "shoot down" as intercepting.
_IDIOMS = tuple((re.compile(pattern, re.IGNORECASE), literal) for pattern, literal in (
    (r"\bsit(?:s)?\s+down\s+(?=with\b)", "talk "), (r"\bsitting\s+down\s+(?=with\b)", "talking "),
    (r"\bsat\s+down\s+(?=with\b)", "talked "),
    (r"\b(?:put|puts|putting|bring|brings|bringing)\s+on\s+the\s+table\b", "discuss"),
    # "sign of what per the story": by its account, not a rate ("per day")
    (r"\bper\s+(?=(?:him|her|them|the\s+(?:story|article|piece|report|official|text|source))\b)", "according to "),
    (r"\boff\s+the\s+table\b", "ruled out"),
    # a learner's "in this news" is the article, not the source line's "News Agency"
    (r"\b(in|from)\s+(?:this|the)\s+news\b(?!\s+(?:agency|service|outlet|wire|report)\b)", r"\1 the article"),
    # "what did they say back?": reply
    (r"\bsays?\s+back\b", "reply"), (r"\bsaid\s+back\b", "replied"), (r"\bsaying\s+back\b", "replying"),
    # "if they keep saying no": refusing
    (r"\b(?:say|says)\s+no\b", "refuse"), (r"\bsaying\s+no\b", "refusing"), (r"\bsaid\s+no\b", "refused"),
    # "what it gets back", "what it gets out of the deal": what it gets in return (WordNet's "back" is support)
    (r"\b(get|gets|getting|got|gotten)\s+back\b(?!\s+(?:to|home|here|there|into|in|on)\b)", r"\1 in return"),
    (r"\b(get|gets|getting|got|gotten)\s+out\s+of\b(?!\s+(?-i:[A-Z]))", r"\1 in return for"),  # not "out of Pyongyang"
    # "shoot them down" is to intercept them, not to shoot (fire, launch) them
    (r"\b(?:shoot|shoots|shooting)\s+((?:[\w’'-]+\s+){0,4}?)down\b", lambda m: f"intercept {m.group(1)}".rstrip()),
    (r"\bshot\s+((?:[\w’'-]+\s+){0,4}?)down\b", lambda m: f"intercepted {m.group(1)}".rstrip()),
    # "with strings attached?": with conditions
    (r"\bno\s+strings\s+attached\b", "without conditions"), (r"\bstrings\s+attached\b", "conditions"),
    # a learner's "What means DPRK?": what does it mean
    (r"\bwhat\s+means\s+((?:the|this|that)\s+)?((?-i:[A-Z][A-Z.]+))(?=\s*(?:\?|$|exactly\b))", r"what does \1\2 mean"),
    # ... and "What wants Pyongyang to get?", "What says the article?": what does one want, say
    (r"\bwhat\s+(want|need|seek|hope|expect|think|say|believe|fear)s\s+((?-i:[A-Z][\w.’'-]*)(?:\s+(?-i:[A-Z][\w.’'-]*))*|"
     r"the\s+[a-z]+|he|she)\b", r"what does \2 \1"),
))
# Three or more dictated letters, "what does d p r k stand for": the acronym. (Two, "the u s", would make a sentence
# typed in lower case one with a capital, whose names Aliases.truecase then leaves in lower case.)
_LETTERS = re.compile(r"(?<![\w.’'-])[a-z](?: [a-z]){2,}(?![\w.’'-])")


# A learner's question with its question word left in place, at the end ("he speak at what kind of event").
_IN_SITU = re.compile(r"^\W*(?!(?:who|what|which|where|when|why|how)\b)"
                      r"(?P<who>(?:he|she|they|the\s+[a-z]+|[A-Z][a-z]+)\s+[a-z]+)\s+"
                      r"(?P<wh>(?:at|in|on|to|for|from|with|by)\s+(?:what|which)\s+(?:(?:kind|sort|type)\s+of\s+)?"
                      r"[a-z]+)\s*\??\s*$", re.IGNORECASE)


# A closing "What does the piece say?" after a sentence that says what is wanted ("A patron wants to know
# what North Korea is after ..."): that sentence is the question; the closing one only hands it over.
_WHAT_IT_SAYS = re.compile(r"(?<=[.!])\s+(?:so\s+)?what\s+(?:does|did)\s+(?:the|this|your)\s+(?:piece|article|story|"
                           r"report|text)\s+(?:say|tell\s+us)(?:\s+about\s+(?:that|this|it))?\s*\??\s*$", re.IGNORECASE)
_WANTED = re.compile(r"\b(?:know|asks?|asking|wonders?|wondering|curious|find out)\s+(?:about\s+)?"
                     r"(?:what|which|who|whom|whose|when|where|why|how|whether|if)\b", re.IGNORECASE)


def _apostrophed(word: str) -> str:
    """``word`` ("Whats") with its apostrophe back ("What's"), in the case it was typed."""
    fixed = _CONTRACTIONS[word.lower()]
    return fixed.upper() if word.isupper() else fixed.capitalize() if word[0].isupper() else fixed


# A question put inside another ("Could you tell me when the war started?", "A patron would like to know what
# new sanctions the U.S. announced"): its clause keeps a statement's word order, which the slot patterns
# do not read. ``direct_question`` puts it in a question's order.
_EMBEDDED = re.compile(r"\b(?:tell\s+me|know|say|says|said|explain|explains|confirm|check|wonder(?:s|ing)?|ask|"
                       r"asks|asking|curious|find\s+out|specify|mention|mentions|state|states)\s+(?:about\s+)?"
                       r"(?P<prep>(?:through|from|to|in|at|on|by|with|for|since)\s+)?"
                       r"(?P<wh>(?:when|where)(?:\s+or\s+(?:when|where))?|which|what)\s+"
                       r"(?P<rest>(?:[^?.!]|\.(?=\w|\s+(?-i:[a-z])))+)", re.IGNORECASE)  # "U.S." ends no clause
_SUBJECT = re.compile(r"(?:the|a|an|this|that|these|those|his|her|its|their|he|she|it|they|we|you|[A-Z][\w.’'-]*)$")
_AUX = re.compile(r"(?:is|are|was|were|has|have|had|will|would|can|could|might|may|should)$")


def direct_question(question: str) -> str | None:
    """The question inside ``question`` in a question's word order ("Could you tell me through which port the
    containers reached Russia?" -> "through which port did the containers reached Russia?"), or None.
    The clause's own auxiliary goes before its subject, or "did" does: the slots read the order, not the tense.

    >>> direct_question("Do you know what that forum was called?")
    'what was that forum called?'
    """
    if (m := _EMBEDDED.search(question)) is None:
        return None
    words = m.group("rest").split()
    # "which port or border crossing": the words the wh-word asks of, before the clause's subject; none found
    # ("which ones were hit"): the wh-word is the subject, and the order already a question's
    noun = next((i for i, w in enumerate(words[:5]) if _SUBJECT.fullmatch(w)), None) \
        if m.group("wh").lower() in ("which", "what") else 0
    if noun is None:
        return None
    clause = words[noun:]
    aux = next((i for i, w in enumerate(clause[:6]) if i and _AUX.fullmatch(w)), None)
    moved = [clause[aux], *clause[:aux], *clause[aux + 1:]] if aux is not None else ["did", *clause]
    return " ".join([(m.group("prep") or "") + m.group("wh"), *words[:noun], *moved]).strip() + "?"


# A question's form, not a few keywords typed as into a search box ("family reunions", "kimchi recipe?")
ASKS = re.compile(r"\b(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|has|have|had|can|"
                  r"could|will|would|should)\b", re.IGNORECASE)
# "confirm family reunions got a mention", "any mention of family reunions?": a few keywords, framed
_MENTION_OF = re.compile(r"^\W*(?:confirm|check)\s+(?:that\s+)?(.+?)\s+(?:got|gets|get)\s+(?:a\s+)?mention\W*$|"
                         r"^\W*(?:any|was there (?:any|a))\s+(?:mention|word)\s+(?:of|about)\s+(.+?)\W*$",
                         re.IGNORECASE)
_MAX_KEYWORDS = 3


def keywords_asked(question: str, query: str) -> str | None:
    """The few words ``question`` is, when typed as into a search box ("family reunions", "kimchi
    recipe?", "confirm family reunions got a mention"), else None; not a follow-up (``query`` is not
    ``question``): "And then?" leans on what was said before."""
    m = _MENTION_OF.search(question)
    words = next(filter(None, m.groups())) if m else question
    return words if (query == question and len(words.split()) <= _MAX_KEYWORDS and not ASKS.search(words)
                     and content_words(words)) else None
