"""Issue 11, item 5: one writer, several processes. While `akteursgraph serve` holds the store,
the CLI's writing commands send their change to it instead of answering "store in use"; it
becomes a change set like any other, and the public side follows at once."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask

from akteursgraph.bench.server import EXECUTABLE, serving
from akteursgraph.server_link import SERVER_FILE

from .conftest import DATA, copy_store, run_cli, until

LABEL = "Frisch geladen während der Server läuft (Beispiel)"
TURTLE = f"""@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/akteursgraph/mitte/example/organisation/frisch-geladen> a org:Organization ;
  skos:prefLabel "{LABEL}"@de, "Freshly loaded while serving (example)"@en ;
  org:classification <https://w3id.org/akteursgraph/vocab/organisation-kind/initiative> .
"""


def _ask(url: str, query: str) -> bool:
    qs = urllib.parse.urlencode({"query": query})
    with urllib.request.urlopen(f"{url}/sparql?{qs}", timeout=30) as resp:
        return json.loads(resp.read())["boolean"]


def test_a_cli_load_while_serving_goes_through_the_server(
    example_store_template: Path, tmp_path: Path
) -> None:
    store = copy_store(example_store_template, tmp_path)
    data = tmp_path / "frisch.ttl"
    data.write_text(TURTLE, encoding="utf-8")
    ask = f'ASK {{ ?o skos:prefLabel "{LABEL}"@de }}'
    with serving(store) as (_proc, url):
        note = store / SERVER_FILE
        assert note.stat().st_mode & 0o077 == 0  # the secret is the operator's only
        assert not _ask(url, ask)
        loaded = run_cli(
            "load", str(data), "--graph", "public/staff", "--comment", "new initiative",
            store=store,
        )  # fmt: skip
        assert loaded.returncode == 0, loaded.stderr
        assert "geht dorthin" in loaded.stderr and "goes there" in loaded.stderr
        until(lambda: _ask(url, ask))  # on the running server's /sparql a snapshot later
        history = run_cli(
            "history", "https://w3id.org/akteursgraph/mitte/example/organisation/frisch-geladen",
            "--format", "json", store=store,
        )  # fmt: skip
        assert history.returncode == 0, history.stderr
        [entry] = json.loads(history.stdout)
        assert entry["comment"] == "new initiative" and entry["origin"] == "cli-load"
        # a refused change is refused by the server with the reason, exit 1, nothing stored
        bad = run_cli("load", str(DATA / "bad" / "organisation-without-label.ttl"), store=store)
        assert bad.returncode == 1, bad.stderr
        # revert through the server too
        reverted = run_cli("revert", entry["id"], "--comment", "wrong list", store=store)
        assert reverted.returncode == 0, reverted.stderr
        assert not _ask(url, ask)
        # Replacing the store under the running server is refused: it would go on writing
        # files that are gone, and the next CLI write would not find it (two writers).
        replaced = run_cli("init", "--example", "--force", store=store)
        assert replaced.returncode == 2, replaced.stderr
        assert "being served" in replaced.stderr and "wird bedient" in replaced.stderr
        assert note.exists() and (store / "oxigraph").is_dir()
        assert _ask(url, "ASK { ?o a org:Organization }")  # still serving, from its files
    assert not note.exists()  # the server takes its note away when it stops


def test_without_a_server_a_locked_store_still_says_so(
    example_store_template: Path, tmp_path: Path
) -> None:
    """A stale note (its process is gone) is not followed."""
    store = copy_store(example_store_template, tmp_path)
    (store / SERVER_FILE).write_text('{"url": "http://127.0.0.1:9", "pid": 999999, "token": "x"}')
    data = tmp_path / "frisch.ttl"
    data.write_text(TURTLE, encoding="utf-8")
    loaded = run_cli("load", str(data), "--graph", "public/staff", store=store)
    assert loaded.returncode == 0, loaded.stderr  # nobody holds the store: a local write


def test_a_port_in_use_is_named_and_no_server_note_is_left(
    example_store_template: Path, tmp_path: Path
) -> None:
    """`serve` on a taken port printed its address, then "unerwarteter Fehler: OSError(98,
    'Address already in use')"; and it had written its server note before binding, so a
    CLI write in that moment would have gone to whatever held the port."""
    first = copy_store(example_store_template, tmp_path / "a")
    second = copy_store(example_store_template, tmp_path / "b")
    with serving(first) as (_proc, url):
        port = urllib.parse.urlsplit(url).port
        taken = run_cli("serve", "--port", str(port), "--workers", "1", store=second)
        assert taken.returncode == 2, taken.stderr
        assert f"Port {port} ist belegt" in taken.stderr and "is in use" in taken.stderr
        assert "Akteursgraph: http://" not in taken.stderr and "OSError" not in taken.stderr
        assert not (second / SERVER_FILE).exists()
        assert _ask(url, "ASK { ?o a org:Organization }")  # the first one serves on


def test_the_apps_writer_is_ready_for_its_first_change(
    example_store_template: Path, tmp_path: Path
) -> None:
    """What the first validated write needs (the shapes' SPARQL constraints, parsed) is made
    with the app, not by an editor's first change after a start: that one took 0.7 s at the
    1M district in the publication benchmark. In a process of its own, since the validator is
    shared by every app of one process."""
    store = copy_store(example_store_template, tmp_path)
    code = (
        "import sys\n"
        "from akteursgraph_web import close_app, create_app\n"
        "app = create_app({'STORE_PATH': sys.argv[1]})\n"
        "print(app.extensions['akteursgraph.writer'].validator._revalidation_rule is not None)\n"
        "close_app(app)\n"
    )
    made = subprocess.run(
        [sys.executable, "-c", code, str(store)], capture_output=True, text=True, timeout=300
    )
    assert made.stdout.strip() == "True", made.stderr


def test_the_cli_change_route_takes_a_body_over_the_public_limit(
    make_app: Callable[..., Flask],
) -> None:
    """Exploratory test: a CLI load of over 16 MB beside `serve` was refused "too large
    (at most 16 MB)": the route lifted the public body limit with None, which Flask reads as
    "the configured limit". Here the public limit is 1 KB and the CLI's change 40 KB."""
    app = make_app(QUERY_WORKERS=1, DUMPS=False, LOCAL_WRITE_TOKEN="t", MAX_CONTENT_LENGTH=1024)
    graph = "https://w3id.org/akteursgraph/mitte/graph/internal/bulk"
    lines = "".join(
        f"<https://w3id.org/akteursgraph/mitte/example/note/n{k}> "
        f'<http://www.w3.org/2004/02/skos/core#note> "{"x" * 30}" <{graph}> .\n'
        for k in range(400)
    )
    body = {"op": "submit", "add": lines, "remove": "",
            "meta": {"author": "root", "origin": "cli-load", "comment": "big"}}  # fmt: skip
    assert len(json.dumps(body)) > 40_000
    client = app.test_client()
    answer = client.post("/api/changes", json=body, headers={"Authorization": "Bearer t"})
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    # The public routes keep the limit.
    assert client.post("/sparql", data="x" * 2048).status_code == 413


def test_a_second_writer_during_a_bulk_write_leaves_the_store_as_it_is(
    example_store_template: Path, tmp_path: Path
) -> None:
    """A bulk write keeps the store as it was beside it (`oxigraph.before-write`) until it is
    whole. A second writing process that opened then took it for a crash's leftover and put
    it back, moving the live data aside; the next writer deleted that: an empty store
    (exploratory test, 2026-12-03). Now the first writer's lock is held before anything is
    settled, and the second is told that the store is in use."""
    from akteursgraph.store import CHECKPOINT_DIR, DATA_DIR, DISCARDED_DIR, Store

    path = copy_store(example_store_template, tmp_path)
    with Store.open(path) as store:
        quads = len(store)
        with store._checkpoint():  # as `apply` holds it during a bulk write
            for args in (["consent", "sweep"], ["load", str(DATA / "good" / "network.ttl")]):
                done = run_cli(*args, store=path)
                assert done.returncode == 2 and "in use" in done.stderr, (args, done.stderr)
                assert (path / CHECKPOINT_DIR).is_dir() and (path / DATA_DIR).is_dir()
                assert not (path / DISCARDED_DIR).exists()
        assert len(store) == quads
    with Store.open(path) as again:
        assert len(again) == quads


def test_a_server_that_stops_answering_after_the_request_leaves_the_outcome_said_open(
    example_store_template: Path, tmp_path: Path
) -> None:
    """Walk: a server killed during a CLI load had committed it, and the CLI said only "does
    not answer" (exit 2); the operator loaded the files again, a second change set. A server
    that hung left the CLI silent. The CLI now says, after a while, that it waits, and when
    the answer never comes, that whether the server carried it out is open, and where to look
    before a retry. (A stopped server's socket still takes the request: the kernel queues it.)"""
    store = copy_store(example_store_template, tmp_path)
    data = tmp_path / "frisch.ttl"
    data.write_text(TURTLE, encoding="utf-8")
    said = tmp_path / "said.txt"
    with serving(store, "--workers", "1") as (proc, _url):
        os.kill(proc.pid, signal.SIGSTOP)
        try:
            with said.open("w") as err:
                load = subprocess.Popen(
                    [str(EXECUTABLE), "--store", str(store), "load", str(data)],
                    stdout=subprocess.DEVNULL, stderr=err,
                )  # fmt: skip
                until(lambda: "waiting for the running server" in said.read_text(), seconds=30)
        finally:
            os.kill(proc.pid, signal.SIGKILL)
        assert load.wait(timeout=60) == 2
    text = said.read_text()
    assert "ob er sie ausgeführt hat, ist offen" in text and "whether it carried it out" in text
    assert "akteursgraph history IRI" in text and "Nothing was sent" not in text


def test_a_server_that_takes_no_connection_is_said_to_have_got_nothing() -> None:
    """Re-check: urllib wraps a refused connection in a URLError, and the CLI said "whether
    it carried it out is open" for a request that never left."""
    from akteursgraph.bench.server import free_port
    from akteursgraph.errors import StoreError
    from akteursgraph.server_link import ServerLink, act

    link = ServerLink(url=f"http://127.0.0.1:{free_port()}", pid=0, token="x")
    with pytest.raises(StoreError) as refused:
        act(link, "publish", "cs-x", "rita", "ok")
    assert "Nothing was sent, nothing changed." in refused.value.en
    assert "is open" not in refused.value.en


def test_a_cli_load_while_the_server_starts_waits_for_it(
    example_store_template: Path, tmp_path: Path
) -> None:
    """Walk: for the 10 to 30 s of a start-up at a million quads, before `server.json` was
    written, a CLI load answered "store in use" (a deploy script that restarts the service
    and then loads met it every time). It now waits for the starting server and goes
    through it."""
    from akteursgraph.bench.server import child_env, free_port, stop_process
    from akteursgraph.server_link import STARTING_FILE

    store = copy_store(example_store_template, tmp_path)
    data = tmp_path / "frisch.ttl"
    data.write_text(TURTLE, encoding="utf-8")
    port = free_port()
    proc = subprocess.Popen(
        [str(EXECUTABLE), "--store", str(store), "serve", "--port", str(port)],
        env=child_env(None), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        until(lambda: (store / STARTING_FILE).exists() or (store / SERVER_FILE).exists())
        started_first = (store / SERVER_FILE).exists()
        loaded = run_cli("load", str(data), "--graph", "public/staff", store=store)
        assert loaded.returncode == 0, loaded.stderr
        assert "geht dorthin" in loaded.stderr, loaded.stderr
        if not started_first:  # else the server was quicker than this test: nothing to see
            assert "startet gerade" in loaded.stderr and "is starting" in loaded.stderr
        assert not (store / STARTING_FILE).exists()  # started: its note is server.json
    finally:
        stop_process(proc, 20.0)
    assert not (store / SERVER_FILE).exists() and not (store / STARTING_FILE).exists()


def _serve(store: Path, said: Path) -> subprocess.Popen[bytes]:
    """A real `serve` of `store` on a free port, its messages in `said`."""
    from akteursgraph.bench.server import child_env, free_port

    with said.open("wb") as out:
        return subprocess.Popen(
            [str(EXECUTABLE), "--store", str(store), "serve", "--port", str(free_port())],
            env=child_env(None), stdout=subprocess.DEVNULL, stderr=out,
        )  # fmt: skip


def _load_in_background(
    store: Path, data: Path, said: Path, graph: str = "public/staff"
) -> subprocess.Popen[bytes]:
    from akteursgraph.bench.server import child_env

    with said.open("wb") as out:
        return subprocess.Popen(
            [str(EXECUTABLE), "--store", str(store), "load", str(data), "--graph", graph,
             "--comment", "beside the server"],
            env=child_env(None), stdout=subprocess.DEVNULL, stderr=out,
        )  # fmt: skip


def test_a_second_serve_refused_leaves_the_first_servers_note(
    example_store_template: Path, tmp_path: Path
) -> None:
    """Walk: a second `serve` of a served store was refused ("in use"), and as it went it
    removed the first server's `server.json`: every CLI write then answered "store in use"
    until a restart."""
    from akteursgraph.bench.server import child_env, free_port

    store = copy_store(example_store_template, tmp_path)
    data = tmp_path / "frisch.ttl"
    data.write_text(TURTLE, encoding="utf-8")
    with serving(store) as (_proc, _url):
        note = (store / SERVER_FILE).read_text()
        second = subprocess.run(
            [str(EXECUTABLE), "--store", str(store), "serve", "--port", str(free_port())],
            env=child_env(None), capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert second.returncode == 2 and "in use" in second.stderr, second.stderr
        assert (store / SERVER_FILE).read_text() == note
        loaded = run_cli(
            "load", str(data), "--graph", "public/staff", "--comment", "x", store=store
        )
        assert loaded.returncode == 0 and "goes there" in loaded.stderr, loaded.stderr


def test_serve_waits_for_a_cli_write_and_a_write_waits_for_a_starting_server(
    example_store_template: Path, tmp_path: Path
) -> None:
    """Walk: a load sent just after `serve` began opened the store files itself (the
    server's start-up note was there, the store not yet taken), and the starting server
    exited "store in use": the office was left without a server. Now `serve` waits while a
    write holds the store, and a write waits for a server that is starting, whether or not
    the store is still free; both then go on, the write through the server."""
    from akteursgraph.bench.server import stop_process
    from akteursgraph.server_link import STARTING_FILE
    from akteursgraph.store import Store

    store = copy_store(example_store_template, tmp_path)
    data = tmp_path / "frisch.ttl"
    data.write_text(TURTLE, encoding="utf-8")
    held: Store | None = Store.open(store)  # a CLI write that opened the store first
    proc = _serve(store, tmp_path / "serve.txt")
    load = None
    try:
        until(lambda: "sobald er frei ist" in (tmp_path / "serve.txt").read_text(), seconds=60)
        assert proc.poll() is None and (store / STARTING_FILE).exists()
        os.kill(proc.pid, signal.SIGSTOP)  # still starting, and the store free:
        held.close()
        held = None
        load = _load_in_background(store, data, tmp_path / "load.txt")
        until(lambda: "startet gerade" in (tmp_path / "load.txt").read_text(), seconds=30)
        assert load.poll() is None  # it waits, rather than writing the files itself
        os.kill(proc.pid, signal.SIGCONT)
        assert load.wait(timeout=120) == 0, (tmp_path / "load.txt").read_text()
        assert "goes there" in (tmp_path / "load.txt").read_text()
        assert proc.poll() is None and (store / SERVER_FILE).exists()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGCONT)
        stop_process(proc, 20.0)
        if load is not None and load.poll() is None:
            load.kill()
        if held is not None:
            held.close()


def test_a_write_waiting_for_a_server_that_ends_before_serving_is_written(
    example_store_template: Path, tmp_path: Path
) -> None:
    """Walk: a load waiting for a starting server that was then killed (or whose port was
    taken) answered "store in use", though the store was free. It now says that the server
    ended before it served, and writes the change itself."""
    from akteursgraph.store import Store

    store = copy_store(example_store_template, tmp_path)
    data = tmp_path / "frisch.ttl"
    data.write_text(TURTLE, encoding="utf-8")
    held: Store | None = Store.open(store)
    proc = _serve(store, tmp_path / "serve.txt")
    try:
        until(lambda: "sobald er frei ist" in (tmp_path / "serve.txt").read_text(), seconds=60)
        load = _load_in_background(store, data, tmp_path / "load.txt")
        until(lambda: "startet gerade" in (tmp_path / "load.txt").read_text(), seconds=30)
        proc.kill()
        proc.wait(timeout=30)
        held.close()
        held = None
        assert load.wait(timeout=120) == 0, (tmp_path / "load.txt").read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
        if held is not None:
            held.close()
    said = (tmp_path / "load.txt").read_text()
    assert "bevor er den Speicher bediente" in said and "stopped before it served" in said
    with Store.open(store, read_only=True) as reopened:
        label = ox.Literal(LABEL, language="de")
        found = reopened.select(
            "SELECT ?o ?l WHERE { ?o <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }",
            bindings={"l": label},
        )
        assert found, "the load was not written"


def test_a_change_sent_while_the_server_stops_is_refused(
    example_store_template: Path, tmp_path: Path
) -> None:
    """Walk: SIGTERM while a large load went through the server; a load sent a second later
    got its connection cut as the server exited, "whether it carried it out is open",
    where docs/cli.md promises "The server is stopping; nothing was written". The server now
    refuses new changes at once and answers them while it ends the commit under way."""
    store = copy_store(example_store_template, tmp_path)
    big = tmp_path / "gross.nt"
    with big.open("w", encoding="utf-8") as out:
        for i in range(150_000):
            out.write(f'<urn:x:stop-{i}> <urn:x:nummer> "{i}" .\n')
    small = tmp_path / "frisch.ttl"
    small.write_text(TURTLE, encoding="utf-8")
    from akteursgraph.changes.reading import recent

    with serving(store) as (proc, url):
        first = _load_in_background(store, big, tmp_path / "big.txt", graph="internal/gross")
        # The server is committing it (its change set is recorded as being applied).
        until(lambda: bool(recent(store, status="applying")), seconds=120)
        os.kill(proc.pid, signal.SIGTERM)
        late = run_cli(
            "load", str(small), "--graph", "public/staff", "--comment", "late", store=store
        )
        # A request of the web that may write (a form, a review, a SPARQL update) likewise.
        form = urllib.request.Request(f"{url}/sparql", data=b"query=ASK%7B%7D", method="POST")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(form, timeout=30)
        assert refused.value.code == 503 and b"is stopping" in refused.value.read()
        assert first.wait(timeout=300) == 0, (tmp_path / "big.txt").read_text()
        assert late.returncode == 2, late.stderr
        assert "nichts wurde geschrieben" in late.stderr and "is stopping" in late.stderr
        assert proc.wait(timeout=60) == 0
    with_label = run_cli("history", "example/organisation/frisch-geladen", store=store)
    assert with_label.returncode == 0 and with_label.stdout == "", with_label.stdout


def test_an_erasure_waits_for_a_starting_server_and_runs_there(
    example_store_template: Path, tmp_path: Path
) -> None:
    """Re-check: `forget` looked only for a running server: sent while `serve` started, it
    erased the store itself and the starting server exited ("an erasure is under way"). It
    now waits for the starting server and the erasure runs there."""
    from akteursgraph.bench.server import child_env, stop_process
    from akteursgraph.store import Store

    store = copy_store(example_store_template, tmp_path)
    held: Store | None = Store.open(store)
    [row] = held.select(
        "SELECT ?p WHERE { ?p a <http://xmlns.com/foaf/0.1/Person> } ORDER BY ?p LIMIT 1"
    )
    person = row["p"].value
    proc = _serve(store, tmp_path / "serve.txt")
    erasure = None
    try:
        until(lambda: "sobald er frei ist" in (tmp_path / "serve.txt").read_text(), seconds=60)
        with (tmp_path / "forget.txt").open("wb") as out:
            erasure = subprocess.Popen(
                [str(EXECUTABLE), "--store", str(store), "forget", person, "--reason", "test"],
                env=child_env(None), stdout=subprocess.DEVNULL, stderr=out,
            )  # fmt: skip
        until(lambda: "startet gerade" in (tmp_path / "forget.txt").read_text(), seconds=30)
        held.close()
        held = None
        assert erasure.wait(timeout=300) == 0, (tmp_path / "forget.txt").read_text()
        assert "die Löschung läuft dort" in (tmp_path / "forget.txt").read_text()
        assert proc.poll() is None and (store / SERVER_FILE).exists()
    finally:
        stop_process(proc, 20.0)
        if erasure is not None and erasure.poll() is None:
            erasure.kill()
        if held is not None:
            held.close()
