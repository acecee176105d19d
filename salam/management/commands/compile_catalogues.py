"""`python manage.py compile_catalogues`: write the .mo files production serves pages from.

Django's own `compilemessages` needs GNU gettext's `msgfmt` on the server; this uses Babel,
a dependency already, so a deployment needs nothing but Python. The .mo files are built, not
committed (.gitignore): run this after every update, before starting daphne.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from salam.core.i18n import compile_catalogues


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po) of LOCALE_PATHS into .mo files with Babel."

    def handle(self, *args: object, **options: object) -> None:
        written = compile_catalogues(settings.LOCALE_PATHS)
        for path in written:
            self.stdout.write(f"compiled {path}")
        self.stdout.write(f"{len(written)} catalogue(s) compiled, the others were up to date.")
