"""The lists' facet index (graph/explore/facet_index.py) against the engine (issue 16, item 8).

Every filter combination, its total, its facet counts and its pages sorted by label or date
must be what the composed SPARQL queries gave before the index (tests/list_reference.py),
over many random combinations: on the example data (also with a third of the English names
taken away, so that lists in English fall back to German names) and on a generated district.
The example store is opened for writing, so its index is kept between reads and a write
(the names taken away) must make the next read rebuild it. And many
readers right after a write build a kind's index once, not once each.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from akteursgraph import explore
from akteursgraph.bench import generate
from akteursgraph.commit import commit
from akteursgraph.explore import KINDS, list_counts, list_items
from akteursgraph.explore.vocabulary import PREF_LABEL
from akteursgraph.findings import ValidationFailed
from akteursgraph.languages import LANGUAGES
from akteursgraph.operations import init_store, load_files
from akteursgraph.resources import query
from akteursgraph.store import Change, Store

from . import list_reference as reference
from .conftest import copy_store


def _random_choice(rng: random.Random, offered: dict[str, list[str]]) -> dict[str, list[str]]:
    """Up to three facets with one to three values each; now and then a year in which
    nothing ran (a value nobody has is refused by name: `_known`, tests/test_explore.py)."""
    chosen: dict[str, list[str]] = {}
    facets = [f for f, values in offered.items() if values]
    for facet in rng.sample(facets, k=rng.randint(0, min(3, len(facets)))):
        values = rng.sample(offered[facet], k=min(len(offered[facet]), rng.randint(1, 3)))
        if rng.random() < 0.1 and facet == "period":
            values.append("1890")
        chosen[facet] = values
    return chosen


def _compare(store: Store, rng: random.Random, rounds: int) -> int:
    """Random combinations of every kind, index against reference; the number compared."""
    compared = 0
    for kind in KINDS:
        spec = explore.kind_queries(kind)
        offered = {
            facet: [v["value"] for v in values]
            for facet, values in list_counts(store, kind, "de")["facets"].items()
        }
        for _ in range(rounds):
            chosen = _random_choice(rng, offered)
            lang = rng.choice(LANGUAGES)
            sort = rng.choice(explore.sorts_of(kind))
            counts = list_counts(store, kind, lang, facets=chosen)
            expected_total = reference.total(store, kind, spec.members, spec.facets, chosen)
            where = (kind, chosen, lang, sort)
            assert counts["total"] == expected_total, where
            for facet in spec.facets:
                expected = reference.facet_values(
                    store, kind, spec.members, spec.facets, facet, chosen, lang
                )
                assert counts["facets"][facet] == expected, (*where, facet)
            per_page = rng.choice([1, 7, 25])
            last = max(1, -(-expected_total // per_page))
            for page in sorted({1, 2, last, rng.randint(1, last + 1)}):
                listed = list_items(
                    store, kind, lang, facets=chosen, sort=sort, page=page, per_page=per_page
                )
                expected_page = reference.page(
                    store, kind, spec.members, spec.facets, spec.date, chosen, lang, sort,
                    (page - 1) * per_page, per_page,
                )  # fmt: skip
                assert [i["iri"] for i in listed["items"]] == expected_page, (*where, page)
                assert listed["total"] == expected_total
            compared += 1
    return compared


def _drop_english_labels(store: Store, rng: random.Random) -> int:
    """Take the English name from about a third of the listed entities (German is required),
    so that a list in English sorts some by their German name: the language fallback."""
    members = {
        row["entity"].value
        for kind in KINDS
        for row in store.rows(query(explore.kind_queries(kind).members), public_only=True)
    }
    english = [
        q
        for q in store.quads(predicate=ox.NamedNode(PREF_LABEL))
        if q.subject.value in members
        and store.is_public_graph(q.graph_name)
        and isinstance(q.object, ox.Literal)
        and q.object.language == "en"
    ]
    dropped = [q for q in english if rng.random() < 0.35]
    commit(store, Change(remove=dropped))
    return len(dropped)


def test_the_index_answers_as_the_engine_did_on_the_example(
    example_store_template: Path, tmp_path: Path
) -> None:
    with Store.open(copy_store(example_store_template, tmp_path)) as store:
        assert _compare(store, random.Random(16), rounds=10) == 10 * len(KINDS)
        assert _drop_english_labels(store, random.Random(3)) > 50
        assert _compare(store, random.Random(17), rounds=10) == 10 * len(KINDS)


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A generated district (`bench generate --scale 0.05`): about a hundred organisations,
    labels missing in one language, shared dates, many facet values."""
    folder = tmp_path_factory.mktemp("district")
    files = generate.write(0.05, folder / "data")
    store, _ = init_store(folder / "store", agent="test")
    try:
        load_files(store, files, agent="test")
        yield store
    finally:
        store.close()


def test_the_index_answers_as_the_engine_did_on_a_generated_district(district: Store) -> None:
    assert explore.count_members(district, "organisations") > 100
    assert _compare(district, random.Random(8), rounds=15) == 15 * len(KINDS)


def test_every_page_of_a_sort_lists_each_member_once(district: Store) -> None:
    """Paging through a whole filtered list gives each passing member once, in order."""
    offered = list_counts(district, "organisations", "en")["facets"]["district"]
    chosen = {"district": [offered[0]["value"], offered[-1]["value"]]}
    total = list_counts(district, "organisations", "en", facets=chosen)["total"]
    assert 0 < total < explore.count_members(district, "organisations")
    for sort in explore.SORTS:
        seen = []
        for page in range(1, total // 9 + 2):
            listed = list_items(
                district, "organisations", "en", facets=chosen, sort=sort, page=page, per_page=9
            )
            seen += [i["iri"] for i in listed["items"]]
        assert len(seen) == len(set(seen)) == total


def test_many_readers_after_a_write_build_a_kind_once(
    example_store_template: Path, tmp_path: Path
) -> None:
    """Sixteen readers of one key at once: one computes, the others wait for its value."""
    with Store.open(copy_store(example_store_template, tmp_path)) as store:
        calls: list[int] = []
        release = threading.Event()
        arrived = threading.Barrier(16)

        def compute() -> int:
            calls.append(1)
            release.wait(timeout=10)
            return len(calls)

        results: list[int] = []

        def reader() -> None:
            arrived.wait()
            results.append(store.derived("facet-index-test", compute))

        threads = [threading.Thread(target=reader) for _ in range(16)]
        for t in threads:
            t.start()
        # Give the others time to arrive while the first computes; without single flight
        # each of them would have called compute() by now.
        threading.Event().wait(0.3)
        release.set()
        for t in threads:
            t.join(timeout=10)
        assert calls == [1]
        assert results == [1] * 16


def test_a_listed_item_is_read_again_after_a_write(
    example_store_template: Path, tmp_path: Path
) -> None:
    """The items of list pages are kept (`list_entries.page_items`): a write must show in
    them at once, as in the entity's own page, and leaves the items that showed nothing of it."""
    with Store.open(copy_store(example_store_template, tmp_path)) as store:
        first, *others = list_items(store, "organisations", "de")["items"]
        assert list_items(store, "organisations", "de")["items"][0] is first  # kept
        subject = ox.NamedNode(first["iri"])
        old = next(
            q
            for q in store.quads(subject, ox.NamedNode(PREF_LABEL))
            if store.is_public_graph(q.graph_name)
            and isinstance(q.object, ox.Literal)
            and q.object.language == "de"
        )
        new = ox.Quad(subject, old.predicate, ox.Literal("Aaa umbenannt", language="de"),
                      old.graph_name)  # fmt: skip
        commit(store, Change(add=[new], remove=[old]))
        again, *after = list_items(store, "organisations", "de")["items"]
        assert again["iri"] == first["iri"] and again["label"] == "Aaa umbenannt"
        # An item that read nothing the write touched is kept (`list_entries._items_after`).
        assert any(a is o for a, o in zip(after, others, strict=False))


def _same_index(followed: explore.FacetIndex, fresh: explore.FacetIndex, where: object) -> None:
    """Two indexes answer alike: the same facts, orders, masks and value labels."""
    assert followed.size == fresh.size, where
    assert followed.facts == fresh.facts, where
    assert followed.orders.keys() == fresh.orders.keys(), where
    for key, order in fresh.orders.items():
        assert followed.orders[key].entities == order.entities, (where, key)
        assert followed.orders[key].masks == order.masks, (where, key)
    for facet, labels in fresh.value_labels.items():
        for value in fresh.orders[("label", "de")].masks[facet]:
            assert followed.value_labels[facet].all(value) == labels.all(value), (where, value)


def _small_change(store: Store, rng: random.Random, step: int) -> Change:
    """One random small public change of the kind a form makes: a new name, a topic added
    or taken away, a date moved, a topic renamed (a facet value's label), a name taken away,
    a new organisation."""
    graph = ox.NamedNode(store.public_prefix + "example")
    kind = rng.choice(["organisations", "projects", "events", "people", "cooperations"])
    members = [r["entity"] for r in store.select(query(explore.kind_queries(kind).members),
                                                 public_only=True)]  # fmt: skip
    entity = rng.choice(members)
    what = rng.choice(["name", "topic", "untopic", "date", "topic name", "unname", "new"])
    subject_p = ox.NamedNode("http://purl.org/dc/terms/subject")
    topics = [r["entity"] for r in store.select(query(explore.kind_queries("topics").members),
                                                public_only=True)]  # fmt: skip
    if what == "name":
        return Change(add=[ox.Quad(entity, ox.NamedNode(PREF_LABEL),
                                   ox.Literal(f"{rng.choice('AaZzMm')} neu {step}", language="de"),
                                   graph)])  # fmt: skip
    if what == "unname":
        english = [q for q in store.quads(entity, ox.NamedNode(PREF_LABEL))
                   if isinstance(q.object, ox.Literal) and q.object.language == "en"]  # fmt: skip
        return Change(remove=english[:1])
    if what == "topic" and kind != "people":
        return Change(add=[ox.Quad(entity, subject_p, rng.choice(topics), graph)])
    if what == "untopic":
        return Change(remove=list(store.quads(entity, subject_p))[:1])
    if what == "date":
        for p in ("https://schema.org/foundingDate", "https://schema.org/startDate"):
            old = list(store.quads(entity, ox.NamedNode(p)))
            if old:
                year = rng.choice(["1975", "1999", "2024"])
                new = ox.Literal(f"{year}-01-0{rng.randint(1, 9)}",
                                 datatype=old[0].object.datatype)  # fmt: skip
                return Change(add=[ox.Quad(entity, old[0].predicate, new, old[0].graph_name)],
                              remove=old[:1])  # fmt: skip
    if what == "topic name":
        topic = rng.choice(topics)
        old = [q for q in store.quads(topic, ox.NamedNode(PREF_LABEL))
               if isinstance(q.object, ox.Literal) and q.object.language == "de"]  # fmt: skip
        new = ox.Literal(f"Thema {step}", language="de")
        return Change(add=[ox.Quad(topic, old[0].predicate, new, old[0].graph_name)],
                      remove=old)  # fmt: skip
    if what == "new":
        office = ox.NamedNode(BASE + "organisation/koordinationsstelle-entwicklungspolitik")
        new_org = ox.NamedNode(f"{BASE}organisation/neu-{step}")
        facts = [q for p in ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
                             "http://www.w3.org/ns/org#classification")
                 for q in store.quads(office, ox.NamedNode(p))]  # fmt: skip
        return Change(add=[
            *(ox.Quad(new_org, q.predicate, q.object, q.graph_name) for q in facts),
            ox.Quad(new_org, ox.NamedNode(PREF_LABEL), ox.Literal(f"Neu {step}", language="de"),
                    facts[0].graph_name),
            ox.Quad(new_org, ox.NamedNode(PREF_LABEL), ox.Literal(f"New {step}", language="en"),
                    facts[0].graph_name),
            ox.Quad(new_org, subject_p, rng.choice(topics), facts[0].graph_name),
        ])  # fmt: skip
    return Change()


BASE = "https://w3id.org/akteursgraph/mitte/"


def test_the_index_follows_small_changes_as_a_new_build_would(
    example_store_template: Path, tmp_path: Path
) -> None:
    """After each of many random small changes, every kind's index as followed (only the
    touched entities read again: `lists.follow_changes`) equals a fresh build, and so does
    the one the lists use (`facet_index`, which follows through `Store.derived`). The
    follow updates the orders and masks in place (`facet_index._moved`), so the changes
    must move members in the orders (a new smallest name, a new date) and change their
    facet values without moving them; the test counts that they did."""
    from akteursgraph.explore.facet_index import build
    from akteursgraph.explore.lists import follow_changes

    rng = random.Random(11)
    with Store.open(copy_store(example_store_template, tmp_path)) as store:
        kept = {kind: explore.facet_index(store, kind) for kind in KINDS}
        applied = 0
        moved: dict[str, int] = {"label": 0, "date": 0, "masks only": 0}
        for step in range(40):
            change = _small_change(store, rng, step)
            if not len(change):
                continue
            try:
                commit(store, change)
            except ValidationFailed:  # a change the rules refuse: try another
                continue
            applied += 1
            for kind in KINDS:
                spec = explore.kind_queries(kind)
                fresh = build(store, kind, spec)
                followed = follow_changes(store, kind, spec, kept[kind], [change])
                _same_index(followed, fresh, (step, kind, change))
                for sort in ("label", "date"):
                    was, now = kept[kind].orders[(sort, "de")], followed.orders[(sort, "de")]
                    if was.entities != now.entities and sort in spec_sorts(spec):
                        moved[sort] += 1
                    elif was.masks != now.masks and sort == "label":
                        moved["masks only"] += 1
                kept[kind] = followed
                _same_index(explore.facet_index(store, kind), fresh, (step, kind, "derived"))
        assert applied >= 20
        assert min(moved.values()) >= 2, moved


def spec_sorts(spec: explore.KindQueries) -> tuple[str, ...]:
    """The orders of a kind that are its own (a kind without dates lists by label twice)."""
    return ("label",) if spec.date is None else ("label", "date")
