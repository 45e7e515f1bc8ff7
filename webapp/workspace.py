"""The staff workspace: its start page, the account page, and the admins' account list.

Every view here is guarded by `auth.role_required`; every form carries the CSRF token.
Other faces of the workspace (edit forms, review, history) live in their own modules.

The account page is each account's own: password, personal API tokens (shown once, kept
hashed), the second factor (TOTP). The account list is the admins': new accounts, roles,
disabling, requiring a second factor. The command line (`akteursgraph user ...`) can do
the same, and is how the first admin comes to be.
"""

from __future__ import annotations

import segno
from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from akteursgraph.accounts import ADMIN, ROLES, VIEWER, Accounts
from akteursgraph.accounts.model import MIN_PASSWORD_LENGTH
from akteursgraph.accounts.totp import new_secret, provisioning_uri
from akteursgraph.changes import drafts, review_required, review_switched, set_review_required
from akteursgraph.errors import UsageError

from .auth import accounts, current_account, role_required, start_session, totp_required

bp = Blueprint("workspace", __name__, url_prefix="/workspace")


def _form(field: str) -> str:
    return (request.form.get(field) or "").strip()


def _me() -> str:
    account = current_account()
    assert account is not None  # role_required let us in
    return account.name


@bp.get("/")
@role_required(VIEWER)
def start() -> str:
    return render_template("workspace/start.html")


# ---- my account ----------------------------------------------------------------------------


@bp.post("/session")
@role_required(VIEWER)
def keep_session() -> Response:
    """Keep the login for the idle time from now (workspace.js: on typing, and by the
    warning's "stay logged in" before it ends): a form filled slowly was lost when the
    login ran out unannounced (WCAG 2.2.1, accessibility audit). Answers how many seconds
    the login lasts without another request. A POST with the page's CSRF token: it changes
    the session, and no other site may keep it alive. Logged out, it answers as any form
    sent then (401)."""
    accounts().touch(getattr(current_account(), "session_secret", ""))
    idle = float(current_app.config["IDLE_MINUTES"]) * 60
    return jsonify({"seconds": idle})


def _account_page(status: int = 200, **context: object) -> Response:
    """The account page; never cached (it may show a new token or a TOTP secret), as no
    staff page is (`security.STAFF_BLUEPRINTS`)."""
    name = _me()
    pending = session.get("totp_secret")
    uri = provisioning_uri(pending, name) if pending else None
    return make_response(
        render_template(
            "workspace/account.html",
            account=accounts().get(name),
            tokens=accounts().tokens(name),
            totp_required=totp_required(accounts().get(name)),
            totp_secret=pending,
            totp_uri=uri,
            totp_qr=segno.make(uri, error="m").svg_inline(scale=4) if uri else None,
            min_length=MIN_PASSWORD_LENGTH,
            errors=context.pop("errors", {}),
            **context,
        ),
        status,
    )


@bp.get("/account")
@role_required(VIEWER)
def account() -> Response:
    return _account_page()


@bp.post("/account/password")
@role_required(VIEWER)
def password() -> Response:
    """A new password: every other session of the account ends; this one starts anew."""
    name = _me()
    errors: dict[str, str] = {}
    new = request.form.get("new") or ""
    if accounts().check_password(name, request.form.get("current") or "") is None:
        errors["current"] = _("The current password is not right.")
    if len(new) < MIN_PASSWORD_LENGTH:
        errors["new"] = _("At least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
    elif new != (request.form.get("repeat") or ""):
        errors["repeat"] = _("The two new passwords differ.")
    if errors:
        return _account_page(400, errors=errors)
    account = accounts().set_password(name, new)
    response = start_session(account, url_for("workspace.account"))
    flash(_("Password changed. Your other sessions have ended."))
    return response


@bp.post("/account/tokens")
@role_required(VIEWER)
def create_token() -> Response:
    """A new personal API token, shown on this one answer only."""
    token = accounts().create_token(_me(), _form("label"))
    return _account_page(201, new_token=token)


@bp.post("/account/tokens/<token_id>/revoke")
@role_required(VIEWER)
def revoke_token(token_id: str) -> Response:
    accounts().revoke_token(_me(), token_id)  # another account's token: not found (400)
    flash(_("The token %(id)s is revoked.", id=token_id))
    return redirect(url_for("workspace.account"))


@bp.post("/account/totp")
@role_required(VIEWER)
def totp_start() -> Response:
    """Begin the set-up: a new secret, kept in the session until a code proves the app has it."""
    session["totp_secret"] = new_secret()
    return redirect(url_for("workspace.account", _anchor="totp"))


@bp.post("/account/totp/confirm")
@role_required(VIEWER)
def totp_confirm() -> Response:
    secret = session.get("totp_secret")
    if not secret:
        return redirect(url_for("workspace.account", _anchor="totp"))
    if not accounts().enrol_totp(_me(), secret, _form("code")):
        return _account_page(
            400, errors={"code": _("The code is not right. Enter the current code.")}
        )
    session.pop("totp_secret", None)
    flash(_("The second factor is set up: logins now ask for a code."))
    # The session was made when no second factor was there: start it anew, now with one.
    return start_session(accounts().get(_me()), url_for("workspace.account"))


@bp.post("/account/totp/remove")
@role_required(VIEWER)
def totp_remove() -> Response:
    name = _me()
    if accounts().check_password(name, request.form.get("current") or "") is None:
        return _account_page(400, errors={"remove": _("The current password is not right.")})
    account = accounts().remove_totp(name)
    flash(_("The second factor is removed."))
    return start_session(account, url_for("workspace.account"))


# ---- the admins' account list ----------------------------------------------------------------


@bp.get("/accounts")
@role_required(ADMIN)
def accounts_list() -> Response:
    return _accounts_page()


def _accounts_page(status: int = 200, **context: object) -> Response:
    store_path = current_app.config["STORE_PATH"]
    return make_response(
        render_template(
            "workspace/accounts.html",
            accounts=accounts().all(),
            roles=ROLES,
            min_length=MIN_PASSWORD_LENGTH,
            errors=context.pop("errors", {}),
            review_on=review_required(store_path),
            review_switched=review_switched(store_path),
            **context,
        ),
        status,
    )


@bp.post("/accounts/review")
@role_required(ADMIN)
def switch_review() -> Response:
    """The four-eyes rule on or off: an office of one person has no second one to publish
    its drafts, and switching needed the operator's command line (`review-required`)."""
    value = _form("review")
    if value not in ("on", "off"):
        raise UsageError(
            f"Unbekannter Wert {value!r}: „on“ oder „off“.",
            f"Unknown value {value!r}: “on” or “off”.",
            where="review",
        )
    store_path = current_app.config["STORE_PATH"]
    set_review_required(store_path, value == "on", by=_me())
    flash(
        _("Review before publication is on.")
        if value == "on"
        else _("Review before publication is off.")
    )
    waiting = len(drafts(store_path)) if value == "off" else 0
    if waiting:  # as `review-required off` says it (re-check)
        flash(
            ngettext(
                "%(num)d draft still waits for review; if its author saves it again, the "
                "whole draft is published.",
                "%(num)d drafts still wait for review; if their authors save one again, the "
                "whole draft is published.",
                waiting,
            )
        )
    return redirect(url_for("workspace.accounts_list") + "#review-heading", code=303)


@bp.post("/accounts")
@role_required(ADMIN)
def add_account() -> Response:
    try:
        accounts().add(_form("name"), _form("role"), request.form.get("password") or "")
    except UsageError as exc:
        message = exc.de if _lang() == "de" else exc.en
        return _accounts_page(400, errors={"add": message}, name=_form("name"))
    flash(_("The account %(name)s is created.", name=_form("name")))
    return redirect(url_for("workspace.accounts_list"))


@bp.post("/accounts/<name>")
@role_required(ADMIN)
def change_account(name: str) -> Response:
    """One change to an account: its role, disabled or not, second factor required or not."""
    registry: Accounts = accounts()
    action = _form("action")
    if name == _me() and action in ("disable", "role"):
        # An admin never locks the last door behind them: another admin (or the CLI) does it.
        return _accounts_page(
            400, errors={name: _("You cannot disable yourself or change your own role.")}
        )
    if action == "role":
        registry.set_role(name, _form("role"))
    elif action in ("disable", "enable"):
        registry.set_disabled(name, action == "disable")
    elif action in ("require-totp", "waive-totp"):
        registry.require_totp(name, action == "require-totp")
    elif action == "reset-totp":
        registry.remove_totp(name)
    else:
        raise UsageError(
            f"Unbekannte Aktion {action!r}.", f"Unknown action {action!r}.", where=name
        )
    flash(_("The account %(name)s is changed.", name=name))
    return redirect(url_for("workspace.accounts_list"))


def _lang() -> str:
    return str(g.get("lang", "de"))
