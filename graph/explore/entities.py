"""Entity pages: every public statement about one entity, its relations, namings, provenance.

`entity` gathers what the page of one IRI shows (and what its machine twin is built from):
the statements with labels for predicates and values, the links to other entities grouped
the way the page reads them (`relations`: memberships, cooperations, events, topics, the
naming history of a colonial-history site and the sites named after a person, a speaker's
profile), and where the data came from. `statements` is also what a list shows of one entry.

Every query runs over the public graphs only, so an entity known only to the internal
graphs has no page: `entity` answers None for it exactly as for an unknown IRI.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Mapping
from operator import itemgetter
from typing import Any

import pyoxigraph as ox

from ..languages import check_lang
from ..namespaces import AG, AGV, DCTERMS, FOAF, ORG, PROV, RDF, RDF_TYPE, RDFS, SCHEMA, SKOS, WGS
from ..resources import query
from ..store import Store, Term
from .directory import in_directories
from .documents import defined_terms, incoming_links, term_texts
from .qualified import footnotes, mark
from .relations import linked_in, relation, relations
from .story import (
    site_story,
    spoken_life,
    spoken_literal,
    spoken_period,
)
from .vocabulary import (
    DESCRIPTION,
    LANGUAGE_CODED,
    PREF_LABEL,
    Labels,
    bindable_iri,
    class_hierarchy,
    described,
    is_instant,
    kind_of,
    label_rank,
    lang_of,
    most_specific,
    pick_label,
    sort_key,
    term_value,
    vocabulary_labels,
    web_address,
)

#: (predicate, value, label candidates of the value): one public statement about an entity.
Statement = tuple[str, Term, list[Term]]

_ALT_LABEL = SKOS + "altLabel"
_RDFS_LABEL = RDFS + "label"
_START, _END = SCHEMA + "startDate", SCHEMA + "endDate"
_BIRTH, _DEATH = SCHEMA + "birthDate", SCHEMA + "deathDate"
_APPROXIMATE = AGV + "date-precision/approximate"
#: What happens on a day: its one date is when it was, not the start of a period.
_SOURCE = DCTERMS + "source"
_ADDRESS_ORDER = (
    SCHEMA + "streetAddress",
    SCHEMA + "postalCode",
    SCHEMA + "addressLocality",
)
_QUALIFIED, _DEFINED_BY = RDF + "subject", RDFS + "isDefinedBy"


def statements(store: Store, iri: str) -> list[Statement]:
    """(predicate, value, label candidates of value) for each public statement about iri."""
    return _statements_and_graphs(store, iri)[0]


def _statements_and_graphs(store: Store, iri: str) -> tuple[list[Statement], list[str]]:
    """The statements (`statements`) and the public graphs that hold them, in one read."""
    rows = store.select(
        query("explore/entity-statements"),
        bindings={"entity": bindable_iri(iri)},
        public_only=True,
    )
    grouped: dict[tuple[str, Term], list[tuple[int, Term]]] = {}
    graphs: dict[str, None] = {}
    for row in rows:
        graphs[row["graph"].value] = None
        key = (row["predicate"].value, row["value"])
        candidates = grouped.setdefault(key, [])
        label = row.get("valueLabel")
        if label is not None and all(label != c for _r, c in candidates):  # in two graphs
            candidates.append((label_rank(row["labelProperty"].value), label))
    # Each value's candidates in the order of preference, the engine's kept within a property.
    return [
        (p, v, [c for _r, c in sorted(found, key=itemgetter(0))])
        for (p, v), found in grouped.items()
    ], list(graphs)


def entity(store: Store, iri: str, lang: str) -> dict[str, Any] | None:
    """Everything public about one entity, for its page and its machine twin.

    None when no public graph holds a statement with this subject (unknown, internal only,
    or not an IRI), so the web layer answers 404 without telling internal from unknown."""
    check_lang(lang)
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return None
    found, graphs = _statements_and_graphs(store, iri)
    if not found:
        return None
    vocab, _ = vocabulary_labels(store)
    labels = Labels()
    labels.update({t: vocab.all(t) for t in _vocab_terms(found)})
    for _p, value, candidates in found:
        for candidate in candidates:
            labels.add(value.value, candidate)

    own_labels: dict[str, str] = {}
    #: Of something named only by rdfs:label (a load's record of itself): its page's heading
    #: was the last part of its address ("20261204t122611z-neu").
    rdfs_labels: dict[str, str] = {}
    alt_labels: list[str] = []
    alt_languages: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    types: list[str] = []
    sources: list[str] = []
    coordinates: dict[str, float] = {}
    dates: dict[str, list[str]] = defaultdict(list)
    for predicate, value, _c in found:
        if predicate in (PREF_LABEL, SCHEMA + "name") and isinstance(value, ox.Literal):
            own_labels.setdefault(lang_of(value), value.value)
        elif predicate == _RDFS_LABEL and isinstance(value, ox.Literal):
            rdfs_labels.setdefault(lang_of(value), value.value)
        elif predicate == _ALT_LABEL and isinstance(value, ox.Literal):
            alt_labels.append(value.value)
            if value.language:
                alt_languages.setdefault(value.value, value.language)
        elif predicate == DESCRIPTION and isinstance(value, ox.Literal):
            descriptions.setdefault(lang_of(value), value.value)
        elif predicate == RDF_TYPE and isinstance(value, ox.NamedNode):
            types.append(value.value)
        elif predicate == _SOURCE and isinstance(value, ox.NamedNode):
            sources.append(value.value)
        elif predicate in (WGS + "lat", WGS + "long") and isinstance(value, ox.Literal):
            with contextlib.suppress(ValueError):
                coordinates[predicate] = float(value.value)
        elif predicate in (_START, _END, _BIRTH, _DEATH) and isinstance(value, ox.Literal):
            dates[predicate].append(value.value)

    # Which queries can find anything: each cold page paid for about twenty, most of them
    # empty for any one entity (a person has no members, an event no names), and each costs
    # a fifth of a millisecond even when empty. Skipping one that would find nothing leaves
    # the page and what it noted as they were: a publication that adds such a link touches
    # this entity, whose IRI every page of it noted with its statements.
    own = {predicate for predicate, _v, _c in found}
    links_in = linked_in(store, node)
    blank_labels = (
        _blank_values(store, node)
        if any(isinstance(v, ox.BlankNode) for _p, v, _c in found)
        else {}
    )
    rendered = [
        _statement(predicate, value, vocab, labels, blank_labels, lang, store.base_iri)
        for predicate, value, _c in found
    ]
    rendered.sort(key=lambda s: (sort_key(s["predicate_label"]), s["value"]))
    notes = (
        footnotes(store, node, lang, vocab, {(s["predicate"], s["value"]) for s in rendered})
        if _QUALIFIED in links_in
        else []
    )
    mark(rendered, notes)

    texts = term_texts(types, found)
    # A vocabulary term named only by rdfs:label (a class) or dcterms:title (the ontology).
    term_labels = {tag: t["label"] for tag, t in (texts or {}).items() if t.get("label")}
    grouped = {
        **_named_in_statements(found, labels, lang),
        **relations(store, node, lang, vocab, own, links_in),
    }
    kind = _kind_of_entity(store, types, found)
    return {
        "iri": iri,
        "kind": kind,
        # Whether the network has it as a node, so that its page may lead to the network
        # around it (a cooperation is one of the network's links, and /network/ego a 404).
        "in_network": kind in NETWORK_KINDS,
        "label": pick_label(own_labels or vocab.all(iri) or term_labels or rdfs_labels, lang, iri),
        "labels": own_labels,
        "alt_labels": sorted(set(alt_labels), key=sort_key),
        # Each one's language, for the page to mark the others' (WCAG 3.1.2: a German page
        # listed "Access to education · Bildungsgerechtigkeit" in one voice).
        "alt_label_languages": alt_languages,
        **described(descriptions, lang),
        "types": sorted(
            (
                {"iri": t, "label": labels.get(t, lang)}
                for t in most_specific(types, class_hierarchy(store))
            ),
            key=lambda t: sort_key(t["label"]),
        ),
        # When it was, in words (issue 16): an event, a decision or ceremony (a naming's
        # step) or a moment of a life with one date was on that day, not "seit" it.
        "when": spoken_period(
            min(dates[_START], default=None),
            max(dates[_END], default=None),
            lang,
            instant=is_instant(types, class_hierarchy(store)),
        )
        or None,
        # Whether a qualified statement disputes its end (a naming ended by a re-dedication
        # that the Senate said never took effect): its "Wann" said the end as settled.
        "end_disputed": any(n["predicate"] == _END and n.get("disputed_by") for n in notes),
        # A life in words ("1834 – 1885", "geboren um 1703"), as the site stories tell the
        # lives of the persons a name honours: the person's own page had the dates only in
        # its statements table.
        "lived": _life(dates, notes, lang),
        "facts": _facts(rendered),
        "statements": rendered,
        "footnotes": notes,
        "relations": grouped,
        # A site's naming history told as a story (issue 16): None for anything without names.
        "story": site_story(store, iri, lang, grouped["namings"]),
        "provenance": {"sources": sorted(set(sources)), "graphs": _provenance(store, graphs)},
        # LodView's parts of the document (issue 12): who links here, a term's two languages.
        "incoming": incoming_links(store, iri, lang, vocab),
        # Where the directories file things under it (a topic's organisations and speakers);
        # asked only of what no list has as a member, which is what lists are filtered by.
        "directories": in_directories(store, iri) if kind in FILED_UNDER else [],
        "texts": texts,
        "defined_terms": defined_terms(store, iri, lang) if _DEFINED_BY in links_in else [],
        "coordinates": (
            (coordinates[WGS + "lat"], coordinates[WGS + "long"]) if len(coordinates) == 2 else None
        ),
    }


#: Who an event, a project or a cooperation is by: its own statements name them, and the
#: page put them only in its statements table ("organiser", "funded by"), the picture of its
#: neighbourhood only its topics (issue 16: pages that tell the story). Group -> property, in
#: the page's order.
_NAMED_BY = {
    "organised_by": SCHEMA + "organizer",
    "funded_by": SCHEMA + "funder",
    "contributors": SCHEMA + "performer",
    # A cooperation's partners: its page named them only in the statements table, and its
    # picture drew its topics alone, as if no organisation took part.
    "partners": AG + "partner",
    # The project an event or a cooperation is part of (the project's page lists its parts).
    "part_of": DCTERMS + "isPartOf",
    # Where an event was held (the place's page lists its events), beside when.
    "held_at": SCHEMA + "location",
}


#: The facts a page names under its heading, by key, in this order: an organisation's page
#: had its kind, district, founding, languages and website only in the statements table,
#: below its cooperations and topics (issue 16: pages that tell the story).
_FACTS = {
    # A naming's step said only its title and day outside the statements table: which naming
    # it is a step of, what kind of step and who acted are facts of it (exploratory test).
    "step_of": (AG + "stepOf",),
    # What a step or a moment of a life was (dcterms:type): not "Art", which the events'
    # list filter uses for the kind of entry ("Lebensereignis" there, "Tötung" here).
    "happened": (DCTERMS + "type",),
    "kinds": (ORG + "classification",),
    "involved": (PROV + "wasAssociatedWith",),
    "districts": (AG + "district",),
    "founded": (SCHEMA + "foundingDate",),
    "dissolved": (SCHEMA + "dissolutionDate",),
    "languages": (SCHEMA + "knowsLanguage", SCHEMA + "inLanguage"),
    "unit_of": (ORG + "unitOf",),
    "address": (SCHEMA + "address",),
    "homepage": (FOAF + "homepage",),
}
_FACT_OF = {p: key for key, properties in _FACTS.items() for p in properties}


def _facts(rendered: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The statements of `_FACTS`, as the statements table gives them (labels in words, a
    language by its name, a date spoken), grouped by fact; facts it lacks are left out."""
    found: dict[str, list[dict[str, Any]]] = {}
    for statement in rendered:
        key = _FACT_OF.get(statement["predicate"])
        if key is not None:
            found.setdefault(key, []).append(statement)
    return {key: found[key] for key in _FACTS if key in found}


def _life(dates: Mapping[str, list[str]], notes: list[dict[str, Any]], lang: str) -> str | None:
    """Birth and death in words, each "um" where a qualified statement gives it as
    approximate; the earliest birth and latest death the public statements give (a
    competing value is a footnote's)."""
    birth, death = min(dates[_BIRTH], default=None), max(dates[_DEATH], default=None)
    if not birth and not death:
        return None
    about = tuple(
        any(n["predicate"] == p and n["value"] == d and n["precision"] == _APPROXIMATE
            for n in notes)
        for p, d in ((_BIRTH, birth), (_DEATH, death))
    )  # fmt: skip
    return spoken_life(birth, death, lang, about=(about[0], about[1]))


def _named_in_statements(
    found: list[Statement], labels: Labels, lang: str
) -> dict[str, list[dict[str, Any]]]:
    """The groups of `_NAMED_BY`, from the statements already read: no query of their own."""
    groups: dict[str, list[dict[str, Any]]] = {group: [] for group in _NAMED_BY}
    by_property = {p: group for group, p in _NAMED_BY.items()}
    for predicate, value, _c in found:
        group = by_property.get(predicate)
        if group is not None and isinstance(value, ox.NamedNode):
            groups[group].append(relation(value.value, labels.get(value.value, lang)))
    for items in groups.values():
        items.sort(key=lambda r: sort_key(r["label"]))
    return groups


def _vocab_terms(found: list[Statement]) -> set[str]:
    terms = {p for p, _v, _c in found}
    terms |= {v.value for _p, v, _c in found if isinstance(v, ox.NamedNode)}
    return terms


#: The kinds of entity a list may be filtered by (a topic, and "other": goals, districts, the
#: kinds of organisation, formats, regions); the members of lists are never a filter's value.
#: Their pages and their search hits say what the directories file under them.
FILED_UNDER = frozenset({"topics", "other"})

#: The kinds of entity the network has as nodes (graph/queries/network/nodes.rq).
NETWORK_KINDS = frozenset({"organisations", "people", "projects", "events", "sites", "topics"})


def _kind_of_entity(store: Store, types: list[str], found: list[Statement]) -> str:
    if SKOS + "Concept" in types:
        schemes = {v.value for p, v, _c in found if p == SKOS + "inScheme"}
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
    vocab: Labels,
    labels: Labels,
    blank_labels: Mapping[str, str],
    lang: str,
    base: str,
) -> dict[str, Any]:
    is_iri = isinstance(value, ox.NamedNode)
    if is_iri:
        # An address elsewhere without a name (a homepage, a source) is shown with its host:
        # its last part alone would hide it ("betrug.example.net/www.berlin.de").
        named = labels.all(value.value) or value.value.startswith(base)
        value_label = labels.get(value.value, lang) if named else web_address(value.value)
        text = value.value
    elif isinstance(value, ox.BlankNode):
        text = str(value)
        value_label = blank_labels.get(text, "")
    else:
        text = value.value
        value_label = spoken_literal(value, predicate, lang)
    literal = value if isinstance(value, ox.Literal) else None
    return {
        "predicate": predicate,
        "predicate_label": vocab.get(predicate, lang),
        "value": text,
        "value_label": value_label,
        "is_iri": is_iri,
        # A value the public graphs give a label has a page of its own here; any other IRI
        # (a source on the web, a homepage) is only a link to itself.
        "described": is_iri and bool(labels.all(text)),
        "lang": (literal.language or None) if literal is not None else None,
        # A language code ("de"): the page names the language in the reader's (webapp's
        # language_name), as the speaker profile and the lists' facets do.
        "is_language": literal is not None and predicate in LANGUAGE_CODED,
        "datatype": (
            literal.datatype.value if literal is not None and not literal.language else None
        ),
    }


def _provenance(store: Store, graphs: list[str]) -> list[dict[str, Any]]:
    """Each graph holding the entity's statements, with its load records, newest first."""
    loads = store.derived("graph-loads", lambda: _graph_loads(store))
    found = []
    for graph in sorted(graphs):
        records = loads.get(graph, [])
        # The page shows these records: a publication that changes one drops it (the graph's
        # IRI is noted already, from the statements' rows; a new load names the graph).
        Store.note_reads(r["activity"] for r in records)
        loads_of = [{"title": r["title"], "time": r["time"]} for r in records]
        found.append({"graph": graph, "loads": loads_of, "days": _by_day(loads_of)})
    return found


def _by_day(loads: list[dict[str, str | None]]) -> list[dict[str, Any]]:
    """The loads by the day they were made on, newest first, each day's files in the order
    loaded: the vocabulary's page said "loaded from … on 4 December 2026" twelve times."""
    days: dict[str | None, list[str]] = {}
    for load in loads:
        files = days.setdefault(load["time"][:10] if load["time"] else None, [])
        if load["title"] and load["title"] not in files:
            files.append(load["title"])
    return [{"day": day, "files": files} for day, files in days.items()]


def _graph_loads(store: Store) -> dict[str, list[dict[str, str | None]]]:
    """Per public graph, its load records (activity, file title, time), newest first."""
    loads: dict[str, dict[str, dict[str, str | None]]] = defaultdict(dict)
    for row in store.select(query("explore/graph-loads"), public_only=True):
        loads[row["graph"].value].setdefault(
            row["activity"].value,
            {
                "activity": row["activity"].value,
                "title": term_value(row.get("title")),
                "time": term_value(row.get("time")),
            },
        )
    return {
        graph: sorted(records.values(), key=lambda x: x["time"] or "", reverse=True)
        for graph, records in loads.items()
    }
