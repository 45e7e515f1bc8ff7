"""An entity's history never unpacks a whole load again: big change sets are cut into
per-entity slices at the first read (issue 11: history in under 50 ms; 1.56 s at 1.2M quads
for an entity whose first change set was the bulk load, before)."""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

from akteursgraph.changes import History
from akteursgraph.changes.schema import SLICE_FROM, about

from .example_people import example_person

PERSON = example_person("Dariush Ahmadzai")


def test_a_big_change_set_is_sliced_once_and_gives_the_same_history(
    example_store_path: Path,
) -> None:
    history = History.at(example_store_path)
    db = sqlite3.connect(example_store_path / "history.sqlite3")
    [(seq, added, removed)] = db.execute(
        "SELECT p.seq, p.added, p.removed FROM payloads p JOIN touches t ON t.seq = p.seq "
        "WHERE t.iri = ?",
        (PERSON,),
    ).fetchall()
    assert len(added) + len(removed) > SLICE_FROM  # the example's load is a big change set
    expected = about(zlib.decompress(added), PERSON)
    assert b"dariush" in expected.lower()
    assert db.execute("SELECT count(*) FROM sliced").fetchone()[0] == 0

    [(record, _base, got_added, got_removed)] = history.entity(PERSON)
    assert got_added == expected and got_removed == b""
    assert db.execute("SELECT seq FROM sliced").fetchall() == [(seq,)]
    sliced = db.execute("SELECT count(*) FROM slices WHERE seq = ?", (seq,)).fetchone()[0]
    assert sliced == db.execute("SELECT count(*) FROM touches WHERE seq = ?", (seq,)).fetchone()[0]
    # read again: from the slice, the same
    assert history.entity(PERSON) == [(record, _base, expected, b"")]
    db.close()
