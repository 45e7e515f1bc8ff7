"""The shipped example data: valid, sourced where real, labelled where fictional, private
where personal."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest

from akteursgraph.store import Store
from akteursgraph.validation import Validator

from .example_people import example_person

BASE = "https://w3id.org/akteursgraph/mitte/"
ROOT = Path(__file__).resolve().parents[1]
FICTIONAL = ROOT / "graph" / "data" / "example-fictional.trig"


def count(store: Store, sparql: str, *, public_only: bool = False) -> int:
    return int(store.select(sparql, public_only=public_only)[0]["n"].value)


def test_example_store_conforms_as_a_whole(store: Store) -> None:
    report = Validator.default().validate_all(store)
    assert report.conforms, report.render()


def test_network_is_big_enough_to_be_interesting(store: Store) -> None:
    assert count(store, "SELECT (COUNT(DISTINCT ?o) AS ?n) { ?o a org:Organization }") >= 40
    assert count(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) { ?p a foaf:Person }") >= 80
    relations = count(
        store,
        "SELECT (COUNT(DISTINCT ?r) AS ?n) { "
        "{ ?r a org:Membership } UNION { ?r a ag:Cooperation } }",
    )
    assert relations >= 150


def test_every_real_entity_has_a_source(store: Store) -> None:
    rows = store.select(
        f"""SELECT ?e WHERE {{
          ?e a ?class .
          VALUES ?class {{ ag:HistoricalPerson ag:ColonialHistorySite ag:SiteNaming
                          ag:HistoricalEvent org:Organization }}
          FILTER (STRSTARTS(STR(?e), "{BASE}") && !STRSTARTS(STR(?e), "{BASE}example/"))
          FILTER NOT EXISTS {{ ?e dcterms:source ?src }}
        }}"""
    )
    assert rows == []


def test_fictional_entities_say_so(store: Store) -> None:
    rows = store.select(
        f"""SELECT ?e WHERE {{
          ?e skos:prefLabel ?l .
          FILTER (STRSTARTS(STR(?e), "{BASE}example/") && LANG(?l) = "de")
          FILTER (!CONTAINS(?l, "Beispiel"))
        }}"""
    )
    assert rows == []


def test_no_real_private_person(store: Store) -> None:
    """Living persons exist only in the example namespace; real persons are historical."""
    rows = store.select(
        f"""SELECT ?p WHERE {{
          ?p a foaf:Person .
          FILTER NOT EXISTS {{ ?p a ag:HistoricalPerson }}
          FILTER (!STRSTARTS(STR(?p), "{BASE}example/"))
        }}"""
    )
    assert rows == []


def test_public_graphs_hold_no_contact_data_and_only_consenting_people(store: Store) -> None:
    contact = "SELECT (COUNT(*) AS ?n) { ?s vcard:hasEmail|vcard:hasTelephone ?o }"
    assert count(store, contact, public_only=True) == 0
    assert count(store, contact) > 0  # the internal graph has them: the fence is real
    without_consent = """SELECT (COUNT(DISTINCT ?p) AS ?n) {
        ?p a foaf:Person . FILTER NOT EXISTS { ?p a ag:HistoricalPerson }
        FILTER NOT EXISTS { ?p ag:publicationConsent dpv:ConsentGiven } }"""
    assert count(store, without_consent, public_only=True) == 0
    assert count(store, without_consent) > 0


def test_renamings_of_the_afrikanisches_viertel(store: Store) -> None:
    rows = store.select(
        """SELECT ?site ?name ?start WHERE {
          ?site ag:hasNaming ?n . ?n schema:name ?name .
          OPTIONAL { ?n schema:startDate ?start }
        }"""
    )
    names = {r["name"].value for r in rows}
    for expected in (
        "Manga-Bell-Platz",
        "Nachtigalplatz",
        "Cornelius-Fredericks-Straße",
        "Lüderitzstraße",
        "Anna-Mungunda-Allee",
        "Maji-Maji-Allee",
        "Petersallee",
        "Anton-Wilhelm-Amo-Straße",
        "Mohrenstraße",
        "Martha-Ndumbe-Platz",
        "Nettelbeckplatz",
    ):
        assert expected in names


def test_speakers_with_arabic_and_french_for_colonial_history_workshops(store: Store) -> None:
    rows = store.select(
        """SELECT DISTINCT ?person WHERE {
          ?person ag:hasSpeakerProfile ?p .
          ?p schema:knowsLanguage "ar", "fr" ;
             schema:knowsAbout <https://w3id.org/akteursgraph/vocab/topic/colonial-history> ;
             ag:offersFormat <https://w3id.org/akteursgraph/vocab/format/workshop> .
        }""",
        public_only=True,
    )
    assert len(rows) >= 2


def test_every_topic_serves_an_sdg(store: Store) -> None:
    rows = store.select(
        """SELECT ?t WHERE { ?t skos:inScheme <https://w3id.org/akteursgraph/vocab/topics> .
           FILTER NOT EXISTS { ?t ag:sdg ?goal } }"""
    )
    assert rows == []
    assert count(store, "SELECT (COUNT(DISTINCT ?g) AS ?n) { ?t ag:sdg ?g }") >= 10


def test_generator_output_is_current(tmp_path: Path) -> None:
    """The committed fictional data is exactly what tools/make_example.py produces."""
    import subprocess

    out = tmp_path / "example.trig"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_example.py"), "--output", str(out), "-q"],
        check=True,
        timeout=300,
    )
    assert out.read_bytes() == FICTIONAL.read_bytes()


@pytest.fixture
def generator_checks(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The generator's checks (tools/example/checks.py); tools/ is not an installed package."""
    monkeypatch.syspath_prepend(str(ROOT / "tools"))
    from example import checks

    return checks


def test_generator_check_refuses_contact_data_by_the_products_rule(
    generator_checks: ModuleType, tmp_path: Path
) -> None:
    """The generator's check is the product's validator: a leak fails with the product's rule."""
    leaked = tmp_path / "leaked.trig"
    leaked.write_text(
        FICTIONAL.read_text(encoding="utf-8")
        + f"<{BASE}graph/public/example> {{ <{example_person('Aminata Sy')}> "
        "<http://www.w3.org/2006/vcard/ns#hasEmail> <mailto:a@example.org> . }\n",
        encoding="utf-8",
    )
    problems = generator_checks.validate_with_product(leaked, shipped=FICTIONAL)
    assert any("ags:ContactDataNotPublic" in p for p in problems), problems
    assert generator_checks.validate_with_product(FICTIONAL, shipped=FICTIONAL) == []


def test_generator_check_refuses_a_public_profile_of_a_private_person(
    generator_checks: ModuleType, tmp_path: Path
) -> None:
    """A profile's label names its person: the generator checks what the product's rules do not."""
    profile = f"{BASE}example/profile/someone"
    leaked = tmp_path / "profile.trig"
    leaked.write_text(
        f"<{BASE}graph/public/example> {{ <{profile}> a "
        "<https://w3id.org/akteursgraph/ontology#SpeakerProfile> . }\n",
        encoding="utf-8",
    )
    problems = generator_checks.example_promises(generator_checks.read_dataset(leaked))
    assert problems == [f"public profile of a non-consenting person: {profile}"]
