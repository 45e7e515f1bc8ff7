"""What a browser walk at 390 and 1366 px found (issue 16, items 2 and 5): a click into the
network picture did not give it the keyboard, a query opened under an example scrolled
sideways without a way there by keyboard (axe: scrollable-region-focusable), the downloads'
file names broke mid-word on a phone, and the editor's buttons stood over the query's text."""

from __future__ import annotations

import urllib.parse

from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import assert_no_serious_violations, axe, clear_cookies
from .test_accessibility import load, wait_for_a_dump

PHONE = (390, 844)
NETWORK = "https://w3id.org/akteursgraph/mitte/example/organisation/dachnetzwerk-globales-mitte"


def test_a_click_into_the_network_picture_gives_it_the_arrow_keys(
    browser: webdriver.Chrome, site: str
) -> None:
    """Its help text says "Klicken Sie ins Bild oder wechseln Sie mit der Tabulatortaste
    hinein": a click into an empty corner left the focus on the page, and ArrowRight did
    nothing (cytoscape cancels the press)."""
    clear_cookies(browser)
    browser.get(f"{site}/network/ego?" + urllib.parse.urlencode({"iri": NETWORK}))
    WebDriverWait(browser, 20).until(
        lambda d: d.execute_script("return !!window.AKTEURSGRAPH_NETWORK")
    )
    box = browser.find_element(By.ID, "cy")
    ActionChains(browser).move_to_element_with_offset(box, 8 - box.size["width"] // 2, 8 - (
        box.size["height"] // 2
    )).click().perform()  # fmt: skip
    assert browser.execute_script("return document.activeElement.id") == "cy"
    ActionChains(browser).send_keys(Keys.ARROW_RIGHT).perform()
    said = browser.find_element(By.ID, "net-focus").get_attribute("textContent")
    assert said.strip(), "no actor announced after the arrow key"
    focused = browser.execute_script("return window.AKTEURSGRAPH_NETWORK.nodes('.focused').length")
    assert focused == 1


def test_an_example_query_opened_is_reached_by_keyboard_where_it_scrolls(
    browser: webdriver.Chrome, site: str
) -> None:
    """axe: scrollable-region-focusable (serious) on the query shown under an example, wider
    than the page at both sizes; 38 of the 39 examples scroll sideways."""
    clear_cookies(browser)
    browser.set_window_size(*PHONE)
    try:
        load(browser, site + "/sparql/editor")
        details = browser.find_elements(By.CSS_SELECTOR, "details")
        opened = [d for d in details if d.find_elements(By.CSS_SELECTOR, "pre")][:3]
        assert opened
        for d in opened:
            browser.execute_script("arguments[0].open = true", d)
        assert browser.execute_script(
            "return [...document.querySelectorAll('details[open] pre')]"
            ".some(p => p.scrollWidth > p.clientWidth)"
        ), "no query shown scrolls sideways: the check proves nothing"
        assert_no_serious_violations(axe(browser))
    finally:
        browser.set_window_size(1280, 900)


FILE_LINES = """
return [...document.querySelectorAll('.downloads td a, .downloads td:nth-child(2)')].map(e => {
  const r = document.createRange();
  r.selectNodeContents(e);
  const rects = [...r.getClientRects()].filter(x => x.width > 0);
  const tops = new Set(rects.map(x => Math.round(x.top)));
  return [e.textContent, tops.size];
});
"""


def test_the_downloads_file_names_stay_whole_on_a_phone(
    browser: webdriver.Chrome, site: str
) -> None:
    """The file column was 82-88 px wide, the names read "akteursg|raph.nt.g|z" and the sizes
    "262.3 / kB", while the checksum kept 205-214 px."""
    wait_for_a_dump(site)
    clear_cookies(browser)
    browser.set_window_size(*PHONE)
    try:
        load(browser, site + "/download/")
        cells = browser.execute_script(FILE_LINES)
        assert cells, "no file in the downloads' tables"
        assert [text for text, lines in cells if lines != 1] == []
        assert browser.execute_script(
            "return document.documentElement.scrollWidth <= window.innerWidth"
        )
    finally:
        browser.set_window_size(1280, 900)


def test_the_editors_buttons_leave_the_query_readable_on_a_phone(
    browser: webdriver.Chrome, site: str
) -> None:
    """The run and share buttons, drawn over the editor's top right, covered "COUNT(DISTINCT
    ?org)" on the query's fourth line at 390 px: no line of the query lies under them."""
    clear_cookies(browser)
    browser.set_window_size(*PHONE)
    try:
        load(browser, site + "/sparql/editor")
        browser.find_element(By.CSS_SELECTOR, "button[data-gallery-id]").click()
        WebDriverWait(browser, 30).until(
            lambda d: d.execute_script(
                "return document.querySelectorAll("
                "'.tabPanel.active .yasqe .CodeMirror-line').length > 3"
            )
        )
        covered = browser.execute_script(
            """const on = document.querySelector('.tabPanel.active .yasqe');
               const b = on.querySelector('.yasqe_buttons').getBoundingClientRect();
               return [...on.querySelectorAll('.CodeMirror-line')].filter(l => {
                 const r = document.createRange();
                 r.selectNodeContents(l);
                 return [...r.getClientRects()].some(x => x.width > 0 && x.right > b.left
                   && x.left < b.right && x.bottom > b.top && x.top < b.bottom);
               }).map(l => l.textContent);"""
        )
        assert covered == []
        drawn = browser.execute_script(
            "return document.querySelector('.tabPanel.active .yasqe .yasqe_buttons')"
            ".getBoundingClientRect().width"
        )
        assert drawn > 0  # the buttons are there to cover something
    finally:
        browser.set_window_size(1280, 900)
