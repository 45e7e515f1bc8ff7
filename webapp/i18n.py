"""Language of the interface: German by default, English by switch or by the browser.

Strings are marked with `_()` (Flask-Babel, gettext catalogues in webapp/translations/);
the source strings are English, the German catalogue is the default interface.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask, g, request
from flask_babel import Babel, get_translations
from markupsafe import Markup
from werkzeug.wrappers import Response

from akteursgraph.languages import LANGUAGES, check_lang, language_name

COOKIE = "lang"
#: The answers whose text is in the interface's language (a style sheet, a dump, a SPARQL
#: result or an RDF twin is not: they said `Content-Language: de` or `en` as asked).
SPOKEN = frozenset({"text/html", "application/json"})


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=lambda: g.get("lang", "de"), default_locale="de")
    _install_template_gettext(app)
    app.jinja_env.globals["language_name"] = language_name
    app.jinja_env.globals["other_language"] = other_language

    @app.before_request
    def choose_language() -> None:
        saved = request.cookies.get(COOKIE)
        g.lang = saved if saved in LANGUAGES else browser_language(request.accept_languages)
        asked = request.args.get("lang", "").strip()
        if asked:
            # `lang=EN` and `lang=en-GB` ask for English, as the same words in Accept-Language
            # do; a language the site does not speak is said, in the language chosen without
            # it (it was silently German, while the network's pages refused it).
            g.lang = check_lang(asked.casefold().replace("_", "-").split("-")[0])
            g.set_lang_cookie = True

    @app.after_request
    def remember_language(response: Response) -> Response:
        if g.get("set_lang_cookie"):
            # Secure where the request came by HTTPS (itself, or as the trusted proxy says),
            # as the session's cookie is (HTTP walk: it lacked the flag over https).
            response.set_cookie(
                COOKIE, g.lang, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure
            )
        if response.mimetype in SPOKEN:
            # Pages and JSON twins are in the language the browser asks for, or its cookie
            # chose: a shared cache must key them on both. A page that said only `Accept`
            # (the downloads, the catalogue, the editor) or not `Cookie` (every page without
            # a cookie) could be given to a visitor of the other language (HTTP walk).
            response.headers.setdefault("Content-Language", g.get("lang", "de"))
            response.vary.add("Accept-Language")
            response.vary.add("Cookie")
        return response


def browser_language(accepted: Iterable[tuple[str, float]]) -> str:
    """The interface language a browser asks for: the first of its languages, by quality,
    whose primary tag is one of ours ("en-US" -> en); German if none is. Werkzeug's
    `best_match` prefers an exact tag of lower quality, so "en-US,de;q=0.5" gave German."""
    for tag, quality in sorted(accepted, key=lambda value: -value[1]):  # ties as listed
        primary = tag.split("-")[0].split("_")[0].lower()
        if quality > 0 and primary in LANGUAGES:
            return primary
    return "de"


def _install_template_gettext(app: Flask) -> None:
    """Templates translate through the request's catalogue, looked up once per request.

    Flask-Babel's own callables find the domain, the locale and its name anew for every
    string (six context lookups each); a page translates a few dozen strings, and that was
    a twentieth of a cold entity page's time (issue 16, item 8). The catalogue depends only
    on `g.lang`, which the language is chosen from, so it is kept per request by language.
    """

    def catalogue() -> Any:
        kept = g.get("catalogue")
        lang = g.get("lang", "de")
        if kept is None or kept[0] != lang:
            kept = g.catalogue = (lang, get_translations())
        return kept[1]

    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: catalogue().ugettext(s),
        ngettext=lambda s, p, n: catalogue().ungettext(s, p, n),
        pgettext=lambda c, s: catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: catalogue().unpgettext(c, s, p, n),
        newstyle=True,
    )


def other_language(tag: str | None) -> Markup:
    """` lang="TAG"` for an element holding a text in another language than the page's, else
    nothing: data shown as given where the page's language has none (an editor's German-only
    description on an English page) is marked so (WCAG 3.1.2)."""
    if not tag or tag.split("-")[0].lower() == g.get("lang", "de"):
        return Markup("")
    return Markup(' lang="{}"').format(tag)
