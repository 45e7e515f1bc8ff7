"""Entity documents as LodView serves them: what an IRI of ours answers, as a page or as RDF.

An entity's document is its public description (its statements and the blank nodes they lead
to, its Concise Bounded Description), the statements that link to it (incoming links, capped
at `INCOMING_CAP`), and the labels of everything it links to and is linked from, so that a
reader of the Turtle sees names, not only IRIs. A document IRI of a hash namespace (the
ontology) also describes the terms it defines (`ontology#Street`), because dereferencing
such a term fetches the document. A public named graph's IRI answers with a description of
the graph (`graph_document`).

Everything is read from the public graphs only (`public_only=True`): an internal statement
that points at a public entity is not in the dataset the queries see, so it cannot appear
as an incoming link or a label. Every query binds the entity (never splices it), and the
incoming links are read through the engine's object index (the object is bound).

Which IRIs are served where (`iri_for_path`, `path_for_iri`): IRIs under the base at their
path; the vocabulary (`VOCABULARY_PATHS` under `VOCABULARY_ROOT`) at `/ontology` and
`/vocab/...`, so that a redirect of the vocabulary's namespace to this server resolves too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from .namespaces import (
    DCTERMS,
    ONTOLOGY_IRI,
    PREFIXES,
    PROV,
    RDF_TYPE,
    RDFS,
    SCHEMA,
    SKOS,
    VOID,
    XSD,
)
from .publish.inference import describe, inferred_graph
from .resources import query
from .store import Store

RDF_TYPES: dict[str, tuple[str, ox.RdfFormat]] = {
    "ttl": ("text/turtle", ox.RdfFormat.TURTLE),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "rdf": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}

#: At most this many incoming links in an entity document (page and RDF); the document says
#: how many there are and links to a SPARQL query for all of them. A class or a topic can be
#: the object of 100,000 statements at the 1M district: without a cap its page would be huge.
INCOMING_CAP = 100
_START_DATE, _END_DATE = SCHEMA + "startDate", SCHEMA + "endDate"

#: The namespace root of the vocabulary (the ontology and the SKOS schemes), which is not
#: under a district's base IRI: one vocabulary serves every district.
VOCABULARY_ROOT = ONTOLOGY_IRI.rsplit("/", 1)[0] + "/"
#: Paths under `VOCABULARY_ROOT` that this server answers: the ontology document and the
#: SKOS schemes and concepts (`vocab/topics`, `vocab/topic/...`).
VOCABULARY_PATHS = ("ontology", "vocab/")


def iri_for_path(base_iri: str, path: str) -> str:
    """The IRI a path of this server stands for: the vocabulary's own paths (the ontology, its
    versions `ontology/0.3.3`, the SKOS schemes), else the base."""
    if path == VOCABULARY_PATHS[0] or path.startswith((VOCABULARY_PATHS[1], "ontology/")):
        return VOCABULARY_ROOT + path
    return base_iri + path


def versioned_document(store: Store, iri: str) -> str | None:
    """The document `iri` is a version IRI of (`owl:versionIRI`), if the public data says so:
    a version IRI dereferences to its document (the current version's)."""
    return store.derived("version-iris", lambda: _version_iris(store)).get(iri)


def _version_iris(store: Store) -> dict[str, str]:
    """Every version IRI of the public data with its document: a handful (the ontology's
    versions), kept until the next public write (`Store.derived`), because every entity page
    asks whether its IRI is one (a query of its own cost each cold page a tenth of a
    millisecond). A page that asked is not told what this read: its answer is a redirect,
    which is not kept, and a publication that makes a page's IRI a version IRI touches that
    IRI, which the page noted with its statements."""
    found: dict[str, str] = {}
    for row in store.select(query("linked-data/version-iris"), public_only=True):
        found.setdefault(row["version"].value, row["document"].value)
    return found


def path_for_iri(base_iri: str, iri: str) -> str | None:
    """The path (with leading '/') at which this server answers `iri`, or None.

    None for IRIs outside the base and the vocabulary (they have a page at `/entity?iri=`
    when the public graphs describe them) and for hash IRIs (`ontology#Street`: the page of
    the document describes them)."""
    if "#" in iri:
        return None
    for root in (base_iri, VOCABULARY_ROOT):
        if iri.startswith(root) and len(iri) > len(root):
            path = iri[len(root) :]
            if iri_for_path(base_iri, path) == iri:
                return "/" + path
    return None


# ---- incoming links ------------------------------------------------------------------------


@dataclass
class IncomingLinks:
    """The public statements that link to one entity, as far as the cap lets them in."""

    #: (subject, predicate) of each link shown, in the order the engine gave them.
    links: list[tuple[str, str]] = field(default_factory=list)
    #: The label candidates of each subject shown: (label property, label).
    labels: dict[str, list[tuple[str, ox.Literal]]] = field(default_factory=dict)
    #: How many links there are in all (the document shows at most the cap).
    total: int = 0
    #: The date of each subject shown that has one (schema:startDate, as recorded).
    dates: dict[str, str] = field(default_factory=dict)
    #: The end of each subject shown that has one (schema:endDate): a naming 1910-2022.
    ends: dict[str, str] = field(default_factory=dict)
    #: The rdf:types of each subject shown: whether its one date is a day or a beginning.
    types: dict[str, set[str]] = field(default_factory=dict)

    @property
    def more(self) -> bool:
        return self.total > len(self.links)


def incoming(store: Store, iri: str, *, cap: int = INCOMING_CAP) -> IncomingLinks:
    """The statements whose object is `iri` (IRI subjects only), at most `cap` of them."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return IncomingLinks()
    found = IncomingLinks()
    seen: set[tuple[str, str]] = set()
    bindings = {"entity": node}
    # Streamed: reading stops at the first row past the cap, so a hub costs the cap.
    for row in store.rows(query("linked-data/incoming"), bindings=bindings, public_only=True):
        link = (row["subject"].value, row["predicate"].value)
        if link not in seen:
            if len(seen) == cap:
                break
            seen.add(link)
            found.links.append(link)
        label, said_by = row["label"], row["labelProperty"]
        if said_by is not None and said_by.value == RDF_TYPE:
            if isinstance(label, ox.NamedNode):
                found.types.setdefault(link[0], set()).add(label.value)
        elif isinstance(label, ox.Literal) and said_by.value == _START_DATE:
            found.dates.setdefault(link[0], label.value)
        elif isinstance(label, ox.Literal) and said_by.value == _END_DATE:
            found.ends.setdefault(link[0], label.value)
        elif isinstance(label, ox.Literal):
            candidates = found.labels.setdefault(link[0], [])
            if (row["labelProperty"].value, label) not in candidates:
                candidates.append((row["labelProperty"].value, label))
    if len(found.links) < cap:
        found.total = len(found.links)
    else:
        counted = store.select(
            query("linked-data/incoming-count"), bindings=bindings, public_only=True
        )
        # Counted per graph: a link stated in two graphs counts twice, never fewer than shown.
        found.total = max(len(found.links), int(counted[0]["links"].value) if counted else 0)
    return found


def incoming_query(iri: str) -> str:
    """SPARQL for every incoming link of `iri`: what a document's "more …" link runs.

    The IRI is parsed first and written in its N-Triples form, so it cannot end the IRI
    early or add text to the query."""
    node = ox.NamedNode(iri)
    return (
        "SELECT ?subject ?predicate ?label WHERE {\n"
        f"  ?subject ?predicate {node} .\n"  # sparql-from: ox.NamedNode(iri), a parsed IRI
        "  FILTER(?predicate NOT IN (rdf:subject, rdf:predicate, rdf:object))\n"
        "  OPTIONAL { ?subject rdfs:label|skos:prefLabel|schema:name ?label }\n"
        "}\nORDER BY ?predicate ?subject\nLIMIT 1000\n"
    )


def graph_content_query(iri: str) -> str:
    """SPARQL CONSTRUCT for the content of one named graph (a public graph's "content" link)."""
    node = ox.NamedNode(iri)
    return (
        "CONSTRUCT { ?s ?p ?o } WHERE {\n"
        f"  GRAPH {node} {{ ?s ?p ?o }}\n"  # sparql-from: ox.NamedNode(iri), a parsed IRI
        "}\n"
    )


# ---- documents -----------------------------------------------------------------------------


def public_description(store: Store, iri: str) -> list[ox.Triple]:
    """The entity's public statements (with its blank nodes), each triple once."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return []
    return list(dict.fromkeys(q.triple for q in store.description(node, public_only=True)))


def document(store: Store, iri: str) -> list[ox.Triple]:
    """The RDF twin of an entity's page, each triple once; empty when it has no public
    statement (the twin then answers 404, as the page does).

    Its description; for a hash-namespace document (the ontology), the descriptions of the
    terms it defines; the incoming links (capped); and the rdfs:label, skos:prefLabel and
    schema:name of every resource it links to or is linked from."""
    own = public_description(store, iri)
    if not own:
        return []
    node = ox.NamedNode(iri)
    triples = dict.fromkeys(own)
    for term in defined_terms(store, iri):
        triples.update(dict.fromkeys(public_description(store, term)))
    links = incoming(store, iri)
    for subject, predicate in links.links:
        triples[ox.Triple(ox.NamedNode(subject), ox.NamedNode(predicate), node)] = None
    for subject, labels in links.labels.items():
        for prop, label in labels:
            triples[ox.Triple(ox.NamedNode(subject), ox.NamedNode(prop), label)] = None
    for row in store.select(
        query("linked-data/outgoing-labels"), bindings={"entity": node}, public_only=True
    ):
        triples[ox.Triple(row["value"], row["labelProperty"], row["label"])] = None  # type: ignore[arg-type]
    return list(triples)


def defined_terms(store: Store, iri: str) -> list[str]:
    """The hash IRIs (`{iri}#...`) that declare `rdfs:isDefinedBy <iri>` in the public data."""
    if "#" in iri:
        return []
    return sorted(
        {t for t in (r["term"].value for r in _defined_rows(store, iri)) if t.startswith(iri + "#")}
    )


def defined_term_texts(store: Store, iri: str) -> dict[str, dict[str, dict[str, str]]]:
    """The labels and comments of the terms a hash-namespace document defines:
    term -> "label"/"comment" -> language tag -> text (first one per language)."""
    texts: dict[str, dict[str, dict[str, str]]] = {}
    label_props = {RDFS + "label", SKOS + "prefLabel"}
    for row in _defined_rows(store, iri):
        term, text = row["term"].value, row["text"]
        if not term.startswith(iri + "#") or not isinstance(text, ox.Literal):
            continue
        kind = "label" if row["property"].value in label_props else "comment"
        texts.setdefault(term, {"label": {}, "comment": {}})[kind].setdefault(
            text.language or "", text.value
        )
    return texts


def _defined_rows(store: Store, iri: str) -> list[dict]:
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return []
    return store.select(
        query("linked-data/defined-terms"), bindings={"entity": node}, public_only=True
    )


def serialize(triples: Iterable[ox.Triple], fmt: str) -> tuple[bytes, str]:
    media, rdf_format = RDF_TYPES[fmt]
    prefixes = PREFIXES if rdf_format == ox.RdfFormat.TURTLE else None
    return ox.serialize(list(triples), format=rdf_format, prefixes=prefixes) or b"", media


# ---- graph IRIs ----------------------------------------------------------------------------


@dataclass
class GraphDocument:
    """What a public named graph's IRI answers: its description, and the same as RDF."""

    iri: str
    #: Its triples, counted (None: not counted here; the inferred graph's live in the mirror).
    triples: int | None
    #: The load records: file (title), time and size of each load into the graph, newest first.
    loads: list[dict[str, str | None]]
    #: The graph's own public statements (a label, a description), if it has any:
    #: predicate, value, whether the value is an IRI, its language.
    statements: list[dict[str, Any]]
    #: Its labels (rdfs:label, skos:prefLabel, dcterms:title) by language tag.
    labels: dict[str, str]
    #: SPARQL that returns the graph's content.
    content_query: str
    rdf: list[ox.Triple]
    #: Derived, not loaded (the inferred graph): its statements say from what and how.
    derived: bool = False


def graph_document(store: Store, iri: str, *, sparql_endpoint: str) -> GraphDocument | None:
    """The description of a public named graph, or None for any other IRI (an internal
    graph's IRI included: it answers 404 like an unknown one).

    `sparql_endpoint` is where the content query runs (the web layer knows its address).
    The triple count reads the whole graph's index range: the caller keeps the answer until
    the next publication."""
    if iri == inferred_graph(store.base_iri).value:
        return _inferred_document(store, iri, sparql_endpoint)
    if iri not in store.public_graphs():
        return None
    node = ox.NamedNode(iri)
    counted = store.select(
        query("linked-data/graph-triples"), bindings={"graph": node}, public_only=True
    )
    count = int(counted[0]["triples"].value) if counted else 0
    loads_rows = store.select(
        query("linked-data/graph-loads"), bindings={"graph": node}, public_only=True
    )
    activities = sorted(
        {r["activity"].value for r in loads_rows if isinstance(r["activity"], ox.NamedNode)}
    )
    loads = sorted(
        (
            {
                "activity": r["activity"].value,
                "title": _value(r.get("title")),
                "time": _value(r.get("time")),
                "extent": _value(r.get("extent")),
            }
            for r in {r["activity"].value: r for r in loads_rows}.values()
        ),
        key=lambda load: load["time"] or "",
        reverse=True,
    )
    own = public_description(store, iri)
    content = graph_content_query(iri)
    endpoint = ox.NamedNode(sparql_endpoint)
    rdf = dict.fromkeys(own)
    rdf[ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(VOID + "Dataset"))] = None
    rdf[
        ox.Triple(
            node,
            ox.NamedNode(VOID + "triples"),
            ox.Literal(str(count), datatype=ox.NamedNode(XSD + "integer")),
        )
    ] = None
    rdf[ox.Triple(node, ox.NamedNode(VOID + "sparqlEndpoint"), endpoint)] = None
    for activity in activities:
        rdf.update(dict.fromkeys(public_description(store, activity)))
        rdf[ox.Triple(ox.NamedNode(activity), ox.NamedNode(PROV + "generated"), node)] = None
    return GraphDocument(
        iri=iri,
        triples=count,
        loads=loads,
        statements=_shown(own),
        labels=_graph_labels(own),
        content_query=content,
        rdf=list(rdf),
    )


_GRAPH_LABELS = (RDFS + "label", SKOS + "prefLabel", DCTERMS + "title")


def _shown(own: Iterable[ox.Triple]) -> list[dict[str, Any]]:
    """A graph's own statements as its page lists them (values on blank nodes are left out:
    they have no name to show)."""
    return [
        {
            "predicate": t.predicate.value,
            "value": t.object.value,
            "is_iri": isinstance(t.object, ox.NamedNode),
            "lang": t.object.language if isinstance(t.object, ox.Literal) else None,
        }
        for t in own
        if not isinstance(t.object, ox.BlankNode)
    ]


def _graph_labels(own: list[ox.Triple]) -> dict[str, str]:
    """A graph's labels by language tag, the first stated of each kept."""
    return {
        (t.object.language or ""): t.object.value
        for t in reversed(own)
        if t.predicate.value in _GRAPH_LABELS and isinstance(t.object, ox.Literal)
    }


def _inferred_document(store: Store, iri: str, sparql_endpoint: str) -> GraphDocument:
    """The inferred graph's description: what it says about itself (`inference.describe`:
    what it is, by which rules, from which graphs). The service description names it, and
    its IRI answered 404 (researcher's walk). It lives in the public mirror only, so its
    size is not counted here: /sparql answers it."""
    node = ox.NamedNode(iri)
    own = [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in describe(node, [ox.NamedNode(g) for g in store.public_graphs()])
    ]
    about = [t for t in own if t.subject == node]
    rdf = [
        *own,
        ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(VOID + "Dataset")),
        ox.Triple(node, ox.NamedNode(VOID + "sparqlEndpoint"), ox.NamedNode(sparql_endpoint)),
    ]
    return GraphDocument(
        iri=iri,
        triples=None,
        loads=[],
        statements=_shown(about),
        labels=_graph_labels(about),
        content_query=graph_content_query(iri),
        rdf=rdf,
        derived=True,
    )


def _value(term: object) -> str | None:
    return term.value if isinstance(term, ox.Literal | ox.NamedNode) else None
