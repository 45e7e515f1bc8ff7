"""The dataset description as a person reads it: what `/catalog` and `/.well-known/void` show a
browser, where a harvester gets the RDF of `description`.

A visitor who follows "Dataset description" in a page's footer is a person, not a harvester:
the RDF alone (a browser asks for XML before anything else, so it got RDF/XML) told them
nothing. The page is built from the same settings and the same counts as the RDF, so the two
never disagree.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ..explore import pick_label, vocabulary_labels
from ..explore.vocabulary import web_address
from ..namespaces import OWL, RDF, RDFS, curie
from ..resources import query
from ..store import Store
from .description import LINK_TARGETS, SPARQL_PATH, Statistics, dataset_iri, office_mailbox
from .distributions import DOWNLOAD_ROOT, DUMP_FILES
from .settings import LICENCES, PublicationSettings

#: The update frequencies of the EU table (settings.FREQUENCIES) in words.
FREQUENCY_NAMES: dict[str, tuple[str, str]] = {
    "CONT": ("laufend", "continuous"),
    "DAILY": ("täglich", "daily"),
    "WEEKLY": ("wöchentlich", "weekly"),
    "MONTHLY": ("monatlich", "monthly"),
    "QUARTERLY": ("vierteljährlich", "quarterly"),
    "ANNUAL": ("jährlich", "annually"),
    "IRREG": ("unregelmäßig, mit jeder Veröffentlichung", "irregularly, with each publication"),
    "UNKNOWN": ("unbekannt", "unknown"),
}

#: The classes a page lists by their number of entities (the RDF lists all of them).
SHOWN_CLASSES = 12
#: Classes of the vocabulary's own description (rdf:Property, owl:Class, ...): the RDF
#: counts them, the page lists what the office's data holds (they crowded it out of a new
#: office's page, and have no names in German).
_SCHEMA_NAMESPACES = (RDF, RDFS, OWL)


def _in(lang: str, pair: tuple[str, str]) -> str:
    return pair[0] if lang == "de" else pair[1]


#: The DCAT-AP.de geocoding of a federal state (`.../politicalGeocoding/stateKey/NN`), by the
#: two digits of the official regional key (Amtlicher Gemeindeschlüssel) that name the state.
_GEOCODING = "http://dcat-ap.de/def/politicalGeocoding/"
_STATES = {
    "01": ("Schleswig-Holstein", "Schleswig-Holstein"),
    "02": ("Hamburg", "Hamburg"),
    "03": ("Niedersachsen", "Lower Saxony"),
    "04": ("Bremen", "Bremen"),
    "05": ("Nordrhein-Westfalen", "North Rhine-Westphalia"),
    "06": ("Hessen", "Hesse"),
    "07": ("Rheinland-Pfalz", "Rhineland-Palatinate"),
    "08": ("Baden-Württemberg", "Baden-Württemberg"),
    "09": ("Bayern", "Bavaria"),
    "10": ("Saarland", "Saarland"),
    "11": ("Berlin", "Berlin"),
    "12": ("Brandenburg", "Brandenburg"),
    "13": ("Mecklenburg-Vorpommern", "Mecklenburg-Western Pomerania"),
    "14": ("Sachsen", "Saxony"),
    "15": ("Sachsen-Anhalt", "Saxony-Anhalt"),
    "16": ("Thüringen", "Thuringia"),
}
#: The other levels' keys, named by what they are: "Gemeindeschlüssel 110000000000".
_KEY_NAMES = {
    "districtKey": ("Kreisschlüssel", "district key"),
    "municipalityKey": ("Gemeindeschlüssel", "municipality key"),
    "regionalKey": ("Regionalschlüssel", "regional key"),
    "municipalAssociationKey": ("Gemeindeverbandsschlüssel", "municipal association key"),
}


def geocoding_name(iri: str, lang: str) -> str | None:
    """A place of the DCAT-AP.de geocoding in words: a state by its name ("Berlin" for
    `.../stateKey/11`), a key of another level by its kind and number; None for others."""
    if not iri.startswith(_GEOCODING):
        return None
    level, _, key = iri.removeprefix(_GEOCODING).partition("/")
    if level == "stateKey" and key in _STATES:
        return _in(lang, _STATES[key])
    if level in _KEY_NAMES and key:
        return f"{_in(lang, _KEY_NAMES[level])} {key}"
    return None


def _place_names(store: Store, iris: tuple[str, ...], lang: str) -> list[dict[str, str]]:
    """The coverage's places with their public names; one without by the geocoding's name
    ("Berlin" for ".../stateKey/11"), else by its address, never by its last segment
    ("11")."""
    places = []
    for iri in iris:
        rows = store.select(
            query("forms/labels-of"), bindings={"value": ox.NamedNode(iri)}, public_only=True
        )
        names = {(r["label"].language or ""): r["label"].value for r in rows}
        name = pick_label(names, lang) if names else geocoding_name(iri, lang) or web_address(iri)
        places.append({"iri": iri, "name": name, "ours": iri.startswith(store.base_iri)})
    return places


def overview(
    store: Store, settings: PublicationSettings, stats: Statistics, site: str, lang: str
) -> dict[str, Any]:
    """What the page shows, in `lang`: who publishes what under which licence, how to get it
    (files, endpoint), how much there is (the VoID counts) and the addresses of the RDF."""
    root = site.rstrip("/")
    vocabulary = vocabulary_labels(store)[0]
    classes = sorted(
        ((iri, n) for iri, n in stats.classes.items() if not iri.startswith(_SCHEMA_NAMESPACES)),
        key=lambda item: (-item[1], item[0]),
    )
    start = settings.temporal_start or stats.temporal[0]
    end = settings.temporal_end or stats.temporal[1]
    return {
        "title": pick_label(settings.title, lang),
        "description": pick_label(settings.description, lang),
        "dataset": dataset_iri(store),
        "publisher": {"name": settings.publisher_name, "iri": settings.publisher_iri},
        "contact": {
            "name": settings.contact_name or settings.publisher_name,
            "email": office_mailbox(store, settings),
            "url": settings.contact_url,
        },
        "licence": {"iri": settings.licence, "name": _in(lang, LICENCES[settings.licence])},
        "attribution": settings.attribution_text,
        "period": {"start": (start or "")[:10] or None, "end": (end or "")[:10] or None},
        "frequency": _in(lang, FREQUENCY_NAMES.get(settings.frequency, (settings.frequency,) * 2)),
        "places": _place_names(store, settings.spatial, lang),
        "files": [
            {"title": _in(lang, (d.title_de, d.title_en)), "url": root + d.latest_path}
            for d in DUMP_FILES
        ],
        "downloads": root + DOWNLOAD_ROOT,
        "endpoint": root + SPARQL_PATH,
        "counts": {
            "triples": stats.triples,
            "entities": stats.entities,
            "classes": len(stats.classes),
            "properties": stats.properties,
        },
        "classes": [
            {"iri": iri, "name": vocabulary.get(iri, lang), "entities": n}
            for iri, n in classes[:SHOWN_CLASSES]
        ],
        "links": [
            {"target": LINK_TARGETS[key][1], "property": curie(predicate), "triples": n}
            for (key, predicate), n in sorted(stats.links.items())
        ],
    }


__all__ = ["FREQUENCY_NAMES", "overview"]
