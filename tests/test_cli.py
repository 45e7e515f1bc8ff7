"""The CLI contract, end to end through the installed entry point."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

from .conftest import BIN, DATA, run_cli

COMMANDS = [
    "init", "load", "validate", "query", "export", "stats", "serve",
    "history", "change", "revert", "drafts", "publish", "reject", "review-required",
]  # fmt: skip


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_for_every_command(command: str | None) -> None:
    result = run_cli(*([command] if command else []), "--help")
    assert result.returncode == 0
    assert "Usage: akteursgraph" in result.stdout
    if command is None:
        for c in COMMANDS:
            assert c in result.stdout
        assert "Exit codes" in result.stdout


def test_init_load_query_export_validate(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_cli("init", store=store).returncode == 0
    again = run_cli("init", store=store)
    assert again.returncode == 2 and "already exists" in again.stderr
    # with the ways on: keep it, make it anew, or another place (new-office walk)
    assert "--if-missing" in again.stderr and "--force" in again.stderr
    assert "akteursgraph --store FOLDER init" in again.stderr  # --store comes before init
    assert run_cli("init", "--if-missing", store=store).returncode == 0

    loaded = run_cli(
        "load", str(DATA / "good" / "network.ttl"), "--graph", "public/net", store=store
    )
    # network.ttl holds a person without consent: refused in a public graph, exit 1
    assert loaded.returncode == 1, loaded.stderr
    assert "Einwilligung" in loaded.stderr and "consent" in loaded.stderr
    loaded = run_cli("load", str(DATA / "good" / "network.ttl"), store=store)
    assert loaded.returncode == 0, loaded.stderr

    table = run_cli(
        "query", "SELECT ?org WHERE { ?org a org:Organization } ORDER BY ?org", store=store
    )
    assert table.returncode == 0
    assert "verein-a" in table.stdout and "verein-b" in table.stdout

    rq = tmp_path / "langs.rq"
    rq.write_text("SELECT ?lang WHERE { ?p schema:knowsLanguage ?lang } ORDER BY ?lang")
    as_csv = run_cli("query", str(rq), "--format", "csv", store=store)
    assert list(csv.reader(io.StringIO(as_csv.stdout))) == [["lang"], ["ar"], ["fr"]]
    as_json = run_cli("query", str(rq), "--format", "json", store=store)
    bindings = json.loads(as_json.stdout)["results"]["bindings"]
    assert [b["lang"]["value"] for b in bindings] == ["ar", "fr"]
    tsv = run_cli("query", str(rq), "--format", "tsv", store=store)
    assert tsv.stdout.splitlines()[0] == "?lang"
    ask = run_cli("query", "ASK { ?s a org:Membership }", store=store)
    assert ask.stdout.strip() == "true"

    assert run_cli("validate", store=store).returncode == 0

    stats = json.loads(run_cli("stats", "--json", store=store).stdout)
    assert stats["quads"] > 0
    assert any(g["graph"].endswith("graph/internal/network") for g in stats["graphs"])


def test_query_errors_exit_2_or_1(tmp_path: Path) -> None:
    store = tmp_path / "store"
    run_cli("init", store=store)
    bad = run_cli("query", "SELECT ?x WHERE { ?x ", store=store)
    assert bad.returncode == 1
    assert "SPARQL-Syntaxfehler" in bad.stderr and "SPARQL syntax error" in bad.stderr
    service = run_cli(
        "query", "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", store=store
    )
    assert service.returncode == 1 and "SERVICE" in service.stderr
    missing = run_cli("query", "missing.rq", store=store)
    assert missing.returncode == 2


def test_missing_store_and_unknown_option_exit_2(tmp_path: Path) -> None:
    result = run_cli("stats", store=tmp_path / "nowhere")
    assert result.returncode == 2
    assert "akteursgraph init" in result.stderr
    unknown = run_cli("stats", "--no-such-option", store=tmp_path)
    assert unknown.returncode == 2
    assert "Unbekannte Option --no-such-option" in unknown.stderr  # Click's errors in German too
    wrong = run_cli("export", "--format", "xlsx", store=tmp_path)
    assert wrong.returncode == 2
    # The German line names the value given, as the English one does (exploratory test).
    assert "Ungültiger Wert 'xlsx' für '--format': erlaubt 'ttl'," in wrong.stderr
    extra = run_cli("change", "ID1", "ID2", store=tmp_path)
    assert extra.returncode == 2
    assert "Fehler: Unerwartete zusätzliche Angabe (ID2)." in extra.stderr  # "Falscher Aufruf."
    missing = run_cli("reject", "cs-x", store=tmp_path)
    assert missing.returncode == 2
    assert "Missing option '--comment'" in missing.stderr
    assert "Es fehlt '--comment'. Hilfe: akteursgraph reject --help" in missing.stderr
    for said in (unknown, wrong, extra, missing):  # German first, as every other message of ours
        assert said.stderr.index("Fehler: ") < said.stderr.index("Error: "), said.stderr
    command = run_cli("no-such-command", store=tmp_path)
    assert command.returncode == 2 and "Unbekannter Befehl 'no-such-command'" in command.stderr
    # The German line says as much as the English one: what is allowed, what was meant.
    for args, german in (
        (("hist",), "Unbekannter Befehl 'hist'; meinten Sie 'history'? Hilfe"),
        (("history", "ag:x", "--newest", "0"), "'--newest': eine ganze Zahl ab 1."),
        (("history", "ag:x", "--format"), "Die Option '--format' braucht einen Wert."),
        (
            ("history", "--neweest", "2", "x"),
            "Unbekannte Option --neweest; meinten Sie '--newest'?",
        ),
    ):
        said = run_cli(*args, store=tmp_path)
        assert said.returncode == 2 and german in said.stderr, said.stderr
    # A group without its command shows its help, as before, not the help as an error.
    group = run_cli("user", store=tmp_path)
    assert group.returncode == 2 and "Error:" not in group.stderr and "Fehler:" not in group.stderr
    assert "Commands:" in group.stderr + group.stdout


def test_store_from_environment(tmp_path: Path) -> None:
    store = tmp_path / "env-store"
    env = {**os.environ, "AKTEURSGRAPH_STORE": str(store)}
    subprocess.run([str(BIN / "akteursgraph"), "init"], env=env, check=True, timeout=120)
    assert (store / "akteursgraph.json").is_file()


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld"])
def test_export_formats_parse_and_public_keeps_internal_out(
    example_store_path: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"dump.{fmt}"
    result = run_cli(
        "export", "--format", fmt, "--public", "--output", str(out), store=example_store_path
    )
    assert result.returncode == 0, result.stderr
    rdflib_format = {
        "ttl": "turtle",
        "nt": "nt",
        "nq": "nquads",
        "trig": "trig",
        "jsonld": "json-ld",
    }[fmt]
    data = rdflib.Dataset()
    data.parse(out, format=rdflib_format)
    assert len(data) > 1000
    text = out.read_text(encoding="utf-8")
    assert "graph/internal/" not in text
    assert "vcard#hasEmail" not in text and "mailto:" not in text
    full = run_cli("export", "--format", fmt, store=example_store_path)
    assert "mailto:" in full.stdout  # the non-public dump has them: the filter is real


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_validate_finds_what_got_past_the_write_path_with_either_engine(
    vocab_store_template: Path, tmp_path: Path, engine: str
) -> None:
    import pyoxigraph as ox

    from akteursgraph.store import Store

    from .conftest import copy_store

    path = copy_store(vocab_store_template, tmp_path)
    with Store.open(path) as store:  # written behind validation's back, as an old store might be
        org = ox.NamedNode(store.base_iri + "organisation/ohne-name")
        store._ox.add(
            ox.Quad(
                org,
                ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                ox.NamedNode("http://www.w3.org/ns/org#Organization"),
                ox.NamedNode(store.graph_iri("public/x")),
            )
        )
    result = run_cli("validate", "--engine", engine, store=path)
    assert result.returncode == 1, result.stderr
    assert "organisation/ohne-name" in result.stdout
    assert "ags:PrefLabelRequired" in result.stdout and "Name missing" in result.stdout


def test_output_cut_short_by_the_reader_is_not_an_error(tmp_path: Path) -> None:
    """`akteursgraph export | head` must not end in a BrokenPipeError message."""
    store = tmp_path / "store"
    assert run_cli("init", "--example", store=store).returncode == 0
    done = subprocess.run(
        f"'{BIN / 'akteursgraph'}' --store '{store}' export --format nq | head -n 1",
        shell=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.stdout.count("\n") == 1
    assert "Error" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr


#: Run in a fresh interpreter: which of these a command imported.
_IMPORTED = "import sys; print(sorted({'flask', 'rdflib', 'pyshacl'} & set(sys.modules)))"


def test_the_help_and_a_writers_validator_load_only_what_they_need() -> None:
    """`akteursgraph --help` lists `serve` without loading the web layer (Flask), and a
    writing process's validator, its checks taken from their generated file, loads neither
    rdflib nor pySHACL: both once cost every command about a second between them."""
    listing = (
        "import contextlib, io, sys\n"
        "from akteursgraph.cli import cli\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):\n"
        "    cli(['--help'], prog_name='akteursgraph')\n"
        "assert 'serve ' in out.getvalue(), out.getvalue()\n"
    )
    writer = (
        "import akteursgraph.cli, akteursgraph.commit\n"
        "from akteursgraph.validation import Validator\n"
        "validator = Validator.default()\n"
        "assert len(validator.checks) > 100 and validator.revalidation_rule\n"
    )
    for code in (listing, writer):
        done = subprocess.run(
            [sys.executable, "-c", code + _IMPORTED],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "[]", (code, done.stdout)


def test_a_server_answers_the_public_side_without_rdflib(example_store_path: Path) -> None:
    """The staff forms read the shapes with rdflib (`forms.shapes_reader`); a server that
    answers public pages and queries never loads it (3.7 MiB of `serve`'s memory)."""
    code = (
        "import sys\n"
        "from akteursgraph_web import close_app, create_app\n"
        f"app = create_app({{'STORE_PATH': {str(example_store_path)!r}, 'QUERY_WORKERS': 1}})\n"
        "client = app.test_client()\n"
        "for path in ('/', '/organisations', '/search?q=Platz', '/sparql?query=ASK%7B%7D'):\n"
        "    assert client.get(path).status_code == 200, path\n"
        "close_app(app)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code + _IMPORTED], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['flask']", done.stdout  # the web layer, of course
