"""The sites' map in a real browser: Leaflet's own controls speak the interface language
(static/map.js); its zoom buttons and the title of its credit link were English on the German
page."""

from __future__ import annotations

import pytest
from selenium import webdriver
from selenium.webdriver.support.ui import WebDriverWait

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
