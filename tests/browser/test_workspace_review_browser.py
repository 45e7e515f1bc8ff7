"""The workspace's review, history and consent pages in Debian's chromium: axe finds no serious
or critical WCAG 2.1 AA violation, KERN's styles and fonts come from our own host (the browser
asks no other), and the queue can be worked with the keyboard alone (issue 14, items 3-5)."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from akteursgraph.accounts import Accounts
from akteursgraph.changes import ORIGIN_FORM, ChangeMeta, submit
from akteursgraph.changes.reading import HISTORY_PAGE
from akteursgraph.commit import Writer
from akteursgraph.namespaces import SKOS
from akteursgraph.store import Change, Store

from ..conftest import STAFF_PASSWORD, copy_store, running_server
from ..example_people import example_person
from ..test_workspace_review import ORG, renaming
from .conftest import (
    assert_no_serious_violations,
    axe,
    clear_cookies,
    clear_performance_log,
    requests_to_other_hosts,
)

PERSON = example_person("Amani Njeri")


@pytest.fixture(scope="module")
def staff_site(
    example_store_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A server on a store with a reviewer, an editor and one editor's draft waiting."""
    path = copy_store(example_store_template, tmp_path_factory.mktemp("staff-site"))
    accounts = Accounts(path)
    accounts.add("rita", "reviewer", STAFF_PASSWORD)
    with Store.open(path) as store:
        meta = ChangeMeta(author="eve", origin=ORIGIN_FORM, comment="neuer Ortsteil")
        submit(Writer(store), renaming(store), meta, review_required=True)
        relabelled(store, LONG_HISTORY, HISTORY_PAGE + 1)
    with running_server(path) as url:
        yield url


#: An organisation given more change sets than a history page shows.
LONG_HISTORY = "https://w3id.org/akteursgraph/mitte/example/organisation/afrodeutsche-studierendeninitiative-nord"


def relabelled(store: Store, iri: str, times: int) -> None:
    """`iri`'s German label changed `times` times, each a change set of its own."""
    node, label = ox.NamedNode(iri), ox.NamedNode(SKOS + "prefLabel")
    (old,) = [q for q in store.quads(node, label) if q.object.language == "de"]  # type: ignore[union-attr]
    writer = Writer(store)
    meta = ChangeMeta(author="eve", origin=ORIGIN_FORM, comment="Schreibweise")
    for i in range(times):
        new = ox.Quad(
            node, label, ox.Literal(f"{old.object.value} ({i})", language="de"), old.graph_name
        )
        writer.commit(Change(add=[new], remove=[old]), meta)
        old = new


def log_in(driver: webdriver.Chrome, site: str, name: str) -> None:
    clear_cookies(driver)
    driver.get(site + "/login")
    driver.find_element(By.ID, "login-name").send_keys(name)
    password = driver.find_element(By.ID, "login-password")
    password.send_keys(STAFF_PASSWORD)
    password.send_keys(Keys.ENTER)
    WebDriverWait(driver, 30).until(lambda d: "/login" not in d.current_url)


PAGES = [
    "/workspace/",
    "/workspace/review",
    "/workspace/history?" + urllib.parse.urlencode({"iri": ORG}),
    "/workspace/history?q=Frauenwerkstatt",
    "/workspace/person?" + urllib.parse.urlencode({"iri": PERSON}),
]


def test_staff_pages_are_accessible_and_load_nothing_from_other_hosts(
    browser: webdriver.Chrome, staff_site: str
) -> None:
    log_in(browser, staff_site, "rita")
    for path in PAGES:
        clear_performance_log(browser)
        browser.get(staff_site + path)
        WebDriverWait(browser, 30).until(
            lambda d: d.execute_script("return document.readyState === 'complete'")
        )
        assert_no_serious_violations(axe(browser))
        assert requests_to_other_hosts(browser, staff_site) == [], path
        assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1, path
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "de"
        # KERN's font is loaded from our host and used
        family = browser.execute_script(
            "return getComputedStyle(document.querySelector('h1')).fontFamily"
        )
        assert "Fira Sans" in family, path
        assert browser.execute_script("return document.fonts.check('16px \"Fira Sans\"')"), path


def test_a_long_history_and_its_older_page_are_accessible_and_linked_both_ways(
    browser: webdriver.Chrome, staff_site: str
) -> None:
    """A history longer than a page: its page navigation passes axe, and the older page is
    reached by its link and leads back to the newest."""
    log_in(browser, staff_site, "rita")
    browser.get(staff_site + "/workspace/history?" + urllib.parse.urlencode({"iri": LONG_HISTORY}))
    assert len(browser.find_elements(By.CSS_SELECTOR, "ol.workspace-history > li")) == HISTORY_PAGE
    assert_no_serious_violations(axe(browser))
    nav = browser.find_element(By.CSS_SELECTOR, "nav.workspace-pages")
    assert nav.get_attribute("aria-label") == "Seiten der Änderungsgeschichte"
    nav.find_element(By.LINK_TEXT, "Ältere Änderungen").click()
    WebDriverWait(browser, 30).until(lambda d: "before=" in d.current_url)
    older = browser.find_elements(By.CSS_SELECTOR, "ol.workspace-history > li")
    assert 1 <= len(older) < HISTORY_PAGE  # the rest: the oldest of the 51 and the load
    assert_no_serious_violations(axe(browser))
    browser.find_element(By.LINK_TEXT, "Neueste Änderungen").click()
    WebDriverWait(browser, 30).until(lambda d: "before=" not in d.current_url)
    assert len(browser.find_elements(By.CSS_SELECTOR, "ol.workspace-history > li")) == HISTORY_PAGE


def test_the_skip_link_and_the_decision_are_reached_with_the_keyboard(
    browser: webdriver.Chrome, staff_site: str
) -> None:
    log_in(browser, staff_site, "rita")
    browser.get(staff_site + "/workspace/review")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.get_attribute("href").endswith("#main")
    # Tab through the page until the comment field of the draft: every control on the way
    # is reachable, and the field has its label.
    for _ in range(80):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        if browser.switch_to.active_element.get_attribute("name") == "comment":
            break
    field = browser.switch_to.active_element
    assert field.get_attribute("name") == "comment"
    label = browser.find_element(By.CSS_SELECTOR, f"label[for='{field.get_attribute('id')}']")
    assert "Kommentar" in label.text


def test_a_refused_rejection_takes_the_focus_to_its_message(
    browser: webdriver.Chrome, staff_site: str
) -> None:
    """Audit (WCAG 3.3.1): "Ablehnen" without a comment came back with the focus on the page's
    start, the same title, and the message far below the fold beside its draft. The message
    takes the focus, and the title begins with "Fehler"."""
    log_in(browser, staff_site, "rita")
    browser.get(staff_site + "/workspace/review")
    browser.find_element(By.CSS_SELECTOR, "button[value='reject']").click()
    WebDriverWait(browser, 30).until(lambda d: d.title.startswith("Fehler: "))
    focused = browser.execute_script(
        "const el = document.activeElement;return [el.getAttribute('role'), el.id, el.textContent];"
    )
    assert focused[0] == "alert" and focused[1].startswith("decide-error-"), focused
    assert "Kommentar" in focused[2], focused


def test_the_decision_reads_comment_then_both_buttons_side_by_side(
    browser: webdriver.Chrome, staff_site: str
) -> None:
    """The comment field took a third of the draft's card, "Veröffentlichen" stood beside it
    and "Ablehnen" below both, stretched: the comment spans the card, and the two buttons,
    at their own width, share the line below it."""
    log_in(browser, staff_site, "rita")
    browser.set_window_size(1366, 900)
    try:
        browser.get(staff_site + "/workspace/review")
        form = browser.find_element(By.CSS_SELECTOR, "form.workspace-decide")
        card = form.find_element(By.XPATH, "ancestor::article")
        box = {
            name: browser.execute_script(
                "const r = arguments[0].getBoundingClientRect();"
                "return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};",
                element,
            )
            for name, element in (
                ("card", card),
                ("comment", form.find_element(By.CSS_SELECTOR, "textarea[name=comment]")),
                ("publish", form.find_element(By.CSS_SELECTOR, "button[value=publish]")),
                ("reject", form.find_element(By.CSS_SELECTOR, "button[value=reject]")),
            )
        }
        assert box["comment"]["right"] - box["comment"]["left"] > 0.8 * (
            box["card"]["right"] - box["card"]["left"]
        ), box
        assert box["publish"]["top"] >= box["comment"]["bottom"], box
        assert abs(box["publish"]["top"] - box["reject"]["top"]) < 2, box
        assert box["reject"]["right"] - box["reject"]["left"] < 400, box
    finally:
        browser.set_window_size(1280, 900)


def test_the_preview_fits_a_phone_with_its_marks_in_sight(
    browser: webdriver.Chrome, staff_site: str
) -> None:
    """Audit at 390 px: the preview's table (431 px in a box of 293) scrolled sideways, its
    "neu"/"entfernt" column out of sight and values cut mid-word."""
    log_in(browser, staff_site, "rita")
    browser.set_window_size(390, 844)
    try:
        browser.get(staff_site + "/workspace/review")
        widths = browser.execute_script(
            "return [...document.querySelectorAll('.workspace-preview .workspace-table-scroll')]"
            ".map(r => [r.scrollWidth, r.clientWidth]);"
        )
        assert widths and all(scroll <= client + 1 for scroll, client in widths), widths
        marks = browser.find_elements(By.CSS_SELECTOR, ".workspace-preview__facts .kern-badge")
        assert marks and all(m.is_displayed() for m in marks)
    finally:
        browser.set_window_size(1280, 900)


def test_a_decision_done_takes_the_focus_to_its_notice(
    browser: webdriver.Chrome, staff_site: str
) -> None:
    """Audit: after "Ablehnen" the queue came back with its notice in a status region that
    was there when the page loaded (not read out), the focus at the page's start and the
    title unchanged. The notice takes the focus and heads the title. (Last in this module:
    it rejects the module's draft.)"""
    log_in(browser, staff_site, "rita")
    browser.get(staff_site + "/workspace/review")
    form = browser.find_element(By.CSS_SELECTOR, "form.workspace-decide")
    form.find_element(By.CSS_SELECTOR, "textarea[name=comment]").send_keys("Quelle fehlt")
    form.find_element(By.CSS_SELECTOR, "button[value='reject']").click()
    WebDriverWait(browser, 30).until(lambda d: d.title.startswith("Abgelehnt: "))
    focused = browser.execute_script(
        "const el = document.activeElement;"
        "return [el.getAttribute('role'), el.className, el.textContent];"
    )
    assert focused[0] == "status" and "kern-alert--success" in focused[1], focused
    assert "Abgelehnt: die Änderung vom" in focused[2], focused
    assert_no_serious_violations(axe(browser))


LONG_NAME = (
    "Freundeskreis – Verein zur Förderung der Migrant*innenorganisationsnetzwerkarbeit und "
    "Erinnerungskulturzusammenarbeit e.V. (Beispiel)"
)


@pytest.fixture(scope="module")
def long_named_site(
    example_store_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A server with one draft that gives an organisation a very long German name."""
    path = copy_store(example_store_template, tmp_path_factory.mktemp("long-named"))
    Accounts(path).add("rita", "reviewer", STAFF_PASSWORD)
    with Store.open(path) as store:
        node, label = ox.NamedNode(ORG), ox.NamedNode(SKOS + "prefLabel")
        (old,) = [q for q in store.quads(node, label) if q.object.language == "de"]  # type: ignore[union-attr]
        new = ox.Quad(node, label, ox.Literal(LONG_NAME, language="de"), old.graph_name)
        meta = ChangeMeta(author="eve", origin=ORIGIN_FORM, comment="ganzer Name")
        submit(Writer(store), Change(add=[new], remove=[old]), meta, review_required=True)
    with running_server(path) as url:
        yield url


def test_a_draft_of_a_long_name_keeps_the_queue_within_a_phone(
    browser: webdriver.Chrome, long_named_site: str
) -> None:
    """Audit at 390 px: the list of the entries a draft touches held the long name in a link
    of KERN's inline-flex, which kept its width: the queue scrolled sideways (434 in 375)."""
    log_in(browser, long_named_site, "rita")
    browser.set_window_size(390, 844)
    try:
        browser.get(long_named_site + "/workspace/review")
        WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "article"))
        wide = browser.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];"
        )
        assert wide[0] <= wide[1] + 1, wide
    finally:
        browser.set_window_size(1280, 900)
