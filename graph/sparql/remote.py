"""Querying a remote SPARQL endpoint (ours or anyone's) with SPARQLWrapper.

Researchers run the same gallery `.rq` files against our endpoint and others; our standard
prefixes are added for the prefixes a query uses but does not declare (`prefixes.py`, the same
logic the query editor page uses).
"""

from __future__ import annotations

import ast
import contextlib
import json
import urllib.error
import urllib.parse
import warnings
from typing import NamedTuple

from SPARQLWrapper import CSV, JSON, POST, TSV, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from ..errors import AkteursgraphError, InvalidDataError, UsageError
from ..gallery import query_form
from ..namespaces import curie
from .prefixes import with_prefixes
from .results import CUT_HEADER, GRAPH_FORMATS, QUERY_FORMATS, SOLUTION_FORMATS


class RemoteAnswer(NamedTuple):
    """What an endpoint answered: `kind` "bytes" (`payload` the raw body, for csv/tsv/json
    and graphs) or "table" (`payload` the names and rows of the table view); `cut`: the
    endpoint says it cut the answer at its row cap (our `X-Akteursgraph-Truncated`)."""

    kind: str
    payload: object
    cut: bool = False


def remote_query(endpoint: str, text: str, fmt: str) -> RemoteAnswer:
    """The endpoint's answer to `text` in `fmt`. Whatever the endpoint answers that is not
    what was asked for (a refusal, a web page, broken JSON) is an error that says so in both
    languages: a program's words (SPARQLWrapper's bytes literal, a TypeError) told a
    researcher nothing."""
    if urllib.parse.urlsplit(endpoint).scheme not in ("http", "https"):
        raise UsageError(
            f"--endpoint braucht eine Adresse mit http:// oder https://, nicht {endpoint!r}.",
            f"--endpoint needs an address with http:// or https://, not {endpoint!r}.",
            where="--endpoint",
        )
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
    solution_format, graph_format = QUERY_FORMATS[fmt]
    expected: tuple[str, ...] = (SOLUTION_FORMATS[solution_format][0],)
    if solution_format == "json":
        expected += ("application/json",)  # what some endpoints call SPARQL JSON
    if is_graph:
        # As the local query answers (`QUERY_FORMATS`), by Accept alone: SPARQLWrapper's
        # `format=turtle` parameter would win over it (walk: Turtle whatever --format said).
        expected = (GRAPH_FORMATS[graph_format][0],)
        client.setOnlyConneg(True)
        client.addCustomHttpHeader("Accept", expected[0])
    try:
        response = client.query()
        body = response.response.read()
        media = (response.info().get("content-type") or "").split(";")[0].strip().lower()
        # Our endpoint's answer over its row cap looks whole: only this header tells it
        # (docs/sparql.md), and the command printed the part as the whole (walk).
        cut = (response.response.headers.get(CUT_HEADER) or "").strip().lower() == "true"
    except SPARQLWrapperException as exc:
        raise _refused(endpoint, _answer_of(exc)) from exc
    except urllib.error.HTTPError as exc:  # the statuses SPARQLWrapper passes on (503, 429 …)
        raise _refused(endpoint, exc.read(), exc.code) from exc
    except OSError as exc:
        raise AkteursgraphError(
            f"Der Endpunkt {endpoint} ist nicht erreichbar: {exc}",
            f"The endpoint {endpoint} cannot be reached: {exc}",
            where=endpoint,
        ) from exc
    if media not in expected:
        raise InvalidDataError(
            f"Der Endpunkt {endpoint} antwortet mit {media or 'unbekanntem Typ'}, nicht mit "
            f"{' oder '.join(expected)}: {_said(body)[0]}",
            f"The endpoint {endpoint} answers with {media or 'an unknown type'}, not with "
            f"{' or '.join(expected)}: {_said(body)[1]}",
            where=endpoint,
        )
    if is_graph or fmt != "table":
        return RemoteAnswer("bytes", body, cut)
    try:
        data = json.loads(body.decode("utf-8"))
        if not isinstance(data, dict) or not ("boolean" in data or "results" in data):
            raise ValueError("no head and results")
    except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise InvalidDataError(
            f"Die Antwort von {endpoint} ist kein SPARQL-Ergebnis in JSON: {exc}",
            f"The answer of {endpoint} is no SPARQL result in JSON: {exc}",
            where=endpoint,
        ) from exc
    if "boolean" in data:  # type: ignore[operator]
        return RemoteAnswer("table", (["boolean"], [[str(data["boolean"]).lower()]]))  # type: ignore[index]
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
    return RemoteAnswer("table", (names, rows), cut)


def _answer_of(exc: SPARQLWrapperException) -> bytes:
    """What the endpoint answered: SPARQLWrapper keeps it only in its message, as a Python
    bytes literal ("b'\\xc3\\x84nderungen …'"), after its own sentence in English, which
    stands for an answer without a body."""
    head, _, raw = str(exc).partition("\n\nResponse:\n")
    if raw:
        with contextlib.suppress(ValueError, SyntaxError):
            body = ast.literal_eval(raw)
            if isinstance(body, bytes) and body.strip():
                return body
    return head.encode("utf-8")


def _said(body: bytes) -> tuple[str, str]:
    """An answer's text for a person, in German and in English: a web page named as one, a
    long text cut. Ours answers a line in German, then one in English: each goes to its
    language; any other text (a Java stack, whose second line is indented) stands whole."""
    try:
        text = body.decode("utf-8").strip()
    except UnicodeDecodeError:
        text = body.decode("latin-1").strip()
    if text[:1] == "<" and "html" in text[:200].lower():
        return "eine Webseite (HTML)", "a web page (HTML)"
    if len(text) > 500:
        text = text[:500] + " …"
    lines = text.splitlines()
    if len(lines) == 2 and not lines[1][:1].isspace():
        return lines[0], lines[1]
    return text, text


def _refused(endpoint: str, body: bytes, status: int | None = None) -> InvalidDataError:
    said_de, said_en = _said(body)
    code = f" (HTTP {status})" if status else ""
    return InvalidDataError(
        f"Der Endpunkt {endpoint} lehnt die Anfrage ab{code}: {said_de}",
        f"The endpoint {endpoint} refused the query{code}: {said_en}",
        where=endpoint,
    )
