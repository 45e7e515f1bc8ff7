"""The dumps workload (graph/bench/dumps.py): it times a version only after checking it, and a
version whose files or counts are not what the index says is reported wrong."""

from __future__ import annotations

from pathlib import Path

from akteursgraph.bench import dumps as bench_dumps
from akteursgraph.bench.server import Client
from akteursgraph.bench.workloads import write_entity
from akteursgraph.commit import commit
from akteursgraph.store import Store

from .conftest import copy_store, running_server


def test_the_dumps_workload_times_checked_versions_and_names_wrong_ones(
    district: Path, tmp_path: Path
) -> None:
    store = copy_store(district, tmp_path)
    result = bench_dumps.measure(store, query_timeout=10.0, n=2)
    assert result["wrong"] == [] and result["startup"]["wrong"] == ""
    assert result["listed"]["n"] == 2 and result["listed"]["missing"] == 0
    assert all(r["publications"] == 1 and r["seconds"] > 0 for r in result["changes"])
    assert any("met" in line for line in bench_dumps.lines(result))
    with running_server(store) as url:  # same public data: no new version at start-up
        client = Client(url)
        try:
            listed = bench_dumps.listing(client)
            version = listed["versions"][0]
            assert len(listed["versions"]) == 3
            assert bench_dumps.check(client, version, None) == ""
            assert "counts" in bench_dumps.check(client, {**version, "quads": 1}, None)
            files = {**version["files"], "trig": {**version["files"]["trig"], "sha256": "0" * 64}}
            assert "checksum" in bench_dumps.check(client, {**version, "files": files}, None)
            assert "not in the TriG" in bench_dumps.check(client, version, "nowhere4711")
        finally:
            client.close()
    # A write while no server runs (as the history's and the single writes' workloads do):
    # the next start makes a version of it, and the versions after publications keep it.
    # The workload took an older version listed meanwhile for the start's, and found it
    # short by the write's quads (the maker's own part: tests/test_dumps.py).
    with Store.open(store) as opened:
        commit(opened, write_entity(0))
    again = bench_dumps.measure(store, query_timeout=10.0, n=1)
    assert again["startup"]["wrong"] == "" and again["wrong"] == []
