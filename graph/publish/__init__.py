"""Publication: the public side follows each commit at the cost of the change, not the data.

The public side the query workers read is a snapshot (`akteursgraph.snapshot`) of the public
mirror (`.mirror`), a store that has only ever received public data. `Publisher` keeps both
in step with the main store: at start-up it trusts the mirror or rebuilds it; after each
commit that touches public graphs it writes the commit's public delta into the mirror and
takes a new snapshot (hard links, milliseconds). The mirror also holds the inferred graph
(`inference`: the RDFS subclass and subproperty entailments of the public data), derived in
full when the mirror is built and then kept in step with each delta. Nothing here copies the
public data on a write; the one exception is repair, when the mirror cannot follow a delta
(see `publish`).

Crash safety: a snapshot is never written after it is taken and the `current` pointer is
replaced atomically, so a kill -9 at any moment leaves the workers' side at the old version
or the new. The mirror itself may then be a step ahead of the snapshot, or behind the main
store; the marker says the mirror was in use, and the next start-up rebuilds it.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..snapshot import KEEP_SECONDS, current_snapshot, snapshot_version, take_snapshot
from ..store import DATA_DIR, Store
from .inference import Inference, inferred_graph, public_side_graphs
from .mirror import (
    Marker,
    PublicDelta,
    apply_delta,
    build_mirror,
    compact,
    has_blank_node,
    main_fingerprint,
    mirror_path,
    public_delta,
)

if TYPE_CHECKING:
    from ..commit import Commit

__all__ = ["Publisher", "inferred_graph", "public_side_graphs"]

#: How many added statements with blank nodes to look up in the main store (see `_follows`).
_BLANK_SAMPLE = 16


class Publisher:
    """The public mirror of one store and the snapshots taken of it.

    Make it with `before_open(path)` before the main store is opened for writing (that
    changes the main store's files, which say whether the mirror is still in step), then
    `start(store)`, `publish(commit)` after each commit, and `close()` after the main store
    is closed.
    """

    def __init__(self, store_path: Path, *, query_timeout: float = 10.0) -> None:
        self.store_path = Path(store_path)
        # A snapshot must outlive every query that may still run on it (see snapshot.py).
        self.keep_seconds = max(KEEP_SECONDS, 3 * query_timeout)
        self.version = 0
        self._read_marker()
        self.current: Path | None = None
        #: How often this publisher rebuilt the mirror, and how long the last rebuild took.
        self.rebuilds = 0
        self.rebuild_seconds: float | None = None
        self._store: Store | None = None
        self._mirror: ox.Store | None = None
        #: The mirror's inferred graph, while the mirror is open.
        self.inference: Inference | None = None
        self._stale = False
        #: The mirror took a delta that no snapshot holds yet (`close` takes one then).
        self._unsnapped = False
        #: Held while the mirror is written or checkpointed (the commit's thread and the
        #: thread that takes snapshots after the acknowledgement).
        self.lock = threading.RLock()

    def _read_marker(self) -> None:
        """Whether the mirror may be trusted, by its marker (before the main store opens)."""
        marker = Marker.read(self.store_path)
        has_main = (self.store_path / DATA_DIR).is_dir()
        self.trusted = bool(
            marker is not None
            and not marker.in_use
            and has_main
            and marker.main_files == main_fingerprint(self.store_path)
            and mirror_path(self.store_path).is_dir()
        )
        # Versions only grow: a snapshot's name is its version, and the query workers take a
        # new name for new data (a restart after an erasure must not reuse an old one).
        self.version = max(self.version, marker.version if marker else 0)
        self._quads = marker.quads if marker else None
        self._hierarchy = marker.hierarchy if marker else None

    @classmethod
    def before_open(cls, store_path: Path, *, query_timeout: float = 10.0) -> Publisher:
        """`query_timeout`: the longest a public query may run (a snapshot outlives it)."""
        return cls(store_path, query_timeout=query_timeout)

    def start(self, store: Store) -> Path:
        """Make the mirror and the current snapshot hold the main store's public data.

        A mirror is trusted only if its last user closed it in step with the main store and
        nothing wrote to the main store since; otherwise it is rebuilt (a start-up after a
        crash, after a CLI write, or the first start-up).
        """
        self._store = store
        # From here on a crash leaves the mirror unsure: say so before touching it.
        Marker(self.version, in_use=True).write(self.store_path)
        if self.trusted:
            try:
                self._mirror = ox.Store(str(mirror_path(self.store_path)))
                if len(self._mirror) != self._quads:
                    raise OSError(f"it holds {len(self._mirror)} quads, not {self._quads}")
            except OSError as exc:  # damaged files: the main store has it all
                print(f"akteursgraph: the public mirror is rebuilt: {exc}", file=sys.stderr)
                self._mirror = None
                self.trusted = False
        fresh = True
        if self.trusted:
            assert self._mirror is not None
            self.inference = Inference(self._mirror, store.base_iri)
            if not self.inference.current(self._hierarchy):
                # A new vocabulary (or a mirror from before the inferred graph): derive it.
                self.inference.rebuild()
                fresh = False
        else:
            self._rebuild()
        current = current_snapshot(self.store_path)
        if self.trusted and fresh and snapshot_version(current) == self.version:
            self.current = current
            return current
        return self._snapshot()

    def reset(self) -> None:
        """Start over after `close`, as `before_open` does (call it before the main store is
        opened again): an erasure in the running server dropped the mirror, its marker and
        the snapshots, so `start` then rebuilds them from the cleaned store."""
        with self.lock:
            self._read_marker()
            self.current = None
            self._store = None
            self._stale = False

    def start_read_only(self) -> Path | None:
        """The public snapshot to serve without writing anything (a full disk at start-up).

        Only a snapshot known to be in step with the main store will do: the mirror was
        closed in step with it and nothing wrote since (else it could show data the store no
        longer holds). None when there is none: then the public queries wait (503)."""
        current = current_snapshot(self.store_path)
        if self.trusted and snapshot_version(current) == self.version:
            self.current = current
            return current
        return None

    def publish(self, commit: Commit) -> Path | None:
        """Write the commit's public delta into the mirror and make it the current snapshot.

        Returns the new snapshot, or None when the commit changed no public graph.
        """
        with self.lock:
            return self.snapshot() if self.follow(commit) else None

    def snapshot(self) -> Path:
        """A new snapshot of the mirror as it is now, made the current one.

        A checkpoint flushes the mirror's tables: a tenth of a second or more at the 1M
        district, which is why the web app takes it after acknowledging a change
        (`follower.Snapshots`); the lock keeps it from catching a delta half-written."""
        with self.lock:
            return self._snapshot()

    def follow(self, commit: Commit) -> bool:
        """Write the commit's public delta into the mirror; True if the mirror changed.

        If the mirror cannot follow the delta (the main store named blank nodes anew, or a
        write failed half-way), it is rebuilt from the main store: correct, but at the cost
        of the data, and said on stderr.
        """
        with self.lock:
            return self._follow(commit)

    def _follow(self, commit: Commit) -> bool:
        if not commit.touches_public:
            return False
        if self._store is None:
            raise RuntimeError("Publisher.start() was not called")
        delta = public_delta(self._store, commit.change)
        if not len(delta):
            return False
        if self._stale or self._mirror is None:  # an earlier rebuild failed: try again
            self._rebuild()
        elif commit.change.remove and not self._follows(delta):
            print(
                "akteursgraph: the main store named this change's blank nodes anew; "
                "the public mirror is rebuilt",
                file=sys.stderr,
            )
            self._rebuild()
        else:
            try:
                apply_delta(self._mirror, delta, bulk_from=Store.BULK_THRESHOLD)
                assert self.inference is not None
                self.inference.follow(delta)
                if delta.add_count >= Store.BULK_THRESHOLD:
                    compact(self._mirror)
            except Exception as exc:
                print(f"akteursgraph: the public mirror is rebuilt after {exc!r}", file=sys.stderr)
                self._stale = True
                self._rebuild()
        self._unsnapped = True
        return True

    def close(self) -> None:
        """Let go of the mirror; call after the main store is closed.

        Writes the marker that lets the next start-up trust the mirror: the main store's
        files as they are now, which any later write (a CLI `load`) will change.
        """
        if self._mirror is None:
            return
        if self._unsnapped and not self._stale:
            # A delta followed but not yet snapshotted (the server stopped before the
            # snapshot after the acknowledgement): the next start trusted the mirror and
            # served the snapshot before it, and the dumps, made from snapshots, never
            # caught up. Snapshotted now, it is what the next start serves and dumps.
            try:
                self.snapshot()
            except OSError as exc:  # the marker then stays "in use": the next start rebuilds
                print(f"akteursgraph: no snapshot of the public mirror on closing: {exc}",
                      file=sys.stderr)  # fmt: skip
                self._stale = True
        try:
            self._mirror.flush()
        except OSError as exc:  # a full disk: the marker stays "in use", so it is rebuilt
            print(f"akteursgraph: the public mirror was closed unflushed: {exc}", file=sys.stderr)
            self._stale = True
        quads = len(self._mirror)  # a full count: a tenth of a second at 1M quads
        hierarchy = self.inference.hierarchy.fingerprint() if self.inference else None
        self._mirror = None  # the last reference: releases RocksDB's lock
        self.inference = None
        if not self._stale:
            main_files = main_fingerprint(self.store_path)
            try:
                Marker(self.version, False, main_files, quads, hierarchy).write(self.store_path)
            except OSError as exc:  # the old marker says "in use": the next start rebuilds
                print(f"akteursgraph: the mirror's marker was not written: {exc}",
                      file=sys.stderr)  # fmt: skip

    # ---- inside ------------------------------------------------------------------------

    def _follows(self, delta: PublicDelta) -> bool:
        """Whether the main store holds the delta's blank nodes under the delta's names.

        A write with removals may go in as one SPARQL update, whose INSERT DATA names blank
        nodes anew (a write without removals keeps the names); the mirror, given the old
        names, would then not know them when a later change removes them. One renamed node
        means the whole write was renamed, so a sample is enough.
        """
        assert self._store is not None
        checked = 0
        for q in delta.added():
            if not has_blank_node(q):
                continue
            found = self._store.quads(q.subject, q.predicate, q.object, q.graph_name)
            if next(found, None) is None:
                return False
            checked += 1
            if checked >= _BLANK_SAMPLE:
                break
        return True

    def _rebuild(self) -> None:
        assert self._store is not None
        began = time.perf_counter()
        self._stale = True  # until the new one is whole
        self._mirror = None  # release the old one before its folder goes
        self.inference = None
        self._mirror = build_mirror(self._store, mirror_path(self.store_path))
        self.inference = Inference(self._mirror, self._store.base_iri)
        self.inference.rebuild()
        compact(self._mirror)
        self._stale = False
        self.version = max(self.version, snapshot_version(current_snapshot(self.store_path)) or 0)
        self.rebuilds += 1
        self.rebuild_seconds = time.perf_counter() - began

    def _snapshot(self) -> Path:
        if self._mirror is None:  # a reopening after a failed snapshot failed too
            self._reopen_mirror()
        assert self._mirror is not None
        self.version += 1
        self._unsnapped = False  # set again by a delta that comes while it is taken
        try:
            self.current = take_snapshot(
                self._mirror, self.store_path, self.version, keep_seconds=self.keep_seconds
            )
        except OSError:
            # After a flush failed (a full disk) the engine refuses every later flush of this
            # handle (RocksDB's background error) until it resumes on its own, which may take
            # seconds after there is room again; a handle opened anew replays the mirror's log
            # and flushes at once. Still no room: the reopening or the snapshot fails again.
            self._reopen_mirror()
            assert self._mirror is not None
            self.current = take_snapshot(
                self._mirror, self.store_path, self.version, keep_seconds=self.keep_seconds
            )
        return self.current

    def _reopen_mirror(self) -> None:
        assert self._store is not None
        self.inference = None  # it holds the old handle, which holds RocksDB's lock
        self._mirror = None
        self._mirror = ox.Store(str(mirror_path(self.store_path)))
        self.inference = Inference(self._mirror, self._store.base_iri)
