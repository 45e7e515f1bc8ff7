"""Where the vocabulary, the shapes, the example data and the product queries live.

In a source checkout (and an editable install) `ontology/` and `shapes/` sit beside the
package; a wheel carries them inside as `akteursgraph/_resources/`. Both layouts are supported so
the same code runs from a clone and from an installed distribution.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .namespaces import sparql_prologue

_PKG = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_PKG / "_resources" / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"resource folder {name!r} not found near {_PKG}")


def ontology_dir() -> Path:
    return _find("ontology")


def shapes_dir() -> Path:
    return _find("shapes")


def ontology_files() -> list[Path]:
    return sorted(ontology_dir().glob("*.ttl"))


def shape_files() -> list[Path]:
    return sorted(shapes_dir().glob("*.ttl"))


def example_files() -> list[Path]:
    return sorted((_PKG / "data").glob("*.trig"))


def mappings_dir() -> Path:
    """The example's mapping files for `import` and `export-list` (docs/import.md)."""
    return _PKG / "data" / "mappings"


def example_publication_file() -> Path:
    """The example office's publication settings (publisher, contact, coverage), which
    `init --example` stores with the example data; code names no office."""
    return _PKG / "data" / "example-publication.json"


@cache
def query(name: str) -> str:
    """A product query from `graph/queries/NAME.rq`, with the standard prefixes prepended."""
    text = (_PKG / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    return sparql_prologue() + text
