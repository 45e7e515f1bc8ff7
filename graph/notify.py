"""E-mail to reviewers when a draft starts waiting (issue 14, item 6).

A draft that nobody looks at keeps the office's data out of date; so each new draft is one
mail to every reviewer with an address, German first with English below, naming the change
(author, comment, counts, the entities it touches) and the link to the review queue. One mail
per draft rather than a digest: drafts are few (one per form save or import), and a digest
would need a schedule that a small office does not run.

Sending happens in a background thread (`Mailer`): a slow or unreachable SMTP server never
delays the save that made the draft. A failed mail is logged and dropped (the queue page
shows every waiting draft anyway). Without a configured host there is no mail, and `Mailer`
says so once in the log at start.

Standard library only (`smtplib`, `email`): STARTTLS and login when configured.
"""

from __future__ import annotations

import logging
import queue
import smtplib
import ssl
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from .namespaces import curie

log = logging.getLogger(__name__)

#: The most entities a mail names (the queue page lists them all).
LISTED = 10


@dataclass(frozen=True)
class MailSettings:
    """Where mail goes out: the office's SMTP server. `host` None means no mail at all."""

    host: str | None = None
    port: int = 587
    starttls: bool = True
    user: str | None = None
    password: str | None = None
    sender: str | None = None
    timeout: float = 30.0

    @property
    def enabled(self) -> bool:
        return bool(self.host and self.sender)


def draft_mail(
    draft: Mapping[str, Any], entities: list[str], review_url: str, sender: str, to: list[str]
) -> EmailMessage:
    """The mail about one waiting draft: German first, English below."""
    named = ", ".join(curie(iri) for iri in entities[:LISTED])
    if len(entities) > LISTED:
        named += f" (+{len(entities) - LISTED})"
    comment = draft.get("comment") or "-"
    message = EmailMessage()
    message["Subject"] = (
        f"Akteursgraph: Änderung von {draft['author']} wartet auf Prüfung / "
        f"change by {draft['author']} waits for review"
    )
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(
        "\n".join(
            [
                "Guten Tag,",
                "",
                f"{draft['author']} hat eine Änderung gespeichert, die vor der "
                "Veröffentlichung geprüft werden muss (Vier-Augen-Prinzip).",
                "",
                f"Änderung: {draft['id']}",
                f"Kommentar: {comment}",
                f"Aussagen: {draft['added']} hinzugefügt, {draft['removed']} entfernt",
                f"Betrifft: {named or '-'}",
                "",
                f"Zur Prüfung: {review_url}",
                "",
                "-- ",
                "",
                "Hello,",
                "",
                f"{draft['author']} saved a change that must be reviewed before it is "
                "published (four-eyes rule).",
                "",
                f"Change: {draft['id']}",
                f"Comment: {comment}",
                f"Statements: {draft['added']} added, {draft['removed']} removed",
                f"Touches: {named or '-'}",
                "",
                f"Review it: {review_url}",
                "",
            ]
        )
    )
    return message


def send(settings: MailSettings, message: EmailMessage) -> None:
    """Hand one message to the SMTP server (STARTTLS and login when configured)."""
    assert settings.host  # callers check `enabled`
    with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
        if settings.starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.user:
            smtp.login(settings.user, settings.password or "")
        smtp.send_message(message)


class Mailer:
    """Sends queued messages from one daemon thread, so no request waits for the server.

    `recipients` is asked at sending time (an account's address may change meanwhile); it
    gets the draft's author, who is left out (they cannot review their own change).
    """

    def __init__(self, settings: MailSettings, recipients: Callable[[str], list[str]]) -> None:
        self.settings = settings
        self.recipients = recipients
        self._queue: queue.Queue[tuple[Mapping[str, Any], list[str], str] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        #: Mails handed to the server (for the health of the feature, and tests).
        self.sent = 0

    def start(self) -> None:
        if not self.settings.enabled:
            log.warning(
                "Keine E-Mail an Prüfende: kein SMTP-Server eingestellt "
                "(AKTEURSGRAPH_SMTP_HOST, AKTEURSGRAPH_MAIL_FROM). / "
                "No mail to reviewers: no SMTP server configured."
            )
            return
        log.info("Mail to reviewers through %s:%s", self.settings.host, self.settings.port)
        self._thread = threading.Thread(target=self._run, name="reviewer-mail", daemon=True)
        self._thread.start()

    def draft_waiting(self, draft: Mapping[str, Any], entities: list[str], review_url: str) -> None:
        """Queue the mail about a new draft; returns at once."""
        if self._thread is not None:
            self._queue.put((dict(draft), list(entities), review_url))

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            draft, entities, url = item
            try:
                to = sorted({a for a in self.recipients(str(draft["author"])) if a.strip()})
                if to:
                    sender = self.settings.sender or ""
                    send(self.settings, draft_mail(draft, entities, url, sender, to))
                    self.sent += 1
            except Exception:  # a mail lost is logged, never fatal; the queue page has it
                log.exception("mail about draft %s failed", draft.get("id"))
            finally:
                self._queue.task_done()
        self._queue.task_done()

    def flush(self, timeout: float = 10.0) -> None:
        """Wait until every queued mail is handed over (tests, shutdown)."""
        if self._thread is None:
            return
        done = threading.Event()

        def wait() -> None:
            self._queue.join()
            done.set()

        threading.Thread(target=wait, daemon=True).start()
        done.wait(timeout)

    def close(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=5)
            self._thread = None
