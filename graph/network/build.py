"""Building the network from the store: a few bulk queries, then one graph for both languages.

The public graphs are read with the queries in `graph/queries/network/*.rq` into
`NetworkRows`; `assemble` turns those rows into a `networkx.MultiDiGraph` whose nodes and
links carry their labels in both languages (`label_de`, `label_en`; in dicts that
share their keys: `attributes`); answers choose one (`ego.node_dict`, `exports`). One
graph, not one per language: at the 1M district a graph is 90 MiB (109 MiB with plain
dicts as attributes), and following a change patched each of them. A build reads the public graphs
whole; following a change reads them bound to the IRIs it touched (`read_keyed`: a VALUES
clause of IRIs pyoxigraph parsed, never text a person typed), and the links of a row are
made by one function (`links_of`) for both, so that a followed change gives what a new
build gives.

Internal data cannot enter: every query runs with `public_only=True`, and a link to anything
that is not a node of the public network is dropped.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pyoxigraph as ox

from ..explore import pick_label
from ..languages import check_lang
from ..memory import one_copy
from ..resources import query
from ..store import Store
from .attributes import link_attributes, node_attributes
from .kinds import NODE_KINDS

#: The type of the network, named here so that callers (the web layer) need not import networkx.
Network = nx.MultiDiGraph

_ROLE_MEMBER = "https://w3id.org/akteursgraph/vocab/role/member"


#: A row of the network queries that links nodes, named by what identifies it: (table, ...).
#:   ("membership", via)                     an org:Membership
#:   ("cooperation", via)                    an ag:Cooperation (its partners pairwise)
#:   ("subject", entity, topic, via)         a topic statement (via: the speaker profile)
#:   ("activity", kind, source, target)      organiser, funder, performer, part_of, unit_of,
#:                                           venue
#:   ("naming", site, via, honoured)         a site naming honouring someone or something
RowRef = tuple[str, ...]
#: A link as the rows give it, in both languages: (source, target, key, data).
Link = tuple[str, str, str, dict[str, str]]

#: The activity kinds whose statement hangs from the target (`?target schema:organizer
#: ?source`); the others hang from the source. Rows are kept under that subject.
_FROM_TARGET = frozenset({"organiser", "funder", "performer"})


@dataclass
class NetworkRows:
    """The rows of the network queries, before a language is chosen.

    Every table is keyed by the resource whose statements make its entries (the subject of
    the triples, or for site namings and speaker profiles the site or person that has
    them), so that following a change replaces the entries of the resources it touched and
    nothing else (`akteursgraph.network.follow`). Sets are dicts (ordered, no duplicates).
    """

    kinds: dict[str, str] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    dates: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: membership -> (member, organisation, role or "")
    memberships: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    #: cooperation -> its partners, sorted
    partners: dict[str, list[str]] = field(default_factory=dict)
    #: entity -> {(topic, speaker profile or "")}
    subjects: dict[str, dict[tuple[str, str], None]] = field(default_factory=dict)
    #: subject of the statement -> {(kind, source, target)}
    activities: dict[str, dict[tuple[str, str, str], None]] = field(default_factory=dict)
    #: site -> {(naming, honoured)}
    namings: dict[str, dict[tuple[str, str], None]] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    """One network query: the `NetworkRows` field it fills, its `.rq` name, the variables
    whose values are the keys of its entries (a bounded read binds them), and its parser."""

    attribute: str
    query: str
    keys: tuple[str, ...]
    parse: Callable[[Iterable[tuple[Any, ...]]], dict[str, Any]]


def _iri(term: object) -> str | None:
    return one_copy(term.value) if isinstance(term, ox.NamedNode) else None


def _kinds(rows: Iterable[tuple[Any, ...]]) -> dict[str, str]:
    """node -> kind; a resource that qualifies twice gets the more specific kind."""
    kinds: dict[str, str] = {}
    rank = {kind: i for i, kind in enumerate(NODE_KINDS)}
    for node, kind_term in rows:
        node, kind = _iri(node), one_copy(kind_term.value)
        if node and (node not in kinds or rank[kind] < rank[kinds[node]]):
            kinds[node] = kind
    return kinds


def _labels(rows: Iterable[tuple[Any, ...]]) -> dict[str, dict[str, str]]:
    candidates: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for entity, label in rows:
        if isinstance(entity, ox.NamedNode) and isinstance(label, ox.Literal):
            language = one_copy(label.language) if label.language else ""
            candidates[one_copy(entity.value)][language].append(label.value)
    # The smallest of several labels in one language: a stable choice whatever the row order.
    return {e: {t: min(v) for t, v in by.items()} for e, by in candidates.items()}


def _dates(rows: Iterable[tuple[Any, ...]]) -> dict[str, tuple[str, str]]:
    starts: dict[str, list[str]] = defaultdict(list)
    ends: dict[str, list[str]] = defaultdict(list)
    for entity, which, date in rows:
        if isinstance(entity, ox.NamedNode):
            found = starts if which.value == "start" else ends
            found[one_copy(entity.value)].append(one_copy(date.value))
    return {
        entity: (
            min(starts[entity]) if starts.get(entity) else "",
            max(ends[entity]) if ends.get(entity) else "",
        )
        for entity in {**starts, **ends}
    }


def _memberships(rows: Iterable[tuple[Any, ...]]) -> dict[str, tuple[str, str, str]]:
    parts: dict[str, dict[str, str]] = defaultdict(dict)
    for via, member, organisation, role in rows:
        if isinstance(via, ox.NamedNode):
            for key, term in (("member", member), ("organisation", organisation), ("role", role)):
                if isinstance(term, ox.NamedNode):
                    # The smallest of several: the same whatever the order rows come in.
                    found = parts[via.value].get(key)
                    value = one_copy(term.value)
                    parts[one_copy(via.value)][key] = value if found is None else min(found, value)
    return {
        via: (found["member"], found["organisation"], found.get("role", ""))
        for via, found in parts.items()
        if "member" in found and "organisation" in found
    }


def _partners(rows: Iterable[tuple[Any, ...]]) -> dict[str, list[str]]:
    partners: dict[str, set[str]] = defaultdict(set)
    for via, partner in rows:
        if isinstance(via, ox.NamedNode) and isinstance(partner, ox.NamedNode):
            partners[one_copy(via.value)].add(one_copy(partner.value))
    return {via: sorted(p) for via, p in partners.items()}


def _subjects(rows: Iterable[tuple[Any, ...]]) -> dict[str, dict[tuple[str, str], None]]:
    subjects: dict[str, dict[tuple[str, str], None]] = defaultdict(dict)
    # One tuple for each (topic, profile): the topic statements without a profile name the
    # same few hundred topics again and again (4 MiB less at the 1M district).
    pairs: dict[tuple[str, str], tuple[str, str]] = {}
    for entity, topic, via in rows:
        if isinstance(entity, ox.NamedNode) and isinstance(topic, ox.NamedNode):
            pair = (one_copy(topic.value), _iri(via) or "")
            subjects[one_copy(entity.value)][pairs.setdefault(pair, pair)] = None
    return dict(subjects)


def activity_subject(kind: str, source: str, target: str) -> str:
    """The resource an activity statement hangs from (the key of its row)."""
    return target if kind in _FROM_TARGET else source


def _activities(rows: Iterable[tuple[Any, ...]]) -> dict[str, dict[tuple[str, str, str], None]]:
    activities: dict[str, dict[tuple[str, str, str], None]] = defaultdict(dict)
    for kind, source, target in rows:
        if isinstance(source, ox.NamedNode) and isinstance(target, ox.NamedNode):
            row = (one_copy(kind.value), one_copy(source.value), one_copy(target.value))
            activities[activity_subject(*row)][row] = None
    return dict(activities)


def _namings(rows: Iterable[tuple[Any, ...]]) -> dict[str, dict[tuple[str, str], None]]:
    namings: dict[str, dict[tuple[str, str], None]] = defaultdict(dict)
    for site, via, honoured in rows:
        if all(isinstance(t, ox.NamedNode) for t in (site, via, honoured)):
            namings[one_copy(site.value)][(one_copy(via.value), one_copy(honoured.value))] = None
    return dict(namings)


#: The tables in the order a build reads them. Site namings and speaker profiles are keyed
#: by the site and the person: a change of the naming or profile alone is followed by
#: re-reading its owner (`network/owners.rq`).
TABLES = (
    Table("kinds", "nodes", ("node",), _kinds),
    Table("labels", "labels", ("entity",), _labels),
    Table("dates", "dates", ("entity",), _dates),
    Table("memberships", "memberships", ("via",), _memberships),
    Table("partners", "cooperations", ("via",), _partners),
    Table("subjects", "subjects", ("entity",), _subjects),
    Table("activities", "activities", ("source", "target"), _activities),
    Table("namings", "namings", ("site",), _namings),
)


def _rows(
    store: Store, name: str, values: tuple[str, list[ox.NamedNode]] | None = None
) -> Iterator[tuple[Any, ...]]:
    """The rows of `network/NAME.rq` over the public graphs, as tuples in projection order
    (None where unbound); with `values`, only those whose variable has one of the values.
    Cheaper than `Store.select` dicts: at 100x the example (150,000 rows) that saves half a
    second of a build."""
    rows = store.rows(
        query(f"network/{name}"), values=values, public_only=True, max_rows=Store.SCAN_ROWS
    )
    yield from (tuple(row) for row in rows)


def read_rows(store: Store) -> NetworkRows:
    """Every row the network is built from, over the public graphs only."""
    return NetworkRows(**{t.attribute: t.parse(_rows(store, t.query)) for t in TABLES})


def read_keyed(store: Store, keys: list[ox.NamedNode]) -> NetworkRows:
    """The rows of the resources `keys` only (the entries a change of them may alter):
    each query bound to them (a VALUES clause of parsed IRIs, `Store.rows`)."""
    found = {}
    for table in TABLES:
        rows = itertools.chain.from_iterable(
            _rows(store, table.query, (variable, keys)) for variable in table.keys
        )
        found[table.attribute] = table.parse(rows)
    return NetworkRows(**found)


# ---- from rows to links ---------------------------------------------------------------------


def row_refs(raw: NetworkRows) -> Iterator[RowRef]:
    """Every linking row, in the order a build links them."""
    yield from (("membership", via) for via in raw.memberships)
    yield from (("cooperation", via) for via in raw.partners)
    for entity, found in raw.subjects.items():
        yield from (("subject", entity, topic, via) for topic, via in found)
    for found in raw.activities.values():
        yield from (("activity", *row) for row in found)
    for site, found in raw.namings.items():
        yield from (("naming", site, via, honoured) for via, honoured in found)


def keyed_refs(raw: NetworkRows, key: str) -> Iterator[RowRef]:
    """The linking rows kept under `key` (see `NetworkRows`)."""
    if key in raw.memberships:
        yield ("membership", key)
    if key in raw.partners:
        yield ("cooperation", key)
    yield from (("subject", key, topic, via) for topic, via in raw.subjects.get(key, ()))
    yield from (("activity", *row) for row in raw.activities.get(key, ()))
    yield from (("naming", key, via, honoured) for via, honoured in raw.namings.get(key, ()))


def holds(raw: NetworkRows, ref: RowRef) -> bool:
    """Whether `raw` has the row `ref`."""
    table = ref[0]
    if table == "membership":
        return ref[1] in raw.memberships
    if table == "cooperation":
        return ref[1] in raw.partners
    if table == "subject":
        return (ref[2], ref[3]) in raw.subjects.get(ref[1], {})
    if table == "activity":
        return ref[1:] in raw.activities.get(activity_subject(*ref[1:]), {})
    return (ref[2], ref[3]) in raw.namings.get(ref[1], {})


def depends_on(raw: NetworkRows, ref: RowRef) -> set[str]:
    """Every resource whose entries the links of `ref` are made from: the row's own, and
    the partners of a cooperation it stands for. A change of any of them may change them."""
    table = ref[0]
    if table == "membership":
        found = {ref[1], *raw.memberships[ref[1]]}
    elif table == "cooperation":
        found = {ref[1], *raw.partners[ref[1]]}
    elif table == "subject":
        found = {*ref[1:], *raw.partners.get(ref[1], ())}
    elif table == "activity":
        found = {ref[2], ref[3], *raw.partners.get(ref[2], ())}
    else:
        found = set(ref[1:])
    found.discard("")
    return found


def names_read(raw: NetworkRows, ref: RowRef) -> set[str]:
    """The resources whose labels or dates the links of `ref` carry (a role, a membership, a
    cooperation, a naming, or the event that dates an activity). Of every other resource the
    row reads only whether it is a node and of which kind: a change of its label alone does
    not change these links (renaming a topic relinks none of its thousands of links)."""
    table = ref[0]
    if table == "membership":
        found = {ref[1], raw.memberships[ref[1]][2]}
    elif table in ("cooperation", "naming"):
        found = {ref[1] if table == "cooperation" else ref[2]}
    elif table == "subject":
        found = {ref[1]} if ref[1] in raw.partners else set()
    else:
        found = {ref[2], ref[3]}
    found.discard("")
    return found


def node_data(raw: NetworkRows, iri: str) -> dict[str, str]:
    """The attributes of node `iri`, with its label in both languages."""
    de, en = _names(raw, iri)
    start, end = raw.dates.get(iri, ("", ""))
    return node_attributes(
        label_de=de, label_en=en, kind=raw.kinds[iri], iri=iri, start=start, end=end
    )


def _names(raw: NetworkRows, iri: str) -> tuple[str, str]:
    if not iri:
        return "", ""
    found = raw.labels.get(iri, {})
    return pick_label(found, "de", iri), pick_label(found, "en", iri)


def links_of(raw: NetworkRows, ref: RowRef) -> list[Link]:
    """The links the row `ref` makes (none where an end is not a node of the network)."""
    found: list[Link] = []

    def link(
        source: str,
        target: str,
        kind: str,
        *,
        via: str = "",
        dated: str = "",
        named: tuple[str, str] = ("", ""),
    ) -> None:
        if source == target or source not in raw.kinds or target not in raw.kinds:
            return  # a link to something outside the public network is not shown
        start, end = raw.dates.get(dated, ("", "")) if dated else ("", "")
        de, en = named
        data = link_attributes(kind=kind, label_de=de, label_en=en, start=start, end=end, via=via)
        found.append((source, target, one_copy(f"{kind} {via}".rstrip()), data))

    table = ref[0]
    if table == "membership":
        via = ref[1]
        member, organisation, role = raw.memberships[via]
        role_names = ("", "") if role in ("", _ROLE_MEMBER) else _names(raw, role)
        link(member, organisation, "membership", via=via, dated=via, named=role_names)
    elif table == "cooperation":
        via = ref[1]
        for a, b in itertools.combinations(raw.partners[via], 2):
            link(a, b, "cooperation", via=via, dated=via, named=_names(raw, via))
    elif table == "subject":
        _, entity, topic, via = ref
        if raw.kinds.get(topic) != "topics":
            pass
        elif entity in raw.kinds:
            link(entity, topic, "topic", via=via)
        elif entity in raw.partners:
            for partner in raw.partners[entity]:
                link(partner, topic, "topic", via=entity, dated=entity, named=_names(raw, entity))
    elif table == "activity":
        _, kind, source, target = ref
        if kind == "part_of" and source in raw.partners and source not in raw.kinds:
            # A cooperation inside a project: each partner takes part in the project.
            named = _names(raw, source)
            for partner in raw.partners[source]:
                link(partner, target, "part_of", via=source, dated=source, named=named)
        elif kind == "part_of":
            link(source, target, kind, dated=source)
        elif kind == "unit_of":
            link(source, target, kind)
        elif kind == "venue":  # dated by the event held there
            link(source, target, kind, dated=source)
        else:  # organiser, funder, performer: dated by the event or project
            link(source, target, kind, dated=target)
    else:
        _, site, via, honoured = ref
        link(site, honoured, "honours", via=via, dated=via, named=_names(raw, via))
    return found


def put_node(net: nx.MultiDiGraph, iri: str, data: dict[str, str]) -> None:
    """Add node `iri`, or replace its attributes, with `data` itself as its attributes
    (networkx would copy them into a dict of its own, without shared keys)."""
    if iri not in net:
        net.add_node(iri)
    net._node[iri] = data


def put_link(
    net: nx.MultiDiGraph, source: str, target: str, key: str, data: dict[str, str]
) -> None:
    """Add a link with `data` itself as its attributes: networkx would make a dict for it,
    so the link is added bare and `data` put in its place (in the key dict that the
    successors and predecessors share)."""
    net.add_edge(source, target, key=key)
    net._succ[source][target][key] = data


def assemble(raw: NetworkRows) -> nx.MultiDiGraph:
    """The network of `raw`, labelled in both languages (each with fallback to the other)."""
    net = nx.MultiDiGraph()
    for iri in raw.kinds:
        put_node(net, iri, node_data(raw, iri))
    # One attribute dict for all links with the same attributes: at the 1M district 90,400
    # for 205,717 links (most topic links are alike). Nothing changes a link's attributes in
    # place: a changed link is replaced (`follow._CopyOnWrite`).
    same: dict[tuple[str, ...], dict[str, str]] = {}
    for ref in row_refs(raw):
        for source, target, key, data in links_of(raw, ref):
            put_link(net, source, target, key, same.setdefault(tuple(data.values()), data))
    return net


def build_network(store: Store) -> nx.MultiDiGraph:
    """The public actor network, labelled in both languages, read in bulk."""
    return assemble(read_rows(store))


def label(data: Mapping[str, str], lang: str) -> str:
    """The label of a node or link (its attributes `data`) in `lang`."""
    return data[f"label_{check_lang(lang)}"]
