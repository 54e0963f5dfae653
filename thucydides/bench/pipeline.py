"""Speed: the bare spaCy pipeline against the full thucydides pipeline, same documents, one run.

``run_bench`` reads a corpus (default: the PolNeAR texts in the shared data folder), cleans
every document once so that both sides see the same texts, then times, interleaved and
repeated (the best of the passes reported, batch by batch):

- ``tokenizer``: spaCy's tokenizer alone, the ceiling;
- ``spacy``: the bare spaCy pipeline (``nlp.pipe``), what we are measured against;
- ``thucydides``: ``Pipeline.run`` end to end, cleaning included.

The modes take turns batch by batch (``limits.batch_size`` documents), so that the drift in
speed of a shared machine falls on all of them alike; each mode's time is the sum over batches
of each batch's best pass.

The headline is ``ratio`` = thucydides words/s ÷ spaCy words/s (target ≥ 0.85, i.e. our
stages add at most 1/0.85 − 1 ≈ 17.6% time on top of the parser). A per-stage breakdown times the
pipeline's declared stages (``Pipeline.stages``) over texts parsed once, so the overhead can be
traced to a stage.
``render_bench`` (in :mod:`.render`) turns the result into a rich renderable; the result itself is a plain
JSON-serialisable dict.
"""

from __future__ import annotations

import gc
import os
import platform
import resource
import shlex
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from ..errors import ConfigError, InputError, ThucydidesError
from ..parse import PARAGRAPHS
from ..read import iter_documents
from ..records import Document, Failure, RawDocument
from ..stages import Draft, Stage, run_stage

if TYPE_CHECKING:
    from .engines import EngineBench
from ..pipeline import Pipeline

__all__ = ["LEARNED_TARGET_RATIO", "TARGET_RATIO", "BenchResult", "LongDocument", "default_corpus_files", "run_bench"]

# The ratio to bare spaCy each event coder is held to: the rules add little to the parse; the
# learned coder adds an encoder pass over the candidate sentences.
TARGET_RATIO = 0.85
LEARNED_TARGET_RATIO = 0.6
WARMUP_DOCUMENTS = 4
MODES = ("tokenizer", "spacy", "thucydides")
_T = TypeVar("_T")


class ModeTiming(TypedDict):
    """One mode over the whole corpus: ``seconds`` sums each batch's best pass; ``passes`` are
    the totals of every pass."""

    seconds: float
    words_per_second: float
    documents_per_second: float
    passes: list[float]


class StageTiming(TypedDict):
    """One stage's best pass; ``overhead_share`` is its share of our own stages (None for parse)."""

    stage: str
    seconds: float
    share: float
    overhead_share: float | None


class EncoderTiming(TypedDict):
    """The encoder's own share of the reading stage, in its best pass: the candidate
    sentences it read, the seconds spent in it, and sentences per second."""

    sentences: int
    seconds: float
    sentences_per_second: float


class Environment(TypedDict):
    model: str
    cpus: int
    python: str
    spacy: str
    platform: str
    command: str


class LongDocument(TypedDict):
    """One long document (the corpus's texts joined) timed once, bare spaCy beside the full
    pipeline, with a tenth of it timed the same way: a stage that is not linear in the document
    shows as ``seconds_per_1000_sentences`` growing from the short document to the long one."""

    sentences: int
    words: int
    characters: int
    spacy_seconds: float
    thucydides_seconds: float
    ratio: float
    seconds_per_1000_sentences: float
    short_sentences: int
    short_seconds_per_1000_sentences: float
    growth: float
    stages: dict[str, float]


class BenchResult(TypedDict):
    """What ``run_bench`` gives: counts, timings, the ratio against spaCy, memory, environment."""

    corpus: str
    documents: int
    words: int
    characters: int
    repeat: int
    failures: int
    failures_by_stage: dict[str, int]
    modes: dict[str, ModeTiming]
    ratio: float
    overhead_percent: float
    event_coder: str
    target_ratio: float
    target_met: bool
    stages: list[StageTiming]
    encoder: EncoderTiming | None
    peak_rss_mib: float
    environment: Environment
    corpus_runs: EngineBench | None
    long_document: LongDocument | None


def run_bench(
    pipeline: Pipeline,
    corpus: Path | None,
    *,
    limit: int = 200,
    repeat: int = 3,
    engines: Sequence[str] = (),
    workers: int = 2,
    long_document: int = 0,
    config: Path | None = None,
) -> BenchResult:
    """Time tokenizer, bare spaCy and thucydides on the first ``limit`` documents of ``corpus``.

    ``corpus`` is a file or folder ``iter_documents`` reads; ``None`` means the PolNeAR texts.
    ``long_document`` > 0 also times one document of about that many sentences made of the
    corpus's texts joined (see :class:`LongDocument`). ``config`` is the settings file the
    pipeline was built from, for the corpus engines' workers to build theirs.

    Raises FileNotFoundError when the corpus is missing, :class:`ConfigError` for a ``limit``
    or ``repeat`` below 1 or a negative ``long_document``, and :class:`InputError` when no
    document survives reading and cleaning.
    """
    if limit < 1 or repeat < 1:
        raise ConfigError(f"bench needs --limit and --repeat of at least 1 (got limit={limit}, repeat={repeat})")
    if long_document < 0:
        raise ConfigError(f"--long-document takes a number of sentences, 0 to skip (got {long_document})")
    label, paths = _corpus_paths(corpus)
    raws, failures = _read_corpus(paths, pipeline.settings.limits.max_document_bytes, limit)
    raws, documents = _clean_all(pipeline, raws, failures)
    if not documents:
        raise InputError(label, "no documents left to time after reading and cleaning")
    texts = [document.text for document in documents]
    _warm_up(pipeline, raws[:WARMUP_DOCUMENTS], texts)

    passes, run_failures = _timed_passes(pipeline, texts, raws, repeat)
    failures.update(run_failures)
    peak_rss_mib = _peak_rss_mib()  # before the breakdown, which keeps every parsed doc in memory

    words = sum(len(text.split()) for text in texts)
    modes = {mode: _mode_timing(passes[mode], words, len(texts)) for mode in MODES}
    ratio = modes["thucydides"]["words_per_second"] / modes["spacy"]["words_per_second"]
    stages, encoder = _stage_breakdown(pipeline, raws, documents, modes["spacy"]["seconds"], repeat)
    coder = pipeline.settings.events.coder
    target = LEARNED_TARGET_RATIO if pipeline.events.fusion is not None else TARGET_RATIO
    corpus_runs = None
    if engines:
        from .engines import run_engine_bench

        corpus_runs = run_engine_bench(
            raws,
            engines,
            workers=workers,
            model=pipeline.settings.model.name,
            settings=pipeline.settings,
            config=config,
            spacy_words_per_second=modes["spacy"]["words_per_second"],
        )
    long = _long_document(pipeline, texts, long_document) if long_document else None
    return BenchResult(
        corpus=label,
        documents=len(texts),
        words=words,
        characters=sum(len(text) for text in texts),
        repeat=repeat,
        failures=sum(failures.values()),
        failures_by_stage=dict(sorted(failures.items())),
        modes=modes,
        ratio=ratio,
        overhead_percent=(1 / ratio - 1) * 100,
        event_coder=coder,
        target_ratio=target,
        target_met=ratio >= target,
        stages=stages,
        encoder=encoder,
        peak_rss_mib=peak_rss_mib,
        environment=_environment(pipeline),
        corpus_runs=corpus_runs,
        long_document=long,
    )


def default_corpus_files() -> tuple[Path, list[Path]]:
    """The PolNeAR folder and its ``{dev,train}/text/*.txt`` files in sorted order.

    The folder is ``$THUCYDIDES_DATA/polnear`` or ``../shared/data/polnear`` beside the
    repository. Raises FileNotFoundError, naming the folder, when it holds no texts.
    """
    from ..evaluate import default_data_dir

    folder = default_data_dir() / "polnear"
    files = sorted(file for split in ("dev", "train") for file in (folder / split / "text").glob("*.txt"))
    if not files:
        raise FileNotFoundError(
            f"default bench corpus not found: no {{dev,train}}/text/*.txt under {folder}; "
            "pass --corpus FOLDER_OR_FILE (or set THUCYDIDES_DATA)"
        )
    return folder, files


def _corpus_paths(corpus: Path | None) -> tuple[str, list[str]]:
    if corpus is None:
        folder, files = default_corpus_files()
        return str(folder), [str(file) for file in files]
    if not corpus.exists():
        raise FileNotFoundError(f"bench corpus not found: {corpus}; pass --corpus with an existing file or folder")
    return str(corpus), [str(corpus)]


def _read_corpus(paths: Sequence[str], max_bytes: int, limit: int) -> tuple[list[RawDocument], Counter[str]]:
    """The first ``limit`` readable documents, and the reader failures met on the way."""
    failures: Counter[str] = Counter()

    def readable() -> Iterator[RawDocument]:
        for item in iter_documents(paths, max_bytes=max_bytes):
            if isinstance(item, Failure):
                failures[item.stage] += 1
            else:
                yield item

    return list(islice(readable(), limit)), failures


def _clean_all(
    pipeline: Pipeline, raws: Iterable[RawDocument], failures: Counter[str]
) -> tuple[list[RawDocument], list[Document]]:
    """The documents that survive cleaning, raw and cleaned side by side; the rest are counted."""
    kept: list[RawDocument] = []
    documents: list[Document] = []
    for raw in raws:
        try:
            documents.append(pipeline.clean(raw))
        except ThucydidesError:
            failures["clean"] += 1
            continue
        kept.append(raw)
    return kept, documents


def _warm_up(pipeline: Pipeline, raws: Sequence[RawDocument], all_texts: Sequence[str]) -> None:
    """Tokenise the whole corpus once (spaCy's vocabulary grows with every new word, and the
    first mode to meet a word would pay for it), then run a few documents through every mode
    so that lazy resources are loaded before the clock starts."""
    list(
        pipeline.nlp.tokenizer.pipe(  # type: ignore[union-attr]  # spaCy types the tokenizer as a plain callable
            all_texts
        )
    )
    texts = [pipeline.clean(raw).text for raw in raws]
    with _bare(pipeline.nlp):
        list(pipeline.nlp.pipe(texts))
    list(pipeline.run(raws))


def _bare(nlp: Any) -> Any:
    """The spaCy pipeline as it comes, without the component thucydides adds before the parser."""
    return nlp.select_pipes(disable=[name for name in (PARAGRAPHS,) if name in nlp.pipe_names])


def _timed_passes(
    pipeline: Pipeline, texts: list[str], raws: list[RawDocument], repeat: int
) -> tuple[dict[str, list[list[float]]], Counter[str]]:
    """Seconds per mode, pass and batch, and the thucydides failures by stage (first pass).

    The modes are interleaved batch by batch (tokenizer, spaCy, thucydides on one batch, then
    the next batch in the opposite order): on a shared machine the speed drifts by ±15% over
    seconds, and whole-pass interleaving lets that drift land on one mode only.
    """
    nlp = pipeline.nlp
    size = pipeline.settings.limits.batch_size
    batches = [(texts[i : i + size], raws[i : i + size]) for i in range(0, len(texts), size)]

    def tokenizer(batch_texts: list[str], _: list[RawDocument]) -> Counter[str]:
        list(
            nlp.tokenizer.pipe(  # type: ignore[union-attr]  # spaCy types the tokenizer as a plain callable
                batch_texts
            )
        )
        return Counter()

    def spacy(batch_texts: list[str], _: list[RawDocument]) -> Counter[str]:
        with _bare(nlp):
            for _doc in nlp.pipe(batch_texts, batch_size=size):
                pass
        return Counter()

    def thucydides(_: list[str], batch_raws: list[RawDocument]) -> Counter[str]:
        return Counter(item.stage for item in pipeline.run(batch_raws) if isinstance(item, Failure))

    work = {"tokenizer": tokenizer, "spacy": spacy, "thucydides": thucydides}
    passes: dict[str, list[list[float]]] = {mode: [] for mode in MODES}
    failures: list[Counter[str]] = []
    for number in range(repeat):
        for mode in MODES:
            passes[mode].append([])
        found: Counter[str] = Counter()
        for index, (batch_texts, batch_raws) in enumerate(batches):
            for mode in MODES if (number + index) % 2 == 0 else MODES[::-1]:
                seconds, failed = _seconds(partial(work[mode], batch_texts, batch_raws))
                passes[mode][-1].append(seconds)
                found.update(failed)
        failures.append(found)
    return passes, failures[0]


def _seconds(work: Callable[[], _T]) -> tuple[float, _T]:
    """Wall-clock seconds ``work`` takes (after a collection, so garbage from before is not billed)."""
    gc.collect()
    start = time.perf_counter()
    value = work()
    return time.perf_counter() - start, value


def _mode_timing(passes: list[list[float]], words: int, documents: int) -> ModeTiming:
    """The mode's time: each batch's best time over the passes, summed (a slow stretch of the
    machine during one pass is replaced by another pass over the same batch)."""
    best = sum(min(times) for times in zip(*passes, strict=True))
    return ModeTiming(
        seconds=best,
        words_per_second=words / best if best > 0 else float("inf"),
        documents_per_second=documents / best if best > 0 else float("inf"),
        passes=[sum(times) for times in passes],
    )


def _stage_breakdown(
    pipeline: Pipeline,
    raws: list[RawDocument],
    documents: list[Document],
    parse_seconds: float,
    repeat: int,
) -> tuple[list[StageTiming], EncoderTiming | None]:
    """Best seconds per stage: clean, parse (the best bare spaCy pass), then each of the
    pipeline's declared stages (``Pipeline.stages``, in their order) over texts parsed once; and,
    for a learned layer, the encoder's own time within the reading stage."""
    docs = list(pipeline.nlp.pipe([d.text for d in documents], batch_size=pipeline.settings.limits.batch_size))
    drafts = [Draft(document, doc) for document, doc in zip(documents, docs, strict=True)]
    reading = _EncoderWatch(pipeline)

    def clean() -> None:
        for raw in raws:
            pipeline.clean(raw)

    def timed(stage: Stage) -> Callable[[], None]:
        def step() -> None:
            for draft in drafts:
                run_stage(stage, draft)

        return step

    best: dict[str, float] = {"clean": float("inf"), "parse": parse_seconds}
    steps: dict[str, Callable[[], None]] = {"clean": clean}
    steps.update((stage.name, timed(stage)) for stage in pipeline.stages)
    with reading:
        for _ in range(repeat):
            for name, step in steps.items():
                reading.start_pass()
                best[name] = min(best.get(name, float("inf")), _seconds(step)[0])
    return _shares(best), reading.best()


class _EncoderWatch:
    """Counts the sentences the learned layers' encoder reads and the seconds it takes, pass by
    pass, by standing in for its ``predict`` and ``encode`` while the breakdown runs (nothing
    without a learned layer)."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.model = pipeline.reader.encoder
        self.passes: list[tuple[int, float]] = []

    def __enter__(self) -> _EncoderWatch:
        if self.model is not None:
            for name in ("predict", "encode"):
                setattr(self.model, name, self._watched(getattr(self.model, name)))
        return self

    def _watched(self, real: Callable[..., Any]) -> Callable[..., Any]:
        def watched(texts: Sequence[str], *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return real(texts, *args, **kwargs)
            finally:
                sentences, seconds = self.passes[-1]
                self.passes[-1] = (sentences + len(texts), seconds + time.perf_counter() - started)

        return watched

    def __exit__(self, *exc: object) -> None:
        if self.model is not None:
            for name in ("predict", "encode"):
                vars(self.model).pop(name, None)  # the class's own methods again

    def start_pass(self) -> None:
        self.passes.append((0, 0.0))

    def best(self) -> EncoderTiming | None:
        read = [(sentences, seconds) for sentences, seconds in self.passes if sentences]
        if self.model is None or not read:
            return None
        sentences, seconds = min(read, key=lambda one: one[1])
        return EncoderTiming(
            sentences=sentences,
            seconds=round(seconds, 4),
            sentences_per_second=round(sentences / seconds, 1) if seconds > 0 else 0.0,
        )


def _long_document(pipeline: Pipeline, texts: Sequence[str], sentences: int) -> LongDocument:
    """Join the corpus's texts (again from the first when they run out) into a document of at
    least ``sentences`` sentences and time it once, bare spaCy and then our stages on that parse;
    then the same for the first tenth of it. The parser's length limit is lifted for the run."""
    nlp = pipeline.nlp
    chosen: list[str] = []
    total = 0
    counts: list[int] = []  # sentences per text, parsed only as far as needed
    parsed = nlp.pipe(texts)
    while total < sentences:
        for index, text in enumerate(texts):
            if index == len(counts):
                counts.append(sum(1 for _ in next(parsed).sents))
            chosen.append(text)
            total += counts[index]
            if total >= sentences:
                break
        if not total:
            raise InputError("bench corpus", "no sentences to build a long document from")
    short_part = chosen[: max(1, len(chosen) // 10)]
    limit = nlp.max_length
    try:
        long = _time_document(pipeline, "\n\n".join(chosen))
        short = _time_document(pipeline, "\n\n".join(short_part))
    finally:
        nlp.max_length = limit
    per_1000 = long["thucydides_seconds"] / long["sentences"] * 1000
    short_per_1000 = short["thucydides_seconds"] / short["sentences"] * 1000
    return LongDocument(
        sentences=long["sentences"],
        words=long["words"],
        characters=long["characters"],
        spacy_seconds=long["spacy_seconds"],
        thucydides_seconds=long["thucydides_seconds"],
        ratio=long["spacy_seconds"] / long["thucydides_seconds"],
        seconds_per_1000_sentences=per_1000,
        short_sentences=short["sentences"],
        short_seconds_per_1000_sentences=short_per_1000,
        growth=per_1000 / short_per_1000 if short_per_1000 else 0.0,
        stages=long["stages"],
    )


class _DocumentTiming(TypedDict):
    sentences: int
    words: int
    characters: int
    spacy_seconds: float
    thucydides_seconds: float
    stages: dict[str, float]


def _time_document(pipeline: Pipeline, text: str) -> _DocumentTiming:
    """Seconds for one document: bare spaCy, then thucydides (cleaning, its own parse, stages)."""
    nlp = pipeline.nlp
    nlp.max_length = max(nlp.max_length, len(text) + 1)
    raw = RawDocument(id="long-document", text=text, origin="long-document")
    document = pipeline.clean(raw)
    with _bare(nlp):
        spacy_seconds, _ = _seconds(lambda: nlp(document.text))
    stages: dict[str, float] = {}
    started: dict[str, float] = {}

    @contextmanager
    def watch(stage: str) -> Iterator[None]:
        started[stage] = time.perf_counter()
        yield
        stages[stage] = time.perf_counter() - started[stage]

    def analyse() -> int:
        cleaned = pipeline.clean(raw)
        return len(pipeline.analyse_parsed(cleaned, nlp(cleaned.text), watch=watch).sentences)

    seconds, count = _seconds(analyse)
    return _DocumentTiming(
        sentences=count,
        words=len(document.text.split()),
        characters=len(document.text),
        spacy_seconds=spacy_seconds,
        thucydides_seconds=seconds,
        stages=stages,
    )


def _shares(seconds: dict[str, float]) -> list[StageTiming]:
    total = sum(seconds.values())
    ours = sum(value for stage, value in seconds.items() if stage != "parse")
    return [
        StageTiming(
            stage=stage,
            seconds=value,
            share=value / total if total else 0.0,
            overhead_share=None if stage == "parse" else (value / ours if ours else 0.0),
        )
        for stage, value in seconds.items()
    ]


def _peak_rss_mib() -> float:
    """This process's resident-memory high-water mark in MiB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _environment(pipeline: Pipeline) -> Environment:
    import spacy

    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return Environment(
        model=pipeline.model_name,
        cpus=cpus,
        python=platform.python_version(),
        spacy=spacy.__version__,
        platform=platform.platform(terse=True),
        command=shlex.join([Path(sys.argv[0]).name, *sys.argv[1:]]),
    )
