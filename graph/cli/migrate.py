"""`akteursgraph migrate`: bring a store made before a model change up to the current model."""

from __future__ import annotations

import click

from .base import cli, open_store


@cli.command()
@click.option(
    "--dry-run",
    is_flag=True,
    help="List what would change (the very IRIs the run mints); change nothing.",
)
@click.option("--agent", help="Who migrates (recorded in the history). Default: login name.")
@click.pass_context
def migrate(ctx: click.Context, dry_run: bool, agent: str | None) -> None:
    """Migrate the store to the current model as one validated change set.

    Updates the vocabulary, links each name to the one it replaces and turns a naming's
    decision and ceremony dates into dated steps (docs/model.md). Running it again changes
    nothing. Stop `akteursgraph serve` first; with --dry-run it only lists the changes.
    Living persons get opaque IRIs, a keyed hash of the old IRI under the store's key
    (`migrate-person-key`), so the dry run lists the same new IRIs the run writes.

    \b
    Example:
      akteursgraph --store ./data migrate --dry-run
      akteursgraph --store ./data migrate
    """
    from ..migrate import migrate as run
    from ..migrate import plan

    with open_store(ctx, read_only=dry_run) as store:
        todo = plan(store) if dry_run else run(store, agent=agent)
    for line in todo.lines:
        click.echo(line)
    if not todo:
        click.echo("Nichts zu tun / nothing to do: the store is up to date.", err=True)
    elif dry_run:
        click.echo(
            f"Würde ändern / would change: +{len(todo.change.add)} -{len(todo.change.remove)} "
            "Quads / quads (--dry-run: nichts geändert / nothing changed).",
            err=True,
        )
    else:
        click.echo(
            f"Migriert / migrated: +{len(todo.change.add)} -{len(todo.change.remove)} "
            "Quads / quads.",
            err=True,
        )
