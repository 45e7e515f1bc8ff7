"""An import's files on the server (the workspace's import, docs/import.md "In the workspace"):
the mappings that ship with the example, and uploaded lists kept until they are imported.

An uploaded list may name people, so it goes into a private folder of the store
(`imports/`, one sub-folder per upload under an unguessable name): never served (no route
reads the store folder), not in backups (they copy named files only), removed when the
import is submitted and, at the latest, a day after the upload (`prune_uploads`, called on
each new upload). A mapping edited in the browser is written into the upload's folder beside
copies of the shipped value-list files, so `file = "languages.toml"` means what it means in
the shipped mappings.
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
import tomllib
from pathlib import Path

from ..errors import UsageError
from ..resources import mappings_dir
from .mapping import Mapping, load_mapping
from .tables import SPREADSHEETS, TEXT_TABLES

UPLOADS_DIR = "imports"
#: Seconds an upload is kept when nobody submits it.
KEEP_SECONDS = 24 * 3600
#: The name a mapping written in the browser gets in its upload's folder.
EDITED_MAPPING = "zuordnung.toml"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def shipped_mappings() -> dict[str, Path]:
    """The example's mappings by name (file stem), without the value-list files they share
    (a mapping has a [list] table, a value-list file has none)."""
    found = {}
    for path in sorted(mappings_dir().glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            continue
        if isinstance(data.get("list"), dict):
            found[path.stem] = path
    return found


def shipped_mapping(name: str) -> Mapping:
    """A shipped mapping by its name, as a user picks it from a list."""
    path = shipped_mappings().get(name)
    if path is None:
        raise UsageError(
            f"Keine mitgelieferte Zuordnung „{name}“.", f"No shipped mapping '{name}'.",
            where="mapping",
        )  # fmt: skip
    return load_mapping(path)


def new_upload(store_path: Path, filename: str) -> tuple[str, Path]:
    """A fresh private folder for one upload: (its token, where the file goes). The file
    keeps its own name (the change set's provenance names it), stripped of any folder."""
    name = _shortened(Path(filename.replace("\\", "/")).name.strip())
    if Path(name).suffix.lower() not in (*TEXT_TABLES, *SPREADSHEETS):
        raise UsageError(
            f"„{name or '?'}“ ist keine Liste: bitte eine CSV-, XLSX- oder ODS-Datei.",
            f"'{name or '?'}' is no list: please a CSV, XLSX or ODS file.",
            where="file",
        )
    prune_uploads(store_path)
    token = secrets.token_urlsafe(24)
    folder = Path(store_path) / UPLOADS_DIR / token
    folder.mkdir(parents=True, mode=0o700)
    return token, folder / name


#: The longest file name kept, in bytes (file systems allow 255; a longer name ended the
#: upload with a server error and left its folder behind, exploratory test).
_NAME_BYTES = 150


def _shortened(name: str) -> str:
    """`name` within `_NAME_BYTES` (UTF-8), its ending kept: the stem is cut, by characters."""
    if len(name.encode()) <= _NAME_BYTES:
        return name
    path = Path(name)
    suffix = path.suffix if len(path.suffix.encode()) < 16 else ""
    stem = name[: len(name) - len(suffix)] if suffix else name
    while stem and len((stem + "…" + suffix).encode()) > _NAME_BYTES:
        stem = stem[:-1]
    return stem + "…" + suffix


def upload_file(store_path: Path, token: str) -> Path:
    """The uploaded list of `token`; a token that names no upload is refused."""
    folder = Path(store_path) / UPLOADS_DIR / token
    files = (
        [p for p in folder.iterdir() if p.name != EDITED_MAPPING and p.suffix != ".toml"]
        if _TOKEN.match(token) and folder.is_dir()
        else []
    )
    if len(files) != 1:
        raise UsageError(
            "Diese hochgeladene Datei gibt es nicht mehr; bitte erneut hochladen.",
            "This uploaded file is gone; please upload it again.",
            where="upload",
        )
    return files[0]


def mapping_from_text(text: str, folder: Path) -> Mapping:
    """A mapping written in the browser, read and checked like a mapping file (its errors
    name their place); it is kept in the upload's folder beside the shipped value lists."""
    folder = Path(folder)
    for shared in mappings_dir().glob("*.toml"):
        if shared.stem not in shipped_mappings():
            shutil.copyfile(shared, folder / shared.name)
    target = folder / EDITED_MAPPING
    target.write_text(text.replace("\r\n", "\n"), encoding="utf-8")
    return load_mapping(target)


def discard_upload(store_path: Path, token: str) -> None:
    """Remove an upload's folder (after it was submitted)."""
    if _TOKEN.match(token):
        shutil.rmtree(Path(store_path) / UPLOADS_DIR / token, ignore_errors=True)


def prune_uploads(store_path: Path, *, older_than: float = KEEP_SECONDS) -> None:
    """Remove the uploads nobody submitted within `older_than` seconds."""
    root = Path(store_path) / UPLOADS_DIR
    if not root.is_dir():
        return
    limit = time.time() - older_than
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)
