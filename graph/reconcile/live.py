"""The service's matcher, kept in step with the public graphs.

The matcher itself is the import's (`akteursgraph.matching`: one matcher for duplicates and
for reconciliation). This holder builds it on first use (a server that is never asked to
reconcile pays nothing at start-up; the first batch pays the two scans), lets one caller at
a time read or change it, and follows each commit: the entities a commit touched are read
again (`Matcher.refresh`), or, for a bulk load, the matcher is rebuilt aside and swapped in.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from ..matching import Matcher
from ..search.reading import touched
from ..store import Change, Store

T = TypeVar("T")


class LiveMatcher:
    """A `Matcher` over the public graphs of `store`, built lazily, following commits."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._matcher: Matcher | None = None

    def using(self, work: Callable[[Matcher], T]) -> T:
        """Run `work` with the matcher (built now if not yet), alone: no refresh meanwhile."""
        with self._lock:
            if self._matcher is None:
                self._matcher = Matcher.from_store(self._store)
            return work(self._matcher)

    def follow(self, change: Change) -> None:
        """After a commit that touched public data: re-read what it touched."""
        with self._lock:
            if self._matcher is None:
                return  # built from the current data on first use
            limit = max(200, len(self._matcher) // 50)
            iris, hierarchy_changed = touched(self._store, change, limit=limit)
            if iris is None or hierarchy_changed:
                # A bulk change, or new classes: rebuilt by the next reader, not here (a
                # writer never waits for a rebuild).
                self._matcher = None
                return
            self._matcher.refresh(self._store, iris)
