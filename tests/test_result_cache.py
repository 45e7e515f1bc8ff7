"""The answers of repeated public queries (`sparql/cache.py`): kept packed, and bounded by
what they hold, their queries' text included."""

from __future__ import annotations

import json

from akteursgraph.sparql.cache import Cached, ResultCache


def _rows(n: int, seed: int) -> bytes:
    """A JSON answer of `n` rows, as alike as a real one (labels and IRIs)."""
    rows = [{"e": {"type": "uri", "value": f"https://example.org/org/{seed}-{i}"},
             "l": {"type": "literal", "value": f"Verein {seed} Nummer {i}", "xml:lang": "de"}}
            for i in range(n)]  # fmt: skip
    return json.dumps({"head": {"vars": ["e", "l"]}, "results": {"bindings": rows}}).encode()


def test_an_answer_comes_back_as_it_was_kept() -> None:
    cache = ResultCache()
    body = _rows(500, 1)
    cache.put(("snap", "SELECT 1"), Cached("solutions", "json", False, body))
    found = cache.get(("snap", "SELECT 1"))
    assert found == Cached("solutions", "json", False, body)
    assert cache.get(("snap", "SELECT 2")) is None
    assert cache.hits == 1


def test_the_budget_counts_packed_answers() -> None:
    """Twenty answers of 600 KB: 12 MB unpacked, kept whole in 2 MiB (packed)."""
    cache = ResultCache(max_bytes=2 * 1024**2)
    bodies = {n: _rows(6000, n) for n in range(20)}
    assert all(500_000 < len(b) < 2 * 1024**2 for b in bodies.values())
    for n, body in bodies.items():
        cache.put(("snap", f"q{n}"), Cached("solutions", "json", False, body))
    assert all(cache.get(("snap", f"q{n}")).body == body for n, body in bodies.items())  # type: ignore[union-attr]
    assert cache.size <= 2 * 1024**2


def test_the_budget_counts_the_queries_too() -> None:
    """Ten thousand tiny answers to long queries: what is kept is bounded by the budget, not
    by the answers alone (which would keep them all: 50 bytes each)."""
    cache = ResultCache(max_bytes=1024**2)
    for n in range(10_000):
        query = f"ASK {{ ?s ?p {n} }}" + " " * 4000
        cache.put(("snap", query), Cached("boolean", "json", False, b'{"boolean": true}'))
    kept = sum(cache.get(("snap", f"ASK {{ ?s ?p {n} }}" + " " * 4000)) is not None
               for n in range(10_000))  # fmt: skip
    assert 0 < kept < 300 and cache.size <= 1024**2
