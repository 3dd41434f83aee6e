"""The demo coach's caseload: linked clients, one who clearly needs attention, idempotent."""

import pytest
from django.core.management import call_command

from coaching.caseload import caseload_queryset, caseload_row
from coaching.models import CoachLink, User, Worksheet
from coaching.report import build_progress_report
from rejections.models import Application, FollowUp


def counts():
    return [m.objects.count() for m in (User, CoachLink, Application, Worksheet, FollowUp)]


@pytest.mark.django_db
def test_demo_caseload_is_idempotent_and_flags_one_client():
    call_command("demo_data", stdout=None)
    first = counts()
    call_command("demo_data", stdout=None)
    assert counts() == first

    casey = User.objects.get(email="casey@demo.reframe.test")
    today = casey.local_today()
    rows = [caseload_row(link, today=today) for link in caseload_queryset(casey, today=today)]
    names = {row.client.name for row in rows}
    assert {"Sam", "Priya", "Tomás", "Lena", "Jamal"} <= names
    tomas = next(row for row in rows if row.client.name == "Tomás")
    assert rows[0].client.name == "Tomás"  # the most flags comes first
    assert len(tomas.reasons) == 3  # falling mood, same stage, overdue follow-ups
    # Jamal's only worksheet is private: nothing of it reaches his coach.
    jamal = User.objects.get(email="jamal@demo.reframe.test")
    report = build_progress_report(jamal, today=today, for_coach=True)
    assert report.mood == [] and report.lessons == []
