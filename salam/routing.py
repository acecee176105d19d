"""Every websocket route of the site, gathered from the apps."""

from rooms.routing import websocket_urlpatterns as rooms_routes
from salam.moderation.routing import websocket_urlpatterns as moderation_routes

websocket_urlpatterns = [*rooms_routes, *moderation_routes]
