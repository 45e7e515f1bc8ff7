"""The network exports streamed (issue 11's memory target): the same bytes as the writers that
built each file whole, one export of the whole network at a time, the slot given back however
the download ends.

`_whole_file` is how the exports were written before they were streamed (networkx's writers
on a copy of the graph, `json.dump`, `csv.DictWriter` on a list of all rows): the streamed
pieces must join to its bytes, at batch boundaries too (`_BATCH` made small).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import networkx as nx
import pytest
from flask import Flask
from flask.testing import FlaskClient

from akteursgraph import network
from akteursgraph.network import exports
from akteursgraph.network.periods import first_day, last_day, presence
from akteursgraph_web import network as web_network

from .test_network_pages import OFFICE

XML_AND_JSON = ("graphml", "gexf", "json")
EARLY = "2005"

# ---- the exports as they were written whole --------------------------------------------------

_NODE_COLUMNS = ("id", "label", "label_de", "label_en", "kind", "start", "end", "distance")
_EDGE_COLUMNS = ("source", "target", "kind", "label", "label_de", "label_en", "start", "end", "via")


def _as_graph(
    subject: nx.MultiDiGraph | Mapping[str, Any], lang: str, network: nx.MultiDiGraph | None = None
) -> nx.MultiDiGraph:
    """The graph the file was written from: the network's nodes and links with their `label`
    in `lang` first (after a link's kind), as the network carried it when it was built per
    language; an ego network's with the attributes of the `network` it was cut from."""
    graph = nx.MultiDiGraph()
    text = _text
    if isinstance(subject, nx.Graph):
        for node, data in subject.nodes(data=True):
            data = {"label": data[f"label_{lang}"], **data}
            graph.add_node(node, **{k: text(v) for k, v in data.items()})
        for a, b, key, data in subject.edges(keys=True, data=True):
            data = {"kind": data["kind"], "label": data[f"label_{lang}"], **data}
            graph.add_edge(a, b, key=key, **{k: text(v) for k, v in data.items()})
        return graph
    whole = network if network is not None else nx.MultiDiGraph()
    for node in subject["nodes"]:
        data = {**whole.nodes.get(node["id"], {}), **node}
        data = {"iri": node["id"], **{k: text(v) for k, v in data.items() if k != "id"}}
        graph.add_node(node["id"], **data)
    for i, edge in enumerate(subject["edges"]):
        via = f"{edge['kind']} {edge.get('via') or ''}".rstrip()
        known = whole.get_edge_data(edge["source"], edge["target"], via) or {}
        attributes = {
            k: text(v) for k, v in {**known, **edge}.items() if k not in ("source", "target")
        }
        graph.add_edge(edge["source"], edge["target"], key=f"e{i}", **attributes)
    return graph


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _for_gexf(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    copy = nx.MultiDiGraph()

    def timed(data: Mapping[str, str], spell: tuple[str, str]) -> dict[str, str]:
        result = {k: v for k, v in data.items() if k not in ("start", "end")}
        result["start_date"] = data.get("start", "")
        result["end_date"] = data.get("end", "")
        if spell[0]:
            result["start"] = first_day(spell[0])
        if spell[1]:
            result["end"] = last_day(spell[1])
        return result

    for node, data in graph.nodes(data=True):
        copy.add_node(node, **timed(data, presence(data)))  # a node: while it was there
    for a, b, key, data in graph.edges(keys=True, data=True):
        copy.add_edge(a, b, key=key, **timed(data, (data.get("start", ""), data.get("end", ""))))
    return copy


def _write_csv(fh: IO[str], columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    present = [c for c in columns if any(c in r for r in rows)] or list(columns[:1])
    writer = csv.DictWriter(fh, fieldnames=present, extrasaction="ignore", restval="")
    writer.writeheader()
    writer.writerows(rows)


def _whole_file(
    subject: nx.MultiDiGraph | Mapping[str, Any],
    fmt: str,
    lang: str,
    network: nx.MultiDiGraph | None = None,
) -> bytes:
    """graphml, gexf, json: the file; csv: the nodes' file, then the edges' (as "name\\0")."""
    graph = _as_graph(subject, lang, network)
    out = io.BytesIO()
    if fmt == "graphml":
        # Each link's id numbered through the file (the whole network's keys are its kinds,
        # unique per pair only, and Gephi refuses an id it has seen).
        numbered = nx.MultiDiGraph()
        numbered.add_nodes_from(graph.nodes(data=True))
        for i, (a, b, data) in enumerate(graph.edges(data=True)):
            numbered.add_edge(a, b, key=f"e{i}", **data)
        nx.write_graphml(numbered, out)
    elif fmt == "gexf":
        nx.write_gexf(_for_gexf(graph), out)
    elif fmt == "json":
        data = {
            "nodes": [{"id": n, **d} for n, d in graph.nodes(data=True)],
            "edges": [{"source": a, "target": b, **d} for a, b, d in graph.edges(data=True)],
        }
        out.write(json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8") + b"\n")
    return out.getvalue()


def _whole_csv(subject: nx.MultiDiGraph | Mapping[str, Any], lang: str) -> dict[str, bytes]:
    graph = _as_graph(subject, lang)
    files = {}
    for name, columns, rows in (
        ("network-nodes.csv", _NODE_COLUMNS, [{"id": n, **d} for n, d in graph.nodes(data=True)]),
        ("network-edges.csv", _EDGE_COLUMNS,
         [{"source": a, "target": b, **d} for a, b, d in graph.edges(data=True)]),
    ):  # fmt: skip
        text = io.StringIO(newline="")
        _write_csv(text, columns, rows)
        files[name] = text.getvalue().encode("utf-8")
    return files


# ---- the core: pieces join to the whole file ----------------------------------------------


@pytest.fixture(params=[3, 1000], ids=["batches-of-3", "batches-of-1000"])
def batch(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Batch boundaries inside the example network too (it has a few hundred nodes)."""
    monkeypatch.setattr(exports, "_BATCH", request.param, raising=False)
    return int(request.param)


def _subjects(app: Flask) -> dict[str, tuple[nx.MultiDiGraph | dict[str, Any], str]]:
    """What is exported, each with the language of its labels."""
    net = app.extensions["akteursgraph.network"].graph()
    ego = network.ego_network(net, OFFICE, depth=2, max_nodes=80)
    assert ego is not None
    lonely = nx.MultiDiGraph()
    lonely.add_node("urn:x:a", label_de="a", label_en="a", kind="topics")
    return {
        "whole": (net, "de"),
        "english": (net, "en"),
        "as-of": (network.as_of_network(net, EARLY), "de"),
        "ego": (ego, "de"),
        "empty": (nx.MultiDiGraph(), "de"),
        "no-links": (lonely, "en"),
    }


@pytest.mark.parametrize("fmt", XML_AND_JSON)
def test_streamed_pieces_join_to_the_whole_file(
    example_app: Flask, fmt: str, batch: int, tmp_path: Path
) -> None:
    for name, (subject, lang) in _subjects(example_app).items():
        whole = _whole_file(subject, fmt, lang)
        pieces = list(network.export_chunks(subject, fmt, lang))
        assert b"".join(pieces) == whole, name
        if name == "whole" and batch == 3:  # pieces, not the whole file in one
            assert len(pieces) > 100 and max(map(len, pieces)) < 10_000
        # the CLI's `network` command writes the same pieces, to a file or a stream
        network.export_network(subject, fmt, tmp_path / "net", lang)
        assert (tmp_path / "net").read_bytes() == whole, name
        stream = io.BytesIO()
        network.export_network(subject, fmt, stream, lang)
        assert stream.getvalue() == whole, name


def test_csv_zip_holds_the_whole_files(example_app: Flask, batch: int, tmp_path: Path) -> None:
    for name, (subject, lang) in _subjects(example_app).items():
        whole = _whole_csv(subject, lang)
        chunks = network.export_chunks(subject, "csv", lang)
        archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
        assert archive.testzip() is None
        assert archive.namelist() == ["network-edges.csv", "network-nodes.csv"]
        assert {m: archive.read(m) for m in archive.namelist()} == whole, name
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_DEFLATED}
        network.export_network(subject, "csv", tmp_path / "net.csv", lang)
        nodes, edges = network.csv_paths(tmp_path / "net.csv")
        written = {"network-nodes.csv": nodes.read_bytes(), "network-edges.csv": edges.read_bytes()}
        assert written == whole, name


def test_as_of_view_is_the_as_of_network_without_a_copy(example_app: Flask) -> None:
    net = example_app.extensions["akteursgraph.network"].graph()
    view, copy = network.as_of_view(net, EARLY), network.as_of_network(net, EARLY)
    assert list(view.nodes(data=True)) == list(copy.nodes(data=True))
    assert list(view.edges(keys=True, data=True)) == list(copy.edges(keys=True, data=True))
    assert nx.is_frozen(view) and network.as_of_view(net, None) is net


# ---- the web: streamed, one at a time ----------------------------------------------------------


def _export(client: FlaskClient, fmt: str, **params: str) -> Any:
    return client.get("/api/network/export", query_string={"format": fmt, **params})


def _streamed(response: Any) -> bytes:
    """The body, which must come in pieces and without a length (a file written whole came
    in one, with its length)."""
    assert "Content-Length" not in response.headers
    pieces = list(response.response)
    assert len(pieces) > 1
    response.close()
    return b"".join(pieces)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "csv"])
def test_download_is_streamed_and_the_same_file(
    example_app: Flask, client: FlaskClient, fmt: str, tmp_path: Path
) -> None:
    response = _export(client, fmt)
    assert response.status_code == 200
    assert response.content_type == network_export_type(fmt)
    ext = "zip" if fmt == "csv" else fmt
    assert response.headers["Content-Disposition"] == f'attachment; filename="network.{ext}"'
    assert "ETag" not in response.headers  # as before: no page cache, no tag
    body = _streamed(response)
    net = example_app.extensions["akteursgraph.network"].graph()
    if fmt == "csv":
        archive = zipfile.ZipFile(io.BytesIO(body))
        assert {m: archive.read(m) for m in archive.namelist()} == _whole_csv(net, "de")
        rows = list(csv.DictReader(io.StringIO(archive.read("network-nodes.csv").decode())))
        assert len(rows) == net.number_of_nodes()
        return
    assert body == _whole_file(net, fmt, "de")
    if fmt == "json":
        assert len(json.loads(body)["edges"]) == net.number_of_edges()
        return
    path = tmp_path / f"net.{fmt}"
    path.write_bytes(body)
    ids = re.findall(rb'<edge [^>]*\bid="([^"]+)"', body)
    assert len(ids) == len(set(ids)) == net.number_of_edges()  # unique, as Gephi needs them
    read = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert (read.number_of_nodes(), read.number_of_edges()) == (
        net.number_of_nodes(),
        net.number_of_edges(),
    )


def network_export_type(fmt: str) -> str:
    return {
        "graphml": "application/graphml+xml",
        "gexf": "application/gexf+xml",
        "json": "application/json",
        "csv": "application/zip",
    }[fmt]


def test_as_of_and_ego_downloads_are_the_same_files(
    example_app: Flask, client: FlaskClient
) -> None:
    net = example_app.extensions["akteursgraph.network"].graph()
    then = _export(client, "gexf", as_of=EARLY)
    assert _streamed(then) == _whole_file(network.as_of_network(net, EARLY), "gexf", "de")
    ego = _export(client, "graphml", iri=OFFICE, depth="2")
    assert ego.headers["Content-Disposition"] == 'attachment; filename="ego-network.graphml"'
    served = _ego_as_served(example_app, depth="2")
    assert _streamed(ego) == _whole_file(served, "graphml", "de", net)


def test_the_download_is_labelled_in_the_interface_language(
    example_app: Flask, client: FlaskClient
) -> None:
    """One graph serves both languages: the label of an English download is the English one."""
    net = example_app.extensions["akteursgraph.network"].graph()
    english = _streamed(_export(client, "json", lang="en"))
    assert english == _whole_file(net, "json", "en") != _whole_file(net, "json", "de")
    labels = {n["id"]: n["label"] for n in json.loads(english)["nodes"]}
    assert labels[OFFICE] == net.nodes[OFFICE]["label_en"] != net.nodes[OFFICE]["label_de"]


def _ego_as_served(app: Flask, **params: str) -> dict[str, Any]:
    """The ego network the export view writes (the JSON API's answer has its keys sorted)."""
    with app.test_request_context("/api/network/export", query_string={"iri": OFFICE, **params}):
        app.preprocess_request()
        return web_network._ego(web_network.EgoRequest.from_args())


def _busy(response: Any) -> None:
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) >= 5
    error = response.get_json()["error"]
    assert "exportiert" in error["de"] and "being exported" in error["en"]


def test_a_second_whole_export_waits_its_turn(example_app: Flask) -> None:
    first, second = example_app.test_client(), example_app.test_client()
    slot = example_app.extensions["akteursgraph.network-export"]
    with _export(first, "gexf") as open_one:
        assert open_one.status_code == 200 and slot.taken
        for fmt in ("gexf", "graphml", "json", "csv"):
            with _export(second, fmt) as refused:
                _busy(refused)
        with _export(second, "json", iri=OFFICE) as ego:  # an ego network is small: at once
            assert ego.status_code == 200
        assert b"".join(open_one.response)  # read to the end: the turn is given back
        assert not slot.taken
    with _export(second, "json") as again:
        assert again.status_code == 200 and json.loads(b"".join(again.response))["nodes"]
    assert not slot.taken


def test_a_download_closed_early_gives_the_turn_back(example_app: Flask) -> None:
    client = example_app.test_client()
    slot = example_app.extensions["akteursgraph.network-export"]
    with _export(client, "graphml") as started:
        pieces: Iterator[bytes] = iter(started.response)
        assert next(pieces).startswith(b"<?xml")
        assert slot.taken
    # closed (what waitress does when the client goes away) before the last piece
    assert not slot.taken
    # the body alone, closed early (the generator's own `finally`)
    turn = slot.take()
    body = web_network._given_back_after(iter([b"a", b"b"]), turn)
    assert next(body) == b"a" and slot.taken
    body.close()
    assert not slot.taken
    with _export(client, "graphml") as again:
        assert again.status_code == 200


def test_a_download_never_started_gives_the_turn_back(example_app: Flask) -> None:
    """A HEAD request (or a client gone before the server asked for the first piece): the
    body's generator never runs, so its `finally` does not either; the response's close
    gives the turn back."""
    client = example_app.test_client()
    slot = example_app.extensions["akteursgraph.network-export"]
    with client.head("/api/network/export", query_string={"format": "gexf"}) as head:
        assert head.status_code == 200 and head.data == b""
    assert not slot.taken
    with _export(client, "json") as again:
        assert again.status_code == 200
