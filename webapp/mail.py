"""Reviewers hear of new drafts by e-mail (issue 14, item 6; the core's `akteursgraph.notify`).

The app's writer tells this module of each draft it saves (`Writer.on_draft`); the mail is
queued and sent by the mailer's thread, so the save never waits for the SMTP server. The
settings come from the environment (docs/configuration.md): without `AKTEURSGRAPH_SMTP_HOST`
and `AKTEURSGRAPH_MAIL_FROM` there is no mail, and the log says so at start.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, has_request_context, request

from akteursgraph.accounts import Accounts
from akteursgraph.changes import Draft
from akteursgraph.commit import Writer
from akteursgraph.notify import Mailer, MailSettings


def settings_from_env() -> dict[str, Any]:
    """The mail settings' defaults for `create_app`, read when the app is made."""
    return {
        "SMTP_HOST": os.environ.get("AKTEURSGRAPH_SMTP_HOST") or None,
        "SMTP_PORT": int(os.environ.get("AKTEURSGRAPH_SMTP_PORT") or 587),
        "SMTP_STARTTLS": (os.environ.get("AKTEURSGRAPH_SMTP_STARTTLS") or "on").lower()
        not in ("0", "off", "false", "no"),
        "SMTP_USER": os.environ.get("AKTEURSGRAPH_SMTP_USER") or None,
        # Only from the environment (or a test's config), never from a file in the repo.
        "SMTP_PASSWORD": os.environ.get("AKTEURSGRAPH_SMTP_PASSWORD") or None,
        "MAIL_FROM": os.environ.get("AKTEURSGRAPH_MAIL_FROM") or None,
        # Where the workspace is reached from outside, for the link in the mail; without it
        # the address of the request that saved the draft.
        "PUBLIC_URL": os.environ.get("AKTEURSGRAPH_PUBLIC_URL") or None,
    }


def init_app(app: Flask, writer: Writer) -> Mailer:
    config = app.config
    mailer = Mailer(
        MailSettings(
            host=config.get("SMTP_HOST"),
            port=int(config.get("SMTP_PORT") or 587),
            starttls=bool(config.get("SMTP_STARTTLS", True)),
            user=config.get("SMTP_USER"),
            password=config.get("SMTP_PASSWORD"),
            sender=config.get("MAIL_FROM"),
        ),
        recipients=lambda author: reviewer_addresses(app, author),
    )
    mailer.start()
    app.extensions["akteursgraph.mail"] = mailer

    def draft_waiting(draft: Draft) -> None:
        record = writer.history.get(draft.change_id)
        root = config.get("PUBLIC_URL") or (request.url_root if has_request_context() else "")
        url = root.rstrip("/") + "/workspace/review"
        mailer.draft_waiting(record.summary(), writer.history.touched(draft.change_id), url)

    if mailer.settings.enabled:
        writer.on_draft("reviewer mail", draft_waiting)
    return mailer


def reviewer_addresses(app: Flask, author: str) -> list[str]:
    """The addresses of the accounts that may review (reviewer and up, not disabled), but
    not the author's: they cannot review their own change."""
    return Accounts(app.config["STORE_PATH"]).reviewer_emails(excluding=author)
