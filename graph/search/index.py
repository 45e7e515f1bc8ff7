"""The search index: words -> texts -> entities, kept in step with the public graphs.

`SearchIndex.build` reads the public graphs whole (a few scans, seconds at 1M triples);
`SearchIndex.update` follows one commit by re-reading only the entities it touched, and ends
up holding exactly what a new build would (the tests compare the two). Searches and updates
take turns on one lock: an update holds it only while it swaps entries (milliseconds); the
reading happens before.
"""

from __future__ import annotations

import bisect
import difflib
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice, product
from typing import Any

import pyoxigraph as ox

from ..errors import RowCapExceeded, UsageError
from ..explore import KINDS, class_hierarchy, kind_of, pick_label, sort_key
from ..languages import language_name
from ..memory import one_copy
from ..store import Change, Store
from .folding import fold, fold_umlauts, foldings, stems, words, written_words
from .inside import INSIDE_MIN, Inside, holds, split_mended, split_word
from .ranking import SCORE_SEVERAL, score_texts
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

#: Spelling suggestions try at most this many ways to mend the unknown words of a query
#: (three nearest words each: two typos make 9, three make 27).
_MAX_COMBINATIONS = 27


#: A stem that is no word of the index but begins words stands for a word found nowhere
#: only with this many letters: "chil" of "Chile" began "children" and found "Schilder".
_STEM_BEGINS = 5
#: The endings a word loses where German runs it into the next one ("koloniale" in
#: "Kolonialgeschichte", "Afrikanische" in "Afrikanischviertel" as people type it).
_COMPOUND_ENDINGS = ("e", "en", "er", "es")
#: A filler run into a word stands between words of this many letters at least
#: (`SearchIndex._fillers_fit`): "Hausderkulturen", not "Mai in liste" for "maiingliste".
_FILLER_NEIGHBOUR = 4


#: A typed word a suggestion's word may swallow is at least this long ("Platz", not "e").
_SWALLOWED_FROM = 3


def _swallowed(words: list[str], put: dict[str, tuple[str, ...]]) -> set[str]:
    """The typed words that a word put in for its neighbour holds already: "Nachtigall
    Platz" was offered "Nachtigalplatz Platz", a name and half of it again."""
    gone: set[str] = set()
    for i, word in enumerate(words):
        new = put.get(word)
        if new is None or len(new) != 1:
            continue
        for j, has_it in ((i + 1, new[0].endswith), (i - 1, new[0].startswith)):
            if not 0 <= j < len(words) or words[j] in put or words[j] == new[0]:
                continue
            if len(words[j]) >= _SWALLOWED_FROM and has_it(words[j]):
                gone.add(words[j])
    return gone


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


def _both(folded: tuple[list[str], list[str]]) -> list[str]:
    plain, umlauts = folded
    return plain if umlauts is plain else plain + umlauts


def _typed(text: str) -> list[tuple[str, list[str]]]:
    """Each word of a query as typed, with the index's words it folds into: suggestions put
    the words back as the person wrote them."""
    return [(word, words(fold(word))) for word in written_words(unicodedata.normalize("NFC", text))]


#: Words that join a query's words without asking for anything ("Referentin für
#: Kolonialgeschichte", "Kolonialgeschichte und Französisch"), German and English, folded as
#: the index folds. The explorer's search leaves them out where the query has other words:
#: searched, "für" began "Further training" (a format's English name) and found 2 of the 5
#: speakers on colonial history, one "because" of that format; "und" turned 5 into 0.
FILLER_WORDS = frozenset(
    words(
        fold(
            "der die das den dem des ein eine einer eines einem einen und oder für mit von "
            "vom zu zum zur im in am an auf aus bei über nach sowie "
            "fuer ueber "  # as typed without umlauts: "Referentin fuer Kolonialgeschichte"
            "the a and or of for with to on at by from"
        )
    )
)


def _filler(parts: list[str]) -> bool:
    """Whether a typed word (as the index's words it folds into) is one of `FILLER_WORDS`."""
    return bool(parts) and set(parts) <= FILLER_WORDS


def without_fillers(typed: list[tuple[str, list[str]]]) -> tuple[str, list[str]]:
    """The query (its words as `_typed` or `SearchIndex._typed_apart` give them) without
    its `FILLER_WORDS` (as typed), and those left out; the query as it is when it has no
    other words."""
    kept = [w for w, parts in typed if not _filler(parts)]
    if not kept or len(kept) == len(typed):
        return " ".join(w for w, _parts in typed), []
    left_out: dict[tuple[str, ...], str] = {}  # "Der" and "der" once, as first typed
    for w, parts in typed:
        if _filler(parts):
            left_out.setdefault(tuple(parts), w)
    return " ".join(kept), list(left_out.values())


def _cuts(written: str, token: str, parts: list[str]) -> list[tuple[str, tuple[int, int]]]:
    """Where each of `parts` (`token`, folded from `written`, split) stands in `written`:
    folding may change a word's length ("ß" is "ss"), so the typed word is folded a letter
    at a time. (0, 0) where a part does not begin or end at a letter of it."""
    ends = {len("".join(words(fold(written[:i])))): i for i in range(len(written) + 1)}
    found: list[tuple[str, tuple[int, int]]] = []
    at = 0
    for part in parts:
        start, end = ends.get(at), ends.get(at + len(part))
        found.append((part, (start, end) if start is not None and end is not None else (0, 0)))
        at += len(part)
    return found


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
        # A text as written (case, umlauts), for the spelling a suggestion shows; "" for a
        # description (only its words are kept). Mostly the very string `_Doc.labels` holds.
        self._entry_text: list[str] = []
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

    def _begins(self, token: str) -> bool:
        """Whether a word of the index begins with `token`."""
        tokens = self._tokens
        i = bisect.bisect_left(tokens, token)
        return i < len(tokens) and tokens[i].startswith(token)

    def _base_form(self, token: str) -> str:
        """`token`, or its stem without a German ending (`folding.stems`) where the stem is
        a word of the index: "Veranstaltungen" as "veranstaltung", "Stadtführungen" as
        "stadtfuhrung" (its parts, found apart, had counted as found), "Organisationen" as
        "organisation" (the plural, in five texts, found five of the 48 organisations), and
        "Vortraege" as "vortrag", typed with "ae" for the "ä" of a plural. A stem that is
        only the beginning of words is none: "Chile" found the "Schilder" of sign unveilings,
        and "Ukraine" is offered "Ukrainisch" instead. Where the stem is no word of the index
        but begins words and the word itself finds nothing ("Projekte": "Projekttag",
        "Projektwoche"), a stem of five letters or more stands for it."""
        plain = token.replace("ae", "a").replace("oe", "o").replace("ue", "u")
        candidates = stems(token) + (stems(plain) if plain != token else [])
        whole = next((stem for stem in candidates if stem in self._postings), None)
        if whole is not None:
            return whole
        if self._begins(token) or self._split(token) is not None:
            return token  # found as typed (by its beginning, inside words or in parts)
        if len(token) >= INSIDE_MIN and self._inside.words_holding(token, self._tokens):
            return token
        begun = (stem for stem in candidates if len(stem) >= _STEM_BEGINS and self._begins(stem))
        return next(begun, token)

    def _query_words(self, text: str) -> tuple[list[str], str]:
        """The words of a query, each in its `_base_form`: the rest of the search, its
        reasons and its ranking read the stem as if it were typed. A word found only as
        words run together (`_split`) is its parts, each in its base form, as if typed apart:
        "Kolonialgeschichtebildung" found 3 where "Kolonialgeschichte Bildung" found 14
        (a topic and a format, each in a text of its own), and "Afrikanischesviertel" missed
        the German "Afrikanischen Viertel" that "Afrikanisches Viertel" finds by its stem.
        Second, the words as typed (folded, split, not stemmed), for the ranking of a name
        typed whole: "Afrikanisches Viertel" is the name, though searched as "afrikanische"."""
        found: list[str] = []
        typed: list[str] = []
        for token in words(fold(text)):
            base = self._base_form(token)
            parts = self._split(token) if base == token else None
            if parts:
                # A filler run in ("Referentinfürkolonialgeschichte") is left out, as typed
                # apart; "für" had found the format "Further training".
                parts = [part for part in parts if part not in FILLER_WORDS] or parts
            found += [self._base_form(part) for part in parts] if parts else [base]
            typed += parts or [token]
        return found, " ".join(typed)

    def _typed_apart(self, text: str) -> list[tuple[str, list[str]]]:
        """The words of a query as `_typed`, a word found only as words run together
        (`_split`, as `_query_words` reads it) as its parts, each as typed
        ("Kolonialworkshops": "Kolonial", "workshops"; "Straßenumbenennungwedding":
        "Straßenumbenennung", "wedding"). So the page says of such a word what it says of
        words typed apart: a part searched by its stem, a filler left out, a query with a
        part left out."""
        apart: list[tuple[str, list[str]]] = []
        for written, parts in _typed(text):
            token = parts[0] if len(parts) == 1 else ""
            split = self._split(token) if token and self._base_form(token) == token else None
            if not split:
                apart.append((written, parts))
                continue
            cuts = _cuts(written, token, split)
            apart += [(written[a:b] or self._written(part), [part]) for part, (a, b) in cuts]
        return apart

    def _stemmed(self, text: str) -> list[dict[str, str]]:
        """The words of a query searched as their stem, as typed and as searched ("Hansen"
        as "Hans"): the page says so, since a name may lose an ending that is none. `text`
        with its words run together already typed apart, as they were read."""
        found = []
        for written, parts in _typed(text):
            for token in parts:
                stem = self._base_form(token)
                if stem != token:
                    # As the data writes it, where a name has it: "Vorträge" as "Vortrag",
                    # where the typed word cut at the stem's length read "Vorträg". Else as
                    # typed ("Abhängigkeitn": "Abhängigkeit", not the index's "abhangigkeit").
                    cut = written[: len(stem)]
                    shown = self._written(stem)
                    if shown == stem and words(fold(cut)) == [stem]:
                        shown = cut
                    found.append({"typed": written, "as": shown})
        return found

    def _apart_unless_spelt(self, text: str) -> list[tuple[str, list[str]]]:
        """`_typed_apart`, but a word spelt like one word of the index (`_close_words`) stays
        whole: where nothing is found, "Gesundehit" is "Gesundheit" mistyped, not "gesunde"
        and "hit". Spelling offers it so (`_nearest`), and the page said "Gesunde" was
        searched as "Gesund". Where something is found, the parts stand: "Frauenvereine" is
        spelt like "Frauenrechte", and its note on "vereine" was lost."""
        typed: list[tuple[str, list[str]]] = []
        for written, parts in _typed(text):
            apart = self._typed_apart(written)
            spelt = len(apart) > 1 and self._close_words(parts[0], 1)
            typed += [(written, parts)] if len(apart) == 1 or spelt else apart
        return typed

    def search(
        self,
        text: str,
        lang: str,
        *,
        types: list[str] | None = None,
        limit: int = 50,
        spread: bool = False,
    ) -> list[dict[str, Any]]:
        """Entities whose texts contain every word of `text` (as word beginnings), best
        first: each {iri, label (in `lang` with fallback), kind, score, matched}.

        With `spread`, an entity is also found when each word begins a word of a different
        text of it ("Referentin Kolonialgeschichte Französisch": its role, a topic, a
        language), below every entity one text of which has all the words."""
        allowed = _kinds(types)
        if not words(fold(text)) or limit <= 0:
            return []
        with self._lock:
            return self._search(*self._query_words(text), lang, allowed, limit, spread)

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
        the index that find something of the kinds chosen (spelling variants); and where
        spelling offers nothing, `fewer_words`: the query with one word left out (`_fewer`)."""
        allowed = _kinds(types)
        if not words(fold(text)):
            return {"hits": [], "total": 0, "kinds": {}, "suggestions": [], "fewer_words": [],
                    "stemmed": [], "ignored": []}  # fmt: skip
        with self._lock:
            searched, ignored = without_fillers(self._typed_apart(text))
            query_words, typed = self._query_words(searched)
            best, matched = self._scored(query_words, lang, spread=True, typed=typed)
            kinds = self._kind_counts(best)
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
            fewer = [] if best or suggestions else self._fewer(text, lang, allowed)
            stemmed = self._stemmed(searched)
        return {"hits": hits, "total": len(best), "kinds": kinds, "suggestions": suggestions,
                "fewer_words": fewer, "stemmed": stemmed, "ignored": ignored}  # fmt: skip

    def _fewer(
        self, text: str, lang: str, allowed: set[str] | None, n: int = 3
    ) -> list[dict[str, Any]]:
        """No entity has all the words, and no spelling mends that ("Klima Wedding": no
        organisation in Wedding works on climate justice): the query with one word left out,
        where that finds something of the kinds chosen, with how much (most first). Each
        word as typed; a query of one word run together as its parts
        ("Klimagerechtigkeitwedding" offered nothing, where "Klimagerechtigkeit Wedding"
        offers each word alone)."""
        typed = _typed(text)
        if len(typed) < 2:  # the parts of one word run together, else a part of a word was
            typed = self._typed_apart(text)  # left out: "children wedding": "child ren"
        if len(typed) < 2:
            return []
        found: list[dict[str, Any]] = []
        for i, (left_out, parts) in enumerate(typed):
            if _filler(parts):
                continue  # not searched anyway
            rest = typed[:i] + typed[i + 1 :]
            # Two such words side by side once ("Kolonialgeschichte und und Wedding"), and
            # not ending or beginning on one ("Haus der Kulturen der").
            rest = [
                word
                for j, word in enumerate(rest)
                if not (j and _filler(word[1]) and _filler(rest[j - 1][1]))
            ]
            while rest and _filler(rest[-1][1]):
                rest = rest[:-1]
            while rest and _filler(rest[0][1]):
                rest = rest[1:]
            if not rest:
                continue
            rest_text = " ".join(word for word, _parts in rest)
            searched, _ignored = without_fillers(rest)
            rest_words, rest_typed = self._query_words(searched)
            best, _matched = self._scored(rest_words, lang, True, typed=rest_typed)
            if allowed is not None:
                best = self._of_kinds(best, allowed)
            query = rest_text
            if best and all(f["query"] != query for f in found):
                found.append({"query": query, "left_out": left_out, "total": len(best)})
        return sorted(found, key=lambda f: -f["total"])[:n]

    def _search(
        self,
        query_words: list[str],
        typed: str,
        lang: str,
        allowed: set[str] | None,
        limit: int,
        spread: bool = False,
    ) -> list[dict[str, Any]]:
        best, matched = self._scored(query_words, lang, spread, typed=typed)
        if allowed is not None:
            best = self._of_kinds(best, allowed)
        return self._ranked(best, matched, lang, 0, limit)

    def _scored(
        self, query_words: list[str], lang: str, spread: bool, *, typed: str = ""
    ) -> tuple[dict[int, int], dict[int, int]]:
        """Every entity the words find, with its score and the field that matched best;
        `typed`, the words as typed (`_query_words`), also makes a name exact."""
        candidates: set[int] | None = None
        found_of: list[set[int]] = []
        inner: set[int] = set()
        # Longest word first: it usually has the fewest matches, so the intersection
        # shrinks early.
        for token in sorted(set(query_words), key=len, reverse=True):
            matches, inner_matches = self._found_entries(token, lang)
            if not matches:
                return {}, {}  # a word found nowhere: no entity has all the words
            found_of.append(matches)
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
        # Spread over texts only with words of 3 letters or more: a shorter word begins words
        # of most texts, and joining those per entity would cost more than it finds.
        if spread and len(found_of) > 1 and min(map(len, query_words)) >= _SPREAD_MIN:
            for doc in self._entities_with_each(found_of):
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

    def _split(self, token: str) -> list[str] | None:
        """The words `token` runs together, if it is found only as those (`_found_entries`):
        no word of the index begins with it or holds it."""
        tokens = self._tokens
        i = bisect.bisect_left(tokens, token)
        if i < len(tokens) and tokens[i].startswith(token):
            return None
        if len(token) >= INSIDE_MIN and self._inside.words_holding(token, tokens):
            return None
        return self._parts(token)

    def _parts(self, token: str) -> list[str] | None:
        """The words `token` runs together (`split_word`), by the rule of `_is_word`, and
        with fillers only where they fit (`_fillers_fit`)."""
        parts = split_word(token, self._is_word, lambda w: self._begins(w) or self._is_word(w))
        return parts if parts is None or self._fillers_fit(parts) else None

    def _fillers_fit(self, parts: Sequence[str]) -> bool:
        """Whether each filler among the parts of a word run together stands between two
        whole words (`_whole`) of `_FILLER_NEIGHBOUR` letters or more, as in
        "Referentinfürkolonialgeschichte", never first or last: "Klimagesundbrunnen" was cut
        as "klimages", "und", "brunnen", the typos "widersand" and "maiingliste" offered
        "widers and" and "Mai in liste"."""
        return not any(
            part in FILLER_WORDS
            and (
                i in (0, len(parts) - 1)
                or not all(
                    len(other) >= _FILLER_NEIGHBOUR and self._whole(other)
                    for other in (parts[i - 1], parts[i + 1])
                )
            )
            for i, part in enumerate(parts)
        )

    def _whole(self, part: str) -> bool:
        """Whether `part` is a word of the index, or one with a German ending whose stem is."""
        return part in self._postings or any(stem in self._postings for stem in stems(part))

    def _is_word(self, part: str) -> bool:
        """Whether `part`, not the last, of a word run together counts: a word of the index,
        or one with a German ending, as `_base_form` takes it ("Workshopskolonial",
        "Projektewedding", "Vortraegekolonialgeschichte"). The last part may be a word's
        beginning (`_begins`), as the last word typed may be ("Mangabel"); the others may
        not: "Franzosich", a typo, had found a speaker by its parts "franzo" and "sich"
        instead of offering "Französisch". A word of the index without its ending counts
        too, as German runs an adjective's stem into the next word ("Kolonialberlin":
        "kolonial" of "koloniale"; it had stayed one word and found nothing)."""
        if part in self._postings or self._with_ending(part):
            return True
        return len(part) >= _STEM_BEGINS and any(
            part + ending in self._postings for ending in _COMPOUND_ENDINGS
        )

    def _with_ending(self, part: str) -> bool:
        """Whether `part` is a word with a German ending, as `_base_form` takes it: its stem
        a word of the index, or one of `_STEM_BEGINS` letters that begins words."""
        plain = part.replace("ae", "a").replace("oe", "o").replace("ue", "u")
        return any(
            stem in self._postings or (len(stem) >= _STEM_BEGINS and self._begins(stem))
            for stem in {*stems(part), *stems(plain)}
        )

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
                langs = {self._entry_lang[e] for e in names}
                if lang in langs or "" in langs:
                    return {"field": field_name, "value": self._sort_key(concept_id, lang)[1]}
                # Only its name in another language matched: that name, marked so, where
                # "Fortbildung" on the English page said "Format: Training".
                name = min(names, key=lambda e: (self._entry_field[e], self._entry_text[e]))
                return {
                    "field": field_name,
                    "value": self._entry_text[name],
                    "lang": self._entry_lang[name],
                }
        return None

    def _nearest(
        self, text: str, lang: str, allowed: set[str] | None = None, n: int = 3
    ) -> list[dict[str, str]]:
        """For the query words the index does not know: the nearest words it knows (same
        first letter, similar spelling), all of them put in at once, as whole queries that
        find something (two typos need both mended: "Kolonialgeshichte Referntin"). A query
        reads as a person writes it: each word put in as the data writes it ("Französisch",
        not the index's "franzosisch"), the other words as they were typed. A word read as
        words run together is its parts (`_typed_apart`), as searched, unless it is spelt
        like a word of the index: "Kinderwedding" was one unknown word, and "Keine Wedding"
        was offered where "Kinder Wedding" offers fewer words; but "Gesundehit" is
        "Gesundheit", not "gesunde" and "hit"."""
        typed = self._apart_unless_spelt(text)
        query_words = [folded for _word, parts in typed for folded in parts]
        # A word found by its stem is known: "Kinder Wedding" offered "Keine Wedding".
        base = {w: self._base_form(w) for w in query_words}
        unknown = [
            w for w in dict.fromkeys(query_words) if not self._found_entries(base[w], lang)[0]
        ]
        if any(w not in FILLER_WORDS for w in query_words):  # a filler is not searched
            unknown = [w for w in unknown if w not in FILLER_WORDS]
        if not unknown:
            return []
        # A word with nothing near may be words run together with a typo ("Mangabelplatz");
        # else it stays as typed (the others may still be mended).
        nearest: list[list[tuple[str, ...]]] = [
            [(close,) for close in self._close_words(word, n)]
            or self._split_mended(word)
            or [(word,)]
            for word in unknown
        ]
        suggestions: list[dict[str, str]] = []
        for chosen in islice(product(*nearest), _MAX_COMBINATIONS):
            put = dict(zip(unknown, chosen, strict=True))
            gone = _swallowed(query_words, put)
            # A mended word's parts are searched as typed ones are, by their base form:
            # "projekte" of "Weddnigprojekte" as "projekt".
            mended = [
                self._base_form(part) if w in put else part
                for w in query_words
                if w not in gone
                for part in put.get(w, (base[w],))
            ]
            mended = [w for w in mended if w not in FILLER_WORDS] or mended  # as searched
            if not self._search(mended, "", lang, allowed, 1, spread=True):
                continue
            written = {
                word: " ".join(self._written(part) for part in parts) for word, parts in put.items()
            }
            shown = [written[parts[0]] if len(parts) == 1 and parts[0] in written else typed_word
                     for typed_word, parts in typed
                     if not (len(parts) == 1 and parts[0] in gone)]  # fmt: skip
            suggestion = {"query": " ".join(shown), "word": ", ".join(written.values())}
            if suggestion not in suggestions:  # "franzosisch", "franzoesisch": one
                suggestions.append(suggestion)
        return suggestions[:n]

    def _close_words(self, word: str, n: int) -> list[str]:
        """The words of the index nearest to `word`: the same first letter, at most two
        letters longer or shorter, similar spelling; the nearest first. Only words of names
        (an entity's, a former name, a topic, a language): a word only descriptions hold
        cannot be written as the data writes it (their texts are not kept, `_written`), so
        it came as the index folds it, in lower case, and pieces of web addresses with it."""
        tokens = self._tokens
        low = bisect.bisect_left(tokens, word[:1])
        high = bisect.bisect_left(tokens, word[:1] + "\U0010ffff")
        pool = [t for t in tokens[low:high] if abs(len(t) - len(word)) <= 2]
        close = difflib.get_close_matches(word, pool, n=4 * n, cutoff=0.7)
        named = [t for t in close if self._in_a_name(t)][:n]
        # The first word that continues it keeps a place however many are spelt alike (of
        # several; one word asked for is the nearest: `_split_mended` mends a part with it).
        derived = [t for t in self._derived_words(word, n) if t not in named]
        keep = n - 1 if n > 1 else n
        return [*named[:keep], *derived[:1], *named[keep:], *derived[1:]][:n]

    def _derived_words(self, word: str, n: int) -> list[str]:
        """Words of names that continue `word` without its last letter or two, shortest
        first: a country asked for as its adjective has ("Ukraine": "Ukrainisch", "Türkei":
        "Türkisch", "Syrien": "Syrisch"). "Ukraine" found nothing, and the page offered only
        "Ukrainian", an English name, on a German page: the spelling above allows two
        letters more, and the adjective has three. Only for words of six letters and more,
        so a stem keeps four."""
        found: list[str] = []
        for cut in (1, 2):
            stem = word[:-cut]
            if len(word) < 6 or len(stem) < 4:
                break
            low = bisect.bisect_left(self._tokens, stem)
            high = bisect.bisect_left(self._tokens, stem + "\U0010ffff")
            found += sorted(
                (t for t in self._tokens[low:high] if len(t) > len(word) and t not in found
                 and self._in_a_name(t)),
                key=lambda t: (len(t), t),
            )  # fmt: skip
        return found[:n]

    def _split_mended(self, word: str) -> list[tuple[str, ...]]:
        """`word` read as words of names run together, one of them mistyped, mended
        (`split_mended`): the ways to put it in, or none. Each part a word of a name, or its
        stem one; the last may also be a word with an ending whose stem only begins words
        ("projekte" of "Weddnigprojekte"), as in `_is_word`: before, "verschwn" (of
        "verschwunden") counted, and "verschwnden" was offered "verschwn de". Fillers only
        where they fit, as `_parts` cuts (`_fillers_fit`)."""

        def named(part: str) -> bool:
            return any(w in self._postings and self._in_a_name(w) for w in (part, *stems(part)))

        readings = split_mended(
            word,
            lambda part: named(part) or self._with_ending(part),
            lambda part: next(iter(self._close_words(part, 1)), None),
        )
        return [
            tuple(parts)
            for parts in readings
            if all(named(part) for part in parts[:-1]) and self._fillers_fit(parts)
        ]

    def _in_a_name(self, token: str) -> bool:
        return any(self._entry_field[e] != DESCRIPTION for e in self._postings.get(token, ()))

    def _written(self, token: str) -> str:
        """A word of the index as the data writes it ("franzosisch" -> "Französisch"): of
        the words of its texts (descriptions aside) that fold to it, the first in sort
        order (so a build and its updates agree); the token itself when only descriptions
        have it."""
        found = [
            word
            for entry in self._postings.get(token, ())
            for word in written_words(self._entry_text[entry])
            if token in ("".join(words(fold(word))), "".join(words(fold_umlauts(word))))
        ]
        return min(found, default=token)

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
