"""The learned attribution tagger at run time: what it reads in our own sentences (over the event
model's encoder states, one pass), the windows and the candidate filter, and the clear errors
for a missing, truncated or foreign file or a head trained on another encoder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from thucydides import Pipeline
from thucydides.errors import ModelFileError
from thucydides.models import attribution_model
from thucydides.models.attribution_model import (
    CONTENT_TAGS,
    FEATURES,
    ROLE_TAGS,
    AttributionModel,
    WindowReading,
    shipped_tagger,
)
from thucydides.models.attribution_windows import is_candidate, windows
from thucydides.models.event_model import EventModel, shipped_model
from thucydides.models.runtime import FILES


@pytest.fixture(scope="module")
def encoder() -> EventModel:
    return shipped_model()


@pytest.fixture(scope="module")
def tagger() -> AttributionModel:
    return shipped_tagger()


def read(encoder: EventModel, tagger: AttributionModel, *sentences: str) -> tuple[str, WindowReading]:
    """One window of ``sentences`` (joined by a space), read with one encoder pass each."""
    text = " ".join(sentences)
    starts = []
    position = 0
    for sentence in sentences:
        starts.append(position)
        position += len(sentence) + 1
    window = tagger.window_inputs(encoder.encode(list(sentences)), starts)
    return text, tagger.read(window)


def words(text: str, spans: object) -> list[str]:
    return [text[span.start : span.end] for span in spans]  # type: ignore[attr-defined]


def contents(text: str, reading: WindowReading) -> list[str]:
    return [" ".join(text[a:b] for a, b in content.parts) for content in reading.contents]


def test_the_manifest_names_its_encoder_its_data_and_its_figures(tagger: AttributionModel, encoder: EventModel) -> None:
    manifest = tagger.manifest
    assert manifest["base"]["sha256"] == encoder.manifest["sha256"]
    assert manifest["labels"] == {"content": list(CONTENT_TAGS), "role": list(ROLE_TAGS)}
    assert manifest["training"]["seed"] == 13
    assert "PolNeAR" in manifest["training"]["data"]
    assert manifest["dev"]["overlap"]["f1"] >= 0.6
    assert manifest["window"]["filter_loss"]["dev"]["gold_relations"] > 2000
    # all model files together stay within the 60 MB the package allows them
    assert sum(path.stat().st_size for path in FILES.iterdir()) <= 60_000_000


@pytest.mark.parametrize(
    ("sentence", "content", "source", "cue"),
    [
        (
            '"We will not sign this agreement while the border stays closed," the foreign minister said.',
            "We will not sign this agreement while the border stays closed",
            "the foreign minister",
            "said",
        ),
        (
            "The harbour master said that the ferries would sail again on Monday.",
            "the ferries would sail again on Monday",
            "The harbour master",
            "said",
        ),
        (
            "According to the provincial health office, eleven clinics closed last winter.",
            "eleven clinics closed last winter",
            "the provincial health office",
            "According to",
        ),
    ],
)
def test_a_sentence_gives_its_content_source_and_cue(
    encoder: EventModel, tagger: AttributionModel, sentence: str, content: str, source: str, cue: str
) -> None:
    text, reading = read(encoder, tagger, sentence)
    found = contents(text, reading)
    assert any(content in one or one in content for one in found), found
    assert len(found) == 1
    assert any(source in one for one in words(text, reading.sources)), words(text, reading.sources)
    assert any(cue.lower() in one.lower() for one in words(text, reading.cues)), words(text, reading.cues)
    (only,) = reading.contents
    assert 0.0 < only.score <= 1.0
    assert reading.nearest("source", only.parts) is not None


def test_a_quotation_over_two_sentences_is_one_content(encoder: EventModel, tagger: AttributionModel) -> None:
    text, reading = read(
        encoder,
        tagger,
        'The coach said: "We trained for this all year.',
        'Nobody in this team is afraid of the final."',
    )
    (content,) = reading.contents
    assert text[content.start : content.end].strip('"').startswith("We trained")
    assert "afraid of the final" in text[content.start : content.end]


def test_a_description_has_no_content(encoder: EventModel, tagger: AttributionModel) -> None:
    _text, reading = read(encoder, tagger, "The valley is green in spring and the river runs fast.")
    assert reading.contents == ()


def test_an_empty_window_reads_as_nothing(encoder: EventModel, tagger: AttributionModel) -> None:
    window = tagger.window_inputs(encoder.encode(["", "Kabul."]), [0, 1])
    assert window.features.shape == (0, FEATURES) and window.offsets == ()
    assert tagger.read(window) == WindowReading((), (), ())


@pytest.fixture(scope="module")
def nlp() -> object:
    return Pipeline().nlp


@pytest.mark.parametrize(
    ("sentence", "candidate"),
    [
        ("The minister said the talks would resume.", True),
        ("The senator backs the new tariff plan.", True),
        ("According to the survey, most voters are undecided.", True),
        ('The phrase "open door" came up twice.', True),
        ("Johnson: It was never about the money.", True),
        ("The convoy reached the town at dawn.", False),
        ("The meeting starts at 10:30 on Friday.", False),
    ],
)
def test_the_candidate_filter(nlp: object, sentence: str, candidate: bool) -> None:
    doc = nlp(sentence)  # type: ignore[operator]
    assert is_candidate(next(iter(doc.sents))) is candidate


def test_windows_keep_a_quotation_together_and_stop_at_a_paragraph(nlp: object) -> None:
    text = (
        'The coach said: "We trained for this all year. Nobody here is afraid. The final is ours."\n\n'
        "The stadium holds forty thousand people. The mayor said tickets sold out."
    )
    doc = nlp(text)  # type: ignore[operator]
    found = windows(doc)
    paragraph = text.index("\n")
    # the quotation's sentences, marked or not, are one window; the stadium's is not read
    assert len(found) == 2
    assert (found[0].spans[0][0], found[0].spans[-1][1]) == (0, paragraph)
    assert [text[start:end] for start, end in found[1].spans] == ["The mayor said tickets sold out."]


# --- bad files --------------------------------------------------------------------------------


@pytest.fixture
def copied(tmp_path: Path) -> Path:
    for path in FILES.iterdir():
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def test_a_missing_head_is_named(copied: Path) -> None:
    (copied / attribution_model.MODEL_FILE).unlink()
    with pytest.raises(ModelFileError, match=r"attribution\.onnx: the model file is missing \(expected sha256 "):
        AttributionModel.load(copied)


def test_a_truncated_head_is_named(copied: Path) -> None:
    path = copied / attribution_model.MODEL_FILE
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(ModelFileError, match=r"attribution\.onnx: the model file has 1000 bytes"):
        AttributionModel.load(copied)


def test_a_foreign_head_is_named(copied: Path) -> None:
    path = copied / attribution_model.MODEL_FILE
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(
        ModelFileError, match=r"attribution\.onnx: the model file's sha256 is [0-9a-f]{64}, the manifest"
    ):
        AttributionModel.load(copied)


def test_a_head_of_another_encoder_is_refused_naming_both(copied: Path, encoder: EventModel) -> None:
    manifest_path = copied / attribution_model.MANIFEST_FILE
    manifest = json.loads(manifest_path.read_text("utf-8"))
    manifest["base"]["sha256"] = "0" * 64
    manifest_path.write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(ModelFileError) as raised:
        AttributionModel.load(copied, encoder=encoder)
    assert "0" * 64 in str(raised.value) and encoder.manifest["sha256"] in str(raised.value)


def test_a_missing_manifest_is_named(copied: Path) -> None:
    (copied / attribution_model.MANIFEST_FILE).unlink()
    with pytest.raises(ModelFileError, match=r"attribution\.json: the model's manifest is missing"):
        AttributionModel.load(copied)


def test_the_encoder_gives_states_beside_identical_predictions(encoder: EventModel) -> None:
    texts = ["Rebels shelled the airport on Sunday.", "x", "The envoy said the ceasefire holds."]
    encoded = encoder.encode(texts)
    predicted = encoder.predict(texts)
    assert encoded[1] is None and predicted[1] is None
    for one, prediction in zip((encoded[0], encoded[2]), (predicted[0], predicted[2]), strict=True):
        assert one is not None and prediction is not None
        assert np.array_equal(one.prediction.quad_probs, prediction.quad_probs)
        assert one.prediction.spans == prediction.spans
        assert one.states.shape == (len(one.offsets), 768)
        assert len(one.words) == len(one.offsets)
