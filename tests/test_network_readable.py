"""Networks you can read (issue 16, items 3 and 5): articulation points that really connect
otherwise separate groups, centrality in words, the picture folded and coloured before it is
drawn, a text alternative beside it, and `as_of` on every network view.

Core functions are checked on small hand-made graphs (their answers are known), the pages
through the test client on the example app.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from flask import Flask
from flask.testing import FlaskClient

from akteursgraph import network

from .test_network_pages import OFFICE, get, get_json
from .test_site_story import parse

# ---- articulation points --------------------------------------------------------------------


def test_separated_groups_counts_the_parts_a_node_holds_together() -> None:
    # A triangle a-b-c; c links a path c-d-e; d also holds f; g-h apart.
    graph = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e"), ("d", "f")])
    graph.add_edge("g", "h")
    groups = network.separated_groups(graph)
    assert groups == {"c": 2, "d": 3}
    assert set(groups) == set(nx.articulation_points(graph))
    for node, parts in groups.items():  # what the number says: the parts without it
        rest = graph.subgraph(nx.node_connected_component(graph, node) - {node})
        assert nx.number_connected_components(rest) == parts


def _organisations(*links: tuple[str, str]) -> nx.MultiDiGraph:
    net = nx.MultiDiGraph()
    for a, b in links:
        for n in (a, b):
            net.add_node(n, label=n.upper(), label_de=n.upper(), label_en=n.upper(),
                         kind="organisations", iri=n, start="", end="")  # fmt: skip
        net.add_edge(a, b, key=f"cooperation {a}{b}", kind="cooperation", label="", label_de="",
                     label_en="", start="", end="", via=f"{a}{b}")  # fmt: skip
    return net


def test_structure_names_the_bridges_in_words() -> None:
    net = _organisations(("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e"), ("d", "f"))
    result = network.structure(net, "de")
    bridges = result["bridges"]["ranking"]
    assert [(b["iri"], b["groups"], b["sizes"]) for b in bridges] == [
        ("d", 3, [3, 1, 1]),
        ("c", 2, [3, 2]),
    ]
    assert bridges[0]["words"]["de"] == (
        "direkt verbunden mit 3 Organisationen; verbindet 3 sonst getrennte Gruppen"
    )
    assert bridges[0]["words"]["en"].endswith("connects 3 otherwise separate groups")
    ranked = {r["iri"]: r for r in result["betweenness"]["ranking"]}
    assert ranked["d"]["groups"] == 3 and "verbindet 3" in ranked["d"]["words"]["de"]
    triangle = network.structure(_organisations(("a", "b"), ("b", "c"), ("a", "c")), "de")
    assert triangle["bridges"]["ranking"] == []
    assert all(r["groups"] == 0 for r in triangle["degree"]["ranking"])
    assert all("getrennte" not in r["words"]["de"] for r in triangle["degree"]["ranking"])


def _pairs_through(graph: nx.Graph, node: str) -> float:
    """Pairs of other nodes whose shortest paths run through `node`, a pair counted by the
    share of its shortest paths that do: betweenness counted by hand."""
    found = 0.0
    others = sorted(set(graph) - {node})
    for i, a in enumerate(others):
        for b in others[i + 1 :]:
            if not nx.has_path(graph, a, b):
                continue
            paths = list(nx.all_shortest_paths(graph, a, b))
            found += sum(node in p for p in paths) / len(paths)
    return found


def test_betweenness_has_its_own_words() -> None:
    """The betweenness ranking says what betweenness measures (on the shortest connections
    of how many pairs an organisation lies), not the degree's "directly linked to"."""
    links = (("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e"), ("d", "f"))
    result = network.structure(_organisations(*links), "de")
    between = {r["iri"]: r["words"] for r in result["betweenness"]["ranking"]}
    projection = nx.Graph(links)
    assert _pairs_through(projection, "d") == 7 and _pairs_through(projection, "c") == 6
    assert between["d"]["de"] == (
        "liegt auf den kürzesten Wegen zwischen 7 Paaren anderer Organisationen; "
        "verbindet 3 sonst getrennte Gruppen"
    )
    assert between["c"]["en"] == (
        "lies on the shortest paths between 6 pairs of other organisations; "
        "connects 2 otherwise separate groups"
    )
    degree = {r["iri"]: r["words"] for r in result["degree"]["ranking"]}
    assert degree["d"]["de"].startswith("direkt verbunden mit 3 Organisationen")
    # A square: each corner is on one of the two shortest paths of the opposite pair: a
    # share, said to be one once above the ranking ("rund 166 Paaren" read as a count of
    # pairs; exploratory test), not on every row (re-check).
    square = network.structure(_organisations(("a", "b"), ("b", "c"), ("c", "d"), ("d", "a")))
    for ranked in square["betweenness"]["ranking"]:
        assert ranked["words"]["de"] == (
            "liegt auf den kürzesten Wegen zwischen rund 1 Paar anderer Organisationen"
        )
        assert ranked["words"]["en"].startswith("lies on the shortest paths between about 1 pair")
    explained = square["betweenness"]["explanation"]
    assert explained["de"].endswith("zählt anteilig, daher „rund“.")
    assert "Stichprobe" not in explained["de"] and "sample" not in explained["en"]
    from akteursgraph.network.analysis import _explain_betweenness

    sampled = _explain_betweenness(sampled=True)  # above the sampling threshold: said why
    assert "Stichprobe" in sampled["de"] and "sample" in sampled["en"]


def test_overview_page_words_each_ranking_by_its_measure(client: FlaskClient) -> None:
    structure = get_json(client, "/api/network/structure")
    for lang, degree_words, between_words in (
        ("de", "direkt verbunden mit", "liegt auf den kürzesten Wegen zwischen"),
        ("en", "directly linked to", "lies on the shortest paths between"),
    ):
        html = get(client, "/network", lang=lang).get_data(as_text=True)
        ranking = r'<section aria-labelledby="h-{}">.*?(<ol>.*?</ol>)'
        degree = re.search(ranking.format("degree"), html, re.S)
        between = re.search(ranking.format("betweenness"), html, re.S)
        assert degree and between
        items = between.group(1).count("<li>")
        assert items == len(structure["betweenness"]["ranking"]) > 0
        assert parse(between.group(1)).body.count(between_words) == items
        assert degree_words not in between.group(1)
        assert parse(degree.group(1)).body.count(degree_words) == degree.group(1).count("<li>")


def test_overview_page_reads_in_words_and_names_the_bridges(client: FlaskClient) -> None:
    structure = get_json(client, "/api/network/structure")
    bridges = structure["bridges"]["ranking"]
    assert bridges, "the example network has organisations that hold groups together"
    assert all(b["groups"] >= 2 and len(b["sizes"]) == b["groups"] for b in bridges)
    html = get(client, "/network", lang="de").get_data(as_text=True)
    page = parse(html)
    assert "Ohne sie zerfällt das Netz" in page.headings
    first = bridges[0]
    assert f"verbindet {first['groups']} sonst getrennte Gruppen" in page.body
    assert first["label"] in page.link_texts()
    # Walk of 2026-12-07: "die genannten Gruppen", and none was named. The example's
    # Pankeufer network alone links two organisations to the rest (the walker's own count).
    assert "genannten Gruppen" not in page.body
    pankeufer = next(b for b in bridges if b["iri"].endswith("/diaspora-netzwerk-pankeufer"))
    alone = [[m["label"] for m in group] for group in pankeufer["cut_off"]]
    assert alone == [
        ["Afrodeutsche Studierendeninitiative Nord (Beispiel)"],
        ["Ostafrikanische Familienrunde Gesundbrunnen e.V. (Beispiel)"],
    ], alone
    assert "Nur über sie verbunden: " in page.body
    assert {m for group in alone for m in group} <= set(page.link_texts())
    # Figures in words, not in three decimals.
    assert not re.search(r"\b0\.\d{3}\b", page.body)


# ---- the picture ----------------------------------------------------------------------------


def _ego(**changes: Any) -> dict[str, Any]:
    """An ego network by hand: centre c, a hub h with six members m0..m5 that have no other
    link, a member x of h that also cooperates with c, and two cooperations c-h."""
    nodes = [{"id": "c", "label": "C", "kind": "organisations", "distance": 0},
             {"id": "h", "label": "H", "kind": "organisations", "distance": 1},
             {"id": "x", "label": "X", "kind": "organisations", "distance": 1}]  # fmt: skip
    nodes += [{"id": f"m{i}", "label": f"M{i}", "kind": "organisations", "distance": 2}
              for i in range(6)]  # fmt: skip
    edge = {"label": "", "start": "", "end": "", "via": ""}
    edges = [{**edge, "source": f"m{i}", "target": "h", "kind": "membership"} for i in range(6)]
    edges += [
        {**edge, "source": "x", "target": "h", "kind": "membership"},
        {**edge, "source": "c", "target": "x", "kind": "cooperation"},
        {**edge, "source": "c", "target": "h", "kind": "cooperation", "via": "1"},
        {**edge, "source": "h", "target": "c", "kind": "cooperation", "via": "2"},
    ]
    return {"center": "c", "nodes": nodes, "edges": edges, **changes}


def test_picture_folds_leaves_and_counts_parallel_links() -> None:
    picture = network.readable_picture(_ego(), "de")
    drawn = {n["id"]: n for n in picture["nodes"]}
    assert set(drawn) == {"c", "h", "x", "h#membership"}
    group = drawn["h#membership"]
    assert (group["kind"], group["count"], group["label"]) == ("group", 6, "6 Mitglieder")
    # What a screen reader announces of the group: members may be people, so "Mitglieder",
    # never "Mitgliedsorganisationen" (which told of six people that they were organisations).
    assert group["title"] == "6 Mitglieder von H"
    assert group["members"] == [f"m{i}" for i in range(6)]
    assert picture["folded_into"] == {f"m{i}": "h#membership" for i in range(6)}
    lines = {(e["source"], e["target"], e["kind"]): e["count"] for e in picture["edges"]}
    assert lines == {
        ("h#membership", "h", "membership"): 6,
        ("x", "h", "membership"): 1,  # x has another link: drawn on its own
        ("c", "x", "cooperation"): 1,
        ("c", "h", "cooperation"): 2,  # two cooperations, one line
    }
    # Nothing lost: every link of the ego network is counted in one line.
    assert sum(lines.values()) == len(_ego()["edges"])
    # An actor's links as the tables count them, not its lines: h has 3 lines drawn (the
    # group's, x's, c's) for 9 links with 8 actors (exploratory test: "9 Verbindungen im
    # Bild" was read out beside 23 in the table).
    assert (drawn["h"]["degree"], drawn["h"]["links"], drawn["h"]["partners"]) == (3, 9, 8)
    assert (drawn["c"]["links"], drawn["c"]["partners"]) == (3, 2)
    assert picture["kinds"] == ["organisations", "group"]
    assert {picture["community_of"][f"m{i}"] for i in range(6)} == {group["community"]}
    english = network.readable_picture(_ego(), "en")
    assert {n["label"] for n in english["nodes"]} >= {"6 members"}


def _three_on_a_topic(*topic_links: tuple[str, str]) -> dict[str, Any]:
    """An ego network by hand: c, a and b cooperating in a triangle, and their links to the
    topic t, each (actor, via)."""
    edge = {"label": "", "start": "", "end": "", "via": ""}
    return {
        "center": "c",
        "nodes": [{"id": n, "label": n.upper(), "kind": "organisations", "distance": 1}
                  for n in "cab"] + [{"id": "t", "label": "T", "kind": "topics", "distance": 1}],
        "edges": [{**edge, "source": a, "target": b, "kind": "cooperation"}
                  for a, b in (("c", "a"), ("a", "b"), ("c", "b"))]
        + [{**edge, "source": a, "target": "t", "kind": "topic", "via": via}
           for a, via in topic_links],
    }  # fmt: skip


def test_topic_lines_are_drawn_per_community_not_per_actor() -> None:
    ego = _three_on_a_topic(("a", ""), ("b", ""), ("c", ""))
    picture = network.readable_picture(ego, "de")
    (community,) = picture["communities"]
    assert (community["anchor"], community["size"]) == ("a", 3)  # ties by label: A first
    topic_lines = {(e["source"], e["target"]): e for e in picture["edges"] if e["kind"] == "topic"}
    assert set(topic_lines) == {("a", "t"), ("c", "t")}
    assert topic_lines[("a", "t")]["count"] == 2  # a and b: the community's two on topic t
    assert topic_lines[("a", "t")]["community"] == 0
    assert topic_lines[("c", "t")]["count"] == 1  # the centre's own topic stays its own line
    assert picture["community_of"]["t"] == -1  # a topic is no member of a group


def test_a_groups_topic_line_counts_its_members_not_their_links() -> None:
    """The legend says a group's topic line counts "how many of the group do": the
    Akademie's six cooperations on "Globales Lernen" made its group of 10 say 13 (exploratory
    test). Here a works on t by three links, b by one: two members."""
    ego = _three_on_a_topic(("a", "1"), ("a", "2"), ("a", "3"), ("b", ""))
    picture = network.readable_picture(ego, "de")
    topic_lines = {(e["source"], e["target"]): e for e in picture["edges"] if e["kind"] == "topic"}
    assert set(topic_lines) == {("a", "t")}
    assert (topic_lines[("a", "t")]["count"], topic_lines[("a", "t")]["links"]) == (2, 4)


def test_a_groups_topic_lines_around_the_office_count_no_more_than_the_group(
    client: FlaskClient,
) -> None:
    """The example's office at depth 1: no group's topic line says more than the group has
    members, and each says how many of its actors the table lists on that topic."""
    ego = get_json(client, "/api/network/ego", iri=OFFICE)
    picture = ego["picture"]
    sizes = {c["index"]: c["size"] for c in picture["communities"]}
    community_of = picture["community_of"]
    anchors = {c["index"]: c["anchor"] for c in picture["communities"]}
    centre = ego["center"]
    hub = anchors.get(community_of[centre]) == centre  # a group's hub: counted in its group
    on_topic: dict[tuple[int, str], set[str]] = {}
    for e in ego["edges"]:
        if e["kind"] == "topic" and (e["source"] != centre or hub):
            on_topic.setdefault((community_of[e["source"]], e["target"]), set()).add(e["source"])
    grouped = [e for e in picture["edges"] if e["kind"] == "topic" and "community" in e]
    assert grouped
    for line in grouped:
        assert line["count"] <= sizes[line["community"]], line
        assert line["count"] == len(on_topic[(line["community"], line["target"])]), line


def test_fewer_leaves_than_fold_at_stay_single() -> None:
    ego = _ego()
    keep = network.FOLD_AT - 1
    ego["nodes"] = [n for n in ego["nodes"] if not n["id"].startswith("m") or
                    int(n["id"][1:]) < keep]  # fmt: skip
    ego["edges"] = [e for e in ego["edges"] if not e["source"].startswith("m") or
                    int(e["source"][1:]) < keep]  # fmt: skip
    picture = network.readable_picture(ego, "de")
    assert picture["folded"] == 0
    assert len(picture["nodes"]) == len(ego["nodes"])


def test_depth_two_around_the_office_is_readable(client: FlaskClient) -> None:
    ego = get_json(client, "/api/network/ego", iri=OFFICE, depth=2)
    picture = ego["picture"]
    # Far fewer lines than links, nothing lost, every drawn node coloured by its community.
    assert len(picture["edges"]) < ego["counts"]["edges"] / 2
    # (a group's topic line counts its members, and the links it stands for apart)
    assert sum(e.get("links", e["count"]) for e in picture["edges"]) == ego["counts"]["edges"]
    shown = {n["id"] for n in picture["nodes"]} | set(picture["folded_into"])
    assert shown >= {n["id"] for n in ego["nodes"]}
    assert len(picture["communities"]) >= 2
    assert all(re.fullmatch(r"#[0-9A-Fa-f]{6}", n["colour"]) for n in picture["nodes"])
    assert all(c["colour"] for c in picture["communities"])

    html = get(client, "/network/ego", iri=OFFICE, depth=2, lang="de").get_data(as_text=True)
    page = parse(html)
    # The legend: shapes per kind, colours per community, with their names.
    legend = re.search(r'<div class="net-legend" id="net-legend">(.*?)</figcaption>', html, re.S)
    assert legend
    legend_text = parse(legend.group(1)).body
    assert "Organisationen" in legend_text
    for community in picture["communities"]:
        assert community["label"] in legend_text
    # The text alternative: every actor and every connection in a table.
    assert "Akteure in diesem Netzwerk" in page.headings and "Verbindungen" in page.headings
    nodes_table = re.search(r'aria-labelledby="h-net-nodes">(.*?)</section>', html, re.S)
    edges_table = re.search(r'aria-labelledby="h-net-edges">(.*?)</section>', html, re.S)
    assert nodes_table and edges_table
    assert nodes_table.group(1).count("<tr") == ego["counts"]["nodes"] + 1
    assert edges_table.group(1).count("<tr") == ego["counts"]["edges"] + 1
    # The picture's data is in the page (no second request), the picture focusable.
    assert 'id="network-data"' in html and 'id="cy" class="cy" hidden tabindex="0"' in html
    assert 'id="net-reset"' in html


# ---- as_of on every view --------------------------------------------------------------------


EARLY = "2005"
#: A year in which part of the example network existed: organisations founded later, and
#: memberships begun later, are not in the network as of then.
MIDDLE = "2016"


def _network() -> Any:
    """The example's public network (German labels), read from the shared app."""
    from flask import current_app

    return current_app.extensions["akteursgraph.network"].graph()


def _ranked(structure: dict[str, Any]) -> set[str]:
    return {r["iri"] for key in ("degree", "betweenness", "bridges")
            for r in structure[key]["ranking"]}  # fmt: skip


def twin(client: FlaskClient, path: str, **params: object) -> Any:
    """A page's JSON twin (`.json`)."""
    response = get(client, path, **params)
    assert response.mimetype == "application/json"
    return response.get_json()


def _main(html: str) -> str:
    found = re.search(r'<main id="main"[^>]*>(.*)</main>', html, re.S)
    assert found
    return found.group(1)


def test_as_of_applies_to_the_overview_and_its_api(example_app: Flask, client: FlaskClient) -> None:
    now = get_json(client, "/api/network/structure")
    then = get_json(client, "/api/network/structure", as_of=EARLY)
    assert then["links"] < now["links"]
    # the organisations founded later are not counted (other nodes stay)
    assert 0 < then["organisations"] < now["organisations"]
    growth = get_json(client, "/api/network/growth", as_of=EARLY)
    assert growth and max(r["year"] for r in growth) <= int(EARLY)
    assert len(growth) < len(get_json(client, "/api/network/growth"))

    # The page and its JSON twin: an organisation founded after MIDDLE is ranked today and
    # is not ranked as of MIDDLE; older ones stay.
    with example_app.app_context():
        net = _network()
    twin_now = twin(client, "/network.json")["structure"]
    twin_then = twin(client, "/network.json", as_of=MIDDLE)["structure"]
    founded = {iri: net.nodes[iri]["start"][:4] for iri in _ranked(twin_now)}
    later = {iri for iri, year in founded.items() if year > MIDDLE}
    assert later, "organisations founded after MIDDLE are ranked today"
    assert not later & _ranked(twin_then)
    assert _ranked(twin_then) - later, "older organisations stay ranked as of MIDDLE"
    page_now = parse(_main(get(client, "/network").get_data(as_text=True)))
    page_then = parse(_main(get(client, "/network", as_of=MIDDLE).get_data(as_text=True)))
    hrefs_now = {href for href, _ in page_now.links}
    hrefs_then = {href for href, _ in page_then.links}
    for iri in later:
        url = next(href for href in hrefs_now if iri.endswith(href.split("?")[0]))
        assert url not in hrefs_then, f"{iri} founded after {MIDDLE} is on the page as of then"


def test_as_of_applies_to_paths(example_app: Flask, client: FlaskClient) -> None:
    # A membership of one organisation in another begun after MIDDLE, with no other link
    # between the two: today they are one step apart, as of MIDDLE they are not.
    with example_app.app_context():
        net = _network()
    begun_later = [
        (a, b) for a, b, d in net.edges(data=True)
        if d["kind"] == "membership" and d["start"][:4] > MIDDLE
        and net.nodes[a]["kind"] == net.nodes[b]["kind"] == "organisations"
        and len(net.get_edge_data(a, b) or {}) + len(net.get_edge_data(b, a) or {}) == 1
    ]  # fmt: skip
    assert begun_later, "the example has memberships begun after MIDDLE"
    for member, network_ in begun_later:
        then = twin(client, "/network/paths.json", source=member, target=network_,
                    as_of=MIDDLE)["paths"]  # fmt: skip
        if then:  # connected then too, but not directly: the page must say so
            break
    else:
        pytest.fail("no membership begun after MIDDLE between organisations connected then")
    now = twin(client, "/network/paths.json", source=member, target=network_)["paths"]
    assert len(now[0]["nodes"]) == 2 and now[0]["edges"][0]["kind"] == "membership"
    assert all(len(p["nodes"]) > 2 for p in then)
    api = get_json(client, "/api/network/paths", source=member, target=network_, as_of=MIDDLE)
    assert [p["nodes"] for p in api] == [p["nodes"] for p in then]

    def chains(html: str) -> list[int]:
        """How many steps each path on the page has (arrows between its actors)."""
        found = re.search(r'<ol class="paths"(.*?)</ol>', html, re.S)
        assert found, "the page lists paths"
        return [item.count("→") for item in found.group(1).split("<li>")[1:]]

    membership = re.compile(  # "A ist seit 2018 Mitglied von B"
        rf"{re.escape(net.nodes[member]['label_de'])} ist [^.]*Mitglied von "
        rf"{re.escape(net.nodes[network_]['label_de'])}"
    )
    html_now = get(client, "/network/paths", source=member, target=network_, lang="de")
    html_then = get(client, "/network/paths", source=member, target=network_, as_of=MIDDLE,
                    lang="de")  # fmt: skip
    text_now, text_then = html_now.get_data(as_text=True), html_then.get_data(as_text=True)
    assert chains(text_now)[0] == 1 and membership.search(parse(text_now).body)
    assert min(chains(text_then)) >= 2 and not membership.search(parse(text_then).body)
    assert f'value="{MIDDLE}"' in text_then


def test_as_of_keeps_organisations_founded_later_out_of_ego_networks_and_paths(
    example_app: Flask, client: FlaskClient
) -> None:
    """The ego network as of a time passed through organisations founded later (an undated
    topic link brought them in), where the overview of that time has none (exploratory
    test): five of them around the office at depth 3 as of 2015-06."""
    from akteursgraph.network.periods import as_of_network

    when = "2015-06"
    with example_app.app_context():
        net = _network()
    then = as_of_network(net, when)
    later = {n for n in net if n not in then}
    assert later, "the example has organisations founded after " + when
    ego = twin(client, "/network/ego.json", iri=OFFICE, depth=3, as_of=when, max_nodes=300)
    shown = {node["id"] for node in ego["ego"]["nodes"]}
    assert shown and not shown & later
    for iri in sorted(later)[:3]:
        assert (
            client.get("/network/ego", query_string={"iri": iri, "as_of": when}).status_code == 404
        )
    organisations = sorted(n for n in then if then.nodes[n]["kind"] == "organisations")
    for source in organisations[:6]:
        found = twin(client, "/network/paths.json", source=source, target=OFFICE, as_of=when)
        passed = {n["id"] if isinstance(n, dict) else n for p in found["paths"] for n in p["nodes"]}
        assert not passed & later, source


def test_as_of_keeps_projects_and_events_of_other_times_out(
    example_app: Flask, client: FlaskClient
) -> None:
    """Exploratory test: as of 2015, the office's depth-2 network drew a project of 2022 to
    2025 and events of 2023 and 2025 (undated topic links brought them in), the export held
    33 projects and events of later years, and a path as of 2018 went through an event of
    2014. A project counts while it runs, an event on its day, as an organisation counts
    from its founding to its dissolution."""
    when = "2015"
    with example_app.app_context():
        net = _network()

    def outside(node: str, year: str) -> bool:
        data = net.nodes[node]
        start, end = data["start"][:4], (data["end"] or data["start"])[:4]
        if data["kind"] == "projects" and not data["end"]:
            end = "9999"
        return bool(start) and not start <= year <= end

    dated = [n for n in net if net.nodes[n]["kind"] in ("projects", "events")]
    assert any(outside(n, when) for n in dated), "the example has projects and events after 2015"
    for depth in (2, 3):
        ego = twin(client, "/network/ego.json", iri=OFFICE, depth=depth, as_of=when, max_nodes=300)
        drawn = [n["id"] for n in ego["ego"]["nodes"] if n["kind"] in ("projects", "events")]
        assert not [n for n in drawn if outside(n, when)], depth
    exported = get(client, "/api/network/export", format="json", as_of=when)
    nodes = json.loads(exported.get_data())["nodes"]
    assert not [n["id"] for n in nodes if n["id"] in net and net.nodes[n["id"]]["kind"]
                in ("projects", "events") and outside(n["id"], when)]  # fmt: skip
    organisations = [n for n in net if net.nodes[n]["kind"] == "organisations"]
    for source in organisations[:25]:
        found = twin(client, "/network/paths.json", source=source, target=OFFICE, as_of="2018")
        passed = {n["id"] if isinstance(n, dict) else n for p in found["paths"] for n in p["nodes"]}
        assert not [n for n in passed if n in net and n in dated and outside(n, "2018")], source


def test_every_network_link_keeps_as_of(client: FlaskClient) -> None:
    """A researcher looking at the network as of a year stays in that year: every link of a
    network page to another network view or an export carries `as_of` (the export links
    dropped it, so the download was today's network)."""
    ego_args = {"iri": OFFICE, "edge_kind": ["cooperation", "membership"], "as_of": MIDDLE}
    pages = [("/network", {"as_of": MIDDLE}), ("/network/ego", ego_args),
             ("/network/paths", {"as_of": MIDDLE})]  # fmt: skip
    exports = 0
    for path, params in pages:
        html = get(client, path, **params).get_data(as_text=True)
        for href, _text in parse(_main(html)).links:
            url = urllib.parse.urlsplit(href)
            if not url.path.startswith(("/network", "/api/network")):
                continue
            query = urllib.parse.parse_qs(url.query)
            assert query.get("as_of") == [MIDDLE], f"{path}: {href} drops as_of"
            if url.path == "/api/network/export":
                exports += 1
                if path == "/network/ego":  # the ego export is the network shown
                    assert query["edge_kind"] == ["cooperation", "membership"], href
                    assert query["iri"] == [OFFICE]
    assert exports == 8  # four formats on the overview and on the ego page


def test_as_of_applies_to_the_whole_network_export(client: FlaskClient) -> None:
    now = get(client, "/api/network/export", format="json").get_json(force=True)
    then = get(client, "/api/network/export", format="json", as_of=EARLY).get_json(force=True)
    assert len(then["edges"]) < len(now["edges"])
    # the organisations not founded yet, the projects not running and the events not held
    # then are left out; every other node stays
    gone = {n["id"] for n in now["nodes"]} - {n["id"] for n in then["nodes"]}
    assert gone and all(
        n["kind"] in ("organisations", "projects", "events")
        and (n["start"][:4] > EARLY or (n["end"] or n["start"])[:4] < EARLY)
        for n in now["nodes"]
        if n["id"] in gone
    )
    assert {n["kind"] for n in now["nodes"] if n["id"] in gone} >= {"organisations", "events"}


@pytest.mark.parametrize(
    "path",
    ["/network", "/api/network/structure", "/api/network/growth", "/network/paths",
     "/api/network/export", "/network/ego", "/api/network/paths"],
)  # fmt: skip
def test_a_wrong_as_of_is_a_400_on_every_view(client: FlaskClient, path: str) -> None:
    # "２０１９" (full-width digits) answered 200 with figures of no real time
    for wrong in ("gestern", "２０１９", "2019-٠٥"):
        params = {"as_of": wrong, "iri": OFFICE, "source": OFFICE, "target": OFFICE}
        response = client.get(path, query_string=params)
        assert response.status_code == 400, wrong
        assert "as_of" in response.get_data(as_text=True)


# ---- one KERN look --------------------------------------------------------------------------

#: The KERN UX class each form control must carry (`kern.min.css`), as the workspace's do.
KERN_CLASS = {
    "label": "kern-label", "legend": "kern-label", "fieldset": "kern-fieldset",
    "select": "kern-form-input__select", "textarea": "kern-form-input__input",
    "input": "kern-form-input__input", "checkbox": "kern-form-check__checkbox",
    "radio": "kern-form-check__radio", "button": "kern-btn",
}  # fmt: skip
_VOID = {"input", "br", "img", "meta", "link", "hr", "source", "use", "circle", "line", "rect"}


class FormControls(HTMLParser):
    """Form controls inside <form>s without their KERN class (`plain`), and how many there
    were (`seen`): a select must also sit in KERN's select wrapper."""

    def __init__(self) -> None:
        super().__init__()
        self.plain: list[str] = []
        self.seen = 0
        self._open: list[tuple[str, set[str]]] = []
        self._forms = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if tag == "form":
            self._forms += 1
        if self._forms and tag in KERN_CLASS:
            kind = tag
            if tag == "input":
                kind = {"checkbox": "checkbox", "radio": "radio"}.get(a.get("type") or "", "input")
                if a.get("type") in ("hidden", "submit"):
                    kind = "button" if a.get("type") == "submit" else ""
            if kind:
                self.seen += 1
                if KERN_CLASS[kind] not in classes:
                    self.plain.append(f"<{tag} id={a.get('id')!r} class={sorted(classes)}>")
                parent = self._open[-1][1] if self._open else set()
                if tag == "select" and "kern-form-input__select-wrapper" not in parent:
                    self.plain.append(f"<select id={a.get('id')!r}> outside the select wrapper")
        if tag not in _VOID:
            self._open.append((tag, classes))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._forms -= 1
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                break


def plain_controls(html: str) -> tuple[list[str], int]:
    """(the form controls of the page's main part without their KERN class, how many)."""
    parser = FormControls()
    parser.feed(_main(html))
    return parser.plain, parser.seen


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [("/network", {}, 200), ("/network/ego", {"iri": OFFICE}, 200), ("/network/paths", {}, 200),
     # one organisation at both ends: refused (400), the form shown again with the message
     ("/network/paths", {"source": OFFICE, "target": OFFICE}, 400)],
)  # fmt: skip
def test_network_forms_wear_kern_classes(
    client: FlaskClient, path: str, params: dict[str, str], status: int
) -> None:
    """The ego and paths filters had bare labels, selects, inputs and checkboxes beside the
    KERN-styled overview and workspace forms (issue 16, item 1: one look)."""
    response = client.get(path, query_string=params)
    assert response.status_code == status
    plain, seen = plain_controls(response.get_data(as_text=True))
    assert seen >= 3 and plain == []


def test_audit_6_the_picture_groups_alike_whatever_the_labels() -> None:
    """The groups' order and names were chosen by label among equals, so German and English
    could name and colour them differently: two groups of the same size around a topic, their
    labels sorting one way in one language and the other way in the other."""
    centre = "t"

    def ego(labels: dict[str, str]) -> dict[str, Any]:
        nodes = [{"id": centre, "label": "Thema", "kind": "topics", "distance": 0}]
        nodes += [{"id": n, "label": labels[n], "kind": "organisations", "distance": 1}
                  for n in ("p1", "p2", "q1", "q2")]  # fmt: skip
        edge = {"label": "", "start": "", "end": ""}
        edges = [{**edge, "source": a, "target": b, "kind": "cooperation", "via": a + b}
                 for a, b in (("p1", "p2"), ("q1", "q2"))]  # fmt: skip
        edges += [{**edge, "source": n, "target": centre, "kind": "topic", "via": ""}
                  for n in ("p1", "p2", "q1", "q2")]  # fmt: skip
        return {"center": centre, "nodes": nodes, "edges": edges}

    one = network.readable_picture(ego({"p1": "A", "p2": "B", "q1": "Y", "q2": "Z"}), "de")
    other = network.readable_picture(ego({"p1": "Z", "p2": "Y", "q1": "B", "q2": "A"}), "en")
    assert [c["anchor"] for c in one["communities"]] == ["p1", "q1"]
    assert [c["anchor"] for c in other["communities"]] == ["p1", "q1"]
    assert one["community_of"] == other["community_of"]


_GROUPS_IN_A_PROCESS = """
import json, random
import networkx as nx
from akteursgraph.network import picture
rng = random.Random(2)
shape = nx.gnm_random_graph(24, 40, seed=2)
drawn = nx.Graph()
drawn.add_nodes_from(f"https://example.org/n{v:02d}" for v in range(70))
for a, b in shape.edges:
    drawn.add_edge(f"https://example.org/n{a:02d}", f"https://example.org/n{b:02d}",
                   weight=rng.randint(1, 3))
nodes = {n: {"kind": "organisations", "label": n} for n in drawn}
found = picture._communities(drawn, nodes, "de")
print(json.dumps([found, {n: d["community"] for n, d in nodes.items()}]))
"""


def test_the_pictures_groups_are_the_same_in_every_process() -> None:
    """Louvain follows the order of the nodes, and a subgraph of networkx with fewer than
    half of its graph's nodes iterates them in a set's order, which depends on the
    process's hash seed: a picture whose linked nodes were fewer than half of those drawn
    got other groups, colours and names after each restart (and in each worker)."""
    seen = set()
    for seed in ("1", "2", "3"):
        made = subprocess.run(
            [sys.executable, "-c", _GROUPS_IN_A_PROCESS],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert made.returncode == 0, made.stderr
        seen.add(made.stdout)
    assert len(seen) == 1
    (found,) = seen
    assert len(json.loads(found)[0]) >= 3  # groups were found


def _contrast_on_white(colour: str) -> float:
    """WCAG 2.1 contrast ratio of `#rrggbb` (or `#rgb`) against white."""
    hex_digits = colour.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(d * 2 for d in hex_digits)
    channels = [int(hex_digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_every_line_and_group_colour_stands_out_from_the_page() -> None:
    """Audit (WCAG 1.4.11): lines need 3:1 against the page. The neighbourhood's lines were
    #999 (2.8:1), the picture without JavaScript #9e9e9e (2.7:1), and two group colours, which
    draw topic lines and dashed group borders, 2.3:1 (#E69F00, #56B4E9)."""
    from akteursgraph_web.network import COMMUNITY_COLOURS, OTHER_COLOUR

    static = Path(__file__).parents[1] / "webapp/static"
    css = (static / "site.css").read_text()
    lines = re.findall(r"\.edge \{ stroke: (#[0-9A-Fa-f]{3,6});", css)
    lines += re.findall(r'"line-color": "(#[0-9A-Fa-f]{3,6})"', (static / "network.js").read_text())
    assert len(lines) >= 3, lines
    weak = {c: round(_contrast_on_white(c), 2) for c in [*COMMUNITY_COLOURS, OTHER_COLOUR, *lines]
            if _contrast_on_white(c) < 3}  # fmt: skip
    assert not weak, weak
    assert len(set(COMMUNITY_COLOURS)) == len(COMMUNITY_COLOURS)


def test_the_picture_without_the_script_draws_its_names_at_12_px_as_the_script_does() -> None:
    """Without JavaScript the picture keeps its size on a phone and scrolls; its names were
    11 px, under the script's least of 12 (networks walk). The layout's estimate of a
    label's box reads the same size as the style sheet draws."""
    from akteursgraph_web import layout

    css = (Path(layout.__file__).parent / "static" / "site.css").read_text(encoding="utf-8")
    drawn = re.search(r"\.network text \{ font-size: (\d+)px;", css)
    assert drawn and int(drawn.group(1)) == layout.LABEL_SIZE >= 12
