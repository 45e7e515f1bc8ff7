"""The office's own pages: what a German public site must have (Impressum, privacy notice,
accessibility statement after BITV 2.0, the key information in Leichte Sprache), the office's
logo and the site's icon.

Every office-specific text comes from the publication settings (`akteursgraph publication
--set FILE.json`, docs/configuration.md), so another office fills in its own; a setting that
is missing shows as "not yet filled in" on the page, never as another office's data.

Each page has its JSON twin (`.json`, `Accept: application/json`): one function per page
gathers what it shows (`*_page`), the template renders that and the twin writes it out, with
`not_filled_in` naming the settings the page marks as not yet filled in. The pages are not kept in
the page cache: they change with the settings, not with a publication.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, g
from markupsafe import Markup
from werkzeug.wrappers import Response

from akteursgraph.publish.settings import LICENCES, PublicationSettings

from .office_settings import logo_stamp, settings
from .twins import json_suffix_rules, page_response

bp = Blueprint("office", __name__)

STATIC = Path(__file__).parent / "static"


@bp.app_template_global("office")
def office() -> PublicationSettings:
    """The publication settings for the site's frame (name, logo) and the office's pages."""
    return settings()


@bp.app_template_global("in_office_language")
def in_office_language(text: str) -> Markup:
    """`text`, a name or text the office gives in its own language (its name, a role, its
    authorities), marked so where the page speaks another (WCAG 3.1.2): "Bezirksamt Mitte
    von Berlin" in an English sentence."""
    return _in_language(text, settings().office_name_lang)


@bp.app_template_global("in_german")
def in_german(text: str) -> Markup:
    """`text`, German, marked so on a page in another language (WCAG 3.1.2): a German
    body's name that the software names, such as the federal conciliation body."""
    return _in_language(text, "de")


@bp.app_template_global("in_language")
def in_language(text: str, lang: str) -> Markup:
    """`text` in `lang`, marked so on a page in another language (WCAG 3.1.2): an office's
    own words, such as a mapping's name and headers."""
    return _in_language(text, lang)


def _in_language(text: str, lang: str) -> Markup:
    if g.get("lang", "de") == lang:
        return Markup.escape(text)
    return Markup('<span lang="{}">{}</span>').format(lang, text)


@bp.app_template_global("logo_version")
def logo_version() -> str:
    """What changes with the logo's file, for its address (`/office-logo?v=…`): a logo given
    anew by `publication --logo` keeps its name, and browsers kept the old one for the hour
    of its Cache-Control. "" when its file is gone: the frame shows none."""
    return logo_stamp()


def _office(s: PublicationSettings) -> dict[str, Any]:
    """Who runs the site and how to reach it (Impressum, privacy notice): the publisher, and
    the office within it when the contact point names another."""
    name, unit = s.publisher_name, s.contact_name
    # Each once, as the site's frame names them (`office_name`): a contact point that holds
    # the publisher's name ("Bezirksamt Mitte von Berlin, Koordinationsstelle …") stood
    # under that name, which the Impressum then said twice.
    if unit and name and name in unit:
        name, unit = unit, None
    elif unit and name and unit in name:
        unit = None
    return {
        "name": name,
        "unit": unit,
        "address": _address_after_names(s.office_address, s.publisher_name, s.contact_name),
        "email": s.contact_email,
        "phone": s.office_phone,
        "url": s.contact_url,
    }


def _address_after_names(address: str | None, *names: str | None) -> str | None:
    """The postal address without its first lines where they repeat the names shown above
    it: a postal address begins with them, and the Impressum said "Stadt Leipzig / Referat
    Eine Welt" twice."""
    lines = (address or "").splitlines()
    said = {n.strip().casefold() for n in names if n}
    while lines and lines[0].strip().casefold() in said:
        lines.pop(0)
    return "\n".join(lines) or address


def _missing(settings: dict[str, object]) -> list[str]:
    """The keys of `settings` (setting key -> value) the page marks as not yet filled in."""
    return [key for key, value in settings.items() if not value]


def impressum_page(s: PublicationSettings) -> dict[str, Any]:
    return {
        "publisher": _office(s),
        "responsible": {"name": s.responsible_name, "role": s.responsible_role},
        "licence": {"iri": s.licence, "name": LICENCES[s.licence][0 if _lang() == "de" else 1]},
        "attribution": s.attribution_text,
        "not_filled_in": _missing(
            {
                "office.address": s.office_address,
                "contact.email": s.contact_email,
                "responsible.name": s.responsible_name,
            }
        ),
    }


def tile_host(tile_url: str | None) -> str | None:
    """The host the map's background tiles come from (`AKTEURSGRAPH_TILE_URL`), or None.
    Leaflet's subdomain placeholder reads as a wildcard: `{s}.tile.example.org` ->
    `*.tile.example.org`."""
    if not tile_url:
        return None
    return urlsplit(tile_url.replace("{s}", "*")).hostname


def privacy_page(s: PublicationSettings, tile_url: str | None) -> dict[str, Any]:
    return {
        "controller": _office(s),
        "data_protection_officer": {
            "name": s.dpo_name,
            "email": s.dpo_email,
            "address": s.dpo_address,
        },
        "supervisory_authority": {"name": s.supervisory_name, "url": s.supervisory_url},
        "legal_basis": s.privacy_legal_basis.get(_lang()),
        "log_retention": s.privacy_log_retention.get(_lang()),
        # Whether a page makes the browser ask another host for something: only the map's
        # tiles can, when the operator set a tile server.
        "tile_host": tile_host(tile_url),
        "not_filled_in": _missing(
            {
                "office.address": s.office_address,
                "contact.email": s.contact_email,
                "data_protection_officer": s.dpo_name or s.dpo_email,
                "supervisory_authority": s.supervisory_name,
                "privacy.legal_basis": s.privacy_legal_basis,
                "privacy.log_retention": s.privacy_log_retention,
            }
        ),
    }


#: Where federal public bodies' accessibility complaints go (§ 16 BGG). Shown only as what
#: the office must check while `conciliation_body` is not set: a state's or municipality's
#: bodies have the conciliation body their state's law names.
FEDERAL_CONCILIATION = {
    "name": "Schlichtungsstelle nach § 16 Behindertengleichstellungsgesetz (BGG)",
    "url": "www.schlichtungsstelle-bgg.de",
}


def software_limitations() -> list[str]:
    """The barriers of this software itself, which every office's statement lists: none
    known now. (The query editor's "new tab" button stood inside its list of tabs until
    static/editor/setup.js moved it beside the list.)"""
    return []


def accessibility_page(s: PublicationSettings) -> dict[str, Any]:
    body = None
    if s.conciliation_name:
        body = {"name": s.conciliation_name, "url": s.conciliation_url}
    return {
        "publisher": s.publisher_name,
        "status": s.accessibility_status,
        "limitations": [*software_limitations(), *s.accessibility_limitations.get(_lang(), ())],
        "assessed": s.accessibility_assessed,
        "law": s.accessibility_law.get(_lang()),
        "feedback_email": s.feedback_mailbox,
        "conciliation_body": body,
        # Not a fact of this office: the federal body, named for the office to check.
        "conciliation_body_unconfirmed": None if body else FEDERAL_CONCILIATION,
        "not_filled_in": _missing(
            {
                "accessibility.law": s.accessibility_law,
                "accessibility.status": s.accessibility_status,
                "accessibility.assessed": s.accessibility_assessed,
                "feedback_email": s.feedback_mailbox,
                "conciliation_body": body,
            }
        ),
    }


#: Where one sentence ends and the next begins: after ".", "!" or "?" that no digit stands
#: before (an ordinal date, "am 8. Juni", goes on), before a capital letter or a quote.
_SENTENCE_END = re.compile(r"(?<=[^\d\s][.!?])\s+(?=[A-ZÄÖÜ0-9„\"])")


def sentence_lines(paragraph: str) -> list[str]:
    """A paragraph as its sentences, one a line: Leichte Sprache writes each sentence on a
    line of its own, and the settings' paragraphs of the page ran two sentences on one
    ("Das Amt heißt: … Es gehört zum Bezirks-Amt Mitte von Berlin.")."""
    return [line for line in _SENTENCE_END.split(paragraph.strip()) if line]


def easy_language_page(s: PublicationSettings) -> dict[str, Any]:
    return {
        "office_name": s.office_name,
        # Each paragraph as its lines, as the page shows them (one sentence a line).
        "office_does": [sentence_lines(text) for text in s.easy_language],
        "places": [line for text in s.easy_language_places for line in sentence_lines(text)],
        "email": s.contact_email,
        "not_filled_in": _missing(
            {"easy_language": s.easy_language, "contact.email": s.contact_email}
        ),
    }


def _lang() -> str:
    return g.get("lang", "de")


@bp.get("/impressum")
def impressum() -> Response:
    return page_response("office/impressum.html", impressum_page(settings()))


@bp.get("/datenschutz")
def privacy() -> Response:
    data = privacy_page(settings(), current_app.config.get("TILE_URL"))
    return page_response("office/privacy.html", data)


@bp.get("/barrierefreiheit")
def accessibility() -> Response:
    return page_response("office/accessibility.html", accessibility_page(settings()))


@bp.get("/leichte-sprache")
def easy_language() -> Response:
    return page_response("office/easy_language.html", easy_language_page(settings()))


json_suffix_rules(
    bp,
    [
        ("/impressum.json", "impressum_json", impressum),
        ("/datenschutz.json", "privacy_json", privacy),
        ("/barrierefreiheit.json", "accessibility_json", accessibility),
        ("/leichte-sprache.json", "easy_language_json", easy_language),
    ],
)


@bp.get("/office-logo")
def logo() -> Response:
    """The office's logo from the store folder (setting `logo`); 404 without one."""
    name = settings().logo
    if not name or not logo_stamp():  # none, gone, or no image of its kind (checked)
        abort(404)
    path = Path(current_app.extensions["akteursgraph.store"].path) / name
    return _small_file(path, mimetypes.guess_type(name)[0] or "application/octet-stream", 3600)


@bp.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says: the same
    SVG answers, so the log has no 404 for it."""
    return _small_file(STATIC / "favicon.svg", "image/svg+xml", 86400)


def _small_file(path: Path, mimetype: str, max_age: int) -> Response:
    """A small image read whole (no file handle left open for the server to close)."""
    answer = Response(path.read_bytes(), mimetype=mimetype)
    answer.cache_control.public = True
    answer.cache_control.max_age = max_age
    return answer
