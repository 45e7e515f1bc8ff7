"""Which sheet of a file to read, and which of its rows is the header, for a mapping.

Office lists seldom start in the first row: a title, a date or a note often stands above the
header, and a header may span two rows under a merged group cell ("Kontakt" over "E-Mail"
and "Telefon"). The header is the row that names the most of the mapping's columns.
"""

from __future__ import annotations

from ..errors import UsageError
from ..matching import key
from .mapping import Column, Mapping
from .tables import Sheet, text_of

#: How many rows from the top are searched for the header row.
HEADER_SEARCH_ROWS = 30


def find_header(sheet: Sheet, mapping: Mapping) -> tuple[int, dict[Column, int]]:
    """The header row (0-based) and each found column's cell index: the row, among the
    first `HEADER_SEARCH_ROWS`, that names the most of the mapping's columns (the first of
    equals). A column is named by its header or an alias, alone or after the cell above it
    (a merged group header: "Kontakt" over "E-Mail"); an empty cell takes the one above, so
    a header of two rows counts as one."""
    wanted = {c: {key(h) for h in c.headers} for c in mapping.columns}
    best: tuple[int, dict[Column, int]] = (-1, {})
    for i, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        above = sheet.rows[i - 1] if i > 0 else []
        found: dict[Column, int] = {}
        for j in range(max(len(row), len(above))):
            text = text_of(row[j]) if j < len(row) else ""
            upper = text_of(above[j]) if j < len(above) else ""
            if not text and not upper:
                continue
            # A header of two rows: the cell, the group above and the cell, or (where the
            # lower row is empty) the cell above alone.
            names = {key(text)} if text else {key(upper)}
            if text and upper and upper != text:
                names.add(key(f"{upper} {text}"))
            for column, keys in wanted.items():
                if column not in found and names & keys:
                    found[column] = j
        if len(found) > len(best[1]):
            best = (i, found)
    index, found = best
    missing = [c.header for c in mapping.columns if c.required and c not in found]
    if index < 0 or missing:
        names = ", ".join(missing or [c.header for c in mapping.columns if c.required])
        raise UsageError(
            f"Kopfzeile nicht gefunden: in den ersten {HEADER_SEARCH_ROWS} Zeilen des Blatts "
            f"„{sheet.name}“ fehlen die Spalten {names}.",
            f"Header row not found: the first {HEADER_SEARCH_ROWS} rows of sheet "
            f"'{sheet.name}' lack the columns {names}.",
            where=mapping.path.name,
        )
    return index, found


def choose_sheet(sheets: list[Sheet], mapping: Mapping, wanted: str | None) -> Sheet:
    """The sheet asked for (--sheet, else the mapping's `sheet` if the file has several),
    else the first one whose header row the mapping finds."""
    name = wanted or mapping.sheet
    if not wanted and len(sheets) == 1:
        return sheets[0]  # a CSV file, or a workbook of one sheet: whatever its name
    if name:
        for sheet in sheets:
            if sheet.name == name:
                return sheet
        names = ", ".join(f"„{s.name}“" for s in sheets)
        raise UsageError(
            f"Kein Blatt „{name}“; die Datei hat {names}.",
            f"No sheet '{name}'; the file has {names}.",
        )
    for sheet in sheets:
        try:
            find_header(sheet, mapping)
        except UsageError:
            continue
        return sheet
    if not sheets:
        raise UsageError("Die Datei hat keine Blätter.", "The file has no sheets.")
    return sheets[0]  # find_header then says what is missing
