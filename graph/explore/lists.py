"""List pages: the entities of one kind, filtered by facets, sorted, one page at a time.

`list_entities` answers a list page with its facet counts, `facet_names` says which facets
a kind offers, and `count_members` counts (the home page uses it too). A list query is
composed (see `compose`) from `explore/list-*.rq` and the small queries of
`explore/list/`: the members of a kind, one query per facet, a sort key. Facet values
chosen by a user reach the engine only as bindings.

Why the list queries look the way they do (measured with Oxigraph 0.5 on a 1M-triple store
with 40,000 organisations; numbers in the comments of the .rq files):
- Oxigraph applies bound variables when it evaluates, not when it plans. A class bound from
  outside (`?type rdfs:subClassOf* ?class`) was planned as "all typed resources first" and took
  2 s, the same pattern with the class written in the query 30 ms. The classes of the kinds
  are therefore written in `explore/list/members-*.rq`, not bound.
- Joining two large patterns directly makes the engine look up the second once per row of
  the first; wrapping each side in a sub-select makes it join two scans by hash (1.2 s -> 0.2 s
  for a facet of 40,000 organisations). For short lists the lookups win (3 ms instead of
  400 ms for 11 projects), so below LOOKUP_LIMIT entities the blocks are joined LATERAL.
- Every string the engine has to read (a label to sort by, LANG() of a label) costs a lookup;
  sorting 40,000 organisations by label therefore stays near 1 s, and a short inline sort key
  keeps it from being 3 s. Results do not change between writes: the web layer may cache them
  per public snapshot.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ..errors import UsageError
from ..languages import check_lang, fallback
from ..namespaces import AG, DCTERMS, ORG, RDF_TYPE, SCHEMA
from ..resources import query
from ..store import Store, Term
from .compose import body, fill, fragment, lateral, raw_block
from .entities import statements
from .vocabulary import (
    DESCRIPTION,
    KINDS,
    PREF_LABEL,
    Labels,
    bindable_iri,
    lang_of,
    pick_label,
    sort_key,
)

#: Facets whose values are resources (IRIs); the others are strings (codes, decades).
IRI_FACETS = frozenset({"kind", "topic", "sdg", "district"})
SORTS = ("label", "date")
MAX_PER_PAGE = 100
MAX_FACET_VALUES = 50
#: Up to this many entities, list queries look facts up per entity (LATERAL) instead of
#: joining whole scans by hash. Measured at 1M triples: a facet of 11 projects took 3 ms by
#: lookups and 414 ms by scans, a facet of 40,000 organisations 1.4 s by lookups and 0.6 s
#: by scans; the crossover lies around 15,000.
LOOKUP_LIMIT = 5000

_START = SCHEMA + "startDate"
_END = SCHEMA + "endDate"
_FOUNDING = SCHEMA + "foundingDate"
_CLASSIFICATION = ORG + "classification"
_DISTRICT = AG + "district"
_SUBJECT = DCTERMS + "subject"
_PARTNER = AG + "partner"
_SDG_PROPERTY = AG + "sdg"
_DESCRIPTION_CHARS = 200


@dataclass(frozen=True)
class _Kind:
    """How one kind is listed: which query gives its members, its facets and its date."""

    members: str
    facets: Mapping[str, str]
    date: str | None


_KIND_SPECS: dict[str, _Kind] = {
    "organisations": _Kind(
        "explore/list/members-organisations",
        {
            "kind": "explore/list/facet-kind-organisations",
            "topic": "explore/list/facet-topic",
            "sdg": "explore/list/facet-sdg",
            "language": "explore/list/facet-language",
            "district": "explore/list/facet-district",
            "period": "explore/list/facet-period-founding",
        },
        "explore/list/date-founding",
    ),
    "people": _Kind(
        "explore/list/members-people",
        {
            "topic": "explore/list/facet-topic-people",
            "sdg": "explore/list/facet-sdg-people",
            "language": "explore/list/facet-language-people",
        },
        None,
    ),
    "projects": _Kind(
        "explore/list/members-projects",
        {
            "topic": "explore/list/facet-topic",
            "sdg": "explore/list/facet-sdg",
            "period": "explore/list/facet-period-start",
        },
        "explore/list/date-start",
    ),
    "events": _Kind(
        "explore/list/members-events",
        {
            "kind": "explore/list/facet-kind-events",
            "topic": "explore/list/facet-topic",
            "sdg": "explore/list/facet-sdg",
            "language": "explore/list/facet-language-events",
            "period": "explore/list/facet-period-start",
        },
        "explore/list/date-start",
    ),
    "cooperations": _Kind(
        "explore/list/members-cooperations",
        {
            "topic": "explore/list/facet-topic",
            "sdg": "explore/list/facet-sdg",
            "period": "explore/list/facet-period-start",
        },
        "explore/list/date-start",
    ),
    "topics": _Kind(
        "explore/list/members-topics",
        {"sdg": "explore/list/facet-sdg-topics"},
        None,
    ),
    "sites": _Kind(
        "explore/list/members-sites",
        {
            "kind": "explore/list/facet-kind-sites",
            "district": "explore/list/facet-district",
        },
        None,
    ),
}


def _check_kind(kind: str) -> _Kind:
    spec = _KIND_SPECS.get(kind)
    if spec is None:
        raise UsageError(
            f"Unbekannte Art {kind!r}; erlaubt: {', '.join(KINDS)}.",
            f"Unknown kind {kind!r}; allowed: {', '.join(KINDS)}.",
            where="kind",
        )
    return spec


@dataclass
class _Composed:
    filters: str
    names: list[str]
    bindings: dict[str, Term]


def _filters(
    spec: _Kind,
    chosen: Mapping[str, list[str]],
    *,
    skip: str | None = None,
    lookup: bool = False,
) -> _Composed:
    """The filter blocks for the chosen facet values (minus the facet `skip`)."""
    blocks: list[str] = []
    names: list[str] = []
    bindings: dict[str, Term] = {}
    template = body("explore/list-filter")
    for facet, values in chosen.items():
        if facet == skip or not values:
            continue
        own = [f"f_{facet}_{i}" for i in range(len(values))]
        for name, value in zip(own, values, strict=True):
            bindings[name] = bindable_iri(value) if facet in IRI_FACETS else ox.Literal(value)
        block = fill(
            template,
            {
                "facet": fragment(spec.facets[facet]),
                "values": " ".join("?" + n for n in own),
                "value-list": ", ".join("?" + n for n in own),
            },
        )
        blocks.append(lateral(block.strip(), lookup))
        names += own
    return _Composed("\n".join(blocks), names, bindings)


def facet_names(kind: str) -> list[str]:
    """The facets a list of this kind offers, in display order (for building filter forms)."""
    return list(_check_kind(kind).facets)


def _clean_facets(
    spec: _Kind, kind: str, facets: Mapping[str, list[str]] | None
) -> dict[str, list[str]]:
    chosen: dict[str, list[str]] = {}
    for facet, values in (facets or {}).items():
        if facet not in spec.facets:
            raise UsageError(
                f"Die Liste {kind!r} hat keine Facette {facet!r}; "
                f"erlaubt: {', '.join(spec.facets) or '-'}.",
                f"The list {kind!r} has no facet {facet!r}; "
                f"allowed: {', '.join(spec.facets) or '-'}.",
                where="facets",
            )
        unique = list(dict.fromkeys(v for v in values if v))
        if len(unique) > MAX_FACET_VALUES:
            raise UsageError(
                f"Zu viele Werte für die Facette {facet!r} (höchstens {MAX_FACET_VALUES}).",
                f"Too many values for the facet {facet!r} (at most {MAX_FACET_VALUES}).",
                where="facets",
            )
        if unique:
            chosen[facet] = unique
    return chosen


def count_members(
    store: Store, kind: str, chosen: Mapping[str, list[str]], *, lookup: bool = False
) -> int:
    """How many public entities of this kind pass the chosen facet values (already checked
    by `list_entities`, or none: the size of the kind, kept until the store's next write:
    every list and the home page ask for it)."""
    spec = _check_kind(kind)
    if not chosen:
        return store.derived(f"count-members-{kind}", lambda: _count(store, kind, spec, {}))
    return _count(store, kind, spec, chosen, lookup=lookup)


def _count(
    store: Store, kind: str, spec: _Kind, chosen: Mapping[str, list[str]], *, lookup: bool = False
) -> int:
    composed = _filters(spec, chosen, lookup=lookup)
    text = fill(
        query("explore/list-count"),
        {
            "members": fragment(spec.members),
            "filters": composed.filters,
            "bound": " ".join("?" + n for n in composed.names),
        },
    )
    rows = store.select(
        text, bindings={"kind": ox.Literal(kind), **composed.bindings}, public_only=True
    )
    return int(rows[0]["total"].value) if rows else 0


def list_entities(
    store: Store,
    kind: str,
    lang: str,
    *,
    facets: dict[str, list[str]] | None = None,
    sort: str = "label",
    page: int = 1,
    per_page: int = 25,
) -> dict[str, Any]:
    """One page of a list of entities of one kind, filtered by facets, with facet counts.

    Counting, sorting and paging happen in SPARQL so that a page costs the same whether the
    store holds 40 or 40,000 organisations in Python memory. Facet counts for facet F are
    taken over the entities that pass the filters of the other facets, so the alternatives
    within F stay visible (AND across facets, OR within one). The two halves are
    `list_counts` (the same for every sort and page of one filter) and `list_items`."""
    counts = list_counts(store, kind, lang, facets=facets)
    items = list_items(
        store, kind, lang, facets=facets, sort=sort, page=page, per_page=per_page,
        total=counts["total"],
    )  # fmt: skip
    return {**items, "facets": counts["facets"]}


def _checked(
    kind: str, lang: str, facets: Mapping[str, list[str]] | None
) -> tuple[_Kind, dict[str, list[str]]]:
    check_lang(lang)
    spec = _check_kind(kind)
    return spec, _clean_facets(spec, kind, facets)


def list_counts(
    store: Store, kind: str, lang: str, *, facets: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    """How many entities pass the chosen facet values (`total`), and the facet counts
    (`facets`: per facet its values with label and count, under the other chosen facets).
    The same for every sort and page of one filter: the web layer keeps it apart."""
    spec, chosen = _checked(kind, lang, facets)
    size = count_members(store, kind, {})
    small_kind = size <= LOOKUP_LIMIT
    total = count_members(store, kind, chosen, lookup=small_kind) if chosen else size
    small_result = total <= LOOKUP_LIMIT
    facet_counts = {
        facet: _facet_values(
            store,
            kind,
            spec,
            facet,
            chosen,
            lang,
            lookup_filters=small_kind,
            lookup_values=small_kind or (facet not in chosen and small_result),
        )
        for facet in spec.facets
    }
    return {"total": total, "facets": facet_counts}


def list_items(
    store: Store,
    kind: str,
    lang: str,
    *,
    facets: dict[str, list[str]] | None = None,
    sort: str = "label",
    page: int = 1,
    per_page: int = 25,
    total: int | None = None,
) -> dict[str, Any]:
    """One page of the list (`items`, with `total`, `page`, `per_page`); `total` as
    `list_counts` gave it, else counted here."""
    spec, chosen = _checked(kind, lang, facets)
    if sort not in SORTS:
        raise UsageError(
            f"Unbekannte Sortierung {sort!r}; erlaubt: {', '.join(SORTS)}.",
            f"Unknown sort {sort!r}; allowed: {', '.join(SORTS)}.",
            where="sort",
        )
    page = max(1, int(page))
    per_page = min(MAX_PER_PAGE, max(1, int(per_page)))
    size = count_members(store, kind, {})
    small_kind = size <= LOOKUP_LIMIT
    if total is None:
        total = count_members(store, kind, chosen, lookup=small_kind) if chosen else size
    small_result = total <= LOOKUP_LIMIT
    # A page past the end is empty without asking the engine, which also refuses an OFFSET
    # too large for it (a page number typed into the URL).
    iris = (
        _page(store, kind, spec, chosen, lang, sort, page, per_page, small_kind, small_result)
        if (page - 1) * per_page < total
        else []
    )
    items = [_item(store, iri, kind, lang) for iri in iris]
    return {"items": items, "total": total, "page": page, "per_page": per_page}


def _page(
    store: Store,
    kind: str,
    spec: _Kind,
    chosen: Mapping[str, list[str]],
    lang: str,
    sort: str,
    page: int,
    per_page: int,
    lookup_filters: bool,
    lookup_keys: bool,
) -> list[str]:
    composed = _filters(spec, chosen, lookup=lookup_filters)
    by_date = sort == "date" and spec.date is not None
    labels = raw_block("explore/list/sort-labels")
    parts = {
        "members": fragment(spec.members),
        "filters": composed.filters,
        "bound": " ".join("?" + n for n in composed.names),
        "labels": lateral("{\n" + labels + "\n}", True) if lookup_keys else labels,
        "limit": str(int(per_page)),
        "offset": str(int((page - 1) * per_page)),
    }
    if by_date and spec.date:
        dates = "OPTIONAL " + fragment(spec.date)
        parts["dates"] = lateral("{\n" + dates + "\n}", True) if lookup_keys else dates
    template = query("explore/list-page-date" if by_date else "explore/list-page-label")
    rows = store.select(
        fill(template, parts),
        bindings={
            "kind": ox.Literal(kind),
            "lang": ox.Literal(lang),
            "fallback": ox.Literal(fallback(lang)),
            **composed.bindings,
        },
        public_only=True,
    )
    return [row["entity"].value for row in rows]


def _facet_values(
    store: Store,
    kind: str,
    spec: _Kind,
    facet: str,
    chosen: Mapping[str, list[str]],
    lang: str,
    *,
    lookup_filters: bool,
    lookup_values: bool,
) -> list[dict[str, Any]]:
    composed = _filters(spec, chosen, skip=facet, lookup=lookup_filters)
    text = fill(
        query("explore/list-facet"),
        {
            "members": fragment(spec.members),
            "filters": composed.filters,
            "facet": lateral(fragment(spec.facets[facet]), lookup_values),
            "bound": " ".join("?" + n for n in composed.names),
        },
    )
    rows = store.select(
        text, bindings={"kind": ox.Literal(kind), **composed.bindings}, public_only=True
    )
    counts: dict[str, int] = {}
    labels = Labels()
    for row in rows:
        value = row["value"].value
        counts[value] = int(row["count"].value)
        labels.add(value, row.get("label"))
    values = []
    for value, count in counts.items():
        if facet == "language":
            label = value
        elif facet == "period":
            label = f"{value}–{int(value) + 9}" if value.isdigit() else value
        else:
            label = labels.get(value, lang)
        values.append({"value": value, "label": label, "count": count})
    if facet == "period":
        values.sort(key=lambda v: v["value"])
    else:
        values.sort(key=lambda v: (-v["count"], sort_key(v["label"])))
    return values


def _item(store: Store, iri: str, kind: str, lang: str) -> dict[str, Any]:
    """What a list shows of one entity: label, a short description and the facts that
    tell entities of this kind apart (kinds, districts, dates, topics, partners ...)."""
    labels = Labels()
    own: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    values: dict[str, list[str]] = defaultdict(list)
    for predicate, value, candidates in statements(store, iri):
        if predicate == PREF_LABEL and isinstance(value, ox.Literal):
            own.setdefault(lang_of(value), value.value)
        elif predicate == DESCRIPTION and isinstance(value, ox.Literal):
            descriptions.setdefault(lang_of(value), value.value)
        elif isinstance(value, ox.NamedNode | ox.Literal):
            values[predicate].append(value.value)
        for candidate in candidates:
            labels.add(value.value, candidate)

    def named(predicate: str) -> list[str]:
        return sorted({labels.get(v, lang) for v in values.get(predicate, [])}, key=sort_key)

    dates = values.get(_FOUNDING) or values.get(_START) or []
    ends = values.get(_END) or []
    item: dict[str, Any] = {
        "iri": iri,
        "label": pick_label(own, lang, iri),
        "description": _short(pick_label(descriptions, lang) or None),
        "date": min(dates) if dates else None,
        "end": max(ends) if ends else None,
        "topics": named(_SUBJECT),
    }
    if kind == "organisations":
        item["kinds"] = named(_CLASSIFICATION)
        item["districts"] = named(_DISTRICT)
    elif kind in ("events", "sites"):
        base = KINDS[kind]
        item["kinds"] = sorted(
            {labels.get(t, lang) for t in values.get(RDF_TYPE, []) if t != base},
            key=sort_key,
        )
        item["districts"] = named(_DISTRICT)
    elif kind == "cooperations":
        item["partners"] = named(_PARTNER)
    elif kind == "people":
        item["speaker"] = bool(values.get(AG + "hasSpeakerProfile"))
    elif kind == "topics":
        item["sdgs"] = named(_SDG_PROPERTY)
    return item


def _short(text: str | None, limit: int = _DESCRIPTION_CHARS) -> str | None:
    """A teaser: the text up to `limit` characters, cut at a word, with an ellipsis."""
    if not text:
        return None
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.–-")
    return cut + " …"
