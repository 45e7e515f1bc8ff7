"""The report: docs/benchmarks.md and its plots, built from every saved scale's results.

Each scale's results are saved as `docs/benchmarks/scale-N.json` by `run.run`; the report reads
all of them, so a reader sees how each cost grows with size. It reads results saved before the
gallery answers were checked too: their questions show no row count and no verdict.
"""

from __future__ import annotations

import json
import math
import re
import statistics
from pathlib import Path

from akteursgraph.naming import slugify

from .publication import DEADLINE_S, TARGETS
from .stats import Row, fmt_s, iqr, median_or_none, within_target

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "benchmarks.md"
RESULTS = ROOT / "docs" / "benchmarks"

METHOD = (
    "Data from `akteursgraph bench generate`, a deterministic synthetic district shaped like "
    "the example data that conforms to the shapes and in which every gallery question finds "
    "something (an empty answer proves nothing). "
    "Timings are wall-clock medians over n runs, spread = interquartile range (range when "
    "n < 4); each baseline is measured in the same run on the same data. The gallery's every "
    "engine holds the public side as /sparql answers from it: the public graphs and the "
    "inferred graph (RDFS entailments; until 2026-12-01 15:10 the engine in memory, Virtuoso "
    "and rdflib lacked it, so that our server read more than they did). Every gallery query is "
    "checked before it is timed: each way of answering (engine on disk, HTTP, rdflib) must give "
    "the rows of the engine in memory (row count and an order-independent checksum; the bench "
    "server's row cap is raised so that large answers compare in full). A wrong answer is shown "
    "as **wrong** and not timed, so an empty answer cannot pass for a fast one. Over HTTP each "
    "timed run sends a text no cache has seen (the query plus a numbered comment: cold); a "
    "repeated query (the same text again, the second of two in a row) is timed apart, since "
    "our server keeps answers until the next publication. Virtuoso (Debian's "
    "virtuoso-opensource-7-bin, an instance of the benchmark's own on loopback, buffers as "
    "its virtuoso.ini sets them for 2 GB, one thread per core per query) is loaded with the "
    "same public quads by its bulk loader (the triples in each graph counted against ours) "
    "and asked by the same clients with our prefixes and the public and inferred graphs named "
    "as the dataset; its answers are checked the "
    "same way, with two more equivalences for forms Virtuoso writes differently (a boolean "
    "counts as 1 or 0; an empty GROUP_CONCAT as unbound), and its ratios are geometric means "
    "over the questions both answered as the engine. "
    "Publication (issue 11): 20 small changes per route (a new organisation or a label "
    "change, alternately) sent by staff to /sparql/update with an editor's API token, on "
    "the same running server: applied at once (review switched off: HTTP 200) and as drafts "
    "(HTTP 202) published "
    "with `akteursgraph publish`, which goes through the running server (its time includes the "
    "CLI's process start). From each acknowledgement three pollers (every 10 ms) wait until "
    "the new label is really there: an ASK for that label on that entity on /sparql, the "
    "entity page and /search for the label's unique word; not seen within 30 s counts as "
    "missed. Meanwhile one client sends the simple query to /sparql in a closed loop, each time "
    "a new text (no cached answer), every answer checked for rows; memory is the resident "
    "memory of serve and all its workers, summed, sampled every 50 ms. Before the changes "
    "(since 2026-12-01 23:40 UTC) every reading surface that keeps something in memory and "
    "follows each publication is asked for in both languages (an ego network, the network's "
    "overview and paths, each list with and without a filter, the speakers, the catalogue, "
    "search), so that memory and acknowledgement are those of a server that has been read. "
    "Percentiles are "
    "nearest-rank (p95 of 20 is the 19th). History: an entity with 1,000 change sets (a "
    "district entity: its bulk load and 999 label changes; a new one: its creation and 999), "
    "read in-process (`entity_history`) and by `akteursgraph history --format json` (a "
    "process), each answer counted before it is timed. The machine may be shared with other "
    "work: read small differences as noise."
)


def _is_ratio(workload: str) -> bool:
    """A line whose figure is a ratio (a geometric mean), not seconds."""
    return workload.startswith("gallery: ")


def _times(x: float) -> str:
    return f"{x:.0f}×" if x >= 10 else f"{x:.2f}×"


def main_table(rows: list[dict]) -> str:
    lines = [
        "| workload | median | spread (IQR) | n | baseline | baseline median | ratio | target | "
        "met? | note |",
        "|---|---:|---:|---:|---|---:|---:|---|---|---|",
    ]
    for d in rows:
        r = Row(**d)
        ratio_row = _is_ratio(r.workload)
        median = _times(r.median) if ratio_row else fmt_s(r.median)
        met = r.met
        if r.workload.startswith("gallery: rdflib") and r.samples:
            met = "met" if r.median >= 20 else "**missed**"
        ratio = "—"
        if r.base_median and r.samples:
            x = r.median / r.base_median
            ratio = f"{x:.1f}×" if x >= 0.1 else f"1/{1 / x:.0f}"
        spread = "—" if ratio_row or not r.samples else fmt_s(iqr(r.samples))
        lines.append(
            f"| {r.workload} | {median} | {spread} | "
            f"{len(r.samples)} | {r.baseline_name or '—'} | {fmt_s(r.base_median)} | {ratio} | "
            f"{r.target} | {met} | {r.note} |"
        )
    return "\n".join(lines)


def _cell(g: dict, key: str) -> str:
    """A median, or why there is none (wrong answer, error, stopped)."""
    value = median_or_none(g.get(key))
    return fmt_s(value) if value is not None else g.get(key + "_note", "—")


def gallery_table(gal: list[dict]) -> str:
    lines = [
        "| query | rows (engine) | engine, memory | engine, server's disk snapshot | "
        "HTTP, SPARQLWrapper | HTTP / engine | within 1.5× + 2 ms? | HTTP, keep-alive | "
        "rdflib | rdflib / engine |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for g in gal:
        o = median_or_none(g.get("ox"))
        h = median_or_none(g.get("http"))
        rd = median_or_none(g.get("rdflib"))
        ok = "—" if h is None or o is None else ("yes" if within_target(h, o) else "no")
        rows = f"{g['rows']:,}" if "rows" in g else "not checked"
        lines.append(
            f"| {g['id']} | {rows} | {_cell(g, 'ox')} | {_cell(g, 'disk')} | "
            f"{_cell(g, 'http')} | {f'{h / o:.1f}×' if h and o else '—'} | {ok} | "
            f"{_cell(g, 'keepalive')} | {_cell(g, 'rdflib')} | "
            f"{f'{rd / o:.0f}×' if rd and o else '—'} |"
        )
    return "\n".join(lines)


def _over(g: dict, key: str, base: str) -> str:
    a, b = median_or_none(g.get(key)), median_or_none(g.get(base))
    return _times(a / b) if a and b else "—"


def _again(g: dict, key: str) -> str:
    """A cell whose verdict the first Virtuoso column already explains in full."""
    note = g.get(key + "_note")
    if note and note == g.get("virtuoso_note"):
        return "**wrong**, as left" if note.startswith("**wrong**") else "error, as left"
    return _cell(g, key)


def virtuoso_table(gal: list[dict]) -> str:
    """Per question: ours and Virtuoso over HTTP, cold (each client) and repeated."""
    lines = [
        "| query | rows (engine) | engine, memory | ours, HTTP | Virtuoso, HTTP | ours / Virtuoso "
        "| Virtuoso / engine | ours, keep-alive | Virtuoso, keep-alive | ours, repeated | "
        "Virtuoso, repeated | ours / Virtuoso, repeated |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for g in gal:
        rows = f"{g['rows']:,}" if "rows" in g else "not checked"
        lines.append(
            f"| {g['id']} | {rows} | {_cell(g, 'ox')} | {_cell(g, 'http')} | "
            f"{_cell(g, 'virtuoso')} | {_over(g, 'http', 'virtuoso')} | "
            f"{_over(g, 'virtuoso', 'ox')} | {_cell(g, 'keepalive')} | "
            f"{_again(g, 'virtuoso_keepalive')} | {_cell(g, 'http_repeat')} | "
            f"{_again(g, 'virtuoso_repeat')} | {_over(g, 'http_repeat', 'virtuoso_repeat')} |"
        )
    return "\n".join(lines)


def _virtuoso_section(res: dict) -> list[str]:
    """Side by side with Virtuoso; results saved before it was measured have none."""
    said = res["info"].get("virtuoso")
    if said is None:
        return []
    lines = ["### Side by side with Virtuoso", "", f"{said}.", ""]
    if any(g.get("virtuoso") for g in res["gal"]):
        lines += [
            "Ours and Virtuoso both over HTTP with SPARQLWrapper (a new connection per query) "
            "and with one kept-alive connection; cold: each run a new text; repeated: the same "
            "text again. Virtuoso's HTTP server leaves Nagle's algorithm on, so on a kept-alive "
            "connection an answer of more than one TCP segment can wait for the client's "
            "delayed ACK (about 40 ms); the ratios use SPARQLWrapper.",
            "",
            virtuoso_table(res["gal"]),
            "",
        ]
    return lines


def conc_table(conc: list[dict]) -> str:
    lines = [
        "| load | clients | requests | errors | throughput | p50 | p95 | p99 | targets |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for c in conc:
        target = ""
        if c["case"] == "simple /sparql query" and c["clients"] == 16:
            ok = c["throughput"] >= 200 and c["errors"] == 0
            target = f"≥ 200/s, no errors: {'met' if ok else '**missed**'}"
        elif "runaway" in c["case"]:
            target = f"p95 < 100 ms: {'met' if c['p95'] < 0.1 else '**missed**'}"
        lines.append(
            f"| {c['case']} | {c['clients']} | {c['requests']} | {c['errors']} | "
            f"{c['throughput']:.0f}/s | {fmt_s(c['p50'])} | {fmt_s(c['p95'])} | "
            f"{fmt_s(c['p99'])} | {target} |"
        )
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return fmt_s(value) if value is not None else f"not seen in {DEADLINE_S:g} s"


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _figure_row(route: str, what: str, s: dict, target: str = "", limit: float | None = None,
                failed: int = 0) -> str:  # fmt: skip
    """One line of the publication table: n, p50, p95, max and the verdict on the p95."""
    met = "—"
    if limit is not None:
        met = _verdict(s["p95"] is not None and s["p95"] <= limit and not failed)
    missing = f" ({s['missing']} not seen)" if s.get("missing") else ""
    return (
        f"| {route} | {what}{missing} | {s['n']} | {_pct(s['p50'])} | {_pct(s['p95'])} | "
        f"{_pct(s['max'])} | {target or '—'} | {met} |"
    )


def publication_lines(pub: dict) -> list[str]:
    """The publication section: acknowledgement and visibility per route, the simple query
    meanwhile, memory, and the history of an entity with 1,000 change sets."""
    t = TARGETS
    ack_t, vis_t, q_t = "p95 < 200 ms", "p95 ≤ 1 s", "p95 < 100 ms"
    lines = [
        "### Publication (issue 11)",
        "",
        f"{pub['n']} small changes per route, one after another; from each acknowledgement "
        f"until the new label shows (load average at the start: "
        f"{' '.join(f'{x:.2f}' for x in pub.get('load_average', ()))}; measured "
        f"{pub.get('when', '—')}).",
        "",
        "| route | figure | n | p50 | p95 | max | target | met? |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    names = {"direct": "applied at once (review off)", "review": "draft, then publish"}
    visible = (("sparql", "→ visible on /sparql"), ("page", "→ visible on the entity page"),
               ("search", "→ visible in search"))  # fmt: skip
    for route, r in pub["routes"].items():
        name = names.get(route, route)
        failed = len(r["failed"])
        if route == "review":
            lines.append(_figure_row(name, "draft saved (HTTP 202)", r["ack"], ack_t,
                                     t["ack_s"], failed))  # fmt: skip
            cli = median_or_none(pub.get("cli_start_s"))
            if "publish" in r:  # published by a reviewer in the workspace
                lines.append(_figure_row(
                    name, "publication acknowledged (the reviewer's „Veröffentlichen“ in the "
                    "workspace: POST to its answer)", r["publish"], ack_t, t["ack_s"],
                    failed))  # fmt: skip
            if "publish_cli" in r:  # older results: every draft published by the CLI
                lines.append(_figure_row(
                    name, "publication acknowledged (`akteursgraph publish`, incl. process "
                    f"start; `akteursgraph drafts` alone {fmt_s(cli)})", r["publish_cli"],
                    ack_t, t["ack_s"], failed))  # fmt: skip
            if pub.get("publish_cli"):
                lines.append(_figure_row(
                    name, f"publication with `akteursgraph publish` ({pub['publish_cli']['n']} "
                    f"more drafts; incl. its process start: `akteursgraph drafts` alone "
                    f"{fmt_s(cli)})", pub["publish_cli"], ack_t))  # fmt: skip
        else:
            lines.append(_figure_row(name, "acknowledged (HTTP 200)", r["ack"], ack_t,
                                     t["ack_s"], failed))  # fmt: skip
        for key, what in visible:
            lines.append(_figure_row(name, what, r["visible"][key]))
        lines.append(_figure_row(name, "→ visible on all three (the last of them)",
                                 r["visible"]["all"], vis_t, t["visible_s"]))  # fmt: skip
    for phase, q in pub["queries"].items():
        what = "simple /sparql query, no writes" if phase == "idle" else (
            f"simple /sparql query meanwhile ({q['failed']} failed, {q['server_errors']} 5xx, "
            f"of {q['requests']})")  # fmt: skip
        route = "—" if phase == "idle" else names.get(phase, phase)
        limit = None if phase == "idle" else t["query_s"]
        lines.append(_figure_row(route, what, q, "" if phase == "idle" else q_t, limit,
                                 q["failed"]))  # fmt: skip
    problems = [e for r in pub["routes"].values() for e in r["failed"]]
    drafts = pub["routes"].get("review", {}).get("drafts_hidden")
    mem = pub["memory"]
    lines += [
        "",
        f"- Memory of `serve` and its workers during the publications (peak of "
        f"{mem['samples']} samples): {mem['peak_rss_mb']:,.0f} MiB, target ≤ 1 GiB: "
        f"{_verdict(mem['peak_rss_mb'] <= t['memory_mb'])}; peak since it started (VmHWM, "
        f"summed): {mem['lifetime_peak_mb']:,.0f} MiB",
    ]
    if mem.get("at_peak_mb"):  # which process held it (results from 2026-11-30 on)
        parts = sorted(mem["at_peak_mb"].items(), key=lambda kv: -kv[1])
        lines.append(
            "  - at the peak: " + "; ".join(f"`{name}` {mb:,.0f} MiB" for name, mb in parts)
        )
    if pub.get("surfaces"):  # results from 2026-12-01 on
        opened = pub["surfaces"]
        slowest = max(opened["asked"].items(), key=lambda kv: kv[1]["s"])
        lines.append(
            f"- Before the changes, every reading surface that keeps something in memory "
            f"(network, lists, speakers, catalogue, search) was asked for in both languages "
            f"({len(opened['asked'])} pages; slowest `{slowest[0]}` {slowest[1]['s']:.1f} s); "
            f"memory of `serve` and its workers then: {opened['rss_mb_after']:,.0f} MiB"
        )
    if pub.get("in_use"):  # results from 2026-12-02 13:00 on
        used = pub["in_use"]
        lines.append(
            f"- Then the server in use (`graph/bench/in_use.py`): {used['pages']:,} other "
            f"entity pages once each in {used['pages_s']:.0f} s ({_outcomes(used['page_outcomes'])}"
            f"), filling the page cache, and {used['queries']} queries once each in "
            f"{used['queries_s']:.0f} s ({_outcomes(used['query_outcomes'])}): sorted ones "
            f"(4,000 rows) that grow the worker answering them, and large ones that fill the "
            f"answer cache; memory of `serve` and its workers {used['rss_mb_before']:,.0f} "
            f"MiB before, {used['rss_mb_after_pages']:,.0f} MiB after the pages, "
            f"{used['rss_mb_after']:,.0f} MiB after the queries: the memory the publications "
            f"start from"
        )
    if pub.get("figures"):  # results from 2026-12-02 on
        fig = pub["figures"]
        q, before = fig["queries"], fig["queries_before"]
        state = f"current after {fig['s']:.1f} s" if fig["current"] else (
            f"**not current** after {fig['s']:.0f} s")  # fmt: skip
        lines.append(
            f"- After the changes, the network overview read (its figures are then measured "
            f"again, as when a visitor reads it after a change): {state}. Meanwhile simple "
            f"/sparql queries p50 {fmt_s(q.get('p50'))}, p95 {fmt_s(q.get('p95'))}, max "
            f"{fmt_s(q.get('max'))} ({q['requests']}, {q['failed']} failed; just before: p95 "
            f"{fmt_s(before.get('p95'))}), target p95 < 100 ms: "
            f"{_verdict(q.get('p95') is not None and q['p95'] < t['query_s'])}; memory of "
            f"`serve` and its workers meanwhile at most {fig['peak_rss_mb']:,.0f} MiB (target "
            f"≤ 1 GiB: {_verdict(fig['peak_rss_mb'] <= t['memory_mb'])})"
        )
    if pub.get("collections"):
        passes = pub["collections"]
        last = passes["last_ms"]
        lines.append(
            f"- Full passes of Python's cycle collector that `serve` ran at quiet moments, "
            f"from its start to here (`/healthz`): {passes['passes']}"
            + (f", the last {last:.0f} ms" if last is not None else "")
            + " (Python's own, inside whichever request allocates, are off)"
        )
    if pub.get("startup_dump"):
        first = pub["startup_dump"]
        lines.append(
            f"- Before these figures, the server's first dump of the newly loaded district "
            f"(made once, at the lowest priority): {first['s']:.1f} s, memory of `serve` and "
            f"its workers meanwhile at most {first['peak_rss_mb']:,.0f} MiB"
        )
    if drafts is not None:
        lines.append(f"- Drafts not on /sparql before publication: {drafts} of {pub['n']}")
    lines += [f"- Failed change: {e}" for e in problems]
    lines += [
        "",
        "| history of an entity | change sets | in-process (`entity_history`) | "
        "`akteursgraph history --format json` (incl. process start) | target | met? | "
        "how it got them |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for which, h in pub["history"].items():
        inproc = median_or_none(h["in_process"])
        kind = "of the district (its bulk load, then label changes)" if which == "district" \
            else "new (its creation, then label changes)"  # fmt: skip
        lines.append(
            f"| {kind} | {h['entries']:,} | {fmt_s(inproc)} | {fmt_s(median_or_none(h['cli']))} "
            f"| < 50 ms | {_verdict(inproc is not None and inproc <= t['history_s'])} | "
            f"{h['commits']:,} commits in {h['build_s']:.1f} s (median "
            f"{fmt_s(h['commit']['p50'])}, p95 {fmt_s(h['commit']['p95'])}) |"
        )
    return [*lines, ""]


def plots(results: list[dict], folder: Path) -> list[str]:
    """One PNG per workload (median against quads) and one of the gallery, written to `folder`
    (the old ones removed); [] without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    for old in folder.glob("*.png"):
        old.unlink()
    written = []
    names = list(dict.fromkeys(r["workload"] for res in results for r in res.get("rows", [])))
    for name in names:
        xs, ours, base, base_name = [], [], [], ""
        for res in results:
            row = next((r for r in res.get("rows", []) if r["workload"] == name), None)
            if row is None or not row["samples"]:
                continue
            xs.append(res["quads"])
            ours.append(statistics.median(row["samples"]))
            base.append(statistics.median(row["baseline"]) if row["baseline"] else math.nan)
            base_name = row["baseline_name"] or base_name
        if not xs:
            continue
        fig, ax = plt.subplots(figsize=(5, 3), dpi=80)
        ax.plot(xs, ours, marker="o", label="Akteursgraph")
        if base_name:
            ax.plot(xs, base, marker="s", color="#888888", label=base_name[:40])
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("quads in the store")
        ax.set_ylabel("ratio" if _is_ratio(name) else "seconds (median)")
        ax.set_title(name[:60], fontsize=8)
        ax.legend(fontsize=6)
        fig.tight_layout()
        file = slugify(name)[:50] + ".png"
        fig.savefig(folder / file)
        plt.close(fig)
        written.append(file)
    full = [r for r in results if r["gal"]]
    if full:
        written.append(_gallery_plot(plt, full[-1], folder))
    return written


def _gallery_plot(plt: object, last: dict, folder: Path) -> str:
    gal = last["gal"]
    fig, ax = plt.subplots(figsize=(7, 7), dpi=80)  # type: ignore[attr-defined]
    ys = range(len(gal))
    series = (
        ("ox", "engine, memory", "o"),
        ("disk", "engine, disk", "x"),
        ("http", "HTTP SPARQLWrapper", "s"),
        ("rdflib", "rdflib", "^"),
        ("virtuoso", "Virtuoso, HTTP SPARQLWrapper", "D"),
    )
    for key, label, marker in series:
        ax.scatter(
            [statistics.median(g[key]) if g.get(key) else math.nan for g in gal],
            ys,
            label=label,
            marker=marker,
            s=14,
        )
    ax.set_yticks(list(ys), [g["id"][:34] for g in gal], fontsize=6)
    ax.set_xscale("log")
    ax.set_xlabel(f"seconds (median, log), {last['quads']:,} quads")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(folder / "gallery.png")
    plt.close(fig)  # type: ignore[attr-defined]
    return "gallery.png"


#: A scale's saved results: `scale-10.json`, not a workload kept aside beside it
#: (`scale-10.publication-1350161.json`, measured on another district), which has no table.
SAVED_RESULT = re.compile(r"scale-[0-9.]+\.json")


def load_results(folder: Path) -> list[dict]:
    found = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in folder.glob("scale-*.json")
        if SAVED_RESULT.fullmatch(p.name)
    ]
    return sorted(found, key=lambda r: r["quads"])


def _scale_section(res: dict) -> list[str]:
    info = res["info"]
    publication = publication_lines(res["publication"]) if res.get("publication") else []
    if res.get("dumps"):
        from .dumps import lines as dump_lines

        publication = [*publication, *dump_lines(res["dumps"])]
    if res.get("reconcile"):
        from .reconcile import lines as reconcile_lines

        publication = [*publication, *reconcile_lines(res["reconcile"])]
    if res.get("import"):
        from .importing import lines as import_lines

        publication = [*publication, *import_lines(res["import"])]
    if res.get("explorer"):
        from .explorer import lines as explorer_lines

        publication = [*publication, *explorer_lines(res["explorer"])]
    if res.get("only"):
        return [
            f"## Scale {res['scale']:g}: {res['quads']:,} quads ({res['only']} only)",
            "",
            *publication,
        ]
    load_rss = f"`akteursgraph load` peak RSS: {info.get('load_peak_rss_mb') or 0:,.0f} MiB"
    if res.get("load_only"):
        return [
            f"## Scale {res['scale']:g}: {res['quads']:,} quads (load and writes only)",
            "",
            main_table(res["rows"]),
            "",
            f"- {load_rss}; data generation {info.get('generate_s', 0):.1f} s",
            "",
        ]
    return [
        f"## Scale {res['scale']:g}: {res['quads']:,} quads",
        "",
        main_table(res["rows"]),
        "",
        "### Concurrent load",
        "",
        "Closed loop on loopback: each client sends its next request when the last is "
        f"answered. Simple query: the labels of one organisation. Load generator: "
        f"{res['conc'][0]['tool'] if res['conc'] else '—'}.",
        "",
        conc_table(res["conc"]),
        "",
        "### Memory and one-off costs",
        "",
        f"- {load_rss}; `akteursgraph serve` and its query workers after the load tests "
        f"(peak, summed): {info.get('server_peak_rss_mb', 0):,.0f} MiB",
        f"- search index build {info.get('search_build_s', 0):.1f} s; network build "
        f"{info.get('network_build_s', 0):.1f} s; rdflib parse "
        f"{info.get('rdflib_parse_s', 0) or 0:.1f} s; data generation "
        f"{info.get('generate_s', 0):.1f} s",
        *_virtuoso_costs(info),
        "",
        "### Gallery queries",
        "",
        *_unchecked(res["gal"]),
        gallery_table(res["gal"]),
        "",
        *_virtuoso_section(res),
        *publication,
    ]


def _virtuoso_costs(info: dict) -> list[str]:
    if "virtuoso_load_s" not in info:
        return []
    return [
        f"- Virtuoso: bulk load of the public quads {info['virtuoso_load_s']:.1f} s "
        f"({info.get('virtuoso_triples', 0):,} triples); peak RSS during the gallery "
        f"{info.get('virtuoso_peak_rss_mb', 0):,.0f} MiB"
    ]


def _unchecked(gal: list[dict]) -> list[str]:
    """A warning above results saved before the answers were checked (issue 10)."""
    if all("rows" in g for g in gal):
        return []
    return [
        "Saved before the answers were checked: these figures are unchecked, and a wrong or "
        "empty answer shows as fast here (questions 04, 19 and 33 answered no rows over HTTP "
        "then, and several, 19 and 33 among them, found nothing in the district even on the "
        "engine).",
        "",
    ]


def report(folder: Path | None = None) -> str:
    """The whole of docs/benchmarks.md from the results saved in `folder` (docs/benchmarks/
    by default); writes the plots there too."""
    folder = folder or RESULTS
    results = load_results(folder)
    if not results:
        raise SystemExit(f"no saved results in {folder}: run `akteursgraph bench run` first")
    pngs = plots(results, folder)
    m = results[-1]["machine"]
    scales = ", ".join(f"{r['scale']:g} ({r['quads']:,} quads, {_dates(r)})" for r in results)
    parts = [
        "# Benchmarks",
        "",
        "Regenerated by `make bench` (`akteursgraph bench run --scale ...`, then `akteursgraph "
        "bench report`). Do not edit by hand; `graph/bench/run.py` says what each row measures.",
        "",
        f"Scales measured: {scales}. {METHOD}",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in m.items()],
        "",
    ]
    for res in results:
        parts += _scale_section(res)
    if pngs:
        parts += ["## Plots", ""] + [f"![{p}](benchmarks/{p})" for p in pngs] + [""]
    else:
        parts += ["(matplotlib is not installed: no plots; `pip install -e '.[bench]'`)", ""]
    return "\n".join(parts)


#: The workloads that `bench run --only` measures apart, each saved with its own date.
_PARTS = ("publication", "dumps", "reconcile", "import", "explorer")


def _dates(res: dict) -> str:
    """When a scale's figures were measured: the whole run, then each part measured again
    since (`--only`) with its own date, so that the header dates every figure it shows (a
    part timed within the whole run is dated by it)."""
    dates = [res["when"]] if res.get("rows") else []
    if res.get("gallery_when"):
        dates.append(f"gallery and concurrent load {res['gallery_when']}")
    whole = res["when"]
    for part in _PARTS:
        when = (res.get(part) or {}).get("when")
        if when and (when > whole or not res.get("rows")):  # "YYYY-MM-DD HH:MM UTC" sorts
            dates.append(f"{part} {when}")
    return "; ".join(dates) or whole


def _outcomes(counted: dict[str, int]) -> str:
    """Answers counted by outcome, the good ones first: "5,998 ok, 2 HTTP 503"."""
    ranked = sorted(counted.items(), key=lambda kv: (kv[0] != "ok", kv[0]))
    return ", ".join(f"{n:,} {what}" for what, n in ranked) or "none"
