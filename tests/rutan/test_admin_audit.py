"""Audit records are read-only for everyone in the admin: no add, no change, no delete."""

import pytest
from django.urls import reverse

from pembinaan.models import WorkPlanTransition
from tests.pembinaan import planning_factories as f
from tests.pengaduan.factories import make_complaint

AUDIT_MODELS = [
    "pembinaan_workplantransition",
    "pembinaan_sdpimport",
    "absensi_syncrun",
    "absensi_logclearance",
    "pengaduan_complaintevent",
]


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("super", "super@rutan.test", "x")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", AUDIT_MODELS)
def test_audit_logs_offer_no_add_even_to_a_superuser(superuser_client, model):
    assert superuser_client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert superuser_client.get(reverse(f"admin:{model}_add")).status_code == 403


def test_plan_approval_trail_cannot_be_changed_or_deleted(superuser_client, petugas):
    plan = f.plan(by=petugas)
    entry = WorkPlanTransition.objects.create(
        plan=plan, revision=plan.latest_revision, from_status="", to_status="draf", by=petugas
    )
    change = reverse("admin:pembinaan_workplantransition_change", args=[entry.pk])
    superuser_client.post(change, {"note": "diubah"})
    delete = reverse("admin:pembinaan_workplantransition_delete", args=[entry.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.note == ""


def test_internal_notes_cannot_be_deleted_in_the_admin(superuser_client, ulp):
    complaint = make_complaint()
    note = complaint.internal_notes.create(author=ulp, author_role="ulp", text="Catatan.")
    delete = reverse("admin:pengaduan_internalnote_delete", args=[note.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
