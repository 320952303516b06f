from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from rutan import health, views
from rutan.forms import LoginForm

admin.site.site_header = "Administrasi Pembinaan Kesenian"
admin.site.site_title = "Admin Pembinaan Kesenian"
admin.site.index_title = "Perbaikan data"

urlpatterns = [
    path("", views.home, name="home"),
    path("standar-pelayanan/cetak/", views.standard_print, name="standard_print"),
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("dasbor/", views.dashboard, name="dashboard"),
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("tugas/<uuid:pk>/", views.job_detail, name="job_detail"),
    path("tugas/<uuid:pk>/unduh/", views.job_download, name="job_download"),
    path("laporan/", include("rutan.reports.urls")),
    path("admin/", admin.site.urls),
    # Before captcha.urls, so that the refresh view is the rate-limited one.
    path("captcha/refresh/", views.captcha_refresh, name="captcha-refresh"),
    path("captcha/", include("captcha.urls")),
    path("pembinaan/", include("pembinaan.urls")),
    path("absensi/", include("absensi.urls")),
    path("pengaduan/", include("pengaduan.urls")),
    path("survei/", include("pengaduan.survey_urls")),
]

handler400 = "rutan.errors.bad_request"
handler403 = "rutan.errors.permission_denied"
handler404 = "rutan.errors.page_not_found"
handler500 = "rutan.errors.server_error"
