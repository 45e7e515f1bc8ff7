"""The query editor in a real browser: the modules in webapp/static/editor/ start YASGUI, take
over from the plain forms, open permalinks and gallery queries with the PREFIX lines the
server added (akteursgraph.sparql.prefixes), share links that are this page's permalinks, and
YASGUI's own controls in German when the interface is (static/editor/german.js), and a failed
query shown, announced and checked in the interface's language only (static/editor/error.js)."""

from __future__ import annotations

import contextlib
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from selenium import webdriver
from selenium.common.exceptions import ElementClickInterceptedException, TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from akteursgraph.findings import Finding, ValidationFailed, ValidationReport
from akteursgraph.gallery import load_gallery
from akteursgraph.namespaces import PREFIXES, sparql_prologue
from akteursgraph_web.errors import error_response

from ..conftest import copy_store, running_server
from .conftest import assert_no_serious_violations, axe, clear_cookies, focus_ring_contrast
from .test_accessibility import YASGUI_EXCLUDED

CURRENT_TAB = """
const tab = window.AKTEURSGRAPH.yasgui.getTab();
const yasqe = tab.getYasqe();
yasqe.checkSyntax();
return {name: tab.getName(), query: tab.getQuery(), valid: yasqe.queryValid,
        endpoint: tab.getEndpoint(), share: tab.getShareableLink()};
"""

FIRST_TAB_QUERY = """
const yasgui = window.AKTEURSGRAPH.yasgui;
return yasgui.getTab(yasgui.persistentConfig.getTabs()[0]).getQuery();
"""


#: The texts of YASGUI's controls that a German page must not show (a sample of german.js).
ENGLISH_CONTROLS = {
    "Run query", "Share query", "Add tab", "Add a new tab", "Table", "Response",
    "Download result", "Download Results", "Simple view", "Ellipse", "Page size:",
    "Filter query results", "Close tab", "Open settings", "Settings", "Request method",
}  # fmt: skip

#: YASR's line above a result, in German ("12 Ergebnisse in 0,05 Sekunden").
RESULT_LINE = re.compile(r"\d{1,3}(\.\d{3})* Ergebniss?e? in \d+(,\d+)? Sekunden?")

#: The names and titles of the editor's controls (not of the query text nor the result cells).
CONTROL_TEXTS = """
const root = document.getElementById('yasgui');
const q = (sel) => root.querySelector(sel);
const run = q('.yasqe_queryButton');
const add = q('.addTab');
const texts = [];
root.querySelectorAll('*').forEach((el) => {
  if (el.closest('.CodeMirror-scroll, .yasr_results')) return;
  ['title', 'aria-label', 'placeholder'].forEach((a) => {
    if (el.hasAttribute(a)) texts.push(el.getAttribute(a).trim());
  });
  el.childNodes.forEach((n) => {
    if (n.nodeType === 3 && n.nodeValue.trim()) texts.push(n.nodeValue.trim());
  });
});
return {
  run: [run.getAttribute('title'), run.getAttribute('aria-label')],
  share: q('.yasqe_share') && q('.yasqe_share').getAttribute('title'),
  addTab: add && [add.getAttribute('title'), add.getAttribute('aria-label')],
  pager: Array.from(root.querySelectorAll('nav[aria-label]'))
    .map((n) => n.getAttribute('aria-label')),
  views: Array.from(root.querySelectorAll('.yasr_btnGroup button'))
    .map((b) => b.textContent.trim()),
  chips: Array.from(root.querySelectorAll('.yasr_response_chip'))
    .map((c) => c.textContent.trim()).filter((t) => t),
  sizer: q('.tableSizer') && q('.tableSizer').getAttribute('aria-label'),
  all: texts,
};
"""


def open_editor(driver: webdriver.Chrome, url: str) -> None:
    # Cookies ignore the port, so another module's server may have left `lang=en` behind;
    # these tests read the German interface of a first visit.
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    driver.get(url)
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return !!(window.AKTEURSGRAPH && window.AKTEURSGRAPH.yasgui)")
    )


def test_permalink_opens_with_the_prefixes_it_needs(browser: webdriver.Chrome, site: str) -> None:
    query = 'SELECT ?n WHERE { ?x schema:name ?n FILTER(CONTAINS(?n, "foaf:")) } LIMIT 3 # skos:'
    open_editor(browser, site + "/sparql/editor?" + urllib.parse.urlencode({"query": query}))
    tab = browser.execute_script(CURRENT_TAB)
    # Only schema: is used: foaf: is inside a string, skos: inside a comment.
    assert tab["query"] == f"PREFIX schema: <{PREFIXES['schema']}>\n" + query
    assert tab["valid"] is True
    assert tab["endpoint"] == site + "/sparql"
    shared = urllib.parse.urlsplit(tab["share"])
    assert shared.path == "/sparql/editor"
    assert urllib.parse.parse_qs(shared.query) == {"query": [tab["query"]]}
    # The editor took over from the plain form.
    assert not browser.find_element(By.ID, "free-query").is_displayed()
    # ... and keeps it one click away (the accessibility statement names it as the way round
    # the editor's own controls; it was hidden for good)
    browser.find_element(By.CSS_SELECTOR, "#free-query-box summary").click()
    assert browser.find_element(By.ID, "free-query-text").is_displayed()
    assert browser.find_element(By.ID, "editor-hint").is_displayed()
    # The first tab of a first visit (this module's server is a new origin) holds the default.
    first = browser.execute_script(FIRST_TAB_QUERY)
    assert first.startswith(sparql_prologue() + "\n# Die häufigsten Klassen")
    assert [e for e in browser.get_log("browser") if e["source"] == "javascript"] == []


def test_gallery_button_loads_its_query_and_runs_it(browser: webdriver.Chrome, site: str) -> None:
    entry = load_gallery()[0]
    open_editor(browser, site + "/sparql/editor")
    button = browser.find_element(By.CSS_SELECTOR, f"button[data-gallery-id='{entry['id']}']")
    assert button.is_displayed()
    button.click()
    status = browser.find_element(By.ID, "editor-status")
    WebDriverWait(browser, 30).until(
        lambda d: status.get_attribute("textContent").startswith("Das Ergebnis ist da")
    )
    tab = browser.execute_script(CURRENT_TAB)
    title = entry["title"]["de"]
    assert tab["name"] == (title if len(title) <= 32 else title[:31] + "…")
    assert tab["query"].startswith("PREFIX ") and tab["query"].endswith(entry["query"])
    assert tab["valid"] is True

    # YASGUI's own controls speak German (static/editor/german.js), the result line too.
    controls = browser.execute_script(CONTROL_TEXTS)
    assert controls["run"] == ["Abfrage ausführen", "Abfrage ausführen"]  # title, aria-label
    assert controls["share"] == "Abfrage teilen"
    assert controls["addTab"] == ["Tab hinzufügen", "Neuen Tab hinzufügen"]
    assert {"Tabelle", "Antwort"} <= set(controls["views"])
    assert controls["chips"], "no result line"
    assert all(RESULT_LINE.fullmatch(c) for c in controls["chips"])
    assert controls["sizer"] == "Zeilen pro Seite"
    assert controls["pager"] and set(controls["pager"]) == {"Seiten der Ergebnisse"}
    assert [t for t in controls["all"] if t in ENGLISH_CONTROLS] == []
    assert "Lange Werte kürzen" in controls["all"] and "Zeilen pro Seite:" in controls["all"]
    # A link in a result cell shows its focus inside itself: the cell cuts what stands
    # outside it, and the outline showed as a thin bar like a text cursor.
    browser.execute_script("document.querySelector('.yasr_results td a').focus()")
    ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).send_keys(
        Keys.TAB
    ).perform()  # back to it by the keyboard, as a keyboard user reaches it
    focus = browser.execute_script(
        "const a = document.activeElement; const s = getComputedStyle(a);"
        "return [a.matches(':focus-visible'), s.outlineStyle, parseFloat(s.outlineOffset)];"
    )
    assert focus[0] and focus[1] == "solid" and focus[2] < 0, focus
    # ... and English in the English interface, where two of YASGUI's texts said too little
    # ("Ellipse", "Page size:") beside the German ones.
    open_editor(browser, site + "/sparql/editor?lang=en")
    assert browser.execute_script(CONTROL_TEXTS)["run"] == ["Run query", "Run query"]
    browser.find_element(By.CSS_SELECTOR, f"button[data-gallery-id='{entry['id']}']").click()
    status = browser.find_element(By.ID, "editor-status")
    WebDriverWait(browser, 30).until(
        lambda d: status.get_attribute("textContent").startswith("The result has arrived")
    )
    controls = browser.execute_script(CONTROL_TEXTS)
    english = controls["all"]
    assert "Shorten long values" in english and "Rows per page:" in english
    assert controls["sizer"] == "Rows per page"  # its name as its label says (WCAG 2.5.3)
    assert "Ellipse" not in english and "Page size:" not in english


def test_without_the_vendor_files_the_plain_forms_stay(
    browser: webdriver.Chrome, site: str
) -> None:
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/vendor/yasgui.min.js"]})
    try:
        browser.get(site + "/sparql/editor")
        box = browser.find_element(By.ID, "yasgui")
        WebDriverWait(browser, 30).until(lambda d: "make assets" in box.text)
        assert browser.find_element(By.ID, "free-query").is_displayed()
        assert not browser.find_element(By.ID, "editor-hint").is_displayed()
        assert not any(
            b.is_displayed() for b in browser.find_elements(By.CSS_SELECTOR, "[data-gallery-id]")
        )
    finally:
        browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})


#: A query the endpoint refuses with a syntax error: a triple pattern of two terms (the
#: engine's words were "expected OPTIONAL"; `akteursgraph.sparql.syntax` says the rule).
BROKEN_QUERY = "SELECT * WHERE { ?s ?p }} LIMIT"

RUN_IN_CURRENT_TAB = """
const [query, done] = arguments;
document.getElementById('editor-status').textContent = '';
const tab = window.AKTEURSGRAPH.yasgui.getTab();
tab.setQuery(query);
tab.query().catch(() => null).then(() => done(null));
"""

#: What the editor shows of the last answer: the error view, the result cells, the status line.
SHOWN = """
const root = document.getElementById('yasgui');
const error = root.querySelector('.yasr_results .errorResult');
const link = error && error.querySelector('a');
return {
  error: error && error.querySelector('pre') && error.querySelector('pre').textContent,
  link: link && [link.textContent.trim(), link.href],
  cells: Array.from(root.querySelectorAll('.yasr_results td'))
    .map((td) => td.textContent.trim()),
  status: document.getElementById('editor-status').textContent,
};
"""


#: What the status line says while a query runs (main.js), not yet of its answer.
RUNNING = ("", "Die Abfrage läuft …", "The query is running …")


def run_query(driver: webdriver.Chrome, query: str) -> dict[str, Any]:
    """Run `query` in the editor's current tab; what the editor shows once it has said so."""
    driver.execute_async_script(RUN_IN_CURRENT_TAB, query)
    WebDriverWait(driver, 30).until(
        lambda d: (
            d.execute_script("return document.getElementById('editor-status').textContent")
            not in RUNNING
        )
    )
    return driver.execute_script(SHOWN)


@pytest.mark.parametrize(
    ("lang", "message", "other", "try_link"),
    [
        (
            "de",
            "SPARQL-Syntaxfehler: ",
            "SPARQL syntax error",
            "Abfrage in einem neuen Fenster versuchen",
        ),
        ("en", "SPARQL syntax error: ", "SPARQL-Syntaxfehler", "Try query in a new browser window"),
    ],
)
def test_a_refused_query_is_shown_in_the_interface_language_only(
    browser: webdriver.Chrome, site: str, lang: str, message: str, other: str, try_link: str
) -> None:
    """Issue: the error view showed the endpoint's answer in both languages, one after the
    other, under a link in English (YASR's error view, inside the results german.js leaves
    alone)."""
    open_editor(browser, f"{site}/sparql/editor?lang={lang}")
    shown = run_query(browser, BROKEN_QUERY)
    error = shown["error"]
    assert isinstance(error, str) and error.startswith(message), error
    assert other not in error and "\n" not in error.strip()
    assert ("Zeile 1, Spalte 18" if lang == "de" else "line 1, column 18") in error
    assert "?s ?p" in error and "expected OPTIONAL" not in error
    assert shown["link"] is not None
    text, href = shown["link"]
    assert text == try_link
    assert urllib.parse.urlsplit(href).path == "/sparql"
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(href).query)["query"] == [BROKEN_QUERY]
    if lang == "de":
        # Result cells are the data's: never relabelled, whatever they say.
        values = ["Query", "Try query in a new browser window", "Table"]
        literals = " ".join(f'"{v}"' for v in values)
        shown = run_query(browser, f"SELECT ?x WHERE {{ VALUES ?x {{ {literals} }} }}")
        cells = [c for c in shown["cells"] if not c.isdigit()]
        assert shown["error"] is None and cells == values, shown  # (without the row numbers)


def test_the_error_view_keeps_a_validation_report_in_one_language(
    browser: webdriver.Chrome, site: str, example_app: Flask
) -> None:
    """The endpoint's body for a refused write: German message, the report (each finding in
    both), English message (akteursgraph_web.errors.error_response); the view picks one."""
    finding = Finding(
        severity="violation",
        node="https://example.org/org/1",
        path="http://schema.org/name",
        shape="https://example.org/shapes/NameShape",
        message_de="Ein Name fehlt.",
        message_en="A name is missing.",
        value="x",
    )
    with example_app.test_request_context("/sparql/update", method="POST"):
        body = error_response(ValidationFailed(ValidationReport([finding]))).get_data(as_text=True)
    open_editor(browser, site + "/sparql/editor")
    pick = "const [body, lang, done] = arguments; import('/static/editor/error.js')" \
        ".then((m) => done(m.inLanguage(body, lang)), (err) => done(String(err)));"  # fmt: skip
    german = browser.execute_async_script(pick, body, "de")
    english = browser.execute_async_script(pick, body, "en")
    assert german.splitlines()[0].startswith("1 Verstoß") and "violation" not in german
    assert "Ein Name fehlt." in german and "A name is missing." not in german
    assert "Regel: " in german and "(Wert: x)" in german
    assert english.splitlines()[0].startswith("1 violation") and "Verstoß" not in english
    assert "A name is missing." in english and "Ein Name fehlt." not in english
    assert "rule: " in english and "(value: x)" in english
    assert len(german.splitlines()) == len(english.splitlines()) == 4


@pytest.mark.parametrize(
    ("lang", "notice"),
    [
        ("de", "Die Abfrage ist fehlgeschlagen: SPARQL-Syntaxfehler: "),
        ("en", "The query failed: SPARQL syntax error: "),
    ],
)
def test_a_refused_query_is_announced_as_failed(
    browser: webdriver.Chrome, site: str, lang: str, notice: str
) -> None:
    """Issue: after a refused query, screen readers heard "Das Ergebnis ist da." (#editor-status,
    the polite live region, said so for every answer)."""
    open_editor(browser, f"{site}/sparql/editor?lang={lang}")
    status = run_query(browser, BROKEN_QUERY)["status"]
    assert isinstance(status, str) and status.startswith(notice), status
    assert ("Zeile 1, Spalte 18" if lang == "de" else "line 1, column 18") in status
    assert "\n" not in status
    # ... and an answer is still announced as one.
    status = run_query(browser, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")["status"]
    assert status == (
        "Das Ergebnis ist da: 1 Zeile." if lang == "de" else "The result has arrived: 1 row."
    )


SYNTAX_TOOLTIP = """
const yasqe = window.AKTEURSGRAPH.yasgui.getTab().getYasqe();
yasqe.setValue(arguments[0]);
yasqe.checkSyntax();
return document.querySelector('#yasgui .parseErrorIcon');
"""


@pytest.mark.parametrize(
    ("lang", "opening", "other"),
    [
        ("de", "Diese Zeile ist ungültig. Erwartet: ", "This line is invalid"),
        ("en", "This line is invalid. Expected: ", "Diese Zeile"),
    ],
)
def test_the_syntax_check_tooltip_speaks_the_interface_language(
    browser: webdriver.Chrome, site: str, lang: str, opening: str, other: str
) -> None:
    """Issue: the tooltip of the red icon beside an invalid line was English in the German
    interface (YASQE builds it at each hover, inside the text area german.js leaves alone)."""
    open_editor(browser, f"{site}/sparql/editor?lang={lang}")
    icon = browser.execute_script(SYNTAX_TOOLTIP, BROKEN_QUERY)
    assert icon is not None, "no syntax error marked"
    heading = browser.find_element(By.ID, "editor-heading")
    for _ in range(2):  # YASQE sets the tooltip's text again at every hover
        ActionChains(browser).move_to_element(icon).perform()
        tooltip = icon.find_element(By.CSS_SELECTOR, ".yasqe_tooltip")
        text = tooltip.get_attribute("textContent")
        assert tooltip.is_displayed() and text.startswith(opening), text
        assert other not in text
        # The grammar's words it lists are the query language's and stay.
        assert "VAR1" in text.removeprefix(opening)
        ActionChains(browser).move_to_element(heading).perform()


def test_the_syntax_check_tooltip_names_an_unknown_prefix_in_german(
    browser: webdriver.Chrome, site: str
) -> None:
    open_editor(browser, site + "/sparql/editor")
    icon = browser.execute_script(SYNTAX_TOOLTIP, "SELECT * WHERE { ?s nirgends:p ?o }")
    assert icon is not None, "no syntax error marked"
    ActionChains(browser).move_to_element(icon).perform()
    tooltip = icon.find_element(By.CSS_SELECTOR, ".yasqe_tooltip")
    assert tooltip.get_attribute("textContent") == "Das Präfix „nirgends“ ist nicht definiert."


def test_the_editor_after_a_refused_query_is_accessible(
    browser: webdriver.Chrome, site: str
) -> None:
    """A refused query greys out YASR's view buttons (Tabelle, Diagramm, Antwort) with
    opacity: 1.97-2.37:1 against white, a serious contrast failure for axe."""
    open_editor(browser, f"{site}/sparql/editor?lang=de")
    shown = run_query(browser, BROKEN_QUERY)
    assert shown["error"]
    assert_no_serious_violations(axe(browser, exclude=YASGUI_EXCLUDED))


SYNTAX_LINE = """
const out = document.getElementById('editor-syntax');
const field = window.AKTEURSGRAPH.yasgui.getTab().getYasqe().getInputField();
return {text: out.hidden ? null : out.textContent,
        described: field.getAttribute('aria-describedby')};
"""


def syntax_line(driver: webdriver.Chrome, wanted: str | None) -> dict[str, Any]:
    """The line under the editor once it says `wanted` (a beginning; None: hidden). It
    follows the text after typing stops, so a slow machine may show a line of the text half
    typed, or of the query kept from an earlier test, first; on a timeout, the last one."""
    shown: dict[str, Any] = {}

    def settled(d: webdriver.Chrome) -> bool:
        shown.update(d.execute_script(SYNTAX_LINE))
        text = shown["text"]
        return text is None if wanted is None else text is not None and text.startswith(wanted)

    with contextlib.suppress(TimeoutException):  # the caller's assertion names what was shown
        WebDriverWait(driver, 15).until(settled)
    return shown


@pytest.mark.parametrize(
    ("lang", "opening"),
    [
        ("de", "Syntaxfehler in Zeile 2: Diese Zeile ist ungültig. Erwartet: "),
        ("en", "Syntax error on line 2: This line is invalid. Expected: "),
    ],
)
def test_the_syntax_finding_is_written_under_the_editor_for_keyboard_users(
    browser: webdriver.Chrome, site: str, lang: str, opening: str
) -> None:
    """Issue: YASQE says what is wrong with a line only in a tooltip while the pointer is over
    its red icon: out of reach of the keyboard and of screen readers (WCAG 2.1.1). Typed with
    the keyboard into the text field, the finding appears under the editor as the field's
    description, and goes once the query is mended."""
    open_editor(browser, f"{site}/sparql/editor?lang={lang}")
    field = browser.find_element(By.CSS_SELECTOR, "#yasgui .CodeMirror textarea")
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE)
    field.send_keys("SELECT * WHERE {", Keys.ENTER, "?s ?p }} LIMIT")
    shown = syntax_line(browser, opening)
    assert shown["text"] and shown["text"].startswith(opening), shown
    # What may come, in words: it listed the grammar's token names ("VAR1, VAR2, NIL,
    # IRI_REF, …, DOUBLE_NEGATIVE"), parser jargon to a researcher (English walk).
    assert not re.search(r"VAR1|IRI_REF|PNAME|NIL|DOUBLE_", shown["text"]), shown["text"]
    words = {"de": "eine Variable (?x)", "en": "a variable (?x)"}[lang]
    assert words in shown["text"] and shown["text"].endswith("."), shown["text"]
    # After a predicate the property paths' signs came first and took all eight places,
    # leaving "a variable" under "and more" (re-check): what is named in words comes first.
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE)
    field.send_keys("SELECT ?x WHERE { ?x a }")
    after = syntax_line(browser, opening.replace("2", "1"))
    expected = after["text"].split(opening.split(": ", 1)[1].split(". ")[1], 1)[1]
    assert expected.startswith(words), after["text"]
    assert shown["described"] == "editor-hint editor-syntax"  # the hint says how to leave
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE)
    field.send_keys("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert syntax_line(browser, None)["text"] is None


def test_the_syntax_finding_names_an_unknown_prefix_in_german(
    browser: webdriver.Chrome, site: str
) -> None:
    open_editor(browser, site + "/sparql/editor")
    browser.execute_script(SYNTAX_TOOLTIP, "SELECT * WHERE { ?s nirgends:p ?o }")
    expected = "Syntaxfehler in Zeile 1: Das Präfix „nirgends“ ist nicht definiert."
    assert syntax_line(browser, expected)["text"] == expected


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_syntax_check_knows_the_predeclared_prefixes(
    browser: webdriver.Chrome, site: str, lang: str
) -> None:
    """Audit: `SELECT ?name WHERE { ?n schema:name ?name }`, docs/sparql.md's own example,
    was marked "Das Präfix „schema“ ist nicht definiert." while the endpoint answered it: the
    endpoint declares its prefixes itself, and so does the syntax check now."""
    open_editor(browser, f"{site}/sparql/editor?lang={lang}")
    browser.execute_script(
        SYNTAX_TOOLTIP, "SELECT ?name WHERE { ?n schema:name ?name . ?n ag:district ?d }"
    )
    assert syntax_line(browser, None)["text"] is None
    assert browser.execute_script(
        "return window.AKTEURSGRAPH.yasgui.getTab().getYasqe().queryValid"
    )


@pytest.mark.parametrize(
    ("lang", "said", "shown"),
    [("de", "Das Ergebnis ist da: wahr.", "Wahr"), ("en", "The result has arrived: true.", "True")],
)
def test_an_ask_query_is_announced_with_its_answer(
    browser: webdriver.Chrome, site: str, lang: str, said: str, shown: str
) -> None:
    """Audit: after an ASK the status line kept the previous answer's "20 Zeilen" (a script
    error on a boolean result), and the German page showed "True"."""
    open_editor(browser, f"{site}/sparql/editor?lang={lang}")
    run_query(browser, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    browser.execute_async_script(RUN_IN_CURRENT_TAB, "ASK { ?s ?p ?o }")
    WebDriverWait(browser, 30).until(
        lambda d: (
            d.execute_script("return document.getElementById('editor-status').textContent") == said
        )
    )
    answer = browser.execute_script(
        "return document.querySelector('#yasgui .booleanResult').textContent.trim()"
    )
    assert answer == shown


def test_the_settings_offer_the_graph_formats_the_endpoint_serves(
    browser: webdriver.Chrome, site: str
) -> None:
    """Audit: the settings' "Construct / Describe" choice offered TriG, N-Quads, RDF/JSON, CSV
    and TSV (each answered 406) and no JSON-LD."""
    open_editor(browser, site + "/sparql/editor?lang=en")
    browser.find_element(By.CSS_SELECTOR, "#yasgui .tabContextButton").click()
    offered = browser.execute_script(
        "return [...document.querySelectorAll('#yasgui select')].map("
        "s => [...s.options].map(o => o.value));"
    )
    graph = [o for o in offered if "text/turtle" in o]
    assert graph == [
        ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]
    ], offered  # fmt: skip (the endpoint's order)


def test_an_empty_construct_says_so(browser: webdriver.Chrome, site: str) -> None:
    """Audit: a CONSTRUCT that found nothing showed `{ "ok": true, "status": 200, …
    "content": "" }` in the answer view."""
    open_editor(browser, site + "/sparql/editor?lang=de")
    shown = run_query(browser, "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <urn:x:nichts> ; ?p ?o }")
    assert shown["status"] == "Das Ergebnis ist da: keine Tripel."
    # YASR's note that the table cannot show it, in German too (it was English only)
    note = browser.find_element(By.CSS_SELECTOR, "#yasgui .yasr").text
    assert "Could not render" not in note and "documentation" not in note, note
    assert "for more information" not in note, note  # the words after the link (walk)
    browser.find_element(By.CSS_SELECTOR, "#yasgui .select_response").click()
    text = browser.find_element(By.CSS_SELECTOR, "#yasgui .yasr_results").text
    assert "keine Tripel" in text and '"ok"' not in text, text


CHOOSE_VIEW = """
const [name, done] = arguments;
const yasr = window.AKTEURSGRAPH.yasgui.getTab().getYasr();
yasr.selectPlugin(name);
setTimeout(() => {
  const help = document.querySelector('#yasgui .yasr_external_ref_btn');
  done({note: document.querySelector('#yasgui .yasr_fallback_info').textContent,
        help: help && [help.getAttribute('title'), help.getAttribute('aria-label')],
        href: help && help.getAttribute('href')});
}, 300);
"""


@pytest.mark.parametrize(
    ("lang", "note", "help_title"),
    [
        ("de", "Die Ansicht „Diagramm“ kann dieses Ergebnis nicht zeigen; es steht in der "
         "Ansicht „Tabelle“.", "Zu dieser Ansicht gibt es keine eigene Dokumentation."),
        ("en", "Could not render results with the Chart plugin, the results currently are "
         "rendered with the Table plugin.", "This view has no documentation of its own."),
    ],
)  # fmt: skip
def test_the_chart_view_speaks_the_interface_language(
    browser: webdriver.Chrome, site: str, lang: str, note: str, help_title: str
) -> None:
    """Walk: the chart view's help button was titled "This plugin doesn't have a help
    reference yet. Please contact the maintainer to fix this" (German page too) and kept the
    name and the address of the help of the view shown before it (YASR's updateHelpButton),
    and its note for a result it cannot chart stayed English: german.js knew it only ending
    in "See"."""
    open_editor(browser, f"{site}/sparql/editor?lang={lang}")
    run_query(browser, "SELECT ?s WHERE { ?s a <urn:x:nichts> }")
    shown = browser.execute_async_script(CHOOSE_VIEW, "barchart")
    assert shown["note"].strip() == note, shown
    assert shown["help"] == [help_title, None], shown
    assert shown["href"] is None, shown  # no link to another view's help
    # A result it can chart: the same title on its help button, no note.
    run_query(browser, "SELECT ?x (1 AS ?n) WHERE { VALUES ?x { 'a' 'b' } }")
    shown = browser.execute_async_script(CHOOSE_VIEW, "barchart")
    assert shown["note"].strip() == "" and shown["help"] == [help_title, None], shown


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("de", "Die Antwort ist eine Webseite, keine Antwort auf eine SPARQL-Abfrage. Stimmt "
         "die Adresse des Endpunkts?"),
        ("en", "The answer is a web page, not the answer to a SPARQL query. Is the endpoint's "
         "address right?"),
    ],
)  # fmt: skip
def test_a_web_page_for_an_answer_is_not_shown_as_markup(
    browser: webdriver.Chrome, site: str, lang: str, message: str
) -> None:
    """Walk: with the tab's endpoint set to a wrong address of this server, the error view
    showed the 404 page's markup ("Die Abfrage ist fehlgeschlagen: <!doctype html>"; on the
    English page a line from its middle: "<li><a class=\"kern-link\" …")."""
    open_editor(browser, f"{site}/sparql/editor?lang={lang}")
    browser.execute_script(
        "window.AKTEURSGRAPH.yasgui.getTab().setEndpoint(arguments[0])", site + "/nirgends"
    )
    shown = run_query(browser, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert shown["error"] == message, shown
    failed = "Die Abfrage ist fehlgeschlagen: " if lang == "de" else "The query failed: "
    assert shown["status"] == failed + message, shown


def test_a_second_tab_and_the_share_popup_are_accessible(
    browser: webdriver.Chrome, site: str
) -> None:
    """Audit: with a second tab, the one not shown had #888 on white (3.5:1: axe's
    color-contrast, which the tab bar's exclusion hid); the share popup's link field had no
    name. axe runs on the tab bar here, without the exclusion, for that rule."""
    open_editor(browser, site + "/sparql/editor?lang=de")
    browser.find_element(By.CSS_SELECTOR, "#yasgui .addTab").click()
    WebDriverWait(browser, 10).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#yasgui .tabsList .tab")) >= 2
    )
    contrast = [v for v in axe(browser) if v["id"] == "color-contrast"]
    assert not contrast, contrast
    (share,) = [b for b in browser.find_elements(By.CSS_SELECTOR, "#yasgui .yasqe_share")
                if b.is_displayed()]  # fmt: skip
    share.click()
    WebDriverWait(browser, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".yasqe_sharePopup button.curl")
    )
    names = browser.execute_script(
        "return [...document.querySelectorAll('.yasqe_sharePopup input, .yasqe_sharePopup button')]"
        ".map(e => e.getAttribute('aria-label'));"
    )
    assert names and all(names), names
    assert_no_serious_violations(axe(browser, exclude=YASGUI_EXCLUDED))


def test_esc_closes_the_share_popup_and_the_settings_with_the_focus_back(
    browser: webdriver.Chrome, site: str
) -> None:
    """Walk: YASGUI's share popup and a tab's settings closed only with a click elsewhere;
    Esc did nothing, so a keyboard user had to walk through them or leave them open."""

    def settings_open(wanted: bool) -> None:
        WebDriverWait(browser, 10).until(
            lambda d: bool(d.find_elements(By.CSS_SELECTOR, "#yasgui .tabMenu.open")) == wanted
        )

    open_editor(browser, site + "/sparql/editor?lang=de")
    (share,) = [b for b in browser.find_elements(By.CSS_SELECTOR, "#yasgui .yasqe_share")
                if b.is_displayed()]  # fmt: skip
    share.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script(
            "return document.activeElement.closest('.yasqe_sharePopup') !== null"
        )
    )
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    WebDriverWait(browser, 5).until(
        lambda d: not d.find_elements(By.CSS_SELECTOR, ".yasqe_sharePopup")
    )
    assert browser.switch_to.active_element == share

    settings = browser.find_element(By.CSS_SELECTOR, "#yasgui .tabContextButton")
    settings.send_keys(Keys.ENTER)
    field = WebDriverWait(browser, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "#yasgui .tabMenu.open .textRow input")
    )
    field.send_keys(Keys.ESCAPE)  # typed into, a row is added and kept for later tests
    settings_open(False)
    assert browser.switch_to.active_element == settings
    assert settings.get_attribute("aria-expanded") == "false"
    # The settings open again, and the editor still takes Esc once nothing is open.
    settings.send_keys(Keys.ENTER)
    settings_open(True)
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    settings_open(False)
    # Re-check: Esc in the dialog renaming a tab closed the settings behind it instead.
    settings.send_keys(Keys.ENTER)
    settings_open(True)
    browser.find_element(By.CSS_SELECTOR, "#yasgui .tabsList .tab.active a").send_keys(Keys.F2)
    field = WebDriverWait(browser, 5).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "dialog[open] input")
    )
    field.send_keys("Neu", Keys.ESCAPE)
    WebDriverWait(browser, 5).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog[open]"))
    assert browser.find_elements(By.CSS_SELECTOR, "#yasgui .tabMenu.open")
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    settings_open(False)
    # Re-check: Esc closing YASGUI's menu of a tab closed the settings behind it too.
    settings.send_keys(Keys.ENTER)
    settings_open(True)
    ActionChains(browser).context_click(
        browser.find_element(By.CSS_SELECTOR, "#yasgui .tabsList .tab.active a")
    ).perform()
    WebDriverWait(browser, 5).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".context-menu"))
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    WebDriverWait(browser, 5).until(lambda d: not d.find_elements(By.CSS_SELECTOR, ".context-menu"))
    assert browser.find_elements(By.CSS_SELECTOR, "#yasgui .tabMenu.open")
    settings.send_keys(Keys.ESCAPE)
    settings_open(False)
    # Re-check: the share button pressed twice stacks two popups; one Esc closes both.
    share.send_keys(Keys.ENTER)
    WebDriverWait(browser, 5).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".yasqe_sharePopup"))
    share.send_keys(Keys.ENTER)
    assert len(browser.find_elements(By.CSS_SELECTOR, ".yasqe_sharePopup")) == 2
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    WebDriverWait(browser, 5).until(
        lambda d: not d.find_elements(By.CSS_SELECTOR, ".yasqe_sharePopup")
    )


@pytest.mark.parametrize("turned", [False, True])
def test_the_share_popup_stays_on_a_phones_screen(
    browser: webdriver.Chrome, site: str, turned: bool
) -> None:
    """Re-check: YASGUI's share popup is 600 px wide and ends at its button; at 390 px it began
    311 px left of the screen, and only the end of its link could be read. `turned`: opened
    on a wide window, then made narrow (a phone turned), where it was off the screen again."""
    if not turned:
        browser.set_window_size(390, 844)
    try:
        open_share_popup(browser, site)
        browser.set_window_size(390, 844)
        WebDriverWait(browser, 5).until(
            lambda d: d.execute_script("return document.documentElement.clientWidth < 400")
        )
        box = browser.execute_script(SHARE_POPUP_BOX)
    finally:
        browser.set_window_size(1280, 900)
    for part in ("popup", "field"):
        assert box[part]["left"] >= 0 and box[part]["right"] <= box["width"], box
    assert box["field"]["width"] >= 150, box


def test_the_share_popup_turned_back_is_as_yasgui_placed_it(
    browser: webdriver.Chrome, site: str
) -> None:
    """Re-check: opened on a phone, then the window made wide again (the phone turned back),
    the popup kept its narrow width until it was closed. It is back at YASGUI's width, ending
    at its button."""
    open_share_popup(browser, site)
    wide = browser.execute_script(SHARE_POPUP_BOX)
    browser.execute_script(
        "document.querySelectorAll('.yasqe_sharePopup').forEach((p) => p.remove())"
    )
    browser.set_window_size(390, 844)
    try:
        open_share_popup(browser, site)
        narrow = browser.execute_script(SHARE_POPUP_BOX)
    finally:
        browser.set_window_size(1280, 900)
    WebDriverWait(browser, 5).until(
        lambda d: d.execute_script("return document.documentElement.clientWidth > 1000")
    )
    back = browser.execute_script(SHARE_POPUP_BOX)
    assert narrow["popup"]["width"] < 390 < wide["popup"]["width"], (narrow, wide)
    assert back["popup"]["width"] == wide["popup"]["width"], (back, wide)
    end = [box["popup"]["right"] - box["button"]["right"] for box in (wide, back)]
    assert abs(end[0] - end[1]) < 0.5, (back, wide)


SHARE_POPUP_BOX = """
const r = (s) => document.querySelector(s).getBoundingClientRect();
return {popup: r('.yasqe_sharePopup'), field: r('.yasqe_sharePopup input'),
        button: r('#yasgui .yasqe_share'), width: document.documentElement.clientWidth};
"""


def open_share_popup(browser: webdriver.Chrome, site: str) -> None:
    """The German editor with YASGUI's share popup opened by keyboard."""
    open_editor(browser, site + "/sparql/editor?lang=de")
    (share,) = [b for b in browser.find_elements(By.CSS_SELECTOR, "#yasgui .yasqe_share")
                if b.is_displayed()]  # fmt: skip
    share.send_keys(Keys.ENTER)
    WebDriverWait(browser, 5).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".yasqe_sharePopup input")
    )


COUNTS = """
const root = document.getElementById('yasgui');
return {chips: Array.from(root.querySelectorAll('.yasr_response_chip'))
          .map((c) => c.textContent.trim()).filter((t) => t),
        info: Array.from(root.querySelectorAll('.dataTables_info, .dt-info'))
          .map((i) => i.textContent.trim())};
"""


def test_german_counts_of_a_result_are_grouped_as_german_writes_them(
    browser: webdriver.Chrome, site: str
) -> None:
    """Issue: a German result line would read "1500 Ergebnisse" and the table "von 1,500
    Einträgen"; "in 1 Sekunden"."""
    open_editor(browser, site + "/sparql/editor?lang=de")
    run_query(browser, "SELECT * WHERE { ?s ?p ?o } LIMIT 1500")
    shown = browser.execute_script(COUNTS)
    assert any(c.startswith("1.500 Ergebnisse in ") for c in shown["chips"]), shown
    assert all(RESULT_LINE.fullmatch(c) for c in shown["chips"]), shown
    assert any("1.500" in i for i in shown["info"]) and not any(
        "1,500" in i for i in shown["info"]
    ), shown


@pytest.fixture(scope="module")
def capped_site(
    example_store_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The example site with a row cap of 1,200: a cut result the browser draws in seconds
    (10,000 rows took it about 20 s a language)."""
    store = copy_store(example_store_template, tmp_path_factory.mktemp("capped"))
    with running_server(store, "--max-rows", "1200") as url:
        yield url


@pytest.mark.parametrize(
    ("lang", "notice"),
    [
        ("de", "Das Ergebnis ist gekürzt: nur die ersten 1.200 Zeilen"),
        ("en", "The result is cut: only the first 1,200 rows"),
    ],
)
def test_a_result_cut_at_the_row_cap_says_so(
    browser: webdriver.Chrome, capped_site: str, lang: str, notice: str
) -> None:
    """Issue: the endpoint marks a cut result only with a header; the editor showed 10,000
    rows as if they were all, and a researcher could not tell. The cut is written under the
    editor and announced, with the server's own cap; a whole result after it clears the
    notice."""
    open_editor(browser, f"{capped_site}/sparql/editor?lang={lang}")
    box = browser.find_element(By.ID, "editor-truncated")
    status = run_query(browser, "SELECT ?a ?b WHERE { ?a ?p ?o . ?b ?q ?r } LIMIT 1201")["status"]
    assert box.is_displayed() and box.text.startswith(notice), box.text
    assert isinstance(status, str) and status.endswith(box.text), status
    assert status.startswith("Das Ergebnis ist da: 1.200 Zeilen." if lang == "de"
                             else "The result has arrived: 1,200 rows."), status  # fmt: skip
    status = run_query(browser, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")["status"]
    assert not box.is_displayed()
    assert status == (
        "Das Ergebnis ist da: 1 Zeile." if lang == "de" else "The result has arrived: 1 row."
    )


ANSWER_VIEW = """
const buttons = Array.from(document.querySelectorAll('.yasr_btnGroup .yasr_btn'));
const field = document.querySelector('.yasr .CodeMirror textarea');
const view = (b) => b.className.match(/select_(\\w+)/)[1];
return {pressed: buttons.map((b) => [view(b), b.getAttribute('aria-pressed')]),
        name: field && field.getAttribute('aria-label'),
        focused: document.activeElement === field,
        ring: field && getComputedStyle(field.closest('.CodeMirror')).outlineStyle};
"""


def test_the_answer_view_names_its_field_and_the_chosen_view(
    browser: webdriver.Chrome, site: str
) -> None:
    """Audit (WCAG 4.1.2, 2.4.7): the view "Antwort" put the focus in a read-only field with no
    name and no visible focus, and which view was shown was only a class of its button."""
    open_editor(browser, site + "/sparql/editor")
    run_query(browser, "SELECT * WHERE { ?s ?p ?o } LIMIT 3")
    shown = browser.execute_script(ANSWER_VIEW)
    assert ["table", "true"] in shown["pressed"] and ["response", "false"] in shown["pressed"]
    browser.find_element(By.CSS_SELECTOR, ".yasr_btn.select_response").click()
    WebDriverWait(browser, 10).until(lambda d: d.execute_script(ANSWER_VIEW)["name"])
    browser.execute_script("document.querySelector('.yasr .CodeMirror textarea').focus()")
    shown = browser.execute_script(ANSWER_VIEW)
    assert shown["name"] == "Antwort des Servers, nur zum Lesen", shown
    assert ["response", "true"] in shown["pressed"] and ["table", "false"] in shown["pressed"]
    assert shown["focused"] and shown["ring"] == "solid", shown
    assert_no_serious_violations(axe(browser, YASGUI_EXCLUDED))


def test_the_editors_focus_ring_stands_out_from_the_page(
    browser: webdriver.Chrome, site: str
) -> None:
    """Audit (WCAG 1.4.11, 2.4.7): the editor page drew its own ring in #ffbf47, 1.6:1 on
    white, where the rest of the site has KERN's. Every control reached with Tab has 3:1."""
    open_editor(browser, site + "/sparql/editor")
    seen = []
    for _ in range(25):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        if browser.execute_script("return document.activeElement.closest('.CodeMirror')"):
            continue  # a code editor: its box shows the focus (below)
        ring = focus_ring_contrast(browser)
        seen.append(ring)
        assert ring[0] >= 3, ring
    assert len(seen) >= 10, seen
    # The query editor's field is hidden in its box, which shows the focus: it showed none,
    # only the caret, beside every other control's ring (audit, WCAG 2.4.7).
    frame = browser.execute_script(
        """document.querySelector('.yasqe .CodeMirror textarea').focus();
           const s = getComputedStyle(document.querySelector('.yasqe .CodeMirror'));
           return [s.outlineStyle, parseFloat(s.outlineWidth)];"""
    )
    assert frame == ["solid", 3], frame


@pytest.mark.parametrize("size", [(390, 844), (1366, 900)])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_open_settings_are_named_and_fit_the_screen(
    browser: webdriver.Chrome, site: str, lang: str, size: tuple[int, int]
) -> None:
    """Walk: with YASGUI's settings open, axe found six text fields and two selects without
    a name (critical) and the chosen request method at 4.2:1 (serious); on a phone the page
    scrolled sideways to 616 px."""
    browser.set_window_size(*size)
    try:
        open_editor(browser, site + f"/sparql/editor?lang={lang}")
        browser.find_element(By.CSS_SELECTOR, "#yasgui .tabContextButton").click()
        WebDriverWait(browser, 10).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#yasgui .tabMenu.open select")
        )
        names = browser.execute_script(
            "return [...document.querySelectorAll("
            "'#yasgui .tabMenu input, #yasgui .tabMenu select')]"
            ".map(e => e.getAttribute('aria-label'));"
        )
        wide = browser.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];"
        )
        violations = axe(browser)
    finally:
        browser.set_window_size(1280, 900)
    assert len(names) == 8 and all(names), names
    assert ("Standard-Graph (IRI) 1" if lang == "de" else "Default graph (IRI) 1") in names
    assert wide[0] <= wide[1], wide
    assert_no_serious_violations(violations)


def test_the_settings_method_choice_says_which_and_shows_its_focus(
    browser: webdriver.Chrome, site: str
) -> None:
    """Re-check: the chosen method (POST) was told by colour alone, and with the keyboard on
    it nothing showed the focus (the contrast rule outranked YASGUI's focus cue)."""
    open_editor(browser, site + "/sparql/editor?lang=de")
    browser.find_element(By.CSS_SELECTOR, "#yasgui .tabContextButton").click()
    WebDriverWait(browser, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#yasgui .tabMenu.open .selectorButton")
    )
    pressed = (
        "return [...document.querySelectorAll('#yasgui .selectorButton')]"
        ".map(b => [b.textContent, b.getAttribute('aria-pressed')]);"
    )
    assert browser.execute_script(pressed) == [["GET", "false"], ["POST", "true"]]
    get, post = browser.find_elements(By.CSS_SELECTOR, "#yasgui .selectorButton")
    # The menu turns in for half a second (YASGUI's transition): a click sent while it moves
    # can land beside GET (CI) or on a label over it (full suite). It is clicked once still.
    WebDriverWait(browser, 5).until(
        lambda d: d.execute_script(
            "return document.querySelector('#yasgui .tabMenu.open')"
            ".getAnimations({subtree: true}).length === 0;"
        )
    )
    settled = WebDriverWait(browser, 5, ignored_exceptions=[ElementClickInterceptedException])
    settled.until(lambda _d: get.click() or True)
    WebDriverWait(browser, 5).until(lambda d: d.execute_script(pressed)[0][1] == "true")
    assert browser.execute_script(pressed) == [["GET", "true"], ["POST", "false"]]
    settled.until(lambda _d: post.click() or True)
    ActionChains(browser).move_to_element(get).perform()
    browser.execute_script("arguments[0].focus()", get)
    ActionChains(browser).send_keys(Keys.TAB).perform()  # to POST, by the keyboard
    ring = browser.execute_script(
        "const s = getComputedStyle(document.activeElement);"
        "return [document.activeElement.textContent, s.outlineStyle, s.outlineWidth];"
    )
    assert ring[0] == "POST" and ring[1] == "solid" and ring[2] == "3px", ring


#: A query that runs until the time limit on the example (three unconnected patterns).
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.mark.parametrize(
    ("lang", "cancel", "running", "cancelled"),
    [
        ("de", "Abfrage abbrechen", "Die Abfrage läuft …", "Die Abfrage wurde abgebrochen."),
        ("en", "Cancel query", "The query is running …", "The query was cancelled."),
    ],
)
def test_the_run_button_says_it_cancels_a_running_query(
    browser: webdriver.Chrome, site: str, lang: str, cancel: str, running: str, cancelled: str
) -> None:
    """Walk: while a query ran, the run button kept its name "Abfrage ausführen" and cancelled
    it when pressed; the status line then said "Die Abfrage ist fehlgeschlagen: signal is
    aborted without reason"."""
    open_editor(browser, f"{site}/sparql/editor?lang={lang}")
    browser.execute_script(
        "const tab = window.AKTEURSGRAPH.yasgui.getTab(); tab.setQuery(arguments[0]);"
        "tab.query().catch(() => null);",
        SLOW_QUERY,
    )
    button = browser.find_element(By.CSS_SELECTOR, "#yasgui .yasqe_queryButton")
    WebDriverWait(browser, 10).until(lambda d: button.get_attribute("aria-label") == cancel)
    assert button.get_attribute("title") == cancel
    status = browser.find_element(By.ID, "editor-status")
    assert status.text == running
    button.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: status.text != running)
    assert status.text == cancelled
    shown = browser.execute_script(SHOWN)
    assert shown["error"] == cancelled, shown
    assert button.get_attribute("aria-label") == (
        "Abfrage ausführen" if lang == "de" else "Run query"
    )
    _until_the_workers_are_free(site)


def _until_the_workers_are_free(site: str, timeout: float = 30.0) -> None:
    """The server runs a cancelled query on to its time limit (the browser only stops
    waiting); until then its worker is busy, and the next test's query was refused."""
    import time
    import urllib.request

    end = time.monotonic() + timeout
    while True:
        # A text no cache has seen, so that a worker answers it.
        query = f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT 1 # {time.monotonic()}"
        url = site + "/sparql?" + urllib.parse.urlencode({"query": query})
        try:  # a query may wait in line for the worker: as long as the time limit
            with urllib.request.urlopen(url, timeout=15) as answer:
                if answer.status == 200:
                    return
        except OSError:  # refused (HTTPError) or still waiting (TimeoutError)
            if time.monotonic() > end:
                raise
        time.sleep(0.2)


@pytest.mark.parametrize(
    ("lang", "said"),
    [("de", "Keine Verbindung zum Server"), ("en", "No connection to the server")],
)
def test_a_lost_connection_is_said_in_the_page_language(
    browser: webdriver.Chrome, site: str, lang: str, said: str
) -> None:
    """Walk: with the endpoint out of reach, the German page said "Die Abfrage ist
    fehlgeschlagen: Failed to fetch", the browser's English words."""
    open_editor(browser, f"{site}/sparql/editor?lang={lang}")
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/sparql"]})
    try:
        shown = run_query(browser, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    finally:
        browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    assert said in shown["status"] and said in shown["error"], shown
    assert "fetch" not in shown["status"] + shown["error"], shown


def test_a_tab_kept_from_the_other_language_follows_the_page(
    browser: webdriver.Chrome, site: str
) -> None:
    """Walk: after the German page, the English one kept the tab name "Abfrage" (and the
    download "Abfrage.csv"), and the German page after the English one kept "Query" and
    "# The most frequent classes in the public graph"."""
    browser.get(site + "/sparql/editor?lang=de")
    browser.execute_script("localStorage.clear();")
    open_editor(browser, site + "/sparql/editor?lang=de")
    for lang, name, comment in (
        ("en", "Query", "# The most frequent classes"),
        ("de", "Abfrage", "# Die häufigsten Klassen"),
    ):
        open_editor(browser, f"{site}/sparql/editor?lang={lang}")
        tab = browser.execute_script(CURRENT_TAB)
        assert tab["name"] == name, tab
        assert comment in tab["query"], tab


TAB_NAMES = """
const yasgui = window.AKTEURSGRAPH.yasgui;
return yasgui.persistentConfig.getTabs().map((id) => yasgui.getTab(id).getName());
"""


#: The tabs of the test below on the English page: YASGUI's two, and the visitor's "Abfrage 7"
#: with its copy.
ENGLISH_WITH_TWO_OF_HERS = ["Abfrage 7", "Abfrage 7", "Query", "Query 2"]


def three_tabs_one_named(browser: webdriver.Chrome, site: str, index: int, name: str) -> None:
    """A first visit to the German editor, two more tabs YASGUI names, and the visitor's
    `name` for the tab at `index`."""
    browser.get(site + "/sparql/editor?lang=de")
    browser.execute_script("localStorage.clear();")
    open_editor(browser, site + "/sparql/editor?lang=de")
    browser.execute_script(
        "const y = window.AKTEURSGRAPH.yasgui; y.addTab(true); y.addTab(true);"
        "y.getTab(y.persistentConfig.getTabs()[arguments[0]]).setName(arguments[1]);",
        index,
        name,
    )


def test_a_tab_the_visitor_named_keeps_its_name_in_the_other_language(
    browser: webdriver.Chrome, site: str
) -> None:
    """A tab the visitor renamed "Abfrage 7" was renamed "Query 7" on the English page, as
    if YASGUI had numbered it; the tabs YASGUI named still follow the page, also closed and
    reopened."""
    three_tabs_one_named(browser, site, 1, "Abfrage 7")
    assert browser.execute_script(TAB_NAMES) == ["Abfrage", "Abfrage 7", "Abfrage 2"]
    open_editor(browser, site + "/sparql/editor?lang=en")
    assert browser.execute_script(TAB_NAMES) == ["Query", "Abfrage 7", "Query 2"]
    open_editor(browser, site + "/sparql/editor?lang=de")
    assert browser.execute_script(TAB_NAMES) == ["Abfrage", "Abfrage 7", "Abfrage 2"]
    # Re-check: a copy of the visitor's tab (as YASGUI's "Tab kopieren" makes it) and the
    # tab itself closed and reopened ("Geschlossenen Tab wiederherstellen") keep the name.
    browser.execute_script(
        "const y = window.AKTEURSGRAPH.yasgui;"
        "const mine = y.getTab(y.persistentConfig.getTabs()[1]);"
        "y.addTab(true, Object.assign(JSON.parse(JSON.stringify(mine.getPersistedJson())),"
        " {id: 'copy-of-7'}));"
        "mine.close(); y.restoreLastTab();"
    )
    open_editor(browser, site + "/sparql/editor?lang=en")
    assert sorted(browser.execute_script(TAB_NAMES)) == ENGLISH_WITH_TWO_OF_HERS
    # A copy of a tab YASGUI named follows the page as that tab does (it kept "Query 2" on
    # the German page, beside its tab's "Abfrage 2"); the copy is removed again below.
    copy = browser.execute_script(
        "const y = window.AKTEURSGRAPH.yasgui;"
        "const its = y.getTab(y.persistentConfig.getTabs()"
        ".find((id) => y.getTab(id).getName() === 'Query 2'));"
        "y.addTab(true, Object.assign(JSON.parse(JSON.stringify(its.getPersistedJson())),"
        " {id: 'copy-of-2'})); return y.getTab('copy-of-2').getName();"
    )
    assert copy == "Query 2"
    open_editor(browser, site + "/sparql/editor?lang=de")
    assert sorted(browser.execute_script(TAB_NAMES)) == [
        "Abfrage", "Abfrage 2", "Abfrage 2", "Abfrage 7", "Abfrage 7"
    ]  # fmt: skip
    browser.execute_script("window.AKTEURSGRAPH.yasgui.getTab('copy-of-2').close();")
    open_editor(browser, site + "/sparql/editor?lang=en")
    # A tab YASGUI named, closed on one page and reopened on the other, follows the page
    # there and after (it had kept "Query 2" on the German page ever after).
    browser.execute_script(
        "const y = window.AKTEURSGRAPH.yasgui;"
        "const id = y.persistentConfig.getTabs()"
        ".find((id) => y.getTab(id).getName() === 'Query 2');"
        "y.selectTabId(id); y.getTab(id).close();"
    )
    open_editor(browser, site + "/sparql/editor?lang=de")
    browser.execute_script("window.AKTEURSGRAPH.yasgui.restoreLastTab();")
    assert sorted(browser.execute_script(TAB_NAMES)) == [
        "Abfrage", "Abfrage 2", "Abfrage 7", "Abfrage 7"
    ]  # fmt: skip
    open_editor(browser, site + "/sparql/editor?lang=en")
    assert sorted(browser.execute_script(TAB_NAMES)) == ENGLISH_WITH_TWO_OF_HERS
    browser.execute_script("localStorage.clear();")


def test_a_copy_of_the_visitors_tab_keeps_its_name_beside_yasguis_of_that_name(
    browser: webdriver.Chrome, site: str
) -> None:
    """Re-check: the visitor named a tab "Abfrage 1", as YASGUI had named another with the
    same first query; a copy of hers ("Kopieren") was taken for a copy of YASGUI's and
    became "Query 1" on the English page, while hers kept "Abfrage 1"."""
    three_tabs_one_named(browser, site, 2, "Abfrage 1")
    assert browser.execute_script(TAB_NAMES) == ["Abfrage", "Abfrage 1", "Abfrage 1"]
    toggle = browser.find_element(By.CSS_SELECTOR, ".ag-tab-actions > button")
    toggle.send_keys(Keys.ENTER)
    (copy,) = [b for b in browser.find_elements(By.CSS_SELECTOR, "#ag-tab-actions-list button")
               if b.text == "Kopieren"]  # fmt: skip
    copy.send_keys(Keys.ENTER)  # of the shown tab, hers
    # and with YASGUI's own menu, opened on her tab
    hers = browser.find_elements(By.CSS_SELECTOR, "#yasgui .tabsList .tab a[role=tab]")[2]
    ActionChains(browser).context_click(hers).perform()
    (item,) = [i for i in browser.find_elements(By.CSS_SELECTOR, ".context-menu-item")
               if i.is_displayed() and i.text == "Tab kopieren"]  # fmt: skip
    item.click()
    assert browser.execute_script(TAB_NAMES) == ["Abfrage", "Abfrage 1"] + ["Abfrage 1"] * 3
    open_editor(browser, site + "/sparql/editor?lang=en")
    assert browser.execute_script(TAB_NAMES) == ["Query", "Query 1"] + ["Abfrage 1"] * 3
    # Re-check: hers closed and reopened was taken for a copy of YASGUI's "Abfrage 1".
    open_editor(browser, site + "/sparql/editor?lang=de")
    browser.execute_script(
        "const y = window.AKTEURSGRAPH.yasgui; y.selectTabId(y.persistentConfig.getTabs()[2]);"
    )
    for action in ("Schließen", "Geschlossenen Tab wiederherstellen"):
        browser.find_element(By.CSS_SELECTOR, ".ag-tab-actions > button").send_keys(Keys.ENTER)
        listed = browser.find_elements(By.CSS_SELECTOR, "#ag-tab-actions-list button")
        (button,) = [b for b in listed if b.text == action]
        button.send_keys(Keys.ENTER)
    assert sorted(browser.execute_script(TAB_NAMES)) == ["Abfrage"] + ["Abfrage 1"] * 4
    open_editor(browser, site + "/sparql/editor?lang=en")
    assert sorted(browser.execute_script(TAB_NAMES)) == ["Abfrage 1"] * 3 + ["Query", "Query 1"]


def test_the_tabs_actions_work_by_keyboard_and_renaming_asks_in_a_named_field(
    browser: webdriver.Chrome, site: str
) -> None:
    """Walk: copying, renaming, closing the others and reopening a tab were only in YASGUI's
    menu, which a right click opens and any key closes; renaming (a double click) opened a
    field without a name inside the tab's link (axe: label, critical; nested-interactive,
    serious). "Tab-Aktionen" beside the tabs offers them as buttons, F2 on a tab renames it,
    and every renaming asks in a dialog with a labelled field."""
    browser.get(site + "/sparql/editor?lang=de")
    browser.execute_script("localStorage.clear();")
    open_editor(browser, site + "/sparql/editor?lang=de")
    keys = ActionChains(browser)
    toggle = browser.find_element(By.CSS_SELECTOR, ".ag-tab-actions > button")
    assert toggle.text == "Tab-Aktionen" and toggle.get_attribute("aria-expanded") == "false"
    toggle.send_keys(Keys.ENTER)
    actions = browser.find_elements(By.CSS_SELECTOR, "#ag-tab-actions-list button")
    assert [(b.text, b.get_attribute("disabled")) for b in actions] == [
        ("Umbenennen …", None), ("Kopieren", None), ("Schließen", "true"),
        ("Andere Tabs schließen", "true"), ("Geschlossenen Tab wiederherstellen", "true"),
    ]  # fmt: skip
    assert_no_serious_violations(axe(browser))
    keys.send_keys(Keys.TAB, Keys.TAB, Keys.ENTER).perform()  # "Kopieren"
    assert browser.execute_script(TAB_NAMES) == ["Abfrage", "Abfrage"]
    focused = browser.execute_script("return document.activeElement.getAttribute('role')")
    assert focused == "tab" and toggle.get_attribute("aria-expanded") == "false"
    keys.send_keys(Keys.F2).perform()
    field = browser.switch_to.active_element
    assert field.get_attribute("id") == "ag-rename-tab-name"
    assert browser.execute_script("return arguments[0].labels[0].textContent", field) == (
        "Name des Tabs"
    )
    assert_no_serious_violations(axe(browser))
    keys.send_keys("Meine Abfrage", Keys.ENTER).perform()
    assert browser.execute_script(TAB_NAMES) == ["Abfrage", "Meine Abfrage"]
    assert browser.switch_to.active_element.get_attribute("role") == "tab"
    # Esc closes the actions and gives the focus back to their button.
    toggle.send_keys(Keys.ENTER)
    keys.send_keys(Keys.ESCAPE).perform()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert browser.switch_to.active_element == toggle
    # "Andere Tabs schließen", then "Geschlossenen Tab wiederherstellen".
    toggle.send_keys(Keys.ENTER)
    keys.send_keys(Keys.TAB, Keys.TAB, Keys.TAB, Keys.TAB, Keys.ENTER).perform()
    assert browser.execute_script(TAB_NAMES) == ["Meine Abfrage"]
    toggle.send_keys(Keys.ENTER)
    browser.find_elements(By.CSS_SELECTOR, "#ag-tab-actions-list button")[4].send_keys(Keys.ENTER)
    assert sorted(browser.execute_script(TAB_NAMES)) == ["Abfrage", "Meine Abfrage"]
    # A double click asks in the dialog too, never in YASGUI's field without a name.
    ActionChains(browser).double_click(
        browser.find_element(By.CSS_SELECTOR, ".tabsList .tab.active")
    ).perform()
    assert browser.switch_to.active_element.get_attribute("id") == "ag-rename-tab-name"
    assert not browser.find_elements(By.CSS_SELECTOR, ".tabsList .tab.renaming")
    keys.send_keys(Keys.ESCAPE).perform()  # cancels: the name stays
    assert sorted(browser.execute_script(TAB_NAMES)) == ["Abfrage", "Meine Abfrage"]
    # Re-check: "Schließen" on the last tab left none, and the actions failed from then on
    # (reopening it was out of the keyboard's reach). The last tab is kept; where none is
    # left (YASGUI's own menu closes it), the actions still open and can reopen it.
    toggle.send_keys(Keys.ENTER)
    browser.find_elements(By.CSS_SELECTOR, "#ag-tab-actions-list button")[2].send_keys(Keys.ENTER)
    toggle.send_keys(Keys.ENTER)
    state = [
        b.get_attribute("disabled")
        for b in browser.find_elements(By.CSS_SELECTOR, "#ag-tab-actions-list button")
    ]
    assert state == [None, None, "true", "true", None], state
    keys.send_keys(Keys.ESCAPE).perform()
    browser.execute_script("window.AKTEURSGRAPH.yasgui.getTab().close();")
    assert browser.execute_script(TAB_NAMES) == []
    toggle.send_keys(Keys.ENTER)
    assert toggle.get_attribute("aria-expanded") == "true"
    state = [
        b.get_attribute("disabled")
        for b in browser.find_elements(By.CSS_SELECTOR, "#ag-tab-actions-list button")
    ]
    assert state == ["true", "true", "true", "true", None], state
    browser.find_elements(By.CSS_SELECTOR, "#ag-tab-actions-list button")[4].send_keys(Keys.ENTER)
    assert len(browser.execute_script(TAB_NAMES)) == 1
    assert browser.switch_to.active_element.get_attribute("role") == "tab"
    # Re-check: on a phone the buttons' box was as narrow as the button that opens it, and
    # "Geschlossenen Tab wiederherstellen" broke into three lines, "Close / the / other / tabs"
    # into four.
    browser.set_window_size(390, 844)
    try:
        toggle.send_keys(Keys.ENTER)
        box = browser.execute_script(
            "const p = document.getElementById('ag-tab-actions-list');"
            "const heights = [...p.querySelectorAll('button')]"
            "  .map(b => b.getBoundingClientRect().height);"
            "return [p.getBoundingClientRect().toJSON(), Math.max(...heights),"
            "  document.documentElement.scrollWidth, Math.min(...heights)];"
        )
        one_line = box[3]
        assert box[0]["left"] >= 0 and box[0]["right"] <= 390 and box[2] <= 390, box
        # As wide as the row allows: the longest label takes two lines at most (it took three)
        assert box[0]["width"] >= 300 and box[1] <= one_line * 1.6, box
    finally:
        browser.set_window_size(1280, 900)
    browser.execute_script("localStorage.clear();")


@pytest.mark.parametrize(
    ("lang", "heads"),
    [("de", ["Subjekt", "Prädikat", "Objekt"]), ("en", ["Subject", "Predicate", "Object"])],
)
def test_a_graphs_columns_are_named_in_the_page_language(
    browser: webdriver.Chrome, site: str, lang: str, heads: list[str]
) -> None:
    """Walk: a CONSTRUCT's table had the headers "subject", "predicate", "object" (YASR's
    names, not the query's) on the German page, and in its sorting buttons' names; a
    SELECT's headers stay its variables."""
    open_editor(browser, f"{site}/sparql/editor?lang={lang}")
    shown = (
        "return [...document.querySelectorAll('#yasgui .yasr_results th')].map(t => t.textContent)"
    )
    run_query(browser, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3")
    assert browser.execute_script(shown)[1:] == heads
    run_query(browser, "SELECT ?subject ?object WHERE { ?subject ?p ?object } LIMIT 3")
    assert browser.execute_script(shown)[1:] == ["subject", "object"]


def test_a_result_iri_of_ours_links_to_its_page_here(browser: webdriver.Chrome, site: str) -> None:
    """Walk: a result's IRI under the base linked to https://w3id.org/…, in a new window,
    where this site serves the entity's page."""
    open_editor(browser, site + "/sparql/editor?lang=de")
    run_query(
        browser,
        "SELECT ?o ?h WHERE { ?o a <http://www.w3.org/ns/org#Organization> ; "
        "<http://xmlns.com/foaf/0.1/homepage> ?h } LIMIT 5",
    )
    links = browser.execute_script(
        "return [...document.querySelectorAll('#yasgui .yasr_results a.iri')]"
        ".map(a => [a.getAttribute('href'), a.getAttribute('target')]);"
    )
    ours = [href for href, _target in links if href.startswith("/")]
    assert ours and all(target is None for href, target in links if href in ours), links
    assert all(not href.startswith("https://w3id.org/") for href, _target in links), links
    # Another host's IRI (a homepage) keeps its own link.
    assert any(href.startswith("http") for href, _target in links), links
    page = browser.execute_script("return fetch(arguments[0]).then(r => r.status)", ours[0])
    assert page == 200


def test_a_long_query_can_be_scrolled_by_keyboard(browser: webdriver.Chrome, site: str) -> None:
    """Re-check: with a query longer than the editor, axe found CodeMirror's scroller a
    scrollable region the keyboard cannot reach (serious), on any page a long query was left
    in from an earlier visit."""
    browser.set_window_size(390, 844)
    try:
        open_editor(browser, site + "/sparql/editor?lang=de")
        browser.execute_script(
            "window.AKTEURSGRAPH.yasgui.getTab().setQuery("
            "Array(60).fill('# Zeile').join('\\n') + '\\nSELECT * WHERE { ?s ?p ?o } LIMIT 1')"
        )
        scroller = browser.find_element(By.CSS_SELECTOR, "#yasgui .yasqe .CodeMirror-scroll")
        assert scroller.get_attribute("tabindex") == "0"
        assert scroller.get_attribute("aria-label").startswith("Abfragetext")
        violations = axe(browser)
    finally:
        browser.execute_script(
            "window.AKTEURSGRAPH.yasgui.getTab().setQuery('SELECT * WHERE { ?s ?p ?o } LIMIT 1')"
        )
        browser.set_window_size(1280, 900)
    assert_no_serious_violations(violations)


def test_removing_a_settings_row_keeps_the_focus_in_the_settings(
    browser: webdriver.Chrome, site: str
) -> None:
    """Re-check: Enter on "Remove: Argument 1" removed the row and left the focus on the page
    itself, before its skip link."""
    open_editor(browser, site + "/sparql/editor?lang=en")
    browser.find_element(By.CSS_SELECTOR, "#yasgui .tabContextButton").click()
    first = WebDriverWait(browser, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "#yasgui .tabMenu.open .textRow input")
    )
    first.send_keys("a", Keys.TAB, "1")
    WebDriverWait(browser, 5).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#yasgui .tabMenu .textSetting")[0]
                      .find_elements(By.CSS_SELECTOR, ".textRow")) >= 2
    )  # fmt: skip
    remove = browser.find_element(
        By.CSS_SELECTOR, "#yasgui .tabMenu button[aria-label='Remove: Argument 1']"
    )
    remove.send_keys(Keys.ENTER)
    WebDriverWait(browser, 5).until(
        lambda d: d.execute_script("return document.activeElement.tagName") == "INPUT"
    )
    assert browser.execute_script("return document.activeElement.getAttribute('aria-label')") == (
        "Argument 1: Name"
    )
    browser.find_element(By.CSS_SELECTOR, "#yasgui .tabContextButton").click()


#: Each shown column header of the answer: its title, and how far its title and its sort mark
#: reach past its right edge inside its padding (the header hides what reaches further).
HEADER_WIDTHS = """
return Array.from(document.querySelectorAll('.yasr_results th'))
  .filter((h) => h.offsetWidth > 0)
  .map((h) => {
    const edge = h.getBoundingClientRect().right - parseFloat(getComputedStyle(h).paddingRight);
    const parts = Array.from(h.querySelectorAll('.dt-column-title, .dt-column-order'));
    const past = Math.max(0, ...parts.map((p) => p.getBoundingClientRect().right - edge));
    return [h.textContent, Math.round(past)];
  });
"""


@pytest.mark.parametrize("size", [(390, 844), (1280, 900)])
def test_an_answers_column_headers_are_shown_whole(
    browser: webdriver.Chrome, site: str, size: tuple[int, int]
) -> None:
    """Walk: the answer of "Organisationen je Bezirk" headed a column "organisatic", and
    "xsd:integer" lost its end: YASR fixes each column at its header's width less a padding
    that DataTables 2 no longer has outside it (static/editor/editor.css)."""
    browser.set_window_size(*size)
    try:
        open_editor(browser, site + "/sparql/editor")
        shown = run_query(
            browser,
            "SELECT ?district ?districtLabel (COUNT(?organisation) AS ?organisations) "
            "WHERE { ?organisation a org:Organization ; ag:district ?district . "
            "?district skos:prefLabel ?districtLabel } GROUP BY ?district ?districtLabel",
        )
        headers = browser.execute_script(HEADER_WIDTHS)
    finally:
        browser.set_window_size(1280, 900)
    assert [h[0] for h in headers] == ["", "district", "districtLabel", "organisations"], shown
    cut = [h for h in headers if h[1] > 1]
    assert not cut, cut


#: The buttons YASR puts over a long answer in the answer view: their text, title, aria-label.
OVERLAY_BUTTONS = """
return Array.from(document.querySelectorAll('#yasgui .yasr_results .overlay_content button'))
  .map((b) => [b.textContent.trim(), b.getAttribute('title'), b.getAttribute('aria-label')]);
"""


@pytest.mark.parametrize(
    ("lang", "shown"),
    [("de", ["Alle zeigen", "Ergebnis herunterladen"]), ("en", ["Show all", "Download result"])],
)
def test_the_buttons_over_a_long_answer_speak_the_interface_language(
    browser: webdriver.Chrome, site: str, lang: str, shown: list[str]
) -> None:
    """Browser walk (WCAG 3.1.2): over a long answer in the view "Antwort" the buttons said
    "Show all" and "Download result" on a German page; the second has an icon alone, so its
    title is its whole name. They stand inside the answer's box, which is left untranslated."""
    open_editor(browser, site + f"/sparql/editor?lang={lang}")
    run_query(browser, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 400")
    browser.find_element(By.CSS_SELECTOR, "#yasgui .select_response").click()
    WebDriverWait(browser, 10).until(lambda d: d.execute_script(OVERLAY_BUTTONS))
    buttons = browser.execute_script(OVERLAY_BUTTONS)
    titles = [title for _text, title, _label in buttons]
    assert titles == shown, buttons
    assert buttons[0][0] == shown[0], buttons
    clear_cookies(browser)


def test_a_chart_of_years_and_counts_labels_the_bars_by_year(
    browser: webdriver.Chrome, site: str
) -> None:
    """Browser walk: "Wachstum des Netzwerks je Jahr" (?year ?newCooperations, both
    integers) was charted with the years as the bars' values, "1.992" … "2.026", labelled by
    the counts: every bar nearly as long. Where every column is a number, the first labels."""
    open_editor(browser, f"{site}/sparql/editor?lang=de")
    run_query(
        browser,
        "SELECT ?year ?count WHERE { VALUES (?year ?count) { (1992 1) (2010 3) (2026 6) } }",
    )
    browser.execute_async_script(CHOOSE_VIEW, "barchart")
    texts = browser.execute_script(
        "return Array.from(document.querySelectorAll('#yasgui .ag-chart svg text'))"
        ".map((t) => t.textContent)"
    )
    assert texts[:2] == ["?year", "?count"], texts
    assert {"1992", "2010", "2026"} <= set(texts) and "1.992" not in texts, texts


def test_space_sorts_a_column_as_enter_does(browser: webdriver.Chrome, site: str) -> None:
    """Browser walk (WCAG 2.1.1): a column's sort control says it is a button, but only
    Enter sorted; Space, which a button takes too, did nothing."""
    open_editor(browser, f"{site}/sparql/editor?lang=de")
    run_query(browser, "SELECT ?name WHERE { VALUES ?name { 'b' 'c' 'a' } }")
    control = browser.find_element(
        By.CSS_SELECTOR, '#yasgui .yasr_results thead th:nth-child(2) [role="button"]'
    )
    before = browser.execute_script(SHOWN)["cells"]
    control.send_keys(Keys.SPACE)
    WebDriverWait(browser, 5).until(lambda d: d.execute_script(SHOWN)["cells"] != before)
    names = [c for c in browser.execute_script(SHOWN)["cells"] if not c.isdigit()]
    assert names in (["a", "b", "c"], ["c", "b", "a"]), names


#: Each result view's button: its name and whether it says it is unavailable.
VIEW_BUTTONS = """
return Object.fromEntries(Array.from(document.querySelectorAll('#yasgui .yasr_btnGroup .yasr_btn'))
  .map((b) => [Array.from(b.classList).find((c) => c.startsWith('select_')),
               b.getAttribute('aria-disabled')]));
"""


def test_a_view_that_cannot_show_the_answer_says_so(browser: webdriver.Chrome, site: str) -> None:
    """Browser walk (WCAG 4.1.2): for an ASK answer the chart view was greyed out by a class
    alone; a screen reader heard an available button."""
    open_editor(browser, f"{site}/sparql/editor?lang=de")
    run_query(browser, "ASK { ?s ?p ?o }")
    views = browser.execute_script(VIEW_BUTTONS)
    assert views["select_barchart"] == "true", views
    run_query(browser, "SELECT ?x (1 AS ?n) WHERE { VALUES ?x { 'a' 'b' } }")
    views = browser.execute_script(VIEW_BUTTONS)
    assert views["select_barchart"] is None and views["select_table"] is None, views


def test_a_chart_on_a_phone_keeps_its_text_readable(browser: webdriver.Chrome, site: str) -> None:
    """Browser walk: drawn 800 px wide and scaled down to a phone's 358, the chart's 13 px
    text was 6 px high. It is drawn as wide as it is shown."""
    browser.set_window_size(390, 844)
    try:
        open_editor(browser, f"{site}/sparql/editor?lang=de")
        run_query(
            browser,
            "SELECT ?ort ?n WHERE { VALUES (?ort ?n) { ('Wedding' 12) ('Gesundbrunnen' 6) "
            "('Afrikanisches Viertel' 2) } }",
        )
        browser.execute_async_script(CHOOSE_VIEW, "barchart")
        shown = browser.execute_script(
            "const svg = document.querySelector('#yasgui .ag-chart svg');"
            "const texts = Array.from(svg.querySelectorAll('text'));"
            "return {drawn: svg.width.baseVal.value, shown: svg.getBoundingClientRect().width,"
            " smallest: Math.min(...texts.map((t) => t.getBoundingClientRect().height))};"
        )
    finally:
        browser.set_window_size(1280, 900)
    assert shown["drawn"] <= shown["shown"] + 1, shown
    assert shown["smallest"] >= 10, shown


#: The name of the tab link that holds the focus, and which tab links are in the Tab order.
FOCUSED_TAB = """
const links = Array.from(document.querySelectorAll('#yasgui .tabsList a[role=tab]'));
return {focused: links.indexOf(document.activeElement),
        inOrder: links.map((a) => a.getAttribute('tabindex'))};
"""


def test_home_and_end_move_to_the_first_and_last_tab(browser: webdriver.Chrome, site: str) -> None:
    """Browser walk (WAI-ARIA tabs pattern): the arrow keys moved between the query tabs, but
    Home and End did nothing. From the tab Home reached, an arrow goes on from there."""
    browser.get(site + "/sparql/editor?lang=de")
    browser.execute_script("localStorage.clear();")
    open_editor(browser, site + "/sparql/editor?lang=de")
    browser.execute_script("const y = window.AKTEURSGRAPH.yasgui; y.addTab(true); y.addTab(true);")
    links = browser.find_elements(By.CSS_SELECTOR, "#yasgui .tabsList a[role=tab]")
    assert len(links) == 3
    links[2].send_keys(Keys.HOME)
    shown = browser.execute_script(FOCUSED_TAB)
    assert shown["focused"] == 0, shown
    assert shown["inOrder"][0] == "0", shown
    ActionChains(browser).send_keys(Keys.ARROW_RIGHT).perform()
    assert browser.execute_script(FOCUSED_TAB)["focused"] == 1
    ActionChains(browser).send_keys(Keys.END).perform()
    shown = browser.execute_script(FOCUSED_TAB)
    assert shown["focused"] == 2, shown
    # The tabs left behind that are not the open one leave the Tab order (one tab stop).
    assert shown["inOrder"][:2] == ["-1", "-1"], shown
