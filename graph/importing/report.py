"""The import's report: one line per row, as CSV (for the spreadsheet program the list came
from) or JSON (for scripts), and a summary for the terminal.

Columns: the row number as the spreadsheet shows it, the name, the entity's IRI, what the row
does (created / changed / unchanged / deleted / invalid), how many statements it adds and
removes and of which properties, the verdict ("ok", "warning", "violation") with the
messages in German and English, and the suspected duplicates (label, IRI, score).
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

from ..cells import inert_cell
from ..collector import collector_paused
from ..errors import UsageError
from .outcome import (
    CHANGED,
    CREATED,
    DELETED,
    INVALID,
    UNCHANGED,
    ImportPlan,
    RowReport,
)

FIELDS = (
    "row", "name", "iri", "action", "added", "removed", "properties", "verdict",
    "messages_de", "messages_en", "duplicates",
)  # fmt: skip


def row_record(r: RowReport) -> dict[str, Any]:
    verdict = "violation" if r.problems else "warning" if r.warnings else "ok"
    return {
        "row": r.row or None,
        "name": r.name,
        "iri": r.iri,
        "action": INVALID if r.problems else r.action,
        "added": r.added,
        "removed": r.removed,
        "properties": r.properties,
        "verdict": verdict,
        "messages_de": [p.de for p in r.problems + r.warnings],
        "messages_en": [p.en for p in r.problems + r.warnings],
        "duplicates": [{"iri": c.iri, "label": c.label, "score": c.score} for c in r.duplicates],
    }


def check_report_target(target: Path) -> None:
    """Refuse a report file that cannot be written, before anything is read or saved: a
    report to a folder that does not exist was found only after the import was saved
    ("unerwarteter Fehler: FileNotFoundError", exit 2, and the office thought nothing was
    saved)."""
    if target.suffix.lower() not in (".csv", ".json"):
        raise UsageError(
            f"Bericht als .csv oder .json, nicht „{target.suffix}“.",
            f"Report as .csv or .json, not '{target.suffix}'.",
            where=str(target),
        )
    folder = target.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise UsageError(
            f"Der Ordner für den Bericht fehlt oder ist nicht beschreibbar: {folder}; nichts "
            "wurde eingelesen.",
            f"The report's folder does not exist or cannot be written: {folder}; nothing was "
            "imported.",
            where=str(target),
        )


def write_report(plan: ImportPlan, target: Path) -> None:
    """The report as CSV (`.csv`, `;`-separated with a byte-order mark, as German Excel
    opens it) or JSON (`.json`), by the file's suffix."""
    with collector_paused():  # 50,000 records: see `collector_paused`
        _write_report(plan, target)


def _write_report(plan: ImportPlan, target: Path) -> None:
    suffix = target.suffix.lower()
    records = [row_record(r) for r in plan.rows]
    if suffix == ".json":
        document = {
            "file": plan.file.name,
            "sha256": plan.sha256,
            "sheet": plan.sheet,
            "header_row": plan.header_row,
            "mapping": plan.mapping.path.name,
            "conforms": plan.conforms,
            "counts": plan.counts(),
            "problems_de": [p.de for p in plan.problems],
            "problems_en": [p.en for p in plan.problems],
            "notes_de": [p.de for p in plan.notes],
            "notes_en": [p.en for p in plan.notes],
        }
        # One row per line, each encoded by json's C encoder (an indent would switch to the
        # pure-Python one: ten seconds for 50,000 rows).
        head = json.dumps(document, ensure_ascii=False)[:-1]
        body = ",\n".join(json.dumps(r, ensure_ascii=False) for r in records)
        target.write_text(f'{head}, "rows": [\n{body}\n]}}\n', encoding="utf-8")
        return
    check_report_target(target)
    with target.open("w", encoding="utf-8-sig", newline="") as fh:
        # Text cells no spreadsheet runs (`cells.inert_cell`): a row's name is what the
        # office's list said, "=HYPERLINK(…)" too.
        out = csv.writer(fh, delimiter=";")
        out.writerow(FIELDS)
        for p in plan.problems:
            out.writerow(_inert(["", "", "", INVALID, 0, 0, "", "violation", p.de, p.en, ""]))
        for rec in records:
            out.writerow(
                _inert(
                    [
                        rec["row"] or "",
                        rec["name"],
                        rec["iri"],
                        rec["action"],
                        rec["added"],
                        rec["removed"],
                        ", ".join(rec["properties"]),
                        rec["verdict"],
                        " | ".join(rec["messages_de"]),
                        " | ".join(rec["messages_en"]),
                        " | ".join(
                            f"{d['label']} <{d['iri']}> ({d['score']})" for d in rec["duplicates"]
                        ),
                    ]
                )
            )


def summary(plan: ImportPlan, *, limit: int = 20) -> str:
    """What the terminal shows: the counts, then each row with a problem (at most `limit`),
    then the suspected duplicates."""
    c = plan.counts()
    lines = [
        f"{plan.file.name}, Blatt / sheet „{plan.sheet}“, Kopfzeile / header row "
        f"{plan.header_row}: {c[CREATED]} neu / created, {c[CHANGED]} geändert / changed, "
        f"{c[UNCHANGED]} unverändert / unchanged, {c[DELETED]} gelöscht / deleted, "
        f"{c[INVALID]} ungültig / invalid, {c['duplicates']} mögliche Dubletten / "
        "suspected duplicates."
    ]
    for p in plan.problems:
        lines.append(f"  {p.de} / {p.en}")
    for p in plan.notes:
        lines.append(f"  Hinweis / note: {p.de} / {p.en}")
    # The rows' notes (cells beyond the header, a time of day left out, a rule's warning):
    # the file goes in with them, so they are said before it does; one line for a note
    # many rows share ("English name missing").
    noted: dict[tuple[str, str], list[RowReport]] = {}
    for r in plan.rows:
        if not r.problems:
            for p in r.warnings:
                noted.setdefault((p.de, p.en), []).append(r)
    for (de, en), rows in list(noted.items())[:limit]:
        if len(rows) == 1:
            lines.append(f"  Zeile / row {rows[0].row} ({rows[0].name}): {de} / {en}")
        else:
            numbers = ", ".join(str(r.row) for r in rows[:10]) + (" …" if len(rows) > 10 else "")
            lines.append(f"  {len(rows)}× (Zeile / row {numbers}): {de} / {en}")
    if len(noted) > limit:
        lines.append(f"  … {len(noted) - limit} weitere / more (--report)")
    bad = [r for r in plan.rows if r.problems]
    for r in bad[:limit]:
        for p in r.problems:
            lines.append(f"  Zeile / row {r.row} ({r.name}): {p.de} / {p.en}")
    if len(bad) > limit:
        lines.append(f"  … {len(bad) - limit} weitere / more (--report)")
    dups = [r for r in plan.rows if r.duplicates and not r.problems]
    for r in dups[:limit]:
        near = "; ".join(f"{d.label} <{d.iri}> ({d.score})" for d in r.duplicates)
        lines.append(f"  Zeile / row {r.row} ({r.name}): ähnlich / similar: {near}")
    if len(dups) > limit:
        lines.append(f"  … {len(dups) - limit} weitere / more (--report)")
    for r in [r for r in plan.rows if r.action == DELETED][:limit]:
        lines.append(f"  gelöscht / deleted: {r.name} <{r.iri}>")
    return "\n".join(lines)


def _inert(row: list[Any]) -> list[Any]:
    return [inert_cell(c) if isinstance(c, str) else c for c in row]
