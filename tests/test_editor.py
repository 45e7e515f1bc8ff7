"""The query editor page: gallery, permalinks, no-JavaScript forms, nothing from elsewhere, no
inline script, and the editor's ES modules (webapp/static/editor/)."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from akteursgraph.gallery import load_gallery
from akteursgraph.namespaces import PREFIXES
from akteursgraph.sparql.prefixes import with_prefixes
from akteursgraph.sparql.results import GRAPH_FORMATS

from .test_network_readable import plain_controls

EDITOR_STATIC = Path(__file__).parents[1] / "webapp/static/editor"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.resources: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.script_texts: list[str] = []
        self.style_blocks = 0
        self.forms: list[dict[str, str | None]] = []
        self.hidden_queries: list[str] = []
        self.textareas: list[str] = []
        self._in_textarea = False
        self._in_script = False
        self.headings: list[str] = []
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "img") and a.get("src"):
            self.resources.append(a["src"] or "")
        if tag == "script":
            self.scripts.append(a)
            self.script_texts.append("")
            self._in_script = True
        if tag == "style":
            self.style_blocks += 1
        if tag == "link" and a.get("href"):
            self.resources.append(a["href"] or "")
        if tag == "form":
            self.forms.append(a)
        if tag == "input" and a.get("type") == "hidden" and a.get("name") == "query":
            self.hidden_queries.append(a.get("value") or "")
        if tag == "textarea":
            self._in_textarea = True
            self.textareas.append("")
        if tag in ("h1", "h2", "h3"):
            self._in_heading = True
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._in_textarea = False
        if tag == "script":
            self._in_script = False
        if tag in ("h1", "h2", "h3"):
            self._in_heading = False

    def handle_data(self, data: str) -> None:
        if self._in_textarea:
            self.textareas[-1] += data
        if self._in_script:
            self.script_texts[-1] += data
        if self._in_heading:
            self.headings[-1] += data

    def settings(self) -> dict[str, Any]:
        """The editor's settings: the JSON block #editor-settings."""
        for attrs, text in zip(self.scripts, self.script_texts, strict=True):
            if attrs.get("id") == "editor-settings":
                return json.loads(text)
        raise AssertionError("no #editor-settings block on the page")


def fetch(client: FlaskClient, url: str, lang: str = "de") -> _Page:
    response = client.get(url, headers={"Accept-Language": lang})
    assert response.status_code == 200
    page = _Page()
    page.feed(response.get_data(as_text=True))
    return page


def test_gallery_is_on_the_page_with_a_form_per_query(client: FlaskClient) -> None:
    page = fetch(client, "/sparql/editor")
    gallery = load_gallery()
    assert len(gallery) >= 25
    assert [q.strip() for q in page.hidden_queries] == [e["query"].strip() for e in gallery]
    assert sum(1 for f in page.forms if f.get("action") == "/sparql") >= len(gallery)
    for entry in gallery:
        assert entry["title"]["de"] in page.headings
    # Each form's format field is told apart by its query's title, as its buttons are: 30
    # fields named only "Ergebnisformat" were alike in a screen reader's list (WCAG 2.4.6).
    html = client.get("/sparql/editor").get_data(as_text=True)
    fields = re.findall(r'<select [^>]*id="gallery-(\d+)-format"[^>]*>', html)
    described = re.findall(r'<select [^>]*aria-describedby="gallery-(\d+)-title"[^>]*>', html)
    assert len(fields) == len(gallery) and described == fields


def test_the_examples_the_introduction_cites_are_links_to_them_by_title(
    client: FlaskClient,
) -> None:
    """The introduction said "see the example queries 12 and 21", and the examples are an
    unnumbered list of titles (exploratory walk)."""
    titles = {e["id"]: e["title"] for e in load_gallery()}
    for lang in ("de", "en"):
        page = client.get("/sparql/editor", query_string={"lang": lang}).get_data(as_text=True)
        assert "12 und 21" not in page and "12 and 21" not in page
        cited = re.findall(r'<a href="#(example-[^"]+)">.(.*?).</a>', page)
        assert [name for _, name in cited] == [
            titles["12-events-with-speakers"][lang],
            titles["21-namibia-cameroon-tanzania"][lang],
        ]
        for target, _ in cited:
            assert f'<li id="{target}">' in page


def test_the_editor_pages_plain_forms_wear_kern_classes(client: FlaskClient) -> None:
    """The gallery's run forms and the free-query form (for visitors without JavaScript) had
    bare labels, selects and buttons of their own look (issue 16, item 1: one look)."""
    page = client.get("/sparql/editor").get_data(as_text=True)
    plain, seen = plain_controls(page)
    assert seen > 10 and plain == []
    assert 'class="kern-form-input__input" id="free-query-text"' in page


def test_english_titles_by_switch(client: FlaskClient) -> None:
    page = fetch(client, "/sparql/editor?lang=en")
    assert load_gallery()[0]["title"]["en"] in page.headings
    assert page.settings()["lang"] == "en"


def test_everything_loads_from_our_own_host(client: FlaskClient) -> None:
    page = fetch(client, "/sparql/editor")
    assert page.resources
    for src in page.resources:
        assert src.startswith("/"), src
        response = client.get(src)
        assert response.status_code == 200 and len(response.get_data()) > 100, src
        response.close()


def test_no_inline_script_or_style(client: FlaskClient) -> None:
    """Ready for a strict Content-Security-Policy: scripts by src, settings as JSON data."""
    page = fetch(client, "/sparql/editor")
    inline = [
        (attrs, text)
        for attrs, text in zip(page.scripts, page.script_texts, strict=True)
        if not attrs.get("src") and attrs.get("type") != "application/json"
    ]
    assert inline == []
    assert page.style_blocks == 0
    assert {"type": "module", "src": "/static/editor/main.js"} in page.scripts


def test_settings_hand_the_gallery_queries_over_with_their_prefixes(client: FlaskClient) -> None:
    settings = fetch(client, "/sparql/editor").settings()
    gallery = load_gallery()
    assert [e["id"] for e in settings["gallery"]] == [e["id"] for e in gallery]
    for sent, entry in zip(settings["gallery"], gallery, strict=True):
        assert sent["query"] == with_prefixes(entry["query"])
        assert sent["title"] == entry["title"]
    # The gallery's files declare none of our prefixes; the editor gets the lines they need.
    assert settings["gallery"][0]["query"].startswith("PREFIX ")
    assert settings["prefixes"] == PREFIXES
    assert settings["endpoint"] == "/sparql" and settings["editorUrl"] == "/sparql/editor"
    assert settings["initial"] is None


def test_permalink_fills_the_free_query_form(client: FlaskClient) -> None:
    query = 'SELECT ?n WHERE { ?x schema:name ?n FILTER(CONTAINS(?n, "Platz")) }'
    page = fetch(client, "/sparql/editor?" + urllib.parse.urlencode({"query": query}))
    assert any(query in t for t in page.textareas)


def test_permalink_query_reaches_the_editor_with_its_prefixes(client: FlaskClient) -> None:
    query = 'SELECT ?n WHERE { ?x schema:name ?n FILTER(CONTAINS(?n, "foaf:")) } # skos:'
    page = fetch(client, "/sparql/editor?" + urllib.parse.urlencode({"query": query}))
    # The plain form keeps the text as given; the endpoint predeclares the prefixes.
    assert [t for t in page.textareas if query in t] and not any(
        "PREFIX" in t for t in page.textareas
    )
    initial = page.settings()["initial"]
    assert initial == {
        "query": f"PREFIX schema: <{PREFIXES['schema']}>\n" + query,
        "galleryId": None,
    }


def test_gallery_permalink_opens_a_tab_named_after_the_entry(client: FlaskClient) -> None:
    entry = load_gallery()[2]
    for query in (entry["query"], with_prefixes(entry["query"])):  # as linked, as shared
        url = "/sparql/editor?" + urllib.parse.urlencode({"query": query})
        initial = fetch(client, url).settings()["initial"]
        assert initial == {"query": with_prefixes(entry["query"]), "galleryId": entry["id"]}


_IMPORT = re.compile(r'^import\s.*?\sfrom\s+"(?P<target>[^"]+)";$', re.MULTILINE)


@pytest.mark.parametrize("path", sorted(EDITOR_STATIC.glob("*.js")), ids=lambda p: p.name)
def test_editor_module_says_what_it_holds_and_imports_only_siblings(
    client: FlaskClient, path: Path
) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("/* "), f"{path.name}: starts with a header comment"
    for match in _IMPORT.finditer(text):
        target = match.group("target")
        assert target.startswith("./") and (EDITOR_STATIC / target).is_file(), target
    response = client.get(f"/static/editor/{path.name}")
    assert response.status_code == 200 and "javascript" in response.mimetype
    response.close()


def test_no_prefix_logic_in_the_editor_script() -> None:
    """One prefix adder: akteursgraph.sparql.prefixes; the script only gets its results."""
    for path in EDITOR_STATIC.glob("*.js"):
        assert '"PREFIX ' not in path.read_text(encoding="utf-8"), path.name


def test_a_gallery_form_submission_answers(client: FlaskClient) -> None:
    entry = load_gallery()[0]
    resp = client.get("/sparql", query_string={"query": entry["query"], "format": "csv"})
    assert resp.status_code == 200 and len(resp.get_data(as_text=True).splitlines()) > 1


def test_each_example_offers_the_formats_its_answer_comes_in(client: FlaskClient) -> None:
    """Audit: the CONSTRUCT example offered "JSON (SPARQL-Ergebnisse)" (it gave JSON-LD),
    "XML (SPARQL-Ergebnisse)" (RDF/XML) and CSV and TSV (406). Each example's choices are
    those of its form, and the endpoint answers each in the format named."""
    html = client.get("/sparql/editor").get_data(as_text=True)
    media = {"ttl": "text/turtle", "jsonld": "application/ld+json",
             "nt": "application/n-triples", "rdfxml": "application/rdf+xml",
             "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
             "csv": "text/csv", "tsv": "text/tab-separated-values",
             "html": "text/html"}  # fmt: skip
    forms = re.findall(r'<form class="run-form".*?</form>', html, re.S)
    gallery = load_gallery()
    assert len(forms) == len(gallery)
    graphs = 0
    for entry, form in zip(gallery, forms, strict=True):
        offered = re.findall(r'<option value="([^"]+)">', form)
        graph = re.match(r"\s*(?:PREFIX[^\n]*\n\s*)*(CONSTRUCT|DESCRIBE)", entry["query"], re.I)
        graphs += bool(graph)
        # a graph's: the endpoint's own formats (ttl, nt, jsonld, rdfxml); first a page
        expected = ["html", *(list(GRAPH_FORMATS) if graph else ["json", "xml", "csv", "tsv"])]
        assert offered == expected, entry["id"]
        if graph:  # (the SELECT formats are the endpoint's tests')
            for value in offered:
                asked = {"query": entry["query"], "format": value}
                with client.get("/sparql", query_string=asked) as answer:  # streamed: closed
                    assert answer.status_code == 200, (entry["id"], value)
                    assert answer.mimetype == media[value], (entry["id"], value)
    assert graphs >= 1


@pytest.mark.parametrize(
    ("lang", "said", "other", "back"),
    [
        ("de", "SPARQL-Syntaxfehler", "SPARQL syntax error", "Zurück zum Abfrage-Editor"),
        ("en", "SPARQL syntax error", "SPARQL-Syntaxfehler", "Back to the query editor"),
    ],
)
def test_a_plain_form_refused_answers_with_a_page_in_its_language(
    client: FlaskClient, lang: str, said: str, other: str, back: str
) -> None:
    """Walk, without JavaScript: the editor's plain form sent a broken query to /sparql, and
    the browser showed the endpoint's bare text, German first on the English page, with no
    way back but the browser's. The forms say `page=editor`; protocol clients keep the text."""
    broken = "SELECT ?s WHERE { ?s a ag:Street . FILTER(?s > ) }"
    page = client.get(
        "/sparql",
        query_string={"query": broken, "format": "json", "page": "editor", "lang": lang},
        headers={"Accept": "text/html"},
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 400 and page.mimetype == "text/html"
    assert said in html and other not in html
    link = re.search(r'<a class="kern-link" href="([^"]+)">' + back, html)
    assert link, html
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(link.group(1).replace("&amp;", "&")).query)[
        "query"
    ] == [broken]
    text = client.get("/sparql", query_string={"query": broken, "format": "json"})
    assert text.mimetype == "text/plain" and "SPARQL-Syntaxfehler" in text.get_data(as_text=True)
    # A query the form sends that the endpoint answers is answered as ever.
    fine = client.get(
        "/sparql", query_string={"query": "ASK {}", "format": "json", "page": "editor"}
    )
    assert fine.status_code == 200 and fine.get_json() == {"head": {}, "boolean": True}


SELECT_TWO = """SELECT ?site ?name ?note WHERE {
  VALUES ?site { <https://w3id.org/akteursgraph/mitte/site/manga-bell-platz> }
  ?site skos:prefLabel ?name . FILTER(lang(?name) = "de")
  BIND("<script>alert(1)</script>" AS ?note)
}"""


@pytest.mark.parametrize(
    ("lang", "title", "rows", "back", "csv"),
    [
        (
            "de",
            "Ergebnis der Abfrage",
            "1 Zeile.",
            "Zurück zum Abfrage-Editor",
            "Die Antwort als CSV",
        ),
        ("en", "Query result", "1 row.", "Back to the query editor", "The answer as CSV"),
    ],
)
def test_a_plain_form_answers_with_a_page_in_its_language(
    client: FlaskClient, lang: str, title: str, rows: str, back: str, csv: str
) -> None:
    """Walk, without JavaScript: the editor's plain forms answered a query that worked in
    the file format chosen, JSON shown as bare text or CSV as a download, though they are
    the editor's accessible alternative. Their first format, chosen, is now a page: a
    table with header cells and a caption, each literal's language marked, an IRI of this
    site linked to its page here, the way back to the editor, the answer as files."""
    asked = {"query": SELECT_TWO, "format": "html", "page": "editor", "lang": lang}
    page = client.get("/sparql", query_string=asked)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.mimetype == "text/html", html[:500]
    assert f"<h1>{title}</h1>" in html and f">{rows}</p>" in html
    assert '<th scope="col">site</th><th scope="col">name</th><th scope="col">note</th>' in html
    assert '<a href="/site/manga-bell-platz">' in html
    assert '<span lang="de">Manga-Bell-Platz</span>' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    link = re.search(r'<a class="kern-link" href="([^"]+)">' + back, html)
    assert link, html
    kept = urllib.parse.parse_qs(urllib.parse.urlsplit(link.group(1).replace("&amp;", "&")).query)
    assert kept["query"] == [SELECT_TWO]
    download = re.search(r'<a class="kern-link" href="([^"]+)">' + csv, html)
    assert download, html
    with client.get(download.group(1).replace("&amp;", "&")) as file:
        assert file.mimetype == "text/csv" and "attachment" in file.headers["Content-Disposition"]
        assert (
            file.get_data(as_text=True)
            .splitlines()[1]
            .startswith(
                "https://w3id.org/akteursgraph/mitte/site/manga-bell-platz,Manga-Bell-Platz,"
            )
        )


def test_a_plain_forms_page_says_yes_or_no_shows_a_graph_and_cuts_long_answers(
    client: FlaskClient, make_app: Callable[..., Flask]
) -> None:
    def page(query: str, on: FlaskClient = client) -> str:
        asked = {"query": query, "format": "html", "page": "editor", "lang": "de"}
        answer = on.get("/sparql", query_string=asked)
        assert answer.status_code == 200 and answer.mimetype == "text/html"
        return answer.get_data(as_text=True)

    terms = page(
        "SELECT ?term WHERE { VALUES ?term { <https://w3id.org/akteursgraph/vocab/topic/peace> "
        "<http://metadata.un.org/sdg/14> <https://example.org/elsewhere> } }"
    )
    # A term of the vocabulary (a UN goal too) has its page here, as the entity page links
    # it (check: they linked out to w3id.org and un.org); any other IRI links to itself.
    for term in (
        "https://w3id.org/akteursgraph/vocab/topic/peace",
        "http://metadata.un.org/sdg/14",
    ):
        assert f'<a href="/entity?iri={term}">' in terms, terms
    assert '<a href="https://example.org/elsewhere">' in terms
    assert "Antwort: <strong>ja</strong>" in page("ASK { ?s ?p ?o }")
    assert "Antwort: <strong>nein</strong>" in page("ASK { ?s ag:noSuchProperty ?o }")
    graph = page(
        "CONSTRUCT { ?s skos:prefLabel ?l } WHERE { VALUES ?s "
        "{ <https://w3id.org/akteursgraph/mitte/site/manga-bell-platz> } ?s skos:prefLabel ?l }"
    )
    assert '<pre class="sparql-result-graph"' in graph and "Manga-Bell-Platz&#34;@de" in graph
    assert "Die Antwort als Turtle" in graph and "Die Antwort als CSV" not in graph
    many = page("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 1001")
    assert "Die ersten 1.000 von 1.001 Zeilen" in many and many.count("<tr>") == 1 + 1000
    assert "Zeilengrenze" not in many
    capped = page("SELECT ?s WHERE { ?s ?p ?o }", make_app(MAX_ROWS=3).test_client())
    assert "Zeilengrenze des Servers" in capped and capped.count("<tr>") == 1 + 3


def test_the_plain_forms_say_they_are_the_editors(client: FlaskClient) -> None:
    html = client.get("/sparql/editor").get_data(as_text=True)
    forms = re.findall(r'<form[^>]*action="/sparql"[^>]*>(.*?)</form>', html, re.S)
    assert forms and all('name="page" value="editor"' in f for f in forms)
