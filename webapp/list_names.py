"""The names of the lists and of their filters, as the list page shows them and as its
messages say them: one table for both.

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
}
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
        if exc.facet in IRI_FACETS
        else (" (ein Jahrzehnt wie 1990)", " (a decade such as 1990)")
        if exc.facet == "period"
        else ("", "")
    )  # fmt: skip
    return UsageError(
        f"{quoted} ist kein Wert des Filters „{de[1]}“ der Liste „{de[0]}“; welche Werte es "
        f"gibt, zeigen die Filter der Liste{given[0]}.",
        f"{quoted} is no value of the filter “{en[1]}” of the list “{en[0]}”; the list's "
        f"filters show the values there are{given[1]}.",
        where=exc.facet,
    )


def _in(lang: str, exc: UnknownFilterValue) -> tuple[str, str]:
    with force_locale(lang):
        return str(LIST_TITLES.get(exc.kind, exc.kind)), str(facet_title(exc.kind, exc.facet))


def init_app(app: Flask) -> None:
    app.add_template_global(LIST_TITLES, "list_titles")
    app.add_template_global(facet_title)
