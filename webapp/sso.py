"""Login through the administration's single sign-on (OpenID Connect), beside local accounts.

Offered on /login only when configured (`OIDC_ISSUER`, `OIDC_CLIENT_ID`, `OIDC_CLIENT_SECRET`;
docs/workspace.md). The authorization code flow with Authlib: the identity provider's
metadata comes from its discovery document, the ID token's signature is checked against its
published keys, and state and nonce tie the answer to the browser that asked.

The first login of an identity makes its account (no local password; the history records
the name claim as author). Its role comes from a claim (`OIDC_ROLE_CLAIM`: a role name, or a
list such as groups, of which the highest role counts), else `OIDC_DEFAULT_ROLE`; with
neither, the login is refused. A second factor is the identity provider's business then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Blueprint, Flask, current_app, url_for
from werkzeug.wrappers import Response

from akteursgraph.accounts import ROLES
from akteursgraph.errors import UsageError

from .auth import accounts, start_session
from .errors import ProtocolError

if TYPE_CHECKING:
    from authlib.integrations.flask_client import OAuth

# Authlib (with joserfc and requests) is imported only where single sign-on is configured or
# used: it was a fifth of a second of every `serve` start's imports, for a login most
# offices never set up.

bp = Blueprint("sso", __name__)

NAME = "sso"


def configured(app: Flask) -> bool:
    return bool(app.config.get("OIDC_ISSUER") and app.config.get("OIDC_CLIENT_ID"))


def _client() -> Any:
    oauth: OAuth = current_app.extensions["akteursgraph.oidc"]
    return oauth.create_client(NAME)


@bp.get("/login/sso")
def start() -> Response:
    if not configured(current_app):
        raise ProtocolError(404, "Nicht gefunden.", "Not found.")
    from authlib.integrations.base_client.errors import OAuthError
    from requests.exceptions import RequestException

    try:
        return _client().authorize_redirect(url_for("sso.callback", _external=True))
    except (OAuthError, RequestException, ValueError) as exc:
        raise _unreachable(exc) from exc


@bp.get("/login/sso/callback")
def callback() -> Response:
    if not configured(current_app):
        raise ProtocolError(404, "Nicht gefunden.", "Not found.")
    from authlib.integrations.base_client.errors import OAuthError
    from joserfc.errors import JoseError
    from requests.exceptions import RequestException

    try:
        token = _client().authorize_access_token()
    except (OAuthError, JoseError) as exc:
        # A wrong state (not this browser's), a refused code, an ID token whose signature,
        # issuer, audience, nonce or time does not hold: nobody is logged in.
        reason = getattr(exc, "error", None) or type(exc).__name__
        raise ProtocolError(
            400,
            f"Die zentrale Anmeldung ist nicht gelungen ({reason}). Bitte noch einmal "
            "von der Anmeldeseite aus versuchen.",
            f"Single sign-on did not succeed ({reason}). Please try again from the login page.",
        ) from exc
    except (RequestException, ValueError) as exc:
        raise _unreachable(exc) from exc
    claims = token.get("userinfo") or {}
    name_claim = current_app.config.get("OIDC_NAME_CLAIM") or "preferred_username"
    name = str(claims.get(name_claim) or "").strip()
    if not name or not claims.get("sub"):
        raise ProtocolError(
            400,
            f"Die zentrale Anmeldung nennt keinen Namen ({name_claim}).",
            f"Single sign-on names no account ({name_claim}).",
        )
    identity = f"{claims['iss']} {claims['sub']}"
    try:
        account = accounts().sso_account(identity, name, role_of(claims))
    except UsageError as exc:
        raise ProtocolError(403, exc.de, exc.en, where=exc.where) from exc
    if account.disabled:
        raise ProtocolError(
            403,
            "Dieses Konto ist gesperrt.",
            "This account is disabled.",
            where=account.name,
        )
    return start_session(account)


def role_of(claims: dict[str, Any]) -> str | None:
    """The role the identity provider's claims give: the highest role named in the role
    claim (a string or a list), else the default role of the settings, else None."""
    claim = current_app.config.get("OIDC_ROLE_CLAIM")
    value = claims.get(claim) if claim else None
    named = [value] if isinstance(value, str) else list(value or [])
    roles = [r for r in named if r in ROLES]
    if roles:
        return max(roles, key=ROLES.index)
    return current_app.config.get("OIDC_DEFAULT_ROLE") or None


def _unreachable(exc: Exception) -> ProtocolError:
    return ProtocolError(
        502,
        "Die zentrale Anmeldung antwortet nicht oder nicht verständlich; bitte später noch "
        "einmal versuchen oder ein lokales Konto benutzen.",
        "Single sign-on does not answer, or not in a way we understand; please try again "
        "later or use a local account.",
    )


def init_app(app: Flask) -> None:
    """Register the identity provider when configured (its metadata is read at first use)."""
    if configured(app):
        from authlib.integrations.flask_client import OAuth

        oauth = OAuth(app)
        issuer = str(app.config["OIDC_ISSUER"]).rstrip("/")
        oauth.register(
            NAME,
            client_id=app.config["OIDC_CLIENT_ID"],
            client_secret=app.config.get("OIDC_CLIENT_SECRET"),
            server_metadata_url=f"{issuer}/.well-known/openid-configuration",
            client_kwargs={"scope": "openid profile email"},
        )
        app.extensions["akteursgraph.oidc"] = oauth
    app.jinja_env.globals["sso_offered"] = configured(app)
    app.jinja_env.globals["sso_label"] = app.config.get("OIDC_LABEL") or None
    app.register_blueprint(bp)
