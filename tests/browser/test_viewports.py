"""Every kind of page on a phone (390x844) and on a desktop (1366x900), issue 16 items 2 and 11.

One test per screen size walks a page of every kind (home, each list, an organisation, a
person, a site, a topic, an event, a project, a cooperation, a vocabulary term and an
ontology term (/entity?iri=...), the ontology, the catalogue, a public graph, search,
speakers, a speaker request, the network overview, an ego network, paths, the query editor
(and the page its plain form answers with),
downloads, the office's legal pages, the "not found" page, a workspace page after login)
and checks on each:
- it answers as it should (200; the "not found" page 404), so no check runs on an error page;
- nothing scrolls sideways: the document is no wider than the window;
- axe-core finds no serious or critical WCAG 2.1 AA violation (the helper of conftest.py);
- links with the same name lead to the same place (no two "Netzwerk" to different networks);
  on a phone, no target is too small to hit apart from its neighbours (WCAG 2.5.8);
  a link's name is what a screen reader announces: its aria-label, else its text;
- nothing is requested from another host, there is exactly one h1, <html lang> is German, and
  the text is in KERN's (self-hosted) Fira Sans;
- no line of its main text breaks inside a word or after a sign that starts one (English
  pages too, on a phone).
All failures of all pages are gathered, so one run shows them all. (test_accessibility.py
checks the English pages and the editor with a result.)

More tests per screen size read the layout itself: each network filter's label sits beside
or right above its control in a row of their own; a filter's button ends where the fields
beside it end; a list's first results follow its filters within half a screen (on a phone
they fold); no word of a statements table, nor of the workspace start page's tables, is
broken across lines; a comma after a link in those tables stays on the link's line; and the
help of a search or a speaker filter that finds nothing stands inside its box; a list's
"Apply" and "Reset" stand apart from each other and from the sort field.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from akteursgraph.accounts import Accounts

from ..conftest import STAFF_PASSWORD, copy_store, running_server
from .conftest import (
    BLOCKING_IMPACTS,
    TEXT_BROKEN,
    axe,
    clear_cookies,
    clear_performance_log,
    describe,
    landmarks_named_alike,
    links_without_kern,
    requests_to_other_hosts,
)
from .test_accessibility import YASGUI_EXCLUDED, load, wait_for_a_dump

PHONE = (390, 844)
SIZES = [pytest.param(PHONE, id="phone"), pytest.param((1366, 900), id="desktop")]

OFFICE = "https://w3id.org/akteursgraph/mitte/organisation/koordinationsstelle-entwicklungspolitik"
PARTNER = "https://w3id.org/akteursgraph/mitte/example/organisation/afghanische-frauenwerkstatt-tiergarten"
LISTS = ["organisations", "people", "projects", "events", "cooperations", "topics", "sites"]
#: Lists whose first entry stands for its kind of entity page (topics: /entity?iri=...).
ENTITY_KINDS = ["organisations", "people", "sites", "topics", "events", "projects", "cooperations"]
ONTOLOGY = "https://w3id.org/akteursgraph/ontology"
#: Terms of other vocabularies (a UN goal) and of ours, shown at /entity?iri=...
TERMS = ["http://metadata.un.org/sdg/4", ONTOLOGY + "#Square"]
NOT_FOUND = "/no-such-page-here"
#: The answer of the query editor's plain form (without JavaScript): a table of long IRIs and
#: names with their languages.
RESULT_PAGE = "/sparql?" + urllib.parse.urlencode(
    {
        "query": "SELECT ?organisation ?name ?type WHERE { ?organisation a org:Organization ; "
        "skos:prefLabel ?name ; a ?type } ORDER BY ?name LIMIT 40",
        "format": "html",
        "page": "editor",
    }
)
#: A point in time typed wrong: the form again, the message at its field (400).
WRONG_AS_OF = "/network?as_of=2019-5"
#: The pages that answer other than 200, by design.
NOT_OK = {NOT_FOUND: 404, WRONG_AS_OF: 400}
#: Pages whose headings hold the longest words of German administration.
LONG_WORDS = [
    "/organisation/bvv-mitte",
    "/naming-step/anton-wilhelm-amo-strasse-court-decision-2025-08-22",
]
PAGES = [
    "/",
    *(f"/{kind}" for kind in LISTS),
    "/search?q=Platz",
    "/search?q=Kolonialgeschichte+Wedding",  # with the directories its words name
    "/speakers",
    "/network",
    "/network/ego?" + urllib.parse.urlencode({"iri": OFFICE}),
    "/network/paths?" + urllib.parse.urlencode({"source": OFFICE, "target": PARTNER}),
    WRONG_AS_OF,
    "/sparql/editor",
    RESULT_PAGE,
    "/download/",
    "/impressum",
    "/datenschutz",
    "/barrierefreiheit",
    "/leichte-sprache",
    "/catalog",
    "/graph/public/mitte-facts",
    "/ontology",
    *("/entity?" + urllib.parse.urlencode({"iri": term}) for term in TERMS),
    # Headings with the long words of German administration (they broke mid-word on a phone)
    *LONG_WORDS,
    NOT_FOUND,
]
#: The pages with the network filters (the ego network has checkboxes too).
NETWORK_FILTERS = [
    "/network",
    "/network/ego?" + urllib.parse.urlencode({"iri": OFFICE}),
    "/network/paths?" + urllib.parse.urlencode({"source": OFFICE, "target": PARTNER}),
]

#: Width of the document beyond the window (0 when nothing scrolls sideways), and the widest
#: elements that stick out, to say which.
OVERFLOW = """
const width = window.innerWidth;
const wide = Array.from(document.querySelectorAll('body *'))
  .filter((el) => el.getBoundingClientRect().right > width + 1)
  .slice(0, 5)
  .map((el) => {
    const cls = typeof el.className === 'string' ? el.className.trim().replace(/\\s+/g, '.') : '';
    const id = el.id ? '#' + el.id : '';
    const right = Math.round(el.getBoundingClientRect().right);
    return el.tagName.toLowerCase() + id + (cls ? '.' + cls : '') + ' ' + right + 'px';
  });
return [document.documentElement.scrollWidth - width, wide];
"""

#: Headings that wrap onto several lines spaced more than 1.5 times their size apart: a
#: speaker's name on a directory card read as two headings ("Mamadou Camara" /
#: "(Beispielperson)", 40 px apart at 19 px), since it kept KERN's line height for larger ones.
HEADINGS_SPREAD = """
return Array.from(document.querySelectorAll('h1, h2, h3, h4'))
  .filter((h) => h.getClientRects().length > 0)
  .map((h) => {
    const style = getComputedStyle(h);
    return [h.textContent.replace(/\\s+/g, ' ').trim().slice(0, 40),
            parseFloat(style.fontSize), parseFloat(style.lineHeight),
            h.getBoundingClientRect().height];
  })
  .filter(([, size, line, height]) => height > line * 1.5 && line > size * 1.5)
  .map(([text, size, line]) => `heading "${text}" wraps with lines ${line}px apart at ${size}px`);
"""

#: Headings larger than a heading of a higher rank on the same page (WCAG 1.3.1: the sizes
#: tell the structure to those who see it). On a phone an entity page's h3 (21 px) stood
#: above its h2 (20 px), and a list's "Filter" h2 (24 px) above its h1 (22 px) (browser walk).
HEADINGS_ORDER = """
const sizes = {};
for (const h of document.querySelectorAll('h1, h2, h3, h4')) {
  if (!h.getClientRects().length) continue;
  const level = Number(h.tagName[1]);
  const text = h.textContent.replace(/\\s+/g, ' ').trim().slice(0, 30);
  (sizes[level] = sizes[level] || []).push([parseFloat(getComputedStyle(h).fontSize), text]);
}
const out = [];
for (let upper = 1; upper <= 3; upper++) {
  for (let lower = upper + 1; lower <= 4; lower++) {
    if (!sizes[upper] || !sizes[lower]) continue;
    const smallest = sizes[upper].reduce((a, b) => (a[0] <= b[0] ? a : b));
    const largest = sizes[lower].reduce((a, b) => (a[0] >= b[0] ? a : b));
    if (largest[0] > smallest[0] + 0.5)
      out.push(`h${lower} "${largest[1]}" (${largest[0]}px) is larger than ` +
               `h${upper} "${smallest[1]}" (${smallest[0]}px)`);
  }
}
return out;
"""

#: Targets a finger cannot hit apart (WCAG 2.5.8, Target Size (Minimum), of WCAG 2.2; BITV
#: 2.0 asks for 2.1, phones for this): smaller than 24x24 px and with another target within
#: 12 px of its centre. Exempt as 2.5.8 exempts them: a link inside a sentence (inline, with
#: other text in its parent), the map's markers and the network pictures' actors (2.5.8's
#: equivalent: the list below the map and the tables below a picture link every one). The
#: topics' directory links, 18 px high and wrapped under each other, and the catalogue's
#: table of classes were such targets. Nor may two targets overlap.
SMALL_TARGETS = """
const all = Array.from(document.querySelectorAll(
  'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]'))
  .filter((e) => { const r = e.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && getComputedStyle(e).visibility !== 'hidden'
      && e.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
      && !e.closest('.leaflet-container, svg'); });
const rects = all.map((e) => e.getBoundingClientRect());
return all.flatMap((e, i) => {
  const r = rects[i];
  if (r.width >= 24 && r.height >= 24) return [];
  const own = e.textContent.trim().length;
  const around = e.parentElement ? e.parentElement.textContent.trim().length : own;
  if (getComputedStyle(e).display === 'inline' && around > own + 3) return [];
  const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
  const near = rects.some((o, j) => {
    if (j === i) return false;
    const dx = Math.max(o.left - cx, 0, cx - o.right), dy = Math.max(o.top - cy, 0, cy - o.bottom);
    return dx * dx + dy * dy < 144;
  });
  const name = (e.getAttribute('aria-label') || e.textContent || e.value || '').trim();
  return near ? [`${e.tagName.toLowerCase()} "${name.slice(0, 40)}" ${Math.round(r.width)}x`
    + `${Math.round(r.height)} px with another target near`] : [];
}).concat(arguments[0] ? [] : all.flatMap((e, i) => {
  // Targets of 24 px that overlap another cover part of it (axe's target-size: the topics'
  // directory links, 24.4 px high on lines 22.8 px apart).
  // (each line's box of a link that wraps: its bounding box spans both lines)
  const boxes = (el) => Array.from(el.getClientRects());
  return all.slice(i + 1).filter((o) => {
    if (e.contains(o) || o.contains(e)) return false;
    return boxes(e).some((r) => boxes(o).some((q) => {
      const w = Math.min(r.right, q.right) - Math.max(r.left, q.left);
      const h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
      return w > 0.5 && h > 0.5;
    }));
  }).map((o) => `"${e.textContent.trim().slice(0, 30)}" overlaps `
    + `"${o.textContent.trim().slice(0, 30)}"`);
}));
"""

#: Each link's accessible name (aria-label, else its text) and where it leads.
LINKS = """
return Array.from(document.querySelectorAll('a[href]'))
  .filter((a) => a.getClientRects().length > 0 || a.closest('nav'))
  .map((a) => [
    (a.getAttribute('aria-label') || a.textContent).replace(/\\s+/g, ' ').trim(),
    new URL(a.getAttribute('href'), document.baseURI).href,
  ]);
"""


@pytest.fixture(scope="module")
def staff_site(
    example_store_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The example site with one staff account, for a workspace page after login."""
    path = copy_store(example_store_template, tmp_path_factory.mktemp("viewports"))
    Accounts(path).add("viewer", "viewer", STAFF_PASSWORD)
    with running_server(path, "--workers", "1") as url:
        yield url


def first_link(driver: webdriver.Chrome, site: str, page: str, selector: str) -> str:
    """The path and query of the first link matching `selector` on `page`."""
    driver.get(site + page)
    href = driver.find_element(By.CSS_SELECTOR, selector).get_attribute("href")
    parts = urllib.parse.urlsplit(href)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def first_entity(driver: webdriver.Chrome, site: str, kind: str) -> str:
    """The path (and query: a topic is /entity?iri=...) of the first entry of a list page."""
    return first_link(driver, site, f"/{kind}", ".entity-list a")


def status_of(url: str) -> int:
    """The HTTP status the server answers `url` with."""
    try:
        with urllib.request.urlopen(url) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def log_in(driver: webdriver.Chrome, site: str) -> None:
    driver.get(site + "/login")
    driver.find_element(By.ID, "login-name").send_keys("viewer")
    password = driver.find_element(By.ID, "login-password")
    password.send_keys(STAFF_PASSWORD)
    password.submit()
    WebDriverWait(driver, 30).until(lambda d: "/login" not in d.current_url)


def problems_of(driver: webdriver.Chrome, site: str, path: str) -> list[str]:
    """What is wrong with the page on show: overflow, axe, ambiguous links, other hosts,
    headings, language."""
    found = []
    others = requests_to_other_hosts(driver, site)
    if others:
        found.append(f"{path}: asked other hosts: {others}")
    h1 = len(driver.find_elements(By.TAG_NAME, "h1"))
    if h1 != 1:
        found.append(f"{path}: {h1} h1 elements")
    if driver.find_element(By.TAG_NAME, "html").get_attribute("lang") != "de":
        found.append(f"{path}: <html lang> is not de")
    font = driver.execute_script("return getComputedStyle(document.body).fontFamily")
    if "Fira Sans" not in font:
        found.append(f"{path}: not in KERN's Fira Sans but {font}")
    overflow, wide = driver.execute_script(OVERFLOW)
    found += [f"{path}: {p}" for p in driver.execute_script(TEXT_BROKEN)]
    found += [f"{path}: {p}" for p in driver.execute_script(HEADINGS_SPREAD)]
    found += [f"{path}: {p}" for p in driver.execute_script(HEADINGS_ORDER)]
    found += [f"{path}: a landmark named as another: {t}" for t in landmarks_named_alike(driver)]
    found += [f"{path}: a link in the browser's blue: {t}" for t in links_without_kern(driver)]
    if overflow > 0:
        found.append(f"{path}: {overflow}px wider than the window; sticking out: {wide}")
    if driver.execute_script("return window.innerWidth") <= PHONE[0]:
        # Overlaps on the public pages: the editor's controls are YASGUI's, and the
        # workspace's KERN links (32 px high on 24 px lines) are left open (noted).
        own = path.startswith("/workspace") or path.startswith("/sparql/editor")
        found += [f"{path}: {t}" for t in driver.execute_script(SMALL_TARGETS, own)]
    violations = axe(driver, exclude=YASGUI_EXCLUDED)
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        found.append(f"{path}: axe\n{describe(blocking)}")
    targets: dict[str, set[str]] = {}
    for name, href in driver.execute_script(LINKS):
        targets.setdefault(name, set()).add(href)
    for name, hrefs in sorted(targets.items()):
        if len(hrefs) > 1:
            found.append(
                f"{path}: the link name {name!r} leads to {len(hrefs)} places: {sorted(hrefs)[:3]}"
            )
    return found


@pytest.mark.parametrize("size", SIZES)
def test_every_kind_of_page_fits_the_screen_is_accessible_and_names_links_apart(
    browser: webdriver.Chrome, staff_site: str, size: tuple[int, int]
) -> None:
    clear_cookies(browser)
    width, height = size
    browser.set_window_size(width, height)
    try:
        assert browser.execute_script("return window.innerWidth") <= width
        paths = PAGES + [first_entity(browser, staff_site, kind) for kind in ENTITY_KINDS]
        paths.append(first_link(browser, staff_site, "/speakers", "a[href*='/speakers/request']"))
        wait_for_a_dump(staff_site)  # the downloads page with a version's table, not the empty one
        problems: list[str] = []
        for path in paths:
            status = status_of(staff_site + path)
            if status != NOT_OK.get(path, 200):
                problems.append(f"{path}: answered {status}")
            clear_performance_log(browser)
            load(browser, staff_site + path)
            problems += problems_of(browser, staff_site, path)
        log_in(browser, staff_site)
        clear_performance_log(browser)
        load(browser, staff_site + "/workspace/")
        assert browser.find_element(By.TAG_NAME, "h1").is_displayed()
        problems += problems_of(browser, staff_site, "/workspace/")
    finally:
        browser.set_window_size(1280, 900)
        clear_cookies(browser)
    assert not problems, "\n".join(problems)


#: Where the search page's answer begins: the bottom of its status line and of its first hit.
SEARCH_ANSWER = """
const status = document.querySelector('main [role=status]').getBoundingClientRect();
const hit = document.querySelector('main .entity-list li').getBoundingClientRect();
const forms = document.querySelectorAll('form[role=search]').length;
return [window.innerHeight, status.bottom, hit.bottom, forms];
"""


def test_a_search_answers_on_the_first_screen(browser: webdriver.Chrome, staff_site: str) -> None:
    """The search page repeated the query in the header's form and in its own, one field
    above the other: at 1366x900 the first hit began at the bottom of the window, on a phone
    even the count stood at its edge (exploratory test). One form, its fields in a row."""
    clear_cookies(browser)
    try:
        found = {}
        for size in ((1366, 900), PHONE):
            browser.set_window_size(*size)
            load(browser, staff_site + "/search?q=Wedding")
            found[size] = browser.execute_script(SEARCH_ANSWER)
    finally:
        browser.set_window_size(1280, 900)
    (height, _status, hit, forms) = found[(1366, 900)]
    assert forms == 1, "one search form on the search page"
    assert hit <= height, f"the first hit ends at {hit}px, below the window ({height}px)"
    (height, status, _hit, _forms) = found[PHONE]
    assert status <= height * 0.85, f"the count ends at {status}px of a {height}px window"


def test_no_line_breaks_inside_a_word_of_an_english_page_on_a_phone(
    browser: webdriver.Chrome, staff_site: str
) -> None:
    """The walk above reads the German pages; the English ones have other words. On a phone,
    the downloads' "sha256sum -c" broke after its "-". (In German, the catalogue's heading
    broke "Datensatzbeschreibung:" before its last letter, the query page "?x" after its "?".)"""
    clear_cookies(browser)
    browser.set_window_size(*PHONE)
    try:
        paths = PAGES + [first_entity(browser, staff_site, kind) for kind in ENTITY_KINDS]
        wait_for_a_dump(staff_site)
        load(browser, staff_site + "/?lang=en")
        problems: list[str] = []
        for path in paths:
            load(browser, staff_site + path)
            assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
            problems += [f"{path}: {p}" for p in browser.execute_script(TEXT_BROKEN)]
    finally:
        browser.set_window_size(1280, 900)
        clear_cookies(browser)
    assert not problems, "\n".join(problems)


def test_no_page_scrolls_sideways_at_320_px(browser: webdriver.Chrome, staff_site: str) -> None:
    """WCAG 1.4.10 (Reflow) asks for 320 CSS px, a desktop at 400 % zoom. The Impressum's
    internet address, the downloads' file addresses and the privacy notice's heading
    "Datenschutzbeauftragte*r" made their pages 325 to 369 px wide."""
    clear_cookies(browser)
    browser.set_window_size(320, 640)
    try:
        paths = PAGES + [first_entity(browser, staff_site, kind) for kind in ENTITY_KINDS]
        wait_for_a_dump(staff_site)
        wide = {}
        for path in paths:
            load(browser, staff_site + path)
            width = browser.execute_script(
                "return [document.documentElement.scrollWidth, window.innerWidth]"
            )
            if width[0] > width[1]:
                wide[path] = width
    finally:
        browser.set_window_size(1280, 900)
    assert not wide, f"wider than the screen (page, window): {wide}"


#: WCAG 1.4.12 (Text Spacing): what a reader's style sheet may set, nothing may be lost.
TEXT_SPACING = """
const style = document.createElement('style');
style.textContent = '* { line-height: 1.5 !important; letter-spacing: .12em !important; '
  + 'word-spacing: .16em !important; } p { margin-bottom: 2em !important; }';
document.head.appendChild(style);
return [document.documentElement.scrollWidth, window.innerWidth];
"""


@pytest.mark.parametrize("width", [360, 320])
def test_long_german_words_in_headings_stay_whole_on_narrow_phones(
    browser: webdriver.Chrome, staff_site: str, width: int
) -> None:
    """At 22 px "Bezirksverordnetenversammlung" is 331 px wide: whole at 390 px, broken
    mid-word ("Bezirksverordnetenversammlun / g") at 360 px, a common Android width, and at
    320 px (WCAG 1.4.10)."""
    clear_cookies(browser)
    browser.set_window_size(width, 640)
    try:
        broken = {}
        for path in LONG_WORDS:
            load(browser, staff_site + path)
            found = [p for p in browser.execute_script(TEXT_BROKEN) if p.startswith("h")]
            if found:
                broken[path] = found
    finally:
        browser.set_window_size(1280, 900)
    assert not broken, broken


def test_a_printed_site_page_holds_its_story_and_its_sources_addresses(
    browser: webdriver.Chrome, staff_site: str
) -> None:
    """For a city walk: a site's page printed as 6-7 pages of navigation, the neighbourhood
    picture and the raw statements, and each source as its host name alone (exploratory
    test). Printed, the story and its sources' addresses remain."""
    clear_cookies(browser)
    load(browser, staff_site + "/site/manga-bell-platz")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = browser.execute_script(
            "return Array.from(arguments[0]).map((s) => {"
            " const el = document.querySelector(s); return el && getComputedStyle(el).display; })",
            [".site-header", ".site-footer", "section[aria-labelledby=h-statements]",
             "section[aria-labelledby=h-network]", "section[aria-labelledby=h-machine]"],
        )  # fmt: skip
        assert shown[:2] == ["none", "none"] and set(shown[2:]) <= {"none", None}, shown
        after = browser.execute_script(
            "return getComputedStyle(document.querySelector('main a[rel=external]'), '::after')"
            ".content"
        )
        assert after.startswith('" (http'), after
        assert browser.find_element(By.CSS_SELECTOR, "main h1").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_code_in_a_sentence_reflows_with_the_text_spacing_of_wcag(
    browser: webdriver.Chrome, staff_site: str
) -> None:
    """At 320 px with the spacing of WCAG 1.4.12 the query editor's page was 333 px wide:
    "?x a ag:ColonialHistorySite" in its introduction stayed whole on one line. It now
    breaks between its words, never inside one ("?x" after its "?")."""
    clear_cookies(browser)
    browser.set_window_size(320, 640)
    try:
        wide = {}
        for path in ("/sparql/editor", "/download/"):
            load(browser, staff_site + path)
            width = browser.execute_script(TEXT_SPACING)
            if width[0] > width[1]:
                wide[path] = width
            words = browser.execute_script(
                "return Array.from(document.querySelectorAll('code.unbroken > span'))"
                ".map((s) => s.getClientRects().length)"
            )
            assert words and set(words) == {1}, (path, words)  # no word broken
    finally:
        browser.set_window_size(1280, 900)
    assert not wide, f"wider than the screen (page, window): {wide}"


def test_a_lists_open_filters_reflow_with_the_text_spacing_of_wcag(
    browser: webdriver.Chrome, staff_site: str
) -> None:
    """At 320 px with the spacing of WCAG 1.4.12, opening a list's filters made the page
    334-344 px wide: a value of one long word ("Migrant*innenorganisation (26)",
    "Geschlechtergerechtigkeit (4)") could not wrap (accessibility walk)."""
    clear_cookies(browser)
    browser.set_window_size(320, 640)
    try:
        wide = {}
        for path in ("/organisations", "/people", "/events"):
            load(browser, staff_site + path)
            browser.execute_script("document.querySelector('details.facets-fold').open = true")
            width = browser.execute_script(TEXT_SPACING)
            if width[0] > width[1]:
                wide[path] = width
    finally:
        browser.set_window_size(1280, 900)
    assert not wide, f"wider than the screen (page, window): {wide}"


#: Each filter control of the page's `form.filters` whose label is not beside (checkboxes:
#: right of it, on the same line) or right above / left of it (other fields), at most 16 px
#: away, in a row of their own (the smallest box holding both holds no other control).
FILTERS_APART = """
const GAP = 16;
const out = [];
const name = (el) => el.id || el.name;
for (const form of document.querySelectorAll('form.filters')) {
  const controls = Array.from(form.querySelectorAll('input:not([type=hidden]), select, textarea'));
  if (!controls.length) { out.push('a filter form without controls'); }
  for (const control of controls) {
    const label = control.id && form.querySelector('label[for="' + CSS.escape(control.id) + '"]');
    if (!label) { out.push(name(control) + ': no label'); continue; }
    let row = label.parentElement;
    while (!row.contains(control)) { row = row.parentElement; }
    const others = controls.filter((c) => c !== control && row.contains(c));
    if (row === form || others.length) {
      out.push(name(control) + ': its label shares a row with ' + others.map(name).join(', '));
      continue;
    }
    const c = control.getBoundingClientRect(), l = label.getBoundingClientRect();
    const sameLine = Math.min(c.bottom, l.bottom) - Math.max(c.top, l.top) > 0;
    let ok;
    if (control.type === 'checkbox' || control.type === 'radio') {
      ok = sameLine && l.left >= c.right - 1 && l.left - c.right <= GAP;
    } else {
      const above = l.bottom <= c.top + 1 && c.top - l.bottom <= GAP
                    && Math.abs(l.left - c.left) <= GAP;
      const left = sameLine && l.right <= c.left + 1 && c.left - l.right <= GAP;
      ok = above || left;
    }
    if (!ok) {
      const box = (r) => [r.left, r.top, r.right, r.bottom].map(Math.round).join(',');
      out.push(name(control) + ': label ' + JSON.stringify(label.textContent.trim())
               + ' at ' + box(l) + ', control at ' + box(c));
    }
  }
}
return out;
"""


@pytest.mark.parametrize("size", SIZES)
def test_network_filters_sit_next_to_their_labels(
    browser: webdriver.Chrome, staff_site: str, size: tuple[int, int]
) -> None:
    """Issue 16, item 2: on a phone the network filters' labels wandered away from their
    fields; each label belongs beside or right above its own control."""
    browser.set_window_size(*size)
    problems: list[str] = []
    try:
        for path in [*NETWORK_FILTERS, "/speakers"]:
            load(browser, staff_site + path)
            problems += [f"{path}: {p}" for p in browser.execute_script(FILTERS_APART)]
    finally:
        browser.set_window_size(1280, 900)
    assert not problems, "\n".join(problems)


#: Each field of a `form.filters` that shares a line with the form's submit button (their
#: boxes overlap vertically) but whose bottom edge is not the button's (2 px of rounding).
BUTTON_OFF_LINE = """
const out = [];
for (const form of document.querySelectorAll('form.filters')) {
  for (const button of form.querySelectorAll('button[type=submit]')) {
    const b = button.getBoundingClientRect();
    const fields = 'input:not([type=hidden]):not([type=checkbox]), select';
    for (const field of form.querySelectorAll(fields)) {
      const f = field.getBoundingClientRect();
      const sameLine = Math.min(f.bottom, b.bottom) - Math.max(f.top, b.top) > 0;
      if (sameLine && Math.abs(f.bottom - b.bottom) > 2) {
        out.push((field.id || field.name) + ' ends at ' + Math.round(f.bottom) + ' px, '
                 + 'its button at ' + Math.round(b.bottom) + ' px');
      }
    }
  }
}
return out;
"""


@pytest.mark.parametrize("size", SIZES)
def test_a_filter_button_lines_up_with_the_fields_beside_it(
    browser: webdriver.Chrome, staff_site: str, size: tuple[int, int]
) -> None:
    """Issue 16, item 1: on /network the "as of" field's hint sat in the field's column,
    and the "Show" button, aligned with the column's end, hung half a field below the field
    it submits. A field's hint goes below the whole row, so a button beside fields ends
    where they end."""
    browser.set_window_size(*size)
    problems: list[str] = []
    try:
        for path in NETWORK_FILTERS:
            load(browser, staff_site + path)
            problems += [f"{path}: {p}" for p in browser.execute_script(BUTTON_OFF_LINE)]
    finally:
        browser.set_window_size(1280, 900)
    assert not problems, "\n".join(problems)


#: Each word of a table matching arguments[0] broken across two lines though it is narrower
#: than the table ("Besch/reibun/g"). Addresses (IRIs, links out, code, e-mail, domains) have
#: no words and may break anywhere; a word wider than the whole table must break.
WORDS_BROKEN = """
const ADDRESS = /[@\\/]|:\\S|\\w\\.\\w{2,}/;
const out = [];
for (const table of document.querySelectorAll(arguments[0])) {
  const room = table.getBoundingClientRect().width;
  const cells = table.querySelectorAll('th, td');
  if (!cells.length) { out.push('a table without cells'); }
  for (const cell of cells) {
    // A phone's stacked table hides its head for screen readers only (1 px, clipped).
    const head = cell.closest('thead');
    if (head && head.getBoundingClientRect().width <= 1) { continue; }
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('a[rel=external], .iri, code')) { continue; }
      for (const token of node.textContent.matchAll(/\\S+/g)) {
        if (ADDRESS.test(token[0])) { continue; }
        for (const word of token[0].matchAll(/[\\p{L}\\p{N}]+/gu)) {
          const start = token.index + word.index;
          const range = document.createRange();
          range.setStart(node, start);
          range.setEnd(node, start + word[0].length);
          const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
          if (!rects.length) { continue; }
          const lines = rects.filter((r) => r.top >= rects[0].bottom - 1).length + 1;
          const width = rects.reduce((sum, r) => sum + r.width, 0);
          if (lines > 1 && width < room) {
            out.push(JSON.stringify(word[0]) + ' in ' + lines + ' pieces ('
                     + rects.map((r) => Math.round(r.width)).join('+') + ' px, table '
                     + Math.round(room) + ' px)');
          }
        }
      }
    }
  }
}
return out;
"""


@pytest.mark.parametrize("size", SIZES)
def test_statements_tables_never_break_a_word(
    browser: webdriver.Chrome, staff_site: str, size: tuple[int, int]
) -> None:
    """Issue 16, item 2: the statements table broke "Beschreibung" into "Besch/reibun/g".
    Every entity page kind, a UN goal and the ontology, at both sizes."""
    browser.set_window_size(*size)
    problems: list[str] = []
    try:
        paths = [first_entity(browser, staff_site, kind) for kind in ENTITY_KINDS]
        paths += ["/ontology", "/entity?" + urllib.parse.urlencode({"iri": TERMS[0]})]
        for path in paths:
            load(browser, staff_site + path)
            if not browser.find_elements(By.CSS_SELECTOR, "table.statements td"):
                problems.append(f"{path}: no statements table")
            problems += [
                f"{path}: {p}" for p in browser.execute_script(WORDS_BROKEN, "table.statements")
            ]
    finally:
        browser.set_window_size(1280, 900)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", SIZES)
def test_the_workspace_tables_never_break_a_word(
    browser: webdriver.Chrome, staff_site: str, size: tuple[int, int]
) -> None:
    """Issue 16, items 1 and 2, in the staff workspace: its start page's recent changes
    showed the state "angewandt" as "angewand/t" on a desktop, since its cells could break
    anywhere. A table that scrolls in a region of its own need not narrow below a word."""
    browser.set_window_size(*size)
    try:
        log_in(browser, staff_site)
        load(browser, staff_site + "/workspace/")
        assert browser.find_elements(By.CSS_SELECTOR, ".workspace-table-scroll table td")
        problems = browser.execute_script(WORDS_BROKEN, ".workspace-main table")
    finally:
        browser.set_window_size(1280, 900)
        clear_cookies(browser)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", SIZES)
def test_a_lists_results_follow_its_filters_within_half_a_screen(
    browser: webdriver.Chrome, staff_site: str, size: tuple[int, int]
) -> None:
    """Issue 16, item 2: on a phone a list's filters stood before its results, about three
    screens of checkboxes. Now they fold there (a tap on "Filter" opens them), so the first
    result follows within half a screen, and on a desktop they stay open beside the
    results."""
    browser.set_window_size(*size)
    try:
        for kind in ("organisations", "people", "sites"):
            load(browser, f"{staff_site}/{kind}")
            # Where the filters begin (the sites' map comes before them) and the first result.
            filters, first = (
                browser.find_element(By.CSS_SELECTOR, selector)
                for selector in (".with-facets", "section.results a")
            )
            filters_top, first_top, screen = browser.execute_script(
                "return [arguments[0].getBoundingClientRect().top,"
                " arguments[1].getBoundingClientRect().top, window.innerHeight]",
                filters,
                first,
            )
            assert first_top - filters_top < screen / 2, kind
            checkbox = browser.find_element(By.CSS_SELECTOR, "form.facets input[type=checkbox]")
            if size[0] < 800:
                assert not checkbox.is_displayed(), kind
                browser.find_element(By.CSS_SELECTOR, "details.facets-fold > summary").click()
            assert checkbox.is_displayed(), kind
    finally:
        browser.set_window_size(1280, 900)


#: Each link in a workspace table cell whose text right after it (a comma; not text after a
#: space, where a line may break) starts on a line below the link's last line: KERN's links
#: are inline boxes of their own, so the text after one could not follow it on its line.
TEXT_AFTER_LINK_APART = """
const out = [];
for (const link of document.querySelectorAll('.workspace-main td a')) {
  const next = link.nextSibling;
  if (!next || next.nodeType !== Node.TEXT_NODE || !/^\\S/.test(next.textContent)) { continue; }
  const range = document.createRange();
  range.setStart(next, 0);
  range.setEnd(next, 1);
  const after = range.getClientRects()[0];
  const lines = link.getClientRects();
  const last = lines[lines.length - 1];
  if (after && last && after.top >= last.bottom - 1) {
    out.push(JSON.stringify(next.textContent.trim().slice(0, 20)) + ' below '
             + JSON.stringify(link.textContent.trim()));
  }
}
return out;
"""


@pytest.mark.parametrize("size", SIZES)
def test_the_text_after_a_link_in_a_workspace_table_follows_it_on_its_line(
    browser: webdriver.Chrome, staff_site: str, size: tuple[int, int]
) -> None:
    """The start page's recent changes set the comma after "Ziele für nachhaltige
    Entwicklung" on a line of its own on a phone: KERN draws its links as inline boxes,
    which the punctuation after them cannot share a line with."""
    browser.set_window_size(*size)
    try:
        log_in(browser, staff_site)
        load(browser, staff_site + "/workspace/")
        assert browser.find_elements(By.CSS_SELECTOR, ".workspace-main td a")
        problems = browser.execute_script(TEXT_AFTER_LINK_APART)
    finally:
        browser.set_window_size(1280, 900)
        clear_cookies(browser)
    assert not problems, "\n".join(problems)


#: Each part of the info box arguments[0] (its heading, its text, its list with the list's
#: bullets) that is not at least 8 px inside the box's border.
OUT_OF_THE_BOX = """
const box = document.querySelector(arguments[0]);
if (!box) { return ['no box ' + arguments[0]]; }
const edge = box.getBoundingClientRect().left;
const out = [];
for (const part of box.querySelectorAll('h2, p, ul')) {
  const left = part.getBoundingClientRect().left;
  if (left - edge < 8) { out.push(part.tagName + ' at ' + Math.round(left - edge) + ' px'); }
}
for (const item of box.querySelectorAll('li')) {
  // The bullet stands left of the item's box, in the list's padding: that must be there.
  const list = box.querySelector('ul').getBoundingClientRect();
  const room = item.getBoundingClientRect().left - list.left;
  if (room < 12) { out.push('a bullet with ' + Math.round(room) + ' px'); }
}
return out;
"""


#: A search that finds nothing, and speaker filters that no speaker matches, with their boxes.
NOTHING_FOUND = [
    ("/search?q=Nachtigalplaz", ".search-help"),
    (
        "/speakers?"
        + urllib.parse.urlencode(
            {"language": "sw", "region": "https://w3id.org/akteursgraph/vocab/region/middle-east"}
        ),
        "[aria-labelledby=speakers-none]",
    ),
]


@pytest.mark.parametrize("size", SIZES)
def test_what_a_page_offers_when_it_finds_nothing_stands_inside_its_box(
    browser: webdriver.Chrome, staff_site: str, size: tuple[int, int]
) -> None:
    """A search that finds nothing offers spellings and the directories in a KERN info box,
    speaker filters that no speaker matches offer the filters to drop; in both the heading
    and the list stood on the box's border, the list's bullets outside it."""
    browser.set_window_size(*size)
    problems: list[str] = []
    try:
        for path, box in NOTHING_FOUND:
            load(browser, staff_site + path)
            problems += [f"{path}: {p}" for p in browser.execute_script(OUT_OF_THE_BOX, box)]
    finally:
        browser.set_window_size(1280, 900)
    assert not problems, "\n".join(problems)


#: The gaps in a list's filter form between the sort field, "Apply" and "Reset", in px.
FILTER_END_GAPS = """
const form = document.querySelector('form.facets');
const sort = form.querySelector('select[name=sort]').getBoundingClientRect();
const apply = form.querySelector('button[type=submit]').getBoundingClientRect();
const reset = Array.from(form.querySelectorAll('a')).pop().getBoundingClientRect();
const beside = Math.min(apply.bottom, reset.bottom) - Math.max(apply.top, reset.top) > 0;
return {below_sort: apply.top - sort.bottom,
        reset_gap: beside ? reset.left - apply.right : reset.top - apply.bottom};
"""


@pytest.mark.parametrize("size", SIZES)
def test_a_lists_apply_and_reset_stand_apart(
    browser: webdriver.Chrome, staff_site: str, size: tuple[int, int]
) -> None:
    """At the end of a list's filters, "Apply" touched the sort field above it and "Reset"
    beside it: a button and a link with no room between them."""
    browser.set_window_size(*size)
    try:
        load(browser, staff_site + "/sites")
        browser.execute_script("document.querySelector('details.facets-fold').open = true")
        gaps = browser.execute_script(FILTER_END_GAPS)
    finally:
        browser.set_window_size(1280, 900)
    assert gaps["below_sort"] >= 8 and gaps["reset_gap"] >= 8, gaps


def _colours_when_visited(driver: webdriver.Chrome, selector: str) -> list[tuple[str, str]]:
    """Each link's text colour as it is and as it would be once visited: DevTools forces
    `:visited` on it (a page's own script always reads a link's unvisited colour)."""
    driver.execute_cdp_cmd("DOM.enable", {})
    driver.execute_cdp_cmd("CSS.enable", {})
    root = driver.execute_cdp_cmd("DOM.getDocument", {})["root"]["nodeId"]
    nodes = driver.execute_cdp_cmd("DOM.querySelectorAll", {"nodeId": root, "selector": selector})
    pairs = []
    for node in nodes["nodeIds"]:
        colours = []
        for forced in ([], ["visited"]):
            driver.execute_cdp_cmd(
                "CSS.forcePseudoState", {"nodeId": node, "forcedPseudoClasses": forced}
            )
            style = driver.execute_cdp_cmd("CSS.getComputedStyleForNode", {"nodeId": node})
            colours += [p["value"] for p in style["computedStyle"] if p["name"] == "color"]
        pairs.append((colours[0], colours[1]))
    return pairs


def test_the_headers_links_keep_their_colour_once_visited_and_name_the_office_alike(
    browser: webdriver.Chrome, staff_site: str
) -> None:
    """Issue 16, item 1 (one look): KERN colours a visited link purple, and the headers of
    the public site and the workspace, links all, turned two-coloured as one went about.
    The text's links still show where one has been (WCAG does not ask it; readers expect it).
    The office's name heads both in the same weight (the workspace's was of normal weight)."""
    try:
        load(browser, staff_site + "/organisations")
        header = _colours_when_visited(browser, ".site-header a")
        assert len(header) >= 10  # office, language, Leichte Sprache, the main navigation
        assert [a for a, b in header if a != b] == []
        text = _colours_when_visited(browser, ".site-main a[href*='/organisation/']")
        assert text and all(a != b for a, b in text)
        log_in(browser, staff_site)
        load(browser, staff_site + "/workspace/")
        header = _colours_when_visited(browser, ".workspace-header a")
        assert len(header) >= 5
        assert [a for a, b in header if a != b] == []
        # the office's name in the header as on the public site (it was of normal weight)
        office = ".workspace-header__office a"
        workspace = browser.find_element(By.CSS_SELECTOR, office).value_of_css_property(
            "font-weight"
        )
        load(browser, staff_site + "/organisations")
        public = browser.find_element(By.CSS_SELECTOR, ".site-header__office a")
        assert workspace == public.value_of_css_property("font-weight") == "600"
    finally:
        clear_cookies(browser)


#: For each item of the workspace's navigation: whether it starts a row, and where its
#: content (a link's text, the log-out button's icon) begins against what came before it.
NAV_ITEMS = """
const ul = document.querySelector('.workspace-nav ul').getBoundingClientRect();
let before = null;
return [...document.querySelectorAll('.workspace-nav li')].map((li) => {
  const box = li.getBoundingClientRect();
  const content = li.querySelector('a, .kern-btn .kern-icon').getBoundingClientRect();
  const item = {
    text: li.innerText.trim(),
    starts_row: Math.abs(box.left - ul.left) < 1,
    indent: Math.round(content.left - ul.left),
    after: before === null ? null : Math.round(content.left - before),
  };
  before = li.querySelector('a, .kern-btn .kern-label').getBoundingClientRect().right;
  return item;
});
"""


@pytest.mark.parametrize("size", SIZES)
def test_the_workspace_navigations_log_out_lines_up_with_its_links(
    browser: webdriver.Chrome, staff_site: str, size: tuple[int, int]
) -> None:
    """Issue 16, item 1 (one look): the log-out button kept its button's inner space, so on
    a phone it stood indented under the links as if it were part of the one above, and on a
    desktop further from its neighbour than the links from each other."""
    browser.set_window_size(*size)
    try:
        log_in(browser, staff_site)
        load(browser, staff_site + "/workspace/")
        items = browser.execute_script(NAV_ITEMS)
    finally:
        clear_cookies(browser)
        browser.set_window_size(1280, 900)
    assert items[-1]["text"].startswith("Abmelden"), items
    starts = {i["indent"] for i in items if i["starts_row"]}
    gaps = {i["after"] for i in items[1:] if not i["starts_row"]}
    assert starts == {0} and len(gaps) == 1, items


def test_the_dates_of_recent_activities_are_not_broken_on_a_phone(
    browser: webdriver.Chrome, staff_site: str
) -> None:
    """Browser walk: at 390 px the home page's recent activities wrapped their dates inside
    ("14. / Mai 2026", "30. Mai / 2026")."""
    browser.set_window_size(*PHONE)
    try:
        load(browser, staff_site + "/")
        lines = browser.execute_script(
            "return Array.from(document.querySelectorAll('.recent .meta'))"
            ".map((m) => [m.textContent, m.getClientRects().length]);"
        )
    finally:
        browser.set_window_size(1280, 900)
    assert lines and all(n == 1 for _, n in lines), [t for t, n in lines if n != 1]
