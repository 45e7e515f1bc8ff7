"""Issue 13, item 3: a person's contact data never reaches a public graph, by any route.

Each route that was accepted into a public graph is tried on a consenting person of the
example (so only the contact rule can refuse it): it must be refused with the contact rule
named, and the store must stay as it was. The patterns are tested against what must not
match, and an organisation's functional mailbox stays allowed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from akteursgraph.changes import ChangeMeta
from akteursgraph.commit import Writer
from akteursgraph.findings import ValidationFailed
from akteursgraph.people.contact import contact_in_text, is_contact_iri
from akteursgraph.shacl_checks import SEQUENTIAL_QUADS
from akteursgraph.store import Change, Store

from .conftest import dump
from .example_people import example_person

BASE = "https://w3id.org/akteursgraph/mitte/"
AG = "https://w3id.org/akteursgraph/ontology#"
PERSON = ox.NamedNode(example_person("Rachid Zerrouki"))
ORGANISATION = ox.NamedNode(BASE + "organisation/berlin-postkolonial")
PUBLIC = ox.NamedNode(BASE + "graph/public/example")
META = ChangeMeta(author="test", origin="cli-load", comment="contact data")
RULE = "https://w3id.org/akteursgraph/shapes#ContactDataNotPublic"

FOAF = "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DESCRIPTION = ox.NamedNode("http://purl.org/dc/terms/description")


def q(s: ox.NamedNode | ox.BlankNode, p: str, o: object) -> ox.Quad:
    return ox.Quad(s, ox.NamedNode(p), o, PUBLIC)  # type: ignore[arg-type]


_E = ox.BlankNode("contact")
ROUTES = {
    "triple-term": [
        q(
            ox.BlankNode("r"),
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies",
            ox.Triple(PERSON, ox.NamedNode(VCARD + "hasEmail"), ox.NamedNode("mailto:r@ex.org")),
        )
    ],
    "foaf-homepage-mailto": [q(PERSON, FOAF + "homepage", ox.NamedNode("mailto:r@ex.org"))],
    "see-also-mailto": [q(PERSON, RDFS + "seeAlso", ox.NamedNode("MAILTO:r@ex.org"))],
    "tel-as-subject": [q(ox.NamedNode("TEL:+49-30-555-2130"), RDFS + "seeAlso", PERSON)],
    "same-as-tel": [
        q(PERSON, "http://www.w3.org/2002/07/owl#sameAs", ox.NamedNode("tel:+49-30-555-2130"))
    ],
    "vcard-email-node": [
        q(PERSON, RDFS + "seeAlso", _E),
        q(_E, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", ox.NamedNode(VCARD + "Email")),
    ],
    "schema-http-email": [q(PERSON, "http://schema.org/email", ox.Literal("r@ex.org"))],
    "email-in-description": [
        q(PERSON, DESCRIPTION.value, ox.Literal("Erreichbar unter r.z@example.org", language="de"))
    ],
    "phone-in-description": [
        q(PERSON, DESCRIPTION.value, ox.Literal("Telefon: 030 555 2130", language="de"))
    ],
    "obfuscated-email": [
        q(PERSON, DESCRIPTION.value, ox.Literal("r.z (at) example (dot) org", language="en"))
    ],
    "phone-in-a-blank-node": [
        q(PERSON, RDFS + "seeAlso", _E),
        q(_E, RDFS + "comment", ox.Literal("+49 30 5552130")),
    ],
}


@pytest.fixture
def store(example_store_path: Path) -> Iterator[Store]:
    with Store.open(example_store_path) as opened:
        yield opened


@pytest.mark.parametrize("route", ROUTES)
def test_a_persons_contact_data_is_refused_by_every_route(store: Store, route: str) -> None:
    before = dump(store)
    with pytest.raises(ValidationFailed) as refused:
        Writer(store).commit(Change(add=ROUTES[route]), META)
    assert RULE in {f.shape for f in refused.value.report.findings}
    assert dump(store) == before


@pytest.mark.parametrize(
    "route", ["triple-term", "see-also-mailto", "tel-as-subject", "phone-in-a-blank-node"]
)
def test_contact_data_in_a_big_change_is_refused_too(store: Store, route: str) -> None:
    """A change above SEQUENTIAL_QUADS runs the privacy rules beside the compiled checks, on
    another thread: their findings must still refuse it."""
    internal = ox.NamedNode(BASE + "graph/internal/filler")
    filler = [
        ox.Quad(ox.BlankNode(f"n{i}"), ox.NamedNode(RDFS + "comment"), ox.Literal(f"{i}"), internal)
        for i in range(SEQUENTIAL_QUADS + 1)
    ]
    before = dump(store)
    with pytest.raises(ValidationFailed) as refused:
        Writer(store).commit(Change(add=filler + ROUTES[route]), META)
    assert RULE in {f.shape for f in refused.value.report.findings}
    assert dump(store) == before


@pytest.mark.parametrize(
    "text",
    ["Drucksache 1400/V", "Beschluss vom 12.10.2025", "10115 Berlin-Mitte", "1884-1885",
     "seit 1998, umbenannt 03/2019", "Kolonialkrieg 1904–1908", "Raum 0.12, Beschluss 2018/0345",
     "ISBN 978-3-86153-123-4"],
)  # fmt: skip
def test_numbers_that_are_no_phone_numbers_pass(store: Store, text: str) -> None:
    assert contact_in_text(text) is None
    quad = q(PERSON, DESCRIPTION.value, ox.Literal(text, language="de"))
    Writer(store).commit(Change(add=[quad]), META)
    assert quad in set(store.quads(PERSON, DESCRIPTION))


def test_an_organisations_functional_mailbox_stays_allowed(store: Store) -> None:
    quads = [
        q(ORGANISATION, "https://schema.org/email", ox.Literal("info@berlin-postkolonial.de")),
        q(ORGANISATION, VCARD + "hasEmail", ox.NamedNode("mailto:info@berlin-postkolonial.de")),
    ]
    Writer(store).commit(Change(add=quads), META)
    assert set(quads) <= set(store.quads(ORGANISATION))


@pytest.mark.parametrize(
    ("text", "found"),
    [("Mail: amina.ba@example.org", "amina.ba@example.org"),
     ("amina (at) example [dot] org", "amina (at) example [dot] org"),
     ("Tel. 030 1234567", "030 1234567"), ("+49 30 1234 5678", "+49 30 1234 5678"),
     ("0049 30 12345678", "0049 30 12345678"), ("Telefon: 030/123 45 67", "030/123 45 67"),
     ("(030) 1234567", "030) 1234567")],
)  # fmt: skip
def test_the_patterns_find_addresses_and_numbers(text: str, found: str) -> None:
    assert contact_in_text(text) == found


def test_contact_iris_are_told_by_scheme_in_any_case() -> None:
    assert is_contact_iri("mailto:a@b.de") and is_contact_iri("TEL:+4930")
    assert not is_contact_iri("https://example.org/mailto:")


def test_contact_data_in_a_speaker_profiles_text_is_refused(store: Store) -> None:
    """Exploratory test: an imported speaker list's "Kurzbiografie" with an e-mail address and a
    mobile number went public: the rule read the person and their blank nodes, and a speaker
    profile is a node with an IRI of its own. Its text alone (the link to it unchanged, as a
    form's or an import's change of the biography is) is refused now."""
    profile = next(store.quads(PERSON, ox.NamedNode(AG + "hasSpeakerProfile"))).object
    graph = next(store.quads(profile)).graph_name
    assert graph.value.startswith(BASE + "graph/public/")
    for text in ("Erreichbar unter rania.privat@example.org", "Mobil: 0176 98765432"):
        change = Change(add=[ox.Quad(profile, DESCRIPTION, ox.Literal(text, language="de"), graph)])
        before = dump(store)
        with pytest.raises(ValidationFailed) as refused:
            Writer(store).commit(change, META)
        assert any(
            f.shape == RULE and f.node == profile.value for f in refused.value.report.findings
        )
        assert dump(store) == before
    fine = Change(
        add=[ox.Quad(profile, DESCRIPTION, ox.Literal("Vorträge seit 2015", language="de"), graph)]
    )
    Writer(store).commit(fine, META)
