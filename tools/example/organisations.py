"""Steps that make organisations and memberships (organisations in networks, people in
organisations).

Organisations are not personal data, so they all go to the public graph; a person's
membership goes where the person's consent allows.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from akteursgraph.namespaces import AGV

from .builder import LAST_YEAR, Builder, join_de, join_en, random_day, weighted_sample
from .tables import OrgSpec
from .terms import (
    AG_DISTRICT,
    ALT,
    BASE,
    C_FORMAL,
    C_MEMBERSHIP,
    C_ORGANIZATION,
    EXAMPLE,
    FOAF_HOMEPAGE,
    ORG_CLASSIFICATION,
    ORG_MEMBER,
    ORG_ORGANIZATION,
    ORG_ROLE,
    S_END,
    S_FOUNDING,
    S_LANG,
    S_START,
    SUBJECT,
    A,
    date_literal,
    iri,
    lit,
)

#: Networks have organisations as members and one coordinator; people join other kinds.
NETWORK = "network"


def build_organisations(builder: Builder) -> None:
    """Emit every organisation into the public graph: organisations are not personal data."""
    tables = builder.tables
    for spec in tables.orgs:
        if spec.slug in builder.orgs:
            raise ValueError(f"duplicate organisation slug {spec.slug}")
        builder.orgs[spec.slug] = spec
        s = spec.iri
        builder.add(True, s, A, C_ORGANIZATION)
        if any(tables.kinds[kind].formal for kind in spec.kinds):
            builder.add(True, s, A, C_FORMAL)
        builder.labels(True, s, f"{spec.name_de} (Beispiel)", f"{spec.name_en} (example)")
        for text, lang in spec.alt:
            builder.add(True, s, ALT, lit(text, lang))
        # A short form taken from the name is a real alternative name; others only serve titles.
        if spec.short_de != spec.display_de and spec.short_de in spec.name_de:
            builder.add(True, s, ALT, lit(spec.short_de, "de"))
        for kind in spec.kinds:
            builder.add(True, s, ORG_CLASSIFICATION, iri(AGV, f"organisation-kind/{kind}"))
        builder.add(True, s, S_FOUNDING, date_literal(spec.founded))
        for district in spec.districts:
            builder.add(True, s, AG_DISTRICT, iri(BASE, f"place/{district}"))
        for language in spec.languages:
            builder.add(True, s, S_LANG, Literal(language))
        for topic in spec.topics:
            builder.add(True, s, SUBJECT, iri(AGV, f"topic/{topic}"))
        builder.add(True, s, FOAF_HOMEPAGE, URIRef(f"https://example.org/{spec.slug}"))
        kinds_de = ", ".join(tables.kinds[k].de for k in spec.kinds)
        kinds_en = ", ".join(tables.kinds[k].en for k in spec.kinds)
        places = [tables.places[d] for d in spec.districts]
        topics_de = join_de([tables.topics[t].de for t in spec.topics])
        topics_en = join_en([tables.topics[t].en for t in spec.topics])
        builder.describe(
            True,
            s,
            f"Fiktives Beispiel ({kinds_de}) in {join_de(places)}; Themen: {topics_de}. "
            "Keine reale Organisation; Ähnlichkeiten mit realen Vereinen sind zufällig.",
            f"Fictional example ({kinds_en}) in {join_en(places)}; topics: {topics_en}. "
            "Not a real organisation; any resemblance to real associations is coincidental.",
        )


def add_membership(
    builder: Builder,
    member_iri: URIRef,
    member_slug: str,
    member_de: str,
    member_en: str,
    org: OrgSpec,
    role: str,
    start: str,
    end: str | None,
    public: bool,
) -> None:
    """One org:Membership with exactly one member and one organisation (model.md)."""
    slug = f"{member_slug}-in-{org.slug}"
    if slug in builder.membership_slugs:
        raise ValueError(f"duplicate membership {slug}")
    builder.membership_slugs.add(slug)
    s = iri(EXAMPLE, f"membership/{slug}")
    builder.add(public, s, A, C_MEMBERSHIP)
    builder.labels(
        public,
        s,
        f"Mitgliedschaft: {member_de} in {org.display_de} (Beispiel)",
        f"Membership: {member_en} in {org.name_en} (example)",
    )
    builder.add(public, s, ORG_MEMBER, member_iri)
    builder.add(public, s, ORG_ORGANIZATION, org.iri)
    builder.add(public, s, ORG_ROLE, iri(AGV, f"role/{role}"))
    builder.add(public, s, S_START, date_literal(start))
    if end is not None:
        builder.add(public, s, S_END, date_literal(end))


def membership_dates(builder: Builder, earliest: int) -> tuple[str, str | None]:
    """A start not before `earliest`; about one in five memberships has ended."""
    rng = builder.rng
    start_year = rng.randint(earliest, LAST_YEAR)
    start = str(start_year) if rng.random() < 0.6 else random_day(rng, start_year)
    end = None
    if start_year < LAST_YEAR and rng.random() < 0.22:
        end_year = rng.randint(start_year + 1, LAST_YEAR)
        end = str(end_year) if rng.random() < 0.5 else random_day(rng, end_year)
    return start, end


def build_memberships(builder: Builder) -> None:
    """Organisations in networks, people in organisations, and a coordinator per network."""
    build_network_memberships(builder)
    build_people_memberships(builder)
    build_network_coordinators(builder)


def build_network_memberships(builder: Builder) -> None:
    """Member organisations of each network; some founded it."""
    rng = builder.rng
    for network_slug, members in builder.tables.network_members.items():
        network = builder.orgs[network_slug]
        for member_slug in members:
            member = builder.orgs[member_slug]
            earliest = max(network.founded_year, member.founded_year)
            founding_member = member.founded_year <= network.founded_year and rng.random() < 0.35
            if founding_member:
                role, start, end = "founder", network.founded, None
            else:
                role = "member"
                start, end = membership_dates(builder, earliest)
            add_membership(
                builder,
                member.iri,
                member.slug,
                member.display_de,
                member.name_en,
                network,
                role,
                start,
                end,
                True,
            )


def build_people_memberships(builder: Builder) -> None:
    """People join organisations that share their languages (or their community)."""
    rng = builder.rng
    tables = builder.tables
    chairs: set[str] = set()
    candidates = [o for o in tables.orgs if NETWORK not in o.kinds]
    for person in builder.people:
        culture = tables.cultures[person.culture]
        matching = [
            o
            for o in candidates
            if set(o.languages) & (set(person.languages) - {"de", "en"})
            or (person.culture == "germany" and o.communities)
        ]
        if not matching:
            matching = [o for o in candidates if set(o.communities) & set(culture.communities)]
        draw = rng.random()
        count = 0 if draw < 0.18 else (1 if draw < 0.88 else 2)
        # Hubs attract more people, as they do in the cooperation network.
        chosen = weighted_sample(
            rng, [o.slug for o in matching], [o.weight + 1 for o in matching], count
        )
        for org in (builder.orgs[slug] for slug in chosen):
            roles = tables.role_weights
            role = weighted_sample(rng, list(roles), list(roles.values()), 1)[0]
            if role == "speaker" and not person.is_speaker:
                role = "member"
            if role == "chair" and org.slug in chairs:
                role = "board-member"
            if role == "chair":
                chairs.add(org.slug)
            if role == "founder":
                start, end = org.founded, None
            else:
                start, end = membership_dates(builder, max(org.founded_year, 2005))
            add_membership(
                builder,
                person.iri,
                person.token,
                person.name,
                person.name,
                org,
                role,
                start,
                end,
                person.public,
            )


def build_network_coordinators(builder: Builder) -> None:
    """Every network has a coordinator from its own community."""
    rng = builder.rng
    cultures = builder.tables.cultures
    for network_slug in builder.tables.network_members:
        network = builder.orgs[network_slug]
        pool = [
            p
            for p in builder.people
            if set(cultures[p.culture].communities) & set(network.communities)
            and f"{p.token}-in-{network.slug}" not in builder.membership_slugs
        ]
        person = pool[rng.randrange(len(pool))]
        start_year = rng.randint(network.founded_year, LAST_YEAR - 2)
        add_membership(
            builder,
            person.iri,
            person.token,
            person.name,
            person.name,
            network,
            "coordinator",
            str(start_year),
            None,
            person.public,
        )
