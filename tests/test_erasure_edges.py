"""Issue 13, three hard edges: an erasure is validated like every write; the dump rewrite of
an erasure takes the person's blank nodes with them; `migrate --dry-run` lists the IRIs the
run mints."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest

from akteursgraph.changes import History
from akteursgraph.namespaces import AG, FOAF, RDF_TYPE
from akteursgraph.people.erasure import ErasureRefused, forget
from akteursgraph.people.journal import JOURNAL_FILE, SALT_FILE
from akteursgraph.publish import dump_files
from akteursgraph.store import DATA_DIR, Store
from akteursgraph.validation import Validator

from .conftest import dump, run_cli
from .test_dumps import _snapshot
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
