from django.urls import path

from pembinaan.views import certificates, participants, plans, programs, register, sessions

app_name = "pembinaan"

urlpatterns: list = []

# --- Programs, work plans, sessions, participants and results ----------------------
urlpatterns += [
    path("program/", programs.program_list, name="program_list"),
    path("program/baru/", programs.program_create, name="program_create"),
    path("program/<int:pk>/", programs.program_detail, name="program_detail"),
    path("program/<int:pk>/ubah/", programs.program_update, name="program_update"),
    path(
        "program/<int:pk>/peserta/", participants.program_participants, name="program_participants"
    ),
    path(
        "program/<int:pk>/peserta/tambah/", participants.program_allocate, name="program_allocate"
    ),
    path("program/<int:pk>/rencana-kerja/baru/", plans.plan_create, name="plan_create"),
    path("peserta/<int:pk>/akhiri/", participants.allocation_end, name="allocation_end"),
    path(
        "peserta/<int:pk>/tangguhkan/",
        participants.allocation_suspend,
        name="allocation_suspend",
    ),
    path("peserta/<int:pk>/tetap-ikut/", participants.allocation_keep, name="allocation_keep"),
    path("penangguhan/<int:pk>/cabut/", participants.suspension_lift, name="suspension_lift"),
    path(
        "peserta/<int:pk>/surat-keterangan/",
        certificates.certificate_check,
        name="certificate_check",
    ),
    path(
        "peserta/<int:pk>/surat-keterangan/terbitkan/",
        certificates.certificate_issue,
        name="certificate_issue",
    ),
    path("surat-keterangan/<int:pk>/", certificates.certificate_print, name="certificate_print"),
    path("mitra/", programs.partner_list, name="partner_list"),
    path("mitra/baru/", programs.partner_create, name="partner_create"),
    path("mitra/<int:pk>/ubah/", programs.partner_update, name="partner_update"),
    path("rencana-kerja/", plans.plan_list, name="plan_list"),
    path("rencana-kerja/kotak-masuk/", plans.plan_inbox, name="plan_inbox"),
    path("rencana-kerja/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("rencana-kerja/<int:pk>/ubah/", plans.plan_update, name="plan_update"),
    path("rencana-kerja/<int:pk>/ajukan/", plans.plan_submit, name="plan_submit"),
    path("rencana-kerja/<int:pk>/revisi/", plans.plan_revise, name="plan_revise"),
    path("rencana-kerja/<int:pk>/setujui/", plans.plan_approve, name="plan_approve"),
    path("rencana-kerja/<int:pk>/kembalikan/", plans.plan_return, name="plan_return"),
    path("rencana-kerja/<int:pk>/tolak/", plans.plan_reject, name="plan_reject"),
    path("rencana-kerja/<int:pk>/cetak/", plans.plan_print, name="plan_print"),
    path("sesi/", sessions.session_list, name="session_list"),
    path("sesi/daftar-panggil/", sessions.day_callout, name="day_callout"),
    path("sesi/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("sesi/<int:pk>/mulai/", sessions.session_start, name="session_start"),
    path("sesi/<int:pk>/selesai/", sessions.session_finish, name="session_finish"),
    path("sesi/<int:pk>/batalkan/", sessions.session_cancel, name="session_cancel"),
    path("sesi/<int:pk>/pulihkan/", sessions.session_uncancel, name="session_uncancel"),
    path("sesi/<int:pk>/waktu/", sessions.session_times, name="session_times"),
    path("sesi/<int:pk>/daftar-panggil/", sessions.session_callout, name="session_callout"),
    path("sesi/<int:pk>/hasil/", sessions.session_results, name="session_results"),
    path("sesi/<int:pk>/foto/", sessions.session_photo_upload, name="session_photo_upload"),
    path("foto/<int:pk>/", sessions.session_photo, name="session_photo"),
    path("foto/<int:pk>/hapus/", sessions.session_photo_delete, name="session_photo_delete"),
]

# --- Register WBP -------------------------------------------------------------------
urlpatterns += [
    path("wbp/", register.inmate_list, name="inmate_list"),
    path("wbp/angka/", register.register_figures_panel, name="register_panel"),
    path("wbp/<int:pk>/", register.inmate_detail, name="inmate_detail"),
    path("wbp/<int:pk>/tahap/", register.inmate_stage, name="inmate_stage"),
    path("wbp/<int:pk>/pin-mesin/", register.inmate_device_pin, name="inmate_device_pin"),
    path("wbp/impor/", register.inmate_import, name="inmate_import"),
    path(
        "wbp/impor/<uuid:token>/simpan/", register.inmate_import_commit, name="inmate_import_commit"
    ),
    path("wbp/ekspor/", register.inmate_export, name="inmate_export"),
]
