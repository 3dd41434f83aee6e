from django import forms
from django.contrib import admin, messages

from .models import (
    Application,
    Contact,
    FollowUp,
    ImportBatch,
    Interview,
    InterviewDebrief,
    Offer,
    Outcome,
    Status,
    TimelineEvent,
)
from .services import ServiceError
from .services.applications import (
    EDITABLE_FIELDS,
    application_update,
    change_status,
    create_application,
    mark_applied,
    mark_no_response,
    mark_rejected,
)
from .services.follow_ups import follow_up_complete, follow_up_skip


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
#
# Status, outcomes and the timeline are written by the services only (each status move
# or ending writes its timeline entry and tells the coach): here they are read-only, and
# the list's actions call the same services as the person's own buttons.


class TimelineEventInline(admin.TabularInline):
    model = TimelineEvent
    extra = 0
    fields = ("happened_on", "kind", "from_status", "to_status", "interview_round", "text")
    readonly_fields = fields
    ordering = ("-happened_on", "-id")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OutcomeInline(admin.StackedInline):
    model = Outcome
    extra = 0
    max_num = 1
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _each(modeladmin, request, queryset, action, done: str) -> None:
    """Run `action(application, today)` on each chosen application, each in its own
    transaction (the service's); say how many it did and why any were left as they were."""
    count, refused = 0, []
    for application in queryset.select_related("owner"):
        try:
            action(application, application.owner.local_today())
        except ServiceError as error:
            refused.append(f"{application}: {error}")
        else:
            count += 1
    if count:
        modeladmin.message_user(request, f"{done}: {count}.", messages.SUCCESS)
    for line in refused:
        modeladmin.message_user(request, line, messages.WARNING)


def _move_to(status: str):
    label = Status(status).label

    @admin.action(description=f"Move to “{label}” (today, on the timeline)")
    def move(modeladmin, request, queryset):
        _each(
            modeladmin,
            request,
            queryset,
            lambda application, today: change_status(
                application=application, to_status=status, happened_on=today
            ),
            f"Moved to “{label}”",
        )

    move.__name__ = f"move_to_{status}"
    return move


@admin.action(description="Mark as applied (sent today)")
def mark_applied_today(modeladmin, request, queryset):
    _each(
        modeladmin,
        request,
        queryset,
        lambda application, today: mark_applied(application=application, applied_on=today),
        "Marked as applied",
    )


@admin.action(description="Mark as rejected by the company (today)")
def mark_rejected_today(modeladmin, request, queryset):
    _each(
        modeladmin,
        request,
        queryset,
        lambda application, today: mark_rejected(application=application, decided_on=today),
        "Marked as rejected",
    )


@admin.action(description="Close as “no response” (today)")
def close_as_no_response(modeladmin, request, queryset):
    _each(
        modeladmin,
        request,
        queryset,
        lambda application, today: mark_no_response(application=application, today=today),
        "Closed as “no response”",
    )


class ApplicationAdminForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Shown but never taken from the request: the status moves through the actions.
        # (A disabled field, not a read-only one, so the rules that tie the status to the
        # dates are still checked.)
        self.fields["status"].disabled = True


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    form = ApplicationAdminForm
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
    inlines = [OutcomeInline, TimelineEventInline]
    ordering = ("-applied_on", "-id")
    actions = [
        mark_applied_today,
        *(_move_to(status) for status in Status.manual() if status != Status.APPLIED),
        mark_rejected_today,
        close_as_no_response,
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = ["company_key", "created_at", "updated_at"]
        if obj is not None:
            # Moving an application to someone else, or its "last activity" by hand, would
            # leave its follow-ups, interviews and timeline behind.
            fields[:0] = ["owner", "last_activity_on"]
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            # Like the "new" form: its timeline starts with the day it was sent.
            create_application(application=obj, status=obj.status, today=obj.owner.local_today())
            return
        changed = [name for name in form.changed_data if name in EDITABLE_FIELDS]
        if changed:
            application_update(
                application=obj, values={name: getattr(obj, name) for name in changed}
            )


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
    """Read-only: the timeline is written by the services, with the change it records."""

    list_display = ("happened_on", "kind", "application", "from_status", "to_status")
    list_filter = ("kind", "to_status", "happened_on")
    search_fields = ("text", "application__company", "application__role_title")
    list_select_related = ("application",)
    raw_id_fields = ("application",)
    ordering = ("-happened_on", "-id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    """Read-only: an ending is recorded by the person (or the application list's actions),
    so the status and the timeline move with it."""

    list_display = ("application", "decided_on", "stage", "ended_by", "channel")
    list_filter = ("stage", "ended_by", "channel", "decided_on")
    search_fields = ("application__company", "application__role_title", "reason_given", "feedback")
    list_select_related = ("application",)
    raw_id_fields = ("application",)
    ordering = ("-decided_on", "-id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.action(description="Mark as done (on the timeline; a reconnect plans the next one)")
def follow_up_mark_done(modeladmin, request, queryset):
    done = sum(
        follow_up_complete(follow_up=follow_up, today=follow_up.owner.local_today()).done
        for follow_up in queryset.select_related("owner", "application")
    )
    modeladmin.message_user(request, f"Marked as done: {done}.", messages.SUCCESS)


@admin.action(description="Skip")
def follow_up_mark_skipped(modeladmin, request, queryset):
    skipped = sum(follow_up_skip(follow_up=follow_up) for follow_up in queryset)
    modeladmin.message_user(request, f"Skipped: {skipped}.", messages.SUCCESS)


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    """The state moves through the actions (the services): done writes its timeline entry
    and plans the next reconnect, as the person's own button does."""

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
    readonly_fields = (
        "state",
        "completed_at",
        "effective_due_on",
        "private",
        "created_at",
        "updated_at",
    )
    actions = [follow_up_mark_done, follow_up_mark_skipped]
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
