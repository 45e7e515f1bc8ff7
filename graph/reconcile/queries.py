"""Reconciliation queries: a batch of names (with types and properties) -> candidates.

https://reconciliation-api.github.io/specs/0.2/#reconciliation-queries

A batch is a JSON object of queries by key (`{"q0": {"query": "AfricAvenir", "type":
"http://www.w3.org/ns/org#Organization", "limit": 3, "properties": [{"pid":
"schema:addressLocality", "v": "Berlin"}]}}`); the answer has the same keys, each with its
candidates `{"result": [{id, name, type: [{id, name}], score, match}]}`.

The candidates come from the one matcher (`akteursgraph.matching`, the import's too), over
the public graphs only. Properties then move the score: each property whose value the
candidate has adds up to `PROPERTY_BONUS` (shared among the properties given), each that
the candidate has with other values takes `PROPERTY_PENALTY` (shared likewise); a property
the candidate has no value for changes nothing. A candidate is a `match` when the matcher
says so (a unique score of at least its match score) and no property contradicts it, or
when its name scores at least `NAME_WITH_PROPERTIES` and every property given agrees; and
only when it is the one such candidate of its query.

`type_strict`: "any" (the default; the candidate has one of the types), "all" (all of
them), "should" (no filter: a candidate of another type only scores less).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import UsageError
from ..matching import Candidate, Matcher
from ..namespaces import expand
from ..store import Store
from .live import LiveMatcher
from .types import type_entry
from .values import Value, entity_values, find_property, same_value

#: At most this many queries in one batch, and candidates per query.
MAX_BATCH = 1000
MAX_LIMIT = 50
DEFAULT_LIMIT = 5
#: How much properties move a score (see the module docstring).
PROPERTY_BONUS = 15
PROPERTY_PENALTY = 30
#: A name this good, with every property given agreeing, is a match even below the matcher's.
NAME_WITH_PROPERTIES = 80
#: "should": a candidate of none of the types asked for loses this much.
TYPE_PENALTY = 20
#: How many more candidates than asked for are scored when properties may reorder them.
WIDEN = 3
#: Candidates whose values one batch may read for its properties (each one a small query):
#: a batch beyond it is refused rather than keeping the server busy for long.
MAX_PROPERTY_CHECKS = 10_000
TYPE_STRICT = ("any", "should", "all")


@dataclass
class Query:
    """One query of a batch, checked."""

    text: str
    types: list[str] = field(default_factory=list)
    limit: int = DEFAULT_LIMIT
    properties: list[tuple[str, list[Any]]] = field(default_factory=list)
    type_strict: str = "any"


def _refuse(key: str, de: str, en: str) -> UsageError:
    return UsageError(de, en, where=f"queries.{key}" if key else "queries")


def parse_batch(raw: str | Mapping[str, Any]) -> dict[str, Query]:
    """A batch as sent (JSON text or already decoded), checked; a usage error (HTTP 400)
    names the query and the field that is wrong."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            raise _refuse("", f"Kein gültiges JSON: {exc}", f"Not valid JSON: {exc}") from exc
    if not isinstance(raw, Mapping):
        raise _refuse(
            "", "Erwartet ein JSON-Objekt von Anfragen.", "Expected a JSON object of queries."
        )
    if len(raw) > MAX_BATCH:
        raise _refuse(
            "",
            f"Höchstens {MAX_BATCH} Anfragen auf einmal (erhalten: {len(raw)}).",
            f"At most {MAX_BATCH} queries at once (got {len(raw)}).",
        )
    return {str(key): _parse_query(str(key), value) for key, value in raw.items()}


def _parse_query(key: str, value: Any) -> Query:
    if not isinstance(value, Mapping):
        raise _refuse(key, "Eine Anfrage ist ein JSON-Objekt.", "A query is a JSON object.")
    known = {"query", "type", "limit", "properties", "type_strict"}
    unknown = sorted(set(value) - known)
    if unknown:
        raise _refuse(
            key,
            f"Unbekannte Felder: {', '.join(unknown)}.",
            f"Unknown fields: {', '.join(unknown)}.",
        )
    text = value.get("query", "")
    if not isinstance(text, str):
        raise _refuse(key, "„query“ muss ein Text sein.", '"query" must be a string.')
    types = value.get("type") or []
    if isinstance(types, str):
        types = [types]
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        raise _refuse(
            key,
            "„type“ ist eine Typ-ID oder eine Liste davon.",
            '"type" is a type id or a list of them.',
        )
    limit = value.get("limit", DEFAULT_LIMIT)
    if isinstance(limit, bool) or not isinstance(limit, int | float) or limit < 0:
        raise _refuse(key, "„limit“ ist eine Zahl ab 0.", '"limit" is a number from 0.')
    strict = value.get("type_strict", "any")
    if strict not in TYPE_STRICT:
        raise _refuse(
            key,
            f"„type_strict“ ist eines von {', '.join(TYPE_STRICT)}.",
            f'"type_strict" is one of {", ".join(TYPE_STRICT)}.',
        )
    properties = []
    for prop in value.get("properties") or []:
        if not isinstance(prop, Mapping) or not isinstance(prop.get("pid"), str) or "v" not in prop:
            raise _refuse(
                key,
                "Jede Eigenschaft ist ein Objekt mit „pid“ und „v“.",
                'Each property is an object with "pid" and "v".',
            )
        given = prop["v"] if isinstance(prop["v"], list) else [prop["v"]]
        properties.append((prop["pid"], given))
    if not text.strip() and not properties:
        raise _refuse(key, "Eine Anfrage braucht „query“.", 'A query needs "query".')
    return Query(text, [expand(t) for t in types], min(int(limit), MAX_LIMIT), properties, strict)


def reconcile(
    store: Store, live: LiveMatcher, batch: Mapping[str, Query], lang: str
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """The answer to a batch: per key, the candidates best first (see the module docstring).

    The matcher is asked for the whole batch under one lock; property values are read
    afterwards, only for the candidates of queries that give properties."""
    asked = {key: q for key, q in batch.items() if q.text.strip() and q.limit > 0}
    found = live.using(lambda matcher: {key: _candidates(matcher, q) for key, q in asked.items()})
    checks = sum(len(found.get(key, ())) for key, q in batch.items() if q.properties)
    if checks > MAX_PROPERTY_CHECKS:
        raise UsageError(
            f"Zu viele Eigenschaften zu prüfen ({checks} Kandidaten); bitte die Anfragen auf "
            "kleinere Stapel verteilen.",
            f"Too many properties to check ({checks} candidates); please split the queries "
            "into smaller batches.",
            where="queries",
        )
    values: dict[str, dict[str, list[Value]]] = {}  # each candidate read once per batch
    types: dict[str, dict[str, Any]] = {}
    answer: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for key, q in batch.items():
        scored = [_score(store, q, c, values) for c in found.get(key, [])]
        scored.sort(key=lambda s: (-s["score"], s["name"].casefold(), s["id"]))
        scored = scored[: q.limit]
        _one_match(scored)
        answer[key] = {"result": [_public(s, lang, types) for s in scored]}
    return answer


def _candidates(matcher: Matcher, q: Query) -> list[tuple[Candidate, bool]]:
    """The matcher's candidates for one query, each with whether it has a type asked for:
    per type ("any", "all": only those), plus any type for "should"; more than asked for
    when properties or types may reorder them."""
    widen = q.properties or q.type_strict == "should"
    wanted = q.limit * (WIDEN if widen else 1)
    if not q.types:
        return [(c, True) for c in matcher.match(q.text, None, wanted)]
    by_iri: dict[str, Candidate] = {}
    hits: dict[str, int] = {}
    for t in q.types:
        for c in matcher.match(q.text, t, wanted):
            by_iri.setdefault(c.iri, c)
            hits[c.iri] = hits.get(c.iri, 0) + 1
    if q.type_strict == "all":
        return [(c, True) for iri, c in by_iri.items() if hits[iri] == len(q.types)]
    found = [(c, True) for c in by_iri.values()]
    if q.type_strict == "should":
        found += [(c, False) for c in matcher.match(q.text, None, wanted) if c.iri not in by_iri]
    return found


def _score(
    store: Store,
    q: Query,
    found: tuple[Candidate, bool],
    read: dict[str, dict[str, list[Value]]],
) -> dict[str, Any]:
    c, in_type = found
    score = float(c.score)
    match = c.match
    features: list[dict[str, Any]] = [{"id": "name", "value": c.score}]
    if not in_type:  # "should", and the candidate has none of the types
        score -= TYPE_PENALTY
        match = False
    if q.properties:
        values = read.get(c.iri)
        if values is None:
            values = read[c.iri] = entity_values(store, c.iri)
        agreed = contradicted = 0
        for pid, given in q.properties:
            prop = find_property(pid)
            have = values.get(prop.iri if prop else expand(pid), [])
            if not have:
                continue
            agrees = any(same_value(g, v) for g in given for v in have)
            features.append({"id": f"property:{pid}", "value": agrees})
            agreed += agrees
            contradicted += not agrees
        n = len(q.properties)
        score += PROPERTY_BONUS * agreed / n - PROPERTY_PENALTY * contradicted / n
        match = (match and not contradicted) or (c.score >= NAME_WITH_PROPERTIES and agreed == n)
    return {
        "id": c.iri,
        "name": c.label,
        "type": c.type,
        "score": max(0.0, min(100.0, score)),
        "match": match,
        "features": features,
    }


def _one_match(scored: list[dict[str, Any]]) -> None:
    """At most one candidate of a query is a match: with two, neither is (never a guess)."""
    if sum(s["match"] for s in scored) > 1:
        for s in scored:
            s["match"] = False


def _public(s: dict[str, Any], lang: str, types: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The candidate as the protocol writes it (its type as {id, name}, named once a batch)."""
    if not s["type"]:
        return {**s, "type": []}
    entry = types.get(s["type"])
    if entry is None:
        entry = types[s["type"]] = type_entry(s["type"], lang)
    return {**s, "type": [entry]}
