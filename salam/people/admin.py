from django.contrib import admin

from salam.people.models import City, Interest, Profile, University


@admin.register(University)
class UniversityAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "country"]
    search_fields = ["name", "city"]


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "country"]
    search_fields = ["name"]


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.action(description="Deactivate and disconnect the selected people")
def deactivate_and_disconnect(modeladmin, request, queryset) -> None:
    from salam.people.services import deactivate_person

    for profile in queryset.select_related("user"):
        deactivate_person(profile.user)


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "display_name", "affiliation", "university", "city"]
    list_filter = ["affiliation", "residency"]
    search_fields = ["user__username", "display_name"]
    autocomplete_fields = ["university", "city", "interests"]
    actions = [deactivate_and_disconnect]
