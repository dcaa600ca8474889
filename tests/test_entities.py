"""What a sentence holds (``rag.entities``): numbers and what they count, dates, places, people's names,
titles, ages, bylines, shares, times of day, acronyms spelled out, identifiers."""

from __future__ import annotations

from rag.acronyms import expands
from rag.entities import (
    conditioned_act,
    counted,
    has_age,
    has_bound,
    has_byline,
    has_clock_time,
    has_change,
    has_date,
    has_method,
    has_distance,
    has_money,
    has_number,
    has_share,
    has_title,
    identifiers,
    names_it,
    person_names,
)


def test_a_title_is_a_lower_case_apposition_to_a_persons_name():
    assert has_title("During a forum, Robert Koepcke, deputy assistant secretary of state, also revealed")
    assert has_title("Robert Koepcke, U.S. deputy assistant secretary of state, speaks during a forum.")
    assert not has_title("The official underscored the ramifications.")
    assert not has_title("Robert Koepcke spoke at a forum, he said.")


def test_what_fills_a_slot():
    assert has_number("Russia has launched upward of 65 missiles") and has_number("dozens of missiles")
    assert not has_number("Russia has launched missiles")
    assert has_money("It paid $2 billion") and has_money("worth 300 million won")
    assert not has_money("It paid a high price in lives")
    assert names_it("forum", "He spoke at the Aspen Security Forum on Monday.")
    assert not names_it("forum", "He spoke at a security forum in Washington.")
    assert not names_it("forum", "Forum members met.")  # a capital that only opens the sentence names nothing


def test_a_date_to_come_or_the_condition_it_waits_on():
    assert has_date("He spoke in Washington on Sept. 4, 2024.", "day") and has_date("a U.S. official said Wednesday", "day")
    assert not has_date("Russia has launched missiles since late December.", "day")
    assert has_method("The count is based on satellite imagery.") and not has_method("Russia is using DPRK bullets.")
    assert has_change("Shipments rose to 16,500, up from 10,000.") and not has_change("since September last year")
    assert has_date("Talks will be held next month.", "future")
    assert not has_date("Russia has secured containers since September last year.", "future")
    assert not has_date("But as long as the North refuses dialogue, the U.S. will take steps.", "future")
    assert conditioned_act("But as long as the North refuses dialogue, the U.S. will take steps.") == " take steps."
    assert conditioned_act("Talks will be held next month.") is None
    assert not has_date("But as long as the North refuses dialogue, the U.S. will take steps.", "scheduled")
    assert has_date("Talks will be held next month.", "scheduled")


def test_a_share_a_time_of_day_and_a_distance():
    assert has_share("about 40 percent of its shells") and has_share("half of the shells") and has_share("40%")
    assert not has_share("Russia has secured more than 16,500 containers")
    assert has_clock_time("at 10 a.m. on Wednesday") and has_clock_time("at 14:30")
    assert not has_clock_time("speaks during a forum in Washington on Sept. 4, 2024.")
    assert has_distance("a range of 1,000 kilometers") and has_distance("800 km")
    assert has_distance("The Sava river fell 80 centimetres on Monday.")
    assert not has_distance("upward of 65 North Korean missiles into Ukraine")


def test_an_age_and_a_byline():
    assert has_age("Koepcke, 52, said") and has_age("a 52-year-old diplomat") and has_age("aged 52")
    assert not has_age("Robert Koepcke, U.S. deputy assistant secretary, speaks on Sept. 4, 2024.")
    assert has_byline("By Kim Eun-jung") and has_byline("Robert Smith, Yonhap correspondent, reports")
    assert not has_byline("Source: Yonhap News Agency")  # an agency, not a writer


def test_an_acronym_is_expanded_by_capitalised_words_that_spell_it():
    assert expands("DPRK", "referring to it by its official name, the Democratic People’s Republic of Korea.")
    assert expands("UNSC", "violations of multiple U.N. Security Council resolutions")
    assert not expands("NATO", "the Democratic People’s Republic of Korea")
    assert not expands("DPRK", "the Democratic People’s Republic")  # initials must spell all of it


def test_a_person_is_two_capitalised_words_that_name_no_place_or_organisation():
    from rag.entities import has_person

    assert has_person("During a forum in Washington, Robert Koepcke, a deputy, said so.")
    assert not has_person("It violates U.N. Security Council resolutions.")
    assert not has_person("In Washington the Democratic People's Republic of Korea was named.")
    assert not has_person("North Korean missiles.", lambda name: name == "North Korean")


def test_counted_words_are_those_right_after_a_number():
    assert counted("Russia launched upward of 65 North Korean missiles into Ukraine.") == [" North Korean missiles into"]
    assert counted("He spoke on Sept. 4, 2024. (Yonhap)") == []  # a date counts nothing
    assert counted("It sent three hundred shells.") == [" hundred shells"]


def test_a_month_after_a_capitalised_word_is_not_a_persons_name():
    assert person_names("“Since September of last year, Russia has procured ...”") == []
    assert person_names("Robert Koepcke, deputy assistant secretary, spoke.") == [("Robert", "Koepcke")]


def test_a_date_of_the_asked_unit():
    lead = "A U.S. official said Wednesday that Russia has secured containers since September last year."
    assert has_date(lead, "weekday") and has_date(lead, "month") and has_date(lead, "year")
    caption = "Koepcke speaks during a forum in Washington on Sept. 4, 2024."
    assert not has_date(caption, "weekday") and has_date(caption, "year") and has_date(caption)


def test_identifiers_are_new_numbers_or_names_next_to_the_noun():
    question = "Which U.N. Security Council resolutions were violated, by number?"
    assert identifiers("These transfers violate multiple U.N. Security Council resolutions.", question,
                       "resolutions") == []  # only the names the question already says
    assert identifiers("They violate Security Council resolutions 1718 and 2270.", question,
                       "resolutions") == ["1718", "2270."]
    assert identifiers("During a security forum in Washington, Koepcke spoke.", question, "resolutions") == []
    assert identifiers("They violate U.N. resolutions.", "Which resolution numbers were violated?", "resolutions") == []
    model = "Which model of missile did Russia fire?"  # a model's code, not a count nor a country
    assert identifiers("Russia has launched 65 North Korean missiles.", model, "missile") == []
    assert identifiers("Russia has launched KN-23 missiles.", model, "missile") == ["KN-23"]


def test_a_number_said_with_how_exact_it_is():
    assert has_bound("Russia has procured over 16,500 shipping containers")
    assert has_bound("Russia has launched upward of 65 North Korean missiles")
    assert not has_bound("Russia has launched 65 missiles on Sept. 4")


def test_the_acronym_examples_hold():
    import doctest

    import rag.acronyms

    assert doctest.testmod(rag.acronyms).failed == 0
