"""People's rights: erasure (`forget`) and access (`person-export`), see docs/operations.md."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .base import cli, say_served, server_for_write


@cli.command()
@click.argument("iri")
@click.option("--reason", required=True, help="Why the person is erased (kept in the history).")
@click.option("--agent", help="Who erases (recorded in the history). Default: login name.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def forget(ctx: click.Context, iri: str, reason: str, agent: str | None, as_json: bool) -> None:
    """Erase a person for good (GDPR Art. 17), at once and without review.

    \b
    Removes every statement about the person in all graphs (with their blank nodes,
    memberships and speaker profile, and the mentions by others), rewrites the history
    and the dumps without them, rebuilds the store files so that no byte of them is left,
    drops the public mirror and snapshots (rebuilt by the next `serve`), and records the
    erasure in the erasure journal (salted hashes), so that no restore or load brings the
    person back. While `serve` runs on the store, the erasure is sent to it and runs there:
    the server holds requests off (503) for its duration and rebuilds its public side
    (mirror, snapshot, search index, caches) before it answers.
    Example: akteursgraph forget IRI --reason "Art. 17 request of 2026-11-30"
    """
    from ..people.erasure import forget as do_forget
    from ..server_link import forget_through

    link = server_for_write(ctx)
    if link is not None:
        say_served(link, "die Löschung", "the erasure")
        report = forget_through(link, iri, reason, agent)
    else:
        report = do_forget(ctx.obj["store"], iri, reason=reason, author=agent)
    if as_json:
        click.echo(json.dumps(report.summary(), indent=2, ensure_ascii=False))
    else:
        click.echo(
            f"Gelöscht / erased: {iri} ({report.change_id})\n"
            f"  Aussagen im Speicher / statements in the store: {report.store_statements}\n"
            f"  mitgelöscht / erased with them: {len(report.owned)} "
            f"(Mitgliedschaften, Profil / memberships, profile)\n"
            f"  ohne Nennung behalten / kept without the mention: {len(report.touched)}\n"
            f"  Geschichte / history: {report.history_statements} Aussagen / statements in "
            f"{report.history_change_sets} Änderungen / change sets; "
            f"Name geschwärzt in Kommentar oder Dateiname von / name blanked in the comment or "
            f"file name of {report.history_texts} Änderungen / change sets\n"
            f"  Downloads / dumps: {report.dump_statements} Aussagen / statements\n"
            f"  öffentliche Seite neu aufzubauen / public side to rebuild: "
            f"{', '.join(report.public_side_removed) or '-'}"
        )


@cli.command("person-export")
@click.argument("iri")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "trig"]), default="json", show_default=True
)
@click.option("--agent", help="Who reads the data (written to the access log). Default: login.")
@click.option("--why", default="", help="Why the data is read (written to the access log).")
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="File to write (default: stdout)."
)
@click.pass_context
def person_export(
    ctx: click.Context, iri: str, fmt: str, agent: str | None, why: str, output: Path | None
) -> None:
    """Everything stored about a person (GDPR Art. 15): statements in all graphs, consent
    records, history entries, reads of their data; as JSON or TriG.

    The read is written to the store's access log first (who, when, why). Works beside a
    running `serve`. Example: akteursgraph person-export IRI --why "request of 30.11." -o out.json
    """
    from ..people.subject_access import as_json
    from ..people.subject_access import person_export as do_export

    data = do_export(ctx.obj["store"], iri, who=agent, why=why)
    text = as_json(data) if fmt == "json" else data["trig"]
    if output is None:
        click.echo(text)
    else:
        output.write_text(text, encoding="utf-8")
    click.echo(
        f"{len(data['statements'])} Aussagen exportiert / statements exported "
        "(Zugriff protokolliert / access logged).",
        err=True,
    )
