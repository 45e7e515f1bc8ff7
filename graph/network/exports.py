"""Exports of the whole network or of an ego network: GraphML and GEXF (for Gephi), CSV, JSON.

The writers of networkx refuse missing values, so every attribute is written as text; GEXF
keeps the recorded dates as attributes and gives Gephi's timeline whole days.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any

import networkx as nx

from ..errors import UsageError
from .periods import first_day, last_day

EXPORT_FORMATS: tuple[str, ...] = ("graphml", "gexf", "csv", "json")

_NODE_COLUMNS = ("id", "label", "label_de", "label_en", "kind", "start", "end", "distance")
_EDGE_COLUMNS = ("source", "target", "kind", "label", "label_de", "label_en", "start", "end", "via")


def _as_graph(subject: nx.MultiDiGraph | Mapping[str, Any]) -> nx.MultiDiGraph:
    """A graph with string attributes only (networkx's writers refuse None)."""
    graph = nx.MultiDiGraph()
    if isinstance(subject, nx.Graph):
        for node, data in subject.nodes(data=True):
            graph.add_node(node, **{k: _text(v) for k, v in data.items()})
        for a, b, key, data in subject.edges(keys=True, data=True):
            graph.add_edge(a, b, key=key, **{k: _text(v) for k, v in data.items()})
        return graph
    for node in subject["nodes"]:
        attributes = {k: _text(v) for k, v in node.items() if k != "id"}
        graph.add_node(node["id"], iri=node["id"], **attributes)
    for i, edge in enumerate(subject["edges"]):
        attributes = {k: _text(v) for k, v in edge.items() if k not in ("source", "target")}
        graph.add_edge(edge["source"], edge["target"], key=f"e{i}", **attributes)
    return graph


def _text(value: object) -> str:
    return "" if value is None else str(value)


def export_network(
    subject: nx.MultiDiGraph | Mapping[str, Any],
    fmt: str,
    out: IO[bytes] | Path | str,
) -> dict[str, int]:
    """Write the whole network or an ego network (the dict of `ego_network`).

    graphml, gexf: node ids are IRIs; nodes carry label, kind, iri (and dates), edges kind,
    label, start, end, via. GEXF's own `label` is the node label (what Gephi shows); its
    `start`/`end` are Gephi's timeline, so the recorded dates are kept as `start_date` and
    `end_date`, and the timeline gets them as whole days (a year from 1 January to 31
    December) where known.
    json: node-link JSON {"nodes": [...], "edges": [...]}.
    csv: `out` must be a path; writes PATH-nodes.csv and PATH-edges.csv (a ".csv" ending of
    PATH is dropped first).
    Returns {"nodes": n, "edges": m}."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(
            f"Unbekanntes Format {fmt!r}; erlaubt: {', '.join(EXPORT_FORMATS)}.",
            f"Unknown format {fmt!r}; allowed: {', '.join(EXPORT_FORMATS)}.",
            where="--format",
        )
    graph = _as_graph(subject)
    counts = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
    if fmt == "csv":
        if not isinstance(out, str | Path):
            raise UsageError(
                "CSV braucht einen Pfad (es entstehen zwei Dateien).",
                "CSV needs a path (it writes two files).",
                where="--output",
            )
        nodes_path, edges_path = csv_paths(Path(out))
        with nodes_path.open("w", encoding="utf-8", newline="") as fh:
            _write_csv(fh, _NODE_COLUMNS, ({"id": n, **d} for n, d in graph.nodes(data=True)))
        with edges_path.open("w", encoding="utf-8", newline="") as fh:
            _write_csv(
                fh,
                _EDGE_COLUMNS,
                ({"source": a, "target": b, **d} for a, b, d in graph.edges(data=True)),
            )
        return counts
    if isinstance(out, str | Path):
        with Path(out).open("wb") as fh:
            _write(graph, fmt, fh)
    else:
        _write(graph, fmt, out)
    return counts


def csv_paths(path: Path) -> tuple[Path, Path]:
    """Where `export_network(..., "csv", path)` writes its nodes and its edges."""
    stem = path.name[: -len(".csv")] if path.name.lower().endswith(".csv") else path.name
    return path.with_name(stem + "-nodes.csv"), path.with_name(stem + "-edges.csv")


def _write_csv(fh: IO[str], columns: tuple[str, ...], rows: Iterable[Mapping[str, str]]) -> None:
    rows = list(rows)
    present = [c for c in columns if any(c in r for r in rows)] or list(columns[:1])
    writer = csv.DictWriter(fh, fieldnames=present, extrasaction="ignore", restval="")
    writer.writeheader()
    writer.writerows(rows)


def _write(graph: nx.MultiDiGraph, fmt: str, out: IO[bytes]) -> None:
    if fmt == "graphml":
        nx.write_graphml(graph, out, named_key_ids=True)
    elif fmt == "gexf":
        nx.write_gexf(_for_gexf(graph), out)
    else:
        data = {
            "nodes": [{"id": n, **d} for n, d in graph.nodes(data=True)],
            "edges": [{"source": a, "target": b, **d} for a, b, d in graph.edges(data=True)],
        }
        wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="\n")
        json.dump(data, wrapper, ensure_ascii=False, indent=1)
        wrapper.write("\n")
        wrapper.flush()
        wrapper.detach()


def _for_gexf(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    copy = nx.MultiDiGraph()

    def timed(data: Mapping[str, str]) -> dict[str, str]:
        result = {k: v for k, v in data.items() if k not in ("start", "end")}
        result["start_date"] = data.get("start", "")
        result["end_date"] = data.get("end", "")
        if data.get("start"):
            result["start"] = first_day(data["start"])
        if data.get("end"):
            result["end"] = last_day(data["end"])
        return result

    for node, data in graph.nodes(data=True):
        copy.add_node(node, **timed(data))
    for a, b, key, data in graph.edges(keys=True, data=True):
        copy.add_edge(a, b, key=key, **timed(data))
    return copy
