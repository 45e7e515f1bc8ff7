"""RDFS entailments of the public data, kept in a graph of their own on the public side.

Implements two rules of RDFS entailment (https://www.w3.org/TR/rdf11-mt/#rdfs-entailment):
rdfs7 (`p rdfs:subPropertyOf q` and `s p o` entail `s q o`) and rdfs9 (`C rdfs:subClassOf D`
and `s a C` entail `s a D`), over the transitive closure of both hierarchies. So a researcher's
`?x a ag:ColonialHistorySite` finds the streets, squares and memorials, and `?c
prov:wasAssociatedWith ?o` finds a cooperation's partners, in standard SPARQL with no
entailment regime at query time.

The hierarchies are those of the vocabulary files (`ontology/`) and any `rdfs:subClassOf` /
`rdfs:subPropertyOf` statement in the public data. The entailed statements live in the graph
`{base}graph/inferred` of the public mirror (see docs/decisions/0002-inferred-graph.md for why
there and not in the main store), which therefore only ever sees public statements: nothing
internal can be entailed into it. It holds only what is not asserted already, because the
engine's union default graph does not merge duplicates and a query counting `?x a ?class`
would otherwise count a type twice.

It follows each publication at the cost of the change: the subjects of the statements the
change added or removed (those whose predicate takes part in a hierarchy) are derived again
from what the mirror holds for them after the change, and only the difference is written. A
statement entailed along two paths thus stays while one remains. A change to a hierarchy
itself (rare: a new vocabulary) derives the whole graph again, at the cost of the data.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..namespaces import PROV, RDF_TYPE, RDFS
from ..resources import ontology_files

if TYPE_CHECKING:
    from ..store import Store
    from .mirror import PublicDelta

#: The inferred graph's IRI, under the store's base IRI. It is neither `graph/public/...` nor
#: `graph/internal/...`, so no write to the main store can name it (`Store.graph_iri`).
INFERRED_GRAPH = "graph/inferred"

_TYPE = ox.NamedNode(RDF_TYPE)
_SUBCLASS = ox.NamedNode(RDFS + "subClassOf")
_SUBPROPERTY = ox.NamedNode(RDFS + "subPropertyOf")
_LABEL = ox.NamedNode(RDFS + "label")
_COMMENT = ox.NamedNode(RDFS + "comment")
_SEE_ALSO = ox.NamedNode(RDFS + "seeAlso")
_DERIVED_FROM = ox.NamedNode(PROV + "wasDerivedFrom")
_GENERATED_BY = ox.NamedNode(PROV + "wasGeneratedBy")
_RULES = ox.NamedNode("https://www.w3.org/TR/rdf11-mt/#rdfs-entailment")

Pair = tuple[ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]
Graph = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


def inferred_graph(base_iri: str) -> ox.NamedNode:
    """The inferred graph of a store with this base IRI."""
    return ox.NamedNode(base_iri + INFERRED_GRAPH)


def public_side_graphs(store: Store) -> list[str]:
    """The named graphs a public query sees: the public graphs and the inferred graph."""
    return [*store.public_graphs(), inferred_graph(store.base_iri).value]


# ---- the hierarchies -----------------------------------------------------------------------


@dataclass(frozen=True)
class Hierarchy:
    """The transitive closure of the class and property hierarchies: each class or property
    with its strict super-classes or super-properties (itself left out, even in a cycle)."""

    superclasses: Mapping[ox.NamedNode, frozenset[ox.NamedNode]]
    superproperties: Mapping[ox.NamedNode, frozenset[ox.NamedNode]]

    @classmethod
    def read(cls, dataset: ox.Store, include: Callable[[Graph], bool]) -> Hierarchy:
        """The vocabulary files' hierarchy and that of the graphs of `dataset` that `include`
        accepts. Only IRIs take part: a blank node class (an OWL restriction) entails nothing
        a portal could query by name."""
        classes, properties = (set(edges) for edges in _vocabulary_edges())
        for predicate, edges in ((_SUBCLASS, classes), (_SUBPROPERTY, properties)):
            for q in dataset.quads_for_pattern(None, predicate, None, None):
                if include(q.graph_name) and _named(q.subject) and _named(q.object):
                    edges.add((q.subject, q.object))  # type: ignore[arg-type]
        return cls(_closure(classes), _closure(properties))

    @property
    def predicates(self) -> frozenset[ox.NamedNode]:
        """The predicates whose statements can entail or be entailed: rdf:type and every
        property of the property hierarchy (a super-property too: a statement asserted with
        it makes the entailed one redundant)."""
        found = {_TYPE, *self.superproperties}
        for supers in self.superproperties.values():
            found |= supers
        return frozenset(found)

    def fingerprint(self) -> str:
        """A digest of both closures: a different vocabulary gives a different one."""
        digest = hashlib.sha256()
        for name, closure in (("c", self.superclasses), ("p", self.superproperties)):
            for sub in sorted(closure, key=str):
                for sup in sorted(closure[sub], key=str):
                    digest.update(f"{name} {sub} {sup}\n".encode())
        return digest.hexdigest()

    def entailed(self, asserted: set[Pair]) -> set[Pair]:
        """What rdfs7 and rdfs9 entail about one subject from its asserted (predicate,
        object) pairs, less what is asserted. A fixpoint, so that a super-property of
        rdf:type (odd, but allowed) also feeds rdfs9."""
        known = set(asserted)
        pending = list(asserted)
        while pending:
            predicate, obj = pending.pop()
            found = [(sup, obj) for sup in self.superproperties.get(predicate, ())]
            if predicate == _TYPE and isinstance(obj, ox.NamedNode):
                found += [(_TYPE, sup) for sup in self.superclasses.get(obj, ())]
            for pair in found:
                if pair not in known:
                    known.add(pair)
                    pending.append(pair)
        return known - asserted


@cache
def _vocabulary_edges() -> tuple[
    frozenset[tuple[ox.NamedNode, ox.NamedNode]], frozenset[tuple[ox.NamedNode, ox.NamedNode]]
]:
    """The direct subclass and subproperty statements of the vocabulary files, read once."""
    classes: set[tuple[ox.NamedNode, ox.NamedNode]] = set()
    properties: set[tuple[ox.NamedNode, ox.NamedNode]] = set()
    for path in ontology_files():
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            if _named(t.subject) and _named(t.object):
                if t.predicate == _SUBCLASS:
                    classes.add((t.subject, t.object))  # type: ignore[arg-type]
                elif t.predicate == _SUBPROPERTY:
                    properties.add((t.subject, t.object))  # type: ignore[arg-type]
    return frozenset(classes), frozenset(properties)


def _named(term: object) -> bool:
    return isinstance(term, ox.NamedNode)


def _closure(
    edges: Iterable[tuple[ox.NamedNode, ox.NamedNode]],
) -> dict[ox.NamedNode, frozenset[ox.NamedNode]]:
    direct: dict[ox.NamedNode, set[ox.NamedNode]] = defaultdict(set)
    for sub, sup in edges:
        direct[sub].add(sup)
    closed: dict[ox.NamedNode, frozenset[ox.NamedNode]] = {}
    for start in direct:
        seen: set[ox.NamedNode] = set()
        pending = list(direct[start])
        while pending:
            node = pending.pop()
            if node not in seen:
                seen.add(node)
                pending.extend(direct.get(node, ()))
        seen.discard(start)
        if seen:
            closed[start] = frozenset(seen)
    return closed


# ---- deriving ------------------------------------------------------------------------------


def entailments(
    dataset: ox.Store,
    hierarchy: Hierarchy,
    include: Callable[[Graph], bool],
    graph: ox.NamedNode,
) -> Iterator[ox.Quad]:
    """Every statement entailed by the graphs of `dataset` that `include` accepts, as quads
    in `graph`: one scan per predicate of the hierarchies, grouped by subject."""
    by_subject: dict[object, set[Pair]] = defaultdict(set)
    for predicate in hierarchy.predicates:
        for q in dataset.quads_for_pattern(None, predicate, None, None):
            if include(q.graph_name):
                by_subject[q.subject].add((predicate, q.object))
    for subject, asserted in by_subject.items():
        for predicate, obj in hierarchy.entailed(asserted):
            yield ox.Quad(subject, predicate, obj, graph)  # type: ignore[arg-type]


def inferred_quads(store: Store) -> Iterator[ox.Quad]:
    """The inferred graph as the public side holds it, computed from the main store's public
    graphs: its entailments and its own description.

    For a caller that works on the main store rather than the public mirror (a migration, a
    dump, a test's oracle): the same rules over the same public statements give the same
    quads as the mirror's graph, kept in step change by change.
    """
    dataset = store.dataset
    graph = inferred_graph(store.base_iri)

    def include(g: Graph) -> bool:
        return store.is_public_graph(g)

    hierarchy = Hierarchy.read(dataset, include)
    yield from entailments(dataset, hierarchy, include, graph)
    yield from describe(graph, [ox.NamedNode(g) for g in store.public_graphs()])


def describe(graph: ox.NamedNode, derived_from: Iterable[ox.NamedNode]) -> list[ox.Quad]:
    """What the inferred graph says about itself: what it is, and that it is entailed."""
    rules = ox.NamedNode(graph.value + "#rdfs")

    def q(s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> ox.Quad:
        return ox.Quad(s, p, o, graph)

    quads = [
        q(graph, _TYPE, ox.NamedNode(PROV + "Entity")),
        q(graph, _LABEL, ox.Literal("Abgeleitete Aussagen (RDFS)", language="de")),
        q(graph, _LABEL, ox.Literal("Inferred statements (RDFS)", language="en")),
        q(graph, _COMMENT, ox.Literal(
            "Aus den öffentlichen Daten und dem Vokabular abgeleitet, nicht erfasst: die "
            "Oberklassen jedes Typs (rdfs:subClassOf, Regel rdfs9) und die Obereigenschaften "
            "jeder Aussage (rdfs:subPropertyOf, Regel rdfs7), soweit nicht ohnehin erfasst. "
            "Wird mit jeder Veröffentlichung nachgeführt.", language="de")),
        q(graph, _COMMENT, ox.Literal(
            "Entailed from the public data and the vocabulary, not recorded: the "
            "super-classes of each type (rdfs:subClassOf, rule rdfs9) and the "
            "super-properties of each statement (rdfs:subPropertyOf, rule rdfs7), where not "
            "recorded already. Kept in step with each publication.", language="en")),
        q(graph, _GENERATED_BY, rules),
        q(rules, _TYPE, ox.NamedNode(PROV + "Activity")),
        q(rules, _LABEL, ox.Literal("RDFS-Ableitung (Regeln rdfs7 und rdfs9)", language="de")),
        q(rules, _LABEL, ox.Literal("RDFS entailment (rules rdfs7 and rdfs9)", language="en")),
        q(rules, _SEE_ALSO, _RULES),
    ]  # fmt: skip
    quads += [q(graph, _DERIVED_FROM, g) for g in sorted(derived_from, key=str)]
    return quads


# ---- keeping the mirror's inferred graph ------------------------------------------------------


class Inference:
    """The inferred graph of one public mirror, derived in full once and then kept in step
    with each public delta the mirror receives."""

    def __init__(self, mirror: ox.Store, base_iri: str) -> None:
        self.mirror = mirror
        self.graph = inferred_graph(base_iri)
        self.hierarchy = Hierarchy.read(mirror, self._asserted)
        self._own = {self.graph, ox.NamedNode(self.graph.value + "#rdfs")}
        #: How often the whole graph was derived, and how many subjects the last delta touched.
        self.rebuilds = 0
        self.last_subjects = 0

    def _asserted(self, graph: Graph) -> bool:
        return graph != self.graph

    def current(self, fingerprint: str | None) -> bool:
        """Whether the mirror's inferred graph was derived with this hierarchy (`fingerprint`
        as `close` wrote it) and exists: then a start-up keeps it."""
        present = next(self.mirror.quads_for_pattern(self.graph, None, None, self.graph), None)
        return present is not None and fingerprint == self.hierarchy.fingerprint()

    def rebuild(self) -> int:
        """Derive the whole graph again (a new mirror, a new vocabulary); returns its size."""
        self.hierarchy = Hierarchy.read(self.mirror, self._asserted)
        self.mirror.remove_graph(self.graph)
        sources = [
            g for g in self.mirror.named_graphs() if isinstance(g, ox.NamedNode) and g != self.graph
        ]
        quads = [
            *entailments(self.mirror, self.hierarchy, self._asserted, self.graph),
            *describe(self.graph, sources),
        ]
        self.mirror.extend(quads)
        self.rebuilds += 1
        return len(quads)

    def follow(self, delta: PublicDelta) -> None:
        """Bring the graph in step after the mirror received `delta` (already written).

        Every subject of an added or removed statement whose predicate takes part in the
        hierarchies is derived again from the mirror's statements about it; the difference to
        what the graph holds for it is written. A delta that changes a hierarchy derives it
        all again, once.
        """
        predicates = self.hierarchy.predicates
        subjects: set[object] = set()
        graphs: set[Graph] = set()
        hierarchy_touched = False
        for q in itertools.chain(delta.remove, delta.added()):
            graphs.add(q.graph_name)
            if q.predicate in (_SUBCLASS, _SUBPROPERTY):
                hierarchy_touched = True
            if q.predicate in predicates:
                subjects.add(q.subject)
        if hierarchy_touched:
            changed = Hierarchy.read(self.mirror, self._asserted)
            if changed != self.hierarchy:
                self.rebuild()
                return
        self.last_subjects = len(subjects)
        remove: list[ox.Quad] = []
        add: list[ox.Quad] = []
        for subject in subjects - self._own:
            held: set[Pair] = set()
            asserted: set[Pair] = set()
            for q in self.mirror.quads_for_pattern(subject, None, None, None):  # type: ignore[arg-type]
                if q.predicate not in predicates:
                    continue
                (held if q.graph_name == self.graph else asserted).add((q.predicate, q.object))
            wanted = self.hierarchy.entailed(asserted)
            remove += [ox.Quad(subject, p, o, self.graph) for p, o in held - wanted]  # type: ignore[arg-type]
            add += [ox.Quad(subject, p, o, self.graph) for p, o in wanted - held]  # type: ignore[arg-type]
        remove += self._sources(graphs, add)
        for q in remove:
            self.mirror.remove(q)
        if add:
            self.mirror.extend(add)

    def _sources(self, graphs: set[Graph], add: list[ox.Quad]) -> list[ox.Quad]:
        """Keep `prov:wasDerivedFrom` naming the public graphs there are: a graph the delta
        filled is named (appended to `add`), one it emptied is no longer (returned)."""
        gone: list[ox.Quad] = []
        for g in graphs:
            if not isinstance(g, ox.NamedNode) or g == self.graph:
                continue
            statement = ox.Quad(self.graph, _DERIVED_FROM, g, self.graph)
            filled = next(self.mirror.quads_for_pattern(None, None, None, g), None) is not None
            if filled and statement not in self.mirror:
                add.append(statement)
            elif not filled and statement in self.mirror:
                gone.append(statement)
        return gone
