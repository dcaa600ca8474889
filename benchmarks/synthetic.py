"""Deterministic pseudo-news articles, to grow a corpus to 10, 100 or 1,000 documents.

Each article is a headline and paragraphs of news-like sentences drawn by a seeded ``random.Random``
from a fixed vocabulary of people, places, bodies and events. Article ``i`` depends only on ``(seed, i)``,
so the 100-article corpus holds the 10-article one, and every run on every machine writes the same
bytes. The text is nonsense, but it has the shape that matters to the index: sentences of 12-35 words
with names, numbers and dates, 15-19 per article with the headline and source line, cut by the real
sentence splitter.

>>> article(7) == article(7)
True
>>> article(7).splitlines()[0]
'Delta Region Weighs Farm Plan As Talks Stall'
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Sequence
from pathlib import Path

PEOPLE = ("Amara Diallo", "Lucas Ferreira", "Ingrid Solberg", "Tomasz Nowak", "Priya Raman", "Kenji Watanabe",
          "Elena Petrova", "Samuel Okafor", "Marta Lindqvist", "Omar Haddad", "Grace Mwangi", "Hugo Lambert",
          "Aiko Tanaka", "Rafael Ortiz", "Nadia Karimi", "Felix Brandt")
TITLES = ("the finance minister", "a senior aide", "the central bank governor", "the opposition leader",
          "a regional governor", "the trade envoy", "a ministry spokesperson", "the harbour authority chief",
          "the health commissioner", "a union negotiator")
PLACES = ("Valdoria", "the Northern Province", "Port Kessel", "Lake Imara", "the Delta Region", "Marisco",
          "the capital", "Eastgate", "the border town of Tirsk", "the island of Sorell", "New Halden",
          "the coastal city of Bray")
BODIES = ("the national assembly", "the port authority", "the weather service", "the farmers' union",
          "the statistics office", "the rail operator", "the regional council", "the water board",
          "the energy regulator", "the teachers' federation")
NOUNS = ("grain shipments", "rail freight", "fishing permits", "wind turbines", "school budgets",
         "bridge repairs", "water tariffs", "vaccine doses", "copper exports", "housing loans", "bus routes",
         "flood barriers", "solar panels", "tax rebates", "hospital beds", "container traffic",
         "coffee harvests", "fuel subsidies")
VERBS = ("approved", "delayed", "expanded", "reviewed", "cut", "doubled", "suspended", "announced",
         "rejected", "funded", "audited", "extended")
REASONS = ("after weeks of heavy rain", "amid rising costs", "following a court ruling",
           "under pressure from local groups", "despite objections from business owners",
           "ahead of the winter season", "after a long public consultation", "as part of a five-year plan")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
HEADLINE_NOUNS = ("Farm Plan", "Port Deal", "Rail Budget", "Water Reform", "Energy Tariffs", "Flood Defences",
                  "School Funding", "Trade Talks", "Housing Scheme", "Fishing Quotas")
HEADLINE_VERBS = ("Approves", "Delays", "Expands", "Recalls", "Weighs", "Backs", "Rejects", "Revives")
HEADLINE_TAILS = ("After Protest", "Amid Price Rise", "Before Election", "As Talks Stall", "After Storm",
                  "Despite Deficit")


def _sentence(rnd: random.Random) -> str:
    """One pseudo-news sentence of roughly 12-35 words, ending in a full stop."""
    person, title = rnd.choice(PEOPLE), rnd.choice(TITLES)
    place, body = rnd.choice(PLACES), rnd.choice(BODIES)
    noun, verb, reason = rnd.choice(NOUNS), rnd.choice(VERBS), rnd.choice(REASONS)
    number = f"{rnd.randint(2, 980):,}" if rnd.random() < 0.5 else f"{rnd.randint(1, 60) * 1_000:,}"
    month, day, year = rnd.choice(MONTHS), rnd.choice(DAYS), rnd.randint(2015, 2025)
    forms = (
        f"{person}, {title}, said on {day} that {body} had {verb} {number} {noun} in {place} {reason}.",
        f"{body.capitalize()} {verb} plans for {noun} in {place} {reason}, according to {title}.",
        (f"Since {month} {year}, {place.removeprefix('the ')} has recorded {number} {noun}, "
        "up from the year before."),
        f"“We have {verb} the {noun} because the people of {place} asked for it,” {person} told reporters.",
        f"Critics said the decision on {noun} would cost {number} jobs and urged {body} to reconsider.",
        f"The figures published by {body} on {day} show {number} {noun} were {verb} in {place} last {month}.",
        (f"{person} is expected to meet {title} of {place.removeprefix('the ')} in {month} to discuss {noun} "
        f"and {rnd.choice(NOUNS)}."),
    )
    return rnd.choice(forms)


def article(index: int, seed: int = 2024) -> str:
    """The text of synthetic article ``index``: a headline line, then paragraphs of 1-3 sentences."""
    rnd = random.Random(f"{seed}:{index}")
    headline = f"{rnd.choice(PLACES).removeprefix('the ').title()} {rnd.choice(HEADLINE_VERBS)} " \
               f"{rnd.choice(HEADLINE_NOUNS)} {rnd.choice(HEADLINE_TAILS)}"
    sentences = [_sentence(rnd) for _ in range(rnd.randint(13, 17))]
    paragraphs, i = [], 0
    while i < len(sentences):
        take = rnd.randint(1, 3)
        paragraphs.append(" ".join(sentences[i : i + take]))
        i += take
    return "\n\n".join([headline, *paragraphs, f"Source: Synthetic Wire {index}"]) + "\n"


def write_corpus(folder: Path, articles: int, *, real: Sequence[Path] = (), seed: int = 2024) -> Path:
    """Fill ``folder`` with ``articles`` documents: the ``real`` files, then synthetic ones; return it.

    With ``real``, the gold questions still have their answers and the synthetic articles are
    distractors: the 1,000-article corpus is the real article and 999 synthetic ones.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for path in real:
        shutil.copyfile(path, folder / path.name)
    for i in range(1, articles - len(real) + 1):
        (folder / f"synthetic-{i:04d}.txt").write_text(article(i, seed), encoding="utf-8", newline="")
    return folder
