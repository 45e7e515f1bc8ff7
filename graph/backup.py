"""Backups of a store, consistent while `serve` runs, and their restore (issue 13, item 5).

A backup is a folder: the engine's files as a RocksDB checkpoint (hard links where the
target is on the same file system, else copies), the history as an SQLite online backup,
the staff accounts as an SQLite online backup too, the store's settings (`akteursgraph.json`),
the erasure journal and its salt, the access log, the dumps under `/download/`, and
`backup.json` (what, when, how many quads). The web app's secret key is not in it. The public
mirror and its snapshots are not in it: they are derived, and `serve` rebuilds them.

**Consistent while `serve` runs.** The store and the history are two engines; a backup taken
between a change set's history row and its write would disagree with itself. So the backup is
taken under the store's one writer: when no server runs, the CLI opens the store for writing
(no other writer can start meanwhile); while `serve` holds it, the CLI asks the running server
(`server_link`, the route CLI writes take), which takes it under its write lock. Taking it
costs milliseconds for the checkpoint and a copy of the history; queries keep running.

**Restore** goes into a new folder or a stopped store; it never mixes two states: the backup is
copied beside the target and swapped in. The erasure journal of the target (if it had one) is
merged into the backup's, and then replayed (`people.erasure.replay`): a person erased after
the backup was taken is erased again before anyone can read the restored store. The target's
accounts stay as they are (a restore never brings back a disabled account, an old password
or a revoked token); the backup's accounts count only where the target has none.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

from .accounts.schema import ACCOUNTS_FILE
from .accounts.secret import SECRET_FILE
from .changes.schema import HISTORY_FILE
from .errors import StoreError, UsageError
from .migrate import PERSON_KEY_FILE
from .people.access import ACCESS_LOG_FILE
from .people.journal import JOURNAL_FILE, SALT_FILE, Journal
from .sqlite_file import copy_sqlite
from .store import CONFIG_FILE, DATA_DIR, Store

MANIFEST = "backup.json"
FORMAT = 1
#: Small files of the store folder a backup carries as they are.
#: The migration's key goes too: a store restored from before a migration must mint the same
#: opaque IRIs for its people (graph/migrate.py).
_FILES = (CONFIG_FILE, JOURNAL_FILE, SALT_FILE, ACCESS_LOG_FILE, PERSON_KEY_FILE)
_DUMPS = "dumps"


def take_backup(store: Store, target: Path) -> dict[str, Any]:
    """Write a backup of `store` (open for writing: the caller holds the write lock) into the
    new folder `target`; returns its manifest. Half a backup is never left under `target`."""
    target = Path(target).absolute()
    if target.exists() and not target.is_dir():
        # It asked the folder for its files: NotADirectoryError, an "unexpected error" on the
        # command line and a 500 from the running server (exploratory test).
        raise UsageError(
            f"{target} ist eine Datei: eine Sicherung braucht einen neuen Ordner.",
            f"{target} is a file: a backup needs a new folder.",
            where=str(target),
        )
    if target.exists() and any(target.iterdir()):
        raise UsageError(
            f"{target} ist nicht leer: eine Sicherung braucht einen neuen Ordner.",
            f"{target} is not empty: a backup needs a new folder.",
            where=str(target),
        )
    if target.resolve().is_relative_to(Path(store.path).resolve()):
        # `forget` reads every file under the store folder and rebuilds what holds the
        # person: a backup in there kept their statements after an erasure (restore walk).
        folder = Path(store.path).resolve()
        raise UsageError(
            f"Dieser Ordner liegt im Speicherordner {folder}: dort erreicht eine Löschung "
            "(forget) die Sicherung nicht. Eine Sicherung gehört in einen Ordner außerhalb.",
            f"This folder lies inside the store folder {folder}, where an erasure (forget) "
            "would not reach it. A backup belongs in a folder outside it.",
            where=str(target),
        )
    part = target.with_name(target.name + ".part")
    shutil.rmtree(part, ignore_errors=True)
    try:
        part.mkdir(parents=True)
        began = time.time()
        store.dataset.flush()
        store.dataset.backup(str(part / DATA_DIR))
        for name in (HISTORY_FILE, ACCOUNTS_FILE):
            if (store.path / name).exists():
                copy_sqlite(store.path / name, part / name)
        for name in _FILES:
            if (store.path / name).is_file():
                shutil.copy2(store.path / name, part / name)
        dumps = store.path / _DUMPS
        if dumps.is_dir():
            shutil.copytree(dumps, part / _DUMPS, ignore=shutil.ignore_patterns("work", "*.part"))
        manifest = {
            "format": FORMAT,
            "made": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(began)),
            "store": str(store.path),
            "base_iri": store.base_iri,
            "quads": len(store),
            "erasures": len(Journal(part)),
            "seconds": round(time.time() - began, 3),
            # What `restore` checks before it changes anything: a backup damaged since
            # (a truncated history, a flipped block) was restored, said "restored" and left
            # a store whose history and accounts could not be read (restore walk).
            "files": _checksums(part),
        }
        (part / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        if target.exists():
            target.rmdir()
        part.rename(target)
    except OSError as exc:
        shutil.rmtree(part, ignore_errors=True)
        raise StoreError(
            f"Die Sicherung nach {target} ist fehlgeschlagen: {exc}",
            f"The backup to {target} failed: {exc}",
            where=str(target),
        ) from exc
    return manifest


def read_manifest(source: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((Path(source) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(
            f"{source} ist keine Akteursgraph-Sicherung ({MANIFEST} fehlt oder ist unlesbar).",
            f"{source} is not an Akteursgraph backup ({MANIFEST} missing or unreadable).",
            where=str(source),
        ) from exc
    if manifest.get("format") != FORMAT or not (Path(source) / DATA_DIR).is_dir():
        raise UsageError(
            f"{source}: unbekanntes Sicherungsformat.",
            f"{source}: unknown backup format.",
            where=str(source),
        )
    return manifest


def restore_backup(
    source: Path,
    store_path: Path,
    *,
    author: str | None = None,
    journal: Path | None = None,
) -> dict[str, Any]:
    """Restore the backup `source` into `store_path` (a new folder or a stopped store).

    `journal`: another erasure journal (a store folder or its journal file) whose erasures
    go with the restored store too: the live store's, when the backup goes into a new folder
    beside it. Returns what was restored, whom the journal erased again, and whether the
    erasures since the backup are unknown (no journal but the backup's).
    """
    from .people.erasure import replay
    from .server_link import refuse_while_served

    source, store_path = Path(source).absolute(), Path(store_path).absolute()
    manifest = read_manifest(source)
    check_backup(source, manifest)
    later = _journal_of(journal) if journal is not None else None
    refuse_while_served(store_path)
    staging = store_path.with_name(store_path.name + ".restoring")
    aside = store_path.with_name(store_path.name + ".replaced")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        shutil.copytree(source, staging, ignore=shutil.ignore_patterns(MANIFEST))
        try:
            _check_copy(source, staging, manifest)
        except UsageError:
            raise
        except Exception as exc:  # the engine's own error on a damaged file (RuntimeError)
            raise _damaged(source, f"{type(exc).__name__}: {exc}") from exc
        # Erasures made after the backup was taken go with the restored store. A store
        # folder that exists knows its erasures (without a journal it made none); a new
        # folder knows only the backup's, unless --journal names the store's.
        merged = 0
        known = (store_path / CONFIG_FILE).is_file() or later is not None
        if (store_path / JOURNAL_FILE).is_file():
            merged += Journal(staging).merge(Journal(store_path).entries())
        if later is not None:
            merged += Journal(staging).merge(later.entries())
        if not (staging / SALT_FILE).exists() and (store_path / SALT_FILE).exists():
            shutil.copy2(store_path / SALT_FILE, staging / SALT_FILE)
        # Accounts go forward, never back: a restore must not bring back a disabled account,
        # an old password or a revoked token. The stopped store's accounts (and the key of
        # its sessions) stay; the backup's count only where there are none (a new machine).
        if (store_path / ACCOUNTS_FILE).is_file():
            (staging / ACCOUNTS_FILE).unlink(missing_ok=True)
            copy_sqlite(store_path / ACCOUNTS_FILE, staging / ACCOUNTS_FILE)
        if (store_path / SECRET_FILE).is_file():
            shutil.copy2(store_path / SECRET_FILE, staging / SECRET_FILE)
        if (store_path / ACCESS_LOG_FILE).is_file():
            # Append-only: the stopped store's log holds the backup's lines and later ones.
            shutil.copy2(store_path / ACCESS_LOG_FILE, staging / ACCESS_LOG_FILE)
        # Erased again before the swap: a restore cut off at any point never leaves a store
        # that holds a person the journal names.
        erased = replay(staging, author=author)
        dropped = _history_after(store_path, staging)
        shutil.rmtree(aside, ignore_errors=True)
        if store_path.exists():
            store_path.rename(aside)
        staging.rename(store_path)  # between the two renames `recover_restore` puts it back
        _fsync_dir(store_path.parent)
    except (UsageError, StoreError):
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise StoreError(
            f"Die Wiederherstellung nach {store_path} ist fehlgeschlagen: {exc}",
            f"The restore into {store_path} failed: {exc}",
            where=str(store_path),
        ) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(aside, ignore_errors=True)
    return {
        "backup": manifest,
        "store": str(store_path),
        "journal_entries_merged": merged,
        "erased_again": [r.summary() for r in erased],
        # Restored without the journal of the store it came from: whoever was erased after
        # the backup was made is in it again, unnoticed (restore walk). The CLI says so.
        "later_erasures_unknown": not known,
        # The history goes back with the data it describes: the replaced store's change sets
        # after the backup are gone with it, which the restore said nowhere (walk). Said now.
        "history_dropped": dropped,
    }


def _history_after(store_path: Path, staging: Path) -> dict[str, Any]:
    """The change sets of the store being replaced that the restored history lacks: how
    many, and the first and last of them (ids and times), for the restore to say."""
    restored = {change_id for change_id, _ in _change_sets(staging)}
    lost = [row for row in _change_sets(store_path) if row[0] not in restored]
    return {
        "count": len(lost),
        "first": {"id": lost[0][0], "time": lost[0][1]} if lost else None,
        "last": {"id": lost[-1][0], "time": lost[-1][1]} if lost else None,
    }


def _change_sets(folder: Path) -> list[tuple[str, str]]:
    """Id and time of each change set in the history of the store `folder`, oldest first."""
    path = folder / HISTORY_FILE
    if not path.is_file():
        return []
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return db.execute("SELECT id, created FROM change_sets ORDER BY seq").fetchall()


def check_backup(source: Path, manifest: dict[str, Any]) -> None:
    """Refuse a backup whose files differ from what its manifest recorded (`files`: each
    file's SHA-256; backups made before it was recorded have none to compare)."""
    recorded = manifest.get("files") or {}
    if not isinstance(recorded, dict):
        raise _damaged(source, f"{MANIFEST}: files")
    wrong = [
        name
        for name, digest in sorted(recorded.items())
        if not (source / name).is_file() or _sha256(source / name) != digest
    ]
    if wrong:
        shown = ", ".join(wrong[:5]) + (f" (+{len(wrong) - 5})" if len(wrong) > 5 else "")
        raise _damaged(source, shown)


def _check_copy(source: Path, staging: Path, manifest: dict[str, Any]) -> None:
    """What a backup without checksums (or damaged in a way they cannot see) must pass
    before it replaces anything: its SQLite files are whole, and its store opens and holds
    the quads the manifest counted."""
    for name in (HISTORY_FILE, ACCOUNTS_FILE):
        if (staging / name).is_file():
            try:
                with sqlite3.connect(f"file:{staging / name}?mode=ro", uri=True) as db:
                    found = db.execute("PRAGMA quick_check").fetchone()
            except sqlite3.Error as exc:
                raise _damaged(source, f"{name}: {exc}") from exc
            if not found or found[0] != "ok":
                raise _damaged(source, f"{name}: {found[0] if found else '?'}")
    with Store.open(staging, read_only=True) as store:
        quads = len(store)
    if isinstance(manifest.get("quads"), int) and quads != manifest["quads"]:
        raise _damaged(source, f"{DATA_DIR}: {quads} quads, {manifest['quads']} recorded")


def _damaged(source: Path, what: str) -> UsageError:
    return UsageError(
        f"Die Sicherung ist beschädigt ({what}): nichts wurde wiederhergestellt, der Speicher "
        "ist unverändert. Eine andere (ältere) Sicherung verwenden.",
        f"The backup is damaged ({what}): nothing was restored, the store is unchanged. Use "
        "another (older) backup.",
        where=str(source),
    )


def _journal_of(path: Path) -> Journal:
    """The erasure journal at `path`: a store folder (without a journal: it erased nobody),
    or the journal file itself."""
    path = Path(path).absolute()
    folder = path.parent if path.is_file() and path.name == JOURNAL_FILE else path
    if not (folder / JOURNAL_FILE).is_file() and not (folder / CONFIG_FILE).is_file():
        raise UsageError(
            f"{path}: weder ein Speicherordner noch ein Löschjournal ({JOURNAL_FILE}).",
            f"{path}: neither a store folder nor an erasure journal ({JOURNAL_FILE}).",
            where="--journal",
        )
    return Journal(folder)


def _checksums(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): _sha256(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def recover_restore(store_path: Path) -> None:
    """A restore killed part-way (`Store.open` calls this): between its two renames the
    store folder is missing and the old one lies aside, so it is put back (the state before
    the restore); after them, what is left aside or half-copied is removed."""
    store_path = Path(store_path)
    aside = store_path.with_name(store_path.name + ".replaced")
    staging = store_path.with_name(store_path.name + ".restoring")
    if not store_path.exists() and (aside / CONFIG_FILE).is_file():
        aside.rename(store_path)
        _fsync_dir(store_path.parent)
    if (store_path / CONFIG_FILE).is_file():
        shutil.rmtree(aside, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
