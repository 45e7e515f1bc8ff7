"""Logins to the staff workspace: sessions, roles, CSRF (issue 14, item 1)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from akteursgraph.accounts import ACCOUNTS_FILE, Accounts

from .conftest import STAFF_PASSWORD, add_staff, csrf_token, login


def test_the_workspace_asks_for_a_login_and_comes_back(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    client = app.test_client()
    response = client.get("/workspace/account")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/workspace/account"
    form = client.get(response.headers["Location"])
    assert form.mimetype == "text/html"
    page = form.get_data(as_text=True)
    assert 'name="next" value="/workspace/account"' in page
    assert 'for="login-name"' in page and 'for="login-password"' in page
    add_staff(app, "viewer")
    answer = client.post(
        "/login",
        data={
            "csrf_token": csrf_token(client),
            "name": "viewer",
            "password": STAFF_PASSWORD,
            "next": "/workspace/account",
        },
    )
    assert answer.status_code == 302 and answer.headers["Location"] == "/workspace/account"
    assert "viewer" in client.get("/workspace/account").get_data(as_text=True)


def test_a_wrong_password_is_said_next_to_the_form(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    add_staff(app, "editor")
    client = app.test_client()
    response = client.post(
        "/login",
        data={"csrf_token": csrf_token(client), "name": "editor", "password": "wrong-password"},
        headers={"Accept-Language": "de"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 401
    assert response.mimetype == "text/html"
    assert 'aria-describedby="login-error"' in page and 'id="login-error"' in page
    assert client.get("/workspace/").status_code == 302  # still not logged in


def test_next_never_leads_to_another_host(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    add_staff(app, "viewer")
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"):
        client = app.test_client()
        response = client.post(
            "/login",
            data={
                "csrf_token": csrf_token(client),
                "name": "viewer",
                "password": STAFF_PASSWORD,
                "next": target,
            },
        )
        assert response.headers["Location"] == "/workspace/", target


def test_logout_ends_the_session_also_for_a_copied_cookie(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    client = login(app.test_client(), "editor")
    cookie = client.get_cookie("akteursgraph_session").value
    thief = app.test_client()
    thief.set_cookie("akteursgraph_session", cookie)
    assert thief.get("/workspace/").status_code == 200
    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/workspace/")})
    assert response.status_code == 302
    assert client.get("/workspace/").status_code == 302
    assert thief.get("/workspace/").status_code == 302


def test_session_cookie_flags(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    add_staff(app, "viewer")
    for base, secure in (("http://localhost", False), ("https://localhost", True)):
        client = app.test_client()
        token = csrf_token(client)
        response = client.post(
            "/login",
            base_url=base,
            # over HTTPS, Flask-WTF also wants a Referer of this host (as a browser sends)
            headers={"Referer": f"{base}/login"},
            data={"csrf_token": token, "name": "viewer", "password": STAFF_PASSWORD},
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert ("Secure" in cookie) is secure, cookie


def test_public_pages_set_no_session_cookie(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "akteursgraph_session" not in response.headers.get("Set-Cookie", "")
    # Shared caches may keep it (not private), keyed on the language's cookie too: without
    # `Vary: Cookie` the German page was given to a visitor whose cookie chose English.
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Vary"] == "Accept, Accept-Language, Cookie"


def test_staff_pages_and_errors_are_not_kept_by_any_cache(make_app: Callable[..., Flask]) -> None:
    """The workspace's pages (people's data, drafts, accounts), the login with its CSRF
    token and the session it starts, and error answers said nothing on caching; only the
    account page had `no-store` (HTTP walk). A proxy or a browser's Back after logout could
    show them again; a 404 kept for an entry published a minute later."""
    app = make_app()
    add_staff(app, "viewer")
    anonymous = app.test_client()
    assert anonymous.get("/login").headers["Cache-Control"] == "no-store"
    staff = login(app.test_client(), "viewer")
    for path in ("/workspace/", "/workspace/history", "/workspace/account"):
        answer = staff.get(path)
        assert answer.status_code == 200, path
        assert answer.headers["Cache-Control"] == "no-store", path
    for path in ("/organisation/no-such-entry", "/organisations?page=999"):
        answer = anonymous.get(path)
        assert answer.status_code in (400, 404), path
        assert answer.headers["Cache-Control"] == "no-store", path
    # Not language: a style sheet and a SPARQL result said `Content-Language: de`.
    css = anonymous.get("/static/site.css")
    css.close()  # a file's answer: its file closed
    assert "Content-Language" not in css.headers
    assert "Accept-Language" not in css.headers.get("Vary", "")
    result = anonymous.get("/sparql", query_string={"query": "ASK {}"})
    assert "Content-Language" not in result.headers


def test_a_post_without_csrf_token_is_refused(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    add_staff(app, "viewer")
    client = app.test_client()
    response = client.post("/login", data={"name": "viewer", "password": STAFF_PASSWORD})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert client.get("/workspace/").status_code == 302


def test_the_secret_key_is_kept_in_the_store(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    path = Path(app.config["STORE_PATH"])
    assert (path / "secret.key").read_text().strip() == app.config["SECRET_KEY"]
    assert Accounts(path).all() == []


def test_staying_logged_in_counts_the_whole_idle_time_from_now(
    make_app: Callable[..., Flask],
) -> None:
    """The workspace's warning before a login ends keeps it with /workspace/session (a POST
    with the page's token): the idle time then runs from that moment, although the server
    writes a request's time at most every 30 s (WCAG 2.2.1, accessibility audit)."""
    import sqlite3
    import time

    app = make_app()
    assert app.test_client().post("/workspace/session").status_code in (400, 401)
    client = login(app.test_client(), "viewer")
    token = csrf_token(client, "/workspace/")
    assert client.post("/workspace/session").status_code == 400  # no token: refused
    db = Path(app.config["STORE_PATH"]) / ACCOUNTS_FILE
    with sqlite3.connect(db) as conn:  # the last request long ago, as after a slow form
        conn.execute("UPDATE sessions SET seen = ?", (time.time() - 25 * 60,))
    kept = client.post("/workspace/session", headers={"X-CSRFToken": token})
    assert kept.status_code == 200 and kept.get_json() == {"seconds": 30 * 60.0}
    with sqlite3.connect(db) as conn:
        [(seen,)] = conn.execute("SELECT seen FROM sessions").fetchall()
    assert time.time() - seen < 5
