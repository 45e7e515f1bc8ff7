"""The journeys of issue 14 in Debian's chromium, in German, as office staff do them.

1. A new migrant organisation: an editor adds it with two topics and a cooperation chosen
   from the suggestions, then corrects its founding date in her draft before review; a
   reviewer publishes the ONE draft; it is then on its public page, in the search and on
   `/sparql` with the corrected date.
   Every page on the way is in plain words: no prefixed name ("schema:"), no web address.
2. An impossible date and a missing name on an existing entry's form: each message stands next
   to its field, in German, and nothing is saved (the entry's history is unchanged).
3. Two editors change the same organisation (two browsers): the second save shows the
   conflict page with both versions.
4. A reviewer reverts a published change from the history page; the revert waits for a second
   reviewer, and the public page shows the old name again.
5. Journeys 1 and 4 are done with the keyboard alone (Tab, Enter, Space, arrows and typing,
   never a click), and every control that takes the focus shows it (an outline or a shadow).
6. axe finds no serious or critical WCAG 2.1 AA violation on any staff page: every GET route
   of the app under /workspace/ and /login, taken from its url_map, with parameters for the
   routes that need them.

One server for the module; the journeys build on each other's data only where said.
"""

from __future__ import annotations

import json
import re
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from akteursgraph import explore
from akteursgraph.accounts import Accounts
from akteursgraph.changes import ORIGIN_FORM, ChangeMeta, publish, submit
from akteursgraph.commit import Writer
from akteursgraph.store import Store
from akteursgraph_web import close_app, create_app

from ..conftest import STAFF_PASSWORD, copy_store, run_cli, running_server
from ..example_people import example_person
from ..test_workspace_review import NEW_LABEL, OLD_LABEL, ORG, renaming
from .conftest import (
    BLOCKING_IMPACTS,
    TEXT_BROKEN,
    assert_no_serious_violations,
    axe,
    clear_cookies,
    describe,
    landmarks_named_alike,
    links_without_kern,
    start_chromium,
)

EXAMPLE = "https://w3id.org/akteursgraph/mitte/example/"
TOPIC = "https://w3id.org/akteursgraph/vocab/topic/"
KIND = "https://w3id.org/akteursgraph/vocab/organisation-kind/"
PARTNER = EXAMPLE + "organisation/afrodeutsche-studierendeninitiative-nord"
ACADEMY_PATH = "/example/organisation/akademie-fuer-globales-lernen-mitte"
NEIGHBOURHOOD_PATH = "/example/organisation/anatolisches-nachbarschaftshaus-moabit"
ORG_PATH = "/example/organisation/afghanische-frauenwerkstatt-tiergarten"

NAME_DE = "Brücke der Kulturen Wedding e.V."
NAME_EN = "Bridge of Cultures Wedding"

#: Staff of the module's store: two editors, two reviewers (the four-eyes rule needs a second
#: one for a reviewer's own revert), an admin for the pages only admins see.
EDITOR, EDITOR2, REVIEWER, REVIEWER2, ADMIN = "erika", "emil", "rita", "rolf", "ada"

#: A prefixed name as the shapes and vocabularies write them ("schema:foundingDate", "ag:").
CURIE_LIKE = re.compile(r"\b[a-z]+:[A-Za-z]")


@dataclass
class Site:
    url: str
    published_renaming: str  # the change set journey 4 reverts (applied, went through review)
    get_rules: list[tuple[str, str, tuple[str, ...]]]  # (rule, endpoint, argument names)
    path: Path  # the store folder


@pytest.fixture(scope="module")
def site(example_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A server on a copy of the example store with the staff accounts (the first editor made
    with the real CLI, as an operator does) and one reviewed, published change."""
    path = copy_store(example_store_template, tmp_path_factory.mktemp("journeys"))
    made = run_cli(
        "user", "add", EDITOR, "--role", "editor", "--password-stdin",
        store=path, input_text=STAFF_PASSWORD + "\n",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    accounts = Accounts(path)
    for name, role in [(EDITOR2, "editor"), (REVIEWER, "reviewer"), (REVIEWER2, "reviewer"),
                       (ADMIN, "admin")]:  # fmt: skip
        accounts.add(name, role, STAFF_PASSWORD)
    with Store.open(path) as store:
        writer = Writer(store)
        meta = ChangeMeta(author="eve", origin=ORIGIN_FORM, comment="neuer Ortsteil")
        draft = submit(writer, renaming(store), meta, review_required=True)
        publish(writer, draft.change_id, reviewer=REVIEWER2)
    app = create_app({"STORE_PATH": str(path), "TESTING": True})
    try:
        rules = [
            (r.rule, r.endpoint, tuple(sorted(r.arguments)))
            for r in app.url_map.iter_rules()
            if "GET" in (r.methods or ()) and r.rule.startswith(("/workspace/", "/login"))
        ]
    finally:
        close_app(app)
    with running_server(path) as url:
        yield Site(url, draft.change_id, rules, path)


@pytest.fixture(scope="module")
def second_browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    """A second person's browser (its own cookies): the other editor of journey 3."""
    driver = start_chromium(tmp_path_factory.mktemp("chromium-second"))
    try:
        yield driver
    finally:
        driver.quit()


# ---- the keyboard ------------------------------------------------------------------------

_FOCUSED = """
const el = document.activeElement;
if (!el || el === document.body) return null;
const style = getComputedStyle(el);
const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
const shadow = !!style.boxShadow && style.boxShadow !== 'none';
const around = el.closest('article') || el.closest('fieldset, li, form');
return {
  tag: el.tagName.toLowerCase(), id: el.id || '', name: el.getAttribute('name') || '',
  value: el.value || '', type: el.getAttribute('type') || '',
  text: (el.innerText || '').trim().slice(0, 80), href: el.getAttribute('href') || '',
  cls: el.className || '', visible: outline || shadow,
  around: around ? around.innerText : '',
};
"""


def press(driver: webdriver.Chrome, *keys: str) -> None:
    """Keys to whatever has the focus, as a person at the keyboard."""
    ActionChains(driver).send_keys(*keys).perform()


def focused(driver: webdriver.Chrome) -> dict[str, Any] | None:
    return driver.execute_script(_FOCUSED)


def tab_to(
    driver: webdriver.Chrome, wanted: Callable[[dict[str, Any]], bool], limit: int = 150
) -> dict[str, Any]:
    """Press Tab until the focused element is `wanted`; every stop on the way must show its
    focus (WCAG 2.4.7)."""
    seen = []
    for _ in range(limit):
        press(driver, Keys.TAB)
        state = focused(driver)
        if state is None:
            continue
        where = f"{state['tag']}#{state['id']} {state['text'] or state['value']!r}"
        assert state["visible"], f"focus not visible on {where} ({driver.current_url})"
        seen.append(where)
        if wanted(state):
            return state
    raise AssertionError(f"not reached with Tab on {driver.current_url}; stops: {seen[-20:]}")


def by_id(id_: str) -> Callable[[dict[str, Any]], bool]:
    return lambda s: s["id"] == id_


def by_href(end: str) -> Callable[[dict[str, Any]], bool]:
    return lambda s: s["tag"] == "a" and urllib.parse.urlsplit(s["href"]).path.endswith(end)


def enter_and_wait(driver: webdriver.Chrome, arrived: Callable[[str], bool]) -> None:
    press(driver, Keys.ENTER)
    WebDriverWait(driver, 20).until(lambda d: arrived(d.current_url))
    WebDriverWait(driver, 20).until(
        lambda d: d.execute_script("return document.readyState === 'complete'")
    )


def replace_text(driver: webdriver.Chrome, text: str) -> None:
    """Select what the focused field holds and type over it."""
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).perform()
    press(driver, Keys.DELETE)
    if text:
        press(driver, text)


def log_in(driver: webdriver.Chrome, base: str, name: str, then: str = "/workspace/") -> None:
    """Log in on /login with the keyboard and land on `then`."""
    clear_cookies(driver)
    driver.get(base + "/login?" + urllib.parse.urlencode({"next": then}))
    tab_to(driver, by_id("login-name"))
    press(driver, name, Keys.TAB, STAFF_PASSWORD)
    enter_and_wait(driver, lambda url: "/login" not in url)
    assert urllib.parse.urlsplit(driver.current_url).path == urllib.parse.urlsplit(then).path


# ---- plain words ------------------------------------------------------------------------


#: The public page's "Maschinenlesbar" section gives data users the entry's IRI and formats on
#: purpose, under a heading that says so; it is the one place where an address is the content.
_MACHINE_READABLE = "[aria-labelledby=h-machine]"

_VISIBLE_TEXT = """
const body = document.body.cloneNode(true);
body.querySelectorAll(arguments[0]).forEach((e) => e.remove());
document.documentElement.appendChild(body);  // innerText needs it laid out
const text = body.innerText;
body.remove();
return text;
"""


def assert_plain_words(driver: webdriver.Chrome) -> None:
    """The page's visible text holds no prefixed name and no web address (a link's target is
    not visible text)."""
    text = driver.execute_script(_VISIBLE_TEXT, _MACHINE_READABLE)
    assert driver.find_element(By.TAG_NAME, "h1").text in text  # the page's text was read
    terms = sorted({text[max(0, m.start() - 20) : m.end() + 20] for m in CURIE_LIKE.finditer(text)})
    assert not terms, f"technical terms on {driver.current_url}: {terms}"
    addresses = [text[max(0, i - 20) : i + 40] for i in _all(text, "http")]
    assert not addresses, f"web addresses as text on {driver.current_url}: {addresses}"


def _all(text: str, part: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(part), text)]


def publish_by_keyboard(driver: webdriver.Chrome, base: str, reviewer: str, marker: str) -> None:
    """A reviewer opens the queue and publishes the draft whose card mentions `marker`."""
    log_in(driver, base, reviewer, "/workspace/review")
    assert_plain_words(driver)
    tab_to(driver, lambda s: s["name"] == "comment" and marker in s["around"], limit=300)
    press(driver, "Geprüft, passt.", Keys.TAB)
    state = focused(driver)
    assert state and state["value"] == "publish", state
    enter_and_wait(driver, lambda url: "done=publish" in url)
    assert_plain_words(driver)


def sparql(base: str, query: str, expect: int | None = None) -> list[dict[str, str]]:
    """A SELECT through the real HTTP endpoint, as the public asks it; the rows' values.
    With `expect`, asked again (for up to 10 s) until that many rows come: the public
    `/sparql` takes a new statement with the snapshot after its acknowledgement."""
    request = urllib.request.Request(
        base + "/sparql?" + urllib.parse.urlencode({"query": query}),
        headers={"Accept": "application/sparql-results+json"},
    )
    deadline = time.monotonic() + 10
    while True:
        with urllib.request.urlopen(request, timeout=30) as answer:
            result = json.load(answer)
        rows = result["results"]["bindings"]
        if expect is None or len(rows) == expect or time.monotonic() > deadline:
            return [{k: v["value"] for k, v in row.items()} for row in rows]
        time.sleep(0.05)


# ---- journey 1 (and 5): a new organisation, by keyboard ----------------------------------


def test_a_new_migrant_organisation_by_keyboard_to_the_public_page_search_and_sparql(
    browser: webdriver.Chrome, site: Site
) -> None:
    base = site.url
    log_in(browser, base, EDITOR)
    assert_plain_words(browser)
    tab_to(browser, by_href("/workspace/new"))
    enter_and_wait(browser, lambda url: url.endswith("/workspace/new"))
    assert_plain_words(browser)
    tab_to(browser, by_href("/workspace/new/organisations"))
    enter_and_wait(browser, lambda url: url.endswith("/workspace/new/organisations"))
    assert_plain_words(browser)

    tab_to(browser, by_id("skos-prefLabel-0"))
    press(browser, NAME_DE)
    tab_to(browser, by_id("skos-prefLabel-0-en"))
    press(browser, NAME_EN)
    for value in (KIND + "migrant-organisation", TOPIC + "education", TOPIC + "youth"):
        # the form's order: kind of organisation, then topics
        tab_to(browser, lambda s, v=value: s["type"] == "checkbox" and s["value"] == v)
        press(browser, Keys.SPACE)
        assert browser.switch_to.active_element.is_selected()
    tab_to(browser, by_id("schema-foundingDate-0"))
    press(browser, "2023")
    tab_to(browser, by_id("cooperates-with-0"))
    press(browser, "Afrodeutsche Studi")
    WebDriverWait(browser, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#cooperates-with-0 ~ ul [role=option]")
    )
    press(browser, Keys.ARROW_DOWN, Keys.ENTER)
    assert browser.find_element(By.ID, "cooperates-with-0-iri").get_attribute("value") == PARTNER
    tab_to(browser, by_id("comment"))
    press(browser, "Neu gegründet, Meldung vom Integrationsbüro")
    tab_to(browser, lambda s: s["tag"] == "button" and "primary" in s["cls"])
    enter_and_wait(browser, lambda url: "/workspace/saved" in url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Als Entwurf zur Prüfung gespeichert"
    assert_plain_words(browser)

    # Before review she corrects the founding date: from the saved page into her draft.
    tab_to(browser, lambda s: s["tag"] == "a" and s["text"] == "Entwurf korrigieren")
    enter_and_wait(browser, lambda url: "/workspace/edit" in url)
    assert_plain_words(browser)
    notice = browser.find_element(By.ID, "own-draft").text
    assert "Ihr Entwurf vom" in notice and "Sie bearbeiten ihn" in notice
    founded = browser.find_element(By.ID, "schema-foundingDate-0")
    assert founded.get_attribute("value") == "2023"
    tab_to(browser, by_id("schema-foundingDate-0"))
    replace_text(browser, "2024-05-01")
    tab_to(browser, by_id("comment"))
    press(browser, "Gründungsdatum laut Vereinsregister")
    tab_to(browser, lambda s: s["tag"] == "button" and "primary" in s["cls"])
    enter_and_wait(browser, lambda url: "/workspace/saved" in url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Als Entwurf zur Prüfung gespeichert"

    # ONE draft waits for it, holding the organisation and the corrected date.
    log_in(browser, base, REVIEWER, "/workspace/review")
    cards = [
        c.text
        for c in browser.find_elements(By.CSS_SELECTOR, "article.workspace-draft")
        if NAME_DE in c.text
    ]
    assert len(cards) == 1, cards
    assert "Gründungsdatum laut Vereinsregister" in cards[0]
    publish_by_keyboard(browser, base, REVIEWER, "Gründungsdatum laut Vereinsregister")

    # The editor finds it in the search and opens its public page.
    log_in(browser, base, EDITOR, "/search?" + urllib.parse.urlencode({"q": "Brücke Kulturen"}))
    assert_plain_words(browser)
    tab_to(browser, lambda s: s["tag"] == "a" and s["text"].startswith(NAME_DE))
    enter_and_wait(browser, lambda url: "/organisation/" in url)
    public_path = urllib.parse.urlsplit(browser.current_url).path
    assert browser.find_element(By.TAG_NAME, "h1").text == NAME_DE
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "Bildung" in page and "Jugend" in page and "Afrodeutsche Studierendeninitiative" in page
    assert_plain_words(browser)

    browser.get(base + public_path)
    page = browser.find_element(By.TAG_NAME, "main").text
    assert browser.find_element(By.TAG_NAME, "h1").text == NAME_DE
    assert "2024" in page and "2023" not in page
    browser.get(base + "/search?" + urllib.parse.urlencode({"q": "Brücke der Kulturen"}))
    assert browser.find_elements(By.PARTIAL_LINK_TEXT, NAME_DE)
    rows = sparql(
        base,
        """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX schema: <https://schema.org/>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?org ?label ?founded (COUNT(DISTINCT ?topic) AS ?topics) WHERE {
          ?org skos:prefLabel ?label ; schema:foundingDate ?founded ; dcterms:subject ?topic .
          FILTER(STR(?label) = "Brücke der Kulturen Wedding e.V.")
        } GROUP BY ?org ?label ?founded""",
        expect=1,
    )
    assert [(r["label"], r["founded"], r["topics"]) for r in rows] == [(NAME_DE, "2024-05-01", "2")]
    assert urllib.parse.urlsplit(rows[0]["org"]).path.endswith(public_path)


# ---- journey 2: wrong inputs, nothing saved ---------------------------------------------


def _history_size(driver: webdriver.Chrome) -> int:
    return len(driver.find_elements(By.CSS_SELECTOR, "ol.workspace-history > li"))


def _history_of(driver: webdriver.Chrome, base: str, public_path: str) -> None:
    """The history page of the entry at `public_path`, reached from its form's page."""
    driver.get(base + public_path)
    driver.find_element(By.LINK_TEXT, "Diesen Eintrag bearbeiten").click()
    iri = driver.find_element(By.CSS_SELECTOR, "input[name=iri]").get_attribute("value")
    driver.get(base + "/workspace/history?" + urllib.parse.urlencode({"iri": iri}))


def test_an_impossible_date_and_a_missing_name_stand_next_to_their_fields_and_save_nothing(
    browser: webdriver.Chrome, site: Site
) -> None:
    base = site.url
    log_in(browser, base, EDITOR)
    _history_of(browser, base, ACADEMY_PATH)
    before = _history_size(browser)
    browser.get(base + ACADEMY_PATH)
    browser.find_element(By.LINK_TEXT, "Diesen Eintrag bearbeiten").click()
    name = browser.find_element(By.ID, "skos-prefLabel-0")
    name.clear()
    date = browser.find_element(By.ID, "schema-foundingDate-0")
    date.clear()
    date.send_keys("2023-02-29")  # 2023 is no leap year
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.ID, "form-problems"))
    assert_plain_words(browser)
    for key, words in [
        ("schema-foundingDate", ("gibt es nicht",)),
        ("skos-prefLabel", ("Name",)),
    ]:
        error = browser.find_element(By.ID, f"{key}-error")
        # next to its field: inside the field's own group, tied to the input
        group = error.find_element(By.XPATH, "ancestor::fieldset")
        field = group.find_element(By.ID, f"{key}-0")
        assert f"{key}-error" in field.get_attribute("aria-describedby").split()
        assert field.get_attribute("aria-invalid") == "true"
        assert all(w in error.text for w in words), error.text
        assert not re.search(r"\b(the|is|must|missing)\b", error.text), error.text  # German
    assert browser.find_element(By.ID, "schema-foundingDate-0").get_attribute("value") == (
        "2023-02-29"
    )  # what was typed stays, to be corrected
    assert_no_serious_violations(axe(browser))
    _history_of(browser, base, ACADEMY_PATH)
    assert _history_size(browser) == before


def test_enter_in_a_field_of_the_form_saves_it(browser: webdriver.Chrome, site: Site) -> None:
    """Walk: Enter in the name field sent the form by its first submit button, a link
    field's "Finden" (hidden with JavaScript on): the page came back as it was, nothing saved,
    nothing said. Enter saves, as the "Speichern" button does."""
    base = site.url
    log_in(browser, base, EDITOR2)
    _open_form(browser, base, "/example/organisation/freundeskreis-wouri")
    # The default button is not shown (a kern-btn's display had overridden `hidden`).
    assert not browser.find_element(By.CSS_SELECTOR, "button.default-submit").is_displayed()
    name = browser.find_element(By.ID, "skos-prefLabel-0")
    name.send_keys(" Berlin")
    browser.find_element(By.ID, "comment").send_keys("Name ergänzt")
    name.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: "/workspace/saved" in d.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Als Entwurf zur Prüfung gespeichert"


# ---- journey 3: two editors, one organisation -------------------------------------------


def _open_form(driver: webdriver.Chrome, base: str, public_path: str) -> None:
    driver.get(base + public_path)
    driver.find_element(By.LINK_TEXT, "Diesen Eintrag bearbeiten").click()
    WebDriverWait(driver, 10).until(lambda d: "/workspace/edit" in d.current_url)


def _set_date_and_save(driver: webdriver.Chrome, date: str) -> None:
    field = driver.find_element(By.ID, "schema-foundingDate-0")
    field.clear()
    field.send_keys(date)
    driver.find_element(By.CSS_SELECTOR, "button.primary").click()


def test_two_editors_change_the_same_organisation_and_the_second_sees_both_versions(
    browser: webdriver.Chrome, second_browser: webdriver.Chrome, site: Site
) -> None:
    base = site.url
    log_in(browser, base, EDITOR)
    log_in(second_browser, base, EDITOR2)
    _open_form(browser, base, NEIGHBOURHOOD_PATH)
    _open_form(second_browser, base, NEIGHBOURHOOD_PATH)
    _set_date_and_save(second_browser, "1993-03-01")
    WebDriverWait(second_browser, 10).until(lambda d: "/workspace/saved" in d.current_url)

    _set_date_and_save(browser, "1991-01-15")
    WebDriverWait(browser, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "table.workspace-conflict")
    )
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Konflikt: Anatolisches")
    alert = browser.find_element(By.CSS_SELECTOR, "[role=alert]").text
    assert f"Ein Entwurf von {EDITOR2}" in alert and "Nichts wurde gespeichert" in alert
    row = browser.find_element(
        By.XPATH,
        "//table[contains(@class, 'workspace-conflict')]"
        "//tr[th[starts-with(normalize-space(), 'Gründungsdatum')]]",
    )
    theirs, yours = (cell.text for cell in row.find_elements(By.TAG_NAME, "td"))
    assert "1993-03-01" in theirs and "1991-01-15" in yours, (theirs, yours)
    assert_plain_words(browser)
    assert_no_serious_violations(axe(browser))
    # Issue 16, items 1 and 2: KERN's table, and no word broken on a phone or a desktop (its
    # plain table broke "Bezeichnung" as "Bezeic/hnung" on a desktop, in five on a phone).
    for width, height in ((390, 844), (1366, 900)):
        browser.set_window_size(width, height)
        try:
            assert browser.execute_script(TEXT_BROKEN) == [], width
            assert_no_serious_violations(axe(browser))
            assert landmarks_named_alike(browser) == []
        finally:
            browser.set_window_size(1280, 900)
    # Only the first editor's draft waits; the second save left nothing.
    _history_of(browser, base, NEIGHBOURHOOD_PATH)
    history = browser.find_element(By.CSS_SELECTOR, "ol.workspace-history").text
    assert f"Änderung von {EDITOR2}" in history and f"Änderung von {EDITOR}" not in history

    # Once the draft is published, her form (opened before) meets it: she carries her inputs
    # over to the current version; where the draft changed a field, its value stands and hers
    # is named (a new start had lost what she typed). By keyboard, at a phone's width too.
    _open_form(browser, base, NEIGHBOURHOOD_PATH)
    publish_by_keyboard(second_browser, base, REVIEWER, "Anatolisches")
    field = browser.find_element(By.ID, "schema-foundingDate-0")
    field.clear()
    field.send_keys("1991-01-15")
    browser.find_element(By.ID, "comment").send_keys("Datum laut Vereinsregister")
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.NAME, "carry"))
    tab_to(browser, lambda s: s["tag"] == "button" and "übernehmen" in s["text"])
    enter_and_wait(browser, lambda url: "/workspace/edit" in url)
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.ID, "carried"))
    assert focused(browser)["id"] == "carried"  # the notice is read first
    notice = browser.find_element(By.ID, "carried").text
    assert "Gründungsdatum: 1991-01-15" in notice, notice
    date = browser.find_element(By.ID, "schema-foundingDate-0").get_attribute("value")
    assert date == "1993-03-01"
    assert browser.find_element(By.ID, "comment").get_attribute("value") == (
        "Datum laut Vereinsregister"
    )
    for width, height in ((390, 844), (1366, 900)):
        browser.set_window_size(width, height)
        try:
            assert_no_serious_violations(axe(browser))
            assert browser.execute_script(
                "return document.documentElement.scrollWidth <= window.innerWidth"
            ), width  # nothing scrolls sideways
            assert browser.execute_script(TEXT_BROKEN) == [], width
        finally:
            browser.set_window_size(1280, 900)
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    WebDriverWait(browser, 10).until(lambda d: "/workspace/saved" in d.current_url)


# ---- journey 4 (and 5): a revert from the history page, by keyboard -----------------------


def test_a_reviewer_reverts_a_published_change_by_keyboard(
    browser: webdriver.Chrome, site: Site
) -> None:
    base = site.url
    browser.get(base + ORG_PATH)
    assert browser.find_element(By.TAG_NAME, "h1").text == NEW_LABEL
    log_in(browser, base, REVIEWER)
    tab_to(browser, by_href("/workspace/history"))
    enter_and_wait(browser, lambda url: "/workspace/history" in url)
    tab_to(browser, by_id("history-q"))
    press(browser, "Frauenwerkstatt")
    enter_and_wait(browser, lambda url: "q=Frauenwerkstatt" in url)
    assert_plain_words(browser)
    tab_to(browser, lambda s: s["tag"] == "a" and s["text"].startswith("Afghanische"))
    enter_and_wait(browser, lambda url: "iri=" in url)
    assert_plain_words(browser)
    tab_to(
        browser,
        lambda s: s["id"].startswith("revert-comment-") and site.published_renaming in s["around"],
    )
    press(browser, "Der alte Name war richtig", Keys.TAB)
    state = focused(browser)
    assert state and state["tag"] == "button", state
    enter_and_wait(browser, lambda url: "reverted=" in url)
    assert "outcome=draft" in browser.current_url  # a reviewed change's revert is reviewed too
    status = browser.find_element(By.CSS_SELECTOR, "main").text
    assert "wartet auf Prüfung" in status
    assert_plain_words(browser)
    browser.get(base + ORG_PATH)
    assert browser.find_element(By.TAG_NAME, "h1").text == NEW_LABEL  # not yet

    publish_by_keyboard(browser, base, REVIEWER2, "Der alte Name war richtig")
    browser.get(base + ORG_PATH)
    assert browser.find_element(By.TAG_NAME, "h1").text == OLD_LABEL


# ---- 6: axe on every staff page ---------------------------------------------------------


def _pages(site: Site) -> list[str]:
    """Every GET route under /workspace/ and /login as paths to visit, with parameters where
    the route needs them (an entry of each kind for the forms)."""
    org, person = ORG, example_person("Amani Njeri")
    entries = [
        org,
        person,
        EXAMPLE + "project/ankommen-in-moabit",
        EXAMPLE + "event/fair-trade-fruehstueck-2014",
        EXAMPLE
        + "cooperation/climate-justice-akademie-globales-lernen-vietnamesischer-kulturkreis-2015",
        TOPIC + "education",
        "https://w3id.org/akteursgraph/mitte/site/manga-bell-platz",
    ]

    def query(**args: str) -> str:
        return "?" + urllib.parse.urlencode(args)

    by_endpoint: dict[str, list[str]] = {
        "workspace_forms.new": [f"/workspace/new/{kind}" for kind in explore.KINDS],
        "workspace_forms.edit": ["/workspace/edit" + query(iri=i) for i in entries],
        "workspace_forms.saved": [
            "/workspace/saved" + query(iri=org, draft="1"),
            "/workspace/saved" + query(iri=org, draft="0"),
            "/workspace/saved" + query(iri=org, unchanged="1"),
        ],
        "workspace_forms.suggest": [],  # JSON for the type-ahead, not a page
        "review.draft": [f"/workspace/review/{site.published_renaming}"],
        "review.history": [
            "/workspace/history",
            "/workspace/history" + query(q="Frauenwerkstatt"),
            "/workspace/history" + query(iri=org),
        ],
        "review.person": ["/workspace/person" + query(iri=person)],
        # the confirmation (what goes, the reason); erasing itself is a POST
        "erasure.confirm_erasure": ["/workspace/person/erase" + query(iri=person)],
        "workspace_import.export": [
            "/workspace/export",
            "/workspace/export" + query(mapping="organisationen"),
            "/workspace/export" + query(mapping="referentinnen"),
        ],
        # an upload's pages: test_workspace_import_browser.py uploads and checks them
        "workspace_import.import_job": [],
        "workspace_import.import_status": [],
        "workspace_import.import_report": [],
    }
    pages = []
    for rule, endpoint, arguments in site.get_rules:
        if endpoint in by_endpoint:
            pages += by_endpoint[endpoint]
        else:
            assert not arguments, f"{rule}: say in _pages() which values to visit it with"
            pages.append(rule)
    return pages


def test_axe_finds_nothing_serious_on_any_staff_page(browser: webdriver.Chrome, site: Site) -> None:
    base = site.url
    clear_cookies(browser)
    browser.get(base + "/login")
    assert_no_serious_violations(axe(browser))
    pages = _pages(site)
    assert "/workspace/" in pages and "/workspace/review" in pages  # the url_map was read
    log_in(browser, base, ADMIN)
    failures, words = {}, {}
    for path in pages:
        browser.get(base + path)
        WebDriverWait(browser, 30).until(
            lambda d: d.execute_script("return document.readyState === 'complete'")
        )
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "de", path
        assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1, path
        try:
            assert_plain_words(browser)
        except AssertionError as exc:
            words[path] = str(exc).splitlines()[0]
        blocking = [v for v in axe(browser) if v.get("impact") in BLOCKING_IMPACTS]
        if blocking:
            failures[path] = describe(blocking)
        alike = landmarks_named_alike(browser)
        if alike:
            failures[path] = f"landmarks named as others: {alike}"
        plain = links_without_kern(browser)
        if plain:
            failures[path] = f"links in the browser's own colour, not KERN's: {plain}"
    assert not words, "\n".join(words.values())
    assert not failures, "axe-core: serious or critical WCAG 2.1 AA violations\n" + "\n".join(
        f"{path}:\n{text}" for path, text in failures.items()
    )


def test_the_workspaces_scrollable_tables_show_their_focus(
    browser: webdriver.Chrome, site: Site
) -> None:
    """KERN's `[tabindex]:not([tabindex="-1"]):focus:focus-visible{outline:0}` took the ring
    from the workspace's scrollable tables too (WCAG 2.4.7): reached with Tab, the start
    page's table of recent changes shows an outline."""
    log_in(browser, site.url, ADMIN)
    browser.get(site.url + "/workspace/")
    for _ in range(80):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        if browser.execute_script(
            "return document.activeElement.matches('.workspace-table-scroll')"
        ):
            break
    else:
        raise AssertionError("the table of recent changes was not reached with Tab")
    ring = browser.execute_script(
        "const s = getComputedStyle(document.activeElement);"
        "return [s.outlineStyle, parseFloat(s.outlineWidth),"
        " document.activeElement.matches(':focus-visible')];"
    )
    assert ring[2] and ring[0] != "none" and ring[1] >= 2, ring


#: A description as offices write them: a long address and a long compound word.
LONG_DESCRIPTION = (
    "Siehe https://www.berlin.de/ba-mitte/politik-und-verwaltung/beauftragte/integration/"
    "migrantenorganisationen/artikel.123456.php und die Donaudampfschifffahrtsgesellschafts"
    "kapitänsmützenabzeichenherstellungsvereinbarung."
)
LONG_WORD = "Donaudampfschifffahrtsgesellschafts"


def test_no_staff_page_scrolls_sideways_on_a_phone(browser: webdriver.Chrome, site: Site) -> None:
    """At 390 px the review queue's and a draft's preview tables, the history of an entry
    known only by its address (the address in the heading) and a long description's words
    (in the review's plain words) made the page wider than the screen (to 678 px; issue 16,
    item 2, for the workspace too). Each page fits; a wide table scrolls in its own box.
    And no word breaks that fits on a line: the review's preview broke "new" as "ne/w"."""
    graph = "https://w3id.org/akteursgraph/mitte/graph/public/example"
    update = (
        f"INSERT DATA {{ GRAPH <{graph}> {{ <{PARTNER}> "
        f'<https://schema.org/description> "{LONG_DESCRIPTION}"@de }} }}'
    )
    token = Accounts(site.path).create_token(EDITOR, "phone")
    request = urllib.request.Request(
        site.url + "/sparql/update",
        data=update.encode(),
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request) as answer:
        assert answer.status == 202  # a draft for review
    waiting = [d for d in json.loads(run_cli("drafts", "--format", "json", store=site.path).stdout)]
    draft = next(d["id"] for d in waiting if d["author"] == EDITOR)
    unknown = EXAMPLE + "person/p-" + "a" * 16
    pages = [
        *_pages(site),
        f"/workspace/review/{draft}",
        "/workspace/history?" + urllib.parse.urlencode({"iri": unknown}),
        "/workspace/history?" + urllib.parse.urlencode({"iri": PARTNER}),
    ]
    log_in(browser, site.url, ADMIN)
    browser.set_window_size(390, 844)
    try:
        wide, broken = {}, {}
        for path in pages:
            browser.get(site.url + path)
            width = browser.execute_script(
                "return [document.documentElement.scrollWidth, window.innerWidth]"
            )
            if width[0] > width[1]:
                wide[path] = width
            # A word wider than the screen must break: the description's long one does.
            words = [w for w in browser.execute_script(TEXT_BROKEN) if LONG_WORD not in w]
            if words:
                broken[path] = words
        assert not wide, f"wider than the screen (page, window): {wide}"
        assert not broken, f"words broken: {broken}"
    finally:
        browser.set_window_size(1280, 900)
