"""Register views: list, detail, TPP stage, SDP import (preview, commit) and export."""

import csv
import io
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pembinaan.models import Inmate, SdpImport
from pembinaan.sdp import COLUMNS, parse_sdp_file
from pembinaan.services import apply_stage_dates
from rutan.jobs import run_job
from rutan.models import Job, JobStatus

pytestmark = pytest.mark.django_db

LIST = reverse("pembinaan:inmate_list")
IMPORT = reverse("pembinaan:inmate_import")
EXPORT = reverse("pembinaan:inmate_export")


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


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2025, 7, 2), tick=False):
        yield


def make_inmate(number, name, legal_status="narapidana", **fields) -> Inmate:
    inmate = Inmate(registration_number=number, name=name, legal_status=legal_status, **fields)
    apply_stage_dates(inmate)
    inmate.save()
    return inmate


@pytest.fixture
def budi():
    # 3 years from 1 Jan 2024: lanjutan kedua from 2 Jul 2025
    return make_inmate(
        "B.I 123/2024", "Budi Santoso", block="A", detention_date=date(2024, 1, 1), sentence_years=3
    )


@pytest.fixture
def siti():
    return make_inmate("A.II 7/2025", "Siti Aminah", legal_status="tahanan", block="B")


def make_csv(rows, header=COLUMNS):
    stream = io.StringIO(newline="")
    writer = csv.writer(stream)
    writer.writerow(header)
    writer.writerows([row.get(c, "") for c in header] for row in rows)
    return stream.getvalue().encode()


def upload(client, data, name="wbp.csv"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data)})


# --- list ------------------------------------------------------------------------------------


def test_list_shows_each_inmate_with_the_class_today(petugas_client, budi, siti):
    response = petugas_client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Budi Santoso" in html and "Tahap Lanjutan Kedua" in html
    assert "Siti Aminah" in html and "Tahanan" in html
    assert "Impor dari SDP" in html


def test_kepala_sees_the_list_without_import_buttons(kepala_client, budi):
    html = kepala_client.get(LIST).content.decode()
    assert "Budi Santoso" in html
    assert "Impor dari SDP" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=budi", ["Budi Santoso"]),
        ("q=A.II 7", ["Siti Aminah"]),
        ("q=aminah", ["Siti Aminah"]),
        ("kelas=lanjutan_kedua", ["Budi Santoso"]),
        ("kelas=tahanan", ["Siti Aminah"]),
        ("kelas=kosong", ["Joko"]),
        ("status_hukum=narapidana", ["Budi Santoso", "Joko"]),
        ("status=BEBAS", ["Joko"]),
        ("blok=a", ["Budi Santoso"]),
        ("kelas=tidak-ada", ["Budi Santoso", "Joko", "Siti Aminah"]),  # invalid filter: ignored
    ],
)
def test_list_search_and_filters(petugas_client, budi, siti, query, expected):
    make_inmate("B.I 9/2024", "Joko", status="BEBAS")  # no sentence data: no class
    page = petugas_client.get(f"{LIST}?{query}").context["page"]
    assert [i.name for i in page] == expected


def test_list_is_paginated_and_keeps_the_filters(petugas_client):
    for n in range(55):
        make_inmate(f"A.I {n + 1}/2025", f"Tahanan {n:02d}", legal_status="tahanan")
    first = petugas_client.get(f"{LIST}?kelas=tahanan")
    assert len(first.context["page"]) == 50
    assert "kelas=tahanan&amp;halaman=2" in first.content.decode()
    second = petugas_client.get(f"{LIST}?kelas=tahanan&halaman=2")
    assert [i.name for i in second.context["page"]][-1] == "Tahanan 54"


def test_list_query_count_does_not_grow_with_the_register(petugas_client):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert petugas_client.get(f"{LIST}?q=a").status_code == 200
        return len(queries)

    make_inmate("B.I 1/2024", "Awal", detention_date=date(2025, 1, 1), sentence_years=5)
    few = count_queries()
    for n in range(80):
        make_inmate(
            f"B.I {n + 2}/2024", f"Ahmad {n}", detention_date=date(2024, 1, 1), sentence_years=1
        )
    assert count_queries() == few


# --- detail ----------------------------------------------------------------------------------


def test_detail_shows_class_stage_dates_and_history(petugas_client, budi):
    budi.cell = "9"
    budi.save()
    response = petugas_client.get(reverse("pembinaan:inmate_detail", args=[budi.pk]))
    html = response.content.decode()
    assert "Tahap Lanjutan Kedua" in html
    assert "1 Januari 2025" in html and "2 Juli 2025" in html and "1 Januari 2026" in html
    assert "Dihitung dari tanggal penahanan" in html
    assert "kamar: – → 9" in html
    assert "Simpan keputusan TPP" in html


def test_detail_of_a_tahanan_has_no_stage_form(petugas_client, siti):
    html = petugas_client.get(reverse("pembinaan:inmate_detail", args=[siti.pk])).content.decode()
    assert "Tahanan" in html
    assert "Simpan keputusan TPP" not in html


def test_detail_of_an_unknown_inmate_is_404(petugas_client):
    assert petugas_client.get(reverse("pembinaan:inmate_detail", args=[999])).status_code == 404


# --- TPP stage --------------------------------------------------------------------------------


def stage_url(inmate):
    return reverse("pembinaan:inmate_stage", args=[inmate.pk])


def test_kepala_records_a_tpp_stage_that_wins_over_the_dates(kepala_client, kepala, budi):
    response = kepala_client.post(
        stage_url(budi),
        {"stage": "akhir", "decision_number": "W15.PAS.12-7", "decision_date": "2025-06-30"},
    )
    assert response.status_code == 302
    budi.refresh_from_db()
    assert (budi.stage_override, budi.override_decision_number) == ("akhir", "W15.PAS.12-7")
    assert budi.history.first().history_user == kepala
    klass = Inmate.objects.with_class(date(2025, 7, 2)).get(pk=budi.pk).klass
    assert klass == "akhir"


def test_tpp_stage_needs_the_decision(petugas_client, budi):
    response = petugas_client.post(stage_url(budi), {"stage": "akhir"}, follow=True)
    assert "Isi nomor dan tanggal keputusan sidang TPP." in response.content.decode()
    budi.refresh_from_db()
    assert budi.stage_override == ""


def test_tpp_stage_can_be_cleared(petugas_client, budi):
    budi.stage_override, budi.override_decision_number = "akhir", "TPP-1"
    budi.save()
    petugas_client.post(stage_url(budi), {"stage": ""})
    budi.refresh_from_db()
    assert (budi.stage_override, budi.override_decision_number) == ("", "")


def test_tahanan_cannot_get_a_tpp_stage(petugas_client, siti):
    data = {"stage": "awal", "decision_number": "TPP-1", "decision_date": "2025-06-30"}
    response = petugas_client.post(stage_url(siti), data, follow=True)
    assert "Tahanan tidak memiliki tahap pembinaan." in response.content.decode()


# --- import ----------------------------------------------------------------------------------

NAPI = {
    "no_registrasi": "B.I 123/2024",
    "nama": "Budi Santoso",
    "status_hukum": "narapidana",
    "tanggal_penahanan": "2024-01-01",
    "pidana_tahun": "3",
    "pin_mesin": "101",
}
TAHANAN = {"no_registrasi": "A.II 7/2025", "nama": "Siti Aminah", "status_hukum": "tahanan"}


def test_import_form(petugas_client):
    response = petugas_client.get(IMPORT)
    assert response.status_code == 200
    assert "Periksa berkas" in response.content.decode()


def run_queued_jobs():
    for job in Job.objects.filter(status=JobStatus.QUEUED).order_by("created_at"):
        run_job(str(job.pk))


def follow_job(client, response):
    """The job page a POST redirected to, after the worker (here: the test) ran the job."""
    assert response.status_code == 302
    run_queued_jobs()
    return client.get(response["Location"])


def test_import_preview_then_commit(petugas_client, petugas, _private_storage):
    queued = upload(petugas_client, make_csv([NAPI, TAHANAN]))
    job = Job.objects.get()
    assert job.status == JobStatus.QUEUED  # the request only queues the preview
    preview = follow_job(petugas_client, queued)
    html = preview.content.decode()
    assert "2 baris siap diimpor" in html and "Simpan impor</button>" in html
    assert Inmate.objects.count() == 0  # the preview writes nothing
    token = preview.context["job"].pk
    assert len(list((_private_storage / "tugas" / str(petugas.pk)).glob("*/*"))) == 1

    commit_url = reverse("pembinaan:inmate_import_commit", args=[token])
    done = follow_job(petugas_client, petugas_client.post(commit_url))
    assert "Impor wbp.csv selesai: 2 baru" in done.content.decode()
    assert Inmate.objects.count() == 2
    assert SdpImport.objects.get().imported_by == petugas
    assert list((_private_storage / "tugas" / str(petugas.pk)).glob("*/*")) == []

    again = petugas_client.post(commit_url, follow=True)
    assert "Pratinjau impor tidak ditemukan" in again.content.decode()
    assert SdpImport.objects.count() == 1


def test_import_of_a_broken_file_shows_row_errors_and_cannot_be_committed(
    petugas_client, _private_storage
):
    data = make_csv([NAPI, dict(TAHANAN, status="KABUR"), dict(NAPI, nama="Joko")])
    response = follow_job(petugas_client, upload(petugas_client, data))
    html = response.content.decode()
    assert "Berkas tidak dapat diimpor: 5 kesalahan" in html
    assert "Status tidak dikenal: &#x27;KABUR&#x27;" in html
    assert "Simpan impor</button>" not in html
    assert response.context["job"].input_file == ""  # a refused file is not kept
    assert list(_private_storage.glob("tugas/*/*/*")) == []
    assert Inmate.objects.count() == 0


def test_import_of_a_text_file_renamed_xlsx(petugas_client):
    response = follow_job(petugas_client, upload(petugas_client, make_csv([NAPI]), "wbp.xlsx"))
    assert "Berkas berakhiran .xlsx tetapi isinya teks biasa" in response.content.decode()


def test_import_refuses_other_file_types_in_the_form(petugas_client):
    response = upload(petugas_client, b"%PDF-1.4", name="wbp.pdf")
    assert "Gunakan berkas .csv atau .xlsx." in response.content.decode()
    assert response.context["job"] is None
    assert not Job.objects.exists()


def test_import_commit_of_someone_elses_token_is_refused(petugas_client, user_factory, client):
    from rutan import roles

    preview = follow_job(petugas_client, upload(petugas_client, make_csv([NAPI])))
    other = user_factory("petugas2", roles.PETUGAS_PEMBINAAN)
    client.force_login(other)
    url = reverse("pembinaan:inmate_import_commit", args=[preview.context["job"].pk])
    response = client.post(url, follow=True)
    assert "Pratinjau impor tidak ditemukan" in response.content.decode()
    assert Inmate.objects.count() == 0
    # nor may the other user follow the preview job itself
    job_id = preview.context["job"].pk
    assert client.get(reverse("job_detail", args=[job_id])).status_code == 404
    page = client.get(f"{IMPORT}?tugas={job_id}")
    assert page.context["job"] is None


# --- export ----------------------------------------------------------------------------------


def test_export_xlsx_round_trips(petugas_client, budi, siti):
    response = petugas_client.get(EXPORT)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="register-wbp-2025-07-02.xlsx"' in response["Content-Disposition"]
    result = parse_sdp_file(response.content, "e.xlsx")
    assert result.ok
    assert [r.name for r in result.rows] == ["Siti Aminah", "Budi Santoso"]


def test_export_csv_with_class_on_a_date(petugas_client, budi):
    response = petugas_client.get(f"{EXPORT}?format=csv&tanggal=2025-01-01")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffno_registrasi;nama;")
    assert text.splitlines()[1].endswith(";lanjutan_pertama;")
    assert 'filename="register-wbp-2025-01-01.csv"' in response["Content-Disposition"]
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_export_csv_is_for_indonesian_excel_and_imports_back_unchanged(petugas_client, budi, siti):
    """UTF-8 with a BOM, semicolons; the same file uploaded again changes nothing."""
    response = petugas_client.get(f"{EXPORT}?format=csv")
    assert response.content.startswith(b"\xef\xbb\xbfno_registrasi;")
    result = parse_sdp_file(response.content, "register-wbp.csv")
    assert result.ok and result.delimiter == ";"
    assert [r.name for r in result.rows] == ["Siti Aminah", "Budi Santoso"]

    page = follow_job(petugas_client, upload(petugas_client, response.content, "ekspor.csv"))
    summary = page.context["job"].result
    assert summary["ok"], summary["errors"]
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 0, 2)
