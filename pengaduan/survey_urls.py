"""URLs of the satisfaction survey (SKM), mounted at /survei/ by rutan/urls.py."""

from django.urls import path

from pengaduan.views import survey

app_name = "survei"

urlpatterns = [
    # Public (no login)
    path("", survey.survey, name="form"),
    path("terima-kasih/", survey.thanks, name="thanks"),
    path("kiosk/", survey.kiosk, name="kiosk"),
    path("kiosk/terima-kasih/", survey.kiosk_thanks, name="kiosk_thanks"),
    path("indeks/", survey.public_index, name="index"),
    # Staff
    path("kiosk/aktifkan/", survey.kiosk_setup, name="kiosk_setup"),
    path("hasil/", survey.results, name="results"),
    path("hasil/unduh/", survey.results_xlsx, name="results_xlsx"),
    path("hasil/terbitkan/", survey.publish, name="publish"),
]
