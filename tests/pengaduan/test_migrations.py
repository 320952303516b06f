"""Migration 0004 turns the stored statuses into lowercase words, and back when unapplied."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from pengaduan.models import OverdueReminder, StateTarget, Status
from tests.pengaduan.factories import make_complaint

BEFORE = ("pengaduan", "0003_identity_retention")
AFTER = ("pengaduan", "0004_stored_statuses_lowercase_indonesian")
COLUMNS = [
    ("pengaduan_complaint", "status"),
    ("pengaduan_historicalcomplaint", "status"),
    ("pengaduan_complaintevent", "from_status"),
    ("pengaduan_complaintevent", "to_status"),
    ("pengaduan_overduereminder", "status"),
    ("pengaduan_statetarget", "status"),
    ("pengaduan_historicalstatetarget", "status"),
]


def _stored() -> dict[tuple[str, str], list[str]]:
    values = {}
    with connection.cursor() as cursor:
        for table, column in COLUMNS:
            key = "history_id" if "historical" in table else "id"
            cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> '' ORDER BY {key}")
            values[table, column] = [row[0] for row in cursor.fetchall()]
    return values


def _migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([target])


@pytest.fixture
def _back_to_the_latest_schema():
    """Later transactional tests (they run last) need every migration applied again."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_back_to_the_latest_schema")
def test_statuses_go_to_capitals_and_back():
    complaint = make_complaint(Status.DIJAWAB)
    OverdueReminder.objects.create(
        complaint=complaint, sent_on=timezone.localdate(), status=Status.DITINDAKLANJUTI
    )
    target = StateTarget.objects.get(status=Status.DITELAAH)
    target.days = 4  # an admin's edit, with its history row
    target.save()
    lowercase = _stored()
    assert all(lowercase.values())

    _migrate(BEFORE)
    try:
        capitals = _stored()
        assert capitals == {
            key: [value.upper() for value in values] for key, values in lowercase.items()
        }
    finally:
        _migrate(AFTER)

    assert _stored() == lowercase
    assert StateTarget.objects.get(status=Status.DITELAAH).days == 4
