"""Issue 13, item 5: backups consistent while `serve` runs, restore verified by a canonical
dump, the erasure journal replayed at restore, `/healthz`, and the deploy files."""

from __future__ import annotations

import configparser
import json
from pathlib import Path

import pyoxigraph as ox
from flask import Flask

from akteursgraph.backup import restore_backup, take_backup
from akteursgraph.changes import History
from akteursgraph.commit import commit
from akteursgraph.people.erasure import forget
from akteursgraph.people.journal import Journal
from akteursgraph.store import Change, Store

from .conftest import dump, run_cli, running_server
from .test_erasure import CANARY_MAIL, mentions, plant

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/akteursgraph/mitte/"


def _ids(path: Path) -> list[str]:
    import sqlite3

    db = sqlite3.connect(path / "history.sqlite3")
    try:
        return [r[0] for r in db.execute("SELECT id FROM change_sets ORDER BY seq")]
    finally:
        db.close()


def test_backup_and_restore_give_the_same_store(example_store_path: Path, tmp_path: Path) -> None:
    done = run_cli("backup", str(tmp_path / "b1"), store=example_store_path)
    assert done.returncode == 0, done.stderr
    manifest = json.loads(done.stdout)
    restored = tmp_path / "restored"
    done = run_cli("restore", str(tmp_path / "b1"), store=restored)
    assert done.returncode == 0, done.stderr
    with (
        Store.open(example_store_path, read_only=True) as a,
        Store.open(restored, read_only=True) as b,
    ):
        assert dump(a) == dump(b) and len(b) == manifest["quads"]
    assert _ids(restored) == _ids(example_store_path) != []
    # and the restored store takes writes, recorded in its history
    note = ox.Quad(
        ox.NamedNode(BASE + "example/x"),
        ox.NamedNode("http://www.w3.org/2004/02/skos/core#note"),
        ox.Literal("after"),
        ox.NamedNode(BASE + "graph/internal/ops"),
    )
    with Store.open(restored) as store:
        result = commit(store, Change(add=[note]))
    assert _ids(restored)[-1] == result.change_id


def test_backup_refuses_a_folder_that_is_not_empty(
    example_store_path: Path, tmp_path: Path
) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    done = run_cli("backup", str(tmp_path / "full"), store=example_store_path)
    assert done.returncode == 2 and "not empty" in done.stderr


def test_restore_erases_again_whom_the_journal_names(
    example_store_path: Path, tmp_path: Path
) -> None:
    person = plant(example_store_path)
    with Store.open(example_store_path) as store:
        take_backup(store, tmp_path / "before-erasure")
    forget(example_store_path, person.value, reason="Art. 17")
    result = restore_backup(tmp_path / "before-erasure", example_store_path)
    assert [r["iri"] for r in result["erased_again"]] == [person.value]
    with Store.open(example_store_path, read_only=True) as store:
        assert mentions(store, person) == []
        assert not [q for q in store.quads() if CANARY_MAIL in str(q.object)]
    assert History(example_store_path).entity(person.value) == []
    assert len(Journal(example_store_path)) >= 1


def test_backup_through_the_running_server_is_consistent(
    example_store_path: Path, tmp_path: Path
) -> None:
    with running_server(example_store_path):
        done = run_cli("backup", str(tmp_path / "live"), store=example_store_path)
        assert done.returncode == 0, done.stderr
        assert "served by" in done.stderr
    restored = tmp_path / "restored"
    restore_backup(tmp_path / "live", restored)
    with (
        Store.open(example_store_path, read_only=True) as a,
        Store.open(restored, read_only=True) as b,
    ):
        assert dump(a) == dump(b)


def test_healthz(make_app) -> None:  # type: ignore[no-untyped-def]
    app: Flask = make_app(DUMPS=False)
    client = app.test_client()
    answer = client.get("/healthz")
    assert answer.status_code == 200
    data = answer.get_json()
    assert data["status"] == "ok" and data["store_open"] and data["workers_alive"] >= 1
    assert isinstance(data["snapshot_age_seconds"], float)
    assert set(data) == {"status", "store_open", "workers_alive", "workers", "snapshot_age_seconds"}
    pool = app.extensions["akteursgraph.pool"]
    snapshot, pool.snapshot = pool.snapshot, None
    try:
        answer = client.get("/healthz")
        assert answer.status_code == 503 and answer.get_json()["status"] == "unavailable"
    finally:
        pool.snapshot = snapshot


def test_deploy_files_parse_and_are_documented() -> None:
    ops = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    for name in (
        "akteursgraph.service",
        "akteursgraph-backup.service",
        "akteursgraph-backup.timer",
    ):
        path = ROOT / "deploy" / name
        unit.clear()
        unit.read_string(path.read_text(encoding="utf-8"))
        assert "Unit" in unit, name
        assert f"deploy/{name}" in ops, name
    service = configparser.ConfigParser(strict=False, interpolation=None)
    service.read_string((ROOT / "deploy" / "akteursgraph.service").read_text(encoding="utf-8"))
    assert (
        "akteursgraph" in service["Service"]["ExecStart"]
        and "serve" in service["Service"]["ExecStart"]
    )
    text = (ROOT / "deploy" / "Containerfile").read_text(encoding="utf-8")
    # One instruction per logical line (a trailing backslash continues it).
    container = [
        line for line in text.replace("\\\n", " ").splitlines() if not line.startswith("#")
    ]
    instructions = [line.split()[0] for line in container if line.strip()]
    first = next(line for line in container if line.startswith("FROM"))
    assert instructions[0] == "FROM" and "debian" in first
    assert "HEALTHCHECK" in instructions and "CMD" in instructions
    assert "deploy/Containerfile" in ops and "/healthz" in ops
    assert all(
        word in ops for word in ("backup", "restore", "forget", "person-export", "OnCalendar")
    )
    # every instruction is one a Containerfile knows
    known = {"FROM", "RUN", "COPY", "ENV", "USER", "WORKDIR", "EXPOSE", "VOLUME", "HEALTHCHECK",
             "CMD", "ENTRYPOINT", "LABEL", "ARG"}  # fmt: skip
    assert set(instructions) <= known
