"""The actor network: who works with whom, through whom, on what, and how it grew.

The public graphs are read with a few bulk queries (`graph/queries/network/*.rq`) into one
`networkx.MultiDiGraph`; everything else (ego networks, paths, centrality, communities,
topic clusters, growth, exports) works on that graph in memory. Nothing here builds SPARQL
from input: a build's queries take no values, following a change binds the IRIs of its
quads (parsed by pyoxigraph), and IRIs chosen by a user are only looked up in the graph.

Nodes (id = IRI) carry `label_de`, `label_en`, `kind`, `iri`, `start`, `end`
(founding/birth/start and end/death, "" when unknown); `label(data, lang)` reads the label in
a language, and answers and exports carry it as `label`. One graph serves both languages.
Kinds: organisations, people (living, with publication consent only), projects, events,
topics, sites, historical-persons, historical-events.

Edges carry `kind`, `label_de`, `label_en`, `start`, `end` and `via` (the IRI of
the org:Membership, ag:Cooperation, ag:SiteNaming or speaker profile the link rests on, ""
when it is a direct statement):

    membership   member -> organisation          (via the membership; label = role)
    cooperation  partner <-> partner             (one edge per pair of partners of one
                                                  cooperation, oriented by IRI; label = its name)
    organiser    organisation -> event/project
    funder       organisation -> project
    performer    person -> event
    part_of      event -> project; partner -> project via a cooperation that is part of it
    unit_of      unit -> organisation            (org:unitOf, org:subOrganizationOf)
    topic        organisation/person/project/event -> topic; partner -> topic via a
                 cooperation on that topic; person -> topic via the speaker profile
    honours      site -> person/event            (via the naming; label = the name)
    venue        event -> site                   (schema:location: where it was held)

Internal data cannot enter: every query runs with `public_only=True`, and a living person is a
node only with `ag:publicationConsent dpv:ConsentGiven`; a link to anything that is not a node
is dropped.

The rooms of the package, each using only the public names of the others:

    kinds      the kinds of node and link, and the check of kinds asked for
    attributes the attributes of nodes and links: dicts that share their keys
    periods    partial dates, the point in time `as_of`, link filters, the network as of then
    build      reading the store in bulk and assembling the graph, labelled in both languages
    cache      NetworkCache: the built graph, following each write, and its figures
    follow     a committed change followed: its rows read again, the graph patched
    ego        ego networks, and the node and link shapes every answer shares
    paths      shortest paths between two actors
    wording    the steps of a path in German and English words
    analysis   centrality, articulation points, communities, shared topics, growth per year
    exports    GraphML, GEXF, CSV, JSON
    picture    the ego network made readable: lines per pair, folded leaves, communities

Everything a caller needs is importable from `akteursgraph.network` itself.
"""

from __future__ import annotations

from .analysis import (
    BETWEENNESS_SOURCES,
    SEED,
    TOP,
    TOPIC_PAIR_CANDIDATES,
    growth,
    organisation_projection,
    separated_groups,
    structure,
)
from .build import Network, build_network, label
from .cache import KEPT_FILE, NetworkCache
from .ego import MAX_DEPTH, ego_network
from .exports import EXPORT_FORMATS, csv_paths, export_chunks, export_network
from .kinds import EDGE_KINDS, NODE_KINDS, PATH_EDGE_KINDS, check_kinds
from .paths import MAX_PATHS, shortest_paths, without_links
from .periods import as_of_network, as_of_view, check_as_of
from .picture import FOLD_AT, lines_per_pair, readable_picture
from .wording import at_one_time

__all__ = [
    "BETWEENNESS_SOURCES",
    "EDGE_KINDS",
    "EXPORT_FORMATS",
    "FOLD_AT",
    "KEPT_FILE",
    "MAX_DEPTH",
    "MAX_PATHS",
    "NODE_KINDS",
    "PATH_EDGE_KINDS",
    "SEED",
    "TOP",
    "TOPIC_PAIR_CANDIDATES",
    "Network",
    "NetworkCache",
    "as_of_network",
    "as_of_view",
    "at_one_time",
    "build_network",
    "check_as_of",
    "check_kinds",
    "csv_paths",
    "ego_network",
    "export_chunks",
    "export_network",
    "growth",
    "label",
    "lines_per_pair",
    "organisation_projection",
    "readable_picture",
    "separated_groups",
    "shortest_paths",
    "structure",
    "without_links",
]
