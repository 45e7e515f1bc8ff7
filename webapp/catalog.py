"""The dataset description: DCAT-AP.de at /catalog, VoID at /.well-known/void (Turtle, RDF/XML or
JSON-LD by `Accept`), and the `Link: </catalog>; rel="describedby"` header on every page and
entity document, so a harvester that lands anywhere finds the description.

The core builds both (`akteursgraph.publish.description`); the counts are kept per
publication version, so a request costs the building of a few hundred triples, never a scan.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask import Blueprint, Response, current_app, request

from akteursgraph.publish import description
from akteursgraph.publish.settings import PublicationSettings, publication_settings
from akteursgraph.store import Store

bp = Blueprint("catalog", __name__)

DESCRIBED_BY = f'<{description.CATALOG_PATH}>; rel="describedby"'


def _store() -> Store:
    return current_app.extensions["akteursgraph.store"]


def _statistics() -> description.Statistics:
    cache = current_app.extensions.setdefault(
        "akteursgraph.description", description.DescriptionCache()
    )
    version = current_app.extensions["akteursgraph.publisher"].version
    return cache.statistics(_store(), version)


Build = Callable[[Store, PublicationSettings, description.Statistics, str], Sequence[Any]]


def _answer(build: Build) -> Response:
    fmt = description.negotiate(list(request.accept_mimetypes))
    store = _store()
    settings = publication_settings(store.path)
    triples = list(build(store, settings, _statistics(), request.host_url))
    media = description.FORMATS[fmt][0]
    return Response(
        description.serialize(triples, fmt),
        content_type=f"{media}; charset=utf-8",
        headers={"Vary": "Accept", "Access-Control-Allow-Origin": "*"},
    )


@bp.get(description.CATALOG_PATH)
def catalog() -> Response:
    """The DCAT-AP.de 3.0 catalogue: the dataset, its dumps, the SPARQL endpoint."""
    return _answer(description.catalog)


@bp.get(description.VOID_PATH)
def void() -> Response:
    """The VoID description: counts, partitions, linksets, endpoint and dumps."""
    return _answer(description.void)


@bp.after_app_request
def described_by(response: Response) -> Response:
    """Every HTML page and every entity document points at the catalogue."""
    if response.mimetype == "text/html" or request.blueprint == "explorer":
        response.headers.add("Link", DESCRIBED_BY)
    return response
