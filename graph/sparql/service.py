"""The SPARQL 1.1 Service Description of the public endpoint (what `/sparql` answers to a
client that sends no query): https://www.w3.org/TR/sparql11-service-description/"""

from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import PREFIXES
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
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_TITLE = "http://purl.org/dc/terms/title"


def service_description(store: Store, endpoint: str, graph_format: str = "ttl") -> bytes:
    """The description in one of the graph formats of `GRAPH_FORMATS`: the endpoint, its
    result formats, and the public named graphs as the dataset's named graphs."""
    service, dataset, default = ox.BlankNode(), ox.BlankNode(), ox.BlankNode()

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
        t(default, _RDF_TYPE, ox.NamedNode(SD + "Graph")),
        t(service, _TITLE, ox.Literal("Akteursgraph: öffentlicher SPARQL-Endpunkt", language="de")),
        t(service, _TITLE, ox.Literal("Akteursgraph: public SPARQL endpoint", language="en")),
    ]
    for name in FORMAT_IRIS:
        triples.append(t(service, SD + "resultFormat", ox.NamedNode(W3_FORMATS + name)))
    for g in store.public_graphs():
        named = ox.BlankNode()
        triples += [t(dataset, SD + "namedGraph", named), t(named, SD + "name", ox.NamedNode(g))]
    rdf_format = GRAPH_FORMATS[graph_format][2]
    prefixes = {"sd": SD, "dcterms": PREFIXES["dcterms"]} if graph_format == "ttl" else None
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b""
