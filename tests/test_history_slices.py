"""An entity's history never unpacks a whole load again: big change sets are cut into
per-entity slices at the first read (issue 11: history in under 50 ms; 1.56 s at 1.2M quads
for an entity whose first change set was the bulk load, before)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from akteursgraph.changes import History
from akteursgraph.changes.model import parse_many, parse_nquads
from akteursgraph.changes.schema import SLICE_FROM, about, slices, unpack

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
    expected = about(unpack(added), PERSON)
    assert b"dariush" in expected.lower()
    # with the consent records about the person: consent given is a change of the person
    assert expected.count(b"<https://w3id.org/dpv#hasDataSubject> <" + PERSON.encode()) >= 1
    assert db.execute("SELECT count(*) FROM sliced").fetchone()[0] == 0

    [(record, _base, got_added, got_removed)] = history.entity(PERSON)
    assert got_added == expected and got_removed == b""
    assert db.execute("SELECT seq FROM sliced").fetchall() == [(seq,)]
    sliced = db.execute("SELECT count(*) FROM slices WHERE seq = ?", (seq,)).fetchone()[0]
    assert sliced == db.execute("SELECT count(*) FROM touches WHERE seq = ?", (seq,)).fetchone()[0]
    # read again: from the slice, the same
    assert history.entity(PERSON) == [(record, _base, expected, b"")]
    db.close()


def _line(subject: str, value: str) -> bytes:
    return f'<{subject}> <urn:p> "{value}" <urn:g> .\n'.encode()


def test_about_gives_what_grouping_the_lines_gives() -> None:
    """The entity's own text comes back as it is without cutting it into lines; every other
    text gives what grouping its lines by subject gives (`slices`)."""
    own = _line("urn:e", "a") + _line("urn:e", "b\\nc")  # an escaped line break in a value
    other = _line("urn:x", "y")
    hanging = b'<urn:e> <urn:q> _:b1 <urn:g> .\n_:b1 <urn:p> "z" <urn:g> .\n'
    for text in (own, own.rstrip(b"\n"), own + other, other + own, own + b"\n" + own,
                 hanging, b"", _line("urn:e2", "not e")):  # fmt: skip
        assert about(text, "urn:e") == slices(text, ["urn:e"])["urn:e"], text
    assert about(own, "urn:e") == own
    assert about(other + own, "urn:e") == own


def test_many_texts_parsed_at_once_give_each_its_own_quads() -> None:
    texts = [
        _line("urn:a", "1"),
        b"",
        _line("urn:b", "2") + _line("urn:b", "3"),
        b'_:n <urn:p> "blank" <urn:g> .\n',
    ]
    assert parse_many(texts) == [parse_nquads(t) for t in texts]
    # Texts not written a quad a line are parsed one by one, with the same result.
    odd = [_line("urn:a", "1").rstrip(b"\n"), b"# a comment\n" + _line("urn:c", "4"),
           _line("urn:d", "5") + b"\n"]  # fmt: skip
    assert parse_many(odd) == [parse_nquads(t) for t in odd]
    assert [len(q) for q in parse_many(odd)] == [1, 1, 1]
