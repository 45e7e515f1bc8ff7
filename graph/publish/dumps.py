"""Dumps: every published version of the public data as files, with checksums and a changelog.

A version is made from the immutable snapshot of one publication (`akteursgraph.snapshot`),
never from the main store, so no internal graph can reach a dump file: the snapshot only
holds what the public mirror ever received. It is written in the background
(`akteursgraph.publish.dumper`), never in the commit's path; this module is what that
process runs, and what the web layer reads.

The store folder holds:

    dumps/index.json            every version, newest first (replaced atomically)
    dumps/versions/<version>/   the four dump files and the changelog's two N-Quads diffs
    dumps/base/                 the snapshot of the newest version (hard links): the next
                                version's changelog is computed against it
    dumps/work/                 what is being made (removed when a maker starts)

One lock (`dumps/.lock`) orders the makers and an erasure's rewriting (`rewrite_dumps`).
A version is made whole in `work/` and then renamed into `versions/`, and the index names
it only after that, so a reader sees a version with all its files or not at all.
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from ..export import EXPORT_FORMATS, write_dataset, write_items
from ..snapshot import write_atomically

DUMPS_DIR = "dumps"
INDEX_FILE = "index.json"
FORMAT = 1
#: The dump files of every version, by export format: the one place their names are set.
#: TriG keeps the named graphs; the others hold the merged graph (each triple once).
#: The latest version's are at the stable URLs `/download/latest/<name>` (`LATEST_PATHS`),
#: which the dataset description's distributions point at.
DUMP_FILES: dict[str, str] = {
    "nt": "akteursgraph.nt.gz",
    "ttl": "akteursgraph.ttl",
    "jsonld": "akteursgraph.jsonld",
    "trig": "akteursgraph.trig",
}
#: The changelog of a version: what it added and removed since the version before, as
#: N-Quads (graphs kept), gzipped.
CHANGE_FILES: dict[str, str] = {
    "added": "akteursgraph-added.nq.gz",
    "removed": "akteursgraph-removed.nq.gz",
}
DOWNLOAD_PATH = "/download/"
LATEST = "latest"
LATEST_PATHS: dict[str, str] = {
    fmt: f"{DOWNLOAD_PATH}{LATEST}/{name}" for fmt, name in DUMP_FILES.items()
}
#: What a file is sent as. The gzipped files are `application/gzip`, not N-Triples with a
#: `Content-Encoding`: a client would unpack those on the fly, and the file it saves would
#: then not match its checksum.
MEDIA_TYPES: dict[str, str] = {
    "akteursgraph.nt.gz": "application/gzip",
    "akteursgraph.ttl": "text/turtle; charset=utf-8",
    "akteursgraph.jsonld": "application/ld+json",
    "akteursgraph.trig": "application/trig; charset=utf-8",
    "akteursgraph-added.nq.gz": "application/gzip",
    "akteursgraph-removed.nq.gz": "application/gzip",
}
#: A version's name: the UTC time of its publication, to the second (and a number when two
#: fall in one second). Nothing else is ever taken as a version, so no path can be smuggled.
VERSION_NAME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}-[0-9]{2}-[0-9]{2}Z(-[0-9]{1,4})?$")
#: How many versions keep their files, unless the store's settings say otherwise.
DEFAULT_KEEP_LAST = 10
DEFAULT_KEEP_MONTHLY = True
_GZIP_LEVEL = 6


def dumps_root(store_path: Path) -> Path:
    return Path(store_path) / DUMPS_DIR


# ---- reading (the web layer) -----------------------------------------------------------


def read_index(store_path: Path) -> dict[str, Any]:
    """The index of versions (newest first); an empty one before the first version."""
    try:
        data = json.loads((dumps_root(store_path) / INDEX_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {"format": FORMAT, "versions": []}
    return dict(data)


def latest_version(store_path: Path) -> dict[str, Any] | None:
    """The newest version that has its files (what `/download/latest/` serves)."""
    return next((v for v in read_index(store_path)["versions"] if v.get("kept")), None)


def find_version(store_path: Path, version: str) -> dict[str, Any] | None:
    """A kept version by name, or `latest`; None for anything else (unknown, pruned,
    or not a version name at all: the name is checked before it comes near a path)."""
    if version == LATEST:
        return latest_version(store_path)
    if not VERSION_NAME.match(version):
        return None
    return next(
        (v for v in read_index(store_path)["versions"] if v["version"] == version and v["kept"]),
        None,
    )


def dump_file(
    store_path: Path, version: str, name: str
) -> tuple[Path, dict[str, Any], dict[str, Any]] | None:
    """A file of a kept version: its path, its entry (size, checksum, media type) and the
    version's entry; or None. Only file names the version lists are found."""
    entry = find_version(store_path, version)
    if entry is None:
        return None
    for meta in (*entry["files"].values(), *entry.get("changes", {}).get("files", {}).values()):
        if meta["name"] == name:
            path = dumps_root(store_path) / "versions" / entry["version"] / name
            return (path, meta, entry) if path.is_file() else None
    return None


#: The licence the dumps are offered under unless the store names another (`licence` in
#: its `akteursgraph.json`), the same the dataset description states.
DEFAULT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"


def licence(store_path: Path) -> str:
    """The licence IRI of the public data, for the note on the downloads page."""
    try:
        config = json.loads((Path(store_path) / "akteursgraph.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        config = {}
    return str(config.get("licence") or DEFAULT_LICENCE)


def checksums(entry: dict[str, Any]) -> str:
    """A version's SHA-256 checksums in the format `sha256sum -c` reads."""
    metas = [*entry["files"].values(), *entry.get("changes", {}).get("files", {}).values()]
    return "".join(f"{m['sha256']}  {m['name']}\n" for m in metas)


# ---- the setting: how many versions keep their files ----------------------------------


def keep(index: dict[str, Any], last: int, monthly: bool) -> set[str]:
    """The versions whose files are kept: the newest `last` and, with `monthly`, the newest
    of each calendar month (UTC). Only versions that still have files can be kept."""
    having = [v for v in index["versions"] if v.get("kept")]  # newest first
    kept = {v["version"] for v in having[: max(1, last)]}
    if monthly:
        months: set[str] = set()
        for v in having:
            month = v["published"][:7]
            if month not in months:
                months.add(month)
                kept.add(v["version"])
    return kept


def prune(store_path: Path, index: dict[str, Any], last: int, monthly: bool) -> list[str]:
    """Remove the files of the versions the setting no longer keeps (their changelog entry
    stays, with counts). Returns the names pruned. The caller holds the lock."""
    kept = keep(index, last, monthly)
    pruned = []
    for v in index["versions"]:
        if v.get("kept") and v["version"] not in kept:
            shutil.rmtree(dumps_root(store_path) / "versions" / v["version"], ignore_errors=True)
            v["kept"] = False
            v["files"] = {}
            v.setdefault("changes", {})["files"] = {}
            pruned.append(v["version"])
    return pruned


# ---- making a version (in the dump process) ---------------------------------------------


@contextlib.contextmanager
def locked(store_path: Path) -> Iterator[None]:
    """The dumps' one lock: one maker or rewriter at a time, across processes."""
    root = dumps_root(store_path)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class HashingWriter(io.RawIOBase):
    """A file that counts and hashes (SHA-256) what is written through it, so a dump's
    checksum costs no second reading of the file."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data)
        self.sha256.update(view)
        self.size += view.nbytes
        self.raw.write(view)
        return view.nbytes


def write_file(
    path: Path,
    write: Callable[[IO[bytes]], int],
    *,
    gzipped: bool,
    mtime: float,
    name: str | None = None,
) -> dict[str, Any]:
    """Write one file through `write` (which returns its statement count); its entry,
    under `name` (default: the file's own name)."""
    name = name or path.name
    with path.open("wb") as raw:
        hashing = HashingWriter(raw)
        if gzipped:
            # A fixed mtime and no file name in the header: the same data, the same bytes.
            with gzip.GzipFile(
                filename="", mode="wb", fileobj=hashing, compresslevel=_GZIP_LEVEL,
                mtime=int(mtime),
            ) as gz:  # fmt: skip
                count = write(gz)
        else:
            buffered = io.BufferedWriter(hashing, 1 << 20)
            count = write(buffered)
            buffered.flush()
        raw.flush()
        os.fsync(raw.fileno())
    return {
        "name": name,
        "bytes": hashing.size,
        "sha256": hashing.sha256.hexdigest(),
        "media_type": MEDIA_TYPES[name],
        "statements": count,
    }


def snapshot_time(snapshot: Path) -> float:
    """When a snapshot was taken (its name starts with `s` and the time in nanoseconds)."""
    head = snapshot.name.split("-", 1)[0].removeprefix("s")
    try:
        return int(head) / 1e9
    except ValueError:
        return snapshot.stat().st_mtime


def version_name(published: float, taken: set[str]) -> str:
    name = datetime.fromtimestamp(published, UTC).strftime("%Y-%m-%dT%H-%M-%SZ")
    n = 1
    candidate = name
    while candidate in taken:
        n += 1
        candidate = f"{name}-{n}"
    return candidate


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds")


def _graphs(dataset: ox.Store) -> list[ox.NamedNode]:
    return sorted(
        (g for g in dataset.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value
    )


def write_version_files(
    dataset: ox.Store, folder: Path, *, mtime: float, graphs: list[ox.NamedNode] | None = None
) -> dict[str, dict[str, Any]]:
    """The four dump files of `graphs` (default: every named graph) of `dataset` in
    `folder`, each through the one serialiser."""
    graphs = _graphs(dataset) if graphs is None else graphs
    files = {}
    for fmt, name in DUMP_FILES.items():
        merge = fmt != "trig"
        files[fmt] = write_file(
            folder / name,
            lambda out, fmt=fmt, merge=merge: write_dataset(
                dataset, graphs, out, fmt, merge_graphs=merge
            ),
            gzipped=name.endswith(".gz"),
            mtime=mtime,
        )
    return files


def _only_in(one: ox.Store, other: ox.Store) -> Iterator[ox.Quad]:
    """The quads of `one` that `other` lacks (an index lookup each; nothing kept)."""
    return (q for q in one if q not in other)


def make_version(
    store_path: Path,
    snapshot: Path,
    publications: list[dict[str, Any]],
    *,
    last: int = DEFAULT_KEEP_LAST,
    monthly: bool = DEFAULT_KEEP_MONTHLY,
) -> dict[str, Any] | None:
    """Make the version of the public data in `snapshot`, a folder the caller gives away:
    it becomes the base of the next version's changelog (moved, not copied).

    `publications` are the changes it publishes (`change`, `published`): more than one when
    publications came faster than versions were made; those before the newest have no files
    of their own. Returns the new version's entry, or None when the snapshot holds what the
    newest version holds (a start-up that rebuilt the public side): then the publications
    join that version and no files are written.
    """
    root = dumps_root(store_path)
    began = time.perf_counter()
    with locked(store_path):
        index = read_index(store_path)
        newest = index["versions"][0] if index["versions"] else None
        base_path = root / "base"
        published = snapshot_time(snapshot)
        name = version_name(published, {v["version"] for v in index["versions"]})
        work = root / "work" / name
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        dataset = ox.Store.read_only(str(snapshot))
        changes: dict[str, Any] = {"previous": None}
        if newest is not None and base_path.is_dir():
            base = ox.Store.read_only(str(base_path))
            changes["previous"] = newest["version"]
            files = {}
            for kind, one, other in (("added", dataset, base), ("removed", base, dataset)):
                files[kind] = write_file(
                    work / CHANGE_FILES[kind],
                    lambda out, one=one, other=other: write_items(
                        _only_in(one, other), out, "nq"
                    ),
                    gzipped=True,
                    mtime=published,
                )
            del base
            changes.update(
                added=files["added"]["statements"], removed=files["removed"]["statements"]
            )
            changes["files"] = files
            if not changes["added"] and not changes["removed"]:
                newest.setdefault("publications", []).extend(publications)
                _write_index(store_path, index)
                shutil.rmtree(work)
                del dataset
                shutil.rmtree(snapshot, ignore_errors=True)
                return None
        files = write_version_files(dataset, work, mtime=published)
        del dataset
        if changes["previous"] is None:  # the first (or its base is gone): all of it is new
            changes.update(added=files["trig"]["statements"], removed=0, files={})
        entry = {
            "version": name,
            "published": _iso(published),
            "made": _iso(time.time()),
            "seconds": round(time.perf_counter() - began, 3),
            "snapshot": snapshot.name.removeprefix("snap-"),
            "quads": files["trig"]["statements"],
            "triples": files["nt"]["statements"],
            "files": files,
            "changes": changes,
            "publications": publications,
            "kept": True,
        }
        (root / "versions").mkdir(exist_ok=True)
        os.replace(work, root / "versions" / name)
        index["versions"].insert(0, entry)
        prune(store_path, index, last, monthly)
        _write_index(store_path, index)
        _replace_base(base_path, snapshot)
    return entry


def _replace_base(base_path: Path, snapshot: Path) -> None:
    aside = base_path.with_name("base.old")
    shutil.rmtree(aside, ignore_errors=True)
    if base_path.exists():
        os.replace(base_path, aside)
    os.replace(snapshot, base_path)
    shutil.rmtree(aside, ignore_errors=True)


def _write_index(store_path: Path, index: dict[str, Any]) -> None:
    index["format"] = FORMAT
    write_atomically(
        dumps_root(store_path) / INDEX_FILE, json.dumps(index, indent=1, ensure_ascii=False)
    )


def link_snapshot(snapshot: Path, target: Path) -> Path:
    """A private copy of a snapshot that no pruning can take away: hard links to its table
    files (immutable), copies of the few small files. Milliseconds."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for f in snapshot.iterdir():
        if f.name.startswith("LOG") or f.name == "LOCK":
            continue
        if f.suffix == ".sst":
            os.link(f, target / f.name)
        else:
            shutil.copy2(f, target / f.name)
    return target


# ---- one-off dumps (the CLI) ------------------------------------------------------------


def write_dump_folder(
    dataset: ox.Store, graphs: list[ox.NamedNode], folder: Path
) -> dict[str, dict[str, Any]]:
    """The four dump files of `graphs` of `dataset`, `SHA256SUMS` and `manifest.json` in
    `folder` (`akteursgraph dump --output`): the same files a version has."""
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time()
    files = write_version_files(dataset, folder, mtime=now, graphs=graphs)
    entry = {"made": _iso(now), "files": files, "quads": files["trig"]["statements"],
             "triples": files["nt"]["statements"]}  # fmt: skip
    (folder / "SHA256SUMS").write_text(checksums(entry), encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps(entry, indent=1) + "\n", encoding="utf-8")
    return files


# ---- erasure: every kept version rewritten without some statements ----------------------


def rewrite_dumps(store_path: Path, remove: Callable[[ox.Quad], bool]) -> int:
    """Rewrite every kept version's files without the statements `remove` picks, with new
    checksums, sizes and counts; and the changelog base. Returns how many statements were
    left out in all (for an erasure's record).

    `remove` gets each statement as a quad; in the triple formats (N-Triples, Turtle,
    JSON-LD) it is in the default graph, so a rule about a person should look at subject,
    predicate and object, not at the graph. Each file is parsed and written as a stream, so
    memory stays bounded; blank nodes keep their labels within each file.
    """
    root = dumps_root(store_path)
    dropped = 0
    with locked(store_path):
        index = read_index(store_path)
        for entry in index["versions"]:
            if not entry.get("kept"):
                continue
            folder = root / "versions" / entry["version"]
            published = datetime.fromisoformat(entry["published"]).timestamp()
            metas = [*entry["files"].values(), *entry.get("changes", {}).get("files", {}).values()]
            for meta in metas:
                before, after = _rewrite_file(folder / meta["name"], remove, published)
                dropped += before - after["statements"]
                meta.update(after)
            entry["quads"] = entry["files"]["trig"]["statements"]
            entry["triples"] = entry["files"]["nt"]["statements"]
            changes = entry.get("changes", {})
            for kind in ("added", "removed"):
                if kind in changes.get("files", {}):
                    changes[kind] = changes["files"][kind]["statements"]
            entry["rewritten"] = _iso(time.time())
        _rewrite_base(root / "base", remove)
        _write_index(store_path, index)
    return dropped


def _fmt_of(name: str) -> str:
    if name in CHANGE_FILES.values():
        return "nq"
    return next(fmt for fmt, n in DUMP_FILES.items() if n == name)


def _rewrite_file(
    path: Path, remove: Callable[[ox.Quad], bool], mtime: float
) -> tuple[int, dict[str, Any]]:
    fmt = _fmt_of(path.name)
    gzipped = path.name.endswith(".gz")
    tmp = path.with_name(path.name + ".part")
    seen = [0]

    def kept(source: IO[bytes]) -> Iterator[ox.Quad]:
        for q in ox.parse(source, EXPORT_FORMATS[fmt]):
            seen[0] += 1
            if not remove(q):
                yield q

    def write(out: IO[bytes]) -> int:
        opener = gzip.open if gzipped else open
        with opener(path, "rb") as source:
            return write_items(kept(source), out, fmt)

    meta = write_file(tmp, write, gzipped=gzipped, mtime=mtime, name=path.name)
    os.replace(tmp, path)
    return seen[0], meta


def _rewrite_base(base_path: Path, remove: Callable[[ox.Quad], bool]) -> None:
    """The changelog's base, made anew without the removed statements: a copy with them
    deleted would still hold their strings in the engine's dictionary."""
    if not base_path.is_dir():
        return
    fresh = base_path.with_name("base.new")
    shutil.rmtree(fresh, ignore_errors=True)
    old = ox.Store.read_only(str(base_path))
    new = ox.Store(str(fresh))
    batch: list[ox.Quad] = []
    for q in old:  # engine objects: blank nodes keep their labels, as in the mirror
        if not remove(q):
            batch.append(q)
            if len(batch) >= 100_000:
                new.bulk_extend(batch)
                batch = []
    new.bulk_extend(batch)
    new.flush()
    del old, new
    _replace_base(base_path, fresh)
