"""Dumps of the public data for operators: `dump` (a folder of files, no server needed) and
`dump-keep` (how many versions under `/download/` keep their files)."""

from __future__ import annotations

from pathlib import Path

import click

from .base import cli, open_store


@cli.command()
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write the files to (made if missing; files there are replaced).",
)
@click.pass_context
def dump(ctx: click.Context, output: Path) -> None:
    """Write the public data in all dump formats: akteursgraph.nt.gz, .ttl, .jsonld and
    .trig, with SHA256SUMS and manifest.json (sizes, counts), as /download/ offers them.

    Reads the store only, so it works beside a running server. Internal graphs are never
    written. Check the files with `sha256sum -c SHA256SUMS` in the folder.
    """
    import pyoxigraph as ox

    from ..publish.dump_files import write_dump_folder

    with open_store(ctx, read_only=True) as store:
        graphs = [ox.NamedNode(g) for g in store.public_graphs()]
        files = write_dump_folder(store.dataset, graphs, output)
    for meta in files.values():
        click.echo(f"{meta['bytes']:>12}  {meta['sha256']}  {output / meta['name']}")
    click.echo(
        f"{files['trig']['statements']} Quads in {len(graphs)} öffentlichen Graphen / "
        f"quads in {len(graphs)} public graphs.",
        err=True,
    )


@cli.command("dump-keep")
@click.option("--last", type=int, help="Keep the files of the newest N versions (N >= 1).")
@click.option(
    "--monthly",
    type=click.Choice(["on", "off"]),
    help="Also keep the newest version of every month (on) or not (off).",
)
@click.pass_context
def dump_keep(ctx: click.Context, last: int | None, monthly: str | None) -> None:
    """Show or set how many dump versions under /download/ keep their files (default: the
    last 10 and one per month). Older versions stay in the changelog with their counts;
    their files are removed when the next version is made.

    Example: `akteursgraph dump-keep --last 20 --monthly off`.
    """
    from ..changes import History
    from ..changes.settings import dump_keep as current
    from ..changes.settings import set_dump_keep

    History.at(ctx.obj["store"])  # the store must exist
    if last is not None or monthly is not None:
        set_dump_keep(
            ctx.obj["store"], last=last, monthly=None if monthly is None else monthly == "on"
        )
    n, per_month = current(ctx.obj["store"])
    click.echo(f"last {n}, monthly {'on' if per_month else 'off'}")
