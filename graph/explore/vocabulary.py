"""Kinds, labels and the vocabulary: the words every explorer page is made of.

Which classes make a kind of the lists (`KINDS`) and how a resource is sorted into one
(`kind_of`, over the class hierarchy of the public vocabulary); how one label is picked for
the reader's language from the candidates a query returns (`pick_label`, `Labels`); the
labels and notations of the vocabulary terms (`vocabulary_labels`); and the small helpers
that turn query terms into the plain values the pages show (dates, sort keys).

Every other module of the explorer builds on this one; it imports none of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache

import pyoxigraph as ox

from ..languages import fallback
from ..namespaces import AG, DCTERMS, FOAF, ORG, RDFS, SCHEMA, SKOS
from ..operations import VOCABULARY_GRAPH
from ..people.contact import contact_value, is_contact_iri
from ..resources import query
from ..store import Store, Term

#: URL kind -> class IRI. Subclasses count as members (rdfs:subClassOf* in the public
#: vocabulary graph); "topics" are only the concepts of the scheme agv:topics.
KINDS: dict[str, str] = {
    "organisations": ORG + "Organization",
    "people": FOAF + "Person",
    "projects": SCHEMA + "Project",
    "events": SCHEMA + "Event",
    "cooperations": AG + "Cooperation",
    "topics": SKOS + "Concept",
    "sites": AG + "ColonialHistorySite",
}

# Properties more than one page reads (each module keeps the ones only it needs).
PREF_LABEL = SKOS + "prefLabel"
DESCRIPTION = DCTERMS + "description"
LABEL_PREDICATES = (PREF_LABEL, SCHEMA + "name", RDFS + "label")
_LABEL_RANK = {predicate: rank for rank, predicate in enumerate(LABEL_PREDICATES)}
KNOWS_ABOUT = SCHEMA + "knowsAbout"
KNOWS_LANGUAGE = SCHEMA + "knowsLanguage"
#: The properties whose values are language codes ("de", "fr"), which pages show by name.
LANGUAGE_CODED = frozenset({KNOWS_LANGUAGE, SCHEMA + "inLanguage"})
OFFERS_FORMAT = AG + "offersFormat"
REGIONAL_FOCUS = AG + "regionalFocus"


# ---- labels ----------------------------------------------------------------------------


def last_segment(iri: str) -> str:
    """The last path segment or fragment of an IRI: the label of last resort."""
    tail = re.split(r"[/#]", iri.rstrip("/#"))[-1]
    return tail or iri


def web_address(iri: str) -> str:
    """An address elsewhere as people read it, where it has no name: host and path, without
    the scheme ("betrug.example.net/www.berlin.de"). Its last segment alone would hide the
    host, and a reviewer must see which site a link goes to. An e-mail address or a
    telephone number is shown as written ("amani.njeri@example.org", not "mailto:…")."""
    if is_contact_iri(iri):  # contact data: the address or number itself
        return contact_value(iri)
    host_and_path = iri.split("://", 1)[1] if "://" in iri else iri
    return host_and_path.rstrip("/") or iri


def pick_label(candidates: Mapping[str, str], lang: str, iri: str | None = None) -> str:
    """The label in `lang`, else in the other UI language, else any (stable choice), else
    the IRI's last segment. `candidates` maps language tag ("" for none) to label."""
    return pick_tagged(candidates, lang)[0] or (last_segment(iri) if iri else "")


def described(candidates: Mapping[str, str], lang: str) -> dict[str, str | None]:
    """An entry's `description` as a page shows it and its `description_lang`, which the
    page marks where it is another than its own (None for none)."""
    text, tag = pick_tagged(candidates, lang)
    return {"description": text or None, "description_lang": tag or None}


def pick_tagged(candidates: Mapping[str, str], lang: str) -> tuple[str, str]:
    """The text `pick_label` picks and its language tag ("", "" for none): a page shows a
    description given only in German on its English side too, and must mark it so (WCAG
    3.1.2; an editor's German-only description took on the English page's language)."""
    for tag in (lang, fallback(lang)):
        if candidates.get(tag):
            return candidates[tag], tag
    for tag in sorted(candidates):
        if candidates[tag]:
            return candidates[tag], tag
    return "", ""


def label_rank(predicate: str) -> int:
    """Where a label property stands in `LABEL_PREDICATES`, the order in which labels are
    preferred in one language. The queries that read a value's labels by any of them (a
    FILTER over the value's statements: half the time of three lookups at the 1M district)
    get them in the engine's order of its index, which is not this one: their users sort
    by it."""
    return _LABEL_RANK.get(predicate, len(LABEL_PREDICATES))


def lang_of(term: Term) -> str:
    """The language tag of a literal ("" for none, and for anything that is not a literal)."""
    return (term.language or "") if isinstance(term, ox.Literal) else ""


class Labels:
    """Label candidates per resource, collected from query rows, picked per language."""

    def __init__(self) -> None:
        self._by_iri: dict[str, dict[str, str]] = defaultdict(dict)

    def add(self, iri: str, label: Term | None) -> None:
        if isinstance(label, ox.Literal):
            # First candidate per language wins; rows come in a stable order per query.
            self._by_iri[iri].setdefault(lang_of(label), label.value)

    def update(self, other: Mapping[str, Mapping[str, str]]) -> None:
        for iri, labels in other.items():
            for tag, text in labels.items():
                self._by_iri[iri].setdefault(tag, text)

    def get(self, iri: str, lang: str) -> str:
        return pick_label(self._by_iri.get(iri, {}), lang, iri)

    def all(self, iri: str) -> dict[str, str]:
        return dict(self._by_iri.get(iri, {}))


def entity_labels(store: Store, iris: Iterable[str]) -> Labels:
    """Label candidates of a few resources, one bound lookup each (fast for a page)."""
    labels = Labels()
    text = query("explore/entity-statements")
    for iri in dict.fromkeys(iris):
        for row in store.select(text, bindings={"entity": bindable_iri(iri)}, public_only=True):
            if row["predicate"].value in LABEL_PREDICATES:
                labels.add(iri, row["value"])
    return labels


def vocabulary_labels(store: Store) -> tuple[Labels, dict[str, str]]:
    """Labels of every vocabulary term (skos:prefLabel before rdfs:label) and the
    skos:notation of each (the SDG numbers). A few hundred rows, but read by every page: kept
    until the store's next write (`Store.derived`; a third of an entity page's time was
    this read). Callers must not change what they get."""
    return store.derived("vocabulary-labels", lambda: _read_vocabulary_labels(store))


def _read_vocabulary_labels(store: Store) -> tuple[Labels, dict[str, str]]:
    rows = store.select(
        query("explore/vocabulary-labels"),
        bindings={"vocabulary": ox.NamedNode(store.graph_iri(VOCABULARY_GRAPH))},
        public_only=True,
    )
    labels = Labels()
    notations: dict[str, str] = {}
    for kind in ("pref", "rdfs"):
        for row in rows:
            if row["kind"].value == kind and isinstance(row["term"], ox.NamedNode):
                labels.add(row["term"].value, row["label"])
    for row in rows:
        if row["kind"].value == "notation" and isinstance(row["term"], ox.NamedNode):
            notations.setdefault(row["term"].value, row["label"].value)
    return labels, notations


class OtherNames:
    """The other names (skos:altLabel) of each vocabulary term, in every language. A class,
    not a bare dict, so that what is kept from it can refer to it weakly."""

    def __init__(self, by_term: Mapping[str, frozenset[str]]) -> None:
        self.by_term = by_term

    def of(self, term: str) -> frozenset[str]:
        return self.by_term.get(term, frozenset())


def vocabulary_other_names(store: Store) -> OtherNames:
    """The vocabulary's other names, kept until the store's next public write: a search
    naming a kind of organisation by its usual name ("Migrantenorganisation") found no
    directory, which knew only the preferred one."""

    def read() -> OtherNames:
        by_term: dict[str, set[str]] = defaultdict(set)
        rows = store.select(
            query("explore/vocabulary-other-names"),
            bindings={"vocabulary": ox.NamedNode(store.graph_iri(VOCABULARY_GRAPH))},
            public_only=True,
        )
        for row in rows:
            if isinstance(row["term"], ox.NamedNode):
                by_term[row["term"].value].add(row["label"].value)
        return OtherNames({term: frozenset(names) for term, names in by_term.items()})

    return store.derived("vocabulary-other-names", read)


# ---- kinds -------------------------------------------------------------------------------


def most_specific(types: Iterable[str], superclasses: Mapping[str, set[str]]) -> set[str]:
    """The types that no other of them is a subclass of: a page's line of types said
    "Formal organization, Organization" for a formal organisation typed as both, as the data
    asserts both (for clients without inference). The statements table keeps all."""
    given = set(types)
    broader = {s for t in given for s in superclasses.get(t, {t}) if s != t}
    return given - broader or given


def kind_of(types: Iterable[str], superclasses: Mapping[str, set[str]]) -> str:
    """The KINDS key of a resource with these rdf:types (subclasses included), or "other".

    `superclasses` maps a class to all its superclasses (itself included); see
    `class_closure`. Topics are recognised by the caller (they need the scheme)."""
    found = set()
    for t in types:
        found |= superclasses.get(t, {t})
    for kind, cls in KINDS.items():
        if kind != "topics" and cls in found:
            return kind
    return "other"


#: Types whose one date is a day, not a beginning: a naming's step, a moment of a life.
MOMENT_TYPES = frozenset({AG + "NamingStep", AG + "LifeEvent"})


def is_instant(types: Iterable[str], superclasses: Mapping[str, set[str]]) -> bool:
    """Whether something with these types and one date was on that day (an event, a
    decision or ceremony of a naming, a moment of a life), not "seit" it (an organisation,
    a naming, a project)."""
    types = set(types)
    return kind_of(types, superclasses) == "events" or bool(MOMENT_TYPES & types)


def class_hierarchy(store: Store) -> dict[str, set[str]]:
    """Each class of the public vocabulary with all its superclasses (itself included).

    Kept until the store's next public write (`Store.derived`): every entity page asks for
    it, and reading it cost each cold page half a millisecond. What it read is still noted
    for the reader (`Store.note_reads`), as when each page read it itself, so that a page
    that sorted an entity into a kind is dropped when a publication changes a class of the
    hierarchy. Callers must not change what they get."""
    closure, classes = store.derived("class-hierarchy", lambda: _read_class_hierarchy(store))
    store.note_reads(classes)
    return closure


def _read_class_hierarchy(store: Store) -> tuple[dict[str, set[str]], frozenset[str]]:
    rows = store.select(query("explore/class-hierarchy"), public_only=True)
    pairs = [(r["type"], r["super"]) for r in rows]
    # What the rows showed: the IRIs and blank node ids, as `Store.noting_reads` notes them.
    shown = frozenset(
        t.value for pair in pairs for t in pair if isinstance(t, ox.NamedNode | ox.BlankNode)
    )
    return class_closure((t.value, s.value) for t, s in pairs), shown


def class_closure(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """Reflexive-transitive closure of rdfs:subClassOf pairs (class, superclass)."""
    direct: dict[str, set[str]] = defaultdict(set)
    for sub, sup in pairs:
        direct[sub].add(sup)
    closure: dict[str, set[str]] = {}

    def up(cls: str, seen: frozenset[str]) -> set[str]:
        if cls in closure:
            return closure[cls]
        result = {cls}
        for sup in direct.get(cls, ()):
            if sup not in seen:
                result |= up(sup, seen | {cls})
        closure[cls] = result
        return result

    for cls in list(direct):
        up(cls, frozenset())
    return closure


# ---- values ------------------------------------------------------------------------------


def term_value(term: Term | None) -> str | None:
    """The lexical value of a term from a query row, None when the row has none."""
    return None if term is None else term.value


def term_iri(term: Term | None) -> str | None:
    """The IRI of a term from a query row, None when it is absent or not an IRI."""
    return term.value if isinstance(term, ox.NamedNode) else None


def bindable_iri(value: str) -> ox.NamedNode | ox.Literal:
    """A user-chosen IRI as a term to bind. A value that is not an IRI becomes a string
    literal: bound into an IRI comparison it simply matches nothing."""
    try:
        return ox.NamedNode(value)
    except ValueError:
        return ox.Literal(value)


def is_current(end: str | None, today: str | None = None) -> bool:
    """True when a period has no end or ends today or later. A gYear or gYearMonth end
    counts until the end of that year or month (compared as ISO strings)."""
    if not end:
        return True
    today = today or date.today().isoformat()
    padded = end + "-12-31"[len(end) - 4 :] if len(end) in (4, 7) else end
    return padded[:10] >= today


@lru_cache(maxsize=1 << 16)
def sort_key(text: str) -> str:
    """Case- and accent-insensitive key, so that "Ärzte" sorts with "A", not after "Z".

    Kept for the labels seen last: a list page sorts each facet's values by label on every
    request (about 400 labels a page at the 1M district, an eighth of a cold page's time),
    and the same few thousand labels come back."""
    if text.isascii():
        return text.lower()
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))
