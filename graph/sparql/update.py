"""SPARQL Update for staff, as validated, all-or-nothing writes.

Only the data forms (`INSERT DATA`, `DELETE DATA`, in any sequence) are accepted: their effect
is known before anything is written, so the change can pass SHACL and the privacy rules like
every other write and then be applied in one transaction. Pattern-based forms
(`DELETE/INSERT ... WHERE`, `LOAD`, `CLEAR`, `DROP`, ...) are refused with a message.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from ..errors import InvalidDataError
from ..loader import parser_message_de, refuse_deep_nesting
from ..namespaces import PREFIXES, RDF
from ..store import Change, Store, Term
from .guard import blank_comments, blank_literals, opaque_literals

_PROLOGUE = re.compile(r"\s*(PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)", re.IGNORECASE)
_DATA_OP = re.compile(r"\s*(INSERT|DELETE)\s+DATA\s*\{", re.IGNORECASE)
#: What an update may hold, in German and English (the refusal of anything else says so).
_ALLOWED = ("Erlaubt sind INSERT DATA und DELETE DATA.", "Allowed are INSERT DATA and DELETE DATA.")


def _refuse(de: str, en: str) -> InvalidDataError:
    return InvalidDataError(de, en, where="update")


def parse_update(store: Store, text: str) -> Change:
    """Turn an update text into a `Change`; quads must name a public or internal graph."""
    code = blank_literals(text)
    # A comment before a PREFIX is no part of it: the prologue is read with the comments
    # blanked out and its IRIs kept ("Not supported: PREFIX" after a "# ..." line; walk).
    uncommented = blank_comments(text)
    #: Each quad the update names, with whether the last operation naming it inserts it:
    #: SPARQL 1.1 runs the operations of a request one after another, so `INSERT DATA {q} ;
    #: DELETE DATA {q}` leaves q out (it was kept: the inserts had been gathered apart).
    last: dict[ox.Quad, bool] = {}
    # The standard prefixes are predeclared, as for queries; the update's own come after.
    prologue = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()]
    pos = 0
    while pos < len(code):
        m = _PROLOGUE.match(uncommented, pos)  # not on `code`: blanking hides the IRI
        if m:
            prologue.append(text[m.start(1) : m.end(1)])
            pos = m.end()
            continue
        m = _DATA_OP.match(code, pos)
        if not m:
            rest = code[pos:].strip()
            if not rest:
                break
            word = rest.split(None, 1)[0].upper()
            raise _refuse(
                f"Nicht unterstützt: {word} … {_ALLOWED[0]}",
                f"Not supported: {word} … {_ALLOWED[1]}",
            )
        opened, end = [m.end() - 1], len(code)  # where each brace still open stands
        for brace in _BRACE.finditer(code, m.end()):
            if brace.group() == "{":
                opened.append(brace.start())
            else:
                opened.pop()
                if not opened:
                    end = brace.end()
                    break
        if opened:
            # Where: the brace left open, as a line and a column of the text as sent (it
            # said only "Fehlende schließende Klammer }"; exploratory test).
            at = opened[-1]
            line = text.count("\n", 0, at) + 1
            column = at - (text.rfind("\n", 0, at) + 1) + 1
            raise _refuse(
                f"Fehlende schließende Klammer }}: die Klammer {{ in Zeile {line}, Spalte "
                f"{column} ist nicht geschlossen.",
                f"Missing closing brace }}: the brace {{ at line {line}, column {column} is "
                "not closed.",
            )
        inserts = m.group(1).upper() == "INSERT"
        for quad in _parse_body(store, prologue, text, m.end(), end - 1):
            last.pop(quad, None)  # its place in the change: where it was named last
            last[quad] = inserts
        pos = end
        semicolon = re.match(r"\s*;", code[pos:])
        if semicolon:
            pos += semicolon.end()
    if not last:
        raise _refuse("Die Änderung ist leer.", "The update is empty.")
    change = _fresh_blank_nodes(
        store,
        Change(
            add=[q for q, inserted in last.items() if inserted],
            remove=[q for q, inserted in last.items() if not inserted],
        ),
    )
    # As a load's are (`loader`): each write that touches the outer subject walks the whole
    # nest, and an editor's chain of 5,000 blank nodes held every other write for 93 s.
    refuse_deep_nesting(
        (
            (q.subject, q.object)
            for q in change.add
            if isinstance(q.subject, ox.BlankNode)
            and isinstance(q.object, ox.BlankNode)
            and q.predicate != _RDF_REST
        ),
        "update",
    )
    return change


_RDF_REST = ox.NamedNode(RDF + "rest")


def _fresh_blank_nodes(store: Store, change: Change) -> Change:
    """The change with each blank node that only its INSERT DATA names made a new one.

    SPARQL 1.1 Update inserts "fresh" blank nodes: `_:k` in one request is not `_:k` in the
    next. The engine keeps a parsed label, so two editors' `_:k` (an address each) became
    one node holding both streets. A label the store holds still means that node: removing
    or editing a statement on a blank node names it by its stored label (issue 11). A label
    only the request's DELETE DATA names is no stored node: it had been kept as written, so
    that the next request's `_:k` met it, and two editors' notes became one node (walk)."""
    fresh: dict[ox.BlankNode, ox.BlankNode] = {}

    def renamed(term: Term) -> Term:
        if not isinstance(term, ox.BlankNode):
            return term
        if term not in fresh:
            stored = next(store.quads(term), None) or next(store.quads(None, None, term), None)
            fresh[term] = term if stored is not None else ox.BlankNode()
        return fresh[term]

    added = [
        ox.Quad(renamed(q.subject), q.predicate, renamed(q.object), q.graph_name)
        for q in change.add
    ]
    return Change(add=added, remove=change.remove)


_NEEDS_GRAPH = (
    "Jede Aussage braucht einen Graphen: GRAPH <…/graph/public/NAME> { … } oder "
    "GRAPH <…/graph/internal/NAME> { … }.",
    "Every statement needs a graph: GRAPH <…/graph/public/NAME> { … } or "
    "GRAPH <…/graph/internal/NAME> { … }.",
)
_GRAPH_HEAD = re.compile(r"GRAPH\s+\S*", re.IGNORECASE)
_BRACE = re.compile(r"[{}]")


def _after_block(code: str, start: int, end: int, dots: list[int]) -> str:
    """`code[start:end]`, text outside every block, without the dot that may follow a
    block (its place noted in `dots`): the first character there after the spaces, when a
    block's `}` stands before `start`."""
    part = code[start:end]
    lead = len(part) - len(part.lstrip())
    if start > 0 and code[start - 1] == "}" and part[lead : lead + 1] == ".":
        dots.append(start + lead)
        return part[:lead] + part[lead + 1 :]
    return part


_PARSER_LINE = re.compile(r"\bline (\d+)")


def _parse_body(
    store: Store, prologue: list[str], text: str, start: int, end: int
) -> list[ox.Quad]:
    """The quads of one INSERT DATA or DELETE DATA block (`text[start:end]`, inside its
    braces), read as TriG after the prologue. Its shape is read with strings and IRIs made
    opaque (`opaque_literals`): a brace or a dot in them is none of the grammar's, and a
    triple of them outside a GRAPH block is still there to be refused.

    SPARQL's quad data is not TriG in two ways, both refused before as syntax errors: a
    `.` may follow a `GRAPH … { }` block, and triples outside one need no final `.` (we
    refuse those for their missing graph, and said "unexpected end" instead, or, for a
    triple of full IRIs and a string, "Triples should be followed by a dot": blanked, it
    was not seen outside). And a parser error names its place in the text as sent: the
    prologue's lines counted, the update's errors were said to be some 23 lines further
    down than they were (exploratory test)."""
    body, body_code = text[start:end], opaque_literals(text[start:end])
    # What stands outside every GRAPH block, read between the braces (the block's are
    # balanced: `parse_update` found its end so). A character loop over the whole text took
    # 1.7 s for a 15 MB update, and another in `parse_update` 2.9 s.
    depth, outside, dots, after = 0, [], [], 0
    for brace in _BRACE.finditer(body_code):
        if depth == 0:
            outside.append(_after_block(body_code, after, brace.start(), dots))
        depth += 1 if brace.group() == "{" else -1
        after = brace.end()
    outside.append(_after_block(body_code, after, len(body_code), dots))
    if dots:  # the optional dot after a GRAPH block, blanked (same length: same columns)
        kept = [body[a + 1 : b] for a, b in zip([-1, *dots], [*dots, len(body)], strict=True)]
        body = " ".join(kept)
    if _GRAPH_HEAD.sub("", "".join(outside)).strip(" \t\r\n."):
        raise _refuse(*_NEEDS_GRAPH)
    first_line = text.count("\n", 0, start)  # 0-based line of the block's first character
    column = start - (text.rfind("\n", 0, start) + 1)
    trig = "\n".join(prologue) + "\n" + " " * column + body
    try:
        quads = list(ox.parse(trig.encode(), format=ox.RdfFormat.TRIG, base_iri=store.base_iri))
    except SyntaxError as exc:
        shift = len(prologue) - first_line

        def as_sent(found: re.Match[str]) -> str:
            return f"line {max(1, int(found.group(1)) - shift)}"

        message = _PARSER_LINE.sub(as_sent, str(exc.msg if hasattr(exc, "msg") else exc))
        german = parser_message_de(message, "SPARQL Update", "Die Änderung")
        raise _refuse(f"Syntaxfehler: {german}", f"syntax error: {message}") from exc
    for q in quads:
        if isinstance(q.graph_name, ox.DefaultGraph):
            raise _refuse(*_NEEDS_GRAPH)
        store.graph_iri(q.graph_name.value, where="GRAPH")
    return quads
