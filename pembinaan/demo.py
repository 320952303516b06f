"""Demo data of the pembinaan app, for `python manage.py seed_demo` (idempotent).

The register: about 150 inmates with plausible names, blocks and cells, tahanan and narapidana of
every register, and every class on the day it runs (detention dates are set relative to today,
so the classes hold whenever the demo is loaded). A few have SDP dates, a TPP stage, incomplete
sentence data or a status other than AKTIF. Re-running updates the same inmates (keyed by
registration number) and writes history only for what changed.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from pembinaan.models import Inmate
from pembinaan.services import apply_stage_dates
from pembinaan.stages import add_calendar

MEN = [
    "Agus", "Bambang", "Budi", "Dedi", "Eko", "Fajar", "Gunawan", "Hadi", "Imam", "Joko",
    "Kurniawan", "Lukman", "Muhammad", "Nur", "Purnomo", "Rudi", "Slamet", "Sugeng", "Teguh",
    "Wahyu", "Yusuf", "Zainal", "Ahmad", "Bayu", "Dimas", "Edi", "Hendra", "Irfan", "Rizky",
]  # fmt: skip
WOMEN = ["Sri", "Siti", "Dewi", "Wulan", "Rina", "Yuli", "Endang", "Suparmi", "Lestari"]
LAST_NAMES = [
    "Santoso", "Wibowo", "Saputra", "Prasetyo", "Susilo", "Hidayat", "Nugroho", "Setiawan",
    "Kusuma", "Wijaya", "Pratama", "Hartono", "Suryanto", "Purwanto", "Firmansyah", "Maulana",
    "Ramadhan", "Utomo", "Riyadi", "Sulistyo", "Handoko", "Mulyono", "Haryanto", "Widodo",
]  # fmt: skip
BLOCKS = {"A": 12, "B": 12, "C": 10, "D": 8, "W": 4}  # block -> cells; W is the women's block
TAHANAN_REGISTERS = ["A.I", "A.II", "A.II", "A.III", "A.IV", "A.V"]
# Narapidana: register and its sentence range in days (Kepdirjen PAS-170.PK.01.01.02/2015).
NARAPIDANA_REGISTERS = [
    ("B.I", 400, 3650),  # more than 1 year
    ("B.I", 400, 2200),
    ("B.IIa", 100, 365),  # more than 3 months to 1 year
    ("B.IIb", 30, 90),  # up to 3 months
    ("B.III", 30, 180),  # kurungan / fine substitute
]
# Where "today" falls in the effective sentence for each class.
CLASS_FRACTIONS = {
    "awal": (0.05, 0.30),
    "lanjutan_pertama": (0.36, 0.47),
    "lanjutan_kedua": (0.53, 0.63),
    "akhir": (0.70, 0.95),
}
TAHANAN_COUNT = 45
NARAPIDANA_PER_CLASS = 24
INCOMPLETE_COUNT = 6  # narapidana without sentence data: "data belum lengkap"


def _sentence(days: int) -> tuple[int, int, int]:
    years, rest = divmod(days, 365)
    months, days = divmod(rest, 30)
    return years, months, days


def inmate_rows(today: date) -> list[dict]:
    """The demo register as Inmate field values, the same on every run of the same day."""
    rng = random.Random(2026)
    rows: list[dict] = []
    serial = {"A": 0, "B": 0}

    def person(women: bool = False) -> dict:
        first = rng.choice(WOMEN if women else MEN)
        block = "W" if women else rng.choice([b for b in BLOCKS if b != "W"])
        return {
            "name": f"{first} {rng.choice(LAST_NAMES)}",
            "block": block,
            "cell": str(rng.randint(1, BLOCKS[block])),
        }

    def number(letter: str, register: str, year: int) -> str:
        serial[letter] += 1
        return f"{register} {serial[letter]}/{year}"

    for n in range(TAHANAN_COUNT):
        detention = today - timedelta(days=rng.randint(3, 110))
        rows.append(
            {
                **person(women=n % 9 == 0),
                "registration_number": number("A", rng.choice(TAHANAN_REGISTERS), detention.year),
                "legal_status": "tahanan",
                "detention_date": detention,
            }
        )
    for low, high in CLASS_FRACTIONS.values():
        for n in range(NARAPIDANA_PER_CLASS):
            register, shortest, longest = rng.choice(NARAPIDANA_REGISTERS)
            years, months, days = _sentence(rng.randint(shortest, longest))
            remisi = rng.choice([0, 0, 15, 30, 60]) if years else 0
            # Place today at a fraction of the effective sentence that falls in `klass`.
            probe = date(2000, 1, 1)
            length = (
                add_calendar(probe, years=years, months=months, days=days) - probe
            ).days - remisi
            detention = today - timedelta(days=int(length * rng.uniform(low, high)))
            row = {
                **person(women=n % 8 == 0),
                "registration_number": number("B", register, detention.year),
                "legal_status": "narapidana",
                "detention_date": detention,
                "sentence_years": years,
                "sentence_months": months,
                "sentence_days": days,
                "remisi_days": remisi,
            }
            if n == 0:  # one per class with dates taken from SDP, recomputed here
                row["sdp_expiry"] = add_calendar(
                    detention, years=years, months=months, days=days
                ) - timedelta(days=remisi)
            rows.append(row)
    for n in range(INCOMPLETE_COUNT):
        rows.append(
            {
                **person(),
                "registration_number": number("B", "B.I", today.year),
                "legal_status": "narapidana",
                "detention_date": today - timedelta(days=rng.randint(10, 60)) if n % 2 else None,
            }
        )
    # A TPP decision, and statuses other than AKTIF.
    rows[TAHANAN_COUNT + 3].update(
        stage_override="lanjutan_kedua",
        override_decision_number="W15.PAS.PAS.12-PK.01.04-001",
        override_decision_date=today - timedelta(days=20),
    )
    for index, status in [(2, "BON"), (7, "SAKIT"), (60, "PINDAH"), (90, "BEBAS")]:
        rows[index]["status"] = status
    for index, row in enumerate(rows):
        row.setdefault("status", "AKTIF")
        row["device_pin"] = str(1001 + index) if row["status"] == "AKTIF" else None
    return rows


def load(**_kwargs) -> str:
    """Create or update the demo register; returns a one-line summary."""
    today = timezone.localdate()
    existing = {i.registration_number: i for i in Inmate.objects.all()}
    created = updated = 0
    for row in inmate_rows(today):
        inmate = existing.get(row["registration_number"]) or Inmate()
        before = {f: getattr(inmate, f) for f in row} if inmate.pk else None
        for field, value in row.items():
            setattr(inmate, field, value)
        apply_stage_dates(inmate)
        if before is None:
            created += 1
        elif before != row:
            updated += 1
        else:
            continue
        inmate.full_clean()
        inmate._change_reason = "Data demo"
        inmate.save()
    return f"register WBP: {created} baru, {updated} diperbarui ({len(existing) + created} WBP)"
