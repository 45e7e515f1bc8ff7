"""Exports of the whole network or of an ego network: GraphML and GEXF (for Gephi), CSV, JSON.

Every format is written in pieces (`export_chunks`), so a file of the whole network is never
held in memory, nor a copy of the graph: at the 1M district networkx's own writers built the
whole XML tree first (GEXF 182 MB of file, 1.9 GB of server memory for two downloads at once).
The pieces are the bytes networkx's writers gave (`nx.write_graphml`,
`nx.write_gexf`, both with ElementTree), `json.dump(indent=1)` and `csv.DictWriter`; a test
compares them with those writers. What a format declares at its top (GraphML's keys, GEXF's
attributes and timeline) is read in a first pass over the attribute names, then the nodes and
links are written a batch at a time.

The writers of networkx refuse missing values, so every attribute is written as text; GEXF
keeps the recorded dates as attributes and gives Gephi's timeline whole days.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, SubElement, tostring

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter
from networkx.readwrite.graphml import GraphMLWriter

from ..cells import inert_cell
from ..errors import UsageError
from ..languages import check_lang
from .build import label
from .periods import first_day, last_day, presence

EXPORT_FORMATS: tuple[str, ...] = ("graphml", "gexf", "csv", "json")

_NODE_COLUMNS = ("id", "label", "label_de", "label_en", "kind", "start", "end", "distance")
_EDGE_COLUMNS = ("source", "target", "kind", "label", "label_de", "label_en", "start", "end", "via")
#: The columns of text that people wrote (names): a spreadsheet must not run them (`inert_cell`).
_WRITTEN_COLUMNS = frozenset({"label", "label_de", "label_en"})
#: Nodes or links serialised at once: big enough that the serialiser's own cost per call
#: does not count, small enough that a batch's elements are a few hundred kB.
_BATCH = 1000
#: Stands where the nodes and links go in the frame of an XML file (see `_frame`).
_HOLE = "akteursgraph-stream"

Node = tuple[Any, dict[str, str]]
Edge = tuple[Any, Any, Any, dict[str, str]]


class _Rows:
    """The nodes and links of a graph with every value as text, read afresh by each pass.

    A graph is read where it is (no copy), its `label` in `lang` added before its labels in
    both languages; an ego network (a dict, at most a few hundred nodes, already labelled)
    is made a small graph first, as the exports always did: a link to a node the dict does
    not list adds that node."""

    def __init__(
        self,
        subject: nx.MultiDiGraph | Mapping[str, Any],
        lang: str,
        network: nx.MultiDiGraph | None = None,
    ) -> None:
        whole = isinstance(subject, nx.Graph)
        self.graph = subject if whole else _ego_graph(subject, network)
        self.lang = check_lang(lang) if whole else None

    def nodes(self) -> Iterator[Node]:
        for node, data in self.graph.nodes(data=True):
            if self.lang is not None:
                data = {"label": label(data, self.lang), **data}
            yield node, {k: _text(v) for k, v in data.items()}

    def edges(self) -> Iterator[Edge]:
        for a, b, key, data in self.graph.edges(keys=True, data=True):
            if self.lang is not None:  # after the kind, as the links were always written
                data = {"kind": data["kind"], "label": label(data, self.lang), **data}
            yield a, b, key, {k: _text(v) for k, v in data.items()}

    def counts(self) -> dict[str, int]:
        return {"nodes": self.graph.number_of_nodes(), "edges": self.graph.number_of_edges()}


def _ego_graph(
    subject: Mapping[str, Any], network: nx.MultiDiGraph | None = None
) -> nx.MultiDiGraph:
    """The ego network as a small graph; with the `network` it was cut from, each node and
    link carries that network's attributes too (labels in both languages, dates), as the
    whole network's files do: a downloaded neighbourhood had no founding dates, so Gephi's
    timeline showed every organisation as always there (exploratory test)."""
    graph = nx.MultiDiGraph()
    for node in subject["nodes"]:
        known = network.nodes[node["id"]] if network is not None and node["id"] in network else {}
        attributes = {**known, **{k: v for k, v in node.items() if k != "id"}}
        graph.add_node(node["id"], **{"iri": node["id"], **_texts(attributes)})
    for i, edge in enumerate(subject["edges"]):
        key = f"{edge.get('kind', '')} {edge.get('via') or ''}".rstrip()
        known = {}
        if network is not None:
            known = network.get_edge_data(edge["source"], edge["target"], key) or {}
        attributes = {**known, **{k: v for k, v in edge.items() if k not in ("source", "target")}}
        graph.add_edge(edge["source"], edge["target"], key=f"e{i}", **_texts(attributes))
    return graph


def _texts(attributes: Mapping[str, object]) -> dict[str, str]:
    return {k: _text(v) for k, v in attributes.items()}


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _check_format(fmt: str) -> None:
    if fmt not in EXPORT_FORMATS:
        raise UsageError(
            f"Unbekanntes Format {fmt!r}; erlaubt: {', '.join(EXPORT_FORMATS)}.",
            f"Unknown format {fmt!r}; allowed: {', '.join(EXPORT_FORMATS)}.",
            where="--format",
        )


def export_network(
    subject: nx.MultiDiGraph | Mapping[str, Any],
    fmt: str,
    out: IO[bytes] | Path | str,
    lang: str = "de",
) -> dict[str, int]:
    """Write the whole network or an ego network (the dict of `ego_network`); the whole
    network's `label` in `lang` (an ego network is labelled already).

    graphml, gexf: node ids are IRIs; nodes carry label, kind, iri (and dates), edges kind,
    label, start, end, via. GEXF's own `label` is the node label (what Gephi shows); its
    `start`/`end` are Gephi's timeline, so the recorded dates are kept as `start_date` and
    `end_date`, and the timeline gets them as whole days (a year from 1 January to 31
    December) where known.
    json: node-link JSON {"nodes": [...], "edges": [...]}.
    csv: `out` must be a path; writes PATH-nodes.csv and PATH-edges.csv (a ".csv" ending of
    PATH is dropped first).
    Returns {"nodes": n, "edges": m}."""
    _check_format(fmt)
    rows = _Rows(subject, lang)
    if fmt == "csv":
        if not isinstance(out, str | Path):
            raise UsageError(
                "CSV braucht einen Pfad (es entstehen zwei Dateien).",
                "CSV needs a path (it writes two files).",
                where="--output",
            )
        nodes_path, edges_path = csv_paths(Path(out))
        for path, chunks in ((nodes_path, _csv_nodes(rows)), (edges_path, _csv_edges(rows))):
            with path.open("w", encoding="utf-8", newline="") as fh:
                fh.writelines(chunks)
        return rows.counts()
    if isinstance(out, str | Path):
        with Path(out).open("wb") as fh:
            fh.writelines(_WRITERS[fmt](rows))
    else:
        out.writelines(_WRITERS[fmt](rows))
    return rows.counts()


def export_chunks(
    subject: nx.MultiDiGraph | Mapping[str, Any],
    fmt: str,
    lang: str = "de",
    network: nx.MultiDiGraph | None = None,
) -> Iterator[bytes]:
    """The export of `fmt` in pieces of a few hundred kB, for a download: graphml, gexf and
    json as `export_network` writes them; csv as a zip of network-edges.csv and
    network-nodes.csv, as `export_network` writes them.

    The network is read as the pieces are asked for (a graph is walked once per pass, never
    copied); closing the generator early stops the work. The whole network's `label` in
    `lang`, as in `export_network`; an ego network with the attributes of the `network` it
    was cut from (`_ego_graph`)."""
    _check_format(fmt)
    rows = _Rows(subject, lang, network)
    return _csv_zip(rows) if fmt == "csv" else _WRITERS[fmt](rows)


def csv_paths(path: Path) -> tuple[Path, Path]:
    """Where `export_network(..., "csv", path)` writes its nodes and its edges."""
    stem = path.name[: -len(".csv")] if path.name.lower().endswith(".csv") else path.name
    return path.with_name(stem + "-nodes.csv"), path.with_name(stem + "-edges.csv")


# ---- CSV ------------------------------------------------------------------------------------


def _csv_nodes(rows: _Rows) -> Iterator[str]:
    return _csv(_NODE_COLUMNS, lambda: ({"id": n, **d} for n, d in rows.nodes()))


def _csv_edges(rows: _Rows) -> Iterator[str]:
    return _csv(
        _EDGE_COLUMNS, lambda: ({"source": a, "target": b, **d} for a, b, _, d in rows.edges())
    )


def _csv(
    columns: tuple[str, ...], rows: Callable[[], Iterable[Mapping[str, str]]]
) -> Iterator[str]:
    """A CSV file of the columns that occur (the first if none does), a batch of rows at a
    time: a first pass finds the columns, the second writes."""
    wanted = set(columns)
    seen: set[str] = set()
    for row in rows():
        seen.update(wanted.intersection(row))
        if len(seen) == len(wanted):
            break
    present = [c for c in columns if c in seen] or list(columns[:1])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=present, extrasaction="ignore", restval="")
    writer.writeheader()
    for i, row in enumerate(rows(), 1):
        writer.writerow({k: inert_cell(v) if k in _WRITTEN_COLUMNS else v for k, v in row.items()})
        if i % _BATCH == 0:
            yield _taken(buffer)
    yield _taken(buffer)


def _taken(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


class _Pieces(io.RawIOBase):
    """Where a zip is written to: the bytes wait here until taken. It cannot seek, so
    `zipfile` writes each member's sizes after its data (a data descriptor) instead of
    going back to its header."""

    def __init__(self) -> None:
        super().__init__()
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        out = b"".join(self._parts)
        self._parts.clear()
        return out


def _csv_zip(rows: _Rows) -> Iterator[bytes]:
    """A zip (deflated) of the edges' and the nodes' CSV files, made as it is sent."""
    nodes_path, edges_path = csv_paths(Path("network"))
    pieces = _Pieces()
    with zipfile.ZipFile(pieces, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, chunks in ((edges_path, _csv_edges(rows)), (nodes_path, _csv_nodes(rows))):
            member = zipfile.ZipInfo(path.name, time.localtime()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o100644 << 16  # a file anyone may read, as extracted
            with archive.open(member, "w") as fh:
                for chunk in chunks:
                    fh.write(chunk.encode("utf-8"))
                    yield pieces.take()
    yield pieces.take()


# ---- JSON -----------------------------------------------------------------------------------


def _json(rows: _Rows) -> Iterator[bytes]:
    """`json.dump({"nodes": [...], "edges": [...]}, indent=1, ensure_ascii=False)` and a
    newline, a batch of items at a time: an item at depth 2 is its own dump indented by two."""
    nodes = ({"id": n, **d} for n, d in rows.nodes())
    edges = ({"source": a, "target": b, **d} for a, b, _, d in rows.edges())
    yield b'{\n "nodes": '
    yield from _json_list(nodes)
    yield b',\n "edges": '
    yield from _json_list(edges)
    yield b"\n}\n"


def _json_list(items: Iterable[Mapping[str, str]]) -> Iterator[bytes]:
    batch: list[str] = []
    empty = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=1).replace("\n", "\n  ")
        batch.append(("[\n  " if empty else ",\n  ") + text)
        empty = False
        if len(batch) == _BATCH:
            yield "".join(batch).encode("utf-8")
            batch.clear()
    batch.append("[]" if empty else "\n ]")
    yield "".join(batch).encode("utf-8")


# ---- XML: the frame, then the elements a batch at a time --------------------------------------


def _frame(document: Callable[[IO[bytes]], None], holes: int) -> list[bytes]:
    """The XML file around its nodes and links, cut where they go: `document` writes the
    file with an empty `_HOLE` element as the only child of each place that has elements
    (indented as the writer indents), and the pieces around them are returned."""
    out = io.BytesIO()
    document(out)
    parts = out.getvalue().split(f"<{_HOLE} />".encode())
    assert len(parts) == holes + 1
    return parts


def _elements(
    elements: Iterable[Element], level: int, indent: Callable[..., None]
) -> Iterator[bytes]:
    """Elements that follow each other at `level`, indented as the writer's own indent does,
    serialised a batch at a time. The frame holds the indentation before the first one and
    the last one's tail (that of the hole); between two comes the tail `indent` gives each."""
    between = "\n" + "  " * level
    batch = Element("batch")
    first = True
    for element in elements:
        indent(element, level)
        batch.append(element)
        if len(batch) == _BATCH:
            yield _serialised(batch, first, between)
            batch = Element("batch")
            first = False
    if len(batch):
        yield _serialised(batch, first, between)


def _serialised(batch: Element, first: bool, between: str) -> bytes:
    # <batch>e1 TAIL e2 TAIL ... en TAIL</batch>: the last tail is the next one's "between".
    text = tostring(batch, encoding="unicode")[len("<batch>") : -len("</batch>") - len(between)]
    return ((between if not first else "") + text).encode("utf-8", "xmlcharrefreplace")


def _hole() -> Element:
    return Element(_HOLE)


# ---- GraphML --------------------------------------------------------------------------------


def _graphml(rows: _Rows) -> Iterator[bytes]:
    """As `nx.write_graphml(graph)` writes it (ElementTree): the keys of the node and link
    attributes first (newest first, the writer inserts each at the top), then a `<graph>`
    with the nodes and then the links. The keys' ids are networkx's own (`d0`, `d1` …), each
    naming its attribute in `attr.name`: named after the attribute, a node's and a link's
    `kind` had one id, which GraphML's schema refuses (exploratory walk)."""
    writer = GraphMLWriter(encoding="utf-8", prettyprint=True)
    keys: dict[tuple[str, str], str] = {}
    has_any = False
    for scope, items in (
        ("node", (d for _, d in rows.nodes())),
        ("edge", (d for *_, d in rows.edges())),
    ):
        for data in items:
            has_any = True
            for name in data:
                if (name, scope) not in keys:
                    keys[name, scope] = writer.get_key(name, "string", scope, None)
    graph = Element("graph", edgedefault="directed")
    if has_any:
        graph.append(_hole())
    writer.xml.append(graph)
    before, *after = _frame(writer.dump, 1 if has_any else 0)
    yield before

    def nodes() -> Iterator[Element]:
        for node, data in rows.nodes():
            element = Element("node", id=str(node))
            _graphml_data(element, data, "node", keys)
            yield element

    def edges() -> Iterator[Element]:
        # Numbered through the file, as an ego network's are: the whole network's multigraph
        # key is the link's kind, unique per pair of nodes only ("topic" stood 164 times in
        # the example's file), and Gephi refuses an edge id it has seen (walk).
        for i, (a, b, _key, data) in enumerate(rows.edges()):
            element = Element("edge", source=str(a), target=str(b), id=f"e{i}")
            _graphml_data(element, data, "edge", keys)
            yield element

    if has_any:
        yield from _elements(_chained(nodes(), edges()), 2, writer.indent)
        yield after[0]


def _graphml_data(
    element: Element, data: Mapping[str, str], scope: str, keys: Mapping[tuple[str, str], str]
) -> None:
    for name, value in data.items():
        SubElement(element, "data", key=keys[name, scope]).text = _xml_text(value)


#: What XML 1.0 cannot hold, not even escaped: the control characters but tab and the line
#: ends, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value: str) -> str:
    """`value` without what XML cannot hold: one label with a control character (from a
    pasted text) made the whole GraphML and GEXF download unreadable for Gephi."""
    return _NOT_XML.sub("", value)


def _chained(*parts: Iterable[Element]) -> Iterator[Element]:
    for part in parts:
        yield from part


# ---- GEXF -----------------------------------------------------------------------------------

#: What GEXF writes as XML attributes of a node or a link, not as attribute values.
_GEXF_OWN = ("label", "start", "end")


def _gexf(rows: _Rows) -> Iterator[bytes]:
    """As `nx.write_gexf` writes it, each node and link with its dates for the timeline
    (`_timed`): a `<graph>` declaring the attributes (the links' first, the writer inserts
    each class at the top) and the timeline (mode dynamic, dates, when any date is known),
    then the nodes, then the links (ids counted from 0, the multigraph key as
    `networkx_key`)."""
    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    writer.graph_element = graph = Element(
        "graph", defaultedgetype="directed", mode="static", name=""
    )
    ids: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
    counts = {"node": 0, "edge": 0}
    scans: tuple[tuple[str, Iterator[dict[str, Any]]], ...] = (
        ("node", (_node_timed(d) for _, d in rows.nodes())),
        ("edge", ({**_edge_timed(d), "key": key} for _, _, key, d in rows.edges())),
    )
    for scope, items in scans:
        for data in items:
            counts[scope] += 1
            for name, value in data.items():
                if name in ("start", "end"):
                    writer.alter_graph_mode_timeformat(value)
                elif name != "label" and name not in ids[scope]:
                    title = "networkx_key" if name == "key" else name
                    kind = writer.xml_type[type(value)]  # text, but for a whole-number key
                    ids[scope][name] = writer.get_attr_id(title, kind, scope, {}, "static")
    places = []
    for scope, tag in (("node", "nodes"), ("edge", "edges")):
        place = SubElement(graph, tag)
        if counts[scope]:
            place.append(_hole())
            places.append(scope)
    writer.xml.append(graph)
    parts = _frame(writer.write, len(places))
    yield parts[0]

    def nodes() -> Iterator[Element]:
        for node, data in rows.nodes():
            timed = _node_timed(data)
            yield _gexf_element(
                Element("node", id=str(node), label=_xml_text(timed.pop("label", str(node)))),
                timed,
                ids["node"],
            )

    def edges() -> Iterator[Element]:
        for number, (a, b, key, data) in enumerate(rows.edges()):
            timed = {**_edge_timed(data), "key": _text(key)}
            own = {"id": str(number)}
            if "label" in timed:
                own["label"] = _xml_text(timed.pop("label"))
            yield _gexf_element(
                Element("edge", source=str(a), target=str(b), **own), timed, ids["edge"]
            )

    writers = {"node": nodes, "edge": edges}
    for i, scope in enumerate(places, 1):
        yield from _elements(writers[scope](), 3, writer.indent)
        yield parts[i]


def _gexf_element(element: Element, data: dict[str, str], ids: Mapping[str, str]) -> Element:
    """A node or link: its dates on the timeline, the rest as attribute values."""
    for name in ("start", "end"):
        if name in data:
            element.set(name, data.pop(name))
    if data:
        values = SubElement(element, "attvalues")
        for name, value in data.items():
            SubElement(values, "attvalue", {"for": ids[name], "value": _xml_text(value)})
    return element


def _node_timed(data: Mapping[str, str]) -> dict[str, str]:
    return _timed(data, presence(data))


def _edge_timed(data: Mapping[str, str]) -> dict[str, str]:
    return _timed(data, (data.get("start", ""), data.get("end", "")))


def _timed(data: Mapping[str, str], spell: tuple[str, str]) -> dict[str, str]:
    """A node's or link's attributes for GEXF: the recorded dates as `start_date` and
    `end_date`, and its `spell` (a link's period; a node's `presence`, as `as_of` reads it)
    as `start` and `end` whole days for Gephi's timeline where known."""
    result = {k: v for k, v in data.items() if k not in ("start", "end")}
    result["start_date"] = data.get("start", "")
    result["end_date"] = data.get("end", "")
    if spell[0]:
        result["start"] = first_day(spell[0])
    if spell[1]:
        result["end"] = last_day(spell[1])
    return result


_WRITERS: dict[str, Callable[[_Rows], Iterator[bytes]]] = {
    "graphml": _graphml,
    "gexf": _gexf,
    "json": _json,
}
