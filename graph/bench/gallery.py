"""The gallery questions, each checked against the engine before it is timed.

The reference is pyoxigraph in-process on an in-memory copy of the public graphs (the engine
limit). Each other way of answering (the same engine on the server's on-disk snapshot, /sparql
over HTTP with SPARQLWrapper and with a plain keep-alive client) first answers once; only an
answer with the engine's rows (`answers.Answer`: count and order-independent checksum) is then
timed. A wrong answer is recorded as such (`<key>_note`, and the key in `wrong`), never timed:
an empty answer is fast and proves nothing. The server runs with its row cap raised
(`MAX_ROWS`), so that questions with more rows than the public cap can be compared in full.
"""

from __future__ import annotations

import http.client
import statistics
import urllib.parse
from collections.abc import Callable

import pyoxigraph as ox

from akteursgraph.gallery import load_gallery, query_form
from akteursgraph.namespaces import PREFIXES

from .answers import (
    Answer,
    Concat,
    boolean_answer,
    concat_columns,
    engine_answer,
    json_answer,
    turtle_answer,
)
from .stats import Row, fmt_s, geomean, log, median_or_none, timed, within_target

#: The bench server's row cap: above any gallery answer at the scales measured (the public
#: default, 10,000, cuts questions 15, 16 and 32 at 1M triples).
MAX_ROWS = 100_000_000

GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")


def expected(g: dict) -> Answer:
    return Answer(g["rows"], g["checksum"])


def payload_answer(form: str, payload: object, concat: Concat) -> Answer:
    """The answer in what a runner returned: a bool, SPARQL JSON, or Turtle for a graph."""
    if isinstance(payload, bool):
        return boolean_answer(payload)
    if form in GRAPH_FORMS:
        return turtle_answer(payload)  # type: ignore[arg-type]
    return json_answer(payload, concat)  # type: ignore[arg-type]


def check_then_time(g: dict, key: str, run: Callable[[], object], reps: int) -> None:
    """Run once and compare with the engine's answer; time `reps` runs only if it is equal.

    The checking run also warms caches, for every way of answering alike.
    """
    try:
        got = payload_answer(g["form"], run(), concat_columns(g["query"]))
    except Exception as exc:
        g[key] = []
        g[key + "_note"] = f"error: {str(exc)[:100]}"
        return
    wrong = got.differs_from(expected(g))
    if wrong:
        g[key] = []
        g[key + "_note"] = f"**wrong**: {wrong}"
        g.setdefault("wrong", []).append(key)
        return
    try:
        g[key] = timed(run, reps)
    except Exception as exc:  # a later run failed (a time limit, a lost connection)
        g[key] = []
        g[key + "_note"] = f"error: {str(exc)[:100]}"


def engine_runner(target: ox.Store, query: str) -> Callable[[], object]:
    """The query on a pyoxigraph store, serialised as the server would send it."""

    def go() -> object:
        result = target.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            return result.serialize(format=ox.QueryResultsFormat.JSON)
        return ox.serialize(result, format=ox.RdfFormat.TURTLE)

    return go


def measure_engine(engine: ox.Store, reps: int) -> list[dict]:
    """Every gallery question on the in-memory engine: its answer (the reference), then times."""
    gallery = load_gallery()
    log(f"gallery in-process on memory ({len(gallery)} queries)")
    gal: list[dict] = []
    for entry in gallery:
        query = entry["query"]
        reference = engine_answer(
            engine.query(query, prefixes=PREFIXES, use_default_graph_as_union=True),
            concat_columns(query),
        )
        g = {"id": entry["id"], "form": query_form(query), "query": query,
             "rows": reference.rows, "checksum": reference.checksum}  # fmt: skip
        check_then_time(g, "ox", engine_runner(engine, query), reps)
        gal.append(g)
    return gal


def measure_snapshot(gal: list[dict], snapshot: ox.Store, reps: int) -> None:
    log("gallery in-process on the server's on-disk snapshot")
    for g in gal:
        check_then_time(g, "disk", engine_runner(snapshot, g["query"]), reps)


def measure_http(gal: list[dict], url: str, reps: int) -> None:
    """Each question over /sparql: with SPARQLWrapper (a typical client), then keep-alive."""
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    log("gallery over HTTP (SPARQLWrapper, and a keep-alive client)")
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=600)
    try:
        for g in gal:
            graph_form = g["form"] in GRAPH_FORMS

            def wrapper(g: dict = g, graph_form: bool = graph_form) -> object:
                client = SPARQLWrapper(url + "/sparql")
                client.setQuery(g["query"])
                client.setMethod("POST")
                client.setReturnFormat(TURTLE if graph_form else JSON)
                return client.query().convert()

            def keepalive(g: dict = g, graph_form: bool = graph_form) -> object:
                accept = "text/turtle" if graph_form else "application/sparql-results+json"
                conn.request(
                    "POST",
                    "/sparql",
                    urllib.parse.urlencode({"query": g["query"]}),
                    {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
                )
                resp = conn.getresponse()
                data = resp.read()
                if resp.status != 200:
                    raise RuntimeError(f"HTTP {resp.status}: {data[:100]!r}")
                return data

            check_then_time(g, "http", wrapper, reps)
            check_then_time(g, "keepalive", keepalive, reps)
    finally:
        conn.close()


def _summed(gal: list[dict], key: str) -> float:
    return sum(statistics.median(g[key]) for g in gal)


def gallery_rows(gal: list[dict], rows: list[Row], info: dict) -> None:
    """The gallery's lines in the main table: HTTP against the engine, rdflib against it.

    Sums run over the questions answered correctly both ways, so that a question left out on
    one side (wrong, or an error) is left out on the other too.
    """
    both = [g for g in gal if g.get("ox") and g.get("http")]
    within = [g for g in both if _near(g, "http", "ox")]
    within_disk = [g for g in gal if g.get("http") and g.get("disk") and _near(g, "http", "disk")]
    wrong = {key: [g["id"][:2] for g in gal if key in g.get("wrong", ())]
             for key in ("ox", "disk", "http", "keepalive", "rdflib")}  # fmt: skip
    info["gallery_within_target"] = len(within)
    info["gallery_within_target_disk"] = len(within_disk)
    info["gallery_count"] = len(gal)
    info["gallery_wrong"] = wrong
    keepalive = [g for g in both if g.get("keepalive")]
    disk = [g for g in both if g.get("disk")]
    wrong_text = "; ".join(f"{k}: {', '.join(ids)}" for k, ids in wrong.items() if ids)
    rows.append(
        Row(
            "gallery over HTTP (SPARQLWrapper), sum of medians",
            [_summed(both, "http")] if both else [],
            "pyoxigraph in-process, in memory (engine limit)",
            [_summed(both, "ox")] if both else [],
            target="each ≤ 1.5× engine + 2 ms (issue)",
            note=f"sums over the {len(both)} of {len(gal)} queries answered as the engine "
            f"answers; {len(within)} within 1.5× + 2 ms of the engine limit, "
            f"{len(within_disk)} of the same engine on the server's on-disk snapshot "
            f"({fmt_s(_summed(disk, 'disk'))} summed over {len(disk)}); keep-alive client "
            f"{fmt_s(_summed(keepalive, 'keepalive'))} over {len(keepalive)}; wrong answers, "
            f"not timed: {wrong_text or 'none'}",
        )
    )
    _rdflib_row(gal, rows, info)


def _near(g: dict, key: str, base: str) -> bool:
    return within_target(statistics.median(g[key]), statistics.median(g[base]))


def _rdflib_row(gal: list[dict], rows: list[Row], info: dict) -> None:
    ratios = []
    floors = 0
    for g in gal:
        engine = median_or_none(g.get("ox"))
        if not engine:
            continue
        if g.get("rdflib"):
            ratios.append(statistics.median(g["rdflib"]) / engine)
        elif g.get("rdflib_floor"):
            ratios.append(g["rdflib_floor"] / engine)
            floors += 1
    gm = geomean(ratios)
    info["rdflib_geomean"] = gm
    info["rdflib_geomean_floors"] = floors
    if gm is not None:
        rows.append(
            Row(
                "gallery: rdflib in memory / pyoxigraph, geometric mean",
                [gm],
                target="≥ 20× (issue, at 1M)",
                note=f"over {len(ratios)} queries ({floors} stopped at the limit count "
                "at the limit: a lower bound); a ratio, not seconds",
            )
        )
