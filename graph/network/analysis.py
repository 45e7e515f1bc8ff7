"""The shape of the whole network: who is central, who bridges, which groups and shared topics
there are (on the organisation-level projection), and how the network grew year by year.

Every figure comes with an explanation in German and English, because the overview page shows
them to people who are not network analysts. Rankings and communities are deterministic
(fixed seed, ties broken by IRI), so the same data always gives the same page. Never by label:
a label differs by language, and what is chosen, cut and named must be the same in German and
English (only the words shown differ).
"""

from __future__ import annotations

import heapq
import pickle
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..explore import sort_key
from ..languages import check_lang
from ..store import Store
from . import measures
from .build import build_network
from .periods import first_day

TOP = 20
#: The largest group an articulation point's entry names (`measures.cut_off`): the
#: organisations cut off without it, where a reader can still take in their names.
SMALL = 3
SEED = 20_261_125
#: Betweenness is exact (every organisation a source of shortest paths) up to this many
#: organisations, and above estimated from this many sampled sources (networkx's `k`, fixed
#: seed): its cost grows with sources x links. At 100x the example (4,000 organisations,
#: 14,700 links) exact took 49 s with networkx, 300 sources about 3 s; at the 1M district
#: (22,003 organisations, 35,756 links) 300 sources take 5-11 s (`measures.betweenness`).
BETWEENNESS_SOURCES = 300
#: From this many organisations on, `figures` measures in a process of its own: below, the
#: measures take under a second and starting a process would cost more than it spares.
APART_FROM = 2_000
#: Pairs of organisations sharing topics are searched among this many organisations with the
#: most topics (a pair sharing s topics needs s topics each, so the best pairs are there).
TOPIC_PAIR_CANDIDATES = 400

_EXPLAIN_DEGREE = {
    "de": "Mit wie vielen anderen Organisationen eine Organisation direkt verbunden ist – durch "
    "eine Kooperation oder eine Mitgliedschaft (eine Organisation in einem Netzwerk). Hohe "
    "Werte: wer mit vielen direkt zusammenarbeitet.",
    "en": "How many other organisations an organisation is directly linked to – by a "
    "cooperation or a membership (an organisation in a network). High values: those who work "
    "directly with many.",
}
_EXPLAIN_BETWEENNESS = {
    "de": "Wie oft eine Organisation auf den kürzesten Verbindungen zwischen zwei anderen liegt. "
    "Hohe Werte: Brückenbauer, über die Gruppen einander erreichen, die sonst kaum verbunden "
    "sind.",
    "en": "How often an organisation lies on the shortest connections between two others. High "
    "values: bridge builders through which groups reach each other that are otherwise hardly "
    "connected.",
}
#: How the pairs are counted, said once above the ranking: "rund 166 Paaren" read as a
#: count, where the office lay on a shortest path of 283 pairs, 94 of them on every one
#: (exploratory test); said on every row, the note repeated five times (re-check).
_EXPLAIN_SHARE = {
    "de": " Ein Paar mit mehreren gleich kurzen Verbindungen zählt anteilig, daher „rund“.",
    "en": " A pair with several equally short connections counts by its share, hence "
    "\u201cabout\u201d.",
}
_EXPLAIN_SAMPLED = {
    "de": " In einem so großen Netz sind die Zahlen aus einer Stichprobe von Ausgangspunkten "
    "geschätzt.",
    "en": " In a network this large the figures are estimated from a sample of starting points.",
}


def _explain_betweenness(sampled: bool) -> dict[str, str]:
    return {
        lang: _EXPLAIN_BETWEENNESS[lang] + _EXPLAIN_SHARE[lang]
        + (_EXPLAIN_SAMPLED[lang] if sampled else "")
        for lang in ("de", "en")
    }  # fmt: skip


_EXPLAIN_BRIDGES = {
    "de": "Organisationen, ohne die das Netz zerfiele: Fiele eine von ihnen weg, wären die "
    "Gruppen, die sie verbindet, nicht mehr miteinander verbunden (Artikulationspunkte des "
    f"Netzes der Organisationen). Gruppen von höchstens {SMALL} Organisationen, die nur über "
    "sie mit dem Netz verbunden sind, werden genannt.",
    "en": "Organisations without which the network would fall apart: were one of them gone, "
    "the groups it connects would no longer be connected to each other (articulation points "
    f"of the network of organisations). Groups of at most {SMALL} organisations linked to the "
    "network only through it are named.",
}
_EXPLAIN_COMMUNITIES = {
    "de": "Gruppen von Organisationen, die untereinander dichter verbunden sind als mit dem Rest "
    "(Louvain-Verfahren, fester Startwert). Benannt nach dem am stärksten vernetzten Mitglied "
    "und den häufigsten Themen.",
    "en": "Groups of organisations more densely linked among themselves than with the rest "
    "(Louvain method, fixed seed). Named after the best-connected member and the most common "
    "topics.",
}
_EXPLAIN_TOPICS = {
    "de": "Themen nach der Zahl der Organisationen, die dazu arbeiten (selbst, in Kooperationen "
    "oder mit ihren Projekten und Veranstaltungen), und Paare von Organisationen mit den meisten "
    "gemeinsamen Themen – bei gleich vielen die noch nicht verbundenen zuerst.",
    "en": "Topics by the number of organisations working on them (themselves, in cooperations or "
    "with their projects and events), and pairs of organisations sharing the most topics – of "
    "those sharing as many, the pairs not yet linked first.",
}


def organisation_projection(net: nx.MultiDiGraph) -> nx.Graph:
    """Organisations linked by a cooperation or by a membership of one in the other (an
    organisation in a network); `weight` counts the links of a pair (for communities). See
    `organisation_links`."""
    nodes, pairs = organisation_links(net)
    projection = nx.Graph()
    projection.add_nodes_from(nodes)
    projection.add_weighted_edges_from(pairs)
    return projection


def organisation_links(net: nx.MultiDiGraph) -> tuple[list[str], list[tuple[str, str, int]]]:
    """The organisations, and each linked pair of them (a, b, how many links), a < b: what
    `organisation_projection` is built from, and what `figures` measures without building it.

    Members of one network are linked through the network, not to each other: a clique of
    all co-members (17 in the example's umbrella network) would give each of them 16 links
    from one membership and drown the cooperations that show who works with whom (measured on
    the example: with cliques the Koordinationsstelle, partner in the most cooperations,
    ranked 16th by degree; without, 1st)."""
    weights: Counter[tuple[str, str]] = Counter()
    for a, b, data in net.edges(data=True):
        if data["kind"] not in ("cooperation", "membership") or a == b:
            continue
        if net.nodes[a]["kind"] != "organisations" or net.nodes[b]["kind"] != "organisations":
            continue
        weights[(a, b) if a < b else (b, a)] += 1
    # Nodes and links in sorted order, not in the network's: Louvain and sampled betweenness
    # follow the order of nodes and neighbours, and a network that followed changes holds
    # them in another order than a new build of the same data (`NetworkCache.follow`).
    nodes = sorted(n for n, d in net.nodes(data=True) if d["kind"] == "organisations")
    return nodes, [(a, b, w) for (a, b), w in sorted(weights.items())]


def _organisation_topics(net: nx.MultiDiGraph) -> dict[str, set[str]]:
    """The topics each organisation works on: its own, those of its cooperations, and those
    of the projects and events it organises."""
    topics: dict[str, set[str]] = defaultdict(set)
    for a, b, data in net.edges(data=True):
        if data["kind"] == "topic" and net.nodes[a]["kind"] == "organisations":
            topics[a].add(b)
    for a, b, data in net.edges(data=True):
        if data["kind"] == "organiser" and net.nodes[a]["kind"] == "organisations":
            for _, topic, d in net.out_edges(b, data=True):
                if d["kind"] == "topic":
                    topics[a].add(topic)
    return topics


def _ranking(
    net: nx.MultiDiGraph,
    scores: Mapping[str, float],
    neighbours: Mapping[str, int],
    lang: str,
    groups: Mapping[str, int],
    words: Callable[[str], dict[str, str]],
) -> list[dict[str, Any]]:
    """The TOP organisations by `scores` (those above 0), each with what `words` says of it
    (each ranking its own: a score's words must say what that score measures). Equal scores
    by IRI, so that the cut keeps the same organisations in every language; a heap, not a
    sort of all 22,003 organisations of the 1M district."""
    best = heapq.nsmallest(
        TOP, (n for n, s in scores.items() if s > 0), key=lambda n: (-scores[n], n)
    )
    return [
        {
            "iri": n,
            "label": _label(net, n, lang),
            "score": round(scores[n], 4),
            "neighbours": neighbours[n],
            "groups": groups.get(n, 0),
            "words": words(n),
        }
        for n in best
    ]


def _words(neighbours: int, groups: int) -> dict[str, str]:
    """What a ranked organisation's degree means, in German and English: how many it is
    linked to directly, and how many otherwise separate groups it connects (issue 16: words,
    not 0.425)."""
    de = f"direkt verbunden mit {neighbours} Organisation{'en' if neighbours != 1 else ''}"
    en = f"directly linked to {neighbours} organisation{'s' if neighbours != 1 else ''}"
    return _and_groups({"de": de, "en": en}, groups)


def _and_groups(words: dict[str, str], groups: int) -> dict[str, str]:
    """`words` and, for an articulation point, the otherwise separate groups it connects."""
    if groups < 2:
        return words
    return {
        "de": f"{words['de']}; verbindet {groups} sonst getrennte Gruppen",
        "en": f"{words['en']}; connects {groups} otherwise separate groups",
    }


def _shortest_path_pairs(score: float, organisations: int) -> float:
    """How many pairs of other organisations an organisation's normalised betweenness stands
    for: the pairs whose shortest connections run through it, a pair with several shortest
    connections counted by the share that does (networkx normalises an undirected graph's
    pair count by (n-1)(n-2)/2, the pairs without the organisation)."""
    return score * (organisations - 1) * (organisations - 2) / 2


def _betweenness_words(pairs: float, groups: int, estimated: bool) -> dict[str, str]:
    """What a ranked organisation's betweenness means, in German and English: on the shortest
    connections of how many pairs of other organisations it lies ("rund" where the count is a
    share or an estimate from sampled sources), and the groups it connects. Not the degree's
    words: a bridge builder may have few direct partners."""
    count = max(1, round(pairs))
    exact = not estimated and abs(pairs - count) < 1e-9
    about_de, about_en = ("", "") if exact else ("rund ", "about ")
    de = (
        f"liegt auf den kürzesten Wegen zwischen {about_de}{count} "
        f"{'Paar' if count == 1 else 'Paaren'} anderer Organisationen"
    )
    en = (
        f"lies on the shortest paths between {about_en}{count} "
        f"pair{'s' if count != 1 else ''} of other organisations"
    )
    return _and_groups({"de": de, "en": en}, groups)


def separated_groups(projection: nx.Graph) -> dict[str, int]:
    """Per articulation point (an organisation whose removal disconnects the network): how
    many otherwise separate groups it connects, i.e. into how many parts its part of the
    network falls without it (`measures.separated_parts`, one walk for all)."""
    return {n: len(sizes) for n, sizes in measures.separated_parts(projection).items()}


def _shown_bridges(parts: Mapping[str, list[int]]) -> list[str]:
    """The articulation points the page lists (`TOP`), most groups first, then by IRI: one
    rule for the list and for the groups named under it (`Figures.cut_off`)."""
    return sorted(parts, key=lambda n: (-len(parts[n]), n))[:TOP]


def _bridges(net: nx.MultiDiGraph, figures: Figures, lang: str) -> list[dict[str, Any]]:
    """The articulation points, most groups first (then by IRI: the same TOP and order in
    every language), each with the sizes of the groups it connects (largest first) and the
    words for it."""
    parts = figures.parts
    return [
        {
            "iri": n,
            "label": _label(net, n, lang),
            "groups": len(parts[n]),
            "sizes": parts[n],
            "neighbours": figures.neighbours[n],
            "words": _words(figures.neighbours[n], len(parts[n])),
            "cut_off": [
                [{"iri": m, "label": _label(net, m, lang)} for m in group]
                for group in figures.cut_off.get(n, [])
            ],
        }
        for n in _shown_bridges(parts)
    ]


@dataclass(frozen=True)
class Figures:
    """What the structure of a network is computed from that no language changes: the
    figures of its organisation projection (`organisation_projection`), the communities and
    the topics. Computed once for both languages (`figures`), which each took the whole
    minute of it at the 1M district before; only the labels differ."""

    organisations: int
    links: int
    neighbours: dict[str, int]
    degree: dict[str, float]
    betweenness: dict[str, float]
    sampled: bool
    parts: dict[str, list[int]]
    communities: list[set[str]]
    topics_of: dict[str, set[str]]
    #: The linked pairs among the organisations with the most topics (`_topic_clusters`).
    linked_candidates: frozenset[tuple[str, str]]
    #: The process that measured them (`figures`: apart from `serve` in a large network).
    measured_in: int = 0
    #: Of each articulation point shown: the groups of at most `SMALL` organisations linked
    #: to the network only through it (`measures.cut_off`), by IRI.
    cut_off: dict[str, list[list[str]]] = field(default_factory=dict)


def figures(net: nx.MultiDiGraph, *, apart: bool | None = None) -> Figures:
    """The language-free figures of `net` (see `Figures`); `structure` words them.

    The measures of the organisation network (betweenness, communities, the parts each
    articulation point holds together; `measures.measure`) are computed in a process of
    their own (`apart`; by default from `APART_FROM` organisations on): in a thread of
    `serve` they held the GIL, and half their time was the garbage collector walking the
    whole heap, so while they ran (15-20 s at the 1M district, after every publication once
    the overview was read) every page of the server waited: an entity page took p95 792 ms
    instead of 13 ms (measured in-process, 2026-12-02). Only the links go there, as
    integers, and the numbers come back (`_measured_apart`)."""
    nodes, pairs = organisation_links(net)
    n = len(nodes)
    position = {node: i for i, node in enumerate(nodes)}
    links = measures.from_pairs(n, ((position[a], position[b], w) for a, b, w in pairs))
    sources = BETWEENNESS_SOURCES if n > BETWEENNESS_SOURCES else None
    if apart is None:
        apart = n >= APART_FROM
    found = _measured_apart(links, sources) if apart else measures.measure(links, sources, SEED)
    neighbours = {node: len(links[i]) for i, node in enumerate(nodes)}  # no loops here
    parts = {nodes[v]: sizes for v, sizes in found["parts"].items()}
    share = 1.0 / (n - 1.0) if n > 1 else 0.0  # networkx's degree_centrality, to the bit
    topics_of = _organisation_topics(net)
    candidates = set(_pair_candidates(topics_of))
    return Figures(
        organisations=n,
        links=len(pairs),
        neighbours=neighbours,
        degree={node: d * share for node, d in neighbours.items()} if n > 1 else {},
        betweenness=dict(zip(nodes, found["betweenness"], strict=True)),
        sampled=sources is not None,
        parts=parts,
        cut_off={
            iri: [
                [nodes[m] for m in group] for group in measures.cut_off(links, position[iri], SMALL)
            ]
            for iri in _shown_bridges(parts)
        },
        communities=[{nodes[v] for v in group} for group in found["communities"]],
        topics_of=dict(topics_of),
        linked_candidates=frozenset(
            (a, b) for a, b, _ in pairs if a in candidates and b in candidates
        ),
        measured_in=found["measured_in"],
    )


def _measured_apart(links: measures.Adjacency, sources: int | None) -> dict[str, Any]:
    """`measures.measure` in a process of its own: `measures.py` run as a program by this
    Python, isolated (`-I`: no user site, no environment, not its own folder on the path), so
    it imports the standard library and nothing else: 49 MiB at its peak at the 1M district,
    where a `multiprocessing` child that imported this package and networkx held 111 MiB. It
    ends when this side closes its pipe or ends (`measures.main`)."""
    child = subprocess.Popen(
        [sys.executable, "-I", measures.__file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        pickle.dump((links, sources, SEED), child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        child.stdin.flush()
        return pickle.load(child.stdout)
    except (EOFError, BrokenPipeError):
        raise RuntimeError(
            f"network figures: measuring process ended with {child.wait()}"
        ) from None
    finally:
        child.stdin.close()
        child.stdout.close()
        child.wait()


def _label(net: nx.MultiDiGraph, node: str, lang: str) -> str:
    return net.nodes[node][f"label_{lang}"]


def structure(
    net: nx.MultiDiGraph, lang: str = "de", computed: Figures | None = None
) -> dict[str, Any]:
    """Who is central, who bridges, which groups and which shared topics there are, on the
    organisation-level projection (see `organisation_projection`), in `lang`; from
    `computed` when the caller keeps the figures of `net` (`figures`) for both languages.

    Returns {"organisations", "links", "degree", "betweenness", "bridges", "communities",
    "communities_explanation", "topics"}; rankings are the top 20 with a score > 0, each
    {"iri", "label", "score", "neighbours", "groups", "words"} ("groups": how many otherwise
    separate groups it connects, 0 unless it is an articulation point; "words" {"de", "en"}
    says so); "bridges" ranks the articulation points by groups; every block has an
    "explanation" {"de", "en"}."""
    check_lang(lang)
    found = computed if computed is not None else figures(net)
    n = found.organisations
    neighbours = found.neighbours
    separated = {v: len(sizes) for v, sizes in found.parts.items()}

    # A community's central member, its three topics and the communities' order are chosen
    # with ties broken by IRI, not by label: by label, German and English named the groups
    # of the example after different topics and put them in another order.
    communities = []
    for group in found.communities:
        members = sorted(group, key=lambda v: (-neighbours[v], v))
        central = members[0]
        counts = Counter(t for m in members for t in found.topics_of.get(m, ()))
        top_topics = sorted(counts, key=lambda t: (-counts[t], t))[:3]
        names = {}
        for language, around in (("de", "Rund um"), ("en", "Around")):
            words = ", ".join(_label(net, t, language) for t in top_topics)
            names[language] = f"{around} {_label(net, central, language)}" + (
                f": {words}" if words else ""
            )
        communities.append(
            {
                "label": _label(net, central, lang),
                "central": {"iri": central, "label": _label(net, central, lang)},
                "name": names,
                "members": [{"iri": m, "label": _label(net, m, lang)} for m in members],
                "topics": [_label(net, t, lang) for t in top_topics],
                "topic_iris": top_topics,
            }
        )
    communities.sort(key=lambda c: (-len(c["members"]), c["central"]["iri"]))

    return {
        "organisations": n,
        "links": found.links,
        "degree": {
            "explanation": dict(_EXPLAIN_DEGREE),
            "ranking": _ranking(
                net,
                found.degree,
                neighbours,
                lang,
                separated,
                lambda v: _words(neighbours[v], separated.get(v, 0)),
            ),
        },
        "betweenness": {
            "explanation": _explain_betweenness(found.sampled),
            "ranking": _ranking(
                net,
                found.betweenness,
                neighbours,
                lang,
                separated,
                lambda v: _betweenness_words(
                    _shortest_path_pairs(found.betweenness[v], n),
                    separated.get(v, 0),
                    found.sampled,
                ),
            ),
            "sampled": found.sampled,
        },
        "bridges": {
            "explanation": dict(_EXPLAIN_BRIDGES),
            "ranking": _bridges(net, found, lang),
        },
        "communities": communities,
        "communities_explanation": dict(_EXPLAIN_COMMUNITIES),
        "topics": _topic_clusters(net, found, lang),
    }


def _pair_candidates(topics_of: Mapping[str, set[str]]) -> list[str]:
    """The organisations among which the pairs sharing the most topics are searched: those
    with the most topics (`TOPIC_PAIR_CANDIDATES`), most first."""
    return sorted(
        (o for o in topics_of if len(topics_of[o]) > 0),
        key=lambda o: (-len(topics_of[o]), o),
    )[:TOPIC_PAIR_CANDIDATES]


def _topic_clusters(net: nx.MultiDiGraph, found: Figures, lang: str) -> dict[str, Any]:
    topics_of = found.topics_of
    organisations_of: dict[str, set[str]] = defaultdict(set)
    for organisation, topics in topics_of.items():
        for topic in topics:
            organisations_of[topic].add(organisation)
    ranking = [
        {
            "iri": topic,
            "label": _label(net, topic, lang),
            "organisations": len(orgs),
            "members": sorted(orgs),  # IRIs only: in IRI order, alike in every language
        }
        for topic, orgs in organisations_of.items()
    ]
    # Equal counts by IRI: the TOP cut keeps the same topics in every language.
    ranking.sort(key=lambda t: (-t["organisations"], t["iri"]))

    # Exact top pairs among the candidates: walk organisations by number of topics, stop when
    # no later pair can share more topics than the weakest pair kept.
    candidates = _pair_candidates(topics_of)
    linked = found.linked_candidates
    # Each IRI's tie-break key once: made again for every pair compared, it was half the
    # time of a network as of a new day at the 1M district (7.8M calls; walk).
    reversed_iri = {c: _reverse_text(c) for c in candidates}
    heap: list[tuple[int, int, str, str]] = []  # (shared, not linked, -a, -b) kept smallest first
    for i, a in enumerate(candidates):
        if len(heap) == TOP and len(topics_of[a]) < heap[0][0]:
            break
        for b in candidates[i + 1 :]:
            if len(heap) == TOP and len(topics_of[b]) < heap[0][0]:
                break
            shared = len(topics_of[a] & topics_of[b])
            if not shared:
                continue
            together = (a, b) in linked or (b, a) in linked
            item = (shared, 0 if together else 1, reversed_iri[a], reversed_iri[b])
            if len(heap) < TOP:
                heapq.heappush(heap, item)
            elif item > heap[0]:
                heapq.heapreplace(heap, item)
    pairs = []
    for shared, not_linked, ra, rb in sorted(heap, reverse=True):
        a, b = _reverse_text(ra), _reverse_text(rb)
        # All the topics the two share, so ordered for reading: by label is no choice here.
        common = sorted(topics_of[a] & topics_of[b], key=lambda t: sort_key(_label(net, t, lang)))
        pairs.append(
            {
                "a": {"iri": a, "label": _label(net, a, lang)},
                "b": {"iri": b, "label": _label(net, b, lang)},
                "shared": shared,
                "topics": [_label(net, t, lang) for t in common],
                "topic_iris": common,
                "linked": not not_linked,
            }
        )
    return {"explanation": dict(_EXPLAIN_TOPICS), "ranking": ranking[:TOP], "pairs": pairs}


def _reverse_text(text: str) -> str:
    """A key under which, among equal pairs, the alphabetically first pair is the largest."""
    return "".join(chr(0x10FFFF - ord(c)) for c in text)


# ---- growth -------------------------------------------------------------------------------


#: What `beginnings` counts, in the order of its counts.
_GROWTH_KINDS = ("new_organisations", "new_cooperations", "new_memberships")


def beginnings(store_or_net: Store | nx.MultiDiGraph) -> dict[str, list[int]]:
    """Per first day a recorded date can mean (`first_day`: "2019" as 2019-01-01): how many
    organisations were founded, and how many cooperations and memberships of an organisation
    in another began then ([organisations, cooperations, memberships]). People's memberships
    are not the organisations' network: the overview as of 2010 said there was no link
    between organisations, and its growth two new memberships that year, of people
    (exploratory test). Kept by day so that growth as of a day counts that year only up to
    it (`growth_rows`): counted by year, the network page as of 1 January 2019 counted a
    cooperation of October 2019 (walk)."""
    net = build_network(store_or_net) if isinstance(store_or_net, Store) else store_or_net
    days: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for _node, data in net.nodes(data=True):
        if data["kind"] == "organisations" and data["start"]:
            days[first_day(data["start"])][0] += 1
    began: dict[str, dict[str, str]] = {"cooperation": {}, "membership": {}}
    nodes = net.nodes
    for a, b, data in net.edges(data=True):
        if data["kind"] not in began or not data["via"] or not data["start"]:
            continue
        people = nodes[a]["kind"] != "organisations" or nodes[b]["kind"] != "organisations"
        if data["kind"] == "membership" and people:
            continue
        began[data["kind"]][data["via"]] = first_day(data["start"])
    for column, kind in ((1, "cooperation"), (2, "membership")):
        for day in began[kind].values():
            days[day][column] += 1
    return {day: days[day] for day in sorted(days) if day[:4].isdigit()}


def growth_rows(days: Mapping[str, list[int]], until: str | None = None) -> list[dict[str, Any]]:
    """Growth per year from `beginnings`, counting only what began by the day `until` (an
    ISO date; None: all). Years with nothing new are left out."""
    years: dict[int, list[int]] = {}
    for day, counts in days.items():
        if until is not None and day > until:
            continue
        year = years.setdefault(int(day[:4]), [0, 0, 0])
        for i, n in enumerate(counts):
            year[i] += n
    return [
        {"year": year, **dict(zip(_GROWTH_KINDS, years[year], strict=True))}
        for year in sorted(years)
    ]


def growth(store_or_net: Store | nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Per year: organisations founded, cooperations begun, memberships of an organisation
    in another begun (by the year of the date as recorded; `beginnings`)."""
    return growth_rows(beginnings(store_or_net))
