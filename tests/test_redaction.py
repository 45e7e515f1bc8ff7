"""How an erased person's names are found and blanked in free text (`people.redaction`): whole
words, case and accents aside, each part of a name; not particles, not ordinary words."""

from __future__ import annotations

from akteursgraph.people.redaction import REDACTED, Redactor


def test_names_are_blanked_as_whole_words_case_and_accents_aside() -> None:
    r = Redactor(["Samira Chérif"], ["mailto:s.c@example.org"])
    assert r.text("Samira Chérif ergänzt") == f"{REDACTED} ergänzt"  # the whole name at once
    assert r.text("CHERIF fragte s.c@example.org") == f"{REDACTED} fragte {REDACTED}"
    assert r.text("Samiras Anfrage") == f"{REDACTED} Anfrage"
    assert r.names_in("cherif_2024.csv") and r.names_in("samira-cherif-profil.ttl")
    assert not r.names_in("Samir und Cherie") and r.text("Samir") == "Samir"
    assert r.json_text('{"files": [{"name": "samira.csv", "quads": 3}]}') == (
        '{"files": [{"name": "' + REDACTED.replace("ö", "\\u00f6") + '.csv", "quads": 3}]}'
    )


def test_particles_short_parts_and_descriptions_are_no_needles_of_their_own() -> None:
    r = Redactor(["Ibrahim von der Au", "Ibrahim, Referent für Kolonialgeschichte und Erinnerung"])
    said = "Termin von der Stadt mit dem Referent"
    assert r.text(said) == said
    assert r.text("Ibrahim kommt") == f"{REDACTED} kommt"
    assert not Redactor([]) and Redactor([]).text("Samira") == "Samira"


def test_a_file_is_named_after_the_person_only_by_a_whole_name() -> None:
    r = Redactor(["Anna Berlin", "Samira Chérif"])
    assert r.names_whole_in("samira-cherif-profil.ttl") and r.names_whole_in("Anna_Berlin.csv")
    assert not r.names_whole_in("berlin-orgs.csv") and not r.names_whole_in("cherif.ttl")
    assert r.names_in("berlin-orgs.csv")  # in a comment, a part alone is blanked
