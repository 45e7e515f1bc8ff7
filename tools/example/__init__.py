"""The generator of the fictional example data, run by `tools/make_example.py`.

`data/*.toml` holds the hand-written tables (see `tables.py` for why TOML); `terms.py` the IRIs;
`builder.py` the state of a run; `organisations.py`, `people.py` and `activities.py` the steps;
`generate.py` their order; `trig.py` the writer; `checks.py` what the written file must pass.
"""
