from django.urls import path

from rooms import consumers

websocket_urlpatterns = [
    path("ws/rooms/<slug:slug>/", consumers.RoomConsumer.as_asgi()),
    path("ws/me/", consumers.PersonalConsumer.as_asgi()),
    path("ws/moderation/", consumers.ModerationConsumer.as_asgi()),
]
