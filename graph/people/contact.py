"""What counts as a person's contact data, in one place (issue 13, item 3).

A person's e-mail address or telephone number never reaches a public graph, by any route: a
contact predicate (`vcard:hasEmail`, `schema:email` in either scheme, ...), a contact node
(`vcard:Email`), a `mailto:` or `tel:` IRI under any predicate (`foaf:homepage`,
`rdfs:seeAlso`, `owl:sameAs`), an address or number written into a text, and each of these
inside an RDF 1.2 triple term. An organisation's functional mailbox is not personal data: on a
node typed as an organisation the IRIs stay allowed.

The two text patterns are written so that both Python's `re` and the store engine's REGEX
(Rust's regex: no look-around) read them alike; the validation queries bind them, so the
patterns live here only. They are tested against what must not match: document numbers
("Drucksache 1400/V"), dates, postcodes, years and year ranges.
"""

from __future__ import annotations

import re
import urllib.parse

#: IRI schemes that name a mailbox or a telephone.
CONTACT_SCHEMES = ("mailto:", "tel:")

#: An e-mail address, also written with (at)/[at] and (dot)/[dot].
EMAIL = (
    r"[A-Za-z0-9._%+-]+ ?(@|\(at\)|\[at\]) ?[A-Za-z0-9-]+"
    r"( ?(\.|\(dot\)|\[dot\]) ?[A-Za-z0-9-]+)*( ?(\.|\(dot\)|\[dot\]) ?)[A-Za-z]{2,}"
)

#: A telephone number: international (+49 30 ..., 0049 ...) or national with a leading 0
#: ((030) 1234567, 0800-123456), at least seven digits in all. Dates (12.10.2025), postcodes
#: (10115), years (1884-1885) and numbers like 1400/V do not start that way.
PHONE = (
    r"(^|[^0-9A-Za-z+])"
    r"((\+|00)[1-9][0-9]{0,2}[ /-]?(\(0\) ?)?[0-9]{2,5}([ /-]?[0-9]{2,}){1,4}"
    r"|\(?0[1-9][0-9]{1,4}\)?([ /-]|[ ]?/[ ]?)?[0-9]{3,}([ -]?[0-9]{2,})*)"
    r"($|[^0-9A-Za-z])"
)

_EMAIL = re.compile(EMAIL)
_PHONE = re.compile(PHONE)


def contact_in_text(text: str) -> str | None:
    """The e-mail address or telephone number written in `text`, if any."""
    for pattern in (_EMAIL, _PHONE):
        found = pattern.search(text)
        if found:
            return found.group(0).strip(" ,;:()")
    return None


def is_contact_iri(iri: str) -> bool:
    return iri.lower().startswith(CONTACT_SCHEMES)


def contact_value(value: str) -> str:
    """A contact value as people write it: a `mailto:` or `tel:` IRI without its scheme (its
    escapes read: "amani.njeri@example.org"), anything else as it is. One function for the
    pages that show it, the person page's links and the erasure that blanks it."""
    if is_contact_iri(value):
        return urllib.parse.unquote(value.split(":", 1)[1]) or value
    return value
