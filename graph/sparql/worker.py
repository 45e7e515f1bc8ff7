"""The worker side of the query pool (`pool.py`): what runs in each child process.

A worker answers one query at a time from the public snapshot it is told to read, writes the
result in the format asked for, and sends it to the server in chunks. It imports nothing of
the web layer, and nothing of the server side of the pool but the job it receives.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection
from typing import Any

from ..interpreter import hand_over_quickly
from ..memory import give_back, limit_arenas, map_large_blocks, resident_bytes

CHUNK = 64 * 1024
#: Quads copied into memory at a time while queries may wait (`_Opened._copy`).
COPY_BATCH = 500
NATIVE_BYTES = 32 * 1024 * 1024  # above this a result is cut row by row instead


def main(fd: int) -> None:
    """The worker program (`pool._Worker` starts it): answer on the pipe's end `fd`.

    Ctrl-C in a terminal reaches the whole process group; the server stops its workers
    itself (and a worker ends with its server), so the worker ignores it rather than print a
    traceback for each."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # As in `serve` (graph/memory.py): large blocks on their own mappings, few arenas, so
    # that what a query frees can go back to the system.
    limit_arenas()
    map_large_blocks()
    # The query waits for the lock once per row while the snapshot's copy (`_Opened`) runs
    # beside it: a turn of 0.5 ms, not 5.
    hand_over_quickly()
    worker_main(Connection(fd))


def worker_main(conn: Connection) -> None:
    parent = os.getppid()
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    opened = _Opened()
    kept = _Kept()
    conn.send(("ready",))
    while True:
        if not conn.poll():  # between queries, not while one waits
            kept.settle()
        try:
            snapshot, memory_quads, job = conn.recv()
        except (EOFError, OSError):
            return
        _answer(conn, opened.get(snapshot, memory_quads), job)


def _answer(conn: Connection, store: Any, job: Any) -> None:
    """Answer one query; what it allocated is free when this returns (`_Kept.settle`)."""
    import pyoxigraph as ox

    from ..namespaces import PREFIXES
    from .results import GRAPH_FORMATS, write_boolean, write_solutions

    kwargs: dict[str, object] = {}
    if job.default_graphs is not None or job.named_graphs is not None:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs or []] or [
            ox.NamedNode("urn:akteursgraph:empty")
        ]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or []]
    elif not job.own_dataset:
        kwargs["use_default_graph_as_union"] = True
    try:
        result = store.query(job.query, prefixes=PREFIXES, **kwargs)
        if isinstance(result, ox.QueryBoolean):
            if job.solution_format is None:
                conn.send(("notacceptable", "boolean"))
                return
            conn.send(("ok", "boolean", job.solution_format, False))
            conn.send(("chunk", write_boolean(job.solution_format, bool(result)).encode()))
        elif isinstance(result, ox.QuerySolutions):
            if job.solution_format is None:
                conn.send(("notacceptable", "solutions"))
                return
            native = native_solutions(result, job.solution_format, job.max_rows)
            if native is not None:  # the common case: the engine writes the result
                conn.send(("ok", "solutions", job.solution_format, False))
                for i in range(0, len(native), CHUNK):
                    conn.send(("chunk", native[i : i + CHUNK]))
                conn.send(("end",))
                return
            # Over the row cap (or very large): run again and cut it row by row.
            result = store.query(job.query, prefixes=PREFIXES, **kwargs)
            variables = [v.value for v in result.variables]
            rows = [
                [row[i] for i in range(len(variables))]
                for row in itertools.islice(result, job.max_rows + 1)
            ]
            truncated = len(rows) > job.max_rows
            conn.send(("ok", "solutions", job.solution_format, truncated))
            buffer: list[str] = []
            size = 0
            for piece in write_solutions(job.solution_format, variables, rows[: job.max_rows]):
                buffer.append(piece)
                size += len(piece)
                if size >= CHUNK:
                    conn.send(("chunk", "".join(buffer).encode()))
                    buffer, size = [], 0
            if buffer:
                conn.send(("chunk", "".join(buffer).encode()))
        else:
            if job.graph_format is None:
                conn.send(("notacceptable", "graph"))
                return
            triples = list(itertools.islice(result, job.max_rows + 1))
            truncated = len(triples) > job.max_rows
            rdf_format = GRAPH_FORMATS[job.graph_format][2]
            prefixes = PREFIXES if rdf_format == ox.RdfFormat.TURTLE else None
            data = ox.serialize(triples[: job.max_rows], format=rdf_format, prefixes=prefixes)
            if rdf_format == ox.RdfFormat.RDF_XML and not _well_formed(data or b""):
                conn.send(("unwritable",))
                return
            conn.send(("ok", "graph", job.graph_format, truncated))
            for i in range(0, len(data or b""), CHUNK):
                conn.send(("chunk", data[i : i + CHUNK]))  # type: ignore[index]
        conn.send(("end",))
    except SyntaxError as exc:
        conn.send(("syntax", str(exc)))
    except Exception as exc:  # the engine's own errors (type errors, store errors)
        # The detail goes to the server's log, never to the client (it may name paths).
        print(f"akteursgraph query worker: {type(exc).__name__}: {exc}", file=sys.stderr)
        conn.send(("failed",))


class _Kept:
    """Gives back what a query freed once the worker has grown by `GROWTH` since it last did.

    glibc keeps what the engine frees for the next allocation: a worker that answered the
    gallery at the 1M district stayed at 201 MiB (30 MiB when started), 137 MiB when it gave
    back after each large answer; so did one that opened a new snapshot after each
    publication and let go of the old. Issue 11 counts the workers in serve's 1 GB.
    `give_back` costs 1-11 ms there, so it runs only after growth, not after every query
    (the simple query's rate is about 1,000/s).
    """

    GROWTH = 16 * 1024 * 1024

    def __init__(self) -> None:
        self._after = resident_bytes()

    def settle(self) -> None:
        if resident_bytes() - self._after >= self.GROWTH:
            give_back()
            self._after = resident_bytes()


class _Opened:
    """The snapshot a worker answers from: on disk at once, and for a small one, from memory
    as soon as a copy is made in the background.

    A small snapshot answers about four times faster from memory than from RocksDB; a large
    one stays on disk so that memory stays bounded. After a publication the worker must not
    make the next query wait for the copy, so the copy is made beside the queries, in the
    engine (a dump and a bulk load, no Python objects per quad), and replaces the disk store
    when it is complete. Whether the data is small is counted once, on the first snapshot: a
    publication changes its size by a few quads, and counting a large store on every
    publication costs time and keeps old snapshots open.
    """

    def __init__(self) -> None:
        self._path: str | None = None
        self._store: Any = None
        self._small: bool | None = None  # None: not known yet
        self._lock = threading.Lock()

    def get(self, snapshot: str, memory_quads: int) -> Any:
        import pyoxigraph as ox

        with self._lock:
            if self._path == snapshot:
                return self._store
            on_disk = ox.Store.read_only(snapshot)
            self._path, self._store = snapshot, on_disk  # lets go of the old one
            first = self._small is None
        if memory_quads and (first or self._small):
            args = (snapshot, on_disk, memory_quads, first)
            threading.Thread(target=self._copy, args=args, daemon=True).start()
        return on_disk

    def _copy(self, snapshot: str, on_disk: Any, memory_quads: int, count: bool) -> None:
        import pyoxigraph as ox

        if count:
            seen = sum(1 for _ in itertools.islice(on_disk, memory_quads + 1))
            self._small = seen <= memory_quads
            if not self._small:
                return
        in_memory = ox.Store()
        # Quad by quad, not the bulk loader over a serialisation: that names blank nodes anew,
        # and /sparql must answer the store's own labels, by which an update names a blank
        # node (docs/sparql.md). As fast at this size (1.9 s against 2.1 s for 250,000).
        # In batches: `bulk_extend` keeps the interpreter lock until its input ends, and a
        # query sent meanwhile waited for the whole copy (0.77 s at 107,485 quads: /sparql
        # p95 809 ms after publications at the 142k district). Batches of `COPY_BATCH`
        # with turns of 0.5 ms: queries meanwhile p50 3.9 ms, at most 8 ms; the copy as fast.
        # A copy of a snapshot that a newer one replaced meanwhile stops: several copies at
        # once, one per publication, took turns with the queries and with each other (the
        # benchmark's worker grew past 1 GB, and /sparql's p95 went to 2 s).
        quads = iter(on_disk)
        while batch := list(itertools.islice(quads, COPY_BATCH)):
            if self._path != snapshot:
                return
            in_memory.bulk_extend(batch)
        with self._lock:
            if self._path == snapshot:
                self._store = in_memory


def _exit_with_parent(parent: int) -> None:
    """End this worker when the server is gone, even in the middle of a runaway query.

    A server stopped by a signal runs no clean-up, and a worker busy with a query past its
    limit would otherwise run on, orphaned, for as long as the query does. The engine lets go
    of the GIL while it evaluates, so this thread gets to run.
    """
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(0)


class _Overflow(Exception):
    pass


class _BoundedSink(io.RawIOBase):
    """Collects the engine's serialisation, and stops it past a size (then rows are cut)."""

    def __init__(self, limit: int) -> None:
        self.parts: list[bytes] = []
        self.size = 0
        self.limit = limit
        self.overflowed = False

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.size += len(data)
        if self.size > self.limit:
            self.overflowed = True
            raise _Overflow
        self.parts.append(bytes(data))
        return len(data)


def _well_formed(xml: bytes) -> bool:
    """Whether the engine's RDF/XML is XML with namespaces, as RDF/XML must be. A predicate
    whose IRI ends without an XML name (`http://ex.org/1`, one ending in "/") cannot be
    written as an element: the engine wrote `<oxprefix: …>`, which no RDF parser reads, and
    the server sent it with 200 (researcher's walk). Expat reads it at C speed (with its
    namespaces: without, "oxprefix:" is a name); only RDF/XML answers are read."""
    from xml.parsers import expat

    try:
        expat.ParserCreate(namespace_separator=" ").Parse(xml, True)
    except expat.ExpatError:
        return False
    return True


def native_solutions(result: object, fmt: str, max_rows: int) -> bytes | None:
    """The engine's own serialisation (several times faster than ours), if within the cap.

    Returns None when the result has more than `max_rows` rows or more than NATIVE_BYTES:
    the caller then runs the query again and cuts the rows itself.
    """
    import pyoxigraph as ox

    formats = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
               "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}  # fmt: skip
    sink = _BoundedSink(NATIVE_BYTES)
    try:
        result.serialize(sink, format=formats[fmt])  # type: ignore[attr-defined]
    except Exception:
        if sink.overflowed:
            return None
        raise
    data = b"".join(sink.parts)
    rows = _count_rows(fmt, data)
    if fmt == "csv" and not _csv_fields_kept_apart(data, rows):
        return None  # written again by `write_solutions`, which quotes such an IRI
    return data if rows <= max_rows else None


def _csv_fields_kept_apart(data: bytes, rows: int) -> bool:
    """Whether every comma outside quotes in the engine's CSV of `rows` rows separates two
    fields. The engine quotes a literal with a comma but not an IRI
    (`http://ex.org/a?x=1,2`), so the row had a field too many and a client read the
    columns shifted (researcher's walk; SPARQL 1.1 Query Results CSV, section 3.2). Every
    row holds as many separators as the header, whose names have no comma: one count over
    the bytes, no parse."""
    header = data.split(b"\r\n", 1)[0]
    separators = sum(piece.count(b",") for piece in data.split(b'"')[::2])
    return separators == (rows + 1) * header.count(b",")


def _count_rows(fmt: str, data: bytes) -> int:
    if fmt == "json":
        return len(json.loads(data)["results"]["bindings"])
    if fmt == "xml":
        return data.count(b"<result>")  # element text is escaped: only results open so
    if fmt == "tsv":
        return max(0, data.count(b"\n") - 1)  # TSV escapes newlines inside terms
    # CSV: line ends outside quoted fields (a quote inside a field is doubled, so the pieces
    # between quotes alternate outside, inside). The `csv` module refused a field past 128 KiB
    # (its field size limit): one long literal failed the whole query.
    return max(0, sum(piece.count(b"\n") for piece in data.split(b'"')[::2]) - 1)
