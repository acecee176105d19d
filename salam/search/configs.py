"""Which PostgreSQL text search configuration stems which language (pure data)."""

from __future__ import annotations

# ISO 639-1 code -> a configuration PostgreSQL ships with; anything else is "simple".
PG_CONFIGS = {
    "ar": "arabic",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hi": "hindi",
    "hu": "hungarian",
    "id": "indonesian",
    "it": "italian",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "tr": "turkish",
}
SIMPLE = "simple"


def config_for(language: str) -> str:
    return PG_CONFIGS.get((language or "").split("-")[0].lower(), SIMPLE)


def query_configs(languages: list[str]) -> list[str]:
    """The configurations a query is parsed with: each language's, plus unstemmed words."""
    configs = {config_for(code) for code in languages}
    configs.add(SIMPLE)
    return sorted(configs)
