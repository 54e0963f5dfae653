"""Two short reports written for the tests, on Pakistan, India, Afghanistan and the U.S. over
April to June 2023, with the events an analyst would code in them: dated by day, by ISO week, by
month, by year, not at all, and once by a value of no known shape. ``two_story_store`` writes
them to a store (hand-made records, no spaCy): the ``db`` fixture of ``conftest.py``, which the
dyad, plot and load tests read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from thucydides import Analysis, Document, Event, EventParty, Sentence, Store
from thucydides.dyads import read_date

TALKS = [
    "Pakistani diplomats praised Indian negotiators on Monday.",
    "Pakistan also offered India new talks on Monday.",
    "Pakistani troops shelled Indian positions on Tuesday.",
    "Indian ministers accused Islamabad of the shelling.",
    "Indian officials alleged that Pakistani agents bombed a market.",
    "Washington urged Pakistan to show restraint last week.",
    "Islamabad and Kabul signed a trade accord in April.",
    "Pakistani soldiers have fought Afghan insurgents since 2009.",
]
AID = [
    "Pakistan sent aid convoys to Afghanistan on May 15.",
    "Afghan officials thanked Islamabad on May 16.",
    "Pakistani officials condemned the attack.",
    "Indian troops fired on Pakistani posts on May 29.",
    "Pakistani and Indian officers met that week.",
    "Indian diplomats protested to Pakistan.",
    "American envoys visited Kabul in a month the wire garbled.",
    "New Delhi said it would meet Pakistani officials on June 1.",
    "United Nations envoys visited Islamabad on May 16.",
]

# (sentence, source actor, source country, target actor, target country, cameo, quad class,
#  Goldstein, date, modality) per event
TALKS_EVENTS = [
    (0, "PAKGOV", "PAK", "INDGOV", "IND", "051", 1, 3.4, "2023-05-01", "asserted"),
    (1, "PAKGOV", "PAK", "IND", "IND", "036", 1, 4.0, "2023-05-01", "asserted"),
    (2, "PAKMIL", "PAK", "INDMIL", "IND", "190", 4, -10.0, "2023-05-02", "asserted"),
    (3, "INDGOV", "IND", "PAKGOV", "PAK", "112", 3, -2.0, "2023-05-02", "asserted"),
    (4, "PAKSPY", "PAK", "IND", "IND", "190", 4, -10.0, "2023-05-02", "alleged"),
    (5, "USAGOV", "USA", "PAK", "PAK", "0256", 1, 3.0, "2023-W17", "asserted"),
    (6, "PAKGOV", "PAK", "AFGGOV", "AFG", "057", 1, 8.0, "2023-04", "asserted"),
    (7, "PAKMIL", "PAK", "AFGINS", "AFG", "190", 4, -10.0, "2009", "asserted"),
]
AID_EVENTS = [
    (0, "PAKGOV", "PAK", "AFGGOV", "AFG", "073", 2, 7.4, "2023-05-15", "asserted"),
    (1, "AFGGOV", "AFG", "PAKGOV", "PAK", "051", 1, 3.4, "2023-05-16", "asserted"),
    (2, "PAKGOV", "PAK", None, None, "111", 3, -2.0, "2023-05-16", "asserted"),
    (3, "INDMIL", "IND", "PAKMIL", "PAK", "190", 4, -10.0, "2023-05-29", "asserted"),
    (4, "PAKMIL", "PAK", "INDMIL", "IND", "040", 1, 1.0, "2023-W22", "asserted"),
    (5, "INDGOV", "IND", "PAK", "PAK", "111", 3, -2.0, None, "asserted"),
    (6, "USAGOV", "USA", "AFGGOV", "AFG", "042", 1, 1.9, "2023-13", "asserted"),
    (7, "INDGOV", "IND", "PAKGOV", "PAK", "036", 1, 4.0, "2023-06-01", "future"),
    (8, "IGOUNO", None, "PAKGOV", "PAK", "042", 1, 1.9, "2023-05-16", "asserted"),
]


def analysis(doc_id: str, lines: list[str], coded: list[tuple], published: dt.date) -> Analysis:
    text = " ".join(lines)
    starts = [sum(len(line) + 1 for line in lines[:n]) for n in range(len(lines))]
    sentences = tuple(
        Sentence(n, start, start + len(line)) for n, (start, line) in enumerate(zip(starts, lines, strict=True))
    )

    def party(actor: str | None, country: str | None, sentence: int) -> EventParty | None:
        if actor is None:
            return None
        return EventParty(actor=actor, country=country, text=actor, span=(starts[sentence], starts[sentence] + 1))

    events = tuple(
        Event(
            id=f"e{number}",
            cameo=cameo,
            cameo_label="",
            plover=None,
            quad_class=quad,
            goldstein=goldstein,
            source=party(source, source_country, sentence),
            target=party(target, target_country, sentence),
            trigger_text=lines[sentence].split()[1],
            trigger_span=(starts[sentence], starts[sentence] + 2),
            sentence=sentence,
            evidence=lines[sentence],
            modality=modality,
            quote=None,
            date=date,
            date_text=None,
            place=None,
            confidence=0.8,
            date_precision=precision(date),
        )
        for number, (
            sentence,
            source,
            source_country,
            target,
            target_country,
            cameo,
            quad,
            goldstein,
            date,
            modality,
        ) in enumerate(coded, start=1)
    )
    document = Document(id=doc_id, hash=hashlib.sha256(text.encode()).hexdigest(), text=text, published=published)
    return Analysis(document, sentences, events=events)


def precision(date: str | None) -> str | None:
    dated = read_date(date) if date else None
    return dated.precision if dated else None


def two_story_store(path: Path) -> Path:
    """The two reports written to a new store at ``path``; gives ``path``."""
    with Store(path) as store:
        store.load(
            [
                analysis("talks", TALKS, TALKS_EVENTS, dt.date(2023, 5, 2)),
                analysis("aid", AID, AID_EVENTS, dt.date(2023, 5, 30)),
            ],
            model="hand-made",
        )
    return path
