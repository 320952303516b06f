"""What every app shares: the users, the unit's profile and its public service standard."""

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A staff member. Roles are groups (see rutan/roles.py)."""

    nip = models.CharField("NIP", max_length=30, blank=True)
    position = models.CharField("jabatan", max_length=120, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)


class Singleton(models.Model):
    """A model with exactly one row (pk=1), edited in the admin."""

    class Meta:
        abstract = True
        constraints = []

    @classmethod
    def load(cls):
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj


class UnitProfile(Singleton):
    """The unit (UPT): names, contacts and letterhead data shown in the layout and prints."""

    name = models.CharField(
        "nama unit", max_length=150, default="Rumah Tahanan Negara Kelas IIB Magetan"
    )
    short_name = models.CharField("nama singkat", max_length=80, default="Rutan Kelas IIB Magetan")
    unit_class = models.CharField("kelas", max_length=10, default="IIB")
    address = models.CharField(
        "alamat", max_length=200, default="Jalan Merapi No. 168 Magetan 63319"
    )
    phone = models.CharField("telepon", max_length=40, default="0351895016")
    website = models.CharField(
        "situs web", max_length=120, default="rutanmagetan.kemenkumham.go.id"
    )
    email = models.EmailField("email", default="rutankelas2bmagetan@gmail.com")
    facebook = models.CharField("Facebook", max_length=120, default="Rutan Kelas IIB Magetan")
    twitter = models.CharField("Twitter/X", max_length=120, default="Rutan Kelas IIB Magetan")
    instagram = models.CharField("Instagram", max_length=120, default="rutanmagetan")
    whatsapp = models.CharField("WhatsApp", max_length=40, default="081231395151")
    ministry = models.CharField(
        "kementerian", max_length=150, default="Kementerian Imigrasi dan Pemasyarakatan"
    )
    regional_office = models.CharField(
        "kantor wilayah",
        max_length=150,
        default="Kantor Wilayah Direktorat Jenderal Pemasyarakatan Jawa Timur",
    )
    head_name = models.CharField("nama Kepala Rutan", max_length=120, blank=True)
    head_nip = models.CharField("NIP Kepala Rutan", max_length=30, blank=True)
    data_protection_contact = models.CharField(
        "kontak pelindungan data pribadi",
        max_length=200,
        default="Unit Layanan Pengaduan, rutankelas2bmagetan@gmail.com",
        help_text="Ditampilkan pada pemberitahuan privasi formulir pengaduan.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "profil unit"
        verbose_name_plural = "profil unit"
        # Reports read across apps; their permission sits on the unit they report on.
        permissions = [("view_reports", "Dapat melihat laporan dan dasbor pimpinan")]
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="unitprofile_singleton")
        ]

    def __str__(self) -> str:
        return self.name


class StandardComponent:
    """One component of the published standard, as the public page shows it."""

    def __init__(self, key: str, title: str, value: str, *, as_list: bool):
        self.key, self.title = key, title
        self.items = ServiceStandard._lines(value) if as_list else []
        self.text = "" if as_list else value.strip()


class ServiceStandard(Singleton):
    """The published service standard "Pembinaan Kesenian", shown on the public page.

    The fourteen components of Permenpan RB No. 15/2014 (COMPONENTS, in the order the page
    shows them); the seed fills six, an admin fills and publishes the others. An empty component
    is not shown. List fields hold one item per line.
    """

    title = models.CharField("nama layanan", max_length=120, default="Pembinaan Kesenian")
    decree_number = models.CharField("nomor SK", max_length=120, blank=True)
    legal_basis = models.TextField("dasar hukum", blank=True, help_text="Satu butir per baris.")
    requirements = models.TextField("persyaratan", blank=True, help_text="Satu butir per baris.")
    procedure = models.TextField(
        "sistem, mekanisme dan prosedur", blank=True, help_text="Satu langkah per baris."
    )
    completion_time = models.CharField(
        "jangka waktu penyelesaian", max_length=60, blank=True, default="45 Menit"
    )
    cost = models.CharField(
        "biaya / tarif", max_length=120, blank=True, default="Tidak dipungut biaya"
    )
    products = models.TextField("produk pelayanan", blank=True, help_text="Satu butir per baris.")
    facilities = models.TextField(
        "sarana dan prasarana", blank=True, help_text="Satu butir per baris."
    )
    staff_competence = models.TextField(
        "kompetensi pelaksana", blank=True, help_text="Satu butir per baris."
    )
    internal_supervision = models.TextField(
        "pengawasan internal", blank=True, help_text="Satu butir per baris."
    )
    complaint_procedure = models.TextField(
        "penanganan pengaduan, saran dan masukan",
        blank=True,
        help_text="Satu langkah per baris. Sarana pengaduan diambil dari profil unit.",
    )
    staff_count = models.CharField("jumlah pelaksana", max_length=200, blank=True)
    service_guarantee = models.TextField(
        "jaminan pelayanan (maklumat pelayanan)",
        blank=True,
        help_text="Teks maklumat pelayanan, ditampilkan apa adanya.",
    )
    security_guarantee = models.TextField(
        "jaminan keamanan dan keselamatan pelayanan",
        blank=True,
        help_text="Satu butir per baris.",
    )
    performance_evaluation = models.TextField(
        "evaluasi kinerja pelaksana", blank=True, help_text="Satu butir per baris."
    )

    history = HistoricalRecords()

    # (field, title on the page, one item per line?) in the order of the published standard.
    COMPONENTS = [
        ("legal_basis", "Dasar Hukum", True),
        ("requirements", "Persyaratan", True),
        ("procedure", "Sistem, Mekanisme dan Prosedur", True),
        ("completion_time", "Jangka Waktu Penyelesaian", False),
        ("cost", "Biaya / Tarif", False),
        ("products", "Produk Pelayanan", True),
        ("facilities", "Sarana dan Prasarana", True),
        ("staff_competence", "Kompetensi Pelaksana", True),
        ("internal_supervision", "Pengawasan Internal", True),
        ("complaint_procedure", "Penanganan Pengaduan, Saran dan Masukan", True),
        ("staff_count", "Jumlah Pelaksana", False),
        ("service_guarantee", "Jaminan Pelayanan (Maklumat Pelayanan)", False),
        ("security_guarantee", "Jaminan Keamanan dan Keselamatan Pelayanan", True),
        ("performance_evaluation", "Evaluasi Kinerja Pelaksana", True),
    ]

    class Meta:
        verbose_name = "standar pelayanan"
        verbose_name_plural = "standar pelayanan"
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="servicestandard_singleton")
        ]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    def published_components(self) -> list[StandardComponent]:
        """The components with content, in order (the complaint component always: its channels
        come from the unit's profile)."""
        components = []
        for field, title, as_list in self.COMPONENTS:
            value = getattr(self, field) or ""
            if value.strip() or field == "complaint_procedure":
                components.append(StandardComponent(field, title, value, as_list=as_list))
        return components

    @property
    def requirement_list(self) -> list[str]:
        return self._lines(self.requirements)

    @property
    def procedure_list(self) -> list[str]:
        return self._lines(self.procedure)

    @property
    def product_list(self) -> list[str]:
        return self._lines(self.products)

    @property
    def complaint_procedure_list(self) -> list[str]:
        return self._lines(self.complaint_procedure)


class HolidayKind(models.TextChoices):
    NATIONAL = "nasional", "Libur nasional"
    CUTI_BERSAMA = "cuti_bersama", "Cuti bersama"
    LOCAL = "lokal", "Libur lain"


class Holiday(models.Model):
    """A non-working day besides Saturday and Sunday: a national holiday (filled each year from
    the `holidays` library, rutan/calendar.py), a cuti bersama or a local day (added by an
    admin). Every working-day rule of every app reads this one calendar."""

    date = models.DateField("tanggal", unique=True)
    name = models.CharField("keterangan", max_length=150)
    kind = models.CharField(
        "jenis", max_length=20, choices=HolidayKind.choices, default=HolidayKind.NATIONAL
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "hari libur"
        verbose_name_plural = "kalender hari libur"
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=HolidayKind.values), name="rutan_holiday_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.name}"


class JobStatus(models.TextChoices):
    QUEUED = "menunggu", "Menunggu"
    RUNNING = "berjalan", "Berjalan"
    DONE = "selesai", "Selesai"
    FAILED = "gagal", "Gagal"


class JobQuerySet(models.QuerySet):
    def active(self) -> "JobQuerySet":
        return self.filter(status__in=(JobStatus.QUEUED, JobStatus.RUNNING))

    def visible_to(self, user) -> "JobQuerySet":
        """A job and its files are its owner's; admins (``rutan.view_job``) see every job."""
        return self if user.has_perm("rutan.view_job") else self.filter(owner=user)


class Job(models.Model):
    """Long work (an import, an export, a workbook) run by the task worker, with its progress.

    ``kind`` names a job function registered by an app (``AppConfig.job_kinds``); see
    rutan/jobs.py. Files (the uploaded input, the produced result) live in the private storage
    and are deleted with the job by ``manage.py cleanup_jobs`` after ``JOBS_KEEP_HOURS``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        User, verbose_name="pemilik", on_delete=models.CASCADE, related_name="jobs"
    )
    kind = models.CharField("jenis", max_length=60)
    title = models.CharField("judul", max_length=150)
    status = models.CharField(
        "status", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    params = models.JSONField("parameter", default=dict, blank=True)
    input_file = models.CharField("berkas masukan", max_length=255, blank=True)
    result_file = models.CharField("berkas hasil", max_length=255, blank=True)
    result_name = models.CharField("nama berkas hasil", max_length=255, blank=True)
    result = models.JSONField("ringkasan", default=dict, blank=True)
    stage = models.CharField("tahap", max_length=120, blank=True)
    done = models.PositiveIntegerField("selesai", default=0)
    total = models.PositiveIntegerField("jumlah", null=True, blank=True)
    small = models.BooleanField("boleh dijalankan langsung", default=False)
    error = models.TextField("pesan galat", blank=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True, db_index=True)
    started_at = models.DateTimeField("mulai", null=True, blank=True)
    finished_at = models.DateTimeField("selesai pada", null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = "tugas latar belakang"
        verbose_name_plural = "tugas latar belakang"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=JobStatus.values), name="job_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))


class MailStatus(models.TextChoices):
    QUEUED = "menunggu", "Menunggu dikirim"
    SENT = "terkirim", "Terkirim"
    FAILED = "gagal", "Gagal"


class OutgoingMail(models.Model):
    """An e-mail queued on commit and sent by the task worker, with retries (rutan/mail.py).

    The body is kept only until the message is sent (it may carry a tracking code); a message
    that still fails after its retries stays for the admins to resend.
    """

    subject = models.CharField("subjek", max_length=255)
    body = models.TextField("isi", blank=True)
    recipients = models.JSONField("penerima", default=list)
    status = models.CharField(
        "status", max_length=10, choices=MailStatus.choices, default=MailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField("percobaan", default=0)
    last_error = models.TextField("galat terakhir", blank=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True, db_index=True)
    next_attempt_at = models.DateTimeField("percobaan berikutnya", null=True, blank=True)
    sent_at = models.DateTimeField("terkirim pada", null=True, blank=True)

    class Meta:
        verbose_name = "e-mail keluar"
        verbose_name_plural = "e-mail keluar"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=MailStatus.values), name="outgoingmail_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.subject
