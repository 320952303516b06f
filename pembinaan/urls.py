from django.urls import path

from pembinaan import views

app_name = "pembinaan"

urlpatterns: list = []

# --- Programs, work plans, sessions, participants and results (issue 3) ----------------------
urlpatterns += [
    path("program/", views.program_list, name="program_list"),
    path("program/baru/", views.program_create, name="program_create"),
    path("program/<int:pk>/", views.program_detail, name="program_detail"),
    path("program/<int:pk>/ubah/", views.program_update, name="program_update"),
    path("program/<int:pk>/peserta/", views.program_participants, name="program_participants"),
    path("program/<int:pk>/peserta/tambah/", views.program_allocate, name="program_allocate"),
    path("program/<int:pk>/rencana-kerja/baru/", views.plan_create, name="plan_create"),
    path("peserta/<int:pk>/akhiri/", views.allocation_end, name="allocation_end"),
    path("mitra/", views.partner_list, name="partner_list"),
    path("mitra/baru/", views.partner_create, name="partner_create"),
    path("mitra/<int:pk>/ubah/", views.partner_update, name="partner_update"),
    path("rencana-kerja/", views.plan_list, name="plan_list"),
    path("rencana-kerja/kotak-masuk/", views.plan_inbox, name="plan_inbox"),
    path("rencana-kerja/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("rencana-kerja/<int:pk>/ubah/", views.plan_update, name="plan_update"),
    path("rencana-kerja/<int:pk>/ajukan/", views.plan_submit, name="plan_submit"),
    path("rencana-kerja/<int:pk>/revisi/", views.plan_revise, name="plan_revise"),
    path("rencana-kerja/<int:pk>/setujui/", views.plan_approve, name="plan_approve"),
    path("rencana-kerja/<int:pk>/kembalikan/", views.plan_return, name="plan_return"),
    path("rencana-kerja/<int:pk>/tolak/", views.plan_reject, name="plan_reject"),
    path("rencana-kerja/<int:pk>/cetak/", views.plan_print, name="plan_print"),
    path("sesi/", views.session_list, name="session_list"),
    path("sesi/<int:pk>/", views.session_detail, name="session_detail"),
    path("sesi/<int:pk>/mulai/", views.session_start, name="session_start"),
    path("sesi/<int:pk>/selesai/", views.session_finish, name="session_finish"),
    path("sesi/<int:pk>/batalkan/", views.session_cancel, name="session_cancel"),
    path("sesi/<int:pk>/pulihkan/", views.session_uncancel, name="session_uncancel"),
    path("sesi/<int:pk>/daftar-panggil/", views.session_callout, name="session_callout"),
    path("sesi/<int:pk>/hasil/", views.session_results, name="session_results"),
    path("sesi/<int:pk>/foto/", views.session_photo_upload, name="session_photo_upload"),
    path("foto/<int:pk>/", views.session_photo, name="session_photo"),
    path("foto/<int:pk>/hapus/", views.session_photo_delete, name="session_photo_delete"),
]

# --- Register WBP (issue 2) -------------------------------------------------------------------
urlpatterns += [
    path("wbp/", views.inmate_list, name="inmate_list"),
    path("wbp/<int:pk>/", views.inmate_detail, name="inmate_detail"),
    path("wbp/<int:pk>/tahap/", views.inmate_stage, name="inmate_stage"),
    path("wbp/impor/", views.inmate_import, name="inmate_import"),
    path("wbp/impor/<slug:token>/simpan/", views.inmate_import_commit, name="inmate_import_commit"),
    path("wbp/ekspor/", views.inmate_export, name="inmate_export"),
]
