"""The speaker directory in memory: every speaker's offer, read once per store version.

Why: the directory's answers change only with a write, but with a filter chosen the engine
answered each page anew, and more than once: the list itself, then once per filter for the
facet counts under the other filters, and once per filter for the "without this filter"
counts of an empty page; each time the composed query over every speaker profile. At the
1M district (4,250 speakers) a cold `/speakers?language=de` took 9.4-14.7 s,
`language=de&format=…` 4.6-8.0 s, and two such pages at once 19 s each (a 2-core machine
shared with other work). Now the facts are read once (one query,
`explore/speaker-directory.rq`: 0.57-0.78 s there) and every filter combination, its facet
counts and its pages are answered from memory: a cold page of 25 speakers, filtered or
not, in 4-10 ms, two at once in under 20 ms.

What is held: one numbered entry per (person, profile) that offers anything, with its values
per facet (the strings a page shows and counts), and per filter the entries each value
matches; the people in label order per interface language. A filter is a set intersection,
a facet count the size of one (the people, not the entries, are counted: a person with two
profiles counts once).

What it answers is what the engine answered (tests/test_speaker_index.py compares both, the
composed queries kept in tests/speaker_reference.py): a filter matches a profile (the
engine joined the filter blocks on `?profile`), so with several filters one profile must
offer them all; a person passes when one of their profiles does and shows the values of the
profiles that pass. A filter value matches a term, as it did bound into the query: a
language code as a plain string, the others as IRIs (text that is no IRI matches a string
of that text: `bindable_iri`). People with the same label are ordered by IRI (the engine
left them in its row order).

How it follows writes: `Store.derived` keeps it until a write of public data; the first
reader after one reads it again if the writes touched the directory (`touches_directory`:
a speaker-profile link, or any statement about a speaker or a profile: their labels, what
they offer), and keeps it otherwise.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import chain

import pyoxigraph as ox

from ..languages import LANGUAGES
from ..namespaces import AG
from ..resources import query
from ..store import Change, Store, Term
from .vocabulary import (
    KNOWS_ABOUT,
    KNOWS_LANGUAGE,
    OFFERS_FORMAT,
    REGIONAL_FOCUS,
    Labels,
    bindable_iri,
    sort_key,
)

log = logging.getLogger(__name__)
log.setLevel(logging.INFO)  # the read time is worth seeing in `serve`'s output (facet_index)

HAS_SPEAKER_PROFILE = AG + "hasSpeakerProfile"

#: Filter name -> the property it filters by and the facet (key of the entries' values).
FILTERS: dict[str, tuple[str, str]] = {
    "topic": (KNOWS_ABOUT, "topics"),
    "language": (KNOWS_LANGUAGE, "languages"),
    "format": (OFFERS_FORMAT, "formats"),
    "region": (REGIONAL_FOCUS, "regions"),
}
#: The facets, in the order pages show them.
FACETS = tuple(key for _, key in FILTERS.values())
_BY_PROPERTY = {prop: (name, key) for name, (prop, key) in FILTERS.items()}

#: What a page of the directory depends on beyond the IRIs it read (`Store.note_reads`): the
#: speakers, their labels and offers, kept here. Not an IRI (it has a space), so it never
#: meets one; `touched.touched` names it for a commit that changes the directory.
SPEAKERS_TOKEN = "speaker directory"

#: Above this many subjects a commit counts as touching the directory rather than each
#: subject being looked up (two quad lookups each).
MAX_LOOKUPS = 1_000


@dataclass(frozen=True)
class SpeakerIndex:
    """The directory at one store version. Never changed after it is built: many threads
    read one index at once."""

    #: The speakers' IRIs, numbered.
    persons: tuple[str, ...]
    names: Labels
    #: Entry -> the number of its person.
    owner: tuple[int, ...]
    #: Entry -> facet -> the values it offers (IRIs, language codes).
    offers: tuple[Mapping[str, frozenset[str]], ...]
    #: Person -> their entries.
    entries_of: tuple[tuple[int, ...], ...]
    #: Filter -> term -> the entries whose profile offers it.
    matching: Mapping[str, Mapping[Term, frozenset[int]]]
    #: Facet -> value -> the entries that offer it.
    holders: Mapping[str, Mapping[str, frozenset[int]]]
    #: Language -> the persons in label order.
    orders: Mapping[str, tuple[int, ...]]
    #: Whether a person has more than one entry (counts then count persons, not entries).
    shared: bool
    seconds: float

    def passing(self, chosen: Mapping[str, str | None]) -> frozenset[int] | None:
        """The entries that pass every chosen filter; None when none is chosen (all)."""
        found: frozenset[int] | None = None
        for name, value in chosen.items():
            if not value:
                continue
            term = ox.Literal(value) if name == "language" else bindable_iri(value)
            matched = self.matching[name].get(term, frozenset())
            found = matched if found is None else found & matched
        return found

    def people(self, passing: frozenset[int] | None) -> set[int]:
        """The persons with an entry in `passing` (None: every person)."""
        if passing is None:
            return set(range(len(self.persons)))
        return {self.owner[e] for e in passing}

    def ordered(self, passing: frozenset[int] | None, lang: str) -> list[int]:
        """The persons with an entry in `passing`, in label order for `lang`."""
        order = self.orders[lang]
        if passing is None:
            return list(order)
        shown = self.people(passing)
        return [p for p in order if p in shown]

    def counts(self, facet: str, passing: frozenset[int] | None) -> dict[str, int]:
        """How many persons with an entry in `passing` offer each value of `facet` (values
        none of them offers are left out)."""
        found: dict[str, int] = {}
        for value, holders in self.holders[facet].items():
            held = holders if passing is None else holders & passing
            if held:
                found[value] = len({self.owner[e] for e in held}) if self.shared else len(held)
        return found

    def offered(self, person: int, passing: frozenset[int] | None) -> dict[str, set[str]]:
        """What one person offers in their entries in `passing`, per facet."""
        found: dict[str, set[str]] = {key: set() for key in FACETS}
        for entry in self.entries_of[person]:
            if passing is None or entry in passing:
                for key, values in self.offers[entry].items():
                    found[key] |= values
        return found


def speaker_index(store: Store) -> SpeakerIndex:
    """The directory, read by the first reader and kept across writes that do not touch it
    (`Store.derived`, single flight: readers arriving meanwhile wait for it)."""
    return store.derived(
        "speaker-index",
        lambda: build(store),
        lambda kept, changes: (
            build(store) if any(touches_directory(store, c) for c in changes) else kept
        ),
    )


def build(store: Store) -> SpeakerIndex:
    """Read the directory's facts (`explore/speaker-directory.rq`) and index them. Rows are
    read by position: a name costs a lookup per row (facet_index.build)."""
    began = time.perf_counter()
    persons: dict[str, int] = {}
    names = Labels()
    entries: dict[tuple[int, Term], int] = {}
    owner: list[int] = []
    offers: list[dict[str, set[str]]] = []
    matching: dict[str, dict[Term, set[int]]] = {name: {} for name in FILTERS}
    holders: dict[str, dict[str, set[int]]] = {key: {} for key in FACETS}
    text = query("explore/speaker-directory")
    for row in store.rows(text, public_only=True, max_rows=Store.SCAN_ROWS):
        person = row[0].value
        if row[2] is None:  # a label row
            names.add(person, row[4])
            continue
        number = persons.setdefault(person, len(persons))
        entry = entries.setdefault((number, row[1]), len(owner))
        if entry == len(owner):
            owner.append(number)
            offers.append({key: set() for key in FACETS})
        name, key = _BY_PROPERTY[row[2].value]
        term = row[3]
        matching[name].setdefault(term, set()).add(entry)
        if not isinstance(term, ox.BlankNode):  # STR() of a blank node is no value to show
            offers[entry][key].add(term.value)
            holders[key].setdefault(term.value, set()).add(entry)
    iris = tuple(persons)
    entries_of: list[list[int]] = [[] for _ in iris]
    for entry, number in enumerate(owner):
        entries_of[number].append(entry)
    orders = {lang: _label_order(iris, names, lang) for lang in LANGUAGES}
    seconds = time.perf_counter() - began
    log.info("speaker index: %d speakers, %d profiles in %.2f s", len(iris), len(owner), seconds)
    return SpeakerIndex(
        persons=iris,
        names=names,
        owner=tuple(owner),
        offers=tuple({k: frozenset(v) for k, v in found.items()} for found in offers),
        entries_of=tuple(tuple(found) for found in entries_of),
        matching={n: {t: frozenset(e) for t, e in m.items()} for n, m in matching.items()},
        holders={k: {v: frozenset(e) for v, e in h.items()} for k, h in holders.items()},
        orders=orders,
        shared=len(owner) > len(iris),
        seconds=seconds,
    )


def _label_order(iris: tuple[str, ...], names: Labels, lang: str) -> tuple[int, ...]:
    """The persons by label in `lang` (as the pages compare labels: `sort_key`), ties by IRI."""
    keys = [(sort_key(names.get(iri, lang)), iri) for iri in iris]
    return tuple(sorted(range(len(iris)), key=keys.__getitem__))


def touches_directory(store: Store, change: Change) -> bool:
    """Whether `change` may change the directory: a public speaker-profile link added or
    removed, or a public statement about a speaker or a profile (a label, an offer). Looked
    up on the store after the change: a subject that stopped being a speaker in it lost its
    profile link in it, which the first test sees."""
    if not isinstance(change.add, list):
        return True  # a load: too many to look up
    subjects: set[ox.NamedNode | ox.BlankNode] = set()
    for q in _public_quads(store, change):
        if q.predicate.value == HAS_SPEAKER_PROFILE:
            return True
        subjects.add(q.subject)  # type: ignore[arg-type]
    if len(subjects) > MAX_LOOKUPS:
        return True
    return any(_in_directory(store, subject) for subject in subjects)


def _public_quads(store: Store, change: Change) -> Iterable[ox.Quad]:
    for quads in (change.remove, change.add):
        yield from (q for q in quads if store.is_public_graph(q.graph_name))


def _in_directory(store: Store, node: ox.NamedNode | ox.BlankNode) -> bool:
    """Whether `node` is a speaker or a speaker profile in a public graph."""
    link = ox.NamedNode(HAS_SPEAKER_PROFILE)
    found = chain(store.quads(node, link), store.quads(None, link, node))
    return any(store.is_public_graph(q.graph_name) for q in found)
