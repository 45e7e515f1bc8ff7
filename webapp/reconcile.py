"""`/reconcile`: the W3C Entity Reconciliation API 0.2, the protocol OpenRefine speaks.

The routes only read the request and call named functions of the core
(`akteursgraph.reconcile`); the protocol's logic lives there. Every answer is JSON (JSONP
when a `callback` is given, as 0.2 allows for GET), with CORS open to every origin:
OpenRefine runs in a browser on another host. The preview is a small HTML card that
OpenRefine frames, so it alone may be framed by any page; it loads nothing from anywhere.
No cookie authorises anything here (the service only reads public data), so the CSRF
protection of the staff forms does not apply (exempt in `create_app`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request

from akteursgraph import reconcile as service
from akteursgraph.errors import UsageError
from akteursgraph.languages import LANGUAGES, check_lang
from akteursgraph.reconcile import LiveMatcher
from akteursgraph.search import SearchIndex
from akteursgraph.store import Store

from .errors import CORS_HEADERS
from .security import allow_framing

bp = Blueprint("reconcile", __name__, url_prefix="/reconcile")

# A JSONP callback is a JavaScript name (dots allowed), nothing that could be code.
_CALLBACK = re.compile(r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$")


def _store() -> Store:
    return current_app.extensions["akteursgraph.store"]


def _matcher() -> LiveMatcher:
    return current_app.extensions["akteursgraph.matcher"]


def _index() -> SearchIndex:
    return current_app.extensions["akteursgraph.search"]


def _lang() -> str:
    return check_lang(request.values.get("lang") or LANGUAGES[0])


def _number(name: str) -> int | None:
    raw = request.values.get(name)
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise UsageError(
            f"„{name}“ muss eine ganze Zahl sein.", f'"{name}" must be a whole number.', where=name
        ) from None


def _json(data: Any) -> Response:
    """JSON, or JSONP for a GET with `callback` (OpenRefine's older clients ask for it)."""
    body = json.dumps(data, ensure_ascii=False)
    callback = request.args.get("callback")
    if callback and request.method == "GET":
        if not _CALLBACK.match(callback) or len(callback) > 100:
            raise UsageError(
                "„callback“ ist kein JavaScript-Name.",
                '"callback" is not a JavaScript name.',
                where="callback",
            )
        return Response(
            f"/**/{callback}({body});",
            content_type="application/javascript; charset=utf-8",
            headers=CORS_HEADERS,
        )
    return Response(body, content_type="application/json; charset=utf-8", headers=CORS_HEADERS)


def _json_body() -> dict[str, Any] | None:
    """A JSON request body (an object), or None when the request sent a form or nothing."""
    if not request.is_json:
        return None
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise UsageError(
            "Der JSON-Inhalt muss ein Objekt sein.",
            "The JSON body must be an object.",
            where="body",
        )
    return body


@bp.route("", methods=["GET", "POST"])
def endpoint() -> Response:
    """The manifest without parameters; a batch with `queries`; extension with `extend`."""
    body = _json_body()
    queries = body.get("queries") if body is not None else request.values.get("queries")
    extend = body.get("extend") if body is not None else request.values.get("extend")
    lang = _lang()
    if queries is not None:
        batch = service.parse_batch(queries)
        return _json(service.reconcile(_store(), _matcher(), batch, lang))
    if extend is not None:
        ids, properties = service.parse_extend(extend)
        return _json(service.extend(_store(), ids, properties, lang))
    site = request.url_root
    return _json(service.manifest(_store().base_iri, site + "reconcile", site, lang))


@bp.route("", methods=["OPTIONS"])
@bp.route("/<path:_part>", methods=["OPTIONS"])
def preflight(_part: str = "") -> Response:
    """CORS preflight (a POST with a JSON body from a page on another origin)."""
    return Response(status=204, headers=CORS_HEADERS)


@bp.get("/suggest/entity")
def suggest_entity() -> Response:
    return _json(
        service.suggest_entities(
            _index(),
            request.args.get("prefix", ""),
            _lang(),
            type_id=request.args.get("type") or None,
            limit=_number("limit"),
            cursor=_number("cursor") or 0,
        )
    )


@bp.get("/suggest/type")
def suggest_type() -> Response:
    prefix = request.args.get("prefix", "")
    cursor = _number("cursor") or 0
    return _json(service.suggest_types(prefix, _lang(), limit=_number("limit"), cursor=cursor))


@bp.get("/suggest/property")
def suggest_property() -> Response:
    prefix = request.args.get("prefix", "")
    cursor = _number("cursor") or 0
    return _json(service.suggest_properties(prefix, _lang(), limit=_number("limit"), cursor=cursor))


@bp.get("/propose_properties")
def propose_properties() -> Response:
    type_id = request.args.get("type")
    if not type_id:
        raise UsageError("„type“ fehlt.", '"type" is missing.', where="type")
    return _json(service.propose(type_id, _number("limit"), _lang()))


@bp.get("/preview")
def preview() -> Response:
    ident = request.args.get("id")
    if not ident:
        raise UsageError("„id“ fehlt.", '"id" is missing.', where="id")
    lang = _lang()
    card = service.preview(_store(), ident, lang)
    if card is None:
        abort(404)
    html = render_template("reconcile/preview.html", card=card, lang=lang)
    response = Response(html, content_type="text/html; charset=utf-8")
    response.headers["Access-Control-Allow-Origin"] = "*"
    return allow_framing(response)
