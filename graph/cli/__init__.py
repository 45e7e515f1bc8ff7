"""The `akteursgraph` command line: the contract scripts and people rely on.

Exit codes: 0 success, 1 invalid data (syntax, shapes, privacy rules, unsafe files),
2 usage or any other error. Messages go to stderr in German and English. One module per
group of commands; the web layer adds `serve` through an entry point (see `base`).
"""

from __future__ import annotations

from . import (
    accounts,
    backups,
    bench,
    changes,
    consent,
    data,
    dumps,
    importing,
    links,
    migrate,
    network,
    people,
    publication,
    query,
)
from .base import cli

__all__ = [
    "accounts",
    "backups",
    "bench",
    "changes",
    "cli",
    "consent",
    "data",
    "dumps",
    "importing",
    "links",
    "main",
    "migrate",
    "network",
    "people",
    "publication",
    "query",
]


def main() -> None:
    cli(prog_name="akteursgraph")
