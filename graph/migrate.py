"""Bring a store made before a model change up to the current model, keeping its data.

The model of issue 12 (docs/decisions/0003) adds terms to the vocabulary, links each name to
the one it replaces (`dcterms:replaces`) and records each decision and ceremony as a dated
step (`ag:NamingStep`). A store made before it holds the old vocabulary, namings paired only
by matching dates, and one decision and ceremony date per naming. `plan` works out what to
change; `migrate` writes it through the one write path (`akteursgraph.commit.Writer`) as one
validated change set with origin `migration`. Both are idempotent: on a migrated store the
plan is empty and `migrate` writes nothing, so running it twice changes nothing.

What it does, and only where the data does not say it already:
- the vocabulary graph is replaced by the ontology files when its `owl:versionIRI` differs;
- the namings of a site none of whose namings replaces another are ordered by the string of
  their start (or end) date and each is linked to the one before it: the one time names are
  paired by dates, after which the data says it;
- a naming's `ag:decisionDate` and `ag:ceremonyDate` become a decision step and a ceremony
  step with the naming's sources, when the naming has no step yet. The dates stay on the
  naming, as a digest for simple queries;
- (issue 13) a person's consent shortcut (`ag:publicationConsent` with `ag:consentDate`) becomes
  DPV consent records in the internal graph `internal/consent`: one for public naming, and one
  for the speaker listing when the person has a speaker profile, with the shortcut's status
  and date. The shortcut stays as the public marker, so the people public before stay public;
- (issue 13) a living person's readable IRI (`.../person/anna-beispiel`) becomes an opaque one
  (`naming.opaque_person_iri`) everywhere it stands, as subject or object, and so do the IRIs
  of their speaker profile and memberships where they repeat the person's name. Historical
  persons keep their IRIs. The new IRI is a keyed hash of the old one (`person_key`), so
  `--dry-run` shows exactly the IRIs the run mints;
- (issue 13) a consent record that names no category of personal data gets its purpose's
  (`people.purposes.PERSONAL_DATA`: `dpv:hasPersonalData pd:Name`, ...).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import pyoxigraph as ox

from .changes.model import ORIGIN_MIGRATION, ChangeMeta, default_author
from .commit import Commit, Writer
from .errors import StoreError
from .loader import read_file
from .namespaces import (
    AG,
    AGV,
    DCTERMS,
    HAS_PERSONAL_DATA,
    ONTOLOGY_IRI,
    ORG,
    OWL,
    PROV,
    RDF_TYPE,
    SCHEMA,
    SKOS,
)
from .naming import opaque_person_iri
from .operations import VOCABULARY_GRAPH
from .people.purposes import PERSONAL_DATA, PUBLIC_NAMING, PUBLIC_SPEAKER_LISTING
from .people.records import CONSENT_GRAPH, record_iri, record_quads
from .resources import ontology_files, query
from .store import Change, Store, Term

__all__ = ["ORIGIN_MIGRATION", "PERSON_KEY_FILE", "Plan", "migrate", "person_key", "plan"]

#: The store's key for the opaque IRIs `migrate` mints for living persons (owner-only file).
PERSON_KEY_FILE = "migrate-person-key"


@dataclass
class Plan:
    """What a migration would change: the change set and one line per step for people."""

    change: Change = field(default_factory=Change)
    lines: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(len(self.change))


def plan(store: Store) -> Plan:
    """What `migrate` would write on `store`; empty when the store is up to date."""
    result = Plan()
    add: list[ox.Quad] = []
    _vocabulary(store, result, add)
    _successions(store, result, add)
    _steps(store, result, add)
    _consent_records(store, result, add)
    _data_categories(store, result, add)
    _opaque_people(store, result, add)
    result.change = Change(add=add, remove=result.change.remove)
    return result


def migrate(store: Store, *, writer: Writer | None = None, agent: str | None = None) -> Plan:
    """Write the plan as one validated change set (origin `migration`); nothing if empty."""
    todo = plan(store)
    if todo:
        meta = ChangeMeta(
            author=agent or default_author(),
            origin=ORIGIN_MIGRATION,
            comment="migrate: model of issues 12 and 13 (docs/decisions/0003, docs/model.md)",
            detail={"steps": todo.lines},
        )
        commit: Commit = (writer or Writer(store)).commit(todo.change, meta)
        todo.lines.append(f"change set {commit.change_id}")
    return todo


def _ontology(store: Store) -> tuple[set[str], set[str], list[ox.Quad]]:
    """The ontology versions the store holds and the installed files bring, and their quads."""
    graph = ox.NamedNode(store.graph_iri(VOCABULARY_GRAPH))
    rows = store.select(query("migrate/ontology-version"), bindings={"graph": graph})
    held = {row["version"].value for row in rows}
    files = [read_file(store, path, graph=VOCABULARY_GRAPH) for path in ontology_files()]
    new = [q for f in files for q in f.change.add]
    version = ox.NamedNode(OWL + "versionIRI")
    wanted = {
        q.object.value for q in new if q.predicate == version and q.subject.value == ONTOLOGY_IRI
    }
    return held, wanted, new


def behind_note(store: Store) -> str | None:
    """What `serve` says at start when the store's vocabulary is older than the installed one
    (after an update of the software): its pages show the old labels until `migrate`, which
    a running server refuses; so the operator learns it where they look, not from a page."""
    held, wanted, _new = _ontology(store)
    if held == wanted:
        return None
    old, now = ", ".join(sorted(held)) or "(keine / none)", ", ".join(sorted(wanted))
    return (
        f"Hinweis: Der Speicher hält das Vokabular {old}, diese Version bringt {now}. "
        "Server beenden, `akteursgraph migrate` ausführen, neu starten.\n"
        f"Note: the store holds the vocabulary {old}; this version brings {now}. "
        "Stop the server, run `akteursgraph migrate`, start it again."
    )


def _vocabulary(store: Store, result: Plan, add: list[ox.Quad]) -> None:
    graph = ox.NamedNode(store.graph_iri(VOCABULARY_GRAPH))
    held, wanted, new = _ontology(store)
    if held == wanted:
        return
    result.change.remove.extend(store.quads(graph=graph))
    add.extend(new)
    result.lines.append(
        f"vocabulary {', '.join(sorted(held)) or '(none)'} -> {', '.join(sorted(wanted))}"
    )


def _successions(store: Store, result: Plan, add: list[ox.Quad]) -> None:
    sites: dict[str, dict[str, dict[str, Term | None]]] = defaultdict(dict)
    linked: set[str] = set()
    for row in store.select(query("migrate/namings")):
        site = row["site"].value
        sites[site].setdefault(
            row["naming"].value,
            {"graph": row["graph"], "start": row.get("start"), "end": row.get("end")},
        )
        if "replaces" in row:
            linked.add(site)
    replaces = ox.NamedNode(DCTERMS + "replaces")
    for site, namings in sorted(sites.items()):
        if site in linked or len(namings) < 2:
            continue
        # Dates of mixed precision order by their string (docs/model.md, "Dates").
        ordered = sorted(
            namings.items(),
            key=lambda n: (_text(n[1]["start"]) or _text(n[1]["end"]) or "", n[0]),
        )
        for (earlier, _e), (later, facts) in pairwise(ordered):
            graph = facts["graph"]
            assert isinstance(graph, ox.NamedNode)
            add.append(ox.Quad(ox.NamedNode(later), replaces, ox.NamedNode(earlier), graph))
            result.lines.append(f"{later} dcterms:replaces {earlier}")


@dataclass
class _Digest:
    """A naming's one decision and ceremony date, as the model before issue 12 kept them."""

    graph: ox.NamedNode
    name: str
    decision: ox.Literal | None
    ceremony: ox.Literal | None
    decided_by: ox.NamedNode | None
    sources: set[ox.NamedNode] = field(default_factory=set)


def _steps(store: Store, result: Plan, add: list[ox.Quad]) -> None:
    digests: dict[str, _Digest] = {}
    for row in store.select(query("migrate/naming-digests")):
        digest = digests.setdefault(
            row["naming"].value,
            _Digest(
                graph=row["graph"],
                name=row["name"].value,
                decision=row.get("decision"),
                ceremony=row.get("ceremony"),
                decided_by=row.get("decidedBy"),
            ),
        )
        if "source" in row:
            digest.sources.add(row["source"])
    for iri, digest in sorted(digests.items()):
        for kind, date, de, en in (
            ("assembly-decision", digest.decision, "Beschluss", "Decision"),
            ("ceremony", digest.ceremony, "Festakt", "Ceremony"),
        ):
            if date is None:
                continue
            step = ox.NamedNode(_step_iri(iri, kind))
            facts: list[tuple[str, Term]] = [
                (RDF_TYPE, ox.NamedNode(AG + "NamingStep")),
                (SKOS + "prefLabel", ox.Literal(f"{de}: »{digest.name}«", language="de")),
                (SKOS + "prefLabel", ox.Literal(f'{en}: "{digest.name}"', language="en")),
                (AG + "stepOf", ox.NamedNode(iri)),
                (DCTERMS + "type", ox.NamedNode(f"{AGV}naming-step/{kind}")),
                (SCHEMA + "startDate", date),
                (DCTERMS + "description", ox.Literal(_TAKEN_OVER_DE, language="de")),
                (DCTERMS + "description", ox.Literal(_TAKEN_OVER_EN, language="en")),
            ]
            facts += [(DCTERMS + "source", s) for s in sorted(digest.sources, key=str)]
            if kind == "assembly-decision" and digest.decided_by is not None:
                facts.append((PROV + "wasAssociatedWith", digest.decided_by))
            add += [ox.Quad(step, ox.NamedNode(p), o, digest.graph) for p, o in facts]
            result.lines.append(f"{step.value} ({kind} {date.value}) of {iri}")


def _consent_records(store: Store, result: Plan, add: list[ox.Quad]) -> None:
    graph = store.graph_iri(CONSENT_GRAPH)
    people: dict[str, dict[str, object]] = {}
    for row in store.select(query("migrate/consent-shortcuts")):
        facts = people.setdefault(
            row["person"].value,
            {"status": row["status"].value, "date": row.get("date"), "profile": False},
        )
        facts["profile"] = bool(facts["profile"]) or "profile" in row
    for person, facts in people.items():
        purposes = [PUBLIC_NAMING] + ([PUBLIC_SPEAKER_LISTING] if facts["profile"] else [])
        date = facts["date"]
        when = f"{date.value}T00:00:00Z" if isinstance(date, ox.Literal) else None
        for purpose in purposes:
            record = record_iri(store.base_iri, person, purpose)
            add.extend(
                record_quads(
                    record,
                    person,
                    purpose,
                    str(facts["status"]),
                    graph,
                    indicated_at=when,
                    method="ag:publicationConsent (migrated)",
                    recorded_by="akteursgraph migrate",
                )
            )
            result.lines.append(f"{record} consent of {person} for {purpose}")


def _data_categories(store: Store, result: Plan, add: list[ox.Quad]) -> None:
    """Consent records made before they named the categories of personal data they cover:
    each gets its purpose's (`people.purposes.PERSONAL_DATA`), in the record's own graph."""
    for row in store.select(query("migrate/records-without-categories")):
        record, purpose, graph = row["record"], row["purpose"], row["graph"]
        for category in PERSONAL_DATA.get(purpose.value, ()):
            term = ox.NamedNode(category)
            add.append(ox.Quad(record, ox.NamedNode(HAS_PERSONAL_DATA), term, graph))
        result.lines.append(f"{record.value}: data categories of {purpose.value}")


def _opaque_people(store: Store, result: Plan, add: list[ox.Quad]) -> None:
    """Rename living persons (and what repeats their name) to opaque IRIs: every stored quad
    that names one is replaced, and so is every quad the plan adds already."""
    rows = store.select(
        query("migrate/readable-living-people"),
        bindings={"public": ox.Literal(store.public_prefix)},
    )
    if not rows:
        return
    key = person_key(store.path)
    renames: dict[ox.NamedNode, ox.NamedNode] = {}
    for row in rows:
        person = row["person"]
        assert isinstance(person, ox.NamedNode)
        head, marker, slug = person.value.rpartition("/person/")
        base = head + "/" if marker else store.base_iri
        new = minted_person_iri(base, key, person.value)
        if next(store.quads(ox.NamedNode(new)), None) is not None:
            raise StoreError(  # 80 bits: never seen, but never silently merged either
                f"Die neue IRI {new} für {person.value} ist schon vergeben.",
                f"The new IRI {new} for {person.value} is taken already.",
                where=person.value,
            )
        renames[person] = ox.NamedNode(new)
        token = new.rpartition("/")[2]
        owned = [q.object for q in store.quads(person, ox.NamedNode(AG + "hasSpeakerProfile"))]
        owned += [q.subject for q in store.quads(None, ox.NamedNode(ORG + "member"), person)]
        for node in owned:
            if isinstance(node, ox.NamedNode) and slug and slug in node.value.rpartition("/")[2]:
                head_o, _, last = node.value.rpartition("/")
                renames[node] = ox.NamedNode(f"{head_o}/{last.replace(slug, token)}")
        result.lines.append(f"{person.value} -> {new}")
    if not renames:
        return

    def renamed(q: ox.Quad) -> ox.Quad:
        s = renames.get(q.subject, q.subject)  # type: ignore[call-overload]
        o = renames.get(q.object, q.object)  # type: ignore[call-overload]
        return ox.Quad(s, q.predicate, o, q.graph_name)

    old: dict[ox.Quad, None] = {}
    for node in renames:
        old.update(dict.fromkeys(store.quads(node)))
        old.update(dict.fromkeys(store.quads(None, None, node)))
    result.change.remove.extend(old)
    add[:] = [renamed(q) for q in add]
    add.extend(renamed(q) for q in old)


def minted_person_iri(base: str, key: bytes, old: str) -> str:
    """The opaque IRI `migrate` gives the living person now at `old`: HMAC-SHA256 of the old
    IRI under the store's key (`person_key`), 80 bits of it (`naming.opaque_person_iri`).

    Why a keyed hash and not random bits, as new persons get: the plan `--dry-run` lists is
    then exactly the one the run writes, with nothing to save between them, and the run
    is repeatable (a store restored from before the migration is migrated to the same
    IRIs). Why keyed: the old IRI holds the name, so an unkeyed hash of it could be
    recomputed from a guessed name and would link the name to the opaque IRI; without the
    key (only in the store folder) it cannot. The name itself never enters the IRI."""
    digest = hmac.new(key, old.encode("utf-8"), hashlib.sha256).digest()
    return opaque_person_iri(base, digest)


def person_key(store_path: Path) -> bytes:
    """The store's key for `minted_person_iri`: 32 random bytes in `migrate-person-key`
    (owner-only), made by the first plan that renames a person (a dry run too: its list
    must be the run's). Two processes making it at once agree: the first file wins."""
    path = Path(store_path) / PERSON_KEY_FILE
    try:
        return bytes.fromhex(path.read_text(encoding="utf-8").strip())
    except FileNotFoundError:
        pass
    # Written whole beside it, then linked into place: a reader never sees half a key.
    part = path.with_name(f"{PERSON_KEY_FILE}.{os.getpid()}.part")
    try:
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(secrets.token_bytes(32).hex() + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(part, path)
    except OSError as exc:
        raise StoreError(
            f"Der Schlüssel für neue Personen-IRIs kann nicht angelegt werden ({exc.strerror}).",
            f"The key for new person IRIs cannot be made ({exc.strerror}).",
            where=str(path),
        ) from exc
    finally:
        part.unlink(missing_ok=True)
    return bytes.fromhex(path.read_text(encoding="utf-8").strip())


_TAKEN_OVER_DE = "Bei der Migration aus dem Datum an der Benennung übernommen."
_TAKEN_OVER_EN = "Taken over from the naming's date by the migration."


def _step_iri(naming: str, kind: str) -> str:
    """`.../naming/SLUG` -> `.../naming-step/SLUG-KIND`, under the naming's own base."""
    head, _, slug = naming.rpartition("/")
    if head.endswith("/naming"):
        head = head[: -len("naming")] + "naming-step"
    return f"{head}/{slug}-{kind}"


def _text(term: Term | None) -> str | None:
    return term.value if isinstance(term, ox.Literal) else None
