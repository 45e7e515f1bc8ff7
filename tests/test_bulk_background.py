"""A big load is checked while the engine writes it (issue 11: validated bulk load >= 100k/s).

The CLI's writer (`Writer(..., background_bulk=True)`) writes a bulk addition in a thread
while the checks run against the state before it. These tests hold it to the same promises
as the plain write: all or nothing, exact quads (blank nodes too, so a revert finds them),
and no reader ever sees the write before it has passed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from akteursgraph.changes import ChangeMeta, revert
from akteursgraph.commit import Writer
from akteursgraph.namespaces import ORG, RDF_TYPE, SKOS
from akteursgraph.store import CHECKPOINT_DIR, Change, Store
from akteursgraph.validation import ValidationFailed

from .conftest import dump

SCHEMA = "https://schema.org/"
KIND = ox.NamedNode("https://w3id.org/akteursgraph/vocab/organisation-kind/initiative")
META = ChangeMeta(author="operator", origin="cli-load", comment="bulk")


@pytest.fixture
def small_bulk(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Bulk from 100 quads on, so a test needs no 50,000 (the rule, not the writing, is tested)."""
    monkeypatch.setattr(Store, "BULK_THRESHOLD", 100)
    yield


def organisations(store: Store, n: int, *, note: str = "Lindenweg") -> ox.Store:
    """`n` valid organisations with a postal address each (a blank node), in memory."""
    g = ox.NamedNode(store.graph_iri("public/bulk"))
    staged = ox.Store()
    for i in range(n):
        org = ox.NamedNode(f"{store.base_iri}organisation/bulk-{i}")
        address = ox.BlankNode(f"address{i}")
        staged.extend(
            [
                ox.Quad(org, ox.NamedNode(RDF_TYPE), ox.NamedNode(ORG + "Organization"), g),
                ox.Quad(
                    org,
                    ox.NamedNode(SKOS + "prefLabel"),
                    ox.Literal(f"Verein {i}", language="de"),
                    g,
                ),
                ox.Quad(
                    org, ox.NamedNode(SKOS + "prefLabel"), ox.Literal(f"Club {i}", language="en"), g
                ),
                ox.Quad(org, ox.NamedNode(ORG + "classification"), KIND, g),
                ox.Quad(org, ox.NamedNode(SCHEMA + "address"), address, g),
                ox.Quad(address, ox.NamedNode(RDF_TYPE), ox.NamedNode(SCHEMA + "PostalAddress"), g),
                ox.Quad(
                    address, ox.NamedNode(SCHEMA + "streetAddress"), ox.Literal(f"{note} {i}"), g
                ),
            ]
        )
    return staged


@pytest.mark.parametrize(
    "note",
    ["Lindenweg", "Weg_:7"],  # a literal with `_:` takes the quad-by-quad way: same result
)
def test_a_bulk_load_written_while_checked_lands_whole_with_its_blank_nodes(
    vocab_store: Store, small_bulk: None, note: str
) -> None:
    before = set(vocab_store.quads())
    staged = organisations(vocab_store, 40, note=note)
    expected = set(staged)
    result = Writer(vocab_store, background_bulk=True).commit(Change(add=staged), META)
    assert result.added == len(expected) == 280
    assert set(vocab_store.quads()) == before | expected  # blank nodes keep their labels
    assert not (vocab_store.path / CHECKPOINT_DIR).exists()


def test_a_bulk_load_that_breaks_a_rule_leaves_the_store_as_it_was(
    vocab_store: Store, small_bulk: None
) -> None:
    before = dump(vocab_store)
    staged = organisations(vocab_store, 40)
    org = ox.NamedNode(f"{vocab_store.base_iri}organisation/bulk-39")
    g = ox.NamedNode(vocab_store.graph_iri("public/bulk"))
    staged.remove(ox.Quad(org, ox.NamedNode(ORG + "classification"), KIND, g))
    staged.add(ox.Quad(org, ox.NamedNode(ORG + "classification"), ox.Literal("kein Begriff"), g))
    writer = Writer(vocab_store, background_bulk=True)
    with pytest.raises(ValidationFailed):
        writer.commit(Change(add=staged), META)
    assert dump(vocab_store) == before
    assert not (vocab_store.path / CHECKPOINT_DIR).exists()
    # Nothing recorded for the organisations: their history is empty.
    assert writer.history.entity(str(org.value)) == []


def test_no_reader_sees_a_bulk_load_before_it_has_passed(
    vocab_store: Store, small_bulk: None
) -> None:
    """Another process opening the store during the write gets the state before it."""
    before = dump(vocab_store)
    change = Change(add=organisations(vocab_store, 40))
    with vocab_store.adding_in_background(change) as state_before:
        assert dump(state_before) == before
        with Store.open(vocab_store.path, read_only=True) as reader:
            assert dump(reader) == before
    assert len(dump(vocab_store)) == len(before) + 280


def test_reverting_a_bulk_load_written_in_the_background_restores_the_exact_quads(
    vocab_store: Store, small_bulk: None
) -> None:
    before = dump(vocab_store)
    writer = Writer(vocab_store, background_bulk=True)
    result = writer.commit(Change(add=organisations(vocab_store, 40)), META)
    assert result.change_id is not None
    revert(writer, result.change_id, author="operator", comment="wrong file")
    assert dump(vocab_store) == before


def test_only_a_big_addition_can_be_written_in_the_background(vocab_store: Store) -> None:
    from akteursgraph.errors import UsageError

    with pytest.raises(UsageError), vocab_store.adding_in_background(Change(add=[])):
        pass
