"""What the search index reads from the public graphs: whole scans, or one entity at a time.

A full build reads every text, type and link in three scans (`scan`). After a commit the
index re-reads only the entities the change touched (`touched`, then `read_entity`), with the
same queries and the entity's IRI bound, so both ways see the same statements and the same
rules apply to them (`targets`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from babel import Locale, UnknownLocaleError

from ..memory import one_copy
from ..namespaces import AG, AGV, ORG, PROV, RDF, RDFS, SCHEMA, SKOS
from ..resources import query
from ..store import Change, Store

#: Which text fields exist. Their order is their code in the index, and breaks ties: an
#: alternative label beats a former name that matches as well.
#: After the topic: what a speaker offers (the languages of the profile, by their names, and
#: the role "Referent*in"); a format of a profile matches as a linked concept, like a topic.
#: "several" is no text: a hit whose query words each matched a different text (`explained`).
#: "display" is a name to show, not to find by: the vocabulary's rdfs:label. A class found by
#: another name was shown by its local name ("TrainingOffer"), and found by rdfs:label the
#: ontology's properties stood above every other hit for "Name" or "Referentin".
FIELDS = (
    "label", "alt_label", "naming", "description", "topic", "language", "role", "several",
    "display",
)  # fmt: skip
FIELD_CODES = {name: i for i, name in enumerate(FIELDS)}
LABEL, ALT, NAMING, DESCRIPTION, TOPIC, LANGUAGE, ROLE, SEVERAL, DISPLAY = range(len(FIELDS))
#: The words a speaker is found by, beside their name ("Referentin Kolonialgeschichte"), in
#: the singular and the plural: the English interface calls them "Speakers", and "speakers
#: French" found none of them (exploratory test).
SPEAKER_WORDS = (
    "Referentin Referent Referentinnen Referenten Speaker Speakers "
    "Expertin Experte Expertinnen Experten Expert Experts"
)

FIELD_OF_PROPERTY = {
    SKOS + "prefLabel": "label",
    RDFS + "label": "display",
    SKOS + "altLabel": "alt_label",
    SCHEMA + "name": "alt_label",
    "http://purl.org/dc/terms/description": "description",
}
NAME_PROPERTY = SCHEMA + "name"
#: Helper nodes that are not worth a search hit of their own; their texts either belong to
#: another entity (a site's former names; a statement's note, which its subject's page shows
#: as a footnote) or repeat other labels ("Membership: A in B"). An rdf:Statement has no name:
#: it was found as "anna-mungunda-allee-1986-honours-hans-peters".
SKIPPED_TYPES = frozenset(
    {
        RDF + "Statement",
        ORG + "Membership",
        AG + "SpeakerProfile",
        AG + "SiteNaming",
        PROV + "Activity",
        SKOS + "ConceptScheme",
        "http://www.w3.org/2002/07/owl#Ontology",
    }
)
TOPIC_SCHEME = AGV + "topics"
_HAS_NAMING = ox.NamedNode(AG + "hasNaming")
_HAS_PROFILE = ox.NamedNode(AG + "hasSpeakerProfile")
_KNOWS_ABOUT = SCHEMA + "knowsAbout"
#: A statement of a speaker profile with one of these changes what finds its person.
_PROFILE_PROPERTIES = frozenset(
    {_KNOWS_ABOUT, SCHEMA + "knowsLanguage", AG + "offersFormat", AG + "regionalFocus"}
)
_SUBCLASS_OF = RDFS + "subClassOf"

#: One text an entity is found by: (field code, language, text, whether it is a schema:name).
Text = tuple[int, str, str, bool]


@dataclass
class Entity:
    """What the public graphs say about one IRI, as far as the search index cares."""

    iri: str
    types: tuple[str, ...] = ()
    topics: frozenset[str] = frozenset()
    topic_concept: bool = False
    texts: list[Text] = field(default_factory=list)
    #: The formats of a speaker's profile (found by their labels, as topics are).
    formats: frozenset[str] = frozenset()
    #: The regional focus of a speaker's profile ("Referentin Zentralafrika"), as formats.
    regions: frozenset[str] = frozenset()
    #: The languages of a speaker's profile (codes); None for anyone who is no speaker.
    languages: frozenset[str] | None = None


def language_names(code: str) -> str:
    """What a language code is found by: its name in German, in English and in itself
    ("fr": "Französisch French français"), from the CLDR data Babel carries."""
    names = [code]
    for locale in ("de", "en", code.split("-")[0]):
        try:
            name = Locale.parse(locale).languages.get(code.split("-")[0])
        except (ValueError, UnknownLocaleError):
            continue
        if name and name not in names:
            names.append(name)
    return " ".join(names)


def speaker_texts(languages: Iterable[str]) -> list[Text]:
    """The texts of a speaker beside their own: the role, and each language by its names."""
    texts: list[Text] = [(ROLE, "", SPEAKER_WORDS, False)]
    texts += [(LANGUAGE, "", language_names(code), False) for code in sorted(languages)]
    return texts


def targets(iri: str, prop: str, sites: Iterable[str] | None) -> list[tuple[str, int]]:
    """Which entity a text of `iri` by property `prop` finds, and in which field.

    A name of a site naming (a former or current street name) finds the site, as "naming",
    and every site that has that naming; the naming's other texts find nothing.
    """
    field_name = FIELD_OF_PROPERTY[prop]
    if sites:
        return [(site, NAMING) for site in sites] if field_name == "alt_label" else []
    return [(iri, FIELD_CODES[field_name])]


def scan(store: Store, name: str) -> Iterator[ox.QuerySolution]:
    """One of the index's whole-data scans, `explore/NAME.rq`, over the public graphs."""
    return store.rows(query(f"explore/{name}"), public_only=True, max_rows=Store.SCAN_ROWS)


def _rows(store: Store, name: str, node: ox.NamedNode) -> Iterator[ox.QuerySolution]:
    """The same query with the subject bound: one entity's rows."""
    return store.rows(query(f"explore/{name}"), bindings={"subject": node}, public_only=True)


def _public_subjects(
    store: Store, predicate: ox.NamedNode, obj: ox.NamedNode | ox.BlankNode
) -> set[str]:
    """IRIs with `predicate` to `obj` in a public graph (a pattern, looked up in the index)."""
    return {
        q.subject.value
        for q in store.quads(None, predicate, obj)
        if isinstance(q.subject, ox.NamedNode) and store.is_public_graph(q.graph_name)
    }


def read_entity(store: Store, iri: str) -> Entity:
    """Everything the index holds about `iri`, read now from the public graphs."""
    node = ox.NamedNode(iri)
    entity = Entity(iri)
    entity.types = tuple(sorted({row["type"].value for row in _rows(store, "search-types", node)}))
    topics: set[str] = set()
    formats: set[str] = set()
    regions: set[str] = set()
    namings: set[str] = set()
    for row in _rows(store, "search-links", node):
        obj, link = row["object"], row["link"].value
        if not isinstance(obj, ox.NamedNode):
            continue
        if link == "topic":
            topics.add(obj.value)
        elif link == "format":
            formats.add(obj.value)
        elif link == "region":
            regions.add(obj.value)
        elif link == "naming":
            namings.add(obj.value)
        elif link == "scheme" and obj.value == TOPIC_SCHEME:
            entity.topic_concept = True
    entity.topics = frozenset(topics)
    entity.formats = frozenset(formats)
    entity.regions = frozenset(regions)
    speaker_rows = list(_rows(store, "search-speakers", node))
    if speaker_rows:
        entity.languages = frozenset(
            r["language"].value for r in speaker_rows if isinstance(r["language"], ox.Literal)
        )
    sites = sorted(_public_subjects(store, _HAS_NAMING, node))
    if not sites:
        entity.texts += _texts(store, node, iri, None)
    if entity.languages is not None:
        entity.texts += speaker_texts(entity.languages)
    for naming in sorted(namings):
        entity.texts += _texts(store, ox.NamedNode(naming), iri, [iri])
    return entity


def _texts(store: Store, node: ox.NamedNode, iri: str, sites: list[str] | None) -> list[Text]:
    found = []
    for row in _rows(store, "search-texts", node):
        text = row["text"]
        if not isinstance(text, ox.Literal):
            continue
        prop = row["property"].value
        for _, code in targets(iri, prop, sites):
            found.append((code, language_tag(text), text.value, prop == NAME_PROPERTY))
    return found


def language_tag(text: ox.Literal) -> str:
    """A text's language tag ("" for none), one string object per tag: the engine gives a
    new one with every row, and the index keeps one per text (203,779 at the 1M district,
    three tags among them: 10 MB)."""
    return one_copy(text.language) if text.language else ""


def touched(store: Store, change: Change, limit: int) -> tuple[set[str] | None, bool]:
    """The IRIs whose index entries `change` may alter, and whether it changed the class
    hierarchy (the kinds of everything). None instead of the IRIs when there are more than
    `limit`: a bulk load, for which one full build is cheaper than entity by entity.

    An entity's entries depend on its own statements, on the names of its site namings, and
    on the topics, languages, formats and regions of its speaker profile; so a statement about a
    naming or a profile touches the site or the person it belongs to as well.
    """
    iris: set[str] = set()
    hierarchy = False
    nodes: set[ox.NamedNode | ox.BlankNode] = set()
    profiles: set[ox.NamedNode | ox.BlankNode] = set()
    for q in _public_quads(store, change):
        subject, predicate, obj = q.subject, q.predicate.value, q.object
        if isinstance(subject, ox.NamedNode):
            iris.add(subject.value)
            if predicate in FIELD_OF_PROPERTY:
                nodes.add(subject)
        if predicate == _HAS_NAMING.value and isinstance(obj, ox.NamedNode):
            iris.add(obj.value)
        elif predicate in _PROFILE_PROPERTIES and isinstance(subject, ox.NamedNode | ox.BlankNode):
            profiles.add(subject)
        elif predicate == _SUBCLASS_OF:
            hierarchy = True
        if len(iris) > limit:
            return None, hierarchy
    for node in nodes:
        iris |= _public_subjects(store, _HAS_NAMING, node)
    for profile in profiles:
        iris |= _public_subjects(store, _HAS_PROFILE, profile)
    return (iris if len(iris) <= limit else None), hierarchy


def _public_quads(store: Store, change: Change) -> Iterator[ox.Quad]:
    yield from (q for q in change.remove if store.is_public_graph(q.graph_name))
    if isinstance(change.add, list):
        yield from (q for q in change.add if store.is_public_graph(q.graph_name))
        return
    for graph in change.add.named_graphs():  # a load's in-memory store
        if store.is_public_graph(graph):
            yield from change.add.quads_for_pattern(None, None, None, graph)
