"""Language of the interface: German by default, English by switch or by the browser.

Strings are marked with `_()` (Flask-Babel, gettext catalogues in webapp/translations/);
the source strings are English, the German catalogue is the default interface.
"""

from __future__ import annotations

from babel import Locale
from flask import Flask, g, request
from flask_babel import Babel
from werkzeug.wrappers import Response

from akteursgraph.languages import LANGUAGES

COOKIE = "lang"


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=lambda: g.get("lang", "de"), default_locale="de")
    app.jinja_env.globals["language_name"] = language_name

    @app.before_request
    def choose_language() -> None:
        asked = request.args.get("lang")
        if asked in LANGUAGES:
            g.lang = asked
            g.set_lang_cookie = True
            return
        saved = request.cookies.get(COOKIE)
        g.lang = (
            saved
            if saved in LANGUAGES
            else (request.accept_languages.best_match(LANGUAGES) or "de")
        )

    @app.after_request
    def remember_language(response: Response) -> Response:
        if g.get("set_lang_cookie"):
            response.set_cookie(COOKIE, g.lang, max_age=365 * 24 * 3600, samesite="Lax")
        response.headers.setdefault("Content-Language", g.get("lang", "de"))
        return response


def language_name(code: str, lang: str) -> str:
    """'fr' -> 'Französisch' / 'French'; unknown codes stay as they are."""
    try:
        return Locale(lang).languages.get(code.split("-")[0], code)
    except (ValueError, TypeError):
        return code
