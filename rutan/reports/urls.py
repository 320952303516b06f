"""The reports' URLs, under /laporan/ (names without a namespace: `report_index`, ...)."""

from django.urls import path

from rutan.reports import views

urlpatterns = [
    path("", views.report_index, name="report_index"),
    path("panel/sekilas/", views.report_glance_panel, name="report_glance_panel"),
    path("panel/pengaduan/", views.report_complaint_charts, name="report_complaint_charts"),
    path("program-bulanan/", views.report_monthly_programs, name="report_monthly_programs"),
    path("absensi-harian/", views.report_daily_attendance, name="report_daily_attendance"),
    path("rekap-absensi/", views.report_attendance_recap, name="report_attendance_recap"),
    path("partisipasi-wbp/", views.report_participation, name="report_participation"),
    path("wbp/<int:pk>/riwayat/", views.report_inmate_activity, name="report_inmate_activity"),
]
