"""The evaluation readers and scorers, on small gold files written here (invented sentences).

A stand-in pipeline codes fixed phrases, so every expected figure can be worked out by hand.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from thucydides.clean import clean_text
from thucydides.errors import InputError
from thucydides.evaluate import (
    default_data_dir,
    evaluate_actors,
    read_conflibert,
    read_plover,
    render_scores,
)
from thucydides.evaluate.actors import (
    CodedMention,
    country_key,
    gold_sector_key,
    is_covered,
    sectors_agree,
)
from thucydides.evaluate.readers import GoldActor, detokenise
from thucydides.records import Actor, Analysis, Document, Failure, Mention, RawDocument

# What the stand-in pipeline codes, wherever the phrase occurs: phrase → (code, roles).
CODED_PHRASES = {
    "Chilean officials": ("CHLGOV", ("GOV",)),
    "Lima": ("PERGOV", ("GOV",)),
    "Norwegian police": ("NORMIL", ("MIL",)),
    "the crew": ("DNKCVL", ("CVL",)),
    "Lebanese President": ("LBNGOV", ("GOV",)),
}

PLOVER_RECORDS = [
    {"id": "TEST-DOCUMENT-0001", "event": "DOCUMENT", "comment": "documentation, not a record"},
    {
        "id": "TEST-1",
        "text": "Chilean officials welcomed the Peruvian delegation in Lima.",
        "source": [{"actorText": "Chilean officials", "code": "CHL", "sector": "GOV"}],
        "target": [{"actorText": "Peruvian delegation", "code": "PER", "sector": "GOV"}],
    },
    {
        "id": "TEST-2",
        "text": "Norwegian police questioned a Danish fisherman on Tuesday.",
        "source": [{"actorText": "Norwegian police", "code": "NOR", "sector": "COP"}],
        "target": "",
    },
    {
        "id": "TEST-3",
        "text": "Kenyan soldiers crossed the Ugandan border at dawn.",
        "source": [{"actorText": "Kenyan soldiers", "code": "KEN", "sector": "MIL"}],
        "target": [{"actorText": "Ugandan Army", "code": "UGA", "sector": "MIL"}],
    },
]

CONFLIBERT_LINES = """\
Chilean B-S
officials I-S
met O
the B-T
Peruvian I-T
delegation I-T
in O
Lima O
. O

Swedish B-S
police I-S
arrested O
the B-T
crew I-T
of I-T
a I-T
Danish I-T
trawler I-T
. O

Lebanese B-R
President I-R
Anan I-R
Haddad I-R
met O
Jordanian B-R
envoys I-R
. O
"""


class StandInPipeline:
    """Codes the phrases of CODED_PHRASES by string search; fails any text containing "FAIL"."""

    model_name = "stand-in"

    def run(self, items: Iterable[RawDocument]) -> Iterator[Analysis | Failure]:
        for raw in items:
            if "FAIL" in raw.text:
                yield Failure(raw.origin, raw.id, "parse", "told to fail")
                continue
            text = clean_text(raw.text).text
            mentions, actors = [], []
            for phrase, (code, roles) in CODED_PHRASES.items():
                start = text.find(phrase)
                if start >= 0:
                    end = start + len(phrase)
                    mentions.append(Mention(start, end, phrase, 0, "sector", code))
                    actors.append(Actor(code, phrase, code[:3], roles, "state", ((start, end),)))
            document = Document(raw.id, hashlib.sha256(text.encode()).hexdigest(), text)
            yield Analysis(document, (), tuple(mentions), tuple(actors))


@pytest.fixture()
def gold_folder(tmp_path: Path) -> Path:
    (tmp_path / "plover").mkdir()
    (tmp_path / "plover" / "PLOVER_GSR_CAMEO.json").write_text(json.dumps(PLOVER_RECORDS), "utf-8")
    (tmp_path / "confliBERT-cameo").mkdir()
    (tmp_path / "confliBERT-cameo" / "cameo_ner_train.txt").write_text(CONFLIBERT_LINES, "utf-8")
    return tmp_path


# --- readers ----------------------------------------------------------------------------------


def test_read_plover_skips_the_document_record_and_reads_roles(gold_folder: Path) -> None:
    records = read_plover(gold_folder / "plover" / "PLOVER_GSR_CAMEO.json")
    assert [record.id for record in records] == ["TEST-1", "TEST-2", "TEST-3"]
    assert records[0].actors == (
        GoldActor("source", "Chilean officials", "CHL", "GOV"),
        GoldActor("target", "Peruvian delegation", "PER", "GOV"),
    )
    assert records[1].actors == (GoldActor("source", "Norwegian police", "NOR", "COP"),)


def test_read_plover_limit_counts_records_after_the_document(gold_folder: Path) -> None:
    records = read_plover(gold_folder / "plover" / "PLOVER_GSR_CAMEO.json", limit=2)
    assert [record.id for record in records] == ["TEST-1", "TEST-2"]


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"id": "BAD-1", "source": ""}, "'text' must be a non-empty string"),
        ({"id": "BAD-2", "text": "Fijian envoys left.", "source": [{"code": "FJI"}]}, "'actorText' and 'code'"),
        ({"id": "BAD-3", "text": "Fijian envoys left.", "target": {"actorText": "x"}}, "must be a list"),
    ],
)
def test_read_plover_names_the_bad_record(tmp_path: Path, record: dict, message: str) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps([record]), "utf-8")
    with pytest.raises(InputError, match=message) as caught:
        read_plover(path)
    assert record["id"] in str(caught.value)
    assert str(path) in str(caught.value)


def test_read_conflibert_gives_text_spans_heads_and_lines(gold_folder: Path) -> None:
    sentences = read_conflibert(gold_folder / "confliBERT-cameo" / "cameo_ner_train.txt")
    assert [sentence.line for sentence in sentences] == [1, 11, 22]
    second = sentences[1]
    assert second.text == "Swedish police arrested the crew of a Danish trawler."
    assert [(span.role, span.text) for span in second.spans] == [
        ("source", "Swedish police"),
        ("target", "the crew of a Danish trawler"),
    ]
    target = second.spans[1]
    assert second.text[target.head[0] : target.head[1]] == "crew"
    assert [span.role for span in sentences[2].spans] == ["reciprocal", "reciprocal"]


def test_read_conflibert_limit(gold_folder: Path) -> None:
    sentences = read_conflibert(gold_folder / "confliBERT-cameo" / "cameo_ner_train.txt", limit=2)
    assert len(sentences) == 2


def test_read_conflibert_names_file_and_line_of_a_bad_tag(tmp_path: Path) -> None:
    path = tmp_path / "ner.txt"
    path.write_text("Malian O\nofficials B-X\n", "utf-8")
    with pytest.raises(InputError, match=r"ner\.txt:2.*B-S"):
        read_conflibert(path)


@pytest.mark.parametrize(
    ("tokens", "text"),
    [
        ("Iran ’ s forces", "Iran's forces"),
        ("the pro - government militia", "the pro-government militia"),
        ("an appeal for $ 80 million", "an appeal for $80 million"),
        ("the Air Force ( AF ) said .", "the Air Force (AF) said."),
        ("calling it “ reckless ” .", 'calling it "reckless".'),
        ("a 22 . 5 percent cut", "a 22.5 percent cut"),
        ("the rebels ' base", "the rebels' base"),
        ("branded them ' radicals ' .", "branded them 'radicals'."),
        ("Chad 's army , Mali 's police", "Chad's army, Mali's police"),
    ],
)
def test_detokenise_sets_text_as_written(tokens: str, text: str) -> None:
    assert detokenise(tuple(tokens.split(" ")))[0] == text


_TOKEN = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")), min_size=1, max_size=6)


@given(st.lists(_TOKEN, min_size=1, max_size=12))
def test_detokenise_offsets_point_at_each_cleaned_token(tokens: list[str]) -> None:
    text, spans = detokenise(tuple(tokens))
    assert clean_text(text, remove_boilerplate=False).text == text
    previous_end = 0
    for token, (start, end) in zip(tokens, spans, strict=True):
        assert previous_end <= start <= end <= len(text)
        assert text[start:end] == clean_text(token, remove_boilerplate=False).text
        previous_end = end


# --- scorers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "key"), [("PAKGOV", "PAK"), ("JAP", "JPN"), ("IGOUNO", "IGO"), ("itl", "ITA")])
def test_country_key(code: str, key: str) -> None:
    assert country_key(code) == key


@pytest.mark.parametrize(("sector", "key"), [(None, None), ("CVLalb", "CVL"), ("***", "***"), ("CIV", "CVL")])
def test_gold_sector_key(sector: str | None, key: str | None) -> None:
    assert gold_sector_key(sector) == key


@pytest.mark.parametrize(
    ("gold", "predicted", "agree"),
    [
        (GoldActor("source", "x", "IGO", None), CodedMention(0, 1, "x", "IGOUNO", ()), True),
        (GoldActor("source", "x", "IGO", "MIL"), CodedMention(0, 1, "x", "IGOUNO", ()), False),
        (GoldActor("source", "x", "CHL", None), CodedMention(0, 1, "x", "CHLGOV", ("GOV",)), False),
        (GoldActor("source", "x", "CHL", "GOVxyz"), CodedMention(0, 1, "x", "CHLGOV", ("GOV",)), True),
        (GoldActor("source", "x", "CHL", "***"), CodedMention(0, 1, "x", "CHLGOV", ("GOV",)), None),
    ],
)
def test_sectors_agree(gold: GoldActor, predicted: CodedMention, agree: bool | None) -> None:
    assert sectors_agree(gold, predicted) is agree


@pytest.mark.parametrize(
    ("mention", "covered"),
    [
        ((0, 10), True),  # half of a 20-character span
        ((0, 9), False),  # less than half, head not touched
        ((16, 18), True),  # the head word only
        ((30, 40), False),
    ],
)
def test_is_covered_by_half_the_span_or_its_head(mention: tuple[int, int], covered: bool) -> None:
    assert is_covered((0, 20), (15, 20), [CodedMention(*mention, "x", "CHLGOV", ("GOV",))]) is covered


def test_evaluate_actors_on_hand_made_sets(gold_folder: Path) -> None:
    scores = evaluate_actors(StandInPipeline(), gold_folder)
    plover = scores["plover"]
    assert (plover["records"], plover["gold_actors"], plover["located"], plover["unlocated"]) == (3, 5, 4, 1)
    # found: Chilean officials, Norwegian police; missed: Peruvian delegation, Kenyan soldiers;
    # coded: Chilean officials, Norwegian police, Lima (no gold actor there).
    assert plover["detection"] == {"precision": 0.6667, "recall": 0.5, "f1": 0.5714}
    assert plover["country_accuracy"] == 1.0
    assert plover["sector_accuracy"] == 0.5  # NORMIL against the gold police sector COP
    assert plover["strict_accuracy"] == 0.5
    assert [example["actor"] for example in plover["examples"]["missed"]] == ["Peruvian delegation", "Kenyan soldiers"]
    assert plover["examples"]["wrong_code"][0]["predicted"] == "NORMIL"

    conflibert = scores["conflibert"]
    assert (conflibert["sentences"], conflibert["gold_spans"], conflibert["predicted_mentions"]) == (3, 6, 4)
    assert {role: figures["recall"] for role, figures in conflibert["roles"].items()} == {
        "source": 0.5,
        "target": 0.5,
        "reciprocal": 0.5,
    }
    assert conflibert["all"] == {"precision": 0.75, "recall": 0.5, "f1": 0.6}
    assert scores["model"] == "stand-in"
    assert scores["command"].startswith("thucydides eval actors --data ")
    json.dumps(scores)  # the CLI prints it as JSON


def test_evaluate_actors_limit_and_failed_documents(gold_folder: Path) -> None:
    path = gold_folder / "plover" / "PLOVER_GSR_CAMEO.json"
    records = json.loads(path.read_text("utf-8"))
    records[1]["text"] += " FAIL"
    path.write_text(json.dumps(records), "utf-8")
    scores = evaluate_actors(StandInPipeline(), gold_folder, limit=1)
    plover = scores["plover"]
    assert (plover["records"], plover["failed"], plover["gold_actors"]) == (1, 1, 2)
    assert plover["detection"]["recall"] == 0.0
    assert plover["detection"]["precision"] is None  # nothing was predicted
    assert scores["conflibert"]["sentences"] == 1
    assert scores["command"].endswith("--limit 1")


def test_render_scores_shows_measures_and_sizes(gold_folder: Path) -> None:
    console = Console(record=True, width=160)
    console.print(render_scores(evaluate_actors(StandInPipeline(), gold_folder)))
    table = console.export_text()
    assert "3 records, 5 gold actors, 4 located" in table
    assert "3 sentences, 6 gold spans" in table
    assert "detection recall" in table and "0.5000" in table
    assert "lower bound" in table
    assert "Peruvian delegation" not in table  # examples only with --format json


# --- data folder ------------------------------------------------------------------------------


def test_missing_data_folder_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    with pytest.raises(FileNotFoundError, match="no-such-folder") as caught:
        evaluate_actors(StandInPipeline(), missing)
    assert "PLOVER_GSR_CAMEO.json" in str(caught.value)


def test_missing_data_file_names_the_file(gold_folder: Path) -> None:
    (gold_folder / "confliBERT-cameo" / "cameo_ner_train.txt").unlink()
    with pytest.raises(FileNotFoundError, match=r"cameo_ner_train\.txt not found"):
        evaluate_actors(StandInPipeline(), gold_folder)


def test_default_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("THUCYDIDES_DATA", raising=False)
    assert default_data_dir().parts[-2:] == ("shared", "data")
    monkeypatch.setenv("THUCYDIDES_DATA", str(tmp_path))
    assert default_data_dir() == tmp_path
