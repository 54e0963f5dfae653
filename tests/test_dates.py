"""Dates resolved against the publication date. The expressions are common news forms."""

from __future__ import annotations

import datetime as dt

import pytest

from thucydides import Pipeline
from thucydides.dates import resolve

WEDNESDAY = dt.date(2009, 7, 29)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("July 26", ("2009-07-26", "day")),
        ("March 15, 2023", ("2023-03-15", "day")),
        ("15 March 2023", ("2023-03-15", "day")),
        ("2009-07-26", ("2009-07-26", "day")),
        ("December 30", ("2008-12-30", "day")),  # a date far ahead of publication is last year's
        ("yesterday", ("2009-07-28", "day")),
        ("on Tuesday", ("2009-07-28", "day")),
        ("Monday", ("2009-07-27", "day")),
        ("Wednesday", ("2009-07-29", "day")),
        ("next Friday", ("2009-07-31", "day")),
        ("last week", ("2009-W30", "week")),
        ("two weeks ago", ("2009-W29", "week")),
        ("3 days ago", ("2009-07-26", "day")),
        ("next month", ("2009-08", "month")),
        ("last year", ("2008", "year")),
        ("May 2008", ("2008-05", "month")),
        ("in 2001", ("2001", "year")),
        ("the end of 2001", ("2001", "year")),
        ("years", (None, None)),
        ("several weeks ago", (None, None)),
        ("February 30", (None, None)),
    ],
)
def test_resolve(text: str, expected: tuple) -> None:
    assert resolve(text, WEDNESDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("July 26", (None, None)), ("last week", (None, None)), ("March 15, 2023", ("2023-03-15", "day"))],
)
def test_without_a_publication_date_only_absolute_dates_resolve(text: str, expected: tuple) -> None:
    assert resolve(text, None) == expected


def test_the_dates_of_a_document(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze_text(
        "Indian and Pakistani officials met on Tuesday. The talks began two weeks ago.", published=WEDNESDAY, title="t"
    )
    text = analysis.document.text
    assert [(text[s:e], d.value, d.precision) for d in analysis.dates for s, e in [d.span]] == [
        ("Tuesday", "2009-07-28", "day"),
        ("two weeks ago", "2009-W29", "week"),
    ]
