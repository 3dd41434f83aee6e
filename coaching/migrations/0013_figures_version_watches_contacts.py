from django.db import migrations


def install_triggers(apps, schema_editor):
    from coaching import figures_version

    figures_version.install(schema_editor.connection)


class Migration(migrations.Migration):
    """The figures version watches contacts too: the calendar feed, whose version is made
    from it, names a follow-up's contact (coaching.figures_version.SOURCES).

    Nothing to undo going back: `migrate` installs the triggers of the code that runs it
    again afterwards (post_migrate), and a contact trigger only moves the token more often.
    """

    dependencies = [
        ("coaching", "0012_figures_version"),
        ("rejections", "0013_today_and_search_indexes"),
    ]

    operations = [migrations.RunPython(install_triggers, migrations.RunPython.noop)]
