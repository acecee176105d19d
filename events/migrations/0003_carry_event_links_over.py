"""Events used to find their library resources by matching their address against the
library's events of interest (`library.EventLink.url == event.get_absolute_url()`). This carries
each such link over to the relation `Event.resources`; the library's own list is left as it is."""

from django.db import migrations

# The address an event had when the links were matched by string (events:event).
EVENT_URL = "/events/{slug}/"


def carry_links_over(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    EventLink = apps.get_model("library", "EventLink")
    links = {link.url: link for link in EventLink.objects.prefetch_related("resources")}
    for event in Event.objects.all():
        link = links.get(EVENT_URL.format(slug=event.slug))
        if link is not None:
            event.resources.add(*link.resources.all())


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_event_resources"),
        ("library", "0002_organisation_in_clearinghouse"),
    ]

    operations = [
        # Backwards there is nothing to undo: 0002's removal drops the relation's table.
        migrations.RunPython(carry_links_over, migrations.RunPython.noop),
    ]
