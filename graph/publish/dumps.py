"""Dumps: every published version of the public data as files, with checksums and a changelog.

A version is made from the immutable snapshot of one publication (`akteursgraph.snapshot`),
never from the main store, so no internal graph can reach a dump file: the snapshot only
holds what the public mirror ever received. It is written in the background
(`akteursgraph.publish.dumper`, which runs `dump_files`), never in the commit's path; this
module holds the layout, the index, the keep setting's pruning, and what the web layer
reads.

The store folder holds:

    dumps/index.json            every version, newest first (replaced atomically)
    dumps/versions/<version>/   the four dump files and the changelog's two N-Quads diffs
    dumps/chunks/               the piece cache the versions are joined from, and the next
                                changelog's base (`dump_chunks`)
    dumps/work/                 what is being made (removed when a maker starts)

One lock (`dumps/.lock`) orders the makers and an erasure's rewriting
(`dump_files.rewrite_dumps`).
A version is made whole in `work/` and then renamed into `versions/`, and the index names
it only after that, so a reader sees a version with all its files or not at all.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import re
import shutil
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..snapshot import write_atomically
from .distributions import DOWNLOAD_ROOT
from .distributions import DUMP_FILES as DISTRIBUTIONS

DUMPS_DIR = "dumps"
INDEX_FILE = "index.json"
FORMAT = 1
#: The dump files of every version, by export format. Their names and stable URLs are set in
#: one place, `distributions` (the dataset description points portals at the same files).
#: TriG keeps the named graphs; the others hold the merged graph (each triple once).
_EXPORT_FORMAT = {"nt.gz": "nt", "ttl": "ttl", "jsonld": "jsonld", "trig": "trig"}
DUMP_FILES: dict[str, str] = {_EXPORT_FORMAT[d.suffix]: d.name for d in DISTRIBUTIONS}
#: The changelog of a version: what it added and removed since the version before, as
#: N-Quads (graphs kept), gzipped.
CHANGE_FILES: dict[str, str] = {
    "added": "akteursgraph-added.nq.gz",
    "removed": "akteursgraph-removed.nq.gz",
}
DOWNLOAD_PATH = DOWNLOAD_ROOT
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


def dumps_root(store_path: Path) -> Path:
    return Path(store_path) / DUMPS_DIR


# ---- statements a consent's end took away: out of every earlier version --------------------
#
# A consent withdrawal (or expiry) unpublishes the person in its change; the versions kept for
# download were made before and still name them, and the next version's changelog would list
# what was removed. So the commit notes those statements here (`withhold`, one file per
# change, durable before the commit returns), and the dump maker, after its next version,
# rewrites every earlier version and that version's changelog without them and removes the
# note (`dump_files.scrub_withheld`). Meanwhile the downloads answer 503 (`withholding`).

WITHHELD_DIR = "withheld"


def withhold(
    store_path: Path, quads: list[ox.Quad], people: Sequence[ox.NamedNode] = ()
) -> Path | None:
    """Note statements a consent's end took away, and the people it unpublished (None when
    no dump was ever made). The file's name is the time of the note in microseconds:
    versions made from a snapshot after it do not hold them (`dump_files.scrub_withheld`).
    The people go in a file of the same name (`.people`, one IRI a line), written first: a
    note is complete once its `.nq` exists."""
    root = dumps_root(store_path)
    if not quads or not root.is_dir():
        return None
    folder = root / WITHHELD_DIR
    folder.mkdir(exist_ok=True)
    path = folder / f"{time.time_ns() // 1000}.nq"
    if people:
        write_atomically(path.with_suffix(".people"), "".join(p.value + "\n" for p in people))
    write_atomically(path, ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8"))
    return path


def withheld_people(note: Path) -> set[str]:
    """The IRIs of the people a note's consent end unpublished (`withhold`)."""
    try:
        return set(note.with_suffix(".people").read_text(encoding="utf-8").split())
    except FileNotFoundError:
        return set()


def withheld_notes(store_path: Path) -> list[Path]:
    """The notes not yet carried out, oldest first."""
    folder = dumps_root(store_path) / WITHHELD_DIR
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.nq"), key=lambda p: int(p.stem))


def withholding(store_path: Path) -> bool:
    """Whether a version kept for download may still name what a consent's end took away."""
    return bool(withheld_notes(store_path))


# ---- reading (the web layer) -----------------------------------------------------------


def read_index(store_path: Path) -> dict[str, Any]:
    """The index of versions (newest first); an empty one before the first version."""
    try:
        data = json.loads((dumps_root(store_path) / INDEX_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {"format": FORMAT, "versions": []}
    return dict(data)


def public_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """A version's entry as the public reads it (`/download/`, its JSON): its publications
    by time alone. The index keeps the change set of each (the maker reads what changed
    from the history), but change sets are the history, which never reaches a public
    surface."""
    out = dict(entry)
    out["publications"] = [{"published": p.get("published")} for p in entry.get("publications", [])]
    return out


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


# ---- shared by the maker and the rewriter ---------------------------------------------


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


def write_index(store_path: Path, index: dict[str, Any]) -> None:
    """Replace the index whole (a reader sees the old one or the new one). Under the lock."""
    index["format"] = FORMAT
    write_atomically(
        dumps_root(store_path) / INDEX_FILE, json.dumps(index, indent=1, ensure_ascii=False)
    )


def snapshot_time(snapshot: Path) -> float:
    """When a snapshot was taken (its name starts with `s` and the time in nanoseconds)."""
    head = snapshot.name.removeprefix("snap-").split("-", 1)[0].removeprefix("s")
    try:
        return int(head) / 1e9
    except ValueError:
        return snapshot.stat().st_mtime


def version_name(published: float, taken: set[str]) -> str:
    """The name of a version published at `published` (unique among `taken`)."""
    name = datetime.fromtimestamp(published, UTC).strftime("%Y-%m-%dT%H-%M-%SZ")
    n = 1
    candidate = name
    while candidate in taken:
        n += 1
        candidate = f"{name}-{n}"
    return candidate


def iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds")
