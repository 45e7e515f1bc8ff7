"""Paths: the shortest chains of links between two actors, each step explained in words.

The search follows links in both directions, over the network itself (Yen's algorithm, each
shortest path found by a search from both ends); each step of a path found is then explained
by the link that says the most about it (see `_best_link`), in German and English
(`wording`).
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import networkx as nx

from ..errors import UsageError
from ..explore import is_current
from .ego import edge_dict, node_dict
from .kinds import EDGE_KINDS, PATH_EDGE_KINDS, check_kinds
from .periods import as_of_bounds, edge_filter, existed
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
            "venue",
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
    bounds = as_of_bounds(as_of)
    keep = edge_filter(kinds if kinds is not None else frozenset(PATH_EDGE_KINDS), bounds)
    if source not in net or target not in net or source == target:
        return []
    if not (existed(net.nodes[source], bounds) and existed(net.nodes[target], bounds)):
        return []
    found = _k_shortest(_around(net, keep, bounds), source, target, k + _DETOURS)
    # Told as of the chosen time: a link of 2021 to 2023 still ran in January 2023.
    told_at = bounds[0] if bounds else None
    paths = []
    for nodes in found:
        path = _path(net, nodes, keep, lang, told_at, bounds)
        if not _detour(path):
            paths.append(path)
        if len(paths) == k:
            break
    return paths


#: How many more paths than asked for are looked at, for the detours left out (`_detour`).
_DETOURS = 4


def _detour(path: Mapping[str, Any]) -> bool:
    """Whether two steps in a row are told by the same link (one cooperation, one event):
    its ends are linked by it directly, so the path is a longer telling of another one. The
    third of "the 3 shortest" went from the office through a project of a cooperation to
    Maghreb-Brücke, "(same cooperation)", where the first linked the two by it directly
    (exploratory test)."""
    vias = [e.get("via") for e in path["edges"]]
    return any(a and a == b for a, b in itertools.pairwise(vias))


def without_links(
    net: nx.MultiDiGraph, nodes: Iterable[str], as_of: str | None = None, lang: str = "de"
) -> list[dict[str, Any]]:
    """Of `nodes`, those no link a path may take leads from (as of `as_of`), as answers show
    a node: why two are not connected, when it is so. "Not connected" alone left the reader
    guessing whether the two are in separate parts of the network or one of them has no
    link recorded at all. `existed` says whether it was in the network then at all: one
    founded later was said to have had "no link as of 1800", where its ego network says it
    was not part of the network then (exploratory test)."""
    bounds = as_of_bounds(as_of)
    around = _around(net, edge_filter(frozenset(PATH_EDGE_KINDS), bounds), bounds)
    found = []
    for n in dict.fromkeys(nodes):
        if n not in net:
            continue
        there = existed(net.nodes[n], bounds)
        if not there or not around(n):
            found.append(node_dict(net, n, lang, existed=there))
    return found


def _around(
    net: nx.MultiDiGraph,
    keep: Callable[[Mapping[str, str]], bool],
    bounds: tuple[str, str] | None = None,
) -> Callable[[str], list[str]]:
    """The neighbours of a node over the links that `keep` keeps, in both directions, read
    from the network itself and kept for the one search that asks (Yen's algorithm visits
    the same nodes again and again). An undirected copy of the network, kept per filter,
    cost 23-32 MiB and 1.3-2.1 s after every publication at the 1M district."""
    succ, pred = net._succ, net._pred
    known: dict[str, list[str]] = {}

    def around(node: str) -> list[str]:
        found = known.get(node)
        if found is None:
            found = known[node] = [
                other
                for side in (succ[node], pred[node])
                for other, links in side.items()
                if any(keep(data) for data in links.values())
                and existed(net.nodes[other], bounds)  # as in `ego_network`
            ]
        return found

    return around


def _k_shortest(
    around: Callable[[str], list[str]], source: str, target: str, k: int
) -> list[list[str]]:
    """Up to `k` shortest simple paths, shortest first (Yen's algorithm): each next path
    leaves one of the paths found at one of its nodes by a step none of them took there."""
    first = _shortest(around, source, target, set(), set())
    if first is None:
        return []
    found = [first]
    known = {tuple(first)}
    waiting: list[tuple[int, int, list[str]]] = []
    order = itertools.count()
    while len(found) < k:
        last = found[-1]
        for i in range(len(last) - 1):
            root = last[: i + 1]
            taken = set()
            for path in found:
                if path[: i + 1] == root:
                    taken.add((path[i], path[i + 1]))  # as walked: from the source on
            rest = _shortest(around, root[-1], target, set(root[:-1]), taken)
            if rest is not None and tuple(root[:-1] + rest) not in known:
                known.add(tuple(root[:-1] + rest))
                heapq.heappush(waiting, (len(root) + len(rest), next(order), root[:-1] + rest))
        if not waiting:
            break
        found.append(heapq.heappop(waiting)[2])
    return found


def _shortest(
    around: Callable[[str], list[str]],
    source: str,
    target: str,
    avoid: set[str],
    taken: set[tuple[str, str]],
) -> list[str] | None:
    """A shortest path from `source` to `target` that visits no node of `avoid` and takes no
    step of `taken`, or None: a search from both ends, growing the smaller side a whole
    level at a time, so that where they meet first lies on a shortest path."""
    if source == target:
        return [source]
    before: dict[str, str | None] = {source: None}
    after: dict[str, str | None] = {target: None}
    ahead, behind = [source], [target]
    while ahead and behind:
        forward = len(ahead) <= len(behind)
        frontier, seen, other = (ahead, before, after) if forward else (behind, after, before)
        grown: list[str] = []
        for node in frontier:
            for step in around(node):
                if step in seen or step in avoid:
                    continue
                if ((node, step) if forward else (step, node)) in taken:
                    continue
                seen[step] = node
                if step in other:
                    return _joined(step, before, after)
                grown.append(step)
        if forward:
            ahead = grown
        else:
            behind = grown
    return None


def _joined(
    meeting: str, before: Mapping[str, str | None], after: Mapping[str, str | None]
) -> list[str]:
    path: list[str] = []
    node: str | None = meeting
    while node is not None:
        path.append(node)
        node = before[node]
    path.reverse()
    node = after[meeting]
    while node is not None:
        path.append(node)
        node = after[node]
    return path


def _best_link(
    net: nx.MultiDiGraph,
    a: str,
    b: str,
    keep: Callable[[Mapping[str, str]], bool],
    told_at: str | None = None,
) -> tuple[str, str, Mapping[str, str]]:
    """The link between a and b that explains the step best: one current at `told_at`
    (None: today), then the strongest kind, then of the current ones the longest running (its
    "seit" is true of the pair), of the past ones the most recent. Two running cooperations,
    of 2017 and 2021, read "kooperiert seit 2021", as if the pair had not worked together
    before; and a cooperation of 2020 to 2021 ("kooperierte") stood for a pair whose
    membership runs (re-check)."""
    options = [(a, b, data) for data in (net.get_edge_data(a, b) or {}).values() if keep(data)] + [
        (b, a, data) for data in (net.get_edge_data(b, a) or {}).values() if keep(data)
    ]

    def rank(option: tuple[str, str, Mapping[str, str]]) -> tuple[bool, int, str, str]:
        data = option[2]
        current = is_current(data["end"], told_at)
        return (
            not current,
            _EDGE_PRIORITY[data["kind"]],
            (data["start"] or "\U0010ffff") if current else _invert(data["start"]),
            data["via"],
        )

    return min(options, key=rank)


def _invert(text: str) -> str:
    """A key that sorts later dates first (and undated last)."""
    return "".join(chr(0x10FFFF - ord(c)) for c in text) if text else "\U0010ffff"


def _path(
    net: nx.MultiDiGraph,
    nodes: list[str],
    keep: Callable[[Mapping[str, str]], bool],
    lang: str,
    told_at: str | None = None,
    bounds: tuple[str, str] | None = None,
) -> dict[str, Any]:
    edges = []
    steps = []
    for a, b in itertools.pairwise(nodes):
        source, target, data = _best_link(net, a, b, keep, told_at)
        edges.append(edge_dict(source, target, data, lang))
        steps.append((a, b, source == a, data))
    return {
        "nodes": [node_dict(net, n, lang, bounds) for n in nodes],
        "edges": edges,
        "explanation": explain_steps(net, steps, today=told_at),
    }
