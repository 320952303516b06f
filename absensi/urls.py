from django.urls import path

from absensi import views

app_name = "absensi"

urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("sesi/<int:pk>/", views.session_attendance, name="session_attendance"),
    path("sesi/<int:pk>/simpan/", views.session_attendance_save, name="session_attendance_save"),
    path("sesi/<int:pk>/hadir-semua/", views.session_mark_all, name="session_mark_all"),
    path("sesi/<int:pk>/tandai/", views.session_mark_selected, name="session_mark_selected"),
    path("sesi/<int:pk>/riwayat/", views.session_history, name="session_history"),
    path("mesin/", views.device_list, name="device_list"),
    path("mesin/tambah/", views.device_create, name="device_create"),
    path("mesin/<int:pk>/", views.device_detail, name="device_detail"),
    path("mesin/<int:pk>/ubah/", views.device_edit, name="device_edit"),
    path("mesin/<int:pk>/sinkronkan/", views.device_sync, name="device_sync"),
    path("mesin/<int:pk>/hapus-log/", views.device_clear_confirm, name="device_clear_confirm"),
    path("mesin/<int:pk>/hapus-log/kirim/", views.device_clear_log, name="device_clear_log"),
    path("sinkronisasi/<int:pk>/", views.sync_run_status, name="sync_run_status"),
    path("pin-tak-dikenal/", views.unknown_pins, name="unknown_pins"),
    path("pin-tak-dikenal/petakan/", views.map_pin, name="map_pin"),
    path("karantina/", views.quarantine, name="quarantine"),
    path("ekspor/", views.attendance_export, name="attendance_export"),
]
