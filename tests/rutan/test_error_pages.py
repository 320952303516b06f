"""Every error a visitor can meet is the app's Indonesian page, and a 403 logs no traceback."""

import logging

from django.test import Client
from django.urls import reverse


def test_bad_request_is_indonesian(db):
    response = Client().get("/", HTTP_HOST="penyerang.example")  # not in ALLOWED_HOSTS
    assert response.status_code == 400
    content = response.content.decode()
    assert "Permintaan tidak dapat diproses" in content and "Bad Request" not in content


def test_csrf_failure_is_indonesian_not_the_technical_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    content = response.content.decode()
    assert "Formulir kedaluwarsa" in content and "CSRF" not in content


def test_method_not_allowed_is_indonesian_and_keeps_allow(petugas_client):
    response = petugas_client.get(reverse("logout"))
    assert response.status_code == 405
    assert "tidak dapat dibuka dengan cara tersebut" in response.content.decode()
    assert "POST" in response["Allow"]


def test_forbidden_is_logged_without_a_traceback(petugas_client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = petugas_client.get(reverse("pengaduan:intake"))
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records and all(r.exc_info is None for r in records)
