"""Link texts that tell their targets apart (issue 16, item 11).

Two different entities may carry the same label: the two namings "Petersallee" of one street
(1939 after Carl Peters, 1986 re-dedicated to Hans Peters), or one ceremony recorded as a step
of two renamings. A page that links both under the same text leaves a screen-reader user, who
hears the links out of context, two identical links to different places (WCAG 2.4.4). The
filter `names_apart` gives such labels what the page shows of each that differs (the years
of a naming, today's name of the street it named: "Petersallee (1939–1986)", "Petersallee
(heute Maji-Maji-Allee)"), else the last segment of their IRI, which is stable and shown on
the target page too: "Petersallee (anna-mungunda-allee-1939)". The same holds
against the main navigation, which is on every page: the topics' concept scheme is labelled
"Themen", as is the navigation's link to the list of topics, so a link to the scheme reads
"Themen (Vokabular)", and the kind of organisation "Netzwerk" reads "Netzwerk (Art der
Organisation)" (`apart_from_nav`). Both had read the IRI's English segment ("Netzwerk
(network)"), a second language inside a German link.

Where the entities sharing a label are of different kinds, the kind tells them apart, not
the segment: a honoured person's page linked the square "Manga-Bell-Platz (manga-bell-platz)"
and its naming "Manga-Bell-Platz (manga-bell-platz-2022)", which read as an internal code;
now "Manga-Bell-Platz (Ort)" and "Manga-Bell-Platz (Benennung)". The kind is the IRI's type
segment (`{base}{type}/{slug}`, docs/model.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import Flask, g, has_app_context
from flask_babel import lazy_gettext as _  # lazy: read per request, in its language

from akteursgraph.namespaces import AGV

#: The explorer's main navigation (templates/layout.html): endpoint, link text, list kind.
MAIN_NAV: list[tuple[str, Any, str | None]] = [
    ("explorer.listing", _("Organisations"), "organisations"),
    ("explorer.speakers", _("Speakers"), None),
    ("explorer.listing", _("People"), "people"),
    ("explorer.listing", _("Projects"), "projects"),
    ("explorer.listing", _("Events"), "events"),
    ("explorer.listing", _("Topics"), "topics"),
    ("explorer.listing", _("Colonial-history sites"), "sites"),
    ("network.overview", _("Network"), None),
    ("editor.editor", _("SPARQL"), None),
]


#: The kinds of the IRIs the product mints (`{base}{type}/{slug}`, docs/model.md), by the
#: type segment: what tells two entities of one label apart where their kinds differ. Every
#: segment `forms.new_entities.SEGMENTS` mints has a name here (a test keeps them in step).
_KIND_NAMES = {
    "organisation": _("organisation"),
    "person": _("person"),
    "profile": _("speaker profile"),
    "membership": _("membership"),
    "cooperation": _("cooperation"),
    "project": _("project"),
    "event": _("event"),
    "site": _("site"),
    "naming": _("naming"),
    "naming-step": _("naming step"),
    "statement": _("statement"),
    "place": _("area"),
}


#: The concept schemes of the product's vocabulary (`{AGV}{segment}/{term}`), by segment: what
#: a term's link says beside a navigation link of its label (`apart_from_nav`).
_SCHEME_NAMES = {
    "organisation-kind": _("kind of organisation"),
    "topic": _("topic"),
    "format": _("format"),
    "region": _("region"),
    "role": _("role"),
}


def names_apart(
    items: Iterable[Mapping[str, Any]], iri: str = "iri", label: str = "label"
) -> dict[str, str]:
    """IRI -> the text to link it with: its label, or, where another IRI among `items` has
    the same label, the label told apart from it (`_told_apart`). Items without an IRI or a
    label are left out (the caller falls back to its own text)."""
    iris_of: dict[str, set[str]] = {}
    for item in items:
        if item.get(iri) and item.get(label):
            iris_of.setdefault(str(item[label]), set()).add(str(item[iri]))
    names: dict[str, str] = {}
    for text, iris in iris_of.items():
        for one in iris:
            names[one] = text if len(iris) == 1 else _told_apart(text, one, iris)
    return names


def apart_from_nav(label: str, iri: str) -> str:
    """The text to link `iri` with: `label`, told apart where the main navigation, or
    another link of the page (`apart_on_page`), leads elsewhere under the same text (in the
    page's language): by the IRI's last segment from the navigation, by `_told_apart` from
    the page's other links."""
    text = str(label)
    if text in _nav_texts():
        return f"{label} ({_apart_from_nav_by(iri)})"
    others = g.get("page_labels", {}).get(text, ())
    if len(others) > 1:
        return _told_apart(label, iri, others)
    return label


def _apart_from_nav_by(iri: str) -> str:
    """What tells a link of a navigation link's text apart from it, in the page's language:
    the kind of an entity the product minted, the scheme of a term of the vocabulary,
    "vocabulary" for a scheme itself; else (another vocabulary's term) its last segment."""
    kind = _kind(iri)
    if kind is not None:
        return str(_KIND_NAMES[kind])
    if iri.startswith(AGV):
        path = iri[len(AGV) :].strip("/").split("/")
        if len(path) == 1:
            return str(_("vocabulary"))
        if len(path) == 2 and path[0] in _SCHEME_NAMES:
            return str(_SCHEME_NAMES[path[0]])
    return _last_segment(iri)


def _told_apart(label: str, iri: str, sharing: Iterable[str]) -> str:
    """`label` of `iri` among the IRIs `sharing` it: with the IRI's kind where no other of
    them is of that kind ("Manga-Bell-Platz (Ort)"); else with what the page itself shows
    of each (`_note_hints`) where that differs for every one of them: the years of two
    namings "Petersallee" of one street ("1939–1986", "1986–2024"), today's name of the
    streets that two namings of one year named ("heute Anna-Mungunda-Allee"); else with
    its last segment. The segment alone had read as an internal code on the pages of the
    persons and streets the Petersallee story is about."""
    sharing = list(sharing)
    kind = _kind(iri)
    if kind is not None and sum(_kind(other) == kind for other in sharing) == 1:
        return f"{label} ({_KIND_NAMES[kind]})"
    # The page's hints exist only while a page is made (`apart_on_page`).
    hints: dict[str, dict[str, str]] = g.get("page_hints", {}) if has_app_context() else {}
    for by in _HINTS:
        said = [hints.get(other, {}).get(by) for other in sharing]
        if all(said) and len(set(said)) == len(said):
            return f"{label} ({hints[iri][by]})"
    return f"{label} ({_last_segment(iri)})"


#: What tells links of one label and kind apart, in the order tried (`_told_apart`).
_HINTS = ("years", "today")


def _years(start: object, end: object) -> str | None:
    """The years of something that ran from `start` (to `end`), as the page shows dates."""
    if not isinstance(start, str) or len(start) < 4 or not start[:4].isdigit():
        return None
    if isinstance(end, str) and len(end) >= 4 and end[:4].isdigit():
        return start[:4] if end[:4] == start[:4] else f"{start[:4]}–{end[:4]}"
    return str(_("since %(year)s", year=start[:4]))


def _kind(iri: str) -> str | None:
    """The type segment of an IRI the product minted, None for any other."""
    parts = iri.rsplit("/", 2)
    return parts[1] if len(parts) == 3 and parts[1] in _KIND_NAMES else None


#: The pairs of a page's data that are drawn as links: (IRI key, label key).
_LINKED = (("iri", "label"), ("site", "site_label"), ("value", "value_label"))


def apart_on_page(data: Any) -> None:
    """Tell `apart_from_nav` every (IRI, label) the page links, found anywhere in its data
    (lists of dicts, nested): a label linked to two places gets each one's segment.

    Each list of a page told its own links apart, but not one list from another: a person's
    page linked "Anna-Mungunda-Allee" to the site under "Honoured by" and to the naming under
    "Linked from", and its picture two "Petersallee" to two sites (WCAG 2.4.4)."""
    found: dict[str, set[str]] = {}
    hints: dict[str, dict[str, str]] = {}
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, Mapping):
            for key, name in _LINKED:
                iri, label = item.get(key), item.get(name)
                if isinstance(iri, str) and iri.startswith("http") and label:
                    found.setdefault(str(label), set()).add(iri)
            _note_hints(item, hints)
            pending.extend(v for v in item.values() if isinstance(v, Mapping | list | tuple))
        elif isinstance(item, list | tuple):
            pending.extend(v for v in item if isinstance(v, Mapping | list | tuple))
    g.page_labels = found
    g.page_hints = hints


def _note_hints(item: Mapping[str, Any], hints: dict[str, dict[str, str]]) -> None:
    """What `item` of a page's data shows that may tell its IRI apart (`_told_apart`): the
    years it ran (a naming in a site's story), and for a naming reached through a site (a
    honoured person's "honoured by") the site's name today.

    The years are read from an item's `start` and `end` (a link's one `date` is its start
    alone, and would say "since" of what has ended), and belong to what the item's link
    runs through where it has one (`via`: the naming of a person's "honoured by", whose
    `iri` is the site)."""
    via = item.get("via") if isinstance(item.get("via"), str) else None
    dated = via or item.get("iri")
    if isinstance(dated, str) and dated.startswith("http"):
        years = _years(item.get("start"), item.get("end"))
        if years:
            hints.setdefault(dated, {}).setdefault("years", years)
    site = item.get("site_label")
    if via is not None and via.startswith("http") and site:
        hints.setdefault(via, {}).setdefault("today", str(_("today %(site)s", site=site)))


def _nav_texts() -> frozenset[str]:
    """The navigation's link texts in this request's language, read once per request: a
    page calls `apart_from_nav` for each link, and translating the whole navigation each
    time was a tenth of a cold entity page's time (issue 16, item 8)."""
    texts = g.get("nav_texts")
    if texts is None:
        texts = g.nav_texts = frozenset(str(text) for _, text, _ in MAIN_NAV)
    return texts


def _last_segment(iri: str) -> str:
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def init_app(app: Flask) -> None:
    app.add_template_filter(names_apart)
    app.add_template_global(apart_from_nav)
    app.add_template_global(MAIN_NAV, "main_nav")
