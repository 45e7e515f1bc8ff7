"""SHACL and privacy validation of a write, on what the write touches.

Validating a change re-validates only its focus nodes: the subjects it adds or removes
statements about, and the nodes that point at those. The data graph handed to pySHACL is the
post-change description of those nodes (their statements, through blank nodes) plus the
`rdf:type` and `skos:inScheme` of everything they point at, which is all our shapes look at.
A test proves the verdicts equal those of a whole-graph run on the test files.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate
from rdflib.namespace import SH

from .errors import InvalidDataError
from .namespaces import (
    CONSENT_GIVEN,
    CONTACT_PREDICATES,
    HISTORICAL_PERSON_CLASS,
    PERSON_CLASS,
    PUBLICATION_CONSENT,
    RDF_TYPE,
    SKOS,
    curie,
)
from .resources import ontology_files, shape_files

_TYPE = ox.NamedNode(RDF_TYPE)
_IN_SCHEME = ox.NamedNode(SKOS + "inScheme")
_CONSENT = ox.NamedNode(PUBLICATION_CONSENT)
_SEVERITY = {str(SH.Violation): "violation", str(SH.Warning): "warning", str(SH.Info): "info"}


@dataclass(frozen=True)
class Finding:
    """One result: which node broke which rule, in both languages."""

    severity: str  # "violation" | "warning" | "info"
    node: str
    path: str | None
    shape: str
    message_de: str
    message_en: str
    value: str | None = None
    component: str | None = None

    def render(self) -> str:
        label = {"violation": "Verstoß / violation", "warning": "Warnung / warning"}.get(
            self.severity, "Hinweis / info"
        )
        where = curie(self.node) + (f"  {curie(self.path)}" if self.path else "")
        value = f"  (Wert / value: {self.value})" if self.value else ""
        return (
            f"- {label}: {where}{value}\n"
            f"    de: {self.message_de}\n"
            f"    en: {self.message_en}\n"
            f"    Regel / rule: {self.rule}"
        )

    @property
    def rule(self) -> str:
        """The shape by name, or for an anonymous property shape the constraint it broke."""
        parts = []
        if self.shape.startswith("http"):
            parts.append(curie(self.shape))
        if self.component:
            parts.append(curie(self.component).replace("sh:", "sh:", 1))
        return " ".join(parts) or "SHACL"


@dataclass
class ValidationReport:
    findings: list[Finding] = field(default_factory=list)
    focus_count: int = 0

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def render(self, *, limit: int = 50) -> str:
        ordered = self.violations + self.warnings
        lines = [f.render() for f in ordered[:limit]]
        if len(ordered) > limit:
            rest = len(ordered) - limit
            lines.append(f"... {rest} weitere / {rest} more")
        return "\n".join(lines)

    def raise_for_violations(self) -> None:
        if self.violations:
            raise ValidationFailed(self)


class ValidationFailed(InvalidDataError):
    """A write broke one or more rules; nothing was stored. Carries the full report."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        n = len(report.violations)
        super().__init__(
            f"{n} Verstoß/Verstöße gegen die Regeln; nichts wurde gespeichert.",
            f"{n} violation(s) of the rules; nothing was stored.",
        )

    def bilingual(self) -> str:
        return super().bilingual() + "\n" + self.report.render()


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> rdflib.term.Node:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


class _PostChangeView:
    """The statements about a node as they will be once the change is applied (all graphs)."""

    def __init__(self, store: object, change: object) -> None:
        self.store = store
        self.added: dict[object, list[ox.Quad]] = defaultdict(list)
        for q in change.add:  # type: ignore[attr-defined]
            self.added[q.subject].append(q)
        self.removed = set(change.remove)  # type: ignore[attr-defined]

    def quads_about(self, node: ox.NamedNode | ox.BlankNode) -> list[ox.Quad]:
        found = [q for q in self.store.quads(node) if q not in self.removed]  # type: ignore[attr-defined]
        found.extend(self.added.get(node, ()))
        return found

    def objects(self, node: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode) -> set[object]:
        return {q.object for q in self.quads_about(node) if q.predicate == predicate}


class Validator:
    """pySHACL with our shapes and vocabulary, loaded once per process."""

    def __init__(self, shapes: rdflib.Graph, ontology: rdflib.Graph) -> None:
        self.shapes = shapes
        self.ontology = ontology

    @classmethod
    @cache
    def default(cls) -> Validator:
        shapes = rdflib.Graph()
        for path in shape_files():
            shapes.parse(path, format="turtle")
        ontology = rdflib.Graph()
        for path in ontology_files():
            ontology.parse(path, format="turtle")
        return cls(shapes, ontology)

    def validate_change(self, store: object, change: object) -> ValidationReport:
        view = _PostChangeView(store, change)
        focus = _focus_nodes(store, change)
        data = rdflib.Graph()
        seen: set[object] = set()
        pending = list(focus)
        while pending:
            node = pending.pop()
            if node in seen:
                continue
            seen.add(node)
            for q in view.quads_about(node):
                data.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
                obj = q.object
                if isinstance(obj, ox.BlankNode):
                    pending.append(obj)  # follow blank nodes: they belong to their parent
                elif isinstance(obj, ox.NamedNode) and obj not in seen and q.predicate != _TYPE:
                    for p in (_TYPE, _IN_SCHEME):
                        for o in view.objects(obj, p):
                            data.add((to_rdflib(obj), to_rdflib(p), to_rdflib(o)))
        report = ValidationReport(focus_count=len(focus))
        iri_focus = [rdflib.URIRef(n.value) for n in focus if isinstance(n, ox.NamedNode)]
        if iri_focus:
            report.findings.extend(self._shacl(data, iri_focus))
        public = [q for q in change.add if store.is_public_graph(q.graph_name)]  # type: ignore[attr-defined]
        report.findings.extend(_privacy_findings(public, view))
        return report

    def validate_all(self, store: object) -> ValidationReport:
        """Whole-store validation (`akteursgraph validate`): every node is a focus node."""
        data = rdflib.Graph()
        for q in store.quads():  # type: ignore[attr-defined]
            data.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        report = ValidationReport(focus_count=len(set(data.subjects())))
        report.findings.extend(self._shacl(data, None))
        from .store import Change

        public = [q for q in store.quads() if store.is_public_graph(q.graph_name)]  # type: ignore[attr-defined]
        report.findings.extend(_privacy_findings(public, _PostChangeView(store, Change())))
        return report

    def _shacl(self, data: rdflib.Graph, focus: list[rdflib.URIRef] | None) -> list[Finding]:
        # pySHACL's own focus_nodes option also filters the value nodes that nested shapes
        # (sh:or, sh:qualifiedValueShape) check, and so misses violations; validate the small
        # extracted graph whole and keep the results about the focus nodes instead.
        _conforms, results, _text = shacl_validate(
            data,
            shacl_graph=self.shapes,
            ont_graph=self.ontology,
            inference="none",
            allow_warnings=True,
        )
        findings = _findings_from(results, self.shapes)
        if focus is None:
            return findings
        wanted = {str(n) for n in focus}
        return [f for f in findings if f.node in wanted]


def _focus_nodes(store: object, change: object) -> list[ox.NamedNode | ox.BlankNode]:
    """Subjects the change speaks about, plus nodes that point at removed statements' subjects."""
    focus: dict[object, None] = {}
    for q in change.add:  # type: ignore[attr-defined]
        focus[q.subject] = None
    touched_by_removal = {q.subject for q in change.remove}  # type: ignore[attr-defined]
    for s in touched_by_removal:
        focus[s] = None
        for q in store.quads(None, None, s):  # type: ignore[attr-defined]
            focus[q.subject] = None
    return [n for n in focus if isinstance(n, ox.NamedNode | ox.BlankNode)]


def _message_language(message: str, templates: list[rdflib.Literal]) -> str | None:
    """pySHACL drops language tags of SPARQL-constraint messages; match them to templates."""
    for template in templates:
        pattern = re.escape(str(template))
        pattern = re.sub(r"\\\{\\?[?$]\w+\\\}", ".*?", pattern)
        if re.fullmatch(pattern, message, re.DOTALL):
            return template.language
    return None


def _findings_from(results: rdflib.Graph, shapes: rdflib.Graph) -> list[Finding]:
    findings = []
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        messages = list(results.objects(result, SH.resultMessage))
        source = results.value(result, SH.sourceConstraint) or results.value(result, SH.sourceShape)
        templates = [m for m in shapes.objects(source, SH.message) if isinstance(m, rdflib.Literal)]
        by_lang: dict[str, str] = {}
        for m in messages:
            lang = getattr(m, "language", None) or _message_language(str(m), templates)
            if lang:
                by_lang.setdefault(lang, str(m))
        de, en = by_lang.get("de"), by_lang.get("en")
        fallback = str(messages[0]) if messages else "SHACL"
        value = results.value(result, SH.value)
        path = results.value(result, SH.resultPath)
        findings.append(
            Finding(
                severity=_SEVERITY.get(str(results.value(result, SH.resultSeverity)), "violation"),
                node=str(results.value(result, SH.focusNode)),
                path=str(path) if isinstance(path, rdflib.URIRef) else None,
                shape=str(results.value(result, SH.sourceShape)),
                message_de=de or fallback,
                message_en=en or fallback,
                value=str(value) if value is not None else None,
                component=_component(results.value(result, SH.sourceConstraintComponent)),
            )
        )
    findings.sort(key=lambda f: (f.severity != "violation", f.node, f.path or "", f.shape))
    return findings


def _component(node: object) -> str | None:
    return str(node) if isinstance(node, rdflib.URIRef) else None


def _privacy_findings(public: list[ox.Quad], view: _PostChangeView) -> list[Finding]:
    """Rules SHACL cannot state, because they depend on the named graph of a statement."""
    findings: list[Finding] = []
    for q in public:
        if q.predicate.value in CONTACT_PREDICATES:
            findings.append(
                Finding(
                    "violation",
                    q.subject.value,
                    q.predicate.value,
                    "https://w3id.org/akteursgraph/shapes#ContactDataNotPublic",
                    "Kontaktdaten gehören nur in einen internen Graphen, nie in einen öffentlichen "
                    f"({q.graph_name.value}).",
                    "Contact data belongs in an internal graph only, never in a public one "
                    f"({q.graph_name.value}).",
                )
            )
    people: dict[str, None] = {}
    for q in public:
        for term in (q.subject, q.object):
            if isinstance(term, ox.NamedNode):
                people[term.value] = None
    for iri in people:
        node = ox.NamedNode(iri)
        types = {t.value for t in view.objects(node, _TYPE) if isinstance(t, ox.NamedNode)}
        if PERSON_CLASS not in types or HISTORICAL_PERSON_CLASS in types:
            continue
        if ox.NamedNode(CONSENT_GIVEN) not in view.objects(node, _CONSENT):
            findings.append(
                Finding(
                    "violation",
                    iri,
                    PUBLICATION_CONSENT,
                    "https://w3id.org/akteursgraph/shapes#PersonPublicOnlyWithConsent",
                    "Eine lebende Person darf nur mit Einwilligung (ag:publicationConsent "
                    "dpv:ConsentGiven) in einem öffentlichen Graphen stehen oder dort "
                    "erwähnt werden.",
                    "A living person may appear or be referred to in a public graph only with "
                    "consent (ag:publicationConsent dpv:ConsentGiven).",
                )
            )
    return findings
