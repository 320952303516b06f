"""Create the database cache table (rate limits, login throttling) as part of `migrate`."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("rutan", "0002_roles_unit_standard")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
