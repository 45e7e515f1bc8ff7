"""The browser-side hardening of every response: a strict Content-Security-Policy and friends.

Issue 13 (item 6): a label is text in every script, and should one ever reach the page as
markup anyway, the policy keeps it from running: scripts only from this host and never
inline (no `unsafe-inline`, no `eval`), nothing framed, nothing fetched from another host but
the operator's own map tiles when configured (`AKTEURSGRAPH_TILE_URL`). Styles may be inline:
the query editor (YASGUI) and Leaflet set them at run time, and a style cannot run code.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request


def content_security_policy(tile_url: str | None) -> str:
    """The policy; the tile server's origin is the one other host images may come from."""
    images = ["'self'", "data:"]
    if tile_url:
        parts = urlsplit(tile_url.replace("{s}", "a"))
        if parts.scheme in ("http", "https") and parts.netloc:
            host = parts.netloc
            if "{s}" in tile_url:  # Leaflet's subdomains a, b, c: allow the whole family
                host = "*." + host.split(".", 1)[1] if "." in host else host
            images.append(f"{parts.scheme}://{host}")
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": images,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def allow_framing(response: Response) -> Response:
    """Let any page frame this one response (the reconciliation preview, which OpenRefine
    shows in a frame on its own host): `frame-ancestors *` instead of 'none', and no
    X-Frame-Options. Everything else of the policy holds."""
    policy = content_security_policy(current_app.config.get("TILE_URL"))
    response.headers["Content-Security-Policy"] = policy.replace(
        "frame-ancestors 'none'", "frame-ancestors *"
    )
    response.frameable = True  # type: ignore[attr-defined]
    return response


def client_address() -> str:
    """The client's address: what the fair share of query workers and the login limits count.

    Behind a reverse proxy it is the address the proxy reports: waitress believes the
    proxy's X-Forwarded-For from the `serve --trusted-proxy` address only, and sets the
    request's remote address from it (never from a client directly).
    """
    return request.remote_addr or ""


#: The blueprints of the staff's pages: the workspace, its login and logout.
STAFF_BLUEPRINTS = frozenset(
    {"auth", "logout", "sso", "workspace", "erasure", "workspace_forms", "workspace_import",
     "workspace_links", "review"}
)  # fmt: skip


def init_app(app: Flask) -> None:
    policy = content_security_policy(app.config.get("TILE_URL"))

    @app.after_request
    def harden(response: Response) -> Response:
        headers = response.headers
        if request.blueprint in STAFF_BLUEPRINTS:
            # Staff pages hold people's data, drafts and accounts: no cache keeps them, nor a
            # browser's Back after logout (they said nothing; only the account page had it).
            headers["Cache-Control"] = "no-store"
        elif response.status_code >= 400 and "Cache-Control" not in headers:
            # An error is not kept: "not found" for an entry published a minute later.
            headers["Cache-Control"] = "no-store"
        headers.setdefault("Content-Security-Policy", policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        if not getattr(response, "frameable", False):
            headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        return response
