import django.db.models.functions.text
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations, models
from django.db.models import F
from django.db.models.functions import Upper

# Migration 0013 indexed the four searched expressions, but PostgreSQL still had to
# upper-case all four columns of each row it read, and for a common word it read every one
# of the person's applications. The search now reads `search_text`, which the database
# keeps upper-cased, through one index under the same name: the owner (btree_gin) and the
# text's trigrams, so one index scan yields only the person's candidate rows.
SEARCH_INDEX = "app_search_trgm_idx"
OLD_FIELDS = ["company", "role_title", "notes", "description"]


def old_index() -> GinIndex:
    return GinIndex(
        *[OpClass(Upper(field), name="gin_trgm_ops") for field in OLD_FIELDS], name=SEARCH_INDEX
    )


def new_index() -> GinIndex:
    return GinIndex(F("owner"), OpClass(F("search_text"), name="gin_trgm_ops"), name=SEARCH_INDEX)


# PostgreSQL only, as in 0013: SQLite keeps its plain search.
def index_search_text(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        model = apps.get_model("rejections", "Application")
        schema_editor.remove_index(model, old_index())
        schema_editor.add_index(model, new_index())


def index_four_fields(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        model = apps.get_model("rejections", "Application")
        schema_editor.remove_index(model, new_index())
        schema_editor.add_index(model, old_index())


# SQLite adds the column by rebuilding the table, and refuses the final rename while other
# tables' triggers (coaching's figures version) name it; the legacy rename leaves them be.
# The table's own triggers go with the old table and come back after `migrate`.
def sqlite_legacy_rename(on: bool):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(f"PRAGMA legacy_alter_table = {'ON' if on else 'OFF'}")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("rejections", "0013_today_and_search_indexes"),
    ]

    operations = [
        migrations.RunPython(sqlite_legacy_rename(True), sqlite_legacy_rename(False)),
        # A stored generated column: adding it computes it for every existing row.
        migrations.AddField(
            model_name="application",
            name="search_text",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Concat(
                    django.db.models.functions.text.Upper("company"),
                    models.Value("\n"),
                    django.db.models.functions.text.Upper("role_title"),
                    models.Value("\n"),
                    django.db.models.functions.text.Upper("notes"),
                    models.Value("\n"),
                    django.db.models.functions.text.Upper("description"),
                    output_field=models.TextField(),
                ),
                output_field=models.TextField(),
            ),
        ),
        migrations.RunPython(sqlite_legacy_rename(False), sqlite_legacy_rename(True)),
        # Does nothing on other databases.
        BtreeGinExtension(),
        migrations.RunPython(index_search_text, index_four_fields, elidable=False),
    ]
