"""The web layer's command: `akteursgraph serve`.

The core's command line finds it through the `akteursgraph.commands` entry point
(pyproject.toml), so the core never imports the web layer. This module holds only the
command's options and help, which `akteursgraph --help` lists: serving (`serving`) is imported
when the command runs.
"""

from __future__ import annotations

import re
from typing import Any

import click

from akteursgraph.config import SERVE_DEFAULTS
from akteursgraph.errors import UsageError

#: A path the site may be served under: segments of URL-safe characters, no "." or "..".
_URL_PREFIX = re.compile(r"(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+")


def check_url_prefix(value: str) -> str:
    """The path of `--url-prefix` without a trailing "/" ("" for the host's root)."""
    path = value.strip().rstrip("/")
    if path and (not _URL_PREFIX.fullmatch(path) or "/." in path):
        raise UsageError(
            f"Kein Pfad für --url-prefix: {value!r} (z. B. /akteure).",
            f"Not a path for --url-prefix: {value!r} (e.g. /akteure).",
            where="--url-prefix",
        )
    return path


@click.command()
@click.option("--host", default=SERVE_DEFAULTS.host, show_default=True)
@click.option("--port", default=SERVE_DEFAULTS.port, show_default=True, type=int)
@click.option(
    "--threads",
    default=SERVE_DEFAULTS.threads,
    show_default=True,
    type=int,
    help="Threads answering requests (one waiting for a query worker holds one).",
)
@click.option(
    "--page-threads",
    default=SERVE_DEFAULTS.page_threads,
    show_default=True,
    type=int,
    help="Of those, how many compute public pages at once; the others wait up to a quarter "
    "second for a turn, and not at all while only long pages hold the turns (pages compute "
    "under Python's interpreter lock, so more at once are slower). 0: no limit.",
)
@click.option(
    "--query-timeout",
    default=SERVE_DEFAULTS.query_timeout,
    show_default=True,
    type=float,
    help="Wall-clock limit of one public SPARQL query, in seconds (then 503).",
)
@click.option(
    "--max-rows",
    default=SERVE_DEFAULTS.max_rows,
    show_default=True,
    type=int,
    help="Cap on result rows (or triples) of one public query.",
)
@click.option(
    "--workers",
    default=SERVE_DEFAULTS.workers,
    show_default=True,
    type=int,
    help="Query worker processes (each query runs in one; a runaway query blocks only its own).",
)
@click.option(
    "--memory-quads",
    default=SERVE_DEFAULTS.memory_quads,
    show_default=True,
    type=int,
    help="Each query worker holds the public data in memory when it has at most this many "
    "quads (about 4x faster queries, roughly 1 KB of memory per quad and worker); above it, "
    "queries read the on-disk snapshot. 0: always from disk.",
)
@click.option(
    "--query-memory",
    default=SERVE_DEFAULTS.query_memory_mb,
    show_default=True,
    type=int,
    help="MB a query worker may grow by while answering one query; past it the query is "
    "stopped (503) like at the time limit.",
)
@click.option(
    "--max-body",
    default=SERVE_DEFAULTS.max_body_mb,
    show_default=True,
    type=int,
    help="Largest request body in MB (a query, an update); larger ones get 413 unread. "
    "The operator's own changes (a CLI load while serving) are exempt.",
)
@click.option(
    "--client-budget",
    default=SERVE_DEFAULTS.client_budget,
    show_default=True,
    type=float,
    help="Seconds of query-worker time one client address may use per minute; over it, "
    "429 with Retry-After. One client asking one query after another stays within 60.",
)
@click.option(
    "--heavy-query",
    default=SERVE_DEFAULTS.heavy_query,
    show_default=True,
    type=float,
    help="A client whose query ran longer than this (seconds) within the last minute takes a "
    "worker only while another stays idle, so light clients always find one.",
)
@click.option(
    "--trusted-proxy",
    default=None,
    metavar="ADDRESS",
    help="Address of the reverse proxy in front (e.g. 127.0.0.1): only from it are "
    "X-Forwarded-For (the client address that the fair share and the login limits count) "
    "and X-Forwarded-Proto (https: session cookies get Secure) believed. Unset: the peer's "
    "address is the client's.",
)
@click.option(
    "--url-prefix",
    default="",
    metavar="PATH",
    callback=lambda _ctx, _param, value: check_url_prefix(value),
    help="The path the site is served under, e.g. /akteure where the base IRI is "
    "https://daten.beispielstadt.de/akteure/ and a reverse proxy passes that path on "
    "unchanged: every link the site writes stays under it. Unset: the host's root.",
)
@click.option(
    "--connection-limit",
    default=SERVE_DEFAULTS.connection_limit,
    show_default=True,
    type=int,
    help="Open connections held at once; slow clients each hold one without using a thread.",
)
@click.pass_context
def serve(ctx: click.Context, **options: Any) -> None:
    """Serve the web app and the SPARQL endpoint with waitress (a production WSGI server).

    Staff log in at /login (accounts: `akteursgraph user add`); SPARQL Update at
    /sparql/update takes `Authorization: Bearer TOKEN` with an editor's personal API token.
    While it runs, the CLI's writing commands on the same store send their changes to it
    (the store admits one writer).

    With AKTEURSGRAPH_GC_LONGEST_SECONDS set, Python's full collection passes run at quiet
    moments rather than inside requests (docs/operations.md).
    """
    from .serving import run  # the web layer itself: imported only to serve

    run(ctx.obj["store"], **options)  # the options above, by name
