"""Measures of the organisation network that our own code computes, for speed: betweenness,
and the parts that each articulation point holds together.

Both follow each publication (the overview's figures are computed again after a change),
and networkx took most of a minute for them at the 1M district. For betweenness, networkx's
`betweenness_centrality` spent 31 s on the 1M district's organisation network (22,003
organisations, 35,756 links, 300 sampled sources), most of it allocating a dictionary of
every node for every source and reading neighbours through its graph views. Brandes'
algorithm over plain lists of integers, walking only the part of the network a source
reaches, gives the same figures in a third of the time (10.9 s there, measured the same
minute). The figures are networkx's, to the last bit: the same sampled sources (the same
seeded `random.Random.sample` of the nodes in the graph's order), the same order of sums and
the same scaling, so a page reads the same; `tests/test_network_measures.py` compares them.
"""

from __future__ import annotations

import random

import networkx as nx


def betweenness(graph: nx.Graph, sources: int | None, seed: int) -> dict[str, float]:
    """Normalised betweenness of every node of an undirected, unweighted graph.

    With `sources` below the number of nodes, the shortest paths counted are those from that
    many sources sampled with `seed`, scaled up as networkx scales them (an estimate; see
    `_scale`); otherwise every node is a source and the figures are exact."""
    nodes = list(graph)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    neighbours = [[index[w] for w in graph[v] if w != v] for v in nodes]
    sampled = sources is not None and sources < n
    starts = (
        [index[v] for v in random.Random(seed).sample(nodes, sources)]
        if sampled and sources is not None
        else list(range(n))
    )
    totals = _dependencies(neighbours, starts)
    scale = _scale(n, len(starts) if sampled else None)
    if scale is None:
        return dict.fromkeys(nodes, 0.0)
    on_source, elsewhere = scale
    started = set(starts)
    return {
        node: totals[i] * (on_source if i in started else elsewhere) for i, node in enumerate(nodes)
    }


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


def separated_parts(graph: nx.Graph) -> dict[str, list[int]]:
    """For each articulation point (a node whose removal disconnects its part of the
    network): the sizes of the parts it falls into without it, largest first.

    One depth-first walk (Hopcroft and Tarjan's low points) finds them all: a child whose
    subtree reaches no higher than its parent is cut off by the parent, and the rest of the
    parent's part, if any, is one more. Asking networkx for the parts of the network without
    each point took a walk of the network per point (3.5 s for the 20 shown at the 1M
    district)."""
    nodes = list(graph)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    neighbours = [[index[w] for w in graph[v] if w != v] for v in nodes]
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
    return {nodes[v]: sorted(sizes, reverse=True) for v, sizes in cut.items() if len(sizes) >= 2}
