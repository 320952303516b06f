"""Complaints: the statuses a complaint passes through, its channels, the complaint itself and
the queryset that holds the privacy rule (`ComplaintQuerySet.visible_to`).
"""

from datetime import date

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, CharField, Q, Value, When
from django.db.models.query import ModelIterable
from simple_history.models import HistoricalRecords


class Status(models.TextChoices):
    DITERIMA = "diterima", "Diterima"
    PERLU_KELENGKAPAN = "perlu_kelengkapan", "Perlu kelengkapan"
    DITELAAH = "ditelaah", "Ditelaah"
    MENUNGGU_ARAHAN = "menunggu_arahan", "Menunggu arahan"
    DITINDAKLANJUTI = "ditindaklanjuti", "Ditindaklanjuti"
    MENUNGGU_PERSETUJUAN = "menunggu_persetujuan", "Menunggu persetujuan"
    DIJAWAB = "dijawab", "Dijawab"
    SELESAI = "selesai", "Selesai"
    DITOLAK = "ditolak", "Ditolak"
    DIRUJUK = "dirujuk", "Dirujuk"
    DICABUT = "dicabut", "Dicabut"
    DIGABUNG = "digabung", "Digabung"


# States in which a member of staff must act, on a working-day target.
ACTOR_STATES = frozenset(
    {
        Status.DITERIMA,
        Status.DITELAAH,
        Status.MENUNGGU_ARAHAN,
        Status.DITINDAKLANJUTI,
        Status.MENUNGGU_PERSETUJUAN,
    }
)
# States that wait for the complainant; they lapse (withdrawn / closed) when nothing happens.
WAITING_STATES = frozenset({Status.PERLU_KELENGKAPAN, Status.DIJAWAB})
TERMINAL_STATES = frozenset(
    {Status.SELESAI, Status.DITOLAK, Status.DIRUJUK, Status.DICABUT, Status.DIGABUNG}
)
# States from which ULP may merge a complaint into another as its duplicate (nothing drafted yet).
MERGEABLE_STATES = frozenset({Status.DITERIMA, Status.PERLU_KELENGKAPAN, Status.DITELAAH})
OPEN_STATES = frozenset(set(Status) - TERMINAL_STATES)

# What the public tracking page says about each state, in plain Indonesian.
PUBLIC_STATUS_TEXT = {
    Status.DITERIMA: "Pengaduan Anda sudah diterima dan menunggu verifikasi petugas.",
    Status.PERLU_KELENGKAPAN: (
        "Pengaduan Anda perlu dilengkapi. Baca permintaan petugas di bawah lalu kirim "
        "kelengkapannya."
    ),
    Status.DITELAAH: "Pengaduan Anda sedang ditelaah oleh Unit Layanan Pengaduan.",
    Status.MENUNGGU_ARAHAN: "Pengaduan Anda sedang menunggu arahan Kepala Rutan.",
    Status.DITINDAKLANJUTI: "Pengaduan Anda sedang ditindaklanjuti oleh pejabat yang berwenang.",
    Status.MENUNGGU_PERSETUJUAN: (
        "Jawaban atas pengaduan Anda sedang diperiksa sebelum diterbitkan."
    ),
    Status.DIJAWAB: "Pengaduan Anda sudah dijawab. Baca jawabannya di bawah.",
    Status.SELESAI: "Pengaduan Anda sudah selesai ditangani.",
    Status.DITOLAK: "Pengaduan Anda tidak dapat ditindaklanjuti. Alasannya tercantum di bawah.",
    Status.DIRUJUK: "Pengaduan Anda dirujuk ke instansi yang berwenang. Keterangannya di bawah.",
    Status.DICABUT: "Pengaduan Anda dinyatakan dicabut.",
    Status.DIGABUNG: (
        "Pengaduan Anda digabungkan dengan pengaduan lain tentang masalah yang sama dan ditangani "
        "bersama. Jawabannya tampil di bawah setelah diterbitkan."
    ),
}


class Channel(models.TextChoices):
    POS = "pos", "Pos layanan pengaduan (langsung)"
    WEBSITE = "website", "Website"
    EMAIL = "email", "Email"
    FACEBOOK = "facebook", "Facebook"
    TWITTER = "twitter", "Twitter/X"
    INSTAGRAM = "instagram", "Instagram"
    WHATSAPP = "whatsapp", "WhatsApp"
    LAPOR = "lapor", "SP4N-LAPOR!"


class IdentityMode(models.TextChoices):
    IDENTIFIED = "identitas", "Identitas dicantumkan"
    RAHASIA = "rahasia", "Dirahasiakan (hanya ULP dan Kepala Rutan)"
    ANONIM = "anonim", "Anonim (tanpa identitas)"


class Referral(models.TextChoices):
    KANWIL = "kanwil", "Kantor Wilayah Ditjenpas Jawa Timur"
    ITJEN = "itjen", "Inspektorat Jenderal"
    OMBUDSMAN = "ombudsman", "Ombudsman Republik Indonesia"
    LAPOR = "lapor", "SP4N-LAPOR!"
    LAINNYA = "lainnya", "Instansi lain"


IDENTITY_FIELDS = ("reporter_name", "reporter_email", "reporter_phone", "channel_handle")

# The tracking ID of a report in SP4N-LAPOR! (digits; a leading "#" is dropped when entered).
LAPOR_ID_PATTERN = r"^\d{4,20}$"


def may_see_identity(user) -> bool:
    return user.has_perm("pengaduan.view_identity")


class MaskedIdentityIterable(ModelIterable):
    """Yields complaints with a *rahasia* complainant's identity blanked."""

    def __iter__(self):
        for complaint in super().__iter__():
            if complaint.identity_mode == IdentityMode.RAHASIA:
                for field in IDENTITY_FIELDS:
                    setattr(complaint, field, "")
                complaint.identity_masked = True
            yield complaint


class ComplaintQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The complaints `user` may see, with identities masked where the user may not see them.

        The single place of the privacy rule (attachments and the public page follow it in
        `pengaduan.privacy`): ULP and the Kepala UPT see every complaint; a pejabat only the
        ones assigned to them; a *rahasia* complainant's identity is blanked for anyone without
        `pengaduan.view_identity`.
        """
        queryset = self
        if not user.is_authenticated or not user.has_perm("pengaduan.view_complaint"):
            return queryset.none()
        if not user.has_perm("pengaduan.view_all_complaints"):
            if not user.has_perm("pengaduan.act_on_complaint"):
                return queryset.none()
            queryset = queryset.filter(assigned_to=user)
        if not may_see_identity(user):
            queryset = queryset._chain()
            queryset._iterable_class = MaskedIdentityIterable
        return queryset

    def open(self):
        return self.filter(status__in=OPEN_STATES)

    def actionable_by(self, user):
        """The complaints waiting for this user's own step (their queue)."""
        condition = Q(pk__in=[])
        if user.has_perm("pengaduan.handle_complaint"):
            condition |= Q(
                status__in=[Status.DITERIMA, Status.DITELAAH, Status.MENUNGGU_PERSETUJUAN]
            )
        if user.has_perm("pengaduan.direct_complaint"):
            condition |= Q(status=Status.MENUNGGU_ARAHAN)
        if user.has_perm("pengaduan.act_on_complaint"):
            condition |= Q(status=Status.DITINDAKLANJUTI, assigned_to=user)
        return self.filter(condition)

    def overdue(self, today: date):
        """Waiting for staff past the step's target, the reply target or the legal ceiling."""
        return self.filter(
            Q(due_date__lt=today)
            | Q(legal_due_date__lt=today)
            | Q(answered_at__isnull=True, reply_due_date__lt=today)
        ).filter(status__in=ACTOR_STATES)

    def with_deadline_flag(self, *, today: date, soon: date):
        """Annotate `deadline_flag`: "terlambat", "hampir" (due by `soon`) or ""."""
        return self.annotate(
            deadline_flag=Case(
                When(Q(status__in=ACTOR_STATES) & Q(due_date__lt=today), then=Value("terlambat")),
                When(
                    Q(status__in=ACTOR_STATES) & Q(legal_due_date__lt=today),
                    then=Value("terlambat"),
                ),
                When(
                    Q(status__in=ACTOR_STATES, answered_at__isnull=True, reply_due_date__lt=today),
                    then=Value("terlambat"),
                ),
                When(Q(status__in=ACTOR_STATES) & Q(due_date__lte=soon), then=Value("hampir")),
                default=Value(""),
                output_field=CharField(),
            )
        )

    def for_list(self):
        return self.select_related("service", "assigned_to").order_by(
            models.F("due_date").asc(nulls_last=True), "received_at", "id"
        )

    def search(self, text: str, *, user):
        """Search by number or content; by identity only for users who may see identities."""
        text = (text or "").strip()
        if not text:
            return self
        condition = Q(number__icontains=text) | Q(description__icontains=text)
        lapor_id = text.lstrip("#").strip()
        if lapor_id:
            condition |= Q(lapor_id__icontains=lapor_id)
        if user.has_perm("pengaduan.view_identity"):
            condition |= Q(reporter_name__icontains=text) | Q(reporter_email__icontains=text)
            condition |= Q(reporter_phone__icontains=text) | Q(channel_handle__icontains=text)
        return self.filter(condition)

    # Masked querysets must not hand out identity fields through values()/values_list().
    def _refuse_identity_values(self, fields) -> None:
        masked = issubclass(self._iterable_class, MaskedIdentityIterable)
        if masked and (not fields or set(fields) & set(IDENTITY_FIELDS)):
            raise PermissionError("Identitas pelapor tidak boleh dibaca dari queryset bermasker.")

    def values(self, *fields, **expressions):
        self._refuse_identity_values(fields)
        return super().values(*fields, **expressions)

    def values_list(self, *fields, flat=False, named=False):
        self._refuse_identity_values(fields)
        return super().values_list(*fields, flat=flat, named=named)


class Complaint(models.Model):
    """One complaint (pengaduan), from intake to closing."""

    number = models.CharField("nomor pengaduan", max_length=20, unique=True, editable=False)
    tracking_code_hash = models.CharField("sidik kode pelacakan", max_length=64, editable=False)
    # Keyed hash of the public form's client address (never the address itself): the cap on
    # open complaints counts per address and contact together, so nobody can use someone
    # else's phone number to block their complaint. Blank for complaints ULP logs.
    submitter_key = models.CharField(
        "sidik alamat pengirim", max_length=64, blank=True, editable=False
    )

    channel = models.CharField("kanal", max_length=20, choices=Channel.choices)
    channel_handle = models.CharField(
        "akun/alamat pengirim",
        max_length=200,
        blank=True,
        help_text="Akun media sosial, nomor WhatsApp atau alamat email asal pengaduan.",
    )
    lapor_id = models.CharField(
        "ID pelacakan SP4N-LAPOR!",
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(LAPOR_ID_PATTERN, "ID pelacakan SP4N-LAPOR! terdiri dari 4–20 angka.")
        ],
        help_text="Nomor laporan pada SP4N-LAPOR! untuk pengaduan yang diteruskan dari sana.",
    )
    received_at = models.DateTimeField("waktu diterima")
    identity_mode = models.CharField(
        "identitas pelapor", max_length=10, choices=IdentityMode.choices
    )
    reporter_name = models.CharField("nama pelapor", max_length=150, blank=True)
    reporter_email = models.EmailField("email pelapor", blank=True, db_index=True)
    reporter_phone = models.CharField("telepon/WhatsApp pelapor", max_length=20, blank=True)

    service = models.ForeignKey(
        "pengaduan.ServiceCategory",
        verbose_name="layanan yang diadukan",
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    incident_date = models.DateField("tanggal kejadian", null=True, blank=True)
    description = models.TextField("uraian pengaduan")
    expected_outcome = models.TextField("harapan pelapor", blank=True)

    status = models.CharField(
        "status", max_length=24, choices=Status.choices, default=Status.DITERIMA
    )
    status_since = models.DateTimeField("status sejak")
    clock_start = models.DateField("hitungan dimulai", null=True, blank=True)
    due_date = models.DateField("jatuh tempo", null=True, blank=True)
    legal_due_date = models.DateField("batas waktu undang-undang", null=True, blank=True)
    lapse_on = models.DateField(
        "batas menunggu pelapor",
        null=True,
        blank=True,
        help_text="Hari terakhir menunggu kelengkapan atau sanggahan pelapor.",
    )
    paused_days_left = models.PositiveSmallIntegerField(
        "sisa hari kerja saat dijeda", null=True, blank=True
    )
    file_complete_on = models.DateField("berkas lengkap sejak", null=True, blank=True)
    # The reply clock (pengaduan/clocks.py): the overall target to the published reply, in
    # working days of staff time; it pauses while the complainant is asked to complete.
    reply_clock_since = models.DateTimeField(
        "target jawaban berjalan sejak",
        null=True,
        blank=True,
        help_text="Kosong selama hitungan dijeda (menunggu pelapor) atau sesudah dijawab.",
    )
    reply_due_date = models.DateField("target jawaban", null=True, blank=True)
    reply_days_used = models.PositiveSmallIntegerField(
        "hari kerja petugas terpakai",
        default=0,
        help_text="Hari kerja yang terpakai sampai hitungan target jawaban terakhir berhenti.",
    )

    review = models.TextField("telaah ULP", blank=True)
    recommendation = models.TextField("rekomendasi ULP", blank=True)
    direction = models.TextField("arahan Kepala UPT", blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="pejabat terkait",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_complaints",
    )
    disputed_at = models.DateTimeField("waktu sanggahan", null=True, blank=True)
    answered_at = models.DateTimeField("pertama dijawab", null=True, blank=True)
    closed_at = models.DateTimeField("waktu selesai", null=True, blank=True)
    outcome_reason = models.TextField("alasan penolakan/rujukan/pencabutan", blank=True)
    referred_to = models.CharField(
        "dirujuk ke", max_length=20, choices=Referral.choices, blank=True
    )
    referral_reference = models.CharField(
        "nomor rujukan",
        max_length=100,
        blank=True,
        help_text="Nomor surat pengantar atau ID laporan di instansi tujuan rujukan.",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name="digabung ke pengaduan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )

    identity_purged_at = models.DateTimeField(
        "identitas dihapus",
        null=True,
        blank=True,
        help_text="Identitas dan lampiran dihapus setelah masa retensi (PENGADUAN_RETENTION_DAYS).",
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dicatat oleh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    updated_at = models.DateTimeField("diubah", auto_now=True)

    history = HistoricalRecords(excluded_fields=["tracking_code_hash", "submitter_key"])
    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = "pengaduan"
        verbose_name_plural = "pengaduan"
        ordering = ["-received_at", "-id"]
        permissions = [
            ("handle_complaint", "Dapat mengelola pengaduan (Unit Layanan Pengaduan)"),
            ("direct_complaint", "Dapat memberi arahan atas pengaduan (Kepala UPT)"),
            ("act_on_complaint", "Dapat menindaklanjuti pengaduan yang ditugaskan (pejabat)"),
            ("view_all_complaints", "Dapat melihat semua pengaduan"),
            ("view_identity", "Dapat melihat identitas pelapor yang dirahasiakan"),
            ("view_complaint_report", "Dapat melihat rekap dan register pengaduan"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="complaint_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="complaint_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(identity_mode__in=IdentityMode.values),
                name="complaint_identity_mode_valid",
            ),
            # Anonim: no identity is stored at all.
            models.CheckConstraint(
                condition=~Q(identity_mode=IdentityMode.ANONIM)
                | Q(reporter_name="", reporter_email="", reporter_phone="", channel_handle=""),
                name="complaint_anonim_stores_no_identity",
            ),
            models.CheckConstraint(
                condition=Q(identity_mode=IdentityMode.ANONIM)
                | Q(identity_purged_at__isnull=False)
                | ~Q(reporter_name="", reporter_email="", reporter_phone="", channel_handle=""),
                name="complaint_identified_has_identity",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[Status.DITINDAKLANJUTI, Status.MENUNGGU_PERSETUJUAN])
                | Q(assigned_to__isnull=False),
                name="complaint_followup_has_official",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[Status.DITOLAK, Status.DIRUJUK, Status.DICABUT])
                | ~Q(outcome_reason=""),
                name="complaint_terminal_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.DIRUJUK) | ~Q(referred_to=""),
                name="complaint_referral_has_destination",
            ),
            # A merged duplicate (and only it) points at its main complaint, never at itself.
            models.CheckConstraint(
                condition=Q(status=Status.DIGABUNG, merged_into__isnull=False)
                | Q(~Q(status=Status.DIGABUNG), merged_into__isnull=True),
                name="complaint_merged_has_main",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")), name="complaint_not_merged_into_itself"
            ),
            models.CheckConstraint(
                condition=~Q(channel=Channel.LAPOR) | ~Q(lapor_id=""),
                name="complaint_lapor_has_tracking_id",
            ),
            models.UniqueConstraint(
                fields=["lapor_id"], condition=~Q(lapor_id=""), name="complaint_lapor_id_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="complaint_status_due"),
            models.Index(fields=["assigned_to", "status"], name="complaint_assignee_status"),
            models.Index(fields=["received_at", "id"], name="complaint_received"),
            models.Index(fields=["reporter_phone"], name="complaint_reporter_phone"),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        # A guard, not a rule: an instance whose identity was masked for a viewer must never be
        # written back (it would erase the identity). Services re-read the row before writing.
        if getattr(self, "identity_masked", False):
            raise PermissionError("Pengaduan bermasker tidak boleh disimpan.")
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    @property
    def reporter_display(self) -> str:
        if self.identity_mode == IdentityMode.ANONIM:
            return "Anonim"
        if getattr(self, "identity_masked", False):
            return "Dirahasiakan"
        if self.identity_purged_at:
            return "Dihapus (masa retensi)"
        return self.reporter_name or self.channel_handle or "-"

    @property
    def channel_label(self) -> str:
        """The channel, with the SP4N-LAPOR! tracking ID when there is one."""
        label = self.get_channel_display()
        return f"{label} (ID {self.lapor_id})" if self.lapor_id else label

    @property
    def outcome_summary(self) -> str:
        """Why it closed as it did, for the register: reason, referral and its reference, or
        the main complaint of a merged duplicate (select_related("merged_into") for lists)."""
        remark = self.outcome_reason
        if self.referred_to:
            where = self.get_referred_to_display()
            if self.referral_reference:
                where += f" (nomor rujukan {self.referral_reference})"
            remark = f"Dirujuk ke {where}: {remark}"
        elif self.merged_into_id:
            remark = f"Digabung ke {self.merged_into.number}: {remark}"
        return remark

    @property
    def public_status_text(self) -> str:
        return PUBLIC_STATUS_TEXT[Status(self.status)]


class ComplaintCounter(models.Model):
    """The last number given in a year; locked (select_for_update) while a number is taken."""

    year = models.PositiveSmallIntegerField("tahun", primary_key=True)
    last_value = models.PositiveIntegerField("nomor terakhir", default=0)

    class Meta:
        verbose_name = "penghitung nomor pengaduan"
        verbose_name_plural = "penghitung nomor pengaduan"

    def __str__(self) -> str:
        return f"{self.year}: {self.last_value}"
