"""Attendance (absensi) and the finger-scan terminals it is read from.

Device side: `FingerprintDevice` (the registry), `DeviceLease` (the per-device sync lock),
`SyncRun` (one row per sync attempt), `RawPunch` (every punch exactly once),
`QuarantinedPunch` (records with impossible or implausible times), `DeviceEnrollment` (PIN and
name as enrolled on a device, to help map unknown PINs) and `LogClearance` (each time a
device's log was cleared). Raw punches, quarantined records, sync runs and clearances are
append-only logs: their rows are the audit trail, so they carry no history table
(see docs/absensi.md).
"""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pembinaan.models import Inmate


class DeviceTimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", "WIB (Asia/Jakarta, UTC+7)"
    WITA = "Asia/Makassar", "WITA (Asia/Makassar, UTC+8)"
    WIT = "Asia/Jayapura", "WIT (Asia/Jayapura, UTC+9)"


# Short names accepted by `register_device --tz`.
TIME_ZONE_ALIASES = {
    "WIB": DeviceTimeZone.WIB,
    "WITA": DeviceTimeZone.WITA,
    "WIT": DeviceTimeZone.WIT,
}

MAX_COMM_KEY = 999_999  # ZKTeco terminals accept a comm key of up to six digits.


class FingerprintDeviceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class FingerprintDevice(models.Model):
    """A ZKTeco finger-scan terminal on the prison network (mesin sidik jari)."""

    name = models.CharField("nama mesin", max_length=80, unique=True)
    ip_address = models.GenericIPAddressField("alamat IP", protocol="IPv4")
    port = models.PositiveIntegerField(
        "port",
        default=4370,
        validators=[MinValueValidator(1), MaxValueValidator(65535)],
    )
    use_udp = models.BooleanField(
        "pakai UDP", default=False, help_text="Untuk mesin yang hanya melayani UDP."
    )
    comm_key = models.PositiveIntegerField(
        "kunci komunikasi (comm key)",
        default=0,
        validators=[MaxValueValidator(MAX_COMM_KEY)],
        help_text="0 bila mesin tidak memakai kunci komunikasi.",
    )
    time_zone = models.CharField(
        "zona waktu mesin",
        max_length=20,
        choices=DeviceTimeZone.choices,
        default=DeviceTimeZone.WIB,
    )
    venue = models.ForeignKey(
        "pembinaan.Venue",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fingerprint_devices",
        verbose_name="tempat",
        help_text="Ruang atau tempat mesin dipasang.",
    )
    is_active = models.BooleanField(
        "aktif", default=True, help_text="Hanya mesin aktif yang disinkronkan terjadwal."
    )
    created_at = models.DateTimeField("didaftarkan", auto_now_add=True)
    updated_at = models.DateTimeField("diubah", auto_now=True)

    history = HistoricalRecords()
    objects = FingerprintDeviceQuerySet.as_manager()

    class Meta:
        verbose_name = "mesin sidik jari"
        verbose_name_plural = "mesin sidik jari"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(port__gte=1, port__lte=65535), name="device_port_range"
            ),
            models.CheckConstraint(
                condition=Q(comm_key__lte=MAX_COMM_KEY), name="device_comm_key_range"
            ),
            models.CheckConstraint(
                condition=Q(time_zone__in=DeviceTimeZone.values), name="device_time_zone_valid"
            ),
        ]
        permissions = [
            ("sync_fingerprintdevice", "Dapat menyinkronkan mesin sidik jari"),
            ("clear_fingerprintdevice_log", "Dapat menghapus log mesin sidik jari"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return f"{self.ip_address}:{self.port}{' (UDP)' if self.use_udp else ''}"


class DeviceLease(models.Model):
    """The per-device sync lock: a lease row taken with one conditional UPDATE.

    Taking it (`absensi.sync.acquire_lease`) sets `holder` only where the row is free or its
    lease expired; that single statement is atomic on SQLite and PostgreSQL alike. The write
    transaction of a sync then locks this row (`SELECT ... FOR UPDATE` on PostgreSQL; SQLite
    serialises writers) and checks it still holds the lease before writing anything.
    """

    device = models.OneToOneField(
        FingerprintDevice,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="lease",
        verbose_name="mesin",
    )
    holder = models.CharField("pemegang", max_length=64, blank=True)
    acquired_at = models.DateTimeField("diambil", null=True, blank=True)
    expires_at = models.DateTimeField("kedaluwarsa", null=True, blank=True)

    class Meta:
        verbose_name = "kunci sinkronisasi"
        verbose_name_plural = "kunci sinkronisasi"

    def __str__(self) -> str:
        return f"{self.device_id}: {self.holder or '-'}"


class SyncStatus(models.TextChoices):
    QUEUED = "menunggu", "Menunggu"
    RUNNING = "berjalan", "Berjalan"
    SUCCESS = "berhasil", "Berhasil"
    FAILED = "gagal", "Gagal"
    SKIPPED = "dilewati", "Dilewati"


class SyncTrigger(models.TextChoices):
    COMMAND = "perintah", "Perintah/jadwal"
    BUTTON = "tombol", "Tombol"
    DEMO = "demo", "Demo"


class SyncRunQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=[SyncStatus.QUEUED, SyncStatus.RUNNING])

    def finished(self):
        return self.filter(status__in=[SyncStatus.SUCCESS, SyncStatus.FAILED, SyncStatus.SKIPPED])


class SyncRun(models.Model):
    """One attempt to sync one device: when, how it ended, what it counted."""

    device = models.ForeignKey(
        FingerprintDevice, on_delete=models.CASCADE, related_name="sync_runs", verbose_name="mesin"
    )
    trigger = models.CharField("pemicu", max_length=10, choices=SyncTrigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diminta oleh",
    )
    status = models.CharField(
        "hasil", max_length=10, choices=SyncStatus.choices, default=SyncStatus.QUEUED
    )
    phase = models.CharField("tahap", max_length=80, blank=True)
    created_at = models.DateTimeField("diminta", auto_now_add=True)
    started_at = models.DateTimeField("mulai", null=True, blank=True)
    finished_at = models.DateTimeField("selesai", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("percobaan", default=0)
    error_class = models.CharField("jenis galat", max_length=80, blank=True)
    error_kind = models.CharField("golongan galat", max_length=20, blank=True)
    message = models.TextField("pesan", blank=True)
    fetched = models.PositiveIntegerField("diambil", default=0)
    inserted = models.PositiveIntegerField("baru", default=0)
    duplicates = models.PositiveIntegerField("duplikat", default=0)
    unmatched = models.PositiveIntegerField("PIN tak dikenal", default=0)
    quarantined = models.PositiveIntegerField("dikarantina", default=0)
    stored = models.PositiveIntegerField(
        "tersimpan terverifikasi",
        default=0,
        help_text="Catatan log mesin yang terbukti ada di basis data setelah sinkronisasi.",
    )
    attendance_created = models.PositiveIntegerField("absensi dari sidik jari", default=0)
    device_time = models.DateTimeField("jam mesin", null=True, blank=True)
    clock_offset_s = models.FloatField("selisih jam mesin (detik)", null=True, blank=True)
    record_count = models.PositiveIntegerField("jumlah catatan di mesin", null=True, blank=True)
    record_capacity = models.PositiveIntegerField("kapasitas catatan", null=True, blank=True)
    user_count = models.PositiveIntegerField("pengguna di mesin", null=True, blank=True)
    device_released = models.BooleanField(
        "mesin diaktifkan kembali", default=True, help_text="Mesin tidak tertinggal terkunci."
    )

    objects = SyncRunQuerySet.as_manager()

    class Meta:
        verbose_name = "sinkronisasi"
        verbose_name_plural = "sinkronisasi"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["device", "-created_at"], name="syncrun_device_created")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SyncStatus.values), name="syncrun_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.device} · {self.created_at:%d-%m-%Y %H:%M} · {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in (SyncStatus.QUEUED, SyncStatus.RUNNING)

    @property
    def ok(self) -> bool:
        return self.status == SyncStatus.SUCCESS

    @property
    def waiting_too_long(self) -> bool:
        """Queued longer than FINGERPRINT_QUEUE_STALE_MINUTES: the worker is not running."""
        limit = timedelta(minutes=settings.FINGERPRINT_QUEUE_STALE_MINUTES)
        return self.status == SyncStatus.QUEUED and self.created_at < timezone.now() - limit

    @property
    def capacity_percent(self) -> float | None:
        if not self.record_capacity or self.record_count is None:
            return None
        return 100 * self.record_count / self.record_capacity

    @property
    def clock_warning(self) -> bool:
        return (
            self.clock_offset_s is not None
            and abs(self.clock_offset_s) > settings.FINGERPRINT_CLOCK_WARNING_SECONDS
        )

    @property
    def capacity_warning(self) -> bool:
        percent = self.capacity_percent
        return percent is not None and percent >= settings.FINGERPRINT_CAPACITY_WARNING_PERCENT

    @property
    def duration_s(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class RawPunchQuerySet(models.QuerySet):
    def unmatched(self):
        """Punches whose PIN is no inmate's device PIN."""
        pins = Inmate.objects.filter(device_pin__isnull=False).values("device_pin")
        return self.exclude(device_user_id__in=pins)


class RawPunch(models.Model):
    """One record of a device's attendance log, stored exactly once.

    `timestamp` is the device's naive local time made aware with the device's time zone.
    The device's `uid` (slot/counter) is deliberately not kept: it is not a key.
    """

    device = models.ForeignKey(
        FingerprintDevice, on_delete=models.PROTECT, related_name="punches", verbose_name="mesin"
    )
    device_user_id = models.CharField("PIN mesin", max_length=24)
    timestamp = models.DateTimeField("waktu")
    verify_mode = models.PositiveSmallIntegerField("cara verifikasi", default=0)
    punch_state = models.PositiveSmallIntegerField("status masuk/keluar", default=255)
    sync_run = models.ForeignKey(
        SyncRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="pertama diambil pada",
    )

    objects = RawPunchQuerySet.as_manager()

    class Meta:
        verbose_name = "rekaman sidik jari"
        verbose_name_plural = "rekaman sidik jari"
        ordering = ["-timestamp", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["device", "device_user_id", "timestamp"], name="rawpunch_once"
            ),
        ]
        indexes = [models.Index(fields=["device_user_id", "timestamp"], name="rawpunch_pin_time")]
        permissions = [("map_device_pin", "Dapat memetakan PIN mesin ke WBP")]

    def __str__(self) -> str:
        return f"{self.device_user_id} @ {self.timestamp:%d-%m-%Y %H:%M:%S}"


class QuarantineReason(models.TextChoices):
    IMPOSSIBLE = "tanggal_mustahil", "Tanggal tidak mungkin ada"
    FUTURE = "melewati_jam_mesin", "Lebih maju dari jam mesin"
    TOO_OLD = "terlalu_lama", "Terlalu lama (melewati batas umur)"
    BAD_PIN = "pin_tidak_terbaca", "PIN kosong/tidak terbaca"


class QuarantinedPunch(models.Model):
    """A log record with an impossible or implausible time: shown, never used as attendance.

    Keyed on the raw 32-bit time value, since an impossible date has no datetime. A record
    quarantined once stays quarantined, even if a later clock makes it look plausible.
    """

    device = models.ForeignKey(
        FingerprintDevice,
        on_delete=models.PROTECT,
        related_name="quarantined_punches",
        verbose_name="mesin",
    )
    device_user_id = models.CharField("PIN mesin", max_length=24)
    raw_time = models.BigIntegerField("nilai waktu mentah")
    timestamp = models.DateTimeField("waktu (bila terbaca)", null=True, blank=True)
    reason = models.CharField("alasan", max_length=20, choices=QuarantineReason.choices)
    verify_mode = models.PositiveSmallIntegerField("cara verifikasi", default=0)
    punch_state = models.PositiveSmallIntegerField("status masuk/keluar", default=255)
    sync_run = models.ForeignKey(
        SyncRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="pertama diambil pada",
    )
    created_at = models.DateTimeField("dicatat", auto_now_add=True)

    class Meta:
        verbose_name = "rekaman dikarantina"
        verbose_name_plural = "rekaman dikarantina"
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["device", "device_user_id", "raw_time"], name="quarantine_once"
            ),
            models.CheckConstraint(
                condition=Q(reason__in=QuarantineReason.values), name="quarantine_reason_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.device_user_id} · {self.get_reason_display()}"


class DeviceEnrollment(models.Model):
    """A user (PIN and name) enrolled on a device, as last read; never templates."""

    device = models.ForeignKey(
        FingerprintDevice,
        on_delete=models.CASCADE,
        related_name="enrollments",
        verbose_name="mesin",
    )
    device_user_id = models.CharField("PIN mesin", max_length=24)
    name = models.CharField("nama di mesin", max_length=24, blank=True)
    last_seen = models.DateTimeField("terakhir terbaca")

    class Meta:
        verbose_name = "pengguna mesin"
        verbose_name_plural = "pengguna mesin"
        ordering = ["device", "device_user_id"]
        constraints = [
            models.UniqueConstraint(fields=["device", "device_user_id"], name="enrollment_once"),
        ]

    def __str__(self) -> str:
        return f"{self.device_user_id} {self.name}".strip()


class LogClearance(models.Model):
    """The device's own log was cleared (after a verified sync); local data is untouched."""

    device = models.ForeignKey(
        FingerprintDevice, on_delete=models.PROTECT, related_name="clearances", verbose_name="mesin"
    )
    sync_run = models.ForeignKey(
        SyncRun, on_delete=models.PROTECT, related_name="+", verbose_name="sinkronisasi acuan"
    )
    record_count = models.PositiveIntegerField("catatan yang dihapus dari mesin")
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="oleh"
    )
    cleared_at = models.DateTimeField("waktu", auto_now_add=True)

    class Meta:
        verbose_name = "penghapusan log mesin"
        verbose_name_plural = "penghapusan log mesin"
        ordering = ["-cleared_at"]

    def __str__(self) -> str:
        return f"{self.device} · {self.cleared_at:%d-%m-%Y %H:%M}"


# --- attendance ------------------------------------------------------------------------------


class AttendanceStatus(models.TextChoices):
    PRESENT = "hadir", "Hadir"
    LATE = "terlambat", "Terlambat"
    SICK = "sakit", "Sakit"
    EXCUSED = "izin", "Izin"  # also "tidak wajib hadir", recorded in advance
    BON = "bon", "Bon/sidang"
    REFUSED = "menolak", "Menolak"
    CLASH = "bentrok", "Bentrok"
    CANCELLED = "dibatalkan", "Sesi dibatalkan"
    OTHER = "lainnya", "Lainnya"


# Took part (a late arrival did); everything else is an absence.
ATTENDED_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
ABSENCE_STATUSES = [s for s in AttendanceStatus if s not in ATTENDED_STATUSES]
# Absent with a reason: every absence but "Sesi dibatalkan" (SessionAttendanceCount.absent_*).
ABSENT_REASONS = [s for s in ABSENCE_STATUSES if s != AttendanceStatus.CANCELLED]
# Absences that may be recorded before the session (izin, sakit, bon...): not a presence, and
# not "Sesi dibatalkan", which only the cancellation writes.
ADVANCE_STATUSES = [s for s in ABSENCE_STATUSES if s != AttendanceStatus.CANCELLED]


class AttendanceSubReason(models.TextChoices):
    """The optional detail of a reason (`SUB_REASONS` says which belongs to which)."""

    CLINIC = "klinik", "Dirawat di klinik Rutan"
    HOSPITAL = "rumah_sakit", "Dirawat di rumah sakit luar"
    REST = "istirahat", "Istirahat di kamar"
    VISIT = "kunjungan", "Kunjungan keluarga/penasihat hukum"
    OTHER_ACTIVITY = "kegiatan_lain", "Kegiatan pembinaan lain"
    WORK = "kerja", "Kegiatan kerja/kemandirian"
    WORSHIP = "ibadah", "Kegiatan ibadah"
    COURT = "sidang", "Sidang pengadilan"
    INVESTIGATION = "pemeriksaan", "Pemeriksaan penyidik/jaksa"
    CELL_LATE = "kamar_terlambat", "Kamar terlambat dibuka"
    SECURITY = "keamanan", "Pemeriksaan keamanan"


_S = AttendanceSubReason
SUB_REASONS: dict[str, tuple[str, ...]] = {
    AttendanceStatus.LATE: (_S.VISIT, _S.CLINIC, _S.CELL_LATE, _S.OTHER_ACTIVITY, _S.SECURITY),
    AttendanceStatus.SICK: (_S.CLINIC, _S.HOSPITAL, _S.REST),
    AttendanceStatus.EXCUSED: (_S.VISIT, _S.OTHER_ACTIVITY, _S.WORK, _S.WORSHIP),
    AttendanceStatus.BON: (_S.COURT, _S.INVESTIGATION),
    AttendanceStatus.CLASH: (_S.VISIT, _S.OTHER_ACTIVITY, _S.WORK, _S.WORSHIP),
}


class AttendanceMethod(models.TextChoices):
    MANUAL = "manual", "Manual"
    FINGERPRINT = "sidik_jari", "Sidik jari"


class AttendanceQuerySet(models.QuerySet):
    def present(self):
        """Entries of participants who took part (Hadir or Terlambat)."""
        return self.filter(status__in=ATTENDED_STATUSES)

    def for_session(self, session):
        return self.filter(session=session).select_related("inmate", "recorded_by", "punch__device")


class Attendance(models.Model):
    """One inmate's attendance at one session (kehadiran).

    Manual entries carry who recorded them; finger-scan entries (method sidik jari) carry the
    punch that proved them and its time. A manual entry always wins: the derivation from
    punches only fills participants that have no entry yet.
    """

    session = models.ForeignKey(
        "pembinaan.Session",
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name="sesi",
    )
    inmate = models.ForeignKey(
        "pembinaan.Inmate",
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name="WBP",
    )
    status = models.CharField("kehadiran", max_length=12, choices=AttendanceStatus.choices)
    sub_reason = models.CharField(
        "rincian alasan", max_length=20, choices=AttendanceSubReason.choices, blank=True
    )
    note = models.TextField("keterangan", blank=True)
    method = models.CharField(
        "cara", max_length=12, choices=AttendanceMethod.choices, default=AttendanceMethod.MANUAL
    )
    recorded_at = models.DateTimeField("waktu")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dicatat oleh",
    )
    punch = models.ForeignKey(
        RawPunch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="rekaman sidik jari",
    )
    set_by_cancellation = models.BooleanField(
        "diisi karena pembatalan sesi",
        default=False,
        help_text="Dihapus lagi bila pembatalan sesi dibatalkan.",
    )
    updated_at = models.DateTimeField("diubah", auto_now=True)

    history = HistoricalRecords()
    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = "absensi"
        verbose_name_plural = "absensi"
        ordering = ["session", "inmate__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "inmate"], name="attendance_once"),
            models.CheckConstraint(
                condition=Q(status__in=AttendanceStatus.values), name="attendance_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(method__in=AttendanceMethod.values), name="attendance_method_valid"
            ),
            models.CheckConstraint(
                condition=Q(sub_reason="")
                | Q(
                    *[
                        Q(status=status, sub_reason__in=subs)
                        for status, subs in SUB_REASONS.items()
                    ],
                    _connector=Q.OR,
                ),
                name="attendance_sub_reason_matches_status",
            ),
            models.CheckConstraint(
                condition=~Q(status=AttendanceStatus.OTHER) | ~Q(note=""),
                name="attendance_other_needs_note",
            ),
            models.CheckConstraint(
                condition=~Q(method=AttendanceMethod.FINGERPRINT)
                | Q(status=AttendanceStatus.PRESENT, punch__isnull=False),
                name="attendance_fingerprint_is_present_with_punch",
            ),
            models.CheckConstraint(
                condition=~Q(method=AttendanceMethod.MANUAL) | Q(recorded_by__isnull=False),
                name="attendance_manual_has_recorder",
            ),
        ]
        indexes = [
            models.Index(fields=["inmate", "session"], name="attendance_inmate_session"),
            # Covers the reports' reads of a month's records (distinct attendees, absences by
            # reason): the sessions' entries of a status, without visiting the table.
            models.Index(fields=["session", "status", "inmate"], name="attendance_session_status"),
        ]
        permissions = [
            (
                "edit_locked_attendance",
                "Dapat mengubah absensi setelah batas waktu perubahan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inmate} · {self.get_status_display()}"


class SessionAttendanceCount(models.Model):
    """How many attendance entries a session has, by kind: a summary for the reports.

    Derived data, not a record: never edited, only recounted from the session's entries by
    `absensi.summary.recount_sessions` at the end of every write path (so it carries no history
    table). A session without entries has no row.
    """

    session = models.OneToOneField(
        "pembinaan.Session",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="attendance_count",
        verbose_name="sesi",
    )
    present = models.PositiveIntegerField("hadir (termasuk terlambat)", default=0)
    absent = models.PositiveIntegerField("tidak hadir dengan alasan", default=0)
    # `absent` by reason (the monthly reports' "tidak hadir menurut alasan"), named
    # absent_<status> after ABSENT_REASONS.
    absent_sakit = models.PositiveIntegerField("sakit", default=0)
    absent_izin = models.PositiveIntegerField("izin", default=0)
    absent_bon = models.PositiveIntegerField("bon/sidang", default=0)
    absent_menolak = models.PositiveIntegerField("menolak", default=0)
    absent_bentrok = models.PositiveIntegerField("bentrok", default=0)
    absent_lainnya = models.PositiveIntegerField("lainnya", default=0)
    cancelled = models.PositiveIntegerField("sesi dibatalkan", default=0)
    total = models.PositiveIntegerField("semua catatan", default=0)

    class Meta:
        verbose_name = "jumlah absensi per sesi"
        verbose_name_plural = "jumlah absensi per sesi"
        constraints = [
            models.CheckConstraint(
                condition=Q(total=models.F("present") + models.F("absent") + models.F("cancelled")),
                name="attendance_count_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(
                    absent=models.F("absent_sakit")
                    + models.F("absent_izin")
                    + models.F("absent_bon")
                    + models.F("absent_menolak")
                    + models.F("absent_bentrok")
                    + models.F("absent_lainnya")
                ),
                name="attendance_count_absences_add_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.present}/{self.total}"
