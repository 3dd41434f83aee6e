from django.contrib import admin

from .models import (
    Application,
    Contact,
    FollowUp,
    ImportBatch,
    Interview,
    InterviewDebrief,
    Offer,
    Outcome,
    TimelineEvent,
)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Read-only view of imports; the rows and cells are the person's data and never shown."""

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
        return (
            super()
            .get_queryset(request)
            .defer("rows", "skipped", "ignored_columns", "table", "mapping", "notices")
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- Applications, their timeline, outcomes and contacts ---------------------------


class TimelineEventInline(admin.TabularInline):
    model = TimelineEvent
    extra = 0
    fields = ("happened_on", "kind", "from_status", "to_status", "interview_round", "text")
    ordering = ("-happened_on", "-id")


class OutcomeInline(admin.StackedInline):
    model = Outcome
    extra = 0
    max_num = 1


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = (
        "company",
        "role_title",
        "owner",
        "status",
        "source",
        "applied_on",
        "last_activity_on",
    )
    list_filter = ("status", "source", "work_mode", "applied_on")
    search_fields = ("company", "role_title", "notes", "tags", "owner__email")
    list_select_related = ("owner",)
    raw_id_fields = ("owner",)
    filter_horizontal = ("contacts",)
    date_hierarchy = "applied_on"
    readonly_fields = ("company_key", "created_at", "updated_at")
    inlines = [OutcomeInline, TimelineEventInline]
    ordering = ("-applied_on", "-id")


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("name", "company", "role", "email", "owner")
    list_filter = ("role",)
    search_fields = ("name", "email", "company", "owner__email")
    list_select_related = ("owner",)
    raw_id_fields = ("owner",)
    ordering = ("name", "id")


@admin.register(TimelineEvent)
class TimelineEventAdmin(admin.ModelAdmin):
    list_display = ("happened_on", "kind", "application", "from_status", "to_status")
    list_filter = ("kind", "to_status", "happened_on")
    search_fields = ("text", "application__company", "application__role_title")
    list_select_related = ("application",)
    raw_id_fields = ("application",)
    ordering = ("-happened_on", "-id")


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ("application", "decided_on", "stage", "ended_by", "channel")
    list_filter = ("stage", "ended_by", "channel", "decided_on")
    search_fields = ("application__company", "application__role_title", "reason_given", "feedback")
    list_select_related = ("application",)
    raw_id_fields = ("application",)
    ordering = ("-decided_on", "-id")


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
    # `private` follows the worksheet's sharing (coaching.services); never set by hand.
    readonly_fields = ("effective_due_on", "private", "created_at", "updated_at")
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
        (
            "About",
            {"fields": ("application", "contact", "suggested_by", "suggested_by_user", "private")},
        ),
        # Clearing notified_at makes the digest send this follow-up again.
        ("Email digest", {"fields": ("notified_at",)}),
        ("Record", {"fields": ("created_at", "updated_at")}),
    )


# --- Interviews, debriefs and offers ----------------------------------------------------


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    """Find and inspect interviews. Changes go through the person's own pages (the
    services keep the timeline, the follow-ups and the calendar in step), so the admin
    only reads them."""

    list_display = ("application", "interview_round", "kind", "starts_on", "state", "owner")
    list_filter = ("state", "kind")
    search_fields = ("application__company", "owner__email")
    list_select_related = ("application", "owner")
    date_hierarchy = "starts_on"
    ordering = ("-starts_on", "-id")
    fields = (
        "owner",
        "application",
        "interview_round",
        "kind",
        "state",
        "starts_on",
        "starts_time",
        "starts_at",
        "duration_minutes",
        "prepare_reminder",
        "completed_on",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(InterviewDebrief)
class InterviewDebriefAdmin(admin.ModelAdmin):
    """A debrief is a reflection: like worksheets, the admin shows only neutral facts,
    never the person's words or rating."""

    list_display = ("interview", "share_with_coach", "created_at", "updated_at")
    list_filter = ("share_with_coach",)
    search_fields = ("interview__owner__email",)
    list_select_related = ("interview__application",)
    fields = ("interview", "share_with_coach", "created_at", "updated_at")
    readonly_fields = fields
    ordering = ("-updated_at",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ("application", "decision", "decide_by", "decided_on")
    list_filter = ("decision",)
    search_fields = ("application__company", "application__owner__email")
    list_select_related = ("application",)
    fields = (
        "application",
        "base_salary",
        "currency",
        "other_pay",
        "start_on",
        "decide_by",
        "decision",
        "decided_on",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    ordering = ("-updated_at",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
