"""The mapping file: which column of a list becomes which statement (docs/import.md).

A mapping is TOML, read with the standard library's `tomllib` (Python 3.11+): no new
dependency, comments allowed, and strings, lists and tables are all a mapping needs; YAML
would bring a parser with surprising types (`no` -> false, `03/2019` -> text, `1998` -> a
number) into a file whose whole point is to say exactly what a cell means.

    [list]
    name = "Organisationen"
    class = "org:Organization"       # the class of the rows' entities
    sheet = "Organisationen"         # optional: which sheet (else --sheet, else the first)
    graph = "public/import"          # optional: where new entities go

    [[columns]]
    header = "Name"                  # the column's header as written in the list
    aliases = ["Organisation"]       # other headers it goes by
    property = "skos:prefLabel"
    language = "de"
    name = true                      # names the entity (new IRIs, matching, the report)
    required = true

    [[columns]]
    header = "Sprachen"
    property = "schema:knowsLanguage"
    values = "languages"             # a value list (below)
    split = true                     # several values in one cell, split at , ; /

    [values.languages.synonyms]      # value = [what the list may say]
    ar = ["Arabisch", "arab.", "AR"]

A value list may also take its synonyms from a file beside the mapping
(`file = "languages.toml"`, a `[synonyms]` table), so several mappings share one.

Column types (`type`): "text" (the default; with `language` a language-tagged text),
"date", "iri" (a web address; "www.x.de" gets "https://"), "integer", "decimal", "boolean",
"entity" (another entity named by the cell, of `class`, found by the matcher), "id" (the
entity's IRI itself, as `export-list` writes it), or a value list (`values`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import UsageError
from ..namespaces import OWL, PREFIXES, RDF, RDF_TYPE, RDFS, curie
from ..resources import ontology_files

COLUMN_TYPES = ("text", "date", "iri", "integer", "decimal", "boolean", "entity", "id")
#: Where a multi-value cell is split, unless the column names its own separators.
SEPARATORS = (",", ";", "/")


@dataclass(frozen=True)
class ValueList:
    """A value list: cell texts to terms. `scheme`: the concepts of this SKOS scheme by
    their labels, alternative labels and notations; `synonyms`: term -> what lists say."""

    name: str
    scheme: str | None = None
    synonyms: MappingABC[str, tuple[str, ...]] = field(default_factory=dict)
    #: A text that matches this pattern stands for itself (language codes: "^[a-z]{2,3}$").
    accept: str | None = None


@dataclass(frozen=True)
class Column:
    header: str
    property: str
    aliases: tuple[str, ...] = ()
    type: str = "text"
    language: str | None = None
    values: str | None = None
    split: tuple[str, ...] = ()
    required: bool = False
    name: bool = False
    #: For "entity" columns: the class of the named entity.
    target_class: str | None = None
    #: The node the value belongs to: "" the row's entity, else a name of `Mapping.nodes`.
    node: str = ""
    #: Only add: the entity's other values of the property stay (a list that names one
    #: topic of several does not take the others away).
    keep: bool = False

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


@dataclass(frozen=True)
class Node:
    """A second node each row describes, linked from the row's entity (a person's speaker
    profile): its IRI is the entity's last segment under `segment` ("profile/p-...")."""

    name: str
    cls: str
    link: str
    segment: str
    #: German and English label templates; "{name}" is the row's name.
    labels: MappingABC[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Mapping:
    path: Path
    name: str
    cls: str
    columns: tuple[Column, ...]
    values: MappingABC[str, ValueList]
    sheet: str | None = None
    graph: str | None = None
    nodes: MappingABC[str, Node] = field(default_factory=dict)
    #: The language of its name and headers (`[list] language`, default German): the
    #: workspace's English pages mark them so (WCAG 3.1.2).
    language: str = "de"

    @property
    def name_column(self) -> Column | None:
        return next((c for c in self.columns if c.name), None)

    @property
    def id_column(self) -> Column | None:
        return next((c for c in self.columns if c.type == "id"), None)


def expand(term: str, where: str) -> str:
    """A prefixed name (the project's prefixes, docs/model.md) or a full IRI, as an IRI."""
    term = term.strip()
    if term.startswith("<") and term.endswith(">"):
        return term[1:-1]
    if re.match(r"^https?://", term):
        return term
    prefix, sep, local = term.partition(":")
    if sep and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    raise UsageError(
        f"Unbekannter Begriff „{term}“: ein Präfixname (z. B. schema:name) oder eine IRI.",
        f"Unknown term '{term}': a prefixed name (such as schema:name) or an IRI.",
        where=where,
    )


def is_term(text: str) -> bool:
    """Whether a value list's value is a term (prefixed name or IRI) rather than plain text."""
    prefix, sep, _ = text.partition(":")
    return bool(sep) and (prefix in PREFIXES or prefix in ("http", "https"))


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file; every mistake is named with its place in the file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(
            f"Zuordnungsdatei nicht gefunden: {path}", f"Mapping file not found: {path}"
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(*_unreadable_toml("Zuordnungsdatei", "Mapping file", exc),
                         where=str(path)) from exc  # fmt: skip
    where = str(path)
    head = _table(data, "list", where)
    cls = expand(_text(head, "class", f"{where} [list]"), f"{where} [list] class")
    values = {}
    for name, spec in _table(data, "values", where, required=False).items():
        spec = _table({"v": spec}, "v", f"{where} [values.{name}]")
        synonyms = {}
        accept = spec.get("accept")
        given = dict(_table(spec, "synonyms", where, required=False))
        if spec.get("file"):  # a value list shared by several mappings (languages.toml)
            shared = path.parent / str(spec["file"])
            try:
                listed = tomllib.loads(shared.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise UsageError(*_unreadable_toml("Werteliste", "Value list", exc),
                                 where=str(shared)) from exc  # fmt: skip
            given = {**_table(listed, "synonyms", str(shared)), **given}
            accept = accept or listed.get("accept")
        for value, said in given.items():
            said = [said] if isinstance(said, str) else said
            if not isinstance(said, list) or not all(isinstance(s, str) for s in said):
                raise _bad(where, f"values.{name}.synonyms.{value}", "eine Liste von Texten",
                           "a list of texts")  # fmt: skip
            term = expand(value, f"{where} [values.{name}]") if is_term(value) else value
            synonyms[term] = tuple(said)
        scheme = spec.get("scheme")
        if accept is not None:
            try:
                re.compile(str(accept))
            except re.error:
                raise _bad(where, f"values.{name}.accept", "ein regulärer Ausdruck",
                           "a regular expression") from None  # fmt: skip
        values[name] = ValueList(
            name,
            expand(scheme, f"{where} [values.{name}]") if scheme else None,
            synonyms,
            str(accept) if accept is not None else None,
        )
    nodes = {}
    for name, spec in _table(data, "nodes", where, required=False).items():
        at = f"{where} [nodes.{name}]"
        spec = _table({"n": spec}, "n", at)
        nodes[name] = Node(
            name,
            expand(_text(spec, "class", at), at),
            expand(_text(spec, "link", at), at),
            _text(spec, "segment", at),
            dict(_table(spec, "labels", at, required=False)),
        )
    raw_columns = data.get("columns")
    if not isinstance(raw_columns, list) or not raw_columns:
        raise _bad(where, "columns", "mindestens eine [[columns]]-Tabelle",
                   "at least one [[columns]] table")  # fmt: skip
    columns = []
    for i, spec in enumerate(raw_columns, start=1):
        at = f"{where} [[columns]] #{i}"
        if not isinstance(spec, dict):
            raise _bad(where, f"columns #{i}", "eine Tabelle", "a table")
        kind = spec.get("type", "text")
        if kind not in COLUMN_TYPES:
            raise _bad(at, "type", " | ".join(COLUMN_TYPES), " | ".join(COLUMN_TYPES))
        if spec.get("values") and spec["values"] not in values:
            raise _bad(at, "values", "der Name einer Werteliste [values.NAME]",
                       "the name of a value list [values.NAME]")  # fmt: skip
        node = spec.get("node", "")
        if node and node not in nodes:
            raise _bad(at, "node", "der Name eines Knotens [nodes.NAME]",
                       "the name of a node [nodes.NAME]")  # fmt: skip
        split = spec.get("split", False)
        separators = tuple(split) if isinstance(split, list) else SEPARATORS if split else ()
        columns.append(
            Column(
                header=_text(spec, "header", at),
                property="@id" if kind == "id" else expand(_text(spec, "property", at), at),
                aliases=tuple(spec.get("aliases", ())),
                type=kind,
                language=spec.get("language"),
                values=spec.get("values"),
                split=separators,
                required=bool(spec.get("required", False)),
                name=bool(spec.get("name", False)),
                target_class=expand(spec["class"], at) if spec.get("class") else None,
                node=node,
                keep=bool(spec.get("keep", False)),
            )
        )
    _check_declared(cls, nodes, columns, where)
    if sum(1 for c in columns if c.name) != 1:
        raise _bad(where, "columns", "genau eine Spalte mit name = true",
                   "exactly one column with name = true")  # fmt: skip
    return Mapping(
        path=path,
        name=str(head.get("name", path.stem)),
        cls=cls,
        columns=tuple(columns),
        values=values,
        sheet=head.get("sheet"),
        graph=head.get("graph"),
        nodes=nodes,
        language=str(head.get("language", "de")),
    )


def _table(data: dict[str, Any], key: str, where: str, *, required: bool = True) -> dict[str, Any]:
    value = data.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise _bad(where, key, "eine Tabelle", "a table")
    return value


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _bad(where, key, "ein Text", "a text")
    return value


def _check_declared(
    cls: str, nodes: MappingABC[str, Node], columns: list[Column], where: str
) -> None:
    """Every class and property of a mapping is one the vocabulary declares (`ontology/`):
    a misspelt "schema:gruendung" in an office's own mapping went into the public data as a
    property nobody knows, shown on no page and asked for by no query (import walk)."""
    classes, properties = declared_terms()
    wanted = [(cls, f"{where} [list] class", classes)]
    wanted += [(n.cls, f"{where} [nodes.{name}] class", classes) for name, n in nodes.items()]
    wanted += [(n.link, f"{where} [nodes.{name}] link", properties) for name, n in nodes.items()]
    for i, c in enumerate(columns, start=1):
        at = f"{where} [[columns]] #{i} ({c.header})"
        if c.type != "id":
            wanted.append((c.property, at, properties))
        if c.target_class:
            wanted.append((c.target_class, at, classes))
    for term, at, known in wanted:
        if term not in known:
            kind_de, kind_en = (
                ("Klasse", "class") if known is classes else ("Eigenschaft", "property")
            )
            raise UsageError(
                f"Zuordnungsdatei: „{curie(term)}“ ist keine {kind_de} des Vokabulars "
                f"(ontology/): vertippt? Ein eigener Begriff wird zuerst im Vokabular "
                "beschrieben.",
                f"Mapping file: '{curie(term)}' is no {kind_en} of the vocabulary (ontology/): "
                "misspelt? An own term is described in the vocabulary first.",
                where=at,
            )


@cache
def declared_terms() -> tuple[frozenset[str], frozenset[str]]:
    """The classes and the properties the shipped vocabulary declares (`ontology/*.ttl`:
    `rdfs:Class`/`owl:Class`; `rdf:Property` and OWL's three kinds of property)."""
    vocabulary = ox.Store()
    for path in ontology_files():
        vocabulary.load(path=str(path), format=ox.RdfFormat.TURTLE)

    def typed(*kinds: str) -> frozenset[str]:
        return frozenset(
            q.subject.value
            for kind in kinds
            for q in vocabulary.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(kind))
            if isinstance(q.subject, ox.NamedNode)
        )

    return (
        typed(RDFS + "Class", OWL + "Class"),
        typed(RDF + "Property", OWL + "ObjectProperty", OWL + "DatatypeProperty",
              OWL + "AnnotationProperty"),
    )  # fmt: skip


def _bad(where: str, key: str, de: str, en: str) -> UsageError:
    return UsageError(
        f"Zuordnungsdatei: „{key}“ muss {de} sein.", f"Mapping file: '{key}' must be {en}.",
        where=where,
    )  # fmt: skip


_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")


def _unreadable_toml(de: str, en: str, exc: Exception) -> tuple[str, str]:
    """A mapping's or value list's TOML mistake, with its place in both languages; the
    parser's own words (English only) follow in the German message as the parser's."""
    said = str(exc)
    found = _TOML_AT.search(said)
    if found is None or not isinstance(exc, tomllib.TOMLDecodeError):
        return f"{de} nicht lesbar: {said}", f"{en} not readable: {said}"
    place_de, place_en = (
        (f"Zeile {found.group(1)}, Spalte {found.group(2)}",
         f"line {found.group(1)}, column {found.group(2)}")
        if found.group(1) else ("am Ende", "at the end")
    )  # fmt: skip
    words = said[: found.start()].strip()
    return (
        f"{de} nicht lesbar, TOML-Fehler in {place_de} (Meldung des TOML-Lesers: „{words}“).",
        f"{en} not readable, TOML mistake at {place_en}: {words}.",
    )
