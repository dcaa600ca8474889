"""A question's form sets what its answer must hold; the answerer quotes only a sentence that holds it."""

from __future__ import annotations

import pytest

from rag.slots import Slot, detail_asked, event_words, slot_of


@pytest.mark.parametrize("question, slot", [
    ("How many tanks has North Korea sent to Russia?", Slot("count", "tanks")),
    ("How many of the rockets were fired?", Slot("count", "rockets")),
    ("And how many missiles?", Slot("count", "missiles")),
    ("How many of them were there?", Slot("count", None)),
    ("so how many of those did they launch", Slot("count", None)),  # "launch" is the verb, not what is counted
    ("Are Chinese engineers helping too? And how many of them?", Slot("count", "engineers")),  # said before
    ("and how many of these were intercepted by air defences?", Slot("count", None)),
    ("How many containers of munitions reached Russia?", Slot("count", "containers")),  # a past verb
    ("is that legal or whatever?", None),  # "or whatever" offers no option
    ("how many tanks and how many jets? need both numbers", None),  # "both numbers" asks no identifier
    ("which companies exactly?", Slot("thing", "companies")),  # a follow-up asking which ones
    ("Which partner countries is Paris working with?", Slot("named", "partner")),  # partners, by name
    ("and tanks? how many of those went to Kyiv", Slot("count", "tanks")),  # "went" is a verb, not what is counted
    ("State as fact the exact number of North Korean troops deployed.", Slot("count", "troops")),
    ("What was the name of the summit and who hosted it?", Slot("name", "summit")),  # "and": the noun ends
    ("Names of the ships that carried the containers?", Slot("name", "ships")),  # the plural asks the same
    ("what's the rest of that list?", None),  # the rest of what was shown, no attribute
    ("how much is Paris paying Rome for all this?", Slot("money")),
    ("when will the two sides meet next? is there a date", Slot("date", "scheduled")),
    ("Which Asian countries is he responsible for?", Slot("place", "countries")),  # a continent: any of its
    ("Which allies the Pentagon is arming?", Slot("thing", "allies")),  # a learner's order, a name as subject
    ("How many of the shipments went by truck versus by plane?", Slot("choice", "truck or plane")),
    ("Did they move it by air across the sea, or by road?", Slot("choice", "air or road")),
    ("break it down by how many went by truck versus by plane?", Slot("choice", "truck or plane")),  # not "how"
    ("and what is all that worth in dollars?", Slot("money")),
    ("total $ value of the munitions", Slot("money")),  # a phone's "$"
    ("so who's her boss then?", Slot("attribute", "boss")),
    ("What were his exact words?", None),  # what was said, not an attribute
    ("How long has the official been in his current post?", Slot("life", "tenure")),
    ("The story keeps writing DPRK. What does that stand for?", Slot("expansion", "DPRK")),
    ("How much did Russia pay for the shells?", Slot("money")),
    ("What was the price of the deal?", Slot("money")),
    ("What's the estimated dollar value of the munitions?", Slot("money")),
    ("How much money changed hands?", Slot("money")),
    ("What is the name of the security forum?", Slot("name", "forum")),
    ("What is the agency called?", Slot("name", "agency")),
    ("Through which port were the containers shipped?", Slot("thing", "port")),
    ("Which allies is Washington working with?", Slot("thing", "allies")),
    ("What did Ukraine's president say about the missiles?", Slot("thing", "president")),
    ("What did the official underscore?", Slot("thing", "official")),
    ("Why did Japan's foreign minister say that?", Slot("thing", "minister")),  # any wh-word, or none:
    ("What does the US guy claim these deals break?", None),  # a guy is whoever speaks: no noun to find
    ("Did this gentleman say the Americans are still willing to talk?", None),  # so is a gentleman
    ("Did Koepcke say anything about China?", Slot("thing", "koepcke")),  # the speaker must be in the article
    ("What did he say about dialogue?", None),
    ("What does DPRK stand for?", Slot("expansion", "DPRK")),
    ("what does U.N. mean?", Slot("expansion", "UN")),
    ("What does Koepcke mean?", None),  # a name, not an acronym
    ("what's DPRK?", Slot("expansion", "DPRK")),
    ("What does the abbreviation DPRK stand for?", Slot("expansion", "DPRK")),  # an acronym alone: what it stands for
    ("What is the DPRK doing?", None),
    ("What was the name of the security forum Koepcke spoke at?", Slot("name", "forum")),  # a bare relative
    # framing nouns, pronouns and plain wh-questions set no slot
    ("From what point did Russia begin firing?", None),
    ("What kind of weapons are they?", Slot("thing", "weapons")),  # the article must mention weapons
    ("What kind is it?", None),
    # nouns naming the type of the answer: a date or a place, not the word
    ("On what date did he speak?", Slot("date", "date")),
    ("And when was that?", Slot("date", "when")),  # "when" asks for a date too
    ("Who hosted the security forum?", Slot("act", "hosted")),  # the article must tell of a hosting
    ("Who put that event on, and who else was on the panel?", Slot("act", "hosted")),  # an irregular verb
    ("Who held the missiles?", None),  # no event held
    ("Who said that?", None),
    ("Since when?", Slot("date", "when")),
    ("On which day of the week did he speak?", Slot("date", "weekday")),
    ("In what year did it start?", Slot("date", "year")),
    ("In which city was the forum held?", Slot("place", "city")),
    ("Which Ukrainian cities were struck?", Slot("places", "cities")),  # names of cities, not any place
    ("Which regions are affected?", Slot("region", "regions")),  # a part of the world that is no country
    ("Which parts of the world are people nervous about?", Slot("region", "regions")),
    ("Which countries is he responsible for?", Slot("place", "countries")),  # any place will do
    ("Which think tank organized the forum?", Slot("thing", "tank")),  # the subject of a past verb
    ("Which of those are missiles?", None),
    ("Who is Robert Koepcke?", None),
    ("What's the official's role at the State Department?", Slot("title", "official")),
    ("what's his position?", Slot("title", "his")),
    ("koepcke title please", Slot("title", "koepcke")),  # a phone's fragment ("pls" is spelt out)
    ("the title please", None),  # the page's: a headline
    ("what is koepcke's position in the government?", Slot("title", "koepcke")),  # "in" an office: a title
    ("What is that State Department guy's actual job title?", Slot("title", "guy")),
    ("Koepcke's full title for the caption, please", Slot("title", "koepcke")),  # what the title is for
    ("What is the job title of this official?", Slot("title", "official")),  # the title of a person
    ("Would you kindly tell me what the US is concerned about?", None),  # a request to the assistant: no speaker
    ("What's Koepcke's full official title?", Slot("title", "koepcke")),  # two words before it
    ("what is the position of Koepcke?", Slot("title", "koepcke")),
    ("What is the title of the article?", None),  # the page's headline
    # a question inside another, read in a question's order
    ("My son wants to know through which port the shells reached Russia.", Slot("thing", "port")),
    ("Does the article say when Russia's war began?", Slot("date", "when")),
    ("Do you know what the forum was called?", Slot("name", "forum")),
    ("What was his role with the talks?", None),  # a part played, not an office
    ("How old is Robert Koepcke?", Slot("age")),
    ("How old is this article?", None),
    ("Which Yonhap journalist wrote this piece?", Slot("author")),
    ("Who wrote it?", Slot("author")),
    ("who is the reporter?", Slot("author")),
    ("Who is the Yonhap reporter bylined on this story?", Slot("author")),
    ("Who wrote the resolutions?", None),  # not the page's writer
    ("Who wrote this article?", Slot("author")),  # a person, by a byline; "Source: Yonhap" names an agency
    ("What does the author say about the transfers?", Slot("thing", "author")),  # not asking for a byline
    ("What is the range of the North Korean missiles?", Slot("distance")),
    ("How far can the North Korean missiles fly?", Slot("distance")),
    ("Is North Korea the main supplier of munitions to Russia?", None),  # a yes/no check: its words paraphrase
    ("Who is the man in the photo?", None),  # whoever the page shows
    ("What's the weather in Pyongyang?", Slot("attribute", "weather")),
    ("What is the situation in Ukraine?", None),  # answered by what the article says
    ("What were the contents of the containers?", None),  # so are contents, origins, topics
    ("What is the topic of the article?", None),
    ("How many U.N. resolutions were violated exactly?", Slot("count", "resolutions")),
    ("Who is Koepcke's boss?", Slot("attribute", "boss")),
    ("What's the headline of this article?", None),  # a part of the page
    ("Where was Koepcke born?", Slot("life", "born")),
    ("What percentage of Russia's artillery comes from North Korea?", Slot("share")),
    ("What time did the forum start?", Slot("clock")),
    ("What is Koepcke's phone number?", Slot("attribute", "phone")),
    ("What is the total number of containers?", Slot("count", "containers")),  # a number counting them answers it
    ("What is the name of Koepcke's department?", Slot("name", "department")),
    ("What railway carried the munitions?", Slot("thing", "railway")),  # the subject of a past verb
    ("Which companies made the missiles?", Slot("thing", "companies")),  # an irregular one
    ("When will the talks take place?", Slot("date", "future")),
    ("On what exact day was the first missile fired?", Slot("date", "day")),
    ("How was that figure counted?", Slot("method")),
    ("what's the basis for the missile count - radar, spies?", Slot("method")),  # how it was found, not why
    ("What sourcing did he give to back the 65 figure?", Slot("method")),
    ("What evidence or data did he cite to back up the missile count?", Slot("method")),
    ("What is the basis of the US policy?", None),  # a reason, not how a figure was found
    ("How did Russia get the munitions?", None),  # a way of getting, said by what is said
    ("On what exact date did the first shipment arrive?", Slot("date", "day")),
    ("what port they ship the containers from", Slot("thing", "port")),  # no auxiliary, as learners write it
    ("Which organization hosted the security forum in Washington?", Slot("act", "hosted")),  # its doer asked
    ("Which news agency reported it?", Slot("thing", "agency")),  # who put out the page: no act of the story
    ("Who reported this story?", None),
    ("Who reported the launches?", Slot("act", "reported")),  # an act the article must tell of
    ("Who is shown in it?", None),  # a passive verb, no attribute "shown"
    ("Who is quoted in the story?", None),
    ("What is the speed of the missiles?", Slot("attribute", "speed")),
    ("What was his job before that?", Slot("earlier", "his")),  # a post held earlier, not his title now
    ("what was his previous role", Slot("earlier", "his")),
    ("what is the guys job title? like what does he do for the govt", Slot("title", "guy")),  # no apostrophe
    ("What position did Koepcke hold before his current post?", Slot("earlier", "his")),
    ("since when he have this job?", Slot("life", "tenure")),  # a learner's tenure question
    ("When did Koepcke take this job?", Slot("life", "tenure")),
    ("When did he make these remarks?", Slot("date", "when")),
    ("ok so when are they meeting?", Slot("date", "when")),  # two openers before "when"
    ("And over what time frame was that?", Slot("date", "when")),
    ("Start date for the missile count?", Slot("date", "when")),  # a fragment typed on a phone
    ("Day of week he gave the talk?", Slot("date", "weekday")),
    ("USD value of the shipments?", Slot("money")),
    ("name of the forum / who ran it?", Slot("name", "forum")),  # the first of two questions typed as one
    ("Who is sponsoring the forum?", Slot("act", "sponsoring")),  # the article must tell of it
    ("the starting point of the tally?", Slot("date", "when")),
    ("What is the starting point for talks?", None),  # a question of its own form: what the talks start from
    ("Did he speak at a forum, and when?", Slot("date", "when")),
    ("Will they impose sanctions, and if so, when?", Slot("date", "scheduled")),
    ("When are the talks scheduled?", Slot("date", "scheduled")),  # a date to come, not a condition
    ("When did he take office?", Slot("life", "office")),
    ("Where did he go to university?", Slot("life", "university")),  # schooling the article must tell of
    ("Where did Koepcke study?", Slot("life", "study")),
    ("Did the missiles go to school buildings?", None),
    ("How long has he been in that post?", Slot("life", "tenure")),  # a tenure the article must tell of
    ("How long has Russia been sending arms?", None),
    ("As a retired diplomat I wonder which regions are named?", Slot("region", "regions")),  # not the asker's life
    ("How long has Robert Koepcke been running the Korea desk?", Slot("life", "tenure")),
    ("How many of those were artillery shells?", Slot("count", "shells")),  # counted after the verb
    ("How many U.N. resolutions are violated?", Slot("count", "resolutions")),
    ("How many fighter aircraft and armored vehicles is it seeking?", Slot("count", "aircraft")),  # both counted
    ("About how many rockets made in Pyongyang has Moscow fired?", Slot("count", "rockets")),  # not "Pyongyang"
    ("How many fighter aircraft?", Slot("count", "aircraft")),
    ("What is Washington's position on talks?", None),  # a stance, not a title
    ("What is his role in the war?", None),  # a part, not a title
    # a choice between options: the article must say one of them
    ("Were the containers shipped by rail or by sea?", Slot("choice", "rail or sea")),
    ("By what route, rail or sea, were the containers moved?", Slot("choice", "rail or sea")),  # after what is asked
    ("And by what route — rail or sea — were those containers moved?", Slot("choice", "rail or sea")),
    ("How did they get to Russia — by rail, by ship through some port, what?", Slot("choice", "rail or ship")),
    ("Was it missiles or shells?", Slot("choice", "missiles or shells")),
    ("What port or rail route are the containers shipped through?", Slot("choice", "port or route")),
    ("how'd all those containers get to russia, by train or boat or what", Slot("choice", "train or boat")),  # a shrug
    ("Over which port or border the containers were transported to Russia?", Slot("choice", "port or border")),
    ("Where in Ukraine did the missiles land?", Slot("within", "Ukraine")),  # a place inside the one named
    ("What bigger picture does the report say this points to?", None),  # an idiom, no photo
    ("And who has organised it?", Slot("act", "organised")),  # a perfect tense asks who did it too
    ("What picture is shown?", Slot("thing", "picture")),
    ("What cargo is actually in those boxes?", None),  # whatever is in them, as "what kit"
    ("How is US intel tracking the containers?", Slot("method")),  # how the number was found
    ("what's that number based on - satellite imagery?", Slot("method")),
    ("Is the US open to talks or not?", None),
    ("Which allies exactly is the US working with?", Slot("thing", "allies")),  # hedges skipped
    ("What will United States do if talks fail?", None),  # "will" is not part of a noun phrase
    ("what's the capital of Mongolia?", Slot("attribute", "capital")),  # a relation the article must say
    ("Since Russia has handed fighter jets over, how many has it delivered?", Slot("count", "jets")),  # said before
    ("What does this arms trade reveal about their ties?", None),  # not a speaker: a meaning asked for
    ("By what route, such as a port or rail crossing, were the containers moved?", Slot("thing", "route")),  # aside
    ("What type and range of missiles has Russia launched?", Slot("distance")),
    ("What is the reported tally of missiles fired?", None),  # a measure: a number answers it
    ("Which think tank or institution hosted the forum?", Slot("choice", "tank or institution")),
    ("what does DPRK even stand for?", Slot("expansion", "DPRK")),
    ("what DPRK stand for, the article say it?", Slot("expansion", "DPRK")),  # a learner's grammar
    ("From when Russia is getting these weapons?", Slot("date", "when")),
    ("When and where the US and North Korea will meet for the talks", Slot("date", "future")),
    ("where and when would these talks happen?", Slot("date", "future")),
    ("When did he say the US will act?", Slot("date", "when")),  # "will" in what was said
    ("Which allies exactly the US is working with?", Slot("thing", "allies")),  # not inverted, as learners write
    ("By which port or route the containers was shipped?", Slot("choice", "port or route")),
    ("sorry, how many containers again?", Slot("count", "containers")),  # "again" is no noun
    ("how many containers Russia got from North Korea", Slot("count", "containers")),  # a subject after the noun
    ("How many fighter planes North Korea want from Russia", Slot("count", "planes")),  # a learner's present tense
    ("How many people die from them", Slot("count", "people")),
    ("how many of the North's rockets has Moscow fired?", Slot("count", "rockets")),
    ("were any of those north korean missiles shot down?", Slot("count", "missiles")),  # whether a part of them
    ("were any of them shot down", Slot("count", None)),
    ("how many artillery shells in the containers", Slot("count", "shells")),  # counted before "in"
    ("Did any of the containers reach Russia?", None),  # a deed, not a state: not read as a part
    ("DPRK stands for what", Slot("expansion", "DPRK")),
    ("DPRK stands for", Slot("expansion", "DPRK")),  # a phone's fragment
    ("What does the article spell DPRK out as?", Slot("expansion", "DPRK")),  # spelt out: its expansion
    ("DPRK in full?", Slot("expansion", "DPRK")),
    ("NATO, what is the long name of this word?", Slot("expansion", "NATO")),  # through a machine translator
    ("DPRK, what means this letters?", Slot("expansion", "DPRK")),  # a learner's word order
    ("what's DPRK mean", Slot("expansion", "DPRK")),
    ("what mean DPRK", Slot("expansion", "DPRK")),
    ("He keeps saying 'DPRK'. What does the article spell that out as?", Slot("expansion", "DPRK")),
    ("Russia fires DPRK missiles. What does it mean for Ukraine?", None),  # a meaning for someone: no acronym
    ("What is the name of the US official who gave these numbers?", Slot("name", "official")),  # not "united"
    ("My teacher wants background. When did the war start?", Slot("date", "when")),  # the question after a statement
    ("wait, is Koepcke the US ambassador in Seoul?", Slot("title", "koepcke")),  # a post put to check
    ("Is United States diplomat accusing Moscow?", None),  # a country's name, no person
    ("In which city did the official speak?", Slot("place", "city")),  # not "a city in X": any place
    ("How many of the missiles hit Kyiv?", Slot("count", "missiles")),  # an irregular past verb
    ("please tell me which cities in Ukraine were hit", Slot("places", "cities")),
    ("what's Koepcke's position in the United States government?", Slot("title", "koepcke")),
    ("what's his position on North Korea?", None),  # a stance, not a post
    ("And what's his official position over there at State?", Slot("title", "his")),  # "over there": a place
    ("Dumb q but DPRK is short for what exactly?", Slot("expansion", "DPRK")),
    ("What is DPRK? I don't know this abbreviation, sorry.", Slot("expansion", "DPRK")),  # a sentence after it
    ("He calls it the DPRK. What does the article say that abbreviation stands for?", Slot("expansion", "DPRK")),
    ("What is DPRK doing?", None),
    ("Before this job, what Mr. Koepcke did?", Slot("earlier", "koepcke")),  # a learner's order
    ("What did he do before that?", Slot("earlier", "he")),
    ("What did he do in Washington?", None),  # no earlier post asked
    ("How many North Korean soldiers went to Russia to fight?", Slot("count", "soldiers")),  # an irregular past
    ("Which port in Russia received the containers?", Slot("thing", "port")),  # not "Russia"
    ("What is the name of North Korean leader mentioned in this article?", Slot("name", "leader")),
    ("total rounds or shells shipped", Slot("count", "rounds")),  # a chart's fragment
    ("fighter jet model NK wants", Slot("identifier", "jet")),
    ("What model or designation of missile has Russia launched?", Slot("identifier", "missile")),
    ("Which theaters are the security implications a concern for?", Slot("region", "theaters")),  # of war
    ("How many of those big shipping containers full of munitions did the fella say Russia got?",
     Slot("count", "containers")),
    ("What's the start date for that container count?", Slot("date", "when")),
    ("What was the previous U.S. estimate of containers?", Slot("change")),  # an earlier figure: a change
    ("Is the 16,500 figure presented as an exact count or as a minimum?", Slot("precision")),
    ("Is the number of missiles exact or an estimate?", Slot("precision")),  # not a choice of words
    ("What military kit is Pyongyang seeking from Moscow?", None),  # whatever it is: the article's words say
    ("Does it name the photographer?", Slot("author")),
    ("What was the name of this 'security forum' and who sponsored it?", Slot("name", "forum")),  # scare quotes
    ("What means this DPRK that he says?", Slot("expansion", "DPRK")),
    ("why do they keep saying DPRK? what does it even stand for?", Slot("expansion", "DPRK")),
    ("Name of the State department official making the container claim?", Slot("name", "official")),
])
def test_slot_of(question, slot):
    assert slot_of(question) == slot


def test_a_name_is_no_kind_whose_names_are_asked_for(fake_pipeline):
    wordnet = fake_pipeline.answerer.words.wordnet
    assert slot_of("Which allies did the US name?", wordnet) == Slot("named", "allies")
    assert slot_of("Why does the United States say it is open to talks?", wordnet) == Slot("thing", "states")


def test_a_date_question_names_its_event_in_its_own_lower_case_words():
    assert event_words("When did the United States and North Korea last actually hold talks?") == ["hold", "talks"]
    assert event_words("Since when has this been happening?") == []
    assert event_words("On what day did the official make these remarks?") == []  # the speaking: its own sentences
    assert event_words("When was the photo taken?") == []
    assert event_words("When was it taken?") == []  # a photo's taking, after a question about the photo


def test_a_date_of_another_event_is_no_answer(fake_pipeline):
    for question in ("When did the US and North Korea last hold talks?", "So when are the US and NK meeting for talks?",
                     # after a statement, and not dated by "military cooperation", a near word of "war"
                     "I'm doing a school project on this. When did the war between Russia and Ukraine start?"):
        assert fake_pipeline.ask(question).refused, question
    # the article dates the procuring and the speaking
    for question in ("Since when has Russia been procuring the containers?",
                     "On what day did the official make these remarks?"):
        assert not fake_pipeline.ask(question).refused, question
    history = [{"role": "user", "content": "Who is in the picture?"},
               {"role": "assistant", "content": "Robert Koepcke, speaking during a forum in Washington."}]
    answer = fake_pipeline.ask("When was it taken?", history=history)  # the caption dates the photo
    assert not answer.refused and "Sept. 4" in answer.answer


def test_when_a_count_starts_is_told_by_the_sentence_counting_that_with_a_date(fake_pipeline):
    from rag.attributes import window_counted

    assert window_counted("Start of the time window for the container stat?") == "container"
    assert window_counted("start date on that container tally?") == "container"
    assert window_counted("What is the container tally?") is None  # no start asked
    answer = fake_pipeline.ask("start date on that container tally?")
    assert not answer.refused and "September" in answer.answer and "containers" in answer.answer
    assert fake_pipeline.ask("start date for the tank count?").refused  # the article counts no tanks
    # a follow-up: the count the answer just gave
    assert window_counted("And when did that count start?", "More than 16,500 containers of munitions.") == "containers"
    history = [{"role": "user", "content": "how many containers has russia gotten?"},
               {"role": "assistant", "content": "More than 16,500 containers of munitions and related materiel."}]
    answer = fake_pipeline.ask("and when did that count start?", history)
    assert not answer.refused and "September" in answer.answer


def test_what_an_acronym_stands_for_quotes_the_sentence_that_spells_it(fake_pipeline):
    answer = fake_pipeline.ask("What does DPRK stand for?")
    assert not answer.refused and "Democratic People’s Republic of Korea" in answer.answer
    assert fake_pipeline.ask("What does NATO stand for?").refused
    assert fake_pipeline.ask("What does U.N. mean? What is the full name?").refused  # "U.N." itself spells nothing
    # the name the speaker used for a country the article also names: the acronym, and the sentence spelling it out
    answer = fake_pipeline.ask("What name did Koepcke use for North Korea in his quoted remarks?")
    assert not answer.refused and "DPRK" in answer.answer and "Democratic People’s Republic of Korea" in answer.answer
    # a follow-up about the acronym the answer just showed
    history = [{"role": "user", "content": "What did he call North Korea?"},
               {"role": "assistant", "content": "He called it the DPRK: “... from DPRK,” he said. [1]"}]
    answer = fake_pipeline.ask("Ah, those letters. What does that stand for again?", history)
    assert not answer.refused and "Democratic People’s Republic of Korea" in answer.answer


@pytest.mark.parametrize("question", [
    "How many tanks has North Korea sent to Russia?",  # the article counts containers and missiles
    "How much did Russia pay North Korea for the munitions?",
    "What was the name of the security forum?",  # "a security forum": not named
    "Through which port were the containers shipped?",
    "Were the containers shipped by rail or by sea?",  # neither option
    "What's the estimated dollar value of the munitions?",
    "How old is Robert Koepcke?",
    "Which Yonhap journalist wrote this piece?",
    "Which Security Council resolution numbers were breached?",  # "U.N." is a name, not a number
    "What is the range of the North Korean missiles?",  # WordNet's "carry" does not say "range"
    "Is Koepcke married?",
    "How long has Koepcke served in that job?",
    "How long Koepcke is working in the State Department",  # a learner's grammar; "working" is said of allies
    "What percentage of Russia's artillery comes from North Korea?",
    "What time did the forum start?",
    "What is Koepcke's phone number?",
    "What is the population of North Korea?",
    "Which model of North Korean missile was launched into Ukraine?",
    "Since Russia has already handed fighter jets over to Pyongyang, how many has it delivered?",
    "What is the capital of Mongolia?",
    "On what exact day in late December was the first missile fired?",  # a month is no day
    "How did American intelligence come up with the container count?",  # it tells no method
    "How much has the container count grown since the last estimate?",  # it tells no change
    "How many of the 16,500 containers did the U.S. and its allies seize?",  # a part of the total: another number
    "how many ukrainian civilians got killed by the missiles",  # a count of civilians: none
    "Is Washington going to impose new sanctions over these deals, and when?",  # no date to come
    "Which exact missile model did Russia fire?",  # "65 North Korean missiles" names no model
    "Were the containers moved by ship or by train?",  # "shipping containers" is no ship
    "Which Ukrainian towns got hit?",  # "got" is a past verb too
    "Who is Koepcke's boss then?",
    "How many of the containers reached Russia since mid-December?",  # the article counts them since September
    "Is the container count more or less than was reported before? Is it going up?",  # it tells no change
    "So the 65 missiles were launched since last September? What were they aimed at?",  # since late December
    "What exact day in February was the first missile launched?",  # "Sept. 4, 2024" is no day in February
    "How many of the North Korean missiles hit Kyiv?",  # counted as launched, not as hitting anything
    "Sir, please tell me which cities in Ukraine were hit by these missiles",  # "Ukrainian cities": none named
    "How does the US actually know the number of containers? Satellite pictures?",  # how, not how many
    "How did US intelligence find out about the 16,500 containers?",
    "How much is that in tons?",  # a weight: the article weighs nothing
    "Who was the secretary of state at the time?",  # only a "deputy assistant secretary of state" is named
    "which city in ukraine got hit by the north korean missiles",  # one of its cities, by name: none
    "how old he is",  # a learner's word order
    "Were any of the shipments intercepted or seized along the way?",  # the article tells of no seizing
])
def test_a_question_whose_slot_no_sentence_fills_is_refused(fake_pipeline, question):
    answer = fake_pipeline.ask(question)
    assert answer.refused and not answer.citations


def test_the_lesser_office_the_article_names_answers_a_question_that_names_it(fake_pipeline):
    for question in ("Who is the deputy assistant secretary of state?", "Who is the secretary of state for Korea?"):
        answer = fake_pipeline.ask(question)
        assert not answer.refused and "Koepcke" in answer.answer


def test_a_question_asking_for_an_abstraction_is_not_refused_for_the_missing_noun(fake_pipeline):
    # "harm" is never said, but what is done ("kill Ukrainian civilians") answers it; "port" is a thing.
    assert not fake_pipeline.ask("What harm are the North Korean weapons doing in Ukraine?").refused
    assert fake_pipeline.ask("Through which port were the containers shipped?").refused


def test_a_compound_noun_wordnet_knows_is_said_by_its_synonym(fake_pipeline):
    from rag.slots import slot_of

    slot = slot_of("Which wire service is credited?", fake_pipeline.answerer.words.wordnet)
    assert slot == Slot("thing", "service") and slot.phrase == "wire service"
    answer = fake_pipeline.ask("Which wire service is credited as the source of this story?")
    assert not answer.refused and "Yonhap" in answer.answer  # a wire service is a news agency
    assert fake_pipeline.ask("Which think tank hosted the security forum?").refused  # no think tank named


@pytest.mark.parametrize("question, noun", [
    ("Which specific U.N. Security Council resolution numbers were violated?", "resolution"),
    ("Which resolutions did he say were violated, by number?", "resolutions"),
    ("What are the names of the companies involved?", "companies"),
    ("Which U.N. resolutions (by number) are being violated?", "resolutions"),  # an aside, skipped
    ("Which specific UN Security Council resolutions, by number, are being violated?", "resolutions"),
    ("Which model of North Korean missile was launched into Ukraine?", "missile"),
    ("What is the name or model of North Korean missiles that Russia fired?", "missiles"),
    ("Which model of ballistic missile from the North has Moscow fired?", "missile"),  # before its modifier
    ("Which numbered UN Security Council resolutions did he say were breached?", "resolutions"),
    ("What exact rocket model is Moscow using?", "rocket"),
    ("Could you list the resolution numbers of the UN resolutions involved?", "resolution"),
    ("what resolutions then? i mean their numbers", "resolutions"),
    ("which UN resolutions exactly? like the numbers", "resolutions"),  # a name before the noun
])
def test_numbers_or_names_asked_for_are_an_identifier_slot(question, noun):
    assert slot_of(question) == Slot("identifier", noun)


def test_which_allies_the_article_never_names_is_an_unfilled_slot(fake_pipeline):
    question = "Which allies exactly is the US working with to block the arms deals?"
    docs = fake_pipeline.retriever.search(question, fake_pipeline._embed(question))
    chosen, signals = fake_pipeline.answerer.select(question, question, docs)
    assert not chosen and signals.unfilled_slot == "names of the allies"  # "working with allies to disrupt"
    question = "Which diplomats is the US working with?"  # the article names none, but says none either
    assert fake_pipeline.answerer.select(question, question, docs)[1].unfilled_slot == "names of the diplomats"


@pytest.mark.parametrize("question, slot", [
    ("And since when?", Slot("date", "when")),
    ("In what year was that?", Slot("date", "year")),
    ("When was that?", Slot("date", "when")),
    ("Since when has that been happening?", Slot("date", "when")),
    ("When did Russia start launching missiles?", None),  # words of its own: an ordinary question
    ("Who said that?", None),  # no slot
])
def test_a_detail_asked_alone(question, slot):
    assert detail_asked(question) == slot

def test_a_title_is_found_by_structure_even_when_the_follow_up_shares_no_word(fake_pipeline):
    history = [{"role": "user", "content": "Who gave the container figure?"},
               {"role": "assistant", "content": "Robert Koepcke, a State Department official."}]
    answer = fake_pipeline.ask("what's his exact title?", history=history)
    assert not answer.refused and "deputy assistant secretary" in answer.answer


def test_a_title_is_found_in_any_sentence_of_the_article_not_only_the_retrieved(fake_pipeline):
    answer = fake_pipeline.ask("Which three countries does the American official's portfolio cover?")
    assert not answer.refused and "Korea, Japan and Mongolia" in answer.answer


def test_which_ones_asks_for_names_beside_the_word_itself(fake_pipeline):
    from rag.slots import fits

    words = fake_pipeline.answerer.words
    named = slot_of("which allies exactly?", words.wordnet)
    assert named == Slot("named", "allies")
    sentence = "The United States remains committed to diplomacy, with Japan and other allies."
    assert fits(named, sentence, words.mentions)
    lonely = "The United States remains committed to diplomacy."  # "United" is a name's word, not "allies"
    assert not fits(named, lonely, lambda text, word: True, lambda text, word: text.lower() == "united")


def test_a_number_the_question_asks_to_check_is_answered_by_the_sentence_stating_it(fake_pipeline):
    wrong = "Russia has fired 65 North Korean missiles at Ukraine since last September"
    assert fake_pipeline.ask(f"{wrong}. What kind were they?").refused  # a mixed-up premise to build on
    checked = fake_pipeline.ask(f"I read {wrong}, is that right?")  # a premise to check: the quote corrects it
    assert not checked.refused and "late December" in checked.answer


def test_new_things_asked_for_must_be_said_in_the_words_common_senses(real_pipeline):
    # "support" says "sanction" only in a rare sense (to sanction: to approve); "harm" is answered by deeds
    assert real_pipeline.ask("so what new sanctions will Washington announce?").refused
    assert not real_pipeline.ask("What harm are the North Korean weapons doing in Ukraine?").refused
