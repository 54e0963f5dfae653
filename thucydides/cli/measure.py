"""The commands that measure the project: ``eval`` (accuracy on labelled data), ``bench`` (speed
against bare spaCy, then the corpus engines) and ``loadtest`` (the HTTP API under many clients)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from ..errors import ThucydidesError
from . import common
from .common import ConfigOption, EventsOption, ModelOption, QuietOption, err, out, usage_error

eval_app = typer.Typer(help="Score the extractors on labelled data (../shared/data by default).", no_args_is_help=True)

DataOption = Annotated[
    Path | None, typer.Option("--data", help="Folder of the labelled data (default ../shared/data).")
]
FormatOption = Annotated[str, typer.Option("--format", help="table or json.")]


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
    from ..loadtest import ServerDidNotStart, render_loadtest, run_loadtest

    if format not in ("table", "json"):
        raise usage_error(f"unknown output format {format!r} for --format; known: table, json")
    bar, progress = _loadtest_bar(seconds) if not quiet and err.is_terminal else (None, None)
    try:
        report = run_loadtest(db, clients, seconds, paths.split(","), port, host, progress=progress)
    except ServerDidNotStart as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None
    except ThucydidesError as exc:
        raise usage_error(str(exc)) from None
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
    events: EventsOption = None,
) -> None:
    """Actor coding: PLOVER gold actors (country + sector), ConfliBERT source/target spans and
    the judged real-news sample (actors, people, bylines)."""
    from ..evaluate import default_data_dir, evaluate_actors, render_scores

    folder = data or default_data_dir()
    _measure(
        lambda: evaluate_actors(common.pipeline_for(model, None, events), folder, limit=limit, judged=judged),
        render_scores,
        format,
    )


@eval_app.command("quotes")
def eval_quotes(
    data: DataOption = None,
    split: Annotated[str, typer.Option("--split", help="PolNeAR split: dev or train.")] = "dev",
    limit: Annotated[int | None, typer.Option("--limit", help="Score only the first N articles.")] = None,
    judged: Annotated[
        Path | None,
        typer.Option("--judged", help="Folder of the judged news quotes (default judged/news-2016-quotes)."),
    ] = None,
    format: FormatOption = "table",
    model: ModelOption = None,
    events: EventsOption = None,
    tagger: Annotated[
        bool, typer.Option("--tagger/--no-tagger", help="Score the learned attribution tagger beside the rules.")
    ] = True,
) -> None:
    """Quotes: content P/R/F1 (overlap and exact) and speaker accuracy on PolNeAR attributions, the
    rules and the learned tagger side by side; precision, speaker accuracy and recall on the judged
    real-news sample."""
    from ..evaluate import default_data_dir, evaluate_quotes, render_quote_report
    from ..evaluate.attribution import tagger_reader

    if split not in ("dev", "train"):
        raise usage_error(f"--split {split!r}: expected dev or train")
    folder = data or default_data_dir()

    def run() -> dict[str, Any]:
        pipeline = common.pipeline_for(model, None, events)
        reader = tagger_reader(pipeline) if tagger else None
        return evaluate_quotes(pipeline, folder, split=split, limit=limit, judged=judged, model_reader=reader)

    _measure(run, render_quote_report, format)


@eval_app.command("events")
def eval_events(
    data: DataOption = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Score only the first N sentences of each set.")] = None,
    judged: Annotated[
        Path | None,
        typer.Option("--judged", help="Folder of the judged news events (default judged/news-2016-events)."),
    ] = None,
    format: FormatOption = "table",
    model: ModelOption = None,
    events: EventsOption = None,
) -> None:
    """Events: PLOVER type, source and target on the PLOVER gold records; CAMEO class on ConfliBERT;
    the judged real-news sample (rules and fused coder side by side)."""
    from ..evaluate import default_data_dir, evaluate_events, render_event_scores

    folder = data or default_data_dir()
    _measure(
        lambda: evaluate_events(common.pipeline_for(model, None, events), folder, limit=limit, judged=judged),
        render_event_scores,
        format,
    )


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
    config: ConfigOption = None,
    events: EventsOption = None,
) -> None:
    """Speed: bare spaCy against the full pipeline on the same documents, in one run; then corpus runs."""
    from ..bench import render_bench, run_bench
    from ..engine import ENGINES
    from ..engine.process import default_workers

    chosen = [] if engines.strip() == "none" else [e.strip() for e in engines.split(",") if e.strip()]
    unknown = [e for e in chosen if e not in ENGINES]
    if unknown:
        raise usage_error(f"unknown engine(s) {', '.join(unknown)}; choose from {', '.join(ENGINES)} or none")
    _measure(
        lambda: run_bench(
            common.pipeline_for(model, config, events),
            corpus,
            config=config,
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
        raise usage_error(str(exc)) from None
    if format == "json":
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
    else:
        out.print(render(result))
