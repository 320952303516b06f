from django.urls import reverse

from rutan.models import ServiceStandard, UnitProfile


def test_service_standard_is_public_and_from_the_seed(anon_client, db):
    content = anon_client.get(reverse("home")).content.decode()
    assert "Standar Pelayanan: Pembinaan Kesenian" in content
    assert "Petugas pembinaan membuat program pembinaan kesenian" in content
    assert "45 Menit" in content
    assert "Tidak dipungut biaya" in content
    assert "081231395151" in content  # WhatsApp complaint channel


def test_admin_edits_show_on_the_public_page(anon_client, db):
    standard = ServiceStandard.load()
    standard.completion_time = "60 Menit"
    standard.save()
    profile = UnitProfile.load()
    profile.phone = "0351-000000"
    profile.save()
    content = anon_client.get(reverse("home")).content.decode()
    assert "60 Menit" in content
    assert "0351-000000" in content


def test_unit_profile_changes_are_kept_in_history(db, admin_client_):
    profile = UnitProfile.load()
    response = admin_client_.get(reverse("admin:rutan_unitprofile_change", args=[profile.pk]))
    assert response.status_code == 200
    profile.phone = "0351-111111"
    profile.save()
    assert profile.history.first().phone == "0351-111111"


def test_non_admin_cannot_open_the_admin(petugas_client):
    response = petugas_client.get(reverse("admin:index"))
    assert response.status_code == 302
