from django.contrib import admin

from .models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Read-only view of CSV imports; the rows themselves are the person's data and never shown."""

    list_display = (
        "id",
        "owner",
        "filename",
        "row_count",
        "imported_count",
        "created_at",
        "imported_at",
    )
    list_filter = ("imported_at",)
    search_fields = ("owner__email",)
    list_select_related = ("owner",)
    fields = ("owner", "filename", "row_count", "imported_count", "created_at", "imported_at")
    readonly_fields = fields
    ordering = ("-created_at",)

    def get_queryset(self, request):
        # The list never loads the stored rows.
        return super().get_queryset(request).defer("rows", "skipped", "ignored_columns")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
