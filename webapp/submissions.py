"""One form, one save: a second send of the same form leads to the first save's result.

A double click on "Speichern", or the browser sending a form again after "Back", created a
second entry (`organisation/doppelklick-verein-2`, a second draft for the reviewer). Each
workspace form carries a hidden submission id, made when the form is first drawn and kept
when it comes back with problems; the first send with an id saves, and any later send of it
(by the same account) waits for that save and is answered with its result page. The ids are
kept in the serving process (one process serves the workspace), the newest `KEPT` of them.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict

from flask import Flask, current_app

from .errors import ProtocolError

_EXTENSION = "akteursgraph.submissions"


class Submissions:
    """The saves of the latest forms: (account, submission id) -> the result's URL."""

    KEPT = 2_000
    #: How long a second send waits for the first one's save (a bulk import may take a while;
    #: a form's save takes milliseconds).
    WAIT = 60.0

    def __init__(self) -> None:
        self._changed = threading.Condition()
        #: None while the first send is being saved.
        self._done: OrderedDict[tuple[str, str], str | None] = OrderedDict()

    def begin(self, account: str, submission: str) -> str | None:
        """None when this send is the first (it saves, then calls `finish`); else the URL
        of the first send's result, once it has one."""
        key = (account, submission)
        deadline = time.monotonic() + self.WAIT
        with self._changed:
            while key in self._done and self._done[key] is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise ProtocolError(
                        409,
                        "Dieses Formular wird noch gespeichert; bitte gleich die Seite neu laden.",
                        "This form is still being saved; please reload the page in a moment.",
                    )
                self._changed.wait(left)
            if key in self._done:
                return self._done[key]
            self._done[key] = None
            return None

    def finish(self, account: str, submission: str, result: str | None) -> None:
        """The first send's outcome: the URL of its result page, or None when it saved
        nothing (refused: the form may be sent again after a correction)."""
        key = (account, submission)
        with self._changed:
            if result is None:
                self._done.pop(key, None)
            else:
                self._done[key] = result
                self._done.move_to_end(key)
                while len(self._done) > self.KEPT:
                    self._done.popitem(last=False)
            self._changed.notify_all()


def new_submission_id() -> str:
    return secrets.token_urlsafe(16)


def submissions() -> Submissions:
    return current_app.extensions[_EXTENSION]


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSION] = Submissions()
