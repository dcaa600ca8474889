"""Who did what to whom (``rag.roles``): false premises that swap the roles the article gives countries."""

from __future__ import annotations

import pytest

from rag.aliases import Aliases
from rag.roles import Roles

ARTICLE = [
    "Russia has procured over 16,500 containers of munitions from North Korea since September last year.",
    "Since late December, Russia has launched upward of 65 North Korean missiles into Ukraine.",
    "But as long as the North refuses to engage in dialogue, the U.S. will be compelled to protect itself.",
    "The United States remains committed to diplomacy.",
]


@pytest.fixture(scope="module")
def roles():
    return Roles(Aliases(" ".join(ARTICLE)))


def test_the_article_is_read_as_transfers_and_actors(roles):
    reading = roles.read(ARTICLE)
    assert reading.transfers == {("Xnorthkorea", "Xrussia")}  # "Russia procured ... from North Korea"
    assert reading.actors["launch"] == {"Xrussia"}
    assert reading.actors["refus"] == {"Xnorthkorea"}  # "the North": the article's North Korea


@pytest.mark.parametrize("question", [
    "Why is Moscow sending artillery shells to Pyongyang?",  # the goods go the other way
    "Has North Korea bought containers from Russia?",
    "Why did the Kremlin supply North Korea with munitions?",
    "Why does the U.S. refuse to engage in dialogue?",  # the North refuses
    "How many missiles has North Korea launched into Ukraine?",  # Russia launched them
    "Why did North Korea fire 65 missiles at Russia?",  # firing is launching, which Russia does
    "Why did Koepcke say the US refuses to hold any talks?",  # a clause's subject: the North refuses
    "Since the U.S. refuses dialogue, what will the North do?",
    "Why did the US send more than 16,500 containers of weapons to North Korea?",  # North Korea sends to Russia
    "How many North Korean missiles did Russia fire into Ukraine before late December?",  # counted since then
    "How many containers went the other way, from Russia to North Korea?",  # goods moving, no one moving them
    "Why is North Korea getting Russian shells?",  # a maker's goods taken: from Russia, the other way
])
def test_a_question_with_the_roles_swapped_is_a_false_premise(roles, question):
    assert roles.false_premise(question, roles.read(ARTICLE)) is not None


@pytest.mark.parametrize("question", [
    "How many containers did Russia get from North Korea?",
    "Why has Russia procured munitions from the North?",
    "Has Russia launched North Korean missiles into Ukraine?",
    "Does Washington remain committed to diplomacy?",  # Washington is the United States
    "When did North Korea send the munitions?",  # a transfer the article has this way round
    "What did the official say about North Korea?",  # no country acts here
    "Why did Koepcke say that North Korea refuses dialogue?",
    "Did he say that North Korean missiles were launched?",  # a country's adjective, not a subject
    "How many missiles has Russia fired since late December?",
    "Why is Russia shooting these missiles into Ukraine?",  # the same act, by its actor
    "since when has moscow been getting these shipments from pyongyang",  # a transfer, whoever else "gets"
    "Since when has Russia been getting these North Korean shipments?",  # the maker's goods: from it
    "How many containers went from North Korea to Russia?",
    "How does the US feel about what North Korea is getting back from Russia?",  # in return: the other way
    "How does the US feel about what North Korea is getting in return from Russia?",  # as the idiom is read
    "What is North Korea getting from Russia in exchange for the weapons?",  # a return goes the other way
])
def test_a_question_with_the_articles_roles_is_not(roles, question):
    assert roles.false_premise(question, roles.read(ARTICLE)) is None


@pytest.mark.parametrize("question, refused", [
    ("From when Russia is getting this containers", False),  # Russia receives ("procured"), whoever else "gets"
    ("Since when has Russia been getting munitions?", False),
    ("Why is Ukraine getting munitions?", True),  # Ukraine receives nothing, and only North Korea "gets"
])
def test_a_receiver_may_get_with_another_verb_than_the_articles(roles, question, refused):
    article = roles.read([*ARTICLE, "The US is concerned about what North Korea is getting in return for its support."])
    assert (roles.false_premise(question, article) is not None) is refused


@pytest.mark.parametrize("question, refused", [
    ("Has North Korea responded to the US offer of dialogue?", True),  # no one responds in the article
    ("Has the Security Council punished Russia for that?", True),  # no one punishes anyone in it
    ("Since Pyongyang has agreed to talks, when do they start?", True),
    ("Did Russia reject the accusations?", True),
    ("Has Russia denied the transfers?", True),  # any form of the verb
    ("Has the North replied?", True),
    ("Did Moscow take them up on the offer?", True),  # an idiom: accepted
    ("What did Moscow say in response?", True),  # a response, as a noun
    ("Has Pyongyang turned the talks down?", True),  # rejected
    ("Did Russia take down the website?", False),  # no reaction
    ("When did the UN Security Council vote to sanction Russia?", True),  # no one votes, whoever asked
    ("Would the North accept talks?", False),  # supposes, does not take as done
    ("Has the North refused dialogue?", False),  # the article has the North refuse
    ("Has North Korea sent anything else?", False),  # not a reaction: the other signals decide
    ("Has Russia admitted receiving the munitions?", True),
    ("Has the US imposed new sanctions on Russia?", True),
    ("Would the US impose sanctions?", False),
    ("What new sanctions does the US plan to impose on Russia?", True),  # a plan taken as given
    ("what sanctions will america put on russia now", True),  # "will": a plan, taken as given too
    ("Russia responded what to this accusation", True),  # a past verb right after the country: done
    ("What Russia answer about this accusation, they deny it?", True),  # a learner's present tense: done
    ("and what North Korea answer to this offer?", True),
    ("The UN Security Council put new sanctions to Russia after this?", True),  # "put sanctions": imposed
    ("How is the US responding with its partners?", False),  # a progressive asks how, takes no act as done
    ("Does Russia deny it?", False),  # asks whether: the other signals decide
    ("what sanctions is the us putting on russia because of this", True),  # "what sanctions": taken as given
    ("What new sanctions did the UN Security Council slap on Russia?", True),  # "did" just after the act
    ("What will the US have to do if the North keeps rejecting talks?", False),  # a duty, not a deed
    ("Did he say that's confirmed or just what they think?", False),  # a state asked of, not a deed taken as done
    ("new sanctions announced?", True),  # a participle reporting the act
    ("Were any new sanctions discussed?", False),  # not one that reports it
    ("Kremlin response?", True),  # a country's response, as a noun: taken as made
    ("What new sanctions, if any, did the U.S. announce?", True),  # "did" three words after: up to four count
    ("What was the US's reaction?", True),
    ("any response from the Kremlin yet?", True),  # a country's, asked after
    ("Any response from the public?", False),  # no country's: the other signals decide
    ("And the Kremlin, what did they reply?", True),
    ("Has the UN Security Council done anything about these violations?", True),  # a response no one makes
    ("Has Washington done anything about the transfers?", False),  # it acts in the article: what it did
    ("Has Washington done anything about it, and did Russia veto it?", True),  # the veto stays untold
    ("Has any of the NK cargo been intercepted or seized so far?", True),  # a passive perfect: done
    ("Has it been confirmed?", True),
    ("Is that confirmed?", False),  # a state
])
def test_a_reaction_the_article_reports_no_one_making_is_a_false_premise(roles, question, refused):
    assert (roles.false_premise(question, roles.read(ARTICLE)) is not None) == refused


def test_a_countrys_reaction_as_a_noun_is_taken_as_made_unless_supposed():
    import doctest

    import rag.reactions
    from rag.reactions import taken_as_done

    assert doctest.testmod(rag.reactions).failed == 0
    assert taken_as_done("what was Xunitedstates s reaction".split()) == ["reaction"]
    assert taken_as_done("what would Xunitedstates s reaction be".split()) == []
    assert taken_as_done("how does the reaction of Xrussia matter".split()) == []


def test_the_answerer_refuses_a_swapped_transfer(fake_pipeline):
    question = "Why is Russia sending artillery shells to North Korea?"
    docs = fake_pipeline.retriever.search(question, fake_pipeline._embed(question))
    chosen, signals = fake_pipeline.answerer.select(question, question, docs)
    assert chosen == [] and "giving to" in signals.false_roles


@pytest.mark.parametrize("question, refused", [
    ("What did the Kremlin say about the remarks?", True),  # the article quotes no one from Russia
    ("Did Pyongyang respond?", True),
    ("What did Washington say about the transfers?", False),  # "a U.S. official said"
    ("What did the official say?", False),
    ("What is Japan's position on the arms deals?", True),  # a stance is what someone from there said
    ("What is Washington's position on the transfers?", False),
    ("What is North Korea's position on dialogue?", False),  # shown by its acts: "the North refuses"
    ("What was North Korea's response to the claims?", True),  # a response is said, not shown by acts
    ("Why did the Japanese diplomat Koepcke say Tokyo will stop the shipments?", True),  # he is no Japanese
    ("What did the American diplomat say?", False),
    ("What did Russia and North Korea say back about these claims?", True),  # two countries, neither quoted
    ("Has the Kremlin commented on the US claims?", True),
    ("what the Kremlin say about this claim?", True),  # no auxiliary, as a learner writes it
    ("What the US said about it?", False),
])
def test_a_country_asked_about_as_a_speaker_must_speak_in_the_article(question, refused):
    article = ["Russia has procured containers from North Korea, a U.S. official said Wednesday.",
               "He is the envoy for Japan.", "The North refuses dialogue.",
               "“These transfers violate resolutions from DPRK,” he said."]  # DPRK is not speaking here
    roles = Roles(Aliases(" ".join(article)))
    assert (roles.false_premise(question, roles.read(article)) is not None) is refused


def test_a_country_in_a_subject_that_does_not_speak_is_not_a_speaker():
    article = ["Russia has procured containers from North Korea, a U.S. official said Wednesday."]
    roles = Roles(Aliases(" ".join(article)))
    question = "What does Moscow's buying spree in the North say about their ties?"  # the spree "says" it
    assert roles.false_premise(question, roles.read(article)) is None
    assert roles.false_premise("What did Moscow's foreign ministry say?", roles.read(article)) is not None


@pytest.mark.parametrize("question, refused", [
    ("When did North Korea deliver the fighter jets to Russia?", True),  # only sought
    ("Has Russia supplied armored vehicles to Pyongyang?", True),
    ("Has North Korea sent missiles to Russia?", False),  # missiles are said outside the wish too
    ("What fighter aircraft does Pyongyang want to receive?", False),  # the question only wishes too
    ("When did Russia complete delivery of the fighter aircraft?", True),  # a delivery, as a noun
    ("What armored vehicles has Russia delivered to Pyongyang so far?", True),  # the thing fronted by "what"
    ("What missiles has North Korea sent to Russia?", False),
])
def test_what_the_article_says_is_sought_has_not_changed_hands(question, refused):
    article = [("In return for its missiles going to Ukraine, Pyongyang is seeking fighter aircraft and armored "
                "vehicles from Russia."), "Russia has launched 65 North Korean missiles into Ukraine."]
    roles = Roles(Aliases(" ".join(article)))
    assert (roles.false_premise(question, roles.read(article)) is not None) is refused


@pytest.mark.parametrize("question, shown, refused", [
    ("Has Russia actually delivered any of that yet?", "Pyongyang is seeking fighter aircraft from Russia.", True),
    ("Has Russia delivered any of that yet?", "Russia has launched 65 North Korean missiles.", False),  # not sought
    ("Which of those items has the Kremlin handed over so far?", "Pyongyang is seeking fighter aircraft from Russia.",
     True),
    ("Has Moscow actually delivered any of those jets yet?", "Pyongyang is seeking fighter aircraft from Russia.",
     True),
    ("Has Russia delivered the missiles yet?", "Pyongyang is seeking fighter aircraft from Russia.", False),  # named
    ("has russia actually given them any of that stuff yet", "Pyongyang is seeking fighter aircraft from Russia.",
     True),  # "them" and "stuff" before and after "of that" name nothing else
])
def test_a_follow_up_taking_what_was_shown_as_sought_as_delivered_is_a_false_premise(question, shown, refused):
    article = ["Pyongyang is seeking fighter aircraft from Russia.", "Russia has launched 65 North Korean missiles."]
    roles = Roles(Aliases(" ".join(article)))
    assert (roles.false_premise(question, roles.read(article), shown) is not None) is refused


@pytest.mark.parametrize("question, refused", [
    ("Why does the US insist on preconditions for talks?", True),  # the article: "without preconditions"
    ("Are there preconditions for talks?", False),  # a yes/no question takes nothing as given
    ("Why is the US open to talks without preconditions?", False),  # says it the article's way
    ("Why does the US want dialogue?", False),  # "dialogue" is said without a negator too
    ("What preconditions has the US set for talks?", True),  # asks for what the article denies
    ("Since the US insists on denuclearization, what exactly are the preconditions Washington listed?", True),
    ("What exactly are the goals of the talks?", False),  # a noun the article never denies
    ("Which new preconditions did the US set?", True),
    ("What did the US say about preconditions?", False),  # asks what was said about them
])
def test_a_why_question_taking_as_given_what_the_article_denies(question, refused):
    article = ["We are willing to engage in dialogue without preconditions.", "The door for dialogue remains open."]
    roles = Roles(Aliases(" ".join(article)))
    assert (roles.false_premise(question, roles.read(article)) is not None) is refused


def test_a_why_question_taking_as_given_a_word_the_article_never_says_is_refused(fake_pipeline):
    answerer = fake_pipeline.answerer
    question = "Why did Koepcke say the US will only talk to North Korea after it denuclearises?"
    docs = fake_pipeline.retriever.search(question, fake_pipeline._embed(question))
    chosen, signals = answerer.select(question, question, docs)
    assert not chosen and signals.false_roles == "the article never says 'denuclearises'"
    question = "Why is Washington concerned about North Korea?"  # every word is the article's
    assert answerer.select(question, question, docs)[1].false_roles is None
    question = "Why is the US so keen on blocking these deals in the first place?"  # how much, and an idiom
    assert answerer.select(question, question, docs)[1].false_roles is None
    question = "Why is Washington concerned about North Korea, according to the US side?"  # who says it
    assert answerer.select(question, question, docs)[1].false_roles is None
    question = "Why is Washington working together with its allies on this?"  # a manner, not a premise
    assert answerer.select(question, question, docs)[1].false_roles is None
    question = "Why is Washington so concerned about North Korea anyway?"  # a word of talk, not a premise
    assert answerer.select(question, question, docs)[1].false_roles is None
    question = "What did Koepcke say about denuclearisation?"  # not taken as given: other signals decide
    assert answerer.select(question, question, docs)[1].false_roles is None


@pytest.mark.parametrize("question, presupposes", [
    ("When did Moscow's full-scale invasion of Ukraine begin?", True),  # the invasion is taken as given
    ("In what year and month did the war start?", True),
    ("When did he speak?", False),  # asks for a date, takes no event as begun
    ("Why did Russia buy munitions?", True),
])
def test_a_question_asking_when_something_began_takes_it_as_given(question, presupposes):
    assert Roles.presupposes(question) is presupposes


@pytest.mark.parametrize("question, refused", [
    ("What concrete steps will the US take to protect itself?", True),  # "take steps to protect itself"
    ("What sort of provocations does he have in mind?", True),  # "carry out provocations"
    ("What steps specifically? Did he name any?", True),
    ("What kind of assistance is Pyongyang seeking?", False),  # "military assistance ..., including ..."
    ("Which specific humanitarian topics did he cite?", False),  # the head noun, "topics", is never said
    ("What kind of dialogue is the US offering?", False),  # "dialogue without preconditions"
    ("What kind of missiles has Russia launched?", True),  # "North Korean missiles": whose, not which kind
    ("What kind of missiles is North Korea seeking?", False),  # "surface-to-air missiles", in what it seeks
    ("Which specific U.N. Security Council resolutions were broken?", True),  # "multiple ... resolutions"
    ("What sorts of North Korean arms is Russia using?", False),  # "using DPRK bullets and missiles": two kinds
])
def test_particulars_asked_of_a_thing_the_article_names_bare_are_refused(fake_pipeline, question, refused):
    signals = fake_pipeline.answerer.signals
    source = fake_pipeline.index.sentences[0].source
    assert (signals.unspecified(question, source) is not None) is refused


def test_a_kind_named_counts_only_where_the_article_says_what_the_question_does_with_it(fake_pipeline):
    signals = fake_pipeline.answerer.signals
    source = fake_pipeline.index.sentences[0].source
    fired = "What type of missiles were they? How many North Korean missiles has Russia fired into Ukraine?"
    assert signals.unspecified("What type of missiles were they?", source, fired) is not None  # sought ones: no
    sought = "What type of missiles? What is Pyongyang seeking from Russia?"
    assert signals.unspecified("What type of missiles?", source, sought) is None


def test_a_follow_up_on_a_paraphrase_of_what_is_sought_reads_the_sentence_it_paraphrases(fake_pipeline):
    history = [{"role": "user", "content": "What does Pyongyang want from Russia in return?"},
               {"role": "assistant", "content": "Military assistance, including fighter aircraft, surface-to-air "
                                                "missiles, armored vehicles and other materials."}]  # no "seeking"
    assert fake_pipeline.ask("Has Moscow actually handed over any of those yet?", history).refused
    history[1]["content"] = "Russia has launched upward of 65 North Korean missiles into Ukraine."
    assert not fake_pipeline.ask("Has Moscow actually fired any of those yet?", history).refused
