"""Which interface language a visitor gets (webapp/i18n.py): a `lang` switch, then the
cookie it sets, then the browser's languages by quality, German when none of them is ours."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from akteursgraph_web.i18n import browser_language


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        # Issue: an exact "de" of lower quality beat "en-US" (Werkzeug's best_match).
        ("en-US,de;q=0.5", "en"),
        ("en-GB,en;q=0.9,de;q=0.8", "en"),
        ("de-DE,de;q=0.9,en;q=0.8", "de"),
        ("fr-FR,fr;q=0.9,en;q=0.5,de;q=0.4", "en"),
        ("fr-FR,fr;q=0.9", "de"),
        ("de;q=0.5,en;q=0.9", "en"),
        ("en;q=0,de;q=0.1", "de"),
        ("", "de"),
    ],
)
def test_the_browsers_first_language_that_we_speak(
    client: FlaskClient, header: str, lang: str
) -> None:
    client.delete_cookie("lang")
    response = client.get("/", headers={"Accept-Language": header} if header else {})
    assert response.headers["Content-Language"] == lang
    assert f'<html lang="{lang}"' in response.get_data(as_text=True)


def test_a_switch_and_its_cookie_come_before_the_browser(client: FlaskClient) -> None:
    client.delete_cookie("lang")
    assert client.get("/?lang=de", headers={"Accept-Language": "en"}).headers[
        "Content-Language"] == "de"  # fmt: skip
    assert client.get("/", headers={"Accept-Language": "en"}).headers["Content-Language"] == "de"
    client.delete_cookie("lang")


def test_browser_language_reads_qualities_not_order() -> None:
    assert browser_language([("de", 0.5), ("en-US", 1.0)]) == "en"
    assert browser_language([]) == "de"


@pytest.mark.parametrize(
    ("lang", "said", "not_said"),
    [
        ("de", "Diese Adresse nimmt keine POST-Anfragen an (erlaubt: GET, HEAD, OPTIONS).",
         "Method Not Allowed"),
        ("en", "This address does not take POST requests (allowed: GET, HEAD, OPTIONS).",
         "Diese Adresse"),
    ],
)  # fmt: skip
def test_a_method_not_allowed_is_told_in_the_interface_language(
    client: FlaskClient, lang: str, said: str, not_said: str
) -> None:
    """Issue: a POST to a page gave Werkzeug's English "Method Not Allowed" page, with
    <html lang="en"> on the German site."""
    response = client.post(f"/organisations?lang={lang}")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"
    body = response.get_data(as_text=True)
    assert said in body and not_said not in body
    assert f'<html lang="{lang}"' in body
    twin = client.post(f"/organisations.json?lang={lang}")
    assert twin.status_code == 405 and twin.get_json()["error"]["status"] == 405
