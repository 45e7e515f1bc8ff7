"""What office staff do, in a real browser: find a speaker by topic and language, and read a
site's naming history, starting from the home page, in German and in English."""

from __future__ import annotations

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

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


def _select_starting_with(select: Select, text: str) -> None:
    for option in select.options:
        if option.text.startswith(text):
            select.select_by_visible_text(option.text)
            return
    raise AssertionError(f"no option starting with {text!r}: {[o.text for o in select.options]}")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_home_to_a_speaker_by_topic_and_language(
    browser: webdriver.Chrome, site: str, lang: str
) -> None:
    t = TEXT[lang]
    browser.delete_all_cookies()
    browser.get(f"{site}/?lang={lang}")
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


@pytest.mark.parametrize("lang", ["de", "en"])
def test_home_to_a_sites_naming_history(browser: webdriver.Chrome, site: str, lang: str) -> None:
    t = TEXT[lang]
    browser.delete_all_cookies()
    browser.get(f"{site}/?lang={lang}")
    browser.find_element(By.LINK_TEXT, t["sites"]).click()
    WebDriverWait(browser, 10).until(lambda d: "/sites" in d.current_url)
    browser.find_element(By.LINK_TEXT, "Manga-Bell-Platz").click()
    WebDriverWait(browser, 10).until(lambda d: "/site/manga-bell-platz" in d.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Manga-Bell-Platz"
    history = browser.find_element(By.ID, "h-namings")
    assert history.text == t["history"]
    entries = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".timeline h3")]
    assert any(e.startswith("Nachtigalplatz") for e in entries)
    assert any(e.startswith("Manga-Bell-Platz") for e in entries)
