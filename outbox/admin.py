from django.contrib import admin, messages
from django.utils import timezone

from .models import OutgoingEmail, OutgoingStatus


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """What is waiting, sent or given up, with the last error. Bodies are not shown: they
    hold people's follow-ups and names, and the operator needs only who, what and why."""

    list_display = (
        "id",
        "subject",
        "recipients",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    )
    list_filter = ("status",)
    search_fields = ("subject", "to")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    fields = (
        "status",
        "subject",
        "from_email",
        "to",
        "cc",
        "bcc",
        "message_id",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    actions = ["try_again_now"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body", "alternatives", "headers")

    @admin.display(description="to")
    def recipients(self, obj: OutgoingEmail) -> str:
        return ", ".join(obj.to)

    @admin.action(description="Try again now (failed or waiting emails)")
    def try_again_now(self, request, queryset):
        count = queryset.exclude(status=OutgoingStatus.SENT).update(
            status=OutgoingStatus.QUEUED,
            attempts=0,
            next_attempt_at=timezone.now(),
            updated_at=timezone.now(),
        )
        self.message_user(
            request, f"{count} email(s) will be sent on the next pass.", messages.INFO
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
