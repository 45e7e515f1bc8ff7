"""Persistent IRIs (issue 12, item 4): every IRI under the base IRI in the example's public data,
and every IRI of the shared vocabulary, leads through the w3id.org redirect rules we ship
(docs/w3id/akteursgraph/.htaccess) to a route of the app that answers: 200, or a 303 to a
page that answers 200. Internal IRIs lead nowhere.

The rules are applied here by a small reading of the mod_rewrite directives the file uses
(RewriteCond on the Accept header, RewriteRule with back-references); a test makes sure the
file uses nothing else, so this reading cannot drift from what Apache does with it.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from akteursgraph.store import Store

ROOT = Path(__file__).resolve().parents[1]
HTACCESS = ROOT / "docs" / "w3id" / "akteursgraph" / ".htaccess"
NAMESPACE = "https://w3id.org/akteursgraph/"
HOST = "https://akteursgraph.example.org"  # the placeholder host of the shipped rules
BASE = NAMESPACE + "mitte/"
ACCEPTS = {
    "text/html,application/xhtml+xml,*/*;q=0.8": "text/html",
    "text/turtle": "text/turtle",
    "application/ld+json": "application/ld+json",
    "application/rdf+xml": "application/rdf+xml",
}

#: The example's public graph names (served by the graph-IRI part of issue 12).
PUBLIC_GRAPHS = {
    BASE + "graph/public/example",
    BASE + "graph/public/meta",
    BASE + "graph/public/mitte-facts",
    BASE + "graph/public/vocabulary",
}
#: The ontology's version IRI, which names a release of the vocabulary.
VERSION_IRIS = {NAMESPACE + "ontology/0.3.3"}


def rules() -> list[tuple[list[tuple[str, bool]], str, str, int]]:
    """The file's rules: (Accept conditions (pattern, or-ed), pattern, target, status)."""
    parsed: list[tuple[list[tuple[str, bool]], str, str, int]] = []
    pending: list[tuple[str, bool]] = []
    for raw in HTACCESS.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or line in ("RewriteEngine on",
                                                        "Options +FollowSymLinks"):  # fmt: skip
            continue
        words = line.split()
        if words[0] == "RewriteCond":
            assert words[1] == "%{HTTP_ACCEPT}" and words[3] in ("[NC]", "[NC,OR]"), line
            pending.append((words[2], "OR" in words[3]))
        elif words[0] == "RewriteRule":
            assert len(words) == 4 and words[3].startswith("[R=30"), line
            flags = words[3].strip("[]").split(",")
            assert set(flags[1:]) <= {"L", "NE"} and "L" in flags, line
            parsed.append((pending, words[1], words[2], int(flags[0][2:])))
            pending = []
        else:
            raise AssertionError(f"a directive this test does not read: {line}")
    return parsed


def redirect(iri: str, accept: str) -> tuple[int, str]:
    """Where w3id.org sends a request for `iri` with this Accept header (fragment dropped)."""
    path = iri.split("#", 1)[0][len(NAMESPACE) :]
    for conditions, pattern, target, status in rules():
        if conditions and not any(re.search(p, accept, re.IGNORECASE) for p, _ in conditions):
            continue
        found = re.match(pattern, path)
        if found:
            groups = [found.group(0), *(g or "" for g in found.groups())]

            def group(m: re.Match[str], groups: list[str] = groups) -> str:
                return groups[int(m.group(1))]

            url = re.sub(r"\$(\d)", group, target)
            return status, url
    raise AssertionError(f"no rule for {iri}")


def answer(client: FlaskClient, iri: str, accept: str) -> tuple[int, str]:
    """Follow the redirect to the app (at the placeholder host) and one 303 there."""
    status, url = redirect(iri, accept)
    assert status == 303 and url.startswith(HOST + "/"), (iri, url)
    parts = urllib.parse.urlsplit(url)
    response = client.get(
        parts.path, query_string=parts.query, headers={"Accept": accept}, follow_redirects=False
    )
    if response.status_code == 303:
        response = client.get(response.headers["Location"], headers={"Accept": accept})
    return response.status_code, response.mimetype


def iris_under_the_base(store: Store) -> tuple[set[str], set[str], set[str]]:
    """Subjects, objects and graph names under the base: (public, public graph names,
    internal only)."""
    public: set[str] = set()
    graphs: set[str] = set()
    internal: set[str] = set()
    for q in store.quads():
        is_public = store.is_public_graph(q.graph_name)
        if is_public:
            graphs.add(q.graph_name.value)  # type: ignore[union-attr]
        for term in (q.subject, q.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(store.base_iri):
                (public if is_public else internal).add(term.value)
    return public - graphs, graphs, internal - public - graphs


def vocabulary_iris(store: Store) -> set[str]:
    """Every IRI of the shared vocabulary the example store holds (not under the base)."""
    found = set()
    for q in store.quads():
        for term in (q.subject, q.predicate, q.object):
            if (
                isinstance(term, ox.NamedNode)
                and term.value.startswith(NAMESPACE)
                and not term.value.startswith(store.base_iri)
            ):
                found.add(term.value)
    return found


def test_the_example_is_made_with_the_base_the_rules_redirect(store: Store) -> None:
    assert store.base_iri == BASE  # `init --base-iri` chose it; the rules serve mitte/


def test_every_public_iri_under_the_base_answers(client: FlaskClient, store: Store) -> None:
    public, _graphs, _internal = iris_under_the_base(store)
    assert len(public) > 300  # organisations, people, sites, namings, events, places ...
    failed = {}
    for number, iri in enumerate(sorted(public)):
        # Every IRI as a page and as Turtle; every tenth in the other formats too.
        wanted = ACCEPTS if number % 10 == 0 else dict(list(ACCEPTS.items())[:2])
        for accept, media in wanted.items():
            status, got = answer(client, iri, accept)
            if status != 200 or got != media:
                failed[(iri, accept)] = (status, got)
    assert failed == {}


def test_the_graph_names_are_the_listed_ones(store: Store) -> None:
    _public, graphs, _internal = iris_under_the_base(store)
    assert graphs == PUBLIC_GRAPHS


@pytest.mark.parametrize("iri", sorted(PUBLIC_GRAPHS), ids=lambda i: i[len(BASE) :])
def test_every_public_graph_name_answers(client: FlaskClient, iri: str) -> None:
    for accept, media in ACCEPTS.items():
        assert answer(client, iri, accept) == (200, media)


def test_internal_iris_lead_nowhere(client: FlaskClient, store: Store) -> None:
    _public, _graphs, internal = iris_under_the_base(store)
    internal |= {g for g in store.named_graphs() if g.startswith(store.internal_prefix)}
    assert len(internal) > 20  # the example's people without consent, their contact data
    for iri in sorted(internal):
        assert answer(client, iri, "text/html")[0] == 404, iri
        assert answer(client, iri, "text/turtle")[0] == 404, iri


def test_every_vocabulary_iri_answers(client: FlaskClient, store: Store) -> None:
    iris = vocabulary_iris(store) - VERSION_IRIS
    assert len(iris) > 90  # the ontology's terms and the SKOS concepts
    failed = {}
    for iri in sorted(iris):
        for accept in ("text/html", "text/turtle"):
            status, _media = answer(client, iri, accept)
            if status != 200:
                failed[(iri, accept)] = status
    assert failed == {}


@pytest.mark.parametrize("iri", sorted(VERSION_IRIS))
def test_the_ontology_version_iri_answers(client: FlaskClient, iri: str) -> None:
    assert answer(client, iri, "text/turtle") == (200, "text/turtle")


def test_the_dataset_iri_leads_to_the_catalogue(client: FlaskClient) -> None:
    for accept in ("text/turtle", "application/ld+json"):
        assert redirect(BASE + "catalog#dataset", accept) == (303, HOST + "/catalog")
        assert answer(client, BASE + "catalog#dataset", accept) == (200, accept)
