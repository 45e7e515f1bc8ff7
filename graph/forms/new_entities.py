"""Where a new entity goes: its IRI by the documented rule (docs/model.md, "IRIs"), and the
graph that receives its values. Forms and imports name new entities the same way.

A living person gets an opaque IRI and starts in an internal graph: a name in an IRI would
publish it before the person's consent is recorded. Anything else gets a readable slug of its
German name under its class's segment, numbered on when the IRI is taken in the store or by
a waiting draft.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from ..changes.history import History
from ..commit import Writer
from ..explore.vocabulary import last_segment
from ..namespaces import AG, AGV, FOAF, HISTORICAL_PERSON_CLASS, ORG, SCHEMA, SKOS
from ..naming import opaque_person_iri, opaque_slug, slugify
from ..store import Store
from .model import FormModels
from .values import Current

#: Where new entities go (docs/workspace.md): public data, and living persons internally.
PUBLIC_GRAPH = "public/workspace"
INTERNAL_GRAPH = "internal/workspace"

#: The path segment of new entities' IRIs by class (docs/model.md, "IRIs"); subclasses take
#: their superclass's segment. A class not listed takes its own name, slugified.
SEGMENTS: dict[str, str] = {
    ORG + "Organization": "organisation",
    FOAF + "Person": "person",
    AG + "Cooperation": "cooperation",
    SCHEMA + "Project": "project",
    SCHEMA + "Event": "event",
    AG + "ColonialHistorySite": "site",
    AG + "SiteNaming": "naming",
    AG + "NamingStep": "naming-step",
    ORG + "Membership": "membership",
    AG + "SpeakerProfile": "profile",
    SCHEMA + "AdministrativeArea": "place",
}


def segment_for(models: FormModels, cls: str) -> str:
    for candidate in [cls, *sorted(models.superclasses.get(cls, ()))]:
        if candidate in SEGMENTS:
            return SEGMENTS[candidate]
    return slugify(last_segment(cls)) or "entity"


def is_living_person_class(models: FormModels, cls: str) -> bool:
    supers = models.superclasses.get(cls, frozenset({cls}))
    return FOAF + "Person" in supers and HISTORICAL_PERSON_CLASS not in supers


def new_iri(writer: Writer, models: FormModels, cls: str, name: str) -> str:
    """A new entity's IRI: opaque for a living person, else `{base}{segment}/{slug}` of its
    German name (a topic: `{agv}topic/{slug}`), with "-2", "-3" ... if it is taken (in the
    store or by a waiting draft)."""
    store = writer.store
    drafts = iris_in_drafts(writer.history)
    return mint_iri(
        store.base_iri, models, cls, name, lambda iri: iri in drafts or store.mentions(iri)
    )


def mint_iri(
    base_iri: str, models: FormModels, cls: str, name: str, taken: Callable[[str], bool]
) -> str:
    """The naming rule itself (docs/model.md, "IRIs"), for forms and imports alike: opaque
    for a living person, else the slug of the name under the class's segment, "-2", "-3" ...
    while `taken` says the IRI is in use; a name without a Latin letter or digit gets the
    segment and a short random part."""
    if is_living_person_class(models, cls):
        return opaque_person_iri(base_iri)
    segment = segment_for(models, cls)
    base = AGV + "topic/" if cls == SKOS + "Concept" else f"{base_iri}{segment}/"
    slug = slugify(name)
    if not slug:
        slug = opaque_slug(segment)
    elif not slug[0].isalpha():
        slug = f"{segment}-{slug}"
    candidate, n = base + slug, 1
    while taken(candidate):
        n += 1
        candidate = f"{base}{slug}-{n}"
    return candidate


def iris_in_drafts(history: History) -> set[str]:
    """The IRIs that waiting drafts touch (a new IRI must not collide with one of them)."""
    return set(history.waiting_by_entity())


def home_graph(store: Store, models: FormModels, cls: str, current: Current) -> ox.NamedNode:
    """Where new values of an entity go: the graph of its type (a public one first)."""
    graphs = [g for gs in current.types.values() for g in gs]
    public = [g for g in graphs if g.startswith(store.public_prefix)]
    if public or graphs:
        return ox.NamedNode(sorted(public or graphs)[0])
    name = INTERNAL_GRAPH if is_living_person_class(models, cls) else PUBLIC_GRAPH
    return ox.NamedNode(store.graph_iri(name))
