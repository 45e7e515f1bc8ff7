"""Pages and their JSON twins, and conditional requests (issue 16).

Every explorer page has a JSON twin, as in Datasette: the same URL with `.json`, or with
`Accept: application/json`. One function computes what a page shows (a dict of plain data);
`page_response` renders it with the page's template or dumps it as JSON, so the two cannot
drift. RDF stays where it was (`.ttl`, `.jsonld` ... on entity pages).

Conditional requests (`conditional`): every public answer carries a strong `ETag` made of
the publication version at which it was computed, the day (a name whose end date has passed
stops being current at midnight), the app's start and the answer's key (the URL with its
query, the language, the `Accept` header); `Cache-Control: no-cache` makes clients ask again
each time, and an `If-None-Match` that names the kept answer's tag is answered `304` before
any data is read. The answers are kept in the page cache (`page_cache.py`) until a
publication touches what they showed: the tag stays valid across publications that did not
touch the answer and goes with it when one does (the next answer is computed at a later
version and gets a new tag), so a changed page is never answered `304` or from the cache
with its old content. Only views that say so keep answers across publications
(`follows_reads`: entity pages and lists, whose every fact comes through the store's
reads); the others (home, search, speakers, network, graph documents, the sites' map) are
dropped by every publication, because they show data kept elsewhere (the search index, the
network) or summaries of everything.

Pages of a logged-in staff member show staff links, and a page with a form that carries the
visitor's CSRF token is theirs alone: such answers are neither kept nor tagged. Nor is a
page that shows data of before the last change while the current is computed (a view sets
`g.page_provisional`: the network's overview, `NetworkCache.latest_structure`), so that the
next request asks again rather than keeping the old figures for the new version.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from functools import wraps
from typing import Any

from flask import Response, g, make_response, render_template, request
from flask_login import current_user

from akteursgraph.memory import one_copy

from .office_settings import logo_stamp, settings_stamp
from .page_cache import Answer, PageCache, page_cache
from .site_paths import site_path
from .turns import page_turns

JSON = "application/json"
#: What every tagged answer says: a cache may keep it, but must ask before using it.
REVALIDATE = "no-cache"
#: Answers for staff (their pages have staff links): no shared cache may keep them.
PRIVATE = "private, no-cache"
#: Shared caches may keep public pages (tests/test_workspace_auth.py), keyed on these and on
#: `Cookie`, which `i18n` adds (the language cookie chooses the page's language); the pages
#: that differ by the session (staff) say `private`.
_VARY = "Accept, Accept-Language"


def follows_reads() -> None:
    """Say that this request's answer shows only what it read through the store (the view
    reads nothing kept elsewhere that `Store.note_reads` does not name): the answer is then
    kept across publications that touch none of it. Without this, every publication drops
    the answer."""
    g.page_follows = True


# ---- JSON twins ------------------------------------------------------------------------------


def wants_json() -> bool:
    """Whether this request asks for the JSON twin: by `.json` (the routes set
    `g.json_suffix`) or by `Accept` preferring application/json to HTML, or naming it where
    HTML comes only from a wildcard."""
    if g.get("json_suffix"):
        return True
    accept = request.accept_mimetypes
    as_json, as_page = accept[JSON], accept["text/html"]
    if as_json != as_page:
        return as_json > as_page
    # A tie: the type the client names wins over one it reaches only by a wildcard (axios and
    # Angular send "application/json, text/plain, */*" and were given the HTML page).
    named = {media for media, quality in accept if quality > 0}
    return as_json > 0 and JSON in named and "text/html" not in named


def asks_for_page(alternatives: Iterable[str]) -> bool:
    """Whether the client names text/html and prefers it to each of `alternatives` (the
    machine formats of the same address): a browser. `*/*` alone (curl, harvesters, most
    libraries) gets the alternatives, so they keep working without an `Accept`."""
    accept = request.accept_mimetypes
    named = any(value == "text/html" and quality > 0 for value, quality in accept)
    return named and accept.best_match(["text/html", *alternatives]) == "text/html"


#: Pages whose twin is asked for with `format=json`, not by `.json`: `/entity?iri=…` (its
#: path names no IRI of its own, so `/entity.json` would be another page's twin).
_FORMAT_TWINS = frozenset({"/entity"})


def json_url() -> str:
    """This page's JSON twin: the path with `.json` (the home page: /index.json), same query;
    for `/entity?iri=…`, the same address with `format=json` (it advertised `/entity.json`,
    a 404)."""
    path = request.path
    if path in _FORMAT_TWINS:
        return site_path(path) + "?" + _query(format="json")
    if g.get("json_suffix"):
        twin = path
    elif path == "/":
        twin = "/index.json"
    else:
        twin = path.rstrip("/") + ".json"
    query = _query(keep_format=True)
    return site_path(twin) + ("?" + query if query else "")


def html_url() -> str:
    """The page a JSON twin belongs to."""
    path = request.path
    if path in _FORMAT_TWINS:
        query = _query()
        return site_path(path) + ("?" + query if query else "")
    if g.get("json_suffix"):
        path = "/" if path == "/index.json" else path.removesuffix(".json")
    query = _query(keep_format=True)
    return site_path(path) + ("?" + query if query else "")


def _pages(data: Mapping[str, Any]) -> dict[str, str]:
    """A paged twin's `prev` and `next` (twins), as its page's pager links them: a script
    followed `page` and `pages` by hand (twins walk)."""
    page, pages = data.get("page"), data.get("pages")
    if not isinstance(page, int) or not isinstance(pages, int):
        return {}
    self_url = json_url()
    path, _sep, _old = self_url.partition("?")
    kept = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]
    found = {}
    for name, number in (("prev", page - 1), ("next", page + 1)):
        if 1 <= number <= pages:
            found[name] = path + "?" + urllib.parse.urlencode([*kept, ("page", str(number))])
    return found


def _query(*, keep_format: bool = False, **format_: str) -> str:
    """This request's query, written one way (without its `format` unless `keep_format`,
    with `format_` added if given). Not the query as sent: the page cache keys an answer by
    the URL as Werkzeug reads it, in which "%3A" and ":" are one, so an answer kept for one
    spelling linked its twin in the other's (a test that asked with both failed in CI)."""
    kept = [(k, v) for k, v in request.args.items(multi=True) if keep_format or k != "format"]
    return urllib.parse.urlencode([*kept, *format_.items()])


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
        links = {"html": html_url(), "self": json_url(), **_pages(data)}
        body = dumps({**data, "links": links})
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


def page_key() -> str:
    """What tells this request's answer from others: the URL with its query, the language,
    the `Accept` header, the JSON suffix, and the office's settings and logo file (every
    page's frame shows the office's name and logo, which change without a publication)."""
    key = "\x1f".join(
        (
            request.url,
            g.get("lang", ""),
            request.headers.get("Accept", ""),
            "json" if g.get("json_suffix") else "",
            settings_stamp(),
            logo_stamp(),
        )
    )
    return hashlib.blake2b(key.encode("utf-8"), digest_size=16).hexdigest()


def page_tag(cache: PageCache, key: str, version: int, day: str) -> str:
    """The strong ETag (unquoted) of the answer of `key` computed from `version` on: valid
    while no publication touches what the answer showed (the cache drops it then, and the
    next answer is computed from a later version, so it gets another tag)."""
    text = "\x1f".join((str(version), day, cache.started, key))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def conditional(view: Callable[..., Any]) -> Callable[..., Any]:
    """A public page with ETag, 304 and the answer cache (see the module docstring)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        if _staff():
            response = make_response(view(*args, **kwargs))
            response.headers["Cache-Control"] = PRIVATE
            return response
        cache = page_cache()
        key, day = page_key(), datetime.date.today().isoformat()
        found = cache.answer(key, day)
        if found is not None:
            if request.if_none_match.contains_weak(found.tag):
                response = Response(status=304)
                _tagged(response, found.tag)
                return response
            body = found.content()  # unpacked only now: a 304 needs none
            if body is not None:
                response = Response(body, status=found.status, headers=found.headers)
                _tagged(response, found.tag)
                response.headers["X-Akteursgraph-Cache"] = "hit"
                return response
        with page_turns().turn():  # computed below: a page takes its turn
            version = cache.version  # read first: data computed later may be newer, never older
            with cache.reading() as read:
                response = make_response(view(*args, **kwargs))
        # A form with this visitor's CSRF token: an answer for them alone. (The session is
        # not looked at here: reading it marks every answer `Vary: Cookie`.)
        if "csrf_token" in g:
            response.headers["Cache-Control"] = PRIVATE
            return response
        # Data of before the last change, shown while the current is computed (the network's
        # figures): neither kept nor tagged, so the next request asks again.
        if g.get("page_provisional"):
            response.headers["Cache-Control"] = "no-store"
            return response
        if response.status_code != 200 or response.direct_passthrough:
            return response
        body = response.get_data()
        kept = {
            k: v
            for k, v in response.headers.items()
            if k in ("Content-Type", "Vary", "Link", "Access-Control-Allow-Origin")
        }
        tag = page_tag(cache, key, version, day)
        reads = frozenset(map(one_copy, read)) if g.get("page_follows") else None
        cache.keep(key, version, Answer(tag, reads, day, response.status_code, body, kept))
        _tagged(response, tag)
        return response

    return wrapper


def _tagged(response: Response, tag: str) -> None:
    response.set_etag(tag)
    response.headers["Cache-Control"] = REVALIDATE
    response.headers.setdefault("Vary", _VARY)
