"""The ``thucydides`` command: thin wrappers over library functions.

Exit codes: 0 all documents analysed, 1 some documents failed (the summary names them) or the
store is damaged or refused a write (a full disk; the summary says what was stored), 2 usage
errors (bad option, missing path, unknown model, invalid settings) and exports that cannot be
made (missing store, unknown format, unwritable output).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from .errors import ConfigError, InputError, StoreDamaged, StoreError, StoreWriteError, ThucydidesError
from .records import Analysis, Failure, RawDocument

app = typer.Typer(
    help="Structured, sourced event data from news: actors, people, places and quotes (events to come).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Score the extractors on labelled data (../shared/data by default).", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

# Piped output gets a fixed, readable width instead of rich's 80 columns.
out = Console(soft_wrap=False, width=None if sys.stdout.isatty() else 132)
err = Console(stderr=True, soft_wrap=True)

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"


class OutputFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    table = "table"
    report = "report"


ModelOption = Annotated[
    str | None, typer.Option("--model", help="spaCy pipeline to use (e.g. en_core_web_lg); default: settings.")
]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="TOML settings file laid over the defaults.")]
DbOption = Annotated[Path | None, typer.Option("--db", help="DuckDB file to write the results to.")]
PublishedOption = Annotated[
    str | None, typer.Option("--published", help="Publication date YYYY-MM-DD for inputs that carry none.")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]
DataOption = Annotated[
    Path | None, typer.Option("--data", help="Folder of the labelled data (default ../shared/data).")
]
FormatOption = Annotated[str, typer.Option("--format", help="table or json.")]


def _usage_error(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(2)


def _store_failure(exc: StoreError) -> typer.Exit:
    """A damaged store or a refused write: not the command's fault, so exit 1, not 2."""
    err.print(f"[red]error:[/red] {escape(str(exc))}")
    return typer.Exit(1)


def _published(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _usage_error(f"--published {value!r} is not a date; expected YYYY-MM-DD") from None


def _pipeline(model: str | None, config: Path | None):
    from .pipeline import Pipeline
    from .settings import load_settings

    settings = load_settings(config).with_overrides(model={"name": model})
    return Pipeline(settings)


def _with_progress(items: Iterable[Analysis | Failure], quiet: bool) -> Iterator[Analysis | Failure]:
    if quiet or not err.is_terminal:
        yield from items
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed} documents"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("analysing", total=None)
        for item in items:
            progress.advance(task)
            yield item


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt, .html, .jsonl), directories, or - for stdin.")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.json,
    db: DbOption = None,
    published: PublishedOption = None,
    model: ModelOption = None,
    config: ConfigOption = None,
    quiet: QuietOption = False,
) -> None:
    """Analyse news articles: print one record per document, optionally store them in DuckDB."""
    from .read import check_paths

    date = _published(published)
    try:
        check_paths(paths)
        pipeline = _pipeline(model, config)
    except (InputError, ConfigError) as exc:
        raise _usage_error(str(exc)) from None
    failures = run_documents(pipeline, paths, date, format, db, quiet)
    raise typer.Exit(1 if failures else 0)


@app.command("run")
def run_command(
    sources: Annotated[
        list[str], typer.Argument(help="Directories, globs, .txt/.html/.jsonl(.gz)/.csv/.warc(.gz) files.")
    ],
    db: Annotated[Path, typer.Option("--db", help="DuckDB store to fill (created if absent).")],
    engine: Annotated[str, typer.Option("--engine", help="local, process or ray.")] = "local",
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Worker processes or Ray actors (default: cores).")
    ] = None,
    batch_size: Annotated[
        int | None, typer.Option("--batch-size", min=1, help="Documents per batch (default: settings).")
    ] = None,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Analyse again documents that failed in an earlier run.")
    ] = False,
    no_dedup: Annotated[
        bool, typer.Option("--no-dedup", help="Keep near-duplicate copies (exact copies are still skipped).")
    ] = False,
    ray_address: Annotated[
        str | None, typer.Option("--ray-address", help="Join a Ray cluster ('auto'); default a local Ray.")
    ] = None,
    text_column: Annotated[
        str | None, typer.Option("--text-column", help="CSV column holding the text (default: text, body or content).")
    ] = None,
    published: PublishedOption = None,
    model: ModelOption = None,
    config: ConfigOption = None,
    quiet: QuietOption = False,
) -> None:
    """Analyse a corpus into a store: streaming, resumable after a crash, duplicates recorded not re-analysed."""
    from contextlib import nullcontext

    from .corpus import RunSummary, bar_progress, estimate_total, plain_progress, run_corpus
    from .engine import ENGINES
    from .engine.process import default_workers
    from .read import check_paths

    if engine not in ENGINES:
        raise _usage_error(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    try:
        check_paths(sources)
    except InputError as exc:
        raise _usage_error(str(exc)) from None
    date = _published(published)
    progress: Callable[[RunSummary], None] | None = None
    bar: Any = nullcontext()
    if not quiet:
        if err.is_terminal:
            bar, progress = bar_progress(estimate_total(sources))
        else:
            progress = plain_progress()  # a line per batch, for logs and pipes
    try:
        with bar:
            summary = run_corpus(
                sources,
                db,
                engine=engine,
                workers=workers or default_workers(),
                batch_size=batch_size,
                model=model,
                config=config,
                published=date,
                retry_failed=retry_failed,
                dedup=not no_dedup,
                ray_address=ray_address,
                progress=progress,
                reader_options={"text_column": text_column} if text_column else None,
            )
    except (StoreDamaged, StoreWriteError) as exc:
        failure = _store_failure(exc)
        stopped = exc.summary if isinstance(exc, StoreWriteError) else None
        if stopped is not None and not quiet:
            for line in stopped.lines():  # what the run stored before it stopped
                err.print(escape(line))
        raise failure from None
    except ThucydidesError as exc:
        raise _usage_error(str(exc)) from None
    if not quiet:
        for line in summary.lines():
            err.print(escape(line))
    raise typer.Exit(1 if summary.failed else 0)


def run_documents(
    pipeline, paths: list[str], date: dt.date | None, format: OutputFormat, db: Path | None, quiet: bool
) -> list[Failure]:
    """Analyse, print and store; gives the failures (already reported on stderr)."""
    from .contract import to_json
    from .read import iter_documents
    from .report import actors_table, print_report

    writer = _StoreWriter(db, pipeline.model_name, pipeline.settings.limits.batch_size) if db else None
    failures: list[Failure] = []
    analysed: list[Analysis] = []
    count = 0
    items = iter_documents(paths, published=date, max_bytes=pipeline.settings.limits.max_document_bytes)
    try:
        for item in _with_progress(pipeline.run(_warn(items)), quiet):
            if isinstance(item, Failure):
                failures.append(item)
                err.print(
                    f"[yellow]skipped[/yellow] {escape(item.origin)}: {escape(item.reason)} (stage: {item.stage})"
                )
                continue
            count += 1
            if format is OutputFormat.json:
                sys.stdout.write(json.dumps(to_json(item), ensure_ascii=False, indent=2) + "\n")
            elif format is OutputFormat.jsonl:
                sys.stdout.write(json.dumps(to_json(item), ensure_ascii=False) + "\n")
            elif format is OutputFormat.report:
                print_report(out, item, pipeline.country_names)
            else:
                analysed.append(item)
            if writer is not None:
                writer.add(item)
        if format is OutputFormat.table:
            out.print(actors_table(analysed))
    except StoreWriteError:
        pass  # the writer keeps it: reported below, with what was stored before
    finally:
        if writer is not None:
            writer.close(failures)  # what was analysed is stored even if the run is cut short
    stopped = _store_failure(writer.error) if writer is not None and writer.error is not None else None
    if not quiet:
        summary = f"{count} document(s) analysed, {len(failures)} failed"
        if writer is not None:
            summary += f"; {writer.summary()} in {db}"
        err.print(summary)
    if stopped is not None:
        raise stopped
    return failures


class _StoreWriter:
    """Loads analyses into the store in batches; a refused document becomes a failure."""

    def __init__(self, path: Path, model: str, batch_size: int) -> None:
        from .store import Store

        try:
            self.store = Store.open(path)
        except StoreDamaged as exc:
            raise _store_failure(exc) from None
        except StoreError as exc:
            raise _usage_error(str(exc)) from None
        self.model = model
        self.batch_size = batch_size
        self.pending: list[Analysis] = []
        self.failures: list[Failure] = []
        self.loaded = self.existing = self.duplicate = 0
        self.error: StoreWriteError | None = None  # the disk refused a write: nothing more is written

    def add(self, analysis: Analysis) -> None:
        self.pending.append(analysis)
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Load the pending batch; if it fails, its documents one by one, so only a bad one is lost.
        A write the disk refuses stops the writer (``error``) and is raised."""
        batch, self.pending = self.pending, []
        if not batch or self.error is not None:
            return
        try:
            self._count(self.store.write(batch, model=self.model))
            return
        except StoreWriteError as exc:
            self.error = exc
            raise
        except StoreError:
            pass
        for analysis in batch:
            try:
                self._count(self.store.write([analysis], model=self.model))
            except StoreWriteError as exc:
                self.error = exc
                raise
            except StoreError as exc:
                origin = analysis.document.origin or analysis.document.id
                failure = Failure(origin, analysis.document.id, "store", str(exc))
                err.print(f"[yellow]not stored[/yellow] {escape(failure.origin)}: {escape(failure.reason)}")
                self.failures.append(failure)

    def _count(self, report) -> None:
        self.loaded += report.loaded
        self.existing += report.skipped_existing
        self.duplicate += report.skipped_duplicate

    def close(self, failures: list[Failure]) -> None:
        with contextlib.suppress(StoreWriteError):  # kept in ``error``, reported by the caller
            self.flush()
        failures += self.failures
        try:
            if self.error is None:
                self.store.record_failures(failures)
        except StoreWriteError as exc:
            self.error = exc
        except StoreError as exc:
            err.print(f"[red]error:[/red] the failures could not be recorded: {escape(str(exc))}")
        self.store.close()

    def summary(self) -> str:
        return (
            f"stored {self.loaded} new, {self.existing} already in the store, "
            f"{self.duplicate} repeated in this run (same cleaned text)"
        )


def _warn(items: Iterable[RawDocument | Failure]) -> Iterator[RawDocument | Failure]:
    for item in items:
        if isinstance(item, RawDocument):
            for warning in item.warnings:
                err.print(f"[yellow]warning:[/yellow] {escape(warning)}")
        yield item


@app.command()
def demo(
    db: Annotated[Path, typer.Option("--db", help="DuckDB file to write.")] = Path("thucydides.duckdb"),
    examples: Annotated[Path, typer.Option("--examples", help="Folder of example articles.")] = EXAMPLES_DIR,
    model: ModelOption = None,
) -> None:
    """Analyse the bundled example articles, print the report and write a DuckDB store."""
    if not examples.is_dir():
        raise _usage_error(f"{examples}: no examples folder; pass --examples DIR")
    try:
        pipeline = _pipeline(model, None)
    except ConfigError as exc:
        raise _usage_error(str(exc)) from None
    failures = run_documents(pipeline, [str(examples)], None, OutputFormat.report, db, quiet=False)
    err.print(f"[green]wrote[/green] {db}")
    raise typer.Exit(1 if failures else 0)


@app.command()
def export(
    db: Annotated[Path, typer.Option("--db", help="DuckDB store to export (opened read-only).")],
    to: Annotated[str, typer.Option("--to", help="gdelt, plover, parquet or jsonl.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write, - for stdout; a folder for parquet.")],
    modality: Annotated[
        str | None,
        typer.Option(
            "--modality",
            help="Events to include, comma-separated (asserted,alleged) or all; "
            "default: asserted for gdelt and plover, all for jsonl.",
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Export the store: GDELT 2.0 event table (TSV), PLOVER JSONL, Parquet tables or event JSONL."""
    from .exports import export_store

    try:
        report = export_store(db, to, out, modalities=modality)
    except StoreDamaged as exc:
        raise _store_failure(exc) from None
    except ThucydidesError as exc:
        raise _usage_error(str(exc)) from None
    if not quiet:
        err.print(escape(report.summary()))


@app.command()
def dyads(
    db: Annotated[Path, typer.Option("--db", help="DuckDB store to read (opened read-only).")],
    by: Annotated[
        str, typer.Option("--by", help="Period: day, week (ISO) or month; coarser dates are left out and counted.")
    ],
    source: Annotated[
        str | None, typer.Option("--source", help="Source country or actor-code prefix (PAK matches PAKGOV).")
    ] = None,
    target: Annotated[
        str | None, typer.Option("--target", help="Target country or actor-code prefix (IND matches INDMIL).")
    ] = None,
    level: Annotated[str, typer.Option("--level", help="country (PAK) or actor (PAKGOV) dyads.")] = "country",
    modality: Annotated[
        str,
        typer.Option(
            "--modality",
            help="Events to count, comma-separated (asserted,alleged) or all; default asserted only: "
            "a series counts what happened, not what was alleged, denied or announced.",
        ),
    ] = "asserted",
    start: Annotated[str | None, typer.Option("--from", help="First day YYYY-MM-DD (inclusive).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day YYYY-MM-DD (inclusive).")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, csv, parquet or json.")] = "table",
    output: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write, - for stdout (the default for csv and json).")
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Dyad series: events per QuadClass and Goldstein sum and mean, per directed dyad and period."""
    from .dyads import FORMATS, dyads_table, write_dyads
    from .dyads import dyads as count_dyads

    try:
        if format not in FORMATS:
            raise ConfigError(f"unknown output format {format!r} for --format; known: {', '.join(FORMATS)}")
        if format == "table" and output is not None:
            raise ConfigError("-o needs --format csv, parquet or json; the table prints to the terminal")
        table = count_dyads(db, by, source, target, level, modality, start, end)
        if format == "table":
            out.print(dyads_table(table))
        else:
            write_dyads(table, format, output, sys.stdout)
    except ThucydidesError as exc:
        raise _usage_error(str(exc)) from None
    if not quiet:
        where = f" to {output}" if output is not None and str(output) != "-" else ""
        err.print(escape(f"{len(table.rows)} dyad-period rows{where}; {table.summary.line()}"))


@app.command()
def serve(
    db: Annotated[Path, typer.Option("--db", help="DuckDB store to serve (opened read-only).")],
    host: Annotated[
        str, typer.Option("--host", help="Interface to bind; anything but loopback exposes the store.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8750,
    allow_analyze: Annotated[
        bool, typer.Option("--allow-analyze", help="Enable POST /analyze (runs the model on posted text).")
    ] = False,
) -> None:
    """Serve the store read-only over HTTP: the JSON API (/openapi.json) and the web page (/)."""
    from .web import bind_warning, create_app

    try:
        application = create_app(db, allow_analyze=allow_analyze)
    except ThucydidesError as exc:
        raise _usage_error(str(exc)) from None
    warning = bind_warning(host, allow_analyze=allow_analyze)
    if warning:
        err.print(f"[yellow]warning:[/yellow] {escape(warning)}")
    import uvicorn

    err.print(f"serving {escape(str(db))} on http://{escape(host)}:{port}/ (Ctrl-C to stop)")
    uvicorn.run(application, host=host, port=port, log_level="warning")


plot_app = typer.Typer(
    help="Figures for papers from the store: the actor network and a dyad's series (PNG, SVG or PDF).",
    no_args_is_help=True,
)
app.add_typer(plot_app, name="plot")

StoreOption = Annotated[Path, typer.Option("--db", help="DuckDB store to read (opened read-only).")]
FigureOption = Annotated[Path, typer.Option("--out", "-o", help="Figure to write: .png, .svg or .pdf.")]
FromOption = Annotated[str | None, typer.Option("--from", help="First day YYYY-MM-DD (inclusive).")]
ToOption = Annotated[str | None, typer.Option("--to", help="Last day YYYY-MM-DD (inclusive).")]
LevelOption = Annotated[str, typer.Option("--level", help="country (PAK) or actor (PAKGOV) dyads.")]
SourceOption = Annotated[
    str | None, typer.Option("--source", help="Source country or actor-code prefix (PAK matches PAKGOV).")
]
TargetOption = Annotated[
    str | None, typer.Option("--target", help="Target country or actor-code prefix (IND matches INDMIL).")
]
ModalityOption = Annotated[
    str, typer.Option("--modality", help="Events to count, comma-separated (asserted,alleged) or all.")
]


@plot_app.command("network")
def plot_network_command(
    db: StoreOption,
    output: FigureOption,
    start: FromOption = None,
    end: ToOption = None,
    level: LevelOption = "country",
    modality: ModalityOption = "asserted",
    source: SourceOption = None,
    target: TargetOption = None,
    layout: Annotated[str, typer.Option("--layout", help="spring (seeded, the same every run) or circle.")] = "spring",
    quiet: QuietOption = False,
) -> None:
    """The actor network: nodes sized by activity, arrows coloured by mean Goldstein, as wide as their events."""
    from .plot import plot_network

    _plot(lambda: plot_network(db, output, start, end, level, modality, source, target, layout), quiet)


@plot_app.command("dyad")
def plot_dyad_command(
    db: StoreOption,
    output: FigureOption,
    by: Annotated[str, typer.Option("--by", help="Period: day, week (ISO) or month.")] = "month",
    source: SourceOption = None,
    target: TargetOption = None,
    level: LevelOption = "country",
    modality: ModalityOption = "asserted",
    start: FromOption = None,
    end: ToOption = None,
    measure: Annotated[
        str, typer.Option("--measure", help="quad (events stacked by QuadClass) or goldstein (summed weight).")
    ] = "quad",
    quiet: QuietOption = False,
) -> None:
    """A dyad's series: events per period stacked by QuadClass, or the summed Goldstein weight."""
    from .plot import plot_dyads

    _plot(lambda: plot_dyads(db, output, by, source, target, level, modality, start, end, measure), quiet)


def _plot(draw: Callable[[], Any], quiet: bool) -> None:
    """Draw a figure; no event to draw exits 1 (and writes nothing), bad options exit 2."""
    from .plot import NothingToPlot

    try:
        report = draw()
    except NothingToPlot as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}; no figure written")
        raise typer.Exit(1) from None
    except ThucydidesError as exc:
        raise _usage_error(str(exc)) from None
    if not quiet:
        err.print(escape(report.line()))


@app.command()
def loadtest(
    db: Annotated[Path, typer.Option("--db", help="DuckDB store to serve (opened read-only).")],
    clients: Annotated[int, typer.Option("--clients", help="Concurrent clients, each with its own connection.")] = 200,
    seconds: Annotated[float, typer.Option("--seconds", help="How long the clients send requests.")] = 30.0,
    paths: Annotated[
        str, typer.Option("--paths", help="API paths, comma-separated; each is cycled through a few query variants.")
    ] = "/events,/network",
    port: Annotated[int, typer.Option("--port", help="Port for the server on loopback; 0 takes a free one.")] = 0,
    host: Annotated[str, typer.Option("--host", help="Loopback address to serve on (127.0.0.1 or ::1).")] = "127.0.0.1",
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    quiet: QuietOption = False,
) -> None:
    """Benchmark the API: serve the store on loopback and run many clients at once for a while."""
    from .loadtest import ServerDidNotStart, render_loadtest, run_loadtest

    if format not in ("table", "json"):
        raise _usage_error(f"unknown output format {format!r} for --format; known: table, json")
    bar, progress = _loadtest_bar(seconds) if not quiet and err.is_terminal else (None, None)
    try:
        report = run_loadtest(db, clients, seconds, paths.split(","), port, host, progress=progress)
    except ServerDidNotStart as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None
    except ThucydidesError as exc:
        raise _usage_error(str(exc)) from None
    finally:
        if bar is not None:
            bar.stop()
    if format == "json":
        sys.stdout.write(json.dumps(report.to_json(), indent=2) + "\n")
    else:
        out.print(render_loadtest(report))
    if not quiet:
        err.print(escape(report.line()))
    raise typer.Exit(1 if report.error_count or report.unfinished else 0)


def _loadtest_bar(seconds: float) -> tuple[Any, Callable[[float, int], None]]:
    """A started progress bar over the run's seconds, and the callback that moves it."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("load test"), BarColumn(), TextColumn("{task.fields[requests]} requests"), TimeElapsedColumn(),
        console=err, transient=True,
    )  # fmt: skip
    task = bar.add_task("load test", total=seconds, requests=0)
    bar.start()
    return bar, lambda elapsed, requests: bar.update(task, completed=elapsed, requests=requests)


@eval_app.command("actors")
def eval_actors(
    data: DataOption = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Score only the first N sentences of each set.")] = None,
    judged: Annotated[
        Path | None,
        typer.Option("--judged", help="Folder of the judged news sample (default judged/news-2016-actors)."),
    ] = None,
    format: FormatOption = "table",
    model: ModelOption = None,
) -> None:
    """Actor coding: PLOVER gold actors (country + sector), ConfliBERT source/target spans and
    the judged real-news sample (actors, people, bylines)."""
    from .evaluate import default_data_dir, evaluate_actors, render_scores

    folder = data or default_data_dir()
    _measure(lambda: evaluate_actors(_pipeline(model, None), folder, limit=limit, judged=judged), render_scores, format)


@eval_app.command("quotes")
def eval_quotes(
    data: DataOption = None,
    split: Annotated[str, typer.Option("--split", help="PolNeAR split: dev or train.")] = "dev",
    limit: Annotated[int | None, typer.Option("--limit", help="Score only the first N articles.")] = None,
    format: FormatOption = "table",
    model: ModelOption = None,
) -> None:
    """Quotes: content P/R/F1 (overlap and exact) and speaker accuracy on PolNeAR attributions."""
    from .evaluate import default_data_dir, evaluate_quotes, render_quote_scores

    if split not in ("dev", "train"):
        raise _usage_error(f"--split {split!r}: expected dev or train")
    folder = data or default_data_dir()
    _measure(
        lambda: evaluate_quotes(_pipeline(model, None), folder, split=split, limit=limit), render_quote_scores, format
    )


@eval_app.command("events")
def eval_events(
    data: DataOption = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Score only the first N sentences of each set.")] = None,
    format: FormatOption = "table",
    model: ModelOption = None,
) -> None:
    """Events: PLOVER type, source and target on the PLOVER gold records; CAMEO class on ConfliBERT."""
    from .evaluate import default_data_dir, evaluate_events, render_event_scores

    folder = data or default_data_dir()
    _measure(lambda: evaluate_events(_pipeline(model, None), folder, limit=limit), render_event_scores, format)


@app.command()
def bench(
    corpus: Annotated[
        Path | None, typer.Option("--corpus", help="Folder or file of documents (default: PolNeAR texts).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="Number of documents to time.")] = 200,
    repeat: Annotated[int, typer.Option("--repeat", help="Timed passes; the best is reported.")] = 3,
    engines: Annotated[
        str,
        typer.Option(
            "--engines", help="Corpus runs to time after, comma-separated: local, process, ray; 'none' to skip."
        ),
    ] = "local,process",
    workers: Annotated[int | None, typer.Option("--workers", min=1, help="Workers (default: cores).")] = None,
    long_document: Annotated[
        int,
        typer.Option(
            "--long-document", min=0, help="Also time one document of this many sentences (e.g. 10000); 0 skips."
        ),
    ] = 0,
    format: FormatOption = "table",
    model: ModelOption = None,
) -> None:
    """Speed: bare spaCy against the full pipeline on the same documents, in one run; then corpus runs."""
    from .bench import render_bench, run_bench
    from .engine import ENGINES
    from .engine.process import default_workers

    chosen = [] if engines.strip() == "none" else [e.strip() for e in engines.split(",") if e.strip()]
    unknown = [e for e in chosen if e not in ENGINES]
    if unknown:
        raise _usage_error(f"unknown engine(s) {', '.join(unknown)}; choose from {', '.join(ENGINES)} or none")
    _measure(
        lambda: run_bench(
            _pipeline(model, None),
            corpus,
            limit=limit,
            repeat=repeat,
            engines=chosen,
            workers=workers or default_workers(),
            long_document=long_document,
        ),
        render_bench,
        format,
    )


def _measure(compute: Callable[[], Any], render: Callable[[Any], Any], format: str) -> None:
    """Run an evaluation or benchmark and print it as JSON or as a table; errors are usage errors."""
    try:
        result = compute()
    except (ThucydidesError, FileNotFoundError) as exc:
        raise _usage_error(str(exc)) from None
    if format == "json":
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
    else:
        out.print(render(result))


def main() -> None:
    app()
