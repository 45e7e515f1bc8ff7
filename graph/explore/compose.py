"""Composing queries from the `.rq` files of graph/queries/explore/: fragments and markers.

List pages are put together from small queries (the members of a kind, one query per
facet, a sort key, a filter). A template marks where a part goes with a
`#@name` comment; `fill` replaces each marker by the text of another `.rq` file, a generated
variable name, the keyword LATERAL or an integer, and by nothing else. Values chosen by a
user never pass through here: they reach the engine only as bindings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..namespaces import sparql_prologue
from ..resources import query

# A marker is `#@name` where it is the first comment of its line; a `#@name` inside a
# comment (the headers mention them) is text, not a marker.
_MARKER = re.compile(r"^([^#\n]*)#@([a-z-]+)", re.MULTILINE)


def body(name: str) -> str:
    """A query from graph/queries without the prefix lines: the template it goes into,
    read with `query()`, brings them once."""
    return query(name)[len(sparql_prologue()) :]


def fragment(name: str) -> str:
    """A query from graph/queries as a sub-select: without the prefix lines, in braces."""
    return "{\n" + body(name).strip() + "\n}"


def raw_block(name: str) -> str:
    """A block from graph/queries as it stands, without the prefix lines."""
    return body(name).strip()


def lateral(block: str, lookup: bool) -> str:
    """`block` as it stands (joined with what precedes it by hash, over whole scans), or
    prefixed with LATERAL (evaluated once per row so far, as lookups; SEP-0006, which
    Oxigraph supports). See `lists.LOOKUP_LIMIT` for when which wins."""
    return f"LATERAL {block}" if lookup else block


def fill(template: str, parts: Mapping[str, str]) -> str:
    """Replace each `#@name` marker of `template` by `parts[name]` (or nothing).

    Only the template is scanned (one pass), so inserted text is never re-interpreted.
    Callers pass fragments of `.rq` files, generated variable names and integers only."""
    return _MARKER.sub(lambda m: m.group(1) + parts.get(m.group(2), ""), template)
