from django.urls import path

from rooms.chat.consumers import RoomConsumer
from rooms.pairing.consumers import PersonalConsumer

websocket_urlpatterns = [
    path("ws/rooms/<slug:slug>/", RoomConsumer.as_asgi()),
    path("ws/me/", PersonalConsumer.as_asgi()),
]
