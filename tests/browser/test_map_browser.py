"""The sites' map in a real browser: Leaflet's own controls speak the interface language
(static/map.js); its zoom buttons and the title of its credit link were English on the German
page."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from ..conftest import copy_store, run_cli, running_server
from .conftest import clear_cookies

CONTROLS = """
const q = (s) => document.querySelector(s);
const zin = q('#site-map .leaflet-control-zoom-in');
const zout = q('#site-map .leaflet-control-zoom-out');
const credit = q('#site-map .leaflet-control-attribution a');
return {zoom_in: [zin.title, zin.getAttribute('aria-label')],
        zoom_out: [zout.title, zout.getAttribute('aria-label')],
        credit: credit && credit.title};
"""


@pytest.mark.parametrize(
    ("lang", "zoom_in", "zoom_out", "credit"),
    [
        ("de", "Vergrößern", "Verkleinern", "Eine JavaScript-Bibliothek für interaktive Karten"),
        ("en", "Zoom in", "Zoom out", "A JavaScript library for interactive maps"),
    ],
)
def test_the_maps_controls_speak_the_interface_language(
    browser: webdriver.Chrome, site: str, lang: str, zoom_in: str, zoom_out: str, credit: str
) -> None:
    browser.get(f"{site}/sites?lang={lang}")
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script(
            "return !!document.querySelector('#site-map .leaflet-control-zoom-in')"
        )
    )
    shown = browser.execute_script(CONTROLS)
    assert shown == {
        "zoom_in": [zoom_in, zoom_in],
        "zoom_out": [zoom_out, zoom_out],
        "credit": credit,
    }


POPUP = """
const popup = document.querySelector('#site-map .leaflet-popup');
const close = popup && popup.querySelector('.leaflet-popup-close-button');
const active = document.activeElement;
return {open: !!popup, close: close && close.getAttribute('aria-label'),
        focus_in_popup: !!(popup && popup.contains(active)),
        focus_label: active && active.getAttribute('aria-label'),
        focus_text: active && active.textContent.trim()};
"""


@pytest.mark.parametrize(("lang", "close"), [("de", "Schließen"), ("en", "Close")])
def test_a_sites_popup_by_keyboard_gets_the_focus_and_esc_closes_it(
    browser: webdriver.Chrome, site: str, lang: str, close: str
) -> None:
    """Space on a site opened its popup, but the focus stayed on the marker: the popup's link
    came only after every other site, then a close button labelled "Close popup" on a German
    page (WCAG 2.4.3, 3.1.2); Esc did nothing. Now the popup takes the focus on its link, its
    close button speaks the page's language, and Esc closes it and returns to the site."""
    browser.get(f"{site}/sites?lang={lang}")
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return !!document.querySelector('#site-map path[tabindex]')")
    )
    marker = browser.find_element(By.CSS_SELECTOR, "#site-map path[tabindex]")
    name = marker.get_attribute("aria-label")
    marker.send_keys(Keys.SPACE)
    WebDriverWait(browser, 10).until(lambda d: d.execute_script(POPUP)["open"])
    shown = browser.execute_script(POPUP)
    assert shown["close"] == close
    assert shown["focus_in_popup"] and shown["focus_text"] == name
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    WebDriverWait(browser, 10).until(lambda d: not d.execute_script(POPUP)["open"])
    assert browser.execute_script(POPUP)["focus_label"] == name
    clear_cookies(browser)  # the lang cookie must not reach the next test


TOOLTIPS = "return document.querySelectorAll('#site-map .leaflet-tooltip').length;"


def test_esc_takes_away_a_sites_name_shown_by_focus_or_by_pointing(
    browser: webdriver.Chrome, site: str
) -> None:
    """Audit (WCAG 1.4.13): a site's name, shown while it had the focus or the pointer, stayed
    after Esc, over four other sites."""
    from selenium.webdriver.common.action_chains import ActionChains

    browser.get(f"{site}/sites?lang=de")
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return !!document.querySelector('#site-map path[tabindex]')")
    )
    markers = browser.find_elements(By.CSS_SELECTOR, "#site-map path[tabindex]")
    browser.execute_script("arguments[0].focus();", markers[0])
    WebDriverWait(browser, 5).until(lambda d: d.execute_script(TOOLTIPS) == 1)
    markers[0].send_keys(Keys.ESCAPE)
    WebDriverWait(browser, 5).until(lambda d: d.execute_script(TOOLTIPS) == 0)
    browser.execute_script("document.activeElement.blur();")
    ActionChains(browser).move_to_element(markers[-1]).perform()
    WebDriverWait(browser, 5).until(lambda d: d.execute_script(TOOLTIPS) == 1)
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    WebDriverWait(browser, 5).until(lambda d: d.execute_script(TOOLTIPS) == 0)


def test_a_sites_name_stays_while_the_pointer_is_on_it(
    browser: webdriver.Chrome, site: str
) -> None:
    """Audit (WCAG 1.4.13 "hoverable"): a site's name shown by pointing vanished as the
    pointer moved onto it. It stays there now, and goes once the pointer has left both."""
    from selenium.webdriver.common.action_chains import ActionChains

    browser.get(f"{site}/sites?lang=de")
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return !!document.querySelector('#site-map path[tabindex]')")
    )
    assert browser.execute_script(TOOLTIPS) == 0  # none shown before any pointing
    marker = browser.find_elements(By.CSS_SELECTOR, "#site-map path[tabindex]")[-1]
    ActionChains(browser).move_to_element(marker).perform()
    WebDriverWait(browser, 5).until(lambda d: d.execute_script(TOOLTIPS) == 1)
    name = browser.find_element(By.CSS_SELECTOR, "#site-map .leaflet-tooltip")
    ActionChains(browser).move_to_element(name).perform()
    time.sleep(0.6)  # longer than the moment a name waits for the pointer to come back
    assert browser.execute_script(TOOLTIPS) == 1
    assert name.is_displayed()
    ActionChains(browser).move_to_element(browser.find_element(By.TAG_NAME, "h1")).perform()
    WebDriverWait(browser, 5).until(lambda d: d.execute_script(TOOLTIPS) == 0)


@pytest.fixture(scope="module")
def one_site(vocab_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Another office's site with its first colonial-history site, and no tile server."""
    store = copy_store(vocab_store_template, tmp_path_factory.mktemp("one-site"))
    data = Path(__file__).parents[1] / "data/one-site.ttl"
    loaded = run_cli("load", "--graph", "public/sites", str(data), store=store)
    assert loaded.returncode == 0, loaded.stderr
    with running_server(store) as url:
        yield url


def test_a_single_site_is_drawn_and_the_map_can_zoom(
    browser: webdriver.Chrome, one_site: str
) -> None:
    """A new office's first site was not drawn: the map fitted itself to one point with no
    greatest zoom (no tile layer sets one), the marker's path was "M0 0" and "+" was off."""
    browser.get(f"{one_site}/sites")
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return !!document.querySelector('#site-map path[tabindex]')")
    )
    drawn = browser.execute_script(
        "const p = document.querySelector('#site-map path[tabindex]');"
        "const box = p.getBoundingClientRect();"
        "const map = p.closest('#site-map').getBoundingClientRect();"
        "const zin = document.querySelector('#site-map .leaflet-control-zoom-in');"
        "return {d: p.getAttribute('d'), w: box.width, inside: box.left >= map.left &&"
        " box.right <= map.right && box.top >= map.top && box.bottom <= map.bottom,"
        " zoom_in_off: zin.classList.contains('leaflet-disabled')};"
    )
    assert drawn["d"] != "M0 0" and drawn["w"] >= 10 and drawn["inside"], drawn
    assert not drawn["zoom_in_off"], drawn


def test_a_focused_site_is_ringed_above_its_neighbours(
    browser: webdriver.Chrome, site: str
) -> None:
    """Audit (WCAG 2.4.7): the focus style of a site close to others was drawn under them and
    under its own name; a ring of its own is drawn on top, its name above it."""
    browser.get(f"{site}/sites")
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return !!document.querySelector('#site-map path[tabindex]')")
    )
    marker = browser.find_element(By.CSS_SELECTOR, "#site-map path[tabindex]")
    order_before = browser.execute_script(
        "return Array.from(document.querySelectorAll('#site-map path[tabindex]'))"
        ".map((p) => p.getAttribute('aria-label'));"
    )
    marker.send_keys(Keys.TAB)  # to the next site
    marker = browser.switch_to.active_element
    shown = browser.execute_script(
        """const el = document.activeElement, paths = Array.from(el.parentNode.children);
           const ring = document.querySelector('#site-map .site-map__ring');
           const tip = document.querySelector('#site-map .leaflet-tooltip');
           const a = ring && ring.getBoundingClientRect(), b = el.getBoundingClientRect();
           const t = tip && tip.getBoundingClientRect();
           return {ring_on_top: !!ring && paths.indexOf(ring) === paths.length - 1,
                   around: !!a && a.left <= b.left && a.right >= b.right,
                   tip_above: !!t && t.bottom <= a.top + 1,
                   order: Array.from(document.querySelectorAll('#site-map path[tabindex]'))
                     .map((p) => p.getAttribute('aria-label'))};"""
    )
    assert shown["ring_on_top"] and shown["around"] and shown["tip_above"], shown
    assert shown["order"] == order_before  # the Tab order stays
    marker.send_keys(Keys.SHIFT, Keys.TAB)  # back: one ring, around the site with the focus
    rings = browser.execute_script(
        "return document.querySelectorAll('#site-map .site-map__ring').length"
    )
    assert rings == 1


@pytest.mark.slow  # a real server and a real browser
def test_without_javascript_no_empty_map_is_shown(browser: webdriver.Chrome, site: str) -> None:
    """Without JavaScript the list of sites began with the heading "Karte" over an empty
    region "Karte der Orte" (343x384 px on a phone), and a note that the map shows every
    site (keyboard walk without JavaScript). The map's section is the script's to show."""
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.get(f"{site}/sites")
        without = browser.execute_script(
            """const box = document.getElementById('site-map');
               return {map: box.getClientRects().length,
                       heading: document.getElementById('map-heading').getClientRects().length,
                       sites: document.querySelectorAll('main li a[href^="/site/"]').length};"""
        )
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    assert without["map"] == 0 and without["heading"] == 0, without
    assert without["sites"] >= 5, without  # the list stays
    browser.get(f"{site}/sites")
    WebDriverWait(browser, 20).until(
        lambda d: d.execute_script("return !!document.querySelector('#site-map path[tabindex]')")
    )
    assert browser.find_element(By.ID, "map-heading").is_displayed()


def test_a_site_outside_the_view_is_brought_into_it_when_focused(
    browser: webdriver.Chrome, site: str
) -> None:
    """Browser walk (WCAG 2.4.7): zoomed in by keyboard, Tab went on to sites outside the
    map's view: their ring and name stood outside the map, their path undrawn ("M0 0"), and
    a keyboard user saw no focus at all. The map now moves to the site that takes the focus."""
    browser.get(f"{site}/sites")
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return !!document.querySelector('#site-map path[tabindex]')")
    )
    area = browser.find_element(By.CSS_SELECTOR, "#site-map")
    for _ in range(3):
        area.send_keys("+")
        time.sleep(0.4)  # Leaflet's zoom animation: 0.25 s; by hand a key comes after it
    WebDriverWait(browser, 10).until(  # drawn at the new zoom: no scaling left on the layer
        lambda d: d.execute_script(
            "const svg = document.querySelector('#site-map svg');"
            "return !document.querySelector('#site-map.leaflet-zoom-anim')"
            " && !/scale/.test(svg.style.transform)"
        )
    )
    seen = []
    for _ in range(8):  # every site of the example, in the Tab order
        browser.switch_to.active_element.send_keys(Keys.TAB)
        shown = browser.execute_script(
            """const el = document.activeElement;
               if (!el.closest('#site-map') || el.tagName !== 'path') return null;
               const b = el.getBoundingClientRect();
               const m = el.closest('#site-map').getBoundingClientRect();
               return {name: el.getAttribute('aria-label'), d: el.getAttribute('d'),
                       inside: b.left >= m.left && b.right <= m.right && b.top >= m.top
                               && b.bottom <= m.bottom};"""
        )
        if shown is None:
            break
        seen.append(shown)
    assert len(seen) >= 2, seen
    hidden = [s for s in seen if s["d"] == "M0 0" or not s["inside"]]
    assert not hidden, hidden
