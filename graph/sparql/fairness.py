"""Each client's fair share of the query workers.

Four clients looping a runaway query used to hold every worker, so that everyone else's simple
queries waited seconds or got 503. Two rules, counted per client address (behind a reverse
proxy, the address the proxy reports; see `serve --trusted-proxy`):

- **A time budget**, as the Wikidata Query Service keeps one: a client may use at most
  `budget` worker-seconds in any `window` seconds (queries still running count with the time
  they have run so far). Over it, its next query is refused at once (429 with Retry-After)
  until enough of its past use has left the window. One client asking one query after
  another cannot use more than the window's length, so with the defaults a researcher
  working alone is never refused.
- **A worker kept for light clients**: a client that is *heavy* (one of its queries in the
  window ran longer than `slow` seconds, or it has used more than half its budget) takes a
  worker only while another stays idle. So heavy clients together hold at most `size - 1`
  workers, and a light client's query finds one free. No client holds more than `size - 1`
  workers at once either. A pool of one worker (the CLI's) has nobody to share with: no rule
  applies.

A new client counts as light until its first slow query has ended (nothing tells a runaway
query from a simple one before it has run), so a few new runaway clients at once can hold
the kept worker for one time limit each; after that they wait behind each other.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field

from ..errors import QueryRateLimited


@dataclass
class _Use:
    """One client's use of the workers: finished queries (end, seconds) and running ones."""

    done: deque[tuple[float, float]] = field(default_factory=deque)
    running: dict[int, float] = field(default_factory=dict)  # token -> start
    slow_until: float = 0.0  # heavy until then: a query of its ran longer than `slow`


class FairShare:
    """The accounting behind the two rules; the pool asks it under its own lock."""

    def __init__(
        self, size: int, *, budget: float = 90.0, window: float = 60.0, slow: float = 2.0
    ) -> None:
        self.size = size
        self.budget = budget
        self.window = window
        self.slow = slow
        self._clients: dict[str, _Use] = {}
        self._swept = time.monotonic()

    @property
    def applies(self) -> bool:
        """Whether there is anyone to share with (the CLI's single worker has nobody)."""
        return self.size > 1

    def used(self, client: str, now: float | None = None) -> float:
        """Worker-seconds `client` used in the window up to `now`, running queries included."""
        now = time.monotonic() if now is None else now
        use = self._clients.get(client)
        if use is None:
            return 0.0
        self._forget_old(use, now)
        return sum(s for _, s in use.done) + sum(now - start for start in use.running.values())

    def check_budget(self, client: str) -> None:
        """Refuse (429) a client over its budget, saying when it may ask again."""
        if not self.applies:
            return
        now = time.monotonic()
        used = self.used(client, now)
        if used <= self.budget:
            return
        retry = max(1, int(self._seconds_until_within(client, now, used)) + 1)
        raise QueryRateLimited(
            f"Diese Adresse hat in den letzten {self.window:g} s mehr als {self.budget:g} s "
            f"Rechenzeit für Abfragen gebraucht; bitte in {retry} s wieder fragen.",
            f"This address used more than {self.budget:g} s of query time in the last "
            f"{self.window:g} s; please ask again in {retry} s.",
            retry_after=retry,
        )

    def heavy(self, client: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        use = self._clients.get(client)
        if use is None:
            return False
        if use.slow_until > now:
            return True
        if any(now - start > self.slow for start in use.running.values()):
            return True
        return self.used(client, now) > self.budget / 2

    def may_take(self, client: str, idle: int) -> bool:
        """Whether `client` may take one of `idle` idle workers now."""
        if idle <= 0:
            return False
        if not self.applies:
            return True
        use = self._clients.get(client)
        if use is not None and len(use.running) >= self.size - 1:
            return False
        return idle >= 2 or not self.heavy(client)

    def held_back(self, client: str, idle: int) -> str | None:
        """Why `client` may not take one of `idle` idle workers: "own" (its queries hold all
        but the one kept for others), "heavy" (a heavy client waits for a second idle one),
        or None (no worker is idle, or it may take one)."""
        if idle <= 0 or not self.applies or self.may_take(client, idle):
            return None
        use = self._clients.get(client)
        if use is not None and len(use.running) >= self.size - 1:
            return "own"
        return "heavy"

    def started(self, client: str, token: int) -> None:
        self._sweep()
        use = self._clients.setdefault(client, _Use())
        use.running[token] = time.monotonic()

    def ended(self, client: str, token: int) -> None:
        use = self._clients.get(client)
        if use is None or token not in use.running:
            return
        now = time.monotonic()
        seconds = now - use.running.pop(token)
        use.done.append((now, seconds))
        if seconds > self.slow:
            use.slow_until = now + self.window

    def _forget_old(self, use: _Use, now: float) -> None:
        while use.done and use.done[0][0] <= now - self.window:
            use.done.popleft()

    def _seconds_until_within(self, client: str, now: float, used: float) -> float:
        """How long until enough of `client`'s finished use leaves the window."""
        use = self._clients[client]
        for end, seconds in use.done:
            used -= seconds
            if used <= self.budget:
                return end + self.window - now
        return self.window  # its running queries alone are over the budget

    def _sweep(self) -> None:
        """Forget clients with nothing in the window (memory stays bounded by the clients
        of the last window), at most once per window."""
        now = time.monotonic()
        if now - self._swept < self.window:
            return
        self._swept = now
        for client in list(self._clients):
            use = self._clients[client]
            self._forget_old(use, now)
            if not use.done and not use.running and use.slow_until <= now:
                del self._clients[client]
