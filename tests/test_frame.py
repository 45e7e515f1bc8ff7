"""The frame's shared parts, rendered once and kept (webapp/frame.py; issue 16, item 8).

The stylesheets, the main navigation and the footer are drawn once per language and key,
then reused: each page must still mark its own list in the navigation, speak its reader's
language and name the office as the settings name it now.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from akteursgraph.publish.settings import set_publication

OFFICE = "/organisation/koordinationsstelle-entwicklungspolitik"


def _current(client: FlaskClient, path: str, lang: str = "de") -> list[str]:
    """The texts of the links the page marks as the current one."""
    body = client.get(path, headers={"Accept-Language": lang}).get_data(as_text=True)
    return re.findall(r'aria-current="page">([^<]+)</a>', body)


def test_each_page_marks_its_own_list(make_app: Callable[..., Flask]) -> None:
    client = make_app().test_client(use_cookies=False)
    assert _current(client, "/organisations") == ["Organisationen"]
    assert _current(client, "/people") == ["Personen"]
    assert _current(client, "/organisations?sort=date") == ["Organisationen"]
    assert _current(client, "/speakers") == ["Referent*innen"]
    assert _current(client, OFFICE) == []
    assert _current(client, "/people", "en") == ["People"]
    assert _current(client, "/organisations") == ["Organisationen"]


def test_the_frame_speaks_each_readers_language(make_app: Callable[..., Flask]) -> None:
    client = make_app().test_client(use_cookies=False)
    for _ in range(2):  # first drawn, then kept
        de = client.get(OFFICE, headers={"Accept-Language": "de"}).get_data(as_text=True)
        en = client.get(OFFICE, headers={"Accept-Language": "en"}).get_data(as_text=True)
        assert ">Impressum</a>" in de and ">Organisationen</a>" in de
        assert ">Legal notice (Impressum)</a>" in en and ">Organisations</a>" in en
        assert "Legal notice" not in de and ">Organisationen</a>" not in en


def test_the_footer_follows_the_office_settings(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    client = app.test_client(use_cookies=False)
    store = app.extensions["akteursgraph.store"].path
    set_publication(store, {"contact": {"name": "Stabsstelle Eine Welt"}})
    before = client.get("/impressum").get_data(as_text=True)
    footer = before[before.index('<footer class="site-footer">') :]
    assert "Stabsstelle Eine Welt" in footer
    set_publication(store, {"contact": {"name": "Büro für Globales Lernen"}})
    after = client.get("/impressum").get_data(as_text=True)
    footer = after[after.index('<footer class="site-footer">') :]
    assert "Büro für Globales Lernen" in footer and "Stabsstelle Eine Welt" not in footer
