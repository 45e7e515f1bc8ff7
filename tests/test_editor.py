"""The query editor page: gallery, permalinks, no-JavaScript forms, nothing from elsewhere."""

from __future__ import annotations

import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from akteursgraph.gallery import load_gallery

from .conftest import copy_store, running_server


@pytest.fixture(scope="module")
def server(example_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(copy_store(example_store_template, tmp_path_factory.mktemp("ed"))) as url:
        yield url


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.resources: list[str] = []
        self.forms: list[dict[str, str | None]] = []
        self.hidden_queries: list[str] = []
        self.textareas: list[str] = []
        self._in_textarea = False
        self.headings: list[str] = []
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "img") and a.get("src"):
            self.resources.append(a["src"] or "")
        if tag == "link" and a.get("href"):
            self.resources.append(a["href"] or "")
        if tag == "form":
            self.forms.append(a)
        if tag == "input" and a.get("type") == "hidden" and a.get("name") == "query":
            self.hidden_queries.append(a.get("value") or "")
        if tag == "textarea":
            self._in_textarea = True
            self.textareas.append("")
        if tag in ("h1", "h2", "h3"):
            self._in_heading = True
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._in_textarea = False
        if tag in ("h1", "h2", "h3"):
            self._in_heading = False

    def handle_data(self, data: str) -> None:
        if self._in_textarea:
            self.textareas[-1] += data
        if self._in_heading:
            self.headings[-1] += data


def fetch(url: str, lang: str = "de") -> _Page:
    req = urllib.request.Request(url, headers={"Accept-Language": lang})
    with urllib.request.urlopen(req, timeout=10) as resp:
        page = _Page()
        page.feed(resp.read().decode("utf-8"))
    return page


def test_gallery_is_on_the_page_with_a_form_per_query(server: str) -> None:
    page = fetch(server + "/sparql/editor")
    gallery = load_gallery()
    assert len(gallery) >= 25
    assert [q.strip() for q in page.hidden_queries] == [e["query"].strip() for e in gallery]
    assert sum(1 for f in page.forms if f.get("action") == "/sparql") >= len(gallery)
    for entry in gallery:
        assert entry["title"]["de"] in page.headings


def test_english_titles_by_switch(server: str) -> None:
    page = fetch(server + "/sparql/editor?lang=en")
    assert load_gallery()[0]["title"]["en"] in page.headings


def test_everything_loads_from_our_own_host(server: str) -> None:
    page = fetch(server + "/sparql/editor")
    assert page.resources
    for src in page.resources:
        assert src.startswith("/"), src
        with urllib.request.urlopen(server + src, timeout=10) as resp:
            assert resp.status == 200 and int(resp.headers["Content-Length"]) > 100


def test_permalink_fills_the_free_query_form(server: str) -> None:
    query = 'SELECT ?n WHERE { ?x schema:name ?n FILTER(CONTAINS(?n, "Platz")) }'
    page = fetch(server + "/sparql/editor?" + urllib.parse.urlencode({"query": query}))
    assert any(query in t for t in page.textareas)


def test_a_gallery_form_submission_answers(server: str) -> None:
    entry = load_gallery()[0]
    qs = urllib.parse.urlencode({"query": entry["query"], "format": "csv"})
    with urllib.request.urlopen(f"{server}/sparql?{qs}", timeout=10) as resp:
        body = resp.read().decode()
    assert resp.status == 200 and len(body.splitlines()) > 1
