"""Speakers and sites: the speaker directory of the office and the map of colonial history.

`speakers` and `speaker_facets` answer the directory of people an office can ask for
educational work (filtered by topic, language, format and region; the filter values are
bound, the filter blocks composed from `explore/speakers/*.rq`). No contact data is read:
requests go through the coordination office. `sites` gives the colonial-history sites for
the map and its list, each with the names the place carried.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from ..errors import UsageError, shown
from ..languages import check_lang, language_name
from ..resources import query
from ..store import Store, Term
from .compose import fill, fragment
from .lists import list_token, names_something
from .vocabulary import (
    KINDS,
    KNOWS_ABOUT,
    KNOWS_LANGUAGE,
    OFFERS_FORMAT,
    REGIONAL_FOCUS,
    Labels,
    bindable_iri,
    is_current,
    sort_key,
    term_value,
    vocabulary_labels,
)

_SPEAKER_FILTERS = {
    "topic": ("wantTopic", "explore/speakers/filter-topic"),
    "language": ("wantLanguage", "explore/speakers/filter-language"),
    "format": ("wantFormat", "explore/speakers/filter-format"),
    "region": ("wantRegion", "explore/speakers/filter-region"),
}
_SPEAKER_PROPERTIES = {
    KNOWS_ABOUT: "topics",
    KNOWS_LANGUAGE: "languages",
    OFFERS_FORMAT: "formats",
    REGIONAL_FOCUS: "regions",
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
            variable, filter_query = _SPEAKER_FILTERS[name]
            blocks.append(fragment(filter_query))
            bindings[variable] = ox.Literal(value) if name == "language" else bindable_iri(value)
    text = fill(query("explore/speakers"), {"filters": "\n".join(blocks)})
    vocab, _ = vocabulary_labels(store)
    people: dict[str, dict[str, Any]] = {}
    labels = Labels()
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
                # The IRIs (and codes) behind the names: what the filters and facets take.
                "values": {key: sorted(found) for key, found in entry.items()},
            }
        )
    result.sort(key=lambda s: sort_key(s["label"]))
    return result


def speaker_facets(
    store: Store,
    lang: str,
    *,
    topic: str | None = None,
    language: str | None = None,
    format: str | None = None,
    region: str | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """What the speaker filters can offer: each topic, language, format and region that at
    least one speaker offers, with the number of speakers.

    With filters chosen, each facet counts the speakers that pass the *other* chosen
    filters (as the lists' facets do), so a count says how many a choice would show; a
    chosen value stays listed even when no speaker is left for it."""
    check_lang(lang)
    vocab, _ = vocabulary_labels(store)
    chosen = {"topic": topic, "language": language, "format": format, "region": region}
    keys = dict(zip(_SPEAKER_FILTERS, _SPEAKER_PROPERTIES.values(), strict=True))
    for name, value in chosen.items():
        # A value that names nothing (a typo, text where an address belongs) would show an
        # empty directory with a filter that means nothing: refused by name.
        if value and not names_something(store, name, value):
            quoted = shown(value, 80)
            raise UsageError(
                f"{quoted} ist kein Wert für {name!r}; welche Werte es gibt, zeigen die Filter "
                "des Verzeichnisses.",
                f"{quoted} is no value of {name!r}; the directory's filters show the values "
                "there are.",
                where=name,
            )
    counts: dict[str, dict[str, int]] = {key: {} for key in keys.values()}
    if not any(chosen.values()):
        for row in store.select(query("explore/speaker-facets"), public_only=True):
            key = _SPEAKER_PROPERTIES[row["property"].value]
            counts[key][row["value"].value] = int(row["count"].value)
    else:
        for name, key in keys.items():
            others = {f: v for f, v in chosen.items() if f != name}
            for person in speakers(store, lang, **others):
                for value in person["values"][key]:
                    counts[key][value] = counts[key].get(value, 0) + 1
            if chosen[name]:
                counts[key].setdefault(chosen[name], 0)  # type: ignore[index]
    facets: dict[str, list[dict[str, Any]]] = {}
    for key, found in counts.items():
        facets[key] = sorted(
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
            key=lambda v: (-v["count"], sort_key(v["label"])),
        )
    return facets


# ---- sites ----------------------------------------------------------------------------------


def sites(store: Store, lang: str) -> list[dict[str, Any]]:
    """The colonial-history sites for the map and its list: where, what, and which names
    the place carried (the current one and the former ones, oldest first)."""
    check_lang(lang)
    # What it shows beyond the rows it reads: which entities are sites (a new site touches
    # none of them; `touched.touched` names this token for it).
    Store.note_reads([list_token("sites")])
    vocab, _ = vocabulary_labels(store)
    labels = Labels()
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
                "start": term_value(row.get("start")),
                "end": term_value(row.get("end")),
                # A name another name replaces is a former one, whatever its end date says.
                "replaced": "successor" in row,
            }
        )

    result = []
    for iri, site in found.items():
        history = sorted(namings.get(iri, []), key=lambda n: (n["start"] or "", n["name"]))
        current = [n for n in history if is_current(n["end"]) and not n["replaced"]]
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
                    dict.fromkeys(
                        n["name"] for n in history if n["replaced"] or not is_current(n["end"])
                    )
                ),
            }
        )
    result.sort(key=lambda s: sort_key(s["label"]))
    return result
