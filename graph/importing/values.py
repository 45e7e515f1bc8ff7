"""What a cell means: the terms one cell of a column becomes (docs/import.md, "Cells").

Dates as lists write them: a date cell (read as a date), an Excel serial (a number in a date
column: days since 30 December 1899, as Excel counts), "1998" and "seit 2004" (a year),
"03/2019", "03.2019" and "2019-03" (a month), "12.10.2025" and "2025-10-12" (a day); typed by
their precision as the model asks (never invent a day). A day with a time of day (a
spreadsheet's date-time cell, "10.05.2024 14:30") gives its day: the model keeps no times,
and the row says which time was left out (`time_of_day`). The forms' date rule
(`akteursgraph.forms.values.parse_date`) does the rest, so a form and a list agree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping as MappingABC
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import pyoxigraph as ox

from ..forms.values import InputProblem, Problem, parse_date, web_address_term
from ..matching import key
from ..namespaces import XSD
from ..resources import query
from ..store import Store
from .mapping import Column, Mapping, ValueList, is_term
from .tables import Cell, text_of

_EXCEL_EPOCH = date(1899, 12, 30)
#: Excel serials that are dates a list may hold: 1 January 1900 to the end of 2199.
_SERIALS = range(1, 109_939)
_MONTH_SLASH = re.compile(r"^(\d{1,2})/(\d{4})$")
_SINCE = re.compile(r"^(?:seit|ab|since|gegr(?:ündet|\.)?)\s+(\d{4})$", re.IGNORECASE)
_TRUE = frozenset({"ja", "j", "yes", "y", "x", "1", "true", "wahr"})
_FALSE = frozenset({"nein", "n", "no", "0", "false", "falsch"})


def split(text: str, separators: tuple[str, ...]) -> list[str]:
    """The values of a multi-value cell ("Englisch, Französisch / Lingala"), each stripped."""
    if not separators:
        return [text] if text else []
    return [part.strip() for part in _splitter(separators).split(text) if part.strip()]


@lru_cache(maxsize=64)
def _splitter(separators: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(s) for s in separators))


#: A day followed by a time of day, as lists and exports write one: "10.05.2024 14:30",
#: "2024-05-10T14:30:00", "10.05.2024 14:30 Uhr".
_WITH_TIME = re.compile(
    r"^(\S*\d)(?:T|\s+)(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?:\s*Uhr)?$", re.IGNORECASE
)


def time_of_day(cell: Cell) -> str | None:
    """The time of day a date cell gives beside its day ("14:30"), which the import leaves
    out (`date_term` takes the day); None where there is none, or it is midnight (a
    spreadsheet's date written as a date-time). An XLSX date-time cell lost its time
    unsaid, where the same cell as CSV text was refused as no date (import walk)."""
    if isinstance(cell, datetime):
        return None if cell.time() == time() else f"{cell:%H:%M}"
    if isinstance(cell, float) and not cell.is_integer() and int(cell) in _SERIALS:
        minutes = round((cell - int(cell)) * 24 * 60) % (24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}" if minutes else None
    if isinstance(cell, str) and (m := _WITH_TIME.match(cell.strip())):
        clock = m.group(2)
        return None if not clock.replace(":", "").replace(".", "").strip("0") else clock
    return None


def date_term(cell: Cell) -> ox.Literal:
    """A date cell, an Excel serial or a written date, typed by its precision; of a day
    with a time of day, the day (`time_of_day`)."""
    if isinstance(cell, datetime):
        cell = cell.date()
    if isinstance(cell, float) and not cell.is_integer() and int(cell) in _SERIALS:
        cell = int(cell)  # an Excel serial with a time of day
    if isinstance(cell, date):
        return ox.Literal(cell.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        number = float(cell)
        if number.is_integer() and 1000 <= number <= 2999:
            return ox.Literal(str(int(number)), datatype=ox.NamedNode(XSD + "gYear"))
        if number.is_integer() and int(number) in _SERIALS:
            day = _EXCEL_EPOCH + timedelta(days=int(number))
            return ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    text = text_of(cell)
    if m := _WITH_TIME.match(text):
        text = m.group(1)
    if text.isdigit() and len(text) == 5:  # a serial that a CSV export wrote as text
        return date_term(int(text))
    if m := _MONTH_SLASH.match(text):
        text = f"{m.group(1)}.{m.group(2)}"
    elif m := _SINCE.match(text):
        text = m.group(1)
    return parse_date(text)


def resolve_values(store: Store, mapping: Mapping) -> dict[str, dict[str, str]]:
    """Each value list as normal form of what a list may say -> the term (an IRI, or a plain
    text such as a language code): the scheme's concepts by their names, then the synonyms
    (which win: a mapping can redirect a name)."""
    resolved: dict[str, dict[str, str]] = {}
    for name, spec in mapping.values.items():
        table: dict[str, str] = {}
        if spec.scheme:
            for row in store.select(
                query("importing/scheme-labels"), bindings={"scheme": ox.NamedNode(spec.scheme)}
            ):
                table.setdefault(key(row["label"].value), row["concept"].value)
        for term, said in spec.synonyms.items():
            table[key(term)] = term
            for text in said:
                table[key(text)] = term
        resolved[name] = table
    return resolved


def list_term(text: str, spec: ValueList, table: MappingABC[str, str]) -> ox.NamedNode | ox.Literal:
    found = table.get(key(text))
    if found is None and spec.accept and re.fullmatch(spec.accept, text.strip()):
        return ox.Literal(text.strip())
    if found is None:
        raise InputProblem(
            Problem(
                f"„{text}“ steht nicht in der Werteliste „{spec.name}“ (Zuordnungsdatei: "
                "als Synonym ergänzen).",
                f"\"{text}\" is not in the value list '{spec.name}' (mapping file: add it "
                "as a synonym).",
            )
        )
    return ox.NamedNode(found) if is_term(found) or found.startswith("http") else ox.Literal(found)


def cell_terms(
    column: Column,
    cell: Cell,
    mapping: Mapping,
    tables: MappingABC[str, MappingABC[str, str]],
) -> list[ox.NamedNode | ox.Literal]:
    """The terms of one cell (several for a split cell); `InputProblem` for a value that
    cannot mean anything. "entity" and "id" columns are resolved by the caller."""
    if column.type == "date" and not isinstance(cell, str):
        return [] if cell is None else [date_term(cell)]
    texts = split(text_of(cell), column.split)
    terms: list[ox.NamedNode | ox.Literal] = []
    for text in texts:
        if column.values:
            terms.append(list_term(text, mapping.values[column.values], tables[column.values]))
        elif column.type == "date":
            terms.append(date_term(text))
        elif column.type == "iri":
            terms.append(web_address_term(text))
        elif column.type == "integer":
            terms.append(_number(text, XSD + "integer"))
        elif column.type == "decimal":
            terms.append(_number(text, XSD + "decimal"))
        elif column.type == "boolean":
            terms.append(_boolean(text))
        elif column.language:
            terms.append(ox.Literal(text, language=column.language))
        else:
            terms.append(ox.Literal(text))
    return terms


def _number(text: str, datatype: str) -> ox.Literal:
    cleaned = text.replace(" ", "")
    if re.match(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$", cleaned):  # German thousands: 1.234,5
        cleaned = cleaned.replace(".", "")
    cleaned = cleaned.replace(",", ".")
    pattern = r"^-?\d+$" if datatype == XSD + "integer" else r"^-?\d+(\.\d+)?$"
    if not re.match(pattern, cleaned):
        raise InputProblem(Problem(f"„{text}“ ist keine Zahl.", f'"{text}" is not a number.'))
    return ox.Literal(cleaned, datatype=ox.NamedNode(datatype))


def _boolean(text: str) -> ox.Literal:
    folded = text.strip().casefold()
    if folded in _TRUE or folded in _FALSE:
        value = "true" if folded in _TRUE else "false"
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "boolean"))
    raise InputProblem(
        Problem(f"„{text}“ ist weder ja noch nein.", f'"{text}" is neither yes nor no.')
    )
