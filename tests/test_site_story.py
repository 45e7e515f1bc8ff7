"""Pages that tell the story (issue 16, item 3): a colonial-history site's page says why it
was renamed, who decided, each dated step with its source, and who the honoured were; dates
read as people write them ("am 11. Juni 2016", not "seit 2016-06-11").

The core function (`explore.site_story`, via `explore.entity`) is checked on the example's
Manga-Bell-Platz, then the page through the test client.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from akteursgraph import explore
from akteursgraph.store import Store

from .test_explorer_pages import parse

BASE = "https://w3id.org/akteursgraph/mitte/"
SITE = BASE + "site/manga-bell-platz"
BVV = BASE + "organisation/bvv-mitte"
RUDOLF = BASE + "person/rudolf-duala-manga-bell"
EMILY = BASE + "person/emily-duala-manga-bell"
NACHTIGAL = BASE + "person/gustav-nachtigal"
WORKSHOP_ORGANISER = BASE + "example/organisation/initiative-strassennamen-neu-lesen"


@pytest.mark.parametrize(
    ("start", "end", "lang", "instant", "words"),
    [
        ("2016-06-11", None, "de", True, "am 11. Juni 2016"),
        ("2016-06-11", None, "en", True, "on 11 June 2016"),
        ("2016-06-11", "2016-06-11", "de", False, "am 11. Juni 2016"),
        ("2018-10", None, "de", True, "im Oktober 2018"),
        ("2018-10", None, "en", True, "in October 2018"),
        ("1986", None, "de", True, "im Jahr 1986"),
        ("2016-06-11", None, "de", False, "seit 11. Juni 2016"),
        ("2016-06-11", None, "en", False, "since 11 June 2016"),
        (None, "2020-05", "de", False, "bis Mai 2020"),
        ("1910-05-12", "2022-12-02", "de", False, "12. Mai 1910 – 2. Dezember 2022"),
        ("1910-05-12", "2022-12-02", "en", True, "12 May 1910 – 2 December 2022"),
        (None, None, "de", True, ""),
    ],
)
def test_dates_in_words(
    start: str | None, end: str | None, lang: str, instant: bool, words: str
) -> None:
    assert explore.spoken_period(start, end, lang, instant=instant) == words


def test_a_date_that_is_none_of_the_three_is_shown_as_recorded() -> None:
    assert explore.spoken_date("2019-13", "de") == "2019-13"
    assert explore.spoken_date("um 1900", "en") == "um 1900"


@pytest.mark.parametrize(
    ("moment", "lang", "unzoned", "words"),
    [
        ("2026-12-04T12:26:11Z", "de", "", "4. Dezember 2026, 12:26 UTC"),
        ("2026-12-04T12:26:11.009+00:00", "en", "", "4 December 2026, 12:26 UTC"),
        ("2026-12-04T12:26:11+01:00", "de", "", "4. Dezember 2026, 12:26 +01:00"),
        ("2026-12-04T12:26:11", "de", "", "4. Dezember 2026, 12:26"),
        ("2026-12-04 12:26:11.009", "de", "UTC", "4. Dezember 2026, 12:26 UTC"),
        ("2026-12-04", "de", "UTC", "4. Dezember 2026"),
        # a day recorded as a moment (a consent given on a day): the day, no "00:00 UTC"
        ("2024-05-12T00:00:00Z", "de", "UTC", "12. Mai 2024"),
        ("2024-05-12T00:00:00", "en", "UTC", "12 May 2024"),
        ("2024-05-12T00:00:00.000+00:00", "de", "", "12. Mai 2024"),
        ("2024-05-12T00:00:01Z", "de", "", "12. Mai 2024, 00:00 UTC"),
        ("2024-05-12T00:00:00+02:00", "de", "", "12. Mai 2024, 00:00 +02:00"),
        (None, "de", "", "–"),
    ],
)
def test_moments_in_words(moment: str | None, lang: str, unzoned: str, words: str) -> None:
    """A load's start said "2026-12-04T12:23:31Z" in a German review; the staff pages'
    own times are UTC, said so even where the record has no zone (`unzoned`)."""
    assert explore.spoken_moment(moment, lang, unzoned=unzoned) == words


def test_the_story_of_manga_bell_platz_as_data(store: Store) -> None:
    story = explore.entity(store, SITE, "de")["story"]
    assert story["renamed"] is True
    assert story["current"]["name"] == "Manga-Bell-Platz"
    assert story["current"]["when"] == "seit 2. Dezember 2022"
    assert [c["name"] for c in story["former"]] == ["Nachtigalplatz"]
    assert story["former"][0]["when"] == "12. Mai 1910 – 2. Dezember 2022"
    assert story["current"]["replaces"]["name"] == "Nachtigalplatz"
    # Who decided: the BVV, named on the naming and on its steps, once. (That the district
    # office followed the correction, the correction's text says, with its source; the
    # source gives no day, so it is no dated step, and the correction stays the BVV's.)
    assert [d["iri"] for d in story["current"]["deciders"]] == [BVV]
    assert "das Bezirksamt folgte der Korrektur" in story["current"]["events"][1]["description"]
    # Why: the naming's own description, in the reader's language.
    assert "Verwechslungsgefahr" in story["current"]["why"]
    # Each renaming of the quarter says why, the two parts of Petersallee too (they told
    # only the procedure; networks-and-sites walk).
    for site in ("anna-mungunda-allee", "maji-maji-allee"):
        for lang, words in (("de", ("Warum:", "Carl Peters")), ("en", ("Why:", "Carl Peters"))):
            told = explore.entity(store, BASE + f"site/{site}", lang)["story"]["current"]["why"]
            assert all(w in told for w in words), (site, lang, told)
    events = story["current"]["events"]
    assert [e["when"] for e in events] == [
        "am 19. April 2018", "im Oktober 2018", "am 2. Dezember 2022",
    ]  # fmt: skip
    assert [e["type"].rsplit("/", 1)[-1] for e in events] == [
        "assembly-decision", "correction", "ceremony",
    ]  # fmt: skip
    assert all(e["sources"] for e in events)
    assert "Johannes Bell" in events[1]["description"]
    # (the site each is on; the text numbers a site's several pages across the story)
    assert {s["host"] for s in events[1]["sources"]} == {
        "leute.tagesspiegel.de", "linksfraktion-berlin-mitte.de", "abendblatt-berlin.de",
    }  # fmt: skip
    # Who the honoured were: today's first, then the former namesake, each with life and text.
    honoured = story["honoured"]
    assert [h["iri"] for h in honoured] == [EMILY, RUDOLF, NACHTIGAL]
    assert [h["honoured_now"] for h in honoured] == [True, True, False]
    assert honoured[2]["names"] == ["Nachtigalplatz"]
    assert "Kolonialismus" in honoured[2]["about"]
    assert honoured[1]["life"] == "1873 – 8. August 1914"
    english = explore.entity(store, SITE, "en")["story"]
    assert english["current"]["events"][1]["when"] == "in October 2018"
    assert "confusion" in english["current"]["why"]


def test_every_decision_named_in_a_renamings_text_is_a_step_of_it(store: Store) -> None:
    """Cornelius-Fredericks-Straße: its text names the district office's decision no. 394
    of 24 April 2018 and the general order, but its timeline had only the committee, the
    BVV and the ceremony, and "Beschlossen von" only the BVV (as Anna-Mungunda-Allee's
    does not). Each is a dated, sourced step."""
    story = explore.entity(store, BASE + "site/cornelius-fredericks-strasse", "de")["story"]
    events = story["current"]["events"]
    assert [(e["when"], e["type"].rsplit("/", 1)[-1]) for e in events] == [
        ("im April 2018", "committee-recommendation"),
        ("am 19. April 2018", "assembly-decision"),
        ("am 24. April 2018", "office-decision"),
        ("im November 2018", "general-order"),
        ("am 2. Dezember 2022", "ceremony"),
    ]
    assert all(e["sources"] for e in events)
    assert {d["iri"] for d in story["current"]["deciders"]} == {
        BVV,
        BASE + "organisation/bezirksamt-mitte",
    }


def test_the_renamings_say_why_the_old_names_went(store: Store) -> None:
    """Manga-Bell-Platz and Cornelius-Fredericks-Straße told the corrections and the vote,
    but never why Nachtigal and Lüderitz were no longer to be honoured (story walk; issue
    16: a site's page says why it was renamed). Their texts say it, with its sources, and
    name every party that voted for it (the Pirates were missing)."""
    spiegel = "https://www.tagesspiegel.de/berlin/afrikanisches-viertel-in-berlin-was-nach"
    for slug in ("manga-bell-platz", "cornelius-fredericks-strasse"):
        current = explore.entity(store, BASE + f"site/{slug}", "de")["story"]["current"]
        assert current["why"].startswith("Warum: ") and "Wegbereiter" in current["why"]
        assert "Lern- und Erinnerungsort" in current["why"], slug
        english = explore.entity(store, BASE + f"site/{slug}", "en")["story"]["current"]
        assert english["why"].startswith("Why: ") and "pioneer" in english["why"]
        naming = explore.entity(store, current["iri"], "de")
        assert any(s.startswith(spiegel) for s in naming["provenance"]["sources"]), slug
    cornelius = explore.entity(store, BASE + "site/cornelius-fredericks-strasse", "de")
    assert "Grünen, SPD, Linken und Piraten" in cornelius["story"]["current"]["why"]


def test_a_namings_disputed_end_is_said(store: Store, example_app: Flask) -> None:
    """Petersallee after Carl Peters "15. März 1939 – 23. Juli 1986" read as settled, while
    only the re-dedication to Hans Peters was marked disputed: the Senate said that it
    never took legal effect (research §1.2 C), so the end of Carl Peters' name is disputed
    too (story walk)."""
    for slug in ("anna-mungunda-allee", "maji-maji-allee"):
        story = explore.entity(store, BASE + f"site/{slug}", "de")["story"]
        ended = {c["iri"].rsplit("-", 1)[-1]: c["end_disputed"] for c in story["chapters"]}
        assert ended == {"1939": True, "1986": False, "2024": False}, slug
    http: FlaskClient = example_app.test_client(use_cookies=False)
    page = http.get("/site/anna-mungunda-allee", headers={"Accept-Language": "de"})
    text = parse(_story_html(page.get_data(as_text=True))).body
    assert "Petersallee (15. März 1939 – 23. Juli 1986, Ende bestritten)" in text
    assert "Ihr Ende ist bestritten; warum, sagen die Quellen der Benennung." in text
    manga = explore.entity(store, SITE, "de")["story"]
    assert not any(c["end_disputed"] for c in manga["chapters"])
    # and where else the end is said: the naming's "Wann", Carl Peters' "Früher geehrt
    # durch", and their twins (re-check: only the site's story had said it)
    naming = http.get("/naming/anna-mungunda-allee-1939", headers={"Accept-Language": "de"})
    assert '23. Juli 1986 <span class="meta">(Ende bestritten)</span></p>' in naming.get_data(
        as_text=True
    )
    peters = http.get("/person/carl-peters.json", headers={"Accept-Language": "en"}).get_json()
    ended = {r["via"].rsplit("/", 1)[-1]: r["end_disputed"]
             for r in peters["entity"]["relations"]["honoured_by"]}  # fmt: skip
    assert ended == {"anna-mungunda-allee-1939": True, "maji-maji-allee-1939": True}
    english = http.get("/person/carl-peters", headers={"Accept-Language": "en"})
    assert "23 July 1986, its end disputed)" in english.get_data(as_text=True)
    assert not explore.entity(store, BASE + "naming/manga-bell-platz-1910", "de")["end_disputed"]


def test_only_sites_have_a_story(store: Store) -> None:
    assert explore.entity(store, BVV, "de")["story"] is None
    assert explore.site_story(store, SITE, "de", []) is None


def _story_html(html: str) -> str:
    match = re.search(r'<section aria-labelledby="h-namings" class="site-story">(.*?)</section>',
                      html, flags=re.S)  # fmt: skip
    assert match, "no story section"
    return match.group(1)


def test_site_page_tells_the_story(example_app: Flask) -> None:
    http: FlaskClient = example_app.test_client(use_cookies=False)
    resp = http.get("/site/manga-bell-platz", headers={"Accept-Language": "de"})
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    story = parse(_story_html(html))
    text = story.body
    assert "Heute heißt der Ort Manga-Bell-Platz (seit 2. Dezember 2022)" in text
    assert "Frühere Namen: Nachtigalplatz (12. Mai 1910 – 2. Dezember 2022)" in text
    # A label with its colon ("Beschlossen von Bezirksverordnetenversammlung" lacked the article)
    assert "Beschlossen von: Bezirksverordnetenversammlung Mitte von Berlin" in text
    assert "Bezirksverordnetenversammlung Mitte von Berlin" in story.link_texts()
    # Each step with its date, kind and source, in time order.
    steps = re.findall(r'<ol class="steps story-steps"[^>]*>(.*?)</ol>', html, flags=re.S)
    assert len(steps) == 1  # the steps of the 2022 naming; the 1910 naming has none recorded
    dates = re.findall(r"<strong>(.*?)</strong>", steps[0])
    assert dates == ["am 19. April 2018", "im Oktober 2018", "am 2. Dezember 2022"]
    assert "Korrektur" in parse(steps[0]).body
    # Each step by its title, which names its kind: not the kind before it again, as in
    # "Beschluss des Rats oder der BVV: BVV-Beschluss: »Bell-Platz«".
    items = re.findall(r"<li>(.*?)</li>", steps[0], flags=re.S)
    lines = [parse(li.split("<br>")[0]).body for li in items]  # before description, sources
    assert [" ".join(line.split()).split(" (")[0] for line in lines] == [
        "am 19. April 2018 · BVV-Beschluss: »Bell-Platz«",
        "im Oktober 2018 · Korrektur: »Manga-Bell-Platz«",
        "am 2. Dezember 2022 · Enthüllung der Schilder am Manga-Bell-Platz",
    ]
    assert "tagesspiegel.de" in " ".join(story.link_texts())
    assert "Wen und was die Namen ehren" in story.headings
    for name in ("Rudolf Duala Manga Bell", "Emily Duala Manga Bell", "Gustav Nachtigal"):
        assert name in story.link_texts()
    assert "Wegbereiter des deutschen Kolonialismus" in text
    # The story replaces the old naming section: one "Naming history", not two.
    assert html.count('id="h-namings"') == 1
    english = http.get("/site/manga-bell-platz?lang=en").get_data(as_text=True)
    assert "Today the place is called Manga-Bell-Platz (since 2 December 2022)" in (
        parse(_story_html(english)).body
    )


def test_a_one_day_event_shows_its_day_not_since(example_app: Flask) -> None:
    http = example_app.test_client(use_cookies=False)
    path = "/" + WORKSHOP_ORGANISER.removeprefix(BASE)
    html = http.get(path, headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "am 11. Juni 2016" in html
    assert "seit 2016-06-11" not in html


FAIR_TRADE_BREAKFAST = "/example/event/fair-trade-fruehstueck-2014"  # one day: 2014-05-10


@pytest.mark.parametrize(
    ("lang", "when", "day"),
    [("de", "Wann: am 10. Mai 2014", "am 10. Mai 2014"),
     ("en", "When: on 10 May 2014", "on 10 May 2014")],
)  # fmt: skip
def test_an_event_page_and_the_events_list_say_the_day_in_words(
    example_app: Flask, lang: str, when: str, day: str
) -> None:
    """A one-day event's page says its day in the interface's language in its summary (it
    was only the raw 2014-05-10 in the statements table), and the events list says it too
    (it listed ISO dates)."""
    http = example_app.test_client(use_cookies=False)
    html = http.get(FAIR_TRADE_BREAKFAST, headers={"Accept-Language": lang}).get_data(as_text=True)
    summary = re.search(r'<p class="when">(.*?)</p>', html, re.S)
    assert summary and parse(summary.group(1)).body == when
    twin = http.get(FAIR_TRADE_BREAKFAST + ".json", headers={"Accept-Language": lang}).get_json()
    assert twin["entity"]["when"] == day
    listing = http.get("/events", headers={"Accept-Language": lang}).get_data(as_text=True)
    entry = re.search(
        r'<li>\s*<a href="' + re.escape(FAIR_TRADE_BREAKFAST) + r'".*?</li>', listing, re.S
    )
    assert entry, "the breakfast is on the first page of events"
    assert day in parse(entry.group(0)).body
    metas = re.findall(r'<span class="meta">([^<]*)</span>', listing)
    assert metas and not [m for m in metas if re.search(r"\d{4}-\d{2}", m)], metas


@pytest.mark.parametrize(
    ("lang", "founded"), [("de", "gegründet 8. März 2012"), ("en", "founded 8 March 2012")]
)
def test_the_organisations_list_says_a_date_is_the_founding(
    example_app: Flask, lang: str, founded: str
) -> None:
    """The list gave "8. März 2012" beside an organisation, and only its page said that was
    when it was founded (exploratory walk)."""
    http = example_app.test_client(use_cookies=False)
    org = "/example/organisation/afghanische-frauenwerkstatt-tiergarten"
    listing = http.get("/organisations", headers={"Accept-Language": lang}).get_data(as_text=True)
    entry = re.search(r'<li>\s*<a href="' + re.escape(org) + r'".*?</li>', listing, re.S)
    assert entry and f'<span class="meta">{founded}</span>' in entry.group(0)
    twin = http.get("/organisations.json", headers={"Accept-Language": lang}).get_json()
    item = next(i for i in twin["items"] if i["iri"].endswith(org))
    assert (item["date"], item["when"]) == ("2012-03-08", founded)


@pytest.mark.parametrize(
    ("slug", "current", "former", "honoured_now"),
    [
        ("manga-bell-platz", "Manga-Bell-Platz", ["Nachtigalplatz"], 2),
        ("cornelius-fredericks-strasse", "Cornelius-Fredericks-Straße", ["Lüderitzstraße"], 1),
        ("anna-mungunda-allee", "Anna-Mungunda-Allee", ["Petersallee", "Petersallee"], 1),
        ("maji-maji-allee", "Maji-Maji-Allee", ["Petersallee", "Petersallee"], 1),
    ],
)
def test_every_site_of_the_afrikanisches_viertel_tells_its_story(
    store: Store, slug: str, current: str, former: list[str], honoured_now: int
) -> None:
    story = explore.entity(store, BASE + "site/" + slug, "de")["story"]
    assert story["current"]["name"] == current
    assert [c["name"] for c in story["former"]] == former
    deciders = [d["iri"] for d in story["current"]["deciders"]]
    assert deciders[0] == BVV  # the assembly decided; the district office may have acted too
    assert set(deciders) <= {BVV, BASE + "organisation/bezirksamt-mitte"}
    assert story["current"]["why"]
    events = [e for c in story["chapters"] for e in c["events"]]
    assert events and all(e["when"].startswith(("am ", "im ")) for e in events)
    assert all(e["sources"] for e in events if e["iri"])  # every recorded step has a source
    assert sum(h["honoured_now"] for h in story["honoured"]) == honoured_now
    assert all(h["about"] and h["life"] for h in story["honoured"])


@pytest.mark.parametrize(
    ("lang", "former", "chapter"),
    [
        (
            "de",
            "Petersallee (23. Juli 1986 – 23. August 2024, umgewidmet)",
            "Umgewidmet: Der Name blieb und ehrt von da an eine andere Person.",
        ),
        (
            "en",
            "Petersallee (23 July 1986 – 23 August 2024, re-dedicated)",
            "Re-dedicated: the name stayed, and honours someone else from then on.",
        ),
    ],
)
def test_a_name_kept_for_another_person_reads_as_re_dedicated_not_as_replacing_itself(
    example_app: Flask, lang: str, former: str, chapter: str
) -> None:
    """In 1986 the Petersallee was re-dedicated from Carl Peters to Hans Peters: the page
    listed "Petersallee, Petersallee" as its former names and said of the second "Löst den
    Namen Petersallee ab", a name replacing itself (exploratory walk)."""
    http = example_app.test_client(use_cookies=False)
    html = http.get("/site/anna-mungunda-allee", headers={"Accept-Language": lang})
    body = parse(html.get_data(as_text=True)).body
    assert former in body and chapter in body
    # only the renaming of 2024 replaces the name Petersallee
    replaced = (
        "Löst den Namen Petersallee ab." if lang == "de" else "Replaces the name Petersallee."
    )
    assert body.count(replaced) == 1


def test_a_namings_steps_link_to_it_in_the_order_of_their_dates(example_app: Flask) -> None:
    """The naming's "Verlinkt von → Schritt von" listed its steps by name: the unveiling of
    the signs (2022) before the correction (2018) (exploratory walk). Each now says its
    date, and they stand in its order; the JSON twin has both."""
    http = example_app.test_client(use_cookies=False)
    twin = http.get("/naming/manga-bell-platz-2022.json").get_json()["entity"]["incoming"]
    steps = next(g for g in twin["groups"] if g["predicate"].endswith("#stepOf"))["subjects"]
    assert [s["date"] for s in steps] == ["2018-04-19", "2018-10", "2022-12-02"]
    html = http.get("/naming/manga-bell-platz-2022", headers={"Accept-Language": "de"})
    section = html.get_data(as_text=True).split('id="h-incoming"', 1)[1].split("</section>")[0]
    dates = re.findall(r'<span class="meta">([^<]+)</span>', section)
    # Each on its day, as the step's own page says it (a naming in force: "seit").
    assert dates == ["am 19. April 2018", "im Oktober 2018", "am 2. Dezember 2022"]


def test_an_honoured_event_has_its_period(store: Store) -> None:
    story = explore.entity(store, BASE + "site/maji-maji-allee", "en")["story"]
    war = next(h for h in story["honoured"] if h["iri"].endswith("event/maji-maji-krieg"))
    assert (war["label"], war["life"]) == ("Maji Maji War", "1905 – 1907")
    assert war["honoured_now"] is True


AKADEMIE = "/example/organisation/akademie-fuer-globales-lernen-mitte"  # member since 2013-06-12


@pytest.mark.parametrize(
    ("path", "lang", "words"),
    [
        (AKADEMIE, "de", "seit 12. Juni 2013"),
        (AKADEMIE, "en", "since 12 June 2013"),
        ("/person/anton-wilhelm-amo", "de", "seit 23. August 2025"),
        ("/person/anton-wilhelm-amo", "en", "since 23 August 2025"),
    ],
)
def test_the_relations_of_an_entity_page_say_their_dates_in_words(
    example_app: Flask, path: str, lang: str, words: str
) -> None:
    """Memberships, cooperations and the names honouring a person said their periods as the
    data records them ("seit 2013-06-12"), where the events say theirs in words (QA 16,
    item 3); every relation's `when` in the page's JSON twin reads the same."""
    http = example_app.test_client(use_cookies=False)
    html = http.get(path, headers={"Accept-Language": lang}).get_data(as_text=True)
    relations = "".join(re.findall(r'<ul class="relations">(.*?)</ul>', html, flags=re.S))
    metas = re.findall(r'<span class="meta">([^<]*)</span>', relations)
    assert words in metas
    assert not [m for m in metas if re.search(r"\d{4}-\d{2}", m)], metas
    twin = http.get(path + ".json", headers={"Accept-Language": lang}).get_json()
    groups = twin["entity"]["relations"]
    whens = [r["when"] for name, items in groups.items() if name != "speaker_profile"
             for r in items or []]  # fmt: skip
    assert words in whens
    assert not [w for w in whens if re.search(r"\d{4}-\d{2}", w)], whens


@pytest.mark.parametrize(
    ("lang", "entries"),
    [
        ("de", [
            "Petersallee (15. März 1939 – 23. Juli 1986, Ende bestritten), heute "
            "Anna-Mungunda-Allee",
            "Petersallee (15. März 1939 – 23. Juli 1986, Ende bestritten), heute Maji-Maji-Allee",
        ]),
        ("en", [
            "Petersallee (15 March 1939 – 23 July 1986, its end disputed), today "
            "Anna-Mungunda-Allee",
            "Petersallee (15 March 1939 – 23 July 1986, its end disputed), today Maji-Maji-Allee",
        ]),
    ],
)  # fmt: skip
def test_honoured_by_names_the_name_that_honoured_not_the_sites_current_one(
    example_app: Flask, lang: str, entries: list[str]
) -> None:
    """Carl Peters was honoured by the name Petersallee (1939-1986); his page said
    "Geehrt durch: Anna-Mungunda-Allee 1939-03-15 – 1986-07-23", the street's name today,
    which honours Anna Mungunda (QA 16, item 1). It names Petersallee, when the name held,
    and the site by its name today, as the link to it."""
    http = example_app.test_client(use_cookies=False)
    html = http.get("/person/carl-peters", headers={"Accept-Language": lang}).get_data(as_text=True)
    section = re.search(r'<section aria-labelledby="h-honoured_by">(.*?)</section>', html, re.S)
    assert section, "no honoured-by section"
    items = [
        " ".join(re.sub(r"<[^>]+>", "", li).split())
        for li in re.findall(r"<li[^>]*>(.*?)</li>", section.group(1), re.S)
    ]
    assert items == entries
    page = parse(section.group(1))
    assert sorted(page.links) == [
        ("/site/anna-mungunda-allee", "Anna-Mungunda-Allee"),
        ("/site/maji-maji-allee", "Maji-Maji-Allee"),
    ]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("de", "Petersallee (23. Juli 1986 – 23. August 2024, bestritten, siehe die Quellen der "
               "Benennung), heute"),
        ("en", "Petersallee (23 July 1986 – 23 August 2024, disputed, see the naming's sources), "
               "today"),
    ],
)  # fmt: skip
def test_a_disputed_honour_is_marked_on_the_honoured_persons_page_too(
    example_app: Flask, lang: str, said: str
) -> None:
    """The re-dedication of Petersallee to Hans Peters in 1986 never took effect, the Senate
    said: the site's story marks the honour "disputed", but his own page listed both
    namings as plain honours (story walk). Carl Peters' honours, whose end is what is
    disputed, are not marked so."""
    http = example_app.test_client(use_cookies=False)
    twin = http.get("/person/hans-peters.json").get_json()["entity"]["relations"]["honoured_by"]
    assert [r["disputed"] for r in twin] == [True, True]
    carl = http.get("/person/carl-peters.json").get_json()["entity"]["relations"]["honoured_by"]
    assert [r["disputed"] for r in carl] == [False, False]
    html = http.get("/person/hans-peters", headers={"Accept-Language": lang}).get_data(as_text=True)
    section = re.search(r'<section aria-labelledby="h-honoured_by">(.*?)</section>', html, re.S)
    assert section, "no honoured-by section"
    text = " ".join(re.sub(r"<[^>]+>", "", section.group(1)).split())
    assert text.count(said) == 2, text


def test_a_name_the_site_still_carries_links_the_site_under_that_name(
    example_app: Flask,
) -> None:
    http = example_app.test_client(use_cookies=False)
    html = http.get("/person/anton-wilhelm-amo", headers={"Accept-Language": "de"}).get_data(
        as_text=True
    )
    section = re.search(r'<section aria-labelledby="h-honoured_by">(.*?)</section>', html, re.S)
    assert section
    page = parse(section.group(1))
    # With its kind: the page links the naming of that name too (WCAG 2.4.4).
    assert page.links == [("/site/anton-wilhelm-amo-strasse", "Anton-Wilhelm-Amo-Straße (Ort)")]
    assert "heute" not in page.body


@pytest.mark.parametrize(
    ("lang", "life"),
    [("de", "Anton Wilhelm Amo (geboren um 1703)"), ("en", "Anton Wilhelm Amo (born about 1703)")],
)
def test_a_life_without_a_known_death_says_born_not_since(
    example_app: Flask, lang: str, life: str
) -> None:
    """Anton Wilhelm Amo's death is not recorded: "Wer die Geehrten waren" said "Anton
    Wilhelm Amo (seit 1703)", as if his life went on since (QA 16, item 2). His birth year is
    given as approximate (a qualified statement): it said "geboren 1703" beside a text of
    "um 1703" (audit)."""
    http = example_app.test_client(use_cookies=False)
    html = http.get("/site/anton-wilhelm-amo-strasse", headers={"Accept-Language": lang})
    honoured = re.search(
        r'<dl class="kern-description-list story-honoured">(.*?)</dl>',
        html.get_data(as_text=True),
        re.S,
    )
    assert honoured
    keys = re.findall(
        r'<dt class="kern-description-list-item__key">(.*?)</dt>', honoured.group(1), re.S
    )
    assert [" ".join(re.sub(r"<[^>]+>", "", k).split()) for k in keys] == [life]


@pytest.mark.parametrize(
    ("birth", "death", "lang", "words"),
    [
        ("1703", None, "de", "geboren 1703"),
        ("1703", None, "en", "born in 1703"),
        ("1910-05-12", None, "de", "geboren am 12. Mai 1910"),
        ("1910-05", None, "en", "born in May 1910"),
        (None, "1914-08-08", "de", "gestorben am 8. August 1914"),
        (None, "1914-08-08", "en", "died on 8 August 1914"),
        ("1873", "1914-08-08", "de", "1873 – 8. August 1914"),
        (None, None, "en", ""),
    ],
)
def test_a_life_in_words(birth: str | None, death: str | None, lang: str, words: str) -> None:
    assert explore.story.spoken_life(birth, death, lang) == words


@pytest.mark.parametrize(
    ("birth", "death", "about", "lang", "words"),
    [
        ("1703", None, (True, False), "de", "geboren um 1703"),
        ("1703", None, (True, False), "en", "born about 1703"),
        (None, "1914", (False, True), "de", "gestorben um 1914"),
        ("1873", "1914-08-08", (True, False), "de", "um 1873 – 8. August 1914"),
        ("1873", "1914", (False, True), "en", "1873 – about 1914"),
    ],
)  # fmt: skip
def test_an_approximate_date_of_a_life_says_so(
    birth: str | None, death: str | None, about: tuple[bool, bool], lang: str, words: str
) -> None:
    assert explore.story.spoken_life(birth, death, lang, about=about) == words


@pytest.mark.parametrize(
    ("start", "end", "lang", "words"),
    [
        ("1904", None, "de", "begann 1904"),
        ("1904-01", None, "en", "began in January 1904"),
        (None, "1907-08-08", "de", "endete am 8. August 1907"),
        ("1905", "1907", "en", "1905 – 1907"),
    ],
)
def test_a_past_event_honoured_with_one_date_is_over_not_since(
    start: str | None, end: str | None, lang: str, words: str
) -> None:
    """An honoured event with only its start read "seit 1904", as if it went on."""
    assert explore.story.spoken_life(start, end, lang, lived=False) == words


@pytest.mark.parametrize(
    ("path", "lang", "when"),
    [
        ("/naming-step/manga-bell-platz-ceremony-2022", "de", "am 2. Dezember 2022"),
        ("/naming-step/manga-bell-platz-assembly-decision-2018", "en", "on 19 April 2018"),
        ("/naming-step/manga-bell-platz-correction-2018", "de", "im Oktober 2018"),
    ],
)
def test_a_naming_step_was_on_its_day_not_since(
    example_app: Flask, path: str, lang: str, when: str
) -> None:
    """A decision, correction or ceremony's own page read "seit 2. Dezember 2022", as if it
    went on; the site's story said "am 2. Dezember 2022"."""
    http = example_app.test_client(use_cookies=False)
    entity = http.get(path + ".json", headers={"Accept-Language": lang}).get_json()["entity"]
    assert entity["when"] == when


@pytest.mark.parametrize(("lang", "joined"), [("de", " und "), ("en", " and ")])
def test_the_names_a_sentence_lists_end_with_and(
    example_app: Flask, lang: str, joined: str
) -> None:
    """ "Der Name ehrt Rudolf Duala Manga Bell, Emily Duala Manga Bell." read as a list, not a
    sentence."""
    http = example_app.test_client(use_cookies=False)
    page = http.get("/site/manga-bell-platz", headers={"Accept-Language": lang})
    text = re.sub(r"<[^>]+>", "", page.get_data(as_text=True))
    honours = re.search(r"(Der Name ehrt|The name honours): ([^.]*)\.", text)
    assert honours, text[:300]
    names = honours.group(2)
    assert joined in names and "," not in names, names


def test_a_name_honouring_an_event_reads_as_a_sentence(example_app: Flask) -> None:
    """ "Der Name ehrt Maji-Maji-Krieg." under "Wer die Geehrten waren": a war is no person
    and takes an article in German; the sentence names it after a colon, the heading asks
    whom and what."""
    http = example_app.test_client(use_cookies=False)
    page = http.get("/site/maji-maji-allee", headers={"Accept-Language": "de"})
    text = " ".join(re.sub(r"<[^>]+>", " ", page.get_data(as_text=True)).split())
    assert "Der Name ehrt: Maji-Maji-Krieg" in text
    assert "Wen und was die Namen ehren" in text and "Wer die Geehrten waren" not in text


def story_sources(node: object) -> list[dict[str, str]]:
    """Every source named anywhere in a story (chapters, steps, honoured persons)."""
    if isinstance(node, dict):
        return [
            found
            for key, value in node.items()
            for found in (value if key == "sources" else story_sources(value))
        ]
    if isinstance(node, list):
        return [found for item in node for found in story_sources(item)]
    return []


def test_two_sources_on_one_site_are_told_apart(example_app: Flask) -> None:
    """A story's sources read "Quellen: berlin.de, berlin.de" for two different pages."""
    http = example_app.test_client(use_cookies=False)
    for site in explore.sites(example_app.extensions["akteursgraph.store"], "de"):
        story = http.get(
            "/" + site["iri"].split("/mitte/", 1)[1] + ".json", headers={"Accept-Language": "de"}
        ).get_json()["entity"]["story"]
        if not story:
            continue
        lists = [c.get("sources", []) for c in story["chapters"]]
        lists += [p.get("sources", []) for p in story.get("honoured", [])]
        for sources in lists:
            shown = [s["site"] for s in sources]
            assert len(shown) == len(set(shown)), (site["iri"], shown)
        # Across the whole story one text names one address (audit: two steps' single
        # sources both read "berlin.de" and led to two articles), and one address one text.
        texts: dict[str, set[str]] = {}
        addresses: dict[str, set[str]] = {}
        for src in story_sources(story):
            texts.setdefault(src["site"], set()).add(src["iri"])
            addresses.setdefault(src["iri"], set()).add(src["site"])
        assert all(len(v) == 1 for v in texts.values()), (site["iri"], texts)
        assert all(len(v) == 1 for v in addresses.values()), (site["iri"], addresses)


def test_the_pages_of_namings_of_one_name_have_titles_of_their_own(client: FlaskClient) -> None:
    """Four pages were titled "Petersallee" (the 1939 and 1986 namings of two streets that
    were one): a title names the naming's site and its time (WCAG 2.4.2)."""
    http = client
    titles = {}
    for slug in ("anna-mungunda-allee-1939", "anna-mungunda-allee-1986",
                 "maji-maji-allee-1939", "maji-maji-allee-1986"):  # fmt: skip
        page = http.get(f"/naming/{slug}", headers={"Accept-Language": "de"})
        title = re.search(r"<title>([^<]*)</title>", page.get_data(as_text=True))
        assert title, slug
        titles[slug] = title.group(1)
    assert len(set(titles.values())) == 4, titles
    assert titles["maji-maji-allee-1939"].startswith(
        "Petersallee – Benennung von Maji-Maji-Allee, 15. März 1939 – 23. Juli 1986"
    )


def test_a_namings_step_names_its_naming_kind_and_who_acted_under_its_heading(
    example_app: Flask,
) -> None:
    """A step's page said only its title and "Wann: im April 2018" outside the statements
    table: which renaming it belongs to and who acted were in "Alle Aussagen" alone
    (exploratory test)."""
    http = example_app.test_client(use_cookies=False)
    path = "/naming-step/cornelius-fredericks-strasse-committee-2018"
    facts = http.get(path + ".json").get_json()["entity"]["facts"]
    assert [f["value_label"] for f in facts["step_of"]] == ["Cornelius-Fredericks-Straße"]
    assert [f["value_label"] for f in facts["happened"]] == ["Ausschussempfehlung"]
    assert [f["value_label"] for f in facts["involved"]] == [
        "Bezirksverordnetenversammlung Mitte von Berlin"
    ]
    page = http.get(path, headers={"Accept-Language": "de"}).get_data(as_text=True)
    listed = page.split('<dl class="facts">', 1)[1].split("</dl>", 1)[0]
    assert "<dt>Schritt von</dt>" in listed and "<dt>Beteiligt</dt>" in listed
    # "Art" is the events' list filter for the kind of entry: what happened is said apart
    assert "<dt>Was geschah</dt>" in listed and "<dt>Art</dt>" not in listed
