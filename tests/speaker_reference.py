"""The speaker directory as the engine answered it before it was kept in memory: the reference.

Until graph/explore/speaker_index.py, every filter combination of /speakers was the composed
query tests/data/speaker-reference/speakers.rq (the filter blocks `filter-*.rq` joined on the
profile, values bound, never spliced), once for the list and once more for each facet's
counts under the other filters; without filters, the facet counts were `speaker-facets.rq`.
Kept here as the oracle the product is compared with, as tests/list_reference.py is for
the lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from akteursgraph.explore import Labels, sort_key, vocabulary_labels
from akteursgraph.explore.compose import fill
from akteursgraph.explore.vocabulary import (
    KNOWS_ABOUT,
    KNOWS_LANGUAGE,
    OFFERS_FORMAT,
    REGIONAL_FOCUS,
    bindable_iri,
)
from akteursgraph.languages import language_name
from akteursgraph.store import Store, Term

_HERE = Path(__file__).parent / "data" / "speaker-reference"
FILTERS = {
    "topic": ("wantTopic", "filter-topic"),
    "language": ("wantLanguage", "filter-language"),
    "format": ("wantFormat", "filter-format"),
    "region": ("wantRegion", "filter-region"),
}
_KEYS = {
    KNOWS_ABOUT: "topics",
    KNOWS_LANGUAGE: "languages",
    OFFERS_FORMAT: "formats",
    REGIONAL_FOCUS: "regions",
}


def _template(name: str) -> str:
    return (_HERE / f"{name}.rq").read_text(encoding="utf-8")


def speakers(store: Store, lang: str, **chosen: str | None) -> list[dict[str, Any]]:
    """Every speaker passing the chosen filters, as `explore.speakers` gave them."""
    blocks = []
    bindings: dict[str, Term] = {}
    for name, value in chosen.items():
        if value:
            variable, filter_query = FILTERS[name]
            blocks.append("{\n" + _template(filter_query).strip() + "\n}")
            bindings[variable] = ox.Literal(value) if name == "language" else bindable_iri(value)
    text = fill(_template("speakers"), {"filters": "\n".join(blocks)})
    vocab, _ = vocabulary_labels(store)
    people: dict[str, dict[str, set[str]]] = {}
    labels = Labels()
    for row in store.select(text, bindings=bindings, public_only=True):
        person = row["person"].value
        labels.add(person, row.get("personLabel"))
        entry = people.setdefault(person, {key: set() for key in _KEYS.values()})
        if "values" in row and row["values"].value:
            entry[_KEYS[row["property"].value]].update(row["values"].value.split(" "))
    result = []
    for person, entry in people.items():

        def named(key: str, entry: dict[str, set[str]] = entry) -> list[tuple[str, str]]:
            """(name, value) in the page's order: by name, a language by its name."""
            names = [
                (language_name(v, lang) if key == "languages" else vocab.get(v, lang), v)
                for v in entry[key]
            ]
            return sorted(names, key=lambda p: (sort_key(p[0]), p[1]))

        ordered = {key: named(key) for key in entry}
        result.append(
            {
                "iri": person,
                "label": labels.get(person, lang),
                **{key: [n for n, _ in found] for key, found in ordered.items()},
                "values": {key: [v for _, v in found] for key, found in ordered.items()},
            }
        )
    result.sort(key=lambda s: sort_key(s["label"]))
    return result


def facets(store: Store, lang: str, **chosen: str | None) -> dict[str, list[dict[str, Any]]]:
    """The facet counts as `explore.speaker_facets` gave them (values already checked):
    without filters from speaker-facets.rq, with filters by counting `speakers` under the
    other filters, a chosen value kept with 0. Ties in count and label by value."""
    vocab, _ = vocabulary_labels(store)
    keys = dict(zip(FILTERS, _KEYS.values(), strict=True))
    counts: dict[str, dict[str, int]] = {key: {} for key in keys.values()}
    if not any(chosen.values()):
        for row in store.select(_template("speaker-facets"), public_only=True):
            counts[_KEYS[row["property"].value]][row["value"].value] = int(row["count"].value)
    else:
        for name, key in keys.items():
            others = {f: v for f, v in chosen.items() if f != name}
            for person in speakers(store, lang, **others):
                for value in person["values"][key]:
                    counts[key][value] = counts[key].get(value, 0) + 1
            if chosen.get(name):
                counts[key].setdefault(chosen[name], 0)  # type: ignore[index]
    return {
        key: sorted(
            (
                {
                    "value": value,
                    "label": language_name(value, lang)
                    if key == "languages"
                    else vocab.get(value, lang),
                    "count": count,
                }
                for value, count in found.items()
            ),
            key=lambda v: (-v["count"], sort_key(v["label"]), v["value"]),
        )
        for key, found in counts.items()
    }


def without(store: Store, lang: str, **chosen: str | None) -> dict[str, int]:
    """For each chosen filter, how many speakers pass the others (the empty page's ways on)."""
    return {
        name: len(speakers(store, lang, **{f: v for f, v in chosen.items() if f != name}))
        for name, value in chosen.items()
        if value
    }
