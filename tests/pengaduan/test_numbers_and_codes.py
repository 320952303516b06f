"""Readable numbers (ADU-YYYY-NNNNN) and secret tracking codes."""

import math
import threading

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction

from pengaduan import services
from pengaduan.models import Complaint, ComplaintCounter
from tests.pengaduan.factories import make_complaint


def test_numbers_are_readable_and_sequential_per_year(db):
    with time_machine.travel("2026-12-31 10:00 +0700", tick=False):
        first = make_complaint()
        second = make_complaint()
    with time_machine.travel("2027-01-02 10:00 +0700", tick=False):
        third = make_complaint()
    assert (first.number, second.number) == ("ADU-2026-00001", "ADU-2026-00002")
    assert third.number == "ADU-2027-00001"
    assert ComplaintCounter.objects.get(year=2026).last_value == 2


def test_number_is_unique_in_the_database(db):
    complaint = make_complaint()
    duplicate = Complaint.objects.get(pk=complaint.pk)
    duplicate.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "postgresql" not in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"],
    reason="row locks across connections need PostgreSQL",
)
def test_concurrent_requests_never_get_the_same_number():
    numbers, errors = [], []

    def take():
        try:
            numbers.append(services.allocate_number(2030))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [f"ADU-2030-{i:05d}" for i in range(1, 9)]


def test_tracking_code_has_at_least_80_random_bits():
    code = services.new_tracking_code()
    raw = services.normalise_code(code)
    assert len(raw) * math.log2(len(services.CODE_ALPHABET)) >= 80
    assert len({services.new_tracking_code() for _ in range(200)}) == 200


def test_code_is_stored_only_as_a_hash(db):
    complaint = make_complaint()
    stored = Complaint.objects.filter(pk=complaint.pk).values_list("tracking_code_hash", "number")
    code_hash, number = stored.get()
    assert services.normalise_code(complaint.code) not in code_hash
    assert code_hash == services.hash_code(number, complaint.code)
    assert "tracking_code_hash" not in [f.name for f in Complaint.history.model._meta.fields]


def test_number_and_code_find_the_complaint_forgivingly(db):
    complaint = make_complaint()
    sloppy = complaint.code.lower().replace("-", " ")
    found = services.find_by_tracking(number=complaint.number.lower(), code=sloppy)
    assert found == complaint


def test_number_without_the_right_code_finds_nothing(db):
    complaint = make_complaint()
    other = make_complaint()
    assert services.find_by_tracking(number=complaint.number, code="") is None
    assert services.find_by_tracking(number=complaint.number, code=other.code) is None
    assert services.find_by_tracking(number="ADU-2026-99999", code=complaint.code) is None
    assert services.find_by_tracking(number="nonsense", code=complaint.code) is None


def test_reissued_code_replaces_the_old_one(ulp, db):
    complaint = make_complaint(ulp=ulp)
    new_code = services.reissue_tracking_code(complaint=complaint, by=ulp)
    assert services.find_by_tracking(number=complaint.number, code=complaint.code) is None
    assert services.find_by_tracking(number=complaint.number, code=new_code) == complaint
    assert complaint.events.last().get_action_display() == "Kode pelacakan diterbitkan ulang"
