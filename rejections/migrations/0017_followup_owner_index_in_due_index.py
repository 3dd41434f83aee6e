# The follow-up's owner keeps no index of its own: fu_owner_due_idx starts with it, and
# with both, PostgreSQL counted the menu's due follow-ups from every one of a person's rows.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rejections", "0016_contact_picker_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="followup",
            name="owner",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="follow_ups",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
