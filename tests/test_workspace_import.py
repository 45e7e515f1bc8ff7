"""The workspace's lists in and out (issue 15, items 1 and 5): upload, preview per row in a
background job with a progress page, one change set for review, export as XLSX and CSV.
The real app on a copy of the example store, the example's own lists and mappings."""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Callable
from html import unescape as html_unescape
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from python_calamine import CalamineWorkbook

from akteursgraph.changes import History
from akteursgraph.importing.uploads import UPLOADS_DIR
from akteursgraph.resources import mappings_dir

from .conftest import csrf_token, dump, login

LISTS = mappings_dir().parent / "lists"
ORGANISATIONS = LISTS / "organisationen.csv"


def _staff(app: Flask, role: str, name: str | None = None) -> FlaskClient:
    """A logged-in client that reads the pages in English (the tests' words)."""
    client = login(app.test_client(), role, name=name)
    client.set_cookie("lang", "en")
    return client


def _upload(
    client: FlaskClient, data: bytes, name: str = "organisationen.csv", **fields: str
) -> str:
    """Upload a list with the form as a browser sends it; returns the job's token."""
    form = {"csrf_token": csrf_token(client, "/workspace/"), "mapping": "organisationen", **fields}
    response = client.post(
        "/workspace/import",
        data={**form, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    found = re.search(r"/workspace/import/([A-Za-z0-9_-]+)$", response.headers["Location"])
    assert found
    return found.group(1)


def _finished(client: FlaskClient, token: str) -> str:
    """Wait for the job as the progress page's script does; then the report page."""
    deadline = time.monotonic() + 120
    while True:
        status = client.get(f"/workspace/import/{token}/status").get_json()
        assert set(status) >= {"state", "done", "total", "percent", "text"}
        if status["state"] != "running":
            break
        assert time.monotonic() < deadline, status
        time.sleep(0.1)
    page = client.get(f"/workspace/import/{token}")
    return page.get_data(as_text=True)


def _bad_row(text: str) -> bytes:
    """The example list with the second organisation's founding date a day that never was."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if "Sahel-Brücke" in line)
    lines[at] = lines[at].replace("03/2019", "31.02.2019")
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_the_preview_of_an_example_list_shows_each_row_and_writes_nothing(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app()
    client = _staff(app, "editor")
    before = dump(app.extensions["akteursgraph.store"])
    token = _upload(client, ORGANISATIONS.read_bytes())
    progress = client.get(f"/workspace/import/{token}").get_data(as_text=True)
    assert "<progress" in progress or "Report per row" in progress  # fast machines finish
    page = _finished(client, token)
    assert "Report per row" in page
    for name in ("Kiezwerkstatt Globales Lernen", "Sahel-Brücke Moabit", "Dachnetzwerk"):
        assert name in page
    # two new organisations, one the example store holds already (found by its name)
    assert "2 new, 1 changed, 0 unchanged, 0 with problems, 1 with possible duplicates" in page
    sahel = re.search(r"<tr[^>]*>\s*<th[^>]*>5</th>.*?</tr>", page, re.S)
    assert sahel and "new" in sahel.group(0)
    assert re.search(r'href="/workspace/history\?iri=[^"]+">Sahel-Brücke Wedding', sahel.group(0))
    assert 'type="submit" disabled' not in page
    assert dump(app.extensions["akteursgraph.store"]) == before
    report = client.get(f"/workspace/import/{token}/report.csv").get_data(as_text=True)
    assert report.count(";created;") == 2 and report.count(";changed;") == 1
    # another account cannot see the job
    other = _staff(app, "editor", name="editor2")
    assert other.get(f"/workspace/import/{token}").status_code == 404
    assert other.get(f"/workspace/import/{token}/status").status_code == 404


def test_the_progress_page_has_a_bar_a_live_text_a_script_and_a_fallback(
    make_app: Callable[..., Flask],
) -> None:
    """Caught while running: the job is made to wait until the page has been read."""
    app = make_app()
    client = _staff(app, "editor")
    token = _upload(client, ORGANISATIONS.read_bytes())
    job = app.extensions["akteursgraph.import-jobs"][token]
    while job.state == "running":
        time.sleep(0.05)
    job.state = "running"  # as if still at work: the page a person sees meanwhile
    job.progress(500, 2000)
    page = client.get(f"/workspace/import/{token}").get_data(as_text=True)
    assert '<progress id="import-progress" max="100" value="25"' in page
    assert 'aria-live="polite"' in page and "500 of 2,000 rows checked." in page
    german = client.get(f"/workspace/import/{token}/status?lang=de").get_json()
    assert german["text"] == "500 von 2.000 Zeilen geprüft."  # audit: was "2000 Zeilen"
    assert 'http-equiv="refresh"' in page and "workspace-import.js" in page
    assert client.get(f"/workspace/import/{token}/status").get_json()["percent"] == 25
    script = client.get("/static/workspace-import.js")
    assert script.status_code == 200 and b"progress" in script.data
    script.close()
    job.state = "done"


def test_a_file_with_one_bad_row_shows_it_and_cannot_be_submitted(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app()
    client = _staff(app, "editor")
    before = dump(app.extensions["akteursgraph.store"])
    token = _upload(client, _bad_row(ORGANISATIONS.read_text(encoding="utf-8")))
    page = _finished(client, token)
    row = re.search(r"<tr[^>]*__invalid.*?</tr>", page, re.S)
    assert row, page
    assert "Sahel-Brücke Moabit" in row.group(0) and "Gründung" in row.group(0)
    assert ">5</th>" in row.group(0)  # the row's number as the spreadsheet shows it
    # listed first, as the page says, before the good rows of the lines above it
    first = re.search(r"<tbody.*?<tr[^>]*>(.*?)</tr>", page, re.S)
    assert first and "Sahel-Brücke Moabit" in first.group(1), page
    assert "1 with problems" in page
    assert re.search(r'type="submit" disabled aria-describedby="import-why"', page)
    refused = client.post(
        f"/workspace/import/{token}/submit",
        data={"csrf_token": csrf_token(client, "/workspace/")},
    )
    assert refused.status_code == 409
    assert "The list still has problems" in refused.get_data(as_text=True)  # not Werkzeug's
    assert dump(app.extensions["akteursgraph.store"]) == before
    assert History(Path(app.config["STORE_PATH"])).drafts() == []


def test_a_good_file_becomes_one_draft_for_review(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    client = _staff(app, "editor")
    before = dump(app.extensions["akteursgraph.store"])
    token = _upload(client, ORGANISATIONS.read_bytes(), comment="Bestandsaufnahme 10/2025")
    _finished(client, token)
    submitted = client.post(
        f"/workspace/import/{token}/submit",
        data={"csrf_token": csrf_token(client, "/workspace/")},
    )
    assert submitted.status_code == 303
    again = client.post(  # a second click
        f"/workspace/import/{token}/submit",
        data={"csrf_token": csrf_token(client, "/workspace/")},
    )
    assert again.status_code == 303
    page = _finished(client, token)
    assert "saved as one draft" in page
    assert dump(app.extensions["akteursgraph.store"]) == before  # waits for review
    drafts = History(Path(app.config["STORE_PATH"])).drafts()
    assert len(drafts) == 1
    draft = drafts[0]
    # Audit: "saved as one draft (cs-…)": the id is no word; it stands beside, as a code.
    assert "The list was saved as one draft. A reviewer checks it" in page
    assert f'<code class="workspace-change-id">{draft.id}</code>' in page
    assert draft.origin == "import" and draft.author == "editor"
    assert draft.comment == "Bestandsaufnahme 10/2025"
    assert draft.detail["files"][0]["name"] == "organisationen.csv"
    assert not (Path(app.config["STORE_PATH"]) / UPLOADS_DIR / token).exists()
    reviewer = _staff(app, "reviewer")
    queue = reviewer.get("/workspace/review").get_data(as_text=True)
    assert draft.id in queue and "Bestandsaufnahme 10/2025" in queue


def test_a_list_of_internal_entries_is_not_promised_a_review(
    make_app: Callable[..., Flask],
) -> None:
    """Exploratory walks (twice): the preview of a speakers' list (living persons: internal
    graphs only) said a reviewer would check it, with "Submit for review"; it applied at
    once ("angewandt"). The page says what happens before it is sent."""
    app = make_app()
    client = _staff(app, "editor")
    speakers = ORGANISATIONS.parent / "referentinnen.csv"
    token = _upload(client, speakers.read_bytes(), name="referentinnen.csv",
                    mapping="referentinnen")  # fmt: skip
    page = _finished(client, token)
    assert "saved at once: it changes only internal data" in page, page
    assert "Submit for review" not in page and ">Import</span></button>" in page
    token = _upload(client, ORGANISATIONS.read_bytes())
    page = _finished(client, token)
    assert "a reviewer checks it before it is published" in page
    assert ">Submit for review</span></button>" in page


def test_the_report_page_names_the_columns_the_mapping_does_not_read(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app()
    client = _staff(app, "editor")
    token = _upload(client, b"Name;Art;Beschreibng\nKiez A;e.V.;Text\n", name="typo.csv")
    page = _finished(client, token)
    notes = page.split('id="import-notes"', 1)[1].split("</div>", 2)[0]
    assert "The mapping does not read these columns; they are passed over: Beschreibng." in notes


def test_a_file_with_a_very_long_name_is_uploaded_with_its_name_shortened(
    make_app: Callable[..., Flask],
) -> None:
    """Exploratory test: a name over 255 bytes gave the server's English error page (500) and
    left an empty upload folder behind."""
    app = make_app()
    client = _staff(app, "editor")
    name = "Bestandsaufnahme-" + "ä" * 150 + ".csv"
    token = _upload(client, ORGANISATIONS.read_bytes(), name=name)
    page = _finished(client, token)
    assert "Bestandsaufnahme-ää" in page and "….csv" in page


def test_the_mappings_german_names_are_marked_on_english_pages(
    make_app: Callable[..., Flask],
) -> None:
    """Audit (WCAG 3.1.2): the shipped mappings' names and headers are German ("Organisationen",
    "Themen"), and were read out in the English page's language. Marked with their language
    (`[list] language`, German unless a mapping says otherwise); on German pages, nothing."""
    client = _staff(make_app(), "editor")
    english = client.get("/workspace/import?lang=en").get_data(as_text=True)
    assert '<option value="organisationen" lang="de"' in english
    assert 'edit “<span lang="de">Organisationen</span>”' in english
    export = client.get("/workspace/export?mapping=organisationen&lang=en").get_data(as_text=True)
    assert 'Only with <span lang="de">Themen</span>' in export
    german = client.get("/workspace/import?lang=de").get_data(as_text=True)
    assert '<option value="organisationen" lang=' not in german


def test_a_mapping_with_a_mistake_is_named_beside_its_field(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app()
    client = _staff(app, "editor")
    edit = client.get("/workspace/import?edit=organisationen").get_data(as_text=True)
    assert "[[columns]]" in edit and 'id="import-mapping-text"' in edit
    text = (mappings_dir() / "organisationen.toml").read_text(encoding="utf-8")
    broken = text.replace('type = "date"', 'type = "datum"')
    response = client.post(
        "/workspace/import",
        data={
            "csrf_token": csrf_token(client, "/workspace/"),
            "mapping": "",
            "mapping_text": broken,
            "file": (io.BytesIO(ORGANISATIONS.read_bytes()), "organisationen.csv"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'aria-describedby="import-mapping-text-hint import-mapping-text-error"' in page
    error = re.search(r'<p class="kern-error" id="import-mapping-text-error">(.*?)</p>', page, re.S)
    assert error and "type" in error.group(1) and "zuordnung.toml [[columns]] #6" in error.group(1)
    assert str(app.config["STORE_PATH"]) not in page
    assert not any((Path(app.config["STORE_PATH"]) / UPLOADS_DIR).iterdir())
    # a file that is no list, and none at all
    odd = client.post(
        "/workspace/import",
        data={
            "csrf_token": csrf_token(client, "/workspace/"),
            "mapping": "organisationen",
            "file": (io.BytesIO(b"x"), "notes.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert odd.status_code == 400 and 'id="import-file-error"' in odd.get_data(as_text=True)


def test_lists_go_out_as_xlsx_and_csv_filtered_by_a_value(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    app = make_app()
    client = _staff(app, "viewer")
    page = client.get("/workspace/export?mapping=organisationen").get_data(as_text=True)
    options = re.findall(r'<option value="([^"]+)"', page)
    assert "Themen" in page and options
    xlsx = client.get("/workspace/export?mapping=organisationen&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.mimetype.endswith("spreadsheetml.sheet")
    (tmp_path / "o.xlsx").write_bytes(xlsx.data)
    rows = CalamineWorkbook.from_path(str(tmp_path / "o.xlsx")).get_sheet_by_index(0).to_python()
    assert rows[0][:2] == ["IRI", "Name"] and len(rows) > 2
    themes = rows[0].index("Themen")
    held = [set(r[themes].split(", ")) - {""} for r in rows[1:]]
    topic = next(t for t in sorted(set().union(*held)) if sum(t in h for h in held) < len(held))
    assert topic in options
    index = re.findall(r'name="(filter-\d+)"', page)[
        re.findall(r"Only with (?:<span lang=\"de\">)?([^<]+)(?:</span>)?</label>", page).index(
            "Themen"
        )
    ]
    csv_response = client.get(
        "/workspace/export",
        query_string={"mapping": "organisationen", "format": "csv", index: topic},
    )
    assert csv_response.status_code == 200
    table = list(csv.reader(io.StringIO(csv_response.data.decode("utf-8-sig")), delimiter=";"))
    assert table[0] == [str(c) for c in rows[0]]
    assert len(table) - 1 == sum(topic in h for h in held) >= 1
    assert all(topic in r[themes].split(", ") for r in table[1:])
    assert client.get("/workspace/export?mapping=nope").status_code == 400


def test_roles_viewers_export_but_do_not_import(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    anonymous = app.test_client()
    assert anonymous.get("/workspace/import").status_code == 302
    assert anonymous.get("/workspace/export").status_code == 302
    viewer = _staff(app, "viewer")
    assert viewer.get("/workspace/import").status_code == 403
    assert viewer.get("/workspace/export").status_code == 200
    start = viewer.get("/workspace/").get_data(as_text=True)
    assert "/workspace/export" in start and "/workspace/import" not in start
    editor = _staff(app, "editor")
    start = editor.get("/workspace/").get_data(as_text=True)
    assert "/workspace/import" in start and "/workspace/export" in start
    german = editor.get("/workspace/import?lang=de").get_data(as_text=True)
    assert "Liste importieren" in german and ">Vorschau<" in german


def test_viewers_export_public_data_only(make_app: Callable[..., Flask]) -> None:
    """A person's internal data is for editors and up, in a list as in the history."""
    app = make_app()

    def speakers(role: str) -> list[list[str]]:
        client = _staff(app, role)
        answer = client.get("/workspace/export?mapping=referentinnen&format=csv")
        assert answer.status_code == 200
        text = answer.data.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text), delimiter=";"))

    viewer, editor = speakers("viewer"), speakers("editor")
    assert viewer[0] == editor[0]
    assert {r[0] for r in viewer[1:]} < {r[0] for r in editor[1:]}


def test_a_sheet_that_is_not_there_is_named_on_the_report_page(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app()
    client = _staff(app, "editor")
    token = _upload(client, ORGANISATIONS.read_bytes(), sheet="Tabelle9")
    page = client.get(f"/workspace/import/{token}")
    while "import-progress" in page.get_data(as_text=True):
        time.sleep(0.1)
        page = client.get(f"/workspace/import/{token}")
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    assert 'role="alert"' in text and "Tabelle9" in text and "Upload a list again" in text
    assert "Submit for review" not in text


def test_an_edited_or_uploaded_mapping_is_the_one_the_preview_and_the_draft_use(
    make_app: Callable[..., Flask],
) -> None:
    """The office renamed the column "Name" to "Bezeichnung" in its list and in the mapping.
    The shipped mapping (still chosen in the form) cannot read that list; the edited one can,
    and it is the one the preview and the submitted draft use."""
    app = make_app()
    client = _staff(app, "editor")
    shipped = (mappings_dir() / "organisationen.toml").read_text(encoding="utf-8")
    assert shipped.count('header = "Name"\n') == 1
    edited = shipped.replace('header = "Name"\n', 'header = "Bezeichnung"\n')
    text = ORGANISATIONS.read_text(encoding="utf-8")
    assert text.count("IRI;Name;") == 1
    renamed = text.replace("IRI;Name;", "IRI;Bezeichnung;").encode("utf-8")

    # The shipped mapping misses the renamed column: the list is refused, naming it.
    token = _upload(client, renamed)
    page = client.get(f"/workspace/import/{token}")
    while "import-progress" in page.get_data(as_text=True):
        time.sleep(0.1)
        page = client.get(f"/workspace/import/{token}")
    assert page.status_code == 400 and "lack the columns Name" in page.get_data(as_text=True)

    # The mapping uploaded as a file.
    response = client.post(
        "/workspace/import",
        data={
            "csrf_token": csrf_token(client, "/workspace/"),
            "mapping": "organisationen",
            "mapping_file": (io.BytesIO(edited.encode("utf-8")), "meine-zuordnung.toml"),
            "file": (io.BytesIO(renamed), "organisationen.csv"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    uploaded = response.headers["Location"].rsplit("/", 1)[1]
    page = _finished(client, uploaded)
    assert "2 new, 1 changed, 0 unchanged, 0 with problems" in page
    assert "Kiezwerkstatt Globales Lernen" in page and "Sahel-Brücke Moabit" in page

    # The mapping edited in the form, then submitted: the draft holds the renamed column's names.
    before = dump(app.extensions["akteursgraph.store"])
    token = _upload(client, renamed, mapping_text=edited)
    page = _finished(client, token)
    assert "2 new, 1 changed, 0 unchanged, 0 with problems" in page
    submitted = client.post(
        f"/workspace/import/{token}/submit",
        data={"csrf_token": csrf_token(client, "/workspace/")},
    )
    assert submitted.status_code == 303
    assert "saved as one draft" in _finished(client, token)
    assert dump(app.extensions["akteursgraph.store"]) == before  # waits for review
    history = History(Path(app.config["STORE_PATH"]))
    [draft] = history.drafts()
    assert draft.origin == "import" and draft.detail["files"][0]["name"] == "organisationen.csv"
    added, _ = history.payload(draft.id)
    label = '"Kiezwerkstatt Globales Lernen e.V. (Beispiel)"@de'
    assert label.encode("utf-8") in added


def test_one_row_with_problems_is_said_in_the_singular(make_app: Callable[..., Flask]) -> None:
    """QA: the report said "1 Zeilen haben Probleme" / "1 rows have problems"."""
    app = make_app()
    client = _staff(app, "editor")
    token = _upload(client, _bad_row(ORGANISATIONS.read_text(encoding="utf-8")))
    english = _finished(client, token)
    assert "1 row has problems (listed first below). Please correct it in the file" in english
    german = client.get(f"/workspace/import/{token}?lang=de").get_data(as_text=True)
    assert "1 Zeile hat Probleme" in german and "1 Zeilen" not in german


def test_the_report_groups_its_counts_as_the_language_writes_numbers(
    make_app: Callable[..., Flask],
) -> None:
    """Audit: a big list's report said "2000 neu" and "500 von 3000 Zeilen"."""
    app = make_app()
    client = _staff(app, "editor")
    token = _upload(client, ORGANISATIONS.read_bytes())
    _finished(client, token)
    plan = app.extensions["akteursgraph.import-jobs"][token].plan
    plan.rows = plan.rows * 1000  # 2 new, 1 changed, 1 with possible duplicates, each x 1000
    english = client.get(f"/workspace/import/{token}").get_data(as_text=True)
    assert "2,000 new, 1,000 changed, 0 unchanged, 0 with problems, 1,000 with" in english
    assert "Showing 500 of 3,000 rows, rows with problems first." in english
    german = client.get(f"/workspace/import/{token}?lang=de").get_data(as_text=True)
    assert "2.000 neu, 1.000 geändert, 0 unverändert, 0 mit Problemen, 1.000 mit" in german
    assert "500 von 3.000 Zeilen, Zeilen mit Problemen zuerst." in german


def test_an_export_of_one_entry_says_entry_in_the_singular(make_app: Callable[..., Flask]) -> None:
    """QA: the export counted "1 Einträge mit diesen Filtern" / "1 entries"."""
    app = make_app()
    client = _staff(app, "viewer")
    page = client.get("/workspace/export?mapping=organisationen").get_data(as_text=True)
    filters = re.findall(r'name="(filter-\d+)"', page)
    for name in filters:
        block = page.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
        for value in re.findall(r'<option value="([^"]+)"', block):
            query = {"mapping": "organisationen", name: html_unescape(value)}
            shown = client.get("/workspace/export", query_string=query).get_data(as_text=True)
            if "1 entry with these filters." in shown:
                german = client.get("/workspace/export", query_string={**query, "lang": "de"})
                assert "1 Eintrag mit diesen Filtern." in german.get_data(as_text=True)
                return
            assert "1 entries" not in shown
    raise AssertionError("no filter value of the example list holds exactly one entry")
