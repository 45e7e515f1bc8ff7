"""WCAG 2.1 AA in a real browser: axe-core on each page in English, JavaScript on (the German
pages, every kind at a phone's and a desktop's size, are checked by test_viewports.py).

Each page: no axe-core violation of impact serious or critical, nothing requested from another
host, exactly one h1, and <html lang> in the page's language. The query editor is checked once
more with a result on show (YASR's table, then our bar chart).
"""

from __future__ import annotations

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import (
    assert_no_serious_violations,
    axe,
    clear_cookies,
    clear_performance_log,
    describe,
    requests_to_other_hosts,
)

PAGES = [
    pytest.param("/?lang=en", "en", id="home-en"),
    pytest.param("/sparql/editor?lang=en", "en", id="editor-en"),
    pytest.param("/organisations?lang=en&sort=date", "en", id="organisations-en"),
    pytest.param("/site/manga-bell-platz?lang=en", "en", id="site-en"),
    pytest.param("/speakers?lang=en", "en", id="speakers-en"),
    pytest.param("/download/?lang=en", "en", id="download-en"),
    pytest.param(
        "/reconcile/preview?id=https%3A%2F%2Fw3id.org%2Fakteursgraph%2Fmitte%2Fexample"
        "%2Forganisation%2Fafghanische-frauenwerkstatt-tiergarten&lang=de",
        "de",
        id="reconcile-preview-de",
    ),
    pytest.param(
        "/network/ego?iri=https%3A%2F%2Fw3id.org%2Fakteursgraph%2Fmitte%2Forganisation"
        "%2Fkoordinationsstelle-entwicklungspolitik&lang=en",
        "en",
        id="ego-en",
    ),
]

# Left out of the axe run: nothing now. (YASGUI's tab bar was, while its "+" button stood
# inside its role="tablist" (axe's aria-required-children, critical); static/editor/setup.js
# moves the button beside the list, and test_editor_browser checks the bar with two tabs.)
YASGUI_EXCLUDED: list[str] = []
# (YASR's "Page size:" <select>, which YASR leaves without an accessible name, was left out
# here too until static/editor/german.js named it.)


def load(driver: webdriver.Chrome, url: str) -> None:
    """Open `url` and wait until its scripts have run (and the query editor is up, if any)."""
    driver.get(url)
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script(
            "return document.readyState === 'complete' && (!document.getElementById('yasgui')"
            " || !!(window.AKTEURSGRAPH && window.AKTEURSGRAPH.yasgui))"
        )
    )


@pytest.mark.parametrize(("path", "lang"), PAGES)
def test_page_is_accessible_and_self_contained(
    browser: webdriver.Chrome, site: str, path: str, lang: str
) -> None:
    clear_cookies(browser)  # the language chosen on an earlier page must not carry over
    clear_performance_log(browser)
    if path.startswith("/download/"):
        wait_for_a_dump(site)  # the page with a version's table, not the empty one
    load(browser, site + path)

    assert_no_serious_violations(axe(browser, exclude=YASGUI_EXCLUDED))
    assert requests_to_other_hosts(browser, site) == []
    assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang


def wait_for_a_dump(site: str, timeout: float = 60.0) -> None:
    """Until the server has made its first dump version (a few seconds after start-up)."""
    import json
    import time
    import urllib.request

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with urllib.request.urlopen(site + "/download/index.json") as answer:
            if json.load(answer)["versions"]:
                return
        time.sleep(0.2)
    pytest.fail("no dump version within 60 s")


VISIBLE_RESULT_ROWS = """
return Array.from(document.querySelectorAll('.yasr .dataTable tbody tr'))
  .filter((row) => row.offsetParent !== null).length;
"""


def test_editor_with_a_result_is_accessible(browser: webdriver.Chrome, site: str) -> None:
    clear_performance_log(browser)
    load(browser, site + "/sparql/editor")
    # The first gallery entry (organisations per district): a table of labels and counts.
    browser.find_element(By.CSS_SELECTOR, "button[data-gallery-id]").click()
    WebDriverWait(browser, 30).until(lambda d: d.execute_script(VISIBLE_RESULT_ROWS) > 0)

    assert_no_serious_violations(axe(browser, exclude=YASGUI_EXCLUDED))

    buttons = browser.find_elements(By.CSS_SELECTOR, ".yasr .select_barchart")
    chart = next(b for b in buttons if b.is_displayed())
    chart.click()
    WebDriverWait(browser, 30).until(
        lambda d: any(f.is_displayed() for f in d.find_elements(By.CSS_SELECTOR, ".ag-chart svg"))
    )
    assert_no_serious_violations(axe(browser, exclude=YASGUI_EXCLUDED))
    assert requests_to_other_hosts(browser, site) == []


def test_the_axe_helper_reports_what_a_page_gets_wrong(
    browser: webdriver.Chrome, site: str
) -> None:
    """The check every page's test relies on can fail: a picture without a text alternative
    and a link without a name, put on the home page, are reported with their impact (axe runs
    with only its violations kept, `resultTypes`)."""
    load(browser, site + "/")
    browser.execute_script(
        "const main = document.querySelector('main');"
        "main.append(document.createElement('img'));"
        "const a = document.createElement('a'); a.href = '/x'; main.append(a);"
    )
    found = {v["id"]: v["impact"] for v in axe(browser)}
    assert found.get("image-alt") == "critical" and found.get("link-name") == "serious", found
    assert "image-alt" in describe(axe(browser))


def test_clearing_cookies_forgets_those_of_a_site_not_on_show(
    browser: webdriver.Chrome, site: str
) -> None:
    """Every module starts from no cookies (`clear_cookies`), whichever page the one before
    left on show: WebDriver's `delete_all_cookies` on a data: page kept the site's `lang=en`
    cookie, and the next module's pages came in English."""
    load(browser, site + "/?lang=en")
    assert any(c["name"] == "lang" for c in browser.get_cookies()), browser.get_cookies()
    browser.get("data:text/html,<title>elsewhere</title>")
    clear_cookies(browser)
    load(browser, site + "/")
    assert browser.get_cookies() == []
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "de"


PLACEHOLDER_CONTRAST = """
// Through a canvas: KERN gives its colours in oklch(), which no pattern reads as RGB.
const pen = document.createElement('canvas').getContext('2d', {willReadFrequently: true});
const lum = (c) => { pen.clearRect(0, 0, 1, 1); pen.fillStyle = c; pen.fillRect(0, 0, 1, 1);
  const [r, g, b] = [...pen.getImageData(0, 0, 1, 1).data].slice(0, 3).map((v) => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
return [...document.querySelectorAll('input[placeholder], textarea[placeholder]')]
  .filter((f) => f.offsetParent !== null).map((f) => {
    const text = lum(getComputedStyle(f, '::placeholder').color);
    const back = lum(getComputedStyle(f).backgroundColor);
    const [hi, lo] = text > back ? [text, back] : [back, text];
    return [f.id || f.name, (hi + 0.05) / (lo + 0.05)]; });
"""


@pytest.mark.parametrize("path", ["/", "/network?lang=de"])
def test_placeholders_are_readable(browser: webdriver.Chrome, site: str, path: str) -> None:
    """axe does not measure placeholders: the browser's grey stood at 4.2:1 on KERN's field
    grey, and the header search's only hint of what it searches is one (audit, 1.4.3)."""
    browser.get(site + path)
    fields = browser.execute_script(PLACEHOLDER_CONTRAST)
    assert fields and all(ratio >= 4.5 for _, ratio in fields), fields
