"""The benchmark generator writes data our shapes and privacy rules accept, deterministically."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from akteursgraph.operations import init_store, load_files

GENERATOR = Path(__file__).resolve().parent.parent / "graph" / "bench" / "generate.py"


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_tiny_scale_loads_with_validation_and_is_deterministic(tmp_path: Path) -> None:
    gen = _generator()
    assert gen.main(["--scale", "0.01", "--output", str(tmp_path / "a")]) == 0
    assert gen.main(["--scale", "0.01", "--output", str(tmp_path / "b")]) == 0
    files = sorted((tmp_path / "a").glob("*.nq"))
    assert [f.name for f in files] == ["bench-internal.nq", "bench-public.nq"]
    for f in files:
        assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes()
    public = (tmp_path / "a" / "bench-public.nq").read_text(encoding="utf-8")
    internal = (tmp_path / "a" / "bench-internal.nq").read_text(encoding="utf-8")
    assert "vcard/ns#hasEmail" not in public and "vcard/ns#hasEmail" in internal
    assert '"@fr' in public or "@fr " in public

    store, _ = init_store(tmp_path / "store", agent="test")
    try:
        result = load_files(store, files, agent="test")  # validates; raises on violations
        assert result.added > 500
        assert not result.warnings.violations
    finally:
        store.close()
