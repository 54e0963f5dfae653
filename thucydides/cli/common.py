"""What the command modules share: the two consoles, the options several commands take, the two
ways a command exits on an error, and :func:`pipeline_for`, the one place a command gets its
pipeline.

Commands call ``common.pipeline_for(...)`` through this module (not a copy imported by name), so
that replacing ``thucydides.cli.common.pipeline_for`` (a test's stand-in pipeline) reaches every
command at once.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from ..errors import StoreError

if TYPE_CHECKING:
    from ..pipeline import Pipeline

# Piped output gets a fixed, readable width instead of rich's 80 columns.
out = Console(soft_wrap=False, width=None if sys.stdout.isatty() else 132)
err = Console(stderr=True, soft_wrap=True)

ModelOption = Annotated[
    str | None, typer.Option("--model", help="spaCy pipeline to use (e.g. en_core_web_lg); default: settings.")
]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="TOML settings file laid over the defaults.")]
EventsOption = Annotated[
    str | None,
    typer.Option(
        "--events", help="Event coder: learned (rules fused with the shipped model) or rules alone; default: settings."
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]


def usage_error(message: str) -> typer.Exit:
    """The exit for a command used wrongly (bad option, missing path, invalid settings): the message
    on stderr, exit code 2. The caller raises it."""
    err.print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(2)


def store_failure(exc: StoreError) -> typer.Exit:
    """A damaged store or a refused write: not the command's fault, so exit 1, not 2."""
    err.print(f"[red]error:[/red] {escape(str(exc))}")
    return typer.Exit(1)


def pipeline_for(model: str | None, config: Path | None, events: str | None = None) -> Pipeline:
    """The pipeline a command runs: the settings (defaults, with the ``config`` file laid over them)
    with ``model`` in place of the settings' model and ``events`` of its event coder when given.
    Raises ``ConfigError`` for invalid settings, an unknown model or coder, and ``ModelFileError``
    (a ``ConfigError``) when the learned coder's model file is missing or damaged."""
    from ..pipeline import Pipeline
    from ..settings import load_settings

    settings = load_settings(config).with_overrides(model={"name": model}, events={"coder": events})
    return Pipeline(settings)
