"""Edit forms from the shapes (issue 14, item 2): the form model, typed inputs, saving
through review, the shapes' messages next to their fields, conflicts (item 4)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from akteursgraph.changes import History, drafts, publish
from akteursgraph.commit import Writer
from akteursgraph.forms import (
    EditConflict,
    FormRejected,
    Submission,
    load_forms,
    parse_date,
    plain,
    read_current,
    save,
    version_of,
)
from akteursgraph.forms.values import InputProblem
from akteursgraph.languages import common_languages, language_code, language_shown
from akteursgraph.namespaces import AG, FOAF, ORG, SCHEMA, SKOS, XSD
from akteursgraph.resources import ontology_dir, shapes_dir
from akteursgraph.store import Store

from .conftest import dump

ORGANISATION = ORG + "Organization"
EXORG = "https://w3id.org/akteursgraph/mitte/example/organisation/"
AFGHAN = EXORG + "afghanische-frauenwerkstatt-tiergarten"
NORD = EXORG + "afrodeutsche-studierendeninitiative-nord"
TOPIC = "https://w3id.org/akteursgraph/vocab/topic/"
KIND = "https://w3id.org/akteursgraph/vocab/organisation-kind/"


@pytest.fixture
def writer(example_store_path: Path) -> Iterator[Writer]:
    with Store.open(example_store_path) as store:
        yield Writer(store)


def _new_organisation(**extra: list[str]) -> Submission:
    values = {
        "skos-prefLabel@de": ["Verein Neue Brücke"],
        "skos-prefLabel@en": ["New Bridge Association"],
        "org-classification": [KIND + "migrant-organisation"],
        "dcterms-subject": [TOPIC + "education", TOPIC + "youth"],
        "schema-foundingDate": ["2024"],
        **extra,
    }
    return Submission(values, comment="new in the district")


# ---- the form model ------------------------------------------------------------------------


def test_the_organisation_form_has_a_field_per_path_with_its_widget_and_labels() -> None:
    form = load_forms().forms[ORGANISATION]
    label = form.field(SKOS + "prefLabel")
    assert label is not None and label.widget == "lang-text" and label.required
    assert label.unique_lang and label.label["de"] == "Bezeichnung"
    # Four named property shapes on one path merged into one field, with all their messages.
    assert any("Deutscher Name" in m for m in label.messages["de"])
    founding = form.field(SCHEMA + "foundingDate")
    assert founding is not None and founding.widget == "date" and founding.max_count == 1
    assert set(founding.datatypes) == {XSD + "date", XSD + "gYearMonth", XSD + "gYear"}
    assert founding.label == {"de": "Gründungsdatum", "en": "founding date"}
    kinds = form.field(ORG + "classification")
    assert kinds is not None and kinds.widget == "concept" and kinds.required
    assert kinds.scheme == "https://w3id.org/akteursgraph/vocab/organisation-kinds"
    topics = form.field("dcterms-subject")
    assert topics is not None and topics.scheme == "https://w3id.org/akteursgraph/vocab/topics"
    assert topics.repeatable and not topics.required
    homepage = form.field("foaf-homepage")
    assert homepage is not None and homepage.widget == "iri"
    # The fields' names are plain words in both languages, each beginning with a capital
    # (the vocabulary's labels read inside a sentence: "spricht", "other label").
    names = {f.path: (f.text("de"), f.text("en")) for f in form.fields}
    assert names[ORG + "classification"] == ("Art der Organisation", "Type of organisation")
    assert names[SKOS + "altLabel"] == ("Andere Bezeichnung", "Other label")
    assert names[SKOS + "prefLabel"] == ("Bezeichnung", "Label")
    assert names["http://purl.org/dc/terms/subject"] == ("Thema", "Topic")
    assert names["http://xmlns.com/foaf/0.1/homepage"] == ("Website", "Website")
    speaks = form.field("schema-knowsLanguage")
    assert speaks is not None and (speaks.text("de"), speaks.text("en")) == ("Spricht", "Speaks")
    parent = form.field(ORG + "unitOf")
    assert parent is not None and parent.widget == "link" and parent.max_count == 1
    # What the form leaves to other pages is said, not dropped in silence.
    assert form.field(SCHEMA + "address") is None
    assert SCHEMA + "address" in load_forms().skipped


def test_a_subclass_gets_its_superclass_shapes_and_people_skip_consent_and_contact() -> None:
    models = load_forms()
    person = models.forms[FOAF + "Person"]
    assert person.field(AG + "publicationConsent") is None
    assert person.field("vcard-hasEmail") is None
    historical = models.forms[AG + "HistoricalPerson"]
    source = historical.field("dcterms-source")
    assert source is not None and source.required  # its own shape
    assert historical.field("foaf-givenName") is not None  # from foaf:Person's shape
    assert "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement" not in models.forms


def test_a_property_shape_added_to_the_shapes_folder_appears_as_a_field(tmp_path: Path) -> None:
    folder = tmp_path / "shapes"
    shutil.copytree(shapes_dir(), folder)
    before = load_forms(folder, ontology_dir())
    assert before.forms[ORGANISATION].field(SCHEMA + "email") is None
    (folder / "extra.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix schema: <https://schema.org/> .\n"
        "<https://example.org/shapes#Motto> a sh:NodeShape ; sh:targetClass org:Organization ;\n"
        "  sh:property [ sh:path schema:slogan ; sh:minCount 1 ; sh:maxCount 3 ;\n"
        "    sh:datatype xsd:string ;\n"
        '    sh:message "Motto fehlt."@de, "Motto missing."@en ] .\n',
        encoding="utf-8",
    )
    after = load_forms(folder, ontology_dir())
    motto = after.forms[ORGANISATION].field(SCHEMA + "slogan")
    assert motto is not None and motto.widget == "text" and motto.required
    assert motto.max_count == 3 and motto.messages["de"] == ["Motto fehlt."]
    assert load_forms().forms[ORGANISATION].field(SCHEMA + "slogan") is None  # per folder


# ---- inputs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "datatype"),
    [
        ("1998", "1998", "gYear"),
        ("2019-03", "2019-03", "gYearMonth"),
        ("3.2019", "2019-03", "gYearMonth"),
        ("2019-03-12", "2019-03-12", "date"),
        ("12.3.2019", "2019-03-12", "date"),
        ("2024-02-29", "2024-02-29", "date"),
    ],
)
def test_dates_are_typed_by_what_is_written(text: str, value: str, datatype: str) -> None:
    assert parse_date(text) == ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


@pytest.mark.parametrize("text", ["2019-02-30", "2023-02-29", "2019-13", "31.04.2020"])
def test_a_date_that_does_not_exist_is_refused_with_a_clear_message(text: str) -> None:
    with pytest.raises(InputProblem) as caught:
        parse_date(text)
    assert "gibt es nicht" in caught.value.problem.de
    assert "does not exist" in caught.value.problem.en


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("13.2019", "Den Monat „13.2019“ gibt es nicht (Monate 1 bis 12"),
        ("1850-00", "Den Monat „1850-00“ gibt es nicht"),
        ("0000", "Das Jahr „0000“ gibt es nicht (auf 1 v. Chr. folgt 1 n. Chr.)."),
        ("31.04.2020", "Den Tag „31.04.2020“ gibt es nicht"),
    ],
)
def test_a_date_that_does_not_exist_is_named_as_what_it_is(text: str, said: str) -> None:
    """Staff walk: "13.2019" and "1850-00" were said to be days that do not exist (they are
    months), and "0000" was taken as a founding year."""
    with pytest.raises(InputProblem) as caught:
        parse_date(text)
    assert caught.value.problem.de.startswith(said), caught.value.problem.de


def test_plain_messages_name_no_technical_terms() -> None:
    labels = load_forms().term_labels
    de = plain(
        "schema:foundingDate: höchstens ein Gründungsdatum, als xsd:date, xsd:gYearMonth "
        "oder xsd:gYear.", "de", labels,
    )  # fmt: skip
    assert de == "Höchstens ein Gründungsdatum, als Tag, Monat oder Jahr."
    en = plain(
        "Kind of organisation missing or not a concept (org:classification -> skos:Concept "
        "of agv:organisation-kinds).", "en", labels,
    )  # fmt: skip
    assert en == "Kind of organisation missing or not a concept."
    assert plain("Deutscher Name (skos:prefLabel mit @de) fehlt.", "de", labels) == (
        "Deutscher Name fehlt."
    )
    sdg = "ag:sdg verweist auf ein UN-Nachhaltigkeitsziel (http://metadata.un.org/sdg/1 bis /17)."
    expected = "„Nachhaltigkeitsziel“ verweist auf ein UN-Nachhaltigkeitsziel."
    assert plain(sdg, "de", labels) == expected
    named = plain("Name fehlt: Jede Ressource braucht einen Eintrag im Feld skos:prefLabel.",
                  "de", labels)  # fmt: skip
    assert named == "Name fehlt: Jede Ressource braucht einen Eintrag im Feld „Bezeichnung“."


# ---- saving --------------------------------------------------------------------------------


def test_a_new_organisation_is_a_draft_with_a_readable_iri_in_the_workspace_graph(
    writer: Writer,
) -> None:
    models = load_forms()
    before = dump(writer.store)
    saved = save(writer, models, models.forms[ORGANISATION], _new_organisation(), author="eve")
    assert saved.draft and saved.iri.endswith("/organisation/verein-neue-bruecke")
    assert dump(writer.store) == before  # a draft: nothing in the store yet
    publish(writer, saved.change_id, reviewer="rita")
    graph = ox.NamedNode(writer.store.graph_iri("public/workspace"))
    node = ox.NamedNode(saved.iri)
    got = {(q.predicate.value, q.object) for q in writer.store.quads(node, None, None, graph)}
    assert (
        SCHEMA + "foundingDate",
        ox.Literal("2024", datatype=ox.NamedNode(XSD + "gYear")),
    ) in got
    assert (ORG + "classification", ox.NamedNode(KIND + "migrant-organisation")) in got
    assert {o for p, o in got if p.endswith("/subject")} == {
        ox.NamedNode(TOPIC + "education"), ox.NamedNode(TOPIC + "youth")
    }  # fmt: skip
    record = History(writer.store.path).get(saved.change_id)
    assert (record.origin, record.author, record.comment) == ("form", "eve", "new in the district")
    # The same name again gets the next free IRI.
    again = save(writer, models, models.forms[ORGANISATION], _new_organisation(), author="eve")
    assert again.iri.endswith("/organisation/verein-neue-bruecke-2")


def test_a_new_person_gets_an_opaque_iri_and_stays_internal(writer: Writer) -> None:
    models = load_forms()
    person = models.forms[FOAF + "Person"]
    values = {"skos-prefLabel@de": ["Amara Okafor"], "foaf-givenName": ["Amara"]}
    saved = save(writer, models, person, Submission(values), author="eve")
    assert "/person/p-" in saved.iri and "amara" not in saved.iri.lower()
    # Internal only (no consent yet): nothing public, so it applies at once.
    assert not saved.draft
    graphs = {q.graph_name.value for q in writer.store.quads(ox.NamedNode(saved.iri))}
    assert graphs == {writer.store.graph_iri("internal/workspace")}


def test_editing_replaces_only_the_fields_values_where_they_stand(writer: Writer) -> None:
    models = load_forms()
    form = models.forms[ORGANISATION]
    current = read_current(writer.store, form, AFGHAN)
    values = {}
    for f in form.fields:
        if f.widget == "lang-text":
            for tag in ("de", "en"):
                values[f"{f.key}@{tag}"] = current.values(f, tag)
        else:
            values[f.key] = current.values(f)
    values["schema-foundingDate"] = ["2013-05"]
    version = version_of(writer, AFGHAN)
    saved = save(
        writer, models, form, Submission(values, version=version), author="eve", iri=AFGHAN
    )
    record = History(writer.store.path).get(saved.change_id)
    assert (record.added, record.removed) == (1, 1)  # only the founding date
    publish(writer, saved.change_id, reviewer="rita")
    node, founding = ox.NamedNode(AFGHAN), ox.NamedNode(SCHEMA + "foundingDate")
    [q] = list(writer.store.quads(node, founding))
    assert q.object == ox.Literal("2013-05", datatype=ox.NamedNode(XSD + "gYearMonth"))
    assert q.graph_name.value.endswith("/graph/public/example")
    # The Persian alternative label is not one of the form's languages: it stays.
    alt = {q.object for q in writer.store.quads(node, ox.NamedNode(SKOS + "altLabel"))}
    assert any(o.language == "fa" for o in alt)


def test_an_impossible_date_and_a_missing_field_come_back_next_to_their_fields(
    writer: Writer,
) -> None:
    models = load_forms()
    form = models.forms[ORGANISATION]
    before = dump(writer.store)
    submission = _new_organisation(
        **{"schema-foundingDate": ["2019-02-30"], "org-classification": []}
    )
    with pytest.raises(FormRejected) as caught:
        save(writer, models, form, submission, author="eve")
    problems = caught.value.problems
    founding = [p.de for p in problems.fields["schema-foundingDate"]]
    # Said once, as what it is: the shape's judgement on the same value added "Höchstens
    # ein Gründungsdatum, als Tag, Monat oder Jahr.", a rule of one date, of which there
    # was one (workspace walk).
    assert founding == [
        "Den Tag „2019-02-30“ gibt es nicht (z. B. kein 30. Februar, kein 13. Monat)."
    ]
    kinds = [p.de for p in problems.fields["org-classification"]]
    assert kinds == ["Art der Organisation fehlt oder ist kein Begriff."]
    assert all("xsd:" not in m for ms in problems.fields.values() for p in ms for m in (p.de, p.en))
    assert dump(writer.store) == before and drafts(writer.store.path) == []


def test_a_topic_of_another_scheme_is_refused_by_the_shapes(writer: Writer) -> None:
    models = load_forms()
    submission = _new_organisation(**{"dcterms-subject": [KIND + "initiative"]})
    with pytest.raises(FormRejected) as caught:
        save(writer, models, models.forms[ORGANISATION], submission, author="eve")
    assert "dcterms-subject" in caught.value.problems.fields


def test_cooperates_with_creates_a_cooperation_with_both_partners(writer: Writer) -> None:
    models = load_forms()
    submission = _new_organisation(**{"cooperates-with": [NORD]})
    saved = save(writer, models, models.forms[ORGANISATION], submission, author="eve")
    publish(writer, saved.change_id, reviewer="rita")
    partner = ox.NamedNode(AG + "partner")
    [cooperation] = {q.subject for q in writer.store.quads(None, partner, ox.NamedNode(saved.iri))}
    partners = {q.object.value for q in writer.store.quads(cooperation, partner)}
    assert partners == {saved.iri, NORD}
    assert "/cooperation/kooperation-verein-neue-bruecke-und-" in cooperation.value


# ---- conflicts -----------------------------------------------------------------------------


def _edit(writer: Writer, founding: str, version: str, author: str) -> object:
    models = load_forms()
    form = models.forms[ORGANISATION]
    current = read_current(writer.store, form, NORD)
    values = {}
    for f in form.fields:
        if f.widget == "lang-text":
            for tag in ("de", "en"):
                values[f"{f.key}@{tag}"] = current.values(f, tag)
        else:
            values[f.key] = current.values(f)
    values["schema-foundingDate"] = [founding]
    return save(writer, models, form, Submission(values, version=version), author=author, iri=NORD)


def test_a_waiting_draft_of_another_person_is_a_conflict_with_both_versions(
    writer: Writer,
) -> None:
    version = version_of(writer, NORD)
    first = _edit(writer, "2020", version, "eve")
    before = dump(writer.store)
    with pytest.raises(EditConflict) as caught:
        _edit(writer, "2019", version, "otto")
    conflict = caught.value
    assert conflict.waiting == [(first.change_id, "eve")]  # type: ignore[attr-defined]
    assert conflict.theirs.values["schema-foundingDate"] == ["2020"]
    assert conflict.yours.values["schema-foundingDate"] == ["2019"]
    assert "Entwurf von eve" in conflict.de
    assert dump(writer.store) == before and len(drafts(writer.store.path)) == 1


def test_an_entity_changed_since_the_form_was_opened_is_a_conflict(writer: Writer) -> None:
    opened = version_of(writer, NORD)
    first = _edit(writer, "2020", opened, "eve")
    publish(writer, first.change_id, reviewer="rita")  # type: ignore[attr-defined]
    with pytest.raises(EditConflict) as caught:
        _edit(writer, "2019", opened, "otto")
    assert caught.value.now == first.change_id  # type: ignore[attr-defined]
    assert caught.value.theirs.values["schema-foundingDate"] == ["2020"]
    # Whose change it met is said (it said only "changed"; two-editors walk).
    assert [c.id for c in caught.value.since] == [first.change_id]  # type: ignore[attr-defined]
    assert caught.value.since[0].author == "eve" and caught.value.since[0].reviewer == "rita"
    assert "seit das Formular geöffnet wurde, zuletzt von eve (" in caught.value.de
    assert f"({first.change_id})" in caught.value.de and "last by eve (" in caught.value.en  # type: ignore[attr-defined]
    # Started again from the current version, the edit goes through.
    again = _edit(writer, "2019", version_of(writer, NORD), "otto")
    assert again.draft  # type: ignore[attr-defined]


def _as_shown(writer: Writer, iri: str) -> dict[str, list[str]]:
    form = load_forms().forms[ORGANISATION]
    current = read_current(writer.store, form, iri)
    values: dict[str, list[str]] = {}
    for f in form.fields:
        if f.widget == "lang-text":
            for tag in ("de", "en"):
                values[f"{f.key}@{tag}"] = current.values(f, tag)
        else:
            values[f.key] = current.values(f)
    return values


def test_saving_an_unchanged_form_records_nothing(writer: Writer) -> None:
    models = load_forms()
    before = len(History(writer.store.path).entity(NORD))
    submission = Submission(_as_shown(writer, NORD), version=version_of(writer, NORD))
    saved = save(writer, models, models.forms[ORGANISATION], submission, author="eve", iri=NORD)
    assert saved.unchanged and saved.change_id is None
    assert len(History(writer.store.path).entity(NORD)) == before


def test_a_link_to_the_wrong_kind_of_entry_is_refused_next_to_its_field(writer: Writer) -> None:
    models = load_forms()
    values = _as_shown(writer, NORD)
    values["org-unitOf"] = [TOPIC + "education"]  # a topic, not an organisation
    submission = Submission(values, version=version_of(writer, NORD))
    with pytest.raises(FormRejected) as caught:
        save(writer, models, models.forms[ORGANISATION], submission, author="eve", iri=NORD)
    [problem] = caught.value.problems.fields["org-unitOf"]
    assert problem.de.startswith("Höchstens eine übergeordnete Organisation")
    assert "org:" not in problem.de and "org:" not in problem.en


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Französisch", "fr"), ("French", "fr"), ("franz.", "fr"), ("fr", "fr"),
        ("türkisch", "tr"), ("Farsi", "fa"), ("Paschto", "ps"), ("pt-BR", "pt-BR"),
        # its own name, and names without accents, as search takes them
        ("français", "fr"), ("Francais", "fr"), ("franzosisch", "fr"), ("Türkçe", "tr"),
        ("العربية", "ar"), ("Kiswahili", "sw"),
        ("Quatsch", None), ("", None),
    ],
)  # fmt: skip
def test_a_language_by_its_name_or_its_code(text: str, code: str | None) -> None:
    assert language_code(text) == code


def test_every_language_a_form_shows_by_name_reads_back_as_its_code() -> None:
    """Saving an edit form unchanged must not change a language: each listed code is shown
    by a name that means that code again."""
    for code in common_languages():
        for lang in ("de", "en"):
            assert language_code(language_shown(code, lang)) == code, (code, lang)
    assert language_shown("de", "de") == "Deutsch" and language_shown("de", "en") == "German"


def test_the_language_fields_are_found_by_the_shapes_pattern() -> None:
    """The forms know a language field by the shapes' sh:pattern for codes: if the shapes'
    pattern changed, the fields would silently fall back to plain text."""
    forms = load_forms().forms
    speaks = forms[ORGANISATION].field("schema-knowsLanguage")
    in_language = forms["https://schema.org/Event"].field("schema-inLanguage")
    assert speaks is not None and speaks.widget == "language"
    assert in_language is not None and in_language.widget == "language"
