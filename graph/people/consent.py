"""Withdrawing consent always succeeds, and unpublishes what depended on it in the same change.

A living person may appear or be referred to in a public graph only with the public marker
`ag:publicationConsent dpv:ConsentGiven`, and the marker only under a valid consent record for
public naming; a speaker profile only under one for the speaker listing (the privacy rules in
`validation`, the mapping in `people.purposes`). When a change takes consent away (removes the
marker or records another value; removes a record's `dpv:ConsentGiven` or records another
status: withdrawn, refused, expired), refusing the change would keep the person's data public
against their will; so the write path adds to the change the removal of every public statement
that consent covered (for public naming: everything about the person or pointing at them,
with the blank nodes that belong to those statements; for the speaker listing: the profile),
and the change is validated and applied whole. The expiry sweep (`people.expiry`) is such a
change: it records `dpv:ConsentExpired` on records whose time has run out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import pyoxigraph as ox

from ..namespaces import (
    AG,
    CONSENT_EXPIRED,
    CONSENT_EXPIRES,
    CONSENT_GIVEN,
    DPV,
    FOAF,
    HAS_CONSENT_STATUS,
    HAS_DATA_SUBJECT,
    HAS_PURPOSE,
    HISTORICAL_PERSON_CLASS,
    ORG,
    PERSON_CLASS,
    PROV,
    PUBLICATION_CONSENT,
    RDF,
    RDF_TYPE,
    SCHEMA,
    SKOS,
    XSD,
)
from ..store import Change, Store
from .purposes import OFFICE_PLACEMENT, PUBLIC_FIELDS, PUBLIC_NAMING

_CONSENT = ox.NamedNode(PUBLICATION_CONSENT)
_GIVEN = ox.NamedNode(CONSENT_GIVEN)
_STATUS = ox.NamedNode(HAS_CONSENT_STATUS)
_SUBJECT = ox.NamedNode(HAS_DATA_SUBJECT)
_PURPOSE = ox.NamedNode(HAS_PURPOSE)
_EXPIRES = ox.NamedNode(CONSENT_EXPIRES)
_WITHDRAWN = ox.NamedNode(DPV + "ConsentWithdrawn")
_EXPIRED = ox.NamedNode(CONSENT_EXPIRED)
_SINCE = ox.NamedNode(AG + "consentStatusSince")


def now_literal(when: datetime | None = None) -> ox.Literal:
    """The time the consent rules compare expiry with, as an xsd:dateTime in UTC."""
    moment = (when or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    return ox.Literal(moment.isoformat(), datatype=ox.NamedNode(XSD + "dateTime"))


#: The predicates the consent rules read of what a change adds: a load's in-memory store is
#: asked for these alone (a pattern look-up each), never turned into Python objects whole.
_CONSENT_PREDICATES = (_CONSENT, _STATUS, _SUBJECT, _PURPOSE, _EXPIRES)


def consent_statements(add: list[ox.Quad] | ox.Store) -> list[ox.Quad]:
    """What a change adds that the consent rules read: all of a list; of a load's in-memory
    store, its quads with a consent predicate (so a withdrawal in a loaded file is seen)."""
    if not isinstance(add, ox.Store):
        return add
    return [q for p in _CONSENT_PREDICATES for q in add.quads_for_pattern(None, p, None, None)]


def with_withdrawals(store: Store, change: Change) -> Change:
    """`change`, plus the removals that a consent withdrawal in it entails (or `change` itself).

    Whatever the change's form: the additions of a load (an in-memory store) are searched
    for consent statements by pattern (`consent_statements`)."""
    added = consent_statements(change.add)
    # Only what the store gives can be taken away: a person recorded as refusing from the
    # start (an import of speakers, some of whom said no) withdraws nothing, and such a
    # change is reviewed like any other (it was refused as "a withdrawal beside public
    # changes" before).
    withdrawn = [p for p in _withdrawn(store, change, added) if _given(store, p)]
    marked = set(withdrawn)  # by the marker, not by a record the change ends
    # An expiry written at or before now ends its record at once, as the sweep would: the
    # person stayed public until the next sweep (up to an hour, or until a restart).
    now = now_literal().value
    expiring = {
        q.subject
        for q in added
        if q.predicate == _EXPIRES
        and isinstance(q.object, ox.Literal)
        and q.object.value <= now
        and _stated(store.quads(q.subject, _STATUS, _GIVEN))
    }
    ended = [
        (record, people, purposes)
        for record, people, purposes in _records_ended(store, change, added, expiring)
        if _stated(store.quads(record, _STATUS, _GIVEN)) or any(_given(store, p) for p in people)
    ]
    ending = {record for record, _people, _purposes in ended}
    narrowed = _records_narrowed(store, change, added, ending)
    if not withdrawn and not ended and not narrowed:
        return change
    removed = set(change.remove)
    extra: list[ox.Quad] = []

    def drop(quads: Iterable[ox.Quad]) -> None:
        for q in quads:
            if q not in removed:
                removed.add(q)
                extra.append(q)

    restated: list[ox.Quad] = []
    statused = {q.subject for q in added if q.predicate == _STATUS}
    for record, _people, _purposes in ended:
        # The newest word is the new status: a record keeps no dpv:ConsentGiven beside it.
        drop(store.quads(record, _STATUS, _GIVEN))
        kept = [q for q in store.quads(record) if q not in removed]
        if record not in statused and kept:
            # Its status deleted and nothing said instead: that is a withdrawal (or, with an
            # expiry that has passed, an expiry), and the record says so (and when), so it
            # stays a whole record. A load's additions count too (`consent_statements`):
            # leaving them out refused a loaded expiry for the status it had lost.
            where = kept[0].graph_name
            status = _EXPIRED if record in expiring else _WITHDRAWN
            restated.append(ox.Quad(record, _STATUS, status, where))
            restated.append(ox.Quad(record, _SINCE, now_literal(), where))
    # What each ended or narrowed record no longer covers, unless another record still does.
    for _record, people, purposes in (*ended, *narrowed):
        for person in people:
            for purpose in purposes:
                if _still_valid(store, person, purpose, ending, added, removed):
                    continue
                if purpose.value == PUBLIC_NAMING:
                    withdrawn.append(person)
                else:
                    drop(_public_fields(store, person, purpose))
    for person in dict.fromkeys(withdrawn):
        # Any other record of consent given goes too: the newest word is the withdrawal.
        for q in store.quads(person, _CONSENT, _GIVEN):
            if q not in removed:
                removed.add(q)
                extra.append(q)
        # The record of consent to public naming says so too, when the withdrawal came as
        # the marker: it kept "consent given" beside a person no longer public.
        for record in _naming_records_of(store, person, ending | statused, marked):
            drop(store.quads(record, _STATUS, _GIVEN))
            where = next(iter(store.quads(record, _SUBJECT, person))).graph_name
            restated.append(ox.Quad(record, _STATUS, _WITHDRAWN, where))
            restated.append(ox.Quad(record, _SINCE, now_literal(), where))
        for q in _public_statements(store, person):
            if q not in removed:
                removed.add(q)
                extra.append(q)
    add = change.add
    if restated and isinstance(add, ox.Store):
        add.extend(restated)  # a load's in-memory store: this change's alone
    elif restated:
        add = [*add, *restated]
    affected = set(withdrawn) | {p for _r, people, _p in (*ended, *narrowed) for p in people}
    placed = {p for p in affected if _still_valid(store, p, _PLACEMENT, ending, added, removed)}
    kept = _names_inside(store, extra, set(withdrawn)) + _placement_inside(store, extra, placed)
    if kept and isinstance(add, ox.Store):
        add.extend(kept)  # a load's in-memory store: this change's alone
    elif kept:
        add = [*add, *kept]
    return Change(
        add=_marker_inside(store, add, set(withdrawn)),
        remove=[*change.remove, *extra],
        unpublished=[q for q in extra if store.is_public_graph(q.graph_name)],
        unpublished_people=[p for p in dict.fromkeys(withdrawn) if isinstance(p, ox.NamedNode)],
    )


#: What the office keeps, internally, of a person whose public naming ends: who they are.
_KEPT_INSIDE = frozenset(
    ox.NamedNode(iri)
    for iri in (
        RDF_TYPE,
        SKOS + "prefLabel",
        FOAF + "name",
        FOAF + "givenName",
        FOAF + "familyName",
        SCHEMA + "name",
        SCHEMA + "givenName",
        SCHEMA + "familyName",
    )
)


def _naming_records_of(
    store: Store, person: ox.NamedNode, settled: set[object], marked: set[ox.NamedNode]
) -> list[ox.NamedNode | ox.BlankNode]:
    """When the person's consent is withdrawn by the marker (`marked`): their own records of
    consent to public naming that still say it is given, except those the change ends or
    gives a status itself (`settled`). A record about several people stays as it is: the
    others' consent is not withdrawn."""
    if person not in marked:
        return []
    found = []
    for link in store.quads(None, _SUBJECT, person):
        record = link.subject
        if record in settled or not _stated(store.quads(record, _STATUS, _GIVEN)):
            continue
        if not _stated(store.quads(record, _PURPOSE, ox.NamedNode(PUBLIC_NAMING))):
            continue
        if any(q.object != person for q in store.quads(record, _SUBJECT)):
            continue
        found.append(record)
    return found


def _names_inside(
    store: Store, removed: list[ox.Quad], withdrawn: set[ox.NamedNode]
) -> list[ox.Quad]:
    """The type and names of each person whose public naming ends, stated in the internal
    graph of the same name: public consent ends, the office's records of the person stay (an
    erasure removes them). Without them the staff saw the person's contact data under an
    address, not knowing whose it was. A predicate the person has internally already is
    left as it stands there."""
    found = []
    for q in removed:
        if q.subject not in withdrawn or q.predicate not in _KEPT_INSIDE:
            continue
        if not isinstance(q.graph_name, ox.NamedNode) or not store.is_public_graph(q.graph_name):
            continue
        if any(
            not store.is_public_graph(s.graph_name) for s in store.quads(q.subject, q.predicate)
        ):
            continue
        name = q.graph_name.value.removeprefix(store.public_prefix)
        found.append(
            ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(store.internal_prefix + name))
        )
    return found


#: What placement by the office covers of a person's own statements (DPV-PD Language and
#: Professional, `purposes.PERSONAL_DATA`), besides their speaker profile whole.
_PLACEMENT_FIELDS = frozenset(
    ox.NamedNode(iri) for iri in (SCHEMA + "knowsLanguage", AG + "hasSpeakerProfile")
)
_PLACEMENT = ox.NamedNode(OFFICE_PLACEMENT)


def _placement_inside(
    store: Store, removed: list[ox.Quad], placed: set[ox.NamedNode]
) -> list[ox.Quad]:
    """What a still valid consent to placement by the office covers, of the public statements
    a withdrawal takes away, stated in the internal graph of the same name: the person's
    speaker profile (topics, formats, regions, languages) and languages. The withdrawal of
    the public listing deleted them, and the office could no longer place a speaker it still
    had her consent to place (exploratory walk). Kept where the person has them internally
    already."""
    if not placed:
        return []
    subjects: set[object] = set()
    for person in placed:
        for link in store.quads(person, ox.NamedNode(AG + "hasSpeakerProfile")):
            if isinstance(link.object, ox.NamedNode):
                subjects.add(link.object)
                subjects.update(q.subject for q in store.description(link.object))
    found = []
    for q in removed:
        mine = q.subject in subjects or (q.subject in placed and q.predicate in _PLACEMENT_FIELDS)
        if not mine or not isinstance(q.graph_name, ox.NamedNode):
            continue
        if not store.is_public_graph(q.graph_name):
            continue
        inside = ox.NamedNode(
            store.internal_prefix + q.graph_name.value.removeprefix(store.public_prefix)
        )
        if next(store.quads(q.subject, q.predicate, q.object, inside), None) is None:
            found.append(ox.Quad(q.subject, q.predicate, q.object, inside))
    return found


def _marker_inside(
    store: Store, add: list[ox.Quad] | ox.Store, withdrawn: set[ox.NamedNode]
) -> list[ox.Quad] | ox.Store:
    """`add` with each withdrawal marker stated in a public graph moved to the internal graph
    of the same name: left public, it kept the person's IRI on /sparql and gave them a page
    saying only that they withdrew (exploratory test, 2026-12-03). A load's in-memory store
    is changed in place (it is this change's alone)."""

    def inside(q: ox.Quad) -> ox.Quad | None:
        if q.predicate != _CONSENT or q.object == _GIVEN or q.subject not in withdrawn:
            return None
        if not isinstance(q.graph_name, ox.NamedNode) or not store.is_public_graph(q.graph_name):
            return None
        name = q.graph_name.value.removeprefix(store.public_prefix)
        return ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(store.internal_prefix + name))

    if isinstance(add, ox.Store):
        moved_any = False
        for q in list(add.quads_for_pattern(None, _CONSENT, None, None)):
            moved = inside(q)
            if moved is not None:
                add.remove(q)
                add.add(moved)
                moved_any = True
        if moved_any:
            _record_inside_if_nothing_public(store, add)
        return add
    moved = [inside(q) or q for q in add]
    if moved != list(add):
        # A load sent through the running server comes as a list (`server_link`): its record
        # named the file in public data as before (exploratory test).
        staged = ox.Store()
        staged.extend(moved)
        _record_inside_if_nothing_public(store, staged)
        return list(staged)
    return moved


def _record_inside_if_nothing_public(store: Store, add: ox.Store) -> None:
    """A load whose public part was only withdrawals keeps its record inside too: its public
    record named the file ("widerruf-person-x.ttl", as an office names such a file) and the
    public graph it claimed to fill, in public data and dumps (exploratory test)."""
    public_meta = ox.NamedNode(store.public_prefix + "meta")
    for graph in add.named_graphs():
        if not store.is_public_graph(graph) or graph == public_meta:  # type: ignore[arg-type]
            continue
        if next(iter(add.quads_for_pattern(None, None, None, graph)), None) is not None:
            return  # the load publishes something: its record says so
    internal_meta = ox.NamedNode(store.internal_prefix + "meta")
    records = store.base_iri + "load/"
    for q in list(add.quads_for_pattern(None, None, None, public_meta)):
        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(records):
            add.remove(q)
            add.add(ox.Quad(q.subject, q.predicate, q.object, internal_meta))


def gives_consent(change: Change) -> bool:
    """Whether `change` records consent given: the public marker, or a record's status."""
    return any(
        q.object == _GIVEN and q.predicate in (_CONSENT, _STATUS)
        for q in consent_statements(change.add)
    )


def besides_consent(store: Store, change: Change, *, load: bool = False) -> Iterable[ox.Quad]:
    """The quads `change` adds or removes in public graphs that are not consent statements
    (the public marker, or a statement about a consent record): what a change holds besides
    a withdrawal that would need review. Lazy, so a caller that needs the first pays for it
    alone (a load's in-memory store is read graph by public graph). With `load` (the change
    of a CLI load), the load's record of itself is no such quad."""
    exempt = {
        q.subject
        for q in (*consent_statements(change.add), *change.remove)
        if q.predicate in _CONSENT_PREDICATES and q.predicate != _CONSENT
    }
    if load:
        # A load's record of itself (`loader.provenance`: a prov:Activity in the meta graph)
        # says that a file was loaded, nothing about anyone: `load --draft` of a file holding
        # only a withdrawal was refused for it. Only a load's: an editor's update could name
        # anything a prov:Activity.
        meta = ox.NamedNode(store.public_prefix + "meta")
        activity, type_ = ox.NamedNode(PROV + "Activity"), ox.NamedNode(RDF_TYPE)
        if isinstance(change.add, ox.Store):
            added = change.add.quads_for_pattern(None, type_, activity, meta)
        else:
            added = (q for q in change.add if q.graph_name == meta and q.predicate == type_)
        exempt |= {q.subject for q in added if q.object == activity}

    # What a withdrawal takes away by itself: the person's consent date and public statements
    # (`with_withdrawals`). A withdrawal that also deleted the date, or the revert of a
    # published consent that removes what that consent had published, was refused as
    # "besides the withdrawal" (exploratory test).
    entailed: set[ox.Quad] = set()
    for person in withdrawing(store, change):
        entailed.update(_public_statements(store, person))

    def other(q: ox.Quad) -> bool:
        return q.predicate != _CONSENT and q.subject not in exempt

    add = change.add
    if isinstance(add, ox.Store):
        for graph in add.named_graphs():
            if isinstance(graph, ox.NamedNode) and store.is_public_graph(graph):
                yield from filter(other, add.quads_for_pattern(None, None, None, graph))
    else:
        yield from (q for q in add if store.is_public_graph(q.graph_name) and other(q))
    yield from (
        q
        for q in change.remove
        if store.is_public_graph(q.graph_name) and other(q) and q not in entailed
    )


def withdrawing(store: Store, change: Change) -> list[ox.NamedNode]:
    """The people whose consent given `change` takes away: their public marker withdrawn,
    or a record about them whose given status it ends (by removal or another status)."""
    added = consent_statements(change.add)
    people = [
        q.subject
        for q in added
        if q.predicate == _CONSENT and q.object != _GIVEN and isinstance(q.subject, ox.NamedNode)
    ]
    people += [
        q.subject
        for q in change.remove
        if q.predicate == _CONSENT and q.object == _GIVEN and isinstance(q.subject, ox.NamedNode)
    ]
    records = {q.subject for q in change.remove if q.predicate == _STATUS and q.object == _GIVEN}
    records |= {q.subject for q in added if q.predicate == _STATUS and q.object != _GIVEN}
    for record in records:
        people += [
            q.object
            for q in store.quads(record, _SUBJECT)  # type: ignore[arg-type]
            if isinstance(q.object, ox.NamedNode)
        ]
    return [p for p in dict.fromkeys(people) if _given(store, p)]


def _given(store: Store, person: ox.NamedNode) -> bool:
    """Whether the store gives `person` consent now: the public marker, or a consent record
    about them with `dpv:ConsentGiven`."""
    return _stated(store.quads(person, _CONSENT, _GIVEN)) or any(
        _stated(store.quads(link.subject, _STATUS, _GIVEN))
        for link in store.quads(None, _SUBJECT, person)
    )


def _stated(quads: Iterable[ox.Quad]) -> bool:
    return next(iter(quads), None) is not None


def _records_ended(
    store: Store, change: Change, added: list[ox.Quad], expiring: set[object] = frozenset()
) -> list[tuple[ox.NamedNode | ox.BlankNode, list[ox.NamedNode], list[ox.NamedNode]]]:
    """Consent records whose `dpv:ConsentGiven` this change takes away (removes it, records
    another status, or gives it an expiry that has passed: `expiring`), with their data
    subjects and purposes as they stood."""
    records: dict[ox.NamedNode | ox.BlankNode, None] = dict.fromkeys(expiring)  # type: ignore[arg-type]
    for q in change.remove:
        if q.predicate == _STATUS and q.object == _GIVEN:
            records[q.subject] = None  # type: ignore[index]
    for q in added:
        if q.predicate == _STATUS and q.object != _GIVEN:
            records[q.subject] = None  # type: ignore[index]
    if not records:
        return []
    given_again = {q.subject for q in added if q.predicate == _STATUS and q.object == _GIVEN}
    # One pass over what the change adds (a load may add a million quads).
    stated: dict[object, list[ox.Quad]] = {}
    for q in added:
        if q.predicate in (_SUBJECT, _PURPOSE) and q.subject in records:
            stated.setdefault(q.subject, []).append(q)
    found = []
    for record in records:
        if record in given_again:
            continue
        facts = [*store.quads(record, _SUBJECT), *store.quads(record, _PURPOSE)]
        facts += stated.get(record, [])
        people = [
            q.object
            for q in facts
            if q.predicate == _SUBJECT and isinstance(q.object, ox.NamedNode)
        ]
        purposes = [
            q.object
            for q in facts
            if q.predicate == _PURPOSE and isinstance(q.object, ox.NamedNode)
        ]
        found.append((record, list(dict.fromkeys(people)), list(dict.fromkeys(purposes))))
    return found


def _records_narrowed(
    store: Store, change: Change, added: list[ox.Quad], ending: set[object]
) -> list[tuple[object, list[ox.NamedNode], list[ox.NamedNode]]]:
    """Consent records that stay given but that this change takes a purpose or a data subject
    from, each with the people and purposes it no longer covers. A record's purpose switched
    from public naming to office placement left the person public, on no consent, and the
    store no longer conformed (exploratory test): the record ends for what it lost, as a
    record ends for all of it. A statement the change states again elsewhere is not lost."""
    again = {
        (q.subject, q.predicate, q.object) for q in added if q.predicate in (_PURPOSE, _SUBJECT)
    }
    lost: dict[object, tuple[list[ox.NamedNode], list[ox.NamedNode]]] = {}
    for q in change.remove:
        if q.predicate not in (_PURPOSE, _SUBJECT) or not isinstance(q.object, ox.NamedNode):
            continue
        if q.subject in ending or (q.subject, q.predicate, q.object) in again:
            continue
        people, purposes = lost.setdefault(q.subject, ([], []))
        (people if q.predicate == _SUBJECT else purposes).append(q.object)
    found: list[tuple[object, list[ox.NamedNode], list[ox.NamedNode]]] = []
    for record, (people_lost, purposes_lost) in lost.items():
        if not _stated(store.quads(record, _STATUS, _GIVEN)):  # type: ignore[arg-type]
            continue
        people = [q.object for q in store.quads(record, _SUBJECT)]  # type: ignore[arg-type]
        purposes = [q.object for q in store.quads(record, _PURPOSE)]  # type: ignore[arg-type]
        named = [t for t in people if isinstance(t, ox.NamedNode)]
        if purposes_lost:
            found.append((record, named, purposes_lost))
        if people_lost:
            found.append(
                (record, people_lost, [t for t in purposes if isinstance(t, ox.NamedNode)])
            )
    return found


def _still_valid(
    store: Store,
    person: ox.NamedNode,
    purpose: ox.NamedNode,
    ending: set[object],
    added: list[ox.Quad] = (),  # type: ignore[assignment]
    removed: set[ox.Quad] = frozenset(),  # type: ignore[assignment]
) -> bool:
    """Whether another valid record (given, unexpired) covers `purpose` for `person`, as the
    store will stand after the change: a record the same change adds (a renewal that ends the
    old record and gives a new one) counts, a statement it removes does not."""
    now = now_literal().value

    def values(record: object, predicate: ox.NamedNode) -> list[ox.Term]:
        kept = [q.object for q in store.quads(record, predicate) if q not in removed]  # type: ignore[arg-type]
        return kept + [q.object for q in added if q.subject == record and q.predicate == predicate]

    candidates = {link.subject for link in store.quads(None, _SUBJECT, person)}
    candidates |= {q.subject for q in added if q.predicate == _SUBJECT and q.object == person}
    for record in candidates:
        if record in ending or person not in values(record, _SUBJECT):
            continue
        if purpose not in values(record, _PURPOSE) or _GIVEN not in values(record, _STATUS):
            continue
        if not any(end.value <= now for end in values(record, _EXPIRES)):
            return True
    return False


def _public_fields(store: Store, person: ox.NamedNode, purpose: ox.NamedNode) -> list[ox.Quad]:
    """The public statements a purpose other than public naming covers: the person's fields
    it maps to (`PUBLIC_FIELDS`), and the entities those fields own (a speaker profile)."""
    found: dict[ox.Quad, None] = {}
    for field, covering in PUBLIC_FIELDS.items():
        if covering != purpose.value:
            continue
        for q in store.quads(person, ox.NamedNode(field)):
            if not store.is_public_graph(q.graph_name):
                continue
            found[q] = None
            if q.predicate in _OWNED_BY_OUTGOING and isinstance(q.object, ox.NamedNode):
                found.update(dict.fromkeys(store.description(q.object, public_only=True)))
                for incoming in store.quads(None, None, q.object):
                    if store.is_public_graph(incoming.graph_name):
                        found[incoming] = None
    return list(found)


def _withdrawn(store: Store, change: Change, added: Iterable[ox.Quad]) -> list[ox.NamedNode]:
    """People whose consent this change takes away: it removes their consent given, or records
    another consent value for them (dpv:ConsentWithdrawn, dpv:ConsentRefused, ...)."""
    people: dict[ox.NamedNode, None] = {}  # kept in order; callers may append
    for q in change.remove:
        if q.predicate == _CONSENT and q.object == _GIVEN and isinstance(q.subject, ox.NamedNode):
            people[q.subject] = None
    for q in added:
        if q.predicate == _CONSENT and q.object != _GIVEN and isinstance(q.subject, ox.NamedNode):
            people[q.subject] = None
    given_again = {q.subject for q in added if q.predicate == _CONSENT and q.object == _GIVEN}
    return [p for p in people if p not in given_again]


#: Entities that exist only for a person and go with them: a membership (its org:member), a
#: qualified statement about them (`rdf:subject`, exactly one: left without it, it broke its
#: shape, and the withdrawal was refused while the person stayed public), a moment of their
#: life (`ag:lifeEventOf`, exactly one) and a speaker profile (ag:hasSpeakerProfile).
#: Anything else that mentions the person (an event they spoke at) stays, without the mention.
_OWNED_BY_INCOMING = (
    ox.NamedNode(ORG + "member"),
    ox.NamedNode(RDF + "subject"),
    ox.NamedNode(AG + "lifeEventOf"),
)
_OWNED_BY_OUTGOING = (ox.NamedNode(AG + "hasSpeakerProfile"),)


def _public_statements(store: Store, person: ox.NamedNode) -> list[ox.Quad]:
    """Public quads about the person or pointing at them, with their blank nodes and the
    entities that exist only for them (and what points at those)."""
    owned: list[ox.NamedNode | ox.BlankNode] = [person]
    for q in store.quads(None, None, person):
        if q.predicate in _OWNED_BY_INCOMING and isinstance(q.subject, ox.NamedNode):
            owned.append(q.subject)
    for q in store.quads(person):
        if q.predicate in _OWNED_BY_OUTGOING and isinstance(q.object, ox.NamedNode):
            owned.append(q.object)
    found: dict[ox.Quad, None] = {}
    for entity in owned:
        found.update(dict.fromkeys(store.description(entity, public_only=True)))
        for q in store.quads(None, None, entity):
            if store.is_public_graph(q.graph_name):
                found[q] = None
    return list(found)


_TYPE = ox.NamedNode(RDF_TYPE)
_PERSON = ox.NamedNode(PERSON_CLASS)
_HISTORICAL = ox.NamedNode(HISTORICAL_PERSON_CLASS)


def public_without_consent(store: Store, change: Change) -> list[ox.NamedNode]:
    """Living people who, once `change` is applied, would stand in a public graph without
    consent because the change *removes* something: their consent, or the type that made
    them a historical person. (What a change adds is checked on the change itself.)"""
    after = _After(store, change)
    candidates = {
        q.subject
        for q in change.remove
        if q.predicate in (_TYPE, _CONSENT) and isinstance(q.subject, ox.NamedNode)
    }
    found = []
    for person in candidates:
        living = after.holds(person, _TYPE, _PERSON) and not _exempt(after, person)
        consented = after.holds(person, _CONSENT, _GIVEN)
        if living and not consented and _public_after(after, person):
            found.append(person)
    return found


class _After:
    """The store as a change leaves it, asked statement by statement: the change's removals
    as one set and its additions by subject and by object, each made once. The checks made
    them again for each person they asked about: the revert of a load of 142,000 quads (some
    17,600 typed subjects) held the one writer for more than six minutes (exploratory test).
    A load's in-memory store of additions is checked on the change itself, not here."""

    def __init__(self, store: Store, change: Change) -> None:
        self.store = store
        self.removed = set(change.remove)
        self.by_subject: dict[object, list[ox.Quad]] = {}
        self.by_object: dict[object, list[ox.Quad]] = {}
        if not isinstance(change.add, ox.Store):
            for q in change.add:
                self.by_subject.setdefault(q.subject, []).append(q)
                self.by_object.setdefault(q.object, []).append(q)

    def holds(self, subject: ox.NamedNode, predicate: ox.NamedNode, obj: ox.NamedNode) -> bool:
        """Whether the statement holds in some graph once the change is applied."""
        if self.kept(self.store.quads(subject, predicate, obj)):
            return True
        return any(
            q.predicate == predicate and q.object == obj for q in self.by_subject.get(subject, ())
        )

    def kept(self, quads: Iterable[ox.Quad]) -> list[ox.Quad]:
        """Those of `quads` (from the store) that the change does not remove."""
        return [q for q in quads if q not in self.removed]


def _exempt(after: _After, person: ox.NamedNode) -> bool:
    """The historical-person exemption: typed so in a public graph (once the change is
    applied), and no consent marker or record (those make a person living, whatever the
    type says)."""
    store, own = after.store, after.by_subject.get(person, ())
    typed = any(
        store.is_public_graph(q.graph_name)
        for q in after.kept(store.quads(person, _TYPE, _HISTORICAL))
    ) or any(
        q.predicate == _TYPE and q.object == _HISTORICAL and store.is_public_graph(q.graph_name)
        for q in own
    )
    if not typed:
        return False
    marked = bool(after.kept(store.quads(person, _CONSENT))) or any(
        q.predicate == _CONSENT for q in own
    )
    recorded = bool(after.kept(store.quads(None, _SUBJECT, person))) or any(
        q.predicate == _SUBJECT for q in after.by_object.get(person, ())
    )
    return not marked and not recorded


def _public_after(after: _After, person: ox.NamedNode) -> bool:
    """Whether a public graph mentions `person` once the change is applied."""
    store = after.store
    mentions = [*store.quads(person), *store.quads(None, None, person)]
    if any(store.is_public_graph(q.graph_name) for q in after.kept(mentions)):
        return True
    added = [*after.by_subject.get(person, ()), *after.by_object.get(person, ())]
    return any(store.is_public_graph(q.graph_name) for q in added)
