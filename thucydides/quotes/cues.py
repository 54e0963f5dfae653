"""The cue lexicon (``data/cues.tsv``): the verbs and nouns that report a statement, and their type."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType

from ..errors import DataError

CUE_TYPES = frozenset({"speech", "cognition", "allegation", "denial", "appeal"})


@cache
def load_cues() -> Mapping[tuple[str, str], str]:
    """``(lemma, pos) -> cue type`` from ``data/cues.tsv``."""
    return MappingProxyType({(row[0], row[1]): row[2] for row in _cue_rows()})


@cache
def object_cues() -> frozenset[str]:
    """Verbs whose object, when it is itself a statement, is what is said ("denied the report")."""
    return frozenset(row[0] for row in _cue_rows() if row[1] == "verb" and row[3])


@cache
def clause_cues() -> frozenset[str]:
    """Verbs whose content must be a that-clause ("found that ...", not "saw the convoy approach")."""
    return frozenset(row[0] for row in _cue_rows() if row[1] == "verb" and row[4])


def _cue_rows() -> list[tuple[str, str, str, bool, bool]]:
    text = resources.files("thucydides").joinpath("data", "cues.tsv").read_text("utf-8")
    lines = [
        (n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip() and not line.startswith("#")
    ]
    rows = []
    for number, line in lines[1:]:
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) < 5 or cells[2] not in CUE_TYPES:
            raise DataError(
                f"data/cues.tsv, line {number}: expected lemma, pos, type ({', '.join(sorted(CUE_TYPES))}), "
                "object, clause, note"
            )
        rows.append((cells[0], cells[1], cells[2], cells[3] == "yes", cells[4] == "that"))
    return rows
