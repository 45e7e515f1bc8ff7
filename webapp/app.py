"""The Akteursgraph web app (Flask): its factory, and what it starts and stops. Views call
named functions of the core (`akteursgraph`), never the store and never SPARQL; errors become
HTTP in `errors`."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from flask import Flask, g, request

from akteursgraph import explore
from akteursgraph.commit import Commit, Writer
from akteursgraph.config import SERVE_DEFAULTS, default_store_path
from akteursgraph.errors import StoreError
from akteursgraph.memory import give_back
from akteursgraph.network import KEPT_FILE, NetworkCache
from akteursgraph.people.expiry import SWEEP_INTERVAL, Sweeper
from akteursgraph.publish import Publisher
from akteursgraph.publish.dumper import DumpScheduler
from akteursgraph.publish.follower import Snapshots
from akteursgraph.reconcile import LiveMatcher
from akteursgraph.reconcile.links import parse_endpoints
from akteursgraph.search import SearchIndex
from akteursgraph.sparql.pool import QueryPool
from akteursgraph.store import Store, disk_full

from . import (
    auth,
    catalog,
    crawlers,
    download,
    editor,
    errors,
    explorer,
    frame,
    health,
    i18n,
    linknames,
    list_names,
    mail,
    network,
    office,
    office_settings,
    page_cache,
    reading,
    reconcile,
    refill,
    relation_groups,
    security,
    site_paths,
    sparql,
    sso,
    stale,
    submissions,
    templating,
    turns,
    workspace,
    workspace_erasure,
    workspace_forms,
    workspace_import,
    workspace_links,
    workspace_review,
    writes,
)
from .accept import NegotiatingRequest


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """App factory: nothing is read at import time, so tests build apps on temporary stores."""
    app = Flask("akteursgraph_web")  # the package: its templates, static files, logger
    app.request_class = NegotiatingRequest  # Accept ranges read without parameters
    app.jinja_environment = templating.Environment  # before the first template builds it
    app.config.from_mapping(
        STORE_PATH=str(default_store_path()),
        QUERY_TIMEOUT=SERVE_DEFAULTS.query_timeout,
        MAX_ROWS=SERVE_DEFAULTS.max_rows,
        QUERY_WORKERS=SERVE_DEFAULTS.workers,
        QUERY_MEMORY_QUADS=SERVE_DEFAULTS.memory_quads,
        QUERY_MEMORY_MB=SERVE_DEFAULTS.query_memory_mb,
        QUERY_CLIENT_BUDGET=SERVE_DEFAULTS.client_budget,
        QUERY_HEAVY_SECONDS=SERVE_DEFAULTS.heavy_query,
        # Larger bodies get 413 before they are read into memory (waitress checks it too).
        MAX_CONTENT_LENGTH=SERVE_DEFAULTS.max_body_mb * 1024**2,
        # Map tiles: none by default (no third-party host); an operator may set their own.
        TILE_URL=os.environ.get("AKTEURSGRAPH_TILE_URL") or None,
        # Their credit, shown on the map as text (most tile servers render OpenStreetMap).
        TILE_ATTRIBUTION=os.environ.get("AKTEURSGRAPH_TILE_ATTRIBUTION") or "© OpenStreetMap",
        # Where speaker requests go (the office's functional mailbox); unset: the publication
        # settings' contact.email (explorer.request_mailbox).
        REQUEST_MAILTO=os.environ.get("AKTEURSGRAPH_REQUEST_MAILTO") or None,
        # Speakers on one page of /speakers (4,250 at the 1M district: 2.6 MB as one page).
        SPEAKERS_PER_PAGE=25,
        # Dumps under /download/ after publications (docs/configuration.md).
        DUMPS=True,
        DUMP_SETTLE=0.25,
        DUMP_START_DELAY=5.0,
        # Seconds between consent expiry sweeps (0: only the one at start-up).
        CONSENT_SWEEP_INTERVAL=SWEEP_INTERVAL,
        # The reconciliation matcher built in the background at start-up (None: yes, unless
        # TESTING: tests that build many apps would each pay for a build they do not use).
        # Off by default: the matcher holds about half a gigabyte at the 1M district, which
        # would count against serve's memory from the start (issue 11: 1 GB with its workers).
        MATCHER_AT_START=os.environ.get("AKTEURSGRAPH_MATCHER_AT_START") == "1",
        # The lists' facet indexes and the speaker index built in the background at start-up
        # (`explore.prepare_directories`). Off by default: all of them resident from the
        # start raised serve's peak in the publication benchmark at the 1M district from
        # 965 to 986-991 MiB of the 1 GiB issue 11 allows; off, the first topic page or
        # search that asks them all builds them (14.4 s there right after a start).
        LISTS_AT_START=os.environ.get("AKTEURSGRAPH_LISTS_AT_START") == "1",
        # Up to this many organisations the paths form lists them; beyond, typed by name.
        PATHS_PICK_LIMIT=int(
            os.environ.get("AKTEURSGRAPH_PATHS_PICK_LIMIT") or network.PATHS_PICK_LIMIT
        ),
        # Staff logins (docs/workspace.md): unset key -> made once in the store folder.
        SECRET_KEY=os.environ.get("AKTEURSGRAPH_SECRET_KEY") or None,
        COOKIE_SECURE=os.environ.get("AKTEURSGRAPH_COOKIE_SECURE") or "auto",
        IDLE_MINUTES=float(os.environ.get("AKTEURSGRAPH_IDLE_MINUTES") or auth.IDLE_MINUTES),
        # Roles whose accounts must log in with a second factor (e.g. "admin").
        REQUIRE_TOTP_ROLES=auth.roles_setting(os.environ.get("AKTEURSGRAPH_REQUIRE_TOTP")),
        # Single sign-on (OpenID Connect), offered on /login only when configured.
        OIDC_ISSUER=os.environ.get("AKTEURSGRAPH_OIDC_ISSUER") or None,
        OIDC_CLIENT_ID=os.environ.get("AKTEURSGRAPH_OIDC_CLIENT_ID") or None,
        OIDC_CLIENT_SECRET=os.environ.get("AKTEURSGRAPH_OIDC_CLIENT_SECRET") or None,
        OIDC_NAME_CLAIM=os.environ.get("AKTEURSGRAPH_OIDC_NAME_CLAIM") or "preferred_username",
        OIDC_ROLE_CLAIM=os.environ.get("AKTEURSGRAPH_OIDC_ROLE_CLAIM") or None,
        OIDC_DEFAULT_ROLE=os.environ.get("AKTEURSGRAPH_OIDC_DEFAULT_ROLE") or None,
        OIDC_LABEL=os.environ.get("AKTEURSGRAPH_OIDC_LABEL") or None,
        # The reconciliation services the workspace asks for owl:sameAs links (docs/reconcile.md).
        LINK_ENDPOINTS=parse_endpoints(os.environ.get("AKTEURSGRAPH_LINK_ENDPOINTS")),
        # Megabytes of answers the page cache keeps (docs/configuration.md; 0: none).
        PAGE_CACHE_MB=float(os.environ.get("AKTEURSGRAPH_PAGE_CACHE_MB") or 64),
        # Page data a publication drops that is computed anew at once, at most (0: none).
        PAGE_REFILL=int(os.environ.get("AKTEURSGRAPH_PAGE_REFILL") or refill.LIMIT),
        # How many threads compute public pages at once (serve --page-threads; 0: all).
        PAGE_THREADS=SERVE_DEFAULTS.page_threads,
        # The reviewers' mail (docs/workspace.md): SMTP_HOST, MAIL_FROM, ... from the env.
        **mail.settings_from_env(),
    )
    if test_config:
        app.config.from_mapping(test_config)
    # Absolute: Flask's `send_file` reads a relative path as relative to this package's folder
    # (`--store store` gave every download a 500).
    store_path = Path(app.config["STORE_PATH"]).absolute()
    app.config["STORE_PATH"] = str(store_path)
    office_settings.check_at_start(store_path)
    # Before the store is opened: opening it for writing changes the files that tell whether
    # the public mirror is still in step with it (the CLI may have written since the last run).
    timeout = float(app.config["QUERY_TIMEOUT"])
    publisher = Publisher.before_open(store_path, query_timeout=timeout)
    try:
        store = Store.open(store_path)
    except StoreError as exc:
        if not disk_full(exc):
            raise
        # A full disk: serve what there is, read-only, rather than not at all (writes get
        # 503 until a restart with room).
        store = Store.open(store_path, read_only=True)
        app.config["READ_ONLY"] = True
    app.extensions["akteursgraph.store"] = store
    pool = QueryPool(
        size=int(app.config["QUERY_WORKERS"]),
        timeout=timeout,
        max_rows=int(app.config["MAX_ROWS"]),
        memory_quads=int(app.config["QUERY_MEMORY_QUADS"]),
        memory_budget=int(app.config["QUERY_MEMORY_MB"]) * 1024**2,
        client_budget=float(app.config["QUERY_CLIENT_BUDGET"]),
        heavy_query=float(app.config["QUERY_HEAVY_SECONDS"]),
    )
    pool.snapshot = publisher.start_read_only() if store.read_only else publisher.start(store)
    app.extensions["akteursgraph.publisher"] = publisher
    page_cache.init_app(app, publisher.version)
    turns.init_app(app)  # at most --page-threads pages computed at once
    list_names.init_app(app)  # the lists' and their filters' names, for pages and messages
    if app.config["DUMPS"] and not store.read_only:
        dumper = DumpScheduler(
            store_path,
            settle=float(app.config["DUMP_SETTLE"]),
            start_delay=float(app.config["DUMP_START_DELAY"]),
        )
        dumper.start(pool.snapshot)
        app.extensions["akteursgraph.dumps"] = dumper
    pool.start()
    app.extensions["akteursgraph.pool"] = pool
    rebuild_search_index(app)
    app.extensions["akteursgraph.network"] = NetworkCache(store, kept=store_path / KEPT_FILE)
    # The reconciliation service's matcher: built in the background once the app is up
    # (below), else on first use; a batch waits for it at most a query's time limit.
    app.extensions["akteursgraph.matcher"] = live_matcher = LiveMatcher(store, wait=timeout)
    app.extensions["akteursgraph.writer"] = writer = _writer(app, store, pool)
    writer.prepare()  # not at the first editor's change (and frozen with the start-up heap)
    _writes_received(app, writer)
    # Expired consents end before the first request, then every hour (docs/model.md).
    sweeper = Sweeper(store, writer, float(app.config["CONSENT_SWEEP_INTERVAL"]))
    sweeper.start()
    app.extensions["akteursgraph.consent-sweep"] = sweeper
    mail.init_app(app, writer)
    i18n.init_app(app)
    workspace_erasure.init_app(app)  # before the other request checks: 503 during an erasure
    app.extensions["akteursgraph.served"] = workspace_erasure.served_store(
        app, app.extensions["akteursgraph.gate"]
    )
    linknames.init_app(app)  # link texts that tell their targets apart
    relation_groups.init_app(app)  # the headings of an entity's groups of links
    site_paths.init_app(app)  # links under the path the site is served at
    reading.init_app(app)  # a page's links arranged for reading (each cooperation once)
    frame.init_app(app)  # the frame's parts that many pages share, rendered once
    errors.init_app(app)
    submissions.init_app(app)  # one save per workspace form sent
    security.init_app(app)
    stale.init_app(app)
    auth.init_app(app)  # sessions, CSRF for every form, login limits
    sso.init_app(app)  # single sign-on beside local accounts, when configured
    # The reconciliation service reads public data for clients on other hosts; no cookie
    # authorises anything there, so the forms' CSRF check does not apply.
    app.extensions["csrf"].exempt(reconcile.bp)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(editor.bp)
    app.register_blueprint(network.bp)
    app.register_blueprint(writes.bp)
    app.register_blueprint(catalog.bp)
    app.register_blueprint(crawlers.bp)
    app.register_blueprint(download.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(reconcile.bp)
    app.register_blueprint(workspace_forms.bp)
    app.register_blueprint(workspace.bp)
    app.register_blueprint(workspace_review.bp)
    app.register_blueprint(workspace_links.bp)
    app.register_blueprint(workspace_import.bp)
    app.register_blueprint(workspace_erasure.bp)
    app.register_blueprint(office.bp)  # Impressum, privacy, accessibility, logo, favicon
    app.register_blueprint(explorer.bp)  # last: its catch-all serves entity IRIs
    if app.config["MATCHER_AT_START"]:
        live_matcher.start()  # two scans in a thread: start-up is not slower
    if app.config["LISTS_AT_START"]:
        _prepare_directories(app, store)
    return app


def _prepare_directories(app: Flask, store: Store) -> None:
    """`explore.prepare_directories` in a thread of its own; `close_app` waits for it."""

    def prepare() -> None:
        try:
            explore.prepare_directories(store)
        except Exception:  # a store closed meanwhile: the first reader builds them instead
            logging.getLogger(__name__).debug("lists at start-up not prepared", exc_info=True)
        give_back()  # what the builds read and freed, as after the other big jobs

    thread = threading.Thread(target=prepare, name="lists-at-start", daemon=True)
    app.extensions["akteursgraph.lists-at-start"] = thread
    thread.start()


def rebuild_search_index(app: Flask) -> None:
    """The public search index, read from the store: at start-up, and again after an
    erasure in the running server (`workspace_erasure`)."""
    app.extensions["akteursgraph.search"] = SearchIndex.build(app.extensions["akteursgraph.store"])
    give_back()  # the build's reads: 57 MiB at the 1M district


def _writer(app: Flask, store: Store, pool: QueryPool) -> Writer:
    """The app's one writer, and what follows each commit: everything derived from the store.

    All of it is read from the public graphs only, so a commit that touches only internal
    graphs changes none of it. Each follows the commit's delta, at the cost of the change:
    the public mirror takes the public quads and a new snapshot is a checkpoint of it (the
    workers switch to it on their next query); the search index and the reconciliation
    service's matcher re-read the entities the change touched (a bulk change drops the
    matcher, rebuilt by its next user). The page caches drop the answers that showed
    something the change touched (`explore.touched`: its subjects and objects, and the lists
    it may change), answered again by their next reader. The network, after the
    acknowledgement (in a thread, or first by its next reader), re-reads the rows of
    what the change touched and patches its graphs; its figures of the whole network
    (centrality, communities) are computed again by their next reader, and a bulk change
    drops it all, rebuilt by its next reader: a writer never waits for a rebuild.
    """
    writer = Writer(store)
    publisher: Publisher = app.extensions["akteursgraph.publisher"]
    dumper: DumpScheduler | None = app.extensions.get("akteursgraph.dumps")

    def switch(snapshot: Path, commits: list[Commit]) -> None:
        pool.snapshot = snapshot
        if dumper is not None:  # only noted: the dump is made in the background
            for commit in commits or [None]:
                dumper.published(snapshot, commit.change_id if commit else None)

    def retry(_commit: Commit) -> None:
        switch(publisher.snapshot(), [])

    def behind(commits: list[Commit], _exc: BaseException) -> None:
        # As if the subscriber had failed in the commit: a removal is withheld until the
        # snapshot is taken (webapp/stale.py); the next write or request retries it.
        worst = next((c for c in commits if c.removes_public), commits[-1])
        writer.owe("public snapshot", retry, worst)

    snapshots = Snapshots(publisher, switch, behind)
    app.extensions["akteursgraph.snapshots"] = snapshots

    def public_snapshot(commit: Commit) -> None:
        # The delta into the mirror now; its snapshot right after the acknowledgement.
        if publisher.follow(commit):
            snapshots.noted(commit)

    def search_index(commit: Commit) -> None:
        if commit.touches_public:
            app.extensions["akteursgraph.search"].update(store, commit.change)

    def matcher(commit: Commit) -> None:
        if commit.touches_public:
            app.extensions["akteursgraph.matcher"].follow(commit.change)

    def network_cache(commit: Commit) -> None:
        if commit.touches_public:  # followed after the acknowledgement, before any reader
            app.extensions["akteursgraph.network"].noted(commit.change)

    def page_caches(commit: Commit) -> None:
        if commit.touches_public:
            touched = explore.touched(store, commit.change)
            with app.app_context():
                explorer.invalidate_pages(touched)

    writer.subscribe("public snapshot", public_snapshot)
    writer.subscribe("search index", search_index)
    writer.subscribe("reconciliation matcher", matcher)
    writer.subscribe("network cache", network_cache)
    writer.subscribe("page caches", page_caches)
    return writer


#: The methods of a request that may write (a form, an import, a review, a SPARQL update).
_WRITING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _writes_received(app: Flask, writer: Writer) -> None:
    """Each request that may write is received by the writer (`Writer.receiving`): once
    `serve` stops it is refused (503, "The server is stopping"), and one received before is
    carried out before the server exits. A reviewer's publication sent after SIGTERM had
    waited for the commit under way, been committed, and its next page was cut off."""

    @app.before_request
    def received() -> None:
        if request.method in _WRITING:
            held = writer.receiving()
            held.__enter__()  # the stopping server's refusal, or counted in
            g.writer_received = held

    @app.teardown_request
    def done(_exc: BaseException | None) -> None:
        held = g.pop("writer_received", None)
        if held is not None:
            held.__exit__(None, None, None)


def close_app(app: Flask) -> None:
    """Stop the app's query workers and let go of its store (tests, and `serve` on exit).

    The public mirror goes last: its marker records the main store's files once closed, so
    that the next start-up can trust the mirror if nothing wrote in between.
    """
    if "akteursgraph.writer" in app.extensions:  # first: a commit under way ends whole
        app.extensions["akteursgraph.writer"].close()
    if "akteursgraph.mail" in app.extensions:
        app.extensions["akteursgraph.mail"].close()
    if "akteursgraph.page-refill" in app.extensions:  # it reads the store
        app.extensions["akteursgraph.page-refill"].close()
    if "akteursgraph.consent-sweep" in app.extensions:
        app.extensions["akteursgraph.consent-sweep"].close()
    if "akteursgraph.snapshots" in app.extensions:
        app.extensions["akteursgraph.snapshots"].close()  # before the dumps: it feeds them
    if "akteursgraph.dumps" in app.extensions:
        app.extensions["akteursgraph.dumps"].close()
    app.extensions["akteursgraph.pool"].close()
    app.extensions["akteursgraph.network"].caught_up()  # no follower reads a closed store
    app.extensions["akteursgraph.matcher"].close()  # a build reads the store: done first
    if "akteursgraph.lists-at-start" in app.extensions:  # it reads the store too
        app.extensions["akteursgraph.lists-at-start"].join()
    app.extensions["akteursgraph.store"].close()
    app.extensions["akteursgraph.publisher"].close()
