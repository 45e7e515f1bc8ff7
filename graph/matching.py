"""The one matcher: which existing entities a name from outside probably means.

Used by the spreadsheet import (suspected duplicates, and the stable key of a row without a
key column; `akteursgraph.importing`) and by the reconciliation service (issue 15), so both
find the same candidates with the same scores.

Names are compared by a normal form (`normalise`, `key`):

- case, accents and ß are folded, and ä/ö/ü become ae/oe/ue, so "Müller" == "Mueller"
  (the search index's `fold_umlauts`);
- legal forms are dropped wherever they stand: "e.V.", "e. V.", "eV", "eingetragener Verein",
  "n.e.V.", "gGmbH", "GmbH", "gUG", "UG (haftungsbeschränkt)", "GbR", "i.G." (`LEGAL_FORMS`),
  so "AfricAvenir International e.V." == "AfricAvenir International";
- punctuation separates words, and the words are compared as a sorted set, so word order
  does not count ("Rat Afrika" == "Afrika-Rat") and neither does a hyphen ("Afrikarat").

Abbreviations: the model keeps them as `skos:altLabel` (docs/model.md, "Labels everywhere";
there is no separate abbreviation property), and every alternative label is matched like a
label, so "AMK" finds "Afrikanischer Muslimkreis AMK e.V." when that has the altLabel "AMK".
A short all-letters name that equals the initials of a label scores lower, as a guess.

Scores (0-100):

- 100: the label (or alternative label) equals the name up to case;
- 95: equal in normal form (umlaut spelling, legal form, word order, punctuation);
- 90: equal in normal form, but both names carry a legal form and they differ ("Bildungswerk
  Diaspora e.V." and "Bildungswerk Diaspora gGmbH": an association and the company it
  founded often share a name), so never a match (`legal_forms`; the word overlap below may
  give such a pair up to 94, still no match);
- 80: the name is the initials of a label (a guess);
- otherwise up to 94: weighted word overlap (Dice over the words, each word weighted by how
  rare it is among all labels, so "Verein" or "Berlin" count little), where a word also
  meets a misspelt or shortened one ("Afrikavenir" ~ "AfricAvenir", "Internat." ~
  "International", "Nadia" ~ "Nadja") at a reduced weight. Candidates below `MIN_SCORE`
  (40) are not shown, and an entity that shares only the name's common words (its score
  then below `GATHER_SCORE`, 60) may be left out: that keeps a batch fast when a name is
  mostly "Verein Berlin".

`Candidate.match` is true only for a score of at least `MATCH_SCORE` (95) that no other
candidate shares: an automatic match is never a coin toss between two entities.

The entities are read once (`Matcher.from_store`, two scans of the store's labels and types,
the same `.rq` files as the search index) and kept in memory with the normal forms indexed,
so a batch of names costs dictionary look-ups and set operations, not queries (100 names
in about 0.3 s of CPU among the 68,000 entities of the benchmark district at 1.35M quads);
`refresh` re-reads a few entities after a commit (a reconciliation service subscribes it to
the writer). No SPARQL is ever built from a name: names only meet the index.

API: `Matcher.from_store(store)` (or `from_labels` for entities not stored yet),
`match(name, type=None, limit=5) -> list[Candidate]`, `match_many([Query | str])`.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

import pyoxigraph as ox

from .collector import collector_paused
from .explore.vocabulary import class_hierarchy
from .namespaces import RDF_TYPE, SCHEMA, SKOS
from .resources import query
from .search.folding import fold_umlauts
from .search.reading import SKIPPED_TYPES
from .store import Store

#: The lowest score that counts as the same entity (`Candidate.match`, when unique).
MATCH_SCORE = 95
SCORE_EXACT = 100
SCORE_NORMAL = 95
#: Equal in normal form, but each name with a legal form, and the two differ: a suspected
#: duplicate, never a match (`legal_forms`).
SCORE_OTHER_FORM = 90
SCORE_INITIALS = 80
#: A fuzzy score stays below a match: word overlap alone never merges two entities.
SCORE_FUZZY_MAX = 94
#: Candidates scoring less are not worth showing (and not gathered: see `Matcher._fuzzy`).
MIN_SCORE = 40
#: The similarity of a label word that a word of the name shortens ("internat").
SIMILAR_PREFIX = 0.85
_PREFIX_WORDS = 20
#: Words this short need only two trigrams in common with a label word to be compared.
_SHORT_WORD = 6
#: Entries that share only a name's common words score below this and are not gathered (they
#: would be thousands for "Verein Berlin"); above it, every entry is.
GATHER_SCORE = 60

#: Legal forms, as word sequences of the normal form (after folding and splitting at
#: punctuation: "e. V." -> ("e", "v")). Dropped wherever they stand. "Stiftung", "Verein"
#: and "AG" stay: they are often part of the name itself ("Stiftung Nord-Süd-Brücken",
#: "AG Migration").
LEGAL_FORMS: tuple[tuple[str, ...], ...] = (
    ("nicht", "eingetragener", "verein"),
    ("eingetragener", "verein"),
    ("n", "e", "v"),
    ("nev",),
    ("e", "v"),
    ("ev",),
    ("gemeinnuetzige", "gmbh"),
    ("ggmbh",),
    ("gmbh",),
    ("mbh",),
    ("ug", "haftungsbeschraenkt"),
    ("gug",),
    ("gbr",),
    ("i", "g"),
    ("in", "gruendung"),
)
_LEGAL_BY_FIRST: dict[str, list[tuple[str, ...]]] = defaultdict(list)
for _form in LEGAL_FORMS:
    _LEGAL_BY_FIRST[_form[0]].append(_form)

#: Small words that glue a name together; they count little in the word overlap (as if very
#: common), but still count for an exact or normal-form match.
STOPWORDS = frozenset((
    "der", "die", "das", "des", "dem", "den", "und", "fuer", "von", "vom", "im", "in", "am",
    "an", "auf", "aus", "bei", "mit", "zu", "zur", "zum", "u", "a", "e", "the", "of", "and",
    "for", "at", "on", "de", "la", "le", "les", "et", "du", "el", "y",
))  # fmt: skip
_STOPWORD_WEIGHT = 0.1
_WORD = re.compile(r"[^\W_]+")
_LABEL_PROPERTIES = frozenset({SKOS + "prefLabel", SKOS + "altLabel", SCHEMA + "name"})
_PREF_LABEL = SKOS + "prefLabel"


def words(name: str) -> list[str]:
    """The words of a name in normal form, in their order, legal forms dropped (a name made
    only of a legal form keeps it)."""
    return list(_words(name))


def _words(name: str) -> tuple[str, ...]:
    return _scanned(name)[0]


@lru_cache(maxsize=1 << 16)
def _scanned(name: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The name's words without its legal forms (a name made only of a legal form keeps
    it), and the legal forms found, in one pass: `words` and `legal_forms` read the same
    scan. Cached: an import asks for the same value-list texts and names over and over."""
    tokens = _WORD.findall(fold_umlauts(name))
    kept: list[str] = []
    forms: list[tuple[str, ...]] = []
    i = 0
    while i < len(tokens):
        for form in _LEGAL_BY_FIRST.get(tokens[i], ()):
            if tuple(tokens[i : i + len(form)]) == form:
                forms.append(form)
                i += len(form)
                break
        else:
            kept.append(tokens[i])
            i += 1
    return tuple(kept or tokens), tuple(forms)


#: The kind of legal person each legal form names: two names whose kinds differ are two
#: organisations. "i. G." (in founding) names none: the same organisation, founded later.
_FORM_KINDS: dict[tuple[str, ...], str] = {
    ("nicht", "eingetragener", "verein"): "nev",
    ("n", "e", "v"): "nev",
    ("nev",): "nev",
    ("eingetragener", "verein"): "ev",
    ("e", "v"): "ev",
    ("ev",): "ev",
    ("gemeinnuetzige", "gmbh"): "ggmbh",
    ("ggmbh",): "ggmbh",
    ("gmbh",): "gmbh",
    ("mbh",): "gmbh",
    ("ug", "haftungsbeschraenkt"): "ug",
    ("gug",): "gug",
    ("gbr",): "gbr",
}


def legal_forms(name: str) -> frozenset[str]:
    """The kinds of legal person the legal forms in a name name ("e. V." and "eingetragener
    Verein" are one), as `words` finds and drops them. An import row "Bildungswerk
    Diaspora gGmbH" was taken for the existing "Bildungswerk Diaspora e.V." and replaced its
    kinds (import walk): equal up to legal form, which is meant for a name written without
    its form, not for two different ones."""
    return frozenset(_FORM_KINDS[form] for form in _scanned(name)[1] if form in _FORM_KINDS)


def other_legal_form(name: str, label: str) -> bool:
    """Whether both carry a legal form and the kinds differ."""
    mine, theirs = legal_forms(name), legal_forms(label)
    return bool(mine and theirs and mine.isdisjoint(theirs))


def key(name: str) -> str:
    """The normal form of a name as one string: its words, sorted, deduplicated."""
    return " ".join(sorted(set(_words(name))))


def normalise(name: str) -> str:
    """The normal form with the words in their order (for the compact spelling and display)."""
    return " ".join(words(name))


def initials(name: str) -> str:
    """The first letters of the words of a name ("Berliner Entwicklungspolitischer
    Ratschlag" -> "ber"); "" for a name of one word."""
    w = words(name)
    return "".join(t[0] for t in w) if len(w) > 1 else ""


@dataclass(frozen=True)
class Candidate:
    """An entity a name may mean: its IRI, its label (German first), its type (the most
    fitting rdf:type: the one asked for, else the first), the score 0-100 and whether it
    counts as the same entity (a unique score of at least `MATCH_SCORE`)."""

    iri: str
    label: str
    type: str
    score: int
    match: bool


@dataclass(frozen=True)
class Query:
    """One name of a batch, with the type its entity must have (None: any)."""

    name: str
    type: str | None = None
    limit: int = 5


@dataclass
class _Entity:
    iri: str
    types: tuple[str, ...]
    labels: dict[str, str] = field(default_factory=dict)  # language -> prefLabel
    entries: list[int] = field(default_factory=list)


@dataclass
class _Entry:
    doc: int
    text: str
    words: frozenset[str]


class Matcher:
    """Names -> candidate entities, over labels read once from a store (module docstring)."""

    def __init__(self, hierarchy: dict[str, set[str]] | None = None) -> None:
        self._hierarchy = hierarchy or {}
        self._docs: list[_Entity | None] = []
        self._doc_of: dict[str, int] = {}
        self._entries: list[_Entry | None] = []
        self._free_entries: list[int] = []
        self._exact: dict[str, set[int]] = defaultdict(set)  # casefolded text -> entries
        self._keys: dict[str, set[int]] = defaultdict(set)  # key -> entries
        self._compact: dict[str, set[int]] = defaultdict(set)  # words joined -> entries
        self._initials: dict[str, set[int]] = defaultdict(set)
        self._postings: dict[str, set[int]] = defaultdict(set)  # word -> entries
        self._grams: dict[str, set[str]] = defaultdict(set)  # trigram -> words
        self._weights: dict[str, float] = {}
        self._unknown_weight = 0.0
        self._entry_weights: list[float] = []  # the sum of each entry's word weights
        self._entry_doc: list[int] = []  # each entry's entity (-1: a free slot)
        self._sorted_words: list[str] | None = None
        self._similar: dict[str, dict[str, float]] = {}  # word -> similar words, cached

    def __len__(self) -> int:
        return len(self._doc_of)

    # ---- building ------------------------------------------------------------------------

    @classmethod
    def from_store(cls, store: Store, *, public_only: bool = True) -> Matcher:
        """Read the labels, alternative labels and names of every entity (the public graphs
        only, unless `public_only` is false: the import also looks at internal data, such as
        living persons; the types with the search index's query, the names with
        `matching/labels.rq`), and index their normal forms.

        Helper nodes (memberships, speaker profiles, site namings) are left out, as in search.
        The cycle collector rests meanwhile (`collector_paused`: millions of index objects).
        """
        with collector_paused():
            return cls._read(store, public_only)

    @classmethod
    def _read(cls, store: Store, public_only: bool) -> Matcher:
        matcher = cls(class_hierarchy(store))
        types: dict[str, list[str]] = defaultdict(list)
        # Rows unpacked by position (a third faster than by name over 190,000 types of the
        # 1.42M district), in the order `_columns` checks first.
        rows = store.rows(
            query("explore/search-types"), public_only=public_only, max_rows=Store.SCAN_ROWS
        )
        _columns(rows, "subject", "type")
        for subject, type_ in rows:
            if isinstance(subject, ox.NamedNode):
                types[subject.value].append(type_.value)
        texts: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        rows = store.rows(
            query("matching/labels"), public_only=public_only, max_rows=Store.SCAN_ROWS
        )
        _columns(rows, "subject", "property", "text")
        for subject, prop_term, text in rows:
            prop = prop_term.value
            if (
                prop in _LABEL_PROPERTIES
                and isinstance(subject, ox.NamedNode)
                and isinstance(text, ox.Literal)
            ):
                texts[subject.value].append((prop, text.language or "", text.value))
        for iri, found in texts.items():
            matcher._add(iri, tuple(sorted(set(types.get(iri, ())))), found)
        matcher._reweigh()
        return matcher

    @classmethod
    def from_labels(
        cls,
        entities: Iterable[tuple[str, Sequence[str], Sequence[tuple[str, str, str]]]],
        hierarchy: dict[str, set[str]] | None = None,
    ) -> Matcher:
        """A matcher over given entities: (iri, types, [(property, language, text)]), the
        property being skos:prefLabel, skos:altLabel or schema:name. For entities that are
        not in a store yet (the rows of the file being imported)."""
        matcher = cls(hierarchy)
        for iri, types, texts in entities:
            matcher._add(iri, tuple(sorted(set(types))), list(texts))
        matcher._reweigh()
        return matcher

    def refresh(self, store: Store, iris: Iterable[str], *, public_only: bool = True) -> None:
        """Re-read these entities (after a commit touched them): a few pattern look-ups each."""
        type_node = ox.NamedNode(RDF_TYPE)
        for iri in iris:
            self._remove(iri)
            node = ox.NamedNode(iri)

            def visible(q: ox.Quad) -> bool:
                return not public_only or store.is_public_graph(q.graph_name)

            types = tuple(
                sorted({q.object.value for q in store.quads(node, type_node) if visible(q)})
            )
            texts = [
                (prop, q.object.language or "", q.object.value)
                for prop in sorted(_LABEL_PROPERTIES)
                for q in store.quads(node, ox.NamedNode(prop))
                if visible(q) and isinstance(q.object, ox.Literal)
            ]
            if texts:
                self._add(iri, types, texts)
        self._reweigh()

    def _add(self, iri: str, types: tuple[str, ...], texts: list[tuple[str, str, str]]) -> None:
        if SKIPPED_TYPES.intersection(types):
            return
        doc_id = len(self._docs)
        entity = _Entity(iri, types)
        self._docs.append(entity)
        self._doc_of[iri] = doc_id
        seen: set[str] = set()
        for prop, language, text in texts:
            if prop == _PREF_LABEL and text < entity.labels.get(language, "\U0010ffff"):
                entity.labels[language] = text
            if text in seen:
                continue
            seen.add(text)
            w = words(text)
            if not w:
                continue
            entry = _Entry(doc_id, text, frozenset(w))
            if self._free_entries:
                entry_id = self._free_entries.pop()
                self._entries[entry_id] = entry
            else:
                entry_id = len(self._entries)
                self._entries.append(entry)
            entity.entries.append(entry_id)
            self._exact[text.casefold()].add(entry_id)
            self._keys[" ".join(sorted(entry.words))].add(entry_id)
            self._compact["".join(w)].add(entry_id)
            if len(w) > 1:
                self._initials["".join(t[0] for t in w)].add(entry_id)
            for word in entry.words:
                if word not in self._postings:
                    for gram in _trigrams(word):
                        self._grams[gram].add(word)
                self._postings[word].add(entry_id)

    def _remove(self, iri: str) -> None:
        doc_id = self._doc_of.pop(iri, None)
        if doc_id is None:
            return
        entity = self._docs[doc_id]
        self._docs[doc_id] = None
        assert entity is not None
        for entry_id in entity.entries:
            entry = self._entries[entry_id]
            assert entry is not None
            w = normalise(entry.text).split()
            for index, k in (
                (self._exact, entry.text.casefold()),
                (self._keys, " ".join(sorted(entry.words))),
                (self._compact, "".join(w)),
                (self._initials, "".join(t[0] for t in w) if len(w) > 1 else ""),
            ):
                index.get(k, set()).discard(entry_id)
            for word in entry.words:
                self._postings[word].discard(entry_id)
            self._entries[entry_id] = None
            self._free_entries.append(entry_id)

    def _reweigh(self) -> None:
        """Each word's weight: its inverse document frequency among all labels."""
        self._sorted_words = None
        self._similar = {}
        total = max(1, len(self._entries) - len(self._free_entries))
        self._weights = {
            w: _STOPWORD_WEIGHT if w in STOPWORDS else math.log(1 + total / len(p))
            for w, p in self._postings.items()
            if p
        }
        self._unknown_weight = math.log(1 + total)
        weights = self._weights
        self._entry_weights = [
            sum(weights[w] for w in entry.words) if entry is not None else 0.0
            for entry in self._entries
        ]
        self._entry_doc = [entry.doc if entry is not None else -1 for entry in self._entries]

    # ---- matching ------------------------------------------------------------------------

    def match(
        self,
        name: str,
        type: str | None = None,
        limit: int = 5,
        *,
        fuzzy: bool = True,
        min_score: int = MIN_SCORE,
    ) -> list[Candidate]:
        """The best candidates for `name` (of class `type` or a subclass, if given), best
        first, at most `limit`; ties broken by label and IRI so the order is stable.

        `fuzzy=False` looks up the exact, normal-form and initials keys only (microseconds):
        enough to decide a match, which word overlap never gives. A `min_score` above
        `GATHER_SCORE` also gathers fewer candidates (the import's duplicates: 70)."""
        query_words = words(name)
        if not query_words:
            return []
        scores: dict[int, int] = {}

        def note(entries: Iterable[int], score: int) -> None:
            for entry_id in entries:
                entry = self._entries[entry_id]
                if entry is None:
                    continue
                if scores.get(entry.doc, -1) < score:
                    scores[entry.doc] = score

        def note_normal(entries: Iterable[int]) -> None:
            for entry_id in entries:
                entry = self._entries[entry_id]
                if entry is not None:
                    other = other_legal_form(name, entry.text)
                    note((entry_id,), SCORE_OTHER_FORM if other else SCORE_NORMAL)

        note(self._exact.get(name.strip().casefold(), ()), SCORE_EXACT)
        note_normal(self._keys.get(" ".join(sorted(set(query_words))), ()))
        note_normal(self._compact.get("".join(query_words), ()))
        if len(query_words) == 1 and 2 <= len(query_words[0]) <= 8:
            note(self._initials.get(query_words[0], ()), SCORE_INITIALS)
        entry_doc = self._entry_doc
        for entry_id, score in self._fuzzy(query_words, min_score) if fuzzy else ():
            doc_id = entry_doc[entry_id]
            if scores.get(doc_id, -1) < score:
                scores[doc_id] = score

        ranked: list[tuple[int, str, str]] = []  # (score, iri, type)
        for doc_id, score in scores.items():
            entity = self._docs[doc_id]
            if entity is None or score < min_score:
                continue
            fitting = self._fitting_type(entity.types, type)
            if fitting is not None:
                ranked.append((score, entity.iri, fitting))
        if not ranked:
            return []
        ranked.sort(key=lambda c: -c[0])
        unique_match = ranked[0][0] >= MATCH_SCORE
        unique_match = unique_match and (len(ranked) == 1 or ranked[1][0] < ranked[0][0])
        # Labels only for the few that can make the cut (ties at the cut included).
        cut = ranked[min(limit, len(ranked)) - 1][0] if limit > 0 else ranked[0][0] + 1
        found = []
        for score, iri, fitting in ranked:
            if score < cut:
                break
            entity = self._docs[self._doc_of[iri]]
            assert entity is not None
            found.append((score, _label(entity, self._entries), iri, fitting))
        found.sort(key=lambda c: (-c[0], c[1].casefold(), c[2]))
        return [
            Candidate(iri, label, fitting, score, unique_match and i == 0)
            for i, (score, label, iri, fitting) in enumerate(found[:limit])
        ]

    def match_many(self, queries: Sequence[Query | str]) -> list[list[Candidate]]:
        """The batch form: one list of candidates per query, in order (the reconciliation
        protocol and the import send names by the hundred)."""
        results = []
        for q in queries:
            q = Query(q) if isinstance(q, str) else q
            results.append(self.match(q.name, q.type, q.limit))
        return results

    def _fitting_type(self, types: tuple[str, ...], wanted: str | None) -> str | None:
        if wanted is None:
            return types[0] if types else ""
        for t in types:
            if wanted in self._hierarchy.get(t, {t}):
                return t
        return None

    def _fuzzy(self, query_words: list[str], min_score: int) -> Iterator[tuple[int, int]]:
        """(entry, score) for the entries that share a word, or a similar word, with the name.

        Candidates are gathered only through the name's rarest words: the smallest set of
        them without which no entry could reach `GATHER_SCORE` (the common words left over
        cannot lift an entry that shares none of the rare ones above it). A batch at a million
        quads so stays in the milliseconds per name even when a name is mostly "Verein Berlin".
        """
        query_set = list(dict.fromkeys(query_words))
        weight, unknown = self._weights, self._unknown_weight
        near: dict[str, dict[str, float]] = {}  # query word -> {label word: similarity}
        for q in query_set:
            if q in weight:
                near[q] = {q: 1.0}
            else:
                if q not in self._similar:
                    if len(self._similar) > 100_000:
                        self._similar.clear()
                    self._similar[q] = self._similar_words(q)
                near[q] = self._similar[q]
        # A query word weighs as itself if labels have it, else as the commonest word it
        # resembles (a misspelling would otherwise weigh as the rarest word of all, and a
        # shortened word as its rarest completion), else as unknown.
        own = {
            q: weight[q] if q in weight else min((weight[w] for w in near[q]), default=unknown)
            for q in query_set
        }
        query_weight = sum(own.values())
        by_rarity = sorted((q for q in query_set if near[q]), key=lambda q: -own[q])
        rest = sum(own[q] for q in by_rarity)
        gathering: list[str] = []
        for q in by_rarity:
            # Best score of an entry that shares none of the words gathered so far.
            if rest == 0 or 200 * rest / (query_weight + rest) < max(GATHER_SCORE, min_score):
                break
            gathering.append(q)
            rest -= own[q]
        # The gathered entries, split by which words of the name they share: every split is
        # a set operation (in C), so only the entries of promising parts are looked at one by
        # one. A word of the name counts once per entry, with its best similarity.
        gathered: set[int] = set()
        for q in gathering:
            for w in near[q]:
                gathered |= self._postings[w]
        parts: list[tuple[set[int], float]] = [(gathered, 0.0)] if gathered else []
        for q in query_set:
            if not parts:
                return  # nothing gathered: no entry shares a rare enough word
            # The entries that had a more similar word of q already are not counted again;
            # that union is only made when another similar word follows (a copy of a common
            # word's postings, thousands of entries, for every name cost a third of a batch).
            similar = sorted(near[q].items(), key=lambda item: -item[1])
            seen: set[int] | None = None
            for i, (w, similarity) in enumerate(similar):
                postings = self._postings[w]
                sharing = postings if seen is None else postings - seen
                if i + 1 < len(similar):
                    seen = set(postings) if seen is None else seen | postings
                # A word the labels lack counts with the weight of the word it resembles.
                contribution = similarity * (own[q] if w == q else min(own[q], weight[w]))
                split: list[tuple[set[int], float]] = []
                for part, matched in parts:
                    inside = part & sharing
                    if inside:
                        split.append((inside, matched + contribution))
                        part = part - inside
                    if part:
                        split.append((part, matched))
                parts = split
        # A part below MIN_SCORE even with no other words of its own is dropped whole; in the
        # others, an entry with too many words of its own is dropped by its weight.
        floor = min_score * query_weight / 200
        entry_weights = self._entry_weights
        for part, matched in parts:
            if matched < floor:
                continue
            heaviest = 200 * matched / min_score - query_weight
            for entry_id in part:
                entry_weight = entry_weights[entry_id]
                if entry_weight <= heaviest:
                    score = round(200 * matched / (query_weight + entry_weight))
                    yield entry_id, min(SCORE_FUZZY_MAX, score)

    def _similar_words(self, word: str) -> dict[str, float]:
        """For a word no label has: label words spelt almost like it (a typo, "c" for "k"),
        or that it shortens ("internat" for "international"; at most `_PREFIX_WORDS` of
        them), with their similarity (below 1)."""
        similar: dict[str, float] = {}
        if word.isdigit():
            return similar  # a number is an identifier: "721" is not a misspelt "712"
        if len(word) >= 3:
            vocabulary = self._vocabulary()
            start = bisect.bisect_left(vocabulary, word)
            for other in vocabulary[start : start + _PREFIX_WORDS]:
                if not other.startswith(word):
                    break
                similar[other] = SIMILAR_PREFIX
        if len(word) < 4:
            return similar
        grams = _trigrams(word)
        # Half the trigrams, or for a short word two: one letter changed in the middle of a
        # five-letter name leaves it two of five ("nadia", "nadja": a duplicate of "Nadja
        # Okonkwo" went unsuspected, import walk). The spelling's ratio below decides.
        needed = min(2, len(grams)) if len(word) <= _SHORT_WORD else (len(grams) + 1) // 2
        counts: dict[str, int] = defaultdict(int)
        for gram in grams:
            for other in self._grams.get(gram, ()):
                counts[other] += 1
        for other, shared in counts.items():
            if other in similar or shared < needed or abs(len(other) - len(word)) > 3:
                continue
            if not self._postings.get(other):
                continue
            ratio = SequenceMatcher(None, word, other).ratio()
            if ratio >= 0.8:
                similar[other] = 0.9 * ratio
        return similar

    def _vocabulary(self) -> list[str]:
        """The label words, sorted (for prefixes); rebuilt after entities were added."""
        if self._sorted_words is None:
            self._sorted_words = sorted(w for w, p in self._postings.items() if p)
        return self._sorted_words


def _columns(rows: Iterable[object], *names: str) -> None:
    """Rows are unpacked by position: the query's columns must be these, in this order."""
    found = tuple(v.value for v in rows.variables)  # type: ignore[attr-defined]
    if found != names:
        raise AssertionError(f"query columns {found}, expected {names}")


def _trigrams(word: str) -> set[str]:
    padded = f"^{word}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _label(entity: _Entity, entries: Sequence[_Entry | None]) -> str:
    """German label first, then English, then untagged, then any; else the first text."""
    for tag in ("de", "en", ""):
        if entity.labels.get(tag):
            return entity.labels[tag]
    if entity.labels:
        return entity.labels[sorted(entity.labels)[0]]
    for entry_id in entity.entries:
        entry = entries[entry_id]
        if entry is not None:
            return entry.text
    return entity.iri
