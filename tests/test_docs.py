"""Docs that tests check: every command and option of the CLI is documented."""

from __future__ import annotations

from pathlib import Path

import click

from akteursgraph.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def test_every_command_and_option_is_in_docs_cli() -> None:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    ctx = click.Context(cli)
    names = cli.list_commands(ctx)
    assert "serve" in names  # added by the web layer through its entry point
    for name in names:
        command = cli.get_command(ctx, name)
        assert command is not None
        assert f"### `{name}" in text, f"command {name} missing from docs/cli.md"
        for param in command.params:
            if isinstance(param, click.Option):
                assert any(opt in text for opt in param.opts), f"{name} {param.opts}"
    for param in cli.params:
        if isinstance(param, click.Option):
            assert any(opt in text for opt in param.opts), param.opts


def test_readme_starts_with_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```sh", 1)[1].split("```", 1)[0].strip().splitlines()
    assert [line.split()[:2] for line in block] == [["make", "run"], ["make", "test"]]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_every_environment_setting_is_documented() -> None:
    import re

    names: set[str] = set()
    for folder in ("graph", "webapp"):
        for path in (ROOT / folder).rglob("*.py"):
            names |= set(re.findall(r"AKTEURSGRAPH_[A-Z_]+", path.read_text(encoding="utf-8")))
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert names and sorted(n for n in names if n not in text) == []
