"""A real day: yesterday's session, held but never started in the app, is recorded the next
morning with its real times; then session → attendance → results, and back."""

from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pembinaan.models import ParticipantResult, Session, SessionStatus
from tests.pembinaan import planning_factories as pf

pytestmark = pytest.mark.browser


@pytest.fixture
def yesterdays_session(db):
    day = timezone.localdate() - timedelta(days=1)
    session = pf.session(day=day, at=time(10, 0))
    for name in ("Peserta A", "Peserta B", "Peserta C"):
        inmate = pf.inmate(name=name, block="A", cell="5")
        pf.allocation(program_=session.program, inmate_=inmate, start_date=day - timedelta(days=30))
    return session


def test_session_recorded_next_morning_then_attendance_then_results(
    petugas, login, live_server, yesterdays_session
):
    session = yesterdays_session
    page = login(petugas)
    page.goto(f"{live_server.url}/pembinaan/sesi/{session.pk}/")
    expect(page.get_by_text("tidak dimulai di aplikasi pada harinya")).to_be_visible()

    # The next morning: record the real start and end, with a reason.
    page.locator("#to-times").click()
    page.get_by_label("Jam mulai sebenarnya").fill("10:05")
    page.get_by_label("Jam selesai sebenarnya").fill("10:47")
    page.get_by_label("Alasan pencatatan/koreksi").fill("Sesi terlaksana, lupa menekan Mulai")
    page.get_by_role("button", name="Simpan waktu").click()
    expect(page.get_by_text("Waktu pelaksanaan sesi dicatat.")).to_be_visible()
    expect(page.locator("#session-status")).to_have_text("Selesai")
    expect(page.locator("#session-on-time")).to_be_visible()
    expect(page.locator("#session-times")).to_contain_text("10:05")
    expect(page.get_by_text("lupa menekan Mulai")).to_be_visible()

    # A correction keeps the reason too; the session now started late.
    page.locator("#to-times").click()
    page.get_by_label("Jam mulai sebenarnya").fill("10:20")
    page.get_by_label("Alasan pencatatan/koreksi").fill("Koreksi dari buku piket")
    page.get_by_role("button", name="Simpan waktu").click()
    expect(page.get_by_text("Mulai tidak tepat waktu")).to_be_visible()

    # Session → attendance.
    page.locator("#to-attendance").click()
    expect(page.get_by_role("heading", name=f"Absensi: {session.program.name}")).to_be_visible()
    page.get_by_role("button", name="Hadir semua").click()
    expect(page.get_by_text("3 WBP ditandai hadir.")).to_be_visible()
    page.locator("[data-row]", has_text="Peserta B").get_by_text("Sakit", exact=True).click()
    page.get_by_role("button", name="Simpan absensi").click()
    expect(page.get_by_text("Absensi disimpan (1 perubahan).")).to_be_visible()

    # Attendance → results: the absent participant gets no score.
    page.locator("#to-results").click()
    expect(page.get_by_role("heading", name="Catat hasil sesi")).to_be_visible()
    expect(page.locator('input[name="peserta-1-score"]')).to_be_disabled()
    page.get_by_label("Ringkasan kegiatan").fill("Latihan lancaran.")
    page.locator('input[name="peserta-0-score"]').fill("93")
    page.locator('input[name="peserta-2-score"]').fill("71")
    page.get_by_role("button", name="Simpan hasil").click()
    expect(page.get_by_text("Hasil sesi disimpan.")).to_be_visible()

    # Back on the session page: attendance column and counts, score beside its predikat.
    expect(page.locator("#attendance-counts")).to_have_text(
        "Hadir 2 · tidak hadir 1 · belum dicatat 0"
    )
    expect(page.get_by_text("93 · Sangat baik")).to_be_visible()
    expect(page.get_by_text("71 · Baik")).to_be_visible()

    # And from the attendance grid back to the session.
    page.locator("#to-attendance").click()
    page.locator("#to-session").click()
    expect(page.locator("#attendance-counts")).to_be_visible()

    session = Session.objects.get(pk=session.pk)
    assert session.status == SessionStatus.FINISHED and session.start_off_time
    assert session.times_note == "Koreksi dari buku piket"
    assert dict(ParticipantResult.objects.values_list("score", "predicate")) == {
        93: "A",
        71: "B",
    }
