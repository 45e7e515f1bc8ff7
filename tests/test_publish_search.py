"""The search index follows commits entity by entity and ends where a full build ends.

A sequence of adds and removes on a copy of the example store exercises every way an
entity's entries can change: its own texts, its types (a skipped type hides it), its topics
(directly, and through a speaker profile whose topic changes without the person being
touched), a site's former names (a name that changes without the site being touched), the
topic scheme, the class hierarchy, a change with only internal quads, and a bulk change
(followed by one full build). After each step the incremental index must answer every
probe exactly as `SearchIndex.build` of the same state: results, order, scores, labels,
kinds, matched fields.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from akteursgraph.namespaces import AG, AGV, FOAF, ORG, RDF_TYPE, RDFS, SCHEMA, SKOS
from akteursgraph.search import SearchIndex, fold, words
from akteursgraph.store import Change, Store

BASE = "https://w3id.org/akteursgraph/mitte/"
PUBLIC = ox.NamedNode(BASE + "graph/public/staff")
INTERNAL = ox.NamedNode(BASE + "graph/internal/staff")
DESCRIPTION = "http://purl.org/dc/terms/description"
SUBJECT = "http://purl.org/dc/terms/subject"
SITE = BASE + "site/cornelius-fredericks-strasse"
COLONIAL_HISTORY = "https://w3id.org/akteursgraph/vocab/topic/colonial-history"


def iri(local: str) -> ox.NamedNode:
    return ox.NamedNode(BASE + "example/" + local)


def q(s: ox.NamedNode | ox.BlankNode, p: str, o: object, g: ox.NamedNode = PUBLIC) -> ox.Quad:
    obj = o if isinstance(o, ox.NamedNode | ox.BlankNode | ox.Literal) else ox.Literal(str(o))
    return ox.Quad(s, ox.NamedNode(p), obj, g)


def de(text: str) -> ox.Literal:
    return ox.Literal(text, language="de")


X, PERSON, TOPIC, NAMING, KIND = (iri("organisation/zett-verein"), iri("person/ada-zett"),
                                  iri("topic/zett-thema"), iri("naming/zett-alt"),
                                  iri("class/zett-art"))  # fmt: skip
PROFILE = ox.BlankNode()
X_TEXTS = [
    q(X, RDF_TYPE, ox.NamedNode(ORG + "Organization")),
    q(X, SKOS + "prefLabel", de("Zett-Verein Müllerstraße")),
    q(X, SKOS + "prefLabel", ox.Literal("Zett Association", language="en")),
    q(X, SKOS + "altLabel", de("ZV Wedding")),
    q(X, SCHEMA + "name", de("Zett e. V.")),
    q(X, DESCRIPTION, de("Ein Verein für Kolonialgeschichte und Café-Kultur am Nachtigalplatz.")),
]
#: (add, remove) in order; each step is one commit.
STEPS: list[tuple[list[ox.Quad], list[ox.Quad]]] = [
    (X_TEXTS, []),
    ([q(X, SKOS + "prefLabel", de("Zett-Verein Moabit"))], [X_TEXTS[1]]),
    ([q(X, SUBJECT, ox.NamedNode(COLONIAL_HISTORY))], []),
    ([q(TOPIC, RDF_TYPE, ox.NamedNode(SKOS + "Concept")),
      q(TOPIC, SKOS + "inScheme", ox.NamedNode(AGV + "topics")),
      q(TOPIC, SKOS + "prefLabel", de("Zettelkunde")),
      q(X, SUBJECT, TOPIC)], []),
    ([q(PERSON, RDF_TYPE, ox.NamedNode(FOAF + "Person")),
      q(PERSON, SKOS + "prefLabel", de("Ada Zett")),
      q(PERSON, AG + "hasSpeakerProfile", PROFILE),
      q(PROFILE, RDF_TYPE, ox.NamedNode(AG + "SpeakerProfile")),
      q(PROFILE, SCHEMA + "knowsAbout", TOPIC)], []),
    ([], [q(PROFILE, SCHEMA + "knowsAbout", TOPIC)]),  # the person is not in this change
    ([q(PROFILE, SCHEMA + "knowsAbout", TOPIC)], []),
    ([], [q(TOPIC, SKOS + "inScheme", ox.NamedNode(AGV + "topics"))]),  # no longer a topic
    ([q(TOPIC, SKOS + "prefLabel", ox.Literal("Slip-box studies", language="en"))], []),
    ([q(ox.NamedNode(SITE), AG + "hasNaming", NAMING),
      q(NAMING, RDF_TYPE, ox.NamedNode(AG + "SiteNaming")),
      q(NAMING, SCHEMA + "name", de("Zettelstraße"))], []),
    ([q(NAMING, SCHEMA + "name", de("Zettelgasse"))],
     [q(NAMING, SCHEMA + "name", de("Zettelstraße"))]),  # the site is not in this change
    ([], [q(ox.NamedNode(SITE), AG + "hasNaming", NAMING)]),
    ([q(X, RDF_TYPE, ox.NamedNode(ORG + "Membership"))], []),  # a skipped type hides it
    ([], [q(X, RDF_TYPE, ox.NamedNode(ORG + "Membership")),
          q(X, RDF_TYPE, ox.NamedNode(ORG + "Organization"))]),
    ([q(X, RDF_TYPE, KIND)], []),
    ([q(KIND, RDFS + "subClassOf", ox.NamedNode(ORG + "Organization"))], []),  # the hierarchy
    ([], [q(KIND, RDFS + "subClassOf", ox.NamedNode(ORG + "Organization"))]),
    ([q(X, SKOS + "prefLabel", de("Intern umbenannt"), INTERNAL)], []),  # nothing public
    ([], [q(ox.NamedNode(BASE + "person/adolf-luederitz"), SKOS + "prefLabel",
            de("Adolf Lüderitz"), ox.NamedNode(BASE + "graph/public/mitte-facts"))]),
    ([], [*X_TEXTS[2:], q(X, SKOS + "prefLabel", de("Zett-Verein Moabit"))]),  # X has no text
    # A bulk change touching more entities than the index follows one by one.
    ([quad for n in range(260)
      for quad in (q(iri(f"organisation/masse-{n}"), RDF_TYPE, ox.NamedNode(ORG + "Organization")),
                   q(iri(f"organisation/masse-{n}"), SKOS + "prefLabel", de(f"Masse {n} Zett")))],
     []),
    ([], [q(iri("organisation/masse-7"), SKOS + "prefLabel", de("Masse 7 Zett"))]),
    # What the speaker offers (issue 16), changed on the profile alone: languages, a format.
    ([q(PROFILE, SCHEMA + "knowsLanguage", "sw"), q(PROFILE, SCHEMA + "knowsLanguage", "fr"),
      q(PROFILE, AG + "offersFormat", ox.NamedNode(AGV + "format/workshop"))], []),
    ([], [q(PROFILE, SCHEMA + "knowsLanguage", "sw")]),
    # ... and a regional focus, set on the profile alone too.
    ([q(PROFILE, AG + "regionalFocus", ox.NamedNode(AGV + "region/central-africa"))], []),
]  # fmt: skip


def probes(store: Store) -> list[str]:
    """Queries that together reach nearly every entity in several score tiers: the first
    letter and the first two letters of every word of the public texts, and whole labels."""
    found: set[str] = {"zett", "zett verein", "zettelkunde", "zettelgasse", "masse 7 zett"}
    for quad in store.dump_quads(public_only=True):
        if isinstance(quad.object, ox.Literal) and quad.object.language in ("de", "en", None):
            for word in words(fold(quad.object.value)):
                found.update((word[:1], word[:2]))
            if quad.predicate.value == SKOS + "prefLabel":
                found.add(quad.object.value)
    return sorted(found)


@pytest.fixture
def store(example_store_path: Path) -> Iterator[Store]:
    with Store.open(example_store_path) as opened:
        yield opened


def answers(index: SearchIndex, texts: list[str]) -> list[object]:
    return [index.search(t, lang, limit=100_000) for t in texts for lang in ("de", "en")]


def test_incremental_index_equals_a_full_build_after_every_step(store: Store) -> None:
    index = SearchIndex.build(store)
    texts = probes(store)
    for number, (add, remove) in enumerate(STEPS):
        change = Change(add=add, remove=remove)
        store.apply(change)
        index.update(store, change)
        full = SearchIndex.build(store)
        step = f"step {number}"
        # Each word's postings stay in ascending order, without repeats: a removal finds
        # its entry by halving them (`_unpost`), and an update reuses freed entries.
        unordered = [w for w, p in index._postings.items() if p != sorted(set(p))]
        assert not unordered, step
        assert (len(index), index.text_count, index.kinds()) == (
            len(full), full.text_count, full.kinds()), step  # fmt: skip
        # ... and words found only inside words or run together ("ettel": "Zettelgasse").
        probe = sorted(set(texts) | {"zett", "zettel", "masse", "suaheli", "franzosisch",
                                     "referentin", "workshop", "ettel", "ettelgasse",
                                     "zettverein", "massezett", "zentralafrika"})  # fmt: skip
        assert answers(index, probe) == answers(full, probe), step
        spread = ["referentin workshop franzosisch", "ada suaheli", "referentin zentralafrika"]
        assert [index.explained(t, "de") for t in spread] == [
            full.explained(t, "de") for t in spread], step  # fmt: skip
    # the things the steps were about really happened
    assert index.search("Zettelgasse", "de") == []  # the naming was taken off the site
    assert iri("organisation/masse-7").value not in [
        r["iri"] for r in index.search("Masse 7 Zett", "de")]  # fmt: skip
    assert not index.search("Zett-Verein", "de")
    # The speaker is found by role, format and language; Swahili was taken off again.
    hits = {h["iri"]: h for h in index.explained("Referentin Workshop Französisch", "de")["hits"]}
    assert {w["field"] for w in hits[PERSON.value]["why"]} == {"role", "format", "language"}
    assert {"field": "language", "value": "Französisch"} in hits[PERSON.value]["why"]
    assert PERSON.value not in [r["iri"] for r in index.search("Suaheli", "de")]
    hits = {h["iri"]: h for h in index.explained("Referentin Zentralafrika", "de")["hits"]}
    assert {"field": "region", "value": "Zentralafrika"} in hits[PERSON.value]["why"]


def test_a_topic_reached_through_a_speaker_profile(store: Store) -> None:
    index = SearchIndex.build(store)
    for add, remove in STEPS[:7]:
        change = Change(add=add, remove=remove)
        store.apply(change)
        index.update(store, change)
    found = {r["iri"]: r for r in index.search("Zettelkunde", "de")}
    assert found[TOPIC.value]["kind"] == "topics"
    assert found[PERSON.value]["matched"] == "topic" and found[X.value]["matched"] == "topic"


def test_updates_and_searches_take_turns(store: Store) -> None:
    """Searches from other threads during updates never see a half-swapped entity."""
    import threading

    index = SearchIndex.build(store)
    errors: list[BaseException] = []
    done = threading.Event()

    def search() -> None:
        while not done.is_set():
            try:
                for r in index.search("ze", "de", limit=1000):
                    assert r["label"] and r["kind"]
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)
                return

    threads = [threading.Thread(target=search) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for add, remove in STEPS[:20]:
            change = Change(add=add, remove=remove)
            store.apply(change)
            index.update(store, change)
    finally:
        done.set()
        for t in threads:
            t.join()
    assert errors == []


def test_a_load_is_followed_too(store: Store) -> None:
    """A load's change holds an in-memory store (its internal graphs are not read)."""
    index = SearchIndex.build(store)
    loaded = ox.Store()
    loaded.extend([*X_TEXTS, q(X, SKOS + "altLabel", de("Geheimname Zett"), INTERNAL)])
    change = Change(add=loaded)
    store.apply(change)
    index.update(store, change)
    full = SearchIndex.build(store)
    probe = ["zett", "ze", "geheimname"]
    assert answers(index, probe) == answers(full, probe)
    assert index.search("Zett Association", "en")[0]["iri"] == X.value
    assert index.search("Geheimname", "de") == []


def test_a_spelling_offer_follows_a_renaming(store: Store) -> None:
    """The spelling an offer writes a word in is kept until the index changes (it reads
    every text holding the word): after a renaming it is the new name's."""
    index = SearchIndex.build(store)
    first = Change(add=X_TEXTS)
    store.apply(first)
    index.update(store, first)
    [offer] = index.explained("Zwtt-Verein", "de")["suggestions"][:1]
    assert offer["word"] == "Zett", offer
    renamed = Change(
        add=[q(X, SKOS + "prefLabel", de("ZETT-Verein Müllerstraße")),
             q(X, SCHEMA + "name", de("ZETT e. V."))],
        remove=[q(X, SKOS + "prefLabel", de("Zett-Verein Müllerstraße")),
                q(X, SCHEMA + "name", de("Zett e. V."))],
    )  # fmt: skip
    store.apply(renamed)
    index.update(store, renamed)
    [offer] = index.explained("Zwtt-Verein", "de")["suggestions"][:1]
    assert offer["word"] == "ZETT", offer
