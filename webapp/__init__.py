"""The Akteursgraph web app (Flask). Views call named functions of `graph`, never SPARQL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, render_template

from akteursgraph.config import default_store_path
from akteursgraph.errors import AkteursgraphError
from akteursgraph.network import NetworkCache
from akteursgraph.search import SearchIndex
from akteursgraph.snapshot import build_public_snapshot
from akteursgraph.sparql.pool import QueryPool
from akteursgraph.store import Store

from . import editor, explorer, i18n, network, sparql


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """App factory: nothing is read at import time, so tests build apps on temporary stores."""
    app = Flask(__name__)
    app.config.from_mapping(
        STORE_PATH=str(default_store_path()),
        QUERY_TIMEOUT=10.0,
        MAX_ROWS=10_000,
        QUERY_WORKERS=2,
        QUERY_MEMORY_QUADS=250_000,
        UPDATE_TOKEN=os.environ.get("AKTEURSGRAPH_UPDATE_TOKEN") or None,
        # Map tiles: none by default (no third-party host); an operator may set their own.
        TILE_URL=os.environ.get("AKTEURSGRAPH_TILE_URL") or None,
        # Where speaker requests go (the coordination office's functional mailbox).
        REQUEST_MAILTO=os.environ.get("AKTEURSGRAPH_REQUEST_MAILTO") or None,
    )
    if test_config:
        app.config.from_mapping(test_config)
    store = Store.open(Path(app.config["STORE_PATH"]))
    app.extensions["akteursgraph.store"] = store
    pool = QueryPool(
        size=int(app.config["QUERY_WORKERS"]),
        timeout=float(app.config["QUERY_TIMEOUT"]),
        max_rows=int(app.config["MAX_ROWS"]),
        memory_quads=int(app.config["QUERY_MEMORY_QUADS"]),
    )
    # The CLI may have written since the last run: public queries start from a fresh copy.
    pool.snapshot = build_public_snapshot(store)
    pool.start()
    app.extensions["akteursgraph.pool"] = pool
    app.extensions["akteursgraph.search"] = SearchIndex.build(store)
    app.extensions["akteursgraph.network"] = NetworkCache(store)
    i18n.init_app(app)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(editor.bp)
    app.register_blueprint(network.bp)
    app.register_blueprint(explorer.bp)  # last: its catch-all serves entity IRIs

    @app.errorhandler(404)
    def not_found(_exc: Exception) -> tuple[str, int]:
        return render_template("not_found.html"), 404

    @app.errorhandler(AkteursgraphError)
    def domain_error(exc: AkteursgraphError) -> tuple[str, int]:
        # One place maps domain errors to HTTP; raw exception text never reaches a client.
        status = 400 if exc.exit_code == 1 else 500
        return render_template("error.html", exc=exc), status

    return app


def close_app(app: Flask) -> None:
    """Stop the app's query workers and let go of its store (tests, and `serve` on exit)."""
    app.extensions["akteursgraph.pool"].close()
    app.extensions["akteursgraph.store"].close()
