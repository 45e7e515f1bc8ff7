"""Erasure (GDPR Art. 17): a person removed from every file of the store, for good.

`forget(store_path, iri, reason=...)` is the one way (the CLI's `forget`); in a running
server, `forget_served` runs the same erasure with the server's parts stopped around it and
started again after (the staff workspace's page for administrators, and the CLI's `forget`
while `serve` runs, through `server_link`). It removes, at once and without review:

- from the store, every statement about the person in any graph, their blank nodes, what
  existed only for them (memberships naming them, their speaker profile) and every statement
  pointing at any of these; other entities stay, without the mention (an event keeps its
  other speakers; a qualified statement about the person, a blank node, goes whole);
- from the history, every payload and slice statement naming them, also long-deleted ones;
  the change sets' metadata stays, and the erasure is a change set of its own whose payload is
  empty;
- from the dumps under `/download/`, every kept version rewritten (`rewrite_dumps`);
- the public mirror, its snapshots and any checkpoint, which are rebuilt from the cleaned
  store at the next start of `serve`, or at once by `forget_served` (with the search index
  and the caches, which live in the server's memory).

**Physically.** The engine never deletes a string from its dictionary, and compaction does not
either: a deleted note stays readable in the table files. So the main store is *rebuilt*: the
kept quads are bulk-loaded into a fresh folder (`oxigraph.erasing`), the history is rewritten
into a copy and vacuumed, and only then swapped in. **Crash safety**: the commit point is
one small file, `erasure-pending.json` (written atomically, holding only the journal entry's
salted hashes). Before it, a crash leaves the store untouched and the next opening removes the
half-made copies; after it, every step is repeatable and the next opening finishes them
(`recover`, called by `Store.open`). kill -9 at any moment: before or after, never half.

The erasure leaves a line in the erasure journal (`journal`), which a restore and every load
consult, so that the person does not come back from an older file.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..changes.history import History
from ..changes.model import ORIGIN_ERASURE, default_author, new_change_id, utc_now
from ..changes.schema import HISTORY_FILE
from ..errors import InvalidDataError, StoreError, StoreInUse, UsageError, shown
from ..namespaces import AG, DCTERMS, DPV, ORG, PERSON_CLASS, PUBLICATION_CONSENT, RDF_TYPE
from ..snapshot import SNAPSHOT_DIR, write_atomically
from ..store import CHECKPOINT_DIR, DATA_DIR, Change, Store, bulk_extend_in_slices
from .history_rewrite import rewrite_history
from .journal import Entry, Journal, contact_values, name_values
from .redaction import Redactor

if TYPE_CHECKING:
    from ..commit import Writer
    from ..findings import Finding, ValidationReport
    from ..network import NetworkCache
    from ..publish import Publisher
    from ..publish.dumper import DumpScheduler
    from ..publish.follower import Snapshots
    from ..reconcile import LiveMatcher
    from ..sparql.pool import QueryPool

PENDING_FILE = "erasure-pending.json"
LOCK_FILE = "erasure.lock"
NEW_DATA = DATA_DIR + ".erasing"
OLD_DATA = DATA_DIR + ".erased"
NEW_HISTORY = HISTORY_FILE + ".erasing"
#: The public side, rebuilt from the main store at the next start of `serve`.
_PUBLIC_SIDE = ("public-mirror", "public-mirror.json", SNAPSHOT_DIR)

_TYPE = ox.NamedNode(RDF_TYPE)
_TITLE = ox.NamedNode(DCTERMS + "title")
_PERSON = ox.NamedNode(PERSON_CLASS)
_MEMBER = ox.NamedNode(ORG + "member")
_PROFILE = ox.NamedNode(AG + "hasSpeakerProfile")
#: Longest an erasure in the running server waits for the snapshot owed for the last commit.
_SNAPSHOT_WAIT = 30.0
#: A consent record names its person; it existed only for them.
_DATA_SUBJECT = ox.NamedNode(DPV + "hasDataSubject")
_CONSENT = ox.NamedNode(PUBLICATION_CONSENT)


@dataclass
class ErasureReport:
    """What an erasure removed (printed by `forget`, kept in its change set's detail)."""

    change_id: str
    iri: str
    reason: str
    #: Statements removed from the store, and the entities that went with the person.
    store_statements: int = 0
    owned: list[str] = field(default_factory=list)
    #: Other entities that lost a statement naming the person (they stay).
    touched: list[str] = field(default_factory=list)
    history_change_sets: int = 0
    history_statements: int = 0
    #: Change sets whose comment, detail (file names) or review comment named the person.
    history_texts: int = 0
    dump_statements: int = 0
    public_side_removed: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return asdict(self)


def erasure_quads(store: Store, person: ox.NamedNode) -> tuple[list[ox.Quad], list[str]]:
    """Every statement an erasure of `person` removes, in all graphs, and the IRIs of what
    existed only for them."""
    owned: list[ox.NamedNode] = [person]
    for predicate in (_MEMBER, _DATA_SUBJECT):  # memberships, consent records
        for q in store.quads(None, predicate, person):
            if isinstance(q.subject, ox.NamedNode) and q.subject not in owned:
                owned.append(q.subject)
    for q in store.quads(person, _PROFILE):
        if isinstance(q.object, ox.NamedNode) and q.object not in owned:
            owned.append(q.object)
    owned += [r for r in _load_records_naming(store, person) if r not in owned]
    found: dict[ox.Quad, None] = {}
    for entity in owned:
        found.update(dict.fromkeys(store.description(entity)))
        for q in store.quads(None, None, entity):
            found[q] = None
            if isinstance(q.subject, ox.BlankNode):
                # A qualified statement about the person (a role, a source): the node goes
                # whole, with what points at it.
                found.update(dict.fromkeys(store.description(q.subject)))
                found.update(dict.fromkeys(store.quads(None, None, q.subject)))
    return list(found), [o.value for o in owned[1:]]


def _load_records_naming(store: Store, person: ox.NamedNode) -> list[ox.NamedNode]:
    """The records of loads whose file was named after the person ("samira-cherif-profil.ttl"):
    the record carries the file name as its title and in its IRI, in the public graph, so it
    goes with the person (the load's statements stay; its change set keeps its metadata,
    with the name blanked). Named whole, by every part of a name: a part alone may be a
    word ("berlin-orgs.csv" and Anna Berlin)."""
    redactor = Redactor(name_values(store.description(person)))
    if not redactor:
        return []
    loads = store.base_iri + "load/"
    return sorted(
        {
            q.subject
            for q in store.quads(None, _TITLE)
            if isinstance(q.subject, ox.NamedNode)
            and q.subject.value.startswith(loads)
            and isinstance(q.object, ox.Literal)
            and redactor.names_whole_in(q.object.value)
        },
        key=str,
    )


def erasure_preview(store: Store, iri: str) -> dict[str, int]:
    """What an erasure of `iri` would remove, as counts (the workspace shows them before the
    administrator confirms): statements, entities erased with the person (memberships, speaker
    profile, consent records) and entities kept without the mention. Raises `UsageError` for
    an IRI that is no stored person."""
    person = _person(store, iri)
    removed, owned = erasure_quads(store, person)
    touched = _touched(removed, {iri, *owned})
    return {"statements": len(removed), "owned": len(owned), "touched": len(touched)}


class ErasureRefused(InvalidDataError):
    """The erasure would leave another entity breaking a rule; nothing was changed.

    Carries the validator's report (`report`, as `ValidationFailed` does) and prints it
    after the message (the CLI exits 1); the message says what to do: correct those
    entities first, then erase."""

    def __init__(self, iri: str, report: ValidationReport) -> None:
        self.report = report
        nodes = ", ".join(dict.fromkeys(f.node for f in report.violations))
        super().__init__(
            f"Die Löschung würde Regeln für andere Einträge verletzen ({nodes}); "
            "nichts wurde geändert. Zuerst diese Einträge berichtigen (den Verweis auf die "
            "Person ersetzen oder den Eintrag entfernen), dann erneut löschen.",
            f"The erasure would break rules for other entries ({nodes}); nothing was "
            "changed. Correct those entries first (replace the reference to the person or "
            "remove the entry), then erase again.",
            where=iri,
        )

    def bilingual(self) -> str:
        return super().bilingual() + "\n" + self.report.render()


def refuse_if_invalid(store: Store, iri: str, removed: list[ox.Quad]) -> None:
    """Validate the erasure as the change "remove these quads", with the write path's
    validator (`Validator.validate_change`), and raise `ErasureRefused` for each violation
    it brings about: a life event whose only person was the erased one
    (`ags:LifeEventShape`, `ag:lifeEventOf` 1..1), a qualified statement about them
    (`ags:StatementShape`, `rdf:subject` 1..1).

    Violations the touched entities had before are not the erasure's doing and do not hold
    it up (a right to erasure does not wait for unrelated repairs): they are the findings of
    the same validator on the change that removes and adds back the same quads, which has the
    same focus and leaves the data as it is."""
    # Imported here: `Store.open` imports this module (`recover`), and reads need no shapes.
    from ..findings import ValidationReport
    from ..validation import Validator

    validator = Validator.default()
    after = validator.validate_change(store, Change(remove=removed))
    if after.conforms:
        return
    before = validator.validate_change(store, Change(add=list(removed), remove=removed))

    def key(f: Finding) -> tuple[str, str | None, str, str | None]:
        return (f.node, f.path, f.shape, f.component)

    known = {key(f) for f in before.violations}
    new = [f for f in after.violations if key(f) not in known]
    if new:
        raise ErasureRefused(iri, ValidationReport(new))


def forget(store_path: Path, iri: str, *, reason: str, author: str | None = None) -> ErasureReport:
    """Erase the person `iri` from the store at `store_path` (closed: not served; a running
    server erases with `forget_served`, which the CLI reaches through `server_link`).

    Raises `UsageError` without a reason, for an IRI nothing is stored about, or for an IRI
    that is not a person; `StoreError` while another process holds the store.
    """
    store_path = Path(store_path)
    _need_reason(reason)
    in_use(store_path)
    recover(store_path)
    with erasing(store_path):
        return _forget(store_path, iri, reason, author)


@dataclass
class ServedStore:
    """A store as `serve` holds it, and what the server derives from it: the parts an erasure
    in the running server stops, and starts again as at start-up (`forget_served`)."""

    writer: Writer
    publisher: Publisher
    pool: QueryPool
    snapshots: Snapshots | None = None
    dumper: DumpScheduler | None = None
    matcher: LiveMatcher | None = None
    network: NetworkCache | None = None
    #: The web layer's part: from its entry on, new requests get 503 (Retry-After), and it
    #: returns once the requests in flight have ended (none may read the closed store).
    quiet: Callable[[], AbstractContextManager[None]] = contextlib.nullcontext
    #: The web layer's part: what it builds from the store at start-up (the search index)
    #: built again, and its page caches dropped, before the first request after the erasure.
    rebuilt: Callable[[], None] = lambda: None


def forget_served(
    served: ServedStore, iri: str, *, reason: str, author: str | None = None
) -> ErasureReport:
    """Erase the person `iri` from the store a running server holds: the same erasure as
    `forget`, with the server's parts stopped around it.

    In order: requests are held off (`served.quiet`: 503 with Retry-After, those in flight
    end first); the write lock is taken (no commit, no consent sweep, no CLI change); the
    snapshot owed for the last commit is taken, the dump maker stopped, the query workers
    given no snapshot (their cached answers go), the reconciliation matcher dropped; the main
    store and the public mirror are closed. Then `_forget` and `_roll_forward` as offline.
    Then, also when the erasure failed, everything starts as `serve` starts it: the store is
    opened again in place, the publisher rebuilds the mirror and takes a snapshot of a new
    version, the workers and the dump maker switch to it, the network cache and (through
    `served.rebuilt`) the search index and page caches are made anew; only then are requests
    let in. So the public side never serves the person after the erasure reported success.
    """
    _need_reason(reason)
    store = served.writer.store
    if store.read_only:
        raise StoreError(
            "Der Speicher ist nur zum Lesen geöffnet; eine Löschung ist erst nach einem "
            "Neustart mit freiem Platz möglich.",
            "The store is open for reading only; an erasure needs a restart with room first.",
            where=str(store.path),
        )
    _person(store, iri)  # refused before anything stops
    began = time.perf_counter()
    with served.quiet(), served.writer.lock:
        held = time.perf_counter()
        try:
            _stop(served)
            stopped = time.perf_counter()
            recover(store.path)
            with erasing(store.path):
                report = _forget(store.path, iri, reason, author)
            erased = time.perf_counter()
        finally:
            _start(served)
    done = time.perf_counter()
    print(
        f"akteursgraph: erasure {report.change_id} in the running server: {done - held:.2f} s "
        f"with requests held off (stopping {stopped - held:.2f} s, erasing {erased - stopped:.2f}"
        f" s, starting again {done - erased:.2f} s; {held - began:.2f} s waiting for requests "
        "in flight before)",
        file=sys.stderr,
    )
    return report


def _stop(served: ServedStore) -> None:
    """Everything that reads the store, the mirror or a snapshot, stopped (under the lock)."""
    if served.snapshots is not None:
        served.snapshots.wait(_SNAPSHOT_WAIT)  # the snapshot owed for the last commit
    if served.dumper is not None:
        served.dumper.close()  # a version being made is abandoned; remade after
    served.pool.snapshot = None  # a query now gets 503; cached answers are dropped
    served.pool.recycle()  # no worker keeps the old public data open or in its memory
    if served.matcher is not None:
        served.matcher.reset()  # waits for a build that reads the store
    with served.publisher.lock:
        served.writer.store.close()
        served.publisher.close()  # after the main store, as at the end of `serve`


def _start(served: ServedStore) -> None:
    """Everything started again as `serve` starts it (create_app), from the cleaned store."""
    store = served.writer.store
    snapshot = served.publisher.current
    if not store.is_open:  # else stopping failed before the store was closed
        served.publisher.reset()  # before the store's opening changes its files
        store.reopen()
        snapshot = served.publisher.start(store)
    served.pool.snapshot = snapshot
    if served.dumper is not None:
        served.dumper.restart(snapshot)
    if served.network is not None:
        served.network.invalidate()
    served.rebuilt()


def _need_reason(reason: str) -> None:
    if not reason.strip():
        raise UsageError(
            "Eine Löschung braucht einen Grund (--reason).",
            "An erasure needs a reason (--reason).",
            where="--reason",
        )


def is_stored_person(store: Store, person: ox.NamedNode) -> bool:
    """Whether the store holds personal data of `person`: typed a person in any graph, or,
    once a consent withdrawal has taken the public statements (the type with them), still
    named by its consent records or its consent marker. Erasure and the subject-access
    export must find the person then too: withdraw first, then ask for erasure, is the
    usual order."""
    return any(
        next(found, None) is not None
        for found in (
            store.quads(person, _TYPE, _PERSON),
            store.quads(None, _DATA_SUBJECT, person),
            store.quads(person, _CONSENT),
        )
    )


def _person(store: Store, iri: str) -> ox.NamedNode:
    try:
        person = ox.NamedNode(iri)
    except ValueError:  # "example/person/p-…" sent through a running server was a 500
        raise UsageError(
            f"{shown(iri)} ist keine IRI: eine Person wird mit ihrer ganzen IRI genannt "
            "(https://…); nichts wurde gelöscht.",
            f"{shown(iri)} is not an IRI: a person is named by their whole IRI (https://…); "
            "nothing was erased.",
            where="IRI",
        ) from None
    if not is_stored_person(store, person):
        raise UsageError(
            f"Über {iri} ist keine Person gespeichert: nichts zu löschen.",
            f"No person {iri} is stored: nothing to erase.",
            where=iri,
        )
    return person


def _touched(removed: list[ox.Quad], erased_iris: set[str]) -> list[str]:
    """The other entities that lose a statement naming the person (they stay)."""
    return sorted(
        {
            q.subject.value
            for q in removed
            if isinstance(q.subject, ox.NamedNode) and q.subject.value not in erased_iris
        }
    )


def _forget(store_path: Path, iri: str, reason: str, author: str | None) -> ErasureReport:
    store = Store.open(store_path)
    try:
        History(store_path).reconcile(store.dataset)
        person = _person(store, iri)
        removed, owned = erasure_quads(store, person)
        # Before anything is written (the journal's salt included): an erasure that would
        # break a rule for another entity is refused, as every write is.
        refuse_if_invalid(store, iri, removed)
        own = [q for q in removed if q.subject == person or isinstance(q.subject, ox.BlankNode)]
        contacts = contact_values(removed)
        names = name_values(own)
        erased_iris = {iri, *owned}
        touched = _touched(removed, erased_iris)
        journal = Journal(store_path)
        change_id = new_change_id()
        entry = Entry.of(change_id, utc_now(), journal.salt(), erased_iris, contacts, names)
        report = ErasureReport(change_id, iri, reason, len(removed), owned, touched)
        _build_store(store, set(removed), store_path / NEW_DATA)
        public = any(store.is_public_graph(q.graph_name) for q in removed)
        rewrite = rewrite_history(
            store_path / HISTORY_FILE,
            store_path / NEW_HISTORY,
            person=iri,
            iris=erased_iris,
            contacts=contacts,
            names=names,
            erasure={
                "id": change_id,
                "author": author or default_author(),
                "comment": reason,
                "origin": ORIGIN_ERASURE,
                "touches_public": public,
                "removed": len(removed),
                # No IRI, no name: the journal line (salted hashes) says whom it concerned.
                "detail": {
                    "erasure": True,
                    "removed": len(removed),
                    "owned": len(owned),
                    "touched": len(touched),
                },
            },
            touched=touched,
        )
        report.history_change_sets = rewrite.change_sets
        report.history_statements = rewrite.quads
        report.history_texts = rewrite.texts
    except BaseException:
        store.close()
        _discard_copies(store_path)
        raise
    store.close()
    # The commit point: from here on, the erasure is finished even after a crash.
    # It holds the journal entry only (hashes): no IRI, no name.
    write_atomically(store_path / PENDING_FILE, json.dumps({"entry": json.loads(entry.to_json())}))
    done = _roll_forward(store_path)
    report.dump_statements = done["dump_statements"]
    report.public_side_removed = done["public_side_removed"]
    return report


def _build_store(store: Store, removed: set[ox.Quad], target: Path) -> None:
    """A fresh engine folder with every quad but `removed`: no string of the erased person
    ever enters its dictionary. Quads pass as engine objects (blank nodes keep their names)."""
    shutil.rmtree(target, ignore_errors=True)
    fresh = ox.Store(str(target))
    bulk_extend_in_slices(fresh, (q for q in store.quads() if q not in removed))
    fresh.flush()
    fresh.optimize()
    del fresh


def _discard_copies(store_path: Path) -> None:
    shutil.rmtree(store_path / NEW_DATA, ignore_errors=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        (store_path / (NEW_HISTORY + suffix)).unlink(missing_ok=True)


def recover(store_path: Path) -> bool:
    """Settle an erasure a crash cut off: finish it after its commit point, else undo the
    half-made copies. Called by `Store.open` (for writing) and by `forget`. Returns whether
    there was anything to settle."""
    store_path = Path(store_path)
    pending = (store_path / PENDING_FILE).exists()
    copies = (store_path / NEW_DATA).exists() or (store_path / NEW_HISTORY).exists()
    if not (pending or copies):
        return False
    with erasing(store_path):
        if (store_path / PENDING_FILE).exists():
            _roll_forward(store_path)
        else:
            _discard_copies(store_path)
    return True


@contextlib.contextmanager
def erasing(store_path: Path) -> Iterator[None]:
    """Held for the whole of an erasure (and of its recovery), so that another process
    opening the store meanwhile never takes the copies under way for a crash's leftovers."""
    fd = os.open(Path(store_path) / LOCK_FILE, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise StoreInUse(  # `serve`, starting, waits for it to end
                f"Im Speicher {store_path} läuft gerade eine Löschung.",
                f"An erasure is under way in the store {store_path}.",
                where=str(store_path),
            ) from exc
        yield
    finally:
        os.close(fd)  # releases the lock


def _roll_forward(store_path: Path) -> dict[str, Any]:
    """Every step after the commit point; each may be repeated after a crash."""
    pending = json.loads((store_path / PENDING_FILE).read_text(encoding="utf-8"))
    entry = Entry.from_json(json.dumps(pending["entry"]))
    data, new, old = store_path / DATA_DIR, store_path / NEW_DATA, store_path / OLD_DATA
    if new.is_dir():
        if data.is_dir():
            shutil.rmtree(old, ignore_errors=True)
            data.rename(old)
        new.rename(data)
        _fsync_dir(store_path)
    shutil.rmtree(old, ignore_errors=True)
    if (store_path / NEW_HISTORY).exists():
        # The old history's log must not be applied to the new file.
        for suffix in ("-wal", "-shm"):
            (store_path / (HISTORY_FILE + suffix)).unlink(missing_ok=True)
        os.replace(store_path / NEW_HISTORY, store_path / HISTORY_FILE)
        _fsync_dir(store_path)
    removed: list[str] = []
    for name in (CHECKPOINT_DIR, *_PUBLIC_SIDE):
        path = store_path / name
        if path.is_dir():
            shutil.rmtree(path)
            removed.append(name)
        elif path.exists():
            path.unlink()
            removed.append(name)
    # The dump maker's private links to snapshots and half-made files (publish.dumper).
    work = store_path / "dumps" / "work"
    if work.is_dir():
        shutil.rmtree(work)
        removed.append("dumps/work")
    dropped = 0
    if (store_path / "dumps").is_dir():
        from ..publish.dump_files import rewrite_dumps
        from .journal import matcher_of

        dropped = rewrite_dumps(store_path, matcher_of([entry]))
    Journal(store_path).append(entry)
    (store_path / PENDING_FILE).unlink(missing_ok=True)
    _fsync_dir(store_path)
    return {"dump_statements": dropped, "public_side_removed": removed}


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replay(store_path: Path, *, author: str | None = None) -> list[ErasureReport]:
    """Erase again everyone the journal names who is in the store (after a restore of an
    older backup, or a load that brought a person back under their old IRI)."""
    store_path = Path(store_path)
    journal = Journal(store_path)
    match = journal.matcher()
    if match is None:
        return []
    with Store.open(store_path, read_only=True) as store:
        people = sorted(
            {
                q.subject.value
                for q in store.quads(None, _TYPE, _PERSON)
                if isinstance(q.subject, ox.NamedNode) and match(q)
            }
        )
    return [
        forget(
            store_path,
            iri,
            reason="Löschung erneut angewandt (Löschjournal) / erasure replayed (erasure journal)",
            author=author,
        )
        for iri in people
    ]


def in_use(store_path: Path) -> None:
    """Refuse while `serve` holds the store: the erasure swaps the store's files, so it must
    run inside the server (`forget_served`; the CLI's `forget` sends it there)."""
    from ..server_link import find

    link = find(store_path)
    if link is not None:
        raise StoreError(
            f"Der Speicher wird von {link.url} bedient. Eine Löschung baut den Speicher neu: "
            "den Server anhalten, `akteursgraph forget` ausführen, den Server starten.",
            f"The store is served by {link.url}. An erasure rebuilds the store: stop the "
            "server, run `akteursgraph forget`, start the server.",
            where=str(store_path),
        )
