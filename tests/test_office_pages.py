"""The office's pages (issue 16, items 9 and 11): Impressum, privacy notice, accessibility
statement, Leichte Sprache, the logo and the favicon (webapp/office.py).

Their texts come from the publication settings: the example shows the Mitte office's values,
a store without settings shows "not yet filled in" (never Mitte's data), and another office's
settings appear where they belong.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from akteursgraph.errors import UsageError
from akteursgraph.publish.settings import parse, set_publication
from akteursgraph_web.office import sentence_lines

from .conftest import login

PAGES = ["/impressum", "/datenschutz", "/barrierefreiheit", "/leichte-sprache"]
NOTICE = "Noch nicht ausgefüllt"

#: Another office's settings, every key of the office's pages filled in.
OTHER_OFFICE: dict[str, Any] = {
    "publisher": {"name": "Bezirksamt Beispielstadt"},
    "contact": {"name": "Stabsstelle Eine Welt", "email": "einewelt@beispielstadt.example"},
    "office": {"address": "Rathausplatz 7\n12345 Beispielstadt", "phone": "+49 30 1234-0"},
    "responsible": {"name": "Erika Beispiel", "role": "Leiterin der Stabsstelle"},
    "data_protection_officer": {
        "name": "Datenschutzteam Beispielstadt",
        "email": "datenschutz@beispielstadt.example",
    },
    "supervisory_authority": {
        "name": "Landesbeauftragte für Datenschutz Beispielland",
        "url": "https://datenschutz.beispielland.example/",
    },
    "conciliation_body": {
        "name": "Schlichtungsstelle nach dem Landesgleichstellungsgesetz Beispielland",
        "url": "https://schlichtung.beispielland.example/",
    },
    "feedback_email": "barrierefrei@beispielstadt.example",
    "logo": "wappen.svg",
    "accessibility": {
        "status": "partial",
        "assessed": "2026-11-30",
        "limitations": {"de": ["Alte PDF-Berichte sind nicht barrierefrei."], "en": ["Old PDFs."]},
        "law": {
            "de": "Barrierefreie-Informationstechnik-Gesetz Beispielland",
            "en": "the Accessible IT Act of Beispielland",
        },
    },
    "privacy": {
        "legal_basis": {
            "de": "Art. 6 Abs. 1 lit. e DSGVO mit dem Datenschutzgesetz Beispielland",
            "en": "Art. 6 (1) e GDPR with the Data Protection Act of Beispielland",
        },
        "log_retention": {
            "de": "Das Protokoll wird nach 7 Tagen gelöscht.",
            "en": "The log is deleted after 7 days.",
        },
    },
    "easy_language": ["Die Stabsstelle hilft Vereinen in Beispielstadt."],
    # Two sentences in one entry: the page writes each on a line of its own.
    "easy_language_places": ["Die Orte sind Gärten in Beispielstadt. Sie liegen am Fluss."],
}
LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>'
)


def text(client: FlaskClient, path: str) -> str:
    answer = client.get(path)
    assert answer.status_code == 200, path
    return answer.get_data(as_text=True)


def article(page: str) -> str:
    """The page's own text, without the site's frame (header, navigation, footer)."""
    found = re.search(r"<article\b.*?</article>", page, re.S)
    assert found is not None
    return found.group(0)


def test_the_easy_language_pages_title_speaks_the_interfaces_language(
    client: FlaskClient,
) -> None:
    """Its English page was titled "Leichte Sprache" as the German one (WCAG 2.4.2)."""
    assert "<title>Leichte Sprache · " in text(client, "/leichte-sprache?lang=de")
    english = text(client, "/leichte-sprache?lang=en")
    assert "<title>Easy-to-read German (Leichte Sprache) · " in english


def test_the_easy_language_page_writes_each_sentence_on_a_line_of_its_own(
    client: FlaskClient,
) -> None:
    """Leichte Sprache writes each sentence on a line of its own; a paragraph of the settings
    ran two on one ("Das Amt heißt: … Es gehört zum Bezirks-Amt Mitte von Berlin.")."""
    page = text(client, "/leichte-sprache")
    part = page.split("<h2>Was macht das Amt?</h2>")[1].split("<h2>")[0]
    assert "Entwicklungs-Politik.<br>\nEs gehört zum Bezirks-Amt Mitte von Berlin.</p>" in part
    assert "Zum Beispiel in Schulen." in part and ". Zum Beispiel" not in part
    for paragraph in re.findall(r"<p>(.*?)</p>", part, re.S):
        for line in paragraph.split("<br>"):
            assert re.search(r"[^\d\s][.!?] +[A-ZÄÖÜ]", line) is None, line
    assert sentence_lines("Am 8. Juni 2012 war das Fest. Es war schön.") == [
        "Am 8. Juni 2012 war das Fest.",
        "Es war schön.",
    ]


def test_the_example_shows_the_mitte_office_and_notices_for_what_it_has_not_set(
    client: FlaskClient,
) -> None:
    impressum = text(client, "/impressum")
    assert "Bezirksamt Mitte von Berlin" in impressum
    assert 'href="mailto:fairtrade@ba-mitte.berlin.de"' in impressum
    # facts.md gives no postal address nor a person responsible: the page says so.
    assert impressum.count(NOTICE) == 2 and "office.address" in impressum
    statement = text(client, "/barrierefreiheit")
    # feedback goes to the contact mailbox when no feedback address is set
    assert 'href="mailto:fairtrade@ba-mitte.berlin.de?subject=' in statement
    # facts.md names no conciliation body for a Berlin district: the page says "not yet
    # filled in", and names the federal body (§ 16 BGG) only as one the office must confirm.
    # status, date and conciliation body; the law is Berlin's (berlin.de: the BIKTG Bln of
    # 4 March 2019 binds Berlin's public bodies, the district offices among them)
    assert statement.count(NOTICE) == 3 and "conciliation_body" in statement
    assert "Rechtsgrundlage: Barrierefreie-IKT-Gesetz Berlin (BIKTG Bln)." in statement
    unconfirmed = re.search(r'<p class="unconfirmed">(.*?)</p>', statement, re.S)
    assert unconfirmed is not None
    assert unconfirmed.group(1).startswith("Vom Amt noch nicht bestätigt:")
    assert "Schlichtungsstelle nach § 16 Behindertengleichstellungsgesetz" in unconfirmed.group(1)
    assert "www.schlichtungsstelle-bgg.de" in unconfirmed.group(1)
    assert statement.count("Schlichtungsstelle nach § 16") == 1  # nowhere as a fact
    assert not re.search(r'href="[^"]*schlichtungsstelle', statement)  # plain text, no link
    easy = text(client, "/leichte-sprache")
    assert (
        "Kommune bewegt Welt" in easy
        and '<article class="office-page easy-language" lang="de">' in easy
    )
    # Mitte's places, from its settings (easy_language_places)
    assert "Die Orte haben mit der Kolonial-Zeit zu tun." in easy
    assert NOTICE in text(client, "/datenschutz")  # no data-protection officer in facts.md
    english = text(client, "/impressum?lang=en")
    assert "<h1>Legal notice (Impressum)</h1>" in english and "Not yet filled in" in english


class _LanguageOf(HTMLParser):
    """The language each occurrence of `words` in a page's text is in: the `lang` of its
    nearest element that has one (WCAG 3.1.2)."""

    VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"})

    def __init__(self, words: str) -> None:
        super().__init__()
        self.words, self.stack, self.found = words, [], []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self.words in data:
            self.found.append(next((lang for _, lang in reversed(self.stack) if lang), None))


def test_the_office_name_is_marked_german_on_english_pages(client: FlaskClient) -> None:
    """The office's name is German: on an English page it says so (lang="de"), so that a
    screen reader does not read "Bezirksamt" with English sounds; the title cannot."""
    name = "Koordinationsstelle für kommunale Entwicklungspolitik"
    for path in ["/", "/impressum", "/organisations", "/datenschutz", "/speakers"]:
        for lang, expected in (("en", "de"), ("de", "de")):
            parser = _LanguageOf(name)
            parser.feed(text(client, f"{path}?lang={lang}"))
            # the title, the header, the footer (and the Impressum's publisher)
            assert len(parser.found) >= 3, (path, lang)
            assert parser.found[1:] == [expected] * (len(parser.found) - 1), (path, lang)
            assert parser.found[0] == lang, (path, lang)  # <title>, in the page's language


def test_the_offices_german_texts_are_marked_german_on_english_pages(
    make_app: Callable[..., Flask],
) -> None:
    """Walk: the office's name was marked German on English pages, but not the other texts
    its settings give in German (a role, the data-protection officer, the authorities), nor
    the federal conciliation body the statement names while none is set (WCAG 3.1.2)."""
    app = make_app(QUERY_WORKERS=1)
    store = app.extensions["akteursgraph.store"].path
    client = app.test_client()
    federal = "Schlichtungsstelle nach § 16 Behindertengleichstellungsgesetz"
    set_publication(store, {})
    parser = _LanguageOf(federal)
    parser.feed(text(client, "/barrierefreiheit?lang=en"))
    assert parser.found == ["de"]
    (store / "wappen.svg").write_bytes(LOGO)
    set_publication(store, OTHER_OFFICE)
    for path, words in (
        ("/impressum", "Leiterin der Stabsstelle"),
        ("/datenschutz", "Datenschutzteam Beispielstadt"),
        ("/datenschutz", "Landesbeauftragte für Datenschutz Beispielland"),
        ("/barrierefreiheit", "Schlichtungsstelle nach dem Landesgleichstellungsgesetz"),
    ):
        for lang in ("en", "de"):
            parser = _LanguageOf(words)
            parser.feed(text(client, f"{path}?lang={lang}"))
            assert parser.found == ["de"], (path, words, lang)


def test_every_page_links_the_legal_pages_and_its_icon(client: FlaskClient) -> None:
    for path in ["/", "/speakers", "/impressum"]:
        page = text(client, path)
        for target in [*PAGES, "/static/favicon.svg"]:
            assert f'href="{target}"' in page, (path, target)
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    assert icon.get_data().startswith(b"<svg")
    assert client.get("/office-logo").status_code == 404  # the example sets no logo


def test_another_office_fills_in_its_own_and_nothing_of_mitte_shows(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(QUERY_WORKERS=1)
    store = app.extensions["akteursgraph.store"].path
    client = app.test_client()
    set_publication(store, {})
    for path in PAGES:
        page = text(client, path)
        assert (NOTICE if path != "/leichte-sprache" else "Dieser Teil fehlt noch.") in page, path
        assert "Mitte" not in page and "fairtrade" not in page, path
    # status, date, feedback, conciliation body, the law: none of them the software's guess
    bare = text(client, "/barrierefreiheit")
    assert bare.count(NOTICE) == 5 and "accessibility.law" in bare
    unfilled = client.get("/datenschutz.json").get_json()["not_filled_in"]
    assert {"privacy.legal_basis", "privacy.log_retention"} <= set(unfilled)
    assert "im Einklang mit dem Behindertengleichstellungsgesetz" not in bare
    easy = article(text(client, "/leichte-sprache"))
    assert "Kolonial" not in easy and "Straßen" not in easy  # Mitte's places are Mitte's
    # Walk: the missing mailbox was said in the office's words, not in Leichte Sprache, and
    # its notice (a block) stood inside a paragraph, as on the privacy notice.
    assert easy.count("Dieser Teil fehlt noch.") == 2  # what the office does; the mailbox
    for path in PAGES:
        assert not re.search(r"<p>[^<]*(<(?!/p)[^>]*>[^<]*)*<div", text(client, path)), path
    assert "Sie können Orte finden." in easy  # what every site offers stays

    (store / "wappen.svg").write_bytes(LOGO)  # a logo the store does not hold is refused
    set_publication(store, OTHER_OFFICE)
    pages = {path: text(client, path) for path in PAGES}
    for path, page in pages.items():
        assert NOTICE not in page, path
        assert "Stabsstelle Eine Welt" in page, path  # the header names the office
        assert '<img class="site-header__logo" src="/office-logo?v=' in page
    # Walk (a new office): the staff workspace's header named the office without its logo.
    login = text(client, "/login")
    assert "Stabsstelle Eine Welt" in login
    assert '<img class="workspace-header__logo" src="/office-logo?v=' in login
    # The office is "das Amt" on every page; the workspace alone had called it "Geschäftsstelle".
    assert "Arbeitsbereich für Mitarbeitende" in login and "Geschäftsstelle" not in login
    catalog = Path(__file__).parents[1] / "webapp/translations/de/LC_MESSAGES/messages.po"
    assert "Geschäftsstelle" not in catalog.read_text(encoding="utf-8")
    assert "Rathausplatz 7\n12345 Beispielstadt</address>" in pages["/impressum"]
    assert "Erika Beispiel, Leiterin der Stabsstelle" in pages["/impressum"]
    privacy = pages["/datenschutz"]
    assert 'href="mailto:datenschutz@beispielstadt.example"' in privacy
    assert "Landesbeauftragte für Datenschutz Beispielland" in privacy
    # Walk: the notice said the server's log keeps visitors' addresses, but neither on what
    # legal basis nor for how long (GDPR Art. 13 (1) c, (2) a), and no setting could say it.
    assert "<p>Art. 6 Abs. 1 lit. e DSGVO mit dem Datenschutzgesetz Beispielland</p>" in privacy
    assert "<p>Das Protokoll wird nach 7 Tagen gelöscht.</p>" in privacy
    english = text(client, "/datenschutz?lang=en")
    assert "<p>The log is deleted after 7 days.</p>" in english
    statement = pages["/barrierefreiheit"]
    # Conformity with the office's law: the BITV 2.0 is the federal bodies' ordinance, and
    # the statement had declared conformity with it under Beispielland's law (new-office walk).
    # The law's name, as given (a nominative), after a colon: "mit den Anforderungen nach
    # Barrierefreie-Informationstechnik-Gesetz Beispielland" lacked its article, and a
    # "Brandenburgische … Verordnung" read wrong (walk).
    assert (
        "Diese Website ist teilweise mit den Anforderungen dieser Rechtsgrundlage vereinbar: "
        "Barrierefreie-Informationstechnik-Gesetz Beispielland." in statement
    )
    assert "Anforderungen nach" not in statement
    assert "BITV" not in statement
    english = text(client, "/barrierefreiheit?lang=en")
    assert (
        "partially compliant with the requirements of this legal basis: the Accessible IT Act of "
        "Beispielland." in english
    )
    # Without a law set, the conformity names none: above, the page says that the BITV 2.0
    # is the federal bodies' and not confirmed, and it had then declared conformity with it.
    settled = {k: v for k, v in OTHER_OFFICE["accessibility"].items() if k != "law"}
    lawless = {**OTHER_OFFICE, "accessibility": settled}
    set_publication(store, lawless)
    unnamed = text(client, "/barrierefreiheit?lang=de")
    assert "BITV 2.0 vereinbar" not in unnamed
    assert "teilweise mit den für sie geltenden Anforderungen an die Barrierefreiheit" in unnamed
    set_publication(store, OTHER_OFFICE)
    # The law of the office's state, not federal law hard-wired (a municipality is bound by
    # its state's law; the statement named the BGG for every office).
    assert "Rechtsgrundlage: Barrierefreie-Informationstechnik-Gesetz Beispielland." in statement
    assert "Behindertengleichstellungsgesetz" not in statement
    assert "Alte PDF-Berichte sind nicht barrierefrei." in statement
    assert "30. November 2026" in statement and "2026-11-30" not in statement  # in words
    assert 'href="mailto:barrierefrei@beispielstadt.example?subject=' in statement
    assert (
        "Schlichtungsstelle nach dem Landesgleichstellungsgesetz Beispielland: "
        '<a href="https://schlichtung.beispielland.example/" rel="external">'
    ) in statement
    assert "§ 16" not in statement and 'class="unconfirmed"' not in statement
    assert "Die Stabsstelle hilft Vereinen in Beispielstadt." in pages["/leichte-sprache"]
    assert (
        "Die Orte sind Gärten in Beispielstadt.<br>\n      Sie liegen am Fluss.<br>"
        in (pages["/leichte-sprache"])
    )
    logo = client.get("/office-logo")
    assert logo.status_code == 200 and logo.get_data() == LOGO


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({"logo": "../akteursgraph.json"}, "logo"),
        ({"logo": "logo.exe"}, "logo"),
        ({"accessibility": {"status": "mostly"}}, "accessibility.status"),
        ({"accessibility": {"limitations": {"fr": ["x"]}}}, "accessibility.limitations"),
        # Walk: German only made the English statement say no barrier is known.
        ({"accessibility": {"limitations": {"de": ["x"]}}}, "accessibility.limitations"),
        (
            {"accessibility": {"limitations": {"de": ["x", "y"], "en": ["x"]}}},
            "accessibility.limitations",
        ),
        # Walk: the statement contradicted itself ("listed below", then "none known"; "fully
        # compatible", then barriers).
        ({"accessibility": {"status": "partial"}}, "accessibility.status"),
        ({"accessibility": {"status": "none"}}, "accessibility.status"),
        (
            {"accessibility": {"status": "full", "limitations": {"de": ["x"], "en": ["x"]}}},
            "accessibility.status",
        ),
        ({"feedback_email": "not a mailbox"}, "feedback_email"),
        ({"privacy": {"legal_basis": {"de": "Art. 6 DSGVO"}}}, "privacy.legal_basis"),
        ({"privacy": {"retention": {"de": "7 Tage", "en": "7 days"}}}, "privacy.retention"),
        # Walk: named "publication.impressum", where every other key is named as written.
        ({"impressum": {"name": "x"}}, "impressum"),
        ({"easy_language": "one text"}, "easy_language"),
        ({"data_protection_officer": {"email": "nobody"}}, "data_protection_officer.email"),
        ({"office": "Rathausplatz 7"}, "office"),
        ({"conciliation_body": {"url": "schlichtung.example"}}, "conciliation_body.url"),
        ({"conciliation_body": "Schlichtungsstelle"}, "conciliation_body"),
        ({"easy_language_places": ["", "x"]}, "easy_language_places"),
    ],
)
def test_a_wrong_setting_of_the_office_pages_is_named(raw: dict[str, Any], key: str) -> None:
    with pytest.raises(UsageError) as refused:
        parse(raw)
    assert f"Invalid setting {key}:" in refused.value.en


def test_the_privacy_notice_names_the_tile_host_only_when_there_is_one(
    client: FlaskClient, make_app: Callable[..., Flask]
) -> None:
    """Without `AKTEURSGRAPH_TILE_URL` nothing loads from another host, and the notice says
    so; with it, the map's tiles do, and the notice names that host instead."""
    own = text(client, "/datenschutz")
    assert "Schriften, Skripte und Karten werden nicht von anderen Servern geladen" in own
    assert "Kartenkacheln" not in own
    assert client.get("/datenschutz.json").get_json()["tile_host"] is None

    app = make_app(QUERY_WORKERS=1, TILE_URL="https://{s}.karten.beispiel.example/{z}/{x}/{y}.png")
    other = app.test_client()
    tiles = text(other, "/datenschutz")
    assert "werden nicht von anderen Servern geladen" not in tiles
    assert (
        "der Hintergrund der Karten (Kartenkacheln) wird von einem anderen Server geladen, "
        "*.karten.beispiel.example, der dabei Ihre IP-Adresse"
    ) in tiles
    assert other.get("/datenschutz.json").get_json()["tile_host"] == "*.karten.beispiel.example"
    english = text(other, "/datenschutz?lang=en")
    assert "is loaded from another host, *.karten.beispiel.example" in english


def test_a_settings_change_shows_on_kept_pages_with_the_next_request(
    make_app: Callable[..., Flask],
) -> None:
    """The page cache keeps public pages until a publication touches what they show; the
    office's name and logo in their frame come from the settings, which change without a
    publication. `publication --set` must show with the next request (docs/configuration.md),
    not after the next publication, and an old ETag must not answer 304 for the old frame."""
    app = make_app(QUERY_WORKERS=1)
    store = app.extensions["akteursgraph.store"].path
    client = app.test_client()
    first = client.get("/topics")
    assert client.get("/topics").headers.get("X-Akteursgraph-Cache") == "hit"
    old_tag = first.headers["ETag"]
    (store / "wappen.svg").write_bytes(LOGO)
    set_publication(store, OTHER_OFFICE)
    again = client.get("/topics", headers={"If-None-Match": old_tag})
    assert again.status_code == 200 and again.headers["ETag"] != old_tag
    page = again.get_data(as_text=True)
    assert "Stabsstelle Eine Welt" in page and "Koordinationsstelle" not in page
    assert '<img class="site-header__logo" src="/office-logo?v=' in page
    # Re-check: an SVG with a script put in by hand in the logo's place was served.
    (store / "wappen.svg").write_bytes(LOGO.replace(b"<rect", b"<script>alert(1)</script><rect"))
    page = client.get("/topics").get_data(as_text=True)
    assert "site-header__logo" not in page and client.get("/office-logo").status_code == 404
    (store / "wappen.svg").write_bytes(LOGO)
    assert "site-header__logo" in client.get("/topics").get_data(as_text=True)
    # Walk: the logo's file removed by hand left a broken image in every page's header.
    (store / "wappen.svg").unlink()
    page = client.get("/topics").get_data(as_text=True)
    assert "site-header__logo" not in page and "with-logo" not in page


def test_a_settings_file_edited_by_hand_into_a_wrong_one_is_not_taken(
    make_app: Callable[..., Flask],
) -> None:
    """Walk: `akteursgraph.json` edited by hand ("contact.email": "kaputt"), which the pages
    read again when it changes, made every HTML page a bare English 500 (every frame reads
    the settings) and `/impressum.json` a 400; `/healthz` said "ok". The site keeps the
    settings it had, `/healthz` says what is wrong, and a corrected file is taken again."""
    app = make_app(QUERY_WORKERS=1)
    store = app.extensions["akteursgraph.store"].path
    client = app.test_client()
    assert client.get("/healthz").get_json()["status"] == "ok"
    mailbox = client.get("/impressum.json").get_json()["publisher"]["email"]
    config_file = store / "akteursgraph.json"
    good = json.loads(config_file.read_text(encoding="utf-8"))
    wrong = json.loads(json.dumps(good))
    wrong["publication"]["contact"]["email"] = "kaputt"
    config_file.write_text(json.dumps(wrong), encoding="utf-8")
    for path in ("/", "/impressum", "/organisations", "/catalog", "/login", "/download/"):
        assert client.get(path).status_code == 200, path  # (re-check: /login had been a 400)
    assert client.get("/impressum.json").get_json()["publisher"]["email"] == mailbox
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["status"] == "degraded"
    assert "contact.email" in health.get_json()["settings_not_taken"]
    # Cut off mid-way: the same.
    config_file.write_text(json.dumps(wrong)[:40], encoding="utf-8")
    assert client.get("/impressum").status_code == 200
    health = client.get("/healthz").get_json()
    assert health["status"] == "degraded"
    assert "no valid JSON object" in health["settings_not_taken"]  # not "no readable store"
    # Re-check: the staff pages read the review rule from the same file; they answered 503.
    reviewer = login(app.test_client(), "admin")
    for path in ("/workspace/", "/workspace/review", "/workspace/accounts?lang=en"):
        assert reviewer.get(path).status_code == 200, path
    config_file.write_bytes(json.dumps(good).encode("utf-8").replace(b'"de"', b'"\xff\xfe"', 1))
    health = client.get("/healthz").get_json()
    assert "no valid JSON object" in health["settings_not_taken"], health  # bytes no UTF-8
    good["publication"]["contact"]["email"] = "neu@beispielstadt.example"
    config_file.write_text(json.dumps(good), encoding="utf-8")
    assert client.get("/impressum.json").get_json()["publisher"]["email"] == (
        "neu@beispielstadt.example"
    )
    health = client.get("/healthz").get_json()
    assert health["status"] == "ok" and "settings_not_taken" not in health
    # A server does not start with such a file: it would have no settings to keep.
    config_file.write_text(json.dumps(wrong), encoding="utf-8")
    with pytest.raises(UsageError, match=r"contact\.email"):
        make_app(QUERY_WORKERS=1, STORE_PATH=str(store))


def test_an_address_that_begins_with_the_office_is_not_said_twice(
    make_app: Callable[..., Flask],
) -> None:
    """A postal address begins with the office's name, as offices write it into the
    settings: the Impressum said "Bezirksamt Beispielstadt / Stabsstelle Eine Welt" twice."""
    app = make_app(QUERY_WORKERS=1)
    store = app.extensions["akteursgraph.store"].path
    (store / "wappen.svg").write_bytes(LOGO)
    address = "Bezirksamt Beispielstadt\nStabsstelle Eine Welt\nRathausplatz 7\n12345 Beispielstadt"
    set_publication(store, {**OTHER_OFFICE, "office": {"address": address}})
    client = app.test_client()
    for path in ("/impressum", "/datenschutz"):
        page = article(text(client, path))
        assert page.count("Stabsstelle Eine Welt") == 1, (path, page)
        assert "<address>Rathausplatz 7\n12345 Beispielstadt</address>" in page, path
    assert client.get("/impressum.json").get_json()["publisher"]["address"] == (
        "Rathausplatz 7\n12345 Beispielstadt"
    )


def test_the_speaker_request_page_is_tagged_and_follows_the_settings(
    make_app: Callable[..., Flask],
) -> None:
    """docs/api.md: every public answer carries an ETag; the request page had none (no tag,
    no Cache-Control). Kept and tagged, it still shows a changed office at once: the page
    cache's key holds the settings' stamp."""
    app = make_app(QUERY_WORKERS=1)
    store = app.extensions["akteursgraph.store"].path
    client = app.test_client()
    speaker = client.get("/speakers.json").get_json()["people"][0]["iri"]
    path = "/speakers/request?" + urllib.parse.urlencode({"speaker": speaker})
    first = client.get(path)
    tag = first.headers.get("ETag")
    assert first.status_code == 200 and tag and first.headers["Cache-Control"] == "no-cache"
    assert client.get(path, headers={"If-None-Match": tag}).status_code == 304
    (store / "wappen.svg").write_bytes(LOGO)
    set_publication(store, OTHER_OFFICE)
    again = client.get(path, headers={"If-None-Match": tag})
    assert again.status_code == 200 and again.headers["ETag"] != tag
    assert "Stabsstelle Eine Welt" in again.get_data(as_text=True)
