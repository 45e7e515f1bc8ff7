"""A change set's statements in plain words, for the workspace's staff.

`wording.sentence` names terms by prefixed names (`skos:prefLabel`) and IRIs, exact for the
command line and the API; office staff reading the review queue or a history page need the
names instead: "Brücke der Kulturen e.V. – Thema: Bildung (öffentlich)". Entities, properties
and concepts are named by their labels (the change's own labels first, so a new entry that is
only a draft has its name), values by their text; a term without a label by the last part of
its address, except a value outside the store's own addresses (a website, a source), which is
shown with its host and path: the reviewer must see what goes public.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pyoxigraph as ox

from ..explore.story import number_words, spoken_date, spoken_moment
from ..explore.vocabulary import LANGUAGE_CODED, Labels, pick_tagged, web_address
from ..languages import language_name
from ..namespaces import AG, DPV, FOAF, RDF, RDF_TYPE, RDFS, SCHEMA, SKOS, XSD
from ..resources import query
from ..store import Store
from .model import parse_nquads

#: Properties whose value names their subject (as the forms' `forms/labels-of` query reads).
_NAMES = (SKOS + "prefLabel", SCHEMA + "name", RDFS + "label", FOAF + "name")
#: Whom a record without a name of its own is about (a consent record: "Einwilligung von
#: Amani Njeri", not "c bgnuanyrxodzrumh").
_ABOUT = DPV + "hasDataSubject"
_OF = {"de": "von", "en": "of"}
#: Links from an entry to a record of its own that has no name, with the record's kind: it
#: is named by its kind and its entry ("Referent*innenprofil von Amani Njeri"). A person's
#: history after a consent withdrawal named her removed profile "p fo4ckd557zvjylas".
_OWNED = {AG + "hasSpeakerProfile": AG + "SpeakerProfile"}
#: The order in which an unnamed description's values name it: an address as it is written.
_PART_ORDER = tuple(
    SCHEMA + p
    for p in ("streetAddress", "postalCode", "addressLocality", "addressRegion", "addressCountry")
)
_TEXT_TYPES = frozenset((XSD + "string", RDF + "langString"))
#: Dates said in words, as the pages say them.
_DATE_TYPES = frozenset(XSD + t for t in ("date", "gYearMonth", "gYear"))
#: Numbers with a fraction, said with the language's decimal sign ("52,5561" in German).
_DECIMAL_TYPES = frozenset(XSD + t for t in ("decimal", "double", "float"))
_SIDE = {
    "public": {"de": "öffentlich", "en": "public"},
    "internal": {"de": "intern", "en": "internal"},
}


#: The labels the store gives IRIs (`_labels`), kept for the entries of one page.
KnownLabels = dict[str, list[ox.Literal]]


def plain_words(
    store: Store,
    added: Iterable[ox.Quad],
    removed: Iterable[ox.Quad],
    *,
    known: KnownLabels | None = None,
    limit: int | None = None,
    first: Sequence[str] = (),
) -> list[tuple[str, dict[str, Any]]]:
    """("added" | "removed", {"de": sentence, "en": sentence}) per statement, added first;
    the first `limit` of them (None: all), the statements about `first` (entities, in
    their order) before the others: a review names the first 100 entries of a large
    draft, and its words were about others.

    `known`: the store's labels already read for other entries of the same page, and where
    this one's are kept: a history page names the same entity and properties in each of its
    50 entries, and reading them again for each was half of the page's time. `limit`: a
    draft of 80,000 statements was put in words whole for a page that shows 200 of them
    (4 s of the review queue's 8)."""
    plus, minus = list(added), list(removed)
    owners = _owners(store, plus + minus)  # a blank node's owner may stand past the limit
    if first:
        place = {iri: i for i, iri in enumerate(first)}

        def rank(q: ox.Quad) -> int:
            subject = owners.get(q.subject, (q.subject,))[0]  # type: ignore[call-overload]
            return place.get(subject.value, len(place))

        plus.sort(key=rank)
        minus.sort(key=rank)
    if limit is not None:
        plus, minus = plus[:limit], minus[: max(0, limit - len(plus))]
    named = [term.value for pair in owners.values() for term in pair]
    labels = _labels(store, plus + minus, named, known=known)
    return [("added", _sentence(store, q, labels, owners)) for q in plus] + [
        ("removed", _sentence(store, q, labels, owners)) for q in minus
    ]


#: A blank node's owner: the named entity and the property it hangs off.
Owners = dict[ox.BlankNode, tuple[ox.NamedNode, ox.NamedNode]]


def _owners(store: Store, quads: list[ox.Quad]) -> Owners:
    """For each blank node that is a statement's subject, the entity it hangs off (in the
    change, else in the store), so that "– Art: Postanschrift" says whose address it is."""
    owners: Owners = {}
    for q in quads:
        if isinstance(q.object, ox.BlankNode) and isinstance(q.subject, ox.NamedNode):
            owners.setdefault(q.object, (q.subject, q.predicate))
    for q in quads:
        blank = q.subject
        if isinstance(blank, ox.BlankNode) and blank not in owners:
            found = next(
                (o for o in store.quads(None, None, blank) if isinstance(o.subject, ox.NamedNode)),
                None,
            )
            if found is not None:
                owners[blank] = (found.subject, found.predicate)  # type: ignore[assignment]
    return owners


def entry_in_plain_words(
    store: Store,
    entry: dict[str, Any],
    *,
    known: KnownLabels | None = None,
    limit: int | None = None,
    first: Sequence[str] = (),
) -> list[tuple[str, dict[str, Any]]]:
    """The statements of an entry of `reading.entity_history` / `change_set` in plain words
    (`known`, `limit`, `first`: as `plain_words`)."""
    return plain_words(
        store,
        parse_nquads(entry.get("added_nquads", "").encode("utf-8")),
        parse_nquads(entry.get("removed_nquads", "").encode("utf-8")),
        known=known,
        limit=limit,
        first=first,
    )


def entity_names(store: Store, entry: dict[str, Any], iris: list[str], lang: str) -> dict[str, str]:
    """A name for each of `iris` (the entities a change touches), as the sentences name them.
    Only the change's statements about them are read for names: the labels of everything a
    change of 80,000 statements names were read to name the ten it shows."""
    wanted = set(iris)
    quads = [
        q
        for nquads in (entry.get("added_nquads", ""), entry.get("removed_nquads", ""))
        for q in parse_nquads(nquads.encode("utf-8"))
        if q.subject.value in wanted
    ]
    labels = _labels(store, quads, iris)
    return {iri: _name(ox.NamedNode(iri), labels, lang) for iri in iris}


def _labels(
    store: Store,
    quads: list[ox.Quad],
    more: Iterable[str] = (),
    *,
    known: KnownLabels | None = None,
) -> Labels:
    """Names from the store (or from `known`, which keeps them); for what has none there (a
    new entry, only in its draft), the names the change itself gives."""
    labels = Labels()
    wanted = {t.value for q in quads for t in (q.subject, q.predicate, q.object)
              if isinstance(t, ox.NamedNode)} | set(more)  # fmt: skip
    for iri in sorted(wanted):
        found = known.get(iri) if known is not None else None
        if found is None:
            bound = {"value": ox.NamedNode(iri)}
            found = [row["label"] for row in store.select(query("forms/labels-of"), bindings=bound)]
            if known is not None:
                known[iri] = found
        for label in found:
            labels.add(iri, label)
    # Only for what the store names nowhere; all of the change's names, not its first alone
    # (that named a new organisation by its English label on a German page).
    named = {iri for iri in wanted if labels.all(iri)}
    for q in quads:
        if q.predicate.value not in _NAMES:
            continue
        if isinstance(q.subject, ox.NamedNode) and q.subject.value not in named:
            labels.add(q.subject.value, q.object)
        elif isinstance(q.subject, ox.BlankNode):  # a load's agent: "verbunden mit: alice"
            labels.add(_blank_key(q.subject), q.object)
    for iri in sorted(wanted):
        if not labels.all(iri):
            _name_by_kind(store, iri, quads, labels)
    _name_by_parts(quads, labels)
    return labels


def _name_by_parts(quads: list[ox.Quad], labels: Labels) -> None:
    """A name for each unnamed blank node the change describes, from its values in order
    ("Kameruner Str. 1, 13351, Berlin"): "Anschrift: –" said nothing, the parts followed."""
    parts: dict[ox.BlankNode, list[tuple[int, str, str]]] = {}
    for q in quads:
        if (
            isinstance(q.subject, ox.BlankNode)
            and isinstance(q.object, ox.Literal)
            and q.object.datatype.value in _TEXT_TYPES
            and len(q.object.value) <= 80  # a part of a name, not a description
        ):
            rank = _PART_ORDER.index(q.predicate.value) if q.predicate.value in _PART_ORDER else 99
            parts.setdefault(q.subject, []).append((rank, q.predicate.value, q.object.value))
    for node, values in parts.items():
        if not labels.all(_blank_key(node)):
            named = [v for *_, v in sorted(set(values))][:4]
            labels.add(_blank_key(node), ox.Literal(", ".join(named)))


def _name_by_kind(store: Store, iri: str, quads: list[ox.Quad], labels: Labels) -> None:
    """A name for a record that has none of its own, from its kind and whom it is about
    (in the change, else in the store): "Einwilligung von Amani Njeri". A record about
    no one keeps its address's last part; so does anything of no labelled kind."""
    node = ox.NamedNode(iri)
    about = {q.predicate.value: q.object for q in quads if q.subject == node}
    for q in store.quads(node, None, None):
        about.setdefault(q.predicate.value, q.object)
    kind, person = about.get(RDF_TYPE), about.get(_ABOUT)
    if person is None:  # a record its entry links to (also when it is gone from the store)
        owner = next(
            (q for q in [*quads, *store.quads(None, None, node)]
             if q.object == node and q.predicate.value in _OWNED),
            None,
        )  # fmt: skip
        if owner is not None:
            kind, person = kind or ox.NamedNode(_OWNED[owner.predicate.value]), owner.subject
    if not isinstance(kind, ox.NamedNode) or not isinstance(person, ox.NamedNode):
        return
    names = _labels(store, [], [kind.value, person.value])
    if not names.all(kind.value):
        return
    for lang in ("de", "en"):
        who = _name(person, names, lang)
        labels.add(
            iri, ox.Literal(f"{names.get(kind.value, lang)} {_OF[lang]} {who}", language=lang)
        )


def _name(term: object, labels: Labels, lang: str, *, base: str | None = None) -> str:
    """A term's name (`_named`'s pieces as one text)."""
    return "".join(text for text, _ in _named(term, labels, lang, base=base))


#: A piece of a sentence and its language tag: "" where it is the page's own.
Piece = tuple[str, str]


def _named(term: object, labels: Labels, lang: str, *, base: str | None = None) -> list[Piece]:
    """A term's name in pieces, each with the language it is written in where that is not
    `lang` (a German label or value on an English page), for the page to mark (WCAG 3.1.2).
    With `base` (for a statement's value): an address outside the store's own without a
    label is shown with its host, since it is what the statement says (a website, a source);
    its last part alone would let "https://betrug.example.net/www.berlin.de" pass a review
    as "www.berlin.de"."""
    if isinstance(term, ox.NamedNode):
        if labels.all(term.value):
            text, tag = pick_tagged(labels.all(term.value), lang)
            return [(text, _other(tag, lang))] if text else [(labels.get(term.value, lang), "")]
        if base is not None and not term.value.startswith(base):
            return [(web_address(term.value), "")]
        return [(_last_part(term.value), "")]
    if isinstance(term, ox.Literal):
        if term.datatype.value in _DATE_TYPES:
            return [(spoken_date(term.value, lang), "")]  # "März 1995", not „1995-03“
        if term.datatype.value == XSD + "dateTime":
            return [(spoken_moment(term.value, lang), "")]  # "4. Dezember 2026, 12:23 UTC"
        if term.datatype.value in _DECIMAL_TYPES and (number := number_words(term.value, lang)):
            return [(number, "")]  # "52,5561", not „52.5561“ on a German page
        text = f"„{term.value}“" if lang == "de" else f"“{term.value}”"
        if term.language:
            said = f" ({language_name(term.language, lang)})"
            return [(text, _other(term.language, lang)), (said, "")]
        return [(text, "")]
    if isinstance(term, ox.BlankNode) and labels.all(_blank_key(term)):
        text, tag = pick_tagged(labels.all(_blank_key(term)), lang)
        return [(text or labels.get(_blank_key(term), lang), _other(tag, lang))]
    return [("–", "")]  # a blank node: a nested description without a name of its own


def _other(tag: str, lang: str) -> str:
    """`tag` where it is another language than the page's ("de-DE" on a German page is its
    own), else ""."""
    return tag if tag and tag.split("-")[0].lower() != lang else ""


def _blank_key(node: ox.BlankNode) -> str:
    """Where `Labels` keeps a blank node's name (its keys are IRIs)."""
    return f"_:{node.value}"


#: A named graph as the sentences say it ("erzeugte: öffentliche Daten „neu2“").
_DATA = {
    "public": {"de": "öffentliche Daten „{}“", "en": "public data “{}”"},
    "internal": {"de": "interne Daten „{}“", "en": "internal data “{}”"},
}


def _graph_name(store: Store, term: object, lang: str) -> str | None:
    """A statement's value that is one of the store's graphs, in words; else None."""
    if not isinstance(term, ox.NamedNode):
        return None
    for side, prefix in (("public", store.public_prefix), ("internal", store.internal_prefix)):
        if term.value.startswith(prefix) and term.value != prefix:
            return _DATA[side][lang].format(term.value[len(prefix) :])
    return None


def _last_part(iri: str) -> str:
    tail = iri.rstrip("/#").replace("#", "/").rsplit("/", 1)[-1]
    return tail.replace("-", " ").replace("_", " ") or "–"


def _sentence(store: Store, quad: ox.Quad, labels: Labels, owners: Owners) -> dict[str, Any]:
    """{"de": sentence, "en": sentence, "de_pieces": [[text, tag], ...], "en_pieces": ...}:
    the pieces make up the sentence, each with its language where it is not the sentence's,
    so that a page marks a German name or value on its English side (`lang`)."""
    graph = quad.graph_name
    side = ""
    if isinstance(graph, ox.NamedNode):
        if graph.value.startswith(store.public_prefix):
            side = "public"
        elif graph.value.startswith(store.internal_prefix):
            side = "internal"
    words: dict[str, Any] = {}
    for lang in ("de", "en"):
        # rdf:type by the vocabulary's name, as the public page and the review's preview name
        # it ("Typ"): the history said "Art" and the English "Kind" (exploratory test).
        prop = _named(quad.predicate, labels, lang)
        value: list[Piece]
        if quad.predicate.value in LANGUAGE_CODED and isinstance(quad.object, ox.Literal):
            value = [(language_name(quad.object.value, lang), "")]  # "Deutsch", not „de“
        elif graph_name := _graph_name(store, quad.object, lang):
            value = [(graph_name, "")]  # a load's "erzeugte: neu2"
        else:
            value = _named(quad.object, labels, lang, base=store.base_iri)
        subject = _named(quad.subject, labels, lang)
        owner = owners.get(quad.subject) if isinstance(quad.subject, ox.BlankNode) else None
        if owner is not None:  # "Brücke e.V. › Anschrift", not "–"
            subject = [
                *_named(owner[0], labels, lang),
                (" › ", ""),
                *_named(owner[1], labels, lang),
            ]
        pieces = [*subject, (" – ", ""), *prop, (": ", ""), *value]
        if side:
            pieces.append((f" ({_SIDE[side][lang]})", ""))
        words[lang] = "".join(text for text, _ in pieces)
        words[f"{lang}_pieces"] = [[text, tag] for text, tag in pieces]
    return words
