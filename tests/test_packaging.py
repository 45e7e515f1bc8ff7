"""The distribution installs under the product's names only (issue 10: no top-level `graph`
or `webapp` in site-packages, whose generic names other packages also use)."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

import akteursgraph
import akteursgraph_web

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_wheel_holds_only_the_products_packages(tmp_path: Path) -> None:
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet"]
    subprocess.run([*pip, "-w", str(tmp_path), str(ROOT)], check=True, timeout=300)
    [wheel] = tmp_path.glob("akteursgraph-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/", 1)[0] for name in names}
    assert top == {"akteursgraph", "akteursgraph_web", wheel.name.split("-py")[0] + ".dist-info"}
    assert "akteursgraph/store.py" in names and "akteursgraph_web/errors.py" in names
    # the vocabulary and the shapes travel inside the core package
    assert any(n.startswith("akteursgraph/_resources/ontology/") for n in names)
    assert any(n.startswith("akteursgraph/_resources/shapes/") for n in names)


def test_the_editable_install_adds_no_generic_package() -> None:
    site = Path(sysconfig.get_paths()["purelib"])
    assert not (site / "graph").exists() and not (site / "webapp").exists()
    assert not (site / "akteursgraph").exists()  # no stray copy of the resources either
    assert Path(akteursgraph.__file__).resolve().parent == ROOT / "graph"
    assert Path(akteursgraph_web.__file__).resolve().parent == ROOT / "webapp"


def test_the_programs_script_imports_none_of_the_commands() -> None:
    """A child started by `multiprocessing` ("spawn") runs the parent's script again as
    `__mp_main__` (multiprocessing.spawn's `_fixup_main_from_path`) before it does anything:
    the script that pip installs must import no command, or each such child carries click,
    rdflib and the whole core (15 MiB a query worker while they were started so, until
    2026-12-02; they are now programs of their own, `sparql.pool`)."""
    script = Path(sysconfig.get_paths()["scripts"]) / "akteursgraph"
    code = (
        "import runpy, sys; runpy.run_path(sys.argv[1], run_name='__mp_main__'); "
        "print(' '.join(m for m in ('akteursgraph.cli', 'click', 'rdflib') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(script)], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == []
    # ... and the script still runs the command line
    shown = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=True)
    assert "serve" in shown.stdout
