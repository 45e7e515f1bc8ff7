"""The append-only history of change sets: a SQLite file inside the store folder.

Why SQLite beside the RDF store: the history must survive restarts and backups with the
store (it lives in the same folder), must never reach a public surface (the query workers
and the public snapshot read only RDF graphs, never this file), and must answer an entity's
history fast (an index on (entity, change)). Each change set's quads are one compressed
N-Quads payload, so a million-quad load is one row, not a million.

Atomicity with the store, which is a separate engine: a change set is written `applying`
(durably) before the store is touched and marked `applied` after. If the process dies in
between, `reconcile` looks at the store when the writer opens again: every added quad there
and every removed quad gone means applied; anything else means it never landed (the store's
own writes are all or nothing).

Connections are opened per operation: the web app writes from several threads, and a CLI
reads (`history`, `drafts`) while a server writes, which SQLite's WAL mode allows.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import zlib
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from ..errors import StoreError, UsageError
from ..sqlite_file import store_folder, transaction
from .model import (
    APPLIED,
    APPLYING,
    DRAFT,
    FAILED,
    REJECTED,
    STATUS_DE,
    SUPERSEDED,
    ChangeMeta,
    ChangeSet,
    Delta,
    Review,
    new_change_id,
    parse_nquads,
    utc_now,
)
from .schema import (
    C_COLUMNS,
    COLUMN_COUNT,
    COLUMNS,
    HISTORY_FILE,
    HISTORY_FILES,
    SCHEMA,
    SCHEMA_VERSION,
    SLICE_FROM,
    about,
    pack,
    record_of,
    slices,
    unknown_change,
    unpack,
    versions_of,
)

__all__ = ["HISTORY_FILE", "HISTORY_FILES", "History"]


def _create(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode=WAL")  # kept by the file from now on
    conn.executescript(SCHEMA)


def _cut_hanging(db: sqlite3.Connection, seq: int, delta: Delta) -> None:
    """Keep, as slices, the part of each entity the change reaches only through blank nodes
    hanging off it in the store, and of each person through the consent records about them:
    read later from the payload alone, it would be empty."""
    roots: dict[str, list[bytes]] = {}
    for iri, labels in delta.hangs.items():
        roots.setdefault(iri, []).extend(b"_:" + label.encode() for label in labels)
    for iri, records in delta.records.items():
        roots.setdefault(iri, []).extend(b"<" + record.encode() + b">" for record in records)
    if not roots:
        return
    plus = slices(delta.added, roots, roots)
    minus = slices(delta.removed, roots, roots)
    db.executemany(
        "INSERT OR REPLACE INTO slices VALUES (?, ?, ?, ?)",
        ((seq, iri, pack(plus[iri]), pack(minus[iri])) for iri in roots),
    )


class History:
    """The change sets of one store. Cheap to make: it holds a path, not a connection."""

    def __init__(self, store_path: Path) -> None:
        self.store_path = Path(store_path)
        self.path = self.store_path / HISTORY_FILE

    @classmethod
    def at(cls, store_path: Path) -> History:
        """The history of the store at `store_path`, for reading without opening the store
        (so `history` and `drafts` work beside a running server)."""
        return cls(store_folder(store_path))

    def _db(self, *, write: bool = True) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        return transaction(
            self.path,
            self._error,
            write=write,
            version=SCHEMA_VERSION,
            create=_create,
            pragmas=("PRAGMA synchronous=FULL",),  # 'applying' must be on disk first
        )

    def _error(self, exc: sqlite3.Error) -> StoreError:
        return StoreError(
            f"Die Änderungsgeschichte {self.path} ist nicht lesbar oder schreibbar: {exc}",
            f"The change history {self.path} cannot be read or written: {exc}",
            where=str(self.path),
        )

    # ---- writing -------------------------------------------------------------------------

    def begin(
        self,
        meta: ChangeMeta,
        delta: Delta,
        *,
        status: str,
        review: bool,
        touches_public: bool,
    ) -> str:
        """Record a new change set (`applying`, or `draft`) with the versions it is based on."""
        change_id = new_change_id()
        with self._db() as db:
            seq = db.execute(
                "INSERT INTO change_sets (id, status, author, created, comment, origin, detail,"
                " review, touches_public, added, removed, reverts) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    change_id, status, meta.author, utc_now(), meta.comment, meta.origin,
                    json.dumps(dict(meta.detail), ensure_ascii=False, sort_keys=True),
                    int(review), int(touches_public), delta.added_count, delta.removed_count,
                    meta.reverts,
                ),
            ).lastrowid  # fmt: skip
            kind = DRAFT if status == DRAFT else APPLIED
            db.execute(
                "INSERT INTO payloads VALUES (?, ?, ?, ?)",
                (seq, kind, pack(delta.added), pack(delta.removed)),
            )
            bases = versions_of(db, delta.touched)
            db.executemany(
                "INSERT INTO touches VALUES (?, ?, ?)",
                ((iri, seq, bases.get(iri)) for iri in sorted(delta.touched)),
            )
            _cut_hanging(db, seq, delta)
        return change_id

    def begin_publish(self, review: Review, delta: Delta) -> None:
        """A draft goes to `applying`, with the reviewer and what the store will really get."""
        with self._db() as db:
            seq = self._seq(db, review.change_id, DRAFT)
            db.execute(
                "UPDATE change_sets SET status = ?, reviewer = ?, reviewed = ?, "
                "review_comment = ?, added = ?, removed = ? WHERE seq = ?",
                (
                    APPLYING, review.reviewer, utc_now(), review.comment,
                    delta.added_count, delta.removed_count, seq,
                ),
            )  # fmt: skip
            db.execute(
                "INSERT OR REPLACE INTO payloads VALUES (?, ?, ?, ?)",
                (seq, APPLIED, pack(delta.added), pack(delta.removed)),
            )
            # slices cut from the draft's payload no longer hold: cut again when read
            db.execute("DELETE FROM slices WHERE seq = ?", (seq,))
            db.execute("DELETE FROM sliced WHERE seq = ?", (seq,))
            bases = versions_of(db, delta.touched)
            db.executemany(
                "INSERT OR IGNORE INTO touches VALUES (?, ?, ?)",
                ((iri, seq, bases.get(iri)) for iri in sorted(delta.touched)),
            )
            _cut_hanging(db, seq, delta)

    def finish(self, change_id: str, touched: Iterable[str]) -> None:
        """The store has it: mark applied and make it the version of what it touched."""
        with self._db() as db:
            self._mark_applied(db, change_id, touched)

    def _mark_applied(self, db: sqlite3.Connection, change_id: str, touched: Iterable[str]) -> None:
        db.execute(
            "UPDATE change_sets SET status = ?, applied = ? WHERE id = ?",
            (APPLIED, utc_now(), change_id),
        )
        # In key order: a load's 170,000 entities went in at random places of the index in
        # 1.4 s, in order in 0.45 s (measured on an empty table), while the load waited.
        db.executemany(
            "INSERT OR REPLACE INTO versions VALUES (?, ?)",
            ((iri, change_id) for iri in sorted(touched)),
        )

    def fail(self, change_id: str, note: str) -> None:
        """The store refused or lost the write. A draft being published stays a draft."""
        with self._db() as db:
            self._mark_failed(db, change_id, note)

    def _mark_failed(self, db: sqlite3.Connection, change_id: str, note: str) -> None:
        row = db.execute(
            "SELECT c.seq, p.kind FROM change_sets c LEFT JOIN payloads p "
            "ON p.seq = c.seq AND p.kind = ? WHERE c.id = ?",
            (DRAFT, change_id),
        ).fetchone()
        if row and row[1] == DRAFT:
            db.execute("DELETE FROM payloads WHERE seq = ? AND kind = ?", (row[0], APPLIED))
            db.execute(
                "UPDATE change_sets SET status = ?, reviewer = NULL, reviewed = NULL, "
                "review_comment = NULL, note = ? WHERE seq = ?",
                (DRAFT, note, row[0]),
            )
        else:
            db.execute(
                "UPDATE change_sets SET status = ?, note = ? WHERE id = ?",
                (FAILED, note, change_id),
            )

    def reject(self, change_id: str, reviewer: str, comment: str) -> None:
        with self._db() as db:
            seq = self._seq(db, change_id, DRAFT)
            db.execute(
                "UPDATE change_sets SET status = ?, reviewer = ?, reviewed = ?, "
                "review_comment = ? WHERE seq = ?",
                (REJECTED, reviewer, utc_now(), comment, seq),
            )

    def supersede(self, change_id: str, by: str | None) -> None:
        """Close a draft its author replaced by the change set `by` (which holds all of it)."""
        note = f"ersetzt durch {by} / replaced by {by}" if by else "ersetzt / replaced"
        with self._db() as db:
            seq = self._seq(db, change_id, DRAFT)
            db.execute(
                "UPDATE change_sets SET status = ?, reviewed = ?, review_comment = ? WHERE seq = ?",
                (SUPERSEDED, utc_now(), note, seq),
            )

    def reconcile(self, dataset: ox.Store) -> list[str]:
        """After a crash: settle every `applying` change set by what the store holds."""
        if not self.path.exists():
            return []
        settled = []
        with self._db() as db:
            rows = db.execute(
                "SELECT c.seq, c.id, p.added, p.removed FROM change_sets c JOIN payloads p "
                "ON p.seq = c.seq AND p.kind = ? WHERE c.status = ?",
                (APPLIED, APPLYING),
            ).fetchall()
            for seq, change_id, added, removed in rows:
                add = parse_nquads(unpack(added))
                remove = parse_nquads(unpack(removed))
                if all(q in dataset for q in add) and not any(q in dataset for q in remove):
                    # what it touched was recorded with it (blank nodes' entities included)
                    touched = [r[0] for r in db.execute(
                        "SELECT iri FROM touches WHERE seq = ?", (seq,)
                    )]  # fmt: skip
                    self._mark_applied(db, change_id, touched)
                else:
                    self._mark_failed(db, change_id, "cut off before the store had it")
                settled.append(change_id)
        return settled

    # ---- reading -------------------------------------------------------------------------

    def _seq(self, db: sqlite3.Connection, change_id: str, status: str | None = None) -> int:
        row = db.execute("SELECT seq, status FROM change_sets WHERE id = ?", (change_id,))
        found = row.fetchone()
        if found is None:
            raise unknown_change(change_id)
        if status is not None and found[1] != status:
            raise UsageError(
                f"Die Änderung {change_id} ist kein Entwurf (Status: "
                f"{STATUS_DE.get(found[1], found[1])}).",
                f"The change {change_id} is not a draft (status: {found[1]}).",
                where=change_id,
            )
        return int(found[0])

    def get(self, change_id: str) -> ChangeSet:
        if not self.path.exists():
            raise unknown_change(change_id)
        with self._db(write=False) as db:
            row = db.execute(
                f"SELECT {COLUMNS} FROM change_sets WHERE id = ?",  # sparql-from: SQL columns
                (change_id,),
            ).fetchone()
        if row is None:
            raise unknown_change(change_id)
        return record_of(row)

    def payload(self, change_id: str, kind: str | None = None) -> tuple[bytes, bytes]:
        """The N-Quads a change set added and removed: what the store got, else the draft."""
        with self._db(write=False) as db:
            seq = self._seq(db, change_id)
            rows = dict(
                (k, (a, r))
                for k, a, r in db.execute(
                    "SELECT kind, added, removed FROM payloads WHERE seq = ?", (seq,)
                )
            )
        added, removed = rows.get(kind or APPLIED) or rows[DRAFT]
        return unpack(added), unpack(removed)

    def versions(self, iris: Iterable[str]) -> dict[str, str]:
        """The current version (last applied change set) of each entity that has one."""
        if not self.path.exists():
            return {}
        with self._db(write=False) as db:
            return versions_of(db, iris)

    def bases(self, change_id: str) -> dict[str, str | None]:
        """The version of each entity a change set was based on."""
        with self._db(write=False) as db:
            seq = self._seq(db, change_id)
            return dict(db.execute("SELECT iri, base FROM touches WHERE seq = ?", (seq,)))

    def later(self, iris: Iterable[str], change_id: str) -> dict[str, list[str]]:
        """Applied change sets after `change_id` that touched each of `iris`."""
        out: dict[str, list[str]] = {}
        with self._db(write=False) as db:
            seq = self._seq(db, change_id)
            for iri in iris:
                out[iri] = [
                    r[0]
                    for r in db.execute(
                        "SELECT c.id FROM touches t JOIN change_sets c ON c.seq = t.seq "
                        "WHERE t.iri = ? AND t.seq > ? AND c.status = ? ORDER BY t.seq",
                        (iri, seq, APPLIED),
                    )
                ]
        return out

    def drafts(self) -> list[ChangeSet]:
        return self._in_state(DRAFT)

    def being_published(self) -> list[ChangeSet]:
        """Drafts whose publication is under way, or was cut off (a killed server: its next
        start settles them by what the store holds, `reconcile`)."""
        return self._in_state(APPLYING, reviewed=True)

    def _in_state(self, status: str, *, reviewed: bool = False) -> list[ChangeSet]:
        """The change sets in `status` (with `reviewed`: those a reviewer let through), oldest
        first."""
        if not self.path.exists():
            return []
        reviewer = "AND reviewer IS NOT NULL " if reviewed else ""
        with self._db(write=False) as db:
            rows = db.execute(
                f"SELECT {COLUMNS} FROM change_sets "  # sparql-from: SQL of fixed columns
                f"WHERE status = ? {reviewer}ORDER BY seq",
                (status,),
            ).fetchall()
        return [record_of(r) for r in rows]

    def waiting_by_entity(self) -> dict[str, list[tuple[str, str]]]:
        """Each entity that a waiting draft touches: (draft id, author) of those drafts. A
        form or an import that changes such an entity would be a second change on the same
        version, a conflict at publication at the latest (forms and imports refuse it)."""
        waiting: dict[str, list[tuple[str, str]]] = {}
        for draft in self.drafts():
            for iri in self.bases(draft.id):
                waiting.setdefault(iri, []).append((draft.id, draft.author))
        return waiting

    def recent(
        self,
        limit: int,
        *,
        public_only: bool = False,
        before: int | None = None,
        author: str | None = None,
        status: str | None = None,
    ) -> list[ChangeSet]:
        """The newest change sets, newest first (the workspace's start page); with
        `public_only`, only those that touch public data; with `before` (a `seq`), only
        those recorded before it (the next older page of the history's list); with `author`
        or `status`, only that author's or those in that state (the list's filters: "my
        changes", "what was rejected")."""
        if not self.path.exists():
            return []
        conditions = ["touches_public = 1"] if public_only else []
        params: list[object] = []
        for column, value in (("seq < ?", before), ("author = ?", author), ("status = ?", status)):
            if value is not None:
                conditions.append(column)
                params.append(value)
        where = f"WHERE {' AND '.join(conditions)} " if conditions else ""
        with self._db(write=False) as db:
            rows = db.execute(
                f"SELECT {COLUMNS} FROM change_sets "  # sparql-from: SQL of fixed columns
                f"{where}ORDER BY seq DESC LIMIT ?",
                (*params, limit),
            ).fetchall()
        return [record_of(r) for r in rows]

    def authors(self, *, public_only: bool = False) -> list[str]:
        """Who made change sets (with `public_only`, those that touch public data), sorted:
        what the history's list can be filtered by."""
        if not self.path.exists():
            return []
        where = "WHERE touches_public = 1 " if public_only else ""
        with self._db(write=False) as db:
            rows = db.execute(
                f"SELECT DISTINCT author FROM change_sets {where}"  # sparql-from: fixed SQL
                "ORDER BY author"
            ).fetchall()
        return [r[0] for r in rows]

    def first_touched(self, change_id: str, n: int) -> tuple[list[str], int]:
        """The first `n` entities a change set touches (sorted) and how many it touches: a
        line about it names a few, and a load of a district touches a hundred thousand."""
        with self._db(write=False) as db:
            seq = self._seq(db, change_id)
            total = db.execute("SELECT COUNT(*) FROM touches WHERE seq = ?", (seq,)).fetchone()
            rows = db.execute(
                "SELECT iri FROM touches WHERE seq = ? ORDER BY iri LIMIT ?", (seq, n)
            ).fetchall()
        return [r[0] for r in rows], int(total[0])

    def touched(self, change_id: str) -> list[str]:
        """The entities a change set touches (a draft's too), sorted."""
        return sorted(self.bases(change_id))

    def reverted_by(self, change_id: str) -> list[str]:
        """Applied change sets that revert `change_id`."""
        if not self.path.exists():
            return []
        with self._db(write=False) as db:
            rows = db.execute(
                "SELECT id FROM change_sets WHERE reverts = ? AND status = ? ORDER BY seq",
                (change_id, APPLIED),
            ).fetchall()
        return [r[0] for r in rows]

    def entity(
        self, iri: str, *, newest: int | None = None, before: int | None = None
    ) -> list[tuple[ChangeSet, str | None, bytes, bytes]]:
        """Every change set that touched `iri`, oldest first, with the version it was based
        on and only its quads about the entity (and the blank nodes hanging off it).

        With `newest`, only that many of the newest, and with `before`, only those recorded
        before the change set of that number (`ChangeSet.seq`): a page of a long history,
        which the workspace shows 50 at a time (an entity's 1,000 change sets made a page
        of 3 MB that took seconds)."""
        if not self.path.exists():
            return []
        where, params = "WHERE t.iri = ?", [iri]
        if before is not None:
            where, params = where + " AND t.seq < ?", [*params, before]
        order = "ORDER BY t.seq"
        if newest is not None:
            order, params = "ORDER BY t.seq DESC LIMIT ?", [*params, newest]
        query = (
            f"SELECT {C_COLUMNS}, t.base, "  # sparql-from: SQL of fixed parts, ? marks
            "coalesce(s.added, pa.added, pd.added), "
            "coalesce(s.removed, pa.removed, pd.removed), "
            "s.seq IS NOT NULL "
            "FROM touches t JOIN change_sets c ON c.seq = t.seq "
            "LEFT JOIN slices s ON s.seq = t.seq AND s.iri = t.iri "
            "LEFT JOIN payloads pa ON pa.seq = t.seq AND pa.kind = 'applied' "
            "LEFT JOIN payloads pd ON pd.seq = t.seq AND pd.kind = 'draft' "
            f"{where} {order}"
        )
        n = COLUMN_COUNT
        with self._db(write=False) as db:
            rows = db.execute(query, params).fetchall()
        # A big change set read whole (a load, before its first read) is cut into slices
        # and the page read again. Told by the rows read, not by a query of its own before
        # them: that query and its connection were a tenth of the read (1,000 change sets).
        if any(not r[n + 3] and len(r[n + 1]) + len(r[n + 2]) > SLICE_FROM for r in rows):
            self._slice_big_change_sets(iri)
            with self._db(write=False) as db:
                rows = db.execute(query, params).fetchall()
        if newest is not None:
            rows.reverse()

        def part(blob: bytes, is_slice: bool) -> bytes:
            data = unpack(blob)
            return data if is_slice else about(data, iri)

        return [
            (record_of(r[:n]), r[n], part(r[n + 1], r[n + 3]), part(r[n + 2], r[n + 3]))
            for r in rows
        ]

    def _slice_big_change_sets(self, iri: str) -> None:
        """Cut the big change sets that touched `iri` into per-entity slices, once each."""
        with self._db(write=False) as db:
            big = [
                seq
                for (seq,) in db.execute(
                    "SELECT t.seq FROM touches t JOIN payloads p ON p.seq = t.seq "
                    "WHERE t.iri = ? AND t.seq NOT IN (SELECT seq FROM sliced) "
                    "GROUP BY t.seq HAVING sum(length(p.added) + length(p.removed)) > ?",
                    (iri, SLICE_FROM),
                )
            ]
        for seq in big:
            with self._db() as db:
                if db.execute("SELECT 1 FROM sliced WHERE seq = ?", (seq,)).fetchone():
                    continue
                added, removed = db.execute(
                    "SELECT added, removed FROM payloads WHERE seq = ? "
                    "ORDER BY kind = 'applied' DESC LIMIT 1",
                    (seq,),
                ).fetchone()
                iris = [i for (i,) in db.execute("SELECT iri FROM touches WHERE seq = ?", (seq,))]
                plus = slices(unpack(added), iris)
                minus = slices(unpack(removed), iris)
                db.executemany(  # an entity's part cut when written (`_cut_hanging`) stays
                    "INSERT OR IGNORE INTO slices VALUES (?, ?, ?, ?)",
                    ((seq, i, zlib.compress(plus[i], 1), zlib.compress(minus[i], 1)) for i in iris),
                )
                db.execute("INSERT INTO sliced VALUES (?)", (seq,))
