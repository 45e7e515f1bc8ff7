"""Turns to compute public pages: at most `serve --page-threads` at once (issue 16, item 8).

The page cache (`twins.conditional`) answers what it keeps without a turn; a page it must
compute takes one first (`Turns.turn`).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from flask import Flask, current_app


class Turns:
    """At most `n` public pages computed at once; the other threads wait their turn.

    A page is computed under the interpreter lock nearly all the time (the engine lets go
    of it while it evaluates the page's small queries, but takes it back for every row:
    `akteursgraph.interpreter.hand_over_quickly`), so more threads computing pages at once
    only take the lock from each other, and from waitress's thread that reads requests and
    writes answers. Measured at the 1M district, cold entity pages at 16 clients: eight
    threads computing 155-181 pages/s (p95 142-167 ms), two 175-215/s (p95 92-112 ms), one
    about the same as two (issue 16, item 8). Measured again on 2026-12-02, four restarts of
    `serve` taking turns, 800 other pages each time: one 145-155/s (p95 117-124 ms), two
    135-146/s (p95 131-147 ms); so one is the default. The server keeps its threads: one
    waiting for a query worker or a page's turn holds no lock.

    A turn is waited for at most `wait` seconds, then the page is computed without one; and
    while every turn has been held longer than that, pages go at once. So a page that takes
    long (the whole network's figures, a minute after a change at the 1M district; a list's
    index rebuilt after a bulk load) or waits for another's computation never stalls the
    others: they go as they did without turns. `n` 0: no turns.
    """

    def __init__(self, n: int, wait: float = 0.25) -> None:
        self._free = n
        self._limited = n > 0
        self._wait = wait
        self._lock = threading.Lock()
        # Waiting threads in the order they came: a turn is handed to the first, never taken
        # by a thread that came later (with a plain semaphore, newcomers overtook waiters,
        # and the slowest answers were a quarter slower).
        self._queue: deque[_Waiter] = deque()
        self._held: dict[int, float] = {}  # turn -> when it was taken (time.monotonic)
        self._turns = 0
        self.waited_out = 0  # pages computed without a turn

    @contextlib.contextmanager
    def turn(self) -> Iterator[None]:
        mine = self._take() if self._limited else None
        try:
            yield
        finally:
            if mine is not None:
                self._give_back(mine)

    def spare(self) -> int | None:
        """A turn for work nobody waits for (`refill.Refiller`), only if one is free and no
        page waits for one, so that such work never goes before a waiting page: the turn (0
        where turns are not limited), to be handed back with `give_back`; else None."""
        if not self._limited:
            return 0
        with self._lock:
            if self._free > 0 and not self._queue:
                self._free -= 1
                return self._hold(time.monotonic())
        return None

    def give_back(self, turn: int) -> None:
        """Hand back a turn of `spare`."""
        if turn:
            self._give_back(turn)

    @property
    def waiting(self) -> int:
        """Threads waiting for a turn now."""
        with self._lock:
            return len(self._queue)

    def _take(self) -> int | None:
        with self._lock:
            now = time.monotonic()
            if self._free > 0 and not self._queue:
                self._free -= 1
                return self._hold(now)
            if all(now - taken > self._wait for taken in self._held.values()):
                self.waited_out += 1  # only long pages hold the turns: no queue behind them
                return None
            waiter = _Waiter(threading.Event())
            self._queue.append(waiter)
        waiter.handed.wait(self._wait)
        with self._lock:
            if waiter.turn is not None:  # handed over, perhaps just as the wait ended
                return waiter.turn
            self._queue.remove(waiter)
            self.waited_out += 1
            return None

    def _give_back(self, turn: int) -> None:
        with self._lock:
            del self._held[turn]
            if self._queue:  # the turn passes on, `_free` unchanged
                waiter = self._queue.popleft()
                waiter.turn = self._hold(time.monotonic())
                waiter.handed.set()
            else:
                self._free += 1

    def _hold(self, now: float) -> int:
        self._turns += 1
        self._held[self._turns] = now
        return self._turns


@dataclass
class _Waiter:
    handed: threading.Event
    turn: int | None = None


def page_turns() -> Turns:
    return current_app.extensions["akteursgraph.page-turns"]


def init_app(app: Flask) -> None:
    app.extensions["akteursgraph.page-turns"] = Turns(int(app.config.get("PAGE_THREADS", 0)))
