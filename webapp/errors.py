"""The one place where errors become HTTP responses.

Every domain error of the core (`akteursgraph.errors`) and every protocol error of the web
layer gets its status here, and its body in the form the route speaks: plain text (German,
then English) for the SPARQL protocol, JSON for `/api/`, an HTML page otherwise. A usage
error is a 4xx with a message, never a 500; raw exception text never reaches a client.
"""

from __future__ import annotations

import json

from flask import Flask, Response, current_app, g, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from akteursgraph.errors import (
    AkteursgraphError,
    ConflictError,
    InvalidDataError,
    NotAcceptable,
    NotFound,
    QueryBusy,
    QueryCrashed,
    QueryRateLimited,
    QueryTimeout,
    StoreError,
    UsageError,
)

from .security import STAFF_BLUEPRINTS
from .twins import wants_json

#: CORS for the SPARQL protocol's answers, errors included (a browser client must read them).
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Accept, Authorization",
    "Access-Control-Expose-Headers": (
        "Content-Disposition, Retry-After, X-Akteursgraph-Truncated, X-Akteursgraph-Change"
    ),
    "Access-Control-Max-Age": "86400",
}


class ProtocolError(AkteursgraphError):
    """A request that breaks the HTTP or SPARQL protocol; it names its own status."""

    def __init__(
        self,
        status: int,
        de: str,
        en: str,
        *,
        where: str | None = None,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(de, en, where=where)
        self.status = status
        #: Seconds for the Retry-After of a 503 (when not the usual 1).
        self.retry_after = retry_after


#: Most specific first.
_STATUS: tuple[tuple[type[AkteursgraphError], int], ...] = (
    (ConflictError, 409),
    (NotAcceptable, 406),
    (QueryRateLimited, 429),
    (QueryTimeout, 503),
    (QueryBusy, 503),
    (QueryCrashed, 500),
    (StoreError, 503),
    (InvalidDataError, 400),
    (NotFound, 404),
    (UsageError, 400),
)


def status_of(exc: AkteursgraphError) -> int:
    """The HTTP status of a domain error; an unknown kind of query failure is the client's."""
    if isinstance(exc, ProtocolError):
        return exc.status
    for kind, status in _STATUS:
        if isinstance(exc, kind):
            return status
    return 400 if exc.exit_code == 1 else 500


def _speaks_json() -> bool:
    """`/api/` and the reconciliation service answer errors as JSON (the latter with CORS:
    OpenRefine reads them from another origin); so does a page's JSON twin (`.json`, or
    `Accept: application/json`): its client parses what comes back."""
    return (
        request.path.startswith(("/api/", "/reconcile"))
        or request.path.endswith(".json")
        or wants_json()
    )


def _speaks_text() -> bool:
    """The endpoint answers errors in plain text, both languages, for protocol clients; not
    a query sent by the editor's plain forms (`page=editor`, without JavaScript), which got
    that bare text with no way back: it gets a page in its language."""
    if request.args.get("page") == "editor":  # args: the form of a body too big is unread
        return False
    return request.path.startswith("/sparql") and not request.path.startswith("/sparql/editor")


def error_response(exc: AkteursgraphError) -> Response:
    status = status_of(exc)
    # A query stopped at the time limit runs past it again when retried: no Retry-After for
    # it (RFC 9110, 10.2.3: a temporary condition), only for a busy pool or a store in a write.
    headers: dict[str, str] = (
        {"Retry-After": "1"} if status == 503 and not isinstance(exc, QueryTimeout) else {}
    )
    # Whether an error comes as JSON or HTML follows Accept on a page's address: a shared
    # cache must not hand a JSON 404 to a browser. Its page and its Content-Language follow
    # the browser's language, as a page's do (`twins`).
    headers["Vary"] = "Accept, Accept-Language"
    retry_after = getattr(exc, "retry_after", None)  # QueryRateLimited, a ProtocolError
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    de, en = exc.de, exc.en
    report = getattr(exc, "report", None)
    if report is not None:  # a refused write: the validation report names node and rule
        de = f"{de}\n{report.render()}"
    if exc.where:
        de, en = f"{exc.where}: {de}", f"{exc.where}: {en}"
    if _speaks_text():
        return Response(
            f"{de}\n{en}\n",
            status=status,
            content_type="text/plain; charset=utf-8",
            headers={**CORS_HEADERS, **headers},
        )
    if _speaks_json():
        error = {"status": status, "de": de, "en": en, "exit_code": exc.exit_code}
        body = json.dumps({"error": error}, ensure_ascii=False)
        if request.path.startswith("/reconcile"):
            headers = {**CORS_HEADERS, **headers}
        else:  # twins and the API answer any origin, so their refusals too must be readable
            headers["Access-Control-Allow-Origin"] = "*"
        return Response(body, status=status, content_type="application/json", headers=headers)
    if request.path.startswith("/workspace/"):  # the workspace's frame; the message alone
        html = render_template("workspace/error.html", exc=exc, status=status)
    else:
        html = render_template("error.html", exc=exc, status=status)
    return Response(html, status=status, content_type="text/html; charset=utf-8", headers=headers)


def init_app(app: Flask) -> None:
    """Register the map for the whole app (blueprints keep no handlers of their own)."""
    app.register_error_handler(AkteursgraphError, error_response)

    @app.after_request
    def error_in_title(response: Response) -> Response:
        """A staff page that answers with an error says so in its title: the script did it,
        and without it a screen reader heard the form's title unchanged (keyboard walk).
        Its alert takes the focus as the page loads (`autofocus` in the templates)."""
        if (
            response.status_code >= 400
            and request.blueprint in STAFF_BLUEPRINTS
            and response.mimetype == "text/html"
            and not response.direct_passthrough
        ):
            prefix = "Fehler: " if g.get("lang", "de") == "de" else "Error: "
            body = response.get_data(as_text=True)
            if "<title>" in body and "<title>" + prefix not in body:
                response.set_data(body.replace("<title>", "<title>" + prefix, 1))
        return response

    @app.errorhandler(413)
    def too_large(exc: HTTPException) -> Response:
        limit = (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // 1024**2
        return error_response(
            ProtocolError(
                413,
                f"Die Anfrage ist zu groß (höchstens {limit} MB).",
                f"The request is too large (at most {limit} MB).",
                where=request.path,
            )
        )

    @app.errorhandler(CSRFError)
    def csrf_refused(exc: CSRFError) -> Response | tuple[str, int]:
        # A workspace form keeps what was typed (the form again, or the list of it).
        from .workspace_forms import after_expired_form

        kept = after_expired_form()
        if kept is not None:
            return kept
        return error_response(
            ProtocolError(
                400,
                "Das Formular ist abgelaufen oder kam nicht von dieser Seite (CSRF-Schutz). "
                "Bitte die Seite neu laden und noch einmal senden.",
                "The form has expired or did not come from this site (CSRF protection). "
                "Please reload the page and send it again.",
                where=request.path,
            )
        )

    @app.errorhandler(405)
    def method_not_allowed(exc: HTTPException) -> Response:
        # Werkzeug's own page was English (<html lang=en>) whatever the interface spoke.
        allowed = sorted(getattr(exc, "valid_methods", None) or ())
        methods = ", ".join(allowed)
        response = error_response(
            ProtocolError(
                405,
                f"Diese Adresse nimmt keine {request.method}-Anfragen an (erlaubt: {methods}).",
                f"This address does not take {request.method} requests (allowed: {methods}).",
            )
        )
        if allowed:
            response.headers["Allow"] = methods
        return response

    @app.errorhandler(429)
    def too_many(exc: HTTPException) -> Response:
        # Flask-Limiter's refusal of too many failed logins (the query fair share has its own).
        response = error_response(
            ProtocolError(
                429,
                "Zu viele fehlgeschlagene Anmeldungen. Bitte einige Minuten warten.",
                "Too many failed logins. Please wait a few minutes.",
                where=request.path,
            )
        )
        response.headers["Retry-After"] = "60"
        return response

    @app.errorhandler(404)
    def not_found(exc: HTTPException) -> Response | tuple[str, int]:
        if _speaks_text() or _speaks_json():
            return error_response(
                ProtocolError(404, "Nicht gefunden.", "Not found.", where=request.path)
            )
        response = make_response(render_template("not_found.html"), 404)
        # the JSON 404 is at the same address; the page speaks the browser's language
        response.headers["Vary"] = "Accept, Accept-Language"
        return response
