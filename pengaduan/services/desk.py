"""Desk tools of the complaint unit: reply templates filled per complaint, and merging a
duplicate into its main complaint."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import dateformat, timezone

from pengaduan import notifications
from pengaduan.models import (
    TERMINAL_STATES,
    Action,
    Complaint,
    IdentityMode,
    ReplyTemplate,
    Status,
    template_placeholders,
)
from pengaduan.services.state_machine import (
    authorise,
    enter_status,
    record_event,
    required_text,
    validate_fields,
)
from rutan.models import User

# How a reply addresses a complainant whose name may not be used.
NO_NAME = "Bapak/Ibu Pelapor"


def _date(value) -> str:
    return dateformat.format(value, "j F Y") if value else "-"


def complainant_name(complaint: Complaint) -> str:
    """The name a reply may use: only a complainant who gave their identity openly; never a
    rahasia or anonymous one, nor one whose identity was erased after retention."""
    if (
        complaint.identity_mode != IdentityMode.IDENTIFIED
        or getattr(complaint, "identity_masked", False)
        or complaint.identity_purged_at
        or not complaint.reporter_name.strip()
    ):
        return NO_NAME
    return complaint.reporter_name.strip()


def placeholder_values(complaint: Complaint) -> dict[str, str]:
    return {
        "nomor": complaint.number,
        "nama": complainant_name(complaint),
        "tanggal": _date(timezone.localtime(complaint.received_at).date()),
        "tenggat": _date(complaint.due_date),
        "layanan": complaint.service.name,
        "hari_ini": _date(timezone.localdate()),
    }


def fill_template(template: ReplyTemplate, complaint: Complaint) -> str:
    """The template's body with its placeholders filled for `complaint` (ready to edit).

    A body an admin saved with an unknown or broken placeholder is returned as written, so a
    draft is never refused for it."""
    if template_placeholders(template.body) is None:
        return template.body
    values = placeholder_values(complaint)
    return template.body.format_map(_Keep(values))


class _Keep(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def filled_templates(complaint: Complaint) -> list[dict]:
    """The active templates, filled for `complaint`: [{"id", "name", "text"}]."""
    return [
        {"id": t.pk, "name": t.name, "text": fill_template(t, complaint)}
        for t in ReplyTemplate.objects.filter(active=True)
    ]


# --- Merging duplicates ----------------------------------------------------------------------


def merge_complaint(*, duplicate: Complaint, main: Complaint, by: User, reason: str) -> Complaint:
    """Close `duplicate` as a duplicate of `main` (status DIGABUNG, linked to it).

    Each complainant keeps tracking with their own number and code; the duplicate's tracking
    page shows the main complaint's published reply (`pengaduan.privacy.public_tracking`).
    Refused: merging a complaint into itself, into a closed or merged one, and chains (a
    complaint that already has duplicates cannot itself become one). Both timelines record it.
    """
    reason = required_text(reason, "Alasan penggabungan wajib diisi.")
    if duplicate.pk == main.pk:
        raise ValidationError("Pengaduan tidak dapat digabungkan dengan dirinya sendiri.")
    with transaction.atomic():
        # Both rows locked, always in the same order (no deadlock between two merges).
        locked = {
            c.pk: c
            for c in Complaint.objects.select_for_update()
            .select_related("service")
            .filter(pk__in=[duplicate.pk, main.pk])
            .order_by("pk")
        }
        dup, head = locked[duplicate.pk], locked[main.pk]
        role = authorise(Action.MERGED, dup, by)
        if head.status in TERMINAL_STATES or head.merged_into_id:
            raise ValidationError(
                f"Pengaduan induk {head.number} sudah ditutup "
                f"(“{head.get_status_display()}”); pilih pengaduan yang masih berjalan."
            )
        if Complaint.objects.filter(merged_into=dup).exists():
            raise ValidationError(
                f"Pengaduan {dup.number} sudah menjadi induk pengaduan lain dan tidak dapat "
                "digabungkan lagi."
            )
        now = timezone.now()
        from_status, old_due, started = dup.status, dup.due_date, dup.status_since
        dup.merged_into = head
        dup.outcome_reason = reason
        enter_status(dup, Status.DIGABUNG, now)
        validate_fields(dup)
        dup.save()
        record_event(
            dup,
            action=Action.MERGED,
            from_status=from_status,
            old_due=old_due,
            by=by,
            role=role,
            note=f"Digabung ke pengaduan {head.number}: {reason}",
            step_started_at=started,
        )
        record_event(
            head,
            action=Action.DUPLICATE_ATTACHED,
            from_status=head.status,
            old_due=None,
            by=by,
            role=role,
            note=f"Pengaduan {dup.number} digabungkan ke pengaduan ini: {reason}",
        )
        notifications.complaint_merged(dup)
    return dup
