"""Scoring arithmetic: span overlap, precision/recall/F1 and accuracy, rounded for reports."""

from __future__ import annotations

from ..records import Span

DIGITS = 4


def overlap(first: Span, second: Span) -> int:
    """How many characters two ``(start, end)`` spans share (0 when they are apart)."""
    return max(0, min(first[1], second[1]) - max(first[0], second[0]))


def ratio(part: int, whole: int) -> float | None:
    """``part / whole`` rounded to four decimals; None when there is nothing to divide."""
    return round(part / whole, DIGITS) if whole else None


def prf(true_predicted: int, predicted: int, covered_gold: int, gold: int) -> dict[str, float | None]:
    """Precision (true predictions / predictions), recall (covered gold / gold) and F1; each None
    when its denominator is 0.

    The two numerators differ on purpose: one predicted mention may cover two gold actors
    ("Hungarian and Romanian officials") and two mentions may fall inside one gold span.
    """
    precision = true_predicted / predicted if predicted else None
    recall = covered_gold / gold if gold else None
    if precision is None or recall is None:
        f1 = None
    else:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        name: None if value is None else round(value, DIGITS)
        for name, value in (("precision", precision), ("recall", recall), ("f1", f1))
    }
