"""Network pages, JSON API, exports and the server-drawn pictures, through Flask's test client
on the real app (the example store).

The pictures are parsed and their positions compared with the ring layout (webapp/layout.py)
that both the network page and the entity page use. Every request parameter that is wrong is
a 400 naming the parameter in German and English, never a 500 (issue 10).
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
import math
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from akteursgraph import network
from akteursgraph_web.explorer import EGO_FONT, label_lines
from akteursgraph_web.layout import column_layout, ring_layout
from akteursgraph_web.network import svg_layout

OFFICE = "https://w3id.org/akteursgraph/mitte/organisation/koordinationsstelle-entwicklungspolitik"
OFFICE_PAGE = "/organisation/koordinationsstelle-entwicklungspolitik"


def get(client: FlaskClient, path: str, **params: object) -> TestResponse:
    response = client.get(path, query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)[-500:]
    return response


def get_json(client: FlaskClient, path: str, **params: object) -> Any:
    response = get(client, path, **params)
    assert response.content_type == "application/json"
    return response.get_json()


def svg(html: str, opening: str) -> ET.Element:
    """The <svg> element of the page that starts with `opening`, parsed as XML."""
    found = re.search(re.escape(opening) + r".*?</svg>", html, re.S)
    assert found, f"no {opening} in the page"
    return ET.fromstring(found.group(0))


def position(element: ET.Element) -> tuple[float, float]:
    return float(element.get("cx", "nan")), float(element.get("cy", "nan"))


# ---- the ring layout ------------------------------------------------------------------------


def test_ring_layout_puts_rings_around_the_centre() -> None:
    nodes = [{"id": "c", "distance": 0}] + [{"id": f"a{i}", "distance": 1} for i in range(4)]
    nodes += [{"id": f"b{i}", "distance": 2} for i in range(3)]
    edges = [
        {"source": "c", "target": "a0"},
        {"source": "a0", "target": "b1"},
        {"source": "a1", "target": "elsewhere"},  # an end not drawn: the edge is left out
    ]
    picture = ring_layout(nodes, edges, width=800, height=560)
    assert (picture["width"], picture["height"]) == (800, 560)
    assert picture["centre"] == {"x": 400.0, "y": 280.0}
    placed = {n["id"]: n for n in picture["nodes"]}
    assert [n["id"] for n in picture["nodes"]] == [n["id"] for n in nodes]
    assert (placed["c"]["x"], placed["c"]["y"]) == (400.0, 280.0)
    # Two rings: one step is 280 / (2 + 0.6); rings are 1.35 times wider than high.
    step = 280 / 2.6
    for name, node in placed.items():
        if name == "c":
            continue
        ring = node["distance"]
        dx, dy = (node["x"] - 400) / (ring * step * 1.35), (node["y"] - 280) / (ring * step)
        assert math.isclose(dx * dx + dy * dy, 1, abs_tol=0.01), name
        assert 0 <= node["x"] <= 800 and 0 <= node["y"] <= 560
    # The first of the inner ring at the top; the ring evenly spread, clockwise.
    assert (placed["a0"]["x"], placed["a0"]["y"]) == (400.0, round(280 - step, 1))
    assert placed["a1"]["x"] > 400 and placed["a3"]["x"] < 400
    # Labels run away from the centre.
    assert (placed["a1"]["anchor"], placed["a1"]["tx"]) == ("start", placed["a1"]["x"] + 10)
    assert (placed["a3"]["anchor"], placed["a3"]["tx"]) == ("end", placed["a3"]["x"] - 10)
    assert placed["a1"]["ty"] == round(placed["a1"]["y"] + 4, 1)
    # The outer ring is turned against the inner one.
    assert placed["b0"]["x"] != 400
    assert [(e["source"], e["target"]) for e in picture["edges"]] == [("c", "a0"), ("a0", "b1")]
    line = picture["edges"][1]
    assert (line["x1"], line["y1"], line["x2"], line["y2"]) == (
        placed["a0"]["x"],
        placed["a0"]["y"],
        placed["b1"]["x"],
        placed["b1"]["y"],
    )
    assert ring_layout(nodes, edges, width=800, height=560) == picture  # deterministic


def test_ring_layout_draws_no_label_over_another() -> None:
    """Labels in the order given (closest and best connected first) are drawn where they
    cover no label drawn before them, by their estimated box (`layout.CHAR_WIDTH`)."""
    nodes = [{"id": "c", "distance": 0, "label": "Koordinationsstelle"}]
    nodes += [{"id": f"n{i}", "distance": 1 + i // 20, "label": "Verein " * 4} for i in range(60)]
    picture = ring_layout(nodes, width=800, height=560)
    boxes = []
    for n in picture["nodes"]:
        if n["labelled"]:
            width = min(len(n["label"]), 30) * 11 * 0.62
            left = n["tx"] if n["anchor"] == "start" else n["tx"] - width
            boxes.append((left, n["ty"] - 11, left + width, n["ty"] + 3.3))
    assert picture["nodes"][0]["labelled"] and 5 < len(boxes) < 60
    # inside the picture: a label that would run past its edge runs the other way, or not
    assert all(b[0] >= 0 and b[2] <= 800 and b[1] >= 0 and b[3] <= 560 for b in boxes)
    assert any(n["labelled"] and n["anchor"] == "end" and n["x"] > 400 for n in picture["nodes"])
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_ring_layout_of_a_centre_alone() -> None:
    picture = ring_layout([{"id": "c", "distance": 0}], width=600, height=420)
    assert [(n["x"], n["y"]) for n in picture["nodes"]] == [(300.0, 210.0)]
    assert picture["edges"] == []


# ---- the ego network: API and page ------------------------------------------------------------


def test_ego_api_caps_and_says_what_it_left_out(client: FlaskClient) -> None:
    full = get_json(client, "/api/network/ego", iri=OFFICE, depth=2, max_nodes=300)
    capped = get_json(client, "/api/network/ego", iri=OFFICE, depth=2, max_nodes=10)
    assert capped["counts"]["nodes"] == 10
    assert capped["omitted"]["nodes"] == full["counts"]["nodes"] - 10
    assert capped["nodes"][0]["id"] == OFFICE
    assert all(n["url"].startswith("/") for n in capped["nodes"])
    assert {n["id"] for n in capped["nodes"]} < {n["id"] for n in full["nodes"]}


def test_every_entity_page_leads_to_the_network_around_it_only_where_there_is_one(
    client: FlaskClient, example_app: Flask
) -> None:
    """The entity page's link "Explore the network around …" led to a 404 on every
    cooperation (one of the network's links, not a node) and speaker profile."""
    store = example_app.extensions["akteursgraph.store"]
    base = store.base_iri
    by_type: dict[str, list[str]] = {}
    for row in store.select("SELECT ?e ?t WHERE { ?e a ?t } ORDER BY ?e", public_only=True):
        if row["e"].value.startswith(base):
            by_type.setdefault(row["t"].value, []).append(row["e"].value)
    entities = sorted({iri for found in by_type.values() for iri in found[:3]})  # each type
    shown = hidden = 0
    for iri in entities:
        response = client.get("/" + iri.removeprefix(base))
        if response.status_code != 200:
            continue  # a graph's or vocabulary's document
        links = re.findall(r'href="(/network/ego\?iri=[^"]+)"', response.get_data(as_text=True))
        if not links:
            hidden += 1
            continue
        shown += 1
        assert client.get(unescape(links[0])).status_code == 200, iri
    assert shown > 10 and hidden > 5  # both cases met: organisations, cooperations ...


@pytest.mark.parametrize(
    "page",
    ["/entity?iri=https://w3id.org/akteursgraph/vocab/topic/colonial-history",
     "/site/manga-bell-platz", "/organisation/bezirksamt-mitte"],
)  # fmt: skip
def test_an_entity_in_the_network_links_to_it_without_a_neighbourhood_drawn(
    client: FlaskClient, page: str
) -> None:
    """Exploratory test: topics, sites and the district office are nodes of the network
    (their twin says `in_network`), but their pages draw no neighbourhood, and the link to
    the network around them sat inside that drawing: no page led to it."""
    html = client.get(page).get_data(as_text=True)
    twin = client.get(page, headers={"Accept": "application/json"}).get_json()
    assert twin["entity"]["in_network"]
    links = re.findall(r'href="(/network/ego\?iri=[^"]+)"', html)
    assert links, page
    assert client.get(unescape(links[0])).status_code == 200


def test_no_network_around_an_entry_says_why(client: FlaskClient) -> None:
    """Exploratory test: an organisation founded in 2018 asked for as of 2015, and a
    cooperation (a link, not a node), both answered "nothing public at this address",
    though their pages answer."""
    founded = "https://w3id.org/akteursgraph/mitte/example/organisation/roda-brasileira-tiergarten"
    early = client.get("/network/ego", query_string={"iri": founded, "as_of": "2015"})
    text = early.get_data(as_text=True)
    assert early.status_code == 404 and "gehörte dieser Eintrag nicht zum Netzwerk" in text
    assert client.get("/network/ego", query_string={"iri": founded}).status_code == 200
    cooperation = "https://w3id.org/akteursgraph/mitte/example/cooperation/"
    cooperation += "migration-development-diaspora-netzwerk-pankeufer-strassennamen-neu-lesen-2016"
    link = client.get("/network/ego.json", query_string={"iri": cooperation})
    assert link.status_code == 404 and "no node of the network" in link.get_json()["error"]["en"]


def test_folded_topics_of_an_actor_are_named_its_topics(client: FlaskClient) -> None:
    """Exploratory test: around an organisation with only topic links drawn, its twelve
    topics were folded as "12 Akteure zum Thema Maghreb-Brücke Moabit e.V.": the words
    took every hub for a topic."""
    org = "https://w3id.org/akteursgraph/mitte/example/organisation/maghreb-bruecke-moabit"
    query = {"iri": org, "edge_kind": "topic", "lang": "de"}
    picture = client.get("/network/ego.json", query_string=query).get_json()["ego"]["picture"]
    (group,) = [n for n in picture["nodes"] if n["kind"] == "group"]
    assert group["title"].startswith(f"{group['count']} Themen von Maghreb-Brücke Moabit")
    assert "zum Thema" not in group["title"]
    # Around a topic, its actors are still "Akteure zum Thema".
    topic = "https://w3id.org/akteursgraph/vocab/topic/colonial-history"
    around = client.get("/network/ego.json", query_string={"iri": topic, "lang": "de"}).get_json()
    titles = [n["title"] for n in around["ego"]["picture"]["nodes"] if n["kind"] == "group"]
    assert all("Themen von" not in t for t in titles)


def test_the_picture_without_javascript_draws_one_line_per_pair_with_its_count(
    client: FlaskClient,
) -> None:
    """Without JavaScript the picture around the office drew a line for every link: 334
    lines at 227 places, up to six on top of each other, and no number on any, though the
    legend says "a number on it: that many connections" (researcher's walk). One line per
    pair and kind, as the script draws them, its number on it where it stands for more."""
    ego = get_json(client, "/api/network/ego", iri=OFFICE)
    pairs: dict[tuple[frozenset[str], str], int] = {}
    for e in ego["edges"]:
        key = (frozenset((e["source"], e["target"])), e["kind"])
        pairs[key] = pairs.get(key, 0) + 1
    assert max(pairs.values()) > 1  # the office's data has such pairs
    html = get(client, "/network/ego", iri=OFFICE).get_data(as_text=True)
    picture = svg(html, '<svg id="network-svg"')
    lines = picture.findall("./line")
    assert len(lines) == len(pairs) < len(ego["edges"])
    counts = sorted(int(t.text or "0") for t in picture.findall("./text[@class='edge-count']"))
    assert counts == sorted(n for n in pairs.values() if n > 1)
    twin = client.get("/network/ego.json", query_string={"iri": OFFICE}).get_json()
    drawn = twin["picture"]["edges"]
    assert len(drawn) == len(pairs) and sum(e["count"] for e in drawn) == len(ego["edges"])


def test_ego_page_draws_the_ring_layout_without_javascript(client: FlaskClient) -> None:
    ego = get_json(client, "/api/network/ego", iri=OFFICE)
    html = get(client, "/network/ego", iri=OFFICE).get_data(as_text=True)
    assert "Dachnetzwerk Globales Mitte" in html
    picture = svg(html, '<svg id="network-svg"')
    assert picture.get("viewBox") == "0 0 800 560"
    expected = ring_layout(ego["nodes"], ego["edges"], width=800, height=560)
    circles = picture.findall("./a/circle")
    assert [position(c) for c in circles] == [(n["x"], n["y"]) for n in expected["nodes"]]
    assert circles[0].get("class") == "node organisations centre"
    assert position(circles[0]) == (400.0, 280.0)
    assert [a.get("href") for a in picture.findall("./a")] == [n["url"] for n in ego["nodes"]]
    # The names after every circle and number, so that none lies under one (networks
    # walk), hidden from screen readers (each circle's link is named by its title) and
    # from the pointer: as links, names over other circles took their clicks (re-check).
    assert [child.tag for child in picture][-1] == "g"
    names = picture.find("./g[@class='names']")
    assert names is not None and names.get("aria-hidden") == "true"
    assert names.find(".//a") is None
    texts = names.findall("./text")
    assert [(t.get("x"), t.get("text-anchor")) for t in texts] == [
        (str(n["tx"]), n["anchor"]) for n in expected["nodes"] if n["labelled"]
    ]
    css = (Path(__file__).parents[1] / "webapp" / "static" / "site.css").read_text()
    assert ".network .names { pointer-events: none; }" in css
    titles = [a.findtext("./title") for a in picture.findall("./a")]
    assert titles == [n["label"] for n in expected["nodes"]]
    assert expected["nodes"][0]["labelled"]  # the centre's name is drawn first
    # One line per pair and kind (`svg_layout`), from node to node.
    lines = picture.findall("./line")
    grouped = svg_layout(ego)["edges"]
    assert len(lines) == len(grouped) < ego["counts"]["edges"]
    ends = ("x1", "y1", "x2", "y2")
    drawn = [tuple(float(line.get(k, "nan")) for k in ends) for line in lines]
    where = {n["id"]: (n["x"], n["y"]) for n in expected["nodes"]}
    assert drawn == [(*where[e["source"]], *where[e["target"]]) for e in grouped]


def test_the_ego_table_dates_a_link_to_a_one_day_event_on_that_day(client: FlaskClient) -> None:
    """Exploratory test: the table of links around the 2016 workshop said "seit 11. Juni
    2016" for who organised it, spoke at it and took part, as if those links still ran; the
    event's own page says "am 11. Juni 2016" (issue 16: a one-day event shows its date)."""
    event = "https://w3id.org/akteursgraph/mitte/example/event/"
    event += "workshop-koloniale-spuren-im-afrikanischen-viertel-2016"
    html = client.get("/network/ego", query_string={"iri": event, "lang": "de"}).get_data(
        as_text=True
    )
    table = html[html.index("Verbindungen im Netzwerk von") :]
    assert "am 11. Juni 2016" in table
    assert "seit 11. Juni 2016" not in table
    twin = client.get("/network/ego.json", query_string={"iri": event, "lang": "de"}).get_json()
    assert {e["when"] for e in twin["ego"]["edges"] if e["start"] == "2016-06-11"} == {
        "am 11. Juni 2016"
    }


def test_ego_page_filters_and_keeps_the_choice(client: FlaskClient) -> None:
    html = get(
        client, "/network/ego", iri=OFFICE, depth=2, as_of="2019", edge_kind="cooperation"
    ).get_data(as_text=True)
    ego = get_json(
        client, "/api/network/ego", iri=OFFICE, depth=2, as_of="2019", edge_kind="cooperation"
    )
    assert {e["kind"] for e in ego["edges"]} == {"cooperation"}
    assert len(svg(html, '<svg id="network-svg"').findall("./a/circle")) == ego["counts"]["nodes"]
    assert '<option value="2" selected>' in html
    assert 'id="as_of" name="as_of" size="6" value="2019"' in html
    assert re.search(r'id="ek-cooperation" name="edge_kind" value="cooperation"\s+checked', html)
    assert not re.search(r'id="ek-membership" name="edge_kind" value="membership"\s+checked', html)


def test_the_ego_form_keeps_the_kinds_of_actor_and_the_cap(client: FlaskClient) -> None:
    """Pressing "Show" (to change the depth) dropped `node_kind` and `max_nodes` silently: a
    different network, with every kind of actor and 60 of them (exploratory test)."""
    html = get(
        client, "/network/ego", iri=OFFICE, depth=2, node_kind="organisations", max_nodes=10
    ).get_data(as_text=True)
    start = html.index('<form class="filters"')
    form = html[start : html.index("</form>", start)]
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    assert fields == {"iri": OFFICE, "node_kind": "organisations", "max_nodes": "10"}


def test_the_paths_page_asks_between_organisations(client: FlaskClient) -> None:
    """A topic at one end answered "these two organisations are not connected", a person's
    paths showed beside another organisation chosen in the form (exploratory test); the
    API still finds paths between any actors."""
    topic = "https://w3id.org/akteursgraph/vocab/topic/colonial-history"
    person = "https://w3id.org/akteursgraph/mitte/person/carl-peters"
    for other in (topic, person):
        for path in ("/network/paths", "/network/paths.json"):
            answer = client.get(path, query_string={"source": OFFICE, "target": other})
            assert answer.status_code == 400, (path, other)
            assert "is no organisation" in answer.get_data(as_text=True) or (
                "keine Organisation" in answer.get_data(as_text=True)
            )
    api = client.get("/api/network/paths", query_string={"source": OFFICE, "target": person})
    assert api.status_code == 200
    # Named as the office knows it, not by its address (exploratory test)
    said = client.get("/network/paths.json", query_string={"source": OFFICE, "target": topic})
    error = said.get_json()["error"]
    assert error["de"].startswith("target: 'Kolonialgeschichte' ist keine Organisation"), error
    assert error["en"].startswith("target: 'Colonial history' is no organisation"), error


def test_the_legend_explains_only_the_lines_drawn(client: FlaskClient) -> None:
    """With one kind of connection chosen the legend still explained the topic and
    membership lines, none of which was drawn (exploratory test)."""

    def legend(**params: object) -> str:
        html = get(client, "/network/ego", iri=OFFICE, depth=2, lang="en", **params)
        text = html.get_data(as_text=True)
        return text[text.index('id="net-legend"') : text.index("</figcaption>")]

    every = legend()
    assert "works on a topic" in every and "legend-membership" in every
    cooperations = legend(edge_kind="cooperation")
    assert "works on a topic" not in cooperations and "legend-membership" not in cooperations
    assert "a connection; a number on it" in cooperations


def test_unknown_actor_is_404(client: FlaskClient) -> None:
    nobody = "https://w3id.org/akteursgraph/mitte/organisation/nobody"
    assert client.get("/api/network/ego", query_string={"iri": nobody}).status_code == 404
    assert client.get("/network/ego", query_string={"iri": nobody}).status_code == 404
    paths = {"source": OFFICE, "target": nobody}
    assert client.get("/api/network/paths", query_string=paths).status_code == 404
    assert client.get("/network/paths", query_string=paths).status_code == 404


# ---- the entity page's neighbourhood ------------------------------------------------------------


def test_entity_page_draws_its_neighbours_in_two_columns(client: FlaskClient) -> None:
    html = get(client, OFFICE_PAGE).get_data(as_text=True)
    picture = svg(html, '<svg class="ego"')
    width, height = (float(v) for v in picture.get("viewBox", "").split()[2:])
    centre = picture.find("./circle")
    assert centre is not None and centre.get("class") == "centre"
    assert position(centre) == (width / 2, height / 2)
    neighbours = picture.findall("./a/circle")
    # The office has more direct connections than are drawn: 16 drawn, the rest counted.
    assert len(neighbours) == 16
    caption = re.search(r"<figcaption>(\d+) weitere Verbindungen", html)
    assert caption and int(caption.group(1)) > 0
    expected = column_layout([{"id": i} for i in range(16)], width=int(width), font_size=EGO_FONT)[
        "nodes"
    ]
    assert [position(c) for c in neighbours] == [(n["x"], n["y"]) for n in expected]
    texts = picture.findall("./a/text")
    assert [(t.get("x"), t.get("text-anchor")) for t in texts] == [
        (str(n["tx"]), n["anchor"]) for n in expected
    ]
    # One line from the centre to each neighbour; each neighbour links to its page.
    lines = picture.findall("./line")
    assert [(float(x.get("x2", "nan")), float(x.get("y2", "nan"))) for x in lines] == [
        position(c) for c in neighbours
    ]
    assert {(float(x.get("x1", "nan")), float(x.get("y1", "nan"))) for x in lines} == {
        position(centre)
    }
    assert all(a.get("href", "").startswith("/") for a in picture.findall("./a"))


def test_an_events_page_names_and_draws_who_it_is_by(client: FlaskClient) -> None:
    """The picture of an event's neighbourhood showed its topics alone, and the page named
    its organisers and contributors only in its statements table (issue 16, item 3)."""
    page = "/example/event/fachtag-migrant-innenorganisationen-und-bezirk-2025"
    html = get(client, page).get_data(as_text=True)
    for heading in ("Veranstaltet von", "Mitwirkende"):
        assert re.search(rf'<h2 id="h-[a-z_]+">{heading}</h2>', html), heading
    organisers = html[html.index('id="h-organised_by"') : html.index('id="h-contributors"')]
    assert (
        OFFICE_PAGE in organisers
        and "/example/organisation/dachnetzwerk-globales-mitte" in organisers
    )
    drawn = {a.get("href") for a in svg(html, '<svg class="ego"').findall("./a")}
    assert {OFFICE_PAGE, "/example/organisation/dachnetzwerk-globales-mitte"} <= drawn
    english = get(client, page, lang="en").get_data(as_text=True)
    assert '<h2 id="h-organised_by">Organised by</h2>' in english
    assert '<h2 id="h-contributors">Contributors</h2>' in english


def test_a_cooperations_page_names_and_draws_its_partners(client: FlaskClient) -> None:
    """A cooperation's page named its partners only in the statements table ("Partner*in"),
    and its picture drew its two topics alone, as if no organisation took part (issue 16,
    item 3). Its twin holds them as `partners`."""
    page = "/example/cooperation/climate-justice-mekong-werkstatt-bildungswerk-diaspora-2026"
    partners = {
        OFFICE_PAGE,
        "/example/organisation/mekong-werkstatt-mitte",
        "/example/organisation/bildungswerk-diaspora-und-entwicklung",
    }
    html = get(client, page).get_data(as_text=True)
    start = html.index('<h2 id="h-partners">Partner*innen</h2>')
    listed = html[start : html.index("</section>", start)]
    assert set(re.findall(r'href="([^"]+)"', listed)) == partners
    drawn = {a.get("href") for a in svg(html, '<svg class="ego"').findall("./a")}
    assert partners <= drawn
    english = get(client, page, lang="en").get_data(as_text=True)
    assert '<h2 id="h-partners">Partners</h2>' in english
    named = get(client, page + ".json").get_json()["entity"]["relations"]["partners"]
    assert {r["iri"].removeprefix(OFFICE.removesuffix(OFFICE_PAGE)) for r in named} == partners


def test_a_project_and_its_events_and_cooperations_name_and_draw_each_other(
    client: FlaskClient,
) -> None:
    """A project's page had its events and cooperations only under "Verlinkt von: ist Teil
    von", undrawn, and an event's page named its project only in the statements table
    (issue 16, item 3: pages that tell the story)."""
    project = "/example/project/diaspora-wissen-fuer-die-verwaltung"
    parts = {
        "/example/event/fortbildung-diskriminierungssensible-sprache-2023": "am 16. Mai 2023",
        "/example/event/fortbildung-interkulturelle-oeffnung-in-der-buergerberatung-2022":
            "am 22. März 2022",
        "/example/event/fortbildung-globale-abhaengigkeiten-und-oeffentliche-beschaffung-2021":
            "am 8. Juni 2021",
        "/example/cooperation/intercultural-opening-bildungswerk-diaspora-frauenforum-senegambia-2023":
            "24. Januar 2023 – 2024",
    }  # fmt: skip
    html = get(client, project).get_data(as_text=True)
    start = html.index('<h2 id="h-parts">Im Rahmen des Projekts</h2>')
    listed = html[start : html.index("</section>", start)]
    assert re.findall(r'href="([^"]+)"', listed) == list(parts)  # the newest first
    for path, when in parts.items():
        entry = listed[listed.index(path) : listed.index("</li>", listed.index(path))]
        assert f'<span class="meta">{when}</span>' in entry, path
    drawn = {a.get("href") for a in svg(html, '<svg class="ego"').findall("./a")}
    assert set(parts) <= drawn
    assert '<h2 id="h-parts">Within the project</h2>' in get(client, project, lang="en").get_data(
        as_text=True
    )

    for part in parts:
        html = get(client, part, lang="de").get_data(as_text=True)
        start = html.index('<h2 id="h-part_of">Teil des Projekts</h2>')
        listed = html[start : html.index("</section>", start)]
        assert re.findall(r'href="([^"]+)"', listed) == [project], part
        assert project in {a.get("href") for a in svg(html, '<svg class="ego"').findall("./a")}
    twin = get(client, part + ".json").get_json()["entity"]["relations"]
    assert [r["iri"] for r in twin["part_of"]] == [OFFICE.removesuffix(OFFICE_PAGE) + project]


def test_an_event_says_where_it_was_and_the_place_lists_its_events(client: FlaskClient) -> None:
    """An event's place stood only in its statements table ("Veranstaltungsort"), and the
    commemoration at Manga-Bell-Platz only under the site's "Verlinkt von" (issue 16, item 3).
    Now the event says where beside when, the site lists the events held there with their
    dates, and the site's picture draws them beside the persons its names honour, as the
    network links those to it."""
    event = "/example/event/gedenkveranstaltung-am-manga-bell-platz-2023"
    html = get(client, event, lang="de").get_data(as_text=True)
    assert '<p class="when"><span class="when-label">Wann:</span> am 2. Dezember 2023</p>' in html
    assert (
        '<p class="where"><span class="when-label">Wo:</span> '
        '<a href="/site/manga-bell-platz">Manga-Bell-Platz</a></p>'
    ) in html
    assert 'id="h-held_at"' not in html  # beside when, no section of its own

    site = get(client, "/site/manga-bell-platz", lang="de").get_data(as_text=True)
    start = site.index('<h2 id="h-held_here">Veranstaltungen an diesem Ort</h2>')
    listed = site[start : site.index("</section>", start)]
    assert re.findall(r'href="([^"]+)"', listed) == [
        "/example/event/fortbildung-erinnerungskultur-und-strassenumbenennungen-2025",
        event,
    ]
    assert '<span class="meta">am 2. Dezember 2023</span>' in listed
    drawn = {a.get("href") for a in svg(site, '<svg class="ego"').findall("./a")}
    honoured = {"/person/rudolf-duala-manga-bell", "/person/emily-duala-manga-bell",
                "/person/gustav-nachtigal"}  # fmt: skip
    assert {event, *honoured} <= drawn
    english = get(client, "/site/manga-bell-platz", lang="en").get_data(as_text=True)
    assert '<h2 id="h-held_here">Events held here</h2>' in english
    twin = get(client, event + ".json").get_json()["entity"]["relations"]["held_at"]
    assert [r["label"] for r in twin] == ["Manga-Bell-Platz"]


def test_a_place_tells_what_happened_there_apart_from_the_events_held_there(
    client: FlaskClient,
) -> None:
    """A death is no event held at a venue: Windhoek's page read "Veranstaltungen an diesem
    Ort: Tod von Anna Mungunda" and "Veranstaltungsort" (story walk). And a person whom no
    name honours any more is "Früher geehrt durch": Nachtigal's page read "Geehrt durch"."""
    place = get(client, "/place/windhoek", lang="de").get_data(as_text=True)
    start = place.index('<h2 id="h-happened_here">Was hier geschah</h2>')
    assert "Tod von Anna Mungunda" in place[start : place.index("</section>", start)]
    assert "h-held_here" not in place and "Veranstaltungsort" not in place
    english = get(client, "/place/windhoek", lang="en").get_data(as_text=True)
    assert '<h2 id="h-happened_here">What happened here</h2>' in english
    assert "venue" not in english
    twin = get(client, "/place/windhoek.json", lang="de").get_json()["entity"]["relations"]
    assert twin["held_here"] == [] and [r["label"] for r in twin["happened_here"]] == [
        "Tod von Anna Mungunda"
    ]
    site = get(client, "/site/manga-bell-platz", lang="de").get_data(as_text=True)
    assert "h-happened_here" not in site  # its commemorations were held there
    former = get(client, "/person/gustav-nachtigal", lang="de").get_data(as_text=True)
    assert '<h2 id="h-honoured_by">Früher geehrt durch</h2>' in former
    today = get(client, "/person/rudolf-duala-manga-bell", lang="en").get_data(as_text=True)
    assert '<h2 id="h-honoured_by">Honoured by</h2>' in today


def test_linked_from_says_each_link_towards_the_page_and_hides_statement_nodes(
    client: FlaskClient,
) -> None:
    """ "Verlinkt von → ersetzt: Manga-Bell-Platz" on the Nachtigalplatz naming read as if
    the old name replaced the new; Hans Peters' page listed the node that qualifies a
    naming's statement by its slug under "Objekt" (story walk)."""
    naming = get(client, "/naming/manga-bell-platz-1910", lang="de").get_data(as_text=True)
    assert ">… ersetzt Nachtigalplatz</h3>" in naming
    english = get(client, "/naming/manga-bell-platz-1910", lang="en").get_data(as_text=True)
    assert ">… replaces Nachtigalplatz</h3>" in english
    person = get(client, "/person/hans-peters", lang="de").get_data(as_text=True)
    assert "honours-hans-peters" not in person and ">Objekt<" not in person
    assert ">… ehrt Hans Peters</h3>" in person
    twin = get(client, "/person/hans-peters.json").get_json()["entity"]["incoming"]
    assert all("/statement/" not in s["iri"] for g in twin["groups"] for s in g["subjects"])


def test_the_network_links_an_event_to_the_site_it_was_held_at(client: FlaskClient) -> None:
    """The site's page drew the two events held at Manga-Bell-Platz, and its link "Das
    Netzwerk um Manga-Bell-Platz erkunden" led to a network without them: 4 actors, the
    place and the persons its names honour, at any depth; the event's network lacked the
    place (exploratory walk). A researcher follows place -> event -> organisers."""
    base = "https://w3id.org/akteursgraph/mitte/"
    site = base + "site/manga-bell-platz"
    events = {
        base + "example/event/gedenkveranstaltung-am-manga-bell-platz-2023",
        base + "example/event/fortbildung-erinnerungskultur-und-strassenumbenennungen-2025",
    }
    ego = client.get("/api/network/ego", query_string={"iri": site, "depth": 1}).get_json()
    venues = {e["source"] for e in ego["edges"] if e["kind"] == "venue" and e["target"] == site}
    assert venues == events
    deeper = client.get("/api/network/ego", query_string={"iri": site, "depth": 2}).get_json()
    organisers = {e["source"] for e in deeper["edges"] if e["kind"] == "organiser"}
    assert organisers  # who held them, one step further
    page = get(client, "/network/ego", iri=site, lang="de").get_data(as_text=True)
    assert 'value="venue"' in page and "findet statt an" in page
    one = next(iter(sorted(events)))
    back = client.get("/api/network/ego", query_string={"iri": one, "depth": 1}).get_json()
    assert site in {n["id"] for n in back["nodes"]}
    # Two actors who held events at one site do not thereby know each other: a path does
    # not walk through the site unless asked.
    assert "venue" not in network.PATH_EDGE_KINDS


def test_the_graphml_exports_keys_have_ids_of_their_own(client: FlaskClient) -> None:
    """GraphML's schema wants each key's id once: the export declared `kind`, `label`,
    `start` … for nodes and again for links under the same ids (exploratory walk)."""
    graphml = client.get("/api/network/export", query_string={"format": "graphml"}).get_data()
    root = ET.fromstring(graphml)
    keys = root.findall("{http://graphml.graphdrawing.org/xmlns}key")
    ids = [k.get("id") for k in keys]
    assert len(ids) == len(set(ids)) and len(ids) > 8
    named = {(k.get("for"), k.get("attr.name")) for k in keys}
    assert {("node", "kind"), ("edge", "kind"), ("node", "label_de")} <= named


def test_gephis_timeline_has_a_node_while_as_of_has_it(client: FlaskClient) -> None:
    """The GEXF export gave Carl Peters his life (1856-1918) as his time in the network, so
    the link of the name Petersallee (1939-1986) never met him in Gephi's timeline (13 of the
    14 "honours" links), and a one-day event stayed on it every year after (exploratory
    walk). The timeline now reads a node's presence as `as_of` does."""
    gexf = client.get("/api/network/export", query_string={"format": "gexf"})
    root = ET.fromstring(gexf.get_data())
    ns = {"g": root.tag.split("}")[0][1:]}
    nodes = {n.get("id"): n for n in root.iterfind(".//g:node", ns)}
    base = "https://w3id.org/akteursgraph/mitte/"
    peters = nodes[base + "person/carl-peters"]
    assert peters.get("start") is None and peters.get("end") is None  # always there
    dates = {v.get("value") for v in peters.iterfind(".//g:attvalue", ns)}
    assert "1856" in dates  # his life stays, as attributes
    event = nodes[base + "example/event/gedenkveranstaltung-am-manga-bell-platz-2023"]
    assert (event.get("start"), event.get("end")) == ("2023-12-02", "2023-12-02")
    spells = [
        (e.get("start"), e.get("end"))
        for e in root.iterfind(".//g:edge", ns)
        if e.get("target") == base + "person/carl-peters"
    ]
    assert ("1939-03-15", "1986-07-23") in spells
    # as the site reads it: as of 1950 Carl Peters and the Petersallee are in the network
    then = client.get("/api/network/export", query_string={"format": "json", "as_of": "1950"})
    assert base + "person/carl-peters" in {n["id"] for n in then.get_json()["nodes"]}


def test_a_site_that_honoured_a_person_is_drawn_by_its_name_today(client: FlaskClient) -> None:
    """Gustav Nachtigal's picture drew Manga-Bell-Platz as "Nachtigalplatz (manga-bell-platz)":
    the name that honoured him, and the link's text told apart from the naming's."""
    html = get(client, "/person/gustav-nachtigal").get_data(as_text=True)
    drawn = {
        a.get("href"): ("".join(a.itertext()), a.findtext("./title"))
        for a in svg(html, '<svg class="ego"').findall("./a")
    }
    text, title = drawn["/site/manga-bell-platz"]
    assert title == "Manga-Bell-Platz" and "Manga-Bell-Platz" in text
    assert "Nachtigalplatz" not in text
    # the list above still says which name honoured him, and what the site is called today
    honoured = html[
        html.index('id="h-honoured_by"') : html.index(
            "</section>", html.index('id="h-honoured_by"')
        )
    ]
    assert "Nachtigalplatz" in honoured and "Manga-Bell-Platz" in honoured


#: How wide the page's content is on a 390 px phone, at the least (390 px less KERN's
#: container padding and the figure's margins; Chromium draws the picture 343 px wide).
PHONE_CONTENT = 320
#: A generous width of a character, in ems (Fira Sans averages about 0.5).
CHAR_EMS = 0.6


def test_entity_picture_labels_read_on_a_phone(client: FlaskClient) -> None:
    """The neighbourhood's labels were 11 px in a 600-unit picture: about 7 px on a 390 px
    phone. Now the text size is set in the picture's own units, so it scales with it, and is
    at least 12 px at a phone's width; every label stays inside the picture, and labels on
    the same side never overlap."""
    html = get(client, OFFICE_PAGE).get_data(as_text=True)
    picture = svg(html, '<svg class="ego"')
    width = float(picture.get("viewBox", "").split()[2])
    font = float(picture.get("font-size", "nan"))
    assert font / width * PHONE_CONTENT >= 12
    css = (Path(__file__).parents[1] / "webapp/static/site.css").read_text()
    rules = re.findall(r"\.ego\b[^{]*\{([^}]*)\}", css)
    assert rules and not any("font-size" in rule for rule in rules)  # would override it
    sides: dict[str, list[tuple[float, float]]] = {"start": [], "end": []}
    labels = picture.findall("./a/text")
    assert len(labels) == 16
    for text in labels:
        x, y, anchor = (
            float(text.get("x", "nan")),
            float(text.get("y", "nan")),
            text.get("text-anchor", ""),
        )
        lines = [t.text or "" for t in text.findall("./tspan")]
        assert 1 <= len(lines) <= 2
        extent = max(len(line) for line in lines) * CHAR_EMS * font
        assert (x + extent <= width) if anchor == "start" else (x - extent >= 0), lines
        sides[anchor].append((y - font, y + (len(lines) - 1) * 1.2 * font))
    for boxes in sides.values():
        boxes.sort()
        assert all(a[1] < b[0] for a, b in itertools.pairwise(boxes)), boxes


def test_labels_break_between_words_and_after_hyphens() -> None:
    assert label_lines("Mekong-Werkstatt Mitte (Beispiel)", 15, 2) == ["Mekong-", "Werkstatt…"]
    assert label_lines("Fairer Handel", 15, 2) == ["Fairer Handel"]
    assert label_lines("Anna-Mungunda-Allee", 15, 2) == ["Anna-Mungunda-", "Allee"]
    for label in ("Koordinationsstelle für kommunale Entwicklungspolitik", "A" * 40):
        assert all(len(line) <= 15 for line in label_lines(label, 15, 2))


def test_a_word_longer_than_a_line_is_shortened_never_cut_with_a_hyphen() -> None:
    """The neighbourhood picture cut long words anywhere, with a hyphen the word does not
    have: "Koordinationss-" / "telle", "Kolonialgeschi-" / "chte" (QA 16, item 6). A long
    word keeps a line of its own, shortened with "…"; the node's <title> has the label."""
    assert label_lines("Donaudampfschifffahrt", 10, 2) == ["Donaudamp…"]
    assert label_lines("Koordinationsstelle Entwicklungspolitik", 15, 2) == [
        "Koordinationss…", "Entwicklungspo…",
    ]  # fmt: skip
    assert label_lines("Kolonialgeschichte in Mitte", 15, 2) == ["Kolonialgeschi…", "in Mitte"]
    assert label_lines("Bündnis Kolonialgeschichte", 15, 2) == ["Bündnis", "Kolonialgeschi…"]
    assert label_lines("Zwei- und Dreiräder", 15, 2) == ["Zwei- und", "Dreiräder"]
    assert label_lines("Gedenkveranstaltung am Manga-Bell-Platz 2023", 15, 2) == [
        "Gedenkveransta…", "am Manga-Bell…",
    ]  # fmt: skip


def test_the_neighbourhood_picture_breaks_labels_only_where_they_break(
    client: FlaskClient,
) -> None:
    """Every line of every label drawn on an entity page is a run of the label's own words
    (or the start of one, ended by "…"), and the node's <title> keeps the whole label."""
    page = "/example/organisation/initiative-strassennamen-neu-lesen"  # the office a neighbour
    html = client.get(page, headers={"Accept-Language": "de"}).get_data(as_text=True)
    figure = html[html.index('<svg class="ego"') : html.index("</svg>")]
    nodes = re.findall(
        r"<a href=[^>]*><title>(.*?)</title>.*?<text[^>]*>(.*?)</text></a>", figure, re.S
    )
    assert len(nodes) > 3
    broken = 0
    for title, text in nodes:
        label = unescape(title)
        lines = [unescape(t) for t in re.findall(r"<tspan[^>]*>(.*?)</tspan>", text)]
        broken += len(lines) > 1
        for line in lines:  # "Koordinationss-" is not in "Koordinationsstelle"
            assert line.removesuffix("…") in label, (line, label)
    assert broken  # labels of two lines are drawn


# ---- paths, overview, growth ------------------------------------------------------------------


def test_paths_page_explains_in_plain_words(client: FlaskClient) -> None:
    ego = get_json(client, "/api/network/ego", iri=OFFICE, depth=2, max_nodes=300)
    far = next(n["id"] for n in ego["nodes"] if n["distance"] == 2 and n["kind"] == "organisations")
    paths = get_json(client, "/api/network/paths", source=OFFICE, target=far)
    assert paths and len(paths[0]["nodes"]) == 3
    assert [n["id"] for n in paths[0]["nodes"]][::2] == [OFFICE, far]
    assert paths[0]["explanation"]["de"] and paths[0]["explanation"]["en"]
    assert len(get_json(client, "/api/network/paths", source=OFFICE, target=far, k=1)) == 1
    assert len(paths) <= 3  # k defaults to 3
    html = get(client, "/network/paths", source=OFFICE, target=far).get_data(as_text=True)
    assert paths[0]["explanation"]["de"].split()[0] in html
    english = get(client, "/network/paths", source=OFFICE, target=far, lang="en")
    assert paths[0]["explanation"]["en"].split()[0] in english.get_data(as_text=True)
    # each path says its length: "the 3 shortest" differ in length (exploratory test)
    steps = re.findall(r'<p class="meta">(\d+) Schritte?:', html)
    assert steps == [str(len(p["nodes"]) - 1) for p in paths], steps


def test_paths_page_without_both_ends_shows_the_form(client: FlaskClient) -> None:
    html = get(client, "/network/paths").get_data(as_text=True)
    assert 'id="source" name="source"' in html
    assert 'class="paths"' not in html and 'role="alert"' not in html
    # The two ends start on different organisations: pressing the button at once finds paths
    # (it said "not connected": both started on the first organisation).
    chosen = re.findall(r'<option value="([^"]+)" selected>', html)
    assert len(chosen) == 2 and chosen[0] != chosen[1]


def test_overview_ranks_the_office_and_shows_growth(client: FlaskClient) -> None:
    html = get(client, "/network").get_data(as_text=True)
    assert "Koordinationsstelle für kommunale Entwicklungspolitik" in html
    structure = get_json(client, "/api/network/structure")
    top = [r["iri"] for r in structure["degree"]["ranking"][:3]]
    assert OFFICE in top
    growth = get_json(client, "/api/network/growth")
    assert sum(r["new_cooperations"] for r in growth) >= 50
    english = get_json(client, "/api/network/structure", lang="en")
    assert english["degree"]["ranking"][0]["iri"] == structure["degree"]["ranking"][0]["iri"]
    assert english["communities"][0]["label"] != "" and english["communities"][0]["name"]["en"]


# ---- exports ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_whole_network_downloads_for_gephi(client: FlaskClient, fmt: str, tmp_path: Path) -> None:
    response = get(client, "/api/network/export", format=fmt)
    assert response.headers["Content-Disposition"] == f'attachment; filename="network.{fmt}"'
    path = tmp_path / f"net.{fmt}"
    path.write_bytes(response.data)
    graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    data = json.loads(get(client, "/api/network/export", format="json").data)
    assert graph.number_of_nodes() == len(data["nodes"])
    assert graph.number_of_edges() == len(data["edges"])
    assert OFFICE in graph


def test_csv_download_is_a_zip_of_nodes_and_edges(client: FlaskClient) -> None:
    response = get(client, "/api/network/export", format="csv", iri=OFFICE)
    assert response.content_type == "application/zip"
    assert response.headers["Content-Disposition"] == 'attachment; filename="ego-network.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert sorted(archive.namelist()) == ["network-edges.csv", "network-nodes.csv"]
    ego = get_json(client, "/api/network/ego", iri=OFFICE)
    nodes = archive.read("network-nodes.csv").decode("utf-8").splitlines()
    assert len(nodes) == 1 + ego["counts"]["nodes"]


# ---- usage errors: 400 with a message, never 500 ----------------------------------------------

#: (path, parameters, what the German message says, what the English message says)
USAGE_ERRORS = [
    pytest.param(
        "/api/network/paths",
        {"source": OFFICE, "target": OFFICE, "k": "abc"},
        "k muss eine ganze Zahl von 1 bis 5 sein",
        "k must be a whole number from 1 to 5",
        id="paths-k-abc",
    ),
    pytest.param(
        "/api/network/paths",
        {"source": OFFICE, "target": OFFICE, "k": "0"},
        "k muss eine ganze Zahl von 1 bis 5 sein",
        "k must be a whole number from 1 to 5",
        id="paths-k-0",
    ),
    pytest.param(
        "/api/network/paths",
        {"source": OFFICE, "target": OFFICE, "k": "6"},
        "k muss eine ganze Zahl von 1 bis 5 sein",
        "k must be a whole number from 1 to 5",
        id="paths-k-6",
    ),
    pytest.param(
        "/api/network/paths",
        {"source": OFFICE, "target": OFFICE, "k": "-1"},
        "k muss eine ganze Zahl von 1 bis 5 sein",
        "k must be a whole number from 1 to 5",
        id="paths-k-negative",
    ),
    pytest.param(
        "/api/network/paths",
        {"source": OFFICE},
        "target fehlt",
        "target is missing",
        id="paths-no-target",
    ),
    pytest.param(
        "/api/network/ego",
        {"iri": OFFICE, "depth": "zwei"},
        "depth muss eine ganze Zahl von 1 bis 3 sein",
        "depth must be a whole number from 1 to 3",
        id="ego-depth-text",
    ),
    pytest.param(
        "/api/network/ego",
        {"iri": OFFICE, "depth": "4"},
        "depth muss eine ganze Zahl von 1 bis 3 sein",
        "depth must be a whole number from 1 to 3",
        id="ego-depth-4",
    ),
    pytest.param(
        "/api/network/ego",
        {"iri": OFFICE, "max_nodes": "1e3"},
        "max_nodes muss eine ganze Zahl von 1 bis 300 sein",
        "max_nodes must be a whole number from 1 to 300",
        id="ego-max-nodes-text",
    ),
    pytest.param(
        "/api/network/ego",
        {"iri": OFFICE, "max_nodes": "301"},
        "max_nodes muss eine ganze Zahl von 1 bis 300 sein",
        "max_nodes must be a whole number from 1 to 300",
        id="ego-max-nodes-301",
    ),
    pytest.param(
        "/api/network/ego",
        {"iri": OFFICE, "as_of": "gestern"},
        "as_of: Ungültiger Zeitpunkt 'gestern': ein Jahr",
        "as_of: Invalid point in time 'gestern': a year",
        id="ego-as-of",
    ),
    pytest.param(
        "/api/network/ego",
        {"iri": OFFICE, "edge_kind": ["cooperation", "friendship"]},
        "edge_kind: Unbekannte Art friendship; erlaubt",
        "edge_kind: Unknown kind friendship; allowed",
        id="ego-edge-kind",
    ),
    pytest.param(
        "/api/network/ego",
        {"iri": OFFICE, "node_kind": "cats"},
        "node_kind: Unbekannte Art cats; erlaubt",
        "node_kind: Unknown kind cats; allowed",
        id="ego-node-kind",
    ),
    pytest.param(
        "/api/network/ego",
        {},
        "iri fehlt",
        "iri is missing",
        id="ego-no-iri",
    ),
    pytest.param(
        "/api/network/export",
        {"format": "dot"},
        "Unbekanntes Format 'dot'",
        "Unknown format 'dot'",
        id="export-format",
    ),
    pytest.param(
        "/api/network/export",
        {"format": "json", "iri": OFFICE, "depth": "x"},
        "depth muss eine ganze Zahl von 1 bis 3 sein",
        "depth must be a whole number from 1 to 3",
        id="export-ego-depth",
    ),
    pytest.param(
        "/api/network/structure",
        {"lang": "fr"},
        "Unbekannte Sprache 'fr'",
        "Unknown language 'fr'",
        id="structure-lang",
    ),
]


@pytest.mark.parametrize(("path", "params", "de", "en"), USAGE_ERRORS)
def test_api_usage_errors_are_400_in_both_languages(
    client: FlaskClient, path: str, params: dict[str, object], de: str, en: str
) -> None:
    response = client.get(path, query_string=params)
    body = response.get_data(as_text=True)
    assert response.status_code == 400, body
    assert de in body and en in body


def test_issue_10_paths_with_k_abc_is_400_not_500(client: FlaskClient) -> None:
    # Before: int("abc") of the request text, a ValueError, a 500.
    query = {"source": OFFICE, "target": OFFICE, "k": "abc"}
    response = client.get("/api/network/paths", query_string=query)
    assert response.status_code == 400
    assert "k must be a whole number" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "params", "de"),
    [
        ("/network/ego", {"iri": OFFICE, "depth": "9"}, "depth muss eine ganze Zahl von 1 bis 3"),
        ("/network/ego", {"iri": OFFICE, "as_of": "2019-5"}, "ist kein Zeitpunkt"),
        # the right shape, but no such month or day: it would filter by a time that never was
        ("/network", {"as_of": "2019-13-45"}, "ist kein Zeitpunkt"),
        ("/network/ego", {"iri": OFFICE, "as_of": "2019-02-30"}, "ist kein Zeitpunkt"),
        ("/network/paths", {"as_of": "2019-00"}, "ist kein Zeitpunkt"),
        ("/network", {"as_of": "0000"}, "ist kein Zeitpunkt"),  # no calendar has a year 0
        ("/network/ego", {"iri": OFFICE, "edge_kind": "x"}, "Unbekannte Art x; erlaubt"),
        ("/network/ego", {}, "iri fehlt"),
        ("/network", {"lang": "fr"}, "Unbekannte Sprache"),
        ("/network/paths", {"lang": "xx"}, "Unbekannte Sprache"),
    ],
)
def test_page_usage_errors_are_400_pages(
    client: FlaskClient, path: str, params: dict[str, object], de: str
) -> None:
    response = client.get(path, query_string=params)
    body = response.get_data(as_text=True)
    assert response.status_code == 400, body
    assert response.content_type.startswith("text/html")
    assert de in body


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/network", {}),
        ("/network/ego", {"iri": OFFICE, "depth": "2"}),
        ("/network/paths", {}),
    ],
)
def test_a_point_in_time_typed_wrong_is_said_at_its_field_in_the_form(
    client: FlaskClient, path: str, params: dict[str, str]
) -> None:
    """ "2019-5" in "Stand" gave a page headed "Fehler" without the form to correct it; and
    the field asked a phone for its numeric keyboard, which has no "-" (exploratory walk)."""
    for lang, said in (
        ("de", "„2019-5“ ist kein Zeitpunkt"),
        ("en", "“2019-5” is not a point"),
    ):
        response = client.get(
            path, query_string={**params, "as_of": "2019-5"}, headers={"Accept-Language": lang}
        )
        assert response.status_code == 400
        body = response.get_data(as_text=True)
        field = re.search(r'<input [^>]*id="as_of"[^>]*>', body)
        assert field, body
        assert 'value="2019-5"' in field.group(0) and 'aria-invalid="true"' in field.group(0)
        assert "as_of-error" in field.group(0)
        error = re.search(r'<p class="kern-error" id="as_of-error"[^>]*>([^<]*)</p>', body)
        assert error and said in error.group(1), lang
        assert "as_of" not in error.group(1)  # the field's label, not the request's parameter
        assert "inputmode" not in field.group(0)
    good = client.get(path, query_string={**params, "as_of": "2019-05"})
    assert good.status_code == 200
    assert 'value="2019-05"' in good.get_data(as_text=True)
    assert "as_of-error" not in good.get_data(as_text=True)
    twin = client.get(path + ".json", query_string={**params, "as_of": "2019-5"})
    assert twin.status_code == 400 and "Invalid point in time" in twin.get_data(as_text=True)
    # A page that refuses says so in its title (it read as a page that answered).
    title = re.search(r"<title>([^<]*)</title>", response.get_data(as_text=True))
    assert title and title.group(1).startswith("Error: "), title
    # Every network page tells the format under its own field (two of three told none) ...
    hint = re.search(r'<p class="kern-hint" id="as_of-hint">([^<]*)</p>', body)
    assert hint and "2019-05-31" in hint.group(1)
    assert 'aria-describedby="as_of-hint"' in good.get_data(as_text=True)
    # ... and takes a date as an office writes it, as the workspace's forms take it.
    for german, iso in (("31.05.2019", "2019-05-31"), ("05.2019", "2019-05")):
        said = client.get(path, query_string={**params, "as_of": german})
        assert said.status_code == 200 and f'value="{iso}"' in said.get_data(as_text=True)
        same = client.get(path + ".json", query_string={**params, "as_of": german}).get_json()
        iso_twin = client.get(path + ".json", query_string={**params, "as_of": iso}).get_json()
        same.pop("links", None), iso_twin.pop("links", None)  # the address as asked
        assert same == iso_twin


def test_an_ego_network_of_every_time_says_ended_connections_are_in_it(
    client: FlaskClient,
) -> None:
    """Without a point in time the page showed 52 actors, ended cooperations among them,
    and said only "52 Akteure … werden gezeigt": read as who works with whom today."""
    page = client.get("/network/ego", query_string={"iri": OFFICE}).get_data(as_text=True)
    assert "Verbindungen aus jeder Zeit, auch beendete" in page
    dated = client.get("/network/ego", query_string={"iri": OFFICE, "as_of": "2020"})
    assert "auch beendete" not in dated.get_data(as_text=True)


def _first_found_paths(client: FlaskClient) -> tuple[dict[str, str], str]:
    """The first two organisations of the paths form that a path joins, and its page."""
    form = client.get("/network/paths").get_data(as_text=True)
    organisations = re.findall(r'<option value="([^"]+)"', form)
    for target in organisations[1:]:
        query = {"source": organisations[0], "target": target}
        page = client.get("/network/paths", query_string=query).get_data(as_text=True)
        if '<ol class="paths"' in page:
            return query, page
    raise AssertionError("no two organisations of the form are joined by a path")


def test_the_overview_and_paths_of_every_time_say_ended_connections_are_in_them(
    client: FlaskClient,
) -> None:
    """Only the ego network said so: the overview's "direkt verbunden mit 20 Organisationen"
    and a path through a membership that ended in 2022 read as today's (16 as of today);
    a refused date left the same figures unexplained (exploratory test)."""
    every = "Verbindungen aus jeder Zeit, auch beendete"
    assert every in client.get("/network").get_data(as_text=True)
    assert every not in client.get("/network?as_of=2020").get_data(as_text=True)
    assert every in client.get("/network?as_of=2019-13").get_data(as_text=True)
    query, page = _first_found_paths(client)
    assert every in page
    dated = client.get("/network/paths", query_string={**query, "as_of": "2030"})
    assert every not in dated.get_data(as_text=True)


def test_an_ego_network_asked_before_its_centre_existed_keeps_its_form(
    client: FlaskClient,
) -> None:
    """The Mekong-Werkstatt was founded in 2014: "Stand 2010" gave a bare error page whose
    way back ("ohne die getroffene Auswahl") lost the organisation and was itself a 400
    (exploratory test). Now the page of every time, with the date and why at the field."""
    mekong = "https://w3id.org/akteursgraph/mitte/example/organisation/mekong-werkstatt-mitte"
    asked = {"iri": mekong, "as_of": "2010"}
    answer = client.get("/network/ego", query_string=asked)
    assert answer.status_code == 404
    page = answer.get_data(as_text=True)
    assert f'<input type="hidden" name="iri" value="{mekong}">' in page
    error = re.search(r'<p class="kern-error" id="as_of-error" role="alert">([^<]*)</p>', page)
    assert error and "Zum Zeitpunkt 2010 gehörte dieser Eintrag nicht zum Netzwerk" in error[1]
    assert 'value="2010" aria-invalid="true"' in page
    assert "Verbindungen aus jeder Zeit, auch beendete" in page  # what it shows instead
    twin = client.get("/network/ego.json", query_string=asked)
    assert twin.status_code == 404 and "2010" in twin.get_json()["error"]["de"]


def test_the_way_back_from_a_refused_ego_network_keeps_its_organisation(
    client: FlaskClient,
) -> None:
    """ "Diese Seite ohne die getroffene Auswahl" led to /network/ego without the
    organisation, itself a 400 ("iri fehlt") (exploratory test)."""
    page = client.get("/network/ego", query_string={"iri": OFFICE, "depth": "4"})
    assert page.status_code == 400
    back = re.search(
        r'<a class="kern-link" href="([^"]*)">Diese Seite ohne die getroffene Auswahl</a>',
        page.get_data(as_text=True),
    )
    assert back and client.get(html.unescape(back[1])).status_code == 200
    # An iri that is no node of the network: no such way back (it was the same 404)
    nowhere = client.get(
        "/network/ego", query_string={"iri": "https://example.org/nix", "depth": "2"}
    )
    assert nowhere.status_code == 404
    assert "Diese Seite ohne die getroffene Auswahl" not in nowhere.get_data(as_text=True)


def test_a_downloaded_neighbourhood_has_the_dates_and_both_labels_of_the_network(
    client: FlaskClient,
) -> None:
    """ "Dieses Netzwerk herunterladen" on an ego page gave nodes without dates or English
    labels (GEXF's timeline empty: every organisation always there), where the whole
    network's files have them (exploratory test)."""
    maghreb = "https://w3id.org/akteursgraph/mitte/example/organisation/maghreb-bruecke-moabit"
    asked = {"iri": OFFICE, "depth": "2", "as_of": "2020", "max_nodes": "30"}
    gexf = client.get("/api/network/export", query_string={**asked, "format": "gexf"})
    node = re.search(rf'<node id="{re.escape(maghreb)}"[^>]*>', gexf.get_data(as_text=True))
    assert node and 'start="2003-10-15"' in node[0]
    zipped = client.get("/api/network/export", query_string={**asked, "format": "csv"})
    with zipfile.ZipFile(io.BytesIO(zipped.data)) as files:
        nodes = list(csv.DictReader(io.StringIO(files.read("network-nodes.csv").decode())))
    row = next(n for n in nodes if n["id"] == maghreb)
    assert (row["label_en"], row["start"]) == ("Maghreb Bridge Moabit (example)", "2003-10-15")


def test_the_growth_table_as_of_a_day_counts_its_year_up_to_that_day(client: FlaskClient) -> None:
    """ "Stand 1. März 2015" counted in its row 2015 the cooperations begun on 5 March and 9
    April 2015, unsaid (exploratory test); then it said "Jedes Jahr ganz gezählt". Now the
    year is counted up to the day, and the page says so."""
    page = client.get("/network?as_of=01.03.2015").get_data(as_text=True)
    assert "2015 gezählt bis einschließlich 1. März 2015" in page
    english = client.get("/network?as_of=2015-03-01", headers={"Accept-Language": "en"})
    assert "2015 counted up to and including 1 March 2015" in english.get_data(as_text=True)

    def row_2015(as_of: str) -> dict[str, int]:
        rows = client.get("/network.json", query_string={"as_of": as_of}).get_json()["growth"]
        return next(r for r in rows if r["year"] == 2015)

    assert row_2015("2015")["new_cooperations"] - row_2015("01.03.2015")["new_cooperations"] >= 2
    # the one of 9 April is counted as of April, not as of March
    assert row_2015("2015-03")["new_cooperations"] + 1 == row_2015("2015-04")["new_cooperations"]
    assert "gezählt bis" not in client.get("/network?as_of=2015").get_data(as_text=True)
    for end in ("2015-12-31", "2015-12"):  # the whole year: nothing to say
        assert "gezählt bis" not in client.get(f"/network?as_of={end}").get_data(as_text=True)


def test_found_paths_have_a_heading_and_the_title_names_the_two(client: FlaskClient) -> None:
    """The numbered sentences followed the button with no heading, and the title was the
    same with and without a result."""
    _, page = _first_found_paths(client)
    heading = re.search(r'<h2 id="h-paths">([^<]*)</h2>', page)
    said = r"(Der kürzeste Verbindungsweg|Die \d+ kürzesten Verbindungswege)$"
    assert heading and re.match(said, heading.group(1))
    assert '<ol class="paths" aria-labelledby="h-paths">' in page
    title = re.search(r"<title>([^<]*)</title>", page)
    assert title and title.group(1).startswith("Verbindungen zwischen "), title


def test_a_long_wrong_value_is_not_echoed_whole(client: FlaskClient) -> None:
    long = "x" * 5000
    for params in ({"iri": OFFICE, "depth": long}, {"iri": OFFICE, "as_of": long}):
        response = client.get("/api/network/ego", query_string=params)
        assert response.status_code == 400
        assert len(response.data) < 1000


def test_empty_parameters_mean_the_defaults(client: FlaskClient) -> None:
    plain = get_json(client, "/api/network/ego", iri=OFFICE)
    empty = get_json(
        client, "/api/network/ego", iri=OFFICE, depth="", max_nodes="", as_of="", lang=""
    )
    assert empty == plain
    assert plain["counts"]["nodes"] <= 60 and {n["distance"] for n in plain["nodes"]} == {0, 1}


def test_the_overview_as_of_a_year_counts_the_organisations_that_existed_then(
    client: FlaskClient,
) -> None:
    """`/network?as_of=1990` counted all 51 organisations of the example although the first
    was founded in 1992: only its links were filtered, not the organisations."""
    net = client.application.extensions["akteursgraph.network"].graph()
    founded = [d["start"] for _n, d in net.nodes(data=True) if d["kind"] == "organisations"]
    then = sum(1 for start in founded if not start or start[:4] <= "1995")
    assert 0 < then < len(founded)  # the example has some founded before and some after

    def organisations(**params: str) -> int:
        return get(client, "/network.json", **params).get_json()["structure"]["organisations"]

    assert organisations() == len(founded)
    assert organisations(as_of="1995") == then


# ---- the network views' audit (issue: "Networks you can read") ------------------------------


def _boxes(html: str) -> dict[str, bool]:
    """The form's edge kind boxes: value -> ticked."""
    return {
        value: bool(ticked)
        for value, ticked in re.findall(
            r'<input[^>]*name="edge_kind" value="([^"]+)"\s*(checked)?', html
        )
    }


def _kind_names(app: Flask, lang: str) -> dict[str, str]:
    """The names of the edge kinds as the page says them in `lang`."""
    from akteursgraph_web.network import EDGE_KIND_NAMES

    with app.test_request_context(f"/?lang={lang}"):
        app.preprocess_request()
        return {k: str(name) for k, name in EDGE_KIND_NAMES.items()}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_audit_1_the_form_sent_unchanged_shows_the_same_network(
    client: FlaskClient, example_app: Flask, lang: str
) -> None:
    """The URL alone gave 52 actors and 334 connections, the form sent unchanged 49/325: the
    kinds `funder` and `unit_of` had no box, and the table printed them raw."""
    from akteursgraph import network

    alone = get(client, "/network/ego", iri=OFFICE, depth=1, lang=lang).get_data(as_text=True)
    boxes = _boxes(alone)
    assert list(boxes) == list(network.EDGE_KINDS)  # a box for every kind the core knows
    assert all(boxes.values())
    sent = get(
        client, "/network/ego", iri=OFFICE, depth=1, lang=lang, edge_kind=list(boxes)
    ).get_data(as_text=True)
    status = re.compile(r'<p role="status">(.*?)</p>', re.S)
    assert status.search(sent).group(1) == status.search(alone).group(1)  # type: ignore[union-attr]
    kinds = {e["kind"] for e in get_json(client, "/api/network/ego", iri=OFFICE)["edges"]}
    assert {"funder", "unit_of"} <= kinds
    names = _kind_names(example_app, lang)
    table = sent[sent.index('id="h-net-edges"') :]
    row = r'<tr class="kern-table__row"><td class="kern-table__cell"><a [^>]*>[^<]*</a></td>'
    shown = re.findall(row + r'\s*<td class="kern-table__cell">([^<:]+)', table)
    assert shown and set(shown) <= set(names.values()), set(shown) - set(names.values())
    for kind in ("funder", "unit_of"):
        assert names[kind] in shown


def test_audit_1_every_edge_kind_has_a_name_in_both_languages(example_app: Flask) -> None:
    """One list of kinds (the core's): a new kind cannot be left without a name again."""
    from akteursgraph import network
    from akteursgraph_web.network import EDGE_KIND_NAMES

    assert list(EDGE_KIND_NAMES) == list(network.EDGE_KINDS)
    german, english = _kind_names(example_app, "de"), _kind_names(example_app, "en")
    for names in (german, english):
        assert len(set(names.values())) == len(names)
    assert all(german[k] != english[k] for k in network.EDGE_KINDS), german  # translated
    assert (german["funder"], english["unit_of"]) == ("fördert", "unit of")


def _group_cells(html: str) -> list[str]:
    """The "Group" column of the actors table."""
    table = html[html.index('id="h-net-nodes"') : html.index('id="h-net-edges"')]
    rows = re.findall(r"<tr class=\"kern-table__row\"><td.*?</tr>", table, re.S)
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[2].strip() for row in rows]


@pytest.mark.parametrize(("lang", "none"), [("de", "in keiner Gruppe"), ("en", "in no group")])
def test_audit_4_grey_and_membership_arrows_are_in_the_legend(
    client: FlaskClient, lang: str, none: str
) -> None:
    """At depth 2 as of 2015, 28 of 44 actors were grey, a colour the legend did not name, and
    their "Group" cell was empty; the membership arrows were missing from the lines too."""
    params = {"iri": OFFICE, "depth": 2, "as_of": "2015", "lang": lang}
    ego = get_json(client, "/api/network/ego", **params)
    ungrouped = sum(1 for c in ego["picture"]["community_of"].values() if c < 0)
    assert 0 < ungrouped < ego["counts"]["nodes"]
    html = get(client, "/network/ego", **params).get_data(as_text=True)
    legend = html[html.index('id="net-legend"') : html.index("</figcaption>")]
    grey = re.search(
        r'<span class="swatch" style="background: #767676"></span>([^<]*)</li>', legend
    )
    assert (
        grey and grey.group(1) == f"{none} ({ungrouped} {'Akteure' if lang == 'de' else 'actors'})"
    )
    arrow = re.search(
        r'<svg class="glyph legend-membership".*?<polygon.*?</svg>([^<]*)</li>', legend
    )
    assert arrow and arrow.group(1).startswith("Mitgliedschaft" if lang == "de" else "membership")
    cells = _group_cells(html)
    assert len(cells) == ego["counts"]["nodes"]
    assert cells.count(none) == ungrouped and "" not in cells
    # Without JavaScript the drawn circles take the same grey.
    circles = svg(html, '<svg id="network-svg"').findall("./a/circle")
    assert sum(1 for c in circles if "#767676" in (c.get("style") or "")) == sum(
        1 for n in ego["nodes"] if ego["picture"]["community_of"][n["id"]] < 0
    )


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_audit_6_the_network_does_not_change_with_the_language(
    client: FlaskClient, depth: int
) -> None:
    """At depth 2 German showed the topic "Frieden" where English showed "Kulturraum Levante
    Moabit" (434 and 435 connections, 4 and 5 groups): ties were broken by the label in the
    page's language. The same actors, connections and groups in both languages."""

    def ego(lang: str) -> dict[str, Any]:
        return get_json(client, "/api/network/ego", iri=OFFICE, depth=depth, lang=lang)

    german, english = ego("de"), ego("en")
    assert [n["id"] for n in german["nodes"]] == [n["id"] for n in english["nodes"]]
    assert german["omitted"] == english["omitted"]

    def links(answer: dict[str, Any]) -> list[tuple[str, ...]]:
        return [(e["source"], e["target"], e["kind"], e["via"]) for e in answer["edges"]]

    assert links(german) == links(english)
    de_pic, en_pic = german["picture"], english["picture"]
    assert de_pic["community_of"] == en_pic["community_of"]
    assert [(c["anchor"], c["size"]) for c in de_pic["communities"]] == [
        (c["anchor"], c["size"]) for c in en_pic["communities"]
    ]
    assert [(e["source"], e["target"], e["kind"], e["count"]) for e in de_pic["edges"]] == [
        (e["source"], e["target"], e["kind"], e["count"]) for e in en_pic["edges"]
    ]


SAME = "Bitte zwei verschiedene Organisationen wählen."


@pytest.mark.parametrize(
    ("params", "lang", "message"),
    [
        ({"source": OFFICE, "target": OFFICE}, "de", SAME),
        ({"source": OFFICE, "target": OFFICE}, "en", "Please choose two different organisations."),
        ({"source": OFFICE}, "de", "Bitte auch die Organisation unter „Nach“ wählen."),
        ({"source": OFFICE, "target": ""}, "en", 'Please choose the organisation under "To" too.'),
        ({"target": OFFICE}, "de", "Bitte auch die Organisation unter „Von“ wählen."),
    ],
)
def test_audit_7_paths_need_two_different_ends(
    client: FlaskClient, params: dict[str, str], lang: str, message: str
) -> None:
    """Source and target alike answered 200 "Diese beiden Organisationen sind nicht
    verbunden", and one end alone a blank result: a 400 that says what to choose, on the page
    with its form (the choice kept) and, in the JSON twin, as the JSON error."""
    response = client.get("/network/paths", query_string={**params, "lang": lang})
    html = response.get_data(as_text=True)
    assert response.status_code == 400, html[-300:]
    alert = re.search(r'role="alert".*?<p class="kern-body">(.*?)</p>', html, re.S)
    assert alert and unescape(alert.group(1)) == message
    assert "nicht verbunden" not in html and "not connected" not in html
    assert 'id="source" name="source"' in html
    assert f'<option value="{OFFICE}" selected>' in html
    twin = client.get("/network/paths.json", query_string={**params, "lang": lang})
    assert twin.status_code == 400 and twin.content_type == "application/json"
    error = twin.get_json()["error"]
    assert error["status"] == 400
    assert message in (error["de"] if lang == "de" else error["en"])


def _smallest_network(client: FlaskClient) -> tuple[str, dict[str, Any]]:
    """An actor whose network at depth 1 has one connection (two actors), as the API says."""
    net = client.application.extensions["akteursgraph.network"].graph()
    for node in sorted(net):
        if net.degree(node) == 1 and net.nodes[node]["kind"] == "organisations":
            ego = get_json(client, "/api/network/ego", iri=node)
            if ego["counts"] == {"nodes": 2, "edges": 1}:
                return node, ego
    pytest.fail("the example has no organisation with a single connection")


@pytest.mark.parametrize(
    ("lang", "status", "kind"),
    [("de", "2 Akteure und 1 Verbindung werden gezeigt.", "Organisation"),
     ("en", "2 actors and 1 connection shown.", "Organisation")],
)  # fmt: skip
def test_audit_8_one_is_said_in_the_singular(
    client: FlaskClient, lang: str, status: str, kind: str
) -> None:
    """ "2 Akteure und 1 Verbindungen", and "Organisationen" as the kind of one actor."""
    iri, _ego = _smallest_network(client)
    html = get(client, "/network/ego", iri=iri, lang=lang).get_data(as_text=True)
    said = re.search(r'<p role="status">(.*?)</p>', html, re.S)
    assert said and said.group(1).strip() == status
    assert _ego["nodes"][0]["kind"] == "organisations"
    table = html[html.index('id="h-net-nodes"') : html.index('id="h-net-edges"')]
    first = re.search(r"<tr class=\"kern-table__row\"><td.*?</tr>", table, re.S)
    assert first and re.findall(r"<td[^>]*>(.*?)</td>", first.group(0), re.S)[1] == kind
    # The picture's announcement of a focused actor: its kind in the singular, and "1
    # connection" (network.js picks the word by the number).
    kinds = json.loads(unescape(re.search(r"data-kinds='([^']*)'", html).group(1)))  # type: ignore[union-attr]
    words = json.loads(unescape(re.search(r"data-words='([^']*)'", html).group(1)))  # type: ignore[union-attr]
    assert kinds["organisations"] == kind
    assert words["link"] == ("{num} Verbindung" if lang == "de" else "{num} connection")
    assert words["partner"] == ("mit {num} Akteur" if lang == "de" else "with {num} actor")
    assert words["partners"] == ("mit {num} Akteuren" if lang == "de" else "with {num} actors")


LONE = "https://example.org/lone/"


@pytest.fixture(scope="module")
def lone_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """A new office's store with two organisations and no link between them (as
    tests/test_new_office.py makes one: `init`, then quads straight into a public graph)."""
    import pyoxigraph as ox

    from akteursgraph.store import Change, Store
    from akteursgraph_web import close_app, create_app

    from .conftest import run_cli

    store_path = tmp_path_factory.mktemp("lone") / "store"
    done = run_cli("init", "--base-iri", LONE, "--office-name", "Fachstelle Lone", store=store_path)
    assert done.returncode == 0, done.stderr
    organisation = ox.NamedNode("http://www.w3.org/ns/org#Organization")
    label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    kind = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    with Store.open(store_path) as store:
        graph = ox.NamedNode(store.public_prefix + "first-entries")
        quads = []
        for slug, name in (("eins", "Verein Eins"), ("zwei", "Verein Zwei")):
            org = ox.NamedNode(f"{LONE}organisation/{slug}")
            quads += [
                ox.Quad(org, kind, organisation, graph),
                ox.Quad(org, label, ox.Literal(name, language="de"), graph),
            ]
        store.apply(Change(add=quads))
    app = create_app({"STORE_PATH": str(store_path), "TESTING": True})
    yield app
    close_app(app)


@pytest.mark.parametrize(
    ("lang", "said"),
    [("de", "Noch gibt es keine Verbindungen zwischen Organisationen."),
     ("en", "There are no connections between organisations yet.")],
)  # fmt: skip
def test_audit_9_an_overview_without_connections_says_so(
    lone_app: Flask, lang: str, said: str
) -> None:
    """Organisations but no cooperations: the overview showed its headings over empty lists
    and claimed "Keine einzelne Organisation hält das Netz zusammen"."""
    html = get(lone_app.test_client(), "/network", lang=lang).get_data(as_text=True)
    assert "Verein Eins" in get(lone_app.test_client(), "/organisations").get_data(as_text=True)
    assert not re.search(r"<ol[^>]*>\s*</ol>", html)
    assert said in html
    assert "hält das Netz zusammen" not in html and "holds the network together" not in html
    for heading in ("h-degree", "h-betweenness", "h-bridges", "h-communities"):
        assert f'id="{heading}"' not in html


def test_audit_9_as_of_a_time_without_connections_says_then(lone_app: Flask) -> None:
    html = get(lone_app.test_client(), "/network", as_of="2019").get_data(as_text=True)
    assert "Zum Stand 2019 gab es keine Verbindungen zwischen Organisationen." in html
    assert not re.search(r"<ol[^>]*>\s*</ol>", html)


def _chosen(structure: dict[str, Any]) -> dict[str, Any]:
    """The IRIs the overview chose and cut, in its order: what must not depend on the
    language (only the labels may). A pair's common topics are all it shares, ordered by
    label for reading, so they are compared as a set."""
    return {
        "degree": [r["iri"] for r in structure["degree"]["ranking"]],
        "betweenness": [r["iri"] for r in structure["betweenness"]["ranking"]],
        "bridges": [r["iri"] for r in structure["bridges"]["ranking"]],
        "communities": [
            (
                c["central"]["iri"],
                [m["iri"] for m in c["members"]],
                c["topic_iris"],
                c["name"],
            )
            for c in structure["communities"]
        ],
        "topics": [
            (t["iri"], t["organisations"], t["members"]) for t in structure["topics"]["ranking"]
        ],
        "pairs": [
            (p["a"]["iri"], p["b"]["iri"], p["shared"], p["linked"], sorted(p["topic_iris"]))
            for p in structure["topics"]["pairs"]
        ],
    }


@pytest.mark.parametrize("as_of", [None, "2015"])
def test_audit_10_the_overview_does_not_change_with_the_language(
    client: FlaskClient, as_of: str | None
) -> None:
    """The overview broke ties by the label in the page's language before cutting its lists:
    the top organisations, the bridges' order and each community's central member, name and
    topics could differ between German and English. The same choices in both languages."""
    params = {"as_of": as_of} if as_of else {}

    def chosen(**lang: str) -> dict[str, Any]:
        answer = get(client, "/network.json", **params, **lang).get_json()
        return _chosen(answer["structure"])

    german = chosen(lang="de")
    assert german["degree"] and german["communities"]  # the example has something to compare
    assert chosen(lang="en") == german
    response = client.get("/network.json", query_string=params, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert _chosen(response.get_json()["structure"]) == german
    english = get_json(client, "/api/network/structure", lang="en", **params)
    assert _chosen(english) == german


def test_the_degree_ranking_explains_what_it_shows(client: FlaskClient) -> None:
    """Each entry reads as a count ("direkt verbunden mit 20 Organisationen"); the
    explanation above said the value was a share of all other organisations."""
    degree = client.get("/network.json").get_json()["structure"]["degree"]
    assert degree["ranking"][0]["words"]["de"].startswith("direkt verbunden mit ")
    assert "Anteil" not in degree["explanation"]["de"]
    assert "share" not in degree["explanation"]["en"]
    page = client.get("/network").get_data(as_text=True)
    assert degree["explanation"]["de"] in page


def test_the_paths_page_says_an_end_was_not_yet_in_the_network_as_its_ego_page_does(
    client: FlaskClient,
) -> None:
    """Exploratory test: Freundeskreis Wouri, founded in 1995, "had no link in the network
    as of 1990" on the paths page, where its ego network of 1990 says it was not part of
    the network then. The paths page and its twin now say the same."""
    wouri = "https://w3id.org/akteursgraph/mitte/example/organisation/freundeskreis-wouri"
    query = {"source": OFFICE, "target": wouri, "as_of": "1990"}
    german = {"Accept-Language": "de"}
    ego = client.get("/network/ego", query_string={"iri": wouri, "as_of": "1990"}, headers=german)
    assert ego.status_code == 404
    assert "gehörte dieser Eintrag nicht zum Netzwerk" in ego.get_data(as_text=True)
    data = client.get("/network/paths.json", query_string=query).get_json()
    ends = {o["id"]: o for o in data["without_links"]}
    assert ends[wouri]["existed"] is False
    name = ends[wouri]["label"]  # "Freundeskreis Wouri e.V. (Beispiel)"
    text = unescape(
        client.get("/network/paths", query_string=query, headers=german).get_data(as_text=True)
    )
    assert f"{name} gehörte zum Stand 1990 nicht zum Netzwerk" in text
    assert "im Netzwerk keine Verbindung" not in text
    english = client.get("/network/paths", query_string=query, headers={"Accept-Language": "en"})
    assert "was not part of the network as of 1990" in unescape(english.get_data(as_text=True))


def test_the_paths_page_says_the_time_its_paths_are_told_for(client: FlaskClient) -> None:
    """Audit: the network and the ego page say "zum Stand 2016"; the paths page showed that
    date only in its form."""
    partner = "https://w3id.org/akteursgraph/mitte/example/organisation/afghanische-frauenwerkstatt-tiergarten"
    query = {"source": OFFICE, "target": partner, "as_of": "2024"}
    page = client.get("/network/paths", query_string=query, headers={"Accept-Language": "de"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and '<ol class="paths"' in text
    assert "Verbindungen zum Stand 2024." in text


def test_the_paths_page_says_why_two_organisations_are_not_connected(client: FlaskClient) -> None:
    """Exploratory test: between the coordination office and Afrika-Forum e.V. the page said
    only "Diese beiden Organisationen sind nicht verbunden", and the reader could not tell
    whether the two lie in separate parts of the network or one of them has no link recorded
    at all (Afrika-Forum has none). It now says which, on the page and in its twin."""
    forum = "https://w3id.org/akteursgraph/mitte/organisation/afrika-forum"
    dancers = "https://w3id.org/akteursgraph/mitte/example/organisation/bolivianische-tanzgruppe-tiergarten"
    german = {"Accept-Language": "de"}

    def asked(target: str, **more: str) -> tuple[str, dict[str, Any]]:
        query = {"source": OFFICE, "target": target, **more}
        text = client.get("/network/paths", query_string=query, headers=german)
        data = client.get("/network/paths.json", query_string=query).get_json()
        return unescape(text.get_data(as_text=True)), data

    text, data = asked(forum)
    assert data["paths"] == [] and data["without_links"] == [
        {"id": forum, "label": "Afrika-Forum e.V.", "kind": "organisations", "existed": True}
    ]
    assert "Diese beiden Organisationen sind nicht verbunden." in text
    assert "Afrika-Forum e.V. hat im Netzwerk keine Verbindung: keine Kooperation" in text
    # its ego network shows topics it shares: they are no step of a path, and it says so
    assert "(gemeinsame Themen sind kein Schritt eines Wegs)" in text
    assert "getrennten Teilen" not in text
    # the dance group has links, but none that lead to the office's part of the network
    text, data = asked(dancers)
    assert data["paths"] == [] and data["without_links"] == []
    assert "Beide haben Verbindungen, in getrennten Teilen des Netzwerks." in text
    text, data = asked(forum, as_of="2019")
    assert data["without_links"] == [
        {"id": forum, "label": "Afrika-Forum e.V.", "kind": "organisations", "existed": True}
    ]
    assert "Afrika-Forum e.V. hatte zum Stand 2019 im Netzwerk keine Verbindung" in text
    # connected: nothing to explain
    partner = "https://w3id.org/akteursgraph/mitte/example/organisation/afghanische-frauenwerkstatt-tiergarten"
    _, data = asked(partner)
    assert data["paths"] and data["without_links"] is None


@pytest.mark.parametrize("path", ["/network/paths.json", "/api/network/paths"])
def test_an_unknown_end_of_a_path_is_named_in_its_404(client: FlaskClient, path: str) -> None:
    """JSON twins walk: an end that is no node answered "/network/paths.json: Nicht
    gefunden.", where the ego network names the entry and why."""
    nobody = OFFICE.rsplit("/", 1)[0] + "/gibt-es-nicht"
    answer = client.get(path, query_string={"source": OFFICE, "target": nobody})
    assert answer.status_code == 404
    error = answer.get_json()["error"]
    assert error["de"].startswith("target: ") and nobody in error["de"]
    assert "ist kein Knoten des Netzwerks" in error["de"]
    assert "is no node of the network" in error["en"]


def test_an_ego_network_beyond_its_cap_says_which_actors_it_shows_and_leads_to_more(
    client: FlaskClient,
) -> None:
    """Exploratory test: depth 2 around the office showed 60 actors and said "Weggelassen …:
    77 Akteure", neither which were kept nor how to see the others (the cap of 60 stood in a
    hidden field; the address takes up to 300)."""
    import html as html_module

    page = html_module.unescape(
        get(client, "/network/ego", iri=OFFICE, depth=2).get_data(as_text=True)
    )
    status = page.split('<p role="status">', 1)[1].split("</p>", 1)[0]
    assert (
        "Gezeigt werden die nächsten Akteure, von gleich nahen die am meisten verbundenen."
        in status
    )
    more = re.search(r'<a class="kern-link" href="([^"]+)">Bis zu 300 Akteure zeigen</a>', status)
    assert more and "max_nodes=300" in more.group(1) and "depth=2" in more.group(1)
    capped = get_json(client, "/api/network/ego", iri=OFFICE, depth=2)
    wider = get_json(client, "/api/network/ego", iri=OFFICE, depth=2, max_nodes=300)
    assert len(wider["nodes"]) == len(capped["nodes"]) + capped["omitted"]["nodes"]
    whole = get(client, "/network/ego", iri=OFFICE, depth=1).get_data(as_text=True)
    assert "Bis zu 300 Akteure zeigen" not in whole  # nothing left out at depth 1


def test_too_many_organisations_for_a_list_are_typed_by_name_and_chosen(
    make_app: Any,
) -> None:
    """At the 1M district the paths form listed 20,000 organisations twice: a page of
    7.2 MB. Above `PATHS_PICK_LIMIT` (here set low) each end is typed by name: one name
    found whole is chosen at once, several matches are offered to choose from (the choice
    counts while the text is unchanged), and a name nothing matches is said; a link with
    the ends' IRIs still answers."""
    nord = "https://w3id.org/akteursgraph/mitte/example/organisation/afrodeutsche-studierendeninitiative-nord"
    maghreb = "https://w3id.org/akteursgraph/mitte/example/organisation/maghreb-bruecke-moabit"
    client = make_app(PATHS_PICK_LIMIT=5).test_client()
    form = client.get("/network/paths").get_data(as_text=True)
    assert 'name="source-q"' in form and "<option" not in form
    offered = client.get(
        "/network/paths", query_string={"source-q": "Studierendeninitiative", "target-q": "Maghreb"}
    )
    page = unescape(offered.get_data(as_text=True))
    assert offered.status_code == 200 and 'role="status"' in page
    assert "Zu „Studierendeninitiative“ passen mehrere Organisationen" in page
    assert f'<option value="{nord}">' in page and f'<option value="{maghreb}">' in page
    assert 'value="Studierendeninitiative"' in page  # the typed text stays
    chosen = {"source-q": "Studierendeninitiative", "source-offered": "Studierendeninitiative",
              "source": nord, "target-q": "Maghreb", "target-offered": "Maghreb",
              "target": maghreb}  # fmt: skip
    found = unescape(client.get("/network/paths", query_string=chosen).get_data(as_text=True))
    assert '<ol class="paths"' in found
    # the text changed after the offer: a new search, the old choice does not count
    changed = unescape(client.get(
        "/network/paths", query_string={**chosen, "source-q": "Xyzzy"}
    ).get_data(as_text=True))  # fmt: skip
    assert "Keine Organisation des Netzwerks heißt wie „Xyzzy“" in changed
    assert '<ol class="paths"' not in changed
    by_link = client.get("/network/paths", query_string={"source": nord, "target": maghreb})
    assert '<ol class="paths"' in by_link.get_data(as_text=True)
    twin = client.get("/network/paths.json", query_string={"source-q": "Studierendeninitiative"})
    data = twin.get_json()
    assert data["organisations"] is None and data["offered"]["source"][0]["iri"] == nord
    # up to the limit, the lists as before
    listed = make_app().test_client().get("/network/paths").get_data(as_text=True)
    assert f'<option value="{nord}"' in listed and 'name="source-q"' not in listed
