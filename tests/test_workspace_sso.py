"""Login through single sign-on (OpenID Connect) against a real provider on loopback."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from akteursgraph.accounts import Accounts

from .conftest import STAFF_PASSWORD, add_staff
from .oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider, running_provider


@pytest.fixture
def provider() -> Iterator[Provider]:
    with running_provider() as running:
        yield running


@pytest.fixture
def sso_app(make_app: Callable[..., Flask], provider: Provider) -> Flask:
    return make_app(
        OIDC_ISSUER=provider.issuer,
        OIDC_CLIENT_ID=CLIENT_ID,
        OIDC_CLIENT_SECRET=CLIENT_SECRET,
        OIDC_ROLE_CLAIM="akteursgraph_roles",
    )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def sso_login(client: FlaskClient) -> object:
    """Go the way a browser goes: our /login/sso, the provider's authorize page (real HTTP),
    back to our callback with the code."""
    start = client.get("/login/sso")
    assert start.status_code == 302, start.get_data(as_text=True)
    opener = urllib.request.build_opener(_NoRedirect())
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(start.headers["Location"])
    with answer.value as redirect:
        assert redirect.status == 302
        back = redirect.headers["Location"]
    assert back.startswith("http://localhost/login/sso/callback?")
    return client.get(back.removeprefix("http://localhost"))


def test_login_is_offered_only_when_configured(
    make_app: Callable[..., Flask], sso_app: Flask
) -> None:
    assert "/login/sso" not in make_app().test_client().get("/login").get_data(as_text=True)
    assert make_app().test_client().get("/login/sso").status_code == 404
    assert "/login/sso" in sso_app.test_client().get("/login").get_data(as_text=True)


def test_a_first_login_makes_the_account_with_the_role_of_the_claim(
    sso_app: Flask, provider: Provider
) -> None:
    provider.person = {
        "sub": "u-4711",
        "preferred_username": "a.okafor",
        "akteursgraph_roles": ["staff", "editor", "viewer"],
    }
    client = sso_app.test_client()
    done = sso_login(client)
    assert done.status_code == 302 and done.headers["Location"] == "/workspace/"
    page = client.get("/workspace/").get_data(as_text=True)
    assert "a.okafor" in page and "(Rolle: Bearbeiten)" in page  # the role "editor", in words
    account = Accounts(sso_app.config["STORE_PATH"]).get("a.okafor")
    assert account.role == "editor"
    # no local password: the account logs in only by single sign-on
    assert Accounts(sso_app.config["STORE_PATH"]).check_password("a.okafor", "") is None
    # the provider's word on the role counts at each login
    provider.person["akteursgraph_roles"] = ["reviewer"]
    assert sso_login(sso_app.test_client()).status_code == 302
    assert Accounts(sso_app.config["STORE_PATH"]).get("a.okafor").role == "reviewer"


def test_no_role_no_login(sso_app: Flask, provider: Provider) -> None:
    provider.person = {"sub": "u-1", "preferred_username": "visitor"}
    client = sso_app.test_client()
    refused = sso_login(client)
    assert refused.status_code == 403
    assert "no role" in refused.get_data(as_text=True) or "keine Rolle" in refused.get_data(
        as_text=True
    )
    assert client.get("/workspace/").status_code == 302


def test_a_local_name_is_not_taken_over(sso_app: Flask, provider: Provider) -> None:
    add_staff(sso_app, "admin")
    provider.person = {"sub": "u-2", "preferred_username": "admin", "akteursgraph_roles": "admin"}
    client = sso_app.test_client()
    assert sso_login(client).status_code == 403
    assert client.get("/workspace/").status_code == 302
    assert Accounts(sso_app.config["STORE_PATH"]).check_password("admin", STAFF_PASSWORD)


def test_a_forged_id_token_is_refused(sso_app: Flask, provider: Provider) -> None:
    provider.person = {"sub": "u-3", "preferred_username": "eve", "akteursgraph_roles": "admin"}
    provider.forged = True
    client = sso_app.test_client()
    response = sso_login(client)
    assert response.status_code == 400
    assert client.get("/workspace/").status_code == 302
    assert Accounts(sso_app.config["STORE_PATH"]).find("eve") is None


def test_a_disabled_sso_account_stays_out(sso_app: Flask, provider: Provider) -> None:
    provider.person = {"sub": "u-5", "preferred_username": "bo", "akteursgraph_roles": "viewer"}
    client = sso_app.test_client()
    assert sso_login(client).status_code == 302
    Accounts(sso_app.config["STORE_PATH"]).set_disabled("bo")
    assert client.get("/workspace/").status_code == 302
    assert sso_login(sso_app.test_client()).status_code == 403


def test_a_callback_without_the_browsers_state_is_refused(
    sso_app: Flask, provider: Provider
) -> None:
    response = sso_app.test_client().get("/login/sso/callback?code=x&state=y")
    assert response.status_code == 400
