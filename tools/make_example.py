#!/usr/bin/env python3
"""Generate the clearly fictional part of the Akteursgraph example data.

The shipped example needs enough organisations, people and relations to make the explorer, the
network views and the SPARQL examples interesting, but no real person may appear in it and no
real association may be misrepresented. So everything here is invented, every label says so
("(Beispiel)", "(Beispielperson)"), and the output is generated rather than hand-written: a fixed
seed and a sorted writer make the file byte-identical on every run, so a review diff shows only
deliberate changes.

The output follows docs/model.md: public facts go to the public example graph, contact data and
everything about people without publication consent go to the internal example graph. The
tables it draws from are in tools/example/data/*.toml, the code in tools/example/. Before it
reports success, the script re-reads what it wrote, loads it into a fresh store through the
product's own validation (shapes and privacy rules), and checks the example's own promises.

Exit codes: 0 written and checked, 1 written but a check failed, 2 usage or I/O error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from example.checks import (
    example_promises,
    read_dataset,
    same_as_generated,
    summarise,
    validate_with_product,
)
from example.generate import generate
from example.tables import TableError, load_tables
from example.trig import serialise

DEFAULT_OUTPUT = (
    Path(__file__).resolve().parent.parent / "graph" / "data" / "example-fictional.trig"
)


def main(argv: Sequence[str] | None = None) -> int:
    """Generate, write, re-read and check."""
    parser = argparse.ArgumentParser(
        description="Write the clearly fictional Akteursgraph example data as TriG "
        "(public and internal example graphs), deterministically."
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"where to write the TriG file (default: {DEFAULT_OUTPUT})",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="do not print the summary")
    args = parser.parse_args(argv)

    try:
        builder = generate(load_tables())
    except (OSError, TableError) as error:
        print(f"error: cannot read the tables: {error}", file=sys.stderr)
        return 2
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(serialise(builder), encoding="utf-8")
    except OSError as error:
        print(f"error: cannot write {args.output}: {error}", file=sys.stderr)
        return 2

    dataset = read_dataset(args.output)
    problems = same_as_generated(dataset, builder)
    problems += validate_with_product(args.output, shipped=DEFAULT_OUTPUT)
    problems += example_promises(dataset)
    if not args.quiet:
        print(f"wrote {args.output}")
        print(summarise(dataset))
    for problem in problems:
        print(f"check failed: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
