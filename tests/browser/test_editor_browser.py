"""The query editor in a real browser: the modules in webapp/static/editor/ start YASGUI, take
over from the plain forms, open permalinks and gallery queries with the PREFIX lines the
server added (akteursgraph.sparql.prefixes), share links that are this page's permalinks, and
YASGUI's own controls in German when the interface is (static/editor/german.js)."""

from __future__ import annotations

import re
import urllib.parse

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from akteursgraph.gallery import load_gallery
from akteursgraph.namespaces import PREFIXES, sparql_prologue

CURRENT_TAB = """
const tab = window.AKTEURSGRAPH.yasgui.getTab();
const yasqe = tab.getYasqe();
yasqe.checkSyntax();
return {name: tab.getName(), query: tab.getQuery(), valid: yasqe.queryValid,
        endpoint: tab.getEndpoint(), share: tab.getShareableLink()};
"""

FIRST_TAB_QUERY = """
const yasgui = window.AKTEURSGRAPH.yasgui;
return yasgui.getTab(yasgui.persistentConfig.getTabs()[0]).getQuery();
"""


#: The texts of YASGUI's controls that a German page must not show (a sample of german.js).
ENGLISH_CONTROLS = {
    "Run query", "Share query", "Add tab", "Add a new tab", "Table", "Response",
    "Download result", "Download Results", "Simple view", "Ellipse", "Page size:",
    "Filter query results", "Close tab", "Open settings", "Settings", "Request method",
}  # fmt: skip

#: YASR's line above a result, in German ("12 Ergebnisse in 0,05 Sekunden").
RESULT_LINE = re.compile(r"\d+ Ergebniss?e? in \d+(,\d+)? Sekunden")

#: The names and titles of the editor's controls (not of the query text nor the result cells).
CONTROL_TEXTS = """
const root = document.getElementById('yasgui');
const q = (sel) => root.querySelector(sel);
const run = q('.yasqe_queryButton');
const add = q('.addTab');
const texts = [];
root.querySelectorAll('*').forEach((el) => {
  if (el.closest('.CodeMirror-scroll, .yasr_results')) return;
  ['title', 'aria-label', 'placeholder'].forEach((a) => {
    if (el.hasAttribute(a)) texts.push(el.getAttribute(a).trim());
  });
  el.childNodes.forEach((n) => {
    if (n.nodeType === 3 && n.nodeValue.trim()) texts.push(n.nodeValue.trim());
  });
});
return {
  run: [run.getAttribute('title'), run.getAttribute('aria-label')],
  share: q('.yasqe_share') && q('.yasqe_share').getAttribute('title'),
  addTab: add && [add.getAttribute('title'), add.getAttribute('aria-label')],
  pager: Array.from(root.querySelectorAll('nav[aria-label]'))
    .map((n) => n.getAttribute('aria-label')),
  views: Array.from(root.querySelectorAll('.yasr_btnGroup button'))
    .map((b) => b.textContent.trim()),
  chips: Array.from(root.querySelectorAll('.yasr_response_chip'))
    .map((c) => c.textContent.trim()).filter((t) => t),
  sizer: q('.tableSizer') && q('.tableSizer').getAttribute('aria-label'),
  all: texts,
};
"""


def open_editor(driver: webdriver.Chrome, url: str) -> None:
    # Cookies ignore the port, so another module's server may have left `lang=en` behind;
    # these tests read the German interface of a first visit.
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    driver.get(url)
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return !!(window.AKTEURSGRAPH && window.AKTEURSGRAPH.yasgui)")
    )


def test_permalink_opens_with_the_prefixes_it_needs(browser: webdriver.Chrome, site: str) -> None:
    query = 'SELECT ?n WHERE { ?x schema:name ?n FILTER(CONTAINS(?n, "foaf:")) } LIMIT 3 # skos:'
    open_editor(browser, site + "/sparql/editor?" + urllib.parse.urlencode({"query": query}))
    tab = browser.execute_script(CURRENT_TAB)
    # Only schema: is used: foaf: is inside a string, skos: inside a comment.
    assert tab["query"] == f"PREFIX schema: <{PREFIXES['schema']}>\n" + query
    assert tab["valid"] is True
    assert tab["endpoint"] == site + "/sparql"
    shared = urllib.parse.urlsplit(tab["share"])
    assert shared.path == "/sparql/editor"
    assert urllib.parse.parse_qs(shared.query) == {"query": [tab["query"]]}
    # The editor took over from the plain form.
    assert not browser.find_element(By.ID, "free-query").is_displayed()
    assert browser.find_element(By.ID, "editor-hint").is_displayed()
    # The first tab of a first visit (this module's server is a new origin) holds the default.
    first = browser.execute_script(FIRST_TAB_QUERY)
    assert first.startswith(sparql_prologue() + "\n# Die häufigsten Klassen")
    assert [e for e in browser.get_log("browser") if e["source"] == "javascript"] == []


def test_gallery_button_loads_its_query_and_runs_it(browser: webdriver.Chrome, site: str) -> None:
    entry = load_gallery()[0]
    open_editor(browser, site + "/sparql/editor")
    button = browser.find_element(By.CSS_SELECTOR, f"button[data-gallery-id='{entry['id']}']")
    assert button.is_displayed()
    button.click()
    status = browser.find_element(By.ID, "editor-status")
    WebDriverWait(browser, 30).until(
        lambda d: status.get_attribute("textContent") == "Das Ergebnis ist da."
    )
    tab = browser.execute_script(CURRENT_TAB)
    title = entry["title"]["de"]
    assert tab["name"] == (title if len(title) <= 32 else title[:31] + "…")
    assert tab["query"].startswith("PREFIX ") and tab["query"].endswith(entry["query"])
    assert tab["valid"] is True

    # YASGUI's own controls speak German (static/editor/german.js), the result line too.
    controls = browser.execute_script(CONTROL_TEXTS)
    assert controls["run"] == ["Abfrage ausführen", "Abfrage ausführen"]  # title, aria-label
    assert controls["share"] == "Abfrage teilen"
    assert controls["addTab"] == ["Tab hinzufügen", "Neuen Tab hinzufügen"]
    assert {"Tabelle", "Antwort"} <= set(controls["views"])
    assert controls["chips"], "no result line"
    assert all(RESULT_LINE.fullmatch(c) for c in controls["chips"])
    assert controls["sizer"] == "Zeilen pro Seite"
    assert controls["pager"] and set(controls["pager"]) == {"Seiten der Ergebnisse"}
    assert [t for t in controls["all"] if t in ENGLISH_CONTROLS] == []
    # ... and English in the English interface.
    open_editor(browser, site + "/sparql/editor?lang=en")
    assert browser.execute_script(CONTROL_TEXTS)["run"] == ["Run query", "Run query"]


def test_without_the_vendor_files_the_plain_forms_stay(
    browser: webdriver.Chrome, site: str
) -> None:
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/vendor/yasgui.min.js"]})
    try:
        browser.get(site + "/sparql/editor")
        box = browser.find_element(By.ID, "yasgui")
        WebDriverWait(browser, 30).until(lambda d: "make assets" in box.text)
        assert browser.find_element(By.ID, "free-query").is_displayed()
        assert not browser.find_element(By.ID, "editor-hint").is_displayed()
        assert not any(
            b.is_displayed() for b in browser.find_elements(By.CSS_SELECTOR, "[data-gallery-id]")
        )
    finally:
        browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
