"""Character spans looked up by position, in time linear in the document.

Stages ask "which mentions overlap this phrase", "which quote holds this word", "is this word
inside quote marks" once per word or per record. Scanning every span for every question makes a
stage quadratic in the document (a 10,000-sentence text took minutes); a :class:`SpanIndex`
answers each question from the few spans near the position instead.

Spans are ``(start, end)`` character offsets, end exclusive. Answers keep the order the spans
were given in, so code that takes "the first covering mention" gives the same answer as a scan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

_T = TypeVar("_T")

# Characters per bucket: a few sentences. A span is filed under every bucket it touches, so a
# lookup reads one or two buckets; long spans (a quote over a paragraph) sit in several.
_BUCKET = 256


class SpanIndex(Generic[_T]):
    """Items with a character span, found by position. Built once, read many times."""

    __slots__ = ("_buckets", "_items", "_spans")

    def __init__(self, items: Iterable[_T], span: Callable[[_T], tuple[int, int]]) -> None:
        self._items: list[_T] = list(items)
        self._spans: list[tuple[int, int]] = [span(item) for item in self._items]
        self._buckets: dict[int, list[int]] = {}
        for number, (start, end) in enumerate(self._spans):
            for bucket in range(start // _BUCKET, max(start, end - 1) // _BUCKET + 1):
                self._buckets.setdefault(bucket, []).append(number)

    def __len__(self) -> int:
        return len(self._items)

    def _candidates(self, start: int, end: int) -> list[int]:
        first, last = start // _BUCKET, max(start, end - 1) // _BUCKET
        if first == last:
            return self._buckets.get(first, [])
        found: set[int] = set()
        for bucket in range(first, last + 1):
            found.update(self._buckets.get(bucket, ()))
        return sorted(found)

    def at(self, char: int) -> list[_T]:
        """The items whose span holds the character at ``char``, in the order given."""
        spans = self._spans
        return [self._items[n] for n in self._candidates(char, char + 1) if spans[n][0] <= char < spans[n][1]]

    def holds(self, char: int) -> bool:
        """Whether any span holds the character at ``char``."""
        spans = self._spans
        return any(spans[n][0] <= char < spans[n][1] for n in self._candidates(char, char + 1))

    def overlapping(self, start: int, end: int) -> list[_T]:
        """The items whose span shares a character with ``[start, end)``, in the order given."""
        spans = self._spans
        return [self._items[n] for n in self._candidates(start, end) if spans[n][0] < end and start < spans[n][1]]

    def within(self, start: int, end: int) -> list[_T]:
        """The items whose span lies inside ``[start, end)``, in the order given."""
        spans = self._spans
        return [self._items[n] for n in self._candidates(start, end) if start <= spans[n][0] and spans[n][1] <= end]

    def within_any(self, spans: Iterable[tuple[int, int]]) -> list[_T]:
        """The items whose span lies inside one of ``spans``, in the order given."""
        wanted = list(spans)
        found: set[int] = set()
        for start, end in wanted:
            found.update(self._candidates(start, end))
        own = self._spans
        return [self._items[n] for n in sorted(found) if any(s <= own[n][0] and own[n][1] <= e for s, e in wanted)]


def span_index(spans: Sequence[tuple[int, int]]) -> SpanIndex[tuple[int, int]]:
    """An index of bare spans (each item is its own span)."""
    return SpanIndex(spans, lambda span: span)
