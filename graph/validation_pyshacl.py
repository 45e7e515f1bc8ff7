"""The reference engine: pySHACL over rdflib graphs (`Validator("pyshacl")`).

Tests compare the compiled checks with it, `akteursgraph validate --engine pyshacl` offers it,
and the compiler reads the shapes from the rdflib graphs parsed here. Nothing else needs rdflib
to validate: a writing process runs the compiled checks (`shacl_checks`) from their generated
file, so it imports neither this module nor rdflib (65 ms and 5.5 MiB of every process).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import pyoxigraph as ox
import rdflib
from rdflib.namespace import SH

from .findings import Finding
from .resources import ontology_files, shape_files

_SEVERITY = {str(SH.Violation): "violation", str(SH.Warning): "warning", str(SH.Info): "info"}


@cache
def shipped_graphs() -> tuple[rdflib.Graph, rdflib.Graph]:
    """The shipped shapes and vocabulary, parsed by rdflib (once per process)."""
    shapes = rdflib.Graph()
    for path in shape_files():
        shapes.parse(path, format="turtle")
    ontology = rdflib.Graph()
    for path in ontology_files():
        ontology.parse(path, format="turtle")
    return shapes, ontology


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


def to_graph(quads: Iterable[ox.Quad]) -> rdflib.Graph:
    data = rdflib.Graph()
    for q in quads:
        data.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return data


def shacl_findings(
    data: rdflib.Graph,
    shapes: rdflib.Graph,
    ontology: rdflib.Graph,
    focus: list[rdflib.URIRef] | None,
) -> list[Finding]:
    """pySHACL's findings on `data`, those about `focus` (None: all)."""
    # pySHACL's own focus_nodes option also filters the value nodes that nested shapes
    # (sh:or, sh:qualifiedValueShape) check, and so misses violations; validate the small
    # extracted graph whole and keep the results about the focus nodes instead.
    # Imported here: pySHACL (with rdflib's SPARQL parser) costs every CLI command a
    # sixth of a second to import, and only `--engine pyshacl` needs it.
    from pyshacl import validate as shacl_validate

    from .rdflib_queries import parse_each_query_once

    parse_each_query_once()
    _conforms, results, _text = shacl_validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        allow_warnings=True,
    )
    findings = _findings_from(results, shapes)
    if focus is None:
        return findings
    wanted = {str(n) for n in focus}
    return [f for f in findings if f.node in wanted]


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
    # Only the report's own results: pySHACL also puts the nested results of sh:node as
    # sh:detail into the graph, about the value node rather than the focus node.
    top = [r for report in results.subjects(rdflib.RDF.type, SH.ValidationReport)
           for r in results.objects(report, SH.result)]  # fmt: skip
    for result in top:
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
