"""Full collection passes at a server's quiet moments (`QuietCollections`) and in `serve`."""

from __future__ import annotations

import gc
import json
import time
import urllib.request
from pathlib import Path

from akteursgraph.bench.server import serving
from akteursgraph.collector import QuietCollections, collector_paused
from akteursgraph_web.serving import _quiet_collections

from .conftest import copy_store


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_pass_waits_for_quiet_and_for_its_spacing() -> None:
    clock = _Clock()
    collections = QuietCollections(quiet=2, longest=300, spacing=30, clock=clock)
    clock.now += 10
    assert not collections.due()  # quiet, but the last pass (the start) was 10 s ago
    clock.now += 25
    assert collections.due()  # quiet for 35 s, 35 s since the last pass
    collections.began()
    clock.now += 5
    collections.ended()
    assert not collections.due()  # a request ended a moment ago
    clock.now += 2
    assert collections.due()
    collections.collect()
    assert collections.passes == 1 and collections.last_ms is not None
    clock.now += 10
    assert not collections.due()  # quiet, but only 10 s after the pass


def test_a_busy_server_still_gets_a_pass_after_the_longest_wait() -> None:
    clock = _Clock()
    collections = QuietCollections(quiet=2, longest=300, spacing=30, clock=clock)
    collections.began()  # a request that never ends, or requests without a pause
    clock.now += 299
    assert not collections.due()
    clock.now += 1
    assert collections.due()


def test_the_thread_runs_passes_only_when_quiet_and_gives_the_threshold_back() -> None:
    before = gc.get_threshold()
    collections = QuietCollections(quiet=0.05, longest=60, spacing=0.1)
    collections.began()
    collections.start()
    try:
        assert gc.get_threshold()[:2] == before[:2]
        assert gc.get_threshold()[2] > 10**8  # no automatic full pass
        time.sleep(0.6)
        assert collections.passes == 0  # a request is in flight
        collections.ended()
        deadline = time.monotonic() + 10
        while collections.passes == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert collections.passes >= 1
        with collector_paused():  # a builder's pause holds the passes back too
            seen = collections.passes
            time.sleep(0.6)
            assert collections.passes == seen
    finally:
        collections.stop()
    assert gc.get_threshold() == before


def _health(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url + "/healthz", timeout=30) as answer:
        return dict(json.loads(answer.read()))


def test_serve_runs_full_passes_itself_when_asked_and_reports_them(
    example_store_template: Path, tmp_path: Path
) -> None:
    store = copy_store(example_store_template, tmp_path)
    quick = {"AKTEURSGRAPH_GC_QUIET_SECONDS": "0.2", "AKTEURSGRAPH_GC_LONGEST_SECONDS": "1"}
    with serving(store, env=quick) as (_proc, url):
        deadline = time.monotonic() + 30
        health = _health(url)
        while not health["full_collections"] and time.monotonic() < deadline:
            time.sleep(0.3)
            health = _health(url)
        assert health["full_collections"], health
        assert isinstance(health["last_full_collection_ms"], float)
    with serving(store) as (_proc, url):
        assert "full_collections" not in _health(url)  # by default Python's own schedule


def test_a_request_is_in_flight_until_its_body_is_closed(make_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A streamed body (a dump, a long answer) is still being made by the server: no pass
    may start under it as if the server were quiet."""
    monkeypatch.setenv("AKTEURSGRAPH_GC_LONGEST_SECONDS", "600")
    app = make_app()
    collections = _quiet_collections(app)
    assert collections is not None
    try:
        client = app.test_client()
        answer = client.get("/healthz", buffered=False)
        assert collections.in_flight == 1
        answer.close()
        assert collections.in_flight == 0
        client.get("/no-such-page").close()  # as waitress closes every body it sent
        assert collections.in_flight == 0
    finally:
        collections.stop()
