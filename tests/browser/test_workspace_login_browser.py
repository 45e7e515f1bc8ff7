"""The workspace's login and account pages in a real browser: with the keyboard alone, in
German and English, and without a serious or critical axe-core violation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from akteursgraph.accounts import Accounts

from ..conftest import STAFF_PASSWORD, copy_store, running_server
from .conftest import (
    assert_no_serious_violations,
    axe,
    clear_cookies,
    clear_performance_log,
    requests_to_other_hosts,
)

PAGES = ["/workspace/", "/workspace/account", "/workspace/accounts"]


@pytest.fixture(scope="module")
def staff_site(
    example_store_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    path = copy_store(example_store_template, tmp_path_factory.mktemp("staff-site"))
    Accounts(path).add("admin", "admin", STAFF_PASSWORD)
    with running_server(path, "--workers", "1") as url:
        yield url


def _focused(driver: webdriver.Chrome) -> WebElement:
    return driver.switch_to.active_element


def _tab_to(driver: webdriver.Chrome, element_id: str, limit: int = 40) -> None:
    """Press Tab until the element has the focus, as a keyboard user does."""
    for _ in range(limit):
        if _focused(driver).get_attribute("id") == element_id:
            return
        _focused(driver).send_keys(Keys.TAB)
    raise AssertionError(f"#{element_id} never got the focus by Tab")


def _log_in_by_keyboard(driver: webdriver.Chrome, site: str, password: str) -> None:
    driver.get(site + "/login")
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    _tab_to(driver, "login-name")
    _focused(driver).send_keys("admin")
    _focused(driver).send_keys(Keys.TAB)
    assert _focused(driver).get_attribute("id") == "login-password"
    _focused(driver).send_keys(password + Keys.ENTER)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_login_and_account_pages_by_keyboard_and_accessible(
    browser: webdriver.Chrome, staff_site: str, lang: str
) -> None:
    clear_cookies(browser)
    browser.get(staff_site + f"/login?lang={lang}")
    assert_no_serious_violations(axe(browser))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    # a wrong password: the message is tied to the fields, and axe is still content
    _log_in_by_keyboard(browser, staff_site, "not the password")
    # Enter submits; the answer page comes when it comes (a fresh-clone run looked too soon)
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.ID, "login-error"))
    error = browser.find_element(By.ID, "login-error")
    assert error.is_displayed()
    described = browser.find_element(By.ID, "login-password").get_attribute("aria-describedby")
    assert described == "login-error"
    assert_no_serious_violations(axe(browser))
    _log_in_by_keyboard(browser, staff_site, STAFF_PASSWORD)
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("/workspace/"))
    for path in PAGES:
        clear_performance_log(browser)
        browser.get(staff_site + path)
        assert_no_serious_violations(axe(browser))
        assert requests_to_other_hosts(browser, staff_site) == []
        assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1
    # the second factor's set-up (the QR code and the key on the page)
    browser.get(staff_site + "/workspace/account")
    browser.find_element(By.CSS_SELECTOR, "#totp-section button").send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.ID, "totp-secret"))
    assert browser.find_elements(By.CSS_SELECTOR, ".totp-qr svg")
    assert_no_serious_violations(axe(browser))
    # log out by keyboard
    logout = browser.find_element(By.CSS_SELECTOR, ".workspace-nav form button")
    logout.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: "/login" in d.current_url)
    browser.get(staff_site + "/workspace/")
    assert "/login" in browser.current_url


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_accounts_roles_are_read_whole_on_a_phone(
    browser: webdriver.Chrome, staff_site: str, lang: str
) -> None:
    """At 390 px each account's role read "Ver…" or "a…": the table squeezed its choice
    to 102 px (81 in English), of which its padding took 56 (workspace walk on a phone)."""
    clear_cookies(browser)
    browser.set_window_size(390, 844)
    try:
        browser.get(staff_site + f"/login?lang={lang}")
        _log_in_by_keyboard(browser, staff_site, STAFF_PASSWORD)
        WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("/workspace/"))
        browser.get(staff_site + f"/workspace/accounts?lang={lang}")
        cut = browser.execute_script(
            """const canvas = document.createElement('canvas').getContext('2d');
               return [...document.querySelectorAll('.account-role select')].map(s => {
                 const style = getComputedStyle(s);
                 canvas.font = style.font;
                 const text = s.options[s.selectedIndex].text;
                 const room = s.clientWidth - parseFloat(style.paddingLeft)
                              - parseFloat(style.paddingRight);
                 return [text, Math.ceil(canvas.measureText(text).width), Math.floor(room)];
               }).filter(([, needs, room]) => needs > room);"""
        )
        page = browser.execute_script(
            "const d = document.documentElement; return [d.scrollWidth, d.clientWidth];"
        )
    finally:
        browser.set_window_size(1280, 900)
    assert cut == [], cut
    assert page[0] <= page[1], page  # the table scrolls in its box, not the page


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_account_page_with_a_token_stays_on_a_phones_screen(
    browser: webdriver.Chrome, staff_site: str, lang: str
) -> None:
    """Walk of 2026-12-07: once a token was made, "Mein Konto" was 586 px wide at 390 px (530
    in English), its token table 573 px wide, though it stands in KERN's scrolling box."""
    clear_cookies(browser)
    browser.set_window_size(390, 844)
    try:
        _log_in_by_keyboard(browser, staff_site, STAFF_PASSWORD)
        WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("/workspace/"))
        browser.get(staff_site + f"/workspace/account?lang={lang}")
        browser.find_element(By.ID, "token-label").send_keys("Testskript" + Keys.ENTER)
        WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.ID, "new-token"))
        page = browser.execute_script(
            "const d = document.documentElement; return [d.scrollWidth, d.clientWidth,"
            " [...document.querySelectorAll('body *')].filter(e =>"
            " e.getBoundingClientRect().right > d.clientWidth + 1).map(e => e.tagName + '.'"
            " + e.className).slice(0, 8)];"
        )
    finally:
        browser.set_window_size(1280, 900)
    assert page[0] <= page[1], page  # the table scrolls in its box, not the page


@pytest.fixture(scope="module")
def short_login_site(
    example_store_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A workspace whose logins end after 24 s without a request."""
    path = copy_store(example_store_template, tmp_path_factory.mktemp("short-login"))
    Accounts(path).add("admin", "admin", STAFF_PASSWORD)
    env = {"AKTEURSGRAPH_IDLE_MINUTES": "0.4"}
    with running_server(path, "--workers", "1", env=env) as url:
        yield url


@pytest.mark.slow  # waits past the end of a (short) login: about 35 s
def test_before_the_login_ends_a_warning_offers_to_stay(
    browser: webdriver.Chrome, short_login_site: str
) -> None:
    """WCAG 2.2.1: the login ended after its idle time without a word, and a form filled
    slowly was lost (accessibility audit). A warning comes before the end, as an alert, and
    its button, pressed by keyboard, keeps the login for the whole idle time from then."""
    import time

    clear_cookies(browser)
    _log_in_by_keyboard(browser, short_login_site, STAFF_PASSWORD)
    browser.get(short_login_site + "/workspace/account?lang=de")
    opened = time.monotonic()
    warning = browser.find_element(By.ID, "session-warning")
    said = browser.find_element(By.ID, "session-warning-text")
    assert not warning.is_displayed() and said.get_attribute("role") == "alert"
    WebDriverWait(browser, 22).until(lambda d: warning.is_displayed())
    assert "endet Ihre Anmeldung" in said.text
    assert _focused(browser).get_attribute("id") == "session-stay"  # one key away
    _focused(browser).send_keys(Keys.ENTER)
    WebDriverWait(browser, 5).until(lambda d: not warning.is_displayed())
    time.sleep(max(0.0, opened + 30 - time.monotonic()))  # past the first end (24 s)
    browser.get(short_login_site + "/workspace/account?lang=de")
    assert "/login" not in browser.current_url  # still logged in
