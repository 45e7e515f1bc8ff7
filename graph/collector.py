"""Python's cycle collector: paused while a few big structures are built, and its full
passes moved to a server's quiet moments (`QuietCollections`).

A 50,000-row import plan, or the matcher over a million quads, keeps millions of objects
alive (cells, terms, quads, index entries) and makes almost no reference cycles; the
collector's full passes over them took half of the import's dry run (issue 15). Reference
counting still frees everything else at once while the collector rests.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_paused = 0  # how many pauses are running (threads of the server, nested calls)
_collecting = True  # whether the collector ran before the first of them
_lock = threading.Lock()


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off inside; overlapping pauses (other threads, nested calls) share one,
    and the collector runs again (if it ran before) when the last one ends."""
    global _paused, _collecting
    with _lock:
        if _paused == 0:
            _collecting = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _collecting:
                gc.enable()


class QuietCollections:
    """Python's full collection passes, moved from whichever request allocates to quiet
    moments of a long-running server.

    Measured in `serve` at the 1M district (gc.callbacks, 2026-12-02): after start-up's
    freeze, full passes came every one to two seconds while the reading surfaces filled, and
    now and then while the server was in use, each 30-314 ms, and found nothing to free in
    almost all of them (cycles are rare here: reference counting frees nearly everything).
    Each pass holds the GIL, so every request in flight waited that long. (While
    publications were followed only the young generations' passes ran, 5-30 ms.)

    `start()` leaves the young generations as they were and stops the automatic full pass;
    a thread runs one when no request is in flight and none began for `quiet` seconds (and
    `spacing` seconds passed since the last), and after `longest` seconds in any case, so
    the rare cyclic garbage is still freed within that time. While a builder has paused the
    collector (`collector_paused`), the thread waits too.

    `serve` uses it only when the operator asks (`AKTEURSGRAPH_GC_LONGEST_SECONDS`): in the
    publication benchmark (2026-12-02, runs taking turns) it changed no figure beyond the
    machine's noise. With 5 minutes as the longest wait, a run that never left the server
    quiet got no full pass at all, and in two of three such runs `serve` peaked 30-40 MiB
    higher (806-817 against 777-779 MiB; cycles that hold large values wait in the oldest
    generation until a full pass); with a minute, the one run met the memory figure and
    missed the simple queries' p95 (112 ms), a forced pass of 326 ms among them.
    """

    def __init__(self, quiet: float = 2.0, longest: float = 60.0, spacing: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.quiet = quiet
        self.longest = longest
        self.spacing = min(spacing, longest)
        self._clock = clock
        self._lock = threading.Lock()
        self._in_flight = 0
        self._last_request = clock()
        self._last_pass = clock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._threshold: tuple[int, int, int] | None = None
        #: For operators (`/healthz`): passes run, and the last one's length in ms.
        self.passes = 0
        self.last_ms: float | None = None

    def began(self) -> None:
        """A request began (the web layer calls this and `ended` around each)."""
        with self._lock:
            self._in_flight += 1
            self._last_request = self._clock()

    def ended(self) -> None:
        with self._lock:
            self._in_flight -= 1
            self._last_request = self._clock()

    @property
    def in_flight(self) -> int:
        """Requests begun and not yet ended."""
        return self._in_flight

    def due(self) -> bool:
        """Whether a full pass should run now."""
        now = self._clock()
        with self._lock:
            since_pass = now - self._last_pass
            if since_pass >= self.longest:
                return True
            quiet = self._in_flight == 0 and now - self._last_request >= self.quiet
        return quiet and since_pass >= self.spacing

    def collect(self) -> None:
        """One full pass now, timed."""
        began = time.perf_counter()
        gc.collect()
        self.last_ms = round((time.perf_counter() - began) * 1000, 1)
        self.passes += 1
        with self._lock:
            self._last_pass = self._clock()

    def start(self) -> None:
        """Stop the automatic full pass and start the thread that runs them instead."""
        self._threshold = gc.get_threshold()
        young, middle, _full = self._threshold
        gc.set_threshold(young, middle, _NEVER)
        self._thread = threading.Thread(target=self._run, name="quiet-collections", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """End the thread and give the automatic full pass back."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._threshold is not None:
            gc.set_threshold(*self._threshold)

    def _run(self) -> None:
        tick = min(0.5, self.quiet / 2, self.spacing / 2)
        while not self._stop.wait(tick):
            if gc.isenabled() and self.due():
                self.collect()


#: A full pass's threshold that is never reached: in CPython up to 3.13 a full pass runs when
#: this many middle passes came since the last (and the long-lived objects grew by a
#: quarter); the middle passes run every 7,000 allocations or so, so this is never.
_NEVER = 1_000_000_000
