"""Page data computed anew after a publication dropped it (issue 16, item 8: "caches that the
publication step updates").

A publication drops the page data that showed what it touched (`page_cache.PageCache.publish`):
a renamed organisation drops the lists that showed it, their counts and items. Without more,
the next visitor of such a list waited while they were computed again. Measured in-process at
the 1M district (48 lists with random filters, five renames, 45 list pages dropped): such a
page took 5.5 ms on average (max 17.5 ms) without the refill and 3.9 ms (max 7.8 ms) with
it, which is the page's rendering; the refill after a rename (16 entries) took about 30 ms
in the background.

The cache hands what it dropped, and how to compute each, to a `Refiller`, which computes
them again in a thread of its own, the most recently used first, each in a spare turn
(`turns.Turns.spare`): only when no visitor's page waits for one, so that a visitor waits
at most for the one entry being computed, never behind the queue. The thread runs while
there is something to compute and then ends; a publication while it runs puts what it
dropped at the head of the queue (at most `limit` entries: `AKTEURSGRAPH_PAGE_REFILL`, `LIMIT`).
A value computed across a later publication that touched it is not kept
(`PageCache._still`): its next reader computes it, as before.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from flask import Flask

from .turns import Turns

#: How many dropped entries the refill keeps queued unless `AKTEURSGRAPH_PAGE_REFILL` says.
LIMIT = 64


class Refiller:
    """Computes dropped page data again in the background; see the module docstring."""

    #: How often a refill waiting for a spare turn looks again (seconds).
    POLL = 0.005

    def __init__(self, app: Flask, limit: int) -> None:
        self.app = app
        self.limit = max(0, limit)
        self._lock = threading.Lock()
        self._queue: OrderedDict[object, Callable[[], Any]] = OrderedDict()
        self._thread: threading.Thread | None = None
        self._closed = False
        self.computed = 0  # page data computed again (tests, and a look from a debugger)

    def submit(self, items: list[tuple[object, Callable[[], Any]]]) -> None:
        """Queue `items` (key, compute; most recently used first) before what waits from
        earlier publications, and keep the first `limit` of the queue."""
        with self._lock:
            if self._closed:
                return
            self._queue = newest_first(items, self._queue, self.limit)
            if self._thread is None and self._queue:
                self._thread = threading.Thread(target=self._run, name="page-refill", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        cache = self.app.extensions["akteursgraph.page-cache"]
        turns: Turns = self.app.extensions["akteursgraph.page-turns"]
        while True:
            with self._lock:
                if self._closed or not self._queue:
                    self._thread = None
                    return
                key, compute = self._queue.popitem(last=False)
            turn = self._spare_turn(turns)
            if turn is None:
                continue  # closed meanwhile
            try:
                with self.app.app_context():
                    cache.data(key, compute, follows=True, again=True)
                self.computed += 1
            except Exception as exc:  # its next reader computes it, and says what failed
                print(f"akteursgraph: page data {key!r} not computed again: {exc}", file=sys.stderr)
            finally:
                turns.give_back(turn)

    def _spare_turn(self, turns: Turns) -> int | None:
        """Wait for a spare turn (`Turns.spare`); None once closed."""
        while not self._closed:
            turn = turns.spare()
            if turn is not None:
                return turn
            time.sleep(self.POLL)
        return None

    def idle(self, timeout: float = 10.0) -> bool:
        """Wait until nothing is queued or being computed (tests); whether it came to that."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self._lock:
                if self._thread is None:
                    return True
            time.sleep(0.01)
        return False

    def close(self, timeout: float = 10.0) -> None:
        """Stop before the store closes: the queue is dropped, the entry being computed is
        waited for."""
        with self._lock:
            self._closed = True
            self._queue.clear()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)


def newest_first(
    items: list[tuple[object, Callable[[], Any]]],
    queued: OrderedDict[object, Callable[[], Any]],
    limit: int,
) -> OrderedDict[object, Callable[[], Any]]:
    """The refill's queue after a publication: what it dropped (`items`), then what still
    waits from earlier ones, each key once, the first `limit`."""
    queue: OrderedDict[object, Callable[[], Any]] = OrderedDict(items[:limit])
    for key, compute in queued.items():
        if len(queue) >= limit:
            break
        queue.setdefault(key, compute)
    return queue
