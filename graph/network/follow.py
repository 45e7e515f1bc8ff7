"""Following a committed change in the network: re-read what it touched, patch the rest.

A build reads every row of the public graphs (`read_rows`) and assembles a graph per
language: at the 1.42M-quad benchmark district seconds, far more than a small change costs.
So the cache follows a change instead (`NetworkCache.follow`):

1. `touched_keys`: the resources whose rows the change may alter. Every row is made of
   statements about the resource it is kept under (`NetworkRows`), so these are the
   subjects (and objects) of the change's public quads, plus the sites and persons that
   have a touched site naming or speaker profile (`network/owners.rq`; a profile is often a
   blank node, so it is bound, never written into the query).
2. `read_keyed` (build.py): the network queries bound to those resources.
3. `patch_rows`: their entries replaced in a copy of the rows; the links to drop are those
   of every row that read an entry of a touched resource (found through `RowIndex`), the
   links to add those of the same rows now.
4. `patch_graph`: a new graph that shares all it did not change with the old one (copy on
   write), so a reader still walking the old graph never sees it change.

A change the network cannot follow at the cost of the change is not followed, and the next
reader builds anew: a bulk change (more than `MAX_QUADS` quads, or more than `MAX_KEYS`
resources touched), and a change of the class hierarchy (the kind of every node may follow
from it). The figures of the whole network (centrality, communities) are not patched; they
are computed again by their next reader.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox

from ..namespaces import RDFS
from ..resources import query
from ..store import Change, Store
from .build import (
    TABLES,
    Link,
    NetworkRows,
    RowRef,
    activity_subject,
    depends_on,
    holds,
    keyed_refs,
    links_of,
    names_read,
    node_data,
    put_link,
    put_node,
    row_refs,
)

#: Above this many quads a change is not followed: the page caches draw the line there too
#: (`explore.touched.MAX_QUADS`), and a load or import of that size is a bulk change.
MAX_QUADS = 5_000

#: Above this many touched resources a change is not followed but dropped, rebuilt by the
#: next reader. Following runs on the write path and its bound reads cost about 1-2 ms per
#: resource (the kinds query, with its subclass paths, half of it; measured at the
#: 120k-quad district, docs/architecture.md): 500 resources are about 0.5-1 s of a write,
#: the most a writer should wait, and still below a whole build there (about 2 s) and far
#: below one at the 1.42M district. Small changes touch 5-20 resources.
MAX_KEYS = 500

#: The tables of labels and dates: read by a link only for the resources of `names_read`.
_NAMES = frozenset({"labels", "dates"})
#: The table each kind of linking row is kept in.
_TABLE_OF = {
    "membership": "memberships",
    "cooperation": "partners",
    "subject": "subjects",
    "activity": "activities",
    "naming": "namings",
}

#: Index of the linking rows by every resource they read (`depends_on`). Tuples, replaced
#: whole when a change adds or removes rows of a resource: a set for each of the 108,090
#: resources of the 1M district cost 43 MiB, tuples 9 MiB.
RowIndex = dict[str, tuple[RowRef, ...]]


def index_rows(raw: NetworkRows) -> RowIndex:
    """Which linking rows read the entries of each resource: the rows whose links a change
    of that resource may change."""
    index: dict[str, list[RowRef]] = defaultdict(list)
    for ref in row_refs(raw):
        for iri in depends_on(raw, ref):
            index[iri].append(ref)
    return {iri: tuple(refs) for iri, refs in index.items()}


def touched_keys(store: Store, change: Change) -> set[str] | None:
    """The resources whose network rows `change` may alter (see the module docstring), or
    None when it is not followed."""
    if len(change) > MAX_QUADS:
        return None
    iris: set[str] = set()
    blanks: list[ox.BlankNode] = []
    for q in itertools.chain(change.add, change.remove):  # an ox.Store iterates its quads
        if not store.is_public_graph(q.graph_name):
            continue
        if q.predicate.value == RDFS + "subClassOf":
            return None
        for term in (q.subject, q.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.BlankNode):
                blanks.append(term)
    if len(iris) + len(blanks) > MAX_KEYS:
        return None
    return iris | _owners(store, iris, blanks)


def _owners(store: Store, iris: set[str], blanks: list[ox.BlankNode]) -> set[str]:
    """The sites and persons that have one of `iris` or `blanks` as naming or profile."""
    text = query("network/owners")
    found: list[ox.QuerySolution] = []
    if iris:
        found += store.rows(text, values=("part", [ox.NamedNode(i) for i in sorted(iris)]),
                            public_only=True, max_rows=Store.SCAN_ROWS)  # fmt: skip
    for blank in dict.fromkeys(blanks):
        found += store.rows(text, bindings={"part": blank}, public_only=True)
    return {row[0].value for row in found if isinstance(row[0], ox.NamedNode)}


@dataclass
class Patch:
    """What following a change does to the rows and to each graph."""

    raw: NetworkRows
    #: The resources whose entries changed (their nodes are made again).
    keys: set[str]
    removed: list[tuple[str, str, str]]
    added: list[Link]


def patch_rows(raw: NetworkRows, index: RowIndex, keys: set[str], fresh: NetworkRows) -> Patch:
    """The rows of `raw` with the entries of `keys` replaced by those of `fresh` (read bound
    to `keys`), and the links that change. `raw` is left as it is (readers may hold it; a
    table is copied only if an entry of it changes); `index` is brought up to date in place.

    Only the rows that read an entry that changed are linked again: a change that names a
    role or a topic (an object of its quads) does not relink the thousands of memberships of
    that role unless the role's own entries (its label) changed."""
    new = NetworkRows(**{t.attribute: getattr(raw, t.attribute) for t in TABLES})
    changed: dict[str, set[str]] = defaultdict(set)  # resource -> the tables that changed
    for table in TABLES:
        mine, read = getattr(raw, table.attribute), getattr(fresh, table.attribute)
        differ = {key for key in keys if mine.get(key) != read.get(key)}
        if not differ:
            continue
        for key in differ:
            changed[key].add(table.attribute)
        copy = dict(mine)
        for key in differ:
            if key in read:
                copy[key] = read[key]
            else:
                del copy[key]
        setattr(new, table.attribute, copy)
    before = {
        ref
        for key, tables in changed.items()
        for ref in index.get(key, ())
        if _relinks(raw, ref, key, tables)
    }
    removed = [(s, t, key) for ref in before for s, t, key, _ in links_of(raw, ref)]
    gone: dict[str, set[RowRef]] = defaultdict(set)
    for ref in before:
        for iri in depends_on(raw, ref):
            gone[iri].add(ref)
    # A row reads a changed entry only if it is kept under a changed resource or read one
    # before (an unchanged row reads what it read before).
    after = {ref for ref in before if holds(new, ref)}
    after.update(ref for key in changed for ref in keyed_refs(new, key))
    came: dict[str, list[RowRef]] = defaultdict(list)
    for ref in after:
        for iri in depends_on(new, ref):
            came[iri].append(ref)
    # Each resource's tuple is made once, whatever the number of its rows that changed (a
    # topic is read by thousands).
    for iri in gone.keys() | came.keys():
        dropped = gone.get(iri, set())
        kept = [ref for ref in index.get(iri, ()) if ref not in dropped]
        held = set(kept)
        kept += [ref for ref in came.get(iri, ()) if ref not in held]
        if kept:
            index[iri] = tuple(kept)
        else:
            index.pop(iri, None)
    added = [link for ref in after for link in links_of(new, ref)]
    return Patch(new, set(changed), removed, added)


def _relinks(raw: NetworkRows, ref: RowRef, key: str, tables: set[str]) -> bool:
    """Whether the links of `ref`, which reads `key`, may change when the `tables` entries of
    `key` changed: its kind (every row that links it), its partners (the rows of that
    cooperation), its label or dates (the rows that carry them, `names_read`), or the rows
    kept under it. A new topic of an umbrella organisation relinks that topic statement, not
    the thousands of memberships of the organisation."""
    if tables & {"kinds", "partners"}:
        return True
    if tables & _NAMES and key in names_read(raw, ref):
        return True
    kept_under = activity_subject(*ref[1:]) if ref[0] == "activity" else ref[1]
    return kept_under == key and _TABLE_OF[ref[0]] in tables


def patch_graph(net: nx.MultiDiGraph, patch: Patch) -> nx.MultiDiGraph:
    """A new graph: `net` with the patch applied; `net` stays as it was, so a reader holding
    it never sees it change. The new graph shares with `net` everything the patch leaves
    alone (`_CopyOnWrite`): a whole copy (`net.copy()`) took 2.1 s at the 1M district, on the
    write path and holding the GIL, so every public write stalled the server that long."""
    shared = _CopyOnWrite(net)
    new = shared.graph
    for source, target, key in patch.removed:
        if new.has_edge(source, target, key):
            shared.own_pair(source, target)
            new.remove_edge(source, target, key)
    for iri in patch.keys:
        if iri in patch.raw.kinds:
            put_node(new, iri, node_data(patch.raw, iri))  # replaced, never changed in place
        elif iri in new:  # no longer a node: its links are gone with it
            shared.own_around(iri)
            new.remove_node(iri)
    for source, target, key, data in patch.added:
        shared.own_pair(source, target)
        if new.has_edge(source, target, key):
            new.remove_edge(source, target, key)  # replaced whole, not merged
        put_link(new, source, target, key, data)
    return new


class _CopyOnWrite:
    """A graph that shares the dicts of another until it changes them.

    networkx keeps a MultiDiGraph in dicts: `_node` (node -> attributes), `_succ` and
    `_pred` (node -> neighbour -> key dict, the key dict of a pair shared by both, key ->
    link attributes). The new graph starts with its own copies of the three outer dicts
    (53,000 entries each at the 1M district: milliseconds) and takes its own copy of a
    node's neighbours or of a pair's key dict before the first change of it (`own_pair`,
    `own_around`); attribute dicts are never changed, only replaced. This reads networkx's
    storage, which its documentation describes (`MultiDiGraph`, "Subclasses (Advanced)")
    and which has kept that shape since networkx 2.0; `tests/test_network_follow.py` checks
    that the old graph stays as it was after every kind of change."""

    def __init__(self, net: nx.MultiDiGraph) -> None:
        new = nx.MultiDiGraph()
        new.graph.update(net.graph)
        new._node = dict(net._node)
        new._adj = dict(net._succ)  # networkx sets `_succ` with `_adj`: the same dict
        new._pred = dict(net._pred)
        self.graph = new
        self._owned_succ: set[str] = set()
        self._owned_pred: set[str] = set()
        self._owned_pairs: set[tuple[str, str]] = set()

    def own_pair(self, source: str, target: str) -> None:
        """Own copies of what changing a link from `source` to `target` changes."""
        new = self.graph
        if source in new._succ and source not in self._owned_succ:
            new._succ[source] = dict(new._succ[source])
            self._owned_succ.add(source)
        if target in new._pred and target not in self._owned_pred:
            new._pred[target] = dict(new._pred[target])
            self._owned_pred.add(target)
        pair = (source, target)
        if source in new._succ and target in new._succ[source] and pair not in self._owned_pairs:
            keys = dict(new._succ[source][target])
            new._succ[source][target] = new._pred[target][source] = keys
            self._owned_pairs.add(pair)

    def own_around(self, node: str) -> None:
        """Own copies of what removing `node` changes: its neighbours' neighbours."""
        for other in list(self.graph._succ[node]):
            self.own_pair(node, other)
        for other in list(self.graph._pred[node]):
            self.own_pair(other, node)
