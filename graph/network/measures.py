"""Measures of the organisation network that our own code computes: betweenness, the parts
that each articulation point holds together, and communities (Louvain).

They follow each publication (the overview's figures are computed again after a change).
networkx took most of a minute for them at the 1M district, and a process that imported it
to measure held 111 MiB. Here they work on plain lists and dicts of integers
(`Adjacency`), and this file imports nothing but the standard library: `analysis.figures`
runs it as a program of its own (`python -I measures.py`, see `main`) for a large network,
and that process holds 49 MiB at its peak there.

- Betweenness: networkx's `betweenness_centrality` spent 31 s on the 1M district's
  organisation network (22,003 organisations, 35,756 links, 300 sampled sources), most of it
  allocating a dictionary of every node for every source and reading neighbours through its
  graph views. Brandes' algorithm over lists of integers, walking only the part of the
  network a source reaches, takes a third of that.
- Communities: Louvain (Blondel et al. 2008) as networkx's `louvain_communities` runs it,
  seed, order of visits and order of sums included.

The figures are networkx's, to the last bit: the same sampled sources (the same seeded
`random.Random` draws over the nodes in the graph's order), the same order of sums, the
same scaling and the same tie-breaking, so a page reads the same;
`tests/test_network_measures.py` compares them on random graphs.
"""

from __future__ import annotations

import os
import pickle
import random
import sys
import threading
from collections.abc import Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:  # only for the wrappers' hints: the program imports no networkx
    import networkx as nx

#: An undirected graph by position: for each node, its neighbours (positions) with the weight
#: of their link, in the order networkx's `Graph` holds them; a loop is an entry of the node
#: itself. Weights are integers (how many links a pair has), which keeps every sum exact.
Adjacency = list[dict[int, int]]
#: Louvain stops when a level improves modularity by no more than this (networkx's default).
THRESHOLD = 0.0000001


def adjacency(
    graph: nx.Graph, nodes: Sequence[Hashable] | None = None
) -> tuple[list[Hashable], Adjacency]:
    """The nodes of a networkx graph in its order (or `nodes`, which must hold every
    neighbour of each), and its `Adjacency` (weight 1 where a link has none)."""
    order = list(graph if nodes is None else nodes)
    index = {node: i for i, node in enumerate(order)}
    return order, [{index[w]: data.get("weight", 1) for w, data in graph[v].items()} for v in order]


def from_pairs(n: int, pairs: Iterable[tuple[int, int, int]]) -> Adjacency:
    """The `Adjacency` of `n` nodes that a networkx graph built by adding the weighted
    `pairs` in this order would hold."""
    links: Adjacency = [{} for _ in range(n)]
    for a, b, weight in pairs:
        links[a][b] = weight
        links[b][a] = weight
    return links


def measure(links: Adjacency, sources: int | None, seed: int) -> dict[str, Any]:
    """What `analysis.figures` needs measured of the organisation network `links`, by
    position: "betweenness" (`betweenness_of`), "parts" (`separated_parts_of`),
    "communities" (Louvain on the linked nodes, groups of two or more) and "measured_in"
    (this process)."""
    linked, among = linked_part(links)
    communities = (
        [{linked[i] for i in group} for group in louvain(among, seed) if len(group) >= 2]
        if linked
        else []
    )
    return {
        "betweenness": betweenness_of(links, sources, seed),
        "parts": separated_parts_of(links),
        "communities": communities,
        "measured_in": os.getpid(),
    }


def linked_part(links: Adjacency) -> tuple[list[int], Adjacency]:
    """The nodes with at least one link (a loop counts), in their order, and the graph among
    them by their positions there: where the communities are looked for (a lone node would
    only change the order of Louvain's visits)."""
    linked = [v for v, around in enumerate(links) if around]
    position = {v: i for i, v in enumerate(linked)}
    return linked, [{position[w]: weight for w, weight in links[v].items()} for v in linked]


def betweenness(graph: nx.Graph, sources: int | None, seed: int) -> dict[Hashable, float]:
    """Normalised betweenness of every node of an undirected, unweighted networkx graph
    (`betweenness_of`)."""
    nodes, links = adjacency(graph)
    return dict(zip(nodes, betweenness_of(links, sources, seed), strict=True))


def betweenness_of(links: Adjacency, sources: int | None, seed: int) -> list[float]:
    """Normalised betweenness of each node of `links` (weights not counted).

    With `sources` below the number of nodes, the shortest paths counted are those from that
    many sources sampled with `seed`, scaled up as networkx scales them (an estimate; see
    `_scale`); otherwise every node is a source and the figures are exact."""
    n = len(links)
    neighbours = [[w for w in around if w != v] for v, around in enumerate(links)]
    sampled = sources is not None and sources < n
    # networkx samples the nodes themselves; the same draws pick the same positions.
    starts = (
        random.Random(seed).sample(range(n), sources)
        if sampled and sources is not None
        else list(range(n))
    )
    totals = _dependencies(neighbours, starts)
    scale = _scale(n, len(starts) if sampled else None)
    if scale is None:
        return [0.0] * n
    on_source, elsewhere = scale
    started = set(starts)
    return [total * (on_source if i in started else elsewhere) for i, total in enumerate(totals)]


def _dependencies(neighbours: list[list[int]], starts: list[int]) -> list[float]:
    """For each node, the sum over the sources of its dependency (Brandes 2001): the share of
    the shortest paths from the source to every other node that run through it. The arrays
    are kept from source to source and only the nodes a source reached are reset, so a
    source in a small part of the network costs that part, not the whole."""
    n = len(neighbours)
    totals = [0.0] * n
    distance = [-1] * n
    paths = [0.0] * n  # sigma: the number of shortest paths from the source
    dependency = [0.0] * n
    for source in starts:
        distance[source] = 0
        paths[source] = 1.0
        order = [source]
        before: dict[int, list[int]] = {source: []}
        at = 0
        while at < len(order):
            v = order[at]
            at += 1
            step = distance[v] + 1
            through = paths[v]
            for w in neighbours[v]:
                seen = distance[w]
                if seen < 0:
                    distance[w] = step
                    paths[w] = through
                    before[w] = [v]
                    order.append(w)
                elif seen == step:
                    paths[w] += through
                    before[w].append(v)
        for w in reversed(order):
            share = (1.0 + dependency[w]) / paths[w]
            for v in before[w]:
                dependency[v] += paths[v] * share
            if w != source:
                totals[w] += dependency[w]
        for w in order:
            distance[w] = -1
            paths[w] = 0.0
            dependency[w] = 0.0
    return totals


def _scale(n: int, sampled: int | None) -> tuple[float, float] | None:
    """The factors (for a source, for any other node) that turn summed dependencies into
    networkx's normalised betweenness without endpoints: divided by the ordered pairs of
    other nodes, (n-1)(n-2); with k sampled sources by k(n-2) instead of (n-1)(n-2), and by
    (k-1)(n-2) for a sampled source, which cannot be one of its own pairs. None below three
    nodes, where every figure is 0."""
    others = n - 1
    if others < 2:
        return None
    if sampled is None:
        factor = 1 / (others * (others - 1))
        return factor, factor
    on_source = 1 / ((sampled - 1) * (others - 1)) if sampled > 1 else float("nan")
    return on_source, 1 / (sampled * (others - 1))


def separated_parts(graph: nx.Graph) -> dict[Hashable, list[int]]:
    """`separated_parts_of` a networkx graph, by node."""
    nodes, links = adjacency(graph)
    return {nodes[v]: sizes for v, sizes in separated_parts_of(links).items()}


def separated_parts_of(links: Adjacency) -> dict[int, list[int]]:
    """For each articulation point (a node whose removal disconnects its part of the
    network): the sizes of the parts it falls into without it, largest first.

    One depth-first walk (Hopcroft and Tarjan's low points) finds them all: a child whose
    subtree reaches no higher than its parent is cut off by the parent, and the rest of the
    parent's part, if any, is one more. Asking networkx for the parts of the network without
    each point took a walk of the network per point (3.5 s for the 20 shown at the 1M
    district)."""
    n = len(links)
    neighbours = [[w for w in around if w != v] for v, around in enumerate(links)]
    found = [-1] * n  # the order in which the walk found each node
    low = [0] * n  # the earliest-found node its subtree links back to
    below = [1] * n  # the size of its subtree
    cut: dict[int, list[int]] = {}
    clock = 0
    for root in range(n):
        if found[root] >= 0:
            continue
        found[root] = low[root] = clock
        clock += 1
        part = [root]
        walk = [(root, -1, iter(neighbours[root]))]
        while walk:
            v, parent, rest = walk[-1]
            for w in rest:
                if found[w] < 0:
                    found[w] = low[w] = clock
                    clock += 1
                    part.append(w)
                    walk.append((w, v, iter(neighbours[w])))
                    break
                if w != parent and found[w] < low[v]:
                    low[v] = found[w]
            else:
                walk.pop()
                if parent >= 0:
                    below[parent] += below[v]
                    low[parent] = min(low[parent], low[v])
                    if low[v] >= found[parent]:
                        cut.setdefault(parent, []).append(below[v])
        size = below[root]
        for v in part:
            sizes = cut.get(v)
            if sizes is not None and v != root:
                sizes.append(size - 1 - sum(sizes))  # the side of the root: never empty
    return {v: sorted(sizes, reverse=True) for v, sizes in cut.items() if len(sizes) >= 2}


def cut_off(links: Adjacency, point: int, most: int) -> list[list[int]]:
    """The groups of at most `most` nodes that are linked to the rest only through `point`,
    each in order of position: who would be cut off without it (the page said "the groups
    named" and named none; walk of 2026-12-07). A search from each neighbour stops once it
    has found more than `most`, so a large group costs `most` + 1 nodes, even at a hub."""
    seen = {point}
    small: list[list[int]] = []
    for start in links[point]:
        if start in seen:
            continue
        group, found = [start], {start}
        for v in group:  # grows while it is read: a breadth-first search
            for w in links[v]:
                if w != point and w not in found:
                    found.add(w)
                    group.append(w)
                    if len(group) > most:
                        break
            if len(group) > most:
                break
        seen |= found  # all in one group without `point`: not searched again
        if len(group) <= most:
            small.append(sorted(group))
    return small


def louvain(links: Adjacency, seed: int) -> list[set[int]]:
    """The communities that networkx's `louvain_communities(graph, weight="weight",
    seed=seed)` finds in the graph of `links`, by position, in its order.

    Each level moves nodes, visited in a seeded random order, to the neighbouring community
    that gains the most modularity (the first of equal gains), until no move gains; the
    communities then become the nodes of the next level. It stops when a level gains no
    more than `THRESHOLD`. One `random.Random(seed)` shuffles every level, as there."""
    if not any(links):
        return [{v} for v in range(len(links))]
    rng = random.Random(seed)
    partition = [{v} for v in range(len(links))]
    gained = _modularity(links, partition)
    level = _as_listed(links)
    members: list[set[int]] | None = None  # each node's original nodes, from the second level
    half = sum(_degrees(level)) / 2
    partition, inner, improved = _one_level(level, members, half, partition, rng)
    found = [set(group) for group in partition]  # a copy: the next level moves members
    while improved:
        now = _modularity(level, inner)
        if now - gained <= THRESHOLD:
            break
        gained = now
        level, members = _next_level(level, members, inner)
        partition, inner, improved = _one_level(level, members, half, partition, rng)
        if improved:
            found = [set(group) for group in partition]
    return found


def _as_listed(links: Adjacency) -> Adjacency:
    """The graph as networkx's Louvain copies it: from its list of links, which names each
    link once at its earlier node (a loop at its node), so a node's later neighbours can
    move ahead of earlier ones."""
    return from_pairs(
        len(links),
        ((u, v, w) for u, around in enumerate(links) for v, w in around.items() if v >= u),
    )


def _degrees(links: Adjacency) -> list[int]:
    """Weighted degrees, a loop counted twice (networkx's `degree(weight=...)`)."""
    return [sum(around.values()) + around.get(v, 0) for v, around in enumerate(links)]


def _modularity(links: Adjacency, groups: Sequence[set[int]]) -> float:
    """Newman's modularity of `groups` (resolution 1), summed group by group in their order as
    networkx's `modularity` sums it (the terms are floats: the order decides the last bit)."""
    degrees = _degrees(links)
    total = sum(degrees)
    half = total / 2
    norm = 1 / total**2
    found: float = 0
    for group in groups:
        inside = sum(w for u in group for v, w in links[u].items() if v >= u and v in group)
        ends = sum(degrees[u] for u in group)
        found += inside / half - ends * ends * norm
    return found


def _one_level(
    links: Adjacency,
    members: list[set[int]] | None,
    half: float,
    partition: list[set[int]],
    rng: random.Random,
) -> tuple[list[set[int]], list[set[int]], bool]:
    """One level of moves: (the communities as sets of original nodes, as sets of this
    level's nodes, whether any node moved). `half` is the first level's total weight; the
    gains are written as networkx writes them, term for term."""
    n = len(links)
    community = list(range(n))
    inner = [{u} for u in range(n)]
    degrees = _degrees(links)
    totals = list(degrees)
    around = [{v: w for v, w in links[u].items() if v != u} for u in range(n)]
    order = list(range(n))
    rng.shuffle(order)
    scale = 2 * half**2
    improved = False
    moves = 1
    while moves:
        moves = 0
        for u in order:
            best_gain: float = 0
            best = here = community[u]
            weights: dict[int, float] = {}  # community -> weight of u's links into it
            for v, w in around[u].items():
                weights[community[v]] = weights.get(community[v], 0.0) + w
            degree = degrees[u]
            totals[here] -= degree
            leave = -weights.get(here, 0.0) / half + (totals[here] * degree) / scale
            for c, w in weights.items():
                gain = leave + w / half - (totals[c] * degree) / scale
                if gain > best_gain:
                    best_gain = gain
                    best = c
            totals[best] += degree
            if best != here:
                moving = members[u] if members is not None else {u}
                partition[here].difference_update(moving)
                inner[here].remove(u)
                partition[best].update(moving)
                inner[best].add(u)
                community[u] = best
                improved = True
                moves += 1
    return [p for p in partition if p], [p for p in inner if p], improved


def _next_level(
    links: Adjacency, members: list[set[int]] | None, inner: list[set[int]]
) -> tuple[Adjacency, list[set[int]]]:
    """The graph whose nodes are the communities `inner`, a link's weight the sum of the
    links between them (a loop: those inside), in the order networkx builds it."""
    community = {}
    merged = []
    for i, group in enumerate(inner):
        nodes: set[int] = set()
        for node in group:
            community[node] = i
            nodes.update(members[node] if members is not None else {node})
        merged.append(nodes)
    joined: Adjacency = [{} for _ in inner]
    for u, around in enumerate(links):
        for v, w in around.items():
            if v >= u:
                a, b = community[u], community[v]
                weight = w + joined[a].get(b, 0)
                joined[a][b] = weight
                joined[b][a] = weight
    return joined, merged


def main(source: BinaryIO, answer: BinaryIO) -> None:
    """Measure for `analysis.figures` in a process of its own: read (links, sources, seed)
    pickled from `source`, write `measure`'s answer pickled to `answer`.

    It runs at a lower priority (the figures can wait, a reader of a page cannot), and ends
    as soon as the process that asked closes its end of `source`, or ends (killed included):
    nobody would read the answer."""
    os.nice(10)
    links, sources, seed = pickle.load(source)
    threading.Thread(target=_end_with_asker, args=(source.fileno(),), daemon=True).start()
    pickle.dump(measure(links, sources, seed), answer, protocol=pickle.HIGHEST_PROTOCOL)
    answer.flush()


def _end_with_asker(source: int) -> None:
    # From the file descriptor, not the buffered stream: a thread blocked in the stream holds
    # its lock, and Python aborts when it closes the stream at exit.
    while os.read(source, 65536):  # b"" at the end: the asker closed its end, or ended
        pass
    os._exit(1)


if __name__ == "__main__":
    main(sys.stdin.buffer, sys.stdout.buffer)
