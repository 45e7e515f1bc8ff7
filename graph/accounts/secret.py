"""The web app's secret key (it signs session cookies and CSRF tokens): made once per store.

Kept in the store folder, readable by its owner only, so that sessions survive a restart and
no key ever lands in the repository or a configuration file by accident. An operator may set
one instead (`AKTEURSGRAPH_SECRET_KEY`, docs/configuration.md).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

SECRET_FILE = "secret.key"


def secret_key(store_path: Path | str) -> str:
    """This store's secret key; made (0600) at the first call."""
    path = Path(store_path) / SECRET_FILE
    with contextlib.suppress(FileNotFoundError):
        return _read(path)
    key = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it a moment ago
        return _read(path)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    return key


def _read(path: Path) -> str:
    key = path.read_text(encoding="utf-8").strip()
    if not key:  # an empty file from a crash between creating and writing: make it again
        path.unlink()
        raise FileNotFoundError(path)
    return key
