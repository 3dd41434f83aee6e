"""A private worksheet's next step never reaches a coach (issue 19, finding 1).

The next step becomes a follow-up, and a done follow-up becomes a timeline entry; both
carry the worksheet's sharing, and every page a coach reads goes through
`visible_to_coach`. A summary-shared worksheet's next step is part of its summary, so the
coach may read it.
"""

import datetime as dt

import pytest

from coaching.caseload import caseload_queryset
from coaching.models import Sharing, Worksheet
from coaching.report import build_progress_report
from rejections.models import FollowUp, TimelineEvent
from tests.coaching.test_worksheets import form_data
from tests.factories import ApplicationFactory

PLAN_IF = "the quiet Tuesday feeling comes"
PLAN_THEN = "phone my sister Marguerite before noon"


def _complete_worksheet(client, seeker, *, sharing: str, due: dt.date) -> Worksheet:
    application = ApplicationFactory(owner=seeker, status="rejected", company="Calloway Mills")
    data = form_data(
        "complete",
        mood_before="3",
        mood_after="5",
        sharing=sharing,
        next_step_if=PLAN_IF,
        next_step_then=PLAN_THEN,
        next_step_on=due.isoformat(),
    )
    response = client.post(f"/worksheets/new/?application={application.pk}", data)
    assert response.status_code == 302, response.content.decode()[:500]
    return Worksheet.objects.get(application=application)


def _coach_pages(client, seeker, application_id: int) -> str:
    pages = [
        "/coach/",
        f"/coach/clients/{seeker.pk}/",
        f"/coach/clients/{seeker.pk}/applications/{application_id}/",
    ]
    bodies = []
    for url in pages:
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.get(url, **headers)
            assert response.status_code == 200, url
            bodies.append(response.content.decode())
    return "\n".join(bodies)


@pytest.mark.django_db
def test_a_private_next_step_never_reaches_the_coach_pending_or_done(client, seeker, coach):
    client.force_login(seeker)
    today = seeker.local_today()
    worksheet = _complete_worksheet(client, seeker, sharing=Sharing.PRIVATE, due=today)
    follow_up = worksheet.next_step_follow_up
    assert follow_up.private is True
    # The seeker still sees her own next step.
    assert PLAN_THEN in client.get("/follow-ups/").content.decode()

    client.force_login(coach)
    assert PLAN_THEN not in _coach_pages(client, seeker, worksheet.application_id)

    client.force_login(seeker)
    response = client.post(f"/follow-ups/{follow_up.pk}/done/")
    assert response.status_code == 302
    event = TimelineEvent.objects.get(follow_up=follow_up)
    assert event.private is True
    assert PLAN_THEN in client.get(f"/applications/{worksheet.application_id}/").content.decode()

    client.force_login(coach)
    assert PLAN_THEN not in _coach_pages(client, seeker, worksheet.application_id)


@pytest.mark.django_db
def test_a_private_next_step_leaves_the_coach_figures_alone(client, seeker, coach):
    """Not even its existence: no "overdue" on the caseload, no count in the report."""
    client.force_login(seeker)
    today = seeker.local_today()
    worksheet = _complete_worksheet(client, seeker, sharing=Sharing.PRIVATE, due=today)
    FollowUp.objects.filter(pk=worksheet.next_step_follow_up_id).update(
        due_on=today - dt.timedelta(days=9), effective_due_on=today - dt.timedelta(days=9)
    )
    link = caseload_queryset(coach, today=today).get(client=seeker)
    assert link.overdue == 0
    assert build_progress_report(seeker, today=today, for_coach=True).follow_ups.overdue_now == 0
    # The seeker's own report counts it.
    assert build_progress_report(seeker, today=today).follow_ups.overdue_now == 1


@pytest.mark.django_db
def test_a_summary_shared_next_step_is_part_of_the_summary(client, seeker, coach):
    client.force_login(seeker)
    today = seeker.local_today()
    worksheet = _complete_worksheet(client, seeker, sharing=Sharing.SUMMARY, due=today)
    assert worksheet.next_step_follow_up.private is False
    client.force_login(coach)
    assert PLAN_THEN in client.get(f"/coach/clients/{seeker.pk}/").content.decode()


@pytest.mark.django_db
def test_changing_the_sharing_moves_the_next_step_with_it(client, seeker, coach):
    client.force_login(seeker)
    today = seeker.local_today()
    worksheet = _complete_worksheet(client, seeker, sharing=Sharing.EVERYTHING, due=today)
    follow_up = worksheet.next_step_follow_up
    client.post(f"/follow-ups/{follow_up.pk}/done/")
    data = form_data(
        "complete",
        mood_before="3",
        mood_after="5",
        sharing=Sharing.PRIVATE,
        next_step_if=PLAN_IF,
        next_step_then=PLAN_THEN,
        next_step_on=today.isoformat(),
    )
    assert client.post(f"/worksheets/{worksheet.pk}/", data).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.private is True
    assert TimelineEvent.objects.get(follow_up=follow_up).private is True
    client.force_login(coach)
    assert PLAN_THEN not in _coach_pages(client, seeker, worksheet.application_id)

    # Shared again: the coach may read it again.
    client.force_login(seeker)
    assert client.post(f"/worksheets/{worksheet.pk}/", {**data, "sharing": "summary"}).status_code
    assert TimelineEvent.objects.get(follow_up=follow_up).private is False
    client.force_login(coach)
    body = client.get(f"/coach/clients/{seeker.pk}/applications/{worksheet.application_id}/")
    assert PLAN_THEN in body.content.decode()


@pytest.mark.django_db
def test_the_coach_reads_the_timeline_newest_first_like_the_client(client, seeker, coach):
    application = ApplicationFactory(owner=seeker, company="Ordering Ltd")
    application.add_event(kind="note", text="First note of three", happened_on=dt.date(2026, 1, 2))
    application.add_event(kind="note", text="Second note of three", happened_on=dt.date(2026, 1, 9))
    client.force_login(coach)
    body = client.get(f"/coach/clients/{seeker.pk}/applications/{application.pk}/").content
    body = body.decode()
    assert body.index("Second note of three") < body.index("First note of three")
    client.force_login(seeker)
    own = client.get(f"/applications/{application.pk}/").content.decode()
    assert own.index("Second note of three") < own.index("First note of three")
