"""Mentions indexed once per article, so that asking about each of many figures or names
costs a binary search, not a pass over every mention (which made a long article quadratic).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import Generic, Iterable, Optional, TypeVar

T = TypeVar("T")


class SpanIndex(Generic[T]):
    """``(start, end, value)`` spans sorted by start. Where several spans answer a question
    equally well, the one given first wins."""

    def __init__(self, spans: Iterable[tuple[int, int, T]]) -> None:
        ordered = sorted((start, order, end, value)
                         for order, (start, end, value) in enumerate(spans))
        self.starts = [s[0] for s in ordered]
        self.orders = [s[1] for s in ordered]
        self.ends = [s[2] for s in ordered]
        self.values = [s[3] for s in ordered]
        # the furthest end among the spans up to each one: does any cover an offset?
        self.reach = list(accumulate(self.ends, max))

    def __len__(self) -> int:
        return len(self.starts)

    def covers(self, offset: int) -> bool:
        """Does a span hold the offset (start <= offset < end)?"""
        k = bisect_right(self.starts, offset)
        return k > 0 and self.reach[k - 1] > offset

    def nearest(self, start: int, end: int, low: int, high: int) -> Optional[T]:
        """The value of the span whose start is nearest to ``start``, among those starting
        in [low, high) that do not overlap [start, end)."""
        best: Optional[tuple[int, int]] = None  # (distance, order)
        found: Optional[T] = None
        # before: spans starting at or before ``start`` that end by it (or are empty)
        k = bisect_right(self.starts, start) - 1
        while k >= 0 and self.starts[k] >= low:
            s, e = self.starts[k], self.ends[k]
            if best is not None and start - s > best[0]:
                break
            if s < high and not (s < end and start < e):
                key = (start - s, self.orders[k])
                if best is None or key < best:
                    best, found = key, self.values[k]
            k -= 1
        # after: spans starting past ``start`` overlap the figure while they start before its end
        k = bisect_left(self.starts, max(end, start + 1, low))
        while k < len(self.starts) and self.starts[k] < high:
            s = self.starts[k]
            if best is not None and s - start > best[0]:
                break
            key = (s - start, self.orders[k])
            if best is None or key < best:
                best, found = key, self.values[k]
            k += 1
        return found

    def first_within(self, start: int, end: int) -> Optional[T]:
        """The value of the first-given span lying within [start, end]."""
        found: Optional[tuple[int, T]] = None
        for k in range(bisect_left(self.starts, start), bisect_right(self.starts, end)):
            if self.ends[k] <= end and (found is None or self.orders[k] < found[0]):
                found = (self.orders[k], self.values[k])
        return found[1] if found else None
