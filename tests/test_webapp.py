"""The web app through a real HTTP server (waitress via `akteursgraph serve`)."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import copy_store, running_server


@pytest.fixture(scope="module")
def server(example_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = copy_store(example_store_template, tmp_path_factory.mktemp("served"))
    with running_server(path) as url:
        yield url


class _Counts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, int] = {}
        self.lang: str | None = None
        self._kind: str | None = None
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "dd":
            self._kind = a.get("data-kind")
        if tag in ("link", "script", "img") and (a.get("href") or a.get("src")):
            self.links.append(a.get("href") or a.get("src") or "")

    def handle_data(self, data: str) -> None:
        if self._kind and data.strip():
            self.counts[self._kind] = int(data.strip())
            self._kind = None


def _get(url: str, lang: str | None = None) -> tuple[int, str, dict[str, str]]:
    req = urllib.request.Request(url, headers={"Accept-Language": lang} if lang else {})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.status, resp.read().decode("utf-8"), dict(resp.headers)


def test_home_page_counts_public_data_only(server: str) -> None:
    status, html, headers = _get(server + "/")
    assert status == 200 and headers["Server"] == "akteursgraph"
    page = _Counts()
    page.feed(html)
    assert page.lang == "de"
    assert page.counts["organisations"] >= 48
    assert page.counts["sites"] >= 8
    # 53 consenting fictional people and the historical persons; never the 27 without consent
    assert 53 <= page.counts["people"] < 53 + 27
    assert all(link.startswith("/") for link in page.links), page.links


def test_home_page_speaks_english_on_request(server: str) -> None:
    _, html, _ = _get(server + "/", lang="en-GB,en;q=0.8")
    page = _Counts()
    page.feed(html)
    assert page.lang == "en" and "Actors of municipal development policy" in html
    _, html, _ = _get(server + "/?lang=de", lang="en")
    assert "Akteure der kommunalen Entwicklungspolitik" in html
