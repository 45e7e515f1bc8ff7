"""The browser query editor at /sparql/editor: YASGUI, self-hosted, talking to /sparql.

The page works without JavaScript too: every gallery query is a plain GET form to /sparql.
With JavaScript, the modules in static/editor/ read the settings below from a JSON block on
the page (data, not a script, so a strict Content-Security-Policy can forbid inline scripts).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g, render_template, request, url_for

from akteursgraph.gallery import holds_example, load_gallery, query_form, query_in
from akteursgraph.namespaces import PREFIXES, sparql_prologue
from akteursgraph.publish import inferred_graph
from akteursgraph.sparql.prefixes import with_prefixes
from akteursgraph.sparql.results import GRAPH_FORMATS

from .site_paths import site_path

bp = Blueprint("editor", __name__)


def editor_settings(gallery: list[dict[str, Any]], initial_query: str | None) -> dict[str, Any]:
    """What the editor's script needs, as JSON.

    Queries go to the editor with the PREFIX lines they use added here: the endpoint
    predeclares our prefixes, but the editor's syntax check and the permalinks it shares do
    not know that. `akteursgraph.sparql.prefixes` is the one place that decides which prefixes
    a query uses, so the script has no prefix logic of its own.
    """
    queries = [
        {"id": e["id"], "title": e["title"], "query": with_prefixes(e["query"])} for e in gallery
    ]
    initial = None
    if initial_query:
        text = with_prefixes(initial_query)
        # A gallery permalink (or the share link of an unedited gallery tab) opens a tab named
        # after that gallery entry.
        entry = next((q for q in queries if q["query"] == text), None)
        initial = {"query": text, "galleryId": entry["id"] if entry else None}
    return {
        "endpoint": url_for("sparql.sparql"),
        "editorUrl": url_for("editor.editor"),
        "lang": g.lang,
        "maxRows": int(current_app.config["MAX_ROWS"]),
        "prefixes": PREFIXES,
        "prologue": sparql_prologue(),
        "gallery": queries,
        "initial": initial,
        # The formats a CONSTRUCT or DESCRIBE is answered in, for the settings' choice: the
        # endpoint's own list (`GRAPH_FORMATS`), as [name, media type].
        "graphFormats": [[name, media] for _, media, name in graph_formats()],
        # IRIs under the base are linked to their pages here (setup.js), as the explorer's
        # are: the canonical address may lead to another host, or nowhere on an intranet.
        "base": current_app.extensions["akteursgraph.store"].base_iri,
        "sitePath": site_path("/"),
    }


def graph_formats() -> list[tuple[str, str, str]]:
    """(`format=` value, media type, name) of each format the endpoint answers a graph in:
    the editor's settings and its examples' plain forms offer these, and no other."""
    return [(key, media, rdf.name) for key, (media, _, rdf) in GRAPH_FORMATS.items()]


def render_editor(initial_query: str | None = None) -> str:
    """The editor page; `initial_query` goes into the editor but is not run."""
    store = current_app.extensions["akteursgraph.store"]
    base_iri = store.base_iri
    # The questions about the example's own office and sources only where its data is.
    gallery = [
        {**e, "query": query_in(e, g.lang), "form": query_form(e["query"])}
        for e in load_gallery(example=holds_example(store))
    ]
    return render_template(
        "sparql.html",
        endpoint=url_for("sparql.sparql"),
        inferred_graph=inferred_graph(base_iri).value,
        gallery=gallery,
        graph_formats=[(key, name) for key, _, name in graph_formats()],
        initial_query=initial_query or None,
        settings=editor_settings(gallery, initial_query),
    )


@bp.get("/sparql/editor")
def editor() -> str:
    # A permalink is /sparql/editor?query=...; the first value counts.
    return render_editor(request.args.get("query"))
