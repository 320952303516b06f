"""The reports menu and who may use it."""

from django.urls import reverse

from rutan.reports import views


def test_reporting_roles_hold_the_report_permission(petugas, kepala, admin_user, ulp, pejabat):
    assert petugas.has_perm("rutan.view_reports")
    assert kepala.has_perm("rutan.view_reports")
    assert admin_user.has_perm("rutan.view_reports")
    assert not ulp.has_perm("rutan.view_reports")
    assert not pejabat.has_perm("rutan.view_reports")


def test_menu_links_the_reports_and_shows_in_the_navigation(kepala_client):
    content = kepala_client.get(reverse("report_index")).content.decode()

    assert reverse("report_monthly_programs") in content
    assert 'href="/laporan/"' in content  # the "Laporan" item of the main menu


def test_complaint_recap_is_linked_when_the_complaint_desk_provides_it(kepala_client, monkeypatch):
    monkeypatch.setattr(
        views,
        "COMPLAINT_REPORTS",
        {
            "home": ("Rekap pengaduan bulanan", "rutan.view_reports"),
            "pengaduan:tidak-ada": ("Tidak ada", "rutan.view_reports"),
        },
    )

    response = kepala_client.get(reverse("report_index"))

    assert response.context["complaint_reports"] == [("Rekap pengaduan bulanan", "/")]


def test_complaint_recap_needs_its_own_permission(petugas_client, monkeypatch):
    monkeypatch.setattr(
        views, "COMPLAINT_REPORTS", {"home": ("Rekap", "pengaduan.view_complaint_report")}
    )

    response = petugas_client.get(reverse("report_index"))

    assert response.context["complaint_reports"] == []
    assert '<h2 class="h5">Pengaduan</h2>' not in response.content.decode()


def test_kepala_finds_the_complaint_desk_recap_and_register(kepala_client):
    from django.urls import reverse as url

    content = kepala_client.get(url("report_index")).content.decode()

    assert url("pengaduan:recap") in content and url("pengaduan:register") in content


def test_menu_is_hidden_from_roles_without_reports(ulp_client):
    content = ulp_client.get(reverse("dashboard")).content.decode()

    assert 'href="/laporan/"' not in content
