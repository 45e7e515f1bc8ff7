"""Changes from the operator's command line while the server holds the store.

`akteursgraph load` (and the other writing commands) cannot open a store that `serve` holds;
they find the running server through the note it leaves in the store folder
(`akteursgraph.server_link`) and send their change here. It is committed through the app's one
writer, so it becomes a change set like any other and the public side follows at once. Only a
caller that can read the note (the operator's account, on this machine) knows the token.
"""

from __future__ import annotations

import hmac
import sys

from flask import Blueprint, Response, current_app, jsonify, request

from akteursgraph.server_link import CHANGES_ROUTE, handle

from .errors import ProtocolError

bp = Blueprint("writes", __name__)


@bp.post(CHANGES_ROUTE)
def changes() -> Response:
    token = current_app.config.get("LOCAL_WRITE_TOKEN")
    if not token:
        raise ProtocolError(404, "Nicht gefunden.", "Not found.", where=request.path)
    given = request.headers.get("Authorization", "")
    if not (given.startswith("Bearer ") and hmac.compare_digest(given[7:], token)):
        raise ProtocolError(401, "Anmeldung nötig.", "Authentication required.", where=request.path)
    # The operator's load may be as large as `load` allows (it checks each file before it
    # sends); the body limit is for the public. Not None: Flask then falls back to the
    # configured MAX_CONTENT_LENGTH, and a CLI load of over 16 MB beside `serve` was refused
    # as too large (exploratory test). waitress's own limit (1 GB) still holds.
    request.max_content_length = sys.maxsize
    ext = current_app.extensions
    body = request.get_data()
    return jsonify(handle(ext["akteursgraph.writer"], body, ext["akteursgraph.served"]))
