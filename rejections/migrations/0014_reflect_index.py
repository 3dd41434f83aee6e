# The today page's "Reflect on this" reads a partial index of the "no"s and silences.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rejections", "0013_today_and_search_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="outcome",
            name="outcome_decided_idx",
        ),
        migrations.AddIndex(
            model_name="outcome",
            index=models.Index(
                condition=models.Q(("ended_by__in", ["company", "silence"])),
                fields=["-decided_on", "-application"],
                name="outcome_reflect_idx",
            ),
        ),
    ]
