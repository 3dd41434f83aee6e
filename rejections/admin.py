from django.contrib import admin

from .models import FollowUp


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "owner",
        "kind",
        "state",
        "effective_due_on",
        "suggested_by",
        "notified_at",
    )
    list_filter = ("kind", "state", "suggested_by")
    search_fields = ("title", "owner__email", "application__company", "contact__name")
    date_hierarchy = "effective_due_on"
    list_select_related = ("owner",)
    raw_id_fields = ("owner", "application", "contact", "suggested_by_user")
    readonly_fields = ("effective_due_on", "created_at", "updated_at")
    ordering = ("-effective_due_on", "-id")
    fieldsets = (
        (None, {"fields": ("owner", "title", "kind", "state", "message")}),
        (
            "When",
            {
                "fields": (
                    "due_on",
                    "due_time",
                    "snoozed_until",
                    "effective_due_on",
                    "not_before",
                    "completed_at",
                )
            },
        ),
        ("About", {"fields": ("application", "contact", "suggested_by", "suggested_by_user")}),
        # Clearing notified_at makes the digest send this follow-up again.
        ("Email digest", {"fields": ("notified_at",)}),
        ("Record", {"fields": ("created_at", "updated_at")}),
    )
