"""Security tests of the staff workspace (issue 14): every route with every role and without
login, CSRF, session fixation, brute force, disabled accounts, idle sessions.

The route test enumerates `app.url_map`, so a route added later is tried too: a view under
/workspace/ without `role_required` fails it, and so does a public route that starts asking
for a login.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from akteursgraph.accounts import ROLES, Accounts

from .conftest import (
    STAFF_PASSWORD,
    add_staff,
    api_token,
    copy_store,
    csrf_token,
    login,
    running_server,
)

#: Routes that answer without a login but are not public pages: they take a bearer token.
TOKEN_ROUTES = {"sparql.update", "writes.changes"}
#: The login itself.
LOGIN_ROUTES = {"auth.login", "auth.code", "logout.logout", "sso.start", "sso.callback"}


@pytest.fixture(scope="module")
def app(example_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    from akteursgraph_web import close_app, create_app

    path = copy_store(example_store_template, tmp_path_factory.mktemp("security"))
    made = create_app({"STORE_PATH": str(path), "TESTING": True, "QUERY_WORKERS": 1})
    for role in ROLES:
        add_staff(made, role)
    yield made
    close_app(made)


def required_role(app: Flask, rule: Rule) -> str | None:
    return getattr(app.view_functions[rule.endpoint], "required_role", None)


def url_of(rule: Rule) -> str:
    """The rule's path with a value for each argument (1 for numbers, the first of a choice,
    else "x")."""
    values: dict[str, object] = {}
    for arg, conv in rule._converters.items():
        if type(conv).__name__ in ("IntegerConverter", "FloatConverter"):
            values[arg] = 1
        elif type(conv).__name__ == "AnyConverter":
            values[arg] = sorted(conv.items)[0]  # type: ignore[attr-defined]
        else:
            values[arg] = "x"
    built = rule.build(values, append_unknown=False)
    assert built is not None, rule.rule
    return built[1]


def staff_rules(app: Flask) -> list[Rule]:
    return [r for r in app.url_map.iter_rules() if required_role(app, r)]


def methods(rule: Rule) -> list[str]:
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


def send(client: FlaskClient, method: str, url: str) -> object:
    if method == "GET":
        return client.get(url)
    # a valid CSRF token: what is tried here is the role, not the form
    return client.open(url, method=method, data={"csrf_token": csrf_token(client)})


def test_every_workspace_route_names_its_role(app: Flask) -> None:
    workspace = [r for r in app.url_map.iter_rules() if r.rule.startswith("/workspace")]
    assert workspace, "no workspace routes"
    assert [r.rule for r in workspace if required_role(app, r) is None] == []
    assert all(required_role(app, r) in ROLES for r in staff_rules(app))


def test_every_staff_route_with_every_role_and_without_login(app: Flask) -> None:
    clients = {None: app.test_client()} | {role: login(app.test_client(), role) for role in ROLES}
    tried = 0
    for rule in staff_rules(app):
        needed = ROLES.index(required_role(app, rule))
        url = url_of(rule)
        for method in methods(rule):
            for role, client in clients.items():
                response = send(client, method, url)
                where = f"{method} {url} as {role or 'anonymous'}"
                if role is None:
                    assert response.status_code in (302, 401), where
                    if response.status_code == 302:
                        assert response.headers["Location"].startswith("/login?next="), where
                elif ROLES.index(role) < needed:
                    assert response.status_code == 403, where
                else:
                    assert response.status_code not in (401, 403), where
                    assert response.status_code < 500, where
                    location = response.headers.get("Location", "")
                    assert not location.startswith("/login"), where
                tried += 1
    assert tried >= 5 * 8


def test_public_routes_stay_public(app: Flask) -> None:
    anonymous = app.test_client()
    tried = 0
    for rule in app.url_map.iter_rules():
        if required_role(app, rule) or rule.endpoint in TOKEN_ROUTES | LOGIN_ROUTES:
            continue
        if "GET" not in (rule.methods or set()):
            continue
        response = anonymous.get(url_of(rule))
        where = f"GET {rule.rule}"
        assert response.status_code not in (401, 403), where
        assert not response.headers.get("Location", "").startswith("/login"), where
        tried += 1
    assert tried > 20


def test_token_routes_refuse_without_a_token(app: Flask) -> None:
    client = app.test_client()
    assert client.post("/sparql/update", data="x").status_code == 401
    assert client.post("/api/changes", data="x").status_code in (401, 404)


@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_csrf_missing_or_wrong_is_refused_on_every_staff_post(
    app: Flask, token: str | None
) -> None:
    client = login(app.test_client(), "admin")
    posts = [
        url_of(r)
        for r in app.url_map.iter_rules()
        if "POST" in (r.methods or set()) and (required_role(app, r) or r.endpoint in LOGIN_ROUTES)
    ]
    assert len(posts) >= 8
    for url in posts:
        data = {} if token is None else {"csrf_token": token}
        response = client.post(url, data=data)
        assert response.status_code == 400, url
        assert "CSRF" in response.get_data(as_text=True), url
    assert client.get("/workspace/").status_code == 200  # nothing logged out on the way


def test_session_fixation(make_app: Callable[..., Flask]) -> None:
    """A session planted before login (e.g. a cookie set by someone else) is not the one the
    login makes: the login starts a new session with a new secret and a new CSRF token."""
    app = make_app()
    add_staff(app, "editor")
    victim = app.test_client()
    planted_token = csrf_token(victim)  # also gives the browser a session cookie
    planted = victim.get_cookie("akteursgraph_session").value
    attacker = app.test_client()
    attacker.set_cookie("akteursgraph_session", planted)
    response = victim.post(
        "/login",
        data={"csrf_token": planted_token, "name": "editor", "password": STAFF_PASSWORD},
    )
    assert response.status_code == 302
    after = victim.get_cookie("akteursgraph_session").value
    assert after != planted
    assert victim.get("/workspace/").status_code == 200
    assert attacker.get("/workspace/").status_code == 302  # the planted session is no login
    # the CSRF token of the planted session is no good in the new one
    refused = victim.post("/logout", data={"csrf_token": planted_token})
    assert refused.status_code == 400
    assert victim.get("/workspace/").status_code == 200


def test_brute_force_per_account_is_limited(make_app: Callable[..., Flask]) -> None:
    app = make_app(LOGIN_LIMIT_ACCOUNT="3 per minute", LOGIN_LIMIT_ADDRESS="100 per minute")
    add_staff(app, "editor")
    client = app.test_client()
    token = csrf_token(client)

    def attempt(password: str, name: str = "editor") -> int:
        data = {"csrf_token": token, "name": name, "password": password}
        return client.post("/login", data=data).status_code

    assert [attempt(f"guess-{i}") for i in range(3)] == [401, 401, 401]
    refused = client.post(
        "/login",
        data={"csrf_token": token, "name": "editor", "password": STAFF_PASSWORD},
        headers={"Accept-Language": "de"},
    )
    assert refused.status_code == 429  # even the right password, until the minute is over
    text = refused.get_data(as_text=True)
    assert "Zu viele fehlgeschlagene Anmeldungen" in text
    assert refused.headers["Retry-After"]
    # another account from the same address is not held up by it
    add_staff(app, "viewer")
    assert attempt(STAFF_PASSWORD, "viewer") == 302


def test_brute_force_per_address_is_limited(make_app: Callable[..., Flask]) -> None:
    app = make_app(LOGIN_LIMIT_ACCOUNT="100 per minute", LOGIN_LIMIT_ADDRESS="4 per minute")
    client = app.test_client()
    token = csrf_token(client)
    statuses = [
        client.post(
            "/login", data={"csrf_token": token, "name": f"name{i}", "password": "guess"}
        ).status_code
        for i in range(5)
    ]
    assert statuses == [401, 401, 401, 401, 429]
    other = app.test_client()
    other_token = csrf_token(other)
    response = other.post(
        "/login",
        data={"csrf_token": other_token, "name": "x", "password": "guess"},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert response.status_code == 401  # another address has its own count


def test_a_disabled_accounts_session_and_tokens_stop_at_once(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(QUERY_WORKERS=1, REVIEW_REQUIRED=False)
    client = login(app.test_client(), "editor")
    token = api_token(app, "editor")
    headers = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"}
    update = (
        "INSERT DATA { GRAPH <https://w3id.org/akteursgraph/mitte/graph/internal/notes> { "
        '<https://w3id.org/akteursgraph/mitte/x> <http://www.w3.org/2000/01/rdf-schema#label> "x" '
        "} }"
    )
    assert client.get("/workspace/").status_code == 200
    assert client.post("/sparql/update", data=update, headers=headers).status_code == 200
    Accounts(app.config["STORE_PATH"]).set_disabled("editor")  # as `user disable` does
    assert client.get("/workspace/").status_code == 302
    assert client.post("/sparql/update", data=update, headers=headers).status_code == 401
    fresh = app.test_client()
    response = fresh.post(
        "/login",
        data={"csrf_token": csrf_token(fresh), "name": "editor", "password": STAFF_PASSWORD},
    )
    assert response.status_code == 401


def test_an_idle_session_ends(make_app: Callable[..., Flask]) -> None:
    app = make_app(IDLE_MINUTES=0.02)  # 1.2 seconds
    client = login(app.test_client(), "viewer")
    assert client.get("/workspace/").status_code == 200
    time.sleep(1.5)
    assert client.get("/workspace/").status_code == 302


def test_behind_a_trusted_proxy_https_cookies_are_secure(
    example_store_template: Path, tmp_path: Path
) -> None:
    """The proxy says https (X-Forwarded-Proto) and the client's address (X-Forwarded-For):
    the session cookie gets Secure, and the login limits count the client, not the proxy."""
    path = copy_store(example_store_template, tmp_path)
    Accounts(path).add("viewer", "viewer", STAFF_PASSWORD)
    with running_server(path, "--trusted-proxy", "127.0.0.1", "--workers", "1") as url:
        opener = urllib.request.build_opener(_NoRedirect())
        proxy = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.9"}
        with opener.open(urllib.request.Request(url + "/login", headers=proxy)) as first:
            page, set_cookie = first.read(), first.headers["Set-Cookie"]
        token = re.search(rb'name="csrf_token" value="([^"]+)"', page)[1].decode()
        # a Secure cookie, which the browser sends over https (to the proxy): sent by hand
        # here, since this request is plain http
        assert "Secure" in set_cookie
        body = urllib.parse.urlencode(
            {"csrf_token": token, "name": "viewer", "password": STAFF_PASSWORD}
        ).encode()
        request = urllib.request.Request(
            url + "/login",
            data=body,
            headers={
                **proxy,
                "Cookie": set_cookie.split(";", 1)[0],
                "Referer": url.replace("http:", "https:") + "/login",
            },
        )
        with pytest.raises(urllib.error.HTTPError) as redirected:  # a 302 not followed
            opener.open(request)
        with redirected.value as response:
            assert response.status == 302, response.read()
            cookie = response.headers["Set-Cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
        # without the proxy's word, plain http: no Secure flag
        with opener.open(urllib.request.Request(url + "/login")) as plain:
            assert "Secure" not in plain.headers["Set-Cookie"]
        # The public host the proxy names: the sitemap named the address the proxy reached
        # the server at (HTTP walk; nginx sends its upstream's as Host by default).
        public = {**proxy, "X-Forwarded-Host": "daten.beispielstadt.example"}
        with opener.open(urllib.request.Request(url + "/sitemap.xml", headers=public)) as sent:
            sitemap = sent.read().decode()
        assert "<loc>https://daten.beispielstadt.example/" in sitemap, sitemap[:500]
        assert "127.0.0.1" not in sitemap
        # The language's cookie too is Secure over https (it lacked the flag).
        with opener.open(urllib.request.Request(url + "/?lang=en", headers=proxy)) as switched:
            assert "lang=en" in switched.headers["Set-Cookie"]
            assert "Secure" in switched.headers["Set-Cookie"]
        with opener.open(urllib.request.Request(url + "/?lang=en")) as plain:
            assert "Secure" not in plain.headers["Set-Cookie"]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None
