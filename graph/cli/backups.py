"""Backups: `backup` (consistent while `serve` runs) and `restore`, see docs/operations.md."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..store import Store
from .base import cli, writing


@cli.command()
@click.argument("target", type=click.Path(path_type=Path))
@click.pass_context
def backup(ctx: click.Context, target: Path) -> None:
    """Write a backup of the store into the new folder TARGET.

    \b
    Consistent while `serve` runs: the running server takes it under its write lock;
    otherwise this command holds the store while it copies. Holds the store's files
    (a RocksDB checkpoint), the history, settings, erasure journal, access log and dumps.
    Example (a daily backup): akteursgraph backup /var/backups/akteursgraph/$(date +%F)
    """
    from ..backup import take_backup
    from ..server_link import backup_through

    with writing(ctx) as target_store:
        if isinstance(target_store, Store):
            manifest = take_backup(target_store, target)
        else:
            manifest = backup_through(target_store, target)
    click.echo(json.dumps(manifest, indent=2))
    click.echo(f"Gesichert / backed up: {target} ({manifest['quads']} Quads / quads)", err=True)


@cli.command()
@click.argument("source", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--agent", help="Who restores (author of erasures replayed). Default: login name.")
@click.pass_context
def restore(ctx: click.Context, source: Path, agent: str | None) -> None:
    """Restore the backup SOURCE into the store folder (new, or a stopped store).

    The store is replaced whole. Erasures recorded in the erasure journal (the backup's and
    the replaced store's) are applied again at once: nobody erased comes back.
    Example: akteursgraph --store /srv/ag/store restore /var/backups/akteursgraph/2026-11-30
    """
    from ..backup import restore_backup

    result = restore_backup(source, ctx.obj["store"], author=agent)
    click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    click.echo(
        f"Wiederhergestellt / restored: {result['store']} "
        f"({len(result['erased_again'])} Personen erneut gelöscht / people erased again)",
        err=True,
    )
