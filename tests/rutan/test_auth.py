import pytest
from django.urls import reverse

from tests.conftest import PASSWORD


def test_login_page_is_indonesian(anon_client):
    response = anon_client.get(reverse("login"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nama pengguna" in content and "Kata sandi" in content


@pytest.mark.parametrize("persona", ["petugas", "kepala", "ulp", "pejabat", "admin_user"])
def test_each_role_logs_in_and_lands_on_dashboard(persona, request, anon_client):
    user = request.getfixturevalue(persona)
    response = anon_client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert response.context["user"] == user


def test_wrong_password_gives_indonesian_error(anon_client, petugas):
    response = anon_client.post(reverse("login"), {"username": "petugas", "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah." in response.content.decode()


def test_failed_logins_are_throttled(anon_client, petugas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        anon_client.post(reverse("login"), {"username": "petugas", "password": "salah"})
    # Even the right password is refused while locked out.
    response = anon_client.post(reverse("login"), {"username": "petugas", "password": PASSWORD})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.content.decode()


def test_logout_is_post_only(petugas_client):
    assert petugas_client.get(reverse("logout")).status_code == 405
    response = petugas_client.post(reverse("logout"))
    assert response.status_code == 302
    assert petugas_client.get(reverse("dashboard")).status_code == 302
