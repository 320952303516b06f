"""Import of SDP exports into the register, export, and the import_wbp/export_wbp commands."""

import csv
import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from pembinaan.models import Inmate, SdpImport
from pembinaan.sdp import COLUMNS, EXPORT_COLUMNS, parse_sdp_file, write_sdp_xlsx
from pembinaan.services import (
    apply_stage_dates,
    commit_sdp_import,
    export_rows,
    plan_sdp_import,
)

pytestmark = pytest.mark.django_db

NAPI = {
    "no_registrasi": "B.I 123/2024",
    "nama": "Budi Santoso",
    "status_hukum": "narapidana",
    "blok": "A",
    "kamar": "3",
    "tanggal_penahanan": "2024-01-01",
    "pidana_tahun": "3",
    "remisi_hari": "0",
    "pin_mesin": "101",
}
TAHANAN = {
    "no_registrasi": "A.II 7/2025",
    "nama": "Siti Aminah",
    "status_hukum": "tahanan",
    "blok": "B",
    "kamar": "12",
    "pin_mesin": "102",
}


def make_csv(rows, header=COLUMNS):
    stream = io.StringIO(newline="")
    writer = csv.writer(stream)
    writer.writerow(header)
    writer.writerows([row.get(c, "") for c in header] for row in rows)
    return stream.getvalue().encode()


def register():
    return {i.registration_number: i for i in Inmate.objects.all()}


def test_import_creates_inmates_with_stage_dates_and_history(petugas):
    record = commit_sdp_import(data=make_csv([NAPI, TAHANAN]), filename="wbp.csv", by=petugas)
    assert (record.row_count, record.created_count, record.updated_count) == (2, 2, 0)
    assert record.imported_by == petugas
    budi = Inmate.objects.get(registration_number="B.I 123/2024")
    assert budi.name == "Budi Santoso"
    assert budi.device_pin == "101"
    # 3 years from 1 Jan 2024: 1 Jan 2025, 2 Jul 2025, 1 Jan 2026, expiry 1 Jan 2027
    assert (budi.stage_one_third, budi.stage_half, budi.stage_two_thirds, budi.expiry_date) == (
        date(2025, 1, 1),
        date(2025, 7, 2),
        date(2026, 1, 1),
        date(2027, 1, 1),
    )
    (entry,) = budi.history.all()
    assert entry.history_user == petugas
    assert entry.history_change_reason == "Impor SDP: wbp.csv"
    siti = Inmate.objects.get(registration_number="A.II 7/2025")
    assert siti.stage_one_third is None


def test_class_in_the_database_matches_the_file(petugas):
    commit_sdp_import(data=make_csv([NAPI, TAHANAN]), filename="wbp.csv", by=petugas)
    classes = dict(Inmate.objects.with_class(date(2025, 7, 2)).values_list("name", "klass"))
    assert classes == {"Budi Santoso": "lanjutan_kedua", "Siti Aminah": "tahanan"}


def test_reimport_is_idempotent(petugas):
    data = make_csv([NAPI, TAHANAN])
    commit_sdp_import(data=data, filename="wbp.csv", by=petugas)
    record = commit_sdp_import(data=data, filename="wbp.csv", by=petugas)
    assert (record.created_count, record.updated_count, record.unchanged_count) == (0, 0, 2)
    assert Inmate.objects.count() == 2
    assert Inmate.history.count() == 2  # nothing changed, no new history


def test_reimport_updates_by_registration_number_and_recomputes_stages(petugas):
    commit_sdp_import(data=make_csv([NAPI, TAHANAN]), filename="a.csv", by=petugas)
    changed = dict(NAPI, no_registrasi="b.i 0123/2024", kamar="9", remisi_hari="30")
    plan = plan_sdp_import(data=make_csv([changed, TAHANAN]), filename="b.csv")
    assert plan.ok
    (update,) = plan.updates
    assert sorted(update.changed) == ["kamar", "total remisi (hari)"]
    record = commit_sdp_import(data=make_csv([changed, TAHANAN]), filename="b.csv", by=petugas)
    assert (record.updated_count, record.unchanged_count) == (1, 1)
    budi = register()["B.I 123/2024"]
    assert budi.cell == "9"
    assert budi.expiry_date == date(2026, 12, 2)  # 30 days of remisi
    assert budi.history.count() == 2


def test_absent_columns_leave_fields_alone(petugas):
    commit_sdp_import(data=make_csv([NAPI]), filename="a.csv", by=petugas)
    header = ["no_registrasi", "nama", "status_hukum"]
    data = make_csv([dict(NAPI, nama="Budi S.")], header=header)
    commit_sdp_import(data=data, filename="b.csv", by=petugas)
    budi = register()["B.I 123/2024"]
    assert budi.name == "Budi S."
    assert (budi.block, budi.device_pin, budi.sentence_years) == ("A", "101", 3)
    assert budi.stage_one_third == date(2025, 1, 1)


def test_inmates_missing_from_the_file_are_listed_not_deleted(petugas):
    commit_sdp_import(data=make_csv([NAPI, TAHANAN]), filename="a.csv", by=petugas)
    released = dict(TAHANAN, no_registrasi="A.I 1/2025", nama="Joko", pin_mesin="", status="")
    commit_sdp_import(data=make_csv([NAPI, TAHANAN, released]), filename="b.csv", by=petugas)
    Inmate.objects.filter(name="Joko").update(status="BEBAS")
    plan = plan_sdp_import(data=make_csv([NAPI]), filename="c.csv")
    assert [i.name for i in plan.missing] == ["Siti Aminah"]  # Joko is no longer in the unit
    record = commit_sdp_import(data=make_csv([NAPI]), filename="c.csv", by=petugas)
    assert record.missing_count == 1
    assert Inmate.objects.count() == 3


def test_inmates_who_leave_the_unit_leave_their_programs(petugas):
    from tests.pembinaan import planning_factories as f

    commit_sdp_import(data=make_csv([NAPI, TAHANAN]), filename="a.csv", by=petugas)
    budi, siti = (register()[n] for n in ("B.I 123/2024", "A.II 7/2025"))
    program = f.program()
    budi_place = f.allocation(program_=program, inmate_=budi)
    siti_place = f.allocation(program_=program, inmate_=siti)
    rows = [dict(NAPI, status="PINDAH"), dict(TAHANAN, status="BON")]
    commit_sdp_import(data=make_csv(rows), filename="b.csv", by=petugas)
    budi_place.refresh_from_db()
    siti_place.refresh_from_db()
    assert budi_place.end_date is not None
    assert budi_place.end_reason == "pindah"
    assert siti_place.end_date is None  # BON is temporary: still in the program


def test_broken_file_writes_nothing(petugas):
    data = make_csv([NAPI, dict(TAHANAN, tanggal_penahanan="31/02/2024")])
    with pytest.raises(ValidationError, match="ada 1 kesalahan"):
        commit_sdp_import(data=data, filename="wbp.csv", by=petugas)
    assert Inmate.objects.count() == 0
    assert SdpImport.objects.count() == 0


def test_device_pin_held_by_an_inmate_outside_the_file_is_refused(petugas):
    commit_sdp_import(data=make_csv([NAPI, TAHANAN]), filename="a.csv", by=petugas)
    newcomer = dict(NAPI, no_registrasi="B.I 200/2024", nama="Agus", pin_mesin="102")
    plan = plan_sdp_import(data=make_csv([NAPI, newcomer]), filename="b.csv")
    assert [str(e) for e in plan.errors] == [
        "Baris 3, kolom pin_mesin: PIN mesin '102' sudah dipakai Siti Aminah (A.II 7/2025) "
        "di register."
    ]


def test_device_pins_may_be_swapped_in_one_import(petugas):
    commit_sdp_import(data=make_csv([NAPI, TAHANAN]), filename="a.csv", by=petugas)
    swapped = [dict(NAPI, pin_mesin="102"), dict(TAHANAN, pin_mesin="101")]
    commit_sdp_import(data=make_csv(swapped), filename="b.csv", by=petugas)
    pins = {i.name: i.device_pin for i in Inmate.objects.all()}
    assert pins == {"Budi Santoso": "102", "Siti Aminah": "101"}


def test_import_cannot_turn_an_inmate_with_a_tpp_stage_into_tahanan(petugas):
    commit_sdp_import(data=make_csv([NAPI]), filename="a.csv", by=petugas)
    Inmate.objects.update(stage_override="akhir", override_decision_number="TPP-1")
    plan = plan_sdp_import(data=make_csv([dict(NAPI, status_hukum="tahanan")]), filename="b.csv")
    assert not plan.ok
    assert "tahap hasil sidang TPP" in plan.errors[0].message


def test_apply_stage_dates_prefers_sdp_dates():
    inmate = Inmate(
        detention_date=date(2024, 1, 1),
        sentence_years=3,
        sdp_one_third=date(2024, 10, 1),
        sdp_half=date(2025, 3, 1),
        sdp_two_thirds=date(2025, 8, 1),
    )
    apply_stage_dates(inmate)
    assert (inmate.stage_one_third, inmate.stage_two_thirds, inmate.expiry_date) == (
        date(2024, 10, 1),
        date(2025, 8, 1),
        date(2027, 1, 1),
    )


def test_apply_stage_dates_without_data_clears_them():
    inmate = Inmate(stage_one_third=date(2024, 1, 1), expiry_date=date(2025, 1, 1))
    apply_stage_dates(inmate)
    assert inmate.stage_one_third is None
    assert inmate.expiry_date is None


def test_export_then_import_round_trips(petugas):
    full = dict(
        NAPI,
        tanggal_1_3="2024-10-01",
        tanggal_1_2="2025-03-01",
        tanggal_2_3="2025-08-01",
        tanggal_ekspirasi="2026-06-01",
    )
    data = make_csv([full, TAHANAN])
    commit_sdp_import(data=data, filename="a.csv", by=petugas)
    rows = list(export_rows(on=date(2025, 1, 1)))
    assert [r["kelas"] for r in rows] == ["tahanan", "lanjutan_pertama"]
    exported = write_sdp_xlsx(rows)
    assert [r.as_columns() for r in parse_sdp_file(exported, "e.xlsx").rows] == [
        r.as_columns() for r in parse_sdp_file(data, "a.csv").rows[::-1]
    ]
    record = commit_sdp_import(data=exported, filename="e.xlsx", by=petugas)
    assert (record.created_count, record.updated_count, record.unchanged_count) == (0, 0, 2)


# --- commands ------------------------------------------------------------------------------


@pytest.fixture
def csv_file(tmp_path):
    def _write(rows, name="wbp.csv"):
        path = tmp_path / name
        path.write_bytes(make_csv(rows))
        return str(path)

    return _write


def test_import_command_imports(csv_file, admin_user):
    out = io.StringIO()
    call_command("import_wbp", csv_file([NAPI, TAHANAN]), "--user", "admin", stdout=out)
    assert "Impor selesai. 2 baris: 2 baru" in out.getvalue()
    assert SdpImport.objects.get().imported_by == admin_user


def test_import_command_dry_run_writes_nothing(csv_file, admin_user):
    out = io.StringIO()
    call_command("import_wbp", csv_file([NAPI]), "--dry-run", stdout=out)
    assert "tidak ada yang disimpan" in out.getvalue()
    assert Inmate.objects.count() == 0


def test_import_command_prints_row_errors_and_fails(csv_file, admin_user):
    err = io.StringIO()
    bad = csv_file([NAPI, dict(TAHANAN, status="KABUR"), dict(NAPI, nama="Joko", pin_mesin="")])
    with pytest.raises(CommandError, match="3 kesalahan; tidak ada yang diimpor"):
        call_command("import_wbp", bad, "--user", "admin", stderr=err)
    assert err.getvalue().splitlines() == [
        "Baris 2, kolom no_registrasi: Nomor registrasi 'B.I 123/2024' ganda: ada di baris 2, 4.",
        "Baris 3, kolom status: Status tidak dikenal: 'KABUR' (gunakan AKTIF, BON, SAKIT, PINDAH, "
        "BEBAS, MENINGGAL).",
        "Baris 4, kolom no_registrasi: Nomor registrasi 'B.I 123/2024' ganda: ada di baris 2, 4.",
    ]
    assert Inmate.objects.count() == 0


def test_import_command_needs_a_user(csv_file, db):
    with pytest.raises(CommandError, match="--user"):
        call_command("import_wbp", csv_file([NAPI]))
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("import_wbp", csv_file([NAPI]), "--user", "siapa")


def test_import_command_with_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        call_command("import_wbp", str(tmp_path / "tidak-ada.csv"))


def test_export_command_writes_csv_to_stdout(petugas):
    commit_sdp_import(data=make_csv([NAPI, TAHANAN]), filename="a.csv", by=petugas)
    out = io.StringIO()
    call_command("export_wbp", "--date", "2025-07-02", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "\ufeff" + ";".join(EXPORT_COLUMNS)  # as the download, for Excel
    assert lines[1].endswith(";102;tahanan;")
    assert lines[2].startswith("B.I 123/2024;Budi Santoso;narapidana;AKTIF;A;3;2024-01-01;3;")
    assert lines[2].endswith(";101;lanjutan_kedua;")
    result = parse_sdp_file(out.getvalue().encode(), "x.csv")
    assert result.ok and result.delimiter == ";"


def test_export_command_csv_file_imports_back_unchanged(petugas, tmp_path):
    commit_sdp_import(data=make_csv([NAPI, TAHANAN]), filename="a.csv", by=petugas)
    target = tmp_path / "wbp.csv"
    call_command("export_wbp", "--output", str(target))
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfno_registrasi;")
    record = commit_sdp_import(data=data, filename="wbp.csv", by=petugas)
    assert (record.created_count, record.updated_count, record.unchanged_count) == (0, 0, 2)


def test_export_command_writes_xlsx(petugas, tmp_path):
    commit_sdp_import(data=make_csv([NAPI]), filename="a.csv", by=petugas)
    target = tmp_path / "wbp.xlsx"
    call_command("export_wbp", "--format", "xlsx", "--output", str(target))
    assert parse_sdp_file(target.read_bytes(), "wbp.xlsx").rows[0].name == "Budi Santoso"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "02-07-2025"], "Tanggal tidak valid"),
        (["--format", "xlsx"], "perlu --output"),
    ],
)
def test_export_command_refuses_bad_options(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_wbp", *args, stdout=io.StringIO())
