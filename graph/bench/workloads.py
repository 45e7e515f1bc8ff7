"""The product's own workloads, each timed next to a plain engine or library baseline.

Bulk load and whole-store validation run the real CLI as a process (one run each, including
process start); the others call the core in-process on the store the load built: a
single-entity write, an entity page, search, ego network and shortest path, the public dump.
Each function appends its `Row`s; `run.measure` calls them in order.
"""

from __future__ import annotations

import io
import resource
import shutil
import time
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from akteursgraph import explore, linked_data
from akteursgraph.commit import commit
from akteursgraph.explore.vocabulary import LABEL_PREDICATES
from akteursgraph.network import (
    BETWEENNESS_SOURCES,
    SEED,
    NetworkCache,
    ego_network,
    measures,
    organisation_projection,
    shortest_paths,
)
from akteursgraph.network.measures import betweenness
from akteursgraph.operations import export
from akteursgraph.publish.inference import inferred_quads
from akteursgraph.search import SearchIndex, fold, words
from akteursgraph.store import Change, Store

from . import generate
from .baselines import pyshacl_validate
from .server import cli
from .stats import Row, log, timed

#: The generated files exceed the CLI's default limit on one loaded file.
LOAD_ENV = {"AKTEURSGRAPH_MAX_LOAD_BYTES": str(64 * 1024**3)}

SEARCH_TERMS = ("klima", "bildung moabit", "diallo", "fortbildung", "netzwerk wedding",
                "kolonial", "menschenrechte", "yilmaz")  # fmt: skip


def build_store(files: list[Path], store_path: Path) -> float:
    """`akteursgraph init` + `load` (validating) as processes; the load's seconds."""
    code, _, err = cli("--store", str(store_path), "init", env=LOAD_ENV)
    assert code == 0, err
    code, load_s, err = cli("--store", str(store_path), "load", *map(str, files), env=LOAD_ENV)
    assert code == 0, err
    return load_s


def bulk_load(files: list[Path], store_path: Path, work: Path, rows: list[Row], info: dict) -> None:
    """`akteursgraph init` + `load` (validating), against pyoxigraph's bulk loader alone."""
    quads = info["quads"]
    log(f"bulk load with validation of {quads:,} quads (akteursgraph load, one run)")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    load_s = build_store(files, store_path)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    info["load_peak_rss_mb"] = after / 1024 if after > before else None
    raw_dir = work / "raw"
    raw = ox.Store(str(raw_dir))
    t = time.perf_counter()
    for f in files:
        raw.bulk_load(path=str(f), format=ox.RdfFormat.N_QUADS)
    raw.flush()
    raw_s = time.perf_counter() - t
    del raw
    shutil.rmtree(raw_dir)
    rows.append(
        Row(
            "bulk load with validation (akteursgraph load)",
            [load_s],
            "pyoxigraph bulk_load, no validation",
            [raw_s],
            target="≥ 100k triples/s (issue, at 1M)",
            target_s=quads / 100_000,
            note=f"{quads / load_s:,.0f} triples/s (engine alone {quads / raw_s:,.0f}/s); "
            "one run, incl. process start",
        )
    )


def validation(store_path: Path, pyshacl_limit: float, rows: list[Row]) -> None:
    log("whole-store validation: compiled shapes, then pySHACL (stopped at the limit)")
    code, val_s, err = cli("--store", str(store_path), "validate", "--no-warnings")
    assert code == 0, err
    ref_code, ref_s, ref_note = pyshacl_validate(store_path, pyshacl_limit)
    rows.append(
        Row(
            "whole-store validation, shapes compiled to SPARQL (akteursgraph validate)",
            [val_s],
            "pySHACL on the same store (--engine pyshacl)",
            [ref_s] if ref_code == 0 else [],
            note=ref_note + "; one run each, incl. process start",
        )
    )


def write_entity(i: int) -> Change:
    """About 20 triples: one new organisation in the public bench graph."""
    g = ox.NamedNode(generate.PUBLIC_GRAPH)
    s = ox.NamedNode(f"{generate.BENCH}organisation/bench-write-{i}")

    def q(p: str, o: ox.NamedNode | ox.Literal) -> ox.Quad:
        return ox.Quad(s, ox.NamedNode(p), o, g)

    lit = ox.Literal
    quads = [
        q(generate.RDF_TYPE, ox.NamedNode(generate.ORG + "Organization")),
        q(generate.RDF_TYPE, ox.NamedNode(generate.ORG + "FormalOrganization")),
        q(generate.SKOS + "prefLabel", lit(f"Schreibtest {i}", language="de")),
        q(generate.SKOS + "prefLabel", lit(f"Write test {i}", language="en")),
        q(generate.SKOS + "altLabel", lit(f"Test d'écriture {i}", language="fr")),
        q(generate.ORG + "classification",
          ox.NamedNode(generate.AGV + "organisation-kind/registered-association")),
        q(generate.SCHEMA + "foundingDate",
          ox.Literal("2001", datatype=ox.NamedNode(generate.XSD + "gYear"))),
        q(generate.DCTERMS + "description", lit("Schreibtest.", language="de")),
        q(generate.DCTERMS + "description", lit("Write test.", language="en")),
        q(generate.FOAF + "homepage", ox.NamedNode(f"https://example.org/write/{i}")),
    ]  # fmt: skip
    quads += [q(generate.SCHEMA + "knowsLanguage", ox.Literal(c)) for c in ("de", "en", "fr", "ar")]
    quads += [q(generate.DCTERMS + "subject", ox.NamedNode(f"{generate.AGV}topic/{topic}"))
              for topic in generate.TOPICS[:6]]  # fmt: skip
    quads.append(q(generate.AG + "district", ox.NamedNode(f"{generate.BENCH}place/bench-city")))
    return Change(add=quads)


def writes(store: Store, reps: int, rows: list[Row]) -> None:
    log("single-entity writes")
    mem = ox.Store()
    counter = iter(range(100_000))
    samples = timed(lambda: commit(store, write_entity(next(counter))), reps)
    base = timed(lambda: mem.extend(write_entity(next(counter)).add), reps)
    rows.append(
        Row(
            "single-entity write (~20 triples) with validation",
            samples,
            "pyoxigraph insert, no validation",
            base,
            target="< 100 ms (issue, at 1M)",
            target_s=0.1,
        )
    )


def sample_organisations(store: Store, reps: int) -> list[str]:
    """Generated organisations spread over the data (not the ones the writes added)."""
    orgs = [
        r["o"].value
        for r in store.select(
            "SELECT ?o ?prefix WHERE { GRAPH ?g { ?o a org:Organization } "
            "FILTER(STRSTARTS(STR(?o), ?prefix) && !CONTAINS(STR(?o), 'bench-write')) } "
            "ORDER BY ?o LIMIT 500",
            bindings={"prefix": ox.Literal(generate.BENCH + "organisation/")},
        )
    ]
    return [orgs[(k * 37) % len(orgs)] for k in range(max(reps, 5))]


def entity_pages(store: Store, picks: list[str], reps: int, rows: list[Row]) -> None:
    log("entity pages")
    it = iter(picks * 3)
    samples = timed(lambda: explore.entity(store, next(it), "de"), reps)
    it = iter(picks * 3)
    base = timed(lambda: list(store.quads(ox.NamedNode(next(it)))), reps)
    rows.append(
        Row(
            "entity page (explore.entity)",
            samples,
            "pyoxigraph quads of the subject",
            base,
            target="< 50 ms (issue, at 1M)",
            target_s=0.05,
        )
    )


def entity_documents(store: Store, picks: list[str], reps: int, rows: list[Row]) -> None:
    """The entity document with incoming links and labels (issue 12): the page's data and
    the Turtle twin, for organisations and for a hub (a topic that thousands link to, where
    the cap and the count of incoming links matter). Checked first: the incoming links and
    their count equal what the engine's object index holds in the public graphs."""
    log("entity documents")
    # The figure is about documents with incoming links: an organisation nobody links to has
    # none to show (and its empty answer would prove nothing), so such picks are left out.
    picks = [p for p in picks if _has_incoming(store, p)]
    if not picks:
        raise AssertionError("no sampled organisation has incoming links")
    hub = generate.AGV + "topic/" + generate.TOPICS[0]
    for iri in [*picks[:5], hub]:
        _check_document(store, iri)
    it = iter(picks * 3)
    page = timed(lambda: explore.entity(store, next(it), "de"), reps)
    it = iter(picks * 3)
    twin = timed(lambda: linked_data.serialize(linked_data.document(store, next(it)), "ttl"), reps)
    hub_twin = timed(lambda: linked_data.serialize(linked_data.document(store, hub), "ttl"), reps)
    it = iter(picks * 3)
    base = timed(lambda: _raw_document(store, next(it)), reps)
    hub_base = timed(lambda: _raw_document(store, hub), reps)
    target = {"target": "< 50 ms (issue 12, at 1M)", "target_s": 0.05}
    raw = "pyoxigraph quads of the subject and (capped) of the object"
    rows.append(Row("entity document: page data with incoming links (explore.entity)", page,
                    raw, base, **target))  # fmt: skip
    rows.append(Row("entity document: Turtle twin with incoming links and labels", twin,
                    raw, base, **target))  # fmt: skip
    hub_links = linked_data.incoming(store, hub)
    rows.append(Row("entity document of a hub (a topic): Turtle twin", hub_twin, raw,
                    hub_base, **target, note=f"{len(hub_links.links)} of {hub_links.total} "
                    "incoming links shown"))  # fmt: skip


def _has_incoming(store: Store, iri: str) -> bool:
    return any(
        store.is_public_graph(q.graph_name) and isinstance(q.subject, ox.NamedNode)
        for q in store.quads(None, None, ox.NamedNode(iri))
    )


def _raw_document(store: Store, iri: str) -> int:
    node = ox.NamedNode(iri)
    own = list(store.quads(node))
    links = store.quads(None, None, node)
    return len(own) + sum(1 for _ in zip(range(linked_data.INCOMING_CAP), links, strict=False))


def _check_document(store: Store, iri: str) -> None:
    """The document's incoming links against the object index, read directly."""
    node = ox.NamedNode(iri)
    public = [
        q
        for q in store.quads(None, None, node)
        if store.is_public_graph(q.graph_name) and isinstance(q.subject, ox.NamedNode)
    ]
    links = {(q.subject.value, q.predicate.value) for q in public}
    found = linked_data.incoming(store, iri)
    # Under the cap the count is of distinct links; past it, of statements (the count query).
    expected = len(links) if len(links) < linked_data.INCOMING_CAP else len(public)
    if found.total != expected or not set(found.links) <= links:
        raise AssertionError(f"incoming links of {iri}: {found.total} != {expected}")
    if len(found.links) != min(linked_data.INCOMING_CAP, len(links)):
        raise AssertionError(f"incoming links of {iri}: {len(found.links)} shown")
    triples = set(linked_data.document(store, iri))
    shown = {t for t in triples if t.object == node}
    if len(shown) != len(found.links) or not links:
        raise AssertionError(f"document of {iri}: {len(shown)} incoming triples")
    linked = {ox.NamedNode(s) for s, _p in found.links}
    linked |= {q.object for q in store.quads(node) if isinstance(q.object, ox.NamedNode)}
    labels = {
        q.triple
        for r in linked
        for p in LABEL_PREDICATES
        for q in store.quads(r, ox.NamedNode(p))
        if store.is_public_graph(q.graph_name)
    }
    if not labels or not labels <= triples:
        raise AssertionError(f"document of {iri}: {len(labels - triples)} labels missing")


def search(store: Store, reps: int, rows: list[Row], info: dict) -> None:
    log("search")
    t = time.perf_counter()
    index = SearchIndex.build(store)
    info["search_build_s"] = time.perf_counter() - t
    it = iter(SEARCH_TERMS * 3)
    samples = timed(lambda: index.search(next(it), "de"), reps)
    it = iter(SEARCH_TERMS * 3)
    base = timed(
        lambda: list(
            store.rows(
                "SELECT ?s ?w WHERE { ?s skos:prefLabel ?l "
                "FILTER(CONTAINS(LCASE(STR(?l)), ?w)) } LIMIT 50",
                bindings={"w": ox.Literal(next(it).split()[0])},
            )
        ),
        reps,
    )
    rows.append(
        Row(
            "search (SearchIndex.search)",
            samples,
            "SPARQL CONTAINS on labels",
            base,
            target="< 50 ms (issue, at 1M)",
            target_s=0.05,
            note=f"index build {info['search_build_s']:.1f} s, once per write",
        )
    )
    typo_search(index, rows)


def _swapped(word: str) -> str:
    """`word` with the two letters at its middle swapped, as a hurried hand types it."""
    i = len(word) // 2
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def typo_search(index: SearchIndex, rows: list[Row]) -> None:
    """A search that finds nothing and offers the spelling (`SearchIndex.explained`), each
    typo of another word, so that none is answered from what an earlier one kept
    (`Suggestions._written`); against the word spelt right, also asked once. Each answer
    checked: nothing found, and the word spelt right among the offers, or a word it begins
    (search finds "kolonial" as the beginning of "koloniales": "kolnoial" is offered that)."""
    right = [w for term in SEARCH_TERMS for w in term.split() if len(w) >= 6]
    right = [w for w in dict.fromkeys(right) if _swapped(w) != w]
    typos, found = [], []
    for word in right:
        t = time.perf_counter()
        answer = index.explained(_swapped(word), "de")
        typos.append(time.perf_counter() - t)
        offered = {w for s in answer["suggestions"] for w in words(fold(s["query"]))}
        if answer["total"] or not any(w.startswith(word) for w in offered):
            raise AssertionError(f"typo {_swapped(word)!r}: {answer['total']} hits, {offered}")
    for word in right:
        t = time.perf_counter()
        answer = index.explained(word, "de")
        found.append(time.perf_counter() - t)
        if not answer["total"]:
            raise AssertionError(f"{word!r} found nothing")
    rows.append(
        Row(
            "search with a typo: nothing found, spelling offered (SearchIndex.explained)",
            typos,
            "the same words spelt right (SearchIndex.explained)",
            found,
            target="< 50 ms (issue, at 1M)",
            target_s=0.05,
            note=f"one run per word ({', '.join(right)}), each typo's first",
        )
    )


def connected_pairs(undirected: object, net: object, sources: list[str], n: int) -> list:
    """Organisation pairs 2 to 4 steps apart: a path query with an answer to find."""
    import networkx as nx

    pairs = []
    for source in sources:
        if source not in undirected:  # type: ignore[operator]
            continue
        reach = nx.single_source_shortest_path_length(undirected, source, cutoff=4)
        far = sorted(
            (d, t)
            for t, d in reach.items()
            if d >= 2 and net.nodes[t].get("kind") == "organisations"  # type: ignore[attr-defined]
        )
        if far:
            pairs.append((source, far[-1][1]))
        if len(pairs) == n:
            break
    return pairs or [(sources[0], sources[-1])]


def network(store: Store, picks: list[str], reps: int, rows: list[Row], info: dict) -> None:
    """Ego network (depth 2) and shortest paths (k=3) against plain networkx."""
    log("network")
    cache = NetworkCache(store)
    t = time.perf_counter()
    net = cache.graph()
    info["network_build_s"] = time.perf_counter() - t
    undirected = nx.Graph(net.to_undirected(as_view=True))
    it = iter(picks * 3)
    samples = timed(lambda: ego_network(net, next(it), depth=2), reps)
    it = iter(picks * 3)
    base = timed(lambda: nx.ego_graph(undirected, next(it), radius=2), reps)
    rows.append(
        Row(
            "ego network depth 2",
            samples,
            "networkx ego_graph radius 2",
            base,
            target="< 200 ms (issue)",
            target_s=0.2,
            note=f"network build {info['network_build_s']:.1f} s, once; then each change followed",
        )
    )
    pairs = connected_pairs(undirected, net, picks, reps)
    it2 = iter(pairs * 3)
    samples = timed(lambda: shortest_paths(net, *next(it2)), reps)
    it2 = iter(pairs * 3)

    def nx_path() -> object:
        a, b = next(it2)
        try:
            return nx.shortest_path(undirected, a, b)
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            return None

    base = timed(nx_path, reps)
    rows.append(
        Row(
            "shortest path (k=3)",
            samples,
            "networkx shortest_path (one path)",
            base,
            target="< 200 ms (issue)",
            target_s=0.2,
        )
    )
    network_figures(net, reps, rows)


def network_figures(net: nx.MultiDiGraph, reps: int, rows: list[Row]) -> None:
    """The betweenness and the communities of the overview (issue 11: computed again after
    each publication) against networkx's, on the same sampled sources and seed; the figures
    must be the same to the last bit, or nothing is timed. Each run is seconds at the 1M
    district: at most two."""
    log("network figures: betweenness")
    projection = organisation_projection(net)
    n = projection.number_of_nodes()
    k = BETWEENNESS_SOURCES if n > BETWEENNESS_SOURCES else None
    ours, theirs = [], []
    for _ in range(max(1, min(reps, 2))):
        t = time.perf_counter()
        found = betweenness(projection, k, SEED)
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        expected = nx.betweenness_centrality(projection, k=k, seed=SEED)
        theirs.append(time.perf_counter() - t)
        if found != expected:
            raise RuntimeError("betweenness differs from networkx's: not timed")
    sources = f"{k} sampled sources" if k else "every organisation a source"
    rows.append(
        Row(
            f"network overview: betweenness ({sources})",
            ours,
            "networkx betweenness_centrality, same sources",
            theirs,
            note=f"{n:,} organisations, {projection.number_of_edges():,} links; same figures",
        )
    )
    log("network figures: communities")
    nodes, links = measures.adjacency(projection)
    linked, among = measures.linked_part(links)
    reference = nx.Graph()
    reference.add_nodes_from(nodes[v] for v in linked)
    reference.add_edges_from(projection.edges(data=True))
    ours, theirs = [], []
    for _ in range(max(1, min(reps, 2))):
        t = time.perf_counter()
        groups = measures.louvain(among, SEED)
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        expected = nx.community.louvain_communities(reference, weight="weight", seed=SEED)
        theirs.append(time.perf_counter() - t)
        if [{nodes[linked[i]] for i in group} for group in groups] != expected:
            raise RuntimeError("communities differ from networkx's: not timed")
    rows.append(
        Row(
            "network overview: communities (Louvain)",
            ours,
            "networkx louvain_communities, same seed",
            theirs,
            note=f"{len(linked):,} linked organisations; same communities",
        )
    )


def public_dump(store: Store, reps: int, rows: list[Row]) -> io.BytesIO:
    """Time the public dump against the engine's; returns one dump (the gallery's data)."""
    log("public dump")
    samples = timed(lambda: export(store, io.BytesIO(), fmt="nq", public_only=True), min(reps, 3))
    base = timed(lambda: store.dataset.dump(format=ox.RdfFormat.N_QUADS), min(reps, 3))
    rows.append(Row("public dump (N-Quads)", samples, "pyoxigraph dump of the whole store", base))
    return public_nquads(store)


def public_nquads(store: Store) -> io.BytesIO:
    """The public side as `/sparql` answers from it, the data of the gallery's every engine:
    the public dump as the product writes it and the inferred graph that the query workers'
    snapshot holds beside it (`publish.inference`: 60,270 quads at the 1.42M district). The
    reference engine and Virtuoso once had the dump alone, so our server read more data
    than they did (a type pattern over 14,420 entailed activities, where they saw 13)."""
    public_nq = io.BytesIO()
    export(store, public_nq, fmt="nq", public_only=True)
    public_nq.write(ox.serialize(inferred_quads(store), format=ox.RdfFormat.N_QUADS))
    return public_nq
