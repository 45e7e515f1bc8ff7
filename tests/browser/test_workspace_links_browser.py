"""The workspace's page of links outward in Debian's chromium: axe finds no serious or
critical WCAG 2.1 AA violation with and without suggestions, the page asks no other host,
and an editor chooses a candidate and confirms with the keyboard alone (issue 15, item 7).
The service asked is our own /reconcile on a second store, served apart."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from akteursgraph.accounts import Accounts

from ..conftest import STAFF_PASSWORD, copy_store, run_cli, running_server
from ..test_reconcile import AFGHAN_LABEL, REMOTE_DATA
from .conftest import (
    assert_no_serious_violations,
    axe,
    clear_performance_log,
    requests_to_other_hosts,
)
from .test_workspace_review_browser import log_in


@pytest.fixture(scope="module")
def links_site(
    example_store_template: Path,
    vocab_store_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """Our site with an editor, configured to ask a second server's /reconcile."""
    folder = tmp_path_factory.mktemp("links-site")
    remote = folder / "remote"
    shutil.copytree(vocab_store_template, remote)
    data = folder / "remote.ttl"
    data.write_text(REMOTE_DATA, encoding="utf-8")
    assert run_cli("load", str(data), "--graph", "public/remote", store=remote).returncode == 0
    path = copy_store(example_store_template, folder)
    Accounts(path).add("edda", "editor", STAFF_PASSWORD)
    with running_server(remote) as remote_url:
        env = {"AKTEURSGRAPH_LINK_ENDPOINTS": f"Remote={remote_url}/reconcile"}
        with running_server(path, env=env) as url:
            yield url


def wait(driver: webdriver.Chrome) -> None:
    WebDriverWait(driver, 60).until(
        lambda d: d.execute_script("return document.readyState === 'complete'")
    )


def test_the_links_page_is_accessible_and_works_with_the_keyboard(
    browser: webdriver.Chrome, links_site: str
) -> None:
    log_in(browser, links_site, "edda")
    for path in ("/workspace/links", "/workspace/links?service=Remote&kind=organisations"):
        clear_performance_log(browser)
        browser.get(links_site + path)
        wait(browser)
        assert_no_serious_violations(axe(browser))
        assert requests_to_other_hosts(browser, links_site) == [], path
        assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1
    assert AFGHAN_LABEL in browser.page_source
    # The service's certain match is chosen already: Tab to the button, Enter confirms.
    button = browser.find_element(
        By.CSS_SELECTOR, "form[method=post][action='/workspace/links'] button[type=submit]"
    )
    for _ in range(200):
        if browser.switch_to.active_element == button:
            break
        browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element == button
    button.send_keys(Keys.ENTER)
    wait(browser)
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "als Entwurf gespeichert" in main, main
