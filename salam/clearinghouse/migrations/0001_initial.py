"""The organisation moves here from the library in Django's state only: its table
(`library_organisation`, and `library_organisation_editors` for its editors) stays as it is, so
an existing database keeps its rows; a new one gets the table from library's 0001."""

import django_countries.fields
from django.conf import settings
from django.db import migrations, models


def _relabel(apps, *, source: str, target: str) -> None:
    content_types = apps.get_model("contenttypes", "ContentType")
    if not content_types.objects.filter(
        app_label=target, model="organisation"
    ).exists():
        content_types.objects.filter(app_label=source, model="organisation").update(
            app_label=target
        )


def move_content_type(apps, schema_editor):
    _relabel(apps, source="library", target="clearinghouse")


def move_content_type_back(apps, schema_editor):
    _relabel(apps, source="clearinghouse", target="library")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("library", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Organisation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "name",
                            models.CharField(
                                max_length=200, unique=True, verbose_name="name"
                            ),
                        ),
                        (
                            "acronym",
                            models.CharField(
                                blank=True, max_length=20, verbose_name="acronym"
                            ),
                        ),
                        (
                            "slug",
                            models.SlugField(
                                max_length=80, unique=True, verbose_name="address"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("un", "UN body or intergovernmental organisation"),
                                    ("government", "Government or local authority"),
                                    ("university", "University or research institute"),
                                    ("civil-society", "Civil society organisation"),
                                ],
                                max_length=16,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "country",
                            django_countries.fields.CountryField(
                                blank=True, max_length=2, verbose_name="country"
                            ),
                        ),
                        (
                            "website",
                            models.URLField(blank=True, verbose_name="website"),
                        ),
                        (
                            "description",
                            models.TextField(blank=True, verbose_name="description"),
                        ),
                        (
                            "is_partner",
                            models.BooleanField(
                                default=False,
                                verbose_name="partner of the clearinghouse",
                            ),
                        ),
                        (
                            "editors",
                            models.ManyToManyField(
                                blank=True,
                                related_name="partner_organisations",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "organisation",
                        "db_table": "library_organisation",
                        "ordering": ["name"],
                    },
                ),
            ],
            database_operations=[],
        ),
        # Permissions and admin history hang on the content type: carry it over too.
        migrations.RunPython(move_content_type, move_content_type_back, elidable=True),
    ]
