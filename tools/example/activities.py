"""Steps that make what organisations do together: projects, cooperations, events and
training offers.

Projects and events come from the tables; cooperations are drawn, growing year by year, with
partners mostly from one community and a few bridging two. All of it is public; only a
performer link follows the performer's consent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from rdflib import Literal

from akteursgraph.namespaces import AGV
from akteursgraph.naming import slugify

from .builder import LAST_YEAR, Builder, Person, join_de, join_en, random_day, weighted_sample
from .tables import EventSpec, ProjectSpec
from .terms import (
    AG_PARTNER,
    BASE,
    C_COOPERATION,
    C_EVENT,
    C_PROJECT,
    C_TRAINING,
    EXAMPLE,
    IS_PART_OF,
    S_AUDIENCE,
    S_END,
    S_FUNDER,
    S_IN_LANGUAGE,
    S_LOCATION,
    S_ORGANIZER,
    S_PERFORMER,
    S_START,
    SUBJECT,
    A,
    date_literal,
    iri,
    lit,
)


def build_projects(builder: Builder) -> None:
    """Projects are organisations' activities: public."""
    for spec in builder.tables.projects:
        s = iri(EXAMPLE, f"project/{spec.slug}")
        builder.add(True, s, A, C_PROJECT)
        builder.labels(True, s, f"{spec.name_de} (Beispiel)", f"{spec.name_en} (example)")
        for key in spec.organizers:
            org = builder.org(key)
            if org.founded_year > int(spec.start[:4]):
                raise ValueError(f"{org.slug} organises {spec.slug} before its founding")
            builder.add(True, s, S_ORGANIZER, org.iri)
        for key in spec.funders:
            builder.add(True, s, S_FUNDER, builder.org(key).iri)
        builder.add(True, s, S_START, date_literal(spec.start))
        builder.add(True, s, S_END, date_literal(spec.end))
        for topic in spec.topics:
            builder.add(True, s, SUBJECT, iri(AGV, f"topic/{topic}"))
        organisers_de = join_de([builder.org(k).display_de for k in spec.organizers])
        organisers_en = join_en([builder.org(k).name_en for k in spec.organizers])
        builder.describe(
            True,
            s,
            f"Fiktives Beispielprojekt von {organisers_de}.",
            f"Fictional example project of {organisers_en}.",
        )


def partner_pool(
    builder: Builder, community: str, year: int, exclude: Iterable[str]
) -> tuple[list[str], list[int]]:
    """Organisations of a community that existed in `year`, with their hub weights."""
    excluded = set(exclude)
    keys = [
        o.slug
        for o in builder.tables.orgs
        if community in o.communities
        and o.founded_year <= year
        and o.slug not in excluded
        and o.weight > 0
    ]
    return keys, [builder.orgs[k].weight for k in keys]


def build_cooperations(builder: Builder) -> None:
    """Cooperations grow per year; partners come mostly from one community, a few bridge two."""
    rng = builder.rng
    office = builder.tables.office_key
    slugs: set[str] = set()
    project_uses: Counter[str] = Counter()
    for year, count in builder.tables.cooperations_per_year.items():
        for _ in range(count):
            # At most three cooperations per project, so no project floods one year.
            active = [
                p
                for p in builder.tables.projects
                if int(p.start[:4]) <= year <= int(p.end[:4]) and project_uses[p.slug] < 3
            ]
            project = rng.choice(active) if active and rng.random() < 0.35 else None
            size = weighted_sample(rng, ["2", "3", "4"], [55, 30, 15], 1)[0]
            partners: list[str] = []
            if project is not None:
                project_uses[project.slug] += 1
                # One of the project's organisers, joined by others from its community.
                partners = [rng.choice(project.organizers)]
                community = rng.choice(sorted(builder.org(partners[0]).communities))
                keys, weights = partner_pool(builder, community, year, partners)
                partners += weighted_sample(rng, keys, weights, max(0, int(size) - len(partners)))
            else:
                community = weighted_sample(rng, ["A", "B", "C", "X"], [38, 27, 25, 10], 1)[0]
                if community == "X":
                    for part in rng.sample(["A", "B", "C"], 2):
                        keys, weights = partner_pool(builder, part, year, partners)
                        partners += weighted_sample(rng, keys, weights, 1)
                else:
                    keys, weights = partner_pool(builder, community, year, [])
                    partners = weighted_sample(rng, keys, weights, int(size))
            if office not in partners and len(partners) < 4 and rng.random() < 0.28:
                partners.append(office)
            if len(partners) < 2:
                keys, weights = partner_pool(builder, "ABC"[rng.randrange(3)], year, partners)
                partners += weighted_sample(rng, keys, weights, 2 - len(partners))
            emit_cooperation(builder, year, partners, project, slugs)


def emit_cooperation(
    builder: Builder,
    year: int,
    partners: list[str],
    project: ProjectSpec | None,
    slugs: set[str],
) -> None:
    """One ag:Cooperation; the main topic is the one its partners share most."""
    rng = builder.rng
    tally = Counter(t for k in partners for t in builder.org(k).topics)
    if project is not None:
        tally.update({t: 3 for t in project.topics})
    ranked = sorted(tally, key=lambda t: (-tally[t], t))
    top = [t for t in ranked if tally[t] == tally[ranked[0]]]
    main = rng.choice(top)
    topics = [main]
    if len(ranked) > 1 and rng.random() < 0.5:
        topics.append(rng.choice([t for t in ranked[:4] if t != main]))
    shorts_de = [builder.org(k).short_de for k in partners]
    shorts_en = [builder.org(k).short_en for k in partners]
    title = builder.tables.cooperation_titles[main]
    # Name the first two partners; when that is not unique, name them all; as a last
    # resort (same topic, year and partners) count on. Slug and label stay in step.
    label_de = f"{title.de} {year}: {shorts_de[0]} & {shorts_de[1]}"
    label_en = f"{title.en} {year}: {shorts_en[0]} & {shorts_en[1]}"
    if len(partners) > 2:
        label_de += " u. a."
        label_en += " and others"
    slug = slugify(f"{main} {shorts_de[0]} {shorts_de[1]} {year}")
    if slug in slugs:
        label_de = f"{title.de} {year}: {join_de(shorts_de)}"
        label_en = f"{title.en} {year}: {join_en(shorts_en)}"
        slug = slugify(f"{main} {' '.join(shorts_de)} {year}")
    round_number = 2
    while slug in slugs:
        slug = slugify(f"{main} {' '.join(shorts_de)} {year} runde {round_number}")
        round_number += 1
    if round_number > 2:
        label_de += f", Runde {round_number - 1}"
        label_en += f", round {round_number - 1}"
    slugs.add(slug)
    s = iri(EXAMPLE, f"cooperation/{slug}")
    builder.add(True, s, A, C_COOPERATION)
    builder.labels(True, s, f"{label_de} (Beispiel)", f"{label_en} (example)")
    for key in partners:
        builder.add(True, s, AG_PARTNER, builder.org(key).iri)
    for topic in topics:
        builder.add(True, s, SUBJECT, iri(AGV, f"topic/{topic}"))
    start = str(year) if rng.random() < 0.5 else random_day(rng, year)
    builder.add(True, s, S_START, date_literal(start))
    last = min(LAST_YEAR, int(project.end[:4])) if project else LAST_YEAR
    if rng.random() < 0.55 and year < last:
        end_year = rng.randint(year + 1, min(last, year + 3))
        end = str(end_year) if rng.random() < 0.5 else random_day(rng, end_year)
        builder.add(True, s, S_END, date_literal(end))
    if project is not None:
        builder.add(True, s, IS_PART_OF, iri(EXAMPLE, f"project/{project.slug}"))
    names_de = join_de([builder.org(k).display_de for k in partners])
    names_en = join_en([builder.org(k).name_en for k in partners])
    topic_label = builder.tables.topics[main]
    builder.describe(
        True,
        s,
        f"Fiktives Beispiel einer Kooperation von {names_de} zum Thema {topic_label.de}.",
        f"Fictional example of a cooperation of {names_en} on {topic_label.en}.",
    )


def build_events(builder: Builder) -> None:
    """Events are public; a performer link is public only for consenting speakers."""
    for spec in builder.tables.events:
        s = iri(EXAMPLE, f"event/{spec.slug}")
        builder.add(True, s, A, C_TRAINING if spec.training else C_EVENT)
        builder.labels(True, s, f"{spec.name_de} (Beispiel)", f"{spec.name_en} (example)")
        for key in spec.organizers:
            org = builder.org(key)
            if org.founded_year > int(spec.date[:4]):
                raise ValueError(f"{org.slug} organises {spec.slug} before its founding")
            builder.add(True, s, S_ORGANIZER, org.iri)
        builder.add(True, s, S_START, date_literal(spec.date))
        builder.add(True, s, S_LOCATION, iri(BASE, spec.location))
        for topic in spec.topics:
            builder.add(True, s, SUBJECT, iri(AGV, f"topic/{topic}"))
        for language in spec.languages:
            builder.add(True, s, S_IN_LANGUAGE, Literal(language))
        if spec.audience:
            builder.add(True, s, S_AUDIENCE, lit(spec.audience.de, "de"))
            builder.add(True, s, S_AUDIENCE, lit(spec.audience.en, "en"))
        if spec.project:
            builder.add(True, s, IS_PART_OF, iri(EXAMPLE, f"project/{spec.project}"))
        kind_de = "Fortbildungsangebot" if spec.training else "Veranstaltung"
        kind_en = "training offer" if spec.training else "event"
        builder.describe(
            True,
            s,
            f"Fiktives Beispiel: {kind_de}, ausgedacht für die Beispieldaten.",
            f"Fictional example: {kind_en}, invented for the example data.",
        )
        for person in pick_performers(builder, spec):
            builder.add(person.public, s, S_PERFORMER, person.iri)


def pick_performers(builder: Builder, spec: EventSpec) -> list[Person]:
    """Speakers whose topics and languages fit the event; trainings need training formats."""
    if spec.performers == 0:
        return []
    fitting = []
    for slug in sorted(builder.speakers_by_slug):
        person = builder.speakers_by_slug[slug]
        if not set(person.profile_topics) & set(spec.topics):
            continue
        # German alone does not qualify anyone for a French or Vietnamese event.
        wanted = set(spec.languages) - {"de"} or {"de"}
        if not set(person.languages) & wanted:
            continue
        if spec.speaker_languages and not set(spec.speaker_languages) <= set(person.languages):
            continue
        if spec.training and not {"training", "workshop"} & set(person.formats):
            continue
        fitting.append(person)
    return builder.rng.sample(fitting, min(spec.performers, len(fitting)))
