"""The service's matcher, kept in step with the public graphs.

The matcher itself is the import's (`akteursgraph.matching`: one matcher for duplicates and
for reconciliation). Building it takes two scans of the store (about 40 s at a million quads
on two cores), so it is built in a thread of its own: at server start-up (`start`, after the
app is up, so start-up is not slower and other requests are answered meanwhile), or else on
first use. A reconciliation batch that comes before it is ready waits for it, at most the
request's time limit (then `QueryBusy`: "try again shortly"; the build goes on). One caller
at a time reads or changes it, and it follows each commit: the entities a commit touched are
read again (`Matcher.refresh`), or, for a bulk load, the matcher is rebuilt aside and swapped
in. Commits during a build are noted and applied to the new matcher before anyone uses it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from ..errors import QueryBusy
from ..matching import Matcher
from ..search.reading import touched
from ..store import Change, Store

T = TypeVar("T")


class LiveMatcher:
    """A `Matcher` over the public graphs of `store`, built in the background, following
    commits. `wait`: how long a caller waits for a build (seconds)."""

    def __init__(self, store: Store, *, wait: float = 60.0) -> None:
        self._store = store
        self._wait = wait
        self._lock = threading.Lock()
        self._ready = threading.Condition(self._lock)
        self._matcher: Matcher | None = None
        self._building: threading.Thread | None = None
        #: Commits while a build runs: applied to its matcher before it is used.
        self._pending: list[Change] = []
        self._failed: BaseException | None = None

    def start(self) -> None:
        """Begin building now, in the background (server start-up)."""
        with self._lock:
            self._build_locked()

    @property
    def ready(self) -> bool:
        with self._lock:
            return self._matcher is not None

    def using(self, work: Callable[[Matcher], T]) -> T:
        """Run `work` with the matcher, alone: no refresh meanwhile. Waits for a build (one
        is begun if none runs), at most `wait` seconds."""
        deadline = time.monotonic() + self._wait
        with self._ready:
            while self._matcher is None:
                self._build_locked()
                left = deadline - time.monotonic()
                if left <= 0 or not self._ready.wait(left):
                    if self._matcher is not None:
                        break
                    raise QueryBusy(
                        "Der Abgleich wird gerade vorbereitet; bitte gleich noch einmal versuchen.",
                        "Reconciliation is being prepared; please try again shortly.",
                        where="reconcile",
                    )
                if self._failed is not None and self._matcher is None:
                    failed, self._failed = self._failed, None
                    raise failed
            return work(self._matcher)

    def follow(self, change: Change) -> None:
        """After a commit that touched public data: re-read what it touched."""
        with self._lock:
            if self._matcher is None:
                if self._building is not None:
                    self._pending.append(change)  # for the matcher being built
                return  # else built from the current data on first use
            self._apply(change)

    def close(self) -> None:
        """Wait for a build that runs (it reads the store, which is closed next)."""
        with self._lock:
            building = self._building
        if building is not None:
            building.join()

    def reset(self) -> None:
        """Drop the matcher (after a build that runs): an erasure took people out of the
        store, whom it would still match. Built again by its next user."""
        self.close()
        with self._lock:
            self._matcher = None
            self._pending = []
            self._failed = None

    # ---- inside ------------------------------------------------------------------------

    def _build_locked(self) -> None:
        if self._matcher is not None or self._building is not None:
            return
        self._pending = []
        self._building = threading.Thread(
            target=self._build, name="reconciliation matcher", daemon=True
        )
        self._building.start()

    def _build(self) -> None:
        matcher: Matcher | None = None
        failed: BaseException | None = None
        try:
            matcher = Matcher.from_store(self._store)
        except Exception as exc:  # handed to the waiting callers, never lost in the thread
            failed = exc
        with self._ready:
            self._building = None
            self._failed = failed
            self._matcher = matcher
            pending, self._pending = self._pending, []
            for change in pending:
                if self._matcher is None:
                    break  # a bulk change since the scans: built again below
                self._apply(change)
            if self._matcher is None and failed is None:
                self._build_locked()
            else:
                self._ready.notify_all()

    def _apply(self, change: Change) -> None:
        assert self._matcher is not None
        limit = max(200, len(self._matcher) // 50)
        iris, hierarchy_changed = touched(self._store, change, limit=limit)
        if iris is None or hierarchy_changed:
            # A bulk change, or new classes: rebuilt by the next reader, not here (a
            # writer never waits for a rebuild).
            self._matcher = None
            return
        self._matcher.refresh(self._store, iris)
