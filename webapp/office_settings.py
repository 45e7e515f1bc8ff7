"""The office's publication settings as the running app reads them (`akteursgraph.json` in the
store folder, docs/configuration.md).

Every page's frame shows the office's name and logo, so the settings are parsed once per
change of the file, not per page; and the page cache keeps pages under a key that includes
the file's stamp, so that a `publication --set` shows with the next request rather than after
the next publication. A module of its own because both the office's pages and the page cache
(webapp/twins.py, which the office's pages use) need it.
"""

from __future__ import annotations

import threading
from pathlib import Path

from flask import current_app

from akteursgraph.publish.settings import PublicationSettings, publication_settings
from akteursgraph.store import CONFIG_FILE

_lock = threading.Lock()
_cache: dict[str, tuple[str, PublicationSettings]] = {}


def settings_stamp() -> str:
    """What changes whenever the settings file does (time, size, inode: `--set` replaces the
    file atomically, so a change of the same size within a clock tick still shows)."""
    stat = (Path(current_app.extensions["akteursgraph.store"].path) / CONFIG_FILE).stat()
    return f"{stat.st_mtime_ns}.{stat.st_size}.{stat.st_ino}"


def settings() -> PublicationSettings:
    """The store's publication settings, read again only when `akteursgraph.json` changed."""
    path = str(current_app.extensions["akteursgraph.store"].path)
    stamp = settings_stamp()
    with _lock:
        cached = _cache.get(path)
        if cached and cached[0] == stamp:
            return cached[1]
    loaded = publication_settings(Path(path))
    with _lock:
        _cache[path] = (stamp, loaded)
    return loaded
