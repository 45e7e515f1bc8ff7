"""Shapes tested both ways: each bad file is refused naming its rule; good files conform."""

from __future__ import annotations

from pathlib import Path

import pytest

from akteursgraph import compiled_checks
from akteursgraph.findings import ValidationFailed
from akteursgraph.namespaces import curie
from akteursgraph.operations import load_files
from akteursgraph.resources import shape_files
from akteursgraph.store import Store
from akteursgraph.validation import Validator

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


def test_an_iri_that_is_no_slug_is_told_what_a_slug_is(vocab_store: Store) -> None:
    """The rule's message names what is wrong with "Falscher_Slug": it had said only "not
    a number", of capitals and an underscore (new-office walk)."""
    with pytest.raises(ValidationFailed) as caught:
        load_files(vocab_store, [DATA / "bad" / "organisation-capitals-in-iri.ttl"], agent="t")
    (found,) = [f for f in caught.value.report.violations if "ReadableIRI" in f.shape]
    assert found.node.endswith("Falscher_Slug")
    assert "keine Großbuchstaben, kein '_'" in found.message_de
    assert "no capitals, no '_'" in found.message_en


def test_a_district_the_data_lacks_is_told_to_be_loaded_first(
    vocab_store: Store, tmp_path: Path
) -> None:
    """An organisation in a district that is not in the data hears that the area is missing
    and where docs say how to add one: "must point to an area" read as a wrong kind of
    value (new-office walk)."""
    turtle = tmp_path / "org.ttl"
    turtle.write_text(
        (DATA / "bad" / "organisation-capitals-in-iri.ttl")
        .read_text(encoding="utf-8")
        .replace("exo:Falscher_Slug", "exo:im-nirgendwo")
        .replace(
            "org:classification kind:initiative .",
            "org:classification kind:initiative ;\n"
            "    ag:district <https://w3id.org/akteursgraph/mitte/place/nirgendwo> .",
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as caught:
        load_files(vocab_store, [turtle], agent="t")
    messages = [(f.message_de, f.message_en) for f in caught.value.report.violations]
    assert any(
        "das die Daten schon haben" in de and "load a new area first (docs/new-office.md)" in en
        for de, en in messages
    ), messages


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


def test_the_compiled_checks_file_is_in_step_and_used_only_while_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The generated file of the compiled checks (`make compiled-shapes`) holds what the
    compiler makes of the shapes now, reads back as the same checks, and is what the default
    validator takes; a file made from other inputs is not taken (the shapes are compiled)."""
    compiled = Validator.compile_default()
    assert compiled_checks.FILE.read_text(encoding="utf-8") == compiled_checks.file_text(
        compiled
    ), f"{compiled_checks.FILE.name} is not in step with the shapes: run `make compiled-shapes`"
    assert compiled_checks.shipped_checks() == compiled
    assert Validator.default().checks == compiled
    # A shape file changed since the file was written: another digest, the file is not taken.
    edited = tmp_path / "shapes.ttl"
    edited.write_bytes(shape_files()[0].read_bytes() + b"\n# edited\n")
    before = compiled_checks.inputs_digest()
    monkeypatch.setattr(compiled_checks, "shape_files", lambda: [edited, *shape_files()[1:]])
    assert compiled_checks.inputs_digest() != before
    assert compiled_checks.shipped_checks() is None
