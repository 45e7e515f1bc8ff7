"""The one serialiser of the product: `export`, the dumps under `/download/` and their
rewriting all write RDF here, so a format's details (prefixes, which formats keep graphs,
how triple formats merge the graphs) are decided once.

It streams: quads go from the engine to the writer one at a time, and the triple formats
drop a triple that an earlier graph already held by asking the engine, not by remembering
every triple in Python (a million triples as Python objects would take hundreds of MB).
The module imports only the engine, so the dump process starts quickly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import IO

import pyoxigraph as ox

from .errors import UsageError
from .namespaces import PREFIXES

EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def export_format(fmt: str) -> ox.RdfFormat:
    """The engine's format for an export format name, or a usage error naming the choices."""
    rdf_format = EXPORT_FORMATS.get(fmt)
    if rdf_format is None:
        raise UsageError(
            f"Unbekanntes Exportformat {fmt!r}; erlaubt: {', '.join(EXPORT_FORMATS)}.",
            f"Unknown export format {fmt!r}; allowed: {', '.join(EXPORT_FORMATS)}.",
            where="--format",
        )
    return rdf_format


def write_dataset(
    dataset: ox.Store, graphs: Sequence[ox.NamedNode], out: IO[bytes], fmt: str
) -> int:
    """Write the named `graphs` of `dataset`: quad formats keep the graphs, triple formats
    merge them (each triple once). Returns how many quads or triples were written."""
    rdf_format = export_format(fmt)
    if rdf_format.supports_datasets:
        items: Iterable[ox.Quad | ox.Triple] = (
            q for g in graphs for q in dataset.quads_for_pattern(None, None, None, g)
        )
    else:
        items = distinct_triples(dataset, graphs)
    return write_items(items, out, fmt)


def write_items(items: Iterable[ox.Quad | ox.Triple], out: IO[bytes], fmt: str) -> int:
    """Write quads or triples as they come (a triple format takes the triples of quads; a
    quad format given triples writes one graph, as the dumps' JSON-LD). Returns the count.
    Turtle and TriG get the product's prefixes."""
    rdf_format = export_format(fmt)
    counter = [0]

    def counted() -> Iterator[ox.Quad | ox.Triple]:
        for item in items:
            counter[0] += 1
            if isinstance(item, ox.Quad) and not rdf_format.supports_datasets:
                yield item.triple
            else:
                yield item

    prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    ox.serialize(counted(), out, rdf_format, prefixes=prefixes)
    return counter[0]


def distinct_triples(dataset: ox.Store, graphs: Sequence[ox.NamedNode]) -> Iterator[ox.Triple]:
    """The triples of `graphs`, each once: a triple is left out where a graph before it in
    `graphs` holds it too (one index lookup, made only from the second graph on)."""
    earlier: set[ox.NamedNode] = set()
    for g in graphs:
        for q in dataset.quads_for_pattern(None, None, None, g):
            if earlier and any(
                other.graph_name in earlier
                for other in dataset.quads_for_pattern(q.subject, q.predicate, q.object, None)
            ):
                continue
            yield q.triple
        earlier.add(g)
