"""The actor network: who works with whom, through whom, on what, and how it grew.

The public graphs are read with a few bulk queries (`graph/queries/network/*.rq`) into one
`networkx.MultiDiGraph`; everything else (ego networks, paths, centrality, communities,
topic clusters, growth, exports) works on that graph in memory. Nothing here builds SPARQL
from input: the queries take no values at all, and IRIs chosen by a user are only looked up
in the graph.

Nodes (id = IRI) carry `label` (in the language the network was built for), `label_de`,
`label_en`, `kind`, `iri`, `start`, `end` (founding/birth/start and end/death, "" when
unknown). Kinds: organisations, people (living, with publication consent only), projects,
events, topics, sites, historical-persons, historical-events.

Edges carry `kind`, `label` (+ `label_de`, `label_en`), `start`, `end` and `via` (the IRI of
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

Internal data cannot enter: every query runs with `public_only=True`, and a living person is a
node only with `ag:publicationConsent dpv:ConsentGiven`; a link to anything that is not a node
is dropped.
"""

from __future__ import annotations

import csv
import heapq
import io
import itertools
import json
import re
import threading
import time
import weakref
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import networkx as nx
import pyoxigraph as ox

from .errors import UsageError
from .explore import (
    is_current,
    pick_label,
    sort_key,
)
from .languages import check_lang
from .resources import query
from .store import Store

# ---- vocabulary of the network ------------------------------------------------------------

#: Node kinds. When a resource qualifies for two (a historical event is also an event), the
#: one listed first wins.
NODE_KINDS: tuple[str, ...] = (
    "historical-persons",
    "historical-events",
    "organisations",
    "people",
    "projects",
    "events",
    "sites",
    "topics",
)
EDGE_KINDS: tuple[str, ...] = (
    "membership",
    "cooperation",
    "organiser",
    "funder",
    "performer",
    "part_of",
    "unit_of",
    "topic",
    "honours",
)
#: Links a path may use by default. Two actors who work on the same topic do not thereby know
#: each other, so "through whom could we reach X" does not walk through topics unless asked.
PATH_EDGE_KINDS: tuple[str, ...] = tuple(k for k in EDGE_KINDS if k != "topic")
EXPORT_FORMATS: tuple[str, ...] = ("graphml", "gexf", "csv", "json")
MAX_DEPTH = 3
MAX_PATHS = 10
TOP = 20
SEED = 20_261_125
#: Betweenness is exact (every organisation a source of shortest paths) up to this many
#: organisations, and above estimated from this many sampled sources (networkx's `k`, fixed
#: seed): its cost grows with sources x links. At 100x the example (4,000 organisations,
#: 14,700 links) exact took 49 s, 300 sources about 3 s.
BETWEENNESS_SOURCES = 300
#: Pairs of organisations sharing topics are searched among this many organisations with the
#: most topics (a pair sharing s topics needs s topics each, so the best pairs are there).
TOPIC_PAIR_CANDIDATES = 400

_AS_OF = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_DATE_PART = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_INSTANT_KINDS = frozenset({"events", "historical-events"})
_EDGE_PRIORITY = {
    kind: i
    for i, kind in enumerate(
        (
            "cooperation",
            "membership",
            "unit_of",
            "organiser",
            "funder",
            "part_of",
            "performer",
            "honours",
            "topic",
        )
    )
}
_ROLE_MEMBER = "https://w3id.org/akteursgraph/vocab/role/member"


# ---- reading the store --------------------------------------------------------------------


@dataclass
class _Raw:
    """The rows of the network queries, before a language is chosen."""

    kinds: dict[str, str] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    dates: dict[str, tuple[str, str]] = field(default_factory=dict)
    memberships: list[tuple[str, str, str, str]] = field(default_factory=list)
    partners: dict[str, list[str]] = field(default_factory=dict)
    subjects: list[tuple[str, str, str]] = field(default_factory=list)
    activities: list[tuple[str, str, str]] = field(default_factory=list)
    namings: list[tuple[str, str, str]] = field(default_factory=list)


def _iri(term: object) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


def _rows(store: Store, name: str) -> Iterator[tuple[Any, ...]]:
    """The rows of `network/NAME.rq` over the public graphs, as tuples in projection order
    (None where unbound). Cheaper than `Store.select` dicts: at 100x the example (150,000
    rows) that saves half a second of a build."""
    yield from (tuple(row) for row in store.query(query(f"network/{name}"), public_only=True))


def _fetch(store: Store) -> _Raw:
    raw = _Raw()

    rank = {kind: i for i, kind in enumerate(NODE_KINDS)}
    for node, kind_term in _rows(store, "nodes"):
        node, kind = _iri(node), kind_term.value
        if node and (node not in raw.kinds or rank[kind] < rank[raw.kinds[node]]):
            raw.kinds[node] = kind

    candidates: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for entity, label in _rows(store, "labels"):
        if isinstance(entity, ox.NamedNode) and isinstance(label, ox.Literal):
            candidates[entity.value][label.language or ""].append(label.value)
    # The smallest of several labels in one language: a stable choice whatever the row order.
    raw.labels = {e: {t: min(v) for t, v in by.items()} for e, by in candidates.items()}

    starts: dict[str, list[str]] = defaultdict(list)
    ends: dict[str, list[str]] = defaultdict(list)
    for entity, which, date in _rows(store, "dates"):
        if isinstance(entity, ox.NamedNode):
            (starts if which.value == "start" else ends)[entity.value].append(date.value)
    for entity in set(starts) | set(ends):
        raw.dates[entity] = (
            min(starts[entity]) if starts.get(entity) else "",
            max(ends[entity]) if ends.get(entity) else "",
        )

    parts: dict[str, dict[str, str]] = defaultdict(dict)
    for via, member, organisation, role in _rows(store, "memberships"):
        if isinstance(via, ox.NamedNode):
            for key, term in (("member", member), ("organisation", organisation), ("role", role)):
                if isinstance(term, ox.NamedNode):
                    parts[via.value].setdefault(key, term.value)
    for via, found in parts.items():
        if "member" in found and "organisation" in found:
            raw.memberships.append(
                (via, found["member"], found["organisation"], found.get("role", ""))
            )

    partners: dict[str, set[str]] = defaultdict(set)
    for via, partner in _rows(store, "cooperations"):
        if isinstance(via, ox.NamedNode) and isinstance(partner, ox.NamedNode):
            partners[via.value].add(partner.value)
    raw.partners = {via: sorted(p) for via, p in partners.items()}
    for entity, topic, via in _rows(store, "subjects"):
        if isinstance(entity, ox.NamedNode) and isinstance(topic, ox.NamedNode):
            raw.subjects.append((entity.value, topic.value, _iri(via) or ""))
    for kind, source, target in _rows(store, "activities"):
        if isinstance(source, ox.NamedNode) and isinstance(target, ox.NamedNode):
            raw.activities.append((kind.value, source.value, target.value))
    for site, via, honoured in _rows(store, "namings"):
        if all(isinstance(t, ox.NamedNode) for t in (site, via, honoured)):
            raw.namings.append((site.value, via.value, honoured.value))
    return raw


def _assemble(raw: _Raw, lang: str) -> nx.MultiDiGraph:
    net = nx.MultiDiGraph(lang=lang)

    def names(iri: str) -> tuple[str, str]:
        if not iri:
            return "", ""
        found = raw.labels.get(iri, {})
        return pick_label(found, "de", iri), pick_label(found, "en", iri)

    for iri, kind in raw.kinds.items():
        de, en = names(iri)
        start, end = raw.dates.get(iri, ("", ""))
        net.add_node(
            iri,
            label=de if lang == "de" else en,
            label_de=de,
            label_en=en,
            kind=kind,
            iri=iri,
            start=start,
            end=end,
        )

    def link(
        source: str,
        target: str,
        kind: str,
        *,
        via: str = "",
        dated: str = "",
        named: tuple[str, str] = ("", ""),
    ) -> None:
        if source == target or source not in net or target not in net:
            return  # a link to something outside the public network is not shown
        start, end = raw.dates.get(dated, ("", "")) if dated else ("", "")
        de, en = named
        net.add_edge(
            source,
            target,
            key=f"{kind} {via}".rstrip(),
            kind=kind,
            label=de if lang == "de" else en,
            label_de=de,
            label_en=en,
            start=start,
            end=end,
            via=via,
        )

    for via, member, organisation, role in raw.memberships:
        role_names = ("", "") if role in ("", _ROLE_MEMBER) else names(role)
        link(member, organisation, "membership", via=via, dated=via, named=role_names)

    for via, partners in raw.partners.items():
        for a, b in itertools.combinations(partners, 2):
            link(a, b, "cooperation", via=via, dated=via, named=names(via))

    for entity, topic, via in raw.subjects:
        if raw.kinds.get(topic) != "topics":
            continue
        if entity in raw.kinds:
            link(entity, topic, "topic", via=via)
        elif entity in raw.partners:
            for partner in raw.partners[entity]:
                link(partner, topic, "topic", via=entity, dated=entity, named=names(entity))

    for kind, source, target in raw.activities:
        if kind == "part_of" and source in raw.partners and source not in raw.kinds:
            # A cooperation inside a project: each partner takes part in the project.
            for partner in raw.partners[source]:
                link(partner, target, "part_of", via=source, dated=source, named=names(source))
        elif kind == "part_of":
            link(source, target, kind, dated=source)
        elif kind == "unit_of":
            link(source, target, kind)
        else:  # organiser, funder, performer: dated by the event or project
            link(source, target, kind, dated=target)

    for site, via, honoured in raw.namings:
        link(site, honoured, "honours", via=via, dated=via, named=names(via))
    return net


def build_network(store: Store, lang: str = "de") -> nx.MultiDiGraph:
    """The public actor network, labelled in `lang` (with fallback), read in bulk."""
    check_lang(lang)
    return _assemble(_fetch(store), lang)


# ---- the cache ----------------------------------------------------------------------------


class NetworkCache:
    """The built network and its derived figures, kept until `invalidate()`.

    The web app holds one per store and calls `invalidate()` after every write; the next
    reader rebuilds (reading the store once for both languages). Safe to share between
    threads: one lock guards building, the built objects are only read afterwards.
    """

    def __init__(self, store: Store | Callable[[], Store]) -> None:
        self._store = store
        self._lock = threading.RLock()
        self._raw: _Raw | None = None
        self._graphs: dict[str, nx.MultiDiGraph] = {}
        self._structure: dict[str, dict[str, Any]] = {}
        self._growth: list[dict[str, Any]] | None = None
        self.version = 0
        self.build_seconds: float | None = None

    def _source(self) -> Store:
        return self._store if isinstance(self._store, Store) else self._store()

    def invalidate(self) -> None:
        with self._lock:
            self._raw = None
            self._graphs.clear()
            self._structure.clear()
            self._growth = None
            self.version += 1

    def graph(self, lang: str = "de") -> nx.MultiDiGraph:
        check_lang(lang)
        with self._lock:
            if lang not in self._graphs:
                began = time.perf_counter()
                if self._raw is None:
                    self._raw = _fetch(self._source())
                self._graphs[lang] = _assemble(self._raw, lang)
                self.build_seconds = time.perf_counter() - began
            return self._graphs[lang]

    def structure(self, lang: str = "de") -> dict[str, Any]:
        with self._lock:
            if lang not in self._structure:
                self._structure[lang] = structure(self.graph(lang), lang)
            return self._structure[lang]

    def growth(self) -> list[dict[str, Any]]:
        with self._lock:
            if self._growth is None:
                self._growth = growth(self.graph("de"))
            return self._growth


# ---- filters ------------------------------------------------------------------------------


def _day_part(date: str) -> str:
    """The year, year-month or date at the start of an xsd date value (no time zone)."""
    found = _DATE_PART.match(date)
    return found.group(0) if found else date


def _low(date: str) -> str:
    """The first day a (possibly partial) ISO date can mean."""
    date = _day_part(date)
    return date if len(date) >= 10 else date + "-01-01"[len(date) - 4 :]


def _high(date: str) -> str:
    """The last day a (possibly partial) ISO date can mean (months taken as 31 days, which
    compares correctly with every real date)."""
    date = _day_part(date)
    return date if len(date) >= 10 else date + "-12-31"[len(date) - 4 :]


def _as_of_bounds(as_of: str | None) -> tuple[str, str] | None:
    if as_of is None or str(as_of).strip() == "":
        return None
    text = str(as_of).strip()
    if not _AS_OF.match(text):
        raise UsageError(
            f"Ungültiger Zeitpunkt {text!r}: ein Jahr (2019), ein Monat (2019-05) oder ein "
            "Datum (2019-05-31).",
            f"Invalid point in time {text!r}: a year (2019), a month (2019-05) or a date "
            "(2019-05-31).",
            where="as_of",
        )
    return _low(text), _high(text)


def _in_period(data: Mapping[str, str], bounds: tuple[str, str] | None) -> bool:
    """Whether a link's period overlaps the chosen year, month or day. Undated links stay."""
    if bounds is None:
        return True
    lo, hi = bounds
    start, end = data.get("start", ""), data.get("end", "")
    return (not start or _low(start) <= hi) and (not end or _high(end) >= lo)


def _check_kinds(
    given: Iterable[str] | None, allowed: tuple[str, ...], what: str
) -> frozenset[str] | None:
    if given is None:
        return None
    chosen = frozenset(given)
    unknown = sorted(chosen - set(allowed))
    if unknown:
        raise UsageError(
            f"Unbekannte Art {', '.join(unknown)} ({what}); erlaubt: {', '.join(allowed)}.",
            f"Unknown kind {', '.join(unknown)} ({what}); allowed: {', '.join(allowed)}.",
            where=what,
        )
    return chosen


def _edge_filter(
    edge_kinds: frozenset[str] | None, bounds: tuple[str, str] | None
) -> Callable[[Mapping[str, str]], bool]:
    def keep(data: Mapping[str, str]) -> bool:
        return (edge_kinds is None or data["kind"] in edge_kinds) and _in_period(data, bounds)

    return keep


def _incident(
    net: nx.MultiDiGraph, node: str, keep: Callable[[Mapping[str, str]], bool]
) -> Iterator[tuple[str, str, str, str, Mapping[str, str]]]:
    """(neighbour, source, target, key, data) of each kept link of `node`, both directions."""
    for other, keyed in net.succ[node].items():
        for key, data in keyed.items():
            if keep(data):
                yield other, node, other, key, data
    for other, keyed in net.pred[node].items():
        for key, data in keyed.items():
            if keep(data):
                yield other, other, node, key, data


def _edge_dict(source: str, target: str, data: Mapping[str, str]) -> dict[str, str]:
    return {
        "source": source,
        "target": target,
        "kind": data["kind"],
        "label": data["label"],
        "start": data["start"],
        "end": data["end"],
        "via": data["via"],
    }


def _node_dict(net: nx.MultiDiGraph, node: str, **extra: Any) -> dict[str, Any]:
    data = net.nodes[node]
    return {"id": node, "label": data["label"], "kind": data["kind"], **extra}


# ---- ego networks -------------------------------------------------------------------------


def ego_network(
    net: nx.MultiDiGraph,
    iri: str,
    *,
    depth: int = 1,
    edge_kinds: Iterable[str] | None = None,
    node_kinds: Iterable[str] | None = None,
    as_of: str | None = None,
    max_nodes: int = 60,
) -> dict[str, Any] | None:
    """Everything within `depth` links of `iri`, closest first, at most `max_nodes` nodes.

    Links are followed in both directions. `edge_kinds` limits the kinds of link, `node_kinds`
    the kinds of node passed through and shown (the centre is always shown), `as_of` keeps the
    links whose period contains that year, month or day (undated links are kept). Within one
    distance the better connected nodes come first. `omitted` says how many nodes and links
    within reach the cap left out. None when `iri` is not in the public network."""
    if not isinstance(depth, int) or not 1 <= depth <= MAX_DEPTH:
        raise UsageError(
            f"Die Tiefe muss 1 bis {MAX_DEPTH} sein, nicht {depth!r}.",
            f"The depth must be 1 to {MAX_DEPTH}, not {depth!r}.",
            where="depth",
        )
    if not isinstance(max_nodes, int) or max_nodes < 1:
        raise UsageError(
            f"Höchstzahl der Knoten muss mindestens 1 sein, nicht {max_nodes!r}.",
            f"The maximum number of nodes must be at least 1, not {max_nodes!r}.",
            where="max_nodes",
        )
    keep_edge = _edge_filter(
        _check_kinds(edge_kinds, EDGE_KINDS, "edge_kinds"), _as_of_bounds(as_of)
    )
    wanted = _check_kinds(node_kinds, NODE_KINDS, "node_kinds")
    if iri not in net:
        return None

    def keep_node(node: str) -> bool:
        return wanted is None or net.nodes[node]["kind"] in wanted

    distance = {iri: 0}
    frontier = [iri]
    for step in range(1, depth + 1):
        found = []
        for node in frontier:
            for other, *_ in _incident(net, node, keep_edge):
                if other not in distance and keep_node(other):
                    distance[other] = step
                    found.append(other)
        frontier = found

    ranked = sorted(
        distance,
        key=lambda n: (
            distance[n],
            -net.degree(n),
            sort_key(net.nodes[n]["label"]),
            n,
        ),
    )
    shown = set(ranked[:max_nodes])
    edges: list[dict[str, str]] = []
    total_edges = 0
    for source in distance:  # each link once, from its source
        for target, keyed in net.succ[source].items():
            if target not in distance:
                continue
            for data in keyed.values():
                if keep_edge(data):
                    total_edges += 1
                    if source in shown and target in shown:
                        edges.append(_edge_dict(source, target, data))
    edges.sort(key=lambda e: (e["kind"], e["source"], e["target"], e["via"]))
    nodes = [_node_dict(net, n, distance=distance[n]) for n in ranked[:max_nodes]]
    return {
        "center": iri,
        "nodes": nodes,
        "edges": edges,
        "counts": {"nodes": len(nodes), "edges": len(edges)},
        "omitted": {"nodes": len(distance) - len(nodes), "edges": total_edges - len(edges)},
    }


# ---- paths and their explanation ----------------------------------------------------------


def shortest_paths(
    net: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    k: int = 3,
    edge_kinds: Iterable[str] | None = None,
    as_of: str | None = None,
) -> list[dict[str, Any]]:
    """Up to `k` shortest chains of links from `source` to `target` (shortest first), each
    with its nodes, the link taken at each step and a plain-words explanation in German and
    English. Links are followed in both directions. By default every kind of link except
    `topic` (see PATH_EDGE_KINDS); `as_of` as in `ego_network`. Empty when the two are not
    connected, or either is not in the public network."""
    if not isinstance(k, int) or not 1 <= k <= MAX_PATHS:
        raise UsageError(
            f"k muss 1 bis {MAX_PATHS} sein, nicht {k!r}.",
            f"k must be 1 to {MAX_PATHS}, not {k!r}.",
            where="k",
        )
    kinds = _check_kinds(edge_kinds, EDGE_KINDS, "edge_kinds")
    keep = _edge_filter(
        kinds if kinds is not None else frozenset(PATH_EDGE_KINDS), _as_of_bounds(as_of)
    )
    if source not in net or target not in net or source == target:
        return []
    simple = _undirected(net, kinds, as_of, keep)
    try:
        found = list(itertools.islice(nx.shortest_simple_paths(simple, source, target), k))
    except nx.NetworkXNoPath:
        return []
    return [_path(net, nodes, keep) for nodes in found]


_UNDIRECTED: weakref.WeakKeyDictionary[nx.MultiDiGraph, dict[object, nx.Graph]] = (
    weakref.WeakKeyDictionary()
)


def _undirected(
    net: nx.MultiDiGraph,
    kinds: frozenset[str] | None,
    as_of: str | None,
    keep: Callable[[Mapping[str, str]], bool],
) -> nx.Graph:
    """The undirected view that path search walks, built once per network and filter: a
    path query then costs the search, not a copy of every edge.
    """
    views = _UNDIRECTED.setdefault(net, {})
    key = (kinds, as_of)
    view = views.get(key)
    if view is None:
        view = nx.Graph()
        view.add_nodes_from(net.nodes)
        view.add_edges_from((u, v) for u, v, data in net.edges(data=True) if keep(data))
        if len(views) > 16:  # many different period filters: keep memory bounded
            views.clear()
        views[key] = view
    return view


def _best_link(
    net: nx.MultiDiGraph, a: str, b: str, keep: Callable[[Mapping[str, str]], bool]
) -> tuple[str, str, Mapping[str, str]]:
    """The link between a and b that explains the step best: the strongest kind, then a
    current one, then the most recent."""
    options = [(a, b, data) for data in (net.get_edge_data(a, b) or {}).values() if keep(data)] + [
        (b, a, data) for data in (net.get_edge_data(b, a) or {}).values() if keep(data)
    ]

    def rank(option: tuple[str, str, Mapping[str, str]]) -> tuple[int, bool, str, str]:
        data = option[2]
        return (
            _EDGE_PRIORITY[data["kind"]],
            not is_current(data["end"]),
            _invert(data["start"]),
            data["via"],
        )

    return min(options, key=rank)


def _invert(text: str) -> str:
    """A key that sorts later dates first (and undated last)."""
    return "".join(chr(0x10FFFF - ord(c)) for c in text) if text else "\U0010ffff"


def _path(
    net: nx.MultiDiGraph, nodes: list[str], keep: Callable[[Mapping[str, str]], bool]
) -> dict[str, Any]:
    edges = []
    clauses: dict[str, list[str]] = {"de": [], "en": []}
    for a, b in itertools.pairwise(nodes):
        source, target, data = _best_link(net, a, b, keep)
        edges.append(_edge_dict(source, target, data))
        de, en = _clause(net, a, b, source == a, data)
        clauses["de"].append(de)
        clauses["en"].append(en)
    return {
        "nodes": [_node_dict(net, n) for n in nodes],
        "edges": edges,
        "explanation": {"de": _join(clauses["de"], "de"), "en": _join(clauses["en"], "en")},
    }


def _join(clauses: list[str], lang: str) -> str:
    if len(clauses) == 1:
        return clauses[0] + "."
    if lang == "de":
        return ", ".join(clauses[:-1]) + " und " + clauses[-1] + "."
    if len(clauses) == 2:
        return f"{clauses[0]}, and {clauses[1]}."
    return ", ".join(clauses[:-1]) + ", and " + clauses[-1] + "."


def _year(date: str) -> str:
    return date[:4]


def _tense(start: str, end: str, instant: bool) -> str:
    """'past' when the period is over, 'since' when it runs and has a start, else 'now'."""
    last = end or (start if instant else "")
    if last and not is_current(last):
        return "past"
    return "since" if start else "now"


def _when(start: str, end: str, tense: str) -> tuple[str, str]:
    """The time adverbial (German, English), with a leading space, or empty."""
    s, e = _year(start), _year(end)
    if tense == "since":
        return f" seit {s}", f" since {s}"
    if tense == "now":
        return (f" bis {e}", f" until {e}") if e else ("", "")
    if s and e and s != e:
        return f" von {s} bis {e}", f" from {s} to {e}"
    if s:
        return f" {s}", f" in {s}"
    return f" bis {e}", f" until {e}"


#: (kind, forward, via-a-cooperation) -> ((German present, German past),
#: (English present, English present perfect for "since", English past)).
#: {a} and {b} are the two nodes in walking order, {t} the time, {x} the link's label.
_PHRASES: dict[tuple[str, bool, bool], tuple[tuple[str, str], tuple[str, str, str]]] = {
    ("membership", True, False): (
        ("{a} ist{t} Mitglied von {b}{x}", "{a} war{t} Mitglied von {b}{x}"),
        (
            "{a} is a member of {b}{x}{t}",
            "{a} has been a member of {b}{x}{t}",
            "{a} was a member of {b}{x}{t}",
        ),
    ),
    ("membership", False, False): (
        ("{a} hat{t} {b} als Mitglied{x}", "{a} hatte{t} {b} als Mitglied{x}"),
        (
            "{a} has {b} as a member{x}{t}",
            "{a} has had {b} as a member{x}{t}",
            "{a} had {b} as a member{x}{t}",
        ),
    ),
    ("cooperation", True, False): (
        ("{a} kooperiert{t} mit {b}", "{a} kooperierte{t} mit {b}"),
        (
            "{a} cooperates with {b}{t}",
            "{a} has cooperated with {b}{t}",
            "{a} cooperated with {b}{t}",
        ),
    ),
    ("organiser", True, False): (
        ("{a} organisiert{t} {b}", "{a} organisierte{t} {b}"),
        ("{a} organises {b}{t}", "{a} has been organising {b}{t}", "{a} organised {b}{t}"),
    ),
    ("organiser", False, False): (
        ("{a} wird{t} von {b} organisiert", "{a} wurde{t} von {b} organisiert"),
        (
            "{a} is organised by {b}{t}",
            "{a} has been organised by {b}{t}",
            "{a} was organised by {b}{t}",
        ),
    ),
    ("funder", True, False): (
        ("{a} fördert{t} {b}", "{a} förderte{t} {b}"),
        ("{a} funds {b}{t}", "{a} has been funding {b}{t}", "{a} funded {b}{t}"),
    ),
    ("funder", False, False): (
        ("{a} wird{t} von {b} gefördert", "{a} wurde{t} von {b} gefördert"),
        ("{a} is funded by {b}{t}", "{a} has been funded by {b}{t}", "{a} was funded by {b}{t}"),
    ),
    ("performer", True, False): (
        ("{a} spricht{t} bei {b}", "{a} sprach{t} bei {b}"),
        ("{a} speaks at {b}{t}", "{a} has been speaking at {b}{t}", "{a} spoke at {b}{t}"),
    ),
    ("performer", False, False): (
        ("{a} hat{t} {b} als Referent*in", "{a} hatte{t} {b} als Referent*in"),
        (
            "{a} has {b} as a speaker{t}",
            "{a} has had {b} as a speaker{t}",
            "{a} had {b} as a speaker{t}",
        ),
    ),
    ("part_of", True, False): (
        ("{a} gehört{t} zu {b}", "{a} gehörte{t} zu {b}"),
        ("{a} is part of {b}{t}", "{a} has been part of {b}{t}", "{a} was part of {b}{t}"),
    ),
    ("part_of", False, False): (
        ("{a} umfasst{t} {b}", "{a} umfasste{t} {b}"),
        ("{a} includes {b}{t}", "{a} has included {b}{t}", "{a} included {b}{t}"),
    ),
    ("part_of", True, True): (
        ("{a} wirkt{t} an {b} mit{x}", "{a} wirkte{t} an {b} mit{x}"),
        (
            "{a} takes part in {b}{t}{x}",
            "{a} has taken part in {b}{t}{x}",
            "{a} took part in {b}{t}{x}",
        ),
    ),
    ("part_of", False, True): (
        ("{a} hat{t} {b} als Partner{x}", "{a} hatte{t} {b} als Partner{x}"),
        (
            "{a} has {b} as a partner{t}{x}",
            "{a} has had {b} as a partner{t}{x}",
            "{a} had {b} as a partner{t}{x}",
        ),
    ),
    ("unit_of", True, False): (
        ("{a} ist{t} eine Einheit von {b}", "{a} war{t} eine Einheit von {b}"),
        ("{a} is a unit of {b}{t}", "{a} has been a unit of {b}{t}", "{a} was a unit of {b}{t}"),
    ),
    ("unit_of", False, False): (
        ("{a} hat{t} die Einheit {b}", "{a} hatte{t} die Einheit {b}"),
        ("{a} has the unit {b}{t}", "{a} has had the unit {b}{t}", "{a} had the unit {b}{t}"),
    ),
    ("topic", True, False): (
        ("{a} arbeitet{t} zum Thema {b}", "{a} arbeitete{t} zum Thema {b}"),
        ("{a} works on {b}{t}", "{a} has been working on {b}{t}", "{a} worked on {b}{t}"),
    ),
    ("topic", False, False): (
        ("{a} ist{t} ein Thema von {b}", "{a} war{t} ein Thema von {b}"),
        ("{a} is a topic of {b}{t}", "{a} has been a topic of {b}{t}", "{a} was a topic of {b}{t}"),
    ),
    ("honours", True, False): (
        ("{a} ehrt{t} {b}{x}", "{a} ehrte{t} {b}{x}"),
        ("{a} honours {b}{t}{x}", "{a} has honoured {b}{t}{x}", "{a} honoured {b}{t}{x}"),
    ),
    ("honours", False, False): (
        ("{a} wird{t} von {b} geehrt{x}", "{a} wurde{t} von {b} geehrt{x}"),
        (
            "{a} is honoured by {b}{t}{x}",
            "{a} has been honoured by {b}{t}{x}",
            "{a} was honoured by {b}{t}{x}",
        ),
    ),
}


def _clause(
    net: nx.MultiDiGraph, a: str, b: str, forward: bool, data: Mapping[str, str]
) -> tuple[str, str]:
    """One step of a path in words: `a` to `b` over the link `data` (walked forward when `a`
    is the link's source)."""
    kind = data["kind"]
    if kind == "cooperation":
        forward = True  # symmetric: the stored orientation means nothing
    via_cooperation = kind == "part_of" and bool(data["via"])
    (de_now, de_past), (en_now, en_since, en_past) = _PHRASES[(kind, forward, via_cooperation)]
    instant = kind in ("organiser", "performer", "part_of") and bool(
        {net.nodes[a]["kind"], net.nodes[b]["kind"]} & _INSTANT_KINDS
    )
    tense = _tense(data["start"], data["end"], instant)
    when_de, when_en = _when(data["start"], data["end"], tense)
    extra_de = extra_en = ""
    if data["label_de"] or data["label_en"]:
        if kind == "membership":
            extra_de, extra_en = f" ({data['label_de']})", f" ({data['label_en']})"
        elif kind == "honours":
            extra_de, extra_en = f" (Name „{data['label_de']}“)", f" (name “{data['label_en']}”)"
        elif via_cooperation:
            extra_de = f" (Kooperation „{data['label_de']}“)"
            extra_en = f" (cooperation “{data['label_en']}”)"
    nodes = net.nodes
    de = (de_past if tense == "past" else de_now).format(
        a=nodes[a]["label_de"], b=nodes[b]["label_de"], t=when_de, x=extra_de
    )
    en_template = {"past": en_past, "since": en_since}.get(tense, en_now)
    en = en_template.format(a=nodes[a]["label_en"], b=nodes[b]["label_en"], t=when_en, x=extra_en)
    return de, en


# ---- structure ----------------------------------------------------------------------------

_EXPLAIN_DEGREE = {
    "de": "Mit wie vielen anderen Organisationen eine Organisation direkt verbunden ist – durch "
    "eine Kooperation oder eine Mitgliedschaft (eine Organisation in einem Netzwerk) –, als "
    "Anteil aller anderen Organisationen. Hohe Werte: wer mit vielen direkt zusammenarbeitet.",
    "en": "How many other organisations an organisation is directly linked to – by a "
    "cooperation or a membership (an organisation in a network) – as a share of all other "
    "organisations. High values: those who work directly with many.",
}
_EXPLAIN_BETWEENNESS = {
    "de": "Wie oft eine Organisation auf den kürzesten Verbindungen zwischen zwei anderen liegt. "
    "Hohe Werte: Brückenbauer, über die Gruppen einander erreichen, die sonst kaum verbunden "
    "sind.",
    "en": "How often an organisation lies on the shortest connections between two others. High "
    "values: bridge builders through which groups reach each other that are otherwise hardly "
    "connected.",
}
_EXPLAIN_COMMUNITIES = {
    "de": "Gruppen von Organisationen, die untereinander dichter verbunden sind als mit dem Rest "
    "(Louvain-Verfahren, fester Startwert). Benannt nach dem am stärksten vernetzten Mitglied "
    "und den häufigsten Themen.",
    "en": "Groups of organisations more densely linked among themselves than with the rest "
    "(Louvain method, fixed seed). Named after the best-connected member and the most common "
    "topics.",
}
_EXPLAIN_TOPICS = {
    "de": "Themen nach der Zahl der Organisationen, die dazu arbeiten (selbst, in Kooperationen "
    "oder mit ihren Projekten und Veranstaltungen), und Paare von Organisationen mit den meisten "
    "gemeinsamen Themen – noch nicht verbundene Paare zuerst.",
    "en": "Topics by the number of organisations working on them (themselves, in cooperations or "
    "with their projects and events), and pairs of organisations sharing the most topics – pairs "
    "not yet linked first.",
}


def organisation_projection(net: nx.MultiDiGraph) -> nx.Graph:
    """Organisations linked by a cooperation or by a membership of one in the other (an
    organisation in a network); `weight` counts the links of a pair (for communities).

    Members of one network are linked through the network, not to each other: a clique of
    all co-members (17 in the example's umbrella network) would give each of them 16 links
    from one membership and drown the cooperations that show who works with whom (measured on
    the example: with cliques the Koordinationsstelle, partner in the most cooperations,
    ranked 16th by degree; without, 1st)."""
    projection = nx.Graph()
    organisations = [n for n, d in net.nodes(data=True) if d["kind"] == "organisations"]
    projection.add_nodes_from(organisations)
    for a, b, data in net.edges(data=True):
        if data["kind"] not in ("cooperation", "membership") or a == b:
            continue
        if net.nodes[a]["kind"] != "organisations" or net.nodes[b]["kind"] != "organisations":
            continue
        if projection.has_edge(a, b):
            projection[a][b]["weight"] += 1
        else:
            projection.add_edge(a, b, weight=1)
    return projection


def _organisation_topics(net: nx.MultiDiGraph) -> dict[str, set[str]]:
    """The topics each organisation works on: its own, those of its cooperations, and those
    of the projects and events it organises."""
    topics: dict[str, set[str]] = defaultdict(set)
    for a, b, data in net.edges(data=True):
        if data["kind"] == "topic" and net.nodes[a]["kind"] == "organisations":
            topics[a].add(b)
    for a, b, data in net.edges(data=True):
        if data["kind"] == "organiser" and net.nodes[a]["kind"] == "organisations":
            for _, topic, d in net.out_edges(b, data=True):
                if d["kind"] == "topic":
                    topics[a].add(topic)
    return topics


def _ranking(
    net: nx.MultiDiGraph, scores: Mapping[str, float], projection: nx.Graph, lang: str
) -> list[dict[str, Any]]:
    best = sorted(
        (n for n, s in scores.items() if s > 0),
        key=lambda n: (-scores[n], sort_key(_label(net, n, lang)), n),
    )[:TOP]
    return [
        {
            "iri": n,
            "label": _label(net, n, lang),
            "score": round(scores[n], 4),
            "neighbours": projection.degree(n),
        }
        for n in best
    ]


def _label(net: nx.MultiDiGraph, node: str, lang: str) -> str:
    return net.nodes[node][f"label_{lang}"]


def structure(net: nx.MultiDiGraph, lang: str = "de") -> dict[str, Any]:
    """Who is central, who bridges, which groups and which shared topics there are, on the
    organisation-level projection (see `organisation_projection`).

    Returns {"organisations", "links", "degree", "betweenness", "communities",
    "communities_explanation", "topics"}; rankings are the top 20 with a score > 0, each
    {"iri", "label", "score", "neighbours"}; every block has an "explanation" {"de", "en"}."""
    check_lang(lang)
    projection = organisation_projection(net)
    n = projection.number_of_nodes()
    degree = nx.degree_centrality(projection) if n > 1 else {}
    sampled = n > BETWEENNESS_SOURCES
    betweenness = nx.betweenness_centrality(
        projection, k=BETWEENNESS_SOURCES if sampled else None, seed=SEED
    )
    topics_of = _organisation_topics(net)

    communities = []
    linked = projection.subgraph([v for v in projection if projection.degree(v) > 0])
    if linked.number_of_edges():
        groups = nx.community.louvain_communities(linked, weight="weight", seed=SEED)
        for group in groups:
            if len(group) < 2:
                continue
            members = sorted(
                group, key=lambda v: (-linked.degree(v), sort_key(_label(net, v, lang)), v)
            )
            central = members[0]
            counts = Counter(t for m in members for t in topics_of.get(m, ()))
            top_topics = sorted(counts, key=lambda t: (-counts[t], sort_key(_label(net, t, lang))))
            top_topics = top_topics[:3]
            topic_labels = [_label(net, t, lang) for t in top_topics]
            names = {}
            for language, around in (("de", "Rund um"), ("en", "Around")):
                words = ", ".join(_label(net, t, language) for t in top_topics)
                names[language] = f"{around} {_label(net, central, language)}" + (
                    f": {words}" if words else ""
                )
            communities.append(
                {
                    "label": _label(net, central, lang),
                    "central": {"iri": central, "label": _label(net, central, lang)},
                    "name": names,
                    "members": [{"iri": m, "label": _label(net, m, lang)} for m in members],
                    "topics": topic_labels,
                    "topic_iris": top_topics,
                }
            )
        communities.sort(key=lambda c: (-len(c["members"]), sort_key(c["label"])))

    return {
        "organisations": n,
        "links": projection.number_of_edges(),
        "degree": {
            "explanation": dict(_EXPLAIN_DEGREE),
            "ranking": _ranking(net, degree, projection, lang),
        },
        "betweenness": {
            "explanation": dict(_EXPLAIN_BETWEENNESS),
            "ranking": _ranking(net, betweenness, projection, lang),
            "sampled": sampled,
        },
        "communities": communities,
        "communities_explanation": dict(_EXPLAIN_COMMUNITIES),
        "topics": _topic_clusters(net, projection, topics_of, lang),
    }


def _topic_clusters(
    net: nx.MultiDiGraph,
    projection: nx.Graph,
    topics_of: Mapping[str, set[str]],
    lang: str,
) -> dict[str, Any]:
    organisations_of: dict[str, set[str]] = defaultdict(set)
    for organisation, topics in topics_of.items():
        for topic in topics:
            organisations_of[topic].add(organisation)
    ranking = [
        {
            "iri": topic,
            "label": _label(net, topic, lang),
            "organisations": len(orgs),
            "members": sorted(orgs, key=lambda o: (sort_key(_label(net, o, lang)), o)),
        }
        for topic, orgs in organisations_of.items()
    ]
    ranking.sort(key=lambda t: (-t["organisations"], sort_key(t["label"])))

    # Exact top pairs among the candidates: walk organisations by number of topics, stop when
    # no later pair can share more topics than the weakest pair kept.
    candidates = sorted(
        (o for o in topics_of if len(topics_of[o]) > 0),
        key=lambda o: (-len(topics_of[o]), o),
    )[:TOPIC_PAIR_CANDIDATES]
    heap: list[tuple[int, int, str, str]] = []  # (shared, not linked, -a, -b) kept smallest first
    for i, a in enumerate(candidates):
        if len(heap) == TOP and len(topics_of[a]) < heap[0][0]:
            break
        for b in candidates[i + 1 :]:
            if len(heap) == TOP and len(topics_of[b]) < heap[0][0]:
                break
            shared = len(topics_of[a] & topics_of[b])
            if not shared:
                continue
            item = (shared, 0 if projection.has_edge(a, b) else 1, *_reverse_pair(a, b))
            if len(heap) < TOP:
                heapq.heappush(heap, item)
            elif item > heap[0]:
                heapq.heapreplace(heap, item)
    pairs = []
    for shared, not_linked, ra, rb in sorted(heap, reverse=True):
        a, b = _reverse_text(ra), _reverse_text(rb)
        common = sorted(topics_of[a] & topics_of[b], key=lambda t: sort_key(_label(net, t, lang)))
        pairs.append(
            {
                "a": {"iri": a, "label": _label(net, a, lang)},
                "b": {"iri": b, "label": _label(net, b, lang)},
                "shared": shared,
                "topics": [_label(net, t, lang) for t in common],
                "topic_iris": common,
                "linked": not not_linked,
            }
        )
    return {"explanation": dict(_EXPLAIN_TOPICS), "ranking": ranking[:TOP], "pairs": pairs}


def _reverse_pair(a: str, b: str) -> tuple[str, str]:
    """Keys under which, among equal pairs, the alphabetically first pair is the largest."""
    return _invert(a), _invert(b)


def _reverse_text(text: str) -> str:
    return "".join(chr(0x10FFFF - ord(c)) for c in text)


# ---- growth -------------------------------------------------------------------------------


def growth(store_or_net: Store | nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Per year: organisations founded, cooperations begun, memberships begun (by the year of
    the date as recorded). Years with none of the three are left out."""
    net = build_network(store_or_net) if isinstance(store_or_net, Store) else store_or_net
    organisations: Counter[str] = Counter()
    for _node, data in net.nodes(data=True):
        if data["kind"] == "organisations" and data["start"]:
            organisations[_year(data["start"])] += 1
    began: dict[str, dict[str, str]] = {"cooperation": {}, "membership": {}}
    for _a, _b, data in net.edges(data=True):
        if data["kind"] in began and data["via"] and data["start"]:
            began[data["kind"]][data["via"]] = _year(data["start"])
    cooperations = Counter(began["cooperation"].values())
    memberships = Counter(began["membership"].values())
    years = sorted(set(organisations) | set(cooperations) | set(memberships))
    return [
        {
            "year": int(year),
            "new_organisations": organisations[year],
            "new_cooperations": cooperations[year],
            "new_memberships": memberships[year],
        }
        for year in years
        if year.isdigit()
    ]


# ---- exports ------------------------------------------------------------------------------

_NODE_COLUMNS = ("id", "label", "label_de", "label_en", "kind", "start", "end", "distance")
_EDGE_COLUMNS = ("source", "target", "kind", "label", "label_de", "label_en", "start", "end", "via")


def _as_graph(subject: nx.MultiDiGraph | Mapping[str, Any]) -> nx.MultiDiGraph:
    """A graph with string attributes only (networkx's writers refuse None)."""
    graph = nx.MultiDiGraph()
    if isinstance(subject, nx.Graph):
        for node, data in subject.nodes(data=True):
            graph.add_node(node, **{k: _text(v) for k, v in data.items()})
        for a, b, key, data in subject.edges(keys=True, data=True):
            graph.add_edge(a, b, key=key, **{k: _text(v) for k, v in data.items()})
        return graph
    for node in subject["nodes"]:
        attributes = {k: _text(v) for k, v in node.items() if k != "id"}
        graph.add_node(node["id"], iri=node["id"], **attributes)
    for i, edge in enumerate(subject["edges"]):
        attributes = {k: _text(v) for k, v in edge.items() if k not in ("source", "target")}
        graph.add_edge(edge["source"], edge["target"], key=f"e{i}", **attributes)
    return graph


def _text(value: object) -> str:
    return "" if value is None else str(value)


def export_network(
    subject: nx.MultiDiGraph | Mapping[str, Any],
    fmt: str,
    out: IO[bytes] | Path | str,
) -> dict[str, int]:
    """Write the whole network or an ego network (the dict of `ego_network`).

    graphml, gexf: node ids are IRIs; nodes carry label, kind, iri (and dates), edges kind,
    label, start, end, via. GEXF's own `label` is the node label (what Gephi shows); its
    `start`/`end` are Gephi's timeline, so the recorded dates are kept as `start_date` and
    `end_date`, and the timeline gets them as whole days (a year from 1 January to 31
    December) where known.
    json: node-link JSON {"nodes": [...], "edges": [...]}.
    csv: `out` must be a path; writes PATH-nodes.csv and PATH-edges.csv (a ".csv" ending of
    PATH is dropped first).
    Returns {"nodes": n, "edges": m}."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(
            f"Unbekanntes Format {fmt!r}; erlaubt: {', '.join(EXPORT_FORMATS)}.",
            f"Unknown format {fmt!r}; allowed: {', '.join(EXPORT_FORMATS)}.",
            where="--format",
        )
    graph = _as_graph(subject)
    counts = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
    if fmt == "csv":
        if not isinstance(out, str | Path):
            raise UsageError(
                "CSV braucht einen Pfad (es entstehen zwei Dateien).",
                "CSV needs a path (it writes two files).",
                where="--output",
            )
        nodes_path, edges_path = csv_paths(Path(out))
        with nodes_path.open("w", encoding="utf-8", newline="") as fh:
            _write_csv(fh, _NODE_COLUMNS, ({"id": n, **d} for n, d in graph.nodes(data=True)))
        with edges_path.open("w", encoding="utf-8", newline="") as fh:
            _write_csv(
                fh,
                _EDGE_COLUMNS,
                ({"source": a, "target": b, **d} for a, b, d in graph.edges(data=True)),
            )
        return counts
    if isinstance(out, str | Path):
        with Path(out).open("wb") as fh:
            _write(graph, fmt, fh)
    else:
        _write(graph, fmt, out)
    return counts


def csv_paths(path: Path) -> tuple[Path, Path]:
    """Where `export_network(..., "csv", path)` writes its nodes and its edges."""
    stem = path.name[: -len(".csv")] if path.name.lower().endswith(".csv") else path.name
    return path.with_name(stem + "-nodes.csv"), path.with_name(stem + "-edges.csv")


def _write_csv(fh: IO[str], columns: tuple[str, ...], rows: Iterable[Mapping[str, str]]) -> None:
    rows = list(rows)
    present = [c for c in columns if any(c in r for r in rows)] or list(columns[:1])
    writer = csv.DictWriter(fh, fieldnames=present, extrasaction="ignore", restval="")
    writer.writeheader()
    writer.writerows(rows)


def _write(graph: nx.MultiDiGraph, fmt: str, out: IO[bytes]) -> None:
    if fmt == "graphml":
        nx.write_graphml(graph, out, named_key_ids=True)
    elif fmt == "gexf":
        nx.write_gexf(_for_gexf(graph), out)
    else:
        data = {
            "nodes": [{"id": n, **d} for n, d in graph.nodes(data=True)],
            "edges": [{"source": a, "target": b, **d} for a, b, d in graph.edges(data=True)],
        }
        wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="\n")
        json.dump(data, wrapper, ensure_ascii=False, indent=1)
        wrapper.write("\n")
        wrapper.flush()
        wrapper.detach()


def _for_gexf(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    copy = nx.MultiDiGraph()

    def timed(data: Mapping[str, str]) -> dict[str, str]:
        result = {k: v for k, v in data.items() if k not in ("start", "end")}
        result["start_date"] = data.get("start", "")
        result["end_date"] = data.get("end", "")
        if data.get("start"):
            result["start"] = _low(data["start"])
        if data.get("end"):
            result["end"] = _last_day(data["end"])
        return result

    for node, data in graph.nodes(data=True):
        copy.add_node(node, **timed(data))
    for a, b, key, data in graph.edges(keys=True, data=True):
        copy.add_edge(a, b, key=key, **timed(data))
    return copy


def _last_day(date: str) -> str:
    """The real last day a partial date can mean (GEXF's timeline wants whole dates)."""
    date = _day_part(date)
    if len(date) >= 10:
        return date[:10]
    if len(date) == 4:
        return date + "-12-31"
    year, month = int(date[:4]), int(date[5:7])
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return f"{date[:7]}-{29 if leap else 28}"
    return f"{date[:7]}-{30 if month in (4, 6, 9, 11) else 31}"
