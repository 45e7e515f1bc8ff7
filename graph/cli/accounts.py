"""Commands for the staff accounts: user add, list, disable, enable, password, token.

They open only the accounts file (`akteursgraph.accounts`), never the RDF store, so they
work while `akteursgraph serve` holds the store; a change takes effect at the server's next
request (a disabled account's sessions and tokens stop at once). The first admin account of
a new installation comes from here: `akteursgraph user add NAME --role admin --password-stdin`.
"""

from __future__ import annotations

import json
import sys

import click

from .base import cli

FORMAT = click.Choice(["text", "json"])


def _accounts(ctx: click.Context):  # type: ignore[no-untyped-def]
    from ..accounts import Accounts

    return Accounts.at(ctx.obj["store"])


def _read_password(from_stdin: bool) -> str:
    """The password from the first line of stdin (scripts), else asked for twice, hidden."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt(
        "Passwort / password",
        hide_input=True,
        confirmation_prompt="Passwort wiederholen / repeat the password",
        err=True,
    )


@cli.group()
def user() -> None:
    """Staff accounts of the workspace: add, list, disable, passwords, API tokens.

    \b
    Roles, in rising order (each includes the ones before):
      viewer    reads the workspace
      editor    changes data (public changes wait for review)
      reviewer  publishes or rejects drafts
      admin     manages accounts
    These commands work while `akteursgraph serve` runs.
    """


@user.command("add")
@click.argument("name")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["viewer", "editor", "reviewer", "admin"]),
    help="What the account may do.",
)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input (else it is asked for).",
)
@click.pass_context
def add(ctx: click.Context, name: str, role: str, password_stdin: bool) -> None:
    """Create an account NAME (letters, digits, . _ @ -) with a password of at least 10
    characters. NAME is recorded as the author of the account's changes."""
    accounts = _accounts(ctx)
    account = accounts.add(name, role, _read_password(password_stdin))
    click.echo(f"Konto angelegt / account created: {account.name} ({account.role})", err=True)


@user.command("list")
@click.option("--format", "fmt", type=FORMAT, default="text", show_default=True)
@click.pass_context
def list_accounts(ctx: click.Context, fmt: str) -> None:
    """List the accounts: name, role, whether disabled, second factor, created."""
    found = _accounts(ctx).all()
    if fmt == "json":
        data = [
            {
                "name": a.name,
                "role": a.role,
                "disabled": a.disabled,
                "totp": a.totp_enrolled,
                "totp_required": a.totp_required,
                "created": a.created,
            }
            for a in found
        ]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    if not found:
        click.echo(
            "Keine Konten / no accounts. Das erste: / The first one: akteursgraph user add "
            "NAME --role admin",
            err=True,
        )
    for a in found:
        flags = [
            "gesperrt/disabled" if a.disabled else "",
            "TOTP" if a.totp_enrolled else ("TOTP verlangt/required" if a.totp_required else ""),
        ]
        click.echo(f"{a.name}\t{a.role}\t{a.created}\t{' '.join(f for f in flags if f)}".rstrip())


@user.command("disable")
@click.argument("name")
@click.pass_context
def disable(ctx: click.Context, name: str) -> None:
    """Disable the account NAME: its sessions end and its API tokens stop working at once
    (also on a running server). Its changes in the history stay as they are."""
    _accounts(ctx).set_disabled(name, True)
    click.echo(f"Konto gesperrt / account disabled: {name}", err=True)


@user.command("enable")
@click.argument("name")
@click.pass_context
def enable(ctx: click.Context, name: str) -> None:
    """Enable a disabled account NAME again (it logs in anew; old sessions stay ended)."""
    _accounts(ctx).set_disabled(name, False)
    click.echo(f"Konto entsperrt / account enabled: {name}", err=True)


@user.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the new password from stdin.")
@click.pass_context
def password(ctx: click.Context, name: str, password_stdin: bool) -> None:
    """Set a new password for NAME (a forgotten one); the account's sessions end."""
    _accounts(ctx).set_password(name, _read_password(password_stdin))
    click.echo(f"Passwort geändert / password changed: {name}", err=True)


@user.command("token")
@click.argument("name")
@click.option("--label", default="", help="What the token is for (shown in lists).")
@click.pass_context
def token(ctx: click.Context, name: str, label: str) -> None:
    """Create a personal API token for NAME and print it (once: it is kept only as a hash).
    Send it as `Authorization: Bearer TOKEN` to /sparql/update; changes made with it carry
    NAME as their author. Revoke tokens on the account page of the workspace."""
    click.echo(_accounts(ctx).create_token(name, label))
    click.echo("Nur jetzt sichtbar: sicher aufbewahren. / Shown only now: keep it safe.", err=True)


@user.command("totp")
@click.argument("name")
@click.option(
    "--require/--no-require",
    default=None,
    help="Whether NAME must log in with a second factor (set up at the next login).",
)
@click.option("--reset", is_flag=True, help="Forget NAME's second factor (a lost phone).")
@click.pass_context
def totp(ctx: click.Context, name: str, require: bool | None, reset: bool) -> None:
    """The second factor (TOTP) of NAME: require it, or reset a lost one. The account sets
    it up itself on its account page in the workspace."""
    accounts = _accounts(ctx)
    if require is None and not reset:
        raise click.UsageError("--require, --no-require or --reset")
    if reset:
        accounts.remove_totp(name)
        click.echo(f"Zweiter Faktor entfernt / second factor removed: {name}", err=True)
    if require is not None:
        accounts.require_totp(name, require)
        state = "verlangt / required" if require else "nicht verlangt / not required"
        click.echo(f"Zweiter Faktor {state}: {name}", err=True)


@user.command("email")
@click.argument("name")
@click.argument("address", required=False, default="")
@click.pass_context
def email(ctx: click.Context, name: str, address: str) -> None:
    """Set the e-mail ADDRESS where NAME hears of drafts waiting for review (reviewers and
    admins; the server needs AKTEURSGRAPH_SMTP_HOST, docs/workspace.md). Without ADDRESS the
    address is removed. Staff can also set their own on the account page."""
    _accounts(ctx).set_email(name, address or None)
    click.echo(f"E-Mail gesetzt / e-mail set: {name}: {address or '-'}", err=True)
