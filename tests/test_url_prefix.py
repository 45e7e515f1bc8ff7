"""The site served under a path (issue 16, item 10: another office's base IRI).

An office whose base IRI has a path (`https://daten.beispielstadt.de/akteure/`, the example
of docs/new-office.md) serves the site under that path: `serve --url-prefix /akteure` behind
a reverse proxy that passes the path on. Every link of every page must stay under it: the
IRI `{base}organisation/x` dereferences at `/akteure/organisation/x`, and a link to
`/organisation/x` leaves the site (exploratory walk: the entity links, the JSON twins, the
list filters' reset and the pager were built from the host's root)."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from akteursgraph.bench.server import serving

from .conftest import copy_store, run_cli, until
from .test_one_writer import LABEL, TURTLE

PREFIX = "/akteure"
ORG_PATH = "/organisation/koordinationsstelle-entwicklungspolitik"
BASE_URL = "http://localhost" + PREFIX + "/"
START = [
    "/",
    "/organisations",
    "/organisations?sort=label&page=2",
    "/organisation/koordinationsstelle-entwicklungspolitik",
    "/site/manga-bell-platz",
    "/speakers",
    "/search?q=Platz",
    "/topics",
    "/network",
    "/sparql/editor",
    "/catalog",
    "/no-such-page",
    "/login",
]
_LINK = re.compile(r'(?:href|src|action|data-[a-z-]+-url|data-[a-z]+)="(/[^"]*)"')


def test_every_link_of_a_site_served_under_a_path_stays_under_it(client: FlaskClient) -> None:
    seen: set[str] = set()
    pending = list(START)
    outside: dict[str, set[str]] = {}
    while pending and len(seen) < 60:
        path = pending.pop(0)
        if path in seen:
            continue
        seen.add(path)
        for lang in ("de", "en"):
            page = client.get(path, base_url=BASE_URL, headers={"Accept-Language": lang})
            assert page.status_code in (200, 302, 404), (path, page.status_code)
            if page.status_code == 302:  # the workspace: to the login, under the path
                links = {page.headers["Location"].removeprefix("http://localhost")}
                outside.update({path: links} if not links.pop().startswith(PREFIX) else {})
                continue
            body = page.get_data(as_text=True)
            links = {urllib.parse.unquote(m) for m in _LINK.findall(body)}
            links |= {v.split(";")[0].strip("<>") for v in page.headers.getlist("Link")}
            for link in links:
                if not link.startswith(PREFIX + "/") and link != PREFIX:
                    outside.setdefault(path, set()).add(link)
                elif link.count("/") <= 3 and not any(c in link for c in "?.#"):
                    pending.append(link.removeprefix(PREFIX) or "/")
    assert not outside, outside
    # The IRI dereferences under the path, its RDF too.
    iri = "https://w3id.org/akteursgraph/mitte/organisation/koordinationsstelle-entwicklungspolitik"
    turtle = client.get(
        "/organisation/koordinationsstelle-entwicklungspolitik",
        base_url=BASE_URL,
        headers={"Accept": "text/turtle"},
    )
    assert turtle.status_code == 200 and iri in turtle.get_data(as_text=True)


def test_the_crawlers_files_of_a_site_under_a_path_name_its_pages(client: FlaskClient) -> None:
    """The sitemap lists every page once under the path, each answering; robots.txt keeps
    crawlers off the path's endpoints. The lists had carried the path twice (404), and
    robots.txt forbade /sparql where the endpoint was /akteure/sparql (new-office walk)."""
    index = client.get("/sitemap.xml", base_url=BASE_URL).get_data(as_text=True)
    files = re.findall(r"<loc>([^<]+)</loc>", index)
    assert files and all(f.startswith(BASE_URL + "sitemap-") for f in files)

    def get(url: str) -> Any:
        return client.get(url.removeprefix(BASE_URL.rstrip("/")), base_url=BASE_URL)

    urls = [u for f in files for u in re.findall(r"<loc>([^<]+)</loc>", get(f).get_data(True))]
    assert BASE_URL + "organisations" in urls and BASE_URL + "speakers" in urls
    assert BASE_URL.rstrip("/") + ORG_PATH in urls
    assert all(u.startswith(BASE_URL) and PREFIX + PREFIX not in u for u in urls)
    for url in [u for u in urls if "/organisation/" not in u][:20]:
        assert get(url).status_code == 200, url
    robots = client.get("/robots.txt", base_url=BASE_URL).get_data(as_text=True)
    assert "Disallow: /akteure/sparql\n" in robots and "Disallow: /sparql\n" not in robots
    assert f"Sitemap: {BASE_URL}sitemap.xml" in robots
    # Served at the host's root (without a proxy's path), the same files name the root.
    plain = client.get("/robots.txt").get_data(as_text=True)
    assert "Disallow: /sparql\n" in plain and "/akteure" not in plain


def test_serve_under_a_path_answers_there_and_the_clis_writes_reach_it(
    example_store_template: Path, tmp_path: Path
) -> None:
    """`serve --url-prefix /akteure`: the pages under the path, their links too, and a CLI
    load while serving goes through the server there."""
    store = copy_store(example_store_template, tmp_path)
    data = tmp_path / "frisch.ttl"
    data.write_text(TURTLE, encoding="utf-8")
    with serving(store, "--url-prefix", "/akteure/") as (_proc, url):
        with urllib.request.urlopen(url + PREFIX + ORG_PATH, timeout=30) as page:
            body = page.read().decode("utf-8")
        assert 'href="/akteure/' in body and 'href="/organisation/' not in body
        loaded = run_cli("load", str(data), "--graph", "public/staff", store=store)
        assert loaded.returncode == 0, loaded.stderr
        ask = urllib.parse.urlencode({"query": f'ASK {{ ?o skos:prefLabel "{LABEL}"@de }}'})
        until(lambda: _json(f"{url}{PREFIX}/sparql?{ask}")["boolean"])
    refused = run_cli("serve", "--url-prefix", "akteure x", store=store)
    assert refused.returncode == 2 and "--url-prefix" in refused.stderr


def _json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return json.loads(answer.read())


def test_a_browser_at_the_endpoint_is_sent_to_the_editor_under_the_path(
    client: FlaskClient,
) -> None:
    """The 303 from /sparql to the editor named /sparql/editor from the host's root."""
    sent = client.get("/sparql", base_url=BASE_URL, headers={"Accept": "text/html"})
    assert sent.status_code == 303
    assert sent.headers["Location"].endswith(PREFIX + "/sparql/editor"), sent.headers["Location"]
