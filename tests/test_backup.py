"""Issue 13, item 5: backups consistent while `serve` runs, restore verified by a canonical
dump, the erasure journal replayed at restore, `/healthz`, and the deploy files."""

from __future__ import annotations

import configparser
import json
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from flask import Flask

from akteursgraph.backup import restore_backup, take_backup
from akteursgraph.changes import History
from akteursgraph.commit import commit
from akteursgraph.people.erasure import forget
from akteursgraph.people.journal import Journal
from akteursgraph.store import CONFIG_FILE, Change, Store

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
    assert json.loads(done.stdout)["history_dropped"] == {"count": 0, "first": None, "last": None}
    # Restored over that store, the backup leaves its later change set out, and says so
    # (walk: the history went back to the backup's without a word).
    again = run_cli("restore", str(tmp_path / "b1"), store=restored)
    assert again.returncode == 0, again.stderr
    dropped = json.loads(again.stdout)["history_dropped"]
    assert dropped["count"] == 1 and dropped["last"]["id"] == result.change_id
    assert f"1 later change(s) of the replaced store ({result.change_id} of" in again.stderr
    assert "1 spätere Änderung(en) des ersetzten Speichers" in again.stderr
    assert result.change_id not in _ids(restored)


def test_backup_refuses_a_folder_that_is_not_empty(
    example_store_path: Path, tmp_path: Path
) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    done = run_cli("backup", str(tmp_path / "full"), store=example_store_path)
    assert done.returncode == 2 and "not empty" in done.stderr
    # A file in the way is named so (it was NotADirectoryError, "an unexpected error").
    (tmp_path / "file.ttl").write_text("x")
    done = run_cli("backup", str(tmp_path / "file.ttl"), store=example_store_path)
    assert done.returncode == 2 and "is a file" in done.stderr, done.stderr
    assert "NotADirectoryError" not in done.stderr


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
    # A stop commits the change under way first: a large load takes minutes, and the unit's
    # 30 s cut it off.
    assert service["Service"]["TimeoutStopSec"] == "10min"
    assert "TimeoutStopSec=10min" in ops and "podman stop --time 600" in ops
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


def _swapped(store: Path) -> Callable[[], bool]:
    """A kill point after the swap of a restore into `store`: past its second rename, while
    it removes the store it replaced. Unlike the fractions of a measured run, it does not hang
    on the machine's speed (under load they all fell before the swap once)."""
    aside = store.with_name(store.name + ".replaced")
    return lambda: (store / CONFIG_FILE).is_file() and aside.exists()


def _killed_at(cmd: list[str], store: Path, point: str | float | Callable[[], bool],
               whole: float, watch: Path) -> None:  # fmt: skip
    """Run `cmd` on `store` and kill -9 it when `watch / point` appears (or `point()` holds),
    or after `point` of the whole run's time."""
    import os
    import signal
    import subprocess
    import time

    env = {k: v for k, v in os.environ.items() if k != "AKTEURSGRAPH_STORE"}
    proc = subprocess.Popen([cmd[0], "--store", str(store), *cmd[1:]], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    if isinstance(point, str) or callable(point):
        reached = point if callable(point) else (watch / point).exists
        deadline = time.monotonic() + 120
        while not reached() and proc.poll() is None:
            time.sleep(0.0005)
            assert time.monotonic() < deadline
    else:
        time.sleep(whole * point)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def test_kill_9_during_backup_and_restore_leaves_before_or_after(
    example_store_path: Path, tmp_path: Path
) -> None:
    """Killed at points of a `backup`: the store is untouched and the target is a whole
    backup or none (a new backup into it works). Killed at points of a `restore` into a
    stopped store that has changed since: the store opens as it was or as the backup, never
    missing or mixed (between the swap's two renames it is put back), and the restore can
    be run again."""
    import shutil
    import subprocess
    import sys
    import time

    akteursgraph = str(Path(sys.executable).parent / "akteursgraph")
    with Store.open(example_store_path, read_only=True) as store:
        before = dump(store)
    began = time.monotonic()
    subprocess.run([akteursgraph, "--store", str(example_store_path), "backup",
                    str(tmp_path / "whole")], check=True, capture_output=True)  # fmt: skip
    whole = time.monotonic() - began
    for n, point in enumerate(["whole.part", 0.3, 0.5, 0.7, 0.9]):
        target = tmp_path / f"b{n}"
        watch_point = point.replace("whole", target.name) if isinstance(point, str) else point
        _killed_at([akteursgraph, "backup", str(target)], example_store_path, watch_point,
                   whole, tmp_path)  # fmt: skip
        with Store.open(example_store_path) as store:
            assert dump(store) == before
        if target.exists() and any(target.iterdir()):
            restore_backup(target, tmp_path / f"check{n}")  # a whole backup
            with Store.open(tmp_path / f"check{n}", read_only=True) as store:
                assert dump(store) == before
        else:  # none: the same target takes a new backup
            done = run_cli("backup", str(target), store=example_store_path)
            assert done.returncode == 0, done.stderr
    # The store changes after the backup; a restore of the backup is killed.
    note = ox.Quad(ox.NamedNode(BASE + "example/x"),
                   ox.NamedNode("http://www.w3.org/2004/02/skos/core#note"),
                   ox.Literal("after the backup"),
                   ox.NamedNode(BASE + "graph/internal/ops"))  # fmt: skip
    with Store.open(example_store_path) as store:
        commit(store, Change(add=[note]))
        changed = dump(store)
    pristine = tmp_path / "changed"
    shutil.copytree(example_store_path, pristine)
    began = time.monotonic()
    done = run_cli("restore", str(tmp_path / "whole"), store=example_store_path)
    assert done.returncode == 0, done.stderr
    whole = time.monotonic() - began
    outcomes = set()
    for n, point in enumerate(["restoring", "replaced", "swapped", 0.2, 0.5, 0.8, 0.95]):
        target = tmp_path / f"r{n}" / "store"
        target.parent.mkdir()
        shutil.copytree(pristine, target)
        if point == "swapped":
            name: str | float | Callable[[], bool] = _swapped(target)
        else:
            name = f"store.{point}" if isinstance(point, str) else point
        _killed_at([akteursgraph, "restore", str(tmp_path / "whole")], target, name, whole,
                   target.parent)  # fmt: skip
        with Store.open(target) as store:  # puts back what a kill left between renames
            after = dump(store)
        assert after in (changed, before), point
        outcomes.add("after" if after == before else "before")
        assert sorted(p.name for p in target.parent.iterdir()) == ["store"]
        done = run_cli("restore", str(tmp_path / "whole"), store=target)
        assert done.returncode == 0, done.stderr
        with Store.open(target, read_only=True) as store:
            assert dump(store) == before
    assert outcomes == {"before", "after"}


def _without_checksums(backup: Path) -> None:
    """The backup as one made before checksums were recorded."""
    manifest = json.loads((backup / "backup.json").read_text("utf-8"))
    del manifest["files"]
    (backup / "backup.json").write_text(json.dumps(manifest), "utf-8")


def test_a_damaged_backup_is_refused_and_the_store_left_as_it_was(
    example_store_path: Path, tmp_path: Path
) -> None:
    """A backup damaged after it was made (a truncated history, accounts, an engine file)
    was restored, said "restored" (exit 0) and replaced a good store with one whose history
    could not be read; a damaged engine file gave an "unexpected error" in English and left
    a copy of the backup beside the store (restore walk). Each is refused now, named, with
    the store as it was and nothing left beside it."""
    import shutil

    added = run_cli(
        "user", "add", "amara", "--role", "editor", "--password-stdin",
        store=example_store_path, input_text="ein langes Passwort 2026\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert run_cli("backup", str(tmp_path / "good"), store=example_store_path).returncode == 0
    target = tmp_path / "target"
    assert run_cli("restore", str(tmp_path / "good"), store=target).returncode == 0
    with Store.open(target, read_only=True) as store:
        before = dump(store)
    history = (target / "history.sqlite3").read_bytes()
    sst = sorted((tmp_path / "good" / "oxigraph").glob("*.sst"))[-1].name

    def damaged(name: str, how: Callable[[Path], None], *, checksums: bool) -> str:
        bad = tmp_path / name
        shutil.copytree(tmp_path / "good", bad)
        how(bad)
        if not checksums:
            _without_checksums(bad)
        done = run_cli("restore", str(bad), store=target)
        assert done.returncode == 2, (name, done.stdout, done.stderr)
        assert "beschädigt" in done.stderr and "is damaged" in done.stderr, done.stderr
        assert "unerwarteter Fehler" not in done.stderr
        with Store.open(target, read_only=True) as store:
            assert dump(store) == before, name
        assert (target / "history.sqlite3").read_bytes() == history
        assert not (tmp_path / "target.restoring").exists()
        return done.stderr

    def truncate(path: Path, size: int) -> None:
        with path.open("r+b") as fh:
            fh.truncate(size)

    def cut_history(b: Path) -> None:
        truncate(b / "history.sqlite3", 4096)

    def cut_accounts(b: Path) -> None:
        truncate(b / "accounts.sqlite3", 100)

    def cut_engine(b: Path) -> None:
        truncate(b / "oxigraph" / sst, 1000)

    def flip_history(b: Path) -> None:
        data = bytearray((b / "history.sqlite3").read_bytes())
        data[8192:11192] = bytes(3000)
        (b / "history.sqlite3").write_bytes(bytes(data))

    said = damaged("cut-history", cut_history, checksums=True)
    assert "history.sqlite3" in said
    assert "oxigraph/" + sst in damaged("cut-engine", cut_engine, checksums=True)
    # A backup made before checksums were recorded is checked by what it holds.
    assert "history.sqlite3" in damaged("old-cut-history", cut_history, checksums=False)
    damaged("old-cut-accounts", cut_accounts, checksums=False)
    damaged("old-flip-history", flip_history, checksums=False)
    damaged("old-cut-engine", cut_engine, checksums=False)


def test_a_backup_inside_the_store_folder_is_refused(
    example_store_path: Path, tmp_path: Path
) -> None:
    """`forget` rebuilds what under the store folder holds the person; a backup written in
    there kept their statements after an erasure (restore walk)."""
    done = run_cli("backup", str(example_store_path / "inner"), store=example_store_path)
    assert done.returncode == 2 and "Speicherordner" in done.stderr, done.stderr
    assert "inside the store folder" in done.stderr
    assert not (example_store_path / "inner").exists()


def test_a_restore_into_a_new_folder_says_that_later_erasures_are_unknown(
    example_store_path: Path, tmp_path: Path
) -> None:
    """Restored into a new folder (a new machine, beside the live store), a backup made
    before an erasure brought the person back, saying "0 people erased again" (restore
    walk). It says now that erasures since the backup are unknown, and `--journal` applies
    the live store's."""
    # A store that erased nobody has no journal: restored into itself it says nothing, and
    # named by --journal it is taken as it is (re-check: its own remedy was refused).
    assert run_cli("backup", str(tmp_path / "a"), store=example_store_path).returncode == 0
    assert not (example_store_path / "erasure-journal.jsonl").exists()
    done = run_cli("restore", str(tmp_path / "a"), store=example_store_path)
    assert done.returncode == 0 and "Hinweis" not in done.stderr, done.stderr
    done = run_cli("restore", str(tmp_path / "a"), "--journal", str(example_store_path),
                   store=tmp_path / "first")  # fmt: skip
    assert done.returncode == 0 and "Hinweis" not in done.stderr, done.stderr
    person = plant(example_store_path)
    assert run_cli("backup", str(tmp_path / "b"), store=example_store_path).returncode == 0
    forget(example_store_path, person.value, reason="Art. 17")
    done = run_cli("restore", str(tmp_path / "b"), store=tmp_path / "new")
    assert done.returncode == 0, done.stderr
    assert "Löschungen nach dem Stand der Sicherung" in done.stderr
    assert "restore --journal" in done.stderr and "erasures after the backup" in done.stderr
    assert json.loads(done.stdout)["later_erasures_unknown"] is True
    done = run_cli(
        "restore", str(tmp_path / "b"), "--journal", str(example_store_path),
        store=tmp_path / "newer",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Löschungen nach dem Stand" not in done.stderr
    assert [r["iri"] for r in json.loads(done.stdout)["erased_again"]] == [person.value]
    with Store.open(tmp_path / "newer", read_only=True) as store:
        assert mentions(store, person) == []
    # Into the store it came from, its journal is there: nothing to say.
    done = run_cli("restore", str(tmp_path / "b"), store=example_store_path)
    assert done.returncode == 0 and "Löschungen nach dem Stand" not in done.stderr
