"""Making a dump version's files, and rewriting them for an erasure.

What costs is reading the snapshot: each quad's terms are looked up in the engine's on-disk
dictionary (about 4-5 µs of CPU per quad, where serialising it costs 1-2 µs). So the snapshot
is read once, by the engine itself (`Store.dump`, outside the GIL), into N-Quads, cut by
subject into the buckets of the piece cache (`dump_chunks`); a version's files are joined
from the pieces, and only the buckets a publication changed are serialised again. The
changelog compares the changed buckets' lines with the cache's. Nothing holds all the quads
in memory. `akteursgraph dump --output` (one-off, no cache) writes the formats whole from a
canonical file (`write_formats`).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from ..export import EXPORT_FORMATS, write_items
from . import dump_chunks
from .dumps import (
    CHANGE_FILES,
    DUMP_FILES,
    MEDIA_TYPES,
    checksums,
    dumps_root,
    iso,
    locked,
    prune,
    read_index,
    snapshot_time,
    version_name,
    withheld_notes,
    withheld_people,
    write_index,
)
from .inference import INFERRED_GRAPH

#: Where stores before the piece cache kept the newest version's N-Quads (taken over once).
OLD_BASE_FILE = "base.nq"
#: zlib's level for the gzipped files: 1 writes about three times faster than the default 6,
#: for files about a third larger (the dump must be out within seconds of a publication).
GZIP_LEVEL = 1


#: How much of a dump file may wait in memory to be written to disk (`HashingWriter`).
SYNC_EVERY = 4 << 20


class HashingWriter(io.RawIOBase):
    """A file that counts and hashes (SHA-256) what is written through it, so a dump's
    checksum costs no second reading of the file.

    It also sends what it wrote to disk every `SYNC_EVERY` bytes. A dump version at the 1M
    district is 235 MB, written after each publication. Left to the kernel, it stayed in
    memory until the file's final `fsync` and then went to disk at once; meanwhile every
    write of the server waited, each commit's history record and the store's writes alike.
    Measured: 20 label changes or new organisations 1.5 s apart, at the 1M district.
    Acknowledgements took p50 90-147 ms and p95 222-278 ms; with these syncs, p50 59-60 ms
    and p95 81-83 ms. The maker runs in the background and may wait."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0
        self._synced = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data)
        self.sha256.update(view)
        self.size += view.nbytes
        self.raw.write(view)
        if self.size - self._synced >= SYNC_EVERY:
            self.raw.flush()
            os.fdatasync(self.raw.fileno())
            self._synced = self.size
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
                filename="",
                mode="wb",
                fileobj=hashing,
                compresslevel=GZIP_LEVEL,
                mtime=int(mtime),
            ) as gz:
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


# ---- the canonical file and what is written from it ---------------------------------------


def write_canonical(
    dataset: ox.Store, target: Path, graphs: list[ox.NamedNode] | None = None
) -> None:
    """The quads of `graphs` (default: the whole dataset, a snapshot that holds only public
    graphs) as N-Quads, grouped by graph. The whole dataset is written by the engine itself.

    The snapshot's inferred graph is left out: a dump holds what was recorded (the same the
    CLI's `dump` writes from the main store); the entailments follow from it and the
    vocabulary, and `/sparql` serves them."""
    if graphs is None:
        dataset.dump(str(target), ox.RdfFormat.N_QUADS)
        _leave_out_inferred(target)
        return
    with target.open("wb") as out:
        quads = (q for g in graphs for q in dataset.quads_for_pattern(None, None, None, g))
        write_items(quads, out, "nq")


def _leave_out_inferred(path: Path) -> None:
    """Drop the lines of the inferred graph (`{base}graph/inferred`) from an N-Quads file."""
    suffix = f"{INFERRED_GRAPH}> .".encode()
    kept = path.with_suffix(".kept")
    with path.open("rb") as source, kept.open("wb") as out:
        out.writelines(line for line in source if not line.rstrip().endswith(suffix))
    os.replace(kept, path)


def read_canonical(path: Path) -> Iterator[ox.Quad]:
    return iter(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))


def merged_triples(canonical: Path, dataset: ox.Store) -> Iterator[ox.Triple]:
    """The triples of the canonical file, each once (a triple in two graphs is one triple).

    The engine writes the quads grouped by graph, so a triple was written before exactly
    when a graph already finished holds it too. A set of 64-bit hashes finds the
    candidates; the engine settles each candidate exactly (a hash can collide). With one
    graph there is nothing to merge and no set.
    """
    several = sum(1 for g in dataset.named_graphs() if isinstance(g, ox.NamedNode)) > 1
    seen: set[int] = set()
    finished: set[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = set()
    current: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None = None
    for q in read_canonical(canonical):
        if not several:
            yield q.triple
            continue
        if q.graph_name != current:
            if current is not None:
                finished.add(current)
            current = q.graph_name
            if current in finished:
                raise RuntimeError("the canonical dump is not grouped by graph")
        t = q.triple
        h = hash(t)
        if h in seen and any(
            o.graph_name in finished
            for o in dataset.quads_for_pattern(q.subject, q.predicate, q.object, None)
        ):
            continue
        seen.add(h)
        yield t


def write_formats(
    canonical: Path,
    dataset: ox.Store,
    folder: Path,
    *,
    mtime: float,
    formats: Iterable[str] = tuple(DUMP_FILES),
) -> dict[str, dict[str, Any]]:
    """The dump files of `formats` in `folder`, from the canonical file, through the one
    serialiser: TriG with the graphs, the others with the merged graph."""

    def writer(fmt: str) -> Callable[[IO[bytes]], int]:
        def write(out: IO[bytes]) -> int:
            if fmt == "trig":
                return write_items(read_canonical(canonical), out, fmt)
            return write_items(merged_triples(canonical, dataset), out, fmt)

        return write

    return {
        fmt: write_file(folder / DUMP_FILES[fmt], writer(fmt), gzipped=fmt == "nt", mtime=mtime)
        for fmt in formats
    }


# ---- the changelog ---------------------------------------------------------------------


def write_diff(path: Path, lines: Iterable[bytes], mtime: float) -> dict[str, Any]:
    """A changelog file: canonical N-Quads lines (the serialiser's own output), gzipped."""

    def write(out: IO[bytes]) -> int:
        n = 0
        for line in lines:
            out.write(line)
            n += 1
        return n

    return write_file(path, write, gzipped=True, mtime=mtime)


# ---- a version -------------------------------------------------------------------------


def make_version(
    store_path: Path,
    snapshot: Path,
    publications: list[dict[str, Any]],
    *,
    last: int,
    monthly: bool,
    whole: bool = False,
) -> dict[str, Any] | None:
    """Make the version of the public data in `snapshot` (a private copy of a publication's
    snapshot, which the caller removes afterwards); `whole`: read all of it, also where
    the publications name their change sets (the public side changed besides them).

    `publications` are the change sets it publishes (`change`, `published`): more than one
    when publications came faster than versions were made; those before the newest have no
    files of their own. Returns the new version's entry, or None when the snapshot holds
    what the newest version holds (a start-up that rebuilt the public side): then the
    publications join that version and no files are written.

    The engine writes the snapshot as N-Quads (outside the GIL), which is cut by subject into
    buckets; only the buckets that changed since the newest version get new pieces, and
    the files are the pieces joined (`dump_chunks`).
    """
    root = dumps_root(store_path)
    chunks = root / dump_chunks.CHUNKS_DIR
    began = time.perf_counter()
    with locked(store_path):
        index = read_index(store_path)
        published = snapshot_time(snapshot)
        name = version_name(published, {v["version"] for v in index["versions"]})
        work = root / "work" / name
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        newest = index["versions"][0] if index["versions"] else None
        if newest is not None:
            dump_chunks.adopt_base(root / OLD_BASE_FILE, chunks, newest["version"])
        dataset = ox.Store.read_only(str(snapshot))
        split = work / "split"
        subjects = None
        if not whole and newest is not None and dump_chunks.cache_valid(chunks, newest["version"]):
            subjects = changed_subjects(store_path, publications)
        if subjects is not None:
            dump_chunks.patch_buckets(chunks, split, dataset, subjects)
        else:
            canonical = work / "canonical.nq"
            dataset.dump(str(canonical), ox.RdfFormat.N_QUADS)
            dump_chunks.split_canonical(canonical, split)
            canonical.unlink()
        del dataset
        out = work / "out"
        out.mkdir()
        pieces = dump_chunks.make_pieces(chunks, split, newest["version"] if newest else None)
        changes: dict[str, Any] = {"previous": None}
        if pieces.added is not None and newest is not None:
            if not pieces.added and not pieces.removed:
                newest.setdefault("publications", []).extend(publications)
                # The newest version is of this snapshot too: a server started later finds
                # it up to date (`DumpScheduler.start`), instead of dumping the same data
                # again at every start (publications that were taken back, e.g. a rename
                # and its undoing, end on such a snapshot).
                newest["snapshot"] = snapshot.name.removeprefix("snap-")
                write_index(store_path, index)
                shutil.rmtree(work)
                return None
            diffs = {
                kind: write_diff(
                    out / CHANGE_FILES[kind], dump_chunks.lines_of(pieces, kind), published
                )
                for kind in ("added", "removed")
            }
            changes.update(
                previous=newest["version"],
                added=diffs["added"]["statements"],
                removed=diffs["removed"]["statements"],
                files=diffs,
            )
        files = {
            fmt: write_file(
                out / DUMP_FILES[fmt],
                dump_chunks.join(pieces, chunks, fmt),
                gzipped=False,
                mtime=published,
            )
            for fmt in DUMP_FILES
        }
        if changes["previous"] is None:  # the first (or its base is gone): all of it is new
            changes.update(added=files["trig"]["statements"], removed=0, files={})
        entry = {
            "version": name,
            "published": iso(published),
            "made": iso(time.time()),
            "seconds": round(time.perf_counter() - began, 3),
            "snapshot": snapshot.name.removeprefix("snap-"),
            # How it was made: the changed subjects' buckets patched, or the whole snapshot.
            "read": "whole snapshot" if subjects is None else f"changed subjects: {len(subjects)}",
            "quads": files["trig"]["statements"],
            "triples": files["nt"]["statements"],
            "files": files,
            "changes": changes,
            "publications": publications,
            "kept": True,
        }
        (root / "versions").mkdir(exist_ok=True)
        os.replace(out, root / "versions" / name)
        index["versions"].insert(0, entry)
        prune(store_path, index, last, monthly)
        write_index(store_path, index)
        dump_chunks.take_over(pieces, chunks, name)
        shutil.rmtree(work, ignore_errors=True)
    return entry


def changed_subjects(
    store_path: Path, publications: list[dict[str, Any]]
) -> set[ox.NamedNode | ox.BlankNode] | None:
    """The subjects of every statement the publications added or removed, read from the
    history; None when that is not known for all of them (a start-up, a version after a
    failed one whose publications were not kept): then the whole snapshot is read."""
    if not publications or any(not p.get("change") for p in publications):
        return None
    from ..changes.history import History  # only the maker's child needs the history
    from ..errors import AkteursgraphError

    history = History(store_path)
    subjects: set[ox.NamedNode | ox.BlankNode] = set()
    try:
        for publication in publications:
            for data in history.payload(publication["change"]):
                subjects.update(
                    q.subject
                    for q in ox.parse(data, ox.RdfFormat.N_QUADS)
                    if isinstance(q.subject, ox.NamedNode | ox.BlankNode)
                )
    except (AkteursgraphError, KeyError):
        return None
    return subjects


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
    canonical = folder / ".canonical.nq"
    try:
        write_canonical(dataset, canonical, graphs)
        files = write_formats(canonical, dataset, folder, mtime=now)
    finally:
        canonical.unlink(missing_ok=True)
    entry = {
        "made": iso(now),
        "files": files,
        "quads": files["trig"]["statements"],
        "triples": files["nt"]["statements"],
    }
    (folder / "SHA256SUMS").write_text(checksums(entry), encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps(entry, indent=1) + "\n", encoding="utf-8")
    return files


# ---- erasure: every kept version rewritten without some statements ----------------------


def rewrite_dumps(
    store_path: Path, remove: Callable[[ox.Quad], bool], *, spare_from: float | None = None
) -> int:
    """Rewrite every kept version's files without the statements `remove` picks, with new
    checksums, sizes and counts; and the changelog's base. Returns how many statements were
    left out in all (for an erasure's record).

    `spare_from` (a time): versions published at or after it keep their dump files, and only
    their changelogs are rewritten; they were made after the statements were taken away (a
    consent's end), and a person who gave consent again since stands in them rightly. The
    changelog's base is then the newest version's, and is left as it is.

    `remove` gets each statement as a quad; in the triple formats (N-Triples, Turtle,
    JSON-LD) it is in the default graph, so a rule about a person should look at subject,
    predicate and object, not at the graph. With what it picks go the blank nodes that link
    to it, in every file of every format (`dump_chunks.with_blank_nodes`): a qualified
    statement, a role or a source on a blank node does not stay behind describing the
    person without naming them. Each file is parsed twice as a stream (the blank nodes to
    drop, then the rewrite), so memory stays bounded; blank nodes keep their labels within
    each file. A file that names nothing of it is left as it is (its entry too).
    """
    root = dumps_root(store_path)
    dropped = 0
    spared = False
    with locked(store_path):
        index = read_index(store_path)
        for entry in index["versions"]:
            if not entry.get("kept"):
                continue
            folder = root / "versions" / entry["version"]
            published = datetime.fromisoformat(entry["published"]).timestamp()
            changes = entry.get("changes", {})
            files = list(changes.get("files", {}).values())
            if spare_from is not None and published >= spare_from:
                spared = True
            else:
                files += entry["files"].values()
            for meta in files:
                after = _rewrite_file(folder / meta["name"], remove, published)
                if after is not None:
                    dropped += meta["statements"] - after["statements"]
                    meta.update(after)
            entry["quads"] = entry["files"]["trig"]["statements"]
            entry["triples"] = entry["files"]["nt"]["statements"]
            for kind in ("added", "removed"):
                if kind in changes.get("files", {}):
                    changes[kind] = changes["files"][kind]["statements"]
            if changes.get("previous") is None and "added" in changes:
                # The first version (or one whose base is gone): all of it is new, as when it
                # was made. It said 6,625 added above 6,579 after a withdrawal's rewrite.
                changes["added"] = entry["quads"]
            entry["rewritten"] = iso(time.time())
        if not spared:
            dump_chunks.rewrite_cache(root / dump_chunks.CHUNKS_DIR, remove)
        write_index(store_path, index)
    return dropped


def scrub_withheld(store_path: Path) -> int:
    """Carry out the notes of what consents' ends took away (`dumps.withhold`): every kept
    version made before a note, and the changelogs of those made after it, rewritten without
    those statements (and the blank nodes that hang from them); then the notes go. Returns
    how many statements were left out. Run by the dump maker after each version."""
    dropped = 0
    for note in withheld_notes(store_path):
        # Each file labels its blank nodes its own way: a statement ending in one is known by
        # its subject and predicate (the blank node's own statements go with it, as tainted
        # by `dump_chunks.with_blank_nodes`); one starting at one only by that taint.
        taken: set[tuple[object, object, object]] = set()
        for q in ox.parse(path=str(note), format=ox.RdfFormat.N_QUADS):
            if isinstance(q.subject, ox.BlankNode):
                continue
            obj = _ANY_BLANK if isinstance(q.object, ox.BlankNode) else q.object
            taken.add((q.subject, q.predicate, obj))

        # And everything about the people it unpublished: their earlier values (a
        # description changed before the withdrawal) stood in the versions and changelogs
        # made before it, where the statements taken away at the end are not them.
        people = withheld_people(note)

        def picked(
            q: ox.Quad,
            taken: set[tuple[object, object, object]] = taken,
            people: set[str] = people,
        ) -> bool:
            obj = _ANY_BLANK if isinstance(q.object, ox.BlankNode) else q.object
            return (q.subject, q.predicate, obj) in taken or (
                bool(people)
                and (
                    getattr(q.subject, "value", None) in people
                    or getattr(q.object, "value", None) in people
                )
            )

        if taken:
            dropped += rewrite_dumps(store_path, picked, spare_from=int(note.stem) / 1e6)
        note.unlink()
        note.with_suffix(".people").unlink(missing_ok=True)
    return dropped


#: Stands for any blank node in `scrub_withheld`'s statements.
_ANY_BLANK = object()


def _fmt_of(name: str) -> str:
    if name in CHANGE_FILES.values():
        return "nq"
    return next(fmt for fmt, n in DUMP_FILES.items() if n == name)


def _rewrite_file(
    path: Path, remove: Callable[[ox.Quad], bool], mtime: float
) -> dict[str, Any] | None:
    """The file without what `remove` picks and the blank nodes that go with it; its new
    entry, or None when it names nothing of it (then it is left as it is)."""
    fmt = _fmt_of(path.name)
    gzipped = path.name.endswith(".gz")
    tmp = path.with_name(path.name + ".part")
    opener = gzip.open if gzipped else open
    with opener(path, "rb") as source:
        drops = dump_chunks.with_blank_nodes(ox.parse(source, EXPORT_FORMATS[fmt]), remove)
    if drops is None:
        return None
    keep = drops

    def kept(source: IO[bytes]) -> Iterator[ox.Quad]:
        for q in ox.parse(source, EXPORT_FORMATS[fmt]):
            if not keep(q):
                yield q

    def write(out: IO[bytes]) -> int:
        with opener(path, "rb") as source:
            return write_items(kept(source), out, fmt)

    meta = write_file(tmp, write, gzipped=gzipped, mtime=mtime, name=path.name)
    os.replace(tmp, path)
    return meta
