"""The child of `test_disk_full`: runs on a small tmpfs of its own (a mount namespace made by
`unshare`), fills it and writes through the real app.

For each margin of free space left on the filled disk it removes a public statement through
`/sparql/update`, and records what the answer said, what the store holds, what the public
side serves, and what happens once the space is free again. It prints one JSON line per
margin; the test judges them. Not a test module itself (pytest does not collect it).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from akteursgraph.accounts import Accounts
from akteursgraph.changes.history import History
from akteursgraph.store import Store
from akteursgraph_web import close_app, create_app

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
LABEL = ox.NamedNode(RDFS_LABEL)


def fill(disk: Path, leave: int) -> Path:
    """Fill `disk` until `leave` bytes are free (0: completely)."""
    filler = disk / "filler"
    with open(filler, "wb") as out:
        block = b"\0" * 65536
        while True:
            free = shutil.disk_usage(disk).free - leave
            if free <= 0:
                break
            try:
                out.write(block[: min(len(block), free)])
                out.flush()
            except OSError:
                break
    return filler


def public_label(store: Store) -> ox.Quad:
    """A public label to remove (of a named node, in plain words)."""
    for q in store.quads(predicate=LABEL):
        if (store.is_public_graph(q.graph_name) and isinstance(q.subject, ox.NamedNode)
                and q.object.value.replace(" ", "").isalpha()):  # fmt: skip
            return q
    raise RuntimeError("no public label in the example")


def holds(store: Store, q: ox.Quad) -> bool:
    return next(store.quads(q.subject, q.predicate, q.object, q.graph_name), None) is not None


def ask(client: object, s: str, o: str, g: str) -> tuple[int, str]:
    query = f"ASK {{ GRAPH {g} {{ {s} <{RDFS_LABEL}> {o} }} }}"
    response = client.get(  # type: ignore[attr-defined]
        "/sparql",
        query_string={"query": query},
        headers={"Accept": "application/sparql-results+json"},
    )
    return response.status_code, response.get_data(as_text=True)


def editor_token(store_path: Path) -> str:
    """An editor's personal API token, made before the disk is filled (as staff have one)."""
    accounts = Accounts(store_path)
    if accounts.find("editor") is None:
        accounts.add("editor", "editor", "disk-full-password")
    return accounts.create_token("editor")


def update(client: object, text: str, token: str) -> tuple[int, str, str]:
    response = client.post(  # type: ignore[attr-defined]
        "/sparql/update",
        data=text.encode(),
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"},
    )
    return (response.status_code, response.get_data(as_text=True),
            response.headers.get("X-Akteursgraph-Stale", ""))  # fmt: skip


def scenario(template: Path, disk: Path, leave: int) -> dict[str, object]:
    path = disk / "store"
    shutil.rmtree(path, ignore_errors=True)
    shutil.copytree(template, path)
    config = {"STORE_PATH": str(path), "TESTING": True, "DUMPS": False, "QUERY_WORKERS": 1,
              "REVIEW_REQUIRED": False}  # fmt: skip
    app = create_app(config)
    token = editor_token(path)
    client = app.test_client()
    store: Store = app.extensions["akteursgraph.store"]
    q = public_label(store)
    s, o, g, text = str(q.subject), str(q.object), str(q.graph_name), q.object.value
    result: dict[str, object] = {"leave": leave}
    filler = fill(disk, leave)
    try:
        removal = f"DELETE DATA {{ GRAPH {g} {{ {s} <{RDFS_LABEL}> {o} }} }}"
        status, body, stale = update(client, removal, token)
        result["status"], result["body"], result["stale"] = status, body, stale
        result["committed"] = not holds(store, q)
        result["sparql_full"] = ask(client, s, o, g)
        page = client.get("/")
        result["page_full"] = page.status_code
        search = client.get("/search", query_string={"q": text})
        result["search_full"] = (search.status_code, text in search.get_data(as_text=True))
    finally:
        filler.unlink()
    # Room again: the next write must go through and catch up what was left stale.
    internal = store.internal_prefix + "notes"
    status, body, stale = update(
        client, f'INSERT DATA {{ GRAPH <{internal}> {{ {s} <{RDFS_LABEL}> "after"@de }} }}', token
    )
    result["after_status"], result["after_body"], result["after_stale"] = status, body, stale
    result["sparql_after"] = ask(client, s, o, g)
    result["page_after"] = client.get("/").status_code
    writer = app.extensions["akteursgraph.writer"]
    result["writer_stale"] = writer.stale
    close_app(app)
    with sqlite3.connect(History(path).path) as db:
        result["statuses"] = sorted(
            r[0] for r in db.execute("SELECT status FROM change_sets ORDER BY seq DESC LIMIT 2")
        )
    with Store.open(path, read_only=True) as reopened:
        result["committed_after_restart"] = not holds(reopened, q)
    return result


def cli_scenario(template: Path, disk: Path, leave: int) -> dict[str, object]:
    """`akteursgraph load` of a small file on the filled disk: exit 0 iff it was committed."""
    path = disk / "store"
    shutil.rmtree(path, ignore_errors=True)
    shutil.copytree(template, path)
    data = disk.parent / "one.ttl"  # outside the small disk
    subject = "https://w3id.org/akteursgraph/mitte/disk-full-note"
    data.write_text(f'<{subject}> <{RDFS_LABEL}> "Notiz"@de .\n', encoding="utf-8")
    tool = Path(sys.executable).with_name("akteursgraph")
    filler = fill(disk, leave)
    try:
        run = subprocess.run([str(tool), "--store", str(path), "load", str(data)],
                             capture_output=True, text=True, timeout=300)  # fmt: skip
    finally:
        filler.unlink()
    with Store.open(path, read_only=True) as reopened:
        committed = next(reopened.quads(ox.NamedNode(subject)), None) is not None
    return {"kind": "cli", "leave": leave, "rc": run.returncode, "stderr": run.stderr[-2000:],
            "committed": committed}  # fmt: skip


def start_scenario(template: Path, disk: Path) -> dict[str, object]:
    """The app starting on a full disk: it serves read-only; a write gets 503."""
    path = disk / "store"
    shutil.rmtree(path, ignore_errors=True)
    shutil.copytree(template, path)
    config = {"STORE_PATH": str(path), "TESTING": True, "DUMPS": False, "QUERY_WORKERS": 1,
              "REVIEW_REQUIRED": False}  # fmt: skip
    close_app(create_app(config))  # one run that leaves the mirror in step
    token = editor_token(path)
    filler = fill(disk, 0)
    try:
        app = create_app(config)
        client = app.test_client()
        result: dict[str, object] = {"kind": "start", "page": client.get("/").status_code}
        result["sparql"] = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"},
                                      headers={"Accept": "application/sparql-results+json"}
                                      ).status_code  # fmt: skip
        internal = app.extensions["akteursgraph.store"].internal_prefix + "notes"
        insert = f'INSERT DATA {{ GRAPH <{internal}> {{ <urn:x:a> <{RDFS_LABEL}> "a" }} }}'
        result["update"] = update(client, insert, token)[:2]
        close_app(app)
    finally:
        filler.unlink()
    return result


def main() -> None:
    disk, template = Path(sys.argv[1]), Path(sys.argv[2])
    for leave in [int(x) for x in sys.argv[3].split(",")]:
        for run in (scenario, cli_scenario):
            try:
                result = run(template, disk, leave)
            except BaseException as exc:  # the test shows what broke
                result = {"leave": leave, "crashed": f"{run.__name__}: {exc!r}"}
            print(json.dumps(result), flush=True)
            shutil.rmtree(disk / "store", ignore_errors=True)
    try:
        result = start_scenario(template, disk)
    except BaseException as exc:
        result = {"kind": "start", "crashed": f"start_scenario: {exc!r}"}
    print(json.dumps(result), flush=True)
    os._exit(0)  # the query workers are the app's; nothing else to wait for


if __name__ == "__main__":
    main()
