"""Querying a remote SPARQL endpoint (ours or anyone's) with SPARQLWrapper.

Researchers run the same gallery `.rq` files against our endpoint and others; our standard
prefixes are added for the prefixes a query uses but does not declare (`prefixes.py`, the same
logic the query editor page uses).
"""

from __future__ import annotations

import ast
import contextlib
import warnings

from SPARQLWrapper import CSV, JSON, POST, TSV, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from ..errors import AkteursgraphError, InvalidDataError
from ..gallery import query_form
from ..namespaces import curie
from .prefixes import with_prefixes

#: --format -> the media type a graph (CONSTRUCT, DESCRIBE) is asked for, as `query` gives it
#: locally: Turtle for the table, N-Triples for csv and tsv, JSON-LD for json.
_GRAPH_TYPES = {
    "table": "text/turtle",
    "csv": "application/n-triples",
    "tsv": "application/n-triples",
    "json": "application/ld+json",
}


def remote_query(endpoint: str, text: str, fmt: str) -> tuple[str, object]:
    """("bytes", raw) for csv/tsv/json and graphs, ("table", (names, rows)) for the table
    view."""
    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    with warnings.catch_warnings():
        # Its guess at the query form warns of a text it cannot read; the endpoint's own
        # answer says what is wrong (below), the traceback of the warning did not.
        warnings.simplefilter("ignore", RuntimeWarning)
        client.setQuery(with_prefixes(text))
    # SPARQLWrapper guesses the form by a keyword anywhere after its comment stripper,
    # which leaves every other line of a comment block: the gallery's "address" and
    # "load records" made it send a SELECT as an update. An update is left to its guess.
    with contextlib.suppress(ValueError):
        client.queryType = query_form(text)
    is_graph = client.queryType in ("CONSTRUCT", "DESCRIBE")
    wanted = {"csv": CSV, "tsv": TSV, "json": JSON, "table": JSON}[fmt]
    client.setReturnFormat(TURTLE if is_graph else wanted)
    if is_graph:
        # By Accept alone: its `format=turtle` parameter would win over it (walk: Turtle
        # whatever --format said).
        client.setOnlyConneg(True)
        client.addCustomHttpHeader("Accept", _GRAPH_TYPES[fmt])
    try:
        response = client.query()
        if is_graph or fmt != "table":
            return "bytes", response.response.read()
        data = response.convert()
    except SPARQLWrapperException as exc:
        said = _answer_of(exc)
        # Ours answers a line in German, then one in English: each goes to its language.
        lines = said.splitlines()
        said_de, said_en = lines if len(lines) == 2 else (said, said)
        raise InvalidDataError(
            f"Der Endpunkt {endpoint} lehnt die Anfrage ab: {said_de}",
            f"The endpoint {endpoint} refused the query: {said_en}",
            where=endpoint,
        ) from exc
    except OSError as exc:
        raise AkteursgraphError(
            f"Der Endpunkt {endpoint} ist nicht erreichbar: {exc}",
            f"The endpoint {endpoint} cannot be reached: {exc}",
            where=endpoint,
        ) from exc
    if "boolean" in data:  # type: ignore[operator]
        return "table", (["boolean"], [[str(data["boolean"]).lower()]])  # type: ignore[index]
    names = data["head"]["vars"]  # type: ignore[index]
    rows = []
    for b in data["results"]["bindings"]:  # type: ignore[index]
        row = []
        for n in names:
            cell = b.get(n)
            if cell is None:
                row.append("")
            elif cell["type"] == "uri":
                row.append(curie(cell["value"]))
            elif "xml:lang" in cell:
                row.append(f"{cell['value']}@{cell['xml:lang']}")
            else:
                row.append(cell["value"])
        rows.append(row)
    return "table", (names, rows)


def _answer_of(exc: SPARQLWrapperException) -> str:
    """What the endpoint answered, as text: SPARQLWrapper keeps it only in its message, as
    a Python bytes literal ("b'\\xc3\\x84nderungen …'"), after its own sentence in English."""
    message = str(exc)
    head, _, raw = message.partition("\n\nResponse:\n")
    if raw:
        with contextlib.suppress(ValueError, SyntaxError):
            body = ast.literal_eval(raw)
            if isinstance(body, bytes):
                text = body.decode("utf-8", "replace").strip()
                if text:
                    return text
    return head
