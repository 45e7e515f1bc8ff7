"""A network picture people can read: the ego network folded and grouped before it is drawn.

Depth 2 around a busy organisation is a hairball (the example's coordination office: 60 nodes,
435 links): many links are the same kind between the same two nodes, and many nodes hang on
one hub by a single membership or topic. So the picture

- draws one line per pair and kind, with the number of links it stands for;
- draws one line per topic and community (from its best-connected member, with the number of
  members on that topic) instead of one per actor and topic;
- folds the members (or the organisations on one topic) that hang only on one hub into one
  node "12 Mitglieder" with one line, once there are at least FOLD_AT of them (the table next
  to the picture still lists each of them);
- colours the communities (Louvain on the drawn graph, fixed seed), each named after its
  best-connected member.

Nothing is left out silently: every node and link of the ego network is either drawn, or
counted in a folded node that lists its members.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from ..explore import sort_key
from ..languages import check_lang
from . import measures
from .analysis import SEED
from .kinds import NODE_KINDS

#: Folded only from this many nodes on: fewer are drawn one by one.
FOLD_AT = 5
#: Link kinds whose leaves are folded: the many members of one network, the many actors on
#: one topic. Cooperations and activities are the point of the picture and stay.
FOLDED_KINDS = ("membership", "topic")

#: (kind, whether the folded leaves are the links' sources, language) -> (short, long). A
#: membership's source is the member, a topic link's the actor: leaves that are the targets
#: are an actor's organisations or topics, and were named "12 Akteure zum Thema Maghreb-
#: Brücke Moabit e.V." (the organisation as a topic; exploratory test).
_GROUP_WORDS = {
    ("membership", True, "de"): ("{n} Mitglieder", "{n} Mitglieder von {hub}"),
    ("membership", True, "en"): ("{n} members", "{n} members of {hub}"),
    ("membership", False, "de"): ("{n} Mitgliedschaften", "{n} Mitgliedschaften von {hub}"),
    ("membership", False, "en"): ("{n} memberships", "{n} memberships of {hub}"),
    ("topic", True, "de"): ("{n} zum Thema", "{n} Akteure zum Thema {hub}"),
    ("topic", True, "en"): ("{n} on this topic", "{n} actors on the topic {hub}"),
    ("topic", False, "de"): ("{n} Themen", "{n} Themen von {hub}"),
    ("topic", False, "en"): ("{n} topics", "{n} topics of {hub}"),
}


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def lines_per_pair(
    edges: Iterable[Mapping[str, Any]],
) -> dict[tuple[str, str, str], dict[str, Any]]:
    """One line per pair and kind of link, by (end, end, kind): {"source", "target", "kind",
    "count" (the links it stands for), "labels" (their names, each once)}; the direction of
    the first link found is kept. Both pictures draw these, the script's and the one the
    server draws for readers without JavaScript."""
    lines: dict[tuple[str, str, str], dict[str, Any]] = {}
    for e in edges:
        key = (*_pair(e["source"], e["target"]), e["kind"])
        line = lines.setdefault(
            key,
            {"source": e["source"], "target": e["target"], "kind": e["kind"], "count": 0,
             "labels": []},
        )  # fmt: skip
        line["count"] += 1
        if e.get("label") and e["label"] not in line["labels"]:
            line["labels"].append(e["label"])
    return lines


def readable_picture(ego: Mapping[str, Any], lang: str = "de") -> dict[str, Any]:
    """The drawing of an ego network (as `ego_network` answers it): {"nodes", "edges",
    "communities", "kinds", "folded", "folded_into", "community_of"}. Nodes keep their fields
    and get "community" (its index; a folded node takes its hub's; -1 when linked to nothing)
    and "degree" (drawn lines), "links" and "partners" (its links in the ego network and
    the actors they join it to, as the tables list them); folded nodes have kind "group",
    "count", "members" (IRIs) and "hub". Edges are {"id", "source", "target", "kind", "count",
    "labels"} (and "community" on a line that stands for a community's links to a topic,
    its "labels" the members' names).
    Communities are {"index", "label", "size", "anchor"}, largest first. "kinds" lists the
    kinds of node drawn (for the legend), "folded_into" maps each folded IRI to its folded
    node, "community_of" each IRI of the ego network to its community."""
    check_lang(lang)
    centre = ego["center"]
    nodes = {n["id"]: dict(n) for n in ego["nodes"]}

    lines = lines_per_pair(ego["edges"])

    # Leaves: nodes (not the centre) with exactly one line, of a folded kind.
    touching: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for key in lines:
        touching[key[0]].append(key)
        touching[key[1]].append(key)
    leaves: dict[tuple[str, str], list[str]] = defaultdict(list)  # (hub, kind) -> leaves
    for node, keys in touching.items():
        if node == centre or len(keys) != 1 or keys[0][2] not in FOLDED_KINDS:
            continue
        a, b, kind = keys[0]
        leaves[(b if a == node else a, kind)].append(node)

    for (hub, kind), folded in sorted(leaves.items()):
        if len(folded) < FOLD_AT:
            continue
        group = f"{hub}#{kind}"
        sources = lines[(*_pair(folded[0], hub), kind)]["source"] == folded[0]
        short, long = _GROUP_WORDS[(kind, sources, lang)]
        hub_label = nodes[hub]["label"]
        members = sorted(folded, key=lambda n: (sort_key(nodes[n]["label"]), n))
        nodes[group] = {
            "id": group,
            "label": short.format(n=len(folded)),
            "title": long.format(n=len(folded), hub=hub_label),
            "kind": "group",
            "count": len(folded),
            "members": members,
            "member_labels": [nodes[n]["label"] for n in members],
            "hub": hub,
            "distance": min(nodes[n].get("distance", 0) for n in folded),
        }
        count = 0
        for leaf in folded:
            count += lines.pop((*_pair(leaf, hub), kind))["count"]
            del nodes[leaf]
        lines[(*_pair(hub, group), kind)] = {
            "source": group if kind == "membership" and sources else hub,
            "target": hub if kind == "membership" and sources else group,
            "kind": kind,
            "count": count,
            "labels": [],
        }

    # Communities from who works with whom; sharing a topic does not make a group.
    communities = _communities(
        _graph(nodes, {k: v for k, v in lines.items() if k[2] != "topic"}), nodes, lang
    )
    if nodes[centre]["kind"] != "topics":
        _topics_by_community(lines, nodes, communities, centre)
    drawn = _graph(nodes, lines)
    edges = [
        {"id": f"e{i}", **line}
        for i, (_key, line) in enumerate(sorted(lines.items(), key=lambda item: item[0]))
    ]
    ordered = [n for n in (x["id"] for x in ego["nodes"]) if n in nodes]
    ordered += sorted((n for n in nodes if nodes[n]["kind"] == "group"), key=lambda n: n)
    # What an actor is linked to, as the tables list it: the picture's lines per node (its
    # "degree") had been read out as its connections, "9 Verbindungen" beside 23 in the
    # table, since a line stands for several links and a community's line for its members.
    links: dict[str, int] = defaultdict(int)
    partners: dict[str, set[str]] = defaultdict(set)
    for e in ego["edges"]:
        for a, b in ((e["source"], e["target"]), (e["target"], e["source"])):
            links[a] += 1
            partners[a].add(b)
    for n in ordered:
        nodes[n]["degree"] = drawn.degree(n)
        nodes[n]["links"] = links.get(n, 0)
        nodes[n]["partners"] = len(partners.get(n, ()))
    present = {node["kind"] for node in nodes.values()}
    folded_into = {
        member: group["id"]
        for group in nodes.values()
        if group["kind"] == "group"
        for member in group["members"]
    }
    return {
        "nodes": [nodes[n] for n in ordered],
        "edges": edges,
        "communities": communities,
        "kinds": [k for k in (*NODE_KINDS, "group") if k in present],
        "folded": sum(1 for n in nodes.values() if n["kind"] == "group"),
        # Which folded node stands for a node not drawn on its own, and each node's
        # community (a folded one: its group's), for the table beside the picture.
        "folded_into": folded_into,
        "community_of": {
            n["id"]: nodes[folded_into.get(n["id"], n["id"])]["community"] for n in ego["nodes"]
        },
    }


def _graph(nodes: Mapping[str, Any], lines: Mapping[tuple[str, str, str], Any]) -> nx.Graph:
    """The drawn picture as a simple graph, weighted by the links each pair's lines stand for."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    for (a, b, _kind), line in lines.items():
        weight = graph[a][b]["weight"] + line["count"] if graph.has_edge(a, b) else line["count"]
        graph.add_edge(a, b, weight=weight)
    return graph


def _topics_by_community(
    lines: dict[tuple[str, str, str], dict[str, Any]],
    nodes: Mapping[str, Mapping[str, Any]],
    communities: list[dict[str, Any]],
    centre: str,
) -> None:
    """One line per topic and community instead of one per actor: from the community's
    best-connected member to the topic, counting the members on that topic (`links`: how
    many links they stand for; the centre's own topics stay its own lines unless it is the
    hub). Topic links are most of a busy network's links (151 of 301 lines at depth 2
    around the example's office); who works on what stays in the table."""
    anchors = {c["index"]: c["anchor"] for c in communities}
    members: dict[tuple[str, str, int], set[str]] = defaultdict(set)
    for key, line in sorted(lines.items()):
        actor, topic = line["source"], line["target"]
        if key[2] != "topic" or nodes[topic]["kind"] != "topics":
            continue
        community = nodes[actor].get("community", -1)
        anchor = anchors.get(community)
        if anchor is None or nodes[actor]["kind"] == "group":
            continue
        if actor == centre and anchor != centre:
            continue  # the centre's own line, unless it is its group's hub
        members[(anchor, topic, community)].add(actor)
    for (anchor, topic, community), who in sorted(members.items()):
        if who == {anchor}:
            continue  # the group's hub alone: its own line, as drawn
        links = sum(lines.pop((*_pair(actor, topic), "topic"))["count"] for actor in who)
        # How many members, not how many links: the Akademie's six cooperations on
        # "Globales Lernen" made its group's line say 13 for a group of 10 (exploratory test).
        # Its members by name: tapped, the line said "2 der Gruppe arbeiten dazu" between
        # one member and the topic, and the other had no line to it at all (walk of
        # 2026-12-07).
        lines[(*_pair(anchor, topic), "topic")] = {
            "source": anchor, "target": topic, "kind": "topic", "count": len(who),
            "links": links, "labels": sorted(nodes[actor]["label"] for actor in who),
            "community": community,
        }  # fmt: skip


def _communities(
    drawn: nx.Graph, nodes: dict[str, dict[str, Any]], lang: str
) -> list[dict[str, Any]]:
    """Louvain communities of the drawn picture (folded nodes take their hub's), largest
    first; each node gets its community's index. Named after the best-connected member (ties
    by IRI, so that both languages name and order the same groups)."""
    real = drawn.subgraph(n for n in drawn if nodes[n]["kind"] != "group")
    # In the drawing's order, which a subgraph view of networkx need not keep (it may iterate
    # a set, whose order changes from process to process), and Louvain follows the order.
    linked = [n for n in drawn if n in real and real.degree(n) > 0]
    _, links = measures.adjacency(real, linked)
    groups = (
        [{linked[i] for i in group} for group in measures.louvain(links, SEED)] if linked else []
    )
    # Ties by IRI, not by label: the groups, their order and their names' members must not
    # depend on the language (Louvain itself runs on a graph built in the ego network's
    # order, which does not either).
    ranked = [sorted(group, key=lambda n: (-real.degree(n), n)) for group in groups]
    ranked.sort(key=lambda m: (-len(m), m[0]))
    index_of: dict[str, int] = {}
    communities = []
    for i, members in enumerate(ranked):
        for n in members:
            index_of[n] = i
        around = "Rund um" if lang == "de" else "Around"
        communities.append(
            {
                "index": i,
                "label": f"{around} {nodes[members[0]]['label']}",
                "size": len(members),
                "anchor": members[0],
            }
        )
    sizes: Counter[int] = Counter()
    for n, node in nodes.items():
        hub = node.get("hub")
        node["community"] = index_of.get(hub if hub else n, -1)
        sizes[node["community"]] += node.get("count", 1) if hub else 0
    for community in communities:
        community["size"] += sizes[community["index"]]
    return communities
