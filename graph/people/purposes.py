"""Which consent purpose covers which public field of a person, in one place (issue 13, item 1).

Consent is a DPV record in an internal graph (docs/model.md, "Consent"): a `dpv:Consent` with
`dpv:hasDataSubject`, `dpv:hasPurpose`, `dpv:hasConsentStatus`, `dpv:isIndicatedAtTime` and,
if it ends, `ag:consentExpires`. A person's field reaches a public graph only while a valid
record (status `dpv:ConsentGiven`, not expired) for the purpose that covers it exists.

`PUBLIC_FIELDS` is the one mapping. Being named at all is the public marker
`ag:publicationConsent dpv:ConsentGiven`, which the privacy rule already requires of every
living person in a public graph; so every field of a person (name, description, memberships,
mentions by others) is covered by public naming, and the speaker profile needs the speaker
listing on top. Placement by the office allows nothing public, so it has no field here.
The validation rule (`validation/consent-field-without-record.rq`, bound per entry), the write
path (`people.consent.with_withdrawals`) and the expiry sweep (`people.expiry`) all read it.
"""

from __future__ import annotations

from ..namespaces import AG, DPV_PD, PUBLICATION_CONSENT

PUBLIC_NAMING = AG + "PublicNaming"
PUBLIC_SPEAKER_LISTING = AG + "PublicSpeakerListing"
OFFICE_PLACEMENT = AG + "OfficePlacement"

#: Every purpose a record may name; the shape (shapes/people.ttl) lists the same.
PURPOSES = (PUBLIC_NAMING, PUBLIC_SPEAKER_LISTING, OFFICE_PLACEMENT)

#: property of the person in a public graph -> the purpose whose valid record it needs.
PUBLIC_FIELDS: dict[str, str] = {
    PUBLICATION_CONSENT: PUBLIC_NAMING,
    AG + "hasSpeakerProfile": PUBLIC_SPEAKER_LISTING,
}

#: purpose -> the categories of personal data it covers (DPV-PD), which every record of that
#: purpose names (`dpv:hasPersonalData`): public naming shows the name and the public role
#: (memberships, descriptions); the speaker listing also languages and professional topics;
#: placement by the office also contact data, which never leaves the internal graphs.
PERSONAL_DATA: dict[str, tuple[str, ...]] = {
    PUBLIC_NAMING: (DPV_PD + "Name", DPV_PD + "PublicLife"),
    PUBLIC_SPEAKER_LISTING: (DPV_PD + "Name", DPV_PD + "Language", DPV_PD + "Professional"),
    OFFICE_PLACEMENT: (
        DPV_PD + "Name",
        DPV_PD + "Language",
        DPV_PD + "Professional",
        DPV_PD + "Contact",
    ),
}
