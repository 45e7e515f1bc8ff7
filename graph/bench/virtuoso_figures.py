"""Virtuoso's lines in the benchmark's main table: geometric means of per-question ratios
between our endpoint, Virtuoso and the engine in process (graph/bench/virtuoso.py measures)."""

from __future__ import annotations

import math
import statistics

from .stats import Row, geomean

# ---- the figures -----------------------------------------------------------------------------


def ratios(gal: list[dict], key: str, base: str) -> list[tuple[str, float]]:
    """(question, median of `key` / median of `base`) where both answered as the engine."""
    return [
        (g["id"][:2], statistics.median(g[key]) / statistics.median(g[base]))
        for g in gal
        if g.get(key) and g.get(base)
    ]


def gallery_rows(gal: list[dict], rows: list[Row], info: dict) -> None:
    """The main table's lines for Virtuoso: three geometric means of per-question ratios."""
    if not any(g.get("virtuoso") for g in gal):
        return
    wrong = [g["id"][:2] for g in gal if "virtuoso" in g.get("wrong", ())]
    cold = ratios(gal, "http", "virtuoso")
    engine = ratios(gal, "virtuoso", "ox")
    warm = ratios(gal, "http_repeat", "virtuoso_repeat")
    # Ours evaluating against Virtuoso with its compiled plan cached: how the 5.2×
    # was measured (the same text repeated, before our server kept answers).
    planned = ratios(gal, "http", "virtuoso_repeat")
    info["virtuoso_geomean_cold"] = gm_cold = geomean([r for _, r in cold])
    info["virtuoso_geomean_cold_vs_planned"] = gm_planned = geomean([r for _, r in planned])
    info["virtuoso_geomean_engine"] = gm_engine = geomean([r for _, r in engine])
    info["virtuoso_geomean_repeat"] = gm_warm = geomean([r for _, r in warm])
    info["virtuoso_wrong"] = wrong
    wrong_text = f"Virtuoso wrong, not timed: {', '.join(wrong) or 'none'}"
    if gm_cold is not None:
        rows.append(
            Row(
                "gallery: ours over HTTP / Virtuoso, cold, geometric mean",
                [gm_cold],
                target="about 2× (issue: follows from 1.5× engine + 2 ms)",
                note=f"over the {len(cold)} queries both answered as the engine; SPARQLWrapper "
                f"both, each run a new text (no cache of answers or plans); against Virtuoso "
                f"with its plan cached (the same text again, as the issue measured) "
                f"{gm_planned or math.nan:.2f}×; {wrong_text}; a ratio, not seconds",
            )
        )
    if gm_engine is not None:
        rows.append(
            Row(
                "gallery: Virtuoso over HTTP / pyoxigraph in-process, geometric mean",
                [gm_engine],
                note=f"over {len(engine)} queries; the issue measured 0.73× at 1M; a ratio",
            )
        )
    if gm_warm is not None:
        no_slower = sum(1 for _, r in warm if r <= 1)
        rows.append(
            Row(
                "gallery: ours / Virtuoso, repeated query, geometric mean",
                [gm_warm],
                target="≤ 1× (issue)",
                target_s=1.0,
                note=f"the same text again, the second of two in a row (ours: answer cache); "
                f"{no_slower} of {len(warm)} queries no slower than Virtuoso; a ratio",
            )
        )
