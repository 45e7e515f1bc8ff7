"""Settings, read when asked for (never at import time), so tests build apps on temp stores."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_BASE_IRI = "https://w3id.org/akteursgraph/mitte/"
DEFAULT_MAX_LOAD_BYTES = 100 * 1024 * 1024


def default_store_path() -> Path:
    """`$AKTEURSGRAPH_STORE`, else the XDG data folder (`~/.local/share/akteursgraph/store`)."""
    env = os.environ.get("AKTEURSGRAPH_STORE")
    if env:
        return Path(env)
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "akteursgraph" / "store"


def max_load_bytes() -> int:
    """Largest file `load` accepts; `$AKTEURSGRAPH_MAX_LOAD_BYTES` raises it for big imports."""
    env = os.environ.get("AKTEURSGRAPH_MAX_LOAD_BYTES")
    return int(env) if env else DEFAULT_MAX_LOAD_BYTES


@dataclass(frozen=True)
class Settings:
    store_path: Path
    base_iri: str = DEFAULT_BASE_IRI
