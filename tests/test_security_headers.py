"""Issue 13, item 6: every response carries a strict policy, and no page needs inline script.

The policy forbids inline script, so a page with an inline `<script>` (or an `on...=`
attribute) would simply break under it: this checks every kind of page for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

PAGES = [
    "/",
    "/organisations",
    "/people",
    "/projects",
    "/events",
    "/topics",
    "/sites",
    "/speakers",
    "/search?q=kolonial",
    "/network",
    "/sparql/editor",
    "/site/manga-bell-platz",
    "/organisation/koordinationsstelle-entwicklungspolitik",
    "/person/anna-mungunda",
    "/event/maji-maji-krieg",
    "/network/ego?iri=https://w3id.org/akteursgraph/mitte/organisation/berlin-postkolonial",
]

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
DATA_TYPES = ('type="application/json"', 'type="application/ld+json"')


@pytest.mark.parametrize("url", ["/", "/sparql?query=ASK%7B%7D", "/api/network/growth", "/nope"])
def test_every_response_is_hardened(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    policy = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"  # no inline script, no eval, no other host
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("url", PAGES)
def test_no_page_relies_on_inline_script(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    for attributes in SCRIPT_TAG.findall(html):
        assert "src=" in attributes or any(t in attributes for t in DATA_TYPES), attributes
    assert not EVENT_ATTRIBUTE.search(html)


def test_the_operators_tile_server_is_the_one_other_image_host(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(TILE_URL="https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    policy = app.test_client().get("/sites").headers["Content-Security-Policy"]
    images = next(d for d in policy.split(";") if d.strip().startswith("img-src"))
    assert images.split() == ["img-src", "'self'", "data:", "https://*.tiles.example.org"]


def test_the_maps_credit_is_the_operators_tile_servers(make_app: Callable[..., Flask]) -> None:
    """The map credited "© OpenStreetMap" whatever tile server an office configured; its own
    server's credit comes from `AKTEURSGRAPH_TILE_ATTRIBUTION` (as text, never markup)."""
    credit = "© Geobasis Beispielland <dl-de/by-2-0>"
    app = make_app(TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png", TILE_ATTRIBUTION=credit)
    page = app.test_client().get("/sites").get_data(as_text=True)
    assert 'data-tiles-attribution="© Geobasis Beispielland &lt;dl-de/by-2-0&gt;"' in page
    default = make_app(TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png").test_client()
    assert 'data-tiles-attribution="© OpenStreetMap"' in default.get("/sites").get_data(
        as_text=True
    )
