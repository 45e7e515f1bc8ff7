"""How readable IRI segments and names are made from text (docs/model.md, "IRIs").

One function for the whole product: the loader's graph names, the example data and the
synthetic benchmark district all mint their segments here, so the same name always gives
the same segment.
"""

from __future__ import annotations

import re
import unicodedata

# German letters first, by the rule the model documents (ä -> ae, not a); other accents are
# dropped by the decomposition below.
# Letters that do not decompose (ı, đ, ø, ł) get their usual Latin transcription.
_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "ae", "Ö": "oe", "Ü": "ue",
                           "ß": "ss", "ẞ": "ss", "ı": "i", "đ": "d", "Đ": "d", "ø": "o",
                           "Ø": "o", "ł": "l", "Ł": "l"})  # fmt: skip


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by '-' ("Straße am Mekong–Spree" -> "strasse-am-mekong-spree").

    Any character that is neither an ASCII letter or digit nor an accent separates words, so a
    dash or a letter of another script never glues two words together. May be empty.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "-", bare.lower()).strip("-")
