"""An entity's links to others, grouped the way its page reads them: memberships (current
first), cooperations, events it organises or performs at, a project's events and
cooperations, the events held at a place, topics, the namings of a
colonial-history site, the sites named after a person, and a speaker's profile.

Each group is one query of `graph/queries/explore/`; which of them can find anything is known
from the entity's own properties and from one query for the properties linking to it
(`linked_in`), so a page asks only the queries that can answer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import pyoxigraph as ox

from ..languages import language_name
from ..namespaces import AG, DCTERMS, ORG, SCHEMA
from ..resources import query
from ..store import Store, Term
from .qualified import naming_steps
from .story import spoken_period
from .vocabulary import (
    DESCRIPTION,
    KNOWS_ABOUT,
    KNOWS_LANGUAGE,
    OFFERS_FORMAT,
    REGIONAL_FOCUS,
    Labels,
    is_current,
    lang_of,
    last_segment,
    pick_label,
    sort_key,
    term_iri,
    term_value,
)

#: The properties an entity's own statements must have for a query of its page to find
#: anything: each of these queries starts from the entity as subject with one of them, so
#: when the statements (all of them: `entities.statements`) have none, it is not asked.
_NAMINGS_FROM = frozenset({AG + "hasNaming"})
_PROFILE_FROM = frozenset({AG + "hasSpeakerProfile"})
_TOPICS_FROM = frozenset({DCTERMS + "subject", SCHEMA + "knowsAbout", AG + "hasSpeakerProfile"})
#: The same for the queries that start from a statement linking to the entity: which of these
#: properties do is asked first, in one query (`explore/entity-links-in`).
_MEMBER_OF, _MEMBERS = ORG + "member", ORG + "organization"
_PARTNER, _ORGANIZER, _PERFORMER = AG + "partner", SCHEMA + "organizer", SCHEMA + "performer"
_PART_OF, _LOCATION = DCTERMS + "isPartOf", SCHEMA + "location"
_HONOURS = AG + "honours"
_UNIT_OF = frozenset({ORG + "unitOf", ORG + "subOrganizationOf"})
_FUNDER = SCHEMA + "funder"
_RELATION_GROUPS = (
    "member_of",
    "members",
    "cooperates_with",
    "organises",
    "performs_at",
    "parts",
    "units",
    "funds",
    "held_here",
    "happened_here",
    "topics",
    "namings",
    "honoured_by",
)


def linked_in(store: Store, node: ox.NamedNode) -> frozenset[str]:
    """Which of the properties the page follows backwards link to the entity."""
    return frozenset(
        row["predicate"].value
        for row in store.select(
            query("explore/entity-links-in"), bindings={"entity": node}, public_only=True
        )
    )


def relation(
    iri: str,
    label: str,
    *,
    role: str | None = None,
    start: str | None = None,
    end: str | None = None,
    via: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """One entry of a page's group of links, with the keys every group's entries share: the
    template and the JSON twin read them all alike."""
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


def relations(
    store: Store,
    node: ox.NamedNode,
    lang: str,
    vocab: Labels,
    own: frozenset[str] | set[str],
    linked_in: frozenset[str],
) -> dict[str, Any]:
    """The entity's links to others, grouped the way its page shows them.

    `own` holds the properties of the entity's statements, `linked_in` those of the
    statements linking to it that the page follows (`linked_in`): a query that starts from
    one the entity lacks would find nothing, and is not asked."""
    bind = {"entity": node}
    starts = {
        "relations-member-of": _MEMBER_OF in linked_in,
        "relations-members": _MEMBERS in linked_in,
        "relations-cooperations": _PARTNER in linked_in,
        "relations-organises": _ORGANIZER in linked_in,
        "relations-performs": _PERFORMER in linked_in,
        "relations-parts": _PART_OF in linked_in,
        "relations-units": not _UNIT_OF.isdisjoint(linked_in),
        "relations-funds": _FUNDER in linked_in,
        "relations-held-here": _LOCATION in linked_in,
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
            relation(
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
        relation(
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
        # A project's events and cooperations: its page had them only under "linked from".
        ("parts", "relations-parts"),
        # An organisation's units (the district office's coordination office): its page had
        # them only under "linked from", and its neighbourhood picture drew none.
        ("units", "relations-units"),
        # What an organisation funds: its page had it only under "linked from".
        ("funds", "relations-funds"),
        # A place's events: a site's page had its commemoration only under "linked from".
        ("held_here", "relations-held-here"),
    ):
        labels = Labels()
        found_rows: dict[str, dict[str, Term]] = {}
        for row in rows(name):
            labels.add(row["other"].value, row.get("otherLabel"))
            found_rows.setdefault(row["other"].value, row)
        relations[group] = _by_period(
            relation(
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
                historical=term_value(row.get("historical")) == "true",
            )
            for other, row in found_rows.items()
        )
    # What happened at a place is not an event held there: "Veranstaltungen an diesem Ort:
    # Tod von Anna Mungunda" (story walk). Historical events are a group of their own.
    held = [(r.pop("historical"), r) for r in relations["held_here"]]
    relations["held_here"] = [r for historical, r in held if not historical]
    relations["happened_here"] = [r for historical, r in held if historical]

    relations["topics"] = sorted(
        (
            relation(row["other"].value, vocab.get(row["other"].value, lang))
            for row in rows("relations-topics")
        ),
        key=lambda r: sort_key(r["label"]),
    )
    relations["namings"] = _namings(
        rows("relations-namings"), naming_steps(rows("relations-naming-steps"), lang), lang
    )
    relations["honoured_by"] = _honoured_by(rows("relations-honoured-by"), lang)
    # Each period in words, as the events and the site stories say theirs ("seit 12. Juni
    # 2013", "since 12 June 2013"), not as the ISO dates the data records.
    for group in _RELATION_GROUPS:
        for entry in relations[group]:
            if entry.get("when") is None:
                entry["when"] = spoken_period(entry["start"], entry["end"], lang)
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
        succession = steps.get(
            iri, {"replaces": None, "steps": [], "disputed": set(), "end_disputed": False}
        )
        replaces = succession["replaces"]
        result.append(
            relation(
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
                end_disputed=succession["end_disputed"],
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
            relation(
                site or naming,
                # The name that honoured: the site may carry another one today (Petersallee,
                # 1939-1986, is Anna-Mungunda-Allee now), which `site_label` says.
                name,
                start=term_value(row.get("start")),
                end=term_value(row.get("end")),
                via=naming,
                name=name,
                end_disputed=term_value(row.get("endDisputed")) == "true",
                # As the site's story marks the honour (`_namings`): the person's page said
                # "Petersallee (1986–2024)" of a re-dedication the Senate said never took effect.
                disputed=term_value(row.get("honourDisputed")) == "true",
                site=site,
                site_label=labels.get(site, lang) if site else None,
            )
        )
    result.sort(key=lambda n: (n["start"] or "", n["label"], n["site_label"] or ""))
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
        # By name too, as the page shows them (the twin gave only "sw" where the page said
        # "Suaheli"; twins walk), in the order of their names, as /speakers gives them.
        "language_names": sorted(
            {language_name(v.value, lang) for v in values.get(KNOWS_LANGUAGE, [])}, key=sort_key
        ),
        "formats": concepts(OFFERS_FORMAT),
        "regions": concepts(REGIONAL_FOCUS),
        "description": pick_label(descriptions, lang) or None,
    }
