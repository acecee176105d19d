"""`{{ value|when }}`: a moment in the viewer's time zone, labelled with the zone.

    {{ message.sent_at|when }}         1 December 2026, 08:00 UTC−3
    {{ round.starts_at|when:"time" }}  08:00 UTC−3
    {{ article.published_at|when:"date" }}  1 December 2026
    {{ occurrence.starts_at|when:"clock" }}  08:00 (where the zone is said right after,
                                            as in "08:00–09:00 UTC−3")

each inside `<time datetime="ISO 8601 in UTC" title="the zone's full name">`. The zone is the
current one (the viewer's, activated per request; `{% timezone %}` changes it for a block)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from salam.core.zones import zone_label, zone_name

register = template.Library()


@register.filter(is_safe=True)
def when(value: dt.datetime | None, style: str = "full") -> SafeString | str:
    if not isinstance(value, dt.datetime):
        return "" if value is None else str(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    zone = timezone.get_current_timezone()
    local = value.astimezone(zone)
    date = formats.date_format(local, "DATE_FORMAT")
    clock = f"{local:%H:%M}"
    labelled = f"{clock} {zone_label(local)}"
    text = {"date": date, "time": labelled, "clock": clock}.get(style, f"{date}, {labelled}")
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        zone_name(zone),
        text,
    )
