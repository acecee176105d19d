"""Demo rooms: the open `welcome` room and the members-only pair room `istanbul-madrid`."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from rooms.chat import services as chat_services
from rooms.models import Membership, Message, Room, Round
from rooms.pairing import services as pairing_services
from salam.people.models import University


@transaction.atomic
def load() -> None:
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=["moderator", "amina", "lucas", "farah", "nadia", "joao"]
        )
    }
    welcome = Room.objects.filter(slug="welcome").first() or chat_services.create_room(
        slug="welcome",
        title="Welcome to Café Salam",
        topic="Say hello, and tell us what you would like to talk about.",
        language="en",
    )
    chat_services.add_member(welcome, user=users["moderator"], role=Membership.Role.MODERATOR)
    pair = Room.objects.filter(slug="istanbul-madrid").first() or chat_services.create_room(
        slug="istanbul-madrid",
        title="Istanbul – Madrid",
        kind=Room.Kind.PAIR,
        visibility=Room.Visibility.MEMBERS,
        topic="Football, music, and our two cities.",
    )
    for username in ("amina", "lucas"):
        chat_services.add_member(pair, user=users[username])
    if not Message.objects.filter(room=welcome).exists():
        start = timezone.now() - dt.timedelta(hours=1)
        lines = [
            ("moderator", "Welcome to Café Salam! Be kind, be curious, and ask before you assume."),
            ("amina", "Merhaba from Istanbul! Anyone here into music or football?"),
            ("farah", "Hello from Cairo. I love poetry — and cooking, of course."),
            ("nadia", "Hoi from Rotterdam! Happy to meet you all."),
        ]
        for index, (username, body) in enumerate(lines):
            chat_services.post_message(
                welcome,
                author=users[username],
                body=body,
                client_id=f"demo-{index}",
                now=start + dt.timedelta(minutes=5 * index),
            )

    if not Round.objects.exists():
        organiser = get_user_model().objects.get(username="organiser")
        round_ = pairing_services.create_round(
            actor=organiser,
            title="Café Salam universities: first round",
            starts_at=timezone.now() + dt.timedelta(minutes=30),
            duration_minutes=45,
            pool_kind=Round.PoolKind.UNIVERSITY,
            universities=list(University.objects.all()),
            city=None,
            mode=Round.Mode.PAIRS,
            group_size=4,
            facilitators=[],
        )
        for username in ("amina", "lucas", "farah"):
            pairing_services.sign_up(round_, actor=users[username])
