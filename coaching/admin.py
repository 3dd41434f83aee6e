from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import CoachLink, Comment, Invitation, User, Worksheet
from .services.worksheets import worksheet_save

# The worksheet fields its admin form saves through `worksheet_save`.
SAVED_BY_SERVICE = ("title", "stage_label", "sharing")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "display_name", "role", "is_staff", "date_joined")
    list_filter = ("role", "is_staff", "is_superuser", "is_active")
    search_fields = ("email", "display_name")
    readonly_fields = ("date_joined", "last_login", "calendar_token")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("display_name", "role", "time_zone")}),
        (
            "Reminders",
            {"fields": ("digest_enabled", "digest_hour", "cooling_off_hours", "no_response_days")},
        ),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined", "calendar_token")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            # Like sign-up, record the address with allauth, so the person's email
            # settings page knows it (see EmailUserManager._create_user).
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"primary": True, "verified": False}
            )


@admin.register(Worksheet)
class WorksheetAdmin(admin.ModelAdmin):
    """Operators can find, fix and delete worksheets without reading anyone's reflections.

    Worksheets hold people's private thoughts about painful moments. The list, filters and
    search use only neutral facts (owner, title, state, sharing, dates), and the change
    form leaves out every free-text reflection and the ratings that go with them, so an
    operator fixing a sharing level or an owner never reads them by accident. There is
    deliberately no "show" section: someone with a real need can ask the person, or use
    the database under their organisation's access rules.
    """

    list_display = (
        "title",
        "owner",
        "state",
        "sharing",
        "created_at",
        "updated_at",
        "completed_at",
    )
    list_filter = ("state", "sharing")
    search_fields = ("title", "owner__email")
    list_select_related = ("owner",)
    date_hierarchy = "created_at"
    ordering = ("-updated_at",)
    raw_id_fields = ("owner", "application", "next_step_follow_up")
    # State is read-only: completing needs both moods, which this form leaves out.
    readonly_fields = ("state", "created_at", "updated_at", "completed_at")
    fields = (
        "owner",
        "application",
        "title",
        "stage_label",
        "state",
        "sharing",
        "next_step_follow_up",
        "created_at",
        "updated_at",
        "completed_at",
    )

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        # The words and the sharing go through the service, like the person's own save:
        # the next-step follow-up's privacy follows the sharing, and coaches hear of it.
        values = {
            name: getattr(obj, name) for name in form.changed_data if name in SAVED_BY_SERVICE
        }
        others = [name for name in form.changed_data if name not in SAVED_BY_SERVICE]
        if others:
            obj.save(update_fields=[*others, "updated_at"])
        if values:
            worksheet_save(owner=obj.owner, worksheet=obj, values=values, complete=False)


@admin.register(CoachLink)
class CoachLinkAdmin(admin.ModelAdmin):
    list_display = ("coach", "client", "accepted_at", "ended_at")
    list_filter = (("ended_at", admin.EmptyFieldListFilter),)
    search_fields = ("coach__email", "client__email")
    list_select_related = ("coach", "client")
    raw_id_fields = ("coach", "client", "ended_by")
    readonly_fields = ("created_at", "updated_at")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("coach", "email", "state", "created_at", "expires_at", "answered_at")
    list_filter = ("state",)
    search_fields = ("coach__email", "email")
    list_select_related = ("coach",)
    raw_id_fields = ("coach", "answered_by")
    # The token is the secret in the emailed link; it is shown but never edited here.
    readonly_fields = ("token", "created_at", "updated_at")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    # Bodies are private coaching notes: the list shows who and when, not what.
    list_display = ("author", "client", "created_at")
    search_fields = ("author__email", "client__email")
    list_select_related = ("author", "client")
    raw_id_fields = ("author", "client", "application", "worksheet")
    readonly_fields = ("created_at", "updated_at")
