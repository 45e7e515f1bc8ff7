"""The query gallery: example research questions as SPARQL files with bilingual headers.

Each question lives in `graph/queries/gallery/NN-slug.rq` (next to the product queries in
`graph/queries/`, so a wheel carries them too). A file starts with four comment lines::

    # title@de: ...
    # title@en: ...
    # description@de: ...
    # description@en: ...

then a blank line, then the query. Keeping title and description inside the `.rq` file means
the query and its explanation cannot drift apart, and the file still runs unchanged in any SPARQL
tool, because to the engine the header is only comments. This module is the one place that
reads that header, so the web app, the docs and the tests agree on what a gallery entry is.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from .config import DEFAULT_BASE_IRI
from .resources import query

if TYPE_CHECKING:
    from .store import Store

#: Where the gallery files live; mirrors `graph/resources.py` (`_PKG / "queries"`).
GALLERY_DIR = Path(__file__).resolve().parent / "queries" / "gallery"

#: Entries that ask about the example's own data (its office, its people, its sources) by
#: name: only a store that holds the example's data shows them (`holds_example`), so another
#: office's gallery holds nothing of the example (issue 16), even one that kept the example's
#: base IRI. tests/test_new_office.py checks that every entry naming the example's IRIs or
#: office is listed here.
EXAMPLE_ENTRIES = frozenset(
    {
        "24-koordinationsstelle-partners",
        "25-sdg4-organisations-and-partners",
        "33-shortest-cooperation-chain",
        "35-everything-this-source-supports",
    }
)

#: Entries whose labels the English page keeps in German: what they name (an offer's audience,
#: a colonial actor's description, a country's German name in a text) the example's data
#: holds in German only, so an English filter left them with fewer rows or none (8 -> 0,
#: 5 -> 0, 24 -> 14). tests/test_gallery.py checks that every other entry gives on the
#: example's data as many rows with English labels as with German ones.
GERMAN_LABELS = frozenset(
    {
        "11-training-offers-for-administration",
        "19-colonial-actors-of-old-names",
        "21-namibia-cameroon-tanzania",
    }
)
_GERMAN_FILTER = re.compile(r'(\bLANG\(\s*\?\w+\s*\)\s*=\s*)"de"')


def query_in(entry: dict[str, Any], lang: str) -> str:
    """The entry's query as the page of `lang` offers it: on the English page with English
    labels (`FILTER(LANG(?x) = "en")`), unless it is one of `GERMAN_LABELS`. Every example
    asked for German labels, and an English reader got "Stiftung Brückenschlag Spree" where
    the site says "Bridge-Building Foundation Spree" (English walk). The files keep German:
    they are what the benchmark times."""
    if lang == "de" or entry["id"] in GERMAN_LABELS:
        return str(entry["query"])
    return _GERMAN_FILTER.sub(rf'\1"{lang}"', entry["query"])


#: The entity the example's own entries ask about most (its coordination office): described
#: in the public data only where the example's data is.
EXAMPLE_MARK = DEFAULT_BASE_IRI + "organisation/koordinationsstelle-entwicklungspolitik"


def holds_example(store: Store) -> bool:
    """Whether the store's public data holds the example's (`init --example`, or its files
    loaded later): the base IRI alone does not tell, as `init` without `--base-iri` keeps
    the example's."""
    rows = store.select(
        query("entity-described"),
        bindings={"entity": ox.NamedNode(EXAMPLE_MARK)},
        public_only=True,
        max_rows=1,
    )
    return bool(rows)


#: The header keys, in the order every file states them.
HEADER_KEYS: tuple[str, ...] = ("title@de", "title@en", "description@de", "description@en")

_HEADER_LINE = re.compile(r"^#\s*(?P<key>[a-z]+@[a-z]+)\s*:\s*(?P<value>.*?)\s*$")
_FILE_NAME = re.compile(r"^[0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*\.rq$")
_COMMENT_LINE = re.compile(r"^\s*#[^\n]*", re.MULTILINE)
_DECLARATION = re.compile(r"\b(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>)", re.IGNORECASE)
_FORM = re.compile(r"\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def parse_gallery_header(text: str, query_id: str = "") -> dict[str, Any]:
    """Split a gallery file into its header and its query.

    Returns ``{"id", "title": {"de", "en"}, "description": {"de", "en"}, "query"}``; ``id``
    is `query_id` (the file name without `.rq` when called from `load_gallery`). The query is
    the text after the blank line that ends the header. Raises ValueError, naming the key,
    when a key is missing, empty, unknown or repeated, or when the blank line is missing.
    """
    lines = text.splitlines()
    values: dict[str, str] = {}
    body_start: int | None = None
    for number, line in enumerate(lines):
        if not line.strip():
            body_start = number + 1
            break
        match = _HEADER_LINE.match(line)
        if match is None:
            if len(values) == len(HEADER_KEYS):
                raise ValueError(
                    f"line {number + 1}: no blank line between the header and the query"
                )
            raise ValueError(f"line {number + 1}: not a header line: {line!r}")
        key, value = match.group("key"), match.group("value")
        if key not in HEADER_KEYS:
            raise ValueError(f"line {number + 1}: unknown header key {key!r}")
        if key in values:
            raise ValueError(f"line {number + 1}: header key {key!r} given twice")
        if not value:
            raise ValueError(f"line {number + 1}: header key {key!r} has no value")
        values[key] = value
    missing = [key for key in HEADER_KEYS if key not in values]
    if missing:
        raise ValueError(f"header keys missing: {', '.join(missing)}")
    if body_start is None:
        raise ValueError("no blank line between the header and the query")
    query = "\n".join(lines[body_start:]).strip()
    if not query:
        raise ValueError("the file has a header but no query")
    return {
        "id": query_id,
        "title": {"de": values["title@de"], "en": values["title@en"]},
        "description": {"de": values["description@de"], "en": values["description@en"]},
        "query": query + "\n",
    }


def query_form(query: str) -> str:
    """The query form (``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``) after the prologue."""
    rest = _DECLARATION.sub(" ", _COMMENT_LINE.sub("", query))
    match = _FORM.match(rest)
    if match is None:
        raise ValueError("no SELECT, ASK, CONSTRUCT or DESCRIBE after the prologue")
    return match.group(1).upper()


def gallery_files(directory: Path | None = None) -> list[Path]:
    """The gallery's `.rq` files, sorted by name (and so by their number)."""
    return sorted((directory or GALLERY_DIR).glob("*.rq"))


def load_gallery(directory: Path | None = None, *, example: bool = True) -> list[dict[str, Any]]:
    """Every gallery entry, parsed, in file-name order; a malformed file raises ValueError.
    Without `example` the entries about the example's own data (EXAMPLE_ENTRIES) are left
    out."""
    entries = []
    for path in gallery_files(directory):
        if not example and path.stem in EXAMPLE_ENTRIES:
            continue
        if not _FILE_NAME.match(path.name):
            raise ValueError(f"{path.name}: gallery files are named NN-slug.rq")
        try:
            entries.append(parse_gallery_header(path.read_text(encoding="utf-8"), path.stem))
        except ValueError as exc:
            raise ValueError(f"{path.name}: {exc}") from exc
    return entries
