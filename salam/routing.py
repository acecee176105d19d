"""Every websocket route of the site, gathered from the apps."""

from rooms.routing import websocket_urlpatterns as rooms_routes

websocket_urlpatterns = [*rooms_routes]
