"""Serving the app: what `akteursgraph serve` (`cli`) runs, the app on waitress until stopped."""

from __future__ import annotations

import _thread
import errno
import gc
import logging
import os
import resource
import signal
import threading
import time
from pathlib import Path
from typing import Any

import click
import waitress
from flask import Flask
from werkzeug.wsgi import ClosingIterator

from akteursgraph.collector import QuietCollections, collector_paused
from akteursgraph.config import SERVE_DEFAULTS
from akteursgraph.errors import StoreInUse, UsageError
from akteursgraph.interpreter import hand_over_quickly
from akteursgraph.memory import limit_arenas, map_large_blocks
from akteursgraph.migrate import behind_note
from akteursgraph.server_link import announce, announce_start, other_server, withdraw

from .app import close_app, create_app


def _settle_heap() -> None:
    """Put what start-up built (the search index above all) out of the garbage collector's
    reach for good.

    The collector's full pass walks every container the process holds; at the 1.4M district
    one such pass took seconds (3.8 s on a loaded machine), landing on whichever request
    happened to allocate then (profiled: a 2-triple SPARQL update took 4 s, in a
    `set.update`). Frozen, these objects are never walked again, and reference counting
    still frees them when they are replaced. Only here, once: structures with reference
    cycles built later (the network's graphs) must stay collectable, and tests build many
    apps in one process.
    """
    gc.collect()
    gc.freeze()


def _quiet_collections(app: Flask) -> QuietCollections | None:
    """Full collection passes at quiet moments (`QuietCollections`), counting every request
    from its start to its last byte sent (waitress closes the body then), when the operator
    set `AKTEURSGRAPH_GC_LONGEST_SECONDS`; else None (Python's own schedule: the benchmark
    could not tell the two apart, see `QuietCollections`)."""
    longest = float(os.environ.get("AKTEURSGRAPH_GC_LONGEST_SECONDS") or 0)
    if longest <= 0:
        return None
    quiet = float(os.environ.get("AKTEURSGRAPH_GC_QUIET_SECONDS") or 2)
    collections = QuietCollections(quiet=quiet, longest=longest)
    inner = app.wsgi_app

    def counted(environ: dict[str, object], start_response: object) -> object:
        collections.began()
        try:
            body = inner(environ, start_response)
        except BaseException:
            collections.ended()
            raise
        sendfile = environ.get("wsgi.file_wrapper")
        if isinstance(sendfile, type) and isinstance(body, sendfile):
            # A file (a dump) waitress sends itself, without Python's work: wrapped, it would
            # be read through Python instead.
            collections.ended()
            return body
        return ClosingIterator(body, collections.ended)

    app.wsgi_app = counted  # type: ignore[method-assign]
    app.extensions["akteursgraph.collections"] = collections
    collections.start()
    return collections


def run(
    store_path: Path,
    *,
    host: str,
    port: int,
    threads: int,
    page_threads: int,
    query_timeout: float,
    max_rows: int,
    workers: int,
    memory_quads: int,
    query_memory: int,
    max_body: int,
    client_budget: float,
    heavy_query: float,
    trusted_proxy: str | None,
    connection_limit: int,
    url_prefix: str = "",
) -> None:
    """`akteursgraph serve` (its options: `cli.serve`): the app on waitress until stopped."""
    hand_over_quickly()
    limit_arenas()  # before create_app starts the first threads
    map_large_blocks()  # before the builds: what they free goes back
    # Start-up's builds (the search index above all) make almost no cycles, and the
    # collector's full passes over them cost start-up 0.9 s at the 1M district on a restart
    # (8 passes; 3 with this pause, `_settle_heap`'s included), 2.9 s on the first start
    # after a load (24 passes; 3 with it; gc.callbacks). `_settle_heap` collects once after.
    # Until it serves, SIGTERM exits through the clean-up (a server waiting for a CLI write
    # was killed outright and left its starting note behind).
    signal.signal(signal.SIGTERM, _exit_now)
    announce_start(store_path)  # a CLI write now waits for this server, not "store in use"
    try:
        app = _app_once_free(
            store_path,
            {
                "STORE_PATH": str(store_path),
                "QUERY_TIMEOUT": query_timeout,
                "MAX_ROWS": max_rows,
                "QUERY_WORKERS": workers,
                "QUERY_MEMORY_QUADS": memory_quads,
                "QUERY_MEMORY_MB": query_memory,
                "MAX_CONTENT_LENGTH": max_body * 1024**2,
                "QUERY_CLIENT_BUDGET": client_budget,
                "QUERY_HEAVY_SECONDS": heavy_query,
                "PAGE_THREADS": page_threads,
            },
        )
    except BaseException:
        withdraw(store_path)
        raise
    _settle_heap()
    collections = _quiet_collections(app)
    note = behind_note(app.extensions["akteursgraph.store"])
    if note:
        click.echo(note, err=True)

    stopping = threading.Event()
    listening: list[Any] = []  # the waitress server, once made

    def stop(signum: int, frame: object) -> None:
        """SIGTERM: refuse new changes at once, end the commit under way while still
        answering (a change sent meanwhile gets the refusal; it had its connection cut
        as the server exited, "whether it carried it out is open"), then exit. A second
        SIGTERM, or the one `finish` sends, exits."""
        if stopping.is_set():
            raise SystemExit(0)  # runs the clean-up below, which a bare SIGTERM would skip
        stopping.set()
        # Workers first: waitress waits up to 5 s for requests in flight, and a request whose
        # query runs in a worker only ends when that worker does.
        app.extensions["akteursgraph.pool"].close()
        writer = app.extensions["akteursgraph.writer"]

        def finish() -> None:
            writer.close()  # refuses at once; returns once the changes received are done
            if listening:
                _answers_sent(listening[0])
            _thread.interrupt_main(signal.SIGTERM)

        threading.Thread(target=finish, name="stop", daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    _allow_open_files(connection_limit + 256)
    logging.basicConfig()  # waitress's own messages (as waitress.serve sets up)
    try:
        # Bound before the server note is written: a CLI write must never be sent to
        # whatever else holds the port.
        server = waitress.create_server(
            app,
            host=host,
            port=port,
            threads=threads,
            ident="akteursgraph",
            # Slow clients (one header line every few seconds) each hold a connection, not a
            # thread: waitress reads a request whole before a thread sees it. So the limit is
            # the number of connections, poll() has no 1,024-descriptor ceiling as select()
            # has, and the process may open as many files as the system allows.
            connection_limit=connection_limit,
            channel_timeout=SERVE_DEFAULTS.channel_timeout,
            # The site under a path: waitress takes it off each request's path and gives it
            # as the script root, which every link starts with (`site_paths`).
            url_prefix=url_prefix,
            asyncore_use_poll=True,
            # Behind a reverse proxy every request comes from the proxy: the client's address
            # (what the fair share of query workers and the login limits count) is the
            # proxy's X-Forwarded-For, and the scheme (https: Secure cookies) its
            # X-Forwarded-Proto, believed from that one address only (never from a client).
            **_proxy_settings(trusted_proxy),
        )
        listening.append(server)
    except OSError as exc:
        if collections is not None:
            collections.stop()
        close_app(app)
        withdraw(store_path)  # after the store is closed: a waiting CLI write then opens it
        if exc.errno != errno.EADDRINUSE:
            raise
        raise UsageError(
            f"Port {port} ist belegt (ein anderes Programm oder ein anderer Server); mit "
            "--port einen freien wählen.",
            f"Port {port} is in use (another program or server); choose a free one with --port.",
            where="--port",
        ) from None
    click.echo(
        f"Akteursgraph: http://{host}:{port}{url_prefix}/  (Strg+C beendet / Ctrl+C stops)",
        err=True,
    )
    loopback = "127.0.0.1" if host in ("0.0.0.0", "", "::") else host
    # The CLI's writes reach the server under its path too.
    app.config["LOCAL_WRITE_TOKEN"] = announce(store_path, f"http://{loopback}:{port}{url_prefix}")
    try:
        server.run()
    finally:
        withdraw(store_path)
        if collections is not None:
            collections.stop()
        close_app(app)  # busy query workers too


def _exit_now(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _answers_sent(server: Any, seconds: float = 5.0) -> None:
    """Until no connection of `server` has a request or an answer under way (at most
    `seconds`): a stopping server exited as it had just committed a change, and the answer
    never reached the CLI ("whether it carried it out is open")."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            channels = list(getattr(server, "active_channels", {}).values())
        except RuntimeError:  # changed while read (the loop runs in another thread)
            channels = [None]
        if not any(ch is None or ch.requests or ch.total_outbufs_len for ch in channels):
            return
        time.sleep(0.05)


#: How long `serve` waits, as it starts, for a CLI write that holds the store (seconds).
HOLDER_WAIT_S = 1800.0


def _app_once_free(store_path: Path, config: dict[str, object]) -> Flask:
    """The app, made once the store is free of a CLI write that opened it just before this
    server did: `serve` exited "store in use" and left the office without a server (walk: a
    deploy script that starts the service and then loads). Another server of the store, or a
    holder that stays beyond `HOLDER_WAIT_S`, is refused as before. `create_app` reads the
    public mirror's marker before it opens the store, so each try reads it anew, after the
    write."""
    deadline = time.monotonic() + HOLDER_WAIT_S
    said = False
    while True:
        try:
            with collector_paused():
                return create_app(config)
        except StoreInUse:
            if other_server(store_path) is not None or time.monotonic() > deadline:
                raise
        if not said:
            click.echo(
                "Der Speicher wird gerade von einem anderen Prozess geschrieben (etwa "
                "`akteursgraph load`); der Server startet, sobald er frei ist. / The store is "
                "being written by another process (`akteursgraph load`, say); the server "
                "starts once it is free.",
                err=True,
            )
            said = True
        time.sleep(0.5)


def _proxy_settings(trusted_proxy: str | None) -> dict[str, object]:
    """waitress's settings that take the client address from a trusted proxy's header."""
    if not trusted_proxy:
        return {}
    return {
        "trusted_proxy": trusted_proxy,
        "trusted_proxy_count": 1,
        # The public host too: without it the sitemap, the catalogue's addresses and every
        # redirect named the address the proxy reached the server at (HTTP walk).
        "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"},
        "clear_untrusted_proxy_headers": True,
    }


def _allow_open_files(wanted: int) -> None:
    """Raise this process's soft limit on open files towards `wanted` (up to the hard limit):
    every connection is a descriptor, and the usual soft limit of 1,024 is below the
    connection limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
