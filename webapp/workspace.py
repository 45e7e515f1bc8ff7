"""The staff workspace: its start page and the account page (password, API tokens).

Every view here is guarded by `auth.role_required`; the forms carry the CSRF token.
Other faces of the workspace (edit forms, review, history) live in their own modules.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from akteursgraph.accounts import VIEWER

from .auth import role_required

bp = Blueprint("workspace", __name__, url_prefix="/workspace")


@bp.get("/")
@role_required(VIEWER)
def start() -> str:
    return render_template("workspace/start.html")


@bp.get("/account")
@role_required(VIEWER)
def account() -> str:
    return render_template("workspace/account.html")
