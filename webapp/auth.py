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

from akteursgraph.accounts import Account, Accounts, check_role, secret_key

from .errors import ProtocolError
from .security import client_address

#: /login alone: the login limits apply to this blueprint's POSTs.
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


def role_required(role: str) -> Callable[[View], View]:
    """Guard a view: anonymous -> redirect to /login?next=..., a lower role -> 403."""
    check_role(role)

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            account = current_account()
            if account is None:
                return redirect(url_for("auth.login", next=_here()))
            if not account.has_role(role):
                raise ProtocolError(
                    403,
                    f"Dafür braucht das Konto die Rolle {role} (es hat {account.role}).",
                    f"This needs the role {role} (the account has {account.role}).",
                    where=request.path,
                )
            return view(*args, **kwargs)

        guarded.required_role = role  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def _here() -> str:
    return request.full_path.rstrip("?") if request.query_string else request.path


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
        else:
            return _log_in(account, request.form.get("next"))
    return Response(
        render_template(
            "workspace/login.html",
            error=error,
            name=name,
            next=request.values.get("next") or "",
        ),
        status=401 if error else 200,
    )


def _log_in(account: Account, target: str | None) -> Response:
    """Start a new session: whatever the browser's session held before is dropped (no
    session fixation), the session secret is new, and so is the CSRF token."""
    session.clear()
    secret = accounts().open_session(account.name)
    login_user(StaffUser(**vars(account), session_secret=secret))
    session["login_nonce"] = secrets.token_urlsafe(16)  # a new cookie value, always
    return redirect(safe_next(target))


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


def _load_user(secret: str) -> StaffUser | None:
    idle = float(current_app.config["IDLE_MINUTES"]) * 60
    account = accounts().session(secret, idle)
    if account is None:
        return None
    return StaffUser(**vars(account), session_secret=secret)


def _failed(response: Response) -> bool:
    return bool(g.get("login_failed"))


def _account_key() -> str:
    return "account:" + (request.form.get("name") or "").strip().casefold()


def init_app(app: Flask) -> None:
    app.config.setdefault("IDLE_MINUTES", IDLE_MINUTES)
    app.config.setdefault("LOGIN_LIMIT_ACCOUNT", LOGIN_LIMIT_ACCOUNT)
    app.config.setdefault("LOGIN_LIMIT_ADDRESS", LOGIN_LIMIT_ADDRESS)
    app.config.setdefault("COOKIE_SECURE", "auto")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_key(app.config["STORE_PATH"])
    app.config.update(
        SESSION_COOKIE_NAME="akteursgraph_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # The token lives as long as the session (which the idle timeout ends).
        WTF_CSRF_TIME_LIMIT=None,
    )
    app.session_interface = _Sessions()
    app.extensions["akteursgraph.accounts"] = Accounts(app.config["STORE_PATH"])

    manager = LoginManager(app)
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
