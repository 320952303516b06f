"""The inmate register (WBP): legal and registration status, class, the SDP import log."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Case, CharField, F, Q, Value, When
from simple_history.models import HistoricalRecords


class LegalStatus(models.TextChoices):
    TAHANAN = "tahanan", "Tahanan"
    NARAPIDANA = "narapidana", "Narapidana"


class RegistrationStatus(models.TextChoices):
    AKTIF = "AKTIF", "Aktif"
    BON = "BON", "Bon (sementara keluar)"
    SAKIT = "SAKIT", "Sakit"
    PINDAH = "PINDAH", "Pindah UPT"
    BEBAS = "BEBAS", "Bebas"
    MENINGGAL = "MENINGGAL", "Meninggal"


class SentenceKind(models.TextChoices):
    WAKTU_TERTENTU = "", "Pidana waktu tertentu"
    SEUMUR_HIDUP = "seumur_hidup", "Pidana seumur hidup"
    MATI = "mati", "Pidana mati"


class InmateClass(models.TextChoices):
    """Eligibility class: tahanan, or a narapidana's guidance stage (PP 31/1999 Ps 9)."""

    TAHANAN = "tahanan", "Tahanan"
    AWAL = "awal", "Tahap Awal"
    LANJUTAN_PERTAMA = "lanjutan_pertama", "Tahap Lanjutan Pertama"
    LANJUTAN_KEDUA = "lanjutan_kedua", "Tahap Lanjutan Kedua"
    AKHIR = "akhir", "Tahap Akhir"


STAGE_CHOICES = [c for c in InmateClass.choices if c[0] != InmateClass.TAHANAN]


def class_expression(on: date, prefix: str = "") -> Case:
    """The inmate's class on `on` as a database expression (`prefix` "inmate__" from a
    related model).

    Mirrors `pembinaan.stages.inmate_class` (the pure, tested rule) over the stored
    effective stage dates: tahanan first, then a TPP override, then the dates; empty
    when a narapidana's data is incomplete.
    """
    p = prefix
    return Case(
        When(**{f"{p}legal_status": LegalStatus.TAHANAN}, then=Value(InmateClass.TAHANAN)),
        When(~Q(**{f"{p}stage_override": ""}), then=F(f"{p}stage_override")),
        When(**{f"{p}stage_one_third__isnull": True}, then=Value("")),
        When(**{f"{p}stage_one_third__gt": on}, then=Value(InmateClass.AWAL)),
        When(**{f"{p}stage_half__gt": on}, then=Value(InmateClass.LANJUTAN_PERTAMA)),
        When(**{f"{p}stage_two_thirds__gt": on}, then=Value(InmateClass.LANJUTAN_KEDUA)),
        default=Value(InmateClass.AKHIR),
        output_field=CharField(),
    )


# Natural block/cell order (the stored sort keys, then the raw text for rows without keys).
CELL_ORDER = ("block_sort_key", "block", "cell_sort_key", "cell", "name")


def cell_order(prefix: str = "") -> list[str]:
    """`CELL_ORDER` from a related model (`prefix` "inmate__")."""
    return [f"{prefix}{f}" for f in CELL_ORDER]


class InmateQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=RegistrationStatus.AKTIF)

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text) | Q(registration_number__icontains=text) | Q(block__iexact=text)
        )

    def with_class(self, on: date):
        """Annotate `klass`: the inmate's class on `on`, computed in the database."""
        return self.annotate(klass=class_expression(on))

    def in_cell_order(self):
        """Natural order of block and cell (5, 6, 10, 11), then name."""
        return self.order_by(*CELL_ORDER)


class Inmate(models.Model):
    """A WBP in the register, imported from SDP exports (or entered by an admin)."""

    registration_number = models.CharField("no. registrasi", max_length=30, unique=True)
    name = models.CharField("nama", max_length=150, db_index=True)
    legal_status = models.CharField(
        "status hukum", max_length=12, choices=LegalStatus.choices, db_index=True
    )
    status = models.CharField(
        "status registrasi",
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.AKTIF,
        db_index=True,
    )
    block = models.CharField("blok", max_length=30, blank=True, db_index=True)
    cell = models.CharField("kamar", max_length=30, blank=True)
    # Natural sort keys of block and cell ("5" -> "000005"), kept by the service layer
    # (`pembinaan.services.apply_sort_keys`) so that lists sort 5, 6, 10, 11 in the database.
    block_sort_key = models.CharField(
        "urutan blok", max_length=120, blank=True, default="", editable=False
    )
    cell_sort_key = models.CharField(
        "urutan kamar", max_length=120, blank=True, default="", editable=False
    )
    detention_date = models.DateField("tanggal penahanan", null=True, blank=True)
    sentence_years = models.PositiveSmallIntegerField("pidana (tahun)", null=True, blank=True)
    sentence_months = models.PositiveSmallIntegerField("pidana (bulan)", null=True, blank=True)
    sentence_days = models.PositiveSmallIntegerField("pidana (hari)", null=True, blank=True)
    remisi_days = models.PositiveIntegerField("total remisi (hari)", default=0)
    # Life and death sentences have no duration (the three fields above stay empty); such an
    # inmate's class comes from the SDP 1/3, 1/2, 2/3 dates or from a sidang TPP decision.
    sentence_kind = models.CharField(
        "jenis pidana", max_length=12, choices=SentenceKind.choices, blank=True, default=""
    )

    # Dates as given by the SDP export (remisi applied there); they win over the computation.
    sdp_one_third = models.DateField("tanggal 1/3 (SDP)", null=True, blank=True)
    sdp_half = models.DateField("tanggal 1/2 (SDP)", null=True, blank=True)
    sdp_two_thirds = models.DateField("tanggal 2/3 (SDP)", null=True, blank=True)
    sdp_expiry = models.DateField("tanggal ekspirasi (SDP)", null=True, blank=True)

    # The effective stage dates (SDP dates, else computed from the sentence), kept by the
    # service layer so that the register can filter by class in the database.
    stage_one_third = models.DateField("tanggal 1/3", null=True, blank=True, editable=False)
    stage_half = models.DateField("tanggal 1/2", null=True, blank=True, editable=False)
    stage_two_thirds = models.DateField("tanggal 2/3", null=True, blank=True, editable=False)
    expiry_date = models.DateField("tanggal bebas", null=True, blank=True, editable=False)

    device_pin = models.CharField(
        "PIN mesin sidik jari",
        max_length=24,
        null=True,
        blank=True,
        unique=True,
        help_text="User ID yang terdaftar pada mesin sidik jari.",
    )

    stage_override = models.CharField(
        "tahap (keputusan sidang TPP)", max_length=20, choices=STAGE_CHOICES, blank=True
    )
    override_decision_number = models.CharField("nomor keputusan TPP", max_length=80, blank=True)
    override_decision_date = models.DateField("tanggal keputusan TPP", null=True, blank=True)

    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    updated_at = models.DateTimeField("diubah", auto_now=True)

    history = HistoricalRecords()
    objects = InmateQuerySet.as_manager()

    class Meta:
        verbose_name = "WBP"
        verbose_name_plural = "register WBP"
        ordering = ["name", "registration_number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(legal_status__in=LegalStatus.values), name="inmate_legal_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values), name="inmate_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(stage_override="")
                | (Q(legal_status=LegalStatus.NARAPIDANA) & ~Q(override_decision_number="")),
                name="inmate_override_needs_tpp_decision",
            ),
            models.CheckConstraint(condition=~Q(device_pin=""), name="inmate_device_pin_not_blank"),
            models.CheckConstraint(
                condition=Q(sentence_kind="")
                | Q(
                    sentence_years__isnull=True,
                    sentence_months__isnull=True,
                    sentence_days__isnull=True,
                ),
                name="inmate_life_or_death_sentence_has_no_duration",
            ),
        ]
        indexes = [
            # In the participation report's order (block, cell, name; the id is the table's
            # own key), so that a page reads its rows in order instead of sorting a cell.
            models.Index(fields=["block", "cell", "name"], name="inmate_block_cell_name"),
            models.Index(fields=["block_sort_key", "cell_sort_key"], name="inmate_cell_order"),
        ]
        permissions = [
            ("import_inmate", "Dapat mengimpor dan mengekspor register WBP (SDP)"),
            ("override_stage", "Dapat mencatat tahap pembinaan hasil sidang TPP"),
            ("change_device_pin", "Dapat mengubah PIN mesin sidik jari WBP"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.registration_number})"


class SdpImport(models.Model):
    """One committed import of an SDP export: who, when, what it did."""

    filename = models.CharField("nama berkas", max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diimpor oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField("waktu impor", auto_now_add=True)
    row_count = models.PositiveIntegerField("jumlah baris", default=0)
    created_count = models.PositiveIntegerField("baru", default=0)
    updated_count = models.PositiveIntegerField("diperbarui", default=0)
    unchanged_count = models.PositiveIntegerField("tidak berubah", default=0)
    missing_count = models.PositiveIntegerField("tidak ada di berkas", default=0)

    class Meta:
        verbose_name = "impor SDP"
        verbose_name_plural = "impor SDP"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.imported_at:%d-%m-%Y %H:%M})"
