"""The list pages as the engine answered them before the facet index: the reference.

Until the facet index (graph/explore/facet_index.py), every filter combination of a list
was one composed SPARQL query per facet, one for the total and one per page. Those queries
are kept here, in tests/data/list-reference/, as the oracle the index is compared with: the
same members and facet queries of graph/queries/explore/list/, composed as the product did
(the "scan" plan: every block a sub-select joined by hash), values bound, never spliced.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from akteursgraph.explore import IRI_FACETS, Labels
from akteursgraph.explore.compose import fill, fragment
from akteursgraph.explore.lists import facet_entries
from akteursgraph.explore.vocabulary import bindable_iri
from akteursgraph.languages import fallback
from akteursgraph.store import Store, Term

_HERE = Path(__file__).parent / "data" / "list-reference"


def _template(name: str) -> str:
    return (_HERE / f"{name}.rq").read_text(encoding="utf-8")


def _facet(facets: Mapping[str, str], facet: str) -> str:
    """A facet's query as a sub-select of (?entity, ?value). The period's query gives a
    decade to start from and one to end in (unbound: today's); here its decades are joined
    from a list of all of them and filtered, the engine's own way to the same rows as the
    index's expansion in Python (`facet_index.facet_values`)."""
    if facet != "period":
        return fragment(facets[facet])
    today = datetime.date.today().year // 10 * 10
    decades = " ".join(str(d) for d in range(1000, today + 1, 10))
    integer = "<http://www.w3.org/2001/XMLSchema#integer>"
    return (
        "{ SELECT ?entity (STR(?decade) AS ?value) WHERE {\n"
        f"  {{ SELECT ?entity (?value AS ?first) ?until WHERE {fragment(facets[facet])} }}\n"
        f"  VALUES ?decade {{ {decades} }}\n"
        f"  FILTER(?decade >= {integer}(?first)\n"
        f"         && ?decade <= COALESCE({integer}(?until), {today}))\n"
        "} }"
    )


def _filters(
    facets: Mapping[str, str], chosen: Mapping[str, list[str]], skip: str | None = None
) -> tuple[str, list[str], dict[str, Term]]:
    blocks: list[str] = []
    names: list[str] = []
    bindings: dict[str, Term] = {}
    for facet, values in chosen.items():
        if facet == skip or not values:
            continue
        own = [f"f_{facet}_{i}" for i in range(len(values))]
        for name, value in zip(own, values, strict=True):
            bindings[name] = bindable_iri(value) if facet in IRI_FACETS else ox.Literal(value)
        blocks.append(
            fill(
                _template("list-filter"),
                {
                    "facet": _facet(facets, facet),
                    "values": " ".join("?" + n for n in own),
                    "value-list": ", ".join("?" + n for n in own),
                },
            ).strip()
        )
        names += own
    return "\n".join(blocks), names, bindings


def total(
    store: Store,
    kind: str,
    members: str,
    facets: Mapping[str, str],
    chosen: Mapping[str, list[str]],
) -> int:
    filters, names, bindings = _filters(facets, chosen)
    text = fill(
        _template("list-count"),
        {
            "members": fragment(members),
            "filters": filters,
            "bound": " ".join("?" + n for n in names),
        },
    )
    rows = store.select(text, bindings={"kind": ox.Literal(kind), **bindings}, public_only=True)
    return int(rows[0]["total"].value) if rows else 0


def facet_values(
    store: Store,
    kind: str,
    members: str,
    facets: Mapping[str, str],
    facet: str,
    chosen: Mapping[str, list[str]],
    lang: str,
) -> list[dict[str, Any]]:
    filters, names, bindings = _filters(facets, chosen, skip=facet)
    text = fill(
        _template("list-facet"),
        {
            "members": fragment(members),
            "filters": filters,
            "facet": _facet(facets, facet),
            "bound": " ".join("?" + n for n in names),
        },
    )
    rows = store.select(text, bindings={"kind": ox.Literal(kind), **bindings}, public_only=True)
    counts: dict[str, int] = {}
    labels = Labels()
    for row in rows:
        value = row["value"].value
        counts[value] = int(row["count"].value)
        labels.add(value, row.get("label"))
    # A chosen value stays listed, with 0 where no entry is left for it, under its label in
    # the unfiltered list.
    missing = [value for value in chosen.get(facet, ()) if value not in counts]
    named: dict[str, str] = {}
    if missing:
        unfiltered = facet_values(store, kind, members, facets, facet, {}, lang)
        named = {v["value"]: v["label"] for v in unfiltered}
        counts.update(dict.fromkeys(missing, 0))
    # The engine's counts and labels, in the product's display order.
    return facet_entries(
        facet, counts, lambda value: named.get(value) or labels.get(value, lang), lang
    )


def page(
    store: Store,
    kind: str,
    members: str,
    facets: Mapping[str, str],
    date: str | None,
    chosen: Mapping[str, list[str]],
    lang: str,
    sort: str,
    offset: int,
    limit: int,
) -> list[str]:
    filters, names, bindings = _filters(facets, chosen)
    by_date = sort == "date" and date is not None
    parts = {
        "members": fragment(members),
        "filters": filters,
        "bound": " ".join("?" + n for n in names),
        "labels": _template("sort-labels"),
        "limit": str(limit),
        "offset": str(offset),
    }
    if by_date and date:
        parts["dates"] = "OPTIONAL " + fragment(date)
    rows = store.select(
        fill(_template("list-page-date" if by_date else "list-page-label"), parts),
        bindings={
            "kind": ox.Literal(kind),
            "lang": ox.Literal(lang),
            "fallback": ox.Literal(fallback(lang)),
            **bindings,
        },
        public_only=True,
    )
    return [row["entity"].value for row in rows]
