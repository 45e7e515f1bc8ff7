"""Our own measures of the organisation network (`akteursgraph.network.measures`) give what
networkx gives, to the last bit, on graphs of every shape: several parts, lone nodes, loops,
exact and sampled betweenness; and the overview's figures are computed once for both
languages (issue 11: the network follows each publication at the cost of what changed, and
its figures were the minute it did not)."""

from __future__ import annotations

import dataclasses
import os
import random

import networkx as nx
import pytest

from akteursgraph import network
from akteursgraph.network import analysis as network_analysis
from akteursgraph.network import cache as network_cache
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
    (row,) = rows
    assert row.workload.startswith("network overview: betweenness")
    assert len(row.samples) == len(row.baseline) == 2  # seconds each at the 1M district
    organisations = network.organisation_projection(net).number_of_nodes()
    assert f"{organisations:,} organisations" in row.note
