"""Issue 13, item 4: erasure. The person goes from the store, the history, the dumps and the
public side, physically (no byte left in any file of the store folder), at once, crash-safe,
and an erasure journal keeps them from coming back by a load."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from akteursgraph.changes import History
from akteursgraph.commit import commit
from akteursgraph.errors import UsageError
from akteursgraph.namespaces import (
    AG,
    CONSENT_GIVEN,
    DPV,
    ORG,
    PUBLICATION_CONSENT,
    RDF_TYPE,
    SCHEMA,
    SKOS,
    VCARD,
)
from akteursgraph.people.access import ACCESS_LOG_FILE, accesses_of
from akteursgraph.people.erasure import PENDING_FILE, forget
from akteursgraph.people.journal import JOURNAL_FILE, Journal
from akteursgraph.people.subject_access import person_export
from akteursgraph.store import Change, Store
from akteursgraph_web import close_app, create_app

from .conftest import BIN, dump, login, run_cli

BASE = "https://w3id.org/akteursgraph/mitte/"
PROFILE = ox.NamedNode(AG + "hasSpeakerProfile")
MEMBER = ox.NamedNode(ORG + "member")
PERFORMER = ox.NamedNode(SCHEMA + "performer")
INTERNAL = ox.NamedNode(BASE + "graph/internal/canary")
PUBLIC = ox.NamedNode(BASE + "graph/public/canary")

# Each canary carries a random token: the engine's table files are LZ4-compressed, and LZ4
# writes a string as a literal unless an earlier one in the block repeats it (a random token
# has nothing to repeat), so the token is found in the raw bytes wherever the string is.
NAME_TOKEN, MAIL_TOKEN, NOTE_TOKEN = "Zq7XkP2wM9rT", "Vb8Nq3Lc6Hs1", "Jd5Fy0Gu4Ea7"
CANARY_NAME = f"Kanarienvogel {NAME_TOKEN}"
CANARY_MAIL = f"z.{MAIL_TOKEN}@example.org"
CANARY_NOTE = f"Interne Notiz {NOTE_TOKEN}: nur intern"
CANARIES = (NAME_TOKEN.encode(), MAIL_TOKEN.encode(), NOTE_TOKEN.encode())


def victim(store: Store) -> ox.NamedNode:
    """An example person with a speaker profile and a membership (and, if any, an event they
    spoke at): the hardest case. Found, not named: the example's IRIs may change."""
    profiled = {
        q.subject for q in store.quads(None, PROFILE) if isinstance(q.subject, ox.NamedNode)
    }
    members = {q.object for q in store.quads(None, MEMBER)}
    performers = {q.object for q in store.quads(None, PERFORMER)}
    consented = {
        q.subject
        for q in store.quads(None, ox.NamedNode(PUBLICATION_CONSENT), ox.NamedNode(CONSENT_GIVEN))
    }
    both = profiled & members & consented
    best = sorted(both & performers, key=str) or sorted(both, key=str)
    assert best, "the example data has a person with profile and membership"
    return best[0]  # type: ignore[return-value]


def plant(path: Path) -> ox.NamedNode:
    """Canaries on the victim: a public name, an internal e-mail and an internal note that is
    deleted again (the engine keeps deleted strings in its files), then another write."""
    with Store.open(path) as store:
        person = victim(store)
        nick = ox.Quad(person, ox.NamedNode(SKOS + "altLabel"), ox.Literal(CANARY_NAME), PUBLIC)
        mail = ox.Quad(
            person,
            ox.NamedNode(VCARD + "hasEmail"),
            ox.NamedNode("mailto:" + CANARY_MAIL),
            INTERNAL,
        )
        note = ox.Quad(person, ox.NamedNode(SKOS + "note"), ox.Literal(CANARY_NOTE), INTERNAL)
        commit(store, _change(add=[nick, mail, note]))
        commit(store, _change(remove=[note]))
        other = ox.Quad(
            ox.NamedNode(BASE + "example/note/x"),
            ox.NamedNode(SKOS + "note"),
            ox.Literal("x"),
            INTERNAL,
        )
        commit(store, _change(add=[other]))
    return person


def _change(**kw: list[ox.Quad]):  # type: ignore[no-untyped-def]
    from akteursgraph.store import Change

    return Change(**kw)


def files_holding(root: Path, needles: tuple[bytes, ...]) -> dict[str, list[str]]:
    """Which files under `root` hold which needle, read as bytes (compressed files too)."""
    import gzip

    found: dict[str, list[str]] = {}
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            with contextlib.suppress(OSError):
                data += gzip.decompress(data)
        if path.name.startswith("history") and path.name.endswith(".sqlite3"):
            data += history_payloads(path)  # (the accounts' database has no payloads)
        for needle in needles:
            if needle in data:
                found.setdefault(needle.decode(), []).append(str(path.relative_to(root)))
    return found


def history_payloads(path: Path) -> bytes:
    """The history's N-Quads payloads and slices, unpacked (all but small ones are stored
    zlib-compressed)."""
    import sqlite3

    from akteursgraph.changes.schema import unpack

    db = sqlite3.connect(path)
    try:
        blobs = [
            blob
            for table in ("payloads", "slices")
            for row in db.execute(f"SELECT added, removed FROM {table}")
            for blob in row
        ]
    finally:
        db.close()
    return b"".join(unpack(b) for b in blobs)


def mentions(store: Store, iri: ox.NamedNode) -> list[ox.Quad]:
    return [*store.quads(iri), *store.quads(None, None, iri)]


def test_forget_removes_the_person_and_what_is_theirs_and_keeps_the_rest(
    example_store_path: Path,
) -> None:
    person = plant(example_store_path)
    with Store.open(example_store_path, read_only=True) as store:
        owned = [q.subject for q in store.quads(None, MEMBER, person)]
        owned += [q.object for q in store.quads(person, PROFILE)]
        subject = ox.NamedNode("https://w3id.org/dpv#hasDataSubject")
        owned += [q.subject for q in store.quads(None, subject, person)]  # consent records
        events = [q.subject for q in store.quads(None, PERFORMER, person)]
        before = len(store)
    assert owned
    report = forget(example_store_path, person.value, reason="Art. 17 request", author="admin")
    assert report.store_statements > 0 and set(report.owned) == {o.value for o in owned}
    with Store.open(example_store_path, read_only=True) as store:
        assert mentions(store, person) == []
        for entity in owned:
            assert mentions(store, entity) == []  # type: ignore[arg-type]
        for event in events:  # the event stays, without the mention
            assert list(store.quads(event)), event
        assert len(store) == before - report.store_statements
    history = History(example_store_path)
    assert history.entity(person.value) == []
    erasure = history.get(report.change_id)
    assert erasure.origin == "erasure" and erasure.author == "admin"
    assert erasure.comment == "Art. 17 request" and erasure.removed == report.store_statements
    assert history.payload(report.change_id) == (b"", b"")
    assert person.value not in json.dumps(erasure.summary())
    assert len(Journal(example_store_path)) == 1
    journal = (example_store_path / JOURNAL_FILE).read_text(encoding="utf-8")
    assert person.value not in journal and CANARY_MAIL not in journal


def test_forget_refuses_without_reason_and_for_what_is_no_person(example_store_path: Path) -> None:
    with Store.open(example_store_path, read_only=True) as store:
        person = victim(store)
        before = dump(store)
        org = next(store.quads(None, ox.NamedNode(ORG + "organization"))).object
    with pytest.raises(UsageError):
        forget(example_store_path, person.value, reason=" ")
    with pytest.raises(UsageError):
        forget(example_store_path, org.value, reason="no person")  # type: ignore[union-attr]
    with Store.open(example_store_path, read_only=True) as store:
        assert dump(store) == before


def test_no_byte_of_the_person_is_left_in_any_file(example_store_path: Path) -> None:
    """Store, history, mirror, snapshots and dumps held the canaries; after `forget`, no file
    under the store folder holds a byte of them (SQLite's free pages and log included)."""
    person = plant(example_store_path)
    app = create_app(
        {"STORE_PATH": str(example_store_path), "TESTING": True, "DUMP_START_DELAY": 0.0,
         "DUMP_SETTLE": 0.0}
    )  # fmt: skip
    try:
        index = example_store_path / "dumps" / "index.json"
        deadline = time.monotonic() + 120
        while not index.is_file() and time.monotonic() < deadline:
            time.sleep(0.2)  # the first dump version is made in a child process
        assert index.is_file()
        page = person.value.removeprefix(BASE).encode()
        assert page in app.test_client().get(f"/search?q={NAME_TOKEN}").data
    finally:
        close_app(app)
    held = files_holding(example_store_path, CANARIES)
    # The test can fail: before the erasure, the canaries are in the files, the deleted note too.
    assert set(held) == {NAME_TOKEN, MAIL_TOKEN, NOTE_TOKEN}
    assert any(p.startswith("oxigraph/") for p in held[NOTE_TOKEN])  # deleted, still there
    assert "history.sqlite3" in held[NOTE_TOKEN] and "history.sqlite3" in held[MAIL_TOKEN]
    assert any(p.startswith("dumps/") for p in held[NAME_TOKEN])
    assert any(p.startswith("public-mirror/") for p in held[NAME_TOKEN])
    assert any(p.startswith("public-snapshots/") for p in held[NAME_TOKEN])
    report = forget(example_store_path, person.value, reason="canary")
    assert report.dump_statements > 0
    assert files_holding(example_store_path, (*CANARIES, person.value.encode())) == {}
    import sqlite3

    db = sqlite3.connect(example_store_path / "history.sqlite3")
    try:  # no free page keeps an old payload (VACUUM), nothing waits in a log
        assert db.execute("PRAGMA freelist_count").fetchone()[0] == 0
    finally:
        db.close()
    # The next start rebuilds the public side from the cleaned store.
    app = create_app({"STORE_PATH": str(example_store_path), "TESTING": True, "DUMPS": False})
    try:
        found = app.test_client().get(f"/search?q={NAME_TOKEN}")
        assert found.status_code == 200 and page not in found.data
    finally:
        close_app(app)
    assert files_holding(example_store_path, CANARIES) == {}


def test_the_persons_name_goes_from_comments_and_file_names_too(
    example_store_path: Path, tmp_path: Path
) -> None:
    """People write about a person where the data model does not look: a change set's comment,
    a reviewer's comment, the name of a loaded file, which the load's public record carries as
    its title and in its IRI. All of it named the person after `forget` (exploratory walk);
    now the erasure blanks the names in the history's texts and takes the load's record away,
    while the change sets and the load's other statements stay."""
    from akteursgraph.changes import ChangeMeta, Draft, submit
    from akteursgraph.changes.model import ORIGIN_FORM
    from akteursgraph.commit import Writer
    from akteursgraph.people.redaction import REDACTED

    person = plant(example_store_path)
    token = NAME_TOKEN.lower()  # as a file name's slug writes it
    other = ox.NamedNode(BASE + "example/organisation/x")
    with Store.open(example_store_path) as store:
        writer = Writer(store)
        said = commit(store, Change(add=[ox.Quad(other, ox.NamedNode(SKOS + "note"),
                      ox.Literal("Treffen"), INTERNAL)]), ChangeMeta(
            author="emil", origin=ORIGIN_FORM, comment=f"Treffen mit {CANARY_NAME}"))  # fmt: skip
        draft = submit(writer, Change(add=[ox.Quad(person, ox.NamedNode(SKOS + "altLabel"),
                       ox.Literal("Vogel"), PUBLIC)]), ChangeMeta(author="emil",
                       origin=ORIGIN_FORM, comment="Spitzname"), review_required=True)  # fmt: skip
        assert isinstance(draft, Draft)
    rejected = run_cli("reject", draft.change_id, "--comment",
                       f"{NAME_TOKEN} möchte keinen Spitznamen", "--agent", "rita",
                       store=example_store_path)  # fmt: skip
    assert rejected.returncode == 0, rejected.stderr
    profile = tmp_path / f"kanarienvogel-{token}-profil.trig"
    profile.write_text(f"<{PUBLIC.value}> {{ <{person.value}> <{SKOS}altLabel> "
                       '"Vogel K." . }\n', encoding="utf-8")  # fmt: skip
    loaded = run_cli("load", str(profile), store=example_store_path)
    assert loaded.returncode == 0, loaded.stderr
    with Store.open(example_store_path, read_only=True) as store:
        (record,) = [q.subject for q in store.quads(None, ox.NamedNode(RDF_TYPE))
                     if token in q.subject.value]  # fmt: skip
        assert store.is_public_graph(next(store.quads(record)).graph_name)
    held = files_holding(example_store_path, (NAME_TOKEN.encode(), token.encode()))
    # The test can fail: before the erasure, the history's texts and the store name them.
    assert "history.sqlite3" in held[NAME_TOKEN] and "history.sqlite3" in held[token]
    assert any(p.startswith("oxigraph/") for p in held[token])

    report = forget(example_store_path, person.value, reason=f"Antrag von {CANARY_NAME}")
    assert record.value in report.owned
    assert report.history_texts >= 3  # the comment, the rejection, the load's file name
    assert files_holding(example_store_path, (NAME_TOKEN.encode(), token.encode())) == {}
    history = History.at(example_store_path)
    kept = history.get(said.change_id)
    assert kept.comment == f"Treffen mit {REDACTED}" and kept.added == 1  # the whole name
    assert history.get(draft.change_id).review_comment == f"{REDACTED} möchte keinen Spitznamen"
    (erasure,) = [c for c in history.recent(5) if c.origin == "erasure"]
    assert erasure.comment == f"Antrag von {REDACTED}"
    with Store.open(example_store_path, read_only=True) as store:
        assert mentions(store, record) == []
        assert next(store.quads(other, ox.NamedNode(SKOS + "note")), None) is not None


def test_a_load_of_an_old_export_does_not_bring_the_person_back(
    example_store_path: Path, tmp_path: Path
) -> None:
    person = plant(example_store_path)
    export = tmp_path / "before.trig"
    assert run_cli("export", "-o", str(export), store=example_store_path).returncode == 0
    assert CANARY_MAIL in export.read_text(encoding="utf-8")
    forget(example_store_path, person.value, reason="test")
    assert run_cli("init", "--force", store=example_store_path).returncode == 0
    assert (example_store_path / JOURNAL_FILE).is_file()  # the journal outlives the data
    done = run_cli("load", str(export), store=example_store_path)
    assert done.returncode == 0, done.stderr
    assert "erased people left out" in done.stderr
    with Store.open(example_store_path, read_only=True) as store:
        assert mentions(store, person) == []
        assert not [q for q in store.quads() if CANARY_MAIL in str(q.object)]
        assert len(store) > 1000  # everyone else is back


def test_a_person_erased_while_a_load_is_read_does_not_come_back_with_it(
    example_store_path: Path, tmp_path: Path
) -> None:
    """A load read in the CLI's process while the server erased a person: the CLI had read
    the journal before the erasure, and the server committed what it sent, the person's
    e-mail address and notes back in the store, both commands reporting success (walk,
    150,000 quads read for 2.5 s). The server applies the journal's newer entries again
    under the write lock, which its erasure holds too."""
    from akteursgraph.commit import Writer
    from akteursgraph.operations import prepare_load
    from akteursgraph.server_link import encode_change, handle

    person = plant(example_store_path)
    theirs = tmp_path / "person.nq"
    with Store.open(example_store_path, read_only=True) as store:
        inside = [q for q in store.quads(person) if not store.is_public_graph(q.graph_name)]
        theirs.write_text("".join(f"{q} .\n" for q in inside), encoding="utf-8")
        change, meta = prepare_load(store, [theirs], agent="op")  # read before the erasure
    assert CANARY_MAIL in theirs.read_text(encoding="utf-8")
    sent = json.dumps(encode_change(change, meta)).encode()
    forget(example_store_path, person.value, reason="test")  # meanwhile, by the server
    with Store.open(example_store_path) as store:
        done = handle(Writer(store), sent)
        assert mentions(store, person) == []
        assert not [q for q in store.quads() if CANARY_MAIL in str(q.object)]
        assert done.get("left_out", 0) > 0 and not done["draft"]  # the CLI says how many


@pytest.mark.parametrize("review", [True, False])
def test_an_update_cannot_bring_an_erased_person_back(
    example_store_path: Path, review: bool
) -> None:
    """An editor's SPARQL update re-inserting the erased person's IRI, or only their e-mail
    address on a new subject, went through (the journal was read by loads and restores
    alone). Refused now, as a draft and at once, naming the rule; nothing is stored."""
    from .conftest import api_token

    person = plant(example_store_path)
    forget(example_store_path, person.value, reason="test")
    token = api_token(example_store_path)
    app = create_app(
        {"STORE_PATH": str(example_store_path), "TESTING": True, "QUERY_WORKERS": 1,
         "DUMPS": False, "REVIEW_REQUIRED": review}
    )  # fmt: skip
    graph = f"{BASE}graph/internal/staff"
    updates = [
        f'INSERT DATA {{ GRAPH <{graph}> {{ <{person.value}> <{SKOS}note> "zurück" }} }}',
        f"INSERT DATA {{ GRAPH <{graph}> {{ <{BASE}person/neu> <{VCARD}hasEmail> "
        f"<mailto:{CANARY_MAIL.upper()}> }} }}",
    ]
    try:
        with Store.open(example_store_path, read_only=True) as store:
            before = dump(store)
        for update in updates:
            resp = app.test_client().post(
                "/sparql/update",
                data=update.encode(),
                headers={
                    "Content-Type": "application/sparql-update",
                    "Authorization": f"Bearer {token}",
                },
            )
            text = resp.get_data(as_text=True)
            assert resp.status_code == 400, text
            assert "ErasedStaysErased" in text and "erasure journal" in text, text
        with Store.open(example_store_path, read_only=True) as store:
            assert dump(store) == before
    finally:
        close_app(app)


def test_a_load_the_journal_empties_publishes_no_record_of_itself(
    example_store_path: Path, tmp_path: Path
) -> None:
    """Leak hunt: a file of an erased person's statements alone was loaded as "51 left out,
    11 added", the 11 being the load's public record: its file name (which often names the
    person), the graph and 46 statements it claimed to have brought. The record names what
    the load still brings: here nothing public, so nothing of it is public."""
    person = plant(example_store_path)
    with Store.open(example_store_path, read_only=True) as store:
        theirs = [q for q in store.quads(person) if store.is_public_graph(q.graph_name)]
    assert theirs
    reload = tmp_path / "person-reload.nq"
    reload.write_text("".join(f"{q} .\n" for q in theirs), encoding="utf-8")
    forget(example_store_path, person.value, reason="test")
    done = run_cli("load", str(reload), store=example_store_path)
    assert done.returncode == 0, done.stderr
    assert "erased people left out" in done.stderr
    with Store.open(example_store_path, read_only=True) as store:
        public = [q for q in store.quads() if store.is_public_graph(q.graph_name)]
        assert not [q for q in public if "person-reload" in str(q)], "a public record"
        assert mentions(store, person) == []


def test_person_export_gives_everything_and_is_logged(example_store_path: Path) -> None:
    person = plant(example_store_path)
    data = person_export(example_store_path, person.value, who="clerk", why="Art. 15")
    objects = {s["object"] for s in data["statements"]}
    assert f"<mailto:{CANARY_MAIL}>" in objects
    assert {s["visibility"] for s in data["statements"]} == {"public", "internal"}
    assert data["consent"] and data["history"][person.value]
    assert CANARY_MAIL in data["trig"]
    assert CANARY_NOTE in json.dumps(data["history"])  # the deleted note is in the history
    log = (example_store_path / ACCESS_LOG_FILE).read_text(encoding="utf-8")
    assert "clerk" in log and "person-export" in log and person.value not in log
    assert [a["who"] for a in accesses_of(example_store_path, person.value)] == ["clerk"]
    done = run_cli("person-export", person.value, "--format", "trig", store=example_store_path)
    assert done.returncode == 0 and CANARY_MAIL in done.stdout
    assert len(accesses_of(example_store_path, person.value)) == 2
    # A CLI query over the internal graphs is logged too (by the query's hash, no person).
    lines = len(log_lines(example_store_path))
    assert run_cli("query", "--public", "ASK {}", store=example_store_path).returncode == 0
    assert len(log_lines(example_store_path)) == lines
    assert run_cli("query", "ASK {}", store=example_store_path).returncode == 0
    last = log_lines(example_store_path)[-1]
    assert last["what"] == "query" and last["person"] is None and len(last["query_sha256"]) == 64


def log_lines(path: Path) -> list[dict[str, object]]:
    text = (path / ACCESS_LOG_FILE).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def test_a_person_whose_consent_was_withdrawn_can_still_be_exported_and_erased(
    example_store_path: Path,
) -> None:
    """Issue 11 audit: the withdrawal took the person's type (it stood in a public graph)
    with their public statements, and export and erasure then answered "no person is
    stored", while contact data and consent records about them remained."""
    person = plant(example_store_path)
    graph = ox.NamedNode(BASE + "graph/internal/example")
    withdrawn = ox.Quad(
        person, ox.NamedNode(PUBLICATION_CONSENT), ox.NamedNode(DPV + "ConsentWithdrawn"), graph
    )
    with Store.open(example_store_path) as store:
        commit(store, Change(add=[withdrawn]))
        # The public type went with the public statements; the office keeps the type and the
        # names in the internal graph (people.consent._names_inside): it still knows whose
        # records these are, and export and erasure find the person by either.
        typed = list(store.quads(person, ox.NamedNode(RDF_TYPE)))
        assert typed and all(not store.is_public_graph(q.graph_name) for q in typed)
        assert mentions(store, person)  # what stays: the withdrawal, records, contact data
    data = person_export(example_store_path, person.value, who="clerk", why="Art. 15")
    assert f"<mailto:{CANARY_MAIL}>" in {s["object"] for s in data["statements"]}
    report = forget(example_store_path, person.value, reason="Art. 17 request", author="admin")
    assert report.store_statements > 0
    with Store.open(example_store_path, read_only=True) as store:
        assert mentions(store, person) == []


def test_forget_cli_reports_and_refuses_unknown(example_store_path: Path) -> None:
    with Store.open(example_store_path, read_only=True) as store:
        person = victim(store)
    done = run_cli("forget", BASE + "person/nobody", "--reason", "x", store=example_store_path)
    assert done.returncode == 2 and "nothing to erase" in done.stderr
    done = run_cli("forget", person.value, "--reason", "x", "--json", store=example_store_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["store_statements"] > 0


def test_an_erasure_cannot_be_reverted(example_store_path: Path) -> None:
    """Its record names nothing of the person: a revert was an empty change set reported as
    done, as often as asked (exploratory test D5)."""
    with Store.open(example_store_path, read_only=True) as store:
        person = victim(store)
    forget(example_store_path, person.value, reason="Art. 17 request", author="admin")
    (erasure,) = [c for c in History.at(example_store_path).recent(5) if c.origin == "erasure"]
    before = len(History.at(example_store_path).recent(100))
    done = run_cli("revert", erasure.id, "--comment", "oops", store=example_store_path)
    assert done.returncode == 2 and "cannot be reverted" in done.stderr, done.stderr
    assert len(History.at(example_store_path).recent(100)) == before


def test_a_change_the_erasure_emptied_cannot_be_reverted(example_store_path: Path) -> None:
    """A change about the erased person alone keeps no statement in the history: its revert
    said "reverted" and recorded an empty change set (exploratory test)."""
    with Store.open(example_store_path) as store:
        person = victim(store)
        note = ox.Quad(person, ox.NamedNode(SKOS + "note"), ox.Literal("Nur intern"), INTERNAL)
        done = commit(store, Change(add=[note]))
    forget(example_store_path, person.value, reason="Art. 17 request", author="admin")
    before = len(History.at(example_store_path).recent(100))
    tried = run_cli("revert", done.change_id, "--comment", "oops", store=example_store_path)
    assert tried.returncode == 2, tried.stderr
    assert "keine Aussage" in tried.stderr and "holds no statement" in tried.stderr
    assert len(History.at(example_store_path).recent(100)) == before


def test_a_draft_the_erasure_empties_leaves_the_review_queue(example_store_path: Path) -> None:
    """Exploratory test: an editor's draft about the person stayed in the reviewers' queue
    after the erasure, with its old counts, no statement and a Publish button that
    published nothing. A draft with something else in it stays, without the person."""
    from akteursgraph.changes import ChangeMeta, Draft, submit
    from akteursgraph.changes.model import ORIGIN_FORM
    from akteursgraph.commit import Writer

    with Store.open(example_store_path) as store:
        person = victim(store)
        writer = Writer(store)
        meta = ChangeMeta(author="emil", origin=ORIGIN_FORM, comment="Spitzname")
        nick = ox.Quad(person, ox.NamedNode(SKOS + "altLabel"), ox.Literal("Spitzname"), PUBLIC)
        emptied = submit(writer, Change(add=[nick]), meta, review_required=True)
        other = ox.Quad(ox.NamedNode(BASE + "example/organisation/x"),
                        ox.NamedNode(SKOS + "note"), ox.Literal("bleibt"), INTERNAL)  # fmt: skip
        mixed = submit(writer, Change(add=[nick, other]), ChangeMeta(
            author="emil", origin=ORIGIN_FORM, comment="beides"), review_required=True)  # fmt: skip
        assert isinstance(emptied, Draft) and isinstance(mixed, Draft)
    forget(example_store_path, person.value, reason="Art. 17 request", author="admin")
    history = History.at(example_store_path)
    assert [d.id for d in history.drafts()] == [mixed.change_id]
    closed = history.get(emptied.change_id)
    assert closed.status == "superseded" and "erasure" in (closed.review_comment or "")
    # Pages say why in their language, and not as the author's own replacement.
    assert closed.replaced_by is None
    assert closed.superseded_why is not None
    assert closed.superseded_why["de"].startswith("durch die Löschung ")
    assert closed.superseded_why["en"].startswith("emptied by the erasure ")
    # The draft that stays counts what is left in it, and says the erasure shortened it: it
    # said "2 added" above one statement, and neither reviewer nor author learnt why
    # (exploratory walk).
    (erasure,) = [c for c in history.recent(5) if c.origin == "erasure"]
    left = history.get(mixed.change_id)
    assert (left.added, left.removed) == (1, 0)
    assert left.shortened_by == erasure.id
    assert left.summary()["shortened_by"] == erasure.id
    assert history.get(erasure.id).shortened_by is None
    # The command line says it too, as it says a draft emptied (it said nothing).
    for said in (run_cli("drafts", store=example_store_path),
                 run_cli("change", mixed.change_id, store=example_store_path)):  # fmt: skip
        assert f"durch die Löschung {erasure.id} gekürzt" in said.stdout, said.stdout
        assert f"shortened by the erasure {erasure.id}" in said.stdout
    app = create_app({"STORE_PATH": str(example_store_path), "TESTING": True, "QUERY_WORKERS": 1})
    try:
        queue = login(app.test_client(), "reviewer").get("/workspace/review")
        card = queue.get_data(as_text=True)
        assert "Durch eine Löschung gekürzt" in card and "DSGVO Art. 17" in card
        assert "1 hinzugefügt, 0 entfernt" in card
    finally:
        close_app(app)


def test_kill_9_during_an_erasure_leaves_before_or_after(
    example_store_path: Path, tmp_path: Path
) -> None:
    """Killed at several points of a `forget`, the store opens before or after, never half."""
    pristine = tmp_path / "pristine"
    shutil.copytree(example_store_path, pristine)
    with Store.open(pristine, read_only=True) as store:
        person = victim(store)
        before = dump(store)
    history_before = len(History(pristine).entity(person.value))
    cmd = [str(BIN / "akteursgraph"), "forget", person.value, "--reason", "kill test"]
    env = {k: v for k, v in os.environ.items() if k != "AKTEURSGRAPH_STORE"}
    began = time.monotonic()
    subprocess.run([*cmd[:1], "--store", str(example_store_path), *cmd[1:]], env=env,
                   check=True, capture_output=True, timeout=300)  # fmt: skip
    whole = time.monotonic() - began
    # Kill points: the moment a step's file appears (seen by polling), then times spread over
    # a whole run. Once the commit point's file exists, only "after" is right.
    points: list[str | float] = [
        "oxigraph.erasing", "history.sqlite3.erasing", PENDING_FILE, "oxigraph.erased",
        0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95,
    ]  # fmt: skip
    outcomes: dict[str, str] = {}
    for n, point in enumerate(points):
        target = tmp_path / f"round-{n}"
        shutil.copytree(pristine, target)
        proc = subprocess.Popen([*cmd[:1], "--store", str(target), *cmd[1:]], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        seen = True
        if isinstance(point, str):
            deadline = time.monotonic() + 120
            while not (target / point).exists() and proc.poll() is None:
                time.sleep(0.0005)
                assert time.monotonic() < deadline
            seen = (target / point).exists()
        else:
            time.sleep(whole * point)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with Store.open(target) as store:  # settles what the kill cut off
            after = dump(store)
        assert not (target / PENDING_FILE).exists()
        assert not (target / "oxigraph.erasing").exists()
        assert not (target / "history.sqlite3.erasing").exists()
        if after == before:
            assert len(History(target).entity(person.value)) == history_before
            assert len(Journal(target)) == 0
            outcome = "before"
        else:
            with Store.open(target, read_only=True) as store:
                assert mentions(store, person) == []
            assert History(target).entity(person.value) == []
            assert len(Journal(target)) == 1
            outcome = "after"
        if point == PENDING_FILE and seen:
            assert outcome == "after"  # past the commit point: finished at the next opening
        outcomes[f"{point}{'' if seen else ' (missed)'}"] = outcome
        shutil.rmtree(target)
    assert "before" in outcomes.values() and "after" in outcomes.values()
    print("kill -9 outcomes:", outcomes)
