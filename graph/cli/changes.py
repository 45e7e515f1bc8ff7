"""Commands for the history and the review of changes: history, change, revert, drafts,
publish, reject, review-required.

Reading commands (`history`, `change`, `drafts`) read only the history file, so they work
beside a running server; writing ones (`revert`, `publish`) open the store for writing, or,
while `serve` holds it, ask the running server to do it.
The person acting is `--agent`, else the login name; a reviewer must differ from the author.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from .base import cli, counted, echo_stale, echo_unpublished, echo_warnings, writing

AGENT_HELP = "Who acts (recorded in the history). Default: login name."
FORMAT = click.Choice(["text", "json"])


def _person(agent: str | None) -> str:
    from ..changes import default_author

    return (agent or default_author()).strip()


def _reviewer(store_path: Path, agent: str | None) -> str:
    """Who publishes or rejects: taken on trust (the operator's CLI), except a name of a
    staff account that may not review: an editor's name was recorded as a draft's reviewer
    (two-editors walk)."""
    from ..accounts import REVIEWER, Accounts, role_name
    from ..errors import UsageError

    name = _person(agent)
    account = Accounts(store_path).of_person(name)
    if account is not None and (account.disabled or not account.has_role(REVIEWER)):
        de = (
            "ist gesperrt" if account.disabled else f"hat die Rolle {role_name(account.role, 'de')}"
        )
        en = "is disabled" if account.disabled else f"has the role {role_name(account.role, 'en')}"
        raise UsageError(
            f"Das Konto {account.name} {de}: veröffentlichen und ablehnen dürfen nur Konten "
            "mit der Rolle Prüfen oder Verwalten. Nichts wurde geändert.",
            f"The account {account.name} {en}: only accounts with the role reviewer or "
            "administrator may publish and reject. Nothing was changed.",
            where="--agent",
        )
    return name


def _echo(data: Any, fmt: str, text: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    elif text:
        click.echo(text)


def _report(outcome: object, done_de: str, done_en: str) -> None:
    """Say whether a write applied or waits for review, with its change set id."""
    from ..changes import Draft

    echo_warnings(outcome.warnings)  # type: ignore[attr-defined]
    echo_stale(outcome)
    echo_unpublished(outcome)
    if isinstance(outcome, Draft):
        click.echo(
            f"Entwurf / draft {outcome.change_id} ({counted(outcome)}): wartet auf Prüfung "
            "durch eine zweite Person / waits for review by a second person "
            "(akteursgraph publish).",
            err=True,
        )
    else:
        click.echo(
            f"{done_de} / {done_en}: {outcome.change_id}"  # type: ignore[attr-defined]
            f" ({counted(outcome)})",
            err=True,
        )


@cli.command()
@click.argument("iri")
@click.option("--format", "fmt", type=FORMAT, default="text", show_default=True)
@click.option(
    "--newest",
    type=click.IntRange(min=1),
    help="Only the N newest change sets (of those before --before); the older ones are named.",
)
@click.option("--before", metavar="CHANGE_ID", help="Only change sets recorded before this one.")
@click.pass_context
def history(ctx: click.Context, iri: str, fmt: str, newest: int | None, before: str | None) -> None:
    """Show every change set that touched an entity: who, when, why, what (in words and as
    N-Quads), and the version it was based on. IRI is a full IRI, or relative to the store's
    base IRI as the output shows it (<example/organisation/...>), or a prefixed name of the
    vocabulary (ag:SiteNaming)."""
    from ..changes import entity_history_page, entity_iri
    from ..changes.wording import render

    entity = entity_iri(ctx.obj["store"], iri)
    page = entity_history_page(ctx.obj["store"], entity, size=newest, before=before)
    entries, older = page.entries, page.older
    if not entries and fmt == "text":
        click.echo(f"Keine Änderungen an / no changes to <{entity}>.", err=True)
    _echo(entries, fmt, render(entries))
    if older:
        click.echo(f"Ältere Änderungen / older changes: --before {older}", err=True)


@cli.command()
@click.argument("change_id")
@click.option("--format", "fmt", type=FORMAT, default="text", show_default=True)
@click.pass_context
def change(ctx: click.Context, change_id: str, fmt: str) -> None:
    """Show one change set in full (a draft before review, for instance)."""
    from ..changes import change_set
    from ..changes.wording import render

    data = change_set(ctx.obj["store"], change_id)
    bases = data["based_on"]
    text = render([{k: v for k, v in data.items() if k != "based_on"}])
    if bases:
        text += "\n  Grundlage / based on:\n" + "\n".join(
            f"    <{iri}> {base or '-'}" for iri, base in sorted(bases.items())
        )
    _echo(data, fmt, text)


@cli.command()
@click.argument("change_id")
@click.option("--comment", required=True, help="Why the change is undone (required).")
@click.option("--agent", help=AGENT_HELP)
@click.pass_context
def revert(ctx: click.Context, change_id: str, comment: str, agent: str | None) -> None:
    """Undo a change set with a new, validated change set (exit 1 on a conflict with later
    changes; nothing is changed then). A draft if the reverted change went through review."""
    from ..changes import revert as do_revert
    from ..commit import Writer
    from ..server_link import act
    from ..store import Store

    with writing(ctx) as target:
        if isinstance(target, Store):
            outcome = do_revert(
                Writer(target), change_id, author=_person(agent), comment=comment, operator=True
            )
        else:
            outcome = act(target, "revert", change_id, _person(agent), comment)
    _report(outcome, "Rückgängig gemacht", "reverted")


@cli.command()
@click.option("--format", "fmt", type=FORMAT, default="text", show_default=True)
@click.pass_context
def drafts(ctx: click.Context, fmt: str) -> None:
    """List the drafts waiting for review, oldest first, then those being published (or
    cut off while they were: the server's next start settles them)."""
    from ..changes import drafts as waiting
    from ..changes.comments import shown_comment
    from ..changes.model import APPLYING
    from ..changes.wording import shortened_said

    found = waiting(ctx.obj["store"])
    lines = [
        f"{d['id']}  {d['time']}  von/by {d['author']}  [{d['origin']}]  "
        f"+{d['added']} -{d['removed']}  {shown_comment(d['comment'])}".rstrip()
        + (f"\n  {shortened_said(d['shortened_by'])}" if d.get("shortened_by") else "")
        + (f"\n  {_BEING_PUBLISHED}" if d["status"] == APPLYING else "")
        for d in found
    ]
    if not found and fmt == "text":
        click.echo("Keine Entwürfe / no drafts.", err=True)
    _echo(found, fmt, "\n".join(lines))


#: Said under a draft whose publication is under way or was cut off (`drafts`).
_BEING_PUBLISHED = (
    "wird gerade veröffentlicht oder wurde dabei unterbrochen (der nächste Start des Servers "
    "bringt es auf einen Stand) / being published, or cut off while it was (the server's next "
    "start settles it)"
)


@cli.command()
@click.argument("change_id")
@click.option("--comment", default="", help="The reviewer's note.")
@click.option("--agent", help=AGENT_HELP + " Must differ from the draft's author.")
@click.pass_context
def publish(ctx: click.Context, change_id: str, comment: str, agent: str | None) -> None:
    """Publish a draft: validated again against the current data; exit 1 if it conflicts
    with changes made since it was saved, or if the reviewer is its author."""
    from ..changes import publish as do_publish
    from ..commit import Writer
    from ..server_link import act
    from ..store import Store

    reviewer = _reviewer(ctx.obj["store"], agent)
    with writing(ctx) as target:
        if isinstance(target, Store):
            outcome = do_publish(Writer(target), change_id, reviewer=reviewer, comment=comment)
        else:
            outcome = act(target, "publish", change_id, reviewer, comment)
    _report(outcome, "Veröffentlicht", "published")


@cli.command()
@click.argument("change_id")
@click.option("--comment", required=True, help="Why the draft is rejected (required).")
@click.option("--agent", help=AGENT_HELP + " Must differ from the draft's author.")
@click.pass_context
def reject(ctx: click.Context, change_id: str, comment: str, agent: str | None) -> None:
    """Reject a draft; it stays in the history and never reaches the data."""
    from ..changes import History
    from ..changes import reject as do_reject

    reviewer = _reviewer(ctx.obj["store"], agent)
    do_reject(History.at(ctx.obj["store"]), change_id, reviewer=reviewer, comment=comment)
    click.echo(f"Abgelehnt / rejected: {change_id}", err=True)


@cli.command("review-required")
@click.argument("value", required=False, type=click.Choice(["on", "off"]))
@click.pass_context
def review_required(ctx: click.Context, value: str | None) -> None:
    """Show or set whether editors' changes to public data wait for review (default: on)."""
    from ..changes import History, default_author, set_review_required
    from ..changes import review_required as current

    History.at(ctx.obj["store"])  # the store must exist
    if value is not None:
        set_review_required(ctx.obj["store"], value == "on", by=default_author())
    on = current(ctx.obj["store"])
    click.echo("on" if on else "off")  # for scripts; in words on stderr
    click.echo(
        "Prüfung durch eine zweite Person: "
        + ("an / review by a second person: on" if on else "aus / review by a second person: off"),
        err=True,
    )
    if not on:
        # Switched off, the drafts saved before still wait (an editor's next save of one
        # publishes it whole): said here, not found out later (restore walk).
        from ..changes import drafts as waiting

        n = len(waiting(ctx.obj["store"]))
        if n:
            de = (
                "1 Entwurf wartet weiter auf Prüfung; wird er erneut gespeichert, wird er ganz "
                "veröffentlicht"
                if n == 1
                else f"{n} Entwürfe warten weiter auf Prüfung; wird einer erneut gespeichert, "
                "wird er ganz veröffentlicht"
            )
            en = (
                "1 draft still waits for review; if its author saves it again, the whole "
                "draft is published"
                if n == 1
                else f"{n} drafts still wait for review; if their authors save one again, "
                "the whole draft is published"
            )
            click.echo(f"{de} (akteursgraph drafts). / {en} (akteursgraph drafts).", err=True)
