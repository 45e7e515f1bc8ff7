"""Speakers and sites: the speaker directory of the office and the map of colonial history.

`speakers`, `speaker_page`, `speaker_count` and `speaker_facets` answer the directory of
people an office can ask for educational work (filtered by topic, language, format and
region), from the directory kept in memory per store version (`speaker_index`: read once,
filtered and counted in Python; filter values are looked up there, never sent to the
engine). No contact data is read: requests go through the coordination office. `sites`
gives the colonial-history sites for the map and its list, each with the names the place
carried. `in_directories` says where the lists and the directory file something under a
value (a topic's organisations, speakers, projects ...), for that value's page.
"""

from __future__ import annotations

import contextlib
import re
import weakref
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ..errors import UsageError, shown
from ..languages import LANGUAGES, check_lang, language_name
from ..namespaces import AGV
from ..resources import query
from ..store import Store
from .facet_index import IRI_FACETS
from .lists import (
    FILED_TOKEN,
    UnknownFilterValue,
    facet_index,
    facet_names,
    list_kinds,
    list_token,
    names_something,
)
from .speaker_index import FILTERS, SPEAKERS_TOKEN, SpeakerIndex, speaker_index
from .vocabulary import (
    KINDS,
    Labels,
    OtherNames,
    is_current,
    sort_key,
    term_value,
    vocabulary_labels,
    vocabulary_other_names,
)


def speakers(
    store: Store,
    lang: str,
    *,
    topic: str | None = None,
    language: str | None = None,
    format: str | None = None,
    region: str | None = None,
) -> list[dict[str, Any]]:
    """The speakers (Referent*innen) an office can ask for educational work, filtered by
    topic, language, format and region (IRIs, a language code), all given filters at once:
    every one of them, in label order."""
    check_lang(lang)
    chosen = {"topic": topic, "language": language, "format": format, "region": region}
    index = speaker_index(store)
    passing = index.passing(chosen)
    return _entries(store, index, index.ordered(passing, lang), passing, lang)


def speaker_page(
    store: Store,
    lang: str,
    *,
    page: int = 1,
    per_page: int = 25,
    topic: str | None = None,
    language: str | None = None,
    format: str | None = None,
    region: str | None = None,
) -> dict[str, Any]:
    """One page of `speakers` (`people`), with `total` (every speaker passing the filters),
    `page` and `per_page`: the directory of the 1M district is 4,250 speakers, 2.6 MB as one
    page."""
    check_lang(lang)
    page, per_page = max(1, int(page)), max(1, int(per_page))
    chosen = {"topic": topic, "language": language, "format": format, "region": region}
    index = speaker_index(store)
    passing = index.passing(chosen)
    ordered = index.ordered(passing, lang)
    shown_here = ordered[(page - 1) * per_page : page * per_page]
    people = _entries(store, index, shown_here, passing, lang)
    return {"people": people, "total": len(ordered), "page": page, "per_page": per_page}


def _by_name(named: tuple[str, str]) -> tuple[str, str]:
    """(name, value) in the order a page reads names (`sort_key`), then by value."""
    return sort_key(named[0]), named[1]


def speaker_count(
    store: Store,
    *,
    topic: str | None = None,
    language: str | None = None,
    format: str | None = None,
    region: str | None = None,
) -> int:
    """How many speakers pass the given filters (an empty page's "without this filter")."""
    chosen = {"topic": topic, "language": language, "format": format, "region": region}
    index = speaker_index(store)
    Store.note_reads([SPEAKERS_TOKEN])
    return len(index.people(index.passing(chosen)))


def _entries(
    store: Store, index: SpeakerIndex, persons: list[int], passing: frozenset[int] | None, lang: str
) -> list[dict[str, Any]]:
    """The directory's entries of `persons`: label, what they offer by name (in the profiles
    that pass the filters), and the IRIs and codes behind the names."""
    vocab, _ = vocabulary_labels(store)
    result = []
    values: set[str] = set()
    for person in persons:
        offered = index.offered(person, passing)

        # Each facet's values in the order of their names, so that `values` pairs with the
        # names by position (the names were sorted by label, the IRIs by IRI: "Lesung" met
        # .../panel), and a language by its name as the page shows it (exploratory E5).
        ordered = {
            key: sorted(
                (
                    ((language_name(v, lang) if key == "languages" else vocab.get(v, lang)), v)
                    for v in found
                ),
                key=_by_name,
            )
            for key, found in offered.items()
        }
        iri = index.persons[person]
        result.append(
            {
                "iri": iri,
                "label": index.names.get(iri, lang),
                **{key: [name for name, _ in found] for key, found in ordered.items()},
                # The IRIs (and codes) behind the names, in their order: what the filters
                # and facets take.
                "values": {key: [v for _, v in found] for key, found in ordered.items()},
            }
        )
        values.update(v for k, found in offered.items() if k != "languages" for v in found)
    # What the answer shows that the index read: the speakers, the values' labels.
    Store.note_reads([SPEAKERS_TOKEN, *values])
    return result


def speaker_language(store: Store, code: str | None) -> str | None:
    """The language a speaker filter means: the code as given when a speaker speaks it,
    else its primary subtag when one does ("fr-FR" asks for French; the directory records
    "fr"), as a lookup of language ranges truncates a tag (RFC 4647). "fr-FR" was refused
    with "no speaker speaks 'fr-FR'" beside nine who speak French."""
    if not code:
        return code
    spoken = speaker_index(store).holders["languages"]
    primary = code.split("-", 1)[0]
    return primary if code not in spoken and primary in spoken else code


def speaker_facets(
    store: Store,
    lang: str,
    *,
    topic: str | None = None,
    language: str | None = None,
    format: str | None = None,
    region: str | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """What the speaker filters can offer: each topic, language, format and region that at
    least one speaker offers, with the number of speakers.

    With filters chosen, each facet counts the speakers that pass the *other* chosen
    filters (as the lists' facets do), so a count says how many a choice would show; a
    chosen value stays listed even when no speaker is left for it."""
    check_lang(lang)
    vocab, _ = vocabulary_labels(store)
    chosen = {"topic": topic, "language": language, "format": format, "region": region}
    for name, value in chosen.items():
        # A value that names nothing (a typo, text where an address belongs) would show an
        # empty directory with a filter that means nothing: refused by name.
        if value and not names_something(store, name, value):
            quoted = shown(value, 80)
            raise UnknownFilterValue(
                f"{quoted} ist kein Wert für {name!r}; welche Werte es gibt, zeigen die Filter "
                "des Verzeichnisses.",
                f"{quoted} is no value of {name!r}; the directory's filters show the values "
                "there are.",
                kind="speakers",
                facet=name,
                value=value,
            )
    index = speaker_index(store)
    if language and language not in index.holders["languages"]:
        # Any well-formed tag names a language ("xx", "tlh"): one no speaker speaks gave an
        # empty directory with a made-up filter "xx (0)", where docs/api.md promises a 400.
        quoted = shown(language, 80)
        raise UsageError(
            f"Keine Referent*in spricht {quoted}; welche Sprachen es gibt, zeigen die Filter "
            "des Verzeichnisses.",
            f"No speaker speaks {quoted}; the directory's filters show the languages there are.",
            where="language",
        )
    facets: dict[str, list[dict[str, Any]]] = {}
    for name, (_, key) in FILTERS.items():
        counts = index.counts(key, index.passing({f: v for f, v in chosen.items() if f != name}))
        wanted = chosen[name]
        if wanted:
            counts.setdefault(wanted, 0)
        facets[key] = sorted(
            (
                {
                    "value": value,
                    "label": language_name(value, lang)
                    if key == "languages"
                    else vocab.get(value, lang),
                    "count": count,
                }
                for value, count in counts.items()
            ),
            key=lambda v: (-v["count"], sort_key(v["label"]), v["value"]),
        )
    shown_values = (v["value"] for k, found in facets.items() if k != "languages" for v in found)
    Store.note_reads([SPEAKERS_TOKEN, *shown_values])
    return facets


# ---- a value's place in the directories -----------------------------------------------------

#: The topics every entry of a directory has by its kind, which the directory therefore has
#: no filter for: a colonial-history site (`ag:ColonialHistorySite`, "a place with a link to
#: colonial history") is of colonial history. "Kolonialgeschichte Wedding" offered the three
#: organisations on it in Wedding, and not the six sites in Wedding (staff walk).
_KIND_TOPICS: dict[str, frozenset[str]] = {"sites": frozenset({AGV + "topic/colonial-history"})}

#: The order in which a page names the directories that list a value: the speakers next to
#: the organisations, as the office looks for both by topic.
_DIRECTORY_ORDER = ("organisations", "speakers", "people", "projects", "events", "cooperations",
                    "topics", "sites")  # fmt: skip


def in_directories(store: Store, iri: str) -> list[dict[str, Any]]:
    """Where the lists and the speaker directory file something under `iri` (a topic, a
    goal, a district, a kind or format): per directory and filter, how many it lists.

    A topic's page listed what names it only as "linked from: topic", organisations, events
    and cooperations in one list, and never said how many speakers knew about it (issue 16,
    pages that tell the story). The counts are those of the directory filtered by `iri`,
    from the same indexes, so the page's "4 organisations" is the list it links to. A
    publication that files something new under `iri` drops the page."""
    # What the counts depend on: a commit that files something under `iri` or takes it
    # away touches `iri`; one that changes what is a member, or a fact facets read through,
    # touches FILED_TOKEN. Not the lists' own tokens: with them, renaming an organisation
    # dropped the topics' list, which shows nothing of its name.
    Store.note_reads([iri, FILED_TOKEN])
    found: list[dict[str, Any]] = []
    for kind in list_kinds():
        index = facet_index(store, kind)
        for facet in facet_names(kind):
            if facet in IRI_FACETS and index.knows(facet, iri):
                found.append({"kind": kind, "facet": facet, "total": index.total({facet: [iri]})})
    speakers_index = speaker_index(store)
    for name in FILTERS:
        if name == "language":
            continue  # a code, never an entity's address
        total = len(speakers_index.people(speakers_index.passing({name: iri})))
        if total:
            found.append({"kind": "speakers", "facet": name, "total": total})
    found.sort(key=lambda d: _DIRECTORY_ORDER.index(d["kind"]))
    return found


def prepare_directories(store: Store) -> None:
    """Build every list's facet index and the speaker index now (a server's start-up, in
    the background): a topic's page, a search hit that lists are filtered by, and a search
    whose words name filters ask all of them, and at the 1M district their first build
    takes some ten seconds, which the first such visitor waited for."""
    for kind in list_kinds():
        facet_index(store, kind)
    speaker_index(store)


#: Up to how many words of a query one name of a filter's value may take: the longest names
#: are the goals' ("Frieden, Gerechtigkeit und starke Institutionen"). Until 2026-12-05
#: three, so that a goal named in full was read as words of other values ("Nachhaltige
#: Städte und Gemeinden" offered the organisation kind "Religionsgemeinschaft"), and a
#: region "Naher und Mittlerer Osten" offered nothing (exploratory test).
_NAME_WORDS = 8


#: What separates typed words for `directories_named` (not a hyphen: it joins a name).
_TYPED_APART = re.compile(r"[\s/,;+&|]+")


def directories_named(
    store: Store, text: str, lang: str, *, whole: bool = False
) -> list[dict[str, Any]]:
    """The directories filtered by the values that the words of `text` name: "Kolonialgeschichte
    Wedding" names a topic and a district, and the organisations list filtered by both
    holds 3; "Referentin Kolonialgeschichte Französisch" leads to the speakers on colonial
    history who speak French. Search finds entities by their texts, so "Wedding" found the
    ten organisations that write "Wedding", not the twelve in it (issue 16, search that
    helps). A value is named by one of its labels (or, for a language, its name in German or
    English), folded as search folds; the longest names are taken first. Each directory
    (`kind`: a list or "speakers") is offered only if every named value is one of its
    filters, and only when it lists something: `filters` (facet -> value, as the list's
    address takes them), `names` (the values' labels as the query named them, in its order)
    and `total`. With `whole` (the query is the name of an entity, as search found it), only
    a value that the whole query names: "Manga Bell Platz", the square, named "Platz"."""
    # Here, not at the top: the search package imports this one (its kinds and labels).
    from ..search.folding import fold, words

    check_lang(lang)
    # Words as typed, and where each typed word (between spaces, or a slash, comma, ...)
    # begins and ends: a name is taken only as whole typed words, so a hyphen joins.
    # "Manga-Bell-Platz", the square's own name, offered "Platz: 2 Orte der
    # Kolonialgeschichte" for its last part (exploratory walk).
    pieces = [words(fold(token)) for token in _TYPED_APART.split(text)]
    typed = [word for piece in pieces for word in piece]
    if not typed:
        return []
    begins, ends, at = set(), set(), 0
    for piece in pieces:
        if piece:
            begins.add(at)
            at += len(piece)
            ends.add(at - 1)
    vocab, _ = vocabulary_labels(store)
    other = vocabulary_other_names(store)
    # kind -> folded name -> (facet, value); a thousand names at the 1M district, 4 ms to
    # fold: kept with the index they were read from (a new version is a new index).
    names_of: dict[str, dict[str, tuple[str, str]]] = {}
    for kind in list_kinds():
        index = facet_index(store, kind)
        names_of[kind] = _kept_names(
            kind,
            (index, other),
            lambda index=index, kind=kind: {
                name: (facet, value)
                for facet in facet_names(kind)
                if facet in IRI_FACETS or facet == "language"
                for value in index.values(facet)
                for name in _names_of_value(value, facet, index.value_labels.get(facet), other)
            },
        )
    speakers_index = speaker_index(store)
    names_of["speakers"] = _kept_names(
        "speakers",
        (speakers_index, vocab, other),
        lambda: {
            name: (filter_name, value)
            for filter_name, (_, facet) in FILTERS.items()
            for value in speakers_index.holders[facet]
            for name in _names_of_value(value, filter_name, vocab, other)
        },
    )
    # The longest names first, each word in one name at most.
    known = set().union(*names_of.values())
    spans: list[tuple[int, str]] = []
    used: set[int] = set()
    for size in range(min(_NAME_WORDS, len(typed)), 0, -1):
        for start in range(len(typed) - size + 1):
            if start not in begins or start + size - 1 not in ends:
                continue
            if whole and size < len(typed):
                continue
            phrase = _known_form(" ".join(typed[start : start + size]), known)
            cover = set(range(start, start + size))
            if phrase is not None and not cover & used:
                spans.append((start, phrase))
                used |= cover
    if not spans:
        return []
    phrases = [phrase for _, phrase in sorted(spans)]
    Store.note_reads([FILED_TOKEN, SPEAKERS_TOKEN])
    topics_named = {
        name: value
        for names in names_of.values()
        for name, (facet, value) in names.items()
        if facet == "topic"
    }
    found = []
    for kind in _DIRECTORY_ORDER:
        if kind not in names_of:
            continue
        own = _KIND_TOPICS.get(kind, frozenset())
        chosen = [
            names_of[kind].get(phrase)
            for phrase in phrases
            if not (phrase not in names_of[kind] and topics_named.get(phrase) in own)
        ]
        filters = dict(c for c in chosen if c is not None)
        if None in chosen or len(filters) < len(chosen) or not filters:
            # A named value this directory has no filter for, or two of one filter; or
            # only the topic every entry of the directory has (the directory itself).
            continue
        labelled: dict[str, Labels] = {}
        if kind == "speakers":
            total = len(speakers_index.people(speakers_index.passing(filters)))
        else:
            index = facet_index(store, kind)
            total = index.total({f: [v] for f, v in filters.items()})
            labelled = dict(index.value_labels)  # a district is no term of the vocabulary
        if total:
            shown = [
                names_of[kind].get(phrase) or ("topic", topics_named[phrase]) for phrase in phrases
            ]
            names = [_value_name(v, f, labelled.get(f, vocab), lang) for f, v in shown]
            found.append({"kind": kind, "filters": filters, "names": names, "total": total})
    return found


#: directory -> (weak references to what its names were read from, the names): the names
#: of `directories_named`. Weak: an index a new store version replaced is not kept alive
#: for its names (at the 1M district a facet index holds megabytes).
_NAMES: dict[str, tuple[tuple[weakref.ref[Any], ...], dict[str, tuple[str, str]]]] = {}


def _kept_names(
    kind: str, sources: tuple[Any, ...], read: Callable[[], dict[str, tuple[str, str]]]
) -> dict[str, tuple[str, str]]:
    """The names of a directory's values, read again only when one of `sources` (its index,
    which a new store version replaces) is another object."""
    kept = _NAMES.get(kind)
    same = kept is not None and len(kept[0]) == len(sources)
    if kept is not None and same and all(r() is s for r, s in zip(kept[0], sources, strict=True)):
        return kept[1]
    names = read()
    _NAMES[kind] = (tuple(weakref.ref(source) for source in sources), names)
    return names


#: German plural endings a name may be typed with ("Migrantenorganisationen" for the kind
#: "Migrantenorganisation"); tried on a phrase's last word only when the phrase as typed
#: names nothing, and only on words long enough not to become another.
_PLURAL_ENDINGS = ("en", "n", "e", "s")
_PLURAL_FROM = 6


def _known_form(phrase: str, known: set[str]) -> str | None:
    """`phrase` if it names a value, else its singular if that does, else None."""
    if phrase in known:
        return phrase
    last = phrase.rsplit(" ", 1)[-1]
    if len(last) < _PLURAL_FROM:
        return None
    for ending in _PLURAL_ENDINGS:
        if phrase.endswith(ending) and phrase[: -len(ending)] in known:
            return phrase[: -len(ending)]
    return None


def _names_of_value(
    value: str, facet: str, labels: Labels | None, other: OtherNames | None = None
) -> set[str]:
    """The folded names a query may give a filter's value: its labels and other names
    (skos:altLabel of a vocabulary term), or a language's name (in the interface's
    languages and in itself); each with its umlauts as
    typed without them, both ways ("Franzosisch" and "Franzoesisch" name French, as search
    finds both; the second had named nothing)."""
    from ..search.folding import foldings

    def said(name: str) -> set[str]:
        # As a query's words are read: "Migrant*innenorganisation" is typed and read as
        # "migrantinnenorganisation", and its folded name kept the star, so no query named it.
        return {" ".join(folded) for folded in foldings(name)}

    if facet == "language":
        # In German, English and itself, as search finds a language ("Français" found the
        # nine French-speaking speakers but offered no directory; walk).
        own = language_name(value, value.split("-")[0])
        in_interface = {n for lang in LANGUAGES for n in said(language_name(value, lang))}
        return in_interface | said(own) | {value}
    names = {n for label in (labels.all(value) if labels else {}).values() for n in said(label)}
    # An abbreviation of two letters ("MO") is a word of too many other texts.
    return names | {s for n in (other.of(value) if other else ()) if len(n) > 2 for s in said(n)}


def _value_name(value: str, facet: str, labels: Labels, lang: str) -> str:
    """A filter's value as the directory's page names it."""
    if facet == "language":
        return language_name(value, lang)
    return labels.get(value, lang)


# ---- sites ----------------------------------------------------------------------------------


def sites(store: Store, lang: str) -> list[dict[str, Any]]:
    """The colonial-history sites for the map and its list: where, what, and which names
    the place carried (the current one and the former ones, oldest first)."""
    check_lang(lang)
    # What it shows beyond the rows it reads: which entities are sites (a new site touches
    # none of them; `touched.touched` names this token for it).
    Store.note_reads([list_token("sites")])
    vocab, _ = vocabulary_labels(store)
    labels = Labels()
    found: dict[str, dict[str, Any]] = {}
    for row in store.select(query("explore/sites"), public_only=True):
        iri = row["site"].value
        site = found.setdefault(
            iri, {"types": set(), "lat": None, "long": None, "districts": set()}
        )
        site["types"].add(row["type"].value)
        labels.add(iri, row.get("label"))
        for key in ("lat", "long"):
            if key in row and site[key] is None:
                with contextlib.suppress(ValueError):
                    site[key] = float(row[key].value)
        if "district" in row:
            site["districts"].add(row["district"].value)
            labels.add(row["district"].value, row.get("districtLabel"))

    namings: dict[str, list[dict[str, Any]]] = defaultdict(list)
    seen: set[str] = set()
    for row in store.select(query("explore/site-namings"), public_only=True):
        if row["naming"].value in seen:
            continue
        seen.add(row["naming"].value)
        namings[row["site"].value].append(
            {
                "name": row["name"].value,
                "start": term_value(row.get("start")),
                "end": term_value(row.get("end")),
                # A name another name replaces is a former one, whatever its end date says.
                "replaced": "successor" in row,
            }
        )

    result = []
    for iri, site in found.items():
        history = sorted(namings.get(iri, []), key=lambda n: (n["start"] or "", n["name"]))
        current = [n for n in history if is_current(n["end"]) and not n["replaced"]]
        label = labels.get(iri, lang)
        subtypes = sorted(t for t in site["types"] if t != KINDS["sites"]) or [KINDS["sites"]]
        result.append(
            {
                "iri": iri,
                "label": label,
                "kind": vocab.get(subtypes[0], lang),
                "lat": site["lat"],
                "long": site["long"],
                "district": ", ".join(
                    sorted((labels.get(d, lang) for d in site["districts"]), key=sort_key)
                )
                or None,
                "current_name": current[-1]["name"] if current else label,
                # Dict keys: a name given twice (Petersallee, re-dedicated) is listed once.
                "former_names": list(
                    dict.fromkeys(
                        n["name"] for n in history if n["replaced"] or not is_current(n["end"])
                    )
                ),
            }
        )
    result.sort(key=lambda s: sort_key(s["label"]))
    return result
