from django.apps import AppConfig


class SalamConfig(AppConfig):
    name = "salam"
    verbose_name = "Salam"
