"""The publication section of the benchmark report (issue 11): acknowledgement and visibility
per route, the simple queries meanwhile, memory, the server in use, and an entity's history.

`report.report` puts it into docs/benchmarks.md for each scale that has publication figures.
"""

from __future__ import annotations

from .publication import DEADLINE_S, TARGETS
from .stats import fmt_s, median_or_none


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
        f"{mem['samples']} samples): {mem['peak_rss_mb']:,.0f} MiB, target ≤ 1 GB "
        f"({t['memory_mb']:,.1f} MiB): "
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
            f"≤ 1 GB: {_verdict(fig['peak_rss_mb'] <= t['memory_mb'])})"
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


def _outcomes(counted: dict[str, int]) -> str:
    """Answers counted by outcome, the good ones first: "5,998 ok, 2 HTTP 503"."""
    ranked = sorted(counted.items(), key=lambda kv: (kv[0] != "ok", kv[0]))
    return ", ".join(f"{n:,} {what}" for what, n in ranked) or "none"
