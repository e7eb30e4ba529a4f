"""Per-client rate limiting in cost points: a token bucket per client, kept in this process.

Each client has a bucket holding at most `points` points that refills continuously at `points / window`
points per second (so an idle client is back to a full bucket after `window` seconds). An operation is
let through when its whole cost is in the bucket, and then the cost is taken out; otherwise it is
refused, nothing is taken, and the decision says how many seconds until enough points are back.

The buckets live in the memory of one process: every hub instance behind a load balancer limits on its
own, so a client spread over N instances may spend up to N times the budget. All methods take one lock
and never await, so a limiter is safe to share between threads and between the tasks of an event loop.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Decision:
    """allowed: the cost was taken. remaining: whole points left in the bucket after the decision.
    retry_after: seconds until the bucket holds the cost (0 when allowed; inf if it never can)."""

    allowed: bool
    cost: int
    remaining: int
    retry_after: float


class RateLimiter:
    """Token buckets keyed by client; see the module docstring."""

    PRUNE_EVERY = 1000  # charges between sweeps that forget clients whose bucket is full again

    def __init__(self, points: int, window: float, *, clock: Callable[[], float] = time.monotonic):
        if points <= 0 or window <= 0:
            raise ValueError("points and window must be positive")
        self.capacity = float(points)
        self.window = float(window)
        self.rate = self.capacity / self.window  # points per second
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (level, when it was measured)
        self._lock = threading.Lock()
        self._charges = 0

    def _level(self, client: str, now: float) -> float:
        level, at = self._buckets.get(client, (self.capacity, now))
        return min(self.capacity, level + max(0.0, now - at) * self.rate)

    def charge(self, client: str, cost: int) -> Decision:
        """Take `cost` points from the client's bucket if they are all there; otherwise take nothing."""
        cost = max(0, int(cost))
        with self._lock:
            now = self._clock()
            level = self._level(client, now)
            if cost <= level:
                level -= cost
                self._buckets[client] = (level, now)
                self._charges += 1
                if self._charges % self.PRUNE_EVERY == 0:
                    self._prune(now)
                return Decision(True, cost, math.floor(level), 0.0)
        retry = math.inf if cost > self.capacity else (cost - level) / self.rate
        return Decision(False, cost, math.floor(level), retry)

    def remaining(self, client: str) -> int:
        """Whole points in the client's bucket now, without charging anything."""
        with self._lock:
            return math.floor(self._level(client, self._clock()))

    def _prune(self, now: float) -> None:
        full = [client for client in self._buckets if self._level(client, now) >= self.capacity]
        for client in full:
            del self._buckets[client]


_shared: dict[tuple[int, float], RateLimiter] = {}
_shared_lock = threading.Lock()


def shared_limiter(points: int, window: float) -> RateLimiter:
    """The process's limiter for one budget: every app of the process with the same budget shares it."""
    key = (int(points), float(window))
    with _shared_lock:
        if key not in _shared:
            _shared[key] = RateLimiter(points, window)
        return _shared[key]
