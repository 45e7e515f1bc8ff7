"""Another office's logo in the site's header, in a real browser: a wide wordmark keeps its
width (it was squeezed into a 48 px square, about 48 x 16 px for a 120 x 40 logo), a square
emblem stays a square, and neither pushes the page wider than a phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.support.ui import WebDriverWait

from akteursgraph.publish.settings import raw_publication, set_publication

from ..conftest import copy_store, running_server

WIDE = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
    b'<rect width="120" height="40" fill="#004b76"/></svg>'
)


@pytest.fixture(scope="module")
def wide_logo_site(
    example_store_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    store = copy_store(example_store_template, tmp_path_factory.mktemp("logo"))
    (store / "wordmark.svg").write_bytes(WIDE)
    set_publication(store, {**raw_publication(store), "logo": "wordmark.svg"})
    with running_server(store) as url:
        yield url


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
@pytest.mark.parametrize(
    ("path", "logo"), [("/", ".site-header__logo"), ("/login", ".workspace-header__logo")]
)
def test_a_wide_logo_keeps_its_shape_and_the_page_its_width(
    browser: webdriver.Chrome, wide_logo_site: str, width: int, height: int, path: str, logo: str
) -> None:
    """On the public pages and in the staff workspace (which showed no logo before)."""
    browser.set_window_size(width, height)
    browser.get(wide_logo_site + path)
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return document.querySelector(arguments[0]).complete", logo)
    )
    shape = browser.execute_script(
        "const img = document.querySelector(arguments[0]);"
        "const box = img.getBoundingClientRect();"
        "return [box.width, box.height, document.documentElement.scrollWidth - innerWidth];",
        logo,
    )
    logo_width, logo_height, overflow = shape
    assert logo_height >= 40 and logo_width >= 2.5 * logo_height, shape
    assert overflow <= 0, shape
