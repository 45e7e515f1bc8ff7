"""Issue 13, item 4, in the running server: an administrator erases a person in the workspace
(or `akteursgraph forget` sends the erasure to `serve`), and at once no public surface, no
dump and no file of the store holds them; the server goes on serving and writing."""

from __future__ import annotations

import html
import json
import re
import sqlite3
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from akteursgraph.store import Change, Store
from akteursgraph_web import close_app, create_app

from .conftest import (
    csrf_token,
    login,
    newest_dump_text,
    run_cli,
    running_server,
    sparql_about_person,
    until,
)
from .test_erasure import BASE, CANARIES, NAME_TOKEN, files_holding, plant, victim

NT = "application/n-triples"
FAST = {"TESTING": True, "DUMP_START_DELAY": 0, "DUMP_SETTLE": 0.05, "QUERY_WORKERS": 1}
ERASE = "/workspace/person/erase"


def _app(path: Path) -> Flask:
    return create_app({"STORE_PATH": str(path), **FAST})


def _path_of(person: str) -> str:
    return "/" + person.removeprefix(BASE)


def _surfaces(client: FlaskClient, person: str) -> dict[str, str]:
    """What every public surface answers about the person (pages, search, SPARQL, network)."""
    page = client.get(_path_of(person))
    net = client.get("/api/network/export")
    assert net.status_code == 200
    return {
        "entity page": page.get_data(as_text=True) if page.status_code == 200 else "",
        "search": client.get("/search", query_string={"q": NAME_TOKEN}).get_data(as_text=True),
        **sparql_about_person(client, person, NAME_TOKEN),
        "network export": net.get_data(as_text=True),
    }


def _needles(person: str) -> tuple[str, ...]:
    return (person, _path_of(person), NAME_TOKEN)


def test_an_admin_erases_a_person_and_nothing_public_or_on_disk_holds_them(
    example_store_path: Path,
) -> None:
    person = plant(example_store_path).value
    app = _app(example_store_path)
    try:
        client = app.test_client()
        # The test can fail: before, the person is on every surface and in the dump.
        shown = {**_surfaces(client, person), "dump": newest_dump_text(app)}
        for surface, text in shown.items():
            assert any(n in text for n in _needles(person)), f"missing before on {surface}"
        admin = login(app.test_client(), "admin")
        page = admin.get("/workspace/person", query_string={"iri": person})
        assert ERASE in page.get_data(as_text=True)  # the action on the person's page
        from akteursgraph.people.erasure import erasure_preview

        preview = erasure_preview(app.extensions["akteursgraph.store"], person)
        confirm = admin.get(ERASE, query_string={"iri": person})
        text = confirm.get_data(as_text=True)
        assert confirm.status_code == 200
        for key in ("statements", "owned", "touched"):  # what goes, before the confirmation
            assert f'id="preview-{key}">{preview[key]}<' in text
        assert person in dump_text(app.extensions["akteursgraph.store"])  # nothing done yet
        pool = app.extensions["akteursgraph.pool"]
        workers = pool.pids
        done = admin.post(
            ERASE,
            data={"csrf_token": csrf_token(admin, "/workspace/"), "iri": person,
                  "reason": "Art. 17 request of 30.11."},
        )  # fmt: skip
        report = done.get_data(as_text=True)
        assert done.status_code == 200, report
        assert f'id="erased-statements">{preview["statements"]}<' in report
        assert f'id="erased-owned">{preview["owned"]}<' in report
        # Counted in words that agree with the number ("in 1 Änderungen" before).
        history_line = report.split('id="erased-history">', 1)[1].split("<", 1)[0]
        n, statements, in_, c, sets = history_line.split()
        assert statements == ("Aussage" if n == "1" else "Aussagen"), history_line
        assert (in_, sets) == ("in", "Änderung" if c == "1" else "Änderungen"), history_line
        # The change set by its time, as everywhere in the workspace (a bare id before).
        change = report.split('id="erasure-change">', 1)[1].split("</dd>", 1)[0]
        assert " UTC</time>" in change and 'class="workspace-change-id">cs-' in change, change
        # In words, not the store's folder names ("public-mirror, snapshots").
        rebuilt = report.split('id="erased-public">', 1)[1].split("<", 1)[0]
        assert "ohne die Person neu aufgebaut" in rebuilt and "mirror" not in rebuilt
        # No query worker that had the old public data open or in memory is left.
        assert workers and not workers & pool.pids and pool.alive == len(workers)
        # Right after the report: no surface shows the person, not even once.
        shown = {**_surfaces(client, person), "dump": newest_dump_text(app)}
        for surface, text in shown.items():
            for needle in _needles(person):
                if surface == "search" and needle == NAME_TOKEN:
                    continue  # the search page repeats what was asked
                assert needle not in text, f"{needle} is still on {surface}"
        assert client.get(_path_of(person)).status_code in (404, 410)
        # Its history page says what became of it; it was headed by the address's last part.
        history = admin.get("/workspace/history", query_string={"iri": person})
        heading = history.get_data(as_text=True).split("<h1", 1)[1].split("</h1>", 1)[0]
        assert "Änderungsverlauf: Gelöschter Eintrag (DSGVO Art. 17)" in heading, heading
        # So does its person page, which was headed "Einwilligungen: https://…".
        gone = admin.get("/workspace/person", query_string={"iri": person})
        page = gone.get_data(as_text=True)
        heading = page.split("<h1", 1)[1].split("</h1>", 1)[0]
        assert gone.status_code == 404
        assert "Einwilligungen: Gelöschter Eintrag (DSGVO Art. 17)" in heading, heading
        assert "Diese Person wurde gelöscht (DSGVO Art. 17)" in page and person not in page
        # An entry the erasure touched lists it, says why it shows nothing, and offers no
        # revert (which was then refused).
        from akteursgraph.changes import History

        history_of = History.at(example_store_path)
        [erasure] = [c for c in history_of.recent(5) if c.origin == "erasure"]
        touched = [i for i in history_of.touched(erasure.id) if i != person]
        assert touched
        page = admin.get("/workspace/history", query_string={"iri": touched[0]})
        text = html.unescape(page.get_data(as_text=True))
        assert "Eine Löschung (DSGVO Art. 17): was sie gelöscht hat" in text
        assert f'name="change" value="{erasure.id}"' not in text
        store_path = example_store_path
        held = files_holding(store_path, (*CANARIES, person.encode()))
        assert held == {}, held
        db = sqlite3.connect(store_path / "history.sqlite3")
        try:
            assert db.execute("PRAGMA freelist_count").fetchone()[0] == 0
        finally:
            db.close()
        # The writer was reopened: a write right after goes in and the public side follows.
        subject = ox.NamedNode(BASE + "example/after-erasure")
        label = "Nach der Löschung Qx4Rw8"
        quad = ox.Quad(
            subject,
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal(label, language="de"),
            ox.NamedNode(BASE + "graph/public/canary"),
        )
        written = app.extensions["akteursgraph.writer"].commit(Change(add=[quad]))
        assert written.stale == []
        after = "/sparql?" + urllib.parse.urlencode({"query": f"ASK {{ <{subject.value}> ?p ?o }}"})

        def seen() -> bool:
            answer = client.get(after, headers={"Accept": "application/sparql-results+json"})
            return json.loads(answer.data)["boolean"] is True

        until(seen)  # the public with the snapshot after the acknowledgement
    finally:
        close_app(app)
    with Store.open(example_store_path, read_only=True) as store:
        assert not list(store.quads(ox.NamedNode(person)))
        assert list(store.quads(ox.NamedNode(BASE + "example/after-erasure")))


def dump_text(store: Store) -> str:
    return "\n".join(str(q) for q in store.quads(None, None, None, None))


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_only_admins_may_erase(example_store_path: Path, role: str) -> None:
    app = _app(example_store_path)
    try:
        store: Store = app.extensions["akteursgraph.store"]
        person = victim(store).value
        staff = login(app.test_client(), role)
        token = csrf_token(staff, "/workspace/")
        assert staff.get(ERASE, query_string={"iri": person}).status_code == 403
        refused = staff.post(ERASE, data={"csrf_token": token, "iri": person, "reason": "x"})
        assert refused.status_code == 403
        if role == "editor":  # editors see the person's page, without the action
            page = staff.get("/workspace/person", query_string={"iri": person})
            assert page.status_code == 200 and ERASE not in page.get_data(as_text=True)
        assert list(store.quads(ox.NamedNode(person)))
    finally:
        close_app(app)


def test_a_missing_reason_is_refused_with_a_message(example_store_path: Path) -> None:
    app = _app(example_store_path)
    try:
        store: Store = app.extensions["akteursgraph.store"]
        person = victim(store).value
        admin = login(app.test_client(), "admin")
        token = csrf_token(admin, "/workspace/")
        refused = admin.post(ERASE, data={"csrf_token": token, "iri": person, "reason": "  "})
        text = refused.get_data(as_text=True)
        assert refused.status_code == 400
        # In the page's language only (German by default; the CLI and the API say both), and
        # for the form: its field, not the command line's --reason.
        said = html.unescape(text)
        assert "im Feld „Grund“" in said and "Please give the reason" not in said
        assert "--reason" not in said
        admin.set_cookie("lang", "en")
        token = csrf_token(admin, "/workspace/")
        english = admin.post(ERASE, data={"csrf_token": token, "iri": person, "reason": ""})
        assert english.status_code == 400
        assert "in the field “Reason”" in html.unescape(english.get_data(as_text=True))
        assert "im Feld" not in english.get_data(as_text=True)
        assert 'name="reason"' in text  # the form again, to give one
        assert list(store.quads(ox.NamedNode(person)))
        nobody = admin.post(
            ERASE, data={"csrf_token": token, "iri": BASE + "person/nobody", "reason": "x"}
        )
        assert nobody.status_code == 400 and "No person" in nobody.get_data(as_text=True)
    finally:
        close_app(app)


def test_requests_during_an_erasure_get_503_with_retry_after(example_store_path: Path) -> None:
    """The gate the erasure closes: a request meanwhile is answered 503 at once, and the
    erasure waits for a request in flight."""
    app = _app(example_store_path)
    try:
        gate = app.extensions["akteursgraph.gate"]
        client = app.test_client()
        with gate.closed():
            for path in ("/", "/search?q=x", "/sparql?query=ASK%7B%7D", "/workspace/"):
                answer = client.get(path)
                assert answer.status_code == 503, path
                assert answer.headers["Retry-After"]
        assert client.get("/").status_code == 200
        assert gate.enter()  # a request in flight ...
        closed = threading.Event()

        def erase() -> None:
            with gate.closed():
                closed.set()

        thread = threading.Thread(target=erase)
        thread.start()
        assert not closed.wait(0.5)  # ... the erasure waits for it
        gate.leave()
        assert closed.wait(10)
        thread.join(10)
    finally:
        close_app(app)


def _get(url: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    if "/sparql" not in url:
        request = urllib.request.Request(url)
    try:
        with urllib.request.urlopen(request, timeout=60) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.read().decode("utf-8", "replace")


def test_forget_cli_goes_through_a_running_server(example_store_path: Path, tmp_path: Path) -> None:
    person = plant(example_store_path).value
    with running_server(example_store_path) as url:
        status, page = _get(url + _path_of(person))
        assert status == 200 and NAME_TOKEN in page  # the test can fail
        # Walk: an address without its base, sent through the server, was a 500 there.
        relative = person.removeprefix(BASE)
        refused = run_cli("forget", relative, "--reason", "Art. 17", store=example_store_path)
        assert refused.returncode == 2, refused.stderr
        assert "is not an IRI" in refused.stderr and "Internal Server Error" not in refused.stderr
        assert _get(url + _path_of(person))[0] == 200
        done = run_cli("forget", person, "--reason", "Art. 17", "--json", store=example_store_path)
        assert done.returncode == 0, done.stderr
        assert "served by" in done.stderr
        report = json.loads(done.stdout)
        assert report["iri"] == person and report["store_statements"] > 0
        status, _ = _get(url + _path_of(person))
        assert status in (404, 410)
        status, found = _get(url + "/search?" + urllib.parse.urlencode({"q": NAME_TOKEN}))
        assert status == 200 and _path_of(person) not in found
        query = urllib.parse.urlencode({"query": f"ASK {{ <{person}> ?p ?o }}"})
        status, answer = _get(url + "/sparql?" + query)
        assert status == 200 and re.search(r'"boolean"\s*:\s*false', answer), answer
        # A write right after, through the same server: the writer was reopened.
        data = tmp_path / "after.trig"
        data.write_text(
            f"<{BASE}graph/public/canary> {{ <{BASE}example/after-cli> "
            '<http://www.w3.org/2000/01/rdf-schema#label> "Danach"@de . }\n',
            encoding="utf-8",
        )
        loaded = run_cli("load", str(data), store=example_store_path)
        assert loaded.returncode == 0, loaded.stderr
        query = urllib.parse.urlencode({"query": f"ASK {{ <{BASE}example/after-cli> ?p ?o }}"})

        def seen() -> bool:
            status, answer = _get(url + "/sparql?" + query)
            assert status == 200, answer
            return re.search(r'"boolean"\s*:\s*true', answer) is not None

        until(seen)  # the public with the snapshot after the acknowledgement
