from tests.matrix import STAFF_PERSONAS, Url

# Reports (rutan.view_reports): petugas pembinaan, Kepala UPT, admin.
REPORT_ROLES = {"petugas", "kepala", "admin_user"}


def objects() -> dict:
    from tests.pembinaan import planning_factories as f

    return {"inmate": f.inmate()}


URLS = [
    Url("home", public=True),
    # For the monitor: no login (rutan/health.py); the icon redirects to its static file.
    Url("healthz", public=True),
    Url("favicon", public=True, status=301),
    # A logged-in user is sent on to the dashboard.
    Url("login", public=True, status_for={p: 302 for p in STAFF_PERSONAS}),
    Url("dashboard", roles=STAFF_PERSONAS),
    Url("logout", public=True, method="POST"),
    Url("report_index", roles=REPORT_ROLES),
    Url("report_glance_panel", roles=REPORT_ROLES),
    # Charts of the complaint desk: pengaduan.view_complaint_report (not the petugas pembinaan).
    Url("report_complaint_charts", roles={"ulp", "pejabat", "kepala", "admin_user"}),
    Url("report_monthly_programs", roles=REPORT_ROLES, query="bulan=2026-03"),
    Url("report_daily_attendance", roles=REPORT_ROLES, query="tanggal=2026-03-09"),
    Url("report_attendance_recap", roles=REPORT_ROLES, query="bulan=2026-03"),
    Url("report_participation", roles=REPORT_ROLES, query="bulan=2026-03&format=xlsx"),
    # The inmate page's activity history: whoever may see the register (pembinaan.view_inmate).
    Url(
        "report_inmate_activity",
        roles={"petugas", "kepala", "admin_user"},
        kwargs=lambda o: {"pk": o["inmate"].pk},
    ),
]
