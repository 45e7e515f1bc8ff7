"""Settings, read when asked for (never at import time), so tests build apps on temp stores."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_BASE_IRI = "https://w3id.org/akteursgraph/mitte/"
DEFAULT_MAX_LOAD_BYTES = 100 * 1024 * 1024


def _plain(text: str) -> str:
    """An IRI without its scheme, its host in lower case: how two IRIs are compared here."""
    rest = text.partition("://")[2]
    host, _, path = rest.partition("/")
    return f"{host.lower()}/{path}"


def under(iri: str, namespace: str) -> bool:
    """Whether `iri` is `namespace` or under it, whatever its scheme and the case of its
    host (`http://W3ID.org/akteursgraph/mitte/` passed a plain comparison)."""
    return _plain(iri).startswith(_plain(namespace))


def under_example_base(iri: str) -> bool:
    """Whether `iri` is the example's base or under it (`under`)."""
    return under(iri, DEFAULT_BASE_IRI)


def default_store_path() -> Path:
    """`$AKTEURSGRAPH_STORE`, else the XDG data folder (`~/.local/share/akteursgraph/store`)."""
    env = os.environ.get("AKTEURSGRAPH_STORE")
    if env:
        return Path(env)
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "akteursgraph" / "store"


def max_load_bytes() -> int:
    """Largest file `load` accepts; `$AKTEURSGRAPH_MAX_LOAD_BYTES` raises it for big imports."""
    env = os.environ.get("AKTEURSGRAPH_MAX_LOAD_BYTES")
    return int(env) if env else DEFAULT_MAX_LOAD_BYTES


@dataclass(frozen=True)
class ServeDefaults:
    """The defaults of `akteursgraph serve` and of the app factory: one place for both."""

    host: str = "127.0.0.1"
    port: int = 5000
    threads: int = 8
    page_threads: int = 1  # of those, how many compute public pages at once (webapp/turns.py)
    query_timeout: float = 10.0  # seconds of wall-clock time for one public query
    max_rows: int = 10_000  # rows (or triples) of one public query
    workers: int = 2  # query worker processes
    memory_quads: int = 250_000  # up to this size a worker holds the public data in memory
    query_memory_mb: int = 512  # how much a worker may grow while answering one query
    client_budget: float = 90.0  # worker-seconds one client address may use per minute
    heavy_query: float = 2.0  # a client whose query ran longer leaves the last worker to others
    max_body_mb: int = 16  # largest request body (a query, an update, a change)
    connection_limit: int = 2_000  # open connections (slow clients each hold one)
    channel_timeout: int = 60  # seconds an idle or trickling connection is kept


SERVE_DEFAULTS = ServeDefaults()
