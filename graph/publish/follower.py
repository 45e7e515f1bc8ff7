"""Snapshots after the acknowledgement: a commit's writer does not wait for the checkpoint.

A commit writes its public delta into the mirror under the write lock (milliseconds); the
checkpoint that the query workers then read costs a flush of the mirror's tables, a tenth of
a second or more at the 1M district, which would be most of a small change's acknowledgement
(issue 11: under 200 ms). So the web app's subscriber only notes the commit here, and this
thread takes the snapshot right after, of everything noted so far (a burst becomes one
snapshot), and hands it to `on_snapshot` (the workers switch to it; the dumps follow it).

Read-your-writes is kept: whoever must see every acknowledged change (a `/sparql` query of
staff, who may have just written) calls `wait` first, which returns as soon as the snapshot
of everything noted before the call is current: at most one checkpoint later. A reader who
wrote nothing waits only for removals from the public side (`wait(..., removals_only=True)`:
what is withdrawn or erased is never served once acknowledged); a new statement reaches them
with the next snapshot (issue 11: visible within 1 s), and a simple query no longer waits a
checkpoint behind every write. A snapshot that fails (a full disk) is handed to
`on_failure`, which the web app turns into the writer's "stale" state (withheld removals,
retried at the next write) as when it was taken in the commit. Crash safety is the
publisher's: a kill -9 before the snapshot leaves the old snapshot current and the mirror
marked in use (rebuilt at the next start).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..commit import Commit
    from . import Publisher

OnSnapshot = Callable[[Path, "list[Commit]"], None]
OnFailure = Callable[["list[Commit]", BaseException], None]


class Snapshots:
    """Takes the publisher's snapshots in a thread of its own, after the commits noted."""

    def __init__(
        self, publisher: Publisher, on_snapshot: OnSnapshot, on_failure: OnFailure
    ) -> None:
        self.publisher = publisher
        self.on_snapshot = on_snapshot
        self.on_failure = on_failure
        self._cond = threading.Condition()
        self._noted = 0  # commits noted so far
        self._done = 0  # of those, how many the current snapshot holds
        self._removal = 0  # the count noted up to the last commit that removed public data
        self._commits: list[Commit] = []
        self._stopping = False
        #: Snapshots that failed (said on stderr; the next commit tries again).
        self.failed = 0
        self._thread = threading.Thread(target=self._run, name="snapshots", daemon=True)
        self._thread.start()

    def noted(self, commit: Commit) -> None:
        """A commit's delta is in the mirror: snapshot it soon (no I/O here)."""
        with self._cond:
            self._noted += 1
            if commit.removes_public:
                self._removal = self._noted
            self._commits.append(commit)
            self._cond.notify_all()

    def wait(self, timeout: float, *, removals_only: bool = False) -> bool:
        """Wait until the current snapshot holds every commit noted before this call, or
        with `removals_only` every one that removed public data. False if `timeout` ran
        out first."""
        with self._cond:
            wanted = self._removal if removals_only else self._noted
            return self._cond.wait_for(
                lambda: self._done >= wanted or self._stopping, timeout=timeout
            )

    def close(self, timeout: float = 30.0) -> None:
        """Take the last snapshot owed, then stop."""
        self.wait(timeout)
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._noted > self._done or self._stopping)
                if self._stopping:
                    return
                upto, commits, self._commits = self._noted, self._commits, []
            try:
                self.on_snapshot(self.publisher.snapshot(), commits)
            except Exception as exc:  # the workers keep the last snapshot; say so
                self.failed += 1
                print(f"akteursgraph: a public snapshot failed: {exc!r}", file=sys.stderr)
                try:
                    self.on_failure(commits, exc)
                except Exception as failed:
                    print(f"akteursgraph: ... and was not noted: {failed!r}", file=sys.stderr)
            with self._cond:
                self._done = upto
                self._cond.notify_all()
