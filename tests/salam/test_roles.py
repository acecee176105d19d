from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from salam.people import permissions, services
from salam.people.roles import ROLE_PERMISSIONS, Role

pytestmark = pytest.mark.django_db


def test_each_role_group_holds_exactly_its_permissions():
    found = {
        group.name: tuple(sorted(group.permissions.values_list("codename", flat=True)))
        for group in Group.objects.all()
    }
    assert found == {role: tuple(sorted(perms)) for role, perms in ROLE_PERMISSIONS.items()}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.PARTICIPANT, (False, False, False)),
        (Role.MODERATOR, (True, False, False)),
        (Role.ORGANISER, (False, True, False)),
        (Role.EDITOR, (False, False, True)),
    ],
)
def test_permission_helpers_follow_the_role(make_person, role, expected):
    person = make_person(role=role)
    found = (
        permissions.is_global_moderator(person),
        permissions.is_organiser(person),
        permissions.is_editor(person),
    )
    assert found == expected


def test_a_deactivated_moderator_has_no_power(moderator):
    moderator.is_active = False
    moderator.save()
    assert permissions.is_global_moderator(moderator) is False


def test_the_participant_role_cannot_be_revoked(participant):
    with pytest.raises(ValueError, match="Everyone is a participant"):
        services.revoke_role(participant, Role.PARTICIPANT)


def test_staff_reach_the_admin_and_participants_do_not(client, participant, make_person):
    staff = make_person("staff")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client.force_login(participant)
    assert client.get("/admin/").status_code == 302
    client.force_login(staff)
    assert client.get("/admin/people/profile/").status_code == 200
