"""Entity pages: every public statement about one entity, its relations, namings, provenance.

`entity` gathers what the page of one IRI shows (and what its machine twin is built from):
the statements with labels for predicates and values, the links to other entities grouped
the way the page reads them (memberships, cooperations, events, topics), the naming history
of a colonial-history site and the sites named after a person, a speaker's profile, and
where the data came from. `statements` is also what a list shows of one entry.

Every query runs over the public graphs only, so an entity known only to the internal
graphs has no page: `entity` answers None for it exactly as for an unknown IRI.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import pyoxigraph as ox

from ..languages import check_lang
from ..namespaces import AG, AGV, DCTERMS, ORG, RDF, RDF_TYPE, RDFS, SCHEMA, SKOS, WGS
from ..resources import query
from ..store import Store, Term
from .documents import defined_terms, incoming_links, term_texts
from .qualified import footnotes, mark, naming_steps
from .story import site_story, spoken_period
from .vocabulary import (
    DESCRIPTION,
    KNOWS_ABOUT,
    KNOWS_LANGUAGE,
    OFFERS_FORMAT,
    PREF_LABEL,
    REGIONAL_FOCUS,
    Labels,
    bindable_iri,
    class_hierarchy,
    is_current,
    kind_of,
    lang_of,
    last_segment,
    pick_label,
    sort_key,
    term_iri,
    term_value,
    vocabulary_labels,
)

#: (predicate, value, label candidates of the value): one public statement about an entity.
Statement = tuple[str, Term, list[Term]]

_ALT_LABEL = SKOS + "altLabel"
_START, _END = SCHEMA + "startDate", SCHEMA + "endDate"
_SOURCE = DCTERMS + "source"
_ADDRESS_ORDER = (
    SCHEMA + "streetAddress",
    SCHEMA + "postalCode",
    SCHEMA + "addressLocality",
)
#: The properties an entity's own statements must have for a query of its page to find
#: anything: each of these queries starts from the entity as subject with one of them, so
#: when the statements (all of them: `statements`) have none, it is not asked.
_NAMINGS_FROM = frozenset({AG + "hasNaming"})
_PROFILE_FROM = frozenset({AG + "hasSpeakerProfile"})
_TOPICS_FROM = frozenset({DCTERMS + "subject", SCHEMA + "knowsAbout", AG + "hasSpeakerProfile"})
#: The same for the queries that start from a statement linking to the entity: which of these
#: properties do is asked first, in one query (`explore/entity-links-in`).
_MEMBER_OF, _MEMBERS = ORG + "member", ORG + "organization"
_PARTNER, _ORGANIZER, _PERFORMER = AG + "partner", SCHEMA + "organizer", SCHEMA + "performer"
_HONOURS, _QUALIFIED, _DEFINED_BY = AG + "honours", RDF + "subject", RDFS + "isDefinedBy"
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
    grouped: dict[tuple[str, Term], list[Term]] = {}
    graphs: dict[str, None] = {}
    for row in rows:
        graphs[row["graph"].value] = None
        key = (row["predicate"].value, row["value"])
        candidates = grouped.setdefault(key, [])
        label = row.get("valueLabel")
        if label is not None and label not in candidates:  # a statement in two graphs
            candidates.append(label)
    return [(p, v, c) for (p, v), c in grouped.items()], list(graphs)


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
    alt_labels: list[str] = []
    descriptions: dict[str, str] = {}
    types: list[str] = []
    sources: list[str] = []
    coordinates: dict[str, float] = {}
    dates: dict[str, list[str]] = defaultdict(list)
    for predicate, value, _c in found:
        if predicate in (PREF_LABEL, SCHEMA + "name") and isinstance(value, ox.Literal):
            own_labels.setdefault(lang_of(value), value.value)
        elif predicate == _ALT_LABEL and isinstance(value, ox.Literal):
            alt_labels.append(value.value)
        elif predicate == DESCRIPTION and isinstance(value, ox.Literal):
            descriptions.setdefault(lang_of(value), value.value)
        elif predicate == RDF_TYPE and isinstance(value, ox.NamedNode):
            types.append(value.value)
        elif predicate == _SOURCE and isinstance(value, ox.NamedNode):
            sources.append(value.value)
        elif predicate in (WGS + "lat", WGS + "long") and isinstance(value, ox.Literal):
            with contextlib.suppress(ValueError):
                coordinates[predicate] = float(value.value)
        elif predicate in (_START, _END) and isinstance(value, ox.Literal):
            dates[predicate].append(value.value)

    # Which queries can find anything: each cold page paid for about twenty, most of them
    # empty for any one entity (a person has no members, an event no names), and each costs
    # a fifth of a millisecond even when empty. Skipping one that would find nothing leaves
    # the page and what it noted as they were: a publication that adds such a link touches
    # this entity, whose IRI every page of it noted with its statements.
    own = {predicate for predicate, _v, _c in found}
    linked_in = _linked_in(store, node)
    blank_labels = (
        _blank_values(store, node)
        if any(isinstance(v, ox.BlankNode) for _p, v, _c in found)
        else {}
    )
    rendered = [
        _statement(predicate, value, vocab, labels, blank_labels, lang)
        for predicate, value, _c in found
    ]
    rendered.sort(key=lambda s: (sort_key(s["predicate_label"]), s["value"]))
    notes = (
        footnotes(store, node, lang, vocab, {(s["predicate"], s["value"]) for s in rendered})
        if _QUALIFIED in linked_in
        else []
    )
    mark(rendered, notes)

    texts = term_texts(types, found)
    # A vocabulary term named only by rdfs:label (a class) or dcterms:title (the ontology).
    term_labels = {tag: t["label"] for tag, t in (texts or {}).items() if t.get("label")}
    relations = _relations(store, node, lang, vocab, own, linked_in)
    kind = _kind_of_entity(store, types, found)
    return {
        "iri": iri,
        "kind": kind,
        "label": pick_label(own_labels or vocab.all(iri) or term_labels, lang, iri),
        "labels": own_labels,
        "alt_labels": sorted(set(alt_labels), key=sort_key),
        "description": pick_label(descriptions, lang) or None,
        "types": sorted(
            ({"iri": t, "label": labels.get(t, lang)} for t in set(types)),
            key=lambda t: sort_key(t["label"]),
        ),
        # When it was, in words (issue 16): an event with one date was on that day.
        "when": spoken_period(
            min(dates[_START], default=None),
            max(dates[_END], default=None),
            lang,
            instant=kind == "events",
        )
        or None,
        "statements": rendered,
        "footnotes": notes,
        "relations": relations,
        # A site's naming history told as a story (issue 16): None for anything without names.
        "story": site_story(store, iri, lang, relations["namings"]),
        "provenance": {"sources": sorted(set(sources)), "graphs": _provenance(store, graphs)},
        # LodView's parts of the document (issue 12): who links here, a term's two languages.
        "incoming": incoming_links(store, iri, lang, vocab),
        "texts": texts,
        "defined_terms": defined_terms(store, iri, lang) if _DEFINED_BY in linked_in else [],
        "coordinates": (
            (coordinates[WGS + "lat"], coordinates[WGS + "long"]) if len(coordinates) == 2 else None
        ),
    }


def _vocab_terms(found: list[Statement]) -> set[str]:
    terms = {p for p, _v, _c in found}
    terms |= {v.value for _p, v, _c in found if isinstance(v, ox.NamedNode)}
    return terms


def _kind_of_entity(store: Store, types: list[str], found: list[Statement]) -> str:
    if SKOS + "Concept" in types:
        schemes = {v.value for p, v, _c in found if p == SKOS + "inScheme"}
        return "topics" if AGV + "topics" in schemes else "other"
    return kind_of(types, class_hierarchy(store)) if types else "other"


def _linked_in(store: Store, node: ox.NamedNode) -> frozenset[str]:
    """Which of the properties the page follows backwards link to the entity."""
    return frozenset(
        row["predicate"].value
        for row in store.select(
            query("explore/entity-links-in"), bindings={"entity": node}, public_only=True
        )
    )


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
        # A value the public graphs give a label has a page of its own here; any other IRI
        # (a source on the web, a homepage) is only a link to itself.
        "described": is_iri and bool(labels.all(text)),
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


def _relations(
    store: Store,
    node: ox.NamedNode,
    lang: str,
    vocab: Labels,
    own: frozenset[str] | set[str],
    linked_in: frozenset[str],
) -> dict[str, Any]:
    """The entity's links to others, grouped the way its page shows them.

    `own` holds the properties of the entity's statements, `linked_in` those of the
    statements linking to it that the page follows (`_linked_in`): a query that starts from
    one the entity lacks would find nothing, and is not asked."""
    bind = {"entity": node}
    starts = {
        "relations-member-of": _MEMBER_OF in linked_in,
        "relations-members": _MEMBERS in linked_in,
        "relations-cooperations": _PARTNER in linked_in,
        "relations-organises": _ORGANIZER in linked_in,
        "relations-performs": _PERFORMER in linked_in,
        "relations-honoured-by": _HONOURS in linked_in,
        "relations-topics": not _TOPICS_FROM.isdisjoint(own),
        "relations-namings": not _NAMINGS_FROM.isdisjoint(own),
        "relations-naming-steps": not _NAMINGS_FROM.isdisjoint(own),
        "speaker-profile": not _PROFILE_FROM.isdisjoint(own),
    }

    def rows(name: str) -> list[dict[str, Term]]:
        if not starts[name]:
            return []
        return store.select(query(f"explore/{name}"), bindings=bind, public_only=True)

    relations: dict[str, Any] = {group: [] for group in _RELATION_GROUPS}

    for group, name in (("member_of", "relations-member-of"), ("members", "relations-members")):
        labels = Labels()
        found: dict[tuple[str, str], dict[str, Term]] = {}
        for row in rows(name):
            labels.add(row["other"].value, row.get("otherLabel"))
            found.setdefault((row["via"].value, row["other"].value), row)
        relations[group] = _by_period(
            _relation(
                other,
                labels.get(other, lang),
                role=vocab.get(row["role"].value, lang) if "role" in row else None,
                start=term_value(row.get("start")),
                end=term_value(row.get("end")),
                via=via,
            )
            for (via, other), row in found.items()
        )

    labels = Labels()
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
            start=term_value(row.get("start")),
            end=term_value(row.get("end")),
            via=via,
            via_label=labels.get(via, lang),
            project=term_iri(row.get("project")),
            project_label=labels.get(row["project"].value, lang) if "project" in row else None,
        )
        for (via, other), row in coops.items()
    )

    for group, name in (
        ("organises", "relations-organises"),
        ("performs_at", "relations-performs"),
    ):
        labels = Labels()
        found_rows: dict[str, dict[str, Term]] = {}
        for row in rows(name):
            labels.add(row["other"].value, row.get("otherLabel"))
            found_rows.setdefault(row["other"].value, row)
        relations[group] = _by_period(
            _relation(
                other,
                labels.get(other, lang),
                start=term_value(row.get("start")),
                end=term_value(row.get("end")),
                # An event with one date was on that day, not "since" it (issue 16).
                when=spoken_period(
                    term_value(row.get("start")),
                    term_value(row.get("end")),
                    lang,
                    instant=term_value(row.get("event")) == "true",
                ),
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
    relations["namings"] = _namings(
        rows("relations-namings"), naming_steps(rows("relations-naming-steps"), lang), lang
    )
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


def _namings(
    rows: list[dict[str, Term]], steps: Mapping[str, dict[str, Any]], lang: str
) -> list[dict[str, Any]]:
    labels = Labels()
    namings: dict[str, dict[str, Any]] = {}
    for row in rows:
        iri = row["naming"].value
        naming = namings.setdefault(
            iri,
            {
                "row": row,
                "honours": [],
                "sources": [],
                "decided_by": term_iri(row.get("decidedBy")),
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
    names = {
        iri: term_value(n["row"].get("name")) or last_segment(iri) for iri, n in namings.items()
    }
    result = []
    for iri, naming in namings.items():
        row = naming["row"]
        name = names[iri]
        decided_by = naming["decided_by"]
        succession = steps.get(iri, {"replaces": None, "steps": [], "disputed": set()})
        replaces = succession["replaces"]
        result.append(
            _relation(
                iri,
                name,
                start=term_value(row.get("start")),
                end=term_value(row.get("end")),
                name=name,
                honours=[
                    {
                        "iri": h,
                        "label": labels.get(h, lang),
                        "disputed": h in succession["disputed"],
                    }
                    for h in naming["honours"]
                ],
                decision_date=term_value(row.get("decision")),
                ceremony_date=term_value(row.get("ceremony")),
                decided_by=(
                    {"iri": decided_by, "label": labels.get(decided_by, lang)}
                    if decided_by
                    else None
                ),
                sources=sorted(naming["sources"]),
                # The structure, not matching dates, says which name this one replaces.
                replaces=(
                    {"iri": replaces, "name": names.get(replaces, last_segment(replaces))}
                    if replaces
                    else None
                ),
                steps=succession["steps"],
            )
        )
    # Chronological: the history of a site reads from its first name to its current one.
    result.sort(key=lambda n: (n["start"] or "", n["label"]))
    return result


def _honoured_by(rows: list[dict[str, Term]], lang: str) -> list[dict[str, Any]]:
    labels = Labels()
    found: dict[str, dict[str, Term]] = {}
    for row in rows:
        if "site" in row:
            labels.add(row["site"].value, row.get("siteLabel"))
        found.setdefault(row["naming"].value, row)
    result = []
    for naming, row in found.items():
        name = term_value(row.get("name")) or last_segment(naming)
        site = term_iri(row.get("site"))
        result.append(
            _relation(
                site or naming,
                labels.get(site, lang) if site else name,
                start=term_value(row.get("start")),
                end=term_value(row.get("end")),
                via=naming,
                name=name,
                site=site,
            )
        )
    result.sort(key=lambda n: (n["start"] or "", n["label"]))
    return result


def _speaker_profile(
    rows: list[dict[str, Term]], vocab: Labels, lang: str
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
        lang_of(v): v.value for v in values.get(DESCRIPTION, []) if isinstance(v, ox.Literal)
    }
    return {
        "iri": rows[0]["profile"].value,
        "topics": concepts(KNOWS_ABOUT),
        "languages": sorted({v.value for v in values.get(KNOWS_LANGUAGE, [])}),
        "formats": concepts(OFFERS_FORMAT),
        "regions": concepts(REGIONAL_FOCUS),
        "description": pick_label(descriptions, lang) or None,
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
        found.append(
            {"graph": graph, "loads": [{"title": r["title"], "time": r["time"]} for r in records]}
        )
    return found


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
