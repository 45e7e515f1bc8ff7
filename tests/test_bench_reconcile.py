"""The reconciliation workload (graph/bench/reconcile.py): it times a batch only after
checking it, and a batch that misses an entity or finds a person without consent is wrong."""

from __future__ import annotations

from pathlib import Path

from akteursgraph.bench import reconcile as bench_reconcile

from .conftest import copy_store


def test_the_reconcile_workload_times_checked_batches(district: Path, tmp_path: Path) -> None:
    store = copy_store(district, tmp_path)
    result = bench_reconcile.measure(store, query_timeout=10.0, reps=2, n=15)
    assert result["wrong"] == [], result["wrong"]
    assert result["batch"]["n"] == 2 and result["batch"]["missing"] == 0
    assert all(r["among"] == 15 for r in result["batches"])
    assert sum(r["hidden"] for r in result["batches"]) > 0  # persons without consent asked for
    assert any("met" in line for line in bench_reconcile.lines(result))


def test_a_missed_entity_and_a_found_hidden_person_are_wrong() -> None:
    expected = {"q0": "https://example.org/a", "q1": "https://example.org/b"}
    answer = {
        "q0": {"result": [{"id": "https://example.org/a"}]},
        "q1": {"result": [{"id": "https://example.org/c"}]},
    }
    wrong, first, among = bench_reconcile.check(answer, expected, set())
    assert "1 of 2" in wrong and (first, among) == (1, 1)
    answer["q1"] = {"result": [{"id": "https://example.org/b"}]}
    answer["h0"] = {"result": [{"id": "https://example.org/hidden"}]}
    wrong, _, _ = bench_reconcile.check(answer, expected, {"https://example.org/hidden"})
    assert "without consent" in wrong
    del answer["h0"]
    assert bench_reconcile.check(answer, expected, {"https://example.org/hidden"})[0] == ""
