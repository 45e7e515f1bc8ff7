"""The layout of the history file: its tables, and rows back into change sets.

Kept apart from `history` (which reads and writes it) so each stays readable on its own.
"""

from __future__ import annotations

import json
import re
import sqlite3
import zlib
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import NotFound
from ..namespaces import HAS_DATA_SUBJECT
from .model import ChangeSet

HISTORY_FILE = "history.sqlite3"
#: Files SQLite keeps beside the history (write-ahead log, shared memory).
HISTORY_FILES = (HISTORY_FILE, HISTORY_FILE + "-wal", HISTORY_FILE + "-shm")
SCHEMA_VERSION = 2  # 2: slices of big change sets

SCHEMA = """
CREATE TABLE IF NOT EXISTS change_sets (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    author TEXT NOT NULL,
    created TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}',
    review INTEGER NOT NULL DEFAULT 0,
    touches_public INTEGER NOT NULL DEFAULT 0,
    added INTEGER NOT NULL DEFAULT 0,
    removed INTEGER NOT NULL DEFAULT 0,
    applied TEXT,
    reviewer TEXT,
    reviewed TEXT,
    review_comment TEXT,
    reverts TEXT,
    note TEXT
);
CREATE INDEX IF NOT EXISTS change_sets_by_status ON change_sets(status);
-- kind 'draft': what a draft asked for; 'applied': what the store really got.
CREATE TABLE IF NOT EXISTS payloads (
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    added BLOB NOT NULL,
    removed BLOB NOT NULL,
    PRIMARY KEY (seq, kind)
);
-- Which entities a change set touches, and the version (change set id) it was based on.
CREATE TABLE IF NOT EXISTS touches (
    iri TEXT NOT NULL,
    seq INTEGER NOT NULL,
    base TEXT,
    PRIMARY KEY (iri, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS touches_by_change ON touches(seq);
-- The current version of each entity: the last applied change set that touched it.
CREATE TABLE IF NOT EXISTS versions (
    iri TEXT PRIMARY KEY,
    id TEXT NOT NULL
) WITHOUT ROWID;
-- Each entity's part of a big change set (a load), cut once, at the first history read that
-- needs it, so that reading one entity's history never unpacks a whole load again; and, cut
-- when the change set is written, the part of an entity the change reaches only through the
-- store (a blank node's statement: its street, with the address's link to the entity
-- unchanged), which no cut of the payload alone could find.
CREATE TABLE IF NOT EXISTS slices (
    seq INTEGER NOT NULL,
    iri TEXT NOT NULL,
    added BLOB NOT NULL,
    removed BLOB NOT NULL,
    PRIMARY KEY (seq, iri)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sliced (seq INTEGER PRIMARY KEY);
"""

COLUMNS = (
    "seq, id, status, author, created, comment, origin, detail, review, touches_public, "
    "added, removed, applied, reviewer, reviewed, review_comment, reverts, note"
)
C_COLUMNS = ", ".join("c." + c.strip() for c in COLUMNS.split(","))
COLUMN_COUNT = len(COLUMNS.split(","))
BIG = 1 << 20  # above 1 MB of N-Quads, compress for speed rather than size
BATCH = 500  # SQLite's parameter limit is far above; this keeps statements small


#: Below this many bytes a payload is stored as it is. A label change's payload is about
#: 200 bytes, which zlib made 140: its set-up per blob cost more than the bytes it saved
#: (2.5 ms per 1,000 blobs; an entity's history of 1,000 change sets reads 2,000).
SMALL = 1024


def pack(data: bytes) -> bytes:
    """A payload as stored: small ones as they are, larger ones compressed."""
    if len(data) < SMALL:
        return data
    return zlib.compress(data, 1 if len(data) > BIG else 6)


def unpack(blob: bytes) -> bytes:
    """A stored payload's N-Quads text, compressed or not: a zlib stream's first byte is
    0x78 ("x"), and N-Quads text starts with "<" or "_" (histories written before small
    payloads were kept as they are hold only compressed ones)."""
    return zlib.decompress(blob) if blob[:1] == b"x" else blob


def about(nquads: bytes, iri: str) -> bytes:
    """The lines of N-Quads text whose subject is `iri`, or a blank node reached from it.

    Most change sets in an entity's history are about that entity alone (a label changed):
    their text is returned as it is, without grouping its lines (measured on an entity's
    history of 1,000 change sets: a few per cent of the read)."""
    if not nquads:
        return b""
    head = b"<" + iri.encode() + b"> "
    text = nquads if nquads.endswith(b"\n") else nquads + b"\n"
    # Every line starts with the entity (a line holds one quad: no literal holds a raw line
    # break in N-Quads), counted without cutting the text into lines: 1.8 ms for an entity's
    # 2,000 texts against 2.7.
    if (
        b"_:" not in text
        and text.startswith(head)
        and text.count(b"\n" + head) == text.count(b"\n") - 1
    ):
        return text
    return slices(nquads, [iri])[iri]


#: A change set whose stored payload is larger than this (compressed) is sliced per entity.
SLICE_FROM = 64 * 1024


_DATA_SUBJECT = b"<" + HAS_DATA_SUBJECT.encode() + b"> "


def slices(
    nquads: bytes, iris: Iterable[str], roots: Mapping[str, Iterable[bytes]] | None = None
) -> dict[str, bytes]:
    """Each entity's lines of N-Quads text, and those of the blank nodes reached from it: the
    lines grouped by subject in one pass, so a big change set is cut for all its entities.
    `roots`: per entity, the subjects as N-Quads writes them (`_:label`, `<iri>`) whose lines
    belong to it too, though the text does not link them to it: blank nodes that hang off it
    in the store, consent records about a person. A consent record the text links to a
    person (`dpv:hasDataSubject`) is that person's too: consent given or withdrawn is a
    change of the person."""
    by_subject: dict[bytes, list[bytes]] = {}
    records: dict[bytes, list[bytes]] = {}  # a person -> the consent records about them
    for line in nquads.splitlines():
        if line:
            subject, rest = line.split(b" ", 1)
            by_subject.setdefault(subject, []).append(line)
            if rest.startswith(_DATA_SUBJECT):
                records.setdefault(rest[len(_DATA_SUBJECT) :].split(b" ", 1)[0], []).append(subject)
    out = {}
    for iri in iris:
        lines: list[bytes] = []
        pending = [b"<" + iri.encode() + b">"]
        pending += list((roots or {}).get(iri, ()))
        pending += records.get(pending[0], [])
        seen: set[bytes] = set()
        while pending:
            subject = pending.pop()
            if subject in seen:
                continue
            seen.add(subject)
            for line in by_subject.get(subject, ()):
                lines.append(line)
                pending += re.findall(rb" (_:[A-Za-z0-9_.\-]+)", line[len(subject) :])
        out[iri] = b"".join(line + b"\n" for line in lines)
    return out


def unknown_change(change_id: str) -> NotFound:
    return NotFound(
        f"Keine Änderung mit der Kennung {change_id}.",
        f"No change with the id {change_id}.",
        where=change_id,
    )


def versions_of(db: sqlite3.Connection, iris: Iterable[str]) -> dict[str, str]:
    wanted = list(iris)
    out: dict[str, str] = {}
    for i in range(0, len(wanted), BATCH):
        chunk = wanted[i : i + BATCH]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT iri, id FROM versions WHERE iri IN ({marks})"  # sparql-from: SQL, ? marks
        out.update(db.execute(sql, chunk))
    return out


def record_of(row: tuple[Any, ...]) -> ChangeSet:
    (seq, change_id, status, author, created, comment, origin, detail, review, public,
     added, removed, applied, reviewer, reviewed, review_comment, reverts, note) = row  # fmt: skip
    return ChangeSet(
        seq=seq,
        id=change_id,
        status=status,
        author=author,
        created=created,
        comment=comment,
        origin=origin,
        detail={} if detail == "{}" else json.loads(detail),  # most have none
        review=bool(review),
        touches_public=bool(public),
        added=added,
        removed=removed,
        applied=applied,
        reviewer=reviewer,
        reviewed=reviewed,
        review_comment=review_comment,
        reverts=reverts,
        note=note,
    )
