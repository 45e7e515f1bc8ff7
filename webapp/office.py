"""The office's own pages: what a German public site must have (Impressum, privacy notice,
accessibility statement after BITV 2.0, the key information in Leichte Sprache), the office's
logo and the site's icon.

Every office-specific text comes from the publication settings (`akteursgraph publication
--set FILE.json`, docs/configuration.md), so another office fills in its own; a setting that
is missing shows as "not yet filled in" on the page, never as another office's data.
"""

from __future__ import annotations

import mimetypes
import threading
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template
from werkzeug.wrappers import Response

from akteursgraph.publish.settings import PublicationSettings, publication_settings

bp = Blueprint("office", __name__)

STATIC = Path(__file__).parent / "static"

_lock = threading.Lock()
_cache: dict[str, tuple[tuple[int, int, int], PublicationSettings]] = {}


def settings() -> PublicationSettings:
    """The store's publication settings, read again only when `akteursgraph.json` changed:
    every page's header shows the office's name, so they must not cost a file parse per page,
    and a `publication --set` must show with the next request."""
    path = Path(current_app.extensions["akteursgraph.store"].path)
    stat = (path / "akteursgraph.json").stat()
    key = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    with _lock:
        cached = _cache.get(str(path))
        if cached and cached[0] == key:
            return cached[1]
    loaded = publication_settings(path)
    with _lock:
        _cache[str(path)] = (key, loaded)
    return loaded


@bp.app_template_global("office")
def office() -> PublicationSettings:
    """The publication settings for the site's frame (name, logo) and the office's pages."""
    return settings()


@bp.get("/impressum")
def impressum() -> str:
    return render_template("office/impressum.html", s=settings())


@bp.get("/datenschutz")
def privacy() -> str:
    return render_template("office/privacy.html", s=settings())


@bp.get("/barrierefreiheit")
def accessibility() -> str:
    return render_template("office/accessibility.html", s=settings())


@bp.get("/leichte-sprache")
def easy_language() -> str:
    return render_template("office/easy_language.html", s=settings())


@bp.get("/office-logo")
def logo() -> Response:
    """The office's logo from the store folder (setting `logo`); 404 without one."""
    name = settings().logo
    if not name:
        abort(404)
    path = Path(current_app.extensions["akteursgraph.store"].path) / name
    if not path.is_file():
        abort(404)
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
