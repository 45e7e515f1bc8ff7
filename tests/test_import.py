"""Spreadsheets in and out (issue 15): files, mappings, the report per row, duplicates,
idempotence, --sync, one change set with provenance, export-list. Fixtures are made here."""

from __future__ import annotations

import csv
import gc
import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import xlsxwriter

from akteursgraph.changes import submit
from akteursgraph.commit import Writer
from akteursgraph.errors import UsageError
from akteursgraph.importing import list_rows, load_mapping, plan_import, write_list, write_report
from akteursgraph.importing.plan import CHANGED, CREATED, DELETED, UNCHANGED
from akteursgraph.importing.tables import read_sheets
from akteursgraph.namespaces import SCHEMA, SKOS, XSD
from akteursgraph.store import Store

from .conftest import dump, run_cli

MAPPINGS = Path(__file__).resolve().parent.parent / "graph" / "data" / "mappings"
LISTS = MAPPINGS.parent / "lists"
ORGS = MAPPINGS / "organisationen.toml"
EXORG = "https://w3id.org/akteursgraph/mitte/example/organisation/"
HEADER = ["Name", "Art", "Gründung", "Bezirk", "Themen", "Sprachen"]


@pytest.fixture
def example(example_store_path: Path) -> Iterator[Store]:
    with Store.open(example_store_path) as opened:
        yield opened


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    return path


def plan(store: Store, path: Path, mapping: Path = ORGS, **options: object):  # type: ignore[no-untyped-def]
    return plan_import(store, path, load_mapping(mapping), author="tester", **options)  # type: ignore[arg-type]


def values(store: Store, iri: str, prop: str) -> set[str]:
    return {q.object.value for q in store.quads(ox.NamedNode(iri), ox.NamedNode(prop))}


# ---- files --------------------------------------------------------------------------------


def test_a_windows_1252_list_with_title_rows_umlauts_and_excel_serials(
    example: Store, tmp_path: Path
) -> None:
    rows = [
        ["Liste der Vereine (Stand 2025)", "", "", "", "", ""],
        [],
        HEADER,
        ["Förderverein Südstraße e.V.", "e.V.", "44000", "Wedding", "Bildung", "Deutsch, Türkisch"],
        ["", "", "", "", "", ""],
        ["Grüne Brücke Moabit", "Initiative", "03/2019", "Moabit", "Klima", "arab.; AR"],
    ]
    listed = write_csv(tmp_path / "vereine.csv", rows, encoding="cp1252")
    assert "ü".encode("cp1252") in listed.read_bytes()  # really Windows-1252
    result = plan(example, listed)
    assert result.header_row == 3 and result.conforms
    assert [(r.row, r.name, r.action) for r in result.rows] == [
        (4, "Förderverein Südstraße e.V.", CREATED),
        (6, "Grüne Brücke Moabit", CREATED),
    ]
    first, second = result.rows[0].iri, result.rows[1].iri
    assert first.endswith("/organisation/foerderverein-suedstrasse-e-v")  # the forms' rule
    added = {(q.subject.value, q.predicate.value, q.object) for q in result.change.add}
    serial = ox.Literal("2020-06-18", datatype=ox.NamedNode(XSD + "date"))  # Excel's 44000
    month = ox.Literal("2019-03", datatype=ox.NamedNode(XSD + "gYearMonth"))
    assert (first, SCHEMA + "foundingDate", serial) in added
    assert (second, SCHEMA + "foundingDate", month) in added
    assert (first, SCHEMA + "knowsLanguage", ox.Literal("tr")) in added
    languages = {o for s, p, o in added if s == second and p == SCHEMA + "knowsLanguage"}
    assert languages == {ox.Literal("ar")}  # "arab." and "AR" are one language


def test_an_xlsx_with_merged_headers_two_sheets_and_date_cells(
    example: Store, tmp_path: Path
) -> None:
    path = tmp_path / "liste.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Notizen").write_row(0, 0, ["nichts hier"])
    sheet = book.add_worksheet("Organisationen")
    sheet.merge_range(0, 0, 0, 5, "Bestandsaufnahme 2025")
    sheet.merge_range(1, 0, 2, 0, "Name")  # a header over two rows
    sheet.merge_range(1, 1, 1, 2, "Stammdaten")  # a group header over two columns
    sheet.write_row(2, 1, ["Art", "Gründung"])
    sheet.write_row(1, 3, ["Bezirk", "Themen", "Sprachen"])
    day = book.add_format({"num_format": "dd.mm.yyyy"})
    sheet.write_row(3, 0, ["Werkstatt Zukunft Wedding", "Initiative"])
    sheet.write_number(3, 2, 1998)  # a year, as a number
    sheet.write_row(3, 3, ["Wedding", "Bildung", "Deutsch"])
    sheet.write_row(4, 0, ["Lesekreis Tiergarten", "Initiative"])
    sheet.write_datetime(4, 2, __import__("datetime").datetime(2012, 10, 12), day)
    sheet.write_row(4, 3, ["Tiergarten", "Kultur", "Deutsch"])
    book.close()
    assert [s.name for s in read_sheets(path)] == ["Notizen", "Organisationen"]
    result = plan(example, path)
    assert result.sheet == "Organisationen" and result.header_row == 3 and result.conforms
    dates = {
        q.subject.value: q.object
        for q in result.change.add
        if q.predicate.value == SCHEMA + "foundingDate"
    }
    assert sorted(d.value for d in dates.values()) == ["1998", "2012-10-12"]
    with pytest.raises(UsageError, match="No sheet 'Gibt es nicht'"):
        plan(example, path, sheet="Gibt es nicht")


def test_a_list_without_the_required_columns_is_refused_with_their_names(
    example: Store, tmp_path: Path
) -> None:
    listed = write_csv(tmp_path / "x.csv", [["Titel", "Ort"], ["a", "b"]])
    with pytest.raises(UsageError, match="lack the columns Name, Art"):
        plan(example, listed)


# ---- duplicates -----------------------------------------------------------------------------


def test_other_spellings_of_an_existing_organisation_change_it_rather_than_copy_it(
    example: Store, tmp_path: Path
) -> None:
    rows = [
        HEADER,
        # The example's "Dachnetzwerk Globales Mitte e.V. (Beispiel)" without "e.V.", its
        # "Anatolisches Nachbarschaftshaus Moabit e.V." in another word order with "e. V.",
        # "Südasien-Forum" with the umlaut written out, and one misspelt.
        ["Dachnetzwerk Globales Mitte (Beispiel)", "Netzwerk", "", "", "", ""],
        ["Nachbarschaftshaus Anatolisches Moabit e. V. (Beispiel)", "e.V.", "", "", "", ""],
        ["Suedasien-Forum Mitte e.V. (Beispiel)", "e.V.", "", "", "", ""],
        ["Dachnetzwerk Globales Mite (Beispiel)", "Netzwerk", "", "", "", ""],
        ["Dachnetzwerk Globales Mitte e.V. (Beispiel)", "Netzwerk", "", "", "", ""],
    ]
    result = plan(example, write_csv(tmp_path / "d.csv", rows))
    by_row = {r.row: r for r in result.rows}
    assert by_row[2].iri == EXORG + "dachnetzwerk-globales-mitte" and by_row[2].action != CREATED
    assert by_row[3].iri == EXORG + "anatolisches-nachbarschaftshaus-moabit"
    assert by_row[4].iri == EXORG + "suedasien-forum-mitte"
    # The list's spelling does not replace the entity's name.
    assert "skos:prefLabel" not in by_row[2].properties
    typo = by_row[5]
    assert typo.action == CREATED and typo.conforms
    assert [c.iri for c in typo.duplicates][:1] == [EXORG + "dachnetzwerk-globales-mitte"]
    same = by_row[6]  # the same organisation as row 2, once more
    assert not same.conforms and "Zeile 2" in same.problems[0].de
    assert not result.conforms


# ---- one bad row -----------------------------------------------------------------------------


def test_one_bad_row_in_five_thousand_changes_nothing_and_is_named_with_its_rule(
    example_store_path: Path, tmp_path: Path
) -> None:
    # "Art" not required here, so the shape itself speaks about the missing kind.
    mapping = tmp_path / "orgs.toml"
    mapping.write_text(
        ORGS.read_text(encoding="utf-8").replace(
            'values = "kinds"\nsplit = true\nrequired = true', 'values = "kinds"\nsplit = true'
        ),
        encoding="utf-8",
    )
    (tmp_path / "languages.toml").write_text(
        (MAPPINGS / "languages.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    rows = [HEADER] + [
        [f"Verein Nummer {i} (Test)", "e.V.", str(1950 + i % 70), "Wedding", "Bildung", "dt."]
        for i in range(5000)
    ]
    rows[3217][1] = ""  # row 3218 of the file: no kind of organisation
    listed = write_csv(tmp_path / "gross.csv", rows)
    before_store = Store.open(example_store_path, read_only=True)
    before = dump(before_store)
    before_store.close()
    done = run_cli("import", str(listed), "--mapping", str(mapping), "--report",
                   str(tmp_path / "r.json"), store=example_store_path)  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "Zeile / row 3218" in done.stderr and "Art der Organisation fehlt" in done.stderr
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    bad = [r for r in report["rows"] if r["verdict"] == "violation"]
    assert [(r["row"], r["action"]) for r in bad] == [(3218, "invalid")]
    assert bad[0]["messages_de"][0] == "Art der Organisation fehlt oder ist kein Begriff."
    assert report["counts"]["created"] == 4999 and not report["conforms"]
    with Store.open(example_store_path, read_only=True) as after:
        assert dump(after) == before


def test_a_value_in_many_rows_is_read_once_yet_each_row_keeps_its_problem(
    example: Store, tmp_path: Path
) -> None:
    """Issue 15's speed: a column's distinct cells are read once and the cycle collector rests
    while a file is planned (and runs again after); the report per row stays the same."""
    rows = [HEADER] + [
        [f"Verein Nummer {i}", "e.V.", "1999", "Wedding", "Bildung",
         "Klingonisch" if i % 2 else "Deutsch"]
        for i in range(6)
    ]  # fmt: skip
    listed = write_csv(tmp_path / "lang.csv", rows)
    assert gc.isenabled()
    collecting: list[bool] = []
    result = plan(example, listed, progress=lambda done, total: collecting.append(gc.isenabled()))
    assert collecting and not any(collecting) and gc.isenabled()
    bad = [r for r in result.rows if r.problems]
    assert [r.row for r in bad] == [3, 5, 7]
    for r in bad:
        assert any("Sprachen" in p.de and "Klingonisch" in p.de for p in r.problems)
    assert not result.conforms


# ---- idempotence, sync, provenance ------------------------------------------------------------


def test_the_same_file_twice_changes_nothing_and_an_updated_one_only_its_rows(
    example: Store, tmp_path: Path
) -> None:
    rows = [
        HEADER,
        ["Kiezladen Eins (Test)", "Initiative", "2001", "Wedding", "Bildung", "Deutsch"],
        ["Kiezladen Zwei (Test)", "Initiative", "2002", "Moabit", "Kultur", "Deutsch"],
        ["Kiezladen Drei (Test)", "Initiative", "2003", "Mitte", "Klima", "Deutsch"],
    ]
    first = write_csv(tmp_path / "kiez.csv", rows)
    writer = Writer(example)
    planned = plan(example, first)
    assert [r.action for r in planned.rows] == [CREATED] * 3
    detail = planned.meta.detail
    assert planned.meta.origin == "import" and detail["files"][0]["name"] == "kiez.csv"
    assert len(detail["files"][0]["sha256"]) == 64 and detail["rows"] == {"created": "2-4"}
    done = submit(writer, planned.change, planned.meta, review_required=False)
    record = writer.history.get(done.change_id)  # type: ignore[union-attr]
    assert record.origin == "import"

    again = plan(example, first)
    assert [r.action for r in again.rows] == [UNCHANGED] * 3
    assert not again.change.add and not again.change.remove

    rows[2][2] = "2012"  # Zwei: another founding year
    del rows[3]  # Drei left out
    rows.append(["Kiezladen Vier (Test)", "Initiative", "2004", "Wedding", "Jugend", "Deutsch"])
    updated = write_csv(tmp_path / "kiez.csv", rows)
    later = plan(example, updated)
    assert [(r.name, r.action) for r in later.rows] == [
        ("Kiezladen Eins (Test)", UNCHANGED),
        ("Kiezladen Zwei (Test)", CHANGED),
        ("Kiezladen Vier (Test)", CREATED),
    ]
    zwei = later.rows[1]
    assert zwei.properties == ["schema:foundingDate"] and (zwei.added, zwei.removed) == (1, 1)
    drei = next(q.subject.value for q in planned.change.add if "drei" in q.subject.value)
    assert not any(q.subject.value == drei for q in later.change.remove)  # no --sync

    synced = plan(example, updated, sync=True)
    gone = [r for r in synced.rows if r.action == DELETED]
    assert [(r.iri, r.name) for r in gone] == [(drei, "Kiezladen Drei (Test)")]
    assert synced.conforms
    submit(writer, synced.change, synced.meta, review_required=False)
    assert not values(example, drei, SKOS + "prefLabel")
    assert values(example, zwei.iri, SCHEMA + "foundingDate") == {"2012"}


def test_speakers_get_opaque_iris_internal_graphs_and_their_profile(
    example: Store, tmp_path: Path
) -> None:
    listed = LISTS / "referentinnen.csv"
    mapping = MAPPINGS / "referentinnen.toml"
    planned = plan(example, listed, mapping)
    assert planned.conforms, [r.problems for r in planned.rows]
    for row in planned.rows:
        assert row.action == CREATED
        assert "/person/p-" in row.iri and "diallo" not in row.iri.lower()
    graphs = {q.graph_name.value for q in planned.change.add}
    assert graphs == {example.graph_iri("internal/import")}
    profiles = {
        q.object.value
        for q in planned.change.add
        if q.predicate.value == "https://w3id.org/akteursgraph/ontology#hasSpeakerProfile"
    }
    assert len(profiles) == 2 and all("/profile/p-" in p for p in profiles)
    submit(Writer(example), planned.change, planned.meta, review_required=False)
    again = plan(example, listed, mapping)
    assert [r.action for r in again.rows] == [UNCHANGED, UNCHANGED]


def test_events_name_their_organisers_and_an_unknown_one_is_a_problem_of_its_row(
    example: Store, tmp_path: Path
) -> None:
    mapping = MAPPINGS / "veranstaltungen.toml"
    good = plan(example, LISTS / "veranstaltungen.csv", mapping)
    assert good.conforms and [r.action for r in good.rows] == [CREATED, CREATED]
    organisers = {
        q.object.value for q in good.change.add if q.predicate.value == SCHEMA + "organizer"
    }
    assert organisers == {EXORG + "dachnetzwerk-globales-mitte"}  # with and without "e.V."
    rows = [
        ["Titel", "Datum", "Veranstalter"],
        ["Fest (Test)", "30.02.2025", "Gibt es nicht e.V."],
    ]
    bad = plan(example, write_csv(tmp_path / "v.csv", rows), mapping)
    texts = [p.de for p in bad.rows[0].problems]
    assert any(t.startswith("Datum: Den Tag „30.02.2025“ gibt es nicht") for t in texts)
    assert any(
        t.startswith("Veranstalter: „Gibt es nicht e.V.“ ist kein eindeutiger") for t in texts
    )


# ---- the command line and lists back out ---------------------------------------------------------


def test_cli_dry_run_report_and_export_list_round_trip(
    example_store_path: Path, tmp_path: Path
) -> None:
    report = tmp_path / "bericht.csv"
    done = run_cli("import", str(LISTS / "organisationen.csv"), "--mapping", str(ORGS),
                   "--dry-run", "--report", str(report), store=example_store_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "2 neu / created, 1 geändert / changed" in done.stderr
    with report.open(encoding="utf-8-sig") as fh:
        lines = list(csv.DictReader(fh, delimiter=";"))
    assert [(r["row"], r["action"], r["verdict"]) for r in lines] == [
        ("4", "created", "ok"), ("5", "created", "ok"), ("6", "changed", "ok"),
    ]  # fmt: skip
    assert "Sahel-Brücke Wedding" in lines[1]["duplicates"]  # a near name, shown
    with Store.open(example_store_path, read_only=True) as store:
        assert not list(store.quads(ox.NamedNode(lines[0]["iri"])))  # a dry run wrote nothing

    exported = tmp_path / "organisationen.xlsx"
    done = run_cli("export-list", "--mapping", str(ORGS), "--output", str(exported),
                   store=example_store_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    sheet = read_sheets(exported)[0]
    assert sheet.rows[0][:3] == ["IRI", "Name", "Name (englisch)"] and len(sheet.rows) > 20
    done = run_cli("import", str(exported), "--mapping", str(ORGS), "--dry-run",
                   store=example_store_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert " 0 neu / created, 0 geändert / changed" in done.stderr  # the list reads back


def test_export_list_as_csv_holds_the_mappings_columns(store: Store, tmp_path: Path) -> None:
    mapping = load_mapping(ORGS)
    rows = list_rows(store, mapping)
    target = tmp_path / "o.csv"
    write_list(rows, target, mapping.name)
    with target.open(encoding="utf-8-sig") as fh:
        read = list(csv.reader(fh, delimiter=";"))
    assert read[0] == ["IRI", *(c.header for c in mapping.columns if c.type != "id")]
    afghan = next(r for r in read if r[0] == EXORG + "afghanische-frauenwerkstatt-tiergarten")
    column = dict(zip(read[0], afghan, strict=True))
    assert column["Gründung"] == "2012-03-08" and column["Bezirk"] == "Tiergarten"
    assert column["Sprachen"] == "Deutsch, Paschtu, Persisch"  # codes back as the list says them


def test_the_report_as_json_has_one_record_per_row(example: Store, tmp_path: Path) -> None:
    planned = plan(example, LISTS / "organisationen.csv")
    target = tmp_path / "r.json"
    write_report(planned, target)
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["counts"]["created"] == 2 and document["conforms"] is True
    assert [r["row"] for r in document["rows"]] == [4, 5, 6]
    with pytest.raises(UsageError):
        write_report(planned, tmp_path / "r.txt")


def test_an_import_while_serving_goes_through_the_server_as_one_draft(
    example_store_template: Path, tmp_path: Path
) -> None:
    from akteursgraph.bench.server import serving

    from .conftest import copy_store

    store = copy_store(example_store_template, tmp_path)
    with serving(store) as (_proc, _url):
        done = run_cli("import", str(LISTS / "organisationen.csv"), "--mapping", str(ORGS),
                       "--agent", "office", store=store)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "goes there" in done.stderr and "saved as draft" in done.stderr
        drafts = run_cli("drafts", store=store)
        assert drafts.returncode == 0, drafts.stderr
        [line] = [x for x in drafts.stdout.splitlines() if "[import]" in x]
        assert "office" in line and "+28 -1" in line
