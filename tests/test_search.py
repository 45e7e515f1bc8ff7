"""The search index (graph/search.py) on the shipped example data.

The spelling cases are the ones people type: "Strasse" for Straße, "Luederitz" and
"Luderitz" for Lüderitz, a former street name, an accent left out, a name in Arabic script.
No data is added for them: every case is a real label of the example data.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from akteursgraph.errors import UsageError
from akteursgraph.explore import KINDS
from akteursgraph.namespaces import FOAF, RDF_TYPE, SKOS, VCARD
from akteursgraph.search import (
    SCORE_ALT_EXACT,
    SCORE_LABEL_EXACT,
    SearchIndex,
    fold,
    fold_umlauts,
    group_by_kind,
)
from akteursgraph.search.query_words import FILLER_WORDS
from akteursgraph.store import Store

from .example_people import example_person

BASE = "https://w3id.org/akteursgraph/mitte/"
AMO_STRASSE = BASE + "site/anton-wilhelm-amo-strasse"
FREDERICKS_STRASSE = BASE + "site/cornelius-fredericks-strasse"
LUEDERITZ = BASE + "person/adolf-luederitz"
MANGA_BELL_PLATZ = BASE + "site/manga-bell-platz"
ELTERNVEREIN = BASE + "example/organisation/deutsch-arabischer-elternverein-moabit"
SPRACHCAFE = BASE + "example/organisation/sprachcafe-turmstrasse"


@pytest.fixture(scope="module")
def index(store: Store) -> SearchIndex:
    return SearchIndex.build(store)


def iris(index: SearchIndex, text: str, lang: str = "de", **kwargs: object) -> list[str]:
    return [r["iri"] for r in index.search(text, lang, **kwargs)]  # type: ignore[arg-type]


def test_folding() -> None:
    assert fold("Straße") == "strasse"
    assert fold("Müller") == "muller" and fold_umlauts("Müller") == "mueller"
    assert fold("Café") == "cafe"
    assert fold("Aydın") == "aydin"
    assert fold("Lüderitzstraße") == "luderitzstrasse"
    assert fold_umlauts("Lüderitzstraße") == "luederitzstrasse"


def test_strasse_finds_strasse(index: SearchIndex) -> None:
    found = index.search("Strasse", "de")
    assert AMO_STRASSE in [r["iri"] for r in found]
    amo = next(r for r in found if r["iri"] == AMO_STRASSE)
    assert amo["label"] == "Anton-Wilhelm-Amo-Straße" and amo["matched"] == "label"
    assert amo["kind"] == "sites"
    assert iris(index, "straße") == iris(index, "STRASSE") == iris(index, "Strasse")


@pytest.mark.parametrize("spelling", ["Lüderitz", "Luederitz", "Luderitz", "lüderitz", "LUDERITZ"])
def test_umlaut_spellings_find_luederitz(index: SearchIndex, spelling: str) -> None:
    found = index.search(spelling, "de")
    assert found[0]["iri"] == LUEDERITZ
    assert found[0]["label"] == "Adolf Lüderitz"
    # Lüderitzstraße, the former name of Cornelius-Fredericks-Straße, by word prefix.
    site = next(r for r in found if r["iri"] == FREDERICKS_STRASSE)
    assert site["matched"] == "naming"


def test_muller_and_mueller_find_the_same(index: SearchIndex) -> None:
    # The data's "Müller" is Müllerstraße, named in descriptions of the Afrikanisches Viertel.
    muller, mueller = set(iris(index, "Muller")), set(iris(index, "Mueller"))
    assert muller and muller == mueller == set(iris(index, "Müller"))
    assert BASE + "site/infostele-afrikanisches-viertel" in muller


def test_former_street_name_finds_the_site(index: SearchIndex) -> None:
    found = index.search("Mohrenstrasse", "de")
    assert found[0]["iri"] == AMO_STRASSE
    assert found[0]["matched"] == "naming"
    assert found[0]["score"] >= SCORE_ALT_EXACT
    assert index.search("Nachtigalplatz", "en")[0]["iri"] == MANGA_BELL_PLATZ


def test_a_hit_by_another_or_a_former_name_says_which(index: SearchIndex) -> None:
    """ "Manga-Bell-Platz – Gefunden über: Früherer Name" named no name: the page shows a
    hit by its own name, so the other or former name that matched is given."""
    [hit] = [
        h for h in index.explained("Nachtigalplatz", "de")["hits"] if h["iri"] == MANGA_BELL_PLATZ
    ]
    assert hit["why"] == [{"field": "naming", "value": "Nachtigalplatz"}]
    own = index.explained("Manga-Bell-Platz", "de")["hits"][0]
    assert own["why"][0] == {"field": "label", "value": None}  # shown already


def test_accents_are_optional(index: SearchIndex) -> None:
    assert SPRACHCAFE in iris(index, "cafe")
    assert SPRACHCAFE in iris(index, "Café")
    assert example_person("Elif Aydın") in iris(index, "Aydin")


def test_other_languages_and_scripts(index: SearchIndex) -> None:
    # An Arabic altLabel: "جمعية أولياء الأمور الألمانية العربية في موابيت".
    found = index.search("جمعية", "de")
    assert [r["iri"] for r in found] == [ELTERNVEREIN]
    assert found[0]["matched"] == "alt_label"
    assert found[0]["label"] == "Deutsch-Arabischer Elternverein Moabit e.V. (Beispiel)"
    # Hamza and other signs are folded: the plain spelling finds the full one.
    assert ELTERNVEREIN in iris(index, "اولياء")
    # A French altLabel: "Forum des femmes de Sénégambie".
    senegambie = iris(index, "senegambie")
    assert senegambie == iris(index, "Sénégambie")
    assert BASE + "example/organisation/frauenforum-senegambia-wedding" in senegambie


def test_ranking_exact_prefix_words_alt_description(index: SearchIndex) -> None:
    found = index.search("Manga-Bell-Platz", "de")
    assert found[0]["iri"] == MANGA_BELL_PLATZ
    assert found[0]["score"] >= SCORE_LABEL_EXACT
    scores = [r["score"] for r in found]
    assert scores == sorted(scores, reverse=True)
    # Exact label first, then labels that begin with the words, then labels with them.
    manga = index.search("manga bell", "de")
    assert manga[0]["iri"] == MANGA_BELL_PLATZ  # label prefix
    assert {r["matched"] for r in manga} >= {"label", "description"}
    wedding = index.search("Wedding", "de")
    assert wedding[0]["iri"] == BASE + "place/wedding" and wedding[0]["kind"] == "other"
    by_field = {r["matched"]: r["score"] for r in wedding}
    assert by_field["label"] > by_field["description"]


def test_a_name_typed_without_its_first_word_stands_above_longer_names_holding_it(
    index: SearchIndex,
) -> None:
    """Staff walk: "Straßennamen neu lesen" listed seven cooperations whose long names hold
    the initiative's name before "Initiative Straßennamen neu lesen" itself (same score,
    then alphabetically). A label the query's words make up at least half of, in a row,
    ranks above labels that merely hold them; words out of order do not count."""
    initiative = BASE + "example/organisation/initiative-strassennamen-neu-lesen"
    found = index.search("Straßennamen neu lesen", "de")
    assert len(found) > 3 and found[0]["iri"] == initiative, found[:3]
    assert found[0]["score"] > found[1]["score"] and found[1]["matched"] == "label"
    shuffled = index.search("lesen Straßennamen neu", "de")
    assert {r["score"] for r in shuffled if r["matched"] == "label"} == {found[1]["score"]}


def test_a_part_of_a_compound_finds_it_below_the_word_itself(index: SearchIndex) -> None:
    """Issue: "Rundgang" did not find "Stadtrundgang": only word beginnings were matched, and
    German joins words into one."""
    found = index.explained("Rundgang", "de", limit=100)["hits"]
    labels = [h["label"] for h in found]
    assert "Stadtrundgang" in labels
    own = next(h for h in found if h["label"].startswith("Fortbildung: Rundgang"))
    inner = next(h for h in found if h["label"] == "Stadtrundgang")
    assert own["score"] > inner["score"] > SCORE_ALT_EXACT  # both labels, the word's own first
    assert inner["why"] == [{"field": "label", "value": None}]
    # Three letters are not looked for inside words: "art" would find "Partnerschaften".
    assert "Partnerschaften" not in [h["label"] for h in index.search("art", "de", limit=500)]
    assert "Partnerschaften" in [h["label"] for h in index.search("artnerschaft", "de")]


@pytest.mark.parametrize(
    ("typed", "iri"),
    [
        ("Mangabellplatz", MANGA_BELL_PLATZ),
        ("Corneliusfredericksstrasse", FREDERICKS_STRASSE),
        ("Afrikanischesviertel", BASE + "place/afrikanisches-viertel"),
    ],
)
def test_a_name_typed_as_one_word_finds_it_first(index: SearchIndex, typed: str, iri: str) -> None:
    """Issue: "Mangabellplatz", as people type it, found nothing (nor suggested anything)."""
    found = index.explained(typed, "de")
    assert found["hits"][0]["iri"] == iri, found["hits"][:3]
    assert found["hits"][0]["score"] >= SCORE_LABEL_EXACT - 2
    assert found["hits"][0]["why"] == [{"field": "label", "value": None}]


def test_the_parts_of_a_name_typed_as_one_word_begin_words_as_typed_words_do(
    index: SearchIndex,
) -> None:
    """ "Mangabellplatz" found Emily Duala Manga Bell only through her English description
    ("Manga-Bell-Platz"), said "Beschreibung (auf Englisch)": its parts had to be whole
    words, and her German one has "Manga-Bell-Platzes". Each part now begins a word, as
    the words of "Manga Bell Platz" do."""
    emily = BASE + "person/emily-duala-manga-bell"
    hits = index.explained("Mangabellplatz", "de", limit=100)["hits"]
    found = next(h for h in hits if h["iri"] == emily)
    assert {"field": "description", "value": None} in found["why"], found
    assert not any("lang" in why for why in found["why"]), found
    apart = {h["iri"] for h in index.explained("Manga Bell Platz", "de", limit=100)["hits"]}
    assert {h["iri"] for h in hits} == apart


@pytest.mark.parametrize(
    ("joined", "apart"),
    [
        ("Kolonialgeschichtebildung", "Kolonialgeschichte Bildung"),  # 3 against 14
        ("Afrikanischesviertel", "Afrikanisches Viertel"),  # the German "Afrikanischen Viertel"
        ("Globaleslernen", "Globales Lernen"),  # 17 against 19
        # A filler run in is left out, as typed apart (re-check: 3 against 6, "für" found
        # "Further training").
        ("Referentinfürkolonialgeschichte", "Referentin Kolonialgeschichte"),
        # A part with a German ending, and a last part that only begins words (re-check:
        # each found nothing).
        ("Projektewedding", "Projekte Wedding"),
        ("Workshopskolonial", "Workshops Kolonial"),
        ("Mangabel", "Manga Bel"),
        ("Weddingprojekte", "Wedding Projekte"),  # the last part with its ending (re-check)
        # A word's stem run into the next ("koloniale"): each had found nothing.
        ("Kolonialberlin", "Kolonial Berlin"),
        ("Kolonialworkshops", "Kolonial Workshops"),
    ],
)
@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_word_run_together_finds_what_its_parts_typed_apart_find(
    index: SearchIndex, joined: str, apart: str, lang: str
) -> None:
    """Re-check: the parts had to begin words of one text, and were not stemmed. A topic and
    a format of a speaker, each a text of its own, were found typed apart only; the German
    name "Workshop: Koloniale Spuren im Afrikanischen Viertel" was found by its English
    one, "Gefunden über: Name (auf Englisch)". Now the parts are searched as typed apart:
    the same hits, for the same reasons."""

    def found(text: str) -> set[tuple[str, str]]:
        return {(h["iri"], repr(h["why"])) for h in index.explained(text, lang, limit=500)["hits"]}

    assert found(joined) == found(apart)


def test_a_word_run_together_is_explained_as_its_parts_typed_apart(index: SearchIndex) -> None:
    """A word run together was searched as its parts, but the page said nothing of them: no
    part searched by its stem, no filler left out, and no query with a part left out where
    nothing has all of them ("Klimagerechtigkeitwedding" offered nothing at all). The parts
    are named as typed, "ß" and all."""
    joined = index.explained("Kolonialworkshops", "de")
    assert joined["stemmed"] == [{"typed": "workshops", "as": "Workshop"}]
    assert index.explained("Referentinfürkolonialgeschichte", "de")["ignored"] == ["für"]
    fewer = index.explained("Klimagerechtigkeitwedding", "de")
    assert fewer["total"] == 0
    apart = index.explained("Klimagerechtigkeit wedding", "de")["fewer_words"]
    assert fewer["fewer_words"] == apart and len(apart) == 2, fewer
    sharp = index.explained("Straßenumbenennungwedding", "de")["fewer_words"]
    assert {f["query"] for f in sharp} == {"Straßenumbenennung", "wedding"}, sharp


def test_a_short_piece_of_a_word_is_not_offered_alone(index: SearchIndex) -> None:
    """ "Straßenumbenenung", a typo read as "Straßenumbenen" and "ung", offered "ung" alone,
    which found what begins so ("Ungleichheit"); likewise "che", "det", "hit" of other
    typos. A part of one word run together is offered alone only with five letters or more
    (or as a whole word of four); the longer part stays offered."""
    for typed, kept in (("Straßenumbenenung", "Straßenumbenen"), ("Unsicherhit", "Unsicher")):
        offered = [f["query"] for f in index.explained(typed, "de")["fewer_words"]]
        assert offered == [kept], (typed, offered)


def test_a_beginning_run_into_a_word_is_offered_apart(index: SearchIndex) -> None:
    """ "Klimaworkshops" and "Klimawedding" found nothing and offered nothing: "klima" only
    begins words ("Klimagerechtigkeit"), so they were not read as words run together. Where
    nothing is found, such a word is offered typed apart, as "Klima workshops" finds 8; and
    where that finds nothing either, the query with a part left out, as typed apart."""
    joined = index.explained("Klimaworkshops", "de")
    assert joined["total"] == 0
    assert [s["query"] for s in joined["suggestions"]] == ["Klima workshops"], joined
    assert index.explained("Klima workshops", "de")["total"] > 0
    wedding = index.explained("Klimawedding", "de")
    assert wedding["total"] == 0 and not wedding["suggestions"], wedding
    apart = index.explained("Klima wedding", "de")["fewer_words"]
    assert wedding["fewer_words"] == apart and len(apart) == 2, wedding
    # Among other words too, each such word, as typed apart (re-check: "Klimaworkshops
    # Wedding" offered only "Wedding", "Klimaworkshops Klimawedding" nothing).
    for joined, apart in (
        ("Klimaworkshops Wedding", "Klima workshops Wedding"),
        ("Klimaworkshops Klimawedding", "Klima workshops Klima wedding"),
        ("Klimawedding Moabit", "Klima wedding Moabit"),
    ):
        offers = index.explained(joined, "de")
        expected = index.explained(apart, "de")
        assert offers["fewer_words"] and offers["fewer_words"] == expected["fewer_words"], joined
    # A typo of a word that only a description holds is no beginning and a word:
    # "Zwangsumsiedlung" without its "m" was offered "Zwangsu siedlung".
    typo = index.explained("Zwangsusiedlung", "de")
    assert not typo["suggestions"] and not typo["fewer_words"], typo


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_word_run_together_is_offered_what_its_parts_typed_apart_are(
    index: SearchIndex, lang: str
) -> None:
    """Re-check: spelling read a word run together as one unknown word. "Kinderwedding" was
    offered "Keine Wedding" (10 organisations, none about children), "Moabitkinder"
    "Moabitli der", and the query with a part left out never came. Now it is offered what
    its parts typed apart are."""
    for joined, apart in [
        ("Kinderwedding", "Kinder wedding"),
        ("Moabitkinder", "Moabit kinder"),
        ("Undoderfür", "Und oder für"),  # only fillers: nothing
    ]:
        found = index.explained(joined, lang)
        typed = index.explained(apart, lang)
        assert found["suggestions"] == typed["suggestions"] == [], (joined, found["suggestions"])
        assert found["fewer_words"] == typed["fewer_words"], joined
    assert {f["query"] for f in index.explained("Kinderwedding", lang)["fewer_words"]} == {
        "Kinder",
        "wedding",
    }


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Gesundehit", "Gesundheit"),  # re-check: "gesunde" and "hit" were left out apart
        ("Brandenurg", "Brandenburg"),
        ("Bezirkamt", "Bezirksamt"),
    ],
)
def test_a_typo_read_as_words_run_together_is_still_offered_its_spelling(
    index: SearchIndex, typed: str, meant: str
) -> None:
    """Re-check: with a word run together offered what its parts are, a typo that reads as
    a word and a word's beginning ("gesunde", "hit") was offered only those parts, left out
    in turn, no longer the word it misspells."""
    found = index.explained(typed, "de")
    assert found["total"] == 0
    assert [s["query"] for s in found["suggestions"]][:1] == [meant], found["suggestions"]
    # Nor does the page say a part was searched by its stem ("Gesunde" as "Gesund").
    assert found["stemmed"] == [], found["stemmed"]


def test_a_word_run_together_that_finds_something_keeps_the_notes_of_its_parts(
    index: SearchIndex,
) -> None:
    """Re-check: "Frauenvereine" (4 hits) is spelt like "Frauenrechte", and so was kept whole
    for the page's notes, as a typo is: "vereine" was no longer said to be searched as
    "Verein", though typed apart it is."""
    joined = index.explained("Frauenvereine", "de")
    assert joined["total"] > 0
    assert joined["stemmed"] == [{"typed": "vereine", "as": "Verein"}], joined["stemmed"]


def test_a_filler_is_cut_out_of_a_word_only_between_whole_words(index: SearchIndex) -> None:
    """Re-check: "Klimagesundbrunnen" was cut as "klimages", "und", "brunnen" ("klimage"
    begins "Klimagerechtigkeit"), and the page said "und" was left out and "Klimages"
    searched as "Klimage". The typos "widersand" and "fuerhungen" were offered "widers
    and", "für hungen"; "Klimagerechts" still finds climate justice by its stem."""
    joined = index.explained("Klimagesundbrunnen", "de")
    assert joined["ignored"] == [] and joined["stemmed"] == [], joined
    for typo in ("widersand", "fuerhungen", "maiingliste"):
        offered = [s["query"] for s in index.explained(typo, "de")["suggestions"]]
        assert not any(set(fold(s).split()) & FILLER_WORDS for s in offered), offered
    assert index.explained("Klimagerechts", "de")["total"] >= 10


def test_fewer_words_leave_out_a_word_as_typed_not_a_part_of_one(index: SearchIndex) -> None:
    """Re-check: "children wedding" offered "child ren" (one part of "children" left out)
    where it had offered "wedding" and "children"; "Mangabellplatz Klimagerechtigkeit"
    offered only "Manga bell platz". ("children" alone finds nothing since "child" is not
    found inside "Schilder": it is not offered.)"""

    def offered(text: str, lang: str) -> set[str]:
        return {f["query"] for f in index.explained(text, lang)["fewer_words"]}

    assert offered("children wedding", "en") == {"wedding"}
    assert offered("Mangabellplatz Klimagerechtigkeit", "de") == {
        "Mangabellplatz",
        "Klimagerechtigkeit",
    }


def test_fewer_words_are_offered_for_queries_of_at_most_eight_words(index: SearchIndex) -> None:
    """Each word left out is a search of its own: sixteen one-letter words took 0.7 s of
    the search's 0.85 s at the 1M district, while every other search waited (walk). Up to
    `FEWER_MOST` words a word left out is still offered; beyond, none."""
    from akteursgraph.search.suggestions import FEWER_MOST

    words = "Dachverband afrikanischer Vereine Berlin Brandenburg Teil Gedenkort Enthüllung"
    for n in (FEWER_MOST, FEWER_MOST + 1):
        text = " ".join([*words.split()[: n - 1], "zzzq"])
        found = index.explained(text, "de")
        assert found["total"] == 0
        offered = [f["left_out"] for f in found["fewer_words"]]
        assert offered == (["zzzq"] if n <= FEWER_MOST else []), (n, offered)


def test_a_stem_that_lost_an_umlaut_is_named_as_the_data_writes_it(index: SearchIndex) -> None:
    """ "Vorträge" was said to be searched as "Vorträg", the typed word cut at the stem's
    length; it is searched as "vortrag"."""
    assert index.explained("Vorträge", "de")["stemmed"] == [{"typed": "Vorträge", "as": "Vortrag"}]
    # A stem that keeps its umlaut and only descriptions have stays as typed (re-check: the
    # index's "abhangigkeit").
    assert index.explained("Abhängigkeitn", "de")["stemmed"] == [
        {"typed": "Abhängigkeitn", "as": "Abhängigkeit"}
    ]


def test_a_typo_in_a_word_run_together_with_an_ending_is_mended(index: SearchIndex) -> None:
    """ "Weddnigprojekte" offered nothing: a part had to be a word of a name as it stands,
    and "projekte" is one only by its stem, as it is when typed apart ("Weddnig
    projekte" offers "Wedding projekte")."""
    offered = [s["query"] for s in index.explained("Weddnigprojekte", "de")["suggestions"]]
    assert offered[:1] == ["Wedding projekte"], offered
    assert index.explained(offered[0], "de")["total"] > 0


def test_a_word_run_together_with_a_typo_keeps_the_letters_typed(index: SearchIndex) -> None:
    """ "GerechtigVorträge" was offered "Gerechtigkeit vortrage": the part read beside the
    mended one was put in as the index folds it, "ä" and capital lost. It stays as typed
    where no name writes it; a part a name writes is put in as the name writes it."""
    for typed, offer in (
        ("GerechtigVorträge", "Gerechtigkeit Vorträge"),
        ("Mangabelplatz", "Manga Bell Platz"),
    ):
        offered = [s["query"] for s in index.explained(typed, "de")["suggestions"]]
        assert offered[:1] == [offer], (typed, offered)
        assert index.explained(offer, "de")["total"] > 0


def test_a_linked_concept_found_by_its_name_in_another_language_says_that_name(
    index: SearchIndex,
) -> None:
    """ "Fortbildung" on the English page found the speakers "because" of "Format:
    Training", the format's English name, which does not hold the word. The reason now
    gives the name that matched, marked with its language; on the German page the
    format's own name stands as before."""
    english = [w for h in index.explained("Fortbildung", "en", limit=100)["hits"] for w in h["why"]]
    formats = [w for w in english if w["field"] == "format"]
    assert formats and all(
        w == {"field": "format", "value": "Fortbildung", "lang": "de"} for w in formats
    ), formats
    german = [w for h in index.explained("Fortbildung", "de", limit=100)["hits"] for w in h["why"]]
    assert {"field": "format", "value": "Fortbildung"} in german


def test_a_linked_concept_found_by_another_of_its_names_says_that_name(index: SearchIndex) -> None:
    """Exploratory test: "Kolonial" found a speaker by the format's other name
    "postkolonialer Stadtrundgang", and the German page said "Gefunden über: Format:
    Stadtrundgang", a name without the word (her topics have nothing colonial)."""
    [amani] = [
        h for h in index.explained("Kolonial", "de", limit=500)["hits"] if "Amani" in h["label"]
    ]
    assert amani["why"] == [{"field": "format", "value": "postkolonialer Stadtrundgang"}]


def test_a_word_is_not_found_inside_the_words_of_an_english_text_on_a_german_page(
    index: SearchIndex,
) -> None:
    """ "Mitte" found "Ausschussempfehlung" by its English name "Committee recommendation",
    above the district's organisations, said to be "Gefunden über: Name" (exploratory
    test). On the English page English words are searched inside too: "cultural" finds
    "Intercultural opening", "faith" the "Interfaith Dialogue Circle"."""
    labels = [h["label"] for h in index.explained("Mitte", "de", limit=500)["hits"]]
    assert labels and not any("mpfehlung" in x for x in labels), labels
    english = [h["label"] for h in index.explained("cultural", "en", limit=500)["hits"]]
    assert any(x.startswith("Intercultural opening") for x in english), english
    assert any("Interfaith" in h["label"] for h in index.explained("faith", "en")["hits"])


@pytest.mark.parametrize(
    ("typed", "suggested", "iri"),
    [
        ("Mangabelplatz", "Manga Bell Platz", MANGA_BELL_PLATZ),
        ("Corneliusfredricksstrasse", "Cornelius Fredericks Straße", FREDERICKS_STRASSE),
    ],
)
def test_a_name_typed_as_one_word_with_a_typo_is_suggested(
    index: SearchIndex, typed: str, suggested: str, iri: str
) -> None:
    """Exploratory test: "Mangabelplatz" (one word, one "l") found nothing and suggested
    nothing: no single word of the index is near a whole street name. It is read as the
    name's words run together, the mistyped one mended, and the suggestion finds the site."""
    found = index.explained(typed, "de")
    assert found["hits"] == []
    assert found["suggestions"][0]["query"] == suggested, found["suggestions"]
    assert index.search(suggested, "de")[0]["iri"] == iri
    # A word that reads as nothing at all still suggests nothing.
    assert index.explained("Qzxwvplatzqq", "de")["suggestions"] == []


def test_a_suggested_word_does_not_say_its_typed_neighbour_again(index: SearchIndex) -> None:
    """ "Nachtigall Platz" was offered "Nachtigalplatz Platz": the word put in for
    "Nachtigall" holds "Platz" already. The neighbour goes; each suggestion finds the site."""
    found = index.explained("Nachtigall Platz", "de")
    queries = [s["query"] for s in found["suggestions"]]
    assert "Nachtigalplatz" in queries and "Nachtigalplatz Platz" not in queries, queries
    for query in queries:
        assert MANGA_BELL_PLATZ in iris(index, query), query


def test_a_word_with_a_gender_mark_is_shown_again_as_written(index: SearchIndex) -> None:
    """A suggestion read "Migrantinnenorganisation in Wedding", and "with fewer words"
    offered "Migrantinnenorganisationen": without its star the word means female migrants
    only, a spelling the data never uses. The data's and the query's words keep it."""
    # (a typo: "Migrantenorganisationen" is now searched as its singular, a word of the
    # index, and with every word known the query is offered fewer words instead)
    found = index.explained("Migrantenorganisatonen in Wedding", "de")
    assert [s["query"] for s in found["suggestions"]] == ["Migrant*innenorganisation in Wedding"]
    # (with Wedding the plural, searched as its singular, now finds six)
    fewer = index.explained("Migrant*innenorganisationen Fairtrade", "de")["fewer_words"]
    assert "Migrant*innenorganisationen" in [f["query"] for f in fewer], fewer


def test_topics_lead_to_their_entities(index: SearchIndex) -> None:
    found = index.search("Kolonialgeschichte", "de")
    assert found[0]["kind"] == "topics"
    assert any(r["matched"] == "topic" for r in found)


def test_a_speaker_is_found_by_the_region_of_her_profile(store: Store, index: SearchIndex) -> None:
    """A search for "Referentin Nordafrika" gives the speakers with that regional focus on
    their public profile, each saying it matched by the region (the speaker directory
    filters by it as well)."""
    wanted = {
        row["person"].value
        for row in store.select(
            "SELECT ?person WHERE { ?person ag:hasSpeakerProfile ?p . "
            "?p ag:regionalFocus <https://w3id.org/akteursgraph/vocab/region/north-africa> }",
            public_only=True,
        )
    }
    assert wanted  # the example data has such speakers
    hits = index.explained("Referentin Nordafrika", "de")["hits"]
    assert {h["iri"] for h in hits} == wanted
    for hit in hits:
        assert {"field": "region", "value": "Nordafrika"} in hit["why"]
    english = index.explained("speaker North Africa", "en")["hits"]
    assert {h["iri"] for h in english} == wanted


@pytest.mark.parametrize(("code", "language"), [("ar", "Arabisch"), ("fr", "Französisch")])
def test_a_language_code_beside_other_words_finds_what_its_name_does(
    index: SearchIndex, code: str, language: str
) -> None:
    """ "ar" alone found the Arabic-speaking speakers by their language's code, and
    "Referentin" found them by their role, but "Referentin ar" found none of them: a word of
    two letters did not count across texts (exploratory test). As a whole word it does."""
    by_name = {h["iri"] for h in index.explained(f"Referentin {language}", "de")["hits"]}
    assert by_name
    found = index.explained(f"Referentin {code}", "de")["hits"]
    assert {h["iri"] for h in found} == by_name
    for hit in found:
        assert {"field": "language", "value": language} in hit["why"]
    # and beside a topic (where "fr" also begins words of texts holding both: "Freundeskreis")
    colonial = {h["iri"] for h in index.explained(f"Kolonialgeschichte {language}", "de")["hits"]}
    assert colonial
    by_code = index.explained(f"{code} Kolonialgeschichte", "de")["hits"]
    assert colonial <= {h["iri"] for h in by_code}


def test_speakers_are_found_by_the_plural_the_english_interface_calls_them(
    index: SearchIndex,
) -> None:
    """The English navigation says "Speakers": "speakers French" found none of the speakers
    that "speaker French" found (exploratory test); so for "Experten"."""
    singular = {h["iri"] for h in index.explained("speaker French", "en")["hits"]}
    assert singular
    assert {h["iri"] for h in index.explained("speakers French", "en")["hits"]} == singular
    assert {h["iri"] for h in index.explained("Experten Französisch", "de")["hits"]} == singular


@pytest.mark.parametrize(
    ("plural", "singular"),
    [("Veranstaltungen", "Veranstaltung"), ("Kooperationen", "Kooperation"),
     ("Projekte", "Projekt"), ("Workshops", "Workshop"), ("Vorträge", "Vortrag"),
     ("Fortbildungen", "Fortbildung"), ("Initiativen", "Initiative")],
)  # fmt: skip
def test_a_plural_finds_what_its_singular_finds(
    index: SearchIndex, plural: str, singular: str
) -> None:
    """Office staff type plurals, the lists' own names among them: "Veranstaltungen" found
    nothing and was offered "Verantwortung", where "Veranstaltung" finds 16 events; so for
    "Kooperationen" (offered "Koordination") and "Projekte" (exploratory test)."""
    found = index.explained(singular, "de")
    assert found["total"] > 0
    plural_found = index.explained(plural, "de")
    assert plural_found["total"] == found["total"]
    assert [h["iri"] for h in plural_found["hits"]] == [h["iri"] for h in found["hits"]]
    assert [h["why"] for h in plural_found["hits"]][:3] == [h["why"] for h in found["hits"]][:3]
    assert not plural_found["suggestions"]
    assert iris(index, plural) == iris(index, singular)


def test_a_stem_is_a_word_of_the_index_or_long_enough_to_begin_words(
    index: SearchIndex,
) -> None:
    """The plural of a word of the index finds what the word finds ("Organisationen", in
    five texts, found five of the 48 organisations; exploratory test). A stem that only
    begins words stands for a word found nowhere when it has five letters: "Chile" without
    its "e" began "children" and found the "Schilder" of sign unveilings; "Rose" is not
    searched as "Ros". The page is told which words lost an ending ("Hansen" as "Hans")."""
    for plural, singular in (("Vereine", "Verein"), ("Organisationen", "Organisation"),
                             ("Netzwerke", "Netzwerk"), ("Stadtführungen", "Stadtführung"),
                             ("Vortraege", "Vortrag")):  # fmt: skip
        assert index.explained(plural, "de")["total"] == index.explained(singular, "de")["total"]
    assert index.explained("Chile", "de")["total"] == 0
    assert index.explained("Rose", "de")["total"] == 0
    assert index.explained("Hansen", "de")["stemmed"] == [{"typed": "Hansen", "as": "Hans"}]
    assert index.explained("Projekte", "de")["stemmed"] == [{"typed": "Projekte", "as": "Projekt"}]
    assert index.explained("Verein", "de")["stemmed"] == []


def test_a_word_is_found_inside_words_from_their_third_letter_on(
    index: SearchIndex,
) -> None:
    """ "children", read as "child" and "ren", found the sign unveiling of
    Cornelius-Fredericks-Straße: "child" inside its "Schilderenthüllung" (s-child-er), "ren"
    beginning its English "Renaming" (exploratory test). One letter before a word makes no
    compound. The compound that is one stays found: "Rundgang" finds "Stadtrundgang"."""
    for lang in ("de", "en"):
        found = index.explained("children", lang)
        assert found["total"] == 0
        assert [f["query"] for f in found["fewer_words"]] == ["child"]
        child = [h["iri"] for h in index.explained("child", lang)["hits"]]
        assert child and not any("naming-step" in iri for iri in child)
        assert index.explained("schilder", lang)["total"] > 0
    assert index.explained("Rundgang", "de")["total"] > 0
    assert any(
        "Stadtrundgang" in str(h["label"]) or "Stadtrundgänge" in str(h["label"])
        for h in index.explained("Rundgang", "de")["hits"]
    )


def test_a_word_found_by_its_stem_is_no_typo(index: SearchIndex) -> None:
    """ "Kinder Wedding" was offered "Keine Wedding": "Kinder", found by its stem alone, was
    mended as a typo (exploratory test). It is offered fewer words instead."""
    found = index.explained("Kinder Wedding", "de")
    assert found["suggestions"] == []
    assert "Wedding" in [f["query"] for f in found["fewer_words"]]


@pytest.mark.parametrize("query", ["SDG 13", "SDG13", "Ziel 13"])
def test_a_goal_is_found_by_its_number(index: SearchIndex, query: str) -> None:
    """The office and the BVV name the goals by number, as the home page's links do ("SDG
    13"): the search found nothing for it (exploratory test)."""
    hits = index.explained(query, "de")["hits"]
    assert [h["iri"] for h in hits][:1] == ["http://metadata.un.org/sdg/13"]


def test_types_filter_and_kinds(index: SearchIndex) -> None:
    people = index.search("Manga Bell", "de", types=["people"])
    assert people and {r["kind"] for r in people} == {"people"}
    assert {r["kind"] for r in index.search("a", "de", limit=500)} <= {*KINDS, "other"}
    assert set(index.kinds()) >= set(KINDS)
    with pytest.raises(UsageError):
        index.search("x", "de", types=["unicorns"])
    results = index.search("Manga Bell", "de")
    groups = group_by_kind(results)
    order = [*KINDS, "other"]
    assert list(groups) == sorted(groups, key=order.index)
    assert {"people", "sites"} <= set(groups)
    assert sum(len(g) for g in groups.values()) == len(results)


def test_label_in_the_readers_language(index: SearchIndex) -> None:
    de = index.search("Koordinationsstelle", "de")[0]
    en = index.search("Koordinationsstelle", "en")[0]
    assert de["iri"] == en["iri"]
    assert de["label"] == "Koordinationsstelle für kommunale Entwicklungspolitik"
    assert en["label"] == "Coordination Office for Municipal Development Policy"


def test_empty_and_limits(index: SearchIndex) -> None:
    assert index.search("", "de") == []
    assert index.search("  ,;  ", "de") == []
    assert index.search("zzzqqq", "de") == []
    assert len(index.search("a", "de", limit=3)) == 3


def test_internal_data_is_not_searchable(store: Store, index: SearchIndex) -> None:
    public_subjects = {q.subject for q in store.dump_quads(public_only=True)}
    hidden: set[str] = set()
    words: set[str] = set()
    for graph in store.named_graphs():
        if not graph.startswith(store.internal_prefix):
            continue
        for q in store.quads(graph=ox.NamedNode(graph)):
            is_person = q.predicate.value == RDF_TYPE and q.object.value == FOAF + "Person"
            if is_person and q.subject not in public_subjects:
                hidden.add(q.subject.value)
            if q.predicate.value == VCARD + "hasEmail":
                words.add(q.object.value.removeprefix("mailto:").split("@")[0])
    for graph in store.named_graphs():
        for q in store.quads(predicate=ox.NamedNode(SKOS + "prefLabel"), graph=ox.NamedNode(graph)):
            if q.subject.value in hidden and q.object.language == "de":
                words.add(q.object.value.removesuffix(" (Beispielperson)"))
    assert hidden and words
    for word in words:
        assert not set(iris(index, word, limit=1000)) & hidden, word
    assert not any(r["iri"] in hidden for r in index.search("Beispielperson", "de", limit=10_000))


def test_a_rebuilt_index_answers_the_same(store: Store, index: SearchIndex) -> None:
    """Building is deterministic: a second build holds the same texts and ranks alike.

    How fast the index builds and answers is measured by the benchmark (graph/bench/run.py,
    `search_build_s` and the search timings at 1M triples), not asserted here: a wall-clock
    limit in a test fails on a busy machine and says nothing on a fast one."""
    again = SearchIndex.build(store)
    assert len(again) == len(index) and again.text_count == index.text_count
    assert again.kinds() == index.kinds()
    for text in ("Strasse", "a", "Kolonialgeschichte", "manga bell", "Luederitz"):
        assert again.search(text, "de") == index.search(text, "de"), text


def test_entities_with_the_same_topics_share_one_set(index: SearchIndex) -> None:
    """The index keeps one set per combination of topics and one string per language tag,
    not one per entity and text (at the 1M district 53,156 sets of 5,388 kinds and 203,779
    tags of three: 34 MiB)."""
    docs = [d for d in index._docs if d is not None and d.topics]
    objects: dict[frozenset[str], set[int]] = {}
    for doc in docs:
        objects.setdefault(doc.topics, set()).add(id(doc.topics))
    assert len(docs) > len(objects)  # the example has entities with the same topics
    assert all(len(ids) == 1 for ids in objects.values())
    tags = [tag for tag in index._entry_lang if tag]
    assert len({id(tag) for tag in tags}) == len(set(tags)) >= 2


def test_a_vocabulary_term_is_shown_by_its_label_and_not_found_by_it(index: SearchIndex) -> None:
    """The class TrainingOffer, found by its other name "Fortbildung", was shown as
    "TrainingOffer" (exploratory test): it is shown by its rdfs:label. That label finds
    nothing: found by it, the ontology's classes and properties stood above every other
    hit for "Name" or "Referentin"."""
    for query, lang, shown in (("Fortbildung", "de", "Bildungsangebot"),
                               ("Training", "en", "Training offer")):  # fmt: skip
        other = [h["label"] for h in index.explained(query, lang, limit=300)["hits"]
                 if h["kind"] == "other"]  # fmt: skip
        assert shown in other and "TrainingOffer" not in other, other
    labels = [h["label"] for h in index.explained("Referentin", "de", limit=300)["hits"]]
    assert "Referent*innenprofil" not in labels and "Bildungsangebot" not in labels
    assert (
        index.explained("Bildungsangebot", "de")["total"]
        == index.explained("Bildungsangebot", "de", types=["events"])["total"]
    )  # the class is no hit of its own by its label


def test_a_reason_says_when_only_a_text_in_another_language_held_the_word(
    index: SearchIndex,
) -> None:
    """Walk: on the English page "Kolonialgeschichte Wedding" found "Friends of the Wouri"
    "by: Description", whose English text, the one the page shows, holds neither word: the
    German one held "Kolonialgeschichte". The reason names that text's language."""
    wouri = BASE + "example/organisation/freundeskreis-wouri"

    def why(lang: str) -> list[dict[str, object]]:
        hits = index.explained("Kolonialgeschichte", lang, limit=200)["hits"]
        return next(h for h in hits if h["iri"] == wouri)["why"]

    assert why("en") == [{"field": "description", "value": None, "lang": "de"}]
    assert why("de") == [{"field": "description", "value": None}]


def test_a_filler_written_without_its_umlaut_is_left_out_too(index: SearchIndex) -> None:
    """Re-check: "Referentin fuer Kolonialgeschichte" found 1 where "für" finds 6: "fuer"
    was searched."""
    typed = index.explained("Referentin fuer Kolonialgeschichte", "de", limit=100)
    written = index.explained("Referentin für Kolonialgeschichte", "de", limit=100)
    assert typed["ignored"] == ["fuer"]
    assert [h["iri"] for h in typed["hits"]] == [h["iri"] for h in written["hits"]]


@pytest.mark.parametrize(
    ("sentence", "words", "lang"),
    [
        ("Referentin zum Thema Kolonialgeschichte", "Referentin Kolonialgeschichte", "de"),
        ("Referentin im Bereich Kolonialgeschichte", "Referentin Kolonialgeschichte", "de"),
        ("Referentin, die Französisch spricht", "Referentin Französisch", "de"),
        ("speaker on colonial history who speaks French", "speaker colonial history French",
         "en"),
    ],
)  # fmt: skip
def test_a_query_written_as_a_sentence_finds_what_its_words_find(
    index: SearchIndex, sentence: str, words: str, lang: str
) -> None:
    """Exploratory test: everyday wording found nothing ("Referentin zum Thema
    Kolonialgeschichte": 0 hits, where "Referentin Kolonialgeschichte" finds 6), and the
    first "fewer words" offer dropped "Referentin"."""
    said = index.explained(sentence, lang, limit=100)
    wanted = index.explained(words, lang, limit=100)
    assert wanted["total"] > 0
    assert [h["iri"] for h in said["hits"]] == [h["iri"] for h in wanted["hits"]]


def test_a_typo_is_not_taken_for_beginnings_run_together(index: SearchIndex) -> None:
    """Only the last part of a word run together may be a word's beginning: with every part
    so, "Franzosich" found a speaker by "franzo" and "sich" and offered no "Französisch"."""
    found = index.explained("Franzosich", "de")
    assert found["total"] == 0
    assert [s["query"] for s in found["suggestions"]][:1] == ["Französisch"]


def test_a_query_longer_than_a_search_reads_is_refused_naming_the_limit(
    index: SearchIndex,
) -> None:
    """JSON twins walk: a query of 400 words took 12 s, and every other visitor's search
    waited for it. A search reads at most 16 words and 200 characters."""
    sixteen = " ".join(["Verein"] * 15 + ["Wedding"])
    assert index.explained(sixteen, "de")["total"] >= 0
    assert index.search(sixteen, "de") is not None
    for text in (sixteen + " Moabit", "Kolonialgeschichte " * 11):
        for ask in (index.explained, index.search):
            with pytest.raises(UsageError) as refused:
                ask(text, "de")
            assert refused.value.where == "q"
            assert "höchstens 16 Wörter und 200 Zeichen" in refused.value.de
            assert "at most 16 words and 200 characters" in refused.value.en
