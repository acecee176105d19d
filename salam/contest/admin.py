"""The admin's view of the contest: editions with their categories, recognitions and jurors
(the organisers' own pages are under /contest/<edition>/manage/)."""

from django.contrib import admin

from salam.contest.models import Category, Decision, Edition, Entry, Juror, Recognition


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0


class RecognitionInline(admin.TabularInline):
    model = Recognition
    extra = 0


class JurorInline(admin.TabularInline):
    model = Juror
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_at", "closes_at", "gallery_opens_at", "festival_published"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CategoryInline, RecognitionInline, JurorInline]


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "category", "processing", "eligible", "shortlisted"]
    list_filter = ["edition", "processing", "eligible", "shortlisted"]
    search_fields = ["title"]
    readonly_fields = ["processing", "progress", "failure", "attempt", "problems", "eligible"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["recognition", "entry", "decided_by", "decided_at"]
    readonly_fields = ["decided_by", "decided_at"]
