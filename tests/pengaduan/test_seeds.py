"""The default targets and services: written down once (`pengaduan.seeds`), created after every
migrate and flush, only where missing."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from pengaduan.models import ServiceCategory, StateTarget, Status
from pengaduan.seeds import SERVICES, TARGETS, ensure_defaults
from pengaduan.services import DEFAULT_TARGETS


def test_the_fallback_targets_are_the_seeded_ones():
    assert {status: (days, kind) for status, days, kind, _ in TARGETS} == DEFAULT_TARGETS


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_gets_the_targets_and_services_back():
    call_command("flush", interactive=False, verbosity=0)
    assert set(StateTarget.objects.values_list("status", flat=True)) == {
        status for status, *_ in TARGETS
    }
    assert list(ServiceCategory.objects.values_list("name", flat=True)) == SERVICES


def test_an_admins_renamed_service_is_not_seeded_again(db):
    ServiceCategory.objects.filter(name="Layanan Kunjungan").update(name="Kunjungan keluarga")
    ensure_defaults()
    assert not ServiceCategory.objects.filter(name="Layanan Kunjungan").exists()


def test_no_target_is_made_with_a_status_the_migrated_schema_does_not_store(db):
    # After `migrate pengaduan 0003` the schema stores statuses in capitals: post_migrate passes
    # the models of that state, and no lowercase row may be added next to the old ones.
    StateTarget.objects.filter(status=Status.DITELAAH).delete()
    state = MigrationLoader(connection).project_state(("pengaduan", "0003_identity_retention"))
    ensure_defaults(apps=state.apps)
    assert not StateTarget.objects.filter(status=Status.DITELAAH).exists()
    ensure_defaults()
    assert StateTarget.objects.get(status=Status.DITELAAH).days == 2
