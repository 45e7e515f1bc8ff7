"""The public snapshots the query workers read: checkpoints of the public mirror.

Public queries never run against the main store: they run in worker processes that open a
snapshot, which holds the public named graphs and nothing else. Internal data is then out of
their reach physically, not only by a filter, and a query that crashes its process cannot
hurt the main store.

A snapshot is a RocksDB checkpoint of the public mirror (`akteursgraph.publish`): hard links
to the mirror's immutable files, taken in milliseconds after each publication, so a new
version costs what the change costs, not a copy of the public data. A snapshot is never
written after it is taken, and the `current` pointer, replaced atomically, names only a
complete one: a reader sees the old version or the new one, never a mix.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pyoxigraph as ox

SNAPSHOT_DIR = "public-snapshots"
POINTER = "current"
#: Older snapshots may still be open in a worker: one that has not had a query since the
#: last publications, or one answering a query that began before them.
KEEP = 3
#: ... and a query may run up to its time limit on the snapshot it started on: a snapshot
#: younger than this is kept whatever the count (hard links cost next to nothing). Never
#: delete one under a running query: the engine, reading a table file that is gone, was seen
#: to allocate memory without bound (24 GB, then the kernel's OOM killer).
KEEP_SECONDS = 120.0


def snapshot_root(store_path: Path) -> Path:
    return Path(store_path) / SNAPSHOT_DIR


def current_snapshot(store_path: Path) -> Path | None:
    """The snapshot the pointer names, or None before the first publication."""
    pointer = snapshot_root(store_path) / POINTER
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    path = snapshot_root(store_path) / name
    return path if name and path.is_dir() else None


def snapshot_version(path: Path | None) -> int | None:
    """The mirror version a snapshot was taken at (its name ends in `-vN`)."""
    if path is None or "-v" not in path.name:
        return None
    try:
        return int(path.name.rsplit("-v", 1)[1])
    except ValueError:
        return None


def take_snapshot(
    mirror: ox.Store, store_path: Path, version: int, *, keep_seconds: float = KEEP_SECONDS
) -> Path:
    """Checkpoint the mirror into a new folder, then point `current` at it.

    The folder name starts with the time, so the names sort by age, and ends with the mirror
    version, so that a start-up can tell whether the current snapshot is the mirror's.
    """
    root = snapshot_root(store_path)
    root.mkdir(exist_ok=True)
    name = f"s{time.time_ns()}-v{version}"
    target = root / name
    mirror.flush()  # the checkpoint then links table files; the log it copies is empty
    mirror.backup(str(target))
    write_atomically(root / POINTER, name)
    prune(root, keep=name, keep_seconds=keep_seconds)
    return target


def prune(
    root: Path, keep: str, *, keep_seconds: float = KEEP_SECONDS, now: float | None = None
) -> None:
    """Remove snapshots no worker can still be using: all but the newest KEEP and those
    younger than `keep_seconds`. A folder left half-made by a crash goes the same way."""
    now = time.time() if now is None else now
    olds = sorted(
        (p for p in root.iterdir() if p.is_dir() and p.name != keep), key=lambda p: p.name
    )
    for old in olds[: max(0, len(olds) - (KEEP - 1))]:
        try:
            age = now - old.stat().st_mtime
        except FileNotFoundError:
            continue
        if age > keep_seconds:
            shutil.rmtree(old, ignore_errors=True)


def write_atomically(path: Path, text: str) -> None:
    """Write a small file so that a reader, or a restart after kill -9 or a power cut, sees
    the old content or the new, never a part: write aside, flush to disk, rename over."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)  # the rename itself
    finally:
        os.close(folder)
