"""Small helpers several test files share (importable because pytest puts tests/ on the path)."""

from __future__ import annotations

import inspect
from typing import Any

from typer.testing import CliRunner

from thucydides.records import Event, Span


def make_runner() -> CliRunner:
    # click < 8.2 mixes stderr into stdout unless told not to; newer click keeps them apart.
    if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    return CliRunner()


def make_event(
    *, number: int, trigger: str, trigger_span: Span, sentence: int, evidence: str, cameo: str, **fields: Any
) -> Event:
    """A hand-made event; the fields not given take neutral values (asserted, no date, no place)."""
    defaults: dict[str, Any] = {
        "id": f"e{number}",
        "cameo": cameo,
        "cameo_label": "",
        "plover": None,
        "quad_class": 1,
        "goldstein": 0.0,
        "source": None,
        "target": None,
        "trigger_text": trigger,
        "trigger_span": trigger_span,
        "sentence": sentence,
        "evidence": evidence,
        "modality": "asserted",
        "quote": None,
        "date": None,
        "date_text": None,
        "place": None,
        "confidence": 0.8,
    }
    return Event(**(defaults | fields))
