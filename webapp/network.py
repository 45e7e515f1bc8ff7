"""Network exploration: ego networks, paths, structure, growth; pages, JSON API and exports.

The JSON API (`/api/network/...`) is what the interactive picture uses; the pages render the
same data server-side (an SVG drawn from a fixed-seed layout), so nothing needs JavaScript.
"""

from __future__ import annotations

import io
import math
import tempfile
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, g, jsonify, render_template, request

from akteursgraph import network

from .explorer import entity_url

bp = Blueprint("network", __name__)

EXPORT_TYPES = {
    "graphml": ("application/graphml+xml", "graphml"),
    "gexf": ("application/gexf+xml", "gexf"),
    "json": ("application/json", "json"),
    "csv": ("application/zip", "zip"),
}


def cache() -> network.NetworkCache:
    return current_app.extensions["akteursgraph.network"]


def _net() -> object:
    return cache().graph(g.lang)


def _ego_args() -> dict[str, object]:
    iri = request.args.get("iri", "")
    if not iri:
        abort(400)
    try:
        depth = min(3, max(1, int(request.args.get("depth", "1"))))
        max_nodes = min(300, max(5, int(request.args.get("max_nodes", "60"))))
    except ValueError:
        abort(400)
    return {
        "iri": iri,
        "depth": depth,
        "edge_kinds": request.args.getlist("edge_kind") or None,
        "node_kinds": request.args.getlist("node_kind") or None,
        "as_of": request.args.get("as_of") or None,
        "max_nodes": max_nodes,
    }


def _ego() -> dict:
    args = _ego_args()
    net = _net()
    if args["iri"] not in net:  # type: ignore[operator]
        abort(404)
    ego = network.ego_network(
        net,
        args["iri"],
        depth=args["depth"],
        edge_kinds=args["edge_kinds"],  # type: ignore[arg-type]
        node_kinds=args["node_kinds"],
        as_of=args["as_of"],
        max_nodes=args["max_nodes"],  # type: ignore[arg-type]
    )
    if ego is None:
        abort(404)
    for node in ego["nodes"]:
        node["url"] = entity_url(node["id"])  # where a click on the picture leads
    return ego


def svg_layout(ego: dict, width: int = 800, height: int = 560) -> dict:
    """Positions for the server-rendered picture: rings by distance from the centre.

    Deterministic and legible without a physics layout (which would need numpy): the centre
    in the middle, each further step on a wider ring, neighbours spread evenly.
    """
    rings: dict[int, list[dict]] = {}
    for node in ego["nodes"]:
        rings.setdefault(int(node.get("distance", 1)), []).append(node)
    cx, cy = width / 2, height / 2
    step = min(cx, cy) / (max(rings) + 0.6 if rings else 1)
    nodes = []
    for distance, members in sorted(rings.items()):
        for i, node in enumerate(members):
            if distance == 0:
                x, y = cx, cy
            else:
                angle = 2 * math.pi * i / len(members) + distance * 0.35
                x = cx + distance * step * 1.35 * math.cos(angle)
                y = cy + distance * step * math.sin(angle)
            nodes.append({**node, "x": round(x, 1), "y": round(y, 1)})
    where = {n["id"]: (n["x"], n["y"]) for n in nodes}
    edges = [
        {
            **e,
            "x1": where[e["source"]][0],
            "y1": where[e["source"]][1],
            "x2": where[e["target"]][0],
            "y2": where[e["target"]][1],
        }
        for e in ego["edges"]
        if e["source"] in where and e["target"] in where
    ]
    return {"nodes": nodes, "edges": edges, "width": width, "height": height}


# ---- JSON API -------------------------------------------------------------------------------


@bp.get("/api/network/ego")
def api_ego() -> Response:
    return jsonify(_ego())


@bp.get("/api/network/paths")
def api_paths() -> Response:
    source, target = request.args.get("source", ""), request.args.get("target", "")
    net = _net()
    if source not in net or target not in net:  # type: ignore[operator]
        abort(404)
    k = min(5, max(1, int(request.args.get("k", "3") or 3)))
    return jsonify(network.shortest_paths(net, source, target, k=k))


@bp.get("/api/network/structure")
def api_structure() -> Response:
    return jsonify(cache().structure(g.lang))


@bp.get("/api/network/growth")
def api_growth() -> Response:
    return jsonify(cache().growth())


@bp.get("/api/network/export")
def api_export() -> Response:
    fmt = request.args.get("format", "graphml")
    if fmt not in EXPORT_TYPES:
        abort(400)
    subject = _ego() if request.args.get("iri") else _net()
    media, ext = EXPORT_TYPES[fmt]
    body = _export_bytes(subject, fmt)
    name = "network" if not request.args.get("iri") else "ego-network"
    return Response(
        body,
        content_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}.{ext}"'},
    )


def _export_bytes(subject: object, fmt: str) -> bytes:
    if fmt != "csv":
        out = io.BytesIO()
        network.export_network(subject, fmt, out)  # type: ignore[arg-type]
        return out.getvalue()
    import zipfile

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "network"
        network.export_network(subject, "csv", target)  # type: ignore[arg-type]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in sorted(Path(tmp).iterdir()):
                zf.write(f, f.name)
        return buffer.getvalue()


# ---- pages ----------------------------------------------------------------------------------


@bp.get("/network")
def overview() -> str:
    return render_template(
        "network.html",
        structure=cache().structure(g.lang),
        growth=cache().growth(),
    )


@bp.get("/network/ego")
def ego_page() -> str:
    ego = _ego()
    return render_template("network_ego.html", ego=ego, picture=svg_layout(ego), args=_ego_args())


@bp.get("/network/paths")
def paths_page() -> str:
    source, target = request.args.get("source"), request.args.get("target")
    paths = None
    net = _net()
    if source and target:
        if source not in net or target not in net:  # type: ignore[operator]
            abort(404)
        paths = network.shortest_paths(net, source, target, k=3)
    organisations = sorted(
        (
            (n, d.get("label", n))
            for n, d in net.nodes(data=True)  # type: ignore[attr-defined]
            if d.get("kind") == "organisations"
        ),
        key=lambda item: item[1].lower(),
    )
    return render_template(
        "network_paths.html", paths=paths, source=source, target=target, organisations=organisations
    )
