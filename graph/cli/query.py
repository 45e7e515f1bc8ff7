"""The `query` command: SPARQL from a person, locally under a time limit or remotely."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..namespaces import curie
from ..sparql.guard import check_query, declares_dataset
from ..sparql.pool import Job, single_worker
from ..sparql.results import QUERY_FORMATS
from .base import cli, open_store


@cli.command()
@click.argument("query_text", metavar="QUERY|FILE.rq")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(QUERY_FORMATS)),
    default="table",
    show_default=True,
    help="Solutions as a table, CSV, TSV or SPARQL JSON; graphs (CONSTRUCT, DESCRIBE) as "
    "Turtle (table), N-Triples (csv, tsv) or JSON-LD (json).",
)
@click.option("--public", "public_only", is_flag=True, help="Query the public graphs only.")
@click.option(
    "--timeout",
    default=60.0,
    show_default=True,
    type=float,
    help="Seconds the query may run (local store only); then it is stopped, exit 2.",
)
@click.option(
    "--max-rows",
    default=100_000,
    show_default=True,
    type=int,
    help="Cap on result rows or triples (local store only); a cut result says so on stderr.",
)
@click.option(
    "--endpoint",
    metavar="URL",
    help="Ask this remote SPARQL 1.1 endpoint (ours or any other) instead of the local store.",
)
@click.pass_context
def query(
    ctx: click.Context,
    query_text: str,
    fmt: str,
    public_only: bool,
    timeout: float,
    max_rows: int,
    endpoint: str | None,
) -> None:
    """Run a SPARQL query given inline or as a .rq file, over the union of all graphs.

    Locally the query runs in a worker process of its own, like a query on the public
    endpoint: it can be stopped at its time limit, and a crash of the engine ends only the
    worker.
    """
    text = _query_text(query_text)
    if endpoint:
        from ..sparql.remote import remote_query

        remote = remote_query(endpoint, text, fmt)
        if remote.cut:
            click.echo(
                "(vom Endpunkt an seiner Zeilengrenze gekürzt / cut by the endpoint at its row "
                "cap)",
                err=True,
            )
        if remote.kind == "bytes":
            sys.stdout.buffer.write(remote.payload)  # type: ignore[arg-type]
        else:
            _print_table(*remote.payload)  # type: ignore[misc]
        return
    check_query(text)
    with open_store(ctx, read_only=True) as store:
        graphs = store.public_graphs() if public_only else None
        data = store.data_path
    if not public_only:
        # Internal graphs hold people's contact data: who read them is logged (the query by
        # its hash, since its text may name a person). docs/operations.md, the access log.
        import hashlib

        from ..people.access import log_access

        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        log_access(store.path, iri=None, what="query", detail={"query_sha256": digest})
    solution_format, graph_format = QUERY_FORMATS[fmt]
    job = Job(text, solution_format, graph_format, graphs, graphs, max_rows=max_rows)
    job.own_dataset = declares_dataset(text)
    with single_worker(data, timeout=timeout, max_rows=max_rows) as pool:
        answer = pool.run(job)
        payload = b"".join(answer.chunks)
    if answer.truncated:
        click.echo(f"(gekürzt auf / cut at {max_rows} Zeilen / rows)", err=True)
    if fmt != "table":
        sys.stdout.buffer.write(payload)
    elif answer.kind == "boolean":
        click.echo("true" if json.loads(payload)["boolean"] else "false")
    elif answer.kind == "graph":
        sys.stdout.buffer.write(payload)
    else:
        _print_json_table(json.loads(payload))


def _query_text(arg: str) -> str:
    """The query: the file `arg` names, or `arg` itself."""
    path = Path(arg)
    if arg.endswith(".rq") or (len(arg) < 4096 and "\n" not in arg and _names_a_file(path)):
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise click.BadParameter(f"{arg}: {exc.strerror}") from exc
    return arg


def _names_a_file(path: Path) -> bool:
    """Whether `path` is a file; a query of one line is no name the system takes (longer
    than a file name may be: `is_file` raised "File name too long", walk)."""
    try:
        return path.is_file()
    except OSError:
        return False


def _cell(binding: dict[str, str] | None) -> str:
    if binding is None:
        return ""
    if binding["type"] == "uri":
        return curie(binding["value"])
    if binding["type"] == "literal" and "xml:lang" in binding:
        return f"{binding['value']}@{binding['xml:lang']}"
    if binding["type"] == "bnode":
        return "_:" + binding["value"]
    return binding["value"]


def _print_json_table(result: dict) -> None:
    names = result["head"]["vars"]
    rows = [[_cell(row.get(n)) for n in names] for row in result["results"]["bindings"]]
    _print_table(names, rows)


def _print_table(names: list[str], rows: list[list[str]]) -> None:
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    click.echo("  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for r in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    click.echo(f"({len(rows)} Zeilen / rows)", err=True)
