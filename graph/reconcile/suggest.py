"""Suggest: auto-completion of entities, types and properties as a person types.

https://reconciliation-api.github.io/specs/0.2/#suggest-services

Entities come from the search index (the explorer's search: every word typed begins a word
of a label, umlaut spellings folded, public data only); types and properties from the
model (`types`, `values.catalogue`), matched the same way against their German and English
names and their prefixed names. `cursor` skips that many results (paging).
"""

from __future__ import annotations

from typing import Any

from ..explore import KINDS, kind_of
from ..forms.model import load_forms
from ..namespaces import curie, expand
from ..search import SearchIndex, fold, words
from .types import all_types, type_entry, type_names
from .values import catalogue

MAX_SUGGESTIONS = 50
DEFAULT_SUGGESTIONS = 10


def _window(limit: int | None, cursor: int) -> tuple[int, int]:
    size = DEFAULT_SUGGESTIONS if limit is None else max(0, min(limit, MAX_SUGGESTIONS))
    return max(0, cursor), size


def kind_of_type(type_id: str) -> str | None:
    """The explorer's kind of a class (its own, or its superclass's): what the search index
    filters by. None for a class of no kind."""
    cls = expand(type_id)
    if cls == KINDS["topics"]:
        return "topics"
    kind = kind_of([cls], {c: set(s) for c, s in load_forms().superclasses.items()})
    return None if kind == "other" else kind


def suggest_entities(
    index: SearchIndex,
    prefix: str,
    lang: str,
    *,
    type_id: str | None = None,
    limit: int | None = None,
    cursor: int = 0,
) -> dict[str, Any]:
    start, size = _window(limit, cursor)
    kinds = None
    if type_id:
        kind = kind_of_type(type_id)
        if kind is None:
            return {"result": []}
        kinds = [kind]
    found = index.search(prefix, lang, types=kinds, limit=start + size) if size else []
    result = []
    for hit in found[start:]:
        entry: dict[str, Any] = {"id": hit["iri"], "name": hit["label"]}
        if hit["kind"] in KINDS:
            entry["notable"] = [type_entry(KINDS[hit["kind"]], lang)]
        result.append(entry)
    return {"result": result}


def _fits(prefix: str, names: list[str]) -> bool:
    """Every word typed begins a word of one of the names."""
    typed = words(fold(prefix))
    if not typed:
        return True
    for name in names:
        have = words(fold(name))
        if all(any(h.startswith(t) for h in have) for t in typed):
            return True
    return False


def suggest_types(
    prefix: str, lang: str, *, limit: int | None = None, cursor: int = 0
) -> dict[str, Any]:
    start, size = _window(limit, cursor)
    found = [
        type_entry(cls, lang)
        for cls in all_types()
        if _fits(prefix, [*type_names(cls).values(), curie(cls)])
    ]
    return {"result": found[start : start + size]}


def suggest_properties(
    prefix: str, lang: str, *, limit: int | None = None, cursor: int = 0
) -> dict[str, Any]:
    start, size = _window(limit, cursor)
    found = [p for p in catalogue().values() if _fits(prefix, [*p.names.values(), p.id, p.iri])]
    found.sort(key=lambda p: p.name(lang).casefold())
    result = []
    for p in found[start : start + size]:
        entry = {"id": p.id, "name": p.name(lang)}
        if p.description(lang):
            entry["description"] = p.description(lang)
        result.append(entry)
    return {"result": result}
