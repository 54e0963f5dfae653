"""The benchmark: structure and exact counts on a tiny corpus of our own. No timed assertions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from thucydides import Pipeline
from thucydides.bench import LEARNED_TARGET_RATIO, MODES, TARGET_RATIO, render_bench, run_bench
from thucydides.errors import ConfigError

STORIES = {
    "a-islamabad.txt": "Pakistan's army said on Monday that it had killed twelve militants near the Afghan border.",
    "b-delhi.txt": "Indian officials accused Islamabad of sheltering the attackers, a charge Pakistan denied.",
    "c-kabul.txt": "President Hamid Karzai met the American envoy in Kabul to discuss the Taliban.",
    "d-moscow.txt": "Russia's foreign minister called for talks between Washington and Tehran.",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bench-corpus")
    for name, text in STORIES.items():
        (folder / name).write_text(text + "\n", "utf-8")
    return folder


@pytest.fixture(scope="module")
def result(pipeline: Pipeline, corpus: Path):
    return run_bench(pipeline, corpus, limit=3, repeat=1)


def test_counts_the_first_documents_in_sorted_order(result) -> None:
    first_three = [STORIES[name] for name in sorted(STORIES)[:3]]
    assert result["documents"] == 3
    assert result["words"] == sum(len(text.split()) for text in first_three) == 40
    assert result["characters"] == sum(len(text) for text in first_three)
    assert result["failures"] == 0
    assert result["failures_by_stage"] == {}


def test_reports_every_mode_the_ratio_and_the_stages(result) -> None:
    assert set(result["modes"]) == set(MODES)
    for timing in result["modes"].values():
        assert timing["seconds"] > 0
        assert timing["words_per_second"] > 0
        assert len(timing["passes"]) == 1
    assert result["ratio"] > 0
    assert result["event_coder"] == "rules"  # the session's pipeline: the rule coder
    assert result["target_ratio"] == TARGET_RATIO
    assert result["target_met"] == (result["ratio"] >= TARGET_RATIO)
    assert result["encoder"] is None  # no event model to time
    assert [stage["stage"] for stage in result["stages"]] == [
        "clean",
        "parse",
        "sentences",
        "dateline",
        "actors",
        "places",
        "reading",
        "quotes",
        "dates",
        "events",
    ]
    assert sum(stage["share"] for stage in result["stages"]) == pytest.approx(1.0)
    assert result["peak_rss_mib"] > 0
    json.dumps(result)


def test_the_learned_coder_is_held_to_its_own_target_and_its_model_timed(
    learned_pipeline: Pipeline, corpus: Path
) -> None:
    result = run_bench(learned_pipeline, corpus, limit=3, repeat=2)
    assert result["event_coder"] == "learned"
    assert result["target_ratio"] == LEARNED_TARGET_RATIO
    assert result["target_met"] == (result["ratio"] >= LEARNED_TARGET_RATIO)
    encoder = result["encoder"]
    assert encoder is not None
    # each of the three one-sentence stories names an actor (Pakistan, Indian officials, Karzai):
    # three candidate sentences read in the best of the two passes
    assert encoder["sentences"] == 3
    assert encoder["sentences_per_second"] == pytest.approx(3 / encoder["seconds"], rel=0.01)
    # the model's own method is back once the breakdown is done
    assert "predict" not in vars(learned_pipeline.events.fusion.model)
    console = Console(record=True, width=160)
    console.print(render_bench(result))
    text = console.export_text()
    assert "target for the learned event coder ≥ 0.60" in text
    assert "encoder, within the reading stage: 3 candidate sentences" in text


def test_names_the_model(result, pipeline: Pipeline) -> None:
    assert result["environment"]["model"] == pipeline.model_name


def test_a_missing_corpus_raises_file_not_found(pipeline: Pipeline, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no-such-folder"):
        run_bench(pipeline, tmp_path / "no-such-folder", limit=3, repeat=1)


def test_a_missing_default_corpus_says_to_pass_corpus(
    pipeline: Pipeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THUCYDIDES_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="--corpus"):
        run_bench(pipeline, None, limit=3, repeat=1)


def test_renders_the_ratio(result) -> None:
    console = Console(record=True, width=120)
    console.print(render_bench(result))
    text = console.export_text()
    assert "ratio" in text
    assert "bare spaCy pipeline" in text
    assert "actors" in text


def test_no_long_document_unless_asked(result) -> None:
    assert result["long_document"] is None


def test_times_a_long_document_made_of_the_corpus(pipeline: Pipeline, corpus: Path) -> None:
    # Three one-sentence stories (40 words), taken in turn until 12 sentences: four rounds.
    long = run_bench(pipeline, corpus, limit=3, repeat=1, long_document=12)["long_document"]
    assert long is not None
    assert long["sentences"] == 12
    assert long["words"] == 4 * 40
    assert long["short_sentences"] == 1  # the first tenth: one story
    assert long["spacy_seconds"] > 0 and long["thucydides_seconds"] > 0
    assert long["growth"] == pytest.approx(
        long["seconds_per_1000_sentences"] / long["short_seconds_per_1000_sentences"]
    )
    assert list(long["stages"]) == ["sentences", "dateline", "actors", "places", "reading", "quotes", "dates", "events"]
    assert pipeline.nlp.max_length == 1_000_000  # the limit lifted for the run is put back
    console = Console(record=True, width=160)
    console.print(render_bench(run_bench(pipeline, corpus, limit=3, repeat=1, long_document=12)))
    assert "One long document" in console.export_text()


def test_a_negative_long_document_is_refused(pipeline: Pipeline, corpus: Path) -> None:
    with pytest.raises(ConfigError, match="--long-document"):
        run_bench(pipeline, corpus, limit=3, repeat=1, long_document=-1)
