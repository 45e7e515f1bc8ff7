"""The import workload (graph/bench/importing.py): it checks a dry run's report before the
seconds count, and a report that misses or miscounts rows is wrong. At the smallest district
with 200 rows; no timing is asserted."""

from __future__ import annotations

import json
from pathlib import Path

from akteursgraph.bench import importing as bench_importing


def test_the_import_workload_counts_a_checked_dry_run(district: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    result = bench_importing.measure(district, work, rows=200)
    assert result["wrong"] == [], result["wrong"]
    assert result["rows"] == 200 and result["existing"] == 20  # every tenth row a known one
    assert result["seconds"] > 0
    assert any("0 wrong" in line for line in bench_importing.lines(result))

    # The same report against other expectations, or miscounted, or cut short, is wrong.
    report = work / "import-report.json"
    counts = {"rows": 200, "existing": 20, "created": 180}
    assert bench_importing.check(0, "", report, counts) == []
    assert bench_importing.check(0, "", report, {**counts, "created": 181}) == [
        "created 180 != 181"
    ]
    document = json.loads(report.read_text(encoding="utf-8"))
    document["counts"]["invalid"] = 1
    del document["rows"][-1]
    report.write_text(json.dumps(document), encoding="utf-8")
    wrong = bench_importing.check(0, "", report, counts)
    assert wrong == ["199 report rows != 200 data rows", "1 invalid rows"]
    assert bench_importing.check(1, "kaputt", report, counts) == ["exit 1: kaputt"]
    missed = bench_importing.lines({**result, "wrong": wrong})
    assert any("**missed**" in line for line in missed)
