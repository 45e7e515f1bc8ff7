"""What a change set is: who made it, why, from where, and exactly what it changed.

A change set records the *effective* delta of a write: the quads it really added (absent
before) and really removed (present before). That is what makes a revert exact: applying
the inverse of an effective delta gives back the earlier quads, no more and no less.
Quads travel as N-Quads text, which keeps blank-node labels, so a revert removes the very
blank nodes a load added.
"""

from __future__ import annotations

import getpass
import hashlib
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import pyoxigraph as ox

from ..errors import UsageError
from ..findings import ValidationReport
from ..namespaces import HAS_DATA_SUBJECT
from ..store import Change
from .blank_nodes import hang_roots, hanging
from .comments import check_comment

#: Where a change comes from. Editors' origins go through review when they touch public data.
ORIGIN_INIT = "cli-init"
ORIGIN_LOAD = "cli-load"
ORIGIN_SPARQL_UPDATE = "sparql-update"
ORIGIN_REVERT = "revert"
ORIGIN_FORM = "form"
ORIGIN_IMPORT = "import"
ORIGIN_ERASURE = "erasure"
#: `akteursgraph migrate`: a store brought up to a new model (graph/migrate.py).
ORIGIN_MIGRATION = "migration"
#: The consent expiry sweep (graph/people/expiry.py): expired consents end, their data leaves.
ORIGIN_CONSENT_EXPIRY = "consent-expiry"
#: A direct call of the core's write path with no metadata (scripts, tests).
ORIGIN_CORE = "core"
EDITOR_ORIGINS = frozenset({ORIGIN_SPARQL_UPDATE, ORIGIN_FORM, ORIGIN_IMPORT})
#: `ChangeMeta.detail` of a waiting draft an erasure took statements out of: the erasure's id.
SHORTENED_BY = "shortened_by_erasure"
#: `ChangeMeta.detail["by"]` of a revert the operator's command line asked for.
OPERATOR = "operator"
#: `ChangeMeta.detail["by"]` of a revert staff asked for in the workspace (reviewed where it
#: changes public data, as their forms are).
STAFF = "staff"

# Statuses: a draft waits for review; applying is written before the store is touched and
# becomes applied after (or failed; `History.reconcile` decides after a crash).
DRAFT = "draft"
APPLYING = "applying"
APPLIED = "applied"
FAILED = "failed"
REJECTED = "rejected"
#: A draft its author replaced by a new one holding the whole change (an editor corrected her
#: own draft before review); it is closed like a rejected one and never reaches the store.
SUPERSEDED = "superseded"
#: The states a change set can be in, in the order the history's filter offers them.
STATUSES = (APPLIED, DRAFT, REJECTED, SUPERSEDED, FAILED, APPLYING)
#: The statuses in German words, for messages that name one (the English is the status).
STATUS_DE = {
    DRAFT: "ein Entwurf",
    APPLYING: "in Anwendung",
    APPLIED: "angewandt",
    FAILED: "fehlgeschlagen",
    REJECTED: "abgelehnt",
    SUPERSEDED: "ersetzt",
}
#: The same in English sentences ("cs-… is a draft", not "is draft").
STATUS_EN = {DRAFT: "a draft", APPLYING: "being applied"}


def default_author() -> str:
    """The CLI user: the login name (the operator's system account)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def named(role: str, who: str) -> None:
    """Refuse a blank name where a person must be named (an author, a reviewer)."""
    if not who.strip():
        de = {"author": "Verfasser*in", "reviewer": "Prüfer*in"}.get(role, role)
        raise UsageError(
            f"{de}: ein Name ist nötig.",
            f"{role}: a name is required.",
            where="--agent",
        )


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_change_id() -> str:
    """`cs-` + UTC time to the microsecond + a random suffix: sortable by time, unique."""
    now = datetime.now(UTC)
    return f"cs-{now.strftime('%Y%m%dT%H%M%S%fZ')}-{secrets.token_hex(3)}"


def file_sha256(path: Path) -> str:
    """A file's SHA-256, read a megabyte at a time: the origin detail of a change set that
    came from a file (a load, an import) names the very bytes it was made from."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class ChangeMeta:
    """Who makes a change, why and from where; every writer passes one to the write path."""

    author: str
    origin: str
    comment: str = ""
    #: Origin detail: file names and their SHA-256, the update text's checksum, ...
    detail: Mapping[str, Any] = field(default_factory=dict)
    #: Save as a draft whatever the review rule says (`load --draft`).
    draft: bool = False
    #: The change set this one reverts (origin `revert`).
    reverts: str | None = None

    def __post_init__(self) -> None:
        # The author is the history's answer to "who changed this" and the four-eyes rule's
        # other person: a blank one (`--agent "  "`) answered neither. Recorded without the
        # blanks around it, as the four-eyes rule compares it: `--agent " REV1 "` was shown
        # as "von/by  REV1 " (walk of 2026-12-07).
        named("author", self.author)
        object.__setattr__(self, "author", self.author.strip())
        check_comment(self.comment)

    @classmethod
    def default(cls) -> ChangeMeta:
        return cls(author=default_author(), origin=ORIGIN_CORE)

    @classmethod
    def checked_before(cls, **fields: Any) -> ChangeMeta:
        """A meta of parts each checked before: a change set read back (its comment taken
        before `check_comment` was a rule), a draft's comment joined with its correction's
        (each within the limit, the two together perhaps not)."""
        meta = cls.__new__(cls)
        for name, value in {"detail": {}, "draft": False, "reverts": None, **fields}.items():
            object.__setattr__(meta, name, value)
        return meta


@dataclass(frozen=True)
class Review:
    """A reviewer's decision to publish a draft (passed to the write path with the draft)."""

    change_id: str
    reviewer: str
    comment: str = ""

    def __post_init__(self) -> None:
        check_comment(self.comment)


class ChangeSet(NamedTuple):
    """One recorded change set, without its quads (read them with `History.payload`).

    A named tuple rather than a frozen dataclass, immutable either way: an entity's history
    makes one per change set, and a frozen dataclass's `__init__` sets its 18 fields one by
    one through `object.__setattr__` (4.3 ms for 1,000 records against 0.6 as a tuple)."""

    seq: int
    id: str
    status: str
    author: str
    created: str
    comment: str
    origin: str
    detail: dict[str, Any]
    #: Whether the four-eyes rule applied to it (it was, or is, a draft).
    review: bool
    touches_public: bool
    added: int
    removed: int
    applied: str | None = None
    reviewer: str | None = None
    reviewed: str | None = None
    review_comment: str | None = None
    reverts: str | None = None
    note: str | None = None

    @property
    def meta(self) -> ChangeMeta:
        return ChangeMeta.checked_before(
            author=self.author,
            origin=self.origin,
            comment=self.comment,
            detail=self.detail,
            draft=self.review,
            reverts=self.reverts,
        )

    def summary(self) -> dict[str, Any]:
        """The change set as JSON-ready data (what `drafts --format json` prints)."""
        return {
            "id": self.id,
            "status": self.status,
            "author": self.author,
            "time": self.created,
            "applied": self.applied,
            "comment": self.comment,
            "comment_words": self.comment_words,
            "origin": self.origin,
            "detail": self.detail,
            "review": self.review,
            "touches_public": self.touches_public,
            "added": self.added,
            "removed": self.removed,
            "reviewer": self.reviewer,
            "reviewed": self.reviewed,
            "review_comment": self.review_comment,
            "reverts": self.reverts,
            "replaced_by": self.replaced_by,
            "superseded_why": self.superseded_why,
            "shortened_by": self.shortened_by,
        }

    @property
    def shortened_by(self) -> str | None:
        """The erasure that took statements about its person out of this draft, if any."""
        return self.detail.get(SHORTENED_BY)

    @property
    def comment_words(self) -> dict[str, str]:
        """The comment per language: staff's as they wrote it; the product's own (the set-up,
        a migration, the consent expiry sweep) in each language's words. German pages showed
        "init --example" and "consent expiry: 3 record(s)" (exploratory walk)."""
        if self.origin == ORIGIN_INIT:
            if "--example" in self.comment:
                return {
                    "de": "Einrichtung mit den Beispieldaten",
                    "en": "Set-up with the example data",
                }
            return {"de": "Einrichtung", "en": "Set-up"}
        if self.origin == ORIGIN_MIGRATION:
            return {"de": "Umstellung auf ein neues Datenmodell", "en": "Move to a new data model"}
        if self.origin == ORIGIN_CONSENT_EXPIRY:
            n = len(self.detail.get("records") or ())
            return {
                "de": f"Abgelaufen: {n} Einwilligung{'' if n == 1 else 'en'}",
                "en": f"Expired: {n} consent record{'' if n == 1 else 's'}",
            }
        return {"de": self.comment, "en": self.comment}

    @property
    def replaced_by(self) -> str | None:
        """The change set that replaced this draft (its author's correction), read from the
        note `History.supersede` keeps: pages say "replaced by the draft of <time>" with a
        link, not the note's "ersetzt durch cs-… / replaced by cs-…" in both languages."""
        if self.status != SUPERSEDED or not self.review_comment:
            return None
        found = re.match(r"ersetzt durch (\S+) / ", self.review_comment)
        return found.group(1) if found else None

    @property
    def superseded_why(self) -> dict[str, str] | None:
        """Why a draft was closed unpublished without review, per language: the product
        writes the note in German and English ("… / …"; its author's correction, or an
        erasure that emptied it), and a German page showed both."""
        if self.status != SUPERSEDED or not self.review_comment:
            return None
        de, _, en = self.review_comment.partition(" / ")
        return {"de": de, "en": en or de}


@dataclass(frozen=True)
class Draft:
    """A change saved for review: validated, recorded, and not in the store."""

    change_id: str
    added: int
    removed: int
    warnings: ValidationReport
    touches_public: bool


@dataclass(frozen=True)
class Delta:
    """The effective quads of a change, as N-Quads, and the entities it touches."""

    added: bytes
    removed: bytes
    added_count: int
    removed_count: int
    touched: frozenset[str]
    #: For each entity a statement of the change hangs off only through the store (an edit
    #: of an address's street alone): the labels of the change's blank nodes that reach it.
    #: The history cuts the entity's part of the change from these (`schema.slices`).
    hangs: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: For each person a consent record of the change is about (`dpv:hasDataSubject`): the
    #: records' IRIs. Their statements are the person's part of the change too: a status
    #: withdrawn showed in the person's history as an entry with no statement at all.
    records: Mapping[str, frozenset[str]] = field(default_factory=dict)


def effective_delta(dataset: ox.Store, change: Change) -> Delta:
    """What `change` really does to `dataset`: after = (before - remove) + add.

    Added are the quads of `add` not in the store before; removed are the quads of `remove`
    present before and not added back by the same change. A load into graphs the store does
    not hold yet (the usual bulk load) is all new: its quads never become Python objects
    here (the engine dumps them and names their subjects; about 2 s for a million quads).

    The entities touched are the named subjects, and the named nodes each blank node of the
    change hangs off (`hanging`): an edit of an address's street alone is a change of the
    organisation, for its history, its base version and its conflicts. A consent record's
    change touches the person it is about too (`consent_records`): consent given, withdrawn
    or given an expiry is a change of the person, the most sensitive one.
    """
    add = change.add
    if isinstance(add, ox.Store) and not change.remove and not _any_present(dataset, add):
        named, tops = _subjects(add)
        owners = hanging(dataset, tops, [add])
        # The records' statements go with the text (`schema.slices` follows
        # dpv:hasDataSubject): cut at the first read, not while a bulk load is written.
        people = consent_records(dataset, set(), add.quads_for_pattern(None, _DATA_SUBJECT, None))
        return Delta(
            added=add.dump(format=ox.RdfFormat.N_QUADS) or b"",
            removed=b"",
            added_count=len(add),
            removed_count=0,
            touched=frozenset(named | set(owners) | set(people)),
            hangs=hang_roots(owners, set(tops)),
        )
    in_add = add.__contains__ if isinstance(add, ox.Store) else set(add).__contains__
    removed = [q for q in dict.fromkeys(change.remove) if q in dataset and not in_add(q)]
    quads = add if isinstance(add, ox.Store) else dict.fromkeys(add)
    added = [q for q in quads if q not in dataset]
    both = [*added, *removed]
    blank = {q.subject for q in both if isinstance(q.subject, ox.BlankNode)}
    staged = ox.Store()  # the change's own quads, for walking up from its blank nodes
    if blank:
        staged.extend(both)
    owners = hanging(dataset, blank, [staged])
    referred = {q.object for q in both if isinstance(q.object, ox.BlankNode)}
    named = entities(added) | entities(removed)
    people = consent_records(dataset, named, both)
    return Delta(
        added=to_nquads(added),
        removed=to_nquads(removed),
        added_count=len(added),
        removed_count=len(removed),
        touched=frozenset(named | set(owners) | set(people)),
        hangs=hang_roots(owners, blank - referred),
        records=people,
    )


def _any_present(dataset: ox.Store, add: ox.Store) -> bool:
    """Whether the store already holds any quad of `add`: only quads in graphs it already
    has (and in the default graph) need a look."""
    targets: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
        g for g in add.named_graphs() if dataset.contains_named_graph(g)
    ]
    targets.append(ox.DefaultGraph())
    return any(q in dataset for g in targets for q in add.quads_for_pattern(None, None, None, g))


#: The named subjects of a staged change, and its blank subjects nothing in it points to
#: (whose entity, if any, is in the store), asked of its own in-memory store (fixed text).
_SUBJECTS = (
    "SELECT DISTINCT ?s WHERE { ?s ?p ?o "
    "FILTER(isIRI(?s) || (isBlank(?s) && NOT EXISTS { ?x ?q ?s })) }"
)


def _subjects(add: ox.Store) -> tuple[set[str], list[ox.BlankNode]]:
    rows = add.query(_SUBJECTS, use_default_graph_as_union=True)
    named: set[str] = set()
    tops: list[ox.BlankNode] = []
    for row in rows:  # type: ignore[union-attr]
        term = row[0]
        if isinstance(term, ox.NamedNode):
            named.add(term.value)
        elif isinstance(term, ox.BlankNode):
            tops.append(term)
    return named, tops


_DATA_SUBJECT = ox.NamedNode(HAS_DATA_SUBJECT)


def consent_records(
    dataset: ox.Store, named: set[str], change: Iterable[ox.Quad]
) -> dict[str, frozenset[str]]:
    """The people the consent records among `named` are about (`dpv:hasDataSubject`), in the
    store before the change or in the change itself (a new record, a deleted one), each with
    the IRIs of those records."""
    found: dict[str, set[str]] = {}
    for q in change:
        if q.predicate == _DATA_SUBJECT and isinstance(q.object, ox.NamedNode):
            records = found.setdefault(q.object.value, set())
            if isinstance(q.subject, ox.NamedNode):  # a blank one is cut out as it hangs
                records.add(q.subject.value)
    for iri in named:
        for q in dataset.quads_for_pattern(ox.NamedNode(iri), _DATA_SUBJECT, None):
            if isinstance(q.object, ox.NamedNode):
                found.setdefault(q.object.value, set()).add(iri)
    return {person: frozenset(records) for person, records in found.items()}


def entities(quads: Iterable[ox.Quad]) -> set[str]:
    """The named subjects of quads (for the blank nodes among them, see `hanging`)."""
    return {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)}


def to_nquads(quads: Iterable[ox.Quad]) -> bytes:
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


#: Above this many quads a change read back from the history becomes an in-memory store,
#: as a load's change is (the write path then never turns it into Python objects again).
IN_MEMORY_QUADS = 10_000


def parse_nquads(data: bytes) -> list[ox.Quad]:
    """Quads back from N-Quads text; blank-node labels are kept as written."""
    return list(ox.parse(data, format=ox.RdfFormat.N_QUADS)) if data else []


def parse_many(texts: Sequence[bytes]) -> list[list[ox.Quad]]:
    """The quads of each of many N-Quads texts, parsed as one text and cut back by lines.

    An entity's history of 1,000 change sets has 2,000 texts of a quad or two: the parser's
    start on each cost more than its quads (11 ms against 5 ms for one text of all). The
    history writes a quad a line (`to_nquads`, `schema.slices`); texts that are not written
    so (a last line without its newline, a count that differs) are parsed one by one.
    Blank-node labels are kept as written (the texts are only read, never stored again)."""
    counts = [text.count(b"\n") for text in texts]
    if any(text and not text.endswith(b"\n") for text in texts):
        return [parse_nquads(text) for text in texts]
    quads = parse_nquads(b"".join(texts))
    if len(quads) != sum(counts):
        return [parse_nquads(text) for text in texts]
    cut, start = [], 0
    for count in counts:
        cut.append(quads[start : start + count])
        start += count
    return cut


def combined(first: Change, then: Change) -> Change:
    """One change that does what `first` and then `then` do, both against the same store.

    What `then` removes of `first`'s additions is not added at all; what `then` adds back of
    `first`'s removals is not removed. So an author's correction of her own draft becomes one
    change against the store, validated and reviewed as one.
    """
    dropped = set(then.remove)
    add = dict.fromkeys([q for q in first.add if q not in dropped] + list(then.add))
    remove = [q for q in dict.fromkeys([*first.remove, *then.remove]) if q not in add]
    return Change(add=list(add), remove=remove)


def change_from(added: bytes, removed: bytes) -> Change:
    """A `Change` from recorded N-Quads (a draft being published, the inverse of a revert)."""
    add: list[ox.Quad] | ox.Store = parse_nquads(added)
    if len(add) > IN_MEMORY_QUADS:
        staged = ox.Store()
        staged.extend(add)
        add = staged
    return Change(add=add, remove=parse_nquads(removed))
