"""A minimal OpenID Connect provider for the single sign-on tests: a real one, on loopback.

It serves what a relying party needs of a provider (discovery, the authorization endpoint,
the token endpoint, the signing keys) and signs real RS256 ID tokens (joserfc, Authlib's
JOSE library). The person who "logs in" at it is set by the test (`provider.person`).
Not a test module itself; nothing of our own is imitated here, only the other party.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server

CLIENT_ID = "akteursgraph-test"
CLIENT_SECRET = "test-client-secret"


@dataclass
class Provider:
    """The running provider: its issuer URL and who logs in next."""

    issuer: str = ""
    person: dict[str, Any] = field(default_factory=dict)
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Sign with this key instead (a forger's), to see the signature checked.
    forged: bool = False


def _app(provider: Provider) -> Flask:
    key = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig", "alg": "RS256"})
    forger = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig", "alg": "RS256"})
    app = Flask("oidc-provider")

    @app.get("/.well-known/openid-configuration")
    def discovery() -> Any:
        base = provider.issuer
        return jsonify(
            issuer=base,
            authorization_endpoint=f"{base}/authorize",
            token_endpoint=f"{base}/token",
            jwks_uri=f"{base}/jwks",
            response_types_supported=["code"],
            subject_types_supported=["public"],
            id_token_signing_alg_values_supported=["RS256"],
            token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post"],
        )

    @app.get("/jwks")
    def jwks() -> Any:
        return jsonify(KeySet([key]).as_dict(private=False))

    @app.get("/authorize")
    def authorize() -> Any:
        args = request.args
        assert args["client_id"] == CLIENT_ID and args["response_type"] == "code"
        code = secrets.token_urlsafe(16)
        provider.codes[code] = {"nonce": args.get("nonce"), "redirect_uri": args["redirect_uri"]}
        query = urllib.parse.urlencode({"code": code, "state": args["state"]})
        return redirect(f"{args['redirect_uri']}?{query}")

    @app.post("/token")
    def token() -> Any:
        auth = request.authorization
        client = (auth.username, auth.password) if auth else (
            request.form.get("client_id"), request.form.get("client_secret")
        )  # fmt: skip
        if client != (CLIENT_ID, CLIENT_SECRET):
            return jsonify(error="invalid_client"), 401
        grant = provider.codes.pop(request.form.get("code", ""), None)
        if grant is None or grant["redirect_uri"] != request.form.get("redirect_uri"):
            return jsonify(error="invalid_grant"), 400
        now = int(time.time())
        claims = {
            "iss": provider.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            **provider.person,
        }
        signer = forger if provider.forged else key
        id_token = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, signer)
        return jsonify(
            access_token=secrets.token_urlsafe(16),
            token_type="Bearer",
            expires_in=300,
            id_token=id_token,
        )

    return app


@contextlib.contextmanager
def running_provider() -> Iterator[Provider]:
    """The provider on a free loopback port, for the length of the block."""
    provider = Provider()
    server = make_server("127.0.0.1", 0, _app(provider), threaded=True)
    provider.issuer = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
