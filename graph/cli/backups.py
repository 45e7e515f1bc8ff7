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
@click.option(
    "--journal",
    type=click.Path(path_type=Path, exists=True),
    help="Another store folder (or its erasure-journal.jsonl) whose erasures go with the "
    "restored store too: the live store's, when restoring into a new folder.",
)
@click.pass_context
def restore(ctx: click.Context, source: Path, agent: str | None, journal: Path | None) -> None:
    """Restore the backup SOURCE into the store folder (new, or a stopped store).

    \b
    The store is replaced whole. Checked first: each file against the checksum the backup
    recorded, the history and accounts as SQLite files, the quads counted; a damaged backup
    is refused and the store left as it was. Erasures recorded in the erasure journals (the
    backup's, the replaced store's, and --journal's) are applied again at once. Into a new
    folder without --journal, whoever was erased after the backup was made may come back: it
    says so. --journal OLD-STORE applies that store's erasures (a store that erased nobody
    has no journal file, and is taken as such). The change history goes back to the
    backup's with the data: the restore names the later change sets it leaves out.
    Example: akteursgraph --store /srv/ag/store restore /var/backups/akteursgraph/2026-11-30
    """
    from ..backup import restore_backup

    result = restore_backup(source, ctx.obj["store"], author=agent, journal=journal)
    click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    click.echo(
        f"Wiederhergestellt / restored: {result['store']} "
        f"({len(result['erased_again'])} Personen erneut gelöscht / people erased again)",
        err=True,
    )
    dropped = result["history_dropped"]
    if dropped["count"]:
        first, last = dropped["first"], dropped["last"]
        click.echo(
            f"Hinweis: Die Änderungshistorie ist jetzt die der Sicherung. {dropped['count']} "
            f"spätere Änderung(en) des ersetzten Speichers ({first['id']} vom {first['time']} bis "
            f"{last['id']} vom {last['time']}) sind mit ihren Daten nicht mehr darin. "
            f"/ Note: the change history is now the backup's. {dropped['count']} later change(s) "
            f"of the replaced store ({first['id']} of {first['time']} to {last['id']} of "
            f"{last['time']}) are gone with their data.",
            err=True,
        )
    if result["later_erasures_unknown"]:
        made = result["backup"].get("made", "?")
        click.echo(
            f"Hinweis: Löschungen nach dem Stand der Sicherung ({made}) kennt dieser neue "
            "Speicher nicht; wer danach gelöscht wurde, kann wieder darin sein. Das Löschjournal "
            "des Speichers, aus dem sie stammt, mit anwenden: restore --journal ALTER-SPEICHER. "
            f"/ Note: this new store does not know erasures after the backup was made ({made}); "
            "whoever was erased since may be in it again. Apply the erasure journal of the store "
            "it came from too: restore --journal OLD-STORE.",
            err=True,
        )
