"""A write's validation of qualified statements (`rdf:Statement` with rank) and of the plain
triples they qualify gives the verdict of whole-store validation.

`ags:StatementAssertedShape` and `ags:StatementNotAssertedShape` (shapes/statements.ttl)
read, of a statement, its subject's plain triples with its predicate and the other
statements about that subject and predicate. A write that adds a statement must see both; a
write that changes those triples or statements must check the statements that read them.
Before, adding a copy of an existing preferred statement was refused (the write's checks did
not see the plain triple), and adding or removing a sibling or a plain triple went unchecked.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from akteursgraph.commit import Writer
from akteursgraph.findings import ValidationFailed, ValidationReport
from akteursgraph.store import Change, Store
from akteursgraph.validation import Validator

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
WIKIBASE = "http://wikiba.se/ontology#"
SHAPES = "https://w3id.org/akteursgraph/shapes#"
MITTE = "https://w3id.org/akteursgraph/mitte/"
ASSERTED, NOT_ASSERTED = "StatementAssertedShape", "StatementNotAssertedShape"
GYEAR = ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")

END_1907 = MITTE + "statement/maji-maji-krieg-end-1907"  # preferred; the plain triple says 1907
END_1906 = MITTE + "statement/maji-maji-krieg-end-1906"  # normal
# The one statement (normal rank, disputed) of a naming, asserted as its plain triple.
HONOURS_HANS_PETERS = MITTE + "statement/maji-maji-allee-1986-honours-hans-peters"
OTHER_PERSON = MITTE + "person/anna-mungunda"
HONOURS_ANNA_MUNGUNDA = MITTE + "statement/maji-maji-allee-1986-honours-anna-mungunda"

Found = set[tuple[str, str]]


def violations(report: ValidationReport) -> Found:
    return {(f.node, f.shape) for f in report.violations}


def agrees_with_whole(path: Path, change: Change) -> Found:
    """The change's verdict, checked equal to whole-store validation with it applied."""
    validator = Validator.default()
    with Store.open(path) as store:
        before = violations(validator.validate_all(store))
        assert not before, before
        incremental = violations(validator.validate_change(store, change))
        store._apply(change)  # the reference needs the data inside
        whole = violations(validator.validate_all(store))
        store._apply(Change(add=list(change.remove), remove=list(change.add)))  # and out
    assert incremental == whole
    return incremental


def statement_quads(store: Store, iri: str) -> list[ox.Quad]:
    found = list(store.quads(ox.NamedNode(iri)))
    assert found, iri
    return found


def renamed(quads: list[ox.Quad], iri: str) -> list[ox.Quad]:
    node = ox.NamedNode(iri)
    return [ox.Quad(node, q.predicate, q.object, q.graph_name) for q in quads]


def with_value(quads: list[ox.Quad], iri: str, value: ox.Term, rank: str) -> list[ox.Quad]:
    """A new statement like `quads` (same subject and predicate) for `value` with `rank`."""
    out = []
    for q in renamed(quads, iri):
        if q.predicate.value == RDF + "object":
            q = ox.Quad(q.subject, q.predicate, value, q.graph_name)
        elif q.predicate.value == WIKIBASE + "rank":
            q = ox.Quad(q.subject, q.predicate, ox.NamedNode(WIKIBASE + rank), q.graph_name)
        out.append(q)
    return out


def plain(store: Store, statement: list[ox.Quad], value: ox.Term) -> ox.Quad:
    """The plain triple `subject predicate value` a statement qualifies, in the subject's
    graph."""
    by = {q.predicate.value: q.object for q in statement}
    subject, predicate = by[RDF + "subject"], by[RDF + "predicate"]
    [graph] = {q.graph_name for q in store.quads(subject, predicate)}  # type: ignore[arg-type]
    return ox.Quad(subject, predicate, value, graph)  # type: ignore[arg-type]


def test_a_copy_of_an_asserted_preferred_statement_is_accepted(example_store_path: Path) -> None:
    """The reported false refusal: the plain triple is in the store, not in the write."""
    with Store.open(example_store_path) as store:
        copy = renamed(statement_quads(store, END_1907), END_1907 + "-copy")
    assert agrees_with_whole(example_store_path, Change(add=copy)) == set()
    with Store.open(example_store_path) as store:  # and through the one write path
        Writer(store).commit(Change(add=copy))
        assert list(store.quads(ox.NamedNode(END_1907 + "-copy")))


def test_a_preferred_statement_whose_value_is_not_asserted_is_refused(
    example_store_path: Path,
) -> None:
    with Store.open(example_store_path) as store:
        new = with_value(
            statement_quads(store, END_1907), END_1907 + "-1908",
            ox.Literal("1908", datatype=GYEAR), "PreferredRank",
        )  # fmt: skip
    found = agrees_with_whole(example_store_path, Change(add=new))
    assert found == {(END_1907 + "-1908", SHAPES + ASSERTED)}


def test_a_preferred_statement_with_its_plain_triple_in_the_same_write_is_accepted(
    example_store_path: Path,
) -> None:
    """A second person honoured, as a preferred statement with its plain triple."""
    person = ox.NamedNode(OTHER_PERSON)
    with Store.open(example_store_path) as store:
        honours = statement_quads(store, HONOURS_HANS_PETERS)
        new = with_value(honours, HONOURS_ANNA_MUNGUNDA, person, "NormalRank")
        triple = plain(store, honours, person)
    # Alone, the value is missing as a plain triple (normal rank, no preferred one).
    alone = agrees_with_whole(example_store_path, Change(add=new))
    assert alone == {(HONOURS_ANNA_MUNGUNDA, SHAPES + ASSERTED)}
    assert agrees_with_whole(example_store_path, Change(add=[*new, triple])) == set()


def test_a_normal_statement_beside_a_preferred_one_need_not_be_asserted(
    example_store_path: Path,
) -> None:
    """Where a value is preferred, a normal one is not stated as a plain triple, and must not
    be: the shape reads the other statements about the subject and property."""
    with Store.open(example_store_path) as store:
        quads = statement_quads(store, END_1907)
        normal = with_value(quads, END_1907 + "-1905", ox.Literal("1905", datatype=GYEAR),
                            "NormalRank")  # fmt: skip
        asserted = with_value(quads, END_1907 + "-normal", ox.Literal("1907", datatype=GYEAR),
                              "NormalRank")  # fmt: skip
    assert agrees_with_whole(example_store_path, Change(add=normal)) == set()
    found = agrees_with_whole(example_store_path, Change(add=asserted))
    assert found == {(END_1907 + "-normal", SHAPES + NOT_ASSERTED)}


def test_a_deprecated_copy_of_an_asserted_value_is_refused(example_store_path: Path) -> None:
    with Store.open(example_store_path) as store:
        new = with_value(
            statement_quads(store, END_1907), END_1907 + "-deprecated",
            ox.Literal("1907", datatype=GYEAR),
            "DeprecatedRank",
        )  # fmt: skip
    found = agrees_with_whole(example_store_path, Change(add=new))
    assert found == {(END_1907 + "-deprecated", SHAPES + NOT_ASSERTED)}


def test_a_preferred_statement_makes_an_asserted_normal_sibling_wrong(
    example_store_path: Path,
) -> None:
    """Adding a preferred value re-checks the other statements about the subject and
    property: the normal one that is asserted must now not be."""
    person = ox.NamedNode(OTHER_PERSON)
    with Store.open(example_store_path) as store:
        honours = statement_quads(store, HONOURS_HANS_PETERS)
        new = with_value(honours, HONOURS_ANNA_MUNGUNDA, person, "PreferredRank")
        triple = plain(store, honours, person)
    found = agrees_with_whole(example_store_path, Change(add=[*new, triple]))
    assert found == {(HONOURS_HANS_PETERS, SHAPES + NOT_ASSERTED)}


@pytest.mark.parametrize("others", [0, 200], ids=["alone", "among-many"])
def test_a_plain_triple_of_a_value_not_best_ranked_is_refused(
    example_store_path: Path, others: int
) -> None:
    """Adding the plain triple re-checks the statements about its subject; among many other
    subjects, the store's few statements are read instead of a look-up per subject."""
    with Store.open(example_store_path) as store:
        statement = statement_quads(store, END_1906)
        [value] = [q.object for q in statement if q.predicate.value == RDF + "object"]
        triple = plain(store, statement, value)
        assert others == 0 or len(list(store.quads(None, ox.NamedNode(RDF + "subject")))) < others
    see_also = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso")
    filler = [
        ox.Quad(ox.NamedNode(f"urn:x-test:other-{i}"), see_also, triple.subject, triple.graph_name)
        for i in range(others)
    ]
    found = agrees_with_whole(example_store_path, Change(add=[triple, *filler]))
    assert (END_1906, SHAPES + NOT_ASSERTED) in found


def test_removing_the_preferred_statement_leaves_the_normal_one_unasserted(
    example_store_path: Path,
) -> None:
    """Removing a sibling re-checks the statements about the same subject: without a
    preferred value, the normal one must be the plain triple."""
    with Store.open(example_store_path) as store:
        gone = statement_quads(store, END_1907)
    found = agrees_with_whole(example_store_path, Change(remove=gone))
    assert found == {(END_1906, SHAPES + ASSERTED)}


def test_the_removal_of_an_asserted_plain_triple_stays_refused(example_store_path: Path) -> None:
    with Store.open(example_store_path) as store:
        statement = statement_quads(store, END_1907)
        [value] = [q.object for q in statement if q.predicate.value == RDF + "object"]
        triple = plain(store, statement, value)
        with pytest.raises(ValidationFailed) as caught:
            Writer(store).commit(Change(remove=[triple]))
    assert (END_1907, SHAPES + ASSERTED) in violations(caught.value.report)
