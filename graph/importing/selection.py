"""Which rows of a list go out: the workspace's export filters ("organisations by topic",
"speakers by language").

A filter is a column of the mapping that has a value list (topics, languages, kinds) and one
of its values; the offered values are those the list holds, as `list_rows` writes them (a
term by the first thing a list says for it), so every choice finds at least one row and no
choice needs another query.
"""

from __future__ import annotations

from collections.abc import Mapping as MappingABC

from .lists import IRI_HEADER
from .mapping import Mapping

#: How `list_rows` joins several values in one cell.
JOINED = ", "


def filter_columns(mapping: Mapping) -> list[str]:
    """The headers of the columns a list can be filtered by (those with a value list)."""
    return [c.header for c in mapping.columns if c.values and c.type != "id"]


def filter_options(mapping: Mapping, rows: list[list[str]]) -> dict[str, list[str]]:
    """Each filter column's values that occur in `rows` (header row first), sorted."""
    header = rows[0] if rows else [IRI_HEADER]
    options: dict[str, list[str]] = {}
    for name in filter_columns(mapping):
        if name not in header:
            continue
        at = header.index(name)
        seen = {v for row in rows[1:] for v in _values(row[at]) if v}
        options[name] = sorted(seen, key=str.casefold)
    return options


def select_rows(
    mapping: Mapping, rows: list[list[str]], chosen: MappingABC[str, str]
) -> list[list[str]]:
    """The header and the rows that hold every chosen value (column header -> value);
    an empty choice or a column that is no filter column chooses nothing."""
    if not rows:
        return rows
    header = rows[0]
    wanted = [
        (header.index(column), value)
        for column, value in chosen.items()
        if value and column in filter_columns(mapping) and column in header
    ]
    return [header] + [
        row for row in rows[1:] if all(value in _values(row[at]) for at, value in wanted)
    ]


def _values(cell: str) -> list[str]:
    return [v.strip() for v in cell.split(JOINED)]
