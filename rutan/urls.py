from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from rutan import views
from rutan.forms import LoginForm

admin.site.site_header = "Administrasi Pembinaan Kesenian"
admin.site.site_title = "Admin Pembinaan Kesenian"
admin.site.index_title = "Perbaikan data"

urlpatterns = [
    path("", views.home, name="home"),
    path("dasbor/", views.dashboard, name="dashboard"),
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("laporan/", views.report_index, name="report_index"),
    path("laporan/panel/sekilas/", views.report_glance_panel, name="report_glance_panel"),
    path("laporan/panel/pengaduan/", views.report_complaint_charts, name="report_complaint_charts"),
    path("laporan/program-bulanan/", views.report_monthly_programs, name="report_monthly_programs"),
    path("laporan/absensi-harian/", views.report_daily_attendance, name="report_daily_attendance"),
    path("laporan/rekap-absensi/", views.report_attendance_recap, name="report_attendance_recap"),
    path("laporan/partisipasi-wbp/", views.report_participation, name="report_participation"),
    path(
        "laporan/wbp/<int:pk>/riwayat/", views.report_inmate_activity, name="report_inmate_activity"
    ),
    path("admin/", admin.site.urls),
    path("captcha/", include("captcha.urls")),
    path("pembinaan/", include("pembinaan.urls")),
    path("absensi/", include("absensi.urls")),
    path("pengaduan/", include("pengaduan.urls")),
]

handler403 = "rutan.errors.permission_denied"
handler404 = "rutan.errors.page_not_found"
handler500 = "rutan.errors.server_error"
