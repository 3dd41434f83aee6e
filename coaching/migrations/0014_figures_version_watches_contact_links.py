from django.db import migrations


def install_triggers(apps, schema_editor):
    from coaching import figures_version

    figures_version.install(schema_editor.connection)


class Migration(migrations.Migration):
    """The figures version watches which contacts each application names: the application
    page's "Add a person" picker is kept until the person's next write
    (coaching.templatetags.figures_tags), and linking someone already saved writes only
    that table.

    Nothing to undo going back: `migrate` installs the triggers of the code that runs it
    again afterwards (post_migrate), and a link trigger only moves the token more often.
    """

    dependencies = [
        ("coaching", "0013_figures_version_watches_contacts"),
        ("rejections", "0016_contact_picker_indexes"),
    ]

    operations = [migrations.RunPython(install_triggers, migrations.RunPython.noop)]
