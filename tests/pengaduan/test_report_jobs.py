"""The XLSX of a large month's register or recap is written by the task worker, not in the
request (issue 11): the page offers it, a POST queues it, the job's page gives the file."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from pengaduan.models import Channel
from rutan.jobs import run_job
from rutan.models import Job, JobStatus
from tests.pengaduan.factories import make_complaint

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


@pytest.fixture
def three_in_march(ulp, settings):
    settings.JOBS_INLINE_EXPORT_ROWS = 2
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=WIB), tick=False):
        for channel in (Channel.EMAIL, Channel.WHATSAPP, Channel.POS):
            make_complaint(ulp=ulp, channel=channel)


def _numbers(workbook_bytes, sheet=None):
    workbook = load_workbook(io.BytesIO(workbook_bytes))
    rows = (workbook[sheet] if sheet else workbook.active).values
    return [row[1] for row in rows if row and str(row[1]).startswith("ADU-")]


def _download(client, job):
    response = client.get(reverse("job_detail", args=[job.pk]))
    assert "Unduh " in response.content.decode()
    download = client.get(reverse("job_download", args=[job.pk]))
    return download, b"".join(download.streaming_content)


def test_a_large_register_is_offered_then_written_by_the_worker(ulp_client, ulp, three_in_march):
    url = reverse("pengaduan:register_xlsx") + "?bulan=2026-03"

    page = ulp_client.get(url)
    assert "Bulan ini memuat 3 pengaduan" in page.content.decode()
    assert "Siapkan berkas XLSX" in page.content.decode()
    assert not Job.objects.exists()  # viewing writes nothing

    queued = ulp_client.post(url)
    job = Job.objects.get()
    assert queued["Location"] == reverse("job_detail", args=[job.pk])
    assert (job.owner, job.status, job.kind) == (ulp, JobStatus.QUEUED, "pengaduan.report_xlsx")
    assert job.params == {"report": "register", "month": "2026-03"}

    assert run_job(str(job.pk)) == JobStatus.DONE
    job.refresh_from_db()
    assert (job.done, job.total) == (3, 3)
    download, content = _download(ulp_client, job)
    assert 'filename="register-pengaduan-2026-03.xlsx"' in download["Content-Disposition"]
    assert _numbers(content) == ["ADU-2026-00001", "ADU-2026-00002", "ADU-2026-00003"]


def test_a_large_recap_is_written_by_the_worker_with_its_register_sheet(
    kepala_client, three_in_march
):
    url = reverse("pengaduan:recap_xlsx") + "?bulan=2026-03"
    assert "Rekap pengaduan Maret 2026" in kepala_client.get(url).content.decode()

    kepala_client.post(url)
    job = Job.objects.get()
    assert run_job(str(job.pk)) == JobStatus.DONE
    _, content = _download(kepala_client, job)
    assert len(_numbers(content, "Daftar pengaduan")) == 3
    assert load_workbook(io.BytesIO(content)).sheetnames[0] == "Kanal"


def test_a_small_month_is_still_downloaded_at_once(ulp_client, three_in_march, settings):
    settings.JOBS_INLINE_EXPORT_ROWS = 3
    response = ulp_client.get(reverse("pengaduan:register_xlsx") + "?bulan=2026-03")
    assert response["Content-Disposition"] == (
        'attachment; filename="register-pengaduan-2026-03.xlsx"'
    )
    assert len(_numbers(response.content)) == 3
    assert not Job.objects.exists()


def test_only_the_owner_downloads_the_register(ulp_client, pejabat_client, three_in_march):
    ulp_client.post(reverse("pengaduan:register_xlsx") + "?bulan=2026-03")
    job = Job.objects.get()
    run_job(str(job.pk))
    assert pejabat_client.get(reverse("job_download", args=[job.pk])).status_code == 404
