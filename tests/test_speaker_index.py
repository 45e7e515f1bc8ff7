"""The speaker directory against the engine: every speaker, order, facet value and count the
directory answers equals what the composed SPARQL queries answered before it was kept in
memory (tests/speaker_reference.py), in both languages, for single filters and random
combinations, on the example data and on the smallest generated district."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from akteursgraph.explore import speaker_facets, speakers
from akteursgraph.store import Store

from . import speaker_reference as reference

FILTERS = tuple(reference.FILTERS)
KEYS = {"topic": "topics", "language": "languages", "format": "formats", "region": "regions"}


@pytest.fixture(scope="module")
def district_store(district: Path) -> Iterator[Store]:
    with Store.open(district, read_only=True) as opened:
        yield opened


def combinations(store: Store, seed: int) -> list[dict[str, str | None]]:
    """No filter; the most and the least offered value of each filter alone and one more;
    random pairs, triples and all four (some find nobody, which the page answers with its
    ways on)."""
    offered = reference.facets(store, "de")
    values = {name: [v["value"] for v in offered[KEYS[name]]] for name in FILTERS}
    rng = random.Random(seed)
    found: list[dict[str, str | None]] = [{}]
    for name in FILTERS:
        some = {values[name][0], values[name][-1], rng.choice(values[name])}
        found += [{name: value} for value in sorted(some)]
    for size in (2, 2, 2, 3, 3, 4, 4):
        for _ in range(3):
            names = rng.sample(FILTERS, size)
            found.append({name: rng.choice(values[name]) for name in names})
    return found


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("which", ["example", "district"])
def test_the_directory_answers_as_the_engine_did(
    which: str, lang: str, store: Store, request: pytest.FixtureRequest
) -> None:
    data = store if which == "example" else request.getfixturevalue("district_store")
    cases = combinations(data, seed=7)
    assert any(reference.speakers(data, lang, **c) == [] for c in cases)  # an empty one too
    for chosen in cases:
        expected = reference.speakers(data, lang, **chosen)
        assert speakers(data, lang, **chosen) == expected, chosen
        assert speaker_facets(data, lang, **chosen) == reference.facets(data, lang, **chosen)
