"""`publication`: what the dataset description (/catalog, /.well-known/void) says about the
deployment: publisher, contact mailbox, licence, coverage (docs/configuration.md)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import UsageError
from .base import cli


@cli.command()
@click.option(
    "--set",
    "settings_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A JSON file with the settings to store (replaces them whole; checked first). A "
    'file without a "logo" key keeps the logo the store has ("logo": null removes it).',
)
@click.option(
    "--logo",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The office's logo (SVG, PNG, JPEG or WebP): copied into the store, and named in "
    "the settings (after --set, if both are given).",
)
@click.pass_context
def publication(ctx: click.Context, settings_file: Path | None, logo: Path | None) -> None:
    """Show, or set from a JSON file, the settings of the dataset description and of the
    office's pages (Impressum, privacy notice, accessibility statement, Leichte Sprache, logo).

    Without --set: prints the stored settings as JSON (an empty object: every default).
    Edit that JSON and store it with `akteursgraph publication --set FILE.json`; the
    keys and defaults are in docs/configuration.md. A new logo: `--logo FILE` (no copying
    into the store folder by hand). A running server uses the new values with its next
    request.
    """
    from ..changes import History
    from ..publish.settings import raw_publication, set_publication

    store_path = ctx.obj["store"]
    History.at(store_path)  # the store must exist
    if settings_file is not None:
        from ..office import read_settings_file

        raw = read_settings_file(settings_file)
        held = raw_publication(store_path).get("logo")
        if held and "logo" not in raw and logo is None:
            # The logo is a file `--logo` copied in, not a value one types: an office that
            # wrote its settings after `init --logo` (docs/new-office.md) lost it unsaid.
            raw = {**raw, "logo": held}
            click.echo(
                f"Hinweis: {settings_file.name} nennt kein Logo; das Logo {held} bleibt "
                '(ohne Logo: "logo": null). / Note: '
                f'{settings_file.name} names no logo; the logo {held} stays (no logo: "logo": '
                "null).",
                err=True,
            )
        try:
            set_publication(store_path, raw)
        except UsageError as exc:  # named after the file given, not the store's own
            raise UsageError(exc.de, exc.en, where=str(settings_file)) from exc
        from ..config import DEFAULT_BASE_IRI
        from ..publish.settings import publisher_beside_example

        other = publisher_beside_example(store_path, raw)
        if other:
            keys = ", ".join(other)
            click.echo(
                f"Hinweis: {keys} nennt ein anderes Amt, die Daten dieses Speichers haben aber "
                f"die Basis-IRI des Beispiels ({DEFAULT_BASE_IRI}): veröffentlicht trüge jede "
                "IRI den Namen Mitte, und veröffentlichte IRIs bleiben. Für Ihr eigenes Amt "
                "einen eigenen Speicher anlegen: akteursgraph --store ORDNER init --base-iri "
                "IHRE-IRI/ --settings DATEI (docs/new-office.md). / Note: "
                f"{keys} names another office, but this store's data has the example's base "
                f"IRI ({DEFAULT_BASE_IRI}): published, every IRI would carry Mitte's name, and "
                "published IRIs stay. For your own office make a store of its own: "
                "akteursgraph --store FOLDER init --base-iri YOUR-IRI/ --settings FILE "
                "(docs/new-office.md).",
                err=True,
            )
    if logo is not None:
        from ..office import copy_logo

        set_publication(
            store_path, {**raw_publication(store_path), "logo": copy_logo(store_path, logo)}
        )
    click.echo(json.dumps(raw_publication(store_path), indent=2, ensure_ascii=False))
