"""`/healthz`: whether this server can answer, for a monitor or a container runtime.

200 when the store is open, at least one query worker is alive and a public snapshot is
loaded; 503 otherwise. JSON with those three facts and the snapshot's age in seconds (and,
while the settings file breaks a rule, why it was not taken: `"status": "degraded"`), nothing
about the data (no counts of people, no names): a monitor may be outside the office.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, Response, current_app, jsonify

from akteursgraph.sparql.pool import QueryPool
from akteursgraph.store import Store

from .office_settings import refused_settings

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    store: Store = current_app.extensions["akteursgraph.store"]
    pool: QueryPool = current_app.extensions["akteursgraph.pool"]
    store_open = store.is_open
    workers = pool.alive
    snapshot = pool.snapshot
    age: float | None = None
    if snapshot is not None:
        try:
            age = round(time.time() - snapshot.stat().st_mtime, 1)
        except OSError:
            snapshot = None
    ok = store_open and workers > 0 and snapshot is not None
    refused = refused_settings()
    body: dict[str, Any] = {
        "status": ("degraded" if refused else "ok") if ok else "unavailable",
        "store_open": store_open,
        "workers_alive": workers,
        "workers": pool.size,
        "snapshot_age_seconds": age,
    }
    if refused:  # the settings file edited by hand breaks a rule; the site keeps the last
        body["settings_not_taken"] = refused
    collections = current_app.extensions.get("akteursgraph.collections")
    if collections is not None:  # `serve` moved the full collection passes to quiet moments
        body["full_collections"] = collections.passes
        body["last_full_collection_ms"] = collections.last_ms
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if ok else 503
