"""The `akteursgraph` command line: the contract scripts and people rely on.

Exit codes: 0 success, 1 invalid data (syntax, shapes, privacy rules, unsafe files),
2 usage or any other error. Messages go to stderr in German and English.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pyoxigraph as ox

from . import __version__
from .config import DEFAULT_BASE_IRI, default_store_path
from .errors import EXIT_ERROR, EXIT_INVALID_DATA, AkteursgraphError
from .namespaces import curie

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Group(click.Group):
    """Turns domain errors into bilingual messages and the documented exit codes."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except AkteursgraphError as exc:
            click.echo(exc.bilingual(), err=True)
            ctx.exit(exc.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:
            # The reader went away (`akteursgraph stats | head`): not an error of ours. Point
            # stdout at nothing so that the interpreter's final flush stays quiet too.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except Exception as exc:  # an unexpected failure still gets the error exit code
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(
                f"Fehler: unerwarteter Fehler: {exc!r}\nError: unexpected error: {exc!r}",
                err=True,
            )
            ctx.exit(EXIT_ERROR)
        return None


@click.group(cls=_Group, context_settings=CONTEXT)
@click.option(
    "--store",
    "store_path",
    type=click.Path(path_type=Path),
    envvar="AKTEURSGRAPH_STORE",
    default=None,
    help="Store folder. Default: $AKTEURSGRAPH_STORE, else ~/.local/share/akteursgraph/store.",
)
@click.option("--debug", is_flag=True, help="Show Python tracebacks of unexpected errors.")
@click.version_option(__version__, prog_name="akteursgraph")
@click.pass_context
def cli(ctx: click.Context, store_path: Path | None, debug: bool) -> None:
    """Akteursgraph: knowledge graph of the actors of a municipal development-policy network.

    \b
    Exit codes / Rückgabewerte:
      0  success / Erfolg
      1  invalid data / ungültige Daten (syntax, SHACL, privacy rules, unsafe file)
      2  usage or other error / Bedienfehler oder anderer Fehler
    """
    ctx.obj = {"store": store_path or default_store_path(), "debug": debug}


def _open(ctx: click.Context, *, read_only: bool = False):
    from .store import Store

    return Store.open(ctx.obj["store"], read_only=read_only)


@contextlib.contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for long loads, only when a person is watching."""
    if total < 2_000_000 or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


@cli.command()
@click.option("--example", is_flag=True, help="Load the shipped example data (Berlin-Mitte).")
@click.option(
    "--base-iri",
    default=DEFAULT_BASE_IRI,
    show_default=True,
    help="Base IRI of the data (persistent-IRI style, ends in '/').",
)
@click.option("--if-missing", is_flag=True, help="Do nothing if the store already exists.")
@click.option("--force", is_flag=True, help="Replace an existing store (its data is deleted).")
@click.option("--agent", help="Who enters the data (recorded internally). Default: login name.")
@click.pass_context
def init(
    ctx: click.Context,
    example: bool,
    base_iri: str,
    if_missing: bool,
    force: bool,
    agent: str | None,
) -> None:
    """Create a store with the vocabulary, and with --example the example data."""
    from .operations import init_store
    from .store import CONFIG_FILE

    path: Path = ctx.obj["store"]
    if (path / CONFIG_FILE).exists():
        if if_missing:
            click.echo(f"Speicher vorhanden / store exists: {path}", err=True)
            return
        if force:
            shutil.rmtree(path)
    with _progress(2_000_001 if example else 0, "Laden / loading") as progress:
        store, result = init_store(
            path, base_iri=base_iri, example=example, agent=agent, progress=progress
        )
    store.close()
    _echo_warnings(result.warnings)
    click.echo(
        f"Speicher angelegt / store created: {path} ({result.added} Quads / quads)", err=True
    )


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--graph",
    help="Target graph for triples outside named graphs: public/NAME, internal/NAME or a full "
    "IRI. Default: internal/FILE-NAME.",
)
@click.option(
    "--format",
    "format_name",
    help="Parse as this format instead of guessing from the extension "
    "(turtle, nt, nq, trig, jsonld, rdfxml).",
)
@click.option("--agent", help="Who enters the data (recorded internally). Default: login name.")
@click.pass_context
def load(
    ctx: click.Context,
    files: tuple[Path, ...],
    graph: str | None,
    format_name: str | None,
    agent: str | None,
) -> None:
    """Load RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) as one write.

    Every file is checked and validated first; if any file is invalid, nothing is stored.
    """
    from .operations import load_files

    total = sum(f.stat().st_size for f in files if f.is_file())
    with _open(ctx) as store, _progress(total, "Laden / loading") as progress:
        result = load_files(
            store, files, graph=graph, format_name=format_name, agent=agent, progress=progress
        )
    _echo_warnings(result.warnings)
    click.echo(f"{result.added} Quads geladen / quads loaded.", err=True)


@cli.command()
@click.option("--warnings/--no-warnings", default=True, help="Also list warnings.")
@click.option(
    "--engine",
    type=click.Choice(["sparql", "pyshacl"]),
    default="sparql",
    show_default=True,
    help="sparql: the shapes compiled to SPARQL, run in the store (seconds per million "
    "triples); pyshacl: the reference implementation (minutes per million triples).",
)
@click.pass_context
def validate(ctx: click.Context, warnings: bool, engine: str) -> None:
    """Validate the whole store against the shapes and privacy rules (exit 1 on violations)."""
    from .validation import Validator

    with _open(ctx, read_only=True) as store:
        report = Validator.default(engine).validate_all(store)
    shown = report.findings if warnings else report.violations
    if shown:
        click.echo("\n".join(f.render() for f in shown))
    if report.conforms:
        click.echo(f"Gültig / conforms ({len(report.warnings)} Warnungen / warnings).", err=True)
    else:
        click.echo(
            f"Nicht gültig / does not conform: {len(report.violations)} Verstöße / violations.",
            err=True,
        )
        ctx.exit(EXIT_INVALID_DATA)


@cli.command()
@click.argument("query_text", metavar="QUERY|FILE.rq")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
)
@click.option("--public", "public_only", is_flag=True, help="Query the public graphs only.")
@click.option(
    "--endpoint",
    metavar="URL",
    help="Ask this remote SPARQL 1.1 endpoint (ours or any other) instead of the local store.",
)
@click.pass_context
def query(
    ctx: click.Context, query_text: str, fmt: str, public_only: bool, endpoint: str | None
) -> None:
    """Run a SPARQL query given inline or as a .rq file, over the union of all graphs."""
    text = _query_text(query_text)
    if endpoint:
        from .sparql.remote import remote_query

        kind, payload = remote_query(endpoint, text, fmt)
        if kind == "bytes":
            sys.stdout.buffer.write(payload)  # type: ignore[arg-type]
        else:
            _print_table(*payload)  # type: ignore[misc]
        return
    with _open(ctx, read_only=True) as store:
        result = store.query(text, public_only=public_only)
        _print_result(result, fmt)


def _query_text(arg: str) -> str:
    path = Path(arg)
    if arg.endswith(".rq") or (len(arg) < 4096 and "\n" not in arg and path.is_file()):
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise click.BadParameter(f"{arg}: {exc.strerror}") from exc
    return arg


def _cell(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return curie(term.value)
    if isinstance(term, ox.Literal):
        return term.value + (f"@{term.language}" if term.language else "")
    return str(term)


def _print_result(result: object, fmt: str) -> None:
    out = sys.stdout.buffer
    if isinstance(result, ox.QueryBoolean):
        if fmt in ("csv", "tsv", "json"):
            rf = {
                "csv": ox.QueryResultsFormat.CSV,
                "tsv": ox.QueryResultsFormat.TSV,
                "json": ox.QueryResultsFormat.JSON,
            }[fmt]
            out.write(result.serialize(format=rf))
        else:
            click.echo("true" if bool(result) else "false")
        return
    if isinstance(result, ox.QueryTriples):
        rdf = ox.RdfFormat.N_TRIPLES if fmt in ("csv", "tsv") else ox.RdfFormat.TURTLE
        if fmt == "json":
            rdf = ox.RdfFormat.JSON_LD
        out.write(result.serialize(format=rdf) or b"")
        return
    if fmt != "table":
        rf = {
            "csv": ox.QueryResultsFormat.CSV,
            "tsv": ox.QueryResultsFormat.TSV,
            "json": ox.QueryResultsFormat.JSON,
        }[fmt]
        out.write(result.serialize(format=rf) or b"")  # type: ignore[attr-defined]
        return
    names = [v.value for v in result.variables]  # type: ignore[attr-defined]
    rows = [[_cell(row[n]) for n in names] for row in result]  # type: ignore[attr-defined]
    _print_table(names, rows)


def _print_table(names: list[str], rows: list[list[str]]) -> None:
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    click.echo("  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for r in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    click.echo(f"({len(rows)} Zeilen / rows)", err=True)


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld"]),
    default="trig",
    show_default=True,
)
@click.option("--public", "public_only", is_flag=True, help="Only the public graphs (open data).")
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="File to write (default: stdout)."
)
@click.pass_context
def export(ctx: click.Context, fmt: str, public_only: bool, output: Path | None) -> None:
    """Write a dump of the store; quad formats keep the named graphs."""
    from .operations import export as do_export

    with _open(ctx, read_only=True) as store:
        if output is None:
            count = do_export(store, sys.stdout.buffer, fmt=fmt, public_only=public_only)
        else:
            tmp = output.with_name(output.name + ".part")
            with tmp.open("wb") as fh:
                count = do_export(store, fh, fmt=fmt, public_only=public_only)
            tmp.replace(output)  # a reader never sees half a dump
    click.echo(f"{count} Aussagen exportiert / statements exported.", err=True)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Show what the store holds: quads, graphs (public/internal), entities per class."""
    from .operations import stats as do_stats

    with _open(ctx, read_only=True) as store:
        data = do_stats(store)
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"Speicher / store: {data['store']}")
    click.echo(f"Basis-IRI / base IRI: {data['base_iri']}")
    click.echo(f"Quads: {data['quads']}")
    click.echo("Graphen / graphs:")
    for g in data["graphs"]:  # type: ignore[union-attr]
        click.echo(f"  {g['triples']:>8}  {g['visibility']:<8}  {g['graph']}")
    click.echo("Klassen / classes:")
    for c in data["classes"]:  # type: ignore[union-attr]
        click.echo(f"  {c['count']:>8}  {curie(c['class'])}")


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf", "csv", "json"]),
    default="graphml",
    show_default=True,
    help="graphml and gexf for Gephi and other network tools, csv (two files: PATH-nodes.csv "
    "and PATH-edges.csv), json (node-link: nodes and edges).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="File to write; for csv the prefix of the two files (a .csv ending is dropped).",
)
@click.option(
    "--lang",
    type=click.Choice(["de", "en"]),
    default="de",
    show_default=True,
    help="Language of the `label` attribute (label_de and label_en are always written).",
)
@click.pass_context
def network(ctx: click.Context, fmt: str, output: Path, lang: str) -> None:
    """Export the public actor network: organisations, people with publication consent,
    projects, events, topics, sites and historical persons and events as nodes (ids are
    IRIs), memberships, cooperations, organisers, funders, speakers, topics, namings and
    parts of projects as links (kind, label, start, end, via)."""
    from .errors import UsageError
    from .network import build_network, csv_paths, export_network

    with _open(ctx, read_only=True) as store:
        net = build_network(store, lang)
    tmp = output.with_name(output.name + ".part")
    try:
        if fmt == "csv":
            counts = export_network(net, fmt, output)
            written = " + ".join(str(p) for p in csv_paths(output))
        else:
            counts = export_network(net, fmt, tmp)
            tmp.replace(output)  # a reader never sees half a file
            written = str(output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(
            f"Kann nicht schreiben: {exc.strerror}.",
            f"Cannot write: {exc.strerror}.",
            where=str(output),
        ) from exc
    click.echo(
        f"{counts['nodes']} Knoten und {counts['edges']} Kanten / nodes and edges: {written}",
        err=True,
    )


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@click.option(
    "--query-timeout",
    default=10.0,
    show_default=True,
    type=float,
    help="Wall-clock limit of one public SPARQL query, in seconds (then 503).",
)
@click.option(
    "--max-rows",
    default=10_000,
    show_default=True,
    type=int,
    help="Cap on result rows (or triples) of one public query.",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=int,
    help="Query worker processes (each query runs in one; a runaway query blocks only its own).",
)
@click.option(
    "--memory-quads",
    default=250_000,
    show_default=True,
    type=int,
    help="Each query worker holds the public data in memory when it has at most this many "
    "quads (about 4x faster queries, roughly 1 KB of memory per quad and worker); above it, "
    "queries read the on-disk snapshot. 0: always from disk.",
)
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    threads: int,
    query_timeout: float,
    max_rows: int,
    workers: int,
    memory_quads: int,
) -> None:
    """Serve the web app and the SPARQL endpoint with waitress (a production WSGI server).

    SPARQL Update at /sparql/update is off unless $AKTEURSGRAPH_UPDATE_TOKEN is set; staff
    then send `Authorization: Bearer TOKEN`.
    """
    import waitress

    from akteursgraph_web import create_app

    app = create_app(
        {
            "STORE_PATH": str(ctx.obj["store"]),
            "QUERY_TIMEOUT": query_timeout,
            "MAX_ROWS": max_rows,
            "QUERY_WORKERS": workers,
            "QUERY_MEMORY_QUADS": memory_quads,
        }
    )
    click.echo(f"Akteursgraph: http://{host}:{port}/  (Strg+C beendet / Ctrl+C stops)", err=True)

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(0)  # runs the clean-up below, which a bare SIGTERM would skip

    signal.signal(signal.SIGTERM, stop)
    try:
        waitress.serve(app, host=host, port=port, threads=threads, ident="akteursgraph")
    finally:
        app.extensions["akteursgraph.pool"].close()  # busy query workers too


@cli.group()
def bench() -> None:
    """Benchmarks on a synthetic district (what `make bench` runs); see docs/benchmarks.md.

    Needs the `bench` extra for plots (`pip install -e '.[bench]'`) and uses wrk for the load
    tests when it is installed. Does not touch --store: each scale gets a temporary store.
    """


@bench.command("generate")
@click.option("--scale", default=1.0, show_default=True, type=float, help="1 = about 100k triples")
@click.option("--output", required=True, type=click.Path(path_type=Path), help="Folder to write.")
def bench_generate(scale: float, output: Path) -> None:
    """Write the synthetic district at a scale as two N-Quads files (public, internal)."""
    from .bench import generate

    raise SystemExit(generate.main(["--scale", str(scale), "--output", str(output)]))


@bench.command("run")
@click.option(
    "--scale",
    "scales",
    multiple=True,
    type=float,
    default=(1.0,),
    show_default=True,
    help="Scale(s) to measure, e.g. --scale 1 --scale 10 (1 = about 100k triples).",
)
@click.option("--reps", default=7, show_default=True, type=int, help="Runs per timed workload.")
@click.option("--clients", multiple=True, type=int, default=(1, 4, 16, 32), show_default=True)
@click.option("--load-seconds", default=5.0, show_default=True, type=float)
@click.option("--query-timeout", default=30.0, show_default=True, type=float)
@click.option("--rdflib-limit", default=30.0, show_default=True, type=float)
@click.option("--rdflib-budget", default=300.0, show_default=True, type=float)
@click.option("--rdflib-max-scale", default=10.0, show_default=True, type=float)
@click.option("--pyshacl-limit", default=300.0, show_default=True, type=float)
@click.option(
    "--load-only",
    is_flag=True,
    help="Only generation, bulk load, whole-store validation and single writes (for 10M).",
)
@click.option("--report/--no-report", default=True, help="Rewrite docs/benchmarks.md afterwards.")
def bench_run(scales: tuple[float, ...], report: bool, **options: object) -> None:
    """Measure each scale against its baselines; save docs/benchmarks/scale-N.json."""
    import types

    from .bench import run as bench_module

    bench_module.run(list(scales), types.SimpleNamespace(**options))
    if report:
        bench_module.DOC.write_text(bench_module.report(), encoding="utf-8")
        click.echo(f"{bench_module.DOC}", err=True)


@bench.command("report")
def bench_report() -> None:
    """Rebuild docs/benchmarks.md (and its plots) from all saved scales."""
    from .bench import run as bench_module

    bench_module.DOC.write_text(bench_module.report(), encoding="utf-8")
    click.echo(f"{bench_module.DOC}", err=True)


def _echo_warnings(report: object) -> None:
    warnings = getattr(report, "warnings", [])
    if warnings:
        click.echo(f"{len(warnings)} Warnungen / warnings:", err=True)
        for w in warnings[:20]:
            click.echo(w.render(), err=True)
        if len(warnings) > 20:
            click.echo(f"... {len(warnings) - 20} weitere / more", err=True)


def main() -> None:
    cli(prog_name="akteursgraph")


if __name__ == "__main__":
    main()
