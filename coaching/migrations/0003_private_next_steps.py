"""Mark the next steps of private worksheets private, with their "Follow-up done" entries.

Before rejections 0004, a follow-up created from a private worksheet carried no sign of
it, so a linked coach could read its title. Entries written before the timeline knew
its follow-up are found by application, kind and text (the title they copied).
"""

from django.db import migrations


def mark_private(apps, schema_editor):
    Worksheet = apps.get_model("coaching", "Worksheet")
    FollowUp = apps.get_model("rejections", "FollowUp")
    TimelineEvent = apps.get_model("rejections", "TimelineEvent")
    rows = Worksheet.objects.filter(
        sharing="private", next_step_follow_up__isnull=False
    ).values_list("next_step_follow_up_id", flat=True)
    for follow_up in FollowUp.objects.filter(pk__in=list(rows)).iterator():
        follow_up.private = True
        follow_up.save(update_fields=["private"])
        if follow_up.application_id:
            TimelineEvent.objects.filter(
                application_id=follow_up.application_id,
                kind="follow_up_done",
                text=follow_up.title,
            ).update(private=True, follow_up=follow_up)


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0002_initial"),
        ("rejections", "0004_followup_privacy"),
    ]

    operations = [migrations.RunPython(mark_private, migrations.RunPython.noop)]
