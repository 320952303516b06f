"""Unknown device PINs are kept and listed; mapping one to an inmate makes its punches count."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from absensi.models import Attendance, FingerprintDevice, RawPunch
from absensi.services import map_device_pin, unmatched_pins
from pembinaan.models import Inmate
from pembinaan.services import set_device_pin
from tests.pembinaan import planning_factories as pf

START = timezone.make_aware(datetime.combine(date(2026, 3, 2), time(9, 0)))


@pytest.fixture
def device(db):
    return FingerprintDevice.objects.create(name="Aula", ip_address="127.0.0.1")


def test_unknown_pins_are_listed_with_their_punches(device):
    pf.inmate(device_pin="1042")
    for minutes in (0, 5):
        RawPunch.objects.create(
            device=device, device_user_id="7777", timestamp=START + timedelta(minutes=minutes)
        )
    RawPunch.objects.create(device=device, device_user_id="1042", timestamp=START)

    rows = list(unmatched_pins())

    assert rows == [
        {"device_user_id": "7777", "count": 2, "first": START, "last": START + timedelta(minutes=5)}
    ]


def test_mapping_a_pin_makes_its_punches_count(device, petugas):
    session = pf.session(day=START.date(), at=time(9, 0))
    inmate = pf.inmate()
    pf.allocation(program_=session.program, inmate_=inmate)
    RawPunch.objects.create(device=device, device_user_id="7777", timestamp=START)

    created = map_device_pin(pin="7777", inmate=inmate, by=petugas)

    inmate.refresh_from_db()
    assert inmate.device_pin == "7777" and created == 1
    assert Attendance.objects.get().inmate == inmate
    assert not unmatched_pins().exists()
    latest = inmate.history.latest()
    assert latest.device_pin == "7777" and latest.history_user == petugas


def test_a_pin_used_by_another_inmate_is_refused(device, petugas):
    pf.inmate(device_pin="7777", name="Budi")
    other = pf.inmate()

    with pytest.raises(ValidationError, match="sudah dipakai oleh Budi"):
        map_device_pin(pin="7777", inmate=other, by=petugas)


def test_mapping_never_creates_an_inmate(device, petugas):
    inmate = pf.inmate()
    before = Inmate.objects.count()

    map_device_pin(pin="7777", inmate=inmate, by=petugas)

    assert Inmate.objects.count() == before


def test_a_blank_pin_is_refused(device, petugas):
    with pytest.raises(ValidationError):
        map_device_pin(pin="  ", inmate=pf.inmate(), by=petugas)


def test_a_pin_set_on_the_inmate_page_makes_its_punches_count(device, petugas):
    session = pf.session(day=START.date(), at=time(9, 0))
    inmate = pf.inmate()
    pf.allocation(program_=session.program, inmate_=inmate)
    RawPunch.objects.create(device=device, device_user_id="7777", timestamp=START)

    set_device_pin(inmate=inmate, pin="7777", by=petugas)

    assert Attendance.objects.get().inmate == inmate
