"""The README stays honest: every command is documented, the quickstart and layout are real."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from thucydides.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def command_names() -> list[str]:
    """``analyze``, ``demo``, ..., and ``eval actors`` for the commands of sub-apps."""
    group = typer.main.get_command(app)
    names: list[str] = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            names += [f"{name} {sub}" for sub in subcommands]
        else:
            names.append(name)
    return sorted(names)


def layout_paths() -> list[str]:
    """The paths named in the README's layout block (left column, under their folder)."""
    block = re.search(r"## Layout\s+```\n(.*?)```", README, re.DOTALL)
    assert block, "README.md has no layout block under '## Layout'"
    paths: list[str] = []
    folder = ""
    for line in block.group(1).splitlines():
        if not line.strip():
            continue
        names = re.split(r"\s{2,}", line.strip())[0].split()
        indented = line.startswith(" ")
        if not indented:
            folder = names[0] if names[0].endswith("/") and len(names) == 1 else ""
        prefix = folder if indented else ""
        paths += [prefix + name for name in names]
    return paths


def test_the_commands_are_the_ones_documented_here() -> None:
    assert command_names() == [
        "analyze", "bench", "demo", "dyads", "eval actors", "eval events", "eval quotes", "export", "loadtest",
        "plot dyad", "plot network", "run", "serve",
    ]  # fmt: skip


@pytest.mark.parametrize("name", command_names())
def test_every_command_appears_in_the_readme(name: str) -> None:
    assert f"thucydides {name}" in README


@pytest.mark.parametrize("target", ["make demo", "make test"])
def test_readme_gives_the_two_command_quickstart(target: str) -> None:
    assert target in README
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert re.search(rf"^{target.split()[1]}:", makefile, re.MULTILINE)


def test_layout_block_is_parsed() -> None:
    paths = layout_paths()
    assert "thucydides/" in paths
    assert "thucydides/store/" in paths
    assert "thucydides/actors/" in paths
    assert "examples/" in paths
    assert "tests/" in paths


@pytest.mark.parametrize("path", layout_paths())
def test_every_file_in_the_layout_exists(path: str) -> None:
    target = ROOT / path
    assert target.is_dir() if path.endswith("/") else target.is_file(), f"{path} is in README's layout but missing"


def test_every_format_is_documented() -> None:
    from thucydides.cli.analyze import OutputFormat

    for output_format in OutputFormat:
        assert f"`{output_format.value}`" in README


def test_every_store_table_is_documented() -> None:
    from thucydides.store import TABLES

    for table in TABLES:
        assert f"`{table}`" in README
