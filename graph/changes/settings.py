"""The review setting, kept with the store (`akteursgraph.json`), so that the CLI and the
server of one store follow the same rule without a separate configuration file."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import StoreError
from ..store import CONFIG_FILE

REVIEW_REQUIRED = "review_required"


def review_required(store_path: Path) -> bool:
    """Whether editors' changes to public data wait for a reviewer (on unless switched off)."""
    return bool(_read(Path(store_path)).get(REVIEW_REQUIRED, True))


def base_iri(store_path: Path) -> str:
    """The base IRI of the store's data, without opening the store (for reading history)."""
    return str(_read(Path(store_path))["base_iri"])


def set_review_required(store_path: Path, value: bool) -> None:
    """Switch the four-eyes rule on or off for this store (the file is replaced whole)."""
    path = Path(store_path) / CONFIG_FILE
    config = _read(Path(store_path))
    config[REVIEW_REQUIRED] = bool(value)
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise StoreError(
            f"Die Einstellung kann nicht gespeichert werden: {exc}",
            f"The setting cannot be saved: {exc}",
            where=str(path),
        ) from exc


def _read(store_path: Path) -> dict[str, object]:
    path = store_path / CONFIG_FILE
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise StoreError(
            f"Kein lesbarer Akteursgraph-Speicher unter {store_path}.",
            f"No readable Akteursgraph store at {store_path}.",
            where=str(path),
        ) from exc
