"""What a commit touched, as the caches of public pages that follow publications see it.

The web layer keeps each public answer with what it showed (`Store.noting_reads`: the IRIs
of every row it read, and the list tokens of `lists.list_token`) and, after a commit, drops
the answers that showed something the commit touched (webapp/page_cache.py, `PageCache.publish`).
This module says what that is: the subjects and objects of the commit's public quads, the
lists whose members, counts or orders it may change, and the speaker directory when it
changes a speaker or a profile (`speaker_index.touches_directory`).

A list changes when one of its kind's members does (its label, a facet value, a date), when
an entity becomes or stops being a member, and when a fact that several members' facets
read through changes (a topic's goals, a speaker profile, the class hierarchy). The first is
looked up per touched IRI (the kind's members query, bound to it, on the store after the
commit: a statement that is not a type does not change membership, so "member now" is
"member before" too); for the others (types, schemes, goals, profiles, subclasses) every
list is counted as touched: such commits are rare and the lists are cheap to answer again.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

from ..errors import RowCapExceeded
from ..namespaces import AG, RDF_TYPE, RDFS, SCHEMA, SKOS
from ..resources import query
from ..store import Change, Store
from .compose import fill, fragment
from .lists import FILED_TOKEN, kind_queries, list_kinds, list_token
from .speaker_index import SPEAKERS_TOKEN, touches_directory
from .vocabulary import KINDS

#: Above this many quads a commit (a load, an import) counts as touching everything: looking
#: up each of its IRIs would cost more than answering the pages again.
MAX_QUADS = 5_000

#: Above this many IRIs every list counts as touched rather than each IRI looked up per kind.
MAX_LOOKUPS = 100

#: Predicates whose change may alter the lists of many members at once (see the docstring).
_EVERY_LIST = frozenset(
    {
        RDFS + "subClassOf",
        SKOS + "inScheme",
        AG + "sdg",
        AG + "hasSpeakerProfile",
        SCHEMA + "knowsAbout",
        SCHEMA + "knowsLanguage",
    }
)


def touched(store: Store, change: Change) -> frozenset[str] | None:
    """The IRIs (and blank node ids) of the subjects and objects of `change`'s public quads,
    with the list tokens of the lists it may change; None for "everything" (a bulk change,
    or a change of the class hierarchy, which the kinds of every page depend on)."""
    if not isinstance(change.add, list) or len(change) > MAX_QUADS:
        return None
    iris: set[str] = set()
    every_list = False
    classes: set[ox.NamedNode] = set()
    for q in _public_quads(store, change):
        predicate = q.predicate.value
        if predicate == RDFS + "subClassOf":
            return None
        every_list = every_list or predicate in _EVERY_LIST
        if isinstance(q.subject, ox.NamedNode | ox.BlankNode):
            iris.add(q.subject.value)
        if predicate == RDF_TYPE and isinstance(q.object, ox.NamedNode):
            # The class's own page lists what has it as a type (`typed_token`); every other
            # page that named the class (a type row, a kind) is not touched by one more or
            # one fewer of its instances. A load's record (a prov:Activity) and a new
            # organisation dropped every page that named their class (JSON twins walk).
            iris.add(typed_token(q.object.value))
            classes.add(q.object)
        elif isinstance(q.object, ox.NamedNode | ox.BlankNode):
            iris.add(q.object.value)
    if touches_directory(store, change):
        iris.add(SPEAKERS_TOKEN)
    typed = _kinds_of_classes(store, classes) if classes and not every_list else set()
    if every_list or typed:
        iris.add(FILED_TOKEN)
    if every_list or len(iris) > MAX_LOOKUPS:
        iris.update(list_token(kind) for kind in list_kinds())
        return frozenset(iris)
    iris.update(list_token(kind) for kind in typed)
    try:
        iris.update(list_token(kind) for kind in _kinds_of(store, iris))
    except RowCapExceeded:  # cannot happen for a bound lookup; if it did: everything
        return None
    return frozenset(iris)


def typed_token(iri: str) -> str:
    """What the page of `iri` depends on when `iri` is a class: the things that have it as a
    type (its incoming `rdf:type` links). Every entity page notes it for its own IRI; a type
    statement touches it for its class, not the class's IRI (see `touched`). Not an IRI (it
    has a space), so it never meets one."""
    return f"typed {iri}"


def _kinds_of_classes(store: Store, classes: set[ox.NamedNode]) -> set[str]:
    """The list kinds whose members or kind facet a type statement of one of `classes` may
    change: those whose class is one of them or a superclass (the lists' members are what has
    the kind's class or a subclass of it as a type, `explore/list/members-*.rq`; the topics',
    a concept in the topics' scheme)."""
    text = query("explore/list/class-under")
    kinds: set[str] = set()
    for kind in list_kinds():
        top = ox.NamedNode(KINDS[kind])
        for cls in classes:
            bound = {"class": cls, "kind": top}
            if any(True for _ in store.rows(text, bindings=bound, public_only=True)):
                kinds.add(kind)
                break
    return kinds


def _kinds_of(store: Store, iris: set[str]) -> set[str]:
    """The list kinds of which one of `iris` is a member."""
    kinds: set[str] = set()
    nodes = []
    for iri in sorted(iris):
        try:
            nodes.append(ox.NamedNode(iri))
        except ValueError:
            continue  # a blank node: no list member
    for kind in list_kinds():
        spec = kind_queries(kind)
        text = fill(query("explore/list/index-members"), {"members": fragment(spec.members)})
        for node in nodes:
            if any(True for _ in store.rows(text, bindings={"entity": node}, public_only=True)):
                kinds.add(kind)
                break
    return kinds


def _public_quads(store: Store, change: Change) -> Iterator[ox.Quad]:
    for quads in (change.remove, change.add):
        assert isinstance(quads, list)
        yield from (q for q in quads if store.is_public_graph(q.graph_name))
