"""How readable IRI segments and names are made from text (docs/model.md, "IRIs").

One function for the whole product: the loader's graph names, the example data and the
synthetic benchmark district all mint their segments here, so the same name always gives
the same segment. Living persons are the exception: their IRIs are opaque
(`opaque_person_iri`), minted here too.
"""

from __future__ import annotations

import base64
import re
import secrets
import unicodedata

# German letters first, by the rule the model documents (ä -> ae, not a); other accents are
# dropped by the decomposition below.
# Letters that do not decompose (ı, đ, ø, ł) get their usual Latin transcription.
_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "ae", "Ö": "oe", "Ü": "ue",
                           "ß": "ss", "ẞ": "ss", "ı": "i", "đ": "d", "Đ": "d", "ø": "o",
                           "Ø": "o", "ł": "l", "Ł": "l"})  # fmt: skip


_SEPARATORS = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by '-' ("Straße am Mekong–Spree" -> "strasse-am-mekong-spree").

    Any character that is neither an ASCII letter or digit nor an accent separates words, so a
    dash or a letter of another script never glues two words together. May be empty.
    """
    if text.isascii():  # nothing to transliterate or decompose (an import: 45,000 names)
        bare = text
    else:
        decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
        bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SEPARATORS.sub("-", bare.lower()).strip("-")


def opaque_person_iri(base: str, entropy: bytes | None = None) -> str:
    """A new living person's IRI, `{base}person/p-<16 base32 letters>`, with nothing of the name.

    A name in an IRI ends up in logs, links and other entities' statements and survives the
    person's erasure (issue 13); so living persons get opaque IRIs and only historical persons
    keep readable ones (`slugify`). 80 random bits by default; `entropy` (at least 10 bytes)
    makes it reproducible, as generated example and benchmark data need.
    """
    raw = entropy[:10] if entropy is not None else secrets.token_bytes(10)
    if len(raw) < 10:
        raise ValueError("entropy must be at least 10 bytes")
    return f"{base}person/p-{_letters(raw)}"


def opaque_slug(segment: str) -> str:
    """A slug for a name with nothing to read in Latin letters or digits (a name in Arabic or
    Tigrinya script only, emoji): the segment and 8 random letters ("organisation-k3j9x2ab"),
    not "organisation", "organisation-2", ... for every such name."""
    return f"{segment}-{_letters(secrets.token_bytes(5))}"


def _letters(raw: bytes) -> str:
    return base64.b32encode(raw).decode().lower()
