"""The query editor in a real browser: the modules in webapp/static/editor/ start YASGUI, take
over from the plain forms, open permalinks and gallery queries with the PREFIX lines the
server added (akteursgraph.sparql.prefixes), and share links that are this page's permalinks."""

from __future__ import annotations

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
