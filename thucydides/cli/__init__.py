"""The ``thucydides`` command: thin wrappers over library functions.

The commands live by what they do: :mod:`.analyze` (analyze, run, demo), :mod:`.read_store`
(export, dyads, serve, plot) and :mod:`.measure` (eval, bench, loadtest); :mod:`.common` holds
what they share. This module assembles them into one app, in the order ``--help`` lists them.

Exit codes: 0 all documents analysed, 1 some documents failed (the summary names them) or the
store is damaged or refused a write (a full disk; the summary says what was stored), 2 usage
errors (bad option, missing path, unknown model, invalid settings) and exports that cannot be
made (missing store, unknown format, unwritable output).
"""

from __future__ import annotations

import typer

from .analyze import analyze, demo, run_command
from .measure import bench, eval_app, loadtest
from .read_store import dyads, export, plot_app, serve

__all__ = ["app", "main"]

app = typer.Typer(
    help="Structured, sourced event data from news: actors, people, places and quotes (events to come).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command()(analyze)
app.command("run")(run_command)
app.command()(demo)
app.command()(export)
app.command()(dyads)
app.command()(serve)
app.command()(loadtest)
app.command()(bench)
app.add_typer(eval_app, name="eval")
app.add_typer(plot_app, name="plot")


def main() -> None:
    app()
