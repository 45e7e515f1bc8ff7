"""The Akteursgraph web app (Flask). Views call named functions of the core (`akteursgraph`),
never the store and never SPARQL; errors become HTTP in `errors`.

The factory lives in `app` and is imported on first use: the core's command line loads this
package to list `akteursgraph serve` in its help, which then costs click, not the whole web
layer (1.3 s for `akteursgraph --help` before).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import close_app, create_app, rebuild_search_index

__all__ = ["close_app", "create_app", "rebuild_search_index"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
