"""Video and audio calls in pair and small group rooms: a WebRTC mesh signalled over the room
socket (rooms/PROTOCOL.md, "Calls")."""
