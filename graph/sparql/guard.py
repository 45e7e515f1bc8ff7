"""Checks a SPARQL text before any engine sees it.

Both engines would fetch from the network for `SERVICE` (and rdflib for `FROM <http...>`),
and pyoxigraph crashes on very deep nesting; so these are refused on the text, with strings,
IRIs and comments blanked first so that a keyword inside a literal does not count.
"""

from __future__ import annotations

import re

from ..errors import InvalidDataError

MAX_QUERY_CHARS = 100_000
MAX_NESTING = 200

_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # long double-quoted string
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"  # long single-quoted string
    r'|"(?:[^"\\\n]|\\.)*"'  # double-quoted string
    r"|'(?:[^'\\\n]|\\.)*'"  # single-quoted string
    r"|<[^<>\"{}|^`\\\s]*>"  # IRI reference
    r"|#[^\n]*",  # comment
)
# The keywords, not a variable (?load, $service), a prefixed name (ex:load) or a prefix (load:).
_FORBIDDEN = re.compile(r"(?<![?$:\w])(SERVICE|LOAD)\b(?![:\w-])", re.IGNORECASE)


def blank_literals(text: str) -> str:
    """The query with strings, IRIs and comments replaced by spaces (positions kept)."""
    return _TOKENS.sub(lambda m: " " * len(m.group(0)), text)


def check_query(text: str) -> None:
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidDataError(
            f"Die Anfrage ist zu lang ({len(text)} Zeichen, höchstens {MAX_QUERY_CHARS}).",
            f"The query is too long ({len(text)} characters, at most {MAX_QUERY_CHARS}).",
            where="query",
        )
    code = blank_literals(text)
    match = _FORBIDDEN.search(code)
    if match:
        line = code.count("\n", 0, match.start()) + 1
        word = match.group(1).upper()
        raise InvalidDataError(
            f"{word} ist nicht erlaubt (Zeile {line}): Anfragen dürfen keine anderen Server "
            "abfragen oder Daten nachladen.",
            f"{word} is not allowed (line {line}): queries must not contact other servers "
            "or fetch data.",
            where="query",
        )
    depth = deepest = 0
    for ch in code:
        if ch in "{(":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "})":
            depth -= 1
    if deepest > MAX_NESTING:
        raise InvalidDataError(
            f"Die Anfrage ist zu tief verschachtelt ({deepest} Ebenen, höchstens {MAX_NESTING}).",
            f"The query is nested too deeply ({deepest} levels, at most {MAX_NESTING}).",
            where="query",
        )


_FROM = re.compile(r"\bFROM\b", re.IGNORECASE)


def declares_dataset(text: str) -> bool:
    """True when the query names its own dataset (FROM / FROM NAMED), which then applies."""
    return bool(_FROM.search(blank_literals(text)))
