"""The public API is an explicit list; this test pins it, so changing it is a visible decision."""

from __future__ import annotations

import datetime as dt

import pytest

import thucydides
from thucydides import Pipeline

PUBLIC = [
    "Actor",
    "Analysis",
    "ConfigError",
    "DataError",
    "DateMention",
    "Document",
    "Event",
    "EventFilter",
    "EventParty",
    "Failure",
    "InputError",
    "InputTooLarge",
    "Mention",
    "MissingExtra",
    "ModelNotFound",
    "Person",
    "Pipeline",
    "Place",
    "Quote",
    "RawDocument",
    "SCHEMA",
    "Sentence",
    "Settings",
    "Speaker",
    "Store",
    "StoreError",
    "ThucydidesError",
    "__version__",
    "analyze",
    "load_settings",
    "to_json",
]


def test_public_names_are_pinned() -> None:
    # Compared sorted: ruff may order __all__ constants-first, which is not plain sorted order.
    assert sorted(PUBLIC) == PUBLIC
    assert sorted(thucydides.__all__) == PUBLIC
    assert len(thucydides.__all__) == len(set(thucydides.__all__))


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_is_importable(name: str) -> None:
    namespace: dict[str, object] = {}
    exec(f"from thucydides import {name}", namespace)
    assert namespace[name] is getattr(thucydides, name)


def test_errors_share_one_root() -> None:
    for name in (
        "ConfigError",
        "DataError",
        "InputError",
        "InputTooLarge",
        "MissingExtra",
        "ModelNotFound",
        "StoreError",
    ):
        assert issubclass(getattr(thucydides, name), thucydides.ThucydidesError)
    assert issubclass(thucydides.ModelNotFound, thucydides.ConfigError)
    assert issubclass(thucydides.InputTooLarge, thucydides.InputError)


def test_version() -> None:
    assert thucydides.__version__ == "0.1.0"


def test_analyze_with_the_default_pipeline() -> None:
    analysis = thucydides.analyze(
        "Pakistani officials accused India of arming the rebels in the border districts.",
        published=dt.date(2009, 7, 29),
    )
    assert isinstance(analysis, thucydides.Analysis)
    assert analysis.document.id == "text"
    assert analysis.document.published == dt.date(2009, 7, 29)
    coded = {m.text: m.actor for m in analysis.mentions}
    assert coded["Pakistani officials"] == "PAKGOV"
    assert coded["India"] == "IND"


def test_analyze_with_a_given_pipeline(pipeline: Pipeline) -> None:
    analysis = thucydides.analyze("Russian troops crossed the river at dawn.", doc_id="river", pipeline=pipeline)
    assert analysis.document.id == "river"
    assert [(a.id, a.mentions) for a in analysis.actors] == [("RUSMIL", ((0, 14),))]
    assert thucydides.to_json(analysis)["schema"] == thucydides.SCHEMA


def test_analyze_of_only_boilerplate_is_an_input_error(pipeline: Pipeline) -> None:
    with pytest.raises(thucydides.InputError) as caught:
        thucydides.analyze("Follow us on Mastodon\nAdvertisement", doc_id="promo", pipeline=pipeline)
    assert caught.value.where == "promo"
    assert caught.value.reason == "no story text left after removing boilerplate"


def test_analyze_splits_a_headline_as_the_file_reader_does(pipeline: Pipeline) -> None:
    analysis = thucydides.analyze(
        "Border talks resume\n\nIndian officials met their Chinese counterparts.", pipeline=pipeline
    )
    assert analysis.document.title == "Border talks resume"
    assert analysis.document.text == "Indian officials met their Chinese counterparts."


def test_a_text_over_the_parsers_limit_is_a_clear_error(pipeline: Pipeline) -> None:
    text = "Pakistani officials met Indian diplomats in Islamabad. " * (pipeline.nlp.max_length // 50)
    with pytest.raises(thucydides.InputTooLarge, match=r"over the parser's limit of \d+ \(spaCy's nlp.max_length\)"):
        pipeline.analyze_text(text, title="Long")
