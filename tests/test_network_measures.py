"""Our own measures of the organisation network (`akteursgraph.network.measures`) give what
networkx gives, to the last bit, on graphs of every shape: several parts, lone nodes, loops,
exact and sampled betweenness, Louvain's communities; the overview's figures are computed
once for both languages (issue 11: the network follows each publication at the cost of what
changed, and its figures were the minute it did not), in a process that needs nothing but
the standard library and ends with the process that asked."""

from __future__ import annotations

import ast
import dataclasses
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import pytest

from akteursgraph import network
from akteursgraph.network import analysis as network_analysis
from akteursgraph.network import cache as network_cache
from akteursgraph.network import measures
from akteursgraph.network.measures import betweenness, separated_parts
from akteursgraph.store import Store


def _graphs() -> list[nx.Graph]:
    """Random graphs with string nodes: sparse and dense, in several parts, some with a loop,
    and a few shapes whose answers are known."""
    found = [nx.path_graph(5), nx.star_graph(6), nx.barbell_graph(4, 2), nx.empty_graph(3)]
    for i in range(60):
        rng = random.Random(i)
        graph = nx.gnm_random_graph(rng.randint(1, 45), rng.randint(0, 80), seed=i)
        if i % 4 == 0 and len(graph):
            graph.add_edge(0, 0)
        found.append(graph)
    return [nx.relabel_nodes(g, {v: f"org/{v}" for v in g}) for g in found]


@pytest.mark.parametrize("sources", [None, 3, 10])
def test_betweenness_is_networkx_to_the_last_bit(sources: int | None) -> None:
    for graph in _graphs():
        k = sources if sources is not None and sources < len(graph) else None
        expected = nx.betweenness_centrality(graph, k=k, seed=network.SEED)
        assert betweenness(graph, k, network.SEED) == expected, sorted(graph.edges)


def test_betweenness_of_known_shapes() -> None:
    path = nx.relabel_nodes(nx.path_graph(3), str)
    assert betweenness(path, None, 1) == {"0": 0.0, "1": 1.0, "2": 0.0}
    star = nx.relabel_nodes(nx.star_graph(4), str)  # the centre lies on all 6 pairs of leaves
    assert betweenness(star, None, 1)["0"] == 1.0


def _parts_by_networkx(graph: nx.Graph) -> dict[str, list[int]]:
    found = {}
    for point in nx.articulation_points(graph):
        rest = graph.subgraph(nx.node_connected_component(graph, point) - {point})
        found[point] = sorted((len(c) for c in nx.connected_components(rest)), reverse=True)
    return found


def test_separated_parts_are_the_parts_without_each_articulation_point() -> None:
    for graph in _graphs():
        assert separated_parts(graph) == _parts_by_networkx(graph), sorted(graph.edges)
    barbell = nx.relabel_nodes(nx.barbell_graph(4, 2), str)  # two K4 joined by a path of 2
    assert separated_parts(barbell) == {"3": [6, 3], "4": [5, 4], "5": [5, 4], "6": [6, 3]}


def test_cut_off_names_the_small_groups_only_an_articulation_point_links() -> None:
    """Walk of 2026-12-07: the page said "the groups named" and named none. Each group of at
    most `most` nodes that the point alone links, as networkx finds the parts without it."""
    for graph in _graphs():
        nodes = list(graph)
        position = {node: i for i, node in enumerate(nodes)}
        links = measures.from_pairs(
            len(nodes), ((position[a], position[b], 1) for a, b in graph.edges if a != b)
        )
        for point in nx.articulation_points(graph):
            rest = graph.subgraph(nx.node_connected_component(graph, point) - {point})
            for most in (1, 3):
                expected = sorted(
                    sorted(position[m] for m in part)
                    for part in nx.connected_components(rest)
                    if len(part) <= most
                )
                found = measures.cut_off(links, position[point], most)
                assert sorted(found) == expected, (sorted(graph.edges), point, most)
    # A hub of a large group and three leaves; a group of exactly `most` + 1 is not named.
    star = measures.from_pairs(8, [(0, 1, 1), (0, 2, 1), (0, 3, 1), (3, 4, 1), (0, 5, 1),
                                   (5, 6, 1), (6, 7, 1), (5, 7, 1)])  # fmt: skip
    assert measures.cut_off(star, 0, 2) == [[1], [2], [3, 4]]


def _weighted(graph: nx.Graph, seed: int) -> nx.Graph:
    """`graph` with its nodes and links added in a random order, each link in a random
    direction with a weight of 1 to 4: the orders Louvain's visits and sums follow."""
    rng = random.Random(seed)
    nodes = list(graph)
    rng.shuffle(nodes)
    links = list(graph.edges)
    rng.shuffle(links)
    shuffled = nx.Graph()
    shuffled.add_nodes_from(nodes)
    for a, b in links:
        a, b = (b, a) if rng.random() < 0.5 else (a, b)
        shuffled.add_edge(a, b, weight=rng.randint(1, 4))
    return shuffled


def test_louvain_finds_networkx_communities_to_the_last_member() -> None:
    """Visits in the same seeded order, the same gains to the last bit, the same ties: any
    difference would move some member to another group."""
    compared = 0
    for i, graph in enumerate(_graphs()):
        shuffled = _weighted(graph, i)
        if not shuffled.number_of_edges():
            continue
        nodes, links = measures.adjacency(shuffled)
        found = [{nodes[v] for v in group} for group in measures.louvain(links, network.SEED + i)]
        expected = nx.community.louvain_communities(
            shuffled, weight="weight", seed=network.SEED + i
        )
        assert found == expected, (i, sorted(shuffled.edges(data="weight")))
        compared += len(expected) < len(shuffled)  # some groups were merged
    assert compared > 30
    two_cliques = nx.relabel_nodes(nx.barbell_graph(5, 0), str)
    nodes, links = measures.adjacency(two_cliques)
    assert sorted(sorted(nodes[v] for v in g) for g in measures.louvain(links, 1)) == [
        ["0", "1", "2", "3", "4"],
        ["5", "6", "7", "8", "9"],
    ]


def test_the_overview_figures_are_networkx_figures(store: Store) -> None:
    """What `figures` measures itself (degree, betweenness, communities of the linked
    organisations, articulation points) is what networkx finds on the projection."""
    net = network.NetworkCache(store).graph()
    found = network_analysis.figures(net, apart=False)
    projection = network_analysis.organisation_projection(net)
    linked = nx.Graph()
    linked.add_nodes_from(v for v in projection if projection.degree(v) > 0)
    linked.add_edges_from(projection.edges(data=True))
    assert found.organisations == len(projection) and found.links == projection.number_of_edges()
    assert found.neighbours == dict(projection.degree())
    assert found.degree == nx.degree_centrality(projection)
    assert found.betweenness == nx.betweenness_centrality(projection)
    assert found.communities == [
        group
        for group in nx.community.louvain_communities(linked, weight="weight", seed=network.SEED)
        if len(group) >= 2
    ]
    assert len(found.communities) >= 2
    assert set(found.parts) == set(nx.articulation_points(projection)) != set()


def test_the_measuring_program_needs_nothing_but_the_standard_library() -> None:
    """`python -I measures.py` imports what this file imports: a package of ours or
    networkx would make the process several times larger (111 MiB at the 1M district with
    both, against about 50)."""
    tree = ast.parse(Path(measures.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in tree.body:  # the top level: imports under `if TYPE_CHECKING:` never run
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "a relative import cannot run in the program"
            imported.add((node.module or "").split(".")[0])
    assert imported and imported <= sys.stdlib_module_names | {"__future__"}, imported


def test_the_measuring_process_ends_with_the_process_that_asked(tmp_path: Path) -> None:
    """Killed (even with SIGKILL), the asker leaves no process measuring for nobody: the
    measuring process sees its pipe close and ends at once, not when its figures are done."""
    with subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import random, subprocess, sys, time, pickle\n"
            "from akteursgraph.network import measures\n"
            "rng = random.Random(1)\n"
            "pairs = {(rng.randrange(4000), rng.randrange(4000)) for _ in range(12000)}\n"
            "links = measures.from_pairs(4000, ((a, b, 1) for a, b in pairs if a != b))\n"
            "child = subprocess.Popen([sys.executable, '-I', measures.__file__],"
            " stdin=subprocess.PIPE, stdout=subprocess.PIPE)\n"
            "pickle.dump((links, None, 1), child.stdin); child.stdin.flush()\n"
            "print(child.pid, flush=True); time.sleep(120)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    ) as asker:
        assert asker.stdout is not None
        measuring = int(asker.stdout.readline())
        status = Path(f"/proc/{measuring}/status")
        time.sleep(1)  # measuring: every one of 4,000 organisations a source takes a minute
        assert "(sleeping)" in status.read_text() or "(running)" in status.read_text()
        asker.send_signal(signal.SIGKILL)
        asker.wait()
        started = time.monotonic()
        while status.exists() and "zombie" not in status.read_text():
            assert time.monotonic() - started < 5, "the measuring process goes on"
            time.sleep(0.02)


def test_figures_are_computed_once_for_both_languages(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed = []
    real = network_cache.figures

    def counted(net: nx.MultiDiGraph) -> network_analysis.Figures:
        computed.append(net)
        return real(net)

    monkeypatch.setattr(network_cache, "figures", counted)
    cache = network.NetworkCache(store)
    german = cache.structure("de")
    english = cache.structure("en")
    assert len(computed) == 1
    net = cache.graph()
    assert german == network.structure(net, "de") and english == network.structure(net, "en")
    assert german["organisations"] == english["organisations"] > 0
    cache.structure("de", "2010")
    cache.structure("en", "2010")
    assert len(computed) == 2


def test_figures_measured_apart_are_those_measured_in_process(store: Store) -> None:
    """A large network's figures are measured in a process of their own (in a thread of
    `serve` they held the GIL for 15-20 s at the 1M district, and every page waited): the
    same figures, only from another process."""
    net = network.NetworkCache(store).graph()
    here = network_analysis.figures(net, apart=False)
    apart = network_analysis.figures(net, apart=True)
    assert here.measured_in == os.getpid() != apart.measured_in > 0
    assert dataclasses.replace(apart, measured_in=here.measured_in) == here
    assert here.organisations > 0 and here.betweenness and here.communities
    # By default only a large network is measured apart (a process costs more than a small
    # network's measures).
    assert network_analysis.figures(net).measured_in == os.getpid()
    assert len(network_analysis.organisation_projection(net)) < network_analysis.APART_FROM


def test_the_benchmark_times_ours_against_networkx_on_the_same_figures(store: Store) -> None:
    from akteursgraph.bench import workloads

    rows: list = []
    net = network.NetworkCache(store).graph()
    workloads.network_figures(net, 3, rows)
    between, groups = rows
    assert between.workload.startswith("network overview: betweenness")
    assert groups.workload == "network overview: communities (Louvain)"
    for row in rows:
        assert len(row.samples) == len(row.baseline) == 2  # seconds each at the 1M district
    organisations = network.organisation_projection(net).number_of_nodes()
    assert f"{organisations:,} organisations" in between.note
    assert "same communities" in groups.note
