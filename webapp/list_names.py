"""The names of the lists and of their filters, as the list pages and the speaker directory
show them and as their messages say them: one table for both.

An unknown filter value was refused in the core's words, which name the list and the filter
by their codes ("'xyz' ist kein Wert für 'district' der Liste 'organisations'"); a page's
reader knows them as "Organisationen" and "Bezirk oder Ortsteil" (`refused_filter`).
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import force_locale
from flask_babel import lazy_gettext as _  # lazy: read per request, in its language

from akteursgraph.errors import UsageError, shown
from akteursgraph.explore import IRI_FACETS, UnknownFilterValue

#: Each list's title (its page's heading).
LIST_TITLES: dict[str, Any] = {
    "organisations": _("Organisations"),
    "people": _("People"),
    "projects": _("Projects"),
    "events": _("Events"),
    "cooperations": _("Cooperations"),
    "topics": _("Topics"),
    "sites": _("Colonial-history sites"),
}
#: Each filter's name (its box's legend); `kind` is named for the organisations apart.
FACET_TITLES: dict[str, Any] = {
    "kind": _("Kind"),
    "topic": _("Topic"),
    "sdg": _("Sustainable Development Goal"),
    "language": _("Language"),
    "district": _("District or neighbourhood"),
    "period": _("Period"),
    "format": _("Format"),
    "region": _("Region"),
}
#: The speaker directory's title, for its refusals: it is no list.
_SPEAKERS = _("Find a speaker")
_ORGANISATION_KIND = _("Kind of organisation")


def facet_title(kind: str, facet: str) -> Any:
    """The name of the filter `facet` of the list `kind` (its code where it has none)."""
    if kind == "organisations" and facet == "kind":
        return _ORGANISATION_KIND
    return FACET_TITLES.get(facet, facet)


def refused_filter(exc: UnknownFilterValue) -> UsageError:
    """The core's refusal of a filter value, said with the names the list page shows, in
    German and in English, and with how a value is given."""
    de, en = (_in(lang, exc) for lang in ("de", "en"))
    quoted = shown(exc.value, 80)
    of_de, of_en = (
        (f"des Verzeichnisses „{de[0]}“", f"of the directory “{en[0]}”")
        if exc.kind == "speakers"
        else (f"der Liste „{de[0]}“", f"of the list “{en[0]}”")
    )
    shows_de, shows_en = (
        ("die Filter des Verzeichnisses", "the directory's filters")
        if exc.kind == "speakers"
        else ("die Filter der Liste", "the list's filters")
    )
    if exc.facet == "language":
        return UsageError(
            f"Kein Eintrag der Liste „{de[0]}“ hat die Sprache {quoted}; welche Sprachen es "
            "gibt, zeigen die Filter der Liste.",
            f"No entry of the list “{en[0]}” has the language {quoted}; the list's filters "
            "show the languages there are.",
            where=exc.facet,
        )
    given = (
        (" (ein solcher Wert wird mit seiner IRI gewählt, wie die Filter ihn senden)",
         " (such a value is given by its IRI, as the filters send it)")
        if exc.facet in IRI_FACETS or exc.facet in ("format", "region")  # the speakers'
        else (" (ein Jahrzehnt wie 1990)", " (a decade such as 1990)")
        if exc.facet == "period"
        else ("", "")
    )  # fmt: skip
    return UsageError(
        f"{quoted} ist kein Wert des Filters „{de[1]}“ {of_de}; welche Werte es gibt, zeigen "
        f"{shows_de}{given[0]}.",
        f"{quoted} is no value of the filter “{en[1]}” {of_en}; {shows_en} show the values "
        f"there are{given[1]}.",
        where=exc.facet,
    )


def _in(lang: str, exc: UnknownFilterValue) -> tuple[str, str]:
    title = _SPEAKERS if exc.kind == "speakers" else LIST_TITLES.get(exc.kind, exc.kind)
    with force_locale(lang):
        return str(title), str(facet_title(exc.kind, exc.facet))


def init_app(app: Flask) -> None:
    app.add_template_global(LIST_TITLES, "list_titles")
    app.add_template_global(facet_title)
