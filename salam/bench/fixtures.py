"""The benchmark's data: its own PostgreSQL database, N people with complete profiles, rooms.

Runs in a child process with the benchmark's environment (`python -m salam.bench.fixtures`),
so that the command's own settings never point at the benchmark database. Prints JSON: a
session cookie per person (made directly through the session store: 1,000 logins take a
second) and the rooms created.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from urllib.parse import urlsplit, urlunsplit

USERNAME = "bench{:04d}"


def ensure_database(url: str) -> bool:
    """Create the PostgreSQL database named in `url` if it is missing; True when created."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def prepare(users: int, rooms: dict[str, int], pair_rooms: frozenset[str] = frozenset()) -> dict:
    """`pair_rooms`: the slugs among `rooms` made private pair rooms (which have calls)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from rooms.chat import services
    from rooms.models import Membership, Room
    from salam.people import services as people_services
    from salam.people.models import Profile, University
    from salam.people.roles import Role

    call_command("migrate", verbosity=0, interactive=False)
    people_services.ensure_role_groups()
    user_model = get_user_model()
    names = [USERNAME.format(i) for i in range(users)]
    existing = set(user_model.objects.filter(username__in=names).values_list("username", flat=True))
    password = make_password(get_random_string(24))  # one hash for all: nobody logs in by form
    user_model.objects.bulk_create(
        [
            user_model(username=name, email=f"{name}@bench.invalid", password=password)
            for name in names
            if name not in existing
        ]
    )
    people = list(user_model.objects.filter(username__in=names).order_by("username"))
    university = University.objects.get_or_create(
        name="Benchmark University", country="TR", defaults={"city": "Istanbul"}
    )[0]
    Profile.objects.filter(user__in=people).delete()
    Profile.objects.bulk_create(
        [
            Profile(
                user=person,
                display_name=person.username.title(),
                affiliation=Profile.Affiliation.STUDENT,
                university=university,
                languages=["en"],
                time_zone="UTC",
            )
            for person in people
        ]
    )
    participant = Group.objects.get(name=Role.PARTICIPANT)
    through = user_model.groups.through
    through.objects.filter(user__in=people).delete()
    through.objects.bulk_create([through(user=person, group=participant) for person in people])
    for person in people:  # the full model, as the auth middleware loads it
        assert person.profile.is_complete  # noqa: S101 a broken fixture would measure refusals

    for slug, size in rooms.items():
        Room.objects.filter(slug=slug).delete()
        pair = slug in pair_rooms
        room = services.create_room(
            slug=slug,
            title=f"Benchmark {slug}",
            kind=Room.Kind.PAIR if pair else Room.Kind.CAFE,
            visibility=Room.Visibility.MEMBERS if pair else Room.Visibility.OPEN,
        )
        Membership.objects.bulk_create([Membership(room=room, user=p) for p in people[:size]])

    Session.objects.all().delete()
    expires = timezone.now() + dt.timedelta(days=1)
    store = SessionStore()
    sessions = []
    for person in people:
        data = {
            "_auth_user_id": str(person.pk),
            "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
            "_auth_user_hash": person.get_session_auth_hash(),
        }
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        sessions.append(
            Session(session_key=key, session_data=store.encode(data), expire_date=expires)
        )
    Session.objects.bulk_create(sessions)
    return {
        "cookies": [f"{settings.SESSION_COOKIE_NAME}={s.session_key}" for s in sessions],
        "rooms": sorted(rooms),
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--room", action="append", default=[], help="slug:members")
    parser.add_argument("--pair-room", action="append", default=[], help="slug:members")
    args = parser.parse_args(argv)
    import django

    django.setup()
    pairs = {slug: int(size) for slug, size in (r.split(":") for r in args.pair_room)}
    rooms = {slug: int(size) for slug, size in (r.split(":") for r in args.room)} | pairs
    json.dump(prepare(args.users, rooms, frozenset(pairs)), sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
