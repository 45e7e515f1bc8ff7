"""Issue 13, items 1 and 2: consent as DPV records per purpose, withdrawal and expiry on
every public surface, the historical-person exemption only from a public graph, and the
migration of the old shortcut (and of readable person IRIs)."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask

from akteursgraph.commit import commit
from akteursgraph.findings import ValidationFailed
from akteursgraph.migrate import migrate, plan
from akteursgraph.namespaces import (
    AG,
    CONSENT_EXPIRES,
    CONSENT_GIVEN,
    DPV,
    HAS_CONSENT_STATUS,
    HAS_DATA_SUBJECT,
    HAS_PURPOSE,
    HISTORICAL_PERSON_CLASS,
    PERSON_CLASS,
    PUBLICATION_CONSENT,
    RDF_TYPE,
    SCHEMA,
    SKOS,
    XSD,
)
from akteursgraph.people.expiry import ORIGIN_CONSENT_EXPIRY, sweep
from akteursgraph.people.purposes import (
    OFFICE_PLACEMENT,
    PERSONAL_DATA,
    PUBLIC_NAMING,
    PUBLIC_SPEAKER_LISTING,
)
from akteursgraph.people.records import record_iri
from akteursgraph.store import Change, Store
from akteursgraph.validation import Validator

from .conftest import copy_store, newest_dump_text, run_cli, sparql_about_person
from .example_people import example_person

BASE = "https://w3id.org/akteursgraph/mitte/"
PUBLIC = ox.NamedNode(BASE + "graph/public/example")
INTERNAL = ox.NamedNode(BASE + "graph/internal/example")
NAME = "Amani Njeri"
PERSON = ox.NamedNode(example_person(NAME))
# A person with refused consent in the example (internal only).
TYPE = ox.NamedNode(RDF_TYPE)
STATUS = ox.NamedNode(HAS_CONSENT_STATUS)
GIVEN = ox.NamedNode(CONSENT_GIVEN)
WITHDRAWN = ox.NamedNode(DPV + "ConsentWithdrawn")
EXPIRED = ox.NamedNode(DPV + "ConsentExpired")
MARKER = ox.NamedNode(PUBLICATION_CONSENT)
PROFILE = ox.NamedNode("https://w3id.org/akteursgraph/ontology#hasSpeakerProfile")
RULE_RECORD = "https://w3id.org/akteursgraph/shapes#PublicFieldOnlyWithConsentRecord"
RULE_CONSENT = "https://w3id.org/akteursgraph/shapes#PersonPublicOnlyWithConsent"


@pytest.fixture
def store(example_store_path: Path) -> Iterator[Store]:
    with Store.open(example_store_path) as opened:
        yield opened


def public_mentions(store: Store, node: ox.NamedNode) -> list[ox.Quad]:
    quads = [*store.quads(node), *store.quads(None, None, node)]
    return [q for q in quads if store.is_public_graph(q.graph_name)]


def record_of(store: Store, person: ox.NamedNode, purpose: str) -> ox.NamedNode:
    found = [
        q.subject
        for q in store.quads(None, ox.NamedNode(HAS_DATA_SUBJECT), person)
        if any(
            True for _ in store.quads(q.subject, ox.NamedNode(HAS_PURPOSE), ox.NamedNode(purpose))
        )
    ]
    assert len(found) == 1, found
    assert isinstance(found[0], ox.NamedNode)
    return found[0]


def rules(caught: pytest.ExceptionInfo[ValidationFailed]) -> set[str]:
    return {f.shape for f in caught.value.report.violations}


def given(store: Store, record: ox.NamedNode) -> list[ox.Quad]:
    return list(store.quads(record, STATUS, GIVEN))


def past(when: str = "2020-01-01T00:00:00Z") -> ox.Literal:
    return ox.Literal(when, datatype=ox.NamedNode(XSD + "dateTime"))


# ---- the example keeps its records in an internal graph ----------------------------------


def test_every_public_person_has_a_valid_record_and_records_are_internal(store: Store) -> None:
    assert Validator.default().validate_all(store).violations == []
    marked = {
        q.subject for q in store.quads(None, MARKER, GIVEN) if store.is_public_graph(q.graph_name)
    }
    assert PERSON in marked and len(marked) > 10
    for person in marked:
        record = record_of(store, person, PUBLIC_NAMING)
        assert given(store, record)
        assert all(not store.is_public_graph(q.graph_name) for q in store.quads(record))
    # Speakers also have a record for the listing (the profile is public under it).
    assert given(store, record_of(store, PERSON, PUBLIC_SPEAKER_LISTING))
    # The IRIs carry no names: neither the person's nor the record's.
    assert re.fullmatch(re.escape(BASE) + r"example/person/p-[a-z2-7]{16}", PERSON.value)
    assert "amani" not in record_of(store, PERSON, PUBLIC_NAMING).value


# ---- rule (b): a public field needs a valid record for its purpose -----------------------


def _new_person(slug: str, *, record: str | None, expires: str | None = None) -> list[ox.Quad]:
    person = ox.NamedNode(BASE + f"example/person/{slug}")
    quads = [
        ox.Quad(person, TYPE, ox.NamedNode(PERSON_CLASS), PUBLIC),
        ox.Quad(
            person,
            ox.NamedNode(SKOS + "prefLabel"),
            ox.Literal("Test Person", language="de"),
            PUBLIC,
        ),
        ox.Quad(person, MARKER, GIVEN, PUBLIC),
    ]
    if record is not None:
        node = ox.NamedNode(record_iri(BASE, person.value, PUBLIC_NAMING))
        quads += [
            ox.Quad(node, TYPE, ox.NamedNode(DPV + "Consent"), INTERNAL),
            ox.Quad(node, ox.NamedNode(HAS_DATA_SUBJECT), person, INTERNAL),
            ox.Quad(node, ox.NamedNode(HAS_PURPOSE), ox.NamedNode(PUBLIC_NAMING), INTERNAL),
            ox.Quad(node, STATUS, ox.NamedNode(record), INTERNAL),
            *(ox.Quad(node, ox.NamedNode(DPV + "hasPersonalData"), ox.NamedNode(c), INTERNAL)
              for c in PERSONAL_DATA[PUBLIC_NAMING]),
        ]  # fmt: skip
        if expires:
            quads.append(ox.Quad(node, ox.NamedNode(CONSENT_EXPIRES), past(expires), INTERNAL))
    return quads


@pytest.mark.parametrize(
    ("record", "expires"),
    [(None, None), (DPV + "ConsentRefused", None), (CONSENT_GIVEN, "2020-01-01T00:00:00Z")],
    ids=["no record", "refused", "expired"],
)
def test_a_public_marker_without_a_valid_record_is_refused(
    store: Store, record: str | None, expires: str | None
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        commit(store, Change(add=_new_person("p-aaaaaaaaaaaaaaaa", record=record, expires=expires)))
    assert RULE_RECORD in rules(caught)


def test_a_public_marker_with_a_valid_record_is_accepted(store: Store) -> None:
    commit(
        store,
        Change(
            add=_new_person(
                "p-aaaaaaaaaaaaaaab", record=CONSENT_GIVEN, expires="2999-01-01T00:00:00Z"
            )
        ),
    )


def test_a_consent_record_in_a_public_graph_is_refused(store: Store) -> None:
    quads = _new_person("p-aaaaaaaaaaaaaaac", record=CONSENT_GIVEN)
    moved = [ox.Quad(q.subject, q.predicate, q.object, PUBLIC) for q in quads]
    with pytest.raises(ValidationFailed) as caught:
        commit(store, Change(add=moved))
    assert "https://w3id.org/akteursgraph/shapes#ConsentRecordNotPublic" in rules(caught)


def test_a_consent_record_keeps_its_type_while_it_says_anything(store: Store) -> None:
    """Removing `a dpv:Consent` switched the record's checks off: its data categories could
    then go too, and the person stayed public on a record of neither (walk). Removed whole,
    the record is a withdrawal, as before."""
    record = record_of(store, PERSON, PUBLIC_NAMING)
    [typed] = store.quads(record, TYPE, ox.NamedNode(DPV + "Consent"))
    before = sorted(map(str, store.quads()))
    with pytest.raises(ValidationFailed) as caught:
        commit(store, Change(remove=[typed]))
    assert "https://w3id.org/akteursgraph/shapes#ConsentRecordTypedShape" in rules(caught)
    assert sorted(map(str, store.quads())) == before
    commit(store, Change(remove=list(store.quads(record))))  # whole: a withdrawal
    assert public_mentions(store, PERSON) == []


def test_a_public_profile_needs_the_speaker_listing(store: Store) -> None:
    listing = record_of(store, PERSON, PUBLIC_SPEAKER_LISTING)
    # Without the listing, adding the profile link again is refused.
    links = [q for q in store.quads(PERSON, PROFILE) if store.is_public_graph(q.graph_name)]
    assert links
    commit(store, Change(add=[ox.Quad(listing, STATUS, WITHDRAWN, INTERNAL)]))
    assert [q for q in store.quads(PERSON, PROFILE) if store.is_public_graph(q.graph_name)] == []
    with pytest.raises(ValidationFailed) as caught:
        commit(store, Change(add=links))
    assert RULE_RECORD in rules(caught)


# ---- item 2: withdrawal through the records ----------------------------------------------


def _owned_by_the_person(kind: str) -> tuple[ox.NamedNode, list[ox.Quad]]:
    """A public qualified statement about the person (its one `rdf:subject`), or a moment
    of their life (its one `ag:lifeEventOf`), with what it needs to be valid."""
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    dcterms = "http://purl.org/dc/terms/"
    birth = ox.NamedNode("https://schema.org/birthDate")
    year = ox.Literal("1985", datatype=ox.NamedNode(XSD + "gYear"))
    cites, cv = ox.NamedNode(dcterms + "source"), ox.NamedNode("https://example.org/lebenslauf")
    if kind == "statement":
        node = ox.NamedNode(BASE + "statement/amani-birth-1985")
        wikibase = "http://wikiba.se/ontology#"
        return node, [
            ox.Quad(PERSON, birth, year, PUBLIC),
            ox.Quad(node, TYPE, ox.NamedNode(rdf + "Statement"), PUBLIC),
            ox.Quad(node, ox.NamedNode(rdf + "subject"), PERSON, PUBLIC),
            ox.Quad(node, ox.NamedNode(rdf + "predicate"), birth, PUBLIC),
            ox.Quad(node, ox.NamedNode(rdf + "object"), year, PUBLIC),
            ox.Quad(node, ox.NamedNode(wikibase + "rank"),
                    ox.NamedNode(wikibase + "PreferredRank"), PUBLIC),
            ox.Quad(node, cites, cv, PUBLIC),
        ]  # fmt: skip
    node = ox.NamedNode(BASE + "event/amani-birth")
    ag = "https://w3id.org/akteursgraph/ontology#"
    label = ox.NamedNode(SKOS + "prefLabel")
    return node, [
        ox.Quad(node, TYPE, ox.NamedNode(ag + "LifeEvent"), PUBLIC),
        ox.Quad(node, label, ox.Literal("Geburt", language="de"), PUBLIC),
        ox.Quad(node, label, ox.Literal("Birth", language="en"), PUBLIC),
        ox.Quad(node, ox.NamedNode(ag + "lifeEventOf"), PERSON, PUBLIC),
        ox.Quad(node, ox.NamedNode(dcterms + "type"),
                ox.NamedNode("https://w3id.org/akteursgraph/vocab/life-event/birth"), PUBLIC),
        ox.Quad(node, ox.NamedNode("https://schema.org/startDate"), year, PUBLIC),
        ox.Quad(node, cites, cv, PUBLIC),
    ]  # fmt: skip


@pytest.mark.parametrize("kind", ["statement", "life event"])
def test_withdrawal_takes_what_exists_only_for_the_person_with_it(store: Store, kind: str) -> None:
    """Leak hunt: a public qualified statement about the person (`rdf:subject`, exactly one)
    was left without its subject by a withdrawal, which the shapes then refused: the
    withdrawal failed and the person stayed public, birth year and all. Such a statement, and
    a moment of the person's life (`ag:lifeEventOf`, exactly one), goes with them, in the
    same change."""
    record = record_of(store, PERSON, PUBLIC_NAMING)
    node, quads = _owned_by_the_person(kind)
    commit(store, Change(add=quads))
    commit(store, Change(add=[ox.Quad(record, STATUS, WITHDRAWN, INTERNAL)],
                         remove=given(store, record)))  # fmt: skip
    assert public_mentions(store, PERSON) == []
    assert [q for q in store.quads(node) if store.is_public_graph(q.graph_name)] == []
    assert Validator.default().validate_all(store).violations == []


@pytest.mark.parametrize("how", ["replace status", "delete record", "delete status"])
def test_withdrawing_the_record_unpublishes_the_person_in_the_same_change(
    store: Store, how: str
) -> None:
    record = record_of(store, PERSON, PUBLIC_NAMING)
    internal = [q for q in store.quads(PERSON) if not store.is_public_graph(q.graph_name)]
    assert public_mentions(store, PERSON)
    if how == "replace status":
        change = Change(
            add=[ox.Quad(record, STATUS, WITHDRAWN, INTERNAL)], remove=given(store, record)
        )
    elif how == "delete record":
        change = Change(remove=list(store.quads(record)))
    else:
        change = Change(remove=given(store, record))
    commit(store, change)
    assert public_mentions(store, PERSON) == []
    # The office keeps knowing whose records these are: the name (and the type) move into the
    # internal graph of the same name. The person page of the workspace was headed by the
    # address, beside the person's contact data, after a withdrawal.
    inside = {
        (q.predicate.value, q.object.value, q.graph_name.value)
        for q in store.quads(PERSON)
        if not store.is_public_graph(q.graph_name)
    }
    label = "http://www.w3.org/2004/02/skos/core#prefLabel"
    assert [v for p, v, g in inside if p == label and NAME in v and g == INTERNAL.value]
    assert (RDF_TYPE, PERSON_CLASS, INTERNAL.value) in inside
    if how == "delete status":  # the record stays whole: the deletion is recorded as withdrawal
        assert list(store.quads(record, STATUS, WITHDRAWN))
    public = "\n".join(str(q) for q in store.dump_quads(public_only=True))
    assert NAME not in public and "Njeri" not in public
    assert all(q in set(store.quads(PERSON)) for q in internal)
    assert Validator.default().validate_all(store).violations == []


def test_a_consent_change_is_in_the_history_of_the_person_it_is_about(store: Store) -> None:
    """The history of a person listed their creation and edits but no consent given or
    withdrawn: the change sets were filed under the consent record alone. The most
    sensitive change to a person could be neither audited nor reverted from their page."""
    from akteursgraph.changes import ChangeMeta, entity_history
    from akteursgraph.commit import Writer

    record = record_of(store, PERSON, PUBLIC_SPEAKER_LISTING)
    end = ox.Quad(record, ox.NamedNode(CONSENT_EXPIRES), past("2999-01-01T00:00:00Z"), INTERNAL)
    done = Writer(store).commit(
        Change(add=[end]), ChangeMeta("erika", "form", "befristet, wie am Telefon besprochen")
    )
    listed = [entry["id"] for entry in entity_history(store.path, PERSON.value)]
    assert done.change_id in listed
    assert done.change_id in [e["id"] for e in entity_history(store.path, record.value)]
    # ... with what changed: the entry under the person named no statement at all (the
    # record's lines were cut out as another entity's; exploratory test).
    [entry] = [e for e in entity_history(store.path, PERSON.value) if e["id"] == done.change_id]
    assert "2999-01-01T00:00:00Z" in entry["added_nquads"]
    assert [w["en"] for w in entry["added_words"] if "consentExpires" in w["en"]]


def test_withdrawing_the_marker_ends_the_record_of_public_naming_too(store: Store) -> None:
    """A withdrawal written as the marker (`ag:publicationConsent dpv:ConsentWithdrawn`)
    unpublished the person but left their record of consent to public naming saying
    "consent given", so the workspace said both "nothing about this person is public" and
    "public naming: consent given" (exploratory test). The record now says withdrawn, and
    since when, in the same change; the record of the speaker listing is not touched."""
    naming = record_of(store, PERSON, PUBLIC_NAMING)
    listing = record_of(store, PERSON, PUBLIC_SPEAKER_LISTING)
    assert given(store, naming) and given(store, listing)
    marker = list(store.quads(PERSON, MARKER, GIVEN))
    assert marker
    done = commit(
        store,
        Change(add=[ox.Quad(PERSON, MARKER, WITHDRAWN, PUBLIC)], remove=marker),
    )
    assert public_mentions(store, PERSON) == []
    assert given(store, naming) == []
    assert list(store.quads(naming, STATUS, WITHDRAWN))
    assert list(store.quads(naming, ox.NamedNode(AG + "consentStatusSince")))
    assert given(store, listing)
    assert done.removed > len(marker)
    assert Validator.default().validate_all(store).violations == []


def test_withdrawing_only_the_speaker_listing_keeps_the_person_named(store: Store) -> None:
    listing = record_of(store, PERSON, PUBLIC_SPEAKER_LISTING)
    profile = next(q.object for q in store.quads(PERSON, PROFILE))
    assert isinstance(profile, ox.NamedNode) and public_mentions(store, profile)
    commit(store, Change(add=[ox.Quad(listing, STATUS, WITHDRAWN, INTERNAL)]))
    assert public_mentions(store, profile) == []
    assert list(store.quads(PERSON, MARKER, GIVEN))  # still named publicly
    assert not given(store, listing)  # one status per record: the newest
    assert Validator.default().validate_all(store).violations == []


@pytest.mark.parametrize(
    ("ending", "placed"),
    [("speaker listing", True), ("public naming", True), ("speaker listing", False)],
)
def test_what_placement_by_the_office_still_covers_stays_inside(
    store: Store, ending: str, placed: bool
) -> None:
    """Exploratory walk: withdrawing the public speaker listing deleted the speaker profile
    from every graph (0 statements), while her consent to placement by the office still
    stood: the office could no longer place her. The profile and her languages now stay in
    the internal graph of the same name; nothing of them stays public. Without placement,
    nothing of the profile is kept (data minimisation)."""
    placement = record_of(store, PERSON, OFFICE_PLACEMENT)
    assert given(store, placement)
    if not placed:
        commit(store, Change(add=[ox.Quad(placement, STATUS, WITHDRAWN, INTERNAL)]))
    profile = next(q.object for q in store.quads(PERSON, PROFILE))
    assert isinstance(profile, ox.NamedNode)
    public = {(q.subject, q.predicate, q.object) for q in store.description(profile)
              if store.is_public_graph(q.graph_name)}  # fmt: skip
    assert public
    purpose = PUBLIC_SPEAKER_LISTING if ending == "speaker listing" else PUBLIC_NAMING
    commit(store, Change(add=[ox.Quad(record_of(store, PERSON, purpose), STATUS, WITHDRAWN,
                                      INTERNAL)]))  # fmt: skip
    assert public_mentions(store, profile) == []
    inside = {(q.subject, q.predicate, q.object) for q in store.description(profile)
              if not store.is_public_graph(q.graph_name)}  # fmt: skip
    if placed:
        assert public <= inside
        assert list(store.quads(PERSON, PROFILE, profile, INTERNAL))
    else:
        assert not inside & public
    assert Validator.default().validate_all(store).violations == []


def test_a_record_that_loses_public_naming_unpublishes_the_person(store: Store) -> None:
    """Exploratory test: switching a given record's purpose from public naming to office
    placement, an internal change that applied at once, left the person public on no
    consent, and the whole store no longer conformed. The record ends for what it lost."""
    record = record_of(store, PERSON, PUBLIC_NAMING)
    purpose = ox.NamedNode(HAS_PURPOSE)
    change = Change(
        add=[ox.Quad(record, purpose, ox.NamedNode(OFFICE_PLACEMENT), INTERNAL)],
        remove=[ox.Quad(record, purpose, ox.NamedNode(PUBLIC_NAMING), INTERNAL)],
    )
    commit(store, change)
    assert public_mentions(store, PERSON) == []
    assert given(store, record)  # the record itself stays as the change left it
    assert Validator.default().validate_all(store).violations == []
    # Moved to another graph, the statement is not lost: the person stays public.
    moved = record_of(store, ox.NamedNode(example_person("Rachid Zerrouki")), PUBLIC_NAMING)
    other_graph = ox.NamedNode(BASE + "graph/internal/notes")
    kept = ox.Quad(moved, purpose, ox.NamedNode(PUBLIC_NAMING), INTERNAL)
    commit(store, Change(add=[ox.Quad(moved, purpose, ox.NamedNode(PUBLIC_NAMING), other_graph)],
                         remove=[kept]))  # fmt: skip
    assert public_mentions(store, ox.NamedNode(example_person("Rachid Zerrouki")))


def test_a_withdrawal_that_also_deletes_what_it_takes_away_is_no_change_besides_it(
    store: Store,
) -> None:
    """Exploratory test: an editor's withdrawal that also deleted the consent date (which
    the withdrawal takes away anyway) was refused as holding "public changes besides the
    withdrawal", though a withdrawal always succeeds."""
    from akteursgraph.changes import ORIGIN_SPARQL_UPDATE, ChangeMeta
    from akteursgraph.changes.review import submit
    from akteursgraph.commit import Commit, Writer

    record = record_of(store, PERSON, PUBLIC_NAMING)
    dated = [q for q in store.quads(PERSON) if q.predicate.value == AG + "consentDate"]
    own = [q for q in store.quads(PERSON) if store.is_public_graph(q.graph_name)][:3]
    change = Change(
        add=[ox.Quad(record, STATUS, WITHDRAWN, INTERNAL)],
        remove=[*given(store, record), *dated, *own],
    )
    done = submit(Writer(store), change, ChangeMeta("erika", ORIGIN_SPARQL_UPDATE, "Widerruf"),
                  review_required=True)  # fmt: skip
    assert isinstance(done, Commit)  # applied at once, not a draft, not refused
    assert public_mentions(store, PERSON) == []


class _CountedList(list):  # type: ignore[type-arg]
    """A list that counts how often it is read whole (each `for` over it, each `set(...)`)."""

    reads = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        self.reads += 1
        return super().__iter__()


@pytest.mark.parametrize("people", [20, 400])
def test_the_consent_check_of_removals_reads_them_a_fixed_number_of_times(
    store: Store, people: int
) -> None:
    """Exploratory test: the check that a removal leaves no living person public without
    consent built the set of the change's removals again for each person it asked about:
    the revert of a load of 142,000 quads (17,600 typed subjects) held the one writer for
    more than six minutes. The removals are read a fixed number of times, however many."""
    from akteursgraph.people.consent import public_without_consent

    removed = _CountedList(
        ox.Quad(ox.NamedNode(f"{BASE}example/person/removed-{k}"), TYPE,
                ox.NamedNode(PERSON_CLASS), PUBLIC)
        for k in range(people)
    )  # fmt: skip
    assert public_without_consent(store, Change(remove=removed)) == []
    assert removed.reads <= 3, removed.reads


def test_renewing_consent_in_one_change_keeps_the_person_public(store: Store) -> None:
    """The old record ends and a new one is given in the same change (a renewal): the
    person's public fields stay, since the new record covers the purpose from then on."""
    listing = record_of(store, PERSON, PUBLIC_SPEAKER_LISTING)
    profile = next(q.object for q in store.quads(PERSON, PROFILE))
    assert isinstance(profile, ox.NamedNode) and public_mentions(store, profile)
    renewed = ox.NamedNode(listing.value + "-renewed")
    commit(store, Change(
        add=[ox.Quad(listing, STATUS, WITHDRAWN, INTERNAL),
             ox.Quad(renewed, TYPE, ox.NamedNode(DPV + "Consent"), INTERNAL),
             *(ox.Quad(renewed, q.predicate, q.object, INTERNAL) for q in store.quads(listing)
               if q.predicate.value in (HAS_DATA_SUBJECT, HAS_PURPOSE, DPV + "hasPersonalData")),
             ox.Quad(renewed, STATUS, GIVEN, INTERNAL)],
    ))  # fmt: skip
    assert public_mentions(store, profile)  # still listed
    assert list(store.quads(PERSON, MARKER, GIVEN))
    assert not given(store, listing)


# ---- item 2: the historical-person exemption counts only from a public graph -------------


def _refused_person(store: Store) -> ox.NamedNode:
    refused = ox.NamedNode(DPV + "ConsentRefused")
    people = sorted((q.subject for q in store.quads(None, MARKER, refused)), key=lambda n: n.value)
    assert people
    person = people[0]
    assert isinstance(person, ox.NamedNode) and public_mentions(store, person) == []
    return person


def test_a_refused_person_typed_historical_internally_is_no_public_performer(
    store: Store,
) -> None:
    """Regression: typed ag:HistoricalPerson in an internal graph, a person with refused
    consent could be named by IRI as a performer on a public event page."""
    person = _refused_person(store)
    event = next(
        q.subject
        for q in store.quads(None, TYPE, ox.NamedNode(SCHEMA + "Event"))
        if store.is_public_graph(q.graph_name)
    )
    change = Change(
        add=[
            ox.Quad(person, TYPE, ox.NamedNode(HISTORICAL_PERSON_CLASS), INTERNAL),
            ox.Quad(event, ox.NamedNode(SCHEMA + "performer"), person, PUBLIC),
        ]
    )
    with pytest.raises(ValidationFailed) as caught:
        commit(store, change)
    assert RULE_CONSENT in rules(caught)
    # Typed historical in a public graph, a person with consent statements is still living.
    change = Change(
        add=[
            ox.Quad(person, TYPE, ox.NamedNode(HISTORICAL_PERSON_CLASS), PUBLIC),
            ox.Quad(event, ox.NamedNode(SCHEMA + "performer"), person, PUBLIC),
        ]
    )
    with pytest.raises(ValidationFailed) as caught:
        commit(store, change)
    assert RULE_CONSENT in rules(caught)


def test_an_internal_historical_type_does_not_pass_whole_store_validation(store: Store) -> None:
    person = _refused_person(store)
    event = next(
        q.subject
        for q in store.quads(None, TYPE, ox.NamedNode(SCHEMA + "Event"))
        if store.is_public_graph(q.graph_name)
    )
    store.apply(  # as an old store might hold it: the whole-store check must find it
        Change(
            add=[
                ox.Quad(person, TYPE, ox.NamedNode(HISTORICAL_PERSON_CLASS), INTERNAL),
                ox.Quad(event, ox.NamedNode(SCHEMA + "performer"), person, PUBLIC),
            ]
        )
    )
    found = {(f.node, f.shape) for f in Validator.default().validate_all(store).violations}
    assert (person.value, RULE_CONSENT) in found


# ---- expiry: the sweep -------------------------------------------------------------------


def expires_meanwhile(store: Store, record: ox.NamedNode) -> None:
    """An expiry that has passed since it was written: stored as it was written then (a write
    of an expiry in the past ends the record at once, see below)."""
    store.apply(Change(add=[ox.Quad(record, ox.NamedNode(CONSENT_EXPIRES), past(), INTERNAL)]))


def test_an_expiry_written_in_the_past_unpublishes_in_the_same_change(store: Store) -> None:
    """A SPARQL update or a load that sets an expiry at or before now was stored, and the
    person stayed public until the next sweep (an hour, or a restart). It ends the record in
    the same change, as the sweep would (status dpv:ConsentExpired)."""
    record = record_of(store, PERSON, PUBLIC_NAMING)
    assert public_mentions(store, PERSON)
    commit(store, Change(add=[ox.Quad(record, ox.NamedNode(CONSENT_EXPIRES), past(), INTERNAL)]))
    assert public_mentions(store, PERSON) == []
    assert list(store.quads(record, STATUS, EXPIRED)) and not given(store, record)
    public = "\n".join(str(q) for q in store.dump_quads(public_only=True))
    assert NAME not in public
    assert Validator.default().validate_all(store).violations == []
    assert sweep(store).change_id is None  # nothing left for the sweep


def test_a_loaded_expiry_in_the_past_unpublishes_in_the_same_change(
    example_store_path: Path, tmp_path: Path
) -> None:
    """Walk: `akteursgraph load` of a file that sets an expiry in the past was refused with
    "exactly one of dpv:ConsentGiven, ..." (a status the file never touched), where the same
    load through the running server ended the record: a load's additions come as an
    in-memory store, and the record's new status was left out for that form alone."""
    with Store.open(example_store_path, read_only=True) as opened:
        record = record_of(opened, PERSON, PUBLIC_NAMING)
    expiry = tmp_path / "expiry.trig"
    expiry.write_text(
        f"<{INTERNAL.value}> {{ <{record.value}> <{CONSENT_EXPIRES}> "
        f'"2020-01-01T00:00:00Z"^^<{XSD}dateTime> . }}\n',
        encoding="utf-8",
    )
    done = run_cli("load", str(expiry), "--comment", "abgelaufen", store=example_store_path)
    assert done.returncode == 0, done.stderr
    with Store.open(example_store_path, read_only=True) as opened:
        assert list(opened.quads(record, STATUS, EXPIRED)) and not given(opened, record)
        assert public_mentions(opened, PERSON) == []


def test_the_sweep_ends_expired_consent_as_one_change_set(store: Store) -> None:
    record = record_of(store, PERSON, PUBLIC_NAMING)
    assert sweep(store).change_id is None  # nothing expired in the example
    expires_meanwhile(store, record)
    assert public_mentions(store, PERSON)  # time passed, but nothing has written yet
    done = sweep(store)
    assert done.records == [record.value] and done.change_id
    assert public_mentions(store, PERSON) == []
    assert list(store.quads(record, STATUS, EXPIRED)) and not given(store, record)
    from akteursgraph.changes import History

    entry = History(store.path).get(done.change_id)
    assert entry.origin == ORIGIN_CONSENT_EXPIRY and entry.status == "applied"
    # Said in each language on staff pages (they showed "consent expiry: 1 record(s)").
    assert entry.comment_words == {
        "de": "Abgelaufen: 1 Einwilligung",
        "en": "Expired: 1 consent record",
    }
    assert sweep(store).change_id is None  # a second sweep has nothing to do
    assert Validator.default().validate_all(store).violations == []


def test_a_future_expiry_is_not_swept(store: Store) -> None:
    record = record_of(store, PERSON, PUBLIC_NAMING)
    end = past("2999-01-01T00:00:00Z")
    commit(store, Change(add=[ox.Quad(record, ox.NamedNode(CONSENT_EXPIRES), end, INTERNAL)]))
    assert sweep(store).change_id is None and public_mentions(store, PERSON)
    later = sweep(store, when=datetime(3000, 1, 1, tzinfo=UTC))
    assert later.records == [record.value] and public_mentions(store, PERSON) == []


def test_the_sweep_command(example_store_path: Path) -> None:
    with Store.open(example_store_path) as store:
        record = record_of(store, PERSON, PUBLIC_NAMING)
        expires_meanwhile(store, record)
    done = run_cli("consent", "sweep", store=example_store_path)
    assert done.returncode == 0, done.stderr
    assert record.value in done.stdout and "expired: 1" in done.stderr
    again = run_cli("consent", "sweep", store=example_store_path)
    assert again.returncode == 0 and again.stdout == "" and "nothing expired" in again.stderr


def test_the_sweep_command_beside_a_running_server_runs_there(
    example_store_path: Path, tmp_path: Path
) -> None:
    """`consent sweep` answered "store in use" while `serve` ran (issue 11: a CLI write goes
    through the running server). It is sent to the server, which ends the expired consent
    through its one writer, so that /sparql follows at once."""
    import time
    import urllib.parse
    import urllib.request
    from datetime import timedelta

    from .conftest import running_server

    with Store.open(example_store_path, read_only=True) as store:
        record = record_of(store, PERSON, PUBLIC_NAMING)
    soon = (datetime.now(UTC) + timedelta(seconds=4)).strftime("%Y-%m-%dT%H:%M:%SZ")
    expiry = tmp_path / "ablauf.nq"
    expiry.write_text(f"{ox.Quad(record, ox.NamedNode(CONSENT_EXPIRES), past(soon), INTERNAL)} .\n",
                      encoding="utf-8")  # fmt: skip
    ask = f"ASK {{ <{PERSON.value}> ?p ?o }}"

    def public(url: str) -> bool:
        query = urllib.parse.urlencode({"query": ask})
        with urllib.request.urlopen(f"{url}/sparql?{query}", timeout=30) as answer:
            return bool(json.loads(answer.read())["boolean"])

    with running_server(example_store_path) as url:
        loaded = run_cli("load", str(expiry), store=example_store_path)
        assert loaded.returncode == 0, loaded.stderr
        assert public(url)
        time.sleep(max(0.0, (datetime.fromisoformat(soon) - datetime.now(UTC)).total_seconds()) + 1)
        done = run_cli("consent", "sweep", store=example_store_path)
        assert done.returncode == 0, done.stderr
        assert "the sweep runs there" in done.stderr and "expired: 1" in done.stderr
        assert record.value in done.stdout
        assert not public(url)
        again = run_cli("consent", "sweep", store=example_store_path)
        assert again.returncode == 0 and "nothing expired" in again.stderr


# ---- the canary: after withdrawal or expiry, nothing of the person on any public surface --


def _surfaces(app: Flask, person: str) -> dict[str, str]:
    client = app.test_client()
    path = "/" + person.split("/mitte/", 1)[1]
    page = client.get(path)
    graph = BASE + "graph/public/example"
    net = client.get("/api/network/export")
    assert net.status_code == 200
    shown = {
        "entity page": page.get_data(as_text=True) if page.status_code == 200 else "",
        "search": client.get("/search", query_string={"q": "Njeri"}).get_data(as_text=True),
        "speakers": client.get("/speakers").get_data(as_text=True),
        **sparql_about_person(client, person, "Njeri"),
    }
    # Last: the fair share holds a client's next query back after a slow one.
    from_named = client.get(
        "/sparql",
        query_string={
            "query": f"SELECT ?s FROM NAMED <{graph}> WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} "
            f"FILTER(?s = <{person}>) }}"
        },
        headers={"Accept": "application/sparql-results+json"},
    )
    assert from_named.status_code == 200
    return {
        **shown,
        "FROM NAMED": from_named.get_data(as_text=True),
        "network export": net.get_data(as_text=True),
    }


def _needles(person: str) -> tuple[str, ...]:
    return (person, "/" + person.split("/mitte/", 1)[1], NAME)


def _assert_visible(app: Flask, person: str) -> None:
    shown = {**_surfaces(app, person), "dump": newest_dump_text(app)}
    for surface, text in shown.items():
        if surface != "speakers":  # a list page: she may stand on another page of it
            assert any(n in text for n in _needles(person)), f"the person is missing on {surface}"


def _downloads(app: Flask) -> dict[str, str]:
    """Every file of every kept dump version under /download/, the changelogs included, as
    the download route serves them (once the dump after the last change is made)."""
    from akteursgraph.publish import dumps

    newest_dump_text(app)  # waits for the snapshot and the dump
    client = app.test_client()
    found = {}
    for entry in dumps.read_index(app.config["STORE_PATH"])["versions"]:
        if not entry.get("kept"):
            continue
        files = [*entry["files"].values(), *entry["changes"].get("files", {}).values()]
        for meta in files:
            with client.get(f"/download/{entry['version']}/{meta['name']}") as answer:
                assert answer.status_code == 200, (entry["version"], meta["name"])
                body = answer.get_data()
            text = gzip.decompress(body) if meta["name"].endswith(".gz") else body
            found[f"{entry['version']}/{meta['name']}"] = text.decode()
    return found


def _assert_gone(app: Flask, person: str) -> None:
    """Nowhere public, the downloads of earlier versions and the changelog of the version
    that unpublished them included: a withdrawal left the person in every earlier version
    kept for download, and the next version's list of removed statements named them."""
    shown = {**_surfaces(app, person), **_downloads(app)}
    for surface, text in shown.items():
        for needle in _needles(person):
            assert needle not in text, f"{needle} is still on {surface}"


NT = "application/n-triples"
FAST = {"DUMP_START_DELAY": 0, "DUMP_SETTLE": 0.05, "QUERY_WORKERS": 1, "REVIEW_REQUIRED": False}


def test_withdrawal_leaves_nothing_on_any_public_surface(make_app: Callable[..., Flask]) -> None:
    app = make_app(**FAST)
    store: Store = app.extensions["akteursgraph.store"]
    _assert_visible(app, PERSON.value)
    before = _downloads(app)
    assert any(NAME in text for text in before.values())  # a version that names her
    record = record_of(store, PERSON, PUBLIC_NAMING)
    app.extensions["akteursgraph.writer"].commit(
        Change(add=[ox.Quad(record, STATUS, WITHDRAWN, INTERNAL)], remove=given(store, record))
    )
    _assert_gone(app, PERSON.value)


def test_withdrawal_takes_her_earlier_values_out_of_older_versions_too(
    make_app: Callable[..., Flask],
) -> None:
    """Audit (privacy): a person's description changed and published (a new dump version),
    then her consent withdrawn: the versions made before the change still held the earlier
    description, since only the statements public at the withdrawal were taken out. Every
    statement about her leaves every version made before the withdrawal."""
    app = make_app(**FAST)
    store: Store = app.extensions["akteursgraph.store"]
    writer = app.extensions["akteursgraph.writer"]
    description = ox.NamedNode("http://purl.org/dc/terms/description")
    [old] = [q for q in store.quads(PERSON, description) if q.object.language == "de"]
    earlier = "Frühere Beschreibung, nur in älteren Fassungen"

    def describe(text: str) -> None:
        [now] = [q for q in store.quads(PERSON, description) if q.object.language == "de"]
        new = ox.Quad(PERSON, description, ox.Literal(text, language="de"), old.graph_name)
        writer.commit(Change(add=[new], remove=[now]))

    describe(earlier)
    _downloads(app)  # a version with the earlier description
    describe("Neue Beschreibung")
    assert any(earlier in text for text in _downloads(app).values())  # in the older ones
    record = record_of(store, PERSON, PUBLIC_NAMING)
    writer.commit(
        Change(add=[ox.Quad(record, STATUS, WITHDRAWN, INTERNAL)], remove=given(store, record))
    )
    _assert_gone(app, PERSON.value)
    for name, text in _downloads(app).items():
        assert earlier not in text and PERSON.value not in text, name


def test_expiry_is_swept_at_start_up_and_leaves_nothing_public(
    example_store_template: Path, tmp_path: Path
) -> None:
    from akteursgraph_web import close_app, create_app

    path = copy_store(example_store_template, tmp_path)
    with Store.open(path) as store:
        record = record_of(store, PERSON, PUBLIC_NAMING)
        expires_meanwhile(store, record)
        assert public_mentions(store, PERSON)
    app = create_app({"STORE_PATH": str(path), "TESTING": True, **FAST})
    try:
        _assert_gone(app, PERSON.value)
        with_record = app.extensions["akteursgraph.store"]
        assert list(with_record.quads(record, STATUS, EXPIRED))
    finally:
        close_app(app)


def test_the_periodic_sweep_runs_through_the_app_writer(make_app: Callable[..., Flask]) -> None:
    app = make_app(**FAST)
    store: Store = app.extensions["akteursgraph.store"]
    _assert_visible(app, PERSON.value)
    record = record_of(store, PERSON, PUBLIC_NAMING)
    writer = app.extensions["akteursgraph.writer"]
    end = past("2999-01-01T00:00:00Z")
    writer.commit(Change(add=[ox.Quad(record, ox.NamedNode(CONSENT_EXPIRES), end, INTERNAL)]))
    _assert_visible(app, PERSON.value)
    # What the hourly timer calls (never waited for here): one sweep through the app's writer,
    # at a time after the expiry.
    done = sweep(store, writer=writer, when=datetime(3000, 1, 1, tzinfo=UTC))
    assert done.records == [record.value]
    _assert_gone(app, PERSON.value)


# ---- migrate: the shortcut of the old model becomes records; readable IRIs become opaque --


def _as_before_issue_13(store: Store) -> ox.NamedNode:
    """Make the example store look like one made by the code before issue 13: no records, and
    the person's IRIs readable. Written raw (old code wrote no records; this is its data)."""
    records = {q.subject for q in store.quads(None, ox.NamedNode(HAS_DATA_SUBJECT))}
    store.apply(Change(remove=[q for r in records for q in store.quads(r)]))
    readable = ox.NamedNode(BASE + "example/person/amani-njeri")
    token = PERSON.value.rpartition("/")[2]
    renames: dict[ox.NamedNode, ox.NamedNode] = {PERSON: readable}
    for q in [*store.quads(PERSON), *store.quads(None, None, PERSON)]:
        for node in (q.subject, q.object):
            if isinstance(node, ox.NamedNode) and token in node.value and node != PERSON:
                renames[node] = ox.NamedNode(node.value.replace(token, "amani-njeri"))
    old = {q for n in renames for q in [*store.quads(n), *store.quads(None, None, n)]}

    def swap(q: ox.Quad) -> ox.Quad:
        return ox.Quad(
            renames.get(q.subject, q.subject),
            q.predicate,
            renames.get(q.object, q.object),
            q.graph_name,
        )

    store.apply(Change(add=[swap(q) for q in old], remove=list(old)))
    return readable


def test_migrate_turns_the_shortcut_into_records_and_keeps_people_public(store: Store) -> None:
    before = list(store.dump_quads(public_only=True))
    readable = _as_before_issue_13(store)
    assert public_mentions(store, readable) and not list(
        store.quads(None, ox.NamedNode(HAS_DATA_SUBJECT))
    )
    done = migrate(store, agent="office")
    assert any(line.startswith(f"{readable.value} -> ") for line in done.lines)
    # The readable IRI is gone everywhere; the person has a new opaque one, public as before.
    assert not list(store.quads(readable)) and not list(store.quads(None, None, readable))
    new = ox.NamedNode(
        next(line.split(" -> ")[1] for line in done.lines if line.startswith(readable.value))
    )
    assert re.fullmatch(re.escape(BASE) + r"example/person/p-[a-z2-7]{16}", new.value)
    assert "amani-njeri" not in "\n".join(str(q) for q in store.quads())
    assert given(store, record_of(store, new, PUBLIC_NAMING))
    assert given(store, record_of(store, new, PUBLIC_SPEAKER_LISTING))
    assert len(list(store.dump_quads(public_only=True))) == len(before)
    assert Validator.default().validate_all(store).violations == []
    assert not plan(store)  # a second run has nothing to do


def test_a_store_made_by_this_code_needs_no_consent_migration(store: Store) -> None:
    assert not plan(store)
    assert json.dumps([]) == json.dumps(plan(store).lines)


def test_records_name_their_data_categories_and_migrate_adds_missing_ones(store: Store) -> None:
    """Every record says which categories of personal data it covers (its purpose's); a
    record without them is refused, and `migrate` completes records made before."""
    from akteursgraph.namespaces import HAS_PERSONAL_DATA

    categories = ox.NamedNode(HAS_PERSONAL_DATA)
    listing = record_of(store, PERSON, PUBLIC_SPEAKER_LISTING)
    assert {q.object.value for q in store.quads(listing, categories)} == set(
        PERSONAL_DATA[PUBLIC_SPEAKER_LISTING]
    )
    old = [q for q in store.quads(None, categories) if q.subject == listing]
    with pytest.raises(ValidationFailed) as caught:
        commit(store, Change(remove=old))
    assert any(f.path == HAS_PERSONAL_DATA for f in caught.value.report.violations)
    # A store from before: the statements gone without validation, as an old store has it.
    store.apply(Change(remove=old))
    todo = plan(store)
    assert any(listing.value in line for line in todo.lines)
    migrate(store)
    assert {q.object.value for q in store.quads(listing, categories)} == set(
        PERSONAL_DATA[PUBLIC_SPEAKER_LISTING]
    )
    assert not plan(store)
