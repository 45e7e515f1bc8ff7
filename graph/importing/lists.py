"""Lists back out: the entities of a mapping's class as a spreadsheet with the mapping's
columns (`akteursgraph export-list`), so the office's lists and the graph stay exchangeable.

Each column holds what the import would read back: texts in the column's language, dates as
written in the store (1998, 2019-03, 2019-03-12), value-list terms by their first synonym
(or the concept's German label), linked entities by their label; several values joined by
", ". A first column "IRI" holds the entity's IRI, which the import reads as the row's key
when the mapping has an "id" column: a list exported, edited and imported again changes
exactly the rows that were edited.

XLSX is written with XlsxWriter (calamine only reads); CSV as UTF-8 with a byte-order mark,
`;`-separated, as German Excel opens it.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pyoxigraph as ox

from ..cells import inert_cell
from ..errors import UsageError
from ..explore.vocabulary import Labels
from ..namespaces import SKOS
from ..resources import query
from ..store import Store
from .mapping import Column, Mapping

IRI_HEADER = "IRI"


def list_rows(store: Store, mapping: Mapping, *, public_only: bool = False) -> list[list[str]]:
    """The header and one row per entity of the mapping's class (subclasses included) that
    has the second nodes the mapping requires columns of: the speakers' list is of the
    people with a speaker profile, not every person of the store (historical ones
    included, with empty required columns that an import of the list refuses)."""
    entities = sorted(
        {
            row["entity"].value
            for row in store.select(
                query("importing/entities-of-class"),
                bindings={"class": ox.NamedNode(mapping.cls)},
                public_only=public_only,
                max_rows=Store.SCAN_ROWS,
            )
        }
    )
    columns = [c for c in mapping.columns if c.type != "id"]
    back = _synonyms_back(mapping)
    labels = Labels()
    header = [IRI_HEADER, *(c.header for c in columns)]
    rows = [header]
    visible = _visible(store, public_only)
    required_links = sorted(
        {mapping.nodes[c.node].link for c in mapping.columns if c.node and c.required}
    )
    for iri in entities:
        node = ox.NamedNode(iri)
        if not all(
            any(visible(q) for q in store.quads(node, ox.NamedNode(link)))
            for link in required_links
        ):
            continue
        row = [iri]
        for column in columns:
            subject = node
            if column.node:
                link = mapping.nodes[column.node].link
                linked = [q.object for q in store.quads(node, ox.NamedNode(link)) if visible(q)]
                if not linked or not isinstance(linked[0], ox.NamedNode):
                    row.append("")
                    continue
                subject = linked[0]
            texts = sorted(
                _text(store, q.object, column, back, labels)
                for q in store.quads(subject, ox.NamedNode(column.property))
                if visible(q) and _fits(q.object, column)
            )
            row.append(", ".join(texts) if column.split or len(texts) < 2 else texts[0])
        rows.append(row)
    return rows


def write_list(rows: list[list[str]], target: Path, sheet: str) -> None:
    suffix = target.suffix.lower()
    if suffix == ".csv":
        with target.open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh, delimiter=";").writerows([inert_cell(c) for c in r] for r in rows)
        return
    if suffix != ".xlsx":
        raise UsageError(
            f"Liste als .xlsx oder .csv, nicht „{target.suffix}“.",
            f"List as .xlsx or .csv, not '{target.suffix}'.",
        )
    import xlsxwriter

    # Every cell a text cell: by default XlsxWriter writes a text that begins with "=" as a
    # formula, and "=HYPERLINK(…)" in a description ran when the list was opened.
    workbook = xlsxwriter.Workbook(
        str(target),
        {"constant_memory": True, "strings_to_urls": False, "strings_to_formulas": False},
    )
    try:
        bold = workbook.add_format({"bold": True})
        worksheet = workbook.add_worksheet(sheet[:31])
        for i, row in enumerate(rows):
            worksheet.write_row(i, 0, row, bold if i == 0 else None)
        worksheet.freeze_panes(1, 0)
    finally:
        workbook.close()


def _visible(store: Store, public_only: bool):  # type: ignore[no-untyped-def]
    return lambda q: not public_only or store.is_public_graph(q.graph_name)


def _fits(term: object, column: Column) -> bool:
    if column.language is None:
        return True
    return isinstance(term, ox.Literal) and term.language == column.language


def _synonyms_back(mapping: Mapping) -> dict[str, str]:
    """Each value-list term by the first thing a list says for it."""
    back: dict[str, str] = {}
    for spec in mapping.values.values():
        for term, said in spec.synonyms.items():
            back.setdefault(term, said[0] if said else term)
    return back


def _text(store: Store, term: object, column: Column, back: dict[str, str], labels: Labels) -> str:
    if isinstance(term, ox.Literal):
        return back.get(term.value, term.value)
    if not isinstance(term, ox.NamedNode):
        return ""
    if column.values or column.type == "entity":
        # A concept by its German label, which the import reads as well as the synonyms: its
        # first synonym named "Zentralafrika" as "Kamerun" and "Vortrag" as "Input" (the
        # synonyms are what lists may say, not what the concept is; exploratory walk).
        if not labels.all(term.value):
            for q in store.quads(term, ox.NamedNode(SKOS + "prefLabel")):
                labels.add(term.value, q.object)
        if labels.all(term.value):
            return labels.get(term.value, "de")
    if term.value in back:
        return back[term.value]
    return term.value
