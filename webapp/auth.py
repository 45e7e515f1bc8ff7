"""Staff logins: sessions, roles, CSRF, login limits (issue 14, items 1 and 6).

The accounts live in the core (`akteursgraph.accounts`); this module turns them into logins:

- A login is a server-side session: the signed cookie holds only a random secret, the
  accounts file its hash, the account's session version and when it was last used. So
  logout, a password change and disabling an account end sessions at once (a copied cookie
  is dead too), and the idle timeout is kept by the server, not trusted to the browser.
- `role_required(role)` guards a view: no login -> /login?next=..., too low a role -> 403.
  It records the role on the view (`required_role`), so a test can check every route.
- CSRF: Flask-WTF's CSRFProtect for the whole app; only the SPARQL protocol routes (public
  read-only queries from any client, updates with a bearer token) and the operator's local
  write route (bearer token) are exempt: no cookie authorises them.
- Login attempts are limited per address and per account name (Flask-Limiter, 429); only
  failed attempts count. The address is `security.client_address` (trusted proxy aware).
"""

from __future__ import annotations

import functools
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,  # text/html by default (werkzeug's is text/plain)
    current_app,
    g,
    has_request_context,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFProtect

from akteursgraph.accounts import Account, Accounts, check_role, role_name, secret_key

from .errors import ProtocolError
from .security import client_address
from .site_paths import site_path

#: /login and its second step /login/code: the login limits apply to their POSTs.
bp = Blueprint("auth", __name__)
#: /logout: never limited (leaving must always work).
exits = Blueprint("logout", __name__)

#: Minutes a login lasts without a request (docs/configuration.md).
IDLE_MINUTES = 30
#: Failed logins allowed before 429 (Flask-Limiter's notation, several separated by `;`).
LOGIN_LIMIT_ACCOUNT = "5 per minute;20 per hour"
LOGIN_LIMIT_ADDRESS = "20 per minute;100 per hour"

View = TypeVar("View", bound=Callable[..., Any])


@dataclass(frozen=True)
class StaffUser(Account):
    """The logged-in account, as Flask-Login's `current_user` (an `Account` with a session)."""

    session_secret: str = ""
    #: A second factor is required of this account but not set up yet: until it is, the
    #: account reaches only its account page (to set it up) and logout.
    must_enrol: bool = False
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False

    def get_id(self) -> str:
        return self.session_secret


def accounts() -> Accounts:
    return current_app.extensions["akteursgraph.accounts"]


def current_account() -> Account | None:
    """The logged-in account, or None."""
    user = current_user
    return user if getattr(user, "is_authenticated", False) else None  # type: ignore[return-value]


def bearer_account() -> Account | None:
    """The account whose personal API token the request carries (`Authorization: Bearer`),
    if the token is valid and the account not disabled; else None."""
    given = request.headers.get("Authorization", "")
    if not given.startswith("Bearer "):
        return None
    return accounts().token_account(given[7:].strip())


def role_required(role: str) -> Callable[[View], View]:
    """Guard a view: anonymous -> redirect to /login?next=..., a lower role -> 403."""
    check_role(role)

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            account = current_account()
            if account is None and request.method == "POST":
                # What was typed is kept, not lost in a redirect (the forms import this).
                from .workspace_forms import logged_out_post

                return logged_out_post()
            if account is None:
                return redirect(url_for("auth.login", next=_here()))
            if getattr(account, "must_enrol", False) and request.endpoint not in ENROLMENT:
                return redirect(url_for("workspace.account", _anchor="totp"))
            if not account.has_role(role):
                raise ProtocolError(
                    403,
                    f"Dafür braucht das Konto die Rolle „{role_name(role, 'de')}“ (es hat "
                    f"„{role_name(account.role, 'de')}“).",
                    f"This needs the role {role_name(role, 'en')} (the account has "
                    f"{role_name(account.role, 'en')}).",
                    where=request.path,
                )
            return view(*args, **kwargs)

        guarded.required_role = role  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


#: What an account that must still set up its second factor may reach.
ENROLMENT = frozenset(
    {"workspace.account", "workspace.totp_start", "workspace.totp_confirm", "workspace.start"}
)
#: Seconds between the password and the code of a two-step login.
CODE_WAIT = 300


def roles_setting(text: str | None) -> tuple[str, ...]:
    """Roles named in a setting, separated by commas ("admin,reviewer"); unknown ones are
    refused at start-up, not ignored."""
    return tuple(check_role(r.strip()) for r in (text or "").split(",") if r.strip())


def totp_required(account: Account) -> bool:
    """Whether the account must log in with a second factor: its own flag (an admin set
    it), or its role is one the settings name (`REQUIRE_TOTP_ROLES`)."""
    return account.totp_required or account.role in current_app.config["REQUIRE_TOTP_ROLES"]


def _here() -> str:
    return site_path(request.full_path.rstrip("?") if request.query_string else request.path)


def safe_next(target: str | None) -> str:
    """Where to go after login: a path on this site only (never another host)."""
    default = url_for("workspace.start")
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target:  # browsers read `/\host` as `//host`
        return default
    return target


# ---- the login form ---------------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str:
    if current_account() is not None and request.method == "GET":
        return redirect(safe_next(request.args.get("next")))
    error = None
    name = ""
    if request.method == "POST":
        name = (request.form.get("name") or "").strip()
        account = accounts().check_password(name, request.form.get("password") or "")
        if account is None:
            g.login_failed = True  # counted by the login limits
            error = _("The name or the password is not right.")
        elif account.totp_enrolled:
            # Step two: nothing is logged in until the code is right.
            session.clear()
            session["pending"] = {
                "name": account.name,
                "next": request.form.get("next") or "",
                "at": time.time(),
            }
            return redirect(url_for("auth.code"))
        else:
            return start_session(account, request.form.get("next"))
    return make_response(
        render_template(
            "workspace/login.html",
            error=error,
            name=name,
            next=request.values.get("next") or "",
        ),
        401 if error else 200,
    )


@bp.route("/login/code", methods=["GET", "POST"])
def code() -> Response | str:
    """The second step of a login with TOTP: the code from the authenticator app."""
    pending = session.get("pending")
    if not pending or time.time() - float(pending.get("at", 0)) > CODE_WAIT:
        session.pop("pending", None)
        return redirect(url_for("auth.login"))
    error = None
    if request.method == "POST":
        name = pending["name"]
        account = accounts().find(name)
        if account and not account.disabled and accounts().check_totp(name, _form("code")):
            return start_session(account, pending.get("next"))
        g.login_failed = True
        error = _("The code is not right, or was used already. Enter the current code.")
    return make_response(
        render_template("workspace/login_code.html", error=error), 401 if error else 200
    )


def _form(field: str) -> str:
    return (request.form.get(field) or "").strip()


def start_session(account: Account, target: str | None = None) -> Response:
    """Start a new session: whatever the browser's session held before is dropped (no
    session fixation), the session secret is new, and so is the CSRF token."""
    session.clear()
    secret = accounts().open_session(account.name)
    login_user(_user(account, secret))
    session["login_nonce"] = secrets.token_urlsafe(16)  # a new cookie value, always
    return redirect(safe_next(target))


def _user(account: Account, secret: str) -> StaffUser:
    must_enrol = totp_required(account) and not account.totp_enrolled
    return StaffUser(**vars(account), session_secret=secret, must_enrol=must_enrol)


@exits.post("/logout")
def logout() -> Response:
    """End the session on the server (a copy of the cookie is dead too) and in the browser."""
    account = current_account()
    if isinstance(account, StaffUser):
        accounts().end_session(account.session_secret)
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


#: Views no cookie authorises, so no CSRF token guards them: public SPARQL queries (read
#: only, from any client), SPARQL updates (personal bearer token) and the operator's local
#: write route (bearer token from the store folder). Named, not imported: they import us.
CSRF_EXEMPT = (
    "akteursgraph_web.sparql.sparql",
    "akteursgraph_web.sparql.update",
    "akteursgraph_web.writes.changes",
)


# ---- set-up ----------------------------------------------------------------------------


class _Sessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with `Secure` decided per request when set to auto."""

    def get_cookie_secure(self, app: Flask) -> bool:
        setting = app.config.get("COOKIE_SECURE")
        if isinstance(setting, str):
            if setting.lower() in ("auto", ""):
                # https, directly or as a trusted proxy says (X-Forwarded-Proto)
                return has_request_context() and request.is_secure
            return setting.lower() in ("on", "true", "1", "yes")
        return bool(setting)


class _Logins(LoginManager):
    """Flask-Login without its "remember me" cookies (a login here is a server-side session).

    Its hook for them reads the session on every response, which would mark every public
    page `Vary: Cookie` and so keep shared caches from keeping it; this one does nothing.
    """

    def _update_remember_cookie(self, response: Response) -> Response:
        return response


def _load_user(secret: str) -> StaffUser | None:
    idle = float(current_app.config["IDLE_MINUTES"]) * 60
    account = accounts().session(secret, idle)
    return None if account is None else _user(account, secret)


def _failed(response: Response) -> bool:
    return bool(g.get("login_failed"))


def _account_key() -> str:
    """The account a login attempt is for: the name typed, or at the code step the name
    whose password was right."""
    name = request.form.get("name") or (session.get("pending") or {}).get("name") or ""
    return "account:" + name.strip().casefold()


def init_app(app: Flask) -> None:
    app.config.setdefault("IDLE_MINUTES", IDLE_MINUTES)
    app.config.setdefault("LOGIN_LIMIT_ACCOUNT", LOGIN_LIMIT_ACCOUNT)
    app.config.setdefault("LOGIN_LIMIT_ADDRESS", LOGIN_LIMIT_ADDRESS)
    app.config.setdefault("COOKIE_SECURE", "auto")
    app.config.setdefault("REQUIRE_TOTP_ROLES", ())
    if not app.config.get("SECRET_KEY"):
        try:
            app.config["SECRET_KEY"] = secret_key(app.config["STORE_PATH"])
        except OSError:
            # A store folder that cannot take the file (a full disk, read-only media): a key
            # for this process only; logins then end at a restart, nothing else is lost.
            app.config["SECRET_KEY"] = secrets.token_hex(32)
    app.config.update(
        SESSION_COOKIE_NAME="akteursgraph_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # The token lives as long as the session (which the idle timeout ends).
        WTF_CSRF_TIME_LIMIT=None,
    )
    app.session_interface = _Sessions()
    app.extensions["akteursgraph.accounts"] = Accounts(app.config["STORE_PATH"])

    # Flask-Login's own context processor loads the user for every page rendered; the proxy
    # loads it only where a template asks (staff pages), so public pages never touch the
    # session (no cookie, no `Vary: Cookie`).
    manager = _Logins(app, add_context_processor=False)
    app.context_processor(lambda: {"current_user": current_user})
    # The roles in words of the page's language; forms still send the codes.
    app.add_template_global(lambda role: role_name(role, g.get("lang", "de")), "role_name")
    # How long a login lasts without a request: the workspace warns before it ends.
    app.add_template_global(lambda: float(app.config["IDLE_MINUTES"]) * 60, "idle_seconds")
    manager.user_loader(_load_user)
    # Our sessions are kept on the server; Flask-Login's guess by address and browser
    # would only log out staff whose address changes (mobile networks).
    manager.session_protection = None

    csrf = CSRFProtect(app)
    for view in CSRF_EXEMPT:
        csrf.exempt(view)

    # One limiter per app (its counts in memory: one process serves the app).
    limiter = Limiter(client_address, app=app, storage_uri="memory://")
    limits = ((client_address, "LOGIN_LIMIT_ADDRESS"), (_account_key, "LOGIN_LIMIT_ACCOUNT"))
    for key, setting in limits:
        limiter.limit(
            lambda setting=setting: current_app.config[setting],
            key_func=key,
            methods=["POST"],
            deduct_when=_failed,
            per_method=True,
        )(bp)
    app.extensions["akteursgraph.limiter"] = limiter
    app.register_blueprint(bp)
    app.register_blueprint(exits)
