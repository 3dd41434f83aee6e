"""Follow-up titles are not repeated under themselves, and the draft is shown once."""

import re

import pytest

from rejections.models import FollowUp, FollowUpKind
from tests.factories import ApplicationFactory, FollowUpFactory


@pytest.mark.django_db
def test_a_title_that_names_kind_and_application_gets_neither_repeated(seeker_client, seeker):
    app = ApplicationFactory(owner=seeker, company="Kestrel Travel", role_title="UX writer")
    FollowUpFactory(
        owner=seeker,
        application=app,
        kind=FollowUpKind.THANK_YOU,
        title="Thank-you note: UX writer at Kestrel Travel",
    )
    page = seeker_client.get("/follow-ups/").content.decode()
    page = re.sub(r'aria-label="[^"]*"', "", page)  # the buttons' names, not seen
    assert page.count("Kestrel Travel") == 1
    assert page.count("Thank-you note") == 1


@pytest.mark.django_db
def test_a_title_of_your_own_keeps_its_context(seeker_client, seeker):
    app = ApplicationFactory(owner=seeker, company="Kestrel Travel", role_title="UX writer")
    FollowUpFactory(
        owner=seeker, application=app, kind=FollowUpKind.THANK_YOU, title="Write to Maya"
    )
    page = seeker_client.get("/follow-ups/").content.decode()
    assert "Thank-you note" in page
    assert "UX writer at Kestrel Travel" in page


def test_the_rule_reads_the_title():
    with_all = FollowUp(kind=FollowUpKind.RECONNECT, title="Reconnect: Acme")
    assert not with_all.shows_kind
    plain = FollowUp(kind=FollowUpKind.RECONNECT, title="Coffee with Jo")
    assert plain.shows_kind
    assert not FollowUp(kind=FollowUpKind.CUSTOM, title="Anything").shows_kind


@pytest.mark.django_db
def test_the_draft_is_shown_once_in_the_box_that_edits_it(seeker_client, seeker):
    app = ApplicationFactory(owner=seeker, company="Acme", role_title="Designer")
    follow_up = FollowUpFactory(
        owner=seeker, application=app, kind=FollowUpKind.THANK_YOU, title="Thank-you note"
    )
    page = seeker_client.get(f"/follow-ups/{follow_up.pk}/").content.decode()
    sentence = "Thank you for letting me know about the Designer role at Acme"
    assert page.count(sentence) == 1
    assert 'id="draft-body"' in page
    assert 'form="followup-edit"' in page
    # Saving keeps the edited words.
    response = seeker_client.post(
        f"/follow-ups/{follow_up.pk}/",
        {
            "title": "Thank-you note",
            "kind": FollowUpKind.THANK_YOU,
            "due_on": follow_up.due_on.isoformat(),
            "message": "Hi Jo, thank you.",
        },
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.message == "Hi Jo, thank you."


@pytest.mark.django_db
def test_reflect_on_this_stays_on_the_follow_ups_page_until_the_worksheet_exists(
    seeker_client, seeker
):
    import datetime as dt

    from tests.factories import OutcomeFactory

    outcome = OutcomeFactory(
        application__owner=seeker,
        application__applied_on=dt.date(2026, 1, 5),
        application__company="Acme",
        decided_on=seeker.local_today(),
    )
    application = outcome.application
    link = f"/worksheets/new/?application={application.pk}"
    routine = seeker_client.get(f"/applications/{application.pk}/routine/").content.decode()
    assert link in routine
    # Adding the ticked follow-ups leads to the follow-ups page; the invitation stays.
    response = seeker_client.post(f"/applications/{application.pk}/routine/", {}, follow=True)
    page = response.content.decode()
    assert "Reflect on this" in page
    assert link in page
    seeker_client.post(link, {"title": "Mine", "sharing": "private", "action": "draft"})
    assert link not in seeker_client.get("/follow-ups/").content.decode()
    assert (
        link not in seeker_client.get(f"/applications/{application.pk}/routine/").content.decode()
    )
