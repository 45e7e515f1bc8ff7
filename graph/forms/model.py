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

The models are read with rdflib in `shapes_reader`, imported when forms are first read: a
server that only answers the public side never loads rdflib.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..namespaces import AG, DCTERMS, DPV, RDF, RDFS, VCARD, curie
from ..resources import ontology_dir, shapes_dir

#: Paths the forms never edit, and why (said on the form's page and in docs/workspace.md).
SKIPPED_PATHS: dict[str, str] = {
    RDF + "type": "the form's class",
    AG + "publicationConsent": "consent: the person page of the workspace (consent records)",
    AG + "consentDate": "consent: the person page of the workspace (consent records)",
    VCARD + "hasEmail": "contact data: internal only, the person page of the workspace",
    VCARD + "hasTelephone": "contact data: internal only, the person page of the workspace",
}
#: Classes without a form: qualified statements and consent records have their own tools.
SKIPPED_CLASSES: frozenset[str] = frozenset({RDF + "Statement", DPV + "Consent"})

#: Paths of running text: a text area rather than a line (the shapes say nothing of length).
LONG_TEXT = frozenset({DCTERMS + "description", RDFS + "comment"})

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
        """The form of an entity with these types: the most specific class that has one, its
        own types' superclasses included (a memorial, typed `ag:Memorial` alone, had no form,
        where the site form is meant for every colonial-history site)."""
        types = list(types)
        known = dict.fromkeys(
            [*types, *(s for t in types for s in sorted(self.superclasses.get(t, ())))]
        )
        candidates = [t for t in known if t in self.forms]
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
    # Imported here: rdflib reads the shapes (`shapes_reader`), and only a form, an import
    # or a reconciliation asks for them; a server that nobody edits on never loads it.
    from .shapes_reader import read_shapes

    return read_shapes(Path(shapes_folder), Path(ontology_folder))
