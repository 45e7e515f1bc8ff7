"""`bench run --load-only` merges into the scale's saved results (it once overwrote them, and
the gallery, Virtuoso and explorer figures of the whole run were lost)."""

from __future__ import annotations

import pytest

from akteursgraph.bench import run


def _rows(*names: str, took: float) -> list[dict]:
    return [{"workload": name, "seconds": took} for name in names]


def test_load_only_replaces_its_rows_and_keeps_every_other_figure() -> None:
    saved = {
        "scale": 10.0, "quads": 100, "load_only": False, "when": "then",
        "rows": _rows("bulk load", "validation", "entity page", took=1.0),
        "gal": [{"id": "q"}], "conc": [{"case": "c"}], "explorer": {"x": 1},
        "info": {"generate_s": 1.0, "virtuoso": "7.2"},
    }  # fmt: skip
    part = {
        "scale": 10.0, "quads": 100, "load_only": True, "when": "now",
        "rows": _rows("bulk load", "validation", took=2.0), "gal": [], "conc": [],
        "info": {"generate_s": 2.0},
    }  # fmt: skip
    merged = run.merge_load_only(saved, part)
    assert sorted((r["workload"], r["seconds"]) for r in merged["rows"]) == [
        ("bulk load", 2.0), ("entity page", 1.0), ("validation", 2.0)
    ]  # fmt: skip
    assert (merged["gal"], merged["conc"], merged["explorer"]) == ([{"id": "q"}], [{"case": "c"}],
                                                                   {"x": 1})  # fmt: skip
    assert merged["info"] == {"generate_s": 2.0, "virtuoso": "7.2"}
    assert (merged["load_only"], merged["when"], merged["load_only_when"]) == (False, "then", "now")
    with pytest.raises(RuntimeError, match="quads"):
        run.merge_load_only({**saved, "quads": 99}, part)
    assert run.merge_load_only(None, part) is part
    assert run.merge_load_only({**saved, "load_only": True}, part) is part
