"""Ego networks: everything within a few links of one actor, optionally as of a point in time.

Also the two small shapes every answer of the package shares, `node_dict` and `edge_dict`:
what an ego network or a path says about a node and a link (the JSON API sends them as they
are).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import networkx as nx

from ..errors import UsageError
from .build import label
from .kinds import EDGE_KINDS, NODE_KINDS, check_kinds
from .periods import as_of_bounds, edge_filter, existed

MAX_DEPTH = 3


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


def edge_dict(source: str, target: str, data: Mapping[str, str], lang: str) -> dict[str, str]:
    """A link as answers show it (its label in `lang` only)."""
    return {
        "source": source,
        "target": target,
        "kind": data["kind"],
        "label": label(data, lang),
        "start": data["start"],
        "end": data["end"],
        "via": data["via"],
    }


def node_dict(
    net: nx.MultiDiGraph,
    node: str,
    lang: str,
    bounds: tuple[str, str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A node as answers show it (its label in `lang`; a site as it was named within
    `bounds`, `named_then`), with `extra` fields (such as its distance)."""
    data = net.nodes[node]
    text = label(data, lang)
    if bounds is not None and data["kind"] == "sites":
        text = named_then(net, node, text, bounds, lang)
    return {"id": node, "label": text, "kind": data["kind"], **extra}


def named_then(
    net: nx.MultiDiGraph, site: str, today: str, bounds: tuple[str, str], lang: str
) -> str:
    """A site's name within `bounds`, by the naming in force then (each naming's `honours`
    link carries its name and period), with today's beside it: "Nachtigalplatz (heute
    Manga-Bell-Platz)" in the network of 2015, which had named the square by its name of 2022
    (exploratory walk). Today's name where it was in force too, or where no naming was."""
    in_force = edge_filter(None, bounds)
    names = {
        (data["start"], label(data, lang))
        for keyed in net.succ[site].values()
        for data in keyed.values()
        if data["kind"] == "honours" and in_force(data) and label(data, lang)
    }
    if not names or today in {name for _, name in names}:
        return today
    then = max(names)[1]  # the latest naming in force, where a year holds two
    return f"{then} (heute {today})" if lang == "de" else f"{then} (today {today})"


def ego_network(
    net: nx.MultiDiGraph,
    iri: str,
    *,
    depth: int = 1,
    edge_kinds: Iterable[str] | None = None,
    node_kinds: Iterable[str] | None = None,
    as_of: str | None = None,
    max_nodes: int = 60,
    lang: str = "de",
) -> dict[str, Any] | None:
    """Everything within `depth` links of `iri`, closest first, at most `max_nodes` nodes.

    Links are followed in both directions. `edge_kinds` limits the kinds of link, `node_kinds`
    the kinds of node passed through and shown (the centre is always shown), `as_of` keeps the
    links whose period contains that year, month or day (undated links are kept). Within one
    distance the better connected nodes come first, then by IRI (the same nodes in every
    language). Labels are in `lang`. `omitted` says how many nodes and links within reach
    the cap left out. None when `iri` is not in the public network."""
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
    bounds = as_of_bounds(as_of)
    keep_edge = edge_filter(check_kinds(edge_kinds, EDGE_KINDS, "edge_kinds"), bounds)
    wanted = check_kinds(node_kinds, NODE_KINDS, "node_kinds")
    if iri not in net or not existed(net.nodes[iri], bounds):
        return None

    def keep_node(node: str) -> bool:
        # An organisation not yet founded (or dissolved) at `as_of` is not passed through:
        # an undated topic link brought it in, where the overview of that time has none.
        data = net.nodes[node]
        return (wanted is None or data["kind"] in wanted) and existed(data, bounds)

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

    # Ties are broken by the IRI, not the label: a label differs by language, and the cap
    # must choose the same nodes in every language (it chose "Frieden" in German and
    # "Kulturraum Levante Moabit" in English at depth 2 around the example's office).
    ranked = sorted(distance, key=lambda n: (distance[n], -net.degree(n), n))
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
                        edges.append(edge_dict(source, target, data, lang))
    edges.sort(key=lambda e: (e["kind"], e["source"], e["target"], e["via"]))
    nodes = [node_dict(net, n, lang, bounds, distance=distance[n]) for n in ranked[:max_nodes]]
    return {
        "center": iri,
        "nodes": nodes,
        "edges": edges,
        "counts": {"nodes": len(nodes), "edges": len(edges)},
        "omitted": {"nodes": len(distance) - len(nodes), "edges": total_edges - len(edges)},
    }
