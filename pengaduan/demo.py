"""Demo data of the complaint desk for `seed_demo`: the 2026 holiday calendar and complaints in
several states, made through the service functions (so each has a real timeline).

Idempotent: holidays are updated by date; a demo complaint is made only if no complaint with
its text exists yet.
"""

from datetime import date, timedelta

from django.utils import timezone

from pengaduan import services
from pengaduan.models import (
    Channel,
    Complaint,
    HolidayKind,
    IdentityMode,
    Referral,
    ServiceCategory,
    Status,
)
from pengaduan.models import Holiday as HolidayModel
from pengaduan.survey_demo import load_survey
from rutan import roles

# SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB No. 1497/2025, 2/2025, 5/2025.
HOLIDAYS_2026 = [
    (date(2026, 1, 1), "Tahun Baru 2026 Masehi", HolidayKind.NATIONAL),
    (date(2026, 1, 16), "Isra Mikraj Nabi Muhammad SAW", HolidayKind.NATIONAL),
    (date(2026, 2, 16), "Cuti bersama Tahun Baru Imlek", HolidayKind.CUTI_BERSAMA),
    (date(2026, 2, 17), "Tahun Baru Imlek 2577 Kongzili", HolidayKind.NATIONAL),
    (date(2026, 3, 18), "Cuti bersama Hari Suci Nyepi", HolidayKind.CUTI_BERSAMA),
    (date(2026, 3, 19), "Hari Suci Nyepi Tahun Baru Saka 1948", HolidayKind.NATIONAL),
    (date(2026, 3, 20), "Cuti bersama Idulfitri 1447 H", HolidayKind.CUTI_BERSAMA),
    (date(2026, 3, 21), "Idulfitri 1447 H", HolidayKind.NATIONAL),
    (date(2026, 3, 22), "Idulfitri 1447 H", HolidayKind.NATIONAL),
    (date(2026, 3, 23), "Cuti bersama Idulfitri 1447 H", HolidayKind.CUTI_BERSAMA),
    (date(2026, 3, 24), "Cuti bersama Idulfitri 1447 H", HolidayKind.CUTI_BERSAMA),
    (date(2026, 4, 3), "Wafat Yesus Kristus", HolidayKind.NATIONAL),
    (date(2026, 4, 5), "Kebangkitan Yesus Kristus (Paskah)", HolidayKind.NATIONAL),
    (date(2026, 5, 1), "Hari Buruh Internasional", HolidayKind.NATIONAL),
    (date(2026, 5, 14), "Kenaikan Yesus Kristus", HolidayKind.NATIONAL),
    (date(2026, 5, 15), "Cuti bersama Kenaikan Yesus Kristus", HolidayKind.CUTI_BERSAMA),
    (date(2026, 5, 27), "Iduladha 1447 H", HolidayKind.NATIONAL),
    (date(2026, 5, 28), "Cuti bersama Iduladha 1447 H", HolidayKind.CUTI_BERSAMA),
    (date(2026, 5, 31), "Hari Raya Waisak 2570 BE", HolidayKind.NATIONAL),
    (date(2026, 6, 1), "Hari Lahir Pancasila", HolidayKind.NATIONAL),
    (date(2026, 6, 16), "Tahun Baru Islam 1448 H", HolidayKind.NATIONAL),
    (date(2026, 8, 17), "Hari Kemerdekaan Republik Indonesia", HolidayKind.NATIONAL),
    (date(2026, 8, 25), "Maulid Nabi Muhammad SAW", HolidayKind.NATIONAL),
    (date(2026, 12, 24), "Cuti bersama Hari Raya Natal", HolidayKind.CUTI_BERSAMA),
    (date(2026, 12, 25), "Hari Raya Natal", HolidayKind.NATIONAL),
]

# (text, channel, handle, identity, name, email, phone, days ago, steps to take)
DEMO = [
    (
        "Jadwal latihan karawitan hari Rabu dua kali dibatalkan tanpa pemberitahuan kepada "
        "keluarga yang sudah datang untuk melihat pentas.",
        Channel.WEBSITE,
        "",
        IdentityMode.IDENTIFIED,
        "Sri Wahyuni",
        "sri.w@example.com",
        "081234500001",
        9,
        [],
    ),
    (
        "Anak saya mengatakan alat musik hadroh yang rusak belum diganti sejak bulan lalu.",
        Channel.WHATSAPP,
        "081234500002",
        IdentityMode.RAHASIA,
        "Slamet Riyadi",
        "",
        "081234500002",
        2,
        ["completion"],
    ),
    (
        "Petugas pendamping latihan tari tidak hadir, sehingga kegiatan diganti kerja bakti.",
        Channel.EMAIL,
        "pelapor.tari@example.com",
        IdentityMode.IDENTIFIED,
        "Dwi Astuti",
        "pelapor.tari@example.com",
        "",
        3,
        ["verify"],
    ),
    (
        "Ada pungutan untuk membeli senar gitar kegiatan band padahal layanan tidak dipungut "
        "biaya.",
        Channel.INSTAGRAM,
        "@warga.magetan",
        IdentityMode.RAHASIA,
        "Budi Santoso",
        "",
        "",
        4,
        ["verify", "recommend"],
    ),
    (
        "Ruang latihan teater sangat panas dan tidak ada air minum selama kegiatan.",
        Channel.FACEBOOK,
        "Rina Kusuma",
        IdentityMode.IDENTIFIED,
        "Rina Kusuma",
        "",
        "",
        6,
        ["verify", "recommend", "direct"],
    ),
    (
        "Hasil lukisan warga binaan yang dipamerkan tidak dikembalikan kepada pembuatnya.",
        Channel.POS,
        "",
        IdentityMode.IDENTIFIED,
        "Agus Prasetyo",
        "",
        "081234500006",
        7,
        ["verify", "recommend", "direct", "draft"],
    ),
    (
        "Informasi jadwal kegiatan kesenian di papan pengumuman sudah kedaluwarsa.",
        Channel.WEBSITE,
        "",
        IdentityMode.ANONIM,
        "",
        "",
        "",
        8,
        ["verify", "recommend", "direct", "draft", "publish"],
    ),
    (
        "Keluhan tentang antrean layanan kunjungan di akhir pekan.",
        Channel.TWITTER,
        "@pengunjung_mgt",
        IdentityMode.IDENTIFIED,
        "Hari Purnomo",
        "",
        "",
        5,
        ["refer"],
    ),
]


def load_holidays() -> int:
    for day, name, kind in HOLIDAYS_2026:
        HolidayModel.objects.update_or_create(date=day, defaults={"name": name, "kind": kind})
    return len(HOLIDAYS_2026)


def _walk(complaint: Complaint, steps: list[str], users: dict) -> Complaint:
    ulp, head = users[roles.PETUGAS_PENGADUAN], users[roles.KEPALA_UPT]
    official = users[roles.PEJABAT_PELAYANAN]
    for step in steps:
        if step == "completion":
            complaint = services.request_completion(
                complaint=complaint, by=ulp, message="Sebutkan tanggal dan nama kegiatannya."
            )
        elif step == "verify":
            complaint = services.verify_complaint(complaint=complaint, by=ulp)
        elif step == "recommend":
            complaint = services.submit_recommendation(
                complaint=complaint,
                by=ulp,
                review="Pengaduan berkaitan dengan pelaksanaan kegiatan pembinaan kesenian.",
                recommendation="Mohon arahan agar pejabat terkait memeriksa dan memperbaiki.",
            )
        elif step == "direct":
            complaint = services.give_direction(
                complaint=complaint,
                by=head,
                official=official,
                direction="Periksa kejadiannya, lakukan perbaikan dan sampaikan klarifikasi.",
            )
        elif step == "draft":
            complaint = services.submit_draft_reply(
                complaint=complaint,
                by=official,
                correction="Sudah dilakukan pemeriksaan dan perbaikan.",
                draft="Terima kasih atas pengaduan Anda. Kami telah memeriksa dan memperbaikinya.",
            )
        elif step == "publish":
            complaint = services.publish_reply(
                complaint=complaint,
                by=ulp,
                text="Terima kasih atas pengaduan Anda. Papan pengumuman telah diperbarui dan "
                "jadwal kegiatan kini juga diumumkan melalui pos layanan.",
            )
        elif step == "refer":
            complaint = services.refer_complaint(
                complaint=complaint,
                by=ulp,
                destination=Referral.KANWIL,
                reason="Bukan layanan pembinaan kesenian; diteruskan ke pihak yang berwenang.",
            )
    return complaint


def load(*, users: dict) -> str:
    holidays = load_holidays()
    service = ServiceCategory.objects.filter(active=True).order_by("order").first()
    ulp = users[roles.PETUGAS_PENGADUAN]
    made = []
    for text, channel, handle, identity, name, email, phone, days_ago, steps in DEMO:
        if Complaint.objects.filter(description=text).exists():
            continue
        intake = services.Intake(
            identity_mode=identity,
            service=service,
            description=text,
            expected_outcome="Mohon ditindaklanjuti dan diperbaiki.",
            reporter_name=name,
            reporter_email=email,
            reporter_phone=phone,
            channel_handle=handle,
        )
        received_at = timezone.now() - timedelta(days=days_ago)
        complaint, code = services.log_complaint(
            intake=intake, channel=channel, received_at=received_at, by=ulp
        )
        complaint = _walk(complaint, steps, users)
        if complaint.status == Status.DITELAAH:
            services.add_internal_note(
                complaint=complaint, by=ulp, text="Sudah dikonfirmasi via telepon ke Kasubsi."
            )
        made.append(f"{complaint.number} (kode {code})")
    summary = f"{holidays} hari libur 2026, {Complaint.objects.count()} pengaduan"
    summary += f", {load_survey()}"
    if made:
        summary += "; baru: " + ", ".join(made)
    return summary
