"""Formerly seeded the per-state time targets and the catalogue of services.

The default rows are now written down once, in `pengaduan.seeds`, and created by its
post_migrate hook after every `migrate` and every flush (only what is missing; admins' edits
stay). Databases that ran this migration before keep the rows it made (migration 0004 converts
their statuses to lowercase). The holiday calendar changes every year (SKB 3 Menteri): admins
enter it; `seed_demo` loads 2026 as an example.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("pengaduan", "0001_initial")]

    operations = []
