"""Spreadsheets in and out: the office's lists (CSV, XLSX, ODS) imported with a mapping file,
checked row by row before anything is written, and written back out with the same mapping.

The rooms: `tables` (files -> sheets of cells, merged cells, encodings), `header` (which
sheet, and which of its rows is the header), `mapping` (the mapping file), `values` (what a
cell means: dates, value lists, addresses), `plan` (rows -> entities and one change,
duplicates, `--sync`), `verdict` (the change validated once, each finding at its row),
`outcome` (what a plan holds and what its change set
records of the file), `report` (the report per row), `lists` (`export-list`). The matcher
they share with reconciliation is `akteursgraph.matching`. User documentation: docs/import.md.
"""

from .lists import list_rows, write_list
from .mapping import Mapping, load_mapping
from .outcome import ImportPlan, RowReport
from .plan import plan_import
from .report import summary, write_report

__all__ = [
    "ImportPlan",
    "Mapping",
    "RowReport",
    "list_rows",
    "load_mapping",
    "plan_import",
    "summary",
    "write_list",
    "write_report",
]
