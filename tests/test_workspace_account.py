"""The account page (password, API tokens, second factor) and the admins' account list."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pyoxigraph as ox
from flask import Flask
from flask.testing import FlaskClient

from akteursgraph.accounts import Accounts
from akteursgraph.accounts.totp import code_at
from akteursgraph.changes import (
    ORIGIN_FORM,
    ChangeMeta,
    Draft,
    review_required,
    review_switched,
    submit,
)
from akteursgraph.namespaces import SKOS
from akteursgraph.store import Change

from .conftest import STAFF_PASSWORD, add_staff, csrf_token, login

NEW_PASSWORD = "a new and longer password"

OFFICE = "https://w3id.org/akteursgraph/mitte/organisation/koordinationsstelle-entwicklungspolitik"


def _post(client: FlaskClient, path: str, **data: str) -> object:
    return client.post(path, data={"csrf_token": csrf_token(client, "/workspace/"), **data})


def _login(client: FlaskClient, name: str, password: str = STAFF_PASSWORD) -> object:
    return client.post(
        "/login", data={"csrf_token": csrf_token(client), "name": name, "password": password}
    )


def test_a_password_change_ends_the_other_sessions(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    here = login(app.test_client(), "editor")
    elsewhere = login(app.test_client(), "editor")
    wrong = _post(here, "/workspace/account/password", current="nope", new="short", repeat="x")
    page = wrong.get_data(as_text=True)
    assert wrong.status_code == 400
    assert 'aria-describedby="pw-current-error"' in page
    assert 'aria-describedby="pw-new-hint pw-new-error"' in page
    changed = _post(
        here, "/workspace/account/password",
        current=STAFF_PASSWORD, new=NEW_PASSWORD, repeat=NEW_PASSWORD,
    )  # fmt: skip
    assert changed.status_code == 302
    assert here.get("/workspace/account").status_code == 200  # this one started anew
    assert elsewhere.get("/workspace/account").status_code == 302  # the other one ended
    assert _login(app.test_client(), "editor").status_code == 401
    assert _login(app.test_client(), "editor", NEW_PASSWORD).status_code == 302


def test_a_token_is_shown_once_and_revoked_from_the_page(make_app: Callable[..., Flask]) -> None:
    app = make_app(REVIEW_REQUIRED=False, QUERY_WORKERS=1)
    client = login(app.test_client(), "editor")
    made = _post(client, "/workspace/account/tokens", label="nightly import")
    assert made.status_code == 201 and made.headers["Cache-Control"] == "no-store"
    token = re.search(r'<code id="new-token">([^<]+)</code>', made.get_data(as_text=True))[1]
    page = client.get("/workspace/account").get_data(as_text=True)
    assert token not in page and "nightly import" in page
    headers = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"}
    update = (
        "INSERT DATA { GRAPH <https://w3id.org/akteursgraph/mitte/graph/internal/notes> { "
        '<https://w3id.org/akteursgraph/mitte/x> <http://www.w3.org/2000/01/rdf-schema#label> "x" '
        "} }"
    )
    assert client.post("/sparql/update", data=update, headers=headers).status_code == 200
    (info,) = Accounts(app.config["STORE_PATH"]).tokens("editor")
    # another account cannot revoke it
    other = login(app.test_client(), "admin")
    assert _post(other, f"/workspace/account/tokens/{info.id}/revoke").status_code == 400
    assert _post(client, f"/workspace/account/tokens/{info.id}/revoke").status_code == 302
    assert client.post("/sparql/update", data=update, headers=headers).status_code == 401


def test_totp_set_up_and_login_with_a_code(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    client = login(app.test_client(), "reviewer")
    _post(client, "/workspace/account/totp")
    page = client.get("/workspace/account").get_data(as_text=True)
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', page)[1]
    assert "otpauth://totp/Akteursgraph:reviewer?secret=" + secret in page
    # A link to it for an app on this device, seen where it takes the focus: it stood in a
    # visually hidden paragraph, focused with nothing to show where (WCAG 2.4.7, walk).
    link = re.search(
        r'<p class="([^"]*)"><a class="kern-link" href="otpauth://[^"]*">([^<]+)</a>', page
    )
    assert link and "visually-hidden" not in link[1], page[-3000:]
    assert link[2] == "Den Schlüssel in einer Authenticator-App auf diesem Gerät öffnen"
    assert "<svg" in page  # the QR code, drawn on the server
    bad = _post(client, "/workspace/account/totp/confirm", code="000000")
    assert bad.status_code == 400 and 'id="totp-code-error"' in bad.get_data(as_text=True)
    # The code's field takes the focus as the page loads, and says it wants digits (without
    # the script the focus stood at the page's start, 20 Tabs away; keyboard walk).
    field = re.search(r'<input[^>]*id="totp-code"[^>]*>', bad.get_data(as_text=True))
    assert field and "autofocus" in field[0] and 'inputmode="numeric"' in field[0], field
    assert "<title>Fehler: " in bad.get_data(as_text=True)
    # the code of the previous step (the app's clock may lag), so that the login below can
    # use the current one
    earlier = code_at(secret, time.time() - 30)
    assert _post(client, "/workspace/account/totp/confirm", code=earlier).status_code == 302
    assert Accounts(app.config["STORE_PATH"]).get("reviewer").totp_enrolled
    # a login now takes the password, then the code
    browser = app.test_client()
    step = _login(browser, "reviewer")
    assert step.status_code == 302 and step.headers["Location"] == "/login/code"
    assert browser.get("/workspace/").status_code == 302  # not logged in yet
    token = csrf_token(browser, "/login/code")
    wrong = browser.post("/login/code", data={"csrf_token": token, "code": "123456"})
    assert wrong.status_code == 401
    assert 'aria-describedby="login-code-hint login-code-error"' in wrong.get_data(as_text=True)
    used = browser.post("/login/code", data={"csrf_token": token, "code": earlier})
    assert used.status_code == 401  # a code counts once
    now = code_at(secret, time.time())
    done = browser.post("/login/code", data={"csrf_token": token, "code": now})
    assert done.status_code == 302 and done.headers["Location"] == "/workspace/"
    assert browser.get("/workspace/").status_code == 200


def test_a_required_second_factor_must_be_set_up_first(make_app: Callable[..., Flask]) -> None:
    app = make_app(REQUIRE_TOTP_ROLES=("admin",))
    client = login(app.test_client(), "admin")
    response = client.get("/workspace/accounts")
    assert response.status_code == 302
    assert response.headers["Location"] == "/workspace/account#totp"
    assert "must log in with a second factor" in client.get(
        "/workspace/account", headers={"Accept-Language": "en"}
    ).get_data(as_text=True)
    # the per-account flag does the same for any role
    Accounts(app.config["STORE_PATH"]).require_totp(add_staff(app, "editor"), True)
    editor = login(app.test_client(), "editor")
    assert editor.get("/workspace/").status_code == 200  # the start page may be seen
    _post(editor, "/workspace/account/totp")
    page = editor.get("/workspace/account").get_data(as_text=True)
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', page)[1]
    _post(editor, "/workspace/account/totp/confirm", code=code_at(secret, time.time()))
    page = editor.get("/workspace/account", headers={"Accept-Language": "en"})
    assert "must log in with a second factor" not in page.get_data(as_text=True)
    assert "Set up: every login asks for a code" in page.get_data(as_text=True)


def test_admins_manage_accounts_in_the_browser(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    admin = login(app.test_client(), "admin")
    made = _post(admin, "/workspace/accounts", name="nadia", role="editor", password=NEW_PASSWORD)
    assert made.status_code == 302
    taken = _post(admin, "/workspace/accounts", name="nadia", role="editor", password=NEW_PASSWORD)
    assert taken.status_code == 400 and 'id="add-error"' in taken.get_data(as_text=True)
    nadia = app.test_client()
    assert _login(nadia, "nadia", NEW_PASSWORD).status_code == 302
    _post(admin, "/workspace/accounts/nadia", action="role", role="reviewer")
    assert Accounts(app.config["STORE_PATH"]).get("nadia").role == "reviewer"
    _post(admin, "/workspace/accounts/nadia", action="disable")
    assert nadia.get("/workspace/").status_code == 302  # her session ended at once
    assert _post(admin, "/workspace/accounts/admin", action="disable").status_code == 400
    assert _post(admin, "/workspace/accounts/nadia", action="explode").status_code == 400


def test_an_admin_switches_review_before_publication_and_the_page_says_who(
    make_app: Callable[..., Flask],
) -> None:
    """An office of one person has no second one to publish its drafts: the four-eyes rule
    could be switched only on the operator's command line (`review-required`). An admin
    switches it on the accounts page; the page says its state and who switched it when; an
    editor's change then applies at once; no other role may switch it."""
    app = make_app()
    store_path = app.config["STORE_PATH"]
    admin = login(app.test_client(), "admin")
    de = {"Accept-Language": "de"}
    page = admin.get("/workspace/accounts", headers=de).get_data(as_text=True)
    assert "<strong>An:</strong>" in page and "Prüfung ausschalten" in page
    for role in ("editor", "reviewer", "viewer"):
        assert _post(login(app.test_client(), role), "/workspace/accounts/review",
                     review="off").status_code == 403, role  # fmt: skip
    assert review_required(store_path)
    switched = _post(admin, "/workspace/accounts/review", review="off")
    assert switched.status_code == 303 and not review_required(store_path)
    page = admin.get("/workspace/accounts", headers=de).get_data(as_text=True)
    assert "<strong>Aus:</strong>" in page and "Prüfung einschalten" in page
    assert "Ausgeschaltet von admin am " in page
    assert review_switched(store_path)["by"] == "admin"  # type: ignore[index]
    writer = app.extensions["akteursgraph.writer"]
    node = ox.NamedNode(OFFICE)
    graph = next(writer.store.quads(node, None)).graph_name
    note = ox.Quad(node, ox.NamedNode(SKOS + "altLabel"), ox.Literal("KEP", language="de"), graph)
    done = submit(writer, Change(add=[note]), ChangeMeta(author="editor", origin=ORIGIN_FORM))
    assert not isinstance(done, Draft)  # applied at once
    assert _post(admin, "/workspace/accounts/review", review="vielleicht").status_code == 400
    _post(admin, "/workspace/accounts/review", review="on")
    assert review_required(store_path) and review_switched(store_path)["on"] is True  # type: ignore[index]
    # Switched off while a draft waits, the page says so, as `review-required off` does (it
    # said only "off"; re-check).
    waiting = submit(writer, Change(remove=[note]), ChangeMeta(author="editor", origin=ORIGIN_FORM))
    assert isinstance(waiting, Draft)
    switched = _post(admin, "/workspace/accounts/review", review="off")
    page = admin.get(switched.headers["Location"], headers=de).get_data(as_text=True)
    assert "1 Entwurf wartet weiter auf Prüfung; wird er erneut gespeichert" in page


def test_roles_are_named_in_the_pages_language(make_app: Callable[..., Flask]) -> None:
    """QA: the German workspace said "Rolle: editor", and a refusal "die Rolle reviewer (es
    hat editor)"; the accounts page listed viewer/editor/reviewer/admin."""
    app = make_app()
    editor = login(app.test_client(), "editor")
    start = editor.get("/workspace/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "(Rolle: Bearbeiten)" in start
    refused = editor.get("/workspace/accounts", headers={"Accept-Language": "de"})
    assert refused.status_code == 403
    assert "die Rolle „Verwalten“ (es hat „Bearbeiten“)" in refused.get_data(as_text=True)
    admin = login(app.test_client(), "admin")
    de = {"Accept-Language": "de"}
    page = admin.get("/workspace/accounts", headers=de).get_data(as_text=True)
    assert '<option value="reviewer">Prüfen</option>' in page
    english = admin.get("/workspace/accounts?lang=en").get_data(as_text=True)
    assert '<option value="admin">administrator</option>' in english


def test_a_token_s_times_are_said_in_words(make_app: Callable[..., Flask]) -> None:
    """QA: the token list read "Angelegt 2026-12-01T21:07:24.120Z", as the store keeps it."""
    app = make_app()
    client = login(app.test_client(), "editor")
    made = _post(client, "/workspace/account/tokens", label="nightly import")
    token = re.search(r'<code id="new-token">([^<]+)</code>', made.get_data(as_text=True))[1]
    assert Accounts(app.config["STORE_PATH"]).token_account(token) is not None  # now used
    german = client.get("/workspace/account").get_data(as_text=True)
    english = client.get("/workspace/account?lang=en").get_data(as_text=True)
    days = {"de": r"\d{1,2}\. [A-ZÄÖÜ][a-zä]+ 20\d\d", "en": r"\d{1,2} [A-Z][a-z]+ 20\d\d"}
    for page, day in ((german, days["de"]), (english, days["en"])):
        row = re.search(r"<tr[^>]*>\s*<td[^>]*><code>agt_.*?</tr>", page, re.S)
        assert row, page
        shown = re.sub(r'datetime="[^"]*"', "", row.group(0))  # the attribute stays ISO
        assert len(re.findall(rf">{day}, \d\d:\d\d UTC</time>", shown)) == 2, shown  # made, used
        assert not re.search(r"\d{4}-\d\d-\d\dT", shown), shown
