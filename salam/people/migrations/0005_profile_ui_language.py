from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_avatar_and_affiliation_requests_together"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="ui_language",
            field=models.CharField(
                blank=True, default="", max_length=8, verbose_name="language of the site"
            ),
        ),
    ]
