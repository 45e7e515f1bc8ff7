"""The erasure journal: who was erased, as salted hashes, so that nobody comes back.

An erasure (`akteursgraph.people.erasure`) removes a person from every file of the store. But
the person's data may still lie in an older backup or in an export someone made before; a
restore or a `load` of that file would bring them back. So each erasure leaves one line here:
salted SHA-256 hashes of the person's IRI (and the IRIs of what existed only for them:
memberships, speaker profile), of their contact values (e-mail addresses, telephone numbers)
and of their names. Nothing readable: the hashes can only be matched against data one
already holds, which is exactly what a restore and a load do.

Why salted, and per store: an unsalted hash of an e-mail address is as good as the address to
anyone with a list of addresses. The salt is made once (`erasure.salt`, owner-only) and each
line carries the salt it was made with, so journals of two stores can be merged (a restore).

What matches what (see `Journal.matcher`): a statement whose subject or object is a
journalled IRI, or whose object is a journalled contact value, is dropped on load and on
restore, with the blank nodes hanging off it. Names are not unique (namesakes), so a name
alone never drops anything: it is reported (`Journal.name_matches`), for a person to check.

The journal and the salt survive `init --force` (`KEEP_ON_REINIT`): the journal outlives the
data it protects.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import FOAF, RDFS, SCHEMA, SKOS
from .contact import contact_in_text, is_contact_iri

JOURNAL_FILE = "erasure-journal.jsonl"
SALT_FILE = "erasure.salt"
#: Files of the store folder that `init --force` keeps (the journal outlives the data).
KEEP_ON_REINIT = (JOURNAL_FILE, SALT_FILE)

#: Predicates whose literal values are a person's names.
NAME_PREDICATES = frozenset(
    {
        FOAF + "name",
        FOAF + "givenName",
        FOAF + "familyName",
        FOAF + "nick",
        SKOS + "prefLabel",
        SKOS + "altLabel",
        RDFS + "label",
        SCHEMA + "name",
    }
)


def contact_key(value: str) -> str:
    """The form a contact value is hashed in: `mailto:`/`tel:` and case dropped, a number's
    separators too, so `<mailto:A@x.org>` and `"a@x.org"` are the same address."""
    text = value.strip()
    lowered = text.lower()
    for scheme in ("mailto:", "tel:"):
        if lowered.startswith(scheme):
            text = text[len(scheme) :]
            lowered = lowered[len(scheme) :]
            if scheme == "tel:":
                return "tel:" + "".join(c for c in text if c.isdigit() or c == "+")
    if "@" in lowered:
        return "mail:" + lowered
    digits = "".join(c for c in text if c.isdigit() or c == "+")
    return "tel:" + digits


def name_key(value: str) -> str:
    return " ".join(value.casefold().split())


def _hash(salt: str, kind: str, value: str) -> str:
    return hashlib.sha256(f"{salt}\0{kind}\0{value}".encode()).hexdigest()


@dataclass
class Entry:
    """One erasure, as the journal keeps it."""

    change_id: str
    time: str
    salt: str
    iris: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)

    @classmethod
    def of(
        cls,
        change_id: str,
        time: str,
        salt: str,
        iris: Iterable[str],
        contacts: Iterable[str],
        names: Iterable[str],
    ) -> Entry:
        """An entry from the values in the clear (which are hashed here and not kept)."""
        return cls(
            change_id,
            time,
            salt,
            sorted({_hash(salt, "iri", i) for i in iris}),
            sorted({_hash(salt, "contact", contact_key(c)) for c in contacts}),
            sorted({_hash(salt, "name", name_key(n)) for n in names}),
        )

    def to_json(self) -> str:
        return json.dumps(
            {"id": self.change_id, "time": self.time, "salt": self.salt, "iris": self.iris,
             "contacts": self.contacts, "names": self.names},
            sort_keys=True,
        )  # fmt: skip

    @classmethod
    def from_json(cls, line: str) -> Entry:
        d = json.loads(line)
        return cls(d["id"], d["time"], d["salt"], d["iris"], d["contacts"], d["names"])


def contact_values(quads: Iterable[ox.Quad]) -> set[str]:
    """The contact values in `quads`: `mailto:`/`tel:` IRIs, and addresses or numbers that
    make up a whole literal (a text that merely mentions one is not the person's value)."""
    found: set[str] = set()
    for q in quads:
        o = q.object
        if isinstance(o, ox.NamedNode) and is_contact_iri(o.value):
            found.add(o.value)
        elif isinstance(o, ox.Literal):
            hit = contact_in_text(o.value)
            if hit and len(hit) >= len(o.value.strip()) - 2:
                found.add(o.value)
    return found


def name_values(quads: Iterable[ox.Quad]) -> set[str]:
    return {
        q.object.value
        for q in quads
        if q.predicate.value in NAME_PREDICATES and isinstance(q.object, ox.Literal)
    }


class Journal:
    """The erasure journal of one store folder (append-only, one JSON line per erasure)."""

    def __init__(self, store_path: Path) -> None:
        self.store_path = Path(store_path)
        self.path = self.store_path / JOURNAL_FILE

    def salt(self) -> str:
        """This store's salt, made at the first erasure (owner-only file)."""
        path = self.store_path / SALT_FILE
        try:
            return path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            pass
        salt = secrets.token_hex(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(salt + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        return salt

    def entries(self) -> list[Entry]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        entries = []
        for line in text.split("\n")[:-1]:  # a last line without its newline: cut off
            try:
                entries.append(Entry.from_json(line))
            except (ValueError, KeyError, TypeError):
                continue  # a line a crash cut off (the erasure is re-appended by `recover`)
        return entries

    def __len__(self) -> int:
        return len(self.entries())

    def ids(self) -> set[str]:
        return {e.change_id for e in self.entries()}

    def append(self, entry: Entry) -> None:
        """Add an entry durably; appending the same erasure twice keeps one line."""
        if entry.change_id in self.ids():
            return
        cut = self.path.exists() and not self.path.read_bytes().endswith(b"\n")
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            # After a line a crash cut off, start a new one (the cut line is skipped).
            fh.write(("\n" if cut and self.path.stat().st_size else "") + entry.to_json() + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def merge(self, entries: Iterable[Entry]) -> int:
        """Add entries of another journal (a restored backup's); returns how many were new."""
        known = self.ids()
        new = [e for e in entries if e.change_id not in known]
        for e in new:
            self.append(e)
        return len(new)

    def matcher(self) -> Callable[[ox.Quad], bool] | None:
        """A test that picks the statements naming an erased person (IRI or contact value),
        or None when nobody was erased (so a load pays nothing)."""
        entries = self.entries()
        return matcher_of(entries) if entries else None

    def erased(self, iri: str) -> bool:
        """Whether `iri` is of an erased person (or of what existed only for them): staff
        pages name such an entry "erased" rather than by its address's last part."""
        return any(_hash(e.salt, "iri", iri) in e.iris for e in self.entries())

    def name_matches(self, quads: Iterable[ox.Quad]) -> list[str]:
        """Subjects in `quads` carrying a name an erased person had: for a person to check."""
        entries = self.entries()
        names = {(e.salt, h) for e in entries for h in e.names}
        salts = sorted({e.salt for e in entries})
        hits: set[str] = set()
        for q in quads:
            if q.predicate.value in NAME_PREDICATES and isinstance(q.object, ox.Literal):
                key = name_key(q.object.value)
                if any((s, _hash(s, "name", key)) in names for s in salts):
                    hits.add(str(q.subject))
        return sorted(hits)


def matcher_of(entries: list[Entry]) -> Callable[[ox.Quad], bool]:
    """A test that picks the statements whose subject or object is an IRI or a contact value
    the entries name (each term hashed once per salt, then remembered)."""
    iris = {(e.salt, h) for e in entries for h in e.iris}
    contacts = {(e.salt, h) for e in entries for h in e.contacts}
    salts = sorted({e.salt for e in entries})
    memo: dict[object, bool] = {}

    def journalled(term: object) -> bool:
        if not isinstance(term, (ox.NamedNode, ox.Literal)):
            return False
        known = memo.get(term)
        if known is None:
            value = term.value
            iri = isinstance(term, ox.NamedNode)
            contact = not iri or is_contact_iri(value)
            known = any(
                (iri and (salt, _hash(salt, "iri", value)) in iris)
                or (contact and (salt, _hash(salt, "contact", contact_key(value))) in contacts)
                for salt in salts
            )
            memo[term] = known
        return known

    def match(q: ox.Quad) -> bool:
        return journalled(q.subject) or journalled(q.object)

    return match


def journalled(store_path: Path, quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The statements of `quads` that name an erased person (IRI or contact value).

    A write other than a load (a SPARQL update, a form, an import) that brings such a
    statement is refused (`validation.erased_finding`): unlike a file made before the
    erasure, it was written after it, so someone is putting the person back, and dropping
    statements from it silently would store something else than was sent."""
    match = Journal(store_path).matcher()
    if match is None:
        return []
    return [q for q in quads if match(q)]


def with_blank_nodes(
    quads: Callable[[ox.BlankNode], Iterable[ox.Quad]], dropped: Iterable[ox.Quad]
) -> Iterator[ox.Quad]:
    """The blank-node statements hanging off `dropped` (their objects), transitively:
    `quads(node)` gives a blank node's statements. A person's contact node goes with them."""
    pending = [q.object for q in dropped if isinstance(q.object, ox.BlankNode)]
    seen: set[ox.BlankNode] = set()
    while pending:
        node = pending.pop()
        if node in seen:
            continue
        seen.add(node)
        for q in quads(node):
            yield q
            if isinstance(q.object, ox.BlankNode):
                pending.append(q.object)


def drop_journalled(staged: ox.Store, journal: Journal) -> tuple[int, list[str]]:
    """Remove from a staged load what names an erased person; returns how many statements
    went and which subjects carry an erased person's name (not dropped: namesakes exist).

    Why drop rather than refuse: a file made before the erasure (an export, an old backup) is
    a legitimate thing to load, and the journal says exactly which statements must not come
    back; refusing would make every such file unusable, or send someone to edit it by hand.
    The load reports the count, so nothing goes silently.
    """
    match = journal.matcher()
    if match is None:
        return 0, []
    hit = [q for q in staged if match(q)]
    hit += list(with_blank_nodes(lambda b: staged.quads_for_pattern(b, None, None, None), hit))
    unique = list(dict.fromkeys(hit))
    for q in unique:
        staged.remove(q)
    return len(unique), journal.name_matches(staged)
