"""SPARQL result serialisations (JSON, XML, CSV, TSV) written row by row.

Our own writers, not the engine's, so that a row cap can cut a result cleanly and the output
can be streamed in chunks from a worker process.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

#: name -> (media type, file extension)
SOLUTION_FORMATS: dict[str, tuple[str, str]] = {
    "json": ("application/sparql-results+json", "srj"),
    "xml": ("application/sparql-results+xml", "srx"),
    "csv": ("text/csv", "csv"),
    "tsv": ("text/tab-separated-values", "tsv"),
}
GRAPH_FORMATS: dict[str, tuple[str, str, ox.RdfFormat]] = {
    "ttl": ("text/turtle", "ttl", ox.RdfFormat.TURTLE),
    "nt": ("application/n-triples", "nt", ox.RdfFormat.N_TRIPLES),
    "jsonld": ("application/ld+json", "jsonld", ox.RdfFormat.JSON_LD),
    "rdfxml": ("application/rdf+xml", "rdf", ox.RdfFormat.RDF_XML),
}

#: `akteursgraph query --format` -> (solution format, graph format): a table is drawn from
#: JSON; a graph is Turtle for the table, N-Triples for csv and tsv, JSON-LD for json. Local
#: and remote (`--endpoint`) queries answer alike.
QUERY_FORMATS: dict[str, tuple[str, str]] = {
    "table": ("json", "ttl"),
    "csv": ("csv", "nt"),
    "tsv": ("tsv", "nt"),
    "json": ("json", "jsonld"),
}

#: The header with which our endpoint says it cut an answer at its row cap (the body looks
#: whole); `query --endpoint` reads it.
CUT_HEADER = "X-Akteursgraph-Truncated"

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Row = Sequence[Term | None]


def term_json(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": term_json(term.subject),
            "predicate": term_json(term.predicate),
            "object": term_json(term.object),
        },
    }


def _term_xml(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return (
                f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
            )
        return f"<literal>{escape(term.value)}</literal>"
    return (
        f"<triple><subject>{_term_xml(term.subject)}</subject>"
        f"<predicate>{_term_xml(term.predicate)}</predicate>"
        f"<object>{_term_xml(term.object)}</object></triple>"
    )


def _csv_field(term: Term | None) -> str:
    if term is None:
        return ""
    value = term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)
    if isinstance(term, ox.BlankNode):
        value = f"_:{term.value}"
    if any(c in value for c in ',"\r\n'):
        value = '"' + value.replace('"', '""') + '"'
    return value


def write_solutions(fmt: str, variables: Sequence[str], rows: Iterable[Row]) -> Iterator[str]:
    """Text pieces of a SELECT result in `fmt` (one of SOLUTION_FORMATS)."""
    if fmt == "json":
        yield '{"head":{"vars":' + json.dumps(list(variables)) + '},"results":{"bindings":['
        first = True
        for row in rows:
            binding = {
                v: term_json(t) for v, t in zip(variables, row, strict=True) if t is not None
            }
            yield ("" if first else ",") + json.dumps(binding, ensure_ascii=False)
            first = False
        yield "]}}\n"
    elif fmt == "xml":
        yield '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
        yield "<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
        yield "</head><results>"
        for row in rows:
            cells = "".join(
                f"<binding name={quoteattr(v)}>{_term_xml(t)}</binding>"
                for v, t in zip(variables, row, strict=True)
                if t is not None
            )
            yield f"<result>{cells}</result>"
        yield "</results></sparql>\n"
    elif fmt == "csv":
        yield ",".join(_csv_field(ox.Literal(v)) for v in variables) + "\r\n"
        for row in rows:
            yield ",".join(_csv_field(t) for t in row) + "\r\n"
    elif fmt == "tsv":
        yield "\t".join(f"?{v}" for v in variables) + "\n"
        for row in rows:
            yield "\t".join("" if t is None else str(t) for t in row) + "\n"
    else:  # pragma: no cover - callers check the format
        raise ValueError(fmt)


def write_boolean(fmt: str, value: bool) -> str:
    text = "true" if value else "false"
    if fmt == "json":
        return '{"head":{},"boolean":' + text + "}\n"
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{text}</boolean></sparql>\n"
        )
    if fmt == "csv":
        return f"_askResult\r\n{text}\r\n"
    return f"?_askResult\n{text}\n"
