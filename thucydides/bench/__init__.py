"""Speed, measured in one run against the bare spaCy pipeline on the same documents.

- :mod:`.pipeline`: our pipeline's words/s as a ratio to bare spaCy (target ≥ 0.85), with the
  time each declared stage takes and a long-document check;
- :mod:`.render`: the result as a table for the terminal;
- :mod:`.engines`: whole corpus runs (read → store) with the ``local``, ``process`` and ``ray``
  engines, their scaling and memory.

The web API's load test is :mod:`thucydides.loadtest`.
"""

from .pipeline import (
    LEARNED_TARGET_RATIO,
    MODES,
    TARGET_RATIO,
    BenchResult,
    LongDocument,
    default_corpus_files,
    run_bench,
)
from .render import render_bench

__all__ = [
    "LEARNED_TARGET_RATIO",
    "MODES",
    "TARGET_RATIO",
    "BenchResult",
    "LongDocument",
    "default_corpus_files",
    "render_bench",
    "run_bench",
]
