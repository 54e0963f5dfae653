"""Helpers the corpus tests hand to worker processes (they must be importable by name there)."""

from __future__ import annotations

import os

from thucydides.engine import process
from thucydides.engine.worker import Outcome, Work

MARKER = "KILL-THE-WORKER"


def crash_on_marker(work: Work) -> Outcome:
    """Like the process engine's task, but a document holding MARKER kills its worker outright."""
    if any(MARKER in document.text for _, document in work.pairs):
        os._exit(3)
    return process._analyse(work)
