"""The Python peers as baselines: rdflib's SPARQL engine and pySHACL, each stopped at a limit.

rdflib runs each gallery question in a forked child (it cannot be interrupted in-process), on
an rdflib graph parsed once from the public dump; a child past `--rdflib-limit` is killed and
the limit counts as a lower bound. Its answer is checked against the engine's like every other
(`answers`); one that differs is reported, not timed. pySHACL validates the whole store through
`akteursgraph validate --engine pyshacl`, stopped after `--pyshacl-limit` seconds.
"""

from __future__ import annotations

import io
import multiprocessing
import time
from pathlib import Path

from akteursgraph.namespaces import PREFIXES

from .answers import Answer, concat_columns, rdflib_answer
from .server import cli
from .stats import log

_RDFLIB_GRAPH = None  # set in the parent before forking, so the child inherits it


def _rdflib_child(query: str, conn: object) -> None:
    try:
        t = time.perf_counter()
        result = _RDFLIB_GRAPH.query(query, initNs=PREFIXES)  # type: ignore[union-attr]
        sum(1 for _ in result)
        seconds = time.perf_counter() - t
        answer = rdflib_answer(result, concat_columns(query))
        conn.send(("ok", seconds, answer))  # type: ignore[attr-defined]
    except Exception as exc:
        conn.send(("error", 0.0, f"{type(exc).__name__}: {str(exc)[:100]}"))  # type: ignore[attr-defined]


def rdflib_run(query: str, limit: float) -> tuple[str, float, object]:
    """("ok", seconds, Answer), ("error", 0, message) or ("timeout", limit, None)."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_rdflib_child, args=(query, child))
    proc.start()
    if parent.poll(limit):
        status = parent.recv()
        proc.join()
        return status
    proc.kill()
    proc.join()
    return ("timeout", limit, None)


def rdflib_gallery(
    gal: list[dict], public_nq: io.BytesIO, limit: float, budget: float, info: dict
) -> None:
    """Time each question on rdflib (up to three runs each), within `budget` seconds in all."""
    global _RDFLIB_GRAPH
    import rdflib

    log("gallery on rdflib in memory (forked, stopped after the limit)")
    t = time.perf_counter()
    # Keep literals as written ("...Z", not "+00:00"), so its answers compare with the engine's.
    normalize, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    ds = rdflib.Dataset()
    try:
        ds.parse(data=public_nq.getvalue().decode(), format="nquads")
    finally:
        rdflib.NORMALIZE_LITERALS = normalize
    graph = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        graph.add((s, p, o))
    del ds
    info["rdflib_parse_s"] = time.perf_counter() - t
    _RDFLIB_GRAPH = graph
    spent = 0.0
    try:
        for g in gal:
            g["rdflib"] = []
            if spent > budget:
                g["rdflib_note"] = "skipped: rdflib budget used up"
                continue
            spent += _rdflib_question(g, limit)
    finally:
        _RDFLIB_GRAPH = None


def _rdflib_question(g: dict, limit: float) -> float:
    """One question on rdflib: check, then two more runs if fast; returns the seconds spent."""
    status, seconds, detail = rdflib_run(g["query"], limit)
    spent = seconds
    if status == "timeout":
        g["rdflib_note"] = f"stopped: > {limit:.0f} s"
        g["rdflib_floor"] = limit
        return spent
    if status != "ok":
        g["rdflib_note"] = f"error: {detail}"
        return spent
    wrong = detail.differs_from(Answer(g["rows"], g["checksum"]))  # type: ignore[union-attr]
    if wrong:
        g["rdflib_note"] = f"differs: {wrong}"
        g.setdefault("wrong", []).append("rdflib")
        return spent
    g["rdflib"] = [seconds]
    for _ in range(2 if seconds < 2 else 0):
        status, again, _ = rdflib_run(g["query"], limit)
        if status == "ok":
            g["rdflib"].append(again)
            spent += again
    return spent


def pyshacl_validate(store_path: Path, limit: float) -> tuple[int, float, str]:
    """Whole-store validation with pySHACL: (exit code, seconds, note); code -1 when stopped."""
    if limit <= 0:
        return 1, 0.0, "pySHACL not run (--pyshacl-limit 0)"
    code, seconds, _ = cli(
        "--store", str(store_path), "validate", "--no-warnings", "--engine", "pyshacl",
        timeout=limit,
    )  # fmt: skip
    note = {0: f"pySHACL {seconds:.1f} s", -1: f"pySHACL stopped after {limit:.0f} s"}.get(
        code, f"pySHACL exit {code}"
    )
    return code, seconds, note
