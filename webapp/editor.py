"""The browser query editor at /sparql/editor: YASGUI, self-hosted, talking to /sparql.

The page works without JavaScript too: every gallery query is a plain GET form to /sparql.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from akteursgraph.gallery import load_gallery
from akteursgraph.namespaces import PREFIXES

bp = Blueprint("editor", __name__)


def render_editor(initial_query: str | None = None) -> str:
    """The editor page; `initial_query` goes into the editor but is not run."""
    return render_template(
        "sparql.html",
        endpoint=url_for("sparql.sparql"),
        prefixes=PREFIXES,
        gallery=load_gallery(),
        initial_query=initial_query or None,
    )


@bp.get("/sparql/editor")
def editor() -> str:
    # A permalink is /sparql/editor?query=...; the first value counts.
    return render_editor(request.args.get("query"))
