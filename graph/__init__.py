"""Akteursgraph core: the store, validation, loading and export. Never imports the web layer."""

__version__ = "0.1.0"
