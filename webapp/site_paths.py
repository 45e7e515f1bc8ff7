"""Paths on this site: under the path it is served at (`serve --url-prefix`).

An office whose base IRI has a path (`https://daten.beispielstadt.de/akteure/`) serves the
site under that path, and every link the app writes must stay under it: `url_for` knows the
script root, but a path built by hand ("/" + an IRI's part after the base, the current
request's path) starts at the host's root and leaves the site (issue 16, item 10)."""

from __future__ import annotations

from flask import Flask, request


def site_path(path: str) -> str:
    """`path` (from the site's root, "/organisation/x") as a link on this site."""
    return request.script_root + path


def init_app(app: Flask) -> None:
    app.add_template_global(site_path)
