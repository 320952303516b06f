"""The attendance export for SDP and the regional office (the standard's step 3): every
attendance entry of the sessions in a period, one row each, as CSV (UTF-8 with BOM, `;`
separated, for Indonesian Excel) or XLSX. The layout is documented in docs/absensi.md
("Ekspor absensi untuk SDP"); change it only together with that table.

Small exports are written in the request; larger ones run as a job (rutan/jobs.py) whose page
shows the progress and the download link.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_date

from absensi.models import Attendance
from rutan.exports import Sheet, build_workbook
from rutan.jobs import Progress, save_result
from rutan.models import Job

KIND_EXPORT = "absensi.attendance_export"  # registered in apps.py

# (column name, what it holds): the documented layout, in order.
EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("tanggal", "tanggal sesi, YYYY-MM-DD"),
    ("jam_mulai", "rencana mulai, HH:MM (WIB/waktu server)"),
    ("jam_selesai", "rencana selesai, HH:MM"),
    ("mulai_aktual", "mulai sebenarnya, HH:MM (kosong bila tidak dicatat)"),
    ("selesai_aktual", "selesai sebenarnya, HH:MM (kosong bila tidak dicatat)"),
    ("id_sesi", "nomor sesi di sistem ini"),
    ("program", "nama program pembinaan"),
    ("cabang_seni", "cabang seni program"),
    ("no_registrasi", "nomor registrasi WBP seperti di SDP"),
    ("nama_wbp", "nama WBP"),
    ("status_kehadiran", "kode: hadir, sakit, izin, menolak, bentrok, dibatalkan, lainnya"),
    ("keterangan_status", "label status kehadiran"),
    ("cara_pencatatan", "manual atau sidik_jari"),
    ("waktu_sidik_jari", "waktu rekaman sidik jari, YYYY-MM-DD HH:MM:SS (bila sidik jari)"),
    ("catatan", "keterangan yang ditulis petugas"),
)
COLUMN_NAMES = [name for name, _ in EXPORT_COLUMNS]
FORMULA_PREFIXES = ("=", "+", "-", "@")


def attendance_rows(*, first: date, last: date):
    """The attendance entries of sessions dated first..last, in session then name order."""
    return (
        Attendance.objects.filter(session__date__gte=first, session__date__lte=last)
        .select_related("session__program__art_form", "inmate", "punch")
        .order_by("session__planned_start", "session_id", "inmate__name", "inmate_id")
    )


def _hhmm(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%H:%M}" if moment else ""


def export_values(attendance: Attendance) -> list[Any]:
    """One entry as the documented columns (dates and times already as text)."""
    session, inmate = attendance.session, attendance.inmate
    punch = attendance.punch
    return [
        session.date.isoformat(),
        _hhmm(session.planned_start),
        _hhmm(session.planned_end),
        _hhmm(session.actual_start),
        _hhmm(session.actual_end),
        session.pk,
        session.program.name,
        session.program.art_form.name if session.program.art_form_id else "",
        inmate.registration_number,
        inmate.name,
        attendance.status,
        attendance.get_status_display(),
        attendance.method,
        f"{timezone.localtime(punch.timestamp):%Y-%m-%d %H:%M:%S}" if punch else "",
        attendance.note,
    ]


def _csv_text(value: Any) -> str:
    text = "" if value is None else str(value)
    # A name or note must never run as a spreadsheet formula.
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def write_csv(rows: Iterable[list[Any]]) -> bytes:
    """UTF-8 with a BOM (Excel recognises the encoding), `;` between fields (the list separator
    of Indonesian Excel), CRLF line ends, a header row of the column names."""
    stream = io.StringIO(newline="")
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=";")
    writer.writerow(COLUMN_NAMES)
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return stream.getvalue().encode("utf-8")


def write_xlsx(rows: Iterable[list[Any]], *, first: date, last: date) -> bytes:
    """The same columns in one sheet (header row first, no heading lines, so it reads back
    like the CSV)."""
    buffer = io.BytesIO()
    build_workbook(
        Sheet(
            title="Absensi",
            columns=COLUMN_NAMES,
            rows=rows,
            widths=[11, 8, 8, 8, 8, 8, 30, 16, 16, 30, 12, 16, 12, 20, 30],
        )
    ).save(buffer)
    return buffer.getvalue()


def export_filename(first: date, last: date, file_format: str) -> str:
    return f"absensi-{first.isoformat()}-sd-{last.isoformat()}.{file_format}"


def export_file(
    *, first: date, last: date, file_format: str, progress: Progress | None = None
) -> tuple[str, bytes]:
    """The period's attendance as (filename, bytes) in `file_format` ("csv" or "xlsx")."""
    queryset = attendance_rows(first=first, last=last)
    entries: Iterator[Attendance] = queryset.iterator(chunk_size=2000)
    if progress is not None:
        entries = progress.over(entries, total=queryset.count(), stage="Menulis baris absensi")
    rows = (export_values(a) for a in entries)
    if file_format == "csv":
        return export_filename(first, last, "csv"), write_csv(rows)
    return export_filename(first, last, "xlsx"), write_xlsx(rows, first=first, last=last)


def export_attendance(*, job: Job, progress: Progress) -> dict[str, Any]:
    """The job: write the file and keep it for the owner to download."""
    first = parse_date(job.params["first"])
    last = parse_date(job.params["last"])
    if first is None or last is None:
        raise ValueError("export job without a period")
    name, content = export_file(
        first=first, last=last, file_format=job.params.get("format", "csv"), progress=progress
    )
    progress.stage("Menyimpan berkas")
    save_result(job, name, content)
    return {"message": f"Absensi {first:%d-%m-%Y} s.d. {last:%d-%m-%Y} siap diunduh."}
