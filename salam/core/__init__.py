"""The ground floor every app stands on: domain errors, markup, translations, the real-time
send, the websocket entry and its close codes. It imports no app of the project."""
