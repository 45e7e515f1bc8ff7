"""The SPARQL 1.1 Protocol: public queries at /sparql, staff updates at /sparql/update."""

from __future__ import annotations

import hashlib
import logging
import urllib.parse
from collections.abc import Iterator

from flask import Blueprint, Response, current_app, redirect, request, url_for
from werkzeug.datastructures import MIMEAccept

from akteursgraph.accounts import EDITOR
from akteursgraph.changes import (
    ORIGIN_SPARQL_UPDATE,
    ChangeMeta,
    Draft,
    submit,
)
from akteursgraph.commit import Writer
from akteursgraph.errors import AkteursgraphError, QueryError
from akteursgraph.publish import public_side_graphs
from akteursgraph.sparql.guard import check_query, dataset_clauses, declares_dataset
from akteursgraph.sparql.pool import Answer, Job, QueryPool
from akteursgraph.sparql.results import CUT_HEADER, GRAPH_FORMATS, SOLUTION_FORMATS
from akteursgraph.sparql.service import service_description as describe_service
from akteursgraph.sparql.update import parse_update
from akteursgraph.store import Store

from .auth import bearer_account
from .errors import CORS_HEADERS, ProtocolError
from .result_page import result_page
from .security import client_address
from .stale import stale_headers, stale_note
from .twins import asks_for_page

bp = Blueprint("sparql", __name__)
_log = logging.getLogger(__name__)

SOLUTION_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
}
#: `format=` values (also what SPARQLWrapper sends) -> (solution format, graph format)
FORMAT_PARAM: dict[str, tuple[str | None, str | None]] = {
    "json": ("json", "jsonld"),
    "srj": ("json", None),
    "xml": ("xml", "rdfxml"),
    "srx": ("xml", None),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
    "ttl": (None, "ttl"),
    "turtle": (None, "ttl"),
    "n3": (None, "ttl"),
    "nt": (None, "nt"),
    "ntriples": (None, "nt"),
    "jsonld": (None, "jsonld"),
    "json-ld": (None, "jsonld"),
    "rdfxml": (None, "rdfxml"),
    "rdf+xml": (None, "rdfxml"),
    "rdf": (None, "rdfxml"),
}


def _text(status: int, de: str, en: str, headers: dict[str, str] | None = None) -> Response:
    """A successful (or deliberately refused) protocol answer in both languages."""
    return Response(
        f"{de}\n{en}\n",
        status=status,
        content_type="text/plain; charset=utf-8",
        headers={**CORS_HEADERS, **(headers or {})},
    )


def pool() -> QueryPool:
    return current_app.extensions["akteursgraph.pool"]


def writer() -> Writer:
    return current_app.extensions["akteursgraph.writer"]


def store() -> Store:
    return current_app.extensions["akteursgraph.store"]


def _single(source: object, name: str) -> str | None:
    values = source.getlist(name)  # type: ignore[attr-defined]
    if len(values) > 1:
        raise ProtocolError(
            400,
            f"Der Parameter {name} darf nur einmal vorkommen.",
            f"The parameter {name} may appear only once.",
        )
    return values[0] if values else None


def _query_from_request() -> str | None:
    if request.method in ("GET", "HEAD"):
        if "update" in request.args:
            raise ProtocolError(
                400,
                "SPARQL Update geht nicht per GET; /sparql/update mit POST benutzen.",
                "SPARQL Update cannot use GET; POST to /sparql/update.",
            )
        return _single(request.args, "query")
    mimetype = request.mimetype
    if mimetype == "application/x-www-form-urlencoded":
        query, update = _single(request.form, "query"), _single(request.form, "update")
        if query is not None and update is not None:
            raise ProtocolError(
                400,
                "Entweder query oder update, nicht beides.",
                "Either query or update, not both.",
            )
        if update is not None:
            raise ProtocolError(
                400,
                "Änderungen (update) gehen an /sparql/update.",
                "Updates go to /sparql/update.",
            )
        if query is None:
            raise ProtocolError(400, "Parameter query fehlt.", "Parameter query is missing.")
        return query
    if mimetype == "application/sparql-query":
        return request.get_data(as_text=True)
    if mimetype == "application/sparql-update":
        raise ProtocolError(
            415,
            "Änderungen (application/sparql-update) gehen an /sparql/update.",
            "Updates (application/sparql-update) go to /sparql/update.",
        )
    raise ProtocolError(
        415,
        f"Nicht unterstützter Medientyp {mimetype or '(keiner)'}; erlaubt sind "
        "application/x-www-form-urlencoded und application/sparql-query.",
        f"Unsupported media type {mimetype or '(none)'}; allowed are "
        "application/x-www-form-urlencoded and application/sparql-query.",
    )


def _negotiate() -> tuple[str | None, str | None]:
    wanted = request.values.get("format")
    if wanted:
        key = wanted.lower()
        if key in FORMAT_PARAM:
            return FORMAT_PARAM[key]
        if key in SOLUTION_TYPES or key in GRAPH_TYPES:
            return SOLUTION_TYPES.get(key), GRAPH_TYPES.get(key)
        raise ProtocolError(
            400,
            f"Unbekanntes Format {wanted!r}.",
            f"Unknown format {wanted!r}.",
        )
    accept = request.accept_mimetypes
    if not accept or (len(accept) == 1 and list(accept) == [("*/*", 1)]):
        return "json", "ttl"  # anything, at full weight ("*/*;q=0" refuses everything)
    return _acceptable(accept, SOLUTION_TYPES), _acceptable(accept, GRAPH_TYPES)


def _acceptable(accept: MIMEAccept, types: dict[str, str]) -> str | None:
    """The format to answer in, by the client's preference (RFC 9110, 12.5.1). A format is
    answered as its served type, so the client's `q` for that type counts, by its most
    specific range: where it refuses that type (q=0), the format is refused, even where an
    alias (application/json, application/xml, text/xml) names it. An alias the client names
    counts where it does not name the served type itself: "application/xml, */*;q=0.1" is
    XML, as a browser's default asks, where the wildcard had chosen JSON. Ties go to the more
    specific range, then to the order of `types`."""
    ranked: dict[str, tuple[float, int, int]] = {}
    for order, fmt in enumerate(types.values()):
        served = _served_as(fmt)
        if fmt in ranked or served not in types:
            continue
        q, specific = _quality(accept, served)
        if specific == 0 or (specific < 3 and q > 0):
            aliases = [
                (qa, 3) for alias, f in types.items() if f == fmt for value, qa in accept
                if value == alias and alias != served
            ]  # fmt: skip
            q, specific = max([(q, specific), *aliases])
        ranked[fmt] = (q, specific, -order)
    best = max(ranked.items(), key=lambda item: item[1], default=None)
    return best[0] if best is not None and best[1][0] > 0 else None


def _quality(accept: MIMEAccept, media: str) -> tuple[float, int]:
    """The client's `q` for `media` by its most specific range, and how specific that range
    is: 3 the type itself, 2 `type/*`, 1 `*/*`, 0 none (q 0)."""
    kind = media.split("/", 1)[0] + "/*"
    found = {value: q for value, q in accept if value in (media, kind, "*/*")}
    for specific, value in ((3, media), (2, kind), (1, "*/*")):
        if value in found:
            return found[value], specific
    return 0.0, 0


def _served_as(fmt: str) -> str:
    """The media type an answer in `fmt` (a key of SOLUTION_FORMATS or GRAPH_FORMATS) has."""
    return (SOLUTION_FORMATS.get(fmt) or GRAPH_FORMATS[fmt])[0]


def _require_utf8() -> None:
    """The protocol's text is UTF-8; anything else is refused, not decoded with replacements
    (which would run a different query than the client sent)."""
    parts = [urllib.parse.unquote_to_bytes(request.query_string)]
    body = request.get_data(cache=True)
    if request.mimetype == "application/x-www-form-urlencoded":
        parts.append(urllib.parse.unquote_to_bytes(body.replace(b"+", b" ")))
    else:
        parts.append(body)
    for part in parts:
        try:
            part.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProtocolError(
                400,
                f"Die Anfrage ist kein gültiges UTF-8 (Byte {exc.start}).",
                f"The request is not valid UTF-8 (byte {exc.start}).",
            ) from None


def _check_graphs_exist(
    query: str, default_graphs: list[str] | None, named_graphs: list[str] | None
) -> None:
    """A graph the dataset does not hold is an error a researcher must see, not a silent
    empty result; the service description lists the graphs there are."""
    named = [("default-graph-uri", g) for g in default_graphs or []]
    named += [("named-graph-uri", g) for g in named_graphs or []]
    named += dataset_clauses(query)
    if not named:
        return
    held = set(public_side_graphs(store()))
    for clause, iri in named:
        if iri not in held:
            raise ProtocolError(
                400,
                f"{clause} <{iri}>: diesen Graphen gibt es in diesem Datenbestand nicht. "
                "Die vorhandenen Graphen nennt die Dienstbeschreibung (GET /sparql).",
                f"{clause} <{iri}>: this dataset holds no such graph. The service "
                "description (GET /sparql) lists the graphs there are.",
            )


def _graph_params(source: object, name: str) -> list[str] | None:
    values = source.getlist(name)  # type: ignore[attr-defined]
    return list(values) if values else None


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def sparql() -> Response:
    if request.method == "OPTIONS":
        return Response(status=204, headers=CORS_HEADERS)
    _require_utf8()
    query = _query_from_request()
    if query is None:
        if asks_for_page(GRAPH_TYPES):
            to_editor = redirect(url_for("editor.editor"), code=303)  # under --url-prefix too
            to_editor.vary.add("Accept")  # the service description otherwise
            return to_editor
        return service_description()
    try:
        check_query(query)
    except AkteursgraphError as exc:
        raise ProtocolError(400, exc.de, exc.en) from exc
    # The editor's plain forms ask for a page (`result_page`); it reads JSON results or Turtle.
    as_page = (request.values.get("format") or "").lower() == "html"
    solution_format, graph_format = ("json", "ttl") if as_page else _negotiate()
    source = (
        request.args
        if request.method in ("GET", "HEAD")
        or request.mimetype != ("application/x-www-form-urlencoded")
        else request.values
    )
    default_graphs = _graph_params(source, "default-graph-uri")
    named_graphs = _graph_params(source, "named-graph-uri")
    _check_graphs_exist(query, default_graphs, named_graphs)
    job = Job(query, solution_format, graph_format, default_graphs, named_graphs)
    job.own_dataset = declares_dataset(query)
    answer = pool().run(job, client=client_address())
    if as_page:
        return result_page(query, answer)
    if request.method == "HEAD":
        # The headers of GET, the query's worker free again: the body is read here (and
        # cached for the GET that may follow), since a HEAD's body is never read.
        for _chunk in answer.chunks:
            pass
        answer.chunks = iter(())
    return _result_response(answer)


def _result_response(answer: Answer) -> Response:
    if answer.kind == "graph":
        media, ext, _ = GRAPH_FORMATS[answer.format]
    else:
        media, ext = SOLUTION_FORMATS[answer.format]
    disposition = "attachment" if "download" in request.values else "inline"
    headers = {
        **CORS_HEADERS,
        "Content-Disposition": f'{disposition}; filename="result.{ext}"',
        "Vary": "Accept",
        "Cache-Control": "no-store",
    }
    if answer.truncated:
        headers[CUT_HEADER] = "true"

    def body() -> Iterator[bytes]:
        try:
            yield from answer.chunks
        except QueryError as exc:
            # The status is sent: what is left is to break the connection off without the
            # body's end (waitress does so for an error raised here), so that every client
            # reports an incomplete answer instead of taking the part for the whole.
            _log.warning("SPARQL answer broken off after its start: %s", exc.en)
            raise

    response = Response(body(), content_type=f"{media}; charset=utf-8", headers=headers)
    close = getattr(answer.chunks, "close", None)
    if close is not None:  # a body never read still gives its worker back (`_Chunks`)
        response.call_on_close(close)
    return response


def service_description() -> Response:
    """SPARQL 1.1 Service Description for clients that ask /sparql without a query."""
    _, graph_format = _negotiate()
    fmt = graph_format or "ttl"
    body = describe_service(store(), request.base_url, fmt, site=request.url_root)
    return Response(
        body,
        content_type=f"{GRAPH_FORMATS[fmt][0]}; charset=utf-8",
        headers={**CORS_HEADERS, "Vary": "Accept"},
    )


@bp.get("/sparql/update")
def update_needs_post() -> Response:
    """A client that asks with GET is told the method, not "not found" (the linked-data
    pages answered for the path)."""
    return _text(
        405,
        "SPARQL Update geht nur per POST (mit einem persönlichen API-Schlüssel).",
        "SPARQL Update takes POST only (with a personal API token).",
        {"Allow": "POST", "Access-Control-Allow-Methods": "POST, OPTIONS"},
    )


@bp.route("/sparql/update", methods=["POST"])
def update() -> Response:
    """SPARQL Update with a personal API token: a change set whose author is its account."""
    account = bearer_account()
    if account is None:
        return _text(
            401,
            "Anmeldung nötig: Authorization: Bearer und ein persönlicher API-Schlüssel "
            "(im Arbeitsbereich unter „Mein Konto“ oder mit `akteursgraph user token`).",
            "Authentication required: Authorization: Bearer and a personal API token (in the "
            "workspace under 'My account', or from `akteursgraph user token`).",
            {"WWW-Authenticate": 'Bearer realm="akteursgraph"'},
        )
    if not account.has_role(EDITOR):
        return _text(
            403,
            f"Änderungen brauchen mindestens die Rolle editor (das Konto {account.name} hat "
            f"{account.role}).",
            f"Changes need at least the role editor (the account {account.name} has "
            f"{account.role}).",
        )
    _require_utf8()
    if request.mimetype == "application/sparql-update":
        text = request.get_data(as_text=True)
    elif request.mimetype == "application/x-www-form-urlencoded":
        if "query" in request.form:
            raise ProtocolError(
                400,
                "Entweder query oder update, nicht beides.",
                "Either query or update, not both.",
            )
        text = _single(request.form, "update")
        if text is None:
            raise ProtocolError(400, "Parameter update fehlt.", "Parameter update is missing.")
    else:
        raise ProtocolError(
            415,
            "Erlaubt sind application/sparql-update und Formulare.",
            "Allowed are application/sparql-update and forms.",
        )
    # A change set by the token's account (a change to public data waits for a reviewer
    # unless the REVIEW_REQUIRED setting or the store's setting says otherwise).
    meta = ChangeMeta(
        author=account.name,
        origin=ORIGIN_SPARQL_UPDATE,
        comment=(request.values.get("comment") or "").strip(),
        detail={"sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()},
    )
    outcome = submit(
        writer(),
        parse_update(store(), text),
        meta,
        review_required=current_app.config.get("REVIEW_REQUIRED"),
    )
    if isinstance(outcome, Draft):
        return _text(
            202,
            f"Als Entwurf {outcome.change_id} gespeichert ({outcome.added} hinzugefügt, "
            f"{outcome.removed} entfernt); sichtbar erst nach Prüfung durch eine zweite Person.",
            f"Saved as draft {outcome.change_id} ({outcome.added} added, {outcome.removed} "
            "removed); visible only once a second person has reviewed it.",
            {"X-Akteursgraph-Change": outcome.change_id},
        )
    # Committed: a failure after the commit (a full disk) is said, never made an error.
    note_de, note_en = stale_note(outcome.stale)
    return _text(
        200,
        f"Gespeichert: {outcome.added} hinzugefügt, {outcome.removed} entfernt "
        f"(Änderung {outcome.change_id}).{note_de}",
        f"Stored: {outcome.added} added, {outcome.removed} removed "
        f"(change {outcome.change_id}).{note_en}",
        {"X-Akteursgraph-Change": outcome.change_id or "", **stale_headers(outcome.stale)},
    )
