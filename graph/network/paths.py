"""Paths: the shortest chains of links between two actors, each step explained in words.

The search walks an undirected view of the network (kept per network and filter); each step
of a path found is then explained by the link that says the most about it (see `_best_link`),
in German and English (`wording`).
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import networkx as nx

from ..errors import UsageError
from ..explore import is_current
from .ego import edge_dict, node_dict
from .kinds import EDGE_KINDS, PATH_EDGE_KINDS, check_kinds
from .periods import as_of_bounds, edge_filter
from .wording import explain_steps

MAX_PATHS = 10
#: Which link explains a step when two actors are linked in several ways: the first listed.
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


def shortest_paths(
    net: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    k: int = 3,
    edge_kinds: Iterable[str] | None = None,
    as_of: str | None = None,
    lang: str = "de",
) -> list[dict[str, Any]]:
    """Up to `k` shortest chains of links from `source` to `target` (shortest first), each
    with its nodes, the link taken at each step and a plain-words explanation in German and
    English (nodes and links labelled in `lang`). Links are followed in both directions. By
    default every kind of link except `topic` (see PATH_EDGE_KINDS); `as_of` as in
    `ego_network`. Empty when the two are not
    connected, or either is not in the public network."""
    if not isinstance(k, int) or not 1 <= k <= MAX_PATHS:
        raise UsageError(
            f"k muss 1 bis {MAX_PATHS} sein, nicht {k!r}.",
            f"k must be 1 to {MAX_PATHS}, not {k!r}.",
            where="k",
        )
    kinds = check_kinds(edge_kinds, EDGE_KINDS, "edge_kinds")
    keep = edge_filter(
        kinds if kinds is not None else frozenset(PATH_EDGE_KINDS), as_of_bounds(as_of)
    )
    if source not in net or target not in net or source == target:
        return []
    simple = _undirected(net, kinds, as_of, keep)
    try:
        found = list(itertools.islice(nx.shortest_simple_paths(simple, source, target), k))
    except nx.NetworkXNoPath:
        return []
    return [_path(net, nodes, keep, lang) for nodes in found]


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
    net: nx.MultiDiGraph, nodes: list[str], keep: Callable[[Mapping[str, str]], bool], lang: str
) -> dict[str, Any]:
    edges = []
    steps = []
    for a, b in itertools.pairwise(nodes):
        source, target, data = _best_link(net, a, b, keep)
        edges.append(edge_dict(source, target, data, lang))
        steps.append((a, b, source == a, data))
    return {
        "nodes": [node_dict(net, n, lang) for n in nodes],
        "edges": edges,
        "explanation": explain_steps(net, steps),
    }
