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

from akteursgraph.errors import StoreError, UsageError
from akteursgraph.office import check_held_logo
from akteursgraph.publish.settings import PublicationSettings, publication_settings
from akteursgraph.store import CONFIG_FILE

_lock = threading.Lock()
_cache: dict[str, tuple[str, PublicationSettings]] = {}
#: Per store folder: the stamp of a settings file that was not taken, and why (bilingual).
_refused: dict[str, tuple[str, str]] = {}
#: Per store folder and logo file: its stamp and whether it passed `check_held_logo`.
_logo_checked: dict[tuple[str, str], tuple[str, bool]] = {}


def settings_stamp() -> str:
    """What changes whenever the settings file does (time, size, inode: `--set` replaces the
    file atomically, so a change of the same size within a clock tick still shows)."""
    stat = (Path(current_app.extensions["akteursgraph.store"].path) / CONFIG_FILE).stat()
    return f"{stat.st_mtime_ns}.{stat.st_size}.{stat.st_ino}"


def settings() -> PublicationSettings:
    """The store's publication settings, read again only when `akteursgraph.json` changed.

    A file edited by hand into one that breaks a rule (`publication --set` checks first) is
    not taken: the site goes on with the settings it had, as a web server keeps its running
    configuration when a new one is wrong, and the log and `/healthz` say what is wrong.
    Every page's frame reads these settings, so a wrong mailbox had made every page a bare
    500. `serve` does not start with such a file (`check_at_start`)."""
    path = str(current_app.extensions["akteursgraph.store"].path)
    stamp = settings_stamp()
    with _lock:
        cached = _cache.get(path)
        if cached and cached[0] == stamp:
            return cached[1]
        refused = _refused.get(path)
        if cached and refused and refused[0] == stamp:
            return cached[1]
    try:
        loaded = publication_settings(Path(path))
    except (UsageError, StoreError) as exc:
        if cached is None:
            raise
        where = f"{exc.where}: " if exc.where else ""
        reason = f"{where}{exc.de} / {exc.en}"
        with _lock:
            _refused[path] = (stamp, reason)
        current_app.logger.error(
            "akteursgraph.json nicht übernommen, die bisherigen Einstellungen gelten weiter: "
            "%s / not taken, the settings before it stay in force",
            reason,
        )
        return cached[1]
    with _lock:
        _cache[path] = (stamp, loaded)
        _refused.pop(path, None)
    return loaded


def logo_stamp() -> str:
    """What changes with the logo's file ("" when none is named or its file is gone): for
    the logo's address, and in the page cache's key, since a logo given anew by
    `publication --logo` keeps its name and one removed by hand changes no setting."""
    name = settings().logo
    if not name:
        return ""
    store_path = Path(current_app.extensions["akteursgraph.store"].path)
    try:
        stat = (store_path / name).stat()
    except OSError:
        return ""
    stamp = f"{stat.st_mtime_ns:x}{stat.st_size:x}"
    with _lock:
        known = _logo_checked.get((str(store_path), name))
    if known is None or known[0] != stamp:
        # A file put in by hand is checked as `publication --logo` checks one (a file of its
        # kind, an SVG without script): a script in an SVG had been served (re-check).
        try:
            check_held_logo(store_path, name)
            known = (stamp, True)
        except UsageError as exc:
            current_app.logger.error("Logo nicht gezeigt / logo not shown: %s", exc.en)
            known = (stamp, False)
        with _lock:
            _logo_checked[(str(store_path), name)] = known
    return stamp if known[1] else ""


def refused_settings() -> str | None:
    """Why the settings file as it is now was not taken (both languages), or None."""
    path = str(current_app.extensions["akteursgraph.store"].path)
    settings()  # reads a changed file
    with _lock:
        refused = _refused.get(path)
    return refused[1] if refused and refused[0] == settings_stamp() else None


def check_at_start(store_path: Path) -> None:
    """Refuse to serve with settings that break a rule (the message names the setting), as
    `publication --set` refuses to save them: the site would have none to fall back on."""
    publication_settings(store_path)
