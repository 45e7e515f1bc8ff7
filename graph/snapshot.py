"""A read-only copy of the public graphs, for the processes that answer public queries.

Public queries never run against the main store: they run in worker processes that open this
snapshot, which holds the public named graphs and nothing else. Internal data is then out of
their reach physically, not only by a filter, and a query that crashes its process cannot
hurt the main store. The snapshot is rebuilt after every write.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pyoxigraph as ox

from .store import Store

SNAPSHOT_DIR = "public-snapshots"
POINTER = "current"
KEEP = 3  # older snapshots may still be open in a worker for a moment


def snapshot_root(store_path: Path) -> Path:
    return Path(store_path) / SNAPSHOT_DIR


def current_snapshot(store_path: Path) -> Path | None:
    pointer = snapshot_root(store_path) / POINTER
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return snapshot_root(store_path) / name


def build_public_snapshot(store: Store) -> Path:
    """Copy the public graphs into a fresh on-disk store and make it the current one."""
    root = snapshot_root(store.path)
    root.mkdir(exist_ok=True)
    name = f"s{time.time_ns()}"
    target = root / name
    snap = ox.Store(str(target))
    snap.bulk_extend(store.dump_quads(public_only=True))
    snap.flush()
    snap.optimize()
    del snap  # releases the RocksDB lock so workers can open it read-only
    tmp = root / (POINTER + ".tmp")
    tmp.write_text(name, encoding="utf-8")
    os.replace(tmp, root / POINTER)
    _prune(root, keep=name)
    return target


def _prune(root: Path, keep: str) -> None:
    olds = sorted(
        (p for p in root.iterdir() if p.is_dir() and p.name != keep), key=lambda p: p.name
    )
    for old in olds[: max(0, len(olds) - (KEEP - 1))]:
        shutil.rmtree(old, ignore_errors=True)
