"""The workspace's links outward: owl:sameAs to Wikidata or the GND, confirmed by a person.

An editor picks a configured reconciliation service (`LINK_ENDPOINTS`, by name: nobody types
an address the server would fetch) and a kind of entity; the page asks the service about a
page of our public entities without owl:sameAs (`akteursgraph.reconcile.suggest_links`) and
shows each with its candidates as choices, "none" chosen unless the service calls one a
match. Confirming stores the chosen links as one change set through the one write path
(review applies as for every edit). The same as `akteursgraph link-suggest` / `link-confirm`.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from akteursgraph.accounts import EDITOR
from akteursgraph.changes import ChangeMeta, Draft, submit
from akteursgraph.changes.model import ORIGIN_FORM
from akteursgraph.commit import Writer
from akteursgraph.errors import AkteursgraphError, UsageError
from akteursgraph.reconcile import same_as_change, suggest_links
from akteursgraph.store import Store

from .auth import current_account, role_required
from .errors import status_of

bp = Blueprint("workspace_links", __name__, url_prefix="/workspace")

#: Entities asked about per page (each page is one request to the service).
PAGE = 20
LINK_KINDS = ("organisations", "people", "projects", "events", "sites")


def _store() -> Store:
    return current_app.extensions["akteursgraph.store"]


def _endpoints() -> dict[str, str]:
    return current_app.config["LINK_ENDPOINTS"]


def _me() -> str:
    account = current_account()
    assert account is not None  # behind role_required
    return account.name


@bp.get("/links")
@role_required(EDITOR)
def links() -> str | tuple[str, int]:
    service = request.args.get("service", "")
    kind = request.args.get("kind", "organisations")
    remote_type = request.args.get("remote_type", "").strip() or None
    start = request.args.get("start", "0")
    found = error = None
    if service:
        try:
            if service not in _endpoints():
                raise UsageError("Unbekannter Dienst.", "Unknown service.", where="service")
            if kind not in LINK_KINDS:
                raise UsageError("Unbekannte Art.", "Unknown kind.", where="kind")
            first = int(start) if start.isdigit() else 0
            found = suggest_links(
                _store(), _endpoints()[service], [kind], remote_type=remote_type,
                start=first, count=PAGE,
            )  # fmt: skip
            found["start"] = first
        except AkteursgraphError as exc:
            error = exc
    page = render_template(
        "workspace/links.html",
        services=list(_endpoints()),
        kinds=LINK_KINDS,
        service=service,
        kind=kind,
        remote_type=remote_type or "",
        found=found,
        error=error,
        page=PAGE,
    )
    return (page, status_of(error)) if error is not None else page


@bp.post("/links")
@role_required(EDITOR)
def confirm() -> str | tuple[str, int]:
    chosen = []
    for key, value in request.form.items():
        if key.startswith("entity-") and value:
            target = request.form.get("choice-" + key.removeprefix("entity-"), "")
            if target:
                chosen.append((value, target))
    service = request.form.get("service", "")
    outcome = error = None
    if chosen:
        meta = ChangeMeta(
            author=_me(),
            origin=ORIGIN_FORM,
            comment=f"owl:sameAs bestätigt / confirmed ({service})",
            detail={"tool": "workspace links", "service": service, "links": len(chosen)},
        )
        writer: Writer = current_app.extensions["akteursgraph.writer"]
        try:
            outcome = submit(writer, same_as_change(_store(), chosen), meta)
        except AkteursgraphError as exc:
            error = exc
    page = render_template(
        "workspace/links_saved.html",
        count=len(chosen),
        draft=isinstance(outcome, Draft),
        outcome=outcome,
        error=error,
        service=service,
        kind=request.form.get("kind", ""),
    )
    return (page, status_of(error)) if error is not None else page
