"""Create the role groups with their permissions (kept in step with salam/people/roles.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "participant": ("participate",),
    "moderator": ("participate", "moderate_rooms"),
    "organiser": ("participate", "organise_events"),
    "editor": ("participate", "edit_content"),
}


def create_role_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make them exist now.
    app_config = apps.get_app_config("people")
    app_config.models_module = True  # the migration state's stub has none; the helper wants one
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="people", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
