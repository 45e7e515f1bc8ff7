"""The edit forms in a real browser (issue 14): a new organisation with topics and a
cooperation, chosen from the suggestions with the keyboard alone; a date that does not exist
shown next to its field; no serious or critical axe violation on the form pages."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from akteursgraph.accounts import Accounts

from ..conftest import STAFF_PASSWORD, copy_store, running_server
from .conftest import assert_no_serious_violations, axe, clear_cookies, focus_ring_contrast

TOPIC = "https://w3id.org/akteursgraph/vocab/topic/"
KIND = "https://w3id.org/akteursgraph/vocab/organisation-kind/"


@pytest.fixture(scope="module")
def staff_site(
    example_store_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """`akteursgraph serve` on a copy of the example store with an editor account."""
    store = copy_store(example_store_template, tmp_path_factory.mktemp("forms-site"))
    Accounts(store).add("erika", "editor", STAFF_PASSWORD)
    with running_server(store) as url:
        yield url


def _log_in(browser: webdriver.Chrome, site: str) -> None:
    """Log in through /login with the token of the session's login page. (The form is sent by a
    script: /login was served as text/plain when this was written, so there was no form to
    type into; the login page itself is helper A's and tested there.)"""
    clear_cookies(browser)
    browser.get(f"{site}/login?lang=de")
    token = re.search(r'name="csrf_token" value="([^"]+)"', html.unescape(browser.page_source))
    assert token, "no CSRF token on /login"
    browser.execute_script(
        """const [token, name, password] = arguments;
        const form = document.createElement("form");
        form.method = "post"; form.action = "/login";
        for (const [k, v] of [["csrf_token", token], ["name", name], ["password", password]]) {
          const input = document.createElement("input");
          input.type = "hidden"; input.name = k; input.value = v; form.appendChild(input);
        }
        document.body.appendChild(form); form.submit();""",
        token.group(1),
        "erika",
        STAFF_PASSWORD,
    )
    WebDriverWait(browser, 10).until(lambda d: "/login" not in d.current_url)


def _check(browser: webdriver.Chrome, value: str) -> None:
    box = browser.find_element(By.CSS_SELECTOR, f'input[type=checkbox][value="{value}"]')
    box.send_keys(Keys.SPACE)  # the keyboard, as a person without a mouse
    assert box.is_selected()


def test_a_new_organisation_with_a_cooperation_chosen_by_keyboard(
    browser: webdriver.Chrome, staff_site: str
) -> None:
    _log_in(browser, staff_site)
    browser.get(f"{staff_site}/workspace/new/organisations")
    assert_no_serious_violations(axe(browser))
    # The buttons the script adds ("Weitere hinzufügen") are KERN's too (issue 16, item 1).
    added = browser.find_elements(By.CSS_SELECTOR, ".entity-form button.add-another")
    assert added and all("kern-btn" in b.get_attribute("class") for b in added)
    browser.find_element(By.ID, "skos-prefLabel-0").send_keys("Brücke der Kulturen e.V.")
    browser.find_element(By.ID, "skos-prefLabel-0-en").send_keys("Bridge of Cultures")
    _check(browser, KIND + "migrant-organisation")
    _check(browser, TOPIC + "education")
    _check(browser, TOPIC + "youth")
    browser.find_element(By.ID, "schema-foundingDate-0").send_keys("2024")
    partner = browser.find_element(By.ID, "cooperates-with-0")
    partner.send_keys("Afrodeutsche Studi")
    WebDriverWait(browser, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#cooperates-with-0 ~ ul [role=option]")
    )
    assert partner.get_attribute("aria-expanded") == "true"
    partner.send_keys(Keys.ARROW_DOWN)
    assert partner.get_attribute("aria-activedescendant")
    partner.send_keys(Keys.ENTER)
    chosen = browser.find_element(By.ID, "cooperates-with-0-iri").get_attribute("value")
    assert chosen.endswith("/organisation/afrodeutsche-studierendeninitiative-nord")
    assert partner.get_attribute("value").startswith("Afrodeutsche Studierendeninitiative Nord")
    # "Weitere hinzufügen" adds an empty row with its own ids, and takes the focus there.
    fieldset = partner.find_element(By.XPATH, "ancestor::fieldset")
    fieldset.find_element(By.CSS_SELECTOR, "button.add-another").send_keys(Keys.ENTER)
    added = browser.find_element(By.ID, "cooperates-with-1")
    assert browser.switch_to.active_element == added and added.get_attribute("value") == ""
    assert browser.find_element(By.ID, "cooperates-with-1-iri").get_attribute("value") == ""
    browser.find_element(By.ID, "comment").send_keys("neu im Bezirk")
    browser.find_element(By.CSS_SELECTOR, "button.primary").send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: "/workspace/saved" in d.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Als Entwurf zur Prüfung gespeichert"
    assert_no_serious_violations(axe(browser))


def test_a_date_that_does_not_exist_is_shown_next_to_its_field(
    browser: webdriver.Chrome, staff_site: str
) -> None:
    _log_in(browser, staff_site)
    browser.get(f"{staff_site}/workspace/new/organisations")
    browser.find_element(By.ID, "skos-prefLabel-0").send_keys("Verein mit falschem Datum")
    browser.find_element(By.ID, "schema-foundingDate-0").send_keys("2019-02-30")
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.ID, "form-problems"))
    error = browser.find_element(By.ID, "schema-foundingDate-error").text
    # Said once, as what it is: not also the shape's "Höchstens ein Gründungsdatum, als Tag,
    # Monat oder Jahr", a rule of one date, of which there was one (workspace walk).
    assert "gibt es nicht" in error and "Höchstens ein" not in error
    field = browser.find_element(By.ID, "schema-foundingDate-0")
    assert "schema-foundingDate-error" in field.get_attribute("aria-describedby")
    assert field.get_attribute("aria-invalid") == "true"
    missing = browser.find_element(By.ID, "org-classification-error").text
    assert missing == "Art der Organisation fehlt oder ist kein Begriff."
    # The summary takes the focus, so a screen reader announces it first.
    assert browser.switch_to.active_element.get_attribute("id") == "form-problems"
    assert_no_serious_violations(axe(browser))


def _suggestions_said(browser: webdriver.Chrome, page: str, text: str) -> tuple[int, str]:
    """Type `text` into the cooperation's link field of `page`: how many suggestions are
    listed, and what its status (read out by screen readers) says."""
    browser.get(page)
    partner = browser.find_element(By.ID, "cooperates-with-0")
    status = partner.find_element(By.XPATH, "following-sibling::span[@role='status']")
    partner.send_keys(text)
    WebDriverWait(browser, 10).until(lambda d: status.get_attribute("textContent"))
    options = browser.find_elements(By.CSS_SELECTOR, "#cooperates-with-0 ~ ul [role=option]")
    return len(options), status.get_attribute("textContent")


def test_the_suggestions_are_counted_in_the_page_language_and_its_plural(
    browser: webdriver.Chrome, staff_site: str
) -> None:
    """QA: one suggestion was announced as "1 Vorschläge" / "1 suggestions": the script had
    words of its own and put the plural after any number."""
    _log_in(browser, staff_site)
    for lang, one, many in (("de", "Vorschlag", "Vorschläge"), ("en", "suggestion", "suggestions")):
        page = f"{staff_site}/workspace/new/organisations?lang={lang}"
        assert _suggestions_said(browser, page, "Afrodeutsche Studi") == (1, f"1 {one}")
        n, said = _suggestions_said(browser, page, "Berlin")
        assert n > 1 and said == f"{n} {many}", (n, said)


def test_the_forms_focus_ring_stands_out_from_the_page(
    browser: webdriver.Chrome, staff_site: str
) -> None:
    """Audit (WCAG 1.4.11, 2.4.7): the forms drew their own ring in #ffbf47, 1.6:1 on white;
    a focused checkbox looked like the others. Each field reached with Tab, and the summary
    of problems that takes the focus after a refused save, has 3:1."""
    _log_in(browser, staff_site)
    browser.get(f"{staff_site}/workspace/new/organisations")
    browser.find_element(By.CSS_SELECTOR, ".entity-form input[type=text]").send_keys(
        Keys.SHIFT, Keys.TAB
    )
    kinds = set()
    for _ in range(30):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        if not browser.execute_script("return !!document.activeElement.closest('.entity-form')"):
            continue
        ring = focus_ring_contrast(browser)
        kinds.add(browser.execute_script("return document.activeElement.type"))
        assert ring[0] >= 3, ring
    assert {"text", "checkbox"} <= kinds, kinds
    browser.find_element(By.CSS_SELECTOR, ".entity-form button.primary").click()
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return document.activeElement.id === 'form-problems'")
    )
    ring = focus_ring_contrast(browser)
    assert ring[0] >= 3, ring
    # A problem's link leads the focus to its field; a group of checkboxes took none, and
    # the focus fell back to the page's start (WCAG 2.4.3).
    links = browser.find_elements(By.CSS_SELECTOR, "#form-problems a")
    to_group = [a for a in links if a.get_attribute("href").endswith("classification-0")]
    assert to_group, [a.get_attribute("href") for a in links]
    to_group[0].send_keys(Keys.ENTER)
    focused = browser.execute_script(
        "const el = document.activeElement; return [el.tagName, el.getAttribute('role'), el.id];"
    )
    assert focused[1] == "group" and focused[2].endswith("classification-0"), focused


#: Each checkbox of the form's groups: its box, its label and the box after it, in px.
CHOICES = """
return Array.from(document.querySelectorAll('.entity-form .choices')).map(group => {
  const boxes = Array.from(group.querySelectorAll('input[type=checkbox]'));
  return boxes.map((box, i) => {
    const b = box.getBoundingClientRect();
    const l = group.querySelector(`label[for="${box.id}"]`).getBoundingClientRect();
    const next = boxes[i + 1] ? boxes[i + 1].getBoundingClientRect() : null;
    return {label: l.left, label_right: l.right, box: b.left, box_right: b.right, top: b.top,
            next: next && {left: next.left, top: next.top}};
  });
});
"""


@pytest.mark.parametrize("width", [390, 1366])
def test_each_checkbox_stands_with_its_own_label(
    browser: webdriver.Chrome, staff_site: str, width: int
) -> None:
    """The topics' 22 checkboxes flowed in rows: a box stood 15 px after the label before
    it, as near as to its own ("Antirassismus [ ] Bildung"). Now they stand in columns: a
    label follows its box, the next box in a row keeps a column's gap from it, and the boxes
    of a column line up."""
    _log_in(browser, staff_site)
    browser.set_window_size(width, 900)
    try:
        browser.get(f"{staff_site}/workspace/new/organisations")
        groups = browser.execute_script(CHOICES)
    finally:
        browser.set_window_size(1280, 900)
    assert len(groups) >= 2 and max(len(g) for g in groups) >= 20
    for group in groups:
        for choice in group:
            assert 0 <= choice["label"] - choice["box_right"] <= 20, choice
            after = choice["next"]
            if after and abs(after["top"] - choice["top"]) < 2:  # the next one in this row
                assert after["left"] - choice["label_right"] >= 24, choice
        lefts = {round(c["box"]) for c in group}
        assert len(lefts) <= max(1, width // 240), lefts  # columns, not a ragged flow


def test_a_link_text_typed_back_to_its_name_keeps_the_entry(
    browser: webdriver.Chrome, staff_site: str
) -> None:
    """Staff walk: in an existing link, typing a letter and deleting it cleared the chosen
    entry, and the save looked the name up anew (it found the site itself, not its naming,
    and was refused). The name typed back keeps the entry; another text clears it."""
    _log_in(browser, staff_site)
    site = "https://w3id.org/akteursgraph/mitte/site/martha-ndumbe-platz"
    browser.get(f"{staff_site}/workspace/edit?iri={site}")
    box = browser.find_element(By.ID, "ag-hasNaming-0")
    hidden = browser.find_element(By.ID, "ag-hasNaming-0-iri")
    chosen = hidden.get_attribute("value")
    assert chosen and "naming" in chosen, chosen
    box.send_keys(Keys.END, "x")
    assert hidden.get_attribute("value") == ""
    box.send_keys(Keys.BACK_SPACE)
    assert hidden.get_attribute("value") == chosen
