"""Migration 0004 turns the stored statuses into lowercase words, and back when unapplied."""

from types import SimpleNamespace

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from pengaduan import services
from pengaduan.models import Complaint, OverdueReminder, StateTarget, Status
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


def _migrate_to_latest() -> None:
    # Back to every latest migration, so later migrations' tables exist for the teardown flush.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("pengaduan"))


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
        after = _stored()
        _migrate_to_latest()

    assert after == lowercase

    assert _stored() == lowercase
    assert StateTarget.objects.get(status=Status.DITELAAH).days == 4


def _replay_reply_clocks():
    """The data step of the migration that added the reply clock (found by name, so a
    renumbered migration still runs here)."""
    loader = MigrationLoader(connection, load=False)
    loader.load_disk()
    migration = next(
        m
        for (app, name), m in loader.disk_migrations.items()
        if app == "pengaduan" and name.endswith("fair_clocks_reply_target")
    )
    run = next(op for op in migration.operations if hasattr(op, "code"))
    run.code(_AppsBeforeHolidayMove(), SimpleNamespace(connection=connection))


class _AppsBeforeHolidayMove:
    """Today's models, with the holiday calendar where it stood when the step was written
    (pengaduan.Holiday; a later migration moved it to rutan.Holiday)."""

    def get_model(self, app_label: str, model_name: str):
        if (app_label, model_name) == ("pengaduan", "Holiday"):
            return apps.get_model("rutan", "Holiday")
        return apps.get_model(app_label, model_name)


def test_existing_complaints_get_their_reply_clock_replayed_from_the_timeline(ulp):
    with time_machine.travel("2026-03-09 09:00 +0700", tick=False):
        paused = make_complaint(ulp=ulp)
        running = make_complaint(ulp=ulp)
    with time_machine.travel("2026-03-11 10:00 +0700", tick=False):
        paused = services.request_completion(complaint=paused, by=ulp, message="Bukti?")
    with time_machine.travel("2026-03-20 10:00 +0700", tick=False):
        paused = services.complete_complaint(complaint=paused, text="Terlampir.")
        answered = make_complaint(Status.DIJAWAB, ulp=ulp)
    fields = ("reply_clock_since", "reply_due_date", "reply_days_used")
    expected = list(Complaint.objects.order_by("pk").values_list(*fields))
    assert expected[0][2] == 2 and expected[2][0] is None
    Complaint.objects.update(reply_clock_since=None, reply_due_date=None, reply_days_used=0)
    _replay_reply_clocks()
    assert list(Complaint.objects.order_by("pk").values_list(*fields)) == expected
    assert {paused.pk, running.pk, answered.pk} == set(
        Complaint.objects.values_list("pk", flat=True)
    )


def _named(suffix: str) -> tuple[str, str]:
    """A pengaduan migration found by the end of its name (it survives renumbering), and the
    one before it."""
    loader = MigrationLoader(connection, load=False)
    loader.load_disk()
    key = next(k for k in loader.disk_migrations if k[0] == "pengaduan" and k[1].endswith(suffix))
    return key, loader.disk_migrations[key].dependencies[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_back_to_the_latest_schema")
def test_the_pejabats_past_timeline_entries_say_what_was_sent(pejabat):
    relabelled, before = _named("timeline_says_what_the_pejabat_sent")
    sent = {}
    for correction, draft in [("Diperbaiki.", ""), ("", "Klarifikasi."), ("Diperbaiki.", "Ya.")]:
        complaint = make_complaint(Status.DITINDAKLANJUTI, official=pejabat)
        services.submit_draft_reply(
            complaint=complaint, by=pejabat, correction=correction, draft=draft
        )
        sent[complaint.pk] = complaint.events.last().action
    assert sorted(sent.values()) == ["draf_klarifikasi", "perbaikan", "perbaikan_klarifikasi"]

    def stored():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT complaint_id, action FROM pengaduan_complaintevent "
                "WHERE to_status = 'menunggu_persetujuan'"
            )
            return dict(cursor.fetchall())

    _migrate(before)
    try:
        assert set(stored().values()) == {"draf_klarifikasi"}  # one label, as it was
    finally:
        _migrate(relabelled)
        after = stored()
        _migrate_to_latest()
    assert after == sent
