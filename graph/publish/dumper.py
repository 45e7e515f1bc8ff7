"""Dumps in the background: after publications, a low-priority process makes the version.

Why a process and not the commit or a thread: at the 1M district a full dump in four formats
takes seconds of CPU, and most of it is Python iterating quads, which holds the GIL; in the
serving process that would stall every request. So the subscriber only notes the publication
(microseconds, under the write lock), and this thread, after a short quiet time, takes a
private copy of the newest snapshot (hard links, milliseconds) and runs
`python -m akteursgraph.publish.dumper` on it at a lower priority (`os.nice`). The child reads
the snapshot as a stream (bounded memory) and exits; the server does not wait for it.

Debounced: publications that come while a version is being made, or within the quiet time,
are made into one version, of the newest snapshot; the earlier ones are listed with it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import dump_files, dumps

#: How long the thread waits after a publication for more to come, and how long at most
#: from the first of a burst (a steady stream of publications still gets versions).
SETTLE_S = 0.25
MAX_WAIT_S = 2.0
#: After start-up, before dumping a public side that changed while the server was down:
#: the workers are loading the snapshot then.
START_DELAY_S = 5.0
NICE = 19


class DumpScheduler:
    """Makes a dump version after publications, in a child process, one at a time."""

    def __init__(
        self,
        store_path: Path,
        *,
        settle: float = SETTLE_S,
        max_wait: float = MAX_WAIT_S,
        start_delay: float = START_DELAY_S,
    ) -> None:
        self.store_path = Path(store_path)
        self.settle, self.max_wait, self.start_delay = settle, max_wait, start_delay
        self._cond = threading.Condition()
        self._pending: Path | None = None
        self._publications: list[dict[str, Any]] = []
        #: The next version must read the whole snapshot: the public side changed while no
        #: server ran, and no change set of the history says where (`start`).
        self._whole = False
        self._first = 0.0
        self._due = 0.0
        self._busy = False
        self._stopping = False
        self._child: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None
        #: Versions made and runs that failed, for the log and the tests.
        self.made = 0
        self.failed = 0

    def start(self, current: Path | None) -> None:
        """Start the thread; dump `current` if the newest version is not of it (the public
        side changed while no server ran, or there is no version yet)."""
        shutil.rmtree(dumps.dumps_root(self.store_path) / "work", ignore_errors=True)
        index = dumps.read_index(self.store_path)
        newest = index["versions"][0]["snapshot"] if index["versions"] else None
        if current is not None and current.name != newest:
            with self._cond:
                self._pending = current
                self._whole = True
                self._first = time.monotonic()
                self._due = self._first + self.start_delay
        self._thread = threading.Thread(target=self._run, name="dumps", daemon=True)
        self._thread.start()

    def published(self, snapshot: Path, change_id: str | None) -> None:
        """Note a publication (the subscriber's part: no I/O, no waiting)."""
        now = time.monotonic()
        with self._cond:
            if self._pending is None:
                self._first = now
            self._pending = snapshot
            when = datetime.now(UTC).isoformat(timespec="milliseconds")
            self._publications.append({"change": change_id, "published": when})
            self._due = min(now + self.settle, self._first + self.max_wait)
            self._cond.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until nothing is pending or being made (tests, the benchmark)."""
        end = time.monotonic() + timeout
        with self._cond:
            while self._pending is not None or self._busy:
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.05))
        return True

    def close(self, timeout: float = 10.0) -> None:
        """Stop: a version being made is abandoned (its half is removed at the next start)."""
        with self._cond:
            self._stopping = True
            child = self._child
            self._cond.notify_all()
        if child is not None and child.poll() is None:
            _signal_group(child, signal.SIGTERM)
            try:
                child.wait(timeout)
            except subprocess.TimeoutExpired:
                _signal_group(child, signal.SIGKILL)
                child.wait()
        if self._thread is not None:
            self._thread.join(timeout)

    def restart(self, current: Path | None) -> None:
        """Start again after `close`, as at start-up (an erasure in the running server
        rewrote the dumps and dropped the snapshots meanwhile)."""
        with self._cond:
            self._stopping = False
            self._pending = None
            self._publications = []
            self._whole = False
            self._busy = False
            self._child = None
        self.start(current)

    # ---- the thread ----------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopping and (
                    self._pending is None or time.monotonic() < self._due
                ):
                    wait = None if self._pending is None else self._due - time.monotonic()
                    self._cond.wait(wait)
                if self._stopping:
                    return
                snapshot, publications = self._pending, self._publications
                whole = self._whole
                self._pending, self._publications, self._whole = None, [], False
                self._busy = True
            assert snapshot is not None
            ok = False
            try:
                ok = self._make(snapshot, publications, whole)
            finally:
                with self._cond:
                    self._busy = False
                    if not ok and not self._stopping:  # not lost: they go with the next
                        self._publications[:0] = publications
                        self._whole = self._whole or whole
                    self._cond.notify_all()

    def _make(self, snapshot: Path, publications: list[dict[str, Any]], whole: bool) -> bool:
        """One version in the child process; `whole`: read the whole snapshot, not only the
        subjects the publications changed. A publication within the start-up delay joins
        the start-up's version, which must still hold what changed while no server ran:
        patched from the publication's subjects alone, that version and every later one
        lacked a CLI write's 4 quads, which /sparql had (benchmark, 142k district)."""
        work = dumps.dumps_root(self.store_path) / "work"
        private = work / f"snap-{snapshot.name}"
        try:
            dump_files.link_snapshot(snapshot, private)
        except OSError as exc:
            print(f"akteursgraph: no dump of {snapshot.name}: {exc}", file=sys.stderr)
            self.failed += 1
            return False
        from ..changes.settings import dump_keep  # the child need not import the history

        last, monthly = dump_keep(self.store_path)  # read at each version: a change applies
        command = [
            sys.executable, "-m", "akteursgraph.publish.dumper", str(self.store_path),
            str(private), json.dumps(publications), str(last), "1" if monthly else "0",
            "whole" if whole else "patch",
        ]  # fmt: skip
        with self._cond:
            if self._stopping:
                return False
            # Its own process group: the two writer processes it may start go with it on stop.
            self._child = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, start_new_session=True
            )
        code = self._child.wait()
        with self._cond:
            self._child = None
        shutil.rmtree(private, ignore_errors=True)
        if code != 0:
            if not self._stopping:
                print(f"akteursgraph: the dump of {snapshot.name} failed ({code})", file=sys.stderr)
                self.failed += 1
            return False
        self.made += 1
        return True


def _signal_group(child: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    """The maker and the writer processes it started (one process group)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, sig)


def main(argv: list[str]) -> int:
    """The child: make one version (arguments: store folder, private snapshot copy, the
    publications as JSON, versions kept, monthly 1 or 0, and "whole" to read the whole
    snapshot), at a lower priority."""
    store_path, snapshot, publications = Path(argv[0]), Path(argv[1]), json.loads(argv[2])
    last, monthly = int(argv[3]), argv[4] == "1"
    whole = argv[5] == "whole"
    _yield_the_cores()
    dump_files.make_version(
        store_path, snapshot, publications, last=last, monthly=monthly, whole=whole
    )
    # After the version: its changelog lists what a consent's end took away (dumps.withhold).
    dump_files.scrub_withheld(store_path)
    return 0


def _yield_the_cores() -> None:
    """Run only when the server leaves a core idle: at 1M quads a version takes 13-19 s of
    CPU, and at nice 10 it still pushed the acknowledgement of a publication past 200 ms
    (p95 216 ms at scale 10). The lowest nice value, and Linux's idle class where there is
    one; the format helper it starts inherits both."""
    os.nice(NICE)
    if hasattr(os, "sched_setscheduler") and hasattr(os, "SCHED_IDLE"):
        with contextlib.suppress(OSError):
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
