"""Checks a SPARQL text before any engine sees it.

Both engines would fetch from the network for `SERVICE` (and rdflib for `FROM <http...>`),
and pyoxigraph crashes (or never ends) on very deep nesting of any kind; so these are
refused on the text, with strings, IRIs and comments blanked first so that a keyword inside a
literal does not count.
"""

from __future__ import annotations

import re
import urllib.parse

from ..errors import InvalidDataError
from ..namespaces import PREFIXES

MAX_QUERY_CHARS = 100_000
MAX_NESTING = 200
#: Operators of expressions and property paths in one query (`+`, `||`, `/`, `|`, `=` …): a
#: long flat chain (`1+1+…+1`, 10,000 terms) crashed the engine as deep nesting does (its
#: parser and evaluator recurse along it). Measured in a query worker: 6,000 terms answered,
#: 10,000 crashed it. (A path of 1,000 steps is taken, and ends at the time limit.)
MAX_OPERATORS = 2_000
_OPERATORS = re.compile(r"\|\||&&|!=|<=|>=|[-+*/|^=<>!]")
#: A VALUES block's data (`VALUES ?x { … }`, `VALUES (?x ?y) { (…) … }`): no braces inside.
_VALUES_BLOCK = re.compile(r"\bVALUES\b[^{}]*\{[^{}]*\}", re.IGNORECASE)

#: Strings as "unrolled loops" (a run of ordinary characters, then an escape or a lone quote
#: and another run): the same matches as one alternation per character, which Python's
#: engine tried character by character: 1.2 s for each of the three passes over an update
#: with a 15 MB literal, the interpreter lock held and every reader waiting; now 0.07 s.
_TOKENS = re.compile(
    r'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'  # long double-quoted string
    r"|'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"  # long single-quoted string
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'  # double-quoted string
    r"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'"  # single-quoted string
    r"|<[^<>\"{}|^`\\\s]*>"  # IRI reference
    r"|#[^\n]*",  # comment
)

# A prefix name: a letter, then letters, digits, _ - . (not ending with a dot).
_PN_PREFIX = r"[^\W\d_](?:[\w.\-]*[\w\-])?"
#: SPARQL's words, read on the text with strings, IRIs and comments blanked: variables
#: (?from, $service), blank-node labels (_:graph), prefixed names (ex:load, from:), keywords and
#: numbers, and single characters. The one tokenizer for the guard and the prefix adder.
TOKEN = re.compile(
    r"(?P<name>[?$]\w*"  # a variable, read whole: ?org and $from are never prefixes
    r"|_:[\w.\-]*"  # a blank node label
    rf"|(?P<prefix>{_PN_PREFIX})?:(?P<local>(?:[\w:%\\\-]|\.(?=[\w:%\\\-]))*))"  # a prefixed name
    r"|\w+"  # a keyword, a number, a bare word
    r"|\S",  # any other character
)


def _keyword(*words: str) -> re.Pattern[str]:
    """A bare SPARQL keyword, to be searched in `_bare(text)`."""
    return re.compile(rf"\b({'|'.join(words)})\b", re.IGNORECASE)


def _bare(text: str) -> str:
    """The query with strings, IRIs, comments and every name blanked (positions kept): what
    is left are keywords, punctuation and numbers, so a keyword check cannot mistake
    `?from` or `ex:service` or a word in a literal for the keyword."""

    def blank(match: re.Match[str]) -> str:
        return " " * len(match.group(0)) if match.group("name") else match.group(0)

    return TOKEN.sub(blank, blank_literals(text))


_FORBIDDEN = _keyword("SERVICE", "LOAD")
_FROM = _keyword("FROM")
_NAMED = re.compile(r"\s+NAMED(?![:\w-])", re.IGNORECASE)
_PREFIX_DECL = re.compile(r"PREFIX\s+([^\s:]*):\s*<([^>]*)>", re.IGNORECASE)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_BASE = _keyword("BASE")
_BASE_DECL = re.compile(r"BASE\s*<([^>]*)>", re.IGNORECASE)
_IRI_OR_NAME = re.compile(r"\s*(?:<([^<>\"{}|^`\\\s]*)>|([^\s:{}()<>]*):([^\s{}()<>]*))")


def blank_literals(text: str) -> str:
    """The query with strings, IRIs and comments replaced by spaces (positions kept)."""
    return _TOKENS.sub(lambda m: " " * len(m.group(0)), text)


def opaque_literals(text: str) -> str:
    """The query with strings and IRIs replaced by "X"s and comments by spaces (positions
    kept): a check of the query's shape sees that a value stands there, not what it says."""
    return _TOKENS.sub(
        lambda m: " " * len(m.group(0)) if m.group(0)[0] == "#" else "X" * len(m.group(0)), text
    )


def blank_comments(text: str) -> str:
    """The query with its comments replaced by spaces (positions kept); a `#` in a string
    or an IRI is no comment."""
    return _TOKENS.sub(
        lambda m: " " * len(m.group(0)) if m.group(0)[0] == "#" else m.group(0), text
    )


def check_query(text: str) -> None:
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidDataError(
            f"Die Anfrage ist zu lang ({len(text)} Zeichen, höchstens {MAX_QUERY_CHARS}).",
            f"The query is too long ({len(text)} characters, at most {MAX_QUERY_CHARS}).",
            where="query",
        )
    code = _bare(text)
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
    deepest = nesting(code)
    if deepest > MAX_NESTING:
        raise InvalidDataError(
            f"Die Anfrage ist zu tief verschachtelt ({deepest} Ebenen, höchstens {MAX_NESTING}).",
            f"The query is nested too deeply ({deepest} levels, at most {MAX_NESTING}).",
            where="query",
        )
    many = operators(code)
    if many > MAX_OPERATORS:
        raise InvalidDataError(
            f"Die Anfrage hat zu viele Operatoren ({many}, höchstens {MAX_OPERATORS}; etwa "
            "+, ||, = oder / eines Pfads). Lange Listen von Werten gehen mit VALUES oder IN.",
            f"The query has too many operators ({many}, at most {MAX_OPERATORS}; such as +, "
            "||, = or a path's /). Long lists of values go with VALUES or IN.",
            where="query",
        )


def operators(code: str) -> int:
    """How many operators of expressions and paths the query has (`code`: literals, IRIs and
    comments blanked). Not counted: a prefixed name's `-`, a literal's datatype mark `^^`,
    the sign of a number (after `(`, `,`, `{` or another operator: `IN (-1, -2)`), and
    whatever stands in a VALUES block, which holds data, no expression. (A list of 1,001
    typed values in VALUES or IN was refused as 2,002 operators, and the message sent its
    author to VALUES or IN.)"""
    unnamed = TOKEN.sub(lambda m: " " if m.group("name") is not None else m.group(0), code)
    unnamed = _VALUES_BLOCK.sub(lambda m: " " * len(m.group(0)), unnamed).replace("^^", "  ")
    count = 0
    for found in _OPERATORS.finditer(unnamed):
        if found.group(0) in "+-":
            at = found.start() - 1  # the character before, spaces passed (no copy of the text:
            while at >= 0 and unnamed[at].isspace():  # 30,000 signs would copy it each time)
                at -= 1
            before = unnamed[at] if at >= 0 else ""
            if not before or before in "(,{" or _OPERATORS.fullmatch(before):
                continue  # a sign
        count += 1
    return count


def nesting(code: str) -> int:
    """How deep the query nests, counting every construct the engine's parser recurses into:
    groups `{}`, parentheses `()`, blank-node property lists `[]`, and each `!` of a run of
    negations (`!!!!x` is four levels). `code` is the text with literals and names blanked."""
    depth = deepest = run = 0
    for i, ch in enumerate(code):
        if ch in "{([":
            depth += 1
            run = 0
        elif ch in "})]":
            depth -= 1
            run = 0
        elif ch == "!" and code[i + 1 : i + 2] != "=":
            run += 1
        elif not ch.isspace():
            run = 0
        deepest = max(deepest, depth + run)
    return deepest


def declares_dataset(text: str) -> bool:
    """True when the query names its own dataset (FROM / FROM NAMED), which then applies."""
    return bool(_FROM.search(_bare(text)))


def dataset_clauses(text: str) -> list[tuple[str, str]]:
    """The graphs the query's FROM and FROM NAMED clauses name: ("FROM" | "FROM NAMED", IRI).

    Prefixed names are expanded with the query's own PREFIX declarations, then the
    predeclared ones (`namespaces.PREFIXES`). So the endpoint can say which named graph it
    does not hold instead of answering a silent empty result.
    """
    code = _bare(text)
    declared = {**PREFIXES, **dict(_PREFIX_DECL.findall(text))}
    clauses = []
    for match in _FROM.finditer(code):
        pos, kind = match.end(), "FROM"
        named = _NAMED.match(code, pos)
        if named:
            pos, kind = named.end(), "FROM NAMED"
        target = _IRI_OR_NAME.match(text, pos)
        if target is None:
            continue  # not a well-formed clause: the engine's parser will say so
        iri, prefix, local = target.groups()
        if iri is None:
            if prefix not in declared:
                continue
            iri = declared[prefix] + local
        else:
            # A relative IRI is resolved against the BASE declared before it (SPARQL 1.1
            # Query 4.1.1): `BASE <…/graph/public/> … FROM <meta>` was refused as no graph.
            # The keyword is found in the bare code (not in a comment or string), its IRI
            # in the text (the bare code has IRIs blanked).
            bases = [
                found.group(1)
                for keyword in _BASE.finditer(code, 0, match.start())
                if (found := _BASE_DECL.match(text, keyword.start()))
            ]
            if bases and not _SCHEME.match(iri):
                iri = urllib.parse.urljoin(bases[-1], iri)
        clauses.append((kind, iri))
    return clauses
