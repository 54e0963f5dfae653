"""The commands that read a store (opened read-only): ``export`` (GDELT, PLOVER, Parquet, JSONL),
``dyads`` (the dyad series), ``serve`` (the HTTP API and web page) and ``plot`` (figures)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from ..errors import ConfigError, StoreDamaged, ThucydidesError
from .common import QuietOption, err, out, store_failure, usage_error


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
    from ..exports import export_store

    try:
        report = export_store(db, to, out, modalities=modality)
    except StoreDamaged as exc:
        raise store_failure(exc) from None
    except ThucydidesError as exc:
        raise usage_error(str(exc)) from None
    if not quiet:
        err.print(escape(report.summary()))


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
    from ..dyads import FORMATS, dyads_table, write_dyads
    from ..dyads import dyads as count_dyads

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
        raise usage_error(str(exc)) from None
    if not quiet:
        where = f" to {output}" if output is not None and str(output) != "-" else ""
        err.print(escape(f"{len(table.rows)} dyad-period rows{where}; {table.summary.line()}"))


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
    from ..web import bind_warning, create_app

    try:
        application = create_app(db, allow_analyze=allow_analyze)
    except ThucydidesError as exc:
        raise usage_error(str(exc)) from None
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
    from ..plot import plot_network

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
    from ..plot import plot_dyads

    _plot(lambda: plot_dyads(db, output, by, source, target, level, modality, start, end, measure), quiet)


def _plot(draw: Callable[[], Any], quiet: bool) -> None:
    """Draw a figure; no event to draw exits 1 (and writes nothing), bad options exit 2."""
    from ..plot import NothingToPlot

    try:
        report = draw()
    except NothingToPlot as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}; no figure written")
        raise typer.Exit(1) from None
    except ThucydidesError as exc:
        raise usage_error(str(exc)) from None
    if not quiet:
        err.print(escape(report.line()))
