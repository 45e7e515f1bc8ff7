"""What the web app does when something behind a commit failed (a full disk, say).

The commit is the store's write. What follows it (the history's record, the public mirror
and snapshot, the search index) can fail on its own: then the change stands, the answer says
"stored, but X is stale" (never an error that would make the writer try again), and the next
write catches up (`Writer.catch_up`). One case must not wait for that: if the public side is
behind on a commit that removed public data (a consent withdrawal, an erasure, a deletion),
it would go on serving what is gone. Then every public surface answers 503 until it has
caught up, and each request retries the catch-up at most once a second, so the site comes
back by itself once there is room again.
"""

from __future__ import annotations

import threading
import time

from flask import Flask, Response, current_app, request

from akteursgraph.commit import Writer
from akteursgraph.errors import StoreError
from akteursgraph.publish.follower import Snapshots

from .auth import current_account
from .errors import error_response

#: Routes that are not the public side: staff writes and the files of the pages' look.
_NOT_PUBLIC = ("/api/", "/sparql/update", "/static/", "/assets/")
#: The one public route that reads the snapshot (its query workers); pages, search and the
#: network read the main store, which has every acknowledged change already.
_READS_SNAPSHOT = "/sparql"
#: Seconds between two catch-up attempts started by requests.
RETRY_EVERY = 1.0
#: Longest a public request waits for the snapshot of the changes acknowledged before it
#: (normally one checkpoint: a tenth of a second at the 1M district).
SNAPSHOT_WAIT = 30.0


def stale_headers(stale: list[str] | tuple[str, ...]) -> dict[str, str]:
    """The header naming what a committed change left stale (empty when nothing)."""
    return {"X-Akteursgraph-Stale": ", ".join(stale)} if stale else {}


def stale_note(stale: list[str] | tuple[str, ...]) -> tuple[str, str]:
    """A line for the answer to a committed change, German and English ('' when nothing)."""
    if not stale:
        return "", ""
    names = ", ".join(stale)
    return (
        f" Gespeichert, aber nicht aktuell: {names} (wird beim nächsten Schreiben "
        "nachgeholt; Platz auf dem Datenträger prüfen).",
        f" Committed, but stale: {names} (caught up at the next write; check the free disk space).",
    )


def init_app(app: Flask) -> None:
    last_try = [0.0]
    trying = threading.Lock()

    @app.before_request
    def withhold_removed_data() -> Response | None:
        if request.path.startswith(_NOT_PUBLIC):
            return None
        writer: Writer = current_app.extensions["akteursgraph.writer"]
        snapshots: Snapshots | None = current_app.extensions.get("akteursgraph.snapshots")
        # Read-your-writes for staff: the snapshot of every change acknowledged before this
        # request (taken just after its acknowledgement) first; for anyone else the snapshot
        # of every removal (`Snapshots.wait`); then whether it failed on a removal.
        if (
            request.path == _READS_SNAPSHOT
            and snapshots is not None
            and not snapshots.wait(SNAPSHOT_WAIT, removals_only=not _may_have_written())
        ):
            return _withheld()
        if not writer.withholds():
            return None
        now = time.monotonic()
        if now - last_try[0] >= RETRY_EVERY and trying.acquire(blocking=False):
            try:  # one request at a time tries; the others answer 503 at once
                last_try[0] = now
                writer.catch_up()
            finally:
                trying.release()
        if not writer.withholds():
            return None
        return _withheld()


def _may_have_written() -> bool:
    """Whether the request comes from staff, who may have written just before: it carries
    an API token or a signed-in session. Not checked here: a wrong token only waits for
    the snapshot, as staff do, and is refused by the route. The session is read only if
    the request has its cookie: reading it marks every answer `Vary: Cookie`."""
    if request.headers.get("Authorization", "").startswith("Bearer "):
        return True
    cookie = current_app.config.get("SESSION_COOKIE_NAME", "session")
    return cookie in request.cookies and current_account() is not None


def _withheld() -> Response:
    """503 in the form the route speaks (a page, plain text for /sparql)."""
    return error_response(
        StoreError(
            "Der öffentliche Datenstand wird gerade nachgeführt (eine Löschung ist noch "
            "nicht überall angekommen); bitte gleich noch einmal versuchen.",
            "The public data is being brought up to date (a removal has not reached every "
            "copy yet); please try again in a moment.",
        )
    )
