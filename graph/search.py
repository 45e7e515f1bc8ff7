"""Full-text search over the public graphs, from an in-memory index.

Why an index in memory: a `CONTAINS`/`REGEX` filter scans every literal of the store on each
keystroke (seconds at 1M triples), and SPARQL cannot fold "Müller", "Mueller" and "Muller"
to one spelling. The index reads the labels once (`SearchIndex.build`, a few full scans) and
then answers in milliseconds. It holds only what the public graphs hold; build a new one
after a write (the web layer owns when).

Matching is by words: every word of the query must begin a word of one text of an entity
(a label, an alternative label, a former name of a site, the description, or the label of
one of its topics). Ranking: exact label > label prefix > label words > alternative label or
former name > description > topic.

Folding makes spelling variants meet: case, accents and ß are folded ("Café" -> "cafe",
"Straße" -> "strasse"), and every German umlaut is indexed twice, as the bare vowel and as
the vowel with e ("Müller" -> "muller" and "mueller"), so "Muller", "Mueller" and "Müller"
all find it. The query is folded the plain way only; the index holds both forms.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from .errors import UsageError
from .explore import KINDS, class_hierarchy, kind_of, pick_label, sort_key
from .namespaces import AG, AGV, ORG, PROV, SCHEMA, SKOS
from .resources import query
from .store import Store

#: Which text fields exist, with their base score. Higher wins; one entity gets the score of
#: its best-matching text.
FIELDS = ("label", "alt_label", "naming", "description", "topic")
SCORE_LABEL_EXACT = 100
SCORE_LABEL_PREFIX = 80
SCORE_LABEL_WORDS = 60
SCORE_ALT_EXACT = 50
SCORE_ALT_WORDS = 40
SCORE_DESCRIPTION = 20
SCORE_TOPIC = 15
#: A text in the reader's language wins a tie against the same match in another language.
LANGUAGE_BONUS = 1

_FIELD_OF_PROPERTY = {
    SKOS + "prefLabel": "label",
    SKOS + "altLabel": "alt_label",
    SCHEMA + "name": "alt_label",
    "http://purl.org/dc/terms/description": "description",
}
#: Helper nodes that are not worth a search hit of their own; their texts either belong to
#: another entity (a site's former names) or repeat other labels ("Membership: A in B").
_SKIPPED_TYPES = frozenset(
    {
        ORG + "Membership",
        AG + "SpeakerProfile",
        AG + "SiteNaming",
        PROV + "Activity",
        SKOS + "ConceptScheme",
        "http://www.w3.org/2002/07/owl#Ontology",
    }
)
_WORD = re.compile(r"\w+")
# Combining marks (accents, umlaut dots, Arabic vowel signs) as left by NFKD. A regex runs
# in C; a per-character unicodedata.combining() loop made folding 5x slower.
_COMBINING = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u064b-\u065f\u0670"
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
_HAS_UMLAUT = re.compile("[äöüÄÖÜ]|[aouAOU]\u0308")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
# Letters that Unicode does not decompose into a base letter plus an accent.
_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ı": "i", "æ": "ae", "œ": "oe"})


def _strip(text: str) -> str:
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_LETTERS)))


def fold(text: str) -> str:
    """The plain folding: lower case (ß -> ss), accents and umlaut dots removed."""
    if text.isascii():
        return text.lower()
    return _strip(unicodedata.normalize("NFC", text).casefold())


def fold_umlauts(text: str) -> str:
    """The German folding: ä/ö/ü -> ae/oe/ue, then as `fold`."""
    if text.isascii():
        return text.lower()
    return _strip(unicodedata.normalize("NFC", text).casefold().translate(_UMLAUTS))


def foldings(text: str) -> tuple[list[str], list[str]]:
    """The words of `text` in both foldings; the second is the first when there is no
    umlaut (the common case, folded only once)."""
    plain = words(fold(text))
    if text.isascii() or not _HAS_UMLAUT.search(text):
        return plain, plain
    return plain, words(fold_umlauts(text))


def words(folded: str) -> list[str]:
    return _WORD.findall(folded)


@dataclass
class _Doc:
    """One searchable entity."""

    iri: str
    kind: str
    labels: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)


_FIELD_CODES = {name: i for i, name in enumerate(FIELDS)}
_LABEL, _ALT, _NAMING, _DESCRIPTION_FIELD, _TOPIC = range(len(FIELDS))


class SearchIndex:
    """Words -> texts -> entities, built from the public graphs; see the module docstring.

    Texts are kept in parallel lists (entity, field, language, both foldings) rather than
    one object each: a common word matches thousands of texts, and the search loop over
    them is the hot path.
    """

    def __init__(self) -> None:
        self._docs: list[_Doc] = []
        self._doc_of: dict[str, int] = {}
        self._entry_doc: list[int] = []
        self._entry_field: list[int] = []
        self._entry_lang: list[str] = []
        self._entry_plain: list[str] = []
        self._entry_umlauts: list[str] = []
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._tokens: list[str] = []
        self._topic_members: dict[int, list[int]] = defaultdict(list)
        self._sort_keys: dict[tuple[int, str], tuple[str, str]] = {}

    def __len__(self) -> int:
        return len(self._docs)

    @property
    def text_count(self) -> int:
        return len(self._entry_doc)

    # ---- building ---------------------------------------------------------------------

    @classmethod
    def build(cls, store: Store) -> SearchIndex:
        """Read every label, alternative label, name and description of the public graphs
        (all languages), the types, the topic links and the former names of sites.

        The three scans go through `Store.rows` (rows as the engine yields them) rather
        than `Store.select` (a dict per row): at 1M triples that halves the build time."""
        index = cls()
        types: dict[str, list[str]] = defaultdict(list)
        for row in _scan(store, "search-types"):
            subject = row["subject"]
            if isinstance(subject, ox.NamedNode):
                types[subject.value].append(row["type"].value)
        hierarchy = class_hierarchy(store)

        topics_of: dict[str, list[str]] = defaultdict(list)
        site_of_naming: dict[str, str] = {}
        topic_concepts: set[str] = set()
        topic_scheme = AGV + "topics"
        for row in _scan(store, "search-links"):
            subject, obj, link = row["subject"], row["object"], row["link"].value
            if not (isinstance(subject, ox.NamedNode) and isinstance(obj, ox.NamedNode)):
                continue
            if link == "topic":
                topics_of[subject.value].append(obj.value)
            elif link == "naming":
                site_of_naming[obj.value] = subject.value
            elif link == "scheme" and obj.value == topic_scheme:
                topic_concepts.add(subject.value)

        def doc_for(iri: str) -> int | None:
            found = index._doc_of.get(iri)
            if found is not None:
                return found
            own = types.get(iri, ())
            if _SKIPPED_TYPES.intersection(own):
                return None
            kind = "topics" if iri in topic_concepts else kind_of(own, hierarchy)
            index._doc_of[iri] = len(index._docs)
            index._docs.append(_Doc(iri, kind))
            return index._doc_of[iri]

        name_property = SCHEMA + "name"
        for row in _scan(store, "search-texts"):
            subject, text = row["subject"], row["text"]
            if not isinstance(subject, ox.NamedNode) or not isinstance(text, ox.Literal):
                continue
            prop = row["property"].value
            field_name = _FIELD_OF_PROPERTY[prop]
            iri = subject.value
            if iri in site_of_naming:
                # A former (or current) name of a site is found as the site.
                if field_name != "alt_label":
                    continue
                iri, field_name = site_of_naming[iri], "naming"
            doc = doc_for(iri)
            if doc is None:
                continue
            language = text.language or ""
            if field_name == "label":
                index._docs[doc].labels.setdefault(language, text.value)
            elif prop == name_property and field_name == "alt_label":
                index._docs[doc].names.setdefault(language, text.value)
            index._add(doc, _FIELD_CODES[field_name], language, text.value)

        for subject, topics in topics_of.items():
            if subject not in index._doc_of and subject not in types:
                continue
            member = doc_for(subject)
            if member is None:
                continue
            for topic in set(topics):
                topic_doc = index._doc_of.get(topic)
                if topic_doc is not None:
                    index._topic_members[topic_doc].append(member)
        index._tokens = sorted(index._postings)
        return index

    def _add(self, doc: int, field_code: int, language: str, text: str) -> None:
        plain, umlauts = foldings(text)
        entry = len(self._entry_doc)
        self._entry_doc.append(doc)
        self._entry_field.append(field_code)
        self._entry_lang.append(language)
        # Only labels are compared as a whole (exact, prefix); a description scores by its
        # words alone, so its text is not kept (most of the index's memory otherwise).
        whole = field_code != _DESCRIPTION_FIELD
        self._entry_plain.append(" ".join(plain) if whole else "")
        self._entry_umlauts.append(" ".join(umlauts) if whole and umlauts is not plain else "")
        postings = self._postings
        for token in set(plain).union(umlauts):
            postings[token].append(entry)

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
        candidates: set[int] | None = None
        # Longest word first: it usually has the fewest matches, so the intersection
        # shrinks early.
        for token in sorted(set(query_words), key=len, reverse=True):
            matches = self._matching_entries(token)
            candidates = matches if candidates is None else candidates & matches
            if not candidates:
                return []
        phrase = " ".join(query_words)

        best: dict[int, int] = {}
        matched: dict[int, int] = {}
        entry_doc, entry_field = self._entry_doc, self._entry_field
        entry_lang, plain, umlauts = self._entry_lang, self._entry_plain, self._entry_umlauts
        topic_members = self._topic_members
        for entry in candidates or ():
            doc = entry_doc[entry]
            field_code = entry_field[entry]
            if field_code == _LABEL:
                if plain[entry] == phrase or umlauts[entry] == phrase:
                    score = SCORE_LABEL_EXACT
                elif plain[entry].startswith(phrase) or umlauts[entry].startswith(phrase):
                    score = SCORE_LABEL_PREFIX
                else:
                    score = SCORE_LABEL_WORDS
            elif field_code in (_ALT, _NAMING):
                exact = plain[entry] == phrase or umlauts[entry] == phrase
                score = SCORE_ALT_EXACT if exact else SCORE_ALT_WORDS
            else:
                score = SCORE_DESCRIPTION
            if entry_lang[entry] == lang:
                score += LANGUAGE_BONUS
            if score > best.get(doc, -1):
                best[doc] = score
                matched[doc] = field_code
            if field_code in (_LABEL, _ALT) and doc in topic_members:
                for member in topic_members[doc]:
                    if best.get(member, -1) < SCORE_TOPIC:
                        best[member] = SCORE_TOPIC
                        matched[member] = _TOPIC

        docs = self._docs
        if allowed is not None:
            best = {d: s for d, s in best.items() if docs[d].kind in allowed}
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
        return [
            {
                "iri": docs[d].iri,
                "label": self._sort_key(d, lang)[1],
                "kind": docs[d].kind,
                "score": best[d],
                "matched": FIELDS[matched[d]],
            }
            for d in ranked
        ]

    def _sort_key(self, doc_id: int, lang: str) -> tuple[str, str]:
        """(sort key, label) of an entity in `lang`, cached: labels never change in an index."""
        cached = self._sort_keys.get((doc_id, lang))
        if cached is None:
            doc = self._docs[doc_id]
            label = pick_label(doc.labels or doc.names, lang, doc.iri)
            cached = (sort_key(label) + "\x00" + doc.iri, label)
            self._sort_keys[(doc_id, lang)] = cached
        return cached

    def kinds(self) -> dict[str, int]:
        """How many searchable entities there are per kind (for diagnostics and tests)."""
        counts: dict[str, int] = defaultdict(int)
        for doc in self._docs:
            counts[doc.kind] += 1
        return dict(counts)


def group_by_kind(results: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Results grouped by kind in the order of KINDS, "other" last, each group best first."""
    groups: dict[str, list[dict[str, Any]]] = {kind: [] for kind in (*KINDS, "other")}
    for result in results:
        groups.setdefault(result["kind"], []).append(result)
    return {kind: items for kind, items in groups.items() if items}


def _scan(store: Store, name: str) -> Iterator[ox.QuerySolution]:
    """One of the index's whole-data scans, `explore/NAME.rq`, over the public graphs."""
    return store.rows(query(f"explore/{name}"), public_only=True, max_rows=Store.SCAN_ROWS)
