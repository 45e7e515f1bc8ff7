"""schema.org JSON-LD for the pages of organisations, people, events and places.

Search engines and portals read `<script type="application/ld+json">` in a page; this module
maps what the public page of an entity shows (the dict `explore.entity` returns, built from
the public graphs only) to schema.org, in this one place. Nothing else goes in: a person's
markup holds exactly the fields of the public page that the table below names (no consent
record, nothing from an internal graph, which `explore.entity` never reads).

The context is written out (`@vocab` https://schema.org/) instead of the remote context
document, so a JSON-LD processor needs no download to read it and the IRIs are those of
the data (https://schema.org/...). `script_json` serialises for a `<script>` element: `<`,
`>` and `&` are written as JSON escapes, so a label holding `</script>` cannot end it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .namespaces import AGV, FOAF, ORG, OWL, SCHEMA

CONTEXT = {"@vocab": SCHEMA}

#: The schema.org type of each explorer kind that gets markup; other kinds get none.
KIND_TYPES = {
    "organisations": "Organization",
    "people": "Person",
    "events": "Event",
    "sites": "Place",
}
#: Places that are not among the sites (districts, localities), by their rdf:type.
PLACE_TYPES = {SCHEMA + "AdministrativeArea": "AdministrativeArea", SCHEMA + "Place": "Place"}
#: A more precise organisation type from its kind (org:classification), first match wins.
_KIND = AGV + "organisation-kind/"
ORGANISATION_KINDS = {
    _KIND + "public-administration": "GovernmentOrganization",
    _KIND + "political-body": "GovernmentOrganization",
    _KIND + "educational-institution": "EducationalOrganization",
    _KIND + "migrant-organisation": "NGO",
    _KIND + "registered-association": "NGO",
    _KIND + "initiative": "NGO",
    _KIND + "foundation": "NGO",
    _KIND + "non-profit-company": "NGO",
}
#: Which statements of the public page become which schema.org property, per type.
COMMON_PROPERTIES = {
    OWL + "sameAs": "sameAs",
    SCHEMA + "sameAs": "sameAs",
    FOAF + "homepage": "url",
    SCHEMA + "url": "url",
}
PROPERTIES: dict[str, dict[str, str]] = {
    "Organization": {
        SCHEMA + "foundingDate": "foundingDate",
        SCHEMA + "dissolutionDate": "dissolutionDate",
        SCHEMA + "location": "location",
    },
    "Person": {
        FOAF + "givenName": "givenName",
        FOAF + "familyName": "familyName",
        SCHEMA + "birthDate": "birthDate",
        SCHEMA + "deathDate": "deathDate",
    },
    "Event": {
        SCHEMA + "startDate": "startDate",
        SCHEMA + "endDate": "endDate",
        SCHEMA + "location": "location",
        SCHEMA + "organizer": "organizer",
        SCHEMA + "performer": "performer",
        SCHEMA + "inLanguage": "inLanguage",
    },
    "Place": {
        SCHEMA + "containedInPlace": "containedInPlace",
        SCHEMA + "dateCreated": "dateCreated",
    },
}
_BASE_TYPE = {
    "GovernmentOrganization": "Organization",
    "EducationalOrganization": "Organization",
    "NGO": "Organization",
    "AdministrativeArea": "Place",
}


def schema_type(e: Mapping[str, Any]) -> str | None:
    """The schema.org type of an entity page, or None when it gets no markup."""
    kind = KIND_TYPES.get(e["kind"])
    if kind is None:
        types = {t["iri"] for t in e["types"]}
        kind = next((name for iri, name in PLACE_TYPES.items() if iri in types), None)
    if kind == "Organization":
        kinds = {s["value"] for s in e["statements"] if s["predicate"] == ORG + "classification"}
        kind = next((name for iri, name in ORGANISATION_KINDS.items() if iri in kinds), kind)
    return kind


def describe(e: Mapping[str, Any], page_url: str) -> dict[str, Any] | None:
    """schema.org JSON-LD of one entity page (from `explore.entity`), or None."""
    kind = schema_type(e)
    if kind is None:
        return None
    data: dict[str, Any] = {"@context": CONTEXT, "@id": e["iri"], "@type": kind, "name": e["label"]}
    data["mainEntityOfPage"] = page_url
    if e.get("alt_labels"):
        data["alternateName"] = list(e["alt_labels"])
    if e.get("description"):
        data["description"] = e["description"]
    mapping = {**COMMON_PROPERTIES, **PROPERTIES[_BASE_TYPE.get(kind, kind)]}
    values: dict[str, list[Any]] = {}
    for s in e["statements"]:
        prop = mapping.get(s["predicate"])
        if prop is None:
            continue
        if s["is_iri"]:
            value: Any = (
                s["value"] if prop in ("sameAs", "url") else _node(s["value"], s["value_label"])
            )
        elif s["value"].startswith("_:"):
            continue  # a blank node (an address): its parts are not mapped
        else:
            value = s["value"]
        if value not in values.setdefault(prop, []):
            values[prop].append(value)
    relations = e.get("relations") or {}
    if kind in ("Person", "Organization") or _BASE_TYPE.get(kind) == "Organization":
        member_of = [
            _node(r["iri"], r["label"]) for r in relations.get("member_of", []) if r["current"]
        ]
        if member_of:
            values["memberOf"] = _unique(member_of)
        topics = [_node(t["iri"], t["label"], "DefinedTerm") for t in relations.get("topics", [])]
        profile = relations.get("speaker_profile")
        if profile:
            topics += [_node(t["iri"], t["label"], "DefinedTerm") for t in profile["topics"]]
            if profile["languages"]:
                values["knowsLanguage"] = list(profile["languages"])
        if topics:
            values["knowsAbout"] = _unique(topics)
    if _BASE_TYPE.get(kind, kind) == "Place" and e.get("coordinates"):
        lat, long = e["coordinates"]
        values["geo"] = [{"@type": "GeoCoordinates", "latitude": lat, "longitude": long}]
    for prop, found in sorted(values.items()):
        data[prop] = found[0] if len(found) == 1 else found
    return data


def _node(iri: str, label: str, kind: str | None = None) -> dict[str, Any]:
    node: dict[str, Any] = {"@id": iri, "name": label or iri}
    if kind:
        node["@type"] = kind
    return node


def _unique(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return list({n["@id"]: n for n in nodes}.values())


def script_json(data: Mapping[str, Any]) -> str:
    """JSON for inside a `<script>` element: `<`, `>` and `&` as \\u escapes, so no text in
    the data (a label `</script><script>...`) can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
