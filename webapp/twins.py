"""Pages and their JSON twins; conditional requests and the page cache (issue 16).

Every explorer page has a JSON twin, as in Datasette: the same URL with `.json`, or with
`Accept: application/json`. One function computes what a page shows (a dict of plain data);
`page_response` renders it with the page's template or dumps it as JSON, so the two cannot
drift. RDF stays where it was (`.ttl`, `.jsonld` ... on entity pages).

Speed: a public page changes only when the public data does, and the app knows when that is
(the writer's "page caches" subscriber calls `PageCache.publish` after every commit that
touches public graphs, once the search index and the network have followed it). So

- every public answer carries a strong `ETag` made of the publication version, the day (a
  name whose end date has passed stops being current at midnight), the app's start, the
  URL with its query, the language and the `Accept` header; `Cache-Control: no-cache` makes
  clients ask again each time, and an `If-None-Match` that names the current tag is answered
  `304` before any data is read;
- the answer itself is kept (`PageCache`, bounded by bytes, least recently used out) under
  that tag, so a second visitor of a page costs a dictionary lookup. A publication makes every
  old tag unreachable at once (the version is part of the key), however long a request that
  began before it still runs;
- the page data behind several answers (a list's facet counts, the home summary) is kept
  under the same version in `PageCache.data`; the first of many simultaneous requests for a
  key computes it, the others wait for it rather than computing it again.

Pages of a logged-in staff member show staff links, and a page with a form that carries the
visitor's CSRF token is theirs alone: such answers are neither kept nor tagged.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from flask import Response, current_app, g, make_response, render_template, request
from flask_login import current_user

JSON = "application/json"
#: What every tagged answer says: a cache may keep it, but must ask before using it.
REVALIDATE = "no-cache"
#: Answers for staff (their pages have staff links): no shared cache may keep them.
PRIVATE = "private, no-cache"
#: Not Cookie: shared caches may keep public pages (tests/test_workspace_auth.py); the pages
#: that differ by the session (staff) say `private`.
_VARY = "Accept, Accept-Language"


class PageCache:
    """Answers and page data by publication version; see the module docstring.

    `limit_bytes` bounds the answers kept (their bodies' sizes); page data entries are
    counted, at most `data_entries`. Both drop the least recently used first.
    """

    def __init__(self, version: int, limit_bytes: int, data_entries: int = 2048) -> None:
        self.version = version
        self.started = f"{time.time():.0f}"
        self.limit_bytes = limit_bytes
        self.data_entries = data_entries
        self._lock = threading.Lock()
        self._answers: OrderedDict[str, tuple[int, bytes, dict[str, str]]] = OrderedDict()
        self._bytes = 0
        self._data: OrderedDict[tuple[int, object], Any] = OrderedDict()
        self._computing: dict[tuple[int, object], threading.Event] = {}
        self.hits = 0
        self.misses = 0

    def publish(self, version: int) -> None:
        """A publication: from now on only answers and data of `version` are found. The old
        entries are dropped (they could never be found again)."""
        with self._lock:
            self.version = max(version, self.version + 1)
            self._answers.clear()
            self._bytes = 0
            self._data.clear()

    # ---- answers -------------------------------------------------------------------------

    def answer(self, tag: str) -> tuple[int, bytes, dict[str, str]] | None:
        with self._lock:
            found = self._answers.get(tag)
            if found is not None:
                self._answers.move_to_end(tag)
                self.hits += 1
            else:
                self.misses += 1
            return found

    def keep(
        self, tag: str, version: int, status: int, body: bytes, headers: dict[str, str]
    ) -> None:
        """Keep an answer computed at `version` (not kept if a publication came since)."""
        size = len(body)
        if size > self.limit_bytes // 8:
            return  # one huge answer would push out hundreds of ordinary pages
        with self._lock:
            if version != self.version or tag in self._answers:
                return
            self._answers[tag] = (status, body, headers)
            self._bytes += size
            while self._bytes > self.limit_bytes and self._answers:
                _, (_, old, _) = self._answers.popitem(last=False)
                self._bytes -= len(old)

    # ---- page data -----------------------------------------------------------------------

    def data(self, key: object, compute: Callable[[], Any]) -> Any:
        """`compute()` once per key and publication version; simultaneous callers of one key
        wait for the first instead of computing it too."""
        while True:
            with self._lock:
                full = (self.version, key)
                if full in self._data:
                    self._data.move_to_end(full)
                    return self._data[full]
                waiting = self._computing.get(full)
                if waiting is None:
                    mine = self._computing[full] = threading.Event()
                    break
            waiting.wait()  # then look again: found, or the first caller failed
        try:
            value = compute()
            with self._lock:
                if full[0] == self.version:
                    self._data[full] = value
                    while len(self._data) > self.data_entries:
                        self._data.popitem(last=False)
            return value
        finally:
            with self._lock:
                del self._computing[full]
            mine.set()


def page_cache() -> PageCache:
    return current_app.extensions["akteursgraph.page-cache"]


def init_app(app: Any, version: int) -> None:
    """The app's page cache, starting at the publication version the app started with."""
    limit = int(float(app.config.get("PAGE_CACHE_MB", 64)) * 1024**2)
    app.extensions["akteursgraph.page-cache"] = PageCache(version, limit)


# ---- JSON twins ------------------------------------------------------------------------------


def wants_json() -> bool:
    """Whether this request asks for the JSON twin: by `.json` (the routes set
    `g.json_suffix`) or by `Accept` preferring application/json to HTML."""
    if g.get("json_suffix"):
        return True
    accept = request.accept_mimetypes
    best = accept.best_match(["text/html", JSON])
    return best == JSON and accept[JSON] > accept["text/html"]


def json_url() -> str:
    """This page's JSON twin: the path with `.json` (the home page: /index.json), same query."""
    path = request.path
    if g.get("json_suffix"):
        twin = path
    elif path == "/":
        twin = "/index.json"
    else:
        twin = path.rstrip("/") + ".json"
    return twin + ("?" + request.query_string.decode() if request.query_string else "")


def html_url() -> str:
    """The page a JSON twin belongs to."""
    path = request.path
    if g.get("json_suffix"):
        path = "/" if path == "/index.json" else path.removesuffix(".json")
    return path + ("?" + request.query_string.decode() if request.query_string else "")


def _plain(value: object) -> object:
    """What json.dumps cannot write by itself: sets (sorted), dates. (The core's page data
    holds no RDF terms: a test dumps every page kind.)"""
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, default=_plain, indent=1)


def page_response(template: str, data: dict[str, Any], /, **page_only: Any) -> Response:
    """The page (`template` rendered with `data` and `page_only`) or its JSON twin (`data`
    alone, with `page` and `twin` links). `page_only` holds what only the HTML needs (URL
    builders, settings of the picture), never a fact of the page."""
    if wants_json():
        body = dumps({**data, "links": {"html": html_url(), "self": json_url()}})
        response = Response(body, content_type=f"{JSON}; charset=utf-8")
        response.headers["Access-Control-Allow-Origin"] = "*"
    else:
        g.json_twin = json_url()  # the layout links it (rel=alternate)
        response = make_response(render_template(template, **{**data, **page_only}))
        response.headers["Link"] = f'<{g.json_twin}>; rel="alternate"; type="{JSON}"'
    response.headers["Vary"] = _VARY
    return response


def json_suffix_rules(bp: Any, rules: Iterable[tuple[str, str, Callable[..., Any]]]) -> None:
    """Register `RULE.json` for each (rule, endpoint, view): the view with `g.json_suffix`."""
    for rule, endpoint, view in rules:

        def twin(*args: Any, _view: Callable[..., Any] = view, **kwargs: Any) -> Any:
            g.json_suffix = True
            return _view(*args, **kwargs)

        bp.add_url_rule(rule, endpoint, twin, methods=["GET"])


# ---- conditional requests --------------------------------------------------------------------


def _staff() -> bool:
    """Whether a staff member is logged in (only then is the session read)."""
    return bool(request.cookies) and bool(getattr(current_user, "is_authenticated", False))


def page_tag(cache: PageCache, version: int) -> str:
    """The strong ETag of this request's answer at `version` (unquoted)."""
    key = "\x1f".join(
        (
            str(version),
            datetime.date.today().isoformat(),
            cache.started,
            request.url,
            g.get("lang", ""),
            request.headers.get("Accept", ""),
            "json" if g.get("json_suffix") else "",
        )
    )
    return hashlib.blake2b(key.encode("utf-8"), digest_size=12).hexdigest()


def conditional(view: Callable[..., Any]) -> Callable[..., Any]:
    """A public page with ETag, 304 and the answer cache (see the module docstring)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        if _staff():
            response = make_response(view(*args, **kwargs))
            response.headers["Cache-Control"] = PRIVATE
            return response
        cache = page_cache()
        version = cache.version  # read first: data computed later may be newer, never older
        tag = page_tag(cache, version)
        if request.if_none_match.contains(tag):
            response = Response(status=304)
            _tagged(response, tag)
            return response
        found = cache.answer(tag)
        if found is not None:
            status, body, headers = found
            response = Response(body, status=status, headers=headers)
            _tagged(response, tag)
            response.headers["X-Akteursgraph-Cache"] = "hit"
            return response
        response = make_response(view(*args, **kwargs))
        # A form with this visitor's CSRF token: an answer for them alone. (The session is
        # not looked at here: reading it marks every answer `Vary: Cookie`.)
        if "csrf_token" in g:
            response.headers["Cache-Control"] = PRIVATE
            return response
        if response.status_code != 200 or response.direct_passthrough:
            return response
        body = response.get_data()
        kept = {
            k: v
            for k, v in response.headers.items()
            if k in ("Content-Type", "Vary", "Link", "Access-Control-Allow-Origin")
        }
        cache.keep(tag, version, response.status_code, body, kept)
        _tagged(response, tag)
        return response

    return wrapper


def _tagged(response: Response, tag: str) -> None:
    response.set_etag(tag)
    response.headers["Cache-Control"] = REVALIDATE
    response.headers.setdefault("Vary", _VARY)
