"""How a draft will look once published: the entity page's facts with the draft applied.

A reviewer decides on what the public will see, not on N-Quads. The preview reads the very
view model the entity page reads (`explore.entity`), on an in-memory copy of the part of the
public data that page needs: the vocabulary graph (labels, kinds), the entity's public
description, what points at it and what it points to (one step each way, with their own
descriptions, so relations and their labels come out as on the page). The draft's quads are
applied to that copy, never to the store: nothing of a draft reaches the store before
publication. The copy holds public graphs only, so the preview shows exactly the public part
of the change; a page of the whole neighbourhood of a hub (a topic with a thousand members)
is cut at `MAX_QUADS`, and the preview says so.

Not in the preview: the provenance box (which load a statement came from), which the
reviewer does not decide on.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ..explore import entity
from ..operations import VOCABULARY_GRAPH
from ..store import Store
from .history import History
from .model import DRAFT, parse_nquads
from .plain import entity_names, entry_in_plain_words
from .reading import change_set
from .review import DraftConflict, check_versions

#: The most quads copied for one preview (the neighbourhood of a hub is cut there).
MAX_QUADS = 20_000
#: The most entities of one draft shown with a preview (the rest are listed).
MAX_ENTITIES = 10
#: The most sentences of one draft shown in words (the rest are counted).
MAX_WORDS = 200
#: How many of a draft's entities its buttons name ("Veröffentlichen: …, von edda: X, Y …").
TOUCHES_NAMED = 2
#: The most entities of one draft listed by name (the rest are counted): a draft of 20,000
#: new organisations listed them all, a queue page of 3 MB that took 17 s.
MAX_LISTED = 100


def review_queue(store: Store, lang: str) -> list[dict[str, Any]]:
    """The drafts waiting for review, oldest first, each with its change in words and a
    preview of every entity it touches (up to `MAX_ENTITIES`)."""
    history = History(store.path)
    return [draft_review(store, record.id, lang) for record in history.drafts()]


def draft_review(store: Store, change_id: str, lang: str) -> dict[str, Any]:
    """One draft for its reviewer: its record, its statements in words (capped), the
    entities it touches and how each one's public page looks before and after."""
    history = History(store.path)
    data = change_set(store.path, change_id)
    # In plain words (names, not prefixed names): the reviewer is office staff.
    touched = history.touched(change_id)
    data["entities"] = touched[:MAX_LISTED]
    # Those it names first: the words were about entries 103 to 149 of a draft that named
    # its first 100 (re-check).
    data["words"] = entry_in_plain_words(store, data, limit=MAX_WORDS, first=data["entities"])
    size = (data.get("added") or 0) + (data.get("removed") or 0)
    data["words_left_out"] = max(0, size - MAX_WORDS)
    data["entities_left_out"] = max(0, len(touched) - MAX_LISTED)
    data["names"] = entity_names(store, data, data["entities"], lang)
    # What the draft's controls name it by, besides its time and author: two drafts of one
    # person in one minute had buttons of one name, and the wrong one was published.
    data["touches"] = [data["names"].get(iri, iri) for iri in touched[:TOUCHES_NAMED]]
    for key in ("added_words", "removed_words", "added_nquads", "removed_nquads"):
        data.pop(key)
    data["changed_since"] = []
    if data["status"] == DRAFT:
        added, removed = history.payload(change_id, DRAFT)
        data["previews"] = previews(store, touched[:MAX_ENTITIES], added, removed, lang)
        # Said in the queue, before the reviewer presses Publish (the conflict showed only
        # then): the entries changed since the draft was saved.
        try:
            check_versions(history, history.get(change_id))
        except DraftConflict as conflict:
            moved = [iri for iri, _base, _now in conflict.moved]
            names = {**entity_names(store, {}, moved, lang), **data["names"]}
            data["changed_since"] = [names.get(iri, iri) for iri in moved]
    else:
        data["previews"] = []
    data["previews_left_out"] = max(0, len(touched) - MAX_ENTITIES)
    return data


def previews(
    store: Store, iris: list[str], added: bytes, removed: bytes, lang: str
) -> list[dict[str, Any]]:
    """For each of `iris` that has a public page before or after the change: that page's
    view model before and after (None where there is none), and which statements the change
    adds and removes. An entry public on neither side (internal data) has nothing to
    preview: "after publication it has no public page" was said of a draft's internal
    entries as if they lost one."""
    plus = [q for q in parse_nquads(added) if store.is_public_graph(q.graph_name)]
    minus = [q for q in parse_nquads(removed) if store.is_public_graph(q.graph_name)]
    seeds = set(iris) | _named(plus) | _named(minus)
    copy, cut = _public_copy(store, seeds)
    before = {iri: entity(copy, iri, lang) for iri in iris}
    for q in minus:
        copy.dataset.remove(q)
    copy.dataset.extend(plus)
    found = []
    for iri in iris:
        after = entity(copy, iri, lang)
        if after is None and before[iri] is None:
            continue
        old = _facts(before[iri])
        new = _facts(after)
        removed = [s for s in (before[iri] or {}).get("statements", []) if _fact(s) in old - new]
        found.append(
            {
                "iri": iri,
                "label": (after or before[iri] or {}).get("label") or iri,
                "before": before[iri],
                "after": after,
                "added": sorted({(predicate, value) for predicate, value, *_ in new - old}),
                "removed": removed,
                "rows": _rows(after, removed, new - old),
                "cut": cut,
            }
        )
    return found


def _rows(
    after: dict[str, Any] | None, removed: list[dict[str, Any]], added: set[Fact]
) -> list[dict[str, Any]]:
    """The preview's table: the page after the change, each statement marked "new" where
    the change adds it, and each removed one just above the first of its property in its
    language (else of its property: the old value above the new one); those of a property
    the page no longer has at the end. At the end all of them, a value replaced stood far
    from the value replacing it."""
    statements = (after or {}).get("statements", [])

    def place(r: dict[str, Any]) -> int:
        same = [i for i, s in enumerate(statements) if s["predicate"] == r["predicate"]]
        worded = [i for i in same if statements[i].get("lang") == r.get("lang")]
        return (worded or same or [len(statements)])[0]

    above: dict[int, list[dict[str, Any]]] = {}
    for r in removed:
        above.setdefault(place(r), []).append({"statement": r, "change": "removed"})
    rows: list[dict[str, Any]] = []
    for i, s in enumerate(statements):
        rows += above.get(i, [])
        change = "new" if _fact(s) in added else None
        rows.append({"statement": s, "change": change})
    return rows + above.get(len(statements), [])


#: A statement of a page as the preview compares it: predicate, value, language, datatype.
Fact = tuple[str, str, str, str]


def _fact(statement: dict[str, Any]) -> Fact:
    """With the value's language and datatype: a German name replaced while the English
    name read as the German one had, compared by text alone, was no change, and its row
    was not struck through (workspace walk)."""
    s = statement
    return (s["predicate"], s["value"], s.get("lang") or "", s.get("datatype") or "")


def _facts(view: dict[str, Any] | None) -> set[Fact]:
    return {_fact(s) for s in (view or {}).get("statements", [])}


def _named(quads: list[ox.Quad]) -> set[str]:
    return {t.value for q in quads for t in (q.subject, q.object) if isinstance(t, ox.NamedNode)}


def _public_copy(store: Store, seeds: set[str]) -> tuple[Store, bool]:
    """An in-memory store with the vocabulary and the public neighbourhood of `seeds`:
    their descriptions, what points at them (with its description) and the descriptions
    of what all of these point to. Returns it and whether `MAX_QUADS` cut it."""
    memory = ox.Store()
    copy = Store(store.path, memory, store.base_iri, read_only=True)
    vocabulary = ox.NamedNode(store.graph_iri(VOCABULARY_GRAPH))
    memory.extend(store.quads(graph=vocabulary))
    budget = [MAX_QUADS]

    def take(quads: list[ox.Quad]) -> bool:
        public = [q for q in quads if store.is_public_graph(q.graph_name)]
        if len(public) > budget[0]:
            return False
        budget[0] -= len(public)
        memory.extend(public)
        return True

    described: set[ox.NamedNode | ox.BlankNode] = set()
    pointed: set[str] = set()

    def describe(node: ox.NamedNode | ox.BlankNode) -> bool:
        if node in described:
            return True
        described.add(node)
        quads = list(store.description(node, public_only=True))
        pointed.update(q.object.value for q in quads if isinstance(q.object, ox.NamedNode))
        return take(quads)

    complete = True
    for iri in sorted(seeds):
        node = ox.NamedNode(iri)
        complete &= describe(node)
        for q in store.quads(None, None, node):
            if store.is_public_graph(q.graph_name) and not isinstance(q.subject, ox.Triple):
                complete &= describe(q.subject)
    for iri in sorted(pointed - {n.value for n in described if isinstance(n, ox.NamedNode)}):
        complete &= describe(ox.NamedNode(iri))
    return copy, not complete
