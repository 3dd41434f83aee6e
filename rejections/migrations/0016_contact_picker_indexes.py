# The "Add a person" picker reads its two groups along these (ContactAddForm._shown_choices).

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rejections", "0015_reflect_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                models.F("owner"),
                models.OrderBy(models.F("created_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                name="contact_recent_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                models.F("owner"),
                django.db.models.functions.text.Upper("company"),
                models.OrderBy(models.F("created_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                name="contact_company_idx",
            ),
        ),
    ]
