"""The rooms of the code keep to themselves: no module reaches into another's private names.

The layers themselves (web -> core -> store engine) are import-linter contracts in
pyproject.toml, run by `make lint` and `make test`. import-linter has no contract for private
names, so this test reads every module of the core and the web layer: importing an
underscore name from another module, or reading `obj._name` of an object that is not
`self` or `cls`, is the kind of coupling that made `network.py` import explore's
`_check_lang` and `validation.py` read `store._ox`.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Underscore names of the standard library that are public in all but name.
ALLOWED_ATTRIBUTES = {"_exit", "_asdict", "_replace", "_fields", "_make", "_value_"}
#: networkx's storage of a graph (dicts of dicts, which its documentation describes for
#: subclasses), read and written by the network's copy on write (`follow._CopyOnWrite`) and
#: its links' shared attribute dicts (`build.assemble`): a third party's, in the one package
#: that holds a networkx graph, and no name of ours.
NETWORKX_STORAGE = {"_succ", "_pred", "_node", "_adj"}
NETWORKX_ROOM = Path("graph/network")


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _findings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    where = path.relative_to(ROOT)
    # A module's own classes may use each other's private parts (a classmethod building an
    # instance); only private names that the module does not define itself are foreign.
    own = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
    } | {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module != "__future__":
            found += [
                f"{where}:{node.lineno} imports {alias.name} from {node.module or '.'}"
                for alias in node.names
                if _private(alias.name)
            ]
        elif (
            isinstance(node, ast.Attribute)
            and _private(node.attr)
            and node.attr not in ALLOWED_ATTRIBUTES
            and node.attr not in own
            and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
            and not (where.parent == NETWORKX_ROOM and node.attr in NETWORKX_STORAGE)
        ):
            found.append(f"{where}:{node.lineno} reads .{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names() -> None:
    findings = [
        finding
        for folder in ("graph", "webapp")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for finding in _findings(path)
    ]
    assert findings == []


def test_the_check_sees_a_private_import_and_a_private_attribute(tmp_path: Path) -> None:
    probe = ROOT / "graph" / "_probe_for_test_layers.py"
    probe.write_text(
        "from .explore import _hidden\nx = store._ox\ny = self._fine\n"
        "class A:\n    def __init__(self):\n        self._mine = 1\nz = A()._mine\n"
    )
    try:
        assert [f.split(" ", 1)[1] for f in _findings(probe)] == [
            "imports _hidden from explore",
            "reads ._ox",
        ]
    finally:
        probe.unlink()
