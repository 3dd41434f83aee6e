"""Every interview already on a timeline becomes a done Interview, linked to its entry.

Nothing is removed or rewritten: the timeline entry keeps its date, round and text, and
gains a link to the new Interview. An entry without a round gets the next round of its
application, in date order, so "round N" stays meaningful. Reversing unlinks the entries
and deletes only the interviews this step created (done ones linked to an entry).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    TimelineEvent = apps.get_model("rejections", "TimelineEvent")
    Interview = apps.get_model("rejections", "Interview")
    events = (
        TimelineEvent.objects.filter(kind="interview", interview__isnull=True)
        .select_related("application")
        .order_by("application_id", "happened_on", "id")
    )
    top_round: dict[int, int] = {}
    for event in events.iterator(chunk_size=2000):
        application = event.application
        taken = top_round.get(application.pk, 0)
        interview_round = event.interview_round or taken + 1
        top_round[application.pk] = max(taken, interview_round)
        interview = Interview.objects.create(
            owner_id=application.owner_id,
            application_id=application.pk,
            interview_round=interview_round,
            kind="other",
            starts_on=event.happened_on,
            state="done",
            completed_on=event.happened_on,
            prepare_reminder=False,
        )
        TimelineEvent.objects.filter(pk=event.pk).update(interview=interview)


def backwards(apps, schema_editor):
    TimelineEvent = apps.get_model("rejections", "TimelineEvent")
    Interview = apps.get_model("rejections", "Interview")
    linked = TimelineEvent.objects.filter(kind="interview", interview__isnull=False)
    ids = list(linked.values_list("interview_id", flat=True))
    linked.update(interview=None)
    Interview.objects.filter(pk__in=ids, state="done").delete()


class Migration(migrations.Migration):
    dependencies = [("rejections", "0005_interviews_and_offers")]

    operations = [migrations.RunPython(forwards, backwards)]
