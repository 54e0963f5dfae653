"""Choose the fused coder's thresholds on the fixed dev split, and write them to the manifest.

::

    python tools/tune_fusion.py [--data ../shared/data] [--write] [--rounds 2]

The dev sentences (``thucydides/data/event_dev_split.txt``) and the stories of our judged
sample of real news (``judged/news-2016-events``) are parsed and coded by the rules once, and
the model reads each sentence once (the pipeline's reading stage); then every threshold of
:class:`thucydides.events.fusion.Thresholds` is tried in turn over its grid, the others held,
keeping the value that scores best, for ``--rounds`` rounds (coordinate ascent: the grid whole
would be thousands of fusions), from every step off (the rules alone). A tie keeps the
stricter value (the one that changes less of what the rules found).

The score weighs the labelled wire sentences and real news equally:

- dev: the mean of the issue's four figures for the fused coder (quad macro-F1, PLOVER type
  accuracy, type-and-both-parties accuracy, event recall), 0 where event precision falls
  under 0.80;
- news: on the judged stories, the F0.5 of root precision (the events output whose CAMEO root
  a row gives) and recall (the rows an event matches): precision weighs twice recall, because
  an analyst can look for what a coder missed but cannot trust a table with wrong rows.

The dev sentences are wire copy much like the training sets, where the model is right nine
times in ten; on real news it is not (a rule event it retypes to another class is mostly made
wrong), and the news half of the score is what keeps a step that only the dev split likes
from being taken. Without the judged sample (no ``../shared``) the dev half alone decides.

``--off STEP`` keeps a step off whatever it scores (for a step our reading of the output
outside both samples finds wrong; the manifest records it). With ``--write`` the chosen values
go to the ``fusion`` block of
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
from collections.abc import Mapping
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from thucydides.actors.lexicon import load_lexicon  # noqa: E402
from thucydides.evaluate import judged_events  # noqa: E402
from thucydides.evaluate.actors import analyse_all, analyse_documents  # noqa: E402
from thucydides.evaluate.learned import NO_READING, Reading, events_reading, score_readings  # noqa: E402
from thucydides.evaluate.readers import JUDGED_ARTICLES_FILE, read_stories  # noqa: E402
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
    "event_class": (None, 0.99, 0.95, 0.9, 0.8, 0.7, 0.5),
    "statement": (None, 0.95, 0.9, 0.8, 0.7, 0.5),
    "drop": (None, 0.99, 0.95, 0.9, 0.8, 0.7),
    "retype": (None, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5),
    "retype_type": (None, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5),
}
OFF = Thresholds(**dict.fromkeys(GRID, None))
FIGURES = ("quad_macro_f1", "type_accuracy", "type_and_parties_accuracy", "event_recall")
MIN_PRECISION = 0.80


class _Recorder:
    """Stands in for the pipeline's fusion: the model reads each document once (the pipeline's
    reading stage), and each document's rule coder, rule events and readings are kept."""

    def __init__(self, fusion: Fusion) -> None:
        self.fusion = fusion
        self.model = fusion.model  # the reading stage encodes once when this is its encoder
        self.seen: dict[str, tuple[Coder, tuple[Any, ...], Mapping[int, SentencePrediction]]] = {}

    def read(self, *args: Any) -> dict[int, SentencePrediction]:
        return self.fusion.read(*args)

    def __call__(
        self, coder: Coder, rule_events: tuple[Any, ...], readings: Mapping[int, SentencePrediction]
    ) -> tuple[Any, ...]:
        self.seen[coder.doc.text] = (coder, rule_events, readings)
        return rule_events


def dev_score(figures: dict[str, Any]) -> float:
    """The dev half of the score: the mean of :data:`FIGURES` (0 below the precision floor)."""
    if (figures["event_precision"] or 0.0) < MIN_PRECISION:
        return 0.0
    return sum(figures[name] or 0.0 for name in FIGURES) / len(FIGURES)


def news_score(figures: dict[str, Any] | None, beta: float = 0.5) -> float | None:
    """The news half: the F-beta (precision weighed 1/beta times recall) of root precision and
    recall on the judged stories."""
    if figures is None:
        return None
    precision, recall = figures["root_precision"] or 0.0, figures["recall"] or 0.0
    weighed = beta * beta * precision + recall
    return (1 + beta * beta) * precision * recall / weighed if weighed else 0.0


def score(dev: dict[str, Any], news: dict[str, Any] | None) -> float:
    """The score of one setting: dev and news halves weighed equally (dev alone without news)."""
    halves = [dev_score(dev), news_score(news)]
    known = [half for half in halves if half is not None]
    return sum(known) / len(known)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="write the chosen thresholds to the manifest")
    parser.add_argument(
        "--off",
        action="append",
        default=[],
        choices=sorted(GRID),
        help="keep this step off whatever the score (recorded in the manifest; repeat for more)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    pipeline = Pipeline()
    stage = pipeline.events
    if stage.fusion is None:
        sys.exit("tune_fusion: the pipeline has no learned coder (is [events] coder set to 'rules'?)")
    model = stage.fusion.model
    recorder = _Recorder(stage.fusion)
    sentences: list[LabelledSentence] = [s for s in read_all(args.data) if is_dev(s.text)]
    stage.fusion = recorder  # type: ignore[assignment]
    texts: list[str | None] = []
    for _, analysis in analyse_all(pipeline, [(f"dev:{n}", s.text) for n, s in enumerate(sentences)]):
        texts.append(analysis.document.text if analysis is not None else None)
    judged = _judged_stories(args.data)
    stories_read = list(analyse_documents(pipeline, [item.story for item in judged]))
    stage.fusion = recorder.fusion
    if not any(text in recorder.seen for text in texts):
        sys.exit("tune_fusion: no dev sentence reached the events stage (did the pipeline fail on them?)")
    print(
        f"{len(sentences)} dev sentences and {len(judged)} judged stories parsed and coded by the rules "
        f"in {time.perf_counter() - started:.0f} s"
    )
    lexicon = load_lexicon()

    def fused(thresholds: Thresholds, text: str) -> tuple[Any, ...] | None:
        if text not in recorder.seen:
            return None
        coder, rule_events, readings = recorder.seen[text]
        return Fusion(model, stage.lexicon, thresholds)(coder, rule_events, readings)

    def figures_of(thresholds: Thresholds) -> tuple[dict[str, Any], dict[str, Any] | None]:
        readings: list[Reading] = []
        for text in texts:
            events = fused(thresholds, text) if text is not None else None
            readings.append(events_reading(events) if events is not None else NO_READING)
        dev = score_readings(sentences, readings)
        if not judged:
            return dev, None
        analyses = []
        for story_id, analysis in stories_read:
            events = fused(thresholds, analysis.document.text) if analysis is not None else None
            if analysis is not None and events is not None:
                analysis = dataclasses.replace(analysis, events=events)
            analyses.append((story_id, analysis))
        return dev, judged_events.score_readings(judged, analyses, lexicon)

    chosen = OFF  # from the rules alone: each step the model takes must earn its place
    best = score(*figures_of(chosen))
    print(f"start  {_shown(chosen)}  score {best:.4f}")
    for round_number in range(1, args.rounds + 1):
        for name, values in GRID.items():
            for value in (None,) if name in args.off else values:
                trial = dataclasses.replace(chosen, **{name: value})
                trial_score = score(*figures_of(trial))
                if trial_score > best + 1e-9:
                    chosen, best = trial, trial_score
        print(f"round {round_number}  {_shown(chosen)}  score {best:.4f}")
    dev, news = figures_of(chosen)
    rules_dev, rules_news = figures_of(OFF)
    print(f"\n{'dev split figure':28} {'rules':>7} {'fused':>7}")
    for name in (*FIGURES, "event_precision", "quad_accuracy", "source_exact_f1", "target_exact_f1"):
        print(f"{name:28} {rules_dev[name] or 0:7.3f} {dev[name] or 0:7.3f}")
    if news is not None and rules_news is not None:
        print(f"\n{'judged news figure':28} {'rules':>7} {'fused':>7}")
        for name in ("events_per_story", "strict_precision", "root_precision", "recall", "recall_strict"):
            print(f"{name:28} {rules_news[name] or 0:7.3f} {news[name] or 0:7.3f}")
    print(f"\ntook {time.perf_counter() - started:.0f} s")
    if args.write:
        manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
        manifest["fusion"] = {
            **dataclasses.asdict(chosen),
            "chosen_by": "python tools/tune_fusion.py --write" + "".join(f" --off {name}" for name in args.off),
            "kept_off": sorted(args.off),
            "score": round(best, 4),
            "dev_figures": {name: dev[name] for name in (*FIGURES, "event_precision")},
            "news_figures": (
                {name: news[name] for name in ("strict_precision", "root_precision", "recall")} if news else None
            ),
        }
        MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        print(f"wrote the thresholds to {MANIFEST.relative_to(REPO)}")


def _judged_stories(data: Path) -> list[Any]:
    """The judged stories, or none when the sample cannot be read."""
    folder = judged_events.default_events_dir()
    reason = judged_events.skip_reason(data, folder)
    if reason:
        print(f"judged news sample not used: {reason}")
        return []
    return judged_events.read_event_files(folder, read_stories(data / JUDGED_ARTICLES_FILE))


def _shown(thresholds: Thresholds) -> str:
    return " ".join(f"{k}={v}" for k, v in dataclasses.asdict(thresholds).items())


if __name__ == "__main__":
    main()
