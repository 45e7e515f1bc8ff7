"""Network pages and JSON API through a real server."""

from __future__ import annotations

import io
import json
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from .conftest import copy_store, running_server

OFFICE = "https://w3id.org/akteursgraph/mitte/organisation/koordinationsstelle-entwicklungspolitik"


@pytest.fixture(scope="module")
def server(example_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(copy_store(example_store_template, tmp_path_factory.mktemp("net"))) as url:
        yield url


def get(server: str, path: str, **params: object) -> bytes:
    qs = urllib.parse.urlencode(params, doseq=True)
    with urllib.request.urlopen(f"{server}{path}?{qs}", timeout=30) as resp:
        assert resp.status == 200
        return resp.read()


def test_ego_api_caps_and_says_what_it_left_out(server: str) -> None:
    full = json.loads(get(server, "/api/network/ego", iri=OFFICE, depth=2, max_nodes=300))
    capped = json.loads(get(server, "/api/network/ego", iri=OFFICE, depth=2, max_nodes=10))
    assert capped["counts"]["nodes"] == 10
    assert capped["omitted"]["nodes"] == full["counts"]["nodes"] - 10
    assert capped["nodes"][0]["id"] == OFFICE
    assert all(n["url"].startswith("/") for n in capped["nodes"])


def test_ego_page_renders_an_svg_without_javascript(server: str) -> None:
    html = get(server, "/network/ego", iri=OFFICE).decode()
    assert "<svg" in html and 'class="node organisations centre"' in html
    assert "Dachnetzwerk Globales Mitte" in html


def test_paths_page_explains_in_plain_words(server: str) -> None:
    ego = json.loads(get(server, "/api/network/ego", iri=OFFICE, depth=2, max_nodes=300))
    far = next(n["id"] for n in ego["nodes"] if n["distance"] == 2 and n["kind"] == "organisations")
    paths = json.loads(get(server, "/api/network/paths", source=OFFICE, target=far))
    assert paths and len(paths[0]["nodes"]) == 3
    assert paths[0]["explanation"]["de"] and paths[0]["explanation"]["en"]
    html = get(server, "/network/paths", source=OFFICE, target=far).decode()
    assert paths[0]["explanation"]["de"].split()[0] in html


def test_overview_ranks_the_office_and_shows_growth(server: str) -> None:
    html = get(server, "/network").decode()
    assert "Koordinationsstelle für kommunale Entwicklungspolitik" in html
    structure = json.loads(get(server, "/api/network/structure"))
    top = [r["iri"] for r in structure["degree"]["ranking"][:3]]
    assert OFFICE in top
    growth = json.loads(get(server, "/api/network/growth"))
    assert sum(r["new_cooperations"] for r in growth) >= 50


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_whole_network_downloads_for_gephi(server: str, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"net.{fmt}"
    path.write_bytes(get(server, "/api/network/export", format=fmt))
    graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    data = json.loads(get(server, "/api/network/export", format="json"))
    assert graph.number_of_nodes() == len(data["nodes"])
    assert OFFICE in graph


def test_csv_download_is_a_zip_of_nodes_and_edges(server: str) -> None:
    archive = zipfile.ZipFile(
        io.BytesIO(get(server, "/api/network/export", format="csv", iri=OFFICE))
    )
    names = sorted(archive.namelist())
    assert any(n.endswith("nodes.csv") for n in names) and any(
        n.endswith("edges.csv") for n in names
    )
