"""Akteursgraph core: the store, the write path, validation, loading, exploring, the network and
SPARQL (docs/architecture.md). Never imports the web layer (an import-linter contract)."""

__version__ = "0.1.0"
