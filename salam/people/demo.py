"""Demo people: the accounts every demo and browser test signs in with."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction

from salam.people import services
from salam.people.models import City, Profile, University
from salam.people.roles import Role

DEMO_PASSWORD = "cafe-salam-demo"  # noqa: S105 published demo password, refused when DEBUG is off

UNIVERSITIES = {
    "bogazici": ("Boğaziçi University", "Istanbul", "TR"),
    "complutense": ("Complutense University of Madrid", "Madrid", "ES"),
    "cairo": ("Cairo University", "Cairo", "EG"),
}
CITIES = {"rotterdam": ("Rotterdam", "NL"), "rio": ("Rio de Janeiro", "BR")}

# username: (display name, role, affiliation, university or city key, residency, languages,
#            interests, time zone)
PEOPLE = {
    "organiser": (
        "Olivia the organiser",
        Role.ORGANISER,
        "city",
        "rio",
        "resident",
        ["en", "pt", "fr"],
        ["education", "music"],
        "America/Sao_Paulo",
    ),
    "moderator": (
        "Malik the moderator",
        Role.MODERATOR,
        "city",
        "rotterdam",
        "resident",
        ["en", "ar", "fr"],
        ["history", "cooking"],
        "Europe/Amsterdam",
    ),
    "amina": (
        "Amina",
        Role.PARTICIPANT,
        "student",
        "bogazici",
        "",
        ["tr", "en"],
        ["music", "football", "poetry", "cooking"],
        "Europe/Istanbul",
    ),
    "lucas": (
        "Lucas",
        Role.PARTICIPANT,
        "student",
        "complutense",
        "",
        ["es", "en"],
        ["football", "cinema", "music", "history"],
        "Europe/Madrid",
    ),
    "farah": (
        "Farah",
        Role.PARTICIPANT,
        "student",
        "cairo",
        "",
        ["ar", "en"],
        ["poetry", "cooking", "photography", "history"],
        "Africa/Cairo",
    ),
    "nadia": (
        "Nadia",
        Role.PARTICIPANT,
        "city",
        "rotterdam",
        "resident",
        ["nl", "ar", "en"],
        ["cooking", "cycling", "music", "languages"],
        "Europe/Amsterdam",
    ),
    "joao": (
        "João",
        Role.PARTICIPANT,
        "city",
        "rio",
        "newcomer",
        ["pt", "en"],
        ["football", "music", "cinema", "cycling"],
        "America/Sao_Paulo",
    ),
}


@transaction.atomic
def load() -> list[str]:
    """Create what is missing and leave what exists alone; returns the demo usernames."""
    services.ensure_role_groups()
    for username, spec in PEOPLE.items():
        ensure_person(username, spec)
    return list(PEOPLE)


def ensure_person(username: str, spec: tuple) -> None:
    """One demo person, with the demo password and a complete profile, unless they exist.

    `spec` is as in PEOPLE: display name, role, affiliation, university or city key (of
    UNIVERSITIES or CITIES), residency, languages, interests, time zone."""
    display, role, affiliation, place, residency, languages, interests, zone = spec
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@salam.example"}
    )
    if not created:
        return
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    profile = services.register_person(user)
    if role != Role.PARTICIPANT:
        services.grant_role(user, role)
    student = affiliation == Profile.Affiliation.STUDENT
    if student:
        name, city, country = UNIVERSITIES[place]
        university = University.objects.get_or_create(
            name=name, country=country, defaults={"city": city}
        )[0]
    else:
        name, country = CITIES[place]
        town = City.objects.get_or_create(name=name, country=country)[0]
    services.update_profile(
        profile,
        display_name=display,
        affiliation=affiliation,
        university=university if student else None,
        city=None if student else town,
        residency=residency,
        languages=languages,
        interests=interests,
        time_zone=zone,
        bio="",
    )
