"""What a change's validation reads beside the change: its focus nodes and their context.

Validating a change re-validates only its focus nodes: the subjects it adds or removes
statements about, and the nodes whose checks can read what it changes (`RevalidationRule`,
derived from the compiled checks): of the nodes that point at a subject it removes or adds
statements of, those with a check that reads them (a statement, when its subject's plain
triples change), and the nodes that read a changed node as one pointing at their values (the
other statements about a statement's subject and property). The data validated is an
in-memory store holding the change's added quads in their graphs plus, in a separate context
graph, as they will be after the change: the description of the focus nodes (their
statements, through blank nodes), the `rdf:type`, `skos:inScheme` and consent of everything
they point at, and what their checks read beyond that (a statement's subject's triples and
the other statements about it), which is all our shapes and privacy rules look at
(`add_context`, `add_person_context`). Tests prove the verdicts equal those of whole-graph
pySHACL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable, Iterator
from typing import TypeVar

import pyoxigraph as ox

from .namespaces import (
    HAS_DATA_SUBJECT,
    HISTORICAL_PERSON_CLASS,
    PERSON_CLASS,
    PUBLICATION_CONSENT,
    RDF_TYPE,
    SKOS,
)
from .resources import query
from .shacl_checks import ANY, Reads
from .store import CHECKS_GRAPH_PREFIX

_TYPE = ox.NamedNode(RDF_TYPE)
_IN_SCHEME = ox.NamedNode(SKOS + "inScheme")
_CONSENT = ox.NamedNode(PUBLICATION_CONSENT)
_POINTED_PREDICATES = (_TYPE, _IN_SCHEME, _CONSENT)
# Where validation puts the existing statements it needs beside a change; never committed,
# and not under a public prefix, so the privacy rules do not read it as published.
CONTEXT_GRAPH = ox.NamedNode(CHECKS_GRAPH_PREFIX)
# Beside it, the few existing statements whose being in a public graph matters to a rule (a
# historical-person type counts only from a public graph); also never committed.
PUBLIC_CONTEXT_GRAPH = ox.NamedNode(CHECKS_GRAPH_PREFIX + "-public")
_CONTEXT_GRAPHS = (CONTEXT_GRAPH, PUBLIC_CONTEXT_GRAPH)
_HISTORICAL = ox.NamedNode(HISTORICAL_PERSON_CLASS)
_PERSON = ox.NamedNode(PERSON_CLASS)
_DATA_SUBJECT = ox.NamedNode(HAS_DATA_SUBJECT)
T = TypeVar("T")


class RevalidationRule:
    """What a write validates and reads beyond the subjects it speaks about, derived from what
    the compiled checks read of other nodes (`shacl_checks.value_reads`).

    Which nodes pointing at X a write re-validates: a node P that points at X (P link X) needs
    its checks run again only if one of them can read a statement of X the write removes, or
    adds where more can break the check (`Reads.added`: a maximum, a condition on every value,
    a SPARQL constraint, which may negate what it reads). The checks say what they read of
    the nodes they point at: rdf:type for sh:class, skos:inScheme for a scheme's sh:node, an
    address's fields, any predicate of a statement's rdf:subject; and whatever the context
    copies of every node pointed at (`_POINTED_PREDICATES`: type, scheme and consent, which
    the privacy rules read too) counts for every link on removal. A blank node belongs to its
    parent: any removal of its statements re-validates what points at it. Before this rule
    every node that pointed at X was re-validated: 25,000 for an import that changed 5,000
    organisations (issue 15).

    What the context holds beyond the focus nodes' descriptions and the pointed predicates:
    the statements of their values that a check reads (`value_reads`: the plain triples of a
    statement's subject), and the nodes pointing at their values that a check reads (`back`:
    the other statements about the statement's subject and property), whose changes in turn
    re-validate the nodes that read them.
    """

    def __init__(self, reads: Reads) -> None:
        by_link: dict[str, set[str]] = defaultdict(set)
        for link, predicate in reads.pairs:
            by_link[link].add(predicate)
        pointed = {p.value for p in _POINTED_PREDICATES}
        self.value_reads = {
            link: frozenset(read) for link, read in by_link.items() if ANY in read or read - pointed
        }
        every = pointed | by_link.pop(ANY, set())
        self.every_link = frozenset(every)
        self.by_link = {link: frozenset(read | every) for link, read in by_link.items()}
        added: dict[str, set[str]] = defaultdict(set)
        for link, predicate in reads.added:
            added[link].add(predicate)
        self.added = {link: frozenset(read) for link, read in added.items()}
        self.back = tuple(sorted(reads.back, key=repr))

    def revalidates(self, link: ox.NamedNode, removed: Container[str]) -> bool:
        """Whether a node pointing by `link` at a node losing the predicates `removed`
        must be validated again."""
        read = self.by_link.get(link.value, self.every_link)
        return ANY in read or any(p in removed for p in read)


class _PostChangeView:
    """The statements as they will be once the change is applied (all graphs): the store's
    but those the change removes, and those it adds, which are in `staged` (outside the
    context graphs), so a load's quads never become Python objects here."""

    def __init__(self, store: object, change: object, staged: ox.Store) -> None:
        self.store = store
        self.staged = staged
        self.removed = set(change.remove)  # type: ignore[attr-defined]

    def quads(
        self, s: object = None, p: ox.NamedNode | None = None, o: object = None
    ) -> Iterator[ox.Quad]:
        for q in self.store.quads(s, p, o):  # type: ignore[attr-defined]
            if q not in self.removed:
                yield q
        for q in self.staged.quads_for_pattern(s, p, o, None):  # type: ignore[arg-type]
            if q.graph_name not in _CONTEXT_GRAPHS:
                yield q

    def quads_about(self, node: ox.NamedNode | ox.BlankNode) -> list[ox.Quad]:
        return list(self.quads(node))

    def objects(self, node: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode) -> set[object]:
        # By pattern, not from the whole description: an import asks this of thousands of
        # nodes for each of the pointed predicates (issue 15).
        return {q.object for q in self.quads(node, predicate)}


class _OwnSubjects:
    """The focus of a change that only adds: the subjects of its own statements, and `extra`
    nodes whose checks read what it adds.

    Asked only about the few nodes that break a rule, so a load of a million triples never
    builds a Python set of its subjects.
    """

    def __init__(self, staged: ox.Store, extra: set[object]) -> None:
        self.staged = staged
        self.extra = extra

    def __contains__(self, node: object) -> bool:
        return node in self.extra or any(
            q.graph_name not in _CONTEXT_GRAPHS
            for q in self.staged.quads_for_pattern(node, None, None, None)  # type: ignore[arg-type]
        )


def subjects_of(data: ox.Store) -> Iterator[ox.NamedNode | ox.BlankNode]:
    return (row["s"] for row in data.query(query("validation/subjects")))


def drop_context(staged: ox.Store) -> None:
    """The change's own store is committed after validation: it must not keep the context."""
    for graph in _CONTEXT_GRAPHS:
        if staged.contains_named_graph(graph):
            staged.remove_graph(graph)


def add_context(
    store: object, change: object, staged: ox.Store, rule: RevalidationRule
) -> Container[object]:
    """Put the post-change description of what the change touches into CONTEXT_GRAPH.

    Returns the focus nodes. A change that only adds (every load) takes a fast path: its
    statements are in `staged` already, so only the existing statements of its subjects
    and the types of what it points at are looked up, from whichever side is smaller.
    Both paths end with what the checks read of other nodes (`_read_context`).
    """
    context: list[ox.Quad] = []

    def put(q: ox.Quad) -> None:
        context.append(ox.Quad(q.subject, q.predicate, q.object, CONTEXT_GRAPH))

    after = _PostChangeView(store, change, staged)
    revalidated = _revalidated(store, change, staged, rule, after)
    if not change.remove:  # type: ignore[attr-defined]
        main = store.dataset  # type: ignore[attr-defined]
        # Walk whichever side costs less: the store's quads (a big load into a small store),
        # or one look-up in the store per subject of the change. Counting a store on disk
        # reads all of it, so it is read only as far as the change has subjects: comparing
        # with the change's quads instead read 340,000 quads of the 1.42M district for each
        # 50,000-row import (issue 15), to take the branch this comparison takes too.
        # In step: a quad of the store for each subject of the change, until one side ends.
        main_quads = iter(main)
        main_is_smaller = any(next(main_quads, None) is None for _ in subjects_of(staged))
        if main_is_smaller:  # a big load: walk the store's few subjects
            known = list(subjects_of(main))
            existing = [s for s in known if _has_subject(staged, s)]
            pointed = {s for s in known if _is_object(staged, s)}
        else:  # a small change: walk its subjects and what it points at
            existing = [s for s in subjects_of(staged) if _has_subject(main, s)]
            pointed = {row["o"] for row in staged.query(query("validation/pointed-outside"))}
        # Nodes outside the change that it re-validates: described like its own subjects.
        extra = {n for n in revalidated if not _has_subject(staged, n)}
        pending = [s for s in existing if isinstance(s, ox.NamedNode)] + list(extra)
        seen: set[object] = set()
        while pending:
            node = pending.pop()
            if node in seen:
                continue
            seen.add(node)
            for q in main.quads_for_pattern(node, None, None, None):
                put(q)
                if isinstance(q.object, ox.BlankNode):
                    pending.append(q.object)
                elif isinstance(q.object, ox.NamedNode) and q.predicate != _TYPE:
                    pointed.add(q.object)
        for obj in pointed:
            for p in _POINTED_PREDICATES:
                for q in main.quads_for_pattern(obj, p, None, None):
                    put(q)
        staged.extend(context)
        own = _OwnSubjects(staged, extra)
        staged.extend(_read_context(after, staged, own, rule))
        return own
    found = _focus_nodes(store, change, staged, rule)
    focus = list(dict.fromkeys([*found, *revalidated]))
    seen = set()
    # The types (and other pointed predicates) of a node pointed at are the same however
    # often it is pointed at: a 50,000-row import points at the same 20 topics each row.
    pointed_done: set[object] = set()
    pending = list(focus)
    while pending:
        node = pending.pop()
        if node in seen:
            continue
        seen.add(node)
        for q in after.quads_about(node):
            put(q)
            obj = q.object
            if isinstance(obj, ox.BlankNode):
                pending.append(obj)  # follow blank nodes: they belong to their parent
            elif (
                isinstance(obj, ox.NamedNode)
                and obj not in seen
                and obj not in pointed_done
                and q.predicate != _TYPE
            ):
                pointed_done.add(obj)
                for p in _POINTED_PREDICATES:
                    for o in after.objects(obj, p):
                        context.append(ox.Quad(obj, p, o, CONTEXT_GRAPH))
    staged.extend(context)
    focused = set(focus)
    staged.extend(_read_context(after, staged, focused, rule))
    return focused


def _revalidated(
    store: object,
    change: object,
    staged: ox.Store,
    rule: RevalidationRule,
    after: _PostChangeView,
) -> set[object]:
    """The nodes besides the change's subjects whose checks read what it adds, or what it
    changes of the nodes that point at their values.

    Those that point at a node the change adds statements to, where more such statements
    can break one of their checks (`RevalidationRule.added`: a statement, when its subject
    gains a plain triple; what a change removes, `_focus_nodes` follows); and those that read
    a node the change adds or removes statements of as a node pointing at their values
    (`RevalidationRule.back`: the other statements about a subject and property, when one
    of them changes). Called before any context is staged: `staged` holds the change's own
    quads. Each link is read from whichever side is smaller: one look-up per subject of the
    change, or the store's statements with the link (a big load).
    """
    main: ox.Store = store.dataset  # type: ignore[attr-defined]
    found: set[object] = set()
    for link, predicates in rule.added.items():
        by = None if link == ANY else ox.NamedNode(link)
        changed = subjects_of(staged) if ANY in predicates else _subjects_with(staged, predicates)
        side, items = _fewest([changed, iter(main.quads_for_pattern(None, by, None, None))])
        if side == 0:  # the change's subjects
            for node in items:
                pointing = main.quads_for_pattern(None, by, node, None)  # type: ignore[arg-type]
                found.update(q.subject for q in pointing)
        else:  # the store's statements with the link
            for q in items:
                value = q.object  # type: ignore[union-attr]
                if not isinstance(value, ox.Literal) and next(
                    _added_quads(staged, value, predicates), None
                ):
                    found.add(q.subject)  # type: ignore[union-attr]
    for back in rule.back:
        changed_nodes = set(_subjects_with(staged, back.predicates))
        changed_nodes.update(
            q.subject
            for q in change.remove  # type: ignore[attr-defined]
            if ANY in back.predicates or q.predicate.value in back.predicates
        )
        for node in changed_nodes:
            ways = [_readers(main, staged, after, node, *way) for way in sorted(back.ways)]
            found.update(_fewest(ways)[1])
    return found


def _read_context(
    after: _PostChangeView, staged: ox.Store, focus: Container[object], rule: RevalidationRule
) -> list[ox.Quad]:
    """What the focus nodes' checks read of other nodes, beyond the predicates the context
    copies of every node pointed at, as it will be after the change.

    The statements of their values that a check reads (`RevalidationRule.value_reads`: a
    statement's subject's plain triples), and the nodes pointing at their values that a
    check reads (`RevalidationRule.back`: the other statements about that subject and
    property) with the statements it reads of them. The focus nodes' own statements lead
    there: `staged` holds them already, and the whole description of a focus node, which is
    not copied again.
    """
    out: list[ox.Quad] = []
    copied: set[tuple[object, str]] = set()

    def copy(node: object, predicates: frozenset[str]) -> None:
        if node in focus:
            return
        for p in [ANY] if ANY in predicates else sorted(predicates):
            if (node, p) not in copied:
                copied.add((node, p))
                by = None if p == ANY else ox.NamedNode(p)
                out.extend(
                    ox.Quad(q.subject, q.predicate, q.object, CONTEXT_GRAPH)
                    for q in after.quads(node, by)
                )

    def values(link: str) -> set[tuple[object, object]]:
        """(focus node, value) of the focus nodes' statements with `link`."""
        by = None if link == ANY else ox.NamedNode(link)
        pairs = {(q.subject, q.object) for q in staged.quads_for_pattern(None, by, None, None)}
        return {(n, v) for n, v in pairs if n in focus}

    for link, predicates in rule.value_reads.items():
        for _, value in values(link):
            if isinstance(value, ox.NamedNode):  # a blank one is its parent's, a literal bare
                copy(value, predicates)
    for back in rule.back:
        ways: dict[object, dict[str, set[object]]] = defaultdict(lambda: defaultdict(set))
        for link, predicate in back.ways:
            for node, value in values(link):
                ways[node][predicate].add(value)
        for found in ways.values():
            # Any one way finds all the nodes that point at the values (`Back`).
            pointing = [_pointing(after, p, found[p]) for p in sorted(found)]
            for other in set(_fewest(pointing)[1]):
                copy(other, back.predicates)
    return out


def _readers(
    main: ox.Store,
    staged: ox.Store,
    after: _PostChangeView,
    node: object,
    link: str,
    predicate: str,
) -> Iterator[object]:
    """The nodes whose values on `link` `node` points at by `predicate`, before or after."""
    by = None if predicate == ANY else ox.NamedNode(predicate)
    values = {q.object for q in main.quads_for_pattern(node, by, None, None)}  # type: ignore[arg-type]
    values.update(q.object for q in _added_quads(staged, node, {predicate}))
    yield from _pointing(after, link, values)


def _pointing(after: _PostChangeView, predicate: str, values: Iterable[object]) -> Iterator[object]:
    """The nodes that point at one of `values` by `predicate`, after the change."""
    by = None if predicate == ANY else ox.NamedNode(predicate)
    for value in values:
        yield from (q.subject for q in after.quads(None, by, value))


def _added_quads(staged: ox.Store, node: object, predicates: Iterable[str]) -> Iterator[ox.Quad]:
    """The change's own quads about `node` with `predicates` (`ANY`: all)."""
    for p in [None] if ANY in predicates else [ox.NamedNode(p) for p in predicates]:
        for q in staged.quads_for_pattern(node, p, None, None):  # type: ignore[arg-type]
            if q.graph_name not in _CONTEXT_GRAPHS:
                yield q


def _subjects_with(staged: ox.Store, predicates: Iterable[str]) -> Iterator[object]:
    """The subjects of the change's own quads with `predicates` (`ANY`: any), each once."""
    seen: set[object] = set()
    for p in [None] if ANY in predicates else [ox.NamedNode(p) for p in sorted(predicates)]:
        for q in staged.quads_for_pattern(None, p, None, None):
            if q.subject not in seen and q.graph_name not in _CONTEXT_GRAPHS:
                seen.add(q.subject)
                yield q.subject


_END = object()


def _fewest(candidates: list[Iterator[T]]) -> tuple[int, list[T]]:
    """Which of `candidates` yields fewest items, and its items. They are read in step, an
    item of each in turn, until one ends: the cost is about that of the smallest."""
    read: list[list[T]] = [[] for _ in candidates]
    while candidates:
        for i, candidate in enumerate(candidates):
            item = next(candidate, _END)
            if item is _END:
                return i, read[i]
            read[i].append(item)  # type: ignore[arg-type]
    return -1, []


def add_person_context(store: object, change: object, staged: ox.Store) -> None:
    """For each person the staged data names: their consent records (the consent rules read
    them, and they point at the person, so no description holds them) and their
    historical-person type where it stands in a public graph (the exemption counts only
    there), both as they stand after the change."""
    removed = set(change.remove)  # type: ignore[attr-defined]
    people = {q.subject for q in staged.quads_for_pattern(None, _TYPE, _PERSON, None)}
    extra: list[ox.Quad] = []
    for person in people:
        for q in store.quads(person, _TYPE, _HISTORICAL):  # type: ignore[attr-defined]
            if q not in removed and store.is_public_graph(q.graph_name):  # type: ignore[attr-defined]
                extra.append(ox.Quad(q.subject, q.predicate, q.object, PUBLIC_CONTEXT_GRAPH))
        for link in store.quads(None, _DATA_SUBJECT, person):  # type: ignore[attr-defined]
            for q in store.quads(link.subject):  # type: ignore[attr-defined]
                if q not in removed:
                    extra.append(ox.Quad(q.subject, q.predicate, q.object, CONTEXT_GRAPH))
    staged.extend(extra)


def _is_object(data: ox.Store, node: object) -> bool:
    return next(iter(data.quads_for_pattern(None, None, node, None)), None) is not None  # type: ignore[arg-type]


def _has_subject(data: ox.Store, node: object) -> bool:
    return next(iter(data.quads_for_pattern(node, None, None, None)), None) is not None  # type: ignore[arg-type]


def _focus_nodes(
    store: object, change: object, staged: ox.Store, rule: RevalidationRule
) -> list[ox.NamedNode | ox.BlankNode]:
    """Subjects the change speaks about, plus the nodes pointing at removed statements'
    subjects whose checks can read what was removed (`RevalidationRule`)."""
    focus: dict[object, None] = dict.fromkeys(
        row["s"] for row in staged.query(query("validation/subjects"))
    )
    removed: dict[object, set[str]] = defaultdict(set)
    for q in change.remove:  # type: ignore[attr-defined]
        removed[q.subject].add(q.predicate.value)
    for s, predicates in removed.items():
        focus[s] = None
        blank = isinstance(s, ox.BlankNode)
        for q in store.quads(None, None, s):  # type: ignore[attr-defined]
            if blank or rule.revalidates(q.predicate, predicates):
                focus[q.subject] = None
    return [n for n in focus if isinstance(n, ox.NamedNode | ox.BlankNode)]
