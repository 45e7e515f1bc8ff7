"""A list page's entries: each entity's label, dates in words, a short description and the
values its kind shows by label (topics, districts, kinds, partners, goals).

Reading a page's items together: one query per item (explore/entity-statements, which also
joins every value's labels) cost 1.5-2 ms an item at the 1.42M district, and a cold list
page 44 ms CPU single-threaded in the app (49 random cold pages, Flask test client); now the
items not kept are read by two queries for the page, their statements (explore/list/items)
and the labels of the values they show (explore/list/item-labels), with the page's IRIs as
`values` of `Store.rows`: 19-22 ms CPU a cold page.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from ..namespaces import AG, DCTERMS, ORG, RDF_TYPE, SCHEMA
from ..resources import query
from ..store import Change, Store
from .story import spoken_date, spoken_period
from .vocabulary import (
    DESCRIPTION,
    KINDS,
    PREF_LABEL,
    Labels,
    label_rank,
    lang_of,
    pick_label,
    pick_tagged,
    sort_key,
)

#: Items kept per store version (`page_items`; about a kilobyte each).
MAX_CACHED_ITEMS = 20_000

_START = SCHEMA + "startDate"
_END = SCHEMA + "endDate"
_FOUNDING = SCHEMA + "foundingDate"
_CLASSIFICATION = ORG + "classification"
_DISTRICT = AG + "district"
_SUBJECT = DCTERMS + "subject"
_PARTNER = AG + "partner"
_SDG_PROPERTY = AG + "sdg"
_NAMING = AG + "hasNaming"
_DESCRIPTION_CHARS = 200


def page_items(store: Store, iris: list[str], kind: str, lang: str) -> list[dict[str, Any]]:
    """The page's items, each read once and kept for every list that shows
    it (a write drops only the items that read what it touched: `_items_after`): with the
    facet index, reading the 25 items was what a cold list page cost (2-4 ms
    each at scale 1; 21 cold pages/s at the 1.4M district), and the lists of different
    filters share many entities (the first ones of each order above all). The items not
    kept are read together (`_read_items`: two queries for the page, not one per item).
    Each is kept with what its reading read, which the list page's answer then depends on
    too (`Store.note_reads`)."""
    cache: dict[tuple[str, str, str], tuple[dict[str, Any], frozenset[str]]] = store.derived(
        "list-items", dict, lambda kept, changes: _items_after(store, kept, changes)
    )
    missing = list(dict.fromkeys(i for i in iris if (i, kind, lang) not in cache))
    read = _read_items(store, missing, kind, lang) if missing else {}
    if read:
        if len(cache) + len(read) > MAX_CACHED_ITEMS:
            cache.clear()  # bounded memory: start again
        cache.update(((iri, kind, lang), found) for iri, found in read.items())
    found = []
    for iri in iris:
        # From this page's reading first: another thread may have cleared the cache since.
        kept = (
            read.get(iri)
            or cache.get((iri, kind, lang))
            or _read_items(store, [iri], kind, lang)[iri]
        )
        Store.note_reads(kept[1])
        found.append(kept[0])
    return found


#: The predicates whose values a list's items show by label (`_item`): only their values'
#: labels are read (explore/list/item-labels); a site's namings by their names.
_LABELLED = frozenset(
    {_SUBJECT, _CLASSIFICATION, _DISTRICT, RDF_TYPE, _PARTNER, _SDG_PROPERTY, _NAMING}
)


def _read_items(
    store: Store, iris: list[str], kind: str, lang: str
) -> dict[str, tuple[dict[str, Any], frozenset[str]]]:
    """The items of `iris` (IRIs from the facet index), each with what its reading read:
    its IRI, its statements' predicates and values, as `Store.noting_reads` notes a read.
    Two queries for all of them, the statements (explore/list/items) and the labels of the
    values shown (explore/list/item-labels), where one query per item took 1.5-2 ms each
    at the 1.42M district (measured with 25 items: 0.8 ms an item, two queries a page)."""
    nodes = {}
    for iri in iris:
        try:
            nodes[iri] = ox.NamedNode(iri)
        except ValueError:
            continue  # never from the index: no statements, an item of its IRI alone
    found: dict[str, list[tuple[str, ox.NamedNode | ox.Literal | ox.BlankNode]]] = {
        iri: [] for iri in iris
    }
    if nodes:
        seen: set[tuple[str, str, object]] = set()
        read = store.rows(
            query("explore/list/items"), values=("entity", list(nodes.values())), public_only=True
        )
        for row in read:
            entity, predicate, value = row[0].value, row[1].value, row[2]
            if (entity, predicate, value) not in seen:
                seen.add((entity, predicate, value))
                found[entity].append((predicate, value))
    shown = sorted(
        {v.value for facts in found.values() for p, v in facts
         if p in _LABELLED and isinstance(v, ox.NamedNode)}
    )  # fmt: skip
    labels = Labels()
    if shown:
        nodes_shown = [ox.NamedNode(v) for v in shown]
        read = store.rows(
            query("explore/list/item-labels"), values=("value", nodes_shown), public_only=True
        )
        # Each value's candidates in the order of preference (`label_rank`), the engine's
        # order kept within one property.
        for row in sorted(read, key=lambda row: label_rank(row[2].value)):
            labels.add(row[0].value, row[1])
    items = {}
    for iri, facts in found.items():
        reads = {iri}
        for predicate, value in facts:
            reads.add(predicate)
            if isinstance(value, ox.NamedNode | ox.BlankNode):
                reads.add(value.value)
        items[iri] = (_item(iri, facts, labels, kind, lang), frozenset(reads))
    return items


def _items_after(
    store: Store,
    kept: dict[tuple[str, str, str], tuple[dict[str, Any], frozenset[str]]],
    changes: list[Change],
) -> dict[tuple[str, str, str], tuple[dict[str, Any], frozenset[str]]]:
    """The kept items after `changes`: those whose reading read none of the changes'
    subjects and objects (in public graphs) stay, the others are read again when shown."""
    touched = {
        term.value
        for change in changes
        for quads in (change.remove, change.add)
        for q in quads
        if store.is_public_graph(q.graph_name)
        for term in (q.subject, q.object)
        if isinstance(term, ox.NamedNode | ox.BlankNode)
    }
    return {key: item for key, item in kept.items() if item[1].isdisjoint(touched)}


#: The kinds whose entities last a while: a list gives their period, not only its start.
_LASTING = frozenset({"projects", "cooperations"})


def _when(start: str | None, end: str | None, kind: str, lang: str) -> str | None:
    """An entry's date in words: an event's day or period ("am 10. Mai 2014"), a project's
    or cooperation's period ("1. April 2016 – 31. März 2019", "seit 2020"), an
    organisation's founding ("gegründet 12. Mai 2005": the bare date said nothing of what
    it was), any other kind's date as written in `lang`."""
    if kind == "events":
        return spoken_period(start, end, lang, instant=True) or None
    if kind in _LASTING:
        return spoken_period(start, end, lang) or None
    if kind == "organisations" and start:
        return ("gegründet {}" if lang == "de" else "founded {}").format(spoken_date(start, lang))
    return spoken_date(start, lang) or None


def _item(
    iri: str,
    facts: list[tuple[str, ox.NamedNode | ox.Literal | ox.BlankNode]],
    labels: Labels,
    kind: str,
    lang: str,
) -> dict[str, Any]:
    """What a list shows of one entity, from its statements (`facts`: predicate, value) and
    the labels of their values: label, a short description and the facts that tell
    entities of this kind apart (kinds, districts, dates, topics, partners ...)."""
    own: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    values: dict[str, list[str]] = defaultdict(list)
    for predicate, value in facts:
        if predicate == PREF_LABEL and isinstance(value, ox.Literal):
            own.setdefault(lang_of(value), value.value)
        elif predicate == DESCRIPTION and isinstance(value, ox.Literal):
            descriptions.setdefault(lang_of(value), value.value)
        elif isinstance(value, ox.NamedNode | ox.Literal):
            values[predicate].append(value.value)

    def named(predicate: str) -> list[str]:
        return sorted({labels.get(v, lang) for v in values.get(predicate, [])}, key=sort_key)

    dates = values.get(_FOUNDING) or values.get(_START) or []
    ends = values.get(_END) or []
    description, description_lang = pick_tagged(descriptions, lang)
    item: dict[str, Any] = {
        "iri": iri,
        "label": pick_label(own, lang, iri),
        "description": _short(description),
        "description_lang": description_lang or None,
        "date": min(dates) if dates else None,
        "end": max(ends) if ends else None,
        # The date as the page shows it (issue 16): "am 10. Mai 2014" for an event's day.
        "when": _when(min(dates) if dates else None, max(ends) if ends else None, kind, lang),
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
        if kind == "sites":
            # Its namings' names other than today's: that Manga-Bell-Platz was Nachtigalplatz
            # is the point of a learning site, and the list said it nowhere.
            # Today's name is any of its own labels (in any language): the naming of today
            # has it too.
            item["former_names"] = [n for n in named(_NAMING) if n not in own.values()]
    elif kind == "cooperations":
        item["partners"] = named(_PARTNER)
    elif kind == "people":
        item["speaker"] = bool(values.get(AG + "hasSpeakerProfile"))
        # A person has no topics of their own: a speaker's are their profile's, which the
        # list is filtered by and /speakers shows. "topics": [] said a filtered speaker had
        # none (exploratory test).
        del item["topics"]
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
