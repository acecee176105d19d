from django.contrib import admin

from salam.search.models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "language", "updated_at"]
    list_filter = ["kind", "language"]
    search_fields = ["title"]
    readonly_fields = ["search_vector"]
