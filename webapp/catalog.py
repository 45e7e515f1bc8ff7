"""The dataset description: DCAT-AP.de at /catalog, VoID at /.well-known/void (Turtle, RDF/XML or
JSON-LD by `Accept` or `?format=ttl|rdf|jsonld`), and the `Link: </catalog>; rel="describedby"`
header on every page and entity document, so a harvester that lands anywhere finds the
description.

A browser (a client that names text/html and prefers it) gets the same description as a page
(`akteursgraph.publish.overview`): the footer of every page links here, and people follow it.

The core builds both (`akteursgraph.publish.description`); the counts are kept per
publication version and counted again in a thread after a publication (meanwhile the page
says that its counts are of the version before), so a request costs the building of a few
hundred triples, never a scan.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask import Blueprint, Response, current_app, g, render_template, request

from akteursgraph.errors import UsageError
from akteursgraph.publish import description
from akteursgraph.publish.overview import overview
from akteursgraph.publish.settings import PublicationSettings
from akteursgraph.store import Store

from .office_settings import settings as office_settings
from .site_paths import site_path
from .twins import asks_for_page

bp = Blueprint("catalog", __name__)


def _store() -> Store:
    return current_app.extensions["akteursgraph.store"]


def _statistics() -> tuple[description.Statistics, bool]:
    """The counts, and whether they are of the version published now (else those of the one
    before, while a thread counts again: `DescriptionCache`)."""
    cache = current_app.extensions.setdefault(
        "akteursgraph.description",
        description.DescriptionCache(kept=_store().path / description.KEPT_FILE),
    )
    version = current_app.extensions["akteursgraph.publisher"].version
    counts = cache.statistics(_store(), version)
    return counts, cache.current(version)


Build = Callable[[Store, PublicationSettings, description.Statistics, str], Sequence[Any]]


#: What a browser may be offered instead of the page: the three formats and their aliases.
_MACHINE_TYPES = (
    *(media for media, _ in description.FORMATS.values()),
    "application/x-turtle",
    "application/xml",
    "application/json",
)


def _format() -> str | None:
    """The format asked for: `?format=` first (the page's links, as on /sparql), else by
    `Accept`; None for a browser, which gets the page."""
    wanted = request.args.get("format")
    if wanted is not None:
        if wanted not in description.FORMATS:
            raise UsageError(
                f"Unbekanntes Format {wanted!r}; möglich sind ttl, rdf und jsonld.",
                f"Unknown format {wanted!r}; possible are ttl, rdf and jsonld.",
                where="format",
            )
        return wanted
    if asks_for_page(_MACHINE_TYPES):
        return None
    return description.negotiate(list(request.accept_mimetypes))


def _answer(build: Build) -> Response:
    fmt = _format()
    store = _store()
    settings = office_settings()
    if fmt is None:
        counts, current = _statistics()
        data = overview(store, settings, counts, request.url_root, g.lang)
        response = Response(render_template("catalog.html", counts_current=current, **data))
    else:
        triples = list(build(store, settings, _statistics()[0], request.url_root))
        media = description.FORMATS[fmt][0]
        response = Response(
            description.serialize(triples, fmt), content_type=f"{media}; charset=utf-8"
        )
        response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Vary"] = "Accept"
    return response


@bp.get(description.CATALOG_PATH)
def catalog() -> Response:
    """The DCAT-AP.de 3.0 catalogue: the dataset, its dumps, the SPARQL endpoint; a page
    for a browser."""
    return _answer(description.catalog)


@bp.get(description.VOID_PATH)
def void() -> Response:
    """The VoID description: counts, partitions, linksets, endpoint and dumps."""
    return _answer(description.void)


@bp.after_app_request
def described_by(response: Response) -> Response:
    """Every HTML page and every entity document points at the catalogue."""
    if response.mimetype == "text/html" or request.blueprint == "explorer":
        response.headers.add("Link", f'<{site_path(description.CATALOG_PATH)}>; rel="describedby"')
    return response
