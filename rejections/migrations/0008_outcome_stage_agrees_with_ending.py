# The rule that "No reply at all" is silence, added once 0004 has moved the old answers
# (PostgreSQL will not alter a table in the transaction that just updated its rows).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rejections", "0007_outcome_words"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="outcome",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("ended_by", "silence"), ("stage", "no_reply")),
                    models.Q(
                        models.Q(("stage", "no_reply"), _negated=True),
                        models.Q(
                            ("ended_by", "silence"), ("stage", "at_application"), _negated=True
                        ),
                    ),
                    _connector="OR",
                ),
                name="outcome_stage_agrees_with_ending",
            ),
        ),
    ]
