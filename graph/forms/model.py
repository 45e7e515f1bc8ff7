"""Form models read from the SHACL shapes: one field per property path, the fitting widget.

The shapes are the one statement of what an entity may hold; the forms are generated from
them, so a property shape added to `shapes/` appears in the forms without code changes. For
every class with a node shape (`sh:targetClass`) the form holds the property shapes of that
shape and of the shapes targeting its superclasses (SHACL applies a class target to the
instances of its subclasses), merged per path: the counts (the tightest bounds), the
datatypes (`sh:datatype` or an `sh:or` of datatypes), `sh:class`, `sh:nodeKind`, `sh:pattern`,
`sh:languageIn`, `sh:in` and the messages. Labels and help come from the `rdfs:label` and
`rdfs:comment` of the path property in the ontology.

What the forms leave to other pages (each listed in `SKIPPED_PATHS` with the reason): types
(`rdf:type` comes from the form's class), blank-node structures (`schema:address`: any path
whose values must conform to a node shape other than a scheme constraint), consent and
contact data of people (the person page of the workspace keeps them: consent records per
purpose, contact data only in internal graphs), and qualified statements (`rdf:Statement`:
its own class, not a field). Property shapes with a path that is not a single IRI are
skipped too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, SKOS, XSD

from ..languages import LANGUAGE_CODE_PATTERN
from ..namespaces import AG, DCTERMS, DPV, VCARD, curie
from ..resources import ontology_dir, shapes_dir
from .words import help_text

#: Paths the forms never edit, and why (said on the form's page and in docs/workspace.md).
SKIPPED_PATHS: dict[str, str] = {
    str(RDF.type): "the form's class",
    AG + "publicationConsent": "consent: the person page of the workspace (consent records)",
    AG + "consentDate": "consent: the person page of the workspace (consent records)",
    VCARD + "hasEmail": "contact data: internal only, the person page of the workspace",
    VCARD + "hasTelephone": "contact data: internal only, the person page of the workspace",
}
#: Classes without a form: qualified statements and consent records have their own tools.
SKIPPED_CLASSES: frozenset[str] = frozenset({str(RDF.Statement), DPV + "Consent"})

_DATES = (str(XSD.date), str(XSD.gYearMonth), str(XSD.gYear))
_NUMBERS = (str(XSD.decimal), str(XSD.integer), str(XSD.double), str(XSD.float))
_LANG_STRING = str(RDF.langString)
_CONCEPT = str(SKOS.Concept)

#: Paths of running text: a text area rather than a line (the shapes say nothing of length).
LONG_TEXT = frozenset({DCTERMS + "description", str(RDFS.comment)})

#: The widgets a field can have.
WIDGETS = ("lang-text", "text", "date", "number", "concept", "choice", "link", "iri", "language")


@dataclass
class Field:
    """One input of a form: a property path with everything its shapes say about it."""

    path: str
    min_count: int = 0
    max_count: int | None = None
    datatypes: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    node_kind: str | None = None
    pattern: str | None = None
    languages: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    #: At most one value per language (sh:uniqueLang): one input per language, not a list.
    unique_lang: bool = False
    scheme: str | None = None
    #: The named property shapes of the path (anonymous ones count by their path).
    shapes: tuple[str, ...] = ()
    messages: dict[str, list[str]] = field(default_factory=dict)
    label: dict[str, str] = field(default_factory=dict)
    help: dict[str, str] = field(default_factory=dict)
    widget: str = "text"

    @property
    def key(self) -> str:
        """The input's name: the path's prefixed name with '-' ("schema-foundingDate")."""
        return curie(self.path).replace(":", "-").strip("<>")

    @property
    def long_text(self) -> bool:
        """Whether the field holds running text (a description) rather than a name."""
        return self.path in LONG_TEXT

    @property
    def required(self) -> bool:
        return self.min_count >= 1

    @property
    def repeatable(self) -> bool:
        return self.max_count is None or self.max_count > 1

    def text(self, lang: str) -> str:
        """The field's label in `lang` (German first, then English, then the path's name),
        beginning with a capital: the vocabulary's labels are written to read inside a
        sentence or a statements table ("spricht", "other label"), a form's field stands
        alone."""
        text = self.label.get(lang) or self.label.get("de") or curie(self.path)
        return text[:1].upper() + text[1:]


@dataclass
class Form:
    """The form of one class: its fields in the order of the shapes, and which shapes."""

    target: str
    fields: list[Field]
    label: dict[str, str] = field(default_factory=dict)

    def field(self, path_or_key: str) -> Field | None:
        for f in self.fields:
            if path_or_key in (f.path, f.key):
                return f
        return None


@dataclass(frozen=True)
class FormModels:
    """Every class's form, read from one shapes folder (with the ontology's labels)."""

    forms: dict[str, Form]
    #: Superclasses of each class (itself included), from the ontology.
    superclasses: dict[str, frozenset[str]]
    #: Paths whose property shapes the forms skip, with the reason (what the page says).
    skipped: dict[str, str]
    #: The ontology's labels of its terms (rdfs:label, skos:prefLabel) by IRI and language:
    #: how a message names a term in words.
    term_labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def form_for_types(self, types: Iterable[str]) -> Form | None:
        """The form of an entity with these types: the most specific class that has one."""
        candidates = [t for t in types if t in self.forms]
        if not candidates:
            return None
        # The most specific: a class no other candidate is a subclass of.
        specific = [
            c for c in candidates
            if not any(o != c and c in self.superclasses.get(o, ()) for o in candidates)
        ]  # fmt: skip
        return self.forms[sorted(specific)[0]]


def load_forms(shapes: Path | None = None, ontology: Path | None = None) -> FormModels:
    """The form models of a shapes folder, cached until a file in it changes.

    The cache key holds each file's name, size and modification time, so a shape added to
    the folder (or edited) gives new forms at the next call, without a restart.
    """
    shapes = Path(shapes or shapes_dir())
    ontology = Path(ontology or ontology_dir())
    return _load(str(shapes), str(ontology), _fingerprint(shapes) + _fingerprint(ontology))


def _fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.ttl")):
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()


@lru_cache(maxsize=8)
def _load(shapes_folder: str, ontology_folder: str, _fingerprint: str) -> FormModels:
    g = rdflib.Graph()
    for path in sorted(Path(shapes_folder).glob("*.ttl")):
        g.parse(path, format="turtle")
    onto = rdflib.Graph()
    for path in sorted(Path(ontology_folder).glob("*.ttl")):
        onto.parse(path, format="turtle")
    return _Reader(g, onto).read()


class _Reader:
    def __init__(self, shapes: rdflib.Graph, ontology: rdflib.Graph) -> None:
        self.g = shapes
        self.onto = ontology
        self.skipped: dict[str, str] = {}

    def read(self) -> FormModels:
        targets: dict[str, list[rdflib.term.Node]] = {}
        for shape, cls in self.g.subject_objects(SH.targetClass):
            if isinstance(cls, rdflib.URIRef):
                targets.setdefault(str(cls), []).append(shape)
        superclasses = {
            cls: frozenset(
                str(c)
                for c in self.onto.transitive_objects(rdflib.URIRef(cls), RDFS.subClassOf)
                if isinstance(c, rdflib.URIRef)
            )
            for cls in targets
        }
        forms = {}
        for cls in sorted(targets):
            if cls in SKIPPED_CLASSES:
                continue
            shapes = [s for c in sorted(superclasses[cls]) for s in targets.get(c, [])]
            fields = self._fields(sorted(set(shapes), key=_shape_order(cls, targets)))
            forms[cls] = Form(cls, fields, self._labels(rdflib.URIRef(cls), RDFS.label))
        term_labels: dict[str, dict[str, str]] = {}
        for predicate in (SKOS.prefLabel, RDFS.label):
            for term, label in self.onto.subject_objects(predicate):
                if isinstance(term, rdflib.URIRef) and isinstance(label, rdflib.Literal):
                    by_lang = term_labels.setdefault(str(term), {})
                    by_lang.setdefault(label.language or "", str(label))
        for form in forms.values():
            for f in form.fields:
                f.help = {lang: help_text(text, lang, term_labels) for lang, text in f.help.items()}
        return FormModels(forms, superclasses, dict(sorted(self.skipped.items())), term_labels)

    def _fields(self, node_shapes: list[rdflib.term.Node]) -> list[Field]:
        by_path: dict[str, Field] = {}
        structures: set[str] = set()
        for node_shape in node_shapes:
            for prop in self.g.objects(node_shape, SH.property):
                path = self.g.value(prop, SH.path)
                if not isinstance(path, rdflib.URIRef):
                    continue  # a path of several steps: not a field (see the docstring)
                iri = str(path)
                if iri in SKIPPED_PATHS:
                    self.skipped[iri] = SKIPPED_PATHS[iri]
                    continue
                if self._structure(prop):
                    self.skipped[iri] = "blank-node structure (sh:node): a later step"
                    structures.add(iri)
                    continue
                entry = by_path.get(iri)
                if entry is None:
                    entry = by_path[iri] = Field(iri)
                    entry.label = self._labels(path, RDFS.label)
                    entry.help = self._labels(path, RDFS.comment)
                self._merge(entry, prop)
        fields = [f for f in by_path.values() if f.path not in structures]
        # The name first, then what is required, then the rest in the order of the shapes.
        order = {f.path: i for i, f in enumerate(fields)}
        fields.sort(key=lambda f: (f.path != str(SKOS.prefLabel), not f.required, order[f.path]))
        for f in fields:
            f.widget = _widget(f)
        return fields

    def _structure(self, prop: rdflib.term.Node) -> bool:
        """Whether the values must be a structure of their own (a node shape that is not
        just a scheme constraint), as an address is."""
        return any(self._scheme_of(node) is None for node in self.g.objects(prop, SH.node))

    def _scheme_of(self, node: rdflib.term.Node) -> str | None:
        """The concept scheme a scheme constraint (sh:node) names, else None."""
        for inner in self.g.objects(node, SH.property):
            if self.g.value(inner, SH.path) != SKOS.inScheme:
                continue
            value = self.g.value(inner, SH.hasValue)
            if isinstance(value, rdflib.URIRef):
                return str(value)
            for holder in (inner, self.g.value(inner, SH.qualifiedValueShape)):
                members = self.g.value(holder, SH["in"]) if holder is not None else None
                if members is not None:
                    listed = [
                        m for m in Collection(self.g, members) if isinstance(m, rdflib.URIRef)
                    ]
                    if listed:
                        return str(listed[0])
        return None

    def _merge(self, entry: Field, prop: rdflib.term.Node) -> None:
        g = self.g
        if (prop, SH.severity, SH.Warning) not in g and (prop, SH.severity, SH.Info) not in g:
            for n in g.objects(prop, SH.minCount):
                entry.min_count = max(entry.min_count, int(n))
        for n in g.objects(prop, SH.maxCount):
            entry.max_count = int(n) if entry.max_count is None else min(entry.max_count, int(n))
        datatypes = [str(d) for d in g.objects(prop, SH.datatype)]
        classes = [str(c) for c in g.objects(prop, SH["class"])]
        for alternatives in g.objects(prop, SH["or"]):  # a datatype or a class of several
            for member in Collection(g, alternatives):
                datatypes += [str(d) for d in g.objects(member, SH.datatype)]
                classes += [str(c) for c in g.objects(member, SH["class"])]
        entry.datatypes = _union(entry.datatypes, datatypes)
        entry.classes = _union(entry.classes, classes)
        for kind in g.objects(prop, SH.nodeKind):
            entry.node_kind = str(kind)
        for pattern in g.objects(prop, SH.pattern):
            entry.pattern = str(pattern)
        for tags in g.objects(prop, SH.languageIn):
            entry.languages = _union(entry.languages, [str(t) for t in Collection(g, tags)])
        if (prop, SH.uniqueLang, rdflib.Literal(True)) in g:
            entry.unique_lang = True
        for members in g.objects(prop, SH["in"]):
            entry.choices = _union(entry.choices, [str(m) for m in Collection(g, members)])
        for node in g.objects(prop, SH.node):
            entry.scheme = entry.scheme or self._scheme_of(node)
        if isinstance(prop, rdflib.URIRef):
            entry.shapes = _union(entry.shapes, [str(prop)])
        for message in g.objects(prop, SH.message):
            if isinstance(message, rdflib.Literal) and message.language:
                entry.messages.setdefault(message.language, []).append(str(message))

    def _labels(self, term: rdflib.term.Node, predicate: rdflib.URIRef) -> dict[str, str]:
        found: dict[str, str] = {}
        for value in self.onto.objects(term, predicate):
            if isinstance(value, rdflib.Literal) and value.language:
                found.setdefault(value.language, str(value))
        return found


def _shape_order(cls: str, targets: dict[str, list[rdflib.term.Node]]) -> object:
    """The class's own shapes first, then its superclasses' (a stable order of fields)."""

    def key(shape: rdflib.term.Node) -> tuple[int, str]:
        return (0 if shape in targets.get(cls, []) else 1, str(shape))

    return key


def _union(old: tuple[str, ...], new: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*old, *(n for n in new if n)]))


def _widget(f: Field) -> str:
    if f.scheme or _CONCEPT in f.classes:
        return "concept"
    if f.choices:
        return "choice"
    if f.classes:
        return "link"
    if _LANG_STRING in f.datatypes:
        return "lang-text"
    if f.datatypes and all(d in _DATES for d in f.datatypes):
        return "date"
    if f.datatypes and all(d in _NUMBERS for d in f.datatypes):
        return "number"
    if f.node_kind == str(SH.IRI):
        return "iri"
    if f.pattern == LANGUAGE_CODE_PATTERN:  # a language: by its name, or its code
        return "language"
    return "text"
