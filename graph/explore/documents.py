"""What an entity page shows beyond its own statements, as LodView shows it: the statements
that link to it (grouped by property, capped), and for a vocabulary term its labels and
comments in every interface language, and the terms a hash-namespace document defines.

The RDF twin gets the same links from `akteursgraph.linked_data`; this module only names
them for the reader's language (German first, falling back to the other language).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from .. import linked_data
from ..languages import LANGUAGES
from ..namespaces import DCTERMS, OWL, RDF, RDFS, SKOS
from ..store import Store
from .story import spoken_period
from .vocabulary import Labels, class_hierarchy, is_instant, sort_key

#: Types that make an entity a vocabulary term, whose page shows labels and comments in
#: every interface language side by side.
TERM_TYPES = frozenset(
    {
        OWL + "Ontology",
        OWL + "Class",
        RDFS + "Class",
        RDF + "Property",
        OWL + "ObjectProperty",
        OWL + "DatatypeProperty",
        OWL + "AnnotationProperty",
        SKOS + "Concept",
        SKOS + "ConceptScheme",
    }
)
_TERM_LABELS = (SKOS + "prefLabel", RDFS + "label", DCTERMS + "title")
_TERM_COMMENTS = (RDFS + "comment", SKOS + "definition", DCTERMS + "description")


def incoming_links(store: Store, iri: str, lang: str, vocab: Labels) -> dict[str, Any]:
    """The statements that link to `iri`, grouped by property, each subject named.

    At most `linked_data.INCOMING_CAP` links; `total` says how many there are and `query`
    is the SPARQL that lists them all (the page's "more …" link)."""
    found = linked_data.incoming(store, iri)
    labels = Labels()
    for subject, candidates in found.labels.items():
        for _prop, label in candidates:
            labels.add(subject, label)
    groups: dict[str, list[dict[str, Any]]] = {}
    hierarchy = class_hierarchy(store)
    for subject, predicate in found.links:
        date = found.dates.get(subject)
        instant = is_instant(found.types.get(subject, ()), hierarchy)
        groups.setdefault(predicate, []).append(
            {
                "iri": subject,
                "label": labels.get(subject, lang),
                "date": date,
                # As on the subject's own page: "seit 2. Dezember 2022" for a naming in
                # force, "am 8. August 1914" for an event (it read "2. Dezember 2022").
                "when": spoken_period(date, found.ends.get(subject), lang, instant=instant)
                if date
                else None,
            }
        )
    return {
        "groups": sorted(
            (
                {
                    "predicate": predicate,
                    "predicate_label": vocab.get(predicate, lang),
                    # Dated ones (a naming's steps, events) by their dates, after the others.
                    "subjects": sorted(
                        subjects, key=lambda s: (s["date"] or "", sort_key(s["label"]))
                    ),
                }
                for predicate, subjects in groups.items()
            ),
            key=lambda group: sort_key(group["predicate_label"]),
        ),
        "shown": len(found.links),
        "total": found.total,
        "cap": linked_data.INCOMING_CAP,
        "query": linked_data.incoming_query(iri) if found.more else None,
    }


def term_texts(
    types: Iterable[str], statements: Iterable[tuple[str, Any, Any]]
) -> dict[str, dict[str, str]] | None:
    """Label and comment of a vocabulary term per interface language, or None when the
    entity is not a term (a page of the data shows one language, a term's page both)."""
    if not TERM_TYPES & set(types):
        return None
    texts: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for kind, predicates in (("label", _TERM_LABELS), ("comment", _TERM_COMMENTS)):
        for predicate in predicates:
            for p, value, _c in statements:
                if p == predicate and isinstance(value, ox.Literal) and value.language in texts:
                    texts[value.language].setdefault(kind, value.value)
    return texts if any(texts.values()) else None


def defined_terms(store: Store, iri: str, lang: str) -> list[dict[str, Any]]:
    """The terms a hash-namespace document (the ontology) defines, each with its fragment
    (the page's anchor, so that `ontology#Street` lands on its entry) and its label and
    comment in every interface language; sorted by the label in `lang`."""
    terms = []
    for term, texts in linked_data.defined_term_texts(store, iri).items():
        fragment = term.split("#", 1)[1]
        terms.append(
            {
                "iri": term,
                "fragment": fragment,
                "label": texts["label"].get(lang) or next(iter(texts["label"].values()), fragment),
                "texts": {
                    tag: {"label": texts["label"].get(tag), "comment": texts["comment"].get(tag)}
                    for tag in LANGUAGES
                },
            }
        )
    return sorted(terms, key=lambda t: sort_key(t["label"]))
