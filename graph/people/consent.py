"""Withdrawing consent always succeeds, and unpublishes what depended on it in the same change.

A living person may appear or be referred to in a public graph only with
`ag:publicationConsent dpv:ConsentGiven` (the privacy rule in `validation`). When a change takes
that consent away (removes the statement, or records another consent value), refusing the
change would keep the person's data public against their will; so the write path adds to the
change the removal of every public statement about the person or pointing at them (with the
blank nodes that belong to those statements), and the change is validated and applied whole.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..namespaces import (
    AG,
    CONSENT_GIVEN,
    HISTORICAL_PERSON_CLASS,
    ORG,
    PERSON_CLASS,
    PUBLICATION_CONSENT,
    RDF_TYPE,
)
from ..store import Change, Store

_CONSENT = ox.NamedNode(PUBLICATION_CONSENT)
_GIVEN = ox.NamedNode(CONSENT_GIVEN)


def with_withdrawals(store: Store, change: Change) -> Change:
    """`change`, plus the removals that a consent withdrawal in it entails (or `change` itself)."""
    added = [] if isinstance(change.add, ox.Store) else change.add
    withdrawn = _withdrawn(store, change, added)
    if not withdrawn:
        return change
    removed = set(change.remove)
    extra: list[ox.Quad] = []
    for person in withdrawn:
        # Any other record of consent given goes too: the newest word is the withdrawal.
        for q in store.quads(person, _CONSENT, _GIVEN):
            if q not in removed:
                removed.add(q)
                extra.append(q)
        for q in _public_statements(store, person):
            if q not in removed:
                removed.add(q)
                extra.append(q)
    return Change(add=change.add, remove=[*change.remove, *extra])


def _withdrawn(store: Store, change: Change, added: Iterable[ox.Quad]) -> list[ox.NamedNode]:
    """People whose consent this change takes away: it removes their consent given, or records
    another consent value for them (dpv:ConsentWithdrawn, dpv:ConsentRefused, ...)."""
    people: dict[ox.NamedNode, None] = {}
    for q in change.remove:
        if q.predicate == _CONSENT and q.object == _GIVEN and isinstance(q.subject, ox.NamedNode):
            people[q.subject] = None
    for q in added:
        if q.predicate == _CONSENT and q.object != _GIVEN and isinstance(q.subject, ox.NamedNode):
            people[q.subject] = None
    given_again = {q.subject for q in added if q.predicate == _CONSENT and q.object == _GIVEN}
    return [p for p in people if p not in given_again]


#: Entities that exist only for a person and go with them: a membership (its org:member) and
#: a speaker profile (ag:hasSpeakerProfile). Anything else that mentions the person (an event
#: they spoke at) stays, without the mention.
_OWNED_BY_INCOMING = (ox.NamedNode(ORG + "member"),)
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
    removed = set(change.remove)
    added = [] if isinstance(change.add, ox.Store) else change.add
    candidates = {
        q.subject
        for q in change.remove
        if q.predicate in (_TYPE, _CONSENT) and isinstance(q.subject, ox.NamedNode)
    }
    found = []
    for person in candidates:
        living = _holds(store, change, person, _TYPE, _PERSON) and not _holds(
            store, change, person, _TYPE, _HISTORICAL
        )
        consented = _holds(store, change, person, _CONSENT, _GIVEN)
        if living and not consented and _public_after(store, person, removed, added):
            found.append(person)
    return found


def _holds(
    store: Store, change: Change, subject: ox.NamedNode, predicate: ox.NamedNode, obj: ox.NamedNode
) -> bool:
    """Whether the statement holds in some graph once `change` is applied."""
    removed = set(change.remove)
    if any(q not in removed for q in store.quads(subject, predicate, obj)):
        return True
    added = [] if isinstance(change.add, ox.Store) else change.add
    return any(q.subject == subject and q.predicate == predicate and q.object == obj for q in added)


def _public_after(
    store: Store, person: ox.NamedNode, removed: set[ox.Quad], added: list[ox.Quad]
) -> bool:
    mentions = [*store.quads(person), *store.quads(None, None, person)]
    if any(store.is_public_graph(q.graph_name) and q not in removed for q in mentions):
        return True
    return any(
        store.is_public_graph(q.graph_name) and person in (q.subject, q.object) for q in added
    )
