from __future__ import annotations

import pytest
from django.test import override_settings

CLOSED_PORT_LAYER = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        # Nothing listens on port 1: a real connection failure, not a mock.
        "CONFIG": {"hosts": [{"address": "redis://127.0.0.1:1/0", "socket_timeout": None}]},
    }
}


@pytest.fixture(autouse=True)
def _fresh_layers():
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.mark.django_db
def test_it_answers_200_when_database_and_layer_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": {"ok": True},
        "channel_layer": {"ok": True},
    }


@pytest.mark.django_db
@override_settings(CHANNEL_LAYERS=CLOSED_PORT_LAYER)
def test_it_answers_503_when_the_channel_layer_is_down(client):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "unavailable"
    assert body["database"] == {"ok": True}
    assert body["channel_layer"]["ok"] is False
    assert body["channel_layer"]["error"]


@pytest.mark.django_db
def test_it_round_trips_through_real_redis(client, redis_url, settings):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [{"address": redis_url, "socket_timeout": None}],
                "prefix": "salam-test-healthz",
            },
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["channel_layer"] == {"ok": True}
