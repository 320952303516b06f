"""Seed the catalogue of art forms named by the service (admin-editable afterwards)."""

from django.db import migrations

ART_FORMS = [
    ("karawitan", "Karawitan"),
    ("hadroh", "Hadroh"),
    ("tari", "Tari"),
    ("musik-band", "Musik/Band"),
    ("paduan-suara", "Paduan Suara"),
    ("teater", "Teater"),
    ("seni-lukis", "Seni Lukis"),
    ("kaligrafi", "Kaligrafi"),
    ("reog", "Reog"),
]


def seed(apps, schema_editor):
    ArtForm = apps.get_model("pembinaan", "ArtForm")
    for order, (code, name) in enumerate(ART_FORMS, start=1):
        ArtForm.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("pembinaan", "0002_programs_plans_sessions")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
