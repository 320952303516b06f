from tests.matrix import STAFF_PERSONAS, Url

# Reports (rutan.view_reports): petugas pembinaan, Kepala UPT, admin.
REPORT_ROLES = {"petugas", "kepala", "admin_user"}


def objects() -> dict:
    from rutan.models import Job, User
    from tests.pembinaan import planning_factories as f

    owner = User.objects.create(username="pemilik-tugas")
    job = Job.objects.create(owner=owner, kind="pembinaan.register_export", title="Ekspor")
    return {"inmate": f.inmate(), "job": job}


# A job is its owner's (here: none of the personas) and the admins'; the others get 404.
NOT_OWNERS = {p: 404 for p in STAFF_PERSONAS - {"admin_user"}}


URLS = [
    Url("home", public=True),
    Url("standard_print", public=True),
    # For the monitor: no login (rutan/health.py); the icon redirects to its static file.
    Url("healthz", public=True),
    Url("favicon", public=True, status=301),
    # A logged-in user is sent on to the dashboard.
    Url("login", public=True, status_for={p: 302 for p in STAFF_PERSONAS}),
    Url("dashboard", roles=STAFF_PERSONAS),
    Url("logout", public=True, method="POST"),
    Url(
        "job_detail",
        roles=STAFF_PERSONAS,
        kwargs=lambda o: {"pk": o["job"].pk},
        status_for=NOT_OWNERS,
    ),
    # No file yet (the job is queued): 404 for everyone.
    Url("job_download", roles=STAFF_PERSONAS, kwargs=lambda o: {"pk": o["job"].pk}, status=404),
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
