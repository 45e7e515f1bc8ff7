"""The history without an erased person: a rewritten copy of `history.sqlite3`.

The history keeps every change set's quads (N-Quads payloads, per-entity slices). An erasure
must take the person out of all of them, including what was deleted long ago (an old note, an
earlier e-mail address), while each change set's metadata stays: who, when, why, how many.
So the erasure rewrites a *copy* of the history (SQLite's online backup), with
`secure_delete` on and a VACUUM at the end, so that no free page and no journal keeps the old
text; the copy replaces the file only at the erasure's commit point (`erasure`), so a crash
leaves the old history or the new one, never a mix.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..changes.model import (
    APPLIED,
    DRAFT,
    SHORTENED_BY,
    SUPERSEDED,
    parse_nquads,
    to_nquads,
    utc_now,
)
from ..changes.schema import pack, unpack
from ..namespaces import AG, DPV, ORG
from ..sqlite_file import copy_sqlite
from .journal import name_values, with_blank_nodes
from .redaction import Redactor

_MEMBER = ORG + "member"
_PROFILE = AG + "hasSpeakerProfile"
_DATA_SUBJECT = DPV + "hasDataSubject"


#: Fixed SQL: each table with N-Quads blobs (read, then written back without the person).
_PAYLOAD_SQL = (
    (
        "SELECT seq, kind, added, removed FROM payloads",
        "UPDATE payloads SET added = ?, removed = ? WHERE seq = ? AND kind = ?",
    ),
    (
        "SELECT seq, iri, added, removed FROM slices",
        "UPDATE slices SET added = ?, removed = ? WHERE seq = ? AND iri = ?",
    ),
)
#: ... and the rows keyed by an erased IRI (its history's index, its version, its slices).
_DELETE_SQL = (
    "DELETE FROM touches WHERE iri = ?",
    "DELETE FROM slices WHERE iri = ?",
    "DELETE FROM versions WHERE iri = ?",
)


@dataclass
class HistoryRewrite:
    """What the rewrite took out."""

    change_sets: int = 0
    quads: int = 0
    #: Change sets whose comment, detail, review comment or note named the person.
    texts: int = 0


def found_in_history(db: sqlite3.Connection, person: str) -> tuple[set[str], set[str]]:
    """IRIs that existed only for the person at some time (a membership ended and deleted
    long ago, an earlier speaker profile), and the names they had (an earlier name, which a
    comment of that time may use): found in every payload, not only in the store."""
    owned: set[str] = set()
    names: set[str] = set()
    me = ox.NamedNode(person)
    for added, removed in db.execute("SELECT added, removed FROM payloads"):
        for blob in (added, removed):
            data = unpack(blob)
            if person.encode() not in data:
                continue
            for q in parse_nquads(data):
                member = q.predicate.value in (_MEMBER, _DATA_SUBJECT) and q.object == me
                if member and isinstance(q.subject, ox.NamedNode):  # a membership, a consent
                    owned.add(q.subject.value)
                if q.subject == me and q.predicate.value == _PROFILE:
                    if isinstance(q.object, ox.NamedNode):
                        owned.add(q.object.value)
                elif q.subject == me:
                    names |= name_values([q])
    return owned, names


#: A change set's free text: what people wrote, and the origin's detail (file names).
_TEXT_SQL = (
    "SELECT seq, comment, detail, review_comment, note FROM change_sets",
    "UPDATE change_sets SET comment = ?, detail = ?, review_comment = ?, note = ? WHERE seq = ?",
)


def _blank_texts(db: sqlite3.Connection, redactor: Redactor) -> int:
    """The person's names and contact values blanked in every change set's comment, detail,
    review comment and note; returns how many change sets said them."""
    select, update = _TEXT_SQL
    said = 0
    for seq, comment, detail, review_comment, note in db.execute(select).fetchall():
        blanked = (
            redactor.text(comment),
            redactor.json_text(detail),
            None if review_comment is None else redactor.text(review_comment),
            None if note is None else redactor.text(note),
        )
        if blanked != (comment, detail, review_comment, note):
            db.execute(update, (*blanked, seq))
            said += 1
    return said


def _without(data: bytes, iris: set[str], contacts: set[str]) -> tuple[bytes, int]:
    """N-Quads text without the statements naming `iris` or carrying a contact value, and
    without the blank nodes hanging off those. The text is parsed only if it may hold any."""
    needles = [i.encode() for i in iris] + [c.encode() for c in contacts]
    if not data or not any(n in data for n in needles):
        return data, 0
    quads = parse_nquads(data)
    named = iris | contacts

    def names(q: ox.Quad) -> bool:
        for term in (q.subject, q.object):
            if isinstance(term, ox.NamedNode) and term.value in named:
                return True
            if isinstance(term, ox.Literal) and term.value in contacts:
                return True
        return False

    hit = [q for q in quads if names(q)]
    by_subject: dict[object, list[ox.Quad]] = {}
    for q in quads:
        by_subject.setdefault(q.subject, []).append(q)
    hit += list(with_blank_nodes(lambda b: by_subject.get(b, []), hit))
    gone = set(hit)
    return to_nquads(q for q in quads if q not in gone), len(gone)


def _settle_drafts(db: sqlite3.Connection, changed: set[int], erasure_id: str) -> None:
    """Each waiting draft the erasure took statements out of: closed when nothing is left in
    it, else counted again and marked.

    An emptied draft stayed in the reviewers' queue with its old counts ("1 hinzugefügt"), no
    statement and a Publish button that published nothing (exploratory test): it is closed
    as superseded by the erasure, which says why. A shortened one said "5 added" above four
    statements, and neither its reviewer nor its author learnt that the person was taken
    out (exploratory walk): it counts what is left and names the erasure
    (`ChangeSet.shortened_by`). An applied change keeps its counts: they say what was done
    then."""
    note = (
        f"durch die Löschung {erasure_id} geleert (DSGVO Art. 17) / "
        f"emptied by the erasure {erasure_id} (GDPR Art. 17)"
    )
    for seq in sorted(changed):
        row = db.execute(
            "SELECT p.added, p.removed, c.detail FROM change_sets c JOIN payloads p "
            "ON p.seq = c.seq WHERE c.seq = ? AND c.status = ? AND p.kind = ?",
            (seq, DRAFT, DRAFT),
        ).fetchone()
        if row is None:
            continue
        added, removed = parse_nquads(unpack(row[0])), parse_nquads(unpack(row[1]))
        if not added and not removed:
            db.execute(
                "UPDATE change_sets SET status = ?, reviewed = ?, review_comment = ? WHERE seq = ?",
                (SUPERSEDED, utc_now(), note, seq),
            )
            continue
        detail = {**json.loads(row[2] or "{}"), SHORTENED_BY: erasure_id}
        db.execute(
            "UPDATE change_sets SET added = ?, removed = ?, detail = ? WHERE seq = ?",
            (len(added), len(removed), json.dumps(detail, sort_keys=True), seq),
        )


def rewrite_history(
    source: Path,
    target: Path,
    *,
    person: str,
    iris: set[str],
    contacts: set[str],
    names: set[str],
    erasure: dict[str, object],
    touched: Iterable[str],
) -> HistoryRewrite:
    """Write `target`: the history at `source` without the person, plus the erasure's own
    change set (whose payload is empty: it must not hold what it erased).

    `iris`: the person and what existed only for them (more are found in the payloads);
    `names`, `contacts`: blanked in every change set's free text, the erasure's reason
    included (more names are found in the payloads);
    `touched`: other entities the erasure changed (an event that named the person), whose
    version becomes the erasure. `erasure`: id, author, comment, detail, removed count.
    """
    target.unlink(missing_ok=True)
    if source.exists():
        copy_sqlite(source, target)
    db = sqlite3.connect(target, isolation_level=None)
    result = HistoryRewrite()
    try:
        db.execute("PRAGMA journal_mode=DELETE")
        db.execute("PRAGMA secure_delete=ON")  # freed pages are overwritten with zeros
        if not source.exists():
            from ..changes.schema import SCHEMA, SCHEMA_VERSION

            db.executescript(SCHEMA)
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        db.execute("BEGIN IMMEDIATE")
        owned, earlier_names = found_in_history(db, person)
        iris = iris | owned
        redactor = Redactor(names | earlier_names, contacts)
        changed: set[int] = set()
        for select, update in _PAYLOAD_SQL:
            for seq, k, added, removed in db.execute(select).fetchall():
                new_a, n_a = _without(unpack(added), iris, contacts)
                new_r, n_r = _without(unpack(removed), iris, contacts)
                if n_a or n_r:
                    db.execute(update, (pack(new_a), pack(new_r), seq, k))
                    if select.endswith("payloads"):
                        result.quads += n_a + n_r
                    changed.add(seq)
        gone = sorted(iris)
        for delete in _DELETE_SQL:
            db.executemany(delete, ((i,) for i in gone))
        result.change_sets = len(changed)
        _settle_drafts(db, changed, erasure["id"])  # type: ignore[arg-type]
        result.texts = _blank_texts(db, redactor)
        seq = db.execute(
            "INSERT INTO change_sets (id, status, author, created, comment, origin, detail, "
            "review, touches_public, added, removed, applied) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, 0, ?, ?)",
            (
                erasure["id"], APPLIED, erasure["author"], utc_now(),
                redactor.text(str(erasure["comment"])),
                erasure["origin"], json.dumps(erasure["detail"], sort_keys=True),
                int(bool(erasure["touches_public"])), erasure["removed"], utc_now(),
            ),
        ).lastrowid  # fmt: skip
        db.execute("INSERT INTO payloads VALUES (?, ?, ?, ?)", (seq, APPLIED, pack(b""), pack(b"")))
        others = sorted(set(touched) - iris)
        bases = {
            i: row[0]
            for i in others
            if (row := db.execute("SELECT id FROM versions WHERE iri = ?", (i,)).fetchone())
        }
        db.executemany(
            "INSERT OR IGNORE INTO touches VALUES (?, ?, ?)",
            ((i, seq, bases.get(i)) for i in others),
        )
        db.executemany(
            "INSERT OR REPLACE INTO versions VALUES (?, ?)", ((i, erasure["id"]) for i in others)
        )
        db.execute("COMMIT")
        db.execute("VACUUM")  # a new file: no free page keeps the old payloads
        db.execute("PRAGMA journal_mode=WAL")  # as the history is used (readers beside a writer)
    finally:
        db.close()
    return result
