"""Another office starts clean (issue 16, item 10): `akteursgraph init` without `--example`,
with the office's name, districts, logo and base IRI, gives a working site with nothing of
Mitte on it.

One store is made through the real CLI (as an operator would), then the real app answers
every page kind on it with the test client.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import zlib
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from akteursgraph.errors import UsageError
from akteursgraph.gallery import EXAMPLE_ENTRIES, load_gallery
from akteursgraph.office import OfficeStart
from akteursgraph.operations import init_store
from akteursgraph.publish.settings import parse, publication_settings
from akteursgraph.store import Change, Store
from akteursgraph_web import close_app, create_app

from .conftest import copy_store, run_cli

BASE = "https://daten.example.org/akteure/"
OFFICE = "Fachstelle Eine Welt Beispielstadt"
LOGO = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10"/></svg>'

#: One page of every kind a visitor reaches on an empty store, the office's own pages and
#: the JSON twins included.
PAGES = (
    "/",
    "/organisations",
    "/people",
    "/projects",
    "/events",
    "/cooperations",
    "/topics",
    "/sites",
    "/speakers",
    "/search?q=Kolonialgeschichte",
    "/network",
    "/network/paths",
    "/download/",
    "/catalog",
    "/sparql/editor",
    "/impressum",
    "/datenschutz",
    "/barrierefreiheit",
    "/leichte-sprache",
    "/index.json",
    "/organisations.json",
    "/speakers.json",
    "/impressum.json",
    "/barrierefreiheit.json",
    "/leichte-sprache.json",
)


@pytest.fixture(scope="module")
def office_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("office")
    (folder / "logo.svg").write_bytes(LOGO)
    settings = folder / "settings.json"
    settings.write_text(
        json.dumps({"contact": {"email": "eine-welt@example.org"}, "themes": ["SOCI"]}),
        encoding="utf-8",
    )
    store = folder / "store"
    done = run_cli(
        "init", "--base-iri", BASE, "--office-name", OFFICE, "--district", "Nordstadt",
        "--district", "Südstadt", "--logo", str(folder / "logo.svg"), "--settings", str(settings),
        store=store,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "--base-iri" not in done.stderr  # no hint: the base IRI was given
    return store


@pytest.fixture(scope="module")
def office_app(office_store: Path) -> Iterator[Flask]:
    app = create_app({"STORE_PATH": str(office_store), "TESTING": True})
    yield app
    close_app(app)


def test_init_stores_the_office_settings_and_districts(office_store: Path) -> None:
    settings = publication_settings(office_store)
    assert settings.publisher_name == OFFICE
    assert settings.contact_email == "eine-welt@example.org"  # from the settings file
    assert settings.spatial == (BASE + "place/nordstadt", BASE + "place/suedstadt")
    assert settings.logo == "logo.svg"
    assert (office_store / "logo.svg").read_bytes() == LOGO
    with Store.open(office_store, read_only=True) as store:
        assert store.base_iri == BASE
        labels = {
            row["place"].value: row["label"].value
            for row in store.select(
                "SELECT ?place ?label WHERE { ?place a <https://schema.org/AdministrativeArea> ;"
                " <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }",
                public_only=True,
            )
        }
    assert labels == {BASE + "place/nordstadt": "Nordstadt", BASE + "place/suedstadt": "Südstadt"}


def test_another_office_cannot_take_the_examples_settings(
    office_store: Path, tmp_path: Path
) -> None:
    """The shipped example's settings (Mitte's publisher, mailbox, district IRI) are refused
    in another office's store, naming the keys; its own values, and what any office may
    share with Mitte (licence, themes, Berlin's state key), are taken (new-office walk: the
    example file, copied, published Mitte in the Impressum and the catalogue)."""
    example = json.loads(
        (Path(__file__).parents[1] / "graph/data/example-publication.json").read_text("utf-8")
    )
    before = (office_store / "akteursgraph.json").read_bytes()
    copied = tmp_path / "copied.json"
    copied.write_text(json.dumps(example), encoding="utf-8")
    refused = run_cli("publication", "--set", str(copied), store=office_store)
    assert refused.returncode != 0
    for key in ("publisher.name", "publisher.iri", "contact.email", "spatial"):
        assert key in refused.stderr
    assert "des mitgelieferten Beispiels" in refused.stderr and "shipped example" in refused.stderr
    assert (office_store / "akteursgraph.json").read_bytes() == before
    # An IRI under the example's base is refused wherever it stands.
    own = {
        "publisher": {"name": "Stadt Beispielstadt", "iri": BASE + "organisation/stadt"},
        "spatial": [example["spatial"][0], "https://W3ID.org/akteursgraph/mitte/place/x"],
    }
    copied.write_text(json.dumps(own), encoding="utf-8")
    refused = run_cli("publication", "--set", str(copied), store=office_store)
    assert refused.returncode != 0 and "spatial" in refused.stderr
    assert "publisher" not in refused.stderr.split("Beispiels")[0]
    # Nor a copy with its case or spaces changed, one language of the title, one sentence
    # of its Leichte Sprache (re-check of 3c6541b)
    for changed, key in (
        ({"contact": {"email": "Fairtrade@BA-Mitte.berlin.de"}}, "contact.email"),
        ({"attribution": example["attribution"] + " "}, "attribution"),
        ({"title": {"de": example["title"]["de"], "en": "Our actors"}}, "title"),
        ({"easy_language": [*example["easy_language"][:1], "Wir sind das Amt."]}, "easy_language"),
    ):
        copied.write_text(json.dumps(changed), encoding="utf-8")
        refused = run_cli("publication", "--set", str(copied), store=office_store)
        assert refused.returncode != 0 and key in refused.stderr, key
    # init refuses it before a store is made, named after the file or the option given
    copied.write_text(json.dumps({"contact": {"email": "fairtrade@ba-mitte.berlin.de"}}), "utf-8")
    fresh = tmp_path / "fresh"
    made = run_cli("init", "--base-iri", BASE, "--settings", str(copied), store=fresh)
    assert made.returncode != 0 and f"{copied}: " in made.stderr
    assert not (fresh / "akteursgraph.json").exists()
    named = run_cli("init", "--base-iri", BASE, "--office-name", "Bezirksamt Mitte von Berlin",
                    store=fresh)  # fmt: skip
    assert named.returncode != 0 and "--office-name: " in named.stderr
    own["spatial"] = example["spatial"][:1]
    own |= {k: example[k] for k in ("licence", "themes", "frequency", "accessibility")}
    copied.write_text(json.dumps(own), encoding="utf-8")
    taken = run_cli("publication", "--set", str(copied), store=office_store)
    assert taken.returncode == 0, taken.stderr
    (office_store / "akteursgraph.json").write_bytes(before)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_kind_works_and_shows_nothing_of_mitte(office_app: Flask, path: str) -> None:
    client = office_app.test_client(use_cookies=False)
    for lang in ("de", "en"):
        response = client.get(path, headers={"Accept-Language": lang})
        assert response.status_code == 200, (path, lang, response.status_code)
        text = response.get_data(as_text=True)
        assert not re.search(r"\bMitte\b", text), (path, lang)
        assert "/mitte/" not in text, (path, lang)
        assert not re.search("koordinationsstelle", text, re.I), (path, lang)
        # A city's office is no borough: the editor's example said "in the borough" (walk).
        assert not re.search(r"\bim Bezirk\b|\bin the borough\b", text), (path, lang)


def test_the_office_name_is_shown(office_app: Flask) -> None:
    """The office's name from the settings: in the header and footer of every page, as the
    publisher in the Impressum, and in the dataset description."""
    client = office_app.test_client(use_cookies=False)
    catalog = client.get("/catalog", headers={"Accept": "text/turtle"}).get_data(as_text=True)
    assert OFFICE in catalog
    assert "https://daten.example.org/akteure/place/nordstadt" in catalog  # spatial coverage
    for path in ("/", "/organisations", "/impressum"):
        page = client.get(path, headers={"Accept-Language": "de"}).get_data(as_text=True)
        header = page[page.index('<header class="site-header">') : page.index("</header>")]
        footer = page[page.index('<footer class="site-footer">') : page.index("</footer>")]
        assert f'<a class="kern-link" href="/">{OFFICE}</a>' in header, path
        assert f'<p class="kern-body kern-body--small">{OFFICE}</p>' in footer, path
        assert '<img class="site-header__logo" src="/office-logo?v=' in header, path
    impressum = client.get("/impressum").get_data(as_text=True)
    assert f"<h2>Herausgeber</h2>\n<p>{OFFICE}</p>" in impressum
    # and in each page's title, as a browser's tab and bookmarks show it
    home = client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert re.search(rf"<title>[^<]* · {re.escape(OFFICE)}</title>", home)
    assert 'href="mailto:eine-welt@example.org"' in impressum


def test_the_topics_and_regions_every_office_uses_speak_of_no_one_city(office_app: Flask) -> None:
    """A new office's topic page read "Gesundheit ..., in Berlin wie in den Partnerländern":
    the shared schemes describe topics and regions for any municipality."""
    client = office_app.test_client(use_cookies=False)
    for lang in ("de", "en"):
        page = client.get("/vocab/topic/health", headers={"Accept-Language": lang})
        assert page.status_code == 200
        assert "Berlin" not in page.get_data(as_text=True), lang
    from akteursgraph.resources import ontology_dir

    for name in ("topics.ttl", "regions.ttl", "organisation-kinds.ttl"):
        definitions = re.findall(
            r'skos:definition "([^"]*)"', (ontology_dir() / name).read_text("utf-8")
        )
        assert definitions and not [d for d in definitions if "Berlin" in d], name


def test_provenance_names_the_offices_own_data_set_and_links_it(office_app: Flask) -> None:
    """A district's page said "Datensatz office": the product's own graphs are named by what
    they hold, and each data set links to its page."""
    client = office_app.test_client(use_cookies=False)
    page = client.get("/place/nordstadt", headers={"Accept-Language": "de"}).get_data(as_text=True)
    provenance = page[page.index('id="h-provenance"') :]
    provenance = provenance[: provenance.index("</section>")]
    found = re.search(r'Datensatz <a href="([^"]+)">Angaben des Amts selbst</a>', provenance)
    assert found and "<code>office</code>" not in provenance
    assert client.get(found.group(1)).status_code == 200


def test_an_empty_stores_catalogue_claims_no_period(office_app: Flask) -> None:
    """The catalogue gave a new office's empty store the period "1. Dezember 2026 –
    1. Dezember 2026": the day its files were loaded, not a date of its data."""
    client = office_app.test_client(use_cookies=False)
    turtle = client.get("/catalog", headers={"Accept": "text/turtle"}).get_data(as_text=True)
    assert "dcterms:temporal" not in turtle and "startDate" not in turtle
    page = client.get("/catalog", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Zeitraum" not in page


def test_a_missing_part_of_the_easy_language_page_says_so_in_easy_language(
    office_app: Flask,
) -> None:
    """The page in Leichte Sprache told its readers "Einstellung easy_language der
    Veröffentlichungseinstellungen"; the setting's name stays, for the office, below."""
    client = office_app.test_client(use_cookies=False)
    page = client.get("/leichte-sprache", headers={"Accept-Language": "de"}).get_data(as_text=True)
    notice = page[page.index("not-filled-in") :]
    notice = notice[: notice.index("</div>\n</div>")]
    assert "Dieser Teil fehlt noch." in notice
    assert "Das Amt hat diesen Teil noch nicht geschrieben." in notice
    assert notice.index("noch nicht geschrieben") < notice.index("easy_language")


def test_an_empty_list_says_it_has_no_entries_yet_not_that_filters_found_none(
    office_app: Flask,
) -> None:
    """A new office's lists said "Mit diesen Filtern wurde nichts gefunden" with no filter
    chosen."""
    client = office_app.test_client(use_cookies=False)
    for path in ("/organisations", "/people", "/events", "/sites", "/speakers"):
        page = client.get(path, headers={"Accept-Language": "de"}).get_data(as_text=True)
        assert "In dieser Liste gibt es noch keine Einträge." in page, path
        assert "Mit diesen Filtern" not in page, path
    # the speakers' filters offered only "alle" four times, above "0 Referent*innen"
    page = client.get("/speakers", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "0 Referent*innen" not in page and 'id="s-topic"' not in page
    chosen = client.get(
        "/organisations",
        query_string={"district": BASE + "place/nordstadt"},
        headers={"Accept-Language": "de"},
    )
    assert chosen.status_code == 200
    assert "Mit diesen Filtern wurde nichts gefunden." in chosen.get_data(as_text=True)


@pytest.mark.parametrize(
    ("publisher", "contact", "shown"),
    [
        ("Stadt Nordstadt", None, "Stadt Nordstadt"),
        ("Stadt Nordstadt", "Fachstelle Eine Welt", "Stadt Nordstadt, Fachstelle Eine Welt"),
        ("Stadt Nordstadt, Fachstelle Eine Welt", "Fachstelle Eine Welt",
         "Stadt Nordstadt, Fachstelle Eine Welt"),
        ("Bezirksamt Mitte von Berlin", "Bezirksamt Mitte von Berlin, Koordinationsstelle",
         "Bezirksamt Mitte von Berlin, Koordinationsstelle"),
        # the same words in another order (new-office walk: both were shown, one after the other)
        ("Koordinationsstelle Entwicklungspolitik der Stadt Musterstadt",
         "Stadt Musterstadt, Koordinationsstelle Entwicklungspolitik",
         "Koordinationsstelle Entwicklungspolitik der Stadt Musterstadt"),
    ],
)  # fmt: skip
def test_the_office_name_keeps_the_municipality_and_the_office(
    publisher: str, contact: str | None, shown: str
) -> None:
    """The header showed the contact point's name alone ("Fachstelle Eine Welt"), without the
    municipality `--office-name` gave; the workspace showed the publisher alone."""
    settings = parse(
        {"publisher": {"name": publisher}, "contact": {"name": contact} if contact else {}}
    )
    assert settings.office_name == shown


def test_a_district_facet_offers_the_districts(office_app: Flask) -> None:
    """The districts are places in the data from the start: their own pages exist (the
    district filter of the lists, which offers what organisations name, is checked on the
    Nordstadt office below, where one does)."""
    client = office_app.test_client(use_cookies=False)
    page = client.get("/place/nordstadt", headers={"Accept-Language": "de"})
    assert page.status_code == 200
    assert "Nordstadt" in page.get_data(as_text=True)


# ---- an office with its first entries: an organisation in its district, a speaker ---------

NORDSTADT = "https://example.org/x/"
NORDSTADT_OFFICE = "Fachstelle Nordstadt"
AG = "https://w3id.org/akteursgraph/ontology#"
SKOS_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.fixture(scope="module")
def nordstadt_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """`init --base-iri https://example.org/x/ --office-name "Fachstelle Nordstadt"` (no
    settings file: no contact mailbox), then one organisation in the district Nordstadt and
    one speaker, written straight into a public graph (what the forms would enter; their
    checks are other tests' concern)."""
    store_path = tmp_path_factory.mktemp("nordstadt") / "store"
    done = run_cli(
        "init", "--base-iri", NORDSTADT, "--office-name", NORDSTADT_OFFICE,
        "--district", "Nordstadt", store=store_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with Store.open(store_path) as store:
        graph = ox.NamedNode(store.public_prefix + "first-entries")
        org, person = (
            ox.NamedNode(NORDSTADT + "organisation/eine-welt-laden"),
            ox.NamedNode(NORDSTADT + "person/p-test"),
        )
        profile = ox.BlankNode()
        quads = [
            (org, RDF_TYPE, ox.NamedNode("http://www.w3.org/ns/org#Organization")),
            (org, SKOS_LABEL, ox.Literal("Eine-Welt-Laden Nordstadt", language="de")),
            (org, AG + "district", ox.NamedNode(NORDSTADT + "place/nordstadt")),
            (person, RDF_TYPE, ox.NamedNode("http://xmlns.com/foaf/0.1/Person")),
            (person, SKOS_LABEL, ox.Literal("Ada Beispiel", language="de")),
            (person, AG + "hasSpeakerProfile", profile),
            (profile, RDF_TYPE, ox.NamedNode(AG + "SpeakerProfile")),
            (profile, "https://schema.org/knowsLanguage", ox.Literal("fr")),
        ]
        store.apply(Change(add=[ox.Quad(s, ox.NamedNode(p), o, graph) for s, p, o in quads]))
    app = create_app({"STORE_PATH": str(store_path), "TESTING": True})
    yield app
    close_app(app)


def test_the_lists_district_filter_offers_the_offices_district(nordstadt_app: Flask) -> None:
    client = nordstadt_app.test_client(use_cookies=False)
    place = NORDSTADT + "place/nordstadt"
    listed = client.get("/organisations.json").get_json()
    assert [(v["value"], v["label"], v["count"]) for v in listed["facets"]["district"]] == [
        (place, "Nordstadt", 1)
    ]
    html = client.get("/organisations", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert f'value="{place}"' in html
    chosen = client.get("/organisations.json", query_string={"district": place}).get_json()
    assert [i["label"] for i in chosen["items"]] == ["Eine-Welt-Laden Nordstadt"]


def test_the_speaker_pages_name_the_office_of_the_settings(nordstadt_app: Flask) -> None:
    """Requests go to the office named in the settings, never to the example's
    "Koordinationsstelle"; without a request mailbox the page says where to set one."""
    client = nordstadt_app.test_client(use_cookies=False)
    speaker = NORDSTADT + "person/p-test"
    for lang in ("de", "en"):
        headers = {"Accept-Language": lang}
        directory = client.get("/speakers", headers=headers).get_data(as_text=True)
        asked = client.get(
            "/speakers/request", query_string={"speaker": speaker}, headers=headers
        ).get_data(as_text=True)
        for page in (directory, asked):
            assert NORDSTADT_OFFICE in page, lang
            assert not re.search("koordinationsstelle|coordination office", page, re.I), lang
        assert "Ada Beispiel" in directory and "Ada Beispiel" in asked
        assert "mailto:" not in asked and "AKTEURSGRAPH_REQUEST_MAILTO" in asked
    assert "Anfragen gehen an: Fachstelle Nordstadt." in client.get("/speakers").get_data(
        as_text=True
    )
    twin = client.get("/speakers/request.json", query_string={"speaker": speaker}).get_json()
    assert twin["requests_to"] == NORDSTADT_OFFICE and twin["request_mailto"] is None


def test_the_request_mailbox_setting_gives_the_requests_address(
    nordstadt_app: Flask, tmp_path: Path
) -> None:
    """The setting is read at the server's start (`AKTEURSGRAPH_REQUEST_MAILTO`): an app of
    its own, on a copy of the store (the request page is kept in the page cache)."""
    speaker = NORDSTADT + "person/p-test"
    copy = copy_store(nordstadt_app.extensions["akteursgraph.store"].path, tmp_path)
    app = create_app({"STORE_PATH": str(copy), "TESTING": True, "QUERY_WORKERS": 1,
                      "REQUEST_MAILTO": "anfragen@nordstadt.example"})  # fmt: skip
    try:
        asked = app.test_client(use_cookies=False).get(
            "/speakers/request", query_string={"speaker": speaker}
        )
        page = asked.get_data(as_text=True)
    finally:
        close_app(app)
    assert 'href="mailto:anfragen@nordstadt.example?subject=' in page
    # Audit: a phone without a mail program got nowhere (the address stood on no page), and
    # the mail held only the name where the page asks for date, place, audience and topic.
    assert "Oder an anfragen@nordstadt.example schreiben." in page
    body = urllib.parse.unquote(re.search(r"&(?:amp;)?body=([^\"]+)", page).group(1))
    for asked_for in (
        "Datum der Veranstaltung:",
        "Ort der Veranstaltung:",
        "Zielgruppe:",
        "Thema:",
    ):
        assert asked_for in body, body


def test_the_gallery_leaves_out_the_examples_own_questions() -> None:
    """Entries that name the example's office, IRIs or sources are example-only, so another
    office's query gallery holds nothing of Mitte; a new one of that kind must be listed."""
    for entry in load_gallery():
        text = " ".join([entry["query"], *entry["title"].values(), *entry["description"].values()])
        names_example = bool(re.search(r"\bMitte\b|/mitte/|ba-mitte", text))
        assert names_example == (entry["id"] in EXAMPLE_ENTRIES), entry["id"]
    assert len(load_gallery(example=False)) == len(load_gallery()) - len(EXAMPLE_ENTRIES)


def test_init_refuses_office_details_with_the_example(tmp_path: Path) -> None:
    done = run_cli("init", "--example", "--office-name", OFFICE, store=tmp_path / "s")
    assert done.returncode == 2
    assert "--example" in done.stderr
    assert not (tmp_path / "s").exists()


def test_a_district_without_a_readable_name_is_refused_before_anything_is_made(
    tmp_path: Path,
) -> None:
    with pytest.raises(UsageError, match=r"district '123' gives no readable name"):
        init_store(tmp_path / "s", base_iri=BASE, office=OfficeStart(districts=("123",)))
    assert not (tmp_path / "s").exists()


def test_an_office_without_base_iri_is_refused_and_a_bare_store_says_which_base_it_uses(
    tmp_path: Path, client: FlaskClient
) -> None:
    """An office's own data under the example's base IRI would carry Mitte's name in every
    IRI it publishes, for ever: `init` with an office's details needs `--base-iri`. A bare
    store (no details: a developer's) keeps the example's base with a note, but not its
    questions: the query editor offers the example's own entries only where its data is."""
    refused = run_cli("init", "--office-name", OFFICE, store=tmp_path / "office")
    assert refused.returncode == 2
    assert "--base-iri" in refused.stderr and "veröffentlichte IRIs bleiben" in refused.stderr
    assert not (tmp_path / "office").exists()
    done = run_cli("init", store=tmp_path / "s")
    assert done.returncode == 0, done.stderr
    assert "--base-iri" in done.stderr
    app = create_app({"STORE_PATH": str(tmp_path / "s"), "TESTING": True, "QUERY_WORKERS": 1})
    try:
        editor = app.test_client().get("/sparql/editor").get_data(as_text=True)
    finally:
        close_app(app)
    example = client.get("/sparql/editor").get_data(as_text=True)
    for entry in EXAMPLE_ENTRIES:
        assert entry in example and entry not in editor, entry
    assert not re.search("koordinationsstelle|ba-mitte", editor, re.I)


def test_another_publisher_beside_the_examples_base_iri_is_noted(
    tmp_path: Path, office_store: Path
) -> None:
    """A store under the example's base (a bare `init`, or the example) given another
    office's publisher by `publication --set` was taken without a word, though its
    catalogue then says that office publishes IRIs carrying Mitte's name (new-office walk).
    It is taken (an office may try its pages on the example), with a note saying how to
    start its own store; not for the example's own publisher, nor in an office's store."""
    store = tmp_path / "s"
    assert run_cli("init", store=store).returncode == 0
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"publisher": {"name": "Stadt Beispielstadt"}}), "utf-8")
    taken = run_cli("publication", "--set", str(settings), store=store)
    assert taken.returncode == 0, taken.stderr
    assert "Hinweis: publisher.name nennt ein anderes Amt" in taken.stderr
    assert "Note: publisher.name names another office" in taken.stderr
    assert "init --base-iri" in taken.stderr
    assert publication_settings(store).publisher_name == "Stadt Beispielstadt"
    example = json.loads(
        (Path(__file__).parents[1] / "graph/data/example-publication.json").read_text("utf-8")
    )
    settings.write_text(json.dumps({"publisher": example["publisher"]}), "utf-8")
    own = run_cli("publication", "--set", str(settings), store=store)
    assert own.returncode == 0 and "nennt ein anderes Amt" not in own.stderr, own.stderr
    before = (office_store / "akteursgraph.json").read_bytes()
    settings.write_text(json.dumps({"publisher": {"name": "Stadt Beispielstadt"}}), "utf-8")
    office = run_cli("publication", "--set", str(settings), store=office_store)
    assert office.returncode == 0, office.stderr
    assert "nennt ein anderes Amt" not in office.stderr  # (its logo stays, and is noted)
    (office_store / "akteursgraph.json").write_bytes(before)


def test_a_wrong_settings_file_at_init_is_named_by_its_own_name(tmp_path: Path) -> None:
    """The office wrote `meine-einstellungen.json`; the store's own `akteursgraph.json` is a
    file they never saw."""
    wrong = tmp_path / "meine-einstellungen.json"
    wrong.write_text('{"licence": "cc-by"}', encoding="utf-8")
    done = run_cli("init", "--base-iri", BASE, "--settings", str(wrong), store=tmp_path / "s")
    assert done.returncode == 2
    assert f"{wrong}: Ungültige Einstellung licence" in done.stderr
    assert "akteursgraph.json" not in done.stderr
    assert not (tmp_path / "s").exists()


def test_two_districts_of_one_iri_are_refused_by_name(tmp_path: Path) -> None:
    """ "Nord-Süd" and "Nord Süd" both become place/nord-sued: said as that, not as a rule of
    the shapes about language tags that the office never wrote."""
    with pytest.raises(UsageError) as refused:
        init_store(
            tmp_path / "s", base_iri=BASE, office=OfficeStart(districts=("Nord-Süd", "Nord Süd"))
        )
    assert refused.value.where == "--district"
    assert "'Nord-Süd'" in refused.value.en and "'Nord Süd'" in refused.value.en
    assert f"{BASE}place/nord-sued" in refused.value.en
    assert not (tmp_path / "s").exists()


def test_a_settings_file_that_is_missing_or_no_json_is_said_in_words(tmp_path: Path) -> None:
    """Walk: a missing settings file was "kein lesbares JSON: [Errno 2] No such file or
    directory"; init and publication read it with one function and say what is wrong."""
    missing = tmp_path / "einstellungen.json"
    refused = run_cli("init", "--base-iri", BASE, "--settings", str(missing), store=tmp_path / "s")
    assert refused.returncode == 2 and "There is no such settings file." in refused.stderr
    assert "Errno" not in refused.stderr and str(missing) in refused.stderr
    assert run_cli("init", "--base-iri", BASE, store=tmp_path / "s").returncode == 0
    refused = run_cli("publication", "--set", str(missing), store=tmp_path / "s")
    assert refused.returncode == 2 and "does not exist" in refused.stderr  # click says it
    missing.write_text('{"title": ', encoding="utf-8")
    refused = run_cli("publication", "--set", str(missing), store=tmp_path / "s")
    assert refused.returncode == 2 and "is no valid JSON: Expecting value: line 1" in (
        refused.stderr
    )


def test_a_logo_setting_must_name_a_file_the_store_holds(tmp_path: Path) -> None:
    """A logo the store does not hold would be a broken image on every page: refused where
    it is set, with the way to give one (`--logo FILE` copies it in)."""
    settings = tmp_path / "settings.json"
    settings.write_text('{"logo": "wappen.svg"}', encoding="utf-8")
    refused = run_cli("init", "--base-iri", BASE, "--settings", str(settings), store=tmp_path / "s")
    assert refused.returncode == 2, refused.stderr
    assert "wappen.svg" in refused.stderr and "--logo" in refused.stderr
    assert f"{settings}: Das Logo" in refused.stderr  # named by the office's file, as others
    assert not (tmp_path / "s").exists()
    assert run_cli("init", "--base-iri", BASE, store=tmp_path / "s").returncode == 0
    refused = run_cli("publication", "--set", str(settings), store=tmp_path / "s")
    assert refused.returncode == 2 and "--logo" in refused.stderr
    assert publication_settings(tmp_path / "s").logo is None
    (tmp_path / "wappen.svg").write_bytes(LOGO)
    done = run_cli("publication", "--logo", str(tmp_path / "wappen.svg"), store=tmp_path / "s")
    assert done.returncode == 0, done.stderr
    assert publication_settings(tmp_path / "s").logo == "logo.svg"


def test_office_details_under_the_examples_base_given_explicitly_are_refused(
    tmp_path: Path,
) -> None:
    """`--base-iri` spelled as the example's own (or a path under it) put Leipzig's
    districts at `…/mitte/place/connewitz`, with a note to give the --base-iri just given."""
    example = "w3id.org/akteursgraph/mitte/"
    for base in (f"https://{example}", f"https://{example}x/", f"http://{example}",
                 "https://W3ID.org/akteursgraph/mitte/"):  # fmt: skip
        refused = run_cli(
            "init", "--base-iri", base, "--office-name", OFFICE, "--district", "Connewitz",
            store=tmp_path / "office",
        )  # fmt: skip
        assert refused.returncode == 2, refused.stderr
        assert "eine eigene --base-iri" in refused.stderr and "a --base-iri of its own" in (
            refused.stderr
        )
        assert not (tmp_path / "office").exists()


def test_a_base_iri_holding_the_shared_vocabulary_is_refused(tmp_path: Path) -> None:
    """`…/akteursgraph/` (which holds the vocabulary, the ontology and the example) and
    `…/akteursgraph/vocab/` were taken as an office's base (new-office walk): its entities
    would be minted among the vocabulary's terms. An office's own base is taken."""
    for base in ("https://w3id.org/akteursgraph/", "https://w3id.org/akteursgraph/vocab/",
                 "https://w3id.org/akteursgraph/vocab/topic/", "http://W3ID.org/",
                 "https://w3id.org/"):  # fmt: skip
        refused = run_cli("init", "--base-iri", base, "--office-name", OFFICE,
                          store=tmp_path / "office")  # fmt: skip
        assert refused.returncode == 2, (base, refused.stderr)
        assert "gemeinsamen Vokabulars" in refused.stderr, refused.stderr
        assert "shared vocabulary" in refused.stderr
        assert not (tmp_path / "office").exists()
    taken = run_cli("init", "--base-iri", "https://w3id.org/akteursgraph/musterstadt/",
                    "--office-name", OFFICE, store=tmp_path / "office")  # fmt: skip
    assert taken.returncode == 0, taken.stderr


def test_office_name_overrides_an_empty_publisher_name_in_the_settings(tmp_path: Path) -> None:
    """The docs say `--office-name` overrides the settings' publisher name, but an empty one
    in the file was refused beside it (new-office walk). Without the option it still is,
    named after the file."""
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"publisher": {"name": ""}}), "utf-8")
    taken = run_cli("init", "--base-iri", BASE, "--settings", str(settings),
                    "--office-name", OFFICE, store=tmp_path / "a")  # fmt: skip
    assert taken.returncode == 0, taken.stderr
    assert publication_settings(tmp_path / "a").publisher_name == OFFICE
    refused = run_cli("init", "--base-iri", BASE, "--settings", str(settings),
                      store=tmp_path / "b")  # fmt: skip
    assert refused.returncode == 2 and "settings.json: Invalid setting publisher.name" in (
        refused.stderr
    ), refused.stderr
    assert not (tmp_path / "b").exists()


def test_init_force_with_a_wrong_base_iri_keeps_the_store(tmp_path: Path) -> None:
    """The base IRI was checked only when the new store was made, after `--force` had
    cleared the old one: a typo in it deleted the office's data."""
    store = tmp_path / "s"
    assert run_cli("init", "--base-iri", BASE, store=store).returncode == 0
    before = sorted(p.name for p in store.iterdir())
    for wrong in ("https://daten.example.org/akteure/?a=1/", "https://daten.example.org/#x/",
                  "daten.example.org/akteure/"):  # fmt: skip
        refused = run_cli("init", "--force", "--base-iri", wrong, store=store)
        assert refused.returncode == 2, refused.stderr
        assert "Ungültige Basis-IRI" in refused.stderr and "Invalid base IRI" in refused.stderr
        assert sorted(p.name for p in store.iterdir()) == before
    opened = Store.open(store, read_only=True)
    try:
        assert opened.base_iri == BASE
    finally:
        opened.close()


def test_an_empty_office_name_or_a_district_given_twice_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="office's name is empty") as empty:
        init_store(tmp_path / "s", base_iri=BASE, office=OfficeStart(name="  "))
    assert empty.value.where == "--office-name"
    with pytest.raises(UsageError, match="'Zentrum' is given twice") as twice:
        init_store(tmp_path / "s", base_iri=BASE, office=OfficeStart(districts=("Zentrum",) * 2))
    assert twice.value.where == "--district"
    assert not (tmp_path / "s").exists()


def test_a_place_given_twice_in_the_settings_is_named_once(tmp_path: Path) -> None:
    """The catalogue's page said "Zentrum, Connewitz, Zentrum" where its RDF had each once."""
    place = BASE + "place/zentrum"
    assert parse({"spatial": [place, BASE + "place/connewitz", place]}).spatial == (
        place,
        BASE + "place/connewitz",
    )


def test_settings_written_without_a_logo_keep_the_logo(tmp_path: Path) -> None:
    """new-office.md has an office run `init --logo` and then `publication --set` with its
    settings, which replace them whole: a file without a "logo" key dropped the logo unsaid
    (new-office walk). It stays, and is noted; "logo": null removes it."""
    store = tmp_path / "s"
    (tmp_path / "a.svg").write_bytes(LOGO)
    assert run_cli("init", "--base-iri", BASE, "--logo", str(tmp_path / "a.svg"),
                   store=store).returncode == 0  # fmt: skip
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"publisher": {"name": "Stadt Beispielstadt"}}), "utf-8")
    kept = run_cli("publication", "--set", str(settings), store=store)
    assert kept.returncode == 0, kept.stderr
    assert "das Logo logo.svg bleibt" in kept.stderr and "the logo logo.svg stays" in kept.stderr
    assert publication_settings(store).logo == "logo.svg"
    assert publication_settings(store).publisher_name == "Stadt Beispielstadt"
    settings.write_text(json.dumps({"publisher": {"name": "Stadt B"}, "logo": None}), "utf-8")
    removed = run_cli("publication", "--set", str(settings), store=store)
    assert removed.returncode == 0 and "bleibt" not in removed.stderr, removed.stderr
    assert publication_settings(store).logo is None


def test_a_new_logo_gets_a_new_address(tmp_path: Path) -> None:
    """`publication --logo` keeps the file's name, and /office-logo is kept by browsers for
    an hour: the page's address for it changes with the file, so the new logo shows."""
    store = tmp_path / "s"
    (tmp_path / "a.svg").write_bytes(LOGO)
    assert run_cli("init", "--base-iri", BASE, "--logo", str(tmp_path / "a.svg"),
                   store=store).returncode == 0  # fmt: skip
    app = create_app({"STORE_PATH": str(store), "TESTING": True, "QUERY_WORKERS": 1})
    try:
        client = app.test_client()

        def logo_address() -> str:
            page = client.get("/impressum").get_data(as_text=True)
            found = re.search(r'class="site-header__logo" src="([^"]+)"', page)
            assert found, page[:2000]
            return found[1]

        first = logo_address()
        assert client.get(first).get_data() == LOGO
        (tmp_path / "b.svg").write_bytes(LOGO.replace(b"10", b"20"))
        done = run_cli("publication", "--logo", str(tmp_path / "b.svg"), store=store)
        assert done.returncode == 0, done.stderr
        second = logo_address()
        assert second != first and client.get(second).get_data() == LOGO.replace(b"10", b"20")
    finally:
        close_app(app)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")


#: A real PNG of one red pixel, and files that only begin like a PNG, a JPEG or a WebP (audit:
#: each was taken, and every page's header showed a broken image).
PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _chunk(b"IHDR", (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0]))
    + _chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
    + _chunk(b"IEND", b"")
)
SVG_OPEN = b'<svg xmlns="http://www.w3.org/2000/svg">'


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("bad.png", b"hello", "is no .png image"),
        ("logo.jpg", PNG, "is no .jpg image"),
        ("begun.png", b"\x89PNG\r\n\x1a\ngarbage", "is no .png image"),
        ("cut.png", PNG[:-12], "is no .png image"),
        ("begun.jpg", b"\xff\xd8\xffgarbage", "is no .jpg image"),
        ("begun.webp", b"RIFF\0\0\0\0WEBPjunk", "is no .webp image"),
        # an animation that sets an address or a handler (audit: both were taken)
        (
            "logo.svg",
            SVG_OPEN + b'<a><animate attributeName="href" values="x;javascript:alert(1)" '
            b'dur="1s"/><circle r="9"/></a></svg>',
            "holds script",
        ),
        (
            "logo.svg",
            SVG_OPEN + b'<set attributeName="onmouseover" to="alert(1)"/></svg>',
            "holds script",
        ),
        ("logo.svg", b"<html><body>no svg</body></html>", "is no .svg image"),
        ("logo.svg", LOGO.replace(b"<rect", b"<script>alert(1)</script><rect"), "holds script"),
        ("logo.svg", LOGO.replace(b"<rect", b'<rect onload="alert(1)"'), "holds script"),
        # read as XML (audit: a prefixed script and an address with an entity passed a search)
        (
            "logo.svg",
            LOGO.replace(
                b"<rect", b'<x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script><rect'
            ),
            "holds script",
        ),
        (
            "logo.svg",
            LOGO.replace(
                b"<rect",
                b'<a xmlns:xl="http://www.w3.org/1999/xlink" '
                b'xl:href="jav&#x61;script:alert(1)"/><rect',
            ),
            "holds script",
        ),
    ],
)
def test_a_logo_whose_content_is_no_image_of_its_kind_is_refused(
    tmp_path: Path, name: str, content: bytes, said: str
) -> None:
    """A text named `bad.png` was taken and served as image/png: a broken image in every
    page's header. What it holds must match its ending; an SVG holds no script."""
    (tmp_path / name).write_bytes(content)
    refused = run_cli("init", "--base-iri", BASE, "--logo", str(tmp_path / name),
                      store=tmp_path / "s")  # fmt: skip
    assert refused.returncode == 2 and said in refused.stderr, refused.stderr
    assert not (tmp_path / "s").exists()
    (tmp_path / "ok.png").write_bytes(PNG)
    assert run_cli("init", "--base-iri", BASE, "--logo", str(tmp_path / "ok.png"),
                   store=tmp_path / "s").returncode == 0  # fmt: skip
    refused = run_cli("publication", "--logo", str(tmp_path / name), store=tmp_path / "s")
    assert refused.returncode == 2 and said in refused.stderr, refused.stderr
    assert publication_settings(tmp_path / "s").logo == "logo.png"
    # Walk: the same file put into the store folder and named by the settings was taken.
    (tmp_path / "s" / name).write_bytes(content)
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"logo": name}), encoding="utf-8")
    refused = run_cli("publication", "--set", str(settings), store=tmp_path / "s")
    assert refused.returncode == 2 and said in refused.stderr, refused.stderr
    assert publication_settings(tmp_path / "s").logo == "logo.png"
