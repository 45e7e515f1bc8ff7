"""The `akteursgraph` program's entry point, kept apart from the commands it runs.

The query pool starts its workers fresh ("spawn"), and a fresh worker first runs the
program's script again, without calling it, to find the parent's main module. Had the script
imported the commands, each worker would import all of them (click, rdflib and the core: 47
MiB a worker) to answer queries that need pyoxigraph alone (16 MiB): three workers spent
about 90 MiB of `serve`'s memory on code they never run (issue 11's memory figure).
"""

from __future__ import annotations


def main() -> None:
    """Run the command line (`akteursgraph.cli`), imported only now."""
    from .cli import main as run

    run()
