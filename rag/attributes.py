"""Questions asking for an attribute of a person or a thing, read from their form (no model).

``rag.slots`` sets a slot for each; the answerer quotes only a sentence that holds what it asks for:

* a person's **title**: "What's the official's role?", "the position of Koepcke" (not "its role in the war",
  nor "Washington's position on talks": a part, a stance);
* a **measure**: "How much did Russia pay?" (money), "What percentage ...?" (a share), "What time did it
  start?" (a time of day), "How far ...?" / "what type and range" (a distance), "How much is that in
  tons?" (a weight), "How old is Koepcke?" (an age), "Which Yonhap journalist wrote this?" (a byline),
  "How did they come up with that count?" (how it was found), "How much has it grown?" (a change);
* a **date**: "When will they meet?" (one to come), "What day of the week ...?", "On what exact date ...?" (a
  day, not "late December"), "Start date for the count?";
* a **life event** ("Where was Koepcke born?"), **identifiers** ("which resolutions, by number?"), a **choice**;
* any other **attribute**: "What is the population / capital of X?", "Who is Koepcke's boss?", which the article
  must name. A stance, a cause, a content or a measure ("Washington's position on talks", "the contents of the
  containers", "the reported tally of missiles") is answered by what was said, and a part of the page ("the
  name of the forum", "the man in the photo") by the page's structure: these nouns ask for no attribute.

>>> measure_asked("How old is Robert Koepcke?"), title_asked("What's the official's role?")
('age', 'official')
>>> attribute_asked("Who is Koepcke's boss?"), attribute_asked("What were the contents of the containers?")
('boss', None)
"""

from __future__ import annotations

import re

from rag.entities import counted, counts
from rag.lexicon import STOP_WORDS

# A person's role ("the official's role?", "the guys job title?", a phone's "koepcke title pls"), not a part or a
# stance: "its role in the war", "Washington's position on talks" ("his position in the government" is a title).
_ROLE = re.compile(r"\b(his|her|[a-z]+(?=['’]s\b)|(?<=the )(?:guy|man|official|diplomat)(?=s\s))(?:['’]?s)?\s+"
                   r"(?:(?:actual|exact|official|current|full|formal|precise|previous|former|earlier|past|prior|old)\s+){0,2}"
                   r"(?:job\s+)?(?:role|title|position|job|post|rank|portfolio|(?<=job )seat)\b"
                   r"(?!\s+(?:in|on|about|regarding|toward|towards|over|with)\b(?!\s+(?:the\s+)?(?:"
                   r"there|government|administration|state department|department|cabinet|ministry|united states|"
                   r"u\.?s\.?)(?!\w)))|"  # "the job title of this official", "the position of Koepcke"
                   r"\b(?:job\s+)?(?:role|title|position|post|rank|portfolio|seat)\s+of\s+(?:the\s+|this\s+|that\s+)?"
                   r"((?-i:[A-Z][a-z]+)(?!\s+(?-i:[A-Z]))|official|diplomat|guy|man|woman|speaker|envoy)\b|"
                   r"\bwhat (?:does|did) (?:the )?[a-z]+ do for (?:a living|the (?:govt|government))\b|^\W*(?!(?:what|"
                   r"which|the|a|an|article|story|headline|page|news|its|their|this)\b)([a-z][\w-]*?)(?:['’]s)?\s+"
                   r"(?:job\s+)?(?:title|role|position)\W*(?:please\W*)?$", re.IGNORECASE)
# "How old is Koepcke?": an age. "Which Yonhap journalist wrote this?": a writer's credit.
_AGE_ASKED = re.compile(r"\bhow old (?:(?:is|was|are|were)\b(?! (?:the |this |that )?(?:article|story|report|piece|news|"
                        r"figure|data|information)\b)|(?:he|she|they|koepcke|the official) (?:is|was)\b)|"  # "how old he is"
                        r"\b(?:what|which) age\b|\b(?:his|her|their) age\b", re.IGNORECASE)
_AUTHOR = re.compile(r"\b(?:which|what) (?:(?!(?:does|did|do|is|was|has|the|a|an)\b)[\w-]+ )?(?:journalist|reporter|"
                     r"correspondent|writer|author|columnist|photographer)s?\b|\bbylined?\b|"  # "Who wrote it?"
                     r"\bname (?:of )?the (?:journalist|reporter|correspondent|writer|author|photographer)\b|"
                     r"\bwho (?:wrote|authored|penned) (?:it|that|(?:this|the) (?:article|story|piece|report))\b|"
                     r"\bwho(?:['’]s| is| was) the (?:[\w-]+ )?(?:reporter|journalist)\b", re.IGNORECASE)  # a person: a byline
# "What percentage ...", "what share of ...": a share. "What time did it start?": a time of day.
_SHARE_ASKED = re.compile(r"\b(?:what|which) (?:percentage|percent|proportion|share|fraction)\b", re.IGNORECASE)
_DISTANCE_ASKED = re.compile(r"\bhow far\b|\bwhat (?:is|was|are) the (?:range|distance)\b|"
                             r"\bwhat (?:\w+ (?:and|or) )?(?:range|distance)\b", re.IGNORECASE)
# "How much did Russia pay?", "What's that worth in dollars?": an amount of money.
_MONEY_ASKED = re.compile(r"\bhow much\b.*\b(pay|paid|pays|paying|cost|costs|costing|spend|spent|spending|worth|"
                          r"charge|charged|charging)\b|\bhow much (?:money|cash)\b|"
                          r"\bworth in (?:dollars|usd|euros|money)\b|\bin (?:dollar|monetary) terms\b|"
                          r"\bwhat(?:['’]s| is| was| are| were) (?:that|it|this|they|those|these|the [a-z]+) "
                          r"(?:all )?worth\b|(?:\b(?:dollar|monetary|cash|market|usd)|\$) (?:value|amount|cost|figure|worth)\b|"
                          r"\bwhat(?:'s|’s| was| is)? (?:the )?(?:estimated |total |approximate )?"
                          r"(?:price|cost|amount of money)\b", re.IGNORECASE)
# "How much is that in tons?", "How heavy was it?": a weight.
_WEIGHT_ASKED = re.compile(r"\bhow heavy\b|\bhow much (?:do|does|did) (?:[\w-]+ ){1,3}?weigh\b|\b(?:weight|tonnage)\b|"
                           r"\bin (?:metric )?(?:tons|tonnes|kilos|kilograms|kg|lbs)\b", re.IGNORECASE)
_CLOCK_ASKED = re.compile(r"\b(?:what|which) time (?:of day )?(?:is|was|did|does|do|will|would)\b|\bat what time\b"
                          r"|\bwhat hour\b", re.IGNORECASE)
# "How did US intelligence come up with the count?", "How was that counted?": the way a figure was found.
_METHOD_ASKED = re.compile(r"\bhow (?:do|did|does|could|can|would) (?:[\w.’'-]+ ){1,4}?(?:know|figure out|come up with|"
                           r"calculate|count|estimate|determine|arrive at|work out|verify|confirm|find out|learn|"
                           r"discover|establish|track)\b|"
                           r"\bhow (?:was|were|is|are) (?:[\w.’'-]+ ){1,3}?(?:counted|calculated|estimated|determined|"
                           r"verified|confirmed|tracked)\b|\bhow (?:is|are|was|were) (?:[\w.’'-]+ ){1,3}?(?:tracking|monitoring|"
                           r"counting)\b|\b(?:figure|number|count|estimate|tally|that|it|this) (?:is )?based on\b|"  # "the basis for the count"
                           r"\b(?:sourcing|basis|evidence|methodology)\s+(?:or\s+\w+\s+)?(?:(?:did|does)\s+[^?]*?)?(?:for|"
                           r"of|behind|to (?:substantiate|support|back(?: up)?))\s+(?:the|that|this|his|its)\s+(?:[\w,.-]+\s+){0,2}?(?:figure|"
                           r"count|number|estimate|tally|total|claim|data|stat)s?\b", re.IGNORECASE)
# "How much has the count grown?", "how fast is it rising?": a change over time.
_CHANGE_ASKED = re.compile(r"\bhow (?:much|fast|quickly) (?:has|have|is|are|did|does|do) (?:[\w.’'-]+ ){0,4}?(?:grown|grow|"
                           r"growing|risen|rise|rising|increased|increase|increasing|climbed|climbing|dropped|fallen|"
                           r"falling|declined|declining|shrunk|changed)\b|"
                           # "Is that more or less than was reported earlier?", "is it going up?", "the previous estimate"
                           r"\b(?:more|less|fewer|higher|lower|bigger|smaller)(?: or (?:more|less|fewer|higher|lower))? than "
                           r"(?:what (?:was|were|had been) |the )?(?:reported|estimated|previously|earlier|before|last|previous|"
                           r"prior)\b|\b(?:is|are) (?:it|that|this|they|the \w+) (?:still )?going (?:up|down)\b|\b(?:previous|"
                           r"prior|earlier|former|initial|older) (?:[\w.-]+ )?(?:estimate|figure|count|number|tally)s?\b", re.I)
# "Is the 16,500 figure an exact count or a minimum?", "16.5k - exact or approx": how exact a number is
_PRECISION_ASKED = re.compile(r"\b(?:exact|precise)\b[^?]*\bor\b[^?]*\b(?:minimum|approx\w*|estimate\w*|rough\w*|"
                              r"ballpark|lower bound|at least|floor|rounded)|\b(?:approx\w*|estimate\w*|rough\w*|minimum|"
                              r"rounded)\b[^?]*\bor\b[^?]*\b(?:exact|precise)\b", re.IGNORECASE)
_MEASURES = (("money", _MONEY_ASKED), ("share", _SHARE_ASKED), ("clock", _CLOCK_ASKED), ("distance", _DISTANCE_ASKED),
             ("weight", _WEIGHT_ASKED), ("age", _AGE_ASKED), ("author", _AUTHOR), ("method", _METHOD_ASKED),
             ("change", _CHANGE_ASKED), ("precision", _PRECISION_ASKED))
# "When will the talks take place?", "When are they scheduled?": a date to come.
_WHEN = re.compile(r"^\W*(?:(?:and|but|so|ok|okay)\W+){0,2}(?:where\s+and\s+)?(?:(?:since|from)\s+)?when\b"
                   r"(\s+(?:will|shall|would)\b|"
                   # "When and where the US and North Korea will meet": "will" later, in a question not inverted
                   r"(?!.*\b(?:did|does|do|was|were|is|are|has|have|had)\b).*\bwill\b|.*\b(scheduled|planned|"
                   r"expected|due|supposed to|going to|set to)\b)?", re.IGNORECASE)
_A_DATE = re.compile(r"\bis there (?:a |any )?(?:date|schedule)\b|\b(?:exact|set|fixed) date\b", re.IGNORECASE)
_AND_WHEN = re.compile(r"\b(?:and|or) (?:if so,? )?when\W*$", re.IGNORECASE)  # "Will they ..., and when?"
_PLANNED = re.compile(r"\b(?:will|going to|plan|planning)\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"(?:\b(?:what|which)|^\W*(?:the)?) ?(?:day of (?:the )?week|weekday)\b", re.IGNORECASE)
# "On what exact day ...?", "What exact date ...?": a day, not a month ("late December").
_DAY = re.compile(r"\b(?:what|which) (?:(?:exact |precise |specific )?day|(?:exact|precise|specific) date)\b", re.I)
# "start date on that tally?", "start point of the reporting window", not "the starting point for talks"
_SPAN = re.compile(r"\b(?:what|which) (?:time[- ]?frame|period of time|time period|time span)\b|\bstart(?:ing)? date\b|"
                   r"^\W*(?:the\s+)?(?:start|starting|begin\w*)\s+point\s+(?:for|on|of)\b|\b(?:start|beginning)\s+(?:point\s+)?"
                   r"of\s+the\s+(?:[\w-]+\s+)?(?:window|period|count|tally|span)\b|\bwhen did (?:that|this|the) (?:count|tally|"
                   r"figure|total|number) (?:start|begin)\b|\btime (?:window|frame) (?:on|for) (?:that|this|it)\b", re.I)
# ... of a count: "start date on that container tally?" asks when the count of containers starts
_COUNT_NOUN = re.compile(r"\b([a-z]+)\s+(?:count|tally|stat|statistic|figure|total)\b|\b(?:count|tally|total|number) of "
                         r"(?:the\s+)?([a-z]+)\b", re.IGNORECASE)
_AS_ASKER = re.compile(r"^\W*as an?\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)  # "As a retired ...": who asks
# A life event of a person ("Where was Koepcke born?", "Is he married?"): the article must tell of it.
_LIFE = re.compile(r"\b(born|married|divorced|educated|graduated|studied|appointed|elected|nominated|hired|"
                   r"promoted|resigned|retired|died|sworn)\b|\b(?:take|took|taken|taking|assume|assumed|leave|left) "
                   r"(office)\b|"
                   # schooling: "Where did he go to university?", "Which college did she attend?"
                   r"\b(?:go|goes|went|gone|going) to (university|college|school)\b(?=\s*(?:[?.!,]|$|in\b|at\b|for\b))|"
                   r"\b(?:did|does) (?:he|she|\w+) (study)\b|"
                   r"\b(university|college|alma mater)\b[^?]*\b(?:attend|attended|go to|went to)\b|"
                   # a tenure: "How long has he been in that post?", "since when he have this job?", "... served?"
                   r"\b(?:how long|since when|when) (?:(?:has|had|is|was|did|does) )?(?:he|she|the (?:official|diplomat|envoy)|"
                   r"(?-i:[A-Z][a-z]+(?: [A-Z][a-z]+)?)) (?:(?:has |is )?been in |(?:have|has|had|hold|held|take|took|get|"
                   r"got|start|started) )(?:that|the|this|his|her) (?:current |present )?(?:post|job|role|position|office)\b|"
                   r"\bhow long (?:(?:has|had|is|was) )?(?:he|she|the (?:official|diplomat|envoy)|(?-i:[A-Z][a-z]+(?: [A-Z][a-z]+)?)) "
                   r"(?:has been |is |was |been )?(?:served|serving|worked|working|held|running|leading|heading|"
                   r"in charge|in office)\b", re.IGNORECASE)
# The attribute of a thing or person: "What is the range of the missiles?", "Who is Koepcke's boss?" -> the
# article must say the attribute's noun. A stance ("Washington's position") is answered by what was said.
_ATTRIBUTE = re.compile(r"^\W*(?:what|who)(?:['’]s| is| was| are| were)\s+(?:the\s+)?(?:([a-z]+)\s+)?([a-z]+)\s+(?:of|in|at)\b|"
                        r"^\W*(?:(?:and|but|so|ok|okay|well)\W+){0,2}(?:what|who)(?:['’]s| is| was| are| were)\s+"
                        r"(?:(?:[\w.]+\s+){0,2}?[\w.]+['’]s|his|her|their)\s+(?:([a-z]+)\s+(?!(?:then|now|back|at)\b))?([a-z]+)"
                        r"\s*(?:[?,.!]|$|(?:then|now|at the time|back then)\b)", re.IGNORECASE)
_PASSIVE = re.compile(r"[a-z]+(?<!e)ed|(?:sh|kn|fl|gr|bl|thr|dr)(?:own|awn)|seen|given|taken|written|spoken|chosen|"
                      r"said|told|held|made|sent|found")  # not "speed", "population"
# Nouns answered by what the article says, not by the word: a stance, a cause, an outcome, a measure.
_CONTENT_NOUNS = frozenset("position stance view views reaction response stand attitude opinion take role roles "
                           "message point argument assessment reason reasons purpose goal goals aim aims plan plans "
                           "concern concerns significance meaning importance impact effect effects nature scope cause "
                           "causes result results outcome consequence consequences implication implications context "
                           "size scale amount extent volume quantity value total count tally figure figures estimate "
                           "situation state status latest contents content origin origins destination topic topics "
                           "subject subjects focus theme gist summary cargo identity details specifics basis timing "
                           "timeline words remarks comments statement quote claim claims man woman person people guy "
                           "individual".split())  # "Who is the man ...?": a person
_OF_PAGE = re.compile(r"\b(?:of|in|at) (?:the|this|that) (?:article|story|piece|report|text|news|photo|picture|image|"
                      r"caption|headline)\b", re.IGNORECASE)  # "the man in the photo": whoever the page shows
_PAGE_NOUNS = frozenset("name names number headline title caption photo picture image source author byline "
                        "dateline article story piece text".split())  # the page's parts: answered by its structure

AUX = r"(?:is|are|was|were|has|have|had|did|does|do|will|would|can|could|should|may|might|must|'s|’s)"
SUBJECT = (r"(?:(?:the|this|these|those|its|their|it|they|he|she|we|you)\s+(?:[\w.]+\s+){0,2}?|"
            r"(?-i:[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})\s+)")  # before its verb: "... the US is", "... United States is"
PAST = r"(?:\w+ed|got|made|built|sent|sold|gave|took|brought|bought|paid|wrote|led|held|won|shot|struck|fought)"
# "Were they shipped by rail or by sea?": a choice between options, one of which the article must say.
_CHOICE = re.compile(r"\b(?:by |via |in |on |at |to |from |with )?(?:the |a |an )?([a-z][a-z-]+)\s+(?:or|versus|vs\.?)\s+"
                     r"(?:by |via |in |on |at |to |from |with )?(?:the |a |an )?([a-z][a-z-]+)\s*\?\s*$", re.IGNORECASE)
# "By ship, or by train?", "by rail, by ship, what?": options after "by"; "By what route, rail or sea, ...?"
_BY_OR = re.compile(r"\b(?:by|via) (?!(?:how|what|which)\b)([a-z][a-z-]+)\b[^?,]{0,40}(?:,?\s+(?:or|versus|vs\.?)|,)\s+(?:by|via) ([a-z][a-z-]+)\b|"
                    r"\b(?:what|which) (?:route|way|means|mode|method)\b\s*[,—–-]\s*([a-z][a-z-]+)\s+or\s+([a-z][a-z-]+)\s*[,—–-]",
                    re.IGNORECASE)
# "What port or rail route were they shipped through?": the same choice, asked with "which / what".
_WHICH_OR = re.compile(r"^\W*(?:(?:by|through|via|from|in|on|at|to|over)\s+)?(?:which|what)\s+(?:[a-z-]+\s+)?([a-z][a-z-]+)\s+or\s+"
                       r"(?:[a-z-]+\s+){0,2}?([a-z][a-z-]+)\s+(?:" + SUBJECT + r")?(?:" + AUX + "|" + PAST + r")\b", re.I)
_SHRUG = re.compile(r"(\bor\b[^?]*?)[\s,]+or\s+(?:what|whatever|something|sth)\s*\??\s*$", re.IGNORECASE)
_NO_OPTION = frozenset("something whatever nah nope not anything anyone somebody else".split())  # "legal or whatever?"
# "Which resolutions were violated, by number?", "... resolution numbers ...": identifiers are asked for.
_IDENTIFIER = re.compile(r"\bby (?:number|name)\b|\b(?!(?:the|their|its|of|those|these|exact|actual)\b)[a-z]+ numbers\b|"
                         r"^\W*(?:which|what) (?:[\w.]+ )?[a-z]+s\b\W*(?:exactly|specifically|tho|though|then)?\W*\?.*\bnumbers\b|"
                         r"\b(?:which|what) numbered\b|^\W*(?:which|what)\b[^?]*\b(?:numbers|names)\b|"
                         r"\b(?:which|what) (?:\w+ )?(?:model|variant|version|make|brand)s? of\b|"
                         r"^\W*(?:which|what)\b[^?]*\b[a-z]+ (?:model|variant)s?\b|"
                         r"\b(?:name|model|type|designation)s? or (?:name|model|type|designation)s? of\b|"
                         r"^\W*(?:[a-z-]+\s+){0,2}(?:model|variant)s?\b", re.IGNORECASE)  # "fighter jet model NK wants"
# A question after a statement of who asks or why ("I'm doing a school project. When did the war start?")
FINAL_QUESTION = re.compile(r"^[^?]*[.!]\s+([A-Z][^.!?]*\?)\s*$")
ASIDE = re.compile(r"\s*\([^()]*\)|,\s*by (?:number|name)\s*,?|,\s*(?:such as|like|e\.g\.)[^,?]*,")
# ... and of what: "resolution" of "resolution numbers", "resolutions" of "which ... resolutions did ...".
_IDENTIFIED = (re.compile(r"\b(?:model|variant|version|designation)s? of (?:the )?(?:[\w-]+\s+){0,3}?([a-z]+)\b(?=\s+(?:that|which|"
                          r"did|does|do|is|are|was|were|has|have|from|in|by|for|with)\b|\s*[?.!]*\s*$)", re.IGNORECASE),
               re.compile(r"\b(?!(?:the|their|its|of)\b)([a-z]+)\s+(?:numbers|names)\b", re.IGNORECASE),
               re.compile(r"\b(?:numbers|names) of (?:the |these |those )?(?:[a-z-]+\s+){0,2}?(?!(?:them|those|these|it)\b)"
                          r"([a-z]+)\b", re.IGNORECASE),
               re.compile(r"\b([a-z]+) (?:model|variant)s?\b", re.IGNORECASE),  # "which missile model"
               re.compile(r"\b(?:which|what)\s+(?:[\w.’'-]+\s+){0,5}?([a-z]+)\s+" + AUX + r"\b", re.IGNORECASE),
               # "which resolutions tho? the numbers", "which UN resolutions exactly? like the numbers"
               re.compile(r"^\W*(?:which|what) (?:[\w.]+\s+)?([a-z]+s)\b(?!\s+(?:is|are|was|were)\b)", re.IGNORECASE))


def identifier_asked(question: str) -> str | None:
    """The noun whose numbers or names ``question`` asks for ("resolutions" of "which resolutions, by number?"), or None."""
    aside_free = ASIDE.sub(" ", question)  # "Which resolutions (by number) are ...": the noun is before "are"
    if _IDENTIFIER.search(question) and (m := next(filter(None, (p.search(aside_free) for p in _IDENTIFIED)), None)):
        return None if m.group(1).lower() in STOP_WORDS else m.group(1).lower()  # "both numbers": no noun
    return None


def choice_asked(question: str, *, not_options: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """The two options ``question`` offers ("rail", "sea" of "by rail or by sea?"); ``not_options``, "or whatever" none."""
    question = _SHRUG.sub(r"\1?", question)  # "by train or boat or what?": two options and a shrug
    m = _WHICH_OR.search(question) or _BY_OR.search(question) or _CHOICE.search(question)
    options = m and [w.lower() for w in m.groups() if w]
    return None if not options or set(options) & (not_options | _NO_OPTION) else (options[0], options[1])


# A title put to check: "wait, is Koepcke the US ambassador in Seoul?", "isn't he a defense official?"
ROLE_CHECK = re.compile(r"^\W*(?:(?:wait|so|but|and|ok|okay|hmm)\W+)*(?:is|isn['’]?t|was|wasn['’]?t)\s+"
                        # the person, not a country's first word ("United States diplomat")
                        r"(he|she|the official|(?!(?:United|North|South|New|European|Soviet|Security)\b)"
                        r"(?-i:[A-Z][a-z]+))\s+(?:really\s+)?(?:(?:the|a|an)\s+)?(?:[\w.’'-]+\s+){0,3}?"
                        r"(ambassador|secretary|minister|envoy|diplomat|spokes(?:man|woman|person)|director|chief|"
                        r"adviser|advisor|general|president|representative|undersecretary|official|head)\b", re.I)


# "What was his job before that?", "Before this job, what Mr. Koepcke did?": an earlier post, which a sentence
# tells by "former", "previously", "before joining" ...
_EARLIER_ASKED = re.compile(r"\b(?:before (?:that|this|then|(?:his|her|their|the) (?:current|present|new))|"
                            r"previous(?:ly)?|former(?:ly)?|prior|earlier|used to|past|old)\b", re.IGNORECASE)
_DID_WHAT = re.compile(r"\b(?i:what\s+(?:did\s+|had\s+)?(?:mr\.?\s+|ms\.?\s+)?)(he|she|[A-Z][a-z]+)\s+(?:do|did|done)\b")
_EARLIER = re.compile(r"\b(?:former|formerly|previously|ex-|earlier|before (?:that|this|becoming|joining|taking))\b", re.I)


def earlier_post_asked(question: str) -> str | None:
    """Whose earlier post ``question`` asks about ("he", "koepcke"), or None: a title asked "before that", or a
    learner's "what Mr. Koepcke did" before this job."""
    if not _EARLIER_ASKED.search(question):
        return None
    return title_asked(question) or ((m := _DID_WHAT.search(question)) and m[1].lower()) or None


def has_earlier_post(sentence: str) -> bool:
    return _EARLIER.search(sentence) is not None


def title_asked(question: str) -> str | None:
    """Whose title ``question`` asks for ("his", "official", "koepcke"), or None."""
    m = ROLE_CHECK.search(question) or _ROLE.search(question)
    return None if m is None else next(filter(None, m.groups()), "he").lower()


def date_asked(question: str) -> str | None:
    """The kind of date ``question`` asks for: ``scheduled`` (on a calendar, to come), ``future`` (to
    come, or the condition the asked act waits on), ``when``, ``weekday``, ``day`` (not a month), or None."""
    if m := _WHEN.search(question):
        # "When is it scheduled?" asks for a date on a calendar; "When will they talk?" may wait on a condition.
        if m.group(2) or (m.group(1) and _A_DATE.search(question)):  # "When will they talk next? Is there a date?"
            return "scheduled"
        return "future" if m.group(1) else "when"
    if _AND_WHEN.search(question):  # "Is Washington going to impose sanctions, and when?": a date to come
        return "scheduled" if _PLANNED.search(question) else "when"
    return ("weekday" if _WEEKDAY.search(question) else "day" if _DAY.search(question)
            else "when" if _SPAN.search(question) else None)


def window_counted(question: str, shown: str = "") -> str | None:
    """What a question asking when a count starts counts ("container" of "Start of the window for the container
    stat?"; of "And when did that count start?", what the answer ``shown`` counted), or None: a sentence counting
    that with a date answers it, whatever MiniLM makes of the wording."""
    if _SPAN.search(question) is None:
        return None
    noun = next(filter(None, m.groups())).lower() if (m := _COUNT_NOUN.search(question)) else None
    if noun is None or noun in STOP_WORDS:
        noun = next((w for c in counted(shown) for w in re.findall(r"[a-z]{3,}", c.lower()) if w not in STOP_WORDS), None)
    return noun


def counts_window(question: str, sentence: str, shown: str = "") -> bool:
    """Whether ``sentence`` counts what ``question`` asks the start of a count of (True: no such count asked)."""
    return (noun := window_counted(question, shown)) is None or counts(noun, sentence)


def measure_asked(question: str) -> str | None:
    """The kind of measure ``question`` asks for (``share``, ``clock``, ``distance``, ``age``, ``author``)."""
    return next((kind for kind, cue in _MEASURES if cue.search(question)), None)


def life_event_asked(question: str) -> str | None:
    """The life event ``question`` asks about ("born", "married", "office"), or None; not the asker's own
    ("As a retired diplomat, I wonder ...")."""
    if (m := _LIFE.search(question)) is None or _AS_ASKER.match(question[:m.start()]):
        return None
    return next(filter(None, m.groups()), "tenure").lower()


def attribute_asked(question: str, *, framing: frozenset[str] | set[str] = frozenset()) -> str | None:
    """The attribute noun ``question`` asks for ("population", "boss"; "phone" of "Koepcke's phone
    number"), or None: none asked, or a stance, a content, a measure, a part of the page or another
    ``framing`` noun."""
    m = _ATTRIBUTE.search(question)
    if m is None or _OF_PAGE.search(question):
        return None
    noun = (m.group(2) or (m.group(3) if m.group(4).lower() == "number" and m.group(3) else m.group(4))).lower()
    if m.group(2) and not m.group(1) and _PASSIVE.fullmatch(noun) and not re.search(r"\bthe\s", m.group(0), re.I):
        return None  # "Who is shown in it?", "Who is quoted in the story?": a passive verb, no attribute
    return None if noun in _CONTENT_NOUNS | _PAGE_NOUNS | framing else noun
