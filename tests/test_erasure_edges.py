"""Issue 13, three hard edges: an erasure is validated like every write; the dump rewrite of
an erasure takes the person's blank nodes with them; `migrate --dry-run` lists the IRIs the
run mints."""

from __future__ import annotations

import hashlib
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from akteursgraph.backup import restore_backup, take_backup
from akteursgraph.changes import History
from akteursgraph.cli import cli
from akteursgraph.migrate import PERSON_KEY_FILE
from akteursgraph.namespaces import AG, FOAF, HAS_DATA_SUBJECT, ORG, RDF_TYPE
from akteursgraph.naming import slugify
from akteursgraph.people.erasure import ErasureRefused, forget
from akteursgraph.people.journal import JOURNAL_FILE, SALT_FILE
from akteursgraph.publish import dump_chunks, dump_files, dumps
from akteursgraph.store import DATA_DIR, Change, Store
from akteursgraph.validation import Validator

from .conftest import dump, run_cli
from .example_people import _people
from .test_dumps import PARSE, _snapshot, read
from .test_erasure import victim

LIFE_EVENT_OF = ox.NamedNode(AG + "lifeEventOf")
RDF_SUBJECT = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject")
PERSON_CLASS = ox.NamedNode(FOAF + "Person")
TYPE = ox.NamedNode(RDF_TYPE)


# ---- 1. an erasure is validated like every write -----------------------------------------


def store_files(path: Path) -> dict[str, str]:
    """Every file of the store folder but the engine's own (its logs change on opening) and
    SQLite's log files, with its SHA-256: the 'nothing written' oracle for the folder."""
    return {
        str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.rglob("*"))
        if p.is_file()
        and p.relative_to(path).parts[0] != DATA_DIR
        and not p.name.endswith(("-wal", "-shm", ".lock"))
    }


def historical_person_with_life_events(store: Store) -> ox.NamedNode:
    """A person of the example whose life events and qualified statements name them: found
    by what is stored, not by name."""
    people = {q.object for q in store.quads(None, LIFE_EVENT_OF)}
    stated = {q.object for q in store.quads(None, RDF_SUBJECT)}
    typed = {q.subject for q in store.quads(None, TYPE, PERSON_CLASS)}
    found = sorted(people & stated & typed, key=str)
    assert found, "the example data has a person with life events and qualified statements"
    return found[0]  # type: ignore[return-value]


def test_an_erasure_that_breaks_a_rule_for_another_entity_is_refused_and_changes_nothing(
    example_store_path: Path, tmp_path: Path
) -> None:
    """The example's life events belong to exactly one person (`ags:LifeEventShape`,
    `ag:lifeEventOf` 1..1) and its qualified statements name one subject
    (`ags:StatementShape`, `rdf:subject` 1..1): erasing their person would leave them
    breaking those rules. The erasure is refused, naming them and the rules, and the store,
    the history, the journal and the dumps stay as they were."""
    path = example_store_path
    # A dump version, so that there are dump files an erasure would rewrite.
    with Store.open(path, read_only=True) as store:
        person = historical_person_with_life_events(store)
        events = sorted(q.subject.value for q in store.quads(None, LIFE_EVENT_OF, person))
        statements = sorted(q.subject.value for q in store.quads(None, RDF_SUBJECT, person))
        public = list(store.dump_quads(public_only=True))
    when = datetime(2026, 11, 30, tzinfo=UTC)
    assert dump_files.make_version(path, _snapshot(tmp_path, when, public), [],
                                   last=10, monthly=True)  # fmt: skip
    with Store.open(path, read_only=True) as store:
        before = dump(store)
    files = store_files(path)
    changes = len(History(path).recent(10_000))

    with pytest.raises(ErasureRefused) as caught:
        forget(path, person.value, reason="Art. 17 request")
    refused = caught.value
    nodes = {f.node for f in refused.report.violations}
    assert set(events) <= nodes and set(statements) <= nodes
    # The rules: the property, the constraint and the shape's message in both languages.
    rules = {(f.path, f.rule) for f in refused.report.violations}
    assert (AG + "lifeEventOf", "sh:MinCountConstraintComponent") in rules
    assert (RDF_SUBJECT.value, "sh:MinCountConstraintComponent") in rules
    text = refused.bilingual()
    assert events[0] in text and "ag:lifeEventOf" in text
    assert "Zuerst diese Einträge berichtigen" in text and "Correct those entries first" in text

    with Store.open(path, read_only=True) as store:
        assert dump(store) == before
    assert store_files(path) == files  # history, dumps, no journal nor salt made
    assert not (path / JOURNAL_FILE).exists() and not (path / SALT_FILE).exists()
    assert len(History(path).recent(10_000)) == changes
    assert not any(p.name.endswith((".erasing", ".erased")) for p in path.iterdir())

    # The CLI: exit 1 (invalid data), both languages, the entity and the rule named.
    result = run_cli("forget", person.value, "--reason", "Art. 17 request", store=path)
    assert result.returncode == 1, result.stderr
    assert events[0] in result.stderr and "ag:lifeEventOf" in result.stderr
    assert "A life event belongs to exactly one person" in result.stderr
    assert "Fehler:" in result.stderr and "Error:" in result.stderr
    assert store_files(path) == files


def test_an_erasure_that_breaks_no_rule_goes_through_validated(example_store_path: Path) -> None:
    """A living person with a profile, memberships, consent records and an event they spoke
    at: every entity that stays conforms afterwards, and the erasure goes through."""
    with Store.open(example_store_path, read_only=True) as store:
        person = victim(store)
    report = forget(example_store_path, person.value, reason="Art. 17 request")
    assert report.store_statements > 0 and report.touched
    with Store.open(example_store_path, read_only=True) as store:
        assert not list(store.quads(person)) and not list(store.quads(None, None, person))
        assert Validator.default().validate_all(store).violations == []


# ---- 2. the dump rewrite follows public blank nodes --------------------------------------

EX = "https://w3id.org/akteursgraph/mitte/example/"
GRAPH = ox.NamedNode("https://w3id.org/akteursgraph/mitte/graph/public/test")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SOURCE = ox.NamedNode("http://purl.org/dc/terms/source")
NOTE = ox.NamedNode("http://www.w3.org/2004/02/skos/core#note")
ATTRIBUTION = ox.NamedNode("http://www.w3.org/ns/prov#qualifiedAttribution")
REIFIES = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies")
# Random tokens, so that a byte search cannot find them by accident.
ROLE_TOKEN, SOURCE_TOKEN, NOTE_TOKEN, KEEP_TOKEN = "Rq4Wz8", "Sk2Jx7", "Nt6Bv3", "Kp9Lm1"


def _person_quads(person: ox.NamedNode, org: ox.NamedNode) -> list[ox.Quad]:
    """A person with blank nodes about them: a role (a blank node that links to the person),
    its source on a blank node hanging from it, and a note on a blank node hanging from the
    person's own statement."""
    role, source, note = ox.BlankNode("role1"), ox.BlankNode("source1"), ox.BlankNode("note1")
    return [
        ox.Quad(person, TYPE, PERSON_CLASS, GRAPH),
        ox.Quad(person, LABEL, ox.Literal("Erika Kanarie"), GRAPH),
        ox.Quad(org, ox.NamedNode(ORG + "hasMembership"), role, GRAPH),
        ox.Quad(role, ox.NamedNode(ORG + "member"), person, GRAPH),
        ox.Quad(role, LABEL, ox.Literal(f"Vorsitz {ROLE_TOKEN}"), GRAPH),
        ox.Quad(role, ATTRIBUTION, source, GRAPH),
        ox.Quad(source, SOURCE, ox.NamedNode(f"https://example.org/{SOURCE_TOKEN}"), GRAPH),
        ox.Quad(person, NOTE, note, GRAPH),
        ox.Quad(note, LABEL, ox.Literal(f"Notiz {NOTE_TOKEN}"), GRAPH),
    ]


def _kept_quads(org: ox.NamedNode) -> list[ox.Quad]:
    """An organisation with a blank node of its own (an address), which stays."""
    address = ox.BlankNode("address1")
    return [
        ox.Quad(org, LABEL, ox.Literal("Verein"), GRAPH),
        ox.Quad(org, ox.NamedNode("https://schema.org/address"), address, GRAPH),
        ox.Quad(address, LABEL, ox.Literal(f"Strasse {KEEP_TOKEN}"), GRAPH),
    ]


def test_the_dump_rewrite_drops_the_blank_nodes_about_the_person_in_every_format(
    example_store_path: Path, tmp_path: Path
) -> None:
    """Two versions (the second adds the person, so its changelog holds them too); the
    rewrite leaves no statement of the person's blank nodes in any file of any format, nor
    in the piece cache, keeps the other blank nodes, and the files still parse and match
    their checksums."""
    path = example_store_path
    person = ox.NamedNode(EX + "person/p-kanarie")
    org = ox.NamedNode(EX + "organisation/verein")
    first, second = datetime(2026, 5, 1, tzinfo=UTC), datetime(2026, 5, 2, tzinfo=UTC)
    kept = _kept_quads(org)
    for folder, when, quads in (
        ("a", first, kept),
        ("b", second, [*kept, *_person_quads(person, org)]),
    ):
        made = dump_files.make_version(path, _snapshot(tmp_path / folder, when, quads), [],
                                       last=10, monthly=True)  # fmt: skip
        assert made is not None
    newest = dumps.read_index(path)["versions"][0]
    folder = path / "dumps" / "versions" / newest["version"]
    formats = sorted(p.name for p in folder.iterdir() if p.name in PARSE)
    assert len(formats) == 6  # TriG, Turtle, JSON-LD, N-Triples and the two changelog files
    assert ROLE_TOKEN.encode() in read(folder / "akteursgraph.jsonld")

    dropped = dump_files.rewrite_dumps(path, lambda q: person in (q.subject, q.object))

    tokens = (ROLE_TOKEN, SOURCE_TOKEN, NOTE_TOKEN, "Kanarie", "p-kanarie")
    for entry in dumps.read_index(path)["versions"]:
        where = path / "dumps" / "versions" / entry["version"]
        for meta in [*entry["files"].values(), *entry["changes"].get("files", {}).values()]:
            data = (where / meta["name"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == meta["sha256"], meta["name"]
            text = read(where / meta["name"])
            for token in tokens:
                assert token.encode() not in text, (meta["name"], token)
            quads = list(ox.parse(text, PARSE[meta["name"]]))
            assert len(quads) == meta["statements"], meta["name"]
            if meta["name"] != "akteursgraph-removed.nq.gz":  # the diff of one version only
                # The organisation's own blank node stays, with its statement.
                assert KEEP_TOKEN.encode() in text or meta["name"].startswith("akteursgraph-")
            # Nothing dangles: every blank node that is pointed at has statements.
            subjects = {q.subject for q in quads}
            pointed = {q.object for q in quads if isinstance(q.object, ox.BlankNode)}
            assert pointed <= subjects, meta["name"]
    # 9 statements in each of the four files of the newest version and in its changelog.
    assert dropped == 9 * 5
    for lines in (path / "dumps" / dump_chunks.CHUNKS_DIR).glob("*.nq"):
        data = lines.read_bytes()
        assert not any(token.encode() in data for token in tokens), lines.name
    assert any(KEEP_TOKEN.encode() in p.read_bytes()
               for p in (path / "dumps" / dump_chunks.CHUNKS_DIR).glob("*.nq"))  # fmt: skip


def test_an_rdf_12_reifier_about_the_person_goes_with_them() -> None:
    """A reifier (`_:r rdf:reifies <<( person p o )>>`) links to the person only through its
    triple term: it goes whole, with the blank node of its source. (The product's JSON-LD
    writer cannot hold RDF 1.2 triple terms, so a dump never has one yet; the rule is ready
    for the formats that can.)"""
    person = ox.NamedNode(EX + "person/p-kanarie")
    birth = ox.NamedNode("https://schema.org/birthDate")
    reifier, source = ox.BlankNode("r1"), ox.BlankNode("s1")
    stated = ox.Triple(person, birth, ox.Literal("1970"))
    other = ox.Triple(ox.NamedNode(EX + "organisation/verein"), LABEL, ox.Literal("Verein"))
    quads = [
        ox.Quad(reifier, REIFIES, stated),
        ox.Quad(reifier, SOURCE, source),
        ox.Quad(source, LABEL, ox.Literal("Quelle")),
        ox.Quad(ox.BlankNode("r2"), REIFIES, other),
    ]
    text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    drops = dump_chunks.with_blank_nodes(
        ox.parse(text, ox.RdfFormat.N_QUADS), lambda q: person in (q.subject, q.object)
    )
    assert [q for q in ox.parse(text, ox.RdfFormat.N_QUADS) if not drops(q)] == [quads[3]]


# ---- 3. `migrate --dry-run` lists the IRIs the run mints ---------------------------------


def _readable_people(path: Path) -> dict[str, str]:
    """Make the example store look as one from before issue 13 (no consent records, living
    persons under readable IRIs made from their names), written raw as old code left it.
    Returns the readable IRI of each person by name."""
    people = {name: ox.NamedNode(iri) for name, iri in _people().items()}
    with Store.open(path) as store:
        records = {q.subject for q in store.quads(None, ox.NamedNode(HAS_DATA_SUBJECT))}
        store.apply(Change(remove=[q for r in records for q in store.quads(r)]))
        renames: dict[ox.NamedNode, ox.NamedNode] = {}
        for name, person in people.items():
            slug = slugify(name)
            token = person.value.rpartition("/")[2]
            renames[person] = ox.NamedNode(person.value.replace(token, slug))
            for q in [*store.quads(person), *store.quads(None, None, person)]:
                for node in (q.subject, q.object):
                    if isinstance(node, ox.NamedNode) and token in node.value and node != person:
                        renames[node] = ox.NamedNode(node.value.replace(token, slug))
        old = {q for n in renames for q in [*store.quads(n), *store.quads(None, None, n)]}

        def swap(q: ox.Quad) -> ox.Quad:
            s = renames.get(q.subject, q.subject)  # type: ignore[call-overload]
            o = renames.get(q.object, q.object)  # type: ignore[call-overload]
            return ox.Quad(s, q.predicate, o, q.graph_name)

        store.apply(Change(add=[swap(q) for q in old], remove=list(old)))
    return {name: renames[p].value for name, p in people.items()}


def _renames(output: str) -> dict[str, str]:
    return dict(
        line.split(" -> ", 1)
        for line in output.splitlines()
        if re.match(r"^\S+/person/\S+ -> \S+$", line)
    )


def _migrate(path: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--store", str(path), "migrate", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_dry_run_lists_exactly_the_iris_the_run_mints(
    example_store_path: Path, tmp_path: Path
) -> None:
    path = example_store_path
    readable = _readable_people(path)
    assert len(readable) >= 3

    planned = _renames(_migrate(path, "--dry-run"))
    assert set(planned) == set(readable.values())
    again = _renames(_migrate(path, "--dry-run"))
    assert again == planned  # a second look shows the same
    with Store.open(path) as store:  # a backup from before the migration (the key made)
        take_backup(store, tmp_path / "backup")
    assert oct((path / PERSON_KEY_FILE).stat().st_mode & 0o777) == "0o600"
    done = _renames(_migrate(path))
    assert done == planned
    with Store.open(path, read_only=True) as store:
        living = {q.subject.value for q in store.quads(None, TYPE, PERSON_CLASS)}
        for name, old in readable.items():
            new = planned[old]
            assert new in living, name
            assert not list(store.quads(ox.NamedNode(old)))
            assert re.fullmatch(r".*/person/p-[a-z2-7]{16}", new), new
            # No part of the name in the new IRI (nor of the old IRI's slug). Words of four
            # letters or more: "le" of "Linh Lê" stood in a random "p-cyjst6oleevw4lbq" (a
            # two-letter word is in a 16-character base32 name by chance one time in seventy).
            for word in slugify(name).split("-"):
                if len(word) >= 4:
                    assert word not in new.rpartition("/")[2], (name, new)
        assert Validator.default().validate_all(store).violations == []
    assert _migrate(path, "--dry-run") == ""  # migrated: nothing left to rename

    # The same store, restored from the backup before the migration: the same IRIs again
    # (the backup carries the key).
    restored = tmp_path / "restored"
    restore_backup(tmp_path / "backup", restored)
    assert _renames(_migrate(restored)) == planned


def test_another_store_mints_other_iris_for_the_same_person(
    example_store_path: Path, tmp_path: Path
) -> None:
    """The key is the store's own: the same old IRI in another store gets another new IRI,
    so nobody can work out a person's new IRI from their old one without the key."""
    readable = _readable_people(example_store_path)
    other = tmp_path / "other"
    shutil.copytree(example_store_path, other)
    first = _renames(_migrate(example_store_path, "--dry-run"))
    second = _renames(_migrate(other, "--dry-run"))
    assert set(first) == set(second) == set(readable.values())
    assert all(first[old] != second[old] for old in first)
