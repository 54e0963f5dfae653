"""Small helpers several test files share (importable because pytest puts tests/ on the path)."""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from thucydides.evaluate.readers import JUDGED_ARTICLES_FILE
from thucydides.records import Actor, Analysis, Document, Event, EventParty, Mention, Sentence, Span


def judged_sample(tmp_path: Path, articles: list[dict[str, Any]], kind: str, rows: str) -> tuple[Path, Path]:
    """A data folder holding ``articles`` as the news-2016 stories, and a judged folder of
    ``kind`` whose ``000.tsv`` holds ``rows``: what a judged-sample scorer reads."""
    data = tmp_path / "data"
    stories = data / JUDGED_ARTICLES_FILE
    stories.parent.mkdir(parents=True)
    stories.write_text("".join(json.dumps(record) + "\n" for record in articles), "utf-8")
    folder = tmp_path / kind
    folder.mkdir()
    (folder / "000.tsv").write_text(rows, "utf-8")
    return data, folder


def make_runner() -> CliRunner:
    # click < 8.2 mixes stderr into stdout unless told not to; newer click keeps them apart.
    if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    return CliRunner()


def make_event(
    *, number: int, trigger: str, trigger_span: Span, sentence: int, evidence: str, cameo: str, **fields: Any
) -> Event:
    """A hand-made event; the fields not given take neutral values (asserted, no date, no place)."""
    defaults: dict[str, Any] = {
        "id": f"e{number}",
        "cameo": cameo,
        "cameo_label": "",
        "plover": None,
        "quad_class": 1,
        "goldstein": 0.0,
        "source": None,
        "target": None,
        "trigger_text": trigger,
        "trigger_span": trigger_span,
        "sentence": sentence,
        "evidence": evidence,
        "modality": "asserted",
        "quote": None,
        "date": None,
        "date_text": None,
        "place": None,
        "confidence": 0.8,
    }
    return Event(**(defaults | fields))


# Written for the tests of events with one side (the people and the fighting are invented): an
# offensive with no target named, deaths with no source named, and one event with both sides.
ONE_SIDED_LINES = (
    "Sudanese troops launched an offensive near Kadugli on Monday.",
    "Three Sudanese soldiers were killed in the fighting on Tuesday.",
    "Sudanese officials accused Chad of arming the rebels on Tuesday.",
)
ONE_SIDED_TEXT = " ".join(ONE_SIDED_LINES)
ONE_SIDED_HASH = hashlib.sha256(ONE_SIDED_TEXT.encode()).hexdigest()
ONE_SIDED_URL = "https://news.example.org/2023/05/kadugli"


def one_sided_analysis() -> Analysis:
    """The Kadugli story: e1 has no target, e2 no source, e3 both (SDNGOV accuses TCD)."""
    text = ONE_SIDED_TEXT
    starts = [sum(len(line) + 1 for line in ONE_SIDED_LINES[:n]) for n in range(len(ONE_SIDED_LINES))]

    def at(words: str, sentence: int) -> Span:
        start = text.index(words, starts[sentence])
        return start, start + len(words)

    def party(words: str, sentence: int, actor: str, country: str) -> EventParty:
        return EventParty(actor=actor, country=country, text=words, span=at(words, sentence))

    def event(number: int, trigger: str, sentence: int, cameo: str, **fields: Any) -> Event:
        return make_event(
            number=number,
            trigger=trigger,
            trigger_span=at(trigger, sentence),
            sentence=sentence,
            evidence=ONE_SIDED_LINES[sentence],
            cameo=cameo,
            **fields,
        )

    assault = {"plover": "ASSAULT", "quad_class": 4, "goldstein": -10.0}
    events = (
        event(
            1,
            "launched an offensive",
            0,
            "190",
            cameo_label="Use conventional military force, not specified below",
            source=party("Sudanese troops", 0, "SDNMIL", "SDN"),
            date="2023-05-01",
            date_text="Monday",
            date_precision="day",
            date_basis="clause",
            **assault,
        ),
        event(
            2,
            "killed",
            1,
            "1823",
            cameo_label="Kill by physical assault",
            target=party("Three Sudanese soldiers", 1, "SDNMIL", "SDN"),
            date="2023-05-02",
            date_text="Tuesday",
            date_precision="day",
            date_basis="clause",
            **assault,
        ),
        event(
            3,
            "accused",
            2,
            "112",
            cameo_label="Accuse, not specified below",
            plover="ACCUSE",
            plover_mode="disapprove",
            quad_class=3,
            goldstein=-2.0,
            source=party("Sudanese officials", 2, "SDNGOV", "SDN"),
            target=party("Chad", 2, "TCD", "TCD"),
            date="2023-05-02",
            date_text="Tuesday",
            date_precision="day",
            date_basis="clause",
        ),
    )
    coded = (("Sudanese troops", 0, "SDNMIL"), ("Three Sudanese soldiers", 1, "SDNMIL"))
    coded += (("Sudanese officials", 2, "SDNGOV"), ("Chad", 2, "TCD"))
    mentions = tuple(Mention(*at(words, n), words, n, "sector", actor) for words, n, actor in coded)
    troops, soldiers, officials, chad = (at(words, n) for words, n, _ in coded)
    actors = (
        Actor("SDNMIL", "Sudan (military)", "SDN", ("MIL",), "state", (troops, soldiers)),
        Actor("SDNGOV", "Sudan (government)", "SDN", ("GOV",), "state", (officials,)),
        Actor("TCD", "Chad", "TCD", (), "state", (chad,)),
    )
    sentences = tuple(
        Sentence(n, start, start + len(line))
        for n, (start, line) in enumerate(zip(starts, ONE_SIDED_LINES, strict=True))
    )
    document = Document(id="kadugli", hash=ONE_SIDED_HASH, text=text, published=dt.date(2023, 5, 3), url=ONE_SIDED_URL)
    return Analysis(document, sentences, mentions=mentions, actors=actors, events=events)
