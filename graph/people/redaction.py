"""An erased person's names and contact values taken out of free text.

The erasure removes every statement about a person, but people also write about a person in
text the data model does not parse: a change set's comment ("Samira Cherif als Referentin
ergänzt"), a reviewer's comment, a load's file name ("samira-cherif-profil.ttl"), which the
load's public record carries as its title and in its IRI. `Redactor` finds the person there by
their names and contact values, and the erasure blanks those words in the history and takes a
load record named after the person away with them.

Matched as whole words, case and accents aside ("Chérif", "CHERIF" and "cherif" in
"cherif_2024.csv" alike), each part of a name on its own: a comment naming only the family
name names the person too. That also blanks a namesake's part in the same texts, which is the
side to err on in an erasure. Particles ("von", "de", "al"), parts shorter than three letters
and words that do not begin with a capital are no needle of their own (they would blank
ordinary words), nor are the words of a label longer than a name; their whole text is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from ..naming import slugify
from .contact import contact_value

#: What stands where the person was named.
REDACTED = "[gelöscht/erased]"
_PARTICLES = frozenset(
    ("al", "bin", "da", "de", "del", "della", "der", "di", "du", "el", "ibn", "la", "le",
     "van", "von", "zu", "und", "and", "dr", "prof")
)  # fmt: skip
#: A name of more words than this is a description; only its whole text is a needle.
_NAME_WORDS = 4
#: A needle stands as a whole word: no letter or digit right before or after it.
_EDGE_BEFORE, _EDGE_AFTER = r"(?<![^\W_])", r"(?![^\W_])"
#: ... or with a genitive ending ("Samiras Anfrage", "Cherif's talk").
_GENITIVE = r"(?:['’]?s)?"


class Redactor:
    """Blanks the person's names and contact values in text; knows whether a text names them."""

    def __init__(self, names: Iterable[str], contacts: Iterable[str] = ()) -> None:
        needles: set[str] = set()
        #: Each name's parts that are needles, folded: all of them name the person whole.
        self._wholes: list[set[str]] = []
        for name in names:
            if name.strip():
                needles.add(name.strip())
            parts = [p for p in re.split(r"[\W_]+", name) if p]
            if len(parts) > _NAME_WORDS:
                continue  # a label that describes ("Samira Cherif, Referentin für ..."): whole
            kept = {
                part
                for part in parts
                if len(part) >= 3 and part[0].isupper() and slugify(part) not in _PARTICLES
            }
            needles |= kept
            if kept:
                self._wholes.append({slugify(part) for part in kept})
        for value in contacts:
            bare = contact_value(value).strip()
            if bare:
                needles.add(bare)
        # Matched on the folded text too ("Chérif" in a file name is "cherif"): the parts.
        self._words = {
            slugify(n) for n in needles if slugify(n) and "-" not in slugify(n) and "@" not in n
        }
        ordered = sorted(needles, key=len, reverse=True)  # the longest first: "Anne-Marie"
        alternatives = "|".join(map(re.escape, ordered))
        self._pattern = (
            re.compile(f"{_EDGE_BEFORE}(?:{alternatives}){_GENITIVE}{_EDGE_AFTER}", re.IGNORECASE)
            if ordered
            else None
        )

    def __bool__(self) -> bool:
        return self._pattern is not None

    def names_in(self, text: str) -> bool:
        """Whether `text` names the person (also folded: a file name written without accents)."""
        if self._pattern is None or not text:
            return False
        if self._pattern.search(text):
            return True
        return any(self._is_part(word) for word in slugify(text).split("-"))

    def names_whole_in(self, text: str) -> bool:
        """Whether `text` names the person by every part of one of their names (a file name
        "samira-cherif-profil.ttl"), not by one part alone: a load record goes with the
        person, and "berlin-orgs.csv" is no record of Anna Berlin."""
        words = {w[:-1] if w.endswith("s") and w[:-1] else w for w in slugify(text).split("-")}
        words |= set(slugify(text).split("-"))
        return any(whole <= words for whole in self._wholes)

    def _is_part(self, folded: str) -> bool:
        return folded in self._words or (folded.endswith("s") and folded[:-1] in self._words)

    def text(self, text: str) -> str:
        """`text` with each of the person's names and contact values blanked."""
        if self._pattern is None or not text:
            return text
        blanked = self._pattern.sub(REDACTED, text)
        if not self._words:
            return blanked
        # What only the folded form finds ("Chérif" named as "Cherif"): the words whose fold
        # is a needle's.
        return re.sub(
            r"[^\W_]+",
            lambda m: REDACTED if self._is_part(slugify(m.group(0))) else m.group(0),
            blanked,
        )

    def json_text(self, text: str) -> str:
        """A JSON document (a change set's detail) with every string value blanked; the keys
        and the numbers stay."""
        if self._pattern is None or not text:
            return text
        try:
            data = json.loads(text)
        except ValueError:
            return self.text(text)
        return json.dumps(self._values(data), sort_keys=True)

    def _values(self, data: Any) -> Any:
        if isinstance(data, str):
            return self.text(data)
        if isinstance(data, list):
            return [self._values(v) for v in data]
        if isinstance(data, dict):
            return {k: self._values(v) for k, v in data.items()}
        return data
