"""Virtuoso as the gallery's baseline (graph/bench/virtuoso.py): its own instance, on loopback,
loaded with the same quads, asked by the same clients, checked before it is timed."""

from __future__ import annotations

import configparser
import json
import shutil
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from akteursgraph.bench import generate, report, virtuoso, virtuoso_figures
from akteursgraph.bench.answers import STRICT, VIRTUOSO, concat_columns, engine_answer, json_answer
from akteursgraph.bench.gallery import fresh, measure_engine, same
from akteursgraph.bench.stats import Row

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _ini(tmp_path: Path, **changes: object) -> configparser.ConfigParser:
    options: dict = {"threads": 2, "max_rows": 1_000_000, "query_seconds": 29.5, **changes}
    text = virtuoso.ini_text(tmp_path / "db", 4111, 4890, tmp_path / "data", **options)
    ini = configparser.ConfigParser(inline_comment_prefixes=(";",))
    ini.optionxform = str  # type: ignore[assignment,method-assign]
    ini.read_string(text)
    return ini


def test_the_instance_listens_on_loopback_only_and_keeps_its_files_in_its_folder(
    tmp_path: Path,
) -> None:
    ini = _ini(tmp_path)
    assert ini["Parameters"]["ServerPort"] == "127.0.0.1:4111"
    assert ini["HTTPServer"]["ServerPort"] == "127.0.0.1:4890"
    files = [("Database", "DatabaseFile"), ("Database", "ErrorLogFile"), ("Database", "LockFile"),
             ("Database", "TransactionFile"), ("TempDatabase", "DatabaseFile"),
             ("HTTPServer", "ServerRoot")]  # fmt: skip
    for section, key in files:
        assert Path(ini[section][key]).parent == tmp_path / "db", (section, key)
    # The bulk loader may read the data folder, and nothing else outside its own folder.
    assert ini["Parameters"]["DirsAllowed"] == f"., {tmp_path / 'data'}"
    assert ini["Parameters"]["AllowOSCalls"] == "0"


def test_the_instance_is_sized_and_limited_like_the_bench_server(tmp_path: Path) -> None:
    ini = _ini(tmp_path)
    # virtuoso.ini's own table for 2 GB: 1.3 GiB of 8 KiB pages.
    assert int(ini["Parameters"]["NumberOfBuffers"]) * 8 * 1024 == pytest.approx(1.39e9, rel=0.01)
    assert int(ini["Parameters"]["MaxDirtyBuffers"]) < int(ini["Parameters"]["NumberOfBuffers"])
    assert ini["Parameters"]["ThreadsPerQuery"] == "2"
    assert ini["Parameters"]["CheckpointInterval"] == "0"  # none falls into a timed run
    assert ini["SPARQL"]["ResultSetMaxRows"] == "1000000"  # large answers compare in full
    assert ini["Parameters"]["MaxSortedTopRows"] == "1000000"  # ORDER BY ... OFFSET too
    assert ini["SPARQL"]["MaxQueryExecutionTime"] == "30"  # whole seconds, never below ours
    assert "Plugins" not in ini  # not in Debian's -bin package
    assert _ini(tmp_path, threads=0)["Parameters"]["ThreadsPerQuery"] == "1"


def test_a_path_the_ini_cannot_hold_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"virtuoso\.ini cannot hold"):
        virtuoso.ini_text(tmp_path / "a,b", 1, 2, tmp_path, threads=1, max_rows=1,
                          query_seconds=1)  # fmt: skip


def _solutions(*rows: dict[str, dict[str, str]]) -> bytes:
    names = sorted({name for row in rows for name in row})
    return json.dumps({"head": {"vars": names}, "results": {"bindings": list(rows)}}).encode()


def _typed(value: str, datatype: str) -> dict[str, str]:
    return {"type": "typed-literal", "value": value, "datatype": XSD + datatype}


@pytest.fixture(scope="module")
def engine() -> ox.Store:
    store = ox.Store()
    turtle = f'<{EX}a> <{EX}p> <{EX}x> . <{EX}b> <{EX}p> <{EX}y> ; <{EX}label> "B"@de .'
    store.load(turtle.encode(), format=ox.RdfFormat.TURTLE)
    return store


def test_a_boolean_counts_as_virtuosos_number_under_its_rules_only(engine: ox.Store) -> None:
    """Virtuoso has no boolean value in expressions: BOUND(...) comes back as 1 or 0."""
    query = (
        f"SELECT ?s (BOUND(?l) AS ?named) "
        f"WHERE {{ ?s <{EX}p> ?o OPTIONAL {{ ?s <{EX}label> ?l }} }}"
    )
    sent = _solutions(
        {"s": {"type": "uri", "value": EX + "a"}, "named": _typed("0", "integer")},
        {"s": {"type": "uri", "value": EX + "b"}, "named": _typed("1", "integer")},
    )
    assert json_answer(sent, {}, VIRTUOSO) == engine_answer(engine.query(query), {}, VIRTUOSO)
    assert json_answer(sent) != engine_answer(engine.query(query))  # strict: other forms
    swapped = _solutions(
        {"s": {"type": "uri", "value": EX + "a"}, "named": _typed("1", "integer")},
        {"s": {"type": "uri", "value": EX + "b"}, "named": _typed("0", "integer")},
    )
    assert json_answer(swapped, {}, VIRTUOSO) != engine_answer(engine.query(query), {}, VIRTUOSO)


def test_an_empty_group_concat_counts_as_unbound_under_virtuosos_rules_only(
    engine: ox.Store,
) -> None:
    """pyoxigraph leaves GROUP_CONCAT over only unbound values unbound; Virtuoso gives ""."""
    query = (
        f"SELECT ?s (GROUP_CONCAT(?l; separator=', ') AS ?names) "
        f"WHERE {{ ?s <{EX}p> ?o OPTIONAL {{ ?s <{EX}label> ?l }} }} GROUP BY ?s"
    )
    concat = concat_columns(query)
    reference = engine_answer(engine.query(query), concat, VIRTUOSO)
    sent = _solutions(
        {"s": {"type": "uri", "value": EX + "a"}, "names": {"type": "literal", "value": ""}},
        {"s": {"type": "uri", "value": EX + "b"}, "names": {"type": "literal", "value": "B"}},
    )
    assert json_answer(sent, concat, VIRTUOSO) == reference
    assert json_answer(sent, concat, STRICT) != engine_answer(engine.query(query), concat)
    other = _solutions(
        {"s": {"type": "uri", "value": EX + "a"}, "names": {"type": "literal", "value": "A"}},
        {"s": {"type": "uri", "value": EX + "b"}, "names": {"type": "literal", "value": "B"}},
    )
    assert json_answer(other, concat, VIRTUOSO) != reference  # a value is still a value


def test_a_partial_answer_is_refused() -> None:
    headers = {"X-SQL-State": "S1TAT", "X-SQL-Message": "RC...: Returning incomplete results"}
    with pytest.raises(virtuoso.VirtuosoError, match="partial answer"):
        virtuoso.complete(headers.get)
    virtuoso.complete({}.get)


def test_cold_runs_send_a_text_never_sent_before_and_repeated_runs_the_same() -> None:
    cold, other = fresh("ASK {}"), fresh("ASK {}")
    texts = {cold() for _ in range(3)} | {other() for _ in range(3)}
    assert len(texts) == 6 and all(t.startswith("ASK {}\n# ") for t in texts)
    repeated = same("ASK {}")
    assert repeated() == repeated() == "ASK {}"


def test_without_virtuoso_the_benchmark_says_so_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: ox.Store
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert virtuoso.missing() == (
        "virtuoso-t and isql-vt not installed (Debian: apt-get install "
        "virtuoso-opensource-7-bin; make bench installs it)"
    )
    gal = [{"id": "01-x", "form": "ASK", "query": "ASK {}", "rows": 1, "checksum": "0"}]
    info: dict = {}
    virtuoso.measure(gal, engine, b"", tmp_path, 1, 30.0, info)
    assert info["virtuoso"].startswith("not run: virtuoso-t and isql-vt not installed")
    assert "virtuoso" not in gal[0]
    with (
        pytest.raises(virtuoso.VirtuosoError, match="not installed"),
        virtuoso.running(tmp_path / "v", tmp_path),
    ):
        pass
    rows: list[Row] = []
    virtuoso_figures.gallery_rows(gal, rows, info)
    assert rows == []
    section = report._virtuoso_section({"info": info, "gal": gal})
    assert section[2] == f"{info['virtuoso']}."


def test_the_ratios_are_geometric_means_over_what_both_answered() -> None:
    gal = [
        {"id": "01-a", "ox": [0.01], "http": [0.04], "virtuoso": [0.02],
         "http_repeat": [0.001], "virtuoso_repeat": [0.004]},
        {"id": "02-b", "ox": [0.01], "http": [0.09], "virtuoso": [0.01],
         "http_repeat": [0.002], "virtuoso_repeat": [0.001]},
        {"id": "03-c", "ox": [0.01], "http": [0.5], "virtuoso": [], "wrong": ["virtuoso"],
         "http_repeat": [0.5], "virtuoso_repeat": []},
    ]  # fmt: skip
    rows: list[Row] = []
    info: dict = {}
    virtuoso_figures.gallery_rows(gal, rows, info)
    assert info["virtuoso_geomean_cold"] == pytest.approx(18**0.5)  # of 2 and 9
    assert info["virtuoso_geomean_engine"] == pytest.approx(2**0.5)
    assert info["virtuoso_geomean_cold_vs_planned"] == pytest.approx(30.0)  # of 10 and 90
    assert info["virtuoso_geomean_repeat"] == pytest.approx(0.5**0.5)  # of 1/4 and 2
    assert info["virtuoso_wrong"] == ["03"]
    assert [r.met for r in rows] == ["—", "—", "met"]
    table = report.main_table([r.__dict__ for r in rows])
    assert "| 4.24× |" in table and "Virtuoso wrong, not timed: 03" in table
    assert "1 of 2 queries no slower than Virtuoso" in table


def _processes_in(folder: Path) -> list[int]:
    """The processes whose working directory is in `folder` (virtuoso-t runs in its own)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if Path(proc / "cwd").resolve().is_relative_to(folder.resolve()):
                found.append(int(proc.name))
        except OSError:
            pass
    return found


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("virtuoso-t") is None, reason="virtuoso-t not installed")
def test_virtuoso_answers_the_gallery_on_the_same_quads(tmp_path: Path) -> None:
    """A real instance on a small district: loaded and counted, every question checked, the
    right ones timed, the wrong ones only where Virtuoso was seen to differ; then stopped."""
    started = time.monotonic()
    public = "".join(generate.generate(0.02).public).encode()
    engine = ox.Store()
    engine.load(public, format=ox.RdfFormat.N_QUADS)
    gal = measure_engine(engine, reps=1)
    info: dict = {}
    virtuoso.measure(gal, engine, public, tmp_path, 1, 30.0, info)
    assert info["virtuoso_triples"] == len(engine), info
    assert info["virtuoso"].startswith("Virtuoso "), info
    wrong = {g["id"][:2] for g in gal if "virtuoso" in g.get("wrong", ())}
    assert wrong <= set(virtuoso.SEEN_DIFFERENCES), [g.get("virtuoso_note") for g in gal]
    for g in gal:
        for key in virtuoso.KEYS:
            if g["id"][:2] in wrong:
                assert g[key] == [] and g[key + "_note"].startswith("**wrong**"), g
            else:
                assert len(g[key]) == 1, (g["id"], key, g.get(key + "_note"))
    assert not list((tmp_path / "virtuoso-data").glob("*.nq"))
    assert _processes_in(tmp_path) == []  # stopped on leaving
    assert time.monotonic() - started < 120
