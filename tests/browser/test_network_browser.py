"""The interactive network picture: open an organisation's network, click a neighbour, land on
its page."""

from __future__ import annotations

import urllib.parse

import pytest
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

OFFICE = "https://w3id.org/akteursgraph/mitte/organisation/koordinationsstelle-entwicklungspolitik"


@pytest.mark.slow  # a real server and a real browser: about 5 s with their start
def test_click_a_neighbour_in_the_picture(browser: webdriver.Chrome, site: str) -> None:
    browser.delete_all_cookies()
    browser.get(f"{site}/network/ego?" + urllib.parse.urlencode({"iri": OFFICE}))
    WebDriverWait(browser, 20).until(
        lambda d: d.execute_script("return !!window.AKTEURSGRAPH_NETWORK")
    )
    box = browser.find_element(By.ID, "cy")
    assert box.is_displayed()
    # WebDriver offsets count from the centre of the element's visible part: show it whole.
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", box)
    target = browser.execute_script(
        """const cy = window.AKTEURSGRAPH_NETWORK;
           const n = cy.nodes().filter(n => n.data('distance') === 1
                                          && n.data('kind') === 'organisations')[0];
           const p = n.renderedPosition();
           return {x: p.x, y: p.y, label: n.data('label'), url: n.data('url')};"""
    )
    size = box.size
    ActionChains(browser).move_to_element_with_offset(
        box, int(target["x"] - size["width"] / 2), int(target["y"] - size["height"] / 2)
    ).click().perform()
    WebDriverWait(browser, 10).until(lambda d: "/network/ego" not in d.current_url)
    assert browser.current_url.endswith(target["url"])
    assert browser.find_element(By.TAG_NAME, "h1").text == target["label"]
