"""The explorer's graph layer (graph/explore/) on the shipped example data.

The assertions name real facts of the data (the namings of Manga-Bell-Platz, the partners of
the Koordinationsstelle, the Arabic-speaking workshop speakers), so a query that silently
returns nothing fails here. Privacy is tested as a negative: nothing of the internal graphs
(people without consent, e-mail addresses, phone numbers) reaches any result.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from akteursgraph import explore
from akteursgraph.errors import UsageError
from akteursgraph.explore import (
    KINDS,
    entity,
    home_summary,
    is_current,
    list_entities,
    pick_label,
    sites,
    sort_key,
    speaker_facets,
    speakers,
)
from akteursgraph.namespaces import AG, FOAF, RDF_TYPE, RDFS, SCHEMA, SKOS, VCARD
from akteursgraph.store import Change, Store

from .example_people import example_person

BASE = "https://w3id.org/akteursgraph/mitte/"
VOCAB = "https://w3id.org/akteursgraph/vocab/"
MANGA_BELL_PLATZ = BASE + "site/manga-bell-platz"
KOORDINATIONSSTELLE = BASE + "organisation/koordinationsstelle-entwicklungspolitik"
NACHTIGAL = BASE + "person/gustav-nachtigal"
COLONIAL_HISTORY = VOCAB + "topic/colonial-history"
WORKSHOP = VOCAB + "format/workshop"


@pytest.fixture(scope="module")
def internal_only(store: Store) -> dict[str, set[str]]:
    """What only the internal graphs hold: people (IRIs and names) and contact values.

    Read straight from the quads, not through explore, so the oracle does not share a bug
    with what it checks."""
    public_subjects = {q.subject for q in store.dump_quads(public_only=True)}
    people: set[str] = set()
    names: set[str] = set()
    contacts: set[str] = set()
    for graph in store.named_graphs():
        if not graph.startswith(store.internal_prefix):
            continue
        for q in store.quads(graph=ox.NamedNode(graph)):
            if q.predicate.value in (VCARD + "hasEmail", VCARD + "hasTelephone"):
                contacts.add(q.object.value)
            if (
                q.predicate.value == RDF_TYPE
                and q.object.value == FOAF + "Person"
                and q.subject not in public_subjects
            ):
                people.add(q.subject.value)
    for graph in store.named_graphs():
        for q in store.quads(predicate=ox.NamedNode(SKOS + "prefLabel"), graph=ox.NamedNode(graph)):
            if q.subject.value in people:
                names.add(q.object.value)
    assert people and names and contacts, "the example data must exercise the privacy rules"
    return {"people": people, "names": names, "contacts": contacts}


def _assert_no_internal(result: Any, internal: dict[str, set[str]]) -> None:
    text = json.dumps(result, ensure_ascii=False)
    for value in internal["people"] | internal["names"] | internal["contacts"]:
        assert value not in text, f"internal value {value!r} reached a public result"
    assert "mailto:" not in text and "tel:+" not in text


# ---- home ------------------------------------------------------------------------------------


def test_kinds_name_the_classes_of_the_model() -> None:
    assert set(KINDS) == {
        "organisations",
        "people",
        "projects",
        "events",
        "cooperations",
        "topics",
        "sites",
    }
    assert KINDS["organisations"] == "http://www.w3.org/ns/org#Organization"
    assert KINDS["sites"] == "https://w3id.org/akteursgraph/ontology#ColonialHistorySite"


def test_home_counts_match_the_lists(store: Store) -> None:
    summary = home_summary(store, "de")
    for kind, count in summary["counts"].items():
        assert count == list_entities(store, kind, "de", per_page=1)["total"], kind
    counts = summary["counts"]
    assert counts["topics"] == 22  # the scheme agv:topics, not formats or regions
    assert counts["sites"] == 8
    # Events include the subclasses: training offers and the historical events.
    event_kinds = list_entities(store, "events", "de")["facets"]["kind"]
    assert {v["value"] for v in event_kinds} >= {AG + "TrainingOffer", AG + "HistoricalEvent"}
    assert counts["events"] > sum(v["count"] for v in event_kinds)


def test_home_recent_is_newest_first(store: Store) -> None:
    recent = home_summary(store, "en")["recent"]
    assert len(recent) == 8
    assert {r["kind"] for r in recent} <= {"cooperations", "events", "projects"}
    dates = [r["date"] for r in recent]
    assert dates == sorted(dates, reverse=True)
    assert all(r["label"] and not r["label"].startswith("http") for r in recent)


def test_home_topics_carry_their_sdgs(store: Store) -> None:
    topics = home_summary(store, "de")["topics"]
    labels = [t["label"] for t in topics]
    assert labels == sorted(labels, key=sort_key)
    colonial = next(t for t in topics if t["iri"] == COLONIAL_HISTORY)
    assert colonial["label"] == "Kolonialgeschichte"
    assert [s["notation"] for s in colonial["sdgs"]] == ["4", "10", "16"]
    assert colonial["sdgs"][0]["label"] == "Hochwertige Bildung"
    assert home_summary(store, "en")["topics"][0]["label"] == "Anti-racism"


# ---- lists -----------------------------------------------------------------------------------


def test_list_pages_split_the_whole_list(store: Store) -> None:
    first = list_entities(store, "organisations", "de", per_page=10)
    second = list_entities(store, "organisations", "de", per_page=10, page=2)
    assert first["total"] == second["total"] >= 40
    assert first["items"] != second["items"]
    seen: list[str] = []
    for page in range(1, first["total"] // 10 + 2):
        seen += [
            i["iri"]
            for i in list_entities(store, "organisations", "de", page=page, per_page=10)["items"]
        ]
    assert len(seen) == len(set(seen)) == first["total"]
    labels = [
        i["label"] for i in list_entities(store, "organisations", "de", per_page=100)["items"]
    ]
    assert labels == sorted(labels, key=str.casefold)


def test_list_items_carry_the_facts_of_their_kind(store: Store) -> None:
    items = list_entities(store, "organisations", "en", per_page=100)["items"]
    koordination = next(i for i in items if i["iri"] == KOORDINATIONSSTELLE)
    assert koordination["label"] == "Coordination Office for Municipal Development Policy"
    assert koordination["kinds"] == ["Public administration"]
    assert koordination["districts"] == ["Mitte (borough)"]
    assert koordination["description"].endswith("…")
    assert len(koordination["description"]) <= 205
    site_items = list_entities(store, "sites", "de")["items"]
    kinds = {k for i in site_items for k in i["kinds"]}
    assert kinds == {"Straße", "Platz", "Denkmal oder Gedenkort"}


@pytest.mark.parametrize("kind", KINDS)
def test_a_page_read_in_one_go_lists_what_single_reads_list(store: Store, kind: str) -> None:
    """A list page reads its items together (lists._read_items: one query for all their
    statements, one for their values' labels): each item must be what reading it alone
    gives (pages of one item; the store is read-only, so nothing is kept between them),
    with the facts of its kind, not another item's."""
    for lang in ("de", "en"):
        together = list_entities(store, kind, lang, per_page=40)["items"]
        alone = [
            item
            for page in range(1, len(together) + 1)
            for item in list_entities(store, kind, lang, page=page, per_page=1)["items"]
        ]
        assert together == alone, (kind, lang)
        named = ("topics", "kinds", "partners", "sdgs")
        shown = [i for i in together if any(i.get(f) for f in named)]
        assert shown or kind == "people", kind  # the labels of values were read


def test_list_sort_by_date_is_newest_first(store: Store) -> None:
    for kind in ("organisations", "events", "cooperations", "projects"):
        items = list_entities(store, kind, "de", sort="date", per_page=100)["items"]
        dated = [i["date"] for i in items if i["date"]]
        assert dated == sorted(dated, reverse=True), kind
        # Entities without a date come last.
        assert [i["date"] is None for i in items] == sorted(i["date"] is None for i in items)


def test_each_facet_count_is_the_total_of_that_filter(store: Store) -> None:
    for kind in KINDS:
        listing = list_entities(store, kind, "de", per_page=1)
        for facet, values in listing["facets"].items():
            assert values, f"{kind}/{facet} offers no value"
            for value in values:
                filtered = list_entities(store, kind, "de", facets={facet: [value["value"]]})
                assert filtered["total"] == value["count"], (kind, facet, value)
                assert 0 < value["count"] <= listing["total"]
            # (A period's decades do not split the list: what ran from 1998 to today counts
            # in each decade it ran; tests/test_explorer_pages.py checks which.)


def test_facets_or_within_and_across(store: Store) -> None:
    def total(**facets: list[str]) -> int:
        return list_entities(store, "organisations", "de", facets=facets)["total"]

    colonial = total(topic=[COLONIAL_HISTORY])
    education = total(topic=[VOCAB + "topic/education"])
    either = total(topic=[COLONIAL_HISTORY, VOCAB + "topic/education"])
    assert max(colonial, education) <= either <= colonial + education
    wedding = total(district=[BASE + "place/wedding"])
    both = total(topic=[COLONIAL_HISTORY], district=[BASE + "place/wedding"])
    assert 0 < both <= min(colonial, wedding)
    # The facet counts of one facet ignore its own filter, so alternatives stay visible.
    listing = list_entities(store, "organisations", "de", facets={"topic": [COLONIAL_HISTORY]})
    assert len(listing["facets"]["topic"]) > 1
    district_counts = {v["value"]: v["count"] for v in listing["facets"]["district"]}
    assert district_counts[BASE + "place/wedding"] == both


def test_facet_values_are_labelled(store: Store) -> None:
    facets = list_entities(store, "organisations", "de")["facets"]
    kinds = {v["label"] for v in facets["kind"]}
    assert "Migrant*innenorganisation" in kinds
    languages = {v["value"]: v["label"] for v in facets["language"]}
    assert languages["ar"] == "Arabisch"  # by its name, as the page shows it
    assert all(v["value"].isdigit() and len(v["value"]) == 4 for v in facets["period"])
    sdg_labels = {v["label"] for v in facets["sdg"]}
    assert "Hochwertige Bildung" in sdg_labels
    people = list_entities(store, "people", "en")["facets"]
    assert {v["label"] for v in people["topic"]} >= {"Colonial history"}


def test_bad_list_requests(store: Store) -> None:
    with pytest.raises(UsageError):
        list_entities(store, "unicorns", "de")
    with pytest.raises(UsageError):
        list_entities(store, "topics", "de", facets={"district": ["x"]})
    with pytest.raises(UsageError):
        list_entities(store, "organisations", "de", sort="random")
    with pytest.raises(UsageError):
        list_entities(store, "organisations", "fr")
    # Values are bound, never spliced: hostile text matches nothing and breaks nothing. A
    # value that no entry has is refused by name (the facets offer the values there are); a
    # period is open (any decade), so a decade without entries only finds nothing.
    for value in ['"> } UNION { ?entity ?p ?o } #', "not an iri", "2010) || true"]:
        for facet in ("topic", "period"):
            with pytest.raises(UsageError, match=f"is no value of '{facet}' for the list"):
                list_entities(store, "organisations", "de", facets={facet: [value]})
    result = list_entities(store, "organisations", "de", facets={"period": ["1890"]})
    assert result["total"] == 0 and result["items"] == []
    clamped = list_entities(store, "organisations", "de", page=0, per_page=10_000)
    assert clamped["page"] == 1 and clamped["per_page"] == explore.MAX_PER_PAGE
    too_many = [f"{VOCAB}topic/t{i}" for i in range(explore.MAX_FACET_VALUES + 1)]
    with pytest.raises(UsageError, match="at most 50"):
        list_entities(store, "organisations", "de", facets={"topic": too_many})


def test_issue10_a_page_past_the_end_is_empty(store: Store) -> None:
    """A page number far past the end used to reach the engine as an OFFSET it refused."""
    total = list_entities(store, "organisations", "de")["total"]
    for page in (total + 1, 10**30):
        past = list_entities(store, "organisations", "de", page=page, per_page=1)
        assert past["items"] == [] and past["total"] == total and past["page"] == page


# ---- entity page -----------------------------------------------------------------------------


def test_the_line_of_types_names_the_most_specific_ones(store: Store) -> None:
    """Berlin Postkolonial is typed as a formal organisation and, for clients without
    inference, as an organisation: the line under its name said both."""
    iri = BASE + "organisation/berlin-postkolonial"
    org = "http://www.w3.org/ns/org#"
    english, german = entity(store, iri, "en"), entity(store, iri, "de")
    assert english is not None and german is not None
    assert [t["label"] for t in english["types"]] == ["Formal organisation"]
    assert [t["label"] for t in german["types"]] == ["Formale Organisation"]
    typed = {s["value"] for s in german["statements"] if s["predicate"] == RDF_TYPE}
    assert typed == {org + "FormalOrganization", org + "Organization"}  # the table keeps both
    # the coordination office is a unit and an organisation: the unit alone
    office = entity(store, KOORDINATIONSSTELLE, "en")
    assert office is not None
    assert [t["label"] for t in office["types"]] == ["Organisational unit"]


def test_an_event_and_a_project_say_who_they_are_by(store: Store) -> None:
    """Their organisers, funders and contributors stood only in the statements table, and
    the picture of their neighbourhood showed their topics alone (issue 16: pages that
    tell the story)."""
    event = entity(
        store, BASE + "example/event/fachtag-migrant-innenorganisationen-und-bezirk-2025", "de"
    )
    assert event is not None
    relations = event["relations"]
    assert [r["label"] for r in relations["organised_by"]] == [
        "Dachnetzwerk Globales Mitte e.V. (Beispiel)",
        "Koordinationsstelle für kommunale Entwicklungspolitik",
    ]
    assert [r["iri"] for r in relations["organised_by"]][1] == KOORDINATIONSSTELLE
    assert [r["label"] for r in relations["contributors"]] == ["Samira Cherif (Beispielperson)"]
    assert relations["funded_by"] == []
    project = entity(store, BASE + "example/project/lernort-manga-bell-platz", "en")
    assert project is not None
    assert [r["label"] for r in project["relations"]["organised_by"]] == [
        "Coordination Office for Municipal Development Policy",
        "Friends of the Wouri (example)",
    ]
    assert [r["label"] for r in project["relations"]["funded_by"]] == [
        "Kiezbrücke Foundation (example)"
    ]
    # an organisation's page keeps what it organises, and names no organiser of its own
    office = entity(store, KOORDINATIONSSTELLE, "de")
    assert office is not None
    assert office["relations"]["organised_by"] == [] and office["relations"]["organises"]


def test_manga_bell_platz_has_its_two_names(store: Store) -> None:
    page = entity(store, MANGA_BELL_PLATZ, "de")
    assert page is not None
    assert page["kind"] == "sites"
    assert page["label"] == "Manga-Bell-Platz"
    assert [t["label"] for t in page["types"]] == ["Platz"]
    namings = page["relations"]["namings"]
    assert [n["name"] for n in namings] == ["Nachtigalplatz", "Manga-Bell-Platz"]
    old, new = namings
    assert [h["iri"] for h in old["honours"]] == [NACHTIGAL]
    assert old["end"] == "2022-12-02" and not old["current"]
    assert {h["label"] for h in new["honours"]} == {
        "Rudolf Duala Manga Bell",
        "Emily Duala Manga Bell",
    }
    assert new["current"] and new["start"] == "2022-12-02"
    assert new["decided_by"]["iri"] == BASE + "organisation/bvv-mitte"
    assert new["ceremony_date"] == "2022-12-02"
    assert new["sources"] and all(s.startswith("http") for s in new["sources"])
    lat, long = page["coordinates"]
    assert 52.5 < lat < 52.6 and 13.3 < long < 13.4


def test_honoured_person_links_back_to_the_site(store: Store) -> None:
    page = entity(store, NACHTIGAL, "en")
    assert page is not None and page["kind"] == "people"
    honoured_by = page["relations"]["honoured_by"]
    assert [(h["iri"], h["name"], h["current"]) for h in honoured_by] == [
        (MANGA_BELL_PLATZ, "Nachtigalplatz", False)
    ]
    assert honoured_by[0]["via"] == BASE + "naming/manga-bell-platz-1910"


def test_koordinationsstelle_cooperates_with_at_least_five(store: Store) -> None:
    page = entity(store, KOORDINATIONSSTELLE, "de")
    assert page is not None and page["kind"] == "organisations"
    partners = page["relations"]["cooperates_with"]
    assert len({p["iri"] for p in partners}) >= 5
    for partner in partners:
        assert partner["iri"] != KOORDINATIONSSTELLE
        assert partner["via"].startswith(BASE) and "/cooperation/" in partner["via"]
        assert partner["via_label"] and partner["label"]
        assert partner["current"] == is_current(partner["end"])
    assert page["relations"]["organises"]
    address = next(s for s in page["statements"] if s["predicate"].endswith("/address"))
    assert address["value_label"] == "Mathilde-Jacob-Platz 1, 10551, Berlin"


def test_statements_and_labels_follow_the_language(store: Store) -> None:
    de = entity(store, KOORDINATIONSSTELLE, "de")
    en = entity(store, KOORDINATIONSSTELLE, "en")
    assert de is not None and en is not None
    assert de["label"] == "Koordinationsstelle für kommunale Entwicklungspolitik"
    assert en["label"] == "Coordination Office for Municipal Development Policy"
    assert de["labels"] == {"de": de["label"], "en": en["label"]}
    assert de["alt_labels"] == ["Koordination kommunale Entwicklungspolitik Mitte"]
    predicate_labels_de = {s["predicate_label"] for s in de["statements"]}
    predicate_labels_en = {s["predicate_label"] for s in en["statements"]}
    assert "Beschreibung" in predicate_labels_de and "description" in predicate_labels_en
    kind = next(s for s in de["statements"] if s["predicate"].endswith("#classification"))
    assert kind["is_iri"] and kind["value_label"] == "Öffentliche Verwaltung"
    description = next(s for s in de["statements"] if s["lang"] == "de")
    assert description["datatype"] is None and not description["is_iri"]
    assert de["provenance"]["sources"]
    graphs = {g["graph"]: g["loads"] for g in de["provenance"]["graphs"]}
    assert [load["title"] for load in graphs[BASE + "graph/public/mitte-facts"]] == [
        "mitte-facts.trig"
    ]


def test_issue10_statements_say_which_values_are_described(store: Store) -> None:
    """A value the public graphs describe has a page here; a source on the web has none, so
    the web layer links it out instead of to /entity (which answered 404)."""
    page = entity(store, MANGA_BELL_PLATZ, "de")
    assert page is not None
    by_predicate: dict[str, list[dict[str, Any]]] = {}
    for statement in page["statements"]:
        by_predicate.setdefault(statement["predicate"], []).append(statement)
    sources = by_predicate["http://purl.org/dc/terms/source"]
    assert "https://de.wikipedia.org/wiki/Manga-Bell-Platz" in {s["value"] for s in sources}
    assert all(s["is_iri"] and not s["described"] for s in sources)
    (kind,) = by_predicate[RDF_TYPE]
    assert kind["described"] and kind["value_label"] == "Platz"
    assert not any(s["described"] for s in page["statements"] if not s["is_iri"])


def test_speaker_page_has_the_profile(store: Store) -> None:
    page = entity(store, example_person("Amani Njeri"), "en")
    assert page is not None and page["kind"] == "people"
    profile = page["relations"]["speaker_profile"]
    assert profile["languages"] == ["de", "en", "sw"]
    assert {f["label"] for f in profile["formats"]} == {"City walk", "Talk", "Workshop"}
    assert [r["label"] for r in profile["regions"]] == ["East Africa"]
    assert {t["label"] for t in page["relations"]["topics"]} >= {"Climate justice"}
    assert page["relations"]["member_of"] and page["relations"]["performs_at"]


def test_unknown_and_internal_entities_have_no_page(
    store: Store, internal_only: dict[str, set[str]]
) -> None:
    assert entity(store, BASE + "organisation/does-not-exist", "de") is None
    assert entity(store, "not an iri", "de") is None
    for person in internal_only["people"]:
        assert entity(store, person, "de") is None


def test_public_person_page_hides_contact_data(
    store: Store, internal_only: dict[str, set[str]]
) -> None:
    # Amani Njeri is public (with consent); her e-mail lives in the internal graph.
    page = entity(store, example_person("Amani Njeri"), "de")
    assert page is not None
    assert not any("vcard" in s["predicate"] for s in page["statements"])
    _assert_no_internal(page, internal_only)


def test_is_current_counts_a_year_to_its_end() -> None:
    assert is_current(None)
    assert is_current("2999")
    assert not is_current("2019", today="2020-01-01")
    assert is_current("2019-12", today="2019-12-31")
    assert not is_current("2019-12-30", today="2019-12-31")


def test_pick_label_falls_back_in_order() -> None:
    assert pick_label({"de": "Straße", "en": "Street"}, "en") == "Street"
    assert pick_label({"de": "Straße"}, "en") == "Straße"
    assert pick_label({"fr": "Rue", "ar": "شارع"}, "de") == "شارع"  # any, stable by tag
    assert pick_label({}, "de", BASE + "site/manga-bell-platz") == "manga-bell-platz"


# ---- speakers and sites ----------------------------------------------------------------------


def test_speakers_filtered_by_topic_language_and_format(store: Store) -> None:
    found = speakers(store, "de", topic=COLONIAL_HISTORY, language="ar", format=WORKSHOP)
    assert len(found) >= 2
    for speaker in found:
        assert "Arabisch" in speaker["languages"] and "ar" in speaker["values"]["languages"]
        assert "Workshop" in speaker["formats"]
        assert "Kolonialgeschichte" in speaker["topics"]
    everyone = speakers(store, "de")
    assert len(everyone) > len(found)
    assert speakers(store, "de", topic="not an iri") == []


def test_speaker_facets_count_the_speakers(store: Store) -> None:
    facets = speaker_facets(store, "en")
    assert set(facets) == {"topics", "languages", "formats", "regions"}
    for entry in facets["languages"]:
        assert entry["count"] == len(speakers(store, "en", language=entry["value"]))
    for entry in facets["regions"]:
        assert entry["count"] == len(speakers(store, "en", region=entry["value"]))
    workshop = next(f for f in facets["formats"] if f["value"] == WORKSHOP)
    assert workshop["label"] == "Workshop"
    assert workshop["count"] == len(speakers(store, "en", format=WORKSHOP))


def test_sites_for_the_map(store: Store) -> None:
    found = {s["iri"]: s for s in sites(store, "de")}
    assert len(found) == 8
    amo = found[BASE + "site/anton-wilhelm-amo-strasse"]
    assert amo["current_name"] == "Anton-Wilhelm-Amo-Straße"
    assert amo["former_names"] == ["Mohrenstraße"]
    assert amo["kind"] == "Straße"
    assert isinstance(amo["lat"], float) and isinstance(amo["long"], float)
    platz = found[MANGA_BELL_PLATZ]
    assert platz["former_names"] == ["Nachtigalplatz"] and platz["kind"] == "Platz"
    assert platz["district"]
    assert {s["kind"] for s in found.values()} == {"Straße", "Platz", "Denkmal oder Gedenkort"}


# ---- privacy, across everything --------------------------------------------------------------


def test_no_internal_data_in_any_result(store: Store, internal_only: dict[str, set[str]]) -> None:
    results: list[Any] = [home_summary(store, "de"), speakers(store, "de"), sites(store, "en")]
    results.append(speaker_facets(store, "de"))
    for kind in KINDS:
        listing = list_entities(store, kind, "de", per_page=100)
        results.append(listing)
        for item in listing["items"]:
            results.append(entity(store, item["iri"], "en"))
    for result in results:
        _assert_no_internal(result, internal_only)
    people = {i["iri"] for i in list_entities(store, "people", "de", per_page=100)["items"]}
    assert not people & internal_only["people"]


def test_a_values_skos_label_goes_before_its_schema_name_in_the_same_language(
    example_store_path: Path,
) -> None:
    """A value's labels are read by a FILTER over its statements (explore/entity-statements,
    explore/list/item-labels), which the engine returns in the order of its index: on disk
    schema:name before skos:prefLabel. The candidates are put in the order of
    LABEL_PREDICATES, so a partner with both in German is shown by its skos:prefLabel, on the
    cooperation's page and in the list, as when each was a lookup of its own."""
    with Store.open(example_store_path) as store:
        [row] = store.select(
            "SELECT ?cooperation ?partner ?label ?g WHERE { ?cooperation ag:partner ?partner ."
            " GRAPH ?g { ?partner skos:prefLabel ?label } FILTER(lang(?label) = 'de') }"
            " ORDER BY ?cooperation ?partner LIMIT 1",
            public_only=True,
        )
        cooperation, partner, label = row["cooperation"], row["partner"], row["label"].value
        store.apply(
            Change(
                add=[
                    ox.Quad(partner, ox.NamedNode(p), ox.Literal(text, language="de"), row["g"])
                    for p, text in ((SCHEMA + "name", "Zweitname"), (RDFS + "label", "Drittname"))
                ]
            )
        )
        page = entity(store, cooperation.value, "de")
        assert page is not None
        [shown] = [
            s["value_label"]
            for s in page["statements"]
            if s["predicate"] == AG + "partner" and s["value"] == partner.value
        ]
        assert shown == label
        items = list_entities(store, "cooperations", "de", per_page=500)["items"]
        [item] = [i for i in items if i["iri"] == cooperation.value]
        assert label in item["partners"] and "Zweitname" not in item["partners"]
