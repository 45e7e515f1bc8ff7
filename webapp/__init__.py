"""The Akteursgraph web app (Flask). Views call named functions of the core (`akteursgraph`),
never the store and never SPARQL; errors become HTTP in `errors`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from akteursgraph.commit import Commit, Writer
from akteursgraph.config import SERVE_DEFAULTS, default_store_path
from akteursgraph.network import NetworkCache
from akteursgraph.search import SearchIndex
from akteursgraph.snapshot import build_public_snapshot
from akteursgraph.sparql.pool import QueryPool
from akteursgraph.store import Store

from . import editor, errors, explorer, i18n, network, sparql


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """App factory: nothing is read at import time, so tests build apps on temporary stores."""
    app = Flask(__name__)
    app.config.from_mapping(
        STORE_PATH=str(default_store_path()),
        QUERY_TIMEOUT=SERVE_DEFAULTS.query_timeout,
        MAX_ROWS=SERVE_DEFAULTS.max_rows,
        QUERY_WORKERS=SERVE_DEFAULTS.workers,
        QUERY_MEMORY_QUADS=SERVE_DEFAULTS.memory_quads,
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
    app.extensions["akteursgraph.writer"] = _writer(app, store, pool)
    i18n.init_app(app)
    errors.init_app(app)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(editor.bp)
    app.register_blueprint(network.bp)
    app.register_blueprint(explorer.bp)  # last: its catch-all serves entity IRIs
    return app


def _writer(app: Flask, store: Store, pool: QueryPool) -> Writer:
    """The app's one writer, and what follows each commit: everything derived from the store.

    All of it is read from the public graphs only, so a commit that touches only internal
    graphs changes none of it. Each subscriber rebuilds its part in full for now; the
    change-set issue makes them apply the commit's delta instead.
    """
    writer = Writer(store)

    def public_snapshot(commit: Commit) -> None:
        if commit.touches_public:
            pool.snapshot = build_public_snapshot(store)

    def search_index(commit: Commit) -> None:
        if commit.touches_public:
            app.extensions["akteursgraph.search"] = SearchIndex.build(store)

    def network_cache(commit: Commit) -> None:
        if commit.touches_public:
            app.extensions["akteursgraph.network"].invalidate()

    def page_caches(commit: Commit) -> None:
        if commit.touches_public:
            with app.app_context():
                explorer.invalidate_pages()

    writer.subscribe("public snapshot", public_snapshot)
    writer.subscribe("search index", search_index)
    writer.subscribe("network cache", network_cache)
    writer.subscribe("page caches", page_caches)
    return writer


def close_app(app: Flask) -> None:
    """Stop the app's query workers and let go of its store (tests, and `serve` on exit)."""
    app.extensions["akteursgraph.pool"].close()
    app.extensions["akteursgraph.store"].close()
