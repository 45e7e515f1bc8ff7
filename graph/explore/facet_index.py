"""The facet index of one kind: every filter, count, sort and page of its list, in Python.

A list page asks three things of a filter combination: how many entities pass it, how many
would pass with each value of each facet (under the other facets' filters), and which
entities make up page N in label or date order. Asked of the engine, that was a composed
SPARQL query per facet and one per page, for every combination nobody had asked since the
last write: 2.0-2.5 s single-threaded for one cold filtered list of the 22,003 organisations
of the 1.42M district, 9.2 s p50 at 16 clients. The answers only change with a write, so
this module reads the unfiltered facts of a kind once (`build`): the members, each facet's
(entity, value) pairs, the facet values' labels, the sort labels and the dates. A handful of
queries per kind; then every combination is bit arithmetic.

How it follows writes: the index keeps the facts it was made of (`FacetIndex.facts`, by IRI),
and after a commit of public data the first list of the kind has it follow the commit
(`follow`, through `Store.derived` and `lists.follow_changes`): only the commit's subjects and
objects are read again (bound to the IRI, the members query, the date and each facet: small
lookups), the other members' facts are taken over, and the orders and masks are updated in
place for the members whose facts changed (`_moved`): each is taken out of every order at
its old place and put in at its new one, both found by bisection, and every mask's bits
above each place shift by one (a member whose key in an order stayed only has its bits
changed there). A build read every fact of the kind, which grows with the data; a follow
reads what the commit touched and updates what that changed. Making the orders and masks
anew from the facts, as the follow did before, cost 0.41 s for the 22,003 organisations
of the 1.42M district after one rename (the whole kind sorted and masked again); the
update in place costs 13 ms after one rename, 35 ms after five (a third of it the reads;
measured on a 2-core machine shared with other work).
tests/test_facet_index.py checks that a followed index equals a new build after each of
many random small changes (renames that move a member, dates, topics).

How it is held: the members are numbered once per sort order (label and date, per interface
language), and each facet value is a Python int whose bit i says whether the i-th member in
that order has the value. A filter is OR within a facet and AND across facets; a count is
`int.bit_count()`; a page is the set bits at ranks offset..offset+per_page of the filter
in the order asked for, found by counting bits per byte. For the 22,003 organisations a
mask is 2.7 kB and an AND or a count a microsecond or two.

The order is the one the SPARQL pages had: by the label in the reader's language, else in
the other interface language, else the IRI, lower-cased (SPARQL's LCASE and Python's
`str.lower` are both Unicode's full lower-casing), compared by code point, ties by IRI;
by date, newest first, entities without a date last, ties as by label.
"""

from __future__ import annotations

import datetime
import logging
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import accumulate

import pyoxigraph as ox

from ..languages import LANGUAGES, fallback
from ..memory import one_copy
from ..resources import query
from ..store import Store
from .compose import fill, fragment
from .vocabulary import Labels

log = logging.getLogger(__name__)
# The build time of each index is worth seeing in `serve`'s output (waitress sets up logging
# at WARNING): this logger alone says INFO. Where nothing is set up (the CLI), it stays quiet.
log.setLevel(logging.INFO)

#: Facets whose values are resources (IRIs, with labels); the others are strings.
IRI_FACETS = frozenset({"kind", "topic", "sdg", "district"})


def this_decade() -> str:
    """Today's decade as the period facet writes one ("2020"), read once per index build."""
    return str(datetime.date.today().year)[:3] + "0"


def facet_values(facet: str, row: tuple[ox.Term | None, ...], now: str) -> list[str]:
    """The values a facet query's row gives its entity: its value, and for the period (a
    decade, "2010") every decade from it to the row's third column, the decade it ended
    in, or, where that is unbound (it has not ended), `now` (`this_decade`). The filter
    finds what ran at a time: "2020–2029" had listed only what began then, not a project
    of 2019–2021 nor an organisation founded in 1998 (search-and-lists walk)."""
    first = row[1]
    if first is None:
        return []
    if facet != "period" or len(row) < 3 or not first.value.isdigit():
        return [first.value]
    until = row[2].value if row[2] is not None else now
    if not until.isdigit() or int(until) < int(first.value):
        return [first.value]
    width = len(first.value)
    return [f"{d:0{width}d}" for d in range(int(first.value), int(until) + 1, 10)]


# Set bits per byte value, for `bytes.translate`: how many members a byte of a mask holds.
_POPCOUNT = bytes(bin(b).count("1") for b in range(256))


@dataclass(frozen=True)
class KindQueries:
    """Which queries describe one kind: its members, its facets (name -> query), its date."""

    members: str
    facets: Mapping[str, str]
    date: str | None


@dataclass(frozen=True)
class _Facts:
    """What a build reads of a kind, by member IRI (see `FacetIndex.facts`)."""

    names: dict[str, dict[str, str]]
    dates: dict[str, str]
    values: dict[str, dict[str, set[str]]]
    #: facet -> value -> label candidates (IRI facets only).
    value_names: dict[str, dict[str, dict[str, str]]]


@dataclass(frozen=True)
class _Order:
    """The members in one sort order, and each facet value as a bit mask in that order."""

    entities: tuple[str, ...]
    masks: Mapping[str, Mapping[str, int]]


@dataclass(frozen=True)
class FacetIndex:
    """The list of one kind at one store version, answered from memory. Never changed after
    it is built: many threads read one index at once."""

    size: int
    facets: tuple[str, ...]
    #: (sort, lang) -> order; a kind without dates has its label orders under "date" too.
    orders: Mapping[tuple[str, str], _Order]
    #: facet -> the label candidates of its values (IRI facets only).
    value_labels: Mapping[str, Labels]
    seconds: float
    #: The facts it was made of, for `follow`: each member's names (language -> the smallest
    #: label), dates, and facet -> value -> members.
    facts: _Facts | None = None

    def _mask(
        self, order: _Order, chosen: Mapping[str, list[str]], skip: str | None = None
    ) -> int | None:
        """The members that pass the chosen values of every facet but `skip` (OR within a
        facet, AND across), as a mask in `order`; None when nothing is chosen (all pass)."""
        mask: int | None = None
        for facet, values in chosen.items():
            if facet == skip or not values:
                continue
            masks = order.masks.get(facet, {})
            either = 0
            for value in values:
                either |= masks.get(value, 0)
            mask = either if mask is None else mask & either
        return mask

    def values(self, facet: str) -> list[str]:
        """The values some member has for `facet` (what a filter of it can choose)."""
        return list(self._counting.masks.get(facet, {}))

    def knows(self, facet: str, value: str) -> bool:
        """Whether some member has `value` for `facet` (a value nobody has is no filter)."""
        return value in self._counting.masks.get(facet, {})

    def total(self, chosen: Mapping[str, list[str]]) -> int:
        """How many members pass the chosen values."""
        mask = self._mask(self._counting, chosen)
        return self.size if mask is None else mask.bit_count()

    def counts(self, facet: str, chosen: Mapping[str, list[str]]) -> dict[str, int]:
        """Each value of `facet` with the number of members that have it and pass the other
        facets' chosen values (values no such member has are left out)."""
        order = self._counting
        base = self._mask(order, chosen, skip=facet)
        found: dict[str, int] = {}
        for value, mask in order.masks.get(facet, {}).items():
            count = mask.bit_count() if base is None else (mask & base).bit_count()
            if count:
                found[value] = count
        return found

    def page(
        self, chosen: Mapping[str, list[str]], sort: str, lang: str, offset: int, limit: int
    ) -> list[str]:
        """The IRIs of the members at ranks offset .. offset+limit-1 of those that pass the
        chosen values, in the order `sort` for the language `lang`."""
        order = self.orders[(sort, lang)]
        mask = self._mask(order, chosen)
        if mask is None:
            return list(order.entities[offset : offset + limit])
        return [order.entities[i] for i in _set_bits(mask, offset, limit)]

    @property
    def _counting(self) -> _Order:
        # Counts do not depend on the order; any one will do.
        return self.orders[("label", LANGUAGES[0])]


def _set_bits(mask: int, skip: int, limit: int) -> list[int]:
    """The positions of the set bits of `mask` at ranks skip .. skip+limit-1 (lowest first).

    Counted per byte in C (`bytes.translate`, `accumulate`), so only the bytes of the page
    itself are looked at bit by bit."""
    data = mask.to_bytes((mask.bit_length() + 7) // 8, "little")
    running = list(accumulate(data.translate(_POPCOUNT)))
    found: list[int] = []
    start = bisect_right(running, skip)  # the first byte whose bits reach past `skip`
    seen = running[start - 1] if start else 0
    for at in range(start, len(data)):
        byte = data[at]
        while byte:
            low = byte & -byte
            if seen >= skip:
                found.append(at * 8 + low.bit_length() - 1)
                if len(found) == limit:
                    return found
            seen += 1
            byte ^= low
    return found


def build(store: Store, kind: str, spec: KindQueries) -> FacetIndex:
    """Read the unfiltered facts of one kind and index them (see the module's docstring).

    Rows are read by position (`row[0]`), not by name: a name costs a lookup per row, which
    was a third of the Python time of a build."""
    began = time.perf_counter()
    public = {"public_only": True, "max_rows": Store.SCAN_ROWS}
    # Members and their names in one read; the smallest label per language, should a member
    # have two (the SPARQL pages then listed it twice).
    names: dict[str, dict[str, str]] = {}
    text = fill(query("explore/list/index-members"), {"members": fragment(spec.members)})
    # One string per member IRI (and date), shared with the network and the search index
    # (`one_copy`): a row's terms are new strings each time.
    for row in store.rows(text, **public):
        _name(names.setdefault(one_copy(row[0].value), {}), row[1])
    dates: dict[str, str] = {}
    if spec.date is not None:
        for row in store.rows(query(spec.date), **public):
            if row[0].value in names and row[1] is not None:
                dates[one_copy(row[0].value)] = one_copy(row[1].value)
    # Each facet's query alone, its pairs kept for members only: joining it with the members
    # query in the engine would run that query once per facet again.
    values: dict[str, dict[str, set[str]]] = {}
    value_names: dict[str, dict[str, dict[str, str]]] = {}
    now = this_decade()
    for facet, name in spec.facets.items():
        found: dict[str, set[str]] = {}
        for row in store.rows(query(name), **public):
            if row[0].value in names:
                for value in facet_values(facet, row, now):
                    found.setdefault(value, set()).add(one_copy(row[0].value))
        values[facet] = found
        if facet in IRI_FACETS:
            value_names[facet] = {v: _value_names(store, v) for v in sorted(found)}
    facts = _Facts(names, dates, values, value_names)
    return _assemble(kind, spec, facts, began)


def follow(
    store: Store, kind: str, spec: KindQueries, index: FacetIndex, touched: set[str]
) -> FacetIndex:
    """The index after commits that touched `touched` (subjects and objects of their public
    quads): only those IRIs' facts are read again (the members query, the date and each
    facet bound to the IRI: a few small lookups each), the facts of every other member are
    taken over, and the orders and masks are updated in place for the members whose facts
    changed (`_moved`), not made anew.

    The caller (`lists.facet_index`, through `Store.derived`) sends here only commits whose
    effect stays with the touched IRIs; commits that change facts many members' facets read
    through (a topic's goals, the class hierarchy, a speaker profile) rebuild the index."""
    began = time.perf_counter()
    if index.facts is None:
        return build(store, kind, spec)
    old = index.facts
    names = dict(old.names)
    dates = dict(old.dates)
    # Shallow copies: a value's member set is copied only when a touched IRI changes it
    # (`own`), so a follow does not copy every member of every value.
    values = {facet: dict(found) for facet, found in old.values.items()}
    copied: set[tuple[str, str]] = set()

    def own(facet: str, value: str) -> set[str]:
        if (facet, value) not in copied:
            copied.add((facet, value))
            values[facet][value] = set(values[facet].get(value, ()))
        return values[facet][value]

    value_names = {facet: dict(found) for facet, found in old.value_names.items()}
    members_text = fill(query("explore/list/index-members"), {"members": fragment(spec.members)})
    now = this_decade()
    for iri in map(one_copy, sorted(touched)):
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            continue  # a blank node: never a member, never a value
        bound = {"bindings": {"entity": node}, "public_only": True}
        had = {(f, v) for f, found in values.items() for v, m in found.items() if iri in m}
        has: set[tuple[str, str]] = set()
        names.pop(iri, None)
        dates.pop(iri, None)
        rows = list(store.rows(members_text, **bound))
        if rows:
            mine = names[iri] = {}
            for row in rows:
                _name(mine, row[1])
            if spec.date is not None:
                for row in store.rows(query(spec.date), **bound):
                    if row[1] is not None:
                        dates[iri] = one_copy(row[1].value)
            for facet, name in spec.facets.items():
                for row in store.rows(query(name), **bound):
                    has.update((facet, value) for value in facet_values(facet, row, now))
        for facet, value in had - has:
            own(facet, value).discard(iri)
        for facet, value in has - had:
            own(facet, value).add(iri)
        for found_names in value_names.values():
            if iri in found_names:  # a facet value whose name may have changed
                found_names[iri] = _value_names(store, iri)
    for facet, value in copied:
        if not values[facet][value]:
            del values[facet][value]
    for facet, found in values.items():
        if facet in value_names:
            known = value_names[facet]
            for value in found.keys() - known.keys():
                known[value] = _value_names(store, value)
            for value in known.keys() - found.keys():
                del known[value]
    facts = _Facts(names, dates, values, value_names)
    moved = [i for i in sorted(touched) if _member(old, i) != _member(facts, i)]
    if not moved and value_names == old.value_names:
        return index  # nothing of this kind changed (the commit was about other kinds)
    orders: dict[tuple[str, str], _Order] = {}
    for (sort, lang), order in index.orders.items():
        if sort == "date" and spec.date is None:
            continue  # the label order, shared (below)
        orders[(sort, lang)] = _moved(order, old, facts, moved, sort, lang)
    if spec.date is None:
        for lang in LANGUAGES:
            orders[("date", lang)] = orders[("label", lang)]
    value_labels: dict[str, Labels] = {}
    for facet, found_names in value_names.items():
        labels = value_labels[facet] = Labels()
        labels.update(found_names)
    seconds = time.perf_counter() - began
    log.info("facet index of %s: followed %d changed of %d touched in %.3f s",
             kind, len(moved), len(touched), seconds)  # fmt: skip
    return FacetIndex(len(names), tuple(spec.facets), orders, value_labels, seconds, facts)


def _member(facts: _Facts, iri: str) -> tuple[object, ...]:
    """What `facts` hold about `iri` as a member: names, date, facet values (None, None and
    nothing when it is not one). A member whose facts are unchanged keeps its place."""
    return (
        facts.names.get(iri),
        facts.dates.get(iri),
        _values_of(facts, iri),
    )


class _Descending:
    """A sort key compared the other way round (the date order is newest first)."""

    __slots__ = ("key",)

    def __init__(self, key: tuple[bool, str]) -> None:
        self.key = key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Descending) and self.key == other.key

    def __lt__(self, other: _Descending) -> bool:
        return self.key > other.key

    __hash__ = None  # type: ignore[assignment]


def _sort_key(facts: _Facts, sort: str, lang: str) -> Callable[[str], tuple[object, ...]]:
    """The key a member has in the order (sort, lang) with these facts, as `_assemble`
    sorts: by label (its key, then the IRI); by date, newest first and the undated last,
    ties by label."""
    names, dates = facts.names, facts.dates
    if sort == "label":
        return lambda e: (_label_key(names[e], lang, e), e)
    return lambda e: (_Descending((e in dates, dates.get(e, ""))), _label_key(names[e], lang, e), e)


def _moved(
    order: _Order, old: _Facts, new: _Facts, moved: list[str], sort: str, lang: str
) -> _Order:
    """`order` after the members `moved` changed their facts from `old` to `new`.

    A member whose key in this order stayed (a German rename, seen from the English order)
    keeps its place: only its bits change where its facet values did. Any other is taken
    out at its old place (found by bisection with the old facts: every other member keeps
    its key) and put in at its new place (bisection with the new facts), and every mask's
    bits above each place shift by one. A shift of a Python int is one pass in C over
    2.7 kB for the 22,003 organisations: a moved member costs a few hundred of them,
    milliseconds, where making the orders and masks anew took 0.4 s (1.42M district)."""
    before, after = _sort_key(old, sort, lang), _sort_key(new, sort, lang)
    stay = [i for i in moved if i in old.names and i in new.names and before(i) == after(i)]
    go = [i for i in moved if i not in stay]
    flips = {i: _values_of(old, i) ^ _values_of(new, i) for i in stay}
    if not go and not any(flips.values()):
        return order  # nothing this order shows changed
    entities = list(order.entities)
    masks = {facet: dict(found) for facet, found in order.masks.items()}
    for iri in go:
        if iri not in old.names:
            continue  # it was no member
        at = _place(entities, iri, before)
        del entities[at]
        low = (1 << at) - 1
        for found in masks.values():
            for value, mask in found.items():
                if mask >> at:
                    found[value] = (mask & low) | ((mask >> (at + 1)) << at)
    for iri in go:
        if iri not in new.names:
            continue  # it is no member (any more)
        at = bisect_left(entities, after(iri), key=after)
        entities.insert(at, iri)
        low = (1 << at) - 1
        for found in masks.values():
            for value, mask in found.items():
                if mask >> at:
                    found[value] = (mask & low) | ((mask >> at) << (at + 1))
        for facet, value in _values_of(new, iri):
            masks[facet][value] = masks[facet].get(value, 0) | (1 << at)
    for iri, changed in flips.items():
        bit = 1 << _place(entities, iri, after)
        for facet, value in changed:
            masks[facet][value] = masks[facet].get(value, 0) ^ bit
    for facet, found in masks.items():
        for value in [v for v in found if v not in new.values.get(facet, {})]:
            del found[value]  # a value no member has any more
    return _Order(tuple(entities), masks)


def _place(entities: list[str], iri: str, key: Callable[[str], tuple[object, ...]]) -> int:
    """Where `iri` stands in `entities`, sorted by `key`: found by bisection."""
    at = bisect_left(entities, key(iri), key=key)
    if at < len(entities) and entities[at] == iri:
        return at
    return entities.index(iri)  # never expected: the order and its facts disagree


def _values_of(facts: _Facts, iri: str) -> set[tuple[str, str]]:
    """The (facet, value) pairs of one member."""
    return {(f, v) for f, found in facts.values.items() for v, m in found.items() if iri in m}


def _name(own: dict[str, str], label: object) -> None:
    """Keep `label` among a member's names if it is the smallest of its language so far.
    Only the interface languages' are kept: they alone sort a list (`_label_key`)."""
    if isinstance(label, ox.Literal) and label.language in LANGUAGES:
        language = one_copy(label.language)  # a new string with every row otherwise
        known = own.get(language)
        if known is None or label.value.lower() < known.lower():
            own[language] = label.value


def _assemble(kind: str, spec: KindQueries, facts: _Facts, began: float) -> FacetIndex:
    """The orders and masks of an index, made from its facts in memory."""
    members = sorted(facts.names)  # numbered by IRI: the same facts, the same index
    number = {e: i for i, e in enumerate(members)}
    dates = {number[e]: d for e, d in facts.dates.items()}
    values = {
        facet: {v: sorted(number[e] for e in m) for v, m in found.items()}
        for facet, found in facts.values.items()
    }
    value_labels: dict[str, Labels] = {}
    for facet, found_names in facts.value_names.items():
        labels = value_labels[facet] = Labels()
        labels.update(found_names)
    orders: dict[tuple[str, str], _Order] = {}
    for lang in LANGUAGES:
        keys = [_label_key(facts.names[e], lang, e) for e in members]
        by_label = sorted(range(len(members)), key=lambda i: (keys[i], members[i]))
        orders[("label", lang)] = _order(members, by_label, values)
        if spec.date is None:
            orders[("date", lang)] = orders[("label", lang)]
        else:
            # Stable: within one date (and among the undated, last) the label order stays.
            by_date = sorted(by_label, key=lambda i: (i in dates, dates.get(i, "")), reverse=True)
            orders[("date", lang)] = _order(members, by_date, values)
    seconds = time.perf_counter() - began
    log.info("facet index of %s: %d entities in %.2f s", kind, len(members), seconds)
    return FacetIndex(len(members), tuple(spec.facets), orders, value_labels, seconds, facts)


def _label_key(candidates: Mapping[str, str], lang: str, iri: str) -> str:
    """The sort key of a member: its label in `lang`, else in the other interface language,
    else its IRI, lower-cased (as SPARQL's LCASE(STR(COALESCE(...))) did)."""
    return (candidates.get(lang) or candidates.get(fallback(lang)) or iri).lower()


def _order(
    members: list[str], ranked: list[int], values: Mapping[str, Mapping[str, list[int]]]
) -> _Order:
    """The members in this order (`ranked`: member numbers, first first) and each facet value
    as a bit mask in it. A mask is written as a string of '0' and '1', one per member, last
    member first, and read by `int(..., 2)`, which is linear in C: cheaper than setting bits
    one by one in Python."""
    rank = [0] * len(members)
    for position, i in enumerate(ranked):
        rank[i] = position
    zeros = bytearray(b"0") * len(members)
    masks: dict[str, dict[str, int]] = {}
    for facet, found in values.items():
        masks[facet] = {}
        for value, numbers in found.items():
            digits = zeros[:]
            for i in numbers:
                digits[rank[i]] = 49  # "1"
            digits.reverse()
            masks[facet][value] = int(digits, 2)
    return _Order(tuple(members[i] for i in ranked), masks)


def _value_names(store: Store, value: str) -> dict[str, str]:
    """The label candidates of one facet value (language -> the first found): one small
    lookup each (a few dozen values per kind)."""
    try:
        node = ox.NamedNode(value)
    except ValueError:
        return {}
    labels = Labels()
    for row in store.rows(
        query("explore/list/value-labels"), bindings={"value": node}, public_only=True
    ):
        labels.add(value, row["label"])
    return labels.all(value)
