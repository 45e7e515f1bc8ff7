"""The explorer: what the public pages and the office staff's pages show, as named functions.

The web layer calls these functions and renders their plain dicts (or serialises them as
JSON); it never sees SPARQL. Every query here runs over the public graphs only
(`public_only=True`), so internal data (contact details, people without publication consent)
cannot reach a page through this module, whatever the input.

Where the SPARQL lives: in `graph/queries/explore/*.rq`, each with a header that says what it
answers. List pages are composed from small queries (the members of a kind, one query per
facet, a sort key) by `_fill`, which only fills `#@name` markers with the text of other `.rq`
files, generated variable names, the keyword LATERAL and integers. Values chosen by a user
(facet values, filters, an entity IRI) reach the engine only as bindings.

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

import contextlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pyoxigraph as ox

from .errors import UsageError
from .languages import check_lang, fallback
from .namespaces import (
    AG,
    AGV,
    DCTERMS,
    FOAF,
    ORG,
    RDF_TYPE,
    RDFS,
    SCHEMA,
    SKOS,
    WGS,
    sparql_prologue,
)
from .operations import VOCABULARY_GRAPH
from .resources import query
from .store import Store, Term

#: URL kind -> class IRI. Subclasses count as members (rdfs:subClassOf* in the public
#: vocabulary graph); "topics" are only the concepts of the scheme agv:topics.
KINDS: dict[str, str] = {
    "organisations": ORG + "Organization",
    "people": FOAF + "Person",
    "projects": SCHEMA + "Project",
    "events": SCHEMA + "Event",
    "cooperations": AG + "Cooperation",
    "topics": SKOS + "Concept",
    "sites": AG + "ColonialHistorySite",
}

#: Facets whose values are resources (IRIs); the others are strings (codes, decades).
IRI_FACETS = frozenset({"kind", "topic", "sdg", "district"})
SORTS = ("label", "date")
MAX_PER_PAGE = 100
MAX_FACET_VALUES = 50
RECENT_KINDS = ("cooperations", "events", "projects")
RECENT_COUNT = 8
#: Up to this many entities, list queries look facts up per entity (LATERAL) instead of
#: joining whole scans by hash. Measured at 1M triples: a facet of 11 projects took 3 ms by
#: lookups and 414 ms by scans, a facet of 40,000 organisations 1.4 s by lookups and 0.6 s
#: by scans; the crossover lies around 15,000.
LOOKUP_LIMIT = 5000

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

_PREF_LABEL = SKOS + "prefLabel"
_ALT_LABEL = SKOS + "altLabel"
_DESCRIPTION = DCTERMS + "description"
_SOURCE = DCTERMS + "source"
_LABEL_PREDICATES = (_PREF_LABEL, SCHEMA + "name", RDFS + "label")
_START = SCHEMA + "startDate"
_END = SCHEMA + "endDate"
_FOUNDING = SCHEMA + "foundingDate"
_CLASSIFICATION = ORG + "classification"
_DISTRICT = AG + "district"
_SUBJECT = DCTERMS + "subject"
_PARTNER = AG + "partner"
_SDG_PROPERTY = AG + "sdg"
_KNOWS_ABOUT = SCHEMA + "knowsAbout"
_KNOWS_LANGUAGE = SCHEMA + "knowsLanguage"
_OFFERS_FORMAT = AG + "offersFormat"
_REGIONAL_FOCUS = AG + "regionalFocus"
_ADDRESS_ORDER = (
    SCHEMA + "streetAddress",
    SCHEMA + "postalCode",
    SCHEMA + "addressLocality",
)
_RELATION_GROUPS = (
    "member_of",
    "members",
    "cooperates_with",
    "organises",
    "performs_at",
    "topics",
    "namings",
    "honoured_by",
)


# ---- labels ----------------------------------------------------------------------------


def last_segment(iri: str) -> str:
    """The last path segment or fragment of an IRI: the label of last resort."""
    tail = re.split(r"[/#]", iri.rstrip("/#"))[-1]
    return tail or iri


def pick_label(candidates: Mapping[str, str], lang: str, iri: str | None = None) -> str:
    """The label in `lang`, else in the other UI language, else any (stable choice), else
    the IRI's last segment. `candidates` maps language tag ("" for none) to label."""
    for tag in (lang, fallback(lang)):
        if candidates.get(tag):
            return candidates[tag]
    for tag in sorted(candidates):
        if candidates[tag]:
            return candidates[tag]
    return last_segment(iri) if iri else ""


def _lang_of(term: Term) -> str:
    return (term.language or "") if isinstance(term, ox.Literal) else ""


class _Labels:
    """Label candidates per resource, collected from query rows, picked per language."""

    def __init__(self) -> None:
        self._by_iri: dict[str, dict[str, str]] = defaultdict(dict)

    def add(self, iri: str, label: Term | None) -> None:
        if isinstance(label, ox.Literal):
            # First candidate per language wins; rows come in a stable order per query.
            self._by_iri[iri].setdefault(_lang_of(label), label.value)

    def update(self, other: Mapping[str, Mapping[str, str]]) -> None:
        for iri, labels in other.items():
            for tag, text in labels.items():
                self._by_iri[iri].setdefault(tag, text)

    def get(self, iri: str, lang: str) -> str:
        return pick_label(self._by_iri.get(iri, {}), lang, iri)

    def all(self, iri: str) -> dict[str, str]:
        return dict(self._by_iri.get(iri, {}))


def _vocabulary(store: Store) -> tuple[_Labels, dict[str, str]]:
    """Labels of every vocabulary term (skos:prefLabel before rdfs:label) and the
    skos:notation of each (the SDG numbers). Read per call: a few hundred rows."""
    rows = store.select(
        query("explore/vocabulary-labels"),
        bindings={"vocabulary": ox.NamedNode(_vocabulary_graph(store))},
        public_only=True,
    )
    labels = _Labels()
    notations: dict[str, str] = {}
    for kind in ("pref", "rdfs"):
        for row in rows:
            if row["kind"].value == kind and isinstance(row["term"], ox.NamedNode):
                labels.add(row["term"].value, row["label"])
    for row in rows:
        if row["kind"].value == "notation" and isinstance(row["term"], ox.NamedNode):
            notations.setdefault(row["term"].value, row["label"].value)
    return labels, notations


def _vocabulary_graph(store: Store) -> str:
    return store.graph_iri(VOCABULARY_GRAPH)


# ---- small helpers ---------------------------------------------------------------------


def _text(term: Term | None) -> str | None:
    return None if term is None else term.value


def _iri(term: Term | None) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


def _today() -> str:
    return date.today().isoformat()


def is_current(end: str | None, today: str | None = None) -> bool:
    """True when a period has no end or ends today or later. A gYear or gYearMonth end
    counts until the end of that year or month (compared as ISO strings)."""
    if not end:
        return True
    today = today or _today()
    padded = end + "-12-31"[len(end) - 4 :] if len(end) in (4, 7) else end
    return padded[:10] >= today


def _short(text: str | None, limit: int = _DESCRIPTION_CHARS) -> str | None:
    """A teaser: the text up to `limit` characters, cut at a word, with an ellipsis."""
    if not text:
        return None
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.–-")
    return cut + " …"


def sort_key(text: str) -> str:
    """Case- and accent-insensitive key, so that "Ärzte" sorts with "A", not after "Z"."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


def _node(value: str) -> ox.NamedNode | ox.Literal:
    """A user-chosen IRI as a term to bind. A value that is not an IRI becomes a string
    literal: bound into an IRI comparison it simply matches nothing."""
    try:
        return ox.NamedNode(value)
    except ValueError:
        return ox.Literal(value)


def _check_kind(kind: str) -> _Kind:
    spec = _KIND_SPECS.get(kind)
    if spec is None:
        raise UsageError(
            f"Unbekannte Art {kind!r}; erlaubt: {', '.join(KINDS)}.",
            f"Unknown kind {kind!r}; allowed: {', '.join(KINDS)}.",
            where="kind",
        )
    return spec


def kind_of(types: Iterable[str], superclasses: Mapping[str, set[str]]) -> str:
    """The KINDS key of a resource with these rdf:types (subclasses included), or "other".

    `superclasses` maps a class to all its superclasses (itself included); see
    `class_closure`. Topics are recognised by the caller (they need the scheme)."""
    found = set()
    for t in types:
        found |= superclasses.get(t, {t})
    for kind, cls in KINDS.items():
        if kind != "topics" and cls in found:
            return kind
    return "other"


def class_hierarchy(store: Store) -> dict[str, set[str]]:
    """Each class of the public vocabulary with all its superclasses (itself included)."""
    rows = store.select(query("explore/class-hierarchy"), public_only=True)
    return class_closure((r["type"].value, r["super"].value) for r in rows)


def class_closure(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """Reflexive-transitive closure of rdfs:subClassOf pairs (class, superclass)."""
    direct: dict[str, set[str]] = defaultdict(set)
    for sub, sup in pairs:
        direct[sub].add(sup)
    closure: dict[str, set[str]] = {}

    def up(cls: str, seen: frozenset[str]) -> set[str]:
        if cls in closure:
            return closure[cls]
        result = {cls}
        for sup in direct.get(cls, ()):
            if sup not in seen:
                result |= up(sup, seen | {cls})
        closure[cls] = result
        return result

    for cls in list(direct):
        up(cls, frozenset())
    return closure


# ---- composing list queries -------------------------------------------------------------

# A marker is `#@name` where it is the first comment of its line; a `#@name` inside a
# comment (the headers mention them) is text, not a marker.
_MARKER = re.compile(r"^([^#\n]*)#@([a-z-]+)", re.MULTILINE)


def _fragment(name: str) -> str:
    """A query from graph/queries as a sub-select: without the prefix lines, in braces."""
    text = query(name)[len(sparql_prologue()) :]
    return "{\n" + text.strip() + "\n}"


def _raw(name: str) -> str:
    """A block from graph/queries as it stands, without the prefix lines."""
    return query(name)[len(sparql_prologue()) :].strip()


def _lateral(block: str, lookup: bool) -> str:
    """`block` as it stands (joined with what precedes it by hash, over whole scans), or
    prefixed with LATERAL (evaluated once per row so far, as lookups; SEP-0006, which
    Oxigraph supports). See LOOKUP_LIMIT for when which wins."""
    return f"LATERAL {block}" if lookup else block


def _fill(template: str, parts: Mapping[str, str]) -> str:
    """Replace each `#@name` marker of `template` by `parts[name]` (or nothing).

    Only the template is scanned (one pass), so inserted text is never re-interpreted.
    Callers pass fragments of `.rq` files, generated variable names and integers only."""
    return _MARKER.sub(lambda m: m.group(1) + parts.get(m.group(2), ""), template)


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
    template = query("explore/list-filter")[len(sparql_prologue()) :]
    for facet, values in chosen.items():
        if facet == skip or not values:
            continue
        own = [f"f_{facet}_{i}" for i in range(len(values))]
        for name, value in zip(own, values, strict=True):
            bindings[name] = _node(value) if facet in IRI_FACETS else ox.Literal(value)
        block = _fill(
            template,
            {
                "facet": _fragment(spec.facets[facet]),
                "values": " ".join("?" + n for n in own),
                "value-list": ", ".join("?" + n for n in own),
            },
        )
        blocks.append(_lateral(block.strip(), lookup))
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


def _count(
    store: Store, kind: str, chosen: Mapping[str, list[str]], *, lookup: bool = False
) -> int:
    spec = _check_kind(kind)
    composed = _filters(spec, chosen, lookup=lookup)
    text = _fill(
        query("explore/list-count"),
        {
            "members": _fragment(spec.members),
            "filters": composed.filters,
            "bound": " ".join("?" + n for n in composed.names),
        },
    )
    rows = store.select(
        text, bindings={"kind": ox.Literal(kind), **composed.bindings}, public_only=True
    )
    return int(rows[0]["total"].value) if rows else 0


# ---- home ---------------------------------------------------------------------------------


def home_summary(store: Store, lang: str) -> dict[str, Any]:
    """What the home page shows: how much there is of each kind, what happened lately,
    and the topics with their SDGs (the entry points for browsing)."""
    check_lang(lang)
    vocab, notations = _vocabulary(store)
    counts = {kind: _count(store, kind, {}) for kind in KINDS}

    # The query returns a few more rows than shown, unordered within one date; sorting
    # here by (date, IRI) makes the choice among equal dates stable.
    recent_rows = sorted(
        store.select(query("explore/recent"), public_only=True),
        key=lambda r: (r["date"].value, r["entity"].value),
        reverse=True,
    )[:RECENT_COUNT]
    labels = _entity_labels(store, [r["entity"].value for r in recent_rows])
    recent = [
        {
            "iri": row["entity"].value,
            "label": labels.get(row["entity"].value, lang),
            "kind": row["kind"].value,
            "date": row["date"].value,
        }
        for row in recent_rows
    ]

    sdgs_of: dict[str, list[str]] = defaultdict(list)
    for row in store.select(query("explore/topics"), public_only=True):
        sdgs = sdgs_of[row["topic"].value]
        if "sdg" in row:
            sdgs.append(row["sdg"].value)
    topics = [
        {
            "iri": topic,
            "label": vocab.get(topic, lang),
            "sdgs": sorted(
                (
                    {
                        "iri": sdg,
                        "notation": notations.get(sdg, last_segment(sdg)),
                        "label": vocab.get(sdg, lang),
                    }
                    for sdg in set(sdgs)
                ),
                key=lambda s: _notation_key(s["notation"]),
            ),
        }
        for topic, sdgs in sdgs_of.items()
    ]
    topics.sort(key=lambda t: sort_key(t["label"]))
    return {"counts": counts, "recent": recent, "topics": topics}


def _notation_key(notation: str) -> tuple[int, str]:
    return (int(notation), "") if notation.isdigit() else (10**6, notation)


def _entity_labels(store: Store, iris: Iterable[str]) -> _Labels:
    """Label candidates of a few resources, one bound lookup each (fast for a page)."""
    labels = _Labels()
    text = query("explore/entity-statements")
    for iri in dict.fromkeys(iris):
        for row in store.select(text, bindings={"entity": _node(iri)}, public_only=True):
            if row["predicate"].value in _LABEL_PREDICATES:
                labels.add(iri, row["value"])
    return labels


# ---- lists ---------------------------------------------------------------------------------


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
    within F stay visible (AND across facets, OR within one)."""
    check_lang(lang)
    spec = _check_kind(kind)
    if sort not in SORTS:
        raise UsageError(
            f"Unbekannte Sortierung {sort!r}; erlaubt: {', '.join(SORTS)}.",
            f"Unknown sort {sort!r}; allowed: {', '.join(SORTS)}.",
            where="sort",
        )
    page = max(1, int(page))
    per_page = min(MAX_PER_PAGE, max(1, int(per_page)))
    chosen = _clean_facets(spec, kind, facets)

    size = _count(store, kind, {})
    small_kind = size <= LOOKUP_LIMIT
    total = _count(store, kind, chosen, lookup=small_kind) if chosen else size
    small_result = total <= LOOKUP_LIMIT
    iris = (
        _page(store, kind, spec, chosen, lang, sort, page, per_page, small_kind, small_result)
        if total
        else []
    )
    items = [_item(store, iri, kind, lang) for iri in iris]
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
    return {
        "items": items,
        "total": total,
        "page": page,
        "per_page": per_page,
        "facets": facet_counts,
    }


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
    labels = _raw("explore/list/sort-labels")
    parts = {
        "members": _fragment(spec.members),
        "filters": composed.filters,
        "bound": " ".join("?" + n for n in composed.names),
        "labels": _lateral("{\n" + labels + "\n}", True) if lookup_keys else labels,
        "limit": str(int(per_page)),
        "offset": str(int((page - 1) * per_page)),
    }
    if by_date and spec.date:
        dates = "OPTIONAL " + _fragment(spec.date)
        parts["dates"] = _lateral("{\n" + dates + "\n}", True) if lookup_keys else dates
    template = query("explore/list-page-date" if by_date else "explore/list-page-label")
    rows = store.select(
        _fill(template, parts),
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
    text = _fill(
        query("explore/list-facet"),
        {
            "members": _fragment(spec.members),
            "filters": composed.filters,
            "facet": _lateral(_fragment(spec.facets[facet]), lookup_values),
            "bound": " ".join("?" + n for n in composed.names),
        },
    )
    rows = store.select(
        text, bindings={"kind": ox.Literal(kind), **composed.bindings}, public_only=True
    )
    counts: dict[str, int] = {}
    labels = _Labels()
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
    statements = _statements(store, iri)
    labels = _Labels()
    own: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    values: dict[str, list[str]] = defaultdict(list)
    for predicate, value, candidates in statements:
        if predicate == _PREF_LABEL and isinstance(value, ox.Literal):
            own.setdefault(_lang_of(value), value.value)
        elif predicate == _DESCRIPTION and isinstance(value, ox.Literal):
            descriptions.setdefault(_lang_of(value), value.value)
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


def _statements(store: Store, iri: str) -> list[tuple[str, Term, list[Term]]]:
    """(predicate, value, label candidates of value) for each public statement about iri."""
    rows = store.select(
        query("explore/entity-statements"),
        bindings={"entity": _node(iri)},
        public_only=True,
    )
    grouped: dict[tuple[str, Term], list[Term]] = {}
    for row in rows:
        key = (row["predicate"].value, row["value"])
        candidates = grouped.setdefault(key, [])
        if "valueLabel" in row:
            candidates.append(row["valueLabel"])
    return [(p, v, c) for (p, v), c in grouped.items()]


# ---- entity page ------------------------------------------------------------------------


def entity(store: Store, iri: str, lang: str) -> dict[str, Any] | None:
    """Everything public about one entity, for its page and its machine twin.

    None when no public graph holds a statement with this subject (unknown, internal only,
    or not an IRI), so the web layer answers 404 without telling internal from unknown."""
    check_lang(lang)
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return None
    statements = _statements(store, iri)
    if not statements:
        return None
    vocab, _ = _vocabulary(store)
    labels = _Labels()
    labels.update({t: vocab.all(t) for t in _vocab_terms(statements)})
    for _p, value, candidates in statements:
        for candidate in candidates:
            labels.add(value.value, candidate)

    own_labels: dict[str, str] = {}
    alt_labels: list[str] = []
    descriptions: dict[str, str] = {}
    types: list[str] = []
    sources: list[str] = []
    coordinates: dict[str, float] = {}
    for predicate, value, _c in statements:
        if predicate in (_PREF_LABEL, SCHEMA + "name") and isinstance(value, ox.Literal):
            own_labels.setdefault(_lang_of(value), value.value)
        elif predicate == _ALT_LABEL and isinstance(value, ox.Literal):
            alt_labels.append(value.value)
        elif predicate == _DESCRIPTION and isinstance(value, ox.Literal):
            descriptions.setdefault(_lang_of(value), value.value)
        elif predicate == RDF_TYPE and isinstance(value, ox.NamedNode):
            types.append(value.value)
        elif predicate == _SOURCE and isinstance(value, ox.NamedNode):
            sources.append(value.value)
        elif predicate in (WGS + "lat", WGS + "long") and isinstance(value, ox.Literal):
            with contextlib.suppress(ValueError):
                coordinates[predicate] = float(value.value)

    blank_labels = _blank_values(store, node)
    rendered = [
        _statement(predicate, value, vocab, labels, blank_labels, lang)
        for predicate, value, _c in statements
    ]
    rendered.sort(key=lambda s: (sort_key(s["predicate_label"]), s["value"]))

    return {
        "iri": iri,
        "kind": _kind_of_entity(store, types, statements),
        "label": pick_label(own_labels, lang, iri),
        "labels": own_labels,
        "alt_labels": sorted(set(alt_labels), key=sort_key),
        "description": pick_label(descriptions, lang) or None,
        "types": sorted(
            ({"iri": t, "label": labels.get(t, lang)} for t in set(types)),
            key=lambda t: sort_key(t["label"]),
        ),
        "statements": rendered,
        "relations": _relations(store, node, lang, vocab),
        "provenance": {"sources": sorted(set(sources)), "graphs": _provenance(store, node)},
        "coordinates": (
            (coordinates[WGS + "lat"], coordinates[WGS + "long"]) if len(coordinates) == 2 else None
        ),
    }


def _vocab_terms(statements: list[tuple[str, Term, list[Term]]]) -> set[str]:
    terms = {p for p, _v, _c in statements}
    terms |= {v.value for _p, v, _c in statements if isinstance(v, ox.NamedNode)}
    return terms


def _kind_of_entity(
    store: Store, types: list[str], statements: list[tuple[str, Term, list[Term]]]
) -> str:
    if SKOS + "Concept" in types:
        schemes = {v.value for p, v, _c in statements if p == SKOS + "inScheme"}
        return "topics" if AGV + "topics" in schemes else "other"
    return kind_of(types, class_hierarchy(store)) if types else "other"


def _blank_values(store: Store, node: ox.NamedNode) -> dict[str, str]:
    """A readable text per blank-node value (an address as "street, postcode locality")."""
    parts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in store.select(
        query("explore/entity-blank-values"), bindings={"entity": node}, public_only=True
    ):
        parts[str(row["node"])][row["property"].value].append(row["part"].value)
    texts = {}
    for blank, props in parts.items():
        ordered = [v for p in _ADDRESS_ORDER for v in props.get(p, [])]
        ordered += [v for p, vs in sorted(props.items()) if p not in _ADDRESS_ORDER for v in vs]
        texts[blank] = ", ".join(ordered)
    return texts


def _statement(
    predicate: str,
    value: Term,
    vocab: _Labels,
    labels: _Labels,
    blank_labels: Mapping[str, str],
    lang: str,
) -> dict[str, Any]:
    is_iri = isinstance(value, ox.NamedNode)
    if is_iri:
        value_label = labels.get(value.value, lang)
        text = value.value
    elif isinstance(value, ox.BlankNode):
        text = str(value)
        value_label = blank_labels.get(text, "")
    else:
        text = value.value
        value_label = value.value
    literal = value if isinstance(value, ox.Literal) else None
    return {
        "predicate": predicate,
        "predicate_label": vocab.get(predicate, lang),
        "value": text,
        "value_label": value_label,
        "is_iri": is_iri,
        "lang": (literal.language or None) if literal is not None else None,
        "datatype": (
            literal.datatype.value if literal is not None and not literal.language else None
        ),
    }


def _relation(
    iri: str,
    label: str,
    *,
    role: str | None = None,
    start: str | None = None,
    end: str | None = None,
    via: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "iri": iri,
        "label": label,
        "role": role,
        "start": start,
        "end": end,
        "current": is_current(end),
        "via": via,
        **extra,
    }


def _relations(store: Store, node: ox.NamedNode, lang: str, vocab: _Labels) -> dict[str, Any]:
    """The entity's links to others, grouped the way its page shows them."""
    bind = {"entity": node}

    def rows(name: str) -> list[dict[str, Term]]:
        return store.select(query(f"explore/{name}"), bindings=bind, public_only=True)

    relations: dict[str, Any] = {group: [] for group in _RELATION_GROUPS}

    for group, name in (("member_of", "relations-member-of"), ("members", "relations-members")):
        labels = _Labels()
        found: dict[tuple[str, str], dict[str, Term]] = {}
        for row in rows(name):
            labels.add(row["other"].value, row.get("otherLabel"))
            found.setdefault((row["via"].value, row["other"].value), row)
        relations[group] = _by_period(
            _relation(
                other,
                labels.get(other, lang),
                role=vocab.get(row["role"].value, lang) if "role" in row else None,
                start=_text(row.get("start")),
                end=_text(row.get("end")),
                via=via,
            )
            for (via, other), row in found.items()
        )

    labels = _Labels()
    coops: dict[tuple[str, str], dict[str, Term]] = {}
    for row in rows("relations-cooperations"):
        labels.add(row["other"].value, row.get("otherLabel"))
        labels.add(row["via"].value, row.get("viaLabel"))
        if "project" in row:
            labels.add(row["project"].value, row.get("projectLabel"))
        coops.setdefault((row["via"].value, row["other"].value), row)
    relations["cooperates_with"] = _by_period(
        _relation(
            other,
            labels.get(other, lang),
            start=_text(row.get("start")),
            end=_text(row.get("end")),
            via=via,
            via_label=labels.get(via, lang),
            project=_iri(row.get("project")),
            project_label=labels.get(row["project"].value, lang) if "project" in row else None,
        )
        for (via, other), row in coops.items()
    )

    for group, name in (
        ("organises", "relations-organises"),
        ("performs_at", "relations-performs"),
    ):
        labels = _Labels()
        found_rows: dict[str, dict[str, Term]] = {}
        for row in rows(name):
            labels.add(row["other"].value, row.get("otherLabel"))
            found_rows.setdefault(row["other"].value, row)
        relations[group] = _by_period(
            _relation(
                other,
                labels.get(other, lang),
                start=_text(row.get("start")),
                end=_text(row.get("end")),
            )
            for other, row in found_rows.items()
        )

    relations["topics"] = sorted(
        (
            _relation(row["other"].value, vocab.get(row["other"].value, lang))
            for row in rows("relations-topics")
        ),
        key=lambda r: sort_key(r["label"]),
    )
    relations["namings"] = _namings(rows("relations-namings"), lang)
    relations["honoured_by"] = _honoured_by(rows("relations-honoured-by"), lang)
    relations["speaker_profile"] = _speaker_profile(rows("speaker-profile"), vocab, lang)
    return relations


def _by_period(relations: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Current first, then newest start first, then by label: how people read a timeline."""
    items = list(relations)
    items.sort(key=lambda r: sort_key(r["label"]))
    items.sort(key=lambda r: r["start"] or "", reverse=True)
    items.sort(key=lambda r: not r["current"])
    return items


def _namings(rows: list[dict[str, Term]], lang: str) -> list[dict[str, Any]]:
    labels = _Labels()
    namings: dict[str, dict[str, Any]] = {}
    for row in rows:
        iri = row["naming"].value
        naming = namings.setdefault(
            iri,
            {
                "row": row,
                "honours": [],
                "sources": [],
                "decided_by": _iri(row.get("decidedBy")),
            },
        )
        if "honoured" in row:
            labels.add(row["honoured"].value, row.get("honouredLabel"))
            if row["honoured"].value not in naming["honours"]:
                naming["honours"].append(row["honoured"].value)
        if "decidedBy" in row:
            labels.add(row["decidedBy"].value, row.get("decidedByLabel"))
        if "source" in row and row["source"].value not in naming["sources"]:
            naming["sources"].append(row["source"].value)
    result = []
    for iri, naming in namings.items():
        row = naming["row"]
        name = _text(row.get("name")) or last_segment(iri)
        decided_by = naming["decided_by"]
        result.append(
            _relation(
                iri,
                name,
                start=_text(row.get("start")),
                end=_text(row.get("end")),
                name=name,
                honours=[{"iri": h, "label": labels.get(h, lang)} for h in naming["honours"]],
                decision_date=_text(row.get("decision")),
                ceremony_date=_text(row.get("ceremony")),
                decided_by=(
                    {"iri": decided_by, "label": labels.get(decided_by, lang)}
                    if decided_by
                    else None
                ),
                sources=sorted(naming["sources"]),
            )
        )
    # Chronological: the history of a site reads from its first name to its current one.
    result.sort(key=lambda n: (n["start"] or "", n["label"]))
    return result


def _honoured_by(rows: list[dict[str, Term]], lang: str) -> list[dict[str, Any]]:
    labels = _Labels()
    found: dict[str, dict[str, Term]] = {}
    for row in rows:
        if "site" in row:
            labels.add(row["site"].value, row.get("siteLabel"))
        found.setdefault(row["naming"].value, row)
    result = []
    for naming, row in found.items():
        name = _text(row.get("name")) or last_segment(naming)
        site = _iri(row.get("site"))
        result.append(
            _relation(
                site or naming,
                labels.get(site, lang) if site else name,
                start=_text(row.get("start")),
                end=_text(row.get("end")),
                via=naming,
                name=name,
                site=site,
            )
        )
    result.sort(key=lambda n: (n["start"] or "", n["label"]))
    return result


def _speaker_profile(
    rows: list[dict[str, Term]], vocab: _Labels, lang: str
) -> dict[str, Any] | None:
    if not rows:
        return None
    values: dict[str, list[Term]] = defaultdict(list)
    for row in rows:
        values[row["property"].value].append(row["value"])

    def concepts(prop: str) -> list[dict[str, str]]:
        return sorted(
            (
                {"iri": v.value, "label": vocab.get(v.value, lang)}
                for v in values.get(prop, [])
                if isinstance(v, ox.NamedNode)
            ),
            key=lambda c: sort_key(c["label"]),
        )

    descriptions = {
        _lang_of(v): v.value for v in values.get(_DESCRIPTION, []) if isinstance(v, ox.Literal)
    }
    return {
        "iri": rows[0]["profile"].value,
        "topics": concepts(_KNOWS_ABOUT),
        "languages": sorted({v.value for v in values.get(_KNOWS_LANGUAGE, [])}),
        "formats": concepts(_OFFERS_FORMAT),
        "regions": concepts(_REGIONAL_FOCUS),
        "description": pick_label(descriptions, lang) or None,
    }


def _provenance(store: Store, node: ox.NamedNode) -> list[dict[str, Any]]:
    graphs: dict[str, list[dict[str, str | None]]] = {}
    for row in store.select(
        query("explore/entity-provenance"), bindings={"entity": node}, public_only=True
    ):
        loads = graphs.setdefault(row["graph"].value, [])
        if "activity" in row:
            loads.append({"title": _text(row.get("title")), "time": _text(row.get("time"))})
    return [
        {"graph": graph, "loads": sorted(loads, key=lambda x: x["time"] or "", reverse=True)}
        for graph, loads in sorted(graphs.items())
    ]


# ---- speakers -----------------------------------------------------------------------------

_SPEAKER_FILTERS = {
    "topic": ("wantTopic", "explore/speakers/filter-topic"),
    "language": ("wantLanguage", "explore/speakers/filter-language"),
    "format": ("wantFormat", "explore/speakers/filter-format"),
    "region": ("wantRegion", "explore/speakers/filter-region"),
}
_SPEAKER_PROPERTIES = {
    _KNOWS_ABOUT: "topics",
    _KNOWS_LANGUAGE: "languages",
    _OFFERS_FORMAT: "formats",
    _REGIONAL_FOCUS: "regions",
}


def speakers(
    store: Store,
    lang: str,
    *,
    topic: str | None = None,
    language: str | None = None,
    format: str | None = None,
    region: str | None = None,
) -> list[dict[str, Any]]:
    """The speakers (Referent*innen) an office can ask for educational work, filtered by
    topic, language, format and region (IRIs, a language code), all given filters at once."""
    check_lang(lang)
    chosen = {"topic": topic, "language": language, "format": format, "region": region}
    blocks = []
    bindings: dict[str, Term] = {}
    for name, value in chosen.items():
        if value:
            variable, fragment = _SPEAKER_FILTERS[name]
            blocks.append(_fragment(fragment))
            bindings[variable] = ox.Literal(value) if name == "language" else _node(value)
    text = _fill(query("explore/speakers"), {"filters": "\n".join(blocks)})
    vocab, _ = _vocabulary(store)
    people: dict[str, dict[str, Any]] = {}
    labels = _Labels()
    for row in store.select(text, bindings=bindings, public_only=True):
        person = row["person"].value
        labels.add(person, row.get("personLabel"))
        entry = people.setdefault(person, {key: set() for key in _SPEAKER_PROPERTIES.values()})
        key = _SPEAKER_PROPERTIES[row["property"].value]
        if "values" in row and row["values"].value:
            entry[key].update(row["values"].value.split(" "))
    result = []
    for person, entry in people.items():

        def named(key: str, entry: dict[str, set[str]] = entry) -> list[str]:
            return sorted({vocab.get(v, lang) for v in entry[key]}, key=sort_key)

        result.append(
            {
                "iri": person,
                "label": labels.get(person, lang),
                "topics": named("topics"),
                "languages": sorted(entry["languages"]),
                "formats": named("formats"),
                "regions": named("regions"),
            }
        )
    result.sort(key=lambda s: sort_key(s["label"]))
    return result


def speaker_facets(store: Store, lang: str) -> dict[str, list[dict[str, Any]]]:
    """What the speaker filters can offer: each topic, language, format and region that at
    least one speaker offers, with the number of speakers."""
    check_lang(lang)
    vocab, _ = _vocabulary(store)
    facets: dict[str, list[dict[str, Any]]] = {key: [] for key in _SPEAKER_PROPERTIES.values()}
    for row in store.select(query("explore/speaker-facets"), public_only=True):
        key = _SPEAKER_PROPERTIES[row["property"].value]
        value = row["value"].value
        label = value if key == "languages" else vocab.get(value, lang)
        facets[key].append({"value": value, "label": label, "count": int(row["count"].value)})
    for values in facets.values():
        values.sort(key=lambda v: (-v["count"], sort_key(v["label"])))
    return facets


# ---- sites ----------------------------------------------------------------------------------


def sites(store: Store, lang: str) -> list[dict[str, Any]]:
    """The colonial-history sites for the map and its list: where, what, and which names
    the place carried (the current one and the former ones, oldest first)."""
    check_lang(lang)
    vocab, _ = _vocabulary(store)
    labels = _Labels()
    found: dict[str, dict[str, Any]] = {}
    for row in store.select(query("explore/sites"), public_only=True):
        iri = row["site"].value
        site = found.setdefault(
            iri, {"types": set(), "lat": None, "long": None, "districts": set()}
        )
        site["types"].add(row["type"].value)
        labels.add(iri, row.get("label"))
        for key in ("lat", "long"):
            if key in row and site[key] is None:
                with contextlib.suppress(ValueError):
                    site[key] = float(row[key].value)
        if "district" in row:
            site["districts"].add(row["district"].value)
            labels.add(row["district"].value, row.get("districtLabel"))

    namings: dict[str, list[dict[str, Any]]] = defaultdict(list)
    seen: set[str] = set()
    for row in store.select(query("explore/site-namings"), public_only=True):
        if row["naming"].value in seen:
            continue
        seen.add(row["naming"].value)
        namings[row["site"].value].append(
            {
                "name": row["name"].value,
                "start": _text(row.get("start")),
                "end": _text(row.get("end")),
            }
        )

    result = []
    for iri, site in found.items():
        history = sorted(namings.get(iri, []), key=lambda n: (n["start"] or "", n["name"]))
        current = [n for n in history if is_current(n["end"])]
        label = labels.get(iri, lang)
        subtypes = sorted(t for t in site["types"] if t != KINDS["sites"]) or [KINDS["sites"]]
        result.append(
            {
                "iri": iri,
                "label": label,
                "kind": vocab.get(subtypes[0], lang),
                "lat": site["lat"],
                "long": site["long"],
                "district": ", ".join(
                    sorted((labels.get(d, lang) for d in site["districts"]), key=sort_key)
                )
                or None,
                "current_name": current[-1]["name"] if current else label,
                # Dict keys: a name given twice (Petersallee, re-dedicated) is listed once.
                "former_names": list(
                    dict.fromkeys(n["name"] for n in history if not is_current(n["end"]))
                ),
            }
        )
    result.sort(key=lambda s: sort_key(s["label"]))
    return result
