"""Demo data of the complaint desk for `seed_demo`: the holiday calendar (rutan.demo) and
complaints in several states, made through the service functions (so each has a real timeline).

Idempotent: a demo complaint is made only if no complaint with
its text exists yet.
"""

from datetime import timedelta

from django.utils import timezone

from pengaduan import services
from pengaduan.models import (
    Channel,
    Complaint,
    IdentityMode,
    Referral,
    ServiceCategory,
    Status,
)
from pengaduan.survey_demo import load_survey
from rutan import roles
from rutan.demo import load_holidays

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


# A report forwarded from SP4N-LAPOR!, and a duplicate merged into the first demo complaint.
LAPOR_DEMO = (
    "Diteruskan dari SP4N-LAPOR!: keluarga tidak mendapat informasi jadwal pentas kesenian.",
    "5123456",
)
DUPLICATE_DEMO = (
    "Latihan karawitan hari Rabu dibatalkan lagi, padahal kami sudah datang dari jauh.",
    "Pokok masalah sama dengan pengaduan jadwal latihan karawitan yang sedang ditangani.",
)


def _load_desk_examples(*, service, users: dict) -> list[str]:
    ulp = users[roles.PETUGAS_PENGADUAN]
    made = []
    text, lapor_id = LAPOR_DEMO
    if not Complaint.objects.filter(description=text).exists():
        complaint, code = services.log_complaint(
            intake=services.Intake(
                identity_mode=IdentityMode.IDENTIFIED,
                service=service,
                description=text,
                reporter_name="Wahyu Hidayat",
                lapor_id=lapor_id,
            ),
            channel=Channel.LAPOR,
            received_at=timezone.now() - timedelta(days=1),
            by=ulp,
        )
        made.append(f"{complaint.number} (kode {code})")
    text, reason = DUPLICATE_DEMO
    main = Complaint.objects.filter(description=DEMO[0][0]).first()
    exists = Complaint.objects.filter(description=text).exists()
    if main is not None and main.is_open and not exists:
        complaint, code = services.log_complaint(
            intake=services.Intake(
                identity_mode=IdentityMode.IDENTIFIED,
                service=service,
                description=text,
                reporter_name="Sumarni",
                reporter_phone="081234500009",
            ),
            channel=Channel.POS,
            received_at=timezone.now() - timedelta(days=1),
            by=ulp,
        )
        services.merge_complaint(duplicate=complaint, main=main, by=ulp, reason=reason)
        made.append(f"{complaint.number} (kode {code})")
    return made


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
    made += _load_desk_examples(service=service, users=users)
    summary = f"{holidays} hari libur nasional baru, {Complaint.objects.count()} pengaduan"
    summary += f", {load_survey()}"
    if made:
        summary += "; baru: " + ", ".join(made)
    return summary
