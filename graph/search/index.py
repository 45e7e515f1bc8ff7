"""The search index: words -> texts -> entities, kept in step with the public graphs.

`SearchIndex.build` reads the public graphs whole (a few scans, seconds at 1M triples);
`SearchIndex.update` follows one commit by re-reading only the entities it touched, and ends
up holding exactly what a new build would (the tests compare the two). Searches and updates
take turns on one lock: an update holds it only while it swaps entries (milliseconds); the
reading happens before.
"""

from __future__ import annotations

import bisect
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ..errors import RowCapExceeded, UsageError
from ..explore import KINDS, class_hierarchy, kind_of, pick_label, sort_key
from ..store import Change, Store
from .folding import fold, foldings, words
from .ranking import score_texts
from .reading import (
    ALT,
    DESCRIPTION,
    FIELDS,
    LABEL,
    NAME_PROPERTY,
    SKIPPED_TYPES,
    TOPIC_SCHEME,
    Entity,
    read_entity,
    scan,
    targets,
    touched,
)


@dataclass
class _Doc:
    """One searchable entity, and what is needed to take it out again."""

    iri: str
    kind: str
    types: tuple[str, ...]
    topic_concept: bool
    labels: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    topics: frozenset[str] = frozenset()
    entries: list[int] = field(default_factory=list)


class SearchIndex:
    """Words -> texts -> entities, built from the public graphs; see the package docstring.

    Texts are kept in parallel lists (entity, field, language, both foldings) rather than
    one object each: a common word matches thousands of texts, and the search loop over
    them is the hot path. Slots of texts and entities taken out are reused.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._docs: list[_Doc | None] = []
        self._doc_of: dict[str, int] = {}
        self._free_docs: list[int] = []
        self._entry_doc: list[int] = []
        self._entry_field: list[int] = []
        self._entry_lang: list[str] = []
        # Labels and names are compared as a whole (exact, prefix); a description only by its
        # words, so for a description only its distinct words are kept (to take it out again).
        self._entry_plain: list[str] = []
        self._entry_umlauts: list[str] = []
        self._free_entries: list[int] = []
        self._postings: dict[str, list[int]] = {}
        self._tokens: list[str] = []  # the postings' words, sorted (for prefixes)
        self._new_keys: list[str] = []  # words given postings since `_tokens` was last fixed
        # Members of each topic by its IRI, and the same sets by the topic's entity.
        self._members: dict[str, set[int]] = {}
        self._topic_members: dict[int, set[int]] = {}
        self._sort_keys: dict[int, dict[str, tuple[str, str]]] = {}
        self._hierarchy: dict[str, set[str]] = {}

    def __len__(self) -> int:
        return len(self._doc_of)

    @property
    def text_count(self) -> int:
        return len(self._entry_doc) - len(self._free_entries)

    # ---- building ---------------------------------------------------------------------

    @classmethod
    def build(cls, store: Store) -> SearchIndex:
        """Read every label, alternative label, name and description of the public graphs
        (all languages), the types, the topic links and the former names of sites.

        The three scans go through `Store.rows` (rows as the engine yields them) rather
        than `Store.select` (a dict per row): at 1M triples that halves the build time."""
        index = cls()
        types: dict[str, list[str]] = defaultdict(list)
        for row in scan(store, "search-types"):
            subject = row["subject"]
            if isinstance(subject, ox.NamedNode):
                types[subject.value].append(row["type"].value)
        index._hierarchy = class_hierarchy(store)

        topics_of: dict[str, set[str]] = defaultdict(set)
        sites_of: dict[str, set[str]] = defaultdict(set)
        topic_concepts: set[str] = set()
        for row in scan(store, "search-links"):
            subject, obj, link = row["subject"], row["object"], row["link"].value
            if not (isinstance(subject, ox.NamedNode) and isinstance(obj, ox.NamedNode)):
                continue
            if link == "topic":
                topics_of[subject.value].add(obj.value)
            elif link == "naming":
                sites_of[obj.value].add(subject.value)
            elif link == "scheme" and obj.value == TOPIC_SCHEME:
                topic_concepts.add(subject.value)
        sorted_sites = {naming: sorted(sites) for naming, sites in sites_of.items()}

        def doc_for(iri: str) -> int | None:
            found = index._doc_of.get(iri)
            if found is not None:
                return found
            own = tuple(sorted(set(types.get(iri, ()))))
            return index._new_doc(iri, own, iri in topic_concepts)

        for row in scan(store, "search-texts"):
            subject, text = row["subject"], row["text"]
            if not isinstance(subject, ox.NamedNode) or not isinstance(text, ox.Literal):
                continue
            prop = row["property"].value
            for iri, code in targets(subject.value, prop, sorted_sites.get(subject.value)):
                doc = doc_for(iri)
                if doc is not None:
                    language, is_name = text.language or "", prop == NAME_PROPERTY
                    index._add_text(doc, code, language, text.value, is_name)

        for subject, topics in topics_of.items():
            if subject not in index._doc_of and subject not in types:
                continue
            member = doc_for(subject)
            if member is not None:
                index._join_topics(member, frozenset(topics))
        index._tokens = sorted(index._postings)
        index._new_keys = []
        return index

    def _new_doc(self, iri: str, types: tuple[str, ...], topic_concept: bool) -> int | None:
        if SKIPPED_TYPES.intersection(types):
            return None
        kind = "topics" if topic_concept else kind_of(types, self._hierarchy)
        doc = _Doc(iri, kind, types, topic_concept)
        if self._free_docs:
            doc_id = self._free_docs.pop()
            self._docs[doc_id] = doc
        else:
            doc_id = len(self._docs)
            self._docs.append(doc)
        self._doc_of[iri] = doc_id
        members = self._members.get(iri)
        if members:
            self._topic_members[doc_id] = members
        return doc_id

    def _add_text(self, doc_id: int, code: int, language: str, text: str, is_name: bool) -> None:
        """One text of an entity; the smallest label (and name) per language is shown, so
        that the choice does not depend on the order the engine yields rows in."""
        doc = self._docs[doc_id]
        assert doc is not None
        if code == LABEL:
            if text < doc.labels.get(language, "\U0010ffff"):
                doc.labels[language] = text
        elif code == ALT and is_name and text < doc.names.get(language, "\U0010ffff"):
            doc.names[language] = text
        plain, umlauts = foldings(text)
        if code == DESCRIPTION:
            whole, whole_umlauts = " ".join(set(plain).union(umlauts)), ""
        else:
            whole = " ".join(plain)
            whole_umlauts = " ".join(umlauts) if umlauts is not plain else ""
        if self._free_entries:
            entry = self._free_entries.pop()
            self._entry_doc[entry], self._entry_field[entry] = doc_id, code
            self._entry_lang[entry] = language
            self._entry_plain[entry], self._entry_umlauts[entry] = whole, whole_umlauts
        else:
            entry = len(self._entry_doc)
            self._entry_doc.append(doc_id)
            self._entry_field.append(code)
            self._entry_lang.append(language)
            self._entry_plain.append(whole)
            self._entry_umlauts.append(whole_umlauts)
        doc.entries.append(entry)
        postings = self._postings
        for token in set(plain).union(umlauts):
            found = postings.get(token)
            if found is None:
                postings[token] = [entry]
                self._new_keys.append(token)
            else:
                found.append(entry)

    def _join_topics(self, doc_id: int, topics: frozenset[str]) -> None:
        doc = self._docs[doc_id]
        assert doc is not None
        doc.topics = topics
        for topic in topics:
            members = self._members.get(topic)
            if members is None:
                members = self._members[topic] = set()
                topic_doc = self._doc_of.get(topic)
                if topic_doc is not None:
                    self._topic_members[topic_doc] = members
            members.add(doc_id)

    # ---- following a commit -----------------------------------------------------------

    def update(self, store: Store, change: Change) -> None:
        """Follow a committed change: re-read the entities it touched, swap their entries.

        A change that touches more entities than a fiftieth of the index (a bulk load) is
        followed by one full build instead, which is then cheaper; so is one whose entities
        cannot be read within the row cap of product reads.
        """
        try:
            iris, hierarchy_changed = touched(store, change, limit=max(200, len(self) // 50))
            hierarchy = class_hierarchy(store) if hierarchy_changed else None
            entities = [read_entity(store, iri) for iri in sorted(iris or ())]
        except RowCapExceeded:  # one entity with more texts than a product read may return
            iris = None
        if iris is None:
            fresh = SearchIndex.build(store)
            with self._lock:
                for name, value in vars(fresh).items():
                    if name != "_lock":
                        setattr(self, name, value)
            return
        with self._lock:
            if hierarchy is not None:
                self._hierarchy = hierarchy
                for doc in self._docs:
                    if doc is not None and not doc.topic_concept:
                        doc.kind = kind_of(doc.types, hierarchy)
            emptied: set[str] = set()
            for entity in entities:
                self._put(entity, emptied)
            self._fix_tokens(emptied)

    def _put(self, entity: Entity, emptied: set[str]) -> None:
        """Make the index hold `entity` as a new build would."""
        old = self._doc_of.get(entity.iri)
        if old is not None:
            self._drop(old, emptied)
        if not entity.texts and not (entity.topics and entity.types):
            return
        doc = self._new_doc(entity.iri, entity.types, entity.topic_concept)
        if doc is None:
            return
        for code, language, text, is_name in entity.texts:
            self._add_text(doc, code, language, text, is_name)
        if entity.topics:
            self._join_topics(doc, entity.topics)

    def _drop(self, doc_id: int, emptied: set[str]) -> None:
        doc = self._docs[doc_id]
        assert doc is not None
        for entry in doc.entries:
            tokens = set(self._entry_plain[entry].split(" "))
            tokens.update(self._entry_umlauts[entry].split(" "))
            tokens.discard("")
            for token in tokens:
                postings = self._postings[token]
                postings.remove(entry)
                if not postings:
                    del self._postings[token]
                    emptied.add(token)
            self._entry_doc[entry] = -1
            self._entry_plain[entry] = self._entry_umlauts[entry] = ""
            self._free_entries.append(entry)
        for topic in doc.topics:
            members = self._members[topic]
            members.discard(doc_id)
            if not members:
                del self._members[topic]
                topic_doc = self._doc_of.get(topic)
                if topic_doc is not None:
                    self._topic_members.pop(topic_doc, None)
        self._topic_members.pop(doc_id, None)
        self._sort_keys.pop(doc_id, None)
        del self._doc_of[doc.iri]
        self._docs[doc_id] = None
        self._free_docs.append(doc_id)

    def _fix_tokens(self, emptied: set[str]) -> None:
        """Make the sorted word list hold the postings' words again, after an update."""
        changed = emptied.union(self._new_keys)
        self._new_keys = []
        postings, tokens = self._postings, self._tokens
        if len(changed) > 256:
            self._tokens = sorted(postings)
            return
        for token in changed:
            i = bisect.bisect_left(tokens, token)
            listed = i < len(tokens) and tokens[i] == token
            if token in postings and not listed:
                tokens.insert(i, token)
            elif listed and token not in postings:
                del tokens[i]

    # ---- searching --------------------------------------------------------------------

    def _matching_entries(self, token: str) -> set[int]:
        """Texts with a word that begins with `token`."""
        found: set[int] = set()
        tokens = self._tokens
        i = bisect.bisect_left(tokens, token)
        while i < len(tokens) and tokens[i].startswith(token):
            found.update(self._postings[tokens[i]])
            i += 1
        return found

    def search(
        self,
        text: str,
        lang: str,
        *,
        types: list[str] | None = None,
        limit: int = 50,
    ) -> list[dict[str, Any]]:
        """Entities whose texts contain every word of `text` (as word beginnings), best
        first: each {iri, label (in `lang` with fallback), kind, score, matched}."""
        allowed = set(types) if types else None
        if allowed is not None and not allowed <= set(KINDS) | {"other"}:
            unknown = ", ".join(sorted(allowed - set(KINDS) - {"other"}))
            raise UsageError(
                f"Unbekannte Art(en): {unknown}.", f"Unknown kind(s): {unknown}.", where="types"
            )
        query_words = words(fold(text))
        if not query_words or limit <= 0:
            return []
        with self._lock:
            return self._search(query_words, lang, allowed, limit)

    def _search(
        self, query_words: list[str], lang: str, allowed: set[str] | None, limit: int
    ) -> list[dict[str, Any]]:
        candidates: set[int] | None = None
        # Longest word first: it usually has the fewest matches, so the intersection
        # shrinks early.
        for token in sorted(set(query_words), key=len, reverse=True):
            matches = self._matching_entries(token)
            candidates = matches if candidates is None else candidates & matches
            if not candidates:
                return []
        best, matched = score_texts(
            candidates or set(),
            " ".join(query_words),
            lang,
            self._entry_doc,
            self._entry_field,
            self._entry_lang,
            self._entry_plain,
            self._entry_umlauts,
            self._topic_members,
        )
        docs = self._docs
        if allowed is not None:
            best = {d: s for d, s in best.items() if docs[d].kind in allowed}  # type: ignore[union-attr]
        # Rank by score, then alphabetically; the sort key is only computed for the score
        # tiers that reach the page, since a common word can match thousands of entities.
        by_score: dict[int, list[int]] = defaultdict(list)
        for doc, score in best.items():
            by_score[score].append(doc)
        ranked: list[int] = []
        for score in sorted(by_score, reverse=True):
            tier = by_score[score]
            tier.sort(key=lambda d: self._sort_key(d, lang))
            ranked += tier[: limit - len(ranked)]
            if len(ranked) >= limit:
                break
        results = []
        for d in ranked:
            found = docs[d]
            assert found is not None
            results.append({
                "iri": found.iri,
                "label": self._sort_key(d, lang)[1],
                "kind": found.kind,
                "score": best[d],
                "matched": FIELDS[matched[d]],
            })  # fmt: skip
        return results

    def _sort_key(self, doc_id: int, lang: str) -> tuple[str, str]:
        """(sort key, label) of an entity in `lang`, cached until the entity changes."""
        cached = self._sort_keys.setdefault(doc_id, {})
        found = cached.get(lang)
        if found is None:
            doc = self._docs[doc_id]
            assert doc is not None
            label = pick_label(doc.labels or doc.names, lang, doc.iri)
            found = cached[lang] = (sort_key(label) + "\x00" + doc.iri, label)
        return found

    def kinds(self) -> dict[str, int]:
        """How many searchable entities there are per kind (for diagnostics and tests)."""
        counts: dict[str, int] = defaultdict(int)
        with self._lock:
            for doc in self._docs:
                if doc is not None:
                    counts[doc.kind] += 1
        return dict(counts)
