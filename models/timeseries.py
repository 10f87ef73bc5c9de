"""Bounded-memory history of one numeric tag: recent raw points, older ones thinned.

Two fixed-size rings, allocated once: the newest `raw_capacity` points as appended,
and older points folded into buckets of `bucket_s` seconds that keep min, max, first
and last time. A spike is never lost, only its exact time within its bucket. With the
defaults (4,096 raw points, 10 s buckets, 2,880 buckets = 8 h) one tag takes
4,096 x 16 B + 2,880 x 33 B = 160,576 B (< 200 KB) whatever the sample rate.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # numpy (~0.3 s) loads with the first trended tag, not with the window
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
G = TypeVar("G", bound="np.generic")

RAW_CAPACITY = 4096
BUCKET_S = 10.0
BUCKET_CAPACITY = 2880  # 8 h of 10 s buckets


class TagHistory:
    """History of one tag; times must not go backwards (earlier ones are clamped)."""

    def __init__(
        self,
        raw_capacity: int = RAW_CAPACITY,
        bucket_s: float = BUCKET_S,
        bucket_capacity: int = BUCKET_CAPACITY,
    ) -> None:
        if raw_capacity < 1 or bucket_capacity < 1 or not bucket_s > 0:
            raise ValueError("capacities must be >= 1 and bucket_s > 0")
        import numpy as np

        self.raw_capacity = raw_capacity
        self.bucket_s = float(bucket_s)
        self.bucket_capacity = bucket_capacity
        self._rt = np.zeros(raw_capacity, dtype=np.float64)
        self._rv = np.zeros(raw_capacity, dtype=np.float64)
        self._rhead = 0  # index of the oldest raw point
        self._rlen = 0
        # Buckets: first/last time, min/max value, and whether the min came first.
        self._bt0 = np.zeros(bucket_capacity, dtype=np.float64)
        self._bt1 = np.zeros(bucket_capacity, dtype=np.float64)
        self._bmin = np.zeros(bucket_capacity, dtype=np.float64)
        self._bmax = np.zeros(bucket_capacity, dtype=np.float64)
        self._bmin_first = np.zeros(bucket_capacity, dtype=np.bool_)
        self._bhead = 0
        self._blen = 0
        self._bkey = -math.inf  # bucket number (t // bucket_s) of the newest bucket
        self._last_t = -math.inf
        self.appended = 0

    def __len__(self) -> int:
        """Points `window()` returns over all time: raw points plus two per bucket."""
        return self._rlen + 2 * self._blen

    @property
    def nbytes(self) -> int:
        """Memory held by the rings; fixed at construction."""
        arrays = (self._rt, self._rv, self._bt0, self._bt1, self._bmin, self._bmax)
        return sum(a.nbytes for a in arrays) + self._bmin_first.nbytes

    @property
    def last(self) -> tuple[float, float] | None:
        """The newest (time, value), or None before the first append."""
        if not self._rlen:
            return None
        i = (self._rhead + self._rlen - 1) % self.raw_capacity
        return float(self._rt[i]), float(self._rv[i])

    def span(self) -> tuple[float, float] | None:
        """Oldest and newest time held, or None when empty."""
        if not self._rlen:
            return None
        oldest = self._bt0[self._bhead] if self._blen else self._rt[self._rhead]
        return float(oldest), self._last_t

    def append(self, t: float, value: float) -> None:
        """Add a point; non-finite values are ignored (they cannot be plotted or compared)."""
        if not math.isfinite(value) or not math.isfinite(t):
            return
        t = max(t, self._last_t)
        self._last_t = t
        self.appended += 1
        cap = self.raw_capacity
        if self._rlen == cap:
            i = self._rhead
            self._thin(float(self._rt[i]), float(self._rv[i]))
            self._rhead = (i + 1) % cap
        else:
            i = (self._rhead + self._rlen) % cap
            self._rlen += 1
        self._rt[i] = t
        self._rv[i] = value

    def _thin(self, t: float, value: float) -> None:
        """Fold the oldest raw point into its bucket (a new one if its time moved on)."""
        key = math.floor(t / self.bucket_s)
        if key == self._bkey:
            j = (self._bhead + self._blen - 1) % self.bucket_capacity
            self._bt1[j] = t
            if value < self._bmin[j]:
                self._bmin[j] = value
                self._bmin_first[j] = False
            elif value > self._bmax[j]:
                self._bmax[j] = value
                self._bmin_first[j] = True
            return
        self._bkey = key
        if self._blen == self.bucket_capacity:
            j = self._bhead
            self._bhead = (j + 1) % self.bucket_capacity
        else:
            j = (self._bhead + self._blen) % self.bucket_capacity
            self._blen += 1
        self._bt0[j] = self._bt1[j] = t
        self._bmin[j] = self._bmax[j] = value
        self._bmin_first[j] = True

    def window(self, t0: float, t1: float) -> tuple[FloatArray, FloatArray]:
        """(times, values) between t0 and t1, oldest first.

        Thinned buckets give two points, min and max in the order they occurred, at the
        bucket's first and last time; a bucket overlapping the window is returned whole.
        """
        import numpy as np

        bt0 = _ordered(self._bt0, self._bhead, self._blen)
        bt1 = _ordered(self._bt1, self._bhead, self._blen)
        lo = int(np.searchsorted(bt1, t0, side="left"))
        hi = int(np.searchsorted(bt0, t1, side="right"))
        times: list[FloatArray] = []
        values: list[FloatArray] = []
        if hi > lo:
            sl = slice(lo, hi)
            vmin = _ordered(self._bmin, self._bhead, self._blen)[sl]
            vmax = _ordered(self._bmax, self._bhead, self._blen)[sl]
            min_first = _ordered(self._bmin_first, self._bhead, self._blen)[sl]
            times.append(np.column_stack((bt0[sl], bt1[sl])).ravel())
            first = np.where(min_first, vmin, vmax)
            second = np.where(min_first, vmax, vmin)
            values.append(np.column_stack((first, second)).ravel())
        rt = _ordered(self._rt, self._rhead, self._rlen)
        a = int(np.searchsorted(rt, t0, side="left"))
        b = int(np.searchsorted(rt, t1, side="right"))
        if b > a:
            times.append(rt[a:b])
            values.append(_ordered(self._rv, self._rhead, self._rlen)[a:b])
        if not times:
            return np.empty(0, dtype=np.float64), np.empty(0, dtype=np.float64)
        return np.concatenate(times), np.concatenate(values)


def _ordered(ring: npt.NDArray[G], head: int, length: int) -> npt.NDArray[G]:
    """The ring's live entries oldest first (a view when they do not wrap)."""
    end = head + length
    if end <= len(ring):
        return ring[head:end]
    import numpy as np

    return np.concatenate((ring[head:], ring[: end - len(ring)]))
