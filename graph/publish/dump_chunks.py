"""The piece cache behind the dump versions: the public data cut by subject into buckets.

Why: at the 1M district, writing the four formats whole after every publication took about
13 s of CPU (the issue asks for the files within 10 s). A publication changes a few
entities. Each bucket holds the statements whose subject's CRC-32 falls into it, so a small
change touches a few buckets; each bucket keeps its canonical N-Quads lines (the changelog's
base) and its piece of each format, and a version's files are the pieces joined, only the
changed buckets' pieces written anew.

Joined pieces are valid files: the Turtle and TriG pieces share one prefix header (a TriG
graph may have several blocks), the JSON-LD pieces are members of one array, and gzip
members concatenate into one gzip stream (RFC 1952). All statements of a subject lie in one
bucket, so a triple in two graphs lies in one bucket too, and each triple format holds it
once, exactly (no hashing across the whole data).

The store folder holds `dumps/chunks/`: per bucket `NNN.nq` (its canonical lines), `NNN.json`
(its counts) and one piece per format; `VERSION` names the version they belong to. A bucket
is written pieces first and lines last, and `VERSION` only after all, so a maker cut off
half-way leaves either a bucket that looks changed (and is written again) or no `VERSION`
(and the next maker starts from nothing).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from ..export import write_items
from .inference import INFERRED_GRAPH

CHUNKS_DIR = "chunks"
VERSION_FILE = "VERSION"
#: 256 buckets: at 1.35M quads about 5,300 statements each, so a small change rewrites a few
#: hundredths of a second of pieces, and the folder holds about 1,800 files.
BUCKETS = 256
#: The piece files of a bucket, by export format (the names are the cache's own).
PIECES = {"nt": "nt.gz", "ttl": "ttl", "jsonld": "jsonld", "trig": "trig"}
#: From this many buckets to write, two processes write them.
PARALLEL_FROM = 32


def bucket_of(subject: bytes) -> int:
    """A subject's bucket: stable across processes and versions (not Python's `hash`)."""
    return zlib.crc32(subject) % BUCKETS


def _name(bucket: int, suffix: str) -> str:
    return f"{bucket:03d}.{suffix}"


def split_canonical(canonical: Path, target: Path) -> None:
    """The engine's N-Quads dump cut into bucket files in `target`, without the inferred
    graph (a dump holds what was recorded; `/sparql` serves the entailments). A stream:
    the quads are never all in memory."""
    inferred = f"{INFERRED_GRAPH}> .".encode()
    target.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        outs = [
            stack.enter_context((target / _name(b, "nq")).open("wb", buffering=1 << 16))
            for b in range(BUCKETS)
        ]
        with canonical.open("rb", buffering=1 << 20) as source:
            for line in source:
                if line.rstrip().endswith(inferred):
                    continue
                outs[bucket_of(subject_token(line))].write(line)
    for b in range(BUCKETS):  # sorted: a bucket's bytes are the same however it was made
        path = target / _name(b, "nq")
        path.write_bytes(b"".join(sorted(path.read_bytes().splitlines(keepends=True))))


def subject_token(line: bytes) -> bytes:
    """An N-Quads line's subject as written (an IRI or a blank node label, neither with a
    space)."""
    return line[: line.index(b" ")]


def patch_buckets(
    chunks: Path, split: Path, dataset: ox.Store, subjects: set[ox.NamedNode | ox.BlankNode]
) -> None:
    """The new lines of the buckets that hold `subjects` (those the publications since the
    cache's version changed), into `split`: the cached lines of other subjects, and the
    subjects' statements as the snapshot holds them now (the inferred graph left out). The
    other buckets are as cached. Milliseconds, where reading the whole snapshot takes
    seconds."""
    split.mkdir(parents=True, exist_ok=True)
    wanted: dict[int, dict[bytes, ox.NamedNode | ox.BlankNode]] = {}
    for subject in subjects:
        token = str(subject).encode()
        wanted.setdefault(bucket_of(token), {})[token] = subject
    for bucket, tokens in wanted.items():
        old = (chunks / _name(bucket, "nq")).read_bytes().splitlines(keepends=True)
        lines = [line for line in old if subject_token(line) not in tokens]
        now = [
            q
            for subject in tokens.values()
            for q in dataset.quads_for_pattern(subject, None, None, None)
            if not (
                isinstance(q.graph_name, ox.NamedNode)
                and q.graph_name.value.endswith(INFERRED_GRAPH)
            )
        ]
        lines += _serialised(now, "nq").splitlines(keepends=True)
        (split / _name(bucket, "nq")).write_bytes(b"".join(sorted(lines)))


@dataclass
class Pieces:
    """What a version is joined from, and what changed against the cache it was made on."""

    folder: Path
    #: Per bucket: quads and triples.
    counts: list[dict[str, int]]
    #: The changelog's lines, or None when there was no base to compare with.
    added: list[bytes] | None
    removed: list[bytes] | None
    #: The buckets whose pieces were written anew (the rest came from the cache).
    written: list[int] = field(default_factory=list)

    @property
    def quads(self) -> int:
        return sum(c["quads"] for c in self.counts)

    @property
    def triples(self) -> int:
        return sum(c["triples"] for c in self.counts)


def make_pieces(chunks: Path, split: Path, previous: str | None) -> Pieces:
    """Compare the new buckets in `split` with the cache in `chunks` (valid when it belongs
    to `previous`, the newest version) and write the pieces of the changed ones into
    `split`; the unchanged ones are read from the cache when the version is joined."""
    base_ok = previous is not None and cache_version(chunks) == previous
    counts: dict[int, dict[str, int]] = {}
    added: list[bytes] | None = [] if base_ok else None
    removed: list[bytes] | None = [] if base_ok else None
    todo: list[tuple[Path, Path, int]] = []
    for b in range(BUCKETS):
        old_path, new_path = chunks / _name(b, "nq"), split / _name(b, "nq")
        old = old_path.read_bytes() if base_ok and old_path.is_file() else None
        # A patched version has files only for the buckets it changed.
        new = new_path.read_bytes() if new_path.is_file() else (old or b"")
        if base_ok:
            assert added is not None and removed is not None
            if old != new:
                old_lines = set((old or b"").splitlines(keepends=True))
                new_lines = set(new.splitlines(keepends=True))
                added.extend(sorted(new_lines - old_lines))
                removed.extend(sorted(old_lines - new_lines))
        if old == new and _has_pieces(chunks, b):
            counts[b] = json.loads((chunks / _name(b, "json")).read_text(encoding="utf-8"))
            continue
        todo.append((new_path if new_path.is_file() else old_path, split, b))
    if len(todo) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1:
        # Many buckets (the whole snapshot read): serialising is Python holding the GIL, so
        # two processes share it (they inherit the maker's low priority).
        with ProcessPoolExecutor(max_workers=2) as pool:
            done = list(pool.map(_pieces_of_file, todo, chunksize=8))
    else:
        done = [_pieces_of_file(job) for job in todo]
    for (_, _, b), found in zip(todo, done, strict=True):
        counts[b] = found
    written = [b for _, _, b in todo]
    return Pieces(split, [counts[b] for b in range(BUCKETS)], added, removed, written)


def _pieces_of_file(job: tuple[Path, Path, int]) -> dict[str, int]:
    source, folder, bucket = job
    return _write_pieces(source.read_bytes() if source.is_file() else b"", folder, bucket)


def cache_valid(chunks: Path, version: str) -> bool:
    """Whether the cache belongs to `version` and has the lines of every bucket (else the
    maker reads the whole snapshot rather than patch a cache it cannot trust)."""
    return cache_version(chunks) == version and all(
        (chunks / _name(b, "nq")).is_file() for b in range(BUCKETS)
    )


def cache_version(chunks: Path) -> str | None:
    try:
        return (chunks / VERSION_FILE).read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def _has_pieces(chunks: Path, bucket: int) -> bool:
    return all((chunks / _name(bucket, s)).is_file() for s in (*PIECES.values(), "json"))


def _write_pieces(lines: bytes, folder: Path, bucket: int) -> dict[str, int]:
    quads = list(ox.parse(lines, ox.RdfFormat.N_QUADS)) if lines else []
    seen: set[ox.Triple] = set()
    triples = []
    for q in quads:
        t = q.triple
        if t not in seen:
            seen.add(t)
            triples.append(t)
    pieces = {
        "trig": _without_header(_serialised(quads, "trig"), "trig"),
        "ttl": _without_header(_serialised(triples, "ttl"), "ttl"),
        "jsonld": _serialised(triples, "jsonld").strip().removeprefix(b"[").removesuffix(b"]"),
        # A member with no time and no name: the same lines, the same bytes.
        "nt": gzip.compress(_serialised(triples, "nt"), compresslevel=1, mtime=0)
        if triples
        else b"",
    }
    for fmt, data in pieces.items():
        (folder / _name(bucket, PIECES[fmt])).write_bytes(data)
    counts = {"quads": len(quads), "triples": len(triples)}
    (folder / _name(bucket, "json")).write_text(json.dumps(counts), encoding="utf-8")
    return counts


def _serialised(items: list[Any], fmt: str) -> bytes:
    out = io.BytesIO()
    if items:
        write_items(items, out, fmt)
    return out.getvalue()


@cache
def header(fmt: str) -> bytes:
    """The prefix lines the serialiser writes before the statements of `fmt` (Turtle, TriG)."""
    probe = ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("o"),
                    ox.NamedNode("urn:x:g"))  # fmt: skip
    text = _serialised([probe if fmt == "trig" else probe.triple], fmt)
    return b"".join(line for line in text.splitlines(keepends=True) if line.startswith(b"@prefix"))


def _without_header(data: bytes, fmt: str) -> bytes:
    head = header(fmt)
    if data and not data.startswith(head):
        raise RuntimeError(f"the {fmt} serialiser wrote another header than expected")
    return data[len(head) :] if data else b""


def join(pieces: Pieces, chunks: Path, fmt: str) -> Callable[[IO[bytes]], int]:
    """A writer of the version's file of `fmt`: the pieces of all buckets in order, new ones
    from the version's folder, the others from the cache. Returns the statement count."""

    def piece(bucket: int) -> bytes:
        name = _name(bucket, PIECES[fmt])
        where = pieces.folder if bucket in written else chunks
        return (where / name).read_bytes()

    written = set(pieces.written)
    count = pieces.quads if fmt == "trig" else pieces.triples

    def write(out: IO[bytes]) -> int:
        if fmt == "jsonld":
            out.write(b"[")
            first = True
            for data in _each(piece):
                out.write(data if first else b"," + data)
                first = False
            out.write(b"]\n")
            return count
        if fmt == "nt":
            wrote = False
            for data in _each(piece):
                out.write(data)
                wrote = True
            if not wrote:  # no statements: still a gzip file
                out.write(gzip.compress(b"", compresslevel=1, mtime=0))
            return count
        out.write(header(fmt))
        for data in _each(piece):
            out.write(data)
        return count

    return write


def _each(piece: Callable[[int], bytes]) -> Iterator[bytes]:
    for b in range(BUCKETS):
        data = piece(b)
        if data:
            yield data


def lines_of(pieces: Pieces, kind: str) -> list[bytes]:
    found = pieces.added if kind == "added" else pieces.removed
    return found or []


def take_over(pieces: Pieces, chunks: Path, version: str) -> None:
    """Move the version's new pieces and all bucket lines into the cache, then name the
    version it now belongs to (see the module's docstring for the order)."""
    chunks.mkdir(parents=True, exist_ok=True)
    (chunks / VERSION_FILE).unlink(missing_ok=True)
    for b in pieces.written:
        for suffix in (*PIECES.values(), "json"):
            os.replace(pieces.folder / _name(b, suffix), chunks / _name(b, suffix))
    for b in range(BUCKETS):
        lines = pieces.folder / _name(b, "nq")
        if lines.is_file():
            os.replace(lines, chunks / _name(b, "nq"))
    (chunks / VERSION_FILE).write_text(version + "\n", encoding="utf-8")
    shutil.rmtree(pieces.folder, ignore_errors=True)


def with_blank_nodes(
    quads: Iterable[ox.Quad], names: Callable[[ox.Quad], bool]
) -> Callable[[ox.Quad], bool] | None:
    """What an erasure drops from a file whose statements are `quads` (read once, here):
    the statements `names` picks, and every statement of a blank node that links to what
    they name, of the blank nodes hanging from it (recursively) and pointing at it. None
    when nothing in the file is picked: the file stays as it is.

    A blank node about the person (a qualified statement, a role, a source attached by a
    blank node, an RDF 1.2 reifier `_:r rdf:reifies <<( person p o )>>`) would otherwise
    keep its other statements: they would still describe the person without naming them,
    or dangle. A blank node is tainted when a picked statement has it as subject or object
    (or inside a triple term); its children are the blank-node objects of its statements.
    Only blank-node links are held in memory. The labels must be the same when the file is
    read again, as they are for the files the product writes (its serialisers write labels,
    `_:…`, and the parsers keep them). Written for speed (a million quads a file at the
    1M district): type tests by `is`, no generator per quad."""
    blank, triple = ox.BlankNode, ox.Triple

    def picks(q: ox.Quad) -> bool:
        o = q.object
        return names(q) or (type(o) is triple and _names_in(o, names))

    picked = False
    seeds: set[ox.BlankNode] = set()
    children: dict[ox.BlankNode, set[ox.BlankNode]] = {}
    for q in quads:
        s, o = q.subject, q.object
        if type(s) is blank and (type(o) is blank or type(o) is triple):
            children.setdefault(s, set()).update(_blank_nodes(o))
        if picks(q):
            picked = True
            seeds.update(_blank_nodes(s))
            seeds.update(_blank_nodes(o))
    if not picked:
        return None
    tainted: set[ox.BlankNode] = set()
    pending = list(seeds)
    while pending:
        node = pending.pop()
        if node not in tainted:
            tainted.add(node)
            pending.extend(children.get(node, ()))
    if not tainted:
        return picks

    def drops(q: ox.Quad) -> bool:
        o = q.object
        if names(q) or q.subject in tainted:
            return True
        if type(o) is blank:
            return o in tainted
        if type(o) is triple:
            return _names_in(o, names) or any(b in tainted for b in _blank_nodes(o))
        return False

    return drops


def _blank_nodes(term: object) -> Iterator[ox.BlankNode]:
    """The blank nodes of a term, inside triple terms too."""
    if isinstance(term, ox.BlankNode):
        yield term
    elif isinstance(term, ox.Triple):
        yield from _blank_nodes(term.subject)
        yield from _blank_nodes(term.object)


def _names_in(triple: ox.Triple, names: Callable[[ox.Quad], bool]) -> bool:
    """Whether a triple term (or one nested in it) names what `names` picks."""
    inner = ox.Quad(triple.subject, triple.predicate, triple.object)
    if names(inner):
        return True
    return isinstance(triple.object, ox.Triple) and _names_in(triple.object, names)


def rewrite_cache(chunks: Path, remove: Callable[[ox.Quad], bool]) -> None:
    """An erasure: the bucket lines without what `remove` picks (and the blank nodes that
    go with it, `with_blank_nodes`, over all buckets: a blank node's statements lie in its
    own bucket, not its parent's), and the pieces of those buckets dropped (the next version
    writes them anew from the lines)."""
    if not chunks.is_dir():
        return
    if cache_version(chunks) is None:
        # A take-over stopped half-way (`take_over` names the version last; a server that
        # stops ends the dump maker): pieces may be newer than their bucket's lines, so the
        # lines cannot say which pieces name the person. Only a cache: the next version
        # writes it whole. (Seen: an erasure left a person's name in four pieces.)
        shutil.rmtree(chunks)
        return
    buckets = [chunks / _name(b, "nq") for b in range(BUCKETS)]
    buckets = [path for path in buckets if path.is_file()]
    every = (q for path in buckets for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))
    drops = with_blank_nodes(every, remove)
    if drops is None:  # no bucket names them
        return
    for path in buckets:
        b = int(path.name.partition(".")[0])
        lines = path.read_bytes().splitlines(keepends=True)
        quads = list(ox.parse(b"".join(lines), ox.RdfFormat.N_QUADS)) if lines else []
        if len(quads) != len(lines):  # the engine writes one quad per line
            raise RuntimeError(f"{path}: not one quad per line")
        kept = [line for line, q in zip(lines, quads, strict=True) if not drops(q)]
        if len(kept) == len(lines):
            continue
        for suffix in (*PIECES.values(), "json"):
            (chunks / _name(b, suffix)).unlink(missing_ok=True)
        tmp = path.with_suffix(".nq.new")
        tmp.write_bytes(b"".join(kept))
        os.replace(tmp, path)


def adopt_base(old_base: Path, chunks: Path, version: str) -> None:
    """A store from before the cache: its `base.nq` (the newest version's N-Quads) becomes
    the buckets' lines, so the next changelog is still against that version; the pieces are
    then all written once."""
    if not old_base.is_file() or cache_version(chunks) is not None:
        return
    shutil.rmtree(chunks, ignore_errors=True)
    split_canonical(old_base, chunks)
    (chunks / VERSION_FILE).write_text(version + "\n", encoding="utf-8")
    old_base.unlink()
