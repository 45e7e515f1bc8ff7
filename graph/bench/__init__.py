"""The benchmark: a tool beside the product, run by `akteursgraph bench` (docs/benchmarks.md).

No product module imports it (an import-linter contract). The synthetic district comes from
`generate` (with `district` and `anchors`); `run` measures it, with the parts it names in
its docstring; `server` is also the tests' launcher of `akteursgraph serve`.
"""
