"""The parts of the explorer's frame that many pages share, each rendered once.

Every public page is drawn in layout.html: its stylesheets, the main navigation and the
footer are the same for every page of one language (the navigation marks the current list
too), yet drawing the frame took 0.40 ms of a cold entity page's 1.3 ms of rendering (two
dozen URL builds and translations; issue 16, item 8); with these parts kept, 0.14 ms. So
each part is a template of its own (templates/frame/), rendered the first time its key is
met and then kept: the key holds everything the part reads (the language, the script root
every URL starts with, and what the caller passes: the current page's endpoint and list,
the office's name). The parts hold no fact of the data, so no publication changes them.
"""

from __future__ import annotations

from collections.abc import Hashable

from flask import Flask, current_app, g, render_template, request
from markupsafe import Markup

#: Parts kept at most (a few per language and page kind are ever made; a bound all the same).
MAX_PARTS = 512


def kept_part(name: str, *key: Hashable) -> Markup:
    """templates/frame/NAME.html, rendered once per language, script root and `key` (the
    caller's: everything else the part reads)."""
    parts: dict[tuple[Hashable, ...], Markup] = current_app.extensions["akteursgraph.frame"]
    full = (name, g.get("lang", "de"), request.script_root, *key)
    found = parts.get(full)
    if found is None:
        found = Markup(render_template(f"frame/{name}.html"))
        if len(parts) >= MAX_PARTS:
            parts.clear()
        parts[full] = found
    return found


def init_app(app: Flask) -> None:
    app.extensions["akteursgraph.frame"] = {}
    app.add_template_global(kept_part)
