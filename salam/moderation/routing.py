from django.urls import path

from salam.moderation.consumers import ModerationConsumer

websocket_urlpatterns = [path("ws/moderation/", ModerationConsumer.as_asgi())]
