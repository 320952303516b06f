"""Choices of the program side, shared by its models (values stored lowercase)."""

from django.db import models


class InstructorType(models.TextChoices):
    STAFF = "petugas", "Petugas"
    INMATE = "wbp", "WBP"
    PARTNER = "mitra", "Mitra"


class ProgramStatus(models.TextChoices):
    ACTIVE = "aktif", "Aktif"
    INACTIVE = "nonaktif", "Nonaktif"
    FINISHED = "selesai", "Selesai"


class WorkPlanStatus(models.TextChoices):
    DRAFT = "draf", "Draf"
    SUBMITTED = "diajukan", "Diajukan"
    APPROVED = "disetujui", "Disetujui"
    RETURNED = "dikembalikan", "Dikembalikan untuk perbaikan"
    REJECTED = "ditolak", "Ditolak"
    SUPERSEDED = "diganti", "Digantikan revisi baru"


PLAN_BADGES = {
    WorkPlanStatus.DRAFT: "secondary",
    WorkPlanStatus.SUBMITTED: "warning",
    WorkPlanStatus.APPROVED: "success",
    WorkPlanStatus.RETURNED: "info",
    WorkPlanStatus.REJECTED: "danger",
    WorkPlanStatus.SUPERSEDED: "light",
}

# A revision the petugas is still working on (at most one per plan).
OPEN_PLAN_STATUSES = (WorkPlanStatus.DRAFT, WorkPlanStatus.SUBMITTED, WorkPlanStatus.RETURNED)
# A revision whose content may be edited in place.
EDITABLE_PLAN_STATUSES = (WorkPlanStatus.DRAFT, WorkPlanStatus.RETURNED)


class Frequency(models.TextChoices):
    WEEKLY = "mingguan", "Setiap minggu"
    FORTNIGHTLY = "dua_mingguan", "Dua minggu sekali"


class SessionStatus(models.TextChoices):
    SCHEDULED = "terjadwal", "Terjadwal"
    RUNNING = "berlangsung", "Berlangsung"
    FINISHED = "selesai", "Selesai"
    CANCELLED = "dibatalkan", "Dibatalkan"


class CancelReason(models.TextChoices):
    INSTRUCTOR_ABSENT = "instruktur_berhalangan", "Instruktur berhalangan"
    VENUE_UNAVAILABLE = "tempat_tidak_tersedia", "Tempat tidak tersedia"
    SECURITY = "situasi_keamanan", "Situasi keamanan"
    OTHER = "lainnya", "Lainnya"


class EndReason(models.TextChoices):
    FINISHED = "selesai", "Selesai"
    TRANSFERRED = "pindah", "Pindah UPT"
    RELEASED = "bebas", "Bebas"
    DIED = "meninggal", "Meninggal"
    WITHDRAWN = "ditarik", "Ditarik"
    HEALTH = "kesehatan", "Kesehatan"
    SECURITY = "keamanan", "Keamanan"
    CLASS_CHANGED = "kelas", "Tahap pembinaan tidak lagi sasaran program"
    OTHER = "lainnya", "Lainnya"


class Predicate(models.TextChoices):
    VERY_GOOD = "A", "Sangat baik"
    GOOD = "B", "Baik"
    FAIR = "C", "Cukup"
    POOR = "D", "Kurang"


class SuspensionReason(models.TextChoices):
    """Why an allocation is suspended for a while (the participant is not called out)."""

    BON = "bon", "Bon/sidang"
    SICK = "sakit", "Sakit"
    EXCUSED = "izin", "Izin (tidak wajib hadir)"
    OTHER = "lainnya", "Lainnya"


# The one scale of scores to predikat (docs/pembinaan.md): the lowest score of each predikat,
# best first. A score is in 0–100; a result with a score always carries its predikat.
PREDICATE_SCALE: tuple[tuple[int, str], ...] = (
    (86, Predicate.VERY_GOOD),
    (71, Predicate.GOOD),
    (56, Predicate.FAIR),
    (0, Predicate.POOR),
)


def predicate_for(score: int) -> str:
    """The predikat of a score on the scale: 86–100 A, 71–85 B, 56–70 C, 0–55 D."""
    for lowest, predicate in PREDICATE_SCALE:
        if score >= lowest:
            return predicate
    raise ValueError(f"score {score} below 0")


def predicate_range(predicate: str) -> tuple[int, int]:
    """(lowest, highest) score of a predikat on the scale."""
    highest = 100
    for lowest, value in PREDICATE_SCALE:
        if value == predicate:
            return lowest, highest
        highest = lowest - 1
    raise ValueError(predicate)
