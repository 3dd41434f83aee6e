"""coaching 0003 marks the next steps of worksheets that were already private (issue 19).

Before it, a follow-up made from a private worksheet carried no sign of it; the migration
marks it, and the "Follow-up done" entries that copied its title, private.
"""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("rejections", "0004_followup_privacy"), ("coaching", "0002_initial")]
AFTER = [("rejections", "0004_followup_privacy"), ("coaching", "0003_private_next_steps")]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_existing_private_next_steps_become_private_and_shared_ones_do_not():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User = old.get_model("coaching", "User")
    Application = old.get_model("rejections", "Application")
    FollowUp = old.get_model("rejections", "FollowUp")
    TimelineEvent = old.get_model("rejections", "TimelineEvent")
    Worksheet = old.get_model("coaching", "Worksheet")
    person = User.objects.create(email="old@example.com", password="!")
    day = dt.date(2026, 1, 5)

    def with_next_step(company: str, sharing: str, title: str):
        app = Application.objects.create(
            owner=person,
            company=company,
            role_title="Designer",
            applied_on=day,
            last_activity_on=day,
        )
        step = FollowUp.objects.create(
            owner=person,
            application=app,
            title=title,
            due_on=day,
            effective_due_on=day,
            state="done",
        )
        TimelineEvent.objects.create(
            application=app, kind="follow_up_done", happened_on=day, text=title
        )
        TimelineEvent.objects.create(application=app, kind="note", happened_on=day, text=title)
        Worksheet.objects.create(
            owner=person, application=app, sharing=sharing, next_step_follow_up=step
        )
        return step

    private = with_next_step("Hidden Ltd", "private", "Call my sister on Sunday")
    shared = with_next_step("Open Ltd", "summary", "Send one application")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    NewFollowUp = new.get_model("rejections", "FollowUp")
    NewEvent = new.get_model("rejections", "TimelineEvent")
    assert NewFollowUp.objects.get(pk=private.pk).private is True
    assert NewFollowUp.objects.get(pk=shared.pk).private is False
    done = NewEvent.objects.get(kind="follow_up_done", text="Call my sister on Sunday")
    assert done.private is True and done.follow_up_id == private.pk
    assert not NewEvent.objects.get(kind="follow_up_done", text="Send one application").private
    # Only the "Follow-up done" entry: a note that happens to use the same words stays.
    assert not NewEvent.objects.get(kind="note", text="Call my sister on Sunday").private

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
