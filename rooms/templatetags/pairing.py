"""`{% pair_intro pairing request.user as intro %}`: the pair room's cards, from the selector
(so that the room page's view need not know of them)."""

from __future__ import annotations

from django import template

from rooms.models import Pairing
from rooms.pairing import selectors
from salam.core.types import Person

register = template.Library()


@register.simple_tag
def pair_intro(pairing: Pairing, viewer: Person) -> selectors.PairIntro:
    return selectors.pair_intro(pairing, viewer=viewer)
