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
from ..namespaces import PREFIXES
from ..store import Change, Store, Term
from .guard import blank_literals

_PROLOGUE = re.compile(r"\s*(PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)", re.IGNORECASE)
_DATA_OP = re.compile(r"\s*(INSERT|DELETE)\s+DATA\s*\{", re.IGNORECASE)
#: What an update may hold, in German and English (the refusal of anything else says so).
_ALLOWED = ("Erlaubt sind INSERT DATA und DELETE DATA.", "Allowed are INSERT DATA and DELETE DATA.")


def _refuse(de: str, en: str) -> InvalidDataError:
    return InvalidDataError(de, en, where="update")


def parse_update(store: Store, text: str) -> Change:
    """Turn an update text into a `Change`; quads must name a public or internal graph."""
    code = blank_literals(text)
    change = Change()
    # The standard prefixes are predeclared, as for queries; the update's own come after.
    prologue = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()]
    pos = 0
    while pos < len(code):
        m = _PROLOGUE.match(text, pos)  # on the text: blanking hides the IRI
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
        depth, end = 1, m.end()
        while end < len(code) and depth:
            depth += {"{": 1, "}": -1}.get(code[end], 0)
            end += 1
        if depth:
            raise _refuse("Fehlende schließende Klammer }.", "Missing closing brace }.")
        body = text[m.end() : end - 1]
        quads = _parse_quads(store, "\n".join(prologue) + "\n" + body)
        (change.add if m.group(1).upper() == "INSERT" else change.remove).extend(quads)
        pos = end
        semicolon = re.match(r"\s*;", code[pos:])
        if semicolon:
            pos += semicolon.end()
    if not len(change):
        raise _refuse("Die Änderung ist leer.", "The update is empty.")
    return _fresh_blank_nodes(store, change)


def _fresh_blank_nodes(store: Store, change: Change) -> Change:
    """The change with each blank node that only its INSERT DATA names made a new one.

    SPARQL 1.1 Update inserts "fresh" blank nodes: `_:k` in one request is not `_:k` in the
    next. The engine keeps a parsed label, so two editors' `_:k` (an address each) became
    one node holding both streets. A label the store holds, or that the request's DELETE
    DATA names, still means that node: removing or editing a statement on a blank node
    names it by its stored label (issue 11)."""
    named = {t for q in change.remove for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}
    fresh: dict[ox.BlankNode, ox.BlankNode] = {}

    def renamed(term: Term) -> Term:
        if not isinstance(term, ox.BlankNode) or term in named:
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


def _parse_quads(store: Store, trig: str) -> list[ox.Quad]:
    try:
        quads = list(ox.parse(trig.encode(), format=ox.RdfFormat.TRIG, base_iri=store.base_iri))
    except SyntaxError as exc:
        raise _refuse(f"Syntaxfehler: {exc}", f"syntax error: {exc}") from exc
    for q in quads:
        if isinstance(q.graph_name, ox.DefaultGraph):
            raise _refuse(
                "Jede Aussage braucht einen Graphen: GRAPH <…/graph/public/NAME> { … } oder "
                "GRAPH <…/graph/internal/NAME> { … }.",
                "Every statement needs a graph: GRAPH <…/graph/public/NAME> { … } or "
                "GRAPH <…/graph/internal/NAME> { … }.",
            )
        store.graph_iri(q.graph_name.value, where="GRAPH")
    return quads
