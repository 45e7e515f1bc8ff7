"""What crawlers read: `/robots.txt` and the sitemap (`/sitemap.xml`, `/sitemap-N.xml`).

The sitemap lists every public entity page (from the core, `akteursgraph.publish.sitemap`),
the lists and the other fixed pages; it is an index of files of at most 50,000 URLs (the
sitemaps.org limit), built once per publication (kept with the page caches, which every
commit that touches the public side drops). URLs are absolute on the host that was asked,
because a sitemap may only list URLs of its own host.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, request, url_for
from werkzeug.exceptions import HTTPException

from akteursgraph.publish.sitemap import URLS_PER_FILE, index_xml, page_paths, split, urlset_xml
from akteursgraph.store import Store

from . import explorer

bp = Blueprint("crawlers", __name__)

#: Paths crawlers should leave alone: each answer costs a query or a computation, and their
#: parameters make endless URLs (the SPARQL endpoint and editor, the JSON API with the
#: network exports, network pictures and paths, search).
DISALLOWED = ("/sparql", "/api/", "/network/", "/search", "/speakers/request")
#: Fixed pages listed besides the entities, when the app serves them (the catalogue comes
#: with the dataset description).
FIXED_PAGES = (
    "/", "/speakers", "/network", "/catalog",
    "/impressum", "/datenschutz", "/barrierefreiheit", "/leichte-sprache",
)  # fmt: skip
XML = "application/xml; charset=utf-8"


def store() -> Store:
    return current_app.extensions["akteursgraph.store"]


@bp.get("/robots.txt")
def robots() -> Response:
    # Under `serve --url-prefix` the endpoints are at the prefix's paths ("/akteure/sparql").
    root = request.script_root
    lines = ["User-agent: *", f"Allow: {root}/"]
    lines += [f"Disallow: {root}{path}" for path in DISALLOWED]
    lines += ["", f"Sitemap: {url_for('crawlers.sitemap_index', _external=True)}", ""]
    return Response("\n".join(lines), content_type="text/plain; charset=utf-8")


@bp.get("/sitemap.xml")
def sitemap_index() -> Response:
    files = _sitemap_files()
    urls = [
        url_for("crawlers.sitemap_file", number=n, _external=True) for n in range(1, len(files) + 1)
    ]
    return Response(index_xml(urls), content_type=XML)


@bp.get("/sitemap-<int:number>.xml")
def sitemap_file(number: int) -> Response:
    files = _sitemap_files()
    if not 1 <= number <= len(files):
        abort(404)
    root = request.url_root.rstrip("/")
    return Response(urlset_xml(root + path for path in files[number - 1]), content_type=XML)


def _sitemap_files() -> list[list[str]]:
    """The paths of each sitemap file, computed once per publication."""
    per_file = int(current_app.config.get("SITEMAP_URLS_PER_FILE", URLS_PER_FILE))
    found = explorer.cached_pages(
        ("sitemap", per_file), lambda: {"files": split(_paths(), min(per_file, URLS_PER_FILE))}
    )
    return found["files"]


def _paths() -> list[str]:
    """Every page's path below the site's root; `sitemap_file` puts the root (the host and
    any `--url-prefix`) in front. The lists' paths were built with the prefix, which then
    stood twice in their URLs (404)."""
    fixed = [p for p in FIXED_PAGES if _served(p)]
    paths = current_app.url_map.bind("localhost")
    lists = [paths.build("explorer.listing", {"kind": kind}) for kind in explorer.explore.KINDS]
    return fixed + lists + page_paths(store())


def _served(path: str) -> bool:
    """Whether a route other than the entity catch-all answers `path`."""
    try:
        endpoint, _args = current_app.url_map.bind("localhost").match(path, method="GET")
    except HTTPException:
        return False
    return endpoint not in ("explorer.entity_by_path", "static")
