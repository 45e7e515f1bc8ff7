"""`import` (a spreadsheet with a mapping, checked row by row) and `export-list` (a list back
out with the same mapping). docs/import.md."""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType
from typing import Any

import click

from ..errors import EXIT_INVALID_DATA
from ..store import Store
from .base import cli, echo_stale, echo_warnings, open_store, writing


class _Progress:
    """A progress bar on stderr, begun when the number of rows is known; only when a person
    is watching and the file is long enough to wait for."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._done = 0

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if total < 2_000 or not sys.stderr.isatty():
                return
            self._bar = click.progressbar(length=total, label="Zeilen / rows", file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(done - self._done)
        self._done = done

    def __enter__(self) -> _Progress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, exc, tb)


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--mapping",
    "mapping_path",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The mapping file (TOML) that says which column becomes which statement; the "
    "example's are in graph/data/mappings/.",
)
@click.option(
    "--sheet", help="The sheet to read (default: the mapping's, else the first that fits)."
)
@click.option("--dry-run", is_flag=True, help="Check and report only; write nothing.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report per row to this file: .csv (for Excel) or .json.",
)
@click.option(
    "--sync",
    is_flag=True,
    help="Also delete the entities this mapping imported earlier that the file no longer "
    "lists (listed in the report first). Without it, an import never deletes.",
)
@click.option("--agent", help="Who imports (recorded in the history). Default: login name.")
@click.option("--comment", default="", help="Why (kept in the history).")
@click.pass_context
def import_list(
    ctx: click.Context,
    file: Path,
    mapping_path: Path,
    sheet: str | None,
    dry_run: bool,
    report_path: Path | None,
    sync: bool,
    agent: str | None,
    comment: str,
) -> None:
    """Import a list (CSV, XLSX, ODS) with a mapping, as one change set.

    Every row is checked first: which entity it means (its key column, else the same name up
    to spelling and legal form), what it creates or changes, the rules' verdict, and similar
    entities that may be duplicates. Nothing is written unless every row conforms (exit 1);
    then one change set with the file's name, checksum and row numbers, for review like a
    form's. Importing the same file again changes nothing.

    \b
    akteursgraph import FILE --mapping MAPPING [--dry-run] [--report FILE] [--sync]
    akteursgraph import liste.xlsx --mapping graph/data/mappings/organisationen.toml \\
        --dry-run --report bericht.csv
    """
    from ..changes import Draft, submit
    from ..changes.model import default_author
    from ..commit import Writer

    if report_path is not None:
        from ..importing.report import check_report_target

        check_report_target(report_path)
    from ..importing import load_mapping, plan_import
    from ..server_link import submit_change

    mapping = load_mapping(mapping_path)
    options = {"sheet": sheet, "sync": sync, "author": agent or default_author(),
               "comment": comment}  # fmt: skip
    if dry_run:
        with open_store(ctx, read_only=True) as store, _Progress() as progress:
            plan = plan_import(store, file, mapping, progress=progress, **options)
        _finish(ctx, plan, report_path, written=False)
        return
    with writing(ctx) as target, _Progress() as progress:
        if isinstance(target, Store):
            plan = plan_import(target, file, mapping, progress=progress, **options)
            result = None
            if plan.conforms and (plan.change.add or plan.change.remove):
                result = submit(Writer(target), plan.change, plan.meta)
        else:  # the running server commits it
            with open_store(ctx, read_only=True) as store:
                plan = plan_import(store, file, mapping, progress=progress, **options)
            result = None
            if plan.conforms and (plan.change.add or plan.change.remove):
                result = submit_change(target, plan.change, plan.meta)
    _finish(ctx, plan, report_path, written=result is not None)
    if result is None:
        return
    echo_warnings(result.warnings)
    echo_stale(result)
    if isinstance(result, Draft):
        click.echo(
            f"Als Entwurf gespeichert / saved as draft {result.change_id} (akteursgraph publish).",
            err=True,
        )
    else:
        click.echo(f"Importiert / imported ({result.change_id}).", err=True)


def _finish(ctx: click.Context, plan: Any, report_path: Path | None, *, written: bool) -> None:
    from ..importing import summary, write_report

    if report_path is not None:
        write_report(plan, report_path)
    click.echo(summary(plan), err=True)
    if not plan.conforms:
        click.echo(_refusal(plan), err=True)
        ctx.exit(EXIT_INVALID_DATA)
    if not written and not (plan.change.add or plan.change.remove):
        click.echo("Keine Änderungen / no changes.", err=True)


def _refusal(plan: Any) -> str:
    """The last line of a refused import: what to correct, where the problems are. "Correct
    every row first" was said where no row was wrong, but `--sync`'s deletions broke another
    entry's rules."""
    from ..importing.outcome import DELETED

    if any(r.problems for r in plan.rows):
        return (
            "Nichts wurde gespeichert: erst die genannten Zeilen korrigieren. / Nothing was "
            "stored: correct the rows named above first."
        )
    if any(r.action == DELETED for r in plan.rows):
        return (
            "Nichts wurde gespeichert: die Löschungen durch --sync verletzen die oben genannten "
            "Regeln anderer Einträge; erst diese Einträge berichtigen (den Verweis entfernen) "
            "oder ohne --sync importieren. / Nothing was stored: the deletions of --sync break "
            "the rules named above for other entries; correct those entries first (remove the "
            "reference) or import without --sync."
        )
    return (
        "Nichts wurde gespeichert: erst die oben genannten Einträge berichtigen. / Nothing was "
        "stored: correct the entries named above first."
    )


@cli.command("export-list")
@click.option(
    "--mapping",
    "mapping_path",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The mapping file whose class and columns the list has.",
)
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The list to write: .xlsx or .csv.",
)
@click.option("--public", "public_only", is_flag=True, help="Only the public graphs.")
@click.pass_context
def export_list(ctx: click.Context, mapping_path: Path, output: Path, public_only: bool) -> None:
    """Write the entities of a mapping's class as a list with the mapping's columns (and
    their IRIs), which `import` reads back."""
    from ..importing import list_rows, load_mapping, write_list

    mapping = load_mapping(mapping_path)
    with open_store(ctx, read_only=True) as store:
        rows = list_rows(store, mapping, public_only=public_only)
    write_list(rows, output, mapping.name)
    click.echo(f"{len(rows) - 1} Zeilen / rows: {output}", err=True)
