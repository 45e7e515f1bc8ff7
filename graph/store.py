"""The one seam to the data. Every read and write of the product passes through `Store`.

The embedded implementation keeps an Oxigraph (RocksDB) dataset on disk. Named graphs carry
visibility: `{base}graph/public/...` and `{base}graph/internal/...`. Writes are `Change`s that
are validated (SHACL and privacy rules, on what they touch) and then applied in one
transaction, so a rejected write leaves the store holding exactly the quads it held before.
"""

from __future__ import annotations

import errno
import fcntl
import io
import itertools
import json
import os
import re
import shutil
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from .config import DEFAULT_BASE_IRI, under
from .errors import InvalidDataError, RowCapExceeded, StoreError, StoreInUse, UsageError
from .memory import give_back
from .namespaces import AG, AGV, PREFIXES
from .sparql.syntax import syntax_message

CONFIG_FILE = "akteursgraph.json"
DATA_DIR = "oxigraph"
CHECKPOINT_DIR = "oxigraph.before-write"
#: The half-written data while the checkpoint is put back (removed after).
DISCARDED_DIR = "oxigraph.discarded"
#: Held (flock) by the one process that opened the store for writing, from before `open`
#: settles what a crash left until `close`: the engine's own lock is taken only when its
#: files open, after that settling, which took a live bulk write's checkpoint for a crash's.
WRITER_LOCK = "writer.lock"
FORMAT_VERSION = 1
#: How long a read-only opening keeps trying while a writer's compactions delete its files.
#: A count of attempts was too few once on a loaded CI machine (40 attempts, 4 s).
READ_ONLY_PATIENCE = 30.0
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass
class Change:
    """What a write adds and removes. Validation and commit both work on this."""

    # A list, or for loads an in-memory ox.Store (quads never become Python objects).
    add: list[ox.Quad] | ox.Store = field(default_factory=list)
    remove: list[ox.Quad] = field(default_factory=list)
    #: Of `remove`, the public statements a consent's end takes away (`people.consent.
    #: with_withdrawals`): no earlier dump version kept for download may name them either.
    unpublished: list[ox.Quad] = field(default_factory=list)
    #: The people whose public naming ends with it: every statement about them leaves the
    #: earlier dump versions, their earlier values too (a description changed before).
    unpublished_people: list[ox.NamedNode] = field(default_factory=list)
    #: How many entries the erasure journal held when `add` was filtered by it (a load, made
    #: in the CLI's process); None: never filtered. An erasure the server made after that
    #: is applied again before the commit (`server_link.handle`).
    journal_seen: int | None = None

    def __len__(self) -> int:
        return len(self.add) + len(self.remove)


T = TypeVar("T")

#: Quads per call of the engine's bulk loader. It holds the interpreter lock while it pulls
#: its input, so one call with a large list stalled every other thread: 480,000 quads in one
#: call 3.5 s, every reader waiting as long. In slices of 20,000 the longest wait is 0.18 s
#: and the whole 2.3 s (slices of 50,000: 0.28 s, 2.2 s); the loader buffers what it is
#: given, and one call with the public side of 1M quads had peaked at 1 GB.
BULK_SLICE = 20_000


def bulk_extend_in_slices(target: ox.Store, quads: Iterable[ox.Quad]) -> None:
    """The engine's bulk loader, `BULK_SLICE` quads a call (not one transaction)."""
    it = iter(quads)
    try:
        while chunk := list(itertools.islice(it, BULK_SLICE)):
            target.bulk_extend(chunk)
    except BaseException:
        # The traceback keeps this frame: with the engine in it, `_checkpoint` could not
        # release the engine's lock to put the data back ("in use by another process").
        del target
        raise


#: Per thread: the sets that `Store.noting_reads` is filling now (innermost last).
_reading = threading.local()


class Store:
    """An Akteursgraph store on disk.

    Open it with `Store.open(path)` for reading and writing (one process at a time) or
    `Store.open(path, read_only=True)` for a snapshot that coexists with a running server.
    """

    def __init__(self, path: Path, ox_store: ox.Store, base_iri: str, read_only: bool) -> None:
        self.path = path
        self._ox = ox_store
        self.base_iri = base_iri
        self.read_only = read_only
        self._writer_lock: int | None = None  # the fd holding WRITER_LOCK (`open`, `create`)
        # Writes through `apply` that touched public graphs so far (twice each: before and
        # after), and what `derived` keeps until the next one.
        self._writes = 0
        self._derived: dict[str, tuple[int, Any]] = {}
        # The recent writes of public graphs, for `derived` values that follow them: (the
        # count after the write, its change; None where it cannot be followed).
        self._recent: deque[tuple[int, Change | None]] = deque(maxlen=self.RECENT_CHANGES)
        # Keys being computed now: a second reader of one waits for the first (single flight).
        self._deriving: dict[str, threading.Event] = {}
        self._derived_lock = threading.Lock()
        # The public graphs as query datasets name them, and the write count they are of.
        self._public_nodes: tuple[int, list[ox.NamedNode | ox.DefaultGraph]] | None = None
        # The engine's files this object opened (`_open`: a reader's may be the checkpoint).
        self._data_dir = path / DATA_DIR

    # ---- opening -------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, base_iri: str = DEFAULT_BASE_IRI) -> Store:
        """Create a new, empty store. Fails if `path` already holds a store."""
        check_base_iri(base_iri)
        path = Path(path)
        if (path / CONFIG_FILE).exists():
            raise StoreError(
                f"Unter {path} gibt es bereits einen Speicher.",
                f"A store already exists at {path}.",
                where=str(path),
            )
        lock = None
        try:
            path.mkdir(parents=True, exist_ok=True)
            probe = path / ".write-test"
            probe.write_bytes(b"")
            probe.unlink()
            lock = _writer_lock(path)
            ox_store = ox.Store(str(path / DATA_DIR))
            (path / CONFIG_FILE).write_text(
                json.dumps({"format_version": FORMAT_VERSION, "base_iri": base_iri}, indent=2)
                + "\n",
                encoding="utf-8",
            )
        except BaseException as exc:
            if lock is not None:
                os.close(lock)
            if isinstance(exc, OSError):
                raise _os_error(path, exc) from exc
            raise
        store = cls(path, ox_store, base_iri, read_only=False)
        store._writer_lock = lock
        return store

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> Store:
        path = Path(path)
        if read_only:
            return cls._open(path, read_only=True)
        lock = _writer_lock(path)
        try:
            store = cls._open(path, read_only=False)
        except BaseException:
            if lock is not None:
                os.close(lock)
            raise
        store._writer_lock = lock
        return store

    @classmethod
    def _open(cls, path: Path, *, read_only: bool) -> Store:
        """`open` after the writer's lock is held (for writing): settle what a crash left, then
        open the engine's files."""
        config_path = path / CONFIG_FILE
        if not read_only:
            from .backup import recover_restore  # backup imports this module

            recover_restore(path)  # a restore a crash cut off: the store before it
        if not config_path.is_file():
            raise StoreError(
                f"Kein Akteursgraph-Speicher unter {path}. Zuerst `akteursgraph init` ausführen.",
                f"No Akteursgraph store at {path}. Run `akteursgraph init` first.",
                where=str(path),
            )
        try:
            config = json.loads(config_path.read_text(encoding="utf-8"))
            if not read_only:
                from .people.erasure import recover

                recover(path)  # an erasure a crash cut off: finished or undone, never half
            if not read_only and (path / CHECKPOINT_DIR).is_dir():
                _restore_checkpoint(path)  # a bulk write was cut off: undo it whole
            elif not read_only and (path / DISCARDED_DIR).is_dir():
                shutil.rmtree(path / DISCARDED_DIR)  # left by a crash after the undo
            data = str(path / DATA_DIR)
            if read_only and (path / CHECKPOINT_DIR).is_dir():
                # A bulk write is under way (or was cut off): a reader sees the state before
                # it, never a write that is not yet whole.
                data = str(path / CHECKPOINT_DIR)
            ox_store = open_read_only(data) if read_only else ox.Store(data)
        except OSError as exc:
            raise _os_error(path, exc) from exc
        store = cls(path, ox_store, config["base_iri"], read_only=read_only)
        store._data_dir = Path(data)
        return store

    def close(self) -> None:
        if not self.read_only:
            try:
                self._ox.flush()
            except OSError as exc:
                # A full disk: what was committed is in the engine's write-ahead log, which
                # the next opening replays; a flush that fails loses nothing, so closing
                # must not report the commit before it as failed.
                print(f"akteursgraph: the store was closed unflushed: {exc}", file=sys.stderr)
        # Dropping the last reference releases RocksDB's lock.
        del self._ox
        if self._writer_lock is not None:
            os.close(self._writer_lock)  # and closing the file the writer's lock
            self._writer_lock = None

    def reopen(self) -> None:
        """Open the engine again after `close`, in this same object: an erasure in the
        running server (`people.erasure.forget_served`) swaps the store's files, and every part
        of the server that holds this store reads the new ones. Settles what `open` settles
        (a cut-off erasure or bulk write) and forgets what `derived` kept."""
        fresh = Store.open(self.path)
        self._ox = fresh._ox
        self._writer_lock, fresh._writer_lock = fresh._writer_lock, None
        del fresh._ox
        self._writes += 2
        self._recent.append((self._writes, None))
        self._derived.clear()

    @property
    def is_open(self) -> bool:
        """Whether the engine is still open (`close` lets go of it)."""
        return hasattr(self, "_ox")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- graphs and visibility -----------------------------------------------------------

    @property
    def public_prefix(self) -> str:
        return self.base_iri + "graph/public/"

    @property
    def internal_prefix(self) -> str:
        return self.base_iri + "graph/internal/"

    def graph_iri(self, name: str, *, where: str = "--graph") -> str:
        """Resolve `public/NAME`, `internal/NAME` or a full IRI to a checked graph IRI;
        `where` names the place of a refusal (the CLI's option, an update's GRAPH)."""
        iri = name if ":" in name else self.base_iri + "graph/" + name
        for prefix in (self.public_prefix, self.internal_prefix):
            if iri.startswith(prefix) and _SLUG.match(iri[len(prefix) :]):
                return iri
        raise UsageError(
            f"Ungültiger Graph {name!r}: erlaubt sind {self.public_prefix}NAME und "
            f"{self.internal_prefix}NAME (NAME aus a-z, 0-9 und '-').",
            f"Invalid graph {name!r}: allowed are {self.public_prefix}NAME and "
            f"{self.internal_prefix}NAME (NAME of a-z, 0-9 and '-').",
            where=where,
        )

    def is_public_graph(self, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> bool:
        return isinstance(graph, ox.NamedNode) and graph.value.startswith(self.public_prefix)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

    def public_graphs(self) -> list[str]:
        return [g for g in self.named_graphs() if g.startswith(self.public_prefix)]

    # ---- reading -------------------------------------------------------------------------

    def quads(
        self,
        subject: Term | None = None,
        predicate: ox.NamedNode | None = None,
        obj: Term | None = None,
        graph: ox.NamedNode | ox.DefaultGraph | None = None,
    ) -> Iterator[ox.Quad]:
        return iter(self._ox.quads_for_pattern(subject, predicate, obj, graph))

    def description(
        self, node: ox.NamedNode | ox.BlankNode, *, public_only: bool = False
    ) -> Iterator[ox.Quad]:
        """The statements about `node` and about the blank nodes they lead to: the node's own
        description, as its page, its RDF twin and an unpublication need it. Noted as read
        (`noting_reads`), each node it describes, as rows are: a commit that changes its
        statements touches it. (Unnoted, an entity's RDF twin was dropped from the page cache
        by every publication, whatever it touched.)"""
        seen: set[object] = set()
        pending: list[ox.NamedNode | ox.BlankNode] = [node]
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            self.note_reads((current.value,))
            for q in self._ox.quads_for_pattern(current, None, None, None):
                if public_only and not self.is_public_graph(q.graph_name):
                    continue
                yield q
                if isinstance(q.object, ox.BlankNode):
                    pending.append(q.object)

    def __len__(self) -> int:
        return len(self._ox)

    @property
    def data_path(self) -> Path:
        """The engine's files, which a query worker opens read-only beside this process: the
        ones this store opened. A reader opened while a bulk write was under way (or after a
        crash cut one off) reads its checkpoint; `akteursgraph query` handed its worker the
        half-written data, and after a kill -9 in a publication counted 1,304 of 20,000
        entries being removed, where `export` and `stats` read all (exploratory test)."""
        return self._data_dir

    @property
    def dataset(self) -> ox.Store:
        """The engine's dataset, for the core's validation, which runs its compiled checks
        inside the engine. Read it; never write it: writes go through `apply`."""
        return self._ox

    #: The cap of a product query (`select`, `rows`): more rows is a defect, never silent.
    MAX_ROWS = 100_000
    #: The cap of the scans that build derived data from a whole kind of statement (the search
    #: index, the network): they grow with the data, so only a runaway join should reach it.
    SCAN_ROWS = 100_000_000

    def rows(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        values: tuple[str, Sequence[ox.NamedNode]] | None = None,
        public_only: bool = False,
        max_rows: int = MAX_ROWS,
    ) -> Iterator[ox.QuerySolution]:
        """The read seam of the product's own queries: a SELECT, its rows streamed.

        Product queries are fixed text from `graph/queries/*.rq`; user values reach them only
        through `bindings` (substituted by the engine, never spliced into the text). They run
        in-process; query text that comes from a person never does: it runs in a worker that
        can be stopped at the time limit (`akteursgraph.sparql.pool`). With `public_only`,
        internal graphs are fenced out of the dataset itself, including `GRAPH ?g`.
        Past `max_rows` rows the iteration raises `RowCapExceeded`.

        `values` (a variable's name, IRIs pyoxigraph parsed) asks the query for many values
        of one variable at once, where a binding takes one: a VALUES clause of them is
        appended to the checked text (`_values_clause`), so one read serves a list page's
        items, not one read each.
        """
        _checked(sparql)
        text = sparql if values is None else sparql + _values_clause(*values)
        subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        options: dict[str, Any] = {"use_default_graph_as_union": True}
        if public_only:
            graphs = self._public_dataset()
            options = {"default_graph": graphs, "named_graphs": graphs}
        try:
            result = self._ox.query(text, prefixes=PREFIXES, substitutions=subs, **options)
        except SyntaxError as exc:
            raise InvalidDataError(*syntax_message(text, str(exc)), where="query") from exc
        if not isinstance(result, ox.QuerySolutions):
            raise UsageError(
                "Produktabfragen sind SELECT-Abfragen.", "Product queries are SELECT queries."
            )
        return _Capped(result, max_rows, sparql)

    def _public_dataset(self) -> list[ox.NamedNode | ox.DefaultGraph]:
        """The public graphs as a query's dataset: kept until the next write of a public graph
        (the only writes that add one), because listing the store's graphs for every one of
        an entity page's queries cost a tenth of its time in the engine. A read-only store
        lists them each time, as `derived` computes each time (it may be a copy changed
        directly)."""
        kept = self._public_nodes
        if kept is not None and kept[0] == self._writes and not self.read_only:
            return kept[1]
        writes = self._writes
        graphs: list[ox.NamedNode | ox.DefaultGraph] = [
            ox.NamedNode(g) for g in self.public_graphs()
        ] or [ox.NamedNode(self.public_prefix + "none")]
        self._public_nodes = (writes, graphs)
        return graphs

    def select(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        values: tuple[str, Sequence[ox.NamedNode]] | None = None,
        public_only: bool = False,
        max_rows: int = MAX_ROWS,
    ) -> list[dict[str, Term]]:
        """A SELECT as a list of rows (variable name -> term), for product code."""
        result = self.rows(
            sparql, bindings=bindings, values=values, public_only=public_only, max_rows=max_rows
        )
        names = [v.value for v in result.variables]  # type: ignore[attr-defined]
        # A solution iterates its values in the order of `variables` (unbound: None); by
        # name, each value was looked up twice (a twentieth of an entity page's time).
        return [{n: t for n, t in zip(names, row, strict=True) if t is not None} for row in result]

    # ---- writing -------------------------------------------------------------------------

    def apply(self, change: Change, *, alongside: Callable[[Store], None] | None = None) -> None:
        """Apply a change that has passed validation, all or nothing.

        Only the write path (`akteursgraph.commit.Writer`) calls this: it validates first and
        tells whoever keeps derived data afterwards.

        `alongside` lets a bulk write start before its checks end (issue 11: the checks
        overlap the bulk write): it is called in a thread with the store as it was before
        the write (the write's checkpoint, read-only) while the engine writes, and the write
        counts only if it returns. If it raises, the checkpoint is put back and its error
        raised: nothing of the write stays. Only a writer that is alone with this store
        object may pass it: another reader in this process would see the write before it is
        checked (other processes read the checkpoint meanwhile, see `open`). A change that
        is not bulk runs `alongside` first, then the write.
        """
        if self.read_only:
            raise StoreError(
                "Der Speicher ist nur zum Lesen geöffnet.",
                "The store is open for reading only.",
                where=str(self.path),
            )
        if alongside is not None and not self.is_bulk(change):
            alongside(self)
            alongside = None
        self._apply(change, alongside)

    #: Writes of public graphs remembered for `derived(..., follow=...)`, and the largest
    #: change remembered (a bigger one, and a bulk load, make followers compute anew).
    RECENT_CHANGES = 32
    FOLLOWED_QUADS = 5_000

    # Above this many added quads a write goes through Oxigraph's bulk loader: 3-4x faster
    # than one transaction, but not atomic on its own, hence the checkpoint around it.
    BULK_THRESHOLD = 50_000

    def is_bulk(self, change: Change) -> bool:
        """Whether `change` goes through the bulk loader (a big addition, nothing removed)."""
        return not change.remove and len(change.add) >= self.BULK_THRESHOLD

    def described_publicly(self, iri: str) -> bool:
        """Whether a public graph holds a statement about the IRI: what a viewer of the
        workspace may be told exists. ValueError for text that is no IRI."""
        return any(self.is_public_graph(q.graph_name) for q in self.quads(ox.NamedNode(iri)))

    def mentions(self, iri: str) -> bool:
        """Whether any statement in any graph has the IRI as subject or object (a new IRI
        must not be one of them; a filter value must name one). ValueError for text that is
        no IRI."""
        node = ox.NamedNode(iri)
        return (
            next(self.quads(node), None) is not None
            or next(self.quads(None, None, node), None) is not None
        )

    def touches_public(self, change: Change) -> bool:
        """Whether any added or removed quad of `change` is in a public graph."""
        prefix = self.public_prefix
        if isinstance(change.add, list):
            added = any(self.is_public_graph(q.graph_name) for q in change.add)
        else:  # a load's in-memory store: ask for its public graphs, not for every quad
            added = any(
                g.value.startswith(prefix) for g in change.add.named_graphs() if hasattr(g, "value")
            )
        return added or any(self.is_public_graph(q.graph_name) for q in change.remove)

    @contextmanager
    def noting_reads(self) -> Iterator[set[str]]:
        """The IRIs (and blank node ids) of every term in every row this thread reads through
        `rows`/`select` meanwhile: what a page showed, so that the page cache can keep the
        page until a commit touches one of them (webapp/page_cache.py). Nested notings each get
        every read. Reads of `derived` data are not noted (they are shared by many pages and
        kept apart): a caller adds what such data showed with `note_reads`."""
        found: set[str] = set()
        stack: list[set[str]] = _reading.__dict__.setdefault("stack", [])
        stack.append(found)
        try:
            yield found
        finally:
            stack.pop()

    @staticmethod
    def note_reads(iris: Iterable[str]) -> None:
        """Add `iris` to what the notings of this thread have read (see `noting_reads`)."""
        stack = _reading.__dict__.get("stack")
        if stack:
            # Once into a set: a generator went to the outermost noting alone, and a page's
            # kept data (its list's filter labels) missed what it showed (exploratory E2).
            read = set(iris)
            for found in stack:
                found.update(read)

    def derived(
        self,
        key: str,
        compute: Callable[[], T],
        follow: Callable[[T, list[Change]], T] | None = None,
    ) -> T:
        """`compute()`, kept until the next write through `apply` that touches a public graph:
        for data derived from the public graphs that many reads need (the vocabulary's labels,
        the lists' facet indexes), which a page would otherwise read again each time. The
        value must not be changed by its users, and must be read from public graphs only
        (`public_only=True`): a write of internal graphs alone (a draft, a review note, the
        history) keeps it, so that staff work does not make every public list cold again.

        Single flight: readers that ask for a key while it is being computed wait for that
        computation instead of starting their own (16 clients right after a write would
        otherwise build a list's facet index 16 times, each slower for the others).

        With `follow`, a value kept from before writes is not computed anew but passed with
        those writes' changes to `follow(value, changes)`, which returns the value after them
        (the lists' facet indexes re-read only the touched entities); when the changes are not
        all remembered (more than `RECENT_CHANGES`, a bulk load, one of more than
        `FOLLOWED_QUADS` quads), `compute()` again.

        Only a store opened for writing keeps anything: all its writes go through `apply`. A
        read-only one may be an in-memory copy its user changes directly (a draft's preview,
        `changes.preview`), so it computes each time."""
        if self.read_only:
            return compute()
        while True:
            with self._derived_lock:
                found = self._derived.get(key)
                if found is not None and found[0] == self._writes:
                    return found[1]
                waiting = self._deriving.get(key)
                if waiting is None:
                    mine = self._deriving[key] = threading.Event()
                    writes = self._writes
                    changes = None
                    if found is not None and follow is not None:
                        changes = self._changes_since(found[0])
                    break
            waiting.wait()  # then look again: kept, or the first reader failed or was outrun
        stack = _reading.__dict__.get("stack")
        _reading.stack = []  # what a shared value read is no one page's reading
        try:
            if changes is not None and found is not None and follow is not None:
                value = follow(found[1], changes)
            else:
                value = compute()
                give_back()  # a build reads much and keeps little (a facet index: 3 s)
            with self._derived_lock:
                self._derived[key] = (writes, value)
            return value
        finally:
            _reading.stack = stack if stack is not None else []
            with self._derived_lock:
                del self._deriving[key]
            mine.set()

    def _changes_since(self, writes: int) -> list[Change] | None:
        """The changes of the public writes after the count `writes` (with the lock held),
        or None when one of them is not remembered or cannot be followed."""
        if not self._recent or self._recent[0][0] > writes + 2:
            return None  # more writes since than are remembered
        changes = [c for after, c in self._recent if after > writes]
        if any(c is None for c in changes):
            return None
        return changes  # type: ignore[return-value]

    def _apply(self, change: Change, alongside: Callable[[Store], None] | None = None) -> None:
        # Before and after: a read during the write keeps nothing for long. Only writes of
        # public graphs count (`derived` keeps data read from public graphs only).
        counts = int(self.touches_public(change))
        self._writes += counts
        done = False
        try:
            if self.is_bulk(change):
                with self._checkpoint():
                    if alongside is None:
                        bulk_extend_in_slices(self._ox, change.add)
                    else:
                        self._bulk_extend_checked(change, alongside)
            elif not change.remove:
                # extend() runs in one transaction: all of it lands or none of it.
                self._ox.extend(change.add)
            elif any(_has_blank_node(q) for q in (*change.remove, *change.add)):
                # DELETE DATA cannot name blank nodes (SPARQL forbids it) and INSERT DATA
                # gives them new labels, but the engine removes and adds a quad by its blank
                # node's label as given: quad by quad, made all or nothing by the checkpoint.
                with self._checkpoint():
                    for q in change.remove:
                        self._ox.remove(q)
                    self._ox.extend(change.add)
            else:
                # One SPARQL update is one transaction. The text is built from parsed terms
                # (their N-Triples form), never from user input.
                self._ox.update(
                    "DELETE DATA {" + _quads_block(change.remove) + "};\n"
                    "INSERT DATA {" + _quads_block(change.add) + "}"
                )
            # A transaction is durable once it is in the engine's write-ahead log; no flush to
            # table files here. On a full disk a flush after the commit failed and left the
            # engine refusing every later write until a restart (and reported a committed
            # write as failed); now the write either fails whole or stands.
            done = True
        except OSError as exc:
            raise _os_error(self.path, exc) from exc
        finally:
            if counts:  # a failed write or a big one: whatever it left, followers compute anew
                small = isinstance(change.add, list) and len(change) <= self.FOLLOWED_QUADS
                self._recent.append((self._writes + 1, change if done and small else None))
            self._writes += counts

    def _bulk_extend_checked(self, change: Change, checks: Callable[[Store], None]) -> None:
        """The engine's bulk write and `checks` on the state before it, side by side (both
        release the interpreter lock: the engine writes in Rust while the checks' queries
        run in Rust too). Inside `_checkpoint`: an error of either undoes the write."""
        before = Store(
            self.path, open_read_only(str(self.path / CHECKPOINT_DIR)), self.base_iri, True
        )
        try:
            with ThreadPoolExecutor(1, thread_name_prefix="bulk-checks") as pool:
                checked = pool.submit(checks, before)
                try:
                    self._bulk_write_beside_python(change.add)
                finally:
                    wait([checked])  # the checks read the checkpoint: done before it goes
                checked.result()  # raises the checks' error: the checkpoint is put back
        finally:
            before.close()

    def _bulk_write_beside_python(self, add: ox.Store | Sequence[ox.Quad]) -> None:
        """The bulk write, leaving the interpreter to the checks beside it: from N-Quads
        bytes, not from the in-memory store, since `bulk_extend` holds the interpreter lock
        for every quad it pulls (measured: a Python loop beside it ran at 1 % of its speed,
        beside `bulk_load` at full speed)."""
        if not isinstance(add, ox.Store):
            bulk_extend_in_slices(self._ox, add)
            return
        data = add.dump(format=ox.RdfFormat.N_QUADS)
        # Set apart, parsed and written by `bulk_extend` (a few per cent of a district's
        # lines): the lines with a blank node, which the bulk loader would name anew while
        # the history records the quads as staged; and the context that the checks beside
        # this write put into the same staged store meanwhile (`CHECKS_GRAPH_PREFIX`), which
        # the dump may have caught and which is never written.
        plain, apart = _lines_apart(data)
        if apart:
            bulk_extend_in_slices(
                self._ox,
                (
                    q
                    for q in ox.parse(apart, format=ox.RdfFormat.N_QUADS, rename_blank_nodes=False)
                    if not (
                        isinstance(q.graph_name, ox.NamedNode)
                        and q.graph_name.value.startswith(CHECKS_GRAPH_PREFIX)
                    )
                ),
            )
        if plain is not None:
            self._ox.bulk_load(plain, format=ox.RdfFormat.N_QUADS)

    @contextmanager
    def _checkpoint(self) -> Iterator[None]:
        """All or nothing for writes that are not one transaction.

        A RocksDB checkpoint (hard links, milliseconds) is taken first. If the block fails,
        the checkpoint replaces the data; if the process dies, `open` puts it back next time.
        """
        saved = self.path / CHECKPOINT_DIR
        if saved.exists():  # a leftover: `open` puts back the one a crash leaves
            _discard_checkpoint(self.path)
        self._ox.flush()
        self._ox.backup(str(saved))
        try:
            yield
            self._ox.flush()
        except BaseException:
            del self._ox  # releases RocksDB's lock so the data folder can be swapped
            _restore_checkpoint(self.path)
            self._ox = ox.Store(str(self.path / DATA_DIR))
            raise
        _discard_checkpoint(self.path)

    # ---- dumping -------------------------------------------------------------------------

    def dump_quads(self, *, public_only: bool) -> Iterator[ox.Quad]:
        graphs = self.public_graphs() if public_only else self.named_graphs()
        for g in graphs:
            yield from self._ox.quads_for_pattern(None, None, None, ox.NamedNode(g))


class _Capped:
    """The rows of a solution sequence, and an error past the cap instead of a silent cut."""

    def __init__(self, result: ox.QuerySolutions, cap: int, sparql: str) -> None:
        self.variables = result.variables
        self._rows = iter(result)
        self._left = cap
        self._cap = cap
        self._sparql = sparql

    def __iter__(self) -> Iterator[ox.QuerySolution]:
        return self

    def __next__(self) -> ox.QuerySolution:
        row = next(self._rows)
        stack = _reading.__dict__.get("stack")
        if stack:  # `Store.noting_reads`
            nodes = [t.value for t in row if isinstance(t, ox.NamedNode | ox.BlankNode)]
            for found in stack:
                found.update(nodes)
        self._left -= 1
        if self._left < 0:
            first = self._sparql.strip().splitlines()[-1][:80] if self._sparql.strip() else ""
            raise RowCapExceeded(
                f"Eine Produktabfrage lieferte mehr als {self._cap} Zeilen ({first!r}).",
                f"A product query returned more than {self._cap} rows ({first!r}).",
            )
        return row


def open_read_only(data: str) -> ox.Store:
    """Open the engine's files for reading beside a running writer.

    The writer's compaction deletes table files that the reader's opening has just read from
    the manifest; the engine then reports a missing file as "Corruption". Nothing is corrupt:
    a new attempt reads the new manifest. Measured beside a writer that compacts without
    pause (171 openings in 20 s): 61 opened at once, the worst after 16 failed attempts; with
    both cores busy elsewhere an opening takes twice as long and needs more attempts. So the
    limit is time (`READ_ONLY_PATIENCE`), not a count: a count that held on a quiet machine
    ran out on a loaded one.
    """
    deadline = time.monotonic() + READ_ONLY_PATIENCE
    for attempt in itertools.count(1):
        try:
            return ox.Store.read_only(data)
        except (RuntimeError, OSError) as exc:
            if "No such file or directory" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.005 * min(attempt, 20))
    raise AssertionError("unreachable")


#: The last settings file read whole, per store folder: `read_config(last_good=True)`.
_GOOD_CONFIG: dict[str, dict[str, Any]] = {}


def read_config(store_path: Path, *, last_good: bool = False) -> dict[str, Any]:
    """The store folder's settings file (`akteursgraph.json`) as a dict.

    With `last_good`, a file edited by hand into no JSON (cut off, a stray byte) gives what
    this process last read whole, if it has: the review rule and the base IRI, which every
    staff page reads, had made the review queue and the histories answer 503 (re-check). The
    publication settings and every writer read strictly, so a broken file is said."""
    path = Path(store_path) / CONFIG_FILE
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise StoreError(
            f"Kein lesbarer Akteursgraph-Speicher unter {store_path}.",
            f"No readable Akteursgraph store at {store_path}.",
            where=str(path),
        ) from exc
    try:
        loaded = json.loads(text.decode("utf-8"))
        if not isinstance(loaded, dict):
            raise ValueError(f"{type(loaded).__name__}, not an object")
        _GOOD_CONFIG[str(path)] = loaded
        return dict(loaded)
    except ValueError as exc:
        kept = _GOOD_CONFIG.get(str(path))
        if last_good and kept is not None:
            return dict(kept)
        # Edited by hand and cut off: the store is there, its settings file is broken (it
        # had been "no readable store", re-check).
        raise StoreError(
            f"Die Einstellungsdatei des Speichers ist kein gültiges JSON-Objekt: {exc}",
            f"The store's settings file is no valid JSON object: {exc}",
            where=str(path),
        ) from exc


def update_config(store_path: Path, values: Mapping[str, Any]) -> None:
    """Set some of the settings, the file replaced whole (a crash leaves the old or new)."""
    path = Path(store_path) / CONFIG_FILE
    config = read_config(store_path)
    config.update(values)
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise StoreError(
            f"Die Einstellung kann nicht gespeichert werden: {exc}",
            f"The setting cannot be saved: {exc}",
            where=str(path),
        ) from exc


#: Where validation puts what it reads beside a change (`validation_context.CONTEXT_GRAPH`
#: and the graphs named after it): in the change's own staged store while it is checked, so
#: that the checks read one store; never written to a store.
CHECKS_GRAPH_PREFIX = "urn:x-akteursgraph:validation-context"
#: What sets an N-Quads line apart for `_lines_apart`: a blank node, or the checks' context.
_APART = (b"_:", CHECKS_GRAPH_PREFIX.encode())


def _lines_apart(data: bytes) -> tuple[bytes | io.RawIOBase | None, bytes]:
    """N-Quads text as (the lines without a blank node or the checks' graph, the lines
    with one), the first as the text itself when every line is without, else as a reader
    over its parts (no second copy of a dump of millions of quads). A line with `_:` or the
    graph's name in a literal or an IRI is set apart too, which is harmless: those lines are
    parsed, and only the checks' own quads are left out."""
    # Where each mark is next, looked for again only once passed: one scan of the text per
    # mark at the speed of `bytes.find` (a regular expression of both took four times as
    # long over a million quads).
    marks = [data.find(mark) for mark in _APART]
    at = min((m for m in marks if m != -1), default=-1)
    if at == -1:
        return (data or None), b""
    view = memoryview(data)
    plain: list[memoryview] = []
    apart: list[bytes] = []
    start = 0  # a line's start: what lies before it is sorted
    while at != -1:
        line_start = max(start, data.rfind(b"\n", start, at) + 1)
        line_end = data.find(b"\n", at)
        line_end = len(data) if line_end == -1 else line_end + 1
        plain.append(view[start:line_start])
        apart.append(data[line_start:line_end])
        start = line_end
        marks = [
            data.find(mark, start) if 0 <= m < start else m
            for mark, m in zip(_APART, marks, strict=True)
        ]
        at = min((m for m in marks if m != -1), default=-1)
    plain.append(view[start:])
    parts = [p for p in plain if len(p)]
    return (_Parts(parts) if parts else None), b"".join(apart)


class _Parts(io.RawIOBase):
    """Slices of one buffer read as one stream, for the bulk loader."""

    def __init__(self, parts: list[memoryview]) -> None:
        super().__init__()
        self._parts = deque(parts)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._parts:
            return 0
        head = self._parts[0]
        n = min(len(buffer), len(head))
        buffer[:n] = head[:n]
        if n == len(head):
            self._parts.popleft()
        else:
            self._parts[0] = head[n:]
        return n


def _has_blank_node(q: ox.Quad) -> bool:
    return isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)


def _quads_block(quads: Iterable[ox.Quad]) -> str:
    parts = []
    for q in quads:
        triple = f"{q.subject} {q.predicate} {q.object} ."
        if isinstance(q.graph_name, ox.DefaultGraph):
            parts.append(triple)
        else:
            parts.append(f"GRAPH {q.graph_name} {{ {triple} }}")
    return "\n".join(parts)


def check_base_iri(base_iri: str) -> None:
    """Every IRI of the data is the base and a path after it: a query or a fragment in the
    base would put every entity's path into it (`…/?a=1/place/zentrum`)."""
    if not re.match(r"^https?://[^\s<>\"{}|\\^`?#]+/$", base_iri):
        raise UsageError(
            f"Ungültige Basis-IRI {base_iri!r}: http(s)-IRI ohne '?' und '#', die auf '/' endet.",
            f"Invalid base IRI {base_iri!r}: an http(s) IRI without '?' and '#', ending in '/'.",
            where="--base-iri",
        )
    shared = [ns for ns in (AGV, AG, DEFAULT_BASE_IRI) if under(ns, base_iri)]
    if under(base_iri, AGV) or (shared and base_iri != DEFAULT_BASE_IRI):
        # A base that holds the shared vocabulary (or the example's IRIs) would mint an
        # office's entities among its terms: `…/akteursgraph/` and `…/vocab/` were taken.
        named = shared[0] if shared else AGV
        raise UsageError(
            f"Ungültige Basis-IRI {base_iri!r}: sie umfasst {named} oder liegt darin, den "
            "Namensraum des gemeinsamen Vokabulars (oder des Beispiels). Eine eigene wählen, "
            "etwa https://daten.beispielstadt.de/akteure/.",
            f"Invalid base IRI {base_iri!r}: it holds or lies in {named}, the namespace of the "
            "shared vocabulary (or of the example). Choose one of your own, such as "
            "https://daten.beispielstadt.de/akteure/.",
            where="--base-iri",
        )


def _discard_checkpoint(path: Path) -> None:
    """Drop the checkpoint of a write that landed: renamed aside first, in one step, then
    deleted. Deleting goes file by file, and a checkpoint that a crash cut short was taken
    for one to put back at the next start, in place of the data: the engine then refused
    the store (a kill -9 in the publication test's loop left one without its CURRENT).
    What is aside is deleted at the next start, if a crash cuts this short."""
    aside = path / DISCARDED_DIR
    shutil.rmtree(aside, ignore_errors=True)
    (path / CHECKPOINT_DIR).rename(aside)
    shutil.rmtree(aside, ignore_errors=True)


def _restore_checkpoint(path: Path) -> None:
    """Put the checkpoint back in place of the half-written data. Safe to run again after
    a crash at any point of it: between its two renames there is no data folder, only the
    checkpoint and what is being discarded."""
    data, saved = path / DATA_DIR, path / CHECKPOINT_DIR
    aside = path / DISCARDED_DIR
    if data.exists():
        shutil.rmtree(aside, ignore_errors=True)
        data.rename(aside)
    saved.rename(data)
    shutil.rmtree(aside, ignore_errors=True)


def disk_full(exc: BaseException) -> bool:
    """Whether an error (or what caused it) is a full disk (or a file size limit)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            return True
        if "no space left" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _writer_lock(path: Path) -> int | None:
    """Take the store's writer lock (`WRITER_LOCK`), or say that another process holds it.
    None where there is no store folder (`_open` says so)."""
    if not path.is_dir():
        return None
    try:
        fd = os.open(path / WRITER_LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise _os_error(path, exc) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        raise _in_use(path) from exc
    return fd


def _in_use(path: Path) -> StoreInUse:
    return StoreInUse(
        f"Der Speicher {path} wird gerade von einem anderen Prozess benutzt "
        "(läuft `akteursgraph serve`?). Lesende Befehle funktionieren trotzdem.",
        f"The store {path} is in use by another process (is `akteursgraph serve` "
        "running?). Reading commands still work.",
        where=str(path),
    )


#: Errors that say the folder cannot be written, whoever else uses it.
_NOT_WRITABLE = frozenset({errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT})


def _os_error(path: Path, exc: OSError) -> StoreError:
    """The store's OS error in words: in use (the engine's lock held by another process), or
    not to be opened or written. A read-only folder was said to be "in use by another
    process": its error names our file `writer.lock` (exploratory test)."""
    text = str(exc)
    if exc.errno not in _NOT_WRITABLE and "lock" in text.lower():
        return _in_use(path)
    return StoreError(
        f"Der Speicher {path} kann nicht geöffnet oder geschrieben werden: {text}",
        f"The store {path} cannot be opened or written: {text}",
        where=str(path),
    )


_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _values_clause(variable: str, nodes: Sequence[ox.NamedNode]) -> str:
    """A trailing VALUES clause (SPARQL 1.1, 18.2.4.3) of one variable: parsed IRIs only,
    in N-Triples form, so no text can end the clause or add to the query. The engine joins
    it first (measured: 25 items' statements in 9 ms at the 1.42M district)."""
    if not _VARIABLE.fullmatch(variable):
        raise UsageError(
            f"Kein Variablenname: {variable!r}.", f"Not a variable name: {variable!r}."
        )
    rows = []
    for node in nodes:
        if not isinstance(node, ox.NamedNode):
            raise UsageError(f"Keine IRI: {node!r}.", f"Not an IRI: {node!r}.")
        rows.append(str(node))  # sparql-from: ox.NamedNode, an IRI pyoxigraph parsed
    return f"\nVALUES ?{variable} {{\n  " + "\n  ".join(rows) + "\n}\n"


@cache
def _checked(sparql: str) -> None:
    """The guard on a product query, once per text: they are a few fixed `.rq` files, and
    checking one again on every read cost a search-index update about 18 ms of a commit."""
    from .sparql.guard import check_query

    check_query(sparql)
