"""List pages: the entities of one kind, filtered by facets, sorted, one page at a time.

`list_counts` answers a filter combination's total and facet counts, `list_items` one page
of it, `list_entities` both; `facet_names` says which facets a kind offers, and
`count_members` counts (the home page uses it too). A kind is described by small queries in
`explore/list/`: its members, one query per facet (?entity ?value), a date.

Why lists are answered from a facet index (`facet_index`) and not by the engine: the answers
of a list change only with a write, but the filter combinations are many, and the engine
answered each one anew. At the 1.42M district (22,003 organisations) one cold filtered list
cost 2.0-2.5 s single-threaded (six facet queries of 0.12-0.56 s, each over the members with
the other facets' filters, and 0.3-0.6 s to sort the page by label), and cold lists ran at
2 pages/s with a p95 of 15 s at 16 clients. Now each kind's unfiltered facts are read once
per store version (a handful of queries) into bit masks, and every combination is counted,
sorted and paged in Python in about a millisecond; only the page's own entities are then
read (`list_entries.page_items`; together, two queries a page). Measured at scale 1
(142k quads, 2,203 organisations; a 2-core machine shared with other work, so the spread is
wide): one cold filtered organisations list,
single-threaded, took 0.56-1.98 s and takes 6-103 ms, of which counting and paging are under
a millisecond and the rest is the page's 25 item reads (2-4 ms each); cold list pages of the
explorer workload at 16 clients went from 4 pages/s (p50 3.6 s, p95 8.5 s) to 34 (p50 0.40 s,
p95 0.76 s), now bound by those item reads. Building the index took 0.67-0.92 s for the
organisations, 0.2-0.7 s for people, projects, events and cooperations, under 0.05 s for
sites and topics (logged by `serve` at INFO as "facet index of KIND"). The results are
those of the SPARQL path, combination by combination: tests/test_facet_index.py compares
them with it (tests/list_reference.py).

The index is kept by `Store.derived` across writes: drafts and other internal writes leave
it as it is, and the first list of a kind after a write of public data has it follow that
write's change (`follow_changes`: the touched entities read again, not the kind), so a
publication no longer makes lists cold; a change that reads through other nodes (the class
hierarchy, a topic's goals, a speaker profile) or touches many entities rebuilds it.
`derived` is single flight: lists asked meanwhile wait for that one follow or build.
Facet values chosen by a user never reach the engine: they are looked up in the index.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import pyoxigraph as ox

from ..errors import UsageError, shown
from ..languages import check_lang, language_code, language_name
from ..namespaces import AG, RDF_TYPE, RDFS, SCHEMA, SKOS
from ..resources import query
from ..store import Change, Store
from .facet_index import IRI_FACETS, FacetIndex, KindQueries, build, follow
from .list_entries import page_items
from .vocabulary import KINDS, entity_labels, sort_key, vocabulary_labels

SORTS = ("label", "date")
MAX_PER_PAGE = 100
MAX_FACET_VALUES = 50
_SDG_PROPERTY = AG + "sdg"

_KIND_SPECS: dict[str, KindQueries] = {
    "organisations": KindQueries(
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
    "people": KindQueries(
        "explore/list/members-people",
        {
            "topic": "explore/list/facet-topic-people",
            "sdg": "explore/list/facet-sdg-people",
            "language": "explore/list/facet-language-people",
        },
        None,
    ),
    "projects": KindQueries(
        "explore/list/members-projects",
        {
            "topic": "explore/list/facet-topic",
            "sdg": "explore/list/facet-sdg",
            "period": "explore/list/facet-period-start",
        },
        "explore/list/date-start",
    ),
    "events": KindQueries(
        "explore/list/members-events",
        {
            "kind": "explore/list/facet-kind-events",
            "topic": "explore/list/facet-topic",
            "sdg": "explore/list/facet-sdg",
            "language": "explore/list/facet-language-events",
            "period": "explore/list/facet-period-events",
        },
        "explore/list/date-start",
    ),
    "cooperations": KindQueries(
        "explore/list/members-cooperations",
        {
            "topic": "explore/list/facet-topic",
            "sdg": "explore/list/facet-sdg",
            "period": "explore/list/facet-period-start",
        },
        "explore/list/date-start",
    ),
    "topics": KindQueries(
        "explore/list/members-topics",
        {"sdg": "explore/list/facet-sdg-topics"},
        None,
    ),
    "sites": KindQueries(
        "explore/list/members-sites",
        {
            "kind": "explore/list/facet-kind-sites",
            "district": "explore/list/facet-district",
        },
        None,
    ),
}


def list_kinds() -> tuple[str, ...]:
    """The kinds that have lists."""
    return tuple(_KIND_SPECS)


def list_token(kind: str) -> str:
    """What a list page of `kind` depends on beyond the IRIs it read (`Store.note_reads`):
    its kind's members, facet values and orders, kept in the facet index. Not an IRI (it
    has a space), so it never meets one; `touched.touched` names it for a commit that may
    change the list."""
    return f"kind-list {kind}"


#: What a count of the entities filed under a value (`directory.in_directories`: a topic's
#: organisations) depends on beyond the value's IRI: which entities are members of a kind,
#: and the facts several members' facets read through (a topic's goals, a speaker
#: profile). A commit that gives or takes the value itself touches its IRI; `touched.touched`
#: names this token for the others (a type, a goal, a profile), not for every change of a
#: list's member, as a list's own token: a page counting what is filed under a topic is
#: not dropped when an organisation is renamed.
FILED_TOKEN = "kind-list filings"


def kind_queries(kind: str) -> KindQueries:
    """The queries a list of this kind is made of: members, facets, date (a usage error for
    a kind the lists do not have)."""
    spec = _KIND_SPECS.get(kind)
    if spec is None:
        raise UsageError(
            f"Unbekannte Art {kind!r}; erlaubt: {', '.join(KINDS)}.",
            f"Unknown kind {kind!r}; allowed: {', '.join(KINDS)}.",
            where="kind",
        )
    return spec


def facet_names(kind: str) -> list[str]:
    """The facets a list of this kind offers, in display order (for building filter forms)."""
    return list(kind_queries(kind).facets)


def _clean_facets(
    spec: KindQueries, kind: str, facets: Mapping[str, list[str]] | None
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


def count_members(store: Store, kind: str, chosen: Mapping[str, list[str]] | None = None) -> int:
    """How many public entities of this kind pass the chosen facet values (already checked
    by `list_entities`; from the kind's facet index), or, with none chosen, the size of the
    kind: the home page's counts, read from the members query alone and kept across writes
    that change no membership (no type, subclass or scheme statement), so that the home page
    after a write does not build the index of every kind nor count every kind again."""
    if chosen:
        return facet_index(store, kind).total(chosen)
    spec = kind_queries(kind)

    def count() -> int:
        return sum(
            1 for _ in store.rows(query(spec.members), public_only=True, max_rows=Store.SCAN_ROWS)
        )

    def after(kept: int, changes: list[Change]) -> int:
        # Membership is made of types, the class hierarchy and (topics) the scheme: a change
        # without such a statement leaves every kind's size as it was.
        return count() if any(_changes_membership(store, c) for c in changes) else kept

    return store.derived(f"count-members-{kind}", count, after)


_MEMBERSHIP = frozenset({RDF_TYPE, RDFS + "subClassOf", SKOS + "inScheme"})


def _changes_membership(store: Store, change: Change) -> bool:
    return any(
        q.predicate.value in _MEMBERSHIP
        for quads in (change.remove, change.add)
        for q in quads
        if store.is_public_graph(q.graph_name)
    )


def facet_index(store: Store, kind: str) -> FacetIndex:
    """The kind's facet index, built by the first reader and kept across writes: the first
    reader after writes of public graphs has it follow their changes (`follow_changes`;
    `Store.derived`, single flight: readers arriving meanwhile wait for it)."""
    spec = kind_queries(kind)
    return store.derived(
        f"facet-index-{kind}",
        lambda: build(store, kind, spec),
        lambda index, changes: follow_changes(store, kind, spec, index, changes),
    )


#: Predicates through which a kind's facets read facts of other nodes than its members: a
#: change of one may alter many members' values, so the index is built anew (rare: the class
#: hierarchy, a topic's goals, a speaker profile's topics and languages).
_THROUGH = {
    RDFS + "subClassOf": None,
    _SDG_PROPERTY: None,
    SCHEMA + "knowsAbout": "people",
    SCHEMA + "knowsLanguage": "people",
}


def follow_changes(
    store: Store, kind: str, spec: KindQueries, index: FacetIndex, changes: list[Change]
) -> FacetIndex:
    """The index after `changes`: their public quads' subjects and objects re-read
    (`facet_index.follow`), or a new build for a change that reads through other nodes
    (`_THROUGH`) or touches more than a fiftieth of the kind (a build is then cheaper)."""
    touched: set[str] = set()
    for change in changes:
        for quads in (change.remove, change.add):
            for q in quads:
                if not store.is_public_graph(q.graph_name):
                    continue
                through = q.predicate.value in _THROUGH
                if through and _THROUGH[q.predicate.value] in (None, kind):
                    return build(store, kind, spec)
                for term in (q.subject, q.object):
                    if isinstance(term, ox.NamedNode):
                        touched.add(term.value)
    if len(touched) > max(200, index.size // 50):
        return build(store, kind, spec)
    return follow(store, kind, spec, index, touched)


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

    Facet counts for facet F are taken over the entities that pass the filters of the other
    facets, so the alternatives within F stay visible (AND across facets, OR within one).
    The two halves are `list_counts` (the same for every sort and page of one filter) and
    `list_items`."""
    counts = list_counts(store, kind, lang, facets=facets)
    items = list_items(store, kind, lang, facets=facets, sort=sort, page=page, per_page=per_page)
    return {**items, "facets": counts["facets"]}


def _checked(
    kind: str, lang: str, facets: Mapping[str, list[str]] | None
) -> tuple[KindQueries, dict[str, list[str]]]:
    check_lang(lang)
    spec = kind_queries(kind)
    return spec, _clean_facets(spec, kind, facets)


def list_counts(
    store: Store, kind: str, lang: str, *, facets: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    """How many entities pass the chosen facet values (`total`), and the facet counts
    (`facets`: per facet its values with label and count, under the other chosen facets).
    The same for every sort and page of one filter: the web layer keeps it apart."""
    spec, chosen = _checked(kind, lang, facets)
    index = facet_index(store, kind)
    _known(store, index, kind, chosen)
    found = {facet: _facet_values(store, index, facet, chosen, lang) for facet in spec.facets}
    # What the answer shows that the index read: the kind's facts, the values' labels.
    Store.note_reads([list_token(kind)])
    Store.note_reads(v["value"] for f in IRI_FACETS if f in found for v in found[f])
    return {"total": index.total(chosen), "facets": found}


def sorts_of(kind: str) -> tuple[str, ...]:
    """The orders a list of `kind` can be sorted in: by date only where its entries have
    one. Sites, people and topics offered "date, newest first" and answered it in the order
    of names (exploratory test)."""
    return SORTS if _KIND_SPECS[kind].date else ("label",)


def list_items(
    store: Store,
    kind: str,
    lang: str,
    *,
    facets: dict[str, list[str]] | None = None,
    sort: str = "label",
    page: int = 1,
    per_page: int = 25,
) -> dict[str, Any]:
    """One page of the list (`items`, with `total`, `page`, `per_page`)."""
    _, chosen = _checked(kind, lang, facets)
    allowed = sorts_of(kind)
    if sort not in allowed:
        raise UsageError(
            f"Unbekannte Sortierung {sort!r}; erlaubt: {', '.join(allowed)}.",
            f"Unknown sort {sort!r}; allowed: {', '.join(allowed)}.",
            where="sort",
        )
    page = max(1, int(page))
    per_page = min(MAX_PER_PAGE, max(1, int(per_page)))
    index = facet_index(store, kind)
    _known(store, index, kind, chosen)
    Store.note_reads([list_token(kind)])
    iris = index.page(chosen, sort, lang, (page - 1) * per_page, per_page)
    items = page_items(store, iris, kind, lang)
    return {"items": items, "total": index.total(chosen), "page": page, "per_page": per_page}


def list_language(store: Store, kind: str, code: str) -> str:
    """The language a list's filter means: the code as given when an entry has it, else its
    primary subtag when one does ("fr-FR" asks for French; the data records "fr"), as the
    speaker directory reads it (`speaker_language`). "fr-FR" listed no organisation beside
    14 that use French."""
    knows = facet_index(store, kind).knows
    primary = code.split("-", 1)[0]
    return primary if not knows("language", code) and knows("language", primary) else code


class UnknownFilterValue(UsageError):
    """A list's filter value that names nothing (or a language no entry has), with what was
    asked (`kind`, `facet`, `value`), so that a page can say it in the names it shows:
    the core's own words name the list and the filter by their codes ('organisations',
    'district')."""

    def __init__(self, de: str, en: str, *, kind: str, facet: str, value: str) -> None:
        super().__init__(de, en, where=facet)
        self.kind, self.facet, self.value = kind, facet, value


def _known(store: Store, index: FacetIndex, kind: str, chosen: Mapping[str, list[str]]) -> None:
    """Refuse a chosen value that names nothing (a typo, text where an address belongs): it
    would show an empty list with a filter that means nothing. A value no entry has yet but
    that names something (an SDG no organisation works on, a district of a new office) is a
    fair question with the answer "none"; so is a period (what ran in 1890)."""
    for facet, values in chosen.items():
        for value in values:
            if facet == "language" and not index.knows(facet, value):
                # Any well-formed tag names some language ("xx", "tlh"): one that no entry
                # has gave an empty list, where the speaker directory refuses it.
                quoted = shown(value, 80)
                raise UnknownFilterValue(
                    f"Kein Eintrag der Liste {kind!r} hat die Sprache {quoted}; welche "
                    "Sprachen es gibt, zeigen die Filter der Liste.",
                    f"No entry of the list {kind!r} has the language {quoted}; the list's "
                    "filters show the languages there are.",
                    kind=kind,
                    facet=facet,
                    value=value,
                )
            if not index.knows(facet, value) and not names_something(store, facet, value):
                quoted = shown(value, 80)
                raise UnknownFilterValue(
                    f"{quoted} ist kein Wert für {facet!r} der Liste {kind!r}; welche Werte "
                    "es gibt, zeigen die Facetten der Liste.",
                    f"{quoted} is no value of {facet!r} for the list {kind!r}; the list's "
                    "facets show the values there are.",
                    kind=kind,
                    facet=facet,
                    value=value,
                )


def names_something(store: Store, facet: str, value: str) -> bool:
    """Whether a filter value names something: a period (a decade, "1990"), a language
    tag, or an IRI the store holds statements about or pointing at. ("abc" as a period gave
    an empty list, where a topic that names nothing was refused.)"""
    if facet == "period":
        return re.fullmatch(r"-?\d*0", value) is not None
    if facet in ("language", "languages"):
        return language_code(value) == value
    try:
        return store.mentions(value)
    except ValueError:  # no IRI at all
        return False


def _facet_values(
    store: Store, index: FacetIndex, facet: str, chosen: Mapping[str, list[str]], lang: str
) -> list[dict[str, Any]]:
    """A facet's values under the other chosen facets; a chosen value stays listed, with 0
    where no entry is left for it (as the speaker directory does). Left out, its box was not
    shown ticked on an empty list, and the next "Anwenden" dropped the filter unseen."""
    labels = index.value_labels.get(facet)
    counts = dict(index.counts(facet, chosen))
    for value in chosen.get(facet, ()):
        counts.setdefault(value, 0)

    def label_of(value: str) -> str:
        if labels is not None and labels.all(value):
            return labels.get(value, lang)
        # A value no entry has: a term of the vocabulary, or a place ("hansaviertel (0)")
        vocab = vocabulary_labels(store)[0]
        if vocab.all(value):
            return vocab.get(value, lang)
        return entity_labels(store, [value]).get(value, lang)

    return facet_entries(facet, counts, label_of, lang)


def facet_entries(
    facet: str, counts: Mapping[str, int], label_of: Callable[[str], str], lang: str
) -> list[dict[str, Any]]:
    """A facet's values as a list shows them: label, count, in display order (periods by
    decade, the others by count, then label, then value). One place for it, so the tests'
    reference (the engine's counts, tests/list_reference.py) orders as the product does.
    A language is labelled by its name in `lang`, as the page shows it (the JSON twin gave
    the code)."""
    values = []
    for value, count in counts.items():
        if facet == "language":
            label = language_name(value, lang)
        elif facet == "period":
            label = f"{value}–{int(value) + 9}" if value.isdigit() else value
        else:
            label = label_of(value)
        values.append({"value": value, "label": label, "count": count})
    if facet == "period":
        values.sort(key=lambda v: v["value"])
    else:
        values.sort(key=lambda v: (-v["count"], sort_key(v["label"]), v["value"]))
    return values
