"""The types the reconciliation service offers: classes of the model, named by the ontology.

A type's id is the class IRI (`http://www.w3.org/ns/org#Organization`); a prefixed name
(`org:Organization`) is accepted too. The default types are the kinds of the explorer's
lists that a list in a spreadsheet holds (organisations, persons, projects, events, sites,
topics); every class with an edit form is a type as well, except the helper nodes that
search leaves out too (memberships, speaker profiles, site namings).
"""

from __future__ import annotations

from typing import Any

from ..explore import KINDS, last_segment, pick_label
from ..forms.model import load_forms
from ..search.reading import SKIPPED_TYPES

#: The kinds offered as OpenRefine's default choices, in this order.
DEFAULT_KINDS = ("organisations", "people", "projects", "events", "sites", "topics")


def type_names(iri: str) -> dict[str, str]:
    """The class's labels by language, from the ontology (or its form)."""
    models = load_forms()
    names = models.term_labels.get(iri) or {}
    if not names and iri in models.forms:
        names = models.forms[iri].label
    return dict(names)


def type_entry(iri: str, lang: str) -> dict[str, Any]:
    """{id, name} of a class, as the protocol writes a type."""
    return {"id": iri, "name": pick_label(type_names(iri), lang, iri) or last_segment(iri)}


def default_types(lang: str) -> list[dict[str, Any]]:
    return [type_entry(KINDS[kind], lang) for kind in DEFAULT_KINDS]


def all_types() -> list[str]:
    """Every class offered as a type: the default ones first, then the others by IRI."""
    models = load_forms()
    first = [KINDS[kind] for kind in DEFAULT_KINDS]
    others = sorted(c for c in models.forms if c not in first and c not in SKIPPED_TYPES)
    return first + others
