"""The workspace's edit forms in the real app (issue 14, items 2 and 4): create, edit,
messages next to their fields, type-ahead and its fallback, conflicts."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from akteursgraph.changes import drafts, publish, reject
from akteursgraph.changes.revert import revert
from akteursgraph.commit import Writer
from akteursgraph.errors import UsageError
from akteursgraph.forms.model import load_forms
from akteursgraph.namespaces import AG, SKOS
from akteursgraph.resources import shapes_dir

from .conftest import login, run_cli
from .kern_controls import not_kern

EXORG = "https://w3id.org/akteursgraph/mitte/example/organisation/"
NORD = EXORG + "afrodeutsche-studierendeninitiative-nord"
MAGHREB = EXORG + "maghreb-bruecke-moabit"
TOPIC = "https://w3id.org/akteursgraph/vocab/topic/"
KIND = "https://w3id.org/akteursgraph/vocab/organisation-kind/"


def _token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the form carries no CSRF token"
    return found.group(1)


def _form_values(page: str) -> dict[str, list[str]]:
    """The values a browser would send for the form on `page` (text, hidden, checked,
    selected), so an edit test changes one field and keeps the rest as shown."""
    values: dict[str, list[str]] = {}
    for tag in re.findall(r"<input\b[^>]*>", page, flags=re.S):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        if kind and kind.group(1) == "checkbox" and "checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        values.setdefault(html.unescape(name.group(1)), []).append(
            html.unescape(value.group(1)) if value else ""
        )
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, flags=re.S):
        chosen = re.findall(r'<option value="([^"]*)" selected>', body)
        values.setdefault(name, []).extend(html.unescape(c) for c in chosen)
    return values


def _opened_by_two_editors(
    app: Flask, iri: str
) -> tuple[tuple[FlaskClient, dict[str, list[str]]], tuple[FlaskClient, dict[str, list[str]]]]:
    """Two editors ("editor", "otto") with the form of `iri` open, each with its values: the
    start of a conflict."""
    opened = []
    for client in (
        login(app.test_client(), "editor"),
        login(app.test_client(), "editor", name="otto"),
    ):
        page = client.get("/workspace/edit", query_string={"iri": iri}).get_data(as_text=True)
        opened.append((client, _form_values(page)))
    return opened[0], opened[1]


def _form_values_with_texts(page: str) -> dict[str, list[str]]:
    """`_form_values` and the text areas too (descriptions, notes), as a browser sends them:
    without them a save removes the entry's descriptions."""
    values = _form_values(page)
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        values.setdefault(html.unescape(name), []).append(html.unescape(text))
    return values


def _new_organisation(client: FlaskClient, **changes: list[str]) -> tuple[int, str, str]:
    page = client.get("/workspace/new/organisations").get_data(as_text=True)
    data: dict[str, list[str] | str] = {
        "csrf_token": _token(page),
        "version": "",
        "skos-prefLabel@de": ["Neue Brücke Mitte e.V."],
        "skos-prefLabel@en": ["New Bridge Mitte"],
        "org-classification": [KIND + "migrant-organisation", KIND + "registered-association"],
        "dcterms-subject": [TOPIC + "education", TOPIC + "youth"],
        "schema-foundingDate": ["2024-05"],
        "cooperates-with": [NORD, ""],
        "cooperates-with-q": ["Afrodeutsche Studierendeninitiative Nord (Beispiel)", ""],
        "comment": "neu gegründet",
        **changes,
    }
    response = client.post("/workspace/new/organisations", data=data)
    return (
        response.status_code,
        response.headers.get("Location", ""),
        response.get_data(as_text=True),
    )


def _iri_from(location: str) -> str:
    found = re.search(r"iri=([^&]+)", location)
    assert found, location
    from urllib.parse import unquote

    return unquote(found.group(1))


def _change_from(location: str) -> str:
    found = re.search(r"change=([^&]+)", location)
    assert found, location
    return found.group(1)


def test_the_form_is_german_first_with_required_marks_help_and_labels(
    make_app: Callable[..., Flask],
) -> None:
    client = login(make_app().test_client(), "editor")
    page = client.get("/workspace/new/organisations").get_data(as_text=True)
    assert 'name="csrf_token"' in page
    assert "Bezeichnung" in page and "Gründungsdatum" in page and "Art der Organisation" in page
    assert 'name="skos-prefLabel@de"' in page and 'name="skos-prefLabel@en"' in page
    # Required marks and help from the ontology's comment of the property.
    assert re.search(r"Art der Organisation\s*<span class=\"required\"", page)
    assert 'id="ag-district-help"' in page
    # Topics are the concepts of the topics scheme, nothing else.
    assert f'value="{TOPIC}education"' in page and f'value="{KIND}initiative"' in page
    subjects = re.findall(r'name="dcterms-subject" value="([^"]+)"', page)
    assert subjects and all(s.startswith(TOPIC) for s in subjects)
    assert "schema:" not in re.sub(r"<[^>]+>", "", page)  # no technical term in the text
    # The comment is stopped at the length a change set takes while it is typed, rather
    # than refused with the form (the write path's `check_comment`).
    assert re.search(r'<textarea[^>]*name="comment"[^>]*maxlength="2000"', page)
    imports = client.get("/workspace/import").get_data(as_text=True)
    assert re.search(r'<input[^>]*name="comment"[^>]*maxlength="2000"', imports)


def test_a_persons_form_links_to_the_person_page_with_consent_and_contact_data(
    make_app: Callable[..., Flask],
) -> None:
    """Exploratory walk: the form said consent and contact data are "on the person page",
    and nothing linked to it (only the erasure page's "Cancel"): staff had to type its
    address. A person's form links to it; an organisation's does not."""
    from .example_people import example_person

    client = login(make_app().test_client(), "editor")
    person = example_person("Amani Njeri")
    page = client.get("/workspace/edit", query_string={"iri": person}).get_data(as_text=True)
    link = re.search(r'<a class="kern-link" href="([^"]+)" id="person-page-link">([^<]+)</a>', page)
    assert link is not None and link.group(2) == "Einwilligungen und Kontaktdaten dieser Person"
    target = client.get(html.unescape(link.group(1)))
    assert target.status_code == 200 and "Einwilligung" in target.get_data(as_text=True)
    org = "https://w3id.org/akteursgraph/mitte/organisation/berlin-postkolonial"
    page = client.get("/workspace/edit", query_string={"iri": org}).get_data(as_text=True)
    assert 'id="person-page-link"' not in page


def _organisation_drafted(make_app: Callable[..., Flask]) -> tuple[Writer, FlaskClient, str]:
    """An app with an editor who saved the new organisation as a draft: its writer, the
    editor's client and the address of the saved page."""
    app = make_app()
    editor = login(app.test_client(), "editor")
    status, location, body = _new_organisation(editor)
    assert status == 303, body
    return app.extensions["akteursgraph.writer"], editor, location


def test_an_editor_creates_an_organisation_with_topics_and_a_cooperation_then_corrects_it(
    make_app: Callable[..., Flask],
) -> None:
    writer, editor, location = _organisation_drafted(make_app)
    iri = _iri_from(location)
    assert iri.endswith("/organisation/neue-bruecke-mitte-e-v")
    saved = editor.get(location).get_data(as_text=True)
    assert "Entwurf" in saved  # saved as a draft for review
    # named as its page will name it, not by its address ("neue-bruecke-mitte-e-v")
    assert "„Neue Brücke Mitte e.V.“ wurde als Entwurf gespeichert" in html.unescape(saved)
    assert editor.get("/organisation/neue-bruecke-mitte-e-v").status_code == 404  # not yet public
    publish(writer, _change_from(location), reviewer="rita")
    public = editor.get("/organisation/neue-bruecke-mitte-e-v").get_data(as_text=True)
    assert "Neue Brücke Mitte e.V." in public and "Afrodeutsche Studierendeninitiative" in public
    found = editor.get("/search?q=Neue+Br%C3%BCcke").get_data(as_text=True)
    assert "Neue Brücke Mitte e.V." in found

    # Correct the founding date: the form shows the current values and changes one.
    page = editor.get("/workspace/edit", query_string={"iri": iri}).get_data(as_text=True)
    values = _form_values(page)
    assert values["schema-foundingDate"][0] == "2024-05"
    assert sorted(v for v in values["dcterms-subject"] if v) == [
        TOPIC + "education", TOPIC + "youth"
    ]  # fmt: skip
    values["schema-foundingDate"] = ["12.05.2024"]
    response = editor.post("/workspace/edit", data=values)
    assert response.status_code == 303, response.get_data(as_text=True)
    record = writer.history.get(_change_from(response.headers["Location"]))
    assert (record.added, record.removed, record.origin) == (1, 1, "form")
    publish(writer, record.id, reviewer="rita")
    public = editor.get("/organisation/neue-bruecke-mitte-e-v").get_data(as_text=True)
    assert "2024-05-12" in public or "12.05.2024" in public or "12. Mai 2024" in public


def test_a_date_field_asks_a_phone_for_no_keyboard_without_its_separators(
    make_app: Callable[..., Flask],
) -> None:
    """A date is typed "2019-03" or "12.03.2019": a phone's numeric keyboard (inputmode
    numeric) has neither "-" nor "." (exploratory walk)."""
    editor = login(make_app().test_client(), "editor")
    page = editor.get("/workspace/new/organisations").get_data(as_text=True)
    field = re.search(r'<input [^>]*name="schema-foundingDate"[^>]*>', page)
    assert field and 'type="text"' in field.group(0)
    assert "inputmode" not in field.group(0)


def test_a_rejected_new_entry_is_named_by_its_name_in_the_lists_of_changes(
    make_app: Callable[..., Flask],
) -> None:
    """A new organisation's draft, once rejected, was "neue bruecke mitte e v" on the start
    page and in the list of all changes (a name made of its address): its name stood only in
    the draft's statements, which were read for drafts alone (exploratory walk)."""
    writer, editor, location = _organisation_drafted(make_app)
    change = _change_from(location)
    reject(writer.history, change, reviewer="reviewer", comment="gibt es schon")
    for path in ("/workspace/", "/workspace/history"):
        page = html.unescape(editor.get(path).get_data(as_text=True))
        row = next(r for r in re.findall(r"<tr.*?</tr>", page, re.S) if "abgelehnt" in r.lower())
        assert "Neue Brücke Mitte e.V." in row, (path, row)
        assert "neue bruecke" not in row


def test_an_editor_corrects_her_own_draft_before_review_and_one_publication_shows_all(
    make_app: Callable[..., Flask],
) -> None:
    """Issue 14, journey 1 in its order: add, correct the founding date, ONE publication."""
    app = make_app()
    writer = app.extensions["akteursgraph.writer"]
    store_path = app.extensions["akteursgraph.store"].path
    editor = login(app.test_client(), "editor")
    status, location, _ = _new_organisation(editor)
    assert status == 303, _
    iri, first = _iri_from(location), _change_from(location)

    # She opens her own new entry before review: the form shows her draft's values and says so.
    page = editor.get("/workspace/edit", query_string={"iri": iri})
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Ihr Entwurf vom" in body and "wartet noch auf Prüfung; Sie bearbeiten ihn" in body
    # its time in words, as the other staff pages say times (it read "vom 2026-12-01 21:07 UTC")
    assert re.search(r"Ihr Entwurf vom \d{1,2}\. [A-ZÄÖÜ][a-zä]+ 20\d\d, \d\d:\d\d UTC", body)
    values = _form_values(body)
    assert values["schema-foundingDate"][0] == "2024-05"
    assert values["skos-prefLabel@de"] == ["Neue Brücke Mitte e.V."]
    assert sorted(v for v in values["dcterms-subject"] if v) == [
        TOPIC + "education", TOPIC + "youth"
    ]  # fmt: skip
    assert "Afrodeutsche Studierendeninitiative Nord" in body  # the cooperation of the draft
    assert editor.get("/organisation/neue-bruecke-mitte-e-v").status_code == 404
    values["schema-foundingDate"] = ["12.05.2024"]
    values["comment"] = ["Gründungsdatum korrigiert"]
    response = editor.post("/workspace/edit", data=values)
    assert response.status_code == 303, response.get_data(as_text=True)
    second = _change_from(response.headers["Location"])
    assert second != first
    saved = editor.get(response.headers["Location"]).get_data(as_text=True)
    assert "Er ersetzt Ihren früheren Entwurf" in saved

    # Still one draft in the queue, holding the organisation, its cooperation and the
    # corrected date, and nothing of the first date.
    [waiting] = drafts(store_path)
    assert waiting["id"] == second
    added, removed = writer.history.payload(second)
    assert removed == b""
    text = added.decode()
    assert '"2024-05-12"^^<http://www.w3.org/2001/XMLSchema#date>' in text
    assert '"2024-05"^^' not in text
    assert "Neue Brücke Mitte e.V." in text and f"<{NORD}>" in text  # and its cooperation
    assert writer.history.get(first).status == "superseded"
    reviewer = login(app.test_client(), "reviewer", name="rita")
    queue = reviewer.get("/workspace/review").get_data(as_text=True)
    assert second in queue and first not in queue

    with pytest.raises(UsageError, match="not a draft"):  # the old draft is not publishable
        publish(writer, first, reviewer="rita")
    publish(writer, second, reviewer="rita")
    public = editor.get("/organisation/neue-bruecke-mitte-e-v").get_data(as_text=True)
    assert "Neue Brücke Mitte e.V." in public and "Afrodeutsche Studierendeninitiative" in public
    assert "2024-05-12" in public or "12.05.2024" in public or "12. Mai 2024" in public
    # The form now opens on the store alone: no draft of hers waits.
    again = editor.get("/workspace/edit", query_string={"iri": iri}).get_data(as_text=True)
    assert "Ihr Entwurf vom" not in again


def test_another_editors_draft_on_the_entry_stays_a_conflict_for_her(
    make_app: Callable[..., Flask],
) -> None:
    """Her own draft is hers to correct; another person's draft about it is a conflict."""
    app = make_app()
    first = login(app.test_client(), "editor")
    second = login(app.test_client(), "editor", name="otto")
    values = _form_values(
        first.get("/workspace/edit", query_string={"iri": NORD}).get_data(as_text=True)
    )
    values["schema-foundingDate"] = ["2020"]
    assert first.post("/workspace/edit", data=values).status_code == 303
    # She corrects it again: her draft is replaced, no conflict.
    page = first.get("/workspace/edit", query_string={"iri": NORD}).get_data(as_text=True)
    assert "Ihr Entwurf vom" in page
    values = _form_values(page)
    assert values["schema-foundingDate"][0] == "2020"
    values["schema-foundingDate"] = ["2021"]
    assert first.post("/workspace/edit", data=values).status_code == 303
    store_path = app.extensions["akteursgraph.store"].path
    [waiting] = drafts(store_path)
    # Otto sees the store's state (not her draft) and gets the conflict page on saving.
    page_2 = second.get("/workspace/edit", query_string={"iri": NORD}).get_data(as_text=True)
    assert "Ihr Entwurf vom" not in page_2
    # ... told so before he types (it was said only after saving, his input lost)
    warning = html.unescape(page_2.split('id="others-drafts"', 1)[1].split("</div>", 1)[0])
    assert "Ein Entwurf von editor zu diesem Eintrag wartet auf Prüfung" in warning
    assert "nicht speichern" in warning and "/workspace/review/" not in warning  # an editor
    reviewer = login(app.test_client(), "reviewer", name="rita")
    page_r = reviewer.get("/workspace/edit", query_string={"iri": NORD}).get_data(as_text=True)
    assert f'href="/workspace/review/{waiting["id"]}"' in page_r  # a reviewer may open it
    values_2 = _form_values(page_2)
    values_2["schema-foundingDate"] = ["2019"]
    response = second.post("/workspace/edit", data=values_2)
    assert response.status_code == 409
    assert "2021" in response.get_data(as_text=True)
    assert [d["id"] for d in drafts(store_path)] == [waiting["id"]]
    # The draft is called what it is: "Die andere Fassung (aktuell)" read as published, and
    # "Vom aktuellen Stand neu beginnen" led to the same refusal while it waits.
    conflict = response.get_data(as_text=True)
    assert "Der wartende Entwurf (noch nicht veröffentlicht)" in conflict
    assert "(aktuell)" not in conflict and "neu beginnen" not in conflict
    assert "sobald der wartende Entwurf veröffentlicht oder abgelehnt ist" in conflict


def test_with_review_switched_off_her_own_drafts_note_says_that_saving_publishes(
    make_app: Callable[..., Flask],
) -> None:
    """Review switched off while her draft waited, the form still said "Saving replaces it
    with one draft", and saving published it whole; `review-required off` said nothing of
    the drafts still waiting (restore walk). Both say so now."""
    app = make_app()
    store_path = app.extensions["akteursgraph.store"].path
    editor = login(app.test_client(), "editor")
    status, location, _ = _new_organisation(editor)
    assert status == 303, _
    iri = _iri_from(location)
    body = editor.get("/workspace/edit", query_string={"iri": iri}).get_data(as_text=True)
    assert "Beim Speichern wird er durch einen Entwurf ersetzt" in body
    said = run_cli("review-required", "off", store=store_path)  # and the CLI says it waits
    assert said.returncode == 0 and "1 Entwurf wartet weiter auf Prüfung" in said.stderr
    assert "1 draft still waits for review; if its author saves it again" in said.stderr
    body = editor.get("/workspace/edit", query_string={"iri": iri}).get_data(as_text=True)
    assert "Sie bearbeiten ihn" in body
    assert "Die Prüfung ist ausgeschaltet: Beim Speichern wird Ihre ganze Änderung sofort" in body
    assert "durch einen Entwurf ersetzt" not in body
    values = _form_values(body)
    values["schema-foundingDate"] = ["12.05.2024"]
    response = editor.post("/workspace/edit", data=values)
    assert response.status_code == 303, response.get_data(as_text=True)
    assert editor.get("/organisation/neue-bruecke-mitte-e-v").status_code == 200  # as said
    said = run_cli("review-required", "off", store=store_path)
    assert said.returncode == 0 and "warten weiter" not in said.stderr  # none waits now


def test_her_own_draft_saved_in_another_tab_meanwhile_is_a_conflict_not_lost(
    make_app: Callable[..., Flask],
) -> None:
    """One editor, the entry open in two tabs: tab 1 saves another name (a draft), then tab 2
    (opened before that draft) saves a founding date. Tab 2's form never showed the name, so
    making one draft of "her draft and this correction" removed the name again: the first
    tab's work was lost without a word, and the comment read "Tab 1; Tab 2" as if both were
    kept. Now tab 2 gets the conflict page with her draft's values, and nothing changes."""
    app = make_app()
    editor = login(app.test_client(), "editor")
    store_path = app.extensions["akteursgraph.store"].path
    writer = app.extensions["akteursgraph.writer"]
    tab_1, tab_2 = (
        _form_values(
            editor.get("/workspace/edit", query_string={"iri": NORD}).get_data(as_text=True)
        )
        for _tab in range(2)
    )
    tab_1["skos-altLabel@de"] = ["Tab-Eins-Name"]
    tab_1["comment"] = ["Tab 1"]
    assert editor.post("/workspace/edit", data=tab_1).status_code == 303
    [first] = drafts(store_path)
    tab_2["schema-foundingDate"] = ["2011"]
    tab_2["comment"] = ["Tab 2"]
    response = editor.post("/workspace/edit", data=tab_2)
    assert response.status_code == 409
    text = html.unescape(response.get_data(as_text=True))
    assert "Ihr eigener Entwurf zu diesem Eintrag" in text and "Tab-Eins-Name" in text
    assert [d["id"] for d in drafts(store_path)] == [first["id"]]
    assert writer.history.get(first["id"]).status == "draft"
    assert "Tab-Eins-Name" in writer.history.payload(first["id"])[0].decode()
    # Carried over: tab 1's name stands (tab 2 left that field as it was), tab 2's date too,
    # and nothing is named (tab 2's untouched old names were named as her input; re-check).
    carried = {**_form_values(response.get_data(as_text=True)), "carry": "1"}
    page = editor.post("/workspace/edit", data=carried).get_data(as_text=True)
    form = _form_values(page)
    assert "Tab-Eins-Name" in form["skos-altLabel@de"] and form["schema-foundingDate"] == ["2011"]
    assert "dieselben Felder wurden seither nicht geändert" in html.unescape(page), page
    # Opened again, the form shows her draft, and her correction joins it.
    page = editor.get("/workspace/edit", query_string={"iri": NORD}).get_data(as_text=True)
    again = _form_values(page)
    assert "Tab-Eins-Name" in again["skos-altLabel@de"]
    again["schema-foundingDate"] = ["2011"]
    assert editor.post("/workspace/edit", data=again).status_code == 303
    [joined] = drafts(store_path)
    added = writer.history.payload(joined["id"])[0].decode()
    assert "Tab-Eins-Name" in added and '"2011"^^' in added


def test_an_impossible_date_and_a_missing_field_show_the_message_next_to_the_field(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app()
    editor = login(app.test_client(), "editor")
    status, _location, page = _new_organisation(
        editor, **{"schema-foundingDate": ["2019-02-30"], "org-classification": []}
    )
    assert status == 400
    date_error = re.search(
        r'<p class="field-error[^"]*" id="schema-foundingDate-error">(.*?)</p>', page, re.S
    )
    assert date_error and "gibt es nicht" in date_error.group(1)
    # Said once: not also the shape's rule of one date, of which there was one (walk).
    assert "Höchstens ein Gründungsdatum" not in html.unescape(page)
    assert re.search(r'aria-describedby="[^"]*schema-foundingDate-error"', page)
    # How to write a date is read with the field, not only as its placeholder (audit, 1.3.1).
    field = re.search(r'<input [^>]*id="schema-foundingDate-0"[^>]*>', page, re.S)
    assert field and re.search(r'aria-describedby="[^"]*schema-foundingDate-hint', field.group(0))
    assert re.search(r'id="schema-foundingDate-hint">Ein Jahr', page)
    kind_error = re.search(r'id="org-classification-error">(.*?)</p>', page, re.S)
    assert kind_error and "Art der Organisation fehlt" in kind_error.group(1)
    assert "Nichts wurde gespeichert" in page
    assert drafts(app.extensions["akteursgraph.store"].path) == []


def test_a_shape_added_to_the_shapes_folder_appears_in_the_form(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    folder = tmp_path / "shapes"
    shutil.copytree(shapes_dir(), folder)
    (folder / "extra.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix schema: <https://schema.org/> .\n"
        "<https://example.org/shapes#Motto> a sh:NodeShape ; sh:targetClass org:Organization ;\n"
        "  sh:property [ sh:path schema:slogan ; sh:maxCount 2 ;\n"
        '    sh:message "Höchstens zwei Mottos."@de, "At most two mottos."@en ] .\n',
        encoding="utf-8",
    )
    client = login(make_app(FORM_SHAPES=str(folder)).test_client(), "editor")
    page = client.get("/workspace/new/organisations").get_data(as_text=True)
    assert 'name="schema-slogan"' in page


def test_what_the_shapes_only_warn_about_is_shown_after_the_save(
    make_app: Callable[..., Flask],
) -> None:
    editor = login(make_app().test_client(), "editor")
    status, location, _ = _new_organisation(editor, **{"skos-prefLabel@en": [""]})
    assert status == 303
    page = editor.get(location).get_data(as_text=True)
    assert "Bitte prüfen" in page
    warning = "Englischer Name fehlt; die englische Ansicht zeigt den deutschen."
    assert page.count(warning) == 1  # under "Bitte prüfen", not in the page's notice too
    assert "Bitte prüfen" not in editor.get(location).get_data(as_text=True)  # once


def test_a_new_person_gets_an_opaque_iri(make_app: Callable[..., Flask]) -> None:
    editor = login(make_app().test_client(), "editor")
    page = editor.get("/workspace/new/people").get_data(as_text=True)
    response = editor.post(
        "/workspace/new/people",
        data={"csrf_token": _token(page), "skos-prefLabel@de": "Amara Okafor"},
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    iri = _iri_from(response.headers["Location"])
    assert re.search(r"/person/p-[a-z2-7]{16}$", iri) and "amara" not in iri
    # A living person goes into the internal data: saved at once, and public nowhere. The
    # page said "„Amara Okafor“ ist veröffentlicht." with a link to a public page that is 404.
    saved = _main(editor.get(response.headers["Location"]).get_data(as_text=True))
    assert "veröffentlicht" not in saved and "Öffentliche Seite" not in saved
    assert "„Amara Okafor“ ist in den internen Daten gespeichert" in saved
    assert editor.get(iri.removeprefix("https://w3id.org/akteursgraph/mitte")).status_code == 404
    form = _main(editor.get("/workspace/edit", query_string={"iri": iri}).get_data(as_text=True))
    assert "Öffentliche Seite" not in form and "Amara Okafor" in form


def _main(page: str) -> str:
    """The page's own content, without the frame (whose footer links the public site)."""
    found = re.search(r"<main\b.*?</main>", page, re.S)
    assert found is not None
    return html.unescape(found.group(0))


def test_type_ahead_and_its_search_and_choose_fallback(make_app: Callable[..., Flask]) -> None:
    editor = login(make_app().test_client(), "editor")
    found = editor.get("/workspace/suggest?q=Afrodeutsche&kind=organisations").get_json()
    assert NORD in [r["iri"] for r in found]
    # Without JavaScript: type a name, press "Find", choose from the list.
    page = editor.get("/workspace/new/organisations").get_data(as_text=True)
    response = editor.post(
        "/workspace/new/organisations",
        data={
            "csrf_token": _token(page),
            "cooperates-with-q": ["Studierendeninitiative"],
            "cooperates-with": [""],
            "find": "cooperates-with",
        },
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(
        rf'<select name="cooperates-with"[^>]*>\s*<option value="">[^<]*</option>'
        rf'<option value="{re.escape(NORD)}"',
        body,
    )
    # Its answer, not a refusal: the matches were said under "Nothing was saved. Please
    # correct", with the field marked wrong (audit, WCAG 3.3.1).
    assert "Nichts wurde gespeichert" not in body and 'aria-invalid="true"' not in body
    status = re.search(r'<div [^>]*role="status" id="form-lookups"[^>]*>(.*?)</div>\s*</div>',
                       body, re.S)  # fmt: skip
    assert status and "Kooperiert mit" in status.group(1)
    assert "Studierendeninitiative" in html.unescape(status.group(1))


def test_without_javascript_the_entry_chosen_from_finds_matches_is_linked(
    make_app: Callable[..., Flask],
) -> None:
    """Without JavaScript, "Find" offered the matches with the typed text emptied; the entry
    chosen from them was then dropped on saving (an empty text removes a link), so the
    cooperation was never made (staff walk: "Suchen clears what I typed"). The text stays,
    the choice counts; a text changed after the offer is a new search."""
    app = make_app(REVIEW_REQUIRED=False)
    store = app.extensions["akteursgraph.store"]
    partner = ox.NamedNode(AG + "partner")
    assert not {q.subject for q in store.quads(None, partner, ox.NamedNode(NORD))} & {
        q.subject for q in store.quads(None, partner, ox.NamedNode(MAGHREB))
    }
    editor = login(app.test_client(), "editor")
    page = editor.get("/workspace/edit", query_string={"iri": MAGHREB}).get_data(as_text=True)
    values = _form_values_with_texts(page)
    values["cooperates-with-q"] = ["Studierendeninitiative"]
    values["cooperates-with"] = [""]
    values["find"] = ["cooperates-with"]
    offered = editor.post("/workspace/edit", data=values).get_data(as_text=True)
    assert 'value="Studierendeninitiative"' in offered  # the typed text stays
    first = re.search(
        r'<select name="cooperates-with"[^>]*>\s*<option value="">– bitte wählen –</option>'
        r'<option value="([^"]+)"',
        offered,
    )
    assert first and first.group(1) == NORD
    chosen = _form_values_with_texts(offered)
    chosen.pop("find", None)
    # Nothing chosen (the list's first line asks to choose): nothing linked, asked again.
    unchosen = editor.post("/workspace/edit", data={**chosen, "cooperates-with": [""]})
    assert unchosen.status_code == 400
    assert "Bitte den Eintrag zu „Studierendeninitiative“ aus der Liste wählen" in html.unescape(
        unchosen.get_data(as_text=True)
    )
    chosen["cooperates-with"] = [NORD]  # chosen from the list
    # Changed after the offer: a new search, nothing saved yet.
    again = {**chosen, "cooperates-with-q": ["Maghreb"]}
    research = editor.post("/workspace/edit", data=again)
    assert research.status_code == 400 and 'value="Maghreb"' in research.get_data(as_text=True)
    saved = editor.post("/workspace/edit", data=chosen)
    assert saved.status_code == 303, saved.get_data(as_text=True)
    change_id = re.search(r"change=([^&]+)", saved.headers["Location"])
    assert change_id
    if "draft=1" in saved.headers["Location"]:
        publish(app.extensions["akteursgraph.writer"], change_id.group(1), reviewer="rita")
    with_nord = {q.subject for q in store.quads(None, partner, ox.NamedNode(NORD))}
    with_maghreb = {q.subject for q in store.quads(None, partner, ox.NamedNode(MAGHREB))}
    assert with_nord & with_maghreb, "no cooperation of the two was made"


def test_a_link_text_longer_than_a_search_reads_finds_nothing_and_keeps_the_form(
    make_app: Callable[..., Flask],
) -> None:
    """A search reads at most 16 words (`MAX_QUERY_WORDS`): a longer link text is no name,
    so the type-ahead offers nothing and "Suchen" says nothing was found, the form kept (a
    refused search must not throw away what was typed)."""
    editor = login(make_app().test_client(), "editor")
    text = " ".join(["Studierendeninitiative"] * 17)
    found = editor.get("/workspace/suggest", query_string={"q": text})
    assert found.status_code == 200 and found.get_json() == []
    page = editor.get("/workspace/new/organisations").get_data(as_text=True)
    response = editor.post(
        "/workspace/new/organisations",
        data={
            "csrf_token": _token(page),
            "cooperates-with-q": [text],
            "cooperates-with": [""],
            "find": "cooperates-with",
        },
    )
    assert response.status_code == 200
    assert text in html.unescape(response.get_data(as_text=True))


def test_two_editors_on_one_entity_the_second_gets_the_conflict_page(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app()
    first = login(app.test_client(), "editor")
    second = login(app.test_client(), "editor", name="otto")  # another editor
    page_1 = first.get("/workspace/edit", query_string={"iri": NORD}).get_data(as_text=True)
    page_2 = second.get("/workspace/edit", query_string={"iri": NORD}).get_data(as_text=True)
    values_1, values_2 = _form_values(page_1), _form_values(page_2)
    values_1["schema-foundingDate"] = ["2020"]
    values_1["schema-knowsLanguage"] = ["Französisch", "Wolof"]
    values_2["schema-foundingDate"] = ["2019"]
    values_2["schema-knowsLanguage"] = ["Deutsch"]
    assert first.post("/workspace/edit", data=values_1).status_code == 303
    store_path = app.extensions["akteursgraph.store"].path
    assert len(drafts(store_path)) == 1
    response = second.post("/workspace/edit", data=values_2)
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Konflikt" in body and "2020" in body and "2019" in body
    # Languages by their names, as the form takes them (it said "Spricht fr wo"): both sides.
    conflict = body.split("workspace-conflict", 1)[1]
    for name in ("<li>Französisch</li>", "<li>Wolof</li>", "<li>Deutsch</li>"):
        assert name in conflict, name
    assert "<li>fr</li>" not in conflict and "<li>de</li>" not in conflict
    # While the first draft waits, no new start helps: the page says the review does.
    assert "Vom aktuellen Stand neu beginnen" not in body
    assert "sobald der wartende Entwurf veröffentlicht oder abgelehnt ist" in body
    assert len(drafts(store_path)) == 1  # nothing saved


def test_after_a_conflict_her_inputs_are_carried_over_where_nobody_else_changed_a_field(
    make_app: Callable[..., Flask],
) -> None:
    """After a conflict she had only "start again from the current version": what she typed
    stood in the conflict's table, to type again (walk). Carried over, her inputs stand in
    every field nobody else changed since; where someone did, the current version stands and
    her input is named above the form. Nothing is saved until she saves, then both hold."""
    app = make_app()
    writer = app.extensions["akteursgraph.writer"]
    (first, values_1), (second, values_2) = _opened_by_two_editors(app, NORD)
    values_1["schema-foundingDate"] = ["2020"]
    values_1["schema-knowsLanguage"] = ["Französisch"]
    saved = first.post("/workspace/edit", data=values_1)
    publish(writer, _change_from(saved.headers["Location"]), reviewer="rita")
    values_2["schema-foundingDate"] = ["2019"]  # both changed it; the languages only the first
    values_2["skos-altLabel@de"] = ["ASI Nord"]
    values_2["comment"] = ["Kurzname ergänzt"]
    conflict = second.post("/workspace/edit", data=values_2)
    assert conflict.status_code == 409
    body = conflict.get_data(as_text=True)
    assert "Meine Eingaben in den aktuellen Stand übernehmen" in body
    store_path = app.extensions["akteursgraph.store"].path
    before = len(drafts(store_path))
    carried = _form_values(body)
    assert carried["schema-foundingDate"] == ["2019"] and "submission" not in carried
    response = second.post("/workspace/edit", data={**carried, "carry": "1"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert len(drafts(store_path)) == before  # nothing saved
    form = _form_values_with_texts(page)
    assert form["skos-altLabel@de"][0] == "ASI Nord"  # nobody else changed it: hers
    assert form["schema-foundingDate"] == ["2020"]  # changed since: the current version
    notice = html.unescape(page.split('id="carried"', 1)[1].split("</div>\n</div>", 1)[0])
    assert "seit dem Öffnen Ihres Formulars geändert wurden" in notice
    assert "Gründungsdatum</a>: 2019" in notice or ">: 2019<" in notice, notice
    assert "ASI Nord" not in notice
    # The languages she left as they were: the current version, not named as her input.
    assert [v for v in form["schema-knowsLanguage"] if v] == ["Französisch"]
    assert "Spricht" not in notice and notice.count("<li>") == 1, notice
    assert 'value="Kurzname ergänzt"' in page or ">Kurzname ergänzt<" in page
    # Its version is the current one: saving it is no conflict, and both changes hold.
    assert second.post("/workspace/edit", data=form).status_code == 303
    values = _form_values(
        second.get("/workspace/edit", query_string={"iri": NORD}).get_data(as_text=True)
    )
    assert "ASI Nord" in values["skos-altLabel@de"] and values["schema-foundingDate"] == ["2020"]


@pytest.mark.parametrize("stored", ["Line one\nLine two", "Line one\r\nLine two"])
def test_a_text_of_several_lines_sent_back_unchanged_with_a_browsers_crlf_changes_nothing(
    make_app: Callable[..., Flask], stored: str
) -> None:
    """A browser sends a text area's line breaks as CRLF. A description of two lines (as an
    import or the API writes them, with LF) saved unchanged from its form was a change of
    the description, and after a conflict it was named as her input (re-check walk); so
    was one an import had stored with CRLF (second re-check)."""
    from akteursgraph.changes.model import ORIGIN_LOAD, ChangeMeta
    from akteursgraph.store import Change

    app = make_app()
    writer = app.extensions["akteursgraph.writer"]
    node = ox.NamedNode(NORD)
    description = ox.NamedNode("http://purl.org/dc/terms/description")
    graph = next(q.graph_name for q in writer.store.quads(node, description, None))
    old = [q for q in writer.store.quads(node, description, None) if q.object.language == "en"]
    two_lines = ox.Literal(stored, language="en")
    writer.commit(
        Change(add=[ox.Quad(node, description, two_lines, graph)], remove=old),
        ChangeMeta(author="operator", origin=ORIGIN_LOAD, comment="zwei Zeilen"),
    )
    editor = login(app.test_client(), "editor")
    page = editor.get("/workspace/edit", query_string={"iri": NORD}).get_data(as_text=True)
    values = _form_values_with_texts(page)
    assert values["dcterms-description@en"][0].replace("\r", "") == "Line one\nLine two"
    values["dcterms-description@en"][0] = "Line one\r\nLine two"  # as the browser sends it
    saved = editor.post("/workspace/edit", data=values)
    assert saved.status_code == 303 and "unchanged=1" in saved.headers["Location"]
    assert two_lines in {q.object for q in writer.store.quads(node, description, None)}


def test_carried_over_per_language_a_name_in_english_and_one_in_german_both_hold(
    make_app: Callable[..., Flask],
) -> None:
    """A text per language is one input per language: the English name changed since, her
    German one stands beside it, and nothing is named as kept (the English page says so)."""
    app = make_app()
    writer = app.extensions["akteursgraph.writer"]
    (first, values_1), (second, values_2) = _opened_by_two_editors(app, NORD)
    values_1["skos-prefLabel@en"] = ["Afro-German Students North"]
    saved = first.post("/workspace/edit", data=values_1)
    publish(writer, _change_from(saved.headers["Location"]), reviewer="rita")
    values_2["skos-prefLabel@de"] = ["Afrodeutsche Studierende Nord"]
    body = second.post("/workspace/edit", data=values_2).get_data(as_text=True)
    carried = {**_form_values(body), "carry": "1"}
    page = second.post("/workspace/edit?lang=en", data=carried).get_data(as_text=True)
    form = _form_values(page)
    assert form["skos-prefLabel@de"] == ["Afrodeutsche Studierende Nord"]
    assert form["skos-prefLabel@en"] == ["Afro-German Students North"]
    assert "the same fields were not changed since" in page


def test_a_conflict_with_a_published_change_names_it_and_leads_to_the_history(
    make_app: Callable[..., Flask],
) -> None:
    """The second editor, saving after the first one's change was published, was told only
    "Dieser Eintrag wurde geändert": not by whom, when or why (two-editors walk)."""
    app = make_app()
    writer = app.extensions["akteursgraph.writer"]
    first = login(app.test_client(), "editor")
    second = login(app.test_client(), "editor", name="otto")
    page_1 = first.get("/workspace/edit", query_string={"iri": NORD}).get_data(as_text=True)
    page_2 = second.get("/workspace/edit", query_string={"iri": NORD}).get_data(as_text=True)
    values_1, values_2 = _form_values(page_1), _form_values(page_2)
    values_1["schema-foundingDate"] = ["2020"]
    values_1["comment"] = ["Gründungsjahr laut Satzung"]
    values_2["schema-foundingDate"] = ["2019"]
    saved = first.post("/workspace/edit", data=values_1)
    assert saved.status_code == 303
    change = _change_from(saved.headers["Location"])
    publish(writer, change, reviewer="rita")
    response = second.post("/workspace/edit", data=values_2)
    assert response.status_code == 409
    body = html.unescape(response.get_data(as_text=True))
    assert "seit das Formular geöffnet wurde, zuletzt von editor (" in body
    assert "Seither geändert:" in body
    assert re.search(
        r"am \d{1,2}\. \w+ 20\d\d, \d\d:\d\d UTC von editor, veröffentlicht von rita: "
        r"„Gründungsjahr laut Satzung“ \(" + re.escape(change) + r"\)",
        body,
    ), body
    assert f'href="/workspace/history?iri={NORD}"' in body  # html.unescape'd
    assert "Vom aktuellen Stand neu beginnen" in body
    # A revert since is said to be one (it read as a change with a comment; re-check).
    undone = revert(writer, change, author="rita", comment="doch nicht", review_required=False)
    body = html.unescape(second.post("/workspace/edit", data=values_2).get_data(as_text=True))
    assert f"von rita, macht {change} rückgängig: „doch nicht“ ({undone.change_id})" in body


def test_the_forms_need_an_editor_and_entity_pages_link_to_them(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app()
    anonymous = app.test_client()
    assert anonymous.get("/workspace/new/organisations").status_code in (302, 303)
    edit_link = "Diesen Eintrag bearbeiten"
    page = "/example/organisation/afrodeutsche-studierendeninitiative-nord"
    assert edit_link not in anonymous.get(page).get_data(as_text=True)
    viewer = login(app.test_client(), "viewer")
    assert viewer.get("/workspace/new/organisations").status_code == 403
    assert viewer.get("/workspace/suggest?q=Afro").status_code == 403
    assert edit_link not in viewer.get(page).get_data(as_text=True)
    editor = login(app.test_client(), "editor")
    assert edit_link in editor.get(page).get_data(as_text=True)
    # Not where no form edits the entry (a load's public record of itself): it led to a 404.
    store = app.extensions["akteursgraph.store"]
    [row, *_] = store.select(
        "SELECT ?load WHERE { ?load a prov:Activity ; prov:generated ?g }", public_only=True
    )
    load = editor.get("/entity", query_string={"iri": row["load"].value})
    assert load.status_code == 200 and edit_link not in load.get_data(as_text=True)
    # Asked for all the same: said in the workspace, not with the public 404 and its search.
    refused = editor.get("/workspace/edit", query_string={"iri": row["load"].value})
    assert refused.status_code == 404
    assert "Diesen Eintrag bearbeitet kein Formular" in refused.get_data(as_text=True)
    kinds = editor.get("/workspace/new").get_data(as_text=True)
    assert 'href="/workspace/new/organisations"' in kinds
    assert 'href="/workspace/new/people"' in kinds


def test_every_kind_of_the_explorer_has_a_form(make_app: Callable[..., Flask]) -> None:
    editor = login(make_app().test_client(), "editor")
    for kind in (
        "organisations",
        "people",
        "projects",
        "events",
        "cooperations",
        "topics",
        "sites",
    ):
        page = editor.get(f"/workspace/new/{kind}")
        assert page.status_code == 200, kind
        assert 'name="skos-prefLabel@de"' in page.get_data(as_text=True), kind


def test_the_same_form_sent_twice_saves_once(make_app: Callable[..., Flask]) -> None:
    """QA: a double click on "Speichern" made two drafts, `.../doppelklick-verein` and
    `...-2`. A form carries its submission id: the second send of it gets the first one's
    result page; after a refusal the corrected form is still the same send, saved once."""
    app = make_app()
    editor = login(app.test_client(), "editor")
    page = editor.get("/workspace/new/organisations").get_data(as_text=True)
    sent = re.search(r'name="submission" value="([^"]+)"', page)
    assert sent
    refused, _location, again = _new_organisation(
        editor, submission=[sent.group(1)], **{"schema-foundingDate": ["2019-02-30"]}
    )
    assert refused == 400
    assert f'name="submission" value="{sent.group(1)}"' in again  # kept for the correction
    first = _new_organisation(editor, submission=[sent.group(1)])
    second = _new_organisation(editor, submission=[sent.group(1)])
    assert first[0] == second[0] == 303 and second[1] == first[1]
    assert len(drafts(app.extensions["akteursgraph.store"].path)) == 1
    shown = editor.get(second[1]).get_data(as_text=True)
    assert "Dieses Formular war schon gespeichert" in shown
    # a new form is a new entry
    third = _new_organisation(editor, **{"skos-prefLabel@de": ["Noch ein Verein e.V."]})
    assert third[0] == 303 and third[1] != first[1]
    assert len(drafts(app.extensions["akteursgraph.store"].path)) == 2


def test_what_was_typed_survives_an_expired_form(make_app: Callable[..., Flask]) -> None:
    """QA: a form sent after the session ended (or its token expired) got the public site's
    error page, "Das Formular ist abgelaufen", and everything typed was gone."""
    app = make_app()
    editor = login(app.test_client(), "editor")
    typed = {
        "csrf_token": "abgelaufen",
        "skos-prefLabel@de": "Verein mit langem Text e.V.",
        "schema-foundingDate": "2024-05",
        "comment": "lange getippt",
    }
    # still logged in (the token alone expired): the form again, filled in
    again = editor.post("/workspace/new/organisations", data=typed)
    page = html.unescape(again.get_data(as_text=True))
    assert again.status_code == 400
    assert "Das Formular war abgelaufen" in page
    assert 'value="Verein mit langem Text e.V."' in page and "lange getippt" in page
    # logged out: what was typed, to copy, and the way back through the login
    gone = app.test_client().post("/workspace/new/organisations", data=typed)
    page = html.unescape(gone.get_data(as_text=True))
    assert gone.status_code == 401
    assert "Verein mit langem Text e.V." in page and "2024-05" in page
    assert "abgelaufen" not in page.split("<dl", 1)[-1]  # the token is not "typed"
    assert 'href="/login?next=/workspace/new/organisations"' in page
    assert drafts(app.extensions["akteursgraph.store"].path) == []


def test_a_form_sent_after_the_session_went_idle_keeps_what_was_typed(
    make_app: Callable[..., Flask],
) -> None:
    """Exploratory test: the session's idle time ran out while an editor typed (the cookie
    and its CSRF token still valid): the form was answered with a redirect to the login and
    everything typed was lost; a reviewer's rejection with its reason led, after logging in,
    to a 404. Now nothing is done, what was typed is listed (a link by its name, not its
    address), and the login leads back to the page the form came from."""
    import time

    from akteursgraph.changes import ORIGIN_FORM, ChangeMeta, Draft, submit
    from akteursgraph.store import Change

    app = make_app(IDLE_MINUTES=0.02)  # 1.2 seconds
    editor = login(app.test_client(), "editor")
    form = editor.get("/workspace/new/organisations").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token
    time.sleep(1.5)
    typed = {
        "csrf_token": token[1],
        "skos-prefLabel@de": "Verein nach der Pause e.V.",
        "org-classification": KIND + "initiative",
        "comment": "lange getippt",
    }
    gone = editor.post("/workspace/new/organisations", data=typed)
    page = html.unescape(gone.get_data(as_text=True))
    assert gone.status_code == 401, gone.headers.get("Location")
    typed_part = page.split("<dl", 1)[-1]
    assert "Verein nach der Pause e.V." in typed_part and "lange getippt" in typed_part
    assert "Initiative" in typed_part and KIND not in typed_part
    assert "Kommentar" in typed_part
    assert 'href="/login?next=/workspace/new/organisations"' in page
    assert drafts(app.extensions["akteursgraph.store"].path) == []

    writer = app.extensions["akteursgraph.writer"]
    org = next(iter(writer.store.quads(None, ox.NamedNode(SKOS + "prefLabel"), None)))
    renamed = ox.Quad(org.subject, org.predicate, ox.Literal("Neu", language="de"), org.graph_name)
    draft = submit(writer, Change(add=[renamed], remove=[org]),
                   ChangeMeta(author="eve", origin=ORIGIN_FORM), review_required=True)  # fmt: skip
    assert isinstance(draft, Draft)
    reviewer = login(app.test_client(), "reviewer")
    review_page = f"/workspace/review/{draft.change_id}"
    shown = reviewer.get(review_page).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', shown)
    assert token
    time.sleep(1.5)
    late = reviewer.post(
        review_page + "/decision",
        data={"csrf_token": token[1], "action": "reject", "comment": "Quelle fehlt"},
        headers={"Referer": "http://localhost" + review_page},
    )
    page = html.unescape(late.get_data(as_text=True))
    assert late.status_code == 401
    assert "Quelle fehlt" in page.split("<dl", 1)[-1]
    assert f'href="/login?next={review_page}"' in page
    assert [d["id"] for d in drafts(app.extensions["akteursgraph.store"].path)] == [draft.change_id]


def test_a_name_in_another_script_gets_an_address_of_its_own(
    make_app: Callable[..., Flask],
) -> None:
    """QA: names in Arabic script only got `organisation/organisation`, the next one
    `organisation-2`: addresses that say nothing and read like one entry."""
    app = make_app()
    editor = login(app.test_client(), "editor")
    made = []
    for name in ("جمعية الجالية السودانية", "ማሕበር ኤርትራውያን"):
        status, location, page = _new_organisation(
            editor, **{"skos-prefLabel@de": [name], "skos-prefLabel@en": [""]}
        )
        assert status == 303, page
        made.append(_iri_from(location))
    for iri in made:
        assert re.search(r"/organisation/organisation-[a-z2-7]{8}$", iri), iri
    assert made[0] != made[1]


def test_languages_are_entered_and_shown_by_their_names(make_app: Callable[..., Flask]) -> None:
    """The languages field asked for BCP 47 codes ("de"), which office staff do not know:
    it takes names in German or English and the lists' spellings, keeps the code, shows the
    name when the entry is edited again (saving it unchanged changes nothing), and a word
    that names no language is refused beside the field."""
    app = make_app()
    writer = app.extensions["akteursgraph.writer"]
    store = app.extensions["akteursgraph.store"]
    editor = login(app.test_client(), "editor")
    page = editor.get("/workspace/new/organisations").get_data(as_text=True)
    assert 'list="schema-knowsLanguage-names"' in page
    assert '<option value="Französisch">' in page  # suggestions, without JavaScript
    refused, _location, page = _new_organisation(editor, **{"schema-knowsLanguage": ["Quatsch"]})
    assert refused == 400
    error = re.search(r'id="schema-knowsLanguage-error">(.*?)</p>', page, re.S)
    assert error and "„Quatsch“ ist keine bekannte Sprache" in html.unescape(error.group(1))
    status, location, _ = _new_organisation(
        editor, **{"schema-knowsLanguage": ["Deutsch", "French", "franz.", "tr", ""]}
    )
    assert status == 303, _
    iri = _iri_from(location)
    reviewer = login(app.test_client(), "reviewer")
    review = html.unescape(reviewer.get("/workspace/review").get_data(as_text=True))
    assert "– spricht: Deutsch (öffentlich)" in review and "„de“" not in review
    # Dates in words too ("Mai 2024", not „2024-05“), as the pages say them.
    assert "– Gründungsdatum: Mai 2024 (öffentlich)" in review and "2024-05" not in review
    publish(writer, _change_from(location), reviewer="rita")
    stored = {
        q.object.value
        for q in store.quads(ox.NamedNode(iri), ox.NamedNode("https://schema.org/knowsLanguage"))
    }
    assert stored == {"de", "fr", "tr"}
    values = _form_values(
        editor.get("/workspace/edit", query_string={"iri": iri}).get_data(as_text=True)
    )
    assert {v for v in values["schema-knowsLanguage"] if v} == {
        "Deutsch", "Französisch", "Türkisch"
    }  # fmt: skip
    values["comment"] = ["nichts geändert"]
    unchanged = editor.post("/workspace/edit", data=values)
    assert unchanged.status_code in (200, 303)
    after = {
        q.object.value
        for q in store.quads(ox.NamedNode(iri), ox.NamedNode("https://schema.org/knowsLanguage"))
    }
    assert after == {"de", "fr", "tr"}


def test_a_web_address_without_https_is_taken_as_the_import_takes_it(
    make_app: Callable[..., Flask],
) -> None:
    """The form refused "www.verein.de" ("sie beginnt mit https://") where the import of a
    list adds the https:// itself; the browser's own check (type="url") refused it too."""
    app = make_app()
    editor = login(app.test_client(), "editor")
    page = editor.get("/workspace/new/organisations").get_data(as_text=True)
    homepage = re.search(r'<input name="foaf-homepage"[^>]*>', page)
    assert homepage and 'type="url"' not in homepage.group(0)
    status, location, _ = _new_organisation(
        editor, **{"foaf-homepage": ["www.neue-bruecke.example/verein"]}
    )
    assert status == 303, _
    publish(app.extensions["akteursgraph.writer"], _change_from(location), reviewer="rita")
    homepages = {
        q.object.value
        for q in app.extensions["akteursgraph.store"].quads(
            ox.NamedNode(_iri_from(location)), ox.NamedNode("http://xmlns.com/foaf/0.1/homepage")
        )
    }
    assert homepages == {"https://www.neue-bruecke.example/verein"}
    refused, _location, page = _new_organisation(editor, **{"foaf-homepage": ["kein Link"]})
    assert refused == 400 and "ist keine Webadresse" in html.unescape(page)


def test_a_missing_name_is_said_in_a_sentence_that_fits_any_field(
    make_app: Callable[..., Flask],
) -> None:
    """QA: "jede Ressource braucht mindestens ein „Bezeichnung“": the shape's message put the
    field's label where its article did not fit. It names the field as a field now."""
    editor = login(make_app().test_client(), "editor")
    empty = {"skos-prefLabel@de": [""], "skos-prefLabel@en": [""],
             "cooperates-with": [""], "cooperates-with-q": [""]}  # fmt: skip
    status, _, page = _new_organisation(editor, **empty)
    assert status == 400, page
    said = html.unescape(page)
    assert "Jede Ressource braucht mindestens einen Eintrag im Feld „Bezeichnung“." in said
    assert "mindestens ein „" not in said
    editor.set_cookie("lang", "en")
    status, _, page = _new_organisation(editor, **empty)
    assert 'every resource needs at least one entry in the field "' in html.unescape(page)


def test_a_corrected_internal_note_stays_internal(make_app: Callable[..., Flask]) -> None:
    """Audit (privacy): a typo fixed in an internal note (internal/notes) went, as a new value,
    into the entry's public graph: once reviewed, the note stood on the public page. The
    correction stays where the note stood, and so applies at once, internal; a public value
    changed in the same save stays public."""
    from akteursgraph.changes.model import ORIGIN_LOAD, ChangeMeta
    from akteursgraph.store import Change

    app = make_app()
    writer = app.extensions["akteursgraph.writer"]
    store = writer.store
    description = ox.NamedNode("http://purl.org/dc/terms/description")
    node = ox.NamedNode(NORD)
    notes = ox.NamedNode(store.graph_iri("internal/notes"))
    note = "Intern: Vorstand zerstritten, Antrag abgelehnt wegen Buchhaltungsmangeln"
    writer.commit(
        Change(add=[ox.Quad(node, description, ox.Literal(note, language="de"), notes)]),
        ChangeMeta(author="operator", origin=ORIGIN_LOAD, comment="interne Notiz"),
    )
    editor = login(app.test_client(), "editor")
    page = editor.get("/workspace/edit", query_string={"iri": NORD}).get_data(as_text=True)
    values = _form_values_with_texts(page)
    texts = values["dcterms-description@de"]
    assert note in texts, texts
    fixed = note.replace("Buchhaltungsmangeln", "Buchhaltungsmängeln")
    values["dcterms-description@de"] = [fixed if t == note else t for t in texts]
    values["comment"] = ["Tippfehler"]
    response = editor.post("/workspace/edit", data=values)
    assert response.status_code == 303, response.get_data(as_text=True)
    where = {q.graph_name.value for q in store.quads(node, description) if q.object.value == fixed}
    assert where == {notes.value}, where  # applied at once: an internal change
    assert drafts(store.path) == []
    public = app.test_client().get(NORD.replace("https://w3id.org/akteursgraph/mitte", ""))
    assert public.status_code == 200 and "Buchhaltung" not in public.get_data(as_text=True)


def version_of_nord(writer: object) -> str:
    from akteursgraph.forms import version_of

    return version_of(writer, NORD)  # type: ignore[arg-type]


def test_her_own_draft_after_a_colleagues_internal_change_is_corrected_on_the_new_version(
    make_app: Callable[..., Flask],
) -> None:
    """Audit: an editor's draft waits; a colleague adds an internal note to the same entry
    (applied at once). The editor opens the entry again (the form shows the note and her
    draft) and corrects her draft: the save answered a technical 409 ("reject the draft and
    make it again"), her typed input was lost, and every later try ended the same way, her
    draft stuck. The form showed her the current version, so the correction is made on it:
    one draft based on the current version, holding her first change and her correction."""
    from akteursgraph.changes.model import ORIGIN_LOAD, ChangeMeta
    from akteursgraph.store import Change

    app = make_app()
    writer = app.extensions["akteursgraph.writer"]
    store = writer.store
    store_path = store.path
    editor = login(app.test_client(), "editor")
    page = editor.get("/workspace/edit", query_string={"iri": NORD}).get_data(as_text=True)
    values = _form_values_with_texts(page)
    values["skos-altLabel@de"] = ["ASI Nord"]
    values["comment"] = ["Kurzname"]
    assert editor.post("/workspace/edit", data=values).status_code == 303
    [first] = drafts(store_path)
    notes = ox.NamedNode(store.graph_iri("internal/notes"))
    description = ox.NamedNode("http://purl.org/dc/terms/description")
    note = ox.Literal("Intern: Ansprechperson wechselt im Mai", language="de")
    writer.commit(
        Change(add=[ox.Quad(ox.NamedNode(NORD), description, note, notes)]),
        ChangeMeta(author="otto", origin=ORIGIN_LOAD, comment="interne Notiz"),
    )
    page = editor.get("/workspace/edit", query_string={"iri": NORD}).get_data(as_text=True)
    assert "Ihr Entwurf vom" in page
    again = _form_values_with_texts(page)
    assert "ASI Nord" in again["skos-altLabel@de"]
    assert note.value in again["dcterms-description@de"]  # the form shows the note
    # Saved again as it is shown (a reviewer found it in conflict): "Nichts geändert", and
    # the draft stayed unpublishable. It is put on the current version.
    unchanged = editor.post("/workspace/edit", data=again)
    assert unchanged.status_code == 303 and "unchanged=1" not in unchanged.headers["Location"]
    [rebased] = drafts(store_path)
    assert rebased["id"] != first["id"]
    assert writer.history.bases(rebased["id"])[NORD] == version_of_nord(writer)
    page = editor.get("/workspace/edit", query_string={"iri": NORD}).get_data(as_text=True)
    again = _form_values_with_texts(page)
    again["schema-foundingDate"] = ["2011"]
    again["comment"] = ["Gründungsjahr"]
    response = editor.post("/workspace/edit", data=again)
    assert response.status_code == 303, html.unescape(response.get_data(as_text=True))[-1500:]
    [joined] = drafts(store_path)
    assert joined["id"] not in (first["id"], rebased["id"])
    assert writer.history.get(first["id"]).status == "superseded"
    added = writer.history.payload(joined["id"])[0].decode()
    assert "ASI Nord" in added and '"2011"^^' in added
    assert "Ansprechperson" not in added  # the note was applied already, not drafted again
    reviewer = login(app.test_client(), "reviewer", name="rita")
    assert reviewer.get("/workspace/review").status_code == 200
    publish(writer, joined["id"], reviewer="rita")  # based on the current version: no conflict
    names = {q.object.value for q in store.quads(ox.NamedNode(NORD), None) if q.object.value}
    assert {"ASI Nord", "Intern: Ansprechperson wechselt im Mai"} <= names


def test_the_page_after_saving_tells_what_became_of_the_draft_since(
    make_app: Callable[..., Flask],
) -> None:
    """Audit: the page after saving a draft said "Als Entwurf zur Prüfung gespeichert" and
    offered "Entwurf korrigieren" for as long as it was reloaded (or reached again by the
    form sent twice), after a reviewer had rejected the draft or published it. It says what
    became of it: rejected (by whom, why), published, or replaced by a later draft."""
    from akteursgraph.changes import reject

    app = make_app()
    writer = app.extensions["akteursgraph.writer"]
    editor = login(app.test_client(), "editor")
    values = _form_values(
        editor.get("/workspace/edit", query_string={"iri": NORD}).get_data(as_text=True)
    )
    values["schema-foundingDate"] = ["2012"]
    response = editor.post("/workspace/edit", data=values)
    assert response.status_code == 303
    after = response.headers["Location"]
    page = html.unescape(editor.get(after).get_data(as_text=True))
    assert "Als Entwurf zur Prüfung gespeichert" in page and "Entwurf korrigieren" in page
    reject(writer.history, _change_from(after), reviewer="rita", comment="Jahr unbelegt")
    page = html.unescape(editor.get(after).get_data(as_text=True))
    assert "<h1>Entwurf abgelehnt</h1>" in page
    assert "rita" in page and "Jahr unbelegt" in page
    assert "Entwurf korrigieren" not in page and "Als Entwurf zur Prüfung" not in page
    # the form sent again (a double click): the same page, saying the same
    again = editor.post("/workspace/edit", data=values)
    assert again.headers["Location"] == after
    # published after review
    values = _form_values(
        editor.get("/workspace/edit", query_string={"iri": NORD}).get_data(as_text=True)
    )
    response = editor.post("/workspace/edit", data={**values, "schema-foundingDate": ["2013"]})
    after = response.headers["Location"]
    publish(writer, _change_from(after), reviewer="rita")
    page = html.unescape(editor.get(after).get_data(as_text=True))
    assert "<h1>Nach Prüfung veröffentlicht</h1>" in page and "rita" in page
    assert "Entwurf korrigieren" not in page
    # a new entry rejected: no public page to offer, nothing to edit
    status, location, _ = _new_organisation(editor)
    assert status == 303
    reject(writer.history, _change_from(location), reviewer="rita", comment="doppelt")
    page = html.unescape(editor.get(location).get_data(as_text=True))
    assert "<h1>Entwurf abgelehnt</h1>" in page and "doppelt" in page
    assert "Öffentliche Seite" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Zur Startseite des Arbeitsbereichs" in page


def test_the_conflict_page_shows_other_language_values_on_both_sides(
    make_app: Callable[..., Flask],
) -> None:
    """Audit: an entry with a French name, and a conflict: "their version" listed the French
    name, "your version" did not, as if saving would remove it. A save keeps the values in
    languages the form does not show, so both sides list it."""
    from akteursgraph.changes.model import ORIGIN_LOAD, ChangeMeta
    from akteursgraph.store import Change

    app = make_app()
    writer = app.extensions["akteursgraph.writer"]
    node = ox.NamedNode(NORD)
    alt = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
    public = next(q.graph_name for q in writer.store.quads(node, None))
    french = ox.Quad(
        node, alt, ox.Literal("Initiative des étudiants afro-allemands", language="fr"), public
    )
    writer.commit(Change(add=[french]), ChangeMeta(author="operator", origin=ORIGIN_LOAD))
    (first, mine), (second, opened) = _opened_by_two_editors(app, NORD)
    mine["schema-foundingDate"] = ["2020"]
    assert first.post("/workspace/edit", data=mine).status_code == 303
    opened["schema-foundingDate"] = ["2019"]
    response = second.post("/workspace/edit", data=opened)
    assert response.status_code == 409
    page = html.unescape(response.get_data(as_text=True))
    rows = re.findall(r"<tr([^>]*)>(.*?)</tr>", page, re.S)
    [(attributes, cells)] = [r for r in rows if "étudiants" in r[1]]
    assert cells.count("Initiative des étudiants afro-allemands (fr)") == 2, cells
    assert "differs" not in attributes  # the same on both sides


def test_the_conflict_page_is_kerns_and_names_only_the_fields_that_differ(
    make_app: Callable[..., Flask],
) -> None:
    """Issue 16, item 1 (KERN across the workspace) and issue 11, item 3 (a conflict shown,
    never merged). The conflict page drew a plain table and its message as bare text. It
    marked a field that differs by colour alone, and also the topics, whose same values only
    came in another order (the store's, and the form's by name). And it showed a website by
    the last part of its address ("maghreb-bruecke-moabit"), hiding the host."""
    (first, mine), (second, theirs) = _opened_by_two_editors(make_app(), MAGHREB)
    assert len(mine["dcterms-subject"]) > 1  # the topics, whose order differed
    theirs["schema-foundingDate"] = ["1993-03-01"]
    assert second.post("/workspace/edit", data=theirs).status_code == 303
    for lang, differs in (("de", "abweichend"), ("en", "differs")):
        mine["schema-foundingDate"] = ["1991-01-15"]
        response = first.post("/workspace/edit", data=mine, headers={"Accept-Language": lang})
        assert response.status_code == 409
        page = response.get_data(as_text=True)
        alert = re.search(r'<div class="kern-alert kern-alert--warning" role="alert">', page)
        assert alert, "the message is not in a KERN alert"
        region = re.search(
            r'<div class="workspace-table-scroll" role="region" aria-labelledby="([^"]+)" '
            r'tabindex="0">\s*<table class="kern-table workspace-conflict">',
            page,
        )
        assert region and f'id="{region.group(1)}"' in page  # a region with a name
        rows = {
            re.sub(r"<[^>]+>", " ", head).split()[0]: (attributes, head, cells)
            for attributes, head, cells in re.findall(
                r'<tr class="kern-table__row([^"]*)">\s*<th class="kern-table__header" '
                r'scope="row">(.*?)</th>(.*?)</tr>',
                page,
                re.S,
            )
        }
        founded = "Gründungsdatum" if lang == "de" else "Founding"
        topics = "Thema" if lang == "de" else "Topic"
        website = "Website"
        assert "differs" in rows[founded][0] and differs in rows[founded][1]
        different = [name for name, row in rows.items() if "differs" in row[0]]
        assert different == [founded], different
        assert all(differs not in row[1] for name, row in rows.items() if name != founded)
        assert rows[topics][2].count("<li>") >= 4  # both sides list them
        address = "example.org/maghreb-bruecke-moabit"  # as the review shows addresses
        assert rows[website][2].count(f"<li>{address}</li>") == 2, rows[website][2]


def test_her_own_draft_after_a_change_to_the_same_field_is_a_conflict_not_merged(
    make_app: Callable[..., Flask],
) -> None:
    """Review: her draft sets the founding year; then the year is changed directly (an
    operator's load). A field of one value shows only one of the two years: saving a
    correction made one draft without her year, dropped silently. Where a later change
    touched the draft's statements, her correction is the conflict page, which says how
    to get out (a reviewer rejects the draft), shows what she typed, and changes nothing."""
    from akteursgraph.changes.model import ORIGIN_LOAD, ChangeMeta
    from akteursgraph.store import Change

    app = make_app()
    writer = app.extensions["akteursgraph.writer"]
    store = writer.store
    editor = login(app.test_client(), "editor")
    values = _form_values(
        editor.get("/workspace/edit", query_string={"iri": NORD}).get_data(as_text=True)
    )
    values["schema-foundingDate"] = ["2012"]
    assert editor.post("/workspace/edit", data=values).status_code == 303
    [first] = drafts(store.path)
    node = ox.NamedNode(NORD)
    founding = ox.NamedNode("https://schema.org/foundingDate")
    year = ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    public = next(q.graph_name for q in store.quads(node, rdf_type))
    old = list(store.quads(node, founding))
    writer.commit(
        Change(
            add=[ox.Quad(node, founding, ox.Literal("2010", datatype=year), public)], remove=old
        ),
        ChangeMeta(author="operator", origin=ORIGIN_LOAD, comment="Gründungsjahr laut Register"),
    )
    page = editor.get("/workspace/edit", query_string={"iri": NORD}).get_data(as_text=True)
    again = _form_values(page)
    again["skos-altLabel@de"] = ["ASI Nord"]
    response = editor.post("/workspace/edit", data=again)
    assert response.status_code == 409
    text = html.unescape(response.get_data(as_text=True))
    assert "dieselben Angaben geändert" in text and "prüfende Person" in text
    assert "ASI Nord" in text  # what she typed, to copy
    # Carried over, it would meet the same refusal: only a reviewer's rejection helps, so
    # the page does not offer it (it did, and she went round in a loop; re-check walk).
    assert 'name="carry"' not in text
    assert "Vom aktuellen Stand neu beginnen" not in text  # the same refusal again
    # "Their version (current)" is the entry as it is (2010), not her draft (2012), which it
    # had shown (re-check walk).
    row = re.search(r"Gründungsdatum.*?</tr>", text, re.S)
    assert row, text
    theirs, draft, yours = re.findall(
        r'<td class="kern-table__cell">(.*?)</td>', row.group(0), re.S
    )
    assert "2010" in theirs and "2012" not in theirs, (theirs, yours)
    # Her draft's values in a column of their own: the clash, and what a rejection loses
    # (with the current version alone it was nowhere; second re-check).
    assert "Ihr Entwurf (gespeichert)" in text and "2012" in draft, draft
    assert "abweichend" in row.group(0)
    assert "sobald eine prüfende Person Ihren Entwurf abgelehnt hat" in text
    [still] = drafts(store.path)
    assert still["id"] == first["id"]
    assert '"2012"' in writer.history.payload(first["id"])[0].decode()


def _not_kern(page: str) -> list[str]:
    """The controls of the page's entity form that are not KERN's (issue 16, item 1)."""
    return not_kern(page, lambda form: "entity-form" in (form.get("class") or "").split())


def test_every_control_of_the_entity_forms_is_kerns(make_app: Callable[..., Flask]) -> None:
    """Issue 16, item 1 ("one look ... and staff workspace", KERN UX for forms): the entry
    forms drew the browser's own fields, checkboxes and grey buttons, where every other page
    of the workspace uses KERN's. Each form of each kind, an entry being edited, a form sent
    back with a message, and the search-and-choose step without JavaScript."""
    editor = login(make_app().test_client(), "editor")
    start = editor.get("/workspace/new").get_data(as_text=True)
    kinds = re.findall(r'href="/workspace/new/([a-z]+)"', start)
    assert len(kinds) >= 7, kinds
    pages = {kind: editor.get(f"/workspace/new/{kind}").get_data(as_text=True) for kind in kinds}
    pages["edit"] = editor.get("/workspace/edit", query_string={"iri": NORD}).get_data(as_text=True)
    status, _, pages["refused"] = _new_organisation(
        editor, **{"schema-foundingDate": ["2019-02-30"], "org-classification": []}
    )
    assert status == 400 and "field-error" in pages["refused"]
    pages["find"] = editor.post(
        "/workspace/new/organisations",
        data={
            "csrf_token": _token(pages["organisations"]),
            "cooperates-with-q": ["Studierendeninitiative"],
            "cooperates-with": [""],
            "find": "cooperates-with",
        },
    ).get_data(as_text=True)
    assert 'id="cooperates-with-0-choice"' in pages["find"]
    wrong = {name: found for name, page in pages.items() if (found := _not_kern(page))}
    assert not wrong, wrong


def test_an_editor_whose_waiting_draft_removes_an_entry_is_told_so_not_that_it_is_unknown(
    make_app: Callable[..., Flask],
) -> None:
    """Her revert of the entry's creation waited for review; its form answered 404, "it does
    not exist", while its public page still stood, and said nothing of her draft or of how
    to keep the entry (workspace walk). A colleague still edits it, told of her draft."""
    from akteursgraph.changes import ORIGIN_FORM, ChangeMeta, Draft, submit
    from akteursgraph.store import Change

    from .test_changes import EX, organisation

    app = make_app()
    writer: Writer = app.extensions["akteursgraph.writer"]
    quads = organisation("doppelt", "Doppelter Verein", "Duplicate club")
    made = ChangeMeta(author="admin", origin=ORIGIN_FORM, comment="angelegt")
    submit(writer, Change(add=quads), made, review_required=False)
    meta = ChangeMeta(author="editor", origin=ORIGIN_FORM, comment="doppelt angelegt")
    draft = submit(writer, Change(remove=quads), meta, review_required=True)
    assert isinstance(draft, Draft)
    iri = EX + "organisation/doppelt"
    editor = login(app.test_client(), "editor")
    for lang, said in (
        ("de", "Ihr Entwurf, der auf Prüfung wartet, entfernt diesen Eintrag"),
        ("en", "Your draft waiting for review removes this entry"),
    ):
        answer = editor.get("/workspace/edit", query_string={"iri": iri, "lang": lang})
        assert answer.status_code == 409, lang
        text = html.unescape(answer.get_data(as_text=True))
        assert said in text and draft.change_id in text, text[-3000:]
        assert "does not exist" not in text and "gibt ihn nicht" not in text
    # Sent back after its token expired: refused as an expired form, not a server error
    # (the refusal read the entry again, and the conflict escaped it: a 500, re-check).
    expired = editor.post("/workspace/edit", query_string={"iri": iri}, data={"csrf_token": "x"})
    assert expired.status_code == 400, expired.status_code
    colleague = login(app.test_client(), "editor", name="editor2")
    assert colleague.get("/workspace/edit", query_string={"iri": iri}).status_code == 200


def test_enter_after_typing_a_links_name_finds_it_first(make_app: Callable[..., Flask]) -> None:
    """Re-check: the form's default button (Enter) saves; without JavaScript, Enter in a
    link's search box then saved the whole form with an entry the editor never saw. A name
    just typed is looked up and shown first; the next Enter saves."""
    app = make_app()
    editor = login(app.test_client(), "editor")
    store_path = app.extensions["akteursgraph.store"].path
    status, _where, body = _new_organisation(editor, **{"cooperates-with": ["", ""]},
                                             enter="1")  # fmt: skip
    assert status == 200 and drafts(store_path) == []
    assert re.search(rf'name="cooperates-with" id="cooperates-with-0-iri" value="{NORD}"', body)
    status, _where, _body = _new_organisation(editor, enter="1")  # chosen already: saves
    assert status == 303 and len(drafts(store_path)) == 1


def test_a_checkbox_groups_error_is_said_by_each_of_its_boxes(
    make_app: Callable[..., Flask],
) -> None:
    """The kind of organisation missing, its group's error stood after the legend, and its
    boxes neither were marked invalid nor described by it: a screen reader entering the
    group at a box did not read it (accessibility walk, WCAG 3.3.1)."""
    app = make_app()
    editor = login(app.test_client(), "editor")
    status, _location, body = _new_organisation(editor, **{"org-classification": []})
    assert status == 400, status
    assert 'id="org-classification-error"' in body
    boxes = re.findall(
        r'<input class="kern-form-check__checkbox"[^>]*name="org-classification"[^>]*>', body
    )
    assert boxes
    for box in boxes:
        assert 'aria-invalid="true"' in box and 'aria-describedby="org-classification-error"' in box
    topics = re.findall(
        r'<input class="kern-form-check__checkbox"[^>]*name="dcterms-subject"[^>]*>', body
    )
    assert topics and not any("aria-invalid" in box for box in topics)  # only where the error is


def test_a_link_whose_search_text_is_emptied_is_removed_without_the_script(
    make_app: Callable[..., Flask],
) -> None:
    """Without JavaScript an emptied link box kept its chosen entry (the hidden address):
    "Nichts geändert", and the district stayed (keyboard walk). The script empties the
    address with the text; without it, the server reads an emptied text so."""
    app = make_app()
    editor = login(app.test_client(), "editor")
    page = editor.get("/workspace/edit", query_string={"iri": MAGHREB}).get_data(as_text=True)
    values = _form_values(page)
    districts = [v for v in values["ag-district"] if v]
    assert districts, values.get("ag-district")
    values["ag-district-q"] = ["" for _ in values["ag-district-q"]]
    values["comment"] = ["Bezirk entfernt"]
    response = editor.post("/workspace/edit", data=values)
    assert response.status_code == 303, response.get_data(as_text=True)
    change = _change_from(response.headers["Location"])
    _added, removed = app.extensions["akteursgraph.writer"].history.payload(change, "draft")
    assert all(f"<{d}>" in removed.decode() for d in districts), removed
    # An untouched box keeps its link: saving the form as it came changes nothing there.
    page = editor.get("/workspace/edit", query_string={"iri": NORD}).get_data(as_text=True)
    values = _form_values(page)
    kept = [v for v in values.get("ag-district", []) if v]
    values["schema-foundingDate"] = ["2001"]
    response = editor.post("/workspace/edit", data=values)
    assert response.status_code == 303
    _added, removed = app.extensions["akteursgraph.writer"].history.payload(
        _change_from(response.headers["Location"]), "draft"
    )
    assert not any(f"<{d}>" in removed.decode() for d in kept)


def test_a_form_sent_back_with_problems_does_not_grow_by_an_empty_row_each_time(
    make_app: Callable[..., Flask],
) -> None:
    """Each round of a form with a problem added one more empty row to every repeatable
    field: after two, "Andere Bezeichnung" four times, "Quelle 1-4" (keyboard walk)."""
    app = make_app()
    editor = login(app.test_client(), "editor")

    def rows(page: str) -> dict[str, int]:
        counted: dict[str, int] = {}
        for name in re.findall(r'<(?:input|textarea)\b[^>]*\bname="([^"]+)"', page):
            counted[name] = counted.get(name, 0) + 1
        return counted

    page = editor.get("/workspace/new/organisations").get_data(as_text=True)
    first = rows(page)
    for _ in range(3):
        values = _form_values_with_texts(page)
        values["schema-foundingDate"] = ["1992-02-30"]  # a problem: the form comes back
        answer = editor.post("/workspace/new/organisations", data=values)
        assert answer.status_code == 400
        page = answer.get_data(as_text=True)
        again = rows(page)
        for name in ("skos-altLabel@de", "dcterms-source", "foaf-homepage", "cooperates-with-q",
                     "ag-district-q", "schema-knowsLanguage"):  # fmt: skip
            assert first.get(name) and again.get(name) == first.get(name), (name, again, first)


def test_a_refused_form_says_so_in_its_title_and_its_summary_takes_the_focus(
    make_app: Callable[..., Flask],
) -> None:
    """Without JavaScript the focus stood at the page's start after a refused save, and its
    title was the form's, unchanged: a screen reader did not hear that anything failed
    (keyboard walk; WCAG 3.3.1, 2.4.3). The server says it now, in both languages."""
    app = make_app()
    editor = login(app.test_client(), "editor")
    status, _location, body = _new_organisation(editor, **{"schema-foundingDate": ["1992-02-30"]})
    assert status == 400
    assert re.search(r"<title>Fehler: Neu: ", body), re.search(r"<title>.*</title>", body)
    assert re.search(r'<div class="form-problems[^>]*\bautofocus>', body)
    assert body.count(" autofocus") == 1  # one place to start
    page = editor.get("/workspace/new/organisations?lang=en").get_data(as_text=True)
    values = _form_values_with_texts(page)
    values["schema-foundingDate"] = ["1992-02-30"]
    answer = editor.post("/workspace/new/organisations", data=values)
    assert "<title>Error: New: " in answer.get_data(as_text=True)
    # A page without an error keeps its title.
    assert "<title>Neu: " in editor.get("/workspace/new/organisations?lang=de").get_data(
        as_text=True
    )


def test_an_events_organiser_is_required_and_its_refusal_stands_beside_it(
    make_app: Callable[..., Flask],
) -> None:
    """Walk of 2026-12-07: the new event's form marked no organiser as required, and sent
    without one it said "An event needs at least one organising organisation" at the top
    only, tied to no field. The rule is a node shape's `sh:or` (a historical event needs
    none); the field now says it is required, and the refusal stands beside it."""
    forms = load_forms().forms
    organiser = "https://schema.org/organizer"
    assert forms["https://schema.org/Event"].field(organiser).required  # type: ignore[union-attr]
    historical = forms["https://w3id.org/akteursgraph/ontology#HistoricalEvent"].field(organiser)
    assert historical is not None and not historical.required
    editor = login(make_app().test_client(), "editor")
    page = editor.get("/workspace/new/events?lang=en").get_data(as_text=True)
    legend = re.search(r'id="schema-organizer-label">(.*?)</legend>', page, flags=re.S)
    assert legend and "(required)" in legend.group(1), legend
    first = re.search(r'<input\b[^>]*name="schema-organizer-q"[^>]*>', page)
    assert first and 'aria-required="true"' in first.group(0), first
    data = {**_form_values(page), "skos-prefLabel@de": ["Lesung ohne Veranstalter"],
            "schema-startDate": ["2026-05-04"]}  # fmt: skip
    refused = editor.post("/workspace/new/events?lang=en", data=data)
    shown = refused.get_data(as_text=True)
    assert refused.status_code == 400
    field = re.search(r'<input\b[^>]*name="schema-organizer-q"[^>]*>', shown)
    assert field and 'aria-invalid="true"' in field.group(0), field
    described = re.search(r'aria-describedby="([^"]*)"', field.group(0))
    assert described and described.group(1) == "schema-organizer-error", field.group(0)
    error = re.search(r'id="schema-organizer-error">(.*?)</', shown, flags=re.S)
    assert error and "organising organisation" in error.group(1), error


def test_a_memorial_is_edited_with_the_form_of_the_colonial_history_sites(
    make_app: Callable[..., Flask],
) -> None:
    """Staff walk: a memorial plaque, typed `ag:Memorial` alone (its superclass
    `ag:ColonialHistorySite` is only inferred), had no form ("Diesen Eintrag bearbeitet kein
    Formular", 404), though the forms are meant for the most specific class with a shape."""
    plaque = "https://w3id.org/akteursgraph/mitte/site/gedenktafel-berliner-afrika-konferenz"
    editor = login(make_app().test_client(), "editor")
    page = editor.get("/workspace/edit", query_string={"iri": plaque})
    assert page.status_code == 200, page.get_data(as_text=True)[:300]
    assert "Gedenktafel" in html.unescape(page.get_data(as_text=True))
    models = load_forms()
    memorial = models.form_for_types(["https://w3id.org/akteursgraph/ontology#Memorial"])
    assert memorial is not None
    assert memorial.target == "https://w3id.org/akteursgraph/ontology#ColonialHistorySite"


def test_a_latitude_out_of_range_is_said_as_such(make_app: Callable[..., Flask]) -> None:
    """Staff walk: a site with latitude 95 was told "Ein Ort braucht genau eine Breite", as if
    none had been given. The rule now names what it asks and what may be wrong."""
    site = "https://w3id.org/akteursgraph/mitte/site/manga-bell-platz"
    editor = login(make_app().test_client(), "editor")
    page = editor.get("/workspace/edit", query_string={"iri": site}).get_data(as_text=True)
    values = _form_values_with_texts(page)
    values["wgs-lat"] = ["95"]
    refused = editor.post("/workspace/edit", data=values)
    assert refused.status_code == 400
    said = html.unescape(refused.get_data(as_text=True))
    assert "ist genau eine Dezimalzahl von -90 bis 90" in said and "außerhalb" in said
    assert "braucht genau eine Breite" not in said


def test_a_rule_that_asks_for_an_address_of_a_form_shows_the_form(
    make_app: Callable[..., Flask],
) -> None:
    """Staff walk: a person's Wikidata link typed as the address bar shows it
    (…/wiki/Q42) was refused with "nur ein Wikidata-Objekt oder ein GND-Eintrag", a Wikidata
    item having been given: the form's plain words dropped the bracket with the address form
    the rule asks for (http://www.wikidata.org/entity/Q…)."""
    editor = login(make_app().test_client(), "editor")
    page = editor.get("/workspace/new/people").get_data(as_text=True)
    values = _form_values_with_texts(page)
    values["skos-prefLabel@de"] = ["Erika Testperson"]
    values["owl-sameAs"] = ["https://www.wikidata.org/wiki/Q42"]
    refused = editor.post("/workspace/new/people", data=values)
    assert refused.status_code == 400
    said = html.unescape(refused.get_data(as_text=True))
    assert "(http://www.wikidata.org/entity/Q…)" in said and "(https://d-nb.info/gnd/…)" in said


PLACE = "https://w3id.org/akteursgraph/mitte/place/"


def test_a_link_field_offers_only_entries_of_the_class_it_links_to(
    make_app: Callable[..., Flask],
) -> None:
    """Staff walk: "Moabit" in an organisation's district field offered organisations,
    projects and cooperations named after Moabit, and "Manga Bell" in an event's place
    people and naming steps; choosing one was refused on saving. Type-ahead and "Suchen"
    now offer the entries of the field's class and its subclasses (a memorial is a site)."""
    editor = login(make_app().test_client(), "editor")
    page = editor.get("/workspace/new/organisations").get_data(as_text=True)
    district = re.search(r'id="ag-district-0"[^>]*?data-suggest="([^"]+)"', page, re.S)
    assert district, "the district field has no type-ahead"
    offered = editor.get(html.unescape(district.group(1)) + "&q=Moabit").get_json()
    assert offered and {r["kind"] for r in offered} == {"other"}, offered
    assert "Moabit" in [r["label"] for r in offered]
    everything = editor.get("/workspace/suggest", query_string={"q": "Moabit"}).get_json()
    assert any(r["kind"] == "organisations" for r in everything)  # what it offered before
    values = _form_values_with_texts(page)
    values.update({"ag-district-q": ["Moabit"], "ag-district": [""], "find": ["ag-district"]})
    found = editor.post("/workspace/new/organisations", data=values).get_data(as_text=True)
    # Among the areas, one is named "Moabit": chosen at once (among every kind, several
    # entries bear the name and a list was offered).
    assert 'name="ag-district" id="ag-district-0-iri" value="' + PLACE + 'moabit"' in found
    places = editor.get(
        "/workspace/suggest",
        query_string={"q": "Gedenktafel", "cls": "https://schema.org/Place"},
    ).get_json()
    assert "https://w3id.org/akteursgraph/mitte/site/gedenktafel-berliner-afrika-konferenz" in [
        r["iri"] for r in places
    ]


def test_find_says_what_it_chose_and_what_it_needs(make_app: Callable[..., Flask]) -> None:
    """Staff walk: "Suchen" on a name that names one entry chose it and said nothing (no
    status, the focus on the page's start), and on an empty field likewise: a keyboard or
    screen-reader user could not tell that anything had happened (WCAG 4.1.3)."""
    editor = login(make_app().test_client(), "editor")
    page = editor.get("/workspace/new/organisations").get_data(as_text=True)
    asked = "Bitte zuerst einen Namen (oder einen Teil davon) eingeben."
    for typed, said in (("Moabit", "Gewählt: „Moabit“."), ("", asked)):
        values = _form_values_with_texts(page)
        values.update({"ag-district-q": [typed], "ag-district": [""], "find": ["ag-district"]})
        answer = editor.post("/workspace/new/organisations", data=values)
        assert answer.status_code == 200
        status = re.search(
            r'<div [^>]*role="status" id="form-lookups"[^>]*>(.*?)</div>\s*</div>',
            html.unescape(answer.get_data(as_text=True)),
            re.S,
        )
        assert status and said in status.group(1), typed
        assert 'href="#ag-district-0"' in status.group(1)
