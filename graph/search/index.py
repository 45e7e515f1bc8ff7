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
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ..errors import RowCapExceeded, UsageError
from ..explore import KINDS, class_hierarchy, kind_of, pick_label, sort_key
from ..languages import language_name
from ..memory import one_copy
from ..store import Change, Store
from .folding import fold, foldings, words
from .inside import INSIDE_MIN, Inside, holds
from .query_words import QueryWords, typed_words, without_fillers
from .ranking import SCORE_LABEL_EXACT, SCORE_SEVERAL, score_texts
from .reading import (
    ALT,
    DESCRIPTION,
    DISPLAY,
    FIELDS,
    LABEL,
    LANGUAGE,
    NAME_PROPERTY,
    NAMING,
    SEVERAL,
    SKIPPED_TYPES,
    TOPIC,
    TOPIC_SCHEME,
    Entity,
    language_names,
    language_tag,
    read_entity,
    scan,
    speaker_texts,
    targets,
    touched,
)
from .suggestions import Suggestions


@dataclass(slots=True)
class _Doc:
    """One searchable entity, and what is needed to take it out again."""

    iri: str
    kind: str
    types: tuple[str, ...]
    topic_concept: bool
    labels: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    #: rdfs:label per language: shown where there is no label or name, never searched.
    display: dict[str, str] = field(default_factory=dict)
    topics: frozenset[str] = frozenset()
    entries: list[int] = field(default_factory=list)
    #: Of a speaker: the formats and regions (among `topics`, the concepts it is found by)
    #: and languages.
    formats: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()


_SPREAD_MIN = 3
#: The score at least of a name typed whole, as one word or apart (`explained`'s `read_as`).
_NAME_TYPED = SCORE_LABEL_EXACT - 2
#: The most words between spaces `_read_apart` takes for one name ("Manga Bell Platz"),
#: and the most texts of its rarest word it reads to find that name (`_a_label`); a name's
#: beginning counts from this many words ("Initiative Klimagerechtes Mitte"): two begin too
#: much ("Globales Lernen im Kiez").
_NAME_RUN = 6
_LABEL_LOOKUP = 2_000
_NAME_BEGUN = 3


def _both(folded: tuple[list[str], list[str]]) -> list[str]:
    plain, umlauts = folded
    return plain if umlauts is plain else plain + umlauts


def _matched_as_why(matched: str, why: list[dict[str, Any]]) -> str:
    """A hit's best field as its reasons name it: the index files a linked format or region
    as "topic", and the twin said `"matched": "topic"` beside `why` naming a format."""
    fields = [r["field"] for r in why]
    if matched == "topic" and "topic" not in fields:
        linked = [f for f in fields if f in ("format", "region")]
        if linked:
            return linked[0]
    return matched


def _kinds(types: list[str] | None) -> set[str] | None:
    """The kinds a search is limited to (None: all), or a usage error naming unknown ones."""
    allowed = set(types) if types else None
    if allowed is not None and not allowed <= set(KINDS) | {"other"}:
        unknown = ", ".join(sorted(allowed - set(KINDS) - {"other"}))
        raise UsageError(
            f"Unbekannte Art(en): {unknown}.", f"Unknown kind(s): {unknown}.", where="types"
        )
    return allowed


#: The longest query a search reads: its words and its characters. One query holds the index
#: while it is read, and its cost grows faster than its words (each is read whole, in parts
#: and for spellings near it): at the 1M district 16 random words of 11 letters took 0.17 s,
#: 32 of 8 letters 0.5 s and 400 of 8 letters 12 s, while every other search waited.
MAX_QUERY_WORDS = 16
MAX_QUERY_CHARS = 200


def _check_length(text: str) -> None:
    """A query longer than a search reads is refused, naming the limit, rather than holding
    every other visitor's search for seconds."""
    count = len(words(fold(text)))
    if count > MAX_QUERY_WORDS or len(text.strip()) > MAX_QUERY_CHARS:
        raise UsageError(
            f"Die Suche ist zu lang ({count} {'Wort' if count == 1 else 'Wörter'}, "
            f"{len(text.strip())} Zeichen): sie nimmt "
            f"höchstens {MAX_QUERY_WORDS} Wörter und {MAX_QUERY_CHARS} Zeichen.",
            f"The search is too long ({count} {'word' if count == 1 else 'words'}, "
            f"{len(text.strip())} characters): it "
            f"takes at most {MAX_QUERY_WORDS} words and {MAX_QUERY_CHARS} characters.",
            where="q",
        )


class SearchIndex(QueryWords, Suggestions):
    """Words -> texts -> entities, built from the public graphs; see the package docstring.

    Texts are kept in parallel lists (entity, field, language, both foldings) rather than
    one object each: a common word matches thousands of texts, and the search loop over
    them is the hot path. Slots of texts and entities taken out are reused.

    How a query's words are read is `QueryWords` (query_words.py); what is offered when
    nothing is found, `Suggestions` (suggestions.py).
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
        # A text as written (case, umlauts), for the spelling a suggestion shows; "" for a
        # description (only its words are kept). Mostly the very string `_Doc.labels` holds.
        self._entry_text: list[str] = []
        # Each word's spelling as the data writes it (`Suggestions._written`), as asked for
        # since the last update: at the 1M district it reads thousands of texts.
        self._written_kept: dict[str, str] = {}
        self._free_entries: list[int] = []
        self._postings: dict[str, list[int]] = {}
        self._tokens: list[str] = []  # the postings' words, sorted (for prefixes)
        self._new_keys: list[str] = []  # words given postings since `_tokens` was last fixed
        self._inside = Inside()  # `_tokens` joined, for words inside words
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
                types[subject.value].append(one_copy(row["type"].value))
        index._hierarchy = class_hierarchy(store)

        topics_of: dict[str, set[str]] = defaultdict(set)
        formats_of: dict[str, set[str]] = defaultdict(set)
        regions_of: dict[str, set[str]] = defaultdict(set)
        sites_of: dict[str, set[str]] = defaultdict(set)
        topic_concepts: set[str] = set()
        for row in scan(store, "search-links"):
            subject, obj, link = row["subject"], row["object"], row["link"].value
            if not (isinstance(subject, ox.NamedNode) and isinstance(obj, ox.NamedNode)):
                continue
            if link == "topic":
                topics_of[subject.value].add(obj.value)
            elif link == "format":
                formats_of[subject.value].add(obj.value)
            elif link == "region":
                regions_of[subject.value].add(obj.value)
            elif link == "naming":
                sites_of[obj.value].add(subject.value)
            elif link == "scheme" and obj.value == TOPIC_SCHEME:
                topic_concepts.add(subject.value)
        sorted_sites = {naming: sorted(sites) for naming, sites in sites_of.items()}

        same_types: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple for each set

        def doc_for(iri: str) -> int | None:
            found = index._doc_of.get(iri)
            if found is not None:
                return found
            own = tuple(sorted(set(types.get(iri, ()))))
            return index._new_doc(iri, same_types.setdefault(own, own), iri in topic_concepts)

        shown_as: list[tuple[str, str, str]] = []  # rdfs:label: for entities found otherwise
        for row in scan(store, "search-texts"):
            subject, text = row["subject"], row["text"]
            if not isinstance(subject, ox.NamedNode) or not isinstance(text, ox.Literal):
                continue
            prop = row["property"].value
            for iri, code in targets(subject.value, prop, sorted_sites.get(subject.value)):
                if code == DISPLAY:
                    shown_as.append((iri, language_tag(text), text.value))
                    continue
                doc = doc_for(iri)
                if doc is not None:
                    language, is_name = language_tag(text), prop == NAME_PROPERTY
                    index._add_text(doc, code, language, text.value, is_name)

        languages_of: dict[str, set[str]] = defaultdict(set)
        for row in scan(store, "search-speakers"):
            subject, language = row["subject"], row["language"]
            if isinstance(subject, ox.NamedNode):
                found = languages_of[subject.value]
                if isinstance(language, ox.Literal):
                    found.add(language.value)
        for subject, languages in languages_of.items():
            speaker = doc_for(subject)
            if speaker is not None:
                index._speaker(speaker, frozenset(languages))

        # One set for all entities with the same topics (or formats): at the 1M district 5,388
        # sets of topics and 93 of formats for 53,156 entities, which held a set each (20 MB).
        same: dict[frozenset[str], frozenset[str]] = {}
        for subject in topics_of.keys() | formats_of.keys() | regions_of.keys():
            if subject not in index._doc_of and subject not in types:
                continue
            member = doc_for(subject)
            if member is not None:
                formats = frozenset(formats_of.get(subject, ()))
                formats = same.setdefault(formats, formats)
                regions = frozenset(regions_of.get(subject, ()))
                regions = same.setdefault(regions, regions)
                joined = frozenset(topics_of.get(subject, ())) | formats | regions
                index._join_topics(member, same.setdefault(joined, joined))
                found = index._docs[member]
                assert found is not None
                found.formats, found.regions = formats, regions
        for iri, language, text in shown_as:
            found_id = index._doc_of.get(iri)
            if found_id is not None:
                index._add_text(found_id, DISPLAY, language, text, False)
        index._tokens = sorted(index._postings)
        index._new_keys = []
        index._inside = Inside()
        return index

    def _new_doc(self, iri: str, types: tuple[str, ...], topic_concept: bool) -> int | None:
        if SKIPPED_TYPES.intersection(types):
            return None
        kind = "topics" if topic_concept else kind_of(types, self._hierarchy)
        iri = one_copy(iri)  # shared with the network and the lists' facet indexes
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
        if code == DISPLAY:  # shown, not searched
            if text < doc.display.get(language, "\U0010ffff"):
                doc.display[language] = text
            return
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
        written = "" if code == DESCRIPTION else text
        if self._free_entries:
            entry = self._free_entries.pop()
            self._entry_doc[entry], self._entry_field[entry] = doc_id, code
            self._entry_lang[entry] = language
            self._entry_plain[entry], self._entry_umlauts[entry] = whole, whole_umlauts
            self._entry_text[entry] = written
        else:
            entry = len(self._entry_doc)
            self._entry_doc.append(doc_id)
            self._entry_field.append(code)
            self._entry_lang.append(language)
            self._entry_plain.append(whole)
            self._entry_umlauts.append(whole_umlauts)
            self._entry_text.append(written)
        doc.entries.append(entry)
        postings = self._postings
        for token in set(plain).union(umlauts):
            found = postings.get(token)
            if found is None:
                postings[token] = [entry]
                self._new_keys.append(token)
            elif entry > found[-1]:  # a build: entries come in ascending order
                found.append(entry)
            else:  # an update reuses a freed entry: kept in order, for `_unpost`
                bisect.insort(found, entry)

    def _speaker(self, doc_id: int, languages: frozenset[str]) -> None:
        """A speaker's own texts: the role and the names of the profile's languages."""
        doc = self._docs[doc_id]
        assert doc is not None
        doc.languages = languages
        for code, language, text, is_name in speaker_texts(languages):
            self._add_text(doc_id, code, language, text, is_name)

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
            self._written_kept.clear()  # a text touched may write a word otherwise
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
        linked = entity.topics | entity.formats | entity.regions
        found_by = [t for t in entity.texts if t[0] != DISPLAY]
        if not found_by and not (linked and entity.types):
            return  # a name to show alone makes no entry (as in `build`)
        doc = self._new_doc(entity.iri, entity.types, entity.topic_concept)
        if doc is None:
            return
        for code, language, text, is_name in entity.texts:
            self._add_text(doc, code, language, text, is_name)
        found = self._docs[doc]
        assert found is not None
        found.languages = entity.languages or frozenset()
        if linked:
            self._join_topics(doc, linked)
            found.formats, found.regions = entity.formats, entity.regions

    def _drop(self, doc_id: int, emptied: set[str]) -> None:
        doc = self._docs[doc_id]
        assert doc is not None
        for entry in doc.entries:
            tokens = set(self._entry_plain[entry].split(" "))
            tokens.update(self._entry_umlauts[entry].split(" "))
            tokens.discard("")
            for token in tokens:
                postings = self._postings[token]
                _unpost(postings, entry)
                if not postings:
                    del self._postings[token]
                    emptied.add(token)
            self._entry_doc[entry] = -1
            self._entry_plain[entry] = self._entry_umlauts[entry] = self._entry_text[entry] = ""
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
        if changed:
            self._inside.forget()
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

    def _found_entries(self, token: str, lang: str) -> tuple[set[int], set[int]]:
        """The texts `token` finds, and of them those it finds only inside a word or as
        words run together (ranked a little lower); see `inside`. On a page not in English,
        not inside the words of English texts: "Mitte" found "Committee recommendation" (the
        English name of "Ausschussempfehlung") above the district's organisations; on the
        English page "cultural" finds "Intercultural opening"."""
        found = self._matching_entries(token)
        inner: set[int] = set()
        if len(token) >= INSIDE_MIN:
            english = self._entry_lang
            every = lang == "en"
            for word in self._inside.words_holding(token, self._tokens):
                inner.update(
                    e for e in self._postings[word] if every or not english[e].startswith("en")
                )
            inner -= found
        if not found and not inner:
            parts = self._parts(token)
            if parts:
                # Each part as the beginning of a word, as if typed apart: "Mangabellplatz"
                # finds the "Manga-Bell-Platzes" of a German text.
                inner = self._matching_entries(parts[0]).intersection(
                    *(self._matching_entries(part) for part in parts[1:])
                )
        return found | inner, inner

    def search(
        self,
        text: str,
        lang: str,
        *,
        types: list[str] | None = None,
        classes: frozenset[str] | None = None,
        limit: int = 50,
        spread: bool = False,
    ) -> list[dict[str, Any]]:
        """Entities whose texts contain every word of `text` (as word beginnings), best
        first: each {iri, label (in `lang` with fallback), kind, score, matched}.

        With `spread`, an entity is also found when each word begins a word of a different
        text of it ("Referentin Kolonialgeschichte Französisch": its role, a topic, a
        language), below every entity one text of which has all the words. `classes`: only
        entities with one of these rdf:types (a link field's: a district field had offered
        organisations and cooperations named after the district)."""
        allowed = _kinds(types)
        _check_length(text)
        if not words(fold(text)) or limit <= 0:
            return []
        with self._lock:
            return self._search(
                *self._query_words(text), lang, allowed, limit, spread, classes=classes
            )

    def explained(
        self,
        text: str,
        lang: str,
        *,
        types: list[str] | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> dict[str, Any]:
        """The explorer's search, a page at a time: the hits from `offset` (`search` with
        `spread`), each with `why`, the texts its query words matched ({field, value}:
        "topic", "Kolonialgeschichte"); `total`, how many there are in all, and `kinds`,
        how many of each kind whatever `types` chose (the page said "50 results" and
        "Organisationen (10)" for 40 organisations: it counted the first 50); and when
        there is none, `suggestions`: the query with a word replaced by the nearest words of
        the index that find something of the kinds chosen (spelling variants), else a word
        read as a beginning and a word typed apart (`_apart_offer`); and where these offer
        nothing, `fewer_words`: the query with one word left out (`_fewer`).
        `read_as`: the query as typed with its words run together typed apart, unless it
        names an entity typed whole (`a_name`: "Mangabellplatz", "Manga Bell Platz"), or
        such a word does (`_read_apart`)."""
        allowed = _kinds(types)
        _check_length(text)
        if not words(fold(text)):
            return {"hits": [], "total": 0, "kinds": {}, "suggestions": [], "fewer_words": [],
                    "stemmed": [], "ignored": [], "read_as": text, "a_name": False}  # fmt: skip
        with self._lock:
            apart = self._typed_apart(text)
            searched, ignored = without_fillers(apart)
            query_words, typed = self._query_words(searched)
            best, matched = self._scored(query_words, lang, spread=True, typed=typed)
            kinds = self._kind_counts(best)
            # Its words run together typed apart, for what else reads them (the directories
            # they name: "Kolonialgeschichtewedding" named none), unless the query is a name
            # typed whole ("Mangabellplatz" named the sites' kind "Platz").
            a_name = self._a_name(best)
            read_as = text if a_name else self._read_apart(text, lang)
            if not kinds:  # a word spelt like one word of the index is its typo, as offered
                searched, ignored = without_fillers(self._apart_unless_spelt(text))
            if allowed is not None:
                best = self._of_kinds(best, allowed)
            hits = self._ranked(best, matched, lang, offset, limit)
            splits = {token: self._split(token) for token in dict.fromkeys(query_words)}
            for hit in hits:
                doc_id = self._doc_of.get(hit["iri"])
                hit["why"] = [] if doc_id is None else self._why(doc_id, splits, lang)
                hit["matched"] = _matched_as_why(hit["matched"], hit["why"])
            suggestions = [] if best else self._nearest(text, lang, allowed)
            read = None
            if not best and not suggestions:  # read once for both offers
                as_typed = typed_words(text)
                read = (as_typed, self._beginning_apart(as_typed, lang))
                suggestions = self._apart_offer(read[1], lang, allowed)
            fewer = [] if best or suggestions else self._fewer(text, lang, allowed, read)
            stemmed = self._stemmed(searched)
        return {"hits": hits, "total": len(best), "kinds": kinds, "suggestions": suggestions,
                "fewer_words": fewer, "stemmed": stemmed, "ignored": ignored,
                "read_as": read_as, "a_name": a_name}  # fmt: skip

    @staticmethod
    def _a_name(best: dict[int, int]) -> bool:
        """Whether the words scored are a name typed whole, as one word or apart."""
        return any(score >= _NAME_TYPED for score in best.values())

    def _read_apart(self, text: str, lang: str) -> str:
        """The query for the directories its words name (`explore.directories_named`, where
        a hyphen joins): each word, or words joined by hyphens or run together, typed apart
        ("Kolonialgeschichtewedding", "Kolonialgeschichte-Wedding": "Kolonialgeschichte
        Wedding"), except a name typed whole (`_name_runs`), which stays one name joined by
        hyphens: "Manga-Bell-Platz Wedding", "Mangabellplatz Wedding" and "Manga Bell Platz
        Wedding" named the sites' kind "Platz" for the square's last part, and
        "Martha-Ndumbe-Platz Mitte" no directory at all (walks of 2026-12-07)."""
        tokens = unicodedata.normalize("NFC", text).split()
        pieces = [[written for written, _parts in self._typed_apart(t)] for t in tokens]
        words_of = [" ".join(p) for p in pieces]
        for a, b in self._name_runs(tokens, pieces):
            words_of[a] = "-".join(w for p in pieces[a:b] for w in p)
            words_of[a + 1 : b] = [""] * (b - a - 1)
        return " ".join(w for w in words_of if w)

    def _name_runs(self, tokens: list[str], pieces: list[list[str]]) -> list[tuple[int, int]]:
        """The runs of `tokens` (words between spaces; `pieces`, the words each holds) that
        are a name (`_a_label`), as [start, end), the longest first, up to `_NAME_RUN`
        tokens; a single token only where it holds several words ("Manga-Bell-Platz",
        "Mangabellplatz")."""
        named: list[tuple[int, int]] = []
        for size in range(min(_NAME_RUN, len(tokens)), 0, -1):
            for start in range(len(tokens) - size + 1):
                if size == 1 and len(pieces[start]) < 2:
                    continue  # one word as typed: named by itself if at all
                if any(a < start + size and start < b for a, b in named):
                    continue
                held = sum(len(p) for p in pieces[start : start + size])
                if self._a_label(" ".join(tokens[start : start + size]), held >= _NAME_BEGUN):
                    named.append((start, start + size))
        return named

    def _a_label(self, text: str, begun: bool = False) -> bool:
        """Whether `text`, its words as typed (`_query_words`), is an entity's name: the
        exact label that `_a_name` scores, or with `begun` the beginning of one, as a name
        is typed without its legal form or a note ("Initiative Klimagerechtes Mitte" of
        "Initiative Klimagerechtes Mitte (Beispiel)", "Freundeskreis Wouri" of
        "Freundeskreis Wouri e.V."; re-check of 2026-12-07). Looked up in the texts of its
        rarest word, and only where that word is in at most `_LABEL_LOOKUP` texts. Scored as
        a search, runs of common words cost 90 ms of a query of five ("Verein Mitte Bildung
        Jugend Kultur") at the 1M district; a name of common words only is read as its
        words."""
        _searched, typed = self._query_words(text)
        postings: list[list[int]] = []
        for word in typed.split():
            texts = self._postings.get(word)
            if not texts:
                return False  # no word of any text: no name
            postings.append(texts)
        rarest = min(postings, key=len, default=[])
        if len(rarest) > _LABEL_LOOKUP:
            return False
        field, plain, umlauts = self._entry_field, self._entry_plain, self._entry_umlauts
        begins = typed + " "
        return any(
            field[entry] == LABEL
            and (
                typed in (plain[entry], umlauts[entry])
                or (
                    begun and (plain[entry].startswith(begins) or umlauts[entry].startswith(begins))
                )
            )
            for entry in rarest
        )

    def _search(
        self,
        query_words: list[str],
        typed: str,
        lang: str,
        allowed: set[str] | None,
        limit: int,
        spread: bool = False,
        *,
        classes: frozenset[str] | None = None,
    ) -> list[dict[str, Any]]:
        best, matched = self._scored(query_words, lang, spread, typed=typed)
        if allowed is not None:
            best = self._of_kinds(best, allowed)
        if classes is not None:
            docs = self._docs
            best = {
                d: s
                for d, s in best.items()
                if not classes.isdisjoint(docs[d].types)  # type: ignore[union-attr]
            }
        return self._ranked(best, matched, lang, 0, limit)

    def _scored(
        self, query_words: list[str], lang: str, spread: bool, *, typed: str = ""
    ) -> tuple[dict[int, int], dict[int, int]]:
        """Every entity the words find, with its score and the field that matched best;
        `typed`, the words as typed (`_query_words`), also makes a name exact."""
        candidates: set[int] | None = None
        found_of: list[set[int]] = []
        spread_of: list[set[int]] = []
        inner: set[int] = set()
        # Longest word first: it usually has the fewest matches, so the intersection
        # shrinks early.
        for token in sorted(set(query_words), key=len, reverse=True):
            matches, inner_matches = self._found_entries(token, lang)
            if not matches:
                return {}, {}  # a word found nowhere: no entity has all the words
            found_of.append(matches)
            spread_of.append(
                matches if len(token) >= _SPREAD_MIN else set(self._postings.get(token, ()))
            )
            inner |= inner_matches
            candidates = matches if candidates is None else candidates & matches
            if not candidates and not spread:
                return {}, {}
        best, matched = score_texts(
            candidates or set(),
            " ".join(query_words),
            typed,
            lang,
            self._entry_doc,
            self._entry_field,
            self._entry_lang,
            self._entry_plain,
            self._entry_umlauts,
            self._topic_members,
            inner,
        )
        # Spread over texts with a shorter word only where it is a whole word of them: it
        # begins words of most texts, and joining those per entity would cost more than it
        # finds; but a language's code is such a word, and "Referentin ar" found none of
        # the 7 speakers that "ar" and "Referentin" each found (exploratory test).
        if spread and len(found_of) > 1 and all(spread_of):
            for doc in self._entities_with_each(spread_of):
                if doc not in best:
                    best[doc], matched[doc] = SCORE_SEVERAL, SEVERAL
        return best, matched

    def _of_kinds(self, best: dict[int, int], allowed: set[str]) -> dict[int, int]:
        docs = self._docs
        return {d: s for d, s in best.items() if docs[d].kind in allowed}  # type: ignore[union-attr]

    def _kind_counts(self, best: dict[int, int]) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for d in best:
            counts[self._docs[d].kind] += 1  # type: ignore[union-attr]
        return dict(counts)

    def _ranked(
        self, best: dict[int, int], matched: dict[int, int], lang: str, offset: int, limit: int
    ) -> list[dict[str, Any]]:
        """The hits from `offset` on, at most `limit`: by score, then alphabetically. The
        sort key is only computed for the score tiers that reach the page, since a common
        word can match thousands of entities."""
        by_score: dict[int, list[int]] = defaultdict(list)
        for doc, score in best.items():
            by_score[score].append(doc)
        end = offset + limit
        ranked: list[int] = []
        for score in sorted(by_score, reverse=True):
            tier = by_score[score]
            tier.sort(key=lambda d: self._sort_key(d, lang))
            ranked += tier[: end - len(ranked)]
            if len(ranked) >= end:
                break
        docs = self._docs
        results = []
        for d in ranked[offset:]:
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

    def _entities_with_each(self, found_of: list[set[int]]) -> set[int]:
        """Entities that each set of texts reaches: by a text of their own, or by the label
        of a topic, format or region they are linked to."""
        common: set[int] | None = None
        for entries in sorted(found_of, key=len):
            reached: set[int] = set()
            for entry in entries:
                doc = self._entry_doc[entry]
                reached.add(doc)
                if self._entry_field[entry] in (LABEL, ALT):
                    reached |= self._topic_members.get(doc, set())
            common = reached if common is None else common & reached
            if not common:
                return set()
        return common or set()

    def _words_of(self, entry: int) -> list[str]:
        return self._entry_plain[entry].split(" ") + self._entry_umlauts[entry].split(" ")

    def _why(
        self, doc_id: int, splits: dict[str, list[str] | None], lang: str
    ) -> list[dict[str, Any]]:
        """What each query word (the keys of `splits`, each with `_split`) matched of an
        entity, in the order of the words: its own text (the field; for a language, its name
        in `lang`), else a linked topic, format or region (with its label). The same reason twice is
        given once."""
        doc = self._docs[doc_id]
        assert doc is not None
        reasons: list[dict[str, Any]] = []
        for token, parts in splits.items():
            reason = self._reason(doc, token, parts, lang)
            if reason is not None and reason not in reasons:
                reasons.append(reason)
        return reasons

    def _reason(
        self, doc: _Doc, token: str, parts: list[str] | None, lang: str
    ) -> dict[str, Any] | None:
        """Why `token` (or its `parts`, words run together) found `doc`."""
        matched = [e for e in doc.entries if holds(self._words_of(e), token, parts)]
        if matched:
            code = min(self._entry_field[e] for e in matched)
            value = None
            if code == LANGUAGE:
                value = next(
                    (
                        language_name(c, lang)
                        for c in sorted(doc.languages)
                        # both foldings: "franzoesisch" names Französisch as "franzosisch" does
                        if holds(_both(foldings(language_names(c))), token, parts)
                    ),
                    None,
                )
            elif code in (ALT, NAMING):
                # The other or former name that matched, the page's language first: the hit
                # is shown by its own name ("Manga-Bell-Platz" found by "Nachtigalplatz").
                value = min(
                    (self._entry_lang[e] != lang, self._entry_text[e])
                    for e in matched
                    if self._entry_field[e] == code
                )[1]
            reason: dict[str, Any] = {"field": FIELDS[code], "value": value}
            if code in (LABEL, DESCRIPTION):
                # Only a text in another language than the page's matched: the page shows
                # its own, in which the word is not ("Found by: Description" on the English
                # page, for a word of the German description alone).
                langs = {self._entry_lang[e] for e in matched if self._entry_field[e] == code}
                if langs and lang not in langs and "" not in langs:
                    reason["lang"] = min(langs)
            return reason
        for concept in sorted(doc.topics):
            concept_id = self._doc_of.get(concept)
            concept_doc = self._docs[concept_id] if concept_id is not None else None
            if concept_doc is None:
                continue
            names = [
                e
                for e in concept_doc.entries
                if self._entry_field[e] in (LABEL, ALT) and holds(self._words_of(e), token, parts)
            ]
            if names:
                assert concept_id is not None
                field_name = (
                    "format"
                    if concept in doc.formats
                    else "region"
                    if concept in doc.regions
                    else FIELDS[TOPIC]
                )
                in_page = [e for e in names if self._entry_lang[e] in (lang, "")]
                if any(self._entry_field[e] == LABEL for e in in_page):
                    return {"field": field_name, "value": self._sort_key(concept_id, lang)[1]}
                if in_page:
                    # Only another name of it matched: that name. "Kolonial" found a speaker
                    # by the format "postkolonialer Stadtrundgang", and the reason read
                    # "Format: Stadtrundgang", which says nothing of the word.
                    name = min(in_page, key=lambda e: self._entry_text[e])
                    return {"field": field_name, "value": self._entry_text[name]}
                # Only its name in another language matched: that name, marked so, where
                # "Fortbildung" on the English page said "Format: Training".
                name = min(names, key=lambda e: (self._entry_field[e], self._entry_text[e]))
                return {
                    "field": field_name,
                    "value": self._entry_text[name],
                    "lang": self._entry_lang[name],
                }
        return None

    def _sort_key(self, doc_id: int, lang: str) -> tuple[str, str]:
        """(sort key, label) of an entity in `lang`, cached until the entity changes."""
        cached = self._sort_keys.setdefault(doc_id, {})
        found = cached.get(lang)
        if found is None:
            doc = self._docs[doc_id]
            assert doc is not None
            label = pick_label(doc.labels or doc.names or doc.display, lang, doc.iri)
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


def _unpost(postings: list[int], entry: int) -> None:
    """Take `entry` out of a word's postings, which are kept in ascending order.

    Found by halving: `list.remove` compared it with each posting in turn, and a common
    word's postings are long; at the 1M district it cost a relabelled entity's publication
    18 of its 71 ms, holding the GIL (and the index's lock) all the while."""
    i = bisect.bisect_left(postings, entry)
    if i < len(postings) and postings[i] == entry:
        del postings[i]
    else:  # not in order after all: never expected, but never lose the entry
        postings.remove(entry)
