"""The workspace's import and export pages in Debian's chromium (issue 15, items 1 and 5): axe
finds no serious or critical WCAG 2.1 AA violation on the form, the progress page, the report
(with and without a bad row) and the export page; a long list's progress page follows the job
by its script and turns into the report by itself; nothing is asked of another host."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from akteursgraph.accounts import Accounts

from ..conftest import STAFF_PASSWORD, copy_store, running_server
from .conftest import (
    assert_no_serious_violations,
    axe,
    clear_performance_log,
    requests_to_other_hosts,
)
from .test_workspace_review_browser import log_in

HEADER = "Name;Art;Gründung;Themen;Sprachen"


@pytest.fixture(scope="module")
def import_site(
    example_store_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    path = copy_store(example_store_template, tmp_path_factory.mktemp("import-site"))
    Accounts(path).add("edda", "editor", STAFF_PASSWORD)
    with running_server(path) as url:
        yield url


def ready(driver: webdriver.Chrome) -> None:
    WebDriverWait(driver, 60).until(
        lambda d: d.execute_script("return document.readyState === 'complete'")
    )


def checked(driver: webdriver.Chrome, site: str) -> None:
    """One h1, no serious axe finding, nothing from another host."""
    ready(driver)
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1, driver.current_url
    assert_no_serious_violations(axe(driver))
    assert requests_to_other_hosts(driver, site) == [], driver.current_url


def upload(driver: webdriver.Chrome, site: str, file: Path) -> None:
    driver.get(site + "/workspace/import")
    ready(driver)
    driver.find_element(By.ID, "import-file").send_keys(str(file))
    driver.find_element(By.CSS_SELECTOR, "form[enctype] button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: "/workspace/import/" in d.current_url)


def test_the_import_and_export_pages_are_accessible(
    browser: webdriver.Chrome, import_site: str
) -> None:
    log_in(browser, import_site, "edda")
    for path in (
        "/workspace/import",
        "/workspace/import?edit=organisationen",
        "/workspace/export",
        "/workspace/export?mapping=organisationen",
        "/workspace/export?mapping=referentinnen",
    ):
        clear_performance_log(browser)
        browser.get(import_site + path)
        checked(browser, import_site)


def test_a_long_list_shows_its_progress_then_the_report(
    browser: webdriver.Chrome, import_site: str, tmp_path: Path
) -> None:
    log_in(browser, import_site, "edda")
    rows = [f"Initiative Nummer {i} (Beispiel);Initiative;{1990 + i % 30};Bildung;Deutsch"
            for i in range(4000)]  # fmt: skip
    long_list = tmp_path / "viele.csv"
    long_list.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    clear_performance_log(browser)
    upload(browser, import_site, long_list)
    # 4000 rows take seconds to check (here about ten): the progress page comes first
    assert browser.find_elements(By.ID, "import-progress"), browser.page_source
    checked(browser, import_site)
    live = browser.find_element(By.ID, "import-progress-text")
    assert live.get_attribute("aria-live") == "polite"
    # the script (or the refresh) turns the page into the report, nobody reloads it
    WebDriverWait(browser, 180).until(lambda d: d.find_elements(By.ID, "import-counts"))
    checked(browser, import_site)
    assert "4.000 neu" in browser.find_element(By.ID, "import-counts").text
    button = browser.find_element(By.CSS_SELECTOR, "form.workspace-decide button[type=submit]")
    assert button.is_enabled() and button.text == "Zur Prüfung einreichen"


def test_a_bad_row_is_shown_accessibly_and_blocks_the_submission(
    browser: webdriver.Chrome, import_site: str, tmp_path: Path
) -> None:
    log_in(browser, import_site, "edda")
    bad = tmp_path / "fehler.csv"
    bad.write_text(
        f"{HEADER}\nGute Initiative (Beispiel);Initiative;2001;Bildung;Deutsch\n"
        "Schlechte Initiative (Beispiel);Initiative;31.02.2019;Bildung;Deutsch\n",
        encoding="utf-8",
    )
    upload(browser, import_site, bad)
    WebDriverWait(browser, 60).until(lambda d: d.find_elements(By.ID, "import-counts"))
    checked(browser, import_site)
    row = browser.find_element(By.CSS_SELECTOR, "tr.workspace-import-report__invalid")
    assert "Schlechte Initiative" in row.text and "Gründung" in row.text
    button = browser.find_element(By.CSS_SELECTOR, "form.workspace-decide button[type=submit]")
    assert not button.is_enabled()
