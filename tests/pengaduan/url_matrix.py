from rutan import roles
from tests.matrix import Url
from tests.pengaduan.factories import clean_png, make_complaint, staff

STAFF = {"ulp", "kepala", "pejabat", "admin_user"}
ULP = {"ulp", "admin_user"}
HEAD = {"kepala", "admin_user"}
OFFICIAL = {"pejabat", "admin_user"}
SURVEY = {"ulp", "kepala", "admin_user"}  # pengaduan.view_survey_results


def objects() -> dict:
    # Assigned to the "pejabat" persona so that the pejabat may see it (others: 404).
    official = staff(roles.PEJABAT_PELAYANAN, "pejabat")
    complaint = make_complaint("ditindaklanjuti", official=official, attachments=[clean_png()])
    return {"complaint": complaint, "attachment": complaint.attachments.get()}


def pk(o: dict) -> dict:
    return {"pk": o["complaint"].pk}


def number(o: dict) -> dict:
    return {"number": o["complaint"].number}


URLS = [
    # Public: no login.
    Url("pengaduan:submit", public=True),
    Url("pengaduan:submitted", public=True, status=302),  # nothing submitted in this session
    Url("pengaduan:track", public=True),
    Url("pengaduan:tracking", public=True, kwargs=number, status=302),  # number alone: no access
    Url("pengaduan:tracking_complete", public=True, kwargs=number, method="POST"),
    Url("pengaduan:tracking_dispute", public=True, kwargs=number, method="POST"),
    # Staff.
    Url("pengaduan:inbox", roles=STAFF),
    Url("pengaduan:complaint_list", roles=STAFF),
    Url("pengaduan:intake", roles=ULP),
    Url("pengaduan:complaint_detail", roles=STAFF, kwargs=pk),
    Url("pengaduan:receipt", roles=ULP, kwargs=pk),
    Url("pengaduan:reissue_code", roles=ULP, kwargs=pk, method="POST"),
    # No published reply on this complaint: the letter page is a 404 for those allowed.
    Url("pengaduan:reply_letter", roles=ULP, kwargs=pk, status=404),
    Url("pengaduan:merge", roles=ULP, kwargs=pk, method="POST"),
    Url("pengaduan:verify", roles=ULP, kwargs=pk, method="POST"),
    Url("pengaduan:request_completion", roles=ULP, kwargs=pk, method="POST"),
    Url("pengaduan:reject", roles=ULP | HEAD, kwargs=pk, method="POST"),
    Url("pengaduan:refer", roles=ULP | HEAD, kwargs=pk, method="POST"),
    Url("pengaduan:recommend", roles=ULP, kwargs=pk, method="POST"),
    Url("pengaduan:direct", roles=HEAD, kwargs=pk, method="POST"),
    Url("pengaduan:send_back", roles=HEAD, kwargs=pk, method="POST"),
    Url("pengaduan:draft_reply", roles=OFFICIAL, kwargs=pk, method="POST"),
    Url("pengaduan:request_reassignment", roles=OFFICIAL, kwargs=pk, method="POST"),
    Url("pengaduan:return_draft", roles=ULP, kwargs=pk, method="POST"),
    Url("pengaduan:publish", roles=ULP, kwargs=pk, method="POST"),
    Url("pengaduan:add_note", roles=STAFF, kwargs=pk, method="POST"),
    Url("pengaduan:attachment", roles=STAFF, kwargs=lambda o: {"pk": o["attachment"].pk}),
    # Dashboard panels (htmx).
    Url("pengaduan:queue_panel", roles=STAFF),
    Url("pengaduan:month_panel", roles=STAFF),
    # Reports.
    Url("pengaduan:recap", roles=STAFF),
    Url("pengaduan:recap_xlsx", roles=STAFF),
    Url("pengaduan:register", roles=STAFF),
    Url("pengaduan:register_xlsx", roles=STAFF),
    # Satisfaction survey (SKM): public pages, the kiosk (403 until staff activate the device).
    Url("survei:form", public=True),
    Url("survei:thanks", public=True),
    Url("survei:kiosk", public=True, status=403),
    Url("survei:kiosk_thanks", public=True),
    Url("survei:index", public=True),
    Url("survei:kiosk_setup", roles=SURVEY),
    Url("survei:results", roles=SURVEY),
    Url("survei:results_xlsx", roles=SURVEY),
    Url("survei:publish", roles=HEAD, method="POST"),
]
