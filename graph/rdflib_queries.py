"""rdflib's SPARQL processor, with each query text parsed once per process.

pySHACL (the reference validator, `Validator("pyshacl")`) runs each SPARQL-based constraint
once per focus node, and rdflib parses the text again at every call: half of a whole-store
check of the example went to pyparsing (104 parses of a handful of texts). A parsed and
translated query is meant to be used again with other bindings (rdflib's `prepareQuery`
does just that), so this processor keeps them, keyed by the text, the base and the prefixes.

A module of its own because importing rdflib's SPARQL engine costs a sixth of a second, which
only `--engine pyshacl` should pay.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache
from typing import Any

from rdflib.plugin import register
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor


@lru_cache(maxsize=512)
def _prepared(text: str, base: str | None, prefixes: tuple[tuple[str, str], ...]) -> Query:
    return translateQuery(parseQuery(text), base, dict(prefixes))


class PreparedOnceProcessor(SPARQLProcessor):
    """rdflib's processor; a text it has seen is not parsed again."""

    def query(  # type: ignore[override]
        self,
        strOrQuery: str | Query,  # rdflib calls it with its own keyword names
        initBindings: Mapping[str, Any] | None = None,
        initNs: Mapping[str, Any] | None = None,
        base: str | None = None,
        DEBUG: bool = False,
    ) -> Mapping[str, Any]:
        if isinstance(strOrQuery, str):
            prefixes = tuple(sorted((k, str(v)) for k, v in (initNs or {}).items()))
            strOrQuery = _prepared(strOrQuery, base, prefixes)
        return super().query(strOrQuery, initBindings, initNs, base, DEBUG)


@cache
def parse_each_query_once() -> None:
    """Put `PreparedOnceProcessor` in place of rdflib's own for this process (once)."""
    register("sparql", Processor, __name__, "PreparedOnceProcessor")
