"""Which of our prefixes a query uses without declaring them, and the query with them declared.

The one place for this logic (https://www.w3.org/TR/sparql11-query/#rPNAME_NS for what a prefix
is). Two callers need it:

- `akteursgraph query --endpoint` (`remote.py`): another endpoint does not know our prefixes,
  so the gallery's `.rq` files (which declare none) would fail there without them;
- the query editor page (`akteursgraph_web.editor`): our endpoint predeclares the prefixes, but
  the editor's syntax check and the permalinks it shares do not know that, so the queries the
  page hands to the editor get their PREFIX lines here, on the server, and the editor's script
  has no prefix logic of its own.

Strings (long ones too), comments and <IRIs> are blanked first with the guard's
`blank_literals`, so `"ag:"`, `# ag:` and `<http://ag:8080/>` do not count; the rest is read
token by token, so a variable (`?org`), a longer prefix (`my-ag:`, `foo.ag:`) or a local name
with a colon (`ex:org:x`) is not mistaken for one of ours.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..namespaces import PREFIXES
from .guard import TOKEN, blank_literals


def prefix_usage(text: str) -> tuple[set[str], set[str]]:
    """(the prefixes `text` uses, the prefixes it declares), strings, comments and IRIs aside."""
    used: set[str] = set()
    declared: set[str] = set()
    after_prefix_keyword = False
    for match in TOKEN.finditer(blank_literals(text)):
        token = match.group(0)
        if match.group("local") is not None:
            name = match.group("prefix") or ""
            if after_prefix_keyword and not match.group("local"):
                declared.add(name)
            else:
                used.add(name)
        after_prefix_keyword = token.upper() == "PREFIX"
    return used, declared


def missing_prefixes(text: str, prefixes: Mapping[str, str] = PREFIXES) -> list[str]:
    """The names in `prefixes` that `text` uses but does not declare, in the mapping's order."""
    used, declared = prefix_usage(text)
    return [name for name in prefixes if name in used and name not in declared]


def with_prefixes(text: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """`text` with a PREFIX line in front for each of `prefixes` it uses without declaring."""
    return (
        "".join(f"PREFIX {name}: <{prefixes[name]}>\n" for name in missing_prefixes(text, prefixes))
        + text
    )
