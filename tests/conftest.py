"""Shared fixtures: real on-disk stores (built once, copied per test) and a network guard."""

from __future__ import annotations

import contextlib
import ipaddress
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import jinja2
import pytest
from flask import Flask
from flask.testing import FlaskClient

# One launcher for tests and benchmark: start, wait for and stop `akteursgraph serve`.
from akteursgraph.accounts import ROLES, Accounts
from akteursgraph.bench.server import serving
from akteursgraph.operations import init_store
from akteursgraph.publish import Publisher
from akteursgraph.store import Store
from akteursgraph_web import close_app, create_app

DATA = Path(__file__).parent / "data"
BIN = Path(sys.executable).parent


@pytest.fixture(autouse=True, scope="session")
def _no_internet() -> Iterator[None]:
    """Tests never touch the internet: any connection off the loopback fails loudly."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else None
        if isinstance(host, str):
            try:
                if not ipaddress.ip_address(host).is_loopback:
                    raise OSError(f"test tried to reach {host}: no internet in tests")
            except ValueError:
                if host != "localhost":
                    raise OSError(f"test tried to reach {host}: no internet in tests") from None
        return real_connect(self, address)

    socket.socket.connect = guarded  # type: ignore[method-assign]
    yield
    socket.socket.connect = real_connect  # type: ignore[method-assign]


class _CompiledOnce(jinja2.BytecodeCache):
    """Each template compiled once per test process instead of once per app.

    A test process makes hundreds of apps (`make_app`), and each app's Jinja environment
    compiled every template it rendered anew: 255 compiles in three workspace test files,
    15 of their 120 s under the profiler. Jinja's bytecode cache is its own way to share
    compiled templates between environments; a bucket holds the checksum of its source, so a
    changed template is compiled again. Every app here is made by `create_app` with the same
    options, so their compiled templates are the same."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


@pytest.fixture(autouse=True, scope="session")
def _templates_compiled_once() -> Iterator[None]:
    """Every Flask app of this test process shares `_CompiledOnce` (Flask passes
    `jinja_options` to each app's environment)."""
    before = Flask.jinja_options
    Flask.jinja_options = {**before, "bytecode_cache": _CompiledOnce()}
    yield
    Flask.jinja_options = before


def _template(tmp_path_factory: pytest.TempPathFactory, name: str, example: bool) -> Path:
    path = tmp_path_factory.mktemp(name) / "store"
    store, _ = init_store(path, example=example, agent="test")
    store.close()
    return path


@pytest.fixture(scope="session")
def vocab_store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory, "vocab", example=False)


@pytest.fixture(scope="session")
def example_store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory, "example", example=True)


def served_once(path: Path) -> None:
    """Open and close the store at `path` as the server does: its mirror exists and is
    marked in step."""
    publisher = Publisher.before_open(path)
    store = Store.open(path)
    try:
        publisher.start(store)
    finally:
        store.close()
        publisher.close()


@pytest.fixture(scope="session")
def served_store_template(
    example_store_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The example store as a stopped server leaves it: its public mirror built, in step and
    trusted, its first snapshot taken. Apps made on a copy start as a restarted server does,
    without rebuilding the mirror (0.3 s of each app's 0.7 s start on the example). Tests of
    the first start-up use `example_store_template`, which was never served."""
    path = copy_store(example_store_template, tmp_path_factory.mktemp("served"))
    served_once(path)
    assert Publisher.before_open(path).trusted, "the served template's mirror is not trusted"
    return path


@pytest.fixture(scope="session")
def store(
    example_store_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """The example store, for tests that only read (explore, search, data).

    Opened for writing, on its own copy, as the server opens its store: what is derived from
    it (the lists' facet indexes, the vocabulary's labels) is then kept between reads, where
    a read-only store computes it for each one (13 s against 0.3 for the 258 lists of the
    facet counts' test). No test may write to it: its quads are compared at the end."""
    path = copy_store(example_store_template, tmp_path_factory.mktemp("reading"))
    with Store.open(path) as opened:
        before = dump(opened)
        yield opened
        assert dump(opened) == before, "a test wrote to the shared example store"


def until(check: Callable[[], bool], seconds: float = 10.0) -> None:
    """Wait for what another thread or process does, polling; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "not reached in time"
        time.sleep(0.01)


def copy_store(template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(template, target)
    return target


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The smallest generated district (scale 0.01), loaded once per test module: the bench
    workloads' tests run on it. Each test that writes copies it (`copy_store`)."""
    from akteursgraph.bench import generate
    from akteursgraph.operations import init_store, load_files

    folder = tmp_path_factory.mktemp("district")
    files = generate.write(0.01, folder / "data")
    store, _ = init_store(folder / "store", agent="test")
    try:
        load_files(store, files, agent="test")
    finally:
        store.close()
    return folder / "store"


@pytest.fixture
def vocab_store(vocab_store_template: Path, tmp_path: Path) -> Iterator[Store]:
    with Store.open(copy_store(vocab_store_template, tmp_path)) as store:
        yield store


@pytest.fixture
def example_store_path(example_store_template: Path, tmp_path: Path) -> Path:
    return copy_store(example_store_template, tmp_path)


@pytest.fixture(scope="session")
def example_app(
    served_store_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """The real app on a copy of the example store, shared by the tests that only read."""
    app = create_app(
        {"STORE_PATH": str(copy_store(served_store_template, tmp_path_factory.mktemp("app"))),
         "TESTING": True}
    )  # fmt: skip
    yield app
    close_app(app)


@pytest.fixture
def client(example_app: Flask) -> FlaskClient:
    """Flask's test client on the shared example app: for views that only read."""
    return example_app.test_client()


@pytest.fixture
def make_app(served_store_template: Path, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """Build a real app on this test's own copy of the example store, with settings to change.

    For tests that write or need other settings; every app made is closed after the test.
    The copy is of a served store (`served_store_template`): the app starts as a restarted
    server does. One query worker unless a test asks for more (`QUERY_WORKERS`): most of
    these apps never run a query, and each worker is a process of its own that the app
    starts and waits for.
    """
    made: list[Flask] = []

    def build(**config: object) -> Flask:
        path = copy_store(served_store_template, tmp_path / f"app{len(made)}")
        app = create_app({"STORE_PATH": str(path), "TESTING": True, "QUERY_WORKERS": 1, **config})
        made.append(app)
        return app

    yield build
    for app in made:
        close_app(app)


def dump(store: Store) -> list[str]:
    """Every quad of the store, sorted: the 'nothing changed' oracle."""
    return sorted(str(q) for q in store.quads())


def run_cli(
    *args: str,
    store: Path | None = None,
    input_text: str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """The installed `akteursgraph` entry point, as a user runs it."""
    cmd = [str(BIN / "akteursgraph")]
    if store is not None:
        cmd += ["--store", str(store)]
    import os

    full_env = {**os.environ, **(env or {})}
    full_env.pop("AKTEURSGRAPH_STORE", None)
    return subprocess.run(
        [*cmd, *args], capture_output=True, text=True, input=input_text, env=full_env, timeout=300
    )


@contextlib.contextmanager
def running_server(
    store_path: Path, *serve_args: str, env: dict[str, str] | None = None
) -> Iterator[str]:
    """`akteursgraph serve` as a real process on a free port; yields its base URL."""
    with serving(store_path, *serve_args, env=env) as (_proc, url):
        yield url


# ---- staff accounts and logins (the workspace) ----------------------------------------------
#
# Tests of staff pages log a test client in with the real login form:
#
#     def test_edit(make_app):
#         client = login(make_app().test_client(), "editor")   # from .conftest import login
#         token = csrf_token(client)                           # for the forms it posts
#         client.post("/workspace/...", data={"csrf_token": token, ...})
#
# or, with the fixtures: `staff_client("reviewer")` (a logged-in client on a fresh app) and
# `staff(app)` (one account per role in the app's store). Accounts are named after their role
# ("editor"; another one with `login(client, "editor", name="editor2")`) and all have the
# password STAFF_PASSWORD.

STAFF_PASSWORD = "staff-password-for-tests"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def add_staff(app: Flask, role: str, name: str | None = None) -> str:
    """An account with `role` in the app's store (made once; named after the role unless
    `name` is given). Returns its name."""
    accounts = Accounts(app.config["STORE_PATH"])
    name = name or role
    if accounts.find(name) is None:
        accounts.add(name, role, STAFF_PASSWORD)
    return name


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token of the client's session, read from a page's form as a browser would
    (`/login` for anyone; a logged-in client gets it from `/workspace/` instead)."""
    page = client.get(path, follow_redirects=True).get_data(as_text=True)
    found = _CSRF.search(page)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def login(client: FlaskClient, role: str, *, name: str | None = None) -> FlaskClient:
    """Log `client` in through the real login form as an account with `role` (made in the
    client's app store when missing); returns the client, now logged in."""
    name = add_staff(client.application, role, name)
    response = client.post(
        "/login",
        data={"csrf_token": csrf_token(client), "name": name, "password": STAFF_PASSWORD},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def api_token(app: Flask | Path, role: str = "editor", name: str | None = None) -> str:
    """A personal API token (`Authorization: Bearer ...`) of an account with `role` in the
    store of `app` (or the store folder `app`); SPARQL updates are made with one."""
    path = Path(app) if isinstance(app, Path) else Path(app.config["STORE_PATH"])
    accounts = Accounts(path)
    name = name or role
    if accounts.find(name) is None:
        accounts.add(name, role, STAFF_PASSWORD)
    return accounts.create_token(name, "tests")


@pytest.fixture
def staff() -> Callable[[Flask], dict[str, str]]:
    """`staff(app)`: one account per role in the app's store; returns {role: account name}."""

    def create(app: Flask) -> dict[str, str]:
        return {role: add_staff(app, role) for role in ROLES}

    return create


@pytest.fixture
def staff_client(make_app: Callable[..., Flask]) -> Callable[..., FlaskClient]:
    """`staff_client(role, app=None, **config)`: a test client logged in with `role`, on
    `app` or on a fresh app (with `config`) on a copy of the example store."""

    def make(role: str, app: Flask | None = None, **config: object) -> FlaskClient:
        return login((app or make_app(**config)).test_client(), role)

    return make


def sparql_about_person(client: FlaskClient, person: str, name: str) -> dict[str, str]:
    """What `/sparql` answers about a person in each of its forms (the canary tests): by IRI,
    by a word of the name, incoming links, CONSTRUCT, DESCRIBE and GRAPH. Each must be 200."""
    import urllib.parse

    def sparql(text: str, accept: str = "application/sparql-results+json") -> str:
        resp = client.get(
            "/sparql?" + urllib.parse.urlencode({"query": text}), headers={"Accept": accept}
        )
        assert resp.status_code == 200, (text, resp.get_data(as_text=True))
        return resp.get_data(as_text=True)

    nt = "application/n-triples"
    return {
        "SELECT": sparql(f"SELECT ?p ?o WHERE {{ <{person}> ?p ?o }}"),
        "SELECT name": sparql(
            f'SELECT ?s WHERE {{ ?s ?p ?o FILTER(CONTAINS(STR(?o), "{name}")) }}'
        ),
        "SELECT incoming": sparql(f"SELECT ?s ?x WHERE {{ ?s ?p ?x FILTER(?x = <{person}>) }}"),
        "CONSTRUCT": sparql(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(?s = <{person}>) }}", nt
        ),
        "DESCRIBE": sparql(f"DESCRIBE <{person}>", nt),
        "GRAPH": sparql(
            f"SELECT ?g ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?s = <{person}>) }}"
        ),
    }


def newest_dump_text(app: Flask) -> str:
    """The newest dump version's N-Triples (no prefixes to hide an IRI), once the snapshot of
    the last acknowledged change is taken and the dump made of it."""
    import gzip

    from akteursgraph.publish import dumps

    assert app.extensions["akteursgraph.snapshots"].wait(60)
    assert app.extensions["akteursgraph.dumps"].wait_idle(120), "no dump within 120 s"
    newest = dumps.read_index(app.config["STORE_PATH"])["versions"][0]
    folder = Path(app.config["STORE_PATH"]) / "dumps" / "versions" / newest["version"]
    return gzip.decompress((folder / "akteursgraph.nt.gz").read_bytes()).decode()
