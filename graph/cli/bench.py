"""The `bench` commands: the benchmark on a synthetic district (what `make bench` runs)."""

from __future__ import annotations

from pathlib import Path

import click

from .base import cli


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
    from ..bench import generate

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
@click.option(
    "--only",
    type=click.Choice(
        [
            "publication",
            "entity-documents",
            "search",
            "dumps",
            "reconcile",
            "import",
            "explorer",
            "gallery",
        ]
    ),
    default=None,
    help="Measure only this workload (on a newly loaded district) and merge it into the "
    "scale's saved results, keeping the other workloads' figures.",
)
@click.option("--report/--no-report", default=True, help="Rewrite docs/benchmarks.md afterwards.")
def bench_run(scales: tuple[float, ...], report: bool, **options: object) -> None:
    """Measure each scale against its baselines; save docs/benchmarks/scale-N.json."""
    import types

    from ..bench import run as bench_module

    bench_module.run(list(scales), types.SimpleNamespace(**options))
    if report:
        bench_module.DOC.write_text(bench_module.report(), encoding="utf-8")
        click.echo(f"{bench_module.DOC}", err=True)


@bench.command("report")
def bench_report() -> None:
    """Rebuild docs/benchmarks.md (and its plots) from all saved scales."""
    from ..bench import run as bench_module

    bench_module.DOC.write_text(bench_module.report(), encoding="utf-8")
    click.echo(f"{bench_module.DOC}", err=True)
