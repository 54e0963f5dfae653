"""The commands that analyse documents: ``analyze`` (print each record, optionally store it),
``run`` (a corpus into a store, on an engine) and ``demo`` (the bundled examples)."""

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
from rich.markup import escape

from ..errors import ConfigError, InputError, StoreDamaged, StoreError, StoreWriteError, ThucydidesError
from ..records import Analysis, Failure, RawDocument
from . import common
from .common import ConfigOption, EventsOption, ModelOption, QuietOption, err, out, store_failure, usage_error

EXAMPLES_DIR = Path(__file__).resolve().parent.parent.parent / "examples"


class OutputFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    table = "table"
    report = "report"


DbOption = Annotated[Path | None, typer.Option("--db", help="DuckDB file to write the results to.")]
PublishedOption = Annotated[
    str | None, typer.Option("--published", help="Publication date YYYY-MM-DD for inputs that carry none.")
]


def _published(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise usage_error(f"--published {value!r} is not a date; expected YYYY-MM-DD") from None


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


def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt, .html, .jsonl), directories, or - for stdin.")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.json,
    db: DbOption = None,
    published: PublishedOption = None,
    model: ModelOption = None,
    config: ConfigOption = None,
    events: EventsOption = None,
    quiet: QuietOption = False,
) -> None:
    """Analyse news articles: print one record per document, optionally store them in DuckDB."""
    from ..read import check_paths

    date = _published(published)
    try:
        check_paths(paths)
        pipeline = common.pipeline_for(model, config, events)
    except (InputError, ConfigError) as exc:
        raise usage_error(str(exc)) from None
    failures = run_documents(pipeline, paths, date, format, db, quiet)
    raise typer.Exit(1 if failures else 0)


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
    events: EventsOption = None,
    quiet: QuietOption = False,
) -> None:
    """Analyse a corpus into a store: streaming, resumable after a crash, duplicates recorded not re-analysed."""
    from contextlib import nullcontext

    from ..corpus import RunSummary, bar_progress, estimate_total, plain_progress, run_corpus
    from ..engine import ENGINES
    from ..engine.process import default_workers
    from ..read import check_paths

    if engine not in ENGINES:
        raise usage_error(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    try:
        check_paths(sources)
    except InputError as exc:
        raise usage_error(str(exc)) from None
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
                events=events,
                published=date,
                retry_failed=retry_failed,
                dedup=not no_dedup,
                ray_address=ray_address,
                progress=progress,
                reader_options={"text_column": text_column} if text_column else None,
            )
    except (StoreDamaged, StoreWriteError) as exc:
        failure = store_failure(exc)
        stopped = exc.summary if isinstance(exc, StoreWriteError) else None
        if stopped is not None and not quiet:
            for line in stopped.lines():  # what the run stored before it stopped
                err.print(escape(line))
        raise failure from None
    except ThucydidesError as exc:
        raise usage_error(str(exc)) from None
    if not quiet:
        for line in summary.lines():
            err.print(escape(line))
    raise typer.Exit(1 if summary.failed else 0)


def run_documents(
    pipeline, paths: list[str], date: dt.date | None, format: OutputFormat, db: Path | None, quiet: bool
) -> list[Failure]:
    """Analyse, print and store; gives the failures (already reported on stderr)."""
    from ..contract import to_json
    from ..read import iter_documents
    from ..report import actors_table, print_report

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
    stopped = store_failure(writer.error) if writer is not None and writer.error is not None else None
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
        from ..store import Store

        try:
            self.store = Store.open(path)
        except StoreDamaged as exc:
            raise store_failure(exc) from None
        except StoreError as exc:
            raise usage_error(str(exc)) from None
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


def demo(
    db: Annotated[Path, typer.Option("--db", help="DuckDB file to write.")] = Path("thucydides.duckdb"),
    examples: Annotated[Path, typer.Option("--examples", help="Folder of example articles.")] = EXAMPLES_DIR,
    model: ModelOption = None,
    events: EventsOption = None,
) -> None:
    """Analyse the bundled example articles, print the report and write a DuckDB store."""
    if not examples.is_dir():
        raise usage_error(f"{examples}: no examples folder; pass --examples DIR")
    try:
        pipeline = common.pipeline_for(model, None, events)
    except ConfigError as exc:
        raise usage_error(str(exc)) from None
    failures = run_documents(pipeline, [str(examples)], None, OutputFormat.report, db, quiet=False)
    err.print(f"[green]wrote[/green] {db}")
    raise typer.Exit(1 if failures else 0)
