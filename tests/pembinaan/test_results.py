"""Session results: the edit window, participants' results, private photos."""

import io
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags, Image

from pembinaan import services
from pembinaan.models import ParticipantResult, SessionPhoto, SessionStatus
from tests.pembinaan import planning_factories as f

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)
END = timezone.make_aware(datetime(2026, 3, 2, 9, 45))


def png_bytes(size=(8, 8), fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


def finished_session(**fields):
    return f.session(
        day=DAY,
        status=SessionStatus.FINISHED,
        actual_start=END - timedelta(minutes=45),
        actual_end=END,
        **fields,
    )


def upload(data: bytes, name="foto.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_result_is_recorded_for_a_finished_session(petugas):
    session = finished_session()
    with time_machine.travel(END + timedelta(hours=1), tick=False):
        result = services.save_session_result(
            session=session, by=petugas, summary="Latihan gending Lancaran.", material="Lancaran"
        )
    assert result.recorded_by == petugas and result.summary == "Latihan gending Lancaran."


def test_result_needs_a_finished_session(petugas):
    session = f.session(day=DAY)
    with pytest.raises(ValidationError, match="sudah selesai"):
        services.save_session_result(session=session, by=petugas, summary="x")


def test_results_lock_after_the_window_except_for_admins(petugas, admin_user, settings):
    settings.RESULT_EDIT_WINDOW_DAYS = 7
    session = finished_session()
    with time_machine.travel(END + timedelta(days=7, minutes=-1), tick=False):
        services.save_session_result(session=session, by=petugas, summary="Tepat waktu.")
    with time_machine.travel(END + timedelta(days=7, minutes=1), tick=False):
        with pytest.raises(ValidationError, match="hanya admin"):
            services.save_session_result(session=session, by=petugas, summary="Terlambat.")
        result = services.save_session_result(session=session, by=admin_user, summary="Koreksi.")
    assert result.summary == "Koreksi."
    assert [h.summary for h in result.history.order_by("history_date")] == [
        "Tepat waktu.",
        "Koreksi.",
    ]


def test_participant_results_only_for_participants(petugas):
    session = finished_session()
    member = f.allocation(program_=session.program, start_date=DAY)
    outsider = f.inmate()
    with time_machine.travel(END, tick=False):
        written = services.save_participant_results(
            session=session,
            by=petugas,
            rows=[
                {
                    "inmate": member.inmate_id,
                    "score": 85,
                    "predicate": "B",
                    "behaviour_note": "Tekun",
                }
            ],
        )
        assert written == 1
        with pytest.raises(ValidationError, match="bukan peserta"):
            services.save_participant_results(
                session=session, by=petugas, rows=[{"inmate": outsider.pk, "score": 50}]
            )
        # Unchanged rows are not rewritten; a change is.
        assert (
            services.save_participant_results(
                session=session,
                by=petugas,
                rows=[
                    {
                        "inmate": member.inmate_id,
                        "score": 85,
                        "predicate": "B",
                        "behaviour_note": "Tekun",
                    }
                ],
            )
            == 0
        )
        services.save_participant_results(
            session=session, by=petugas, rows=[{"inmate": member.inmate_id, "score": 90}]
        )
    result = session.participant_results.get()
    assert result.score == 90 and result.predicate == "A"  # the predikat follows the score
    assert result.history.count() == 2


def test_participants_are_the_allocations_active_on_the_session_date():
    session = f.session(day=DAY, at=time(9, 0))
    program = session.program
    active = f.allocation(program_=program, start_date=date(2026, 2, 1))
    f.allocation(program_=program, start_date=date(2026, 3, 3))  # starts later
    f.allocation(
        program_=program, start_date=date(2026, 2, 1), end_date=DAY, end_reason="ditarik"
    )  # ended that day
    ended_later = f.allocation(
        program_=program, start_date=date(2026, 2, 1), end_date=date(2026, 3, 3), end_reason="bebas"
    )
    assert {a.pk for a in session.participants()} == {active.pk, ended_later.pk}


def test_photo_is_stored_privately_under_a_random_name(petugas, petugas_client, settings):
    session = finished_session()
    with time_machine.travel(END, tick=False):
        photo = services.add_session_photo(
            session=session, by=petugas, upload=upload(png_bytes(), name="../../rahasia.png")
        )
    assert photo.content_type == "image/png" and (photo.width, photo.height) == (8, 8)
    assert "rahasia" not in photo.image.name and photo.image.name.startswith("sesi/2026/03/")
    assert photo.image.storage.exists(photo.image.name)
    assert photo.image.path.startswith(settings.STORAGES["private"]["OPTIONS"]["location"])
    assert not photo.image.path.startswith(str(settings.MEDIA_ROOT))
    # No public URL serves it: only the permission-checked view.
    assert petugas_client.get(f"/media/{photo.image.name}").status_code == 404


@pytest.mark.parametrize(
    "data",
    [b"<html><script>alert(1)</script></html>", b"GIF89a" + b"\x00" * 20, png_bytes()[:30]],
    ids=["html", "broken-gif", "truncated-png"],
)
def test_non_images_are_refused(petugas, data):
    session = finished_session()
    with time_machine.travel(END, tick=False), pytest.raises(ValidationError):
        services.add_session_photo(session=session, by=petugas, upload=upload(data))
    assert SessionPhoto.objects.count() == 0


def test_gif_is_refused_even_when_valid(petugas):
    session = finished_session()
    with time_machine.travel(END, tick=False), pytest.raises(ValidationError, match="Hanya foto"):
        services.add_session_photo(
            session=session, by=petugas, upload=upload(png_bytes(fmt="GIF"), name="a.gif")
        )


def test_photo_is_stored_without_exif_or_appended_data(petugas):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "KameraHP"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "S"
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 120, 200)).save(buffer, "JPEG", exif=exif)
    original = buffer.getvalue() + b"<?php system($_GET['c']); ?>"
    session = finished_session()
    with time_machine.travel(END, tick=False):
        photo = services.add_session_photo(
            session=session, by=petugas, upload=upload(original, "foto.jpg", "image/jpeg")
        )
    with photo.image.open("rb") as stored:
        content = stored.read()
    assert b"KameraHP" not in content and b"Exif" not in content and b"php" not in content
    assert dict(Image.open(io.BytesIO(content)).getexif()) == {}
    assert photo.content_type == "image/jpeg" and photo.size == len(content)


def test_photo_pixel_limit_is_per_call(petugas, settings):
    before = Image.MAX_IMAGE_PIXELS
    settings.SESSION_PHOTO_MAX_PIXELS = 1000
    session = finished_session()
    with time_machine.travel(END, tick=False), pytest.raises(ValidationError, match="Resolusi"):
        services.add_session_photo(session=session, by=petugas, upload=upload(png_bytes((64, 64))))
    assert before == Image.MAX_IMAGE_PIXELS and SessionPhoto.objects.count() == 0


def test_oversized_photo_is_refused(petugas, settings):
    settings.SESSION_PHOTO_MAX_BYTES = 100
    session = finished_session()
    with time_machine.travel(END, tick=False), pytest.raises(ValidationError, match="melebihi"):
        services.add_session_photo(session=session, by=petugas, upload=upload(png_bytes((64, 64))))


def test_photo_is_served_only_to_permitted_staff(petugas_client, ulp_client, anon_client, petugas):
    session = finished_session()
    with time_machine.travel(END, tick=False):
        photo = services.add_session_photo(session=session, by=petugas, upload=upload(png_bytes()))
    url = reverse("pembinaan:session_photo", args=[photo.pk])
    response = petugas_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    served = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert served.tobytes() == Image.open(io.BytesIO(png_bytes())).tobytes()  # re-encoded
    assert ulp_client.get(url).status_code == 403
    assert anon_client.get(url).status_code == 302
    assert petugas_client.get(reverse("pembinaan:session_photo", args=[999999])).status_code == 404


def test_deleting_a_photo_removes_its_file(petugas, django_capture_on_commit_callbacks):
    session = finished_session()
    with time_machine.travel(END, tick=False):
        photo = services.add_session_photo(session=session, by=petugas, upload=upload(png_bytes()))
        storage, name = photo.image.storage, photo.image.name
        with django_capture_on_commit_callbacks(execute=True):
            services.delete_session_photo(photo=photo, by=petugas)
    assert not storage.exists(name)


@pytest.mark.parametrize(
    ("score", "predicate"),
    [(100, "A"), (86, "A"), (85, "B"), (71, "B"), (70, "C"), (56, "C"), (55, "D"), (0, "D")],
)
def test_predikat_follows_the_score_on_one_scale(petugas, score, predicate):
    session = finished_session()
    member = f.allocation(program_=session.program, start_date=DAY)
    with time_machine.travel(END, tick=False):
        services.save_participant_results(
            session=session,
            by=petugas,
            rows=[{"inmate": member.inmate_id, "score": score, "predicate": "D"}],
        )
    assert session.participant_results.get().predicate == predicate


def test_predikat_alone_is_kept_without_a_score(petugas):
    session = finished_session()
    member = f.allocation(program_=session.program, start_date=DAY)
    with time_machine.travel(END, tick=False):
        services.save_participant_results(
            session=session, by=petugas, rows=[{"inmate": member.inmate_id, "predicate": "C"}]
        )
    result = session.participant_results.get()
    assert (result.score, result.predicate) == (None, "C")


def test_the_database_refuses_a_score_beside_another_predikat(petugas):
    session = finished_session()
    member = f.allocation(program_=session.program, start_date=DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantResult.objects.create(
            session=session, inmate=member.inmate, score=93, predicate="B", updated_by=petugas
        )
