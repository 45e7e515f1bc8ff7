"""The reconciliation service at /reconcile (issue 15, item 6) and links outward (item 7).

Every answer is validated against the W3C Reconciliation API 0.2's own JSON Schemas, read
from `../shared/spec/reconciliation-api-0.2/` (placed beside the repository, as for the
catalogue's DCAT-AP.de shapes; see ../shared/spec/README.md). The service runs on the real
app over the example store; the remote service of the link tests is our own /reconcile on a
second store, served by a real `akteursgraph serve`.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft7Validator
from referencing import Registry
from referencing.jsonschema import DRAFT7

from akteursgraph.reconcile import links
from akteursgraph.reconcile.links import same_as_change
from akteursgraph.store import Change, Store
from akteursgraph.validation import Validator

from .conftest import run_cli, running_server
from .example_people import example_person

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT.parent / "shared" / "spec" / "reconciliation-api-0.2"
EX = "https://w3id.org/akteursgraph/mitte/example/"
ORG = "http://www.w3.org/ns/org#Organization"
PERSON = "http://xmlns.com/foaf/0.1/Person"
SITE = "https://w3id.org/akteursgraph/ontology#ColonialHistorySite"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
ORG_CLASSIFICATION = "http://www.w3.org/ns/org#classification"
AFGHAN = EX + "organisation/afghanische-frauenwerkstatt-tiergarten"
AFGHAN_LABEL = "Afghanische Frauenwerkstatt Tiergarten e.V. (Beispiel)"
STUDENTS = EX + "organisation/afrodeutsche-studierendeninitiative-nord"
#: An example person whose data is only in the internal graphs (no publication consent).
HIDDEN = "Mehdi Benali"


# ---- the schemas -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> Callable[[str], Draft7Validator]:
    """A validator per schema file, with every file of the folder registered by its $id
    (the manifest refers to type.json and to the Swagger schema)."""
    files = sorted(SPEC.glob("*.json"))
    assert len(files) == 11, f"the Reconciliation API 0.2 schemas are expected in {SPEC}"
    contents = {f.name: json.loads(f.read_text(encoding="utf-8")) for f in files}
    registry = Registry().with_resources(
        (c["$id"].rstrip("#"), DRAFT7.create_resource(c)) for c in contents.values()
    )

    def validator(name: str) -> Draft7Validator:
        return Draft7Validator(contents[name], registry=registry)

    return validator


def valid(schema: Callable[[str], Draft7Validator], name: str, data: Any) -> Any:
    errors = [f"{list(e.path)}: {e.message}" for e in schema(name).iter_errors(data)]
    assert not errors, f"{name}: {errors}"
    return data


def answer(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    return response.get_json()


def reconcile(client: FlaskClient, batch: dict, how: str = "form") -> dict:
    if how == "form":
        response = client.post("/reconcile", data={"queries": json.dumps(batch)})
    elif how == "get":
        response = client.get("/reconcile", query_string={"queries": json.dumps(batch)})
    else:
        response = client.post("/reconcile", json={"queries": batch})
    return answer(response)


def hidden_person() -> str:
    return example_person(HIDDEN)


# ---- the manifest --------------------------------------------------------------------------


def test_the_manifest_validates_and_names_every_service(client: FlaskClient, schema) -> None:
    found = valid(schema, "manifest.json", answer(client.get("/reconcile")))
    assert found["versions"] == ["0.2"]
    assert found["identifierSpace"] == "https://w3id.org/akteursgraph/mitte/"
    assert [t["id"] for t in found["defaultTypes"]] == [
        ORG, PERSON, "https://schema.org/Project", "https://schema.org/Event", SITE,
        "http://www.w3.org/2004/02/skos/core#Concept",
    ]  # fmt: skip
    assert found["view"]["url"] == "http://localhost/entity?iri={{id}}"
    assert found["preview"]["url"].startswith("http://localhost/reconcile/preview?id={{id}}")
    for part in ("entity", "type", "property"):
        service = found["suggest"][part]
        assert (
            service["service_url"] + service["service_path"]
            == f"http://localhost/reconcile/suggest/{part}"
        )
    assert found["extend"]["propose_properties"]["service_path"] == "/propose_properties"
    english = answer(client.get("/reconcile?lang=en"))
    assert [t["name"] for t in english["defaultTypes"][2:4]] == ["Project", "Event"]
    assert [t["name"] for t in found["defaultTypes"][:4]] == [
        "Organisation", "Person", "Projekt", "Veranstaltung",
    ]  # fmt: skip


def test_the_manifest_as_jsonp_and_a_callback_that_is_code_refused(
    client: FlaskClient, schema
) -> None:
    response = client.get("/reconcile?callback=jQuery123_456")
    assert response.status_code == 200
    assert response.mimetype == "application/javascript"
    text = response.get_data(as_text=True)
    found = re.fullmatch(r"/\*\*/jQuery123_456\((.*)\);", text, re.S)
    assert found, text[:200]
    valid(schema, "manifest.json", json.loads(found.group(1)))
    refused = client.get("/reconcile", query_string={"callback": "alert(1)//"})
    error = answer(refused, 400)["error"]
    assert "callback" in error["de"] and "callback" in error["en"]


# ---- reconciliation queries ---------------------------------------------------------------


def test_a_batch_finds_the_right_entities_by_label_alt_label_and_spelling(
    client: FlaskClient, schema
) -> None:
    batch = {
        "exact": {"query": AFGHAN_LABEL},
        "alt": {"query": "Afghanische Frauenwerkstatt", "type": ORG},
        "no_ev": {"query": "Afghanische Frauenwerkstatt Tiergarten (Beispiel)", "limit": 2},
        "students": {"query": "afrodeutsche studierendeninitiative nord", "type": [ORG, PERSON]},
        "nothing": {"query": "Qwertzuiop Xylophonverein"},
    }
    valid(schema, "reconciliation-query-batch.json", batch)
    for how in ("form", "get", "json"):
        found = valid(schema, "reconciliation-result-batch.json", reconcile(client, batch, how))
        assert set(found) == set(batch)
        for key in ("exact", "alt", "no_ev"):
            top = found[key]["result"][0]
            assert top["id"] == AFGHAN, (key, found[key])
            assert top["type"][0]["id"] in (ORG, "http://www.w3.org/ns/org#FormalOrganization")
        assert found["exact"]["result"][0]["match"] is True
        assert found["exact"]["result"][0]["score"] == 100
        assert found["exact"]["result"][0]["name"] == AFGHAN_LABEL
        assert len(found["no_ev"]["result"]) <= 2
        assert found["students"]["result"][0]["id"] == STUDENTS
        assert found["nothing"]["result"] == [] or not any(
            r["match"] for r in found["nothing"]["result"]
        )


def test_types_filter_the_candidates(client: FlaskClient, schema) -> None:
    batch = {
        "org": {"query": AFGHAN_LABEL, "type": ORG},
        "person": {"query": AFGHAN_LABEL, "type": PERSON},
        "all": {"query": AFGHAN_LABEL, "type": [ORG, PERSON], "type_strict": "all"},
        "should": {"query": AFGHAN_LABEL, "type": PERSON, "type_strict": "should"},
        "prefixed": {"query": AFGHAN_LABEL, "type": "org:Organization"},
    }
    found = valid(schema, "reconciliation-result-batch.json", reconcile(client, batch))
    assert found["org"]["result"][0]["id"] == AFGHAN
    assert found["prefixed"]["result"][0]["id"] == AFGHAN
    assert AFGHAN not in [r["id"] for r in found["person"]["result"]]
    assert AFGHAN not in [r["id"] for r in found["all"]["result"]]
    should = {r["id"]: r for r in found["should"]["result"]}
    assert should[AFGHAN]["score"] < found["org"]["result"][0]["score"]
    assert should[AFGHAN]["match"] is False


def test_properties_raise_or_lower_a_candidate(client: FlaskClient, schema) -> None:
    query = "Afghanische Frauenwerkstatt Tiergarten"
    batch = {
        "plain": {"query": query, "type": ORG},
        "year": {"query": query, "type": ORG,
                 "properties": [{"pid": "schema:foundingDate", "v": "2012"}]},
        "district": {"query": query, "type": ORG, "properties": [
            {"pid": "https://w3id.org/akteursgraph/ontology#district", "v": "Tiergarten"},
            {"pid": "schema:knowsLanguage", "v": ["fa", "xx"]},
        ]},
        "wrong": {"query": query, "type": ORG,
                  "properties": [{"pid": "schema:foundingDate", "v": 1999}]},
        "entity": {"query": query, "type": ORG, "properties": [
            {"pid": "org:classification",
             "v": {"id": "https://w3id.org/akteursgraph/vocab/organisation-kind/migrant-organisation"}},
        ]},
    }  # fmt: skip
    valid(schema, "reconciliation-query-batch.json", batch)
    found = valid(schema, "reconciliation-result-batch.json", reconcile(client, batch))

    def top(key: str) -> dict:
        return next(r for r in found[key]["result"] if r["id"] == AFGHAN)

    plain = top("plain")["score"]
    assert plain < 95 and top("plain")["match"] is False  # the name alone is not certain
    for key in ("year", "district", "entity"):
        assert top(key)["score"] > plain, key
        assert top(key)["match"] is True, key
    assert top("wrong")["score"] < plain
    assert top("wrong")["match"] is False
    features = {f["id"]: f["value"] for f in top("year")["features"]}
    assert features["property:schema:foundingDate"] is True


def test_bad_batches_are_refused_in_both_languages(client: FlaskClient) -> None:
    for queries, word in (
        ("{not json", "JSON"),
        (json.dumps({"q0": {"query": "x", "limit": "many"}}), "limit"),
        (json.dumps({"q0": {"query": "x", "type_strict": "maybe"}}), "type_strict"),
        (json.dumps({"q0": {"query": "x", "bogus": 1}}), "bogus"),
        (json.dumps({"q0": {"properties": [{"pid": "x"}]}}), "pid"),
        (json.dumps({f"q{i}": {"query": "x"} for i in range(1001)}), "1000"),
    ):
        error = answer(client.post("/reconcile", data={"queries": queries}), 400)["error"]
        assert word in error["de"] and word in error["en"], (word, error)


# ---- suggest, preview, extension ---------------------------------------------------------


def test_suggest_entities_types_and_properties(client: FlaskClient, schema) -> None:
    found = valid(schema, "suggest-entities-response.json",
                  answer(client.get("/reconcile/suggest/entity?prefix=afghan frauen")))  # fmt: skip
    assert found["result"][0]["id"] == AFGHAN
    assert found["result"][0]["notable"][0]["id"] == ORG
    typed = answer(
        client.get("/reconcile/suggest/entity", query_string={"prefix": "afghan", "type": PERSON})
    )
    assert AFGHAN not in [
        r["id"] for r in valid(schema, "suggest-entities-response.json", typed)["result"]
    ]
    paged = answer(client.get("/reconcile/suggest/entity?prefix=beispiel&limit=2&cursor=1"))
    assert len(valid(schema, "suggest-entities-response.json", paged)["result"]) == 2

    types = valid(schema, "suggest-types-response.json",
                  answer(client.get("/reconcile/suggest/type?prefix=organ")))  # fmt: skip
    assert ORG in [t["id"] for t in types["result"]]
    streets = answer(client.get("/reconcile/suggest/type?prefix=stra"))
    assert "https://w3id.org/akteursgraph/ontology#Street" in [
        t["id"] for t in valid(schema, "suggest-types-response.json", streets)["result"]
    ]
    props = valid(schema, "suggest-properties-response.json",
                  answer(client.get("/reconcile/suggest/property?prefix=gründ")))  # fmt: skip
    assert "schema:foundingDate" in [p["id"] for p in props["result"]]
    city = answer(client.get("/reconcile/suggest/property?prefix=ort&lang=de"))
    assert "schema:addressLocality" in [p["id"] for p in city["result"]]


def test_the_preview_is_a_small_card_that_openrefine_may_frame(client: FlaskClient) -> None:
    response = client.get("/reconcile/preview", query_string={"id": AFGHAN, "lang": "de"})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert AFGHAN_LABEL in html and 'lang="de"' in html
    assert "Afghanische Frauenwerkstatt" in html  # the other name
    assert "Seite öffnen" in html
    # Nothing from anywhere: no script, no stylesheet or image of another host.
    assert "<script" not in html
    assert not re.search(r'(src|href)="https?://', html)
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in policy and "script-src 'self'" in policy
    assert "X-Frame-Options" not in response.headers
    # Every other page still refuses to be framed.
    assert client.get("/reconcile").headers["X-Frame-Options"] == "DENY"
    assert client.get("/").headers["X-Frame-Options"] == "DENY"
    missing = client.get("/reconcile/preview", query_string={"id": EX + "organisation/none"})
    assert missing.status_code == 404


def test_data_extension_and_proposed_properties(client: FlaskClient, schema) -> None:
    query = {
        "ids": [AFGHAN, STUDENTS, EX + "organisation/none"],
        "properties": [
            {"id": "schema:foundingDate"},
            {"id": "https://w3id.org/akteursgraph/ontology#district"},
            {"id": "skos:prefLabel", "settings": {"lang": "en"}},
            {"id": "schema:knowsLanguage", "settings": {"limit": 2}},
        ],
    }
    valid(schema, "data-extension-query.json", query)
    for response in (
        client.post("/reconcile", data={"extend": json.dumps(query)}),
        client.get("/reconcile", query_string={"extend": json.dumps(query)}),
    ):
        found = valid(schema, "data-extension-response.json", answer(response))
        rows = found["rows"]
        assert rows[AFGHAN]["schema:foundingDate"] == [{"date": "2012-03-08T00:00:00Z"}]
        assert rows[STUDENTS]["schema:foundingDate"] == [{"str": "2021"}]
        district = rows[AFGHAN]["https://w3id.org/akteursgraph/ontology#district"]
        assert district[0]["name"] == "Tiergarten" and district[0]["id"].endswith("tiergarten")
        assert rows[AFGHAN]["skos:prefLabel"] == [
            {"str": "Afghan Women's Workshop Tiergarten (example)"}
        ]
        assert len(rows[AFGHAN]["schema:knowsLanguage"]) == 2
        assert all(v == [] for v in rows[EX + "organisation/none"].values())
        assert [m["id"] for m in found["meta"]] == [p["id"] for p in query["properties"]]
        assert found["meta"][0]["name"] == "Gründungsdatum"

    asked = client.get("/reconcile/propose_properties", query_string={"type": ORG})
    proposed = valid(schema, "data-extension-property-proposal.json", answer(asked))
    ids = [p["id"] for p in proposed["properties"]]
    assert "schema:foundingDate" in ids and "schema:addressLocality" in ids
    assert "vcard:hasEmail" not in ids
    assert proposed["type"] == ORG
    few = answer(client.get("/reconcile/propose_properties?type=org:Organization&limit=3"))
    assert len(valid(schema, "data-extension-property-proposal.json", few)["properties"]) == 3


def test_a_person_without_consent_never_appears(client: FlaskClient, schema) -> None:
    iri = hidden_person()
    found = reconcile(client, {"q": {"query": HIDDEN}, "p": {"query": HIDDEN, "type": PERSON}})
    valid(schema, "reconciliation-result-batch.json", found)
    assert iri not in [r["id"] for q in found.values() for r in q["result"]]
    assert all("Mehdi" not in r["name"] for q in found.values() for r in q["result"])
    suggested = answer(client.get("/reconcile/suggest/entity?prefix=Mehdi"))
    assert iri not in [r["id"] for r in suggested["result"]]
    assert client.get("/reconcile/preview", query_string={"id": iri}).status_code == 404
    query = {"ids": [iri], "properties": [{"id": "skos:prefLabel"}, {"id": "foaf:givenName"}]}
    extended = answer(client.post("/reconcile", data={"extend": json.dumps(query)}))
    assert extended["rows"][iri] == {"skos:prefLabel": [], "foaf:givenName": []}


def test_the_service_follows_each_commit(make_app: Callable[..., Flask]) -> None:
    """A new organisation is a candidate right after its commit; a renamed one under its new
    name (the matcher re-reads what a commit touched)."""
    app = make_app()
    client = app.test_client()
    before = reconcile(client, {"q": {"query": "Zyklopenwerkstatt Moabit"}})["q"]["result"]
    assert not any(r["match"] for r in before)
    store: Store = app.extensions["akteursgraph.store"]
    graph = ox.NamedNode(store.public_prefix + "example")
    new = ox.NamedNode(EX + "organisation/zyklopenwerkstatt-moabit")

    def q(p: str, o: ox.NamedNode | ox.Literal) -> ox.Quad:
        return ox.Quad(new, ox.NamedNode(p), o, graph)

    label = ox.Literal("Zyklopenwerkstatt Moabit", language="de")
    kind = ox.NamedNode("https://w3id.org/akteursgraph/vocab/organisation-kind/initiative")
    quads = [
        q("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", ox.NamedNode(ORG)),
        q("http://www.w3.org/2004/02/skos/core#prefLabel", label),
        q("http://www.w3.org/ns/org#classification", kind),
    ]
    app.extensions["akteursgraph.writer"].commit(Change(add=quads))
    found = reconcile(client, {"q": {"query": "Zyklopenwerkstatt Moabit", "type": ORG}})
    assert found["q"]["result"][0]["id"] == new.value
    assert found["q"]["result"][0]["match"] is True


def test_the_matcher_is_built_at_start_and_a_commit_meanwhile_is_not_lost(
    make_app: Callable[..., Flask],
) -> None:
    """Issue 15: `serve` builds the matcher in the background once the app is up; a commit
    during the build reaches it; under TESTING no app pays for a build it does not use."""
    quiet = make_app()
    assert quiet.test_client().get("/reconcile").status_code == 200  # the manifest only
    assert not quiet.extensions["akteursgraph.matcher"].ready
    app = make_app(MATCHER_AT_START=True)
    new = ox.NamedNode(EX + "organisation/werkstatt-waehrend-des-aufbaus")
    store: Store = app.extensions["akteursgraph.store"]
    graph = ox.NamedNode(store.public_prefix + "example")
    app.extensions["akteursgraph.writer"].commit(
        Change(
            add=[
                ox.Quad(new, ox.NamedNode(RDF_TYPE), ox.NamedNode(ORG), graph),
                ox.Quad(new, ox.NamedNode(PREF_LABEL),
                        ox.Literal("Werkstatt während des Aufbaus", language="de"), graph),
                ox.Quad(new, ox.NamedNode(ORG_CLASSIFICATION),
                        ox.NamedNode(KIND + "initiative"), graph),
            ]
        )
    )  # fmt: skip
    found = reconcile(app.test_client(), {"q": {"query": "Werkstatt waehrend des Aufbaus"}})
    assert found["q"]["result"][0]["id"] == new.value
    assert found["q"]["result"][0]["match"] is True


def test_a_batch_during_the_build_waits_at_most_its_time_limit(store: Store) -> None:
    """Past the time limit a batch is told to try again (503); the build goes on, and the
    next batch has the matcher."""
    from akteursgraph.errors import QueryBusy
    from akteursgraph.reconcile import LiveMatcher

    live = LiveMatcher(store, wait=0)
    with pytest.raises(QueryBusy) as refused:
        live.using(len)
    assert "try again" in refused.value.en and "versuchen" in refused.value.de
    live.close()  # the build that the refused batch began
    assert live.ready and live.using(len) > 10


# ---- links outward -----------------------------------------------------------------------


def test_only_public_entities_are_sent_out(store: Store) -> None:
    """The names link-suggest sends to a service: public ones without owl:sameAs only."""
    from akteursgraph.reconcile.links import unlinked

    people = dict(unlinked(store, PERSON))
    assert hidden_person() not in people
    assert example_person("Rachid Zerrouki") in people  # public, with consent
    organisations = dict(unlinked(store, ORG))
    assert organisations[AFGHAN] == AFGHAN_LABEL
    same_as = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
    linked = {q.subject.value for q in store.quads(None, same_as)}
    assert linked and not linked & (set(people) | set(organisations))


REMOTE = "https://w3id.org/akteursgraph/remote/"
KIND = "https://w3id.org/akteursgraph/vocab/organisation-kind/"
REMOTE_DATA = f"""
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .
<{REMOTE}organisation/frauenwerkstatt> a org:Organization ;
    skos:prefLabel "{AFGHAN_LABEL}"@de ;
    org:classification <{KIND}registered-association> .
<{REMOTE}organisation/studierende> a org:Organization ;
    skos:prefLabel "Afrodeutsche Studierendeninitiative Nord"@de ;
    org:classification <{KIND}initiative> .
"""


@pytest.fixture
def remote_service(vocab_store_template: Path, tmp_path: Path):
    """Our own /reconcile on a second store (two organisations), as a real server."""
    path = tmp_path / "remote"
    shutil.copytree(vocab_store_template, path)
    data = tmp_path / "remote.ttl"
    data.write_text(REMOTE_DATA, encoding="utf-8")
    done = run_cli("load", str(data), "--graph", "public/remote", store=path)
    assert done.returncode == 0, done.stderr
    with running_server(path) as url:
        yield url + "/reconcile"


def test_links_are_suggested_by_a_remote_service_and_confirmed_by_a_person(
    example_store_path: Path, remote_service: str, tmp_path: Path
) -> None:
    file = tmp_path / "links.json"
    done = run_cli("link-suggest", "--endpoint", remote_service, "--type", "organisations",
                   "--output", str(file), store=example_store_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    found = json.loads(file.read_text(encoding="utf-8"))
    by_entity = {s["entity"]: s for s in found["suggestions"]}
    assert by_entity[AFGHAN]["candidates"][0]["iri"] == REMOTE + "organisation/frauenwerkstatt"
    assert by_entity[AFGHAN]["candidates"][0]["match"] is True
    assert by_entity[STUDENTS]["candidates"][0]["iri"] == REMOTE + "organisation/studierende"
    assert hidden_person() not in by_entity
    with Store.open(example_store_path, read_only=True) as store:
        before = sorted(str(q) for q in store.quads())

    # Nothing chosen in the file: nothing stored.
    done = run_cli("link-confirm", str(file), "--chosen", store=example_store_path)
    assert done.returncode == 0 and "nothing confirmed" in done.stderr
    # A person answers: the first entity's first candidate, then stops.
    order = [s["entity"] for s in found["suggestions"]]
    first = order[0]
    done = run_cli("link-confirm", str(file), "--agent", "editor", store=example_store_path,
                   input_text="1\nq\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "draft" in done.stderr, done.stderr  # an edit waits for a second person's review
    with Store.open(example_store_path, read_only=True) as store:
        assert sorted(str(q) for q in store.quads()) == before
    draft = json.loads(run_cli("drafts", "--format", "json", store=example_store_path).stdout)
    published = run_cli("publish", draft[-1]["id"], "--agent", "reviewer", store=example_store_path)
    assert published.returncode == 0, published.stderr
    target = by_entity[first]["candidates"][0]["iri"]
    with Store.open(example_store_path, read_only=True) as store:
        same_as = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
        links = {(q.subject.value, q.object.value) for q in store.quads(None, same_as)}
        assert (first, target) in links
        # Links before: quads whose predicate is owl:sameAs (the vocabulary describes the
        # property itself too, with owl:sameAs as subject).
        linked = [x for x in before if x.split(" ", 2)[1] == f"<{same_as.value}>"]
        assert len(links) == 1 + len(linked)

    # The linked entity is no longer suggested; a choice made in the file is taken as is.
    again = tmp_path / "again.json"
    run_cli("link-suggest", "--endpoint", remote_service, "--output", str(again),
            store=example_store_path)  # fmt: skip
    second = json.loads(again.read_text(encoding="utf-8"))
    assert first not in [s["entity"] for s in second["suggestions"]]
    for entry in second["suggestions"]:
        entry["chosen"] = entry["candidates"][0]["iri"] if entry["entity"] == STUDENTS else None
    again.write_text(json.dumps(second), encoding="utf-8")
    done = run_cli("review-required", "off", store=example_store_path)
    done = run_cli("link-confirm", str(again), "--chosen", store=example_store_path)
    assert done.returncode == 0 and "stored" in done.stderr, done.stderr
    with Store.open(example_store_path, read_only=True) as store:
        assert any(store.quads(ox.NamedNode(STUDENTS),
                               ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs"),
                               ox.NamedNode(REMOTE + "organisation/studierende")))  # fmt: skip


def test_a_service_that_is_not_one_is_named(example_store_path: Path, tmp_path: Path) -> None:
    done = run_cli("link-suggest", "--endpoint", "ftp://example.org/x", "--output",
                   str(tmp_path / "x.json"), store=example_store_path)  # fmt: skip
    assert done.returncode == 2
    assert "http(s)" in done.stderr


def test_the_workspace_page_asks_a_configured_service_and_an_editor_confirms(
    staff_client: Callable[..., FlaskClient], remote_service: str
) -> None:
    client = staff_client("editor", LINK_ENDPOINTS={"Remote": remote_service})
    app = client.application
    page = client.get("/workspace/links").get_data(as_text=True)
    assert 'for="links-service"' in page and ">Remote</option>" in page
    # Only a configured service, by name: an address is never fetched.
    refused = client.get("/workspace/links", query_string={"service": "http://127.0.0.1:1/"})
    assert refused.status_code == 400 and "Unbekannter Dienst" in refused.get_data(as_text=True)

    found = client.get("/workspace/links", query_string={"service": "Remote"})
    html = found.get_data(as_text=True)
    assert found.status_code == 200, html
    assert AFGHAN_LABEL in html and REMOTE + "organisation/frauenwerkstatt" in html
    entities = dict(re.findall(r'name="entity-(\d+)" value="([^"]+)"', html))
    n = next(k for k, v in entities.items() if v == AFGHAN)
    # The service's certain match is preselected; the person still confirms it.
    assert re.search(
        rf'name="choice-{n}" value="{re.escape(REMOTE)}organisation/frauenwerkstatt" checked', html
    )
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    store: Store = app.extensions["akteursgraph.store"]
    before = sorted(str(q) for q in store.quads())
    saved = client.post(
        "/workspace/links",
        data={"csrf_token": token, "service": "Remote", "kind": "organisations",
              f"entity-{n}": AFGHAN, f"choice-{n}": REMOTE + "organisation/frauenwerkstatt",
              "entity-99": STUDENTS, "choice-99": ""},
    )  # fmt: skip
    text = saved.get_data(as_text=True)
    assert saved.status_code == 200 and "1 Verknüpfung als Entwurf" in text, text
    assert sorted(str(q) for q in store.quads()) == before  # a draft waits for review
    nothing = client.post("/workspace/links", data={"csrf_token": token, "service": "Remote"})
    assert "nichts wurde gespeichert" in nothing.get_data(as_text=True)
    viewer = staff_client("viewer", app=app)
    assert viewer.get("/workspace/links").status_code == 403


def test_the_links_page_says_one_entry_in_the_singular_and_groups_counts(
    staff_client: Callable[..., FlaskClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Audit: a page without suggestions said "für diese 1 Einträge" and "1234 entries"."""
    asked = {"n": 1}

    def nothing_found(*_args: object, **_kwargs: object) -> dict[str, Any]:
        return {"service": "Remote", "asked": asked["n"], "unasked": 0, "suggestions": []}

    monkeypatch.setattr("akteursgraph_web.workspace_links.suggest_links", nothing_found)
    client = staff_client("editor", LINK_ENDPOINTS={"Remote": "https://remote.invalid/"})

    def said(lang: str) -> str:
        query = {"service": "Remote", "lang": lang}
        return client.get("/workspace/links", query_string=query).get_data(as_text=True)

    assert "Keine Vorschläge für diesen Eintrag." in said("de")
    assert "No suggestions for this entry." in said("en")
    asked["n"] = 1234
    assert "Keine Vorschläge für diese 1.234 Einträge." in said("de")
    assert "No suggestions for these 1,234 entries." in said("en")


@pytest.mark.parametrize(
    ("unasked", "german", "english"),
    [
        (1234, "Nächste 20 Einträge (noch 1.234)", "Next 20 entries (1,234 more)"),
        (3, "Die letzten 3 Einträge", "The last 3 entries"),
        (1, "Der letzte Eintrag", "The last entry"),
    ],
)
def test_the_link_to_the_next_entries_says_how_many_it_asks_for(
    staff_client: Callable[..., FlaskClient],
    monkeypatch: pytest.MonkeyPatch,
    unasked: int,
    german: str,
    english: str,
) -> None:
    """Audit: with 3 entries left the link read "Nächste 20 Einträge (noch 3)"."""

    def some_left(*_args: object, **_kwargs: object) -> dict[str, Any]:
        return {"service": "Remote", "asked": 20, "unasked": unasked, "suggestions": []}

    monkeypatch.setattr("akteursgraph_web.workspace_links.suggest_links", some_left)
    client = staff_client("editor", LINK_ENDPOINTS={"Remote": "https://remote.invalid/"})
    for lang, text in (("de", german), ("en", english)):
        query = {"service": "Remote", "lang": lang}
        assert text in client.get("/workspace/links", query_string=query).get_data(as_text=True)


@pytest.mark.parametrize(
    ("target", "refused"),
    [
        ("https://d-nb.info/gnd/118540238", False),
        ("https://d-nb.info/gnd/4022153-2", False),
        ("http://www.wikidata.org/entity/Q42", False),
        ("https://example.org/people/rachid", True),
        ("https://d-nb.info/gnd/", True),
        ("https://d-nb.info/gnd/118540238/about/html", True),
    ],
)
def test_a_person_links_to_a_wikidata_item_or_a_gnd_record_and_nothing_else(
    example_store_path: Path, target: str, refused: bool
) -> None:
    """The GND is where German libraries name people, and the links outward offer it for
    people: a confirmed GND link of a person passes the shapes; a link to any other page
    does not (it would say the person is that page), and the rule says what it allows."""
    person = example_person("Rachid Zerrouki")  # public, with consent
    with Store.open(example_store_path, read_only=True) as store:
        change = same_as_change(store, [(person, target)])
        assert len(change.add) == 1
        report = Validator.default().validate_change(store, change)
    broken = [f for f in report.violations if f.node == person]
    if refused:
        assert broken, report.render()
        assert all("GND" in f.message_de and "GND" in f.message_en for f in broken)
    else:
        assert report.conforms, report.render()


def test_a_service_s_short_ids_become_iris_in_its_identifier_space() -> None:
    """lobid-gnd and Wikidata answer with short ids ("118540238", "Q42"); the link stored
    is the IRI in the service's identifierSpace, a full IRI is kept as it is."""
    gnd = "https://d-nb.info/gnd/"
    found = links._candidate({"id": "118540238", "name": "Goethe", "score": 90}, gnd)
    assert found["iri"] == gnd + "118540238" and found["id"] == "118540238"
    full = "http://www.wikidata.org/entity/Q42"
    assert links._candidate({"id": full}, "http://www.wikidata.org/entity/")["iri"] == full
