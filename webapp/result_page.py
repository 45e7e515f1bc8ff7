"""A query's answer as a page of this site (`/sparql?format=html`), for the editor's plain forms.

Without JavaScript, the editor's forms (its free query, each example's "Run") answered in the
format chosen there: JSON or XML as the browser shows a file, CSV as a download. Those forms
are the editor's accessible alternative (the accessibility statement names them), so their
answer is now, by default, a page in the site's language: a table (its header cells, a
caption, a language tag on each literal that has one), "yes" or "no", or a graph as Turtle;
with the way back to the editor holding the query and the answer as files to download.
Protocol clients never get it unless they ask for `format=html`.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, current_app, render_template, url_for

from akteursgraph import explore
from akteursgraph.sparql.pool import Answer

#: Rows drawn in the page's table; the rest of an answer is in its download. A browser draws
#: a few thousand rows slowly, and a screen reader's table of them helps nobody.
SHOWN_ROWS = 1_000
#: Characters of a graph's Turtle shown on the page; the rest is in its download.
SHOWN_CHARACTERS = 200_000


def result_page(query: str, answer: Answer) -> Response:
    """The page of `answer` (asked for as SPARQL JSON results, or as Turtle for a graph)."""
    data = b"".join(answer.chunks)
    downloads = _downloads(query, answer.kind)
    common = {
        "query": query,
        "kind": answer.kind,
        "truncated": answer.truncated,
        "downloads": downloads,
        "back": url_for("editor.editor", query=query),
    }
    if answer.kind == "graph":
        text = data.decode("utf-8")
        page = render_template(
            "sparql_result.html",
            **common,
            graph=text[:SHOWN_CHARACTERS],
            graph_cut=len(text) > SHOWN_CHARACTERS,
        )
    else:
        parsed: dict[str, Any] = json.loads(data)
        if answer.kind == "boolean":
            page = render_template("sparql_result.html", **common, boolean=parsed["boolean"])
        else:
            variables: list[str] = parsed["head"]["vars"]
            bindings: list[dict[str, Any]] = parsed["results"]["bindings"]
            rows = [[row.get(v) for v in variables] for row in bindings[:SHOWN_ROWS]]
            page = render_template(
                "sparql_result.html",
                **common,
                variables=variables,
                rows=rows,
                described=_described(rows),
                total=len(bindings),
                shown=min(len(bindings), SHOWN_ROWS),
            )
    return Response(
        page,
        content_type="text/html; charset=utf-8",
        headers={"Cache-Control": "no-store"},
    )


def _described(rows: list[list[dict[str, Any] | None]]) -> set[str]:
    """The IRIs among `rows` that have a page here though outside the base (`value_url`):
    the terms of the vocabulary, a UN goal among them. A topic's IRI had linked out to
    w3id.org, where the entity page links to this site's page of it."""
    labels, _notations = explore.vocabulary_labels(current_app.extensions["akteursgraph.store"])
    return {
        cell["value"]
        for row in rows
        for cell in row
        if cell is not None and cell["type"] == "uri" and labels.all(cell["value"])
    }


def _downloads(query: str, kind: str) -> list[tuple[str, str]]:
    """(format's name, address) of the answer as files: what the form offered before."""
    if kind == "graph":
        formats = [("Turtle", "ttl"), ("JSON-LD", "jsonld")]
    else:
        formats = [("CSV", "csv"), ("JSON", "json")]
    return [
        (name, url_for("sparql.sparql", query=query, format=fmt, download="1"))
        for name, fmt in formats
    ]
