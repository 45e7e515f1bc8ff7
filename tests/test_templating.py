"""The templates' environment reads a dict's keys first (`webapp/templating.py`), and gives
what Jinja's own order (attribute, then key) gives for every kind of name."""

from __future__ import annotations

import jinja2
import pytest
from flask import Flask

from akteursgraph_web.templating import Environment


def test_the_app_renders_with_it(example_app: Flask) -> None:
    assert isinstance(example_app.jinja_env, Environment)


def test_a_dict_reads_as_jinja_reads_it(example_app: Flask) -> None:
    source = (
        "{{ d.label }}|{{ d.items()|list|length }}|{{ d.get('label') }}|{{ d.missing is defined }}"
        "|{{ d.missing|default('-') }}|{{ items.items is callable }}|{{ d['label'] }}"
        "|{{ obj.real }}|{{ obj.nothing is defined }}|{{ rows.label }}|{{ none.x is defined }}"
    )
    values = {
        "d": {"label": "Mitte"},
        "items": {"items": "a key, not the method"},
        "obj": 3,
        "rows": type("Rows", (dict,), {})(label="a subclass"),
        "none": None,
    }
    ours = example_app.jinja_env.from_string(source).render(**values)
    plain = jinja2.Environment().from_string(source).render(**values)
    assert ours == plain == "Mitte|1|Mitte|False|-|True|Mitte|3|False|a subclass|False"


def test_a_missing_key_stays_undefined_where_undefined_is_strict(example_app: Flask) -> None:
    env = Environment(example_app, undefined=jinja2.StrictUndefined)
    with pytest.raises(jinja2.UndefinedError, match="missing"):
        env.from_string("{{ d.missing }}").render(d={})
