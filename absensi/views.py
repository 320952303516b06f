"""Views of the absensi app: thin function views that check a named permission."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from absensi import jobs as ajobs
from absensi import services
from absensi.forms import (
    NOTE_FIELD,
    STATUS_FIELD,
    SUB_CHOICES,
    SUB_FIELD,
    AttendanceExportForm,
    AttendanceGridForm,
    DeviceForm,
    MapPinForm,
    MarkSelectedForm,
)
from absensi.models import (
    ABSENCE_STATUSES,
    ADVANCE_STATUSES,
    Attendance,
    AttendanceStatus,
    DeviceEnrollment,
    FingerprintDevice,
    LogClearance,
    QuarantinedPunch,
    RawPunch,
    SyncRun,
    SyncStatus,
)
from pembinaan.models import Inmate, Session
from pembinaan.services import PRESENT_STATUSES
from rutan import jobs, listing
from rutan.dates import query_date
from rutan.exports import XLSX_CONTENT_TYPE
from rutan.forms import add_service_error
from rutan.numbers import angka

HISTORY_PAGE_SIZE = 100  # rows of a session's change history and of the quarantine
SESSION_LIST_PAGE_SIZE = 50

# --- attendance ------------------------------------------------------------------------------


@login_required
@permission_required("absensi.view_attendance", raise_exception=True)
def session_list(request: HttpRequest) -> HttpResponse:
    """Sessions of a day (default today) and the week before, with attendance progress, a page
    at a time (a regional office holds 300+ sessions in those eight days)."""
    day = query_date(request.GET.get("tanggal")) or timezone.localdate()
    first = day - timedelta(days=7)
    sessions = services.sessions_with_progress(first, day)
    page = listing.paginate(request, sessions, per_page=SESSION_LIST_PAGE_SIZE)
    return render(
        request,
        "absensi/session_list.html",
        {"page": page, "sessions": page.object_list, "day": day, "first": first},
    )


_BUTTON_STYLE = {
    AttendanceStatus.PRESENT: "success",
    AttendanceStatus.LATE: "success",
    AttendanceStatus.OTHER: "secondary",
}


def _grid_context(request: HttpRequest, session: Session, form=None, select_form=None) -> dict:
    inmates = services.participants(session)
    participant_ids = {inmate.pk for inmate in inmates}
    attendances = {a.inmate_id: a for a in Attendance.objects.for_session(session)}
    extra = [a.inmate for a in attendances.values() if a.inmate_id not in participant_ids]
    rows_inmates = inmates + extra
    # Suspended participants (bon, sakit, izin…) without an entry are pre-marked absent.
    away = services.suspended_participants(session)
    if form is None:
        initial = {}
        for inmate_id, absence in away.items():
            initial[STATUS_FIELD.format(inmate_id)] = absence.status
            initial[NOTE_FIELD.format(inmate_id)] = absence.note
        for inmate_id, attendance in attendances.items():
            initial[STATUS_FIELD.format(inmate_id)] = attendance.status
            initial[NOTE_FIELD.format(inmate_id)] = attendance.note
            initial[SUB_FIELD.format(inmate_id)] = attendance.sub_reason
        form = AttendanceGridForm(inmates=rows_inmates, initial=initial)
    rows = []
    for inmate in rows_inmates:
        # Each bound field's value and ids are read once here, not once per radio button.
        status, note = form[STATUS_FIELD.format(inmate.pk)], form[NOTE_FIELD.format(inmate.pk)]
        sub = form[SUB_FIELD.format(inmate.pk)]
        rows.append(
            {
                "inmate": inmate,
                "attendance": attendances.get(inmate.pk),
                "away": away.get(inmate.pk),
                "status_name": status.html_name,
                "status_id": status.auto_id,
                "status_value": status.value(),
                "note_name": note.html_name,
                "note_value": note.value() or "",
                "note_errors": note.errors,
                "sub_name": sub.html_name,
                "sub_value": sub.value() or "",
                "sub_errors": sub.errors,
                "participant": inmate.pk in participant_ids,
            }
        )
    editable, reason = True, ""
    advance = services.is_advance(session)
    try:
        services.check_editable(
            session=session, by=request.user, statuses=ADVANCE_STATUSES if advance else None
        )
    except ValidationError as exc:
        editable, reason = False, " ".join(exc.messages)
    can_change = request.user.has_perm("absensi.change_attendance")
    counts = {s.value: 0 for s in AttendanceStatus}
    for attendance in attendances.values():
        counts[attendance.status] += 1
    return {
        "session": session,
        "form": form,
        "select_form": select_form or MarkSelectedForm(inmates=inmates),
        "rows": rows,
        "editable": editable and can_change,
        "lock_reason": reason,
        "statuses": AttendanceStatus.choices,
        "status_buttons": [
            (value, label, _BUTTON_STYLE.get(value, "warning"), value in ADVANCE_STATUSES)
            for value, label in AttendanceStatus.choices
        ],
        "absences": [(s.value, s.label) for s in ABSENCE_STATUSES],
        "sub_choices": SUB_CHOICES,
        "advance": advance,
        "away_count": sum(1 for pk in away if pk not in attendances),
        "summary": [(label, counts[value]) for value, label in AttendanceStatus.choices],
        "unrecorded": sum(1 for i in inmates if i.pk not in attendances),
        "window_closes": services.edit_window_closes(session),
        "locked": services.is_locked(session),
    }


def _session(pk: int) -> Session:
    return get_object_or_404(Session.objects.with_related(), pk=pk)


@login_required
@permission_required("absensi.view_attendance", raise_exception=True)
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance grid of one session (read-only when locked or without permission)."""
    session = _session(pk)
    return render(request, "absensi/session_attendance.html", _grid_context(request, session))


@login_required
@permission_required("absensi.change_attendance", raise_exception=True)
@require_POST
def session_attendance_save(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    inmates = services.participants(session)
    participant_ids = {inmate.pk for inmate in inmates}  # by id: no O(n²) list membership
    inmates += [
        a.inmate
        for a in Attendance.objects.for_session(session)
        if a.inmate_id not in participant_ids
    ]
    form = AttendanceGridForm(request.POST, inmates=inmates)
    if form.is_valid():
        entries = [services.Entry(*row) for row in form.entries()]
        try:
            changed = services.record_attendance(session=session, entries=entries, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Absensi disimpan ({changed} perubahan).")
            return redirect("absensi:session_attendance", pk=session.pk)
    else:
        messages.error(request, "Periksa isian yang ditandai.")
    context = _grid_context(request, session, form=form)
    return render(request, "absensi/session_attendance.html", context, status=400)


@login_required
@permission_required("absensi.change_attendance", raise_exception=True)
@require_POST
def session_mark_all(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    try:
        changed = services.mark_all_present(session=session, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{changed} WBP ditandai hadir.")
    return redirect("absensi:session_attendance", pk=session.pk)


@login_required
@permission_required("absensi.change_attendance", raise_exception=True)
@require_POST
def session_mark_selected(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    form = MarkSelectedForm(request.POST, inmates=services.participants(session))
    if form.is_valid():
        try:
            changed = services.mark_selected(
                session=session,
                inmate_ids=form.cleaned_data["inmate"],
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                sub_reason=form.cleaned_data["sub_reason"],
                by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            label = AttendanceStatus(form.cleaned_data["status"]).label
            messages.success(request, f"{changed} WBP ditandai {label}.")
    else:
        errors = [e for field in form.errors.values() for e in field]
        messages.error(request, " ".join(errors))
    return redirect("absensi:session_attendance", pk=session.pk)


@login_required
@permission_required("absensi.view_attendance", raise_exception=True)
def session_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change to the session's attendance (who, when, what)."""
    session = _session(pk)
    history = (
        Attendance.history.filter(session_id=session.pk)
        .select_related("history_user", "inmate", "recorded_by")
        .order_by("-history_date", "-history_id")
    )
    page = listing.paginate(request, history, per_page=HISTORY_PAGE_SIZE)
    return render(request, "absensi/session_history.html", {"session": session, "page": page})


# --- devices ---------------------------------------------------------------------------------


def _devices_with_last_run():
    last = SyncRun.objects.filter(device=OuterRef("pk")).finished().order_by("-created_at", "-id")
    devices = list(
        FingerprintDevice.objects.select_related("venue").annotate(
            last_run_id=Subquery(last.values("pk")[:1])
        )
    )
    runs = SyncRun.objects.in_bulk([d.last_run_id for d in devices if d.last_run_id])
    for device in devices:
        device.last_run = runs.get(device.last_run_id)
    return devices


@login_required
@permission_required("absensi.view_fingerprintdevice", raise_exception=True)
def device_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "absensi/device_list.html",
        {
            "devices": _devices_with_last_run(),
            "unmatched": services.unmatched_pins().count(),
            "quarantined": QuarantinedPunch.objects.count(),
        },
    )


@login_required
@permission_required("absensi.view_fingerprintdevice", raise_exception=True)
def device_detail(request: HttpRequest, pk: int) -> HttpResponse:
    device = get_object_or_404(FingerprintDevice.objects.select_related("venue"), pk=pk)
    runs = list(device.sync_runs.select_related("requested_by")[:15])
    active = next((r for r in runs if r.is_active), None)
    clearable, clear_reason = None, ""
    try:
        clearable = services.check_clearable(device)
    except ValidationError as exc:
        clear_reason = " ".join(exc.messages)
    context = {
        "device": device,
        "runs": runs,
        "active_run": active,
        "last_run": next((r for r in runs if not r.is_active), None),
        "clearable": clearable,
        "clear_reason": clear_reason,
        "clearances": LogClearance.objects.filter(device=device).select_related("cleared_by")[:5],
        "punch_count": device.punches.count(),
        "quarantine_count": device.quarantined_punches.count(),
        "history": device.history.select_related("history_user")[:10],
    }
    return render(request, "absensi/device_detail.html", context)


@login_required
@permission_required("absensi.add_fingerprintdevice", raise_exception=True)
def device_create(request: HttpRequest) -> HttpResponse:
    form = DeviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.save_device(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Mesin {device} didaftarkan.")
            return redirect("absensi:device_detail", pk=device.pk)
    return render(request, "absensi/device_form.html", {"form": form, "device": None})


@login_required
@permission_required("absensi.change_fingerprintdevice", raise_exception=True)
def device_edit(request: HttpRequest, pk: int) -> HttpResponse:
    device = get_object_or_404(FingerprintDevice, pk=pk)
    form = DeviceForm(request.POST or None, instance=device)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_device(device=device, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Mesin {device} disimpan.")
            return redirect("absensi:device_detail", pk=device.pk)
    return render(request, "absensi/device_form.html", {"form": form, "device": device})


@login_required
@permission_required("absensi.sync_fingerprintdevice", raise_exception=True)
@require_POST
def device_sync(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Sinkronkan sekarang": queue a background sync; the page polls its progress."""
    device = get_object_or_404(FingerprintDevice, pk=pk)
    try:
        run = services.request_sync(device=device, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("absensi:device_detail", pk=device.pk)
    if request.headers.get("HX-Request"):
        return render(request, "absensi/_sync_status.html", {"run": run})
    messages.info(request, "Sinkronisasi dimasukkan ke antrean; hasilnya tampil di halaman ini.")
    return redirect("absensi:device_detail", pk=device.pk)


@login_required
@permission_required("absensi.view_syncrun", raise_exception=True)
def sync_run_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress/result of one run (polled every 2 s by htmx while it is active). Polled from
    the device page (`?muat_ulang=1`), an ended run answers `HX-Refresh` so the page reloads
    once with the new counts and run table."""
    run = get_object_or_404(SyncRun.objects.select_related("device", "requested_by"), pk=pk)
    response = render(request, "absensi/_sync_status.html", {"run": run})
    if request.headers.get("HX-Request") and request.GET.get("muat_ulang") and not run.is_active:
        response["HX-Refresh"] = "true"
    return response


@login_required
@permission_required("absensi.clear_fingerprintdevice_log", raise_exception=True)
def device_clear_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    device = get_object_or_404(FingerprintDevice, pk=pk)
    run, reason = None, ""
    try:
        run = services.check_clearable(device)
    except ValidationError as exc:
        reason = " ".join(exc.messages)
    context = {"device": device, "run": run, "reason": reason}
    return render(request, "absensi/device_clear_confirm.html", context)


@login_required
@permission_required("absensi.clear_fingerprintdevice_log", raise_exception=True)
@require_POST
def device_clear_log(request: HttpRequest, pk: int) -> HttpResponse:
    device = get_object_or_404(FingerprintDevice, pk=pk)
    if request.POST.get("konfirmasi") != device.name:
        messages.error(request, "Ketik nama mesin persis untuk mengonfirmasi penghapusan log.")
        return redirect("absensi:device_clear_confirm", pk=device.pk)
    try:
        clearance = services.clear_device_log(device=device, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("absensi:device_detail", pk=device.pk)
    messages.success(
        request,
        f"Log mesin dihapus ({angka(clearance.record_count)} catatan). "
        "Data di sistem tidak berubah.",
    )
    return redirect("absensi:device_detail", pk=device.pk)


# --- unknown PINs and quarantine -------------------------------------------------------------


UNKNOWN_PINS_SHOWN = 500


@login_required
@permission_required("absensi.view_rawpunch", raise_exception=True)
def unknown_pins(request: HttpRequest) -> HttpResponse:
    """Device PINs whose punches match no inmate, with the names enrolled on the devices; each
    can be mapped to any inmate still held (one shared list of inmates to pick from)."""
    pins = list(services.unmatched_pins()[:UNKNOWN_PINS_SHOWN])
    names: dict[str, set[str]] = {}
    for pin, name in DeviceEnrollment.objects.filter(
        device_user_id__in=[p["device_user_id"] for p in pins]
    ).values_list("device_user_id", "name"):
        if name:
            names.setdefault(pin, set()).add(name)
    for row in pins:
        row["names"] = ", ".join(sorted(names.get(row["device_user_id"], ())))
    can_map = request.user.has_perm("absensi.map_device_pin")
    inmates = (
        Inmate.objects.filter(status__in=PRESENT_STATUSES)
        .order_by("name", "registration_number")
        .values("registration_number", "name", "block", "cell", "device_pin")
        if can_map and pins
        else []
    )
    return render(
        request,
        "absensi/unknown_pins.html",
        {
            "pins": pins,
            "counts": services.unmatched_counts(),
            "shown_limit": UNKNOWN_PINS_SHOWN,
            "inmates": inmates,
            "can_map": can_map,
        },
    )


@login_required
@permission_required("absensi.map_device_pin", raise_exception=True)
@require_POST
def map_pin(request: HttpRequest) -> HttpResponse:
    """Map an unknown PIN to an inmate. An inmate who already has a PIN gets a confirmation
    page first (their old PIN stops counting; history keeps it)."""
    form = MapPinForm(request.POST)
    if not form.is_valid():
        errors = [e for field in form.errors.values() for e in field]
        messages.error(request, " ".join(errors))
        return redirect("absensi:unknown_pins")
    pin, inmate = form.cleaned_data["pin"], form.cleaned_data["inmate"]
    try:
        created = services.map_device_pin(
            pin=pin, inmate=inmate, by=request.user, confirm_replace=form.cleaned_data["confirm"]
        )
    except ValidationError as exc:
        if any(e.code == "confirm_replace" for e in exc.error_list):
            punches = RawPunch.objects.filter(device_user_id=inmate.device_pin).count()
            context = {"pin": pin, "inmate": inmate, "old_pin_punches": punches}
            return render(request, "absensi/map_pin_confirm.html", context)
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"PIN {pin} dipetakan ke {inmate}; {created} kehadiran tercatat dari sidik jari.",
        )
    return redirect("absensi:unknown_pins")


@login_required
@permission_required("absensi.view_quarantinedpunch", raise_exception=True)
def quarantine(request: HttpRequest) -> HttpResponse:
    records = QuarantinedPunch.objects.select_related("device").order_by("-created_at", "-id")
    device_id = request.GET.get("mesin")
    if device_id and device_id.isdigit():
        records = records.filter(device_id=device_id)
    page = listing.paginate(request, records, per_page=HISTORY_PAGE_SIZE)
    return render(
        request,
        "absensi/quarantine.html",
        {
            "page": page,
            "devices": FingerprintDevice.objects.all(),
            "device_id": device_id,
            "max_age_days": settings.FINGERPRINT_MAX_PUNCH_AGE_DAYS,
        },
    )


# --- export for SDP --------------------------------------------------------------------------


@login_required
@permission_required("absensi.view_attendance", raise_exception=True)
@require_http_methods(["GET", "POST"])
def attendance_export(request: HttpRequest) -> HttpResponse:
    """Attendance of a period as CSV/XLSX for SDP (docs/absensi.md has the layout).

    GET with a period: up to JOBS_INLINE_EXPORT_ROWS entries the file comes at once; a larger
    one offers to prepare it in the background (POST queues a job; its page shows the progress
    and the download link).
    """
    data = request.POST if request.method == "POST" else request.GET
    form = AttendanceExportForm(data if "mulai" in data else None)
    if not form.is_valid():
        return render(request, "absensi/attendance_export.html", {"form": form})
    first, last = form.cleaned_data["mulai"], form.cleaned_data["sampai"]
    file_format = form.cleaned_data["format"]
    if request.method == "POST":
        job = jobs.queue_job(
            owner=request.user,
            kind=ajobs.KIND_EXPORT,
            title=f"Ekspor absensi {first:%d-%m-%Y} s.d. {last:%d-%m-%Y} ({file_format.upper()})",
            params={"first": first.isoformat(), "last": last.isoformat(), "format": file_format},
        )
        return redirect("job_detail", pk=job.pk)
    count = ajobs.attendance_rows(first=first, last=last).count()
    if count > settings.JOBS_INLINE_EXPORT_ROWS:
        context = {"form": form, "count": count, "large": True}
        return render(request, "absensi/attendance_export.html", context)
    filename, content = ajobs.export_file(first=first, last=last, file_format=file_format)
    content_type = "text/csv; charset=utf-8" if file_format == "csv" else XLSX_CONTENT_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- dashboard -------------------------------------------------------------------------------


def sync_queue_panel(request: HttpRequest) -> str | None:
    """Admins (who keep the device registry) are alerted when syncs wait in the queue longer
    than FINGERPRINT_QUEUE_STALE_MINUTES: the task worker is not running."""
    if not request.user.has_perm("absensi.change_fingerprintdevice"):
        return None
    minutes = settings.FINGERPRINT_QUEUE_STALE_MINUTES
    waiting = list(
        SyncRun.objects.filter(
            status=SyncStatus.QUEUED, created_at__lt=timezone.now() - timedelta(minutes=minutes)
        )
        .select_related("device")
        .order_by("created_at")[:10]
    )
    if not waiting:
        return None
    return render_to_string(
        "absensi/_sync_queue_panel.html", {"waiting": waiting, "minutes": minutes}
    )


def devices_panel(request: HttpRequest) -> str | None:
    """Each device's last sync, its result, clock-offset and capacity warnings."""
    if not request.user.has_perm("absensi.view_fingerprintdevice"):
        return None
    devices = _devices_with_last_run()
    context = {
        "devices": devices,
        # No device, no punches: spare the dashboard a query.
        "unmatched": services.unmatched_counts() if devices else None,
        "clock_limit": settings.FINGERPRINT_CLOCK_WARNING_SECONDS,
        "capacity_limit": settings.FINGERPRINT_CAPACITY_WARNING_PERCENT,
    }
    # Rendered without the request: the panel needs no context processor (no extra queries).
    return render_to_string("absensi/_devices_panel.html", context)
