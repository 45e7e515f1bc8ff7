"""Dumps (issue 12, item 2): every published version as files under /download/, with
checksums, a changelog, pruning by the store's setting, and a rewrite for erasures."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask

from akteursgraph.changes import publish
from akteursgraph.changes.settings import dump_keep, set_dump_keep
from akteursgraph.export import EXPORT_FORMATS, write_dataset
from akteursgraph.publish import dump_chunks, dump_files, dumps
from akteursgraph.publish.dumper import DumpScheduler
from akteursgraph.store import Change, Store

from .conftest import api_token, run_cli
from .test_changes import EX, INTERNAL, PUBLIC, organisation, relabel
from .test_changes_review import CANARY, CANARY_UPDATE

FAST = {"DUMP_START_DELAY": 0, "DUMP_SETTLE": 0.05, "QUERY_WORKERS": 1}
PARSE = {
    "akteursgraph.nt.gz": ox.RdfFormat.N_TRIPLES,
    "akteursgraph.ttl": ox.RdfFormat.TURTLE,
    "akteursgraph.jsonld": ox.RdfFormat.JSON_LD,
    "akteursgraph.trig": ox.RdfFormat.TRIG,
    "akteursgraph-added.nq.gz": ox.RdfFormat.N_QUADS,
    "akteursgraph-removed.nq.gz": ox.RdfFormat.N_QUADS,
}


def idle(app: Flask) -> None:
    # the snapshot that the dump is made of is taken after the acknowledgement
    assert app.extensions["akteursgraph.snapshots"].wait(60)
    assert app.extensions["akteursgraph.dumps"].wait_idle(120), "no dump within 120 s"


def store_of(app: Flask) -> Store:
    return app.extensions["akteursgraph.store"]


def read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def parsed(path: Path) -> set[ox.Quad]:
    return set(ox.parse(read(path), PARSE[path.name]))


def public_quads(store: Store) -> set[ox.Quad]:
    return set(store.dump_quads(public_only=True))


def as_triples(quads: set[ox.Quad]) -> set[ox.Quad]:
    return {ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads}


def version_folder(app: Flask, entry: dict) -> Path:
    return Path(app.config["STORE_PATH"]) / "dumps" / "versions" / entry["version"]


def every_dump_file(app: Flask) -> list[Path]:
    root = Path(app.config["STORE_PATH"]) / "dumps" / "versions"
    return sorted(p for p in root.rglob("*") if p.is_file())


# ---- what a dump holds -------------------------------------------------------------------


def test_a_dump_reloads_into_an_empty_store_and_equals_the_public_side(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(**FAST)
    idle(app)
    entry = dumps.latest_version(app.config["STORE_PATH"])
    assert entry is not None and entry["changes"]["previous"] is None
    public = public_quads(store_of(app))
    assert len(public) > 1000 and entry["quads"] == len(public)
    folder = version_folder(app, entry)
    for name in dumps.DUMP_FILES.values():
        empty = ox.Store()
        # parse() keeps the blank nodes' labels (load() would name them anew), so the
        # comparison is exact, not only up to blank-node renaming.
        empty.extend(ox.parse(read(folder / name), PARSE[name]))
        assert len(empty) > 1000
        got = set(empty)
        if name.endswith(".trig"):
            assert got == public, name  # the named graphs kept
        else:
            assert got == as_triples(public), name
            assert entry["triples"] == len(got)


def test_export_writes_a_triple_in_two_graphs_once_in_the_triple_formats() -> None:
    dataset = ox.Store()
    a, b = ox.NamedNode(EX + "graph/a"), ox.NamedNode(EX + "graph/b")
    t = (ox.NamedNode(EX + "x"), ox.NamedNode(EX + "p"), ox.Literal("both"))
    dataset.extend([ox.Quad(*t, a), ox.Quad(*t, b), ox.Quad(t[0], t[1], ox.Literal("b"), b)])
    import io

    for fmt, expected in (("nt", 2), ("ttl", 2), ("jsonld", 3), ("trig", 3), ("nq", 3)):
        out = io.BytesIO()
        assert write_dataset(dataset, [a, b], out, fmt) == expected, fmt
        assert len(set(ox.parse(out.getvalue(), EXPORT_FORMATS[fmt]))) == expected


def test_no_internal_or_unconsented_datum_is_ever_in_a_dump(
    make_app: Callable[..., Flask],
) -> None:
    """The canaries: what the example keeps internal, and a person without consent, an
    e-mail address and a note planted now; searched byte-wise in every file of every
    version (the gzipped ones unpacked), the changelog's diffs and the index."""
    app = make_app(**FAST, REVIEW_REQUIRED=False)
    idle(app)
    store = store_of(app)
    writer = app.extensions["akteursgraph.writer"]
    person = ox.NamedNode(EX + "person/kanarienperson-q7")
    planted = ["Kanarienperson Q7", "kanarien-q7@example.org", "Kanarien-Notiz Q7 intern"]
    writer.commit(Change(add=[
        ox.Quad(person, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                ox.NamedNode("http://xmlns.com/foaf/0.1/Person"), INTERNAL),
        ox.Quad(person, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                ox.Literal(planted[0], language="de"), INTERNAL),
        ox.Quad(person, ox.NamedNode("http://xmlns.com/foaf/0.1/mbox"),
                ox.NamedNode("mailto:" + planted[1]), INTERNAL),
        ox.Quad(ox.NamedNode(EX + "organisation/kanarien-org"),
                ox.NamedNode("http://www.w3.org/2004/02/skos/core#note"),
                ox.Literal(planted[2]), INTERNAL),
    ]))  # fmt: skip
    # A public change, so that a version is made after the planting.
    writer.commit(Change(add=organisation("kanarien-oeffentlich", "Kanarienverein", "Canaries")))
    idle(app)
    index = dumps.read_index(app.config["STORE_PATH"])
    assert len(index["versions"]) == 2 and index["versions"][0]["changes"]["added"] == 4
    # Everything the store holds only internally: literals and mailto/tel IRIs.
    public_text = " ".join(str(q) for q in store.dump_quads(public_only=True))
    internal = {
        t.value
        for g in store.named_graphs() if not g.startswith(store.public_prefix)
        for q in store.quads(graph=ox.NamedNode(g))
        for t in (q.subject, q.object)
        if (isinstance(t, ox.Literal) and len(t.value) >= 10)
        or (isinstance(t, ox.NamedNode) and t.value.startswith(("mailto:", "tel:")))
    }  # fmt: skip
    secrets = sorted(v for v in internal if v not in public_text) + planted
    assert len(secrets) > 20 and all(any(p in v for v in internal) for p in planted)
    files = [*every_dump_file(app), Path(app.config["STORE_PATH"]) / "dumps" / "index.json"]
    assert len(files) >= 4 + 4 + 2 + 1
    for path in files:
        data = read(path)
        for secret in secrets:
            assert secret.encode("utf-8") not in data, f"{secret!r} in {path.name}"
    assert b"Kanarienverein" in read(version_folder(app, index["versions"][0]) / "akteursgraph.ttl")


def test_checksums_and_sizes_match_the_files_and_the_downloads(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(**FAST)
    idle(app)
    client = app.test_client()
    listing = client.get("/download/index.json").get_json()
    [version] = listing["versions"]
    assert listing["latest"] == version["version"]
    sums = client.get(f"/download/{version['version']}/SHA256SUMS").get_data(as_text=True)
    for fmt, meta in version["files"].items():
        path = version_folder(app, version) / meta["name"]
        data = path.read_bytes()
        assert hashlib.sha256(data).hexdigest() == meta["sha256"] and len(data) == meta["bytes"]
        assert f"{meta['sha256']}  {meta['name']}\n" in sums
        for url in (meta["url"], dumps.LATEST_PATHS[fmt]):
            with client.get(url) as got:  # closed: the file is sent from disk
                assert got.status_code == 200 and got.data == data, url
                assert got.headers["X-Akteursgraph-Version"] == version["version"]


# ---- which versions there are ------------------------------------------------------------


def test_publications_within_seconds_make_one_version_that_lists_them_all(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(**{**FAST, "DUMP_SETTLE": 1.5}, REVIEW_REQUIRED=False)
    idle(app)
    writer = app.extensions["akteursgraph.writer"]
    ids = [writer.commit(Change(add=organisation(f"burst-{i}", f"Welle {i}", f"Wave {i}")))
           .change_id for i in range(3)]  # fmt: skip
    writer.commit(Change(add=[ox.Quad(ox.NamedNode(EX + "organisation/x"),
                  ox.NamedNode(EX + "internal-only"), ox.Literal("no"), INTERNAL)]))  # fmt: skip
    idle(app)
    versions = dumps.read_index(app.config["STORE_PATH"])["versions"]
    assert len(versions) == 2
    newest = versions[0]
    assert [p["change"] for p in newest["publications"]] == ids  # the internal one is none
    assert (newest["changes"]["added"], newest["changes"]["removed"]) == (12, 0)
    folder = version_folder(app, newest)
    added = parsed(folder / "akteursgraph-added.nq.gz")
    assert added == {q for i in range(3) for q in organisation(f"burst-{i}", f"Welle {i}",
                                                                f"Wave {i}")}  # fmt: skip
    assert parsed(folder / "akteursgraph-removed.nq.gz") == set()
    page = app.test_client().get("/download/", headers={"Accept-Language": "en"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "It includes 3 publications" in html
    # each by its time in words ("1 December 2026, 18:44 UTC", not the ISO text), never by
    # its change set (the history stays off public surfaces)
    for p in newest["publications"]:
        assert f"{p['published'][11:16]} UTC" in html and p["published"] not in html
    listed = app.test_client().get("/download/index.json").get_json()["versions"][0]
    assert listed["publications"] == [{"published": p["published"]}
                                      for p in newest["publications"]]  # fmt: skip


def test_no_change_set_id_reaches_the_download_listing_or_the_descriptions(
    make_app: Callable[..., Flask],
) -> None:
    """Issue 11: change sets never reach a public surface; /download/ listed their ids."""
    app = make_app(**FAST, REVIEW_REQUIRED=False)
    idle(app)
    writer = app.extensions["akteursgraph.writer"]
    done = writer.commit(Change(add=organisation("ohne-id", "Ohne Kennung", "No id")))
    idle(app)
    assert (
        dumps.read_index(app.config["STORE_PATH"])["versions"][0]["publications"][0]["change"]
        == done.change_id
    )  # the maker's own index keeps it (it reads what changed)
    client = app.test_client()
    for path in ("/download/", "/download/index.json", "/catalog", "/.well-known/void"):
        got = client.get(path, headers={"Accept-Language": "en"})
        text = got.get_data(as_text=True)
        assert got.status_code == 200 and text, path
        assert done.change_id not in text and "cs-2" not in text, path


def test_a_changelog_lists_removed_statements(make_app: Callable[..., Flask]) -> None:
    app = make_app(**FAST, REVIEW_REQUIRED=False)
    idle(app)
    writer = app.extensions["akteursgraph.writer"]
    writer.commit(Change(add=organisation("wechsel", "Alt", "Old")))
    idle(app)
    writer.commit(relabel("wechsel", "Alt", "Neu"))
    idle(app)
    newest = dumps.read_index(app.config["STORE_PATH"])["versions"][0]
    folder = version_folder(app, newest)
    label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    org = ox.NamedNode(EX + "organisation/wechsel")
    assert parsed(folder / "akteursgraph-removed.nq.gz") == {
        ox.Quad(org, label, ox.Literal("Alt", language="de"), PUBLIC)
    }
    assert parsed(folder / "akteursgraph-added.nq.gz") == {
        ox.Quad(org, label, ox.Literal("Neu", language="de"), PUBLIC)
    }


def test_what_a_consents_end_took_away_leaves_every_kept_version_and_downloads_wait(
    make_app: Callable[..., Flask],
) -> None:
    """A consent's end notes the statements it took away (`dumps.withhold`, written by the
    commit); until the dump maker has rewritten every kept version without them
    (`scrub_withheld`, after its next version), the files answer 503, not the old data.
    (The whole journey, a withdrawal through the app: tests/test_consent_records.py.)"""
    app = make_app(**FAST, REVIEW_REQUIRED=False)
    idle(app)
    app.extensions["akteursgraph.writer"].commit(Change(add=organisation("wechsel", "Alt", "Old")))
    idle(app)
    path = Path(app.config["STORE_PATH"])
    label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    taken = ox.Quad(
        ox.NamedNode(EX + "organisation/wechsel"), label, ox.Literal("Alt", language="de"), PUBLIC
    )
    assert any(taken in as_triples(parsed(f)) | parsed(f) for f in every_dump_file(app))
    assert dumps.withhold(path, [taken]) is not None
    client = app.test_client()
    with client.get("/download/latest/akteursgraph.ttl") as waiting:
        assert waiting.status_code == 503 and waiting.headers["Retry-After"]
    assert client.get("/download/index.json").status_code == 200  # the listing names no one
    assert dump_files.scrub_withheld(path) >= 1
    assert not dumps.withholding(path)
    for f in every_dump_file(app):
        if f.name in PARSE:
            assert taken not in parsed(f) and as_triples({taken}).isdisjoint(parsed(f)), f
    with client.get("/download/latest/akteursgraph.ttl") as served:
        assert served.status_code == 200


def test_a_draft_never_makes_a_version_until_it_is_published(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(**FAST)
    token = api_token(app)
    idle(app)
    client = app.test_client()
    resp = client.post(
        "/sparql/update",
        data=CANARY_UPDATE.encode(),
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"},
    )
    assert resp.status_code == 202
    time.sleep(0.5)  # ten times the quiet time: a version would be on its way
    idle(app)
    assert len(dumps.read_index(app.config["STORE_PATH"])["versions"]) == 1
    for path in every_dump_file(app):
        assert CANARY.encode() not in read(path), path.name
    change_id = resp.headers["X-Akteursgraph-Change"]
    publish(app.extensions["akteursgraph.writer"], change_id, reviewer="rita")
    idle(app)
    versions = dumps.read_index(app.config["STORE_PATH"])["versions"]
    assert len(versions) == 2 and versions[0]["publications"][0]["change"] == change_id
    with client.get("/download/latest/akteursgraph.trig") as got:
        assert CANARY.encode() in got.data


def test_a_restart_without_changes_makes_no_new_version(example_store_path: Path) -> None:
    from akteursgraph_web import close_app, create_app

    for _ in range(2):
        app = create_app({"STORE_PATH": str(example_store_path), "TESTING": True, **FAST})
        try:
            idle(app)
        finally:
            close_app(app)
    assert len(dumps.read_index(example_store_path)["versions"]) == 1


def test_a_publication_within_the_start_up_delay_keeps_what_changed_while_no_server_ran(
    example_store_path: Path,
) -> None:
    """Bench walk: the history's CLI writes (no server running) changed the public side; the
    next server's first publication came within the start-up delay and took the start-up's
    place, and its version patched only that publication's subjects onto the newest one:
    that version and every later one lacked the CLI's 4 quads, which /sparql had. The
    version after a start reads the whole snapshot, whatever publication joins it."""
    from akteursgraph.commit import commit
    from akteursgraph_web import close_app, create_app

    config = {"STORE_PATH": str(example_store_path), "TESTING": True, **FAST,
              "REVIEW_REQUIRED": False}  # fmt: skip
    app = create_app(config)
    try:
        idle(app)
    finally:
        close_app(app)
    with Store.open(example_store_path) as store:  # the CLI, no server running
        commit(store, Change(add=organisation("offline", "Ohne Server", "Without a server")))
    app = create_app({**config, "DUMP_START_DELAY": 3.0})
    try:
        app.extensions["akteursgraph.writer"].commit(
            Change(add=organisation("online", "Mit Server", "With a server"))
        )
        idle(app)
        newest = dumps.read_index(example_store_path)["versions"][0]
        trig = parsed(version_folder(app, newest) / "akteursgraph.trig")
        assert trig == public_quads(store_of(app))
        assert newest["quads"] == len(trig)
    finally:
        close_app(app)


# ---- pruning by the setting --------------------------------------------------------------


def _snapshot(tmp_path: Path, when: datetime, quads: list[ox.Quad]) -> Path:
    """A snapshot-like folder (a store on disk) named as the publisher names them."""
    folder = tmp_path / "snaps" / f"s{int(when.timestamp() * 1e9)}-v1"
    folder.parent.mkdir(parents=True, exist_ok=True)
    store = ox.Store(str(folder))
    store.extend(quads)
    store.flush()
    del store
    return folder


def test_versions_are_pruned_by_the_setting(example_store_path: Path, tmp_path: Path) -> None:
    assert dump_keep(example_store_path) == (10, True)  # the default
    set_dump_keep(example_store_path, last=2)
    months = [(1, 5), (1, 9), (1, 20), (2, 3), (2, 7), (3, 1)]
    quads: list[ox.Quad] = []
    made = []
    for i, (month, day) in enumerate(months):
        quads += organisation(f"p{i}", f"P {i}", f"P {i}")
        when = datetime(2026, month, day, 12, 0, tzinfo=UTC)
        last, monthly = dump_keep(example_store_path)
        entry = dump_files.make_version(example_store_path, _snapshot(tmp_path, when, quads),
                                   [{"change": f"c{i}", "published": when.isoformat()}],
                                   last=last, monthly=monthly)  # fmt: skip
        assert entry is not None
        made.append(entry["version"])
    versions = {v["version"]: v for v in dumps.read_index(example_store_path)["versions"]}
    kept = {n for n, v in versions.items() if v["kept"]}
    # The newest two, and the newest of each month.
    assert kept == {made[5], made[4], made[2]}
    root = dumps.dumps_root(example_store_path) / "versions"
    assert {p.name for p in root.iterdir()} == kept
    for name in set(made) - kept:  # still in the changelog, with counts, without files
        assert versions[name]["files"] == {} and versions[name]["changes"]["added"] == 4
        assert dumps.dump_file(example_store_path, name, "akteursgraph.ttl") is None
    set_dump_keep(example_store_path, monthly=False)
    quads += organisation("p6", "P 6", "P 6")
    when = datetime(2026, 3, 2, tzinfo=UTC)
    dump_files.make_version(example_store_path, _snapshot(tmp_path, when, quads), [],
                       last=2, monthly=False)  # fmt: skip
    kept = {v["version"] for v in dumps.read_index(example_store_path)["versions"] if v["kept"]}
    assert kept == {made[5], dumps.latest_version(example_store_path)["version"]}
    from akteursgraph_web import close_app, create_app

    app = create_app({"STORE_PATH": str(example_store_path), "TESTING": True, "DUMPS": False,
                      "QUERY_WORKERS": 1})  # fmt: skip
    try:
        client = app.test_client()
        html = client.get("/download/?lang=en").get_data(as_text=True)
        older = html.split("Older versions: the files are no longer kept", 1)[1]
        assert all(name in older for name in set(made) - kept)
        assert all(f"/download/{name}/akteursgraph.ttl" in html for name in kept)
        for name in set(made) - kept:
            assert client.get(f"/download/{name}/akteursgraph.ttl").status_code == 404
            assert client.get(f"/download/{name}/SHA256SUMS").status_code == 404
    finally:
        close_app(app)


def test_a_version_holds_a_triple_of_two_graphs_once_and_pieces_join_to_the_same_files(
    tmp_path: Path, example_store_path: Path
) -> None:
    """The triple formats merge the graphs (a triple in two graphs is one triple; a graph
    of its own is kept in TriG); and a version joined from cached pieces after a small change
    has byte for byte the files of one made from nothing, with only the changed buckets
    serialised again."""
    other = ox.NamedNode(PUBLIC.value + "-other")
    twice = organisation("doppelt", "Doppelt", "Twice")
    quads = [*twice, *(ox.Quad(q.subject, q.predicate, q.object, other) for q in twice[:2]),
             *organisation("einmal", "Einmal", "Once", other)]  # fmt: skip
    more = [*quads, *organisation("dazu", "Dazu", "Added")]
    first, second = datetime(2026, 5, 1, tzinfo=UTC), datetime(2026, 5, 2, tzinfo=UTC)
    cached = tmp_path / "cached"
    shutil.copytree(example_store_path, cached)
    entry = dump_files.make_version(cached, _snapshot(tmp_path / "a", first, quads), [],
                                    last=10, monthly=True)  # fmt: skip
    assert entry is not None and (entry["quads"], entry["triples"]) == (10, 8)
    folder = cached / "dumps" / "versions" / entry["version"]
    assert parsed(folder / "akteursgraph.trig") == set(quads)
    for name in ("akteursgraph.nt.gz", "akteursgraph.ttl", "akteursgraph.jsonld"):
        assert parsed(folder / name) == as_triples(set(quads)), name
    pieces = cached / "dumps" / dump_chunks.CHUNKS_DIR
    before = {p.name: p.stat().st_mtime_ns for p in pieces.iterdir()}
    incremental = dump_files.make_version(cached, _snapshot(tmp_path / "b", second, more), [],
                                          last=10, monthly=True)  # fmt: skip
    assert incremental is not None and incremental["changes"]["added"] == 4
    touched = {p.name.split(".")[0] for p in pieces.iterdir()
               if p.suffix != ".nq" and before.get(p.name) != p.stat().st_mtime_ns}  # fmt: skip
    assert len(touched - {"VERSION"}) <= 4  # the new organisation's subjects' buckets only
    fresh = tmp_path / "fresh"
    shutil.copytree(example_store_path, fresh)
    whole = dump_files.make_version(fresh, _snapshot(tmp_path / "c", second, more), [],
                                    last=10, monthly=True)  # fmt: skip
    assert whole is not None
    assert {k: m["sha256"] for k, m in incremental["files"].items()} == {
        k: m["sha256"] for k, m in whole["files"].items()
    }
    folder = cached / "dumps" / "versions" / incremental["version"]
    assert parsed(folder / "akteursgraph.trig") == set(more)
    for name in ("akteursgraph.nt.gz", "akteursgraph.ttl", "akteursgraph.jsonld"):
        assert parsed(folder / name) == as_triples(set(more)), name


def test_the_keep_setting_from_the_command_line(example_store_path: Path) -> None:
    shown = run_cli("dump-keep", store=example_store_path)
    assert shown.returncode == 0 and shown.stdout.strip() == "last 10, monthly on"
    done = run_cli("dump-keep", "--last", "3", "--monthly", "off", store=example_store_path)
    assert done.stdout.strip() == "last 3, monthly off" and dump_keep(example_store_path) == (
        3, False
    )  # fmt: skip
    refused = run_cli("dump-keep", "--last", "0", store=example_store_path)
    assert refused.returncode == 2 and "At least one version" in refused.stderr


# ---- the routes --------------------------------------------------------------------------


def test_the_download_routes(make_app: Callable[..., Flask]) -> None:
    app = make_app(**FAST)
    client = app.test_client()
    idle(app)
    version = dumps.latest_version(app.config["STORE_PATH"])["version"]
    types = {
        "akteursgraph.nt.gz": "application/gzip",
        "akteursgraph.ttl": "text/turtle; charset=utf-8",
        "akteursgraph.jsonld": "application/ld+json",
        "akteursgraph.trig": "application/trig; charset=utf-8",
    }
    assert set(types) == set(dumps.DUMP_FILES.values())
    for name, media_type in types.items():
        for v in ("latest", version):
            with client.get(f"/download/{v}/{name}") as got:
                assert got.status_code == 200, (v, name)
                assert got.headers["Content-Type"] == media_type
                assert got.headers["Content-Disposition"] == f"attachment; filename={name}"
                assert "Content-Encoding" not in got.headers  # the .gz is the file itself
                assert got.headers["Repr-Digest"].startswith("sha-256=:")
                # Open to browser clients of other sites, with the headers to check it by
                assert got.headers["Access-Control-Allow-Origin"] == "*"
                assert "Repr-Digest" in got.headers["Access-Control-Expose-Headers"]
    for listed in ("/download/index.json", f"/download/{version}/SHA256SUMS"):
        assert client.get(listed).headers["Access-Control-Allow-Origin"] == "*", listed
    page = client.get("/download/", headers={"Accept-Language": "de"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert version in html and "/download/latest/akteursgraph.nt.gz" in html
    assert "dcat-ap.de/def/licenses/cc-by/4.0" in html and "Lizenz" in html
    # The licence by its name, sizes with the page's decimal mark (they read "80.5 kB").
    assert ">Creative Commons Namensnennung – 4.0 International (CC BY 4.0)</a>" in html
    assert re.search(r"<td>\d+,\d kB</td>", html) and not re.search(r"<td>\d+\.\d kB</td>", html)
    english = client.get("/download/?lang=en").get_data(as_text=True)
    assert "Licence" in english and "SHA-256" in english
    for bad in (
        "/download/2020-01-01T00-00-00Z/akteursgraph.ttl",  # no such version
        f"/download/{version}/akteursgraph.nq",  # not a file of it
        f"/download/{version}/index.json",
        "/download/latest/..%2F..%2Fakteursgraph.json",
        "/download/..%2F..%2F/akteursgraph.json",
        "/download/%2E%2E/index.json/x",
        f"/download/{version}%2F..%2F..%2F..%2Fakteursgraph.json/x",
        "/download/base/CURRENT",
        "/download/work/x",
        "/download/latest/%2Fetc%2Fpasswd",
        "/download/nope/SHA256SUMS",
    ):
        assert client.get(bad).status_code == 404, bad
    assert dumps.find_version(app.config["STORE_PATH"], "../" + version) is None


def test_the_downloads_with_a_store_named_relative_to_the_working_folder(
    make_app: Callable[..., Flask], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walk: `akteursgraph --store store serve` answered every download with a 500: Flask's
    `send_file` reads a relative path as relative to the app's own package folder."""
    monkeypatch.chdir(tmp_path)
    relative = Path("app0", "store")  # the copy make_app makes first, by its name
    app = make_app(**FAST, STORE_PATH=str(relative))
    assert (tmp_path / relative).is_dir()
    client = app.test_client()
    idle(app)
    version = dumps.latest_version(app.config["STORE_PATH"])["version"]
    for v in ("latest", version):
        with client.get(f"/download/{v}/akteursgraph.ttl") as got:
            assert got.status_code == 200, got.get_data(as_text=True)[:300]


def test_before_the_first_version_the_page_says_so(make_app: Callable[..., Flask]) -> None:
    app = make_app(DUMP_START_DELAY=3600, QUERY_WORKERS=1)
    client = app.test_client()
    html = client.get("/download/?lang=en").get_data(as_text=True)
    assert "No version has been made yet" in html
    with client.get("/download/latest/akteursgraph.ttl") as got:
        assert got.status_code == 404
    assert client.get("/download/index.json").get_json()["versions"] == []


# ---- the command line and erasure ----------------------------------------------------------


def test_the_dump_command_writes_the_public_side_in_every_format(
    example_store_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    done = run_cli("dump", "--output", str(out), store=example_store_path)
    assert done.returncode == 0, done.stderr
    with Store.open(example_store_path, read_only=True) as store:
        public = public_quads(store)
        internal = {
            q.object.value for g in store.named_graphs() if "/internal/" in g
            for q in store.quads(graph=ox.NamedNode(g))
            if isinstance(q.object, ox.Literal) and len(q.object.value) > 20
        }  # fmt: skip
    public_text = " ".join(str(q) for q in public)
    secrets = [s for s in internal if s not in public_text]
    assert secrets
    assert parsed(out / "akteursgraph.trig") == public
    for name in ("akteursgraph.nt.gz", "akteursgraph.ttl", "akteursgraph.jsonld"):
        assert parsed(out / name) == as_triples(public)
    for name in dumps.DUMP_FILES.values():
        assert not any(s.encode() in read(out / name) for s in secrets), name
    sums = (out / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert len(sums) == 4
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    assert json.loads((out / "manifest.json").read_text())["quads"] == len(public)


def test_an_erasure_rewrites_every_kept_version(make_app: Callable[..., Flask]) -> None:
    """An erasure removes the statements from the store (a commit, whose version may be
    made before or after) and then rewrites the dumps: in either order, no file keeps them,
    not even the changelog's list of removed statements."""
    app = make_app(**FAST, REVIEW_REQUIRED=False)
    idle(app)
    writer = app.extensions["akteursgraph.writer"]
    erased = organisation("zu-loeschen", "Löschverein Z9", "Erase Club Z9")
    writer.commit(Change(add=erased))
    idle(app)
    writer.commit(Change(add=organisation("bleibt", "Bleibeverein", "Staying Club")))
    idle(app)
    path = Path(app.config["STORE_PATH"])
    before = dumps.read_index(path)["versions"]
    assert len(before) == 3
    assert b"Z9" in read(version_folder(app, before[0]) / "akteursgraph.jsonld")
    gone = ox.NamedNode(EX + "organisation/zu-loeschen")
    writer.commit(Change(remove=erased))
    dropped = dump_files.rewrite_dumps(path, lambda q: gone in (q.subject, q.object))
    idle(app)
    # At least 4 statements in 4 files of two versions, and in one diff of added ones.
    assert dropped >= 4 * 4 * 2 + 4
    after = dumps.read_index(path)["versions"]
    for entry in after:
        folder = path / "dumps" / "versions" / entry["version"]
        for meta in [*entry["files"].values(), *entry["changes"]["files"].values()]:
            data = (folder / meta["name"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == meta["sha256"]
            assert len(data) == meta["bytes"]
            text = read(folder / meta["name"])
            assert b"Z9" not in text and b"zu-loeschen" not in text, meta["name"]
        assert entry["quads"] == len(parsed(folder / "akteursgraph.trig"))
    stayed = next(e for e in after if e["version"] == before[0]["version"])
    assert stayed["rewritten"] and stayed["quads"] == before[0]["quads"] - 4
    added_z9 = next(e for e in after if e["version"] == before[1]["version"])
    assert added_z9["changes"]["added"] == 0  # its diff held only the erased organisation
    assert not any(b"zu-loeschen" in p.read_bytes()
               for p in (path / "dumps" / dump_chunks.CHUNKS_DIR).glob("*.nq"))  # fmt: skip
    # The next version's changelog neither brings it back nor lists it as removed.
    writer.commit(relabel("bleibt", "Bleibeverein", "Bleibeverein e. V."))
    idle(app)
    newest = dumps.read_index(path)["versions"][0]
    assert (newest["changes"]["added"], newest["changes"]["removed"]) == (1, 1)


def test_a_rewritten_first_version_counts_what_it_holds_as_added(
    make_app: Callable[..., Flask],
) -> None:
    """Exploratory walk: after a withdrawal's rewrite the first version said "6,625 added"
    above the 6,579 statements it held: its count of added statements, all of it when it
    was made, was not counted again (it has no changelog file to count)."""
    app = make_app(**FAST, REVIEW_REQUIRED=False)
    idle(app)
    path = Path(app.config["STORE_PATH"])
    (first,) = dumps.read_index(path)["versions"]
    assert first["changes"]["previous"] is None and first["changes"]["added"] == first["quads"]
    some = next(q.subject for q in parsed(version_folder(app, first) / "akteursgraph.trig")
                if "/organisation/" in q.subject.value)  # fmt: skip
    assert dump_files.rewrite_dumps(path, lambda q: q.subject == some) > 0
    (after,) = dumps.read_index(path)["versions"]
    assert after["quads"] < first["quads"] and after["changes"]["added"] == after["quads"]


def test_a_half_made_version_is_removed_at_the_next_start(
    example_store_path: Path, tmp_path: Path
) -> None:
    """A server stopped while a version was being made (its child ended) leaves a folder in
    `work/`; the index never names it, and the next start removes it."""
    half = dumps.dumps_root(example_store_path) / "work" / "2026-01-01T00-00-00Z"
    half.mkdir(parents=True)
    (half / "akteursgraph.ttl").write_bytes(b"half")
    scheduler = DumpScheduler(example_store_path, settle=0, start_delay=0)
    scheduler.start(None)
    try:
        assert not half.exists()
        assert dumps.read_index(example_store_path)["versions"] == []
    finally:
        scheduler.close()


def test_a_snapshot_with_the_newest_versions_data_is_noted_and_not_dumped_again(
    example_store_path: Path, tmp_path: Path
) -> None:
    """Publications that were taken back (a rename, then its undoing) end on a snapshot with
    the data of the newest version: no new version is made, the newest is noted as of that
    snapshot, and a server started on it later has nothing to dump (before, every start
    dumped the same data again, and waited for a version that never came)."""
    quads = organisation("zurueck", "Zurück", "Back")
    first = _snapshot(tmp_path / "a", datetime(2026, 6, 1, tzinfo=UTC), quads)
    made = dump_files.make_version(example_store_path, first, [], last=10, monthly=True)
    assert made is not None and made["snapshot"] == first.name
    again = _snapshot(tmp_path / "b", datetime(2026, 6, 2, tzinfo=UTC), quads)
    publications = [{"change": "c1", "published": "2026-06-02T00:00:00.000+00:00"}]
    assert dump_files.make_version(example_store_path, again, publications,
                                   last=10, monthly=True) is None  # fmt: skip
    [newest] = dumps.read_index(example_store_path)["versions"]
    assert newest["version"] == made["version"] and newest["snapshot"] == again.name
    assert newest["publications"] == publications
    scheduler = DumpScheduler(example_store_path, settle=0, start_delay=0)
    scheduler.start(again)
    try:
        assert scheduler.wait_idle(0.0)  # nothing pending
    finally:
        scheduler.close()


def test_a_store_from_before_the_piece_cache_keeps_its_changelog(
    tmp_path: Path, example_store_path: Path
) -> None:
    """Its `base.nq` becomes the cache's lines: the next version's changelog is still
    against the newest version (and the pieces are all written once)."""
    quads = organisation("alt", "Alt", "Old")
    first = dump_files.make_version(example_store_path,
                                    _snapshot(tmp_path / "a", datetime(2026, 6, 1, tzinfo=UTC),
                                              quads), [], last=10, monthly=True)  # fmt: skip
    assert first is not None
    root = example_store_path / "dumps"
    lines = b"".join(p.read_bytes() for p in sorted((root / dump_chunks.CHUNKS_DIR).glob("*.nq")))
    shutil.rmtree(root / dump_chunks.CHUNKS_DIR)
    (root / dump_files.OLD_BASE_FILE).write_bytes(lines)
    more = [*quads, *organisation("neu", "Neu", "New")]
    second = dump_files.make_version(example_store_path,
                                     _snapshot(tmp_path / "b", datetime(2026, 6, 2, tzinfo=UTC),
                                               more), [], last=10, monthly=True)  # fmt: skip
    assert second is not None
    assert second["changes"]["previous"] == first["version"]
    assert (second["changes"]["added"], second["changes"]["removed"]) == (4, 0)
    assert not (root / dump_files.OLD_BASE_FILE).exists()


def test_a_patched_version_equals_one_made_from_the_whole_snapshot(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    """After publications the maker patches only the buckets of the subjects they changed
    (from the history), where a start-up reads the whole snapshot: both give the same bytes,
    through additions, removals, a blank node and a label changed twice."""
    app = make_app(**FAST, REVIEW_REQUIRED=False)
    idle(app)
    writer = app.extensions["akteursgraph.writer"]
    address = ox.BlankNode()
    org = ox.NamedNode(EX + "organisation/flickenverein")
    street = ox.NamedNode("https://schema.org/streetAddress")
    writer.commit(Change(add=organisation("flickenverein", "Flickenverein", "Patch club")))
    writer.commit(relabel("flickenverein", "Flickenverein", "Flickenverein e. V."))
    idle(app)
    writer.commit(Change(add=[
        ox.Quad(org, ox.NamedNode("https://schema.org/address"), address, PUBLIC),
        ox.Quad(address, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                ox.NamedNode("https://schema.org/PostalAddress"), PUBLIC),
        ox.Quad(address, street, ox.Literal("Flickenweg 1"), PUBLIC),
    ]))  # fmt: skip
    writer.commit(relabel("flickenverein", "Flickenverein e. V.", "Flickenverein Mitte"))
    idle(app)
    writer.commit(Change(remove=[ox.Quad(address, street, ox.Literal("Flickenweg 1"), PUBLIC)]))
    idle(app)
    path = Path(app.config["STORE_PATH"])
    versions = dumps.read_index(path)["versions"]
    newest = versions[0]
    assert len(versions) >= 4 and newest["changes"]["removed"] == 1
    assert newest["read"] == "changed subjects: 1"  # patched: the address's blank node
    snapshot = dump_files.link_snapshot(app.extensions["akteursgraph.pool"].snapshot,
                                        tmp_path / "snap-copy")  # fmt: skip
    whole = dump_files.make_version(tmp_path / "fresh", snapshot, [], last=10, monthly=True)
    assert whole is not None
    assert {k: m["sha256"] for k, m in newest["files"].items()} == {
        k: m["sha256"] for k, m in whole["files"].items()
    }
    folder = path / "dumps" / "versions" / newest["version"]
    assert b"Flickenverein Mitte" in read(folder / "akteursgraph.trig")
    assert b"Flickenweg" not in read(folder / "akteursgraph.nt.gz")


def test_stopping_the_server_ends_the_maker_and_its_writer_processes(
    make_app: Callable[..., Flask],
) -> None:
    """The start-up version reads the whole snapshot and writes its pieces in two processes
    the maker starts; a server stopped meanwhile leaves none of them running."""
    # The version begins after the app is up (about 0.5 s; more on a loaded machine), so
    # that the loop below watches its writers from their start.
    app = make_app(**{**FAST, "DUMP_START_DELAY": 2.0})
    scheduler = app.extensions["akteursgraph.dumps"]
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and not workers:
        if scheduler.made or scheduler.failed:
            break  # done before its writers were seen (a loaded machine): nothing to stop
        child = scheduler._child
        if child is not None and child.poll() is None:
            children = Path(f"/proc/{child.pid}/task/{child.pid}/children")
            if children.exists():
                workers = [int(p) for p in children.read_text().split()]
        time.sleep(0.001)
    if not workers:
        pytest.skip("the start-up version was made before its writers could be seen")
    scheduler.close()  # what close_app does first when the server stops
    time.sleep(0.5)
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()
             and b"zombie" not in Path(f"/proc/{pid}/status").read_bytes().lower()]  # fmt: skip
    assert alive == []


def test_an_erasure_drops_a_piece_cache_whose_take_over_was_stopped(tmp_path: Path) -> None:
    """The dump maker, stopped while it moved a version's pieces into the cache (`take_over`
    moves the pieces, then the bucket lines, then names the version), left pieces whose
    bucket lines did not hold what they held: an erasure read the lines, found nothing and
    left a person's name in four pieces (seen in the full suite). Such a cache, with no
    version named, is dropped whole; the next version writes it anew."""
    person = b"https://w3id.org/akteursgraph/mitte/example/person/p-erased"
    chunks = tmp_path / dump_chunks.CHUNKS_DIR
    chunks.mkdir()
    for suffix in ("ttl", "trig"):  # the new pieces moved in; no lines, no version yet
        (chunks / f"221.{suffix}").write_bytes(b"<" + person + b"> <urn:p> <urn:o> .\n")
    (chunks / "007.nq").write_bytes(b"<urn:s> <urn:p> <urn:o> <urn:g> .\n")
    dump_chunks.rewrite_cache(chunks, lambda q: q.subject.value == person.decode())
    assert not chunks.exists()
    # A complete cache (its version named) is rewritten bucket by bucket, as before.
    chunks.mkdir()
    line = b"<" + person + b"> <urn:p> <urn:o> <urn:g> .\n"
    (chunks / "221.nq").write_bytes(line + b"<urn:s> <urn:p> <urn:o> <urn:g> .\n")
    (chunks / "221.ttl").write_bytes(line)
    (chunks / dump_chunks.VERSION_FILE).write_text("v1\n", encoding="utf-8")
    dump_chunks.rewrite_cache(chunks, lambda q: q.subject.value == person.decode())
    assert (chunks / "221.nq").read_bytes() == b"<urn:s> <urn:p> <urn:o> <urn:g> .\n"
    assert not (chunks / "221.ttl").exists() and (chunks / dump_chunks.VERSION_FILE).exists()


def test_a_big_dump_file_goes_to_disk_while_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dump version at the 1M district is 235 MB. Kept in memory until its final sync, it
    went to disk at once and held up every write of the server meanwhile (acknowledgements
    p95 222-278 ms; issue 11). The file is sent to disk every `SYNC_EVERY` bytes instead,
    and still holds exactly what was written, with its checksum."""
    synced: list[int] = []
    real = dump_files.os.fdatasync

    def counted(fd: int) -> None:
        synced.append(fd)
        real(fd)

    monkeypatch.setattr(dump_files.os, "fdatasync", counted)
    piece = bytes(range(256)) * 4096  # 1 MiB
    pieces = 2 * dump_files.SYNC_EVERY // len(piece) + 1

    def write(out: object) -> int:
        for _ in range(pieces):
            out.write(piece)  # type: ignore[attr-defined]
        return pieces

    path = tmp_path / "akteursgraph.ttl"
    entry = dump_files.write_file(path, write, gzipped=False, mtime=0.0)
    data = path.read_bytes()
    assert data == piece * pieces
    assert entry["bytes"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert len(synced) >= 2, f"synced {len(synced)} times while writing {len(data):,} bytes"
