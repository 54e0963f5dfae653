"""The judged-sample scorer, on judged files and stories written here (invented sentences).

A stand-in pipeline codes fixed phrases of each story, so every figure can be worked out by
hand; the last tests read the real folder and stories when ``../shared`` is present.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from support import make_runner

from thucydides import cli
from thucydides.clean import clean_text
from thucydides.cli import common
from thucydides.errors import InputError
from thucydides.evaluate import default_judged_dir, evaluate_actors, evaluate_judged, read_judged, render_scores
from thucydides.evaluate.judged import ARTICLES_FILE, judged_files, locate, read_stories
from thucydides.records import Actor, Analysis, Document, Failure, Mention, Person, Quote, RawDocument, Speaker

STORY_A = (
    "SANTIAGO (Wirenews): Chilean police detained two students on Monday, Interior Minister Mara Quintal said. "
    "Quintal told reporters the students would be freed. Chile\u2019s navy stayed in port. "
    "Peruvian diplomats asked for calm.\nFollow us on Wirenews for updates\nTom Ashby reported from the capital."
)
STORY_B = "Nothing here is judged: the scorer must not run this story."
STORY_C = (
    "Ugandan soldiers shelled a village near the border, killing at least 19 people, said Colonel Ben Okello, "
    "an army spokesman. Kenyan officials said they would send aid. Okello said the Kampala Road market was closed."
)
ARTICLES = [
    {"id": "story-a", "title": "A", "published": "2016-05-01", "text": STORY_A},
    {"id": "story-b", "title": "B", "published": "2016-05-02", "text": STORY_B},
    {"id": "story-c", "title": "C", "published": "2016-06-02", "text": STORY_C},
]

HEADER = "kind\tsurface\tnth\tcode\tnote"
JUDGED_A = f"""# story-a
# a comment that is not the id
{HEADER}
dateline\tSANTIAGO\t1\t\t
dateline\tWirenews\t1\t\tthe agency
actor\tChilean police\t1\tCHLCOP\t
actor\tstudents\t1\tCHLEDU\t
person\tMara Quintal\t1\tCHLGOV\tsitting minister
actor\tChile\u2019s navy\t1\tCHLMIL\t
actor\tPeruvian diplomats\t1\tPERGOV\t
not_actor\tWirenews\t2\t\tin a promo line the cleaner removes
byline\tTom Ashby\t1\t\t
"""
JUDGED_C = f"""# id: story-c
{HEADER}
actor\tUgandan soldiers\t1\tUGAMIL
actor\ta village\t1\tUGACVL
actor\tat least 19 people\t1\tUGACVL
person\tBen Okello\t1\tUGAMIL
actor\tKenyan officials\t1\tKENGOV
not_actor\tKampala\t1\t
"""

# What the stand-in finds in each story: (phrase as cleaned, occurrence, code, person key).
MENTIONS = {
    "story-a": [
        ("Wirenews", 1, "CHLMED", None),
        ("Chilean police", 1, "CHLCOP", None),
        ("students", 1, "---CVL", None),
        ("students", 2, "---CVL", None),
        ("Mara Quintal", 1, None, "p1"),
        ("Quintal", 2, None, "p2"),
        ("Chile's navy", 1, "CHLMIL", None),
        ("Tom Ashby", 1, None, "p3"),
    ],
    "story-c": [
        ("Ugandan soldiers", 1, "UGAMIL", None),
        ("a village", 1, None, None),
        ("the border", 1, "UGA", None),
        ("Ben Okello", 1, None, "p4"),
        ("Kenyan officials", 1, "UGAGOV", None),
        ("Okello", 2, None, "p4"),
        ("Kampala", 1, "UGAGOV", None),
    ],
}
PEOPLE = {
    "p1": ("Mara Quintal", "CHLGOV"),
    "p2": ("Quintal", None),
    "p3": ("Tom Ashby", None),
    "p4": ("Ben Okello", "UGAGOV"),
}
SPEAKERS = {"story-a": [("Peruvian diplomats", 1)]}
ROLES = {"CHLMED": ("MED",), "CHLCOP": ("COP",), "---CVL": ("CVL",), "CHLMIL": ("MIL",), "UGAMIL": ("MIL",)}


class StandInPipeline:
    """Finds the MENTIONS, PEOPLE and SPEAKERS of each story by string search in the cleaned
    text; remembers each document's publication date; fails a story containing "FAIL"."""

    model_name = "stand-in"

    def __init__(self) -> None:
        self.seen: list[tuple[str, dt.date | None]] = []

    def run(self, items: Iterable[RawDocument]) -> Iterator[Analysis | Failure]:
        for raw in items:
            self.seen.append((raw.id, raw.published))
            if "FAIL" in raw.text:
                yield Failure(raw.origin, raw.id, "parse", "told to fail")
                continue
            yield self._analysis(raw, clean_text(raw.text).text)

    def _analysis(self, raw: RawDocument, text: str) -> Analysis:
        mentions, spans_of = [], {}
        for phrase, nth, code, person in MENTIONS.get(raw.id, []):
            span = locate(text, phrase, nth)
            assert span is not None, phrase
            mentions.append(Mention(*span, phrase, 0, "person" if person else "sector", code, person))
            spans_of.setdefault(person, []).append(span)
        mentions.sort(key=lambda mention: mention.start)
        actors = {
            m.actor: Actor(m.actor, m.text, m.actor[:3], ROLES.get(m.actor, ()), "state", ())
            for m in mentions
            if m.actor
        }
        people = tuple(
            Person(key, PEOPLE[key][0], None, None, None, PEOPLE[key][1], None, tuple(spans))
            for key, spans in spans_of.items()
            if key
        )
        quotes = tuple(
            Quote(
                f"q{n}",
                "indirect",
                "",
                (),
                None,
                None,
                Speaker(phrase, locate(text, phrase, nth), None, None, None, True, None),
                0,
            )
            for n, (phrase, nth) in enumerate(SPEAKERS.get(raw.id, []))
        )
        document = Document(raw.id, hashlib.sha256(text.encode()).hexdigest(), text, published=raw.published)
        return Analysis(document, (), tuple(mentions), tuple(actors.values()), people, quotes=quotes)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder holding news-2016/articles.jsonl (and empty PLOVER and ConfliBERT files)."""
    folder = tmp_path / "data"
    articles = folder / ARTICLES_FILE
    articles.parent.mkdir(parents=True)
    articles.write_text("".join(json.dumps(record) + "\n" for record in ARTICLES), "utf-8")
    (folder / "plover").mkdir()
    (folder / "plover" / "PLOVER_GSR_CAMEO.json").write_text("[]", "utf-8")
    (folder / "confliBERT-cameo").mkdir()
    (folder / "confliBERT-cameo" / "cameo_ner_train.txt").write_text("", "utf-8")
    return folder


@pytest.fixture
def judged(tmp_path: Path) -> Path:
    folder = tmp_path / "judged"
    folder.mkdir()
    (folder / "000.tsv").write_text(JUDGED_A, "utf-8")
    (folder / "002.tsv").write_text(JUDGED_C, "utf-8")
    return folder


@pytest.fixture
def scores(data: Path, judged: Path) -> dict[str, Any]:
    return evaluate_judged(StandInPipeline(), data, judged)


# --- figures ----------------------------------------------------------------------------------


def test_sizes(scores: dict[str, Any]) -> None:
    assert (scores["stories"], scores["failed"]) == (2, 0)
    assert scores["rows"] == {"actor": 8, "person": 2, "byline": 1, "dateline": 2, "not_actor": 2}
    assert scores["removed_rows"] == 1  # the second "Wirenews", in the promo line
    assert (scores["coded_mentions"], scores["judged_mentions"], scores["unjudged_coded_mentions"]) == (12, 10, 2)


@pytest.mark.parametrize(
    ("figure", "value"),
    [
        # country: right CHLCOP, Mara Quintal, CHLMIL, UGAMIL, Ben Okello, Okello; wrong Wirenews (a
        # dateline), Kenyan officials (UGA), Kampala (not an actor); ---CVL is not judged
        ("country_judged", 9),
        ("country_agree", 6),
        ("country_precision", 0.6667),
        # sector: right CHLCOP, Mara Quintal, CHLMIL, UGAMIL, Kenyan officials (GOV); wrong Wirenews,
        # students (CVL for EDU), Ben Okello and Okello (GOV for MIL), Kampala
        ("sector_judged", 10),
        ("sector_agree", 5),
        ("sector_precision", 0.5),
        # coded: Chilean police, students, Chile's navy, Ugandan soldiers, Kenyan officials; found
        # uncoded: Peruvian diplomats (a speaker), a village; not found: at least 19 people
        ("actor_rows_coded", 5),
        ("actor_recall", 0.625),
        ("actor_rows_found", 7),
        ("actor_recall_any", 0.875),
        ("person_rows_found", 2),
        ("people_found", 1.0),
        ("person_rows_with_code", 2),
        ("person_rows_coded", 1),  # Ben Okello's record is UGAGOV, the row UGAMIL
        ("people_coded", 0.5),
        ("split_people", 1),  # the "Quintal" record beside "Mara Quintal"
        ("bylines_datelines", 3),
        ("bylines_datelines_taken_rows", 2),  # Wirenews (a mention), Tom Ashby (a person)
        ("bylines_datelines_taken", 0.6667),
    ],
)
def test_figure(scores: dict[str, Any], figure: str, value: float) -> None:
    assert scores[figure] == value


def _brief(examples: list[dict[str, Any]], *keys: str) -> list[tuple[Any, ...]]:
    return [tuple(example[key] for key in keys) for example in examples]


def test_examples(scores: dict[str, Any], judged: Path) -> None:
    examples = scores["examples"]
    assert _brief(examples["wrong_country"], "position", "surface", "predicted", "gold") == [
        (0, "Wirenews", "CHLMED", ""),
        (2, "Kenyan officials", "UGAGOV", "KENGOV"),
        (2, "Kampala", "UGAGOV", ""),
    ]
    assert _brief(examples["wrong_sector"], "surface", "mention", "predicted") == [
        ("Wirenews", "Wirenews", "CHLMED"),
        ("students", "students", "---CVL"),
        ("Ben Okello", "Ben Okello", "UGAGOV"),
        ("Ben Okello", "Okello", "UGAGOV"),
        ("Kampala", "Kampala", "UGAGOV"),
    ]
    assert _brief(examples["missed_actor"], "position", "surface", "found_uncoded") == [
        (0, "Peruvian diplomats", True),
        (2, "a village", True),
        (2, "at least 19 people", False),
    ]
    assert _brief(examples["wrong_person_code"], "surface", "predicted", "gold") == [("Ben Okello", "UGAGOV", "UGAMIL")]
    assert _brief(examples["split_person"], "surface", "person") == [("Mara Quintal", "Quintal")]
    assert _brief(examples["unjudged"], "position", "mention", "predicted") == [
        (0, "students", "---CVL"),
        (2, "the border", "UGA"),
    ]
    assert _brief(examples["taken_byline_dateline"], "kind", "surface") == [
        ("dateline", "Wirenews"),
        ("byline", "Tom Ashby"),
    ]
    assert _brief(examples["removed"], "kind", "surface", "where") == [
        ("not_actor", "Wirenews", f"{judged / '000.tsv'}:11")
    ]
    assert examples["missed_person"] == []


def test_only_judged_stories_run_with_their_dates(data: Path, judged: Path) -> None:
    pipeline = StandInPipeline()
    evaluate_judged(pipeline, data, judged)
    assert pipeline.seen == [("story-a", dt.date(2016, 5, 1)), ("story-c", dt.date(2016, 6, 2))]


def test_limit_and_a_failed_story(data: Path, judged: Path) -> None:
    articles = data / ARTICLES_FILE
    records = [dict(record) for record in ARTICLES]
    records[0]["text"] += " FAIL"
    articles.write_text("".join(json.dumps(record) + "\n" for record in records), "utf-8")
    scores = evaluate_judged(StandInPipeline(), data, judged, limit=1)
    assert (scores["stories"], scores["failed"], scores["coded_mentions"]) == (1, 1, 0)
    assert (scores["actor_recall"], scores["people_found"], scores["country_precision"]) == (0.0, 0.0, None)
    assert scores["removed_rows"] == 1  # the failed story's text is cleaned as the pipeline would


def test_locate_normalises_quotes_and_counts_occurrences() -> None:
    text = clean_text("Chile\u2019s navy met Chile\u2019s navy.").text
    assert locate(text, "Chile\u2019s navy", 2) == (17, 29)
    assert locate(text, "Chile\u2019s navy", 3) is None


# --- reading errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("000.tsv", f"# story-a\n{HEADER}\nactr\tChilean police\t1\tCHLCOP\t\n", r"000\.tsv:3: unknown kind 'actr'"),
        (
            "000.tsv",
            f"# story-a\n{HEADER}\nactor\tChilean police\tfirst\tCHLCOP\t\n",
            r"000\.tsv:3: nth must be a whole",
        ),
        ("000.tsv", f"# story-a\n{HEADER}\nactor\tChilean police\t0\tCHLCOP\t\n", r"000\.tsv:3: nth must be a whole"),
        ("000.tsv", f"# story-a\n{HEADER}\n\nactor\tstudents\t3\tCHLEDU\t\n", r"000\.tsv:4: 'students' occurs 2 time"),
        (
            "000.tsv",
            f"# story-a\n{HEADER}\nactor\tChilean Police\t1\tCHLCOP\t\n",
            r"000\.tsv:3: 'Chilean Police' occurs 0",
        ),
        (
            "000.tsv",
            f"{HEADER}\nactor\tstudents\t1\tCHLEDU\t\n",
            r"000\.tsv:1: the first comment must give the story's id",
        ),
        ("000.tsv", f"# no-such-story\n{HEADER}\n", r"000\.tsv:1: .*found 'no-such-story'"),
        ("001.tsv", f"# story-a\n{HEADER}\n", r"001\.tsv:1: story 'story-a' is at position 0 .*not 1"),
        ("first.tsv", f"# story-a\n{HEADER}\n", r"first\.tsv: a judged file is named after its story's position"),
        ("000.tsv", "# story-a\nkind\tcode\n", r"000\.tsv:2: the header must name the columns"),
    ],
)
def test_bad_judged_file_names_file_and_line(tmp_path: Path, data: Path, name: str, content: str, message: str) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / name).write_text(content, "utf-8")
    with pytest.raises(InputError, match=message):
        read_judged(folder, read_stories(data / ARTICLES_FILE))


# --- skipping ---------------------------------------------------------------------------------


def test_skipped_when_the_folder_is_missing(data: Path, tmp_path: Path) -> None:
    scores = evaluate_judged(StandInPipeline(), data, tmp_path / "nowhere")
    assert scores["skipped"].startswith("judged folder not found: ")
    assert "nowhere" in scores["skipped"] and "--judged" in scores["skipped"]


def test_skipped_when_the_folder_is_empty(data: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    scores = evaluate_judged(StandInPipeline(), data, tmp_path / "empty")
    assert scores["skipped"] == f"no judged files (NNN.tsv) in {tmp_path / 'empty'} yet"


def test_skipped_when_the_stories_are_missing(tmp_path: Path, judged: Path) -> None:
    pipeline = StandInPipeline()
    scores = evaluate_judged(pipeline, tmp_path / "no-data", judged)
    assert scores["skipped"].startswith("stories not found: ")
    assert pipeline.seen == []


def test_default_folder_is_at_the_repository_root() -> None:
    assert default_judged_dir() == Path(__file__).resolve().parent.parent / "judged" / "news-2016-actors"


# --- in eval actors ---------------------------------------------------------------------------


def test_eval_actors_has_the_judged_block(data: Path, judged: Path) -> None:
    scores = evaluate_actors(StandInPipeline(), data, judged=judged)
    assert scores["judged"]["country_precision"] == 0.6667
    assert scores["command"] == f"thucydides eval actors --data {data} --judged {judged}"
    console = Console(record=True, width=200)
    console.print(render_scores(scores))
    table = console.export_text()
    assert "2 stories (0 failed), 15 rows:" in table
    assert "8 actor, 2 person, 1 byline," in table and "2 dateline, 2 not_actor;" in table
    assert "1 removed by the cleaner" in table
    assert "country precision" in table and "0.6667" in table
    assert "1 person records repeat a judged person" in table
    assert "Kenyan officials" not in table  # examples only with --format json


def test_eval_actors_shows_the_skip(data: Path, tmp_path: Path) -> None:
    scores = evaluate_actors(StandInPipeline(), data, judged=tmp_path / "nowhere")
    console = Console(record=True, width=300)
    console.print(render_scores(scores))
    assert f"judged sample skipped: judged folder not found: {tmp_path / 'nowhere'}" in console.export_text()


def test_cli_eval_actors_json(monkeypatch: pytest.MonkeyPatch, data: Path, judged: Path) -> None:
    monkeypatch.setattr(common, "pipeline_for", lambda model, config, events=None: StandInPipeline())
    result = make_runner().invoke(
        cli.app, ["eval", "actors", "--data", str(data), "--judged", str(judged), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    block = json.loads(result.stdout)["judged"]
    assert (block["stories"], block["split_people"], block["sector_precision"]) == (2, 1, 0.5)


def test_cli_eval_actors_bad_row_is_a_usage_error(monkeypatch: pytest.MonkeyPatch, data: Path, judged: Path) -> None:
    monkeypatch.setattr(common, "pipeline_for", lambda model, config, events=None: StandInPipeline())
    (judged / "002.tsv").write_text(f"# story-c\n{HEADER}\nwho\tKampala\t1\t\t\n", "utf-8")
    result = make_runner().invoke(cli.app, ["eval", "actors", "--data", str(data), "--judged", str(judged)])
    assert result.exit_code == 2
    assert "002.tsv:3: unknown kind 'who'" in result.stderr


# --- the real sample --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_sample(shared_data: Path) -> tuple[Path, list[Path]]:
    folder = default_judged_dir()
    files = judged_files(folder) if folder.is_dir() else []
    if not files:
        pytest.skip(f"no judged files in {folder} yet")
    return folder, files


def test_real_rows_all_resolve(shared_data: Path, real_sample: tuple[Path, list[Path]]) -> None:
    folder, files = real_sample
    stories = read_judged(folder, read_stories(shared_data / ARTICLES_FILE))
    assert [story.position for story in stories] == [int(path.stem) for path in files]
    assert all(story.position % 10 == 0 for story in stories)  # the sample: every tenth story


@pytest.mark.slow
def test_real_figures(pipeline: Any, shared_data: Path, real_sample: tuple[Path, list[Path]]) -> None:
    folder, files = real_sample
    scores = evaluate_judged(pipeline, shared_data, folder)
    assert scores["stories"] == len(files)
    for name in ("country_precision", "sector_precision", "actor_recall", "actor_recall_any", "people_found"):
        assert scores[name] is None or 0.0 <= scores[name] <= 1.0, name
    assert scores["people_coded"] is None or 0.0 <= scores["people_coded"] <= 1.0
    assert scores["bylines_datelines_taken"] is None or 0.0 <= scores["bylines_datelines_taken"] <= 1.0


def test_a_row_counts_occurrences_in_the_story_as_written() -> None:
    from thucydides.evaluate.judged import locate_row

    raw = "NORTHPORT (Wire) - Officials told Wire the port was shut."
    cleaned = "Officials told Wire the port was shut."
    removed = ("NORTHPORT (Wire) -",)
    assert locate_row(raw, removed, cleaned, "Wire", 1) is None  # the dateline's agency: removed
    assert locate_row(raw, removed, cleaned, "Wire", 2) == (15, 19)  # "told Wire"
    assert locate_row(raw, removed, cleaned, "Officials", 1) == (0, 9)
