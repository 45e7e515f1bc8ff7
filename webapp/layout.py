"""Where the nodes of a server-drawn network picture go: rings around a centre, or, for the
entity page's small picture, two columns of labels.

The network page's ego network (up to three steps out) is drawn in rings (`ring_layout`);
the entity page's neighbourhood (the entity and its direct connections) in two columns
(`column_layout`), because it must stay readable on a phone: there the picture is about 320
px wide, and labels around a ring in a box that narrow are either tiny (11 px text in a
600-unit picture rendered about 7 px) or overlap. Positions are presentation, so they are
worked out here in the web layer, not in `akteursgraph.network`, which only says who is how
far from whom.

The layout is deterministic and needs no physics (which would need numpy): the centre in the
middle, each further step on a wider ring, the members of a ring spread evenly starting at the
top, each ring turned a little against the one inside it so that links do not line up.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

#: Rings are ellipses this much wider than high: labels run sideways, so there is more room
#: left and right than above and below.
STRETCH = 1.35
#: How far each ring is turned against the one inside it (radians).
TWIST = 0.35
#: Room kept outside the outermost ring, in ring steps (for the labels of its nodes).
MARGIN = 0.6
#: Distance of a label from its node's centre.
LABEL_GAP = 10
#: The labels' text size in the picture's units (site.css: `.network text`), the longest
#: label drawn (templates/network_ego.html truncates after it) and the width of a character
#: as a share of the text size: a generous mean for a sans-serif, so that an estimate of a
#: label's box errs wide. 12 px, as the script's picture keeps its labels at least: the
#: picture without the script keeps its size on a phone and scrolls, and 11 px were smaller
#: than the script's (networks walk).
LABEL_SIZE = 12
LABEL_CHARS = 30
CHAR_WIDTH = 0.62


def ring_layout(
    nodes: Sequence[Mapping[str, Any]],
    edges: Iterable[Mapping[str, Any]] = (),
    *,
    width: int,
    height: int,
) -> dict[str, Any]:
    """Positions for a picture of `width` x `height`: rings by distance from the centre.

    Each node is a mapping with an "id" and a "distance" (0 for the centre, 1 for its direct
    neighbours, ...; missing counts as 1); the order within a ring is kept. Each edge names
    its ends by "source" and "target"; edges to a node not placed are left out.

    Returns {"width", "height", "centre": {"x", "y"}, "nodes", "edges"}: the nodes as copies
    with "x", "y" and where their label goes, "tx", "ty" and "anchor" (the label runs away
    from the centre, so labels on the left end at their node), and whether it is drawn,
    "labelled" (`_label_where_room`); the edges as copies with "x1", "y1", "x2", "y2".
    """
    rings: dict[int, list[Mapping[str, Any]]] = {}
    for node in nodes:
        rings.setdefault(int(node.get("distance", 1)), []).append(node)
    cx, cy = width / 2, height / 2
    outermost = max(rings, default=1)
    step = min(cx, cy) / (max(outermost, 1) + MARGIN)
    placed: list[dict[str, Any]] = []
    for distance, members in sorted(rings.items()):
        for i, node in enumerate(members):
            if distance <= 0:
                x, y = cx, cy
            else:
                angle = -math.pi / 2 + 2 * math.pi * i / len(members) + (distance - 1) * TWIST
                x = cx + distance * step * STRETCH * math.cos(angle)
                y = cy + distance * step * math.sin(angle)
            right = x >= cx
            placed.append(
                {
                    **node,
                    "x": round(x, 1),
                    "y": round(y, 1),
                    "tx": round(x + (LABEL_GAP if right else -LABEL_GAP), 1),
                    "ty": round(y + 4, 1),
                    "anchor": "start" if right else "end",
                }
            )
    _label_where_room(placed, width, height)
    where = {n["id"]: (n["x"], n["y"]) for n in placed}
    lines = [
        {
            **e,
            "x1": where[e["source"]][0],
            "y1": where[e["source"]][1],
            "x2": where[e["target"]][0],
            "y2": where[e["target"]][1],
        }
        for e in edges
        if e["source"] in where and e["target"] in where
    ]
    return {
        "width": width,
        "height": height,
        "centre": {"x": round(cx, 1), "y": round(cy, 1)},
        "nodes": placed,
        "edges": lines,
    }


def _label_where_room(placed: list[dict[str, Any]], width: float, height: float) -> None:
    """Mark each node `labelled` whose label covers no label before it and stays inside the
    picture: the nodes come closest first and, within a ring, the better connected first, so
    those keep theirs. A label that would run past the picture's edge or over another runs
    the other way from its node if it fits there. Drawn all, the names at depth 2 around the
    example's office overlapped in 71 pairs (27 at depth 1) and none could be read, and some
    ran past the edge; a node without its label is named by its link's title, and the table
    beside the picture lists every one."""
    kept: list[tuple[float, float, float, float]] = []

    def box(node: dict[str, Any], tx: float, anchor: str) -> tuple[float, float, float, float]:
        size = min(len(str(node.get("label", ""))), LABEL_CHARS) * LABEL_SIZE * CHAR_WIDTH
        left = tx if anchor == "start" else tx - size
        return (left, node["ty"] - LABEL_SIZE, left + size, node["ty"] + LABEL_SIZE * 0.3)

    def fits(b: tuple[float, float, float, float]) -> bool:
        inside = b[0] >= 0 and b[2] <= width and b[1] >= 0 and b[3] <= height
        return inside and not any(
            b[0] < k[2] and k[0] < b[2] and b[1] < k[3] and k[1] < b[3] for k in kept
        )

    for node in placed:
        other = "end" if node["anchor"] == "start" else "start"
        node["labelled"] = False
        for anchor in (node["anchor"], other):
            tx = round(node["x"] + (LABEL_GAP if anchor == "start" else -LABEL_GAP), 1)
            found = box(node, tx, anchor)
            if fits(found):
                node["anchor"], node["tx"], node["labelled"] = anchor, tx, True
                kept.append(found)
                break


#: Vertical room per neighbour in `column_layout`: two lines of a label and a gap, in the
#: picture's font size.
ROW_EMS = 3.2


def column_layout(
    neighbours: Sequence[Mapping[str, Any]], *, width: int, font_size: float
) -> dict[str, Any]:
    """Positions for a picture `width` wide: a centre, its neighbours in two columns (the
    first half on the right, top to bottom, the rest on the left, bottom to top: clockwise
    from the top, as on a ring), each on its own row of ROW_EMS font sizes, so that labels
    of up to two lines never overlap. The columns bow outwards (an ellipse's sides), the
    labels run away from the centre.

    Returns {"width", "height", "centre": {"x", "y"}, "nodes"} as `ring_layout` does (the
    height follows from the number of rows)."""
    right = (len(neighbours) + 1) // 2
    rows = max(right, 1)
    row = ROW_EMS * font_size
    height = round(rows * row + 2 * font_size)
    cx, cy = width / 2, height / 2
    reach = width / 2 * 0.25  # how far the columns stand from the centre, at the most
    half = rows * row / 2
    placed: list[dict[str, Any]] = []
    for i, node in enumerate(neighbours):
        on_right = i < right
        k = i if on_right else len(neighbours) - 1 - i  # left: bottom to top
        y = cy - half + (k + 0.5) * row
        bow = math.sqrt(max(0.0, 1 - ((y - cy) / (half + row / 2)) ** 2))
        x = cx + (1 if on_right else -1) * reach * max(bow, 0.4)
        placed.append(
            {
                **node,
                "x": round(x, 1),
                "y": round(y, 1),
                "tx": round(x + (LABEL_GAP if on_right else -LABEL_GAP), 1),
                "ty": round(y + font_size * 0.35, 1),
                "anchor": "start" if on_right else "end",
            }
        )
    return {
        "width": width,
        "height": height,
        "centre": {"x": round(cx, 1), "y": round(cy, 1)},
        "nodes": placed,
    }
