"""What kind of thing a question asks for, read from its form: the answerer's small bonus for sentences
that hold one.

A slot (``rag.slots``) is a hard demand: "how many tanks" quotes only a sentence counting tanks, or
refuses. An answer type is a preference among sentences that may all answer: "Where ...?" favours a
sentence naming a place, "Does the US consider ...?" one quoting what its official said, "What if they
won't talk?" one stating a condition ("as long as the North refuses ..."), "Does North Korea have to do
anything first before they talk?" one about preconditions ("without preconditions"), "Apart from security, what
other issues ...?" a list that goes on ("security issues, as well as human rights"). ``type_fit`` is 1
when a sentence holds the asked type, else 0; the answerer adds ``answer_type_weight`` times it.

>>> type_fit("What if they won't talk?", "But as long as the North refuses dialogue, the U.S. will act.")
1.0
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.entities import has_date, has_number, has_person, has_place

# Wanting: "What does the North want?" is answered where someone "is seeking" it.
WISH = re.compile(r"\b(?:seek|seeks|seeking|sought|want|wants|wanted|wanting|request|requests|requested|"
                  r"requesting|demand|demands|demanded|demanding|hope|hopes|hoped|hoping|wish|wishes|wished|wishing|"
                  r"wishlist|shopping list)\b")
# A stance asked for: "Does the US consider / think / believe ...?", "What does Washington see as ...?"
_STANCE = re.compile(r"\b(?:does|did|do|is|are|would)\s+(?:the\s+)?(?:[\w.’'-]+\s+){0,3}?(?:think|consider|believe|"
                     r"say|see|view|regard|feel|accuse|claim|insist)\b|\baccording to\b", re.IGNORECASE)
_QUOTED = re.compile(r"[“”\"]|\b(?:he|she|they|official) (?:said|added|says)\b|"
                     r"\b(?:said|revealed|stated|noted|warned|stressed|underscored|reiterated) that\b")
# Answer types and their cues, in order: the first that matches decides.
_ANSWER_TYPES = (
    ("number", re.compile(r"\bhow (many|much)\b|\bnumber of\b|\b(?:what|which) (?:tally|count|total|quantity|amount)\b")),
    ("date", re.compile(r"\bwhen\b|\b(what|which) (date|day|year|month)\b|\bsince\b")),
    ("place", re.compile(r"\bwhere\b|\b(what|which) (city|country|place|location|town|venue)\b")),
    ("region", re.compile(r"\b(what|which) (?:two |three |\d+ )?(regions?|areas?|continents?|"
                          r"parts of the (?:world|globe))\b")),
    ("person", re.compile(r"\bwho\b|\bwhose\b|\bwhich (official|person|people|diplomat|man|woman|spokes\w+|minister|"
                          r"leader|envoy)\b")),
    # "Is that confirmed, or just what they suspect?": how sure the source is ("we believe ...")
    ("certainty", re.compile(r"\b(?:confirmed|confirm|for sure|certain|confident|verified|proven|definite|sure)\b|"
                             r"\bjust (?:what|something) (?:they|he|she|the \w+) (?:think|thinks|believe|believes|"
                             r"suspect|suspects|assume|assumes|guess|guesses)\b")),
    # "does nk have to do anything first before the us will talk?", "conditions up front?": what must come first
    ("prerequisite", re.compile(r"\b(?:anything|something|do|conditions?|demands?|requirements?)\b[^?]*\b(?:first|"
                                r"beforehand|up ?front|in advance)\b|\b(?:conditions?|demands?|requirements?|"
                                r"prerequisites?)\b[^?]*\b(?:before|to)\b[^?]*\b(?:talk\w*|dialogue|negotiat\w*|table|"
                                r"engag\w*|sit\w* down)")),
    ("condition", re.compile(r"\bwhat (?:if|happens if|would happen|will happen)\b|\bin case\b|\botherwise\b|"
                             r"\bunless\b|\bif\b[^?]*\b(?:will|would|going to)\b[^?]*\bdo\b|"
                             # "And if North Korea just says no?" (an if-clause alone), "if they dont want to
                             # talk what happen"
                             r"^\W*(?:(?:and|but|so|ok|okay)\W+)?if\b[^,;:?]*\?*\s*$|"
                             r"\bif\b[^?]*\bwhat (?:happens?|then)\b")),
    ("wish", re.compile(WISH.pattern + r"|\btry(?:ing)? to (?:get|obtain|acquire)\b|\blooking for\b|"
                        r"\bwhat (?:does|do|did|will|would|can|could) (?:[\w-]+ ){1,3}(?:get|gain) out of\b|"
                        # "What is North Korea getting from Russia in exchange?": what it is after in return
                        r"^\W*(?:(?:and|but|so|ok|okay)\W+)?what\b[^?]*\b(?:get|gets|getting|got|receiv\w+|gain\w*)\b[^?]*"
                        r"\bin (?:return|exchange)\b|"
                        r"\b(?:get|gets|getting|got)\s+what\b[^?]*\bin (?:return|exchange)\b")),  # "NK getting what in return"
    ("use", re.compile(r"\bto what end\b|\b(?:is|are|was|were|been) using\b|\bfor what purpose\b|\b(?:doing|do|does|did)(?: to [\w-]+)? with\b|\b(?:being )?used (?:\w+ )?for\b|\bwhat (?:for|use)\b")),
    # "What subjects would they put on the table?", "what would they even talk about?": the topics of talks
    ("topic", re.compile(r"\b(?:what|which) (?:kinds? of |sorts? of )?(?:subjects?|topics?|issues?|matters?|agenda|stuff|"
                         r"things)\b[^?]*\b(?:talk\w*|discuss\w*|negotiat\w*|table|raise|cover)\b|"
                         r"\bwhat (?:would|could|will|might|can|do|does) [\w\s]{0,20}?\b(?:talk|discuss|negotiate) (?:about|over)?"
                         r"\W*$|\bon the table\b")),
    # "So what is America actually doing about it?": what is done against it
    ("counter", re.compile(r"\b(?:doing|do|does|did|done)\s+(?:anything\s+|something\s+)?about\b|"
                           r"\btrying to do\b|\b(?:doing|do|does|did)\b[^?]*\bto (?:try to )?(?:stop|halt|block|curb|"
                           r"prevent|disrupt|thwart|counter)\b")),  # "what is america doing to try to stop ...?"
    # "Why is the US so keen on blocking these deals?", "What's driving that effort?": a cause or a purpose
    ("reason", re.compile(r"^\W*(?:(?:and|so|but|ok|okay)\W+)?why\b|\bhow come\b|\bin the first place\b|"
                          r"\bwhat(?:['’]s| is| are)? (?:driving|behind|motivating|prompting)\b|"
                          r"\bwhat(?:['’]s| is| was)? (?:the )?(?:reason|goal|purpose|aim|motive|rationale)\b")),
    # "How does Washington feel about what Pyongyang is getting?": a feeling, told by its word ("concerned")
    ("feeling", re.compile(r"\bhow (?:does|do|did|is|are|was|were)\s+(?:[\w.’'-]+\s+){0,3}?(?:feel|feeling)\b|"
                           # "What is Washington said to be increasingly concerned about?": who is concerned, in its words
                           r"\bwhat\b[^?]*\b(?:be|is|are|was|were|been|feels?|felt)\s+(?:[\w’'-]+\s+){0,2}?(?:concerned|"
                           r"worried|alarmed|troubled)\s+(?:about|over|with)\b")),
    # "What does it say about relations between the two?", "the bigger picture": how the parties stand
    ("relation", re.compile(r"\b(?:relations?|relationship|ties|alliance|partnership|getting along|cozier|closer)\b|"
                            r"\b(?:bigger|broader|larger|wider) (?:picture|trend|pattern)\b|\b(?:evidence|sign) of\b|"
                            r"\bprov(?:e|es|ing) what\b|\bpoints? to\b")),  # "this all proves what?"
    ("stance", _STANCE),
    ("more", re.compile(r"\b(?:what|which) other\b|\bapart from\b|\bbesides\b|\bother than\b|\bin addition to\b|"
                        r"\bbeyond\b|^\W*(?:(?:and|so)\W+)?(?:like what|such as what|for example|for instance|"
                        r"examples?)\b")),
)
# Answer types read from what a sentence says (a relation, a region, a topic of talks, a condition ...), not
# from a number or a name that most sentences have.
CONTENT_TYPES = frozenset("relation region counter topic condition wish use".split())
# A list going on past what is named: "security issues, as well as human rights ...", "including ...".
_LIST = re.compile(r"\b(?:as well as|including|such as|among them|along with)\b")
# A sentence characterising how two parties stand: "in yet another sign of deepening military cooperation".
_RELATION = re.compile(r"\b(?:cooperation|ties|relations?|relationship|alliance|partnership|collaboration|rivalry|"
                       r"tensions?|sign of|trend)\b", re.IGNORECASE)
# A sentence telling what talks would be about: "open to discussing security issues, as well as ...".
_TOPICS = re.compile(r"\b(?:discuss|discussing|discussed|talk about|talks on|agenda|topics?)\b", re.IGNORECASE)
# A sentence telling of an act against something: "working with allies to disrupt and prevent arms transactions".
_COUNTER = re.compile(r"\b(?:stop|stops|stopping|halt|block|blocking|curb|curbing|thwart|prevent|preventing|disrupt|"
                      r"disrupting|counter|countering)\b", re.IGNORECASE)
# A sentence telling what something is used for: "is using DPRK bullets and missiles to kill ...".
_USE = re.compile(r"\b(?:use|uses|used|using)\b", re.IGNORECASE)
# A sentence telling how sure its source is: "we believe Pyongyang is seeking ...".
_HEDGED = re.compile(r"\b(?:believe|believes|believed|assess|assesses|assessed|suspect|suspects|suspected|likely|"
                     r"allegedly|reportedly|estimate|estimates|estimated|confirmed|unconfirmed)\b", re.IGNORECASE)
# A sentence giving a cause or a purpose: "amid growing concerns about ...", "Advancing ... peace means ...".
_REASON = re.compile(r"\b(?:because|due to|amid|owing to|in order to|so that|means|in return for|as a result|"
                     r"concerns? (?:about|over))\b", re.IGNORECASE)
_PREREQUISITE = re.compile(r"\b(?:preconditions?|prerequisites?|conditions?|demands?|requirements?|first|beforehand|"
                           r"up ?front|in advance)\b", re.IGNORECASE)
# ... said of someone as they feel it ("Washington is deepening concerned"), not a noun ("growing concerns")
_FEELING = re.compile(r"\b(?:concerned|worried|alarmed|feared|welcomed|pleased|troubled|disappointed|frustrated|"
                      r"angry|outraged|dismayed)\b", re.IGNORECASE)
# A sentence stating a condition: "as long as the North refuses ..., the U.S. will ...".
_CONDITIONAL = re.compile(r"\b(?:if|as long as|unless|in case|otherwise|provided that|so long as)\b", re.IGNORECASE)


def type_fit(query: str, sentence: str, is_place: Callable[[str], bool] = lambda name: False, *,
             own: str | None = None) -> float:
    """1 when ``sentence`` holds the kind of thing ``query`` asks for (a number, a date, a place, a region,
    a person, a wish for "what does N want", a use for "what is N doing with them", a condition for
    "what if ...", how sure its source is ("we believe") for "is that confirmed?", what talks would discuss for "what subjects are on the table?", what characterises two parties' relations for
    "what does it say about their ties?", a quote or a "he said" for
    "does the US consider ...", a list going on for "what other ..."), else 0. A follow-up's ``own``
    words decide the kind when they ask for one ("And how does Washington feel about that?" after "What
    is Pyongyang trying to get?" asks for a stance, not a wish)."""
    kind = answer_type(own) if own is not None else None
    kind = kind or answer_type(query)
    if kind is None:
        return 0.0
    if kind == "number":
        return float(has_number(sentence))
    if kind == "date":
        return float(has_date(sentence))
    if kind == "place":
        return float(has_place(sentence))
    if kind == "region":
        return float(has_place(sentence, regions=True, is_country=is_place))  # "security implications for ... Europe"
    if kind == "person":
        return float(has_person(sentence, is_place))
    if kind == "wish":
        return float(WISH.search(sentence.lower()) is not None)  # "What does the North want?": "is seeking"
    if kind == "use":
        return float(bool(_USE.search(sentence)))  # "What is Russia doing with them?": "using ... to kill"
    if kind == "certainty":
        return float(bool(_HEDGED.search(sentence)))  # "Is that confirmed?": "we believe ..."
    if kind == "prerequisite":  # "without preconditions", "on condition that ..."
        return float(bool(_PREREQUISITE.search(sentence)))
    if kind == "condition":
        return float(bool(_CONDITIONAL.search(sentence)))  # "What if they won't talk?": "as long as ..."
    if kind == "relation":
        return float(bool(_RELATION.search(sentence)))
    if kind == "counter":
        return float(bool(_COUNTER.search(sentence)))
    if kind == "topic":
        return float(bool(_TOPICS.search(sentence)))
    if kind == "reason":
        return float(bool(_REASON.search(sentence)))  # "Why ...?": "amid growing concerns about ..."
    if kind == "feeling":
        return float(bool(_FEELING.search(sentence)))  # "How does Washington feel ...?": "deepening concerned"
    if kind == "more":
        return float(bool(_LIST.search(sentence)))  # "Apart from security, what other issues ...?"
    return float(bool(_QUOTED.search(sentence)))  # a stance: "Does the US consider ...?": what its official said


def answer_type(question: str) -> str | None:
    """The kind of thing ``question`` asks for, read from its form (``type_fit``), or None."""
    q = question.lower()
    return next((kind for kind, cue in _ANSWER_TYPES if cue.search(q)), None)


# "How did he describe Russia's war?", "What adjective did he apply to Russia's war?", "What word does he use
# for the war?": the thing to be described (its head word after an owner's name), not the describing verb.
_DESCRIBED = re.compile(r"\b(?:describ\w*|characteri[sz]\w*|portray\w*|label\w*|call|calls|called|"
                        r"(?:adjective|word|term)\b[^?]*?\b(?:for|to))\s+(?:(?:the|a|an|this|that)\s+)?"
                        r"(?:[A-Z][\w.]*['’]s\s+)?(?!(?:describ|characteri[sz]|portray|label)\w*\b)([A-Za-z][\w-]*)\b",
                        re.IGNORECASE)
_NOT_A_QUALIFIER = frozenset("a an the this that these those its his her their our your of in on to for with by from "
                             "and or as at".split())


# what something is used for, not only that it is: "using DPRK bullets and missiles to kill ..."
_PURPOSE = re.compile(r"\b(?:use|uses|used|using)\b[^.;:]*?\bto\s+(?!(?:the|a|an|its|their|his|her)\b)[a-z]+|"
                      r"\bin order to\b", re.IGNORECASE)


def telling(question: str) -> Callable[[str], bool] | None:
    """For a question asking how a thing is described or what something is used for, a test of whether a
    sentence tells it ("Russia's unlawful war"; "using ... to kill", not "Russia's use of ... weapons");
    None for other questions. The answerer uses it to choose between a frame and its quote."""
    if noun := described(question):
        return lambda sentence: qualifies(sentence, noun)
    if answer_type(question) == "use":
        return lambda sentence: _PURPOSE.search(sentence) is not None
    return None


def described(question: str) -> str | None:
    """The thing ``question`` asks a description of ("war" of "How did he describe Russia's war?"), or None."""
    m = _DESCRIBED.search(question)
    return None if m is None else m.group(1).lower()


def qualifies(sentence: str, noun: str) -> bool:
    """Whether ``sentence`` says ``noun`` (a word of its own, not part of "war-torn") with a word qualifying
    it right before it ("unlawful war", "a war-torn Ukraine"), not an article or an owner ("Russia's war")."""
    for m in re.finditer(rf"(?<![\w-])([\w’'-]+)\s+{re.escape(noun)}s?(?![\w-])", sentence, re.IGNORECASE):
        word = m.group(1)
        if word.lower() not in _NOT_A_QUALIFIER and not re.search(r"['’]s$", word) and not word[0].isdigit():
            return True
    return False
