"""Background jobs: run by the worker, private files, clean-up, worker down."""

import os
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from pembinaan.models import Inmate
from pembinaan.sdp import parse_sdp_file
from rutan import jobs
from rutan.models import Job, JobStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    return tmp_path / "private"


def _inmates(n):
    Inmate.objects.bulk_create(
        Inmate(registration_number=f"B.I {i}/2024", name=f"WBP {i}", legal_status="narapidana")
        for i in range(n)
    )


def _age(job, seconds):
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(seconds=seconds))
    job.refresh_from_db()


def test_a_large_export_is_queued_then_downloaded_by_its_owner_only(
    petugas_client, petugas, kepala_client, admin_client, settings
):
    settings.JOBS_INLINE_EXPORT_ROWS = 2
    _inmates(5)
    page = petugas_client.get(reverse("pembinaan:inmate_export") + "?format=csv")
    assert "Siapkan berkas CSV" in page.content.decode()  # GET writes nothing
    assert not Job.objects.exists()

    response = petugas_client.post(
        reverse("pembinaan:inmate_export"), {"format": "csv", "tanggal": "2025-07-02"}
    )
    job = Job.objects.get()
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert (job.owner, job.status) == (petugas, JobStatus.QUEUED)
    waiting = petugas_client.get(response["Location"], headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in waiting.content.decode()  # the partial polls itself

    assert jobs.run_job(str(job.pk)) == JobStatus.DONE
    job.refresh_from_db()
    assert (job.done, job.total) == (5, 5)
    done = petugas_client.get(response["Location"]).content.decode()
    assert "Unduh register-wbp-2025-07-02.csv" in done and "every 1s" not in done

    download = reverse("job_download", args=[job.pk])
    file = petugas_client.get(download)
    assert file.status_code == 200
    data = b"".join(file.streaming_content)
    assert len(parse_sdp_file(data, "x.csv").rows) == 5
    assert kepala_client.get(download).status_code == 404  # not the owner
    assert admin_client.get(download).status_code == 200  # admins may


def test_a_small_export_is_still_written_at_once(petugas_client):
    _inmates(3)
    response = petugas_client.get(reverse("pembinaan:inmate_export") + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert not Job.objects.exists()


def test_a_job_that_breaks_a_rule_fails_with_its_message(petugas, monkeypatch):
    def broken(*, job, progress):
        raise ValidationError("Berkas ini tidak cocok.")

    monkeypatch.setattr("pembinaan.jobs.export_register", broken)
    job = jobs.queue_job(owner=petugas, kind="pembinaan.register_export", title="Ekspor")
    assert jobs.run_job(str(job.pk)) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.error == "Berkas ini tidak cocok." and job.finished_at is not None
    assert jobs.run_job(str(job.pk)) == "dilewati"  # a job runs once


def test_a_job_with_a_bug_fails_with_a_generic_indonesian_message(petugas, monkeypatch):
    def buggy(*, job, progress):
        raise ZeroDivisionError

    monkeypatch.setattr("pembinaan.jobs.export_register", buggy)
    job = jobs.queue_job(owner=petugas, kind="pembinaan.register_export", title="Ekspor")
    jobs.run_job(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error == jobs.FAILED_MESSAGE


def test_queueing_enqueues_the_task_on_commit(petugas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        jobs.queue_job(owner=petugas, kind="pembinaan.register_export", title="Ekspor")
    assert len(callbacks) == 1


def test_worker_down_is_told_to_staff_and_admins(petugas_client, petugas, admin_client, settings):
    settings.JOBS_WORKER_GRACE_SECONDS = 30
    job = jobs.queue_job(owner=petugas, kind="pembinaan.register_export", title="Ekspor")
    page = petugas_client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "tampaknya tidak berjalan" not in page
    _age(job, 31)
    page = petugas_client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "Pekerja latar belakang tampaknya tidak berjalan" in page
    assert "hubungi admin" in page and "db_worker" not in page  # no developer command for staff
    dashboard = admin_client.get(reverse("dashboard")).content.decode()
    assert 'data-panel="worker-down"' in dashboard
    assert "systemctl status rutan-worker" in dashboard
    own = petugas_client.get(reverse("dashboard")).content.decode()
    assert 'data-panel="worker-down"' in own and "Hubungi admin." in own
    assert "db_worker" not in own


def test_a_small_job_runs_inline_when_the_worker_is_down(petugas_client, petugas, settings):
    settings.JOBS_WORKER_GRACE_SECONDS = 30
    _inmates(2)
    job = jobs.queue_job(
        owner=petugas, kind="pembinaan.register_export", title="Ekspor", small=True
    )
    _age(job, 31)
    url = reverse("job_detail", args=[job.pk])
    page = petugas_client.get(url).content.decode()
    assert "Jalankan sekarang" in page
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED  # viewing the page changes nothing
    assert petugas_client.post(url).status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert "Unduh register-wbp-" in petugas_client.get(url).content.decode()
    # and once the worker is known to be down, a new small job runs as soon as it is queued
    with_capture = jobs.queue_job(
        owner=petugas, kind="pembinaan.register_export", title="Ekspor", small=True
    )
    assert with_capture.status in (JobStatus.QUEUED, JobStatus.DONE)


def test_cleanup_deletes_old_jobs_their_files_and_stray_files(petugas, _private_storage):
    _inmates(1)
    old = jobs.queue_job(
        owner=petugas,
        kind="pembinaan.import_preview",
        title="Pratinjau",
        params={"filename": "a.csv"},
        input_data=b"no_registrasi,nama,status_hukum\nB.I 1/2024,X,narapidana\n",
        input_name="a.csv",
    )
    jobs.run_job(str(old.pk))
    recent = jobs.queue_job(owner=petugas, kind="pembinaan.register_export", title="Ekspor")
    jobs.run_job(str(recent.pk))
    recent.refresh_from_db()
    legacy = _private_storage / "sdp-impor" / "1" / "abc"
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(b"30.000 WBP")
    day_ago = (timezone.now() - timedelta(hours=25)).timestamp()
    os.utime(legacy, (day_ago, day_ago))
    old.refresh_from_db()
    old_input = _private_storage / old.input_file
    assert old_input.exists()
    _age(old, 25 * 3600)

    call_command("cleanup_jobs")

    assert list(Job.objects.all()) == [recent]
    assert not old_input.exists() and not legacy.exists()
    assert (_private_storage / recent.result_file).exists()


def test_progress_is_reported_over_rows(petugas):
    job = Job.objects.create(owner=petugas, kind="pembinaan.register_export", title="x")
    progress = jobs.Progress(job)
    assert list(progress.over(range(3), total=3, stage="Menulis")) == [0, 1, 2]
    job.refresh_from_db()
    assert (job.done, job.total, job.stage, job.percent) == (3, 3, "Menulis", 100)


def test_import_preview_progress_reaches_the_row_count(petugas):
    data = "no_registrasi,nama,status_hukum\n" + "".join(
        f"B.I {i}/2024,WBP {i},narapidana\n" for i in range(1, 51)
    )
    job = jobs.queue_job(
        owner=petugas,
        kind="pembinaan.import_preview",
        title="Pratinjau",
        params={"filename": "a.csv"},
        input_data=data.encode(),
        input_name="a.csv",
    )
    jobs.run_job(str(job.pk))
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (JobStatus.DONE, 50, 50)
    assert job.result["created"] == 50 and job.result["ok"]


def test_export_on_a_date_keeps_its_date(petugas):
    job = jobs.queue_job(
        owner=petugas,
        kind="pembinaan.register_export",
        title="Ekspor",
        params={"on": date(2025, 1, 1).isoformat(), "format": "xlsx"},
    )
    jobs.run_job(str(job.pk))
    job.refresh_from_db()
    assert job.result_name == "register-wbp-2025-01-01.xlsx"


def test_a_large_participation_workbook_is_written_by_the_worker(
    petugas_client, petugas, settings, monkeypatch
):
    settings.JOBS_INLINE_EXPORT_ROWS = -1  # every workbook counts as large here
    url = reverse("report_participation") + "?bulan=2026-03&format=xlsx"
    page = petugas_client.get(url)
    assert "Siapkan berkas XLSX" in page.content.decode()
    assert not Job.objects.exists()
    response = petugas_client.post(url)
    job = Job.objects.get()
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert job.kind == "rutan.participation_workbook" and job.owner == petugas
    assert jobs.run_job(str(job.pk)) == JobStatus.DONE
    job.refresh_from_db()
    assert job.result_name == "partisipasi-wbp-2026-03.xlsx"
    download = petugas_client.get(reverse("job_download", args=[job.pk]))
    assert b"".join(download.streaming_content).startswith(b"PK")
