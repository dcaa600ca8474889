"""Whether a sentence holds what a question's slot asks for (``rag.slots.fits``): names beside the noun, a
condition the asked act waits on, a statement of what is to come, a part of the world, a date of the
event asked rather than of the speaking."""

from __future__ import annotations

from rag.entities import names_of
from rag.slots import Slot, fits, slot_of


def test_which_cities_are_named_only_by_places_named_next_to_the_word():
    mentions = lambda text, word: word.rstrip("s") in text.lower() or ("state" in text and word == "countries")
    cities = Slot("places", "cities", "Which Ukrainian cities were struck?")
    assert not fits(cities, "Russia is using missiles to destroy Ukrainian cities and infrastructure.", mentions)
    assert fits(cities, "Missiles struck the cities of Kharkiv and Odesa, in Ukraine.", mentions)
    countries = Slot("places", "countries", "Which countries is he responsible for?")
    assert fits(countries, "At a forum in Washington, Koepcke, secretary of state for Korea, Japan and Mongolia,", mentions)
    assert not fits(countries, "Washington is working with allies on implications for Europe.", mentions)


def test_when_will_is_met_by_the_condition_only_of_the_act_asked():
    condition = ("But as long as the North refuses to engage in dialogue, the U.S. will be compelled to take steps "
                 "to protect itself and its allies, he said.")
    mentions = lambda text, word: word in text
    assert fits(slot_of("When will the US take steps to protect itself?"), condition, mentions)
    assert not fits(slot_of("When will talks resume?"), condition, mentions)  # not what waits on the condition
    assert fits(slot_of("When will talks resume?"), "Talks will resume next month.", mentions)


def test_a_question_about_what_is_to_come_needs_a_sentence_saying_it_is_to_come():
    threat = ("But as long as the North refuses dialogue, the U.S. will be compelled to take steps to protect itself "
              "and its allies, he said.")
    mentions = lambda text, word: word in text
    for question in ("Will the US take steps to protect its allies?", "so is the US going to protect its allies?"):
        assert slot_of(question) == Slot("forecast", "", question)
        assert fits(slot_of(question), threat, mentions), question
    for question in ("will the US send more weapons to ukraine because of this?", "so is the war gonna end soon?",
                     "Will the UN Security Council take up the issue at a meeting?"):  # "take" alone: 1 of 3 words
        assert not fits(slot_of(question), threat, mentions), question
    assert slot_of("Would they insist on conditions first?") is None  # a stance, not a forecast
    assert slot_of("When will talks resume?") == Slot("date", "future", "When will talks resume?")


def test_which_regions_are_met_by_a_part_of_the_world_that_is_no_country():
    regions = slot_of("Concerns about which regions?")
    is_country = lambda name: name in ("Russia", "Ukraine", "North Korea")
    mentions = lambda text, word: word in text
    assert fits(regions, "concerns about security implications for the Korean Peninsula and Europe.", mentions,
                is_country=is_country)
    assert not fits(regions, "Advancing regional and global peace and security.", mentions, is_country=is_country)
    assert not fits(regions, "what North Korea is getting for its arms support for Russia.", mentions,
                    is_country=is_country)


def test_which_places_are_met_by_parts_of_the_world_too():
    mentions = lambda text, word: word in text.lower()
    places = slot_of("Which places are people worried this affects?")
    assert places == Slot("place", "places")
    assert fits(places, "There are concerns about security implications for the Korean Peninsula and Europe.", mentions)
    assert not fits(places, "There are growing concerns about the security implications.", mentions)
    place = slot_of("Which place did he speak at?")  # one place: named after "in", "at", "from" ...
    assert not fits(place, "There are concerns about security implications for the Korean Peninsula.", mentions)


def test_which_allies_are_named_only_by_a_name_next_to_the_word():
    def mentions(text, word):
        return text.lower().rstrip(",.").startswith(word.lower().rstrip("s"))

    asked = "Which allies is Washington working with?"
    assert names_of("allies", "Washington is working with allies Japan and South Korea.", asked, mentions)
    assert names_of("allies", "The talks included Japan and other allies.", asked, mentions)
    assert not names_of("allies", "Washington has been working with allies to disrupt and prevent arms "
                                  "transactions between the North and Russia.", asked, mentions)


def test_the_day_someone_spoke_dates_the_speaking_not_what_else_is_asked():
    lead = ("Russia has secured more than 16,500 containers from North Korea since September last year, "
            "a U.S. official said Wednesday.")
    caption = "Robert Koepcke speaks during a forum in Washington on Sept. 4, 2024."
    mentions = lambda text, word: word in text.lower()  # noqa: E731
    shipments = slot_of("On what exact date did the first shipment arrive?", None)
    assert not fits(shipments, lead, mentions) and not fits(shipments, caption, mentions)
    in_september = slot_of("On what exact date in September did the shipments begin?", None)
    assert not fits(in_september, caption, mentions)  # Sept. 4 is the day he spoke
    spoke = slot_of("On which day did the official make these remarks?", None)
    assert fits(spoke, lead, mentions) and fits(spoke, caption, mentions)
    assert fits(slot_of("When was the forum?", None), caption, mentions)  # the span names what is asked
    assert fits(slot_of("When was the picture taken?", None), caption, mentions)  # the caption dates its photo
    talks = slot_of("When did the United States and North Korea last hold talks?", None)  # "States" says nothing
    assert not fits(talks, caption, mentions)  # nor does the year after the day he spoke date the talks


def test_an_earlier_post_is_told_only_by_a_sentence_saying_so():
    earlier = slot_of("What was his job before that?", None)
    mentions = lambda text, word: word in text.lower()  # noqa: E731
    assert not fits(earlier, "Robert Koepcke, deputy assistant secretary of state, said ...", mentions)
    assert fits(earlier, "He was formerly the deputy chief of mission in Seoul.", mentions)


def test_whether_a_hand_over_happened_is_not_told_by_a_sentence_saying_it_is_sought():
    mentions = lambda text, word: word.rstrip("s") in text.lower() or (word == "jets" and "aircraft" in text)
    sought = "We believe Pyongyang is seeking military assistance from Russia, including fighter aircraft."
    procured = "Russia has procured over 16,500 shipping containers of munitions from DPRK."
    jets = slot_of("has russia actually delivered any jets yet")
    assert jets == Slot("done", "")
    assert not fits(jets, sought, mentions)  # sought, not delivered
    assert not fits(jets, procured, mentions)  # a hand-over, but of containers
    containers = slot_of("Has Russia already received the containers?")
    assert fits(containers, procured, mentions)
    assert slot_of("Has Russia launched the missiles yet?") != Slot("done", "")  # no hand-over asked
    # "Delivered yet?" names nothing: it asks of what was just shown
    assert not fits(Slot("done", "military assistance", "delivered yet?"), sought, mentions)
    assert fits(Slot("done", "containers munitions", "delivered yet?"), procured, mentions)


def test_a_follow_up_asking_only_whether_it_was_delivered_asks_of_what_was_shown(real_pipeline):
    sought = [{"role": "user", "content": "what does NK want in return"},
              {"role": "assistant", "content": "Military assistance, including fighter aircraft and surface-to-air missiles."}]
    assert real_pipeline.ask("delivered yet?", sought).refused  # only sought
    got = [{"role": "user", "content": "how many containers has russia got"},
           {"role": "assistant", "content": "More than 16,500 containers of munitions and related materiel."}]
    assert not real_pipeline.ask("delivered yet?", got).refused  # "has secured", "has procured"


def test_a_place_inside_the_one_named_is_no_country_capital_or_the_place_itself():
    within = slot_of("Where in Ukraine did the missiles land?")
    is_country = lambda name: name in ("Russia", "Ukraine", "North Korea", "Washington")
    mentions = lambda text, word: word in text
    assert not fits(within, "Russia has launched 65 missiles into Ukraine, he said at a forum in Washington.", mentions,
                    is_country=is_country)
    assert fits(within, "The missiles struck targets in Kharkiv.", mentions, is_country=is_country)
