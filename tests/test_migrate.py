"""Issue 12, item 10: a store made before the model change is migrated, keeping its data.

The store is built from the files as they were before the change (tests/fixtures/
before-issue-12), the way that code's `init --example` built it; then `migrate` runs through
the CLI (the contract an office uses) and the core function.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from akteursgraph.changes.model import ChangeMeta
from akteursgraph.cli import cli
from akteursgraph.commit import Writer
from akteursgraph.loader import read_file
from akteursgraph.migrate import ORIGIN_MIGRATION, behind_note, plan
from akteursgraph.operations import VOCABULARY_GRAPH, stage_files
from akteursgraph.store import Store
from akteursgraph.validation import Validator

BEFORE = Path(__file__).parent / "fixtures" / "before-issue-12"
NAMING = "https://w3id.org/akteursgraph/mitte/naming/"
STEP = "https://w3id.org/akteursgraph/mitte/naming-step/"
ONTOLOGY = "https://w3id.org/akteursgraph/ontology"


def _old_store(path: Path) -> None:
    store = Store.create(path)
    try:
        files = [
            read_file(store, f, graph=VOCABULARY_GRAPH)
            for f in sorted((BEFORE / "ontology").glob("*.ttl"))
        ]
        files.append(read_file(store, BEFORE / "mitte-facts.trig"))
        Writer(store).commit(
            stage_files(store, files, agent="test"), ChangeMeta(author="test", origin="cli-init")
        )
    finally:
        store.close()


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    _old_store(path)
    return path


def _run(path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--store", str(path), "migrate", *args])
    return result.exit_code, result.stdout, result.stderr


def _version(store: Store) -> set[str]:
    return {
        q.object.value
        for q in store.quads(
            ox.NamedNode(ONTOLOGY), ox.NamedNode("http://www.w3.org/2002/07/owl#versionIRI")
        )
    }


def test_dry_run_lists_the_changes_and_changes_nothing(old_store: Path) -> None:
    with Store.open(old_store) as store:
        before = sorted(map(str, store.dataset.quads_for_pattern(None, None, None, None)))
    code, out, err = _run(old_store, "--dry-run")
    assert code == 0, err
    assert "vocabulary https://w3id.org/akteursgraph/ontology/0.1.0 -> " in out
    assert f"{NAMING}manga-bell-platz-2022 dcterms:replaces {NAMING}manga-bell-platz-1910" in out
    assert f"{STEP}manga-bell-platz-2022-assembly-decision (assembly-decision 2018-10)" in out
    assert "--dry-run" in err
    with Store.open(old_store) as store:
        assert sorted(map(str, store.dataset.quads_for_pattern(None, None, None, None))) == before


def test_migrate_once_as_one_validated_change_set_then_nothing(old_store: Path) -> None:
    with Store.open(old_store) as store:  # what `serve` says at start until the migration
        note = behind_note(store) or ""
        assert f"{ONTOLOGY}/0.1.0" in note and f"{ONTOLOGY}/0.3.3" in note
        assert "akteursgraph migrate" in note and "Server beenden" in note
    code, _out, err = _run(old_store, "--agent", "office")
    assert code == 0, err
    with Store.open(old_store) as store:
        assert _version(store) == {ONTOLOGY + "/0.3.3"}
        assert behind_note(store) is None
        assert Validator.default().validate_all(store).violations == []
        replaces = {
            (q.subject.value, q.object.value)
            for q in store.quads(None, ox.NamedNode("http://purl.org/dc/terms/replaces"))
        }
        # Pairs made once from the dates; the Petersallee chain keeps the re-dedication.
        assert (NAMING + "manga-bell-platz-2022", NAMING + "manga-bell-platz-1910") in replaces
        assert (
            NAMING + "anna-mungunda-allee-1986",
            NAMING + "anna-mungunda-allee-1939",
        ) in replaces
        assert (
            NAMING + "anna-mungunda-allee-2024",
            NAMING + "anna-mungunda-allee-1986",
        ) in replaces
        assert (
            NAMING + "anton-wilhelm-amo-strasse-2025",
            NAMING + "anton-wilhelm-amo-strasse-1707",
        ) in replaces
        assert len(replaces) == 8
        # The decision and ceremony dates became dated steps with the naming's sources.
        ceremony = ox.NamedNode(STEP + "martha-ndumbe-platz-2025-ceremony")
        facts = {(q.predicate.value, q.object.value) for q in store.quads(ceremony)}
        assert ("https://schema.org/startDate", "2025-10-18") in facts
        assert (
            "http://purl.org/dc/terms/source",
            "https://www.mz.de/panorama/nettelbeckplatz-hat-einen-neuen-namen-4133558",
        ) in facts
        decision = ox.NamedNode(STEP + "anton-wilhelm-amo-strasse-2025-assembly-decision")
        by = {
            q.object.value
            for q in store.quads(
                decision, ox.NamedNode("http://www.w3.org/ns/prov#wasAssociatedWith")
            )
        }
        assert by == {"https://w3id.org/akteursgraph/mitte/organisation/bvv-mitte"}
        # Nothing of the office's data is lost: every fact of the old store is still there.
        old = ox.Store()
        old.load(path=str(BEFORE / "mitte-facts.trig"), format=ox.RdfFormat.TRIG)
        kept = [
            q
            for q in old
            if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
        ]
        assert all(q in store.dataset for q in kept)
        assert plan(store).change.add == [] and not plan(store)
    entries = _migrations(old_store)
    assert len(entries) == 1 and entries[0].author == "office" and entries[0].status == "applied"

    code, out, err = _run(old_store)
    assert code == 0 and out == "" and "nothing to do" in err
    assert len(_migrations(old_store)) == 1  # the second run wrote no change set


def _migrations(path: Path) -> list:
    from akteursgraph.changes import History

    found = History(path).entity(NAMING + "manga-bell-platz-2022")
    return [c for c, *_ in found if c.origin == ORIGIN_MIGRATION]


def test_a_store_made_by_this_code_needs_no_migration(example_store_path: Path) -> None:
    code, out, err = _run(example_store_path, "--dry-run")
    assert code == 0 and out == "" and "nothing to do" in err
