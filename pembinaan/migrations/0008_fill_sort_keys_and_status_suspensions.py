"""Fill the inmates' natural sort keys of block and cell, and suspend the open allocations of
inmates who are BON or SAKIT now (as `pembinaan.services.apply_status_change` does from now on).

The key rule is copied from `pembinaan.registration.natural_sort_key` so this migration keeps
working if that function changes.
"""

import re

from django.db import migrations
from django.utils import timezone

DIGITS = re.compile(r"\d+")
REASONS = {"BON": "bon", "SAKIT": "sakit"}


def natural_sort_key(text):
    text = " ".join((text or "").split()).lower()
    return DIGITS.sub(lambda m: (m.group().lstrip("0") or "0").rjust(6, "0"), text)[:120]


def forwards(apps, schema_editor):
    Inmate = apps.get_model("pembinaan", "Inmate")
    Allocation = apps.get_model("pembinaan", "Allocation")
    Suspension = apps.get_model("pembinaan", "AllocationSuspension")
    batch = []
    for inmate in Inmate.objects.only("pk", "block", "cell").iterator(chunk_size=2000):
        inmate.block_sort_key = natural_sort_key(inmate.block)
        inmate.cell_sort_key = natural_sort_key(inmate.cell)
        batch.append(inmate)
        if len(batch) >= 1000:
            Inmate.objects.bulk_update(batch, ["block_sort_key", "cell_sort_key"])
            batch = []
    if batch:
        Inmate.objects.bulk_update(batch, ["block_sort_key", "cell_sort_key"])
    today = timezone.localdate()  # the status's start is unknown: from today
    rows = [
        Suspension(
            allocation=allocation,
            start_date=max(today, allocation.start_date),
            reason=REASONS[allocation.inmate.status],
            note="Otomatis: status registrasi saat pemasangan fitur penangguhan.",
            from_status=True,
        )
        for allocation in Allocation.objects.filter(
            end_date__isnull=True, inmate__status__in=list(REASONS)
        ).select_related("inmate")
    ]
    Suspension.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("pembinaan", "0007_away_suspensions_sort_keys_drift"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
