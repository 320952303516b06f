"""The population served, for the complaint desk's satisfaction survey (SKM): provided through
`AbsensiConfig.survey_population`, which `pengaduan.survey_report` looks up by name, so
`pengaduan` never imports this app (docs/architecture.md, design notes)."""

from datetime import date

from absensi.models import Attendance, AttendanceStatus


def inmates_served(first: date, last: date) -> int:
    """Distinct inmates present at least once at a session held in [first, last]."""
    return (
        Attendance.objects.filter(
            session__date__range=(first, last), status=AttendanceStatus.PRESENT
        )
        .values("inmate")
        .distinct()
        .count()
    )
