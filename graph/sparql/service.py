"""The SPARQL 1.1 Service Description of the public endpoint (what `/sparql` answers to a
client that sends no query): https://www.w3.org/TR/sparql11-service-description/"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from ..namespaces import PREFIXES, RDFS, VOID
from ..publish.description import CATALOG_PATH, VOID_PATH, dataset_iri
from ..publish.inference import inferred_graph
from ..store import Store
from .results import GRAPH_FORMATS

SD = "http://www.w3.org/ns/sparql-service-description#"
W3_FORMATS = "http://www.w3.org/ns/formats/"
FORMAT_IRIS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)
#: How the description's statements are made: subject, predicate IRI, object.
Statement = Callable[[object, str, object], ox.Triple]
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_TITLE = "http://purl.org/dc/terms/title"
_SEE_ALSO = "http://www.w3.org/2000/01/rdf-schema#seeAlso"


def service_description(
    store: Store, endpoint: str, graph_format: str = "ttl", *, site: str | None = None
) -> bytes:
    """The description in one of the graph formats of `GRAPH_FORMATS`: the endpoint, its
    result formats, and the public named graphs as the dataset's named graphs.

    The default dataset is the dataset the catalogue and VoID describe (same IRI), and
    points at both descriptions on `site` (the root URL; default: the endpoint's folder).
    The inferred graph is one of its named graphs, described as such: its RDFS entailments
    are materialised, so the endpoint needs no entailment regime at query time (which is what
    `sd:entailmentRegime` would announce) and none is claimed.
    """
    service, default = ox.BlankNode(), ox.BlankNode()
    dataset = ox.NamedNode(dataset_iri(store))
    root = (site or endpoint.rsplit("/", 1)[0] + "/").rstrip("/")

    def t(s: object, p: str, o: object) -> ox.Triple:
        return ox.Triple(s, ox.NamedNode(p), o)  # type: ignore[arg-type]

    triples = [
        t(service, _RDF_TYPE, ox.NamedNode(SD + "Service")),
        t(service, SD + "endpoint", ox.NamedNode(endpoint)),
        t(service, SD + "supportedLanguage", ox.NamedNode(SD + "SPARQL11Query")),
        t(service, SD + "feature", ox.NamedNode(SD + "UnionDefaultGraph")),
        t(service, SD + "defaultDataset", dataset),
        t(dataset, _RDF_TYPE, ox.NamedNode(SD + "Dataset")),
        t(dataset, SD + "defaultGraph", default),
        t(dataset, _RDF_TYPE, ox.NamedNode(VOID + "Dataset")),
        t(dataset, VOID + "sparqlEndpoint", ox.NamedNode(endpoint)),
        t(dataset, _SEE_ALSO, ox.NamedNode(root + VOID_PATH)),
        t(dataset, _SEE_ALSO, ox.NamedNode(root + CATALOG_PATH)),
        t(service, _SEE_ALSO, ox.NamedNode(root + CATALOG_PATH)),
        t(default, _RDF_TYPE, ox.NamedNode(SD + "Graph")),
        t(service, _TITLE, ox.Literal("Akteursgraph: öffentlicher SPARQL-Endpunkt", language="de")),
        t(service, _TITLE, ox.Literal("Akteursgraph: public SPARQL endpoint", language="en")),
    ]
    for name in FORMAT_IRIS:
        triples.append(t(service, SD + "resultFormat", ox.NamedNode(W3_FORMATS + name)))
    for g in store.public_graphs():
        named = ox.BlankNode()
        triples += [
            t(dataset, SD + "namedGraph", named),
            t(named, _RDF_TYPE, ox.NamedNode(SD + "NamedGraph")),  # as the inferred one is
            t(named, SD + "name", ox.NamedNode(g)),
        ]
    triples += _inferred(store, dataset, default, t)
    rdf_format = GRAPH_FORMATS[graph_format][2]
    prefixes = (
        {"sd": SD, "dcterms": PREFIXES["dcterms"], "void": VOID, "rdfs": PREFIXES["rdfs"]}
        if graph_format == "ttl"
        else None
    )
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b""


_INFERRED_DE = (
    "Abgeleitete Aussagen, nicht erfasst: die Oberklassen jedes Typs (rdfs:subClassOf, Regel "
    "rdfs9) und die Obereigenschaften jeder Aussage (rdfs:subPropertyOf, Regel rdfs7) der "
    "öffentlichen Daten, mit jeder Veröffentlichung nachgeführt. ?x a ag:ColonialHistorySite "
    "findet so auch Straßen und Plätze."
)
_INFERRED_EN = (
    "Inferred statements, not recorded: the super-classes of each type (rdfs:subClassOf, rule "
    "rdfs9) and the super-properties of each statement (rdfs:subPropertyOf, rule rdfs7) of the "
    "public data, kept in step with each publication. So ?x a ag:ColonialHistorySite also "
    "finds streets and squares."
)


def _inferred(
    store: Store, dataset: ox.NamedNode, default: ox.BlankNode, t: Statement
) -> list[ox.Triple]:
    """The inferred graph as a named graph with what it holds, and the default graph (the
    union of all named graphs) said to include it."""
    named, graph = ox.BlankNode(), ox.BlankNode()
    comment = RDFS + "comment"
    return [
        t(dataset, SD + "namedGraph", named),
        t(named, _RDF_TYPE, ox.NamedNode(SD + "NamedGraph")),
        t(named, SD + "name", inferred_graph(store.base_iri)),
        t(named, SD + "graph", graph),
        t(graph, _RDF_TYPE, ox.NamedNode(SD + "Graph")),
        t(named, comment, ox.Literal(_INFERRED_DE, language="de")),
        t(named, comment, ox.Literal(_INFERRED_EN, language="en")),
        t(default, comment, ox.Literal(
            "Die Vereinigung aller benannten Graphen, auch des abgeleiteten.", language="de")),
        t(default, comment, ox.Literal(
            "The union of all named graphs, the inferred graph included.", language="en")),
    ]  # fmt: skip
