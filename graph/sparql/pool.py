"""Public SPARQL queries in worker processes that can be killed.

A pyoxigraph query cannot be interrupted from Python, and a pathological query can crash the
process that runs it. So public queries run in a small pool of worker processes over the
read-only public snapshot: a query past its time limit gets its worker killed (and replaced)
while the other workers keep answering; a crash costs one worker, never the server.

The workers are started as programs of this Python (`python -c`, the pipe's end passed as a
file descriptor), not by `multiprocessing`: its "spawn" start also starts a resource tracker
process (12 MiB resident at the 1M district, tracking nothing this pool makes), and issue 11
allows `serve` with all its processes 1 GiB.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from ..errors import (
    NotAcceptable,
    QueryBusy,
    QueryCrashed,
    QueryError,
    QuerySyntaxError,
    QueryTimeout,
    QueryTooBig,
)
from ..memory import resident_bytes
from .cache import Cached, ResultCache
from .fairness import FairShare
from .syntax import syntax_message


@dataclass
class Job:
    query: str
    solution_format: str | None
    graph_format: str | None
    default_graphs: Sequence[str] | None = None
    named_graphs: Sequence[str] | None = None
    #: Rows (or triples) at most; None: the pool's cap (`serve --max-rows`), never more.
    max_rows: int | None = None
    own_dataset: bool = False  # the query has FROM / FROM NAMED: let them choose the graphs


@dataclass
class Answer:
    """The first message of a result: what it is; then `chunks` yields the bytes."""

    kind: str  # "solutions" | "boolean" | "graph"
    format: str
    truncated: bool
    chunks: Iterator[bytes] = field(repr=False, default_factory=lambda: iter(()))


#: How often a running query's worker is looked at (its memory, the time limit).
_WATCH = 0.05


#: The worker's program: `worker.main` on the file descriptor of its end of the pipe. The
#: folder this package was imported from comes last on its path: where the server's path was
#: set by its caller, the worker still finds the package, and nothing else is shadowed.
#: `-P`: `python -c` put the working folder first on the path, and a `copy.py` in the folder
#: `serve` was started from replaced the standard library's: every query failed (500).
_WORKER_CODE = (
    "import sys; sys.path.append(sys.argv[2]); "
    "from akteursgraph.sparql.worker import main; main(int(sys.argv[1]))"
)
_PACKAGE_ROOT = str(Path(__file__).parents[2])


class _Worker:
    def __init__(self) -> None:
        ours, theirs = socket.socketpair()
        self.conn = Connection(ours.detach())
        try:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-B",
                    "-P",
                    "-c",
                    _WORKER_CODE,
                    str(theirs.fileno()),
                    _PACKAGE_ROOT,
                ],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
            )
        except BaseException:
            self.conn.close()
            raise
        finally:
            theirs.close()
        self.ceiling = 0  # bytes of resident memory past which its query is stopped
        self.client = ""  # whose query it answers now (the fair share counts it)

    def wait_ready(self, timeout: float) -> bool:
        if self.conn.poll(timeout):
            try:
                return self.conn.recv() == ("ready",)
            except (EOFError, OSError):
                return False
        return False

    def resident_bytes(self) -> int:
        """The worker's resident memory now (Linux /proc; 0 where it cannot be read)."""
        return resident_bytes(self.process.pid)

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        self.conn.close()


class QueryPool:
    """A fixed number of query workers; each request borrows one for one query."""

    def __init__(
        self,
        size: int = 2,
        timeout: float = 10.0,
        max_rows: int = 10_000,
        wait: float = 5.0,
        memory_quads: int = 0,
        memory_budget: int = 512 * 1024**2,
        client_budget: float = 90.0,
        heavy_query: float = 2.0,
    ) -> None:
        """`memory_budget`: bytes a worker may grow by while it answers one query (above what
        it held before: the snapshot's copy); past it the worker is killed like at the time
        limit. A cross product sorted took a worker to 3.85 GB in 10 s without it.

        `client_budget` (worker-seconds per minute) and `heavy_query` (seconds) are each
        client's fair share (`fairness.FairShare`): over the budget a client gets 429; after
        a query longer than `heavy_query` it leaves the last idle worker to others."""
        self.size = size
        self.memory_quads = memory_quads
        self.memory_budget = memory_budget
        self.timeout = timeout
        self.max_rows = max_rows
        self.wait = wait
        self._snapshot: Path | None = None
        self.cache = ResultCache()
        self._idle: list[_Worker] = []
        self._workers: set[_Worker] = set()  # idle and busy
        self._spare: _Worker | None = None  # started, ready, takes a killed worker's place
        self._lock = threading.Lock()
        self._free = threading.Condition(self._lock)  # an idle worker came back
        self.fair = FairShare(size, budget=client_budget, slow=heavy_query)
        self._closed = False

    @property
    def busy(self) -> int:
        """How many workers are answering a query now."""
        with self._lock:
            return len(self._workers) - len(self._idle)

    @property
    def alive(self) -> int:
        """How many worker processes are running (for `/healthz`)."""
        with self._lock:
            return sum(1 for w in self._workers if w.alive())

    @property
    def pids(self) -> set[int]:
        """The process ids of the workers (tests see by them that `recycle` replaced them)."""
        with self._lock:
            return {w.process.pid for w in self._workers}

    @property
    def spare_pid(self) -> int | None:
        """The process id of the spare worker, if one is ready (tests)."""
        with self._lock:
            return self._spare.process.pid if self._spare is not None else None

    def recycle(self) -> None:
        """Replace every idle worker by a new process.

        After an erasure: a worker keeps the public data it last answered from (the
        snapshot's files open, for a small store a copy in its memory) until its next query;
        the erased person must not stay in any process. The erasure holds requests off, so
        every worker is idle then. Takes about a second (new interpreters, started at once)."""
        with self._lock:
            old, self._idle = list(self._idle), []
            self._workers.difference_update(old)
        fresh = [self._new_worker() for _ in old]
        for worker in old:
            worker.kill()
        for worker in fresh:
            if worker.wait_ready(60):
                self._give_back(worker)
            else:
                worker.kill()
                with self._lock:
                    self._workers.discard(worker)

    def _new_worker(self) -> _Worker:
        worker = _Worker()
        with self._lock:
            self._workers.add(worker)
        return worker

    def start(self) -> None:
        """Start the workers; the spare only once a worker has been killed (`_replace`)."""
        workers = [self._new_worker() for _ in range(self.size)]
        for w in workers:
            if not w.wait_ready(60):
                raise RuntimeError("query worker did not start")
            self._give_back(w)

    def close(self) -> None:
        """Stop every worker, the busy ones too (a query past its limit must not outlive us).

        A query under way, or asked for from now on, is told that the server stops (503):
        one that `serve` cut off as it stopped was answered "The query crashed its worker
        process; the server keeps running" (500), which was neither true nor the reason."""
        self._closed = True
        with self._lock:
            workers = list(self._workers)
            if self._spare is not None:
                workers.append(self._spare)
                self._spare = None
        for worker in workers:
            worker.kill()

    def _take(self, client: str) -> _Worker:
        """An idle worker for `client`'s query, as its fair share allows, waiting up to
        `self.wait` seconds; 429 at once for a client over its budget, 503 after the wait."""
        deadline = time.monotonic() + self.wait
        with self._free:
            self.fair.check_budget(client)
            while True:
                if self._closed:  # its workers are killed: none may take a query
                    raise _stopping()
                if self.fair.may_take(client, len(self._idle)):
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    raise _busy(self.fair.held_back(client, len(self._idle)))
                self._free.wait(min(left, 0.25))  # heaviness changes with time too
            worker = self._idle.pop()
            worker.client = client
            self.fair.started(client, id(worker))
            return worker

    def _give_back(self, worker: _Worker) -> None:
        """A worker that finished its query (or a new one) is idle again."""
        with self._free:
            self.fair.ended(worker.client, id(worker))
            self._idle.append(worker)
            self._free.notify_all()

    def _replace(self, dead: _Worker) -> None:
        """Kill a worker, put the ready spare in its place, and start a new spare.

        Starting a worker takes the better part of a second (a new interpreter); with a
        spare, the workers killed at the time limit (a runaway client's, every few seconds)
        are back at once, and the worker kept for light clients stays free meanwhile. The
        spare is started at the first kill, not with the pool: a server whose queries all
        end in time does not keep an idle interpreter (32 MiB resident at the 1M district);
        the first killed worker is replaced within about a second, the next ones at once."""
        dead.kill()
        with self._lock:
            self.fair.ended(dead.client, id(dead))
            self._workers.discard(dead)
            spare, self._spare = self._spare, None
            if spare is not None:
                self._workers.add(spare)
        if spare is not None:
            self._give_back(spare)
        # Without a spare: one in the dead worker's place, then the spare (the size allowing).
        starts = 1 if spare is not None or self.size < 2 else 2

        def spawn() -> None:
            for _ in range(starts):
                start_one()

        def start_one() -> None:
            if self._closed:
                return
            fresh = _Worker()
            if not fresh.wait_ready(60):
                fresh.kill()
                return
            with self._lock:
                needed = not self._closed and len(self._workers) < self.size
                spare_wanted = not self._closed and not needed and self._spare is None
                if needed:
                    self._workers.add(fresh)
                elif spare_wanted:
                    self._spare = fresh
            if needed:
                self._give_back(fresh)
            elif not spare_wanted:
                fresh.kill()

        threading.Thread(target=spawn, daemon=True).start()

    @property
    def snapshot(self) -> Path | None:
        """The public data the workers answer from; a new one drops the cached answers."""
        return self._snapshot

    @snapshot.setter
    def snapshot(self, path: Path | None) -> None:
        self._snapshot = path
        self.cache.clear()

    def run(self, job: Job, client: str = "") -> Answer:
        """Answer `job` in a worker; `client` (the asker's address) is what the fair share
        counts, so one client cannot hold every worker."""
        if self.snapshot is None:
            raise QueryBusy("Kein Datenstand geladen.", "No data snapshot loaded.")
        job.max_rows = self.max_rows if job.max_rows is None else min(job.max_rows, self.max_rows)
        key = (str(self.snapshot), job.query, job.solution_format, job.graph_format,
               tuple(job.default_graphs or ()), tuple(job.named_graphs or ()),
               job.own_dataset, job.max_rows)  # fmt: skip
        cached = self.cache.get(key)
        if cached is not None:
            return Answer(cached.kind, cached.format, cached.truncated, iter([cached.body]))
        worker = self._take(client)
        deadline = time.monotonic() + self.timeout
        worker.ceiling = worker.resident_bytes() + self.memory_budget
        try:
            worker.conn.send((str(self.snapshot), self.memory_quads, job))
            first = self._receive(worker, deadline)
        except BaseException as exc:
            self._replace(worker)
            if self._closed and not isinstance(exc, QueryTimeout):
                raise _stopping() from None  # `close` killed it: not the query's fault
            raise
        kind = first[0]
        if kind == "ok":
            kept = (key, first[1], first[2], first[3])
            return Answer(
                kind=first[1],
                format=first[2],
                truncated=first[3],
                chunks=_Chunks(self, worker, self._stream(worker, deadline, kept)),
            )
        self._give_back(worker)
        if kind == "syntax":
            raise QuerySyntaxError(*syntax_message(job.query, str(first[1])))
        if kind == "unwritable":
            raise NotAcceptable(
                "RDF/XML kann eine Eigenschaft dieses Ergebnisses nicht schreiben (ihre IRI endet "
                "ohne XML-Namen, etwa auf eine Ziffer oder „/“); bitte Turtle, N-Triples oder "
                "JSON-LD anfordern.",
                "RDF/XML cannot write a property of this result (its IRI ends without an XML "
                'name, with a digit or a "/", say); please ask for Turtle, N-Triples or JSON-LD.',
            )
        if kind == "notacceptable":
            raise NotAcceptable(
                "Kein passendes Ergebnisformat für diese Art von Anfrage (Accept/format).",
                "No acceptable result format for this kind of query (Accept/format).",
            )
        raise QueryError(
            "Die Anfrage konnte nicht ausgewertet werden (Fehler in der Auswertung).",
            "The query could not be evaluated (an evaluation error).",
        )

    def _receive(self, worker: _Worker, deadline: float) -> tuple[object, ...]:
        """The worker's next message, each of its bytes under the time limit and the memory
        budget. `Connection.recv` waits without end for the rest of a message once its first
        bytes came: a worker stalled mid-message (held, swapped out) held the request's thread
        past the limit, and the client waited with it, the status long sent."""
        head = self._read(worker, 4, deadline)
        # Past the time limit, a message that has begun gets `_WATCH` once for the rest (a
        # healthy worker sends it within microseconds), not a new `_WATCH` for every piece.
        rest = max(deadline, time.monotonic() + _WATCH)
        (size,) = struct.unpack("!i", head)
        if size == -1:  # `Connection.send`'s frame for a message of 2 GiB or more
            (size,) = struct.unpack("!Q", self._read(worker, 8, rest))
        try:
            return pickle.loads(self._read(worker, size, rest))
        except (pickle.UnpicklingError, EOFError, ValueError):
            raise _crashed() from None

    def _read(self, worker: _Worker, size: int, deadline: float) -> bytes:
        """`size` bytes from the worker, waiting for them until `deadline`."""
        fd = worker.conn.fileno()
        got = bytearray()
        while len(got) < size:
            self._wait(worker, deadline)
            try:
                part = os.read(fd, min(size - len(got), 1 << 20))
            except OSError:
                raise _crashed() from None
            if not part:
                raise _crashed()
            got += part
        return bytes(got)

    def _wait(self, worker: _Worker, deadline: float) -> None:
        """Until the worker has sent something; QueryTimeout at `deadline`, QueryTooBig when
        its memory passes its ceiling meanwhile."""
        while not worker.conn.poll(min(_WATCH, max(0.0, deadline - time.monotonic()))):
            if time.monotonic() >= deadline:
                raise QueryTimeout(
                    f"Die Anfrage hat das Zeitlimit von {self.timeout:g} s überschritten und "
                    "wurde abgebrochen.",
                    f"The query exceeded the time limit of {self.timeout:g} s and was stopped.",
                )
            if worker.resident_bytes() > worker.ceiling:
                raise QueryTooBig(
                    "Die Anfrage brauchte mehr Arbeitsspeicher, als einer Anfrage zusteht "
                    f"({self.memory_budget // 1024**2} MB), und wurde abgebrochen.",
                    "The query needed more memory than one query may use "
                    f"({self.memory_budget // 1024**2} MB) and was stopped.",
                )

    def _stream(
        self, worker: _Worker, deadline: float, kept: tuple[Hashable, str, str, bool]
    ) -> Iterator[bytes]:
        """The answer's bytes as the worker sends them; a complete, small answer is cached."""
        done = False
        parts: list[bytes] = []
        size = 0
        try:
            while True:
                message = self._receive(worker, deadline)
                if message[0] == "chunk":
                    chunk: bytes = message[1]  # type: ignore[assignment]
                    size += len(chunk)
                    if size <= self.cache.max_entry:
                        parts.append(chunk)
                    yield chunk
                elif message[0] == "end":
                    done = True
                    return
                else:
                    return
        # A stop past the headers (time limit, memory, crash) is raised, not swallowed: an
        # answer that just ended early looked whole (a CSV cut at a row's end, 200, no mark).
        # The server then breaks the connection off without the body's end.
        finally:
            if done:
                self._give_back(worker)
                if size <= self.cache.max_entry:
                    key, kind, fmt, truncated = kept
                    self.cache.put(key, Cached(kind, fmt, truncated, b"".join(parts)))
            else:
                self._replace(worker)


class _Chunks:
    """An answer's bytes (`QueryPool._stream`), and `close` for a body never read: a
    generator closed before its first step runs no `finally`, so its worker was never given
    back. A HEAD request's body is never read (its server only closes it): two HEADs held
    every worker until a restart, and every query was refused as busy (walk)."""

    def __init__(self, pool: QueryPool, worker: _Worker, stream: Iterator[bytes]) -> None:
        self._pool, self._worker, self._stream = pool, worker, stream
        self._started = self._closed = False

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        self._started = True
        return next(self._stream)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._started:
            self._stream.close()  # its `finally` gives the worker back or replaces it
        else:
            self._pool._replace(self._worker)  # mid-answer: it cannot take another job


def _crashed() -> QueryCrashed:
    return QueryCrashed(
        "Die Anfrage hat den Abfrage-Prozess zum Absturz gebracht; der Server läuft weiter.",
        "The query crashed its worker process; the server keeps running.",
    )


def _stopping() -> QueryBusy:
    return QueryBusy(
        "Der Server wird beendet; die Anfrage wurde nicht beantwortet. Bitte nach dem "
        "Neustart noch einmal senden.",
        "The server is stopping; the query was not answered. Please send it again once it "
        "has restarted.",
    )


def _busy(reason: str | None) -> QueryBusy:
    """The 503 of a query that found no worker it may take, with the true reason: a client
    held back by the fair share was told "all workers are busy" beside an idle one."""
    if reason == "own":
        return QueryBusy(
            "Ihre Anfragen belegen schon alle Abfrage-Prozesse bis auf einen, der für andere "
            "frei bleibt; bitte warten, bis eine davon fertig ist.",
            "Your queries already hold every query worker but the one kept free for others; "
            "please wait until one of them has finished.",
        )
    if reason == "heavy":
        return QueryBusy(
            "Ihre letzten Anfragen waren aufwendig: solange nur ein Abfrage-Prozess frei ist, "
            "bleibt er für andere. Bitte in einigen Sekunden noch einmal versuchen.",
            "Your recent queries were heavy: while only one query worker is free, it stays "
            "free for others. Please try again in a few seconds.",
        )
    return QueryBusy(
        "Alle Abfrage-Prozesse sind belegt; bitte gleich noch einmal versuchen.",
        "All query workers are busy; please try again in a moment.",
    )


@contextlib.contextmanager
def single_worker(data: Path, *, timeout: float, max_rows: int) -> Iterator[QueryPool]:
    """One worker over the store files at `data`, for one person's query from the CLI.

    The worker opens the files read-only, so this works beside a running server.
    """
    pool = QueryPool(size=1, timeout=timeout, max_rows=max_rows, wait=timeout)
    pool.snapshot = data
    pool.start()
    try:
        yield pool
    finally:
        pool.close()
