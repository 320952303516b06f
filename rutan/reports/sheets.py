"""Each report (rutan/reports/) as XLSX sheets (rutan/exports.py): the same figures as the
printed page, one row per printed row, with the unit and period above the table."""

from django.utils import timezone

from pembinaan.models import CancelReason
from rutan.exports import Sheet
from rutan.models import UnitProfile


def _heading(title: str, period: str) -> list[str]:
    return [title, UnitProfile.load().name, period]


# --- Monthly program report ------------------------------------------------------------------


def monthly_program_sheets(report: dict) -> list[Sheet]:
    """Programs (one row each, totals last), cancelled sessions, instructors by type."""
    month, totals = report["month"], report["totals"]
    reasons = CancelReason.choices
    columns = [
        "No.",
        "Program",
        "Cabang seni",
        "Instruktur",
        "Jenis instruktur",
        "Peserta",
        "Sesi direncanakan",
        "Sesi terlaksana",
        "Sesi dibatalkan",
        *(f"Batal: {label}" for _, label in reasons),
        "Belum terlaksana",
        "Sesuai waktu layanan",
        "Sesuai waktu layanan (%)",
        "Mulai tidak tepat waktu",
        "Melebihi slot",
        "Terlalu singkat",
        "Hadir",
        "Absensi tercatat",
        "Tingkat kehadiran (%)",
        "WBP hadir",
    ]

    def figures(row: dict) -> list:
        return [
            row["participants"],
            row["planned"],
            row["held"],
            row["cancelled"],
            *(row[f"cancel_{value}"] for value, _ in reasons),
            row["pending"],
            row["on_time"],
            row["on_time_percent"],
            row["start_off_time"],
            row["overran"],
            row["too_short"],
            row["present"],
            row["recorded"],
            row["attendance_percent"],
            row["attendees"],
        ]

    rows = (
        [
            n,
            row["program"].name,
            row["program"].art_form.name,
            str(row["program"].instructor or ""),
            row["program"].get_instructor_type_display(),
            *figures(row),
        ]
        for n, row in enumerate(report["rows"], start=1)
    )
    heading = _heading("LAPORAN PELAKSANAAN PEMBINAAN KESENIAN", f"Bulan {month.label}")
    return [
        Sheet(
            title="Program",
            heading=heading,
            columns=columns,
            rows=rows,
            totals=["", "Jumlah", "", "", "", *figures(totals)],
            widths=[5, 30, 14, 24, 12, *([11] * (len(columns) - 5))],
        ),
        Sheet(
            title="Sesi dibatalkan",
            heading=heading,
            columns=["Tanggal", "Program", "Alasan", "Keterangan"],
            rows=(
                [s.date, s.program.name, s.get_cancel_reason_display(), s.cancel_note]
                for s in report["cancelled"]
            ),
            widths=[12, 30, 24, 50],
        ),
        Sheet(
            title="Instruktur",
            heading=heading,
            columns=["Jenis instruktur", "Program", "Instruktur"],
            rows=totals["instructors"],
            widths=[20, 12, 12],
        ),
        Sheet(
            title="Ketidakhadiran",
            heading=heading,
            columns=["Alasan tidak hadir", "Jumlah"],
            rows=totals["absence_reasons"],
            totals=["Jumlah", totals["recorded"] - totals["present"]],
            widths=[24, 12],
        ),
    ]


# --- Daily attendance summary ----------------------------------------------------------------


def daily_attendance_sheets(report: dict) -> list[Sheet]:
    statuses = report["statuses"]
    columns = [
        "Jam",
        "Program",
        "Tempat",
        "Status sesi",
        "Peserta",
        *(s.label for s in statuses),
        "Belum dicatat",
    ]

    def figures(row) -> list:
        get = row.get if isinstance(row, dict) else lambda k: getattr(row, k)
        return [
            get("participants"),
            *(get(f"n_{s.value}") for s in statuses),
            get("not_recorded"),
        ]

    rows = (
        [
            timezone.localtime(s.planned_start).strftime("%H:%M"),
            s.program.name,
            s.venue.name,
            s.get_status_display(),
            *figures(s),
        ]
        for s in report["rows"]
    )
    return [
        Sheet(
            title="Absensi harian",
            heading=_heading(
                "RINGKASAN ABSENSI HARIAN PEMBINAAN KESENIAN",
                f"Tanggal {report['day']:%d-%m-%Y}",
            ),
            columns=columns,
            rows=rows,
            totals=["", "Jumlah", "", "", *figures(report["totals"])],
            widths=[8, 30, 18, 14, *([10] * (len(columns) - 4))],
        )
    ]


# --- Attendance recap ------------------------------------------------------------------------


def attendance_recap_sheets(recap: dict) -> list[Sheet]:
    sessions = recap["sessions"]
    columns = [
        "No.",
        "Nama",
        "No. registrasi",
        "Blok/kamar",
        *(f"{s.date:%d/%m}" for s in sessions),
        "Hadir",
        "Tidak hadir",
    ]
    rows = (
        [
            n,
            inmate.name,
            inmate.registration_number,
            "/".join(p for p in (inmate.block, inmate.cell) if p),
            *cells,
            inmate.present,
            inmate.absent,
        ]
        for n, (inmate, cells) in enumerate(recap["rows"], start=1)
    )
    totals = recap["totals"]
    legend = ", ".join(f"{code} = {label}" for code, label in recap["legend"])
    return [
        Sheet(
            title="Rekap absensi",
            heading=_heading(
                f"REKAP ABSENSI PROGRAM {recap['program'].name.upper()}",
                f"Bulan {recap['month'].label}",
            ),
            columns=columns,
            rows=rows,
            totals=[
                "",
                "Hadir per sesi",
                "",
                "",
                *(s.present for s in sessions),
                totals["present"],
                totals["absent"],
            ],
            widths=[5, 28, 16, 10, *([6] * len(sessions)), 8, 10],
            footer=[f"Keterangan: {legend}; kosong = belum dicatat."],
        )
    ]


# --- Per-inmate monthly participation --------------------------------------------------------


def participation_sheets(month, rows, totals: dict, filters: str) -> list[Sheet]:
    target = totals["target"]
    columns = [
        "No.",
        "Nama",
        "No. registrasi",
        "Blok",
        "Kamar",
        "Kelas",
        "Program diikuti",
        "Sesi dihadiri",
        "Tidak hadir",
        f"Mencapai {target} sesi",
    ]
    data = (
        [
            n,
            inmate.name,
            inmate.registration_number,
            inmate.block,
            inmate.cell,
            inmate.klass_label,
            inmate.programs,
            inmate.present,
            inmate.absent,
            inmate.present >= target,
        ]
        for n, inmate in enumerate(rows.iterator(chunk_size=2000), start=1)
    )
    return [
        Sheet(
            title="Partisipasi WBP",
            heading=_heading(
                "PARTISIPASI WBP DALAM KEGIATAN KESENIAN",
                f"Bulan {month.label}" + (f" · {filters}" if filters else ""),
            ),
            columns=columns,
            rows=data,
            totals=[
                "",
                f"Jumlah {totals['inmates']} WBP",
                "",
                "",
                "",
                "",
                "",
                totals["present"],
                totals["absent"],
                totals["reaching_target"],
            ],
            widths=[6, 28, 16, 8, 8, 22, 10, 10, 10, 12],
        )
    ]
