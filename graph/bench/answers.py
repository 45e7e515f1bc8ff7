"""What a query answered, reduced to a row count and an order-independent checksum.

The benchmark checks before it times (docs/STYLE: "Benchmarks check before they time"): a
query that answers nothing, or the wrong thing, can look fast. So every way the benchmark runs
a gallery query (the engine in memory, the server's on-disk snapshot, /sparql over HTTP,
rdflib) first reduces one answer to an `Answer` here, and only an answer equal to the
engine's in memory is timed.

Rows are compared as a multiset, so the order the rows arrive in does not matter (a server
may stream them in another order than the engine when no ORDER BY fixes it); a CONSTRUCT or
DESCRIBE answer is a graph, compared as a set of triples. Every term is written out in full
(IRI, literal with language or datatype), except in two places where SPARQL lets engines
differ. Blank nodes: their labels are local to one answer, so all of them count as the same
term. And a column made by `GROUP_CONCAT(...; separator=S) AS ?v`: SPARQL leaves the order of
the parts open (pyoxigraph on disk and in memory already differ) and 1.1 and 1.2 differ on
its language tag, so such a cell counts as its parts, split at S and sorted, without tag.

Another engine may need a few more equivalences (`Rules`, applied to both sides, the engine's
reference answer recomputed under them): `VIRTUOSO` lists the ones Virtuoso needs, each for a
form Virtuoso writes differently, never for a different value.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
_MASK = 2**64 - 1

# GROUP_CONCAT(<expression>[; separator="S"]) AS ?v, the expression without semicolons.
_GROUP_CONCAT = re.compile(
    r"GROUP_CONCAT\s*\((?P<expr>[^;]*?)"
    r"(?:;\s*SEPARATOR\s*=\s*(?P<q>[\"'])(?P<sep>.*?)(?P=q))?\s*\)\s*AS\s+[?$](?P<var>\w+)",
    re.IGNORECASE | re.DOTALL,
)

#: Columns compared as unordered parts: variable name -> separator.
Concat = Mapping[str, str]


def concat_columns(query: str) -> dict[str, str]:
    """The variables a query binds to a GROUP_CONCAT, with their separators (default " ")."""
    return {m["var"]: " " if m["sep"] is None else m["sep"] for m in _GROUP_CONCAT.finditer(query)}


@dataclass(frozen=True)
class Rules:
    """Equivalences beyond the strict comparison, for another engine's forms of the same value.

    `booleans_as_numbers`: a boolean counts as the integer 1 or 0 (Virtuoso has no boolean
    value in expressions: BOUND, comparisons, CONTAINS come back as "1"^^xsd:integer).
    `empty_concat_unbound`: a GROUP_CONCAT column with no parts ("") counts as unbound (SPARQL
    1.1 leaves an aggregate over a group whose values are all unbound to the engine: pyoxigraph
    leaves the column unbound, Virtuoso skips the unbound values and gives "").
    """

    booleans_as_numbers: bool = False
    empty_concat_unbound: bool = False


STRICT = Rules()
#: What Virtuoso 7 needs (graph/bench/virtuoso.py); each rule was seen in the gallery.
VIRTUOSO = Rules(booleans_as_numbers=True, empty_concat_unbound=True)

_BOOLEAN_NUMBERS = {
    f'"{lexical}"^^<{XSD}boolean>': f'"{number}"^^<{XSD}integer>'
    for lexical, number in (("true", 1), ("1", 1), ("false", 0), ("0", 0))
}


def _cell(var: str, full: str, lexical: str, concat: Concat, rules: Rules = STRICT) -> str | None:
    """A cell as compared (None: as if unbound)."""
    separator = concat.get(var)
    if separator is None:
        return _BOOLEAN_NUMBERS.get(full, full) if rules.booleans_as_numbers else full
    if rules.empty_concat_unbound and not lexical:
        return None
    parts = lexical.split(separator) if separator else [lexical]
    return "\x1d".join(sorted(parts))


@dataclass(frozen=True)
class Answer:
    """One query's answer: how many rows (or distinct triples) and a checksum of them."""

    rows: int
    checksum: str

    def differs_from(self, expected: Answer) -> str | None:
        """None when equal; else a short reason for the report ("0 rows, engine 41")."""
        if self.rows != expected.rows:
            return f"{self.rows:,} rows, engine {expected.rows:,}"
        if self.checksum != expected.checksum:
            return f"{self.rows:,} rows as the engine, but other values"
        return None


def _digest(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def _summed(keys: Iterable[str]) -> Answer:
    """Sum of per-row digests: the same for the same rows in any order, and counts repeats."""
    total = count = 0
    for key in keys:
        total = (total + _digest(key)) & _MASK
        count += 1
    return Answer(count, f"{total:016x}")


def _row_key(cells: Mapping[str, str | None]) -> str:
    return "\x1e".join(f"{var}\x1f{cells[var]}" for var in sorted(cells) if cells[var] is not None)


def boolean_answer(value: bool) -> Answer:
    return _summed(["true" if value else "false"])


# ---- pyoxigraph terms (the engine, in memory or on disk; Turtle parsed back) ---------------


def ox_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return "_:"
    if isinstance(term, ox.Literal):
        return _literal(term.value, term.language, term.datatype.value)
    if isinstance(term, ox.Triple):
        return f"<<{ox_term(term.subject)} {ox_term(term.predicate)} {ox_term(term.object)}>>"
    raise TypeError(f"not an RDF term: {term!r}")


def _literal(value: str, language: str | None, datatype: str | None) -> str:
    if language:
        return f'"{value}"@{language.lower()}'
    if datatype and datatype != XSD_STRING:
        return f'"{value}"^^<{datatype}>'
    return f'"{value}"'


def engine_answer(result: object, concat: Concat | None = None, rules: Rules = STRICT) -> Answer:
    """The answer of `pyoxigraph.Store.query` (consumes the result)."""
    if isinstance(result, ox.QueryBoolean):
        return boolean_answer(bool(result))
    if not isinstance(result, ox.QuerySolutions):
        return triples_answer(result)  # type: ignore[arg-type]
    names = [v.value for v in result.variables]
    concat = concat or {}
    return _summed(
        _row_key(
            {
                n: _cell(n, ox_term(row[i]), getattr(row[i], "value", ""), concat, rules)
                for i, n in enumerate(names)
                if row[i] is not None
            }
        )
        for row in result
    )


def triples_answer(triples: Iterable[object]) -> Answer:
    """A graph answer: distinct triples (a graph is a set)."""
    return _summed(
        {" ".join(map(ox_term, (t.subject, t.predicate, t.object))) for t in triples}  # type: ignore[attr-defined]
    )


# ---- over HTTP: SPARQL JSON results, or Turtle for a graph ----------------------------------


def _json_term(term: Mapping[str, object]) -> str:
    kind = term["type"]
    if kind == "uri":
        return f"<{term['value']}>"
    if kind == "bnode":
        return "_:"
    if kind in ("literal", "typed-literal"):
        return _literal(str(term["value"]), term.get("xml:lang"), term.get("datatype"))  # type: ignore[arg-type]
    if kind == "triple":
        parts = term["value"]
        return "<<{} {} {}>>".format(
            *(_json_term(parts[k]) for k in ("subject", "predicate", "object"))  # type: ignore[index]
        )
    raise ValueError(f"unknown term type in SPARQL JSON: {kind!r}")


def json_answer(
    data: bytes | str | Mapping[str, object], concat: Concat | None = None, rules: Rules = STRICT
) -> Answer:
    """The answer in SPARQL 1.1 Query Results JSON (raw bytes, or parsed as by SPARQLWrapper)."""
    doc = json.loads(data) if isinstance(data, bytes | str) else data
    if "boolean" in doc:
        return boolean_answer(bool(doc["boolean"]))
    bindings = doc["results"]["bindings"]  # type: ignore[index]
    concat = concat or {}
    return _summed(
        _row_key(
            {
                var: _cell(var, _json_term(term), str(term.get("value", "")), concat, rules)
                for var, term in binding.items()
            }
        )
        for binding in bindings
    )


def turtle_answer(data: bytes | str) -> Answer:
    """A graph answer sent as Turtle."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return triples_answer(ox.parse(raw, format=ox.RdfFormat.TURTLE))


# ---- rdflib (the Python peer) -------------------------------------------------------------


def rdflib_term(term: object) -> str:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype else None
        return _literal(str(term), term.language, datatype)
    raise TypeError(f"not an RDF term: {term!r}")


def rdflib_answer(result: object, concat: Concat | None = None) -> Answer:
    """The answer of `rdflib.Graph.query`."""
    kind = result.type  # type: ignore[attr-defined]
    if kind == "ASK":
        return boolean_answer(bool(result.askAnswer))  # type: ignore[attr-defined]
    if kind in ("CONSTRUCT", "DESCRIBE"):
        return _summed({" ".join(map(rdflib_term, triple)) for triple in result})  # type: ignore[attr-defined]
    names = [str(v) for v in result.vars]  # type: ignore[attr-defined]
    concat = concat or {}
    return _summed(
        _row_key(
            {
                n: _cell(n, rdflib_term(row[i]), str(row[i]), concat)
                for i, n in enumerate(names)
                if row[i] is not None
            }
        )
        for row in result  # type: ignore[attr-defined]
    )
