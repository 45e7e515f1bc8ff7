"""Erasure (GDPR Art. 17) while the server runs: the administrators' page, and the gate that
holds requests off meanwhile.

- `/workspace/person/erase?iri=` (admin): what an erasure of the person would remove (the
  counts of `erasure_preview`), a required reason, and the button that erases; after it, the
  report (the fields `akteursgraph forget` prints). Editors and reviewers get 403.

The erasure itself is the core's (`akteursgraph.people.erasure.forget_served`): it rebuilds the
store's files, so no request may read the store meanwhile. The `Gate` is the web layer's part
of it: while an erasure runs, every request (a page, search, `/sparql`, a download, a staff
page) gets 503 with Retry-After, and the erasure begins only once the requests in flight have
ended. Two routes pass the gate uncounted: this page's POST, which runs the erasure, and the
CLI's `/api/changes` (its `forget` runs the erasure; its other changes wait for the write lock,
which the erasure holds).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

from flask import Blueprint, Flask, Response, current_app, g, render_template, request

from akteursgraph.accounts import ADMIN
from akteursgraph.errors import AkteursgraphError, StoreError, UsageError
from akteursgraph.people.erasure import ServedStore, erasure_preview, forget_served
from akteursgraph.people.records import person_consents
from akteursgraph.store import Store

from .auth import current_account, role_required
from .errors import error_response, status_of

bp = Blueprint("erasure", __name__, url_prefix="/workspace")

#: Longest an erasure waits for the requests in flight (a query runs at most its time limit).
DRAIN_SECONDS = 60.0
#: Endpoints that pass the gate uncounted (see the module docstring).
_UNCOUNTED = frozenset({"erasure.erase_person", "writes.changes"})


class Gate:
    """Requests in flight, counted; closed for the duration of an erasure."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._active = 0
        self._closed = False

    def enter(self) -> bool:
        """Count a request in; False while an erasure runs (the request gets 503)."""
        with self._cond:
            if self._closed:
                return False
            self._active += 1
            return True

    def leave(self) -> None:
        with self._cond:
            self._active -= 1
            self._cond.notify_all()

    @contextlib.contextmanager
    def closed(self, drain: float = DRAIN_SECONDS) -> Iterator[None]:
        """New requests get 503 from here on; returns once those in flight have ended."""
        with self._cond:
            if self._closed:
                raise StoreError(
                    "Gerade läuft schon eine Löschung; bitte danach noch einmal versuchen.",
                    "An erasure is already under way; please try again after it.",
                )
            self._closed = True
            drained = self._cond.wait_for(lambda: self._active == 0, timeout=drain)
        try:
            if not drained:
                raise StoreError(
                    f"Anfragen laufen seit über {drain:.0f} s; die Löschung wurde nicht "
                    "begonnen. Bitte gleich noch einmal versuchen.",
                    f"Requests have been running for over {drain:.0f} s; the erasure was not "
                    "begun. Please try again in a moment.",
                )
            yield
        finally:
            with self._cond:
                self._closed = False


def served_store(app: Flask, gate: Gate) -> ServedStore:
    """The server's parts that an erasure stops and starts again (made by `create_app`)."""
    ext = app.extensions

    def rebuilt() -> None:
        from . import explorer
        from .app import rebuild_search_index

        rebuild_search_index(app)
        with app.app_context():
            explorer.invalidate_pages()
        if app.config["MATCHER_AT_START"]:
            ext["akteursgraph.matcher"].start()

    return ServedStore(
        writer=ext["akteursgraph.writer"],
        publisher=ext["akteursgraph.publisher"],
        pool=ext["akteursgraph.pool"],
        snapshots=ext.get("akteursgraph.snapshots"),
        dumper=ext.get("akteursgraph.dumps"),
        matcher=ext["akteursgraph.matcher"],
        network=ext["akteursgraph.network"],
        quiet=gate.closed,
        rebuilt=rebuilt,
    )


def init_app(app: Flask) -> None:
    """The gate, before every other check of a request (register it first)."""
    gate = Gate()
    app.extensions["akteursgraph.gate"] = gate

    @app.before_request
    def hold_off_during_an_erasure() -> Response | None:
        if request.endpoint in _UNCOUNTED:
            return None
        if not gate.enter():
            return error_response(
                StoreError(
                    "Gerade wird eine Person gelöscht (Art. 17 DSGVO); bitte gleich noch "
                    "einmal versuchen.",
                    "A person is being erased (GDPR Art. 17); please try again in a moment.",
                )
            )
        g.erasure_gate_entered = True
        return None

    @app.teardown_request
    def counted_out(_exc: BaseException | None) -> None:
        if g.pop("erasure_gate_entered", False):
            gate.leave()


def _store() -> Store:
    return current_app.extensions["akteursgraph.store"]


def _name(iri: str) -> str:
    """The person's name in the page's language (as on their consent page), else the IRI."""
    names = person_consents(_store(), iri)["names"] if iri else {}
    return names.get(g.lang) or next(iter(names.values()), iri)


@bp.get("/person/erase")
@role_required(ADMIN)
def confirm_erasure() -> tuple[str, int]:
    iri = request.args.get("iri", "").strip()
    return _confirm_page(iri)


def _confirm_page(
    iri: str, reason: str = "", error: AkteursgraphError | None = None, status: int = 200
) -> tuple[str, int]:
    preview = None
    refusal = error
    if iri:
        try:
            preview = erasure_preview(_store(), iri)
        except AkteursgraphError as exc:
            refusal, status = exc, status_of(exc) if status == 200 else status
    page = render_template(
        "workspace/erase.html",
        iri=iri,
        name=_name(iri) if preview is not None else iri,
        preview=preview,
        reason=reason,
        error=error if preview is not None else refusal,
        report=None,
    )
    return page, status


@bp.post("/person/erase")
@role_required(ADMIN)
def erase_person() -> tuple[str, int]:
    iri = request.form.get("iri", "").strip()
    reason = request.form.get("reason", "").strip()
    account = current_account()
    assert account is not None  # role_required let us in
    served: ServedStore = current_app.extensions["akteursgraph.served"]
    began = time.perf_counter()
    try:
        if not reason:  # said for the form, not the command line (--reason)
            raise UsageError(
                "Bitte im Feld „Grund“ angeben, warum gelöscht wird (etwa das Datum des Antrags).",
                "Please give the reason in the field “Reason” (the request's date, say).",
            )
        name = _name(iri)  # read before the erasure: the report names whom it concerned
        report = forget_served(served, iri, reason=reason, author=account.name)
    except AkteursgraphError as exc:
        return _confirm_page(iri, reason, exc, status_of(exc))
    page = render_template(
        "workspace/erase.html",
        iri=iri,
        name=name,
        preview=None,
        reason=reason,
        error=None,
        report=report,
        seconds=time.perf_counter() - began,
    )
    return page, 200
