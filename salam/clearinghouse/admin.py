"""The admin is for looking and fixing data; editing goes through the pages and services."""

from django.contrib import admin

from salam.clearinghouse.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "country", "is_partner"]
    list_filter = ["kind", "is_partner"]
    search_fields = ["name", "acronym"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["editors"]
