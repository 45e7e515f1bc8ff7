"""Virtuoso beside our endpoint: Debian's build, our own instance, the same public quads.

The baseline the issue names for the gallery ("side by side with Virtuoso"). `make bench`
installs Debian's `virtuoso-opensource-7-bin` (the server `virtuoso-t` and `isql-vt`, 7.2.5),
like wrk: the `virtuoso-opensource` package around it would also install and start a system
service on all interfaces. `running` starts an instance of our own instead: a child process in
a temporary folder, with its own `virtuoso.ini` (`ini_text`, adapted from Debian's), bound to
127.0.0.1 on free ports, with a random DBA password, stopped at the end.

`measure` loads the public N-Quads the benchmark's engine and server answer from with
Virtuoso's bulk loader (`ld_dir`, `rdf_loader_run()`, `checkpoint`: each quad into its own
graph) and checks that every graph holds as many triples as ours before anything is asked.
Each gallery question then goes to Virtuoso's /sparql with the clients the benchmark uses for
ours (`gallery.sparqlwrapper`, `gallery.keepalive`), with our prefixes declared
(`with_prefixes`: Virtuoso does not know them) and the public graphs named as the dataset
(default-graph-uri and named-graph-uri). Without a dataset, Virtuoso's default graph is the
union of all its graphs, its own three too (its quad-map schema virtrdf#, ldp# and its service
description: 2,496 triples in a new database); naming the public graphs gives exactly what our
endpoint answers from, the union of the public graphs. (Without a dataset, Virtuoso also
answered a non-ASCII string constant of question 19 as "?", cf. openlink/virtuoso-opensource
#609; with one it does not.)

Every answer is checked before it is timed, against the engine's answer recomputed under
`answers.VIRTUOSO` (a boolean counts as 1 or 0, an empty GROUP_CONCAT as unbound: forms
Virtuoso writes differently, not other values). A different answer is reported as wrong and not
timed, as for every other way of answering. Virtuoso's time limit is our server's
(`--query-timeout`); a query past it ends in an error ("SR171: Transaction timed out"), or, in
Virtuoso's "anytime" mode, in a partial answer that only an X-SQL-State header marks
(`complete`): either is an error, not timed.

Where Virtuoso is missing or does not start, `measure` says so (`info["virtuoso"]`, shown in
the report) and the benchmark goes on without it, as it does without wrk.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import math
import os
import secrets
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from akteursgraph.namespaces import PREFIXES
from akteursgraph.sparql.prefixes import with_prefixes

from .answers import VIRTUOSO, concat_columns, engine_answer
from .gallery import GRAPH_FORMS, MAX_ROWS, check_then_time, fresh, keepalive, same, sparqlwrapper
from .memory import tree_peak_rss_mb
from .server import free_port, stop_process
from .stats import log

EXECUTABLE = "virtuoso-t"
ISQL = "isql-vt"
PACKAGE = "virtuoso-opensource-7-bin"

#: The values virtuoso.ini's own table gives for 2 GB of memory for Virtuoso: 1.3 GiB of
#: 8 KiB pages (the benchmark machine has 24 GB and 2 cores; the 1M district takes far less).
BUFFERS = 170_000
DIRTY_BUFFERS = 130_000

#: What virtuoso-t says when a port is taken (it then ends): tried again with other ports.
_PORT_TAKEN = "address already in use"

#: The timed columns: cold with each client (a new text each run), and repeated.
KEYS = ("virtuoso", "virtuoso_keepalive", "virtuoso_repeat")

#: Why Virtuoso's answer differed where it did when this was built (7.2.5, scales 0.1-0.2):
#: values, not forms, so they stay wrong; the report adds the reason to the verdict.
SEEN_DIFFERENCES = {
    "05": "Virtuoso turns the WKT point into its own geometry type, coordinates in single "
    "precision",
    "18": "IF over an error (CONTAINS of an unbound value) takes the else branch: 0, not unbound",
    "33": "CONCAT skips an unbound argument instead of raising an error, so COALESCE's "
    "fallback is not used",
}


class VirtuosoError(RuntimeError):
    """Virtuoso could not be started, loaded or asked; the message says why."""


def missing() -> str | None:
    """Why Virtuoso cannot run here, or None when `virtuoso-t` and `isql-vt` are installed."""
    absent = [name for name in (EXECUTABLE, ISQL) if shutil.which(name) is None]
    if not absent:
        return None
    return (
        f"{' and '.join(absent)} not installed (Debian: apt-get install {PACKAGE}; "
        "make bench installs it)"
    )


def version() -> str | None:
    """`virtuoso-t`'s version ("7.2.5.3229-pthreads"), or None when it is not installed."""
    exe = shutil.which(EXECUTABLE)
    if exe is None:
        return None
    try:
        done = subprocess.run([exe, "-?"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    for line in (done.stdout + done.stderr).splitlines():
        if line.startswith("Version "):
            return line.split()[1]
    return None


def ini_text(
    folder: Path,
    sql_port: int,
    http_port: int,
    data: Path,
    *,
    threads: int,
    max_rows: int,
    query_seconds: float,
    buffers: int = BUFFERS,
    dirty_buffers: int = DIRTY_BUFFERS,
) -> str:
    """A virtuoso.ini for an instance of our own, adapted from Debian's
    (/usr/share/virtuoso-opensource-7/virtuoso.ini in `virtuoso-opensource-7`).

    Differences, each for a reason: every file in `folder`; both ports on 127.0.0.1 only;
    the bulk loader may read `data` (DirsAllowed) and nothing else outside `folder`; memory
    as virtuoso.ini's table sets it for 2 GB; `threads` per query (the machine's cores); no
    automatic checkpoint (the load ends with one, and none may fall into a timed run); results, and
    ORDER BY with LIMIT/OFFSET, up to `max_rows` (the bench server's cap, so that large
    answers compare in full); a query
    stops after `query_seconds` (our server's limit); no hosting plugins (not in the -bin
    package).
    """
    for path in (folder, data):
        if any(c in str(path) for c in ",;\n="):
            raise ValueError(f"a path virtuoso.ini cannot hold: {path}")
    return f"""\
; Written by akteursgraph's benchmark (graph/bench/virtuoso.py) for one run; removed after it.
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
LiteMode = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 0
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
MaxSortedTopRows = {max_rows}
CheckpointAuditTrail = 0
AllowOSCalls = 0
SchedulerInterval = 10
DirsAllowed = ., {data}
ThreadCleanupInterval = 0
ThreadThreshold = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize = 100000
SingleCPU = 0
PrefixResultNames = 0
RdfFreeTextRulesSize = 100
IndexTreeMaps = 64
MaxMemPoolSize = 200000000
MaxQueryMem = 2G
VectorSize = 1000
MaxVectorSize = 1000000
AdjustVectorSize = 0
ThreadsPerQuery = {max(1, threads)}
AsyncQueueMaxThreads = 10
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}/vsp
MaxClientConnections = 10
DavRoot = DAV
EnabledDavVSP = 0
HTTPProxyEnabled = 0
TempASPXDir = 0
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
HTTPThreadSize = 280000
HttpPrintWarningsInOutput = 0
Charset = UTF-8
EnabledGzipContent = 0

[Client]
SQL_PREFETCH_ROWS = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT = 0
SQL_TXN_TIMEOUT = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = {max(1, math.ceil(query_seconds))}
DefaultQuery = SELECT * WHERE {{ ?s ?p ?o }} LIMIT 10
DeferInferenceRulesInit = 0
"""


@dataclass
class Virtuoso:
    """A running instance: its process, folder, ports and DBA password."""

    proc: subprocess.Popen[bytes]
    folder: Path
    sql_port: int
    http_port: int
    password: str = "dba"  # Virtuoso's default; `running` replaces it at once

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def sql(self, statements: str, timeout: float = 600.0) -> str:
        """Run SQL statements (each ending in ";") with isql-vt as DBA; raises on an error
        (isql-vt reports SQL errors on stderr and still exits with 0)."""
        try:
            done = subprocess.run(
                [ISQL, f"127.0.0.1:{self.sql_port}", "dba", self.password, f"exec={statements}"],
                capture_output=True,
                text=True,
                timeout=timeout,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise VirtuosoError(f"isql-vt gave no answer within {timeout:g} s") from None
        if done.returncode != 0 or "*** Error" in done.stderr:
            said = (done.stderr.strip() or done.stdout.strip())[-300:]
            raise VirtuosoError(f"isql-vt failed: {said.replace(self.password, '***')}")
        return done.stdout

    def select(self, query: str, timeout: float = 600.0) -> list[dict]:
        """The bindings of a SELECT over HTTP, on all of Virtuoso's graphs (no dataset)."""
        request = urllib.request.Request(
            self.endpoint,
            urllib.parse.urlencode({"query": query}).encode("ascii"),
            {"Accept": "application/sparql-results+json"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read())["results"]["bindings"]

    def graph_counts(self) -> dict[str, int]:
        """Triples per graph, Virtuoso's own graphs included."""
        rows = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}

    def bulk_load(self, folder: Path, pattern: str, timeout: float = 3600.0) -> None:
        """Load the N-Quads files in `folder` matching `pattern` with the bulk loader, each quad
        into its graph (a triple without one would go to a graph named for that, which the
        count check then sees), then checkpoint; raises when a file failed."""
        quote = "'" + str(folder).replace("'", "''") + "'"
        self.sql(
            f"ld_dir({quote}, '{pattern}', 'urn:akteursgraph:bench:no-graph'); "
            "rdf_loader_run(); checkpoint;",
            timeout=timeout,
        )
        failed = self.sql(
            "SELECT ll_file, ll_state, ll_error FROM DB.DBA.load_list "
            "WHERE ll_state <> 2 OR ll_error IS NOT NULL;"
        )
        if "\n0 Rows." not in failed:
            raise VirtuosoError(f"the bulk loader failed: {failed.strip()[-300:]}")


def _up(endpoint: str, timeout: float) -> bool:
    try:
        url = endpoint + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        urllib.request.urlopen(url, timeout=timeout).close()
    except (OSError, urllib.error.HTTPError):
        return False
    return True


def _log_tail(folder: Path) -> str:
    said = ""
    for name in ("virtuoso-t.out", "virtuoso.log"):
        with contextlib.suppress(OSError):
            said = (folder / name).read_text("utf-8", "replace")[-1500:] or said
    return said.strip()


@contextlib.contextmanager
def running(
    folder: Path,
    data: Path,
    *,
    max_rows: int = MAX_ROWS,
    query_seconds: float = 30.0,
    threads: int | None = None,
    start_timeout: float = 120.0,
    stop_grace: float = 20.0,
) -> Iterator[Virtuoso]:
    """`virtuoso-t -f -c virtuoso.ini`, a new database in `folder` (made afresh), as a child.

    Waits until /sparql answers (at most `start_timeout` seconds), replaces the default DBA
    password with a random one, yields the instance and stops it on leaving (SIGTERM, then
    kill after `stop_grace` seconds). Ports taken between choosing and binding them are tried
    again with others, twice. Raises VirtuosoError naming its log when it does not start.
    """
    problem = missing()
    if problem:
        raise VirtuosoError(problem)
    exe = shutil.which(EXECUTABLE)
    assert exe is not None
    for attempt in range(3):
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "vsp").mkdir(parents=True)
        sql_port = free_port()
        http_port = free_port()
        while http_port == sql_port:
            http_port = free_port()
        ini = folder / "virtuoso.ini"
        ini.write_text(
            ini_text(folder, sql_port, http_port, data, max_rows=max_rows,
                     query_seconds=query_seconds, threads=threads or os.cpu_count() or 1),
            encoding="utf-8",
        )  # fmt: skip
        with (folder / "virtuoso-t.out").open("wb") as output:
            proc = subprocess.Popen(
                [exe, "-f", "-c", str(ini)],
                cwd=folder,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        instance = Virtuoso(proc, folder, sql_port, http_port)
        try:
            up = _wait_until_up(instance, start_timeout)
            if up:
                new = "b" + secrets.token_hex(16)
                instance.sql(f"SET PASSWORD dba {new};")
                instance.password = new
        except BaseException:
            stop_process(proc, stop_grace)
            raise
        if up:
            break
        ended = proc.poll() is not None
        stop_process(proc, stop_grace)
        said = _log_tail(folder)
        if not (ended and _PORT_TAKEN in said.lower()) or attempt == 2:
            raise VirtuosoError(
                f"virtuoso-t did not start within {start_timeout:g} s: {said[-600:]}"
            )
    try:
        yield instance
    finally:
        stop_process(proc, stop_grace)


def _wait_until_up(instance: Virtuoso, timeout: float) -> bool:
    """True once /sparql answers; False if the process ended or `timeout` seconds passed."""
    deadline = time.monotonic() + timeout
    while instance.proc.poll() is None:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        if _up(instance.endpoint, timeout=max(0.5, min(10.0, left))):
            return True
        time.sleep(0.2)
    return False


def complete(header: Callable[[str], str | None]) -> None:
    """Refuse a partial answer: in its "anytime" mode Virtuoso answers a query stopped at its
    time limit with what it has so far, HTTP 200, and says so only in X-SQL-State."""
    state = header("X-SQL-State")
    if state:
        message = header("X-SQL-Message") or ""
        raise VirtuosoError(f"stopped at the time limit, partial answer ({state}: {message})")


# ---- the measurement -------------------------------------------------------------------------


def _engine_graph_counts(engine: ox.Store) -> dict[str, int]:
    result = engine.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"].value: int(row["n"].value) for row in result}  # type: ignore[index]


def measure(
    gal: list[dict],
    engine: ox.Store,
    public_nq: bytes,
    work: Path,
    reps: int,
    query_timeout: float,
    info: dict,
) -> None:
    """Virtuoso's columns of the gallery (`KEYS`), or in `info["virtuoso"]` why there are none.

    `engine` holds the same public quads as `public_nq` (the engine's answers are the
    reference); `work` is the run's temporary folder.
    """
    problem = missing()
    if problem:
        info["virtuoso"] = f"not run: {problem}"
        log(f"Virtuoso {info['virtuoso']}")
        return
    data = work / "virtuoso-data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "public.nq").write_bytes(public_nq)
    ours = _engine_graph_counts(engine)
    try:
        log("starting Virtuoso, loading the public quads with its bulk loader")
        with running(work / "virtuoso", data, query_seconds=query_timeout) as v:
            before = v.graph_counts()
            t = time.perf_counter()
            v.bulk_load(data, "public.nq")
            info["virtuoso_load_s"] = time.perf_counter() - t
            after = v.graph_counts()
            loaded = {g: n - before.get(g, 0) for g, n in after.items() if n != before.get(g, 0)}
            if loaded != ours:
                raise VirtuosoError(
                    f"loaded {sum(loaded.values()):,} triples in {len(loaded)} graphs, ours are "
                    f"{sum(ours.values()):,} in {len(ours)}: {sorted(loaded.items())[:5]}"
                )
            info["virtuoso_triples"] = sum(loaded.values())
            measure_gallery(gal, engine, v, sorted(ours), reps)
            info["virtuoso_peak_rss_mb"] = tree_peak_rss_mb(v.proc.pid)
    except (VirtuosoError, OSError, subprocess.SubprocessError, ValueError) as exc:
        info["virtuoso"] = f"not run: {str(exc)[:600]}"
        log(f"Virtuoso {info['virtuoso']}")
        for g in gal:
            for key in KEYS:
                g.setdefault(key, [])
        return
    finally:
        (data / "public.nq").unlink(missing_ok=True)
    info["virtuoso"] = (
        f"Virtuoso {version()} (Debian {PACKAGE}), ThreadsPerQuery {os.cpu_count()}, "
        f"{BUFFERS:,} buffers (its setting for 2 GB); {info['virtuoso_triples']:,} triples "
        f"loaded in {info['virtuoso_load_s']:.1f} s (bulk loader, one file), as many as ours in "
        "each graph"
    )


def measure_gallery(gal: list[dict], engine: ox.Store, v: Virtuoso, graphs: list[str],
                    reps: int) -> None:  # fmt: skip
    """Each question on Virtuoso: cold with SPARQLWrapper and keep-alive, then repeated."""
    log("gallery on Virtuoso over HTTP (SPARQLWrapper, and a keep-alive client)")
    conn = http.client.HTTPConnection("127.0.0.1", v.http_port, timeout=600)
    try:
        for g in gal:
            query = g["query"]
            reference = engine_answer(
                engine.query(query, prefixes=PREFIXES, use_default_graph_as_union=True),
                concat_columns(query),
                VIRTUOSO,
            )
            text = with_prefixes(query)  # sparql-from: the gallery's .rq file and our prefixes
            graph_form = g["form"] in GRAPH_FORMS
            runners = {
                "virtuoso": sparqlwrapper(v.endpoint, fresh(text), graph_form, graphs, complete),
                "virtuoso_keepalive": keepalive(
                    conn, "/sparql", fresh(text), graph_form, graphs, complete
                ),
                "virtuoso_repeat": sparqlwrapper(
                    v.endpoint, same(text), graph_form, graphs, complete
                ),
            }
            for key, run in runners.items():
                check_then_time(g, key, run, reps, reference, VIRTUOSO)
                seen = SEEN_DIFFERENCES.get(g["id"][:2])
                if seen and g.get(key + "_note", "").startswith("**wrong**"):
                    g[key + "_note"] += f" (seen before: {seen})"
    finally:
        conn.close()
