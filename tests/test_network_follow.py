"""The network follows a committed change (issue 11, item 4): it reads again only the rows
of what the change touched and patches its graphs, and what it then gives equals a new build
of the same store: nodes, links and labels in both languages, and the figures of the whole
network. A bulk change is not followed: everything is read again by the next reader.

The changes are applied with `Store.apply`, the write `Writer.commit` makes after validating,
and followed with `NetworkCache.follow`, what the web app's writer calls next; the last test
goes through the app's writer itself.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from flask import Flask

from akteursgraph import network
from akteursgraph.network import analysis as network_analysis
from akteursgraph.network import cache as network_cache
from akteursgraph.network import follow
from akteursgraph.operations import init_store, load_files
from akteursgraph.store import Change, Store
from akteursgraph_web import close_app, create_app

from .conftest import copy_store, until
from .test_network import (
    ALPHA,
    BETA,
    DELTA,
    EINS,
    EPSILON,
    GAMMA,
    NORD,
    ORG,
    SMALL,
    STREET,
    TOPIC,
)

BASE = "https://w3id.org/akteursgraph/mitte/"
PUBLIC = ox.NamedNode(BASE + "graph/public/net-test")
INTERNAL = ox.NamedNode(BASE + "graph/internal/net-test")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORGNS = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"
AG = "https://w3id.org/akteursgraph/ontology#"
DCTERMS = "http://purl.org/dc/terms/"
ROLE = "https://w3id.org/akteursgraph/vocab/role/"
EX = BASE + "example/"
ZETA = ORG + "verein-zeta"


def quad(s: str | ox.BlankNode, p: str, o: object, graph: ox.NamedNode = PUBLIC) -> ox.Quad:
    subject = s if isinstance(s, ox.BlankNode) else ox.NamedNode(s)
    if isinstance(o, str):
        o = ox.NamedNode(o)
    return ox.Quad(subject, ox.NamedNode(p), o, graph)  # type: ignore[arg-type]


def de(text: str) -> ox.Literal:
    return ox.Literal(text, language="de")


def present(store: Store, s: str, p: str) -> list[ox.Quad]:
    """The public quads of `s` `p` the store holds now (to remove them as they are)."""
    return [
        q for q in store.quads() if q.subject == ox.NamedNode(s) and q.predicate.value == p
        if store.is_public_graph(q.graph_name)
    ]  # fmt: skip


def new_organisation(_store: Store) -> Change:
    """A new organisation, member of Netzwerk Nord."""
    via = EX + "membership/zeta-in-netz-nord"
    return Change(add=[
        quad(ZETA, RDF_TYPE, ORGNS + "Organization"),
        quad(ZETA, SKOS + "prefLabel", de("Verein Zeta (Test)")),
        quad(ZETA, SCHEMA + "foundingDate", ox.Literal("2012")),
        quad(via, RDF_TYPE, ORGNS + "Membership"),
        quad(via, ORGNS + "member", ZETA),
        quad(via, ORGNS + "organization", NORD),
        quad(via, SCHEMA + "startDate", ox.Literal("2020")),
    ])  # fmt: skip


def new_cooperation(_store: Store) -> Change:
    """A cooperation of three, one of them Haus Epsilon, which had no cooperation."""
    via = EX + "cooperation/alpha-delta-epsilon"
    return Change(add=[
        quad(via, RDF_TYPE, AG + "Cooperation"),
        quad(via, SKOS + "prefLabel", de("Kooperation zu dritt")),
        *(quad(via, AG + "partner", partner) for partner in (ALPHA, DELTA, EPSILON)),
        quad(via, DCTERMS + "subject", TOPIC + "fair-trade"),
    ])  # fmt: skip


def removed_membership(store: Store) -> Change:
    """Verein Beta leaves Netzwerk Nord: its membership's statements are removed."""
    via = EX + "membership/verein-beta-in-netz-nord"
    return Change(remove=[q for q in store.quads() if q.subject == ox.NamedNode(via)])


def removed_partner(store: Store) -> Change:
    """Stiftung Delta leaves the Gamma-Delta cooperation."""
    via = EX + "cooperation/gamma-delta"
    partner = [q for q in present(store, via, AG + "partner") if q.object.value == DELTA]
    return Change(remove=partner)


def renamed_organisation(store: Store) -> Change:
    old = [q for q in present(store, GAMMA, SKOS + "prefLabel") if q.object.language == "de"]
    return Change(remove=old, add=[quad(GAMMA, SKOS + "prefLabel", de("Initiative Gamma neu"))])


def renamed_cooperation(store: Store) -> Change:
    """The label of a cooperation is the label of its links."""
    via = EX + "cooperation/beta-gamma"
    old = [q for q in present(store, via, SKOS + "prefLabel") if q.object.language == "de"]
    return Change(remove=old, add=[quad(via, SKOS + "prefLabel", de("Fairer Handel zu zweit"))])


def renamed_role(_store: Store) -> Change:
    """A role's label is the label of every membership link in that role."""
    return Change(add=[quad(ROLE + "chair", SKOS + "prefLabel", de("Aaa Vorsitz"))])


def redated_event(store: Store) -> Change:
    """The reading moves to 2020: its organiser's and performer's links are dated by it."""
    reading = EX + "event/lesung-kolonialgeschichte"
    old = present(store, reading, SCHEMA + "startDate")
    return Change(remove=old, add=[quad(reading, SCHEMA + "startDate", ox.Literal("2020-06-01"))])


def topic_link(_store: Store) -> Change:
    """Verein Beta works on colonial history now."""
    return Change(add=[quad(BETA, DCTERMS + "subject", TOPIC + "colonial-history")])


def speaker_with_blank_profile(_store: Store) -> Change:
    """Person Eins gets a speaker profile that is a blank node, on fair trade."""
    profile = ox.BlankNode("profil-eins")
    return Change(add=[
        quad(EINS, AG + "hasSpeakerProfile", profile),
        quad(profile, RDF_TYPE, AG + "SpeakerProfile"),
        quad(profile, SCHEMA + "knowsAbout", TOPIC + "fair-trade"),
    ])  # fmt: skip


def consent_withdrawn(store: Store) -> Change:
    """Person Eins is no longer a node: her membership link goes with her."""
    return Change(remove=present(store, EINS, AG + "publicationConsent"))


def organisation_withdrawn(store: Store) -> Change:
    """Delta Foundation's own statements removed: a node that others link to (Person Zwei's
    membership, the cooperation with Gamma) goes, and with it those links."""
    return Change(remove=[q for q in store.quads() if q.subject == ox.NamedNode(DELTA)])


def site_renamed_again(_store: Store) -> Change:
    """A new naming of the street honouring Verein Alpha (a naming is keyed by its site)."""
    naming = EX + "naming/beispielstrasse-2030"
    return Change(add=[
        quad(STREET, AG + "hasNaming", naming),
        quad(naming, RDF_TYPE, AG + "SiteNaming"),
        quad(naming, SCHEMA + "name", de("Alphaweg")),
        quad(naming, AG + "honours", ALPHA),
        quad(naming, SCHEMA + "startDate", ox.Literal("2030")),
    ])  # fmt: skip


def internal_only(_store: Store) -> Change:
    """A change of an internal graph only: the network does not change."""
    return Change(add=[
        quad(ZETA, RDF_TYPE, ORGNS + "Organization", INTERNAL),
        quad(ZETA, SKOS + "prefLabel", de("Intern Zeta"), INTERNAL),
        quad(GAMMA, SKOS + "prefLabel", de("Intern Gamma"), INTERNAL),
    ])  # fmt: skip


CHANGES: list[Callable[[Store], Change]] = [
    new_organisation,
    new_cooperation,
    removed_membership,
    removed_partner,
    renamed_organisation,
    renamed_cooperation,
    renamed_role,
    redated_event,
    topic_link,
    speaker_with_blank_profile,
    consent_withdrawn,
    organisation_withdrawn,
    site_renamed_again,
    internal_only,
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened, _ = init_store(tmp_path / "store", agent="test")
    load_files(opened, [SMALL], agent="test")
    yield opened
    opened.close()


def warm(cache: network.NetworkCache) -> None:
    """Everything a network page may ask for, built."""
    cache.graph()
    for lang in ("de", "en"):
        cache.structure(lang)
    cache.growth()


def picture(net: nx.MultiDiGraph) -> tuple[dict, dict]:
    """Nodes and links with all their attributes (labels included), order aside."""
    nodes = {n: dict(d) for n, d in net.nodes(data=True)}
    links = {(a, b, k): dict(d) for a, b, k, d in net.edges(keys=True, data=True)}
    return nodes, links


def both_ways(net: nx.MultiDiGraph) -> tuple[tuple[dict, dict], dict]:
    """`picture`, and the links as networkx keeps them a second time (by their target)."""
    return picture(net), {n: {p: dict(k) for p, k in net.pred[n].items()} for n in net}


def assert_as_new(cache: network.NetworkCache, store: Store) -> None:
    fresh = network.NetworkCache(store)
    assert picture(cache.graph()) == picture(fresh.graph())
    for lang in ("de", "en"):
        assert cache.structure(lang) == fresh.structure(lang)
    assert cache.growth() == fresh.growth()
    # The index of rows (tuples, each row once) is the one a new read makes, in any order.
    index = cache._index
    assert index is not None and cache._raw is not None
    assert all(len(set(refs)) == len(refs) for refs in index.values())
    made = follow.index_rows(cache._raw)
    assert {k: set(v) for k, v in index.items()} == {k: set(v) for k, v in made.items()}


def apply_and_follow(cache: network.NetworkCache, store: Store, change: Change) -> None:
    store.apply(change)
    assert cache.follow(change) is True


@pytest.mark.parametrize("make", CHANGES, ids=[c.__name__ for c in CHANGES])
def test_a_followed_change_gives_what_a_new_build_gives(
    store: Store, make: Callable[[Store], Change]
) -> None:
    cache = network.NetworkCache(store)
    warm(cache)
    old = cache.graph()
    before, kept = picture(old), both_ways(old)
    apply_and_follow(cache, store, make(store))
    assert_as_new(cache, store)
    # The patched graph shares the old one's dicts (copy on write): the old is unchanged.
    assert both_ways(old) == kept
    # Followed, not read again: one whole read of the store, at the start.
    assert (cache.reads, cache.follows) == (1, 1)
    changed = picture(cache.graph()) != before
    assert changed is (make is not internal_only)


def test_changes_followed_one_after_another(store: Store) -> None:
    """The index of rows stays true across patches: each change builds on the last."""
    cache = network.NetworkCache(store)
    warm(cache)
    for make in CHANGES:
        apply_and_follow(cache, store, make(store))
        assert_as_new(cache, store)
    # The blank profile's topic alone removed: found through its owner, Person Eins.
    profile_topic = [
        q for q in store.quads()
        if isinstance(q.subject, ox.BlankNode) and q.predicate.value == SCHEMA + "knowsAbout"
        and q.object.value == TOPIC + "fair-trade"
    ]  # fmt: skip
    assert len(profile_topic) == 1
    consent = quad(EINS, AG + "publicationConsent", "https://w3id.org/dpv#ConsentGiven")
    apply_and_follow(cache, store, Change(add=[consent]))
    assert (EINS, TOPIC + "fair-trade", "topic") in picture(cache.graph())[1]
    apply_and_follow(cache, store, Change(remove=profile_topic))
    assert (EINS, TOPIC + "fair-trade", "topic") not in picture(cache.graph())[1]
    assert_as_new(cache, store)
    assert cache.reads == 1 and cache.follows == len(CHANGES) + 2


def test_a_reader_of_the_old_graph_never_sees_it_change(store: Store) -> None:
    cache = network.NetworkCache(store)
    old = cache.graph()
    seen = picture(old)
    apply_and_follow(cache, store, new_organisation(store))
    assert picture(old) == seen and ZETA not in old
    assert ZETA in cache.graph() and cache.graph() is not old


def test_a_patch_removing_a_node_leaves_the_old_graph_as_it_was(store: Store) -> None:
    """A node removed with links still to it (a patch that does not list them): the new
    graph takes its own copies of the neighbours' dicts before removing it."""
    old = network.NetworkCache(store).graph()
    before = both_ways(old)
    assert old.in_degree(DELTA) == 2 and old.out_degree(GAMMA) == 5
    raw = network.build.read_rows(store)
    del raw.kinds[DELTA], raw.kinds[GAMMA]
    new = follow.patch_graph(old, follow.Patch(raw, {DELTA, GAMMA}, [], []))
    assert DELTA not in new and GAMMA not in new and both_ways(old) == before


@pytest.mark.parametrize("kind", ["bulk", "many resources", "class hierarchy"])
def test_a_change_it_does_not_follow_is_read_again_whole(
    store: Store, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = network.NetworkCache(store)
    warm(cache)
    if kind == "bulk":
        monkeypatch.setattr(follow, "MAX_QUADS", 3)
        change = new_organisation(store)
    elif kind == "many resources":
        monkeypatch.setattr(follow, "MAX_KEYS", 3)
        change = new_organisation(store)
    else:  # every kind may follow from the class hierarchy
        street_kind = AG + "Street"
        change = Change(add=[quad(street_kind, "http://www.w3.org/2000/01/rdf-schema#subClassOf",
                                  ORGNS + "Organization")])  # fmt: skip
    store.apply(change)
    assert cache.follow(change) is False
    assert_as_new(cache, store)
    assert cache.reads == 2 and cache.follows == 0


def test_nothing_built_nothing_followed(store: Store) -> None:
    cache = network.NetworkCache(store)
    change = new_organisation(store)
    store.apply(change)
    assert cache.follow(change) is False
    assert ZETA in cache.graph() and cache.reads == 1


def _publish_organisation(app: Flask, name: str, label: str) -> str:
    """A new organisation committed through the app's writer, as staff publish one; its IRI."""
    slug = EX + "organisation/" + name
    graph = ox.NamedNode(BASE + "graph/public/staff")
    app.extensions["akteursgraph.writer"].commit(Change(add=[
        quad(slug, RDF_TYPE, ORGNS + "Organization", graph),
        quad(slug, SKOS + "prefLabel", de(label), graph),
        quad(slug, ORGNS + "classification",
             "https://w3id.org/akteursgraph/vocab/organisation-kind/initiative", graph),
    ]))  # fmt: skip
    return slug


def test_the_apps_writer_makes_the_network_follow(
    make_app: Callable[..., Flask],
) -> None:
    """A published change reaches the network without a whole read of the store."""
    app = make_app()
    cache: network.NetworkCache = app.extensions["akteursgraph.network"]
    cache.graph()
    slug = _publish_organisation(app, "folgt-dem-netz", "Folgt dem Netz")
    assert cache.graph().nodes[slug]["label_de"] == "Folgt dem Netz"
    assert (cache.reads, cache.follows) == (1, 1)


def _held_follows(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """Following made to wait for `release` once it reads the touched rows; `reading` says
    a follow began."""
    reading, release = threading.Event(), threading.Event()
    real_read_keyed = network_cache.read_keyed

    def held(store: Store, nodes: list[ox.NamedNode]) -> object:
        reading.set()
        assert release.wait(10)
        return real_read_keyed(store, nodes)

    monkeypatch.setattr(network_cache, "read_keyed", held)
    return reading, release


def test_the_acknowledgement_does_not_wait_for_the_network_but_its_readers_do(
    make_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The commit returns while the network still follows it (in a thread), and a reader
    who comes meanwhile waits for the change instead of reading the network of before."""
    app = make_app()
    cache: network.NetworkCache = app.extensions["akteursgraph.network"]
    cache.graph()
    reading, release = _held_follows(monkeypatch)
    slug = _publish_organisation(app, "folgt-danach", "Folgt danach")  # returns: acknowledged
    assert reading.wait(10) and cache.follows == 0
    seen: list[nx.MultiDiGraph] = []
    reader = threading.Thread(target=lambda: seen.append(cache.graph()))
    reader.start()
    reader.join(0.2)
    assert reader.is_alive()  # waits for the follow, not served the graph of before
    release.set()
    reader.join(10)
    assert seen[0].nodes[slug]["label_de"] == "Folgt danach"
    assert (cache.reads, cache.follows) == (1, 1)


def test_the_network_follows_without_a_reader_and_in_order(
    make_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Changes noted one after another are followed by the thread with no reader asking,
    the second over the first; noted within `FOLLOW_SETTLE` of each other, together."""
    # Long enough that both commits land within it on a loaded machine too.
    monkeypatch.setattr(network_cache, "FOLLOW_SETTLE", 3.0)
    app = make_app()
    cache: network.NetworkCache = app.extensions["akteursgraph.network"]
    cache.graph()
    slug = _publish_organisation(app, "der-reihe-nach", "Erster Name")
    graph = ox.NamedNode(BASE + "graph/public/staff")
    app.extensions["akteursgraph.writer"].commit(Change(
        remove=[quad(slug, SKOS + "prefLabel", de("Erster Name"), graph)],
        add=[quad(slug, SKOS + "prefLabel", de("Zweiter Name"), graph)],
    ))  # fmt: skip
    until(lambda: cache._owed == 0)
    assert cache._graph is not None and cache._graph.nodes[slug]["label_de"] == "Zweiter Name"
    assert cache.reads == 1 and cache.follows == 1  # both in one follow


def test_changes_followed_together_give_what_a_new_build_gives(store: Store) -> None:
    """Every change of the list applied, then followed in one go: each touched resource
    is read as it is after the last of them, as following them one by one would."""
    cache = network.NetworkCache(store)
    warm(cache)
    changes = []
    for make in CHANGES:
        changes.append(make(store))
        store.apply(changes[-1])
    assert cache.follow(*changes) is True
    assert_as_new(cache, store)
    assert (cache.reads, cache.follows) == (1, 1)
    # One of them not followed (of the class hierarchy): the next reader reads everything.
    more = [new_organisation(store), Change(add=[quad(STREET, RDFS_SUBCLASS, ORGNS + "Site")])]
    for change in more:
        store.apply(change)
    assert cache.follow(*more) is False and cache._graph is None
    assert_as_new(cache, store)
    assert cache.reads == 2


def test_a_follow_that_fails_in_the_thread_drops_the_network_for_its_next_reader(
    make_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nobody waits on the thread to hear of a failure: the network is dropped, and the
    next reader builds it anew from the store, the change included."""
    app = make_app()
    cache: network.NetworkCache = app.extensions["akteursgraph.network"]
    cache.graph()

    def broken(store: Store, nodes: list[ox.NamedNode]) -> object:
        raise OSError("the disk went away")

    monkeypatch.setattr(network_cache, "read_keyed", broken)
    slug = _publish_organisation(app, "neu-gelesen", "Neu gelesen")
    until(lambda: cache._owed == 0)
    assert cache._graph is None
    monkeypatch.undo()
    assert cache.graph().nodes[slug]["label_de"] == "Neu gelesen"
    assert cache.reads == 2


def test_the_figures_do_not_depend_on_the_order_of_the_network(
    example_store_template: Path,
) -> None:
    """A followed network holds new nodes and links last, a new build in the store's order;
    communities and sampled centrality must not tell them apart."""
    with Store.open(example_store_template, read_only=True) as opened:
        net = network.build_network(opened)
    backwards = nx.MultiDiGraph(**net.graph)
    backwards.add_nodes_from(reversed(list(net.nodes(data=True))))
    backwards.add_edges_from(reversed(list(net.edges(keys=True, data=True))))
    assert network.structure(backwards, "de") == network.structure(net, "de")


def _slowed_figures(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """The figures, computed for real once `release` is set; `computing` says they began."""
    computing, release = threading.Event(), threading.Event()
    real_figures = network_cache.figures

    def slow_figures(net: nx.MultiDiGraph) -> network_analysis.Figures:
        computing.set()
        release.wait(10)
        return real_figures(net)

    monkeypatch.setattr(network_cache, "figures", slow_figures)
    return computing, release


def test_a_built_graph_never_waits_for_the_figures(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a followed change the figures are computed again by their next reader (seconds
    at the benchmark district); ego networks and paths need only the graph, already patched."""
    cache = network.NetworkCache(store)
    cache.graph()
    computing, release = _slowed_figures(monkeypatch)
    reader = threading.Thread(target=cache.structure, args=("de",))
    reader.start()
    try:
        assert computing.wait(10)
        began = time.monotonic()
        apply_and_follow(cache, store, new_organisation(store))
        assert ZETA in cache.graph()
        assert time.monotonic() - began < 5
    finally:
        release.set()
        reader.join()


def test_after_a_change_the_last_figures_are_offered_until_the_new_are_computed(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 11: a reader of the overview never waits for the figures of the whole network
    (14 s at the 1M district) once there are figures of before the change to show."""
    cache = network.NetworkCache(store)
    before = {lang: cache.latest_structure(lang) for lang in ("de", "en")}
    assert all(current for _, current in before.values())  # a first reader waits for them
    computing, release = _slowed_figures(monkeypatch)
    apply_and_follow(cache, store, new_organisation(store))
    try:
        # Had it waited for the new figures, it would have had them, after release.
        assert cache.latest_structure("de") == (before["de"][0], False)
        assert computing.wait(10)  # in a thread of their own, begun by that reader
        assert cache.latest_structure("en") == (before["en"][0], False)
    finally:
        release.set()
    until(lambda: cache.latest_structure("de")[1], 30)
    fresh = network.NetworkCache(store)
    for lang in ("de", "en"):
        assert cache.latest_structure(lang) == (fresh.structure(lang), True)
    assert fresh.structure("de")["organisations"] == before["de"][0]["organisations"] + 1


def test_the_overview_with_the_last_figures_is_marked_and_kept_by_nobody(
    make_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    http = app.test_client(use_cookies=False)
    german = {"Accept-Language": "de"}
    first = http.get("/network", headers=german)
    assert first.status_code == 200 and first.headers.get("ETag")
    counted = http.get("/network.json", headers=german).get_json()["structure"]["organisations"]
    computing, release = _slowed_figures(monkeypatch)
    _publish_organisation(app, "neu-im-netz", "Neu im Netz")
    try:
        meanwhile = http.get("/network", headers=german)
        twin = http.get("/network.json", headers=german).get_json()
    finally:
        release.set()
    assert computing.is_set()
    assert meanwhile.status_code == 200
    assert "die aktuellen werden gerade berechnet" in meanwhile.get_data(as_text=True)
    assert meanwhile.headers.get("ETag") is None
    assert meanwhile.headers["Cache-Control"] == "no-store"
    assert twin["structure_current"] is False
    until(lambda: http.get("/network.json", headers=german).get_json()["structure_current"], 30)
    after = http.get("/network", headers=german)
    assert after.headers.get("ETag") and after.headers.get("ETag") != first.headers.get("ETag")
    assert "gerade berechnet" not in after.get_data(as_text=True)
    now = http.get("/network.json", headers=german).get_json()["structure"]["organisations"]
    assert now == counted + 1


def test_after_a_restart_the_kept_figures_are_offered_until_the_current_are_computed(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The first reader of the overview after a start-up waited for the network's build and
    figures (25 s at the 1M district); now the last run's, kept beside the store, come at
    once, marked, while a thread computes the current ones (equal here: nothing changed)."""
    kept = tmp_path / network.KEPT_FILE
    last_run = network.NetworkCache(store, kept=kept)
    before = {lang: last_run.latest_structure(lang) for lang in ("de", "en")}
    growth_before = last_run.latest_growth()
    assert all(current for _, current in [*before.values(), growth_before])
    assert kept.is_file()

    computing, release = _slowed_figures(monkeypatch)
    restarted = network.NetworkCache(store, kept=kept)
    try:
        # First, before the thread has built anything; had it waited, it would be current.
        assert restarted.latest_growth("2015") == (
            [r for r in growth_before[0] if r["year"] <= 2015],
            False,
        )
        assert restarted.latest_structure("de") == (before["de"][0], False)
        assert computing.wait(10)  # in a thread of their own, begun by the first reader
        assert restarted.latest_structure("en") == (before["en"][0], False)
    finally:
        release.set()
    until(lambda: restarted.latest_structure("de")[1] and restarted.latest_growth()[1], 30)
    for lang in ("de", "en"):
        assert restarted.latest_structure(lang) == (before[lang][0], True)
    assert restarted.latest_growth() == growth_before
    # Re-check: the thread failed on the growth (a method renamed), logged it, and each
    # first reader computed it while waiting.
    assert not [r for r in caplog.records if "not computed" in r.getMessage()]


@pytest.mark.parametrize("damage", ["missing", "garbled", "another form"])
def test_without_usable_kept_figures_the_first_reader_waits_for_the_current(
    store: Store, tmp_path: Path, damage: str
) -> None:
    kept = tmp_path / network.KEPT_FILE
    if damage == "garbled":
        kept.write_text('{"format": 1, "structures": {"de": ', encoding="utf-8")
    elif damage == "another form":  # whole, but of a form this code does not know
        kept.write_text(
            '{"format": 1, "structures": {"de": {"organisations": 999}, "en": {}}, "growth": '
            '[{"year": 2019, "new_organisations": 1}]}',  # 1: growth by year, as before
            encoding="utf-8",
        )
    cache = network.NetworkCache(store, kept=kept)
    found, current = cache.latest_structure("de")
    assert current and found == network.NetworkCache(store).structure("de")
    assert cache.latest_growth()[1]


def test_the_overview_after_a_restart_shows_the_kept_figures_at_once(
    example_store_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the app: `serve` keeps the figures in the store folder, and the next start
    shows them, marked and kept by nobody, while it computes the current ones."""
    path = copy_store(example_store_template, tmp_path / "store")
    german = {"Accept-Language": "de"}
    app = create_app({"STORE_PATH": str(path), "TESTING": True})
    try:
        last = app.test_client().get("/network.json", headers=german).get_json()
    finally:
        close_app(app)
    assert last["structure_current"] and last["growth_current"]
    assert (path / network.KEPT_FILE).is_file()

    computing, release = _slowed_figures(monkeypatch)
    app = create_app({"STORE_PATH": str(path), "TESTING": True})
    try:
        http = app.test_client(use_cookies=False)
        try:
            meanwhile = http.get("/network", headers=german)
            twin = http.get("/network.json", headers=german).get_json()
            assert computing.wait(10)  # in a thread: the build, then the figures
        finally:
            release.set()
        assert "die aktuellen werden gerade berechnet" in meanwhile.get_data(as_text=True)
        assert meanwhile.headers["Cache-Control"] == "no-store"
        # Growth is current as soon as the thread has built the network (it is cheap then).
        assert twin["structure_current"] is False
        assert (twin["structure"], twin["growth"]) == (last["structure"], last["growth"])
        until(lambda: http.get("/network.json", headers=german).get_json()["structure_current"], 30)
        now = http.get("/network.json", headers=german).get_json()
        assert now["growth_current"] and now["structure"] == last["structure"]
    finally:
        close_app(app)


def test_an_organisation_that_alone_links_many_names_ten_of_them_and_counts_the_rest(
    make_app: Callable[..., Flask],
) -> None:
    """ "Nur über sie verbunden" names the groups of at most three organisations an
    articulation point alone links (walk of 2026-12-07); a hub of the 1M district holds 45
    of them, so the page names ten and counts the others, and the twin keeps them all."""
    app = make_app()
    http = app.test_client(use_cookies=False)
    hub = EX + "organisation/diaspora-netzwerk-pankeufer"
    graph = ox.NamedNode(BASE + "graph/public/staff")
    units = []
    for i in range(13):
        unit = EX + f"organisation/arbeitsgruppe-{i:02d}"
        units += [
            quad(unit, RDF_TYPE, ORGNS + "Organization", graph),
            quad(unit, SKOS + "prefLabel", de(f"Arbeitsgruppe {i:02d}"), graph),
            quad(unit, ORGNS + "classification",
                 "https://w3id.org/akteursgraph/vocab/organisation-kind/initiative", graph),
        ]  # fmt: skip
        via = EX + f"membership/arbeitsgruppe-{i:02d}"
        units += [
            quad(via, RDF_TYPE, ORGNS + "Membership", graph),
            quad(via, SKOS + "prefLabel", de(f"Mitgliedschaft der Arbeitsgruppe {i:02d}"), graph),
            quad(via, ORGNS + "member", unit, graph),
            quad(via, ORGNS + "organization", hub, graph),
            quad(via, ORGNS + "role", ROLE + "member", graph),
        ]
    app.extensions["akteursgraph.writer"].commit(Change(add=units))
    german = {"Accept-Language": "de"}
    until(lambda: http.get("/network.json", headers=german).get_json()["structure_current"], 30)
    twin = http.get("/network.json", headers=german).get_json()
    (pankeufer,) = [b for b in twin["structure"]["bridges"]["ranking"] if b["iri"] == hub]
    named = [m["label"] for group in pankeufer["cut_off"] for m in group]
    assert {f"Arbeitsgruppe {i:02d}" for i in range(13)} <= set(named), named
    page = http.get("/network", headers=german).get_data(as_text=True)
    line = page[page.index("Nur über sie verbunden: ") :].split("</li>")[0]
    assert line.count("<a ") == 10 and "und 5 weitere Gruppen" in line, line
