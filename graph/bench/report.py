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

from .report_publication import publication_lines
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
    "search; since 2026-12-05 13:20 UTC also the topics' list, a topic's page and a search "
    "naming a topic, which read every list's index together), so that memory and "
    "acknowledgement are those of a server that has been read. "
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
#: Those whose figures are rows of the main table, replaced by name (`run.merge`) and dated
#: as `NAME_when`.
ONLY_ROWS = ("entity-documents", "search")


def _dates(res: dict) -> str:
    """When a scale's figures were measured: the whole run, then each part measured again
    since (`--only`) with its own date, so that the header dates every figure it shows (a
    part timed within the whole run is dated by it)."""
    dates = [res["when"]] if res.get("rows") else []
    if res.get("gallery_when"):
        dates.append(f"gallery and concurrent load {res['gallery_when']}")
    if res.get("load_only_when"):  # `--load-only`: its rows had no date but the whole run's
        dates.append(f"bulk load, validation and single writes {res['load_only_when']}")
    for rows in ONLY_ROWS:  # rows of the main table measured again alone
        if res.get(f"{rows}_when"):
            dates.append(f"{rows} {res[f'{rows}_when']}")
    whole = res["when"]
    for part in _PARTS:
        when = (res.get(part) or {}).get("when")
        if when and (when > whole or not res.get("rows")):  # "YYYY-MM-DD HH:MM UTC" sorts
            dates.append(f"{part} {when}")
    return "; ".join(dates) or whole
