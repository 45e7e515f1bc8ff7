"""Issue 13, item 6: a label that looks like script is shown as text and never runs.

Script-like labels are planted in an organisation, a person, a project, an event, a site
(on the map) and a topic; every page that shows them is opened in chromium, the map's
tooltips and popups are opened, and the query editor shows them in its results table. Nothing
may run (`window.__xss` stays unset), and where a label is shown it is text: no `<img>` or
`<script>` element comes from it.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from akteursgraph.changes import ChangeMeta
from akteursgraph.commit import Writer
from akteursgraph.namespaces import SKOS
from akteursgraph.store import Change, Store

from ..conftest import copy_store, running_server
from ..example_people import example_person
from .conftest import clear_cookies
from .test_editor_browser import open_editor

BASE = "https://w3id.org/akteursgraph/mitte/"
PLANTED = {
    "organisation": BASE + "organisation/berlin-postkolonial",
    "person": example_person("Rachid Zerrouki"),
    "project": BASE + "example/project/jugend-gestaltet-globalen-wandel",
    "event": BASE + "event/maji-maji-krieg",
    "site": BASE + "site/manga-bell-platz",
    "topic": "https://w3id.org/akteursgraph/vocab/topic/colonial-history",
}
PAYLOAD = '<img src=x onerror="window.__xss=1">{kind}<script>window.__xss=1</script>'


@pytest.fixture(scope="module")
def planted_site(
    example_store_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The example with each planted entity's German label replaced by the payload."""
    path = copy_store(example_store_template, tmp_path_factory.mktemp("xss"))
    label = ox.NamedNode(SKOS + "prefLabel")
    with Store.open(path) as store:
        remove, add = [], []
        for kind, iri in PLANTED.items():
            old = [q for q in store.quads(ox.NamedNode(iri), label) if q.object.language == "de"]
            assert old, f"no German label for {iri}"
            remove += old
            add.append(
                ox.Quad(
                    old[0].subject,
                    label,
                    ox.Literal(PAYLOAD.format(kind=kind), language="de"),
                    old[0].graph_name,
                )
            )
        meta = ChangeMeta(author="test", origin="cli-load", comment="script-like labels")
        Writer(store).commit(Change(add=add, remove=remove), meta)
    with running_server(path) as url:
        yield url


def _nothing_ran(browser: webdriver.Chrome) -> None:
    assert browser.execute_script("return window.__xss === undefined"), browser.current_url
    injected = browser.execute_script(
        "return Array.from(document.querySelectorAll('img[src=\"x\"], script:not([src])'))"
        ".filter(e => !['application/json', 'application/ld+json'].includes(e.type)).length"
    )
    assert injected == 0, browser.current_url


@pytest.fixture(autouse=True)
def german(browser: webdriver.Chrome) -> None:
    """The planted labels are the German ones: no `lang=en` cookie of another module's server
    (cookies ignore the port) may turn the pages English."""
    clear_cookies(browser)


def _path(iri: str) -> str:
    return "/" + iri.removeprefix(BASE) if iri.startswith(BASE) else "/entity?iri=" + iri


@pytest.mark.parametrize("kind", PLANTED)
def test_a_script_like_label_is_text_on_its_page(
    browser: webdriver.Chrome, planted_site: str, kind: str
) -> None:
    browser.get(planted_site + _path(PLANTED[kind]))
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert "<script>" in heading and kind in heading  # shown as text
    _nothing_ran(browser)


@pytest.mark.parametrize(
    "path",
    ["/", "/organisations", "/people", "/projects", "/events", "/topics", "/speakers",
     "/search?q=" + urllib.parse.quote("script"),
     "/network/ego?iri=" + urllib.parse.quote(PLANTED["organisation"])],
)  # fmt: skip
def test_lists_search_and_network_show_it_as_text(
    browser: webdriver.Chrome, planted_site: str, path: str
) -> None:
    browser.get(planted_site + path)
    _nothing_ran(browser)


def test_the_map_tooltip_and_popup_show_it_as_text(
    browser: webdriver.Chrome, planted_site: str
) -> None:
    browser.get(planted_site + "/sites")
    markers = WebDriverWait(browser, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#site-map path.leaflet-interactive")
    )
    shown = []
    for marker in markers:  # opens each tooltip (hover) and popup (click), one at a time
        browser.execute_script(
            "for (const t of ['mouseover', 'click']) arguments[0].dispatchEvent("
            "new MouseEvent(t, {bubbles: true}));",
            marker,
        )
        shown += browser.execute_script(
            "return Array.from(document.querySelectorAll('.leaflet-tooltip, .leaflet-popup'))"
            ".map(e => e.textContent)"
        )
        _nothing_ran(browser)
    tips = popups = " ".join(shown)
    assert "<script>" in tips + popups
    _nothing_ran(browser)


def test_the_query_editor_shows_it_as_text(browser: webdriver.Chrome, planted_site: str) -> None:
    query = (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        'SELECT ?label WHERE { ?x skos:prefLabel ?label FILTER(CONTAINS(?label, "<script>")) }'
    )
    open_editor(browser, planted_site + "/sparql/editor?query=" + urllib.parse.quote(query))
    browser.execute_script("window.AKTEURSGRAPH.yasgui.getTab().getYasqe().query();")
    WebDriverWait(browser, 30).until(
        lambda d: "<script>" in " ".join(e.text for e in d.find_elements(By.CSS_SELECTOR, "td"))
    )
    _nothing_ran(browser)
