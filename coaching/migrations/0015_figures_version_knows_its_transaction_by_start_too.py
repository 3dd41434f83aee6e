from django.db import migrations


def install_triggers(apps, schema_editor):
    from coaching import figures_version

    figures_version.install(schema_editor.connection)


class Migration(migrations.Migration):
    """The triggers know the transaction that last moved a person's figures version by
    its id and its start together, not by its id alone: ids start low again in a cluster
    a dump is restored into, and a write in a transaction whose id a restored row still
    carried would not have moved the version.

    Nothing to undo going back: `migrate` installs the triggers of the code that runs it
    again afterwards (post_migrate).
    """

    dependencies = [("coaching", "0014_figures_version_watches_contact_links")]

    operations = [migrations.RunPython(install_triggers, migrations.RunPython.noop)]
