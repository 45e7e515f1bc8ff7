"""The headings of an entity's groups of links (`explore.relations`: "Veranstaltet von",
"Mitglied von" ...), one list for the public page and the review's preview of it: the
preview had a shorter list of its own and showed the others by key ("organised_by")."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _  # lazy: read per request, in its language

RELATION_GROUPS = {
    "organised_by": _("Organised by"),
    "funded_by": _("Funded by"),
    "contributors": _("Contributors"),
    "partners": _("Partners"),
    "part_of": _("Part of the project"),
    "parts": _("Within the project"),
    "units": _("Units"),
    "funds": _("Funds"),
    "held_here": _("Events held here"),
    "happened_here": _("What happened here"),
    "held_at": _("Where"),
    "member_of": _("Member of"),
    "members": _("Members"),
    "cooperates_with": _("Cooperations"),
    "organises": _("Organises"),
    "performs_at": _("Speaks at"),
    "topics": _("Topics"),
    "honoured_by": _("Honoured by"),
}


def relation_group(group: str) -> str:
    """A group's heading in the request's language (its key if it has none)."""
    return str(RELATION_GROUPS.get(group, group))


def init_app(app: Flask) -> None:
    app.add_template_global(relation_group)
