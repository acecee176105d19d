import pytest

from rooms.chat import services as chat_services
from rooms.models import Membership
from salam.forum import services as forum_services
from salam.forum.models import Category
from tests.rooms.conftest import connect, pair_room, welcome  # noqa: F401 rooms are a kind here


@pytest.fixture
def other_room(db):
    return chat_services.create_room(slug="other", title="Other")


@pytest.fixture
def other_rooms_moderator(make_person, other_room):
    person = make_person("othermod")
    chat_services.add_member(other_room, user=person, role=Membership.Role.MODERATOR)
    return person


@pytest.fixture
def forum_thread(db, participant):
    category = Category.objects.create(slug="cultural", name="Cultural integration")
    return forum_services.start_thread(
        category, author=participant, title="Language buddies", body="Who runs **buddies**?"
    )
