"""The compiled SHACL checks at run time: what a check is, running them, what they read.

`shacl_sparql` compiles the shapes into these checks (with rdflib, which parses the shapes);
a process that only runs them (every writing process, once the checks come from their
generated file, `compiled_checks`) needs neither rdflib nor the compiler. rdflib's SPARQL
parser is imported only by `query_reads`, which reads a SPARQL constraint's patterns.

Each check also says what it reads of the nodes its focus node points at (`Check.reads`,
`value_reads`), and which of those reads more statements can break (`Check.added_reads`):
validating a write that changes a statement of X re-validates a node that points at X only
when one of its checks can read what was removed, or what was added where more can break it
(issue 15). A SPARQL constraint may also read the nodes that point at its focus node's values
(`Back`: the other statements about a statement's subject), which a write's context holds.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Container, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from itertools import count, islice

import pyoxigraph as ox

from .namespaces import RDF_TYPE as RDF_TYPE_IRI
from .namespaces import SH

RDF_TYPE = ox.NamedNode(RDF_TYPE_IRI)
#: In `Check.reads`: any predicate (a pattern with a variable predicate).
ANY = "*"
#: `Check.component` of a SPARQL constraint: the shape author's query text.
SPARQL_CONSTRAINT = SH + "SPARQLConstraintComponent"


class UnsupportedShape(ValueError):
    """The shapes use SHACL outside the compiled subset; extend the compiler, never skip."""


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a query whose rows are the violations."""

    query: str
    shape: str  # the source shape's IRI, or "" when it is a blank node
    component: str
    path: str | None
    severity: str
    messages: tuple[tuple[str, str], ...]  # (language, template)
    target: str = ""  # the group pattern that binds ?this to the focus nodes
    #: What the target pattern needs in the data: a node typed with one of these classes, or
    #: a statement with one of these predicates. A check whose data has neither finds nothing.
    target_classes: frozenset[str] = frozenset()
    target_predicates: frozenset[str] = frozenset()
    #: What the check reads of the nodes ?this points at: pairs (link, predicate), the
    #: statements with `predicate` of a value of ?this's `link` (either may be `ANY`). Made by
    #: the compiler for the constraints it writes; for SPARQL constraints `value_reads` reads
    #: them from the text.
    reads: frozenset[tuple[str, str]] = frozenset()
    #: Of `reads`, those that more statements can break (a condition on every value, a
    #: maximum, a negation): a write that adds such a statement to a node ?this points at
    #: re-validates ?this. The others (sh:class, minimum counts) only a removal can break.
    added_reads: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class Violation:
    check: Check
    node: ox.NamedNode | ox.BlankNode
    value: ox.NamedNode | ox.BlankNode | ox.Literal | None
    message: dict[str, str]


#: Up to this many quads to check (a single write with its context), the checks run one after
#: another: about 10 ms less CPU per validation at 1M quads than a thread per core.
SEQUENTIAL_QUADS = 5_000


def is_small(store: ox.Store) -> bool:
    """Whether `store` is too small for checking it on several threads to pay."""
    return sum(1 for _ in islice(store, SEQUENTIAL_QUADS + 1)) <= SEQUENTIAL_QUADS


def run_checks(
    checks: Iterable[Check], store: ox.Store, *, focus: Container[object] | None = None
) -> list[Violation]:
    """Run the compiled checks on `store`; with `focus`, keep only violations about those.

    The queries run on a thread per core: Oxigraph evaluates them without holding the GIL.
    """

    def one(check: Check) -> list[Violation]:
        found = []
        for row in store.query(check.query, use_default_graph_as_union=True):
            node = row["this"]
            if focus is None or node in focus:
                found.append(Violation(check, node, row["value"], _messages(check, row)))
        return found

    if focus is not None and is_small(store):
        # A small change: starting the threads costs more than the queries gain from them,
        # and most checks cannot match (their target's classes and predicates are absent):
        # two scans of a few hundred quads spare a few hundred queries.
        types = {q.object.value for q in store.quads_for_pattern(None, RDF_TYPE, None, None)}
        predicates = {q.predicate.value for q in store}
        return [
            v
            for check in checks
            if not check.target_classes.isdisjoint(types)
            or not check.target_predicates.isdisjoint(predicates)
            for v in one(check)
        ]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return [v for found in pool.map(one, checks) for v in found]


@dataclass(frozen=True)
class Back:
    """Nodes that point at a value of the focus node, read by a check with their statements
    (`ags:StatementAssertedShape` reads the other statements about its subject and property).

    `ways`: pairs (link, predicate), the nodes with `predicate` to a value of the focus node's
    `link`. They come from one graph pattern, so each such node has them all, and any one way
    finds them all: validation takes the one that finds fewest. `predicates`: what the check
    reads of them (`ANY`: every statement)."""

    ways: frozenset[tuple[str, str]]
    predicates: frozenset[str]


@dataclass(frozen=True)
class Reads:
    """What a query reads beyond its focus node's own statements, from its triple patterns.

    `pairs`: (link, predicate) as in `Check.reads`; `added`: those of them that more
    statements can break (`Check.added_reads`; all of a SPARQL constraint's, which may negate
    anything it reads). `back`: the nodes pointing at its values that it reads (`Back`).
    `beyond`: what no write's validation reads (it would have to follow the data two steps
    from the node checked, or back from it), in words: statements that point at ?this,
    values of values."""

    pairs: frozenset[tuple[str, str]]
    beyond: frozenset[str]
    added: frozenset[tuple[str, str]] = frozenset()
    back: frozenset[Back] = frozenset()


def value_reads(checks: Iterable[Check], read: Callable[[str], Reads] | None = None) -> Reads:
    """What `checks` read of the nodes their focus nodes point at, or that point at them.

    The compiler says it for the constraints it writes (`Check.reads`); a SPARQL constraint
    is the shape author's text, read from its parsed patterns by `read` (default
    `query_reads`; the validator passes `constraint_reads.reads_of`, which knows the shipped
    shapes' without parsing them)."""
    read = read or query_reads
    pairs: set[tuple[str, str]] = set()
    added: set[tuple[str, str]] = set()
    back: set[Back] = set()
    beyond: set[str] = set()
    for check in checks:
        pairs |= check.reads
        added |= check.added_reads
        if check.component == SPARQL_CONSTRAINT:
            found = read(check.query)
            pairs |= found.pairs
            added |= found.pairs
            back |= found.back
            beyond |= {f"{check.shape}: {b}" for b in found.beyond}
    return Reads(frozenset(pairs), frozenset(beyond), frozenset(added), frozenset(back))


@cache
def query_reads(text: str) -> Reads:
    """The reads of one query by its triple patterns (anywhere: EXISTS, MINUS, UNION).

    Scopes are ignored (a variable is one node wherever it occurs), which only reads more;
    but the patterns of a node pointing at the focus node's values count as one `Back` per
    basic graph pattern, where they hold together. rdflib parses it: Oxigraph does not show
    a query's algebra. (Slow, tens of ms a query: tests run it on every compiled check; the
    product only on SPARQL constraints.)"""
    import rdflib
    from rdflib.plugins.sparql.algebra import translatePrologue
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    # The parse tree, not the algebra: rdflib's algebra leaves a FILTER inside an EXISTS out.
    parsed = parseQuery(text)
    prologue = translatePrologue(parsed[0], None)
    blocks = count()

    def patterns(node: object) -> Iterable[tuple[object, object, object, int]]:
        if isinstance(node, CompValue):
            if node.name == "TriplesBlock":  # flat lists of terms, three by three
                block = next(blocks)
                for flat in node["triples"]:
                    terms = [prologue.absolutize(t) for t in flat]
                    for s, p, o in zip(terms[0::3], terms[1::3], terms[2::3], strict=True):
                        yield s, p, o, block
            for value in node.values():
                yield from patterns(value)
        elif isinstance(node, list | tuple):
            for value in node:
                yield from patterns(value)

    def predicate(p: object) -> str:
        # A plain predicate parses as a path of one step: alternative > sequence > element.
        while isinstance(p, CompValue) and p.name in ("PathAlternative", "PathSequence"):
            if len(p["part"]) != 1:
                break
            p = p["part"][0]
        if isinstance(p, CompValue) and p.name == "PathElt" and "mod" not in p:
            p = prologue.absolutize(p["part"])
        if isinstance(p, rdflib.URIRef):
            return str(p)
        if not isinstance(p, rdflib.Variable):
            raise UnsupportedShape(f"a property path in a SPARQL constraint: {p}")
        return ANY

    this = rdflib.Variable("this")
    found = list(patterns(parsed[1]))
    links: dict[object, set[str]] = {}
    for s, p, o, _ in found:
        if s == this and o != this and not isinstance(o, rdflib.Literal):
            links.setdefault(o, set()).add(predicate(p))
    subjects = {s for s, _, _, _ in found}
    pairs: set[tuple[str, str]] = set()
    beyond: set[str] = set()
    # A variable that points at a value of ?this, by basic graph pattern: its ways there.
    pointing: dict[tuple[object, int], set[tuple[str, str]]] = {}
    for s, p, o, block in found:
        if s in links:
            pairs |= {(link, predicate(p)) for link in links[s]}
            if o in subjects and o != this and o != s:
                beyond.add(f"values of values ({predicate(p)} of a value on {links[s]})")
        elif s != this and o == this:
            beyond.add(f"statements pointing at ?this ({predicate(p)})")
        elif s != this and o in links:
            if isinstance(s, rdflib.Variable):
                ways = pointing.setdefault((s, block), set())
                ways |= {(link, predicate(p)) for link in links[o]}
            else:
                beyond.add(f"statements of a named node pointing at a value ({predicate(p)})")
    back: set[Back] = set()
    for (node, _), ways in pointing.items():
        read = {predicate(p) for s, p, _, _ in found if s == node}
        back.add(Back(frozenset(ways), frozenset({ANY} if ANY in read else read)))
        for s, p, o, _ in found:
            if s == node and o in subjects and o not in links and o not in (this, node):
                beyond.add(f"values of nodes pointing at a value ({predicate(p)})")
            elif o == node and s != node:
                beyond.add(f"statements pointing at nodes pointing at a value ({predicate(p)})")
    return Reads(frozenset(pairs), frozenset(beyond), frozenset(pairs), frozenset(back))


def _messages(check: Check, row: ox.QuerySolution) -> dict[str, str]:
    out: dict[str, str] = {}
    for lang, template in check.messages:

        def fill(m: re.Match[str]) -> str:
            term = row[m.group(1)]
            return "" if term is None else term.value

        out.setdefault(lang, re.sub(r"\{[?$](\w+)\}", fill, template))
    return out
