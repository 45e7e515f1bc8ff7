"""Data extension: property values of reconciled entities, and which properties to offer.

https://reconciliation-api.github.io/specs/0.2/#data-extension-service

A query names entity ids and properties (`{"ids": [...], "properties": [{"id":
"schema:foundingDate"}, {"id": "schema:addressLocality", "settings": {"limit": 1}}]}`);
the answer gives each id's values per property from the public graphs (an entity that is
not public has none: the answer does not tell it from an unknown id). Values that are
resources come as {id, name}, numbers as int or float, full dates as date, everything else
(a year, a language code, a text) as str. Text in several languages is given in the
language of the `lang` setting when there is one, else in all.

Proposed properties (`propose_properties`) are the fields of the type's edit form (the
shapes) and the parts of an address where the type has one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from ..errors import UsageError
from ..languages import LANGUAGES, check_lang
from ..namespaces import XSD, expand
from ..store import Store
from .types import type_entry
from .values import Value, catalogue, entity_values, find_property, label_of, subclasses_in_forms

MAX_IDS = 1000
MAX_PROPERTIES = 50
DEFAULT_PROPOSALS = 30

#: The settings a client may give per property (in the manifest).
PROPERTY_SETTINGS: list[dict[str, Any]] = [
    {
        "name": "limit",
        "label": "Höchstens so viele Werte (0: alle) / At most this many values (0: all)",
        "type": "number",
        "default": 0,
        "help_text": "Werte je Eigenschaft und Eintrag / values per property and entry",
    },
    {
        "name": "lang",
        "label": "Sprache der Namen und Texte / Language of names and texts",
        "type": "select",
        "default": LANGUAGES[0],
        "choices": [{"value": "de", "name": "Deutsch"}, {"value": "en", "name": "English"}],
    },
]
_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger",
                               "positiveInteger")}  # fmt: skip
_FLOATS = {XSD + t for t in ("decimal", "double", "float")}
# The protocol's date: an xsd:dateTime with a time zone or none.
_DATE_TIME = re.compile(r"^-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$")


def parse_extend(raw: str | Mapping[str, Any]) -> tuple[list[str], list[tuple[str, dict]]]:
    """(ids, [(property id, settings)]) of an extension query, checked (usage error, 400)."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            raise UsageError(
                f"Kein gültiges JSON: {exc}", f"Not valid JSON: {exc}", where="extend"
            ) from exc
    ids = raw.get("ids") if isinstance(raw, Mapping) else None
    props = raw.get("properties") if isinstance(raw, Mapping) else None
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise UsageError(
            "„ids“ ist eine Liste von Einträgen.", '"ids" is a list of entity ids.', where="extend"
        )
    if not isinstance(props, list) or not all(
        isinstance(p, Mapping) and isinstance(p.get("id"), str) for p in props
    ):
        raise UsageError(
            "„properties“ ist eine Liste von Objekten mit „id“.",
            '"properties" is a list of objects with "id".',
            where="extend",
        )
    if len(ids) > MAX_IDS or len(props) > MAX_PROPERTIES:
        raise UsageError(
            f"Höchstens {MAX_IDS} Einträge und {MAX_PROPERTIES} Eigenschaften auf einmal.",
            f"At most {MAX_IDS} ids and {MAX_PROPERTIES} properties at once.",
            where="extend",
        )
    settings = []
    for p in props:
        given = p.get("settings") or {}
        if not isinstance(given, Mapping):
            raise UsageError(
                "„settings“ ist ein Objekt.", '"settings" is an object.', where="extend"
            )
        settings.append((p["id"], _checked_settings(dict(given))))
    return ids, settings


def _checked_settings(given: dict[str, Any]) -> dict[str, Any]:
    limit = given.get("limit", 0)
    try:
        limit = int(limit or 0)
    except (TypeError, ValueError):
        limit = -1
    if limit < 0:
        raise UsageError(
            "Die Einstellung „limit“ ist eine Zahl ab 0.",
            'The setting "limit" is a number from 0.',
            where="extend",
        )
    lang = given.get("lang") or None
    if lang is not None:
        check_lang(str(lang))
    return {"limit": limit, "lang": lang}


def extend(
    store: Store, ids: list[str], properties: list[tuple[str, dict]], lang: str
) -> dict[str, Any]:
    """The extension answer: meta (each property's name) and rows (values per id)."""
    meta = []
    for pid, _settings in properties:
        prop = find_property(pid)
        meta.append({"id": pid, "name": prop.name(lang) if prop else pid})
    rows: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for ident in ids:
        values = entity_values(store, expand(ident))
        row = rows[ident] = {}
        for pid, settings in properties:
            prop = find_property(pid)
            have = values.get(prop.iri if prop else expand(pid), [])
            row[pid] = _rendered(have, settings.get("lang") or lang, settings.get("limit", 0))
    return {"meta": meta, "rows": rows}


def _rendered(values: list[Value], lang: str, limit: int) -> list[dict[str, Any]]:
    """The values as the protocol writes them; texts in `lang` only when there are some."""
    in_lang = [
        v for v in values if isinstance(v.term, ox.Literal) and (v.term.language or "") == lang
    ]
    tagged = [v for v in values if isinstance(v.term, ox.Literal) and v.term.language]
    if in_lang:
        values = [v for v in values if v not in tagged or v in in_lang]
    out = [_value(v, lang) for v in values]
    out.sort(key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return out[:limit] if limit else out


def _value(value: Value, lang: str) -> dict[str, Any]:
    term = value.term
    if isinstance(term, ox.NamedNode):
        return {"id": term.value, "name": label_of(value, lang)}
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGERS and term.value.lstrip("-").isdigit():
                return {"int": int(term.value)}
            if datatype in _FLOATS:
                return {"float": float(term.value)}
        except ValueError:
            pass
        if datatype == XSD + "date" and re.fullmatch(r"-?\d{4,}-\d\d-\d\d", term.value):
            return {"date": term.value + "T00:00:00Z"}
        if datatype == XSD + "dateTime" and _DATE_TIME.match(term.value):
            return {"date": term.value}
    return {"str": term.value}


def propose(type_id: str, limit: int | None, lang: str) -> dict[str, Any]:
    """The properties offered for a type: its form's fields, and the address parts."""
    cls = expand(type_id)
    classes = subclasses_in_forms(cls)
    found = [p for p in catalogue().values() if p.classes & classes]
    found.sort(key=lambda p: p.name(lang).casefold())
    limit = DEFAULT_PROPOSALS if limit is None else max(0, limit)
    answer: dict[str, Any] = {
        "type": type_entry(cls, lang)["id"],
        "properties": [_proposal(p, lang) for p in found[:limit]],
    }
    answer["limit"] = limit
    return answer


def _proposal(prop: Any, lang: str) -> dict[str, Any]:
    entry = {"id": prop.id, "name": prop.name(lang)}
    description = prop.description(lang)
    if description:
        entry["description"] = description
    return entry
