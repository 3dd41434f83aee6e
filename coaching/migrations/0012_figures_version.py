import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def install_triggers(apps, schema_editor):
    from coaching import figures_version

    figures_version.install(schema_editor.connection)


def drop_triggers(apps, schema_editor):
    from coaching import figures_version

    figures_version.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0011_goals"),
        # The triggers sit on these apps' tables too.
        ("rejections", "0012_importbatch_mapping"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FiguresVersion",
            fields=[
                (
                    "person",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("token", models.BigIntegerField()),
                ("bumped_in", models.BigIntegerField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.RunPython(install_triggers, drop_triggers),
    ]
