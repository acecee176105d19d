"""`{% avatar person %}`: a person's picture, or their initials on a colour of their own."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from salam.people.avatars import colour_index, initials

register = template.Library()
SIZES = {"": "", "sm": " avatar-sm", "lg": " avatar-lg"}


@register.simple_tag
def avatar(person: object, size: str = "") -> SafeString:
    """`person` is a user or a profile. Decorative (the name is always written beside it), so
    it is hidden from screen readers: they would read the initials twice."""
    if person is None:
        return SafeString("")
    user = getattr(person, "user", person)  # a profile has .user; a user is itself
    username = user.get_username() if hasattr(user, "get_username") else str(person)
    profile = getattr(user, "profile", None)
    name = getattr(profile, "name", "") or username
    classes = "avatar" + SIZES.get(size, "")
    if profile is not None and profile.avatar:
        version = int(profile.updated_at.timestamp()) if profile.updated_at else 0
        url = reverse("people:avatar", kwargs={"username": username})
        return format_html('<img class="{}" src="{}?v={}" alt="">', classes, url, version)
    return format_html(
        '<span class="{} avatar-c{}" aria-hidden="true">{}</span>',
        classes,
        colour_index(username),
        initials(name),
    )
