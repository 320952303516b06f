"""Sessions: list, detail, start/finish/cancel, call-out list, results, photos, and the
dashboard panels of sessions and plan decisions."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Subquery
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from pembinaan import forms as pforms
from pembinaan import services
from pembinaan.models import (
    PREDICATE_SCALE,
    Allocation,
    AllocationSuspension,
    Predicate,
    Program,
    Session,
    SessionPhoto,
    SessionResult,
    SuspensionReason,
    Venue,
    WorkPlan,
    cell_order,
    predicate_range,
)
from pembinaan.views.common import error_messages
from rutan import listing
from rutan.forms import add_service_error

# --- Sessions --------------------------------------------------------------------------------


# Sort keys of the session list within a day (?urut=...) -> fields; each ends with a unique one.
SESSION_SORTS = {
    "waktu": ("planned_start", "pk"),
    "program": ("program__name", "planned_start", "pk"),
    "tempat": ("venue__name", "planned_start", "pk"),
    "status": ("status", "planned_start", "pk"),
}


# The columns a schedule row shows (`pembinaan/templatetags/session_rows.py`).
SCHEDULE_COLUMNS = (
    "date",
    "planned_start",
    "planned_end",
    "status",
    "overran",
    "start_off_time",
    "too_short",
    "program__name",
    "program__art_form__name",
    "venue__name",
)


@login_required
@permission_required("pembinaan.view_session", raise_exception=True)
def session_list(request: HttpRequest) -> HttpResponse:
    """Today's sessions (or a day's), or a week view; filter by program and venue."""
    form = pforms.SessionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    day = data.get("tanggal") or timezone.localdate()
    week = data.get("tampilan") == "minggu"
    first = day - timedelta(days=day.weekday()) if week else day
    last = first + timedelta(days=6) if week else day
    # What the rows show (`{% schedule_rows %}`), no more: the week holds ~300 sessions, and
    # a program row has a JSON column that would be decoded for each of them.
    sessions = (
        Session.objects.select_related("program__art_form", "venue")
        .only(*SCHEDULE_COLUMNS)
        .with_participant_count()
        .between(first, last)
    )
    if data.get("program"):
        sessions = sessions.filter(program=data["program"])
    if data.get("tempat"):
        sessions = sessions.filter(venue=data["tempat"])
    sessions, sorting = listing.sort(request, sessions, SESSION_SORTS, default="waktu")
    sessions = list(sessions)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    by_day = [(d, [s for s in sessions if s.date == d]) for d in days]
    step = timedelta(days=7 if week else 1)
    return render(
        request,
        "pembinaan/session_list.html",
        {
            "programs": Program.objects.order_by("name").values_list("pk", "name"),
            "venues": Venue.objects.values_list("pk", "name"),
            "selected_program": getattr(data.get("program"), "pk", None),
            "selected_venue": getattr(data.get("tempat"), "pk", None),
            "by_day": by_day,
            "day": day,
            "week": week,
            "previous": day - step,
            "next": day + step,
            "today": timezone.localdate(),
            "sorting": sorting,
        },
    )


def _session(pk: int) -> Session:
    return get_object_or_404(Session.objects.with_related().select_related("revision"), pk=pk)


@login_required
@permission_required("pembinaan.view_session", raise_exception=True)
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    # Each participant with the suspension covering the session's date, if any (bon, sakit…):
    # the same rule as the call-out list and the attendance grid.
    participants = _with_suspension(session.participants(), session.date)
    results = {r.inmate_id: r for r in session.participant_results.all()}
    marks = services.attendance_marks(session_ids=[session.pk])
    rows = [
        (a, results.get(a.inmate_id), marks.get((session.pk, a.inmate_id))) for a in participants
    ]
    recorded = [m for _a, _r, m in rows if m is not None]
    result = SessionResult.objects.filter(session=session).select_related("recorded_by").first()
    return render(
        request,
        "pembinaan/session_detail.html",
        {
            "session": session,
            "rows": rows,
            "attendance": {
                "attended": sum(1 for m in recorded if m.attended),
                "absent": sum(1 for m in recorded if not m.attended),
                "unrecorded": len(rows) - len(recorded),
                "suspended": sum(1 for a in participants if a.suspension_reason),
            },
            # Times can be recorded once the slot has begun (not for a session still ahead).
            "times_editable": session.planned_start <= timezone.now()
            and services.times_editable(session=session, by=request.user),
            "is_past": session.date < timezone.localdate(),
            "times_deadline": services.times_deadline(session),
            "result": result,
            "photos": session.photos.all(),
            "cancel_form": pforms.CancelSessionForm(),
            "photo_form": pforms.PhotoForm(),
            "results_editable": services.results_editable(session=session, by=request.user),
            "result_deadline": services.result_deadline(session),
            "is_today": session.date == timezone.localdate(),
        },
    )


def _session_action(request: HttpRequest, pk: int, action, success: str, **extra) -> HttpResponse:
    session = get_object_or_404(Session, pk=pk)
    try:
        action(session=session, by=request.user, **extra)
        messages.success(request, success)
    except ValidationError as exc:
        error_messages(request, exc)
    return redirect("pembinaan:session_detail", pk=session.pk)


@login_required
@permission_required("pembinaan.change_session", raise_exception=True)
@require_POST
def session_start(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_action(request, pk, services.start_session, "Sesi dimulai.")


@login_required
@permission_required("pembinaan.change_session", raise_exception=True)
@require_POST
def session_finish(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_action(request, pk, services.finish_session, "Sesi selesai.")


@login_required
@permission_required("pembinaan.change_session", raise_exception=True)
@require_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    form = pforms.CancelSessionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pilih alasan pembatalan.")
        return redirect("pembinaan:session_detail", pk=get_object_or_404(Session, pk=pk).pk)
    return _session_action(
        request,
        pk,
        services.cancel_session,
        "Sesi dibatalkan.",
        reason=form.cleaned_data["reason"],
        note=form.cleaned_data["note"],
    )


@login_required
@permission_required("pembinaan.change_session", raise_exception=True)
@require_POST
def session_uncancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_action(request, pk, services.uncancel_session, "Pembatalan sesi dicabut.")


def _with_suspension(allocations, day: date) -> list[Allocation]:
    """`allocations` (a queryset), each with the suspension covering `day` if any:
    `suspension_reason` (empty when not suspended), `suspension_label` and `suspension_note`.
    The latest-starting suspension wins, as on the attendance grid. One query."""
    covering = AllocationSuspension.objects.covering(day, outer=True).order_by("-start_date", "-pk")
    rows = list(
        allocations.annotate(
            suspension_reason=Subquery(covering.values("reason")[:1]),
            suspension_note=Subquery(covering.values("note")[:1]),
        )
    )
    labels = dict(SuspensionReason.choices)
    for row in rows:
        row.suspension_reason = row.suspension_reason or ""
        row.suspension_label = labels.get(row.suspension_reason, "")
    return rows


def _suspended(allocations, day: date) -> list[Allocation]:
    """The suspended ones of `allocations` on `day`, each with `suspension_reason`,
    `suspension_label` and `suspension_note`: one query."""
    return _with_suspension(
        allocations.suspended_on(day)
        .select_related("inmate", "program")
        .order_by(*cell_order("inmate__"), "program__name"),
        day,
    )


@login_required
@permission_required("pembinaan.record_session_times", raise_exception=True)
def session_times(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a held session's actual start and end after the fact, or correct them."""
    session = get_object_or_404(
        Session.objects.with_related().select_related("times_recorded_by"), pk=pk
    )
    if request.method == "POST":
        form = pforms.SessionTimesForm(request.POST, day=session.date)
        if form.is_valid():
            try:
                services.record_session_times(
                    session=session,
                    by=request.user,
                    start=form.cleaned_data["start"],
                    end=form.cleaned_data["end"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, "Waktu pelaksanaan sesi dicatat.")
                return redirect("pembinaan:session_detail", pk=session.pk)
    else:
        form = pforms.SessionTimesForm(
            initial=pforms.SessionTimesForm.initial_for(session), day=session.date
        )
    corrections = (
        session.history.filter(history_change_reason__gt="")
        .select_related("history_user")
        .order_by("-history_date")[:20]
    )
    return render(
        request,
        "pembinaan/session_times.html",
        {
            "session": session,
            "form": form,
            "editable": services.times_editable(session=session, by=request.user),
            "deadline": services.times_deadline(session),
            "corrections": corrections,
            "tolerance": settings.SESSION_START_TOLERANCE_MINUTES,
            "minimum": settings.SESSION_MIN_MINUTES,
        },
    )


@login_required
@permission_required("pembinaan.view_session", raise_exception=True)
def session_callout(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable call-out list (daftar panggil) of a session, grouped by block and cell in
    natural order; suspended participants (bon, sakit, izin…) are listed apart, not called."""
    session = _session(pk)
    participants = session.participants()
    return render(
        request,
        "pembinaan/session_callout.html",
        {
            "session": session,
            "participants": list(participants.not_suspended_on(session.date)),
            "suspended": _suspended(participants, session.date),
        },
    )


@login_required
@permission_required("pembinaan.view_session", raise_exception=True)
def day_callout(request: HttpRequest) -> HttpResponse:
    """The day's call-out list across all programs for the officers who unlock the cells:
    one line per inmate, by block and cell in natural order, with their sessions of the day.
    Suspended participants are listed apart. Three queries whatever the number of rows."""
    form = pforms.DayCalloutForm(request.GET or None)
    day = (form.cleaned_data.get("tanggal") if form.is_valid() else None) or timezone.localdate()
    sessions = list(
        Session.objects.with_related().on_date(day).not_cancelled().order_by("planned_start")
    )
    by_program: dict[int, list[Session]] = {}
    for session in sessions:
        by_program.setdefault(session.program_id, []).append(session)
    allocations = Allocation.objects.filter(program_id__in=by_program).active_on(day)
    lines: dict[int, dict] = {}
    for allocation in (
        allocations.not_suspended_on(day)
        .select_related("inmate")
        .order_by(*cell_order("inmate__"), "pk")
    ):
        line = lines.setdefault(allocation.inmate_id, {"inmate": allocation.inmate, "sessions": []})
        line["sessions"].extend(by_program[allocation.program_id])
    for line in lines.values():
        line["sessions"].sort(key=lambda s: (s.planned_start, s.program.name))
        line["first"] = line["sessions"][0].planned_start
    return render(
        request,
        "pembinaan/day_callout.html",
        {
            "form": form,
            "day": day,
            "sessions": sessions,
            "lines": list(lines.values()),
            "suspended": _suspended(allocations, day),
        },
    )


# --- Results ---------------------------------------------------------------------------------


@login_required
@permission_required("pembinaan.change_sessionresult", raise_exception=True)
def session_results(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the session's result and each participant's score/predikat/behaviour note."""
    session = _session(pk)
    if not services.results_editable(session=session, by=request.user):
        messages.error(
            request,
            "Hasil hanya dapat dicatat untuk sesi yang sudah selesai dan dalam batas waktu "
            "perubahan.",
        )
        return redirect("pembinaan:session_detail", pk=session.pk)
    participants = _with_suspension(session.participants(), session.date)
    existing = {r.inmate_id: r for r in session.participant_results.all()}
    marks = services.attendance_marks(session_ids=[session.pk])
    result = SessionResult.objects.filter(session=session).first()
    if request.method == "POST":
        form = pforms.SessionResultForm(request.POST)
        formset = pforms.ParticipantResultFormSet(request.POST, prefix="peserta")
        if form.is_valid() and formset.is_valid():
            try:
                with transaction.atomic():
                    services.save_session_result(
                        session=session, by=request.user, **form.cleaned_data
                    )
                    services.save_participant_results(
                        session=session,
                        by=request.user,
                        rows=[f.cleaned_data for f in formset.forms if f.cleaned_data],
                    )
                messages.success(request, "Hasil sesi disimpan.")
                return redirect("pembinaan:session_detail", pk=session.pk)
            except ValidationError as exc:
                add_service_error(form, exc)
    else:
        form = pforms.SessionResultForm(
            initial={"summary": result.summary, "material": result.material, "notes": result.notes}
            if result
            else None
        )
        formset = pforms.ParticipantResultFormSet(
            prefix="peserta",
            initial=[
                {
                    "inmate": a.inmate_id,
                    "score": getattr(existing.get(a.inmate_id), "score", None),
                    "predicate": getattr(existing.get(a.inmate_id), "predicate", ""),
                    "behaviour_note": getattr(existing.get(a.inmate_id), "behaviour_note", ""),
                }
                for a in participants
            ],
        )
    names = {a.inmate_id: a.inmate for a in participants}
    away = {a.inmate_id: a.suspension_label for a in participants if a.suspension_reason}
    rows = []
    for f in formset:
        inmate_id = f.initial.get("inmate") or _int(f["inmate"].value())
        mark = marks.get((session.pk, inmate_id))
        suspended = away.get(inmate_id, "") if mark is None else ""
        if (mark is not None and not mark.attended) or suspended:
            # Recorded absent, or suspended and not recorded: no score or predikat (the
            # service refuses them too).
            f.fields["score"].disabled = f.fields["predicate"].disabled = True
        rows.append((names.get(inmate_id), f, mark, suspended))
    return render(
        request,
        "pembinaan/session_results.html",
        {
            "session": session,
            "form": form,
            "formset": formset,
            "rows": rows,
            "scale": [(Predicate(p).label, p, *predicate_range(p)) for _low, p in PREDICATE_SCALE],
        },
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@permission_required("pembinaan.add_sessionphoto", raise_exception=True)
@require_POST
def session_photo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session, pk=pk)
    form = pforms.PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_session_photo(
                session=session,
                by=request.user,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
            messages.success(request, "Foto diunggah.")
        except ValidationError as exc:
            error_messages(request, exc)
    else:
        messages.error(request, "Pilih berkas foto.")
    return redirect("pembinaan:session_detail", pk=session.pk)


@login_required
@permission_required("pembinaan.view_sessionphoto", raise_exception=True)
def session_photo(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a private photo to logged-in staff with the permission (never a public URL)."""
    photo = get_object_or_404(SessionPhoto, pk=pk)
    try:
        handle = photo.image.storage.open(photo.image.name, "rb")
    except FileNotFoundError as exc:
        raise Http404("Berkas foto tidak ditemukan.") from exc
    response = FileResponse(handle, content_type=photo.content_type)
    response["Content-Disposition"] = f'inline; filename="foto-sesi-{photo.pk}"'
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@permission_required("pembinaan.delete_sessionphoto", raise_exception=True)
@require_POST
def session_photo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    photo = get_object_or_404(SessionPhoto.objects.select_related("session"), pk=pk)
    try:
        services.delete_session_photo(photo=photo, by=request.user)
        messages.success(request, "Foto dihapus.")
    except ValidationError as exc:
        error_messages(request, exc)
    return redirect("pembinaan:session_detail", pk=photo.session_id)


# --- Dashboard panels ------------------------------------------------------------------------


def sessions_panel(request: HttpRequest) -> str | None:
    """Petugas: today's sessions and the plans returned for revision."""
    user = request.user
    if not user.has_perm("pembinaan.change_session"):
        return None
    today = timezone.localdate()
    sessions = list(
        Session.objects.select_related("program__art_form", "venue")
        .only(*SCHEDULE_COLUMNS)
        .with_participant_count()
        .on_date(today)
        .order_by("planned_start")
    )
    returned = (
        WorkPlan.objects.returned().with_related().order_by("-latest_revision__decided_at")[:10]
        if user.has_perm("pembinaan.change_workplan")
        else []
    )
    return render_to_string(
        "pembinaan/_sessions_panel.html",
        {"sessions": sessions, "returned": returned, "today": today},
        request=request,
    )


def plan_decisions_panel(request: HttpRequest) -> str | None:
    """Kepala UPT: work plans awaiting a decision."""
    if not request.user.has_perm("pembinaan.approve_workplan"):
        return None
    plans = (
        WorkPlan.objects.awaiting_approval()
        .with_related()
        .order_by("latest_revision__submitted_at")
    )
    return render_to_string(
        "pembinaan/_plan_decisions_panel.html", {"plans": plans}, request=request
    )
