"""Where the labelled data is by default, and the command that reproduces an evaluation."""

from __future__ import annotations

import os
from pathlib import Path

DATA_ENV = "THUCYDIDES_DATA"


def eval_command(name: str, folder: Path, **options: object) -> str:
    """The command that reproduces an evaluation: ``thucydides eval NAME`` with the options
    that differ from their defaults (``None`` ones left out)."""
    command = f"thucydides eval {name}"
    if folder.resolve() != default_data_dir().resolve():
        command += f" --data {folder}"
    for option, value in options.items():
        if value is not None:
            command += f" --{option} {value}"
    return command


def default_data_dir() -> Path:
    """``$THUCYDIDES_DATA`` when set, else ``../shared/data`` beside the repository.

    The folder is not checked here; the evaluators raise FileNotFoundError when it is missing.
    """
    configured = os.environ.get(DATA_ENV)
    if configured:
        return Path(configured).expanduser()
    repository = Path(__file__).resolve().parent.parent.parent
    return repository.parent / "shared" / "data"
