"""Issue 15: a write that removes statements of X re-validates, of the nodes pointing at X,
only those whose checks can read what it removes (`validation_context.RevalidationRule`).

The rule comes from the compiled checks (`shacl_sparql.value_reads`), not from a list kept by
hand: here every compiled query is parsed on its own and each read it makes of a node it
points at, or of the nodes pointing at its values, must be known to the rule, so a new shape
that reads more fails this test first. (Writes of qualified statements, whose checks read
both: tests/test_statement_validation.py.)
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from akteursgraph.constraint_reads import FILE, file_text, reads_of
from akteursgraph.findings import ValidationReport
from akteursgraph.namespaces import ORG, RDF_TYPE, SKOS
from akteursgraph.shacl_checks import (
    ANY,
    SPARQL_CONSTRAINT,
    Back,
    UnsupportedShape,
    query_reads,
    value_reads,
)
from akteursgraph.shacl_sparql import compile_shapes
from akteursgraph.store import Change, Store
from akteursgraph.validation import Validator
from akteursgraph.validation_context import RevalidationRule

EX = "http://example.org/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
WIKIBASE = "http://wikiba.se/ontology#"
AG = "https://w3id.org/akteursgraph/ontology#"
SHAPES = "https://w3id.org/akteursgraph/shapes#"

#: Reads that no write's validation follows (neither did re-validating every node that points
#: at a removed statement's subject, before this rule). A choice: the naming rule is stated so
#: that a write's checks need not see the site (see the shape's comment).
KNOWN_BEYOND = {
    f"{SHAPES}NamingSuccessionSiteShape: statements pointing at ?this ({AG}hasNaming)",
}
#: The other statements about a statement's subject and property, which the statement rules
#: read (found by either of their values; validation takes the way that finds fewer).
OTHER_STATEMENTS = Back(
    frozenset({(RDF + "subject", RDF + "subject"), (RDF + "predicate", RDF + "predicate")}),
    frozenset({RDF + "subject", RDF + "predicate", WIKIBASE + "rank"}),
)


def violations(report: ValidationReport) -> set[tuple[str, str | None, str]]:
    return {(f.node, f.path, f.rule) for f in report.violations}


def test_the_rule_knows_every_read_of_every_compiled_check() -> None:
    """Each compiled query, parsed: what it reads of a node it points at is in the rule."""
    validator = Validator.default()
    rule = validator.revalidation_rule
    unknown, beyond = [], set()
    for check in validator.checks:
        found = query_reads(check.query)
        beyond |= {f"{check.shape}: {b}" for b in found.beyond}
        unknown.extend((check.shape, back) for back in found.back if back not in rule.back)
        for link, predicate in found.pairs:
            known = (
                (ANY in rule.every_link or predicate in rule.every_link)
                if link == ANY
                else rule.revalidates(ox.NamedNode(link), {predicate})
            )
            if not known:
                unknown.append((check.shape or check.path, link, predicate))
    assert not unknown, unknown
    assert beyond == KNOWN_BEYOND == value_reads(validator.checks).beyond
    # And the rule reads what our shapes are known to read, by name:
    subject, organisation = ox.NamedNode(RDF + "subject"), ox.NamedNode(ORG + "organization")
    assert rule.revalidates(organisation, {RDF_TYPE})
    assert not rule.revalidates(organisation, {SKOS + "altLabel", SKOS + "prefLabel"})
    assert rule.revalidates(subject, {SKOS + "altLabel"})  # any predicate of the subject
    assert rule.revalidates(
        ox.NamedNode("https://schema.org/address"), {"https://schema.org/postalCode"}
    )
    assert rule.revalidates(ox.NamedNode(EX + "unknown-link"), {SKOS + "inScheme"})
    # What more statements can break: a statement's subject's triples, an address's fields;
    # not a type (sh:class) nor a scheme (sh:node with a minimum count).
    assert rule.added[RDF + "subject"] == {ANY}
    assert rule.added["https://schema.org/address"] >= {"https://schema.org/postalCode"}
    assert not any(RDF_TYPE in read or SKOS + "inScheme" in read for read in rule.added.values())
    assert OTHER_STATEMENTS in rule.back
    assert rule.value_reads[RDF + "subject"] == {ANY}


def test_the_constraint_reads_file_is_in_step_with_the_shapes() -> None:
    """The generated file of the SPARQL constraints' reads (`make compiled-shapes`) says for
    each what rdflib's parse says now, so the rule a server builds without parsing is the
    rule the parse gives; a query it does not name is parsed."""
    validator = Validator.default()
    assert FILE.read_text(encoding="utf-8") == file_text(validator.checks), (
        f"{FILE.name} is not in step with the shapes: run `make compiled-shapes`"
    )
    constraints = [c.query for c in validator.checks if c.component == SPARQL_CONSTRAINT]
    assert constraints
    for text in constraints:
        assert reads_of(text) == query_reads(text)
    assert value_reads(validator.checks, reads_of) == value_reads(validator.checks)
    unknown = constraints[0] + "\n# a query the file does not name"
    assert unknown not in constraints
    assert reads_of(unknown) == query_reads(unknown)


SHAPES_TTL = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:A ;
    sh:property [ sh:path ex:link ; sh:node ex:N ] ;
    sh:sparql [ a sh:SPARQLConstraint ; sh:message "m"@en ;
        sh:select "SELECT $this WHERE { $this ex:q ?v . ?v ex:r ?x }" ;
        sh:prefixes ex:decl ] .
ex:decl sh:declare [ sh:prefix "ex" ;
    sh:namespace "http://example.org/"^^<http://www.w3.org/2001/XMLSchema#anyURI> ] .
ex:N a sh:NodeShape ; sh:property [ sh:path ex:foo ; sh:minCount 1 ] .
"""


def test_a_new_shape_that_reads_a_value_node_extends_the_rule() -> None:
    shapes = rdflib.Graph().parse(data=SHAPES_TTL, format="turtle")
    reads = value_reads(compile_shapes(shapes, rdflib.Graph()))
    assert {(EX + "link", EX + "foo"), (EX + "q", EX + "r")} <= reads.pairs
    rule = RevalidationRule(reads)
    assert rule.revalidates(ox.NamedNode(EX + "link"), {EX + "foo"})
    assert rule.revalidates(ox.NamedNode(EX + "q"), {EX + "r"})
    assert not rule.revalidates(ox.NamedNode(EX + "link"), {EX + "bar"})
    assert rule.revalidates(ox.NamedNode(EX + "link"), {RDF_TYPE})  # the context's reads


def test_what_more_statements_can_break_is_told_apart() -> None:
    """A minimum and sh:class hold with more statements; a maximum, a negation and a SPARQL
    constraint need not: only those re-validate a node when what it points at gains some."""
    shapes = rdflib.Graph().parse(data=SHAPES_TTL, format="turtle")
    added = value_reads(compile_shapes(shapes, rdflib.Graph())).added
    assert (EX + "link", EX + "foo") not in added and (EX + "q", EX + "r") in added
    for variant in ("sh:path ex:foo ; sh:maxCount 1", "sh:path ex:foo ; sh:datatype ex:D"):
        text = SHAPES_TTL.replace("sh:path ex:foo ; sh:minCount 1", variant)
        checks = compile_shapes(rdflib.Graph().parse(data=text, format="turtle"), rdflib.Graph())
        assert (EX + "link", EX + "foo") in value_reads(checks).added, variant
    negated = SHAPES_TTL.replace(
        "ex:N a sh:NodeShape ; sh:property [ sh:path ex:foo ; sh:minCount 1 ] .",
        "ex:N a sh:NodeShape ; sh:not [ sh:class ex:C ] .",
    )
    checks = compile_shapes(rdflib.Graph().parse(data=negated, format="turtle"), rdflib.Graph())
    assert (EX + "link", RDF_TYPE) in value_reads(checks).added


def test_nodes_pointing_at_a_value_are_read_by_any_one_of_their_ways() -> None:
    text = (
        "SELECT ?this WHERE { ?this <http://example.org/q> ?v ; <http://example.org/s> ?w . "
        "FILTER NOT EXISTS { ?o <http://example.org/p> ?v ; <http://example.org/t> ?w ; "
        "<http://example.org/x> ?y } }"
    )
    found = query_reads(text)
    assert found.back == {
        Back(
            frozenset({(EX + "q", EX + "p"), (EX + "s", EX + "t")}),
            frozenset({EX + "p", EX + "t", EX + "x"}),
        )
    }
    assert not found.beyond


def test_a_shape_that_reads_values_of_values_is_refused() -> None:
    """Two steps from the node checked: the removal rule would miss it, so the compiler
    refuses it (extend the rule first)."""
    text = SHAPES_TTL.replace("sh:path ex:foo ; sh:minCount 1", "sh:path ex:foo ; sh:class ex:C")
    with pytest.raises(UnsupportedShape, match="values of values"):
        compile_shapes(rdflib.Graph().parse(data=text, format="turtle"), rdflib.Graph())


MEMBERSHIP = "https://w3id.org/akteursgraph/mitte/example/membership/p-yankibyrif5ghtge-in-maghreb-bruecke-moabit"
ORGANISATION = "https://w3id.org/akteursgraph/mitte/example/organisation/maghreb-bruecke-moabit"
STATEMENT = "https://w3id.org/akteursgraph/mitte/statement/maji-maji-krieg-end-1907"


def _agrees_with_whole(path: Path, change: Change) -> set[tuple[str, str | None, str]]:
    """The change's verdict, checked equal to whole-store validation with it applied."""
    validator = Validator.default()
    with Store.open(path) as store:
        before = violations(validator.validate_all(store))
        incremental = violations(validator.validate_change(store, change))
        store._apply(change)  # the reference needs the data inside; the copy is discarded
        whole = violations(validator.validate_all(store))
    assert incremental == whole - before
    return incremental


def test_removing_a_pointed_at_nodes_type_is_caught(example_store_path: Path) -> None:
    with Store.open(example_store_path) as store:
        typed = list(store.quads(ox.NamedNode(ORGANISATION), ox.NamedNode(RDF_TYPE)))
    assert typed
    found = _agrees_with_whole(example_store_path, Change(remove=typed))
    assert (MEMBERSHIP, ORG + "organization", "sh:ClassConstraintComponent") in found


def test_removing_the_triple_a_statement_asserts_is_caught(example_store_path: Path) -> None:
    with Store.open(example_store_path) as store:
        [row] = [
            (q.subject, q.predicate, q.object)
            for s in store.quads(ox.NamedNode(STATEMENT), ox.NamedNode(RDF + "subject"))
            for p in store.quads(ox.NamedNode(STATEMENT), ox.NamedNode(RDF + "predicate"))
            for q in store.quads(s.object, p.object)  # type: ignore[arg-type]
        ]
        plain = list(store.quads(*row))
    found = _agrees_with_whole(example_store_path, Change(remove=plain))
    assert any(node == STATEMENT and "StatementAssertedShape" in rule for node, _, rule in found)


def test_a_removal_no_check_of_the_pointing_node_reads_leaves_it_alone(
    example_store_path: Path,
) -> None:
    """A membership already broken (two organisations) is re-validated when its organisation
    loses its type, not when the organisation loses a label nothing of the membership reads."""
    membership, organisation = ox.NamedNode(MEMBERSHIP), ox.NamedNode(ORGANISATION)
    with Store.open(example_store_path) as store:
        [link] = store.quads(membership, ox.NamedNode(ORG + "organization"))
        other = ox.NamedNode(ORGANISATION.replace("maghreb-bruecke-moabit", "elsewhere"))
        kind = ox.NamedNode(ORG + "Organization")
        broken = Change(
            add=[
                ox.Quad(membership, link.predicate, other, link.graph_name),
                ox.Quad(other, ox.NamedNode(RDF_TYPE), kind, link.graph_name),
            ]
        )
        store._apply(broken)  # unvalidated on purpose: a defect the store had before
        labels = list(store.quads(organisation, ox.NamedNode(SKOS + "prefLabel")))
        typed = list(store.quads(organisation, ox.NamedNode(RDF_TYPE)))
        validator = Validator.default()
        unrelated = validator.validate_change(store, Change(remove=labels))
        assert labels and not any(f.node == MEMBERSHIP for f in unrelated.violations)
        related = validator.validate_change(store, Change(remove=typed))
        assert any(f.node == MEMBERSHIP and "MaxCount" in f.rule for f in related.violations), (
            related.render()
        )


def test_a_second_street_on_an_organisations_blank_node_address_is_refused(
    example_store_path: Path,
) -> None:
    """A change of the address alone (a blank node) re-checks the organisation whose shape
    limits the address to one street (`sh:node ags:PostalAddressShape`), as the whole store
    does. Found by the issue 11 audit (two editors' streets ended on one address)."""
    schema = "https://schema.org/"
    with Store.open(example_store_path) as store:
        graph = ox.NamedNode(store.graph_iri("public/street-test"))
        org = ox.NamedNode(store.base_iri + "organisation/street-test")
        staged = ox.Store()
        staged.load(
            f"""@prefix org: <{ORG}> . @prefix skos: <{SKOS}> . @prefix schema: <{schema}> .
            <{org.value}> a org:Organization ; skos:prefLabel "Straßentest"@de ;
              org:classification
                <https://w3id.org/akteursgraph/vocab/organisation-kind/initiative> ;
              schema:address [ a schema:PostalAddress ; schema:streetAddress "Erste Straße 1" ;
                               schema:postalCode "13353" ; schema:addressLocality "Berlin" ] .
            """.encode(),
            format=ox.RdfFormat.TURTLE,
            to_graph=graph,
        )
        store._apply(Change(add=list(staged)))
        [address] = store.quads(org, ox.NamedNode(schema + "address"))
    street = ox.NamedNode(schema + "streetAddress")
    added = ox.Quad(address.object, street, ox.Literal("Zweite Straße 2"), graph)  # type: ignore[arg-type]
    second = Change(add=[added])
    found = _agrees_with_whole(example_store_path, second)
    assert (org.value, schema + "address", "sh:NodeConstraintComponent") in found


def test_an_address_without_its_type_is_refused_for_that_reason(example_store_path: Path) -> None:
    """Walk: removing an organisation's address's `a schema:PostalAddress` (a blank node) was
    refused "schema:address: höchstens eine Anschrift", though it still had one address: a
    property shape's one message covers its every rule, so it names each of them."""
    schema = "https://schema.org/"
    org, postal = ox.NamedNode(ORG + "Organization"), ox.NamedNode(schema + "PostalAddress")
    with Store.open(example_store_path) as store:
        # An organisation's address: blank node ids, and so the engine's order, differ from
        # one load to the next, and the first typed address found may be a site's.
        owned = sorted(
            quad.subject.value
            for quad in store.quads(None, ox.NamedNode(schema + "address"))
            if isinstance(quad.object, ox.BlankNode)
            and any(store.quads(quad.subject, ox.NamedNode(RDF_TYPE), org))
        )
        assert owned
        address = next(
            q.object for q in store.quads(ox.NamedNode(owned[0]), ox.NamedNode(schema + "address"))
        )
        typed = list(store.quads(address, ox.NamedNode(RDF_TYPE), postal))
        assert typed
        report = Validator.default().validate_change(store, Change(remove=typed))
    [finding] = [f for f in report.violations if f.path == schema + "address"]
    assert "Postanschrift (schema:PostalAddress)" in finding.message_de, finding
    assert "postal address (schema:PostalAddress)" in finding.message_en, finding
