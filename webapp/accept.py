"""What a client accepts: its `Accept` header's media ranges, read without their parameters.

A client that writes `Accept: application/json; charset=utf-8` asks for the JSON the twins
are (`application/json; charset=utf-8`), but werkzeug matches a range with parameters only
against a type with the very same ones, so it was answered with HTML, and `/catalog` with a
406. The parameters our formats could differ by (a charset: ours are UTF-8; a JSON-LD
profile: we serve one form) decide nothing here, so each range keeps its type and its `q`.
"""

from __future__ import annotations

from functools import cached_property

from flask import Request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header


class NegotiatingRequest(Request):
    """Flask's request, with `accept_mimetypes` read as this module says."""

    @cached_property
    def accept_mimetypes(self) -> MIMEAccept:  # type: ignore[override]
        ranges: dict[str, float] = {}
        for value, quality in parse_accept_header(self.headers.get("Accept"), MIMEAccept):
            media = value.split(";", 1)[0].strip().lower()
            if media:
                ranges[media] = max(quality, ranges.get(media, 0))
        return MIMEAccept(list(ranges.items()))
