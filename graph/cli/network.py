"""The `network` command: the public actor network as files for Gephi and other tools."""

from __future__ import annotations

from pathlib import Path

import click

from .base import cli, open_store


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf", "csv", "json"]),
    default="graphml",
    show_default=True,
    help="graphml and gexf for Gephi and other network tools, csv (two files: PATH-nodes.csv "
    "and PATH-edges.csv), json (node-link: nodes and edges).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="File to write; for csv the prefix of the two files (a .csv ending is dropped).",
)
@click.option(
    "--lang",
    type=click.Choice(["de", "en"]),
    default="de",
    show_default=True,
    help="Language of the `label` attribute (label_de and label_en are always written).",
)
@click.pass_context
def network(ctx: click.Context, fmt: str, output: Path, lang: str) -> None:
    """Export the public actor network: organisations, people with publication consent,
    projects, events, topics, sites and historical persons and events as nodes (ids are
    IRIs), memberships, cooperations, organisers, funders, speakers, topics, namings and
    parts of projects as links (kind, label, start, end, via)."""
    from ..errors import UsageError
    from ..network import build_network, csv_paths, export_network

    with open_store(ctx, read_only=True) as store:
        net = build_network(store)
    tmp = output.with_name(output.name + ".part")
    try:
        if fmt == "csv":
            counts = export_network(net, fmt, output, lang)
            written = " + ".join(str(p) for p in csv_paths(output))
        else:
            counts = export_network(net, fmt, tmp, lang)
            tmp.replace(output)  # a reader never sees half a file
            written = str(output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(
            f"Kann nicht schreiben: {exc.strerror}.",
            f"Cannot write: {exc.strerror}.",
            where=str(output),
        ) from exc
    click.echo(
        f"{counts['nodes']} Knoten und {counts['edges']} Kanten / nodes and edges: {written}",
        err=True,
    )
