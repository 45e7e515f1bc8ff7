"""`akteursgraph consent sweep`: end expired consents and unpublish what they covered."""

from __future__ import annotations

import click

from .base import cli, open_store, say_served, server_for_write


@cli.group()
def consent() -> None:
    """People's consent records (docs/model.md, "Consent")."""


@consent.command()
@click.pass_context
def sweep(ctx: click.Context) -> None:
    """End every consent whose ag:consentExpires has passed, as one change set.

    Records dpv:ConsentExpired on each expired record and, in the same validated change set
    (origin consent-expiry), removes from the public graphs everything that consent covered.
    `serve` does this at start-up and every hour by itself; run by hand while it serves the
    store, the sweep is sent to it and runs there (its pages follow at once); without a
    server, on the store itself (from cron, say). Exit code 0 also when nothing expired.

    \b
    Example:
      akteursgraph --store ./data consent sweep
    """
    from ..people.expiry import sweep as run
    from ..server_link import sweep_through

    link = server_for_write(ctx)
    if link is not None:
        say_served(link, "die Prüfung", "the sweep")
        done = sweep_through(link)
    else:
        with open_store(ctx) as store:
            done = run(store)
    for record in done.records:
        click.echo(record)
    if done.change_id is None:
        click.echo("Nichts abgelaufen / nothing expired.", err=True)
    else:
        click.echo(
            f"Abgelaufen / expired: {len(done.records)} (change set {done.change_id}).", err=True
        )
