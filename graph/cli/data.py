"""Commands that make, fill, check and dump a store: init, load, validate, export, stats."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import click

from ..config import DEFAULT_BASE_IRI, under_example_base
from ..errors import EXIT_INVALID_DATA, UsageError
from ..namespaces import curie
from ..store import Store
from .base import (
    cli,
    counted,
    echo_stale,
    echo_unpublished,
    echo_warnings,
    open_store,
    progress_bar,
    writing,
)


@cli.command()
@click.option("--example", is_flag=True, help="Load the shipped example data (Berlin-Mitte).")
@click.option(
    "--base-iri",
    default=DEFAULT_BASE_IRI,
    show_default=True,
    help="Base IRI of the data (persistent-IRI style, ends in '/'); required with your "
    "office's details (name, districts, logo, settings).",
)
@click.option("--if-missing", is_flag=True, help="Do nothing if the store already exists.")
@click.option(
    "--force",
    is_flag=True,
    help="Replace an existing store: its data is deleted; the change history (the audit "
    "trail, the new data becoming one more change set), the erasure journal and the staff "
    "accounts are kept.",
)
@click.option("--agent", help="Who enters the data (recorded internally). Default: login name.")
@click.option(
    "--office-name",
    help="Your office's name: the publisher of the data, shown in the site's header.",
)
@click.option(
    "--district",
    "districts",
    multiple=True,
    help="A district your office works in (repeatable): a place in the data "
    "({base}place/{slug}) and part of the data's spatial coverage.",
)
@click.option(
    "--logo",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Your office's logo (SVG, PNG, JPEG or WebP), copied into the store.",
)
@click.option(
    "--settings",
    "settings_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Publication settings to start with (JSON, the form `akteursgraph publication` "
    "shows); --office-name and --logo override their keys, --district adds to spatial.",
)
@click.pass_context
def init(
    ctx: click.Context,
    example: bool,
    base_iri: str,
    if_missing: bool,
    force: bool,
    agent: str | None,
    office_name: str | None,
    districts: tuple[str, ...],
    logo: Path | None,
    settings_file: Path | None,
) -> None:
    """Create a store with the vocabulary, and with --example the example data.

    Without --example the store is your office's own: give its name, districts and logo
    (or a settings file), and --base-iri for its IRIs (docs/new-office.md)."""
    from ..office import OfficeStart, read_settings_file
    from ..office import check as check_office
    from ..operations import init_store
    from ..store import CONFIG_FILE

    office = OfficeStart(
        name=office_name,
        districts=tuple(districts),
        logo=logo,
        settings=read_settings_file(settings_file) if settings_file else {},
        settings_file=str(settings_file) if settings_file else None,
    )
    if office.given and not example and under_example_base(base_iri):
        # An office's IRIs are for ever (docs/persistent-iris.md): its own data under the
        # example's base would carry Mitte's name in every IRI it ever publishes. Given
        # explicitly, the example's base was taken as the office's without a word.
        raise UsageError(
            f"Die Daten eines eigenen Amts brauchen eine eigene --base-iri: mit der des "
            f"Beispiels ({DEFAULT_BASE_IRI}) trügen alle IRIs seinen Namen, und "
            "veröffentlichte IRIs bleiben. Zum Beispiel --base-iri "
            "https://daten.beispielstadt.de/akteure/ (docs/new-office.md).",
            f"Your own office's data needs a --base-iri of its own: under the example's "
            f"({DEFAULT_BASE_IRI}) every IRI would carry its name, and published IRIs stay. "
            "For example --base-iri https://daten.beispielstadt.de/akteure/ "
            "(docs/new-office.md).",
            where="--base-iri",
        )
    check_office(office, base_iri, example=example)  # before an old store is deleted
    path: Path = ctx.obj["store"]
    if (path / CONFIG_FILE).exists():
        if if_missing:
            click.echo(f"Speicher vorhanden / store exists: {path}", err=True)
            return
        if force:
            from ..accounts import ACCOUNTS_FILE, SECRET_FILE
            from ..server_link import refuse_while_served

            refuse_while_served(path)
            from ..changes.schema import HISTORY_FILES
            from ..people.journal import KEEP_ON_REINIT

            # The erasure journal outlives the data: nobody erased comes back by a reload.
            # So do the staff accounts and the key of their sessions: they are no data. And
            # the history: the audit trail of who changed what must survive a reload (the
            # new data is one more change set, origin cli-init).
            _clear_store_folder(path, keep={*KEEP_ON_REINIT, ACCOUNTS_FILE, SECRET_FILE,
                                            *HISTORY_FILES})  # fmt: skip
        else:  # said here, with the options that go on from it (new-office walk)
            raise UsageError(
                f"Unter {path} gibt es bereits einen Speicher. --if-missing lässt ihn, wie er "
                "ist; --force legt ihn neu an (seine Daten werden gelöscht, Verlauf und Konten "
                "bleiben); ein anderer Ort: akteursgraph --store ORDNER init.",
                f"A store already exists at {path}. --if-missing leaves it as it is; --force "
                "makes it anew (its data is deleted, history and accounts are kept); another "
                "place: akteursgraph --store FOLDER init.",
                where=str(path),
            )
    if not example and base_iri == DEFAULT_BASE_IRI:
        click.echo(
            f"Hinweis: Basis-IRI ist die des Beispiels ({base_iri}); für ein eigenes Amt "
            f"--base-iri angeben. / Note: the base IRI is the example's ({base_iri}); for "
            "your own office give --base-iri.",
            err=True,
        )
    with progress_bar(2_000_001 if example else 0, "Laden / loading") as progress:
        store, result = init_store(
            path,
            base_iri=base_iri,
            example=example,
            agent=agent,
            progress=progress,
            office=office,
        )
    store.close()
    echo_warnings(result.warnings)
    click.echo(
        f"Speicher angelegt / store created: {path} ({result.added} Quads / quads)", err=True
    )


def _clear_store_folder(path: Path, keep: set[str]) -> None:
    """Delete what the store folder holds except the files named in `keep` (left in place,
    so a large history is neither read nor copied)."""
    for child in path.iterdir():
        if child.name in keep:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--graph",
    help="Target graph for triples outside named graphs: public/NAME, internal/NAME or a full "
    "IRI. Default: internal/FILE-NAME.",
)
@click.option(
    "--format",
    "format_name",
    help="Parse as this format instead of guessing from the extension "
    "(turtle, nt, nq, trig, jsonld, rdfxml).",
)
@click.option("--agent", help="Who enters the data (recorded internally). Default: login name.")
@click.option("--comment", default="", help="Why the data is loaded (kept in the history).")
@click.option("--draft", is_flag=True, help="Save as a draft that a second person must publish.")
@click.pass_context
def load(
    ctx: click.Context,
    files: tuple[Path, ...],
    graph: str | None,
    format_name: str | None,
    agent: str | None,
    comment: str,
    draft: bool,
) -> None:
    """Load RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) as one write.

    Every file is checked and validated first; if any file is invalid, nothing is stored.
    The load is one change set in the history; with --draft it waits for review.
    """
    from ..changes import Draft, submit
    from ..commit import Writer
    from ..operations import prepare_load
    from ..server_link import submit_change

    options = {"graph": graph, "format_name": format_name, "agent": agent, "comment": comment,
               "draft": draft}  # fmt: skip
    total = sum(f.stat().st_size for f in files if f.is_file())
    with writing(ctx) as target, progress_bar(total, "Laden / loading") as progress:
        if isinstance(target, Store):
            change, meta = prepare_load(target, files, progress=progress, **options)
            result = submit(Writer(target, alone=True), change, meta)
        else:  # the running server commits it
            with open_store(ctx, read_only=True) as store:
                change, meta = prepare_load(store, files, progress=progress, **options)
            result = submit_change(target, change, meta)
    echo_warnings(result.warnings)
    echo_stale(result)
    echo_unpublished(result)
    if isinstance(result, Draft):
        click.echo(
            f"Als Entwurf gespeichert / saved as draft {result.change_id} ({counted(result)}; "
            "akteursgraph publish).",
            err=True,
        )
    else:
        click.echo(f"Geladen / loaded {result.change_id}: {counted(result)}.", err=True)


@cli.command()
@click.option("--warnings/--no-warnings", default=True, help="Also list warnings.")
@click.option(
    "--engine",
    type=click.Choice(["sparql", "pyshacl"]),
    default="sparql",
    show_default=True,
    help="sparql: the shapes compiled to SPARQL, run in the store (seconds per million "
    "triples); pyshacl: the reference implementation (minutes per million triples).",
)
@click.pass_context
def validate(ctx: click.Context, warnings: bool, engine: str) -> None:
    """Validate the whole store against the shapes and privacy rules (exit 1 on violations)."""
    from ..validation import Validator

    with open_store(ctx, read_only=True) as store:
        report = Validator.default(engine).validate_all(store)
    shown = report.findings if warnings else report.violations
    if shown:
        click.echo("\n".join(f.render() for f in shown))
    if report.conforms:
        click.echo(f"Gültig / conforms ({len(report.warnings)} Warnungen / warnings).", err=True)
    else:
        click.echo(
            f"Nicht gültig / does not conform: {len(report.violations)} Verstöße / violations.",
            err=True,
        )
        ctx.exit(EXIT_INVALID_DATA)


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld"]),
    default="trig",
    show_default=True,
)
@click.option("--public", "public_only", is_flag=True, help="Only the public graphs (open data).")
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="File to write (default: stdout)."
)
@click.pass_context
def export(ctx: click.Context, fmt: str, public_only: bool, output: Path | None) -> None:
    """Write a dump of the store; quad formats keep the named graphs."""
    from ..operations import export as do_export

    with open_store(ctx, read_only=True) as store:
        if output is None:
            count = do_export(store, sys.stdout.buffer, fmt=fmt, public_only=public_only)
        else:
            tmp = output.with_name(output.name + ".part")
            with tmp.open("wb") as fh:
                count = do_export(store, fh, fmt=fmt, public_only=public_only)
            tmp.replace(output)  # a reader never sees half a dump
    click.echo(f"{count} Aussagen exportiert / statements exported.", err=True)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Show what the store holds: quads, graphs (public/internal), entities per class."""
    from ..operations import stats as do_stats

    with open_store(ctx, read_only=True) as store:
        data = do_stats(store)
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"Speicher / store: {data['store']}")
    click.echo(f"Basis-IRI / base IRI: {data['base_iri']}")
    click.echo(f"Quads: {data['quads']}")
    click.echo("Graphen / graphs:")
    for g in data["graphs"]:  # type: ignore[union-attr]
        click.echo(f"  {g['triples']:>8}  {g['visibility']:<8}  {g['graph']}")
    click.echo("Klassen / classes:")
    for c in data["classes"]:  # type: ignore[union-attr]
        click.echo(f"  {c['count']:>8}  {curie(c['class'])}")
