"""Python's cycle collector paused while a few big structures are built.

A 50,000-row import plan, or the matcher over a million quads, keeps millions of objects
alive (cells, terms, quads, index entries) and makes almost no reference cycles; the
collector's full passes over them took half of the import's dry run (issue 15). Reference
counting still frees everything else at once while the collector rests.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
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
