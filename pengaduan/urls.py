from django.urls import path, re_path

from pengaduan.views import complaint, panels, public, reports, staff

app_name = "pengaduan"

NUMBER = r"(?P<number>[A-Za-z0-9-]{1,30})"

urlpatterns = [
    # Public (no login)
    path("ajukan/", public.submit, name="submit"),
    path("ajukan/terkirim/", public.submitted, name="submitted"),
    path("lacak/", public.track, name="track"),
    re_path(rf"^lacak/{NUMBER}/$", public.tracking, name="tracking"),
    re_path(rf"^lacak/{NUMBER}/lengkapi/$", public.tracking_complete, name="tracking_complete"),
    re_path(rf"^lacak/{NUMBER}/sanggah/$", public.tracking_dispute, name="tracking_dispute"),
    # Staff
    path("", staff.inbox, name="inbox"),
    path("daftar/", staff.complaint_list, name="complaint_list"),
    path("catat/", staff.intake, name="intake"),
    path("<int:pk>/", complaint.complaint_detail, name="complaint_detail"),
    path("<int:pk>/tanda-terima/", staff.receipt, name="receipt"),
    path("<int:pk>/kode-baru/", staff.reissue_code, name="reissue_code"),
    path("<int:pk>/surat-jawaban/", staff.reply_letter, name="reply_letter"),
    path("<int:pk>/gabungkan/", complaint.merge, name="merge"),
    path("<int:pk>/verifikasi/", complaint.verify, name="verify"),
    path("<int:pk>/minta-kelengkapan/", complaint.request_completion, name="request_completion"),
    path("<int:pk>/tolak/", complaint.reject, name="reject"),
    path("<int:pk>/rujuk/", complaint.refer, name="refer"),
    path("<int:pk>/rekomendasi/", complaint.recommend, name="recommend"),
    path("<int:pk>/arahan/", complaint.direct, name="direct"),
    path("<int:pk>/kembalikan-ke-ulp/", complaint.send_back, name="send_back"),
    path("<int:pk>/klarifikasi/", complaint.draft_reply, name="draft_reply"),
    path("<int:pk>/minta-pengalihan/", complaint.request_reassignment, name="request_reassignment"),
    path("<int:pk>/kembalikan-ke-pejabat/", complaint.return_draft, name="return_draft"),
    path("<int:pk>/terbitkan/", complaint.publish, name="publish"),
    path("<int:pk>/catatan-internal/", complaint.add_note, name="add_note"),
    path("lampiran/<int:pk>/", staff.attachment, name="attachment"),
    # Dashboard panels (loaded into the dashboard by htmx)
    path("panel/antrean/", panels.queue_panel_view, name="queue_panel"),
    path("panel/bulan-ini/", panels.month_panel_view, name="month_panel"),
    # Reports
    path("rekap/", reports.recap, name="recap"),
    path("rekap/unduh/", reports.recap_xlsx, name="recap_xlsx"),
    path("register/", reports.register, name="register"),
    path("register/unduh/", reports.register_xlsx, name="register_xlsx"),
]
