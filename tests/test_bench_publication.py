"""The publication workload (graph/bench/publication.py): its changes are valid writes on the
bench's own district, each figure is checked before it counts, and `--only publication`
merges into a scale's saved results without wiping the other workloads'."""

from __future__ import annotations

import json
import os
import random
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from akteursgraph.bench import generate, history, in_use, memory, publication, report, run
from akteursgraph.bench import probes as changes
from akteursgraph.bench.probes import Probe
from akteursgraph.bench.publication import Outcome
from akteursgraph.bench.server import serving
from akteursgraph.bench.stats import percentile, summary
from akteursgraph.changes import entity_history, submit
from akteursgraph.changes.model import ORIGIN_SPARQL_UPDATE, ChangeMeta
from akteursgraph.commit import Writer
from akteursgraph.namespaces import PREFIXES
from akteursgraph.sparql.update import parse_update
from akteursgraph.store import Store

from .conftest import copy_store, run_cli


def _ask(store: Store, probe: Probe) -> bool:
    return bool(
        store.dataset.query(
            publication.ask_query(probe), prefixes=PREFIXES, use_default_graph_as_union=True
        )
    )


def test_percentiles_are_nearest_rank_and_a_change_never_seen_ranks_last() -> None:
    values = [float(v) for v in range(1, 21)]
    assert percentile(values, 50) == 10.0
    assert percentile(values, 95) == 19.0  # the 19th of 20
    assert percentile(values, 100) == 20.0
    assert percentile([], 95) is None
    # One change never seen: the p95 of 20 is still a time, the max is not.
    s = summary([*values[:19], None])
    assert s == {"n": 20, "missing": 1, "p50": 10.0, "p95": 19.0, "max": None}
    # Two never seen: the p95 falls on one of them.
    assert summary([*values[:18], None, None])["p95"] is None


def test_the_changes_are_valid_staff_updates_on_the_district(
    district: Path, tmp_path: Path
) -> None:
    """Each planned update parses, passes the shapes, and makes its ASK true (and only then)."""
    path = copy_store(district, tmp_path)
    store = Store.open(path)
    try:
        targets = changes.organisations(store, 3)
        assert len({iri for iri, _, _ in targets}) == 3
        probes = changes.plan("t1", "direct", targets, 4)
        assert [p.kind for p in probes] == ["new", "relabel", "new", "relabel"]
        assert len({p.word for p in probes}) == 4
        assert all(p.word.isalnum() and p.word in p.label for p in probes)
        writer = Writer(store)
        meta = ChangeMeta(author="bench-editor", origin=ORIGIN_SPARQL_UPDATE)
        for probe in probes:
            assert not _ask(store, probe)
            outcome = submit(writer, parse_update(store, probe.update), meta, review_required=False)
            assert outcome.change_id
            assert _ask(store, probe)
        # A label change replaces the German label: one left, the new one.
        relabelled = probes[1]
        labels = [
            q.object.value
            for q in store.quads(ox.NamedNode(relabelled.iri))
            if q.predicate.value.endswith("prefLabel") and q.object.language == "de"
        ]
        assert labels == [relabelled.label]
        assert probes[0].page == "/bench/organisation/" + probes[0].word
    finally:
        store.close()


def test_a_surface_shows_a_change_only_with_its_new_label() -> None:
    probe = changes.new_organisation("probeab12d00")
    yes, no = json.dumps({"boolean": True}).encode(), json.dumps({"boolean": False}).encode()
    assert publication.shows("sparql", probe, 200, yes)
    assert not publication.shows("sparql", probe, 200, no)
    assert not publication.shows("sparql", probe, 503, yes)
    assert not publication.shows("sparql", probe, 200, b"<html>not json")
    page = f"<h1>{probe.label}</h1>".encode()
    assert publication.shows("page", probe, 200, page)
    assert not publication.shows("page", probe, 404, page)
    assert not publication.shows("search", probe, 200, b"<p>Keine Treffer</p>")


def test_route_figures_count_a_failed_change_as_never_visible() -> None:
    seen = {"sparql": 0.2, "page": 0.05, "search": 0.01}
    good = [Outcome("new", f"x{i}", 200, f"cs-{i}", 0.1, visible=dict(seen)) for i in range(19)]
    bad = Outcome("new", "y", 400, "", 0.1, error="HTTP 400: invalid")
    figures = publication.route_figures([*good, bad], review=False)
    assert figures["ack"]["n"] == 19  # a refused change has no acknowledgement to count
    assert figures["visible"]["all"]["p50"] == 0.2  # the last of the three surfaces
    assert figures["visible"]["all"]["missing"] == 1
    assert figures["visible"]["all"]["max"] is None
    assert figures["failed"] == ["HTTP 400: invalid"]


def test_history_probe_gives_the_entity_exactly_n_change_sets(
    district: Path, tmp_path: Path
) -> None:
    path = copy_store(district, tmp_path)
    store = Store.open(path, read_only=True)
    try:
        [(iri, graph, label)] = changes.organisations(store, 1)
    finally:
        store.close()
    assert len(entity_history(path, iri)) == 1  # its bulk load
    built = history.build_history(path, iri, graph, label, 5)
    assert built["commits"] == 4
    assert len(entity_history(path, iri)) == 5
    fresh = generate.BENCH + "organisation/historytest"
    built = history.build_history(path, fresh, generate.PUBLIC_GRAPH, "", 5, create=True)
    assert built["commits"] == 5
    assert len(entity_history(path, fresh)) == 5
    with pytest.raises(RuntimeError, match="5 entries, 6 expected"):
        history.time_history(path, fresh, 6, reps=1)


def test_the_memory_sampler_sums_a_process_and_its_descendants() -> None:
    child = subprocess.Popen(["sleep", "30"])
    try:
        assert child.pid in memory.tree_pids(os.getpid())
        assert memory.tree_rss_mb(os.getpid()) > memory.tree_rss_mb(child.pid) > 0
        parts = memory.tree_rss_by_process(os.getpid())
        assert any(name.startswith(f"{child.pid} ") and name.endswith("sleep 30") for name in parts)
    finally:
        child.kill()
        child.wait()


def test_a_child_not_yet_execd_is_its_parents_memory_counted_once() -> None:
    """Between fork and exec a child is its parent's pages: a sample that caught `serve`
    starting its dump maker counted `serve` twice."""
    read, write = os.pipe()
    forked = os.fork()
    if forked == 0:  # the parent's copy waits until the test has looked
        os.close(write)
        os.read(read, 1)
        os._exit(0)
    try:
        os.close(read)
        parts = memory.tree_rss_by_process(os.getpid())
        assert forked in memory.tree_pids(os.getpid())
        assert not any(name.startswith(f"{forked} ") for name in parts), parts
        assert any(name.startswith(f"{os.getpid()} ") for name in parts)
    finally:
        os.close(write)
        os.waitpid(forked, 0)


def _pub() -> dict:
    outcome = Outcome("new", "x", 200, "cs-1", 0.05, publish_s=0.3, draft_hidden=True,
                      visible={"sparql": 0.1, "page": 0.02, "search": 0.01})  # fmt: skip
    query = {**summary([0.002, 0.003]), "requests": 2, "failed": 0, "server_errors": 0,
             "no_answer": 0}  # fmt: skip
    history = {"iri": "x", "entries": 1000, "in_process": [0.01], "cli": [0.3], "build_s": 30.0,
               "commits": 999, "commit": summary([0.03])}  # fmt: skip
    return {
        "n": 1,
        "cli_start_s": [0.25],
        "publish_cli": summary([0.9]),
        "load_average": [0.5, 0.5, 0.5],
        "memory": {
            "peak_rss_mb": 300.0,
            "samples": 10,
            "lifetime_peak_mb": 320.0,
            "at_peak_mb": {"1 akteursgraph serve": 250.0, "2 worker": 50.0},
        },
        "routes": {
            "direct": publication.route_figures([outcome], review=False),
            "review": publication.route_figures([outcome], review=True),
        },
        "queries": {"idle": query, "direct": query, "review": query},
        "in_use": {
            "pages": 6000,
            "pages_s": 40.0,
            "page_outcomes": {"ok": 5999, "HTTP 503": 1},
            "queries": 100,
            "queries_s": 30.0,
            "query_outcomes": {"ok": 100},
            "rss_mb_before": 800.0,
            "rss_mb_after_pages": 880.0,
            "rss_mb_after": 1010.0,
            "after_mb": {},
        },
        "history": {"district": history, "new": history},
        "collections": {"passes": 4, "last_ms": 230.4},
        "when": "2026-01-01 00:00 UTC",
    }


def test_only_publication_merges_into_the_saved_scale_and_keeps_the_rest() -> None:
    saved = {"scale": 1.0, "quads": 100, "rows": [{"workload": "w"}], "gal": [{"id": "q"}],
             "conc": [{"case": "c"}], "info": {"k": 1}, "when": "then",
             "publication": {"old": True}}  # fmt: skip
    part = {"scale": 1.0, "quads": 100, "publication": _pub()}
    merged = run.merge(saved, part, "publication")
    assert merged["publication"] == part["publication"]
    assert {k: v for k, v in merged.items() if k != "publication"} == {
        k: v for k, v in saved.items() if k != "publication"
    }
    with pytest.raises(RuntimeError, match="quads"):
        run.merge({**saved, "quads": 99}, part, "publication")
    alone = run.merge(None, part, "publication")
    assert alone["only"] == "publication" and alone["rows"] == [] and alone["quads"] == 100


def test_the_report_shows_publication_figures_with_their_verdicts(tmp_path: Path) -> None:
    lines = "\n".join(report.publication_lines(_pub()))
    assert "at the peak: `1 akteursgraph serve` 250 MiB; `2 worker` 50 MiB" in lines
    assert "### Publication (issue 11)" in lines
    assert "| applied at once (review off) | acknowledged (HTTP 200) | 1 | 50.0 ms" in lines
    workspace = "publication acknowledged (the reviewer's „Veröffentlichen“ in the workspace"
    assert (
        f"{workspace}: POST to its answer) | 1 | 300.0 ms | 300.0 ms | 300.0 ms | p95 < 200 "
        "ms | **missed** |" in lines
    )
    assert "`akteursgraph drafts` alone 250.0 ms) | 1 | 900.0 ms" in lines  # the CLI, apart
    assert "300 MiB, target ≤ 1 GB (953.7 MiB): met" in lines
    # The 1 GB is 10**9 bytes: 974 MiB is within 1 GiB, not within it.
    heavy = _pub()
    heavy["memory"]["peak_rss_mb"] = 974.0
    assert "974 MiB, target ≤ 1 GB (953.7 MiB): **missed**" in "\n".join(
        report.publication_lines(heavy)
    )
    assert "6,000 other entity pages once each in 40 s (5,999 ok, 1 HTTP 503)" in lines
    assert "800 MiB before, 880 MiB after the pages, 1,010 MiB after the queries" in lines
    assert "| 1,000 | 10.0 ms | 300.0 ms | < 50 ms | met |" in lines
    assert "that `serve` ran at quiet moments, from its start to here (`/healthz`): 4, " in lines
    assert "the last 230 ms" in lines
    alone = run.merge(None, {"scale": 0.5, "quads": 50, "publication": _pub()}, "publication")
    (tmp_path / "scale-0.5.json").write_text(json.dumps(alone), encoding="utf-8")
    text = report.report(tmp_path)
    assert "## Scale 0.5: 50 quads (publication only)" in text
    assert "### Publication (issue 11)" in text


def test_the_header_dates_a_part_measured_again_after_the_whole_run(tmp_path: Path) -> None:
    """A `--only publication` run keeps the whole run's date for the rest, and says its own."""
    whole = {**run.merge(None, {"scale": 0.5, "quads": 50, "publication": _pub()}, "publication"),
             "rows": [{"workload": "w"}], "when": "2026-01-01 00:00 UTC"}  # fmt: skip
    again = {**_pub(), "when": "2026-02-02 10:00 UTC"}
    merged = run.merge(whole, {"scale": 0.5, "quads": 50, "publication": again}, "publication")
    assert report._dates(merged) == "2026-01-01 00:00 UTC; publication 2026-02-02 10:00 UTC"
    within = run.merge(whole, {"scale": 0.5, "quads": 50, "publication": _pub()}, "publication")
    assert report._dates(within) == "2026-01-01 00:00 UTC"  # timed in the whole run


def test_every_reading_surface_is_opened_in_both_languages(district: Path, tmp_path: Path) -> None:
    """Before the changes the workload opens what keeps memory and follows each publication
    (the network above all: a server whose network was open took seconds a change to follow
    it, and the workload never saw it). A surface that is not served stops the workload."""
    store_path = copy_store(district, tmp_path)
    with Store.open(store_path, read_only=True) as store:
        iris = [iri for iri, _, _ in changes.organisations(store, 2)]
    with serving(store_path) as (proc, url):
        opened = publication.open_surfaces(url, iris, proc.pid)
        with pytest.raises(RuntimeError, match="surfaces not served"):
            publication.open_surfaces(url, ["urn:x:nowhere", iris[1]], proc.pid)
    asked = opened["asked"]
    assert {name.split(" ")[0] for name in asked} == {"de", "en"}
    paths = {name.split(" ")[1] for name in asked}
    assert {"/network", "/speakers?language=de", "/catalog"} <= paths
    assert {p.split("?")[0] for p in paths} >= {f"/{kind}" for kind in changes.LIST_KINDS}
    assert any(p.startswith("/organisations?") for p in paths)  # a list with a filter
    assert any(p.startswith("/network/ego?iri=") for p in paths)
    assert opened["rss_mb_after"] > 0


def test_the_server_is_used_before_its_memory_is_measured(district: Path, tmp_path: Path) -> None:
    """Pages and sorted queries, each asked once and each answer checked: a wrong label or
    a page that is not there is counted as such, not as an answer."""
    store_path = copy_store(district, tmp_path)
    with Store.open(store_path, read_only=True) as store:
        pages = changes.sample_entities(store, 12, random.Random(1))
    assert len({path for path, _ in pages}) == 12
    wrong = [(pages[0][0], "Ein Name, den es nicht gibt"), ("/organisation/keine", "x")]
    with serving(store_path) as (proc, url):
        used = in_use.use(url, [*pages, *wrong], proc.pid, in_use.queries(4, 2))
    assert used["page_outcomes"] == {"ok": 12, "wrong": 1, "HTTP 404": 1}
    # The district of this test has fewer than 5,000 statements: the second slice is empty.
    assert used["query_outcomes"] == {"ok": 5, "empty": 1}
    assert used["rss_mb_before"] > 0 and used["rss_mb_after"] > 0
    assert used["after_mb"]  # serve and its workers, each by name
    texts = in_use.queries()
    assert len(set(texts)) == len(texts)  # each a new text: no answer served from the cache


def test_the_overview_is_read_after_the_changes_and_the_server_timed_meanwhile(
    district: Path, tmp_path: Path
) -> None:
    """After the changes the workload reads the network overview, as a visitor would, which
    measures its figures again, and times simple queries until they are current: in a
    thread of serve the figures had every page wait, and the workload never read the
    overview after a change. The report says it."""
    store_path = copy_store(district, tmp_path)
    with Store.open(store_path, read_only=True) as store:
        iris = [iri for iri, _, _ in changes.organisations(store, 2)]
    assert run_cli("review-required", "off", store=store_path).returncode == 0
    with serving(store_path) as (proc, url):
        publication.open_surfaces(url, iris, proc.pid)  # the figures of before
        token = publication.staff_token(store_path)
        probe = changes.plan("t", "direct", [], 1)[0]  # a new organisation
        outcome = publication.follow(url, token, store_path, probe, False)
        assert not outcome.error
        found = publication.figures_after_changes(url, iris, proc.pid)
        passes = publication.collections(url)
    assert found["current"] and 0 < found["s"] < publication.FIGURES_WAIT_S
    assert passes is None  # /healthz: serve leaves the full passes to Python unless asked
    assert found["queries"]["requests"] > 0 and found["queries"]["failed"] == 0
    assert found["queries_before"]["requests"] > 0
    assert found["peak_rss_mb"] > 0
    text = "\n".join(report.publication_lines({**_pub(), "figures": found}))
    assert "After the changes, the network overview read" in text
