from django.contrib import admin

from salam.journal.models import Article, HistoryEntry, Review, Version


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    fk_name = "article"
    readonly_fields = ["reviewer", "round", "recommendation", "comments", "submitted_at"]


class HistoryInline(admin.TabularInline):
    model = HistoryEntry
    extra = 0
    readonly_fields = ["actor", "action", "round", "note", "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "status", "author", "published_at"]
    list_filter = ["status", "language", "policy_area"]
    search_fields = ["title"]
    readonly_fields = ["status", "round", "submitted_at", "published_at"]
    inlines = [ReviewInline, HistoryInline]


admin.site.register(Version)
