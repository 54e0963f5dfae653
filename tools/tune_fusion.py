"""Choose the fused coder's thresholds on the fixed dev split, and write them to the manifest.

::

    python tools/tune_fusion.py [--data ../shared/data] [--write] [--rounds 2]

The dev sentences (``thucydides/data/event_dev_split.txt``) are parsed and coded by the rules
once, and the model reads each once; then every threshold of
:class:`thucydides.events.fusion.Thresholds` is tried in turn over its grid, the others held,
keeping the value that scores best, for ``--rounds`` rounds (coordinate ascent: the grid whole
would be thousands of fusions). The score is the mean of the issue's four dev figures for the
fused coder: quad macro-F1, PLOVER type accuracy, type-and-both-parties accuracy and event
recall, counted only where event precision stays at or over 0.80. A tie keeps the stricter
value (the one that changes less of what the rules found).

With ``--write`` the chosen values go to the ``fusion`` block of
``thucydides/models/files/events.json`` with the figures they reach; the model file itself is
untouched. Runs in the project's own virtualenv (no torch): about two minutes on this 2-core
machine, most of it the one parse of the dev sentences.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from thucydides.evaluate.actors import analyse_all  # noqa: E402
from thucydides.evaluate.learned import NO_READING, Reading, events_reading, score_readings  # noqa: E402
from thucydides.evaluate.split import is_dev  # noqa: E402
from thucydides.evaluate.training_sets import LabelledSentence, read_all  # noqa: E402
from thucydides.events.coder import Coder  # noqa: E402
from thucydides.events.fusion import Fusion, Thresholds  # noqa: E402
from thucydides.models.event_model import SentencePrediction  # noqa: E402
from thucydides.pipeline import Pipeline  # noqa: E402

MANIFEST = REPO / "thucydides" / "models" / "files" / "events.json"
# Each threshold's values to try (None: the step is off), strictest first.
GRID: dict[str, tuple[float | None, ...]] = {
    "event": (None, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3),
    "untriggered": (None, 0.99, 0.97, 0.95, 0.9, 0.8, 0.7, 0.5),
    "statement": (None, 0.95, 0.9, 0.8, 0.7, 0.5),
    "drop": (None, 0.99, 0.95, 0.9, 0.8, 0.7),
    "retype": (None, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5),
    "retype_type": (None, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5),
}
FIGURES = ("quad_macro_f1", "type_accuracy", "type_and_parties_accuracy", "event_recall")
MIN_PRECISION = 0.80


class _Recorder:
    """Stands in for the pipeline's fusion: keeps each document's rule coder and events."""

    def __init__(self, fusion: Fusion) -> None:
        self.fusion = fusion
        self.seen: dict[str, tuple[Coder, tuple[Any, ...]]] = {}

    def __call__(self, coder: Coder, rule_events: tuple[Any, ...]) -> tuple[Any, ...]:
        self.seen[coder.doc.text] = (coder, rule_events)
        return rule_events


class _Remembered:
    """The model with each sentence's prediction kept, so every fusion reads it once."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.manifest = model.manifest
        self.kept: dict[str, SentencePrediction | None] = {}

    def predict(self, texts: Sequence[str]) -> list[SentencePrediction | None]:
        unread = [text for text in dict.fromkeys(texts) if text not in self.kept]
        if unread:
            self.kept.update(zip(unread, self.model.predict(unread), strict=True))
        return [self.kept[text] for text in texts]


def score(figures: dict[str, Any]) -> float:
    """The tuning score of one reader's figures (0 below the precision floor)."""
    if (figures["event_precision"] or 0.0) < MIN_PRECISION:
        return 0.0
    return sum(figures[name] or 0.0 for name in FIGURES) / len(FIGURES)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="write the chosen thresholds to the manifest")
    args = parser.parse_args()
    started = time.perf_counter()
    pipeline = Pipeline()
    stage = pipeline.events
    if stage.fusion is None:
        sys.exit("tune_fusion: the pipeline has no learned coder (is [events] coder set to 'rules'?)")
    model = _Remembered(stage.fusion.model)
    recorder = _Recorder(stage.fusion)
    sentences: list[LabelledSentence] = [s for s in read_all(args.data) if is_dev(s.text)]
    stage.fusion = recorder  # type: ignore[assignment]
    texts: list[str | None] = []
    for _, analysis in analyse_all(pipeline, [(f"dev:{n}", s.text) for n, s in enumerate(sentences)]):
        texts.append(analysis.document.text if analysis is not None else None)
    stage.fusion = recorder.fusion
    print(f"{len(sentences)} dev sentences parsed and coded by the rules in {time.perf_counter() - started:.0f} s")

    def figures_of(thresholds: Thresholds) -> dict[str, Any]:
        fusion = Fusion(model, stage.lexicon, thresholds)  # type: ignore[arg-type]
        readings: list[Reading] = []
        for text in texts:
            if text is None or text not in recorder.seen:
                readings.append(NO_READING)
                continue
            coder, rule_events = recorder.seen[text]
            readings.append(events_reading(fusion(coder, rule_events)))
        return score_readings(sentences, readings)

    chosen = Thresholds.of(model.manifest)
    best = score(figures_of(chosen))
    print(f"start  {_shown(chosen)}  score {best:.4f}")
    for round_number in range(1, args.rounds + 1):
        for name, values in GRID.items():
            for value in values:
                trial = dataclasses.replace(chosen, **{name: value})
                trial_score = score(figures_of(trial))
                if trial_score > best + 1e-9:
                    chosen, best = trial, trial_score
        print(f"round {round_number}  {_shown(chosen)}  score {best:.4f}")
    figures = figures_of(chosen)
    rules = figures_of(dataclasses.replace(Thresholds(), **dict.fromkeys(GRID, None)))
    print(f"\n{'figure':28} {'rules':>7} {'fused':>7}")
    for name in (*FIGURES, "event_precision", "quad_accuracy", "source_exact_f1", "target_exact_f1"):
        print(f"{name:28} {rules[name] or 0:7.3f} {figures[name] or 0:7.3f}")
    print(f"\ntook {time.perf_counter() - started:.0f} s")
    if args.write:
        manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
        manifest["fusion"] = {
            **dataclasses.asdict(chosen),
            "chosen_by": "python tools/tune_fusion.py --write",
            "dev_score": round(best, 4),
            "dev_figures": {name: figures[name] for name in (*FIGURES, "event_precision")},
        }
        MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        print(f"wrote the thresholds to {MANIFEST.relative_to(REPO)}")


def _shown(thresholds: Thresholds) -> str:
    return " ".join(f"{k}={v}" for k, v in dataclasses.asdict(thresholds).items())


if __name__ == "__main__":
    main()
