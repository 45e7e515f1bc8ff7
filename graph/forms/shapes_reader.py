"""Form models read from the SHACL shapes with rdflib (what `model.load_forms` reads).

Kept apart from the models themselves so that only a process that reads forms imports
rdflib: a server answers the public side without it (65 ms and 5.5 MiB of every start).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, SKOS, XSD

from ..languages import LANGUAGE_CODE_PATTERN
from .model import SKIPPED_CLASSES, SKIPPED_PATHS, Field, Form, FormModels
from .words import help_text

_DATES = (str(XSD.date), str(XSD.gYearMonth), str(XSD.gYear))
_NUMBERS = (str(XSD.decimal), str(XSD.integer), str(XSD.double), str(XSD.float))
_LANG_STRING = str(RDF.langString)
_CONCEPT = str(SKOS.Concept)


def read_shapes(shapes_folder: Path, ontology_folder: Path) -> FormModels:
    """The form models of the shapes (and the ontology's labels) in these folders."""
    g = rdflib.Graph()
    for path in sorted(shapes_folder.glob("*.ttl")):
        g.parse(path, format="turtle")
    onto = rdflib.Graph()
    for path in sorted(ontology_folder.glob("*.ttl")):
        onto.parse(path, format="turtle")
    return _Reader(g, onto).read()


class _Reader:
    def __init__(self, shapes: rdflib.Graph, ontology: rdflib.Graph) -> None:
        self.g = shapes
        self.onto = ontology
        self.skipped: dict[str, str] = {}
        #: A property shape inside a node-level `sh:or` -> that node shape (`_required_unless`).
        self.conditional: dict[rdflib.term.Node, str] = {}

    def read(self) -> FormModels:
        targets: dict[str, list[rdflib.term.Node]] = {}
        for shape, cls in self.g.subject_objects(SH.targetClass):
            if isinstance(cls, rdflib.URIRef):
                targets.setdefault(str(cls), []).append(shape)
        # Of every class the vocabulary places under another, not only the shapes' targets:
        # an entry typed with a subclass that has no shape of its own (`ag:Memorial`) gets
        # its superclass's form (`FormModels.form_for_types`).
        subclasses = {str(c) for c in self.onto.subjects(RDFS.subClassOf)}
        superclasses = {
            cls: frozenset(
                str(c)
                for c in self.onto.transitive_objects(rdflib.URIRef(cls), RDFS.subClassOf)
                if isinstance(c, rdflib.URIRef)
            )
            for cls in sorted(set(targets) | subclasses)
            if cls.startswith(("http://", "https://"))
        }
        forms = {}
        for cls in sorted(targets):
            if cls in SKIPPED_CLASSES:
                continue
            shapes = [s for c in sorted(superclasses[cls]) for s in targets.get(c, [])]
            fields = self._fields(
                sorted(set(shapes), key=_shape_order(cls, targets)), superclasses[cls]
            )
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

    def _fields(self, node_shapes: list[rdflib.term.Node], kinds: frozenset[str]) -> list[Field]:
        by_path: dict[str, Field] = {}
        structures: set[str] = set()
        for node_shape in node_shapes:
            props = list(self.g.objects(node_shape, SH.property))
            props += self._required_unless(node_shape, kinds)
            for prop in props:
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

    def _required_unless(
        self, node_shape: rdflib.term.Node, kinds: frozenset[str]
    ) -> list[rdflib.term.Node]:
        """The property shapes a node-level `sh:or` requires of an entry of `kinds` (its
        class and superclasses): "an event needs an organiser, unless it is a historical
        event" is `sh:or ( [ sh:class ag:HistoricalEvent ] [ sh:path schema:organizer ;
        sh:minCount 1 ] )`. An event's form marked no organiser as required, and its
        refusal stood at the top, tied to no field (walk of 2026-12-07). Read only where
        every other alternative is a class the entry is not; each such shape then counts as
        one of the field's (its violations go next to it: `messages.from_report`)."""
        found: list[rdflib.term.Node] = []
        for alternatives in self.g.objects(node_shape, SH["or"]):
            members = list(Collection(self.g, alternatives))
            paths = [m for m in members if (m, SH.path, None) in self.g]
            exempt = [
                str(c) for m in members if m not in paths for c in self.g.objects(m, SH["class"])
            ]
            if len(paths) == 1 and len(exempt) == len(members) - 1 and not kinds & set(exempt):
                found += paths
                self.conditional[paths[0]] = str(node_shape)
        return found

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
        if prop in self.conditional:  # its violations are the node shape's
            entry.shapes = _union(entry.shapes, [self.conditional[prop]])
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
