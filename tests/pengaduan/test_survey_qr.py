"""The survey's QR code (/survei/qr.svg): segno's encoding of the public address taken from
PENGADUAN_SITE_URL (never the request's Host), cached, without a query; shown on the one-page
print of the standard and on the venue's poster (/survei/poster/)."""

import io

import pytest
import segno
from django.urls import reverse

from pengaduan.views.survey import QR_MAX_AGE
from rutan.models import UnitProfile
from tests.csp import assert_csp

SITE = "https://pembinaan.rutanmagetan.example"
SURVEY_URL = f"{SITE}/survei/"
QR = reverse("survei:qr")
POSTER = reverse("survei:poster")
IMG = f'<img src="{QR}"'


@pytest.fixture(autouse=True)
def _site(settings):
    settings.PENGADUAN_SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["testserver", "proxy.lain.example"]


def segno_svg(url: str) -> bytes:
    """segno's own SVG of `url`, with the parameters pengaduan/survey_qr.py uses."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        out,
        kind="svg",
        scale=4,
        border=4,
        light="#fff",
        xmldecl=False,
        title="Kode QR Survei Kepuasan Masyarakat",
    )
    return out.getvalue()


def test_the_svg_is_segnos_encoding_of_the_public_survey_address(anon_client):
    response = anon_client.get(QR)
    assert response.status_code == 200
    assert response.content == segno_svg(SURVEY_URL)
    assert response.content.startswith(b"<svg")
    assert b"<script" not in response.content


def test_the_svg_is_served_as_an_image_and_cached_publicly(anon_client):
    response = anon_client.get(QR)
    assert response["Content-Type"] == "image/svg+xml"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"public", f"max-age={QR_MAX_AGE}"}
    assert QR_MAX_AGE == 24 * 3600
    assert "Set-Cookie" not in response
    assert_csp(response)  # an SVG opened on its own still may run no script


def test_the_svg_runs_no_query(anon_client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = anon_client.get(QR)
    assert response.status_code == 200


def test_the_address_ignores_the_request_host(anon_client):
    response = anon_client.get(QR, HTTP_HOST="proxy.lain.example")
    assert response.content == segno_svg(SURVEY_URL)
    assert response.content != segno_svg("http://proxy.lain.example/survei/")
    poster = anon_client.get(POSTER, HTTP_HOST="proxy.lain.example").content.decode()
    assert f'<strong data-testid="skm-poster-url">{SURVEY_URL}</strong>' in poster
    printed = anon_client.get(reverse("standard_print"), HTTP_HOST="proxy.lain.example")
    assert SURVEY_URL in printed.content.decode()
    assert "proxy.lain.example" not in printed.content.decode()


def test_a_changed_site_address_changes_the_code(anon_client, settings):
    settings.PENGADUAN_SITE_URL = "https://skm.example.go.id"
    response = anon_client.get(QR)
    assert response.content == segno_svg("https://skm.example.go.id/survei/")


def test_the_svg_accepts_only_reading(anon_client):
    assert anon_client.head(QR).status_code == 200
    assert anon_client.post(QR).status_code == 405


def test_the_printed_standard_carries_the_code_and_the_address(anon_client):
    page = anon_client.get(reverse("standard_print")).content.decode()
    assert IMG in page
    assert 'alt="Kode QR Survei Kepuasan Masyarakat: pindai dengan kamera ponsel' in page
    assert f"atau buka <strong>{SURVEY_URL}</strong>" in page
    assert 'w-50 d-flex" data-testid="skm-qr"' in page  # shown on the print page, not print-only


def test_the_standard_page_prints_the_code_only_on_paper(anon_client):
    page = anon_client.get(reverse("home")).content.decode()
    assert IMG in page
    assert 'd-none d-print-flex" data-testid="skm-qr"' in page


def test_the_index_fragment_does_not_repeat_the_address(anon_client):
    fragment = anon_client.get(reverse("survei:index"), HTTP_HX_REQUEST="true").content.decode()
    assert SURVEY_URL not in fragment  # the block around it (_skm_index.html) prints it once
    assert IMG in anon_client.get(reverse("survei:index")).content.decode()  # the full page


def test_the_poster_is_public_with_the_code_the_unit_and_the_address(anon_client):
    unit = UnitProfile.load()
    unit.name = "Rumah Tahanan Negara Kelas IIB Contoh"
    unit.save()
    response = anon_client.get(POSTER)
    assert response.status_code == 200
    assert_csp(response)
    page = response.content.decode()
    assert IMG in page
    assert 'alt="Kode QR Survei Kepuasan Masyarakat' in page
    assert "Survei Kepuasan Masyarakat</h1>" in page and "Pindai kode ini" in page
    assert "Layanan Pembinaan Kesenian · Rumah Tahanan Negara Kelas IIB Contoh" in page
    assert f"{SURVEY_URL}</strong>" in page
    assert "css/print.css" in page and "css/skm-poster.css" in page
    assert reverse("survei:results") not in page  # the staff's link only for staff


def test_the_results_page_links_the_poster(ulp_client):
    page = ulp_client.get(reverse("survei:results")).content.decode()
    assert f'href="{POSTER}"' in page
    poster = ulp_client.get(POSTER).content.decode()
    assert f'href="{reverse("survei:results")}"' in poster
