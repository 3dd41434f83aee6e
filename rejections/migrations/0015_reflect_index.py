# The today page's "Reflect on this" reads a partial index of the "no"s and silences.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rejections", "0014_application_search_text"),
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
