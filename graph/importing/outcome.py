"""An import's outcome before anything is written: a report per row, the whole change, and
what its change set will record of where it came from.

Kept apart from the planning (`plan`) so that the report (`report`), the staff workspace and
the CLI read an outcome without the machinery that made it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..changes.model import ChangeMeta
from ..forms.values import Problem
from ..matching import Candidate
from ..store import Change
from .mapping import Mapping

CREATED, CHANGED, UNCHANGED, DELETED, INVALID = (
    "created", "changed", "unchanged", "deleted", "invalid",
)  # fmt: skip


#: A row with filled cells right of the header's last: usually a separator in a text cell
#: that was not quoted, which moved the cells after it (exploratory test: a description's
#: ";" put its second half into the abbreviation, and the last cell was dropped unsaid).
BEYOND_HEADER = Problem(
    "Die Zeile hat mehr gefüllte Zellen als die Kopfzeile Spalten: steht ein Trennzeichen "
    "(; oder ,) in einem Text ohne Anführungszeichen? Dann sind die Zellen danach verrutscht.",
    "The row has more filled cells than the header has columns: is there a separator (; or ,) "
    "in a text without quotation marks? Then the cells after it have moved.",
)


@dataclass
class RowReport:
    """What one row does (or, for a `sync` deletion, one entity no row names any more)."""

    row: int  # the row's number in its sheet, as the program shows it (0: a deletion)
    name: str
    iri: str
    action: str = UNCHANGED
    added: int = 0
    removed: int = 0
    properties: list[str] = field(default_factory=list)  # changed properties, prefixed
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    duplicates: list[Candidate] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.problems


@dataclass
class ImportPlan:
    """A whole file planned: its rows, the change they make and its metadata."""

    file: Path
    sha256: str
    sheet: str
    header_row: int
    mapping: Mapping
    rows: list[RowReport]
    change: Change
    meta: ChangeMeta
    #: Problems of the file as a whole (a finding on a node no row made).
    problems: list[Problem] = field(default_factory=list)
    #: Notes on the file that keep nothing out (columns the mapping does not read).
    notes: list[Problem] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.problems and all(r.conforms for r in self.rows)

    def counts(self) -> dict[str, int]:
        counts = {a: 0 for a in (CREATED, CHANGED, UNCHANGED, DELETED, INVALID)}
        for r in self.rows:
            counts[INVALID if r.problems else r.action] += 1
        counts["duplicates"] = sum(1 for r in self.rows if r.duplicates)
        return counts


# ---- provenance ------------------------------------------------------------------------------


def ranges(numbers: Iterable[int]) -> str:
    """Row numbers as ranges ("2-40, 42"): a 50,000-row file's detail stays short."""
    out: list[str] = []
    start = end = None
    for n in sorted(numbers):
        if end is not None and n == end + 1:
            end = n
            continue
        if start is not None:
            out.append(f"{start}-{end}" if start != end else str(start))
        start = end = n
    if start is not None:
        out.append(f"{start}-{end}" if start != end else str(start))
    return ", ".join(out)


def import_detail(plan: ImportPlan) -> dict[str, object]:
    """The change set's origin detail: the file, its checksum, the sheet, the mapping and
    which rows created or changed what (row numbers as the spreadsheet shows them)."""
    by_action: dict[str, list[int]] = defaultdict(list)
    for r in plan.rows:
        if r.row:
            by_action[r.action].append(r.row)
    return {
        "files": [
            {
                "name": plan.file.name,
                "path": str(plan.file.resolve()),
                "sha256": plan.sha256,
                "sheet": plan.sheet,
                "mapping": plan.mapping.path.name,
                "header_row": plan.header_row,
            }
        ],
        "rows": {action: ranges(numbers) for action, numbers in sorted(by_action.items())},
        "deleted": [r.iri for r in plan.rows if r.action == DELETED],
    }


def import_comment(plan: ImportPlan) -> str:
    """The change set's comment when the person importing gave none: what the file did."""
    c = plan.counts()
    return (
        f"Import {plan.file.name} ({plan.mapping.name}): {c[CREATED]} neu / new, "
        f"{c[CHANGED]} geändert / changed, {c[DELETED]} gelöscht / deleted"
    )
