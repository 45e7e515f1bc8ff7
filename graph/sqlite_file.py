"""The store folder's small SQLite files (the change history, the staff accounts).

Both are used the same way: a connection per use, one transaction in it, the schema made on
first use; and both may be read by the CLI beside a running server without opening the store
(whose engine admits one process). One function for that, so the two cannot drift apart.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import StoreError
from .store import CONFIG_FILE


def store_folder(store_path: Path | str) -> Path:
    """The store folder, checked to be one, for the files read without opening the store."""
    if not (Path(store_path) / CONFIG_FILE).is_file():
        raise StoreError(
            f"Kein Akteursgraph-Speicher unter {store_path}. Zuerst `akteursgraph init` ausführen.",
            f"No Akteursgraph store at {store_path}. Run `akteursgraph init` first.",
            where=str(store_path),
        )
    return Path(store_path)


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite file (its online backup), even while it is written:
    for a backup of the store, and for the history an erasure rewrites. The copy is the
    owner's only (0600), as personal data is."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    target.chmod(0o600)


@contextlib.contextmanager
def transaction(
    path: Path,
    error: Callable[[sqlite3.Error], StoreError],
    *,
    write: bool,
    version: int,
    create: Callable[[sqlite3.Connection], None],
    pragmas: tuple[str, ...] = (),
) -> Iterator[sqlite3.Connection]:
    """One connection, one transaction: committed on success, rolled back on error.

    `create` makes the schema when the file's `user_version` is below `version` (and sets
    it). `pragmas` run on every connection first (those SQLite does not keep in the file).
    Readers take no write lock, so a CLI reading beside a writing server never waits.
    Every SQLite error becomes `error(exc)`: a message that names the file.
    """
    try:
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    except sqlite3.Error as exc:
        raise error(exc) from exc
    try:
        for pragma in pragmas:
            conn.execute(pragma)
        if conn.execute("PRAGMA user_version").fetchone()[0] < version:
            create(conn)
            conn.execute(f"PRAGMA user_version={int(version)}")
        conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        raise error(exc) from exc
    finally:
        conn.close()
