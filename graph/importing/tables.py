"""Spreadsheets as rows of cells: CSV, XLSX and ODS, several sheets, merged cells, headers.

CSV comes as the office's programs write it: UTF-8 with or without a byte-order mark, or
Windows-1252 (Excel's "CSV" on a German Windows; Latin-1 is a subset of it), separated by
`;` (German Excel) or `,`, sniffed from the first lines. XLSX and ODS are read by
python-calamine, which also gives Excel's date cells as dates (a date cell that is only a
number, an Excel serial, is converted by the mapping's date rule, `values.parse_date`).

In XLSX a merged cell's value stands in every cell of its range (calamine gives it only in the
first), so a header cell "Kontakt" merged over two columns names both, and the row below can
say "E-Mail" and "Telefon" (a column is then found as "E-Mail" or "Kontakt E-Mail"). For ODS
calamine reports no merged ranges, so there the value stays in the first cell only and the
covered cells are empty (docs/import.md says so; tests/test_import.py holds it).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ..cells import read_cell, stored_lines
from ..errors import InvalidDataError, UsageError

#: What a cell holds once read: text, a number, a date (or date and time), a truth value, or
#: nothing.
Cell = str | int | float | bool | date | datetime | time | None

SPREADSHEETS = (".xlsx", ".xlsm", ".ods")
TEXT_TABLES = (".csv", ".tsv", ".txt")


@dataclass
class Sheet:
    """One sheet: its name and its rows (row 1 first, as the program numbers them)."""

    name: str
    rows: list[list[Cell]] = field(default_factory=list)


def read_sheets(path: Path, *, progress: Callable[[int], None] | None = None) -> list[Sheet]:
    """Every sheet of a spreadsheet file (a CSV file is one sheet, named after the file)."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(
            f"Datei nicht gefunden: {path}", f"File not found: {path}", where=str(path)
        )
    suffix = path.suffix.lower()
    if suffix in TEXT_TABLES:
        return [Sheet(path.stem, _read_csv(path))]
    if suffix in SPREADSHEETS:
        return _read_workbook(path)
    raise UsageError(
        f"Unbekannter Tabellentyp „{path.suffix}“ (CSV, XLSX oder ODS).",
        f"Unknown table type '{path.suffix}' (CSV, XLSX or ODS).",
        where=str(path),
    )


def decode(data: bytes) -> str:
    """UTF-8 (with or without byte-order mark), else Windows-1252, which every byte sequence
    decodes in (five bytes it leaves undefined fall back to Latin-1's control characters);
    UTF-16 with its byte-order mark (Excel's "Unicode text").

    Line by line where the whole is no UTF-8: a UTF-8 list with one row pasted from a
    Windows-1252 file was read whole as Windows-1252, and every umlaut of the other rows came
    out as "Ã¼", in names and in the IRIs made of them (exploratory test). A line that is
    valid UTF-8 is read as UTF-8, any other as Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    return "\n".join(_line(line) for line in lines)


def _line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


def _read_csv(path: Path) -> list[list[Cell]]:
    text = decode(path.read_bytes())
    sample = "\n".join(text.splitlines()[:50])
    # Only the separator is sniffed; quoting is Excel's (a quote in a quoted cell doubled):
    # sniffed from lines without such a cell, a later one's "Verein ""Brücke""" was read as
    # 'Verein "Brücke"" Moabit"' (exploratory test).
    try:
        separator = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        separator = ";" if sample.count(";") > sample.count(",") else ","
    dialect = {";": _Semicolon, "\t": csv.excel_tab}.get(separator, csv.excel)
    rows: list[list[Cell]] = []
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for row in reader:
            rows.append([read_cell(cell) if cell.strip() else None for cell in row])
    except csv.Error as exc:
        de, en = _CSV_ERRORS.get(str(exc).split(" (")[0], (str(exc), str(exc)))
        raise InvalidDataError(
            f"CSV nicht lesbar in Zeile {reader.line_num}: {de}",
            f"CSV not readable in line {reader.line_num}: {en}",
            where=str(path),
        ) from exc
    return rows


#: The CSV reader's errors in words (its own are English only: "field larger than field
#: limit (131072)" stood in a German message, without a row).
_CSV_ERRORS = {
    "field larger than field limit": (
        f"eine Zelle ist länger als {csv.field_size_limit():,} Zeichen; ist ein "
        "Anführungszeichen nicht geschlossen?".replace(",", "."),
        f"a cell is longer than {csv.field_size_limit():,} characters; is a quotation mark "
        "left open?",
    ),
    "line contains NUL": (
        "die Zeile enthält ein Nullzeichen: ist die Datei wirklich eine CSV-Textdatei?",
        "the line holds a null character: is the file really a CSV text file?",
    ),
}


class _Semicolon(csv.excel):
    delimiter = ";"


#: The spreadsheet kinds by suffix, as their programs name them (German, English).
_KINDS = {
    ".xlsx": ("Excel-Arbeitsmappe (XLSX)", "Excel workbook (XLSX)"),
    ".xlsm": ("Excel-Arbeitsmappe mit Makros (XLSM)", "Excel macro-enabled workbook (XLSM)"),
    ".ods": ("OpenDocument-Tabelle (ODS)", "OpenDocument spreadsheet (ODS)"),
}


def _unreadable(path: Path) -> InvalidDataError:
    """What the office reads when a workbook cannot be opened: what the file should be and
    what to do, not the reader library's words ("invalid Zip archive: Could not find EOCD"),
    which name nothing a person can act on (they stay in the exception's chain, for logs)."""
    de, en = _KINDS.get(path.suffix.lower(), ("Tabelle", "spreadsheet"))
    if path.stat().st_size == 0:
        return InvalidDataError("Die Datei ist leer.", "The file is empty.", where=str(path))
    return InvalidDataError(
        f"Die Datei ist keine lesbare {de}: Sie ist beschädigt, unvollständig hochgeladen "
        "oder hat die falsche Endung. Öffnen Sie die Tabelle in Excel oder LibreOffice, "
        "speichern Sie sie als .xlsx, .ods oder .csv und laden Sie sie noch einmal hoch.",
        f"The file is not a readable {en}: it is damaged, was not uploaded completely, or "
        "has the wrong ending. Open the table in Excel or LibreOffice, save it as .xlsx, .ods "
        "or .csv and upload it again.",
        where=str(path),
    )


#: The largest sheet read (rows × columns of its used area, from A1 to its last filled cell).
#: The reader allocates the whole area at once: one filled cell at XFD1048576 in a 5 KB
#: workbook asked for 512 GiB, and the server process was aborted by the allocator
#: (exploratory test). 5 million cells is 100,000 rows of 50 columns.
MAX_CELLS = 5_000_000
#: A cell with content in a worksheet's XML (not a self-closing, styled empty one), and its
#: address; with or without a namespace prefix, the address wherever among its attributes.
_FILLED_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(?<!/)>')
#: Read in pieces; a tag cut at a piece's end is read again with the next.
_PIECE, _OVERLAP = 1 << 22, 512


def _column_number(letters: bytes) -> int:
    n = 0
    for char in letters:
        n = n * 26 + char - 64
    return n


def _check_extent(path: Path) -> None:
    """Refuse an XLSX whose sheet's used area is larger than `MAX_CELLS`, before the reader
    allocates it; read from each sheet's XML as a stream (its filled cells' addresses), so
    a file that names no extent, or a wrong one, is measured too. Not a workbook: left to
    the reader, which says so. (An XML parser took 1.9 s over 500,000 cells, as long as
    reading them; this 0.3 s.)"""
    import zipfile

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with archive:
        names = _sheet_names(archive)
        for member in archive.namelist():
            if not (member.startswith("xl/worksheets/") and member.endswith(".xml")):
                continue
            rows, columns, last = 0, 0, ""
            tail = b""
            try:
                with archive.open(member) as xml:
                    while piece := xml.read(_PIECE):
                        text = tail + piece
                        for cell in _FILLED_CELL.finditer(text):
                            row, column = int(cell.group(2)), _column_number(cell.group(1))
                            if row > rows or column > columns:
                                rows, columns = max(rows, row), max(columns, column)
                                last = (cell.group(1) + cell.group(2)).decode()
                        if rows * columns > MAX_CELLS:
                            sheet = names.get(member, member.rsplit("/", 1)[-1])
                            raise _too_large(path, sheet, last)
                        tail = text[-_OVERLAP:]
            except (zipfile.BadZipFile, OSError, EOFError):
                return  # the reader says what is wrong with it


def _sheet_names(archive: Any) -> dict[str, str]:
    """Each worksheet's part in the archive ("xl/worksheets/sheet1.xml") by the name its
    program shows ("Tabelle1"); empty where the workbook's parts say otherwise."""
    import posixpath
    import xml.etree.ElementTree as ET

    try:
        book = ET.fromstring(archive.read("xl/workbook.xml"))
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ET.ParseError, OSError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    names = {}
    for sheet in book.iter():
        if sheet.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rid, "")
        if target:
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            names[posixpath.normpath(part)] = sheet.get("name", "")
    return names


def _too_large(path: Path, sheet: str, last: str = "") -> InvalidDataError:
    """The refusal of a sheet too large to read; `last`: its farthest filled cell ("XFD1048576"),
    where known."""
    cells = f"{MAX_CELLS:,}"
    reach_de = f"reicht bis zur Zelle {last}, mehr als" if last else "reicht über mehr als"
    reach_en = f"reaches cell {last}, more than" if last else "spans more than"
    which_de, which_en = (f"das Blatt „{sheet}“", f'the sheet "{sheet}"') if sheet else (
        "ein Blatt", "a sheet")  # fmt: skip
    return InvalidDataError(
        f"Die Tabelle ist zu groß: {which_de} {reach_de} "
        f"{cells.replace(',', '.')} Zellen von A1 an (etwa 100.000 Zeilen zu 50 Spalten). "
        "Meist steht weit unten oder rechts ein vergessener Wert (ein Leerzeichen): löschen "
        "Sie die leeren Zeilen und Spalten nach der Liste und speichern Sie erneut.",
        f"The table is too large: {which_en} {reach_en} {cells} cells from A1 "
        "(about 100,000 rows of 50 columns). Usually a forgotten "
        "value (a space) stands far below or to the right: delete the empty rows and columns "
        "after the list and save again.",
        where=str(path),
    )


def _read_workbook(path: Path) -> list[Sheet]:
    from python_calamine import CalamineError, CalamineWorkbook

    if path.suffix.lower() in (".xlsx", ".xlsm"):
        _check_extent(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        if "cell limit" in str(exc).lower():  # an ODS is read whole as it is opened
            raise _too_large(path, "") from exc
        raise _unreadable(path) from exc
    sheets = []
    try:
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            rows: list[list[Cell]] = [
                [None if c == "" else c for c in row]
                for row in sheet.to_python(skip_empty_area=False)
            ]
            _fill_merged(rows, sheet.merged_cell_ranges or [])
            sheets.append(Sheet(name, rows))
    except CalamineError as exc:
        if "cell limit" in str(exc).lower():  # an ODS's reader counts its own way
            raise _too_large(path, name) from exc
        raise _unreadable(path) from exc
    finally:
        workbook.close()
    return sheets


def _fill_merged(
    rows: list[list[Cell]], ranges: list[tuple[tuple[int, int], tuple[int, int]]]
) -> None:
    """The value of each merged range's first cell in all its cells (0-based, inclusive)."""
    for (top, left), (bottom, right) in ranges:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= right:
                row.extend([None] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                if row[c] is None:
                    row[c] = value


def text_of(cell: Cell) -> str:
    """A cell as text (a whole number without ".0"), stripped; "" for an empty cell."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "ja" if cell else "nein"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == time() else cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return stored_lines(str(cell)).strip()


def is_empty(row: list[Cell]) -> bool:
    return all(text_of(c) == "" for c in row)
