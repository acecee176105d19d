"""The organisation moves to the clearinghouse core (its 0001): the foreign keys point there,
and the model leaves the library, all in Django's state; the tables stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clearinghouse", "0001_initial"),
        ("journal", "0002_organisation_in_clearinghouse"),
        ("library", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="templatepackage",
                    name="organisation",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="packages",
                        to="clearinghouse.organisation",
                    ),
                ),
                migrations.AlterField(
                    model_name="rotaperiod",
                    name="organisation",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rota_periods",
                        to="clearinghouse.organisation",
                    ),
                ),
                migrations.AlterField(
                    model_name="goodpractice",
                    name="organisation",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="practices",
                        to="clearinghouse.organisation",
                    ),
                ),
                migrations.AlterField(
                    model_name="resource",
                    name="organisation",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="resources",
                        to="clearinghouse.organisation",
                    ),
                ),
                migrations.DeleteModel(
                    name="Organisation",
                ),
            ],
            database_operations=[],
        ),
    ]
