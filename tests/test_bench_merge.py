"""`bench run --load-only` merges into the scale's saved results (it once overwrote them, and
the gallery, Virtuoso and explorer figures of the whole run were lost)."""

from __future__ import annotations

import pytest

from akteursgraph.bench import report, run


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
    # The report's header dates those rows apart from the whole run's.
    assert report._dates(merged) == "then; bulk load, validation and single writes now"
    with pytest.raises(RuntimeError, match="quads"):
        run.merge_load_only({**saved, "quads": 99}, part)
    assert run.merge_load_only(None, part) is part
    assert run.merge_load_only({**saved, "load_only": True}, part) is part


def test_a_gallery_run_replaces_its_rows_where_they_stood_and_its_questions() -> None:
    """`--only gallery` re-measures the gallery without the hour of a whole run; the rows it
    does not measure (the load, the explorer) and their figures stay."""
    saved = {
        "scale": 10.0, "quads": 100, "load_only": False, "when": "then",
        "rows": _rows("bulk load", "gallery over HTTP", "gallery: Virtuoso", "entity page",
                      took=1.0),
        "gal": [{"id": "old"}], "conc": [{"case": "old"}], "explorer": {"x": 1},
        "info": {"generate_s": 1.0, "gallery_within_target": 0},
    }  # fmt: skip
    part = {
        "scale": 10.0, "quads": 100,
        "gallery": {"rows": _rows("gallery over HTTP", "gallery: Virtuoso", "gallery: new",
                                  took=2.0),
                    "gal": [{"id": "new"}], "conc": [{"case": "new"}],
                    "info": {"gallery_within_target": 3}, "when": "now"},
    }  # fmt: skip
    merged = run.merge(saved, part, "gallery")
    assert [(r["workload"], r["seconds"]) for r in merged["rows"]] == [
        ("bulk load", 1.0), ("gallery over HTTP", 2.0), ("gallery: Virtuoso", 2.0),
        ("entity page", 1.0), ("gallery: new", 2.0),
    ]  # fmt: skip
    assert (merged["gal"], merged["conc"]) == ([{"id": "new"}], [{"case": "new"}])
    assert merged["info"] == {"generate_s": 1.0, "gallery_within_target": 3}
    assert (merged["explorer"], merged["when"], merged["gallery_when"]) == ({"x": 1}, "then", "now")
    with pytest.raises(RuntimeError, match="quads"):
        run.merge({**saved, "quads": 99}, part, "gallery")
    first = run.merge(None, part, "gallery")
    assert not first["load_only"] and first["gal"] == [{"id": "new"}]
