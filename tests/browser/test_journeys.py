"""What office staff do, in a real browser: find a speaker by topic and language, and read a
site's naming history (reaching the site on the map by keyboard alone), starting from the home
page: in German on a phone (390x844) and in English on a desktop (1366x900)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from .conftest import clear_cookies, tab_to

TEXT = {
    "de": {
        "speakers": "Referent*innen finden",
        "show": "Referent*innen anzeigen",
        "sites": "Orte der Kolonialgeschichte",
        "history": "Geschichte der Benennung",
        "profile": "Profil als Referent*in",
        "topic": "Kolonialgeschichte",
        "lang": "Arabisch",
    },
    "en": {
        "speakers": "Find a speaker",
        "show": "Show speakers",
        "sites": "Colonial-history sites",
        "history": "Naming history",
        "profile": "Speaker profile",
        "topic": "Colonial history",
        "lang": "Arabic",
    },
}


#: (language, window size): German on a phone, English on a desktop.
JOURNEYS = [("de", (390, 844)), ("en", (1366, 900))]


@pytest.fixture
def sized(browser: webdriver.Chrome) -> Iterator[webdriver.Chrome]:
    """The browser; the size a journey sets is undone after it (others expect 1280x900)."""
    yield browser
    browser.set_window_size(1280, 900)


def _start(browser: webdriver.Chrome, site: str, lang: str, size: tuple[int, int]) -> None:
    browser.set_window_size(*size)
    clear_cookies(browser)
    browser.get(f"{site}/?lang={lang}")


def _select_starting_with(select: Select, text: str) -> None:
    for option in select.options:
        if option.text.startswith(text):
            select.select_by_visible_text(option.text)
            return
    raise AssertionError(f"no option starting with {text!r}: {[o.text for o in select.options]}")


@pytest.mark.parametrize(("lang", "size"), JOURNEYS)
def test_home_to_a_speaker_by_topic_and_language(
    sized: webdriver.Chrome, site: str, lang: str, size: tuple[int, int]
) -> None:
    browser, t = sized, TEXT[lang]
    _start(browser, site, lang, size)
    browser.find_element(By.LINK_TEXT, t["speakers"]).click()
    WebDriverWait(browser, 10).until(lambda d: "/speakers" in d.current_url)
    _select_starting_with(Select(browser.find_element(By.ID, "s-topic")), t["topic"])
    _select_starting_with(Select(browser.find_element(By.ID, "s-language")), t["lang"])
    browser.find_element(By.XPATH, f"//button[normalize-space()='{t['show']}']").click()
    WebDriverWait(browser, 10).until(lambda d: "language=" in d.current_url)
    speakers = browser.find_elements(By.CSS_SELECTOR, ".speaker h2 a")
    assert speakers, "no speaker for this topic and language"
    name = speakers[0].text
    speakers[0].click()
    WebDriverWait(browser, 10).until(lambda d: "/speakers" not in d.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == name
    headings = [h.text for h in browser.find_elements(By.TAG_NAME, "h2")]
    assert t["profile"] in headings
    assert t["lang"] in browser.find_element(By.ID, "h-profile").find_element(By.XPATH, "..").text


@pytest.mark.parametrize(("lang", "size"), JOURNEYS)
def test_home_to_a_sites_naming_history(
    sized: webdriver.Chrome, site: str, lang: str, size: tuple[int, int]
) -> None:
    browser, t = sized, TEXT[lang]
    _start(browser, site, lang, size)
    browser.find_element(By.LINK_TEXT, t["sites"]).click()
    WebDriverWait(browser, 10).until(lambda d: "/sites" in d.current_url)
    # On the map, by keyboard alone: Tab from the top of the page into the map, Tab from site
    # to site (each shows its name while focused) until Manga-Bell-Platz, Enter opens its page.
    WebDriverWait(browser, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#site-map path[role=link]")
    )
    tab_to(browser, "site-map", limit=150)
    seen = []
    for _ in range(60):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        focused = browser.switch_to.active_element
        seen.append(focused.get_attribute("aria-label"))
        if seen[-1] == "Manga-Bell-Platz":
            break
    else:
        raise AssertionError(f"Manga-Bell-Platz not reached on the map by Tab: {seen}")
    assert focused.get_attribute("role") == "link"
    # Its name, shown (read in one script: Leaflet replaces tooltips as the focus moves).
    WebDriverWait(browser, 10).until(
        lambda d: (
            "Manga-Bell-Platz"
            in d.execute_script(
                "return [...document.querySelectorAll('.leaflet-tooltip')].map(t => t.textContent)"
            )
        )
    )
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    WebDriverWait(browser, 10).until(lambda d: "/site/manga-bell-platz" in d.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Manga-Bell-Platz"
    history = browser.find_element(By.ID, "h-namings")
    assert history.text == t["history"]
    entries = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".timeline h3")]
    assert any(e.startswith("Nachtigalplatz") for e in entries)
    assert any(e.startswith("Manga-Bell-Platz") for e in entries)
