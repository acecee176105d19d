"""The admin is for looking and fixing data; editing goes through the pages and services."""

from django.contrib import admin

from salam.library.models import (
    EventLink,
    GoodPractice,
    PackageVersion,
    Page,
    Resource,
    ResourceArea,
    RotaPeriod,
    TemplatePackage,
)


class ResourceAreaInline(admin.TabularInline):
    model = ResourceArea
    extra = 0


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "language", "organisation", "year"]
    list_filter = ["kind", "language", "region"]
    search_fields = ["title", "summary"]
    inlines = [ResourceAreaInline]
    readonly_fields = ["file", "file_name", "file_type", "file_size"]


@admin.register(GoodPractice)
class GoodPracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "actor", "policy_area", "organisation", "started"]
    list_filter = ["actor", "policy_area"]
    search_fields = ["title"]


class PackageVersionInline(admin.TabularInline):
    model = PackageVersion
    extra = 0
    readonly_fields = ["number", "file", "file_name", "file_size", "released_at", "released_by"]


@admin.register(TemplatePackage)
class TemplatePackageAdmin(admin.ModelAdmin):
    list_display = ["title", "policy_area", "organisation"]
    inlines = [PackageVersionInline]


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["slug", "language", "title", "updated_at"]


@admin.register(EventLink)
class EventLinkAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_on", "url"]
    filter_horizontal = ["resources"]


@admin.register(RotaPeriod)
class RotaPeriodAdmin(admin.ModelAdmin):
    list_display = ["organisation", "starts_at", "ends_at"]
