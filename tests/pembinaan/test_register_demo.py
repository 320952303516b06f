"""The demo register: about 150 inmates, every class, idempotent."""

from collections import Counter
from datetime import date

import pytest
import time_machine

from pembinaan import demo
from pembinaan.models import Inmate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("today", [date(2026, 2, 28), date(2027, 7, 15)])
def test_demo_register_has_every_class_whatever_the_day(today):
    with time_machine.travel(today, tick=False):
        summary = demo.load()
        classes = Counter(
            Inmate.objects.filter(status="AKTIF").with_class(today).values_list("klass", flat=True)
        )
    assert summary.startswith("register WBP: ")
    assert 140 <= Inmate.objects.count() <= 160
    for klass in ["tahanan", "awal", "lanjutan_pertama", "lanjutan_kedua", "akhir", ""]:
        assert classes[klass] > 0, klass
    assert (
        Inmate.objects.filter(legal_status="narapidana", stage_override="")
        .exclude(sdp_expiry=None)
        .exists()
    )
    assert set(Inmate.objects.values_list("status", flat=True)) == {
        "AKTIF", "BON", "SAKIT", "PINDAH", "BEBAS"
    }  # fmt: skip


def test_demo_register_is_idempotent():
    with time_machine.travel(date(2026, 3, 1), tick=False):
        demo.load()
        count, history = Inmate.objects.count(), Inmate.history.count()
        assert demo.load() == f"register WBP: 0 baru, 0 diperbarui ({count} WBP)"
    assert (Inmate.objects.count(), Inmate.history.count()) == (count, history)
