"""Real-browser fixtures: Debian's headless chromium driven by Selenium, axe-core for WCAG checks.

The browser and its driver come from Debian's packages (`make browser`, tools/install-browser.sh);
Selenium is always handed both paths, so Selenium Manager never looks for or downloads a driver.
axe-core comes from the npm registry with the editor's libraries (`make assets`) and is read from
webapp/assets/node_modules/, so it never becomes part of the served web app.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from ..conftest import copy_store, running_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE_JS = Path(__file__).parents[2] / "webapp/assets/node_modules/axe-core/axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("serious", "critical")

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",  # CI runs as root, where chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # No traffic of the browser's own (updates, sync, translation, autofill, ...).
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-features=AutofillServerCommunication,Translate",
    "--lang=de-DE",  # Accept-Language: German, the app's default language
]


def start_chromium(profile: Path) -> webdriver.Chrome:
    """A headless chromium, 1280x900, with the throw-away profile folder `profile`: one per
    person when a test needs two people at once (two editors)."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: run `make browser` (tools/install-browser.sh)")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in CHROMIUM_ARGS:
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument("--window-size=1280,900")
    # On Linux --lang sets only the interface language; Accept-Language comes from this pref.
    options.add_experimental_option("prefs", {"intl.accept_languages": "de-DE,de"})
    # The DevTools network events of each page, for requests_to_other_hosts().
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    try:
        driver.set_window_size(1280, 900)
        driver.set_page_load_timeout(60)
        driver.set_script_timeout(60)
    except BaseException:
        driver.quit()
        raise
    return driver


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    """One headless chromium for the whole session, 1280x900, with a throw-away profile."""
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def site(example_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`akteursgraph serve` on a copy of the example store; yields its base URL."""
    with running_server(copy_store(example_store_template, tmp_path_factory.mktemp("site"))) as url:
        yield url


_AXE_RUN = """
const [context, options, done] = arguments;
axe.run(context || document, options)
  .then((result) => done({violations: result.violations}))
  .catch((err) => done({error: String(err && err.stack || err)}));
"""


def axe(driver: webdriver.Chrome, exclude: Sequence[str] = ()) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the current page.

    `exclude` lists CSS selectors of elements that axe leaves out (each one must say why where
    it is passed).
    """
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(AXE_JS.read_text(encoding="utf-8"))
    context = {"exclude": list(exclude)} if exclude else None
    # Only violations are read: axe writes a CSS selector for every node of every result
    # type it keeps, and with `resultTypes` it keeps one node each of the passes and the
    # incomplete and inapplicable checks (its documented way to run faster).
    outcome = driver.execute_async_script(
        _AXE_RUN,
        context,
        {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]},
    )
    if "error" in outcome:
        raise RuntimeError(f"axe-core failed: {outcome['error']}")
    return outcome["violations"]


#: The browser's own colour of a link not yet visited: a link in it has no style of KERN's.
_LINKS_IN_BROWSER_COLOUR = """
return Array.from(document.querySelectorAll('a[href]:not(.kern-btn)'))
  .filter((a) => a.getClientRects().length && getComputedStyle(a).color === 'rgb(0, 0, 238)')
  .map((a) => a.textContent.trim().slice(0, 60));
"""


def links_without_kern(driver: webdriver.Chrome) -> list[str]:
    """The texts of the current page's visible links in the browser's own blue (and, once
    visited, its purple): the staff's "saved" page and the entry forms had such links
    among KERN's, since only the public pages' main area styled a link without a class."""
    return list(driver.execute_script(_LINKS_IN_BROWSER_COLOUR))


def landmarks_named_alike(driver: webdriver.Chrome) -> list[str]:
    """Landmarks of the same role and name on the current page (axe-core's
    `landmark-unique`, a best practice it rates moderate, so `axe` above leaves it out): a
    screen reader's list of landmarks shows them as one twice. A section and the scrolling
    table inside it were both named by the section's heading; two search forms had no name."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(AXE_JS.read_text(encoding="utf-8"))
    outcome = driver.execute_async_script(
        _AXE_RUN,
        None,
        {"runOnly": {"type": "rule", "values": ["landmark-unique"]}, "resultTypes": ["violations"]},
    )
    if "error" in outcome:
        raise RuntimeError(f"axe-core failed: {outcome['error']}")
    return [json.dumps(node.get("target")) for v in outcome["violations"] for node in v["nodes"]]


def describe(violations: Sequence[dict[str, Any]]) -> str:
    """One block per violation: id, impact, help and the selectors of the offending nodes."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} [{v.get('impact')}]: {v['help']} ({v.get('helpUrl', '')})")
        for node in v.get("nodes", []):
            lines.append(f"    {json.dumps(node.get('target'))}: {node.get('failureSummary', '')}")
    return "\n".join(lines)


def assert_no_serious_violations(violations: Sequence[dict[str, Any]]) -> None:
    """Fail on any violation of impact 'serious' or 'critical'; print them all either way."""
    if violations:
        print(describe(violations))
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    assert not blocking, "axe-core: serious or critical WCAG 2.1 AA violations\n" + describe(
        blocking
    )


def tab_to(driver: webdriver.Chrome, element_id: str, limit: int = 80) -> None:
    """Press Tab from the top of the page (nothing focused) until `element_id` has the focus,
    as someone with a keyboard alone does; fail after `limit` presses."""
    driver.execute_script("document.activeElement && document.activeElement.blur()")
    keys = ActionChains(driver)
    for _ in range(limit):
        keys.send_keys(Keys.TAB).perform()
        if driver.execute_script("return document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} not reached with {limit} presses of Tab")


def clear_cookies(driver: webdriver.Chrome) -> None:
    """Forget every cookie the browser holds, of every site (DevTools' clearBrowserCookies).

    WebDriver's `delete_all_cookies` clears only the cookies of the page on show: after a
    test left the browser on a data: URL or another port's site, a `lang=en` cookie of an
    earlier module stayed, and the next module saw English pages (cookies ignore ports)."""
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})


def clear_performance_log(driver: webdriver.Chrome) -> None:
    """Drop the network events gathered so far (call before loading the page to check)."""
    driver.get_log("performance")


#: Schemes of URLs that never leave the browser: the page's own data, and Chromium's own pages
#: (its new-tab page, loaded now and then beside a test's tab, asks for chrome:// files).
_IN_THE_BROWSER = frozenset({"data", "blob", "about", "", "chrome", "chrome-untrusted",
                             "chrome-extension", "devtools"})  # fmt: skip


def requests_to_other_hosts(driver: webdriver.Chrome, base: str) -> list[str]:
    """Every URL the page asked for (since the log was last read) on a host other than `base`'s.

    Reads Chrome's performance log (DevTools network events); data:, blob:, about: and
    Chromium's own chrome:// URLs stay in the browser and do not count. The same host on
    another port counts as another host.
    """
    own = urllib.parse.urlsplit(base)
    others: list[str] = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message.get("method") == "Network.requestWillBeSent":
            url = params.get("request", {}).get("url", "")
        elif message.get("method") == "Network.webSocketCreated":
            url = params.get("url", "")
        else:
            continue
        parts = urllib.parse.urlsplit(url)
        if parts.scheme in _IN_THE_BROWSER:
            continue
        if (parts.hostname, parts.port) != (own.hostname, own.port) and url not in others:
            others.append(url)
    return others


#: The contrast ratio (WCAG 2.1) of the focused element's outline against the white page, and
#: what it is (WCAG 1.4.11: a focus ring needs 3:1 against what it is drawn on).
_FOCUS_RING = """
const el = document.activeElement, s = getComputedStyle(el);
const lum = (c) => {
  const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map((v) => {
    v = Number(v) / 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const ratio = s.outlineStyle === 'none' ? 1 : 1.05 / (lum(s.outlineColor) + 0.05);
return [ratio, el.tagName + (el.id ? '#' + el.id : ''), s.outlineStyle, s.outlineColor];
"""


def focus_ring_contrast(driver: webdriver.Chrome) -> list[Any]:
    """[contrast ratio, element, outline style, outline colour] of the focused element."""
    return driver.execute_script(_FOCUS_RING)


#: Each place in the page's main text where a line breaks inside a word (a run of letters
#: and digits: "Datensatzbeschreibun/g:") or after a sign that starts a word ("?/x" of a
#: query's "?x", "-/c" of a command's option). A break after a hyphen or dash inside a
#: compound ("Anna-Mungunda-/Allee") is a fair one. Addresses (a slash, "@", a dot before
#: letters) and external links may break anywhere, as the site lets them; so may code wider
#: than the text's column (a checksum), where prose must be set to fit.
TEXT_BROKEN = """
const top = (node, i) => {
  const range = document.createRange();
  range.setStart(node, i);
  range.setEnd(node, i + 1);
  const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
  return rects.length ? rects[0].top : null;
};
const out = [];
const main = document.querySelector('main');
if (!main) { return ['no main']; }
const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  if (node.parentElement.closest('a[rel=external], .iri')) { continue; }
  for (const token of node.textContent.matchAll(/\\S+/g)) {
    if (/[@\\/]|\\w\\.\\w{2,}/.test(token[0])) { continue; }
    const range = document.createRange();
    range.setStart(node, token.index);
    range.setEnd(node, token.index + token[0].length);
    const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
    if (rects.length < 2) { continue; }
    const width = rects.reduce((sum, r) => sum + r.width, 0);
    if (node.parentElement.closest('code') && width > main.getBoundingClientRect().width) {
      continue;
    }
    let last = top(node, token.index);
    for (let i = 1; i < token[0].length; i++) {
      const now = top(node, token.index + i);
      if (now !== null && last !== null && now > last + 2) {
        const compound = '-\\u2010\\u2013\\u2014'.includes(token[0][i - 1])
          && i > 1 && /[\\p{L}\\p{N}]/u.test(token[0][i - 2]);
        if (!compound) {
          out.push(node.parentElement.tagName.toLowerCase() + ': ' + JSON.stringify(token[0])
                   + ' broken after ' + JSON.stringify(token[0].slice(0, i)));
        }
      }
      last = now;
    }
  }
}
return out;
"""
