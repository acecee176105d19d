from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    name = "salam.journal"
    label = "journal"
    verbose_name = _("Journal")

    def ready(self) -> None:
        from salam.clearinghouse.sections import OrganisationSection, register_organisation_section
        from salam.journal.selectors import published_by_organisation

        register_organisation_section(
            OrganisationSection(
                key="journal.articles",
                template="journal/_organisation_articles.html",
                context=lambda organisation: {"articles": published_by_organisation(organisation)},
            )
        )
