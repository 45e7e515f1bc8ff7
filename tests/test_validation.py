"""Shapes tested both ways: each bad file is refused naming its rule; good files conform."""

from __future__ import annotations

from pathlib import Path

import pytest

from akteursgraph.namespaces import curie
from akteursgraph.operations import load_files
from akteursgraph.store import Store
from akteursgraph.validation import ValidationFailed, Validator

from .conftest import DATA, dump

BAD = sorted((DATA / "bad").glob("*.*"))
GOOD = sorted((DATA / "good").glob("*.*"))


def expectation(path: Path) -> list[str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name} must start with '# expect: ...'"
    return first.removeprefix("# expect: ").split()


@pytest.mark.parametrize("path", BAD, ids=[p.name for p in BAD])
def test_bad_file_is_refused_with_its_rule_and_nothing_changes(
    vocab_store: Store, path: Path
) -> None:
    before = dump(vocab_store)
    with pytest.raises(ValidationFailed) as caught:
        load_files(vocab_store, [path], agent="test")
    findings = caught.value.report.violations
    rendered = [f"{f.rule} {curie(f.path) if f.path else ''}" for f in findings]
    words = expectation(path)
    assert any(all(w in r for w in words) for r in rendered), rendered
    for f in findings:  # every message exists in both languages and they differ
        assert f.message_de and f.message_en and f.message_de != f.message_en
    assert dump(vocab_store) == before


@pytest.mark.parametrize("path", GOOD, ids=[p.name for p in GOOD])
def test_good_file_loads(vocab_store: Store, path: Path) -> None:
    result = load_files(vocab_store, [path], agent="test")
    assert result.added > 0
    words = expectation(path)
    if words[0] == "warning":
        assert any(words[1] in w.rule for w in result.warnings.warnings)


@pytest.mark.parametrize("path", BAD + GOOD, ids=[p.name for p in BAD + GOOD])
def test_change_validation_agrees_with_whole_graph_validation(
    vocab_store: Store, path: Path
) -> None:
    """The incremental verdict must equal pySHACL over the whole store with the change in."""
    from akteursgraph.loader import read_file

    validator = Validator.default()
    change = read_file(vocab_store, path).change
    incremental = validator.validate_change(vocab_store, change)
    vocab_store._apply(change)  # the reference needs the data inside; copy is discarded
    whole = validator.validate_all(vocab_store)

    def key(report: object) -> set[tuple[str, str | None, str]]:
        return {(f.node, f.path, f.rule) for f in report.violations}  # type: ignore[attr-defined]

    assert key(incremental) == key(whole)


def test_warning_does_not_block_but_is_reported(vocab_store: Store) -> None:
    result = load_files(vocab_store, [DATA / "good" / "missing-english-label.ttl"], agent="t")
    assert result.warnings.conforms
    [warning] = [w for w in result.warnings.warnings if "PrefLabelEnglish" in w.rule]
    assert "English" in warning.message_en and "Englischer" in warning.message_de
