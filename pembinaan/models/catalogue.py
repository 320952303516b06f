"""Catalogues the admin edits: art forms, venues, partners (mitra)."""

from django.db import models
from simple_history.models import HistoricalRecords


class ArtForm(models.Model):
    """An art form of the catalogue (karawitan, hadroh, …), edited by the admin."""

    name = models.CharField("nama", max_length=80, unique=True)
    code = models.SlugField("kode", max_length=40, unique=True)
    is_active = models.BooleanField("aktif", default=True)
    sort_order = models.PositiveSmallIntegerField("urutan", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "cabang seni"
        verbose_name_plural = "cabang seni"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Venue(models.Model):
    """A room or place where sessions are held (aula, ruang musik, masjid, …)."""

    name = models.CharField("nama tempat", max_length=80, unique=True)
    description = models.CharField("keterangan", max_length=200, blank=True)
    is_active = models.BooleanField("aktif", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "tempat kegiatan"
        verbose_name_plural = "tempat kegiatan"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Partner(models.Model):
    """An outside partner (mitra): a person and their organisation (pesantren, sanggar, …)."""

    person_name = models.CharField("nama pelatih/narasumber", max_length=120)
    organisation = models.CharField("lembaga/organisasi", max_length=150, blank=True)
    phone = models.CharField("telepon", max_length=40, blank=True)
    notes = models.TextField("catatan", blank=True)
    is_active = models.BooleanField("aktif", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "mitra"
        verbose_name_plural = "mitra"
        ordering = ["person_name", "organisation"]

    def __str__(self) -> str:
        return (
            f"{self.person_name} ({self.organisation})" if self.organisation else self.person_name
        )
