"""Which entity a change's blank nodes hang off: the named nodes above them, walked up
through blank nodes (an address hangs off its organisation, a qualified statement off what it
qualifies). The write path reads it to know which entities a change of blank nodes touches
(`model.effective_delta`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import pyoxigraph as ox


def hanging(
    dataset: ox.Store, nodes: Iterable[ox.BlankNode], changed: Iterable[ox.Store]
) -> dict[str, set[ox.BlankNode]]:
    """The named nodes each of `nodes` hangs off, walking up through blank nodes: what
    points to a node in the store before the change or in the change itself (`changed`:
    its added and removed quads, so a removed link still counts). Named node -> the
    blank nodes of `nodes` that reach it.

    What a node reaches is kept for the nodes below it: each walked up alone, a chain or a
    list of n blank nodes took n²/2 steps (an update's chain of 2,000 took 7 s here, and
    held every other write meanwhile; walk). Where the nodes form a cycle (older data: loads
    and updates now refuse one), each is walked up alone, as before."""
    sources = [dataset, *changed]
    parents: dict[ox.BlankNode, tuple[frozenset[str], tuple[ox.BlankNode, ...]]] = {}

    def above(node: ox.BlankNode) -> tuple[frozenset[str], tuple[ox.BlankNode, ...]]:
        """The named and the blank nodes pointing to `node`."""
        if node not in parents:
            named, blank = set(), []
            for source in sources:
                for q in source.quads_for_pattern(None, None, node):
                    if isinstance(q.subject, ox.NamedNode):
                        named.add(q.subject.value)
                    elif isinstance(q.subject, ox.BlankNode):
                        blank.append(q.subject)
            parents[node] = (frozenset(named), tuple(dict.fromkeys(blank)))
        return parents[node]

    starts = list(nodes)
    reach: dict[ox.BlankNode, frozenset[str]] = {}
    for start in starts:
        # Depth-first without recursion; a node still open when met again closes a cycle.
        stack: list[tuple[ox.BlankNode, bool]] = [(start, False)]
        open_: set[ox.BlankNode] = set()
        while stack:
            node, done = stack.pop()
            named, blank = above(node)
            if done:
                open_.discard(node)
                reach[node] = named.union(*(reach[b] for b in blank))
                continue
            if node in reach:
                continue
            if node in open_:
                return _hanging_one_by_one(above, starts)
            open_.add(node)
            stack.append((node, True))
            stack.extend((b, False) for b in blank if b not in reach)
    owners: dict[str, set[ox.BlankNode]] = {}
    for start in starts:
        for iri in reach[start]:
            owners.setdefault(iri, set()).add(start)
    return owners


def _hanging_one_by_one(
    above: Callable[[ox.BlankNode], tuple[frozenset[str], tuple[ox.BlankNode, ...]]],
    starts: list[ox.BlankNode],
) -> dict[str, set[ox.BlankNode]]:
    """`hanging` for nodes in a cycle: each walked up alone."""
    owners: dict[str, set[ox.BlankNode]] = {}
    for start in starts:
        seen = {start}
        pending = [start]
        while pending:
            named, blank = above(pending.pop())
            for iri in named:
                owners.setdefault(iri, set()).add(start)
            for parent in blank:
                if parent not in seen:
                    seen.add(parent)
                    pending.append(parent)
    return owners


def hang_roots(
    owners: Mapping[str, set[ox.BlankNode]], tops: set[ox.BlankNode]
) -> dict[str, frozenset[str]]:
    """For each entity, the change's blank nodes with nothing in the change pointing to
    them that hang off it: where the entity's part of the change starts besides itself."""
    out = {iri: frozenset(b.value for b in nodes & tops) for iri, nodes in owners.items()}
    return {iri: labels for iri, labels in out.items() if labels}


def stranded(
    dataset: ox.Store, add: Iterable[ox.Quad] | ox.Store, remove: Iterable[ox.Quad]
) -> list[ox.Quad]:
    """The removed links to blank nodes that would leave them described but pointed at by
    nothing: an address, a role or a note that no entity holds any more, which no page
    shows, no erasure finds (it walks down from the person) and no later change can name
    (walk: removing only `schema:address _:a` left "Mathilde-Jacob-Platz 1" in the public
    graph, and an internal street a person's erasure then missed). One quad per node."""
    removed = set(remove)
    cut = {q.object: q for q in removed if isinstance(q.object, ox.BlankNode)}
    if not cut:
        return []
    if isinstance(add, ox.Store):
        added = add
    else:
        added = ox.Store()
        added.extend(add)

    def stays(quads: Iterable[ox.Quad]) -> bool:
        return any(q not in removed for q in quads)

    out = []
    for node, link in cut.items():
        if stays(dataset.quads_for_pattern(None, None, node)) or stays(
            added.quads_for_pattern(None, None, node)
        ):
            continue
        if stays(dataset.quads_for_pattern(node, None, None)) or stays(
            added.quads_for_pattern(node, None, None)
        ):
            out.append(link)
    return out
