"""The event scorer: PLOVER types, sources and targets, ConfliBERT classes, on gold files written
here over invented sentences.

A stand-in pipeline reads fixed trigger words as hand-made Event records, so every expected
figure can be worked out by hand.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from thucydides import cli
from thucydides.clean import clean_text
from thucydides.cli import common
from thucydides.errors import InputError
from thucydides.evaluate import evaluate_events, read_conflibert_classes, read_plover, render_event_scores
from thucydides.evaluate.events import (
    NO_EVENT,
    best_class_event,
    best_plover_event,
    event_class,
    evt_phrases,
    evt_spans,
    label_scores,
    party_agrees,
    plover_type,
)
from thucydides.evaluate.readers import CONFLIBERT_CLASS_FILE, PLOVER_FILE, ClassSentence, GoldActor
from thucydides.records import Analysis, Document, Event, EventParty, Failure, RawDocument


def event(
    cameo: str,
    quad_class: int,
    plover: str | None = None,
    trigger: tuple[int, int] = (0, 1),
    confidence: float = 0.5,
    source: EventParty | None = None,
    target: EventParty | None = None,
    modality: str = "asserted",
) -> Event:
    """A hand-made event: only what the scorer reads is set."""
    return Event(
        id=f"e{trigger[0]}",
        cameo=cameo,
        cameo_label="",
        plover=plover,
        quad_class=quad_class,
        goldstein=0.0,
        source=source,
        target=target,
        trigger_text="",
        trigger_span=trigger,
        sentence=0,
        evidence="",
        modality=modality,
        quote=None,
        date=None,
        date_text=None,
        place=None,
        confidence=confidence,
    )


# --- labels -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("DEMAND", "REQUEST"),
        ("DISAPPROVE", "ACCUSE"),
        ("FIGHT", "ASSAULT"),
        ("INVESTIGATE", "ACCUSE"),
        ("AGREE", "AGREE"),
        ("demand", "REQUEST"),
        ("", None),
        (None, None),
    ],
)
def test_plover_type_reads_old_labels_as_today_s(label: str | None, expected: str | None) -> None:
    assert plover_type(label) == expected


@pytest.mark.parametrize(
    ("cameo", "quad_class", "expected"),
    [("01", 1, 0), ("010", 1, 0), ("0256", 1, 1), ("061", 2, 2), ("111", 3, 3), ("190", 4, 4)],
)
def test_event_class(cameo: str, quad_class: int, expected: int) -> None:
    assert event_class(event(cameo, quad_class)) == expected


# --- EVT markup -------------------------------------------------------------------------------

HARBOUR_TEXT = "Chilean officials demanded that Peru return the boats to the harbour in Arica."
HARBOUR_MARKUP = (
    "(SRC: Chilean officials) (EVT: demanded) that (TAR: Peru) (EVT: return) the boats to the "
    "harbour (LOC: in (TAR: Arica))."
)


def test_evt_phrases_are_placed_where_the_plain_text_has_them() -> None:
    phrases = evt_phrases(HARBOUR_MARKUP)
    assert phrases == [("demanded", HARBOUR_TEXT.index("demanded")), ("return", HARBOUR_TEXT.index("return"))]


@pytest.mark.parametrize(
    ("markup", "phrase"),
    [
        ("The (SRC: mayor) (EVT: halted (LOC: in (TAR: Arica))) the vote.", "halted"),
        ("The (SRC: council) (EVT: has sent} two envoys (TAR: north).", "has sent"),
        ("A (TAR: clerk) was (EVT: hurt   by) a (SRC: (EVT: car bomb)).", "hurt by"),
    ],
)
def test_evt_phrase_ends_at_a_nested_mark_or_a_stray_brace(markup: str, phrase: str) -> None:
    assert evt_phrases(markup)[0][0] == phrase


def test_evt_spans_take_the_occurrence_nearest_the_markup() -> None:
    text = "Envoys flew to Lima to talk, then went to Quito."
    markup = "(SRC: Envoys) flew to Lima (EVT: to talk), then went (EVT: to) Quito."
    assert evt_spans(text, markup) == [(20, 27), (39, 41)]
    assert [text[start:end] for start, end in evt_spans(text, markup)] == ["to talk", "to"]


def test_evt_spans_match_any_spacing_and_then_any_case_and_skip_what_is_absent() -> None:
    text = "The Navy  Seized a trawler."
    assert evt_spans(text, "The (SRC: Navy) (EVT: seized) a (EVT: trawler) (EVT: at dawn).") == [(10, 16), (19, 26)]
    assert evt_spans(text, None) == []


# --- the best event ---------------------------------------------------------------------------


def test_best_plover_event_is_on_or_nearest_a_gold_phrase() -> None:
    said = event("010", 1, None, trigger=(40, 44))
    praised = event("051", 1, "SUPPORT", trigger=(0, 7))
    criticised = event("111", 3, "ACCUSE", trigger=(20, 30))
    walked = event("0871", 2, "RETREAT", trigger=(60, 66))
    assert best_plover_event([praised, criticised, said], [(20, 30)]) is criticised
    assert best_plover_event([praised, walked], [(50, 55)]) is walked  # 5 characters between, not 43
    # both on a gold phrase: the one on the earlier phrase wins
    assert best_plover_event([walked, criticised], [(60, 66), (20, 30)]) is walked
    # no gold phrase: the first in the text; a statement (no PLOVER type) never stands for it
    assert best_plover_event([criticised, praised, said], []) is praised
    assert best_plover_event([said], [(40, 44)]) is None


def test_best_class_event_is_the_most_confident_then_the_higher_class() -> None:
    said = event("010", 1, trigger=(0, 4), confidence=0.9)
    shelled = event("195", 4, "ASSAULT", trigger=(10, 17), confidence=0.9)
    met = event("040", 1, "CONSULT", trigger=(20, 23), confidence=0.95)
    assert best_class_event([said, shelled]) is shelled
    assert best_class_event([said, shelled, met]) is met
    assert best_class_event([]) is None


# --- sources and targets ----------------------------------------------------------------------


def party(code: str | None) -> EventParty:
    return EventParty(actor=code, country=code[:3] if code else None, text="x", span=(0, 1))


@pytest.mark.parametrize(
    ("gold", "code", "expected"),
    [
        (GoldActor("source", "x", "JAP", "COP"), "JPNCOP", (True, True)),  # old code read as JPN
        (GoldActor("source", "x", "KEN", "MIL"), "KENGOV", (True, False)),
        (GoldActor("source", "x", "PER", None), "PERGOV", (True, True)),  # no gold sector: country only
        (GoldActor("source", "x", "CHL", "***"), "CHLGOV", (True, True)),  # unknown sector: not judged
        (GoldActor("source", "x", "IGO", None), "IGOUNO", (True, True)),
        (GoldActor("source", "x", "PER", "GOV"), "CHLGOV", (False, False)),
        (GoldActor("source", "x", "PER", "GOV"), None, (False, False)),
    ],
)
def test_party_agrees(gold: GoldActor, code: str | None, expected: tuple[bool, bool]) -> None:
    assert party_agrees([gold], party(code), {}) == expected


def test_party_agrees_with_any_gold_of_a_compound_actor() -> None:
    golds = [GoldActor("source", "x", "HUN", "GOV"), GoldActor("source", "y", "ROU", "GOV")]
    assert party_agrees(golds, party("ROUGOV"), {}) == (True, True)
    assert party_agrees(golds, None, {}) == (False, False)


# --- label scores -----------------------------------------------------------------------------


def test_label_scores_on_a_tiny_confusion() -> None:
    pairs = [("0", "0"), ("0", "1"), ("1", "1"), ("2", NO_EVENT), ("3", "3"), ("4", "4"), ("4", "3")]
    scores = label_scores(pairs, ["0", "1", "2", "3", "4"])
    assert (scores["accuracy"], scores["precision"], scores["coverage"]) == (0.5714, 0.6667, 0.8571)
    # F1: 0 → 2/3, 1 → 2/3, 2 → 0 (never predicted), 3 → 2/3, 4 → 2/3
    assert scores["macro_f1"] == 0.5333
    assert scores["per_label"]["2"] == {
        "gold": 1,
        "predicted": 0,
        "correct": 0,
        "precision": None,
        "recall": 0.0,
        "f1": None,
    }
    assert scores["confusion"]["4"] == {"0": 0, "1": 0, "2": 0, "3": 1, "4": 1, "none": 0}
    assert scores["confusion"]["2"]["none"] == 1


# --- the whole evaluation ---------------------------------------------------------------------

# What the stand-in pipeline reads, wherever the word occurs: word → (cameo, quad class, PLOVER
# type, confidence, modality, (source words, code), (target words, code)).
TRIGGERS: dict[str, tuple] = {
    "demanded": ("100", 3, "REQUEST", 0.8, "asserted", ("Chilean officials", "CHLGOV"), ("Peru", "PERGOV")),
    "return": ("081", 2, "CONCEDE", 0.6, "hypothetical", ("Peru", "PERGOV"), None),
    "shelled": ("195", 4, "ASSAULT", 0.9, "asserted", ("Kenyan troops", "KENGOV"), None),
    "said": ("010", 1, None, 0.9, "asserted", ("the army", "KENMIL"), None),
    "praised": ("051", 1, "SUPPORT", 0.9, "asserted", ("Japanese police", "JPNCOP"), ("its navy", "KORMIL")),
    "criticised": (
        "111",
        3,
        "ACCUSE",
        0.7,
        "asserted",
        ("Japanese police", "JPNCOP"),
        ("the Korean government", "KORGOV"),
    ),
    "close": ("1621", 4, "SANCTION", 0.7, "asserted", ("Malian soldiers", "MLIMIL"), None),
}


class StandInPipeline:
    """Reads the words of TRIGGERS as events; fails any text containing "FAIL"."""

    model_name = "stand-in"

    def run(self, items: Iterable[RawDocument]) -> Iterator[Analysis | Failure]:
        for raw in items:
            if "FAIL" in raw.text:
                yield Failure(raw.origin, raw.id, "parse", "told to fail")
                continue
            text = clean_text(raw.text).text
            events = []
            for word, (cameo, quad, plover, confidence, modality, source, target) in TRIGGERS.items():
                start = text.find(word)
                if start >= 0:
                    events.append(
                        event(
                            cameo,
                            quad,
                            plover,
                            (start, start + len(word)),
                            confidence,
                            self._party(text, source),
                            self._party(text, target),
                            modality,
                        )
                    )
            events.sort(key=lambda found: found.trigger_span)
            document = Document(raw.id, hashlib.sha256(text.encode()).hexdigest(), text)
            yield Analysis(document, (), events=tuple(events))

    @staticmethod
    def _party(text: str, words_and_code: tuple[str, str] | None) -> EventParty | None:
        if words_and_code is None or words_and_code[0] not in text:
            return None
        words, code = words_and_code
        start = text.index(words)
        return EventParty(code, code[:3], words, (start, start + len(words)))


PLOVER_RECORDS = [
    {"id": "TEST-DOCUMENT-0001", "event": "DOCUMENT", "comment": "documentation, not a record"},
    {
        "id": "TEST-DEMAND-1",
        "event": "DEMAND",
        "text": HARBOUR_TEXT,
        "source": [{"actorText": "Chilean officials", "code": "CHL", "sector": "GOV"}],
        "target": [{"actorText": "Peru", "code": "PER"}],
        "textInfo": {"markup": HARBOUR_MARKUP},
    },
    {
        "id": "TEST-FIGHT-1",
        "event": "FIGHT",
        "mode": "heavy-weapons",
        "text": "Kenyan troops shelled a Ugandan border post on Monday, the army said.",
        "source": [{"actorText": "Kenyan troops", "code": "KEN", "sector": "MIL"}],
        "target": [{"actorText": "Ugandan", "code": "UGA"}],
        "textInfo": {
            "markup": "(SRC: Kenyan troops) (EVT: shelled) a (TAR: Ugandan) border post on Monday, the army said."
        },
    },
    {
        "id": "TEST-CONSULT-1",
        "event": "CONSULT",
        "text": "Norwegian diplomats met the Danish envoy in Oslo.",
        "source": [{"actorText": "Norwegian diplomats", "code": "NOR", "sector": "GOV"}],
        "target": [{"actorText": "Danish envoy", "code": "DNK", "sector": "GOV"}],
        "textInfo": {"markup": "(SRC: Norwegian diplomats) (EVT: met) the (TAR: Danish envoy) in Oslo."},
    },
    {
        "id": "TEST-DISAPPROVE-1",
        "event": "DISAPPROVE",
        "text": "Japanese police criticised the Korean government and praised its navy.",
        "source": [{"actorText": "Japanese police", "code": "JAP", "sector": "COP"}],
        "target": [{"actorText": "Korean government", "code": "KOR", "sector": "GOV"}],
        "textInfo": "(SRC: Japanese police) (EVT: criticised) the (TAR: Korean government) and praised its navy.",
    },
    {
        "id": "TEST-THREATEN-1",
        "event": "THREATEN",
        "text": "Malian soldiers threatened to close the Senegalese border.",
        "source": [{"actorText": "Malian soldiers", "code": "MLI", "sector": "MIL"}],
        "target": "",
    },
]

CLASS_LINES = (
    "Chilean officials demanded that Peru return the fishing boats.\t3\r\n"
    "Kenyan troops shelled a Ugandan border post on Monday, the army said.\t4\r\n"
    "Norwegian diplomats met the Danish envoy in Oslo.\t1\r\n"
    "Japanese police criticised the Korean government and praised its navy.\t3\r\n"
    "\r\n"
    "The minister said the talks would resume.\t0\r\n"
)


@pytest.fixture()
def gold_folder(tmp_path: Path) -> Path:
    (tmp_path / "plover").mkdir()
    (tmp_path / PLOVER_FILE).write_text(json.dumps(PLOVER_RECORDS), "utf-8")
    (tmp_path / "confliBERT-cameo").mkdir()
    (tmp_path / CONFLIBERT_CLASS_FILE).write_bytes(CLASS_LINES.encode("utf-8"))
    return tmp_path


def test_read_plover_keeps_the_label_mode_and_markup(gold_folder: Path) -> None:
    records = read_plover(gold_folder / PLOVER_FILE)
    assert [(record.event, record.mode) for record in records] == [
        ("DEMAND", None),
        ("FIGHT", "heavy-weapons"),
        ("CONSULT", None),
        ("DISAPPROVE", None),
        ("THREATEN", None),
    ]
    assert records[0].markup == HARBOUR_MARKUP
    assert records[3].markup is not None and records[3].markup.startswith("(SRC: Japanese police)")  # bare string
    assert records[4].markup is None


def test_read_conflibert_classes(gold_folder: Path) -> None:
    sentences = read_conflibert_classes(gold_folder / CONFLIBERT_CLASS_FILE)
    assert [(sentence.line, sentence.label) for sentence in sentences] == [(1, 3), (2, 4), (3, 1), (4, 3), (6, 0)]
    assert sentences[4] == ClassSentence(6, "The minister said the talks would resume.", 0)
    assert len(read_conflibert_classes(gold_folder / CONFLIBERT_CLASS_FILE, limit=2)) == 2


@pytest.mark.parametrize("line", ["The envoy left.\t7\n", "The envoy left.\n", "\t2\n"])
def test_read_conflibert_classes_names_file_and_line_of_a_bad_row(tmp_path: Path, line: str) -> None:
    path = tmp_path / "classes.tsv"
    path.write_text("The envoy arrived.\t1\n" + line, "utf-8")
    with pytest.raises(InputError, match=r"classes\.tsv:2: expected 'SENTENCE<TAB>LABEL' with LABEL one of 0, 1"):
        read_conflibert_classes(path)


def test_evaluate_events_on_plover(gold_folder: Path) -> None:
    plover = evaluate_events(StandInPipeline(), gold_folder)["plover"]
    # gold REQUEST, ASSAULT, CONSULT, ACCUSE, THREATEN; predicted REQUEST, ASSAULT, none, ACCUSE, SANCTION
    assert (plover["records"], plover["failed"], plover["relabelled"]) == (5, 0, 3)
    assert (plover["accuracy"], plover["precision"], plover["coverage"]) == (0.6, 0.75, 0.8)
    assert plover["macro_f1"] == 0.6  # REQUEST, ASSAULT, ACCUSE 1; CONSULT, THREATEN 0
    assert plover["per_type"]["SANCTION"]["predicted"] == 1
    assert plover["confusion"]["THREATEN"]["SANCTION"] == 1
    assert plover["confusion"]["CONSULT"]["none"] == 1
    # sources: CHLGOV = CHL GOV, KENGOV ≠ KEN MIL (country only), JPNCOP = JAP COP
    assert (plover["source_judged"], plover["source_agreement"], plover["source_country_agreement"]) == (
        3,
        0.6667,
        1.0,
    )
    # targets: PERGOV = PER, none for UGA, KORGOV = KOR GOV
    assert (plover["target_judged"], plover["target_agreement"], plover["target_country_agreement"]) == (
        3,
        0.6667,
        0.6667,
    )
    # events: 2 + 2 (one a statement) + 0 + 2 + 1; off type: return, praised, close
    assert (plover["events"], plover["plover_events"], plover["statement_events"]) == (7, 6, 1)
    assert (plover["events_per_record"], plover["off_type_events"], plover["off_type_share"]) == (1.4, 3, 0.5)
    assert (plover["asserted_events"], plover["other_modality_events"]) == (6, 1)
    assert (plover["evt_phrases"], plover["evt_located"], plover["records_with_located_evt"]) == (5, 5, 4)
    assert plover["gold_modes"] == {"heavy-weapons": 1}
    assert [example["id"] for example in plover["examples"]["wrong_type"]] == ["TEST-THREATEN-1"]
    assert plover["examples"]["wrong_source"][0]["predicted"] == "KENGOV"


def test_evaluate_events_on_conflibert_classes(gold_folder: Path) -> None:
    scores = evaluate_events(StandInPipeline(), gold_folder)
    conflibert = scores["conflibert"]
    # gold 3, 4, 1, 3, 0; predicted 3 (demanded, more confident than return), 4 (shelled ties with
    # said and is the higher class), none, 1 (praised, more confident than criticised), 0
    assert (conflibert["sentences"], conflibert["events"], conflibert["events_per_sentence"]) == (5, 7, 1.4)
    assert (conflibert["accuracy"], conflibert["precision"], conflibert["coverage"]) == (0.6, 0.75, 0.8)
    assert conflibert["event_presence_recall"] == 0.8
    assert conflibert["macro_f1"] == 0.6667  # classes 0, 1, 3, 4 have gold: F1 1, 0, 2/3, 1
    assert conflibert["confusion"]["3"] == {"0": 0, "1": 1, "2": 0, "3": 1, "4": 0, "none": 0}
    assert conflibert["confusion"]["1"]["none"] == 1
    assert conflibert["confusion"]["2"] == {"0": 0, "1": 0, "2": 0, "3": 0, "4": 0, "none": 0}  # every class a row
    assert conflibert["gold_classes"] == {"0": 1, "1": 1, "2": 0, "3": 2, "4": 1}
    assert any("no negative sentences" in note for note in conflibert["notes"])
    assert scores["command"].startswith("thucydides eval events --data ")
    assert scores["model"] == "stand-in"
    json.dumps(scores)  # the CLI prints it as JSON


def test_records_sharing_an_id_are_each_scored(gold_folder: Path) -> None:
    records = json.loads((gold_folder / PLOVER_FILE).read_text("utf-8"))
    records[3]["id"] = records[2]["id"]  # the CONSULT record takes the FIGHT record's id
    (gold_folder / PLOVER_FILE).write_text(json.dumps(records), "utf-8")
    plover = evaluate_events(StandInPipeline(), gold_folder)["plover"]
    assert plover["gold_types"] == {"ACCUSE": 1, "ASSAULT": 1, "CONSULT": 1, "REQUEST": 1, "THREATEN": 1}
    assert (plover["accuracy"], plover["events"]) == (0.6, 7)


def test_evaluate_events_limit_and_failed_documents(gold_folder: Path) -> None:
    records = json.loads((gold_folder / PLOVER_FILE).read_text("utf-8"))
    records[1]["text"] += " FAIL"
    (gold_folder / PLOVER_FILE).write_text(json.dumps(records), "utf-8")
    scores = evaluate_events(StandInPipeline(), gold_folder, limit=2)
    plover = scores["plover"]
    assert (plover["records"], plover["failed"], plover["correct"]) == (2, 1, 1)
    assert plover["confusion"]["REQUEST"]["none"] == 1
    assert scores["conflibert"]["sentences"] == 2
    assert scores["command"].endswith("--limit 2")


def test_render_event_scores_shows_measures_sizes_and_command(gold_folder: Path) -> None:
    console = Console(record=True, width=160)
    console.print(render_event_scores(evaluate_events(StandInPipeline(), gold_folder)))
    table = " ".join(console.export_text().replace("│", " ").split())
    assert "5 records (0 failed), gold types: 5" in table
    assert "5 sentences" in table
    assert "type accuracy 0.6000 3 of 5 records" in table
    assert "coverage = event-presence recall 0.8000 4 of 5; no negatives" in table
    assert "class macro-F1 0.6667 over 4 gold classes" in table
    assert "no negative sentences" in table
    assert "thucydides eval events --data" in table
    assert "Kenyan troops" not in table  # examples only with --format json


# --- data folder ------------------------------------------------------------------------------


def test_missing_data_folder_names_the_files_it_should_hold(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no-such-folder") as caught:
        evaluate_events(StandInPipeline(), tmp_path / "no-such-folder")
    assert "PLOVER_GSR_CAMEO.json" in str(caught.value)
    assert "cameo_class_train.tsv" in str(caught.value)


def test_missing_class_file_names_the_file(gold_folder: Path) -> None:
    (gold_folder / CONFLIBERT_CLASS_FILE).unlink()
    with pytest.raises(FileNotFoundError, match=r"cameo_class_train\.tsv not found"):
        evaluate_events(StandInPipeline(), gold_folder)


def test_cli_eval_events(monkeypatch: pytest.MonkeyPatch, gold_folder: Path, tmp_path: Path) -> None:
    monkeypatch.setattr(common, "pipeline_for", lambda model, config, events=None: StandInPipeline())
    result = CliRunner().invoke(cli.app, ["eval", "events", "--data", str(gold_folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["plover"]["accuracy"] == 0.6
    missing = CliRunner().invoke(cli.app, ["eval", "events", "--data", str(tmp_path / "no-such-folder")])
    assert missing.exit_code == 2
    assert "labelled data folder not found" in " ".join(missing.output.split())


# --- the shared data --------------------------------------------------------------------------


def test_every_gold_evt_phrase_is_found_in_the_plover_texts(shared_data: Path) -> None:
    records = read_plover(shared_data / PLOVER_FILE)
    assert len(records) == 322
    phrases = located = 0
    for record in records:
        phrases += len(evt_phrases(record.markup or ""))
        located += len(evt_spans(clean_text(record.text).text, record.markup))
    assert phrases > len(records)  # most records mark more than one phrase
    assert located == phrases


def test_gold_plover_labels_are_types_the_event_table_knows(shared_data: Path) -> None:
    from importlib import resources

    table = resources.files("thucydides").joinpath("data", "event_codes.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in table.splitlines() if line and not line.startswith("#")]
    known = {row[4] for row in rows[1:] if row[4]}
    gold = {plover_type(record.event) for record in read_plover(shared_data / PLOVER_FILE)}
    assert gold <= known, f"gold types no event can carry: {sorted(gold - known)}"


def test_conflibert_class_file_reads_whole(shared_data: Path) -> None:
    sentences = read_conflibert_classes(shared_data / CONFLIBERT_CLASS_FILE)
    assert len(sentences) == 1349
    assert {sentence.label for sentence in sentences} == {0, 1, 2, 3, 4}
