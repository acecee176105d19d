"""The article's organisation now lives in the clearinghouse core; the column and its
foreign key to `library_organisation` stay as they are (a change of Django's state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clearinghouse", "0001_initial"),
        ("journal", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="organisation",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="articles",
                        to="clearinghouse.organisation",
                        verbose_name="organisation",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
