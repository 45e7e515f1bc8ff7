"""The properties the reconciliation service knows, and the public values an entity has.

Properties come from the shapes: every field of the staff's edit forms (`forms.model`, one
per property shape, with the ontology's labels) is a property a reconciliation query may
use to raise a candidate's score and that data extension may fetch. The parts of an
address (a blank node the forms leave to another page) are added by hand, because a city
is the most useful property of all for telling two organisations of one name apart.

Property ids are prefixed names (`schema:foundingDate`) where a standard prefix fits, else
the full IRI; both are accepted in requests (`namespaces.expand`).

An entity's values are read from the public graphs only, with its IRI bound into a fixed
query (`queries/reconcile/entity-values.rq`); nothing a client sends becomes query text.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..explore import Labels, pick_label
from ..forms.model import FormModels, load_forms
from ..namespaces import SCHEMA, XSD, curie, expand
from ..resources import query
from ..search import fold
from ..store import Store, Term

#: The parts of a `schema:address` (a blank node): read as if the entity had them itself.
ADDRESS_PARTS: dict[str, dict[str, str]] = {
    SCHEMA + "addressLocality": {"de": "Ort (Adresse)", "en": "City (address)"},
    SCHEMA + "postalCode": {"de": "Postleitzahl (Adresse)", "en": "Postal code (address)"},
    SCHEMA + "streetAddress": {"de": "Straße (Adresse)", "en": "Street (address)"},
}
_ADDRESS_CLASSES = (
    "http://www.w3.org/ns/org#Organization",
    "https://w3id.org/akteursgraph/ontology#ColonialHistorySite",
)
_DATES = (XSD + "date", XSD + "gYearMonth", XSD + "gYear", XSD + "dateTime")


@dataclass
class Property:
    """A property a client may name: its id in the protocol, its IRI, its names."""

    id: str
    iri: str
    names: dict[str, str] = field(default_factory=dict)
    help: dict[str, str] = field(default_factory=dict)
    #: The classes whose shapes (or address) have it.
    classes: set[str] = field(default_factory=set)

    def name(self, lang: str) -> str:
        return pick_label(self.names, lang) or self.id

    def description(self, lang: str) -> str:
        return pick_label(self.help, lang)


def property_id(iri: str) -> str:
    """The protocol id of a property: its prefixed name, or the IRI when no prefix fits."""
    short = curie(iri)
    return iri if short.startswith("<") else short


_CATALOGUES: dict[int, tuple[FormModels, dict[str, Property]]] = {}


def catalogue() -> dict[str, Property]:
    """Every property by IRI, from the current shapes (cached as long as the forms are)."""
    models = load_forms()
    cached = _CATALOGUES.get(id(models))
    if cached is not None and cached[0] is models:
        return cached[1]
    found: dict[str, Property] = {}
    for cls, form in sorted(models.forms.items()):
        for f in form.fields:
            prop = found.setdefault(f.path, Property(property_id(f.path), f.path))
            for lang, text in f.label.items():
                prop.names.setdefault(lang, text)
            for lang, text in f.help.items():
                prop.help.setdefault(lang, text)
            prop.classes.add(cls)
    for iri, names in ADDRESS_PARTS.items():
        prop = found.setdefault(iri, Property(property_id(iri), iri, dict(names)))
        prop.classes.update(c for c in models.forms if c in _ADDRESS_CLASSES)
    _CATALOGUES.clear()  # only the newest shapes are kept
    _CATALOGUES[id(models)] = (models, found)
    return found


def subclasses_in_forms(cls: str) -> set[str]:
    """`cls` and the classes with a form that are its subclasses (by the ontology)."""
    models = load_forms()
    return {cls} | {c for c, supers in models.superclasses.items() if cls in supers}


def find_property(pid: str) -> Property | None:
    """The property a client names by id or IRI; None for one the service does not know."""
    return catalogue().get(expand(pid))


# ---- one entity's values ---------------------------------------------------------------


@dataclass
class Value:
    """One public value: the term, and its label in each language when it is a resource."""

    term: Term
    labels: dict[str, str] = field(default_factory=dict)


def entity_values(store: Store, iri: str) -> dict[str, list[Value]]:
    """The public values of `iri` by property IRI (address parts included), each once."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return {}
    rows = store.select(
        query("reconcile/entity-values"), bindings={"entity": node}, public_only=True
    )
    labels = Labels()
    order: dict[str, dict[Term, None]] = defaultdict(dict)
    for row in rows:
        value = row["value"]
        order[row["predicate"].value][value] = None
        if isinstance(value, ox.NamedNode):
            labels.add(value.value, row.get("valueLabel"))
    return {
        prop: [Value(v, labels.all(v.value) if isinstance(v, ox.NamedNode) else {}) for v in values]
        for prop, values in order.items()
    }


def same_value(given: object, value: Value) -> bool:
    """Whether a value a client gave (text, number, boolean, or {"id": ...}) is `value`.

    Texts are compared folded (case, accents, umlauts); a date matches at the precision of
    the shorter of the two ("1998" matches 1998-05-01 and the other way round); a resource
    matches by its IRI or by one of its labels.
    """
    term = value.term
    if isinstance(given, dict):
        ident = given.get("id")
        if isinstance(ident, str) and isinstance(term, ox.NamedNode):
            return expand(ident) == term.value
        given = given.get("name")
        if not isinstance(given, str):
            return False
    if isinstance(given, bool):
        return isinstance(term, ox.Literal) and term.value == str(given).lower()
    if isinstance(given, int | float):
        if not isinstance(term, ox.Literal):
            return False
        try:
            return float(term.value) == float(given)
        except ValueError:
            return term.value.startswith(str(given))  # a year given as a number
    if not isinstance(given, str) or not given.strip():
        return False
    text = fold(given.strip())
    if isinstance(term, ox.NamedNode):
        return term.value == given.strip() or any(fold(t) == text for t in value.labels.values())
    if isinstance(term, ox.Literal) and term.datatype.value in _DATES:
        shorter = min(len(text), len(term.value))
        return shorter >= 4 and text[:shorter] == term.value[:shorter]
    return fold(term.value) == text


def label_of(value: Value, lang: str) -> str:
    """The value as a person reads it: a resource's label, a literal's text."""
    if isinstance(value.term, ox.NamedNode):
        return pick_label(value.labels, lang, value.term.value)
    return value.term.value
